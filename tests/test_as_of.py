"""Issue 8.3 — an audit as of a past date: "were we compliant at the end of October?" in a repository
that already holds November's records.

With an explicit as-of date (``--as-of`` or ``ZHIDU_AS_OF``) records dated after it are treated as not
yet written: left out of every rule, counted, and said once. Without one (today), REF005 reports them.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from conftest import full_member
from zhidu_cli.cli.app import app

ENV = {"NO_COLOR": "1", "COLUMNS": "120", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}
OCTOBER = "2026-10-31"


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(app, list(args), env={**ENV, **(env or {})})


def branch(repo):
    """A branch whose October is in order, and whose November is already on file — with mistakes."""
    repo.config("records_start: 2026-10-01\nselect: [REF, QRM, PRB, DUE, NTC005]\n")
    repo.member("wang-wu", full_member("wang-wu", "王五") + "dues: {category: retired, base: [{from: 2026-01, amount: '3000.00'}]}\n")
    repo.member("zhao-liu", full_member("zhao-liu", "赵六") + "dues: {category: retired, base: [{from: 2026-01, amount: '3000.00'}]}\n")
    repo.member("lin-fang", """\
        name: 林芳
        group: g1
        dues: {category: retired, base: [{from: 2026-01, amount: '3000.00'}]}
        history:
          - {date: 2025-10-20, event: admitted, introducers: [wang-wu, zhao-liu]}
          - {date: 2025-11-05, event: approved, by: 中共测试街道工作委员会}
          - {date: 2026-11-12, event: full, meeting: 2026-11-12-assembly}
        """)
    repo.write("meetings/2026/2026-10-15-assembly.yaml",
               "type: 支部党员大会\ndate: 2026-10-15\nattendees: [wang-wu, zhao-liu, lin-fang]\n")
    # November: the assembly that converted 林芳 — inquorate (one of two voting members): a November finding
    repo.write("meetings/2026/2026-11-12-assembly.yaml",
               "type: 支部党员大会\ndate: 2026-11-12\nattendees: [lin-fang]\nabsent: [wang-wu, zhao-liu]\n")
    repo.write("dues/2026-10.yaml", """\
        month: 2026-10
        published: 2026-11-05
        payments:
          - {member: wang-wu, amount: "15.00", paid_on: 2026-10-08}
          - {member: zhao-liu, amount: "15.00", paid_on: 2026-10-09}
          - {member: lin-fang, amount: "15.00", paid_on: 2026-10-09}
          - {member: lin-fang, amount: "15.00", paid_on: 2026-11-03, months: 2026-11}
        """)
    repo.write("dues/2026-11.yaml", "month: 2026-11\npayments:\n  - {member: wang-wu, amount: '15.00', paid_on: 2026-11-08}\n")
    return repo


def test_an_audit_as_of_the_end_of_october_leaves_november_out(repo):
    branch(repo)
    result = run("check", str(repo.root), "--as-of", OCTOBER, "-f", "json")
    document = json.loads(result.stdout)
    assert document["findings"] == [] and result.exit_code == 0
    # two November files; inside October's files: 林芳's conversion, a November payment, the publication
    assert document["left_out"] == {"files": ["dues/2026-11.yaml", "meetings/2026/2026-11-12-assembly.yaml"],
                                    "entries": 3}


def test_the_summary_says_it_once(repo):
    branch(repo)
    result = run("check", str(repo.root), "--as-of", OCTOBER)
    assert result.stderr.count("视为尚未写入") == 1
    assert "晚于检查日期 2026-10-31 的2 个文件和其他文件中的 3 条记录视为尚未写入，未参与检查" in result.stderr
    english = run("check", str(repo.root), "--as-of", OCTOBER, "--lang", "en")
    assert "2 files and 3 entries in other files dated after 2026-10-31 left out" in english.stderr


def test_zhidu_as_of_is_an_explicit_date_too(repo):
    branch(repo)
    result = run("check", str(repo.root), "-f", "json", env={"ZHIDU_AS_OF": OCTOBER})
    assert json.loads(result.stdout)["findings"] == []


def test_without_a_date_later_records_are_ref005(repo, monkeypatch):
    branch(repo)
    monkeypatch.setattr("zhidu_cli.cli.common.today", lambda: dt.date(2026, 10, 31))
    result = run("check", str(repo.root), "-f", "json", "--select", "REF005")
    where = sorted((f["path"], f["line"]) for f in json.loads(result.stdout)["findings"])
    assert where == [("dues/2026-10.yaml", 2), ("dues/2026-10.yaml", 7), ("dues/2026-11.yaml", 3),
                     ("meetings/2026/2026-11-12-assembly.yaml", 2), ("members/lin-fang.yaml", 7)]
    assert "left_out" not in json.loads(result.stdout)


def test_november_is_judged_as_of_the_end_of_november(repo):
    branch(repo)
    document = json.loads(run("check", str(repo.root), "--as-of", "2026-11-30", "-f", "json").stdout)
    assert "QRM001" in {f["code"] for f in document["findings"]}
    assert "left_out" not in document


def test_every_command_that_takes_as_of_leaves_later_records_out(repo):
    branch(repo)
    member = json.loads(run("member", "lin-fang", "-C", str(repo.root), "--as-of", OCTOBER, "-f", "json").stdout)
    assert member["member"]["status"] == "probationary"           # the conversion of 12 November is not written yet
    assert [d["state"] for d in member["deadlines"] if d["rule"] == "PRB002"] == ["pending"]
    result = run("member", "lin-fang", "-C", str(repo.root), "--as-of", OCTOBER)
    assert "视为尚未写入" in result.stderr and "视为尚未写入" not in result.stdout

    dues = json.loads(run("dues", "-C", str(repo.root), "--as-of", OCTOBER, "--month", "2026-10",
                          "--output-format", "json").stdout)
    lin = next(r for r in dues["rows"] if r["member"] == "lin-fang")
    assert lin["balance"] == "0.00"                                # the November prepayment is not written yet
    overdue = run("overdue", str(repo.root), "--as-of", OCTOBER)
    assert overdue.exit_code == 0 and "视为尚未写入" in overdue.stderr


@pytest.mark.parametrize("command", [["overdue"], ["dues"]])
def test_nothing_is_said_when_nothing_is_later(repo, command):
    branch(repo)
    result = run(*command, *(["-C"] if command == ["dues"] else []), str(repo.root), "--as-of", "2026-12-31")
    assert "视为尚未写入" not in result.stderr


def test_a_conversion_dated_back_to_the_end_of_probation_is_not_a_fact_before_its_assembly(repo):
    # 林芳's probation ended 2026-10-20; the assembly of 2026-11-12 converted her, the event is dated 10-20
    branch(repo)
    text = (repo.root / "members/lin-fang.yaml").read_text(encoding="utf-8")
    repo.write("members/lin-fang.yaml", text.replace("{date: 2026-11-12, event: full",
                                                     "{date: 2026-10-20, event: full"))
    member = json.loads(run("member", "lin-fang", "-C", str(repo.root), "--as-of", OCTOBER, "-f", "json").stdout)
    assert member["member"]["status"] == "probationary"
    later = json.loads(run("member", "lin-fang", "-C", str(repo.root), "--as-of", "2026-11-30", "-f", "json").stdout)
    assert later["member"]["status"] == "full"


def test_render_as_of_a_past_date_says_a_later_meeting_is_not_written_yet(repo):
    branch(repo)
    result = run("render", "minutes", "2026-11-12-assembly", "-C", str(repo.root), "--as-of", OCTOBER)
    assert result.exit_code == 2 and "晚于检查日期" in result.stderr
    assert run("render", "minutes", "2026-11-12-assembly", "-C", str(repo.root), "--as-of", "2026-11-30").exit_code == 0


def test_the_view_keeps_every_record_with_nothing_later_as_it_was(repo):
    """Nothing dated after the day: the view holds the very same record objects (nothing is copied), and
    a record with one later entry is copied without it, its other entries kept as they were."""
    from zhidu_cli.model.asof import records_as_of
    from zhidu_cli.workspace import open_workspace

    records = open_workspace(branch(repo).root, cache=False).records
    view, left_out = records_as_of(records, dt.date(2026, 12, 31))
    assert left_out.total == 0
    assert all(view.members[m] is records.members[m] for m in records.members)
    assert all(a is b for a, b in zip(view.meetings, records.meetings)) and len(view.meetings) == len(records.meetings)
    assert all(view.ledgers[month] is ledger for month, ledger in records.ledgers.items())

    october = dt.date(2026, 10, 31)
    view, left_out = records_as_of(records, october)
    ledger = next(ledger for month, ledger in records.ledgers.items() if str(month) == "2026-10")
    kept = next(ledger for month, ledger in view.ledgers.items() if str(month) == "2026-10")
    assert kept is not ledger and kept.published is None                  # published in November: not yet
    assert kept.payments == ledger.payments[:3] and all(a is b for a, b in zip(kept.payments, ledger.payments))
    assert view.members["wang-wu"] is records.members["wang-wu"]          # nothing of his is later
    assert view.members["lin-fang"].history == records.members["lin-fang"].history[:2]
    # the November meeting and ledger files, the later payment, the publication, 林芳's conversion
    assert left_out.files == ("dues/2026-11.yaml", "meetings/2026/2026-11-12-assembly.yaml")
    assert left_out.entries == 3
