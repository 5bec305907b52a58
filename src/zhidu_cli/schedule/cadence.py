"""Cadence: which bodies must meet how often, and — as of a date — which periods are held, due or overdue.

RULEBOOK §1: a body is *due* in a period until a valid meeting of it is recorded in that period; once
the period has ended without one it is *overdue*. Both ``zhidu check`` (the MTG rules) and
``zhidu overdue`` call :func:`schedule`, so the two can never disagree about an overdue period.

A :class:`Body` is a declarative spec (which meeting types count, how often, per 党小组 or not, which
rule enforces it). :data:`BODIES` is the catalogue; a branch's configuration changes a body's period,
count and start through the enforcing rule's parameters (``per``, ``count``, ``since``).

What counts as a valid meeting of a body in a period:

* its ``type:`` list names one of the body's types (a combined 主题党日 counts for every type it lists);
* it is dated within the period, on or before the as-of date, and in the body's months window
  (the year-end review must fall in the fourth quarter);
* for a per-group body, its ``group:`` is the group, and the group existed on that date;
* it did not fail its quorum (:func:`meeting_counts`).

Which periods are checked: the whole periods of the body's kind that start on or after the latest of
``records_start`` (when it is not given: the first day of the month of the earliest meeting on file),
``founded``, the group's ``from``, the first day a party member was on the rolls
(of the group, for group meetings) and the rule's ``since`` — a body that did not exist for a whole
period is not expected to have met in it — up to the period in force on the as-of date (and, with a
horizon, the periods starting within it).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import enum
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Protocol, Sequence

from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.model.records import Group, Meeting
from zhidu_cli.rules.counting import people_unreadable, quorums
from zhidu_cli.schedule.periods import Period, PeriodKind, add_months, period_of

if TYPE_CHECKING:
    from zhidu_cli.model.repository import Records

DEFAULT_ANCHOR_YEAR = 2021       # five-year periods: 2016–2020, 2021–2025, … unless ``since`` says otherwise


@dataclass(frozen=True)
class Body:
    """Something that must meet ``count`` times per period, e.g. the branch committee once a month.

    ``key`` is unique across the catalogue (and is the message variant of a rule with several
    sub-requirements, such as MTG014). ``param_prefix`` names this body's ``per``/``count``
    parameters in its rule when the rule holds several bodies (``publicity_per``).
    """

    key: str
    code: str
    name_zh: str
    name_en: str
    types: tuple[str, ...]
    per: PeriodKind
    severity: Severity
    count: int = 1
    per_group: bool = False
    in_months: tuple[int, ...] = ()      # calendar months a meeting must fall in; empty = any
    since: dt.date | None = None
    optional: str = ""                   # the optional-bodies name that switches it on (seed 004)
    param_prefix: str = ""
    closing_months: int = 0              # a yearly body: a meeting in the first N months of the next year
                                         # (the January meeting that closes the year) counts for the year before

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh

    @property
    def per_param(self) -> str:
        return f"{self.param_prefix}per"

    @property
    def count_param(self) -> str:
        return f"{self.param_prefix}count"

    @property
    def january_param(self) -> str:
        return f"{self.param_prefix}january"

    @property
    def closing(self) -> int:
        """Months of the next year that still close this body's year (only yearly bodies have any)."""
        return self.closing_months if self.per is PeriodKind.YEAR else 0

    def counted_on(self, day: dt.date) -> dt.date:
        """The day a meeting counts on: a closing January meeting counts on the last day of the year before."""
        if self.closing and day.month <= self.closing and day.month not in self.in_months:
            return dt.date(day.year - 1, 12, 31)
        return day

    def configured(self, params: Mapping[str, Any]) -> "Body":
        """This body with the enforcing rule's parameters in force (``per``, ``count``, ``since``)."""
        per = params.get(self.per_param)
        january = params.get(self.january_param)
        return dataclasses.replace(
            self,
            per=PeriodKind(per) if per is not None else self.per,
            count=params.get(self.count_param, self.count),
            since=params.get("since", self.since),
            closing_months=self.closing_months if january is None else (1 if january else 0),
        )

    def counts_in(self, meeting: Meeting) -> bool:
        """The meeting is of one of this body's types and within its months window."""
        return any(t in self.types for t in meeting.types) and \
            (not self.in_months or meeting.date.month in self.in_months or meeting.date.month <= self.closing)


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
_M, _Q, _H, _Y, _5 = PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR, PeriodKind.FIVE_YEARS

