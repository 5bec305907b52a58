"""What each document template receives: plain data built from the records, never the records.

Why plain data: a template is text a records repository may bring along, and what it can reach is
what it can print. So every context here is built field by field from an **allow-list** — dicts,
lists, ``str``, ``int``, ``bool``, ``Decimal`` and ``date`` only. A member becomes ``{"id", "name"}``
(plus gender, ethnicity, birth date, education and occupation for the development and conversion
notices, as such notices print them). Phone numbers, ID numbers, home addresses, contacts while
away and the phones on the residents' committee roster are never copied into any context, so no
template — built-in, edited or hostile — can print them. And should a secretary have typed one of
those values into free text (a summary, a reason), every public builder masks it on the way out.

Every function here is pure: records, settings, calendar and the as-of date in, a dict out. The
numbers a document states (who was expected, whether the quorum held, whether a motion passed,
dues totals) come from the same modules the rules use (:mod:`zhidu_cli.rules.counting`,
:mod:`zhidu_cli.model.pipeline`, :mod:`zhidu_cli.dues.report`), so a document can never disagree
with ``zhidu check``.

Dates of a notice come from the records when they are recorded (a disclosure's ``from``/``to``,
a meeting's ``notice``, ``result_published``, a ledger's ``published``), so the filed copy matches
what was posted; otherwise from ``start`` (``--from``) or the as-of date, with the end computed in
statutory working days (RULEBOOK §4).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Iterable, Protocol

from zhidu_cli.dues.report import STATUS_ZH as DUES_STATUS_ZH
from zhidu_cli.dues.report import MonthlyFigures, monthly_disclosure
from zhidu_cli.dues.settings import DuesSettings
from zhidu_cli.dues.standard import DuesStandardError
from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.model import pipeline
from zhidu_cli.model import vocab as V
from zhidu_cli.model.records import Decision, Meeting, Member
from zhidu_cli.privacy import NO_SECRETS, Secrets, redact_value, secrets_of
from zhidu_cli.rules import counting
from zhidu_cli.rules.registry import by_code
from zhidu_cli.schedule.months import YearMonth

MINUTES_TEMPLATE = "minutes.md.j2"
MACROS_TEMPLATE = "_macros.md.j2"      # shared macros the built-in templates import
DEFAULT_DISCLOSURE_WORKDAYS = 5        # RULEBOOK §4 NTC003/NTC004 default; used for every notice
DEFAULT_HEARING_NOTICE_DAYS = 3        # NTC001: posted ≥ 3 calendar days before the hearing
DEFAULT_RESULT_DAYS = 7                # NTC006 / NTC007: results published within 7 days

Context_ = dict[str, Any]


class DocumentError(Exception):
    """The records cannot make the asked-for document (unknown id, wrong kind of record).

    ``suggestions`` are close ids for a did-you-mean line. The CLI prints the message and exits 2.
    """

    def __init__(self, zh: str, en: str, suggestions: Iterable[str] = ()) -> None:
        self.zh, self.en, self.suggestions = zh, en, tuple(suggestions)
        super().__init__(en)

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


class Sources(Protocol):
    """Everything a document is made from: a :class:`zhidu_cli.workspace.Workspace` is one."""

    records: Any            # model.repository.Records
    settings: Any           # rules.config.Settings
    calendar: Any           # schedule.workdays.WorkCalendar


# --------------------------------------------------------------------------- notice kinds


@dataclass(frozen=True)
class NoticeKind:
    """One kind of notice of RULEBOOK §9: its template, what it is about, how it is named."""

    key: str
    title_zh: str
    subject: str             # "member" (one or more), "decision", "meeting" or "month"
    citation: str
    aliases: tuple[str, ...] = ()

    @property
    def template(self) -> str:
        return f"notice-{self.key}.md.j2"


NOTICE_KINDS: dict[str, NoticeKind] = {kind.key: kind for kind in (
    NoticeKind("development-target", "发展对象公示", "member", "000 §四.4", ("发展对象", "发展对象公示")),
    NoticeKind("conversion", "预备党员转正公示", "member", "000 §四.4", ("转正", "转正公示")),
    NoticeKind("dues", "党费收缴情况公示", "month", "000 §六.2", ("党费", "党费公示")),
    NoticeKind("decision", "党务公开", "decision", "002 党务公开制度 三", ("党务公开", "决定公示")),
    NoticeKind("hearing", "听证会公告", "meeting", "002 第七条(一)1", ("听证会", "听证会公告")),
    NoticeKind("hearing-result", "听证结果公告", "meeting", "002 第七条(三)", ("听证结果",)),
    NoticeKind("review-result", "评议结果公告", "meeting", "002 第十八条(三)", ("评议结果",)),
)}


def notice_kind(name: str) -> NoticeKind:
    """The kind named by its key or a Chinese alias; :class:`DocumentError` with suggestions else."""
    wanted = name.strip()
    for kind in NOTICE_KINDS.values():
        if wanted == kind.key or wanted in kind.aliases:
            return kind
    names = list(NOTICE_KINDS) + [a for k in NOTICE_KINDS.values() for a in k.aliases]
    raise DocumentError(f"没有这种公示：「{name}」", f"no such notice kind: {name!r}",
                        _close(wanted, names) or list(NOTICE_KINDS))


def all_template_names() -> list[str]:
    """Every template ``zhidu render`` uses, minutes first."""
    return [MINUTES_TEMPLATE] + [kind.template for kind in NOTICE_KINDS.values()]


# --------------------------------------------------------------------------- small pieces


def _close(word: str, candidates: Iterable[str]) -> list[str]:
    """Ids that start with what was typed first (``2025-03-10`` → that day's meetings), then near misses."""
    candidates = sorted(candidates)
    started = [c for c in candidates if word and c.startswith(word)]
    near = difflib.get_close_matches(word, candidates, n=3, cutoff=0.5)
    return list(dict.fromkeys(started + near))[:3]


def _not_loaded(records, kind: str, record_id: str, noun_zh: str, noun_en: str) -> DocumentError | None:
    """The error for a record whose file exists but did not load (NUL byte, bad UTF-8, empty, a tab,
    a missing type or date): the file and its first problem, not "no such record" and a list of
    other ids. None when no file of that id was found."""
    from zhidu_cli.model.build import build
    from zhidu_cli.model.repository import _CLASSES
    from zhidu_cli.rules.engine import RuleSetting, to_finding

    if record_id not in records.broken_ids.get(kind, ()):
        return None
    file = next((f for f in records.files if f.kind == kind and f.path.rsplit("/", 1)[-1].rsplit(".", 1)[0] == record_id),
                None)
    if file is None:
        return None
    problems = list(file.problems)
    if file.node is not None:
        problems += build(_CLASSES[kind], file.node, file.path)[1]
    errors = sorted((p for p in problems if p.severity in (None, Severity.ERROR)),
                    key=lambda p: (p.location.line, p.location.column))
    registry = by_code()
    if not errors or errors[0].code not in registry:
        detail_zh, detail_en = file.path, file.path
    else:
        first = errors[0]
        zh, en = (to_finding(first, registry[first.code], RuleSetting(), lang) for lang in ("zh", "en"))
        detail_zh, detail_en = f"{zh.location}: {zh.code} {zh.message}", f"{en.location}: {en.code} {en.message}"
    return DocumentError(f"{noun_zh}「{record_id}」的文件未能载入：{detail_zh}（请先修正；zhidu check 列出全部问题）",
                         f"the file of {noun_en} {record_id!r} did not load: {detail_en} (fix it first; "
                         "zhidu check lists every problem)")


def _member(records, member_id: str) -> Member:
    """A member by id or, as ``zhidu member`` allows, by a name only one member has."""
    member = records.members.get(member_id)
    if member is not None:
        return member
    named = sorted((m for m in records.members.values() if m.name == member_id), key=lambda m: m.id)
    if len(named) == 1:
        return named[0]
    if named:
        raise DocumentError(f"姓名「{member_id}」对应多名成员，请写编号", f"{member_id!r} is the name of several "
                            "members: give the id", [m.id for m in named])
    raise _not_loaded(records, "member", member_id, "成员", "member") or DocumentError(f"没有编号为「{member_id}」的成员", f"no member with id {member_id!r}",
                        _close(member_id, records.members))


def _meeting(records, meeting_id: str) -> Meeting:
    meeting = records.meetings_by_id.get(meeting_id)
    if meeting is None and meeting_id in records.later_ids.get("meeting", ()):
        raise DocumentError(f"会议「{meeting_id}」晚于检查日期，视为尚未写入（去掉 --as-of 或改用更晚的日期）",
                            f"the meeting {meeting_id!r} is dated after the as-of date: not written yet "
                            "(drop --as-of or give a later date)")
    if meeting is None:
        raise _not_loaded(records, "meeting", meeting_id, "会议", "meeting") or DocumentError(f"没有编号为「{meeting_id}」的会议", f"no meeting with id {meeting_id!r}",
                            _close(meeting_id, records.meetings_by_id))
    return meeting


def _decision_record(records, decision_id: str) -> Decision:
    decision = records.decisions.get(decision_id)
    if decision is None and decision_id in records.later_ids.get("decision", ()):
        raise DocumentError(f"决定「{decision_id}」的会议晚于检查日期，视为尚未写入（去掉 --as-of 或改用更晚的日期）",
                            f"the decision {decision_id!r} was taken after the as-of date: not written yet "
                            "(drop --as-of or give a later date)")
    if decision is None:
        raise _not_loaded(records, "decision", decision_id, "决定", "decision") or DocumentError(f"没有编号为「{decision_id}」的决定", f"no decision with id {decision_id!r}",
                            _close(decision_id, records.decisions))
    return decision


def _name(records, member_id: str | None) -> str:
    """A member's name, or the id itself when the member file is missing (check reports that)."""
    if member_id is None:
        return ""
    member = records.members.get(member_id)
    return member.name if member is not None else member_id


def _ref(records, member_id: str) -> dict[str, str]:
    """A member as documents name them: id and name, nothing else."""
    return {"id": member_id, "name": _name(records, member_id)}


def _optional_ref(records, member_id: str | None) -> dict[str, str] | None:
    return _ref(records, member_id) if member_id else None


def _dated(value) -> dict[str, Any] | None:
    """A ``Dated`` record (notice, report, publication) as plain data."""
    if value is None:
        return None
    return {"date": value.date, "channel": value.channel or "", "to": value.to or "", "note": value.note or ""}


def _branch(records) -> dict[str, str]:
    branch = records.branch
    if branch is None:
        raise DocumentError("仓库缺少支部信息（zhidu.yaml 的 name、upper）",
                            "the repository has no branch description (zhidu.yaml name, upper)")
    return {
        "name": branch.name,
        "short_name": branch.short_name or "",
        "issuer": branch.short_name or branch.name,
        "upper": branch.upper,
        "address": branch.address or "",
        "contact": branch.contact or "",
    }


def _common(src: Sources, kind: str, title: str, template: str, issued: dt.date,
            as_of: dt.date) -> Context_:
    """What every template receives: the branch, the names for ``member_name``, the document."""
    records = src.records
    return {
        "branch": _branch(records),
        "member_names": {member_id: member.name for member_id, member in records.members.items()},
        "as_of": as_of,
        "document": {"kind": kind, "title": title, "template": template, "issued": issued},
    }


def _rule_param(src: Sources, code: str | None, name: str, default: Any, on: dt.date) -> Any:
    """A rule parameter as the checks see it (zhidu.yaml > profile > rule version > default).

    The document states the same length the rule enforces, so a branch that sets NTC003 to 7
    working days gets 7-day notices. ``default`` covers a rule or parameter this build lacks.
    """
    rule = by_code().get(code) if code else None
    if rule is None or name not in {p.name for p in rule.params}:
        return default
    return counting.param(src.settings, code, name, on)


class DocumentContext(dict):
    """A document's context, carrying the repository's private values (``secrets``) to the renderer,
    which masks them in the finished text too (:func:`zhidu_cli.render.environment.render_template`).
    The attribute is not part of the mapping, so no template can reach it."""

    secrets: Secrets = NO_SECRETS


def _scrubbed(build: Callable[..., Context_]) -> Callable[..., Context_]:
    """Decorate a public context builder: every private value a secretary typed into free text (a
    summary, a reason, a note) is masked in its result, however written (:mod:`zhidu_cli.privacy`).

    Private *fields* never enter a context; this catches the same numbers written by hand into
    fields that are not private, e.g. "联系王五 139-0000-0003" in a summary.
    """

    @functools.wraps(build)
    def builder(src: Sources, *args: Any, **kwargs: Any) -> Context_:
        secrets = secrets_of(src.records)
        context = DocumentContext(redact_value(build(src, *args, **kwargs), secrets))
        context.secrets = secrets
        return context

    return builder


def _period(src: Sources, start: dt.date, workdays: int, recorded=None) -> Context_:
    """A disclosure period: the recorded one, or ``workdays`` statutory working days from ``start``.

    ``required_workdays`` is what the rule asks; ``workdays`` what the printed period holds (they
    differ only when a recorded period is longer or shorter); ``computed`` says which it was.
    ``uncovered_years`` lists years counted as Monday–Friday because the calendar lacks them.
    """
    calendar = src.calendar
    if recorded is not None:
        first, last, computed = recorded.start, recorded.end, False
    else:
        first, last, computed = start, calendar.add_workdays(start, workdays), True
    return {
        "start": first,
        "end": last,
        "workdays": calendar.workdays_in(first, last),
        "required_workdays": workdays,
        "computed": computed,
        "channel": (recorded.channel or "") if recorded is not None else "",
        "uncovered_years": list(calendar.uncovered_years(first, last)),
    }


# --------------------------------------------------------------------------- meetings


def _type_names(meeting: Meeting) -> list[str]:
    return [V.MEETING_TYPES.zh(type_id) for type_id in meeting.types]


def _group_name(records, group_id: str | None) -> str:
    if not group_id or records.branch is None:
        return ""
    for group in records.branch.groups:
        if group.id == group_id:
            return group.name
    return group_id


def _meeting_header(src: Sources, meeting: Meeting) -> Context_:
    """Who met, when and where: the part every meeting document shares."""
    records = src.records
    names = _type_names(meeting)
    type_name = "、".join(names)
    group = _group_name(records, meeting.group)
    issuer = _branch(records)["issuer"]
    # what a notice says was held: the title, else the type ("召开四报一评议会议", "召开支委会")
    name = meeting.title or (type_name if type_name.endswith(("会", "会议")) else f"{type_name}会议")
    return {
        "id": meeting.id,
        "name": name,
        "title": meeting.title or "",
        "types": list(meeting.types),
        "type_names": names,
        "type_name": type_name,
        "group": group,
        "body": f"{issuer}{group}" if group else issuer,
        "date": meeting.date,
        "time": meeting.time or "",
        "end_time": meeting.end_time or "",
        "place": meeting.place or "",
        "topic": meeting.topic or "",
        "chair": _optional_ref(records, meeting.chair),
        "delegated_by": _optional_ref(records, meeting.delegated_by),
        "recorder": _optional_ref(records, meeting.recorder),
        "notice": _dated(meeting.notice),
        "topic_agreed": _dated(meeting.topic_agreed),
        "reported": _dated(meeting.reported),
        "result_published": _dated(meeting.result_published),
        "note": meeting.note or "",
    }


def _attendance(src: Sources, meeting: Meeting) -> Context_:
    """Expected, present, absent (with reasons), guests, and the head counts — as the rules count.

    The counting is :func:`zhidu_cli.rules.counting.body_attendance` (who was expected on the day,
    by the body's roster or the meeting's ``expected:``; who of them came; who may vote), so the
    minutes state the same numbers ``zhidu check`` judges. Absent members keep the order and the
    reasons of the meeting's ``absent:`` list; an expected member missing from it is absent with no
    recorded reason.
    """
    records = src.records
    counted = counting.body_attendance(meeting, records, src.settings)
    expected = counted.expected
    reasons = {a.member: a for a in meeting.absent}
    missing = set(counted.absent)
    absent_ids = [a.member for a in meeting.absent if a.member not in meeting.attendees]
    absent_ids += [member_id for member_id in counted.absent if member_id not in reasons]
    absent = []
    for member_id in absent_ids:
        listed = reasons.get(member_id)
        absent.append({"id": member_id, "name": _name(records, member_id),
                       "reason": (listed.reason or "") if listed else "",
                       "leave": listed.leave if listed else False,
                       "expected": member_id in missing})
    headcount = meeting.headcount
    present_others = set(counted.present_others)
    return {
        "expected": [_ref(records, member_id) for member_id in expected.members],
        "expected_others": list(expected.others),
        "present": [_ref(records, member_id) for member_id in meeting.attendees],
        "non_party_present": list(meeting.non_party_present),
        "absent": absent,
        "absent_others": [name for name in expected.others if name not in present_others],
        "written": [_ref(records, member_id) for member_id in counted.written],
        "guests": list(meeting.guests),
        "headcount": ({"expected": headcount.expected, "present": headcount.present}
                      if headcount is not None else None),
        "expected_count": expected.total,
        "present_count": counted.count,
        "absent_count": max(expected.total - counted.count - len(counted.written), 0),
        "written_count": len(counted.written),
        "voters_expected": len(expected.voters),
        "voters_present": len(counted.present_voters),
        "away": [_ref(records, member_id) for member_id in expected.away],
        "recorded": counted.recorded,
    }


_COUNTS_ZH = {"voters": "有表决权的正式党员", "people": ""}


def _quorum(src: Sources, meeting: Meeting) -> Context_ | None:
    """Whether the meeting could sit, as the QRM rules judge it; ``None`` for bodies without one."""
    result = counting.quorum(meeting, src.records, src.settings)
    if result is None:
        return None
    return {
        "code": result.code,
        "type": result.type_id,
        "type_name": V.MEETING_TYPES.zh(result.type_id),
        "counts": result.counts,
        "counts_name": _COUNTS_ZH.get(result.counts, result.counts),
        "expected": result.expected,
        "present": result.present,
        "threshold": result.threshold.zh,
        "required": result.required,
        "passed": result.passed,
        "recorded": result.recorded,
        "cadre": result.cadre,
    }


# --------------------------------------------------------------------------- decisions


def _votes(votes) -> Context_ | None:
    if votes is None:
        return None
    return {
        "for": votes.for_, "against": votes.against, "abstain": votes.abstain,
        "written_for": votes.written_for, "written_against": votes.written_against,
        "written_abstain": votes.written_abstain,
        "total_for": votes.total_for,
        "total_against": votes.against + votes.written_against,
        "total_abstain": votes.abstain + votes.written_abstain,
        "written": votes.written_for + votes.written_against + votes.written_abstain,
    }


def _vote_verdict(result) -> Context_ | None:
    """A :class:`zhidu_cli.rules.counting.VoteResult` in words and numbers."""
    if result is None:
        return None
    return {
        "code": result.code,
        "votes_for": result.votes_for,
        "written_for": result.written_for,
        "base": result.base,
        "base_name": counting.BASE_TEXT[result.base_kind][0],
        "threshold": result.threshold.zh,
        "required": result.required,
        "passed": result.passed,
        "recused": result.recused,
    }


def _decision(src: Sources, decision: Decision) -> Context_:
    """A decision as documents state it: what, who it concerns, the tally, and whether it passed.

    ``result`` is the vote rule's verdict (:func:`zhidu_cli.rules.counting.vote_result`) — the
    threshold in words and numbers and ``passed`` — or ``None`` when no vote rule governs the item
    or no tally is recorded; ``status_name`` is what the record says became of the item.
    Candidates of a cadre decision voted person by person carry their own tally and verdict.
    """
    records = src.records
    meeting = records.meetings_by_id.get(decision.meeting)
    settings = src.settings
    verdict = counting.vote_result(decision, meeting, records, settings) if meeting else None
    per_candidate = ({r.candidate: r for r in counting.candidate_results(decision, meeting, records, settings)}
                     if meeting else {})
    approval = decision.approval
    return {
        "id": decision.id,
        "title": decision.title,
        "kind": decision.kind,
        "kind_name": V.DECISION_KINDS.zh(decision.kind),
        "subject": _optional_ref(records, decision.subject),
        "content": decision.content or "",
        "meeting_id": decision.meeting,
        "meeting_date": meeting.date if meeting else None,
        "meeting_type_name": "、".join(_type_names(meeting)) if meeting else "",
        "votes": _votes(decision.votes),
        "result": _vote_verdict(verdict),
        "candidates": [{"name": c.name, "votes": _votes(c.votes),
                        "result": _vote_verdict(per_candidate.get(c.name))} for c in decision.candidates],
        "recused": [_ref(records, member_id) for member_id in decision.recused],
        "status": decision.status,
        "status_name": V.DECISION_STATUSES.zh(decision.status),
        "disclosures": [{"start": d.start, "end": d.end, "channel": d.channel or ""}
                        for d in decision.disclosures],
        "approval": ({"date": approval.date, "by": approval.by, "reference": approval.reference or ""}
                     if approval is not None else None),
        "execution": [{"date": e.date, "note": e.note} for e in decision.execution],
    }


def _meeting_decisions(src: Sources, meeting: Meeting) -> tuple[list[Context_], list[Context_]]:
    """(agenda items with their decisions, decisions of the meeting no agenda item names)."""
    records = src.records
    of_meeting = {d.id: d for d in records.decisions_by_meeting.get(meeting.id, ())}
    placed: set[str] = set()
    agenda = []
    for number, item in enumerate(meeting.agenda, 1):
        decisions = []
        for decision_id in item.decisions:
            decision = records.decisions.get(decision_id)
            if decision is not None and decision_id not in placed:
                decisions.append(_decision(src, decision))
                placed.add(decision_id)
        agenda.append({"number": number, "title": item.title, "summary": item.summary or "",
                       "decisions": decisions})
    others = [_decision(src, d) for d_id, d in sorted(of_meeting.items()) if d_id not in placed]
    return agenda, others


def _reviews(src: Sources, meeting: Meeting) -> Context_:
    """Democratic-review grades: every grade with its count, and names for the minutes."""
    records = src.records
    grades = []
    for grade_id, grade_zh, _ in V.GRADES.terms:
        graded = [r for r in meeting.reviews if r.grade == grade_id]
        grades.append({"grade": grade_id, "name": grade_zh, "count": len(graded),
                       "members": [_ref(records, r.member) for r in graded]})
    return {
        "total": len(meeting.reviews),
        "grades": grades,
        "entries": [{"member": _ref(records, r.member), "grade": r.grade,
                   "grade_name": V.GRADES.zh(r.grade), "measure": r.measure or "",
                   "written": r.written} for r in meeting.reviews],
    }


# --------------------------------------------------------------------------- minutes


@_scrubbed
def minutes_context(src: Sources, meeting_id: str, *, as_of: dt.date) -> Context_:
    """The minutes (会议记录) of one meeting — 002 三(一)14; 002 档案管理办法 第七条."""
    meeting = _meeting(src.records, meeting_id)
    header = _meeting_header(src, meeting)
    title = f"{meeting.date.isoformat()} {meeting.title or header['type_name']}会议记录"
    context = _common(src, "minutes", title, MINUTES_TEMPLATE, meeting.date, as_of)
    agenda, other_decisions = _meeting_decisions(src, meeting)
    context.update({
        "meeting": header,
        "attendance": _attendance(src, meeting),
        "quorum": _quorum(src, meeting),
        "agenda": agenda,
        "other_decisions": other_decisions,
        "reviews": _reviews(src, meeting) if meeting.reviews else None,
    })
    return context


def meetings_of_year(src: Sources, year: int) -> list[str]:
    """Ids of every meeting dated in ``year``, in date order (``zhidu render minutes --all``)."""
    return [m.id for m in src.records.meetings_between(dt.date(year, 1, 1), dt.date(year, 12, 31))]


def unloaded_meetings_of_year(src: Sources, year: int) -> list[str]:
    """Meeting files that look like ``year``'s (in ``meetings/<year>/`` or named ``<year>-…``) but did
    not load: ``render minutes --all`` names them instead of leaving their minutes out in silence."""
    broken = src.records.broken_ids.get("meeting", ())
    found = []
    for file in src.records.files:
        stem = file.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if file.kind == "meeting" and stem in broken and (stem.startswith(f"{year}-") or f"/{year}/" in file.path):
            found.append(file.path)
    return found


# --------------------------------------------------------------------------- people in notices


def _candidate(src: Sources, member: Member, as_of: dt.date) -> Context_:
    """A person as development and conversion notices describe them (the fields such notices print).

    Allow-listed: name, gender, ethnicity, birth date, education, occupation, and the dates of the
    development steps with the names of sponsors and introducers, as
    :func:`zhidu_cli.model.pipeline.development` finds them for the DEV/PRB/NTC rules. Nothing private.
    """
    records = src.records
    dev = pipeline.development(records, member.id, as_of)
    admission = dev.admission
    admitted = admission.event if admission is not None else None
    trained = dev.trainings[-1] if dev.trainings else None
    end = (pipeline.probation_end(admission.date, extension_months=(x.months for x in dev.extensions))
           if admission is not None else None)
    return {
        "id": member.id,
        "name": member.name,
        "gender": V.GENDERS.zh(member.gender) if member.gender else "",
        "ethnicity": member.ethnicity or "",
        "born": member.born,
        "education": member.education or "",
        "occupation": member.occupation or "",
        "applied": dev.applied.date if dev.applied else None,
        "activist": dev.activist.date if dev.activist else None,
        "sponsors": [_ref(records, s) for s in dev.activist.sponsors] if dev.activist else [],
        "development_target": dev.target.date if dev.target else None,
        "trained": ({"date": trained.date, "days": trained.days, "hours": trained.hours}
                    if trained is not None else None),
        "training_days": sum((e.days or Decimal(0) for e in dev.trainings), Decimal(0)),
        "training_hours": sum((e.hours or Decimal(0) for e in dev.trainings), Decimal(0)),
        "admitted": admission.date if admission is not None else None,
        "introducers": [_ref(records, i) for i in admitted.introducers] if admitted is not None else [],
        "approved": dev.approval.date if dev.approval is not None else None,
        "approved_by": (dev.approval.by or "") if dev.approval is not None else "",
        "probation": ({"start": admission.date, "end": end,
                       "extended_months": sum(x.months or 0 for x in dev.extensions)}
                      if admission is not None else None),
    }


def _member_decisions(src: Sources, member_id: str, kinds: tuple[str, ...],
                      as_of: dt.date) -> list[Decision]:
    """The member's decisions of ``kinds`` made by ``as_of``, in meeting-date order."""
    meetings = src.records.meetings_by_id
    found = [(meetings[d.meeting].date, d.id, d) for d in src.records.decisions_by_subject.get(member_id, ())
             if d.kind in kinds and d.meeting in meetings and meetings[d.meeting].date <= as_of]
    return [d for _, _, d in sorted(found)]


def _notice_frame(src: Sources, kind: NoticeKind, issued: dt.date, period: Context_,
                  as_of: dt.date) -> Context_:
    context = _common(src, kind.key, kind.title_zh, kind.template, issued, as_of)
    context["period"] = period
    context["citation"] = kind.citation
    return context


def _people_notice(src: Sources, kind: NoticeKind, member_ids: list[str], *, rule: str,
                   decision_kinds: tuple[str, ...], event: str, not_eligible: tuple[str, str],
                   start: dt.date | None, days: int | None, as_of: dt.date) -> Context_:
    """A disclosure of one or more people before the general assembly votes on them (NTC003/NTC004).

    The period is the latest disclosure recorded on their decisions of ``decision_kinds`` (the
    committee's or the assembly's, as the NTC rules read them), unless ``start``/``days`` are given.
    """
    if not member_ids:
        raise DocumentError(f"{kind.title_zh}需要至少一个成员编号", f"{kind.key} needs at least one member id")
    members = list({m.id: m for m in (_member(src.records, wanted) for wanted in member_ids)}.values())
    for member in members:
        timeline = src.records.timeline(member.id)
        if timeline is None or timeline.first(event) is None:
            zh, en = not_eligible
            raise DocumentError(zh.format(name=member.name, id=member.id), en.format(id=member.id))
    decisions = {m.id: _member_decisions(src, m.id, decision_kinds, as_of) for m in members}
    recorded = max((d for found in decisions.values() for decision in found for d in decision.disclosures),
                   key=lambda d: (d.start, d.end), default=None)
    use_recorded = recorded is not None and start is None and days is None
    first_day = start or (recorded.start if recorded is not None else as_of)
    required = int(days or _rule_param(src, rule, "working_days", DEFAULT_DISCLOSURE_WORKDAYS, first_day))
    period = _period(src, first_day, required, recorded if use_recorded else None)
    context = _notice_frame(src, kind, period["start"], period, as_of)
    people = []
    for member in members:
        person = _candidate(src, member, as_of)
        # the committee's proposal to admit (or convert): decision_kinds[0]; the committee decision that only
        # named a development target does not say "agreed to admit"
        committee = [d for d in decisions[member.id] if d.kind == decision_kinds[0]
                     and src.records.meetings_by_id[d.meeting].is_type(pipeline.COMMITTEE)]
        person["committee"] = (src.records.meetings_by_id[committee[-1].meeting].date if committee else None)
        person["decisions"] = [_decision(src, d) for d in decisions[member.id]]
        people.append(person)
    context["people"] = people
    return context


# --------------------------------------------------------------------------- notices


@_scrubbed
def development_target_context(src: Sources, member_ids: list[str], *, as_of: dt.date,
                               start: dt.date | None = None, days: int | None = None) -> Context_:
    """发展对象公示: development targets the committee proposes to admit — 000 §四.4, NTC003."""
    return _people_notice(
        src, NOTICE_KINDS["development-target"], member_ids, rule="NTC003",
        decision_kinds=("admission", "development-target"), event="development-target",
        not_eligible=("{name}（{id}）没有“确定为发展对象”的记录，不能作发展对象公示",
                      "{id} was never made a development target"),
        start=start, days=days, as_of=as_of)


@_scrubbed
def conversion_context(src: Sources, member_ids: list[str], *, as_of: dt.date,
                       start: dt.date | None = None, days: int | None = None) -> Context_:
    """预备党员转正公示: probationary members to be converted — 000 §四.4, NTC004."""
    return _people_notice(
        src, NOTICE_KINDS["conversion"], member_ids, rule="NTC004",
        decision_kinds=("conversion",), event="admitted",
        not_eligible=("{name}（{id}）没有“支部大会接收为预备党员”的记录，不能作转正公示",
                      "{id} was never admitted as a probationary member"),
        start=start, days=days, as_of=as_of)


@_scrubbed
def dues_context(src: Sources, month: YearMonth, *, as_of: dt.date, start: dt.date | None = None,
                 days: int | None = None) -> Context_:
    """党费收缴情况公示 for one month — 000 §六.2 (按月公布党费收缴情况), NTC005.

    The figures are :func:`zhidu_cli.dues.report.monthly_disclosure`'s — the balances the DUE rules
    and ``zhidu dues`` use, under the branch's ``dues:`` settings — so the notice, the ledger table
    and the findings agree. Totals are also written in 大写 by the template's ``capital`` filter.
    """
    kind = NOTICE_KINDS["dues"]
    ledger = src.records.ledgers.get(month)
    if ledger is None:
        raise DocumentError(f"没有 {month} 的党费账簿（dues/{month}.yaml）",
                            f"no dues ledger for {month} (dues/{month}.yaml)",
                            _close(str(month), (str(m) for m in src.records.ledgers)))
    try:
        dues_settings = DuesSettings.from_config(src.settings.dues)
    except DuesStandardError as error:
        raise DocumentError(error.message("zh"), error.message("en")) from None
    # the figures as they stood when the notice went up: the filed copy matches the posted one
    first_day = start or (ledger.published if ledger.published and ledger.published <= as_of else as_of)
    figures = monthly_disclosure(src.records, dues_settings.standard, month, min(first_day, as_of),
                                 start=dues_settings.start)
    period = _period(src, first_day, int(days or DEFAULT_DISCLOSURE_WORKDAYS))
    context = _notice_frame(src, kind, first_day, period, as_of)
    context["month"] = month.first_day
    context["dues"] = _dues_figures(figures)
    return context


def _dues_figures(figures: MonthlyFigures) -> Context_:
    """The month's figures as plain data; each line names a member and group, nothing else personal."""
    month = figures.month
    return {
        "members": figures.members,
        "paid_count": figures.paid_count,
        "partial_count": figures.partial_count,
        "unpaid_count": figures.unpaid_count,
        "exempt_count": figures.exempt_count,
        "owed": figures.owed,
        "paid": figures.paid,
        "collected": figures.collected,
        "collected_elsewhere": figures.collected_elsewhere,
        "remitted": figures.remitted,
        "remitted_on": figures.remitted_on,
        "remitted_to": figures.remitted_to or "",
        "published": figures.published,
        "lines": [{
            "id": line.member,
            "name": line.name,
            "group": line.group_name or "",
            "status": line.status,
            "status_name": DUES_STATUS_ZH.get(line.status, line.status),
            "owed": line.owed,
            "paid": line.paid,
            "received": line.received,
            "received_months": [m.first_day for m in line.received_months],
            "late_months": [m.first_day for m in line.received_months if m < month],
            "advance_months": [m.first_day for m in line.received_months if m > month],
            # settled, but not by money in this month's ledger: paid ahead (or late) in another one
            "paid_in_other_ledger": bool(line.paid) and month not in line.received_months and not line.elsewhere,
            "elsewhere": line.elsewhere,
            "proxy": line.proxy,
            "behind": line.behind,
        } for line in figures.lines],
    }


@_scrubbed
def decision_context(src: Sources, decision_id: str, *, as_of: dt.date, start: dt.date | None = None,
                     days: int | None = None) -> Context_:
    """党务公开 of one decision — 002 党务公开制度 三 (signed by the branch head, then archived)."""
    kind = NOTICE_KINDS["decision"]
    decision = _decision_record(src.records, decision_id)
    meeting = src.records.meetings_by_id.get(decision.meeting)
    # a disclosure recorded before the meeting is the pre-vote 公示 (NTC003/NTC004), not this one
    after = [d for d in decision.disclosures if meeting is None or d.start >= meeting.date]
    recorded = after[-1] if after else None
    first_day = start or (recorded.start if recorded is not None else as_of)
    rule = {"admission": "NTC003", "conversion": "NTC004"}.get(decision.kind)
    required = days or (_rule_param(src, rule, "working_days", DEFAULT_DISCLOSURE_WORKDAYS, first_day)
                        if rule else DEFAULT_DISCLOSURE_WORKDAYS)
    period = _period(src, first_day, int(required), recorded if start is None and days is None else None)
    context = _notice_frame(src, kind, period["start"], period, as_of)
    context["decision"] = _decision(src, decision)
    context["meeting"] = _meeting_header(src, meeting) if meeting is not None else None
    return context


def _typed_meeting(src: Sources, meeting_id: str, types: tuple[str, ...], kind: NoticeKind) -> Meeting:
    meeting = _meeting(src.records, meeting_id)
    if not any(meeting.is_type(t) for t in types):
        allowed = "、".join(V.MEETING_TYPES.zh(t) for t in types)
        raise DocumentError(
            f"会议「{meeting_id}」是{'、'.join(_type_names(meeting))}，{kind.title_zh}只用于{allowed}",
            f"meeting {meeting_id!r} is not one of: {', '.join(types)}",
            [m.id for t in types for m in src.records.meetings_of(t)][-3:])
    return meeting


@_scrubbed
def hearing_context(src: Sources, meeting_id: str, *, as_of: dt.date, start: dt.date | None = None,
                    days: int | None = None) -> Context_:
    """听证会公告 (or 议事会公告): time, place, content and participants, ≥ 3 days before — 002
    第七条(一)1, 第十一条(一)2; NTC001/NTC002. Posted on the recorded notice date, else ``start``,
    else the latest day the rule allows; it stays up until the meeting."""
    kind = NOTICE_KINDS["hearing"]
    meeting = _typed_meeting(src, meeting_id, ("hearing", "deliberation"), kind)
    rule = "NTC001" if meeting.is_type("hearing") else "NTC002"
    lead = int(days or _rule_param(src, rule, "days", DEFAULT_HEARING_NOTICE_DAYS, meeting.date))
    latest = meeting.date - dt.timedelta(days=lead)
    posted = start or (meeting.notice.date if meeting.notice is not None else latest)
    period = {"start": posted, "end": meeting.date, "workdays": src.calendar.workdays_in(posted, meeting.date),
              "required_workdays": None, "computed": meeting.notice is None and start is None,
              "channel": (meeting.notice.channel or "") if meeting.notice is not None else "",
              "uncovered_years": list(src.calendar.uncovered_years(posted, meeting.date))}
    context = _notice_frame(src, kind, posted, period, as_of)
    context["title"] = "听证会公告" if meeting.is_type("hearing") else "议事会公告"
    context["meeting"] = _meeting_header(src, meeting)
    context["notice_days"] = lead
    context["latest_notice"] = latest
    context["agenda"] = [{"number": n, "title": item.title} for n, item in enumerate(meeting.agenda, 1)]
    context["participants"] = {
        "members": [_ref(src.records, m)
                    for m in counting.body_attendance(meeting, src.records, src.settings).expected.members],
        "guests": list(meeting.guests),
        "expected_count": meeting.headcount.expected if meeting.headcount is not None else None,
    }
    return context


def _result_notice(src: Sources, kind: NoticeKind, meeting: Meeting, rule: str, *, as_of: dt.date,
                   start: dt.date | None, days: int | None) -> Context_:
    published = meeting.result_published
    first_day = start or (published.date if published is not None else as_of)
    period = _period(src, first_day, int(days or DEFAULT_DISCLOSURE_WORKDAYS))
    if published is not None and published.channel and start is None:
        period["channel"] = published.channel
    within = int(_rule_param(src, rule, "days", DEFAULT_RESULT_DAYS, meeting.date))
    context = _notice_frame(src, kind, first_day, period, as_of)
    agenda, other_decisions = _meeting_decisions(src, meeting)
    context.update({
        "meeting": _meeting_header(src, meeting),
        "attendance": _counts_only(_attendance(src, meeting)),
        "quorum": _quorum(src, meeting),
        "agenda": agenda,
        "other_decisions": other_decisions,
        "publish_within_days": within,
        "publish_by": meeting.date + dt.timedelta(days=within),
    })
    return context


def _counts_only(attendance: Context_) -> Context_:
    """For posted results: how many were expected and came, not who stayed away or why."""
    return {key: attendance[key] for key in ("expected_count", "present_count", "absent_count", "written_count",
                                                   "headcount")}


@_scrubbed
def hearing_result_context(src: Sources, meeting_id: str, *, as_of: dt.date,
                           start: dt.date | None = None, days: int | None = None) -> Context_:
    """听证结果公告 — 002 第七条(三): the hearing's resolution, published within x days (NTC006)."""
    kind = NOTICE_KINDS["hearing-result"]
    meeting = _typed_meeting(src, meeting_id, ("hearing", "deliberation"), kind)
    context = _result_notice(src, kind, meeting, "NTC006", as_of=as_of, start=start, days=days)
    context["title"] = "听证结果公告" if meeting.is_type("hearing") else "议事结果公告"
    return context


@_scrubbed
def review_result_context(src: Sources, meeting_id: str, *, as_of: dt.date,
                          start: dt.date | None = None, days: int | None = None) -> Context_:
    """评议结果公告 — 002 第十八条(三): review results on the notice board within x days (NTC007).

    For a democratic review of members the grades are posted as counts, with the names of those
    rated excellent only: a notice board is no place to name the unqualified.
    """
    kind = NOTICE_KINDS["review-result"]
    meeting = _typed_meeting(src, meeting_id, ("review-meeting", "year-end-review", "democratic-review"), kind)
    context = _result_notice(src, kind, meeting, "NTC007", as_of=as_of, start=start, days=days)
    reviews = None
    if meeting.reviews:
        full = _reviews(src, meeting)
        reviews = {"total": full["total"],
                   "grades": [{**g, "members": g["members"] if g["grade"] == "excellent" else []}
                              for g in full["grades"]]}
    context["reviews"] = reviews
    context["title"] = "民主评议党员结果公示" if meeting.is_type("democratic-review") else "评议结果公告"
    return context


# --------------------------------------------------------------------------- dispatch


def notice_context(src: Sources, kind: str, *, ids: list[str] | None = None,
                   month: YearMonth | None = None, as_of: dt.date, start: dt.date | None = None,
                   days: int | None = None) -> Context_:
    """The context of any notice kind; ``ids`` are member, decision or meeting ids as the kind needs."""
    chosen = notice_kind(kind)
    ids = list(ids or [])
    if chosen.subject == "month":
        if month is None:
            raise DocumentError("党费公示需要 --month YYYY-MM", "the dues notice needs --month YYYY-MM")
        if ids:
            raise DocumentError("党费公示只需要 --month，不需要编号", "the dues notice takes --month, not ids")
        return dues_context(src, month, as_of=as_of, start=start, days=days)
    if month is not None:
        raise DocumentError(f"{chosen.title_zh}不需要 --month", f"{chosen.key} does not take --month")
    if chosen.subject == "member":
        builder = development_target_context if chosen.key == "development-target" else conversion_context
        return builder(src, ids, as_of=as_of, start=start, days=days)
    if len(ids) != 1:
        what = {"decision": ("决定编号", "decision id"), "meeting": ("会议编号", "meeting id")}[chosen.subject]
        raise DocumentError(f"{chosen.title_zh}需要且只需要一个{what[0]}",
                            f"{chosen.key} needs exactly one {what[1]}")
    builders = {"decision": decision_context, "hearing": hearing_context,
                "hearing-result": hearing_result_context, "review-result": review_result_context}
    return builders[chosen.key](src, ids[0], as_of=as_of, start=start, days=days)


__all__ = [
    "DEFAULT_DISCLOSURE_WORKDAYS",
    "MACROS_TEMPLATE",
    "MINUTES_TEMPLATE",
    "NOTICE_KINDS",
    "DocumentError",
    "NoticeKind",
    "Sources",
    "all_template_names",
    "conversion_context",
    "decision_context",
    "development_target_context",
    "dues_context",
    "hearing_context",
    "hearing_result_context",
    "meetings_of_year",
    "minutes_context",
    "notice_context",
    "notice_kind",
    "review_result_context",
]
