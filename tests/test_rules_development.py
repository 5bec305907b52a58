"""DEV and PRB: the development pipeline and probation, with rule versions.

One candidate, 李四 (li-si), goes through the whole pipeline cleanly in :func:`develop`; each test
changes one fact and expects exactly the finding the rulebook implies. Her history starts on line 4
of ``members/li-si.yaml``, one event per line in the order of :data:`EVENTS`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from conftest import full_member
from zhidu_cli.model.pipeline import (PROBATION_YEARS, Deadlines, Step, development, next_step, probation_end,
                                      steps)
from zhidu_cli.rules.development import REPORTED_REVISION, approves_itself
from zhidu_cli.rules.engine import Context, RuleSetting, Version
from zhidu_cli.rules.registry import by_code

# the development rules and the disclosure notices (NTC003/NTC004/NTC009/NTC011); these branches keep no
# dues ledger, which NTC005 would report once (tests/test_rules_dues.py)
DEV = ("DEV", "PRB", "NTC003", "NTC004", "NTC009", "NTC011")
LI = "members/li-si.yaml"

EVENTS = {
    "applied": "{date: 2023-03-01, event: applied}",
    "talked": "{date: 2023-03-20, event: talked, by: wang-wu}",
    "activist": "{date: 2023-05-10, event: activist, sponsors: [wang-wu, zhao-liu]}",
    "assessed1": "{date: 2023-11-08, event: assessed, by: wang-wu}",
    "assessed2": "{date: 2024-05-06, event: assessed, by: wang-wu}",
    "target": "{date: 2024-05-20, event: development-target, meeting: 2024-05-20-committee}",
    "trained": "{date: 2024-06-10, event: trained, days: 3}",
    "admitted": "{date: 2024-07-10, event: admitted, introducers: [wang-wu, zhao-liu], meeting: 2024-07-10-assembly}",
    "approved": "{date: 2024-08-20, event: approved, by: 中共测试街道工作委员会, reference: 测街党工委〔2024〕12号}",
    "applied-full": "{date: 2025-06-20, event: conversion-applied}",
    "full": "{date: 2025-07-15, event: full, meeting: 2025-07-15-assembly}",
}


def line(key: str, **changes) -> int:
    """The line of event ``key`` in li-si's file, given which events are present."""
    present = [k for k in EVENTS if changes.get(k, EVENTS[k]) is not None]
    return 4 + present.index(key)


def develop(repo, *, upto: str | None = None, admission: str = "", conversion: str = "", **events) -> None:
    """Write the branch: three full members, the committee and two assemblies, and li-si's history.

    ``events`` replaces an event's YAML (``None`` drops it); ``upto`` stops the history after that event.
    ``admission`` / ``conversion`` add lines to those decisions.
    """
    repo.member("wang-wu", full_member("wang-wu", "王五", since="1998-07-01",
                                       roles="  - {role: secretary, from: 2020-01-01}\n"))
    repo.member("zhao-liu", full_member("zhao-liu", "赵六", since="2005-07-01"))
    history = []
    for key, text in EVENTS.items():
        text = events.get(key, text)
        if text is not None:
            history.append(f"  - {text}")
        if key == upto:
            break
    repo.member("li-si", "name: 李四\ngroup: g1\nhistory:\n" + "\n".join(history) + "\n")
    for day, kind in (("2024-05-20", "支委会"), ("2024-07-10", "支部党员大会"), ("2025-07-15", "支部党员大会")):
        slug = "committee" if kind == "支委会" else "assembly"
        repo.write(f"meetings/{day[:4]}/{day}-{slug}.yaml",
                   f"type: {kind}\ndate: {day}\nattendees: [wang-wu, zhao-liu]\n")
    repo.write("decisions/2024/tgt-li-si.yaml", """\
        meeting: 2024-05-20-committee
        title: 确定李四为发展对象
        kind: development-target
        subject: li-si
        """)
    repo.write("decisions/2024/adm-li-si.yaml", """\
        meeting: 2024-07-10-assembly
        title: 接收李四为预备党员
        kind: admission
        subject: li-si
        disclosures: [{from: 2024-06-24, to: 2024-06-28, channel: 党务公开栏, approved_by: wang-wu}]
        """ + admission)
    repo.write("decisions/2025/conv-li-si.yaml", """\
        meeting: 2025-07-15-assembly
        title: 李四转为正式党员
        kind: conversion
        subject: li-si
        disclosures: [{from: 2025-07-01, to: 2025-07-07, channel: 党务公开栏, approved_by: wang-wu}]
        approval: {date: 2025-08-20, by: 中共测试街道工作委员会}
        """ + conversion)


