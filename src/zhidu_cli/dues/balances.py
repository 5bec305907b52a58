"""Dues balances: for every member and month, what was owed, what was paid, and how far behind.

One pure function, :func:`compute_balances` (records, standard, as-of date → :class:`Balances`),
serves the DUE rules, ``zhidu dues`` and the monthly disclosure, so a table and a finding can never
disagree. It is linear in payments plus member-months. The choices a treasurer would ask about:

**Which months are owed.** From the start month to the month the member leaves, both included:

* start: the month of the ``admitted`` event (the general assembly) — or, with ``dues.start:
  approval``, of the ``approved`` event. A member who came in by ``transferred-in`` or whose history
  begins with ``full`` (joined before the records) owes from that event's month;
* leaving: ``transferred-out`` (dues are settled up to the transfer month), ``lapsed``,
  ``expelled``, ``withdrew``, ``deceased``; a later ``transferred-in`` opens a new period;
* never before the dues records begin: the first ledger month, or ``records_start`` when that is
  later. Payments recorded from then on for earlier months (late payments of a member admitted
  before the records) move a member's first owed month back to the earliest month they cover;
* never after the as-of month; events and payments dated after the as-of date do not count yet.

A repository without any ledger keeps no dues accounts: the result is empty.

**What is owed in a month.** A dues-waiver decision (adopted, ``subject`` = the member, ``waiver:
{from, to, amount}``) decided on or before the as-of date sets the amount for its months; when two
overlap, the later meeting wins. Otherwise the member's category: a rate on the base in force that
month (a ``base`` entry applies from its ``from`` month on; of two with the same month the later one
in the file wins), a fixed amount (``dues.amount`` when a member chose one in the 0.20–1.00 range),
or — hardship without a waiver for the month — unknown. An unknown amount (no ``dues:`` profile, no
base) is reported by the rules and counts as settled by whatever was paid for that month.

**How a payment is spread.** A payment covers its ``months`` (the ledger's month when omitted).
When its amount equals exactly the standard amounts of those months, each month gets its own amount
(a payment made across a base change or a waiver); otherwise it is split evenly in whole fen and
the remainder fen go one each to the earliest months (100.00 over 3 months → 33.34, 33.33, 33.33).

**Settling a month.** Month by month in order: what was paid for the month plus the credit carried
in settles the amount owed; a surplus carries forward to the next month (overpayment), a shortfall
stays as arrears of that month (partial payment). A surplus never flows back to settle an earlier
month: a late payment must say which month it is for. A month's status:

* ``paid`` — settled (by its own payments and/or carried credit); ``exempt`` — nothing owed;
* ``partial`` — something was paid for it but not enough; ``unpaid`` — nothing was paid for it and
  carried credit did not settle it; ``unknown`` — the amount owed cannot be assessed, something paid;
* ``outside`` — a month the member did not owe (before the start, after leaving) that a payment
  covers: its money is credit carried forward, or a refund due after leaving.

**When a month is behind.** A month is *due* once it has ended — the day after its last day (for a
member who pays quarterly, ``dues.quarterly: true``, once its calendar quarter has ended): dues are
paid within the month, so a member can still pay July on 31 July, the convention of meeting periods
too. On 2025-07-31 a member who paid January and nothing since is 5 months behind (February–June);
on 2025-08-01 it is 6. A month not due yet owes nothing yet: its shortfall is not arrears, and
:attr:`MonthLine.owed_so_far` counts only what was paid for it. A member who left (transfer, death …) owes up to the month of leaving, and those
months are due from the day they left: the transfer letter says to which month dues are paid.
``behind`` counts the consecutive unpaid due months up to the as-of date; a month covered by a
recorded reason — a ``dues-deferred`` event (``date`` … ``until``, or open-ended) in the member's
history — is not counted and breaks the run, as does a partially paid or exempt month, or one whose
amount cannot be assessed (the missing base or waiver is reported instead). Only members
still on the rolls on the as-of date (``on_rolls``) can be behind in the sense of DUE005: the arrears
of a member who left in the as-of month are DUE001's (transfer) or not pursued (death, lapse).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Mapping, NamedTuple

from zhidu_cli.collector import collector_paused
from zhidu_cli.dues.money import CENT
from zhidu_cli.dues.standard import Assessment, DuesStandard, DuesStandardError
from zhidu_cli.model.records import Decision, Event, Member, Payment
from zhidu_cli.model.status import LEAVING_EVENTS, on_branch
from zhidu_cli.schedule.months import YearMonth, month_at

PAID, PARTIAL, UNPAID, EXEMPT, UNKNOWN, OUTSIDE = "paid", "partial", "unpaid", "exempt", "unknown", "outside"
STATUSES = (PAID, PARTIAL, UNPAID, EXEMPT, UNKNOWN, OUTSIDE)
DEFERRED = "dues-deferred"
LEDGER_REACH = 6
"""A ledger that could not be read, or a payment in it that could not be read, may have been for this
many months either side of the ledger's own (DUE003/DUE004's limits): none of them is judged unpaid on
a guess."""
ZERO = Decimal("0.00")
_new = tuple.__new__
"""Builds a NamedTuple from all its fields in order without its generated ``__new__``, a Python function
call: a third of the cost of a line, and a run builds three per member and month paid."""


class Allocation(NamedTuple):
    """The share of one payment credited to one month (a NamedTuple like :class:`MonthLine`: one a month paid)."""

    ledger: YearMonth          # the ledger the payment is written in
    payment: Payment
    month: YearMonth
    amount: Decimal
    assessment: Assessment | None = None    # the standard for that month (None: cannot be assessed)


class PaidItem(NamedTuple):
    """One payment of a member, with the shares it was split into (a NamedTuple like :class:`MonthLine`)."""

    ledger: YearMonth
    payment: Payment
    allocations: tuple[Allocation, ...]
    months: tuple[YearMonth, ...]            # the months covered, in order, each once


class MonthLine(NamedTuple):
    """One member, one month: a line of the member's dues card (党费证).

    A NamedTuple, not a frozen dataclass: as immutable, built four times faster, and a run builds one
    per member and month (180,000 at 3,000 members over five years)."""

    month: YearMonth
    status: str                      # one of STATUSES
    owed: Decimal | None             # None: cannot be assessed (see ``gap``); 0.00 for outside months
    paid: Decimal                    # the shares of payments made for this month
    carried_in: Decimal              # credit from earlier months
    carried_out: Decimal             # credit to the next month
    shortfall: Decimal               # the arrears this month leaves
    arrears: Decimal                 # every shortfall up to and including this month
    due: bool                        # the month has ended for payment purposes
    excused: bool                    # covered by a recorded reason (dues-deferred)
    streak: int                      # consecutive unpaid due months ending here (carried over non-due months)
    assessment: Assessment | None = None
    waiver: Decision | None = None
    gap: str = ""                    # why owed is None: no-profile | no-base | bad-base | no-waiver | category
    allocations: tuple[Allocation, ...] = ()
    clouded: bool = False            # the ledger holds a payment that could not be read or names nobody:
                                     # whether this member paid is unknown, so the month is not judged unpaid

    @property
    def balance(self) -> Decimal:
        """Net position at the end of this month: credit carried out minus all arrears so far."""
        return self.carried_out - self.arrears

    @property
    def owes(self) -> bool:
        """Part of the member's obligation (not an outside month)."""
        return self.status != OUTSIDE

    @property
    def owed_so_far(self) -> Decimal | None:
        """What the month counts as owed on the as-of date: all of it once it has ended, and before that
        only what has been settled — dues are paid within the month, so the month in progress owes
        nothing yet (``zhidu dues`` on 5 December shows no December arrears), while a payment already
        made for it is shown as paid and owed alike."""
        if self.owed is None or self.due:
            return self.owed
        return self.owed - self.shortfall


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """A member's figures for a run of months (a month or a year of the ``zhidu dues`` table)."""

    owed: Decimal          # known amounts owed for the months of the period
    paid: Decimal          # paid *for* the months of the period (whenever it was paid)
    balance: Decimal       # net position at the end of the period (credit, prepayments included, − arrears)
    behind: int            # consecutive unpaid due months at the end of the period
    unassessed: int        # months of the period whose amount cannot be assessed


