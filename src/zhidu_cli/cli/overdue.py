"""``zhidu overdue``: the meeting schedule — for each body and 党小组, which periods are due or overdue —
and the members' open deadlines (talk, assessment, approval, conversion).

A report, not a check: it exits 0 whatever it shows (2 only when the repository cannot be read). The
rows come from :func:`zhidu_cli.schedule.cadence.schedule`, the function the MTG rules report from, and
the deadlines from :func:`zhidu_cli.schedule.deadlines.all_deadlines`, the one the DEV/PRB rules report
from, so ``zhidu check`` finds exactly the overdue periods and deadlines listed here.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import pathlib
import sys
from typing import Any, Iterable, Optional

import typer
from rich import box
from rich.table import Table

from zhidu_cli.cli.common import (AsOfOption, BranchOption, JobsOption, maybe_workspace, EXIT_CLEAN, EXIT_USAGE, LangOption, RepoArg, RepoOption, as_of_given, at,
                                  fail, load, parse_as_of,
                                  pick_repo, print_table, stderr, stdout)
from zhidu_cli.rules.counting import rule_on
from zhidu_cli.schedule.cadence import ScheduleRow, Standing, schedule
from zhidu_cli.schedule.deadlines import Deadline, State, all_deadlines, deadline_json, open_deadlines
from zhidu_cli.schedule.deadlines import status_text as deadline_status

HELP = """会议排期与成员期限：各类会议（及各党小组）每个周期已召开、待召开还是已逾期，以及发展党员各环节的期限
/ the meeting schedule and the members' deadlines.

默认列出待召开和已逾期的周期，以及已逾期的成员期限（谈话、考察、审批、讨论转正）；退出码总是 0（这是报表，不是检查）。

示例 / examples:

  zhidu overdue examples/records --as-of 2025-12-31

  zhidu overdue --horizon 30      # 另列出 30 天内开始的周期 / also what falls due in the next 30 days

  zhidu overdue --all --output-format json      # 含已召开的周期 / held periods too

  zhidu overdue examples/street --as-of 2025-12-31   # 街道工作区的每个支部 / every branch of a street
