"""A member's way into the Party, step by step: the dated facts gathered once, the deadlines derived.

The development rules (DEV, PRB, NTC003/NTC004) and ``zhidu member`` ask the same questions of the
records — when did the general assembly admit this person, which disclosure went before, when did
the upper organization approve, when does probation end — so the answers are computed here, as pure
functions of the records and an as-of date. The deadline arithmetic they share lives here too, so the
pipeline ``zhidu member`` shows and the findings of ``zhidu check`` cannot disagree.

How the facts are matched. The history is the source of truth for status (``admitted``, ``approved``,
``full``, ``extended`` events); decisions carry the vote, the disclosures and the upper organization's
approval. A history event is joined to its decision by ``decision:``, else by ``meeting:``, else by
date (an ``admitted`` event on the assembly's day; a ``full`` event with the last assembly on the
conversion before it, else the first after it — the date of becoming a full member is often the end
of probation, not the day of the vote). An assembly decision with no event still counts as a
passage, so a branch that only files decisions is checked too. An event that names neither a decision nor a
meeting is joined to the general assembly held on its date, if one is recorded. Facts dated after the as-of
date are ignored: they are REF005's business, not yet facts.

What the branch answers for (:func:`answered_since`). A member's history may reach back before the
records began (``records_start``) or before the member transferred in: an admission in 2018, or at the
previous branch. Those steps are history — their meetings and decisions are not in this repository, and
another organization may have taken them — so the rules judge only facts and deadlines dated on or after
that day, while still reading the earlier dates (probation is counted from the real assembly).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from zhidu_cli.diagnostics.finding import Location
from zhidu_cli.model.records import Decision, Disclosure, Event, Meeting
from zhidu_cli.model.status import Status
from zhidu_cli.schedule.periods import add_months, add_years
from zhidu_cli.schedule.workdays import WorkCalendar

ASSEMBLY = "general-assembly"
COMMITTEE = "branch-committee"
_EVENT_OF = {"admission": "admitted", "conversion": "full"}
# what counts as "the committee discussed this member" before each kind of vote: a branch-committee
# decision of these kinds, or a history event of these kinds whose ``meeting:`` is a branch-committee meeting
_COMMITTEE_KINDS = {"admission": ("development-target", "admission"), "conversion": ("conversion",)}
_COMMITTEE_EVENTS = {"admission": ("development-target",), "conversion": ()}
_VOTED = ("adopted", "rejected")   # a deferred or pending item was not voted on

PROBATION_YEARS = 1
"""Probation lasts one year (党章 第七条): fixed by the Constitution, so not a branch's parameter."""


@dataclass(frozen=True)
class Mark:
    """A dated fact and where it is written."""

    date: dt.date
    location: Location


@dataclass(frozen=True)
class Passage:
    """The general assembly's vote on a member's admission or conversion, with what must precede it."""

    member: str
    kind: str                              # "admission" or "conversion"
    date: dt.date                          # the assembly's date (the event's when no meeting is recorded)
    event: Event | None                    # ``admitted`` / ``full`` in the history
    decision: Decision | None              # the assembly's decision
    meeting: Meeting | None                # the assembly, when recorded
    committee: tuple[Mark, ...]            # branch-committee discussions of the member up to the assembly
    disclosures: tuple[Disclosure, ...]    # on the decision and on the committee's decisions of this kind

    @property
    def location(self) -> Location:
        """Where a finding about the passage as a whole points: the member's file first."""
        if self.event is not None:
            return self.event.where("date")
        return self.decision.loc if self.decision is not None else Location("")

    @property
    def voted(self) -> bool:
        return self.event is not None or (self.decision is not None and self.decision.status in _VOTED)

    @property
    def adopted(self) -> bool:
        return self.event is not None or (self.decision is not None and self.decision.status == "adopted")


@dataclass(frozen=True)
class Approval:
    """The upper organization's approval of an admission: the history's ``approved`` event, else the decision's."""

    date: dt.date
    by: str | None
    location: Location
    by_location: Location


@dataclass(frozen=True)
class Extension:
    """An extended probation: when it was decided and by how many months."""

    date: dt.date                 # the discussion (the event's meeting, else the event's date)
    months: int | None
    event: Event


