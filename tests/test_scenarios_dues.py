"""Realistic dues ledgers, worked out by hand as a treasurer would, against zhidu.

Each scenario is a small branch with a year (or part of one) of monthly ledgers. The expected
figures are computed in the comments from the 2008 rates (one rate on the whole base:
employed ≤3000 0.5%, ≤5000 1%, ≤10000 1.5%, above 2%; retired ≤5000 0.5%, above 1%; student 0.20),
and the findings are the complete list for DUE and NTC005 — nothing missing, nothing extra.

The readings the expectations rely on (docs/dues.md):

* a month is behind once it has ended (as of the 15th, the current month is not yet late);
* a late payment may reach 6 months back from the month of ``paid_on`` (July pays January), 7 is
  too late; a prepayment 6 months ahead, 7 is too far;
* a member owes up to the month of leaving; a transfer leaves arrears to settle (DUE001), a death
  or a lapse is not pursued; a quarterly mobile member is behind only once the quarter has ended.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.dues.balances import compute_balances
from zhidu_cli.dues.report import dues_table, monthly_disclosure
from zhidu_cli.dues.standard import DuesStandard
from zhidu_cli.schedule.months import YearMonth

STANDARD = DuesStandard.default()
DUES_LINE = 3                       # every member file below has `dues:` on its third line
SELECT = ("DUE", "NTC005")


def member(repo, member_id: str, name: str, group: str, dues: str, history: str) -> None:
    repo.member(member_id, f"name: {name}\ngroup: {group}\ndues: {dues}\nhistory:\n"
                + textwrap.indent(textwrap.dedent(history).strip("\n"), "  ") + "\n")


def write_ledgers(repo, ledgers: dict[str, str]) -> None:
    for month, text in ledgers.items():
        repo.write(f"dues/{month}.yaml", text)


def at(ledgers: dict[str, str], month: str, text: str) -> tuple[str, int]:
    """(path, line) of the one payment line of ``month``'s ledger that contains ``text``."""
    lines = textwrap.dedent(ledgers[month]).lstrip("\n").splitlines()
    found = [number for number, line in enumerate(lines, 1) if text in line]
    assert len(found) == 1, (month, text, found)
    return f"dues/{month}.yaml", found[0]


def findings(repo, as_of: str) -> list[tuple[str, str, int, Severity]]:
    return sorted((f.code, f.location.path, f.location.line, f.severity)
                  for f in repo.check(as_of, select=SELECT) if f.code.startswith(SELECT))


def balances(repo, as_of: str):
    return compute_balances(repo.workspace().records, STANDARD, dt.date.fromisoformat(as_of))


def figures(repo, as_of: str) -> dict[str, tuple[str, str, str, int]]:
    """member → (owed, paid, balance, months behind) as of a date; paid includes prepayments."""
    return {m.member: (str(m.owed), str(m.paid), str(m.balance), m.behind)
            for m in balances(repo, as_of).members.values()}


def statuses(repo, as_of: str, member_id: str) -> list[tuple[str, str]]:
    return [(str(l.month), l.status) for l in balances(repo, as_of).get(member_id).lines]


W, E = Severity.WARNING, Severity.ERROR

# =====================================================================================================
# Scenario 1 — a year of six members (ledgers 2025-01 … 2025-12)
#
# wang  王建国  employed, base 4800 → 1% = 48.00; from 2025-07 base 5200 → 1.5% = 78.00 (a raise)
# li    李秀英  retired, pension 5000.00 → ≤5000 0.5% = 25.00; from 2025-07 5086.50 → 1% = 50.865
#               → 50.87 (half up); pays each quarter in advance
# zhang 张小明  student (0.20), admitted by the general assembly 2025-03-18: owes from March; prepays
#               six months (March–August) and then four (September–December)
# zhao  赵桂兰  employed, base 2500 → 0.5% = 12.50; seriously ill, exempt from April by a dues-waiver
#               decision (支委会 2025-04-15, approved upstream 2025-04-25)
# chen  陈芳    employed, base 3000.01 → 1% = 30.0001 → 30.00; her husband 孙伟 pays January–April for
#               her (paid_by); in May she pays only 20.00 and never makes up the 10.00
# sun   孙伟    employed, base 6000 → 1.5% = 90.00; pays 100.00 in March (10.00 over, carried to
#               April, when he pays 80.00); pays nothing June–September, then 450.00 on 2025-10-09
#               for June–October (a late payment, June is 4 months back)
# May's ledger is published on 2025-06-12, after the 10th (NTC005).
# =====================================================================================================

