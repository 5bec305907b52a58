"""The second reading of the seeds (issue 9): the rules first left out (RULEBOOK §8a), the corrected
defaults, and the records that say what happened — each at its boundaries, on both sides.

Branches are written inline; ``full_member`` (conftest) gives a full member since 2000. Expected codes and
locations stand next to the records.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import full_member, remit_quarters
from zhidu_cli.diagnostics.finding import Severity

SECRETARY = "  - {role: secretary, from: 2020-01-01}\n"


def roll(repo, count: int = 12, *, group: str = "g1") -> list[str]:
    """``count`` full members m01… (m01 the secretary, m02–m05 committee members)."""
    ids = [f"m{i:02d}" for i in range(1, count + 1)]
    for i, member_id in enumerate(ids, 1):
        roles = SECRETARY if i == 1 else ("  - {role: committee-member, from: 2020-01-01}\n" if i <= 5 else "")
        repo.member(member_id, full_member(member_id, f"党员{i}", group=group, roles=roles))
    return ids


def assembly(repo, day: str, present: list[str], slug: str = "ga") -> str:
    repo.write(f"meetings/{day[:4]}/{day}-{slug}.yaml",
               f"type: 支部党员大会\ndate: {day}\nattendees: [{', '.join(present)}]\n")
    return f"{day}-{slug}"


def decision(repo, decision_id: str, meeting: str, extra: str) -> str:
    path = f"decisions/{meeting[:4]}/{decision_id}.yaml"
    repo.write(path, f"meeting: {meeting}\ntitle: 事项{decision_id}\n{extra}")
    return path


def codes(repo, as_of: str, *select: str):
    return repo.codes(as_of, select=select)


# --- QRM006 / VOT006: "半数以上" includes half ---------------------------------------------------------

@pytest.mark.parametrize(("present", "wording", "found"), [
    (3, None, False), (2, None, True),                           # at least half by default: 3 of 6 passes
    (3, "more-than-half", True), (4, "more-than-half", False),   # the stricter reading is a parameter
])
def test_upper_committee_quorum_at_least_half(repo, present, wording, found):
    rules = "rules:\n  QRM006: {enabled: true" + (f", wording: {wording}" if wording else "") + "}\n"
    repo.config(rules)
    roll(repo, 6)
    repo.write("meetings/2025/2025-04-02-zwh.yaml", "type: 支委会\ndate: 2025-04-02\n"
               "expected: [m01, m02, m03, m04, m05, m06]\n"
               f"attendees: [{', '.join(f'm{i:02d}' for i in range(1, present + 1))}]\n")
    assert bool(codes(repo, "2025-12-31", "QRM006")) is found


# --- VOT008: an adopted decision under a majority rule shows its tally --------------------------------

def test_an_adopted_item_without_a_tally_is_vot008_once(repo):
    ids = roll(repo)
    meeting = assembly(repo, "2025-06-20", ids[:9])
    path = decision(repo, "adm", meeting, "kind: admission\nsubject: m12\n")
    assert codes(repo, "2025-12-31", "VOT") == [("VOT008", path, 1)]     # once: VOT001 says nothing more
    [finding] = repo.check("2025-12-31", select=("VOT008",))
    assert finding.severity is Severity.WARNING and "VOT001" in finding.message


def test_a_rejected_item_or_a_roll_of_ballots_needs_no_vot008(repo):
    ids = roll(repo)
    meeting = assembly(repo, "2025-06-20", ids[:9])
    decision(repo, "rej", meeting, "kind: admission\nsubject: m12\nstatus: rejected\n")
    decision(repo, "roll", meeting, "kind: commitment\nballots:\n" + "".join(
        f"  - {{member: {m}, vote: for}}\n" for m in ids[:5]))
    assert codes(repo, "2025-12-31", "VOT008") == []


def test_no_majority_rule_no_vot008(repo):
    ids = roll(repo)
    repo.write("meetings/2025/2025-04-02-zwh.yaml", "type: 支委会\ndate: 2025-04-02\nattendees: [m01, m02, m03]\n")
    decision(repo, "general", "2025-04-02-zwh", "kind: general\n")
    assert codes(repo, "2025-12-31", "VOT008") == []


def test_ballots_are_counted_as_the_tally(repo):
    """9 voters present of 12 expected: 6 for-ballots do not exceed half of 12 — VOT001 from the roll."""
    ids = roll(repo)
    meeting = assembly(repo, "2025-06-20", ids[:9])
    ballots = "".join(f"  - {{member: {m}, vote: 赞成}}\n" for m in ids[:6]) + \
        "".join(f"  - {{member: {m}, vote: 反对}}\n" for m in ids[6:9])
    path = decision(repo, "adm", meeting, "kind: admission\nsubject: m12\nballots:\n" + ballots)
    assert codes(repo, "2025-12-31", "VOT001", "VOT007", "VOT008") == [("VOT001", path, 5)]


# --- VOT009 / CND003: who may not vote ------------------------------------------------------------------

def sanctioned(repo, member_id: str = "m08", since: str = "2025-01-15", months: int = 12) -> None:
    repo.member(member_id, full_member(member_id, "受处分者") +
                f"  - {{date: {since}, event: sanctioned, months: {months}}}\n")


@pytest.mark.parametrize(("day", "code"), [("2026-01-14", "VOT009"), ("2026-01-15", None)])
def test_a_sanctioned_member_has_no_vote_until_the_period_ends(repo, day, code):
    """留党察看 for 12 months from 2025-01-15: in force through 2026-01-14, over on 2026-01-15."""
    ids = roll(repo)
    sanctioned(repo)
    meeting = assembly(repo, day, ids[:9])
    path = decision(repo, "plan", meeting, "votes: {for: 8, against: 1}\n")
    assert codes(repo, "2026-12-31", "VOT007", "VOT009") == ([(code, path, 3)] if code else [])


def test_a_sanctioned_member_is_not_among_the_voters_expected(repo):
    """12 full members, m08 under 留党察看: 11 voters expected, and m08 present is not a voter present."""
    roll(repo)
    sanctioned(repo)
    assembly(repo, "2025-06-20", ["m01", "m02", "m03", "m04", "m05", "m06", "m08"])
    assert codes(repo, "2025-12-31", "QRM001") == []                 # 6 of 11 exceeds half
    assembly(repo, "2025-06-20", ["m01", "m02", "m03", "m04", "m05", "m08"])
    [finding] = repo.check("2025-12-31", select=("QRM001",))
    assert (finding.facts["present"], finding.facts["expected"], finding.facts["required"]) == (5, 11, 6)


def test_a_sanction_starting_or_ending_between_two_assemblies_changes_the_voters(repo):
    """No status or group changes from 2025-01-14 to 2026-01-15: one roll at all four assemblies, kept once
    for the run. The voters differ: m08 (present) is under 留党察看 from 2025-01-15 through 2026-01-14."""
    roll(repo)
    sanctioned(repo)
    for day in ("2025-01-14", "2025-01-15", "2026-01-14", "2026-01-15"):
        assembly(repo, day, ["m01", "m02", "m03", "m04", "m05", "m08"])
    found = {f.location.path.rsplit("/", 1)[-1][:10]: (f.facts["present"], f.facts["expected"])
             for f in repo.check("2026-12-31", select=("QRM001",))}
    assert found == {"2025-01-14": (6, 12), "2025-01-15": (5, 11), "2026-01-14": (5, 11), "2026-01-15": (6, 12)}


def test_a_sanctioned_members_ballot_is_vot009_not_vot007(repo):
    ids = roll(repo)
    sanctioned(repo)
    meeting = assembly(repo, "2025-06-20", ids[:9])
    path = decision(repo, "plan", meeting, "ballots:\n  - {member: m01, vote: for}\n  - {member: m08, vote: for}\n")
    assert codes(repo, "2025-12-31", "VOT007", "VOT009") == [("VOT009", path, 5)]


def test_a_recused_members_ballot_is_cnd003_not_vot007(repo):
    ids = roll(repo)
    meeting = assembly(repo, "2025-06-20", ids[:9])
    path = decision(repo, "pick", meeting, "recused: [m05]\nballots:\n"
                    + "".join(f"  - {{member: {m}, vote: for}}\n" for m in ids[:9]))
    assert codes(repo, "2025-12-31", "CND003", "VOT007") == [("CND003", path, 9)]     # m05's ballot


# --- PRB004 / PRB005: the conversion approved upstream, after a written application ---------------------

def probationer(repo, *extra: str) -> None:
    repo.member("zhou", "name: 周宇\ngroup: g1\nhistory:\n"
                "  - {date: 2024-01-15, event: transferred-in, status: probationary}\n"
                + "".join(f"  - {{{e}}}\n" for e in extra))


@pytest.mark.parametrize(("approved", "found"), [("2025-10-20", []), ("2025-10-21", ["PRB004"])])
def test_a_conversion_is_approved_within_three_months(repo, approved, found):
    ids = roll(repo)
    probationer(repo, "date: 2025-06-10, event: conversion-applied")
    meeting = assembly(repo, "2025-07-20", ids[:9])
    decision(repo, "conv", meeting, f"kind: conversion\nsubject: zhou\nvotes: {{for: 9}}\n"
                                    f"approval: {{date: {approved}, by: 中共测试街道工作委员会}}\n")
    assert [c for c, _, _ in codes(repo, "2025-12-31", "PRB004", "PRB005")] == found


@pytest.mark.parametrize(("as_of", "found"), [("2025-10-20", []), ("2025-10-21", ["PRB004"])])
def test_a_missing_approval_is_reported_once_three_months_have_passed(repo, as_of, found):
    ids = roll(repo)
    probationer(repo, "date: 2025-06-10, event: conversion-applied")
    meeting = assembly(repo, "2025-07-20", ids[:9])
    decision(repo, "conv", meeting, "kind: conversion\nsubject: zhou\nvotes: {for: 9}\n")
    assert [c for c, _, _ in codes(repo, as_of, "PRB004")] == found


def test_the_branch_never_approves_its_own_conversion(repo):
    ids = roll(repo)
    probationer(repo, "date: 2025-06-10, event: conversion-applied")
    meeting = assembly(repo, "2025-07-20", ids[:9])
    path = decision(repo, "conv", meeting, "kind: conversion\nsubject: zhou\nvotes: {for: 9}\n"
                                           "approval: {date: 2025-07-25, by: 中共测试社区支部委员会}\n")
    [finding] = repo.check("2025-08-01", select=("PRB004",))
    assert (finding.location.path, finding.location.line, finding.severity) == (path, 6, Severity.ERROR)


@pytest.mark.parametrize(("applied", "variant"), [("2025-07-19", None), ("2025-07-20", "late"), (None, "")])
def test_the_written_application_comes_before_the_assembly(repo, applied, variant):
    ids = roll(repo)
    probationer(repo, *([f"date: {applied}, event: conversion-applied"] if applied else []))
    meeting = assembly(repo, "2025-07-20", ids[:9])
    decision(repo, "conv", meeting, "kind: conversion\nsubject: zhou\nvotes: {for: 9}\n")
    found = repo.check("2025-12-31", select=("PRB005",))
    assert [f.facts.get("applied", "") for f in found] == ([] if variant is None else
                                                           [dt.date(2025, 7, 20)] if variant else [""])


# --- DEV004: training counts from the day of becoming a development target ----------------------------

@pytest.mark.parametrize(("trained", "found"), [("2025-03-01", []), ("2025-02-28", ["DEV004"])])
def test_training_counts_only_from_the_development_target_date(repo, trained, found):
    repo.member("chen", "name: 陈晨\nhistory:\n  - {date: 2024-01-10, event: activist, sponsors: [m01, m02]}\n"
                "  - {date: 2025-03-01, event: development-target}\n"
                f"  - {{date: {trained}, event: trained, days: 3}}\n"
                "  - {date: 2025-07-01, event: admitted, introducers: [m01, m02]}\n")
    assert [c for c, _, _ in codes(repo, "2025-12-31", "DEV004")] == found


# --- DUE: no ledger at all, over-payment, remittance ---------------------------------------------------

DUES_MEMBER = ("name: 王五\ngroup: g1\ndues: {category: employed, base: [{from: 2020-01, amount: \"4000\"}]}\n"
               "history:\n  - {date: 2000-07-01, event: full}\n")


def test_no_ledger_at_all_is_one_dues_finding_and_one_publication_finding(repo):
    repo.config("records_start: 2025-01-01\n")
    repo.member("wang", DUES_MEMBER)
    repo.member("li", DUES_MEMBER.replace("王五", "李四"))
    found = repo.check("2025-06-15", select=("DUE", "NTC005"))      # January to May have ended
    assert [(f.code, f.location.path, str(f.facts["first"]), str(f.facts["last"]), f.facts["count"]) for f in found] \
        == [("DUE001", "zhidu.yaml", "2025-01", "2025-05", 5), ("NTC005", "zhidu.yaml", "2025-01", "2025-05", 5)]


def test_no_ledger_and_nothing_to_record_is_no_finding(repo):
    assert codes(repo, "2025-12-31", "DUE001", "NTC005") == []       # no records begin, nobody on the rolls


def test_one_ledger_ends_the_no_ledger_finding(repo):
    repo.config("records_start: 2025-01-01\n")
    repo.member("wang", DUES_MEMBER)
    repo.write("dues/2025-01.yaml", "month: 2025-01\npublished: 2025-02-05\n"
               "payments:\n  - {member: wang, amount: \"40.00\", paid_on: 2025-01-05}\n")
    assert codes(repo, "2025-01-31", "DUE001", "NTC005") == []


def _quarter(repo, remitted: str, amount: str = "120.00", per: str | None = None) -> None:
    repo.config("rules:\n  DUE009: {per: " + per + "}\n" if per else "")
    repo.member("wang", DUES_MEMBER)
    for month in ("2025-01", "2025-02", "2025-03"):
        repo.write(f"dues/{month}.yaml", f"month: {month}\npayments:\n"
                   f"  - {{member: wang, amount: \"40.00\", paid_on: {month}-05}}\n")
    repo.write("dues/2025-03.yaml", "month: 2025-03\npayments:\n  - {member: wang, amount: \"40.00\", "
               f"paid_on: 2025-03-05}}\nremittance: {{date: {remitted}, amount: \"{amount}\", to: 街道党工委}}\n")


@pytest.mark.parametrize(("remitted", "found"), [("2025-04-15", []), ("2025-04-16", ["late"])])
def test_a_quarter_is_remitted_by_the_15th(repo, remitted, found):
    _quarter(repo, remitted)
    assert [f.facts.get("remitted_on") and "late" for f in repo.check("2025-06-30", select=("DUE009",))] == found


def test_a_quarter_remitted_short_and_not_at_all(repo):
    _quarter(repo, "2025-04-10", "100.00")
    [short] = repo.check("2025-06-30", select=("DUE009",))
    assert (short.facts["collected"], short.facts["remitted"], short.location.path) == (120, 100, "dues/2025-03.yaml")
    repo.write("dues/2025-03.yaml", "month: 2025-03\npayments:\n  - {member: wang, amount: \"40.00\", paid_on: 2025-03-05}\n")
    assert codes(repo, "2025-04-15", "DUE009") == []                 # not due yet
    assert codes(repo, "2025-04-16", "DUE009") == [("DUE009", "dues/2025-03.yaml", 1)]


def test_the_remittance_period_is_a_parameter(repo):
    _quarter(repo, "2025-04-10", per="month")          # monthly: January's 40.00 was due by 15 February
    assert [f.facts["period"] for f in repo.check("2025-06-30", select=("DUE009",))] == ["2025-01", "2025-02"]


def test_remit_quarters_keeps_a_ledger_year_clean(repo):
    repo.member("wang", DUES_MEMBER)
    for month in range(1, 7):
        repo.write(f"dues/2025-{month:02d}.yaml", f"month: 2025-{month:02d}\npayments:\n"
                   f"  - {{member: wang, amount: \"40.00\", paid_on: 2025-{month:02d}-05}}\n")
    remit_quarters(repo)
    assert codes(repo, "2025-07-31", "DUE009") == []


# --- MOB009: changes and returns reported -------------------------------------------------------------

CARD = "place: 广东, fixed_place: false, certificate: card, reason: 务工"


def away_member(repo, *events: str) -> None:
    repo.member("li", "name: 李四\ngroup: g1\nhistory:\n  - {date: 2000-07-01, event: full}\n"
                f"  - {{date: 2025-03-01, event: away, {CARD}, contact: 微信A}}\n"
                + "".join(f"  - {{{e}}}\n" for e in events))


@pytest.mark.parametrize(("reported", "found"), [("2025-07-01", []), ("2025-07-02", ["MOB009"])])
def test_a_change_of_contact_is_reported_within_a_month(repo, reported, found):
    away_member(repo, f"date: 2025-06-01, event: away, {CARD}, contact: 微信B",
                f"date: {reported}, event: reported")
    assert [c for c, _, _ in codes(repo, "2025-12-31", "MOB009")] == found


def test_a_new_certificate_without_a_change_needs_no_report(repo):
    away_member(repo, f"date: 2025-06-01, event: away, {CARD}, contact: 微信A")
    assert codes(repo, "2025-12-31", "MOB009") == []


def test_on_return_the_member_reports_and_the_card_is_checked(repo):
    away_member(repo, "date: 2025-09-01, event: returned", "date: 2025-10-01, event: reported")
    [finding] = repo.check("2025-12-31", select=("MOB009",))      # reported on the due day; the card never checked
    assert finding.facts["what_en"] == ["the card checked"]
    away_member(repo, "date: 2025-09-01, event: returned", "date: 2025-10-01, event: reported",
                "date: 2025-10-01, event: card-audited")
    assert codes(repo, "2025-12-31", "MOB009") == []
    assert codes(repo, "2025-10-01", "MOB009") == []                 # nothing is late on the due day itself


def test_a_short_visit_home_is_not_a_return(repo):
    away_member(repo, "date: 2025-07-10, event: visited, until: 2025-07-20")
    assert codes(repo, "2025-12-31", "MOB009") == []
    assert codes(repo, "2025-12-31", "MOB001") == []                 # the stay goes on: no new stay begins


# --- EVL004: self-assessments and the upper organization's representative ------------------------------

def review(repo, *, upper: bool = True, assessed: tuple[str, ...] = ("wang", "li"), day: str = "2025-12-10") -> str:
    path = f"meetings/{day[:4]}/{day}-review.yaml"
    lines = "".join(f"  - {{member: {m}, grade: 合格{', self_assessment: true' if m in assessed else ''}}}\n"
                    for m in ("wang", "li"))
    repo.write(path, f"type: 民主评议党员\ndate: {day}\nattendees: [wang, li]\n"
               + ("upper_representative: 赵刚（街道党工委组织委员）\n" if upper else "") + "reviews:\n" + lines)
    return path


def test_a_review_with_every_self_assessment_and_the_representative_passes(repo):
    repo.member("wang", full_member("wang", "王五"))
    repo.member("li", full_member("li", "李四"))
    review(repo)
    assert codes(repo, "2025-12-31", "EVL004") == []


def test_one_missing_self_assessment_and_no_representative(repo):
    repo.member("wang", full_member("wang", "王五"))
    repo.member("li", full_member("li", "李四"))
    path = review(repo, upper=False, assessed=("wang",))
    found = repo.check("2025-12-31", select=("EVL004",))
    assert sorted((f.location.line, f.facts.get("count")) for f in found) == [(1, None), (4, 1)]
    assert all(f.location.path == path for f in found)


def test_the_representative_at_one_of_the_years_meetings_suffices(repo):
    repo.member("wang", full_member("wang", "王五"))
    repo.member("li", full_member("li", "李四"))
    review(repo, upper=False, day="2025-11-10")
    review(repo, day="2025-12-10")
    assert codes(repo, "2025-12-31", "EVL004") == []


# --- NTC010 / NTC011 --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("filed", "found"), [("2025-06-27", []), ("2025-06-28", ["NTC010"])])
def test_hearing_minutes_filed_within_seven_days(repo, filed, found):
    repo.write("meetings/2025/2025-06-20-hearing.yaml", "type: 听证会\ndate: 2025-06-20\n"
               f"headcount: {{expected: 30, present: 16}}\nreported: {{date: {filed}, to: 街道党工委}}\n")
    assert [c for c, _, _ in codes(repo, "2025-12-31", "NTC010")] == found


@pytest.mark.parametrize(("as_of", "found"), [("2025-06-27", []), ("2025-06-28", ["NTC010"])])
def test_unfiled_results_are_reported_once_the_days_have_passed(repo, as_of, found):
    repo.write("meetings/2025/2025-06-20-review.yaml", "type: 评议会\ndate: 2025-06-20\n")
    assert [c for c, _, _ in codes(repo, as_of, "NTC010")] == found


def notice(repo, approved_by: str | None) -> str:
    approved = f", approved_by: {approved_by}" if approved_by else ""
    path = "meetings/2025/2025-12-20-year-end.yaml"
    repo.write(path, f"type: 四报一评议\ndate: 2025-12-20\nresult_published: {{date: 2025-12-26{approved}}}\n")
    return path


@pytest.mark.parametrize(("approver", "variant"), [("m01", None), ("m02", "role"), (None, "missing")])
def test_a_party_notice_is_signed_off_by_the_secretary(repo, approver, variant):
    roll(repo, 5)
    notice(repo, approver)
    found = repo.check("2025-12-31", select=("NTC011",))
    assert [("role" if "approver" in f.facts else "missing") for f in found] == ([variant] if variant else [])


def test_the_roles_that_sign_off_are_a_parameter(repo):
    repo.config("rules:\n  NTC011: {roles: [secretary, deputy-secretary]}\n")
    roll(repo, 5)
    repo.member("m02", full_member("m02", "副书记", roles="  - {role: deputy-secretary, from: 2020-01-01}\n"))
    notice(repo, "m02")
    assert codes(repo, "2025-12-31", "NTC011") == []


def test_a_disclosure_names_its_approver(repo):
    roll(repo, 5)
    repo.member("chen", "name: 陈晨\nhistory:\n  - {date: 2025-05-20, event: development-target}\n")
    meeting = assembly(repo, "2025-10-10", ["m01", "m02", "m03", "m04"])
    path = decision(repo, "adm", meeting, "kind: admission\nsubject: chen\nvotes: {for: 4}\n"
                                          "disclosures: [{from: 2025-09-26, to: 2025-10-09}]\n")
    assert codes(repo, "2025-12-31", "NTC011") == [("NTC011", path, 6)]


# --- records that say what happened -----------------------------------------------------------------------

def test_a_regrouping_moves_members_on_its_date(repo):
    repo.write("zhidu.yaml", "name: 中共测试社区支部委员会\nupper: 中共测试街道工作委员会\ngroups:\n"
               "  - {id: g1, name: 第一党小组}\n  - {id: g3, name: 第三党小组, from: 2025-07-01}\n"
               "regroupings:\n  - {date: 2025-07-01, from: g1, to: g3, members: [b]}\n")
    repo.member("a", full_member("a", "甲"))
    repo.member("b", full_member("b", "乙"))
    records = repo.workspace().records
    assert (records.timeline("b").group(dt.date(2025, 6, 30)), records.timeline("b").group(dt.date(2025, 7, 1))) == \
        ("g1", "g3")
    assert records.timeline("a").group(dt.date(2025, 7, 1)) == "g1"
    assert records.members_on(dt.date(2025, 7, 1), group="g3") == ["b"]


def test_a_merger_moves_the_whole_group(repo):
    repo.write("zhidu.yaml", "name: 中共测试社区支部委员会\nupper: 中共测试街道工作委员会\ngroups:\n"
               "  - {id: g1, name: 第一党小组}\n  - {id: g2, name: 第二党小组, to: 2025-07-01}\n"
               "regroupings:\n  - {date: 2025-07-01, from: g2, to: g1, note: 两个小组合并}\n")
    repo.member("a", full_member("a", "甲", group="g2"))
    repo.member("b", full_member("b", "乙", group="g2"))
    records = repo.workspace().records
    assert sorted(records.members_on(dt.date(2025, 7, 1), group="g1")) == ["a", "b"]
    repo.write("meetings/2025/2025-07-10-g1.yaml", "type: 党小组会\ndate: 2025-07-10\ngroup: g1\nattendees: [a, b]\n")
    assert codes(repo, "2025-12-31", "REF", "SCH") == []


@pytest.mark.parametrize(("delegated", "found"), [(True, []), (False, ["CND001"])])
def test_a_chair_who_is_not_a_member_needs_the_secretarys_delegation(repo, delegated, found):
    roll(repo, 5)
    repo.write("meetings/2025/2025-06-20-ga.yaml", "type: 支部党员大会\ndate: 2025-06-20\n"
               "chair_outside: 王明（街道分包领导）\n" + ("delegated_by: m01\n" if delegated else "")
               + "attendees: [m01, m02, m03, m04]\n")
    assert [c for c, _, _ in codes(repo, "2025-12-31", "CND001")] == found
    assert codes(repo, "2025-12-31", "REF003") == []


def test_a_year_end_review_chaired_by_the_street_is_fine(repo):
    roll(repo, 5)
    repo.write("meetings/2025/2025-12-19-ye.yaml", "type: 四报一评议\ndate: 2025-12-19\n"
               "chair_outside: 何丽萍（街道办事处分包社区领导）\nheadcount: {expected: 50, present: 46}\n")
    assert codes(repo, "2025-12-31", "CND001", "REF003") == []


def joint(repo, absent: str) -> str:
    repo.config("residents_committee:\n  - {name: 刘敏, role: 居委会委员}\n  - {name: 张强, role: 居委会委员}\n"
                "rules:\n  CND006: {types: [joint-meeting]}\n")
    roll(repo, 3)
    path = "meetings/2025/2025-03-10-joint.yaml"
    repo.write(path, "type: 两委联席会议\ndate: 2025-03-10\nattendees: [m01, m02, m03]\nnon_party_present: [刘敏]\n"
               + absent)
    return path


def test_a_non_party_member_absent_with_a_reason(repo):
    joint(repo, "non_party_absent:\n  - {name: 张强, reason: 外出培训}\n")
    assert codes(repo, "2025-12-31", "CND006") == []


def test_a_non_party_member_absent_without_a_record(repo):
    path = joint(repo, "")
    [finding] = repo.check("2025-12-31", select=("CND006",))
    assert (finding.location.path, finding.facts["members"]) == (path, ["张强"])
    joint(repo, "non_party_absent:\n  - 张强\n")                        # named, no reason
    [finding] = repo.check("2025-12-31", select=("CND006",))
    assert finding.facts["member"] == "张强"


# --- TRN002: the 10 days of the 2013 plan are a parameter value --------------------------------------------

@pytest.mark.parametrize(("days", "found"), [("10", []), ("9.5", ["TRN002"])])
def test_worker_training_ten_days_where_the_2013_plan_applies(repo, days, found):
    repo.config("records_start: 2024-01-01\nrules:\n  TRN002: {enabled: true, days: 10}\n")
    repo.member("wang", full_member("wang", "王五", roles="  - {role: residents-director, from: 2021-01-01}\n")
                + f"training:\n  - {{date: 2024-05-06, kind: community-worker, days: {days}}}\n")
    assert [c for c, _, _ in codes(repo, "2025-01-01", "TRN002")] == found


def test_a_cadre_item_voted_person_by_person_with_rolls(repo):
    """Each candidate's roll is counted as that candidate's tally (VOT005), and a recused member's ballot on a
    candidate is CND003."""
    repo.config("rules:\n  VOT005: {enabled: true}\n")
    roll(repo, 5)
    repo.write("meetings/2025/2025-04-02-zwh.yaml", "type: 支委会\ndate: 2025-04-02\n"
               "attendees: [m01, m02, m03, m04, m05]\n")
    ballots = "".join(f"      - {{member: {m}, vote: for}}\n" for m in ("m01", "m02", "m03"))
    path = decision(repo, "cadre", "2025-04-02-zwh", "kind: cadre\nrecused: [m04]\ncandidates:\n"
                    f"  - name: 李明\n    ballots:\n{ballots}"
                    f"  - name: 赵亮\n    ballots:\n{ballots}      - {{member: m04, vote: for}}\n")
    assert codes(repo, "2025-12-31", "VOT005", "CND003", "VOT007") == [("CND003", path, 16)]   # m04 on 赵亮
    thin = "".join(f"      - {{member: {m}, vote: for}}\n" for m in ("m01", "m02"))
    decision(repo, "cadre", "2025-04-02-zwh", "kind: cadre\ncandidates:\n"
             f"  - name: 李明\n    ballots:\n{thin}  - name: 赵亮\n    ballots:\n{ballots}")
    assert codes(repo, "2025-12-31", "VOT005") == [("VOT005", path, 5)]       # 2 of 5 is not more than half


# --- one mistake, one finding with the new records ------------------------------------------------------

def test_an_unreadable_self_assessment_is_one_finding(repo):
    repo.member("wang", full_member("wang", "王五"))
    repo.member("li", full_member("li", "李四"))
    path = review(repo)
    text = (repo.root / path).read_text(encoding="utf-8").replace("self_assessment: true}", "self_assessment: ture}", 1)
    (repo.root / path).write_text(text, encoding="utf-8")
    assert [c for c, _, _ in codes(repo, "2025-12-31", "SCH", "EVL004")] == ["SCH007"]


def test_an_unreadable_ballot_is_one_finding(repo):
    ids = roll(repo)
    meeting = assembly(repo, "2025-06-20", ids[:9])
    decision(repo, "plan", meeting, "recused: [m05]\nballots:\n  - {member: m01, vote: for}\n"
                                    "  - {member: m02, vote: fro}\n")
    assert [c for c, _, _ in codes(repo, "2025-12-31", "SCH", "VOT", "CND003")] == ["SCH008"]
