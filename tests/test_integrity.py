"""REF: ids match file names, ids are unique, references resolve, histories are in order, no future facts.

One mistake must make one finding: a file that cannot be built is still "known" to the references
that name it, so a broken file never cascades into REF003 elsewhere.
"""

from __future__ import annotations

from conftest import full_member

AS_OF = "2025-12-31"
MEETING = "type: 支委会\ndate: 2025-03-01\n"


def found(repo, select=("REF",), as_of=AS_OF):
    return [(f.code, f.location.path, f.location.line, f.location.column)
            for f in repo.check(as_of, select=select)]


# --- REF001 id equals the file name ----------------------------------------------------------------

def test_an_id_that_differs_from_the_file_name(repo):
    repo.member("wang-wu", "id: wang-wu\n" + full_member("wang-wu", "王五"))
    repo.member("li-si", "id: li-si2\n" + full_member("li-si", "李四"))
    assert found(repo) == [("REF001", "members/li-si.yaml", 1, 1)]


def test_an_id_mismatch_does_not_cascade_into_references(repo):
    repo.member("li-si", "id: li-si2\n" + full_member("li-si", "李四"))
    repo.write("meetings/2025/2025-03-01-m.yaml", MEETING + "attendees: [li-si, li-si2]\n")
    assert found(repo) == [("REF001", "members/li-si.yaml", 1, 1)]


def test_meeting_file_name_starts_with_its_date(repo):
    repo.write("meetings/2025/2025-03-02-m.yaml", MEETING)
    repo.write("meetings/2025/2025-03-01-n.yaml", MEETING)
    repo.write("meetings/2025/spring-m.yaml", MEETING)        # no date in the name: nothing to compare
    [finding] = repo.check(AS_OF, select=("REF",))
    assert (finding.code, finding.location.path, finding.location.line) == \
        ("REF001", "meetings/2025/2025-03-02-m.yaml", 2)
    assert "2025-03-01" in finding.message


def test_ledger_month_equals_the_file_name(repo):
    repo.write("dues/2025-02.yaml", "month: 2025-03\n")
    repo.write("dues/2025-04.yaml", "month: 2025-04\n")
    assert found(repo) == [("REF001", "dues/2025-02.yaml", 1, 1)]


# --- REF002 unique ids -----------------------------------------------------------------------------

def test_duplicate_ids_across_folders(repo):
    repo.write("meetings/2025/2025-03-01-m.yaml", MEETING)
    repo.write("meetings/2025/spring/2025-03-01-m.yaml", MEETING)
    repo.write("decisions/2024/d1.yaml", "meeting: 2025-03-01-m\ntitle: 甲\n")
    repo.write("decisions/2025/d1.yaml", "meeting: 2025-03-01-m\ntitle: 乙\n")
    repo.member("a", full_member("a", "甲"))
    repo.write("members/a.yml", full_member("a", "甲"))
    findings = repo.check(AS_OF, select=("REF",))
    assert [(f.code, f.location.path, f.location.line) for f in findings] == [
        ("REF002", "decisions/2025/d1.yaml", 1),
        ("REF002", "meetings/2025/spring/2025-03-01-m.yaml", 1),
        ("REF002", "members/a.yml", 1),
    ]
    assert [r.path for r in findings[0].related] == ["decisions/2024/d1.yaml"]


def test_duplicate_ledger_months(repo):
    repo.write("dues/2025-03.yaml", "month: 2025-03\n")
    repo.write("dues/2025-03.yml", "month: 2025-03\n")
    assert found(repo) == [("REF002", "dues/2025-03.yml", 1, 1)]


# --- REF003 every reference resolves ---------------------------------------------------------------

def test_member_references(repo):
    repo.member("a", """\
        name: 甲
        group: gx
        roles:
          - {role: group-leader, from: 2020-01-01, group: gy}
        history:
          - {date: 2019-01-01, event: activist, sponsors: [s1, a]}
          - {date: 2019-06-01, event: admitted, introducers: [i1], meeting: mx, decision: dx}
        """)
    assert found(repo) == [
        ("REF003", "members/a.yaml", 2, 8),       # group
        ("REF003", "members/a.yaml", 4, 44),      # role's group
        ("REF003", "members/a.yaml", 6, 52),      # sponsors: the item s1 itself
        ("REF003", "members/a.yaml", 7, 55),      # introducers: the item i1
        ("REF003", "members/a.yaml", 7, 60),      # meeting
        ("REF003", "members/a.yaml", 7, 73),      # decision
    ]