YEAR = {
    "2025-01": """\
        month: 2025-01
        published: 2025-02-05
        payments:
          - {member: wang, amount: "48.00", paid_on: 2025-01-05}
          - {member: li, amount: "75.00", paid_on: 2025-01-06, months: [2025-01, 2025-02, 2025-03], note: 预交一季度}
          - {member: zhao, amount: "12.50", paid_on: 2025-01-06}
          - {member: chen, amount: "30.00", paid_on: 2025-01-05, paid_by: sun}
          - {member: sun, amount: "90.00", paid_on: 2025-01-05}
        """,
    "2025-02": """\
        month: 2025-02
        published: 2025-03-05
        payments:
          - {member: wang, amount: "48.00", paid_on: 2025-02-05}
          - {member: zhao, amount: "12.50", paid_on: 2025-02-06}
          - {member: chen, amount: "30.00", paid_on: 2025-02-05, paid_by: sun}
          - {member: sun, amount: "90.00", paid_on: 2025-02-05}
        """,
    "2025-03": """\
        month: 2025-03
        published: 2025-04-03
        payments:
          - {member: wang, amount: "48.00", paid_on: 2025-03-05}
          - {member: zhang, amount: "1.20", paid_on: 2025-03-25, months: [2025-03, 2025-04, 2025-05, 2025-06, 2025-07, 2025-08]}
          - {member: zhao, amount: "12.50", paid_on: 2025-03-06}
          - {member: chen, amount: "30.00", paid_on: 2025-03-05, paid_by: sun}
          - {member: sun, amount: "100.00", paid_on: 2025-03-05, note: 多交10元结转下月}
        """,
    "2025-04": """\
        month: 2025-04
        published: 2025-05-08
        payments:
          - {member: wang, amount: "48.00", paid_on: 2025-04-07}
          - {member: li, amount: "75.00", paid_on: 2025-04-07, months: [2025-04, 2025-05, 2025-06]}
          - {member: chen, amount: "30.00", paid_on: 2025-04-07, paid_by: sun}
          - {member: sun, amount: "80.00", paid_on: 2025-04-07, note: 上月多交10元抵扣}
        """,
    "2025-05": """\
        month: 2025-05
        published: 2025-06-12
        payments:
          - {member: wang, amount: "48.00", paid_on: 2025-05-06}
          - {member: chen, amount: "20.00", paid_on: 2025-05-09, note: 本月先交20元}
          - {member: sun, amount: "90.00", paid_on: 2025-05-06}
        """,
    "2025-06": """\
        month: 2025-06
        published: 2025-07-04
        payments:
          - {member: wang, amount: "48.00", paid_on: 2025-06-05}
          - {member: chen, amount: "30.00", paid_on: 2025-06-05}
        """,
    "2025-07": """\
        month: 2025-07
        published: 2025-08-05
        payments:
          - {member: wang, amount: "78.00", paid_on: 2025-07-04}
          - {member: li, amount: "152.61", paid_on: 2025-07-08, months: [2025-07, 2025-08, 2025-09]}
          - {member: chen, amount: "30.00", paid_on: 2025-07-04}
        """,
    "2025-08": """\
        month: 2025-08
        published: 2025-09-05
        payments:
          - {member: wang, amount: "78.00", paid_on: 2025-08-05}
          - {member: chen, amount: "30.00", paid_on: 2025-08-05}
        """,
    "2025-09": """\
        month: 2025-09
        published: 2025-10-09
        payments:
          - {member: wang, amount: "78.00", paid_on: 2025-09-05}
          - {member: zhang, amount: "0.80", paid_on: 2025-09-10, months: [2025-09, 2025-10, 2025-11, 2025-12]}
          - {member: chen, amount: "30.00", paid_on: 2025-09-05}
        """,
    "2025-10": """\
        month: 2025-10
        published: 2025-11-05
        payments:
          - {member: wang, amount: "78.00", paid_on: 2025-10-09}
          - {member: li, amount: "152.61", paid_on: 2025-10-09, months: [2025-10, 2025-11, 2025-12]}
          - {member: chen, amount: "30.00", paid_on: 2025-10-09}
          - {member: sun, amount: "450.00", paid_on: 2025-10-09, months: [2025-06, 2025-07, 2025-08, 2025-09, 2025-10], note: 补交6至9月}
        """,
    "2025-11": """\
        month: 2025-11
        published: 2025-12-05
        payments:
          - {member: wang, amount: "78.00", paid_on: 2025-11-05}
          - {member: chen, amount: "30.00", paid_on: 2025-11-05}
          - {member: sun, amount: "90.00", paid_on: 2025-11-05}
        """,
    "2025-12": """\
        month: 2025-12
        published: 2026-01-06
        payments:
          - {member: wang, amount: "78.00", paid_on: 2025-12-05}
          - {member: chen, amount: "30.00", paid_on: 2025-12-05}
          - {member: sun, amount: "90.00", paid_on: 2025-12-05}
        """,
}


