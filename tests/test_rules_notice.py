"""NTC: notice before meetings, disclosure before votes (in working days), results published after.

Holiday facts used below (checked in tests/test_workdays.py, chinesecalendar 1.11):
National Day 2025 — Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked.
Spring Festival 2025 — Jan 28–Feb 4 off, Sun Jan 26 and Sat Feb 8 worked.
"""

from __future__ import annotations

import pytest

from conftest import full_member
from zhidu_cli.rules.registry import by_code

NTC = ("NTC003", "NTC004", "NTC009")   # the disclosure rules; NTC011 (sign-off) and NTC005 are tested on their own


def candidate(repo, *, assembly: str, disclosures: str, kind: str = "admission", member: str = "li-si") -> None:
    """Two full members, a candidate, and the assembly deciding on the candidate with ``disclosures``."""
    repo.member("wang-wu", full_member("wang-wu", "王五"))
    repo.member("zhao-liu", full_member("zhao-liu", "赵六"))
    repo.member(member, """\
        name: 李四
        history:
          - {date: 2020-01-01, event: applied}
        """)
    repo.write(f"meetings/{assembly[:4]}/{assembly}-assembly.yaml", f"""\
        type: 支部党员大会
        date: {assembly}
        attendees: [wang-wu, zhao-liu]
        """)
    repo.write(f"decisions/{assembly[:4]}/d-{member}.yaml", f"""\
        meeting: {assembly}-assembly
        title: 讨论李四
        kind: {kind}
        subject: {member}
        disclosures:
        {disclosures}
        """)


DECISION = "decisions/2025/d-li-si.yaml"


# --- NTC003: admission disclosure across National Day 2025 --------------------------------------------

def test_five_working_days_across_national_day_pass(repo):
    # Fri Sep 26, Sun Sep 28 (调休), Mon 29, Tue 30, [Oct 1–8 off], Thu Oct 9 = 5 working days.
    candidate(repo, assembly="2025-10-10", disclosures="  - {from: 2025-09-26, to: 2025-10-09, channel: 党务公开栏}")
    assert repo.codes("2025-12-31", select=NTC) == []


def test_one_working_day_short_across_national_day(repo):
    # To Oct 8 is still 4 working days: the holiday days do not count, however many calendar days pass.
    candidate(repo, assembly="2025-10-10", disclosures="  - {from: 2025-09-26, to: 2025-10-08}")
    assert repo.codes("2025-12-31", select=NTC) == [("NTC003", DECISION, 6)]
    finding = repo.check("2025-12-31", select=NTC)[0]
    assert finding.facts["workdays"] == 4 and finding.facts["required"] == 5
    assert finding.facts["member"] == "li-si"
    assert "4 个工作日" in finding.message and "李四（li-si）" in finding.message


def test_disclosure_must_end_before_the_assembly_day(repo):
    # Five working days, but the fifth is the assembly's own day.
    candidate(repo, assembly="2025-10-09", disclosures="  - {from: 2025-09-26, to: 2025-10-09}")
    findings = repo.check("2025-12-31", select=NTC)
    assert [(f.code, f.location.line) for f in findings] == [("NTC003", 6)]
    assert "未在支部党员大会（2025-10-09）之前结束" in findings[0].message


@pytest.mark.parametrize(("end", "expected"), [("2025-10-09", ["NTC003"]), ("2025-10-10", [])])
def test_locality_with_six_working_days_day_5_fails_day_6_passes(repo, end, expected):
    candidate(repo, assembly="2025-10-13", disclosures=f"  - {{from: 2025-09-26, to: {end}}}")
    repo.config("rules: {NTC003: {working_days: 6}}\n")
    assert [c for c, _, _ in repo.codes("2025-12-31", select=NTC)] == expected


def test_seven_working_days_locality(repo):
    # Sep 26 … Oct 11 (Sat, worked) is 7 working days: 26, 28, 29, 30, Oct 9, 10, 11.
    candidate(repo, assembly="2025-10-13", disclosures="  - {from: 2025-09-26, to: 2025-10-11}")
    repo.config("rules: {NTC003: {working_days: 7}}\n")
    assert repo.codes("2025-12-31", select=NTC) == []
    candidate(repo, assembly="2025-10-13", disclosures="  - {from: 2025-09-26, to: 2025-10-10}")
    assert [c for c, _, _ in repo.codes("2025-12-31", select=NTC)] == ["NTC003"]


