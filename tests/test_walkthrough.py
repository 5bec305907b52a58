"""A secretary's first afternoon with zhidu: the mistakes a real user makes, and what zhidu says back.

Each test pins one thing a walkthrough of the README found wrong — a traceback, a wrong exit code, an
unlocated or unhelpful message, a table ruined by a narrow terminal — so it stays fixed. Exit codes:
0 clean, 1 findings, 2 usage / configuration / repository errors; never a traceback.
"""

from __future__ import annotations

import json

import pytest
import typer
from conftest import full_member
from typer.testing import CliRunner

from zhidu_cli.cli.app import app

ENV = {"NO_COLOR": "1", "COLUMNS": "100", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}


def zhidu(*args: str, **env: str | None):
    return CliRunner().invoke(app, list(args), env={**ENV, **env})


def no_traceback(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "internal error" not in result.output


@pytest.fixture
def branch(repo):
    """A small branch checked from October 2026: a secretary, a committee member, a development target
    with a recorded disclosure, a month of meetings and one ledger."""
    repo.config("records_start: 2026-10-01\n")
    repo.member("li-hong", full_member("li-hong", "李红", roles="  - {role: 书记, from: 2021-06-01}\n")
                + "dues: {category: 离退休, base: [{from: 2026-01, amount: \"4000.00\"}]}\n")
    repo.member("wang-qiang", full_member("wang-qiang", "王强", group="g2")
                + "dues: {category: 在职, base: [{from: 2026-01, amount: \"6800.00\"}]}\n")
    repo.member("chen-lei", """\
        name: 陈磊
        history:
          - {date: 2023-03-01, event: 递交入党申请书}
          - {date: 2026-10-09, event: 确定为发展对象, decision: 2026-10-target-chen-lei}
        """)
    repo.write("meetings/2026/2026-10-09-branch-committee.yaml", """\
        type: 支委会
        date: 2026-10-09
        chair: li-hong
        recorder: wang-qiang
        attendees: [li-hong, wang-qiang]
        agenda:
          - {title: 讨论确定陈磊为发展对象, summary: 同意。, decisions: [2026-10-target-chen-lei]}
        """)
    repo.write("decisions/2026/2026-10-target-chen-lei.yaml", """\
        meeting: 2026-10-09-branch-committee
        title: 确定陈磊为发展对象
        kind: 确定发展对象
        subject: chen-lei
        status: 通过
        disclosures:
          - {from: 2026-10-12, to: 2026-10-16, channel: 党务公开栏}
        """)
    repo.write("dues/2026-10.yaml", """\
        month: 2026-10
        published: 2026-10-28
        payments:
          - {member: li-hong, amount: "20.00", paid_on: 2026-10-18}
          - {member: wang-qiang, amount: "102.00", paid_on: 2026-10-18}
        """)
    return repo


# --- the repository is named the same way everywhere ----------------------------------------------------

@pytest.mark.parametrize("command", ["check", "overdue"])
def test_check_and_overdue_take_dash_c_like_every_other_command(branch, command):
    select = ["--select", "SCH,REF"] if command == "check" else []
    result = zhidu(command, "-C", str(branch.root), "--as-of", "2026-10-31", "-f", "json", *select)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["as_of"] == "2026-10-31"
    assert zhidu(command, "--repo", str(branch.root), "--as-of", "2026-10-31", *select).exit_code == 0


def test_two_different_repositories_are_a_usage_error(branch):
    result = zhidu("check", str(branch.root / "members"), "-C", str(branch.root))
    assert result.exit_code == 2
    assert "记录仓库只能给一个" in result.stderr


# --- the as-of date -------------------------------------------------------------------------------------

def test_a_bad_zhidu_as_of_is_named_as_the_variable_not_as_the_option(branch):
    result = zhidu("check", str(branch.root), ZHIDU_AS_OF="2026/10/31")
    assert result.exit_code == 2
    assert result.stderr.startswith("zhidu: ZHIDU_AS_OF '2026/10/31' is not a date")


def test_an_empty_as_of_is_an_error_not_today(branch):
    result = zhidu("check", str(branch.root), "--as-of", "")
    assert result.exit_code == 2
    assert "--as-of ''" in result.stderr


@pytest.mark.parametrize("args", [
    ["check", "--as-of", "9999-12-31"],
    ["overdue", "--as-of", "9999-12-31"],
    ["dues", "--as-of", "0001-01-01"],
    ["member", "li-hong", "--as-of", "9999-12-31"],
    ["render", "notice", "development-target", "chen-lei", "--from", "9999-12-30"],
    ["render", "notice", "dues", "--month", "9999-12"],
    ["dues", "import", "x.csv", "--month", "9999-12"],
])
def test_dates_beyond_any_branch_are_usage_errors_not_crashes(branch, args):
    """9999-12-31 used to take 25 s and then crash overdue and dues with an OverflowError."""
    result = zhidu(*args, "-C", str(branch.root)) if args[0] != "check" and args[0] != "overdue" else \
        zhidu(*args, str(branch.root))
    no_traceback(result)
    assert result.exit_code == 2
    assert "1900–2199" in result.stderr


@pytest.mark.parametrize("args", [
    ["render", "minutes", "--all", "--year", "99999", "-o", "out"],
    ["render", "notice", "development-target", "chen-lei", "--days", "100000000"],
    ["dues", "--year", "0"],
])
def test_out_of_range_numbers_are_refused_by_the_option(branch, args):
    result = zhidu(*args, "-C", str(branch.root))
    no_traceback(result)
    assert result.exit_code == 2


@pytest.mark.parametrize("edit, where", [
    (("members/li-hong.yaml", "2000-07-01", "0001-07-01"), "members/li-hong.yaml:4:12"),
    (("decisions/2026/2026-10-target-chen-lei.yaml", "to: 2026-10-16", "to: 9999-12-31"),
     "decisions/2026/2026-10-target-chen-lei.yaml:7:28"),
    (("dues/2026-10.yaml", 'paid_on: 2026-10-18}', 'paid_on: 2026-10-18, months: [9999-12]}'),
     "dues/2026-10.yaml:4:"),
])
def test_an_implausible_year_in_a_record_is_a_located_error(branch, edit, where):
    """They used to become ZHD001 'rule crashed' findings, or a crash of ``zhidu render``."""
    path, old, new = edit
    file = branch.root / path
    file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = zhidu("check", str(branch.root), "--as-of", "2026-10-31", "-f", "concise")
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if "SCH007" in line]     # findings: stdout
    assert len(lines) >= 1 and all("年份不对" in line for line in lines)
    assert lines[0].startswith(f"{branch.root}/{where}") or lines[0].startswith(where)
    assert "ZHD001" not in result.stdout and "SCH007" not in result.stderr
    rendered = zhidu("render", "notice", "development-target", "chen-lei", "-C", str(branch.root),
                     "--as-of", "2026-10-31")
    no_traceback(rendered)


