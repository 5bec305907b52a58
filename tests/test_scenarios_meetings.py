"""Scenarios for the meeting rules: one realistic branch checked with every meeting family at once.

幸福里社区党支部 keeps its records from 2025-04-01. Twelve full members (one of them, 黄强, away
working in Guangzhou since March), two probationary members, a development target admitted in May,
a member transferred in without a group yet; a committee of five; two 党小组 (and a third being set
up, with nobody in it); a residents' committee of five (one of them a party member). The second
quarter of 2025 is kept the way a careful secretary keeps it: every month a committee meeting, a
joint meeting and, per group, a 主题党日 that is also the group meeting, the study and the
e-education viewing; the quarter's general assembly, party lecture (on the quarter's last day),
community joint meeting and commitment publicity; a hearing; a democratic life meeting.

Each test changes one fact and asserts the **complete** list of findings of the families MTG, QRM,
VOT and CND as of a date: nothing missing, nothing extra. The boundaries used:

* general assembly: 12 full members expected (黄强 included: being away does not excuse him by
  default); 超过半数 needs 7 present, 半数以上 needs 6; the 2 probationary members present never count;
* admission: for-votes > half of the 12 voting members expected — 6 (with the written one) fails, 7 passes;
* two-committee joint meeting: 80% of 10 is 8; its items need 2/3 of those present (6 of 8, 5 of 7);
* hearing: more than half of 30 is 16; its resolution more than half of 16 present is 9;
* democratic review: 95% of 20 is 19.
"""

from __future__ import annotations

from zhidu_cli.diagnostics.finding import Severity

SELECT = ("MTG", "QRM", "VOT", "CND")
AFTER_Q2 = "2025-07-01"          # the second quarter has ended; July is in force (due, not overdue)

CONFIG = """\
name: 中共幸福里社区支部委员会
upper: 中共城关街道工作委员会
founded: 2015-03-01
records_start: 2025-04-01
groups:
  - {id: g1, name: 第一党小组}
  - {id: g2, name: 第二党小组}
  - {id: g3, name: 第三党小组（筹建）, from: 2025-05-01}
residents_committee:
  - {name: 刘敏, role: 居委会主任, from: 2021-06-25}
  - {name: 王芳, member: wang-fang, role: 居委会委员, from: 2021-06-25}
  - {name: 张强, role: 居委会委员, from: 2021-06-25}
  - {name: 李娜, role: 居委会委员, from: 2021-06-25}
  - {name: 陈刚, role: 居委会委员, from: 2021-06-25}
"""


def full(name: str, group: str, roles: str = "", extra: str = "") -> str:
    """A full member since 2005 (roles as YAML list items)."""
    text = f"name: {name}\ngroup: {group}\n" + (f"roles:\n{roles}" if roles else "")
    return text + f"history:\n  - {{date: 2005-07-01, event: full}}\n{extra}"


