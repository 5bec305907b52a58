"""``zhidu member ID``: one member as of a date — status, group, roles, away, the development pipeline
with its deadlines, and the findings of ``zhidu check`` that concern them.

The pipeline comes from :mod:`zhidu_cli.model.pipeline` with the parameters the rules use (resolved
the way the rules resolve them), and the findings from the same :func:`zhidu_cli.workspace.check`
run as ``zhidu check``: a finding concerns the member when it is located in their file or its facts
name them (``facts["member"]``). Private fields (phone, ID number, address, contact) are never shown.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import enum
import json
import pathlib
import sys
from dataclasses import dataclass
from typing import Any, Optional

import typer
from rich.cells import cell_len

from zhidu_cli.cli.common import AsOfOption, EXIT_CLEAN, LangOption, at, fail, load, parse_as_of, stdout
from zhidu_cli.diagnostics.finding import Finding
from zhidu_cli.diagnostics.formatters import display_path, report_json
from zhidu_cli.diagnostics.report import Report
from zhidu_cli.model import vocab as V
from zhidu_cli.model.pipeline import Step, development, next_step, steps
from zhidu_cli.model.records import Event
from zhidu_cli.model.status import Status
from zhidu_cli.rules.counting import param, rule_on
from zhidu_cli.rules.development import deadlines_for
from zhidu_cli.schedule.deadlines import Deadline, State, deadline_json, member_deadlines, open_deadlines, status_text
from zhidu_cli.workspace import Workspace, check

HELP = """一名成员的情况：身份、党小组、职务、外出、发展进程及下一期限，以及与其有关的检查问题 / one member.

示例 / examples:

  zhidu member chen-siyu -C examples/records --as-of 2025-12-31

  zhidu member 陈思雨 --output-format json

  zhidu member huang-junjie --lang en
"""

FORMAT_VERSION = 1


class MemberFormat(str, enum.Enum):
    text = "text"
    json = "json"


@dataclass(frozen=True)
class MemberView:
    """Everything ``zhidu member`` shows, computed once; the text and JSON outputs only format it."""

    id: str
    name: str
    path: str
    as_of: dt.date
    status: Status
    group: tuple[str, str] | None          # (id, name)
    roles: tuple[str, ...]
    away: Event | None
    left: dt.date | None
    steps: tuple[Step, ...]
    next: Step | None
    findings: tuple[Finding, ...]
    deadlines: tuple[Deadline, ...] = ()     # the same computation the DEV/PRB rules report from


# --- the core --------------------------------------------------------------------------------------------

def find_member(ws: Workspace, wanted: str) -> str | None:
    """The member id for ``wanted``: an id, or a name that only one member has."""
    if wanted in ws.records.members:
        return wanted
    named = [m.id for m in ws.records.members.values() if m.name == wanted]
    return named[0] if len(named) == 1 else None


def member_view(ws: Workspace, member_id: str, as_of: dt.date) -> MemberView:
    records, settings = ws.records, ws.settings
    member = records.members[member_id]
    timeline = records.timeline(member_id)
    dev = development(records, member_id, as_of)
    deadlines = deadlines_for(lambda code, name, on: param(settings, code, name, on), dev, as_of)
    mine = tuple(d for d in member_deadlines(records, settings, member_id, as_of)
                 if rule_on(settings, d.rule) and d.state(as_of) is not State.LAPSED)
    pipeline = tuple(step if step.rule is None or rule_on(settings, step.rule)
                     else dataclasses.replace(step, due=None, not_before=None)
                     for step in _with_deadlines(steps(dev, deadlines, ws.calendar, as_of), mine))
    group_id = timeline.group(as_of)
    groups = {g.id: g.name for g in records.branch.groups} if records.branch else {}
    report = check(ws, as_of)
    findings = tuple(f for f in report.findings
                     if f.location.path == member.loc.path or f.facts.get("member") == member_id)
    left = timeline.left_on()
    return MemberView(
        id=member_id, name=member.name, path=member.loc.path, as_of=as_of, status=timeline.status(as_of),
        group=(group_id, groups.get(group_id, group_id)) if group_id else None,
        roles=tuple(sorted(timeline.roles(as_of), key=V.ROLES.ids().index)),
        away=timeline.away(as_of), left=left if left and left <= as_of else None,
        steps=pipeline, next=_next(pipeline, mine, as_of) if timeline.status(as_of) is not Status.GONE else None,
        findings=findings, deadlines=mine,
    )


_STEP_OF = {"talk": "talked", "approval": "approval", "conversion": "conversion"}


def _with_deadlines(pipeline: tuple[Step, ...], deadlines: tuple[Deadline, ...]) -> tuple[Step, ...]:
    """The pipeline's windows taken from the deadlines the rules report from (the latest of each kind)."""
    latest = {_STEP_OF[d.kind]: d for d in sorted(deadlines, key=lambda d: d.start) if d.kind in _STEP_OF}
    return tuple(dataclasses.replace(s, due=latest[s.key].due) if s.key in latest else s for s in pipeline)


