"""The roll-up: what a street office needs to know about each branch, without its private data.

:func:`branch_rollup` turns one branch (its records, its ``zhidu check`` report, an as-of date) into a
plain JSON-ready mapping — counts and money, never a phone number, an ID number or an address, and
members' names only when asked (``with_names``). :func:`rollup_document` wraps branches in the
versioned document ``zhidu rollup -f json`` prints; a branch's CI publishes the same document for its
one branch, and :func:`read_reports` reads a folder of them back (``zhidu rollup --from-reports``), so
a district rolls up hundreds of branches without reading a single record. The schema is documented
in docs/street.md; :data:`FORMAT_VERSION` changes only when a key changes meaning or disappears.

Every figure is computed by the function the rules and the other commands use — the schedule of
``zhidu overdue``, the balances of ``zhidu dues``, the pipeline of ``zhidu member`` — so the roll-up
can never disagree with ``zhidu check`` about the same branch.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any, Iterable, Mapping

import zhidu_cli
from zhidu_cli.diagnostics.report import Report
from zhidu_cli.dues.money import format_money
from zhidu_cli.model.status import Status
from zhidu_cli.schedule.months import YearMonth

FORMAT = "zhidu-rollup"
FORMAT_VERSION = 1
#: Members this many consecutive months behind with dues are counted (the issue's "3+ unpaid months";
#: DUE005 warns at the same default).
BEHIND_MONTHS = 3
#: "Due soon" on the overview: within this many days after the as-of date.
SOON_DAYS = 30

SEVERITIES = ("error", "warning", "info")
#: The pipeline stages counted, in the order a person goes through them.
STAGES = (Status.APPLICANT, Status.ACTIVIST, Status.TARGET, Status.ADMITTED, Status.PROBATIONARY, Status.FULL)
IN_PIPELINE = frozenset(STAGES[:-1])
ZERO = Decimal("0.00")


class ReportError(Exception):
    """A published report that cannot be rolled up: ``path: why``."""


# --- one branch ----------------------------------------------------------------------------------------

def findings_summary(report: Report) -> dict[str, Any]:
    """Findings by severity, and by family (the code's three letters) and severity."""
    total = Counter(f.severity.label for f in report.findings)
    by_family: dict[str, Counter] = defaultdict(Counter)
    for finding in report.findings:
        by_family[finding.code[:3]][finding.severity.label] += 1
    return {"total": {s: total[s] for s in SEVERITIES},
            "by_family": {family: {s: counts[s] for s in SEVERITIES} for family, counts in sorted(by_family.items())}}


def _period_json(row, lang: str) -> dict[str, Any]:
    return {"body": row.body.key, "body_name": row.body.name(lang), "group": row.group_id,
            "group_name": row.group.name if row.group else None,
            "period": row.period.label_en if lang == "en" else row.period.label_zh,
            "start": row.period.start.isoformat(), "end": row.period.end.isoformat(),
            "days_overdue": row.days_overdue, "days_left": row.days_left}


def meetings_summary(rows, as_of: dt.date, lang: str) -> tuple[list[dict], list[dict], list[dict]]:
    """Per body, this year: periods required (every period of the year begun by the as-of date, the
    current one included) × the count per period, and meetings held towards them (capped at the
    count per period: a second meeting in a month does not make up for a missed one), periods
    overdue and periods due now. Also every overdue period (whatever year) and what falls due soon."""
    first_day = dt.date(as_of.year, 1, 1)
    bodies: dict[str, dict[str, Any]] = {}
    overdue, soon = [], []
    for row in rows:
        if row.status.value == "overdue":
            overdue.append(_period_json(row, lang))
        elif row.status.value == "due" and (row.period.end - as_of).days <= SOON_DAYS:
            soon.append(_period_json(row, lang))
        if row.period.start > as_of or row.period.end < first_day:
            continue
        entry = bodies.setdefault(row.body.key, {"body": row.body.key, "body_name": row.body.name(lang),
                                                 "per": row.body.per.value, "groups": 0, "required": 0,
                                                 "held": 0, "overdue": 0, "due": 0})
        entry["required"] += row.body.count
        entry["held"] += min(len(row.meetings), row.body.count)
        entry["overdue"] += row.status.value == "overdue"
        entry["due"] += row.status.value == "due"
    for entry in bodies.values():
        entry["groups"] = len({r.group_id for r in rows if r.body.key == entry["body"] and r.group_id})
    return list(bodies.values()), overdue, soon


def dues_summary(ws, as_of: dt.date, balances) -> dict[str, Any]:
    """This year's dues: owed for its months, collected (cash received in its ledgers by the as-of
    date, paid elsewhere excluded), outstanding (arrears of members on the rolls as of the date) and
    remitted to the upper organization (the year's ledgers' remittances made by the date)."""
    first, last = YearMonth(as_of.year, 1), YearMonth.of(as_of)
    owed = sum((balance.period(first, last).owed for balance in balances.members.values()), ZERO)
    outstanding = sum((b.arrears for b in balances.members.values() if b.on_rolls), ZERO)
    collected = remitted = ZERO
    ledgers = 0
    for month, ledger in ws.records.ledgers.items():
        if not first <= month <= last:
            continue
        ledgers += 1
        collected += sum((p.amount for p in ledger.payments if p.paid_on <= as_of and not p.elsewhere), ZERO)
        if ledger.remittance is not None and ledger.remittance.date <= as_of:
            remitted += ledger.remittance.amount
    return {"year": as_of.year, "ledgers": ledgers, "owed": format_money(owed), "collected": format_money(collected),
            "outstanding": format_money(outstanding), "remitted": format_money(remitted)}


def review_summary(ws, as_of: dt.date) -> dict[str, Any]:
    """The democratic review of the as-of date's year (else the latest held): members expected, graded,
    and who took part (attended one of the year's meetings, or graded in writing)."""
    from zhidu_cli.rules.registry import by_code
    from zhidu_cli.rules.review import review_years
    from zhidu_cli.workspace import context_factory

    rule = by_code()["EVL001"]
    years = review_years(context_factory(ws, as_of)(rule, ws.settings.setting("EVL001")))
    if not years:
        return {"year": None, "held_this_year": False, "meetings": 0, "expected": 0, "graded": 0, "took_part": 0}
    year = years[-1]
    expected = set(year.expected)
    took_part = {m for m in expected if m in year.attended or (m in year.grades and year.grades[m].written)}
    return {"year": year.year, "held_this_year": year.year == as_of.year, "meetings": len(year.meetings),
            "expected": len(expected), "graded": len(expected & set(year.grades)), "took_part": len(took_part)}


def branch_rollup(ws, report: Report, as_of: dt.date, *, branch_id: str, path: str,
                  with_names: bool = False) -> dict[str, Any]:
    """One branch's roll-up entry (see the module docstring and docs/street.md)."""
    from zhidu_cli.dues.balances import compute_balances
    from zhidu_cli.dues.settings import DuesSettings
    from zhidu_cli.rules.counting import rule_on
    from zhidu_cli.schedule.cadence import schedule
    from zhidu_cli.schedule.deadlines import State, all_deadlines, open_deadlines

    records, lang = ws.records, ws.lang
    branch = records.branch
    rows = schedule(records, ws.settings, as_of, horizon_days=SOON_DAYS)
    meetings, overdue, soon = meetings_summary(rows, as_of, lang)
    settings = DuesSettings.from_config(ws.settings.dues)
    balances = compute_balances(records, settings.standard, as_of, start=settings.start)
    behind = sorted((b for b in balances.members.values() if b.on_rolls and b.behind >= BEHIND_MONTHS),
                    key=lambda b: b.member)

    stages: Counter = Counter()
    for member_id in sorted(records.members):
        timeline = records.timeline(member_id)
        status = timeline.status(as_of) if timeline else Status.NONE
        if status in STAGES:
            stages[status] += 1
    # the members' open deadlines of the rules in force, as ``zhidu overdue`` lists them
    deadlines = open_deadlines((d for d in all_deadlines(records, ws.settings, as_of) if rule_on(ws.settings, d.rule)),
                               as_of)
    late = [d for d in deadlines if d.state(as_of) is State.OVERDUE]
    due_soon = [d for d in deadlines if d.state(as_of) is State.PENDING and d.days_left(as_of) <= SOON_DAYS]
    entry: dict[str, Any] = {
        "id": branch_id,
        "name": branch.name if branch else None,
        "short_name": (branch.short_name if branch else None) or None,
        "path": path,
        "profiles": list(ws.settings.profiles),
        "error": None,
        "files": report.files_checked,
        "findings": findings_summary(report),
        "meetings": meetings,
        "overdue": {"meetings": overdue, "development": len(late)},
        "due_soon": {"days": SOON_DAYS, "meetings": soon, "development": len(due_soon)},
        "dues": dues_summary(ws, as_of, balances),
        "dues_behind": {"months": BEHIND_MONTHS, "members": len(behind)},
        "pipeline": {status.value: stages[status] for status in STAGES},
        "review": review_summary(ws, as_of),
    }
    if with_names:
        def who(member_id: str) -> str:
            return records.members[member_id].name

        def steps_json(found):
            return [{"member": d.member, "name": d.name, "step": d.kind, "what": d.what(lang), "rule": d.rule,
                     "due": d.due.isoformat()} for d in found]

        entry["names"] = {
            "dues_behind": [{"member": b.member, "name": b.name, "months": b.behind} for b in behind],
            "development_overdue": steps_json(late),
            "development_due_soon": steps_json(due_soon),
            "pipeline": {status.value: sorted(who(m) for m in records.members
                                             if (t := records.timeline(m)) and t.status(as_of) is status)
                         for status in STAGES[:-1]},
        }
    return entry


def error_entry(branch_id: str, path: str, lines: Iterable[str]) -> dict[str, Any]:
    """A branch that could not be read: its id and why, so the roll-up says so rather than omit it."""
    return {"id": branch_id, "path": path, "error": "\n".join(lines)}


# --- the document --------------------------------------------------------------------------------------

def rollup_document(branches: list[Mapping[str, Any]], as_of: dt.date, *, workspace: str | None,
                    with_names: bool, lang: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tool": "zhidu",
        "version": zhidu_cli.__version__,
        "as_of": as_of.isoformat(),
        "lang": lang,
        "workspace": workspace,
        "with_names": with_names,
        "branches": list(branches),
        "totals": totals(branches),
    }


def totals(branches: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The street's figures: every count and amount summed over the branches that could be read."""
    read = [b for b in branches if not b.get("error")]
    money = ("owed", "collected", "outstanding", "remitted")
    return {
        "branches": len(read),
        "unreadable": sum(1 for b in branches if b.get("error")),
        "findings": {s: sum(b["findings"]["total"][s] for b in read) for s in SEVERITIES},
        "overdue_meetings": sum(len(b["overdue"]["meetings"]) for b in read),
        "overdue_development": sum(b["overdue"]["development"] for b in read),
        "due_soon_meetings": sum(len(b["due_soon"]["meetings"]) for b in read),
        "due_soon_development": sum(b["due_soon"]["development"] for b in read),
        "dues": {key: format_money(sum((Decimal(b["dues"][key]) for b in read), ZERO)) for key in money},
        "dues_behind": sum(b["dues_behind"]["members"] for b in read),
        "pipeline": {s.value: sum(b["pipeline"][s.value] for b in read) for s in STAGES},
        "review": {key: sum(b["review"][key] for b in read) for key in ("expected", "graded", "took_part")},
    }


def dumps(document: Mapping[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- reading published reports ------------------------------------------------------------------------

_REQUIRED = ("id", "findings", "meetings", "overdue", "due_soon", "dues", "dues_behind", "pipeline", "review")


def read_reports(folder: pathlib.Path) -> tuple[list[dict[str, Any]], set[str]]:
    """Every branch of every ``*.json`` roll-up document under ``folder`` (recursively, in path order),
    and the as-of dates they were made on. Raises :class:`ReportError` naming the file and the fault:
    a report of another format or a newer version, a branch id twice, a missing key."""
    branches: list[dict[str, Any]] = []
    seen: dict[str, pathlib.Path] = {}
    dates: set[str] = set()
    files = sorted(p for p in folder.rglob("*.json") if p.is_file())
    if not files:
        raise ReportError(f"{folder}: no *.json reports / 没有 *.json 报告")
    for path in files:
        try:
            document = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ReportError(f"{path}: not a JSON document ({error}) / 不是 JSON 文档") from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ReportError(f"{path}: not a zhidu roll-up report (format {FORMAT!r}) / 不是 zhidu rollup 报告；"
                              "branches publish `zhidu rollup -f json`")
        version = document.get("format_version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise ReportError(f"{path}: format_version {version!r} is newer than this zhidu reads ({FORMAT_VERSION}) / "
                              "报告版本较新，请升级 zhidu")
        dates.add(str(document.get("as_of")))
        for branch in document.get("branches") or ():
            if not isinstance(branch, dict) or not branch.get("id"):
                raise ReportError(f"{path}: a branch without an id / 有支部缺少 id")
            if branch["id"] in seen:
                raise ReportError(f"{path}: branch {branch['id']} is also in {seen[branch['id']]} / 支部重复")
            if not branch.get("error"):
                missing = [key for key in _REQUIRED if key not in branch]
                if missing:
                    raise ReportError(f"{path}: branch {branch['id']} lacks {', '.join(missing)} / 缺少字段")
            seen[branch["id"]] = path
            branches.append(branch)
    return branches, dates
