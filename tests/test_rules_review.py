"""EVL, TRN and MOB006: the yearly democratic review (grades, measures, reports), away members taking
part in it, and training days (local rules, on in the guizhou-community profile).

A review meeting file reads: ``type`` line 1, ``date`` 2, ``attendees`` 3, ``reviews`` 4 with one grade
per line from 5, then ``reported``. Member files: ``name`` 1, ``group`` 2, ``history`` 3, events from 4,
then ``roles`` / ``training`` as written in the test.
"""

from __future__ import annotations

import pytest

from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.rules.registry import by_code

REPORTED = "reported: {date: 2025-12-15, to: 街道党工委, note: 工作小结及整改措施}\n"
REVIEW = "meetings/2025/2025-12-10-pingyi.yaml"


def member(repo, member_id: str, *events: str, since: str = "2000-07-01", extra: str = ""):
    history = f"  - {{date: {since}, event: full}}\n" + "".join(f"  - {{{e}}}\n" for e in events)
    repo.member(member_id, f"name: {member_id}\ngroup: g1\nhistory:\n{history}{extra}")
    return repo


def review(repo, attendees: str, *grades: str, reported: str = REPORTED, day: str = "2025-12-10", slug: str = "pingyi"):
    lines = "".join(f"  - {{{g}}}\n" for g in grades)
    repo.write(f"meetings/{day[:4]}/{day}-{slug}.yaml",
               f"type: 民主评议党员\ndate: {day}\nattendees: [{attendees}]\nreviews:\n{lines}{reported}")
    return repo


def found(repo, as_of: str, code: str):
    return repo.codes(as_of, select=(code,))


# --- EVL001 every member graded, grades reported ---------------------------------------------------------

def test_every_member_graded_and_reported_passes(repo):
    member(repo, "zhang")
    member(repo, "li")
    review(repo, "zhang, li", "member: zhang, grade: 合格", "member: li, grade: 优秀")
    assert found(repo, "2026-03-01", "EVL001") == []


def test_a_member_without_a_grade(repo):
    member(repo, "zhang")
    member(repo, "li")
    review(repo, "zhang, li", "member: zhang, grade: 合格")
    [finding] = repo.check("2025-12-31", select=("EVL001",))
    assert (finding.code, finding.location.path, finding.location.line) == ("EVL001", REVIEW, 4)
    assert (finding.severity, finding.facts["member"]) == (Severity.ERROR, "li")


def test_only_members_on_the_rolls_that_day_are_expected(repo):
    member(repo, "zhang")
    member(repo, "new", since="2025-12-11")
    member(repo, "gone", "date: 2025-11-30, event: transferred-out")
    review(repo, "zhang", "member: zhang, grade: 合格")
    assert found(repo, "2025-12-31", "EVL001") == []


def test_a_review_held_group_by_group_is_one_years_review(repo):
    member(repo, "zhang")
    member(repo, "li")
    review(repo, "zhang", "member: zhang, grade: 合格", day="2025-11-20", slug="g1")
    review(repo, "li", "member: li, grade: 合格")
    assert found(repo, "2025-12-31", "EVL001") == []


def test_grades_are_reported_within_thirty_days(repo):
    member(repo, "zhang")
    review(repo, "zhang", "member: zhang, grade: 合格", reported="")
    assert found(repo, "2026-01-09", "EVL001") == []
    [finding] = repo.check("2026-01-10", select=("EVL001",))
    assert (finding.location.path, finding.location.line) == (REVIEW, 1)
    assert "中共测试街道工作委员会" in finding.message


# --- EVL002 an unqualified grade has a measure -----------------------------------------------------------

def test_an_unqualified_grade_with_a_measure_passes(repo):
    member(repo, "zhang")
    review(repo, "zhang", "member: zhang, grade: 不合格, measure: 限期改正")
    assert found(repo, "2025-12-31", "EVL002") == []


def test_an_unqualified_grade_with_a_decision_passes(repo):
    member(repo, "zhang")
    review(repo, "zhang", "member: zhang, grade: 不合格, decision: zhang-measure")
    repo.write("decisions/2025/zhang-measure.yaml",
               "meeting: 2025-12-10-pingyi\ntitle: 对张某限期改正\nkind: review-measure\nsubject: zhang\n")
    assert found(repo, "2025-12-31", "EVL002") == []


