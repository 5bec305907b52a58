"""``zhidu agenda``: everything due or overdue in the next N days, as a table, JSON or a calendar feed.

A report, not a check: it exits 0 whatever it lists (2 when the repository cannot be read or a file
would be overwritten). The items come from :func:`zhidu_cli.agenda.items.agenda`, which reads the
computations the rules make — ``zhidu check`` reports exactly the overdue items listed here.
"""

from __future__ import annotations

import enum
import json
import pathlib
import sys
from typing import Any, Optional

import typer
from rich import box
from rich.table import Table

from zhidu_cli.cli.common import (AsOfOption, BranchOption, JobsOption, maybe_workspace, EXIT_CLEAN, EXIT_USAGE, LangOption, RepoArg, RepoOption, as_of_given, fail,
                                  open_for_report, parse_as_of, pick_repo, print_table, stderr, stdout, write_file)

HELP = """日程：今后 N 天内到期及已逾期的全部事项——会议、成员期限、党费、公开、报送、培训 / the agenda.

每项列出日期、事项、对象、规则及依据、逾期或剩余天数；退出码总是 0（这是报表，不是检查）。

示例 / examples:

  zhidu agenda examples/records --as-of 2025-12-05

  zhidu agenda --horizon 60 --output-format json

  zhidu agenda --ics -o 党务日程.ics --alarm-days 3      # 导入手机日历 / for a phone's calendar

  zhidu agenda --meetings      # 只列会议（同 zhidu overdue 的待召开与逾期）/ meetings only

  zhidu agenda examples/street --as-of 2025-12-05   # 街道工作区的每个支部 / every branch of a street
"""

FORMAT_VERSION = 1
KIND_CHOICES = ("meeting", "member", "dues", "disclosure", "report", "training")


class AgendaFormat(str, enum.Enum):
    table = "table"
    json = "json"


def agenda(
    repo=RepoArg,
    repo_option: Optional[pathlib.Path] = RepoOption,
    as_of: str = AsOfOption,
    lang: str = LangOption,
    horizon: int = typer.Option(30, "--horizon", min=0, max=3660, metavar="N",
                                help="列出今后 N 天内到期的事项（默认 30）/ days ahead"),
    output_format: AgendaFormat = typer.Option(AgendaFormat.table, "--output-format", "-f",
                                               help="输出格式 table（默认）或 json"),
    kinds: Optional[list[str]] = typer.Option(None, "--only", metavar="KIND",
                                              help="只列某类：meeting, member, dues, disclosure, report, training（可逗号分隔）"),
    meetings: bool = typer.Option(False, "--meetings", help="只列会议，同 --only meeting / meetings only"),
    ics: bool = typer.Option(False, "--ics", help="输出 iCalendar 日历文件 / write an iCalendar feed"),
    output: Optional[pathlib.Path] = typer.Option(None, "--output", "-o", metavar="FILE",
                                                  help="写入文件（--ics 时；省略则写到标准输出）/ file to write"),
    force: bool = typer.Option(False, "--force", help="覆盖已有文件 / overwrite an existing file"),
    alarm_days: int = typer.Option(3, "--alarm-days", min=0, max=60, metavar="N",
                                   help="日历提醒：提前 N 天 9:00（默认 3；0 为当天）/ alarm N days before"),
    no_alarm: bool = typer.Option(False, "--no-alarm", help="日历中不设提醒 / no alarms"),
    todo: bool = typer.Option(False, "--todo", help="日历中写待办 VTODO 而非全天事件 / VTODO instead of VEVENT"),
    branch: Optional[str] = BranchOption,
    jobs: Optional[int] = JobsOption,
) -> None:
    from zhidu_cli.agenda.items import agenda as build
    from zhidu_cli.cli.street import agenda_workspace

    day = parse_as_of(as_of)
    chosen = _kinds(kinds, meetings)
    if output is not None and not ics:
        fail("--output is for the calendar feed: add --ics / --output 用于日历文件，请同时给出 --ics")
    if ics and output_format is not AgendaFormat.table:
        fail("--ics writes a calendar, not JSON: give one of them / --ics 与 --output-format json 只能选一个")
    target = pick_repo(repo, repo_option)
    layout = maybe_workspace(target, branch, lang)
    if layout is not None:     # a street workspace: every branch's agenda in one table
        if ics:
            fail("--ics is one branch's calendar: run it in the branch's folder / --ics 须在支部目录中使用")
        failed = agenda_workspace(layout, branch, jobs, day, as_of_given(as_of), lang, horizon, chosen,
                                  output_format is AgendaFormat.json)
        raise typer.Exit(EXIT_USAGE if failed else EXIT_CLEAN)
    ws = open_for_report(target, lang, day, as_of)
    result = build(ws.records, ws.settings, ws.calendar, day, horizon).only(chosen)
    if ics:
        _write_ics(result, ws, output, force, None if no_alarm else alarm_days, todo)
    elif output_format is AgendaFormat.json:
        sys.stdout.write(json.dumps(agenda_json(result, ws.lang), ensure_ascii=False, indent=2) + "\n")
    else:
        console = stdout()
        if result.items:
            print_table(console, agenda_table(result, ws.lang))
            console.print(sources(result, ws.lang), markup=False)
        console.print(summary(result, ws.lang), markup=False)
    raise typer.Exit(EXIT_CLEAN)


