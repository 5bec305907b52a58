"""``zhidu export`` and ``zhidu import``: spreadsheets out of and into the records.

Thin: options → :mod:`zhidu_cli.exchange` → bytes → :func:`zhidu_cli.fsutil.write_atomic`. Files are
never overwritten without ``--force`` and never half-written. Messages go to stderr; ``--csv -``
writes the CSV to stdout.
"""

from __future__ import annotations

import enum
import pathlib
import sys
from typing import Optional

import typer

from zhidu_cli.cli.common import (AsOfOption, LangOption, at, fail, load, open_for_report, parse_as_of, stderr,
                                  write_file)
from zhidu_cli.fsutil import RefusedOverwrite, write_atomic
from zhidu_cli.model.fields import YEARS

EXPORT_HELP = """导出表格（Excel / CSV）/ export spreadsheets.

示例 / examples:

  zhidu export roster --xlsx 党员花名册.xlsx

  zhidu export roster --csv 花名册.csv --encoding gbk

  zhidu export roster --xlsx 花名册（内部）.xlsx --include-private

  zhidu export dues --year 2025 --xlsx 2025年党费.xlsx
"""

IMPORT_HELP = """从表格导入记录 / import records from spreadsheets.

示例 / examples:

  zhidu import roster 花名册.xlsx --dry-run

  zhidu import roster 花名册.csv --map 出生年月=born,所在支部小组=group
"""

export_app = typer.Typer(help=EXPORT_HELP, no_args_is_help=True, rich_markup_mode=None)
import_app = typer.Typer(help=IMPORT_HELP, no_args_is_help=True, rich_markup_mode=None)


class Encoding(str, enum.Enum):
    utf8 = "utf-8"
    gbk = "gbk"


RepoOption = typer.Option(None, "-C", "--repo", show_default=False,
                          help="记录仓库（默认当前目录）/ records repository (default: current folder)")
ForceOption = typer.Option(False, "--force", help="覆盖已存在的文件 / overwrite existing files")


def _say(lang: str, zh: str, en: str) -> None:
    stderr().print(en if lang == "en" else zh, markup=False)


def _csv_encoding(encoding: Encoding) -> str:
    return "gbk" if encoding is Encoding.gbk else "utf-8-sig"


def _emit_csv(path: pathlib.Path, sheet, encoding: Encoding, force: bool) -> None:
    from zhidu_cli.exchange.sheets import csv_bytes

    try:
        data = csv_bytes(sheet, _csv_encoding(encoding))
    except UnicodeEncodeError as error:
        bad = error.object[error.start:error.end]
        fail(f"字符「{bad}」无法用 GBK 编码 / {bad!r} cannot be written in GBK",
             "请改用 --encoding utf-8 / use --encoding utf-8")
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_file(path, data, force, "--csv")