MEMBERS = {
    "li-hua": full("李华", "g1", "  - {role: secretary, from: 2021-06-01}\n"),
    "zhao-lei": full("赵磊", "g1", "  - {role: deputy-secretary, from: 2021-06-01}\n"),
    "zhou-min": full("周敏", "g1", "  - {role: committee-member, from: 2021-06-01}\n"
                                   "  - {role: group-leader, group: g1, from: 2021-06-01}\n"),
    "sun-li": full("孙丽", "g2", "  - {role: committee-member, from: 2021-06-01}\n"),
    "wu-gang": full("吴刚", "g2", "  - {role: committee-member, from: 2021-06-01}\n"),
    "wang-fang": full("王芳", "g1", "  - {role: residents-committee, from: 2021-06-25}\n"),
    "chen-jie": full("陈杰", "g1"),
    "xu-ming": full("徐明", "g1"),
    "liu-yang": full("刘洋", "g2", "  - {role: group-leader, group: g2, from: 2021-06-01}\n"),
    "huang-qiang": full("黄强", "g2", extra="  - {date: 2025-03-01, event: away, place: 广东省广州市, "
                                            "fixed_place: false, certificate: card, reason: 外出务工}\n"),
    "guo-hong": full("郭红", "g2"),
    "ma-jun": full("马军", "g2"),
    # probation ended 2025-05-09; converted at the May assembly, approved 2025-06-10
    "tang-li": "name: 唐丽\ngroup: g1\nhistory:\n  - {date: 2024-05-10, event: admitted}\n"
               "  - {date: 2024-06-01, event: approved}\n  - {date: 2025-06-10, event: full, decision: conv-tang-li}\n",
    "song-yu": "name: 宋雨\ngroup: g2\nhistory:\n  - {date: 2025-01-10, event: admitted}\n"
               "  - {date: 2025-02-01, event: approved}\n",
    # the development target admitted in May: a guest at the assembly, a probationary member from June
    "chen-chen": "name: 陈晨\nhistory:\n  - {date: 2024-10-08, event: development-target}\n"
                 "  - {date: 2025-05-16, event: admitted, decision: adm-chen-chen}\n"
                 "  - {date: 2025-06-10, event: approved, decision: adm-chen-chen}\n",
    # transferred in with no group yet: expected at whole-branch meetings only
    "fang-yuan": "name: 方圆\nhistory:\n  - {date: 2025-06-10, event: transferred-in, status: full}\n",
}

COMMITTEE = ["li-hua", "zhao-lei", "zhou-min", "sun-li", "wu-gang"]
G1 = ["li-hua", "zhao-lei", "zhou-min", "wang-fang", "chen-jie", "xu-ming", "tang-li"]
G2 = ["sun-li", "wu-gang", "liu-yang", "guo-hong", "ma-jun", "song-yu"]          # 黄强 is away
RESIDENTS = ["刘敏", "张强", "李娜", "陈刚"]
THEME_DAY = "[主题党日, 党小组会, 学习活动, 远程教育收看]"

ASSEMBLY = "meetings/2025/2025-05-16-assembly.yaml"
ASSEMBLY_PRESENT = ["li-hua", "zhao-lei", "zhou-min", "sun-li", "wu-gang", "wang-fang", "chen-jie",
                    "tang-li", "song-yu"]                        # 7 full members + 2 probationary
ASSEMBLY_ABSENT = [("huang-qiang", "外出务工，会前书面表决"), ("xu-ming", "住院治疗"), ("liu-yang", "出差"),
                   ("guo-hong", "照顾病人"), ("ma-jun", "单位值班")]
ADMISSION = "decisions/2025/adm-chen-chen.yaml"
CONVERSION = "decisions/2025/conv-tang-li.yaml"
JOINT = "meetings/2025/2025-06-12-joint.yaml"
JOINT_ITEM = "decisions/2025/joint-parking.yaml"
WAIVER = "decisions/2025/waiver-guo-hong.yaml"
LIFE = "meetings/2025/2025-06-26-democratic-life.yaml"
LECTURE = "meetings/2025/2025-06-30-lecture.yaml"


def minutes(types: str, title: str, day: str, chair: str | None, attendees, *, group: str = "",
            absent=(), extra: str = "") -> str:
    """A complete meeting file: chair, recorder, attendance, absences with reasons, an agenda with summaries."""
    text = f"type: {types}\ntitle: {title}\ndate: {day}\n"
    text += f"group: {group}\n" if group else ""
    text += f"chair: {chair}\n" if chair else ""
    text += f"recorder: zhao-lei\nattendees: [{', '.join(attendees)}]\n"
    if absent:
        text += "absent:\n" + "".join(f"  - {{member: {m}, reason: {why}}}\n" for m, why in absent)
    return text + extra + "agenda:\n  - {title: 学习与工作安排, summary: 传达学习上级文件，研究部署近期工作}\n"