# --- findings in a sensible order ----------------------------------------------------------------------

def test_findings_at_one_place_come_in_period_order(branch):
    result = zhidu("check", str(branch.root), "--as-of", "2027-01-31", "-f", "json", "--select", "MTG001,MTG002")
    periods = [(f["code"], f["facts"]["period_start"]) for f in json.loads(result.stdout)["findings"]]
    assert periods == [("MTG001", "2026-11-01"), ("MTG001", "2026-12-01"), ("MTG002", "2026-10-01")]


def test_quarters_are_not_sorted_as_chinese_numerals(repo):
    repo.config("records_start: 2025-01-01\n")
    repo.member("li", full_member("li", "李四"))
    repo.write("meetings/2025/2025-01-08-c.yaml", "type: 支委会\ndate: 2025-01-08\n")
    result = zhidu("check", str(repo.root), "--as-of", "2026-01-31", "-f", "concise", "--select", "MTG002")
    quarters = [line.split("年")[1][:4] for line in result.stdout.splitlines() if "MTG002" in line]
    assert quarters == ["第一季度", "第二季度", "第三季度", "第四季度"]


# --- a narrow terminal, a pipe ---------------------------------------------------------------------------

def test_a_narrow_terminal_never_hides_which_meeting_is_overdue(branch):
    result = zhidu("overdue", str(branch.root), "--as-of", "2026-12-05", COLUMNS="60")
    assert result.exit_code == 0
    rows = [line for line in result.stdout.splitlines() if "2026年11月" in line]
    assert rows and all(line.split()[0] in {"支委会", "党小组会", "两委联席", "远程教育", "党员学习"} for line in rows)
    assert "…" not in result.stdout


def test_a_narrow_terminal_never_cuts_an_amount(branch):
    result = zhidu("dues", "-C", str(branch.root), "--as-of", "2026-12-05", COLUMNS="60")
    assert result.exit_code == 0
    assert "…" not in result.stdout
    # October and November owed (2 × 102.00), October paid; December is in progress on the 5th (issue 8.7)
    assert "王强" in result.stdout and "204.00" in result.stdout and "-102.00" in result.stdout


