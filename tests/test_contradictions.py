"""Issue 8.5 — contradictions are findings: present and absent at once (REF006), a month paid twice
(DUE010), and an imported row whose note names another month (never booked on a guess).
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from conftest import full_member
from zhidu_cli.cli.app import app

ENV = {"NO_COLOR": "1", "COLUMNS": "120", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}
MEETING = "meetings/2025/2025-03-05-committee.yaml"


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


# --- present and absent -----------------------------------------------------------------------------

def committee(repo, absent: str):
    repo.config("records_start: 2025-03-01\n")
    for member_id, name, role in (("li-hua", "李华", "secretary"), ("zhao-lei", "赵磊", "committee-member"),
                                  ("zhou-min", "周敏", "committee-member")):
        repo.member(member_id, full_member(member_id, name, roles=f"  - {{role: {role}, from: 2020-01-01}}\n"))
    repo.write(MEETING, f"""\
        type: 支委会
        date: 2025-03-05
        chair: li-hua
        recorder: zhao-lei
        attendees: [li-hua, zhao-lei, zhou-min]
        absent:
          - {absent}
        agenda:
          - {{title: 研究三月工作, summary: 逐项研究。}}
        """)


def test_a_member_both_present_and_absent_is_one_finding(repo):
    committee(repo, "{member: zhou-min, reason: 出差}")
    [finding] = repo.check("2025-03-31", select=("REF", "QRM", "CND", "MTG001"))
    assert (finding.code, finding.location.path, finding.location.line) == ("REF006", MEETING, 7)
    assert finding.related[0].line == 5                               # where 周敏 is listed present
    assert "周敏" in finding.message and "attendees" in finding.message


def test_a_member_absent_only_is_no_contradiction(repo):
    committee(repo, "{member: li-hua, reason: 出差}")                  # wrongly present too: REF006
    assert [f.code for f in repo.check("2025-03-31", select=("REF",))] == ["REF006"]
    repo.write(MEETING, (repo.root / MEETING).read_text(encoding="utf-8")
               .replace("attendees: [li-hua, zhao-lei, zhou-min]", "attendees: [zhao-lei, zhou-min]"))
    assert [f.code for f in repo.check("2025-03-31", select=("REF",))] == []


# --- a month paid twice -----------------------------------------------------------------------------------

def payer(repo):
    repo.config("records_start: 2025-01-01\n")
    repo.member("wang-wu", full_member("wang-wu", "王五")
                + "dues: {category: employed, base: [{from: 2020-01, amount: '4000.00'}]}\n")   # 40.00 a month


def ledger(repo, month: str, *payments: str):
    repo.write(f"dues/{month}.yaml", f"month: {month}\npublished: {month}-28\npayments:\n"
               + "".join(f"  - {p}\n" for p in payments))


def test_prepaid_then_paid_again_in_the_later_ledger(repo):
    payer(repo)
    ledger(repo, "2025-01", '{member: wang-wu, amount: "40.00", paid_on: 2025-01-10}')
    ledger(repo, "2025-02", '{member: wang-wu, amount: "80.00", paid_on: 2025-02-10, months: [2025-02, 2025-03]}')
    ledger(repo, "2025-03", '{member: wang-wu, amount: "40.00", paid_on: 2025-03-10}')
    [finding] = repo.check("2025-04-15", select=("DUE", "NTC005"))
    assert (finding.code, finding.location.path, finding.location.line) == ("DUE010", "dues/2025-03.yaml", 4)
    assert finding.facts["months"] == "2025-03" and str(finding.facts["first_paid_on"]) == "2025-02-10"
    assert finding.related[0].path == "dues/2025-02.yaml"


def test_the_same_payment_twice_in_one_ledger(repo):
    payer(repo)
    ledger(repo, "2025-01", '{member: wang-wu, amount: "40.00", paid_on: 2025-01-10}',
           '{member: wang-wu, amount: "40.00", paid_on: 2025-01-10}')
    assert [(f.code, f.location.line) for f in repo.check("2025-02-15", select=("DUE", "NTC005"))] == [("DUE010", 5)]


def test_two_partial_payments_that_add_up_are_not_twice(repo):
    payer(repo)
    ledger(repo, "2025-01", '{member: wang-wu, amount: "25.00", paid_on: 2025-01-10}',
           '{member: wang-wu, amount: "15.00", paid_on: 2025-01-20, note: 补足}')
    assert [f.code for f in repo.check("2025-02-15", select=("DUE010",))] == []


def test_a_quarter_prepaid_and_each_month_paid_again_is_one_finding_per_payment(repo):
    payer(repo)
    ledger(repo, "2025-01", '{member: wang-wu, amount: "120.00", paid_on: 2025-01-10, '
                            'months: [2025-01, 2025-02, 2025-03]}')
    ledger(repo, "2025-02", '{member: wang-wu, amount: "80.00", paid_on: 2025-02-10, months: [2025-02, 2025-03]}')
    ledger(repo, "2025-03")
    [finding] = repo.check("2025-04-15", select=("DUE010",))
    assert (finding.location.path, finding.facts["months"]) == ("dues/2025-02.yaml", "2025-02~2025-03")


# --- an imported row whose note names another month -------------------------------------------------------

@pytest.fixture
def importing(repo):
    payer(repo)
    repo.member("li-qiang", full_member("li-qiang", "李强")
                + "dues: {category: retired, base: [{from: 2020-01, amount: '3000.00'}]}\n")
    return repo


def csv(repo, *rows: str):
    path = repo.root / "bank.csv"
    path.write_text("\n".join(("姓名,金额,日期,月份,备注", *rows)) + "\n", encoding="utf-8")
    return path


def test_a_note_naming_another_month_stops_the_import(importing):
    path = csv(importing, "王五,40.00,2025-12-05,,", "李强,15.00,2025-12-06,,补交11月")
    result = run("dues", "import", str(path), "--month", "2025-12", "-C", str(importing.root))
    assert result.exit_code == 1
    assert "bank.csv:3" in result.stderr and "补交11月" in result.stderr and "2025-11" in result.stderr
    assert "--row-month 3=2025-11" in result.stderr
    assert not (importing.root / "dues" / "2025-12.yaml").exists()


def test_the_row_is_placed_by_the_months_column(importing):
    path = csv(importing, "王五,40.00,2025-12-05,,", "李强,15.00,2025-12-06,2025-11,补交11月")
    result = run("dues", "import", str(path), "--month", "2025-12", "-C", str(importing.root), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "months: [2025-11]" in result.stdout


def test_the_row_is_placed_by_row_month_and_the_plan_shows_it(importing):
    path = csv(importing, "王五,40.00,2025-12-05,,", "李强,15.00,2025-12-06,,补交11月")
    result = run("dues", "import", str(path), "--month", "2025-12", "-C", str(importing.root), "--dry-run",
                 "--row-month", "3=2025-11")
    assert result.exit_code == 0, result.stderr
    line = next(l for l in result.stdout.splitlines() if "li-qiang" in l)
    assert "months: [2025-11]" in line and "补交11月" in line


def test_a_note_contradicting_the_months_column_stops_the_import(importing):
    path = csv(importing, "李强,15.00,2025-12-06,2025-12,补交11月")
    result = run("dues", "import", str(path), "--month", "2025-12", "-C", str(importing.root), "--dry-run")
    assert result.exit_code == 1 and "与月份列 2025-12 不符" in result.stderr


@pytest.mark.parametrize("note", ["12月党费", "12月5日微信转账", "2025-12-05转账", "由女儿代交"])
def test_a_note_about_the_import_month_or_a_day_is_fine(importing, note):
    path = csv(importing, f"李强,15.00,2025-12-06,,{note}")
    result = run("dues", "import", str(path), "--month", "2025-12", "-C", str(importing.root), "--dry-run")
    assert result.exit_code == 0, result.stderr


def test_row_month_must_name_a_payment_row(importing):
    path = csv(importing, "李强,15.00,2025-12-06,,")
    result = run("dues", "import", str(path), "--month", "2025-12", "-C", str(importing.root), "--dry-run",
                 "--row-month", "9=2025-11")
    assert result.exit_code == 1 and "bank.csv:9" in result.stderr
    bad = run("dues", "import", str(path), "--month", "2025-12", "-C", str(importing.root), "--row-month", "x")
    assert bad.exit_code == 2
