"""``zhidu check`` as ruff and yamllint taught people to expect: findings on stdout in every format,
the summary and usage errors on stderr, several files at once, ``--statistics``, baselines, period
ignores in zhidu.yaml, ``--timeless`` for commit hooks, and a layout that fits an 80-column terminal.

Every test asserts which stream each output went to (``CliRunner`` keeps stdout and stderr apart).
"""

from __future__ import annotations

import json
import pathlib

import pytest
from conftest import full_member
from typer.testing import CliRunner

from zhidu_cli.cli.app import app
from zhidu_cli.cli.common import wrap_line

ENV = {"NO_COLOR": "1", "COLUMNS": "100", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None, "GITHUB_ACTIONS": None,
       "GITHUB_STEP_SUMMARY": None}


def zhidu(*args: str, **env: str | None):
    return CliRunner().invoke(app, list(args), env={**ENV, **env})


@pytest.fixture
def branch(repo):
    """Two members; the committee met in January 2025 only, so MTG001 is overdue for Feb and March; one
    meeting names a member who does not exist (REF003) and one member file has an unknown key (SCH005)."""
    repo.config("records_start: 2025-01-01\n")
    repo.member("li-hong", full_member("li-hong", "李红", roles="  - {role: 书记, from: 2021-06-01}\n"))
    repo.member("wang-qiang", full_member("wang-qiang", "王强") + "phnoe: '13900001234'\n")
    repo.write("meetings/2025/2025-01-09-branch-committee.yaml", """\
        type: 支委会
        date: 2025-01-09
        chair: li-hong
        recorder: li-hng
        attendees: [li-hong]
        agenda:
          - {title: 工作安排, summary: 同意。}
        """)
    return repo


SELECT = ("--select", "MTG001,REF003,SCH005")
AS_OF = ("--as-of", "2025-04-15")
SUMMARY = "检查了 4 个文件：4 个错误，0 个警告，0 条提示（截至 2025-04-15）\n"


# --- streams ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["full", "concise"])
def test_human_findings_go_to_stdout_and_the_summary_to_stderr(branch, fmt):
    result = zhidu("check", str(branch.root), *AS_OF, *SELECT, "-f", fmt)
    assert result.exit_code == 1
    assert result.stderr == SUMMARY
    heads = [line.split(": ", 1)[1].split()[:2] for line in result.stdout.splitlines()
             if line.startswith(str(branch.root))]
    codes = [head[1] if fmt == "full" else head[0] for head in heads]      # full: "E CODE", concise: "CODE"
    assert sorted(codes) == ["MTG001", "MTG001", "REF003", "SCH005"]
    assert "检查了" not in result.stdout


def test_concise_is_exactly_one_line_per_finding_on_stdout(branch):
    result = zhidu("check", str(branch.root), *AS_OF, *SELECT, "-f", "concise")
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert lines[0] == f"{branch.root}/meetings/2025/2025-01-09-branch-committee.yaml:4:1: REF003 " \
                       "recorder 引用的成员 li-hng 不存在，是否应为 li-hong？ [错误]"


def test_a_clean_check_prints_nothing_on_stdout(branch):
    result = zhidu("check", str(branch.root), *AS_OF, "--select", "QRM")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "检查了 4 个文件，未发现问题（截至 2025-04-15）\n"


@pytest.mark.parametrize("fmt", ["json", "gitlab", "sarif"])
def test_machine_formats_are_stdout_only(branch, fmt):
    result = zhidu("check", str(branch.root), *AS_OF, *SELECT, "-f", fmt)
    assert result.exit_code == 1
    assert result.stderr == ""
    json.loads(result.stdout)


def test_github_prints_only_workflow_commands_on_stdout(branch, tmp_path):
    summary = tmp_path / "summary.md"
    result = zhidu("check", str(branch.root), *AS_OF, *SELECT, "-f", "github", GITHUB_STEP_SUMMARY=str(summary))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 4 and all(line.startswith("::error file=") for line in lines)
    # the job log also gets the plain list (GitHub shows ten annotations a step) and the summary
    assert result.stderr.splitlines()[-1] == SUMMARY.strip()
    assert sum(" REF003 " in line for line in result.stderr.splitlines()) == 1
    assert "## zhidu check" in summary.read_text(encoding="utf-8")


