"""``zhidu dues import`` on a realistic export: every row becomes exactly one payment, or nothing
is written at all.

The export is what a treasurer gets from Excel on Chinese Windows: GB18030 without a BOM, CRLF line
ends, a Chinese header with a 序号 column and a unit, rows left blank (``,,,,,,``), two members both
called 王芳 told apart by the 编号 column, and a 合计 row at the bottom.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from zhidu_cli.cli.app import app
from zhidu_cli.schedule.months import YearMonth
from zhidu_cli.workspace import open_workspace

ENV = {"NO_COLOR": "1", "COLUMNS": "100", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}


@pytest.fixture
def branch(repo):
    repo.member("wang-fang", "name: 王芳\ngroup: g1\ndues: {category: employed, base: [{from: 2020-01, amount: \"4000\"}]}\n"
                             "history:\n  - {date: 2001-07-01, event: full}\n")
    repo.member("wang-fang2", "name: 王 芳\ngroup: g2\ndues: {category: retired, base: [{from: 2020-01, amount: \"3000\"}]}\n"
                              "history:\n  - {date: 1978-07-01, event: full}\n")
    repo.member("li-qiang", "name: 李强\ngroup: g1\ndues: {category: employed, base: [{from: 2020-01, amount: \"6000\"}]}\n"
                            "history:\n  - {date: 2010-07-01, event: full}\n")
    repo.member("zhao-min", "name: 赵敏\ngroup: g2\ndues: {category: retired, base: [{from: 2020-01, amount: \"5200\"}]}\n"
                            "history:\n  - {date: 1990-07-01, event: full}\n")
    repo.member("chen-jing", "name: 陈静\ngroup: g2\ndues: {category: student}\n"
                             "history:\n  - {date: 2024-06-01, event: admitted}\n")
    return repo


def export(rows: list[str]) -> bytes:
    """What Excel writes for a sheet: GB18030, CRLF, no BOM."""
    return "\r\n".join(rows + [""]).encode("gb18030")


HEADER = "序号,姓名,编号,缴费金额（元）,缴费日期,所缴月份,备注"
ROWS = [
    HEADER,                                                   # line 1
    "1,王芳,wang-fang,40.00,2025/7/3,,",                       # line 2: 4000 × 1% = 40.00
    "2,王芳,wang-fang2,15,2025/7/3,,由女儿代交",                 # line 3: 3000 × 0.5% = 15.00 (file says 王 芳)
    ",,,,,,",                                                 # line 4: a blank row
    "3,李强,,270.00,2025/7/5,2025-05~2025-07,补交5、6月",        # line 5: 6000 × 1.5% = 90.00 × 3
    "",                                                       # line 6: an empty line
    "4,赵敏,,52,2025年7月8日,,",                                # line 7: 5200 × 1% = 52.00
    "5,陈静,chen-jing,1.20,20250709,2025-07 2025-08 2025-09 2025-10 2025-11 2025-12,预交半年",  # line 8
    ",合计,,378.20,,,",                                        # line 9: 40 + 15 + 270 + 52 + 1.20
]
EXPECTED = [
    ("wang-fang", Decimal("40.00"), dt.date(2025, 7, 3), (), None),
    ("wang-fang2", Decimal("15.00"), dt.date(2025, 7, 3), (), "由女儿代交"),
    ("li-qiang", Decimal("270.00"), dt.date(2025, 7, 5), ("2025-05", "2025-06", "2025-07"), "补交5、6月"),
    ("zhao-min", Decimal("52.00"), dt.date(2025, 7, 8), (), None),
    ("chen-jing", Decimal("1.20"), dt.date(2025, 7, 9), tuple(f"2025-{m:02d}" for m in range(7, 13)), "预交半年"),
]


def run_import(repo, data: bytes, *args: str):
    path = repo.root.parent / "七月党费.csv"
    path.write_bytes(data)
    result = CliRunner().invoke(app, ["dues", "import", str(path), "--month", "2025-07", "-C", str(repo.root), *args],
                                env=ENV)
    return result, str(path)


def payments(repo) -> list[tuple]:
    ledger = open_workspace(repo.root).records.ledgers[YearMonth(2025, 7)]
    return [(p.member, p.amount, p.paid_on, tuple(str(m) for m in p.months), p.note) for p in ledger.payments]


def leftovers(repo) -> list[str]:
    """Every file in dues/ (a temporary file would show here)."""
    folder = repo.root / "dues"
    return sorted(os.listdir(folder)) if folder.exists() else []


def test_every_row_becomes_exactly_one_payment(branch):
    result, path = run_import(branch, export(ROWS))
    assert result.exit_code == 0, result.output
    assert "编码 GB18030" in result.stderr
    assert f"{path}:1: 注意: 忽略的列：序号" in result.stderr
    assert f"{path}:9: 注意: 跳过合计行「合计」" in result.stderr
    assert "已写入 dues/2025-07.yaml：5 笔，共 378.20 元" in result.stderr
    assert payments(branch) == EXPECTED
    assert leftovers(branch) == ["2025-07.yaml"]
    # the new ledger checks like a hand-written one: everyone is square for July
    check = CliRunner().invoke(app, ["check", str(branch.root), "--as-of", "2025-07-31", "--select", "DUE"], env=ENV)
    assert check.exit_code == 0, check.output


def test_importing_again_never_duplicates(branch):
    assert run_import(branch, export(ROWS))[0].exit_code == 0
    first = (branch.root / "dues/2025-07.yaml").read_bytes()
    again, _ = run_import(branch, export(ROWS))
    assert again.exit_code == 2
    assert "dues/2025-07.yaml 已存在，未覆盖（确需替换请加 --force）" in again.stderr
    assert (branch.root / "dues/2025-07.yaml").read_bytes() == first
    forced, _ = run_import(branch, export(ROWS), "--force")
    assert forced.exit_code == 0, forced.output
    assert "已替换 dues/2025-07.yaml（原有 5 笔）" in forced.stderr
    assert payments(branch) == EXPECTED                       # replaced as a whole: still five payments
    assert leftovers(branch) == ["2025-07.yaml"]


def test_spreadsheet_money_is_a_located_error_not_a_silent_change(branch):
    rows = ROWS[:]
    rows[1] = "1,王芳,wang-fang,¥40.00,2025/7/3,,"
    rows[4] = '3,李强,,"1,270.00",2025/7/5,2025-05~2025-07,补交5、6月'
    rows[6] = "4,赵敏,,52.005,2025年7月8日,,"
    result, path = run_import(branch, export(rows))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[3:] == [          # after the encoding and two notes
        f"{path}:2: 错误: 金额「¥40.00」格式不对：应写成普通数字，如 12 或 12.50（不带 ¥、正负号、千分位逗号或科学计数法）",
        f"{path}:5: 错误: 金额「1,270.00」格式不对：应写成普通数字，如 12 或 12.50（不带 ¥、正负号、千分位逗号或科学计数法）",
        f"{path}:7: 错误: 金额「52.005」超过两位小数：最小单位是分",
        "3 处错误，未写入任何文件",
    ]
    assert leftovers(branch) == []


def test_a_name_shared_by_two_members_needs_the_id(branch):
    rows = ROWS[:]
    rows[2] = "2,王芳,,15,2025/7/3,,由女儿代交"                  # the id left out
    result, path = run_import(branch, export(rows))
    assert result.exit_code == 1
    assert f"{path}:3: 错误: 姓名「王芳」对应多名党员（wang-fang、wang-fang2），请加“编号”列区分" in result.stderr
    assert leftovers(branch) == []


def test_a_row_lost_before_the_total_stops_the_import(branch):
    rows = ROWS[:7] + ROWS[8:]                                # 陈静's row went missing, the 合计 did not
    result, path = run_import(branch, export(rows))
    assert result.exit_code == 1
    assert (f"{path}:8: 错误: 合计 378.20 元与以上 4 笔之和 377.00 元不符：核对是否漏行、多行或金额有误"
            in result.stderr)
    assert leftovers(branch) == []


def test_a_failed_write_leaves_no_file_and_keeps_the_old_ledger(branch, monkeypatch):
    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("zhidu_cli.fsutil.os.fsync", disk_full)
    result, _ = run_import(branch, export(ROWS))
    assert result.exit_code == 2
    assert "No space left on device；未写入" in result.stderr
    assert leftovers(branch) == []

    old = 'month: 2025-07\npayments:\n  - {member: li-qiang, amount: "90.00", paid_on: 2025-07-01}\n'
    branch.write("dues/2025-07.yaml", old)
    result, _ = run_import(branch, export(ROWS), "--force")
    assert result.exit_code == 2
    assert leftovers(branch) == ["2025-07.yaml"]
    assert (branch.root / "dues/2025-07.yaml").read_text(encoding="utf-8") == old


def test_dry_run_shows_the_ledger_and_writes_nothing(branch):
    result, _ = run_import(branch, export(ROWS), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        "month: 2025-07",
        "payments:",
        '  - {member: wang-fang, amount: "40.00", paid_on: 2025-07-03}',
        '  - {member: wang-fang2, amount: "15.00", paid_on: 2025-07-03, note: "由女儿代交"}',
        '  - {member: li-qiang, amount: "270.00", paid_on: 2025-07-05, months: [2025-05, 2025-06, 2025-07], '
        'note: "补交5、6月"}',
        '  - {member: zhao-min, amount: "52.00", paid_on: 2025-07-08}',
        '  - {member: chen-jing, amount: "1.20", paid_on: 2025-07-09, months: [2025-07, 2025-08, 2025-09, 2025-10, '
        '2025-11, 2025-12], note: "预交半年"}',
    ]
    assert leftovers(branch) == []


def test_tab_separated_export_with_blank_lines_before_the_header(branch):
    data = "\r\n\r\n编号\t姓名\t金额\t日期\r\nli-qiang\t李强\t90\t2025-07-05\r\n\r\nzhao-min\t赵敏\t52.00\t2025-07-08\r\n"
    result, path = run_import(branch, data.encode("gb18030"))
    assert result.exit_code == 0, result.output
    assert [(p[0], p[1]) for p in payments(branch)] == [("li-qiang", Decimal("90.00")), ("zhao-min", Decimal("52.00"))]


def test_force_says_what_the_replaced_ledger_held_that_the_import_does_not(branch):
    branch.write("dues/2025-07.yaml", """\
        month: 2025-07
        published: 2025-08-05
        payments:
          - {member: wang-fang, amount: "40.00", paid_on: 2025-07-03}
          - {member: li-qiang, amount: "90.00", paid_on: 2025-07-01, elsewhere: true}
        remittance: {date: 2025-08-02, amount: "130.00", to: 中共测试街道工作委员会}
        """)
    result, _ = run_import(branch, export(ROWS), "--force")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-5:] == [
        "已替换 dues/2025-07.yaml（原有 2 笔）",
        "dues/2025-07.yaml: 注意: 原账簿中的缴费 li-qiang 90.00 2025-07-01 不在导入文件中，已不再记录",
        "dues/2025-07.yaml: 注意: 原账簿的公布日期 2025-08-05 未保留，公布后请重新写 published",
        "dues/2025-07.yaml: 注意: 原账簿的上缴记录（2025-08-02）未保留，请重新记录 remittance",
        "已写入 dues/2025-07.yaml：5 笔，共 378.20 元",
    ]
    assert payments(branch) == EXPECTED


def test_a_total_that_cannot_be_read_is_said_and_not_checked(branch):
    rows = ROWS[:8] + [",合计,,¥378.20,,,"]
    result, path = run_import(branch, export(rows))
    assert result.exit_code == 0, result.output
    assert f"{path}:9: 注意: 合计金额「¥378.20」无法识别，未核对" in result.stderr
    assert payments(branch) == EXPECTED