def test_missing_disclosure_points_at_the_decision(repo):
    candidate(repo, assembly="2025-10-10", disclosures="")
    findings = repo.check("2025-12-31", select=NTC)
    assert [(f.code, f.location.path) for f in findings] == [("NTC003", DECISION)]
    assert "没有公示记录" in findings[0].message


def test_a_disclosure_recorded_on_the_committee_decision_counts(repo):
    candidate(repo, assembly="2025-10-10", disclosures="")
    repo.write("meetings/2025/2025-09-25-committee.yaml", "type: 支委会\ndate: 2025-09-25\nattendees: [wang-wu]\n")
    repo.write("decisions/2025/c-li-si.yaml", """\
        meeting: 2025-09-25-committee
        title: 同意接收李四，予以公示
        kind: admission
        subject: li-si
        disclosures: [{from: 2025-09-26, to: 2025-10-09}]
        """)
    assert repo.codes("2025-12-31", select=NTC) == []


def test_admission_recorded_only_in_the_history_without_disclosure(repo):
    repo.member("wang-wu", full_member("wang-wu", "王五"))
    repo.write("meetings/2025/2025-10-10-assembly.yaml", "type: 支部党员大会\ndate: 2025-10-10\nattendees: [wang-wu]\n")
    repo.member("li-si", """\
        name: 李四
        history:
          - {date: 2025-10-10, event: admitted, meeting: 2025-10-10-assembly}
        """)
    assert repo.codes("2025-12-31", select=NTC) == [("NTC003", "members/li-si.yaml", 3)]


def test_a_deferred_item_was_not_voted_and_needs_no_disclosure_yet(repo):
    candidate(repo, assembly="2025-10-10", disclosures="")
    repo.write(DECISION, """\
        meeting: 2025-10-10-assembly
        title: 讨论李四
        kind: admission
        subject: li-si
        status: deferred
        """)
    assert repo.codes("2025-12-31", select=NTC) == []


def test_an_assembly_after_the_as_of_date_is_not_checked(repo):
    candidate(repo, assembly="2025-10-10", disclosures="")
    assert repo.codes("2025-10-09", select=("NTC003",)) == []


# --- NTC004: conversion disclosure across the Spring Festival 2025 -------------------------------------

def test_conversion_five_working_days_across_spring_festival(repo):
    # Fri Jan 24, Sun Jan 26 (调休), Mon Jan 27, [Jan 28–Feb 4 off], Wed Feb 5, Thu Feb 6 = 5.
    candidate(repo, assembly="2025-02-07", kind="conversion",
              disclosures="  - {from: 2025-01-24, to: 2025-02-06}")
    assert repo.codes("2025-12-31", select=NTC) == []


def test_conversion_one_working_day_short_across_spring_festival(repo):
    candidate(repo, assembly="2025-02-07", kind="conversion",
              disclosures="  - {from: 2025-01-24, to: 2025-02-05}")
    assert repo.codes("2025-12-31", select=NTC) == [("NTC004", DECISION, 6)]


def test_conversion_from_history_needs_a_disclosure(repo):
    repo.member("li-si", """\
        name: 李四
        history:
          - {date: 2024-03-01, event: transferred-in, status: probationary}
          - {date: 2025-02-07, event: full}
        """)
    assert repo.codes("2025-12-31", select=NTC) == [("NTC004", "members/li-si.yaml", 4)]


def test_a_member_since_before_the_records_is_not_a_conversion(repo):
    repo.member("wang-wu", full_member("wang-wu", "王五"))
    assert repo.codes("2025-12-31", select=NTC) == []


# --- NTC009: a year the calendar does not know ---------------------------------------------------------