def test_an_unqualified_grade_without_a_measure(repo):
    member(repo, "zhang")
    member(repo, "li")
    review(repo, "zhang, li", "member: zhang, grade: 合格", "member: li, grade: 不合格")
    [finding] = repo.check("2025-12-31", select=("EVL002",))
    assert (finding.code, finding.location.line, finding.severity) == ("EVL002", 6, Severity.ERROR)


def test_basically_qualified_needs_no_measure(repo):
    member(repo, "zhang")
    review(repo, "zhang", "member: zhang, grade: 基本合格")
    assert found(repo, "2025-12-31", "EVL002") == []


# --- EVL003 summary with corrective measures reported ----------------------------------------------------

def test_a_reported_summary_passes(repo):
    member(repo, "zhang")
    review(repo, "zhang", "member: zhang, grade: 合格")
    assert found(repo, "2026-06-30", "EVL003") == []


def test_a_report_without_the_summary(repo):
    member(repo, "zhang")
    review(repo, "zhang", "member: zhang, grade: 合格", reported="reported: {date: 2025-12-15, to: 街道党工委}\n")
    assert found(repo, "2026-01-09", "EVL003") == []
    [finding] = repo.check("2026-01-10", select=("EVL003",))
    assert (finding.code, finding.location.line, finding.severity) == ("EVL003", 6, Severity.WARNING)


def test_the_summary_is_judged_after_the_years_last_review_meeting(repo):
    member(repo, "zhang")
    member(repo, "li")
    review(repo, "zhang", "member: zhang, grade: 合格", day="2025-11-20", slug="g1", reported="")
    review(repo, "li", "member: li, grade: 合格", reported="")
    assert found(repo, "2026-01-09", "EVL003") == []
    assert found(repo, "2026-01-10", "EVL003") == [("EVL003", REVIEW, 1)]


def test_the_summary_on_an_earlier_meeting_of_the_year_counts(repo):
    member(repo, "zhang")
    member(repo, "li")
    review(repo, "zhang", "member: zhang, grade: 合格", day="2025-11-20", slug="g1")
    review(repo, "li", "member: li, grade: 合格", reported="reported: {date: 2025-12-15, to: 街道党工委}\n")
    assert found(repo, "2026-03-01", "EVL003") == []


# --- MOB006 away members take part in the review ----------------------------------------------------------

AWAY = "date: 2025-09-01, event: away, place: 广州, fixed_place: false, certificate: card, reason: 务工, contact: 电话"


def test_an_away_member_taking_part_in_writing_passes(repo):
    member(repo, "zhang")
    member(repo, "wang", AWAY)
    review(repo, "zhang", "member: zhang, grade: 合格", "member: wang, grade: 合格, written: true")
    assert found(repo, "2025-12-31", "MOB006") == []


def test_an_away_member_who_came_back_for_it_passes(repo):
    member(repo, "wang", AWAY)
    review(repo, "wang", "member: wang, grade: 合格")
    assert found(repo, "2025-12-31", "MOB006") == []


def test_an_away_member_graded_without_taking_part(repo):
    member(repo, "zhang")
    member(repo, "wang", AWAY)
    review(repo, "zhang", "member: zhang, grade: 合格", "member: wang, grade: 合格")
    [finding] = repo.check("2025-12-31", select=("MOB006",))
    assert (finding.code, finding.location.line, finding.severity) == ("MOB006", 6, Severity.ERROR)
    assert finding.related[0].path == "members/wang.yaml"


def test_an_away_member_left_out_altogether(repo):
    member(repo, "zhang")
    member(repo, "wang", AWAY)
    review(repo, "zhang", "member: zhang, grade: 合格")
    assert found(repo, "2025-12-31", "MOB006") == [("MOB006", REVIEW, 3)]
    assert found(repo, "2025-12-31", "EVL001") == [("EVL001", REVIEW, 4)]


def test_a_member_back_before_the_review_is_not_away(repo):
    member(repo, "zhang")
    member(repo, "wang", AWAY, "date: 2025-12-01, event: returned")
    review(repo, "zhang", "member: zhang, grade: 合格", "member: wang, grade: 合格")
    assert found(repo, "2025-12-31", "MOB006") == []


# --- TRN001 members' collective education (local) -----------------------------------------------------------

TRN_ON = "records_start: 2024-01-01\nrules:\n  TRN001: {enabled: true}\n  TRN002: {enabled: true}\n  TRN003: {enabled: true}\n"


