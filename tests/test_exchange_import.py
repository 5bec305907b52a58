"""``zhidu import roster``: a branch's roster spreadsheet becomes member files, row by row.

Each test writes the spreadsheet a secretary might have (openpyxl or CSV bytes in the test), runs
the command, and checks what was written, what was refused and where.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pathlib

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import full_member
from zhidu_cli.cli.app import app
from zhidu_cli.exchange.roster_import import id_from_name, plan_roster_import
from zhidu_cli.exchange.sheets import RawTable

RUNNER = CliRunner()


def run(*args: str):
    return RUNNER.invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "200"})


def workbook(path: pathlib.Path, rows: list[list], *, title: str | None = "南苑路社区党员花名册",
             sheet: str = "花名册") -> pathlib.Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    if title:
        ws.append([title])
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


HEADER = ["序号", "姓名", "性别", "出生日期", "民族", "学历", "入党时间", "审批时间", "转正时间", "党小组", "身份证号", "备注"]


@pytest.fixture
def branch(repo):
    repo.member("zhang-san", full_member("zhang-san", "张三", since="2001-07-01"))
    return repo


def test_good_rows_are_written_and_every_bad_cell_is_located(branch, tmp_path):
    book = workbook(tmp_path / "花名册.xlsx", [
        HEADER,
        [1, "李四", "男", 19600504, "汉族", "高中", dt.datetime(1985, 6, 1), None,
         dt.datetime(1986, 6, 1), "第一党小组", "520103196005040011", "老党员"],                       # row 3: full member, born typed as a number
        [2, "王小红", "女", "1998/3/9", "苗族", "本科", "2025年5月16日", "2025-06-10", None, "g2", None, None],  # row 4: probationary
        [3, "赵五", "男", "1956.09", "汉族", None, None, None, "1990-01-01", "第一党小组", None, None],   # row 5: born month only
        [4, "钱六", "男", "1970-01-01", "汉族", None, "1995-07-01", None, None, "第一党小组", None, None],  # row 6: only 入党时间
        [5, "孙七", "女", "1971-02-03", "汉族", None, None, None, "1999-01-01", "第九党小组", None, None],  # row 7: no such group
        [6, "周八", "男", "1972-03-04", "汉族", None, None, None, "2000-01-01", "g1", 520103197203040000],  # row 8: ID as a number
        [7, "张三", "男", None, None, None, None, None, "2001-07-01", "g1", None, None],                # row 9: already on file
        [8, "欧阳建国", "男", "1965-10-01", "汉族", None, None, None, "1992-07-01", "g2", None, None],   # row 10: compound surname
    ])
    result = run("import", "roster", str(book), "-C", str(branch.root), "--as-of", "2025-12-31")
    assert result.exit_code == 1, result.output
    out = result.output
    assert "members/li-si.yaml ← 花名册 第 3 行 李四（正式党员，第一党小组）" in out
    assert "members/wang-xiaohong.yaml ← 花名册 第 4 行 王小红（预备党员，第二党小组）" in out
    assert "members/ouyang-jianguo.yaml ← 花名册 第 10 行 欧阳建国" in out
    assert "工作表「花名册」第 5 行 D 列（出生日期） [D5]: 「1956.09」只有年月，没有日" in out
    assert "工作表「花名册」第 6 行 G 列（入党时间） [G6]: 只有入党时间，无法确定是正式党员还是预备党员" in out
    assert "工作表「花名册」第 7 行 J 列（党小组） [J7]: 没有党小组「第九党小组」；zhidu.yaml 中的党小组：第一党小组、第二党小组" in out
    assert "工作表「花名册」第 8 行 K 列（身份证号） [K8]: 身份证号被 Excel 存成了数字，末几位已经丢失" in out
    assert "第 9 行: 张三 已有成员文件 members/zhang-san.yaml，未覆盖（跳过）" in out
    assert "4 行有误，未写入" in out
    assert "以下列未导入：序号" in out
    members = branch.root / "members"
    assert sorted(p.name for p in members.glob("*.yaml")) == ["li-si.yaml", "ouyang-jianguo.yaml",
                                                              "wang-xiaohong.yaml", "zhang-san.yaml"]
    li_si = (members / "li-si.yaml").read_text(encoding="utf-8")
    assert "born: 1960-05-04\n" in li_si and 'id_number: "520103196005040011"' in li_si and "group: g1\n" in li_si
    assert "  - {date: 1985-06-01, event: 支部大会接收为预备党员}\n  - {date: 1986-06-01, event: 转为正式党员}\n" in li_si
    assert "note: 老党员\n" in li_si
    # the written files are records zhidu reads: the two new members are on the rolls with the right status
    ws = branch.workspace()
    timelines = ws.records.timelines
    day = dt.date(2025, 12, 31)
    assert timelines["li-si"].is_full(day) and timelines["wang-xiaohong"].is_probationary(day)
    assert timelines["wang-xiaohong"].group(day) == "g2" and ws.records.members["wang-xiaohong"].ethnicity == "苗族"
    assert not [p for p in ws.upstream if p.location.path.startswith("members/")]


def test_dry_run_shows_the_files_and_writes_nothing(branch, tmp_path):
    book = workbook(tmp_path / "r.xlsx", [["姓名", "性别", "转正时间"], ["李四", "男", "1990-07-01"]], title=None)
    result = run("import", "roster", str(book), "-C", str(branch.root), "--as-of", "2025-12-31", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "=== members/li-si.yaml ===\n# 由 zhidu import roster 导入：r.xlsx 工作表「花名册」第 2 行，2025-12-31" in result.output
    assert "name: 李四\ngender: 男\nhistory:\n  - {date: 1990-07-01, event: 转为正式党员}\n" in result.output
    assert "试运行：将写入 1 个成员文件（未写入）" in result.output
    assert not (branch.root / "members" / "li-si.yaml").exists()


def test_gbk_csv_with_a_column_map(branch, tmp_path):
    text = ("姓名,所在支部,出生年月日,转正日期,职业类别\r\n"
            "刘一,第二党小组,1980-01-02,2005-07-01,专业技术人员\r\n"
            "陈二,第一党小组,1981年2月3日,2006-07-01,退休\r\n")
    path = tmp_path / "roster.csv"
    path.write_bytes(text.encode("gbk"))
    result = run("import", "roster", str(path), "-C", str(branch.root), "--as-of", "2025-12-31",
                 "--map", "所在支部=group")
    assert result.exit_code == 0, result.output
    assert "编码 GB18030" in result.output
    liu = (branch.root / "members" / "liu-yi.yaml").read_text(encoding="utf-8")
    assert "group: g2\n" in liu and "born: 1980-01-02\n" in liu and "occupation_category: 专业技术人员\n" in liu
    chen = (branch.root / "members" / "chen-er.yaml").read_text(encoding="utf-8")
    assert "born: 1981-02-03\n" in chen and "occupation_category: 离退休人员\n" in chen     # 退休 is read as 离退休人员


def test_columns_by_letter_without_a_header_row(branch, tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("李四,1990-07-01\n", encoding="utf-8")
    result = run("import", "roster", str(path), "-C", str(branch.root), "--as-of", "2025-12-31",
                 "--map", "A=name,B=转正时间", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "members/li-si.yaml ← 第 1 行 李四（正式党员）" in result.output


def test_no_header_and_a_bad_map_are_usage_errors(branch, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run("import", "roster", str(path), "-C", str(branch.root))
    assert result.exit_code == 2 and "没有找到含“姓名”列的表头行" in result.output
    result = run("import", "roster", str(path), "-C", str(branch.root), "--map", "a=birthday")
    assert result.exit_code == 2 and "--map「a=birthday」应写作 列=字段" in result.output


def test_ids_never_collide_and_an_explicit_id_never_overwrites(branch, tmp_path):
    book = workbook(tmp_path / "r.xlsx", [
        ["编号", "姓名", "出生日期", "转正时间"],
        [None, "张三", "1970-01-01", "1995-07-01"],        # the 张三 on file has no birth date: taken as the same person
        [None, "李四", "1970-01-01", "1995-07-01"],
        [None, "李四", "1980-01-01", "2005-07-01"],        # a different 李四: li-si-2
        [None, "李四", "1980-01-01", "2005-07-01"],        # the same person twice: refused
        ["zhang-san", "王五", None, "1999-07-01"],          # an explicit id already taken: refused
    ], title=None)
    result = run("import", "roster", str(book), "-C", str(branch.root), "--as-of", "2025-12-31")
    assert result.exit_code == 1, result.output
    assert "第 2 行: 张三 已有成员文件 members/zhang-san.yaml，未覆盖（跳过）" in result.output
    assert "members/li-si.yaml ← 花名册 第 3 行 李四" in result.output
    assert "members/li-si-2.yaml ← 花名册 第 4 行 李四" in result.output
    assert "第 5 行: 与工作表「花名册」第 4 行是同一人（李四），未重复导入" in result.output
    assert "第 6 行 A 列（编号） [A6]: 编号「zhang-san」已被使用" in result.output
    assert "name: 张三\ngroup: g1\nhistory:\n  - {date: 2001-07-01, event: full}\n" == \
        (branch.root / "members" / "zhang-san.yaml").read_text(encoding="utf-8")


def test_without_pypinyin_ids_are_stable_hashes(branch):
    table = RawTable("", ((1, ("姓名", "转正时间")), (2, ("李四", "1990-07-01"))))
    first = plan_roster_import(branch.workspace().records, [table], as_of=dt.date(2025, 12, 31), source="x.csv",
                               pinyin=None)
    again = plan_roster_import(branch.workspace().records, [table], as_of=dt.date(2025, 12, 31), source="x.csv",
                               pinyin=None)
    expected = "m-" + hashlib.sha1("李四".encode("utf-8")).hexdigest()[:8]
    assert [m.id for m in first.members] == [m.id for m in again.members] == [expected]
    assert first.id_source == "hash"


def test_pinyin_ids():
    pypinyin = pytest.importorskip("pypinyin", reason="pypinyin is the optional [pinyin] extra")
    from pypinyin import Style, lazy_pinyin

    def convert(text):
        return lazy_pinyin(text, style=Style.NORMAL, errors="ignore")

    assert pypinyin and id_from_name("张建华", convert) == "zhang-jianhua"
    assert id_from_name("欧阳建国", convert) == "ouyang-jianguo"
    assert id_from_name("吕 伟", convert) == "lv-wei"
    assert id_from_name("Tom Li", convert) == "tom-li"
    assert id_from_name("Tom Li", None) == "tom-li"


def test_messages_in_english(branch, tmp_path):
    book = workbook(tmp_path / "r.xlsx", [["姓名", "出生日期", "转正时间"], ["赵五", "1956.09", "1990-01-01"]], title=None)
    result = run("import", "roster", str(book), "-C", str(branch.root), "--as-of", "2025-12-31", "--lang", "en")
    assert result.exit_code == 1
    assert ("r.xlsx: sheet 花名册, row 2, column B (出生日期): '1956.09' has a year and month but no day: "
            "write the full date, e.g. 1956-09-14") in result.output
    assert "1 row(s) could not be read and were not written" in result.output


def test_the_example_roster_exported_imports_into_a_new_repository(tmp_path):
    """Round trip on examples/records: 28 members out, into a repository with the same zhidu.yaml and no
    members. 26 come back; two rows cannot say what the person is, and say so:
      陈思雨 — 预备党员 with 入党时间 2025-05-16 but no 审批时间 column in a roster;
      马丽 — transferred in, her history holds no 入党 or 转正 date at all."""
    import shutil

    examples = pathlib.Path(__file__).resolve().parent.parent / "examples" / "records"
    roster = tmp_path / "花名册.xlsx"
    assert run("export", "roster", "-C", str(examples), "--as-of", "2025-12-31", "--xlsx", str(roster),
               "--include-private").exit_code == 0
    fresh = tmp_path / "new"
    fresh.mkdir()
    shutil.copy(examples / "zhidu.yaml", fresh / "zhidu.yaml")
    result = run("import", "roster", str(roster), "-C", str(fresh), "--as-of", "2025-12-31")
    assert result.exit_code == 1, result.output
    assert "2 行有误，未写入" in result.output
    assert "J 列（入党时间） [J" in result.output and "只有入党时间" in result.output        # 陈思雨
    assert "身份为正式党员，但没有转正时间" in result.output                                # 马丽
    written = sorted(p.stem for p in (fresh / "members").glob("*.yaml"))
    assert len(written) == 26 and "chen-siyu" not in written and "ma-li" not in written
    # the written file says what the original says, field by field (roles and dues bases are not in a roster)
    import yaml

    original = yaml.safe_load((examples / "members" / "cao-xiulan.yaml").read_text(encoding="utf-8"))
    again = yaml.safe_load((fresh / "members" / "cao-xiulan.yaml").read_text(encoding="utf-8"))
    for key in ("name", "gender", "born", "ethnicity", "education", "occupation", "phone", "id_number", "address",
                "group", "occupation_category"):
        assert str(again[key]) == str(original[key]), key
    assert again["history"] == [{"date": dt.date(1986, 3, 8), "event": "转为正式党员"}]
    assert again["dues"] == {"category": "离退休"}
