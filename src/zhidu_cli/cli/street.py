"""Workspace mode of ``check``, ``overdue`` and ``dues``: the same command over every branch of a street.

When the repository a command is given is a street workspace (its ``zhidu.yaml`` has ``branches:``),
the command runs once per branch (and once over the street's own records) through
:func:`zhidu_cli.street.runner.run_per_branch`, and prints every branch's results prefixed with the
branch id. ``--branch ID`` narrows to one; ``-j N`` sets the processes (default: the CPU count).
Streams as everywhere: results to stdout (machine formats) or where the command prints them,
configuration errors and progress to stderr. A branch that cannot be opened is reported (exit 2 at
the end) without stopping the others.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import sys
from typing import Optional

import typer

from zhidu_cli.cli.common import EXIT_USAGE, fail, resolve_lang, stderr
from zhidu_cli.records.repository import NotARepository
from zhidu_cli.rules.config import ConfigError
from zhidu_cli.street.layout import Layout, read_layout
from zhidu_cli.street.runner import Outcome
from zhidu_cli.workspace import config_error_lines

def workspace_or_none(repo: pathlib.Path, branch: Optional[str], lang: Optional[str]) -> Layout | None:
    """The street workspace at or above ``repo``, or ``None`` for a plain branch repository.

    A bad ``branches:`` list exits 2 with its located CFG006 errors; ``--branch`` outside a workspace
    or naming no branch exits 2 too.
    """
    chosen = resolve_lang(lang)
    try:
        layout = None if not repo.exists() or repo.is_file() else read_layout(repo, str(repo))
    except (NotARepository, OSError):
        layout = None                 # the command's own load() says so (located), as it always has
    except ConfigError as error:
        sys.stderr.write("".join(line + "\n" for line in config_error_lines(error, str(repo), chosen)))
        raise typer.Exit(EXIT_USAGE)
    if branch is not None:
        if layout is None:
            fail(f"--branch {branch}: {repo} is not a street workspace (no branches: in zhidu.yaml) / "
                 "不是街道工作区（zhidu.yaml 中没有 branches）")
        if branch not in layout.ids():
            fail(f"--branch {branch}: no such branch / 没有这个支部", "branches: " + ", ".join(layout.ids()))
    return layout


def report_errors(outcomes: list[Outcome]) -> bool:
    """Print the branches that could not be worked on (stderr); True when there were any."""
    failed = [o for o in outcomes if not o.ok]
    for outcome in failed:
        sys.stderr.write(f"[{outcome.target.id}] " + f"\n[{outcome.target.id}] ".join(outcome.error) + "\n")
    return bool(failed)


# --- check ----------------------------------------------------------------------------------------------

def check_workspace(layout: Layout, branch: Optional[str], jobs: Optional[int], as_of: dt.date, explicit: bool,
                    lang: Optional[str], select, ignore, fmt: str, show_source: bool):
    """Run ``zhidu check`` over the workspace; return (reports, whether a branch failed to open).

    As for one branch: the findings to stdout, the summary lines (each branch's, then the workspace's)
    to stderr; a machine format is one document on stdout."""
    from zhidu_cli.diagnostics.formatters import format_concise, format_report, summary_line
    from zhidu_cli.street.jobs import check_job
    from zhidu_cli.street.runner import run_per_branch

    chosen = resolve_lang(lang)
    outcomes = run_per_branch(check_job, layout.targets(branch), as_of, explicit, chosen, select, ignore, jobs=jobs)
    reports = [o.value for o in outcomes if o.ok]
    failed = report_errors(outcomes)
    lang_out = chosen or (reports[0].lang if reports else "zh")
    out, err = sys.stdout, sys.stderr
    if fmt == "json":
        out.write(_workspace_json(layout, reports, outcomes, as_of, lang_out))
    elif fmt == "sarif":
        from zhidu_cli.diagnostics.formatters import sarif_document

        documents = [sarif_document(r) for r in reports]
        merged = documents[0] if documents else {"version": "2.1.0", "runs": []}
        merged["runs"] = [run for d in documents for run in d["runs"]]
        out.write(json.dumps(merged, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "gitlab":
        issues = [issue for r in reports for issue in json.loads(format_report(r, "gitlab"))]
        out.write(json.dumps(issues, ensure_ascii=False, indent=2) + "\n")
    else:
        for report in reports:
            lines = _source_lines(layout, report) if show_source else None
            out.write(format_report(report, fmt, source_lines=lines))
            if fmt == "github":
                err.write(format_concise(report))
            err.write(summary_line(report) + "\n")
        err.write(_workspace_summary(layout, reports, outcomes, as_of, lang_out) + "\n")
    out.flush()
    err.flush()
    return reports, failed


def _source_lines(layout: Layout, report):
    target = next(t for t in (layout.street, *layout.branches) if t.id == report.branch)

    def read(path: str):
        try:
            return (target.root / path).read_text("utf-8-sig", errors="replace").splitlines()
        except OSError:
            return None
    return read


def _workspace_summary(layout: Layout, reports, outcomes, as_of: dt.date, lang: str) -> str:
    from zhidu_cli.diagnostics.finding import Severity

    counts = [sum(r.count(s) for r in reports) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
    failed = sum(1 for o in outcomes if not o.ok)
    branches = sum(1 for o in outcomes if not o.target.is_street)
    street = len(outcomes) - branches
    if lang == "en":
        what = f"{branches} branch{'es' if branches != 1 else ''}" + (" and the street's own records" if street else "")
        text = (f"Workspace {layout.display}: checked {what}: {counts[0]} errors, {counts[1]} warnings, "
                f"{counts[2]} infos (as of {as_of})")
        return text + (f"; {failed} could not be checked" if failed else "")
    what = ("街道本级和 " if street else "") + f"{branches} 个支部"
    text = f"工作区 {layout.display}：检查了{what}，{counts[0]} 个错误，{counts[1]} 个警告，{counts[2]} 条提示（截至 {as_of}）"
    return text + (f"；{failed} 个无法检查" if failed else "")


def _workspace_json(layout: Layout, reports, outcomes, as_of: dt.date, lang: str) -> str:
    """``check -f json`` of a workspace: one report per branch (each the single-branch document with
    its ``branch`` id), the branches that could not be checked, and the totals."""
    import zhidu_cli
    from zhidu_cli.diagnostics.formatters import JSON_FORMAT_VERSION, report_json

    documents = [report_json(r) for r in reports]
    document = {
        "format_version": JSON_FORMAT_VERSION,
        "tool": "zhidu",
        "version": zhidu_cli.__version__,
        "as_of": as_of.isoformat(),
        "workspace": layout.display,
        "lang": lang,
        "summary": {key: sum(d["summary"][key] for d in documents) for key in ("files", "error", "warning", "info")},
        "branches": documents,
        "errors": [{"branch": o.target.id, "message": "\n".join(o.error)} for o in outcomes if not o.ok],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- overdue --------------------------------------------------------------------------------------------

def overdue_workspace(layout: Layout, branch: Optional[str], jobs: Optional[int], as_of: dt.date, explicit: bool,
                      lang: Optional[str], horizon: int, show_all: bool, as_json: bool) -> bool:
    """``zhidu overdue`` over the workspace: one table (a 支部 column first) or one JSON document."""
    from rich import box
    from rich.table import Table

    from zhidu_cli.cli.common import print_table, stdout
    from zhidu_cli.cli.overdue import _DEADLINE_STYLES, _STYLES, FORMAT_VERSION, row_json, status_text, summary
    from zhidu_cli.schedule.deadlines import deadline_json
    from zhidu_cli.schedule.deadlines import status_text as deadline_status
    from zhidu_cli.schedule.cadence import Standing
    from zhidu_cli.street.jobs import schedule_job
    from zhidu_cli.street.runner import run_per_branch

    chosen = resolve_lang(lang)
    outcomes = run_per_branch(schedule_job, layout.targets(branch), as_of, explicit, chosen, horizon, show_all,
                              jobs=jobs)
    failed = report_errors(outcomes)
    shown = []
    for outcome in outcomes:
        if not outcome.ok:
            continue
        branch_lang, rows, deadlines, unusable = outcome.value
        if unusable:
            stderr().print(f"[{outcome.target.id}] " + ("meeting files with errors are not counted: " if branch_lang == "en"
                                                        else "以下会议文件有错误，未计入：") + ", ".join(unusable), markup=False)
        kept = rows if show_all else tuple(r for r in rows if r.status is not Standing.HELD)
        shown.append((outcome.target, branch_lang, kept, deadlines))
    out_lang = chosen or (shown[0][1] if shown else "zh")
    if as_json:
        document = {"format_version": FORMAT_VERSION, "as_of": as_of.isoformat(), "horizon_days": horizon,
                    "workspace": layout.display,
                    "branches": [{"branch": t.id, "path": t.display, "rows": [row_json(r, lang_) for r in rows],
                                  "deadlines": [deadline_json(d, as_of, lang_) for d in deadlines]}
                                 for t, lang_, rows, deadlines in shown]}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return failed
    en = out_lang == "en"
    table = Table(title=f"Meeting schedule as of {as_of}" if en else f"会议排期（截至 {as_of}）",
                  box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    headers = (("Branch", "Body", "Group", "Period", "Held", "Status") if en else
               ("支部", "会议", "党小组", "周期", "次数", "状态"))
    for i, header in enumerate(headers):
        table.add_column(header, overflow="fold", no_wrap=i >= 3)
    people = Table(title=f"Member deadlines as of {as_of}" if en else f"成员期限（截至 {as_of}）",
                   box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    for i, header in enumerate(("Branch", "Member", "What", "Due", "Rule", "Status") if en else
                               ("支部", "成员", "事项", "期限", "规则", "状态")):
        people.add_column(header, overflow="fold", no_wrap=i != 2)
    every, everyone = [], []
    for target, _, rows, deadlines in shown:
        for row in rows:
            every.append(row)
            table.add_row(target.id, row.body.name(out_lang), row.group.name if row.group else "",
                          row.period.label_en if en else row.period.label_zh, f"{len(row.meetings)}/{row.body.count}",
                          status_text(row, out_lang), style=_STYLES[row.status])
        for d in deadlines:
            everyone.append(d)
            people.add_row(target.id, d.name, d.what(out_lang), d.due.isoformat(), d.rule,
                           deadline_status(d, as_of, out_lang), style=_DEADLINE_STYLES.get(d.state(as_of)))
    console = stdout()
    if every:
        print_table(console, table)
    if everyone:
        print_table(console, people)
    console.print(summary(every, as_of, out_lang, everyone), markup=False)
    return failed


# --- agenda -------------------------------------------------------------------------------------------

def agenda_workspace(layout: Layout, branch: Optional[str], jobs: Optional[int], as_of: dt.date, explicit: bool,
                     lang: Optional[str], horizon: int, kinds, as_json: bool):
    """``zhidu agenda`` over the workspace: one table (a 支部 column first) or one JSON document.
    Returns (whether a branch failed, the one branch's agenda when ``--branch`` chose one)."""
    from rich import box
    from rich.table import Table

    from zhidu_cli.cli.agenda import FORMAT_VERSION, item_json, sources, summary
    from zhidu_cli.cli.common import print_table, stdout
    from zhidu_cli.street.jobs import agenda_job
    from zhidu_cli.street.runner import run_per_branch

    chosen = resolve_lang(lang)
    outcomes = run_per_branch(agenda_job, layout.targets(branch), as_of, explicit, chosen, horizon, kinds, jobs=jobs)
    failed = report_errors(outcomes)
    done = [(o.target, *o.value) for o in outcomes if o.ok]
    out_lang = chosen or (done[0][1] if done else "zh")
    if as_json:
        document = {"format_version": FORMAT_VERSION, "as_of": as_of.isoformat(), "horizon_days": horizon,
                    "until": (as_of + dt.timedelta(days=horizon)).isoformat(), "workspace": layout.display,
                    "branches": [{"branch": t.id, "path": t.display,
                                  "items": [item_json(i, result.branch, lang_) for i in result.items]}
                                 for t, lang_, result in done]}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return failed
    en = out_lang == "en"
    title = (f"Agenda as of {as_of}, next {horizon} days" if en else f"日程（截至 {as_of}，今后 {horizon} 天）")
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    headers = ("Branch", "Date", "Status", "What", "Who", "Rule") if en else ("支部", "日期", "状态", "事项", "对象", "规则")
    for i, header in enumerate(headers):
        table.add_column(header, overflow="fold", no_wrap=i in (0, 1, 2, 5))
    items = []
    for target, _, result in done:
        for item in result.items:
            items.append(item)
            table.add_row(target.id, item.due.isoformat(), item.lateness(out_lang), item.what(out_lang),
                          item.who(out_lang), item.code, style="red" if item.overdue else None)
    from zhidu_cli.agenda.items import Agenda

    every = Agenda(as_of, horizon, "", tuple(items))
    console = stdout()
    if items:
        print_table(console, table)
        console.print(sources(every, out_lang), markup=False)
    console.print(summary(every, out_lang), markup=False)
    return failed


# --- dues -----------------------------------------------------------------------------------------------

def dues_workspace(layout: Layout, branch: Optional[str], jobs: Optional[int], as_of: dt.date, explicit: bool,
                   lang: Optional[str], first, last, fmt: str) -> bool:
    """``zhidu dues`` over the workspace: every branch's table, each row labelled with its branch."""
    from zhidu_cli.cli.dues import render_table, summary
    from zhidu_cli.cli.common import print_table, stdout
    from zhidu_cli.dues.report import table_csv, table_json
    from zhidu_cli.street.jobs import dues_job
    from zhidu_cli.street.runner import run_per_branch

    chosen = resolve_lang(lang)
    outcomes = run_per_branch(dues_job, layout.targets(branch), as_of, explicit, chosen, first, last, jobs=jobs)
    failed = report_errors(outcomes)
    done = [(o.target, *o.value) for o in outcomes if o.ok]
    if fmt == "json":
        document = {"as_of": as_of.isoformat(), "from": str(first), "to": str(last), "workspace": layout.display,
                    "branches": [{"branch": t.id, "path": t.display, **json.loads(table_json(table))}
                                 for t, _, table, _ in done]}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        out_lang = chosen or (done[0][1] if done else "zh")
        for n, (target, _, table, _) in enumerate(done):
            lines = table_csv(table, out_lang).splitlines(keepends=True)
            header, body = lines[0], lines[1:]
            if n == 0:
                sys.stdout.write(("branch," if out_lang == "en" else "支部,") + header)
            sys.stdout.writelines(f"{target.id},{line}" for line in body)
    else:
        console = stdout()
        for target, branch_lang, table, (warn, lapse) in done:
            console.print(f"[{target.id}] {target.display}", markup=False)
            print_table(console, render_table(table, branch_lang))
            console.print(f"[{target.id}] " + summary(table, warn, lapse, branch_lang), markup=False)
    return failed
