"""MOB and LIF: members away (certificates, transfer, temporary groups, reports, card audits), incoming
mobile members, and members who stop taking part in organizational life.

Member files are written line by line so the expected locations can be read off the YAML: ``name`` is
line 1, ``group`` line 2, ``history`` line 3, and the n-th history event is on line 3 + n.
"""

from __future__ import annotations

import pytest

from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.rules.registry import by_code

FULL = "  - {date: 2000-07-01, event: full}\n"


def member(repo, member_id: str, *events: str, group: str = "g1", extra: str = "", name: str = ""):
    """A full member since 2000 (line 4) followed by ``events`` (lines 5, 6, …)."""
    history = FULL + "".join(f"  - {{{e}}}\n" for e in events)
    group_line = f"group: {group}\n" if group else "note: 无党小组\n"
    repo.member(member_id, f"name: {name or member_id}\n{group_line}history:\n{history}{extra}")
    return repo


def found(repo, as_of: str, code: str):
    return repo.codes(as_of, select=(code,))


def away(start: str, **fields: str) -> str:
    text = f"date: {start}, event: away"
    return text + "".join(f", {key}: {value}" for key, value in fields.items())


SHORT = {"place": "贵阳", "fixed_place": "true", "until": "2025-06-30", "certificate": "letter"}
LONG = {"place": "广州", "fixed_place": "true", "until": "2027-12-31", "certificate": "letter"}
CARD = {"place": "广东", "fixed_place": "false", "certificate": "card", "reason": "务工", "contact": "微信"}


# --- MOB001 more than 6 months at a fixed place → transfer -------------------------------------------

def test_six_months_exactly_at_a_fixed_place_is_still_within(repo):
    member(repo, "wang", away("2025-03-01", **LONG))
    assert found(repo, "2025-09-01", "MOB001") == []


def test_one_day_more_than_six_months_needs_the_transfer(repo):
    member(repo, "wang", away("2025-03-01", **LONG))
    [finding] = repo.check("2025-09-02", select=("MOB001",))
    assert (finding.code, finding.location.path, finding.location.line) == ("MOB001", "members/wang.yaml", 5)
    assert finding.severity is Severity.ERROR
    assert finding.facts["deadline"].isoformat() == "2025-09-01"
    assert finding.facts["months"] == 6


def test_a_transfer_ends_the_obligation(repo):
    member(repo, "wang", away("2025-03-01", **LONG), "date: 2025-10-08, event: transferred-out, place: 广州")
    assert found(repo, "2025-12-31", "MOB001") == []


def test_a_transfer_after_the_as_of_date_does_not_count_yet(repo):
    member(repo, "wang", away("2025-03-01", **LONG), "date: 2025-10-08, event: transferred-out, place: 广州")
    assert found(repo, "2025-10-01", "MOB001") == [("MOB001", "members/wang.yaml", 5)]


def test_returning_on_the_six_month_day_is_within(repo):
    member(repo, "wang", away("2025-03-01", **LONG), "date: 2025-09-01, event: returned")
    assert found(repo, "2025-12-31", "MOB001") == []


def test_returning_later_without_transfer_is_reported(repo):
    member(repo, "wang", away("2025-03-01", **LONG), "date: 2025-09-02, event: returned")
    [finding] = repo.check("2025-12-31", select=("MOB001",))
    assert finding.location.line == 5
    assert "2025-09-02" in finding.message


def test_a_new_certificate_at_the_same_place_does_not_restart_the_clock(repo):
    member(repo, "wang", away("2025-03-01", **SHORT), away("2025-06-20", **(SHORT | {"until": "2026-06-30"})))
    assert found(repo, "2025-09-02", "MOB001") == [("MOB001", "members/wang.yaml", 5)]