"""

FORMAT_VERSION = 1

_STYLES = {Standing.OVERDUE: "red", Standing.DUE: "yellow", Standing.HELD: "green"}


class OverdueFormat(str, enum.Enum):
    table = "table"
    json = "json"


def overdue(
    repo=RepoArg,
    repo_option: Optional[pathlib.Path] = RepoOption,
    as_of: str = AsOfOption,
    lang: str = LangOption,
    horizon: int = typer.Option(0, "--horizon", min=0, metavar="N",
                                help="另列出今后 N 天内开始的周期 / also show periods starting in the next N days"),
    output_format: OverdueFormat = typer.Option(OverdueFormat.table, "--output-format", "-f",
                                                help="输出格式 table（默认）或 json"),
    show_all: bool = typer.Option(False, "--all", help="也列出已召开的周期 / show held periods too"),
    branch: Optional[str] = BranchOption,
    jobs: Optional[int] = JobsOption,
) -> None:
    from zhidu_cli.cli.street import overdue_workspace

    day = parse_as_of(as_of)
    target = pick_repo(repo, repo_option)
    layout = maybe_workspace(target, branch, lang)
    if layout is not None:     # a street workspace: every branch's schedule, in one table
        failed = overdue_workspace(layout, branch, jobs, day, as_of_given(as_of), lang, horizon, show_all,
                                   output_format is OverdueFormat.json)
        raise typer.Exit(EXIT_USAGE if failed else EXIT_CLEAN)
    ws = at(load(target, lang=lang), day, as_of)
    en = ws.lang == "en"
    if ws.records.branch is None:
        fail("zhidu.yaml has errors: run `zhidu check` to see them" if en else
             "zhidu.yaml 有错误，无法排期；运行 zhidu check 查看")
    unusable = sorted(ws.records.broken_ids.get("meeting", ()))
    if unusable:
        stderr().print(("meeting files with errors are not counted (see `zhidu check`): " if en else
                        "以下会议文件有错误，未计入（运行 zhidu check 查看）：") + ", ".join(unusable), markup=False)
    rows = schedule(ws.records, ws.settings, day, horizon_days=horizon)
    shown = rows if show_all else tuple(r for r in rows if r.status is not Standing.HELD)
    deadlines = member_todo(ws, day, horizon, show_all)
    if output_format is OverdueFormat.json:
        document = schedule_json(shown, day, horizon, ws.lang)
        document["deadlines"] = [deadline_json(d, day, ws.lang) for d in deadlines]
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        console = stdout()
        if shown:
            print_table(console, schedule_table(shown, day, ws.lang))
        if deadlines:
            print_table(console, deadline_table(deadlines, day, ws.lang))
        console.print(summary(shown, day, ws.lang, deadlines), markup=False)
    raise typer.Exit(EXIT_CLEAN)


def member_todo(ws, as_of: dt.date, horizon: int, show_all: bool) -> tuple[Deadline, ...]:
    """Open member deadlines of the rules switched on: overdue ones, and pending ones due within the
    horizon (all pending ones with ``--all``)."""
    found = open_deadlines((d for d in all_deadlines(ws.records, ws.settings, as_of) if rule_on(ws.settings, d.rule)),
                           as_of)
    return tuple(d for d in found
                 if d.state(as_of) is State.OVERDUE or show_all or d.days_left(as_of) <= horizon)


# --- output -------------------------------------------------------------------------------------------

def status_text(row: ScheduleRow, lang: str) -> str:
    """``已逾期 3 天`` / ``待召开，剩 5 天`` / ``已召开`` (and in English)."""
    en = lang == "en"
    if row.status is Standing.OVERDUE:
        return f"overdue {row.days_overdue} days" if en else f"已逾期 {row.days_overdue} 天"
    if row.status is Standing.DUE:
        if row.days_left == 0:
            return "due today" if en else "待召开，今天截止"
        return f"due, {row.days_left} days left" if en else f"待召开，剩 {row.days_left} 天"
    return row.status.label(lang)


def _period_label(row: ScheduleRow, lang: str) -> str:
    return row.period.label_en if lang == "en" else row.period.label_zh


def schedule_table(rows: Iterable[ScheduleRow], as_of: dt.date, lang: str) -> Table:
    """A rich table, one row per period, coloured by status (rich drops colour for NO_COLOR and pipes)."""
    en = lang == "en"
    table = Table(title=f"Meeting schedule as of {as_of}" if en else f"会议排期（截至 {as_of}）",
                  box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False, show_edge=False,
                  padding=(0, 1, 0, 0))          # the box's own space between columns is the other half
    headers = (("Body", "Group", "Period", "Held", "Last valid meeting", "Status") if en else
               ("会议", "党小组", "周期", "次数", "最近有效会议", "状态"))
    for i, header in enumerate(headers):      # names and statuses may break between words; periods,
        table.add_column(header, overflow="fold", no_wrap=i in (2, 3, 4))   # counts and dates stay whole
    for row in rows:
        last = row.last_meeting
        table.add_row(row.body.name(lang), row.group.name if row.group else "", _period_label(row, lang),
                      f"{len(row.meetings)}/{row.body.count}", last.date.isoformat() if last else "—",
                      status_text(row, lang), style=_STYLES[row.status])
    return table


_DEADLINE_STYLES = {State.OVERDUE: "red", State.PENDING: "yellow"}


def deadline_table(deadlines: Iterable[Deadline], as_of: dt.date, lang: str) -> Table:
    """One row per open member deadline: who, what, by when, how late (the rule that sets it)."""
    en = lang == "en"
    table = Table(title=f"Member deadlines as of {as_of}" if en else f"成员期限（截至 {as_of}）",
                  box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    headers = ("Member", "What", "Due", "Rule", "Status") if en else ("成员", "事项", "期限", "规则", "状态")
    for i, header in enumerate(headers):
        table.add_column(header, overflow="fold", no_wrap=i != 1)
    for d in deadlines:
        table.add_row(d.name, d.what(lang), d.due.isoformat(), d.rule, deadline_status(d, as_of, lang),
                      style=_DEADLINE_STYLES.get(d.state(as_of)))
    return table


def summary(rows: Iterable[ScheduleRow], as_of: dt.date, lang: str, deadlines: Iterable[Deadline] = ()) -> str:
    """The closing line: meetings overdue and due, then — when any are listed — the member deadlines."""
    rows = tuple(rows)
    deadlines = tuple(deadlines)
    late = sum(r.status is Standing.OVERDUE for r in rows)
    due = sum(r.status is Standing.DUE for r in rows)
    d_late = sum(d.state(as_of) is State.OVERDUE for d in deadlines)
    d_due = sum(d.state(as_of) is State.PENDING for d in deadlines)
    if lang == "en":
        text = (f"{late} overdue, {due} due as of {as_of}" if late or due else
                f"no meeting due or overdue as of {as_of}" if deadlines else f"nothing due or overdue as of {as_of}")
        return text + (f"; member deadlines: {d_late} overdue, {d_due} pending" if deadlines else "")
    text = (f"截至 {as_of}：已逾期 {late} 项，待召开 {due} 项" if late or due else f"截至 {as_of} 没有待召开或已逾期的会议")
    return text + (f"；成员期限：已逾期 {d_late} 项，待办 {d_due} 项" if deadlines else "")


def row_json(row: ScheduleRow, lang: str) -> dict[str, Any]:
    last = row.last_meeting
    return {
        "code": row.code,
        "body": row.body.key,
        "body_zh": row.body.name_zh,
        "body_en": row.body.name_en,
        "group": row.group_id,
        "group_name": row.group.name if row.group else None,
        "period": {"kind": row.period.kind.value, "start": row.period.start.isoformat(),
                   "end": row.period.end.isoformat(), "label": _period_label(row, lang)},
        "required": row.body.count,
        "held": len(row.meetings),
        "status": row.status.value,
        "days_left": row.days_left,
        "days_overdue": row.days_overdue,
        "last_meeting": {"id": last.id, "date": last.date.isoformat(), "path": last.loc.path} if last else None,
    }


def schedule_json(rows: Iterable[ScheduleRow], as_of: dt.date, horizon: int, lang: str) -> dict[str, Any]:
    return {"format_version": FORMAT_VERSION, "as_of": as_of.isoformat(), "horizon_days": horizon,
            "rows": [row_json(r, lang) for r in rows]}
