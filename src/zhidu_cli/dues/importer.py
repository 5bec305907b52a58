"""``zhidu dues import``: a bank or spreadsheet export (CSV) → one month's dues ledger.

The import must never lose or duplicate a payment, so it is all or nothing: every row becomes
exactly one payment, and any row that cannot be read or matched stops the import with its CSV line
number before anything is written. The ledger text is built here, then read back through the
records loader and compared with the payments it was built from (:func:`verify_ledger_text`).

What the file may look like:

* **encoding** — UTF-8, UTF-8 with a byte-order mark (Excel's "CSV UTF-8"), GB18030 (a superset
  of GBK/GB2312, what Excel writes on Chinese Windows) or Big5 (Traditional Chinese; the header,
  in simplified or traditional characters, decides between the two legacy encodings). The encoding
  found is reported; a file in none of them is refused with the encodings tried;
* **characters** — a cell holding a control character (C0, C1, DEL, NEL, U+2028/2029, U+FFFE/FFFF),
  which a YAML ledger cannot hold, is an error on its line;
* **separator** — comma, or tab when the header line has tabs and no commas;
* **header** (first non-blank line; case and spaces ignored, a unit such as "（元）" dropped):

  ============  ======================================================  =========
  column        header names                                            required
  ============  ======================================================  =========
  name          姓名、党员姓名、name                                       name or id
  id            编号、成员编号、id、member                                  name or id
  amount        金额、党费、交纳金额、缴纳金额、缴费金额、交费金额、党费金额、      yes
                实缴金额、amount
  date          日期、交纳日期、缴纳日期、缴费日期、交费日期、缴费时间、交纳时间、  yes
                date、paid_on
  months        月份、所缴月份、交纳月份、months                             no
  note          备注、说明、note                                           no
  ============  ======================================================  =========

  Other columns are ignored (and named in a warning).
* **rows** — amounts as :func:`zhidu_cli.dues.money.parse_money` reads them (``40``, ``40.00``;
  no ``¥``, no thousands separator; zero is refused); dates as ``2025-03-05``, ``2025/3/5``,
  ``2025.3.5``, ``2025年3月5日`` or ``20250305``, a time after the date ignored; months as
  ``2025-03`` items separated by spaces, ``;``, ``、`` or ``,`` (ranges ``2025-01~2025-03`` or
  ``2025-01至2025-03``); blank rows and a final 合计/总计/total row are skipped (and said so).
* **totals** — a 合计/总计/total row with an amount must equal the sum of the payments above it,
  or the import stops: it is the one check that notices a row lost or doubled between the bank and
  the file. A 小计 (subtotal) row is skipped unchecked.

Months named in a note: a row whose note names a month other than the ledger's ("补交11月", "预交
2025-04", "1-3月") is not put into the import month on a guess. Unless the row's ``months`` column
(or ``--row-month LINE=MONTHS`` on the command line) says which months it pays, the import stops at
that row; when both are given they must agree. A bare month (11月) is the one nearest the ledger's
month; a date in a note (3月5日) names no month.

Matching: an id must be a member's id (and agree with the name when both are given); a name must
belong to exactly one member whose dues obligation covers the month (:func:`balances.owes_in`), spaces
inside names ignored. Unknown and ambiguous names are errors, located by line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from zhidu_cli.dues.balances import owes_in
from zhidu_cli.dues.money import MoneyError, parse_money
from zhidu_cli.model.build import build
from zhidu_cli.model.fields import YEARS
from zhidu_cli.model.records import Ledger
from zhidu_cli.records.yaml_loader import load_yaml
from zhidu_cli.schedule.months import YearMonth

_BOM = b"\xef\xbb\xbf"
_HEADERS = {
    "name": ("姓名", "党员姓名", "name"),
    "id": ("编号", "成员编号", "id", "member"),
    "amount": ("金额", "党费", "交纳金额", "缴纳金额", "缴费金额", "交费金额", "党费金额", "实缴金额", "amount"),
    "date": ("日期", "交纳日期", "缴纳日期", "缴费日期", "交费日期", "缴费时间", "交纳时间", "date", "paid_on"),
    "months": ("月份", "所缴月份", "交纳月份", "months"),
    "note": ("备注", "说明", "note"),
}
# Traditional spellings of the header words, for exports from Taiwanese and Hong Kong Excel (Big5)
_TRADITIONAL = str.maketrans({"额": "額", "费": "費", "缴": "繳", "编": "編", "号": "號", "员": "員", "党": "黨",
                              "实": "實", "备": "備", "注": "註", "说": "說", "时": "時", "间": "間", "纳": "納"})
_HEADER_OF = {spelling.casefold(): column for column, aliases in _HEADERS.items() for alias in aliases
              for spelling in (alias, alias.translate(_TRADITIONAL))}
_UNIT = re.compile(r"[（(](元|人民币|yuan|rmb)[)）]$", re.IGNORECASE)
_TOTAL_WORDS = ("合计", "总计", "小计", "total")
_GRAND_TOTAL_WORDS = ("合计", "总计", "total")       # checked against the rows above; a 小计 is not
_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"), re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_TIME = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")
_MONTH_SPLIT = re.compile(r"[\s;；、,，]+")
_RANGE = re.compile(r"^(\d{4}-\d{2})(?:~|～|至|--)(\d{4}-\d{2})$")
_NOTE_YEAR_MONTH = re.compile(r"(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})(?!\d)(?!\s*月?\s*\d{1,2}\s*[日号])(?![-/.]\d)(?:\s*月)?")
_NOTE_MONTHS = re.compile(r"(?<![\d/.-])(\d{1,2})(?:\s*(?:-|~|～|至|到|—)\s*(\d{1,2}))?\s*月(?!\s*\d{1,2}\s*[日号])(?!份?\d)")
_NOTE_LIST = re.compile(r"(?<![\d/.-])((?:\d{1,2}\s*[、,，]\s*)+\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号])")
_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


@dataclass(frozen=True)
class Issue:
    """A problem with the file, located by CSV line (0: the file as a whole)."""

    line: int
    zh: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class ImportedPayment:
    line: int
    member: str
    amount: Decimal
    paid_on: dt.date
    months: tuple[YearMonth, ...] = ()
    note: str | None = None

    def key(self) -> tuple:
        return (self.member, self.amount, self.paid_on, self.months, self.note)


@dataclass(frozen=True)
class ImportPlan:
    encoding: str                                 # "UTF-8", "UTF-8 (BOM)" or "GB18030"
    payments: tuple[ImportedPayment, ...]
    errors: tuple[Issue, ...]                     # any error: nothing may be written
    warnings: tuple[Issue, ...]


class ImportFileError(Exception):
    """The file as a whole cannot be imported (encoding, missing columns): a usage error."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


