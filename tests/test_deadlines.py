"""Issue 8.2 — ``records_start`` never hides an open obligation, and ``zhidu check``, ``zhidu member`` and
``zhidu overdue`` agree on every deadline (one computation: :mod:`zhidu_cli.schedule.deadlines`).

The rule: a fact dated on or after ``records_start`` is judged with every deadline it answers, wherever
that deadline falls; an obligation never met is judged when it was still open on ``records_start``.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from conftest import full_member
from zhidu_cli.cli.app import app
from zhidu_cli.schedule.deadlines import State, all_deadlines, reported
from zhidu_cli.workspace import check

ENV = {"NO_COLOR": "1", "COLUMNS": "120", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}
SELECT = ("DEV", "PRB")
DEADLINE_RULES = ("DEV001", "DEV007", "DEV009", "PRB002")
LIN = "members/lin-fang.yaml"


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def probationer(repo, *, records_start: str = "2026-09-01", conversion: str | None = None):
    """林芳, admitted on 2025-06-20 and approved a month later — before the records began on
    ``records_start``; probation ends on 2026-06-20, so the conversion is due by 2026-07-20."""
    repo.config(f"records_start: {records_start}\n")
    repo.member("wang-wu", full_member("wang-wu", "王五"))
    repo.member("zhao-liu", full_member("zhao-liu", "赵六"))
    history = """\
        name: 林芳
        group: g1
        history:
          - {date: 2025-06-20, event: admitted, introducers: [wang-wu, zhao-liu]}
          - {date: 2025-07-20, event: approved, by: 中共测试街道工作委员会}
        """
    if conversion:
        history += f"  - {{date: {conversion}, event: full, meeting: {conversion}-assembly}}\n"
        repo.write(f"meetings/{conversion[:4]}/{conversion}-assembly.yaml",
                   f"type: 支部党员大会\ndate: {conversion}\nattendees: [wang-wu, zhao-liu, lin-fang]\n")
    repo.member("lin-fang", history)


def codes(repo, as_of: str) -> list[tuple[str, str, int]]:
    return [(f.code, f.location.path, f.location.line) for f in repo.check(as_of, select=SELECT)]


def test_a_late_conversion_discussed_after_records_start_is_judged(repo):
    # the example: probation ended 2026-06-20, conversion discussed 2026-11-12, records from 2026-09-01
    probationer(repo, conversion="2026-11-12")
    [finding] = repo.check("2026-12-05", select=SELECT)
    assert (finding.code, finding.location.path, finding.location.line) == ("PRB002", LIN, 6)
    assert (finding.facts["end"], finding.facts["due"], finding.facts["discussed"]) == (
        dt.date(2026, 6, 20), dt.date(2026, 7, 20), dt.date(2026, 11, 12))


def test_a_conversion_still_not_discussed_when_the_records_begin_is_overdue(repo):
    probationer(repo)
    assert codes(repo, "2026-12-05") == [("PRB002", LIN, 4)]        # located at the admission
    result = run("member", "lin-fang", "-C", str(repo.root), "--as-of", "2026-12-05")
    assert "讨论转正，期限 2026-07-20（PRB002），已逾期 138 天" in result.stdout   # 2026-07-20 + 138 days
    assert "PRB002" in result.stdout.split("检查问题")[1]


def test_a_conversion_on_time_before_the_records_began_is_history(repo):
    probationer(repo, conversion="2026-07-10", records_start="2026-09-01")
    assert codes(repo, "2026-12-05") == []


def test_a_late_conversion_before_the_records_began_is_history(repo):
    # met (late) on 2026-08-30, before records_start: the branch does not answer for it in these records
    probationer(repo, conversion="2026-08-30", records_start="2026-09-01")
    assert codes(repo, "2026-12-05") == []


def test_an_obligation_superseded_before_the_records_began_is_history(repo):
    # applied in 1983 with no talk recorded, admitted in 1984: the talk is not an open obligation in 2025
    repo.config("records_start: 2025-01-01\n")
    repo.member("lao-li", """\
        name: 老李
        group: g1
        history:
          - {date: 1983-05-10, event: applied}
          - {date: 1984-06-01, event: admitted}
          - {date: 1984-07-20, event: approved, by: 中共某公社委员会}
          - {date: 1985-06-01, event: full}
        """)
    assert codes(repo, "2025-12-31") == []


def test_an_applicant_never_talked_with_is_reported_when_the_records_begin(repo):
    # applied 2024-11-05 (talk due 2024-12-05), records from 2025-01-01, still no talk: open, reported
    repo.config("records_start: 2025-01-01\n")
    repo.member("xu-li", "name: 徐丽\nhistory:\n  - {date: 2024-11-05, event: applied}\n")
    assert codes(repo, "2025-03-01") == [("DEV001", "members/xu-li.yaml", 3)]


def test_a_talk_after_records_start_answers_a_deadline_before_it(repo):
    repo.config("records_start: 2025-01-01\n")
    repo.member("xu-li", "name: 徐丽\nhistory:\n  - {date: 2024-11-05, event: applied}\n"
                         "  - {date: 2025-01-10, event: talked}\n")
    assert codes(repo, "2025-03-01") == [("DEV001", "members/xu-li.yaml", 4)]


def test_the_approval_window_answered_after_records_start(repo):
    # admitted 2026-05-10, approval due 2026-08-10, approved on 2026-09-15 with records from 2026-09-01
    repo.config("records_start: 2026-09-01\n")
    repo.member("wang-wu", full_member("wang-wu", "王五"))
    repo.member("zhao-liu", full_member("zhao-liu", "赵六"))
    repo.member("lin-fang", """\
        name: 林芳
        group: g1
        history:
          - {date: 2026-05-10, event: admitted, introducers: [wang-wu, zhao-liu]}
          - {date: 2026-09-15, event: approved, by: 中共测试街道工作委员会}
        """)
    assert codes(repo, "2026-10-01") == [("DEV007", LIN, 5)]


# --- one computation: check, member and overdue agree ---------------------------------------------------

def scenarios(repo):
    """A branch with every kind of deadline in every state, partly before ``records_start``."""
    repo.config("records_start: 2025-03-01\n")
    repo.member("wang-wu", full_member("wang-wu", "王五"))
    repo.member("zhao-liu", full_member("zhao-liu", "赵六"))
    repo.member("a-applicant", "name: 甲\nhistory:\n  - {date: 2025-01-05, event: applied}\n")
    repo.member("b-applicant", "name: 乙\nhistory:\n  - {date: 2025-10-05, event: applied}\n")
    repo.member("c-activist", "name: 丙\nhistory:\n  - {date: 2024-06-01, event: applied}\n"
                              "  - {date: 2024-06-20, event: talked}\n"
                              "  - {date: 2024-09-01, event: activist, sponsors: [wang-wu, zhao-liu]}\n"
                              "  - {date: 2025-04-01, event: assessed}\n")
    repo.member("d-admitted", "name: 丁\ngroup: g1\nhistory:\n"
                              "  - {date: 2025-06-01, event: admitted, introducers: [wang-wu, zhao-liu]}\n")
    repo.member("e-probation", "name: 戊\ngroup: g1\nhistory:\n"
                               "  - {date: 2024-10-01, event: admitted, introducers: [wang-wu, zhao-liu]}\n"
                               "  - {date: 2024-11-01, event: approved, by: 中共测试街道工作委员会}\n")


@pytest.mark.parametrize("as_of", ["2025-03-01", "2025-07-01", "2025-11-30", "2026-01-15"])
def test_check_member_and_overdue_agree_on_every_deadline(repo, as_of):
    scenarios(repo)
    day = dt.date.fromisoformat(as_of)
    ws = repo.workspace(select=DEADLINE_RULES)
    findings = {(f.code, f.facts["member"], f.facts["due"]) for f in check(ws, day).findings}
    deadlines = all_deadlines(ws.records, ws.settings, day)
    assert findings == {(d.rule, d.member, d.due) for d in deadlines if reported(d, day)}

    overdue = json.loads(run("overdue", str(repo.root), "--as-of", as_of, "-f", "json", "--all").stdout)
    listed = {(d["rule"], d["member"], d["due"]) for d in overdue["deadlines"] if d["state"] == "overdue"}
    assert listed == {(d.rule, d.member, d.due.isoformat()) for d in deadlines if d.state(day) is State.OVERDUE}
    assert listed <= {(code, member, due.isoformat()) for code, member, due in findings}

    for member_id in ("a-applicant", "b-applicant", "c-activist", "d-admitted", "e-probation"):
        view = json.loads(run("member", member_id, "-C", str(repo.root), "--as-of", as_of, "-f", "json").stdout)
        shown = {(d["rule"], d["due"]) for d in view["deadlines"] if d["state"] in ("overdue", "late", "missed")}
        mine = {(f["code"], f["facts"]["due"]) for f in view["findings"] if f["code"] in DEADLINE_RULES}
        assert shown == mine, member_id


def test_overdue_lists_member_deadlines_in_the_table(repo):
    probationer(repo)
    result = run("overdue", str(repo.root), "--as-of", "2026-12-05", "--lang", "en")
    assert result.exit_code == 0
    assert "Member deadlines as of 2026-12-05" in result.stdout
    row = next(line for line in result.stdout.splitlines() if "林芳" in line)
    assert "2026-07-20" in row and "PRB002" in row and "overdue 138 days" in row


def test_overdue_says_the_member_deadlines_apart_from_the_meetings(repo):
    probationer(repo)
    result = run("overdue", str(repo.root), "--as-of", "2026-12-05")
    assert result.stdout.rstrip().splitlines()[-1].endswith("；成员期限：已逾期 1 项，待办 0 项")
