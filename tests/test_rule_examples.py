"""Every rule's examples run: generated over the registry, the passing example gives no finding of
the rule's code and the failing one exactly the findings it promises (issue 9.1).

The examples are whole files of the example branch (:mod:`zhidu_cli.rules.example_branch`); the
test writes the branch, the example's files and its snippet, and checks as of the example's date
with only the rule's code selected. A rule without a runnable pair fails here.
"""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from zhidu_cli.rules import config as rules_config
from zhidu_cli.rules.example_branch import example_files
from zhidu_cli.rules.registry import all_rules
from zhidu_cli.workspace import check, config_findings, open_workspace

# codes no records can produce, each with the test that produces it instead
NOT_FROM_RECORDS = {
    "ZHD001": "a rule that raises — tests/test_engine.py::test_a_failing_rule_in_a_real_check_is_a_finding",
    "SUP002": "a baseline file given with --baseline, not a record — tests/test_check_cli.py::test_a_baseline_entry_that_no_longer_occurs_is_reported",
    "CFG006": "the branches: list of a street workspace, read across folders by zhidu_cli.street.layout, not by "
              "opening one repository — tests/test_street.py::test_a_bad_branches_list_is_a_located_configuration_error",
}


def findings_of(rule, example, snippet: str, root: pathlib.Path, *, failing: bool = False):
    for relpath, text in example_files(example, snippet, failing=failing).items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    try:
        ws = open_workspace(root, select=(rule.code, *example.select))
    except rules_config.ConfigError as error:       # CFG codes stop the run before any rule
        return [f for f in config_findings(error, "zh") if f.code == rule.code]
    report = check(ws, dt.date.fromisoformat(example.as_of))
    return [f for f in report.findings if f.code == rule.code]


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_has_a_runnable_example_pair(rule):
    if rule.code in NOT_FROM_RECORDS:
        assert not rule.examples, f"{rule.code} is exempt: {NOT_FROM_RECORDS[rule.code]}"
        return
    assert rule.examples, f"{rule.code} needs a passing and a failing example"
    for example in rule.examples:
        assert example.path, f"{rule.code}: say which file the example is (Example.path)"


@pytest.mark.parametrize("rule,index", [(r, i) for r in all_rules() for i in range(len(r.examples))],
                         ids=lambda v: v.code if hasattr(v, "code") else str(v))
def test_the_passing_example_passes(rule, index, tmp_path):
    example = rule.examples[index]
    found = findings_of(rule, example, example.passing, tmp_path)
    assert found == [], [f"{f.location}: {f.message}" for f in found]


@pytest.mark.parametrize("rule,index", [(r, i) for r in all_rules() for i in range(len(r.examples))],
                         ids=lambda v: v.code if hasattr(v, "code") else str(v))
def test_the_failing_example_fails_as_described(rule, index, tmp_path):
    example = rule.examples[index]
    found = findings_of(rule, example, example.failing, tmp_path, failing=True)
    assert len(found) == example.expect, [f"{f.location}: {f.message}" for f in found]
