"""Documents: minutes and notices built from the records, rendered through the sandbox.

Three layers are tested:

* the contexts (:mod:`zhidu_cli.render.documents`) on a small inline repository: the counts, the
  verdicts and the working-day periods a document states, exactly at their boundaries;
* privacy: no private value of any record reaches any context or any rendered document;
* ``zhidu render`` end to end: output, ``-o``/``--force``, ``--all``, ``--to html``, ``--list``,
  unknown ids and hostile repository templates (exit 2, located, no traceback).

Golden files of every template rendered on ``examples/records`` are in ``tests/golden/render/``;
regenerate them after a deliberate change with::

    ZHIDU_UPDATE_GOLDEN=1 pytest tests/test_render_documents.py
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pathlib
import textwrap
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from zhidu_cli.cli import render as render_cli
from zhidu_cli.cli.app import app
from zhidu_cli.model.fields import record_fields
from zhidu_cli.render import RenderLimits, make_environment, render_template
from zhidu_cli.render import documents as D
from zhidu_cli.schedule.months import YearMonth
from zhidu_cli.workspace import open_workspace

ENV = {"NO_COLOR": "1", "COLUMNS": "100"}
AS_OF = dt.date(2025, 12, 31)
GOLDEN = pathlib.Path(__file__).parent / "golden" / "render"
UPDATE = os.environ.get("ZHIDU_UPDATE_GOLDEN") == "1"
EXAMPLES = pathlib.Path(__file__).parent.parent / "examples" / "records"

# --------------------------------------------------------------------------- the inline repository

BRANCH = """\
name: 中共幸福里社区支部委员会
short_name: 幸福里社区党支部
upper: 中共和平街道工作委员会
address: 幸福里社区党群服务中心一楼党务公开栏
contact: 0851-86001234
founded: 2015-01-01
records_start: 2025-01-01
groups:
  - {id: g1, name: 第一党小组}
residents_committee:
  - {name: 赵居民, role: 居委会委员, from: 2021-01-01, phone: "13900001111"}