def test_meeting_references(repo):
    repo.member("a", full_member("a", "甲"))
    repo.write("meetings/2025/2025-03-01-m.yaml", MEETING + """\
        group: g9
        chair: c1
        recorder: r1
        attendees: [a, t1]
        absent: [ab1, {member: a}]
        reviews:
          - {member: rv1, grade: 合格}
        agenda:
          - title: 议题
            decisions: [dd1]
        """.replace("        ", ""))
    assert found(repo) == [
        ("REF003", "meetings/2025/2025-03-01-m.yaml", 3, 1),    # group
        ("REF003", "meetings/2025/2025-03-01-m.yaml", 4, 1),    # chair
        ("REF003", "meetings/2025/2025-03-01-m.yaml", 5, 1),    # recorder
        ("REF003", "meetings/2025/2025-03-01-m.yaml", 6, 16),   # attendees: the item t1
        ("REF003", "meetings/2025/2025-03-01-m.yaml", 7, 10),   # absent shorthand (ab1)
        ("REF006", "meetings/2025/2025-03-01-m.yaml", 7, 15),   # a: present and absent
        ("REF003", "meetings/2025/2025-03-01-m.yaml", 9, 6),    # reviews
        ("REF003", "meetings/2025/2025-03-01-m.yaml", 12, 17),  # agenda decisions: the item dd1
    ]


def test_decision_and_ledger_references(repo):
    repo.member("a", full_member("a", "甲"))
    repo.write("decisions/2025/d1.yaml", "meeting: 2025-03-01-x\ntitle: 事项\nsubject: sj\n")
    repo.write("dues/2025-03.yaml", """\
        month: 2025-03
        payments:
          - {member: a, amount: "1.00", paid_on: 2025-03-02, paid_by: pb}
          - {member: pm, amount: "1.00", paid_on: 2025-03-02, paid_by: a}
        """)
    findings = repo.check(AS_OF, select=("REF",))
    assert [(f.location.path, f.location.line, f.location.column, f.facts["target"]) for f in findings] == [
        ("decisions/2025/d1.yaml", 1, 1, "2025-03-01-x"),
        ("decisions/2025/d1.yaml", 3, 1, "sj"),
        ("dues/2025-03.yaml", 3, 54, "pb"),
        ("dues/2025-03.yaml", 4, 6, "pm"),
    ]
    assert findings[0].message == "meeting 引用的会议 2025-03-01-x 不存在"


def test_resolved_references_are_clean(repo):
    repo.member("a", full_member("a", "甲", group="g2"))
    repo.write("meetings/2025/2025-03-01-m.yaml", MEETING + "chair: a\nattendees: [a]\n"
               "agenda:\n  - {title: 议题, decisions: [d1]}\n")
    repo.write("decisions/2025/d1.yaml", "meeting: 2025-03-01-m\ntitle: 事项\nsubject: a\n")
    repo.write("dues/2025-03.yaml", "month: 2025-03\npayments:\n"
               "  - {member: a, amount: '1.00', paid_on: 2025-03-02, paid_by: a}\n")
    assert found(repo, select=("SCH", "REF")) == []


def test_broken_files_do_not_cascade(repo):
    repo.member("a", "name: [\n")                          # a syntax error
    repo.member("b", "group: g1\nhistory: []\n")           # missing name: not built
    repo.write("meetings/2025/2025-03-01-m.yaml", "type: 支委会\ndate: 2025-03-0x\n")
    repo.write("decisions/2025/d1.yaml", "meeting: [\n")
    repo.write("meetings/2025/2025-03-02-n.yaml", "type: 支委会\ndate: 2025-03-02\n"
               "attendees: [a, b, c]\nagenda:\n  - {title: 议题, decisions: [d1]}\n")
    repo.write("decisions/2025/d2.yaml", "meeting: 2025-03-01-m\ntitle: 事项\n")
    got = found(repo)          # the syntax errors stand even with --select REF: a file not parsed is never hidden
    assert [f for f in got if f[0] == "REF003"] == [("REF003", "meetings/2025/2025-03-02-n.yaml", 3, 19)]   # only c
    assert {f[:2] for f in got if f[0] != "REF003"} == {("SCH002", "members/a.yaml"), ("SCH002", "decisions/2025/d1.yaml")}


def test_a_broken_zhidu_yaml_does_not_cascade_into_group_references(repo):
    repo.write("zhidu.yaml", "name: 支部\ngroups:\n  - {id: g1, name: 第一党小组}\n  - {id: g2}\n")  # no upper
    repo.member("a", full_member("a", "甲", group="g1"))
    repo.member("b", full_member("b", "乙", group="g2"))
    repo.member("c", full_member("c", "丙", group="g3"))
    assert found(repo, select=("SCH", "REF")) == [
        ("REF003", "members/c.yaml", 2, 8),
        ("SCH004", "zhidu.yaml", 1, 1),
        ("SCH004", "zhidu.yaml", 4, 5),
    ]


def test_an_unparsable_zhidu_yaml_leaves_groups_unchecked(repo):
    repo.write("zhidu.yaml", "name: [\n")
    repo.member("a", full_member("a", "甲", group="g1"))
    assert found(repo, select=("SCH", "REF")) == [("SCH002", "zhidu.yaml", 2, 1)]


# --- REF004 history in date order -----------------------------------------------------------------