@dataclass(frozen=True)
class Development:
    """Everything dated about one member's development, as of a date (the latest cycle of each step)."""

    member: str
    applied: Event | None
    talked: Event | None                   # the first talk on or after the application
    activist: Event | None
    assessments: tuple[Event, ...]         # after becoming an activist
    target: Event | None
    trainings: tuple[Event, ...]           # concentrated training before the assembly
    admission: Passage | None              # the last adopted admission
    approval: Approval | None
    extensions: tuple[Extension, ...]      # after the admission
    conversion: Passage | None             # the first conversion voted on (adopted or not) after the admission
    conversion_applied: tuple[Event, ...] = ()   # written conversion applications (PRB005)


# --- the deadline arithmetic the rules and the member view share --------------------------------------

def probation_end(assembly: dt.date, years: int = PROBATION_YEARS,
                  extension_months: Iterable[int | None] = ()) -> dt.date:
    """Probation runs ``years`` from the assembly that admitted the member (党章 第七条), plus extensions."""
    end = add_years(assembly, years)
    for months in extension_months:
        end = add_months(end, months or 0)
    return end


def earliest_assembly(disclosure: Disclosure, working_days: int, calendar: WorkCalendar) -> dt.date:
    """The first day an assembly may meet after a disclosure of ``working_days`` starting on its first day."""
    return calendar.add_workdays(disclosure.start, working_days) + dt.timedelta(days=1)


# --- gathering the facts ------------------------------------------------------------------------------

def _meeting_date(records, decision: Decision) -> dt.date | None:
    meeting = records.meetings_by_id.get(decision.meeting)
    return meeting.date if meeting else None


def _of_type(records, decision: Decision, type_id: str) -> bool:
    meeting = records.meetings_by_id.get(decision.meeting)
    return meeting is not None and meeting.is_type(type_id)


def answered_since(records, member_id: str, as_of: dt.date) -> dt.date | None:
    """The first day of ``member_id``'s history the branch answers for in these records, or None for all of it.

    The later of ``records_start`` and the member's last ``transferred-in`` up to ``as_of``: before the
    first, the branch's meetings and decisions are not in the repository (as for meeting cadence and
    dues); before the second, the steps were the previous organization's.
    """
    branch = records.branch
    days = [branch.records_start] if branch is not None and branch.records_start is not None else []
    timeline = records.timeline(member_id)
    if timeline is not None:
        days += [e.date for e in timeline.events if e.event == "transferred-in" and e.date <= as_of]
    return max(days) if days else None


def _assembly_on(records, day: dt.date) -> Meeting | None:
    """The general assembly held on ``day``, for an event that names no meeting and no decision."""
    held = records.meetings_between(day, day, ASSEMBLY)
    return held[0] if held else None


def discussed_on(records, event: Event) -> dt.date:
    """The date a history event was decided: its meeting's date when it names one, else its own."""
    meeting = records.meetings_by_id.get(event.meeting) if event.meeting else None
    return meeting.date if meeting else event.date


def _match(event: Event, candidates: list[Decision], records, kind: str, after: dt.date | None) -> Decision | None:
    """The decision an ``admitted`` / ``full`` event records: the one it names, else one matched by date.

    Only an adopted decision is matched by date — the event says the item passed, so a deferred or
    rejected vote on the same member is not the one it records.
    """
    named = next((d for d in candidates if d.id == event.decision or (event.meeting and d.meeting == event.meeting)),
                 None)
    if named is not None:
        return named
    candidates = [d for d in candidates if d.status == "adopted"]
    if kind == "admission":   # the admitted event is dated on the assembly's day
        return next((d for d in candidates if _meeting_date(records, d) == event.date), None)
    # a ``full`` event may be dated at the end of probation, before or after the assembly that decided it
    earlier = [d for d in candidates
               if _meeting_date(records, d) <= event.date and (after is None or _meeting_date(records, d) > after)]
    later = [d for d in candidates if _meeting_date(records, d) > event.date]
    return earlier[-1] if earlier else later[0] if later else None


