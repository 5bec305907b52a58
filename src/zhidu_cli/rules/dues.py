"""DUE: dues (党费) — owed every month, at the standard, on time, recorded; and NTC005, the monthly
publication of the collection (a notice rule, kept here because it reads the ledgers).

Every rule reads the same :func:`zhidu_cli.dues.balances.compute_balances`, computed once per run
(``ctx.shared``) with the standard of the ``dues:`` configuration, so ``zhidu check`` and
``zhidu dues`` cannot disagree. Ledgers before the dues accounts begin (the first ledger, or
``records_start``) are history and are not checked. What each rule decides, and why:

* DUE001 — the obligation. Reports the months a member paid nothing for although later months
  were paid (a hole the treasurer can still see), the months left unpaid by a member who transferred
  out (dues are settled up to the transfer month), a member on the rolls with no ``dues:`` profile,
  and payments for months the member did not owe (before the start month, after leaving). The
  unpaid months *at the end* of a member still on the rolls are DUE005's, with its 3/6-month
  escalation. Members who lapsed, were expelled, withdrew or died are not pursued for arrears.
* DUE002 — a payment against the standard of the months it covers (their sum, so the split of a
  multi-month payment never produces a one-fen difference), credit carried in from an overpayment
  counted; also every reason a month cannot be assessed (no base, hardship without a waiver,
  a base smaller than the social insurance, a chosen amount outside the range), and a waiver
  decision without the upper organization's approval.
* DUE003 / DUE004 — months covered, counted from the month of ``paid_on``: 6 months back is still a
  late payment (补交), 7 is too late; 6 months ahead is still a prepayment (预交), 7 is too far.
* DUE005 — consecutive unpaid due months of a member still on the rolls: a warning from 3 (with the
  date by which the member must pay to avoid 6), an error at 6 (the general assembly must deal with
  the lapse) until a lapse decision LIF002 accepts (the general assembly's, with its majority and the
  upper organization's approval in time) settles it — any other ``lapse`` decision does not. A month counts once it has ended: paid January
  and nothing since is 5 months on 2025-07-15 (February–June; July is not yet late) and 6 on
  2025-07-31. A member who left in the as-of month is no longer on the rolls: a transfer's unpaid
  months are DUE001's, a death or lapse is not pursued. A recorded reason stops the count: a
  ``dues-deferred`` event in the member's history (``date``, ``until``, ``reason``), or a dues-waiver
  decision (months waived to 0 are not owed at all).
* DUE006 — a proxy payment names its payer. ``paid_by`` (a member id) must be a party member on the
  day (000 §六.1: 委托其他党员代交); a payment whose note says it was paid on someone's behalf
  (代交、代缴…) without ``paid_by`` is flagged unless the note names the relative who paid (家属、
  女儿…), since a relative who is not a member cannot be written as ``paid_by``.
* DUE007 — a member away (an ``away`` event in force on the payment day) pays month by month unless
  ``dues.quarterly: true`` records the branch's agreement; ``elsewhere: true`` is only for a member
  away when paying or in the months paid — or for the month of ``transferred-in``, when the transfer
  letter shows it paid at the previous organization.
* DUE008 — a payment made before a new base's ``from`` month at the old amount for months from it
  on: the difference is owed (info, instead of DUE002); two base entries from the same month (W).
* NTC005 — every month's ledger has ``published`` no later than the 10th of the next month.
* No ledger at all: a branch keeps a ledger (000 §六.2), so every month since the records began is
  unrecorded — one DUE001 and one NTC005 finding, not one per member or month (the balances stay empty).
* DUE009 — the money collected in each period (a quarter by default) is remitted (上缴) to the upper
  organization by the ``day`` of the next month, in full: the ``remittance`` entries of the period's
  ledgers add up to at least what its ledgers collected here (payments made elsewhere excluded).
"""

from __future__ import annotations

import bisect
import datetime as dt
from decimal import Decimal
from typing import Iterator

from zhidu_cli.diagnostics.finding import Location, Severity
from zhidu_cli.dues.balances import (EXEMPT, OUTSIDE, PAID, UNPAID, Balances, MemberBalance, PaidItem,
                                     accounting_start, compute_balances, publication_deadline)
from zhidu_cli.dues.settings import DuesSettings
from zhidu_cli.dues.standard import DuesStandardError
from zhidu_cli.model.fields import INT, Vocabulary
from zhidu_cli.model.records import Member
from zhidu_cli.model.repository import unread_fields
from zhidu_cli.rules.engine import Context, Example, Message, Param, Rule
from zhidu_cli.rules.mobile import lapse_settled
from zhidu_cli.schedule.months import YearMonth

REG = "《关于中国共产党党费收缴、使用和管理的规定》（2008）"
CHARTER = "《中国共产党章程》"
ZERO = Decimal("0.00")
_PROXY_WORDS = ("代交", "代缴", "代为交纳", "代为缴纳", "代付", "转交")
_RELATIVE_WORDS = ("亲属", "家属", "家人", "子女", "儿子", "女儿", "儿媳", "女婿", "孙", "配偶", "妻子", "丈夫",
                   "老伴", "爱人", "父亲", "母亲", "兄", "弟", "姐", "妹")
_LEFT_ZH = {"transferred-out": "转出", "lapsed": "按自行脱党除名", "expelled": "被开除党籍", "withdrew": "退党",
            "deceased": "去世"}
_NOT_PURSUED = frozenset({"lapsed", "expelled", "withdrew", "deceased"})


# --- shared per run -------------------------------------------------------------------------------

def dues_settings(ctx: Context) -> DuesSettings:
    return ctx.shared("dues.settings", lambda: DuesSettings.from_config(ctx.settings.dues))


def balances(ctx: Context) -> Balances:
    """The balances of this run, computed once for every DUE rule."""
    def compute() -> Balances:
        settings = dues_settings(ctx)
        return compute_balances(ctx.records, settings.standard, ctx.as_of, start=settings.start)
    return ctx.shared(("dues.balances", ctx.as_of), compute)


def _member_location(member: Member) -> Location:
    return member.where("dues") if member.dues is not None else member.loc


def _who(balance: MemberBalance) -> dict:
    return {"member": balance.member, "name": balance.name}


def _runs(months: list[YearMonth]) -> list[list[YearMonth]]:
    """Consecutive runs: [2025-01, 2025-02, 2025-05] → [[2025-01, 2025-02], [2025-05]]."""
    runs: list[list[YearMonth]] = []
    for month in months:
        if runs and month - runs[-1][-1] == 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return runs


def _span(months: list[YearMonth]) -> str:
    return str(months[0]) if len(months) == 1 else f"{months[0]}~{months[-1]}"


