"""The shortcuts the dues cards and the meeting schedule take for speed agree with the definitions
they replace, on the example branches (the clean one and the one full of mistakes).

Each test states the plain definition once and compares it with what the fast path answers: the
shared months, the group staffing that stops at the first member, the types a meeting counts for,
the arrears read from the end of a card, and the collector left as it was found.
"""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import pytest

from zhidu_cli.collector import collector_paused
from zhidu_cli.dues.balances import OUTSIDE, compute_balances
from zhidu_cli.dues.settings import DuesSettings
from zhidu_cli.rules.counting import quorum_failed
from zhidu_cli.schedule.cadence import counted_types, meeting_counts
from zhidu_cli.schedule.months import YearMonth
from zhidu_cli.schedule.periods import PeriodKind, period_of
from zhidu_cli.workspace import as_of_view, open_workspace

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLES = ("examples/records", "examples/records-with-problems")
DAYS = (dt.date(2024, 3, 31), dt.date(2025, 6, 15), dt.date(2025, 12, 31))


@pytest.fixture(scope="module", params=EXAMPLES)
def workspace(request):
    return open_workspace(PROJECT / request.param, cache=False)


def test_months_are_shared_and_still_equal_to_new_ones():
    month = YearMonth.of(dt.date(2025, 7, 31))
    assert month is YearMonth.of(dt.date(2025, 7, 1)) is YearMonth(2025, 6) + 1 is YearMonth.at(month.index)
    assert month == YearMonth(2025, 7) and hash(month) == hash(YearMonth(2025, 7))
    assert list(YearMonth(2024, 11).until(YearMonth(2025, 2))) == [YearMonth(2024, 11), YearMonth(2024, 12),
                                                                   YearMonth(2025, 1), YearMonth(2025, 2)]
    assert list(YearMonth(2025, 3).until(YearMonth(2025, 2))) == []
    assert YearMonth(2024, 2).last_day == dt.date(2024, 2, 29)


def test_periods_are_shared_and_step_as_before():
    quarter = period_of(PeriodKind.QUARTER, dt.date(2025, 5, 20))
    assert quarter is period_of(PeriodKind.QUARTER, dt.date(2025, 4, 1))
    assert (quarter.start, quarter.end) == (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    assert quarter.next() is period_of(PeriodKind.QUARTER, dt.date(2025, 7, 1))
    assert quarter.previous().end == dt.date(2025, 3, 31)
    five = period_of(PeriodKind.FIVE_YEARS, dt.date(2020, 12, 31), anchor_year=2021)
    assert (five.start, five.end) == (dt.date(2016, 1, 1), dt.date(2020, 12, 31))


def test_anyone_on_is_whether_members_on_names_anyone(workspace):
    records = workspace.records
    groups = [None, *records.group_ids, "no-such-group"]
    for day in (dt.date(2015, 1, 1), *DAYS):
        for group in groups:
            records.memo.clear()                 # answered without the roster first, then from it
            found = records.anyone_on(day, group=group)
            expected = bool(records.members_on(day, group=group))
            assert found is records.anyone_on(day, group=group) is expected, (day, group)


def test_anyone_on_kept_per_stretch_changes_where_the_roll_changes(workspace):
    """Asked on each side of every roll change in one run (the answers kept), against the plain scan."""
    records = workspace.records
    records.memo.clear()
    days = sorted({d + dt.timedelta(days=shift) for d in records._roll_changes for shift in (-1, 0)})
    for group in (None, *records.group_ids):
        for day in days:
            plain = next(records._on_rolls(day, group), None) is not None
            assert records.anyone_on(day, group=group) is plain, (day, group)


def test_counted_types_are_the_types_whose_quorum_did_not_fail(workspace):
    records, settings = workspace.records, workspace.settings
    for meeting in records.meetings:
        expected = {t for t in meeting.types if not quorum_failed(meeting, records, settings, type_id=t)}
        assert counted_types(meeting, records, settings) == expected, meeting.id
        for type_id in meeting.types:
            assert meeting_counts(meeting, records, settings, (type_id,)) is (type_id in expected)


@pytest.mark.parametrize("day", DAYS)
def test_a_card_read_from_its_end_gives_the_arrears_of_the_whole_card(workspace, day):
    view = as_of_view(workspace, day)
    settings = DuesSettings.from_config(view.settings.dues)
    for balance in compute_balances(view.records, settings.standard, day, start=settings.start).members.values():
        owing = [line for line in balance.lines if line.status != OUTSIDE]
        due = [line for line in owing if line.due]
        streak = owing[-1].streak if owing else 0
        assert balance.behind_lines == (tuple(due[len(due) - streak:]) if streak else ())
        assert balance.owing_lines == tuple(owing)
        for line in balance.lines:
            assert balance.line(line.month) is line
        assert balance.line(YearMonth(1999, 1)) is None


def test_the_collector_is_left_as_it_was_found():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_card_with_outside_months_at_both_ends_reads_the_same_from_its_end(repo):
    """Paid for a month before joining and for one after transferring out, nothing in between: outside
    lines at both ends of the card; January's money is carried into February, March–July are unpaid."""
    repo.member("wang", "name: 王五\ngroup: g1\ndues:\n  category: employed\n  base:\n"
                        "    - {from: 2024-01, amount: \"4000\"}\nhistory:\n"
                        "  - {date: 2025-02-10, event: transferred-in}\n  - {date: 2025-07-20, event: transferred-out}\n")
    repo.write("dues/2025-01.yaml", 'month: 2025-01\npayments:\n  - {member: wang, amount: "40.00", paid_on: 2025-01-05}\n')
    repo.write("dues/2025-08.yaml", 'month: 2025-08\npayments:\n  - {member: wang, amount: "40.00", paid_on: 2025-08-05}\n')
    workspace = repo.workspace()
    standard = DuesSettings.from_config(workspace.settings.dues).standard
    balance = compute_balances(workspace.records, standard, dt.date(2025, 10, 31)).get("wang")
    statuses = [(str(line.month), line.status) for line in balance.lines]
    assert statuses[0] == ("2025-01", OUTSIDE) and statuses[-1] == ("2025-08", OUTSIDE)
    owing = [line for line in balance.lines if line.status != OUTSIDE]
    due = [line for line in owing if line.due]
    assert owing[-1].streak == 5 and balance.behind_lines == tuple(due[-5:]) and balance.behind == 5
    assert str(balance.behind_since) == "2025-03"
    assert balance.owing_lines == tuple(owing)