def trainee(repo, member_id: str, training: str, *events: str, roles: str = "", since: str = "2000-07-01"):
    extra = (f"roles:\n{roles}" if roles else "") + f"training:\n{training}"
    return member(repo, member_id, *events, since=since, extra=extra)


def test_training_rules_are_local(repo):
    assert all(by_code()[c].enabled_by_default is False for c in ("TRN001", "TRN002", "TRN003"))
    repo.config("records_start: 2024-01-01\n")
    trainee(repo, "wang", "  - {date: 2024-03-01, kind: collective, days: 1}\n")
    assert found(repo, "2025-06-30", "TRN001") == []
    repo.config("records_start: 2024-01-01\nextends: guizhou-community\n")
    assert found(repo, "2025-06-30", "TRN001") == [("TRN001", "members/wang.yaml", 5)]


def test_six_days_of_collective_education_pass(repo):
    repo.config(TRN_ON)
    trainee(repo, "wang", "  - {date: 2024-03-01, kind: collective, days: 4}\n"
                          "  - {date: 2024-10-01, kind: collective, days: 2}\n")
    assert found(repo, "2025-06-30", "TRN001") == []


def test_five_and_a_half_days_are_too_few(repo):
    repo.config(TRN_ON)
    trainee(repo, "wang", "  - {date: 2024-03-01, kind: collective, days: 5.5}\n"
                          "  - {date: 2024-10-01, kind: community-worker, days: 3}\n")
    [finding] = repo.check("2025-06-30", select=("TRN001",))
    assert (finding.code, finding.location.line, finding.severity) == ("TRN001", 5, Severity.WARNING)
    assert finding.message == "wang（wang）2024 年参加集体教育 5.5 天，少于 6 天"


def test_a_year_is_judged_after_it_ends(repo):
    repo.config(TRN_ON)
    trainee(repo, "wang", "  - {date: 2024-03-01, kind: collective, days: 1}\n")
    assert found(repo, "2024-12-31", "TRN001") == []
    assert found(repo, "2025-01-01", "TRN001") == [("TRN001", "members/wang.yaml", 5)]


def test_a_year_ending_after_records_start_is_judged(repo):
    # issue 8.2: records from 2 January 2024; 2024 ends after it, so its training is judged
    repo.config(TRN_ON.replace("2024-01-01", "2024-01-02"))
    trainee(repo, "wang", "  - {date: 2024-03-01, kind: collective, days: 1}\n")
    assert found(repo, "2025-06-30", "TRN001") == [("TRN001", "members/wang.yaml", 5)]


def test_years_ended_before_records_start_are_not_judged(repo):
    repo.config(TRN_ON.replace("2024-01-01", "2025-01-01"))
    trainee(repo, "wang", "  - {date: 2024-03-01, kind: collective, days: 1}\n")
    assert found(repo, "2025-06-30", "TRN001") == []


def test_members_who_joined_during_the_year_or_were_away_are_not_judged(repo):
    repo.config(TRN_ON)
    trainee(repo, "new", "  - {date: 2024-09-01, kind: collective, days: 1}\n", since="2024-02-01")
    trainee(repo, "far", "  - {date: 2024-03-01, kind: collective, days: 1}\n",
            "date: 2024-11-01, event: away, place: 广州, fixed_place: false, certificate: card, reason: 务工, contact: 电话")
    assert found(repo, "2025-06-30", "TRN001") == []


# --- TRN002 community workers' training (local) --------------------------------------------------------------

DIRECTOR = "  - {role: 居委会主任, from: 2021-01-01}\n"


def test_seven_days_for_a_community_worker_pass(repo):
    repo.config(TRN_ON)
    trainee(repo, "wang", "  - {date: 2024-05-06, kind: community-worker, days: 5}\n"
                          "  - {date: 2024-09-01, kind: party-school, days: 2}\n", roles=DIRECTOR)
    assert found(repo, "2025-01-01", "TRN002") == []


def test_six_days_for_a_community_worker_are_too_few(repo):
    repo.config(TRN_ON)
    trainee(repo, "wang", "  - {date: 2024-05-06, kind: community-worker, days: 6}\n", roles=DIRECTOR)
    [finding] = repo.check("2025-01-01", select=("TRN002",))
    assert (finding.code, finding.location.line, finding.severity) == ("TRN002", 7, Severity.WARNING)