def _checked_items(ctx: Context, balance: MemberBalance) -> Iterator[PaidItem]:
    """Payments recorded from the start of the dues accounts on (earlier ledgers are history) — except
    one whose ``months`` could not be read: what it is for is unknown (SCH007 says so, once).

    Selected once per run for every member (``ctx.shared``): six rules walk every payment."""
    def select() -> dict[str, tuple[PaidItem, ...]]:
        run = balances(ctx)
        start = run.start.index if run.start is not None else 0
        return {member: tuple(item for item in b.payments
                              if item.ledger.index >= start and "months" not in item.payment.refused)
                for member, b in run.members.items()}
    checked = ctx.shared(("dues.checked", ctx.as_of), select)
    return iter(checked.get(balance.member, ()))


def _payment_location(item: PaidItem) -> Location:
    return item.payment.where("months") if item.payment.months else item.payment.where("amount")


# --- DUE001 ---------------------------------------------------------------------------------------

def unrecorded_months(ctx: Context) -> list[YearMonth]:
    """With no dues ledger at all, the months that ended since the records began (``records_start``, else
    the first meeting): a branch keeps a ledger (000 §六.2), so each of them is unrecorded. Empty when a
    ledger exists (the balances judge it) or nobody was on the rolls."""
    records = ctx.records
    if records.ledgers:
        return []
    begin = records.branch.records_start if records.branch is not None else None
    begin = begin or (records.meetings[0].date if records.meetings else None)
    if begin is None or begin > ctx.as_of:
        return []
    months = list(YearMonth.of(begin).until(YearMonth.of(ctx.as_of) - 1))
    on_rolls = [m for m in months if records.anyone_on(min(m.last_day, ctx.as_of))]
    return on_rolls


def _no_ledgers(ctx: Context, **extra):
    """One finding for a repository without any ledger (one mistake, one finding), or nothing."""
    months = unrecorded_months(ctx)
    if months:
        where = ctx.records.branch.loc if ctx.records.branch is not None else Location("zhidu.yaml")
        yield ctx.problem(where, "no-ledgers", first=months[0], last=months[-1], count=len(months), **extra)


def check_owed(ctx: Context):
    yield from _no_ledgers(ctx)
    for balance in balances(ctx).members.values():
        member = ctx.records.members[balance.member]
        lines = balance.owing_lines
        if not lines and not balance.payments:
            continue
        left = balance.ended.event if balance.ended is not None else None
        if member.dues is None and lines and left not in _NOT_PURSUED:
            yield ctx.problem(member.loc, "no-profile", **_who(balance))
        yield from _outside(ctx, balance)
        if left in _NOT_PURSUED:
            continue
        unpaid = [l for l in lines if l.due and l.status == UNPAID and l.owed is not None and not l.excused
                  and not l.clouded]     # a ledger's unreadable payment may be this member's: not judged
        trailing = balance.behind if balance.on_rolls else 0
        holes = unpaid[:len(unpaid) - trailing] if trailing else unpaid
        for run in _runs([l.month for l in holes]):
            owed = sum((balance.line(m).shortfall for m in run), ZERO)
            variant = "transferred" if left == "transferred-out" and run[-1] == lines[-1].month else ""
            related = tuple(ctx.records.ledgers[m].loc for m in run[:1] if m in ctx.records.ledgers)
            yield ctx.problem(_member_location(member), variant, related=related, months=_span(run),
                              count=len(run), amount=owed,
                              date=balance.ended.date if balance.ended is not None else None, **_who(balance))


def _outside(ctx: Context, balance: MemberBalance):
    """Payments for months the member did not owe: before the start month, or after leaving."""
    if not any(line.status == OUTSIDE for line in balance.lines):
        return             # the usual card: one look at its months instead of one per payment
    first = balance.first_owed
    for item in _checked_items(ctx, balance):
        outside = [m for m in item.months if (line := balance.line(m)) is not None and line.status == OUTSIDE]
        if not outside:
            continue
        if first is None and balance.ended is None:
            yield ctx.problem(_payment_location(item), "not-owing", severity=Severity.WARNING, months=outside,
                              paid_on=item.payment.paid_on, **_who(balance))
        elif first is not None and outside[0] < first:
            yield ctx.problem(_payment_location(item), "early", severity=Severity.WARNING, months=outside,
                              start=first, paid_on=item.payment.paid_on, **_who(balance))
        else:
            event = balance.ended
            yield ctx.problem(_payment_location(item), "late", severity=Severity.WARNING, months=outside,
                              date=event.date if event else "—",
                              left_zh=_LEFT_ZH.get(event.event, "离开") if event else "离开",
                              left_en=event.event if event else "left",
                              paid_on=item.payment.paid_on, **_who(balance))


# --- DUE002 and DUE008 ----------------------------------------------------------------------------

_GAP_VARIANT = {"no-base": "no-base", "bad-base": "bad-base", "no-waiver": "no-waiver"}


def check_amounts(ctx: Context):
    settings = dues_settings(ctx)
    for balance in balances(ctx).members.values():
        member = ctx.records.members[balance.member]
        yield from _gaps(ctx, member, balance)
        yield from _profile_amount(ctx, member, settings)
        for item in _checked_items(ctx, balance):
            if _settled_at_standard(balance, item) or _old_base(ctx, member, item, settings) is not None:
                continue                      # the usual payment; or DUE008 explains it
            yield from _payment_amount(ctx, balance, item)
    yield from _unapproved_waivers(ctx)


def _settled_at_standard(balance: MemberBalance, item: PaidItem) -> bool:
    """The usual payment, about which :func:`_payment_amount` says nothing, told without building its
    lists: one month, settled, not above the standard's maximum."""
    allocations = item.allocations
    if len(allocations) != 1:
        return False
    allocation = allocations[0]
    line = balance.line(allocation.month)
    return allocation.assessment is not None and line is not None and line.status in (PAID, EXEMPT) \
        and item.payment.amount <= allocation.assessment.maximum


def _gaps(ctx: Context, member: Member, balance: MemberBalance):
    """Runs of owed months whose amount cannot be assessed, one finding per run and reason."""
    by_gap: dict[str, list[YearMonth]] = {}
    for line in balance.owing_lines:
        if line.owed is None and line.gap in _GAP_VARIANT:
            by_gap.setdefault(line.gap, []).append(line.month)
    for gap, months in by_gap.items():
        for run in _runs(months):
            yield ctx.problem(_member_location(member), _GAP_VARIANT[gap], months=_span(run),
                              category=member.dues.category if member.dues else "", **_who(balance))


def _profile_amount(ctx: Context, member: Member, settings: DuesSettings):
    profile = member.dues
    if profile is None or profile.amount is None:
        return
    try:
        category = settings.standard.category(profile.category)
    except DuesStandardError:
        return
    location = profile.where("amount")
    if category.kind != "fixed":
        yield ctx.problem(location, "amount-unused", category=category.zh, category_en=category.en,
                          name=member.name, member=member.id)
    elif not category.minimum <= profile.amount <= category.maximum:
        yield ctx.problem(location, "range", amount=profile.amount, minimum=category.minimum,
                          maximum=category.maximum, category=category.zh, category_en=category.en,
                          name=member.name, member=member.id)


