"""DUE001–DUE008 and NTC005: each rule passing and failing, with exact boundaries.

Background: 王五 (wang) is an employed member since 2000 with a base of 4000 (1% → 40.00 a month);
the dues records begin with the first ledger written in each test.
"""

from __future__ import annotations

import pytest

from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.rules.config import ConfigError
from zhidu_cli.rules.registry import by_code

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
DUES_LINE = 3          # the `dues:` key of WANG
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]


def ledger(repo, month: str, payments: str = "", published: str | None = "auto") -> None:
    """A ledger for ``month``, published on the 5th of the next month unless told otherwise."""
    if published == "auto":
        year, mon = int(month[:4]), int(month[5:])
        published = f"{year + mon // 12}-{mon % 12 + 1:02d}-05"
    head = f"month: {month}\n" + (f"published: {published}\n" if published else "")
    repo.write(f"dues/{month}.yaml", head + ("payments:\n" + payments if payments else "payments: []\n"))


def pay(member: str, amount: str, paid_on: str, extra: str = "") -> str:
    return f'  - {{member: {member}, amount: "{amount}", paid_on: {paid_on}{", " + extra if extra else ""}}}\n'


def paid_through(repo, last: str, member: str = "wang", amount: str = "40.00") -> None:
    """Ledgers from 2025-01 to ``last``, each with a payment of the month."""
    for month in MONTHS:
        if month > last:
            break
        ledger(repo, month, pay(member, amount, f"{month}-05"))


def finding(repo, as_of: str, code: str):
    found = [f for f in repo.check(as_of, select=(code,)) if f.code == code]
    assert len(found) == 1, found
    return found[0]


# --- DUE001 ---------------------------------------------------------------------------------------------

def test_due001_passes_when_every_month_is_paid(repo):
    repo.member("wang", WANG)
    paid_through(repo, "2025-06")
    assert repo.codes("2025-06-30", select=("DUE001",)) == []