def test_rules_list_speaks_chinese_and_never_cuts_a_citation():
    result = zhidu("rules", "--family", "DEV", COLUMNS="60")
    assert result.exit_code == 0
    assert result.stdout.split()[:4] == ["代码", "名称", "级别", "启用"]
    assert "…" not in result.stdout


def test_an_unknown_rule_family_is_a_usage_error():
    result = zhidu("rules", "--family", "XYZ")
    assert result.exit_code == 2
    assert "没有规则类别 XYZ" in result.stderr and "MTG" in result.stderr


# --- what a secretary types where an id belongs ----------------------------------------------------------

def _edit(branch, path: str, old: str, new: str) -> None:
    file = branch.root / path
    file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def _ref003(branch, lang: str = "zh") -> list[str]:
    result = zhidu("check", str(branch.root), "--as-of", "2026-10-31", "--select", "REF003", "--lang", lang)
    assert result.exit_code == 1
    assert result.stderr.startswith("检查了" if lang == "zh" else "Checked") and result.stderr.count("\n") == 1
    return [line for line in result.stdout.splitlines() if line.strip()]


def test_a_name_written_for_an_id_is_told_the_id(branch):
    _edit(branch, "meetings/2026/2026-10-09-branch-committee.yaml", "attendees: [li-hong,", "attendees: [李红,")
    lines = _ref003(branch)
    assert lines[0].endswith("meetings/2026/2026-10-09-branch-committee.yaml:5:13: E REF003 attendees "
                             "应写成员编号，不是姓名：“李红” 是 li-hong 的姓名")
    assert lines[2] == "  = 建议: 改为 li-hong"


def test_a_full_width_comma_in_a_list_is_named(branch):
    _edit(branch, "meetings/2026/2026-10-09-branch-committee.yaml", "[li-hong, wang-qiang]", "[li-hong， wang-qiang]")
    lines = _ref003(branch, "en")
    assert lines[0].endswith("attendees: “li-hong， wang-qiang” is separated by a full-width comma")
    assert "ASCII comma" in lines[2]


def test_a_mistyped_id_gets_a_did_you_mean(branch):
    _edit(branch, "meetings/2026/2026-10-09-branch-committee.yaml", "chair: li-hong", "chair: li-hng")
    assert _ref003(branch)[0].endswith("chair 引用的成员 li-hng 不存在，是否应为 li-hong？")


def test_a_full_width_colon_is_pointed_at(branch):
    _edit(branch, "meetings/2026/2026-10-09-branch-committee.yaml", "chair: li-hong", "chair： li-hong")
    result = zhidu("check", str(branch.root), "--as-of", "2026-10-31", "-f", "concise", "--select", "SCH")
    assert result.exit_code == 1
    assert f"meetings/2026/2026-10-09-branch-committee.yaml:3:6: SCH002 这里的冒号是全角“：”" in result.stdout


def test_a_full_width_colon_inside_a_value_is_fine(branch):
    _edit(branch, "meetings/2026/2026-10-09-branch-committee.yaml", "summary: 同意。", "summary: 结论：同意。")
    assert zhidu("check", str(branch.root), "--as-of", "2026-10-31", "--select", "SCH").exit_code == 0


# --- render and member take a name, and suggest what starts with what was typed -------------------------

def test_render_notice_takes_a_unique_name_like_zhidu_member(branch):
    by_name = zhidu("render", "notice", "发展对象", "陈磊", "-C", str(branch.root), "--as-of", "2026-10-31")
    by_id = zhidu("render", "notice", "development-target", "chen-lei", "-C", str(branch.root),
                  "--as-of", "2026-10-31")
    assert by_name.exit_code == 0, by_name.output
    assert by_name.stdout == by_id.stdout
    both = zhidu("render", "notice", "发展对象", "陈磊", "chen-lei", "-C", str(branch.root), "--as-of", "2026-10-31")
    assert both.stdout == by_id.stdout                # one person, however often named


def test_a_name_two_members_share_asks_for_the_id(branch):
    branch.member("li-hong-2", full_member("li-hong-2", "李红"))
    for args in (["render", "notice", "发展对象", "李红"], ["member", "李红"]):
        result = zhidu(*args, "-C", str(branch.root), "--as-of", "2026-10-31")
        assert result.exit_code == 2
        assert "li-hong, li-hong-2" in result.stderr


def test_a_meeting_id_typed_as_its_date_suggests_that_days_meeting_first(branch):
    result = zhidu("render", "minutes", "2026-10-09", "-C", str(branch.root))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1] == "  是否要找：2026-10-09-branch-committee"