def codes(repo, as_of: str = "2025-12-31", select=DEV):
    return repo.codes(as_of, select=select)


def test_the_whole_pipeline_is_clean(repo):
    develop(repo)
    assert codes(repo) == []
    assert codes(repo, select=("REF", "SCH")) == []   # and the fixture itself holds together


# --- DEV001 talk within a month -------------------------------------------------------------------

@pytest.mark.parametrize(("talked", "expected"), [
    ("2023-04-01", []),                               # exactly one month: still in time
    ("2023-04-02", [("DEV001", LI, 5)]),
])
def test_talk_within_one_month(repo, talked, expected):
    develop(repo, talked=f"{{date: {talked}, event: talked, by: wang-wu}}")
    assert codes(repo, select=("DEV001",)) == expected


def test_talk_missing_only_after_the_month_has_passed(repo):
    develop(repo, upto="applied")
    assert codes(repo, "2023-04-01", select=("DEV001",)) == []
    assert codes(repo, "2023-04-02", select=("DEV001",)) == [("DEV001", LI, 4)]


# --- DEV002 sponsors ------------------------------------------------------------------------------

def test_one_sponsor_is_too_few(repo):
    develop(repo, activist="{date: 2023-05-10, event: activist, sponsors: [wang-wu]}")
    findings = repo.check("2025-12-31", select=("DEV002",))
    assert [(f.code, f.location.line) for f in findings] == [("DEV002", 6)]
    assert findings[0].facts["count"] == 1 and findings[0].facts["member"] == "li-si"


@pytest.mark.parametrize(("since", "expected"), [("2023-05-10", []), ("2023-05-11", [("DEV002", LI, 6)])])
def test_sponsor_must_be_full_on_the_day(repo, since, expected):
    develop(repo, activist="{date: 2023-05-10, event: activist, sponsors: [wang-wu, sun-ba]}")
    repo.member("sun-ba", f"name: 孙八\nhistory:\n  - {{date: 2022-01-01, event: approved}}\n"
                          f"  - {{date: {since}, event: full}}\n")
    assert codes(repo, select=("DEV002",)) == expected


# --- DEV003 one year as an activist -----------------------------------------------------------------

@pytest.mark.parametrize(("target", "expected"), [("2024-05-10", []), ("2024-05-09", [("DEV003", LI, 9)])])
def test_one_year_of_training_before_development_target(repo, target, expected):
    develop(repo, target=f"{{date: {target}, event: development-target}}",
            assessed2="{date: 2024-05-01, event: assessed}")
    assert codes(repo, select=("DEV003",)) == expected


def test_development_target_without_activist_record(repo):
    develop(repo, activist=None, assessed1=None, assessed2=None)
    assert codes(repo, select=("DEV003",)) == [("DEV003", LI, 6)]


# --- DEV004 concentrated training ------------------------------------------------------------------

@pytest.mark.parametrize(("trained", "expected"), [
    ("days: 3", []),
    ("days: 2.5", [("DEV004", LI, 10)]),
    ("hours: 24", []),
    ("hours: 23", [("DEV004", LI, 10)]),
    ("days: 2, hours: 24", []),
])
def test_three_days_or_twenty_four_hours(repo, trained, expected):
    develop(repo, trained=f"{{date: 2024-06-10, event: trained, {trained}}}")
    assert codes(repo, select=("DEV004",)) == expected


def test_training_sessions_add_up(repo):
    develop(repo, trained="{date: 2024-06-10, event: trained, days: 1.5}")
    repo.member("li-si", repo.root.joinpath(LI).read_text(encoding="utf-8").replace(
        "  - {date: 2024-07-10", "  - {date: 2024-06-20, event: trained, days: 1.5}\n  - {date: 2024-07-10"))
    assert codes(repo, select=("DEV004",)) == []