def assembly(attendees=tuple(ASSEMBLY_PRESENT), absent=tuple(ASSEMBLY_ABSENT)) -> str:
    return minutes("支部党员大会", "支部党员大会（接收预备党员、预备党员转正）", "2025-05-16", "li-hua", attendees,
                   absent=absent, extra="guests: [陈晨（发展对象）]\n")


def joint(day: str, attendees=tuple(COMMITTEE + ["wang-fang"]), residents=tuple(RESIDENTS)) -> str:
    return minutes("两委联席会议", "社区“两委”联席会议", day, "li-hua", attendees,
                   extra=f"non_party_present: [{', '.join(residents)}]\n")


def admission(votes: str = "{for: 6, against: 1, written_for: 1}") -> str:
    return ("meeting: 2025-05-16-assembly\ntitle: 接收陈晨同志为预备党员\nkind: admission\nsubject: chen-chen\n"
            f"votes: {votes}\napproval: {{date: 2025-06-10, by: 中共城关街道工作委员会}}\n")


def waiver(recused: str = "[wu-gang]", votes: str = "{for: 4}") -> str:
    """郭红's dues waiver, decided by the committee: her husband 吴刚 sits on it and steps aside."""
    return ("meeting: 2025-06-05-committee\ntitle: 同意郭红同志减免党费\nkind: dues-waiver\nsubject: guo-hong\n"
            f"concerned: [wu-gang]\nrecused: {recused}\nvotes: {votes}\n"
            "waiver: {from: 2025-06, to: 2025-12, amount: \"0.20\"}\n")


def quarter(repo):
    """The branch and its complete second quarter of 2025."""
    repo.write("zhidu.yaml", CONFIG)
    for member_id, text in MEMBERS.items():
        repo.member(member_id, text)
    files = {}
    for month, (committee, joint_day, g1, g2) in {4: (3, 10, 17, 18), 5: (8, 13, 22, 23), 6: (5, 12, 19, 20)}.items():
        ym = f"2025-{month:02d}"
        files[f"{ym}-{committee:02d}-committee"] = minutes("支委会", f"{month}月支委会", f"{ym}-{committee:02d}",
                                                           "li-hua", COMMITTEE)
        files[f"{ym}-{joint_day:02d}-joint"] = joint(f"{ym}-{joint_day:02d}")
        files[f"{ym}-{g1:02d}-g1-theme-day"] = minutes(THEME_DAY, f"{month}月主题党日", f"{ym}-{g1:02d}", "zhou-min",
                                                       G1, group="g1")
        files[f"{ym}-{g2:02d}-g2-theme-day"] = minutes(THEME_DAY, f"{month}月主题党日", f"{ym}-{g2:02d}", "liu-yang",
                                                       G2, group="g2")
    # June's joint meeting at exactly 80%: 吴刚 and 陈刚 excused — 8 of the 10 members of the two committees
    files["2025-06-12-joint"] = joint("2025-06-12", attendees=["li-hua", "zhao-lei", "zhou-min", "sun-li", "wang-fang"],
                                      residents=["刘敏", "张强", "李娜"])
    files["2025-04-25-community"] = minutes("社区工作联席会", "二季度社区工作联席会", "2025-04-25", "li-hua", [],
                                            extra="headcount: {expected: 12, present: 11}\n")
    files["2025-05-16-assembly"] = assembly()
    files["2025-05-28-publicity"] = minutes("承诺公示", "二季度党员承诺公示", "2025-05-28", "li-hua", ["li-hua"])
    files["2025-06-18-hearing"] = minutes("听证会", "加装电梯听证会", "2025-06-18", "li-hua", [],
                                          extra="headcount: {expected: 30, present: 16}\n")
    files["2025-06-26-democratic-life"] = minutes(
        "民主生活会", "2025年上半年民主生活会", "2025-06-26", "li-hua", COMMITTEE + ["wang-fang"],
        extra="topic_agreed: {date: 2025-06-10, to: 中共城关街道工作委员会}\nnotice: {date: 2025-06-20, channel: 书面通知}\n")
    # the first half-year ends with the quarter (and began before records_start, issue 8.2: it is judged)
    files["2025-06-24-heart-to-heart"] = minutes("谈心谈话", "上半年班子成员谈心谈话", "2025-06-24", "li-hua", COMMITTEE)
    files["2025-06-27-commitment-review"] = minutes("承诺评议", "上半年承诺点评", "2025-06-27", "li-hua", ["li-hua"])
    # the party lecture on the quarter's last day; everyone but 黄强 (away), with the new members
    files["2025-06-30-lecture"] = minutes("党课", "七一专题党课", "2025-06-30", "li-hua",
                                          G1 + G2 + ["chen-chen", "fang-yuan"])
    for meeting_id, text in files.items():
        repo.write(f"meetings/2025/{meeting_id}.yaml", text)
    repo.write(ADMISSION, admission())
    # 唐丽 steps out for her own conversion (she has no vote anyway); the away 黄强 voted in writing
    repo.write(CONVERSION, "meeting: 2025-05-16-assembly\ntitle: 唐丽同志按期转为正式党员\nkind: conversion\n"
                           "subject: tang-li\nrecused: [tang-li]\nvotes: {for: 7, written_for: 1}\n"
                           "approval: {date: 2025-06-10, by: 中共城关街道工作委员会}\n")
    repo.write(WAIVER, waiver())
    repo.write("decisions/2025/july-first.yaml", "meeting: 2025-06-05-committee\ntitle: 研究七一活动安排\n")  # no vote
    repo.write(JOINT_ITEM, "meeting: 2025-06-12-joint\ntitle: 规范小区停车\nvotes: {for: 6, against: 2}\n")
    repo.write("decisions/2025/hearing-lift.yaml", "meeting: 2025-06-18-hearing\ntitle: 同意加装电梯方案\n"
                                                   "votes: {for: 9, against: 7}\n")
    return repo