def _next(pipeline: tuple[Step, ...], deadlines: tuple[Deadline, ...], as_of: dt.date) -> Step | None:
    """The earliest open deadline (what ``zhidu overdue`` lists), else the next step with a window."""
    pending = open_deadlines(deadlines, as_of)
    if pending:
        first = pending[0]
        return Step(_STEP_OF.get(first.kind, first.kind), None, due=first.due, rule=first.rule)
    return next_step(pipeline)


# --- words -----------------------------------------------------------------------------------------------

STEP_LABELS = {
    "applied": ("递交入党申请书", "applied"),
    "talked": ("谈话", "talked with"),
    "activist": ("确定为入党积极分子", "activist"),
    "development-target": ("确定为发展对象", "development target"),
    "trained": ("集中培训", "concentrated training"),
    "disclosure": ("公示", "disclosure"),
    "assembly": ("支部党员大会接收", "admitted by the assembly"),
    "approval": ("上级党委审批", "approved by the upper organization"),
    "probation-end": ("预备期满", "end of probation"),
    "conversion": ("讨论转正", "conversion discussed"),
    "assessment": ("考察入党积极分子", "activist assessed"),
}

STATUS_EN = {
    Status.NONE: "not in the pipeline", Status.APPLICANT: "applicant", Status.ACTIVIST: "activist",
    Status.TARGET: "development target", Status.ADMITTED: "admitted, awaiting approval",
    Status.PROBATIONARY: "probationary member", Status.FULL: "full member", Status.GONE: "left the branch",
}


def label(key: str, lang: str) -> str:
    zh, en = STEP_LABELS[key]
    return en if lang == "en" else zh


def _window(step: Step, lang: str) -> str:
    en = lang == "en"
    if step.key == "probation-end":
        return (f"ends {step.due}" if en else f"于 {step.due} 届满") if step.due else ""
    if step.due and step.not_before:
        text = f"{step.not_before} to {step.due}" if en else f"{step.not_before} 至 {step.due}"
    elif step.due:
        text = f"due {step.due}" if en else f"期限 {step.due}"
    elif step.not_before:
        text = f"not before {step.not_before}" if en else f"不早于 {step.not_before}"
    else:
        return ""
    return f"{text} ({step.rule})" if en else f"{text}（{step.rule}）"


def _when(step: Step, lang: str) -> str:
    if step.date is None:
        return "—"
    if step.end is not None:
        return f"{step.date} to {step.end}" if lang == "en" else f"{step.date} 至 {step.end}"
    return step.date.isoformat()


def next_text(step: Step | None, as_of: dt.date, lang: str) -> str:
    """``上级党委审批 期限 2024-10-10（DEV007），已逾期 3 天`` — the one line a secretary acts on."""
    en = lang == "en"
    if step is None:
        return "nothing pending" if en else "无"
    parts = [label(step.key, lang), _window(step, lang)]
    if step.due is not None:
        days = (step.due - as_of).days
        if days < 0:
            parts.append(f"overdue {-days} days" if en else f"已逾期 {-days} 天")
        else:
            parts.append(("due today" if en else "今天截止") if days == 0 else
                         (f"{days} days left" if en else f"还剩 {days} 天"))
    elif step.not_before is not None and step.not_before > as_of:
        days = (step.not_before - as_of).days
        parts.append(f"possible in {days} days" if en else f"{days} 天后可进行")
    return (", " if en else "，").join(p for p in parts if p)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - cell_len(text), 0)


