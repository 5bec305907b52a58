"""``zhidu import roster``: member files from the roster spreadsheet a branch already keeps.

A plan first, files after: :func:`plan_roster_import` reads every sheet and row and returns the
member files it would write (their full text) and every row it cannot use, located by sheet, row
and column. The CLI shows the plan (``--dry-run`` stops there) and writes only the rows that were
read completely; a row with any unreadable cell gets nothing written.

**Columns** are found by a header row in Chinese (the first of a sheet's first ten rows that names
a 姓名 column; spaces and a trailing unit such as "（元）" are ignored) or by ``--map``
(``出生年月=born`` or ``C=born``: a header text or a column letter, then a field key or its Chinese
header). The fields and the headers recognised:

=================== ==========================================================
field               headers
=================== ==========================================================
id                  编号、成员编号 (optional: else generated from the name)
name                姓名、党员姓名 (required)
gender              性别 (男 / 女)
born                出生日期、出生年月日、生日
ethnicity           民族
education           学历、文化程度
occupation          职业/工作单位、职业、工作单位、单位
occupation_category 职业类别 (工人、专业技术人员、离退休人员 …)
admitted            入党时间、入党日期 (the general assembly's acceptance: ``admitted`` event)
approved            审批时间、批准时间 (the upper committee's approval: ``approved`` event)
full                转正时间、转正日期 (``full`` event)
status              身份、党员身份 (正式党员 / 预备党员: checked against the dates)
group               党小组、所在党小组 (the group's id or name in zhidu.yaml)
category            党费类别、缴费类别
phone               手机号、手机、联系电话、电话 (private)
id_number           身份证号、身份证号码、公民身份号码 (private)
address             住址、家庭住址 (private)
note                备注
=================== ==========================================================

Other columns are ignored and named once (序号 and 职务 too: a role needs its dates). A file that
cannot be used at all (no header, a bad ``--map``) raises the dues importer's
:class:`~zhidu_cli.dues.importer.ImportFileError` (exit 2).

**History** is what the dates say and no more: ``admitted`` / ``approved`` / ``full`` events at the
dates given. A full member needs 转正时间; a probationary one 入党时间 and 审批时间. A row with
only 入党时间 cannot say which the person is, so it is reported, not guessed.

**Ids** are the name in pinyin (``张建华`` → ``zhang-jianhua``, compound surnames kept together:
``欧阳建国`` → ``ouyang-jianguo``) when ``pypinyin`` is installed (``pip install 'zhidu-cli[pinyin]'``),
else a stable ``m-`` plus eight hexadecimal digits of the name's SHA-1. An id already used by a
member file or an earlier row gets ``-2``, ``-3`` …. A row naming a person already on file (same
name, and same birth date where both are known) is skipped: nothing is overwritten.

**Cells**: dates as real Excel dates or text ``1956-09-14``, ``1956/9/14``, ``1956.9.14``,
``1956年9月14日``, ``19560914`` (text or number); a date with only year and month is refused (no
day to guess). An ID number Excel stored as a number has lost its last digits and is refused with
how to fix it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from zhidu_cli.dues.importer import ImportFileError, parse_date
from zhidu_cli.exchange.sheets import RawTable, column_letter
from zhidu_cli.model import vocab as V
from zhidu_cli.model.build import build
from zhidu_cli.model.fields import Invalid, YEARS
from zhidu_cli.model.records import Member
from zhidu_cli.records.yaml_loader import load_yaml

HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("编号", "成员编号", "id"),
    "name": ("姓名", "党员姓名", "name"),
    "gender": ("性别", "gender"),
    "born": ("出生日期", "出生年月日", "生日", "出生年月", "born"),
    "ethnicity": ("民族", "ethnicity"),
    "education": ("学历", "文化程度", "education"),
    "occupation": ("职业/工作单位", "职业", "工作单位", "单位", "职业或工作单位", "occupation"),
    "occupation_category": ("职业类别", "occupation_category"),
    "admitted": ("入党时间", "入党日期", "admitted"),
    "approved": ("审批时间", "批准时间", "上级审批时间", "approved"),
    "full": ("转正时间", "转正日期", "full"),
    "status": ("身份", "党员身份", "status"),
    "group": ("党小组", "所在党小组", "group"),
    "category": ("党费类别", "缴费类别", "category", "dues_category"),
    "phone": ("手机号", "手机", "联系电话", "电话", "phone"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "id_number"),
    "address": ("住址", "家庭住址", "address"),
    "note": ("备注", "note"),
}
FIELD_ZH = {key: names[0] for key, names in HEADERS.items()}
_HEADER_OF = {re.sub(r"\s+", "", alias).casefold(): key for key, aliases in HEADERS.items() for alias in aliases}
_UNIT = re.compile(r"[（(][^）)]*[)）]$")
_LETTERS = re.compile(r"[A-Z]{1,3}")
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_ID_NUMBER = re.compile(r"\d{17}[\dX]|\d{15}")
_YEAR_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文",
                     "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "澹台", "申屠")
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class RowIssue:
    """Something about one row (or one cell of it): an error, a skip or a warning."""

    sheet: str
    row: int
    column: str                  # the column letter, "" for the row as a whole
    header: str                  # what the column is called in the file
    zh: str
    en: str

    def where(self, lang: str) -> str:
        cell = f"{self.column}{self.row}"
        label = f"（{self.header}）" if self.header else ""
        if lang == "en":
            sheet = f"sheet {self.sheet}, " if self.sheet else ""
            column = f", column {self.column}" + (f" ({self.header})" if self.header else "") if self.column else ""
            return f"{sheet}row {self.row}{column}"
        sheet = f"工作表「{self.sheet}」" if self.sheet else ""
        column = f"{self.column} 列{label}" if self.column else ""
        return f"{sheet}第 {self.row} 行" + (f" {column}" if column else "") + (f" [{cell}]" if self.column else "")

    def text(self, lang: str) -> str:
        return f"{self.where(lang)}: {self.en if lang == 'en' else self.zh}"


@dataclass(frozen=True)
class NewMember:
    id: str
    name: str
    text: str                    # the member file, exactly as it will be written
    sheet: str
    row: int
    status: str                  # 正式党员 / 预备党员
    group: str                   # group name, "" when none

    @property
    def path(self) -> str:
        return f"members/{self.id}.yaml"


@dataclass(frozen=True)
class RosterPlan:
    members: tuple[NewMember, ...]
    errors: tuple[RowIssue, ...]         # rows not written because of these
    skipped: tuple[RowIssue, ...]        # people already on file
    warnings: tuple[RowIssue, ...]       # columns ignored and the like (row 0: the sheet)
    id_source: str                       # "pinyin" or "hash"
    encoding: str = ""
    sheets: tuple[str, ...] = field(default=())   # sheets read (header found)


# --------------------------------------------------------------------------- ids


def _pinyin():
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError:
        return None
    return lambda text: lazy_pinyin(text, style=Style.NORMAL, errors="ignore")


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


def id_from_name(name: str, pinyin=None) -> str:
    """``张建华`` → ``zhang-jianhua`` with ``pinyin``; else ``m-`` + 8 hex digits of SHA-1 (stable)."""
    cleaned = re.sub(r"\s+", "", name)
    if pinyin is not None:
        parts = [p for p in re.split(r"[·•・.\-]", cleaned) if p]
        words = []
        for number, part in enumerate(parts):
            if number == 0 and re.match(r"[\u4e00-\u9fff]", part):
                split = 2 if part[:2] in COMPOUND_SURNAMES and len(part) > 2 else 1
                chunks = [part[:split], part[split:]]
            else:
                chunks = [part]
            words += ["".join(_ascii_word(syllable) for syllable in pinyin(chunk)) for chunk in chunks if chunk]
        slug = "-".join(word for word in words if word)
        if slug and _ID.fullmatch(slug):
            return slug
    ascii_name = "-".join(word for word in (_ascii_word(w) for w in re.split(r"[\s·.\-]+", name)) if word)
    if ascii_name and _ID.fullmatch(ascii_name) and ascii_name.isascii() and name.isascii():
        return ascii_name
    return "m-" + hashlib.sha1(cleaned.encode("utf-8")).hexdigest()[:8]


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


# --------------------------------------------------------------------------- columns


def _normal_header(value: Any) -> str:
    text = re.sub(r"\s+", "", str(value or "")).casefold()
    unitless = _UNIT.sub("", text)
    return text if text in _HEADER_OF else unitless


def field_key(word: str) -> str | None:
    """A field key from its key or any of its header names (``出生日期`` → ``born``)."""
    return _HEADER_OF.get(_normal_header(word))


def parse_map(items: list[str]) -> dict[str, str]:
    """``["出生年月=born,C=group"]`` → {column (letter or normalised header): field}."""
    mapping: dict[str, str] = {}
    for item in (part.strip() for text in items for part in re.split(r"[,，]", text) if part.strip()):
        column, sep, target = item.partition("=")
        key = field_key(target.strip()) if sep else None
        if not sep or not column.strip() or key is None:
            known = ", ".join(HEADERS)
            raise ImportFileError(f"--map「{item}」应写作 列=字段，字段为 {known} 之一（或其中文表头）",
                                    f"--map {item!r} must be COLUMN=FIELD, FIELD one of {known} (or its Chinese header)")
        column = column.strip()
        mapping[column if _LETTERS.fullmatch(column) else _normal_header(column)] = key
    return mapping


def _find_columns(table: RawTable, mapping: dict[str, str]) -> tuple[int | None, dict[int, str], list[str]]:
    """(header row number or None, {column index: field}, ignored headers) for one sheet."""
    letters = {column: key for column, key in mapping.items() if _LETTERS.fullmatch(column)}
    for number, cells in table.rows[:HEADER_SEARCH_ROWS]:
        found: dict[int, str] = {}
        ignored = []
        for index, cell in enumerate(cells):
            header = _normal_header(cell)
            key = mapping.get(header) or _HEADER_OF.get(header)
            if key is not None and key not in found.values():
                found[index] = key
            elif header:
                ignored.append(str(cell).strip())
        if "name" not in found.values():
            continue
        for column, key in letters.items():
            found = {i: k for i, k in found.items() if k != key and i != _column_index(column)}
            found[_column_index(column)] = key
        ignored = [str(cells[i]).strip() for i in range(len(cells))
                   if i not in found and _normal_header(cells[i])]
        return number, found, ignored
    if letters and "name" in letters.values():
        return None, {_column_index(c): k for c, k in letters.items()}, []
    return None, {}, []


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


# --------------------------------------------------------------------------- cells


class _CellError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        value = (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    text = str(value).strip()
    return text or None


def _date(value: Any, as_of: dt.date) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, (int, float)) and float(value).is_integer() and len(str(int(value))) == 8:
        return _date(str(int(value)), as_of)          # 19560914 typed as a number
    elif isinstance(value, (int, float)):
        raise _CellError(f"「{value}」是数字，不是日期：请把该格设为日期或写成 1956-09-14",
                         f"{value!r} is a number, not a date: format the cell as a date or write 1956-09-14")
    else:
        text = str(value).strip()
        try:
            day = parse_date(text)
        except ValueError:
            if _YEAR_MONTH.fullmatch(text):
                raise _CellError(f"「{text}」只有年月，没有日：请补全为 1956-09-14 这样的日期",
                                 f"{text!r} has a year and month but no day: write the full date, e.g. 1956-09-14") from None
            raise _CellError(f"「{text}」不是日期：写成 1956-09-14、1956/9/14 或 1956年9月14日",
                             f"{text!r} is not a date: write 1956-09-14, 1956/9/14 or 1956年9月14日") from None
    if day.year not in YEARS:
        raise _CellError(f"「{day}」的年份不在 {YEARS.start}–{YEARS.stop - 1} 之间",
                         f"the year of {day} is not within {YEARS.start}–{YEARS.stop - 1}")
    if day > as_of:
        raise _CellError(f"{day} 晚于导入日期 {as_of}", f"{day} is after the as-of date {as_of}")
    return day


def _vocabulary(vocabulary: V.Vocabulary | Any, value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return vocabulary.kind().parse(text)
    except Invalid:
        allowed = "、".join(zh for _, zh, _ in vocabulary.terms)
        raise _CellError(f"「{text}」不是可选的值：{allowed}", f"{text!r} is not one of: {allowed}") from None


def _id_number(value: Any) -> str | None:
    if isinstance(value, (int, float)) and len(str(int(value))) >= 16:
        raise _CellError("身份证号被 Excel 存成了数字，末几位已经丢失：请把该列设为“文本”后重新填写",
                         "Excel stored the ID number as a number and lost its last digits: format the column as "
                         "text and type the numbers again")
    text = _text(value)
    if text is None:
        return None
    text = text.upper()
    if not _ID_NUMBER.fullmatch(text):
        raise _CellError(f"「{text}」不是身份证号（18 位，末位可为 X；或 15 位）",
                         f"{text!r} is not a resident ID number (18 characters, the last may be X; or 15 digits)")
    return text


def _group(records, value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    groups = records.branch.groups if records.branch else ()
    for group in groups:
        if text in (group.id, group.name) or re.sub(r"[（(].*$", "", group.name) == text:
            return group.id
    names = "、".join(group.name for group in groups) or "（zhidu.yaml 中没有党小组）"
    raise _CellError(f"没有党小组「{text}」；zhidu.yaml 中的党小组：{names}",
                     f"no group {text!r}; the groups in zhidu.yaml: {names}")


# --------------------------------------------------------------------------- planning


def plan_roster_import(records, tables: list[RawTable], *, as_of: dt.date, source: str,
                       mapping: dict[str, str] | None = None, pinyin: Any = "auto") -> RosterPlan:
    """What importing ``tables`` into ``records`` would write (see the module docstring)."""
    mapping = mapping or {}
    pinyin = _pinyin() if pinyin == "auto" else pinyin
    taken = set(records.members) | set(records.broken_ids.get("member", ()))
    on_file = {}
    for member in records.members.values():
        on_file.setdefault(re.sub(r"\s+", "", member.name), []).append(member)
    errors: list[RowIssue] = []
    skipped: list[RowIssue] = []
    warnings: list[RowIssue] = []
    planned: list[NewMember] = []
    seen: dict[tuple[str, dt.date | None], tuple[str, int]] = {}
    read_sheets = []
    for table in tables:
        header_row, columns, ignored = _find_columns(table, mapping)
        if not columns:
            warnings.append(RowIssue(table.sheet, 0, "", "", "没有找到含“姓名”的表头行，未读取此表",
                                     "no header row with a 姓名 (name) column: sheet not read"))
            continue
        read_sheets.append(table.sheet)
        if ignored:
            warnings.append(RowIssue(table.sheet, header_row or 0, "", "", "以下列未导入：" + "、".join(ignored),
                                     "columns not imported: " + ", ".join(ignored)))
        headers = {}
        if header_row is not None:
            header_cells = dict(table.rows)[header_row]
            headers = {i: str(header_cells[i]).strip() if i < len(header_cells) and header_cells[i] else FIELD_ZH[k]
                       for i, k in columns.items()}
        for number, cells in table.rows:
            if header_row is not None and number <= header_row:
                continue
            first = _text(cells[0]) if cells else None
            if first and first.startswith("#"):
                continue
            row = _read_row(records, table.sheet, number, cells, columns, headers, as_of)
            if isinstance(row, list):
                errors.extend(row)
                continue
            name = row["name"]
            key = (re.sub(r"\s+", "", name), row.get("born"))
            existing = [m for m in on_file.get(key[0], ()) if m.born is None or row.get("born") is None
                        or m.born == row.get("born")]
            if existing:
                skipped.append(RowIssue(table.sheet, number, "", "",
                                        f"{name} 已有成员文件 members/{existing[0].id}.yaml，未覆盖",
                                        f"{name} already has a member file, members/{existing[0].id}.yaml: not overwritten"))
                continue
            if key in seen:
                sheet, earlier = seen[key]
                errors.append(RowIssue(table.sheet, number, "", "",
                                       f"与{('工作表「' + sheet + '」') if sheet else ''}第 {earlier} 行是同一人（{name}），未重复导入",
                                       f"the same person ({name}) as row {earlier}{(' of sheet ' + sheet) if sheet else ''}: "
                                       "not imported twice"))
                continue
            seen[key] = (table.sheet, number)
            if row.get("id"):
                if row["id"] in taken:
                    column = next((column_letter(i + 1) for i, k in columns.items() if k == "id"), "")
                    errors.append(RowIssue(table.sheet, number, column, FIELD_ZH["id"],
                                           f"编号「{row['id']}」已被使用（members/{row['id']}.yaml 或前面的行），未覆盖",
                                           f"the id {row['id']!r} is taken (members/{row['id']}.yaml or an earlier row): "
                                           "not overwritten"))
                    continue
                taken.add(row["id"])
                member_id = row["id"]
            else:
                member_id = _unique(id_from_name(name, pinyin), taken)
            text = member_text(member_id, row, source=f"{source} " + (f"工作表「{table.sheet}」第 {number} 行"
                                                                      if table.sheet else f"第 {number} 行"),
                               as_of=as_of, records=records)
            planned.append(NewMember(member_id, name, text, table.sheet, number, row["status_zh"], row["group_name"]))
    if not read_sheets and not errors:
        raise ImportFileError("没有找到含“姓名”列的表头行（前 10 行内）；可用 --map 指定列，如 --map A=name,B=born",
                                "no header row with a 姓名 (name) column in the first 10 rows; name the columns with "
                                "--map, e.g. --map A=name,B=born")
    encoding = next((t.encoding for t in tables if t.encoding), "")
    return RosterPlan(tuple(planned), tuple(errors), tuple(skipped), tuple(warnings),
                      "pinyin" if pinyin is not None else "hash", encoding, tuple(read_sheets))


def _read_row(records, sheet: str, number: int, cells: tuple[Any, ...], columns: dict[int, str],
              headers: dict[int, str], as_of: dt.date) -> dict[str, Any] | list[RowIssue]:
    """A row's values by field, or every problem of the row (then nothing is written for it)."""
    values: dict[str, Any] = {}
    problems: list[RowIssue] = []

    def issue(index: int | None, zh: str, en: str) -> None:
        if index is None:
            problems.append(RowIssue(sheet, number, "", "", zh, en))
        else:
            problems.append(RowIssue(sheet, number, column_letter(index + 1),
                                     headers.get(index, FIELD_ZH[columns[index]]), zh, en))

    readers = {
        "born": lambda v: _date(v, as_of), "admitted": lambda v: _date(v, as_of),
        "approved": lambda v: _date(v, as_of), "full": lambda v: _date(v, as_of),
        "gender": lambda v: _vocabulary(V.GENDERS, v), "status": lambda v: _vocabulary(V.TRANSFER_STATUSES, v),
        "category": lambda v: _vocabulary(V.DUES_CATEGORIES, v), "group": lambda v: _group(records, v),
        "occupation_category": lambda v: _vocabulary(V.OCCUPATIONS, v),
        "id_number": _id_number,
    }
    where: dict[str, int] = {}
    for index, key in columns.items():
        value = cells[index] if index < len(cells) else None
        where[key] = index
        try:
            values[key] = readers.get(key, _text)(value)
        except _CellError as error:
            issue(index, error.zh, error.en)
    if not values.get("name") and "name" not in {p.header for p in problems}:
        issue(where.get("name"), "缺少姓名", "the name is missing")
    if values.get("id") and not _ID.fullmatch(values["id"]):
        issue(where["id"], f"编号「{values['id']}」只能用小写字母、数字和连字符，如 zhang-san",
              f"the id {values['id']!r} may hold only lower-case letters, digits and hyphens, e.g. zhang-san")
    if problems:
        return problems
    admitted, approved, full, status = (values.get(k) for k in ("admitted", "approved", "full", "status"))
    dated = [(k, d) for k, d in (("admitted", admitted), ("approved", approved), ("full", full)) if d]
    for (k1, d1), (k2, d2) in zip(dated, dated[1:]):
        if d2 < d1:
            issue(where[k2], f"{FIELD_ZH[k2]} {d2} 早于{FIELD_ZH[k1]} {d1}", f"{k2} {d2} is before {k1} {d1}")
    if full and status == "probationary":
        issue(where.get("status"), "身份为预备党员，却填了转正时间", "the status is probationary but a 转正时间 is given")
    elif not full and status == "full":
        issue(where.get("full", where.get("status")), "身份为正式党员，但没有转正时间：请补填转正时间",
              "the status is full member but 转正时间 (the date of becoming a full member) is missing")
    elif not full and admitted and not approved:
        issue(where.get("admitted"), "只有入党时间，无法确定是正式党员还是预备党员：请补填转正时间（正式党员）或审批时间（预备党员）",
              "only 入党时间 is given: add 转正时间 (full member) or 审批时间 (probationary member)")
    elif not full and not admitted:
        issue(where.get("full", where.get("admitted")), "没有转正时间或入党时间：成员文件需要至少一个有日期的事件",
              "neither 转正时间 nor 入党时间: a member file needs at least one dated event")
    elif not full and approved and not admitted:
        issue(where.get("admitted", where.get("approved")), "有审批时间但没有入党时间（支部大会接收日期）",
              "审批时间 is given but not 入党时间 (the general assembly's acceptance)")
    if problems:
        return problems
    values["status_zh"] = "正式党员" if full else "预备党员"
    group_id = values.get("group")
    names = {g.id: g.name for g in records.branch.groups} if records.branch else {}
    values["group_name"] = names.get(group_id, "") if group_id else ""
    return values


