"""The two example repositories, checked end to end through the CLI.

``examples/records`` is a branch whose records are all in order: it must check clean as of 2025-12-31.
``examples/records-with-problems`` is a branch whose records hold the mistakes a real branch makes, one
finding each, across every rule family; its README lists them and its expected ``zhidu check`` output is
pinned by ``tests/golden/examples/records-with-problems.txt``. After an intended change of output,
regenerate the golden file and review the diff line by line before committing — every line must be a
problem the README lists:

    ZHIDU_UPDATE_GOLDEN=1 pytest tests/test_examples.py
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhidu_cli.cli.app import app

PROJECT = Path(__file__).resolve().parent.parent
CLEAN = "examples/records"
PROBLEMS = "examples/records-with-problems"
GOLDEN = Path(__file__).parent / "golden" / "examples" / "records-with-problems.txt"
UPDATE = os.environ.get("ZHIDU_UPDATE_GOLDEN") == "1"
ENV = {"NO_COLOR": "1", "COLUMNS": "120", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}
AS_OF = "2025-12-31"

FAMILIES = {"SCH", "REF", "MTG", "QRM", "VOT", "CND", "NTC", "DEV", "PRB", "MOB", "LIF", "EVL", "TRN", "DUE", "SUP"}


@pytest.fixture(autouse=True)
def from_project_root(monkeypatch):
    """Run from the project root so the printed paths read ``examples/…`` wherever pytest was started."""
    monkeypatch.chdir(PROJECT)


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def check_json(repo: str) -> dict:
    result = run("check", repo, "--as-of", AS_OF, "-f", "json")
    return json.loads(result.stdout)


def overdue_rows(repo: str) -> list[dict]:
    result = run("overdue", repo, "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 0, result.output
    return [row for row in json.loads(result.stdout)["rows"] if row["status"] == "overdue"]


def test_clean_example_has_no_findings():
    result = run("check", CLEAN, "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []


def test_clean_example_has_nothing_overdue():
    assert overdue_rows(CLEAN) == []


def test_problems_example_matches_golden():
    result = run("check", PROBLEMS, "--as-of", AS_OF, "-f", "concise")
    assert result.exit_code == 1, result.output
    text = result.stdout          # findings go to stdout in every format; the summary line to stderr
    assert text.strip(), "zhidu check printed nothing"
    assert result.stderr == "检查了 107 个文件：18 个错误，11 个警告，0 条提示（截至 2025-12-31）\n"
    if UPDATE:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.exists(), f"missing golden file {GOLDEN}: run with ZHIDU_UPDATE_GOLDEN=1"
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_problems_example_trips_every_family():
    codes = {f["code"] for f in check_json(PROBLEMS)["findings"]}
    assert {code[:3] for code in codes} == FAMILIES


def test_problems_example_findings_are_the_ones_its_readme_lists():
    """One finding per row of the README's table of planted problems, and no finding it does not list."""
    readme = (PROJECT / PROBLEMS / "README.md").read_text(encoding="utf-8")
    listed = Counter(re.findall(r"^\| ([A-Z]{3}\d{3}) \|", readme, flags=re.MULTILINE))
    found = Counter(f["code"] for f in check_json(PROBLEMS)["findings"])
    assert found == listed


def test_overdue_agrees_with_the_cadence_findings():
    """``zhidu overdue`` and the MTG findings of ``zhidu check`` name the same bodies, groups and periods."""
    findings = [f for f in check_json(PROBLEMS)["findings"] if f["code"].startswith("MTG")]
    from_check = {(f["code"], f["facts"]["body"], f["facts"]["group"] or None, f["facts"]["period_start"],
                   f["facts"]["period_end"], f["facts"]["days_overdue"]) for f in findings}
    from_overdue = {(r["code"], r["body"], r["group"], r["period"]["start"], r["period"]["end"], r["days_overdue"])
                    for r in overdue_rows(PROBLEMS)}
    assert from_check == from_overdue == {
        ("MTG002", "general-assembly", None, "2025-07-01", "2025-09-30", 92),   # the only Q3 assembly was inquorate
        ("MTG003", "group-meeting", "group-2", "2025-02-01", "2025-02-28", 306),  # group 2 skipped February
    }
