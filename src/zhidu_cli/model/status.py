"""A member's derived state on any date, from the dated history.

Records are dated facts; status is never stored. :class:`Timeline` answers "on 2024-03-15, was this
person a full member, in which group, holding which role, away?" in O(log n) per question, so rules can
ask it for every attendee of every meeting.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum

from dateutil.relativedelta import relativedelta

from zhidu_cli.model.records import Event, Member


class Status(enum.Enum):
    NONE = "none"                  # before the first recorded event
    APPLICANT = "applicant"        # 入党申请人
    ACTIVIST = "activist"          # 入党积极分子
    TARGET = "target"              # 发展对象
    ADMITTED = "admitted"          # 支部大会已接收，待上级审批
    PROBATIONARY = "probationary"  # 预备党员
    FULL = "full"                  # 正式党员
    GONE = "gone"                  # transferred out, lapsed, expelled, withdrew, deceased

    @property
    def zh(self) -> str:
        return _STATUS_ZH[self]


_STATUS_ZH = {
    Status.NONE: "无", Status.APPLICANT: "入党申请人", Status.ACTIVIST: "入党积极分子",
    Status.TARGET: "发展对象", Status.ADMITTED: "已接收待审批", Status.PROBATIONARY: "预备党员",
    Status.FULL: "正式党员", Status.GONE: "已离开",
}

# event → the status it starts (events absent here do not change status)
_TRANSITIONS = {
    "applied": Status.APPLICANT, "activist": Status.ACTIVIST, "development-target": Status.TARGET,
    "admitted": Status.ADMITTED, "approved": Status.PROBATIONARY, "full": Status.FULL,
    "transferred-out": Status.GONE, "lapsed": Status.GONE, "expelled": Status.GONE,
    "withdrew": Status.GONE, "deceased": Status.GONE,
}

PARTY_STATUSES = frozenset({Status.PROBATIONARY, Status.FULL})
LEAVING_EVENTS = frozenset({"transferred-out", "lapsed", "expelled", "withdrew", "deceased"})


def sanction_end(event: Event) -> dt.date:
    """The first day after a 留党察看 sanction (``until``, else ``months`` after its date, else open)."""
    if event.until is not None:
        return event.until
    if event.months:
        return event.date + relativedelta(months=event.months)
    return dt.date.max


def _transition(event: Event) -> Status | None:
    if event.event == "transferred-in":
        return Status.PROBATIONARY if event.status == "probationary" else Status.FULL
    if event.event == "approved":
        return Status.PROBATIONARY
    return _TRANSITIONS.get(event.event)


def on_branch(events: tuple[Event, ...]) -> tuple[Event, ...]:
    """The events from the member's arrival on this branch's rolls on: a history that records an earlier
    membership elsewhere (a ``full`` event of 2009, then ``transferred-in`` in 2013) is on these rolls
    — meetings, quorum, dues — only from the first transfer in not preceded by a transfer out."""
    for i, event in enumerate(events):
        if event.event == "transferred-out":
            return events
        if event.event == "transferred-in":
            return events[i:] if any(_transition(e) is not None for e in events[:i]) else events
    return events


class Timeline:
    """Derived views of one member. Events are taken in date order (the file order breaks ties).

    ``decided_on(event)`` gives the date of the meeting that decided an event (its ``meeting:``, or its
    ``decision:``'s meeting), when known. A ``full`` event that ends a probation is dated at the end of
    probation (党龄 counts from it), but the rights of a full member — to vote, to introduce — begin
    only after the general assembly has decided the conversion: the day after that meeting, when it
    is later than the event's date. So the subject of a conversion vote is never a voter at it.
    """

    def __init__(self, member: Member, decided_on=None, moves: tuple[tuple[dt.date, str, str], ...] = ()) -> None:
        """``moves``: (date, from group, to group) of the branch's regroupings that concern this member."""
        self.member = member
        self._moves = tuple(sorted(moves))
        self.events: tuple[Event, ...] = tuple(sorted(member.history, key=lambda e: e.date))
        changes = []
        for event in on_branch(self.events):
            status = _transition(event)
            if status is None:
                continue
            day = event.date
            if status is Status.FULL and event.event == "full" and decided_on is not None and changes \
                    and changes[-1][1] in (Status.PROBATIONARY, Status.ADMITTED):
                decided = decided_on(event)
                if decided is not None and decided >= day:
                    day = decided + dt.timedelta(days=1)
            changes.append((day, status))
        changes.sort(key=lambda change: change[0])
        self._status_dates = [d for d, _ in changes]
        self._statuses = [s for _, s in changes]
        away_changes = [(e.date, e if e.event == "away" else None)
                        for e in self.events if e.event in ("away", "returned") or e.event in LEAVING_EVENTS]
        self._away_dates = [d for d, _ in away_changes]
        self._away_events = [e for _, e in away_changes]
        self._groups = sorted(member.group, key=lambda a: a.start or dt.date.min)
        self._sanctions = tuple(e for e in self.events if e.event == "sanctioned")

    # --- status ---------------------------------------------------------------------------------
    def status(self, day: dt.date) -> Status:
        i = bisect.bisect_right(self._status_dates, day)
        return self._statuses[i - 1] if i else Status.NONE

    def status_since(self, day: dt.date) -> dt.date | None:
        """The first day of the unbroken run of the status in force on ``day`` (None before any event):
        how long someone has been an activist, a development target, a probationary member."""
        i = bisect.bisect_right(self._status_dates, day)
        if not i:
            return None
        status = self._statuses[i - 1]
        while i > 1 and self._statuses[i - 2] is status:
            i -= 1
        return self._status_dates[i - 1]

    def roll_changes(self) -> set[dt.date]:
        """The days on which :meth:`is_member` or :meth:`group` may answer differently from the day before:
        between two of them both answers stay the same."""
        days = set(self._status_dates)
        for assignment in self._groups:
            days.update(day for day in (assignment.start, assignment.end) if day is not None)
        days.update(date for date, _, _ in self._moves)
        return days

    def vote_changes(self) -> set[dt.date]:
        """The days on which :meth:`has_vote` may answer differently from the day before: status changes
        and the first day of each 留党察看 sanction and the first day after it."""
        days = set(self._status_dates)
        for event in self._sanctions:
            days.update((event.date, sanction_end(event)))
        return days

    def is_member(self, day: dt.date) -> bool:
        # PARTY_STATUSES by identity: ``in`` would hash the member through the pure-Python Enum.__hash__,
        # and this is asked for every member of every roster
        status = self.status(day)
        return status is Status.FULL or status is Status.PROBATIONARY

    def is_full(self, day: dt.date) -> bool:
        i = bisect.bisect_right(self._status_dates, day)     # status(), inline: asked per voter per meeting
        return i > 0 and self._statuses[i - 1] is Status.FULL

    def sanctioned(self, day: dt.date) -> Event | None:
        """The 留党察看 sanction in force on ``day`` (党章 第四十条: the member keeps no vote meanwhile).

        It runs from its date for ``months`` (one or two years) or until ``until`` (exclusive);
        with neither, it is in force until a later record says otherwise — never silently over.
        """
        for event in reversed(self._sanctions):
            if event.date <= day and day < sanction_end(event):
                return event
        return None

    def has_vote(self, day: dt.date) -> bool:
        """A full member not under 留党察看 that day (党章 第七条, 第四十条)."""
        i = bisect.bisect_right(self._status_dates, day)     # is_full(), inline: asked per member per assembly
        return (i > 0 and self._statuses[i - 1] is Status.FULL
                and (not self._sanctions or self.sanctioned(day) is None))

    def is_probationary(self, day: dt.date) -> bool:
        return self.status(day) is Status.PROBATIONARY

    def left_on(self) -> dt.date | None:
        """The date the member left the rolls for good (last leaving event not followed by a return)."""
        if self._statuses and self._statuses[-1] is Status.GONE:
            return self._status_dates[-1]
        return None

    # --- events ---------------------------------------------------------------------------------
    def all(self, kind: str) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.event == kind)

    def first(self, kind: str) -> Event | None:
        return next((e for e in self.events if e.event == kind), None)

    def last(self, kind: str, before: dt.date | None = None) -> Event | None:
        found = None
        for event in self.events:
            if before is not None and event.date > before:
                break
            if event.event == kind:
                found = event
        return found

    # --- away, group, roles ---------------------------------------------------------------------
    def away(self, day: dt.date) -> Event | None:
        """The ``away`` event in force on ``day`` (a member is away from that date until ``returned``)."""
        i = bisect.bisect_right(self._away_dates, day)
        return self._away_events[i - 1] if i else None

    def group(self, day: dt.date) -> str | None:
        current = None
        for assignment in self._groups:
            if (assignment.start is None or assignment.start <= day) and (assignment.end is None or day < assignment.end):
                current = assignment.group
        for date, source, target in self._moves:      # zhidu.yaml regroupings: split or merged groups
            if date <= day and current == source:
                current = target
        return current

    def roles(self, day: dt.date) -> set[str]:
        return {r.role for r in self.member.roles if r.start <= day and (r.end is None or day < r.end)}

    def has_role(self, day: dt.date, *roles: str) -> bool:
        return any(r.role in roles and r.start <= day and (r.end is None or day < r.end) for r in self.member.roles)
