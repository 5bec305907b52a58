"""``zhidu stats --year Y``: the year's statistics (党内统计年报) as a table, JSON or an Excel workbook,
and ``--explain CODE`` — the members (meetings, ledger months) behind one number.

A report: exit 0 (2 for a usage error, an unreadable repository or a file that would be overwritten).
"""

from __future__ import annotations

import difflib
import enum
import json
import pathlib
import sys
from decimal import Decimal
from typing import Any, Optional

import typer
from rich import box
from rich.table import Table

from zhidu_cli.cli.common import (AsOfOption, EXIT_CLEAN, LangOption, RepoArg, RepoOption, fail, open_for_report,
                                  parse_as_of, pick_repo, print_table, stderr, stdout, write_file)
from zhidu_cli.model.fields import YEARS

HELP = """年度统计（党内统计年报）：年末党员构成、年内变化、发展、会议、出勤、党费、培训 / yearly statistics.

每个数字都有代码，--explain 代码 列出它所统计的成员；未填的字段计为「未填」并列出。

示例 / examples:

  zhidu stats examples/records --year 2025

  zhidu stats --year 2025 --explain gender.female      # 哪些人 / who is counted

  zhidu stats --year 2025 --xlsx 2025年党内统计.xlsx

  zhidu stats --year 2025 --output-format json
"""

FORMAT_VERSION = 1


class StatsFormat(str, enum.Enum):
    table = "table"
    json = "json"


def stats(
    repo=RepoArg,
    repo_option: Optional[pathlib.Path] = RepoOption,
    year: Optional[int] = typer.Option(None, "--year", metavar="YYYY",
                                       help="统计年度（默认检查日期所在年）/ the year (default: the as-of year)"),
    as_of: str = AsOfOption,
    lang: str = LangOption,
    output_format: StatsFormat = typer.Option(StatsFormat.table, "--output-format", "-f",
                                              help="输出格式 table（默认）或 json"),
    explain: Optional[str] = typer.Option(None, "--explain", metavar="CODE",
                                          help="列出某个数字所统计的成员（代码或前缀，如 age、gender.female）"),
    xlsx: Optional[pathlib.Path] = typer.Option(None, "--xlsx", metavar="FILE",
                                                help="写入 Excel 文件 / write an .xlsx workbook"),
    force: bool = typer.Option(False, "--force", help="覆盖已有文件 / overwrite an existing file"),
) -> None:
    from zhidu_cli.stats.yearly import yearly_stats

    day = parse_as_of(as_of)
    year = day.year if year is None else year
    if year not in YEARS:
        fail(f"--year {year}: the year must be {YEARS.start}–{YEARS.stop - 1} / 年份应在 {YEARS.start}–{YEARS.stop - 1} 之间")
    if year > day.year:
        fail(f"--year {year} has not begun on {day} / {year} 年在 {day} 尚未开始",
             "give --as-of a date in or after the year / 用 --as-of 给出该年内或之后的日期")
    ws = open_for_report(pick_repo(repo, repo_option), lang, day, as_of)
    result = yearly_stats(ws.records, ws.settings, year, day)
    if xlsx is not None:
        _write_xlsx(result, ws.lang, xlsx, force)
        raise typer.Exit(EXIT_CLEAN)
    figures = _explained(result, explain, ws.lang) if explain else result.figures
    if output_format is StatsFormat.json:
        sys.stdout.write(json.dumps(stats_json(result, ws.lang, figures), ensure_ascii=False, indent=2) + "\n")
    elif explain:
        console = stdout()
        for figure in figures:
            if figure.rows:
                print_table(console, explain_table(figure, ws.lang))
            else:
                console.print(explain_title(figure, ws.lang) + ("  (none)" if ws.lang == "en" else "（无）"), markup=False)
    else:
        console = stdout()
        console.print(heading(result, ws.lang), markup=False)
        for table in stats_tables(result, ws.lang):
            print_table(console, table)
        console.print(missing_text(result, ws.lang), markup=False)
    raise typer.Exit(EXIT_CLEAN)


def _explained(result, code: str, lang: str):
    wanted = code.strip()
    exact = result.figure(wanted)
    if exact is not None:
        return (exact,)
    prefixed = tuple(f for f in result.figures if f.code.startswith(wanted.rstrip(".") + "."))
    if prefixed:
        return prefixed
    close = difflib.get_close_matches(wanted, [f.code for f in result.figures], n=1)
    fail(f"no figure {wanted} / 没有代码为 {wanted} 的统计项",
         (f"did you mean {close[0]}? / 是否应为 {close[0]}？" if close else
          "zhidu stats lists every code / zhidu stats 列出全部代码"))


def _write_xlsx(result, lang: str, path: pathlib.Path, force: bool) -> None:
    from zhidu_cli.stats.xlsx import to_xlsx

    write_file(path, to_xlsx(result, lang), force, option="--xlsx")
    stderr().print(f"wrote {path}" if lang == "en" else f"已写入 {path}", markup=False)


# --- output -------------------------------------------------------------------------------------------

def value_text(figure, lang: str) -> str:
    en = lang == "en"
    value = figure.value
    if value is None:
        return "—"
    if figure.unit == "yuan":
        return f"{value:.2f}" + ("" if en else " 元")
    if figure.unit == "%":
        return f"{value}%"
    if figure.unit == "days":
        text = format(Decimal(value).normalize(), "f")
        return text + (" days" if en else " 天")
    return str(value)


