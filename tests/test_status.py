"""Timeline: a member's status, group, roles and absence derived *as of a date* from the dated history.

Boundaries are exact: an event takes effect on its own date; an end date (``to:``) is exclusive.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from zhidu_cli.model.build import build
from zhidu_cli.model.records import Member
from zhidu_cli.model.status import Status, Timeline
from zhidu_cli.records.yaml_loader import load_yaml

D = dt.date.fromisoformat


def timeline(text: str) -> Timeline:
    node, problems = load_yaml(textwrap.dedent(text).encode(), "members/a.yaml")
    member, more = build(Member, node, "members/a.yaml")
    assert problems == more == []
    return Timeline(member)


DEVELOPMENT = timeline("""\
    name: 甲
    history:
      - {date: 2020-01-10, event: applied}
      - {date: 2020-02-01, event: talked}
      - {date: 2020-04-01, event: activist}
      - {date: 2021-04-01, event: development-target}
      - {date: 2021-06-01, event: admitted}
      - {date: 2021-06-20, event: approved}
      - {date: 2022-06-01, event: extended, months: 6}
      - {date: 2022-12-01, event: full}
    """)


@pytest.mark.parametrize("day,status", [
    ("2020-01-09", Status.NONE),
    ("2020-01-10", Status.APPLICANT),
    ("2020-03-31", Status.APPLICANT),        # a talk changes nothing
    ("2020-04-01", Status.ACTIVIST),
    ("2021-04-01", Status.TARGET),
    ("2021-06-01", Status.ADMITTED),
    ("2021-06-19", Status.ADMITTED),
    ("2021-06-20", Status.PROBATIONARY),
    ("2022-11-30", Status.PROBATIONARY),     # an extension keeps them probationary
    ("2022-12-01", Status.FULL),
])
def test_development_path(day, status):
    assert DEVELOPMENT.status(D(day)) is status


def test_membership_and_vote():
    assert not DEVELOPMENT.is_member(D("2021-06-19"))
    assert DEVELOPMENT.is_member(D("2021-06-20")) and DEVELOPMENT.is_probationary(D("2021-06-20"))
    assert not DEVELOPMENT.is_full(D("2022-11-30"))
    assert DEVELOPMENT.is_full(D("2022-12-01")) and DEVELOPMENT.is_member(D("2022-12-01"))
    assert DEVELOPMENT.left_on() is None


def test_event_lookups():
    assert DEVELOPMENT.first("admitted").date == D("2021-06-01")
    assert DEVELOPMENT.last("talked", before=D("2020-01-31")) is None
    assert DEVELOPMENT.last("talked", before=D("2020-02-01")).date == D("2020-02-01")
    assert [e.months for e in DEVELOPMENT.all("extended")] == [6]


def test_events_on_one_day_apply_in_file_order():
    same_day = timeline("""\
        name: 甲
        history:
          - {date: 2021-06-01, event: admitted}
          - {date: 2021-06-01, event: approved}
        """)
    assert same_day.status(D("2021-06-01")) is Status.PROBATIONARY


def test_history_out_of_order_is_read_in_date_order():
    shuffled = timeline("""\
        name: 甲
        history:
          - {date: 2022-01-01, event: full}
          - {date: 2021-01-01, event: approved}
        """)
    assert shuffled.status(D("2021-06-01")) is Status.PROBATIONARY
    assert shuffled.status(D("2022-01-01")) is Status.FULL


@pytest.mark.parametrize("status_text,expected", [
    ("", Status.FULL),
    (", status: full", Status.FULL),
    (", status: probationary", Status.PROBATIONARY),
    (", status: 预备党员", Status.PROBATIONARY),
])
def test_transferred_in(status_text, expected):
    member = timeline(f"name: 甲\nhistory:\n  - {{date: 2024-03-01, event: transferred-in{status_text}}}\n")
    assert member.status(D("2024-02-29")) is Status.NONE
    assert member.status(D("2024-03-01")) is expected


def test_transferred_in_probationary_then_full():
    member = timeline("""\
        name: 甲
        history:
          - {date: 2024-03-01, event: 转入, status: 预备}
          - {date: 2024-09-01, event: 转正}
        """)
    assert member.is_probationary(D("2024-08-31"))
    assert member.is_full(D("2024-09-01"))


def test_leaving_and_coming_back():
    member = timeline("""\
        name: 甲
        history:
          - {date: 2000-07-01, event: full}
          - {date: 2023-05-01, event: transferred-out}
          - {date: 2024-05-01, event: transferred-in}
        """)
    assert member.is_member(D("2023-04-30"))
    assert member.status(D("2023-05-01")) is Status.GONE and not member.is_member(D("2023-05-01"))
    assert member.is_full(D("2024-05-01"))
    assert member.left_on() is None


def test_left_on():
    member = timeline("name: 甲\nhistory:\n  - {date: 2000-07-01, event: full}\n"
                      "  - {date: 2024-02-10, event: deceased}\n")
    assert member.left_on() == D("2024-02-10")
    assert not member.is_member(D("2024-02-10"))


def test_away_and_returned():
    member = timeline("""\
        name: 甲
        history:
          - {date: 2000-07-01, event: full}
          - {date: 2024-03-01, event: away, place: 深圳, certificate: card}
          - {date: 2024-03-15, event: reported}
          - {date: 2024-10-01, event: returned}
          - {date: 2025-02-01, event: away, place: 上海}
          - {date: 2025-05-01, event: transferred-out}
        """)
    assert member.away(D("2024-02-29")) is None
    assert member.away(D("2024-03-01")).place == "深圳"
    assert member.away(D("2024-09-30")).certificate == "card"      # a report does not end the absence
    assert member.away(D("2024-10-01")) is None
    assert member.away(D("2025-04-30")).place == "上海"
    assert member.away(D("2025-05-01")) is None                   # gone, not away
    assert member.is_full(D("2024-06-01"))                         # away members stay on the rolls


def test_group_changes():
    member = timeline("""\
        name: 甲
        group:
          - {group: g1, to: 2024-03-01}
          - {group: g2, from: 2024-03-01, to: 2025-01-01}
        history:
          - {date: 2000-07-01, event: full}
        """)
    assert member.group(D("2010-01-01")) == "g1"
    assert member.group(D("2024-02-29")) == "g1"
    assert member.group(D("2024-03-01")) == "g2"
    assert member.group(D("2024-12-31")) == "g2"
    assert member.group(D("2025-01-01")) is None


def test_a_dated_assignment_overrides_an_undated_one():
    member = timeline("name: 甲\ngroup: [g1, {group: g2, from: 2024-03-01}]\n"
                      "history:\n  - {date: 2000-07-01, event: full}\n")
    assert member.group(D("2024-02-29")) == "g1"
    assert member.group(D("2024-03-01")) == "g2"


def test_roles_end_dates_are_exclusive():
    member = timeline("""\
        name: 甲
        roles:
          - {role: 委员, from: 2021-01-01, to: 2024-01-01}
          - {role: 书记, from: 2024-01-01}
          - {role: group-leader, from: 2022-01-01, to: 2023-01-01, group: g1}
        history:
          - {date: 2000-07-01, event: full}
        """)
    assert member.roles(D("2020-12-31")) == set()
    assert member.roles(D("2022-06-01")) == {"committee-member", "group-leader"}
    assert member.roles(D("2023-12-31")) == {"committee-member"}
    assert member.roles(D("2024-01-01")) == {"secretary"}
    assert member.has_role(D("2024-01-01"), "secretary", "deputy-secretary")
    assert not member.has_role(D("2024-01-01"), "committee-member")
    assert not member.has_role(D("2023-01-01"), "group-leader")


def test_records_indexes_ask_the_timelines(repo):
    repo.member("a", "name: 甲\ngroup: g1\nroles:\n  - {role: 书记, from: 2024-01-01}\n"
                     "history:\n  - {date: 2000-07-01, event: full}\n")
    repo.member("b", "name: 乙\ngroup: g1\nhistory:\n  - {date: 2024-03-01, event: 转入, status: 预备}\n")
    repo.member("c", "name: 丙\ngroup: g2\nhistory:\n  - {date: 2024-03-01, event: activist}\n")
    records = repo.workspace().records
    day = D("2024-03-15")
    assert records.members_on(day) == ["a", "b"]
    assert records.members_on(day, group="g1") == ["a", "b"]
    assert records.members_on(day, group="g2") == []
    assert records.voting_members_on(day) == ["a"]
    assert records.holders_on(day, "secretary") == ["a"]
    assert records.holders_on(D("2023-12-31"), "secretary") == []