"""

FILES = {
    "members/zhang-san.yaml": """\
        name: 张三
        gender: 男
        phone: "13800000001"
        id_number: "520102196501011234"
        address: 幸福里小区1栋101
        group: g1
        roles:
          - {role: secretary, from: 2021-01-01}
        dues: {category: retired, base: [{from: 2025-01, amount: "4200.00"}]}
        history:
          - {date: 1995-07-01, event: full}
        """,
    "members/li-si.yaml": """\
        name: 李四
        gender: 女
        phone: "13800000002"
        id_number: "520102197002021234"
        address: 幸福里小区2栋202
        group: g1
        roles:
          - {role: committee-member, from: 2021-01-01}
        dues: {category: employed, base: [{from: 2025-01, amount: "3500.00"}]}
        history:
          - {date: 2000-07-01, event: full}
        """,
    "members/wang-wu.yaml": """\
        name: 王五
        gender: 男
        phone: "13800000003"
        address: 幸福里小区3栋303
        group: g1
        roles:
          - {role: committee-member, from: 2021-01-01}
        dues: {category: retired, base: [{from: 2025-01, amount: "3000.00"}]}
        history:
          - {date: 2005-07-01, event: full}
          - {date: 2025-02-01, event: away, place: 深圳, certificate: card, contact: "微信 ww-sz-2025"}
        """,
    "members/zhao-liu.yaml": """\
        name: 赵六
        gender: 女
        ethnicity: 汉族
        born: 1995-05-20
        education: 大学本科
        occupation: 社区网格员
        phone: "13800000004"
        id_number: "520102199505201234"
        address: 幸福里小区4栋404
        group: g1
        history:
          - {date: 2022-03-01, event: applied}
          - {date: 2022-06-10, event: activist, sponsors: [zhang-san, li-si]}
          - {date: 2023-09-05, event: development-target}
          - {date: 2023-10-10, event: trained, days: 3}
        """,
    "members/sun-qi.yaml": """\
        name: 孙七
        gender: 男
        ethnicity: 汉族
        born: 1990-01-15
        education: 大专
        occupation: 个体经营
        phone: "13800000005"
        id_number: "520102199001151234"
        address: 幸福里小区5栋505
        group: g1
        dues: {category: student}
        history:
          - {date: 2021-03-01, event: applied}
          - {date: 2021-06-01, event: activist, sponsors: [zhang-san, li-si]}
          - {date: 2022-09-01, event: development-target}
          - {date: 2024-06-20, event: admitted, introducers: [zhang-san, li-si]}
          - {date: 2024-07-15, event: approved, by: 中共和平街道工作委员会}
        """,
    "meetings/2025/2025-03-10-branch-committee.yaml": """\
        type: 支委会
        date: 2025-03-10
        time: "14:30"
        end_time: "16:00"
        place: 社区党群服务中心会议室
        chair: zhang-san
        recorder: li-si
        attendees: [zhang-san, li-si]
        absent:
          - {member: wang-wu, reason: 外出务工}
        agenda:
          - title: 研究赵六拟接收为预备党员
            summary: 同意提交支部党员大会讨论，先行公示。
            decisions: [dt-zhao-liu]
        """,
    "decisions/2025/dt-zhao-liu.yaml": """\
        meeting: 2025-03-10-branch-committee
        title: 同意赵六作为预备党员接收对象并进行公示
        kind: admission
        subject: zhao-liu
        votes: {for: 2}
        disclosures:
          - {from: 2025-03-11, to: 2025-03-17, channel: 党务公开栏}
        """,
    "meetings/2025/2025-06-25-general-assembly.yaml": """\
        type: 支部党员大会
        date: 2025-06-25
        time: "09:00"
        place: 社区党群服务中心
        chair: zhang-san
        recorder: li-si
        attendees: [zhang-san, li-si, sun-qi]
        absent:
          - {member: wang-wu, reason: 在外地务工}
        agenda:
          - title: 讨论孙七同志转为正式党员
            summary: 党员逐一发表意见后表决。
            decisions: [conv-sun-qi]
        """,
    "decisions/2025/conv-sun-qi.yaml": """\
        meeting: 2025-06-25-general-assembly
        title: 孙七同志按期转为正式党员
        kind: conversion
        subject: sun-qi
        votes: {for: 2, written_for: 1}
        disclosures:
          - {from: 2025-06-09, to: 2025-06-13, channel: 党务公开栏}
        """,
    "meetings/2025/2025-05-20-hearing.yaml": """\
        type: 听证会
        title: 小区加装电梯听证会
        date: 2025-05-20
        time: "15:00"
        place: 社区党群服务中心二楼
        chair: zhang-san
        recorder: li-si
        topic: 幸福里小区3栋加装电梯方案
        headcount: {expected: 25, present: 18}
        guests: [区住建局 刘科长]
        notice: {date: 2025-05-15, channel: 社区公示栏}
        result_published: {date: 2025-05-23, channel: 居务公开栏}
        agenda:
          - title: 加装电梯方案介绍及意见征询
            summary: 与会代表充分发表意见。
            decisions: [hearing-elevator]
        """,
    "decisions/2025/hearing-elevator.yaml": """\
        meeting: 2025-05-20-hearing
        title: 同意幸福里小区3栋加装电梯方案
        content: 按审定方案实施，费用由业主按楼层分摊。
        votes: {for: 10, against: 7, abstain: 1}
        """,
    "meetings/2025/2025-12-20-review-meeting.yaml": """\
        type: 四报一评议
        date: 2025-12-20
        place: 社区党群服务中心
        chair: zhang-san
        recorder: li-si
        headcount: {expected: 40, present: 36}
        result_published: {date: 2025-12-24, channel: 党务公开栏}
        agenda:
          - title: 社区党支部书记述职
            summary: 测评结果：满意32票，基本满意4票，不满意0票。
        """,
    "meetings/2025/2025-12-28-democratic-review.yaml": """\
        type: 民主评议党员
        date: 2025-12-28
        place: 社区党群服务中心
        chair: zhang-san
        recorder: li-si
        attendees: [zhang-san, li-si, sun-qi]
        reviews:
          - {member: zhang-san, grade: 优秀}
          - {member: li-si, grade: 合格}
          - {member: sun-qi, grade: 不合格, measure: 限期改正}
          - {member: wang-wu, grade: 合格, written: true}
        """,
    "dues/2025-03.yaml": """\
        month: 2025-03
        published: 2025-04-08
        payments:
          - {member: zhang-san, amount: "21.00", paid_on: 2025-03-05}
          - {member: li-si, amount: "30.00", paid_on: 2025-03-06}
          - {member: wang-wu, amount: "15.00", paid_on: 2025-03-06, paid_by: li-si}
        remittance: {date: 2025-03-31, amount: "66.00", to: 中共和平街道工作委员会}
        """,
}


def write_repo(root: pathlib.Path, branch: str = BRANCH, **changes: str | None) -> pathlib.Path:
    """The inline repository under ``root``; ``changes`` replace (text) or drop (None) files by path."""
    files = {"zhidu.yaml": branch, **FILES}
    for key, text in changes.items():
        path = key.replace("__", "/").replace("_yaml", ".yaml")
        files[path] = text
    for path, text in files.items():
        if text is None:
            continue
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def branch_repo(tmp_path: pathlib.Path) -> pathlib.Path:
    return write_repo(tmp_path / "branch")


@pytest.fixture
def ws(branch_repo: pathlib.Path):
    return open_workspace(branch_repo)


def zhidu(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def render(ws, context) -> str:
    return render_template(make_environment(ws.root), context["document"]["template"], context)


# --------------------------------------------------------------------------- minutes


def test_minutes_state_attendance_quorum_votes_and_signatures(ws):
    context = D.minutes_context(ws, "2025-03-10-branch-committee", as_of=AS_OF)
    attendance = context["attendance"]
    assert [p["name"] for p in attendance["present"]] == ["张三", "李四"]
    assert attendance["absent"] == [{"id": "wang-wu", "name": "王五", "reason": "外出务工", "leave": True,
                                     "expected": True}]
    assert (attendance["expected_count"], attendance["present_count"], attendance["absent_count"]) == (3, 2, 1)
    # QRM002: at least half of the committee — 2 of 3 is enough
    assert context["quorum"] == {"code": "QRM002", "type": "branch-committee", "type_name": "支委会",
                                 "counts": "people", "counts_name": "", "expected": 3, "present": 2,
                                 "threshold": "半数以上", "required": 2, "passed": True, "recorded": True,
                                 "cadre": False}
    text = render(ws, context)
    assert text.startswith("# 幸福里社区党支部会议记录\n\n会议类型：支委会\n时间：2025年3月10日（星期一）14:30—16:00\n")
    assert "缺席人员：王五（外出务工，已请假）\n" in text
    assert "会议有效性：应到3人，实到2人，按规定须半数以上（至少2人），符合规定人数，会议有效。" in text
    assert "### 一、研究赵六拟接收为预备党员\n\n同意提交支部党员大会讨论，先行公示。\n" in text
    assert text.endswith("主持人（签字）：　　　　　　　　　　记录人（签字）：　　　　　　　　　　\n")


def test_minutes_judge_a_conversion_vote_against_the_full_members_expected(ws):
    context = D.minutes_context(ws, "2025-06-25-general-assembly", as_of=AS_OF)
    decision = context["agenda"][0]["decisions"][0]
    # VOT001: 3 full members expected (孙七 is probationary), written for-votes count
    assert decision["result"] == {"code": "VOT001", "votes_for": 3, "written_for": 1, "base": 3,
                                  "base_name": "应到会有表决权的正式党员", "threshold": "超过半数",
                                  "required": 2, "passed": True, "recused": 0}
    assert context["quorum"]["counts_name"] == "有表决权的正式党员"
    text = render(ws, context)
    assert "表决结果：赞成3票（含会前书面表决1票），反对0票，弃权0票。\n" in text
    assert "按规定赞成票须超过半数（以应到会有表决权的正式党员3人计），即至少2票；计入赞成3票，通过。\n" in text


def test_minutes_of_an_assembly_at_exactly_half_say_it_failed_its_quorum(tmp_path):
    # 超过半数 is strict: 2 of 4 full members present fails (RULEBOOK §2)
    assembly = "meetings/2025/2025-06-25-general-assembly.yaml"
    root = write_repo(tmp_path, **{
        "members/zhou-ba.yaml": "name: 周八\ngroup: g1\nhistory:\n  - {date: 2001-07-01, event: full}\n",
        assembly: FILES[assembly].replace("[zhang-san, li-si, sun-qi]", "[zhang-san, li-si]"),
    })
    ws = open_workspace(root)
    context = D.minutes_context(ws, "2025-06-25-general-assembly", as_of=AS_OF)
    assert (context["quorum"]["expected"], context["quorum"]["present"], context["quorum"]["passed"]) == (4, 2, False)
    assert "至少3人），未达到规定人数，会议无效。" in render(ws, context)
    absent = {p["name"]: p["reason"] for p in context["attendance"]["absent"]}
    assert absent == {"王五": "在外地务工", "孙七": "", "周八": ""}


def test_minutes_of_a_democratic_review_list_grades_and_written_participation(ws):
    context = D.minutes_context(ws, "2025-12-28-democratic-review", as_of=AS_OF)
    assert [p["name"] for p in context["attendance"]["written"]] == ["王五"]
    text = render(ws, context)
    assert "应到4人，实到3人，书面参加1人，缺席0人。" in text
    assert "参加评议4人：优秀1人，合格2人，不合格1人。" in text
    assert "| 3 | 孙七 | 不合格 | 限期改正 |" in text and "| 4 | 王五 | 合格 | 书面参加 |" in text


def test_meetings_of_a_year_are_in_date_order(ws):
    assert D.meetings_of_year(ws, 2025) == [
        "2025-03-10-branch-committee", "2025-05-20-hearing", "2025-06-25-general-assembly",
        "2025-12-20-review-meeting", "2025-12-28-democratic-review"]
    assert D.meetings_of_year(ws, 2024) == []


# --------------------------------------------------------------------------- notices


def test_development_target_notice_uses_the_recorded_disclosure(ws):
    context = D.notice_context(ws, "development-target", ids=["zhao-liu"], as_of=AS_OF)
    assert context["period"] == {"start": dt.date(2025, 3, 11), "end": dt.date(2025, 3, 17), "workdays": 5,
                                 "required_workdays": 5, "computed": False, "channel": "党务公开栏",
                                 "uncovered_years": []}
    person = context["people"][0]
    assert (person["development_target"], person["committee"]) == (dt.date(2023, 9, 5), dt.date(2025, 3, 10))
    text = render(ws, context)
    assert "赵六，女，汉族，1995年5月出生，大学本科，社区网格员。2022年3月1日递交入党申请书，" in text
    assert "公示时间：2025年3月11日至2025年3月17日（5个工作日）。" in text
    assert "向幸福里社区党支部反映，也可直接向中共和平街道工作委员会反映" in text
    assert "受理地点：幸福里社区党群服务中心一楼党务公开栏\n联系电话：0851-86001234\n" in text
    assert text.endswith("幸福里社区党支部（盖章）\n2025年3月11日\n")


def test_a_disclosure_from_a_friday_before_national_day_runs_over_the_holiday(ws):
    # Fri 26 Sep, Sun 28 Sep (调休), 29, 30 Sep, Thu 9 Oct: five working days (schedule.workdays)
    context = D.notice_context(ws, "development-target", ids=["zhao-liu"], as_of=AS_OF,
                               start=dt.date(2025, 9, 26))
    assert (context["period"]["end"], context["period"]["computed"]) == (dt.date(2025, 10, 9), True)
    assert "公示时间：2025年9月26日至2025年10月9日（5个工作日）。" in render(ws, context)


def test_the_period_length_follows_the_rule_setting_in_zhidu_yaml(tmp_path):
    root = write_repo(tmp_path, branch=BRANCH + "rules:\n  NTC003: {working_days: 7}\n")
    ws = open_workspace(root)
    context = D.notice_context(ws, "development-target", ids=["zhao-liu"], as_of=AS_OF,
                               start=dt.date(2025, 9, 1))
    assert (context["period"]["end"], context["period"]["workdays"]) == (dt.date(2025, 9, 9), 7)
    override = D.notice_context(ws, "development-target", ids=["zhao-liu"], as_of=AS_OF,
                                start=dt.date(2025, 9, 1), days=6)
    assert override["period"]["end"] == dt.date(2025, 9, 8)


def test_a_period_in_a_year_the_calendar_lacks_is_counted_monday_to_friday_and_said(branch_repo):
    result = zhidu("render", "notice", "conversion", "sun-qi", "--from", "2099-09-30", "-C", str(branch_repo))
    assert result.exit_code == 0, result.output
    assert "公示时间：2099年9月30日至2099年10月6日（5个工作日）。" in result.stdout
    assert "提示：2099 年的法定节假日安排未知，工作日按周一至周五计算" in result.stderr


def test_conversion_notice_states_admission_approval_and_probation_end(ws):
    context = D.notice_context(ws, "conversion", ids=["sun-qi"], as_of=AS_OF)
    person = context["people"][0]
    assert person["probation"] == {"start": dt.date(2024, 6, 20), "end": dt.date(2025, 6, 20),
                                   "extended_months": 0}
    text = render(ws, context)
    assert ("2024年6月20日经支部党员大会讨论接收为预备党员（入党介绍人：张三、李四），2024年7月15日经中共和平街道"
            "工作委员会批准，预备期至2025年6月20日期满。") in text
    assert "公示时间：2025年6月9日至2025年6月13日（5个工作日）。" in text


def test_decision_notice_is_signed_by_the_branch_head_and_not_dated_by_the_pre_vote_disclosure(ws):
    context = D.notice_context(ws, "decision", ids=["conv-sun-qi"], as_of=AS_OF)
    assert context["period"]["start"] == AS_OF     # the 6-09 disclosure preceded the vote
    text = render(ws, context)
    assert "| 表决情况 | 赞成3票（含会前书面表决1票），反对0票，弃权0票；通过（赞成票须超过半数，" in text
    assert "党组织负责人（签字）：　　　　　　　　　　\n" in text


def test_hearing_notice_is_dated_by_the_recorded_notice_else_three_days_before(ws, tmp_path):
    context = D.notice_context(ws, "hearing", ids=["2025-05-20-hearing"], as_of=AS_OF)
    assert (context["document"]["issued"], context["latest_notice"]) == (dt.date(2025, 5, 15), dt.date(2025, 5, 17))
    text = render(ws, context)
    assert "一、时间：2025年5月20日（星期二）15:00\n\n二、地点：社区党群服务中心二楼\n" in text
    assert "共25人；邀请区住建局 刘科长列席\n" in text and "三、内容：幸福里小区3栋加装电梯方案\n" in text
    meeting = FILES["meetings/2025/2025-05-20-hearing.yaml"].replace(
        "        notice: {date: 2025-05-15, channel: 社区公示栏}\n", "")
    unannounced = open_workspace(write_repo(tmp_path / "b", **{"meetings/2025/2025-05-20-hearing.yaml": meeting}))
    assert D.notice_context(unannounced, "hearing", ids=["2025-05-20-hearing"], as_of=AS_OF)[
        "document"]["issued"] == dt.date(2025, 5, 17)


def test_hearing_result_is_judged_on_those_present_and_strictly(ws):
    context = D.notice_context(ws, "hearing-result", ids=["2025-05-20-hearing"], as_of=AS_OF)
    assert set(context["attendance"]) == {"expected_count", "present_count", "absent_count", "written_count",
                                          "headcount"}
    result = context["agenda"][0]["decisions"][0]["result"]
    # VOT004: more than half of the 18 present: 10 passes (9 would not)
    assert (result["code"], result["base"], result["required"], result["passed"]) == ("VOT004", 18, 10, True)
    text = render(ws, context)
    assert "会议应到25人，实到18人，超过半数出席，会议有效。" in text
    assert "公告时间：2025年5月23日至2025年5月29日（5个工作日）。" in text


def test_review_result_names_only_the_excellent(ws):
    context = D.notice_context(ws, "review-result", ids=["2025-12-28-democratic-review"], as_of=AS_OF)
    text = render(ws, context)
    assert "参加评议党员4名，评定结果为：优秀1名，合格2名，基本合格0名，不合格1名。\n评为优秀的党员：张三。" in text
    assert "孙七" not in text
    meeting = D.notice_context(ws, "review-result", ids=["2025-12-20-review-meeting"], as_of=AS_OF)
    assert "一、社区党支部书记述职。测评结果：满意32票" in render(ws, meeting)


def test_dues_notice_states_the_month_and_totals_in_capitals(ws):
    context = D.notice_context(ws, "dues", month=YearMonth(2025, 3), as_of=AS_OF)
    dues = context["dues"]
    # owed 21.00 + 35.00 + 15.00 + 0.20; 李四 paid 30.00 of 35.00, 王五 paid by 李四, 孙七 nothing
    assert (dues["members"], dues["paid_count"], dues["partial_count"], dues["unpaid_count"]) == (4, 2, 1, 1)
    assert (dues["owed"], dues["paid"], dues["collected"]) == (Decimal("71.20"), Decimal("66.00"), Decimal("66.00"))
    assert context["document"]["issued"] == dt.date(2025, 4, 8)   # the ledger's published date
    text = render(ws, context)
    assert text.startswith("# 2025年3月党费收缴情况公示\n")
    assert "一、本月应交纳党费的党员4名，已交纳2名，未交足1名，未交纳1名。" in text
    assert "二、本月应交党费合计71.20元（柒拾壹元贰角）；为本月交纳的党费合计66.00元（陆拾陆元整）。" in text
    assert "2025年3月31日已上缴中共和平街道工作委员会66.00元（陆拾陆元整）。" in text
    assert "### 第一党小组\n\n| 序号 | 姓名 | 应交（元） | 已交（元） | 状态 | 备注 |\n" in text
    assert "| 1 | 李四 | 35.00 | 30.00 | 未交足 |  |\n" in text
    assert "| 3 | 王五 | 15.00 | 15.00 | 已交 | 他人代交 |\n" in text
    assert "合计：4名党员，应交71.20元，已交66.00元，本月账簿实收66.00元。" in text
    assert "公示时间：2025年4月8日至2025年4月14日（5个工作日）。" in text


def test_dues_notice_notes_advance_late_proxy_and_money_paid_in_another_ledger(tmp_path):
    march = FILES["dues/2025-03.yaml"].replace(
        '{member: zhang-san, amount: "21.00", paid_on: 2025-03-05}',
        '{member: zhang-san, amount: "42.00", paid_on: 2025-03-05, months: [2025-03, 2025-04]}')
    april = """\
        month: 2025-04
        published: 2025-05-08
        payments:
          - {member: li-si, amount: "40.00", paid_on: 2025-04-03, months: [2025-03]}
          - {member: li-si, amount: "35.00", paid_on: 2025-04-03}
        """
    ws = open_workspace(write_repo(tmp_path, **{"dues/2025-03.yaml": march, "dues/2025-04.yaml": april}))
    text = render(ws, D.notice_context(ws, "dues", month=YearMonth(2025, 3), as_of=AS_OF))
    assert "| 4 | 张三 | 21.00 | 21.00 | 已交 | 本月账簿实收42.00元；预交2025年4月 |\n" in text
    text = render(ws, D.notice_context(ws, "dues", month=YearMonth(2025, 4), as_of=AS_OF))
    assert "| 1 | 李四 | 35.00 | 35.00 | 已交 | 本月账簿实收75.00元；补交2025年3月 |\n" in text
    assert "| 4 | 张三 | 21.00 | 21.00 | 已交 | 已在其他月份交纳 |\n" in text


@pytest.mark.parametrize("kind, ids, month, words", [
    ("development-target", ["zhao-liu"], None, []),
    ("development-target", ["zhao-lui"], None, ["zhao-liu", "没有编号为「zhao-lui」的成员"]),
    ("development-target", ["zhang-san"], None, ["没有“确定为发展对象”的记录"]),
    ("development-target", [], None, ["至少一个成员编号"]),
    ("conversion", ["zhao-liu"], None, ["没有“支部大会接收为预备党员”的记录"]),
    ("decision", ["conv-sun-q"], None, ["conv-sun-qi"]),
    ("decision", ["a", "b"], None, ["只需要一个决定编号"]),
    ("hearing", ["2025-03-10-branch-committee"], None, ["是支委会", "2025-05-20-hearing"]),
    ("review-result", ["2025-05-20-hearing"], None, ["2025-12-28-democratic-review"]),
    ("dues", [], None, ["--month"]),
    ("dues", [], YearMonth(2025, 4), ["2025-03", "没有 2025-04 的党费账簿"]),
    ("dues", ["x"], YearMonth(2025, 3), ["不需要编号"]),
    ("hearing", ["2025-05-20-hearing"], YearMonth(2025, 3), ["不需要 --month"]),
    ("hearings", [], None, ["hearing"]),
])
def test_documents_that_cannot_be_made_say_why_with_suggestions(ws, kind, ids, month, words):
    if not words:
        assert D.notice_context(ws, kind, ids=ids, month=month, as_of=AS_OF)
        return
    with pytest.raises(D.DocumentError) as caught:
        D.notice_context(ws, kind, ids=ids, month=month, as_of=AS_OF)
    said = caught.value.message("zh") + " " + " ".join(caught.value.suggestions)
    assert all(word in said for word in words), said
    assert caught.value.message("en")


def test_notice_kinds_accept_chinese_names():
    assert D.notice_kind("转正").key == "conversion"
    assert D.notice_kind("听证结果").key == "hearing-result"
    assert D.all_template_names()[0] == "minutes.md.j2"
    assert len(D.all_template_names()) == 1 + len(D.NOTICE_KINDS)


# --------------------------------------------------------------------------- privacy


def private_values(records) -> set[str]:
    """Every value of every field the schema marks private, in every record (found, not listed)."""
    found: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, tuple):
            for item in value:
                walk(item)
            return
        if not dataclasses.is_dataclass(value):
            return
        for field, spec in record_fields(type(value)):
            item = getattr(value, field.name)
            if spec.private and item is not None:
                found.add(str(item))
            else:
                walk(item)

    walk(records.branch)
    for table in (records.members, records.decisions, records.ledgers):
        for record in table.values():
            walk(record)
    for meeting in records.meetings:
        walk(meeting)
    return found


PLAIN = (str, int, bool, Decimal, dt.date, type(None))


def assert_plain(value, path="context") -> None:
    """Contexts hold plain data only: no record objects a template could dig into."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), path
            assert_plain(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            assert_plain(item, f"{path}[{index}]")
    else:
        assert isinstance(value, PLAIN), f"{path} is a {type(value).__name__}"


def every_document(ws, as_of: dt.date):
    """(name, context) of every document kind for every record it applies to."""
    records = ws.records
    for meeting in records.meetings:
        yield f"minutes {meeting.id}", D.minutes_context(ws, meeting.id, as_of=as_of)
    for member_id in records.members:
        timeline = records.timeline(member_id)
        if timeline.first("development-target"):
            yield f"development-target {member_id}", D.notice_context(
                ws, "development-target", ids=[member_id], as_of=as_of)
        if timeline.first("admitted"):
            yield f"conversion {member_id}", D.notice_context(ws, "conversion", ids=[member_id], as_of=as_of)
    for month in records.ledgers:
        yield f"dues {month}", D.notice_context(ws, "dues", month=month, as_of=as_of)
    for decision_id in records.decisions:
        yield f"decision {decision_id}", D.notice_context(ws, "decision", ids=[decision_id], as_of=as_of)
    kinds = {"hearing": ("hearing", "deliberation"), "hearing-result": ("hearing", "deliberation"),
             "review-result": ("review-meeting", "year-end-review", "democratic-review")}
    for kind, types in kinds.items():
        for meeting in records.meetings:
            if any(meeting.is_type(t) for t in types):
                yield f"{kind} {meeting.id}", D.notice_context(ws, kind, ids=[meeting.id], as_of=as_of)


def assert_private_values_never_rendered(ws, as_of: dt.date) -> int:
    secrets = private_values(ws.records)
    assert secrets, "the repository has no private values to look for"
    env = make_environment(ws.root)
    rendered = 0
    for name, context in every_document(ws, as_of):
        assert_plain(context, name)
        text = render_template(env, context["document"]["template"], context)
        leaked = sorted(secret for secret in secrets if secret in text)
        assert not leaked, f"{name} prints private values {leaked}"
        rendered += 1
    return rendered


def test_no_private_value_reaches_any_document_of_the_inline_repository(ws):
    assert {"13800000001", "520102196501011234", "幸福里小区1栋101", "微信 ww-sz-2025",
            "13900001111"} <= private_values(ws.records)
    assert assert_private_values_never_rendered(ws, AS_OF) == 16


def test_a_private_value_typed_into_free_text_is_masked(tmp_path):
    meeting = FILES["meetings/2025/2025-03-10-branch-committee.yaml"].replace(
        "同意提交支部党员大会讨论，先行公示。", "同意提交党员大会讨论；王五（13800000003，住幸福里小区3栋303）书面同意。").replace(
        "{member: wang-wu, reason: 外出务工}", "{member: wang-wu, reason: 外出务工，联系人 微信 ww-sz-2025}")
    ws = open_workspace(write_repo(tmp_path, **{"meetings/2025/2025-03-10-branch-committee.yaml": meeting}))
    text = render(ws, D.minutes_context(ws, "2025-03-10-branch-committee", as_of=AS_OF))
    assert "王五（138****0003，住幸********3）书面同意。" in text
    assert "缺席人员：王五（外出务工，联系人 微***********5，已请假）" in text
    assert assert_private_values_never_rendered(ws, AS_OF) == 16


def test_a_template_that_asks_for_private_fields_gets_an_error_not_the_value(branch_repo):
    (branch_repo / "templates").mkdir()
    (branch_repo / "templates" / "minutes.md.j2").write_text(
        "{% for p in attendance.present %}{{ p.phone }}{% endfor %}", encoding="utf-8")
    result = zhidu("render", "minutes", "2025-03-10-branch-committee", "-C", str(branch_repo))
    assert result.exit_code == 2
    assert "templates/minutes.md.j2:1" in result.stderr and "phone" in result.stderr
    assert "13800000001" not in result.output


# --------------------------------------------------------------------------- zhidu render


def test_render_prints_minutes_to_stdout(branch_repo):
    result = zhidu("render", "minutes", "2025-03-10-branch-committee", "-C", str(branch_repo),
                   "--as-of", "2025-12-31")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 幸福里社区党支部会议记录\n")
    assert result.stderr == ""


def test_repo_given_to_the_render_group_is_used_by_the_subcommand(branch_repo):
    result = zhidu("render", "-C", str(branch_repo), "notice", "conversion", "sun-qi")
    assert result.exit_code == 0, result.output
    assert "# 关于预备党员拟转为正式党员的公示" in result.stdout


def test_unknown_ids_exit_2_with_did_you_mean(branch_repo):
    result = zhidu("render", "minutes", "2025-03-10-branch-comittee", "-C", str(branch_repo))
    assert result.exit_code == 2
    assert "没有编号为「2025-03-10-branch-comittee」的会议" in result.stderr
    assert "是否要找：2025-03-10-branch-committee" in result.stderr
    english = zhidu("render", "notice", "conversion", "sun-q", "-C", str(branch_repo), "--lang", "en")
    assert english.exit_code == 2 and "did you mean: sun-qi" in english.stderr
    assert "Traceback" not in result.output + english.output


@pytest.mark.parametrize("args, words", [
    (["minutes"], "缺少会议编号"),
    (["minutes", "x", "--all", "-o", "d"], "不能同时使用"),
    (["minutes", "--all"], "--all 需要 -o"),
    (["minutes", "x", "--year", "2025"], "--year 只与 --all"),
    (["notice", "dues", "--month", "2025-13"], "不是月份"),
    (["notice", "conversion", "sun-qi", "--from", "2025-02-30"], "不是日期"),
])
def test_usage_mistakes_exit_2(branch_repo, args, words):
    result = zhidu("render", *args, "-C", str(branch_repo))
    assert result.exit_code == 2 and words in result.stderr, result.output


def test_output_file_is_written_atomically_and_not_overwritten_without_force(branch_repo, tmp_path):
    target = tmp_path / "out" / "minutes.md"
    args = ("render", "minutes", "2025-03-10-branch-committee", "-C", str(branch_repo), "-o", str(target))
    first = zhidu(*args)
    assert first.exit_code == 0, first.output
    assert first.stdout == ""
    written = target.read_text(encoding="utf-8")
    assert written.startswith("# 幸福里社区党支部会议记录")
    target.write_text("hand-edited", encoding="utf-8")
    refused = zhidu(*args)
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "hand-edited"
    forced = zhidu(*args, "--force")
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8") == written
    assert sorted(p.name for p in target.parent.iterdir()) == ["minutes.md"]  # no temporary files left


def test_all_minutes_of_a_year_go_into_a_folder_all_or_nothing(branch_repo, tmp_path):
    folder = tmp_path / "minutes"
    result = zhidu("render", "minutes", "--all", "--year", "2025", "-o", str(folder), "-C", str(branch_repo))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"{m}.md" for m in D.meetings_of_year(open_workspace(branch_repo), 2025)]
    assert "已生成 5 份会议记录" in result.stderr
    (folder / names[0]).write_text("kept", encoding="utf-8")
    (folder / names[1]).unlink()
    again = zhidu("render", "minutes", "--all", "--year", "2025", "-o", str(folder), "-C", str(branch_repo))
    assert again.exit_code == 2 and "未写入任何文件" in again.stderr
    assert (folder / names[0]).read_text(encoding="utf-8") == "kept" and not (folder / names[1]).exists()
    html = zhidu("render", "minutes", "--all", "--year", "2025", "-o", str(folder), "-C", str(branch_repo),
                 "--to", "html", "--force")
    assert html.exit_code == 0 and (folder / f"{names[1][:-3]}.html").is_file()
    empty = zhidu("render", "minutes", "--all", "--year", "2024", "-o", str(folder), "-C", str(branch_repo))
    assert empty.exit_code == 2 and "2024 年没有会议记录" in empty.stderr


