"""``zhidu agenda``: what falls due or is overdue, from the same computations as the rules — and its
calendar feed, parsed back with ``icalendar``.

Every date below is worked out by hand next to the records it comes from.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import icalendar
import pytest
from conftest import full_member
from typer.testing import CliRunner

from zhidu_cli.agenda.ics import to_ics, uid
from zhidu_cli.agenda.items import agenda
from zhidu_cli.cli.app import app
from zhidu_cli.schedule.cadence import Standing, schedule
from zhidu_cli.workspace import check

ENV = {"NO_COLOR": "1", "COLUMNS": "120", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}
EXAMPLES = pathlib.Path(__file__).parent.parent / "examples" / "records"


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def items_of(repo, as_of: str, horizon: int = 30, kind: str | None = None):
    ws = repo.workspace()
    result = agenda(ws.records, ws.settings, ws.calendar, dt.date.fromisoformat(as_of), horizon)
    return [i for i in result.items if kind is None or i.kind == kind]


# --- meetings: the cadence schedule ---------------------------------------------------------------------

def committee_branch(repo):
    """Records from 2025; the committee met in January and February, not in March."""
    repo.config("records_start: 2025-01-01\n")
    repo.member("wang", full_member("wang", "王五"))
    for day in ("2025-01-08", "2025-02-12"):
        repo.write(f"meetings/2025/{day}-committee.yaml", f"type: 支委会\ndate: {day}\n")
    return repo


def test_a_missed_month_is_overdue_from_the_day_after_it_ends(repo):
    committee_branch(repo)
    # March ends 2025-03-31: on that day the committee is due "today", on 1 April overdue by 1 day
    on_last_day = [i for i in items_of(repo, "2025-03-31", 29, "meeting") if i.code == "MTG001"]
    assert [(i.due, i.late) for i in on_last_day] == [(dt.date(2025, 3, 31), 0)]
    next_day = [i for i in items_of(repo, "2025-04-01", kind="meeting") if i.code == "MTG001"]
    # March overdue 1 day; April due on 2025-04-30, 29 days left
    assert [(i.due, i.late) for i in next_day] == [(dt.date(2025, 3, 31), 1), (dt.date(2025, 4, 30), -29)]
    assert next_day[0].overdue and next_day[0].opens == dt.date(2025, 3, 1)
    assert "000 §二.1" in next_day[0].citation


def test_horizon_bounds_what_is_due(repo):
    committee_branch(repo)
    # as of 2025-04-01 the April period ends 29 days later: outside a 28-day horizon, inside 29
    assert [i.due for i in items_of(repo, "2025-04-01", 28, "meeting") if i.code == "MTG001"] == [dt.date(2025, 3, 31)]
    assert dt.date(2025, 4, 30) in [i.due for i in items_of(repo, "2025-04-01", 29, "meeting") if i.code == "MTG001"]


def test_meeting_items_are_the_schedule_rows_overdue_and_check_agree(repo):
    """One computation: the agenda's meeting items are exactly the not-held rows of the schedule
    (``zhidu overdue``) that fall due within the horizon, and the overdue ones are MTG findings."""
    committee_branch(repo)
    ws = repo.workspace()
    day = dt.date(2025, 6, 10)
    rows = [r for r in schedule(ws.records, ws.settings, day, horizon_days=30)
            if r.status is not Standing.HELD and r.period.end <= day + dt.timedelta(days=30)]
    items = items_of(repo, "2025-06-10", kind="meeting")
    assert sorted((i.code, i.due) for i in items) == sorted((r.code, r.period.end) for r in rows)
    overdue = {(i.code, i.opens) for i in items if i.overdue}
    mtg = {f.code for f in check(ws, day).findings if f.code.startswith("MTG")}
    assert {code for code, _ in overdue} == mtg


# --- dues: DUE005's dates -------------------------------------------------------------------------------

def dues_branch(repo):
    """王五 owes 40.00 a month (employed, base 4000 → 1%) from 2025-01 and paid only January."""
    repo.config("records_start: 2025-01-01\n")
    repo.member("wang", full_member("wang", "王五", since="2000-07-01")
                + "dues: {category: employed, base: [{from: 2025-01, amount: \"4000\"}]}\n")
    repo.write("dues/2025-01.yaml", "month: 2025-01\npublished: 2025-02-05\n"
               "payments:\n  - {member: wang, amount: \"40.00\", paid_on: 2025-01-20}\n")
    return repo


def test_dues_reach_three_and_six_months(repo):
    dues_branch(repo)
    # unpaid since February: pay by 2025-04-30 (Feb, Mar, Apr: 3 months from 1 May), by 2025-07-31 (6 from 1 August)
    early = items_of(repo, "2025-04-15", 30, "dues")
    assert [(i.due, i.late, i.code) for i in early] == [(dt.date(2025, 4, 30), -15, "DUE005")]
    assert early[0].members[0].name == "王五"
    both = items_of(repo, "2025-04-15", 120, "dues")
    assert [i.due for i in both] == [dt.date(2025, 4, 30), dt.date(2025, 7, 31)]


def test_dues_warning_day_agrees_with_due005(repo):
    dues_branch(repo)
    ws = repo.workspace()
    for as_of, late in (("2025-04-29", -1), ("2025-04-30", 0), ("2025-05-01", 1)):
        warn = [i for i in items_of(repo, as_of, 30, "dues") if i.obligation.endswith("/3")]
        assert [i.late for i in warn] == [late]
        fired = [f for f in check(ws, dt.date.fromisoformat(as_of)).findings if f.code == "DUE005"]
        assert bool(fired) == (late >= 1)      # DUE005 warns from the day after the third month's last day
    # once at 6 months only the lapse is listed, overdue from 2025-07-31
    late = items_of(repo, "2025-08-02", 30, "dues")
    assert [(i.due, i.late) for i in late] == [(dt.date(2025, 7, 31), 2)]
    assert "自行脱党" in late[0].what_zh


def test_dues_arrears_of_a_lapse_already_decided_are_not_listed(repo):
    dues_branch(repo)
    repo.member("li", full_member("li", "李四"))
    repo.member("zhao", full_member("zhao", "赵六"))
    repo.write("meetings/2025/2025-08-01-assembly.yaml", "type: 支部党员大会\ndate: 2025-08-01\n"
               "attendees: [li, zhao]\n")
    repo.write("decisions/2025/lapse-wang.yaml", "meeting: 2025-08-01-assembly\ntitle: 王五按自行脱党处理\n"
               "kind: lapse\nsubject: wang\n")
    # a lapse "decided" with no vote is not one LIF002 accepts: the arrears stay on the agenda (issue 9.3)
    assert [i.kind for i in items_of(repo, "2025-08-02", 30, "dues")] == ["dues"]
    repo.write("decisions/2025/lapse-wang.yaml", "meeting: 2025-08-01-assembly\ntitle: 王五按自行脱党处理\n"
               "kind: lapse\nsubject: wang\nvotes: {for: 2}\n")
    assert items_of(repo, "2025-08-02", 30, "dues") == []


# --- disclosures: NTC005 --------------------------------------------------------------------------------

def test_monthly_dues_notice_by_the_tenth(repo):
    dues_branch(repo)
    # January published; February's ledger is missing: due 2025-03-10
    on_tenth = items_of(repo, "2025-03-10", 0, "disclosure")
    assert [(i.due, i.late, i.path) for i in on_tenth] == [(dt.date(2025, 3, 10), 0, "dues/2025-02.yaml")]
    ws = repo.workspace()
    assert not [f for f in check(ws, dt.date(2025, 3, 10)).findings if f.code == "NTC005"]
    after = items_of(repo, "2025-03-11", 0, "disclosure")
    assert [(i.due, i.late) for i in after] == [(dt.date(2025, 3, 10), 1)]
    assert [f.code for f in check(ws, dt.date(2025, 3, 11)).findings if f.code == "NTC005"] == ["NTC005"]
    # a 31-day horizon from 2025-03-11 reaches 2025-04-11: March's notice (due 2025-04-10) too
    assert [i.due for i in items_of(repo, "2025-03-11", 31, "disclosure")] == [dt.date(2025, 3, 10),
                                                                               dt.date(2025, 4, 10)]


def test_a_published_month_is_not_listed(repo):
    dues_branch(repo)
    repo.write("dues/2025-02.yaml", "month: 2025-02\npublished: 2025-03-08\npayments: []\n")
    assert items_of(repo, "2025-03-11", 0, "disclosure") == []


# --- training: TRN001 -----------------------------------------------------------------------------------

def test_training_days_short_in_the_year_in_progress(repo):
    repo.config("records_start: 2025-01-01\nrules: {TRN001: {enabled: true}}\n")
    repo.member("wang", full_member("wang", "王五") + "training:\n  - {date: 2025-04-15, kind: 集中教育, days: 2}\n")
    repo.member("li", full_member("li", "李四") + "training:\n  - {date: 2025-04-15, kind: 集中教育, days: 6}\n")
    # 王五 has 2 of 6 days: due 2025-12-31; from 2025-12-01 that is 30 days ahead, from 2025-11-30 31
    items = items_of(repo, "2025-12-01", 30, "training")
    assert [(i.members[0].id, i.due, i.late) for i in items] == [("wang", dt.date(2025, 12, 31), -30)]
    assert "还差 4 天" in items[0].what_zh
    assert items_of(repo, "2025-11-30", 30, "training") == []


def test_a_rule_switched_off_gives_no_items(repo):
    dues_branch(repo)
    repo.config("records_start: 2025-01-01\nrules: {DUE005: {enabled: false}, NTC005: {enabled: false}}\n")
    assert items_of(repo, "2025-08-02", 60, "dues") == []
    assert items_of(repo, "2025-08-02", 60, "disclosure") == []


# --- the command ----------------------------------------------------------------------------------------

def test_cli_table_and_json_on_the_example_branch():
    # The example branch's records end in December 2025. As of 2026-01-05 with 30 days (to 2026-02-04):
    # December's dues notice is due 2026-01-10 (5 days left); January's monthly bodies are due on 2026-01-31:
    # the committee, e-education, three group meetings, the joint meeting and the study activity = 7.
    result = run("agenda", str(EXAMPLES), "--as-of", "2026-01-05", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    items = data["items"]
    assert data["until"] == "2026-02-04" and len(items) == 8
    assert (items[0]["date"], items[0]["code"], items[0]["days_late"]) == ("2026-01-10", "NTC005", -5)
    assert {i["code"] for i in items[1:]} == {"MTG001", "MTG003", "MTG007", "MTG008", "MTG010"}
    assert sorted(i["group"]["id"] for i in items if i["group"]) == ["group-1", "group-2", "group-3"]
    assert all(i["date"] == "2026-01-31" and i["days_late"] == -26 for i in items[1:])
    table = run("agenda", str(EXAMPLES), "--as-of", "2026-01-05")
    assert "还剩 5 天" in table.stdout and "已逾期 0 项" in table.stdout and "到期 8 项" in table.stdout


def test_cli_meetings_only_and_only():
    result = run("agenda", str(EXAMPLES), "--as-of", "2026-01-05", "-f", "json", "--meetings")
    assert {i["kind"] for i in json.loads(result.stdout)["items"]} == {"meeting"}
    result = run("agenda", str(EXAMPLES), "--as-of", "2026-01-05", "-f", "json", "--only", "disclosure,dues")
    assert [i["code"] for i in json.loads(result.stdout)["items"]] == ["NTC005"]
    bad = run("agenda", str(EXAMPLES), "--only", "parties")
    assert bad.exit_code == 2 and "meeting" in bad.output


def test_cli_english():
    result = run("agenda", str(EXAMPLES), "--as-of", "2026-01-05", "--lang", "en")
    assert "5 days left" in result.stdout and "0 overdue, 8 due by 2026-02-04" in result.stdout
    data = json.loads(run("agenda", str(EXAMPLES), "--as-of", "2026-01-05", "--lang", "en", "-f", "json").stdout)
    assert data["items"][0]["what"] == "publish the dues collection of 2025-12"


# --- the calendar feed ----------------------------------------------------------------------------------

def feed(path: pathlib.Path, *args: str) -> icalendar.Calendar:
    result = run("agenda", str(EXAMPLES), "--ics", "-o", str(path), "--force", *args)
    assert result.exit_code == 0, result.output
    return icalendar.Calendar.from_ical(path.read_bytes())


def test_ics_parses_back_with_all_day_events_alarms_and_citations(tmp_path):
    calendar = feed(tmp_path / "a.ics", "--as-of", "2026-01-05")
    assert str(calendar["x-wr-timezone"]) == "Asia/Shanghai"
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    events = calendar.walk("VEVENT")
    assert len(events) == 8
    notice = events[0]
    assert notice.decoded("dtstart") == dt.date(2026, 1, 10)          # an all-day date, not a time
    assert notice.decoded("dtend") == dt.date(2026, 1, 11)
    assert str(notice["summary"]) == "公布 2025年12月 党费收缴情况"
    description = str(notice["description"])
    assert "NTC005" in description and "000 §六.2《社区党支部工作制度》" in description
    (alarm,) = notice.walk("VALARM")
    # 3 days before at 09:00: the start of 2026-01-10 minus 2 days 15 hours = 2026-01-07 09:00
    assert alarm.decoded("trigger") == -dt.timedelta(days=2, hours=15)
    group = next(e for e in events if "第一党小组" in str(e["summary"]))
    assert str(group["summary"]) == "党小组会（2026年1月） · 第一党小组（幸福苑片区）"


def test_ics_alarm_parameter_and_todo(tmp_path):
    calendar = feed(tmp_path / "b.ics", "--as-of", "2026-01-05", "--alarm-days", "7", "--todo")
    assert not calendar.walk("VEVENT")
    todo = calendar.walk("VTODO")[0]
    assert todo.decoded("due") == dt.date(2026, 1, 10) and todo.decoded("dtstart") == dt.date(2026, 1, 1)
    (alarm,) = todo.walk("VALARM")
    assert alarm.decoded("trigger") == -dt.timedelta(days=6, hours=15)   # 7 days before, 09:00
    assert alarm["trigger"].params["RELATED"] == "END"
    quiet = feed(tmp_path / "c.ics", "--as-of", "2026-01-05", "--no-alarm")
    assert not quiet.walk("VALARM")


def test_uids_are_stable_between_runs_and_days(tmp_path):
    first = feed(tmp_path / "1.ics", "--as-of", "2026-01-05")
    again = feed(tmp_path / "2.ics", "--as-of", "2026-01-05")
    later = feed(tmp_path / "3.ics", "--as-of", "2026-01-08")
    uids = [str(e["uid"]) for e in first.walk("VEVENT")]
    assert len(set(uids)) == len(uids) == 8
    assert uids == [str(e["uid"]) for e in again.walk("VEVENT")]
    assert (tmp_path / "1.ics").read_bytes() == (tmp_path / "2.ics").read_bytes()      # no clock inside
    assert set(uids) == {str(e["uid"]) for e in later.walk("VEVENT")}  # three days on, the same obligations


def test_uid_changes_with_the_obligation_not_with_its_date(repo):
    dues_branch(repo)
    ws = repo.workspace()
    before = agenda(ws.records, ws.settings, ws.calendar, dt.date(2025, 4, 15), 30)
    (warn,) = before.items and [i for i in before.items if i.kind == "dues"]
    # a new run of arrears (paid February, unpaid since March) is another obligation: another UID
    repo.write("dues/2025-02.yaml", "month: 2025-02\npublished: 2025-03-05\n"
               "payments:\n  - {member: wang, amount: \"40.00\", paid_on: 2025-02-20}\n")
    ws = repo.workspace()
    after = agenda(ws.records, ws.settings, ws.calendar, dt.date(2025, 4, 15), 60)
    (moved,) = [i for i in after.items if i.kind == "dues"]
    assert moved.due == dt.date(2025, 5, 31)
    assert uid(after.branch, moved) != uid(before.branch, warn)
    # the same obligation in another branch is another event too
    assert uid("另一个支部", warn) != uid(before.branch, warn)


def test_nothing_private_in_the_feed(tmp_path):
    """Every phone number, ID number and address of the example branch stays out of the feed."""
    import yaml

    data = feed(tmp_path / "p.ics", "--as-of", "2026-03-05", "--horizon", "400").to_ical().decode("utf-8")
    private = []
    for path in (EXAMPLES / "members").glob("*.yaml"):
        member = yaml.safe_load(path.read_text(encoding="utf-8"))
        private += [str(member[k]) for k in ("phone", "id_number", "address") if member.get(k)]
        private += [str(e["contact"]) for e in member.get("history", []) if e.get("contact")]
    assert len(private) > 20
    unfolded = data.replace("\r\n ", "")
    assert not [p for p in private if p in unfolded]


def test_ics_refuses_to_overwrite_and_needs_ics_for_output(tmp_path):
    target = tmp_path / "x.ics"
    target.write_text("mine", encoding="utf-8")
    result = run("agenda", str(EXAMPLES), "--as-of", "2026-01-05", "--ics", "-o", str(target))
    assert result.exit_code == 2 and target.read_text(encoding="utf-8") == "mine"
    result = run("agenda", str(EXAMPLES), "--as-of", "2026-01-05", "-o", str(tmp_path / "y.ics"))
    assert result.exit_code == 2 and "--ics" in result.output
    result = run("agenda", str(EXAMPLES), "--ics", "-f", "json")
    assert result.exit_code == 2 and not (tmp_path / "y.ics").exists()


def test_ics_to_stdout():
    result = run("agenda", str(EXAMPLES), "--as-of", "2026-01-05", "--ics")
    assert result.exit_code == 0
    assert result.stdout.startswith("BEGIN:VCALENDAR") and result.stdout.count("BEGIN:VEVENT") == 8


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_to_ics_is_a_function_of_the_agenda(lang, repo):
    committee_branch(repo)
    ws = repo.workspace()
    result = agenda(ws.records, ws.settings, ws.calendar, dt.date(2025, 4, 1), 30)
    assert to_ics(result, lang) == to_ics(result, lang)


# --- members: the shared deadlines and the mobile members' obligations -----------------------------------

def test_member_deadlines_on_the_example_branch_agree_with_member_and_check():
    """As of 2026-06-20 (the records end in December 2025):
    陈思雨 admitted 2025-05-16 → probation ends 2026-05-16 → conversion discussed by 2026-06-16: 4 days late;
    赵梦琪 last assessed 2025-09-30 → next by 2026-03-30: 82 days late;
    林晓燕 last assessed 2025-10-28 → next by 2026-04-28: 53 days late;
    王磊, away with a card, last reported 2025-12-22: the first quarter of 2026 (to 2026-03-31) is 81 days late,
    the second is due 2026-06-30."""
    result = run("agenda", str(EXAMPLES), "--as-of", "2026-06-20", "-f", "json", "--only", "member")
    listed = json.loads(result.stdout)["items"]
    assert [(i["who"][0]["id"], i["code"], i["date"], i["days_late"]) for i in listed] == [
        ("zhao-mengqi", "DEV009", "2026-03-30", 82), ("wang-lei", "MOB005", "2026-03-31", 81),
        ("lin-xiaoyan", "DEV009", "2026-04-28", 53), ("chen-siyu", "PRB002", "2026-06-16", 4),
        ("wang-lei", "MOB005", "2026-06-30", -10)]
    items = {(i["who"][0]["id"], i["code"]): i for i in listed if i["code"] != "MOB005"}
    assert items[("chen-siyu", "PRB002")]["what"] == "讨论转正（预备期 2026-05-16 届满）"
    assert items[("chen-siyu", "PRB002")]["opens"] == "2026-05-16"
    member = json.loads(run("member", "chen-siyu", "-C", str(EXAMPLES), "--as-of", "2026-06-20", "-f", "json").stdout)
    assert "2026-06-16" in json.dumps(member, ensure_ascii=False)
    from zhidu_cli.workspace import open_workspace

    findings = check(open_workspace(EXAMPLES), dt.date(2026, 6, 20)).findings
    late = {(f.facts.get("member"), f.code) for f in findings if f.code in ("PRB002", "DEV009", "MOB005")}
    assert late == {(i["who"][0]["id"], i["code"]) for i in listed if i["days_late"] > 0}


def test_member_items_are_the_open_shared_deadlines(repo):
    from zhidu_cli.schedule.deadlines import all_deadlines, open_deadlines

    repo.config("records_start: 2025-01-01\n")
    repo.member("zhao", "name: 赵六\nhistory:\n  - {date: 2025-03-03, event: applied}\n")
    repo.member("qian", "name: 钱七\nhistory:\n  - {date: 2025-01-06, event: applied}\n"
                        "  - {date: 2025-01-20, event: talked}\n  - {date: 2025-02-10, event: activist}\n")
    ws = repo.workspace()
    day = dt.date(2025, 4, 1)
    # 赵六 applied 2025-03-03: a talk is due 2025-04-03 (2 days left); 钱七 became an activist 2025-02-10:
    # assessed by 2025-08-10 (131 days left, outside 30 days)
    items = items_of(repo, "2025-04-01", 30, "member")
    assert [(i.members[0].id, i.code, i.due, i.late) for i in items] == [("zhao", "DEV001", dt.date(2025, 4, 3), -2)]
    shared = open_deadlines(all_deadlines(ws.records, ws.settings, day), day)
    assert {(d.member, d.rule, d.due) for d in shared} == {("zhao", "DEV001", dt.date(2025, 4, 3)),
                                                            ("qian", "DEV009", dt.date(2025, 8, 10))}
    assert [(i.members[0].id, i.due) for i in items_of(repo, "2025-04-01", 131, "member")] == [
        ("zhao", dt.date(2025, 4, 3)), ("qian", dt.date(2025, 8, 10))]


def away_branch(repo, extra: str = ""):
    """王五 away with a card since 2025-02-10 (place unclear: a long stay), reported in the second quarter."""
    repo.config("records_start: 2025-01-01\n" + extra)
    repo.member("wang", full_member("wang", "王五")
                + "  - {date: 2025-02-10, event: away, place: 广东, fixed_place: false, certificate: card,"
                  " reason: 务工, contact: '13900000000'}\n"
                + "  - {date: 2025-05-05, event: reported, written: true}\n")
    return repo


def test_quarterly_report_of_a_member_away(repo):
    away_branch(repo)
    # the first whole quarter away is Q2 (reported 2025-05-05); Q3 ends 2025-09-30
    assert items_of(repo, "2025-06-20", 30, "member") == []
    (q3,) = items_of(repo, "2025-07-15", 90, "member")
    assert (q3.code, q3.due, q3.late, q3.opens) == ("MOB005", dt.date(2025, 9, 30), -77, dt.date(2025, 7, 1))
    assert q3.what_zh == "流动党员汇报（2025年第三季度）"
    ws = repo.workspace()
    for as_of, late in (("2025-09-30", 0), ("2025-10-01", 1)):
        (item,) = [i for i in items_of(repo, as_of, 0, "member") if i.code == "MOB005"]
        assert item.late == late
        fired = [f for f in check(ws, dt.date.fromisoformat(as_of)).findings if f.code == "MOB005"]
        assert bool(fired) == (late > 0)


def test_yearly_card_audit(repo):
    away_branch(repo, "rules: {MOB007: {enabled: true}}\n")
    # away with the card from 2025-02-10: the audit is due within 12 months, by 2026-02-10
    (audit,) = [i for i in items_of(repo, "2026-01-20", 30, "member") if i.code == "MOB007"]
    assert (audit.due, audit.late, audit.opens) == (dt.date(2026, 2, 10), -21, dt.date(2025, 2, 10))
    ws = repo.workspace()
    assert not [f for f in check(ws, dt.date(2026, 2, 10)).findings if f.code == "MOB007"]
    (late,) = [i for i in items_of(repo, "2026-02-11", 0, "member") if i.code == "MOB007"]
    assert late.late == 1
    assert [f.code for f in check(ws, dt.date(2026, 2, 11)).findings if f.code == "MOB007"] == ["MOB007"]
    # audited on 2026-02-20: the next one is due by 2027-02-20, nothing open now
    repo.member("wang", (repo.root / "members" / "wang.yaml").read_text(encoding="utf-8")
                + "  - {date: 2026-02-20, event: card-audited}\n")
    assert [i.due for i in items_of(repo, "2026-03-01", 400, "member") if i.code == "MOB007"] == [dt.date(2027, 2, 20)]


def test_the_agenda_as_it_stood_on_a_past_day():
    """As of 2025-06-01 the example branch's later records are not yet written. Due by 2025-07-01:
    May's dues notice (2025-06-10); June's committee, e-education, three group meetings, joint meeting and
    study (7); the second quarter's party lecture and commitment publicity (the assembly of 2025-05-16 and
    the community joint meeting of 2025-05-27 are held); the first half-year's commitment review (held on
    2025-06-27, not yet written); 王磊's second-quarter report (made 2025-06-23): 1 + 7 + 2 + 1 + 1 = 12.
    With 77 days (to 2025-08-17) 陈思雨's approval, due three months after the assembly of 2025-05-16
    (2025-08-16), comes in too; it was given on 2025-06-10, which as of 2025-06-01 is not yet written."""
    result = run("agenda", str(EXAMPLES), "--as-of", "2025-06-01", "-f", "json")
    items = json.loads(result.stdout)["items"]
    assert len(items) == 12 and not [i for i in items if i["status"] == "overdue"]
    assert "视为尚未写入" in result.stderr
    assert sorted(i["code"] for i in items) == sorted(["NTC005", "MTG001", "MTG008", "MTG003", "MTG003", "MTG003",
                                                      "MTG007", "MTG010", "MTG004", "MTG014", "MTG014", "MOB005"])
    later = json.loads(run("agenda", str(EXAMPLES), "--as-of", "2025-06-01", "--horizon", "77", "-f", "json",
                           "--only", "member").stdout)["items"]
    assert [(i["who"][0]["id"], i["code"], i["date"]) for i in later if i["code"] == "DEV007"] == [
        ("chen-siyu", "DEV007", "2025-08-16")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_golden(lang):
    """The table as a person reads it (``ZHIDU_UPDATE_GOLDEN=1`` regenerates; the numbers in it are the
    ones counted in test_cli_table_and_json_on_the_example_branch)."""
    import os

    result = run("agenda", str(EXAMPLES), "--as-of", "2026-01-05", "--lang", lang)
    path = pathlib.Path(__file__).parent / "golden" / "agenda" / f"examples-2026-01-05.{lang}.txt"
    if os.environ.get("ZHIDU_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")


def test_results_to_publish_after_a_hearing_and_a_deliberation(repo):
    repo.config("records_start: 2025-01-01\n")
    repo.member("wang", full_member("wang", "王五"))
    repo.write("meetings/2025/2025-08-20-hearing.yaml", "type: 听证会\ntitle: 加装电梯听证会\ndate: 2025-08-20\n"
               "notice: {date: 2025-08-15}\nheadcount: {expected: 20, present: 15}\n")
    repo.write("meetings/2025/2025-09-01-deliberation.yaml", "type: 议事会\ndate: 2025-09-01\n")
    repo.write("decisions/2025/shed.yaml", "meeting: 2025-09-01-deliberation\ntitle: 新建充电棚\n")
    ws = repo.workspace()
    # the hearing's result is due within 7 days: by 2025-08-27 (NTC006); the deliberation's adopted decision
    # is to be made known, reported after 7 days of silence: from 2025-09-09 (NTC008)
    for as_of, late in (("2025-08-27", 0), ("2025-08-28", 1)):
        (item,) = [i for i in items_of(repo, as_of, 0, "disclosure") if i.code == "NTC006"]
        assert (item.due, item.late) == (dt.date(2025, 8, 27), late)
        assert item.what_zh == "公布加装电梯听证会（2025-08-20）的结果"
        fired = [f for f in check(ws, dt.date.fromisoformat(as_of)).findings if f.code == "NTC006"]
        assert bool(fired) == (late > 0)
    (outcome,) = [i for i in items_of(repo, "2025-09-05", 30, "disclosure") if i.code == "NTC008"]
    assert (outcome.due, outcome.late, outcome.path) == (dt.date(2025, 9, 8), -3, "decisions/2025/shed.yaml")
    assert [f.code for f in check(ws, dt.date(2025, 9, 9)).findings if f.code == "NTC008"] == ["NTC008"]
    assert not [f for f in check(ws, dt.date(2025, 9, 8)).findings if f.code == "NTC008"]
    # published: nothing left to do
    repo.write("meetings/2025/2025-08-20-hearing.yaml", "type: 听证会\ntitle: 加装电梯听证会\ndate: 2025-08-20\n"
               "notice: {date: 2025-08-15}\nheadcount: {expected: 20, present: 15}\n"
               "result_published: {date: 2025-08-25}\n")
    assert not [i for i in items_of(repo, "2025-08-28", 0, "disclosure") if i.code == "NTC006"]


def test_a_disclosure_running_before_the_assembly(repo):
    repo.config("records_start: 2025-01-01\n")
    repo.member("wang", full_member("wang", "王五"))
    repo.member("zhao", "name: 赵六\nhistory:\n  - {date: 2023-03-01, event: applied}\n"
                        "  - {date: 2023-03-20, event: talked}\n  - {date: 2023-05-10, event: activist}\n"
                        "  - {date: 2024-06-10, event: development-target}\n")
    repo.write("meetings/2025/2025-04-28-committee.yaml", "type: 支委会\ndate: 2025-04-28\n")
    # the committee puts the admission out for 公示 from Tuesday 2025-05-06 to Monday 2025-05-12: five working
    # days (6, 7, 8, 9 and 12 May; 1–5 May is the Labour Day holiday), so the assembly may meet from 2025-05-13
    repo.write("decisions/2025/admit-zhao.yaml", "meeting: 2025-04-28-committee\ntitle: 拟接收赵六为预备党员\n"
               "kind: admission\nsubject: zhao\ndisclosures:\n  - {from: 2025-05-06, to: 2025-05-12}\n")
    (item,) = [i for i in items_of(repo, "2025-05-08", 30, "member") if i.code == "NTC003"]
    assert (item.due, item.late, item.opens) == (dt.date(2025, 5, 12), -4, dt.date(2025, 5, 6))
    assert item.what_zh == "拟接收预备党员公示期满（2025-05-06 至 2025-05-12，5 个工作日），2025-05-13 起可召开支部大会"
    assert [i.code for i in items_of(repo, "2025-05-13", 30, "member") if i.code == "NTC003"] == []   # it has ended
    # a disclosure one working day short says so
    repo.write("decisions/2025/admit-zhao.yaml", "meeting: 2025-04-28-committee\ntitle: 拟接收赵六为预备党员\n"
               "kind: admission\nsubject: zhao\ndisclosures:\n  - {from: 2025-05-06, to: 2025-05-09}\n")
    (short,) = [i for i in items_of(repo, "2025-05-08", 30, "member") if i.code == "NTC003"]
    assert "4 个工作日，不足 5 个工作日" in short.what_zh and "2025-05-13 起可召开支部大会" in short.what_zh


def test_reports_after_the_democratic_review(repo):
    repo.config("records_start: 2025-01-01\n")
    repo.member("wang", full_member("wang", "王五"))
    review = ("type: 民主评议党员\ndate: 2025-01-20\nattendees: [wang]\nupper_representative: 赵刚（街道党工委）\n"
              "reviews:\n  - {member: wang, grade: 合格, self_assessment: true}\n")     # EVL004 in order
    repo.write("meetings/2025/2025-01-20-review.yaml", review)
    ws = repo.workspace()
    days = __import__("zhidu_cli.rules.counting", fromlist=["param"]).param(ws.settings, "EVL001", "report_within_days")
    due = dt.date(2025, 1, 20) + dt.timedelta(days=days)      # the grades and the summary, N days after the meeting
    items = items_of(repo, "2025-01-21", 60, "report")
    assert [(i.code, i.due) for i in items] == [("EVL001", due), ("EVL003", due)]
    assert items[0].what_zh == "向中共测试街道工作委员会报送民主评议党员结果（2025-01-20）"
    after = due + dt.timedelta(days=1)
    assert {i.code for i in items_of(repo, after.isoformat(), 0, "report") if i.late == 1} == {"EVL001", "EVL003"}
    assert {f.code for f in check(ws, after).findings if f.code.startswith("EVL")} == {"EVL001", "EVL003"}
    assert not [f for f in check(ws, due).findings if f.code.startswith("EVL")]
    # reported with the summary in the note: nothing left
    repo.write("meetings/2025/2025-01-20-review.yaml", review + "reported: {date: 2025-01-25, note: 工作小结及整改措施}\n")
    assert items_of(repo, after.isoformat(), 60, "report") == []


DATED = ("MTG", "DEV001", "DEV007", "DEV009", "PRB002", "MOB005", "MOB007", "DUE005", "NTC005", "NTC006", "NTC007",
         "NTC008", "EVL001", "EVL003", "TRN001", "TRN002")


@pytest.mark.parametrize("as_of", ["2025-03-20", "2026-01-15", "2026-03-20", "2026-06-20", "2026-09-20", "2027-02-01"])
def test_overdue_items_are_the_findings_of_the_dated_rules(as_of):
    """One computation per deadline: on the example branch, as the months pass without records (they end in
    December 2025), the overdue agenda items are, code by code and one for one, the findings of the rules
    that set a date."""
    from collections import Counter

    from zhidu_cli.cli.common import at
    from zhidu_cli.workspace import open_workspace

    day = dt.date.fromisoformat(as_of)
    ws = at(open_workspace(EXAMPLES), day, as_of, say=False)
    items = agenda(ws.records, ws.settings, ws.calendar, day, 0).items
    overdue = Counter(i.code for i in items if i.overdue)
    findings = Counter(f.code for f in check(ws, day).findings if f.code.startswith(DATED))
    assert overdue == findings


def test_uid_stays_when_the_date_of_the_same_obligation_moves(repo):
    """Admitted by the assembly of 2025-03-10: the upper approval is due by 2025-06-10, or by 2025-09-10
    when the upper organization extends the window (``approval_extended``) — the same obligation, the same
    event in the calendar, moved."""
    repo.config("records_start: 2025-01-01\n")
    for member_id, name in (("wang", "王五"), ("li", "李四")):
        repo.member(member_id, full_member(member_id, name))
    repo.member("zhao", "name: 赵六\nhistory:\n  - {date: 2025-03-10, event: admitted, decision: admit-zhao,"
                        " introducers: [wang, li]}\n")
    repo.write("meetings/2025/2025-03-10-assembly.yaml", "type: 支部党员大会\ndate: 2025-03-10\n")
    decision = "meeting: 2025-03-10-assembly\ntitle: 接收赵六为预备党员\nkind: admission\nsubject: zhao\n"
    repo.write("decisions/2025/admit-zhao.yaml", decision)
    ws = repo.workspace()
    first = agenda(ws.records, ws.settings, ws.calendar, dt.date(2025, 5, 1), 200)
    (before,) = [i for i in first.items if i.code == "DEV007"]
    repo.write("decisions/2025/admit-zhao.yaml", decision + "approval_extended: true\n")
    ws = repo.workspace()
    second = agenda(ws.records, ws.settings, ws.calendar, dt.date(2025, 5, 1), 200)
    (after,) = [i for i in second.items if i.code == "DEV007"]
    assert (before.due, after.due) == (dt.date(2025, 6, 10), dt.date(2025, 9, 10))
    assert uid(first.branch, before) == uid(second.branch, after)


def test_a_conversion_awaiting_its_approval_is_on_the_agenda(repo):
    """PRB004 (issue 9.4): three months from the assembly that converted 周宇; the branch's own "approval"
    does not take it off the list."""
    repo.member("wang", full_member("wang", "王五"))
    repo.member("zhou", "name: 周宇\ngroup: g1\nhistory:\n"
                "  - {date: 2024-01-15, event: transferred-in, status: probationary}\n"
                "  - {date: 2025-06-10, event: conversion-applied}\n")
    repo.write("meetings/2025/2025-07-20-ga.yaml", "type: 支部党员大会\ndate: 2025-07-20\nattendees: [wang]\n")
    repo.write("decisions/2025/conv.yaml", "meeting: 2025-07-20-ga\ntitle: 周宇转正\nkind: conversion\nsubject: zhou\n"
               "votes: {for: 1}\napproval: {date: 2025-07-25, by: 中共测试社区支部委员会}\n")
    [item] = [i for i in items_of(repo, "2025-08-01", 90) if i.code == "PRB004"]
    assert (item.due, item.members[0].id) == (dt.date(2025, 10, 20), "zhou")
    repo.write("decisions/2025/conv.yaml", "meeting: 2025-07-20-ga\ntitle: 周宇转正\nkind: conversion\nsubject: zhou\n"
               "votes: {for: 1}\napproval: {date: 2025-07-25, by: 中共测试街道工作委员会}\n")
    assert [i for i in items_of(repo, "2025-08-01", 90) if i.code == "PRB004"] == []


def test_a_phone_typed_into_a_group_name_is_masked_in_the_feed(repo, tmp_path):
    """The feed goes to phones and shared calendars: masked like a notice, however the value was typed."""
    repo.write("zhidu.yaml", """\
        name: 中共测试社区支部委员会
        upper: 中共测试街道工作委员会
        records_start: 2025-01-01
        groups:
          - {id: g1, name: 第一党小组（组长 139-8556-0412）}
        """)
    repo.member("li-hua", """\
        name: 李华
        phone: "13985560412"
        group: g1
        history:
          - {date: 2000-07-01, event: full}
        """)
    target = tmp_path / "a.ics"
    result = run("agenda", str(repo.root), "--as-of", "2025-02-10", "--ics", "-o", str(target))
    assert result.exit_code == 0, result.output
    unfolded = target.read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "第一党小组" in unfolded                       # the group's items are in the feed
    assert "8556" not in unfolded                         # the middle digits never travel
    assert "139****0412" in unfolded                      # the mask a notice uses