@export_app.command("roster")
def export_roster(
    xlsx: Optional[pathlib.Path] = typer.Option(None, "--xlsx", show_default=False,
                                                help="写入 Excel 工作簿 / write an .xlsx workbook"),
    csv_file: Optional[pathlib.Path] = typer.Option(None, "--csv", show_default=False,
                                                    help="写入 CSV（- 为标准输出）/ write CSV (- for stdout)"),
    encoding: Encoding = typer.Option(Encoding.utf8, "--encoding",
                                      help="CSV 编码：utf-8（带 BOM，Excel 可直接打开）或 gbk / CSV encoding"),
    include_private: bool = typer.Option(False, "--include-private",
                                         help="包含手机号、身份证号、住址（表格标明含隐私信息）/ include phone, "
                                              "ID number and address (the sheet is marked as private)"),
    repo: Optional[pathlib.Path] = RepoOption,
    force: bool = ForceOption,
    as_of: Optional[str] = AsOfOption,
    lang: Optional[str] = LangOption,
) -> None:
    """党员花名册 / the party member roster as Excel or CSV.

    示例 / examples:

      zhidu export roster --xlsx 党员花名册.xlsx --as-of 2025-12-31

      zhidu export roster --csv - | head
    """
    from zhidu_cli.exchange.roster import roster_sheet
    from zhidu_cli.exchange.sheets import workbook_bytes

    if xlsx is None and csv_file is None:
        fail("请用 --xlsx 文件 或 --csv 文件 指定输出 / give --xlsx FILE or --csv FILE")
    day = parse_as_of(as_of)
    existing = [str(p) for p in (xlsx, csv_file) if p is not None and str(p) != "-" and p.exists() and not p.is_dir()]
    if existing and not force:               # both files or neither: check before writing either
        fail(f"文件已存在，未写入：{', '.join(existing)} / refusing to overwrite {', '.join(existing)}",
             "加 --force 覆盖 / use --force to overwrite")
    ws = open_for_report(repo or pathlib.Path("."), lang, day, as_of)
    sheet = roster_sheet(ws.records, day, include_private=include_private)
    if xlsx is not None:
        write_file(xlsx, workbook_bytes([sheet], title=sheet.title,
                                          keywords="含个人隐私信息" if include_private else ""), force, "--xlsx")
    if csv_file is not None:
        _emit_csv(csv_file, sheet, encoding, force)
    count = len(sheet.rows)
    targets = ", ".join(str(p) for p in (xlsx, csv_file) if p is not None and str(p) != "-")
    if targets:
        _say(ws.lang, f"已写入 {targets}：{count} 名党员" + ("（含隐私信息，勿公开）" if include_private else ""),
             f"wrote {targets}: {count} members" + (" (with private data: do not post)" if include_private else ""))


@export_app.command("dues")
def export_dues(
    xlsx: pathlib.Path = typer.Option(..., "--xlsx", show_default=False, help="写入 Excel 工作簿 / write an .xlsx workbook"),
    year: Optional[int] = typer.Option(None, "--year", "-y", min=YEARS.start, max=YEARS.stop - 1,
                                       help="年份（默认检查日期所在年）/ the year (default: the as-of year)"),
    repo: Optional[pathlib.Path] = RepoOption,
    force: bool = ForceOption,
    as_of: Optional[str] = AsOfOption,
    lang: Optional[str] = LangOption,
) -> None:
    """党费台账与结余 / the dues ledger, remittances and balances of a year as Excel.

    示例 / examples:

      zhidu export dues --year 2025 --xlsx 2025年党费.xlsx --as-of 2025-12-31
    """
    from zhidu_cli.cli.dues import _group_names, _settings, _thresholds
    from zhidu_cli.dues.balances import compute_balances
    from zhidu_cli.exchange.dues_sheets import dues_sheets
    from zhidu_cli.exchange.sheets import workbook_bytes

    day = parse_as_of(as_of)
    ws = open_for_report(repo or pathlib.Path("."), lang, day, as_of)
    year = year if year is not None else day.year
    if year > day.year:
        fail(f"{year} 年晚于检查日期 {day} / {year} is after the as-of date {day}")
    settings = _settings(ws)
    balances = compute_balances(ws.records, settings.standard, day, start=settings.start)
    if balances.start is None:
        fail("还没有党费账簿（dues/*.yaml）/ no dues ledgers (dues/*.yaml) yet")
    warn, lapse = _thresholds(ws)
    sheets = dues_sheets(ws.records, balances, year, groups=_group_names(ws), warn=warn, lapse=lapse)
    write_file(xlsx, workbook_bytes(sheets, title=sheets[0].title), force, "--xlsx")
    payments = len(sheets[0].rows)
    _say(ws.lang, f"已写入 {xlsx}：{year} 年 {payments} 笔缴费、{len(sheets[2].rows)} 名党员的结余",
         f"wrote {xlsx}: {payments} payments and {len(sheets[2].rows)} members' balances for {year}")


__all__ = ["export_app", "import_app"]


