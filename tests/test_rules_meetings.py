"""QRM, VOT and CND — and the counting they share (rules/counting.py).

People are counted as of the meeting date: probationary members attend but do not vote, a member who
joined after the meeting or left before it is not expected, away members stay expected unless the
rule says otherwise, recused members leave the base of their item. Every threshold is tested exactly
at its edge: 超过半数 6 of 12 fails and 7 passes, 半数以上 6 of 12 passes, 80% of 10 = 8,
95% of 20 = 19, 2/3 of 9 = 6.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from conftest import full_member
from zhidu_cli.model.fields import Invalid
from zhidu_cli.rules import counting as C
from zhidu_cli.rules.registry import by_code

AS_OF = "2025-12-31"
GA = "meetings/2025/2025-06-20-ga.yaml"          # a general assembly written by ``meeting``


def roll(repo, n: int, *, prefix: str = "m", group: str = "g1", since: str = "2000-07-01") -> list[str]:
    """``n`` full members on the rolls since ``since``."""
    ids = [f"{prefix}{i:02d}" for i in range(1, n + 1)]
    for mid in ids:
        repo.member(mid, full_member(mid, f"党员{mid}", group=group, since=since))
    return ids


def probationary(repo, *ids: str, group: str = "g1") -> list[str]:
    for mid in ids:
        repo.member(mid, f"name: 预备{mid}\ngroup: {group}\nhistory:\n"
                         "  - {date: 2025-01-10, event: admitted}\n  - {date: 2025-02-01, event: approved}\n")
    return list(ids)


def committee(repo, n: int, *, start: str = "2021-06-01") -> list[str]:
    """A secretary (c01) and ``n - 1`` committee members."""
    ids = [f"c{i:02d}" for i in range(1, n + 1)]
    for i, mid in enumerate(ids):
        role = "secretary" if i == 0 else "committee-member"
        repo.member(mid, full_member(mid, f"委员{mid}", roles=f"  - {{role: {role}, from: {start}}}\n"))
    return ids


def meeting(repo, slug: str, type_: str, date: str, attendees=(), extra: str = "") -> str:
    path = f"meetings/{date[:4]}/{date}-{slug}.yaml"
    repo.write(path, f"type: {type_}\ndate: {date}\nattendees: [{', '.join(attendees)}]\n{extra}")
    return path


def decision(repo, name: str, meeting_id: str, body: str) -> str:
    path = f"decisions/2025/{name}.yaml"
    repo.write(path, f"meeting: {meeting_id}\ntitle: 事项{name}\n{body}")
    return path


def records_of(repo):
    ws = repo.workspace()
    return ws.records, ws.settings


# --- exact thresholds ---------------------------------------------------------------------------------

@pytest.mark.parametrize("threshold,base,required", [
    (C.Threshold.half("more-than-half"), 12, 7),
    (C.Threshold.half("at-least-half"), 12, 6),
    (C.Threshold.half("more-than-half"), 11, 6),
    (C.Threshold.half("at-least-half"), 11, 6),
    (C.Threshold.at_least(Fraction(4, 5)), 10, 8),
    (C.Threshold.at_least(Fraction(4, 5)), 11, 9),
    (C.Threshold.at_least(Fraction(19, 20)), 20, 19),
    (C.Threshold.at_least(Fraction(19, 20)), 21, 20),
    (C.Threshold.at_least(Fraction(2, 3)), 9, 6),
    (C.Threshold.at_least(Fraction(2, 3)), 10, 7),
])
def test_thresholds_are_exact(threshold, base, required):
    assert threshold.required(base) == required
    assert threshold.met(required, base) and not threshold.met(required - 1, base)


def test_wording_and_ratio_parameters_parse_their_aliases():
    assert C.WORDING.parse("超过半数") == "more-than-half"
    assert C.WORDING.parse("半数以上") == "at-least-half"
    assert [C.RATIO.parse(t) for t in ("80%", "0.8", "4/5")] == [Fraction(4, 5)] * 3
    assert C.RATIO.parse("2/3") == Fraction(2, 3)
    for bad in ("1.5", "0", "3/0", "abc", "120%"):
        with pytest.raises(Invalid):
            C.RATIO.parse(bad)
    assert (C.Threshold.half("more-than-half").zh, C.Threshold.half("at-least-half").zh) == ("超过半数", "半数以上")
    assert C.Threshold.at_least(Fraction(4, 5)).zh == "80%以上"
    assert C.Threshold.at_least(Fraction(2, 3)).en == "at least 2/3"


# --- who is expected --------------------------------------------------------------------------------

def test_expected_at_an_assembly_counts_members_on_the_rolls_that_day(repo):
    roll(repo, 3)
    probationary(repo, "p01")
    repo.member("late", full_member("late", "后来者", since="2025-07-01"))           # joined after the meeting
    repo.member("gone", full_member("gone", "已转出") + "  - {date: 2025-05-01, event: transferred-out}\n")
    repo.member("later-gone", full_member("later-gone", "会后转出") + "  - {date: 2025-09-01, event: transferred-out}\n")
    meeting(repo, "ga", "支部党员大会", "2025-06-20", ["m01", "m02", "p01", "late"])
    records, settings = records_of(repo)
    att = C.attendance(records.meetings_by_id["2025-06-20-ga"], records)
    assert att.expected.members == ("later-gone", "m01", "m02", "m03", "p01")
    assert att.expected.voters == ("later-gone", "m01", "m02", "m03")       # probationary members do not vote
    assert att.present == ("m01", "m02", "p01") and att.present_voters == ("m01", "m02")
    assert att.absent == ("later-gone", "m03") and att.unexpected == ("late",)


def test_away_members_are_expected_unless_the_parameter_excludes_them(repo):
    roll(repo, 4)
    for mid in ("w1", "w2"):
        repo.member(mid, full_member(mid, f"外出{mid}") + "  - {date: 2025-03-01, event: away, place: 广州}\n")
    meeting(repo, "ga", "支部党员大会", "2025-06-20", ["m01", "m02", "w2"])
    records, _ = records_of(repo)
    m = records.meetings_by_id["2025-06-20-ga"]
    assert C.expected_at(m, records).voters == ("m01", "m02", "m03", "m04", "w1", "w2")
    excluded = C.expected_at(m, records, {"exclude_away": True})
    assert excluded.voters == ("m01", "m02", "m03", "m04", "w2")            # w2 came: still expected
    assert excluded.away_excluded == ("w1",)


def test_expected_by_body(repo):
    committee(repo, 3)
    repo.member("old", full_member("old", "原委员", roles="  - {role: committee-member, from: 2018-01-01, to: 2025-01-01}\n"))
    repo.member("g2a", full_member("g2a", "二组", group="g2"))
    repo.member("mover", full_member("mover", "调组") .replace("group: g1\n", "group:\n  - {group: g1, to: 2025-06-01}\n"
                                                                         "  - {group: g2, from: 2025-06-01}\n"))
    repo.write("zhidu.yaml", """\
        name: 中共测试社区支部委员会
        upper: 中共测试街道工作委员会
        groups:
          - {id: g1, name: 第一党小组}
          - {id: g2, name: 第二党小组}
        residents_committee:
          - {name: 刘敏, role: 居委会主任, from: 2021-06-01}
          - {name: 张强, from: 2021-06-01, to: 2025-01-01}
          - {name: 王芳, from: 2025-07-01}
          - {name: 委员c02, member: c02, from: 2021-06-01}
        """)
    meeting(repo, "cmt", "支委会", "2025-06-20")
    meeting(repo, "grp", "党小组会", "2025-06-21", extra="group: g2\n")
    meeting(repo, "jnt", "两委联席会议", "2025-06-22")
    meeting(repo, "lst", "支委会", "2025-06-23", extra="expected: [c01, g2a]\n")
    records, _ = records_of(repo)
    get = records.meetings_by_id.__getitem__
    assert C.expected_at(get("2025-06-20-cmt"), records).members == ("c01", "c02", "c03")
    assert C.expected_at(get("2025-06-21-grp"), records).members == ("g2a", "mover")
    joint = C.expected_at(get("2025-06-22-jnt"), records)
    assert (joint.members, joint.others, joint.total) == (("c01", "c02", "c03"), ("刘敏",), 4)
    listed = C.expected_at(get("2025-06-23-lst"), records)
    assert (listed.members, listed.explicit) == (("c01", "g2a"), True)


# --- QRM001 general assembly ------------------------------------------------------------------------

def assembly(repo, voters_present: int, *, full: int = 12, extra: str = "") -> None:
    roll(repo, full)
    probationary(repo, "p01", "p02")
    meeting(repo, "ga", "支部党员大会", "2025-06-20", [f"m{i:02d}" for i in range(1, voters_present + 1)] + ["p01", "p02"],
            extra)


def test_assembly_quorum_passes_with_7_of_12(repo):
    assembly(repo, 7)
    assert repo.codes(AS_OF, select=("QRM001",)) == []


def test_assembly_quorum_fails_with_6_of_12_and_probationary_members_do_not_count(repo):
    assembly(repo, 6)
    [finding] = repo.check(AS_OF, select=("QRM001",))
    assert (finding.code, finding.location.path, finding.location.line) == ("QRM001", GA, 3)
    assert finding.facts["present"] == 6 and finding.facts["expected"] == 12 and finding.facts["required"] == 7
    assert finding.facts["probationary"] == 2 and "预备党员" in finding.message
    assert finding.citation.startswith("《中国共产党发展党员工作细则》（有表决权的到会人数须超过")
    records, settings = records_of(repo)
    assert C.quorum_failed(records.meetings_by_id["2025-06-20-ga"], records, settings)
    assert C.quorum_failed(records.meetings_by_id["2025-06-20-ga"], records, None)


def test_assembly_quorum_at_least_half_wording_passes_6_of_12(repo):
    assembly(repo, 6)
    repo.config("rules:\n  QRM001: {wording: 半数以上}\n")
    assert repo.codes(AS_OF, select=("QRM001",)) == []
    records, settings = records_of(repo)
    result = C.quorum(records.meetings_by_id["2025-06-20-ga"], records, settings)
    assert (result.code, result.required, result.passed) == ("QRM001", 6, True)


def test_assembly_quorum_at_least_half_wording_fails_5_of_12(repo):
    assembly(repo, 5)
    repo.config("rules:\n  QRM001: {wording: at-least-half}\n")
    assert repo.codes(AS_OF, select=("QRM001",)) == [("QRM001", GA, 3)]


def test_away_members_count_unless_excluded(repo):
    roll(repo, 10)
    for mid in ("w1", "w2"):
        repo.member(mid, full_member(mid, f"外出{mid}") + "  - {date: 2025-03-01, event: away, place: 广州}\n")
    meeting(repo, "ga", "支部党员大会", "2025-06-20", [f"m{i:02d}" for i in range(1, 7)])     # 6 of 12 / 6 of 10
    assert repo.codes(AS_OF, select=("QRM001",)) == [("QRM001", GA, 3)]
    repo.config("rules:\n  QRM001: {exclude_away: true}\n")
    assert repo.codes(AS_OF, select=("QRM001",)) == []


def test_members_joined_after_or_left_before_are_not_expected(repo):
    roll(repo, 12)
    roll(repo, 3, prefix="late", since="2025-07-01")
    for mid in ("x1", "x2", "x3"):
        repo.member(mid, full_member(mid, f"转出{mid}") + "  - {date: 2025-05-01, event: transferred-out}\n")
    meeting(repo, "ga", "支部党员大会", "2025-06-20", [f"m{i:02d}" for i in range(1, 8)])
    assert repo.codes(AS_OF, select=("QRM001",)) == []


def test_an_assembly_without_attendance_warns_and_still_counts(repo):
    roll(repo, 4)
    repo.write("meetings/2025/2025-06-20-ga.yaml", "type: 支部党员大会\ndate: 2025-06-20\n")
    [finding] = repo.check(AS_OF, select=("QRM001",))
    assert finding.facts["present"] == 0 and finding.severity.label == "warning"
    records, settings = records_of(repo)
    assert not C.quorum_failed(records.meetings_by_id["2025-06-20-ga"], records, settings)


# --- QRM002 branch committee --------------------------------------------------------------------------

CMT = "meetings/2025/2025-03-05-cmt.yaml"


def test_committee_quorum_at_least_half(repo):
    committee(repo, 4)
    repo.member("old", full_member("old", "原委员", roles="  - {role: committee-member, from: 2018-01-01, to: 2025-01-01}\n"))
    meeting(repo, "cmt", "支委会", "2025-03-05", ["c01", "c02"])                 # 2 of 4: half, passes
    assert repo.codes(AS_OF, select=("QRM002",)) == []
    meeting(repo, "cmt", "支委会", "2025-03-05", ["c01", "old"])                 # old left the committee
    assert repo.codes(AS_OF, select=("QRM002",)) == [("QRM002", CMT, 3)]


def test_committee_quorum_strict_wording(repo):
    committee(repo, 4)
    repo.config("rules:\n  QRM002: {wording: 超过半数}\n")
    meeting(repo, "cmt", "支委会", "2025-03-05", ["c01", "c02"])
    assert repo.codes(AS_OF, select=("QRM002",)) == [("QRM002", CMT, 3)]


# --- QRM003 joint meeting -------------------------------------------------------------------------------

JOINT_CONFIG = """\
name: 中共测试社区支部委员会
upper: 中共测试街道工作委员会
groups:
  - {id: g1, name: 第一党小组}