@pytest.fixture
def year(repo):
    member(repo, "wang", "王建国", "g1", '{category: employed, base: [{from: 2019-01, amount: "4800"}, '
                                          '{from: 2025-07, amount: "5200"}]}',
           "- {date: 2005-07-01, event: full}")
    member(repo, "li", "李秀英", "g2", '{category: retired, base: [{from: 2020-01, amount: "5000.00"}, '
                                       '{from: 2025-07, amount: "5086.50"}]}',
           "- {date: 1985-07-01, event: full}")
    member(repo, "zhang", "张小明", "g2", "{category: student}", """
           - {date: 2023-10-01, event: applied}
           - {date: 2025-03-18, event: admitted}
           - {date: 2025-04-20, event: approved}
           """)
    member(repo, "zhao", "赵桂兰", "g1", '{category: employed, base: [{from: 2018-01, amount: "2500"}]}',
           "- {date: 1998-07-01, event: full}")
    member(repo, "chen", "陈芳", "g2", '{category: employed, base: [{from: 2021-01, amount: "3000.01"}]}',
           "- {date: 2012-07-01, event: full}")
    member(repo, "sun", "孙伟", "g2", '{category: employed, base: [{from: 2022-01, amount: "6000"}]}',
           "- {date: 2008-07-01, event: full}")
    repo.write("meetings/2025/2025-04-15-zwh.yaml", "type: 支委会\ndate: 2025-04-15\n")
    repo.write("decisions/2025/dw-zhao.yaml", """\
        meeting: 2025-04-15-zwh
        title: 赵桂兰因病免交党费
        kind: dues-waiver
        subject: zhao
        waiver: {from: 2025-04, to: 2025-12, amount: "0"}
        approval: {date: 2025-04-25, by: 中共测试街道工作委员会}
        """)
    write_ledgers(repo, YEAR)
    return repo


# Findings that stay once they happened: sun's 100.00 in March (10.00 over the standard 90.00), chen's
# 20.00 in May (10.00 under 30.00, never made up), May published on 2025-06-12 (> 2025-06-10).
YEAR_ALWAYS = [
    ("DUE002", *at(YEAR, "2025-03", "member: sun"), W),
    ("DUE002", *at(YEAR, "2025-05", "member: chen"), W),
    ("NTC005", "dues/2025-05.yaml", 2, W),
]


def test_year_as_of_the_end_of_december(year):
    assert figures(year, "2025-12-31") == {
        # 6 × 48.00 + 6 × 78.00 = 288.00 + 468.00 = 756.00, paid month by month
        "wang": ("756.00", "756.00", "0.00", 0),
        # 6 × 25.00 + 6 × 50.87 = 150.00 + 305.22 = 455.22; paid 75.00 + 75.00 + 152.61 + 152.61 = 455.22
        "li": ("455.22", "455.22", "0.00", 0),
        # March–December 10 × 0.20 = 2.00; paid 1.20 + 0.80 = 2.00
        "zhang": ("2.00", "2.00", "0.00", 0),
        # January–March 3 × 12.50 = 37.50, April–December exempt (0.00)
        "zhao": ("37.50", "37.50", "0.00", 0),
        # 12 × 30.00 = 360.00; paid 11 × 30.00 + 20.00 = 350.00: 10.00 still owed for May
        "chen": ("360.00", "350.00", "-10.00", 0),
        # 12 × 90.00 = 1080.00; paid 90 + 90 + 100 + 80 + 90 + 450 + 90 + 90 = 1080.00
        "sun": ("1080.00", "1080.00", "0.00", 0),
    }
    # December's ledger may still be published until 2026-01-10: not a finding yet
    assert findings(year, "2025-12-31") == sorted(YEAR_ALWAYS)


def test_year_cards(year):
    assert statuses(year, "2025-12-31", "chen")[3:6] == [
        ("2025-04", "paid"), ("2025-05", "partial"), ("2025-06", "paid")]
    assert statuses(year, "2025-12-31", "zhao") == [
        ("2025-01", "paid"), ("2025-02", "paid"), ("2025-03", "paid")] + [
        (f"2025-{m:02d}", "exempt") for m in range(4, 13)]
    sun = balances(year, "2025-12-31").get("sun")
    # March: 100.00 paid, 10.00 carried out; April: 80.00 paid + 10.00 carried in = 90.00
    assert [(str(l.paid), str(l.carried_in), str(l.carried_out)) for l in sun.lines[2:4]] == [
        ("100.00", "0.00", "10.00"), ("80.00", "10.00", "0.00")]
    # the late payment of 450.00 for five months is 5 × 90.00: each month gets its own 90.00
    assert [str(l.paid) for l in sun.lines[5:10]] == ["90.00"] * 5