BODIES: tuple[Body, ...] = (
    Body("branch-committee", "MTG001", "支委会", "branch committee meeting", ("branch-committee",), _M, _E),
    Body("general-assembly", "MTG002", "支部党员大会", "general assembly", ("general-assembly",), _Q, _E),
    Body("group-meeting", "MTG003", "党小组会", "group meeting", ("group-meeting",), _M, _E, per_group=True),
    Body("party-lecture", "MTG004", "党课", "party lecture", ("party-lecture",), _Q, _E),
    Body("life-meeting", "MTG005", "民主生活会（组织生活会）", "democratic / organizational life meeting",
         ("democratic-life", "organizational-life"), _H, _E),
    Body("democratic-review", "MTG006", "民主评议党员", "democratic review of members", ("democratic-review",), _Y, _E),
    Body("joint-meeting", "MTG007", "两委联席会议", "two-committee joint meeting", ("joint-meeting",), _M, _E),
    Body("e-education", "MTG008", "远程教育收看", "e-education viewing", ("e-education",), _M, _W),
    Body("community-joint-meeting", "MTG009", "社区工作联席会", "community work joint meeting",
         ("community-joint-meeting",), _Q, _W),
    Body("study", "MTG010", "党员学习教育活动", "study activity for members", ("study",), _M, _W),
    Body("year-end-review", "MTG011", "年终评议会（四报一评议）", "year-end review meeting", ("year-end-review",), _Y, _W,
         in_months=(10, 11, 12), closing_months=1),
    Body("heart-to-heart", "MTG012", "班子成员谈心谈话", "heart-to-heart talks among the leadership",
         ("heart-to-heart",), _H, _W),
    Body("party-spirit-analysis", "MTG013", "党性分析评议", "party-spirit analysis review",
         ("party-spirit-analysis",), _5, _I),
    Body("commitment-publicity", "MTG014", "服务承诺公示", "service-commitment publicity",
         ("commitment-publicity",), _Q, _W, param_prefix="publicity_"),
    Body("commitment-review", "MTG014", "服务承诺点评", "service-commitment review",
         ("commitment-review",), _H, _W, param_prefix="review_"),
    Body("commitment-assessment", "MTG014", "服务承诺年终考核", "service-commitment assessment",
         ("commitment-assessment",), _Y, _W, in_months=(10, 11, 12), param_prefix="assessment_",   # 年终一考核
         closing_months=1),
    Body("trade-union-committee", "MTG015", "工会委员会例会", "trade union committee meeting",
         ("trade-union-committee",), _Q, _W, optional="trade-union"),
    Body("trade-union-congress", "MTG016", "工会会员（代表）大会", "trade union members' congress",
         ("trade-union-congress",), _Y, _W, optional="trade-union"),
    Body("womens-committee", "MTG017", "妇联成员和妇代会主任全会", "women's federation committee meeting",
         ("womens-committee",), _Q, _W, optional="womens-federation"),
    Body("womens-congress", "MTG018", "妇女代表大会", "women's congress", ("womens-congress",), _Y, _W,
         optional="womens-federation"),
    Body("governance-meeting", "MTG019", "综治工作例会", "social-governance (综治) work meeting",
         ("governance-meeting",), _M, _W, optional="governance"),
)


def bodies_of(code: str) -> tuple[Body, ...]:
    """The catalogue's bodies enforced by rule ``code`` (one, or three for MTG014)."""
    return tuple(b for b in BODIES if b.code == code)


class Standing(str, enum.Enum):
    HELD = "held"
    DUE = "due"            # the period has not ended and has not had its meetings yet
    OVERDUE = "overdue"    # the period ended without them

    def label(self, lang: str) -> str:
        return self.value if lang == "en" else _STANDING_ZH[self.value]


_STANDING_ZH = {"held": "已召开", "due": "待召开", "overdue": "已逾期"}


@dataclass(frozen=True)
class ScheduleRow:
    """One period of one body (of one 党小组): its valid meetings and where it stands as of a date."""

    body: Body
    group: Group | None
    period: Period
    meetings: tuple[Meeting, ...]        # the valid meetings in the period
    status: Standing
    days_left: int | None                # due: days from the as-of date to the period's last day (0 on it)
    days_overdue: int | None             # overdue: days since the period's last day (1 the day after)
    last_meeting: Meeting | None         # the latest valid meeting up to the period's end (or the as-of date)
    inquorate: tuple[Meeting, ...] = ()  # meetings of the body in the period that failed their quorum (not counted)

    @property
    def code(self) -> str:
        return self.body.code

    @property
    def group_id(self) -> str | None:
        return self.group.id if self.group else None

    @property
    def key(self) -> tuple[str, str | None, dt.date]:
        """(body, group, period start): what ``zhidu check`` and ``zhidu overdue`` must agree on."""
        return (self.body.key, self.group_id, self.period.start)


class ConfigLike(Protocol):
    """What :func:`schedule` needs of :class:`zhidu_cli.rules.config.Settings`."""

    def is_enabled(self, code: str) -> bool: ...

    def setting(self, code: str) -> Any: ...