# --- reading ---------------------------------------------------------------------------------------

def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 with or without BOM first, then GB18030 (see :func:`decodings`)."""
    return decodings(data)[0]


def decodings(data: bytes) -> list[tuple[str, str]]:
    """Every reading of ``data`` worth trying, most likely first: UTF-8 (with or without BOM) alone when
    it decodes; else GB18030 and Big5 (Traditional Chinese, as Excel writes it on Taiwanese and Hong
    Kong Windows), each when it decodes. Both legacy encodings use two bytes per character, so Big5
    text usually decodes as GB18030 too — as nonsense: the header decides between them."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):     # .xlsx (a zip) and .xls (OLE2)
        raise ImportFileError("这不是 CSV 文本文件（像是 Excel 工作簿 .xlsx/.xls）；请在 Excel 中“另存为”CSV UTF-8 后再导入",
                              "this is not a CSV text file (it looks like an Excel workbook, .xlsx/.xls); "
                              "save it from Excel as \"CSV UTF-8\" and import that")
    if data.startswith(_BOM):
        try:
            return [(data[len(_BOM):].decode("utf-8"), "UTF-8 (BOM)")]
        except UnicodeDecodeError as error:
            raise ImportFileError(f"文件以 UTF-8 BOM 开头，但第 {error.start} 字节起不是 UTF-8",
                                  f"the file starts with a UTF-8 BOM but byte {error.start} is not UTF-8") from None
    try:
        return [(data.decode("utf-8"), "UTF-8")]
    except UnicodeDecodeError:
        pass
    found = []
    for codec, label in (("gb18030", "GB18030"), ("big5hkscs", "Big5")):
        try:
            found.append((data.decode(codec), label))
        except UnicodeDecodeError:
            continue
    if not found:
        raise ImportFileError("无法识别文件编码：不是 UTF-8，也不是 GB18030（GBK）或 Big5；请在 Excel 中另存为“CSV UTF-8”",
                              "cannot read the file: neither UTF-8 nor GB18030 (GBK) nor Big5; save it from Excel as "
                              "\"CSV UTF-8\"")
    return found