def findings(repo, as_of: str = AFTER_Q2):
    return repo.codes(as_of, select=SELECT)


def line(repo, path: str, needle: str) -> int:
    """The line of ``path`` holding ``needle`` (exactly one line must)."""
    lines = [i for i, text in enumerate((repo.root / path).read_text(encoding="utf-8").splitlines(), 1)
             if needle in text]
    assert len(lines) == 1, (path, needle, lines)
    return lines[0]


def group_line(repo, group_id: str) -> int:
    return line(repo, "zhidu.yaml", f"{{id: {group_id},")


# --- the quarter as kept ------------------------------------------------------------------------------------

def test_a_well_kept_quarter_has_no_findings(repo):
    quarter(repo)
    assert findings(repo, "2025-06-30") == []         # the quarter's last day: the lecture counts, nothing overdue
    assert findings(repo) == []                       # the day after: every period of the quarter was held


# --- the general assembly: 超过半数 against 半数以上, probationary members, written votes ----------------------

def test_an_assembly_one_short_of_its_quorum_does_not_count_as_the_quarters_assembly(repo):
    quarter(repo)
    # 陈杰 stays home: 6 of the 12 full members, plus the 2 probationary members who have no vote
    repo.write(ASSEMBLY, assembly([m for m in ASSEMBLY_PRESENT if m != "chen-jie"],
                                  ASSEMBLY_ABSENT + [("chen-jie", "出差")]))
    repo.write(ADMISSION, admission("{for: 5, against: 1, written_for: 1}"))
    repo.write(CONVERSION, repo.root.joinpath(CONVERSION).read_text(encoding="utf-8").replace("for: 7", "for: 6"))
    assert findings(repo) == [                                     # (findings come sorted by file and line)
        ("VOT001", ADMISSION, line(repo, ADMISSION, "votes:")),       # 5 + 1 written = 6: not more than half of 12
        ("QRM001", ASSEMBLY, line(repo, ASSEMBLY, "attendees:")),
        ("MTG002", "zhidu.yaml", 1),                                  # the inquorate assembly is not held
    ]
    quorum, = repo.check(AFTER_Q2, select=("QRM001",))
    assert (quorum.facts["present"], quorum.facts["expected"], quorum.facts["required"],
            quorum.facts["probationary"]) == (6, 12, 7, 2)
    cadence, = repo.check(AFTER_Q2, select=("MTG002",))
    assert "2025-05-16 的会议未达到法定人数" in cadence.message
    assert cadence.related[0].path == ASSEMBLY