def test_a_move_to_another_place_starts_a_new_stay(repo):
    member(repo, "wang", away("2025-03-01", **SHORT), away("2025-06-20", **LONG))
    assert found(repo, "2025-12-20", "MOB001") == []
    assert found(repo, "2025-12-21", "MOB001") == [("MOB001", "members/wang.yaml", 6)]


def test_an_unclear_place_is_not_transferred(repo):
    member(repo, "wang", away("2025-01-01", **CARD))
    assert found(repo, "2025-12-31", "MOB001") == []


def test_without_fixed_place_a_card_means_the_place_is_unclear(repo):
    card = {k: v for k, v in CARD.items() if k != "fixed_place"} | {"place": "广州"}
    letter = {k: v for k, v in LONG.items() if k != "fixed_place"}
    member(repo, "card", away("2025-01-01", **card))
    member(repo, "letter", away("2025-01-01", **letter))
    assert found(repo, "2025-12-31", "MOB001") == [("MOB001", "members/letter.yaml", 5)]
    assert found(repo, "2025-12-31", "MOB003") == []


def test_the_limit_is_a_parameter(repo):
    repo.config("rules:\n  MOB001: {months: 3}\n")
    member(repo, "wang", away("2025-03-01", **LONG))
    assert found(repo, "2025-06-02", "MOB001") == [("MOB001", "members/wang.yaml", 5)]


# --- MOB002 a short stay needs a certificate letter --------------------------------------------------

def test_a_short_stay_with_a_letter_passes(repo):
    member(repo, "wang", away("2025-03-01", **SHORT))
    assert found(repo, "2025-12-31", "MOB002") == []


@pytest.mark.parametrize("certificate", ["none", None])
def test_a_short_stay_without_a_letter_is_reported(repo, certificate):
    fields = SHORT | {"certificate": certificate} if certificate else {k: v for k, v in SHORT.items() if k != "certificate"}
    member(repo, "wang", away("2025-03-01", **fields))
    [finding] = repo.check("2025-12-31", select=("MOB002",))
    assert (finding.code, finding.location.line, finding.severity) == ("MOB002", 5, Severity.WARNING)


def test_a_stay_planned_for_six_months_exactly_is_short(repo):
    member(repo, "wang", away("2025-03-01", **(SHORT | {"until": "2025-09-01", "certificate": "none"})))
    assert found(repo, "2025-04-01", "MOB002") == [("MOB002", "members/wang.yaml", 5)]


def test_a_stay_planned_for_longer_is_not_short(repo):
    member(repo, "wang", away("2025-03-01", **(SHORT | {"until": "2025-09-02", "certificate": "none"})))
    assert found(repo, "2025-04-01", "MOB002") == []


def test_a_card_also_serves_for_a_short_stay(repo):
    member(repo, "wang", away("2025-03-01", **(SHORT | {"certificate": "card"})))
    assert found(repo, "2025-04-01", "MOB002") == []


def test_only_party_members_are_checked(repo):
    repo.member("act", "name: 积极分子\nhistory:\n  - {date: 2024-01-01, event: applied}\n"
                       "  - {date: 2025-03-01, event: away, place: 贵阳, until: 2025-04-01, certificate: none}\n")
    assert found(repo, "2025-12-31", "MOB002") == []


# --- MOB003 place or time unclear → a card with the registration ---------------------------------------

def test_an_unclear_stay_with_a_registered_card_passes(repo):
    member(repo, "wang", away("2025-03-01", **CARD))
    assert found(repo, "2025-12-31", "MOB003") == []


def test_an_unclear_place_without_a_card(repo):
    member(repo, "wang", away("2025-03-01", **(CARD | {"certificate": "letter"})))
    [finding] = repo.check("2025-12-31", select=("MOB003",))
    assert (finding.code, finding.location.line, finding.severity) == ("MOB003", 5, Severity.ERROR)
    assert "流动党员活动证" in finding.message