# --------------------------------------------------------------------------- writing


_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|[\s:]$|: | #|[\x00-\x1f\[\]{},]")


def _quoted(text: str) -> str:
    """Plain when YAML reads it back as the same text (zhidu's loader keeps scalars as text), else quoted."""
    return text if text and not _PLAIN_UNSAFE.search(text) else json.dumps(text, ensure_ascii=False)


def member_text(member_id: str, row: dict[str, Any], *, source: str, as_of: dt.date, records) -> str:
    """The member file for one row, read back through the records loader to be sure it says the same."""
    lines = [f"# 由 zhidu import roster 导入：{' '.join(source.split())}，{as_of.isoformat()}；请核对后提交",
             f"name: {_quoted(row['name'])}"]
    if row.get("gender"):
        lines.append(f"gender: {V.GENDERS.zh(row['gender'])}")
    if row.get("born"):
        lines.append(f"born: {row['born'].isoformat()}")
    for key in ("ethnicity", "education", "occupation"):
        if row.get(key):
            lines.append(f"{key}: {_quoted(row[key])}")
    if row.get("occupation_category"):
        lines.append(f"occupation_category: {V.OCCUPATIONS.zh(row['occupation_category'])}")
    for key in ("phone", "id_number", "address"):
        if row.get(key):
            value = json.dumps(row[key], ensure_ascii=False) if key != "address" else _quoted(row[key])
            lines.append(f"{key}: {value}" + ("                # 隐私：不出现在任何公示中" if key == "phone" else ""))
    if row.get("group"):
        lines.append(f"group: {row['group']}")
    if row.get("category"):
        lines.append(f"dues:\n  category: {V.DUES_CATEGORIES.zh(row['category'])}")
    lines.append("history:")
    events = (("admitted", "支部大会接收为预备党员"), ("approved", "上级党委审批"), ("full", "转为正式党员"))
    for key, name in events:
        if row.get(key):
            lines.append(f"  - {{date: {row[key].isoformat()}, event: {name}}}")
    if row.get("note"):
        lines.append(f"note: {_quoted(row['note'])}")
    text = "\n".join(lines) + "\n"
    _verify(text, member_id, row)
    return text


def _verify(text: str, member_id: str, row: dict[str, Any]) -> None:
    """Read the text back as a member: the same name, dates and private values, or a bug."""
    path = f"members/{member_id}.yaml"
    node, problems = load_yaml(text.encode("utf-8"), path)
    member, more = build(Member, node, path) if node is not None else (None, [])
    got = None if member is None else (member.name, member.born, member.phone, member.id_number,
                                       tuple((e.event, e.date) for e in member.history))
    want = (row["name"], row.get("born"), row.get("phone"), row.get("id_number"),
            tuple((k, row[k]) for k in ("admitted", "approved", "full") if row.get(k)))
    if problems or more or got != want:
        raise AssertionError(f"member file for {member_id} does not read back as written: {problems or more or got}")


__all__ = ["HEADERS", "NewMember", "RosterPlan", "RowIssue", "field_key", "id_from_name",
           "member_text", "parse_map", "plan_roster_import"]
