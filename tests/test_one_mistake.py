"""Issue 8.4 — one mistake, one finding: a bad value gets one located finding with a hint, and what follows
from it is not judged on a guess.

Most cases drop one typo into a copy of the example branch (clean as of 2025-12-31) and expect exactly
the one finding where the typo is; the rest use inline records where the follow-on finding would bite.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import shutil

import pytest
from typer.testing import CliRunner

from conftest import full_member
from zhidu_cli.cli.app import app

EXAMPLE = pathlib.Path(__file__).resolve().parent.parent / "examples" / "records"
ENV = {"NO_COLOR": "1", "COLUMNS": "120", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}

ASSEMBLY = "meetings/2025/2025-01-24-general-assembly.yaml"
GROUP1 = "meetings/2025/2025-01-23-group-1-theme-day.yaml"
CHEN = "members/chen-siyu.yaml"
HUANG = "members/huang-junjie.yaml"
WANG_LEI = "members/wang-lei.yaml"
ADMIT = "decisions/2025/2025-05-admit-chen-siyu.yaml"
MARCH = "dues/2025-03.yaml"

# (family, what, file, text, typo, expected (code, line))
TYPOS = [
    ("QRM/CND", "attendee id", ASSEMBLY, "[zhang-jianhua, li-xiumei,", "[zhang-jianhau, li-xiumei,", ("REF003", 10)),
    ("CND", "chair id", ASSEMBLY, "chair: zhang-jianhua", "chair: zhang-jianhau", ("REF003", 8)),
    ("CND", "absent id", ASSEMBLY, "member: yuan-zhiming, reason", "member: yuan-zhimin, reason", ("REF003", 16)),
    ("EVL", "graded member id", ASSEMBLY, "{member: jiang-wei, grade", "{member: jiang-wie, grade", ("REF003", 53)),
    ("EVL", "grade", ASSEMBLY, "{member: jiang-wei, grade: 优秀}", "{member: jiang-wei, grade: 优}", ("SCH008", 53)),
    ("MTG", "meeting date", GROUP1, "date: 2025-01-23", "date: 2025-01-32", ("SCH007", 3)),
    ("MTG", "meeting type", GROUP1, "type: [主题党日, 党小组会,", "type: [主题党日, 党小组,", ("SCH008", 1)),
    ("MTG/CND", "meeting group", GROUP1, "group: group-1", "group: group-l", ("REF003", 6)),
    ("LIF", "group meeting attendee", GROUP1, "[zhang-jianhua, wang-deming,", "[zhang-jianhua, wang-demin,", ("REF003", 9)),
    ("DEV", "sponsor id", CHEN, "sponsors: [li-xiumei, feng-xiaodong]", "sponsors: [li-xiumei, feng-xiaodon]",
     ("REF003", 20)),
    ("DEV", "introducer id", CHEN, "introducers: [li-xiumei, wang-deming]", "introducers: [li-xiumei, wang-demin]",
     ("REF003", 27)),
    ("DEV", "admitted event kind", CHEN, "event: 支部大会接收为预备党员, meeting", "event: 支部大会接收预备党员党员, meeting",
     ("SCH008", 27)),
    ("DEV", "approved event date", CHEN, "{date: 2025-06-10, event: 上级党委审批", "{date: 2025-06-1O, event: 上级党委审批",
     ("SCH007", 28)),
    ("PRB", "full event kind", HUANG, "event: 转为正式党员,", "event: 转为正式党,", ("SCH008", 29)),
    ("VOT", "vote count", ADMIT, "votes: {for: 23, written_for: 1}", "votes: {for: 2three, written_for: 1}",
     ("SCH007", 8)),
    ("NTC", "disclosure date", ADMIT, "to: 2025-05-07", "to: 2025-05-7", ("SCH007", 10)),
    ("NTC", "decision subject", ADMIT, "subject: chen-siyu", "subject: chen-siy", ("REF003", 6)),
    ("NTC", "decision meeting", ADMIT, "meeting: 2025-05-16-general-assembly", "meeting: 2025-05-16-general-asembly",
     ("REF003", 3)),
    ("CND", "recused id", "decisions/2025/2025-03-public-welfare-post.yaml", "recused: [li-xiumei]",
     "recused: [li-xiumie]", ("REF003", 6)),
    ("MOB", "certificate", WANG_LEI, "certificate: 流动党员活动证", "certificate: 流动党员活动", ("SCH008", 19)),
    ("MOB", "away event kind", WANG_LEI, "event: 外出,", "event: 外初,", ("SCH008", 19)),
    ("MOB", "report date", WANG_LEI, "{date: 2025-06-23, event: 流动党员汇报", "{date: 2025-06-32, event: 流动党员汇报",
     ("SCH007", 26)),
    ("DUE", "amount with the letter O", MARCH, 'amount: "48.60"', 'amount: "48.6O"', ("SCH007", 6)),
    ("DUE", "payment member id", MARCH, "{member: zhang-jianhua, amount", "{member: zhang-jianhau, amount", ("REF003", 6)),
    ("DUE", "ledger month", MARCH, "month: 2025-03", "month: 2025-3", ("SCH007", 3)),
    ("DUE", "paid_on", MARCH, 'paid_on: 2025-03-20}', 'paid_on: 2025-03-32}', ("SCH007", 6)),
    ("DUE", "months of a payment", "dues/2024-06.yaml", "months: [2024-04, 2024-05, 2024-06]",
     "months: [2024-04, 2024-5, 2024-06]", ("SCH007", 31)),
    ("DUE", "paid_by id", "dues/2024-11.yaml", "paid_by: zhou-yongfu}", "paid_by: zhou-yongf}", ("REF003", 19)),
    ("DUE", "base amount", CHEN, 'amount: "3600.00"}', 'amount: "36OO.00"}', ("SCH007", 16)),
    ("DUE", "dues category", CHEN, "category: 在职", "category: 在值", ("SCH008", 14)),
    ("CND", "role of the secretary", "members/zhang-jianhua.yaml", "role: 书记, from", "role: 书, from",
     ("SCH008", 13)),
    ("CND", "start of an office", "members/zhang-jianhua.yaml", "role: 书记, from: 2021-05-20",
     "role: 书记, from: 2021-5-20", ("SCH007", 13)),
    ("VOT", "decision kind", ADMIT, "kind: 接收预备党员", "kind: 接收预备", ("SCH008", 5)),
    ("VOT", "decision status", ADMIT, "status: 通过", "status: 通", ("SCH008", 12)),
    ("MTG", "group id in zhidu.yaml", "zhidu.yaml", "id: group-1", "id: group-I", ("REF003", 13)),
    ("NTC", "published date of a ledger", MARCH, "published: 2025-04-03", "published: 2025-04-3", ("SCH007", 4)),
    ("EVL", "date of the report of the grades", ASSEMBLY, "reported: {date: 2025-02-05",
     "reported: {date: 2025-02-5", ("SCH007", 56)),
    ("SCH", "a misspelt required key", MARCH, "remittance: {date:", "remittance: {dat:", ("SCH005", 33)),
    ("QRM/MTG", "name of a non-party member present", "meetings/2025/2025-01-16-joint-meeting.yaml", "刘晓雯", "刘晓文",
     ("REF003", 9)),
    ("DUE", "amount of a payment for several months", "dues/2024-06.yaml",
     'amount: "234.00", paid_on: 2024-06-24', 'amount: "234.0O", paid_on: 2024-06-24', ("SCH007", 31)),
    ("TRN", "training days", CHEN, "kind: 社区工作者培训, days: 4,", "kind: 社区工作者培训, days: 四,", ("SCH007", 30)),
]


def check(root: pathlib.Path, *options: str) -> list[tuple[str, str, int]]:
    result = CliRunner().invoke(app, ["check", str(root), "--as-of", "2025-12-31", "-f", "json", *options], env=ENV)
    assert "Traceback" not in result.output
    return [(f["code"], f["path"], f["line"]) for f in json.loads(result.stdout)["findings"]]


@pytest.fixture
def branch(tmp_path: pathlib.Path) -> pathlib.Path:
    root = tmp_path / "records"
    shutil.copytree(EXAMPLE, root)
    return root


def test_the_example_branch_is_clean(branch):
    assert check(branch) == []


@pytest.mark.parametrize(("relpath", "text", "typo", "expected"), [case[2:] for case in TYPOS],
                         ids=[f"{case[0]}: {case[1]}" for case in TYPOS])
def test_one_typo_one_finding(branch, relpath, text, typo, expected):
    path = branch / relpath
    original = path.read_text(encoding="utf-8")
    assert text in original
    path.write_text(original.replace(text, typo, 1), encoding="utf-8")
    assert check(branch) == [(expected[0], relpath, expected[1])]


def test_a_member_file_renamed_is_one_finding_at_the_file(branch):
    (branch / "members" / "zhang-jianhua.yaml").rename(branch / "members" / "zhang-jianhau.yaml")
    result = CliRunner().invoke(app, ["check", str(branch), "--as-of", "2025-12-31", "-f", "json"], env=ENV)
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["code"], finding["path"]) == ("REF003", "members/zhang-jianhau.yaml")
    assert "zhang-jianhua" in finding["message"] and len(finding["related"]) == 5


# --- the issue's own examples, inline ----------------------------------------------------------------------

def committee(repo, attendees: str):
    repo.config("records_start: 2025-03-01\n")
    repo.member("li-hua", full_member("li-hua", "李华", roles="  - {role: secretary, from: 2020-01-01}\n"))
    repo.member("zhao-lei", full_member("zhao-lei", "赵磊", roles="  - {role: committee-member, from: 2020-01-01}\n"))
    repo.member("zhou-min", full_member("zhou-min", "周敏", roles="  - {role: committee-member, from: 2020-01-01}\n"))
    repo.write("meetings/2025/2025-03-05-committee.yaml", f"""\
        type: 支委会
        date: 2025-03-05
        chair: li-hua
        recorder: zhao-lei
        attendees: {attendees}
        agenda:
          - {{title: 研究三月工作, summary: 逐项研究。}}
        """)


def test_a_typo_in_attendees_is_one_finding_not_an_absent_chair(repo):
    committee(repo, "[li-hau, zhao-lei, zhou-min]")
    [finding] = repo.check("2025-03-31", select=("REF", "QRM", "CND", "VOT", "MTG001"))
    assert (finding.code, finding.location.path, finding.location.line) == (
        "REF003", "meetings/2025/2025-03-05-committee.yaml", 5)
    assert "li-hua" in finding.message                                 # did you mean li-hua?


def test_without_the_typo_the_meeting_is_judged(repo):
    committee(repo, "[zhao-lei, zhou-min]")                            # 李华 really absent: CND006
    assert [f.code for f in repo.check("2025-03-31", select=("REF", "QRM", "CND", "VOT", "MTG001"))] == ["CND006"]


def dues_branch(repo, amount: str):
    repo.config("records_start: 2025-01-01\n")
    repo.member("wang-wu", full_member("wang-wu", "王五")
                + "dues: {category: retired, base: [{from: 2020-01, amount: '8100.00'}]}\n")
    for month in ("2025-01", "2025-02", "2025-03"):
        value = amount if month == "2025-02" else "81.00"
        repo.write(f"dues/{month}.yaml", f"month: {month}\npublished: {month}-28\npayments:\n"
                                         f"  - {{member: wang-wu, amount: \"{value}\", paid_on: {month}-10}}\n")


def test_full_width_digits_are_read_as_digits_with_a_hint(repo):
    dues_branch(repo, "８１.00")
    [finding] = repo.check("2025-04-15", select=("SCH", "DUE", "NTC005"))
    assert (finding.code, finding.location.path, finding.location.line) == ("SCH007", "dues/2025-02.yaml", 4)
    assert finding.severity.label == "warning"
    assert "全角" in finding.message and "81.00" in finding.message and "半角" in finding.hint
    assert "O" not in finding.hint                                     # not the letter-O hint
    ws = repo.workspace()
    assert ws.records.ledgers[min(ws.records.ledgers) + 1].payments[0].amount == 81   # read as 81.00


def test_full_width_digits_in_a_date_too(repo):
    dues_branch(repo, "81.00")
    repo.write("dues/2025-02.yaml", "month: 2025-02\npublished: 2025-02-28\npayments:\n"
                                    "  - {member: wang-wu, amount: \"81.00\", paid_on: ２０２５-02-10}\n")
    assert [(f.code, f.location.line) for f in repo.check("2025-04-15", select=("SCH", "DUE", "NTC005"))] == [
        ("SCH007", 4)]


def test_the_letter_o_is_one_finding_not_a_missing_payment(repo):
    dues_branch(repo, "8l.00")
    assert [(f.code, f.location.path) for f in repo.check("2025-04-15", select=("SCH", "DUE", "NTC005"))] == [
        ("SCH007", "dues/2025-02.yaml")]


def test_lif_a_typo_in_six_months_of_attendance_is_not_a_lapse(repo):
    # 周八 is written zhou-b at every group meeting: one finding, and no LIF001 "six months absent"
    repo.config("records_start: 2025-01-01\n")
    repo.member("li-hua", full_member("li-hua", "李华"))
    repo.member("zhou-ba", full_member("zhou-ba", "周八"))
    repo.member("wu-jiu", full_member("wu-jiu", "吴九"))
    for month in range(1, 8):
        repo.write(f"meetings/2025/2025-{month:02d}-15-g1.yaml",
                   f"type: 党小组会\ndate: 2025-{month:02d}-15\ngroup: g1\nattendees: [li-hua, zhou-b, wu-jiu]\n")
    [finding] = repo.check("2025-07-31", select=("REF", "LIF"))
    assert (finding.code, finding.location.path) == ("REF003", "members/zhou-ba.yaml")   # referenced nowhere
    repo.write("meetings/2025/2025-01-15-g1.yaml", "type: 党小组会\ndate: 2025-01-15\ngroup: g1\n"
                                                   "attendees: [li-hua, zhou-ba, wu-jiu]\n")
    assert [(f.code, f.location.line) for f in repo.check("2025-07-31", select=("REF", "LIF"))] == [
        ("REF003", 4)] * 6                                                 # now six typos, each where it is


def test_a_decision_whose_subject_is_misspelt_does_not_make_the_admission_undisclosed(repo):
    repo.config("records_start: 2025-01-01\n")
    repo.member("wang-wu", full_member("wang-wu", "王五"))
    repo.member("zhao-liu", full_member("zhao-liu", "赵六"))
    repo.member("chen-chen", """\
        name: 陈晨
        history:
          - {date: 2024-03-01, event: activist, sponsors: [wang-wu, zhao-liu]}
          - {date: 2025-03-10, event: development-target}
          - {date: 2025-04-01, event: trained, days: 3}
          - {date: 2025-06-20, event: admitted, introducers: [wang-wu, zhao-liu], meeting: 2025-06-20-assembly}
        """)
    repo.write("meetings/2025/2025-06-03-committee.yaml", "type: 支委会\ndate: 2025-06-03\n")
    repo.write("meetings/2025/2025-06-20-assembly.yaml", "type: 支部党员大会\ndate: 2025-06-20\n"
                                                         "attendees: [wang-wu, zhao-liu]\n")
    repo.write("decisions/2025/target.yaml", "meeting: 2025-06-03-committee\ntitle: 同意\nkind: admission\n"
                                             "subject: chen-chen\nvotes: {for: 2}\n")
    repo.write("decisions/2025/admit.yaml", "meeting: 2025-06-20-assembly\ntitle: 接收陈晨\nkind: admission\n"
                                            "subject: chen-chn\nvotes: {for: 2}\n"
                                            "disclosures: [{from: 2025-06-09, to: 2025-06-13}]\n")
    assert [(f.code, f.location.path) for f in repo.check("2025-07-01", select=("REF", "NTC", "DEV"))] == [
        ("REF003", "decisions/2025/admit.yaml")]


def test_an_unreadable_holiday_leaves_the_working_days_unjudged(repo):
    # calendar.yaml for 2027 with a bad date: the disclosure's working days are not counted on a guess
    repo.config("records_start: 2027-01-01\n")
    repo.member("wang-wu", full_member("wang-wu", "王五"))
    repo.member("zhao-liu", full_member("zhao-liu", "赵六"))
    repo.member("chen-chen", """\
        name: 陈晨
        history:
          - {date: 2026-01-05, event: activist, sponsors: [wang-wu, zhao-liu]}
          - {date: 2027-01-10, event: development-target}
          - {date: 2027-01-20, event: trained, days: 3}
          - {date: 2027-02-26, event: admitted, introducers: [wang-wu, zhao-liu], decision: admit}
        """)
    repo.write("meetings/2027/2027-02-01-committee.yaml", "type: 支委会\ndate: 2027-02-01\n")
    repo.write("meetings/2027/2027-02-26-assembly.yaml", "type: 支部党员大会\ndate: 2027-02-26\n"
                                                         "attendees: [wang-wu, zhao-liu]\n")
    repo.write("decisions/2027/target.yaml", "meeting: 2027-02-01-committee\ntitle: 同意\nkind: admission\n"
                                             "subject: chen-chen\n")
    repo.write("decisions/2027/admit.yaml", "meeting: 2027-02-26-assembly\ntitle: 接收陈晨\nkind: admission\n"
                                            "subject: chen-chen\nvotes: {for: 2}\n"
                                            "disclosures: [{from: 2027-02-08, to: 2027-02-12}]\n")
    repo.write("calendar.yaml", "years:\n  - year: 2027\n    holidays: [2027-02-08, 2027-02-09, 2027-02-1O]\n")
    assert [(f.code, f.location.path) for f in repo.check("2027-03-01", select=("SCH", "NTC"))] == [
        ("SCH007", "calendar.yaml")]