def test_an_unknown_return_date_is_an_unclear_time(repo):
    fields = {"place": "广州", "fixed_place": "true", "reason": "务工", "contact": "电话"}
    member(repo, "wang", away("2025-03-01", **fields))
    assert found(repo, "2025-12-31", "MOB003") == [("MOB003", "members/wang.yaml", 5)]


def test_a_letter_without_a_return_date_records_a_clear_short_stay(repo):
    # the branch issued a 党员证明信: it judged place and time clear and the stay short (MOB001 still
    # watches the time actually spent away)
    fields = {"place": "广州", "fixed_place": "true", "certificate": "letter", "reason": "务工"}
    member(repo, "wang", away("2025-03-01", **fields), "date: 2025-09-01, event: returned")
    assert repo.codes("2025-12-31", select=("MOB",)) == []


def test_without_a_card_the_missing_registration_is_one_finding(repo):
    member(repo, "wang", away("2025-03-01", fixed_place="false", reason="务工"))
    [finding] = repo.check("2025-12-31", select=("MOB003",))
    assert finding.message == "wang（wang）2025-03-01 起外出，地点或时间不明确，未发放《流动党员活动证》，也未登记外出地点、联系方式"


def test_the_registration_names_what_is_missing(repo):
    fields = {"fixed_place": "false", "certificate": "card", "reason": "务工"}
    member(repo, "wang", away("2025-03-01", **fields))
    [finding] = repo.check("2025-12-31", select=("MOB003",))
    assert finding.location.line == 5
    assert finding.facts["missing_en"] == ["place", "contact"]
    assert finding.message == "wang（wang）2025-03-01 起外出，未登记外出地点、联系方式"


# --- MOB004 three or more at one place → temporary group ----------------------------------------------

def three_at(repo, *, group: str = "", starts=("2025-03-01", "2025-03-05", "2025-04-01"), ends=(None, None, None)):
    for index, (start, end) in enumerate(zip(starts, ends)):
        fields = dict(CARD, place="深圳")
        if group:
            fields["temporary_group"] = group
        events = [away(start, **fields)] + ([f"date: {end}, event: returned"] if end else [])
        member(repo, f"m{index}", *events)


def test_three_together_with_a_temporary_group_pass(repo):
    three_at(repo, group="深圳临时党小组")
    assert found(repo, "2025-12-31", "MOB004") == []


def test_three_together_without_a_temporary_group(repo):
    three_at(repo)
    assert found(repo, "2025-12-31", "MOB004") == [
        ("MOB004", "members/m0.yaml", 5), ("MOB004", "members/m1.yaml", 5), ("MOB004", "members/m2.yaml", 5)]
    finding = repo.check("2025-12-31", select=("MOB004",))[0]
    assert finding.facts["count"] == 3 and len(finding.related) == 2


def test_two_together_need_no_group(repo):
    three_at(repo, starts=("2025-03-01", "2025-03-05"), ends=(None, None))
    assert found(repo, "2025-12-31", "MOB004") == []


def test_three_at_one_place_but_never_at_the_same_time(repo):
    three_at(repo, ends=(None, "2025-04-01", None))       # m1 is back the day m2 leaves
    assert found(repo, "2025-12-31", "MOB004") == []


def test_the_third_arrival_is_judged_as_of_its_date(repo):
    three_at(repo)
    assert found(repo, "2025-03-31", "MOB004") == []
    assert len(found(repo, "2025-04-01", "MOB004")) == 3


def test_the_group_size_is_a_parameter(repo):
    repo.config("rules:\n  MOB004: {members: 2}\n")
    three_at(repo, starts=("2025-03-01", "2025-03-05"), ends=(None, None))
    assert len(found(repo, "2025-12-31", "MOB004")) == 2


# --- MOB005 a report each quarter away ----------------------------------------------------------------

def test_a_quarter_away_with_a_report_passes(repo):
    member(repo, "wang", away("2025-01-01", **CARD), "date: 2025-02-10, event: reported, written: true")
    assert found(repo, "2025-04-01", "MOB005") == []


