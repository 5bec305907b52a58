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
from zhidu_cli.model.fields import BOOL, INT
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
                if ended and _history(ctx, last.end - _DAY):
                    continue
                months = ctx.param("months", on=first.start)
                deadline = add_months(first.start, months)
                through = last.end if ended else ctx.as_of
                if first.event.until is not None and first.event.until > deadline:
                    yield from _planned_transfer(ctx, timeline, first, last, ended, months)
                    continue
                if ended and last.ended_by.event == "transferred-out":
                    continue
                if through <= deadline:
                    continue
                facts = _member_facts(timeline) | {
                    "place": first.event.place, "start": first.start, "deadline": deadline, "limit": months,
                    "months": months_between(first.start, through)}
                if ended:
                    yield ctx.problem(first.event.where("date"), "ended", end=last.end, **facts)
                else:
                    yield ctx.problem(first.event.where("date"), **facts)


def _planned_transfer(ctx: Context, timeline: Timeline, first: AwaySegment, last: AwaySegment, ended: bool,
                      months: int):
    """MOB001 for a stay planned (``until``) for more than ``months`` months: the relationship moves when
    the member leaves (000 §七.1 "外出有固定地点、时间在6个月以上的，应将党组织关系转至所去地方"), within
    ``departure_days`` days of the departure. Coming back before that day (plans change) owes nothing."""
    grace = ctx.param("departure_days", on=first.start)
    due = first.start + dt.timedelta(days=grace)
    end_event = last.ended_by if ended else None
    facts = _member_facts(timeline) | {"place": first.event.place, "start": first.start, "until": first.event.until,
                                       "limit": months, "due": due, "grace": grace}
    if end_event is not None and end_event.event == "transferred-out":
        if end_event.date > due:
            yield ctx.problem(end_event.where("date"), "planned-late", transferred=end_event.date,
                              related=(first.event.where("until"),), **facts)
        return
    if ended and last.end <= due:
        return
    if ctx.as_of > due and not _history(ctx, due):
        yield ctx.problem(first.event.where("until"), "planned", **facts)


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
    """Per member, the months they were expected at organizational life and neither took part nor were
    excused, with the first meeting missed in each; and, for those members, the months they took part in
    (or were excused from) some."""

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
    # who took part, month by month first: set unions per meeting instead of a step per member and
    # meeting (an assembly of a street office is thousands of people), then turned round per member
    covered_by_month: dict[YearMonth, set[str]] = defaultdict(set)
    missed: dict[str, dict[YearMonth, Meeting]] = defaultdict(dict)
    wanted = set(types)
    for meeting in records.meetings:
        if meeting.date > ctx.as_of or wanted.isdisjoint(meeting.types):
            continue
        month = YearMonth.of(meeting.date)
        if counting.people_unreadable(meeting, records):      # who was there is unknown: nobody missed it
            covered_by_month[month].update(expected_members(ctx, meeting))
            continue
        present = set(meeting.attendees) | {r.member for r in meeting.reviews if r.written}
        present |= {a.member for a in meeting.absent if excused(a)}
        covered_by_month[month] |= present
        for member_id in expected_members(ctx, meeting):
            if member_id not in present:
                missed[member_id].setdefault(month, meeting)
    # turned round per member only for those who missed a month: nobody else's covered months are asked
    covered: dict[str, set[YearMonth]] = defaultdict(set)
    for month, members in covered_by_month.items():
        for member_id in missed.keys() & members:
            covered[member_id].add(month)
    for member_id in missed:
        timeline = records.timelines.get(member_id)
        if timeline is None:
            continue
        for segment in away_segments(timeline):
            if segment.event.certificate in EXCUSING_CERTIFICATES and segment.start <= ctx.as_of:
                covered[member_id].update(YearMonth.of(segment.start).until(YearMonth.of(segment.last_day(ctx.as_of))))
        covered[member_id].update(YearMonth.of(e.date) for e in timeline.all("reported") if e.date <= ctx.as_of)
    return Participation(dict(covered), dict(missed))