# YAML cannot hold these in a ledger (C0 and C1 controls, DEL, the line breaks NEL/LS/PS that YAML
# would fold, non-characters, lone surrogates): a cell carrying one is refused, located.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


def _header_name(cell: str) -> str:
    text = re.sub(r"\s+", "", cell).casefold()
    return _UNIT.sub("", text)


def _rows(text: str) -> Iterable[tuple[int, list[str]]]:
    """(first line of the record, cells) for every CSV record, blank ones included."""
    first_line = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous = 0
    try:
        for cells in reader:
            yield previous + 1, cells
            previous = reader.line_num
    except csv.Error as error:
        raise ImportFileError(f"第 {reader.line_num} 行无法按 CSV 读取：{error}",
                              f"line {reader.line_num} cannot be read as CSV: {error}") from None


def parse_date(text: str) -> dt.date:
    cleaned = _TIME.sub("", text.strip())
    for form in _DATE_FORMS:
        match = form.fullmatch(cleaned)
        if match and int(match.group(1)) in YEARS:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    raise ValueError(text)


def parse_months(text: str) -> tuple[YearMonth, ...]:
    months: list[YearMonth] = []
    for item in (i for i in _MONTH_SPLIT.split(text.strip()) if i):
        span = _RANGE.match(item)
        if span:
            first, last = YearMonth.parse(span.group(1)), YearMonth.parse(span.group(2))
            if last < first:
                raise ValueError(item)
            months.extend(first.until(last))
        else:
            months.append(YearMonth.parse(item))
    return tuple(months)


def months_in_note(note: str, ledger: YearMonth) -> tuple[YearMonth, ...]:
    """The months a note names ("补交11月", "预交2025-04", "1-3月", "11、12月"), in order, each once;
    a bare month is the one nearest ``ledger`` (November seen from January is last November)."""
    found: list[YearMonth] = []
    rest = note
    for match in _NOTE_YEAR_MONTH.finditer(note):
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and year in YEARS:
            found.append(YearMonth(year, month))
    rest = _NOTE_YEAR_MONTH.sub(" ", note)
    numbers: list[int] = []
    for match in _NOTE_LIST.finditer(rest):
        numbers.extend(int(n) for n in re.split(r"\s*[、,，]\s*", match.group(1)))
    rest = _NOTE_LIST.sub(" ", rest)
    for match in _NOTE_MONTHS.finditer(rest):
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        numbers.extend(range(first, last + 1) if first <= last else (first, last))
    for number in numbers:
        if 1 <= number <= 12:
            candidates = [YearMonth(ledger.year + d, number) for d in (-1, 0, 1)]
            found.append(min(candidates, key=lambda m: abs(m - ledger)))
    return tuple(dict.fromkeys(found))


def _normal_name(name: str) -> str:
    return re.sub(r"\s+", "", name)


# --- planning --------------------------------------------------------------------------------------

def _header(rows: list[tuple[int, list[str]]]) -> tuple[int, dict[str, int], list[str]]:
    """(index of the header row, column → cell index, ignored header cells); ImportFileError when the
    file is empty or the header lacks a required column."""
    header_at = next((i for i, (_, cells) in enumerate(rows) if any(c.strip() for c in cells)), None)
    if header_at is None:
        raise ImportFileError("文件是空的", "the file is empty")
    header_line, header = rows[header_at]
    columns: dict[str, int] = {}
    ignored = []
    for index, cell in enumerate(header):
        column = _HEADER_OF.get(_header_name(cell))
        if column is None or column in columns:
            if cell.strip():
                ignored.append(cell.strip())
            continue
        columns[column] = index
    missing = [c for c in ("amount", "date") if c not in columns]
    if "name" not in columns and "id" not in columns:
        missing.insert(0, "name / id")
    if missing:
        found = "、".join(c.strip() for c in header if c.strip()) or "—"
        fullwidth = any("，" in c for c in header)
        raise ImportFileError(
            f"第 {header_line} 行表头缺少列：{'、'.join(missing)}（找到：{found}）；表头可写 姓名/编号/金额/日期"
            + ("；各列要用半角逗号 , 分隔，这里用的是全角逗号“，”" if fullwidth else ""),
            f"line {header_line}: the header lacks {', '.join(missing)} (found: {found}); "
            "use name/id/amount/date (or 姓名/编号/金额/日期)"
            + ("; separate the columns with an ASCII comma, not the full-width '，'" if fullwidth else ""))
    return header_at, columns, ignored