def passages(records, member_id: str, kind: str, as_of: dt.date) -> tuple[Passage, ...]:
    """Every assembly vote on ``member_id``'s admission or conversion up to ``as_of``, in date order."""
    timeline = records.timeline(member_id)
    if timeline is None:
        return ()
    decisions = [d for d in records.decisions_by_subject.get(member_id, ())
                 if (day := _meeting_date(records, d)) is not None and day <= as_of]
    decisions.sort(key=lambda d: (_meeting_date(records, d), d.id))
    assembly = [d for d in decisions if d.kind == kind and _of_type(records, d, ASSEMBLY)]
    committee = [d for d in decisions if d.kind in _COMMITTEE_KINDS[kind] and _of_type(records, d, COMMITTEE)]
    committee_events = [(e, m) for e in timeline.events if e.event in _COMMITTEE_EVENTS[kind] and e.meeting
                        and (m := records.meetings_by_id.get(e.meeting)) is not None and m.is_type(COMMITTEE)]
    events = [e for e in timeline.events if e.event == _EVENT_OF[kind] and e.date <= as_of]
    if kind == "conversion":   # a ``full`` event is a conversion only when it ends a probation
        events = [e for e in events
                  if timeline.status(e.date - dt.timedelta(days=1)) in (Status.PROBATIONARY, Status.ADMITTED)]

    unmatched = list(assembly)
    pairs: list[tuple[Event | None, Decision | None]] = []
    previous: dt.date | None = None
    for event in events:
        decision = _match(event, unmatched, records, kind, previous)
        if decision is not None:
            unmatched.remove(decision)
        pairs.append((event, decision))
        previous = event.date
    pairs.extend((None, d) for d in unmatched)

    out = []
    for event, decision in pairs:
        meeting = (records.meetings_by_id.get(decision.meeting) if decision is not None
                   else records.meetings_by_id.get(event.meeting) if event.meeting
                   else None if event.decision else _assembly_on(records, event.date))
        day = meeting.date if meeting is not None else event.date
        before = [c for c in committee if _meeting_date(records, c) <= day]
        disclosures = (decision.disclosures if decision is not None else ()) + tuple(
            d for c in before if c.kind == kind for d in c.disclosures)
        marks = [Mark(_meeting_date(records, c), c.loc) for c in before] + [
            Mark(m.date, e.where("meeting")) for e, m in committee_events if m.date <= day]
        out.append(Passage(member_id, kind, day, event, decision, meeting,
                           tuple(sorted(marks, key=lambda m: m.date)), disclosures))
    return tuple(sorted(out, key=lambda p: p.date))


def _approval(timeline, admission: Passage, after: dt.date | None, as_of: dt.date) -> Approval | None:
    for event in timeline.events:
        if event.event == "approved" and event.date <= as_of and (after is None or event.date > after):
            return Approval(event.date, event.by, event.where("date"), event.where("by"))
    approval = admission.decision.approval if admission.decision is not None else None
    if approval is not None and approval.date <= as_of:
        return Approval(approval.date, approval.by, approval.where("date"), approval.where("by"))
    return None


def development(records, member_id: str, as_of: dt.date) -> Development:
    """The development facts of one member as of ``as_of`` (a pure function of the records)."""
    timeline = records.timeline(member_id)
    events = [e for e in timeline.events if e.date <= as_of] if timeline else []

    def last(kind: str) -> Event | None:
        found = [e for e in events if e.event == kind]
        return found[-1] if found else None

    applied, activist, target = last("applied"), last("activist"), last("development-target")
    talked = next((e for e in events if e.event == "talked" and (applied is None or e.date >= applied.date)), None)
    assessments = tuple(e for e in events if e.event == "assessed" and activist is not None and e.date > activist.date)

    admissions = [p for p in passages(records, member_id, "admission", as_of) if p.adopted]
    admission = admissions[-1] if admissions else None
    previous = admissions[-2].date if len(admissions) > 1 else None
    since = target or activist        # DEV004: training counts from the day of becoming a development target
    start = since.date if since else None
    trainings = tuple(e for e in events if e.event == "trained" and (start is None or e.date >= start)
                      and (admission is None or e.date < admission.date))

    approval = extensions = conversion = None
    if admission is not None:
        approval = _approval(timeline, admission, previous, as_of)
        extensions = tuple(Extension(discussed_on(records, e), e.months, e) for e in events
                           if e.event == "extended" and e.date >= admission.date)
        conversion = next((p for p in passages(records, member_id, "conversion", as_of)
                           if p.date >= admission.date and p.voted), None)   # a deferred item was not discussed
    return Development(member_id, applied, talked, activist, assessments, target, trainings, admission,
                       approval, extensions or (), conversion,
                       tuple(e for e in events if e.event == "conversion-applied"))


# --- the pipeline as steps, for people --------------------------------------------------------------

@dataclass(frozen=True)
class Deadlines:
    """The parameters in force for one member's dates (the rules' values, as ``zhidu.yaml`` sets them)."""

    talk_months: int = 1            # DEV001
    training_years: int = 1         # DEV003
    working_days: int = 5           # NTC003
    approval_months: int = 3        # DEV007
    special_approval_months: int = 6
    conversion_months: int = 1      # PRB002
    conversion_approval_months: int = 3   # PRB004


