"""What ``zhidu dues`` shows and what the monthly dues notice needs, as plain data.

* :func:`dues_table` — per member (or, with ``member=``, per month of one member): owed, paid,
  balance and months behind for a month or a year, with branch totals. "Paid" here is what was paid
  *for* the months shown, whenever it was paid; the balance is the member's net position at the end
  of the period (credit, prepayments made by then included, minus arrears; negative: the member
  owes), as known on the as-of date (:meth:`MemberBalance.balance_at`).
* :func:`monthly_disclosure` — the figures of one month's collection for the notice (000 §六.2
  按月公布党费收缴情况): how many owed, paid, did not pay; the cash received in that month's ledger
  and the amount paid elsewhere; the remittance; one line per member with name and group only —
  never a phone number, an ID number, an address or the income base behind the amount.
* :func:`table_json` / :func:`table_csv` — the machine formats of a table (money as "12.50" text).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from zhidu_cli.dues.balances import (EXEMPT, OUTSIDE, PAID, PARTIAL, UNKNOWN, UNPAID, Balances, MemberBalance,
                                     MonthLine, compute_balances)
from zhidu_cli.dues.money import format_money
from zhidu_cli.dues.standard import DuesStandard
from zhidu_cli.schedule.months import YearMonth

ZERO = Decimal("0.00")
WARN, LAPSE = "warn", "lapse"
NOT_DUE = "not-due"      # the month in progress, not (fully) paid yet: not late until it has ended
STATUS_ZH = {PAID: "已交", PARTIAL: "未交足", UNPAID: "未交", EXEMPT: "免交", UNKNOWN: "未核定", OUTSIDE: "不需交纳",
             NOT_DUE: "本月未满"}
STATUS_EN = {PAID: "paid", PARTIAL: "partial", UNPAID: "unpaid", EXEMPT: "exempt", UNKNOWN: "unassessed",
             OUTSIDE: "not owed", NOT_DUE: "month in progress"}


def shown_status(line: MonthLine) -> str:
    """A month's status as a table shows it: the month in progress is not unpaid, only not over yet."""
    if not line.due and line.owes and line.status in (UNPAID, PARTIAL):
        return NOT_DUE
    return line.status


@dataclass(frozen=True)
class Row:
    """One line of the table: a member (``month`` None) or one month of a member's card."""

    member: str
    name: str
    group: str | None
    owed: Decimal
    paid: Decimal
    balance: Decimal
    behind: int
    risk: str = ""                 # "" | "warn" (≥ warn months behind) | "lapse" (≥ lapse months)
    month: YearMonth | None = None
    status: str = ""               # the month's status (per-month rows, or a one-month table)
    unassessed: int = 0            # months whose amount could not be assessed
    group_name: str | None = None