def test_seed_003_asks_for_ten_days(repo):
    repo.config(TRN_ON.replace("TRN002: {enabled: true}", "TRN002: {enabled: true, days: 10}"))
    trainee(repo, "wang", "  - {date: 2024-05-06, kind: community-worker, days: 9.5}\n", roles=DIRECTOR)
    assert found(repo, "2025-01-01", "TRN002") == [("TRN002", "members/wang.yaml", 7)]


def test_members_without_a_community_role_all_year_are_not_workers(repo):
    repo.config(TRN_ON)
    trainee(repo, "plain", "  - {date: 2024-05-06, kind: collective, days: 6}\n")
    trainee(repo, "late", "  - {date: 2024-05-06, kind: collective, days: 6}\n",
            roles="  - {role: 居委会委员, from: 2024-01-02}\n")
    assert found(repo, "2025-01-01", "TRN002") == []


# --- TRN003 pre-office training and party-school rotation (local) -----------------------------------------------

SECRETARY = "  - {role: 书记, from: 2024-03-01}\n"


@pytest.mark.parametrize("day", ["2024-02-20", "2024-03-01"])
def test_pre_office_training_on_or_before_taking_office(repo, day):
    repo.config(TRN_ON)
    trainee(repo, "wang", f"  - {{date: {day}, kind: pre-office, days: 3}}\n", roles=SECRETARY)
    assert found(repo, "2025-12-31", "TRN003") == []


def test_pre_office_training_after_taking_office_is_late(repo):
    repo.config(TRN_ON)
    trainee(repo, "wang", "  - {date: 2024-03-02, kind: pre-office, days: 3}\n", roles=SECRETARY)
    [finding] = repo.check("2025-12-31", select=("TRN003",))
    assert (finding.code, finding.location.line, finding.severity) == ("TRN003", 6, Severity.WARNING)
    assert "任前培训" in finding.message


def test_offices_taken_before_the_records_or_continued_are_not_checked(repo):
    repo.config(TRN_ON)
    trainee(repo, "wang", "  - {date: 2024-06-01, kind: collective, days: 6}\n",
            roles="  - {role: 书记, from: 2021-03-01, to: 2024-03-01}\n  - {role: 书记, from: 2024-03-01}\n")
    assert found(repo, "2025-12-31", "TRN003") == []


def test_party_school_rotation_within_three_years(repo):
    repo.config(TRN_ON)
    trainee(repo, "wang", "  - {date: 2023-12-20, kind: pre-office, days: 3}\n",
            roles="  - {role: 书记, from: 2024-01-01}\n")
    assert found(repo, "2027-01-01", "TRN003") == []
    [finding] = repo.check("2027-01-02", select=("TRN003",))
    assert (finding.location.line, finding.facts["due"].isoformat()) == (6, "2027-01-01")


def test_a_rotation_restarts_the_three_years(repo):
    repo.config(TRN_ON)
    trainee(repo, "wang", "  - {date: 2023-12-20, kind: pre-office, days: 3}\n"
                          "  - {date: 2026-05-01, kind: party-school, days: 10}\n",
            roles="  - {role: 书记, from: 2024-01-01}\n")
    assert found(repo, "2029-05-01", "TRN003") == []
    assert found(repo, "2029-05-02", "TRN003") == [("TRN003", "members/wang.yaml", 6)]


def test_leaving_office_before_the_rotation_is_due(repo):
    repo.config(TRN_ON)
    trainee(repo, "wang", "  - {date: 2023-12-20, kind: pre-office, days: 3}\n",
            roles="  - {role: 居委会主任, from: 2024-01-01, to: 2026-12-31}\n")
    assert found(repo, "2027-06-30", "TRN003") == []


# --- every rule is cited and speaks both languages ----------------------------------------------------------

@pytest.mark.parametrize("code", ["EVL001", "EVL002", "EVL003", "MOB006", "TRN001", "TRN002", "TRN003"])
def test_findings_carry_the_citation_in_both_languages(repo, code):
    repo.config(TRN_ON)
    trainee(repo, "wang", "  - {date: 2024-05-06, kind: collective, days: 1}\n", AWAY.replace("2025-09-01", "2025-11-01"),
            roles=SECRETARY)
    member(repo, "li")
    review(repo, "li", "member: li, grade: 不合格", reported="reported: {date: 2025-12-15}\n")
    zh = repo.check("2026-03-01", select=(code,))
    en = repo.check("2026-03-01", select=(code,), lang="en")
    assert zh and en and zh[0].citation == by_code()[code].citation != ""
    assert zh[0].message != en[0].message and "{" not in zh[0].message + en[0].message + en[0].hint