# --- dues import of what a bank or Excel hands over -------------------------------------------------------

def test_an_excel_workbook_is_told_to_be_saved_as_csv(branch, tmp_path):
    book = tmp_path / "十月.xlsx"
    book.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(64))
    result = zhidu("dues", "import", str(book), "--month", "2026-11", "-C", str(branch.root))
    assert result.exit_code == 2
    assert "像是 Excel 工作簿" in result.stderr and "CSV UTF-8" in result.stderr


def test_a_csv_typed_with_full_width_commas_is_told_so(branch, tmp_path):
    sheet = tmp_path / "十一月.csv"
    sheet.write_text("姓名，金额，日期\n李红，20，2026-11-05\n", encoding="utf-8")
    result = zhidu("dues", "import", str(sheet), "--month", "2026-11", "-C", str(branch.root))
    assert result.exit_code == 2
    assert "全角逗号" in result.stderr


def test_an_implausible_payment_year_is_a_row_error_not_a_ledger_the_loader_refuses(branch, tmp_path):
    sheet = tmp_path / "十一月.csv"
    sheet.write_text("姓名,金额,日期\n李红,20,9999-11-05\n", encoding="utf-8")
    result = zhidu("dues", "import", str(sheet), "--month", "2026-11", "-C", str(branch.root))
    assert result.exit_code == 1
    assert ":2: 错误: 日期「9999-11-05」无法识别" in result.stderr
    assert not (branch.root / "dues" / "2026-11.yaml").exists()


def test_dues_calc_of_an_absurd_base_answers_without_a_traceback():
    result = zhidu("dues", "calc", "--category", "employed", "--base", "99999999999999999999999999")
    no_traceback(result)       # refused plainly: no dues base has 26 digits, and Decimal arithmetic stops at 28
    assert result.exit_code == 2
    assert "计算基数：金额「99999999999999999999999999」过大：整数部分最多 12 位" in result.stderr


# --- every command shows an example -----------------------------------------------------------------------

def _leaf_commands() -> list[list[str]]:
    def walk(command, path):   # through click's own interface: the commands load lazily
        if not hasattr(command, "list_commands"):
            return [path]
        return [p for name in sorted(command.list_commands(None))
                for p in walk(command.get_command(None, name), path + [name])]
    return walk(typer.main.get_command(app), [])


@pytest.mark.parametrize("path", _leaf_commands(), ids=" ".join)
def test_every_command_help_has_an_example(path):
    result = zhidu(*path, "--help")
    assert result.exit_code == 0
    assert "示例 / example" in result.stdout, f"zhidu {' '.join(path)} --help has no example"


# --- render -o ---------------------------------------------------------------------------------------------

def test_render_into_a_folder_says_it_is_a_folder_even_with_force(branch, tmp_path):
    folder = tmp_path / "公示"
    folder.mkdir()
    for force in ([], ["--force"]):
        result = zhidu("render", "minutes", "2026-10-09-branch-committee", "-C", str(branch.root),
                       "-o", str(folder), *force)
        assert result.exit_code == 2
        assert "是目录，-o 后应写文件名" in result.stderr
    assert list(folder.iterdir()) == []


def test_render_dash_o_dash_is_stdout(branch, monkeypatch):
    monkeypatch.chdir(branch.root)
    result = zhidu("render", "minutes", "2026-10-09-branch-committee", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("# ")
    assert not (branch.root / "-").exists()


def test_an_unwritable_step_summary_does_not_turn_findings_into_a_crash(branch, tmp_path):
    result = zhidu("check", str(branch.root), "--as-of", "2026-12-31", GITHUB_ACTIONS="true",
                   GITHUB_STEP_SUMMARY=str(tmp_path / "no" / "such" / "summary.md"))
    no_traceback(result)
    assert result.exit_code == 1
    assert result.stdout.startswith("::")
    assert "cannot write the step summary" in result.stderr


def test_dues_member_takes_a_name_and_suggests_like_zhidu_member(branch):
    by_name = zhidu("dues", "--member", "王强", "-C", str(branch.root), "--as-of", "2026-11-20")
    assert by_name.exit_code == 0, by_name.output
    assert "王强（wang-qiang）" in by_name.stdout
    typo = zhidu("dues", "--member", "wang-qiong", "-C", str(branch.root), "--as-of", "2026-11-20")
    assert typo.exit_code == 2
    assert typo.stderr.splitlines() == ["zhidu: 没有成员 wang-qiong（" + str(branch.root) + "）",
                                        "  是否应为 wang-qiang（王强）？"]