def test_history_out_of_order(repo):
    repo.member("a", """\
        name: 甲
        history:
          - {date: 2019-01-01, event: applied}
          - {date: 2019-01-01, event: talked}
          - {date: 2019-06-01, event: activist}
          - {date: 2019-05-31, event: assessed}
        """)
    [finding] = repo.check(AS_OF, select=("REF",))
    assert (finding.code, finding.location.line, finding.location.column) == ("REF004", 6, 6)
    assert [(r.line, r.column) for r in finding.related] == [(5, 6)]
    assert finding.message == "事件 assessed（2019-05-31）早于前一事件 activist（2019-06-01）"


# --- REF005 no future facts -----------------------------------------------------------------------

def test_future_facts(repo):
    repo.member("a", """\
        name: 甲
        roles:
          - {role: secretary, from: 2025-01-01}
          - {role: committee-member, from: 2026-01-01}
        history:
          - {date: 2020-01-01, event: full}
          - {date: 2026-01-01, event: away}
        """)
    repo.write("meetings/2026/2026-01-01-m.yaml", "type: 支委会\ndate: 2026-01-01\n")
    repo.write("decisions/2025/d1.yaml", "meeting: 2026-01-01-m\ntitle: 事项\n"
               "approval: {date: 2026-01-02, by: 街道党工委}\n")
    assert found(repo) == [
        ("REF005", "decisions/2025/d1.yaml", 3, 12),
        ("REF005", "meetings/2026/2026-01-01-m.yaml", 2, 1),
        ("REF005", "members/a.yaml", 4, 30),
        ("REF005", "members/a.yaml", 7, 6),
    ]


def test_the_as_of_date_itself_is_not_the_future(repo):
    repo.write("meetings/2025/2025-12-31-m.yaml", "type: 支委会\ndate: 2025-12-31\n")
    assert found(repo) == []
    assert found(repo, as_of="2025-12-30") == [("REF005", "meetings/2025/2025-12-31-m.yaml", 2, 1)]


def test_plans_may_lie_in_the_future(repo):
    """Exempt: an expected return, the end of a disclosure, of a term, of a group assignment, of a group."""
    repo.write("zhidu.yaml", """\
        name: 中共测试社区支部委员会
        upper: 中共测试街道工作委员会
        groups:
          - {id: g1, name: 第一党小组, to: 2026-06-30}
        residents_committee:
          - {name: 赵六, role: 居委会主任, from: 2024-01-01, to: 2027-01-01}
        """)
    repo.member("a", """\
        name: 甲
        group:
          - {group: g1, from: 2020-01-01, to: 2026-06-01}
        roles:
          - {role: secretary, from: 2025-01-01, to: 2028-01-01}
        history:
          - {date: 2020-01-01, event: full}
          - {date: 2025-06-01, event: away, until: 2026-05-01}
        """)
    repo.write("meetings/2025/2025-12-20-m.yaml", "type: 支委会\ndate: 2025-12-20\n")
    repo.write("decisions/2025/d1.yaml", "meeting: 2025-12-20-m\ntitle: 事项\n"
               "disclosures:\n  - {from: 2025-12-25, to: 2026-01-05}\n")
    repo.write("dues/2026-01.yaml", "month: 2026-01\n")     # a month, not a dated fact
    assert found(repo, select=("SCH", "REF")) == []


def test_rules_have_citations_and_bilingual_messages():
    from zhidu_cli.rules.integrity import RULES

    assert [r.code for r in RULES] == ["REF001", "REF002", "REF003", "REF004", "REF005", "REF006"]
    for rule in RULES:
        assert rule.citation
        for message in rule.messages.values():
            assert message.zh and message.en


# --- SCH009 records in a folder zhidu does not read ---------------------------------------------------

def test_records_in_an_unread_folder_are_said_not_skipped(repo):
    repo.member("a", full_member("a", "甲"))
    repo.write("Members/b.yaml", full_member("b", "乙"))
    repo.write("成员/c.yaml", full_member("c", "丙"))
    repo.write("templates/notes.yaml", "x: 1\n")        # templates/ is zhidu's own: not reported
    findings = repo.check(AS_OF, select=("SCH009",))
    assert [(f.code, f.location.path, f.facts["suggestion"]) for f in findings] == [
        ("SCH009", "Members/b.yaml", "members"),
        ("SCH009", "成员/c.yaml", ""),
    ]
    assert "是否应为 members/" in findings[0].message


def test_a_meeting_filed_under_another_years_folder_is_a_warning(repo):
    repo.member("a", full_member("a", "甲"))
    repo.write("meetings/2025/2026-01-05-m.yaml", MEETING.replace("2025-03-01", "2026-01-05"))
    findings = repo.check("2026-01-31", select=("REF",))
    assert [(f.code, f.severity.label, f.location.path, f.location.line) for f in findings] == [
        ("REF001", "warning", "meetings/2025/2026-01-05-m.yaml", 2)]
    assert "移到 meetings/2026/" in findings[0].hint