def _kinds(given: Optional[list[str]], meetings: bool) -> tuple[str, ...]:
    if meetings:
        given = [*(given or ()), "meeting"]
    if not given:
        return KIND_CHOICES
    chosen = tuple(k.strip().lower() for v in given for k in v.split(",") if k.strip())
    for kind in chosen:
        if kind not in KIND_CHOICES:
            fail(f"--only {kind!r}: choose from {', '.join(KIND_CHOICES)} / 可选 {', '.join(KIND_CHOICES)}")
    return chosen


def _write_ics(result, ws, output: Optional[pathlib.Path], force: bool, alarm_days: int | None,
               todo: bool) -> None:
    from zhidu_cli.agenda.ics import to_ics
    from zhidu_cli.privacy import secrets_of

    data = to_ics(result, ws.lang, alarm_days=alarm_days, todo=todo, secrets=secrets_of(ws.records))
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_file(output, data, force)
    stderr().print(f"wrote {output} ({len(result.items)} items)" if ws.lang == "en" else
                   f"已写入 {output}（{len(result.items)} 项）", markup=False)


# --- output -------------------------------------------------------------------------------------------

def agenda_table(result, lang: str) -> Table:
    en = lang == "en"
    title = (f"Agenda as of {result.as_of}, next {result.horizon} days" if en else
             f"日程（截至 {result.as_of}，今后 {result.horizon} 天）")
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    headers = ("Date", "Status", "What", "Who", "Rule") if en else ("日期", "状态", "事项", "对象", "规则")
    for i, header in enumerate(headers):
        table.add_column(header, overflow="fold", no_wrap=i in (0, 1, 4))
    for item in result.items:
        table.add_row(item.due.isoformat(), item.lateness(lang), item.what(lang), item.who(lang), item.code,
                      style="red" if item.overdue else None)
    return table


def sources(result, lang: str) -> str:
    """Each rule's citation once, under the table (the rows name the rule): ``依据：`` then ``CODE  citation``."""
    cited = dict(sorted({item.code: item.citation for item in result.items}.items()))
    lines = ["Sources:" if lang == "en" else "依据："]
    lines += [f"  {code}  {citation}" for code, citation in cited.items()]
    return "\n".join(lines)


def summary(result, lang: str) -> str:
    late = sum(i.overdue for i in result.items)
    due = len(result.items) - late
    if lang == "en":
        if not result.items:
            return f"nothing due or overdue in the {result.horizon} days from {result.as_of}"
        return f"{late} overdue, {due} due by {result.until} (as of {result.as_of})"
    if not result.items:
        return f"截至 {result.as_of}，今后 {result.horizon} 天没有到期或逾期的事项"
    return f"截至 {result.as_of}：已逾期 {late} 项，{result.until} 前到期 {due} 项"


def item_json(item, branch: str, lang: str) -> dict[str, Any]:
    from zhidu_cli.agenda.ics import uid

    return {
        "date": item.due.isoformat(),
        "opens": item.opens.isoformat() if item.opens else None,
        "kind": item.kind,
        "what": item.what(lang),
        "who": [{"id": m.id, "name": m.name} for m in item.members],
        "group": {"id": item.group.id, "name": item.group.name} if item.group else None,
        "code": item.code,
        "citation": item.citation,
        "status": "overdue" if item.overdue else "due",
        "days_late": item.late,
        "path": item.path or None,
        "obligation": item.obligation,
        "uid": uid(branch, item),
    }


def agenda_json(result, lang: str) -> dict[str, Any]:
    return {"format_version": FORMAT_VERSION, "as_of": result.as_of.isoformat(), "horizon_days": result.horizon,
            "until": result.until.isoformat(), "items": [item_json(i, result.branch, lang) for i in result.items]}