def test_year_branch_totals_and_october_notice(year):
    table = dues_table(balances(year, "2025-12-31"), YearMonth(2025, 1), YearMonth(2025, 12))
    # owed 756.00 + 455.22 + 2.00 + 37.50 + 360.00 + 1080.00 = 2690.72; paid 2690.72 − 10.00 = 2680.72
    assert (str(table.owed), str(table.paid), str(table.balance), table.at_risk) == (
        "2690.72", "2680.72", "-10.00", 0)
    records = year.workspace().records
    notice = monthly_disclosure(records, STANDARD, YearMonth(2025, 10), dt.date(2025, 10, 31))
    # cash in October's ledger: 78.00 + 152.61 + 30.00 + 450.00 = 710.61; owed for October by the 5
    # members who owe (zhao is exempt): 78.00 + 50.87 + 0.20 + 0.00 + 30.00 + 90.00 = 249.07
    assert (str(notice.collected), str(notice.owed), notice.members, notice.exempt_count) == (
        "710.61", "249.07", 6, 1)


def test_year_as_of_february(year):
    # li prepaid March: 25.00 of credit; zhang owes nothing before March
    assert figures(year, "2025-02-28") == {
        "wang": ("96.00", "96.00", "0.00", 0),
        "li": ("50.00", "75.00", "25.00", 0),
        "zhao": ("25.00", "25.00", "0.00", 0),
        "chen": ("60.00", "60.00", "0.00", 0),
        "sun": ("180.00", "180.00", "0.00", 0),
    }
    assert findings(year, "2025-02-28") == []


def test_year_before_the_waiver_is_decided(year):
    # 2025-04-10: April has not ended, so zhao owes nothing for it yet (issue 8.7: the month in
    # progress is owed once it has ended) and the waiver of 2025-04-15 is not a fact yet; zhang
    # owes March and April (2 × 0.20, April paid ahead) and has May–August (4 × 0.20 = 0.80) prepaid
    got = figures(year, "2025-04-10")
    assert (got["zhao"], got["zhang"]) == (("37.50", "37.50", "0.00", 0), ("0.40", "1.20", "0.80", 0))
    assert findings(year, "2025-04-10") == [("DUE002", *at(YEAR, "2025-03", "member: sun"), W)]
    assert figures(year, "2025-05-01")["zhao"] == ("37.50", "37.50", "0.00", 0)


def test_year_as_of_august_and_september_sun_is_behind(year):
    # once August has ended (2025-09-01) sun has paid nothing for June, July, August: 3 × 90.00 =
    # 270.00, a warning with the date by which he must pay (June + 5 months = November: 2025-11-30)
    got = figures(year, "2025-09-01")
    # li: January–August 6 × 25.00 + 2 × 50.87 = 251.74, and September — in progress, paid ahead —
    # 50.87 owed and paid alike: 302.61
    assert (got["sun"], got["li"]) == (("720.00", "450.00", "-270.00", 3), ("302.61", "302.61", "0.00", 0))
    assert findings(year, "2025-09-01") == sorted(YEAR_ALWAYS + [("DUE005", "members/sun.yaml", DUES_LINE, W)])
    warning = [f for f in year.check("2025-09-01", select=("DUE005",)) if f.code == "DUE005"][0]
    assert warning.message == ("孙伟（sun）自 2025-06 起已连续 3 个月未交党费（计 270.00 元）；满 6 个月将按自行脱党处理，"
                               "最迟须在 2025-11-30 前交纳")
    # as of 2025-09-30: four months (June–September), 360.00
    assert figures(year, "2025-10-01")["sun"] == ("810.00", "450.00", "-360.00", 4)
    assert findings(year, "2025-10-01") == sorted(YEAR_ALWAYS + [("DUE005", "members/sun.yaml", DUES_LINE, W)])
    # the late payment of 2025-10-09 settles June–October: no warning, and June is only 4 months back
    assert figures(year, "2025-11-01")["sun"] == ("900.00", "900.00", "0.00", 0)
    assert findings(year, "2025-11-01") == sorted(YEAR_ALWAYS)