def check_participation(ctx: Context):
    """LIF001: counting back from the as-of month, the months the member missed, until a covered month;
    the run lasts from its first missed month to its last one, both included.

    "连续六个月不参加党的组织生活" counts the months the member could have taken part and did not: a
    month in which none of the member's bodies held anything (the group did not meet at the Spring
    Festival) was asked nothing of the member — it neither breaks the run nor counts toward the six
    (the branch's own lapse is MTG's to report). ``count_idle_months: true`` reads the phrase as a length
    of time instead: such a month between two missed ones counts. The as-of month counts once a meeting
    in it was missed. Members not on the rolls on the as-of date are not reported, and months before a
    member joined are never missed (nobody expected them). Only a lapse decision that LIF002 accepts
    (:func:`lapse_settled`: the general assembly, its majority, the upper organization's approval in
    time), taken on or after the run began, settles it.
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
        months = (run[0] - first) + 1 if ctx.param("count_idle_months") else len(run)
        if months < warn:
            continue
        if lapse_settled(records, ctx.settings, member_id, ctx.as_of, first.first_day):
            continue
        meetings = [table.missed[member_id][m] for m in reversed(run)]
        severity = Severity.ERROR if months >= error else Severity.WARNING
        yield ctx.problem(timeline.member.loc, "lapse" if months >= error else "", severity=severity,
                          **_member_facts(timeline), months=months, first=first.label_zh, first_en=str(first),
                          last_meeting=meetings[-1].id,
                          related=tuple(m.where("attendees") for m in meetings))


# --- LIF002: a lapse or removal decided properly -------------------------------------------------------

REMOVAL_KINDS = ("lapse", "removal")   # 自行脱党处理, 除名: both go to the general assembly (LIF002)


@dataclass(frozen=True)
class LapseCheck:
    """A lapse decision measured against LIF002; ``faults`` empty means it is valid (so far)."""

    decision: object
    meeting: Meeting | None
    faults: tuple[tuple[str, dict], ...]       # (message variant, facts)


def lapse_check(ctx_settings, records, decision, as_of: dt.date, param) -> LapseCheck:
    """LIF002 for one adopted ``lapse`` decision: at the general assembly, whose quorum held, with for-votes
    above half of the full members with a vote expected (recused excluded), approved by the upper
    organization (not by the branch) within ``approval_months`` of the assembly."""
    from zhidu_cli.rules.development import approves_itself     # one reading of "the branch approved itself"
    meeting = records.meetings_by_id.get(decision.meeting)
    faults: list[tuple[str, dict]] = []
    if meeting is None or not meeting.is_type("general-assembly"):
        faults.append(("assembly", {}))
        return LapseCheck(decision, meeting, tuple(faults))
    if counting.quorum_failed(meeting, records, ctx_settings, type_id="general-assembly"):
        faults.append(("quorum", {}))
    if decision.votes is None:
        faults.append(("no-votes", {}))
    else:
        att = counting.body_attendance(meeting, records, ctx_settings, "general-assembly")
        base = len(set(att.expected.voters) - set(decision.recused))
        threshold = counting.Threshold.half(param("wording", meeting.date))
        required = threshold.required(base)
        if decision.votes.total_for < required:
            faults.append(("majority", {"for": decision.votes.total_for, "base": base, "required": required}))
    approval = decision.approval
    months = param("approval_months", meeting.date)
    due = add_months(meeting.date, months)
    if approval is not None and approval.date <= as_of:
        if approves_itself(approval.by, records.branch):
            faults.append(("self", {"by": approval.by}))
        elif approval.date > due:
            faults.append(("late", {"approved": approval.date, "due": due, "months": months}))
    elif as_of > due:
        faults.append(("approval", {"due": due, "months": months}))
    return LapseCheck(decision, meeting, tuple(faults))


def lapse_checks(records, settings, as_of: dt.date) -> dict[str, tuple[LapseCheck, ...]]:
    """Every adopted lapse or removal decision up to ``as_of``, checked against LIF002, per member.

    Kept in ``records.memo`` per settings and date: LIF001, LIF002, DUE005 and ``zhidu agenda`` ask.
    """
    key = ("lapse-checks", id(settings), as_of)
    kept = records.memo.get(key)
    if kept is not None and kept[0] is settings:
        return kept[1]

    def param(name, on):
        return counting.param(settings, "LIF002", name, on)
    found: dict[str, list[LapseCheck]] = defaultdict(list)
    for decision_id in sorted(records.decisions):
        decision = records.decisions[decision_id]
        meeting = records.meetings_by_id.get(decision.meeting)
        if decision.kind not in REMOVAL_KINDS or decision.status != "adopted" or not decision.subject \
                or (meeting is not None and meeting.date > as_of):
            continue
        found[decision.subject].append(lapse_check(settings, records, decision, as_of, param))
    checks = {k: tuple(v) for k, v in found.items()}
    records.memo[key] = (settings, checks)
    return checks


def lapse_settled(records, settings, member_id: str, as_of: dt.date, since: dt.date | None = None) -> bool:
    """Has a lapse decision that LIF002 accepts, taken on or after ``since``, settled the member's case?

    Only such a decision settles LIF001 and DUE005 (and takes the lapse off ``zhidu agenda``): a committee
    note, a decision without a vote or one the branch approved itself does not (issue 9.3).
    """
    for check in lapse_checks(records, settings, as_of).get(member_id, ()):
        if not check.faults and check.meeting is not None and (since is None or check.meeting.date >= since):
            return True
    return False


def check_lapse_decisions(ctx: Context):
    """LIF002: each adopted lapse decision is valid; a ``lapsed`` event needs one."""
    records = ctx.records
    checks = lapse_checks(records, ctx.settings, ctx.as_of)
    for member_id in sorted(checks):
        for check in checks[member_id]:
            decision = check.decision
            timeline = records.timeline(member_id)
            facts = {"decision": decision.id, "title": decision.title,
                     "name": timeline.member.name if timeline else member_id, "member": member_id,
                     "date": check.meeting.date if check.meeting else ""}
            for variant, extra in check.faults:
                where = {"assembly": decision.where("meeting"), "quorum": decision.where("meeting"),
                         "no-votes": decision.loc, "majority": decision.where("votes"),
                         "self": decision.approval.where("by") if decision.approval else decision.loc,
                         "late": decision.approval.where("date") if decision.approval else decision.loc,
                         "approval": decision.where("approval")}[variant]
                yield ctx.problem(where, variant, **facts, **extra)
    for member_id in sorted(records.members):
        timeline = records.timelines[member_id]
        for event in timeline.all("lapsed"):
            if event.date > ctx.as_of or _history(ctx, event.date):
                continue
            if not any(c.meeting is not None and c.meeting.date <= event.date for c in checks.get(member_id, ())):
                yield ctx.problem(event.where("date"), "no-decision", name=timeline.member.name, member=member_id,
                                  date=event.date, decision="", title="")


# --- MOB009: changes reported, returns checked ---------------------------------------------------------

def check_changes_and_returns(ctx: Context):
    """MOB009: a change of place or contact while away is reported (``reported``) within ``months`` months
    of the new ``away`` event; after a ``returned`` the member reports on the time away and, for a card
    holder, the card is checked (``card-audited``), within ``months`` months. A short visit home
    (``visited``) is not a return."""
    for member_id in sorted(ctx.records.members):
        timeline = ctx.records.timelines[member_id]
        reports = [e.date for e in timeline.all("reported")]
        audits = [e.date for e in timeline.all("card-audited")]

        def within(dates, start: dt.date, due: dt.date) -> bool:
            return any(start <= d <= due for d in dates)

        for spell in away_spells(timeline):
            if spell[0].start > ctx.as_of or not timeline.is_member(spell[0].start):
                continue
            for before, segment in zip(spell, spell[1:]):
                event, prior = segment.event, before.event
                changed = [name for name in ("place", "contact")
                           if getattr(event, name) and getattr(prior, name) and getattr(event, name) != getattr(prior, name)]
                if not changed:
                    continue
                months = ctx.param("months", on=event.date)
                due = add_months(event.date, months)
                if ctx.as_of > due and not _history(ctx, due) and not within(reports, event.date, due):
                    yield ctx.problem(event.where("date"), "change", **_member_facts(timeline), date=event.date,
                                      due=due, what=[_FIELD_ZH[c] for c in changed], what_en=changed)
            last = spell[-1]
            back = last.ended_by
            if back is None or back.event != "returned" or back.date > ctx.as_of:
                continue
            months = ctx.param("months", on=back.date)
            due = add_months(back.date, months)
            if ctx.as_of <= due or _history(ctx, due):
                continue
            card = any(s.event.certificate == "card" for s in spell)
            missing = []
            if not within(reports, back.date, due):
                missing.append(("汇报外出期间情况", "a report on the time away"))
            if card and not within(audits, back.date, due):
                missing.append(("查验《流动党员活动证》", "the card checked"))
            if missing:
                yield ctx.problem(back.where("date"), "return", **_member_facts(timeline), date=back.date, due=due,
                                  what=[m[0] for m in missing], what_en=[m[1] for m in missing])


# --- the rules ----------------------------------------------------------------------------------------

LI = "members/li-si.yaml"
_AWAY = "name: 李四\ngroup: g1\nhistory:\n  - {{date: 2020-01-01, event: full}}\n  - {{date: 2025-03-01, event: away, {fields}}}"
_CARD = "place: 广东, fixed_place: false, certificate: card, reason: 务工, contact: 微信"


def _together(name: str, extra: str = ", temporary_group: 深圳临时党小组") -> str:
    return (f"name: {name}\nhistory:\n  - {{date: 2020-01-01, event: full}}\n  - {{date: 2025-03-01, event: away, "
            f"place: 深圳, fixed_place: true, until: 2025-08-31, certificate: letter{extra}}}")


def _group_meetings(*days: str) -> tuple[tuple[str, str], ...]:
    return tuple((f"meetings/2025/{day}-g1.yaml", f"type: 党小组会\ndate: {day}\ngroup: g1\nattendees: [li-si]\n"
                  "absent:\n  - {member: wang-wu, leave: false}") for day in days)


WANG = ("members/wang-wu.yaml", "name: 王五\ngroup: g1\nhistory:\n  - {date: 2020-01-01, event: full}")
LI_MEMBER = (LI, "name: 李四\ngroup: g1\nhistory:\n  - {date: 2020-01-01, event: full}")
LAPSE_ASSEMBLY = ("meetings/2025/2025-06-20-assembly.yaml", "type: 支部党员大会\ndate: 2025-06-20\n"
                  "attendees: [m01, m02, m03, m04, m05, m06, m07, m08, m09]")
_LAPSE = ("meeting: 2025-06-20-assembly\ntitle: 孙霞按自行脱党处理\nkind: lapse\nsubject: m12\n"
          "votes: {for: 8, against: 1}\n")

RULES = (
    Rule("MOB001", "long-stay-transferred", "MOB",
         "固定地点外出超过 6 个月须转移组织关系：计划超过 6 个月的在外出时转，否则满 6 个月时转",
         "away at a fixed place for more than 6 months: the relationship is transferred — on departure when the "
         "planned stay exceeds 6 months, otherwise once 6 months have passed",
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
                              "a stay of more than {limit} months needs a transfer; check the return date"),
             "planned": Message("{name}（{member}）{start} 起到固定地点 {place} 外出，计划至 {until}，超过 {limit} 个月，"
                                "应在外出时转移组织关系（{due} 前），至今未转",
                                "{name} ({member}) left for {place} on {start} planning to stay until {until}, more "
                                "than {limit} months: the relationship was due to move on departure (by {due}) and "
                                "has not",
                                "计划外出超过 {limit} 个月的，离开时即将组织关系转至所去地方（transferred-out 事件）；"
                                "计划有变的更正 until",
                                "a planned stay of more than {limit} months moves the relationship on departure "
                                "(a transferred-out event); correct until if plans changed"),
             "planned-late": Message("{name}（{member}）{start} 起计划到 {place} 外出至 {until}，{transferred} 才转移组织关系，"
                                     "晚于外出后 {grace} 天（{due}）",
                                     "{name} ({member}) left for {place} on {start} planning to stay until {until}; the "
                                     "relationship moved only on {transferred}, more than {grace} days after leaving "
                                     "({due})",
                                     "计划外出超过 {limit} 个月的应在外出时转移组织关系",
                                     "a planned long stay moves the relationship on departure")},
         check=check_transfer,
         params=(Param("months", INT, 6, "外出超过该月数须转移组织关系", "months away after which the relationship is transferred"),
                 Param("departure_days", INT, 30, "计划外出超过 months 个月的，离开后该天数内转出组织关系（办理手续的宽限）",
                       "days after leaving within which a planned long stay's relationship is transferred (time to "
                       "do the paperwork)")),
         examples=(Example(_AWAY.format(fields="place: 广州, fixed_place: true, until: 2026-12-31, certificate: transfer")
                           + "\n  - {date: 2025-03-20, event: transferred-out, place: 广州市某街道党工委}",
                           _AWAY.format(fields="place: 广州, fixed_place: true, until: 2026-12-31, certificate: letter")
                           + "  # 计划外出近两年，离开时未转组织关系", path=LI, background="bare",
                           note="计划超过 6 个月：外出时（30 天内）转出 / a planned long stay moves on departure"),
                   Example(_AWAY.format(fields="place: 广州, fixed_place: true, until: 2025-08-31, certificate: letter")
                           + "\n  - {date: 2025-09-01, event: returned}",
                           _AWAY.format(fields="place: 广州, fixed_place: true, until: 2025-08-31, certificate: letter")
                           + "  # 计划半年，至今未回：已逾 6 个月", path=LI, background="bare"))),
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
         examples=(Example(_AWAY.format(fields="place: 贵阳, fixed_place: true, until: 2025-06-30, certificate: letter"),
                           _AWAY.format(fields="place: 贵阳, fixed_place: true, until: 2025-06-30, certificate: none"),
                           path=LI, background="bare"),)),
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
         examples=(Example(_AWAY.format(fields=_CARD), _AWAY.format(fields="place: 广东, fixed_place: false, certificate: letter"),
                           path=LI, background="bare"),)),
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
         examples=(Example(_together("丙"), _together("丙", ""), path="members/c.yaml", background="bare",
                           context=(("members/a.yaml", _together("甲")), ("members/b.yaml", _together("乙"))),
                           note="甲、乙、丙同在深圳 / three members away at 深圳"),)),
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
         examples=(Example(_AWAY.format(fields=_CARD) + "\n  - {date: 2025-05-10, event: reported, written: true}",
                           _AWAY.format(fields=_CARD) + "  # 第二季度没有汇报", path=LI, background="bare", as_of="2025-07-01"),)),
    Rule("MOB007", "card-audit", "MOB", "流动党员活动证每年审核一次（贵州）",
         "mobile-member cards audited yearly (Guizhou)", "001 §四.12（贵州，地方规定）", Severity.WARNING, {
             "": Message("{name}（{member}）的《流动党员活动证》自 {since} 起未审核，应于 {due} 前审核",
                         "{name} ({member}): the mobile-member card has not been audited since {since}; it was due by {due}",
                         "审核活动证并了解其学习、思想和工作情况，记录 card-audited 事件",
                         "audit the card, collect their situation, and record a card-audited event")},
         check=check_card_audit, enabled_by_default=False,
         params=(Param("months", INT, 12, "活动证审核的间隔月数", "months between card audits"),),
         examples=(Example(_AWAY.format(fields=_CARD).replace("2025-03-01", "2024-03-01") + "\n  - {date: 2025-02-20, event: card-audited}",
                           _AWAY.format(fields=_CARD).replace("2025-03-01", "2024-03-01") + "  # 一年多未审核",
                           path=LI, background="bare", context=(("zhidu.yaml", "rules:\n  MOB007: on\n"),)),)),
    Rule("MOB008", "incoming-in-group", "MOB", "外来流动党员须编入党小组", "incoming mobile members are assigned to a group",
         "000 §七.6《流动党员管理制度》", Severity.WARNING, {
             "": Message("外来流动党员 {name}（{member}，组织关系在 {home}）未编入党小组",
                         "incoming mobile member {name} ({member}, relationship held by {home}) is in no group",
                         "在成员文件中写 group（所编入的党小组）", "assign a group in the member file (group:)")},
         check=check_incoming_group,
         examples=(Example("name: 赵六\nmobile_from: 中共某县某村支部委员会\ngroup: g1\nhistory:\n  - {date: 2025-03-10, event: reported}",
                           "name: 赵六\nmobile_from: 中共某县某村支部委员会\nhistory:\n  - {date: 2025-03-10, event: reported}",
                           path="members/zhao-liu.yaml", background="bare"),)),
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
                       "meeting types that are organizational life"),
                 Param("count_idle_months", BOOL, False,
                       "所在组织当月什么也没有举办的月份，夹在两个缺席月份之间时是否计入连续月数（默认不计：没有要求本人参加）",
                       "whether a month in which the member's bodies held nothing counts toward the run when it lies "
                       "between two missed months (default no: nothing was asked of the member)")),
         examples=(Example("type: 党小组会\ndate: 2025-12-15\ngroup: g1\nattendees: [li-si]\nabsent:\n  - {member: wang-wu, reason: 住院}",
                           "type: 党小组会\ndate: 2025-12-15\ngroup: g1\nattendees: [li-si]\nabsent:\n  - {member: wang-wu, leave: false}",
                           path="meetings/2025/2025-12-15-g1.yaml", background="bare",
                           context=(WANG, LI_MEMBER, *_group_meetings("2025-07-15", "2025-08-15", "2025-10-15", "2025-11-15")),
                           note="王五 7、8、10、11、12 月无故缺席，9 月小组未开会（不计入）：连续 5 个月（预警）/ five missed "
                                "months; September, with no meeting, does not count"),)),
    Rule("MOB009", "changes-and-returns-reported", "MOB",
         "外出党员地点、联系方式变化及时报告；返回后查验流动党员活动证并汇报外出期间情况",
         "a member away reports a change of place or contact within a month; on return the card is checked and "
         "the member reports on the time away", "000 §七.4–5《流动党员管理制度》", Severity.WARNING, {
             "": Message("{name}（{member}）外出期间的变化或返回未见报告", "{name} ({member}): a change or return was not reported"),
             "change": Message("{name}（{member}）{date} 起{what}变化，{due} 前未见向支部报告",
                               "{name} ({member}): the {what_en} changed on {date}; no report by {due}",
                               "记录 reported 事件（书面报告写 written: true）", "record a reported event"),
             "return": Message("{name}（{member}）{date} 返回，{due} 前未见{what}",
                               "{name} ({member}) came back on {date}; missing by {due}: {what_en}",
                               "返回后记录 reported（汇报外出期间情况）；持活动证的记录 card-audited（查验活动证）；"
                               "短暂回乡写 visited，不是返回",
                               "record reported (the report on the time away) and, for a card, card-audited; a short "
                               "visit home is visited, not returned")},
         check=check_changes_and_returns,
         params=(Param("months", INT, 1, "报告或查验的期限（月）", "months allowed for the report or the check"),),
         examples=(Example(_AWAY.format(fields=_CARD) + "\n  - {date: 2025-06-01, event: away, place: 广东深圳, "
                           "fixed_place: false, certificate: card, reason: 务工, contact: 微信}\n"
                           "  - {date: 2025-06-20, event: reported, written: true}",
                           _AWAY.format(fields=_CARD) + "\n  - {date: 2025-06-01, event: away, place: 广东深圳, "
                           "fixed_place: false, certificate: card, reason: 务工, contact: 微信}  # 未报告",
                           path=LI, background="bare"),
                   Example(_AWAY.format(fields=_CARD) + "\n  - {date: 2025-07-10, event: visited, until: 2025-07-20}"
                           "  # 短暂回乡，不是返回\n  - {date: 2025-09-01, event: returned}\n"
                           "  - {date: 2025-09-10, event: reported}\n  - {date: 2025-09-10, event: card-audited}",
                           _AWAY.format(fields=_CARD) + "\n  - {date: 2025-09-01, event: returned}\n"
                           "  - {date: 2025-09-10, event: reported}  # 活动证未查验",
                           path=LI, background="bare"))),
    Rule("LIF002", "lapse-decided", "LIF",
         "自行脱党（除名）须由支部党员大会讨论决定（到会人数和赞成票均过半数）并报上级党委批准；只有这样的决定才算处理完毕",
         "a lapse (自行脱党) or removal is decided by the general assembly (quorum, more than half of the voting "
         "members expected in favour) and approved by the upper organization; only such a decision settles "
         "DUE005 / LIF001",
         "《中国共产党章程》第九条（党员除名须经支部大会讨论决定，报上级党组织批准）；000 §六.5《党费收缴制度》；"
         "004 党员教育管理制度 7", Severity.ERROR, {
             "": Message("自行脱党处理决定 {decision}「{title}」不符合程序", "lapse decision {decision} “{title}” is not valid"),
             "assembly": Message("{name}（{member}）的自行脱党处理决定 {decision} 不是支部党员大会作出的",
                                 "the lapse decision {decision} about {name} ({member}) was not taken by the general "
                                 "assembly",
                                 "提交支部党员大会讨论表决；支委会只能提出意见",
                                 "put it to the general assembly; the committee can only propose it"),
             "quorum": Message("{name}（{member}）的自行脱党处理决定 {decision} 所在的支部党员大会（{date}）到会人数不足",
                               "the general assembly of {date} that took the lapse decision {decision} about {name} "
                               "({member}) was inquorate", "重新召开支部党员大会讨论", "hold the assembly again"),
             "no-votes": Message("{name}（{member}）的自行脱党处理决定 {decision} 没有记录表决票数",
                                 "the lapse decision {decision} about {name} ({member}) records no vote",
                                 "写明 votes（赞成、反对、弃权）", "record votes"),
             "majority": Message("{name}（{member}）的自行脱党处理决定 {decision} 赞成 {for} 票，应到会有表决权的正式党员 "
                                 "{base} 人，须超过半数（至少 {required} 票）",
                                 "the lapse decision {decision} about {name} ({member}) had {for} for out of {base} "
                                 "voting members expected ({required} needed)",
                                 "未达到票数的应记为未通过", "a decision without the majority is rejected"),
             "approval": Message("{name}（{member}）的自行脱党处理决定 {decision}（{date}）已超过 {months} 个月（{due}），未见上级党委批准",
                                 "the lapse decision {decision} about {name} ({member}) of {date} has no approval by "
                                 "the upper organization within {months} months (by {due})",
                                 "报上级党委批准后在决定中写 approval: {{date: …, by: …}}",
                                 "report it and record approval: {{date: …, by: …}} on the decision"),
             "late": Message("{name}（{member}）的自行脱党处理决定 {decision} 于 {approved} 才获批准，晚于 {due}",
                             "the lapse decision {decision} about {name} ({member}) was approved only on {approved}, "
                             "after {due}", "及时报批", "report it promptly"),
             "self": Message("{name}（{member}）的自行脱党处理决定 {decision} 由“{by}”批准；支部不能自行批准",
                             "the lapse decision {decision} about {name} ({member}) was approved by “{by}”: a branch "
                             "cannot approve it", "报上级党委批准", "the upper Party committee approves it"),
             "no-decision": Message("{name}（{member}）于 {date} 记为自行脱党除名，但没有支部党员大会的处理决定",
                                    "{name} ({member}) is recorded as lapsed on {date} with no decision of the "
                                    "general assembly",
                                    "记录支部党员大会的 lapse 决定（含表决和上级批准），lapsed 事件写 decision",
                                    "record the general assembly's lapse decision (vote, approval) and name it in the "
                                    "lapsed event")},
         check=check_lapse_decisions,
         params=(Param("wording", counting.WORDING, "more-than-half",
                       "赞成票须“超过半数”（more-than-half）或“半数以上”（at-least-half）应到会有表决权的正式党员",
                       "for-votes more than half (or at least half) of the voting members expected"),
                 Param("approval_months", INT, 3, "上级党委批准的期限（月）；此前未批视为仍在处理中",
                       "months allowed for the upper organization's approval; before then it is still being handled")),
         examples=(Example(_LAPSE + "approval: {date: 2025-07-15, by: 中共幸福街道工作委员会}",
                           _LAPSE + "# 已逾三个月，未报上级党委批准", path="decisions/2025/lapse-m12.yaml",
                           context=(LAPSE_ASSEMBLY,)),)),
)
