"""The dues workbook a treasurer keeps in Excel, for one year: ledger, remittances, balances.

Four sheets, every figure from the same computation as ``zhidu dues`` and the DUE rules
(:func:`zhidu_cli.dues.balances.compute_balances`, :func:`zhidu_cli.dues.report.dues_table`):

* **收缴台账** (ledger) — every payment written in the year's ledgers, in ledger and file order:
  the ledger month, member id and name, group, amount, date paid, the months it is for, who paid
  it for the member, paid elsewhere, note; a 合计 row with the sum of the amounts.
* **上缴记录** (remittances) — each month's remittance to the upper committee, with a 合计 row.
* **年度结余** (balances) — per member: owed and paid for the year's months, the balance at the
  end of the year (or of the as-of month, if earlier), consecutive months behind, the DUE005 risk.
* **逐月明细** (month by month) — per member and month: owed, paid, status, balance.

Amounts are Decimal cells with two decimals; the sums in the 合计 rows are computed here, so a
sheet read without formulas shows them too. A private value typed into a note (a phone number, say)
is masked, as in every rendered document.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zhidu_cli.dues.balances import Balances
from zhidu_cli.dues.report import STATUS_ZH, dues_table
from zhidu_cli.exchange.sheets import DATE, INT, MONEY, TEXT, Column, Sheet, masked
from zhidu_cli.schedule.months import YearMonth

ZERO = Decimal("0.00")
RISK_ZH = {"warn": "预警", "lapse": "须处理"}

LEDGER_COLUMNS = (
    Column("ledger", "账簿月份", TEXT, 10), Column("id", "编号", TEXT, 16), Column("name", "姓名", TEXT, 10),
    Column("group", "党小组", TEXT, 24), Column("amount", "金额（元）", MONEY, 12),
    Column("paid_on", "缴纳日期", DATE, 12), Column("months", "所缴月份", TEXT, 22),
    Column("paid_by", "代缴人", TEXT, 10), Column("elsewhere", "在外地交纳", TEXT, 10), Column("note", "备注", TEXT, 30),
)
REMITTANCE_COLUMNS = (
    Column("ledger", "账簿月份", TEXT, 10), Column("date", "上缴日期", DATE, 12),
    Column("amount", "上缴金额（元）", MONEY, 14), Column("to", "上缴对象", TEXT, 30),
)
BALANCE_COLUMNS = (
    Column("id", "编号", TEXT, 16), Column("name", "姓名", TEXT, 10), Column("group", "党小组", TEXT, 24),
    Column("owed", "应交（元）", MONEY, 12), Column("paid", "已交（元）", MONEY, 12),
    Column("balance", "结余（元）", MONEY, 12), Column("behind", "连续未交月数", INT, 12),
    Column("risk", "风险", TEXT, 8),
)
MONTH_COLUMNS = (
    Column("id", "编号", TEXT, 16), Column("name", "姓名", TEXT, 10), Column("group", "党小组", TEXT, 24),
    Column("month", "月份", TEXT, 10), Column("owed", "应交（元）", MONEY, 12), Column("paid", "已交（元）", MONEY, 12),
    Column("status", "状态", TEXT, 10), Column("balance", "结余（元）", MONEY, 12),
)


def _name(records, member_id: str | None) -> str:
    member = records.members.get(member_id) if member_id else None
    return member.name if member is not None else (member_id or "")


def dues_sheets(records, balances: Balances, year: int, *, groups: dict[str, str], warn: int = 3,
                lapse: int = 6) -> list[Sheet]:
    """The four sheets of ``year`` as known on ``balances.as_of`` (see the module docstring)."""
    as_of: dt.date = balances.as_of
    branch = records.branch.name if records.branch else ""
    first, last = YearMonth(year, 1), min(YearMonth(year, 12), YearMonth.of(as_of))
    ledgers = [records.ledgers[month] for month in sorted(records.ledgers) if month.year == year]

    ledger_rows = []
    for ledger in ledgers:
        for payment in ledger.payments:
            if payment.paid_on > as_of:
                continue
            timeline = records.timelines.get(payment.member)
            group = timeline.group(payment.paid_on) if timeline is not None else None
            ledger_rows.append((str(ledger.month), payment.member, _name(records, payment.member),
                                groups.get(group, group) if group else None, payment.amount, payment.paid_on,
                                "、".join(str(m) for m in ledger.covered_months(payment)),
                                _name(records, payment.paid_by) or None, "是" if payment.elsewhere else None,
                                payment.note))
    remittances = [(str(ledger.month), ledger.remittance.date, ledger.remittance.amount, ledger.remittance.to)
                   for ledger in ledgers if ledger.remittance is not None and ledger.remittance.date <= as_of]

    table = dues_table(balances, first, last, warn=warn, lapse=lapse, groups=groups)
    balance_rows = [(row.member, row.name, row.group_name or row.group, row.owed, row.paid, row.balance,
                     row.behind, RISK_ZH.get(row.risk)) for row in table.rows]
    month_rows = []
    for member_id in balances.members:
        card = dues_table(balances, first, last, member=member_id, warn=warn, lapse=lapse, groups=groups)
        month_rows += [(row.member, row.name, row.group_name or row.group, str(row.month), row.owed, row.paid,
                        STATUS_ZH.get(row.status, row.status), row.balance) for row in card.rows]

    period = f"{year}年" if last.month == 12 else f"{year}年1—{last.month}月"
    known = f"截至{as_of.year}年{as_of.month}月{as_of.day}日"
    return [masked(sheet, records) for sheet in (
        Sheet("收缴台账", f"{branch}{period}党费收缴台账", LEDGER_COLUMNS, tuple(ledger_rows),
              totals=("合计", None, f"{len(ledger_rows)}笔", None, sum((r[4] for r in ledger_rows), ZERO),
                      None, None, None, None, None)),
        Sheet("上缴记录", f"{branch}{period}党费上缴记录", REMITTANCE_COLUMNS, tuple(remittances),
              totals=("合计", None, sum((r[2] for r in remittances), ZERO), None), landscape=False),
        Sheet("年度结余", f"{branch}{period}党费结余（{known}）", BALANCE_COLUMNS, tuple(balance_rows),
              notes=(f"结余为负数表示欠交；连续未交满{warn}个月预警，满{lapse}个月须按自行脱党处理（DUE005）",),
              totals=("合计", f"{len(balance_rows)}人", None, table.owed, table.paid, table.balance, None,
                      f"{table.at_risk}人" if table.at_risk else None)),
        Sheet("逐月明细", f"{branch}{period}党费逐月明细（{known}）", MONTH_COLUMNS, tuple(month_rows)),
    )]


__all__ = ["dues_sheets"]