# =====================================================================================================
# Scenario 2 — five members, ledgers 2025-03 … 2025-10 (the dues records begin in March)
#
# liu   刘强    employed, base 3000 → 0.5% = 15.00; away in 深圳 since 2025-02-10, pays each quarter
#               at the organization there (quarterly: true, elsewhere: true)
# qian  钱进    employed, base 4000 → 1% = 40.00; paid March, then nothing: 5 months behind at the end
#               of August, 6 at the end of September (the lapse must be handled)
# zhou  周德明  retired, pension 3600 → 0.5% = 18.00; transferred out on 2025-05-20 without paying May
# wu    吴守仁  retired, pension 4200 → 0.5% = 21.00; paid by his daughter March–June; died
#               2025-09-12 with July–September unpaid (not pursued)
# he    何丽    employed, base 8000 → 1.5% = 120.00; before a trip abroad prepays three months
#               (on 2025-04-03 for April–July: July is 3 months ahead)
# July's ledger (no payments) was never published (NTC005).
# =====================================================================================================

SPRING = {
    "2025-03": """\
        month: 2025-03
        published: 2025-04-05
        payments:
          - {member: liu, amount: "15.00", paid_on: 2025-03-28, elsewhere: true, note: 在深圳流入地党组织交纳}
          - {member: qian, amount: "40.00", paid_on: 2025-03-05}
          - {member: zhou, amount: "18.00", paid_on: 2025-03-05}
          - {member: wu, amount: "21.00", paid_on: 2025-03-06, note: 由女儿代交}
          - {member: he, amount: "120.00", paid_on: 2025-03-06}
        """,
    "2025-04": """\
        month: 2025-04
        published: 2025-05-06
        payments:
          - {member: zhou, amount: "18.00", paid_on: 2025-04-05}
          - {member: wu, amount: "21.00", paid_on: 2025-04-06, note: 由女儿代交}
          - {member: he, amount: "480.00", paid_on: 2025-04-03, months: [2025-04, 2025-05, 2025-06, 2025-07], note: 出国前预交}
        """,
    "2025-05": """\
        month: 2025-05
        published: 2025-06-05
        payments:
          - {member: wu, amount: "21.00", paid_on: 2025-05-06, note: 由女儿代交}
        """,
    "2025-06": """\
        month: 2025-06
        published: 2025-07-03
        payments:
          - {member: liu, amount: "45.00", paid_on: 2025-06-26, months: [2025-04, 2025-05, 2025-06], elsewhere: true}
          - {member: wu, amount: "21.00", paid_on: 2025-06-05, note: 由女儿代交}
        """,
    "2025-07": """\
        month: 2025-07
        payments: []
        """,
    "2025-08": """\
        month: 2025-08
        published: 2025-09-05
        payments:
          - {member: he, amount: "120.00", paid_on: 2025-08-05}
        """,
    "2025-09": """\
        month: 2025-09
        published: 2025-10-08
        payments:
          - {member: liu, amount: "45.00", paid_on: 2025-09-24, months: [2025-07, 2025-08, 2025-09], elsewhere: true}
          - {member: he, amount: "120.00", paid_on: 2025-09-04}
        """,
    "2025-10": """\
        month: 2025-10
        published: 2025-11-05
        payments:
          - {member: he, amount: "120.00", paid_on: 2025-10-08}
        """,
}


@pytest.fixture
def spring(repo):
    member(repo, "liu", "刘强", "g1", '{category: employed, quarterly: true, base: [{from: 2020-01, amount: "3000"}]}',
           """
           - {date: 2010-07-01, event: full}
           - {date: 2025-02-10, event: away, place: 深圳, certificate: card, reason: 务工, contact: "13900000000"}
           """)
    member(repo, "qian", "钱进", "g2", '{category: employed, base: [{from: 2020-01, amount: "4000"}]}',
           "- {date: 2015-07-01, event: full}")
    member(repo, "zhou", "周德明", "g1", '{category: retired, base: [{from: 2020-01, amount: "3600"}]}', """
           - {date: 1980-07-01, event: full}
           - {date: 2025-05-20, event: transferred-out, place: 某市某社区党支部}
           """)
    member(repo, "wu", "吴守仁", "g2", '{category: retired, base: [{from: 2020-01, amount: "4200"}]}', """
           - {date: 1975-07-01, event: full}
           - {date: 2025-09-12, event: deceased}
           """)
    member(repo, "he", "何丽", "g1", '{category: employed, base: [{from: 2020-01, amount: "8000"}]}',
           "- {date: 2016-07-01, event: full}")
    write_ledgers(repo, SPRING)
    return repo