def test_a_quarter_is_judged_after_it_ends(repo):
    member(repo, "wang", away("2025-01-01", **CARD))
    assert found(repo, "2025-03-31", "MOB005") == []
    [finding] = repo.check("2025-04-01", select=("MOB005",))
    assert (finding.location.line, finding.facts["quarter"]) == (5, "2025年第一季度")


def test_only_full_quarters_away_need_a_report(repo):
    member(repo, "wang", away("2025-01-02", **CARD))
    assert found(repo, "2025-07-01", "MOB005") == [("MOB005", "members/wang.yaml", 5)]
    [finding] = repo.check("2025-07-01", select=("MOB005",))
    assert finding.facts["quarter_en"] == "2025 Q2"


def test_returning_on_the_last_day_of_a_quarter_needs_no_report(repo):
    member(repo, "wang", away("2025-01-01", **CARD), "date: 2025-03-31, event: returned")
    assert found(repo, "2025-12-31", "MOB005") == []


def test_returning_the_day_after_the_quarter(repo):
    member(repo, "wang", away("2025-01-01", **CARD), "date: 2025-04-01, event: returned")
    assert found(repo, "2025-12-31", "MOB005") == [("MOB005", "members/wang.yaml", 5)]


def test_a_short_stay_is_not_long_away(repo):
    member(repo, "wang", away("2025-01-01", **(SHORT | {"until": "2025-07-01"})), "date: 2025-07-01, event: returned")
    assert found(repo, "2025-12-31", "MOB005") == []        # Q1 and Q2 wholly away, but on a letter


def test_a_short_stay_overstayed_reports_once_wholly_past_six_months(repo):
    member(repo, "wang", away("2025-01-01", **(SHORT | {"until": "2025-07-01"})))
    # six months end on 1 July: Q3 begins that day, Q4 is the first quarter wholly beyond them
    assert found(repo, "2025-12-31", "MOB005") == []
    [finding] = repo.check("2026-01-01", select=("MOB005",))
    assert finding.facts["quarter_en"] == "2025 Q4"


def test_a_stay_planned_longer_than_six_months_is_long_from_the_start(repo):
    member(repo, "wang", away("2025-01-01", **LONG))
    assert [f.facts["quarter_en"] for f in repo.check("2025-07-01", select=("MOB005",))] == ["2025 Q1", "2025 Q2"]


def test_an_in_person_report_counts_and_each_quarter_is_its_own(repo):
    member(repo, "wang", away("2025-01-01", **CARD), "date: 2025-05-10, event: reported")
    assert [f.facts["quarter"] for f in repo.check("2025-10-01", select=("MOB005",))] == [
        "2025年第一季度", "2025年第三季度"]


# --- MOB007 card audited yearly (Guizhou profile) ------------------------------------------------------

def test_card_audit_is_local_and_on_in_the_guizhou_profile(repo):
    assert by_code()["MOB007"].enabled_by_default is False
    member(repo, "wang", away("2024-03-01", **CARD))
    assert found(repo, "2025-12-31", "MOB007") == []
    repo.config("extends: guizhou-community\n")
    assert found(repo, "2025-12-31", "MOB007") == [("MOB007", "members/wang.yaml", 5)]


def test_a_card_is_audited_within_twelve_months(repo):
    repo.config("rules:\n  MOB007: {enabled: true}\n")
    member(repo, "wang", away("2024-03-01", **CARD))
    assert found(repo, "2025-03-01", "MOB007") == []
    [finding] = repo.check("2025-03-02", select=("MOB007",))
    assert (finding.location.line, finding.facts["due"].isoformat()) == (5, "2025-03-01")


def test_each_audit_restarts_the_year(repo):
    repo.config("rules:\n  MOB007: {enabled: true}\n")
    member(repo, "wang", away("2024-03-01", **CARD), "date: 2025-02-20, event: card-audited")
    assert found(repo, "2026-02-20", "MOB007") == []
    assert found(repo, "2026-02-21", "MOB007") == [("MOB007", "members/wang.yaml", 5)]