def test_due001_reports_a_hole_before_a_paid_month(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-01")
    ledger(repo, "2025-02")
    ledger(repo, "2025-03", pay("wang", "40.00", "2025-03-05"))
    assert repo.codes("2025-03-31", select=("DUE001",)) == [("DUE001", "members/wang.yaml", DUES_LINE)]
    f = finding(repo, "2025-03-31", "DUE001")
    assert f.severity is Severity.ERROR
    assert f.message == "王五（wang）2025-01~2025-02 共 2 个月未交党费（计 80.00 元），而此后的月份已交"
    assert f.related[0].path == "dues/2025-01.yaml"


def test_due001_leaves_the_trailing_months_to_due005(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-01", pay("wang", "40.00", "2025-01-05"))
    ledger(repo, "2025-02")
    ledger(repo, "2025-03")
    assert repo.codes("2025-03-31", select=("DUE001",)) == []


def test_due001_transferred_out_with_unpaid_months(repo):
    repo.member("wang", WANG + "  - {date: 2025-03-20, event: transferred-out, place: 某社区党支部}\n")
    ledger(repo, "2025-01", pay("wang", "40.00", "2025-01-05"))
    assert repo.codes("2025-06-30", select=("DUE001",)) == [("DUE001", "members/wang.yaml", DUES_LINE)]
    assert finding(repo, "2025-06-30", "DUE001").message == \
        "王五（wang）于 2025-03-20 转出，2025-02~2025-03 共 2 个月的党费未交清（计 80.00 元）"


@pytest.mark.parametrize("event", ["lapsed", "deceased", "expelled", "withdrew"])
def test_due001_does_not_pursue_members_who_lapsed_or_died(repo, event):
    repo.member("wang", WANG + f"  - {{date: 2025-03-20, event: {event}}}\n")
    ledger(repo, "2025-01", pay("wang", "40.00", "2025-01-05"))
    assert repo.codes("2025-06-30", select=("DUE001",)) == []


def test_due001_member_without_dues_profile(repo):
    repo.member("li", "name: 李四\ngroup: g1\nhistory:\n  - {date: 2000-07-01, event: full}\n")
    ledger(repo, "2025-01", pay("li", "40.00", "2025-01-05"))
    assert repo.codes("2025-01-31", select=("DUE001",)) == [("DUE001", "members/li.yaml", 1)]


def test_due001_payment_before_the_start_and_after_leaving(repo):
    repo.member("zhao", """\
        name: 赵六
        dues: {category: employed, base: [{from: 2025-01, amount: "3000"}]}
        history:
          - {date: 2025-03-15, event: admitted}
          - {date: 2025-04-01, event: transferred-out}
        """)
    ledger(repo, "2025-01")
    ledger(repo, "2025-03", pay("zhao", "30.00", "2025-03-20", "months: [2025-02, 2025-03]"))
    ledger(repo, "2025-04", pay("zhao", "30.00", "2025-04-01", "months: [2025-04, 2025-05]"))
    found = [f for f in repo.check("2025-05-31", select=("DUE001",)) if f.code == "DUE001"]
    assert [(f.location.path, f.location.line, f.severity) for f in found] == [
        ("dues/2025-03.yaml", 4, Severity.WARNING), ("dues/2025-04.yaml", 4, Severity.WARNING)]
    assert found[0].message == "赵六（zhao）2025-03-20 的缴费包含 2025-02，但其党费从 2025-03 起交纳"
    assert found[1].message == "赵六（zhao）已于 2025-04-01 转出，2025-04-01 的缴费却包含 2025-05"


def test_due001_uses_the_approval_month_when_configured(repo):
    repo.config("dues: {start: approval}\n")
    repo.member("zhao", """\
        name: 赵六
        dues: {category: employed, base: [{from: 2025-01, amount: "3000"}]}
        history:
          - {date: 2025-03-15, event: admitted}
          - {date: 2025-05-10, event: approved}
        """)
    ledger(repo, "2025-01")
    ledger(repo, "2025-05", pay("zhao", "15.00", "2025-05-20"))
    assert repo.codes("2025-05-31", select=("DUE001",)) == []
    repo.config("")
    assert repo.codes("2025-05-31", select=("DUE001",)) == [("DUE001", "members/zhao.yaml", 2)]


# --- DUE002 ---------------------------------------------------------------------------------------------

EDGES = [
    ("employed", "3000", "15.00"), ("employed", "3000.01", "30.00"), ("employed", "5000", "50.00"),
    ("employed", "5000.01", "75.00"), ("employed", "10000", "150.00"), ("employed", "10000.01", "200.00"),
    ("retired", "5000", "25.00"), ("retired", "5000.01", "50.00"),
]


def _cents(amount: str, delta: int) -> str:
    whole, frac = amount.split(".")
    cents = int(whole) * 100 + int(frac) + delta
    return f"{cents // 100}.{cents % 100:02d}"


@pytest.mark.parametrize(("category", "base", "amount"), EDGES)
@pytest.mark.parametrize(("delta", "variant"), [(-1, "under"), (0, None), (1, "over")])
def test_due002_every_bracket_edge(repo, category, base, amount, delta, variant):
    repo.member("wang", WANG.replace("employed", category).replace('"4000"', f'"{base}"'))
    ledger(repo, "2025-01", pay("wang", _cents(amount, delta), "2025-01-05"))
    found = [f for f in repo.check("2025-01-31", select=("DUE002",)) if f.code == "DUE002"]
    if variant is None:
        assert found == []
    else:
        assert [(f.location.path, f.location.line) for f in found] == [("dues/2025-01.yaml", 4)]
        word = "少交" if variant == "under" else "多交"
        assert found[0].message == (f"王五（wang）2025-01-05 交纳 {_cents(amount, delta)} 元（2025-01），"
                                    f"按标准应交 {amount} 元，{word} 0.01 元")


@pytest.mark.parametrize(("amount", "ok"), [("0.19", False), ("0.20", True), ("1.00", True), ("1.01", False)])
def test_due002_farmer_range(repo, amount, ok):
    repo.member("nong", "name: 农民甲\ndues: {category: farmer}\nhistory:\n  - {date: 2000-07-01, event: full}\n")
    ledger(repo, "2025-01", pay("nong", amount, "2025-01-05"))
    assert (repo.codes("2025-01-31", select=("DUE002",)) == []) is ok


def test_due002_multi_month_payment_is_compared_as_a_sum(repo):
    repo.member("wang", WANG.replace('"4000"', '"3333"'))       # 33.33 a month
    ledger(repo, "2025-01", pay("wang", "99.99", "2025-01-05", "months: [2025-01, 2025-02, 2025-03]"))
    assert repo.codes("2025-03-31", select=("DUE002",)) == []


def test_due002_counts_credit_carried_in(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-01", pay("wang", "60.00", "2025-01-05"))        # 20.00 over: reported
    ledger(repo, "2025-02", pay("wang", "20.00", "2025-02-05"))        # 20.00 + 20.00 credit: on standard
    assert repo.codes("2025-02-28", select=("DUE002",)) == [("DUE002", "dues/2025-01.yaml", 4)]


def test_due002_cannot_assess(repo):
    repo.member("wang", WANG.replace('  base:\n    - {from: 2020-01, amount: "4000"}\n', ""))
    repo.member("kun", "name: 困难甲\ndues: {category: hardship}\nhistory:\n  - {date: 2000-07-01, event: full}\n")
    repo.member("nong", "name: 农民甲\ndues: {category: farmer, amount: \"2.00\"}\n"
                        "history:\n  - {date: 2000-07-01, event: full}\n")
    repo.member("li", WANG.replace("王五", "李四").replace("  category: employed\n",
                                                        "  category: employed\n  amount: \"40.00\"\n"))
    ledger(repo, "2025-01")
    found = sorted((f.location.path, f.location.line, f.message) for f in repo.check("2025-02-28", select=("DUE002",))
                   if f.code == "DUE002")
    assert found == [
        ("members/kun.yaml", 2, "困难甲（kun）为困难党员，但 2025-01~2025-02 没有党费减免决定，无法核定应交党费"),
        ("members/li.yaml", 5, "李四（li）为在职党员，按基数计算党费，dues.amount 不起作用"),
        ("members/nong.yaml", 2, "农民甲（nong）自选的月交纳金额 2.00 元不在农民标准 0.20–1.00 元之间"),
        ("members/wang.yaml", 3, "王五（wang）2025-01~2025-02 没有缴费基数，无法核定应交党费"),
    ]


def test_due002_waiver_needs_upper_approval(repo):
    repo.member("wang", WANG.replace("employed", "hardship"))
    repo.write("meetings/2024/2024-12-20-zwh.yaml", "type: 支委会\ndate: 2024-12-20\n")
    repo.write("decisions/2024/dw-01.yaml", """\
        meeting: 2024-12-20-zwh
        title: 王五党费减免
        kind: dues-waiver
        subject: wang
        waiver: {from: 2025-01, to: 2025-12, amount: "0"}
        """)
    ledger(repo, "2025-01")
    assert repo.codes("2025-01-31", select=("DUE002",)) == [("DUE002", "decisions/2024/dw-01.yaml", 5)]
    repo.write("decisions/2024/dw-01.yaml", (repo.root / "decisions/2024/dw-01.yaml").read_text(encoding="utf-8")
               + "approval: {date: 2024-12-28, by: 中共测试街道工作委员会}\n")
    assert repo.codes("2025-01-31", select=("DUE002",)) == []


# --- DUE003 / DUE004 --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("month", "late"), [("2025-01", False), ("2024-12", True)])
def test_due003_six_months_back_is_allowed_seven_is_not(repo, month, late):
    repo.member("wang", WANG)
    ledger(repo, "2025-07", pay("wang", "40.00", "2025-07-05", f"months: [{month}]"))
    expected = [("DUE003", "dues/2025-07.yaml", 4)] if late else []
    assert repo.codes("2025-07-31", select=("DUE003",)) == expected


def test_due003_message(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-07", pay("wang", "80.00", "2025-07-05", "months: [2024-12, 2025-01]"))
    f = finding(repo, "2025-07-31", "DUE003")
    assert (f.severity, f.message) == (Severity.ERROR,
                                       "王五（wang）2025-07-05 补交 2024-12 的党费，最早的已过去 7 个月，超过 6 个月")


@pytest.mark.parametrize(("month", "early"), [("2025-07", False), ("2025-08", True)])
def test_due004_six_months_ahead_is_allowed_seven_is_not(repo, month, early):
    repo.member("wang", WANG)
    ledger(repo, "2025-01", pay("wang", "40.00", "2025-01-05", f"months: [{month}]"))
    expected = [("DUE004", "dues/2025-01.yaml", 4)] if early else []
    assert repo.codes("2025-01-31", select=("DUE004",)) == expected


def test_due003_limit_is_a_parameter(repo):
    repo.config("rules: {DUE003: {months: 3}}\n")
    repo.member("wang", WANG)
    ledger(repo, "2025-07", pay("wang", "40.00", "2025-07-05", "months: [2025-03]"))
    assert repo.codes("2025-07-31", select=("DUE003",)) == [("DUE003", "dues/2025-07.yaml", 4)]


# --- DUE005 -----------------------------------------------------------------------------------------------

def _arrears(repo, unpaid_from: str = "2025-02") -> None:
    """Paid January, then nothing: ledgers exist, with no payment of wang."""
    repo.member("wang", WANG)
    ledger(repo, "2025-01", pay("wang", "40.00", "2025-01-05"))


@pytest.mark.parametrize(("as_of", "expected"), [
    ("2025-04-01", None),              # Feb, Mar: 2 months
    ("2025-04-30", None),              # April has not ended on its last day (one can still pay): still 2
    ("2025-05-01", Severity.WARNING),  # 3
    ("2025-07-01", Severity.WARNING),  # 5
    ("2025-07-31", Severity.WARNING),  # July not over: 5
    ("2025-08-01", Severity.ERROR),    # 6
])
def test_due005_boundaries(repo, as_of, expected):
    _arrears(repo)
    found = [f for f in repo.check(as_of, select=("DUE005",)) if f.code == "DUE005"]
    if expected is None:
        assert found == []
    else:
        assert [(f.location.path, f.location.line, f.severity) for f in found] == [
            ("members/wang.yaml", DUES_LINE, expected)]


def test_due005_warning_says_by_when_to_pay(repo):
    _arrears(repo)
    f = finding(repo, "2025-05-01", "DUE005")
    assert f.message == ("王五（wang）自 2025-02 起已连续 3 个月未交党费（计 120.00 元）；满 6 个月将按自行脱党处理，"
                         "最迟须在 2025-07-31 前交纳")
    assert f.related[0].path == "dues/2025-01.yaml"


def test_due005_error_asks_for_the_general_assembly(repo):
    _arrears(repo)
    f = finding(repo, "2025-08-01", "DUE005")
    assert f.message == "王五（wang）自 2025-02 起已连续 6 个月未交党费（计 240.00 元），无正当理由的应按自行脱党处理"
    assert "党章" in f.citation and "000 §六.5" in f.citation and "004 党员教育管理制度 7" in f.citation


def test_due005_a_recorded_reason_stops_the_count(repo):
    _arrears(repo)
    repo.member("wang", WANG + "  - {date: 2025-03-01, event: dues-deferred, until: 2025-06-30, reason: 住院治疗}\n")
    assert repo.codes("2025-08-01", select=("DUE005",)) == []      # July alone after the excuse
    assert repo.codes("2025-10-01", select=("DUE005",)) == [("DUE005", "members/wang.yaml", DUES_LINE)]


def test_due005_a_waiver_to_zero_is_not_arrears(repo):
    _arrears(repo)
    repo.write("meetings/2025/2025-01-20-zwh.yaml", "type: 支委会\ndate: 2025-01-20\n")
    repo.write("decisions/2025/dw-01.yaml", """\
        meeting: 2025-01-20-zwh
        title: 王五党费免交
        kind: dues-waiver
        subject: wang
        waiver: {from: 2025-02, to: 2025-12, amount: "0"}
        approval: {date: 2025-01-28, by: 中共测试街道工作委员会}
        """)
    assert repo.codes("2025-07-31", select=("DUE005",)) == []


def test_due005_silent_once_the_lapse_is_decided_or_recorded(repo):
    _arrears(repo)
    repo.write("meetings/2025/2025-08-10-dydh.yaml", "type: 支部党员大会\ndate: 2025-08-10\n")
    repo.write("decisions/2025/lapse-wang.yaml", "meeting: 2025-08-10-dydh\ntitle: 王五按自行脱党处理\n"
                                                  "kind: lapse\nsubject: wang\n")
    assert repo.codes("2025-08-09", select=("DUE005",)) == [("DUE005", "members/wang.yaml", DUES_LINE)]
    assert repo.codes("2025-08-31", select=("DUE005",)) == []
    repo.member("wang", WANG + "  - {date: 2025-08-20, event: lapsed}\n")
    repo.write("decisions/2025/lapse-wang.yaml", "meeting: 2025-08-10-dydh\ntitle: 王五按自行脱党处理\nkind: general\n")
    assert repo.codes("2025-09-30", select=("DUE005",)) == []


def test_due005_thresholds_are_parameters(repo):
    repo.config("rules: {DUE005: {warn_months: 2, error_months: 4}}\n")
    _arrears(repo)
    assert [f.severity for f in repo.check("2025-04-01", select=("DUE005",)) if f.code == "DUE005"] == [Severity.WARNING]
    assert [f.severity for f in repo.check("2025-06-01", select=("DUE005",)) if f.code == "DUE005"] == [Severity.ERROR]


# --- DUE006 -----------------------------------------------------------------------------------------------

def test_due006_proxy_by_a_member_passes(repo):
    repo.member("wang", WANG)
    repo.member("li", WANG.replace("王五", "李四"))
    ledger(repo, "2025-01", pay("wang", "40.00", "2025-01-05", "paid_by: li, note: 李四代交") +
           pay("li", "40.00", "2025-01-05", "note: 由女儿代交"))
    assert repo.codes("2025-01-31", select=("DUE006",)) == []


def test_due006_note_says_proxy_but_no_payer(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-01", pay("wang", "40.00", "2025-01-05", "note: 他人代交"))
    assert repo.codes("2025-01-31", select=("DUE006",)) == [("DUE006", "dues/2025-01.yaml", 4)]


def test_due006_payer_who_is_not_a_member(repo):
    repo.member("wang", WANG)
    repo.member("xiao", "name: 小陈\nhistory:\n  - {date: 2024-05-01, event: applied}\n")
    ledger(repo, "2025-01", pay("wang", "40.00", "2025-01-05", "paid_by: xiao"))
    f = finding(repo, "2025-01-31", "DUE006")
    assert (f.location.path, f.location.line) == ("dues/2025-01.yaml", 4)
    assert f.message == "王五（wang）2025-01-05 的党费由 小陈（xiao）代交，但其当时不是党员（入党申请人）"


# --- DUE007 -----------------------------------------------------------------------------------------------

AWAY = WANG + "  - {date: 2025-01-10, event: away, place: 深圳, certificate: card, reason: 务工, contact: x}\n"


def test_due007_mobile_member_paying_monthly_passes(repo):
    repo.member("wang", AWAY)
    ledger(repo, "2025-01", pay("wang", "40.00", "2025-01-05"))
    ledger(repo, "2025-02", pay("wang", "40.00", "2025-02-05", "elsewhere: true"))
    assert repo.codes("2025-02-28", select=("DUE007",)) == []


def test_due007_mobile_member_paying_a_quarter_without_agreement(repo):
    repo.member("wang", AWAY)
    ledger(repo, "2025-01", pay("wang", "40.00", "2025-01-05"))
    ledger(repo, "2025-03", pay("wang", "120.00", "2025-03-05", "months: [2025-02, 2025-03, 2025-04]"))
    assert repo.codes("2025-03-31", select=("DUE007",)) == [("DUE007", "dues/2025-03.yaml", 4)]
    repo.member("wang", AWAY.replace("  category: employed\n", "  category: employed\n  quarterly: true\n"))
    assert repo.codes("2025-03-31", select=("DUE007",)) == []


def test_due007_paid_elsewhere_needs_an_away_member(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-01", pay("wang", "40.00", "2025-01-05", "elsewhere: true"))
    assert repo.codes("2025-01-31", select=("DUE007",)) == [("DUE007", "dues/2025-01.yaml", 4)]


# --- DUE008 -----------------------------------------------------------------------------------------------

RAISED = WANG.replace('    - {from: 2020-01, amount: "4000"}\n',
                      '    - {from: 2020-01, amount: "4000"}\n    - {from: 2025-04, amount: "6000"}\n')


def test_due008_prepayment_at_the_old_base(repo):
    repo.member("wang", RAISED)
    ledger(repo, "2025-01", pay("wang", "240.00", "2025-01-05",
                                "months: [2025-01, 2025-02, 2025-03, 2025-04, 2025-05, 2025-06]"))
    found = [f for f in repo.check("2025-06-30", select=("DUE002", "DUE008")) if f.code in ("DUE002", "DUE008")]
    assert [(f.code, f.severity, f.location.line) for f in found] == [("DUE008", Severity.INFO, 4)]
    assert found[0].message == ("王五（wang）2025-01-05 按原基数交纳 240.00 元（2025-01、2025-02、2025-03、2025-04、"
                                "2025-05、2025-06），但自 2025-04 起适用新基数，应为 390.00 元，差额 150.00 元待补交")


def test_due008_paying_the_old_amount_after_the_change_is_an_underpayment(repo):
    repo.member("wang", RAISED)
    ledger(repo, "2025-04", pay("wang", "40.00", "2025-04-05"))
    assert repo.codes("2025-04-30", select=("DUE002", "DUE008")) == [("DUE002", "dues/2025-04.yaml", 4)]


def test_due008_two_bases_from_the_same_month(repo):
    repo.member("wang", WANG.replace('    - {from: 2020-01, amount: "4000"}\n',
                                     '    - {from: 2020-01, amount: "4000"}\n    - {from: 2020-01, amount: "4100"}\n'))
    ledger(repo, "2025-01", pay("wang", "41.00", "2025-01-05"))
    found = [f for f in repo.check("2025-01-31", select=("DUE",)) if f.code.startswith("DUE")]
    assert [(f.code, f.severity, f.location.line) for f in found] == [("DUE008", Severity.WARNING, 7)]
    assert found[0].related[0].line == 6


# --- NTC005 -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("published", "late"), [("2025-04-10", False), ("2025-04-11", True)])
def test_ntc005_published_by_the_tenth(repo, published, late):
    repo.member("wang", WANG)
    ledger(repo, "2025-03", pay("wang", "40.00", "2025-03-05"), published=published)
    expected = [("NTC005", "dues/2025-03.yaml", 2)] if late else []
    assert repo.codes("2025-04-30", select=("NTC005",)) == expected


def test_ntc005_not_before_the_deadline_has_passed(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-03", pay("wang", "40.00", "2025-03-05"), published=None)
    assert repo.codes("2025-04-10", select=("NTC005",)) == []
    assert repo.codes("2025-04-11", select=("NTC005",)) == [("NTC005", "dues/2025-03.yaml", 1)]


def test_ntc005_missing_ledger(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-01", pay("wang", "40.00", "2025-01-05"))
    ledger(repo, "2025-03", pay("wang", "80.00", "2025-03-05", "months: [2025-02, 2025-03]"))
    assert repo.codes("2025-04-30", select=("NTC005",)) == [("NTC005", "dues/2025-02.yaml", 0)]
    assert finding(repo, "2025-04-30", "NTC005").message == \
        "没有 2025-02 的党费账簿，收缴情况未按月公布（应在 2025-03-10 前）"


# --- the whole family -----------------------------------------------------------------------------------

def test_clean_ledger_year_has_no_dues_findings(repo):
    repo.member("wang", WANG)
    repo.member("li", WANG.replace("王五", "李四"))
    for month in MONTHS:
        ledger(repo, month, pay("wang", "40.00", f"{month}-05") + pay("li", "40.00", f"{month}-06", "paid_by: wang"))
    assert repo.codes("2025-12-31", select=("DUE", "NTC005")) == []   # December may be published until 2026-01-10
    assert repo.codes("2026-01-31", select=("DUE", "NTC005")) == []


def test_bad_dues_configuration_stops_the_run(repo):
    repo.config("dues:\n  start: 上个月\n")
    with pytest.raises(ConfigError) as error:
        repo.workspace()
    problem = error.value.problems[0]
    assert (problem.code, problem.location.path, problem.location.line, problem.variant) == ("CFG003", "zhidu.yaml", 7, "dues")
    assert "dues.start" in problem.facts["detail_en"]


@pytest.mark.parametrize("code", ["DUE001", "DUE002", "DUE003", "DUE004", "DUE005", "DUE006", "DUE007", "DUE008",
                                  "NTC005"])
def test_citations_and_messages_in_both_languages(code):
    rule = by_code()[code]
    assert rule.citation.strip()
    for message in rule.messages.values():
        assert message.zh.strip() and message.en.strip()
    assert rule.examples


def test_english_messages(repo):
    _arrears(repo)
    found = [f for f in repo.check("2025-08-01", select=("DUE005",), lang="en") if f.code == "DUE005"]
    assert found[0].message == ("王五 (wang) has paid nothing for 6 consecutive months since 2025-02 (240.00 yuan): "
                                "without a valid reason this is a lapse (自行脱党)")


def test_due001_payment_for_someone_who_owes_no_dues(repo):
    repo.member("wang", WANG)
    repo.member("xiao", "name: 小陈\nhistory:\n  - {date: 2024-05-01, event: applied}\n")
    ledger(repo, "2025-01", pay("wang", "40.00", "2025-01-05") + pay("xiao", "10.00", "2025-01-06"))
    f = finding(repo, "2025-01-31", "DUE001")
    assert (f.location.path, f.location.line, f.severity) == ("dues/2025-01.yaml", 5, Severity.WARNING)
    assert f.message == "小陈（xiao）不是需交纳党费的党员，2025-01-06 的缴费却包含 2025-01"


def test_due002_a_short_payment_topped_up_later_is_not_reported(repo):
    repo.member("wang", WANG)
    ledger(repo, "2025-01", pay("wang", "30.00", "2025-01-05"))
    assert repo.codes("2025-01-31", select=("DUE002",)) == [("DUE002", "dues/2025-01.yaml", 4)]
    ledger(repo, "2025-02", pay("wang", "40.00", "2025-02-05") + pay("wang", "10.00", "2025-02-05", "months: [2025-01], note: 补足1月"))
    assert repo.codes("2025-02-28", select=("DUE002",)) == []


def test_due007_transfer_month_paid_at_the_previous_organization(repo):
    repo.member("ma", "name: 马丽\ndues: {category: employed, base: [{from: 2020-01, amount: \"4000\"}]}\n"
                      "history:\n  - {date: 2025-02-12, event: transferred-in, status: full}\n")
    repo.member("wang", WANG)
    ledger(repo, "2025-01", pay("wang", "40.00", "2025-01-05"))
    ledger(repo, "2025-02", pay("ma", "40.00", "2025-02-12", "elsewhere: true, note: 原党组织已收至2月"))
    assert repo.codes("2025-02-28", select=("DUE",)) == []


@pytest.mark.parametrize(("event", "expected"), [
    ("deceased", []),                                              # not pursued
    ("lapsed", []),
    ("transferred-out", [("DUE001", "members/wang.yaml", DUES_LINE)]),   # arrears to settle, not a lapse
])
def test_due005_never_for_a_member_who_left_in_the_as_of_month(repo, event, expected):
    repo.member("wang", WANG + f"  - {{date: 2025-07-10, event: {event}}}\n")
    ledger(repo, "2025-01", pay("wang", "40.00", "2025-01-05"))
    assert repo.codes("2025-07-31", select=("DUE",)) == expected


def test_due001_the_transfer_month_is_due_on_the_day_of_transfer(repo):
    repo.member("wang", WANG + "  - {date: 2025-03-20, event: transferred-out}\n")
    ledger(repo, "2025-01", pay("wang", "40.00", "2025-01-05"))
    ledger(repo, "2025-02", pay("wang", "40.00", "2025-02-05"))
    assert repo.codes("2025-03-19", select=("DUE",)) == []
    assert repo.codes("2025-03-20", select=("DUE",)) == [("DUE001", "members/wang.yaml", DUES_LINE)]


def test_months_that_cannot_be_assessed_are_not_counted_as_arrears(repo):
    # hardship without a waiver, no dues profile: the record is what is wrong (DUE002 / DUE001),
    # not a lapse of "0.00 yuan"
    repo.member("kun", "name: 困难甲\ndues: {category: hardship}\nhistory:\n  - {date: 2000-07-01, event: full}\n")
    repo.member("np", "name: 无档案\nhistory:\n  - {date: 2000-07-01, event: full}\n")
    repo.member("wang", WANG)
    for month in MONTHS[:7]:
        ledger(repo, month, pay("wang", "40.00", f"{month}-05"))
    assert repo.codes("2025-07-31", select=("DUE",)) == [
        ("DUE002", "members/kun.yaml", 2), ("DUE001", "members/np.yaml", 1)]