def test_html_is_a_printable_a4_page(branch_repo):
    result = zhidu("render", "notice", "decision", "conv-sun-qi", "--to", "html", "-C", str(branch_repo),
                   "--as-of", "2025-12-31")
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>") and "@page { size: A4;" in page
    assert "<title>党务公开</title>" in page
    assert '<p class="signature">党组织负责人（签字）：' in page
    assert "<td>孙七同志按期转为正式党员</td>" in page


def test_list_shows_the_template_used_and_what_a_repository_template_shadows(branch_repo):
    (branch_repo / "templates").mkdir()
    (branch_repo / "templates" / "notice-hearing.md.j2").write_text("# 公告\n", encoding="utf-8")
    result = zhidu("render", "--list", "-C", str(branch_repo))
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert set(D.all_template_names()) <= set(lines)
    assert "仓库 repository" in lines["notice-hearing.md.j2"] and "templates/notice-hearing.md.j2" in lines[
        "notice-hearing.md.j2"]
    assert "覆盖内置 shadows" in lines["notice-hearing.md.j2"]
    assert "内置 built-in" in lines["minutes.md.j2"] and "会议记录" in lines["minutes.md.j2"]
    used = zhidu("render", "notice", "hearing", "2025-05-20-hearing", "-C", str(branch_repo))
    assert used.stdout == "# 公告\n"


HOSTILE_TEMPLATES = [
    # (template text, words the error must contain, line)
    ("# 记录\n\n{{ meeting.__class__ }}\n", ["__class__"], 3),
    ("{{ branch.name.__class__.__mro__[1].__subclasses__() }}", ["__class__"], 1),
    ("\n{{ m.blank.__globals__ }}\n", ["m"], 2),
    ("{% import '_macros.md.j2' as m %}\n{{ m.blank.__globals__ }}", ["__globals__"], 2),
    ("{{ '{0.__class__}'.format(meeting) }}", ["format"], 1),
    ("{{ meeting.name.format_map(meeting) }}", ["format_map"], 1),
    ("{{ '%s'|format(meeting) }}", ["format"], 1),
    ("{{ '%s' % meeting }}", ["%"], 1),
    ("{{ meeting|attr('__class__') }}", ["__class__"], 1),
    ("{{ branch|attr('__init__') }}", ["__init__"], 1),
    ("{{ self._TemplateReference__context }}", ["_TemplateReference__context"], 1),
    ("{{ cycler.__init__.__globals__ }}", ["cycler"], 1),
    ("{% for i in range(100000000) %}x{% endfor %}", ["range"], 1),
    ("{{ 'x' * 100000000 }}", ["过大"], 1),
    ("{% include '../zhidu.yaml' %}", ["zhidu.yaml"], 1),
    ("{{ meeting.undefined_field }}", ["undefined_field"], 1),
    ("{% for x in %}", ["语法"], 1),
]


@pytest.mark.parametrize("source, words, line", HOSTILE_TEMPLATES, ids=[t[0][:40] for t in HOSTILE_TEMPLATES])
def test_hostile_repository_templates_are_refused_located_and_without_traceback(branch_repo, source, words, line):
    (branch_repo / "templates").mkdir()
    (branch_repo / "templates" / "minutes.md.j2").write_text(source, encoding="utf-8")
    result = zhidu("render", "minutes", "2025-03-10-branch-committee", "-C", str(branch_repo))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"zhidu: {branch_repo}/templates/minutes.md.j2:{line}: "), first
    assert all(word in result.stderr for word in words), result.stderr
    assert "Traceback" not in result.output