def test_a_return_before_the_audit_is_due_needs_none(repo):
    repo.config("rules:\n  MOB007: {enabled: true}\n")
    member(repo, "wang", away("2024-03-01", **CARD), "date: 2025-02-28, event: returned")
    assert found(repo, "2025-12-31", "MOB007") == []


def test_a_late_audit_leaves_one_finding_and_restarts(repo):
    repo.config("rules:\n  MOB007: {enabled: true}\n")
    member(repo, "wang", away("2023-03-01", **CARD), "date: 2024-06-01, event: card-audited")
    assert found(repo, "2025-06-01", "MOB007") == [("MOB007", "members/wang.yaml", 5)]
    assert len(found(repo, "2025-06-02", "MOB007")) == 2


def test_an_audit_met_late_before_the_records_began_is_history(repo):
    repo.config("records_start: 2025-01-01\nrules:\n  MOB007: {enabled: true}\n")
    member(repo, "wang", away("2023-03-01", **CARD), "date: 2024-05-01, event: card-audited")
    # due 2024-03-01, made on 2024-05-01: late, but before the records; the next year runs to 2025-05-01
    assert found(repo, "2025-05-01", "MOB007") == []
    [finding] = repo.check("2025-05-02", select=("MOB007",))
    assert finding.facts["due"].isoformat() == "2025-05-01"


def test_an_audit_still_open_when_the_records_began_is_reported(repo):
    # issue 8.2: due 2024-03-01 and never made, the member still away: records_start does not hide it
    repo.config("records_start: 2025-01-01\nrules:\n  MOB007: {enabled: true}\n")
    member(repo, "wang", away("2023-03-01", **CARD))
    [finding] = repo.check("2025-01-15", select=("MOB007",))
    assert finding.facts["due"].isoformat() == "2024-03-01"


def test_an_audit_due_before_the_records_began_and_made_after_is_late(repo):
    repo.config("records_start: 2025-01-01\nrules:\n  MOB007: {enabled: true}\n")
    member(repo, "wang", away("2023-03-01", **CARD), "date: 2025-02-01, event: card-audited")
    [finding] = repo.check("2025-06-01", select=("MOB007",))
    assert finding.facts["due"].isoformat() == "2024-03-01"


# --- MOB008 incoming mobile members in a group ----------------------------------------------------------

INCOMING = "name: 赵六\nmobile_from: 中共某县某村支部委员会\n{group}history:\n  - {{date: 2025-03-10, event: reported}}\n"


def test_an_incoming_member_in_a_group_passes(repo):
    repo.member("zhao", INCOMING.format(group="group: g1\n"))
    assert found(repo, "2025-12-31", "MOB008") == []


def test_an_incoming_member_without_a_group(repo):
    repo.member("zhao", INCOMING.format(group=""))
    [finding] = repo.check("2025-12-31", select=("MOB008",))
    assert (finding.code, finding.location.line, finding.severity) == ("MOB008", 2, Severity.WARNING)
    assert "中共某县某村支部委员会" in finding.message


def test_an_incoming_member_who_went_home_is_not_checked(repo):
    repo.member("zhao", INCOMING.format(group="") + "  - {date: 2025-09-01, event: returned}\n")
    assert found(repo, "2025-12-31", "MOB008") == []
    assert found(repo, "2025-08-31", "MOB008") == [("MOB008", "members/zhao.yaml", 2)]


def test_a_member_of_the_branch_without_a_group_is_not_an_incoming_member(repo):
    member(repo, "wang", group="")
    assert found(repo, "2025-12-31", "MOB008") == []


# --- LIF001 six months without organizational life --------------------------------------------------------