def _payment_amount(ctx: Context, balance: MemberBalance, item: PaidItem):
    allocations = item.allocations
    if any(a.assessment is None for a in allocations):
        return
    lines = [balance.line(a.month) for a in allocations]
    if any(line is not None and line.status == OUTSIDE for line in lines):
        return                                # DUE001 reports it
    low = sum((a.assessment.minimum for a in allocations), ZERO)
    high = sum((a.assessment.maximum for a in allocations), ZERO)
    first = lines[0]
    credit = first.carried_in if first is not None else ZERO
    settled = all(line is not None and line.status in (PAID, EXEMPT) for line in lines)
    paid = item.payment.amount
    if (paid + credit >= low or settled) and paid <= high:
        return                                # the usual case: say nothing, build no message facts
    months = item.months
    brackets = "；".join(dict.fromkeys(a.assessment.bracket_zh for a in allocations))
    brackets_en = "; ".join(dict.fromkeys(a.assessment.bracket_en for a in allocations))
    common = dict(paid=paid, months=months, paid_on=item.payment.paid_on, bracket=brackets,
                  bracket_en=brackets_en, **_who(balance))
    if paid + credit < low and not settled:     # topped up later, or by credit: the months are paid
        yield ctx.problem(item.payment.where("amount"), "under", expected=low, diff=low - paid - credit,
                          credit=credit, **common)
    elif paid > high:      # 自愿多交党费不限 (2008 规定 第十一条): noted, never a warning
        yield ctx.problem(item.payment.where("amount"), "over", severity=Severity.INFO, expected=high,
                          diff=paid - high, **common)


def _unapproved_waivers(ctx: Context):
    for decision in ctx.records.decisions.values():
        if decision.kind == "dues-waiver" and decision.status == "adopted" and decision.approval is None:
            meeting = ctx.records.meetings_by_id.get(decision.meeting)
            if meeting is not None and meeting.date > ctx.as_of:
                continue
            where = decision.where("waiver") if decision.waiver is not None else decision.where("kind")
            yield ctx.problem(where, "unapproved", decision=decision.id, subject=decision.subject or "—")


def _old_base(ctx: Context, member: Member, item: PaidItem, settings: DuesSettings):
    """(new base month, old total, new total) when the payment predates a base change it covers."""
    profile = member.dues
    if profile is None or len(profile.base) < 2:
        return None
    bases = sorted(profile.base, key=lambda b: b.start)
    starts = [b.start for b in bases]
    paid_month = YearMonth.of(item.payment.paid_on)
    months = item.months
    change = next((b.start for b in bases if paid_month < b.start <= months[-1]), None)
    index = bisect.bisect_right(starts, paid_month) - 1
    if change is None or index < 0 or any(a.assessment is None for a in item.allocations):
        return None
    old = bases[index]
    try:
        old_amount = settings.standard.assess(profile.category, old.amount, old.social_insurance or Decimal(0))
    except DuesStandardError:
        return None
    old_total = sum((a.assessment.amount if a.month < change else old_amount.amount for a in item.allocations), ZERO)
    new_total = sum((a.assessment.amount for a in item.allocations), ZERO)
    if item.payment.amount != old_total or old_total == new_total:
        return None
    return change, old_total, new_total


def check_base_changes(ctx: Context):
    settings = dues_settings(ctx)
    for balance in balances(ctx).members.values():
        member = ctx.records.members[balance.member]
        if member.dues is not None:
            seen: dict[YearMonth, object] = {}
            for base in member.dues.base:
                if base.start in seen:
                    yield ctx.problem(base.where("start"), "duplicate", severity=Severity.WARNING, month=base.start,
                                      related=(seen[base.start].where("start"),), **_who(balance))
                seen[base.start] = base
        if member.dues is None or len(member.dues.base) < 2:
            continue                          # one base: no change for a payment to predate (_old_base)
        for item in _checked_items(ctx, balance):
            found = _old_base(ctx, member, item, settings)
            if found is None:
                continue
            change, old_total, new_total = found
            yield ctx.problem(item.payment.where("amount"), month=change, paid_on=item.payment.paid_on,
                              months=item.months, paid=item.payment.amount, expected=new_total,
                              diff=new_total - old_total if new_total > old_total else old_total - new_total,
                              direction="补交" if new_total > old_total else "结转下月",
                              direction_en="to collect" if new_total > old_total else "carried forward",
                              **_who(balance))


# --- DUE003 / DUE004 ------------------------------------------------------------------------------

def _limit_by_day(ctx: Context):
    """Day of payment → (its month, the ``months`` limit in force), worked out once per distinct day:
    a ledger's hundreds of payments share a few days."""
    found: dict[dt.date, tuple[YearMonth, int]] = {}

    def on(day: dt.date) -> tuple[YearMonth, int]:
        if day not in found:
            found[day] = (YearMonth.of(day), ctx.param("months", on=day))
        return found[day]
    return on


def check_late(ctx: Context):
    limit_on = _limit_by_day(ctx)
    for balance in balances(ctx).members.values():
        for item in _checked_items(ctx, balance):
            paid_month, limit = limit_on(item.payment.paid_on)
            if paid_month.index - item.months[0].index <= limit:
                continue                  # the months are in order: the first is the latest paid
            late = [m for m in item.months if paid_month - m > limit]
            if late:
                yield ctx.problem(_payment_location(item), months=late, back=paid_month - late[0], limit=limit,
                                  paid_on=item.payment.paid_on, **_who(balance))


def check_prepaid(ctx: Context):
    limit_on = _limit_by_day(ctx)
    for balance in balances(ctx).members.values():
        for item in _checked_items(ctx, balance):
            paid_month, limit = limit_on(item.payment.paid_on)
            if item.months[-1].index - paid_month.index <= limit:
                continue                  # the months are in order: the last is the furthest ahead
            ahead = [m for m in item.months if m - paid_month > limit]
            if ahead:
                yield ctx.problem(_payment_location(item), months=ahead, ahead=ahead[-1] - paid_month, limit=limit,
                                  paid_on=item.payment.paid_on, **_who(balance))


# --- DUE005 ---------------------------------------------------------------------------------------

def check_arrears(ctx: Context):
    warn, error = ctx.param("warn_months"), ctx.param("error_months")
    for balance in balances(ctx).members.values():
        behind = balance.behind
        if not balance.on_rolls or behind < warn or lapse_settled(
                ctx.records, ctx.settings, balance.member, ctx.as_of,
                balance.behind_since.first_day if balance.behind_since else None):
            continue
        member = ctx.records.members[balance.member]
        since = balance.behind_since
        owed = sum((line.shortfall for line in balance.behind_lines), ZERO)
        last = [item.payment for item in balance.payments]
        related = (last[-1].where("paid_on"),) if last else ()
        if behind >= error:
            yield ctx.problem(_member_location(member), "lapse", severity=Severity.ERROR, related=related,
                              count=behind, since=since, amount=owed, limit=error, **_who(balance))
        else:
            deadline = balance.reaches(error)
            yield ctx.problem(_member_location(member), related=related, count=behind, since=since, amount=owed,
                              limit=error, deadline=deadline, left=error - behind, **_who(balance))