def test_spring_as_of_the_end_of_october(spring):
    assert figures(spring, "2025-11-01") == {
        # March–September 7 × 15.00 = 105.00, paid 15.00 + 45.00 + 45.00 = 105.00; October is not owed
        # yet: a quarterly payer's month is owed once the fourth quarter has ended, in December
        "liu": ("105.00", "105.00", "0.00", 0),
        # 8 × 40.00 = 320.00, paid 40.00: April–October, 7 months, 280.00 behind
        "qian": ("320.00", "40.00", "-280.00", 7),
        # March–May 3 × 18.00 = 54.00, paid 36.00: May's 18.00 left unpaid at the transfer
        "zhou": ("54.00", "36.00", "-18.00", 1),
        # March–September 7 × 21.00 = 147.00, paid 4 × 21.00 = 84.00 (not pursued after his death)
        "wu": ("147.00", "84.00", "-63.00", 3),
        # 8 × 120.00 = 960.00; paid 120.00 + 480.00 + 3 × 120.00 = 960.00
        "he": ("960.00", "960.00", "0.00", 0),
    }
    assert findings(spring, "2025-11-01") == [
        ("DUE001", "members/zhou.yaml", DUES_LINE, E),      # transferred out with May unpaid
        ("DUE005", "members/qian.yaml", DUES_LINE, E),      # 7 months: the lapse must be handled
        ("NTC005", "dues/2025-07.yaml", 1, W),              # July never published
    ]


@pytest.mark.parametrize(("as_of", "qian"), [
    ("2025-09-01", W),     # April–August: 5 months
    ("2025-09-15", W),     # September has not ended: still 5
    ("2025-09-29", W),
    ("2025-10-01", E),     # April–September: 6 months
])
def test_spring_month_five_and_month_six_of_arrears(spring, as_of, qian):
    assert findings(spring, as_of) == [
        ("DUE001", "members/zhou.yaml", DUES_LINE, E),
        ("DUE005", "members/qian.yaml", DUES_LINE, qian),
        ("NTC005", "dues/2025-07.yaml", 1, W),
    ]
    assert figures(spring, as_of)["qian"][3] == (6 if qian is E else 5)


def test_spring_a_death_in_the_as_of_month_is_not_a_lapse_warning(spring):
    # 2025-09-30: wu owes July, August, September (3 × 21.00 = 63.00) but died on 2025-09-12
    assert figures(spring, "2025-09-30")["wu"] == ("147.00", "84.00", "-63.00", 3)
    assert not [f for f in findings(spring, "2025-09-30") if f[1] == "members/wu.yaml"]
    # 2025-08-31, still alive: July and August are only 2 months
    assert not [f for f in findings(spring, "2025-08-31") if f[1] == "members/wu.yaml"]


def test_spring_the_transfer_month_is_due_on_the_day_of_transfer(spring):
    assert findings(spring, "2025-05-19") == []
    assert findings(spring, "2025-05-20") == [("DUE001", "members/zhou.yaml", DUES_LINE, E)]
    message = [f.message for f in spring.check("2025-05-20", select=("DUE001",)) if f.code == "DUE001"]
    assert message == ["周德明（zhou）于 2025-05-20 转出，2025-05 共 1 个月的党费未交清（计 18.00 元）"]


def test_spring_prepayment_and_quarterly_payer_mid_year(spring):
    got = figures(spring, "2025-04-30")
    # he: March and April (in progress, paid ahead) 2 × 120.00 owed; May–July 3 × 120.00 = 360.00 of credit
    assert got["he"] == ("240.00", "600.00", "360.00", 0)
    # liu: March paid; April is not owed yet: the quarter of a quarterly payer has not ended
    assert got["liu"] == ("15.00", "15.00", "0.00", 0)
    assert findings(spring, "2025-04-30") == []
    assert statuses(spring, "2025-06-30", "liu") == [
        ("2025-03", "paid"), ("2025-04", "paid"), ("2025-05", "paid"), ("2025-06", "paid")]


# =====================================================================================================
# Scenario 3 — late and early beyond the limits, a recorded reason, a proxy who is not a member
# (ledgers 2025-01 … 2025-08, each published on the 5th of the next month)
#
# ma    马文    employed, base 3500 → 1% = 35.00; paid January, nothing February–April, then May–
#               August; on 2025-08-20 pays 105.00 for February–April (February is 6 months back:
#               allowed). Until then February–April is a hole (DUE001), a warning while trailing.
# tian  田野    employed, base 4500 → 1% = 45.00; pays every month, and on 2025-07-10 pays December
#               2024 too: 7 months back (DUE003). That month is then part of his card.
# gao   高远    employed, base 12000 → 2% = 240.00; on 2025-01-08 prepays January–August (8 ×
#               240.00 = 1920.00): August is 7 months ahead (DUE004)
# lin   林静    employed, base 5000 → 1% = 50.00 (5000 is the top of the 1% bracket); in hospital
#               March–June (a dues-deferred event); February paid by her son 林小北, who is an
#               applicant, not a member, so he cannot be paid_by (DUE006)
# =====================================================================================================