@dataclass(frozen=True)
class DuesTable:
    first: YearMonth
    last: YearMonth
    as_of: dt.date
    rows: tuple[Row, ...]
    member: str | None = None      # set when the rows are the months of one member

    @property
    def owed(self) -> Decimal:
        return sum((r.owed for r in self.rows), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((r.paid for r in self.rows), ZERO)

    @property
    def balance(self) -> Decimal:
        """Per-member tables: the sum of the members' balances; a member's card: the last balance."""
        if self.member is not None:
            return self.rows[-1].balance if self.rows else ZERO
        return sum((r.balance for r in self.rows), ZERO)

    @property
    def at_risk(self) -> int:
        return sum(1 for r in self.rows if r.risk) if self.member is None else (1 if self.rows and self.rows[-1].risk else 0)


def _risk(behind: int, warn: int, lapse: int) -> str:
    return LAPSE if behind >= lapse else WARN if behind >= warn else ""


def dues_table(balances: Balances, first: YearMonth, last: YearMonth, *, member: str | None = None,
               warn: int = 3, lapse: int = 6, groups: Mapping[str, str] | None = None) -> DuesTable:
    """The table for months ``first``..``last`` (both included) of every member, or of one member.

    ``groups`` maps group ids to names (from zhidu.yaml) for the rows' ``group_name``.
    """
    groups = groups or {}
    if member is not None:
        balance = balances.get(member)
        lines = [l for l in balance.lines if first <= l.month <= last] if balance else []
        rows = tuple(_month_row(balance, line, warn, lapse, groups) for line in lines)
        return DuesTable(first, last, balances.as_of, rows, member)
    rows = []
    for balance in balances.members.values():
        inside = [l for l in balance.lines if first <= l.month <= last]
        if not inside:
            continue
        figures = balance.period(first, last)
        status = shown_status(inside[0]) if first == last else ""
        risk = "" if _left_by(balance, last) else _risk(figures.behind, warn, lapse)
        rows.append(Row(balance.member, balance.name, balance.group, figures.owed, figures.paid, figures.balance,
                        figures.behind, risk, None, status, figures.unassessed, groups.get(balance.group)))
    return DuesTable(first, last, balances.as_of, tuple(rows))


def _left_by(balance: MemberBalance, month: YearMonth) -> bool:
    """Whether the member had left (transfer, death, lapse …) by the end of ``month``: the unpaid
    months of a member who left are settled at the transfer or not pursued, never a lapse risk."""
    return balance.ended is not None and YearMonth.of(balance.ended.date) <= month


def _month_row(balance: MemberBalance, line: MonthLine, warn: int, lapse: int, groups: Mapping[str, str]) -> Row:
    at_risk = line.owes and not _left_by(balance, line.month)
    return Row(balance.member, balance.name, balance.group,
               line.owed_so_far if line.owes and line.owed is not None else ZERO,
               line.paid, balance.balance_at(line.month), line.streak if line.owes else 0,
               _risk(line.streak, warn, lapse) if at_risk else "", line.month, shown_status(line),
               1 if line.owes and line.owed is None else 0, groups.get(balance.group))


# --- machine formats ---------------------------------------------------------------------------------

def _status_text(status: str, lang: str) -> str:
    return (STATUS_EN if lang == "en" else STATUS_ZH).get(status, status)


def table_json(table: DuesTable) -> str:
    def row(r: Row) -> dict:
        item = {"member": r.member, "name": r.name, "group": r.group, "group_name": r.group_name}
        if r.month is not None:
            item["month"] = str(r.month)
        item.update(owed=format_money(r.owed), paid=format_money(r.paid), balance=format_money(r.balance),
                    behind=r.behind, risk=r.risk or None)
        if r.status:
            item["status"] = r.status
        if r.unassessed:
            item["unassessed_months"] = r.unassessed
        return item

    data = {"as_of": table.as_of.isoformat(), "from": str(table.first), "to": str(table.last),
            "member": table.member, "rows": [row(r) for r in table.rows],
            "totals": {"owed": format_money(table.owed), "paid": format_money(table.paid),
                       "balance": format_money(table.balance), "at_risk": table.at_risk}}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


CSV_HEADERS = {
    "zh": ("编号", "姓名", "党小组", "月份", "应交", "已交", "结余", "连续未交月数", "状态", "风险"),
    "en": ("id", "name", "group", "month", "owed", "paid", "balance", "months_behind", "status", "risk"),
}


_RISK_TEXT = {False: {WARN: "预警", LAPSE: "须处理"}, True: {WARN: "warning", LAPSE: "lapse"}}


def table_csv(table: DuesTable, lang: str = "zh") -> str:
    """One row per table row, a header in the chosen language, no totals row (sum it in the sheet)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADERS["en" if lang == "en" else "zh"])
    for r in table.rows:
        writer.writerow((r.member, r.name, r.group_name or r.group or "", str(r.month) if r.month else "", format_money(r.owed),
                         format_money(r.paid), format_money(r.balance), r.behind,
                         _status_text(r.status, lang) if r.status else "", _RISK_TEXT[lang == "en"].get(r.risk, "")))
    return out.getvalue()


# --- the monthly disclosure -----------------------------------------------------------------------------

@dataclass(frozen=True)
class DisclosureLine:
    """One member in a month's dues notice: nothing private (no phone, ID number, address or base)."""

    member: str                     # member id
    name: str
    group: str | None               # group id that month
    group_name: str | None
    status: str                     # paid | partial | unpaid | exempt | unknown | outside (did not owe)
    owed: Decimal | None            # the month's standard amount (None: not assessed; 0.00: not owed)
    paid: Decimal                   # paid for this month, whenever
    received: Decimal               # received in this month's ledger (cash), excluding paid elsewhere
    received_months: tuple[YearMonth, ...]   # the months that money was for
    elsewhere: Decimal              # paid at another organization, recorded in this month's ledger
    proxy: bool                     # some of it was paid by someone else (paid_by)
    behind: int                     # consecutive unpaid months at the end of the month


@dataclass(frozen=True)
class MonthlyFigures:
    month: YearMonth
    as_of: dt.date
    branch: str                     # short name, else full name
    members: int                    # members who owed dues this month
    paid_count: int                 # … whose month is settled (status paid or unknown)
    partial_count: int
    unpaid_count: int
    exempt_count: int
    owed: Decimal                   # total of the month's standard amounts
    paid: Decimal                   # total paid for the month
    collected: Decimal              # cash received in the month's ledger (Σ lines.received)
    collected_elsewhere: Decimal    # Σ lines.elsewhere
    remitted: Decimal | None        # remittance to the upper organization recorded in the ledger
    remitted_on: dt.date | None
    remitted_to: str | None
    published: dt.date | None
    ledger: bool                    # a ledger file exists for the month
    lines: tuple[DisclosureLine, ...]   # by group (branch order), then member id


def monthly_disclosure(records, standard: DuesStandard, month: YearMonth, as_of: dt.date, *,
                       start: str = "assembly", balances: Balances | None = None) -> MonthlyFigures:
    """The figures of ``month``'s collection as known on ``as_of`` (pass ``balances`` to reuse them)."""
    if balances is None:
        balances = compute_balances(records, standard, as_of, start=start)
    ledger = records.ledgers.get(month)
    received: dict[str, list] = {}
    for payment in ledger.payments if ledger else ():
        if payment.paid_on <= as_of and payment.member in records.members:
            received.setdefault(payment.member, []).append(payment)
    groups = {g.id: g.name for g in records.branch.groups} if records.branch else {}
    order = {gid: i for i, gid in enumerate(groups)}

    lines = []
    for member_id, balance in balances.members.items():
        line = balance.line(month)
        payments = received.get(member_id, [])
        if (line is None or not line.owes) and not payments:
            continue
        group = records.timeline(member_id).group(min(month.last_day, as_of))
        cash = [p for p in payments if not p.elsewhere]
        months = tuple(sorted({m for p in cash for m in ledger.covered_months(p)}))
        lines.append(DisclosureLine(
            member=member_id, name=balance.name, group=group, group_name=groups.get(group),
            status=line.status if line is not None else OUTSIDE,
            owed=(line.owed if line.owes else ZERO) if line is not None else ZERO,
            paid=line.paid if line is not None else ZERO,
            received=sum((p.amount for p in cash), ZERO), received_months=months,
            elsewhere=sum((p.amount for p in payments if p.elsewhere), ZERO),
            proxy=any(p.paid_by and p.paid_by != member_id for p in payments),
            behind=line.streak if line is not None and line.owes else 0))
    lines.sort(key=lambda l: (order.get(l.group, len(order)), l.member))
    owing = [l for l in lines if l.status != OUTSIDE]
    remittance = ledger.remittance if ledger else None
    branch = records.branch
    return MonthlyFigures(
        month=month, as_of=as_of, branch=(branch.short_name or branch.name) if branch else "",
        members=len(owing),
        paid_count=sum(1 for l in owing if l.status in (PAID, UNKNOWN)),
        partial_count=sum(1 for l in owing if l.status == PARTIAL),
        unpaid_count=sum(1 for l in owing if l.status == UNPAID),
        exempt_count=sum(1 for l in owing if l.status == EXEMPT),
        owed=sum((l.owed for l in owing if l.owed is not None), ZERO),
        paid=sum((l.paid for l in owing), ZERO),
        collected=sum((l.received for l in lines), ZERO),
        collected_elsewhere=sum((l.elsewhere for l in lines), ZERO),
        remitted=remittance.amount if remittance and remittance.date <= as_of else None,
        remitted_on=remittance.date if remittance and remittance.date <= as_of else None,
        remitted_to=remittance.to if remittance and remittance.date <= as_of else None,
        published=ledger.published if ledger and ledger.published and ledger.published <= as_of else None,
        ledger=ledger is not None, lines=tuple(lines))