def test_uncovered_year_warns_once_and_counts_monday_to_friday(repo):
    # 2031 is unknown to the library: Mon–Fri gives Fri 26, Mon 29, Tue 30, Wed Oct 1, Thu Oct 2 = 5.
    candidate(repo, assembly="2031-10-03", disclosures="  - {from: 2031-09-26, to: 2031-10-02}")
    repo.member("sun-qi", "name: 孙七\nhistory:\n  - {date: 2030-01-01, event: transferred-in, status: probationary}\n")
    repo.write("decisions/2031/d-sun-qi.yaml", """\
        meeting: 2031-10-03-assembly
        title: 讨论孙七转正
        kind: conversion
        subject: sun-qi
        disclosures: [{from: 2031-09-25, to: 2031-10-02}]
        """)
    findings = repo.check("2031-12-31", select=NTC)
    assert [(f.code, f.location.path, f.location.line) for f in findings] == [
        ("NTC009", "decisions/2031/d-sun-qi.yaml", 5)]
    assert findings[0].severity.label == "warning"
    assert findings[0].facts["year"] == 2031
    assert findings[0].related[0].path == "decisions/2031/d-li-si.yaml"


def test_calendar_yaml_declares_2031_and_the_warning_goes(repo):
    candidate(repo, assembly="2031-10-03", disclosures="  - {from: 2031-09-26, to: 2031-10-02}")
    repo.write("calendar.yaml", """\
        years:
          - year: 2031
            holidays: [2031-10-01, 2031-10-02, 2031-10-03, 2031-10-06, 2031-10-07]
            workdays: [2031-09-28, 2031-10-11]
        """)
    # Fri 26, Sun 28 (declared worked), Mon 29, Tue 30; Oct 1–2 declared off → 4 working days.
    assert repo.codes("2031-12-31", select=NTC) == [("NTC003", "decisions/2031/d-li-si.yaml", 6)]


def test_calendar_yaml_override_can_make_a_disclosure_long_enough(repo):
    candidate(repo, assembly="2031-10-03", disclosures="  - {from: 2031-09-27, to: 2031-10-01}")
    # Mon–Fri alone: Mon 29, Tue 30, Wed Oct 1 = 3; with Sat 27 and Sun 28 declared worked = 5.
    # both on the disclosure's line: NTC009 at its start, NTC003 at its end
    assert [c for c, _, _ in repo.codes("2031-12-31", select=NTC)] == ["NTC009", "NTC003"]
    repo.write("calendar.yaml", "years:\n  - {year: 2031, workdays: [2031-09-27, 2031-09-28]}\n")
    assert repo.codes("2031-12-31", select=NTC) == []


# --- NTC001 / NTC002: notice before the meeting ------------------------------------------------------

def hearing(repo, notice: str | None, *, type_: str = "听证会", extra: str = "") -> None:
    text = f"type: {type_}\ndate: 2025-06-20\nheadcount: {{expected: 20, present: 15}}\n{extra}"
    if notice:
        text += f"notice: {{date: {notice}, channel: 社区公示栏}}\n"
    repo.write("meetings/2025/2025-06-20-h.yaml", text)


@pytest.mark.parametrize(("notice", "expected"), [
    ("2025-06-17", []),                                                     # 3 days before
    ("2025-06-18", [("NTC001", "meetings/2025/2025-06-20-h.yaml", 4)]),     # 2 days before
    (None, [("NTC001", "meetings/2025/2025-06-20-h.yaml", 2)]),             # no notice at all
])
def test_hearing_notice_three_days(repo, notice, expected):
    hearing(repo, notice)
    assert repo.codes("2025-12-31", select=("NTC001",)) == expected


@pytest.mark.parametrize(("notice", "public", "expected"), [
    ("2025-06-17", "true", []),
    ("2025-06-18", "true", ["NTC002"]),
    (None, "true", ["NTC002"]),
    (None, "false", []),          # a deliberation of no broad interest needs no public notice
])
def test_deliberation_notice(repo, notice, public, expected):
    hearing(repo, notice, type_="议事会", extra=f"public_interest: {public}\n")
    assert [c for c, _, _ in repo.codes("2025-12-31", select=("NTC002",))] == expected


# --- NTC006 / NTC007: results published within 7 days --------------------------------------------------