LATE = {
    "2025-01": """\
        month: 2025-01
        published: 2025-02-05
        payments:
          - {member: ma, amount: "35.00", paid_on: 2025-01-05}
          - {member: tian, amount: "45.00", paid_on: 2025-01-06}
          - {member: gao, amount: "1920.00", paid_on: 2025-01-08, months: [2025-01, 2025-02, 2025-03, 2025-04, 2025-05, 2025-06, 2025-07, 2025-08]}
          - {member: lin, amount: "50.00", paid_on: 2025-01-05}
        """,
    "2025-02": """\
        month: 2025-02
        published: 2025-03-05
        payments:
          - {member: tian, amount: "45.00", paid_on: 2025-02-06}
          - {member: lin, amount: "50.00", paid_on: 2025-02-10, paid_by: xiaolin}
        """,
    "2025-03": """\
        month: 2025-03
        published: 2025-04-05
        payments:
          - {member: tian, amount: "45.00", paid_on: 2025-03-06}
        """,
    "2025-04": """\
        month: 2025-04
        published: 2025-05-05
        payments:
          - {member: tian, amount: "45.00", paid_on: 2025-04-06}
        """,
    "2025-05": """\
        month: 2025-05
        published: 2025-06-05
        payments:
          - {member: ma, amount: "35.00", paid_on: 2025-05-05}
          - {member: tian, amount: "45.00", paid_on: 2025-05-06}
        """,
    "2025-06": """\
        month: 2025-06
        published: 2025-07-05
        payments:
          - {member: ma, amount: "35.00", paid_on: 2025-06-05}
          - {member: tian, amount: "45.00", paid_on: 2025-06-06}
        """,
    "2025-07": """\
        month: 2025-07
        published: 2025-08-05
        payments:
          - {member: ma, amount: "35.00", paid_on: 2025-07-05}
          - {member: tian, amount: "45.00", paid_on: 2025-07-06}
          - {member: tian, amount: "45.00", paid_on: 2025-07-10, months: [2024-12], note: 补交2024年12月}
        """,
    "2025-08": """\
        month: 2025-08
        published: 2025-09-05
        payments:
          - {member: ma, amount: "35.00", paid_on: 2025-08-05}
          - {member: ma, amount: "105.00", paid_on: 2025-08-20, months: [2025-02, 2025-03, 2025-04], note: 补交2至4月}
          - {member: tian, amount: "45.00", paid_on: 2025-08-06}
        """,
}


@pytest.fixture
def late(repo):
    member(repo, "ma", "马文", "g1", '{category: employed, base: [{from: 2020-01, amount: "3500"}]}',
           "- {date: 2011-07-01, event: full}")
    member(repo, "tian", "田野", "g1", '{category: employed, base: [{from: 2020-01, amount: "4500"}]}',
           "- {date: 2003-07-01, event: full}")
    member(repo, "gao", "高远", "g2", '{category: employed, base: [{from: 2020-01, amount: "12000"}]}',
           "- {date: 2018-07-01, event: full}")
    member(repo, "lin", "林静", "g2", '{category: employed, base: [{from: 2020-01, amount: "5000"}]}', """
           - {date: 1999-07-01, event: full}
           - {date: 2025-03-01, event: dues-deferred, until: 2025-06-30, reason: 住院治疗，出院后补交}
           """)
    repo.member("xiaolin", "name: 林小北\nhistory:\n  - {date: 2024-05-01, event: applied}\n")
    write_ledgers(repo, LATE)
    return repo


LATE_ALWAYS = [
    ("DUE004", *at(LATE, "2025-01", "member: gao"), W),            # August is 7 months after January
    ("DUE006", *at(LATE, "2025-02", "member: lin"), W),            # paid_by an applicant
]


def test_late_as_of_the_end_of_august(late):
    assert figures(late, "2025-09-01") == {
        # 8 × 35.00 = 280.00; paid 35.00 + 4 × 35.00 + 105.00 = 280.00
        "ma": ("280.00", "280.00", "0.00", 0),
        # December 2024 – August 2025: 9 × 45.00 = 405.00, all paid
        "tian": ("405.00", "405.00", "0.00", 0),
        "gao": ("1920.00", "1920.00", "0.00", 0),
        # 8 × 50.00 = 400.00, paid 100.00: March–June excused (still owed), July–August 2 months behind
        "lin": ("400.00", "100.00", "-300.00", 2),
    }
    assert findings(late, "2025-09-01") == sorted(LATE_ALWAYS + [
        ("DUE003", *at(LATE, "2025-07", "months: [2024-12]"), E),    # December 2024 is 7 months before July
    ])