# --- DUE006 / DUE007 ------------------------------------------------------------------------------

def check_proxy(ctx: Context):
    records = ctx.records
    for balance in balances(ctx).members.values():
        for item in _checked_items(ctx, balance):
            payment = item.payment
            if payment.paid_by is None:
                note = payment.note
                if note and any(w in note for w in _PROXY_WORDS) and not any(w in note for w in _RELATIVE_WORDS):
                    yield ctx.problem(payment.where("note"), "note", paid_on=payment.paid_on, **_who(balance))
                continue
            if payment.paid_by == balance.member:
                continue
            timeline = records.timeline(payment.paid_by)
            if timeline is not None and not timeline.is_member(payment.paid_on):
                yield ctx.problem(payment.where("paid_by"), "not-member", payer=payment.paid_by,
                                  payer_name=timeline.member.name, paid_on=payment.paid_on,
                                  status=timeline.status(payment.paid_on).zh, **_who(balance))


def check_mobile(ctx: Context):
    records = ctx.records
    for balance in balances(ctx).members.values():
        timeline = records.timeline(balance.member)
        arrived = {YearMonth.of(e.date) for e in timeline.events if e.event == "transferred-in"}
        for item in _checked_items(ctx, balance):
            payment = item.payment
            months = item.months
            batch = not balance.quarterly and len(months) > 1
            if not batch and not payment.elsewhere:
                continue                  # the usual payment: one month, paid here
            away = timeline.away(payment.paid_on)
            if away is not None and batch:
                yield ctx.problem(_payment_location(item), "batch", count=len(months), months=months,
                                  paid_on=payment.paid_on, related=(away.where("event"),), **_who(balance))
            if payment.elsewhere and away is None and not any(timeline.away(min(m.last_day, ctx.as_of))
                                                                for m in months):
                if set(months) <= arrived:      # the transfer month, already paid at the previous organization
                    continue
                yield ctx.problem(payment.where("elsewhere"), "elsewhere", paid_on=payment.paid_on, **_who(balance))


# --- DUE010 ---------------------------------------------------------------------------------------

def check_paid_twice(ctx: Context):
    """DUE010: a month already paid in full by a member's earlier payment(s) is covered by another one —
    prepaid in one ledger and paid again in a later one, or written twice in one ledger. One finding
    per later payment, naming the months it pays again. Partial payments that add up are not this."""
    start = balances(ctx).start
    for balance in balances(ctx).members.values():
        again: dict[int, tuple[list[YearMonth], object]] = {}
        for line in balance.owing_lines:
            if len(line.allocations) < 2 or line.owed is None or line.owed == 0:
                continue
            ordered = sorted(line.allocations, key=lambda a: (a.payment.paid_on, a.ledger))
            settled, first = ZERO, ordered[0]
            for allocation in ordered:
                payment = allocation.payment
                if settled >= line.owed and allocation.ledger >= start and "months" not in payment.refused:
                    entry = again.setdefault(id(payment), ([], first))
                    entry[0].append(line.month)
                    break
                settled += allocation.amount
        if not again:
            continue
        items = {id(item.payment): item for item in balance.payments}
        for key, (months, first) in again.items():
            item = items.get(key)
            if item is None:
                continue
            yield ctx.problem(_payment_location(item), months=_span(months) if len(months) > 1 else str(months[0]),
                              paid_on=item.payment.paid_on, first_paid_on=first.payment.paid_on,
                              first_ledger=f"dues/{first.ledger}.yaml",
                              related=(first.payment.where("amount"),), **_who(balance))


# --- NTC005 ---------------------------------------------------------------------------------------

def check_published(ctx: Context):
    """NTC005 needs only where accounting starts, not the cards: it runs in the parent lane
    (:mod:`zhidu_cli.rules.lanes`), where computing the cards would double the dues work."""
    start = accounting_start(ctx.records)
    if start is None:
        yield from _no_ledgers(ctx)
        return
    day = ctx.param("day")
    for month in start.until(YearMonth.of(ctx.as_of)):
        deadline = publication_deadline(month, day)
        if ctx.as_of <= deadline:
            break
        ledger = ctx.records.ledgers.get(month)
        if ledger is None:
            yield ctx.problem(Location(f"dues/{month}.yaml"), "no-ledger", month=month, deadline=deadline)
        elif ledger.published is None:
            yield ctx.problem(ledger.where("month"), "missing", month=month, deadline=deadline)
        elif ledger.published > deadline:
            yield ctx.problem(ledger.where("published"), month=month, deadline=deadline, published=ledger.published,
                              days=(ledger.published - deadline).days)


# --- DUE009 ---------------------------------------------------------------------------------------

