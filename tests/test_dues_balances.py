"""Dues balances against a treasurer's hand computation, ledger by ledger.

Every expected figure below was worked out by hand from the 2008 rates: an employed member with a
base of 4000 owes 4000 × 1% = 40.00 a month; 6000 → 1.5% = 90.00; a retiree with 4200 → 0.5% = 21.00.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhidu_cli.dues.balances import compute_balances, obligation, split_evenly
from zhidu_cli.dues.report import dues_table, monthly_disclosure
from zhidu_cli.dues.standard import DuesStandard
from zhidu_cli.schedule.months import YearMonth

STANDARD = DuesStandard.default()

WANG = """\
name: 王五
group: g1
dues:
  category: employed
  base:
    - {from: 2020-01, amount: "4000"}
history:
  - {date: 2000-07-01, event: full}
"""


def compute(repo, as_of: str, start: str = "assembly"):
    return compute_balances(repo.workspace().records, STANDARD, dt.date.fromisoformat(as_of), start=start)


def card(balances, member_id: str) -> list[tuple]:
    """(month, status, owed, paid, carried out, shortfall) per line, as text: the member's dues card."""
    return [(str(l.month), l.status, None if l.owed is None else str(l.owed), str(l.paid), str(l.carried_out),
             str(l.shortfall)) for l in balances.get(member_id).lines]


def ledger(repo, month: str, payments: str, published: str | None = None) -> None:
    head = f"month: {month}\n" + (f"published: {published}\n" if published else "")
    repo.write(f"dues/{month}.yaml", head + "payments:\n" + payments)


# --- splitting ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("amount", "count", "shares"), [
    ("100.00", 3, ("33.34", "33.33", "33.33")),
    ("100.01", 3, ("33.34", "33.34", "33.33")),
    ("0.20", 3, ("0.07", "0.07", "0.06")),
    ("120.00", 3, ("40.00", "40.00", "40.00")),
    ("0.01", 2, ("0.01", "0.00")),
])
def test_split_evenly_gives_the_remainder_fen_to_the_earliest_months(amount, count, shares):
    result = split_evenly(Decimal(amount), count)
    assert [str(s) for s in result] == list(shares)
    assert sum(result) == Decimal(amount)