@dataclass(frozen=True, slots=True)
class MemberBalance:
    member: str
    name: str
    lines: tuple[MonthLine, ...]             # owed and outside months up to the as-of month, in order
    prepaid: tuple[Allocation, ...] = ()     # shares for months after the as-of month
    payments: tuple[PaidItem, ...] = ()      # every payment of the member dated by the as-of date
    first_owed: YearMonth | None = None      # the first month owed (after clipping to the records)
    ended: Event | None = None               # the leaving event that ended the obligation, if any
    on_rolls: bool = False                   # owes dues in the as-of month and has not left by the as-of date
    quarterly: bool = False
    group: str | None = None                 # the member's group in the last month shown
    _index: Mapping[int, int] = field(default_factory=dict, repr=False, compare=False)   # month.index → line
    _owing: tuple[MonthLine, ...] = field(default=(), repr=False, compare=False)   # the lines that owe

    def line(self, month: YearMonth) -> MonthLine | None:
        i = self._index.get(month.index)
        return self.lines[i] if i is not None else None

    @property
    def owed(self) -> Decimal:
        return sum((l.owed_so_far for l in self.lines if l.owes and l.owed is not None), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((l.paid for l in self.lines), ZERO) + sum((a.amount for a in self.prepaid), ZERO)

    @property
    def arrears(self) -> Decimal:
        return self.lines[-1].arrears if self.lines else ZERO

    @property
    def credit(self) -> Decimal:
        """Credit carried past the as-of month, prepayments included."""
        carried = self.lines[-1].carried_out if self.lines else ZERO
        return carried + sum((a.amount for a in self.prepaid), ZERO)

    @property
    def balance(self) -> Decimal:
        """Credit minus arrears: negative when the member owes."""
        return self.credit - self.arrears

    @property
    def behind_lines(self) -> tuple[MonthLine, ...]:
        """The consecutive unpaid due months up to the as-of date, oldest first.

        Read from the end of the card: the usual member, behind by nothing, costs one line."""
        owing = (l for l in reversed(self.lines) if l.status != OUTSIDE)
        last = next(owing, None)       # a month in progress already paid ends the run
        streak = last.streak if last is not None else 0
        if not streak:
            return ()
        due = [l for l in reversed(self.lines) if l.status != OUTSIDE and l.due][:streak]
        return tuple(reversed(due))

    @property
    def behind(self) -> int:
        """How many consecutive months are unpaid up to the as-of date."""
        return len(self.behind_lines)

    @property
    def behind_since(self) -> YearMonth | None:
        lines = self.behind_lines
        return lines[0].month if lines else None

    def reaches(self, count: int) -> dt.date | None:
        """The last day to pay before the current run of unpaid months reaches ``count`` months, or None
        when nothing is behind: the last day of its ``count``-th month (of its quarter, when paying
        quarterly). A month counts once it has ended — the day after its last day (docs/cadence.md, "The
        last day of a month") — so the run reaches ``count`` the next day, when DUE005 reports it. DUE005's
        "pay by" date and ``zhidu agenda``'s dues items (due on this day, late from the next) read this."""
        since = self.behind_since
        if since is None:
            return None
        month = since + (count - 1)
        return (quarter_end(month) if self.quarterly else month).last_day

    @property
    def owing_lines(self) -> tuple[MonthLine, ...]:
        return self._owing

    def balance_at(self, month: YearMonth) -> Decimal:
        """The net position at the end of ``month``: credit carried forward plus the prepayments made
        by then for later months, minus the arrears up to it (as known on the as-of date). A member
        who prepaid has a positive balance, as one who overpaid does; at the as-of month this is
        :attr:`balance`."""
        before = [l for l in self.lines if l.month <= month]
        later = [a for l in self.lines if l.month > month for a in l.allocations] + list(self.prepaid)
        prepaid = sum((a.amount for a in later if a.payment.paid_on <= month.last_day), ZERO)
        return (before[-1].balance if before else ZERO) + prepaid

    def period(self, first: YearMonth, last: YearMonth) -> PeriodFigures:
        """Figures for the months ``first``..``last`` (both included) as known on the as-of date."""
        inside = [l for l in self.lines if first <= l.month <= last]
        before = [l for l in self.lines if l.month <= last]
        due_before = [l for l in before if l.owes]
        return PeriodFigures(
            owed=sum((l.owed_so_far for l in inside if l.owes and l.owed is not None), ZERO),
            paid=sum((l.paid for l in inside), ZERO),
            balance=self.balance_at(last),
            behind=due_before[-1].streak if due_before else 0,
            unassessed=sum(1 for l in inside if l.owes and l.owed is None),
        )


@dataclass(frozen=True, slots=True)
class Balances:
    as_of: dt.date
    start: YearMonth | None                          # first month of dues accounting (None: no ledgers)
    members: Mapping[str, MemberBalance]             # by member id, in id order
    unmatched: tuple[tuple[YearMonth, Payment], ...] = ()   # payments for unknown members (REF003)

    def get(self, member_id: str) -> MemberBalance | None:
        return self.members.get(member_id)


# --- the obligation -------------------------------------------------------------------------------

def accounting_start(records) -> YearMonth | None:
    """The first month of dues accounting: the first ledger's month, or records_start if later."""
    if not records.ledgers:
        return None
    first = min(records.ledgers)
    if records.branch is not None and records.branch.records_start is not None:
        first = max(first, YearMonth.of(records.branch.records_start))
    return first


def obligation(events: Iterable[Event], start: str = "assembly",
               as_of: dt.date | None = None) -> tuple[tuple[YearMonth, YearMonth | None, Event | None], ...]:
    """The periods a member owes dues: (first month, last month or None if still owing, leaving event).

    ``events`` in date order; those after ``as_of`` are ignored. ``start`` is ``assembly`` or ``approval``.
    """
    begins = {"approved", "full", "transferred-in"} | ({"admitted"} if start == "assembly" else set())
    periods: list[tuple[YearMonth, YearMonth | None, Event | None]] = []
    since: YearMonth | None = None
    for event in on_branch(tuple(events)):      # a membership elsewhere before a transfer in owes nothing here
        if as_of is not None and event.date > as_of:
            break
        if event.event in begins and since is None:
            since = YearMonth.of(event.date)
        elif event.event in LEAVING_EVENTS and since is not None:
            periods.append((since, YearMonth.of(event.date), event))
            since = None
    if since is not None:
        periods.append((since, None, None))
    return tuple(periods)


def owes_in(events: Iterable[Event], month: YearMonth, start: str = "assembly") -> bool:
    """Whether a member's obligation covers ``month`` (all recorded events counted)."""
    return any(first <= month and (last is None or month <= last) for first, last, _ in obligation(events, start))


def publication_deadline(month: YearMonth, day: int) -> dt.date:
    """The day by which ``month``'s collection must be published: the ``day``-th of the next month
    (clamped to its length). NTC005 and ``zhidu agenda`` share it."""
    following = month + 1
    return dt.date(following.year, following.month, min(day, following.last_day.day))


def split_evenly(amount: Decimal, count: int) -> tuple[Decimal, ...]:
    """``amount`` in ``count`` shares of whole fen; the remainder fen go one each to the first shares."""
    cents = int(amount.quantize(CENT) * 100)
    share, extra = divmod(cents, count)
    return tuple(Decimal(share + (1 if i < extra else 0)).scaleb(-2) for i in range(count))


def quarter_end(month: YearMonth) -> YearMonth:
    return YearMonth(month.year, (month.month - 1) // 3 * 3 + 3)


# --- the amount owed -----------------------------------------------------------------------------

class _Assessor:
    """What one member owes each month, with each base entry assessed once: the answer for a month
    without a waiver is that of its base entry, the same tuple for every month it covers."""

    def __init__(self, member: Member, standard: DuesStandard, waivers: list[Decision]) -> None:
        self.member = member
        self.standard = standard
        self.waivers = waivers       # sorted: later decisions last (they win)
        profile = member.dues
        self.bases = tuple(sorted(profile.base, key=lambda b: b.start)) if profile else ()
        self.starts = [b.start.index for b in self.bases]       # running numbers: bisected for every month
        self._cache: dict[int, tuple[Assessment | None, Decision | None, str]] = {}
        self.category = None
        self.category_gap = ""
        if profile is None:
            self.category_gap = "no-profile"
        else:
            try:
                self.category = standard.category(profile.category)
            except DuesStandardError:
                self.category_gap = "category"

    def waiver(self, month: YearMonth) -> Decision | None:
        found = None
        for decision in self.waivers:
            if decision.waiver.start <= month <= decision.waiver.end:
                found = decision
        return found

    def assess(self, month: YearMonth) -> tuple[Assessment | None, Decision | None, str]:
        waiver = self.waiver(month) if self.waivers else None
        if waiver is not None:
            return waiver_assessment(self.standard, waiver.waiver.amount), waiver, ""
        if self.category is None:
            return None, None, self.category_gap
        index = bisect.bisect_right(self.starts, month.index) - 1
        found = self._cache.get(index)
        if found is None:
            found = self._cache[index] = self._assess(index)
        return found

    def _assess(self, index: int) -> tuple[Assessment | None, None, str]:
        category = self.category
        if category.kind == "waiver":
            return None, None, "no-waiver"
        if category.kind == "fixed":
            chosen = self.member.dues.amount
            if chosen is not None and category.minimum <= chosen <= category.maximum:
                return chosen_assessment(category, chosen), None, ""
            return self.standard.assess(category.id), None, ""
        if index < 0:
            return None, None, "no-base"
        base = self.bases[index]
        try:
            return self.standard.assess(category.id, base.amount, base.social_insurance or Decimal(0)), None, ""
        except DuesStandardError:
            return None, None, "bad-base"       # social insurance larger than the base


def waiver_assessment(standard: DuesStandard, amount: Decimal) -> Assessment:
    """The amount a dues-waiver decision set, labelled like the standard's waiver category."""
    category = next((c for c in standard.categories if c.kind == "waiver"), None)
    if category is not None:
        return standard.assess(category.id, waiver=amount)
    text = f"{amount:.2f}"
    return Assessment(amount, None, f"按减免决定每月 {text} 元", f"{text} yuan a month by dues-waiver decision",
                      amount, amount)


def chosen_assessment(category, amount: Decimal) -> Assessment:
    """A fixed-amount member who chose an amount within the range (农民 0.20–1.00) owes that amount."""
    text = f"{amount:.2f}"
    return Assessment(amount, None, f"{category.zh} 自选每月 {text} 元", f"{category.en}: {text} yuan a month (chosen)",
                      amount, amount, category.id, None, category.citation)


# --- the computation -----------------------------------------------------------------------------

def _meeting_day(records, decision: Decision) -> dt.date | None:
    meeting = records.meetings_by_id.get(decision.meeting)
    return meeting.date if meeting is not None else None


def member_waivers(records, member_id: str, as_of: dt.date) -> list[Decision]:
    """Adopted dues-waiver decisions about a member, decided by ``as_of``, the later ones last."""
    found = []
    for decision in records.decisions_by_subject.get(member_id, ()):
        if decision.kind != "dues-waiver" or decision.status != "adopted" or decision.waiver is None:
            continue
        day = _meeting_day(records, decision)
        if day is not None and day > as_of:
            continue
        found.append((day or dt.date.min, decision.id, decision))
    return [d for _, _, d in sorted(found, key=lambda item: (item[0], item[1]))]


def excused_months(events: Iterable[Event], as_of: dt.date) -> list[tuple[YearMonth, YearMonth]]:
    """Month ranges covered by a recorded reason (``dues-deferred``), open-ended ones to the as-of month."""
    ranges = []
    for event in events:
        if event.event == DEFERRED and event.date <= as_of:
            last = YearMonth.of(event.until) if event.until else YearMonth.of(as_of)
            ranges.append((YearMonth.of(event.date), last))
    return ranges


def _allocate(ledger: YearMonth, payment: Payment, months: tuple[YearMonth, ...], assessor: _Assessor) -> PaidItem:
    if len(months) == 1:      # the usual payment: one month, the whole amount
        share = _new(Allocation, (ledger, payment, months[0], payment.amount, assessor.assess(months[0])[0]))
        return _new(PaidItem, (ledger, payment, (share,), months))
    standard = [assessor.assess(m)[0] for m in months]
    if all(a is not None for a in standard) and sum((a.amount for a in standard), ZERO) == payment.amount:
        shares = tuple(a.amount for a in standard)
    else:
        shares = split_evenly(payment.amount, len(months))
    allocations = tuple(Allocation(ledger, payment, month, share, assessment)
                        for month, share, assessment in zip(months, shares, standard, strict=True))
    return PaidItem(ledger, payment, allocations, tuple(dict.fromkeys(months)))


def compute_balances(records, standard: DuesStandard, as_of: dt.date, *, start: str = "assembly") -> Balances:
    """Every member's dues card as of ``as_of`` (see the module docstring for each choice).

    Kept in ``records.memo``: a pure function of the records and its arguments, asked for by the DUE
    rules, ``zhidu dues``, every monthly dues notice and the roll-up — at a street's scale the site
    renders dozens of notices from one branch, each of which once recomputed every member's card.
    """
    memo = getattr(records, "memo", None)
    try:
        key = ("compute_balances", standard, as_of, start)
        hash(key)
    except TypeError:
        memo = None
    if memo is None:
        return _paused(records, standard, as_of, start)
    if key not in memo:
        memo[key] = _paused(records, standard, as_of, start)
    return memo[key]


def _paused(records, standard: DuesStandard, as_of: dt.date, start: str) -> Balances:
    """The cards are built with the cyclic collector paused and then frozen (:mod:`zhidu_cli.collector`):
    four small objects a member and month, no cycles — at 3,000 members its collections were half the time."""
    with collector_paused():
        return _compute_balances(records, standard, as_of, start)


def _compute_balances(records, standard: DuesStandard, as_of: dt.date, start: str) -> Balances:
    first_month = accounting_start(records)
    if first_month is None:
        return Balances(as_of, None, {})
    last_month = YearMonth.of(as_of)

    # One pass over the ledgers, each payment allocated to its months as it is read; months are running
    # numbers (YearMonth.index) throughout, sets of them shared by every member's card.
    members = records.members
    assessors: dict[str, _Assessor] = {}

    def assessor_of(member_id: str) -> _Assessor:
        if member_id not in assessors:
            assessors[member_id] = _Assessor(members[member_id], standard, member_waivers(records, member_id, as_of))
        return assessors[member_id]

    items: dict[str, list[PaidItem]] = defaultdict(list)
    unmatched: list[tuple[YearMonth, Payment]] = []
    clouded: set[int] = {m for lost in records.clouded_ledger_months          # one mistake, one finding:
                         for m in _reach(lost.index)}           # months an unreadable payment may be for
    mine: dict[str, set[int]] = defaultdict(set)
    for ledger_month, ledger in records.ledgers.items():
        if "payments" in ledger.refused:       # a payment that could not be read: whose, for which months?
            clouded.update(_reach(ledger_month.index))
        alone = (ledger.month,)       # Ledger.covered_months of a payment without months:, one tuple a ledger
        for payment in ledger.payments:
            if payment.paid_on > as_of:
                continue
            covered = payment.months or alone
            if payment.member in members:
                months = covered if len(covered) == 1 else tuple(sorted(covered))
                items[payment.member].append(_allocate(ledger_month, payment, months, assessor_of(payment.member)))
                if "months" in payment.refused:      # which months it was for is unknown: those written,
                    written = [ledger_month.index, *(m.index for m in covered)]   # and those between them
                    mine[payment.member].update(range(min(written), max(written) + 1))
            else:
                unmatched.append((ledger_month, payment))
                clouded.update(m.index for m in covered)

    balances: dict[str, MemberBalance] = {}
    for member_id in sorted(members):
        own = mine.get(member_id)
        balance = _member_balance(records, member_id, assessor_of(member_id), as_of, start, first_month,
                                  last_month, items.get(member_id, []), clouded | own if own else clouded)
        assessors.pop(member_id)
        if balance is not None:
            balances[member_id] = balance
    return Balances(as_of, first_month, balances, tuple(unmatched))


def _reach(index: int) -> range:
    """The months within LEDGER_REACH of month ``index`` (running numbers)."""
    return range(index - LEDGER_REACH, index + LEDGER_REACH + 1)


def _member_balance(records, member_id: str, assessor: _Assessor, as_of: dt.date, start: str,
                    first_month: YearMonth, last_month: YearMonth, items: list[PaidItem],
                    clouded: set[int] | frozenset[int] = frozenset()) -> MemberBalance | None:
    """One member's card from their payments' shares. Linear in the member's payments and months:
    ``clouded`` (running numbers) is the run's set, read and never copied."""
    member = records.members[member_id]
    timeline = records.timeline(member_id)
    first, last = first_month.index, last_month.index

    earliest_late = None       # earliest month paid from the records' start on (a pre-records late payment)
    for item in items:
        if item.ledger.index >= first and (earliest_late is None or item.months[0].index < earliest_late):
            earliest_late = item.months[0].index
    lower = first if earliest_late is None else min(first, earliest_late)
    # each month's shares; the usual month has one payment's one share, kept in that payment's own tuple
    by_month: dict[int, tuple[Allocation, ...] | list[Allocation]] = {}
    for item in items:
        allocations = item.allocations
        for allocation in allocations:
            index = allocation.month.index
            if index < lower:       # shares for months before the accounts are history
                continue
            shares = by_month.get(index)
            if shares is None:
                by_month[index] = allocations if len(allocations) == 1 else (allocation,)
            elif type(shares) is tuple:
                by_month[index] = [*shares, allocation]
            else:
                shares.append(allocation)

    owed_months: list[int] = []
    ended = None
    for since, until, leaving in obligation(timeline.events, start, as_of):
        ended = leaving
        low = max(since.index, lower, owed_months[-1] + 1 if owed_months else lower)
        high = min(until.index, last) if until is not None else last
        owed_months.extend(range(low, high + 1))
    owed_set = set(owed_months)
    extra = [m for m in by_month if m not in owed_set]
    months = sorted(owed_set.union(m for m in extra if m <= last)) if extra else owed_months
    prepaid = tuple(a for m in sorted(extra) if m > last for a in by_month[m])
    if not months and not prepaid and not items:
        return None

    quarterly = bool(member.dues and member.dues.quarterly)
    # the last month that has ended on the as-of date: a month ends the day after its last day — a
    # member can still pay July's dues on 31 July (the convention of meeting periods, docs/dues.md)
    ended_month = last - 1
    # a member who has left settles up to the month of leaving on the day they leave (the transfer
    # letter says to which month dues are paid), so those months are due from that day on
    left = YearMonth.of(ended.date).index if ended is not None else None
    excuses = [(a.index, b.index) for a, b in excused_months(timeline.events, as_of)]
    lines: list[MonthLine] = []
    carry, arrears, streak = ZERO, ZERO, 0
    for index in months:
        month = month_at(index)
        shares = by_month.get(index)
        if shares is None:
            allocations, paid = (), ZERO
        elif len(shares) == 1:        # the usual month: one payment (ZERO + it, as the sum of one would be)
            allocations, paid = tuple(shares), ZERO + shares[0].amount
        else:
            allocations = tuple(shares)
            paid = sum((a.amount for a in allocations), ZERO)
        available = carry + paid
        # a quarterly payer's month is due once its quarter (running numbers 3k..3k+2) has ended
        due = (index // 3 * 3 + 2 if quarterly else index) <= ended_month or (left is not None and index <= left)
        if index not in owed_set:
            lines.append(_new(MonthLine, (month, OUTSIDE, ZERO, paid, carry, available, ZERO, arrears, due, False,
                                          streak, None, None, "", allocations, False)))
            carry = available
            continue
        assessment, waiver, gap = assessor.assess(month)
        owed = assessment.amount if assessment is not None else None
        shortfall = ZERO
        if owed is None:
            status, carried_out = (UNKNOWN if available > 0 else UNPAID), carry
        elif owed == 0:
            status, carried_out = EXEMPT, available
        elif available >= owed:
            status, carried_out = PAID, available - owed
        else:
            status, carried_out, shortfall = (PARTIAL if paid > 0 else UNPAID), ZERO, owed - available
        excused = bool(excuses) and any(a <= index <= b for a, b in excuses)
        unclear = status == UNPAID and index in clouded
        if due:     # a month whose amount cannot be assessed is reported as such (DUE001/DUE002), not as arrears
            streak = streak + 1 if status == UNPAID and owed is not None and not excused and not unclear else 0
            arrears += shortfall          # a month not over yet owes nothing yet (issue 8.7)
        elif paid > 0 or status == EXEMPT:
            streak = 0                    # paid ahead of its end: the unpaid months before it are a hole, not a run
        lines.append(_new(MonthLine, (month, status, owed, paid, carry, carried_out, shortfall, arrears, due, excused,
                                      streak, assessment, waiver, gap, allocations, unclear)))
        carry = carried_out

    last_shown = month_at(months[-1]) if months else last_month
    return MemberBalance(
        member=member_id, name=member.name, lines=tuple(lines), prepaid=prepaid, payments=tuple(items),
        first_owed=month_at(owed_months[0]) if owed_months else None, ended=ended,
        # A member who left during the as-of month still owes that month, but is no longer on the
        # rolls: their arrears are DUE001's (transfer) or not pursued (death, lapse), never DUE005's.
        on_rolls=ended is None and last in owed_set, quarterly=quarterly,
        group=timeline.group(min(last_shown.last_day, as_of)),
        _index={line.month.index: i for i, line in enumerate(lines)},
        _owing=tuple(line for line in lines if line.status != OUTSIDE),
    )