def plan_import(records, data: bytes, month: YearMonth, *, start: str = "assembly",
                row_months: dict[int, tuple[YearMonth, ...]] | None = None) -> ImportPlan:
    """Read and match every row; never raises for a bad row (errors are collected, located).

    ``row_months`` places rows by CSV line (``--row-month``): it replaces the row's ``months`` column.
    """
    row_months = dict(row_months or {})
    readings = decodings(data)
    failure: ImportFileError | None = None
    for text, encoding in readings:
        rows = list(_rows(text))
        try:
            header_at, columns, ignored = _header(rows)
            break
        except ImportFileError as error:
            failure = failure or error
    else:
        assert failure is not None
        if readings[0][1].startswith("UTF-8"):
            raise failure
        tried = "、".join(label for _, label in readings)
        raise ImportFileError(failure.zh + f"（文件不是 UTF-8，已按 {tried} 尝试读取；若是其他编码，请另存为“CSV UTF-8”）",
                              failure.en + f" (the file is not UTF-8; read as {', '.join(l for _, l in readings)}; "
                              "if it is in another encoding, save it as \"CSV UTF-8\")")
    header_line, header_cells = rows[header_at]
    warnings: list[Issue] = []
    if ignored:
        warnings.append(Issue(header_line, f"忽略的列：{'、'.join(ignored)}", f"ignored columns: {', '.join(ignored)}"))
    by_name = _names_on_rolls(records, month, start)
    errors: list[Issue] = []
    payments: list[ImportedPayment] = []
    seen: dict[tuple, int] = {}
    for line, cells in rows[header_at + 1:]:
        if not any(c.strip() for c in cells):
            continue
        cell = {column: (cells[i].strip() if i < len(cells) else "") for column, i in columns.items()}
        first = next(c.strip() for c in cells if c.strip())
        if first.casefold() in _TOTAL_WORDS:
            warnings.append(Issue(line, f"跳过合计行「{first}」", f"skipped the total row {first!r}"))
            if first.casefold() in _GRAND_TOTAL_WORDS and not errors:
                _check_total(cell.get("amount", ""), payments, line, errors, warnings)
            continue
        row_errors: list[Issue] = []
        for column, value in cell.items():
            bad = _UNWRITABLE.search(value)
            if bad:
                header_cell = header_cells[columns[column]].strip()
                row_errors.append(Issue(line, f"「{header_cell}」列含控制字符 U+{ord(bad.group()):04X}，账簿中无法保存；"
                                              "请在表格中删除该字符",
                                        f"the {header_cell!r} column holds the control character "
                                        f"U+{ord(bad.group()):04X}, which a ledger cannot hold; delete it"))
        if row_errors:
            errors.extend(row_errors)
            continue
        member = _match(records, by_name, cell.get("id", ""), cell.get("name", ""), line, month, row_errors, warnings)
        amount = _amount(cell["amount"], line, row_errors)
        paid_on = _date(cell["date"], line, row_errors)
        months = row_months.pop(line) if line in row_months else _months(cell.get("months", ""), line, row_errors)
        _note_months(cell.get("note", ""), months, month, line, row_errors)
        if row_errors:
            errors.extend(row_errors)
            continue
        if YearMonth.of(paid_on) != month:
            warnings.append(Issue(line, f"日期 {paid_on} 不在 {month}，仍记入本月账簿",
                                  f"date {paid_on} is outside {month}; recorded in this month's ledger anyway"))
        payment = ImportedPayment(line, member, amount, paid_on, months, cell.get("note") or None)
        if payment.key() in seen:
            warnings.append(Issue(line, f"与第 {seen[payment.key()]} 行完全相同，两笔都已记入；若是重复导出请删除一行",
                                  f"identical to line {seen[payment.key()]}; both are recorded — delete one if the "
                                  "export repeated it"))
        seen.setdefault(payment.key(), line)
        payments.append(payment)
    for line in sorted(row_months):
        errors.append(Issue(line, f"--row-month 指定的第 {line} 行不是缴费行", f"--row-month: line {line} is not a payment row"))
    if not payments and not errors:
        errors.append(Issue(0, "文件中没有缴费记录", "the file holds no payments"))
    return ImportPlan(encoding, tuple(payments), tuple(errors), tuple(warnings))