def _away_text(away: Event, lang: str) -> str:
    en = lang == "en"
    bits = [away.place or ("place not recorded" if en else "地点未记录"),
            f"since {away.date}" if en else f"自 {away.date}"]
    if away.until:
        bits.append(f"back by {away.until}" if en else f"预计 {away.until} 返回")
    if away.certificate:
        bits.append(away.certificate if en else V.CERTIFICATES.zh(away.certificate))
    return (", " if en else "，").join(bits)


# --- output ----------------------------------------------------------------------------------------------

def format_text(view: MemberView, repo: str, lang: str) -> str:
    en = lang == "en"
    none = "—"
    header = (("Status", "Group", "Roles", "Away") if en else ("身份", "党小组", "职务", "外出"))
    status = STATUS_EN[view.status] if en else view.status.zh
    if view.left:
        status += f" (left on {view.left})" if en else f"（{view.left} 离开）"
    roles = (", " if en else "、").join(r if en else V.ROLES.zh(r) for r in view.roles) or none
    group = (f"{view.group[1]} ({view.group[0]})" if en else f"{view.group[1]}（{view.group[0]}）") \
        if view.group else none
    away = _away_text(view.away, lang) if view.away else ("no" if en else "否")
    width = max(cell_len(h) for h in header) + 2
    lines = [f"{view.name} ({view.id}) as of {view.as_of}" if en else f"{view.name}（{view.id}）截至 {view.as_of}", ""]
    lines += [f"  {_pad(h, width)}{v}" for h, v in zip(header, (status, group, roles, away))]

    lines += ["", "Development" if en else "发展进程"]
    if not any(s.date for s in view.steps):
        lines.append("  no development recorded (joined before the records began, or not yet applied)" if en else
                     "  记录中没有发展过程（入党早于记录起始，或尚未申请）")
    else:
        labels = [label(s.key, lang) for s in view.steps]
        whens = [_when(s, lang) for s in view.steps]
        lw, ww = max(map(cell_len, labels)) + 2, max(map(cell_len, whens)) + 2
        for step, text, when in zip(view.steps, labels, whens):
            lines.append(f"  {_pad(text, lw)}{_pad(when, ww)}{_window(step, lang)}".rstrip())
        lines.append(("Next: " if en else "下一期限：") + next_text(view.next, view.as_of, lang))

    if view.deadlines:
        lines += ["", "Deadlines" if en else "期限"]
        labels = [d.what(lang) for d in view.deadlines]
        dues = [(f"due {d.due}" if en else f"期限 {d.due}") for d in view.deadlines]
        lw, dw = max(map(cell_len, labels)) + 2, max(map(cell_len, dues)) + 2
        for d, text, due in zip(view.deadlines, labels, dues):
            rule = f"({d.rule})" if en else f"（{d.rule}）"
            lines.append(f"  {_pad(text, lw)}{_pad(due, dw)}{status_text(d, view.as_of, lang)}{' ' if en else ''}{rule}")

    report = _report(view, repo, lang)
    lines += ["", (f"Findings ({len(view.findings)})" if en else f"检查问题（{len(view.findings)}）")]
    if not view.findings:
        lines.append("  none" if en else "  无")
    for finding in view.findings:
        where = display_path(report, finding.location.path)
        if finding.location.line:
            where += f":{finding.location.line}:{finding.location.column or 1}"
        severity = finding.severity.label if en else {"error": "错误", "warning": "警告", "info": "提示"}[
            finding.severity.label]
        lines.append(f"  {where}: {finding.code} [{severity}] {' '.join(finding.message.split())}")
        if finding.hint:
            lines.append(f"    {'hint' if en else '建议'}: {' '.join(finding.hint.split())}")
    return "\n".join(lines) + "\n"