def test_github_is_the_default_under_github_actions(branch):
    result = zhidu("check", str(branch.root), *AS_OF, *SELECT, GITHUB_ACTIONS="true")
    assert result.stdout.startswith("::error ")


# --- --statistics --------------------------------------------------------------------------------------

def test_statistics_counts_per_code_like_ruff(branch):
    result = zhidu("check", str(branch.root), *AS_OF, *SELECT, "--statistics")
    assert result.exit_code == 1
    assert result.stdout == ("2\tMTG001\tbranch-committee-meets\n"
                             "1\tREF003\treference-resolves\n"
                             "1\tSCH005\tunknown-key\n")
    assert result.stderr == SUMMARY


def test_statistics_are_text_under_github_actions_too(branch):
    result = zhidu("check", str(branch.root), *AS_OF, *SELECT, "--statistics", GITHUB_ACTIONS="true")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "2\tMTG001\tbranch-committee-meets"


def test_statistics_as_json(branch):
    result = zhidu("check", str(branch.root), *AS_OF, *SELECT, "--statistics", "-f", "json")
    assert json.loads(result.stdout) == [
        {"code": "MTG001", "name": "branch-committee-meets", "severity": "error", "count": 2},
        {"code": "REF003", "name": "reference-resolves", "severity": "error", "count": 1},
        {"code": "SCH005", "name": "unknown-key", "severity": "error", "count": 1}]
    assert result.stderr == ""


def test_statistics_refuses_an_annotation_format(branch):
    result = zhidu("check", str(branch.root), *AS_OF, "--statistics", "-f", "sarif")
    assert result.exit_code == 2
    assert result.stdout == "" and "--statistics" in result.stderr


# --- several files, a file that is not a record, a file that does not exist ----------------------------

def test_several_files_show_their_findings_only(branch):
    meeting = branch.root / "meetings/2025/2025-01-09-branch-committee.yaml"
    member = branch.root / "members/wang-qiang.yaml"
    result = zhidu("check", str(meeting), str(member), *AS_OF, *SELECT, "-f", "concise")
    assert result.exit_code == 1
    assert [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()] == ["REF003", "SCH005"]
    assert result.stderr.startswith("检查了 2 个文件：2 个错误")
    only_member = zhidu("check", str(member), *AS_OF, *SELECT, "-f", "concise")
    assert [line.split(": ")[1].split()[0] for line in only_member.stdout.splitlines()] == ["SCH005"]


def test_a_file_that_is_not_a_record_says_so(branch):
    notes = branch.root / "notes.yml"
    notes.write_text("a: 1\n", encoding="utf-8")
    result = zhidu("check", str(notes), *AS_OF)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "not a records file" in result.stderr and "不是记录文件" in result.stderr
    assert "members/*.yaml" in result.stderr


def test_a_file_outside_any_repository_says_so(tmp_path_factory):
    notes = tmp_path_factory.mktemp("loose") / "notes.yaml"
    notes.write_text("name: 王五\n", encoding="utf-8")
    result = zhidu("check", str(notes), *AS_OF)
    assert result.exit_code == 2 and result.stdout == ""
    assert "is not a records file" in result.stderr and "zhidu.yaml" in result.stderr


def test_dash_c_names_the_repository_and_files_what_is_shown(branch):
    member = branch.root / "members/wang-qiang.yaml"
    result = zhidu("check", "-C", str(branch.root), str(member), *AS_OF, *SELECT, "-f", "concise")
    assert [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()] == ["SCH005"]
    assert result.stderr.startswith("检查了 1 个文件：1 个错误")


def test_a_missing_file_is_no_such_file(branch):
    result = zhidu("check", str(branch.root / "members" / "nobody.yaml"), *AS_OF)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"zhidu: no such file: {branch.root}/members/nobody.yaml / 文件不存在")


def test_a_missing_folder_is_no_such_folder(tmp_path):
    result = zhidu("check", str(tmp_path / "my-branch"), *AS_OF)
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr and result.stdout == ""