def heading(result, lang: str) -> str:
    if lang == "en":
        return (f"{result.branch}: statistics of {result.year}, counted on {result.end}"
                + ("" if result.complete else " (the year is in progress)"))
    return f"{result.branch} {result.year} 年统计（截至 {result.end}" + ("）" if result.complete else "，年度未结束）")


def stats_tables(result, lang: str) -> list[Table]:
    from zhidu_cli.stats.xlsx import section_name
    from zhidu_cli.stats.yearly import SECTIONS

    en = lang == "en"
    tables = []
    for key, _, _ in SECTIONS:
        figures = result.section(key)
        if not figures:
            continue
        table = Table(title=section_name(key, lang), box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
        if key == "meetings":
            tables.append(_meetings_table(figures, table, lang))
            continue
        if key == "attendance":
            rates = tuple(f for f in figures if f.counts is not None)
            tables.append(_rates_table(rates, table, lang))
            figures = tuple(f for f in figures if f.counts is None)
            table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        required = any(f.required is not None for f in figures)
        noted = any(f.note(lang) for f in figures)
        headers = [("Code", "代码"), ("Item", "项目"), ("Value", "数值")]
        headers += [("Required", "应开 / 应到")] if required else []
        headers += [("Note", "说明")] if noted else []
        for header_en, header_zh in headers:
            number = header_en in ("Value", "Required")
            table.add_column(header_en if en else header_zh, overflow="fold", no_wrap=number or header_en == "Code",
                             justify="right" if number else "left")
        for figure in figures:
            cells = [figure.code, figure.label(lang), value_text(figure, lang)]
            cells += ["" if figure.required is None else str(figure.required)] if required else []
            cells += [figure.note(lang)] if noted else []
            table.add_row(*cells)
        tables.append(table)
    return tables


def _meetings_table(figures, table: Table, lang: str) -> Table:
    """Meetings held against required, with the periods met and the rule — numbers that never fold."""
    en = lang == "en"
    headers = ("Code", "Meeting", "Held", "Required", "Periods met", "Rule") if en else \
        ("代码", "会议", "已开", "应开", "达标周期", "规则")
    for i, header in enumerate(headers):
        table.add_column(header, overflow="fold", no_wrap=i != 1, justify="right" if i in (2, 3, 4) else "left")
    for figure in figures:
        met, periods = figure.counts or (0, 0)
        table.add_row(figure.code, figure.label(lang), str(figure.value), str(figure.required), f"{met}/{periods}",
                      figure.rule)
    return table


def _rates_table(figures, table: Table, lang: str) -> Table:
    """Attendance rates: who, the rate, attendances and attendances expected."""
    en = lang == "en"
    headers = ("Code", "Members", "Rate", "Attended", "Expected") if en else ("代码", "对象", "出勤率", "出席人次", "应到人次")
    for i, header in enumerate(headers):
        table.add_column(header, overflow="fold", no_wrap=i != 1, justify="right" if i >= 2 else "left")
    for figure in figures:
        part, whole = figure.counts
        table.add_row(figure.code, figure.label(lang), value_text(figure, lang), str(part), str(whole))
    return table


def missing_text(result, lang: str) -> str:
    en = lang == "en"
    missing = result.missing
    if not missing:
        return "every field counted is filled in" if en else "统计所用字段均已填写"
    lines = ["Not filled in or cannot be placed (counted as such):" if en else "未填或无法归类（已按此计数）："]
    for figure in missing:
        names = ", ".join(f"{r.name} ({r.id})" + (f" {r.detail(lang)}" if r.detail(lang) else "") for r in figure.rows)
        lines.append(f"  {figure.code}: {names}")
    return "\n".join(lines)


def explain_title(figure, lang: str) -> str:
    title = f"{figure.code} {figure.label(lang)}: {value_text(figure, lang)}"
    if figure.note(lang):
        title += f" ({figure.note(lang)})" if lang == "en" else f"（{figure.note(lang)}）"
    return title


def explain_table(figure, lang: str) -> Table:
    en = lang == "en"
    table = Table(title=explain_title(figure, lang), box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    for i, header in enumerate(("Id", "Name", "Detail") if en else ("编号", "姓名 / 名称", "说明")):
        table.add_column(header, overflow="fold", no_wrap=i == 0)
    for row in figure.rows:
        table.add_row(row.id, row.name, row.detail(lang))
    return table


def _json_value(figure) -> Any:
    value = figure.value
    return str(value) if isinstance(value, Decimal) else value


def figure_json(figure, lang: str) -> dict[str, Any]:
    return {"code": figure.code, "section": figure.section, "label": figure.label(lang), "value": _json_value(figure),
            "unit": figure.unit or "count", "required": figure.required, "note": figure.note(lang) or None,
            "counts": list(figure.counts) if figure.counts else None, "rule": figure.rule or None,
            "rows": [{"id": r.id, "name": r.name, "detail": r.detail(lang) or None} for r in figure.rows]}


def stats_json(result, lang: str, figures=None) -> dict[str, Any]:
    return {"format_version": FORMAT_VERSION, "branch": result.branch, "year": result.year,
            "as_of": result.as_of.isoformat(), "counted_on": result.end.isoformat(), "complete": result.complete,
            "figures": [figure_json(f, lang) for f in (result.figures if figures is None else figures)],
            "missing": [{"code": f.code, "members": [{"id": r.id, "name": r.name} for r in f.rows]}
                        for f in result.missing]}