def _report(view: MemberView, repo: str, lang: str) -> Report:
    return Report(view.findings, view.as_of, repo, lang)


def _step_json(step: Step, lang: str) -> dict[str, Any]:
    iso = lambda day: day.isoformat() if day else None   # noqa: E731
    return {"step": step.key, "label": label(step.key, lang), "date": iso(step.date), "end": iso(step.end),
            "due": iso(step.due), "not_before": iso(step.not_before), "rule": step.rule,
            "location": str(step.location) if step.location else None}


def view_json(view: MemberView, repo: str, lang: str) -> dict[str, Any]:
    away = view.away
    return {
        "format_version": FORMAT_VERSION,
        "as_of": view.as_of.isoformat(),
        "member": {
            "id": view.id, "name": view.name, "path": view.path,
            "status": view.status.value, "status_zh": view.status.zh,
            "left": view.left.isoformat() if view.left else None,
            "group": {"id": view.group[0], "name": view.group[1]} if view.group else None,
            "roles": list(view.roles),
            "away": {"since": away.date.isoformat(), "place": away.place,
                     "until": away.until.isoformat() if away.until else None,
                     "certificate": away.certificate} if away else None,
        },
        "pipeline": [_step_json(s, lang) for s in view.steps],
        "next": _step_json(view.next, lang) if view.next else None,
        "deadlines": [deadline_json(d, view.as_of, lang) for d in view.deadlines],
        "findings": report_json(_report(view, repo, lang))["findings"],
    }


# --- the command -----------------------------------------------------------------------------------------

def member(
    member_id: str = typer.Argument(..., metavar="ID", help="成员编号（members/ 下的文件名）或唯一的姓名 / member id or name"),
    repo: pathlib.Path = typer.Option(pathlib.Path("."), "-C", "--repo",
                                      help="记录仓库（默认当前目录）/ records repository"),
    as_of: Optional[str] = AsOfOption,
    lang: Optional[str] = LangOption,
    output_format: MemberFormat = typer.Option(MemberFormat.text, "--output-format", "-f",
                                               help="输出格式 text（默认）或 json"),
) -> None:
    day = parse_as_of(as_of)
    ws = at(load(repo, lang=lang), day, as_of)
    view = member_view(ws, member_or_fail(ws, member_id), day)
    if output_format is MemberFormat.json:
        sys.stdout.write(json.dumps(view_json(view, ws.display, ws.lang), ensure_ascii=False, indent=2) + "\n")
    else:
        stdout().print(format_text(view, ws.display, ws.lang), markup=False, end="")
    raise typer.Exit(EXIT_CLEAN)


def member_or_fail(ws: Workspace, member_id: str) -> str:
    """The id of the member named by id or unique name, else exit 2 saying why: a broken file, a name
    several members share, or the nearest id or name (``zhidu member`` and ``zhidu dues --member``)."""
    en = ws.lang == "en"
    found = find_member(ws, member_id)
    if found is None:
        if member_id in ws.records.broken_ids.get("member", ()):
            fail(f"members/{member_id}.yaml has errors: run `zhidu check` to see them" if en else
                 f"members/{member_id}.yaml 有错误，请先运行 zhidu check 查看")
        namesakes = sorted(m.id for m in ws.records.members.values() if m.name == member_id)
        if namesakes:
            fail(f"{member_id} is the name of {len(namesakes)} members: give the id" if en else
                 f"{member_id} 是 {len(namesakes)} 名成员的姓名，请写编号", ", ".join(namesakes))
        choices = {**{m.id: m.id for m in ws.records.members.values()},
                   **{m.name: m.id for m in ws.records.members.values()}}
        close = difflib.get_close_matches(member_id, list(choices), n=1, cutoff=0.5)
        hint = ""
        if close:
            suggestion = choices[close[0]]
            name = ws.records.members[suggestion].name
            hint = f"did you mean {suggestion} ({name})?" if en else f"是否应为 {suggestion}（{name}）？"
        where = "" if ws.display == "." else (f" in {ws.display}" if en else f"（{ws.display}）")
        fail(f"no member {member_id}{where}" if en else f"没有成员 {member_id}{where}", hint)
    return found
