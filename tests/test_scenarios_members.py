"""Scenarios for the member rules: small, realistic branches checked with every member family at once.

Each test writes a branch the way a secretary keeps it — four full members, the candidate's whole
history, the committee meetings, the assemblies with everyone present, the decisions with their
disclosures — changes one fact, and asserts the **complete** list of findings of the families NTC,
DEV, PRB, MOB, LIF, EVL and TRN: nothing missing, nothing extra.

Calendar facts used below (chinesecalendar 1.11, checked in ``test_calendar_facts``):
National Day 2025 — Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked.
Spring Festival 2026 — Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import full_member
from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.model.pipeline import development
from zhidu_cli.schedule.workdays import WorkCalendar

SELECT = ("NTC", "DEV", "PRB", "MOB", "LIF", "EVL", "TRN")
EVERYONE = "[zhang-jian, wang-wu, zhao-liu, sun-li]"

CHEN = "members/chen-qi.yaml"
CHEN_ADM = "decisions/2025/adm-chen-qi.yaml"
HE = "members/he-ping.yaml"


def branch(repo) -> None:
    """The four full members every scenario starts from (g1: 张建 the secretary, 王五; g2: 赵六, 孙丽)."""
    repo.member("zhang-jian", full_member("zhang-jian", "张建", since="1998-07-01",
                                          roles="  - {role: secretary, from: 2021-06-01}\n"))
    repo.member("wang-wu", full_member("wang-wu", "王五", since="2005-07-01"))
    repo.member("zhao-liu", full_member("zhao-liu", "赵六", group="g2", since="2010-07-01"))
    repo.member("sun-li", full_member("sun-li", "孙丽", group="g2", since="2012-07-01"))


def meeting(repo, day: str, kind: str, *, attendees: str = EVERYONE, extra: str = "") -> None:
    """``meetings/<year>/<day>-assembly.yaml`` (支部党员大会) or ``…-committee.yaml`` (支委会)."""
    slug, type_zh = {"assembly": ("assembly", "支部党员大会"), "committee": ("committee", "支委会")}[kind]
    if kind == "committee":
        attendees = "[zhang-jian, wang-wu]"
    repo.write(f"meetings/{day[:4]}/{day}-{slug}.yaml",
               f"type: {type_zh}\ndate: {day}\nchair: zhang-jian\nrecorder: wang-wu\n"
               f"attendees: {attendees}\n{extra}")


def decision(repo, decision_id: str, meeting_id: str, kind: str, subject: str, title: str, extra: str = "") -> None:
    repo.write(f"decisions/{meeting_id[:4]}/{decision_id}.yaml",
               f"meeting: {meeting_id}\ntitle: {title}\nkind: {kind}\nsubject: {subject}\n{extra}")


def line(repo, path: str, needle: str) -> int:
    """The line of ``path`` holding ``needle`` (exactly one line must)."""
    lines = [i for i, text in enumerate((repo.root / path).read_text(encoding="utf-8").splitlines(), 1)
             if needle in text]
    assert len(lines) == 1, (path, needle, lines)
    return lines[0]


def found(repo, as_of: str = "2025-12-31"):
    """(code, path, line) of the findings of these families — NTC005 aside: these branches keep no dues
    ledger, which it reports once (tests/test_rules_dues.py)."""
    return [(f.code, f.location.path, f.location.line)
            for f in repo.check(as_of, select=SELECT, ignore=("NTC005",))]


def test_calendar_facts():
    calendar = WorkCalendar()
    assert calendar.workdays_in(dt.date(2025, 9, 26), dt.date(2025, 10, 9)) == 5
    assert calendar.workdays_in(dt.date(2025, 9, 26), dt.date(2025, 10, 8)) == 4
    assert calendar.is_workday(dt.date(2025, 9, 28)) and not calendar.is_workday(dt.date(2025, 10, 8))
    assert calendar.is_workday(dt.date(2026, 2, 14)) and not calendar.is_workday(dt.date(2026, 2, 23))


# --- 陈琪 (chen-qi): applicant 2023 → activist 2024 → admitted at the assembly of 2025-10-10 -----------------

CHEN_HISTORY = """\
name: 陈琪
group: g1
history:
  - {date: 2023-09-01, event: applied}
  - {date: 2023-09-20, event: talked, by: zhang-jian}
  - {date: 2024-03-05, event: activist, sponsors: [wang-wu, zhao-liu], meeting: 2024-03-05-committee}
  - {date: 2024-09-03, event: assessed, by: wang-wu}
  - {date: 2025-03-03, event: assessed, by: wang-wu}
  - {date: 2025-03-05, event: development-target, meeting: 2025-03-05-committee}
  - {date: 2025-06-16, event: trained, days: 3}
  - {date: 2025-10-10, event: admitted, introducers: [wang-wu, zhao-liu], meeting: 2025-10-10-assembly, decision: adm-chen-qi}
  - {date: 2025-11-18, event: approved, by: 中共测试街道工作委员会, reference: 测街党工委〔2025〕31号}