def test_a_never_ending_template_is_stopped_by_the_time_budget(branch_repo, monkeypatch):
    monkeypatch.setattr(render_cli, "make_environment",
                        lambda root: make_environment(root, limits=RenderLimits(seconds=0.3)))
    (branch_repo / "templates").mkdir()
    (branch_repo / "templates" / "minutes.md.j2").write_text(
        "{% for a in range(10000) %}{% for b in range(10000) %}{% for c in range(10000) %}"
        "{% endfor %}{% endfor %}{% endfor %}", encoding="utf-8")
    result = zhidu("render", "minutes", "2025-03-10-branch-committee", "-C", str(branch_repo))
    assert result.exit_code == 2, result.output
    # the line is where the interrupted loop was (1), when the timer fires inside the template
    assert "templates/minutes.md.j2" in result.stderr and "模板渲染超过 0.3 秒，已中止" in result.stderr, result.stderr
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- the example repository


def example_documents() -> list[tuple[str, list[str]]]:
    """(golden file name, ``zhidu render`` arguments) for every template on examples/records.

    Minutes: one per meeting type (a meeting's first type), the meeting with the most decisions
    (then grades, then the latest), so tallies and verdicts are covered. Notices: the latest record
    each kind applies to, and for meeting notices one per meeting type (a hearing and a
    deliberation; a year-end review and a democratic review).
    """
    ws = open_workspace(EXAMPLES)
    records = ws.records
    best: dict[str, tuple] = {}
    for meeting in records.meetings:
        weight = (len(records.decisions_by_meeting.get(meeting.id, ())), bool(meeting.reviews), meeting.date)
        if meeting.types[0] not in best or weight >= best[meeting.types[0]][0]:
            best[meeting.types[0]] = (weight, meeting.id)
    chosen = [(f"minutes-{type_id}.md", ["minutes", meeting_id]) for type_id, (_, meeting_id) in sorted(best.items())]
    notices: dict[str, list[str]] = {}
    for name, _ in every_document(ws, AS_OF):
        kind, subject = name.split(" ", 1)
        if kind == "minutes":
            continue
        if kind == "dues":
            notices["notice-dues.md"] = ["notice", "dues", "--month", subject]
        elif subject in records.meetings_by_id:
            notices[f"notice-{kind}-{records.meetings_by_id[subject].types[0]}.md"] = ["notice", kind, subject]
        else:
            notices[f"notice-{kind}.md"] = ["notice", kind, subject]
    return chosen + sorted(notices.items())


