"""``zhidu stats``: the year's numbers, each counted by hand here from the records (not from zhidu's output),
the members behind each number (``--explain``), 未填 for missing fields, JSON and the Excel workbook.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from decimal import Decimal

import openpyxl
import pytest
import yaml
from conftest import full_member
from typer.testing import CliRunner

from zhidu_cli.cli.app import app
from zhidu_cli.stats.yearly import age_band, education_band, yearly_stats

ENV = {"NO_COLOR": "1", "COLUMNS": "120", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}
EXAMPLES = pathlib.Path(__file__).parent.parent / "examples" / "records"


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


@pytest.fixture(scope="module")
def example_2025():
    result = run("stats", str(EXAMPLES), "--year", "2025", "--as-of", "2026-01-10", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return data, {f["code"]: f for f in data["figures"]}


def ids(figure) -> list[str]:
    return [r["id"] for r in figure["rows"]]


# --- the example branch, 2025, counted by hand ------------------------------------------------------------
#
# 33 member files. Not party members on 2025-12-31: the applicant 杨帆 (yang-fan), the activists 林晓燕
# (lin-xiaoyan) and 赵梦琪 (zhao-mengqi), the development target 彭宇 (peng-yu), and 郑海涛 (zheng-haitao,
# transferred out 2025-04-18). That leaves 28 members: 27 full and 陈思雨 (chen-siyu), admitted 2025-05-16 and
# approved 2025-06-10, probationary.
#
# Women among the 28: 曹秀兰 陈思雨 韩冬梅 李秀梅 刘桂芳 罗淑英 马丽 彭丽华 孙玉兰 田春梅 吴淑珍 谢婷 = 12;
# men 28 − 12 = 16.
# Ethnicity: 彭丽华 苗族, 王磊 苗族, 田春梅 土家族, 吴淑珍 布依族 = 4 minorities; 24 Han.
# Ages on 2025-12-31 (born → age): 陈思雨 1996-04-23 → 29 (≤30); 黄俊杰 1994-08-12 → 31 and 谢婷 1991-11-07
# → 34 (31–35); 冯晓东 37, 蒋伟 40, 马丽 36, 王磊 38 (36–40); 陈志强 45 (41–45); 高建军 46, 李秀梅 47 (46–50);
# 邓立新 51, 沈建平 55, 张建华 52 (51–55); 彭丽华 56 (56–60); 曹秀兰 69, 韩冬梅 62, 何志刚 70, 刘桂芳 69,
# 田春梅 63, 王德明 66, 吴淑珍 67, 赵国庆 64, 周永福 70 (61–70: 9); 罗淑英 79, 孙玉兰 74, 唐文斌 73, 许国华 75,
# 袁志明 80 (71–80: 5). 1+2+4+1+2+3+1+9+5 = 28.
# Education: 大专 何志刚 田春梅 袁志明 张建华 = 4; 中专 许国华 赵国庆 = 2; 高中 邓立新 韩冬梅 刘桂芳 王磊 吴淑珍 = 5;
# 初中 曹秀兰 彭丽华 孙玉兰 周永福 + 小学 罗淑英 = 5; 本科 the other 12 (硕士 only 郑海涛, who left).
# Groups on 2025-12-31: group-1 陈思雨 何志刚 罗淑英 孙玉兰 王德明 许国华 袁志明 张建华 周永福 = 9; group-3 陈志强
# 邓立新 冯晓东 高建军 黄俊杰 蒋伟 田春梅 谢婷 赵国庆 = 9; group-2 the remaining 10.
# Occupation categories (occupation_category): 离退休人员 14, 专业技术人员 5 (高建军 黄俊杰 马丽 沈建平 谢婷),
# 管理人员 2 (陈志强 蒋伟), 工人 1 (王磊), 其他职业人员 6 (陈思雨 邓立新 冯晓东 李秀梅 彭丽华 张建华).

def test_members_at_year_end(example_2025):
    data, by_code = example_2025
    assert data["counted_on"] == "2025-12-31" and data["complete"] is True
    assert by_code["members.total"]["value"] == 28
    assert (by_code["status.full"]["value"], ids(by_code["status.probationary"])) == (27, ["chen-siyu"])
    assert (by_code["gender.female"]["value"], by_code["gender.male"]["value"]) == (12, 16)
    assert (by_code["ethnicity.han"]["value"], by_code["ethnicity.minority"]["value"]) == (24, 4)
    assert ids(by_code["ethnicity.minority"]) == ["peng-lihua", "tian-chunmei", "wang-lei", "wu-shuzhen"]
    ages = {code: by_code[f"age.{code}"]["value"] for code in
            ("0-30", "31-35", "36-40", "41-45", "46-50", "51-55", "56-60", "61-70", "71-80", "81+")}
    assert ages == {"0-30": 1, "31-35": 2, "36-40": 4, "41-45": 1, "46-50": 2, "51-55": 3, "56-60": 1,
                    "61-70": 9, "71-80": 5, "81+": 0}
    education = {k: by_code[f"education.{k}"]["value"] for k in
                 ("postgraduate", "bachelor", "college", "technical", "high-school", "junior")}
    assert education == {"postgraduate": 0, "bachelor": 12, "college": 4, "technical": 2, "high-school": 5,
                         "junior": 5}
    assert [by_code[f"group.group-{i}"]["value"] for i in (1, 2, 3)] == [9, 10, 9]
    occupations = {k: by_code[f"occupation.{k}"]["value"] for k in ("retired", "professional", "manager",
                                                                      "worker", "other", "farmer")}
    assert occupations == {"retired": 14, "professional": 5, "manager": 2, "worker": 1, "other": 6, "farmer": 0}
    assert data["missing"] == [] and not [c for c in by_code if c.endswith(".unknown")]


# Changes in 2025: 陈思雨 admitted 2025-05-16; 黄俊杰's probation (admitted 2024-06-14) ended in a ``full``
# event on 2025-07-22; 郑海涛 transferred out 2025-04-18. No one came in, lapsed or died.
# Pipeline on 2025-12-31: 杨帆 applied 2025-11-10 (51 days); 林晓燕 activist since 2024-05-08 (602 days) and
# 赵梦琪 since 2025-04-08 (267 days); 彭宇 target since 2025-12-03 (28 days); 陈思雨 probationary since the
# assembly of 2025-05-16 (229 days).

def test_changes_and_pipeline(example_2025):
    _, by_code = example_2025
    assert ids(by_code["change.admitted"]) == ["chen-siyu"]
    assert ids(by_code["change.converted"]) == ["huang-junjie"]
    assert ids(by_code["change.transferred-out"]) == ["zheng-haitao"]
    assert [by_code[f"change.{k}"]["value"] for k in ("transferred-in", "lapsed", "deceased")] == [0, 0, 0]
    assert [(r["id"], r["detail"]) for r in by_code["pipeline.activist"]["rows"]] == [
        ("lin-xiaoyan", "自 2024-05-08，602 天"), ("zhao-mengqi", "自 2025-04-08，267 天")]
    assert ids(by_code["pipeline.applicant"]) == ["yang-fan"]
    assert ids(by_code["pipeline.target"]) == ["peng-yu"]
    assert by_code["pipeline.probationary"]["rows"][0]["detail"] == "自 2025-05-16，229 天"
    assert by_code["pipeline.activist"]["note"] == "在此阶段平均 435 天，最长 602 天"    # (602 + 267) / 2 = 434.5


def test_meetings_dues_and_training(example_2025):
    _, by_code = example_2025
    meetings = EXAMPLES / "meetings" / "2025"
    # 14 committee files in meetings/2025 against 12 required; 6 general assemblies against 4 (one a quarter)
    committee = by_code["meetings.branch-committee"]
    assert (committee["value"], committee["required"]) == (len(list(meetings.glob("*-branch-committee.yaml"))), 12)
    assert committee["value"] == 14
    assembly = by_code["meetings.general-assembly"]
    assert (assembly["value"], assembly["required"]) == (len(list(meetings.glob("*-general-assembly.yaml"))), 4)
    assert by_code["meetings.group-meeting.group-2"]["note"] == "12/12 个周期达标（MTG003）"
    assert (by_code["meetings.branch-committee"]["counts"], by_code["meetings.branch-committee"]["rule"]) == (
        [12, 12], "MTG001")
    assert (by_code["meetings.year-end-review"]["value"], by_code["meetings.year-end-review"]["required"]) == (1, 1)

    # Remitted: 4813.40 + 4667.40 + 4176.90 + 4830.90 = 18488.60 (the four quarterly remittances)
    assert by_code["dues.remitted"]["value"] == "18488.60"
    # Collected: every 2025 payment written in the 2025 ledgers and not paid elsewhere, summed from the YAML
    collected = Decimal(0)
    for path in sorted((EXAMPLES / "dues").glob("2025-*.yaml")):
        for payment in yaml.safe_load(path.read_text(encoding="utf-8")).get("payments") or ():
            if not payment.get("elsewhere"):
                collected += Decimal(str(payment["amount"]))
    assert Decimal(by_code["dues.collected"]["value"]) == collected == Decimal("18488.60")
    # every member paid every month of 2025: owed equals paid, nothing outstanding at year end
    assert by_code["dues.owed"]["value"] == by_code["dues.paid"]["value"]
    assert (by_code["dues.outstanding"]["value"], by_code["dues.outstanding"]["rows"]) == ("0.00", [])

    # each of the 28 members has two 3-day collective-education sessions in 2025: 28 × 6 = 168 days
    assert by_code["training.kind.collective"]["value"] == "168"
    total = Decimal(0)
    for path in (EXAMPLES / "members").glob("*.yaml"):
        member = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.stem in {"yang-fan", "lin-xiaoyan", "zhao-mengqi", "peng-yu", "zheng-haitao"}:
            continue                                         # not members on 2025-12-31
        total += sum((Decimal(str(t["days"])) for t in member.get("training") or ()
                      if str(t["date"]).startswith("2025")), Decimal(0))
    assert Decimal(by_code["training.days"]["value"]) == total
    assert by_code["training.short"]["value"] == 0


def test_table_lists_sections_and_says_nothing_is_missing():
    result = run("stats", str(EXAMPLES), "--year", "2025", "--as-of", "2026-01-10")
    assert result.exit_code == 0
    for title in ("年末党员", "年内变化", "发展党员", "会议", "组织生活出勤", "党费", "培训"):
        assert title in result.stdout
    assert "18488.60 元" in result.stdout and "统计所用字段均已填写" in result.stdout


def test_explain_lists_the_members_behind_a_number():
    result = run("stats", str(EXAMPLES), "--year", "2025", "--as-of", "2026-01-10", "--explain", "ethnicity.minority")
    assert result.exit_code == 0
    assert "ethnicity.minority 少数民族: 4" in result.stdout
    for name, text in (("彭丽华", "苗族"), ("田春梅", "土家族"), ("王磊", "苗族"), ("吴淑珍", "布依族")):
        assert name in result.stdout and text in result.stdout
    prefix = run("stats", str(EXAMPLES), "--year", "2025", "--as-of", "2026-01-10", "--explain", "change", "-f", "json")
    assert [f["code"] for f in json.loads(prefix.stdout)["figures"]][:2] == ["change.admitted", "change.converted"]
    wrong = run("stats", str(EXAMPLES), "--year", "2025", "--explain", "gendr.female", "--as-of", "2026-01-10")
    assert wrong.exit_code == 2 and "gender.female" in wrong.output


def test_xlsx_reopened(tmp_path):
    target = tmp_path / "2025.xlsx"
    result = run("stats", str(EXAMPLES), "--year", "2025", "--as-of", "2026-01-10", "--xlsx", str(target))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["统计", "名单", "未填"]
    sheet = book["统计"]
    assert sheet["A1"].value == "中共南苑路社区支部委员会 2025 年党内统计"
    assert [c.value for c in sheet[3]] == ["类别", "代码", "项目", "数值", "单位", "应开 / 应到", "说明"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["members.total"][3] == 28 and rows["gender.female"][3] == 12
    assert rows["dues.remitted"][3] == pytest.approx(18488.60) and rows["dues.remitted"][4] == "元"
    assert rows["meetings.branch-committee"][3:6] == (14, "次", 12)
    names = [row for row in book["名单"].iter_rows(min_row=2, values_only=True) if row[0] == "gender.female"]
    assert len(names) == 12 and ("gender.female", "女性", "chen-siyu", "陈思雨", None) in names
    assert book["未填"]["A2"].value == "无" and book["未填"].max_row == 2
    # nothing private: no phone number or ID number of any member in any cell
    cells = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value is not None)
    assert "15985176320" not in cells and "520103199604230446" not in cells
    again = run("stats", str(EXAMPLES), "--year", "2025", "--as-of", "2026-01-10", "--xlsx", str(target))
    assert again.exit_code == 2 and "--force" in again.output


# --- inline records -----------------------------------------------------------------------------------

def test_missing_fields_are_counted_as_not_filled_and_listed(repo):
    repo.member("wang", "name: 王五\ngender: 男\nborn: 1960-05-01\nethnicity: 汉族\neducation: 本科\n"
                        "occupation_category: 离退休人员\ngroup: g1\nhistory:\n  - {date: 2000-07-01, event: full}\n")
    repo.member("li", "name: 李四\neducation: 自学成才\nhistory:\n  - {date: 2000-07-01, event: full}\n")
    stats = yearly_stats(repo.workspace().records, None, 2025, dt.date(2025, 12, 31))
    for code in ("gender.unknown", "age.unknown", "ethnicity.unknown", "occupation.unknown"):
        assert [r.id for r in stats.figure(code).rows] == ["li"], code
    # an education zhidu cannot place is counted as such, with the text written
    unplaced = stats.figure("education.unrecognized")
    assert [(r.id, r.detail_zh) for r in unplaced.rows] == [("li", "自学成才")]
    assert stats.figure("members.total").value == 2
    assert [r.id for r in stats.figure("group.none").rows] == ["li"]          # in no group on the day counted
    assert {f.code for f in stats.missing} == {"gender.unknown", "age.unknown", "ethnicity.unknown",
                                               "occupation.unknown", "education.unrecognized", "group.none"}
    result = run("stats", "-C", str(repo.root), "--year", "2025", "--as-of", "2025-12-31")
    assert "未填或无法归类" in result.stdout and "gender.unknown: 李四 (li)" in result.stdout


def test_attendance_rates(repo):
    repo.config("records_start: 2025-01-01\n")
    repo.member("wang", full_member("wang", "王五"))
    repo.member("li", full_member("li", "李四"))
    repo.write("meetings/2025/2025-03-10-g1.yaml", "type: 党小组会\ndate: 2025-03-10\ngroup: g1\n"
                                                     "attendees: [wang, li]\n")
    repo.write("meetings/2025/2025-04-10-g1.yaml", "type: 党小组会\ndate: 2025-04-10\ngroup: g1\n"
                                                     "attendees: [wang]\nabsent: [{member: li, reason: 出差}]\n")
    stats = yearly_stats(repo.workspace().records, None, 2025, dt.date(2025, 12, 31))
    # 王五 2 of 2, 李四 1 of 2: 3 attendances of 4 expected = 75.0%
    overall = stats.figure("attendance.overall")
    assert (overall.value, overall.required) == (Decimal("75.0"), 4)
    assert stats.figure("attendance.group.g1").value == Decimal("75.0")
    assert stats.figure("attendance.group.g2").value is None        # nobody expected: no rate
    assert stats.figure("attendance.age.unknown").value == Decimal("75.0")   # neither has ``born``
    assert stats.figure("attendance.age.61-70") is None                      # nobody in that band
    assert [r.id for r in stats.figure("attendance.band.100").rows] == ["wang"]
    assert [(r.id, r.detail_zh) for r in stats.figure("attendance.band.50-74").rows] == [("li", "1/2 次（50.0%）")]


def test_changes_in_the_year(repo):
    repo.member("new", "name: 新人\nhistory:\n  - {date: 2024-03-01, event: admitted}\n"
                       "  - {date: 2024-04-01, event: approved}\n  - {date: 2025-03-01, event: full}\n")
    repo.member("old", full_member("old", "老党员", since="1980-01-01")
                + "  - {date: 2025-06-01, event: deceased}\n")
    repo.member("came", "name: 来者\nhistory:\n  - {date: 2025-02-01, event: transferred-in, status: full}\n")
    repo.member("late", full_member("late", "晚录", since="2025-05-01"))   # a history opening with ``full``
    stats = yearly_stats(repo.workspace().records, None, 2025, dt.date(2025, 12, 31))
    assert [r.id for r in stats.figure("change.converted").rows] == ["new"]
    assert [r.id for r in stats.figure("change.deceased").rows] == ["old"]
    assert [r.id for r in stats.figure("change.transferred-in").rows] == ["came"]
    assert stats.figure("change.admitted").value == 0              # admitted in 2024
    assert stats.figure("members.total").value == 3                # new, came, late; old died


def test_a_year_in_progress_is_counted_to_the_as_of_date(repo):
    repo.member("wang", full_member("wang", "王五"))
    result = run("stats", "-C", str(repo.root), "--year", "2025", "--as-of", "2025-06-30", "-f", "json")
    data = json.loads(result.stdout)
    assert (data["counted_on"], data["complete"]) == ("2025-06-30", False)
    assert "年度未结束" in run("stats", "-C", str(repo.root), "--year", "2025", "--as-of", "2025-06-30").stdout
    future = run("stats", "-C", str(repo.root), "--year", "2026", "--as-of", "2025-06-30")
    assert future.exit_code == 2 and "尚未开始" in future.output


@pytest.mark.parametrize(("age", "band"), [(30, "0-30"), (31, "31-35"), (60, "56-60"), (61, "61-70"),
                                           (80, "71-80"), (81, "81+")])
def test_age_band_boundaries(age, band):
    assert age_band(age)[0] == band


@pytest.mark.parametrize(("text", "band"), [("硕士研究生", "postgraduate"), ("大学本科", "bachelor"), ("本科", "bachelor"),
                                            ("大学专科", "college"), ("大专", "college"), ("中专", "technical"),
                                            ("职高", "high-school"), ("小学", "junior"), ("自学", None), (None, None)])
def test_education_bands(text, band):
    assert education_band(text) == band


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_golden(lang):
    """The 2025 table as a person reads it (``ZHIDU_UPDATE_GOLDEN=1`` regenerates; its numbers are the ones
    counted by hand above)."""
    import os

    result = run("stats", str(EXAMPLES), "--year", "2025", "--as-of", "2026-01-10", "--lang", lang)
    path = pathlib.Path(__file__).parent / "golden" / "stats" / f"examples-2025.{lang}.txt"
    if os.environ.get("ZHIDU_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")
