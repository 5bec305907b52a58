"""MOB and LIF: members away from the branch (流动党员), and members who stop taking part.

How being away is recorded — a member's ``history`` holds

* ``away`` events: ``place``, ``fixed_place``, ``until`` (expected return), ``certificate``
  (``letter`` 党员证明信 / ``card`` 流动党员活动证 / ``transfer`` 组织关系介绍信 / ``none``),
  ``reason``, ``contact`` and ``temporary_group`` (the temporary branch or group they are in);
  a later ``away`` event replaces the earlier one (a move, a new certificate);
* ``returned`` when they are back, and ``transferred-out`` when the relationship moved for good;
* ``reported`` for each report they make while away (``written: true`` in writing, else in person);
* ``card-audited`` for the yearly audit of a card (贵州, 001 §四.12).

How the away events are read (000 §七.1 sorts the cases by whether place and time are clear):

* the **place is clear** when ``place`` is written and ``fixed_place`` is ``true`` — or is left out
  and the certificate is not a card (the card is the document for an unclear place);
* the **time is clear** when ``until`` is written — or is left out and the certificate is a letter or
  a transfer letter (the documents 000 §七.1 issues when the time is clear; a letter is for a stay of
  at most 6 months, so a letter without ``until`` is a short stay);
* both clear and ``until`` within 6 months of leaving (or a letter without ``until``): a short stay —
  a certificate letter (MOB002); only stays that are not short are "long away" (MOB005);
* place or time unclear: a card, with reason, place and contact registered (MOB003, one finding per
  stay); the departure date is the registered time, so ``until`` is not demanded of a card holder;
* at a clear place for more than 6 months: the relationship must be transferred (MOB001) — judged on
  the time actually spent away, once it exceeds 6 months, whatever ``until`` had planned.

Stays over before ``records_start``, and quarters of reports that ended before it, are history and
are not judged (as for meetings and dues): their certificates are not in the repository. A card audit
that fell due before it is judged when it was still open on ``records_start`` (made later, or not at
all while the member is still away): ``records_start`` never hides an open obligation.

Incoming mobile members (流入党员, MOB008) are members whose file has ``mobile_from``: the party
organization that holds their relationship. Their own history here starts with their ``reported``
event (报到) — they are not on this branch's rolls unless their history says so.

MOB006 (away members take part in the yearly review) lives in :mod:`zhidu_cli.rules.review`, next to
the review it is about. :func:`away_segments` is shared with it and with the training rules.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterator

from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.model import vocab as V
from zhidu_cli.model.fields import INT
from zhidu_cli.model.records import Absence, Event, Meeting
from zhidu_cli.model.status import LEAVING_EVENTS, Status, Timeline
from zhidu_cli.rules import counting
from zhidu_cli.rules.engine import Context, Example, Message, Param, Rule
from zhidu_cli.schedule.months import YearMonth
from zhidu_cli.schedule.periods import Period, PeriodKind, add_months, months_between, period_of

_DAY = dt.timedelta(days=1)
_AWAY_CHANGES = frozenset({"away", "returned"}) | LEAVING_EVENTS
_SHOWN = 5                       # companions named in a MOB004 message
_FIELD_ZH = {"reason": "外出事由", "place": "外出地点", "contact": "联系方式"}


# --- reading the away events ------------------------------------------------------------------------

@dataclass(frozen=True)
class AwaySegment:
    """One ``away`` event and how long it stayed in force: [start, end), ``end`` None while still away."""

    event: Event
    start: dt.date
    end: dt.date | None
    ended_by: Event | None        # the returned / away / leaving event that ended it

    def last_day(self, as_of: dt.date) -> dt.date:
        """The last day away, as far as the as-of date knows."""
        return min(self.end - _DAY, as_of) if self.end else as_of


def away_segments(timeline: Timeline) -> tuple[AwaySegment, ...]:
    """Each ``away`` event of the member with the date it stopped being in force."""
    changes = [e for e in timeline.events if e.event in _AWAY_CHANGES]
    segments = []
    for i, event in enumerate(changes):
        if event.event != "away":
            continue
        after = changes[i + 1] if i + 1 < len(changes) else None
        segments.append(AwaySegment(event, event.date, after.date if after else None, after))
    return tuple(segments)


def away_spells(timeline: Timeline) -> list[tuple[AwaySegment, ...]]:
    """Continuous periods away: consecutive segments, one ``away`` event replacing the previous."""
    spells: list[list[AwaySegment]] = []
    for segment in away_segments(timeline):
        previous = spells[-1][-1] if spells else None
        if previous is not None and previous.ended_by is segment.event:
            spells[-1].append(segment)
        else:
            spells.append([segment])
    return [tuple(spell) for spell in spells]


def place_clear(event: Event) -> bool:
    """A written place that is fixed: ``fixed_place: true``, or — when ``fixed_place`` is left out — any
    certificate but a card (a card is what 000 §七.1 issues when the place is not clear)."""
    if not event.place:
        return False
    if event.fixed_place is not None:
        return event.fixed_place
    return event.certificate != "card"


def time_clear(event: Event) -> bool:
    """``until`` written, or — left out — a letter or transfer letter, issued only when the time is clear."""
    return event.until is not None or event.certificate in ("letter", "transfer")


def _short_stay(event: Event, months: int) -> bool:
    """Planned for at most ``months`` months: ``until`` says so, or a certificate letter without ``until``."""
    if event.until is None:
        return event.certificate == "letter"
    return event.until <= add_months(event.date, months)


def _member_facts(timeline: Timeline) -> dict:
    return {"name": timeline.member.name, "member": timeline.member.id}


def _history(ctx: Context, day: dt.date | None) -> bool:
    """Whether ``day`` (a return, a quarter's end, an audit's deadline) is before ``records_start``:
    a stay or an obligation over before the records began is history, as for meetings and dues."""
    return _before_records(ctx.records, day)


def _before_records(records, day: dt.date | None) -> bool:
    branch = records.branch
    return day is not None and branch is not None and branch.records_start is not None \
        and day < branch.records_start


def _away_members(ctx: Context) -> Iterator[tuple[Timeline, AwaySegment]]:
    """Every away segment of a party member (who was on the rolls when leaving), member by member —
    except stays over before the records began."""
    for member_id in sorted(ctx.records.members):
        timeline = ctx.records.timelines[member_id]
        for segment in away_segments(timeline):
            if segment.start <= ctx.as_of and timeline.is_member(segment.start) \
                    and not _history(ctx, segment.end - _DAY if segment.end else None):
                yield timeline, segment


# --- MOB001 – MOB005, MOB007, MOB008 ------------------------------------------------------------------

def check_transfer(ctx: Context):
    """MOB001: a stay at one clear place is measured from the first ``away`` event naming that place
    (a later event at the same place, e.g. a new certificate, does not restart the clock); it ends with
    ``returned``, a move to another place, or leaving the rolls. A ``transferred-out`` event ending it
    satisfies the rule whenever it came. The length is the time elapsed from leaving to coming back (or,
    still away, to the as-of date); more than ``months`` months is: that day is after
    ``add_months(start, months)``. Leaving on 1 March and back on 1 September — or still away as of
    1 September — is six months exactly, still within; 2 September is one day more."""
    for member_id in sorted(ctx.records.members):
        timeline = ctx.records.timelines[member_id]
        for spell in away_spells(timeline):
            runs: list[list[AwaySegment]] = []
            for segment in spell:
                before = runs[-1][-1].event if runs else None
                if before is not None and place_clear(before) and place_clear(segment.event) \
                        and before.place == segment.event.place:
                    runs[-1].append(segment)
                else:
                    runs.append([segment])
            for run in runs:
                first, last = run[0], run[-1]
                if not place_clear(first.event) or first.start > ctx.as_of or not timeline.is_member(first.start):
                    continue
                ended = last.end is not None and last.end <= ctx.as_of
                if ended and (last.ended_by.event == "transferred-out" or _history(ctx, last.end - _DAY)):
                    continue
                months = ctx.param("months", on=first.start)
                deadline = add_months(first.start, months)
                through = last.end if ended else ctx.as_of
                if through <= deadline:
                    continue
                facts = _member_facts(timeline) | {
                    "place": first.event.place, "start": first.start, "deadline": deadline, "limit": months,
                    "months": months_between(first.start, through)}
                if ended:
                    yield ctx.problem(first.event.where("date"), "ended", end=last.end, **facts)
                else:
                    yield ctx.problem(first.event.where("date"), **facts)


def check_letter(ctx: Context):
    """MOB002: a short stay (place and time clear, ``until`` within ``months`` of leaving)."""
    for timeline, segment in _away_members(ctx):
        event = segment.event
        months = ctx.param("months", on=event.date)
        if not (place_clear(event) and time_clear(event) and _short_stay(event, months)):
            continue
        accepted = ctx.param("certificates", on=event.date)
        if event.certificate not in accepted:
            yield ctx.problem(event.where("certificate"), **_member_facts(timeline), start=event.date,
                              place=event.place, until=event.until,
                              certificate=V.CERTIFICATES.zh(event.certificate) if event.certificate else "未记录",
                              certificate_en=event.certificate or "none recorded")


def check_card(ctx: Context):
    """MOB003: place or time unclear → ``certificate: card`` and reason, place, contact registered.

    One finding per stay: without a card, the missing registration is part of issuing it (the message
    names what is missing); with a card, an incomplete registration is the finding."""
    for timeline, segment in _away_members(ctx):
        event = segment.event
        if place_clear(event) and time_clear(event):
            continue
        facts = _member_facts(timeline) | {"start": event.date}
        missing = [name for name in ("reason", "place", "contact") if not getattr(event, name)]
        if event.certificate != "card":
            also = ("，也未登记" + "、".join(_FIELD_ZH[m] for m in missing)) if missing else ""
            also_en = f" and without {', '.join(missing)} registered" if missing else ""
            yield ctx.problem(event.where("certificate"), "card", also=also, also_en=also_en, **facts)
        elif missing:
            yield ctx.problem(event.loc, "registration", **facts,
                              missing=[_FIELD_ZH[m] for m in missing], missing_en=missing)


def check_temporary_group(ctx: Context):
    """MOB004: on any day ``members`` or more party members are away at one place (the same ``place``
    text, fixed or not: 地点相对集中), each of them records the temporary branch or group
    (``temporary_group``)."""
    threshold = ctx.param("members")
    by_place: dict[str, list[tuple[Timeline, AwaySegment]]] = defaultdict(list)
    for timeline, segment in _away_members(ctx):
        if segment.event.place:
            by_place[segment.event.place.strip()].append((timeline, segment))
    for place in sorted(by_place):
        stays = by_place[place]
        if len(stays) < threshold:
            continue
        # sweep over the days stays begin and end; [start, end) with ongoing stays ending after as_of
        marks: list[tuple[dt.date, int, int]] = []
        for index, (_, segment) in enumerate(stays):
            end = segment.end if segment.end is not None and segment.end <= ctx.as_of else ctx.as_of + _DAY
            marks += [(segment.start, 1, index), (end, 0, index)]
        marks.sort()
        active: set[int] = set()
        crowded: dict[int, frozenset[int]] = {}       # stay → who was there the first time they were enough
        for i, (day, opening, index) in enumerate(marks):
            if opening:
                active.add(index)
            else:
                active.discard(index)
            last_of_day = i + 1 == len(marks) or marks[i + 1][0] != day
            if last_of_day and len(active) >= threshold and not active.issubset(crowded):
                together = frozenset(active)
                for stay in active:
                    crowded.setdefault(stay, together)
        for index in sorted(crowded):
            timeline, segment = stays[index]
            if segment.event.temporary_group:
                continue
            others = sorted(crowded[index] - {index}, key=lambda j: stays[j][0].member.id)
            shown = others[:_SHOWN]
            yield ctx.problem(
                segment.event.where("place"), **_member_facts(timeline), place=place, start=segment.start,
                count=len(others) + 1, others=[f"{stays[j][0].member.name}（{stays[j][0].member.id}）" for j in shown],
                others_en=[stays[j][0].member.id for j in shown],
                related=tuple(stays[j][1].event.where("place") for j in shown))


@dataclass(frozen=True)
class ReportQuarter:
    """A calendar quarter a member spends wholly away "long" (MOB005), and the report made in it, if any."""

    member: str
    quarter: Period
    segment: AwaySegment          # the away event in force at the quarter's start
    spell_start: dt.date          # the first day of the stay
    reported: dt.date | None      # the first ``reported`` event in the quarter (up to the as-of date)


def report_quarters(records, timeline: Timeline, months_on, as_of: dt.date) -> Iterator[ReportQuarter]:
    """Every quarter a report is owed for, up to the one in force on ``as_of`` (while the stay goes on).

    004 asks it of members *long* away. A short stay — place and time clear, planned for at most
    ``months_on(start)`` months (the certificate-letter case of 000 §七.1, a temporary relationship in
    004 item 5) — is not: its quarters need no report until the stay has lasted more than that. A stay
    with an unclear place or time (a card) or planned for longer is long from its first day. MOB005
    reports the ended quarters without a report; ``zhidu agenda`` lists the quarter in progress."""
    reports = [e.date for e in timeline.all("reported") if e.date <= as_of]
    for spell in away_spells(timeline):
        start = spell[0].start
        if start > as_of or not timeline.is_member(start):
            continue
        end = spell[-1].end
        months = months_on(start)
        overstay = add_months(start, months)
        quarter = period_of(PeriodKind.QUARTER, start)
        if quarter.start < start:
            quarter = quarter.next()
        while quarter.start <= as_of and (end is None or quarter.end < end):
            segment = next(s for s in reversed(spell) if s.start <= quarter.start)
            event = segment.event
            short = place_clear(event) and time_clear(event) and _short_stay(event, months)
            if not short or quarter.start > overstay:
                i = bisect.bisect_left(reports, quarter.start)
                done = reports[i] if i < len(reports) and reports[i] <= quarter.end else None
                yield ReportQuarter(timeline.member.id, quarter, segment, start, done)
            quarter = quarter.next()


def check_reports(ctx: Context):
    """MOB005: every calendar quarter spent wholly away "long" (and ended before the as-of date) holds at
    least one ``reported`` event, in person or in writing (004: 对"长期在外"的党员…每季…口头或书面汇报一次);
    which quarters are owed: :func:`report_quarters`."""
    for member_id in sorted(ctx.records.members):
        timeline = ctx.records.timelines[member_id]
        for owed in report_quarters(ctx.records, timeline, lambda day: ctx.param("months", on=day), ctx.as_of):
            quarter = owed.quarter
            if quarter.end < ctx.as_of and owed.reported is None and not _history(ctx, quarter.end):
                yield ctx.problem(owed.segment.event.where("date"), **_member_facts(timeline),
                                  quarter=quarter.label_zh, quarter_en=quarter.label_en, start=owed.spell_start)


@dataclass(frozen=True)
class CardAudit:
    """One yearly audit of a 流动党员活动证 falling due (MOB007)."""

    member: str
    since: dt.date                # the first day away with the card, or the last audit
    due: dt.date
    segment: AwaySegment          # the away event (with the card) in force on the due date
    open: bool                    # no audit since: still to do (pending, or overdue with none after it)


def card_audits(records, timeline: Timeline, months_on, as_of: dt.date) -> Iterator[CardAudit]:
    """The audits of each run of card-holding away events: every one missed (``due`` before ``as_of``, no
    audit in its window) and the next one pending. Counted from the first day away with the card, then
    from each audit; after a missed one the count resumes at the next audit. A stay that ends (return,
    transfer) before an audit falls due needs none: the card is checked on return (000 §七.5). An audit
    that fell due before ``records_start`` is history when it was made (late) or the stay ended before
    ``records_start`` — the next year counts from then; one still open on ``records_start`` is judged."""
    audits = [e.date for e in timeline.all("card-audited")]
    for spell in away_spells(timeline):
        runs: list[list[AwaySegment]] = []
        for segment in spell:
            if segment.event.certificate != "card":
                runs.append([])
            elif runs and runs[-1]:
                runs[-1].append(segment)
            else:
                runs.append([segment])
        for run in filter(None, runs):
            anchor, end = run[0].start, run[-1].end
            if anchor > as_of or not timeline.is_member(anchor):
                continue
            months = months_on(anchor)
            while True:
                due = add_months(anchor, months)
                if end is not None and end <= due:
                    break
                segment = next(s for s in reversed(run) if s.start <= due)
                if as_of <= due:
                    yield CardAudit(timeline.member.id, anchor, due, segment, True)
                    break
                done = [d for d in audits if anchor < d <= due]
                if done:
                    anchor = done[-1]
                    continue
                if _before_records(records, due):
                    # due before the records began: history if it was met (late) or the stay ended before
                    # they began; still open then, it is judged (issue 8.2: records_start hides nothing open)
                    closing = next((d for d in audits if d > due and (end is None or d < end)), end)
                    if closing is not None and _before_records(records, closing):
                        anchor = due
                        continue
                later = [d for d in audits if due < d <= as_of and (end is None or d < end)]
                yield CardAudit(timeline.member.id, anchor, due, segment, not later)
                if not later:
                    break
                anchor = later[0]


def check_card_audit(ctx: Context):
    """MOB007: while a member is away with a card, the card is audited (``card-audited``) within every
    ``months`` months (:func:`card_audits`). One finding per overdue audit. The audit event also stands
    for the yearly registration of their study, thinking and work that 001 §四.12 asks for (write it in
    the event's ``note``)."""
    for member_id in sorted(ctx.records.members):
        timeline = ctx.records.timelines[member_id]
        for audit in card_audits(ctx.records, timeline, lambda day: ctx.param("months", on=day), ctx.as_of):
            if audit.due < ctx.as_of:
                yield ctx.problem(audit.segment.event.where("certificate"), **_member_facts(timeline),
                                  since=audit.since, due=audit.due)


def check_incoming_group(ctx: Context):
    """MOB008: an incoming mobile member (``mobile_from``) who is here on the as-of date — their last
    history event so far is not ``returned`` nor a leaving event — is in a group that day."""
    for member_id in sorted(ctx.records.members):
        timeline = ctx.records.timelines[member_id]
        member = timeline.member
        past = [e for e in timeline.events if e.date <= ctx.as_of]
        if not member.mobile_from or not past:
            continue
        if past[-1].event == "returned" or timeline.status(ctx.as_of) is Status.GONE:
            continue
        if timeline.group(ctx.as_of) is None:
            yield ctx.problem(member.where("mobile_from"), **_member_facts(timeline), home=member.mobile_from,
                              since=past[0].date)


# --- LIF001 -------------------------------------------------------------------------------------------

ORGANIZATIONAL_LIFE = ("general-assembly", "group-meeting", "party-lecture", "democratic-life",
                       "organizational-life", "theme-day", "democratic-review", "study")
EXCUSING_CERTIFICATES = frozenset({"letter", "card", "transfer"})


@dataclass(frozen=True)
class Participation:
    """Per member, the months they took part in (or were excused from) organizational life, and the
    months they were expected at some and did neither, with the first meeting missed in each."""

    covered: dict[str, set[YearMonth]]
    missed: dict[str, dict[YearMonth, Meeting]]


UNEXCUSED = ("无故", "未请假", "无正当理由", "原因不明", "不明原因")
"""Words of an ``absent`` reason that say there was none (``leave`` defaults to true)."""


def excused(absence: Absence) -> bool:
    """An absence with leave (正当理由): not marked ``leave: false``, with a reason recorded that does not
    say there was none (``{member: …, reason: 无故缺席}``). An absence without a reason is not excused."""
    reason = (absence.reason or "").strip()
    return absence.leave and bool(reason) and not any(word in reason for word in UNEXCUSED)


def expected_members(ctx: Context, meeting: Meeting) -> tuple[str, ...]:
    """Party members expected at ``meeting`` (:func:`counting.expected_at`), memoized for the run."""
    return ctx.shared(("expected_at", meeting.id),
                      lambda: counting.expected_at(meeting, ctx.records).members)


def participation(ctx: Context, types: tuple[str, ...]) -> Participation:
    """Month by month, who took part in organizational life (meetings of ``types``) up to the as-of date.

    A month is *covered* for a member who, in that month: attended such a meeting (listed in
    ``attendees``, whatever the meeting's group), took part in a democratic review in writing, was
    absent with leave (:func:`excused`), was away with a certificate
    (letter, card or transfer letter) on any day, or made a ``reported`` report. A month is *missed*
    when the member was expected (:func:`counting.expected_at`) at such a meeting and is not covered.
    Months with neither are neutral: nothing was held for the member (MTG reports that). A meeting whose
    people could not all be read (an unknown id, :func:`counting.people_unreadable`) covers everyone it
    expected: who was there is unknown, and the typo is reported once (REF003).
    """
    records = ctx.records
    covered: dict[str, set[YearMonth]] = defaultdict(set)
    missed: dict[str, dict[YearMonth, Meeting]] = defaultdict(dict)
    wanted = set(types)
    for meeting in records.meetings:
        if meeting.date > ctx.as_of or wanted.isdisjoint(meeting.types):
            continue
        month = YearMonth.of(meeting.date)
        if counting.people_unreadable(meeting, records):      # who was there is unknown: nobody missed it
            for member_id in expected_members(ctx, meeting):
                covered[member_id].add(month)
            continue
        present = set(meeting.attendees) | {r.member for r in meeting.reviews if r.written}
        present |= {a.member for a in meeting.absent if excused(a)}
        for member_id in present:
            covered[member_id].add(month)
        for member_id in expected_members(ctx, meeting):
            if member_id not in present:
                missed[member_id].setdefault(month, meeting)
    for member_id, timeline in records.timelines.items():
        for segment in away_segments(timeline):
            if segment.event.certificate in EXCUSING_CERTIFICATES and segment.start <= ctx.as_of:
                covered[member_id].update(YearMonth.of(segment.start).until(YearMonth.of(segment.last_day(ctx.as_of))))
        covered[member_id].update(YearMonth.of(e.date) for e in timeline.all("reported") if e.date <= ctx.as_of)
    return Participation(dict(covered), dict(missed))


def check_participation(ctx: Context):
    """LIF001: counting back from the as-of month, the months the member missed, until a covered month;
    the run lasts from its first missed month to its last one, both included.

    "连续六个月不参加党的组织生活" is a length of time: a member who missed January and March to June
    has taken part in nothing for six months, although the group did not meet in February (Spring
    Festival). So a neutral month (nothing held for the member) between two missed ones counts in the
    run's length and does not break it; neutral months after the last missed one do not lengthen it
    (nothing was asked of the member). The as-of month counts once a meeting in it was missed. Members
    not on the rolls on the as-of date are not reported, and months before a member joined are never
    missed (nobody expected them). A ``lapse`` decision about the member, at a meeting held on or after
    the run began and by the as-of date, means the branch is handling it: no finding.
    """
    types = tuple(ctx.param("types"))
    table = ctx.shared(("participation", types, ctx.as_of), lambda: participation(ctx, types))
    warn, error = ctx.param("warn_months"), ctx.param("error_months")
    records = ctx.records
    for member_id in sorted(table.missed):
        timeline = records.timeline(member_id)
        if timeline is None or not timeline.is_member(ctx.as_of):
            continue
        covered = table.covered.get(member_id, set())
        run: list[YearMonth] = []
        for month in sorted(set(table.missed[member_id]) | covered, reverse=True):
            if month in covered:
                break
            run.append(month)
        if not run:
            continue
        first = run[-1]
        months = (run[0] - first) + 1
        if months < warn:
            continue
        handled = any(d.kind == "lapse" and d.meeting in records.meetings_by_id
                      and first.first_day <= records.meetings_by_id[d.meeting].date <= ctx.as_of
                      for d in records.decisions_by_subject.get(member_id, ()))
        if handled:
            continue
        meetings = [table.missed[member_id][m] for m in reversed(run)]
        severity = Severity.ERROR if months >= error else Severity.WARNING
        yield ctx.problem(timeline.member.loc, "lapse" if months >= error else "", severity=severity,
                          **_member_facts(timeline), months=months, first=first.label_zh, first_en=str(first),
                          last_meeting=meetings[-1].id,
                          related=tuple(m.where("attendees") for m in meetings))


# --- the rules ----------------------------------------------------------------------------------------

_TOGETHER = ("# members/a.yaml, b.yaml and c.yaml each:\nhistory:\n  - {date: 2020-01-01, event: full}\n"
             "  - {date: 2025-03-01, event: away, place: 深圳, fixed_place: true, until: 2025-08-31, certificate: letter")
_GROUP_MEETING = "# meetings/2025/{day}-g1.yaml\ntype: 党小组会\ndate: {day}\ngroup: g1\nattendees: [li-si{more}"
_AWAY_EXAMPLE = "history:\n  - {{date: 2020-01-01, event: full}}\n  - {{date: 2025-03-01, event: away, {fields}}}"

RULES = (
    Rule("MOB001", "long-stay-transferred", "MOB", "固定地点外出超过 6 个月须转移组织关系",
         "away at a fixed place for more than 6 months: the relationship is transferred",
         "000 §七.1《流动党员管理制度》; 004 党员教育管理制度 5", Severity.ERROR, {
             "": Message("{name}（{member}）自 {start} 起在固定地点 {place} 外出已满 {months} 个月，超过 {limit} 个月（{deadline} 起）仍未转移组织关系",
                         "{name} ({member}) has been away at {place} since {start}, more than {limit} months "
                         "(since {deadline}), and the organizational relationship has not been transferred",
                         "将组织关系转至所去地方或单位党组织，记录 transferred-out 事件；已返回的记录 returned 事件",
                         "transfer the relationship to the party organization there (a transferred-out event); "
                         "if they are back, record a returned event"),
             "ended": Message("{name}（{member}）{start} 至 {end} 在固定地点 {place} 外出超过 {limit} 个月，期间未转移组织关系",
                              "{name} ({member}) was away at {place} from {start} to {end}, more than {limit} months, "
                              "without transferring the organizational relationship",
                              "外出超过 {limit} 个月应转移组织关系；核实返回日期，或补记转出",
                              "a stay of more than {limit} months needs a transfer; check the return date")},
         check=check_transfer,
         params=(Param("months", INT, 6, "外出超过该月数须转移组织关系", "months away after which the relationship is transferred"),),
         examples=(Example(
             _AWAY_EXAMPLE.format(fields="place: 广州, fixed_place: true, until: 2026-12-31, certificate: letter")
             + "\n  - {date: 2025-08-20, event: transferred-out, place: 广州市某街道党工委}  # as of 2025-12-31",
             _AWAY_EXAMPLE.format(fields="place: 广州, fixed_place: true, until: 2026-12-31, certificate: letter")
             + "  # as of 2025-12-31: 9 months, no transfer"),)),
    Rule("MOB002", "short-stay-letter", "MOB", "外出 6 个月以内须开具党员证明信",
         "away for 6 months or less: a certificate letter is recorded", "000 §七.1《流动党员管理制度》",
         Severity.WARNING, {
             "": Message("{name}（{member}）{start} 起外出至 {until}（{place}），所持凭证为“{certificate}”，应开具《党员证明信》",
                         "{name} ({member}) is away at {place} from {start} to {until} with certificate "
                         "“{certificate_en}”; a certificate letter (党员证明信) is required",
                         "开具《党员证明信》后在 away 事件中写 certificate: letter",
                         "issue the letter and record certificate: letter on the away event")},
         check=check_letter,
         params=(Param("months", INT, 6, "预计外出不超过该月数为短期外出", "a planned stay up to this many months is short"),
                 Param("certificates", V.CERTIFICATES.kind(), ("letter", "card"),
                       "短期外出可接受的凭证（流动党员活动证亦可）", "certificates accepted for a short stay (a card also serves)")),
         examples=(Example(
             _AWAY_EXAMPLE.format(fields="place: 贵阳, fixed_place: true, until: 2025-06-30, certificate: letter"),
             _AWAY_EXAMPLE.format(fields="place: 贵阳, fixed_place: true, until: 2025-06-30, certificate: none")),)),
    Rule("MOB003", "unclear-stay-card", "MOB", "外出地点、时间不明确的须发放流动党员活动证并登记",
         "away with place or time unclear: a mobile-member card, with reason, place and contact registered",
         "000 §七.1《流动党员管理制度》", Severity.ERROR, {
             "": Message("{name}（{member}）{start} 起外出的登记不完整", "{name} ({member}): the stay from {start} is not registered"),
             "card": Message("{name}（{member}）{start} 起外出，地点或时间不明确，未发放《流动党员活动证》{also}",
                             "{name} ({member}) is away since {start} with place or time unclear, without a "
                             "mobile-member card{also_en}",
                             "发放《流动党员活动证》，在 away 事件中写 certificate: card 并登记 reason（事由）、place（地点）、"
                             "contact（联系方式）；地点时间明确的写 place、fixed_place 与 until",
                             "issue the card, record certificate: card with reason, place and contact; if place and "
                             "time are known, record place, fixed_place and until"),
             "registration": Message("{name}（{member}）{start} 起外出，未登记{missing}",
                                     "{name} ({member}) is away since {start}; not registered: {missing_en}",
                                     "在 away 事件中补记 reason（事由）、place（地点）、contact（联系方式）",
                                     "record reason, place and contact on the away event")},
         check=check_card,
         examples=(Example(
             _AWAY_EXAMPLE.format(fields="place: 广东, fixed_place: false, certificate: card, reason: 务工, contact: 微信"),
             _AWAY_EXAMPLE.format(fields="place: 广东, fixed_place: false, certificate: letter")),)),
    Rule("MOB004", "temporary-group", "MOB", "3 人以上在同一地点外出须建立临时党支部或党小组",
         "three or more away at one place: a temporary branch or group is recorded", "000 §七.2《流动党员管理制度》",
         Severity.WARNING, {
             "": Message("{name}（{member}）与{others}等共 {count} 名党员同在 {place} 外出，未记录所在临时党支部或党小组",
                         "{name} ({member}) is one of {count} members away at {place} (with {others_en}, …), "
                         "and no temporary branch or group is recorded",
                         "在这些党员中建立临时党支部或党小组，在各自 away 事件中写 temporary_group",
                         "set up a temporary branch or group among them and record temporary_group on each away event")},
         check=check_temporary_group,
         params=(Param("members", INT, 3, "同一地点外出达到该人数须建立临时组织", "members at one place that need a temporary group"),),
         examples=(Example(_TOGETHER + ", temporary_group: 深圳临时党小组}", _TOGETHER + "}  # no temporary_group"),)),
    Rule("MOB005", "quarterly-report", "MOB", "长期在外的党员每季度汇报一次",
         "members long away report every quarter, in person or in writing", "004 党员教育管理制度 6",
         Severity.WARNING, {
             "": Message("{name}（{member}）{start} 起外出，{quarter}未向支部汇报思想工作情况",
                         "{name} ({member}), away since {start}, made no report in {quarter_en}",
                         "记录 reported 事件（书面汇报写 written: true）",
                         "record a reported event (written: true for a written report)")},
         check=check_reports,
         params=(Param("months", INT, 6, "外出超过该月数（或地点、时间不明确）为长期在外，须每季度汇报",
                       "a stay longer than this (or with place or time unclear) is long: quarterly reports are due"),),
         examples=(Example(
             _AWAY_EXAMPLE.format(fields="place: 上海, fixed_place: false, certificate: card, reason: 务工, contact: 电话")
             + "\n  - {date: 2025-05-10, event: reported, written: true}  # as of 2025-07-01",
             _AWAY_EXAMPLE.format(fields="place: 上海, fixed_place: false, certificate: card, reason: 务工, contact: 电话")
             + "  # as of 2025-07-01: no report in 2025 Q2"),)),
    Rule("MOB007", "card-audit", "MOB", "流动党员活动证每年审核一次（贵州）",
         "mobile-member cards audited yearly (Guizhou)", "001 §四.12（贵州，地方规定）", Severity.WARNING, {
             "": Message("{name}（{member}）的《流动党员活动证》自 {since} 起未审核，应于 {due} 前审核",
                         "{name} ({member}): the mobile-member card has not been audited since {since}; it was due by {due}",
                         "审核活动证并了解其学习、思想和工作情况，记录 card-audited 事件",
                         "audit the card, collect their situation, and record a card-audited event")},
         check=check_card_audit, enabled_by_default=False,
         params=(Param("months", INT, 12, "活动证审核的间隔月数", "months between card audits"),),
         examples=(Example(
             "history:\n  - {date: 2020-01-01, event: full}\n  - {date: 2024-03-01, event: away, place: 广东, "
             "fixed_place: false, certificate: card, reason: 务工, contact: 电话}\n  - {date: 2025-02-20, event: card-audited}",
             "history:\n  - {date: 2020-01-01, event: full}\n  - {date: 2024-03-01, event: away, place: 广东, "
             "fixed_place: false, certificate: card, reason: 务工, contact: 电话}  # as of 2025-12-31, never audited"),)),
    Rule("MOB008", "incoming-in-group", "MOB", "外来流动党员须编入党小组", "incoming mobile members are assigned to a group",
         "000 §七.6《流动党员管理制度》", Severity.WARNING, {
             "": Message("外来流动党员 {name}（{member}，组织关系在 {home}）未编入党小组",
                         "incoming mobile member {name} ({member}, relationship held by {home}) is in no group",
                         "在成员文件中写 group（所编入的党小组）", "assign a group in the member file (group:)")},
         check=check_incoming_group,
         examples=(Example("name: 赵六\nmobile_from: 中共某县某村支部委员会\ngroup: g1\nhistory:\n  - {date: 2025-03-10, event: reported}",
                           "name: 赵六\nmobile_from: 中共某县某村支部委员会\nhistory:\n  - {date: 2025-03-10, event: reported}"),)),
    Rule("LIF001", "organizational-life", "LIF", "无正当理由连续 6 个月不参加组织生活须按自行脱党处理",
         "a member who attended no organizational life for 6 consecutive months without reason must be dealt with",
         "004 党员教育管理制度 7; 《中国共产党章程》第九条", Severity.WARNING, {
             "": Message("{name}（{member}）自 {first} 起已连续 {months} 个月未参加组织生活（最近缺席 {last_meeting}）",
                         "{name} ({member}) has attended no organizational life for {months} consecutive months "
                         "since {first_en} (last missed: {last_meeting})",
                         "了解原因并谈心谈话；请假的在会议 absent 中记录，外出的记录 away 事件及凭证",
                         "find out why and talk with them; record leave under absent, or the stay away with its certificate"),
             "lapse": Message("{name}（{member}）自 {first} 起已连续 {months} 个月无正当理由不参加组织生活，应按自行脱党处理",
                              "{name} ({member}) has attended no organizational life for {months} consecutive months "
                              "since {first_en} without reason: the lapse (自行脱党) must be dealt with",
                              "提交支部党员大会讨论，作出自行脱党处理决定（kind: lapse）并报上级党委",
                              "put it to the general assembly (a decision of kind lapse) and report to the upper organization")},
         check=check_participation,
         params=(Param("warn_months", INT, 3, "连续未参加组织生活达到该月数时提醒", "consecutive months that raise a warning"),
                 Param("error_months", INT, 6, "达到该月数须按自行脱党处理（错误）", "consecutive months that make it an error"),
                 Param("types", V.MEETING_TYPES.kind(), ORGANIZATIONAL_LIFE, "计为组织生活的会议类型",
                       "meeting types that are organizational life")),
         examples=(Example(_GROUP_MEETING.format(day="2025-12-15", more=", wang-wu]"),
                           _GROUP_MEETING.format(day="2025-12-15", more="]\nabsent:\n  - {member: wang-wu, leave: false}")
                           + "\n# … and so in each month since 2025-06: 7 months without organizational life"),)),
)