@import_app.command("roster")
def import_roster(
    file: pathlib.Path = typer.Argument(..., show_default=False, help="花名册 .xlsx 或 .csv（UTF-8 或 GBK）/ roster file"),
    column_map: Optional[list[str]] = typer.Option(None, "--map", show_default=False,
                                                   help="列对应：表头或列字母=字段，如 出生年月=born,C=group（可多次）"
                                                        " / COLUMN=FIELD, e.g. 出生年月=born,C=group"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只显示将写入的文件，不写入 / show what would be written"),
    repo: Optional[pathlib.Path] = RepoOption,
    as_of: Optional[str] = AsOfOption,
    lang: Optional[str] = LangOption,
) -> None:
    """从花名册表格生成成员文件 / create member files from a roster spreadsheet.

    每行一名党员：能完整读取的行写入 members/<编号>.yaml（不覆盖已有文件）；任何一格读不出的行
    报告其工作表、行和列，不写入。有错误时退出码为 1。

    示例 / examples:

      zhidu import roster 花名册.xlsx --dry-run

      zhidu import roster 花名册.csv --map 出生年月日=born,所在支部=group
    """
    from zhidu_cli.dues.importer import ImportFileError
    from zhidu_cli.exchange.roster_import import parse_map, plan_roster_import
    from zhidu_cli.exchange.sheets import read_tables

    day = parse_as_of(as_of)
    ws = at(load(repo or pathlib.Path("."), lang=lang), day, as_of)
    if not file.is_file():
        fail(f"文件不存在：{file} / no such file: {file}")
    try:
        mapping = parse_map(column_map or [])
        tables = read_tables(file)
        plan = plan_roster_import(ws.records, tables, as_of=day, source=file.name, mapping=mapping)
    except ImportFileError as error:
        fail(error.message(ws.lang))
    _report_roster_plan(plan, file, ws.lang)
    if dry_run:
        for member in plan.members:
            sys.stdout.write(f"=== {member.path} ===\n{member.text}\n")
        _say(ws.lang, f"试运行：将写入 {len(plan.members)} 个成员文件（未写入）",
             f"dry run: {len(plan.members)} member files would be written (nothing written)")
    else:
        written = 0
        for member in plan.members:
            try:
                write_atomic(ws.root / member.path, member.text, force=False)
            except RefusedOverwrite as error:
                _say(ws.lang, f"未覆盖：{error.path}", f"not overwritten: {error.path}")
                continue
            except OSError as error:
                fail(f"无法写入 {member.path}：{error.strerror or error} / cannot write {member.path}")
            written += 1
        _say(ws.lang, f"已写入 {written} 个成员文件；请运行 zhidu check 检查后提交",
             f"wrote {written} member files; run zhidu check, then commit")
    raise typer.Exit(1 if plan.errors else 0)


def _report_roster_plan(plan, file: pathlib.Path, lang: str) -> None:
    """Every row's fate on stderr: what will be written, what is skipped, what cannot be read."""
    if plan.encoding:
        _say(lang, f"{file.name}：编码 {plan.encoding}", f"{file.name}: encoding {plan.encoding}")
    if plan.id_source == "hash":
        _say(lang, "提示：未安装 pypinyin，编号按姓名的散列生成（pip install 'zhidu-cli[pinyin]' 可生成拼音编号）",
             "note: pypinyin is not installed, ids are hashes of the names (pip install 'zhidu-cli[pinyin]' for pinyin ids)")
    for warning in plan.warnings:
        where = f"{file.name}" + (f" [{warning.sheet}]" if warning.sheet else "")
        _say(lang, f"{where}: {warning.zh}", f"{where}: {warning.en}")
    for member in plan.members:
        where = f"{member.sheet} " if member.sheet else ""
        group = f"，{member.group}" if member.group else ""
        _say(lang, f"  {member.path} ← {where}第 {member.row} 行 {member.name}（{member.status}{group}）",
             f"  {member.path} <- {where}row {member.row} {member.name}")
    for skip in plan.skipped:
        _say(lang, f"{file.name}: {skip.text('zh')}（跳过）", f"{file.name}: {skip.text('en')} (skipped)")
    for error in plan.errors:
        _say(lang, f"{file.name}: {error.text('zh')}", f"{file.name}: {error.text('en')}")
    rows = sorted({(e.sheet, e.row) for e in plan.errors})
    if rows:
        _say(lang, f"{len(rows)} 行有误，未写入；改正后可再次导入（已导入的人会跳过）",
             f"{len(rows)} row(s) could not be read and were not written; fix them and import again "
             "(people already imported are skipped)")
