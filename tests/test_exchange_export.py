"""``zhidu export roster`` and ``zhidu export dues`` on the example branch, re-opened with openpyxl.

The figures expected here are counted by hand from ``examples/records`` (see the comments), or
summed in the test from the ledger YAML read with PyYAML — never taken from zhidu's own output.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
from decimal import Decimal

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from zhidu_cli.cli.app import app

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples" / "records"
RUNNER = CliRunner()
PRIVATE_VALUES = []
for _path in sorted((EXAMPLES / "members").glob("*.yaml")):
    _data = yaml.safe_load(_path.read_text(encoding="utf-8"))
    PRIVATE_VALUES += [str(_data[key]) for key in ("phone", "id_number", "address") if _data.get(key)]


def run(*args: str):
    return RUNNER.invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "120"})


def sheet_rows(path: pathlib.Path, name: str | None = None) -> list[tuple]:
    book = openpyxl.load_workbook(path)
    ws = book[name] if name else book.worksheets[0]
    return [tuple(row) for row in ws.iter_rows(values_only=True)]


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


# --------------------------------------------------------------------------- roster

# On 2025-12-31 the example branch has 33 member files. Not on the rolls: four in the pipeline
# (林晓燕 and 赵梦琪 activists, 彭宇 development target, 杨帆 applicant) and 郑海涛, transferred out on
# 2025-04-18. The other 28, by group:
#   第一党小组: 袁志明 罗淑英 孙玉兰 许国华 周永福 何志刚 王德明 张建华 (8) + 陈思雨 (预备党员, from 2025-06-10) = 9
#   第二党小组: 曹秀兰 韩冬梅 李秀梅 刘桂芳 彭丽华 沈建平 唐文斌 王磊 吴淑珍 (9) + 马丽 (transferred in) = 10
#   第三党小组: 陈志强 邓立新 冯晓东 高建军 蒋伟 田春梅 谢婷 赵国庆 (8) + 黄俊杰 (full member from 2025-06-14) = 9
GROUP_COUNTS = {"第一党小组（幸福苑片区）": 9, "第二党小组（锦绣园片区）": 10, "第三党小组（在职党员）": 9}


def test_roster_counts_the_files_by_hand():
    files = sorted(p.stem for p in (EXAMPLES / "members").glob("*.yaml"))
    not_on_rolls = {"lin-xiaoyan", "zhao-mengqi", "peng-yu", "yang-fan", "zheng-haitao"}
    assert len(files) - len(not_on_rolls) == sum(GROUP_COUNTS.values()) == 28


def test_roster_xlsx_lists_the_members_on_the_rolls_without_private_data(tmp_path):
    out = tmp_path / "花名册.xlsx"
    result = run("export", "roster", "-C", str(EXAMPLES), "--as-of", "2025-12-31", "--xlsx", str(out))
    assert result.exit_code == 0, result.output
    rows = sheet_rows(out)
    assert rows[0][0] == "中共南苑路社区支部委员会党员花名册（截至2025年12月31日）"
    header = rows[1]
    assert header == ("序号", "编号", "姓名", "性别", "出生日期", "民族", "学历", "职业/工作单位", "职业类别", "入党时间",
                      "转正时间", "身份", "党小组", "职务", "党费类别")
    body = [dict(zip(header, row)) for row in rows[2:]]
    assert len(body) == 28 and [r["序号"] for r in body] == list(range(1, 29))
    by_group: dict[str, int] = {}
    for r in body:
        by_group[r["党小组"]] = by_group.get(r["党小组"], 0) + 1
    assert by_group == GROUP_COUNTS
    people = {r["编号"]: r for r in body}
    assert "zheng-haitao" not in people and "peng-yu" not in people
    # 陈思雨: admitted by the general assembly 2025-05-16, approved 2025-06-10, probationary on 2025-12-31
    assert people["chen-siyu"]["身份"] == "预备党员" and people["chen-siyu"]["入党时间"] == dt.datetime(2025, 5, 16)
    assert people["chen-siyu"]["转正时间"] is None
    # 黄俊杰: admitted 2024-06-14, full member at the end of his probation, 2025-06-14 (approved 2025-07-22)
    assert people["huang-junjie"]["入党时间"] == dt.datetime(2024, 6, 14)
    assert people["huang-junjie"]["转正时间"] == dt.datetime(2025, 6, 14)
    # 王磊: transferred in 2013-09-10, a full member since 2009-06-20 in the army (the transfer's `converted`)
    assert people["wang-lei"]["入党时间"] is None and people["wang-lei"]["转正时间"] == dt.datetime(2009, 6, 20)
    assert people["cao-xiulan"]["出生日期"] == dt.datetime(1956, 9, 14) and people["cao-xiulan"]["党费类别"] == "离退休"
    assert people["cao-xiulan"]["职业类别"] == "离退休人员"          # occupation_category: retired
    assert people["zhang-jianhua"]["职务"] == "书记、居委会主任"
    assert sum(1 for r in body if r["身份"] == "正式党员") == 27
    flat = " ".join(str(value) for row in rows for value in row)
    assert not [value for value in PRIVATE_VALUES if value in flat]
    assert openpyxl.load_workbook(out).worksheets[0].title == "党员花名册"


def test_roster_with_private_fields_is_marked_as_private(tmp_path):
    out = tmp_path / "内部.xlsx"
    result = run("export", "roster", "-C", str(EXAMPLES), "--as-of", "2025-12-31", "--xlsx", str(out),
                 "--include-private")
    assert result.exit_code == 0, result.output
    assert "含隐私信息" in result.output
    book = openpyxl.load_workbook(out)
    ws = book.worksheets[0]
    assert ws.title == "党员花名册（含隐私信息）"
    rows = sheet_rows(out)
    assert rows[0][0].endswith("（含隐私信息）")
    assert rows[1][0].startswith("本表含个人隐私信息（手机号、身份证号、住址）")
    assert rows[2][-3:] == ("手机号", "身份证号", "住址")
    cao = next(dict(zip(rows[2], row)) for row in rows[3:] if row[1] == "cao-xiulan")
    # members/cao-xiulan.yaml: phone "13639105248", id_number "520103195609140628" — kept as text
    assert cao["手机号"] == "13639105248" and cao["身份证号"] == "520103195609140628"
    assert cao["住址"] == "南苑路锦绣园小区5栋2单元101室"
    assert book.properties.keywords == "含个人隐私信息"


def test_roster_csv_in_gbk_and_utf8(tmp_path):
    gbk = tmp_path / "花名册.csv"
    assert run("export", "roster", "-C", str(EXAMPLES), "--as-of", "2025-12-31", "--csv", str(gbk),
               "--encoding", "gbk").exit_code == 0
    rows = list(csv.reader(io.StringIO(gbk.read_bytes().decode("gbk"))))
    assert rows[0][:3] == ["序号", "编号", "姓名"] and len(rows) == 29
    assert ["1", "yuan-zhiming", "袁志明", "男", "1945-02-27"] == rows[1][:5]
    result = RUNNER.invoke(app, ["export", "roster", "-C", str(EXAMPLES), "--as-of", "2025-12-31", "--csv", "-"])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith("\ufeff序号,编号,姓名".encode("utf-8"))


def test_roster_refuses_to_overwrite_and_needs_a_target(tmp_path):
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"old")
    result = run("export", "roster", "-C", str(EXAMPLES), "--as-of", "2025-12-31", "--xlsx", str(out))
    assert result.exit_code == 2 and "--force" in result.output and out.read_bytes() == b"old"
    assert run("export", "roster", "-C", str(EXAMPLES), "--as-of", "2025-12-31", "--xlsx", str(out),
               "--force").exit_code == 0
    assert out.read_bytes().startswith(b"PK")
    result = run("export", "roster", "-C", str(EXAMPLES))
    assert result.exit_code == 2 and "--xlsx" in result.output
    fresh = tmp_path / "new.csv"                   # one target exists: neither is written
    result = run("export", "roster", "-C", str(EXAMPLES), "--xlsx", str(out), "--csv", str(fresh))
    assert result.exit_code == 2 and not fresh.exists()


# --------------------------------------------------------------------------- dues


def _ledgers(year: int) -> list[dict]:
    return [yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted((EXAMPLES / "dues").glob(f"{year}-*.yaml"))]


@pytest.fixture(scope="module")
def dues_book(tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("dues") / "党费2025.xlsx"
    result = run("export", "dues", "-C", str(EXAMPLES), "--as-of", "2025-12-31", "--year", "2025", "--xlsx", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_dues_ledger_sheet_holds_every_payment_of_the_year(dues_book):
    ledgers = _ledgers(2025)
    payments = [p for ledger in ledgers for p in ledger["payments"]]
    total = sum((Decimal(p["amount"]) for p in payments), Decimal("0"))
    rows = sheet_rows(dues_book, "收缴台账")
    assert rows[1][:6] == ("账簿月份", "编号", "姓名", "党小组", "金额（元）", "缴纳日期")
    body, totals = rows[2:-1], rows[-1]
    assert len(body) == len(payments)
    assert totals[0] == "合计" and totals[2] == f"{len(payments)}笔" and money(totals[4]) == total
    assert sum((money(row[4]) for row in body), Decimal("0")) == total
    # dues/2025-03.yaml: 邓立新 paid 30.00 in March for February and March
    deng = [row for row in body if row[0] == "2025-03" and row[1] == "deng-lixin"]
    assert len(deng) == 1 and money(deng[0][4]) == Decimal("30.00") and deng[0][6] == "2025-02、2025-03"


def test_dues_remittances_sheet(dues_book):
    remitted = [(str(l["month"]), Decimal(l["remittance"]["amount"])) for l in _ledgers(2025) if l.get("remittance")]
    rows = sheet_rows(dues_book, "上缴记录")
    assert [(row[0], money(row[2])) for row in rows[2:-1]] == remitted
    # dues/2025-03.yaml: remitted 4813.40 on 2025-03-31 to 中共东湖街道工作委员会
    assert rows[2][:3] == ("2025-03", dt.datetime(2025, 3, 31), 4813.4)
    assert money(rows[-1][2]) == sum((amount for _, amount in remitted), Decimal("0"))


def test_dues_balance_sheet_per_member(dues_book):
    rows = sheet_rows(dues_book, "年度结余")
    assert rows[2] == ("编号", "姓名", "党小组", "应交（元）", "已交（元）", "结余（元）", "连续未交月数", "风险")
    people = {row[0]: row for row in rows[3:-1]}
    # 曹秀兰: retired, pension base 3300.00 → 0.5% (离退休 ≤ 5000) = 16.50 a month, all 12 paid: 198.00
    cao = people["cao-xiulan"]
    assert (money(cao[3]), money(cao[4]), money(cao[5]), cao[6]) == (Decimal("198.00"), Decimal("198.00"),
                                                                     Decimal("0.00"), 0)
    totals = rows[-1]
    assert totals[0] == "合计" and money(totals[3]) == sum((money(r[3]) for r in people.values()), Decimal("0"))
    months = sheet_rows(dues_book, "逐月明细")
    cao_months = [row for row in months[2:] if row[0] == "cao-xiulan"]
    assert [row[3] for row in cao_months] == [f"2025-{m:02d}" for m in range(1, 13)]
    assert all(money(row[4]) == Decimal("16.50") and row[6] == "已交" for row in cao_months)


def test_dues_export_refuses_a_future_year(tmp_path):
    result = run("export", "dues", "-C", str(EXAMPLES), "--as-of", "2025-12-31", "--year", "2026",
                 "--xlsx", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2 and not (tmp_path / "x.xlsx").exists()


def test_a_phone_typed_into_a_payment_note_is_masked_in_the_dues_workbook(repo, tmp_path):
    repo.member("wang-wu", """\
        name: 王五
        phone: "13800000003"
        group: g1
        dues: {category: 离退休, base: [{from: 2025-01, amount: "3000.00"}]}
        history:
          - {date: 2000-07-01, event: full}
        """)
    repo.write("dues/2025-01.yaml", """\
        month: 2025-01
        payments:
          - {member: wang-wu, amount: "15.00", paid_on: 2025-01-20, note: 由女儿代交，联系13800000003}
        """)
    out = tmp_path / "d.xlsx"
    result = run("export", "dues", "-C", str(repo.root), "--as-of", "2025-01-31", "--year", "2025", "--xlsx", str(out))
    assert result.exit_code == 0, result.output
    rows = sheet_rows(out, "收缴台账")
    assert rows[2][-1] == "由女儿代交，联系138****0003"
    assert "13800000003" not in " ".join(str(v) for name in ("收缴台账", "年度结余", "逐月明细")
                                         for row in sheet_rows(out, name) for v in row)