def active_bodies(settings: ConfigLike | None) -> tuple[Body, ...]:
    """The bodies switched on by the configuration, with their rules' parameters applied.

    ``None`` means the defaults: every body but the optional ones.
    """
    if settings is None:
        return tuple(b for b in BODIES if not b.optional)
    return tuple(b.configured(settings.setting(b.code).params) for b in BODIES if settings.is_enabled(b.code))


def meeting_counts(meeting: Meeting, records: Records, settings: ConfigLike | None, types: Iterable[str] = ()) -> bool:
    """Does the meeting count as held (as one of ``types``, default any of its own)? Not if it failed its quorum.

    RULEBOOK §1: a meeting that failed its quorum does not count as held. The quorum arithmetic is
    :func:`zhidu_cli.rules.counting.quorum_failed`, the one the QRM rules report from, so a meeting
    ``zhidu check`` calls inquorate is exactly one that does not count here. A combined meeting counts
    for a body when it met the quorum of a type it shares with the body (a 主题党日 that was also a
    general assembly without a quorum still counts as the group meeting it also was).
    """
    counted = counted_types(meeting, records, settings)
    return any(t in counted for t in types) if types else bool(counted)


def counted_types(meeting: Meeting, records: Records, settings: ConfigLike | None) -> frozenset[str]:
    """The meeting's types it counts as held for: those whose quorum did not fail (:func:`meeting_counts`).

    :func:`quorum_failed` for every type at once: a type fails when one of its quorum requirements
    (:func:`quorums`) was recorded and missed, and a meeting naming someone who cannot be read has failed
    none (it is not judged on a guess). Who was there is read once a meeting, not once a type — at street
    scale a general assembly's attendance is thousands of names."""
    if people_unreadable(meeting, records):
        return frozenset(meeting.types)
    failed = {r.type_id for r in quorums(meeting, records, settings) if r.recorded and not r.passed}
    return frozenset(t for t in meeting.types if t not in failed)


def schedule(records: Records, settings: ConfigLike | None, as_of: dt.date,
             horizon_days: int = 0) -> tuple[ScheduleRow, ...]:
    """Every checked period of every active body (and 党小组), in catalogue, group and period order.

    Periods run up to the one in force on ``as_of``; ``horizon_days`` adds the periods starting within
    that many days after it (they are due, nothing being recorded yet). Pure: the same records,
    configuration and date always give the same rows.
    """
    if records.branch is None:
        return ()
    bodies = active_bodies(settings)
    if not bodies:
        return ()
    starts = _member_starts(records)
    explicit = records.branch.records_start
    inferred = None if explicit is not None else _records_start(records)
    counted: dict[str, frozenset[str]] = {}     # each meeting judged once, whichever bodies it counts for

    def valid(meeting: Meeting, body: Body) -> bool:
        types = counted.get(meeting.id)
        if types is None:
            types = counted[meeting.id] = counted_types(meeting, records, settings)
        return not types.isdisjoint(body.types)

    last_day = as_of + dt.timedelta(days=max(horizon_days, 0))
    rows: list[ScheduleRow] = []
    for body in bodies:
        pool, failed = [], []
        for meeting in _meetings_of(records, body, as_of):
            (pool if valid(meeting, body) else failed).append(meeting)
        if not body.per_group:
            first = _start(starts.get(None), inferred, records.branch.founded, body.since)
            rows.extend(_rows(body, None, pool, first, None, as_of, last_day, failed=failed, records_start=explicit))
            continue
        by_group: dict[str | None, list[Meeting]] = {}
        failed_by_group: dict[str | None, list[Meeting]] = {}
        for meeting in pool:
            by_group.setdefault(meeting.group, []).append(meeting)
        for meeting in failed:
            failed_by_group.setdefault(meeting.group, []).append(meeting)
        for group in records.branch.groups:
            mine = [m for m in by_group.get(group.id, ()) if _within(group, m.date)]
            first = _start(starts.get(group.id), inferred, records.branch.founded, group.start, body.since)
            staffed = functools.partial(_staffed, records, group.id)
            rows.extend(_rows(body, group, mine, first, group.end, as_of, last_day, staffed,
                              failed=failed_by_group.get(group.id, []), records_start=explicit))
    return tuple(rows)


# --- the parts ------------------------------------------------------------------------------------

def _meetings_of(records: Records, body: Body, as_of: dt.date) -> list[Meeting]:
    """The body's meetings up to ``as_of``, each once, in date order (a meeting may list two types)."""
    seen: dict[str, Meeting] = {}
    for type_id in body.types:
        for meeting in records.meetings_of(type_id):
            if meeting.date <= as_of and body.counts_in(meeting):
                seen[meeting.id] = meeting
    return sorted(seen.values(), key=lambda m: (m.date, m.time or "", m.id))