def test_no_training_before_admission(repo):
    develop(repo, trained=None)
    findings = repo.check("2025-12-31", select=("DEV004",))
    assert [(f.code, f.location.line) for f in findings] == [("DEV004", 10)]
    assert "没有集中培训记录" in findings[0].message


# --- DEV005 introducers ----------------------------------------------------------------------------

def test_one_introducer_is_too_few(repo):
    develop(repo, admitted="{date: 2024-07-10, event: admitted, introducers: [wang-wu], meeting: 2024-07-10-assembly}")
    assert codes(repo, select=("DEV005",)) == [("DEV005", LI, 11)]


def test_probationary_introducer(repo):
    develop(repo, admitted="{date: 2024-07-10, event: admitted, introducers: [wang-wu, sun-ba], "
                           "meeting: 2024-07-10-assembly}")
    repo.member("sun-ba", "name: 孙八\nhistory:\n  - {date: 2024-01-05, event: approved}\n")
    findings = repo.check("2025-12-31", select=("DEV005",))
    assert [(f.code, f.location.line) for f in findings] == [("DEV005", 11)]
    assert findings[0].message == "李四（li-si）的入党介绍人 孙八（sun-ba） 在 2024-07-10 不是正式党员"


def test_admission_only_as_a_decision_cannot_show_introducers(repo):
    develop(repo, upto="trained")
    assert codes(repo, select=("DEV005",)) == [("DEV005", "decisions/2024/adm-li-si.yaml", 1)]


# --- DEV006 order -----------------------------------------------------------------------------------

def test_no_committee_discussion(repo):
    develop(repo, target="{date: 2024-05-20, event: development-target}")
    repo.root.joinpath("decisions/2024/tgt-li-si.yaml").unlink()
    assert codes(repo, select=("DEV006",)) == [("DEV006", LI, 11)]


def test_a_development_target_event_at_a_committee_meeting_is_a_committee_discussion(repo):
    develop(repo)       # the target event names 2024-05-20-committee
    repo.root.joinpath("decisions/2024/tgt-li-si.yaml").unlink()
    assert codes(repo, select=("DEV006",)) == []


def test_disclosure_before_the_committee_discussed(repo):
    develop(repo, target="{date: 2024-06-25, event: development-target}")
    repo.write("decisions/2024/tgt-li-si.yaml", """\
        meeting: 2024-06-25-committee
        title: 确定李四为发展对象
        kind: development-target
        subject: li-si
        """)
    repo.write("meetings/2024/2024-06-25-committee.yaml", "type: 支委会\ndate: 2024-06-25\nattendees: [wang-wu]\n")
    findings = repo.check("2025-12-31", select=("DEV006",))
    assert [(f.code, f.location.path, f.location.line) for f in findings] == [
        ("DEV006", "decisions/2024/adm-li-si.yaml", 5)]
    assert findings[0].related[0].path == "decisions/2024/tgt-li-si.yaml"


@pytest.mark.parametrize("by", ["中共测试社区支部委员会", "测试社区党支部", "支部党员大会"])
def test_a_branch_never_approves_itself(repo, by):
    develop(repo, approved=f"{{date: 2024-08-20, event: approved, by: {by}}}")
    assert codes(repo, select=("DEV006",)) == [("DEV006", LI, 12)]


def test_self_approval_on_the_decision(repo):
    develop(repo, approved=None, admission="approval: {date: 2024-08-20, by: 中共测试社区支部委员会}\n")
    assert codes(repo, select=("DEV006",)) == [("DEV006", "decisions/2024/adm-li-si.yaml", 6)]


def test_approval_before_the_assembly(repo):
    develop(repo, approved="{date: 2024-07-09, event: approved, by: 中共测试街道工作委员会}",
            admitted="{date: 2024-07-10, event: admitted, introducers: [wang-wu, zhao-liu], "
                     "meeting: 2024-07-10-assembly}")
    lines = repo.root.joinpath(LI).read_text(encoding="utf-8").splitlines()
    lines[10], lines[11] = lines[11], lines[10]     # keep the history in date order
    repo.member("li-si", "\n".join(lines) + "\n")
    assert codes(repo, select=("DEV006",)) == [("DEV006", LI, 11)]