def _periods(first: YearMonth, last: YearMonth, months: int):
    """Consecutive periods of ``months`` months aligned on January (quarters: Jan–Mar, …), from ``first``'s."""
    start = YearMonth(first.year, (first.month - 1) // months * months + 1)
    while start <= last:
        yield [start + i for i in range(months)]
        start = start + months


def check_remitted(ctx: Context):
    """DUE009: what a period's ledgers collected is remitted by the ``day`` of the month after it."""
    records = ctx.records
    start = balances(ctx).start
    if start is None:
        return
    per = {"month": 1, "quarter": 3, "half-year": 6, "year": 12}[ctx.param("per")]
    day = ctx.param("day")
    for period in _periods(start, YearMonth.of(ctx.as_of), per):
        following = period[-1] + 1
        deadline = dt.date(following.year, following.month, min(day, following.last_day.day))
        if ctx.as_of <= deadline:
            break
        if any(m in records.clouded_ledger_months for m in period):
            continue        # a ledger that could not be read: what was collected is unknown (SCH reports it)
        ledgers = [records.ledgers[m] for m in period if m in records.ledgers and m >= start]
        if any(unread_fields(ledger) & {"payments", "remittance"} for ledger in ledgers):
            continue        # a payment or the remittance not wholly read: the sums are unknown
        collected = sum((p.amount for ledger in ledgers for p in ledger.payments
                         if not p.elsewhere and p.paid_on <= deadline), ZERO)
        if collected == ZERO:
            continue
        remittances = [l.remittance for l in ledgers if l.remittance is not None and l.remittance.date <= ctx.as_of]
        label = _span(period)
        where = ledgers[-1].where("remittance") if ledgers else Location(f"dues/{period[-1]}.yaml")
        facts = {"period": label, "collected": collected, "deadline": deadline}
        if not remittances:
            yield ctx.problem(where, "missing", **facts)
            continue
        remitted = sum((r.amount for r in remittances), ZERO)
        late = [r for r in remittances if r.date > deadline]
        if late:
            yield ctx.problem(late[0].where("date"), "late", remitted_on=late[0].date, **facts)
        elif remitted < collected:
            yield ctx.problem(remittances[-1].where("amount"), "short", remitted=remitted,
                              diff=collected - remitted, **facts)


# --- the rules ------------------------------------------------------------------------------------

PER_KIND = Vocabulary("remittance-period", (
    ("month", "每月", ()), ("quarter", "每季度", ("季度",)), ("half-year", "每半年", ()), ("year", "每年", ()),
)).kind()

_MEMBER = "members/wang-wu.yaml"
_EMPLOYED = "dues: {category: employed, base: [{from: 2025-01, amount: \"4000\"}]}   # 4000 × 1% = 40.00"
_WANG = (_MEMBER, f"name: 王五\ngroup: g1\nhistory:\n  - {{date: 2000-07-01, event: full}}\n{_EMPLOYED}")
_LI = ("members/li-si.yaml", "name: 李四\ngroup: g1\nhistory:\n  - {date: 2000-07-01, event: full}\n"
       "dues: {category: retired, base: [{from: 2025-01, amount: \"3000\"}]}")


def _ledger(month: str, *payments: str) -> str:
    lines = "".join(f"\n  - {{member: wang-wu, {p}}}" for p in payments)
    return f"month: {month}" + (f"\npayments:{lines}" if payments else "")


_PAID_JAN = ("dues/2025-01.yaml", _ledger("2025-01", "amount: \"40.00\", paid_on: 2025-01-05"))
_LEDGER_Q1 = _ledger("2025-03", "amount: \"40.00\", paid_on: 2025-03-05")
_REMIT = "\nremittance: {{date: {date}, amount: \"{amount}\", to: 幸福街道党工委}}"
_Q1_CONTEXT = (_WANG, _PAID_JAN, ("dues/2025-02.yaml", _ledger("2025-02", "amount: \"40.00\", paid_on: 2025-02-05")))

RULES = (
    Rule("DUE001", "dues-owed-every-month", "DUE", "党员从开始交纳之月起至转出、脱党或去世，每月都应交纳党费",
         "every member owes dues for every month from the start month until transfer-out, lapse or death",
         f"000 §六.2、§六.4《社区党支部工作制度》; {REG}第八条（新党员交纳党费的起始月份，与 000 §六.4 不一致，见 dues.start；"
         "条款序号未能对照原文核实）; 第十二条（按月交纳）", Severity.ERROR, {
             "": Message("{name}（{member}）{months} 共 {count} 个月未交党费（计 {amount} 元），而此后的月份已交",
                         "{name} ({member}) paid nothing for {months} ({count} month(s), {amount} yuan) although "
                         "later months are paid",
                         "请其补交并在当月账簿中写明 months（补交不超过六个月，见 DUE003）；有正当理由的记录 dues-deferred 事件",
                         "collect the late payment naming the months (at most six months back, DUE003); "
                         "record a dues-deferred event if there is a valid reason"),
             "transferred": Message("{name}（{member}）于 {date} 转出，{months} 共 {count} 个月的党费未交清（计 {amount} 元）",
                                    "{name} ({member}) transferred out on {date} with {months} unpaid "
                                    "({count} month(s), {amount} yuan)",
                                    "党费应交至转出当月，并在组织关系介绍信中注明交至何月",
                                    "dues are paid up to the month of transfer; note the month paid to in the "
                                    "transfer letter"),
             "no-ledgers": Message("没有任何党费帐簿：{first} 至 {last} 共 {count} 个月的党费收缴均无记录",
                                   "no dues ledger at all: the collection of {count} month(s), {first} to {last}, is "
                                   "unrecorded",
                                   "支部须建立党费帐簿（000 §六.2）：每月一个 dues/YYYY-MM.yaml（zhidu dues import 可从表格导入）",
                                   "a branch keeps a dues ledger (000 §六.2): one dues/YYYY-MM.yaml a month (zhidu dues "
                                   "import reads a spreadsheet)"),
             "no-profile": Message("{name}（{member}）没有党费档案（dues），无法核定每月应交党费",
                                   "{name} ({member}) has no dues profile, so the monthly dues cannot be assessed",
                                   "在成员文件中写 dues: {{category: employed, base: [{{from: YYYY-MM, amount: \"…\"}}]}}",
                                   "add dues: {{category: …, base: [{{from: YYYY-MM, amount: \"…\"}}]}} to the member file"),
             "not-owing": Message("{name}（{member}）不是需交纳党费的党员，{paid_on} 的缴费却包含 {months}",
                                  "{name} ({member}) owes no dues (not a party member), yet the payment of {paid_on} "
                                  "covers {months}",
                                  "核对缴费人；入党申请人、积极分子不交党费", "check the member; applicants and activists pay no dues"),
             "early": Message("{name}（{member}）{paid_on} 的缴费包含 {months}，但其党费从 {start} 起交纳",
                              "{name} ({member}): the payment of {paid_on} covers {months}, before dues start in {start}",
                              "核对月份；多交的金额结转到应交月份", "check the months; the amount is credited to the months owed"),
             "late": Message("{name}（{member}）已于 {date} {left_zh}，{paid_on} 的缴费却包含 {months}",
                             "{name} ({member}) left ({left_en}) on {date}, yet the payment of {paid_on} covers {months}",
                             "核对月份；多收的党费应退还", "check the months; dues collected for those months are refunded")},
         check=check_owed,
         examples=(Example(_ledger("2025-02", 'amount: "80.00", paid_on: 2025-02-05, months: [2025-01, 2025-02]'),
                           _ledger("2025-02", 'amount: "40.00", paid_on: 2025-02-05') + "   # 1 月没有交，2 月交了",
                           path="dues/2025-02.yaml", background="bare", as_of="2025-03-31",
                           context=(_WANG, ("dues/2025-01.yaml", "month: 2025-01"))),)),
    Rule("DUE002", "dues-amount-on-standard", "DUE", "交纳金额不低于当月类别、基数对应的标准（多交只作提示）",
         "the amount paid matches the standard for the member's category and base in force that month; paying more "
         "is allowed and only noted",
         f"{REG}第一条（交纳基数）、第二条（交纳比例）、第十一条（自愿多交党费不限）", Severity.WARNING, {
             "": Message("{name}（{member}）的党费金额与标准不符", "{name} ({member}): dues amount off the standard"),
             "under": Message("{name}（{member}）{paid_on} 交纳 {paid} 元（{months}），按标准应交 {expected} 元，少交 {diff} 元",
                              "{name} ({member}) paid {paid} yuan on {paid_on} for {months}; the standard is {expected} "
                              "yuan, {diff} short",
                              "标准：{bracket}。少交部分应补齐；基数已变的请更新成员档案 dues.base",
                              "standard: {bracket_en}. Collect the difference, or update dues.base if the income changed"),
             "over": Message("{name}（{member}）{paid_on} 交纳 {paid} 元（{months}），比标准 {expected} 元多 {diff} 元"
                             "（自愿多交党费不限，仅作提示）",
                             "{name} ({member}) paid {paid} yuan on {paid_on} for {months}, {diff} above the standard "
                             "of {expected} yuan (paying more is allowed; noted only)",
                             "标准：{bracket}。自愿多交的可在 note 中注明；误交的结转下月",
                             "standard: {bracket_en}. Note a voluntary extra in note; a mistake carries forward"),
             "no-base": Message("{name}（{member}）{months} 没有缴费基数，无法核定应交党费",
                                "{name} ({member}) has no dues base for {months}, so dues cannot be assessed",
                                "在 dues.base 中写 {{from: YYYY-MM, amount: \"税后月收入\"}}",
                                "add {{from: YYYY-MM, amount: \"monthly income after tax\"}} to dues.base"),
             "bad-base": Message("{name}（{member}）{months} 的缴费基数小于个人缴纳的社会保险，无法核定",
                                 "{name} ({member}): for {months} the social insurance exceeds the base",
                                 "核对 dues.base 的 amount 与 social_insurance", "check amount and social_insurance in dues.base"),
             "no-waiver": Message("{name}（{member}）为困难党员，但 {months} 没有党费减免决定，无法核定应交党费",
                                  "{name} ({member}) is in hardship but no dues-waiver decision covers {months}",
                                  "困难党员少交或免交党费，须经支部研究、报上级党委批准（决定 kind: dues-waiver，写明 waiver）",
                                  "reduced or exempt dues need a branch decision approved upstream "
                                  "(kind: dues-waiver with waiver: {{from, to, amount}})"),
             "range": Message("{name}（{member}）自选的月交纳金额 {amount} 元不在{category}标准 {minimum}–{maximum} 元之间",
                              "{name} ({member}): the chosen monthly amount {amount} is outside the {category_en} "
                              "range {minimum}–{maximum}",
                              "改为标准范围内的金额；未改前按标准金额核定", "choose an amount in the range; the standard amount applies meanwhile"),
             "amount-unused": Message("{name}（{member}）为{category}党员，按基数计算党费，dues.amount 不起作用",
                                      "{name} ({member}) is {category_en}: dues are a rate on the base, dues.amount is not used",
                                      "删除 dues.amount，或在 dues.base 中记录基数", "remove dues.amount, or record the base in dues.base"),
             "unapproved": Message("党费减免决定 {decision}（{subject}）未记录上级党委的批准",
                                   "dues-waiver decision {decision} ({subject}) has no recorded upper approval",
                                   "困难党员减免党费须报上一级党委批准：在决定中写 approval: {{date, by}}",
                                   "a waiver needs the upper organization's approval: add approval: {{date, by}}")},
         check=check_amounts,
         examples=(Example(_ledger("2025-01", 'amount: "40.00", paid_on: 2025-01-05'),
                           _ledger("2025-01", 'amount: "20.00", paid_on: 2025-01-05') + "   # 少交 20.00",
                           path="dues/2025-01.yaml", background="bare", as_of="2025-01-31", context=(_WANG,)),
                   Example(_ledger("2025-01", 'amount: "40.00", paid_on: 2025-01-05'),
                           _ledger("2025-01", 'amount: "50.00", paid_on: 2025-01-05, note: 自愿多交')
                           + "   # 多交 10.00：只作提示（info）",
                           path="dues/2025-01.yaml", background="bare", as_of="2025-01-31", context=(_WANG,),
                           note="多交党费不限（2008 规定 第十一条）：提示级别 / paying more is allowed: info"))),
    Rule("DUE003", "late-payment-limit", "DUE", "补交党费不超过六个月", "a late payment covers at most 6 months back",
         f"000 §六.1《社区党支部工作制度》; {REG}第十二条（补交不超过六个月）", Severity.ERROR, {
             "": Message("{name}（{member}）{paid_on} 补交 {months} 的党费，最早的已过去 {back} 个月，超过 {limit} 个月",
                         "{name} ({member}) paid on {paid_on} for {months}, {back} months back: more than {limit}",
                         "补交时间不得超过六个月，从缴费日期所在月份往前数（7 月可补交 1 月，不能补交上年 12 月）；"
                         "超过的情况应报支部研究处理（连续六个月不交按自行脱党处理）",
                         "late payment may reach six months back, counted from the month of payment (July may pay "
                         "January, not the December before); bring older arrears to the branch "
                         "(six months unpaid means lapse)")},
         check=check_late,
         params=(Param("months", INT, 6, "补交最多可追溯的月数（按缴费月份计，6 个月前仍可补交，7 个月前不可）",
                       "how many months back from the month of payment a late payment may reach (6 back is "
                       "allowed, 7 is not)"),),
         examples=(Example(_ledger("2025-07", 'amount: "40.00", paid_on: 2025-07-05, months: [2025-01]') + "   # 6 个月前",
                           _ledger("2025-07", 'amount: "40.00", paid_on: 2025-07-05, months: [2024-12]') + "   # 7 个月前",
                           path="dues/2025-07.yaml", background="bare", as_of="2025-07-31", context=(_WANG,)),)),
    Rule("DUE004", "prepayment-limit", "DUE", "预交党费不超过六个月", "a prepayment covers at most 6 months ahead",
         f"{REG}第十二条（预交；预交期限为通行做法）", Severity.WARNING, {
             "": Message("{name}（{member}）{paid_on} 预交到 {months}，提前 {ahead} 个月，超过 {limit} 个月",
                         "{name} ({member}) paid on {paid_on} for {months}, {ahead} months ahead: more than {limit}",
                         "预交一般不超过六个月，从缴费日期所在月份往后数（1 月最多预交到 7 月）；收入变化后须按新基数补差",
                         "prepay at most six months ahead, counted from the month of payment (January may pay up "
                         "to July); a change of income changes the amount due")},
         check=check_prepaid,
         params=(Param("months", INT, 6, "预交最多可提前的月数（按缴费月份计，6 个月后仍可，7 个月后不可）",
                       "how many months ahead of the month of payment a prepayment may reach (6 ahead is "
                       "allowed, 7 is not)"),),
         examples=(Example(_ledger("2025-01", 'amount: "40.00", paid_on: 2025-01-05, months: [2025-07]') + "   # 提前 6 个月",
                           _ledger("2025-01", 'amount: "40.00", paid_on: 2025-01-05, months: [2025-08]') + "   # 提前 7 个月",
                           path="dues/2025-01.yaml", background="bare", as_of="2025-01-31", context=(_WANG,)),)),
    Rule("DUE005", "arrears-lapse-risk", "DUE", "连续 3 个月未交党费预警，满 6 个月须按自行脱党处理",
         "consecutive unpaid months: warn at 3, at 6 the lapse (自行脱党) must be handled by the general assembly",
         f"000 §六.5《社区党支部工作制度》; 004 党员教育管理制度 7; {CHARTER}第九条", Severity.WARNING, {
             "": Message("{name}（{member}）自 {since} 起已连续 {count} 个月未交党费（计 {amount} 元）；满 {limit} 个月将按"
                         "自行脱党处理，最迟须在 {deadline} 前交纳",
                         "{name} ({member}) has paid nothing for {count} consecutive months since {since} "
                         "({amount} yuan); at {limit} months it is a lapse — pay by {deadline}",
                         "只计已结束的月份（当月月底前交纳不算欠交）。及时提醒、批评教育；有正当理由的在成员档案中记录 "
                         "dues-deferred 事件（写明 until 和 reason）",
                         "only months that have ended count (the current month is not late before its last day). "
                         "Remind the member now; if there is a valid reason record a dues-deferred event "
                         "(with until and reason)"),
             "lapse": Message("{name}（{member}）自 {since} 起已连续 {count} 个月未交党费（计 {amount} 元），"
                              "无正当理由的应按自行脱党处理",
                              "{name} ({member}) has paid nothing for {count} consecutive months since {since} "
                              "({amount} yuan): without a valid reason this is a lapse (自行脱党)",
                              "提交支部党员大会讨论，作出自行脱党处理决定（kind: lapse）并报上级党委；有正当理由的记录 "
                              "dues-deferred 事件",
                              "put it to the general assembly (a decision of kind lapse) and report upstream; "
                              "if there is a valid reason record a dues-deferred event")},
         check=check_arrears,
         params=(Param("warn_months", INT, 3, "连续未交多少个月开始预警（只计已结束的月份）",
                       "consecutive unpaid months that raise a warning (only months that have ended count)"),
                 Param("error_months", INT, 6, "连续未交多少个月须按自行脱党处理（错误；只计已结束的月份：1 月交过、"
                       "此后未交，7 月 15 日为 5 个月，7 月 31 日为 6 个月）",
                       "consecutive unpaid months that are a lapse (error; only months that have ended count: paid "
                       "January and nothing since is 5 months on 15 July, 6 on 31 July)")),
         examples=(Example(_ledger("2025-02", 'amount: "40.00", paid_on: 2025-02-05') + "   # 3、4 月未交：2 个月",
                           _ledger("2025-02") + "   # 2、3、4 月未交：3 个月，预警",
                           path="dues/2025-02.yaml", background="bare", as_of="2025-05-01", context=(_WANG, _PAID_JAN)),)),
    Rule("DUE006", "proxy-payer-recorded", "DUE", "委托他人代交党费须记录代交人",
         "a proxy payment records its payer", f"000 §六.1《社区党支部工作制度》; {REG}第十二条（委托他人代交）", Severity.WARNING, {
             "": Message("{name}（{member}）的代交记录不完整", "{name} ({member}): proxy payment incompletely recorded"),
             "note": Message("{name}（{member}）{paid_on} 的党费备注为代交，但没有记录代交人",
                             "{name} ({member}): the payment of {paid_on} is noted as paid by proxy but names no payer",
                             "由党员代交的写 paid_by: 成员编号；由家属代交的在 note 中写明（如 由女儿代交）",
                             "write paid_by: <member id> for a member; name the relative in the note otherwise"),
             "not-member": Message("{name}（{member}）{paid_on} 的党费由 {payer_name}（{payer}）代交，但其当时不是党员（{status}）",
                                   "{name} ({member}): the payment of {paid_on} was made by {payer_name} ({payer}), who "
                                   "was not a party member then ({status})",
                                   "代交应委托其他党员，并经支部同意；核对 paid_by",
                                   "a proxy is another party member, with the branch's consent; check paid_by")},
         check=check_proxy,
         examples=(Example(_ledger("2025-01", 'amount: "40.00", paid_on: 2025-01-05, paid_by: li-si'),
                           _ledger("2025-01", 'amount: "40.00", paid_on: 2025-01-05, note: 他人代交'),
                           path="dues/2025-01.yaml", background="bare", as_of="2025-01-31", context=(_WANG, _LI)),)),
    Rule("DUE007", "mobile-members-pay-monthly", "DUE",
         "流动党员按月交纳（经同意可按季），可在流入地交纳并记录",
         "mobile members pay monthly (quarterly when agreed) and may pay where they are, recorded as paid elsewhere",
         f"000 §七.3《社区党支部工作制度》; {REG}第十二条（按月交纳，流动党员可按季）", Severity.WARNING, {
             "": Message("{name}（{member}）的流动党员党费记录有误", "{name} ({member}): mobile member's dues record"),
             "batch": Message("{name}（{member}）外出期间 {paid_on} 一次交纳 {count} 个月（{months}），未记录按季交纳的约定",
                              "{name} ({member}) is away and paid {count} months at once on {paid_on} ({months}) "
                              "without a recorded agreement to pay quarterly",
                              "流动党员原则上按月交纳；确有困难经支部同意按季交纳的，在成员档案中写 dues.quarterly: true",
                              "mobile members pay monthly; if the branch agreed to quarterly payment write "
                              "dues.quarterly: true in the member file"),
             "elsewhere": Message("{name}（{member}）{paid_on} 的党费记为在外地交纳，但其当时未外出",
                                  "{name} ({member}): the payment of {paid_on} is recorded as paid elsewhere but the "
                                  "member was not away",
                                  "在外地交纳仅适用于流动党员：核对 elsewhere，或记录 away 事件",
                                  "paying elsewhere is for mobile members: check elsewhere, or record the away event")},
         check=check_mobile,
         examples=(Example(_ledger("2025-03", 'amount: "40.00", paid_on: 2025-03-05') + "   # 外出期间按月交纳",
                           _ledger("2025-03", 'amount: "120.00", paid_on: 2025-03-05, months: [2025-03, 2025-04, 2025-05]')
                           + "   # 未约定按季",
                           path="dues/2025-03.yaml", background="bare", as_of="2025-03-31",
                           context=((_MEMBER, _WANG[1].replace("event: full}", "event: full}\n  - {date: 2025-02-01, event: away, "
                                     "place: 广东, fixed_place: false, certificate: card, reason: 务工, contact: 微信}")),)),)),
    Rule("DUE008", "new-base-from-income-month", "DUE", "收入变化后，自新收入开始之月起按新基数交纳",
         "a new base applies from the month the new income starts", f"{REG}第十条（收入变化后从变化之月起按新基数交纳）", Severity.INFO, {
             "": Message("{name}（{member}）{paid_on} 按原基数交纳 {paid} 元（{months}），但自 {month} 起适用新基数，"
                         "应为 {expected} 元，差额 {diff} 元待{direction}",
                         "{name} ({member}) paid {paid} yuan on {paid_on} for {months} at the old base, but a new base "
                         "applies from {month}: {expected} yuan, {diff} {direction_en}",
                         "收入变化从变化当月起按新基数计算；在下次缴费时补齐或退还差额",
                         "the new base counts from the month the income changed; settle the difference at the next payment"),
             "duplicate": Message("{name}（{member}）有两条自 {month} 起的缴费基数，以后一条为准",
                                  "{name} ({member}) has two dues bases from {month}; the later one is used",
                                  "删除多余的一条", "remove the extra entry")},
         check=check_base_changes,
         examples=(Example(_ledger("2025-01", 'amount: "120.00", paid_on: 2025-01-05, months: [2025-01, 2025-02, 2025-03]'),
                           _ledger("2025-01", 'amount: "240.00", paid_on: 2025-01-05, months: [2025-01, 2025-02, 2025-03, '
                                   '2025-04, 2025-05, 2025-06]') + "   # 4 月起基数 6000（90.00），差额待补交",
                           path="dues/2025-01.yaml", background="bare", as_of="2025-01-31",
                           context=((_MEMBER, "name: 王五\ngroup: g1\nhistory:\n  - {date: 2000-07-01, event: full}\n"
                                     "dues: {category: employed, base: [{from: 2025-01, amount: \"4000\"}, "
                                     "{from: 2025-04, amount: \"6000\"}]}"),)),)),
    Rule("DUE010", "month-paid-twice", "DUE", "同一党员同一月份的党费不重复交纳、不重复登记",
         "a member's dues for a month are paid and recorded once", f"{REG}第八条", Severity.WARNING, {
             "": Message("{name}（{member}）{months} 的党费已于 {first_paid_on} 交清（{first_ledger}），{paid_on} 又交纳一次",
                         "{name} ({member}) had paid {months} in full on {first_paid_on} ({first_ledger}), and paid "
                         "it again on {paid_on}",
                         "若是重复登记，删除其中一笔；若确为预交后又交，写明这笔所缴的月份（months），或退还多收的党费",
                         "if it was recorded twice, delete one; if the member really paid twice, give the months this "
                         "payment is for (months:), or refund it")},
         check=check_paid_twice,
         examples=(Example("month: 2025-03   # 3 月已在 2 月预交，不再登记",
                           _ledger("2025-03", 'amount: "40.00", paid_on: 2025-03-05') + "   # 又交一次 3 月",
                           path="dues/2025-03.yaml", background="bare", as_of="2025-03-31",
                           context=(_WANG, ("dues/2025-02.yaml", _ledger(
                               "2025-02", 'amount: "80.00", paid_on: 2025-02-05, months: [2025-02, 2025-03]')))),)),
    Rule("NTC005", "dues-published-monthly", "NTC", "每月公布党费收缴情况（次月 10 日前）",
         "the dues collection is published every month (by the 10th of the next month)",
         "000 §六.2《社区党支部工作制度》", Severity.WARNING, {
             "": Message("{month} 的党费收缴情况于 {published} 公布，晚于 {deadline}（迟 {days} 天）",
                         "dues for {month} were published on {published}, after {deadline} ({days} days late)",
                         "每月收缴后及时在党务公开栏公布", "publish each month's collection on the notice board promptly"),
             "missing": Message("{month} 的党费账簿没有记录公布日期（应在 {deadline} 前公布）",
                                "the dues ledger of {month} has no publication date (due by {deadline})",
                                "公布后在账簿中写 published: YYYY-MM-DD；zhidu render 可生成公示",
                                "write published: YYYY-MM-DD once posted; zhidu render can produce the notice"),
             "no-ledgers": Message("没有任何党费帐簿：{first} 至 {last} 共 {count} 个月的收缴情况均未公布",
                                   "no dues ledger at all: the collection of {count} month(s), {first} to {last}, was "
                                   "never published",
                                   "建立党费帐簿并每月在党务公开栏公布收缴情况",
                                   "keep the ledger and publish each month's collection on the notice board"),
             "no-ledger": Message("没有 {month} 的党费账簿，收缴情况未按月公布（应在 {deadline} 前）",
                                  "no dues ledger for {month}: the collection was not published (due by {deadline})",
                                  "新建 dues/{month}.yaml（可用 zhidu dues import），公布后写 published",
                                  "create dues/{month}.yaml (zhidu dues import helps) and record published")},
         check=check_published,
         params=(Param("day", INT, 10, "次月几日前公布（含当日）", "publish by this day of the next month (inclusive)"),),
         examples=(Example(_ledger("2025-03", 'amount: "40.00", paid_on: 2025-03-05') + "\npublished: 2025-04-10",
                           _ledger("2025-03", 'amount: "40.00", paid_on: 2025-03-05') + "\npublished: 2025-04-11   # 晚于 4 月 10 日",
                           path="dues/2025-03.yaml", background="bare", as_of="2025-04-30", context=(_WANG,)),)),
    Rule("DUE009", "dues-remitted", "DUE", "收缴的党费按期、足额上缴上级党委",
         "dues collected are remitted (上缴) to the upper organization on schedule, in full",
         f"000 §六.2《社区党支部工作制度》（按期、按标准收取和上缴）; {REG}（党费上缴的规定；期限由地方规定，条款序号未核实）",
         Severity.WARNING, {
             "": Message("{period} 收缴的党费上缴有误", "dues of {period}: remittance incomplete"),
             "missing": Message("{period} 收缴党费 {collected} 元，{deadline} 前未见上缴上级党委的记录",
                                "{collected} yuan collected in {period}; no remittance to the upper organization by "
                                "{deadline}",
                                "上缴后在该期最后一个月的账簿中写 remittance: {{date: …, amount: \"…\", to: 街道党工委}}",
                                "record remittance: {{date, amount, to}} on the period's last ledger"),
             "late": Message("{period} 收缴的党费于 {remitted_on} 才上缴，晚于 {deadline}",
                             "the dues of {period} were remitted on {remitted_on}, after {deadline}",
                             "按期上缴", "remit on schedule"),
             "short": Message("{period} 收缴党费 {collected} 元，只上缴 {remitted} 元，少 {diff} 元",
                              "{collected} yuan collected in {period} but only {remitted} remitted ({diff} short)",
                              "足额上缴；留存部分须有上级党委的规定", "remit it in full (a share kept needs an upper rule)")},
         check=check_remitted,
         params=(Param("per", PER_KIND, "quarter", "上缴周期：month / quarter / half-year / year（地方规定）",
                       "how often dues are remitted: month, quarter, half-year or year (a local rule)"),
                 Param("day", INT, 15, "周期结束后次月几日前上缴（含当日）",
                       "remit by this day of the month after the period (inclusive)")),
         examples=(Example(_LEDGER_Q1 + _REMIT.format(date="2025-04-15", amount="120.00"),
                           _LEDGER_Q1 + _REMIT.format(date="2025-04-16", amount="120.00") + "  # 晚于 4 月 15 日",
                           path="dues/2025-03.yaml", background="bare", context=_Q1_CONTEXT),
                   Example(_LEDGER_Q1 + _REMIT.format(date="2025-04-10", amount="120.00"),
                           _LEDGER_Q1 + _REMIT.format(date="2025-04-10", amount="80.00") + "  # 少缴 40.00",
                           path="dues/2025-03.yaml", background="bare", context=_Q1_CONTEXT))),
)
