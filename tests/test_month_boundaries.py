"""Issue 8.7 — one convention for the last day of a month: a month (a period) is still in time on its
last day and late from the next day, for dues (the table, DUE001/DUE005) and meetings alike.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import full_member
from zhidu_cli.cli.app import app

ENV = {"NO_COLOR": "1", "COLUMNS": "120", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}
DUES = "dues: {category: employed, base: [{from: 2020-01, amount: '4000.00'}]}\n"     # 40.00 a month


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def payer(repo, months: range, year: int = 2025):
    repo.config(f"records_start: {year}-01-01\n")
    repo.member("wang-wu", full_member("wang-wu", "王五") + DUES)
    for month in range(1, 13):
        paid = (f'  - {{member: wang-wu, amount: "40.00", paid_on: {year}-{month:02d}-05}}\n' if month in months
                else "  []\n")
        repo.write(f"dues/{year}-{month:02d}.yaml", f"month: {year}-{month:02d}\npayments:\n{paid}")


def test_on_5_december_a_member_paid_through_november_owes_nothing(repo):
    payer(repo, range(1, 12))
    document = json.loads(run("dues", "-C", str(repo.root), "--as-of", "2025-12-05", "-f", "json").stdout)
    [row] = document["rows"]
    assert (row["owed"], row["paid"], row["balance"], row["behind"]) == ("440.00", "440.00", "0.00", 0)
    card = json.loads(run("dues", "-C", str(repo.root), "--as-of", "2025-12-05", "--member", "wang-wu",
                          "-f", "json").stdout)
    last = card["rows"][-1]
    assert (last["month"], last["status"], last["owed"]) == ("2025-12", "not-due", "0.00")
    table = run("dues", "-C", str(repo.root), "--as-of", "2025-12-05")
    assert "-40.00" not in table.stdout


def test_a_month_paid_ahead_of_its_end_is_owed_and_paid_alike(repo):
    payer(repo, range(1, 13))
    [row] = json.loads(run("dues", "-C", str(repo.root), "--as-of", "2025-12-05", "-f", "json").stdout)["rows"]
    assert (row["owed"], row["paid"], row["balance"]) == ("480.00", "480.00", "0.00")


@pytest.mark.parametrize(("as_of", "behind", "severity"), [
    ("2025-07-31", 5, "warning"),       # July: the member can still pay on 31 July
    ("2025-08-01", 6, "error"),         # the day after: six months, the lapse
])
def test_the_lapse_count_takes_a_month_once_it_has_ended(repo, as_of, behind, severity):
    payer(repo, range(1, 2))                                        # January paid, nothing since
    [finding] = repo.check(as_of, select=("DUE005",))
    assert (finding.facts["count"], finding.severity.label) == (behind, severity)


def test_paying_on_the_last_day_is_in_time(repo):
    payer(repo, range(1, 2))
    repo.write("dues/2025-07.yaml", "month: 2025-07\npayments:\n"
                                    "  - {member: wang-wu, amount: \"240.00\", paid_on: 2025-07-31, "
                                    "months: [2025-02, 2025-03, 2025-04, 2025-05, 2025-06, 2025-07]}\n")
    assert repo.check("2025-08-01", select=("DUE005", "DUE001")) == ()


def test_meetings_and_dues_agree_on_the_last_day(repo):
    payer(repo, range(1, 7))                                        # paid through June
    repo.member("li-hua", full_member("li-hua", "李华", roles="  - {role: secretary, from: 2020-01-01}\n"))
    for month in range(1, 7):
        repo.write(f"meetings/2025/2025-{month:02d}-10-committee.yaml", f"type: 支委会\ndate: 2025-{month:02d}-10\n")
    on_the_day = json.loads(run("overdue", str(repo.root), "--as-of", "2025-07-31", "-f", "json").stdout)
    july = next(r for r in on_the_day["rows"] if r["code"] == "MTG001" and r["period"]["start"] == "2025-07-01")
    assert (july["status"], july["days_left"]) == ("due", 0)
    card = json.loads(run("dues", "-C", str(repo.root), "--as-of", "2025-07-31", "--member", "wang-wu",
                          "-f", "json").stdout)
    assert card["rows"][-1]["status"] == "not-due" and card["rows"][-1]["behind"] == 0
    the_next_day = json.loads(run("overdue", str(repo.root), "--as-of", "2025-08-01", "-f", "json").stdout)
    july = next(r for r in the_next_day["rows"] if r["code"] == "MTG001" and r["period"]["start"] == "2025-07-01")
    assert (july["status"], july["days_overdue"]) == ("overdue", 1)
    card = json.loads(run("dues", "-C", str(repo.root), "--as-of", "2025-08-01", "--member", "wang-wu",
                          "--month", "2025-07", "-f", "json").stdout)
    assert (card["rows"][-1]["status"], card["rows"][-1]["behind"]) == ("unpaid", 1)