def _names_on_rolls(records, month: YearMonth, start: str) -> dict[str, list[str]]:
    """Normalized name → ids of members whose dues obligation covers ``month``."""
    names: dict[str, list[str]] = {}
    for member_id, member in records.members.items():
        if owes_in(records.timeline(member_id).events, month, start):
            names.setdefault(_normal_name(member.name), []).append(member_id)
    return names


def _match(records, by_name: dict[str, list[str]], member_id: str, name: str, line: int, month: YearMonth,
           errors: list[Issue], warnings: list[Issue]) -> str:
    if member_id:
        member = records.members.get(member_id)
        if member is None:
            errors.append(Issue(line, f"编号「{member_id}」不是本支部成员", f"id {member_id!r} is not a member"))
            return ""
        if name and _normal_name(name) != _normal_name(member.name):
            errors.append(Issue(line, f"编号 {member_id} 是 {member.name}，但本行姓名为「{name}」",
                                f"id {member_id} is {member.name}, but the row says {name!r}"))
            return ""
        if member_id not in by_name.get(_normal_name(member.name), ()):
            warnings.append(Issue(line, f"{member.name}（{member_id}）{month} 不在应交党费的名册上",
                                  f"{member.name} ({member_id}) owes no dues in {month}"))
        return member_id
    if not name:
        errors.append(Issue(line, "姓名和编号都是空的", "neither name nor id is given"))
        return ""
    found = by_name.get(_normal_name(name), [])
    if len(found) == 1:
        return found[0]
    if found:
        ids = "、".join(sorted(found))
        errors.append(Issue(line, f"姓名「{name}」对应多名党员（{ids}），请加“编号”列区分",
                            f"name {name!r} matches several members ({', '.join(sorted(found))}); add an id column"))
        return ""
    others = sorted(mid for mid, m in records.members.items() if _normal_name(m.name) == _normal_name(name))
    if others:
        errors.append(Issue(line, f"「{name}」（{'、'.join(others)}）{month} 不在应交党费的名册上；如确为其缴费，请写编号",
                            f"{name!r} ({', '.join(others)}) owes no dues in {month}; give the id if the payment "
                            "is really theirs"))
    else:
        errors.append(Issue(line, f"找不到党员「{name}」", f"no member named {name!r}"))
    return ""


def _amount(text: str, line: int, errors: list[Issue]) -> Decimal:
    try:
        amount = parse_money(text)
    except MoneyError as error:
        errors.append(Issue(line, error.message("zh"), error.message("en")))
        return Decimal(0)
    if amount == 0:
        errors.append(Issue(line, "金额为 0", "the amount is zero"))
    return amount


def _check_total(text: str, payments: list[ImportedPayment], line: int, errors: list[Issue],
                 warnings: list[Issue]) -> None:
    """A 合计 row must equal the rows above it: the one check that catches a row lost on the way."""
    if not text:
        return
    try:
        total = parse_money(text)
    except MoneyError:
        warnings.append(Issue(line, f"合计金额「{text}」无法识别，未核对", f"cannot read the total {text!r}; not checked"))
        return
    counted = sum((p.amount for p in payments), Decimal("0.00"))
    if total != counted:
        errors.append(Issue(line, f"合计 {total:.2f} 元与以上 {len(payments)} 笔之和 {counted:.2f} 元不符："
                                  "核对是否漏行、多行或金额有误",
                            f"the total {total:.2f} differs from the sum of the {len(payments)} payment(s) above, "
                            f"{counted:.2f}: check for a missing, extra or mistyped row"))