def test_remainder_cent_carries_forward_as_credit(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-01", '  - {member: wang, amount: "120.01", paid_on: 2025-01-05, months: [2025-01, 2025-02, 2025-03]}\n')
    b = compute(repo, "2025-03-31")
    assert card(b, "wang") == [
        ("2025-01", "paid", "40.00", "40.01", "0.01", "0.00"),
        ("2025-02", "paid", "40.00", "40.00", "0.01", "0.00"),
        ("2025-03", "paid", "40.00", "40.00", "0.01", "0.00"),
    ]
    assert b.get("wang").balance == Decimal("0.01")


# --- ordinary, late, early ------------------------------------------------------------------------------

def test_monthly_payer_is_square(repo):
    repo.member("wang", WANG)
    for m in ("01", "02", "03"):
        ledger(repo, f"2025-{m}", f'  - {{member: wang, amount: "40.00", paid_on: 2025-{m}-05}}\n')
    m = compute(repo, "2025-03-31").get("wang")
    assert (m.owed, m.paid, m.balance, m.arrears, m.credit, m.behind) == (
        Decimal("120.00"), Decimal("120.00"), 0, 0, 0, 0)
    assert m.first_owed == YearMonth(2025, 1) and m.on_rolls


def test_late_payment_settles_the_months_it_names(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-01", "  []\n")
    ledger(repo, "2025-02", "  []\n")
    ledger(repo, "2025-03", '  - {member: wang, amount: "120.00", paid_on: 2025-03-20, months: [2025-01, 2025-02, 2025-03]}\n')
    before = compute(repo, "2025-03-19").get("wang")       # the payment is not yet a fact
    assert [l.status for l in before.lines] == ["unpaid", "unpaid", "unpaid"]
    assert (before.behind, before.balance) == (2, Decimal("-80.00"))    # March has not ended: not owed yet
    after = compute(repo, "2025-03-31").get("wang")
    assert [l.status for l in after.lines] == ["paid", "paid", "paid"]
    assert (after.behind, after.balance) == (0, 0)


def test_prepayment_is_credit_until_its_months_come(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-01", '  - {member: wang, amount: "240.00", paid_on: 2025-01-05, '
                            'months: [2025-01, 2025-02, 2025-03, 2025-04, 2025-05, 2025-06]}\n')
    b = compute(repo, "2025-03-31")
    m = b.get("wang")
    assert card(b, "wang") == [
        ("2025-01", "paid", "40.00", "40.00", "0.00", "0.00"),
        ("2025-02", "paid", "40.00", "40.00", "0.00", "0.00"),
        ("2025-03", "paid", "40.00", "40.00", "0.00", "0.00"),
    ]
    assert [str(a.month) for a in m.prepaid] == ["2025-04", "2025-05", "2025-06"]
    assert (m.owed, m.paid, m.credit, m.balance) == (Decimal("120.00"), Decimal("240.00"), Decimal("120.00"),
                                                     Decimal("120.00"))


def test_proxy_and_elsewhere_payments_count_for_the_member(repo):
    repo.member("wang", WANG)
    repo.member("li", WANG.replace("王五", "李四"))
    ledger(repo, "2025-01", '  - {member: wang, amount: "40.00", paid_on: 2025-01-05, paid_by: li}\n'
                            '  - {member: li, amount: "40.00", paid_on: 2025-01-20, elsewhere: true}\n')
    b = compute(repo, "2025-01-31")
    assert card(b, "wang") == [("2025-01", "paid", "40.00", "40.00", "0.00", "0.00")]
    assert card(b, "li") == [("2025-01", "paid", "40.00", "40.00", "0.00", "0.00")]


# --- partial, overpayment ---------------------------------------------------------------------------------

def test_partial_payment_leaves_arrears_that_a_later_month_does_not_absorb(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-01", '  - {member: wang, amount: "30.00", paid_on: 2025-01-05}\n')
    ledger(repo, "2025-02", '  - {member: wang, amount: "40.00", paid_on: 2025-02-05}\n')
    b = compute(repo, "2025-02-28")
    assert card(b, "wang") == [
        ("2025-01", "partial", "40.00", "30.00", "0.00", "10.00"),
        ("2025-02", "paid", "40.00", "40.00", "0.00", "0.00"),
    ]
    m = b.get("wang")
    assert (m.arrears, m.balance, m.behind) == (Decimal("10.00"), Decimal("-10.00"), 0)


def test_overpayment_carries_forward(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-01", '  - {member: wang, amount: "60.00", paid_on: 2025-01-05}\n')
    ledger(repo, "2025-02", '  - {member: wang, amount: "20.00", paid_on: 2025-02-05}\n')
    ledger(repo, "2025-03", "  []\n")
    b = compute(repo, "2025-04-01")                               # March has ended
    assert card(b, "wang") == [
        ("2025-01", "paid", "40.00", "60.00", "20.00", "0.00"),
        ("2025-02", "paid", "40.00", "20.00", "0.00", "0.00"),    # 20 paid + 20 carried in
        ("2025-03", "unpaid", "40.00", "0.00", "0.00", "40.00"),
        ("2025-04", "unpaid", "40.00", "0.00", "0.00", "40.00"),  # in progress: not counted yet
    ]
    assert (b.get("wang").balance, b.get("wang").behind) == (Decimal("-40.00"), 1)


def test_credit_covering_a_whole_month_makes_it_paid(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-01", '  - {member: wang, amount: "80.00", paid_on: 2025-01-05}\n')
    ledger(repo, "2025-02", "  []\n")
    assert card(compute(repo, "2025-02-28"), "wang")[1] == ("2025-02", "paid", "40.00", "0.00", "0.00", "0.00")


def test_credit_covering_part_of_an_unpaid_month_still_counts_it_behind(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-01", '  - {member: wang, amount: "50.00", paid_on: 2025-01-05}\n')
    ledger(repo, "2025-02", "  []\n")
    m = compute(repo, "2025-03-01").get("wang")                    # February has ended
    assert (m.lines[1].status, str(m.lines[1].shortfall), m.behind) == ("unpaid", "30.00", 1)


# --- base change, waiver --------------------------------------------------------------------------------

WANG_RAISED = WANG.replace('    - {from: 2020-01, amount: "4000"}\n',
                           '    - {from: 2020-01, amount: "4000"}\n    - {from: 2025-04, amount: "6000"}\n')


def test_base_change_applies_from_its_month(repo):
    repo.member("wang", WANG_RAISED)
    for m in ("03", "04"):
        amount = "40.00" if m == "03" else "90.00"
        ledger(repo, f"2025-{m}", f'  - {{member: wang, amount: "{amount}", paid_on: 2025-{m}-05}}\n')
    b = compute(repo, "2025-04-30")
    assert [l for l in card(b, "wang") if l[0] >= "2025-03"] == [
        ("2025-03", "paid", "40.00", "40.00", "0.00", "0.00"),
        ("2025-04", "paid", "90.00", "90.00", "0.00", "0.00"),
    ]


def test_prepayment_at_the_old_base_leaves_the_difference_owed(repo):
    repo.member("wang", WANG_RAISED)
    ledger(repo, "2025-01", '  - {member: wang, amount: "240.00", paid_on: 2025-01-05, '
                            'months: [2025-01, 2025-02, 2025-03, 2025-04, 2025-05, 2025-06]}\n')
    m = compute(repo, "2025-06-30").get("wang")
    assert [(str(l.month), l.status, str(l.shortfall)) for l in m.lines] == [
        ("2025-01", "paid", "0.00"), ("2025-02", "paid", "0.00"), ("2025-03", "paid", "0.00"),
        ("2025-04", "partial", "50.00"), ("2025-05", "partial", "50.00"), ("2025-06", "partial", "50.00")]
    assert m.balance == Decimal("-100.00")          # June is in progress: its 50.00 is owed once it ends
    assert compute(repo, "2025-07-01").get("wang").balance == Decimal("-150.00")


def test_payment_of_exactly_the_standard_across_a_base_change_is_allocated_month_by_month(repo):
    repo.member("wang", WANG_RAISED)
    ledger(repo, "2025-03", '  - {member: wang, amount: "130.00", paid_on: 2025-03-05, months: [2025-03, 2025-04]}\n')
    b = compute(repo, "2025-04-30")
    assert [l for l in card(b, "wang") if l[0] >= "2025-03"] == [
        ("2025-03", "paid", "40.00", "40.00", "0.00", "0.00"),
        ("2025-04", "paid", "90.00", "90.00", "0.00", "0.00"),
    ]


def test_social_insurance_is_deducted_only_when_the_standard_says_so(repo):
    repo.member("wang", WANG.replace('amount: "4000"}', 'amount: "5200", social_insurance: "400"}'))
    ledger(repo, "2025-01", "  []\n")
    records = repo.workspace().records
    plain = compute_balances(records, STANDARD, dt.date(2025, 1, 31)).get("wang").lines[0]
    local = DuesStandard.for_locality({"deduct_social_insurance": "true"})
    deducted = compute_balances(records, local, dt.date(2025, 1, 31)).get("wang").lines[0]
    assert (plain.owed, deducted.owed) == (Decimal("78.00"), Decimal("48.00"))   # 5200 × 1.5% / 4800 × 1%


def test_waiver_decision_sets_the_amount_for_its_months(repo):
    repo.member("wang", WANG.replace("category: employed", "category: hardship").replace(
        '  base:\n    - {from: 2020-01, amount: "4000"}\n', ""))
    repo.write("meetings/2024/2024-12-20-zwh.yaml", "type: 支委会\ndate: 2024-12-20\n")
    repo.write("decisions/2024/dw-01.yaml", """\
        meeting: 2024-12-20-zwh
        title: 王五党费减免
        kind: dues-waiver
        subject: wang
        waiver: {from: 2025-01, to: 2025-02, amount: "0"}
        approval: {date: 2024-12-28, by: 中共测试街道工作委员会}
        """)
    ledger(repo, "2025-01", "  []\n")
    ledger(repo, "2025-03", '  - {member: wang, amount: "1.00", paid_on: 2025-03-05}\n')
    b = compute(repo, "2025-03-31")
    lines = b.get("wang").lines
    assert [(str(l.month), l.status, l.owed) for l in lines] == [
        ("2025-01", "exempt", Decimal("0.00")), ("2025-02", "exempt", Decimal("0.00")),
        ("2025-03", "unknown", None)]            # hardship with no waiver for March: cannot be assessed
    assert lines[2].gap == "no-waiver" and lines[0].waiver.id == "dw-01"
    assert b.get("wang").behind == 0


def test_waiver_overrides_a_rate_category_and_not_before_its_meeting(repo):
    repo.member("wang", WANG)
    repo.write("meetings/2025/2025-02-10-zwh.yaml", "type: 支委会\ndate: 2025-02-10\n")
    repo.write("decisions/2025/dw-02.yaml", """\
        meeting: 2025-02-10-zwh
        title: 王五党费减免
        kind: dues-waiver
        subject: wang
        waiver: {from: 2025-02, to: 2025-03, amount: "1.00"}
        """)
    ledger(repo, "2025-01", "  []\n")
    assert [l.owed for l in compute(repo, "2025-02-09").get("wang").lines] == [Decimal("40.00"), Decimal("40.00")]
    assert [l.owed for l in compute(repo, "2025-04-30").get("wang").lines] == [
        Decimal("40.00"), Decimal("1.00"), Decimal("1.00"), Decimal("40.00")]


# --- start and end of the obligation -------------------------------------------------------------------

def test_transfer_out_ends_the_obligation_with_its_month_and_a_later_payment_is_credit(repo):
    repo.member("wang", WANG.replace("  - {date: 2000-07-01, event: full}\n",
                                     "  - {date: 2000-07-01, event: full}\n"
                                     "  - {date: 2025-03-20, event: transferred-out, place: 某某社区党支部}\n"))
    ledger(repo, "2025-01", '  - {member: wang, amount: "40.00", paid_on: 2025-01-05}\n')
    ledger(repo, "2025-03", '  - {member: wang, amount: "80.00", paid_on: 2025-03-18, months: [2025-03, 2025-04]}\n')
    m = compute(repo, "2025-06-30").get("wang")
    assert [(str(l.month), l.status) for l in m.lines] == [
        ("2025-01", "paid"), ("2025-02", "unpaid"), ("2025-03", "paid"), ("2025-04", "outside")]
    assert (m.on_rolls, m.ended.event, m.owed, m.arrears, m.credit) == (
        False, "transferred-out", Decimal("120.00"), Decimal("40.00"), Decimal("40.00"))


def test_death_ends_the_obligation_with_its_month(repo):
    repo.member("wang", WANG.replace("  - {date: 2000-07-01, event: full}\n",
                                     "  - {date: 2000-07-01, event: full}\n  - {date: 2025-04-10, event: deceased}\n"))
    ledger(repo, "2025-01", "  []\n")
    m = compute(repo, "2025-12-31").get("wang")
    assert [str(l.month) for l in m.lines] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert (m.on_rolls, m.owed) == (False, Decimal("160.00"))


@pytest.mark.parametrize(("start", "first"), [("assembly", "2025-03"), ("approval", "2025-05")])
def test_a_new_member_owes_from_the_assembly_or_the_approval(repo, start, first):
    repo.member("zhao", """\
        name: 赵六
        dues: {category: employed, base: [{from: 2025-01, amount: "3000"}]}
        history:
          - {date: 2024-01-10, event: applied}
          - {date: 2025-03-15, event: admitted}
          - {date: 2025-05-10, event: approved}
        """)
    ledger(repo, "2025-01", "  []\n")
    m = compute(repo, "2025-06-30", start).get("zhao")
    assert str(m.first_owed) == first
    assert [str(l.month) for l in m.owing_lines][0] == first


def test_a_payment_before_the_start_month_is_credit_for_the_first_month(repo):
    repo.member("zhao", """\
        name: 赵六
        dues: {category: employed, base: [{from: 2025-01, amount: "3000"}]}
        history:
          - {date: 2025-03-15, event: admitted}
          - {date: 2025-05-10, event: approved}
        """)
    ledger(repo, "2025-03", '  - {member: zhao, amount: "15.00", paid_on: 2025-03-20}\n')
    m = compute(repo, "2025-05-31", "approval").get("zhao")
    assert [(str(l.month), l.status, str(l.carried_out)) for l in m.lines] == [
        ("2025-03", "outside", "15.00"), ("2025-05", "paid", "0.00")]


def test_dues_records_begin_with_the_first_ledger_or_records_start(repo):
    repo.member("wang", WANG)
    ledger(repo, "2024-06", '  - {member: wang, amount: "40.00", paid_on: 2024-06-05}\n')
    assert str(compute(repo, "2024-12-31").get("wang").first_owed) == "2024-06"
    repo.config("records_start: 2024-10-01\n")
    m = compute(repo, "2024-12-31").get("wang")
    assert str(m.first_owed) == "2024-10"                  # the June ledger is history
    assert [l.status for l in m.lines] == ["unpaid", "unpaid", "unpaid"]


def test_late_payment_of_months_before_the_records_moves_the_first_month_back(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-01", '  - {member: wang, amount: "120.00", paid_on: 2025-01-05, '
                            'months: [2024-11, 2024-12, 2025-01]}\n')
    m = compute(repo, "2025-01-31").get("wang")
    assert [(str(l.month), l.status) for l in m.lines] == [("2024-11", "paid"), ("2024-12", "paid"), ("2025-01", "paid")]


def test_no_ledger_means_no_dues_accounts(repo):
    repo.member("wang", WANG)
    b = compute(repo, "2025-12-31")
    assert (b.start, dict(b.members)) == (None, {})


def test_obligation_periods_reopen_on_transfer_in():
    from zhidu_cli.model.records import Event
    events = [Event(date=dt.date(2010, 1, 1), event="full"),
              Event(date=dt.date(2020, 3, 5), event="transferred-out"),
              Event(date=dt.date(2021, 7, 1), event="transferred-in")]
    periods = obligation(events)
    assert [(str(a), str(b) if b else None) for a, b, _ in periods] == [("2010-01", "2020-03"), ("2021-07", None)]


# --- months behind ----------------------------------------------------------------------------------------

def test_quarterly_member_is_not_behind_before_the_quarter_ends(repo):
    repo.member("wang", WANG.replace("  category: employed\n", "  category: employed\n  quarterly: true\n"))
    ledger(repo, "2025-01", '  - {member: wang, amount: "120.00", paid_on: 2025-03-28, months: [2025-01, 2025-02, 2025-03]}\n')
    assert compute(repo, "2025-06-30").get("wang").behind == 0      # the quarter's last day: still in time
    assert compute(repo, "2025-07-01").get("wang").behind == 3


def test_a_recorded_reason_breaks_the_run(repo):
    repo.member("wang", WANG.replace("  - {date: 2000-07-01, event: full}\n",
                                     "  - {date: 2000-07-01, event: full}\n"
                                     "  - {date: 2025-02-01, event: dues-deferred, until: 2025-03-31, reason: 住院}\n"))
    ledger(repo, "2025-01", "  []\n")
    m = compute(repo, "2025-06-01").get("wang")
    assert [(str(l.month), l.excused, l.streak) for l in m.lines] == [
        ("2025-01", False, 1), ("2025-02", True, 0), ("2025-03", True, 0), ("2025-04", False, 1), ("2025-05", False, 2),
        ("2025-06", False, 2)]                      # June in progress: the run carries over it
    assert (m.behind, str(m.behind_since), m.arrears) == (2, "2025-04", Decimal("200.00"))


def test_a_partial_month_breaks_the_run(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-01", "  []\n")
    ledger(repo, "2025-02", '  - {member: wang, amount: "10.00", paid_on: 2025-02-05}\n')
    m = compute(repo, "2025-05-01").get("wang")
    assert [l.status for l in m.lines] == ["unpaid", "partial", "unpaid", "unpaid", "unpaid"]
    assert m.behind == 2                            # March and April; May is in progress


# --- tables and the monthly figures ---------------------------------------------------------------------

def test_period_figures_and_table_totals(repo):
    repo.member("wang", WANG)
    repo.member("li", WANG.replace("王五", "李四").replace('amount: "4000"', 'amount: "6000"'))
    ledger(repo, "2025-01", '  - {member: wang, amount: "40.00", paid_on: 2025-01-05}\n'
                            '  - {member: li, amount: "180.00", paid_on: 2025-01-06, months: [2025-01, 2025-02]}\n')
    b = compute(repo, "2025-04-01")                 # March has ended
    year = dues_table(b, YearMonth(2025, 1), YearMonth(2025, 3))
    assert [(r.member, str(r.owed), str(r.paid), str(r.balance), r.behind) for r in year.rows] == [
        ("li", "270.00", "180.00", "-90.00", 1), ("wang", "120.00", "40.00", "-80.00", 2)]
    assert (year.owed, year.paid, year.balance) == (Decimal("390.00"), Decimal("220.00"), Decimal("-170.00"))
    february = dues_table(b, YearMonth(2025, 2), YearMonth(2025, 2))
    assert [(r.member, r.status, str(r.balance), r.behind) for r in february.rows] == [
        ("li", "paid", "0.00", 0), ("wang", "unpaid", "-40.00", 1)]


def test_monthly_disclosure_figures(repo):
    repo.member("wang", WANG)
    repo.member("li", WANG.replace("王五", "李四").replace("group: g1", "group: g2"))
    repo.member("zhao", WANG.replace("王五", "赵六") + "phone: \"13800000000\"\n")
    ledger(repo, "2025-03", '  - {member: wang, amount: "80.00", paid_on: 2025-03-05, months: [2025-02, 2025-03]}\n'
                            '  - {member: li, amount: "40.00", paid_on: 2025-03-06, elsewhere: true}\n'
                            '  - {member: zhao, amount: "20.00", paid_on: 2025-03-07, paid_by: wang}\n',
           published="2025-04-08")
    repo.write("dues/2025-03.yaml", (repo.root / "dues/2025-03.yaml").read_text(encoding="utf-8")
               + 'remittance: {date: 2025-04-02, amount: "100.00", to: 街道党工委}\n')
    figures = monthly_disclosure(repo.workspace().records, STANDARD, YearMonth(2025, 3), dt.date(2025, 4, 30))
    assert (figures.members, figures.paid_count, figures.partial_count, figures.unpaid_count) == (3, 2, 1, 0)
    assert (figures.owed, figures.paid, figures.collected, figures.collected_elsewhere) == (
        Decimal("120.00"), Decimal("100.00"), Decimal("100.00"), Decimal("40.00"))
    assert (figures.remitted, figures.remitted_on, figures.published) == (
        Decimal("100.00"), dt.date(2025, 4, 2), dt.date(2025, 4, 8))
    assert [(l.member, l.group_name, l.status, str(l.received), [str(m) for m in l.received_months], l.proxy)
            for l in figures.lines] == [
        ("wang", "第一党小组", "paid", "80.00", ["2025-02", "2025-03"], False),
        ("zhao", "第一党小组", "partial", "20.00", ["2025-03"], True),
        ("li", "第二党小组", "paid", "0.00", [], False)]
    assert "13800000000" not in repr(figures)