def group_meetings(repo, months, *, attendees="[li]", extra: str = "", day: int = 10, group: str = "g1"):
    for month in months:
        repo.write(f"meetings/2025/2025-{month:02d}-{day:02d}-{group}.yaml",
                   f"type: 党小组会\ndate: 2025-{month:02d}-{day:02d}\ngroup: {group}\nattendees: {attendees}\n{extra}")


def test_members_who_attend_pass(repo):
    member(repo, "li")
    member(repo, "wang")
    group_meetings(repo, range(1, 7), attendees="[li, wang]")
    assert found(repo, "2025-12-31", "LIF001") == []


def test_two_months_missed_is_nothing_three_is_a_warning(repo):
    member(repo, "li")
    member(repo, "wang")
    group_meetings(repo, range(1, 4))
    assert found(repo, "2025-03-09", "LIF001") == []
    [finding] = repo.check("2025-03-10", select=("LIF001",))
    assert (finding.code, finding.location.path, finding.location.line) == ("LIF001", "members/wang.yaml", 1)
    assert (finding.severity, finding.facts["months"]) == (Severity.WARNING, 3)


def test_five_months_missed_is_a_warning_six_an_error(repo):
    member(repo, "li")
    member(repo, "wang")
    group_meetings(repo, range(1, 7))
    [five] = repo.check("2025-06-09", select=("LIF001",))
    assert (five.severity, five.facts["months"]) == (Severity.WARNING, 5)
    [six] = repo.check("2025-06-10", select=("LIF001",))
    assert (six.severity, six.facts["months"]) == (Severity.ERROR, 6)
    assert "自行脱党" in six.message and len(six.related) == 6


def test_an_absence_with_leave_is_not_held_against_them(repo):
    member(repo, "li")
    member(repo, "wang")
    group_meetings(repo, (1, 2, 4, 5, 6))
    group_meetings(repo, (3,), extra="absent:\n  - {member: wang, reason: 住院}\n")
    [finding] = repo.check("2025-06-30", select=("LIF001",))
    assert finding.facts["months"] == 3


@pytest.mark.parametrize("absence", ["{member: wang, reason: 无故, leave: false}", "{member: wang, reason: 无故缺席}",
                                     "{member: wang, reason: 未请假}", "wang"])
def test_an_absence_without_leave_is(repo, absence):
    member(repo, "li")
    member(repo, "wang")
    group_meetings(repo, (1, 2, 4, 5, 6))
    group_meetings(repo, (3,), extra=f"absent:\n  - {absence}\n")
    assert repo.check("2025-06-30", select=("LIF001",))[0].facts["months"] == 6


def test_being_away_with_a_certificate_is_a_reason(repo):
    member(repo, "li")
    member(repo, "wang", away("2025-03-20", **SHORT), "date: 2025-04-05, event: returned")
    group_meetings(repo, range(1, 7))
    assert found(repo, "2025-06-30", "LIF001") == []       # Mar and Apr covered: May, Jun missed


def test_being_away_without_a_certificate_is_not(repo):
    member(repo, "li")
    member(repo, "wang", away("2025-03-20", **(SHORT | {"certificate": "none"})), "date: 2025-04-05, event: returned")
    group_meetings(repo, range(1, 7))
    assert repo.check("2025-06-30", select=("LIF001",))[0].facts["months"] == 6


def test_a_report_covers_its_month(repo):
    member(repo, "li")
    member(repo, "wang", "date: 2025-04-15, event: reported, written: true")
    group_meetings(repo, range(1, 9))
    assert found(repo, "2025-06-30", "LIF001") == []
    assert repo.check("2025-08-10", select=("LIF001",))[0].facts["months"] == 4   # May–Aug


def test_attending_another_groups_meeting_counts(repo):
    member(repo, "li")
    member(repo, "wang")
    group_meetings(repo, range(1, 7))
    group_meetings(repo, (4,), attendees="[wang]", group="g2", day=12)
    assert found(repo, "2025-06-30", "LIF001") == []


