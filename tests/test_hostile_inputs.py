"""Issue 14, point 1 and 6: inputs that once ended in "内部错误" now end in a located finding or a
clear error naming the file (and CSV line), exit 1 or 2."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from zhidu_cli.cli.app import app
from zhidu_cli.dues.money import MoneyError, parse_money

from conftest import full_member

ENV = {"NO_COLOR": "1", "COLUMNS": "100", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}
HUGE = "123456789012345678901234567890.12"


def zhidu(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def no_internal_error(result) -> None:
    assert "内部错误" not in result.output and "internal error" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


# --- calendar.yaml -------------------------------------------------------------------------------

def test_a_year_given_twice_in_calendar_yaml_is_a_located_finding(repo):
    repo.write("calendar.yaml", "years:\n  - {year: 2027}\n  - {year: 2027, holidays: [2027-10-01]}\n")
    result = zhidu("check", str(repo.root), "--as-of", "2025-12-31", "-f", "concise")
    no_internal_error(result)
    assert result.exit_code == 1
    assert "calendar.yaml:3:6: REF002 编号 2027 重复" in result.output


@pytest.mark.parametrize("year, column", [("0", 6), ("99999", 6), ("1899", 6), ("2200", 6)])
def test_a_year_out_of_range_in_calendar_yaml_is_a_located_finding(repo, year, column):
    repo.write("calendar.yaml", f"years:\n  - {{year: {year}}}\n")
    result = zhidu("check", str(repo.root), "--as-of", "2025-12-31", "-f", "concise")
    no_internal_error(result)
    assert f"calendar.yaml:2:{column}: SCH007 字段 year 的年份不对：“{year}”" in result.output


def test_the_first_and_last_years_of_the_range_are_accepted(repo):
    repo.write("calendar.yaml", "years:\n  - {year: 1900}\n  - {year: 2199}\n")
    assert [f.code for f in repo.check("2025-12-31", select=("SCH", "REF"))] == []


# --- amounts beyond Decimal's 28 digits ------------------------------------------------------------

@pytest.mark.parametrize("text, reason", [
    ("999999999999.99", None),            # 12 digits before the point: the largest accepted
    ("1000000000000", "range"),           # 13 digits
    ("1000000000000.00", "range"),
    (HUGE, "range"),
])
def test_amount_digits_are_bounded_exactly(text, reason):
    if reason is None:
        assert str(parse_money(text)) == text
    else:
        with pytest.raises(MoneyError) as caught:
            parse_money(text)
        assert caught.value.reason == reason


def test_a_huge_dues_base_is_a_located_finding(repo):
    repo.member("a", "name: 甲\ngroup: g1\nhistory:\n  - {date: 2000-07-01, event: full}\n"
                     f"dues: {{category: employed, base: [{{from: 2025-01, amount: \"{HUGE}\"}}]}}\n")
    result = zhidu("check", str(repo.root), "--as-of", "2025-12-31", "-f", "concise")
    no_internal_error(result)
    assert result.exit_code == 1
    assert f"members/a.yaml:5:" in result.output and "SCH007" in result.output and "过大" in result.output
    for command in (["dues", "report", "--month", "2025-03"], ["dues", "calc", "--month", "2025-03"],
                    ["member", "a"], ["overdue"]):
        result = zhidu(*command, "-C", str(repo.root), "--as-of", "2025-12-31")
        no_internal_error(result)
        assert result.exit_code in (0, 1, 2)


def import_csv(repo, data: bytes, *args: str):
    path = repo.root.parent / "党费.csv"
    path.write_bytes(data)
    return zhidu("dues", "import", str(path), "--month", "2025-07", "-C", str(repo.root), *args), str(path)


@pytest.fixture
def branch(repo):
    repo.member("wang-fang", "name: 王芳\ngroup: g1\ndues: {category: employed, base: [{from: 2020-01, amount: \"4000\"}]}\n"
                             "history:\n  - {date: 2001-07-01, event: full}\n")
    return repo


def test_a_huge_amount_in_an_import_is_located_by_line(branch):
    result, path = import_csv(branch, f"姓名,金额,日期\n王芳,{HUGE},2025-07-03\n".encode())
    no_internal_error(result)
    assert result.exit_code == 1          # a bad row, like every other: nothing written
    assert f"{path}:2:" in result.output and "过大" in result.output
    assert not (branch.root / "dues").exists()


@pytest.mark.parametrize("char", ["\x7f", "\x85", "\x9b", "\ufffe", "\uffff", "\u2028", "\x01"])
def test_a_control_character_in_a_note_is_located_by_line(branch, char):
    result, path = import_csv(branch, f"姓名,金额,日期,备注\n王芳,40,2025-07-03,代{char}交\n".encode())
    no_internal_error(result)
    assert result.exit_code == 1
    assert f"{path}:2:" in result.output and f"U+{ord(char):04X}" in result.output and "备注" in result.output
    assert not (branch.root / "dues").exists()


def test_a_big5_export_is_read_as_big5(branch):
    result, _ = import_csv(branch, "姓名,金額,日期,備註\r\n王芳,40,2025-07-03,本人繳納\r\n".encode("big5"))
    assert result.exit_code == 0, result.output
    assert "Big5" in result.output
    assert "本人繳納" in (branch.root / "dues" / "2025-07.yaml").read_text(encoding="utf-8")


def test_an_unreadable_legacy_file_names_the_encodings_tried(branch):
    data = "姓名,金钱,日期\n王芳,40,2025-07-03\n".encode("gb18030")     # a header really lacking 金额
    result, _ = import_csv(branch, data)
    no_internal_error(result)
    assert result.exit_code == 2
    assert "表头缺少列" in result.output and "不是 UTF-8" in result.output and "GB18030" in result.output


def test_a_gb18030_export_still_reads_as_gb18030(branch):
    result, _ = import_csv(branch, "姓名,金额,日期\r\n王芳,40,2025-07-03\r\n".encode("gb18030"))
    assert result.exit_code == 0, result.output
    assert "GB18030" in result.output


def test_a_member_base_with_28_digits_does_not_reach_decimal_arithmetic(repo):
    repo.member("a", full_member("a", "甲"))
    repo.write("dues/2025-03.yaml", "month: 2025-03\npayments:\n"
                                    f"  - {{member: a, amount: \"{HUGE}\", paid_on: 2025-03-02}}\n")
    result = zhidu("check", str(repo.root), "--as-of", "2025-12-31", "-f", "concise")
    no_internal_error(result)
    assert "dues/2025-03.yaml:3:" in result.output and "SCH007" in result.output


# --- an empty list for a required field --------------------------------------------------------------

@pytest.mark.parametrize("relpath, text, field", [
    ("meetings/2025/2025-03-01-m.yaml", "type: []\ndate: 2025-03-01\n", "type"),
    ("members/b.yaml", "name: 乙\ngroup: g1\nhistory: []\n", "history"),
    ("calendar.yaml", "years: []\n", "years"),
])
def test_an_empty_list_for_a_required_field_is_an_error(repo, relpath, text, field):
    repo.write(relpath, text)
    [finding] = [f for f in repo.check("2025-12-31", select=("SCH",))]
    assert (finding.code, finding.location.path, finding.facts["field"]) == ("SCH007", relpath, field)
    assert finding.message == f"必填字段 {field} 不能是空列表"


def test_type_given_as_one_value_or_a_list_is_still_fine(repo):
    repo.write("meetings/2025/2025-03-01-m.yaml", "type: [支委会]\ndate: 2025-03-01\n")
    repo.write("meetings/2025/2025-03-02-n.yaml", "type: 支委会\ndate: 2025-03-02\n")
    assert [f.code for f in repo.check("2025-12-31", select=("SCH",))] == []