def test_the_same_assembly_sits_where_the_branch_follows_半数以上(repo):
    quarter(repo)
    repo.write("zhidu.yaml", CONFIG + "rules:\n  QRM001: {wording: 半数以上}\n")
    repo.write(ASSEMBLY, assembly([m for m in ASSEMBLY_PRESENT if m != "chen-jie"],
                                  ASSEMBLY_ABSENT + [("chen-jie", "出差")]))
    repo.write(ADMISSION, admission("{for: 6, written_for: 1}"))        # all 6 present for, and the written one
    repo.write(CONVERSION, repo.root.joinpath(CONVERSION).read_text(encoding="utf-8").replace("for: 7", "for: 6"))
    assert findings(repo) == []                       # 6 of 12 is 半数; the admission has 7 of 12 for-votes


def test_probationary_members_present_never_make_up_the_quorum(repo):
    quarter(repo)
    # 8 party members present of 14 looks like a majority, but only 6 of them are full members
    present = [m for m in ASSEMBLY_PRESENT if m != "chen-jie"]
    repo.write(ASSEMBLY, assembly(present, ASSEMBLY_ABSENT + [("chen-jie", "出差")]))
    repo.write(ADMISSION, admission("{for: 6, written_for: 1}"))
    repo.write(CONVERSION, repo.root.joinpath(CONVERSION).read_text(encoding="utf-8").replace("for: 7", "for: 6"))
    assert len(present) == 8
    assert findings(repo) == [("QRM001", ASSEMBLY, line(repo, ASSEMBLY, "attendees:")), ("MTG002", "zhidu.yaml", 1)]


def test_an_admission_needs_more_than_half_of_the_voting_members_expected(repo):
    quarter(repo)
    repo.write(ADMISSION, admission("{for: 5, against: 2, written_for: 1}"))     # 6 of 12: exactly half
    assert findings(repo) == [("VOT001", ADMISSION, line(repo, ADMISSION, "votes:"))]
    repo.write(ADMISSION, admission("{for: 6, against: 1, written_for: 1}"))     # 7 of 12: half + 1
    assert findings(repo) == []


def test_the_written_vote_handed_in_before_the_meeting_is_what_carries_the_admission(repo):
    quarter(repo)
    repo.write("zhidu.yaml", CONFIG + "rules:\n  VOT001: {count_written: false}\n")
    admission_votes = line(repo, ADMISSION, "votes:")
    assert findings(repo) == [("VOT001", ADMISSION, admission_votes)]   # 6 present for-votes alone are half


def test_written_votes_can_only_come_from_voters_who_were_absent(repo):
    quarter(repo)
    repo.write(ADMISSION, admission("{for: 6, against: 1, written_for: 6}"))     # 5 voters were absent
    assert findings(repo) == [("VOT007", ADMISSION, line(repo, ADMISSION, "votes:"))]


def test_votes_cast_by_probationary_members_are_too_many(repo):
    quarter(repo)
    repo.write(ADMISSION, admission("{for: 8, against: 1}"))                     # 9 cast, 7 full members present
    assert findings(repo) == [("VOT007", ADMISSION, line(repo, ADMISSION, "votes:"))]


def test_an_assembly_that_lists_only_the_absent_warns_and_still_counts(repo):
    quarter(repo)
    text = assembly().replace(f"attendees: [{', '.join(ASSEMBLY_PRESENT)}]\n", "")
    repo.write(ASSEMBLY, text)
    assert findings(repo) == [("QRM001", ASSEMBLY, 1)]
    warning, = repo.check(AFTER_Q2, select=("QRM001",))
    assert warning.severity is Severity.WARNING and "未记录出席情况" in warning.message