def test_admission_not_at_a_general_assembly(repo):
    develop(repo, admitted="{date: 2024-07-10, event: admitted, introducers: [wang-wu, zhao-liu], "
                           "meeting: 2024-05-20-committee}")
    repo.root.joinpath("decisions/2024/adm-li-si.yaml").unlink()
    assert ("DEV006", LI, 11) in codes(repo, select=("DEV006",))


def test_approves_itself():
    class Branch:
        name, short_name = "中共幸福里社区支部委员会", "幸福里社区党支部"
    assert approves_itself("幸福里社区党支部", Branch)
    assert approves_itself("XX社区党总支部", Branch)
    assert not approves_itself("中共XX街道工作委员会", Branch)
    assert not approves_itself("中共XX镇委员会", Branch)
    assert not approves_itself(None, Branch)


# --- DEV007 approval within three months ------------------------------------------------------------

@pytest.mark.parametrize(("approved", "expected"), [("2024-10-10", []), ("2024-10-11", [("DEV007", LI, 12)])])
def test_approval_within_three_months(repo, approved, expected):
    develop(repo, approved=f"{{date: {approved}, event: approved, by: 中共测试街道工作委员会}}")
    assert codes(repo, select=("DEV007",)) == expected


def test_approval_missing_only_after_three_months(repo):
    develop(repo, upto="admitted")
    assert codes(repo, "2024-10-10", select=("DEV007",)) == []
    assert codes(repo, "2024-10-11", select=("DEV007",)) == [("DEV007", LI, 11)]


@pytest.mark.parametrize(("approved", "expected"), [("2025-01-10", []), ("2025-01-11", [("DEV007", LI, 12)])])
def test_special_case_allows_six_months(repo, approved, expected):
    develop(repo, approved=f"{{date: {approved}, event: approved, by: 中共测试街道工作委员会}}",
            admission="approval_extended: true\n")
    assert codes(repo, select=("DEV007",)) == expected


def test_approval_months_from_zhidu_yaml(repo):
    develop(repo, approved="{date: 2024-11-10, event: approved, by: 中共测试街道工作委员会}")
    assert [c for c, _, _ in codes(repo, select=("DEV007",))] == ["DEV007"]
    repo.config("rules: {DEV007: {months: 4}}\n")
    assert codes(repo, select=("DEV007",)) == []


# --- DEV008 yearly plan (a local rule, off by default) ------------------------------------------------

def test_yearly_plan_is_off_by_default(repo):
    develop(repo)
    assert codes(repo, "2026-01-01", select=("DEV008",)) == []


def test_yearly_plan_counts_finished_years_only(repo):
    develop(repo)
    repo.write("zhidu.yaml", repo.root.joinpath("zhidu.yaml").read_text(encoding="utf-8")
               + "records_start: 2024-01-01\nrules: {DEV008: {enabled: true, activists: 1}}\n")
    # 2024: li-si admitted and an activist until May → meets 1 and 1. 2025: nobody admitted.
    assert codes(repo, "2025-12-31", select=("DEV008",)) == []
    findings = repo.check("2026-01-01", select=("DEV008",))
    assert [(f.code, f.location.path, f.facts["year"]) for f in findings] == [("DEV008", "zhidu.yaml", 2025)]
    assert findings[0].severity.label == "info"


# --- DEV009 assessed every half-year -----------------------------------------------------------------

@pytest.mark.parametrize(("assessed", "expected"), [("2023-11-10", []), ("2023-11-11", [("DEV009", LI, 7)])])
def test_assessment_every_six_months(repo, assessed, expected):
    develop(repo, assessed1=f"{{date: {assessed}, event: assessed}}")
    assert codes(repo, select=("DEV009",)) == expected


def test_assessment_missing_only_once_due(repo):
    develop(repo, upto="activist")
    assert codes(repo, "2023-11-10", select=("DEV009",)) == []
    assert codes(repo, "2023-11-11", select=("DEV009",)) == [("DEV009", LI, 6)]