def _date(text: str, line: int, errors: list[Issue]) -> dt.date:
    try:
        return parse_date(text)
    except ValueError:
        errors.append(Issue(line, f"日期「{text}」无法识别：写成 2025-03-05", f"cannot read the date {text!r}: "
                                  "write 2025-03-05"))
        return dt.date.min


def _note_months(note: str, months: tuple[YearMonth, ...], ledger: YearMonth, line: int,
                 errors: list[Issue]) -> None:
    """A note naming another month than the row will be recorded for: never placed on a guess."""
    named = months_in_note(note, ledger) if note else ()
    recorded = months or (ledger,)
    if not named or set(named) <= set(recorded):
        return
    said = "、".join(str(m) for m in named)
    if months:
        errors.append(Issue(line, f"备注「{note}」提到 {said}，与月份列 {'、'.join(map(str, months))} 不符：核对后改正其一",
                            f"the note {note!r} names {', '.join(map(str, named))}, but the months column says "
                            f"{', '.join(map(str, months))}: correct one of them"))
        return
    errors.append(Issue(line, f"备注「{note}」提到 {said}，但本行没有写所缴月份，不能按 {ledger} 记账：在“月份”列写明"
                              f"（如 {named[0]}），或加 --row-month {line}={named[0]}；确为 {ledger} 的党费则在月份列写 {ledger}",
                        f"the note {note!r} names {', '.join(map(str, named))}, but the row gives no months, so it "
                        f"cannot be booked to {ledger} on a guess: fill the months column (e.g. {named[0]}) or add "
                        f"--row-month {line}={named[0]}; if it is {ledger}'s dues, write {ledger} in the months column"))


def _months(text: str, line: int, errors: list[Issue]) -> tuple[YearMonth, ...]:
    if not text:
        return ()
    try:
        return parse_months(text)
    except ValueError:
        errors.append(Issue(line, f"月份「{text}」无法识别：写成 2025-03 或 2025-01~2025-03",
                            f"cannot read the months {text!r}: write 2025-03 or 2025-01~2025-03"))
        return ()


# --- writing ---------------------------------------------------------------------------------------

def _scalar(text: str) -> str:
    """A YAML flow scalar that reads back as exactly ``text``."""
    if _PLAIN_ID.fullmatch(text) and text.lower() not in _YAML_WORDS and not text[0].isdigit():
        return text
    return json.dumps(text, ensure_ascii=False)


def ledger_text(month: YearMonth, payments: Iterable[ImportedPayment], *, source: str = "",
                encoding: str = "") -> str:
    """The ledger file: amounts quoted with two decimals, one payment per line, in file order."""
    origin = " ".join(source.split())
    header = f"# 党费账簿 {month.label_zh}"
    if origin:
        header += f" — 由 zhidu dues import 从 {origin} 导入" + (f"（{encoding}）" if encoding else "")
    lines = [header, f"month: {month}", "payments:"]
    count = 0
    for payment in payments:
        count += 1
        fields = [f"member: {_scalar(payment.member)}", f'amount: "{payment.amount:.2f}"',
                  f"paid_on: {payment.paid_on.isoformat()}"]
        if payment.months:
            fields.append(f"months: [{', '.join(str(m) for m in payment.months)}]")
        if payment.note:
            fields.append(f"note: {json.dumps(payment.note, ensure_ascii=False)}")
        lines.append(f"  - {{{', '.join(fields)}}}")
    if not count:
        lines[-1] = "payments: []"
    return "\n".join(lines) + "\n"


def verify_ledger_text(text: str, month: YearMonth, payments: Iterable[ImportedPayment]) -> bool:
    """Read ``text`` back through the records loader: exactly these payments, in this order?"""
    node, problems = load_yaml(text.encode("utf-8"), f"dues/{month}.yaml")
    if problems or node is None:
        return False
    ledger, problems = build(Ledger, node, f"dues/{month}.yaml")
    if problems or ledger is None or ledger.month != month:
        return False
    got = [(p.member, p.amount, p.paid_on, p.months, p.note) for p in ledger.payments]
    return got == [p.key() for p in payments]
