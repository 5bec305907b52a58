"""``zhidu overdue``: the schedule as a table (pinned by golden files) and as JSON, and its agreement
with ``zhidu check``.

Golden files live in ``tests/golden/overdue/``. After an intended change of output, regenerate them
and review the diff before committing:

    ZHIDU_UPDATE_GOLDEN=1 pytest tests/test_overdue_cli.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import full_member
from typer.testing import CliRunner

from zhidu_cli.cli.app import app

GOLDEN = Path(__file__).parent / "golden" / "overdue"
UPDATE = os.environ.get("ZHIDU_UPDATE_GOLDEN") == "1"
ENV = {"NO_COLOR": "1", "COLUMNS": "120", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}
AS_OF = "2025-05-10"


def branch(repo):
    """A branch checked from 2025: two groups, a committee meeting missed in March, g2 silent since January."""
    repo.config("records_start: 2025-01-01\n")
    repo.member("wang", full_member("wang", "王五"))
    repo.member("li", full_member("li", "李四", group="g2"))
    for day in ("2025-01-08", "2025-02-12", "2025-04-09"):
        repo.write(f"meetings/2025/{day}-committee.yaml", f"type: [支委会, 两委联席会议]\ndate: {day}\n")
    for day in ("2025-01-15", "2025-02-15", "2025-03-15", "2025-04-15"):
        repo.write(f"meetings/2025/{day}-theme-day.yaml",
                   f"type: [主题党日, 党小组会, 远程教育收看, 学习活动]\ndate: {day}\ngroup: g1\n")
    repo.write("meetings/2025/2025-01-16-g2.yaml", "type: 党小组会\ndate: 2025-01-16\ngroup: g2\n")
    repo.write("meetings/2025/2025-03-28-assembly.yaml",
               "type: [支部党员大会, 党课, 承诺公示, 社区工作联席会]\ndate: 2025-03-28\n")
    return repo


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run with ZHIDU_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_golden(repo, lang):
    branch(repo)
    result = run("overdue", str(repo.root), "--as-of", AS_OF, "--lang", lang)
    assert result.exit_code == 0, result.output
    golden(f"table.{lang}.txt", result.stdout)


def test_json_golden(repo):
    branch(repo)
    result = run("overdue", str(repo.root), "--as-of", AS_OF, "--output-format", "json")
    assert result.exit_code == 0, result.output
    golden("schedule.json", result.stdout)


def test_json_shape(repo):
    branch(repo)
    document = json.loads(run("overdue", str(repo.root), "--as-of", AS_OF, "-f", "json").stdout)
    assert (document["format_version"], document["as_of"], document["horizon_days"]) == (1, AS_OF, 0)
    march = next(r for r in document["rows"] if r["body"] == "branch-committee" and r["status"] == "overdue")
    assert march == {
        "code": "MTG001", "body": "branch-committee", "body_zh": "支委会", "body_en": "branch committee meeting",
        "group": None, "group_name": None,
        "period": {"kind": "month", "start": "2025-03-01", "end": "2025-03-31", "label": "2025年3月"},
        "required": 1, "held": 0, "status": "overdue", "days_left": None, "days_overdue": 40,
        "last_meeting": {"id": "2025-02-12-committee", "date": "2025-02-12",
                         "path": "meetings/2025/2025-02-12-committee.yaml"},
    }
    assert {r["status"] for r in document["rows"]} == {"due", "overdue"}      # held rows only with --all


def test_all_shows_held_periods_too(repo):
    branch(repo)
    document = json.loads(run("overdue", str(repo.root), "--as-of", AS_OF, "-f", "json", "--all").stdout)
    committee = [(r["period"]["label"], r["status"]) for r in document["rows"] if r["code"] == "MTG001"]
    assert committee == [("2025年1月", "held"), ("2025年2月", "held"), ("2025年3月", "overdue"),
                         ("2025年4月", "held"), ("2025年5月", "due")]


def test_horizon_shows_what_falls_due_next(repo):
    branch(repo)
    # as of May 10, June begins in 22 days: --horizon 21 does not reach it, --horizon 22 does
    for horizon, expected in (("21", ["2025年3月", "2025年5月"]), ("22", ["2025年3月", "2025年5月", "2025年6月"])):
        document = json.loads(run("overdue", str(repo.root), "--as-of", AS_OF, "-f", "json",
                                  "--horizon", horizon).stdout)
        assert [r["period"]["label"] for r in document["rows"] if r["code"] == "MTG001"] == expected
    june = [r for r in document["rows"] if r["code"] == "MTG001"][-1]
    assert (june["status"], june["days_left"], june["days_overdue"]) == ("due", 51, None)


def test_nothing_due_says_so(repo):
    repo.config("records_start: 2025-01-01\n")           # no members: nothing has to meet
    result = run("overdue", str(repo.root), "--as-of", AS_OF)
    assert (result.exit_code, result.stdout) == (0, "截至 2025-05-10 没有待召开或已逾期的会议\n")


def test_a_bad_repository_exits_2(repo, tmp_path):
    assert run("overdue", str(tmp_path / "nowhere"), "--as-of", AS_OF).exit_code == 2
    repo.config("rules:\n  MTG001: {per: fortnight}\n")
    result = run("overdue", str(repo.root), "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "CFG003" in result.stderr


def test_a_broken_zhidu_yaml_exits_2(repo):
    repo.write("zhidu.yaml", "name: 支部\nrecords_start: 2025-13-01\n")
    result = run("overdue", str(repo.root), "--as-of", AS_OF)
    assert (result.exit_code, result.stderr) == (2, "zhidu: zhidu.yaml 有错误，无法排期；运行 zhidu check 查看\n")


def test_unusable_meeting_files_are_named(repo):
    branch(repo)
    repo.write("meetings/2025/2025-03-10-broken.yaml", "type: 支委会\ndate: 2025-03-32\n")
    result = run("overdue", str(repo.root), "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.stderr == "以下会议文件有错误，未计入（运行 zhidu check 查看）：2025-03-10-broken\n"


def test_overdue_and_check_agree(repo):
    branch(repo)
    repo.config("records_start: 2025-01-01\noptional_bodies: [governance]\nextends: guizhou-community\n")
    for as_of in ("2025-04-01", AS_OF, "2025-12-31", "2026-01-01"):
        rows = json.loads(run("overdue", str(repo.root), "--as-of", as_of, "-f", "json").stdout)["rows"]
        late = {(r["body"], r["group"], r["period"]["start"]) for r in rows if r["status"] == "overdue"}
        check = run("check", str(repo.root), "--as-of", as_of, "-f", "json", "--select", "MTG", "--fail-on", "never")
        findings = json.loads(check.stdout)["findings"]
        reported = {(f["facts"]["body"], f["facts"]["group"] or None, f["facts"]["period_start"]) for f in findings}
        assert late == reported
        assert late                                   # the comparison is about something