def test_the_activist_phase_ending_without_a_due_assessment(repo):
    develop(repo, assessed2=None)
    # last assessment 2023-11-08, due again by 2024-05-08, development target only on 2024-05-20
    assert codes(repo, select=("DEV009",)) == [("DEV009", LI, 7)]


# --- PRB001 one year of probation ---------------------------------------------------------------------

def convert_on(repo, day: str) -> None:
    """Move the conversion assembly (meeting, decision and ``full`` event) to ``day``."""
    develop(repo, full=f"{{date: {day}, event: full, meeting: {day}-assembly}}")
    repo.root.joinpath("meetings/2025/2025-07-15-assembly.yaml").unlink()
    repo.write(f"meetings/2025/{day}-assembly.yaml", f"type: 支部党员大会\ndate: {day}\nattendees: [wang-wu]\n")
    repo.write("decisions/2025/conv-li-si.yaml", f"""\
        meeting: {day}-assembly
        title: 李四转为正式党员
        kind: conversion
        subject: li-si
        disclosures: [{{from: 2025-06-30, to: 2025-07-04}}]
        """)


@pytest.mark.parametrize(("day", "expected"), [("2025-07-10", []), ("2025-07-09", [("PRB001", LI, line("full"))])])
def test_conversion_not_before_probation_ends(repo, day, expected):
    convert_on(repo, day)
    assert codes(repo, select=("PRB001",)) == expected


def test_probation_counts_from_the_assembly_plus_extensions():
    assert probation_end(dt.date(2024, 7, 10)) == dt.date(2025, 7, 10)
    assert probation_end(dt.date(2024, 2, 29), PROBATION_YEARS, (6,)) == dt.date(2025, 8, 28)


def test_full_event_dated_at_the_end_of_probation_joins_the_later_assembly(repo):
    develop(repo, full="{date: 2025-07-10, event: full}")
    assert codes(repo) == []
    dev = development(repo.workspace().records, "li-si", dt.date(2025, 12, 31))
    assert (dev.conversion.date, dev.conversion.decision.id) == (dt.date(2025, 7, 15), "conv-li-si")


# --- PRB002 conversion discussed within a month ---------------------------------------------------------

@pytest.mark.parametrize(("day", "expected"), [("2025-08-10", []), ("2025-08-11", [("PRB002", LI, line("full"))])])
def test_conversion_discussed_within_a_month(repo, day, expected):
    develop(repo, full=f"{{date: {day}, event: full}}", conversion="")
    repo.root.joinpath("decisions/2025/conv-li-si.yaml").unlink()
    assert codes(repo, select=("PRB002",)) == expected


def test_conversion_not_discussed_only_once_the_month_is_over(repo):
    develop(repo, upto="approved")
    repo.root.joinpath("decisions/2025/conv-li-si.yaml").unlink()
    assert codes(repo, "2025-08-10", select=("PRB002",)) == []
    assert codes(repo, "2025-08-11", select=("PRB002",)) == [("PRB002", LI, 11)]


def test_an_extension_moves_the_end(repo):
    develop(repo, upto="approved")
    repo.root.joinpath("decisions/2025/conv-li-si.yaml").unlink()
    with_extension = repo.root.joinpath(LI).read_text(encoding="utf-8") + \
        "  - {date: 2025-07-15, event: extended, months: 6, meeting: 2025-07-15-assembly}\n"
    repo.member("li-si", with_extension)
    # probation now ends 2026-01-10; conversion due by 2026-02-10
    assert codes(repo, "2026-02-10", select=("PRB",)) == []
    assert codes(repo, "2026-02-11", select=("PRB",)) == [("PRB002", LI, 11)]


def test_an_extension_without_months_does_not_hide_other_members(repo):
    develop(repo, upto="approved")
    repo.root.joinpath("decisions/2025/conv-li-si.yaml").unlink()
    repo.member("an-jiu", repo.root.joinpath(LI).read_text(encoding="utf-8").replace("李四", "周九")
                + "  - {date: 2025-07-15, event: extended}\n")
    findings = repo.check("2025-12-31", select=("PRB002",))
    assert [(f.code, f.location.path, f.location.line) for f in findings] == [("PRB002", LI, 11)]