def test_late_the_hole_before_it_is_filled(late):
    # once April has ended (2025-05-01): ma's February–April trail (3 months: a warning); gao paid
    # January–August: May, in progress, 240.00 owed and paid alike, June–August 3 × 240.00 prepaid
    got = figures(late, "2025-05-01")
    assert (got["ma"], got["gao"]) == (("140.00", "35.00", "-105.00", 3), ("1200.00", "1920.00", "720.00", 0))
    assert findings(late, "2025-05-01") == sorted(LATE_ALWAYS + [("DUE005", "members/ma.yaml", DUES_LINE, W)])
    # 2025-07-31: May–July are paid, so February–April is a hole (DUE001) and tian's late payment of
    # 2025-07-10 is a fact
    assert findings(late, "2025-08-01") == sorted(LATE_ALWAYS + [
        ("DUE001", "members/ma.yaml", DUES_LINE, E),
        ("DUE003", *at(LATE, "2025-07", "months: [2024-12]"), E),
    ])
    assert statuses(late, "2025-08-01", "ma")[:5] == [
        ("2025-01", "paid"), ("2025-02", "unpaid"), ("2025-03", "unpaid"), ("2025-04", "unpaid"), ("2025-05", "paid")]


def test_late_a_recorded_reason_delays_the_warning(late):
    # lin, as of 2025-09-30: March–June excused, July–September unpaid: 3 months, a warning due by
    # the end of the sixth month (July + 5 = December)
    assert figures(late, "2025-10-01")["lin"] == ("450.00", "100.00", "-350.00", 3)
    warning = [f for f in late.check("2025-10-01", select=("DUE005",)) if f.code == "DUE005"]
    assert [(f.location.path, f.message) for f in warning] == [
        ("members/lin.yaml", "林静（lin）自 2025-07 起已连续 3 个月未交党费（计 150.00 元）；满 6 个月将按自行脱党处理，"
                             "最迟须在 2025-12-31 前交纳")]


def test_spring_table_highlights_only_members_on_the_rolls(spring):
    table = dues_table(balances(spring, "2025-11-01"), YearMonth(2025, 3), YearMonth(2025, 10))
    assert [(r.member, r.behind, r.risk) for r in table.rows] == [
        ("he", 0, ""), ("liu", 0, ""),
        ("qian", 7, "lapse"),
        ("wu", 3, ""),        # died on 2025-09-12: not a lapse risk
        ("zhou", 1, ""),      # transferred out
    ]
    # owed 960.00 + 105.00 (liu's October: the quarter is not over) + 320.00 + 147.00 + 54.00 = 1586.00;
    # paid 960 + 105 + 40 + 84 + 36 = 1225.00
    assert (str(table.owed), str(table.paid), str(table.balance), table.at_risk) == (
        "1586.00", "1225.00", "-361.00", 1)
    card = dues_table(balances(spring, "2025-11-01"), YearMonth(2025, 3), YearMonth(2025, 10), member="wu")
    assert [(str(r.month), r.behind, r.risk) for r in card.rows][-3:] == [
        ("2025-07", 1, ""), ("2025-08", 2, ""), ("2025-09", 3, "")]


def test_year_table_counts_a_prepayment_as_credit(year):
    # as of 2025-08-31 li has paid September (50.87) in advance: the table shows it as her balance,
    # as compute_balances does; "paid" is what was paid for January–August (251.74)
    table = dues_table(balances(year, "2025-08-31"), YearMonth(2025, 1), YearMonth(2025, 8))
    li = next(r for r in table.rows if r.member == "li")
    assert (str(li.owed), str(li.paid), str(li.balance)) == ("251.74", "251.74", "50.87")
    # her card: at the end of each month, the months of the quarter already paid are credit
    card = dues_table(balances(year, "2025-08-31"), YearMonth(2025, 1), YearMonth(2025, 8), member="li")
    assert [str(r.balance) for r in card.rows] == [
        "50.00", "25.00", "0.00",            # 2025-01-06 pays January–March: February, March ahead
        "50.00", "25.00", "0.00",            # 2025-04-07 pays April–June the same way
        "101.74", "50.87"]                   # 2025-07-08 pays July–September: 2 × 50.87, then 1 × 50.87