def _records_start(records: Records) -> dt.date | None:
    """Where the records begin: ``records_start``, or else the month of the earliest meeting on file.

    A secretary who starts keeping records in 2025 has no meeting files for 2010, and a branch whose
    members joined in the 1990s must not be told it missed every month since: without an explicit
    ``records_start`` the records are taken to begin on the first day of the month of the first
    meeting recorded (a file starting with the 3 January committee meeting covers January).
    """
    if records.branch is not None and records.branch.records_start is not None:
        return records.branch.records_start
    return records.meetings[0].date.replace(day=1) if records.meetings else None


def _within(group: Group, day: dt.date) -> bool:
    """The group existed on ``day``: from its ``from`` date, until (not including) its ``to`` date."""
    return (group.start is None or group.start <= day) and (group.end is None or day < group.end)


def _start(member_day: dt.date | None, *bounds: dt.date | None) -> dt.date | None:
    """The latest of the bounds and the first member's day; ``None`` when no member was ever on the rolls."""
    if member_day is None:
        return None
    return max([member_day, *(d for d in bounds if d is not None)])


def _staffed(records: Records, group_id: str, day: dt.date) -> bool:
    return records.anyone_on(day, group=group_id)


def _rows(body: Body, group: Group | None, meetings: list[Meeting], first: dt.date | None,
          end: dt.date | None, as_of: dt.date, last_day: dt.date,
          staffed: Callable[[dt.date], bool] | None = None, *,
          failed: Sequence[Meeting] = (), records_start: dt.date | None = None) -> list[ScheduleRow]:
    """The rows of one body (of one group), from the first whole period after ``first`` that ends on or
    after ``records_start`` (issue 8.2: a period that ends on or after ``records_start`` is judged, and
    its meetings recorded before ``records_start`` count — a year-end review is owed for the year the
    records began in; ``first`` bounds by whole periods, because the body did not exist before it).

    ``end``: the group's dissolution (its last whole period is the last row). ``staffed``: for a
    group, whether it had party members on a day — a period it began or ended empty is not checked
    (members moved to another group; nobody left to meet). ``failed``: the body's meetings that did
    not count because they failed their quorum, kept on the row so a finding can point at them.
    """
    if first is None:
        return []
    anchor = body.since.year if body.since else DEFAULT_ANCHOR_YEAR
    period = period_of(body.per, first, anchor)
    if period.start < first:
        period = period.next()
    if records_start is not None and period.end < records_start:
        period = period_of(body.per, records_start, anchor)
    if body.closing:      # a closing January meeting counts on the last day of the year before
        meetings = sorted(meetings, key=lambda m: (body.counted_on(m.date), m.date))
        failed = sorted(failed, key=lambda m: (body.counted_on(m.date), m.date))
    dates = [body.counted_on(m.date) for m in meetings]
    failed_dates = [body.counted_on(m.date) for m in failed]
    rows = []
    while period.start <= last_day and (end is None or period.end < end):
        if staffed and not (staffed(min(period.start, as_of)) and staffed(min(period.end, as_of))):
            period = period.next()
            continue
        inside = tuple(meetings[bisect.bisect_left(dates, period.start):bisect.bisect_right(dates, period.end)])
        until = bisect.bisect_right(dates, min(period.end, as_of))
        last = meetings[until - 1] if until else None
        closes = add_months(period.end + dt.timedelta(days=1), body.closing) - dt.timedelta(days=1) \
            if body.closing else period.end
        if len(inside) >= body.count:
            status, left, late = Standing.HELD, None, None
        elif closes < as_of:
            status, left, late = Standing.OVERDUE, None, (as_of - closes).days
        else:
            status, left, late = Standing.DUE, (closes - as_of).days, None
        inquorate = tuple(failed[bisect.bisect_left(failed_dates, period.start):
                                 bisect.bisect_right(failed_dates, period.end)])
        rows.append(ScheduleRow(body, group, period, inside, status, left, late, last, inquorate))
        period = period.next()
    return rows


def _member_starts(records: Records) -> dict[str | None, dt.date]:
    """The first day a party member was on the rolls: of the branch (key ``None``) and of each group.

    A body without members has nothing to meet about, so its periods start no earlier than this.
    """
    starts: dict[str | None, dt.date] = {}
    for timeline in records.timelines.values():
        party_days = sorted({e.date for e in timeline.events if timeline.is_member(e.date)})
        if not party_days:
            continue
        _keep_earliest(starts, None, party_days[0])
        for assignment in timeline.member.group:
            candidates = sorted(set(party_days) | ({assignment.start} if assignment.start else set()))
            for day in candidates:
                if timeline.is_member(day) and timeline.group(day) == assignment.group:
                    _keep_earliest(starts, assignment.group, day)
                    break
    return starts


def _keep_earliest(starts: dict, key: str | None, day: dt.date) -> None:
    if key not in starts or day < starts[key]:
        starts[key] = day
