"""Member deadlines: every dated obligation a member's development puts on the branch, computed once.

``zhidu check`` (DEV001, DEV007, DEV009, PRB002), ``zhidu member``, ``zhidu overdue`` and ``zhidu agenda``
all read the deadlines from here, so they cannot disagree about a date: one computation, one answer.

The API
-------

``member_deadlines(records, settings, member_id, as_of) -> tuple[Deadline, ...]``
    The obligations of one member as of ``as_of``, in due-date order.
``all_deadlines(records, settings, as_of) -> tuple[Deadline, ...]``
    The same for every member (sorted by due date, then member id), memoized per records and as-of date.

A :class:`Deadline` is a frozen record of one obligation:

* ``kind`` — ``talk`` (DEV001: talk with an applicant within a month), ``approval`` (DEV007: the upper
  organization approves an admission within three months, six with ``approval_extended``),
  ``assessment`` (DEV009: an activist is assessed every half-year), ``conversion`` (PRB002: the
  general assembly discusses conversion — or an extension — within a month of the end of probation);
* ``rule`` and ``citation`` — the rule that sets the window and its source;
* ``member``, ``name`` — whose obligation; ``what_zh`` / ``what_en`` — what is owed, in words;
* ``start`` — the date of the fact that set the clock (the application, the assembly, the last
  assessment, the end of probation); ``due`` — the last day allowed (inclusive);
* ``done`` — the date of the fact that met it, or None; ``done_location`` — where that fact is written;
* ``location`` — where the fact that set the clock is written (the finding's place when nothing was done);
* ``open_until`` — the day the obligation closed without being met (a later step superseded it, the
  member left the rolls, the activist phase ended), or None while it is still open; ``cancels`` — whether
  closing before ``due`` means nothing was owed (an activist phase that ends before the next assessment
  falls due) rather than a step missed (becoming an activist without the talk);
* ``done_kind`` — the event that met it (``talked``, ``assessed``, ``approved``, ``extended``, ``full``);
* ``judged`` — whether the branch answers for it in these records (see below).

``deadline.state(as_of)`` is one of :class:`State`: ``met`` (done by ``due``), ``late`` (done after
``due``), ``pending`` (open, ``due`` not passed), ``overdue`` (open, ``due`` passed: a to-do), ``missed``
(``due`` passed and it closed unmet: a finding, no longer a to-do) or ``lapsed`` (closed before it fell
due and ``cancels``: nothing was owed). ``zhidu check`` reports ``late``, ``overdue`` and ``missed``
deadlines that are ``judged`` (:func:`reported`); an agenda lists ``pending`` and ``overdue`` ones. ``days_left(as_of)`` and
``days_overdue(as_of)`` count calendar days (``due`` itself is "0 days left"; the next day is 1 day
overdue).

What the branch answers for (issue 8.2: ``records_start`` never hides an open obligation). Let *since*
be :func:`zhidu_cli.model.pipeline.answered_since` — ``records_start``, or the member's transfer in if
later. An obligation is judged when

* the fact that met it is dated on or after *since* — whatever the date of the deadline it answers
  (a conversion discussed on 2026-11-12 answers the deadline of 2026-07-20 even with
  ``records_start: 2026-09-01``, and is late); or
* it was never met and was still open on *since* — an obligation already overdue when the records
  began is reported, not silently dropped; one that a later step recorded before *since* superseded
  (an applicant of 1983 who became a member in 1984) is history.

Deadlines of a rule switched off are still computed (``zhidu member`` shows the dates); callers that
report them ask :func:`zhidu_cli.rules.counting.rule_on`.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any, Callable

from zhidu_cli.diagnostics.finding import Location
from zhidu_cli.model.pipeline import PROBATION_YEARS, answered_since, development, probation_end
from zhidu_cli.model.status import LEAVING_EVENTS, Status
from zhidu_cli.schedule.periods import add_months

ParamOf = Callable[[str, str, dt.date], Any]
"""``param(code, name, on)``: the value a rule uses for a record dated ``on`` (zhidu.yaml > version > default)."""


class State(str, enum.Enum):
    MET = "met"
    LATE = "late"
    OVERDUE = "overdue"
    PENDING = "pending"
    MISSED = "missed"
    LAPSED = "lapsed"

    def label(self, lang: str) -> str:
        zh = {"met": "按期完成", "late": "逾期完成", "overdue": "已逾期", "pending": "待办", "missed": "未办",
              "lapsed": "无需办理"}
        return self.value if lang == "en" else zh[self.value]


CITATIONS = {
    "DEV001": "《中国共产党发展党员工作细则》（一个月内派人谈话）",
    "DEV007": "《中国共产党发展党员工作细则》（三个月内审批，特殊情况不超过六个月）",
    "DEV009": "《中国共产党发展党员工作细则》第十一条",
    "PRB002": "004 党员教育管理制度 8《社区各项工作制度》",
}

_WHAT = {
    "talk": ("派人谈话", "talk with the applicant"),
    "approval": ("上级党委审批", "approval by the upper organization"),
    "assessment": ("考察入党积极分子", "assessment of the activist"),
    "conversion": ("讨论转正", "conversion discussed by the general assembly"),
    "extension-end": ("讨论转正（延长预备期满）", "conversion discussed after the extended probation"),
}


@dataclass(frozen=True)
class Deadline:
    """One obligation of the branch towards one member (see the module docstring)."""

    kind: str
    rule: str
    member: str
    name: str
    start: dt.date
    due: dt.date
    location: Location
    done: dt.date | None = None
    done_location: Location | None = None
    done_kind: str | None = None
    open_until: dt.date | None = None
    cancels: bool = False
    judged: bool = True
    months: int = 0                     # the rule's window in months (for messages)
    extended: bool = False              # conversion: after an extension; approval: approval_extended
    what_zh: str = ""
    what_en: str = ""

    @property
    def citation(self) -> str:
        return CITATIONS[self.rule]

    def what(self, lang: str) -> str:
        return self.what_en if lang == "en" else self.what_zh

    def state(self, as_of: dt.date) -> State:
        if self.done is not None:
            return State.MET if self.done <= self.due else State.LATE
        closed = self.open_until if self.open_until is not None and self.open_until <= as_of else None
        if closed is not None and closed <= self.due and self.cancels:
            return State.LAPSED
        if as_of <= self.due:
            return State.PENDING
        return State.MISSED if closed is not None else State.OVERDUE

    def days_left(self, as_of: dt.date) -> int:
        return (self.due - as_of).days

    def days_overdue(self, as_of: dt.date) -> int:
        """Days from ``due`` to the as-of date (or to the day the obligation stopped, if earlier)."""
        end = min(self.open_until, as_of) if self.open_until is not None else as_of
        return max((end - self.due).days, 0)


def _judged(since: dt.date | None, done: dt.date | None, open_until: dt.date | None) -> bool:
    if since is None:
        return True
    if done is not None:
        return done >= since
    return open_until is None or open_until >= since


def _make(kind: str, rule: str, member, start: dt.date, due: dt.date, location: Location, since: dt.date | None, *,
          done: tuple[dt.date, Location, str] | None = None, open_until: dt.date | None = None,
          cancels: bool = False, months: int = 0, extended: bool = False) -> Deadline:
    """``done`` is (date, location, event kind) of the fact that met the obligation."""
    zh, en = _WHAT[kind]
    day, where, done_kind = done if done is not None else (None, None, None)
    return Deadline("conversion" if kind == "extension-end" else kind, rule, member.id, member.name, start, due,
                    location, day, where, done_kind, open_until, cancels, _judged(since, day, open_until), months,
                    extended, zh, en)


def _fact(event) -> tuple[dt.date, Location, str] | None:
    return (event.date, event.where("date"), event.event) if event is not None else None


def _first(*days: dt.date | None) -> dt.date | None:
    present = [d for d in days if d is not None]
    return min(present) if present else None


_AFTER_APPLYING = frozenset({"activist", "development-target", "admitted", "approved", "full", "transferred-in"})
_ACTIVIST_ENDS = frozenset({"activist", "development-target", "admitted", "approved", "full"}) | LEAVING_EVENTS


def member_deadlines(records, settings, member_id: str, as_of: dt.date, *,
                     param: ParamOf | None = None) -> tuple[Deadline, ...]:
    """The obligations of ``member_id`` as of ``as_of`` (facts dated later are not facts yet)."""
    if param is None:
        from zhidu_cli.rules.counting import param as configured

        def param(code: str, name: str, on: dt.date) -> Any:
            return configured(settings, code, name, on)
    timeline = records.timeline(member_id)
    if timeline is None:
        return ()
    member = timeline.member
    since = answered_since(records, member_id, as_of)
    events = [e for e in timeline.events if e.date <= as_of]
    left = timeline.left_on()
    left = left if left is not None and left <= as_of else None
    out: list[Deadline] = []

    # DEV001 — a talk within ``months`` of each application; a new application supersedes the old one
    for i, applied in enumerate(events):
        if applied.event != "applied":
            continue
        later = [e for e in events[i + 1:] if e is not applied]
        reapplied = next((e for e in later if e.event == "applied"), None)
        talk = next((e for e in later if e.event == "talked" and (reapplied is None or e.date < reapplied.date)), None)
        months = param("DEV001", "months", applied.date)
        due = add_months(applied.date, months)
        if talk is None and ((reapplied is not None and reapplied.date <= due) or (left is not None and left <= due)):
            continue                                    # superseded or gone before it fell due: nothing owed
        step = next((e for e in later if e.event in _AFTER_APPLYING), None)
        out.append(_make("talk", "DEV001", member, applied.date, due, applied.where("date"), since,
                         done=_fact(talk), open_until=_first(step.date if step else None, reapplied.date if reapplied else None, left),
                         months=months))

    # DEV009 — an activist is assessed every ``months``, from becoming one until the phase ends
    for i, activist in enumerate(events):
        if activist.event != "activist":
            continue
        end = next((e for e in events[i + 1:] if e.event in _ACTIVIST_ENDS), None)
        stop = end.date if end is not None else as_of
        last = activist
        for event in events[i + 1:]:
            if event.event != "assessed" or not activist.date < event.date <= stop:
                continue
            months = param("DEV009", "months", last.date)
            out.append(_make("assessment", "DEV009", member, last.date, add_months(last.date, months),
                             last.where("date"), since, done=_fact(event), months=months))
            last = event
        months = param("DEV009", "months", last.date)
        due = add_months(last.date, months)
        if left is not None and left <= due and (end is None or left <= end.date):
            continue
        out.append(_make("assessment", "DEV009", member, last.date, due, last.where("date"), since,
                         open_until=end.date if end is not None else None, cancels=True, months=months))

    dev = development(records, member_id, as_of)
    admission = dev.admission
    if admission is not None:
        # DEV007 — the upper organization approves within ``months`` of the assembly
        special = admission.decision is not None and admission.decision.approval_extended
        months = param("DEV007", "special_months" if special else "months", admission.date)
        due = add_months(admission.date, months)
        conversion = dev.conversion.date if dev.conversion is not None else None
        if dev.approval is not None or left is None or left > due:
            out.append(_make("approval", "DEV007", member, admission.date, due, admission.location, since,
                             done=(dev.approval.date, dev.approval.location, "approved") if dev.approval else None,
                             open_until=_first(conversion, left), months=months, extended=special))

        # PRB002 — each end of probation (the first, then after each extension) is discussed in time
        months = param("PRB002", "months", admission.date)
        end = probation_end(admission.date, PROBATION_YEARS)
        kind = "conversion"
        for extension in dev.extensions:            # an extension is itself the discussion held at an end
            out.append(_make(kind, "PRB002", member, end, add_months(end, months), admission.location, since,
                             done=(extension.date, extension.event.where("date"), "extended"), months=months,
                             extended=kind != "conversion"))
            if extension.months is None:            # PRB003 asks for the months; the next end is unknown
                return _sorted(out)
            end = add_months(end, extension.months)
            kind = "extension-end"
        due = add_months(end, months)
        owed = dev.conversion is not None or dev.approval is not None or timeline.status(due) is Status.PROBATIONARY
        if owed and (dev.conversion is not None or left is None or left > due):
            out.append(_make(kind, "PRB002", member, end, due, admission.location, since,
                             done=(conversion, dev.conversion.location, "full") if dev.conversion else None,
                             open_until=left, months=months, extended=kind != "conversion"))
    return _sorted(out)


def _sorted(found: list[Deadline]) -> tuple[Deadline, ...]:
    return tuple(sorted(found, key=lambda d: (d.due, d.rule, d.start)))


def all_deadlines(records, settings, as_of: dt.date) -> tuple[Deadline, ...]:
    """Every member's obligations as of ``as_of``, by due date then member; computed once per records."""
    key = ("member-deadlines", id(settings), as_of)
    found = records.memo.get(key)
    if found is None:
        found = records.memo[key] = tuple(sorted(
            (d for member_id in records.members for d in member_deadlines(records, settings, member_id, as_of)),
            key=lambda d: (d.due, d.member, d.rule)))
    return found


