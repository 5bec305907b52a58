"""The speed shortcuts of a check agree with the plain definitions they replace."""

from __future__ import annotations

import datetime as dt
import pathlib
from array import array

import pytest

from zhidu_cli import workspace
from zhidu_cli.model.records import Positions
from zhidu_cli.privacy import find, prepare
from zhidu_cli.rules import counting
from zhidu_cli.rules.integrity import _is_fact_date, _is_reference, _plan, all_records, walk
from zhidu_cli.rules.privacy import _free_text

EXAMPLES = pathlib.Path(__file__).parent.parent / "examples"
BRANCHES = [EXAMPLES / "records", EXAMPLES / "records-with-problems"]


def plain_walk(record, wanted):
    """integrity.walk as first written: one generator per record, nested or not."""
    for name, spec, chosen, nested in _plan(type(record), wanted):
        value = getattr(record, name)
        if value is None or value == ():
            continue
        if chosen:
            yield record, name, spec, value
        if nested:
            for child in (value if isinstance(value, tuple) else (value,)):
                yield from plain_walk(child, wanted)


@pytest.mark.parametrize("root", BRANCHES, ids=lambda p: p.name)
def test_the_walk_visits_what_a_generator_per_record_visits(root):
    records = workspace.open_workspace(root, cache=False).records
    for wanted in (_is_reference, _is_fact_date, _free_text):
        for top in all_records(records):
            assert [(id(r), n, s, v) for r, n, s, v in walk(top, wanted)] == \
                   [(id(r), n, s, v) for r, n, s, v in plain_walk(top, wanted)]


@pytest.mark.parametrize("root", BRANCHES, ids=lambda p: p.name)
def test_expected_away_and_voters_as_asked_of_every_member(root):
    records = workspace.open_workspace(root, cache=False).records
    timelines = records.timelines
    assert records.ever_away == {mid for mid, t in timelines.items() if any(e.event == "away" for e in t.events)}
    checked = 0
    for meeting in records.meetings:
        expected = counting.expected_at(meeting, records)
        if expected.explicit or not expected.members:
            continue
        members = set(expected.members)
        assert set(expected.away) == {m for m in members if m in timelines and timelines[m].away(meeting.date)}
        assert set(expected.voters) == {m for m in members if m in timelines and timelines[m].is_full(meeting.date)
                                        and timelines[m].sanctioned(meeting.date) is None}
        checked += 1
    assert checked


def test_a_status_read_inline_is_the_status():
    records = workspace.open_workspace(BRANCHES[1], cache=False).records
    days = sorted({m.date for m in records.meetings}) + [dt.date(2000, 1, 1), dt.date(2030, 1, 1)]
    for timeline in records.timelines.values():
        for day in days:
            status = timeline.status(day)
            assert timeline.is_full(day) == (status.name == "FULL")
            assert timeline.is_member(day) == (status.name in ("FULL", "PROBATIONARY"))


def test_short_digit_runs_are_passed_over_and_long_ones_still_found():
    secrets = prepare(["8123456", "13985560412（本人）"])
    assert find("2024-03-22-group-g0026", secrets) == []
    assert find("2025-03-15-general-assembly", secrets) == []

    def spans(text: str) -> list[tuple[int, int, str]]:
        return [(h.start, h.end, h.kind) for h in find(text, secrets)]

    assert spans("座机 812-3456，手机 139 8556 0412") == [(3, 11, "private"), (15, 28, "private")]
    assert spans("手机 138 0000 1111") == [(3, 16, "mobile")]
    assert spans("身份证 52010119900307123X") == [(4, 22, "id-number")]
    assert spans("号 1234567 与 8123456") == [(12, 19, "private")]


def test_positions_are_checked_against_their_runs():
    names = ("title", "attendees", "attendees[]", "agenda")
    assert Positions.checked(names, array("q", [1, 2, 2, 10, 11, 3])).get("attendees[]") == array("q", [10, 11])
    for bad in ([1, 2, 3, 10, 11, 3], [1, 2, 2, 10, 11], [1, 2, -1, 3], [1, 2, 2, 10, 11, 3, 4]):
        with pytest.raises(ValueError):
            Positions.checked(names, array("q", bad))
    with pytest.raises(ValueError):
        Positions.checked(("title", 7), array("q", [1, 2]))
    assert Positions.checked(("title",), array("q", [1])).names is Positions.checked(("title",), array("q", [2])).names