needs_examples = pytest.mark.skipif(not (EXAMPLES / "zhidu.yaml").is_file(),
                                    reason="examples/records is not there")


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"missing golden file {path}: run with ZHIDU_UPDATE_GOLDEN=1"
    assert text == path.read_bytes().decode("utf-8")


@needs_examples
def test_every_template_matches_its_golden_file_on_the_examples():
    documents = example_documents()
    kinds = {args[1] for _, args in documents if args[0] == "notice"}
    assert kinds == set(D.NOTICE_KINDS), "every notice kind renders for the examples"
    for name, args in documents:
        result = zhidu("render", *args, "-C", str(EXAMPLES), "--as-of", AS_OF.isoformat())
        assert result.exit_code == 0, (name, result.output)
        check_golden(name, result.stdout)
    html = zhidu("render", *documents[0][1], "-C", str(EXAMPLES), "--as-of", AS_OF.isoformat(), "--to", "html")
    check_golden(documents[0][0].replace(".md", ".html"), html.stdout)
    if UPDATE:
        expected = {name for name, _ in documents} | {documents[0][0].replace(".md", ".html")}
        for stale in set(p.name for p in GOLDEN.iterdir()) - expected:
            (GOLDEN / stale).unlink()


@needs_examples
def test_no_private_value_reaches_any_document_of_the_examples():
    ws = open_workspace(EXAMPLES)
    assert assert_private_values_never_rendered(ws, AS_OF) > len(ws.records.meetings)
