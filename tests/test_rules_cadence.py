"""MTG: each body meets as often as its rules say; the schedule behind ``zhidu check`` and ``zhidu overdue``.

The base repository (conftest) has groups g1 (line 4 of zhidu.yaml) and g2 (line 5); every test adds
``records_start`` and the members and meetings it needs, and states the exact findings next to them.
A period still in force is never a finding; a period that ended without its meetings is one, located
at zhidu.yaml (line 1) or at the group's entry.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import full_member

from zhidu_cli.diagnostics.finding import Location
from zhidu_cli.rules.cadence import OPTIONAL_BODIES, RULES
from zhidu_cli.rules.registry import by_code, optional_bodies
from zhidu_cli.schedule.cadence import BODIES, Standing, meeting_counts, schedule

START = "records_start: 2025-01-01\n"
BRANCH = ("zhidu.yaml", 1)
G1, G2 = ("zhidu.yaml", 4), ("zhidu.yaml", 5)


def branch(repo, config: str = "", *, members=(("wang", "g1"),)):
    """zhidu.yaml with ``records_start`` (plus ``config``) and full members since 2000."""
    repo.config(START + config)
    for member_id, group in members:
        repo.member(member_id, full_member(member_id, member_id, group=group))
    return repo


def meet(repo, day: str, type_: str, extra: str = "", slug: str = ""):
    """One meeting file; the slug keeps several meetings on one day apart."""
    slug = slug or type_.replace(" ", "").strip("[]").replace(",", "-")
    repo.write(f"meetings/{day[:4]}/{day}-{slug}.yaml", f"type: {type_}\ndate: {day}\n{extra}")
    return repo


def mtg(repo, as_of: str, code: str):
    """(code, path, line) of the findings of one rule."""
    return [(c, p, line) for c, p, line in repo.codes(as_of, select=(code,))]


def monthly(repo, type_: str, months: range, year: int = 2025, day: int = 10, extra: str = ""):
    for month in months:
        meet(repo, f"{year}-{month:02d}-{day:02d}", type_, extra)


def rows(repo, as_of: str, horizon: int = 0):
    ws = repo.workspace()
    return schedule(ws.records, ws.settings, dt.date.fromisoformat(as_of), horizon)


# --- MTG001 branch committee, monthly ---------------------------------------------------------------

def test_committee_meeting_every_month_passes(repo):
    branch(repo)
    monthly(repo, "支委会", range(1, 4))
    assert mtg(repo, "2025-04-15", "MTG001") == []


def test_a_month_without_a_committee_meeting_is_overdue(repo):
    branch(repo)
    monthly(repo, "支委会", (1, 3))
    [finding] = repo.check("2025-04-15", select=("MTG001",))
    assert (finding.code, finding.location.path, finding.location.line) == ("MTG001", *BRANCH)
    assert finding.facts["body"] == "branch-committee"
    assert finding.facts["period"] == "2025年2月"
    assert finding.facts["days_overdue"] == 46
    assert finding.facts["last_meeting"] == "2025-01-10-支委会"
    assert finding.related == (Location("meetings/2025/2025-01-10-支委会.yaml", 2, 1),)
    assert finding.message == "2025年2月支委会次数不足：应至少 1 次，实有 0 次，已逾期 46 天"


def test_a_meeting_on_the_last_day_of_the_month_counts_for_it(repo):
    branch(repo)
    meet(repo, "2025-01-31", "支委会")
    assert mtg(repo, "2025-02-28", "MTG001") == []


def test_a_meeting_on_the_first_day_of_the_next_month_does_not(repo):
    branch(repo)
    meet(repo, "2025-02-01", "支委会")
    [finding] = repo.check("2025-02-28", select=("MTG001",))
    assert finding.facts["period"] == "2025年1月"


def test_the_period_in_force_is_due_not_overdue_until_it_ends(repo):
    branch(repo)
    assert mtg(repo, "2025-01-31", "MTG001") == []                 # last day: still due, 0 days left
    [finding] = repo.check("2025-02-01", select=("MTG001",))      # the next day: 1 day overdue
    assert (finding.facts["period"], finding.facts["days_overdue"]) == ("2025年1月", 1)


def test_periods_ending_before_records_start_are_not_checked(repo):
    branch(repo)
    repo.config("records_start: 2025-02-01\n")
    assert mtg(repo, "2025-02-28", "MTG001") == []                 # January ended before records_start
    assert [f.facts["period"] for f in repo.check("2025-03-01", select=("MTG001",))] == ["2025年2月"]


def test_a_period_that_ends_on_or_after_records_start_is_judged(repo):
    # issue 8.2: records from 15 January; January is judged, and a meeting recorded before the 15th counts
    branch(repo)
    repo.config("records_start: 2025-01-15\n")
    assert [f.facts["period"] for f in repo.check("2025-02-01", select=("MTG001",))] == ["2025年1月"]
    meet(repo, "2025-01-08", "支委会")
    assert mtg(repo, "2025-02-01", "MTG001") == []


@pytest.mark.parametrize(("code", "period"), [("MTG006", "2026年"), ("MTG011", "2026年"), ("MTG005", "2026年下半年")])
def test_yearly_and_half_yearly_duties_of_the_year_the_records_begin(repo, code, period):
    # records from 2026-09-01: the 2026 democratic review, year-end review and second-half life meeting are owed
    branch(repo)
    repo.config("records_start: 2026-09-01\n")
    assert [f.facts["period"] for f in repo.check("2027-01-05", select=(code,))] == [period]


def test_a_branch_founded_mid_month_is_checked_from_the_next_month(repo):
    branch(repo, "founded: 2025-03-20\n")
    assert [f.facts["period"] for f in repo.check("2025-05-01", select=("MTG001",))] == ["2025年4月"]


def test_a_branch_without_members_has_nothing_due(repo):
    repo.config(START)
    assert repo.codes("2025-12-31", select=("MTG",)) == []


def test_meetings_after_the_as_of_date_do_not_count(repo):
    branch(repo)
    meet(repo, "2025-02-10", "支委会")
    assert [f.facts["period"] for f in repo.check("2025-02-05", select=("MTG001",))] == ["2025年1月"]


def test_without_records_start_the_records_begin_with_the_month_of_the_first_meeting(repo):
    repo.config("founded: 2012-05-01\n")                            # no records_start; members since 2000
    repo.member("wang", full_member("wang", "王"))
    meet(repo, "2025-03-05", "支委会")
    meet(repo, "2025-05-07", "支委会")
    assert [f.facts["period"] for f in repo.check("2025-06-01", select=("MTG001",))] == ["2025年4月"]
    assert [f.facts["period"] for f in repo.check("2025-07-01", select=("MTG002",))] == ["2025年第二季度"]


def test_since_moves_the_start(repo):
    branch(repo, "rules:\n  MTG001: {since: 2025-03-01}\n")
    assert [f.facts["period"] for f in repo.check("2025-04-01", select=("MTG001",))] == ["2025年3月"]


def test_per_and_count_reshape_the_body(repo):
    branch(repo, "rules:\n  MTG001: {per: 季度, count: 2}\n")
    monthly(repo, "支委会", (1,))
    [finding] = repo.check("2025-04-01", select=("MTG001",))
    assert (finding.facts["period"], finding.facts["required"], finding.facts["held"]) == ("2025年第一季度", 2, 1)
    monthly(repo, "支委会", (3,))
    assert mtg(repo, "2025-04-01", "MTG001") == []


# --- MTG002 general assembly, quarterly -------------------------------------------------------------

def test_general_assembly_every_quarter(repo):
    branch(repo)
    meet(repo, "2025-03-31", "支部党员大会")
    meet(repo, "2025-04-01", "党员大会")
    assert mtg(repo, "2025-07-01", "MTG002") == []


def test_a_quarter_without_a_general_assembly(repo):
    branch(repo)
    meet(repo, "2025-04-01", "支部党员大会")
    assert mtg(repo, "2025-07-01", "MTG002") == [("MTG002", *BRANCH)]
    assert repo.check("2025-07-01", select=("MTG002",))[0].facts["period"] == "2025年第一季度"


def test_an_assembly_that_failed_its_quorum_does_not_count(repo):
    members = tuple((m, "g1") for m in ("a", "b", "c", "d"))
    branch(repo, members=members)
    meet(repo, "2025-03-20", "支部党员大会", "attendees: [a, b]\n")          # 2 of 4: not more than half
    assert mtg(repo, "2025-04-01", "MTG002") == [("MTG002", *BRANCH)]
    [finding] = repo.check("2025-04-01", select=("MTG002",))             # it names and points at the uncounted one
    assert finding.facts["inquorate"] == [dt.date(2025, 3, 20)]
    assert finding.related == (Location("meetings/2025/2025-03-20-支部党员大会.yaml", 3, 1),)
    assert finding.message == ("2025年第一季度支部党员大会次数不足：应至少 1 次，实有 0 次"
                               "（2025-03-20 的会议未达到法定人数，不计入），已逾期 1 天")
    meet(repo, "2025-03-20", "支部党员大会", "attendees: [a, b, c]\n")       # 3 of 4 (same file)
    assert mtg(repo, "2025-04-01", "MTG002") == []


# --- MTG003 each group, monthly ---------------------------------------------------------------------

def test_each_group_meets_every_month(repo):
    branch(repo, members=(("wang", "g1"), ("li", "g2")))
    monthly(repo, "党小组会", (1, 2), extra="group: g1\n")
    monthly(repo, "党小组会", (1,), day=11, extra="group: g2\n")
    findings = repo.check("2025-03-01", select=("MTG003",))
    assert [(f.location.path, f.location.line, f.facts["group"], f.facts["period"]) for f in findings] == [
        ("zhidu.yaml", 5, "g2", "2025年2月")]
    assert findings[0].message == "2025年2月第二党小组党小组会次数不足：应至少 1 次，实有 0 次，已逾期 1 天"


def test_a_group_meeting_counts_only_for_its_own_group(repo):
    branch(repo, members=(("wang", "g1"), ("li", "g2")))
    meet(repo, "2025-01-10", "党小组会", "group: g1\n")
    meet(repo, "2025-01-11", "党小组会", slug="nogroup")           # no group: counts for none
    assert mtg(repo, "2025-02-01", "MTG003") == [("MTG003", *G2)]


def test_a_group_without_members_need_not_meet(repo):
    branch(repo)                                                   # only g1 has a member
    assert mtg(repo, "2025-02-01", "MTG003") == [("MTG003", *G1)]


def test_a_group_created_mid_year(repo):
    repo.write("zhidu.yaml", "name: 支部\nupper: 街道党工委\nrecords_start: 2025-01-01\ngroups:\n"
                             "  - {id: g1, name: 第一党小组, from: 2025-06-15}\n")
    repo.member("wang", full_member("wang", "王五"))
    meet(repo, "2025-06-10", "党小组会", "group: g1\n", slug="before")    # before the group existed
    meet(repo, "2025-07-10", "党小组会", "group: g1\n")
    findings = repo.check("2025-09-01", select=("MTG003",))
    assert [(f.location.line, f.facts["period"]) for f in findings] == [(5, "2025年8月")]
    # June is not a whole month of the group's life: not checked; the June 10 meeting counts for nothing
    assert [r.period.label_zh for r in rows(repo, "2025-09-01")
            if r.code == "MTG003"] == ["2025年7月", "2025年8月", "2025年9月"]


def test_a_member_joining_a_group_starts_its_cadence(repo):
    branch(repo)
    repo.member("li", "name: 李四\ngroup:\n  - {group: g2, from: 2025-05-01}\n"
                      "history:\n  - {date: 2000-07-01, event: full}\n")
    monthly(repo, "党小组会", range(1, 7), extra="group: g1\n")
    assert [f.facts["period"] for f in repo.check("2025-06-05", select=("MTG003",))] == ["2025年5月"]


def test_a_group_left_empty_is_not_checked(repo):
    branch(repo)
    repo.member("li", "name: 李四\ngroup:\n  - {group: g2, to: 2025-03-15}\n  - {group: g1, from: 2025-03-15}\n"
                      "history:\n  - {date: 2000-07-01, event: full}\n")
    monthly(repo, "党小组会", range(1, 7), extra="group: g1\n")
    # g2 had a member on the first and last day of January and February only
    assert [f.facts["period"] for f in repo.check("2025-07-01", select=("MTG003",))] == ["2025年1月", "2025年2月"]


def test_a_dissolved_group_is_not_checked_after_it_ends(repo):
    repo.write("zhidu.yaml", "name: 支部\nupper: 街道党工委\nrecords_start: 2025-01-01\ngroups:\n"
                             "  - {id: g1, name: 第一党小组, to: 2025-03-15}\n")
    repo.member("wang", full_member("wang", "王五"))
    assert [f.facts["period"] for f in repo.check("2025-12-31", select=("MTG003",))] == ["2025年1月", "2025年2月"]


# --- MTG004 party lecture: quarterly; Guizhou twice a year ------------------------------------------

def test_party_lecture_every_quarter(repo):
    branch(repo)
    for day in ("2025-01-05", "2025-04-05", "2025-07-05"):
        meet(repo, day, "党课")
    assert mtg(repo, "2025-10-01", "MTG004") == []
    assert [f.facts["period"] for f in repo.check("2026-01-01", select=("MTG004",))] == ["2025年第四季度"]


def test_guizhou_profile_two_lectures_a_year(repo):
    branch(repo, "extends: guizhou-community\n")
    meet(repo, "2025-03-05", "党课")
    [finding] = repo.check("2026-01-01", select=("MTG004",))
    assert (finding.facts["period"], finding.facts["required"], finding.facts["held"]) == ("2025年", 2, 1)
    meet(repo, "2025-11-05", "党课")
    assert mtg(repo, "2026-01-01", "MTG004") == []                # no quarter is required any more


# --- MTG005–MTG013: one meeting per period ----------------------------------------------------------

SIMPLE = [
    # code, type, a date in the first period, the first day after it
    ("MTG005", "组织生活会", "2025-06-30", "2025-07-01"),
    ("MTG005", "民主生活会", "2025-01-02", "2025-07-01"),
    ("MTG006", "民主评议党员", "2025-12-31", "2026-01-01"),
    ("MTG007", "两委联席会议", "2025-01-31", "2025-02-01"),
    ("MTG008", "远程教育收看", "2025-01-20", "2025-02-01"),
    ("MTG009", "社区工作联席会", "2025-03-31", "2025-04-01"),
    ("MTG010", "学习活动", "2025-01-01", "2025-02-01"),
    ("MTG011", "四报一评议", "2025-10-01", "2026-01-01"),
    ("MTG012", "谈心谈话", "2025-06-30", "2025-07-01"),
]


@pytest.mark.parametrize("code,type_,held,after", SIMPLE, ids=[f"{s[0]}-{s[1]}" for s in SIMPLE])
def test_held_in_its_period_passes(repo, code, type_, held, after):
    branch(repo)
    meet(repo, held, type_)
    assert mtg(repo, after, code) == []


@pytest.mark.parametrize("code,type_,held,after", SIMPLE, ids=[f"{s[0]}-{s[1]}" for s in SIMPLE])
def test_missing_in_its_period_is_overdue_the_day_after(repo, code, type_, held, after):
    branch(repo)
    last_day = dt.date.fromisoformat(after) - dt.timedelta(days=1)
    assert mtg(repo, last_day.isoformat(), code) == []
    [finding] = repo.check(after, select=(code,))
    assert (finding.code, finding.location.path, finding.location.line) == (code, *BRANCH)
    assert finding.facts["days_overdue"] == 1
    assert finding.related == ()                                    # no valid meeting ever


def test_year_end_review_must_fall_in_the_fourth_quarter(repo):
    branch(repo)
    meet(repo, "2025-09-30", "四报一评议")
    assert mtg(repo, "2026-01-01", "MTG011") == [("MTG011", *BRANCH)]
    meet(repo, "2025-10-01", "四报一评议")
    assert mtg(repo, "2026-01-01", "MTG011") == []


def test_party_spirit_analysis_every_five_years(repo):
    branch(repo)
    repo.config("records_start: 2021-01-01\n")
    assert [f.facts["period"] for f in repo.check("2026-01-01", select=("MTG013",))] == ["2021—2025年"]
    meet(repo, "2023-05-20", "党性分析评议")
    assert mtg(repo, "2026-01-01", "MTG013") == []


def test_five_year_periods_count_from_since(repo):
    branch(repo, "rules:\n  MTG013: {since: 2025-01-01}\n")
    assert mtg(repo, "2029-12-31", "MTG013") == []                 # 2025–2029 is still in force
    assert [f.facts["period"] for f in repo.check("2030-01-01", select=("MTG013",))] == ["2025—2029年"]


# --- MTG014 service commitments: publicity / review / assessment ------------------------------------

def test_service_commitments_publicity_review_assessment(repo):
    branch(repo)
    for day in ("2025-03-28", "2025-06-28", "2025-09-28", "2025-12-20"):
        meet(repo, day, "承诺公示")
    meet(repo, "2025-06-29", "承诺评议")
    meet(repo, "2025-12-21", "承诺考核")
    findings = repo.check("2026-01-01", select=("MTG014",))
    assert [(f.facts["body"], f.facts["period"]) for f in findings] == [("commitment-review", "2025年下半年")]
    assert findings[0].message.startswith("2025年下半年服务承诺点评次数不足")


def test_service_commitment_parts_have_their_own_parameters(repo):
    branch(repo, "rules:\n  MTG014: {publicity_per: year, review_per: year}\n")
    meet(repo, "2025-06-28", "承诺公示")
    meet(repo, "2025-06-29", "承诺评议")
    meet(repo, "2025-12-21", "承诺考核")
    assert mtg(repo, "2026-01-01", "MTG014") == []


# --- combined meetings ------------------------------------------------------------------------------

def test_a_combined_theme_day_counts_for_every_type_it_lists(repo):
    branch(repo)
    meet(repo, "2025-01-10", "[主题党日, 党小组会, 党课, 学习活动]", "group: g1\n", slug="theme-day")
    codes = ("MTG003", "MTG004", "MTG010")
    assert repo.codes("2025-02-01", select=codes) == []
    assert [c for c, _p, _l in repo.codes("2025-02-01", select=("MTG001",))] == ["MTG001"]   # not listed


def test_a_combined_meeting_counts_where_its_quorum_held(repo):
    branch(repo, members=(("a", "g1"), ("b", "g1"), ("c", "g2"), ("d", "g2")))
    meet(repo, "2025-03-10", "[主题党日, 支部党员大会, 党小组会]", "group: g1\nattendees: [a, b]\n", slug="theme-day")
    meet(repo, "2025-03-11", "党小组会", "group: g2\n")
    monthly(repo, "党小组会", (1, 2), extra="group: g1\n")
    monthly(repo, "党小组会", (1, 2), day=11, extra="group: g2\n")
    # 2 of 4 members is no quorum for the assembly, but the meeting was still g1's group meeting
    assert repo.codes("2025-04-01", select=("MTG002", "MTG003")) == [("MTG002", *BRANCH)]


def test_meeting_counts_checks_the_types_shared_with_the_body(repo):
    branch(repo, members=(("a", "g1"), ("b", "g1"), ("c", "g2"), ("d", "g2")))
    meet(repo, "2025-03-10", "[支部党员大会, 党小组会]", "group: g1\nattendees: [a, b]\n", slug="x")
    ws = repo.workspace()
    [meeting] = ws.records.meetings
    assert meeting_counts(meeting, ws.records, ws.settings, ("general-assembly",)) is False
    assert meeting_counts(meeting, ws.records, ws.settings, ("group-meeting",)) is True


# --- optional bodies (seed 004) ---------------------------------------------------------------------

def test_optional_bodies_are_off_by_default(repo):
    branch(repo)
    assert repo.codes("2026-02-01", select=("MTG015", "MTG016", "MTG017", "MTG018", "MTG019")) == []


def test_optional_bodies_switched_on(repo):
    branch(repo, "optional_bodies: [trade-union, governance]\n")
    meet(repo, "2025-03-15", "工会委员会")
    meet(repo, "2025-11-15", "职代会")
    monthly(repo, "综治例会", range(1, 12))
    codes = repo.codes("2025-12-31", select=("MTG015", "MTG016", "MTG017", "MTG018", "MTG019"))
    assert codes == [("MTG015", *BRANCH)] * 2                       # Q2 and Q3; Q4 is still in force
    assert repo.codes("2026-01-01", select=("MTG019",)) == [("MTG019", *BRANCH)]    # December


def test_optional_bodies_mapping_matches_the_catalogue():
    assert optional_bodies()["trade-union"] == OPTIONAL_BODIES["trade-union"]
    for name, codes in OPTIONAL_BODIES.items():
        assert sorted({b.code for b in BODIES if b.optional == name}) == list(codes)
        for code in codes:
            assert by_code()[code].enabled_by_default is False


# --- the schedule itself ----------------------------------------------------------------------------

def test_schedule_rows_held_due_overdue(repo):
    branch(repo)
    meet(repo, "2025-01-10", "支委会")
    found = [(r.period.label_en, r.status, r.days_left, r.days_overdue, r.last_meeting and r.last_meeting.id)
             for r in rows(repo, "2025-03-05") if r.code == "MTG001"]
    assert found == [
        ("2025-01", Standing.HELD, None, None, "2025-01-10-支委会"),
        ("2025-02", Standing.OVERDUE, None, 5, "2025-01-10-支委会"),
        ("2025-03", Standing.DUE, 26, None, "2025-01-10-支委会"),
    ]


def test_schedule_horizon_adds_the_periods_starting_within_it(repo):
    branch(repo)
    labels = [r.period.label_en for r in rows(repo, "2025-03-05", horizon=26) if r.code == "MTG001"]
    assert labels == ["2025-01", "2025-02", "2025-03"]              # April 1 is 27 days away: not within 26
    upcoming = [r for r in rows(repo, "2025-03-05", horizon=27) if r.code == "MTG001"][-1]
    assert (upcoming.period.label_en, upcoming.status, upcoming.days_left) == ("2025-04", Standing.DUE, 56)


def test_schedule_and_rules_agree(repo):
    branch(repo, "optional_bodies: [womens-federation]\n", members=(("wang", "g1"), ("li", "g2")))
    monthly(repo, "[支委会, 两委联席会议]", range(1, 12, 2))
    monthly(repo, "党小组会", range(2, 13), extra="group: g1\n")
    meet(repo, "2025-05-20", "妇女代表大会")
    late = {r.key for r in rows(repo, "2025-12-31") if r.status is Standing.OVERDUE}
    findings = {(f.facts["body"], f.facts["group"] or None, f.facts["period_start"])
                for f in repo.check("2025-12-31", select=("MTG",))}
    assert late == findings
    assert {("branch-committee", None, dt.date(2025, 2, 1)),
            ("group-meeting", "g1", dt.date(2025, 1, 1)),
            ("womens-committee", None, dt.date(2025, 7, 1))} <= late
    assert ("branch-committee", None, dt.date(2025, 12, 1)) not in late      # still in force


# --- documentation ----------------------------------------------------------------------------------

@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_mtg_rule_cites_and_speaks_both_languages(rule):
    assert rule.citation.strip() and rule.family == "MTG"
    for message in rule.messages.values():
        assert message.zh.strip() and message.en.strip() and message.hint_zh and message.hint_en
    assert {b.code for b in BODIES} >= {rule.code}


def test_english_messages(repo):
    branch(repo)
    [finding] = repo.check("2025-02-01", select=("MTG001",), lang="en")
    assert finding.message == "2025-01: branch committee meeting held 0 times, at least 1 required (days overdue: 1)"
    assert finding.hint.startswith("last valid meeting: —.")