@dataclass(frozen=True)
class Step:
    """One step of the pipeline: when it happened (or None) and the window the rules give it."""

    key: str                         # applied, talked, activist, development-target, trained, disclosure,
                                     # assembly, approval, probation-end, conversion-applied, conversion,
                                     # conversion-approval
    date: dt.date | None
    end: dt.date | None = None       # a disclosure's last day
    due: dt.date | None = None       # the latest date the rules allow
    not_before: dt.date | None = None
    rule: str | None = None          # the rule that sets the window
    location: Location | None = None


def best_disclosure(passage: Passage) -> Disclosure | None:
    """The disclosure that counts for a passage: the last one to end before the assembly, else the last one."""
    ordered = sorted(passage.disclosures, key=lambda d: (d.end, d.start))
    before = [d for d in ordered if d.end < passage.date]
    return (before or ordered or [None])[-1]


def steps(dev: Development, deadlines: Deadlines, calendar: WorkCalendar, as_of: dt.date) -> tuple[Step, ...]:
    """The twelve steps of the pipeline with their dates and the rule windows derived from earlier steps."""
    def at(event: Event | None) -> Location | None:
        return event.where("date") if event is not None else None

    admission = dev.admission
    assembly = admission.date if admission else None
    disclosure = best_disclosure(admission) if admission else None
    special = bool(admission and admission.decision and admission.decision.approval_extended)
    approval_months = deadlines.special_approval_months if special else deadlines.approval_months
    end = (probation_end(assembly, PROBATION_YEARS, (x.months for x in dev.extensions))
           if assembly else None)
    trained = dev.trainings[-1] if dev.trainings else None
    applied = next((e for e in reversed(dev.conversion_applied) if assembly is None or e.date >= assembly), None)
    conversion_approval = (dev.conversion.decision.approval
                           if dev.conversion and dev.conversion.decision and dev.conversion.decision.approval
                           and dev.conversion.decision.approval.date <= as_of else None)
    return (
        Step("applied", dev.applied.date if dev.applied else None, location=at(dev.applied)),
        Step("talked", dev.talked.date if dev.talked else None, rule="DEV001", location=at(dev.talked),
             due=add_months(dev.applied.date, deadlines.talk_months) if dev.applied else None),
        Step("activist", dev.activist.date if dev.activist else None, location=at(dev.activist)),
        Step("development-target", dev.target.date if dev.target else None, rule="DEV003", location=at(dev.target),
             not_before=add_years(dev.activist.date, deadlines.training_years) if dev.activist else None),
        Step("trained", trained.date if trained else None, rule="DEV004", location=at(trained)),
        Step("disclosure", disclosure.start if disclosure else None, end=disclosure.end if disclosure else None,
             rule="NTC003", location=disclosure.where("start") if disclosure else None),
        Step("assembly", assembly, rule="NTC003", location=admission.location if admission else None,
             not_before=earliest_assembly(disclosure, deadlines.working_days, calendar) if disclosure else None),
        Step("approval", dev.approval.date if dev.approval else None, rule="DEV007",
             location=dev.approval.location if dev.approval else None,
             due=add_months(assembly, approval_months) if assembly else None),
        Step("probation-end", end if end and end <= as_of else None, due=end, rule="PRB001"),
        Step("conversion-applied", applied.date if applied else None, rule="PRB005", location=at(applied),
             due=add_months(end, deadlines.conversion_months) if end else None),
        Step("conversion", dev.conversion.date if dev.conversion else None, rule="PRB002",
             location=dev.conversion.location if dev.conversion else None, not_before=end,
             due=add_months(end, deadlines.conversion_months) if end else None),
        Step("conversion-approval", conversion_approval.date if conversion_approval else None, rule="PRB004",
             location=conversion_approval.where("date") if conversion_approval else None,
             due=add_months(dev.conversion.date, deadlines.conversion_approval_months)
             if dev.conversion and dev.conversion.decision else None),
    )


def next_step(pipeline: tuple[Step, ...]) -> Step | None:
    """The first step after the last one done that the rules give a window; None when nothing is pending."""
    done = [i for i, s in enumerate(pipeline) if s.date is not None]
    following = pipeline[done[-1] + 1:] if done else ()
    if following and (following[0].due is not None or following[0].not_before is not None):
        return following[0]
    return None