def test_months_before_joining_do_not_count(repo):
    member(repo, "li")
    repo.member("new", "name: 新党员\ngroup: g1\nhistory:\n  - {date: 2025-03-01, event: approved}\n")
    group_meetings(repo, range(1, 7))
    [finding] = repo.check("2025-06-30", select=("LIF001",))
    assert (finding.location.path, finding.severity, finding.facts["months"]) == (
        "members/new.yaml", Severity.WARNING, 4)


def test_months_without_any_meeting_are_neutral(repo):
    member(repo, "li")
    member(repo, "wang")
    group_meetings(repo, (1, 4))
    group_meetings(repo, (2,), attendees="[li, wang]")
    # Jan missed, Feb attended, Apr missed, nothing held since: Apr alone (May–Dec do not lengthen it)
    assert found(repo, "2025-12-31", "LIF001") == []


def test_a_month_without_meetings_inside_the_run_counts_in_its_length(repo):
    member(repo, "li")
    member(repo, "wang")
    group_meetings(repo, (1, 3, 5))
    group_meetings(repo, (2,), attendees="[li, wang]")
    # Mar and May missed, Apr nothing held: three months (Mar–May) without organizational life
    [finding] = repo.check("2025-12-31", select=("LIF001",))
    assert (finding.severity, finding.facts["months"], len(finding.related)) == (Severity.WARNING, 3, 2)


def test_a_lapse_decision_means_it_is_being_handled(repo):
    member(repo, "li")
    member(repo, "wang")
    group_meetings(repo, range(1, 7))
    repo.write("meetings/2025/2025-06-20-dahui.yaml", "type: 支部党员大会\ndate: 2025-06-20\nattendees: [li]\n")
    repo.write("decisions/2025/lapse-wang.yaml",
               "meeting: 2025-06-20-dahui\ntitle: 王某自行脱党处理\nkind: lapse\nsubject: wang\n")
    assert found(repo, "2025-06-30", "LIF001") == []


def test_members_who_left_are_not_reported(repo):
    member(repo, "li")
    member(repo, "wang", "date: 2025-06-25, event: lapsed")
    group_meetings(repo, range(1, 7))
    assert found(repo, "2025-06-30", "LIF001") == []


def test_the_thresholds_are_parameters(repo):
    repo.config("rules:\n  LIF001: {warn_months: 2, error_months: 3}\n")
    member(repo, "li")
    member(repo, "wang")
    group_meetings(repo, range(1, 4))
    [finding] = repo.check("2025-03-10", select=("LIF001",))
    assert finding.severity is Severity.ERROR


# --- every rule is cited and speaks both languages ------------------------------------------------------

@pytest.mark.parametrize("code", ["MOB001", "MOB002", "MOB003", "MOB004", "MOB005", "MOB007", "MOB008", "LIF001"])
def test_findings_carry_the_citation_in_both_languages(repo, code):
    assert by_code()[code].citation
    member(repo, "wang", away("2024-03-01", **LONG))
    repo.member("zhao", INCOMING.format(group=""))
    member(repo, "li")
    group_meetings(repo, range(1, 7), attendees="[li]")
    fields = dict(CARD, place="广州")
    for index in range(3):
        member(repo, f"m{index}", away("2024-06-01", **fields))
    member(repo, "short", away("2025-03-01", **(SHORT | {"certificate": "none"})))
    member(repo, "vague", away("2025-03-01", fixed_place="false"))
    repo.config("rules:\n  MOB007: {enabled: true}\n")
    zh = [f for f in repo.check("2025-12-31", select=(code,))]
    en = [f for f in repo.check("2025-12-31", select=(code,), lang="en")]
    assert zh and en and zh[0].citation == by_code()[code].citation
    assert zh[0].message != en[0].message and "{" not in zh[0].message + en[0].message + en[0].hint