def test_files_of_two_repositories_are_refused(branch, tmp_path_factory):
    other = tmp_path_factory.mktemp("second-branch")
    (other / "zhidu.yaml").write_text((branch.root / "zhidu.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = zhidu("check", str(branch.root / "members/li-hong.yaml"), str(other / "zhidu.yaml"), *AS_OF)
    assert result.exit_code == 2
    assert "不在记录仓库" in result.stderr


# --- baselines -----------------------------------------------------------------------------------------

def test_a_baseline_hides_known_findings_and_survives_unrelated_edits(branch, tmp_path):
    baseline = tmp_path / "baseline.json"
    written = zhidu("check", str(branch.root), *AS_OF, *SELECT, "--write-baseline", str(baseline))
    assert written.exit_code == 0
    assert written.stdout == "" and "已将 4 个问题写入基线" in written.stderr
    entries = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert [e["code"] for e in entries] == ["REF003", "SCH005", "MTG001", "MTG001"]

    # an unrelated edit above the findings moves their lines; a month later one more MTG001 is due
    meeting = branch.root / "meetings/2025/2025-01-09-branch-committee.yaml"
    meeting.write_text("title: 一月支委会\n" + meeting.read_text(encoding="utf-8"), encoding="utf-8")
    result = zhidu("check", str(branch.root), "--as-of", "2025-05-15", *SELECT, "-f", "concise",
                   "--baseline", str(baseline))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{branch.root}/zhidu.yaml:1:1: MTG001 2025年4月支委会次数不足：应至少 1 次，"
                                          "实有 0 次，已逾期 15 天 [错误]"]
    assert result.stderr.startswith("检查了 4 个文件：1 个错误")


def test_a_baseline_entry_that_no_longer_occurs_is_reported(branch, tmp_path):
    baseline = branch.root / ".zhidu" / "baseline.json"
    zhidu("check", str(branch.root), *AS_OF, *SELECT, "--write-baseline", str(baseline))
    member = branch.root / "members/wang-qiang.yaml"
    member.write_text(member.read_text(encoding="utf-8").replace("phnoe: '13900001234'\n", ""), encoding="utf-8")
    result = zhidu("check", str(branch.root), *AS_OF, *SELECT, "-f", "concise", "--baseline", str(baseline),
                   "--lang", "en")
    assert result.exit_code == 1
    line = [line for line in baseline.read_text(encoding="utf-8").splitlines() if "SCH005" in line]
    number = baseline.read_text(encoding="utf-8").splitlines().index(line[0]) + 1
    assert result.stdout.splitlines() == [
        f"{branch.root}/.zhidu/baseline.json:{number}:1: SUP002 the baselined SCH005 in members/wang-qiang.yaml "
        "no longer occurs [warning]"]


def test_write_baseline_refuses_to_overwrite_without_force(branch, tmp_path):
    baseline = tmp_path / "baseline.json"
    baseline.write_text("{}", encoding="utf-8")
    refused = zhidu("check", str(branch.root), *AS_OF, "--write-baseline", str(baseline))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert baseline.read_text(encoding="utf-8") == "{}"
    forced = zhidu("check", str(branch.root), *AS_OF, *SELECT, "--write-baseline", str(baseline), "--force")
    assert forced.exit_code == 0 and json.loads(baseline.read_text(encoding="utf-8"))["zhidu_baseline"] == 1


@pytest.mark.parametrize("text, message", [("{not json", "not JSON"), ('{"findings": []}', "not a zhidu baseline")])
def test_a_broken_baseline_is_a_usage_error(branch, tmp_path, text, message):
    baseline = tmp_path / "baseline.json"
    baseline.write_text(text, encoding="utf-8")
    result = zhidu("check", str(branch.root), *AS_OF, "--baseline", str(baseline))
    assert result.exit_code == 2 and message in result.stderr and result.stdout == ""


def test_a_missing_baseline_is_a_usage_error(branch, tmp_path):
    result = zhidu("check", str(branch.root), *AS_OF, "--baseline", str(tmp_path / "none.json"))
    assert result.exit_code == 2 and "no such baseline file" in result.stderr


# --- period ignores in zhidu.yaml ----------------------------------------------------------------------

def _mtg001(result) -> list[str]:
    return [f["facts"]["period_start"] for f in json.loads(result.stdout)["findings"] if f["code"] == "MTG001"]


def test_a_period_ignore_silences_one_month_only(branch):
    branch.config("""\
        records_start: 2025-01-01
        ignore:
          - {code: MTG001, period: 2025-02, reason: 春节期间支委外出，经街道党工委同意顺延}
        """)
    result = zhidu("check", str(branch.root), *AS_OF, "--select", "MTG001,SUP", "-f", "json")
    assert _mtg001(result) == ["2025-03-01"]          # February is silenced, March is not
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["MTG001"]


def test_a_period_ignore_of_a_quarter_covers_its_months_and_can_name_a_group(branch):
    branch.member("zhao-li", full_member("zhao-li", "赵丽", group="g2"))
    branch.config("""\
        records_start: 2025-01-01
        ignore:
          - {code: MTG001, period: 2025-Q1, reason: 换届}
          - {code: MTG003, period: 2025, group: g2, reason: 第二党小组本年度撤并}
        """)
    result = zhidu("check", str(branch.root), *AS_OF, "--select", "MTG001,MTG003,SUP", "-f", "json")
    findings = json.loads(result.stdout)["findings"]
    assert {(f["code"], f["facts"].get("group")) for f in findings} == {("MTG003", "g1")}


def test_an_unused_period_ignore_is_reported_at_its_entry(branch):
    branch.config("""\
        records_start: 2025-01-01
        ignore:
          - MTG008
          - {code: MTG001, period: 2025-01, reason: 一月已开会，此条多余}
        """)
    result = zhidu("check", str(branch.root), *AS_OF, "--select", "MTG001,SUP", "-f", "concise")
    sup = [line for line in result.stdout.splitlines() if "SUP001" in line]
    assert sup == [f"{branch.root}/zhidu.yaml:9:5: SUP001 zhidu.yaml 的 ignore 条目（MTG001，2025-01-01–2025-01-31）"
                   "没有屏蔽任何问题 [警告]"]


@pytest.mark.parametrize("entry, message", [
    ("{code: MTG001, period: 2025-13, reason: x}", "2025-13"),
    ("{code: MTG001, period: 2025-02}", "reason"),
    ("{code: MTG01X, period: 2025-02, reason: x}", "MTG01X"),
    ("{code: MTG001, period: 2025-02, reason: x, month: 3}", "month"),
])
def test_a_bad_period_ignore_is_a_located_configuration_error(branch, entry, message):
    branch.config(f"records_start: 2025-01-01\nignore:\n  - {entry}\n")
    result = zhidu("check", str(branch.root), *AS_OF)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{branch.root}/zhidu.yaml:" in result.stderr and message in result.stderr


# --- --timeless ----------------------------------------------------------------------------------------

def test_timeless_runs_only_date_independent_rules_and_ignores_the_date(branch):
    results = [zhidu("check", str(branch.root), "-f", "json", "--timeless", ZHIDU_AS_OF=day)
               for day in ("2025-03-31", "2031-12-31")]
    codes = [sorted(f["code"] for f in json.loads(r.stdout)["findings"]) for r in results]
    assert codes[0] == codes[1] == ["REF003", "SCH005"]
    human = zhidu("check", str(branch.root), "--timeless")
    assert human.stderr == "检查了 4 个文件：2 个错误，0 个警告，0 条提示（与日期无关的规则）\n"
    assert results[0].stdout.replace("2199-12-31", "") == results[1].stdout.replace("2199-12-31", "")


def test_timeless_step_summary_says_so(branch, tmp_path):
    summary = tmp_path / "summary.md"
    zhidu("check", str(branch.root), "--timeless", "-f", "github", GITHUB_STEP_SUMMARY=str(summary))
    assert "（与日期无关的规则）" in summary.read_text(encoding="utf-8")


def test_timeless_narrows_further_with_select_and_refuses_as_of(branch):
    result = zhidu("check", str(branch.root), "-f", "json", "--timeless", "--select", "SCH")
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["SCH005"]
    refused = zhidu("check", str(branch.root), "--timeless", "--as-of", "2025-03-31")
    assert refused.exit_code == 2 and "--timeless" in refused.stderr


# --- 80 columns ----------------------------------------------------------------------------------------

def test_long_lines_break_between_words_never_inside_a_date_or_an_id():
    line = ("examples/records/members/cao-xiulan.yaml:11:1: W DUE005 曹秀兰（cao-xiulan）自 2026-01 起已连续 4 个月"
            "未交党费（计 66.00 元）；满 6 个月将按自行脱党处理，最迟须在 2026-06-30 前交纳")
    lines = wrap_line(line, 80)
    assert lines == [
        "examples/records/members/cao-xiulan.yaml:11:1: W DUE005 曹秀兰（cao-xiulan）自",
        "    2026-01 起已连续 4 个月未交党费（计 66.00 元）；满 6 个月将按自行脱党处理，",
        "    最迟须在 2026-06-30 前交纳"]
    assert "".join(part.strip() for part in lines).replace(" ", "") == line.replace(" ", "")


def test_closing_punctuation_never_starts_a_line():
    assert wrap_line("  = 建议: " + "甲" * 35 + "。乙", 80)[1] == "      甲。乙"


def test_a_terminal_gets_the_wrapped_layout_and_a_pipe_one_line_per_finding(branch, monkeypatch):
    """``TTY_COMPATIBLE=1`` tells rich (and so zhidu) that stdout is a terminal, as an interactive shell's is."""
    from rich.cells import cell_len

    branch.write("meetings/2025/2025-01-09-branch-committee.yaml", (
        branch.root / "meetings/2025/2025-01-09-branch-committee.yaml").read_text(encoding="utf-8")
        .replace("recorder: li-hng", "recorder: zhang-xiaoming-2025-01-09-recorder"))
    monkeypatch.chdir(branch.root)
    args = ("check", ".", *AS_OF, "--select", "REF003", "-f", "concise")
    piped = zhidu(*args, COLUMNS="80")
    assert len(piped.stdout.splitlines()) == 1 and cell_len(piped.stdout.splitlines()[0]) > 80
    shown = zhidu(*args, COLUMNS="80", TTY_COMPATIBLE="1")
    lines = shown.stdout.splitlines()
    assert len(lines) > 1 and all(cell_len(line) <= 80 for line in lines)
    assert all(line.startswith("    ") for line in lines[1:])
    assert any("zhang-xiaoming-2025-01-09-recorder" in line for line in lines)     # the id stays whole
    assert shown.stderr == piped.stderr


def test_a_quoted_source_line_is_not_wrapped_so_its_caret_still_points(branch, monkeypatch):
    monkeypatch.chdir(branch.root)
    member = branch.root / "members/wang-qiang.yaml"
    member.write_text(member.read_text(encoding="utf-8").replace(
        "phnoe: '13900001234'", "phnoe: '13900001234'        # 备注：这是一段很长很长的注释，用来让源代码行超过八十列的终端宽度"),
        encoding="utf-8")
    shown = zhidu("check", ".", *AS_OF, "--select", "SCH005", "--show-source", COLUMNS="80", TTY_COMPATIBLE="1")
    lines = shown.stdout.splitlines()
    source = next(i for i, line in enumerate(lines) if line.startswith("5 | phnoe"))
    assert lines[source + 1] == "  | ^"
    assert lines[source].endswith("超过八十列的终端宽度")


def test_rules_detail_is_laid_out_for_a_terminal_and_left_alone_in_a_pipe():
    from rich.cells import cell_len

    piped = zhidu("rules", "QRM001", COLUMNS="80")
    shown = zhidu("rules", "QRM001", COLUMNS="80", TTY_COMPATIBLE="1")
    assert any(cell_len(line) > 80 for line in piped.stdout.splitlines())
    prose = shown.stdout.split("\n\n")[0].splitlines()
    assert all(cell_len(line) <= 80 for line in prose)
    assert "".join(line.strip() for line in prose) == "".join(
        line.strip() for line in piped.stdout.split("\n\n")[0].splitlines())
    assert shown.stdout.split("\n\n")[1:] == piped.stdout.split("\n\n")[1:]     # the YAML examples as written


# --- help that teaches ---------------------------------------------------------------------------------

def test_a_mistyped_enum_value_gets_a_did_you_mean(branch):
    branch.write("meetings/2025/2025-02-12-group.yaml", "type: 党小组汇\ndate: 2025-02-12\ngroup: g1\n"
                 "attendees: [li-hong]\n")
    result = zhidu("check", str(branch.root), *AS_OF, "--select", "SCH008", "-f", "concise")
    assert result.exit_code == 1
    assert result.stdout == (f"{branch.root}/meetings/2025/2025-02-12-group.yaml:1:7: SCH008 type 不允许取值 “党小组汇”，"
                             "是否应为 党小组会？ [错误]\n")
    english = zhidu("check", str(branch.root), *AS_OF, "--select", "SCH008", "-f", "concise", "--lang", "en")
    assert "“党小组汇” is not allowed for type; did you mean 党小组会?" in english.stdout
    assert english.stderr.startswith("Checked 5 files: 1 error")


def test_a_value_like_nothing_gets_the_list_without_a_guess(branch):
    branch.write("meetings/2025/2025-02-12-group.yaml", "type: 座谈\ndate: 2025-02-12\n")
    result = zhidu("check", str(branch.root), *AS_OF, "--select", "SCH008", "-f", "json")
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["message"] == "type 不允许取值 “座谈”"
    assert finding["hint"].startswith("可用取值：branch-committee, general-assembly")


# --- 80 columns: overdue and rules -----------------------------------------------------------------------

EXAMPLES = pathlib.Path(__file__).parent.parent / "examples" / "records"
DATE = __import__("re").compile(r"\d{4}-\d{2}-\d{2}")


def _cells(line: str) -> int:
    from rich.cells import cell_len

    return cell_len(line)


def test_overdue_fits_80_columns_without_breaking_a_date_or_a_group_name():
    result = zhidu("overdue", str(EXAMPLES), "--as-of", "2026-12-31", COLUMNS="80")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(map(_cells, lines)) <= 80
    assert len(DATE.findall(result.stdout)) > 40                    # every last-meeting date is whole
    assert not [line for line in lines if __import__("re").search(r"\d{4}-\d{0,1}$|^\s+\d{0,2}-\d{2}\s", line)]
    # a group name breaks only before its bracket, never inside 第一党小组 or the bracketed part
    assert result.stdout.count("第一党小组\n") == 0 and "第一党小组" in result.stdout
    assert "（幸福苑片区）" in result.stdout and "支部党员大会" in result.stdout
    assert "（幸福苑片" not in result.stdout.replace("（幸福苑片区）", "")


def test_rules_fits_80_columns_and_keeps_codes_and_names_whole():
    result = zhidu("rules", COLUMNS="80")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert max(map(_cells, lines)) <= 80
    from zhidu_cli.rules.registry import all_rules

    for rule in all_rules():
        assert f"{rule.code}  {rule.name}" in result.stdout


def test_a_quarter_does_not_cover_the_half_year_it_starts_but_a_year_covers_everything_in_it(branch):
    branch.config("""\
        records_start: 2025-01-01
        ignore:
          - {code: MTG005, period: 2025-Q1, reason: 一季度}
        """)
    result = zhidu("check", str(branch.root), "--as-of", "2025-07-15", "--select", "MTG005,SUP", "-f", "json")
    codes = [(f["code"], f["facts"].get("period_start")) for f in json.loads(result.stdout)["findings"]]
    assert codes == [("MTG005", "2025-01-01"), ("SUP001", None)]   # H1 still reported; the entry covered nothing
    branch.config("""\
        records_start: 2025-01-01
        ignore:
          - {code: MTG, period: 2025, reason: 换届年，纸质档案另存}
        """)
    result = zhidu("check", str(branch.root), "--as-of", "2025-07-15", "--select", "MTG,SUP", "-f", "json")
    assert json.loads(result.stdout)["findings"] == []


@pytest.mark.parametrize("text, width, lines", [
    ("第一党小组（幸福苑片区）", 14, ["第一党小组", "（幸福苑片区）"]),       # before the bracket only
    ("待召开，剩 1806 天", 10, ["待召开，", "剩 1806 天"]),                 # a count keeps its word and unit
    ("已逾期 92 天", 8, ["已逾期", "92 天"]),
    ("支部党员大会", 8, ["支部党员大会"]),                                   # a short word never breaks …
    ("街道办事处党工委议事决策规则", 16, ["街道办事处党工委", "议事决策规则"]),   # … a long one may
    ("2025-12-03", 4, ["2025-12-03"]),                                      # nor a date
])
def test_table_cells_break_only_where_a_reader_expects(text, width, lines):
    from zhidu_cli.cli.common import wrap_cell

    assert wrap_cell(text, width).split("\n") == lines