# --- recusal --------------------------------------------------------------------------------------------------

def test_a_member_concerned_by_an_item_must_step_aside(repo):
    quarter(repo)
    repo.write(WAIVER, waiver(recused="[]", votes="{for: 5}"))
    assert findings(repo) == [("CND003", WAIVER, line(repo, WAIVER, "concerned:"))]


def test_a_recused_member_does_not_vote_on_the_item(repo):
    quarter(repo)
    repo.write(WAIVER, waiver(votes="{for: 5}"))                                # 5 present, 吴刚 recused
    assert findings(repo) == [("VOT007", WAIVER, line(repo, WAIVER, "votes:"))]
    tally, = repo.check(AFTER_Q2, select=("VOT007",))
    assert (tally.facts["cast"], tally.facts["eligible"]) == (5, 4) and "回避" in tally.message


def test_a_full_member_who_is_the_subject_and_present_must_be_recused(repo):
    quarter(repo)
    repo.write("decisions/2025/praise-chen-jie.yaml",
               "meeting: 2025-05-16-assembly\ntitle: 表彰陈杰同志\nkind: general\nsubject: chen-jie\n"
               "votes: {for: 7}\nexecution:\n  - {date: 2025-06-01, note: 已通报表彰}\n")
    assert findings(repo) == [("CND003", "decisions/2025/praise-chen-jie.yaml", 4)]


# --- the joint meeting of the two committees -----------------------------------------------------------------------

def test_a_joint_meeting_below_80_percent_does_not_count_for_the_month(repo):
    quarter(repo)
    repo.write(JOINT, joint("2025-06-12", attendees=["li-hua", "zhao-lei", "zhou-min", "sun-li", "wang-fang"],
                            residents=["刘敏", "张强"]))                          # 7 of 10
    repo.write(JOINT_ITEM, "meeting: 2025-06-12-joint\ntitle: 规范小区停车\nvotes: {for: 5, against: 2}\n")  # 5 ≥ 2/3 of 7
    assert findings(repo) == [("QRM003", JOINT, line(repo, JOINT, "attendees:")), ("MTG007", "zhidu.yaml", 1)]


def test_a_joint_meeting_item_needs_two_thirds_of_those_present(repo):
    quarter(repo)
    repo.write(JOINT_ITEM, "meeting: 2025-06-12-joint\ntitle: 规范小区停车\nvotes: {for: 5, against: 3}\n")  # 5 of 8
    assert findings(repo) == [("VOT002", JOINT_ITEM, 3)]
    repo.write(JOINT_ITEM, "meeting: 2025-06-12-joint\ntitle: 规范小区停车\nvotes: {for: 5, against: 3}\n"
                           "status: deferred\n")                                  # 缓办: the procedure working
    assert findings(repo) == []


# --- hearings ----------------------------------------------------------------------------------------------

def test_a_hearing_needs_more_than_half_present_and_its_resolution_more_than_half_of_them(repo):
    quarter(repo)
    hearing = "meetings/2025/2025-06-18-hearing.yaml"
    repo.write(hearing, repo.root.joinpath(hearing).read_text(encoding="utf-8").replace("present: 16", "present: 15"))
    repo.write("decisions/2025/hearing-lift.yaml", "meeting: 2025-06-18-hearing\ntitle: 同意加装电梯方案\n"
                                                   "votes: {for: 8, against: 7}\n")      # 8 of 15: more than half
    assert findings(repo) == [("QRM004", hearing, line(repo, hearing, "headcount:"))]
    repo.write("decisions/2025/hearing-lift.yaml", "meeting: 2025-06-18-hearing\ntitle: 同意加装电梯方案\n"
                                                   "votes: {for: 7, against: 8}\n")
    assert findings(repo) == [("VOT004", "decisions/2025/hearing-lift.yaml", 3),
                              ("QRM004", hearing, line(repo, hearing, "headcount:"))]