REPORTED = frozenset({State.LATE, State.OVERDUE, State.MISSED})
OPEN = frozenset({State.PENDING, State.OVERDUE})


def reported(deadline: Deadline, as_of: dt.date) -> bool:
    """What ``zhidu check`` reports: a judged deadline met late, or unmet after it passed."""
    return deadline.judged and deadline.state(as_of) in REPORTED


def open_deadlines(deadlines, as_of: dt.date) -> tuple[Deadline, ...]:
    """The to-dos among ``deadlines``: pending or overdue, earliest due first."""
    return tuple(d for d in deadlines if d.state(as_of) in OPEN)


def status_text(deadline: Deadline, as_of: dt.date, lang: str) -> str:
    """``已逾期 138 天`` / ``还剩 5 天`` / ``今天截止`` / ``逾期完成（2026-11-12）`` — one phrase for every view."""
    en = lang == "en"
    state = deadline.state(as_of)
    if state is State.OVERDUE or state is State.MISSED:
        days = deadline.days_overdue(as_of)
        text = f"overdue {days} days" if en else f"已逾期 {days} 天"
        return text + ((" (closed unmet)" if en else "（未办）") if state is State.MISSED else "")
    if state is State.PENDING:
        days = deadline.days_left(as_of)
        return ("due today" if en else "今天截止") if days == 0 else (f"{days} days left" if en else f"还剩 {days} 天")
    if state in (State.MET, State.LATE):
        return f"{state.label(lang)} ({deadline.done})" if en else f"{state.label(lang)}（{deadline.done}）"
    return state.label(lang)


def deadline_json(deadline: Deadline, as_of: dt.date, lang: str) -> dict[str, Any]:
    """The JSON form every command uses for a deadline (``zhidu member``, ``zhidu overdue``)."""
    state = deadline.state(as_of)
    return {
        "kind": deadline.kind, "rule": deadline.rule, "citation": deadline.citation,
        "member": deadline.member, "name": deadline.name, "what": deadline.what(lang),
        "start": deadline.start.isoformat(), "due": deadline.due.isoformat(),
        "done": deadline.done.isoformat() if deadline.done else None, "done_kind": deadline.done_kind,
        "state": state.value, "judged": deadline.judged,
        "days_left": deadline.days_left(as_of) if state is State.PENDING else None,
        "days_overdue": deadline.days_overdue(as_of) if state in (State.OVERDUE, State.MISSED) else None,
        "location": str(deadline.location),
        "done_location": str(deadline.done_location) if deadline.done_location else None,
    }