# --- PRB003 extension bounds ---------------------------------------------------------------------------

@pytest.mark.parametrize(("months", "expected"), [
    (5, [("PRB003", LI, 13)]), (6, []), (12, []), (13, [("PRB003", LI, 13)])])
def test_extension_six_to_twelve_months(repo, months, expected):
    develop(repo, upto="approved")
    repo.member("li-si", repo.root.joinpath(LI).read_text(encoding="utf-8")
                + f"  - {{date: 2025-07-15, event: extended, months: {months}}}\n")
    assert codes(repo, "2025-12-31", select=("PRB003",)) == expected


def test_extension_only_once_and_with_months(repo):
    develop(repo, upto="approved")
    repo.member("li-si", repo.root.joinpath(LI).read_text(encoding="utf-8")
                + "  - {date: 2025-07-15, event: extended, months: 6}\n  - {date: 2026-01-12, event: extended}\n")
    findings = repo.check("2026-03-01", select=("PRB003",))
    assert [(f.code, f.location.line) for f in findings] == [("PRB003", 14), ("PRB003", 14)]
    assert sorted(f.message for f in findings) == [
        "李四（li-si）延长预备期（2026-01-12）未写明月数",
        "李四（li-si）的预备期在 2026-01-12 再次延长（首次 2025-07-15）；只能延长一次",
    ]


# --- rule versions ---------------------------------------------------------------------------------

def _run(rule, ws, as_of: str):
    context = Context(rule, ws.records, dt.date.fromisoformat(as_of), RuleSetting(), settings=ws.settings,
                      calendar=ws.calendar, memo={})
    return [(p.code, p.location.path, p.location.line) for p in rule.check(context)]


def test_built_in_versions_keep_the_2014_values_until_the_revision_is_confirmed():
    for code in ("DEV001", "DEV003", "DEV004", "DEV007", "DEV009", "PRB002", "PRB003"):
        rule = by_code()[code]
        assert [v.start for v in rule.versions] == [None, REPORTED_REVISION]
        for version in rule.versions:
            assert version.note
            assert all(version.params[p.name] == p.default for p in rule.params)


def test_a_record_is_checked_against_the_version_in_force_on_its_date(repo):
    """A test-only revision of DEV003 asking two years: 2024 targets keep one year, 2026 ones need two."""
    revised = dataclasses.replace(by_code()["DEV003"], versions=(
        Version(None, REPORTED_REVISION, {"years": 1}), Version(REPORTED_REVISION, None, {"years": 2})))
    repo.member("wang-wu", full_member("wang-wu", "王五"))
    for member_id, activist, target in (("before", "2025-04-20", "2026-04-30"), ("after", "2025-05-01", "2026-05-01")):
        repo.member(member_id, f"name: 某某\nhistory:\n  - {{date: {activist}, event: activist}}\n"
                               f"  - {{date: {target}, event: development-target}}\n")
    ws = repo.workspace()
    # "before": one year and ten days under the 2014 version → fine. "after": one year under the revision → short.
    assert _run(revised, ws, "2026-12-31") == [("DEV003", "members/after.yaml", 4)]
    assert _run(by_code()["DEV003"], ws, "2026-12-31") == []


def test_zhidu_yaml_overrides_every_version(repo):
    develop(repo, target="{date: 2024-05-20, event: development-target}")
    repo.config("rules: {DEV003: {years: 2}}\n")
    assert codes(repo, select=("DEV003",)) == [("DEV003", LI, 9)]


def test_a_rule_applies_only_within_its_effective_range(repo):
    develop(repo, talked="{date: 2023-04-02, event: talked}")
    ws = repo.workspace()
    rule = by_code()["DEV001"]
    assert _run(rule, ws, "2025-12-31") == [("DEV001", LI, 5)]
    assert _run(dataclasses.replace(rule, effective_from=dt.date(2023, 3, 2)), ws, "2025-12-31") == []
    assert _run(dataclasses.replace(rule, effective_to=dt.date(2023, 3, 2)), ws, "2025-12-31") == [("DEV001", LI, 5)]


# --- the pipeline ------------------------------------------------------------------------------------

