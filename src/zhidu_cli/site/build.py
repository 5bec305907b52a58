"""``zhidu site``: a static, read-only HTML dashboard of a branch or of a street workspace.

Like fava on top of a ledger: generated from the records, nothing to run at view time. Plain HTML and
one stylesheet — no JavaScript at all, no web fonts, no request leaves the page — so it works opened
from disk (``file://``) and from any static host (GitHub / GitLab Pages). Every link is relative.

Pages of a branch (at the site's root, or under ``<id>/`` in a workspace):

* ``index.html`` — overview: what is overdue, what falls due in 30 days, the year's figures;
* ``findings.html`` (by family) and ``files.html`` (by file) — every finding with its citation;
* ``calendar.html`` — per body and 党小组, year by year, each period held / missed / due, linked to minutes;
* ``dues.html`` — the ledger month by month (and, with member pages, each member's months);
* ``pipeline.html`` — the development pipeline, a timeline per person;
* ``members/<id>.html`` — one per member (not with ``--no-members``);
* ``documents.html`` and ``docs/…`` — every rendered minutes and notice, as printable pages.

A workspace's ``index.html`` is the street overview: one row per branch, its figures the roll-up's
(:mod:`zhidu_cli.street.rollup`), so the site and ``zhidu rollup -f json`` cannot disagree.

Privacy: pages are built from allow-listed values (names, ids, dates, statuses, amounts, messages);
no phone, ID number or address field is ever read into a page, the rendered documents come from the
scrubbed contexts of ``zhidu render``, and every page passes a last filter that masks any private
value of the records (and anything shaped like a mobile or ID number) should it appear in free text.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import re
import shutil
import tempfile
from collections import defaultdict
from typing import Any
from urllib.parse import quote

import jinja2

from zhidu_cli.site.words import family_name, stage_name, words

MARKER = ".zhidu-site"        # marks a folder zhidu made, which it may replace without --force
TEMPLATES = pathlib.Path(__file__).parent / "templates"


class SiteError(Exception):
    """The output folder cannot be used (exists and is not a site, not empty, not writable)."""


# --- writing --------------------------------------------------------------------------------------------

class Writer:
    """Writes the pages of one site folder, each through the privacy filter."""

    def __init__(self, root: pathlib.Path, lang: str, secrets=None) -> None:
        from zhidu_cli.privacy import NO_SECRETS

        self.root = root
        self.lang = lang
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                      trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
        self.env.filters["href"] = href
        self.env.globals["family_name"] = lambda family: family_name(family, lang)
        self.env.globals["stage_name"] = lambda stage: stage_name(stage, lang)
        self.secrets = secrets if secrets is not None else NO_SECRETS

    def scrub(self, text: str) -> str:
        """:func:`zhidu_cli.privacy.redact`: the repository's private values however typed, and anything
        shaped like a mobile or ID number (the branch's public contact spared)."""
        from zhidu_cli.privacy import redact

        return redact(text, self.secrets)

    def page(self, relative: str, template: str, **context: Any) -> None:
        depth = relative.count("/")
        up = "../" * depth
        text = self.env.get_template(template).render(w=words(self.lang), lang=self.lang, up=up, page=relative,
                                                      **context)
        self.raw(relative, text)

    def raw(self, relative: str, text: str, *, redacted: bool = False) -> None:
        """Write a file; ``redacted``: the text has been through the filter already (a rendered document)."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text if redacted else self.scrub(text), encoding="utf-8")


def href(path: str) -> str:
    """A relative link, percent-encoded (ids may be Chinese), fragment kept."""
    target, _, fragment = path.partition("#")
    quoted = quote(target, safe="/.")
    return f"{quoted}#{quote(fragment, safe='')}" if fragment else quoted


def anchor(text: str) -> str:
    """A fragment id for a path or a code: stable, HTML- and URL-safe."""
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", lambda m: f"_{ord(m.group(0)):x}", text)


# --- output folder --------------------------------------------------------------------------------------

def prepare(out: pathlib.Path, force: bool) -> pathlib.Path:
    """A fresh temporary folder beside ``out`` to build in; refuses a non-empty ``out`` that is not a
    site zhidu made (no :data:`MARKER`) unless ``force``."""
    if out.exists():
        if not out.is_dir():
            raise SiteError(f"{out} exists and is not a folder / 已存在且不是目录")
        if any(out.iterdir()) and not (out / MARKER).is_file() and not force:
            raise SiteError(f"{out} is not empty and is not a zhidu site: refusing to overwrite (use --force) / "
                            "目录非空且不是 zhidu 生成的站点，未覆盖（加 --force 覆盖）")
    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    return pathlib.Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))


def publish(tmp: pathlib.Path, out: pathlib.Path) -> None:
    """Swap the finished site into place: the old one is moved aside, the new one renamed in, the old
    one removed — a reader never sees a half-written site, and a failure leaves the old one."""
    (tmp / MARKER).write_text("zhidu site\n", encoding="utf-8")
    os.chmod(tmp, 0o755)
    old = None
    if out.exists():
        old = out.resolve().parent / f".{out.name}.old-{os.getpid()}"
        os.replace(out, old)
    try:
        os.replace(tmp, out)
    except OSError:
        if old is not None:
            os.replace(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(tmp: pathlib.Path) -> None:
    shutil.rmtree(tmp, ignore_errors=True)


# --- one branch -----------------------------------------------------------------------------------------

def build_branch(ws, report, as_of: dt.date, root: pathlib.Path, *, branch_id: str, path: str, members: bool,
                 street: str | None = None) -> dict[str, Any]:
    """Write one branch's pages into ``root``; return its roll-up entry (without names).

    ``street`` is the link back to the street overview when the branch is part of a workspace.
    """
    from zhidu_cli.privacy import secrets_of
    from zhidu_cli.street.rollup import branch_rollup

    lang = ws.lang
    entry = branch_rollup(ws, report, as_of, branch_id=branch_id, path=path, with_names=members)
    writer = Writer(root, lang, secrets_of(ws.records))
    branch = ws.records.branch
    title = (branch.short_name or branch.name) if branch else branch_id
    common = {"title": title, "as_of": as_of, "street": street, "members_on": members, "branch_id": branch_id}
    documents, minutes_of = _documents(ws, as_of, writer)
    member_pages = _member_pages(ws, report, as_of, writer, common) if members else {}
    writer.page("index.html", "branch.html", entry=entry, section="overview", member_pages=member_pages,
                agenda=_agenda(ws, as_of, members, member_pages), **common)
    _findings_pages(report, writer, common, minutes_of, member_pages)
    writer.page("calendar.html", "calendar.html", section="calendar", calendar=_calendar(ws, as_of, minutes_of),
                **common)
    writer.page("dues.html", "dues.html", section="dues", **_dues(ws, as_of, members, documents), **common)
    writer.page("pipeline.html", "pipeline.html", section="pipeline", people=_pipeline(ws, as_of) if members else [],
                stages=entry["pipeline"], member_pages=member_pages, **common)
    writer.page("documents.html", "documents.html", section="documents", documents=documents, **common)
    writer.raw("style.css", (TEMPLATES / "style.css").read_text("utf-8"))
    entry.pop("names", None)
    return entry


def _agenda(ws, as_of: dt.date, members: bool, member_pages: dict) -> list[dict[str, Any]]:
    """``zhidu agenda`` for the next 30 days: everything overdue or falling due — meetings, members'
    deadlines, dues, notices, reports, training — with its rule. Without member pages, a member is
    counted, not named."""
    from zhidu_cli.agenda.items import agenda
    from zhidu_cli.street.rollup import SOON_DAYS

    lang = ws.lang
    rows = []
    for item in agenda(ws.records, ws.settings, ws.calendar, as_of, SOON_DAYS).items:
        if item.members and not members:
            who = [{"name": (f"{len(item.members)} members" if lang == "en" else f"{len(item.members)} 名党员"),
                    "href": None}]
        elif item.members:
            who = [{"name": m.name, "href": member_pages.get(m.id)} for m in item.members]
        else:
            who = [{"name": item.who(lang), "href": None}]
        rows.append({"due": item.due, "late": item.overdue, "lateness": item.lateness(lang), "what": item.what(lang),
                     "who": who, "code": item.code, "citation": item.citation})
    return rows


def _findings_pages(report, writer: Writer, common: dict, minutes_of: dict[str, str], member_pages: dict) -> None:
    rows = []
    for finding in report.findings:
        loc = finding.location
        member = pathlib.PurePosixPath(loc.path).stem if loc.path.startswith("members/") else None
        rows.append({
            "code": finding.code, "name": finding.name, "severity": finding.severity.label,
            "message": finding.message, "hint": finding.hint, "citation": finding.citation,
            "path": loc.path, "line": loc.line, "where": str(loc), "file_anchor": anchor(loc.path),
            "family": finding.code[:3],
            "minutes": minutes_of.get(pathlib.PurePosixPath(loc.path).stem) if loc.path.startswith("meetings/") else None,
            "member_page": member_pages.get(member) if member else None,
        })
    families: dict[str, list] = defaultdict(list)
    files: dict[str, list] = defaultdict(list)
    for row in rows:
        families[row["family"]].append(row)
        files[row["path"]].append(row)
    counts = {s: sum(1 for r in rows if r["severity"] == s) for s in ("error", "warning", "info")}
    writer.page("findings.html", "findings.html", section="findings", view="family", counts=counts,
                groups=[(f, anchor(f), family_name(f, writer.lang), families[f]) for f in sorted(families)],
                files_checked=report.files_checked, **common)
    writer.page("files.html", "findings.html", section="findings", view="file", counts=counts,
                groups=[(p, anchor(p), p, files[p]) for p in sorted(files)], files_checked=report.files_checked,
                **common)


def _calendar(ws, as_of: dt.date, minutes_of: dict[str, str]) -> list[dict[str, Any]]:
    """Per body (and group): its periods year by year, each held / overdue / due, with its meetings."""
    from zhidu_cli.schedule.cadence import schedule

    lang = ws.lang
    grouped: dict[tuple, dict[str, Any]] = {}
    for row in schedule(ws.records, ws.settings, as_of):
        key = (row.body.key, row.group_id)
        item = grouped.setdefault(key, {"body": row.body.name(lang), "group": row.group.name if row.group else None,
                                        "count": row.body.count, "years": defaultdict(list),
                                        "held": 0, "missed": 0, "due": 0})
        item[{"held": "held", "overdue": "missed", "due": "due"}[row.status.value]] += 1
        item["years"][row.period.start.year].append({
            "label": row.period.label_en if lang == "en" else row.period.label_zh,
            "status": row.status.value, "held": len(row.meetings),
            "meetings": [{"id": m.id, "date": m.date, "href": minutes_of.get(m.id)} for m in row.meetings],
        })
    out = []
    for item in grouped.values():
        item["years"] = sorted(item["years"].items(), reverse=True)
        out.append(item)
    return out


def _dues(ws, as_of: dt.date, members: bool, documents: dict) -> dict[str, Any]:
    from zhidu_cli.dues.balances import compute_balances
    from zhidu_cli.dues.report import STATUS_EN, STATUS_ZH, monthly_disclosure
    from zhidu_cli.dues.settings import DuesSettings
    from zhidu_cli.dues.standard import DuesStandardError
    from zhidu_cli.schedule.months import YearMonth

    try:
        settings = DuesSettings.from_config(ws.settings.dues)
    except DuesStandardError:
        return {"months": [], "grid": None}
    balances = compute_balances(ws.records, settings.standard, as_of, start=settings.start)
    if balances.start is None:
        return {"months": [], "grid": None}
    notices = {n["month"]: n["href"] for n in documents["notices"] if n.get("month")}
    months = []
    month, last = balances.start, YearMonth.of(as_of)
    while month <= last:
        figures = monthly_disclosure(ws.records, settings.standard, month, as_of, start=settings.start,
                                     balances=balances)
        months.append({"month": str(month), "members": figures.members, "paid": figures.paid_count,
                       "partial": figures.partial_count, "unpaid": figures.unpaid_count, "owed": figures.owed,
                       "paid_amount": figures.paid, "collected": figures.collected, "remitted": figures.remitted,
                       "published": figures.published, "ledger": figures.ledger, "notice": notices.get(str(month))})
        month = month + 1
    months.reverse()
    grid = None
    if members:
        shown = [YearMonth.parse(m["month"]) for m in months[:12]][::-1]
        names = STATUS_EN if ws.lang == "en" else STATUS_ZH
        grid = {"months": [str(m) for m in shown], "rows": []}
        for balance in balances.members.values():
            cells = []
            for m in shown:
                line = balance.line(m)
                status = line.status if line is not None and line.owes else ""
                cells.append({"status": status, "text": names.get(status, "") if status else "·"})
            if any(c["status"] for c in cells):
                grid["rows"].append({"id": balance.member, "name": balance.name, "behind": balance.behind, "cells": cells})
    return {"months": months, "grid": grid}


def _pipeline(ws, as_of: dt.date) -> list[dict[str, Any]]:
    """Everyone in the pipeline on the as-of date (and those who became full members in the last
    year): their steps as a timeline, the next one with its deadline."""
    from zhidu_cli.cli.member import STATUS_EN, label, next_due, pipeline_of
    from zhidu_cli.model.status import Status
    from zhidu_cli.street.rollup import IN_PIPELINE

    people = []
    for member_id in sorted(ws.records.members):
        timeline = ws.records.timeline(member_id)
        if timeline is None:
            continue
        status = timeline.status(as_of)
        full = timeline.last("full", before=as_of) if status is Status.FULL else None
        if status not in IN_PIPELINE and not (full and (as_of - full.date).days <= 365):
            continue
        steps, deadlines = pipeline_of(ws, member_id, as_of)
        upcoming = next_due(steps, deadlines, as_of) if status is not Status.GONE else None
        people.append({
            "id": member_id, "name": ws.records.members[member_id].name,
            "status": STATUS_EN[status] if ws.lang == "en" else status.zh,
            "steps": [{"key": s.key, "label": label(s.key, ws.lang), "date": s.date, "end": s.end, "due": s.due,
                       "late": s.date is None and s.due is not None and s.due < as_of,
                       "next": upcoming is not None and s.key == upcoming.key and s.date is None}
                      for s in steps if s.date is not None or s.due is not None],
        })
    return people


def _member_pages(ws, report, as_of: dt.date, writer: Writer, common: dict) -> dict[str, str]:
    """One page per member: status, group, roles, pipeline, findings about them — nothing private."""
    from zhidu_cli.cli.member import STATUS_EN, label, pipeline_of

    lang = ws.lang
    groups = {g.id: g.name for g in ws.records.branch.groups} if ws.records.branch else {}
    by_member: dict[str, list] = defaultdict(list)
    for finding in report.findings:
        member = finding.facts.get("member") if finding.facts else None
        path = finding.location.path
        if path.startswith("members/"):
            by_member[pathlib.PurePosixPath(path).stem].append(finding)
        elif isinstance(member, str):
            by_member[member].append(finding)
    pages = {}
    for member_id, member in sorted(ws.records.members.items()):
        relative = f"members/{member_id}.html"
        pages[member_id] = relative
        timeline = ws.records.timeline(member_id)
        status = timeline.status(as_of) if timeline else None
        group = timeline.group(as_of) if timeline else None
        steps = pipeline_of(ws, member_id, as_of)[0] if timeline else ()
        writer.page(relative, "member.html", section="members", member={
            "id": member_id, "name": member.name,
            "status": (STATUS_EN[status] if lang == "en" else status.zh) if status else "",
            "group": groups.get(group, group) if group else None,
            "roles": sorted(timeline.roles(as_of)) if timeline else [],
            "steps": [{"key": s.key, "label": label(s.key, lang), "date": s.date, "due": s.due} for s in steps
                      if s.date is not None or s.due is not None],
            "findings": [{"code": f.code, "severity": f.severity.label, "message": f.message, "where": str(f.location),
                          "citation": f.citation} for f in by_member.get(member_id, ())],
        }, **common)
    writer.page("members.html", "members.html", section="members",
                members=[{"id": m, "name": ws.records.members[m].name, "href": pages[m]} for m in pages], **common)
    return pages


def _documents(ws, as_of: dt.date, writer: Writer) -> tuple[dict[str, Any], dict[str, str]]:
    """Render every meeting's minutes and every notice the records support into ``docs/``; return
    the index (with what could not be rendered and why) and the minutes page of each meeting id."""
    from zhidu_cli.render import documents as D
    from zhidu_cli.render.environment import TemplateFailure, make_environment, render_template
    from zhidu_cli.render.html import markdown_to_html

    env = make_environment(ws.root)
    lang = ws.lang
    failed: list[dict[str, str]] = []

    def render(relative: str, build, optional: bool = False) -> str | None:
        """``optional``: a notice tried because the records might support it; not being possible is no failure."""
        try:
            context = build()
            text = render_template(env, context["document"]["template"], context)
        except D.DocumentError as error:
            if not optional:
                failed.append({"what": relative, "why": error.message(lang)})
            return None
        except TemplateFailure as error:
            failed.append({"what": relative, "why": f"{error.template_path}:{error.line or ''} {error.message}"})
            return None
        # render_template redacted the text (zhidu_cli.privacy); the page wrapper adds nothing private
        writer.raw(relative, markdown_to_html(text, context["document"]["title"]), redacted=True)
        return relative

    minutes_of: dict[str, str] = {}
    minutes: dict[int, list] = defaultdict(list)
    records = ws.records
    for meeting in records.meetings:
        if meeting.date > as_of:
            continue
        done = render(f"docs/minutes/{meeting.id}.html", lambda m=meeting: D.minutes_context(ws, m.id, as_of=as_of))
        if done:
            minutes_of[meeting.id] = done
            minutes[meeting.date.year].append({"id": meeting.id, "date": meeting.date, "href": done,
                                               "types": _type_names(meeting, lang)})
    notices = []

    def notice(kind: str, name: str, what: str, month=None, ids=None) -> None:
        done = render(f"docs/notices/{kind}-{name}.html",
                      lambda: D.notice_context(ws, kind, ids=ids, month=month, as_of=as_of), optional=True)
        if done:
            notices.append({"kind": D.NOTICE_KINDS[kind].title_zh if lang != "en" else kind, "what": what,
                            "href": done, "month": str(month) if month else None})

    for month in sorted(records.ledgers):
        if month.first_day <= as_of:
            notice("dues", str(month), str(month), month=month)
    for decision in sorted(records.decisions.values(), key=lambda d: d.id):
        meeting = records.meetings_by_id.get(decision.meeting)
        if meeting is None or meeting.date > as_of or not decision.disclosures:
            continue
        if decision.kind in ("development-target", "admission") and decision.subject in records.members:
            notice("development-target", decision.id, f"{records.members[decision.subject].name} {decision.title}",
                   ids=[decision.subject])
        elif decision.kind == "conversion" and decision.subject in records.members:
            notice("conversion", decision.id, f"{records.members[decision.subject].name} {decision.title}",
                   ids=[decision.subject])
        if any(d.start >= meeting.date for d in decision.disclosures):
            notice("decision", decision.id, decision.title, ids=[decision.id])
    for meeting in records.meetings:
        if meeting.date > as_of:
            continue
        if meeting.is_type("hearing") or meeting.is_type("deliberation"):
            notice("hearing", meeting.id, meeting.id, ids=[meeting.id])
            notice("hearing-result", meeting.id, meeting.id, ids=[meeting.id])
        if any(meeting.is_type(t) for t in ("review-meeting", "year-end-review", "democratic-review")):
            notice("review-result", meeting.id, meeting.id, ids=[meeting.id])
    index = {"minutes": sorted(minutes.items(), reverse=True), "notices": notices, "failed": failed}
    return index, minutes_of


def _type_names(meeting, lang: str) -> str:
    from zhidu_cli.model import vocab as V

    return ", ".join(meeting.types) if lang == "en" else "、".join(V.MEETING_TYPES.zh(t) for t in meeting.types)


# --- the street ---------------------------------------------------------------------------------------------

def build_street_index(writer: Writer, document: dict[str, Any], *, title: str, as_of: dt.date) -> None:
    writer.page("index.html", "street.html", title=title, as_of=as_of, document=document, street=None,
                section="street", members_on=False, branch_id=None)
    writer.raw("style.css", (TEMPLATES / "style.css").read_text("utf-8"))