residents_committee:
  - {name: 刘敏, role: 居委会主任, from: 2021-06-01}
  - {name: 张强, from: 2021-06-01}
  - {name: 李娜, from: 2021-06-01}
  - {name: 王芳, from: 2021-06-01}
  - {name: 陈刚, from: 2021-06-01}
  - {name: 周离任, from: 2018-01-01, to: 2025-01-01}
  - {name: 吴新任, from: 2025-09-01}
"""
JNT = "meetings/2025/2025-06-10-jnt.yaml"


def joint(repo, party: int, non_party: int) -> None:
    repo.write("zhidu.yaml", JOINT_CONFIG)
    committee(repo, 5)                                            # 5 party + 5 non-party = 10
    names = ["刘敏", "张强", "李娜", "王芳", "陈刚"][:non_party]
    meeting(repo, "jnt", "两委联席会议", "2025-06-10", [f"c{i:02d}" for i in range(1, party + 1)],
            f"non_party_present: [{', '.join(names)}]\n")


def test_joint_meeting_quorum_80_percent_of_10_is_8(repo):
    joint(repo, 5, 3)
    assert repo.codes(AS_OF, select=("QRM003",)) == []


def test_joint_meeting_quorum_fails_with_7_of_10(repo):
    joint(repo, 4, 3)
    assert repo.codes(AS_OF, select=("QRM003",)) == [("QRM003", JNT, 3)]


def test_joint_meeting_ratio_is_configurable(repo):
    joint(repo, 4, 3)
    repo.write("zhidu.yaml", JOINT_CONFIG + "rules:\n  QRM003: {ratio: 70%}\n")
    assert repo.codes(AS_OF, select=("QRM003",)) == []


def test_a_combined_meeting_fails_only_the_quorum_of_the_type_that_has_one(repo):
    roll(repo, 12)
    meeting(repo, "ga", "[支部党员大会, 党课]", "2025-06-20", [f"m{i:02d}" for i in range(1, 7)])
    records, settings = records_of(repo)
    m = records.meetings_by_id["2025-06-20-ga"]
    assert C.quorum_failed(m, records, settings)
    assert C.quorum_failed(m, records, settings, type_id="general-assembly")
    assert not C.quorum_failed(m, records, settings, type_id="party-lecture")


# --- QRM004 hearing -------------------------------------------------------------------------------------

def test_hearing_quorum_more_than_half_of_headcount(repo):
    repo.write("meetings/2025/2025-05-08-h.yaml", "type: 听证会\ndate: 2025-05-08\nheadcount: {expected: 30, present: 16}\n")
    assert repo.codes(AS_OF, select=("QRM004",)) == []
    repo.write("meetings/2025/2025-05-08-h.yaml", "type: 听证会\ndate: 2025-05-08\nheadcount: {expected: 30, present: 15}\n")
    assert repo.codes(AS_OF, select=("QRM004",)) == [("QRM004", "meetings/2025/2025-05-08-h.yaml", 3)]


# --- QRM005 democratic review ----------------------------------------------------------------------------

REV = "meetings/2025/2025-12-20-rev.yaml"


def test_review_participation_95_percent_of_20_is_19(repo):
    roll(repo, 19)
    probationary(repo, "p01")                                     # probationary members are reviewed too
    meeting(repo, "rev", "民主评议党员", "2025-12-20", [f"m{i:02d}" for i in range(1, 19)] + ["p01"])
    assert repo.codes(AS_OF, select=("QRM005",)) == []


def test_review_participation_fails_with_18_of_20(repo):
    roll(repo, 20)
    meeting(repo, "rev", "民主评议党员", "2025-12-20", [f"m{i:02d}" for i in range(1, 19)])
    assert repo.codes(AS_OF, select=("QRM005",)) == [("QRM005", REV, 3)]


def test_written_review_counts_as_taking_part(repo):
    roll(repo, 20)
    meeting(repo, "rev", "民主评议党员", "2025-12-20", [f"m{i:02d}" for i in range(1, 19)],
            "reviews:\n  - {member: m19, grade: 合格, written: true}\n")
    assert repo.codes(AS_OF, select=("QRM005",)) == []


# --- QRM006 upper committee (street-committee profile) ----------------------------------------------------

STREET = "extends: street-committee\n"


def test_upper_committee_quorum_is_off_by_default(repo):
    committee(repo, 9)
    meeting(repo, "cmt", "支委会", "2025-03-05", ["c01", "c02", "c03", "c04", "c05"])
    decision(repo, "cad", "2025-03-05-cmt", "kind: cadre\n")
    assert repo.codes(AS_OF, select=("QRM",)) == []


def test_upper_committee_more_than_half(repo):
    repo.config(STREET)
    committee(repo, 9)
    meeting(repo, "cmt", "支委会", "2025-03-05", ["c01", "c02", "c03", "c04", "c05"])         # 5 of 9 > 4.5
    assert repo.codes(AS_OF, select=("QRM",)) == []
    meeting(repo, "cmt", "支委会", "2025-03-05", ["c01", "c02", "c03", "c04"])
    assert repo.codes(AS_OF, select=("QRM",)) == [("QRM006", CMT, 3)]         # QRM002 is superseded


def test_upper_committee_cadre_matters_need_two_thirds(repo):
    repo.config(STREET)
    committee(repo, 9)
    decision(repo, "cad", "2025-03-05-cmt", "kind: cadre\n")
    meeting(repo, "cmt", "支委会", "2025-03-05", ["c01", "c02", "c03", "c04", "c05", "c06"])  # 6 of 9 = 2/3
    assert repo.codes(AS_OF, select=("QRM",)) == []
    meeting(repo, "cmt", "支委会", "2025-03-05", ["c01", "c02", "c03", "c04", "c05"])
    [finding] = repo.check(AS_OF, select=("QRM",))
    assert (finding.code, finding.facts["required"]) == ("QRM006", 6) and "干部" in finding.message


# --- VOT001 admission / conversion --------------------------------------------------------------------------

ADM = "decisions/2025/adm.yaml"


def admission(repo, votes: str, *, full: int = 12, present: int = 8, extra: str = "") -> None:
    assembly(repo, present, full=full)
    decision(repo, "adm", "2025-06-20-ga", f"kind: admission\nsubject: p01\nvotes: {votes}\n{extra}")


def test_admission_needs_more_than_half_of_voters_expected_not_present(repo):
    admission(repo, "{for: 6, against: 2}")                 # 6 of 8 present, but 12 expected
    assert repo.codes(AS_OF, select=("VOT001",)) == [("VOT001", ADM, 5)]
    admission(repo, "{for: 7, against: 1}")
    assert repo.codes(AS_OF, select=("VOT001",)) == []


def test_admission_counts_written_votes_handed_in_before(repo):
    admission(repo, "{for: 6, against: 2, written_for: 1}")
    assert repo.codes(AS_OF, select=("VOT001",)) == []
    repo.config("rules:\n  VOT001: {count_written: false}\n")
    [finding] = repo.check(AS_OF, select=("VOT001",))
    assert finding.facts["for"] == 6 and finding.facts["written"] == 0


def test_admission_at_least_half_wording(repo):
    admission(repo, "{for: 6, against: 2}")
    repo.config("rules:\n  VOT001: {wording: 半数以上}\n")
    assert repo.codes(AS_OF, select=("VOT001",)) == []


def test_recused_members_leave_the_base(repo):
    admission(repo, "{for: 7, against: 1}", full=14, present=10, extra="recused: [m09, m10]\n")   # base 12
    assert repo.codes(AS_OF, select=("VOT001",)) == []
    admission(repo, "{for: 7, against: 1}", full=14, present=10)                                 # base 14
    assert repo.codes(AS_OF, select=("VOT001",)) == [("VOT001", ADM, 5)]


def test_a_rejected_admission_is_not_a_finding_and_an_unvoted_one_is(repo):
    admission(repo, "{for: 6, against: 2}", extra="status: rejected\n")
    assert repo.codes(AS_OF, select=("VOT001",)) == []
    assembly(repo, 8)
    decision(repo, "adm", "2025-06-20-ga", "kind: conversion\nsubject: p01\n")
    assert [f.facts.get("decision") for f in repo.check(AS_OF, select=("VOT001", "VOT008"))] == ["adm"]


def test_admission_is_one_vote_per_candidate(repo):
    assembly(repo, 8)
    decision(repo, "adm", "2025-06-20-ga", "kind: admission\nvotes: {for: 8}\ncandidates:\n"
                                           "  - {name: 预备p01, member: p01}\n  - {name: 预备p02, member: p02}\n")
    assert repo.codes(AS_OF, select=("VOT001",)) == [("VOT001", ADM, 5)]


def test_vote_result_for_minutes(repo):
    admission(repo, "{for: 6, against: 2, written_for: 1}", extra="recused: [m01]\n")
    records, settings = records_of(repo)
    d = records.decisions["adm"]
    result = C.vote_result(d, records.meetings_by_id[d.meeting], records, settings)
    assert (result.code, result.votes_for, result.written_for, result.base, result.required, result.passed) == \
        ("VOT001", 7, 1, 11, 6, True)


# --- VOT002 joint meeting, VOT003 deliberation, VOT004 hearing ------------------------------------------------

def test_joint_meeting_items_need_two_thirds_of_attendees(repo):
    joint(repo, 5, 4)                                                             # 9 present
    decision(repo, "j1", "2025-06-10-jnt", "votes: {for: 6, against: 3}\n")
    assert repo.codes(AS_OF, select=("VOT002",)) == []
    decision(repo, "j1", "2025-06-10-jnt", "votes: {for: 5, against: 4}\n")
    assert repo.codes(AS_OF, select=("VOT002",)) == [("VOT002", "decisions/2025/j1.yaml", 3)]


def test_deliberation_needs_two_thirds_of_those_present(repo):
    repo.write("meetings/2025/2025-05-09-yi.yaml", "type: 议事会\ndate: 2025-05-09\nheadcount: {expected: 20, present: 15}\n")
    decision(repo, "y1", "2025-05-09-yi", "votes: {for: 10, against: 5}\n")
    assert repo.codes(AS_OF, select=("VOT003",)) == []
    decision(repo, "y1", "2025-05-09-yi", "votes: {for: 9, against: 6}\n")
    assert repo.codes(AS_OF, select=("VOT003",)) == [("VOT003", "decisions/2025/y1.yaml", 3)]
    decision(repo, "y1", "2025-05-09-yi", "votes: {for: 9, against: 6}\nstatus: deferred\n")
    assert repo.codes(AS_OF, select=("VOT003",)) == []


def test_hearing_resolution_needs_more_than_half_of_attendees(repo):
    repo.write("meetings/2025/2025-05-08-h.yaml", "type: 听证会\ndate: 2025-05-08\nheadcount: {expected: 30, present: 16}\n")
    decision(repo, "h1", "2025-05-08-h", "votes: {for: 9, against: 7}\n")
    assert repo.codes(AS_OF, select=("VOT004",)) == []
    decision(repo, "h1", "2025-05-08-h", "votes: {for: 8, against: 8}\n")
    assert repo.codes(AS_OF, select=("VOT004",)) == [("VOT004", "decisions/2025/h1.yaml", 3)]


# --- VOT005 upper committee ----------------------------------------------------------------------------------

def test_upper_committee_vote_ignores_written_opinions(repo):
    repo.config(STREET)
    committee(repo, 9)
    meeting(repo, "cmt", "支委会", "2025-03-05", [f"c{i:02d}" for i in range(1, 8)])
    decision(repo, "s1", "2025-03-05-cmt", "votes: {for: 5, against: 2}\n")          # 5 > 4.5
    assert repo.codes(AS_OF, select=("VOT005",)) == []
    decision(repo, "s1", "2025-03-05-cmt", "votes: {for: 4, against: 3, written_for: 2}\n")
    [finding] = repo.check(AS_OF, select=("VOT005",))
    assert (finding.location.line, finding.facts["for"], finding.facts["written"]) == (3, 4, 2)


def test_upper_committee_cadre_items_person_by_person(repo):
    repo.config(STREET)
    committee(repo, 9)
    meeting(repo, "cmt", "支委会", "2025-03-05", [f"c{i:02d}" for i in range(1, 8)])
    decision(repo, "s2", "2025-03-05-cmt", "kind: cadre\ncandidates:\n"
                                           "  - {name: 李明, votes: {for: 5, against: 2}}\n"
                                           "  - {name: 赵亮, votes: {for: 6, against: 1}}\n")
    assert repo.codes(AS_OF, select=("VOT",)) == []
    decision(repo, "s2", "2025-03-05-cmt", "kind: cadre\nvotes: {for: 6, against: 1}\ncandidates:\n"
                                           "  - {name: 李明}\n  - {name: 赵亮}\n")
    assert repo.codes(AS_OF, select=("VOT",)) == [("VOT005", "decisions/2025/s2.yaml", 5)]
    decision(repo, "s2", "2025-03-05-cmt", "kind: cadre\ncandidates:\n"
                                           "  - {name: 李明, votes: {for: 4, against: 3}}\n"
                                           "  - {name: 赵亮, votes: {for: 4, against: 3}, status: rejected}\n")
    assert repo.codes(AS_OF, select=("VOT",)) == [("VOT005", "decisions/2025/s2.yaml", 5)]


def test_upper_committee_vote_is_off_in_the_community_profile(repo):
    committee(repo, 9)
    meeting(repo, "cmt", "支委会", "2025-03-05", [f"c{i:02d}" for i in range(1, 8)])
    decision(repo, "s1", "2025-03-05-cmt", "votes: {for: 2, against: 5}\n")
    assert repo.codes(AS_OF, select=("VOT",)) == []


# --- VOT006 service commitments ------------------------------------------------------------------------------

def test_commitments_need_at_least_half_of_all_attendees(repo):
    """000 §十四: "经党员大会参会人员半数以上同意" — attendees (probationary members too), half included."""
    assembly(repo, 12)                                        # 12 full + 2 probationary present: 14 attendees
    decision(repo, "cm", "2025-06-20-ga", "kind: commitment\nvotes: {for: 7, against: 5}\n")
    assert repo.codes(AS_OF, select=("VOT006",)) == []        # 7 of 14: exactly half passes
    decision(repo, "cm", "2025-06-20-ga", "kind: commitment\nvotes: {for: 6, against: 6}\n")
    assert [(f.code, f.location.line, f.facts["base"], f.facts["required"])
            for f in repo.check(AS_OF, select=("VOT006",))] == [("VOT006", 4, 14, 7)]


def test_commitments_strict_wording_and_voters_only_base_are_parameters(repo):
    assembly(repo, 12)
    decision(repo, "cm", "2025-06-20-ga", "kind: commitment\nvotes: {for: 7, against: 5}\n")
    repo.config("rules:\n  VOT006: {wording: 超过半数}\n")
    assert [f.facts["required"] for f in repo.check(AS_OF, select=("VOT006",))] == [8]    # 7 of 14 not > half
    repo.config("rules:\n  VOT006: {base: voters-present}\n")
    decision(repo, "cm", "2025-06-20-ga", "kind: commitment\nvotes: {for: 6, against: 6}\n")
    assert repo.codes(AS_OF, select=("VOT006",)) == []        # 6 of the 12 voters present: half
    decision(repo, "cm", "2025-06-20-ga", "kind: commitment\nvotes: {for: 5, against: 7}\n")
    assert [f.facts["base"] for f in repo.check(AS_OF, select=("VOT006",))] == [12]


# --- VOT007 tally consistency ------------------------------------------------------------------------------

def test_tally_cannot_exceed_voters_present_probationary_excluded(repo):
    assembly(repo, 8)                                         # 8 full + 2 probationary present
    decision(repo, "t", "2025-06-20-ga", "votes: {for: 7, against: 1}\n")
    assert repo.codes(AS_OF, select=("VOT007",)) == []
    decision(repo, "t", "2025-06-20-ga", "votes: {for: 9, against: 1}\n")
    assert repo.codes(AS_OF, select=("VOT007",)) == [("VOT007", "decisions/2025/t.yaml", 3)]


def test_recused_members_are_not_counted_in_the_tally(repo):
    assembly(repo, 8)
    decision(repo, "t", "2025-06-20-ga", "votes: {for: 7, against: 1}\nrecused: [m08]\n")
    [finding] = repo.check(AS_OF, select=("VOT007",))
    assert (finding.facts["cast"], finding.facts["eligible"]) == (8, 7) and "回避" in finding.message
    decision(repo, "t", "2025-06-20-ga", "votes: {for: 6, against: 1}\nrecused: [m08]\n")
    assert repo.codes(AS_OF, select=("VOT007",)) == []


def test_a_recused_probationary_member_takes_no_vote_away(repo):
    assembly(repo, 8)                                         # 8 full + p01, p02 present
    decision(repo, "t", "2025-06-20-ga", "kind: conversion\nsubject: p01\nrecused: [p01]\nvotes: {for: 8}\n")
    assert repo.codes(AS_OF, select=("VOT",)) == []
    decision(repo, "t", "2025-06-20-ga", "kind: conversion\nsubject: p01\nrecused: [p01, m01]\nvotes: {for: 8}\n")
    assert repo.codes(AS_OF, select=("VOT007",)) == [("VOT007", "decisions/2025/t.yaml", 6)]   # m01 does lose one


def test_an_absent_list_alone_is_not_attendance(repo):
    roll(repo, 12)
    repo.write(GA, "type: 支部党员大会\ndate: 2025-06-20\nabsent:\n  - {member: m12, reason: 住院}\n")
    decision(repo, "t", "2025-06-20-ga", "votes: {for: 11}\n")
    [finding] = repo.check(AS_OF, select=("QRM", "VOT"))
    assert (finding.code, finding.severity.label, finding.location.line) == ("QRM001", "warning", 1)
    records, settings = records_of(repo)
    assert not C.quorum_failed(records.meetings_by_id["2025-06-20-ga"], records, settings)


def test_meetings_before_records_start_are_history(repo):
    repo.config("records_start: 2025-01-01\n")
    roll(repo, 12)
    probationary(repo, "p01")
    # an inquorate, unminuted assembly filed for reference from before the records began
    repo.write("meetings/2024/2024-06-20-ga.yaml", "type: 支部党员大会\ndate: 2024-06-20\nattendees: [m01]\n")
    decision(repo, "t", "2024-06-20-ga", "kind: admission\nsubject: p01\nvotes: {for: 1}\n")
    assert repo.codes(AS_OF, select=("QRM", "VOT", "CND")) == []
    repo.config("records_start: 2024-01-01\n")
    assert {code for code, _, _ in repo.codes(AS_OF, select=("QRM", "VOT", "CND"))} == {
        "QRM001", "VOT001", "CND001", "CND002", "CND005", "CND006"}


def test_written_votes_come_only_from_absent_voters(repo):
    assembly(repo, 8)                                         # 12 voters expected, 8 present: 4 absent
    decision(repo, "t", "2025-06-20-ga", "votes: {for: 7, against: 1, written_for: 4}\n")
    assert repo.codes(AS_OF, select=("VOT007",)) == []
    decision(repo, "t", "2025-06-20-ga", "votes: {for: 7, against: 1, written_for: 5}\n")
    assert repo.codes(AS_OF, select=("VOT007",)) == [("VOT007", "decisions/2025/t.yaml", 3)]


# --- CND001 chair --------------------------------------------------------------------------------------------

def test_committee_chaired_by_the_secretary_or_by_delegation(repo):
    committee(repo, 3)
    meeting(repo, "cmt", "支委会", "2025-03-05", ["c01", "c02"], "chair: c01\n")
    assert repo.codes(AS_OF, select=("CND001",)) == []
    meeting(repo, "cmt", "支委会", "2025-03-05", ["c01", "c02"], "chair: c02\n")
    assert repo.codes(AS_OF, select=("CND001",)) == [("CND001", CMT, 4)]
    meeting(repo, "cmt", "支委会", "2025-03-05", ["c01", "c02"], "chair: c02\ndelegated_by: c01\n")
    assert repo.codes(AS_OF, select=("CND001",)) == []
    meeting(repo, "cmt", "支委会", "2025-03-05", ["c01", "c02"], "chair: c02\ndelegated_by: c03\n")
    assert repo.codes(AS_OF, select=("CND001",)) == [("CND001", CMT, 5)]
    meeting(repo, "cmt", "支委会", "2025-03-05", ["c01", "c02"])
    assert [f.facts["meeting"] for f in repo.check(AS_OF, select=("CND001",))] == ["2025-03-05-cmt"]


def test_group_meeting_chaired_by_its_own_leader_on_that_day(repo):
    repo.member("l1", full_member("l1", "组长一", roles="  - {role: group-leader, from: 2021-01-01, group: g1}\n"))
    repo.member("l2", full_member("l2", "组长二", group="g2", roles="  - {role: 组长, from: 2021-01-01}\n"))
    path = meeting(repo, "grp", "党小组会", "2025-03-06", ["l1"], "group: g1\nchair: l1\n")
    assert repo.codes(AS_OF, select=("CND001",)) == []
    meeting(repo, "grp", "党小组会", "2025-03-06", ["l1"], "group: g1\nchair: l2\n")
    assert repo.codes(AS_OF, select=("CND001",)) == [("CND001", path, 5)]


def test_assembly_may_be_chaired_by_the_deputy(repo):
    repo.member("d", full_member("d", "副书记", roles="  - {role: 副书记, from: 2021-01-01, to: 2025-06-01}\n"))
    meeting(repo, "ga", "支部党员大会", "2025-05-20", ["d"], "chair: d\n")
    assert repo.codes(AS_OF, select=("CND001",)) == []
    meeting(repo, "ga", "支部党员大会", "2025-06-20", ["d"], "chair: d\n")        # no longer deputy that day
    assert repo.codes(AS_OF, select=("CND001",)) == [("CND001", GA, 4)]


# --- CND002 recorder and minutes --------------------------------------------------------------------------------

def test_minutes_name_a_recorder_and_summarise_each_item(repo):
    roll(repo, 1)
    path = meeting(repo, "cmt", "支委会", "2025-03-05", ["m01"],
                   "recorder: m01\nagenda:\n  - {title: 学习党章, summary: 书记领学第三章}\n")
    assert repo.codes(AS_OF, select=("CND002",)) == []
    meeting(repo, "cmt", "支委会", "2025-03-05", ["m01"], "agenda:\n  - {title: 学习党章}\n  - {title: 研究工作, summary: 议定}\n")
    assert repo.codes(AS_OF, select=("CND002",)) == [("CND002", path, 1), ("CND002", path, 5)]
    meeting(repo, "cmt", "支委会", "2025-03-05", ["m01"], "recorder: m01\n")
    assert [f.facts["meeting"] for f in repo.check(AS_OF, select=("CND002",))] == ["2025-03-05-cmt"]


# --- CND003 recusal --------------------------------------------------------------------------------------------

def test_concerned_members_must_be_recused(repo):
    assembly(repo, 8)
    decision(repo, "d", "2025-06-20-ga", "concerned: [m03]\nrecused: [m03]\n")
    assert repo.codes(AS_OF, select=("CND003",)) == []
    decision(repo, "d", "2025-06-20-ga", "concerned: [m03]\n")
    assert repo.codes(AS_OF, select=("CND003",)) == [("CND003", "decisions/2025/d.yaml", 3)]


def test_a_voting_subject_present_must_be_recused_a_probationary_one_need_not(repo):
    assembly(repo, 8)
    decision(repo, "d", "2025-06-20-ga", "kind: discipline\nsubject: m02\n")
    assert repo.codes(AS_OF, select=("CND003",)) == [("CND003", "decisions/2025/d.yaml", 4)]
    decision(repo, "d", "2025-06-20-ga", "kind: discipline\nsubject: m02\nrecused: [m02]\n")
    assert repo.codes(AS_OF, select=("CND003",)) == []
    decision(repo, "d", "2025-06-20-ga", "kind: conversion\nsubject: p01\n")
    assert repo.codes(AS_OF, select=("CND003",)) == []
    decision(repo, "d", "2025-06-20-ga", "kind: discipline\nsubject: m12\n")          # absent
    assert repo.codes(AS_OF, select=("CND003",)) == []


# --- CND004 democratic life meeting ---------------------------------------------------------------------------

LIFE = "meetings/2025/2025-07-10-life.yaml"
LIFE_OK = ("topic_agreed: {date: 2025-06-25, to: 城关街道党工委}\nnotice: {date: 2025-07-01, channel: 书面通知}\n"
           "reported: {date: 2025-07-15, to: 城关街道党工委}\n")


def test_democratic_life_meeting_procedure(repo):
    meeting(repo, "life", "民主生活会", "2025-07-10", extra=LIFE_OK)
    assert repo.codes(AS_OF, select=("CND004",)) == []
    meeting(repo, "life", "民主生活会", "2025-07-10",
            extra="topic_agreed: {date: 2025-07-10}\nreported: {date: 2025-07-20}\n")
    assert repo.codes(AS_OF, select=("CND004",)) == [("CND004", LIFE, 1), ("CND004", LIFE, 4)]


def test_democratic_life_report_is_due_after_30_days(repo):
    meeting(repo, "life", "民主生活会", "2025-07-10",
            extra="topic_agreed: {date: 2025-06-25}\nnotice: {date: 2025-07-01}\n")
    assert repo.codes("2025-08-09", select=("CND004",)) == []            # day 30: still within 30 days
    assert repo.codes("2025-08-10", select=("CND004",)) == [("CND004", LIFE, 1)]


# --- CND005 execution -----------------------------------------------------------------------------------------

def test_decision_without_execution_is_flagged_90_days_after_adoption(repo):
    meeting(repo, "cmt", "支委会", "2025-03-01")
    repo.write("meetings/2025/2025-03-01-cmt.yaml", "type: 支委会\ndate: 2025-03-01\n")
    decision(repo, "e", "2025-03-01-cmt", "content: 更换楼道照明\n")
    assert repo.codes("2025-05-29", select=("CND005",)) == []            # 89 days
    assert repo.codes("2025-05-30", select=("CND005",)) == [("CND005", "decisions/2025/e.yaml", 1)]
    decision(repo, "e", "2025-03-01-cmt", "execution:\n  - {date: 2025-04-20, note: 已完成}\n")
    assert repo.codes("2025-05-30", select=("CND005",)) == []
    decision(repo, "e", "2025-03-01-cmt", "status: rejected\n")
    assert repo.codes("2025-05-30", select=("CND005",)) == []


def test_an_event_pointing_at_the_decision_is_its_execution(repo):
    repo.write("meetings/2025/2025-03-01-cmt.yaml", "type: 支委会\ndate: 2025-03-01\n")
    decision(repo, "dt", "2025-03-01-cmt", "kind: development-target\nsubject: a\n")
    repo.member("a", "name: 甲\nhistory:\n  - {date: 2024-01-01, event: applied}\n"
                     "  - {date: 2025-03-01, event: development-target, decision: dt}\n")
    assert repo.codes("2025-12-31", select=("CND005",)) == []


# --- CND006 absences --------------------------------------------------------------------------------------------

def test_absent_members_have_a_reason(repo):
    roll(repo, 4)
    repo.member("w", full_member("w", "外出") + "  - {date: 2025-01-01, event: away, place: 广州}\n")
    path = meeting(repo, "grp", "党小组会", "2025-03-06", ["m01", "m02"],
                   "group: g1\nabsent:\n  - {member: m03, reason: 住院}\n  - {member: m04, reason: 出差}\n")
    assert repo.codes(AS_OF, select=("CND006",)) == []                  # w is away: the reason is on file
    meeting(repo, "grp", "党小组会", "2025-03-06", ["m01", "m02"], "group: g1\nabsent:\n  - m03\n")
    assert repo.codes(AS_OF, select=("CND006",)) == [("CND006", path, 3), ("CND006", path, 6)]


def test_members_of_other_groups_are_not_absent_from_a_group_meeting(repo):
    roll(repo, 2)
    roll(repo, 2, prefix="b", group="g2")
    meeting(repo, "grp", "党小组会", "2025-03-06", ["m01", "m02"], "group: g1\n")
    assert repo.codes(AS_OF, select=("CND006",)) == []


# --- catalogue -------------------------------------------------------------------------------------------------

FAMILY_CODES = [f"QRM00{i}" for i in range(1, 7)] + [f"VOT00{i}" for i in range(1, 8)] + [f"CND00{i}" for i in range(1, 7)]


@pytest.mark.parametrize("code", FAMILY_CODES)
def test_rules_are_cited_and_speak_both_languages(code):
    rule = by_code()[code]
    assert rule.citation.strip() and rule.examples
    for message in rule.messages.values():
        assert message.zh.strip() and message.en.strip()
    assert rule.enabled_by_default == (code not in ("QRM006", "VOT005"))


def test_findings_carry_the_citation_in_english_too(repo):
    assembly(repo, 6)
    [finding] = repo.check(AS_OF, select=("QRM001",), lang="en")
    assert finding.citation and finding.message.startswith("general-assembly of 2025-06-20: 6 of 12 voting members")
    assert "{" not in finding.message and "{" not in finding.hint


def test_every_message_formats_without_leftover_braces(repo):
    """Every finding of this suite's fixtures renders completely in both languages."""
    admission(repo, "{for: 9, against: 2}", extra="concerned: [m01]\n")
    for lang in ("zh", "en"):
        for finding in repo.check(AS_OF, select=("QRM", "VOT", "CND"), lang=lang):
            assert "{" not in finding.message.replace("{{", ""), finding.message


def test_a_meeting_naming_an_unreadable_member_file_is_not_judged(repo):
    """One broken file is one problem: its SCH001, not follow-on 'not the secretary' or tally findings."""
    repo.member("li-hong", "name: 李红\n")                                   # rewritten below in GBK
    (repo.root / "members" / "li-hong.yaml").write_bytes("name: 李红\nroles:\n  - {role: secretary, from: 2020-01-01}\n"
                                                          "history:\n  - {date: 2000-07-01, event: full}\n".encode("gbk"))
    for i in range(1, 5):
        repo.member(f"m{i}", f"name: 成员{i}\nroles:\n  - {{role: committee-member, from: 2020-01-01}}\n"
                             "history:\n  - {date: 2000-07-01, event: full}\n")
    repo.write("meetings/2025/2025-03-05-branch-committee.yaml", """\
        type: 支委会
        date: 2025-03-05
        chair: li-hong
        recorder: m1
        attendees: [li-hong, m1, m2, m3, m4]
        agenda:
          - {title: 研究三月工作, summary: 部署三月工作。}
        """)
    assert [code for code, _path, _line in repo.codes("2025-03-31", select=("SCH", "QRM", "VOT", "CND"))] == ["SCH001"]