def test_pipeline_facts(repo):
    develop(repo)
    ws = repo.workspace()
    dev = development(ws.records, "li-si", dt.date(2025, 12, 31))
    assert dev.admission.date == dt.date(2024, 7, 10) and dev.admission.decision.id == "adm-li-si"
    # the committee's decision and the history event naming the committee meeting
    assert [(m.date, m.location.path) for m in dev.admission.committee] == [
        (dt.date(2024, 5, 20), "decisions/2024/tgt-li-si.yaml"), (dt.date(2024, 5, 20), LI)]
    assert dev.approval.date == dt.date(2024, 8, 20)
    assert dev.conversion.date == dt.date(2025, 7, 15) and dev.conversion.decision.id == "conv-li-si"
    assert [e.days for e in dev.trainings] == [3]
    # as of a day before the admission, the later facts do not exist yet
    early = development(ws.records, "li-si", dt.date(2024, 7, 9))
    assert early.admission is None and early.target.date == dt.date(2024, 5, 20)


def test_pipeline_steps_and_next_deadline(repo):
    develop(repo, upto="admitted")
    ws = repo.workspace()
    as_of = dt.date(2024, 9, 15)
    pipeline = steps(development(ws.records, "li-si", as_of), Deadlines(working_days=7), ws.calendar, as_of)
    by_key = {s.key: s for s in pipeline}
    assert [s.key for s in pipeline] == ["applied", "talked", "activist", "development-target", "trained",
                                         "disclosure", "assembly", "approval", "probation-end",
                                         "conversion-applied", "conversion", "conversion-approval"]
    assert by_key["talked"].due == dt.date(2023, 4, 1)
    assert by_key["development-target"].not_before == dt.date(2024, 5, 10)
    assert (by_key["disclosure"].date, by_key["disclosure"].end) == (dt.date(2024, 6, 24), dt.date(2024, 6, 28))
    # seven working days from Mon 24 June end on Tue 2 July: the assembly may meet from the 3rd
    assert by_key["assembly"].not_before == dt.date(2024, 7, 3)
    assert by_key["probation-end"] == Step("probation-end", None, due=dt.date(2025, 7, 10), rule="PRB001")
    assert next_step(pipeline) == by_key["approval"] and by_key["approval"].due == dt.date(2024, 10, 10)


def test_after_the_conversion_the_pipeline_waits_for_its_approval(repo):
    """PRB005 and PRB004 in ``zhidu member``: the application dated, then the approval due 3 months on."""
    develop(repo)
    (repo.root / "decisions/2025/conv-li-si.yaml").write_text(
        (repo.root / "decisions/2025/conv-li-si.yaml").read_text(encoding="utf-8").replace(
            "approval: {date: 2025-08-20, by: 中共测试街道工作委员会}\n", ""), encoding="utf-8")
    ws = repo.workspace()
    as_of = dt.date(2025, 8, 1)
    pipeline = steps(development(ws.records, "li-si", as_of), Deadlines(), ws.calendar, as_of)
    by_key = {s.key: s for s in pipeline}
    assert by_key["conversion-applied"].date == dt.date(2025, 6, 20)
    assert next_step(pipeline) == by_key["conversion-approval"]
    assert (by_key["conversion-approval"].date, by_key["conversion-approval"].due) == (None, dt.date(2025, 10, 15))


# --- catalogue --------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", [f"DEV00{i}" for i in range(1, 10)] + [f"PRB00{i}" for i in range(1, 6)])
def test_rules_are_cited_and_speak_both_languages(code):
    rule = by_code()[code]
    assert rule.citation and rule.examples
    for message in rule.messages.values():
        assert message.zh and message.en
    assert all(p.doc_zh and p.doc_en for p in rule.params)


def test_findings_name_the_member(repo):
    develop(repo, talked="{date: 2023-04-02, event: talked}")
    finding = repo.check("2025-12-31", select=("DEV001",), lang="en")[0]
    assert finding.facts["member"] == "li-si"
    assert finding.message == ("李四 (li-si) applied on 2023-03-01 but was only talked with on 2023-04-02, after "
                               "1 month(s) (2023-04-01)")
