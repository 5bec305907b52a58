"""Output formats of ``zhidu check``, pinned by golden files.

Golden files live in ``tests/golden/formatters/``, one per format (and per language for the human
formats). After an intended change of output, regenerate them and review the diff before committing:

    ZHIDU_UPDATE_GOLDEN=1 pytest tests/test_formatters.py

With the variable unset a missing or different golden file fails the test.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

import zhidu_cli
from zhidu_cli.diagnostics.finding import Finding, Location, Severity
from zhidu_cli.diagnostics.formatters import (
    FORMATS,
    STEP_SUMMARY_MAX_ROWS,
    display_path,
    fingerprint,
    format_concise,
    format_statistics,
    format_full,
    format_github,
    format_gitlab,
    format_json,
    format_report,
    format_sarif,
    github_annotation,
    github_escape_data,
    github_escape_property,
    github_step_summary,
    json_safe,
    report_json,
    summary_line,
)
from zhidu_cli.diagnostics.report import Report, RuleInfo

GOLDEN = Path(__file__).parent / "golden" / "formatters"
UPDATE = os.environ.get("ZHIDU_UPDATE_GOLDEN") == "1"

AS_OF = dt.date(2025, 12, 31)

SCH003 = Finding(
    code="SCH003", severity=Severity.ERROR, name="unknown-key",
    message="未知字段 “phnoe”",
    location=Location("members/wang-fang.yaml", 12, 3),
    citation="docs/records.md 成员文件",
    hint="是否应为 “phone”？",
    facts={"key": "phnoe", "suggestions": ("phone",)},
)
CND006 = Finding(
    code="CND006", severity=Severity.WARNING, name="absence-reason",
    message="缺席 2 人未记录原因: 张伟, 李娜\n出席率 60%",
    location=Location("meetings/2025/2025-03-05-zhiweihui.yaml", 4, 11),
    citation="000 §二",
    related=(Location("members/zhang-wei.yaml", 1, 1), Location("members/li-na.yaml")),
    facts={"absent": frozenset({"zhang-wei", "li-na"}), "rate": Decimal("0.60"), "date": dt.date(2025, 3, 5)},
)
DUE008 = Finding(
    code="DUE008", severity=Severity.INFO, name="new-dues-base",
    message="王芳的新缴费基数自本月起适用",
    location=Location("dues/2025-06.yaml"),
    citation="2008 规定 第十条",
)
MTG001 = Finding(  # its rule is missing from the report's rule table on purpose
    code="MTG001", severity=Severity.ERROR, name="branch-committee-monthly",
    message="2025 年 11 月未召开支委会",
    location=Location("zhidu.yaml", 5),
    citation="000 §二.1; 支部工作条例 第十二条",
)
FINDINGS = (SCH003, CND006, DUE008, MTG001)

RULES = (
    RuleInfo("SCH003", "unknown-key", "schema", "未知字段", "unknown key", "docs/records.md", Severity.ERROR),
    RuleInfo("CND006", "absence-reason", "conduct", "缺席者须有记录的原因", "absent members have a recorded reason",
             "000 §二", Severity.WARNING),
    RuleInfo("DUE008", "new-dues-base", "dues", "新基数自新收入当月起适用", "a new base applies from the month "
             "the new income starts", "2008 规定 第十条", Severity.INFO),
    RuleInfo("MTG002", "general-assembly-quarterly", "cadence", "党员大会每季度至少召开一次",
             "the general assembly meets at least once a quarter", "000 §二.2; 支部工作条例 第十一条", Severity.ERROR),
)

SOURCES = {
    "members/wang-fang.yaml": [f"# line {n}" for n in range(1, 12)] + ["  phnoe: 略"],
    "meetings/2025/2025-03-05-zhiweihui.yaml": [
        "id: 2025-03-05-zhiweihui", "type: 支委会", "date: 2025-03-05", "note: 缺席者 张伟, 李娜"],
}


def make_report(lang: str = "zh", findings: tuple[Finding, ...] = FINDINGS, repo: str = ".") -> Report:
    # Given out of order: the formatters sort, so a caller's order never changes the output.
    return Report(findings=tuple(reversed(findings)), as_of=AS_OF, repo=repo, lang=lang,
                  files_checked=42, rules=RULES)


def source_lines(path: str) -> list[str] | None:
    return SOURCES.get(path)


@pytest.fixture
def pinned_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """Golden files must not change with every release, so they carry a fixed version."""
    monkeypatch.setattr(zhidu_cli, "__version__", "0.0.0+golden")


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"missing golden file {path}: run with ZHIDU_UPDATE_GOLDEN=1"
    assert text == path.read_bytes().decode("utf-8")


# ── golden files ─────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_full_golden(lang: str) -> None:
    check_golden(f"full.{lang}.txt", format_full(make_report(lang), source_lines=source_lines))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_concise_golden(lang: str) -> None:
    check_golden(f"concise.{lang}.txt", format_concise(make_report(lang)))


@pytest.mark.parametrize("fmt, name", [("json", "json.json"), ("github", "github.txt"),
                                       ("gitlab", "gitlab.json"), ("sarif", "sarif.json")])
def test_machine_golden(fmt: str, name: str, pinned_version: None) -> None:
    check_golden(name, format_report(make_report(), fmt))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_step_summary_golden(lang: str) -> None:
    check_golden(f"github_step_summary.{lang}.md", github_step_summary(make_report(lang)))


# ── summary line ─────────────────────────────────────────────────────────────────────────────────


def test_summary_line_zh_and_en() -> None:
    assert summary_line(make_report("zh")) == "检查了 42 个文件：2 个错误，1 个警告，1 条提示（截至 2025-12-31）"
    assert summary_line(make_report("en")) == "Checked 42 files: 2 errors, 1 warning, 1 info (as of 2025-12-31)"


def test_summary_line_without_findings() -> None:
    assert summary_line(make_report("zh", ())) == "检查了 42 个文件，未发现问题（截至 2025-12-31）"
    assert summary_line(make_report("en", ())) == "Checked 42 files: no problems (as of 2025-12-31)"


def test_summary_line_counts_the_paths_not_read() -> None:
    report = dataclasses.replace(make_report("zh"), files_unread=3)
    assert summary_line(report) == "检查了 42 个文件（3 个未能读取）：2 个错误，1 个警告，1 条提示（截至 2025-12-31）"
    report = dataclasses.replace(make_report("en"), files_unread=1)
    assert summary_line(report) == "Checked 42 files (1 not read): 2 errors, 1 warning, 1 info (as of 2025-12-31)"


def test_summary_line_english_plurals() -> None:
    one = dataclasses.replace(make_report("en", (SCH003,)), files_checked=1)
    assert summary_line(one) == "Checked 1 file: 1 error, 0 warnings, 0 infos (as of 2025-12-31)"


# ── concise and full ─────────────────────────────────────────────────────────────────────────────


def test_concise_is_one_line_per_finding_even_for_a_multiline_message() -> None:
    lines = format_concise(make_report()).splitlines()
    assert len(lines) == len(FINDINGS)       # findings only: the summary line is the CLI's, on stderr
    assert lines[0] == "dues/2025-06.yaml: DUE008 王芳的新缴费基数自本月起适用 [提示]"
    assert lines[1] == ("meetings/2025/2025-03-05-zhiweihui.yaml:4:11: CND006 "
                        "缺席 2 人未记录原因: 张伟, 李娜 出席率 60% [警告]")
    assert lines[3] == "zhidu.yaml:5:1: MTG001 2025 年 11 月未召开支委会 [错误]"


def test_full_caret_counts_chinese_characters_as_two_columns() -> None:
    text = format_full(make_report(findings=(CND006,)), source_lines=source_lines)
    assert "4 | note: 缺席者 张伟, 李娜\n  |              ^\n" in text
    # "note: " is 6 columns and "缺席者 " is 7, so the caret sits in column 14
    assert text.splitlines()[4].index("^") - len("  | ") == 13


def test_full_without_source_has_no_snippet() -> None:
    text = format_full(make_report(findings=(CND006,)))
    assert text == (
        "meetings/2025/2025-03-05-zhiweihui.yaml:4:11: W CND006 缺席 2 人未记录原因: 张伟, 李娜\n"
        "  出席率 60%\n"
        "  = 依据: 000 §二\n"
        "  = 相关: members/zhang-wei.yaml:1:1\n"
        "  = 相关: members/li-na.yaml\n"
    )


@pytest.mark.parametrize("lines", [None, [], ["only one line"]])
def test_full_skips_the_snippet_when_the_line_cannot_be_read(lines: list[str] | None) -> None:
    text = format_full(make_report(findings=(SCH003,)), source_lines=lambda path: lines)
    assert " | " not in text
    assert text.startswith("members/wang-fang.yaml:12:3: E SCH003 未知字段 “phnoe”\n  = 依据: ")


def test_full_never_asks_for_the_source_of_a_whole_file_finding() -> None:
    asked: list[str] = []
    format_full(make_report(findings=(DUE008,)), source_lines=lambda path: asked.append(path) or None)
    assert asked == []


def test_format_report_passes_source_lines_to_full_only() -> None:
    report = make_report()
    assert format_report(report, "full", source_lines=source_lines) == format_full(report, source_lines=source_lines)
    assert format_report(report, "concise", source_lines=source_lines) == format_concise(report)


def test_unknown_format_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        format_report(make_report(), "xml")


# ── paths ────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("repo, shown", [
    (".", "members/a.yaml"),
    ("", "members/a.yaml"),
    ("examples/records", "examples/records/members/a.yaml"),
    ("examples/records/", "examples/records/members/a.yaml"),
    ("./records", "records/members/a.yaml"),
    ("../branch", "../branch/members/a.yaml"),
    ("/srv/branch", "/srv/branch/members/a.yaml"),
])
def test_display_path_is_seen_from_where_zhidu_ran(repo: str, shown: str) -> None:
    assert display_path(make_report(repo=repo), "members/a.yaml") == shown


def test_repo_prefix_in_clickable_formats_but_not_in_json() -> None:
    report = make_report(findings=(SCH003,), repo="examples/records")
    assert format_concise(report).startswith("examples/records/members/wang-fang.yaml:12:3: SCH003")
    assert "file=examples/records/members/wang-fang.yaml," in format_github(report)
    assert json.loads(format_gitlab(report))[0]["location"]["path"] == "examples/records/members/wang-fang.yaml"
    location = json.loads(format_sarif(report))["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"] == {
        "uri": "examples/records/members/wang-fang.yaml", "uriBaseId": "SRCROOT"}
    data = json.loads(format_json(report))
    assert (data["repo"], data["findings"][0]["path"]) == ("examples/records", "members/wang-fang.yaml")


def test_sarif_uri_is_a_file_uri_for_an_absolute_repository_and_percent_encoded() -> None:
    absolute = make_report(findings=(SCH003,), repo="/srv/支部")
    location = json.loads(format_sarif(absolute))["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"] == {
        "uri": "file:///srv/%E6%94%AF%E9%83%A8/members/wang-fang.yaml"}
    spaced = make_report(findings=(dataclasses.replace(SCH003, location=Location("members/a b.yaml", 1, 1)),))
    location = json.loads(format_sarif(spaced))["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "members/a%20b.yaml"


# ── json ─────────────────────────────────────────────────────────────────────────────────────────


def test_json_parses_and_round_trips() -> None:
    text = format_json(make_report())
    data = json.loads(text)
    assert data == report_json(make_report())
    assert json.dumps(data, ensure_ascii=False, indent=2) + "\n" == text
    assert "未知字段" in text  # not \u-escaped
    assert (data["format_version"], data["tool"], data["version"]) == (1, "zhidu", zhidu_cli.__version__)
    assert (data["as_of"], data["repo"], data["lang"]) == ("2025-12-31", ".", "zh")
    assert data["summary"] == {"files": 42, "unread": 0, "error": 2, "warning": 1, "info": 1}
    assert [f["code"] for f in data["findings"]] == ["DUE008", "CND006", "SCH003", "MTG001"]


def test_json_finding_fields_and_facts() -> None:
    cnd006 = json.loads(format_json(make_report()))["findings"][1]
    assert cnd006 == {
        "code": "CND006", "name": "absence-reason", "severity": "warning",
        "path": "meetings/2025/2025-03-05-zhiweihui.yaml", "line": 4, "column": 11,
        "message": "缺席 2 人未记录原因: 张伟, 李娜\n出席率 60%", "hint": "", "citation": "000 §二",
        "related": [{"path": "members/zhang-wei.yaml", "line": 1, "column": 1},
                    {"path": "members/li-na.yaml", "line": 0, "column": 0}],
        "facts": {"absent": ["li-na", "zhang-wei"], "date": "2025-03-05", "rate": "0.60"},
        "fingerprint": fingerprint(CND006),          # the id GitLab, SARIF and baselines use
    }


def test_json_safe_conversions() -> None:
    value = {
        2: dt.datetime(2025, 1, 2, 3, 4), "b": Decimal("12.50"), "a": (1, {"x"}), "s": Severity.WARNING,
        "loc": Location("m.yaml", 3, 0), "n": None, "t": True, "obj": Path("x/y"),
    }
    assert json_safe(value) == {
        "2": "2025-01-02T03:04:00", "a": [1, ["x"]], "b": "12.50", "loc": "m.yaml:3:1", "n": None,
        "obj": "x/y", "s": "warning", "t": True,
    }
    assert list(json_safe(value)) == ["2", "a", "b", "loc", "n", "obj", "s", "t"]


# ── github ───────────────────────────────────────────────────────────────────────────────────────


def test_github_escaping_exact() -> None:
    assert github_escape_data("100% 完成\r\n下一行: a, b") == "100%25 完成%0D%0A下一行: a, b"
    assert github_escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"


def test_github_annotation_exact() -> None:
    odd = Finding(code="QRM003", severity=Severity.ERROR, name="joint-quorum",
                  message="出席率 75%: 应到 8, 实到 6\n未达 80%",
                  location=Location("meetings/2025/a:b,c.yaml", 3, 0), citation="000 §十.4")
    assert github_annotation(make_report(), odd) == (
        "::error file=meetings/2025/a%3Ab%2Cc.yaml,line=3,col=1,title=QRM003 joint-quorum"
        "::出席率 75%25: 应到 8, 实到 6%0A未达 80%25 (000 §十.4)")


def test_github_annotation_levels_and_whole_file() -> None:
    report = make_report()
    assert github_annotation(report, DUE008) == (
        "::notice file=dues/2025-06.yaml,title=DUE008 new-dues-base::王芳的新缴费基数自本月起适用 (2008 规定 第十条)")
    assert github_annotation(report, CND006).startswith("::warning file=meetings/2025/2025-03-05-zhiweihui.yaml,")
    bare = dataclasses.replace(MTG001, name="", citation="")
    assert github_annotation(report, bare) == "::error file=zhidu.yaml,line=5,col=1,title=MTG001::2025 年 11 月未召开支委会"


def test_github_prints_only_workflow_commands() -> None:
    many = tuple(dataclasses.replace(DUE008, location=Location(f"dues/2025-{m:02d}.yaml")) for m in range(1, 13))
    lines = format_github(make_report(findings=many)).splitlines()
    assert len(lines) == 12             # the plain list and the summary go to stderr (see test_check_streams)
    assert all(line.startswith("::notice ") for line in lines)


def test_no_line_of_the_plain_list_can_be_a_workflow_command() -> None:
    sneaky = dataclasses.replace(DUE008, message="看这里\n::error::伪造的注释")
    lines = format_github(make_report(findings=(sneaky,))).splitlines()
    assert [line for line in lines if line.startswith("::")] == [lines[0]]


def test_step_summary_escapes_table_cells_and_caps_rows() -> None:
    odd = dataclasses.replace(DUE008, message="a | b <i>\nc", citation="x|y")
    text = github_step_summary(make_report(findings=(odd,)))
    assert "| 提示 | `dues/2025-06.yaml` | DUE008 | a \\| b &lt;i&gt;<br>c | x\\|y |" in text
    many = tuple(dataclasses.replace(DUE008, location=Location(f"dues/{n:04d}.yaml"))
                 for n in range(STEP_SUMMARY_MAX_ROWS + 3))
    text = github_step_summary(make_report(findings=many))
    assert text.count("| DUE008 |") == STEP_SUMMARY_MAX_ROWS
    assert text.endswith("\n另有 3 条未列出，请看运行日志。\n")


# ── gitlab ───────────────────────────────────────────────────────────────────────────────────────


def test_gitlab_code_quality_issues() -> None:
    issues = json.loads(format_gitlab(make_report()))
    assert [(i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for i in issues] == [
        ("DUE008", "info", 1), ("CND006", "minor", 4), ("SCH003", "major", 12), ("MTG001", "major", 5)]
    assert issues[2] == {
        "description": "SCH003: 未知字段 “phnoe”", "check_name": "SCH003", "fingerprint": fingerprint(SCH003),
        "severity": "major", "location": {"path": "members/wang-fang.yaml", "lines": {"begin": 12}}}


def test_fingerprint_is_stable_and_tells_findings_apart() -> None:
    # neither the wording (language, day counts) nor the line number (an edit above) changes it
    reworded = dataclasses.replace(SCH003, message="unknown key “phnoe”", hint="x")
    moved = dataclasses.replace(SCH003, location=Location("members/wang-fang.yaml", 13, 3))
    assert fingerprint(SCH003) == fingerprint(reworded) == fingerprint(moved)
    assert len(fingerprint(SCH003)) == 64
    other_file = dataclasses.replace(SCH003, location=Location("members/li-na.yaml", 12, 3))
    other_code = dataclasses.replace(SCH003, code="SCH005")
    assert len({fingerprint(SCH003), fingerprint(other_file), fingerprint(other_code)}) == 3
    # a finding computed by the checker carries its own (from the line's text); the formatters use it
    assert fingerprint(dataclasses.replace(SCH003, fingerprint="f" * 64)) == "f" * 64
    # the fingerprint ignores where zhidu ran from
    issue = lambda repo: json.loads(format_gitlab(make_report(findings=(SCH003,), repo=repo)))[0]["fingerprint"]
    assert issue(".") == issue("examples/records")


# ── sarif ────────────────────────────────────────────────────────────────────────────────────────

SARIF_LEVELS = {"none", "note", "warning", "error"}


def validate_sarif(doc: dict) -> None:
    """The parts of SARIF 2.1.0 that consumers reject when wrong, checked without the schema."""
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert doc["version"] == "2.1.0"
    assert isinstance(doc["runs"], list) and len(doc["runs"]) == 1
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "zhidu" and driver["version"] == zhidu_cli.__version__
    assert driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    for rule in rules:
        assert isinstance(rule["id"], str) and rule["id"]
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in SARIF_LEVELS
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in SARIF_LEVELS
        assert isinstance(result["message"]["text"], str) and result["message"]["text"]
        assert result["locations"]
        for location in result["locations"] + result.get("relatedLocations", []):
            physical = location["physicalLocation"]
            artifact = physical["artifactLocation"]
            assert isinstance(artifact["uri"], str) and " " not in artifact["uri"]
            if "region" in physical:
                assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1


def test_sarif_structure() -> None:
    doc = json.loads(format_sarif(make_report()))
    validate_sarif(doc)
    run = doc["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["SCH003", "CND006", "DUE008", "MTG002", "MTG001"]
    assert [(r["ruleId"], r["ruleIndex"], r["level"]) for r in run["results"]] == [
        ("DUE008", 2, "note"), ("CND006", 1, "warning"), ("SCH003", 0, "error"), ("MTG001", 4, "error")]


def test_sarif_minimal_rule_for_a_code_missing_from_the_table() -> None:
    rule = json.loads(format_sarif(make_report()))["runs"][0]["tool"]["driver"]["rules"][4]
    assert rule == {
        "id": "MTG001", "name": "branch-committee-monthly",
        "shortDescription": {"text": "branch-committee-monthly"},
        "fullDescription": {"text": "branch-committee-monthly (依据: 000 §二.1; 支部工作条例 第十二条)"},
        "help": {"text": "MTG001 branch-committee-monthly: branch-committee-monthly\n依据: 000 §二.1; 支部工作条例 第十二条"},
        "defaultConfiguration": {"level": "error"},
    }


def test_sarif_result_locations() -> None:
    results = json.loads(format_sarif(make_report()))["runs"][0]["results"]
    whole_file, cnd006 = results[0], results[1]
    assert whole_file["locations"] == [
        {"physicalLocation": {"artifactLocation": {"uri": "dues/2025-06.yaml", "uriBaseId": "SRCROOT"}}}]
    assert cnd006["locations"][0]["physicalLocation"]["region"] == {"startLine": 4, "startColumn": 11}
    assert cnd006["relatedLocations"] == [
        {"id": 0, "physicalLocation": {"artifactLocation": {"uri": "members/zhang-wei.yaml", "uriBaseId": "SRCROOT"},
                                       "region": {"startLine": 1, "startColumn": 1}}},
        {"id": 1, "physicalLocation": {"artifactLocation": {"uri": "members/li-na.yaml", "uriBaseId": "SRCROOT"}}}]
    assert cnd006["properties"] == {"citation": "000 §二"}
    assert results[2]["properties"] == {"citation": "docs/records.md 成员文件", "hint": "是否应为 “phone”？"}


def test_sarif_descriptions_follow_the_language() -> None:
    rules = json.loads(format_sarif(make_report("en")))["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0]["shortDescription"] == {"text": "unknown key"}
    assert rules[0]["fullDescription"] == {"text": "unknown key (citation: docs/records.md)"}
    assert rules[0]["properties"] == {"tags": ["schema"]}


# ── empty report ─────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_report(fmt: str) -> None:
    report = make_report(findings=())
    text = format_report(report, fmt)
    assert text.endswith("\n") or not text
    if fmt in ("full", "concise", "github"):
        assert text == ""                # nothing found, nothing on stdout
    elif fmt == "json":
        data = json.loads(text)
        assert (data["findings"], data["summary"]) == ([], {"files": 42, "unread": 0, "error": 0, "warning": 0, "info": 0})
    elif fmt == "gitlab":
        assert text == "[]\n"
    else:
        doc = json.loads(text)
        validate_sarif(doc)
        assert doc["runs"][0]["results"] == []
        assert [r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]] == ["SCH003", "CND006", "DUE008", "MTG002"]


def test_empty_step_summary() -> None:
    assert github_step_summary(make_report("en", ())) == (
        "## zhidu check\n\nChecked 42 files: no problems (as of 2025-12-31)\n")


def test_statistics_count_per_code_most_frequent_first() -> None:
    two = (SCH003, dataclasses.replace(SCH003, location=Location("members/li-na.yaml", 2, 1)), CND006)
    report = make_report(findings=two)
    assert format_statistics(report, "concise") == "2\tSCH003\tunknown-key\n1\tCND006\tabsence-reason\n"
    assert json.loads(format_statistics(report, "json")) == [
        {"code": "SCH003", "name": "unknown-key", "severity": "error", "count": 2},
        {"code": "CND006", "name": "absence-reason", "severity": "warning", "count": 1}]
    assert format_statistics(make_report(findings=()), "full") == ""