@pytest.mark.parametrize(("published", "as_of", "expected"), [
    ("2025-06-27", "2025-12-31", []),                                         # day 7
    ("2025-06-28", "2025-12-31", [("NTC006", "meetings/2025/2025-06-20-h.yaml", 4)]),   # day 8
    (None, "2025-06-27", []),                                                 # still within the period
    (None, "2025-06-28", [("NTC006", "meetings/2025/2025-06-20-h.yaml", 2)]),
    ("2025-07-05", "2025-07-01", [("NTC006", "meetings/2025/2025-06-20-h.yaml", 2)]),   # not published yet
    ("2025-07-05", "2025-07-05", [("NTC006", "meetings/2025/2025-06-20-h.yaml", 4)]),   # published late
])
def test_hearing_result_published(repo, published, as_of, expected):
    hearing(repo, "2025-06-17",
            extra=f"result_published: {{date: {published}, channel: 居务公开栏}}\n" if published else "")
    assert repo.codes(as_of, select=("NTC006",)) == expected


@pytest.mark.parametrize("type_", ["评议会", "四报一评议"])
def test_review_results_published(repo, type_):
    repo.write("meetings/2025/2025-12-20-review.yaml", f"type: {type_}\ndate: 2025-12-20\n")
    assert repo.codes("2025-12-27", select=("NTC007",)) == []
    assert repo.codes("2025-12-28", select=("NTC007",)) == [("NTC007", "meetings/2025/2025-12-20-review.yaml", 2)]
    repo.write("meetings/2025/2025-12-20-review.yaml",
               f"type: {type_}\ndate: 2025-12-20\nresult_published: {{date: 2025-12-27}}\n")
    assert repo.codes("2025-12-31", select=("NTC007",)) == []


# --- NTC008: deliberation outcome disclosed -------------------------------------------------------------

def deliberation(repo, *, decision_extra: str = "", meeting_extra: str = "", status: str = "adopted") -> None:
    repo.write("meetings/2025/2025-06-20-d.yaml", f"type: 议事会\ndate: 2025-06-20\n{meeting_extra}")
    repo.write("decisions/2025/parking.yaml", f"""\
        meeting: 2025-06-20-d
        title: 楼院停车管理方案
        status: {status}
        {decision_extra}
        """)


def test_deliberation_outcome_not_disclosed(repo):
    deliberation(repo)
    assert repo.codes("2025-06-27", select=("NTC008",)) == []       # grace period of 7 days
    assert repo.codes("2025-06-28", select=("NTC008",)) == [("NTC008", "decisions/2025/parking.yaml", 1)]


@pytest.mark.parametrize("kwargs", [
    {"decision_extra": "outcome_disclosed: {date: 2025-06-25, channel: 书面公示}"},
    {"meeting_extra": "result_published: {date: 2025-06-24}\n"},
    {"status": "rejected"},
])
def test_deliberation_outcome_disclosed_or_nothing_adopted(repo, kwargs):
    deliberation(repo, **kwargs)
    assert repo.codes("2025-12-31", select=("NTC008",)) == []


def test_a_disclosure_after_the_as_of_date_is_not_yet_made(repo):
    deliberation(repo, decision_extra="outcome_disclosed: {date: 2025-07-10, channel: 书面公示}")
    assert repo.codes("2025-07-01", select=("NTC008",)) == [("NTC008", "decisions/2025/parking.yaml", 1)]
    assert repo.codes("2025-07-10", select=("NTC008",)) == []


# --- catalogue --------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["NTC001", "NTC002", "NTC003", "NTC004", "NTC006", "NTC007", "NTC008", "NTC009"])
def test_rules_are_cited_and_speak_both_languages(code):
    rule = by_code()[code]
    assert rule.citation and rule.examples
    for message in rule.messages.values():
        assert message.zh and message.en
    assert all(p.doc_zh and p.doc_en for p in rule.params)


def test_english_messages(repo):
    candidate(repo, assembly="2025-10-10", disclosures="  - {from: 2025-09-26, to: 2025-10-08}")
    finding = repo.check("2025-12-31", select=NTC, lang="en")[0]
    assert finding.message == ("the admission disclosure of 李四 (li-si), 2025-09-26 to 2025-10-08, lasts 4 working "
                               "days, fewer than 5")
    assert finding.citation.startswith("000 §四.4《社区党支部工作制度》")
