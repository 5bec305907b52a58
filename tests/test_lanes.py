"""The rules on two cores (rules/lanes.py): exactly the findings of one process, whatever happens."""

from __future__ import annotations

import datetime as dt
import pathlib
import pickle

import pytest

from zhidu_cli import workspace
from zhidu_cli.rules import lanes

PROBLEMS = pathlib.Path(__file__).parent.parent / "examples" / "records-with-problems"
AS_OF = dt.date(2025, 12, 31)


def findings(monkeypatch, min_records: int) -> list[tuple]:
    monkeypatch.setattr(lanes, "MIN_RECORDS", min_records)
    report = workspace.check(workspace.open_workspace(PROBLEMS, cache=False), AS_OF)
    return [(f.code, f.location, f.message, f.hint, f.severity, f.facts) for f in report.findings]


@pytest.fixture
def one_process(monkeypatch) -> list[tuple]:
    return findings(monkeypatch, 10**9)


def test_two_processes_find_exactly_what_one_finds(monkeypatch, one_process):
    assert any(code.startswith("DUE") for code, *_ in one_process)       # the child's rules have work
    assert any(not code.startswith("DUE") for code, *_ in one_process)
    assert findings(monkeypatch, 0) == one_process


def test_a_failing_child_leaves_its_rules_to_the_parent(monkeypatch, one_process):
    def broken(*args, **kwargs):
        raise pickle.PicklingError("cannot send")
    monkeypatch.setattr(lanes.pickle, "dumps", broken)                  # the forked child inherits it
    assert findings(monkeypatch, 0) == one_process


def test_a_child_that_delivers_too_little_is_not_trusted(monkeypatch, one_process):
    monkeypatch.setattr(lanes.pickle, "dumps", lambda value, protocol: pickle.dumps(value[:-1], protocol))
    assert findings(monkeypatch, 0) == one_process


def test_small_branches_and_forkless_systems_run_in_order(monkeypatch):
    ran = []
    rules = ["DUE001", "MTG001", "LIF001", "REF003"]
    assert lanes.run(rules, str, lambda r: ran.append(r) or [r], parallel=False) == [[r] for r in rules]
    assert ran == rules
    monkeypatch.delattr(lanes.os, "fork")
    ran.clear()
    assert lanes.run(rules, str, lambda r: ran.append(r) or [r], parallel=True) == [[r] for r in rules]
    assert ran == rules


def test_no_fork_while_another_thread_runs():
    """A fork would copy the other thread's locks held, with nobody left to release them."""
    import threading

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        ran = []
        rules = ["DUE001", "MTG001", "PRV001", "REF003"]
        assert lanes.run(rules, str, lambda r: ran.append(r) or [r], parallel=True) == [[r] for r in rules]
        assert ran == rules                      # every rule ran here: a forked child's work is not seen here
    finally:
        release.set()
        other.join()
