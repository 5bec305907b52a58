"""The schema: field kinds (model/fields.py) and building records from nodes (model/build.py).

Each test writes a record inline and states the exact (code, path, line, column) it must produce;
values that pass are checked on the built record, so a surprise conversion cannot hide.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhidu_cli.model import vocab as V
from zhidu_cli.model.fields import BOOL, DATE, DECIMAL, INT, MONEY, MONTH, TIME, Invalid
from zhidu_cli.schedule.months import YearMonth

AS_OF = "2025-12-31"
HISTORY = "history:\n  - {date: 2000-07-01, event: full}\n"


def found(repo, select=("SCH",)):
    return [(f.code, f.location.path, f.location.line, f.location.column)
            for f in repo.check(AS_OF, select=select)]


def member(repo, member_id="a"):
    return repo.workspace().records.members.get(member_id)


# --- field kinds, one value at a time --------------------------------------------------------------

@pytest.mark.parametrize("kind,text,value", [
    (DATE, "2024-02-29", dt.date(2024, 2, 29)),
    (MONTH, "2025-03", YearMonth(2025, 3)),
    (TIME, "14:30", "14:30"),
    (TIME, "09:05", "09:05"),
    (INT, "0", 0),
    (INT, "12", 12),
    (DECIMAL, "3.5", Decimal("3.5")),
    (MONEY, "12.50", Decimal("12.50")),
    (MONEY, "45", Decimal("45.00")),
    (BOOL, "true", True), (BOOL, "Yes", True), (BOOL, "是", True),
    (BOOL, "false", False), (BOOL, "no", False), (BOOL, "否", False),
])
def test_kinds_accept(kind, text, value):
    assert kind.parse(text) == value


@pytest.mark.parametrize("kind,text,variant", [
    (DATE, "2024-02-30", "no-such-date"),
    (DATE, "2023-02-29", "no-such-date"),
    (DATE, "2024-2-3", "date"),
    (DATE, "2024/02/03", "date"),
    (DATE, "2024-01-01\n", "date"),
    (MONTH, "2025-1", "month"),
    (MONTH, "2025-13", "month"),
    (TIME, "1:30", "time"),
    (TIME, "24:00", "time"),
    (TIME, "14:60", "time"),
    (INT, "0123", "int"),
    (INT, "-1", "int"),
    (INT, "1.5", "int"),
    (INT, "12\n", "int"),
    (DECIMAL, "-3", "number"),
    (DECIMAL, ".5", "number"),
    (MONEY, "1O0", "money-format"),
    (MONEY, "-5", "money-negative"),
    (MONEY, "12.345", "money-precision"),
    (BOOL, "on", "bool"),
    (BOOL, "maybe", "bool"),
])
def test_kinds_refuse(kind, text, variant):
    with pytest.raises(Invalid) as refused:
        kind.parse(text)
    assert refused.value.variant == variant
    assert refused.value.facts["value"] == text


def test_vocabulary_accepts_id_chinese_name_and_alias():
    parse = V.MEETING_TYPES.kind().parse
    assert parse("支委会") == parse("branch-committee") == parse("支部委员会") == parse("Branch-Committee")
    with pytest.raises(Invalid) as refused:
        parse("支部会")
    assert refused.value.variant == "enum" and "branch-committee" in refused.value.facts["allowed"]


# --- SCH004 missing field ------------------------------------------------------------------------

def test_missing_required_field_points_at_the_record(repo):
    repo.member("a", "group: g1\n" + HISTORY)
    assert found(repo) == [("SCH004", "members/a.yaml", 1, 1)]
    assert member(repo) is None


def test_missing_field_of_a_nested_record_points_at_that_record(repo):
    repo.member("a", """\
        name: 甲
        history:
          - {date: 2000-07-01, event: full}
          - {date: 2001-07-01}
        """)
    assert found(repo) == [("SCH004", "members/a.yaml", 4, 5)]
    assert [e.event for e in member(repo).history] == ["full"]


def test_an_empty_required_value_is_missing(repo):
    repo.member("a", "name:\n" + HISTORY)
    assert found(repo) == [("SCH004", "members/a.yaml", 1, 1)]


def test_an_invalid_required_value_is_not_also_missing(repo):
    repo.write("meetings/2025/2025-03-01-m.yaml", "type: 支委会\ndate: 2025-03-32\n")
    assert found(repo) == [("SCH007", "meetings/2025/2025-03-01-m.yaml", 2, 7)]
    assert repo.workspace().records.meetings == ()


def test_an_empty_required_value_is_reported_beside_another_invalid_one(repo):
    repo.member("a", "name:\nhistory: 5\n")
    assert found(repo) == [("SCH004", "members/a.yaml", 1, 1), ("SCH006", "members/a.yaml", 2, 10)]


# --- SCH005 unknown key --------------------------------------------------------------------------

def test_unknown_key_with_did_you_mean(repo):
    repo.member("a", "name: 甲\nphnoe: '13800000000'\n" + HISTORY)
    [finding] = repo.check(AS_OF, select=("SCH",))
    assert (finding.code, finding.location.line, finding.location.column) == ("SCH005", 2, 1)
    assert finding.message == "未知字段 phnoe，是否应为 phone？"
    assert "phone" in finding.hint and "history" in finding.hint
    assert member(repo).name == "甲"           # an unknown key does not sink the record


def test_unknown_key_without_a_close_match(repo):
    repo.member("a", "name: 甲\nzzz: 1\n" + HISTORY)
    [finding] = repo.check(AS_OF, select=("SCH",), lang="en")
    assert finding.message == "unknown key zzz"


def test_unknown_key_in_a_nested_record(repo):
    repo.member("a", "name: 甲\nhistory:\n  - {date: 2000-07-01, event: full, meting: m}\n")
    assert found(repo) == [("SCH005", "members/a.yaml", 3, 37)]


# --- SCH006 wrong shape --------------------------------------------------------------------------

def test_wrong_shapes(repo):
    repo.member("a", """\
        name: [甲]
        roles: secretary
        history: {date: 2000-07-01, event: full}
        """)
    assert found(repo) == [("SCH006", "members/a.yaml", 1, 7), ("SCH006", "members/a.yaml", 2, 8),
                           ("SCH006", "members/a.yaml", 3, 10)]


def test_a_document_that_is_not_a_mapping(repo):
    repo.member("a", "- name: 甲\n")
    assert found(repo) == [("SCH006", "members/a.yaml", 1, 1)]


# --- SCH007 invalid values -----------------------------------------------------------------------

@pytest.mark.parametrize("value,variant", [("2024-02-30", "no-such-date"), ("2024-2-3", "date")])
def test_invalid_dates(repo, value, variant):
    repo.member("a", f"name: 甲\nborn: {value}\n" + HISTORY)
    [finding] = repo.check(AS_OF, select=("SCH",))
    assert (finding.code, finding.location.line, finding.location.column) == ("SCH007", 2, 7)
    assert finding.facts["value"] == value and value in finding.message
    assert member(repo).born is None              # an invalid optional value is left out


def test_times_must_be_two_digit_hours(repo):
    repo.write("meetings/2025/2025-03-01-m.yaml", """\
        type: 支委会
        date: 2025-03-01
        time: 1:30
        end_time: "14:30"
        """)
    assert found(repo) == [("SCH007", "meetings/2025/2025-03-01-m.yaml", 3, 7)]
    [meeting] = repo.workspace().records.meetings
    assert (meeting.time, meeting.end_time) == (None, "14:30")


def test_ints_refuse_leading_zeros(repo):
    repo.write("meetings/2025/2025-03-01-m.yaml", "type: 支委会\ndate: 2025-03-01\n")
    repo.write("decisions/2025/d1.yaml", """\
        meeting: 2025-03-01-m
        title: 增补委员
        votes: {for: 0123, against: 0, abstain: 1.5}
        """)
    assert found(repo) == [("SCH007", "decisions/2025/d1.yaml", 3, 14),
                           ("SCH007", "decisions/2025/d1.yaml", 3, 41)]


def test_money(repo):
    repo.member("a", "name: 甲\n" + HISTORY)
    repo.write("dues/2025-01.yaml", """\
        month: 2025-01
        payments:
          - {member: a, amount: 1O0, paid_on: 2025-01-02}
          - {member: a, amount: -5, paid_on: 2025-01-02}
          - {member: a, amount: 12.345, paid_on: 2025-01-02}
          - {member: a, amount: 12.50, paid_on: 2025-01-02}
        """)
    findings = repo.check(AS_OF, select=("SCH",))
    assert [(f.code, f.location.line, f.location.column, f.facts["value"]) for f in findings] == [
        ("SCH007", 3, 25, "1O0"), ("SCH007", 4, 25, "-5"), ("SCH007", 5, 25, "12.345")]
    assert "字母 O" in findings[0].hint
    [ledger] = repo.workspace().records.ledgers.values()
    assert [p.amount for p in ledger.payments] == [Decimal("12.50")]
    assert isinstance(ledger.payments[0].amount, Decimal)


def test_booleans(repo):
    repo.write("meetings/2025/2025-03-01-m.yaml", """\
        type: 议事会
        date: 2025-03-01
        public_interest: 是
        absent:
          - {member: a, leave: no}
          - {member: a, leave: maybe}
        """)
    repo.member("a", "name: 甲\n" + HISTORY)
    assert found(repo) == [("SCH007", "meetings/2025/2025-03-01-m.yaml", 6, 24)]
    [meeting] = repo.workspace().records.meetings
    assert meeting.public_interest is True
    assert [a.leave for a in meeting.absent] == [False, True]   # the invalid one keeps its default


def test_an_empty_list_item(repo):
    repo.write("meetings/2025/2025-03-01-m.yaml", "type: 支委会\ndate: 2025-03-01\nattendees:\n  - a\n  -\n")
    repo.member("a", "name: 甲\n" + HISTORY)
    assert found(repo) == [("SCH007", "meetings/2025/2025-03-01-m.yaml", 5, 4)]


# --- SCH008 values not allowed, Chinese names ----------------------------------------------------

def test_chinese_and_english_names_build_the_same_record(repo):
    repo.write("meetings/2025/2025-03-01-a.yaml", "type: 支委会\ndate: 2025-03-01\n")
    repo.write("meetings/2025/2025-03-01-b.yaml", "type: branch-committee\ndate: 2025-03-01\n")
    assert found(repo) == []
    a, b = repo.workspace().records.meetings
    assert a.types == b.types == ("branch-committee",)


def test_value_not_allowed(repo):
    repo.member("a", "name: 甲\ngender: 男性\nhistory:\n  - {date: 2000-07-01, event: 转正式}\n")
    findings = repo.check(AS_OF, select=("SCH",))
    assert [(f.code, f.location.line, f.location.column) for f in findings] == [
        ("SCH008", 2, 9), ("SCH008", 4, 31)]
    assert "male" in findings[0].hint and "中文" in findings[0].hint


def test_transfer_status_is_a_vocabulary(repo):
    repo.member("a", "name: 甲\nhistory:\n  - {date: 2020-01-01, event: 转入, status: 预备}\n")
    repo.member("b", "name: 乙\nhistory:\n  - {date: 2020-01-01, event: 转入, status: probatonary}\n")
    assert found(repo) == [("SCH008", "members/b.yaml", 3, 43)]
    assert member(repo).history[0].status == "probationary"


# --- many-or-one, shorthand ----------------------------------------------------------------------

def test_a_meeting_counting_for_several_bodies(repo):
    repo.write("meetings/2025/2025-03-01-m.yaml", "type: [党小组会, 学习活动, e-education]\ndate: 2025-03-01\n")
    assert found(repo) == []
    [meeting] = repo.workspace().records.meetings
    assert meeting.types == ("group-meeting", "study", "e-education")
    assert meeting.is_type("study") and not meeting.is_type("party-lecture")


def test_one_bad_type_in_a_list(repo):
    repo.write("meetings/2025/2025-03-01-m.yaml", "type: [党小组会, 学习]\ndate: 2025-03-01\n")
    assert found(repo) == [("SCH008", "meetings/2025/2025-03-01-m.yaml", 1, 14)]


def test_shorthand_group_and_absent(repo):
    repo.member("a", "name: 甲\ngroup: g1\n" + HISTORY)
    repo.write("meetings/2025/2025-03-01-m.yaml", "type: 支委会\ndate: 2025-03-01\nabsent: [a]\n")
    assert found(repo) == []
    records = repo.workspace().records
    [assignment] = records.members["a"].group
    assert (assignment.group, assignment.start, assignment.end) == ("g1", None, None)
    [absence] = records.meetings[0].absent
    assert (absence.member, absence.leave, absence.reason) == ("a", True, None)


def test_group_as_one_dated_mapping_or_a_list(repo):
    repo.member("a", "name: 甲\ngroup: {group: g1, from: 2020-01-01}\n" + HISTORY)
    repo.member("b", "name: 乙\ngroup:\n  - g1\n  - {group: g2, from: 2024-01-01}\n" + HISTORY)
    assert found(repo) == []
    members = repo.workspace().records.members
    assert [(g.group, g.start) for g in members["a"].group] == [("g1", dt.date(2020, 1, 1))]
    assert [(g.group, g.start) for g in members["b"].group] == [("g1", None), ("g2", dt.date(2024, 1, 1))]


def test_a_list_field_without_many_or_one_wants_a_list(repo):
    repo.write("meetings/2025/2025-03-01-m.yaml", "type: 支委会\ndate: 2025-03-01\nattendees: a\n")
    assert found(repo) == [("SCH006", "meetings/2025/2025-03-01-m.yaml", 3, 12)]


# --- YAML 1.1 surprises stay text ----------------------------------------------------------------

def test_yaml_11_surprises_stay_text(repo):
    repo.member("a", "name: no\nid_number: 0123\nphone: 13800000000\nethnicity: on\nnote: 1:30\n" + HISTORY)
    assert found(repo) == []
    a = member(repo)
    assert (a.name, a.id_number, a.phone, a.ethnicity, a.note) == ("no", "0123", "13800000000", "on", "1:30")