# --- cadence: per group, combined meetings, the last day of a period ------------------------------------------------

def test_a_month_without_a_group_meeting_for_one_group_only(repo):
    quarter(repo)
    (repo.root / "meetings/2025/2025-05-23-g2-theme-day.yaml").unlink()   # g1's theme day still served study and e-education
    assert findings(repo) == [("MTG003", "zhidu.yaml", group_line(repo, "g2"))]
    missed, = repo.check(AFTER_Q2, select=("MTG003",))
    assert (missed.facts["group"], missed.facts["period"]) == ("g2", "2025年5月")


def test_a_theme_day_counts_for_every_body_it_lists_and_only_those(repo):
    quarter(repo)
    for path in ("meetings/2025/2025-04-17-g1-theme-day.yaml", "meetings/2025/2025-04-18-g2-theme-day.yaml"):
        repo.write(path, repo.root.joinpath(path).read_text(encoding="utf-8").replace(THEME_DAY, "[主题党日, 党小组会]"))
    assert findings(repo) == [("MTG008", "zhidu.yaml", 1), ("MTG010", "zhidu.yaml", 1)]
    assert {f.facts["period"] for f in repo.check(AFTER_Q2, select=("MTG",))} == {"2025年4月"}


def test_a_lecture_on_the_first_day_of_the_next_quarter_is_too_late(repo):
    quarter(repo)
    moved = "meetings/2025/2025-07-01-lecture.yaml"
    repo.write(moved, repo.root.joinpath(LECTURE).read_text(encoding="utf-8").replace("2025-06-30", "2025-07-01"))
    (repo.root / LECTURE).unlink()
    assert findings(repo, "2025-06-30") == []                  # on the last day the quarter is still due
    assert findings(repo) == [("MTG004", "zhidu.yaml", 1)]      # the next day it is overdue, whatever July holds


def test_a_group_with_no_members_and_a_member_with_no_group_owe_nothing(repo):
    quarter(repo)
    rows = {f.facts.get("group") for f in repo.check("2025-08-01", select=("MTG003",))}
    assert rows == {"g1", "g2"}                                 # July missed by g1 and g2; g3 has nobody to meet


# --- conduct: the chair, the minutes, the absences ---------------------------------------------------------------------

G1_MAY = "meetings/2025/2025-05-22-g1-theme-day.yaml"


def test_a_group_meeting_chaired_by_the_secretary_needs_the_leaders_delegation(repo):
    quarter(repo)
    repo.write(G1_MAY, minutes(THEME_DAY, "5月主题党日", "2025-05-22", "li-hua", G1, group="g1"))
    assert findings(repo) == [("CND001", G1_MAY, line(repo, G1_MAY, "chair:"))]
    chair, = repo.check(AFTER_Q2, select=("CND001",))
    assert "其当日不是第一党小组的党小组长" in chair.message
    repo.write(G1_MAY, minutes(THEME_DAY, "5月主题党日", "2025-05-22", "li-hua", G1, group="g1",
                               extra="delegated_by: zhou-min\n"))
    assert findings(repo) == []


def test_an_absence_needs_a_reason_unless_the_member_is_away(repo):
    quarter(repo)
    # 唐丽 missed the May theme day with no reason written; 黄强 (away since March) needs none
    repo.write(G1_MAY, minutes(THEME_DAY, "5月主题党日", "2025-05-22", "zhou-min", G1[:-1], group="g1"))
    assert findings(repo) == [("CND006", G1_MAY, line(repo, G1_MAY, "attendees:"))]
    repo.write(G1_MAY, minutes(THEME_DAY, "5月主题党日", "2025-05-22", "zhou-min", G1[:-1], group="g1",
                               absent=[("tang-li", "加班")]))
    assert findings(repo) == []