"""

# five working days across National Day: Fri 26 Sep, Sun 28 Sep (调休), Mon 29, Tue 30, [1–8 Oct off], Thu 9 Oct
CHEN_DISCLOSURE = "disclosures: [{from: 2025-09-26, to: 2025-10-09, channel: 党务公开栏, approved_by: zhang-jian}]\n"


def chen(repo, *, history: dict[str, str] | None = None, disclosure: str = CHEN_DISCLOSURE) -> None:
    """The branch and 陈琪's way in; ``history`` maps text in her file to its replacement."""
    branch(repo)
    text = CHEN_HISTORY
    for old, new in (history or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    repo.member("chen-qi", text)
    meeting(repo, "2024-03-05", "committee")
    meeting(repo, "2025-03-05", "committee")
    meeting(repo, "2025-09-25", "committee")
    meeting(repo, "2025-10-10", "assembly")
    decision(repo, "act-chen-qi", "2024-03-05-committee", "activist", "chen-qi", "确定陈琪为入党积极分子")
    decision(repo, "tgt-chen-qi", "2025-03-05-committee", "development-target", "chen-qi", "确定陈琪为发展对象")
    decision(repo, "pre-chen-qi", "2025-09-25-committee", "admission", "chen-qi", "审查陈琪入党材料，同意公示")
    decision(repo, "adm-chen-qi", "2025-10-10-assembly", "admission", "chen-qi", "接收陈琪为预备党员",
             "votes: {for: 4}\n" + disclosure)


def test_the_admission_across_national_day_is_clean(repo):
    chen(repo)
    assert found(repo) == []
    assert repo.codes("2025-12-31", select=("REF", "SCH")) == []     # the scenario itself holds together


def test_a_disclosure_one_working_day_short_across_national_day(repo):
    # to 8 Oct: nine calendar days more than 30 Sep, but still four working days
    chen(repo, disclosure=CHEN_DISCLOSURE.replace("to: 2025-10-09", "to: 2025-10-08"))
    assert found(repo) == [("NTC003", CHEN_ADM, line(repo, CHEN_ADM, "disclosures"))]
    [finding] = repo.check("2025-12-31", select=SELECT, ignore=("NTC005",))
    assert (finding.facts["workdays"], finding.facts["required"]) == (4, 5)


def test_a_disclosure_ending_on_the_assembly_day(repo):
    chen(repo, disclosure=CHEN_DISCLOSURE.replace("to: 2025-10-09", "to: 2025-10-10"))
    [finding] = repo.check("2025-12-31", select=SELECT, ignore=("NTC005",))
    assert (finding.code, finding.location.path) == ("NTC003", CHEN_ADM)
    assert "未在支部党员大会（2025-10-10）之前结束" in finding.message


def test_seven_working_days_where_the_branch_says_so(repo):
    chen(repo)
    repo.config("rules: {NTC003: {working_days: 7}}\n")
    assert found(repo) == [("NTC003", CHEN_ADM, line(repo, CHEN_ADM, "disclosures"))]


def test_the_disclosure_is_not_judged_before_the_assembly(repo):
    # as of 9 Oct the assembly has not met: the disclosure is running, not short
    chen(repo, disclosure=CHEN_DISCLOSURE.replace("to: 2025-10-09", "to: 2025-10-08"))
    assert found(repo, "2025-10-09") == []


def test_promoted_one_day_before_a_full_year_of_training(repo):
    chen(repo, history={"2025-03-05, event: development-target, meeting: 2025-03-05-committee":
                        "2025-03-04, event: development-target, meeting: 2025-03-04-committee"})
    repo.root.joinpath("meetings/2025/2025-03-05-committee.yaml").unlink()
    meeting(repo, "2025-03-04", "committee")
    decision(repo, "tgt-chen-qi", "2025-03-04-committee", "development-target", "chen-qi", "确定陈琪为发展对象")
    assert found(repo) == [("DEV003", CHEN, line(repo, CHEN, "development-target"))]


def test_promoted_on_the_anniversary(repo):
    chen(repo)
    dev = development(repo.workspace().records, "chen-qi", dt.date(2025, 12, 31))
    assert (dev.activist.date, dev.target.date) == (dt.date(2024, 3, 5), dt.date(2025, 3, 5))    # one year exactly
    assert found(repo) == []


def test_a_probationary_sponsor(repo):
    # 刘洋 transferred in as a probationary member; on 5 March 2024 she is not yet a full member
    chen(repo, history={"sponsors: [wang-wu, zhao-liu]": "sponsors: [wang-wu, liu-yang]"})
    repo.member("liu-yang", """\
        name: 刘洋
        group: g2
        history:
          - {date: 2023-11-01, event: transferred-in, status: probationary, place: 某县某村党支部}
          - {date: 2024-07-01, event: conversion-applied}
          - {date: 2024-07-15, event: full, meeting: 2024-07-15-assembly, decision: conv-liu-yang}
        """)
    meeting(repo, "2024-07-15", "assembly", attendees="[zhang-jian, wang-wu, zhao-liu, sun-li, liu-yang]")
    decision(repo, "conv-liu-yang", "2024-07-15-assembly", "conversion", "liu-yang", "刘洋转为正式党员",
             "votes: {for: 4}\ndisclosures: [{from: 2024-07-01, to: 2024-07-05, channel: 党务公开栏, approved_by: zhang-jian}]\n"
             "approval: {date: 2024-08-15, by: 中共测试街道工作委员会}\n")
    meeting(repo, "2025-10-10", "assembly", attendees="[zhang-jian, wang-wu, zhao-liu, sun-li, liu-yang]")
    [finding] = repo.check("2025-12-31", select=SELECT, ignore=("NTC005",))
    assert (finding.code, finding.location.path, finding.location.line) == ("DEV002", CHEN, line(repo, CHEN, "sponsors"))
    assert finding.message == "陈琪（chen-qi）的培养联系人 刘洋（liu-yang） 在 2024-03-05 不是正式党员"


def test_a_transferred_in_probationary_member_converted_without_disclosure(repo):
    branch(repo)
    repo.member("liu-yang", """\
        name: 刘洋
        group: g2
        history:
          - {date: 2023-11-01, event: transferred-in, status: probationary, place: 某县某村党支部}
          - {date: 2024-07-01, event: conversion-applied}
          - {date: 2024-07-15, event: full, meeting: 2024-07-15-assembly, decision: conv-liu-yang}
        """)
    meeting(repo, "2024-07-15", "assembly", attendees="[zhang-jian, wang-wu, zhao-liu, sun-li, liu-yang]")
    decision(repo, "conv-liu-yang", "2024-07-15-assembly", "conversion", "liu-yang", "刘洋转为正式党员",
             "votes: {for: 4}\napproval: {date: 2024-08-15, by: 中共测试街道工作委员会}\n")
    assert found(repo) == [("NTC004", "decisions/2024/conv-liu-yang.yaml", 1)]


@pytest.mark.parametrize(("approved", "expected"), [("2026-01-10", []), ("2026-01-11", ["DEV007"])])
def test_approval_three_months_after_the_assembly(repo, approved, expected):
    chen(repo, history={"2025-11-18, event: approved": f"{approved}, event: approved"})
    findings = repo.check("2026-02-01", select=SELECT, ignore=("NTC005",))
    assert [(f.code, f.location.path, f.location.line) for f in findings] == [
        (code, CHEN, line(repo, CHEN, "event: approved")) for code in expected]
    assert all(f.severity is Severity.WARNING for f in findings)


def test_a_missing_approval_only_once_three_months_have_passed(repo):
    chen(repo, history={"  - {date: 2025-11-18, event: approved, by: 中共测试街道工作委员会, reference: 测街党工委〔2025〕31号}\n": ""})
    assert found(repo, "2026-01-10") == []
    assert found(repo, "2026-01-11") == [("DEV007", CHEN, line(repo, CHEN, "event: admitted"))]


def test_an_applicant_with_nothing_but_the_application(repo):
    branch(repo)
    repo.member("xu-hui", "name: 徐辉\nhistory:\n  - {date: 2025-11-20, event: applied}\n")
    assert found(repo, "2025-12-20") == []
    assert found(repo, "2025-12-21") == [("DEV001", "members/xu-hui.yaml", 3)]


# --- 何平 (he-ping): admitted at the assembly of 2024-06-20, probation to 2025-06-20 --------------------------

HE_HISTORY = """\
name: 何平
group: g2
history:
  - {date: 2022-03-01, event: applied}
  - {date: 2022-03-15, event: talked, by: zhang-jian}
  - {date: 2022-06-01, event: activist, sponsors: [zhao-liu, sun-li]}
  - {date: 2022-11-25, event: assessed, by: zhao-liu}
  - {date: 2023-05-20, event: assessed, by: zhao-liu}
  - {date: 2023-06-05, event: development-target, meeting: 2023-06-05-committee}
  - {date: 2023-09-11, event: trained, days: 3}
  - {date: 2024-06-20, event: admitted, introducers: [zhao-liu, sun-li], meeting: 2024-06-20-assembly}
  - {date: 2024-08-01, event: approved, by: 中共测试街道工作委员会}
"""
HE_WITH = "[zhang-jian, wang-wu, zhao-liu, sun-li, he-ping]"


def he(repo, *later: str, conversion: str | None = "2025-06-20") -> None:
    """The branch and 何平 up to her approval, then ``later`` events; converted at ``conversion``."""
    branch(repo)
    applied = dt.date.fromisoformat(conversion) - dt.timedelta(days=20) if conversion else None   # PRB005
    repo.member("he-ping", HE_HISTORY + "".join(f"  - {{{event}}}\n" for event in later)
                + (f"  - {{date: {applied}, event: conversion-applied}}\n"
                   f"  - {{date: {conversion}, event: full, meeting: {conversion}-assembly}}\n" if conversion else ""))
    meeting(repo, "2023-06-05", "committee")
    decision(repo, "tgt-he-ping", "2023-06-05-committee", "development-target", "he-ping", "确定何平为发展对象")
    meeting(repo, "2024-06-20", "assembly")
    decision(repo, "adm-he-ping", "2024-06-20-assembly", "admission", "he-ping", "接收何平为预备党员",
             "votes: {for: 4}\ndisclosures: [{from: 2024-06-11, to: 2024-06-17, channel: 党务公开栏, approved_by: zhang-jian}]\n")
    if conversion:
        day = dt.date.fromisoformat(conversion)     # disclosed from two weeks to three days before the assembly
        meeting(repo, conversion, "assembly", attendees=HE_WITH)
        decision(repo, "conv-he-ping", f"{conversion}-assembly", "conversion", "he-ping", "何平转为正式党员",
                 f"votes: {{for: 4}}\ndisclosures: [{{from: {day - dt.timedelta(days=14)}, to: {day - dt.timedelta(days=3)}, channel: 党务公开栏, approved_by: zhang-jian}}]\n"
                 f"approval: {{date: {day + dt.timedelta(days=30)}, by: 中共测试街道工作委员会}}\n")    # PRB004


def extension(repo, day: str, months: int) -> str:
    """An assembly on ``day`` extending 何平's probation; returns the event."""
    meeting(repo, day, "assembly", attendees=HE_WITH)
    decision(repo, f"ext-he-ping-{day}", f"{day}-assembly", "extension", "he-ping", "延长何平预备期",
             "votes: {for: 4}\n")
    return f"date: {day}, event: extended, months: {months}, meeting: {day}-assembly"


def test_conversion_on_the_day_probation_ends_is_clean(repo):
    he(repo)
    assert found(repo) == []


@pytest.mark.parametrize(("day", "expected"), [("2025-07-20", []), ("2025-07-21", ["PRB002"])])
def test_conversion_discussed_a_month_after_probation_ends(repo, day, expected):
    he(repo, conversion=day)
    assert found(repo) == [(code, HE, line(repo, HE, "event: full")) for code in expected]


def test_conversion_not_yet_discussed(repo):
    he(repo, conversion=None)
    assert found(repo, "2025-07-20") == []
    assert found(repo, "2025-07-21") == [("PRB002", HE, line(repo, HE, "event: admitted"))]


def test_converted_before_probation_ends(repo):
    he(repo, conversion="2025-06-19")
    assert found(repo) == [("PRB001", HE, line(repo, HE, "event: full"))]


def test_an_extension_of_five_months(repo):
    # probation to 2025-06-20, extended by five months to 2025-11-20, converted on 2025-11-25
    he(repo, extension(repo, "2025-06-20", 5), conversion="2025-11-25")
    assert found(repo) == [("PRB003", HE, line(repo, HE, "event: extended"))]


def test_an_extension_of_twelve_months(repo):
    he(repo, extension(repo, "2025-06-20", 12), conversion=None)
    assert found(repo) == []
    assert found(repo, "2026-07-20") == []
    assert found(repo, "2026-07-21") == [("PRB002", HE, line(repo, HE, "event: admitted"))]


def test_a_second_extension(repo):
    he(repo, extension(repo, "2025-06-20", 6), extension(repo, "2025-12-19", 6), conversion=None)
    assert found(repo) == [("PRB003", HE, line(repo, HE, "2025-12-19, event: extended"))]
    [finding] = repo.check("2025-12-31", select=SELECT, ignore=("NTC005",))
    assert finding.message == "何平（he-ping）的预备期在 2025-12-19 再次延长（首次 2025-06-20）；只能延长一次"


def test_an_extension_decided_late(repo):
    he(repo, extension(repo, "2025-07-21", 6), conversion=None)
    assert found(repo) == [("PRB002", HE, line(repo, HE, "event: extended"))]


# --- 马林 (ma-lin): away at a fixed place, Shenzhen, from 2025-03-01 with a certificate letter ---------------

MA = "members/ma-lin.yaml"


def ma(repo, *later: str) -> None:
    branch(repo)
    repo.member("ma-lin", """\
        name: 马林
        group: g2
        history:
          - {date: 2011-07-01, event: full}
          - {date: 2025-03-01, event: away, place: 深圳, fixed_place: true, until: 2025-09-01, certificate: letter, reason: 务工}
          - {date: 2025-05-12, event: reported, written: true}
        """ + "        ".join(f"  - {{{event}}}\n" + _report_after(event) for event in later))


def _report_after(event: str) -> str:
    """On return the member reports on the time away (000 §七.5, MOB009): three days later."""
    if "event: returned" not in event:
        return ""
    day = dt.date.fromisoformat(event.split("date: ")[1][:10]) + dt.timedelta(days=3)
    return f"          - {{date: {day}, event: reported}}\n"     # indented like the fixture's lines


@pytest.mark.parametrize(("returned", "expected"), [("2025-09-01", []), ("2025-09-02", ["MOB001"])])
def test_away_at_a_fixed_place_for_six_months(repo, returned, expected):
    ma(repo, f"date: {returned}, event: returned")
    assert found(repo) == [(code, MA, line(repo, MA, "event: away")) for code in expected]


def test_still_away_after_six_months_without_a_transfer(repo):
    ma(repo)
    assert found(repo, "2025-09-01") == []
    assert found(repo, "2025-09-02") == [("MOB001", MA, line(repo, MA, "event: away"))]


def test_transferred_out_once_the_stay_grew_long(repo):
    ma(repo, "date: 2025-08-25, event: transferred-out, place: 深圳市某街道党工委")
    assert found(repo) == []


def test_a_stay_grown_long_owes_the_transfer_and_quarterly_reports(repo):
    # planned for six months; still in Shenzhen at the year's end: the transfer is owed since 2 September,
    # and the fourth quarter, begun after the stay passed six months, needed a report
    ma(repo)
    assert found(repo, "2026-01-01") == [("MOB001", MA, line(repo, MA, "event: away")),
                                         ("MOB005", MA, line(repo, MA, "event: away"))]
    [_, report] = repo.check("2026-01-01", select=SELECT, ignore=("NTC005",))
    assert report.facts["quarter_en"] == "2025 Q4"


def test_away_members_who_died_or_left_raise_nothing_more(repo):
    branch(repo)
    repo.member("gu-wen", """\
        name: 顾文
        group: g1
        history:
          - {date: 1975-07-01, event: full}
          - {date: 2025-02-01, event: away, place: 儿子家（昆明）, fixed_place: true, until: 2025-05-31, certificate: letter, reason: 探亲}
          - {date: 2025-04-20, event: deceased}
        """)
    repo.member("xu-li", """\
        name: 徐丽
        group: g2
        history:
          - {date: 2016-07-01, event: full}
          - {date: 2025-01-10, event: transferred-out, place: 某区某街道党工委}
        """)
    for month in range(1, 13):
        repo.write(f"meetings/2025/2025-{month:02d}-15-g1.yaml",
                   f"type: 党小组会\ndate: 2025-{month:02d}-15\ngroup: g1\nattendees: [zhang-jian, wang-wu]\n")
    assert found(repo) == []


# --- 周八 (zhou-ba) stops coming to the monthly meetings of group 1 -----------------------------------------

ZHOU = "members/zhou-ba.yaml"


def group_one(repo, first_missed: int) -> None:
    """Group 1 meets on the 15th of every month of 2025; 周八 comes until ``first_missed`` (a month number)."""
    branch(repo)
    repo.member("zhou-ba", full_member("zhou-ba", "周八", since="2008-07-01"))
    for month in range(1, 13):
        present = "zhang-jian, wang-wu" + (", zhou-ba" if month < first_missed else "")
        repo.write(f"meetings/2025/2025-{month:02d}-15-g1.yaml",
                   f"type: 党小组会\ndate: 2025-{month:02d}-15\ngroup: g1\nchair: wang-wu\nattendees: [{present}]\n")


def test_five_months_without_organizational_life_is_a_warning(repo):
    group_one(repo, first_missed=8)          # August to December
    [finding] = repo.check("2025-12-31", select=SELECT, ignore=("NTC005",))
    assert (finding.code, finding.location.path, finding.severity) == ("LIF001", ZHOU, Severity.WARNING)
    assert finding.facts["months"] == 5


def test_six_months_without_organizational_life_is_a_lapse(repo):
    group_one(repo, first_missed=7)          # July to December
    [finding] = repo.check("2025-12-31", select=SELECT, ignore=("NTC005",))
    assert (finding.code, finding.location.path, finding.severity) == ("LIF001", ZHOU, Severity.ERROR)
    assert finding.facts["months"] == 6 and "自行脱党" in finding.message


def test_the_sixth_month_counts_once_its_meeting_is_missed(repo):
    group_one(repo, first_missed=7)
    assert [f.severity for f in repo.check("2025-12-14", select=SELECT, ignore=("NTC005",))] == [Severity.WARNING]
    assert [f.severity for f in repo.check("2025-12-15", select=SELECT, ignore=("NTC005",))] == [Severity.ERROR]


# --- the democratic review of 2025, held on 2025-12-10 ----------------------------------------------------

REVIEW = "meetings/2025/2025-12-10-review.yaml"
GRADES = {"zhang-jian": "优秀", "wang-wu": "合格", "zhao-liu": "合格", "sun-li": "合格", "ma-lin": "合格"}


def review(repo, *, grades: dict[str, str] = GRADES, attendees: str = EVERYONE) -> None:
    """The branch, 马林 away in Guangdong with a card since October, and the review of 2025-12-10."""
    branch(repo)
    repo.member("ma-lin", """\
        name: 马林
        group: g2
        history:
          - {date: 2011-07-01, event: full}
          - {date: 2025-10-15, event: away, place: 广东, fixed_place: false, certificate: card, reason: 务工, contact: 微信}
        """)
    lines = "".join(f"  - {{member: {member_id}, grade: {grade}, self_assessment: true}}\n"
                    for member_id, grade in grades.items())
    repo.write(REVIEW, f"type: 民主评议党员\ndate: 2025-12-10\nchair: zhang-jian\nrecorder: wang-wu\n"
                       f"upper_representative: 赵刚（街道党工委）\nattendees: {attendees}\nreviews:\n{lines}"
                       "reported: {date: 2025-12-15, to: 中共测试街道工作委员会, note: 评议工作小结及整改措施}\n")


def test_an_away_member_reviewed_in_writing(repo):
    review(repo, grades=GRADES | {"ma-lin": "合格, written: true"})
    assert found(repo) == []


def test_an_away_member_neither_present_nor_writing(repo):
    review(repo)
    assert found(repo) == [("MOB006", REVIEW, line(repo, REVIEW, "member: ma-lin"))]


def test_an_unqualified_grade_without_a_measure(repo):
    review(repo, grades=GRADES | {"ma-lin": "合格, written: true", "sun-li": "不合格"})
    assert found(repo) == [("EVL002", REVIEW, line(repo, REVIEW, "member: sun-li"))]


def test_an_unqualified_grade_with_a_measure(repo):
    review(repo, grades=GRADES | {"ma-lin": "合格, written: true", "sun-li": "不合格, measure: 限期改正"})
    assert found(repo) == []


def test_a_member_left_ungraded(repo):
    grades = dict(GRADES, **{"ma-lin": "合格, written: true"})
    del grades["zhao-liu"]
    review(repo, grades=grades)
    assert found(repo) == [("EVL001", REVIEW, line(repo, REVIEW, "reviews:"))]


# --- history the branch does not answer for: before records_start, or at the previous branch ---------------

def test_an_admission_before_the_records_began_is_history(repo):
    # records from 2025: 何平's admission of 2024 has no meeting or decision here, her conversion has
    branch(repo)
    repo.config("records_start: 2025-01-01\n")
    repo.member("he-ping", """\
        name: 何平
        group: g2
        history:
          - {date: 2024-06-20, event: admitted, introducers: [zhao-liu, sun-li]}
          - {date: 2024-08-01, event: approved, by: 中共测试街道工作委员会}
          - {date: 2025-06-01, event: conversion-applied}
          - {date: 2025-06-20, event: full, meeting: 2025-06-20-assembly}
        """)
    repo.member("lao-li", """\
        name: 老李
        group: g1
        history:
          - {date: 1983-05-10, event: applied}
          - {date: 1984-06-01, event: admitted}
          - {date: 1984-07-20, event: approved, by: 中共某公社委员会}
          - {date: 1985-06-01, event: full}
        """)
    meeting(repo, "2025-06-20", "assembly", attendees="[zhang-jian, wang-wu, zhao-liu, sun-li, he-ping, lao-li]")
    decision(repo, "conv-he-ping", "2025-06-20-assembly", "conversion", "he-ping", "何平转为正式党员",
             "votes: {for: 5}\ndisclosures: [{from: 2025-06-09, to: 2025-06-13, channel: 党务公开栏, approved_by: zhang-jian}]\n"
             "approval: {date: 2025-07-20, by: 中共测试街道工作委员会}\n")
    assert found(repo) == []


def test_probation_begun_before_the_records_is_still_followed(repo):
    branch(repo)
    repo.config("records_start: 2025-01-01\n")
    repo.member("he-ping", """\
        name: 何平
        group: g2
        history:
          - {date: 2024-06-20, event: admitted, introducers: [zhao-liu, sun-li]}
          - {date: 2024-08-01, event: approved, by: 中共测试街道工作委员会}
        """)
    assert found(repo, "2025-07-20") == []
    assert found(repo, "2025-07-21") == [("PRB002", HE, 4)]


TRANSFERRED = """\
name: 刘洋
group: g2
history:
  - {date: 2024-05-10, event: admitted, introducers: [xx, yy]}
  - {date: 2024-06-20, event: approved, by: 中共某县某镇委员会}
  - {date: 2024-09-01, event: transferred-in, status: probationary, place: 某县某村党支部}
"""


@pytest.mark.parametrize(("day", "expected"), [("2025-06-10", []), ("2025-06-11", ["PRB002"])])
def test_a_probationary_member_transferred_in_with_the_earlier_history(repo, day, expected):
    # admitted at the previous branch: its disclosure, introducers and training are not this branch's to check;
    # the conversion is, within a month of the end of probation on 2025-05-10
    branch(repo)
    repo.member("liu-yang", TRANSFERRED + "  - {date: 2025-05-12, event: conversion-applied}\n"
                f"  - {{date: {day}, event: full, meeting: {day}-assembly}}\n")
    meeting(repo, day, "assembly", attendees="[zhang-jian, wang-wu, zhao-liu, sun-li, liu-yang]")
    decision(repo, "conv-liu-yang", f"{day}-assembly", "conversion", "liu-yang", "刘洋转为正式党员",
             "votes: {for: 4}\ndisclosures: [{from: 2025-05-26, to: 2025-05-30, channel: 党务公开栏, approved_by: zhang-jian}]\n"
             "approval: {date: 2025-07-15, by: 中共测试街道工作委员会}\n")
    assert found(repo) == [(code, "members/liu-yang.yaml", 8) for code in expected]


def test_an_admission_event_without_a_meeting_is_matched_to_the_assembly_that_day(repo):
    # no decision file, and the event does not name the meeting: the assembly held that day is the one
    chen(repo, history={", meeting: 2025-10-10-assembly, decision: adm-chen-qi": ""})
    repo.root.joinpath(CHEN_ADM).unlink()
    assert found(repo) == [("NTC003", CHEN, line(repo, CHEN, "event: admitted"))]


def test_no_approval_is_one_finding_not_two(repo):
    # a year after the assembly without approval: DEV007 says so; conversion cannot be discussed (PRB002)
    chen(repo, history={"  - {date: 2025-11-18, event: approved, by: 中共测试街道工作委员会, reference: 测街党工委〔2025〕31号}\n": ""})
    assert found(repo, "2026-11-30") == [("DEV007", CHEN, line(repo, CHEN, "event: admitted"))]


def test_a_deferred_conversion_is_not_a_conversion(repo):
    he(repo, conversion="2025-07-10")
    meeting(repo, "2025-06-13", "assembly", attendees=HE_WITH)
    decision(repo, "conv0-he-ping", "2025-06-13-assembly", "conversion", "he-ping", "何平转正（材料不全，缓议）",
             "status: deferred\n")
    assert found(repo) == []


# --- facts after the as-of date are not facts yet ------------------------------------------------------------

def test_a_lapse_decision_after_the_as_of_date_does_not_excuse(repo):
    group_one(repo, first_missed=7)
    meeting(repo, "2026-01-20", "assembly")
    decision(repo, "lapse-zhou-ba", "2026-01-20-assembly", "lapse", "zhou-ba", "周八按自行脱党处理", "votes: {for: 4}\n")
    assert [f.severity for f in repo.check("2025-12-31", select=SELECT, ignore=("NTC005",))] == [Severity.ERROR]
    assert found(repo, "2026-01-20") == []          # decided by the assembly; the approval is not due yet


def test_a_review_reported_after_the_as_of_date(repo):
    review(repo, grades=GRADES | {"ma-lin": "合格, written: true"})
    text = (repo.root / REVIEW).read_text(encoding="utf-8").replace("2025-12-15", "2026-02-20")
    repo.write(REVIEW, text)
    assert found(repo, "2026-01-09") == []
    assert found(repo, "2026-01-10") == [("EVL001", REVIEW, line(repo, REVIEW, "reported:")),
                                         ("EVL003", REVIEW, line(repo, REVIEW, "reported:"))]
    assert found(repo, "2026-02-20") == []


# --- organizational life: a month with no meeting for the member does not interrupt six months away ----------

def test_six_months_without_organizational_life_across_a_month_without_meetings(repo):
    # group 1 does not meet in February (Spring Festival); 周八 misses January and March to June
    group_one(repo, first_missed=1)
    for month in range(7, 13):
        repo.root.joinpath(f"meetings/2025/2025-{month:02d}-15-g1.yaml").unlink()
    repo.root.joinpath("meetings/2025/2025-02-15-g1.yaml").unlink()
    # February asked nothing of 周八: five missed months, a warning (issue 9.2) …
    [finding] = repo.check("2025-12-31", select=SELECT, ignore=("NTC005",))
    assert (finding.code, finding.severity, finding.facts["months"]) == ("LIF001", Severity.WARNING, 5)
    # … unless the branch reads "连续六个月" as a length of time
    repo.config("rules:\n  LIF001: {count_idle_months: true}\n")
    [finding] = repo.check("2025-12-31", select=SELECT, ignore=("NTC005",))
    assert (finding.code, finding.severity, finding.facts["months"]) == ("LIF001", Severity.ERROR, 6)


# --- quarterly reports are for members long away --------------------------------------------------------

def test_a_short_stay_with_a_letter_needs_no_quarterly_report(repo):
    branch(repo)
    repo.member("ma-lin", """\
        name: 马林
        group: g2
        history:
          - {date: 2011-07-01, event: full}
          - {date: 2025-03-20, event: away, place: 贵阳, fixed_place: true, until: 2025-07-31, certificate: letter, reason: 陪护}
          - {date: 2025-07-25, event: returned}
          - {date: 2025-07-28, event: reported}
        """)
    assert found(repo) == []


def test_a_member_away_with_a_card_reports_every_quarter(repo):
    branch(repo)
    repo.member("ma-lin", """\
        name: 马林
        group: g2
        history:
          - {date: 2011-07-01, event: full}
          - {date: 2025-03-20, event: away, place: 广东, fixed_place: false, certificate: card, reason: 务工, contact: 微信}
          - {date: 2025-05-06, event: reported}
        """)
    assert found(repo) == [("MOB005", MA, 5)]                       # Q3; Q4 is still running on 31 Dec
    assert found(repo, "2026-01-01") == [("MOB005", MA, 5), ("MOB005", MA, 5)]


# --- working days across the Spring Festival of 2026, and a year the calendar does not know -----------------

def converted(repo, *, admitted: str, approved: str, assembly: str, disclosure: str) -> None:
    """The branch from ``records_start: 2026-01-01``; 罗敏 admitted before the records, converted at ``assembly``."""
    branch(repo)
    repo.config("records_start: 2026-01-01\n")
    repo.member("luo-min", f"""\
        name: 罗敏
        group: g1
        history:
          - {{date: {admitted}, event: admitted, introducers: [zhang-jian, wang-wu]}}
          - {{date: {approved}, event: approved, by: 中共测试街道工作委员会}}
          - {{date: {assembly[:4]}-01-05, event: conversion-applied}}
          - {{date: {assembly}, event: full, meeting: {assembly}-assembly}}
        """)
    meeting(repo, assembly, "assembly", attendees="[zhang-jian, wang-wu, zhao-liu, sun-li, luo-min]")
    decision(repo, "conv-luo-min", f"{assembly}-assembly", "conversion", "luo-min", "罗敏转为正式党员",
             f"votes: {{for: 4}}\ndisclosures: [{disclosure}]\n"
             f"approval: {{date: {dt.date.fromisoformat(assembly) + dt.timedelta(days=30)}, by: 中共测试街道工作委员会}}\n")


LUO_CONV = "decisions/2026/conv-luo-min.yaml"
LUO_CONV_2027 = "decisions/2027/conv-luo-min.yaml"


def test_five_working_days_across_the_spring_festival(repo):
    # Thu 12 Feb, Fri 13, Sat 14 (调休), [15–23 off], Tue 24, Wed 25: five working days
    converted(repo, admitted="2025-02-27", approved="2025-04-10", assembly="2026-02-27", disclosure="{from: 2026-02-12, to: 2026-02-25, approved_by: zhang-jian}")
    assert found(repo, "2026-03-31") == []


def test_one_working_day_short_across_the_spring_festival(repo):
    converted(repo, admitted="2025-02-27", approved="2025-04-10", assembly="2026-02-27", disclosure="{from: 2026-02-12, to: 2026-02-24, approved_by: zhang-jian}")
    assert found(repo, "2026-03-31") == [("NTC004", LUO_CONV, line(repo, LUO_CONV, "disclosures"))]


def test_a_year_the_calendar_does_not_know_is_said_so(repo):
    # 罗敏, admitted at her previous branch, transferred in; her conversion disclosure falls in 2027
    branch(repo)
    repo.member("luo-min", """\
        name: 罗敏
        group: g1
        history:
          - {date: 2026-03-01, event: admitted}
          - {date: 2026-04-15, event: approved, by: 中共某县某镇委员会}
          - {date: 2026-06-01, event: transferred-in, status: probationary, place: 某县某村党支部}
          - {date: 2027-02-10, event: conversion-applied}
          - {date: 2027-03-01, event: full, meeting: 2027-03-01-assembly}
        """)
    meeting(repo, "2027-03-01", "assembly", attendees="[zhang-jian, wang-wu, zhao-liu, sun-li, luo-min]")
    decision(repo, "conv-luo-min", "2027-03-01-assembly", "conversion", "luo-min", "罗敏转为正式党员",
             "votes: {for: 4}\ndisclosures: [{from: 2027-02-15, to: 2027-02-19, approved_by: zhang-jian}]\n")
    assert found(repo, "2027-03-31") == [("NTC009", LUO_CONV_2027, line(repo, LUO_CONV_2027, "disclosures"))]
    # the branch declares 2027 (here: 15 and 16 February off): known, and now three working days, too few
    repo.write("calendar.yaml", "years:\n  - {year: 2027, holidays: [2027-02-15, 2027-02-16], workdays: []}\n")
    assert found(repo, "2027-03-31") == [("NTC004", LUO_CONV_2027, line(repo, LUO_CONV_2027, "disclosures"))]


def test_a_full_event_dated_at_the_end_of_probation_joins_the_adopted_conversion(repo):
    # the history says 何平 became a full member on 2025-06-20, the end of her probation; the assembly of
    # 13 June deferred the item, the one of 10 July adopted it
    he(repo, "date: 2025-06-01, event: conversion-applied", "date: 2025-06-20, event: full", conversion=None)
    meeting(repo, "2025-06-13", "assembly", attendees=HE_WITH)
    decision(repo, "conv0-he-ping", "2025-06-13-assembly", "conversion", "he-ping", "何平转正（材料不全，缓议）",
             "status: deferred\n")
    meeting(repo, "2025-07-10", "assembly", attendees=HE_WITH)
    decision(repo, "conv-he-ping", "2025-07-10-assembly", "conversion", "he-ping", "何平转为正式党员",
             "votes: {for: 4}\ndisclosures: [{from: 2025-06-23, to: 2025-06-27, channel: 党务公开栏, approved_by: zhang-jian}]\n"
             "approval: {date: 2025-08-01, by: 中共测试街道工作委员会}\n")
    assert found(repo) == []


# --- all of it at once: a year of a branch whose records are in order --------------------------------------

def test_a_year_in_order_is_clean(repo):
    """陈琪 admitted across National Day, 何平 converted on time, 马林 away six months with a letter and
    back, every group meeting monthly with its members, the review graded and reported: no finding."""
    chen(repo)
    he(repo)
    ma(repo, "date: 2025-09-01, event: returned")
    roll_2024 = "[zhang-jian, wang-wu, zhao-liu, sun-li, ma-lin]"
    meeting(repo, "2024-06-20", "assembly", attendees=roll_2024)
    meeting(repo, "2025-06-20", "assembly", attendees="[zhang-jian, wang-wu, zhao-liu, sun-li, he-ping]",
            extra="absent:\n  - {member: ma-lin, reason: 外出务工（深圳）}\n")
    meeting(repo, "2025-10-10", "assembly", attendees="[zhang-jian, wang-wu, zhao-liu, sun-li, he-ping, ma-lin]")
    for month in range(1, 13):
        day = f"2025-{month:02d}-15"
        g1 = "zhang-jian, wang-wu" + (", chen-qi" if month == 12 else "")
        g2 = "zhao-liu, sun-li, he-ping" + (", ma-lin" if month < 3 or month > 8 else "")
        repo.write(f"meetings/2025/{day}-g1.yaml", f"type: 党小组会\ndate: {day}\ngroup: g1\nattendees: [{g1}]\n")
        repo.write(f"meetings/2025/{day}-g2.yaml", f"type: 党小组会\ndate: {day}\ngroup: g2\nattendees: [{g2}]\n")
    repo.write("meetings/2025/2025-12-10-review.yaml", """\
        type: 民主评议党员
        date: 2025-12-10
        chair: zhang-jian
        recorder: wang-wu
        attendees: [zhang-jian, wang-wu, zhao-liu, sun-li, he-ping, ma-lin, chen-qi]
        upper_representative: 赵刚（街道党工委）
        reviews:
          - {member: zhang-jian, grade: 优秀, self_assessment: true}
          - {member: wang-wu, grade: 合格, self_assessment: true}
          - {member: zhao-liu, grade: 合格, self_assessment: true}
          - {member: sun-li, grade: 基本合格, self_assessment: true}
          - {member: he-ping, grade: 合格, self_assessment: true}
          - {member: ma-lin, grade: 合格, self_assessment: true}
          - {member: chen-qi, grade: 合格, self_assessment: true}
        reported: {date: 2025-12-16, to: 中共测试街道工作委员会, note: 评议工作小结及整改措施}
        """)
    assert found(repo) == []
    assert repo.codes("2025-12-31", select=("REF", "SCH")) == []


# --- the Guizhou profile: training days (local rules) ----------------------------------------------------------

def test_training_days_in_the_guizhou_profile(repo):
    """2024 is judged from 2025 on: 孙丽 had 5 days of collective education (6 required); 张建, the secretary,
    7 days of community-worker training; 马林, away in 2024, studied where she was (not counted)."""
    branch(repo)
    repo.config("extends: guizhou-community\nrecords_start: 2024-01-01\n")
    days = {"zhang-jian": 6, "wang-wu": 6.5, "zhao-liu": 6, "sun-li": 5}
    for member_id, total in days.items():
        text = (repo.root / f"members/{member_id}.yaml").read_text(encoding="utf-8")
        text += ("training:\n"
                 f"  - {{date: 2024-04-08, kind: collective, days: 3, title: 党员春训}}\n"
                 f"  - {{date: 2024-11-18, kind: collective, days: {total - 3}, title: 党员冬训}}\n")
        if member_id == "zhang-jian":
            text += "  - {date: 2024-06-03, kind: community-worker, days: 7, title: 社区工作者培训班}\n"
        repo.member(member_id, text)
    repo.member("ma-lin", """\
        name: 马林
        group: g2
        history:
          - {date: 2011-07-01, event: full}
          - {date: 2024-03-01, event: away, place: 深圳, fixed_place: true, until: 2024-08-31, certificate: letter}
          - {date: 2024-08-28, event: returned}
          - {date: 2024-09-02, event: reported}
        """)
    assert found(repo, "2024-12-31") == []
    assert found(repo, "2025-01-01") == [("TRN001", "members/sun-li.yaml", line(repo, "members/sun-li.yaml", "training:"))]


def test_a_single_probationary_sponsor_is_one_finding(repo):
    chen(repo, history={"sponsors: [wang-wu, zhao-liu]": "sponsors: [liu-yang]"})
    repo.member("liu-yang", "name: 刘洋\ngroup: g2\nhistory:\n"
                            "  - {date: 2023-11-01, event: transferred-in, status: probationary}\n")
    meeting(repo, "2025-10-10", "assembly", attendees="[zhang-jian, wang-wu, zhao-liu, sun-li, liu-yang]")
    assert found(repo) == [("DEV002", CHEN, line(repo, CHEN, "sponsors"))]


def test_stays_away_over_before_the_records_began_are_history(repo):
    # records from 2025: 马林's stay of 2023 (no letter recorded, no reports) is over; her card stay since
    # 2024 goes on, and what falls due from 2025 is judged: a report for each quarter of 2025
    branch(repo)
    repo.config("records_start: 2025-01-01\nrules: {MOB007: {enabled: true}}\n")
    repo.member("ma-lin", """\
        name: 马林
        group: g2
        history:
          - {date: 2011-07-01, event: full}
          - {date: 2023-02-01, event: away, place: 深圳, fixed_place: true, until: 2023-12-31}
          - {date: 2023-12-20, event: returned}
          - {date: 2024-03-01, event: away, place: 广东, fixed_place: false, certificate: card, reason: 务工, contact: 微信}
          - {date: 2025-02-20, event: card-audited}
          - {date: 2025-04-10, event: reported, written: true}
          - {date: 2025-08-05, event: reported, written: true}
          - {date: 2025-11-12, event: reported}
        """)
    assert found(repo, "2026-01-01") == [("MOB005", MA, line(repo, MA, "广东"))]     # Q1 2025 only
    assert repo.check("2026-01-01", select=SELECT, ignore=("NTC005",))[0].facts["quarter_en"] == "2025 Q1"