def test_an_item_without_a_summary_is_incomplete_minutes(repo):
    quarter(repo)
    committee = "meetings/2025/2025-05-08-committee.yaml"
    repo.write(committee, minutes("支委会", "5月支委会", "2025-05-08", "li-hua", COMMITTEE)
               + "  - {title: 研究发展党员工作}\n")
    assert findings(repo) == [("CND002", committee, line(repo, committee, "研究发展党员工作"))]


# --- the democratic life meeting: what is not due yet is not a finding -------------------------------------------------

def test_the_democratic_life_report_is_due_30_days_after_the_meeting(repo):
    quarter(repo)
    assert repo.codes("2025-07-26", select=("CND004",)) == []          # day 30: still in time
    assert repo.codes("2025-07-27", select=("CND004",)) == [("CND004", LIFE, 1)]
    repo.write(LIFE, repo.root.joinpath(LIFE).read_text(encoding="utf-8")
               + "reported: {date: 2025-07-20, to: 中共城关街道工作委员会}\n")
    assert repo.codes("2025-07-27", select=("CND004",)) == []


def test_a_meeting_filed_from_before_the_records_began_is_history(repo):
    quarter(repo)
    # the 2024 assembly that admitted 唐丽, filed for reference with what the old notebook says
    repo.write("meetings/2024/2024-05-10-assembly.yaml", "type: 支部党员大会\ndate: 2024-05-10\nattendees: [li-hua]\n")
    assert findings(repo) == []


# --- the democratic review at exactly 95% ----------------------------------------------------------------------------

REVIEW = "meetings/2025/2025-12-20-review.yaml"


def review_branch(repo, present: int, *, written: bool = True):
    """Twenty party members in December (four more than in June); 黄强 takes part in writing."""
    repo.write("zhidu.yaml", CONFIG.replace("records_start: 2025-04-01", "records_start: 2025-12-01"))
    for member_id, text in MEMBERS.items():
        repo.member(member_id, text)
    extra = [f"new-{i}" for i in range(1, 5)]
    for member_id in extra:
        repo.member(member_id, full("新党员" + member_id[-1], "g1"))
    everyone = sorted(set(MEMBERS) - {"huang-qiang"}) + extra
    assert len(everyone) == 19
    reviews = "reviews:\n  - {member: huang-qiang, grade: 合格, written: true}\n" if written else ""
    repo.write(REVIEW, minutes("民主评议党员", "2025年度民主评议党员", "2025-12-20", "li-hua", everyone[:present],
                               extra=reviews))


def test_a_democratic_review_at_exactly_95_percent_passes(repo):
    review_branch(repo, 18)                          # 18 present + 1 in writing = 19 of 20
    assert findings(repo, "2025-12-31") == []


def test_a_democratic_review_one_short_of_95_percent(repo):
    review_branch(repo, 18, written=False)           # 18 of 20
    assert findings(repo, "2025-12-31") == [("QRM005", REVIEW, line(repo, REVIEW, "attendees:"))]
    short, = repo.check("2025-12-31", select=("QRM005",))
    assert (short.facts["present"], short.facts["required"]) == (18, 19)
    assert "黄强（huang-qiang）" in short.message


def test_whether_a_meeting_can_be_judged_is_answered_for_that_meeting_object(repo):
    """counting keeps its answer per meeting for the run, beside the meeting itself: a copy of a meeting
    naming someone unknown (as rendering builds them) is never given the original's answer."""
    import dataclasses
    import datetime as dt

    from zhidu_cli.rules import counting
    from zhidu_cli.workspace import open_workspace

    records = open_workspace(quarter(repo).root, cache=False).records
    day = dt.date(2025, 7, 1)
    answered = counting.answered_meetings(records, day)
    assert answered == tuple(m for m in records.meetings if counting.answered_for(m, records, day))
    assert answered and counting.answered_meetings(records, day) is answered      # once per run
    meeting = answered[0]
    assert not counting.people_unreadable(meeting, records)
    typo = dataclasses.replace(meeting, attendees=(*meeting.attendees, "li-hau"))
    assert counting.people_unreadable(typo, records)
    assert not counting.people_unreadable(meeting, records)
