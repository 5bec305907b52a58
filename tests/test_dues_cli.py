"""``zhidu dues`` (show) and ``zhidu dues import``: pinned outputs, and an import that never loses,
duplicates or half-writes a payment.

The branch, as of 2025-06-30: 王五 pays 40.00 every month; 李四 (retired, 21.00) prepaid January and
February and has paid nothing since (4 months behind: a warning); 赵六 (15.00) never paid (6 months:
the lapse must be handled).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from zhidu_cli.cli.app import app
from zhidu_cli.schedule.months import YearMonth
from zhidu_cli.workspace import open_workspace

ENV = {"NO_COLOR": "1", "COLUMNS": "100", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def branch(repo):
    repo.member("wang", """\
        name: 王五
        group: g1
        phone: "13800000000"
        dues: {category: employed, base: [{from: 2020-01, amount: "4000"}]}
        history:
          - {date: 2000-07-01, event: full}
        """)
    repo.member("li", """\
        name: 李四
        group: g2
        dues: {category: retired, base: [{from: 2020-01, amount: "4200"}]}
        history:
          - {date: 1990-07-01, event: full}
        """)
    repo.member("zhao", """\
        name: 赵六
        group: g1
        dues: {category: employed, base: [{from: 2020-01, amount: "3000"}]}
        history:
          - {date: 2010-07-01, event: full}
        """)
    for m in range(1, 7):
        extra = '  - {member: li, amount: "42.00", paid_on: 2025-01-06, months: [2025-01, 2025-02]}\n' if m == 1 else ""
        repo.write(f"dues/2025-{m:02d}.yaml", f"month: 2025-{m:02d}\npayments:\n"
                   f'  - {{member: wang, amount: "40.00", paid_on: 2025-{m:02d}-05}}\n' + extra)
    return repo


# --- zhidu dues (show) ----------------------------------------------------------------------------------

# As of 2025-06-30 June is still in progress (a member can pay on its last day, issue 8.7): it is owed
# only once it has ended, so li is 3 months behind (March–May), zhao 5 (January–May).
TABLE_ZH = """\
党费 2025-01 – 2025-06（截至 2025-06-30）
                                                                   
 编号   姓名   党小组         应交     已交      结余     连续未交 
 ───────────────────────────────────────────────────────────────── 
 li     李四   第二党小组   105.00    42.00    -63.00    3（预警） 
 wang   王五   第一党小组   240.00   240.00      0.00            0 
 zhao   赵六   第一党小组    75.00     0.00    -75.00    5（预警） 
                                                                   
 合计                       420.00   282.00   -138.00   2 人需关注 
                                                                   
结余 = 结转 − 欠交；连续未交：满 3 个月预警，满 6 个月按自行脱党处理
"""

TABLE_EN = """\
Dues 2025-01 – 2025-06 (as of 2025-06-30)
                                                                     
 ID      Name   Group          Owed     Paid   Balance        Behind 
 ─────────────────────────────────────────────────────────────────── 
 li      李四   第二党小组   105.00    42.00    -63.00   3 (warning) 
 wang    王五   第一党小组   240.00   240.00      0.00             0 
 zhao    赵六   第一党小组    75.00     0.00    -75.00   5 (warning) 
                                                                     
 Total                       420.00   282.00   -138.00     2 at risk 
                                                                     
balance = credit − arrears; behind = consecutive unpaid months (warning at 3, lapse at 6)
"""

CARD_ZH = """\
党费 2025-01 – 2025-06 — 李四（li）（截至 2025-06-30）
                                                          
 月份      状态         应交    已交     结余    连续未交 
 ──────────────────────────────────────────────────────── 
 2025-01   已交        21.00   21.00    21.00           0 
 2025-02   已交        21.00   21.00     0.00           0 
 2025-03   未交        21.00    0.00   -21.00           1 
 2025-04   未交        21.00    0.00   -42.00           2 
 2025-05   未交        21.00    0.00   -63.00   3（预警） 
 2025-06   本月未满     0.00    0.00   -63.00   3（预警） 
                                                          
 合计                 105.00   42.00   -63.00             
                                                          
结余 = 结转 − 欠交；连续未交：满 3 个月预警，满 6 个月按自行脱党处理
"""

JSON_MONTH = """\
{
  "as_of": "2025-06-30",
  "from": "2025-06",
  "to": "2025-06",
  "member": null,
  "rows": [
    {
      "member": "li",
      "name": "李四",
      "group": "g2",
      "group_name": "第二党小组",
      "owed": "0.00",
      "paid": "0.00",
      "balance": "-63.00",
      "behind": 3,
      "risk": "warn",
      "status": "not-due"
    },
    {
      "member": "wang",
      "name": "王五",
      "group": "g1",
      "group_name": "第一党小组",
      "owed": "40.00",
      "paid": "40.00",
      "balance": "0.00",
      "behind": 0,
      "risk": null,
      "status": "paid"
    },
    {
      "member": "zhao",
      "name": "赵六",
      "group": "g1",
      "group_name": "第一党小组",
      "owed": "0.00",
      "paid": "0.00",
      "balance": "-75.00",
      "behind": 5,
      "risk": "warn",
      "status": "not-due"
    }
  ],
  "totals": {
    "owed": "40.00",
    "paid": "40.00",
    "balance": "-138.00",
    "at_risk": 2
  }
}
"""

CSV_MONTH = """\
编号,姓名,党小组,月份,应交,已交,结余,连续未交月数,状态,风险
li,李四,第二党小组,,0.00,0.00,-63.00,3,本月未满,预警
wang,王五,第一党小组,,40.00,40.00,0.00,0,已交,
zhao,赵六,第一党小组,,0.00,0.00,-75.00,5,本月未满,预警
"""

CSV_CARD_EN = """\
id,name,group,month,owed,paid,balance,months_behind,status,risk
zhao,赵六,第一党小组,2025-05,15.00,0.00,-75.00,5,unpaid,warning
"""


def test_bare_dues_shows_the_year_table(repo):
    branch(repo)
    result = run("dues", "-C", str(repo.root), "--as-of", "2025-06-30")
    assert result.exit_code == 0, result.output
    assert result.stdout == TABLE_ZH


def test_show_in_english(repo):
    branch(repo)
    result = run("dues", "show", "-C", str(repo.root), "--as-of", "2025-06-30", "--year", "2025", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout == TABLE_EN


def test_member_card(repo):
    branch(repo)
    result = run("dues", "show", "-C", str(repo.root), "--as-of", "2025-06-30", "--member", "li")
    assert result.exit_code == 0, result.output
    assert result.stdout == CARD_ZH


def test_month_as_json(repo):
    branch(repo)
    result = run("dues", "show", "-C", str(repo.root), "--as-of", "2025-06-30", "--month", "2025-06",
                 "--output-format", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout == JSON_MONTH
    assert "13800000000" not in result.stdout


def test_month_as_csv(repo):
    branch(repo)
    result = run("dues", "show", "-C", str(repo.root), "--as-of", "2025-06-30", "--month", "2025-06", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == CSV_MONTH


def test_member_card_for_one_month_as_csv_in_english(repo):
    branch(repo)
    repo.config("locale: en\n")
    result = run("dues", "show", "-C", str(repo.root), "--as-of", "2025-06-30", "--member", "zhao", "-f", "csv",
                 "--month", "2025-05")
    assert result.exit_code == 0, result.output
    assert result.stdout == CSV_CARD_EN


@pytest.mark.parametrize(("args", "message"), [
    (("--month", "2025-07"), "2025-07 is after the as-of date 2025-06-30"),
    (("--month", "2025-6"), "--month '2025-6' is not a month YYYY-MM"),
    (("--month", "2025-06", "--year", "2025"), "--month and --year cannot be combined"),
    (("--member", "nobody"), "没有成员 nobody"),
])
def test_show_usage_errors(repo, args, message):
    branch(repo)
    result = run("dues", "show", "-C", str(repo.root), "--as-of", "2025-06-30", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_calc_uses_the_repository_standard(repo):
    repo.config("dues:\n  rounding: jiao\n  categories:\n    farmer: {amount: \"0.50\"}\n")
    result = run("dues", "calc", "-C", str(repo.root), "-c", "farmer")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "应交党费：每月 0.50 元（伍角）"
    result = run("dues", "calc", "-C", str(repo.root), "-c", "employed", "-b", "3333")
    assert result.stdout.splitlines()[:4] == ["应交党费：每月 33.30 元（叁拾叁元叁角）", "档次：在职 3000<基数≤5000 元，1%",
                                              "计算基数：3333.00 元", "取整：到角（四舍五入）"]
    result = run("dues", "calc", "-C", str(repo.root), "-c", "employed", "-b", "3333", "--rounding", "fen")
    assert result.stdout.splitlines()[0] == "应交党费：每月 33.33 元（叁拾叁元叁角叁分）"


def test_calc_outside_a_repository_uses_2008(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("dues", "calc", "-c", "farmer")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "应交党费：每月 0.20 元（贰角）"
    result = run("dues", "calc", "-C", str(tmp_path), "-c", "farmer")
    assert result.exit_code == 2 and "not a records repository" in result.stderr


# --- zhidu dues import -----------------------------------------------------------------------------------

CSV_GOOD = """\
姓名,金额（元）,日期,月份,备注,银行流水号
王五,40.00,2025/7/3,,,A001
李 四,63.00,2025年7月4日,2025-03~2025-05,"补交3至5月,本人",A002
赵六,15,20250705 09:30,,,A003

合计,118.00,,,,
"""

LEDGER_GOOD = """\
# 党费账簿 2025年7月 — 由 zhidu dues import 从 july.csv 导入（{encoding}）
month: 2025-07
payments:
  - {{member: wang, amount: "40.00", paid_on: 2025-07-03}}
  - {{member: li, amount: "63.00", paid_on: 2025-07-04, months: [2025-03, 2025-04, 2025-05], note: "补交3至5月,本人"}}
  - {{member: zhao, amount: "15.00", paid_on: 2025-07-05}}
"""


def _import(repo, name: str, data: bytes, *args: str):
    path = repo.root.parent / name
    path.write_bytes(data)
    return run("dues", "import", str(path), "--month", "2025-07", "-C", str(repo.root), *args)


@pytest.mark.parametrize(("encoding", "data"), [
    ("UTF-8", CSV_GOOD.encode("utf-8")),
    ("UTF-8 (BOM)", b"\xef\xbb\xbf" + CSV_GOOD.encode("utf-8")),
    ("GB18030", CSV_GOOD.encode("gb18030")),
])
def test_import_happy_path_loads_back_with_exactly_the_same_payments(repo, encoding, data):
    branch(repo)
    result = _import(repo, "july.csv", data)
    assert result.exit_code == 0, result.output
    written = (repo.root / "dues/2025-07.yaml").read_text(encoding="utf-8")
    assert written == LEDGER_GOOD.format(encoding=encoding)
    assert f"编码 {encoding}" in result.stderr
    assert "忽略的列：银行流水号" in result.stderr and "跳过合计行「合计」" in result.stderr
    assert "已写入 dues/2025-07.yaml：3 笔，共 118.00 元" in result.stderr
    ledger = open_workspace(repo.root).records.ledgers[YearMonth(2025, 7)]
    assert [(p.member, p.amount, p.paid_on, tuple(str(m) for m in p.months), p.note) for p in ledger.payments] == [
        ("wang", Decimal("40.00"), dt.date(2025, 7, 3), (), None),
        ("li", Decimal("63.00"), dt.date(2025, 7, 4), ("2025-03", "2025-04", "2025-05"), "补交3至5月,本人"),
        ("zhao", Decimal("15.00"), dt.date(2025, 7, 5), (), None),
    ]


def test_import_by_id_in_english_with_tabs(repo):
    branch(repo)
    data = "id\tname\tamount\tdate\nwang\t王五\t40\t2025-07-03\nwang\t\t40\t2025-07-03\n".encode()
    result = _import(repo, "july.tsv", data, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "july.tsv:3: warning: identical to line 2; both are recorded" in result.stderr
    ledger = open_workspace(repo.root).records.ledgers[YearMonth(2025, 7)]
    assert [(p.member, p.amount) for p in ledger.payments] == [("wang", Decimal("40.00"))] * 2


def test_import_unknown_and_ambiguous_names_write_nothing(repo):
    branch(repo)
    repo.member("wang2", "name: 王五\ngroup: g2\nhistory:\n  - {date: 2001-07-01, event: full}\n")
    data = "姓名,金额,日期\n王五,40.00,2025-07-03\n张三,40.00,2025-07-03\n李四,4O.00,2025-07-04\n赵六,15.00,2025-07-32\n"
    result = _import(repo, "july.csv", data.encode())
    assert result.exit_code == 1
    path = repo.root.parent / "july.csv"
    assert result.stderr.splitlines()[1:] == [
        f"{path}:2: 错误: 姓名「王五」对应多名党员（wang、wang2），请加“编号”列区分",
        f"{path}:3: 错误: 找不到党员「张三」",
        f"{path}:4: 错误: 金额「4O.00」格式不对：应写成普通数字，如 12 或 12.50（不带 ¥、正负号、千分位逗号或科学计数法）",
        f"{path}:5: 错误: 日期「2025-07-32」无法识别：写成 2025-03-05",
        "4 处错误，未写入任何文件",
    ]
    assert not (repo.root / "dues/2025-07.yaml").exists()
    assert list((repo.root / "dues").glob(".*")) == []


def test_import_name_of_a_member_not_on_the_rolls(repo):
    branch(repo)
    repo.member("qian", "name: 钱七\nhistory:\n  - {date: 2000-07-01, event: full}\n  - {date: 2025-03-01, event: transferred-out}\n")
    result = _import(repo, "july.csv", "姓名,金额,日期\n钱七,40.00,2025-07-03\n".encode())
    assert result.exit_code == 1
    assert "「钱七」（qian）2025-07 不在应交党费的名册上；如确为其缴费，请写编号" in result.stderr


def test_import_missing_columns_is_a_usage_error(repo):
    branch(repo)
    result = _import(repo, "july.csv", "姓名,日期\n王五,2025-07-03\n".encode())
    assert result.exit_code == 2
    assert "第 1 行表头缺少列：amount（找到：姓名、日期）" in result.stderr


def test_import_dry_run_prints_and_writes_nothing(repo):
    branch(repo)
    result = _import(repo, "july.csv", CSV_GOOD.encode(), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout == LEDGER_GOOD.format(encoding="UTF-8")
    assert "试运行：3 笔，共 118.00 元；未写入" in result.stderr
    assert not (repo.root / "dues/2025-07.yaml").exists()


def test_import_refuses_to_overwrite_without_force(repo):
    branch(repo)
    existing = 'month: 2025-07\npayments:\n  - {member: wang, amount: "40.00", paid_on: 2025-07-01}\n'
    repo.write("dues/2025-07.yaml", existing)
    result = _import(repo, "july.csv", CSV_GOOD.encode())
    assert result.exit_code == 2
    assert "dues/2025-07.yaml 已存在，未覆盖（确需替换请加 --force）" in result.stderr
    assert (repo.root / "dues/2025-07.yaml").read_text(encoding="utf-8") == existing
    result = _import(repo, "july.csv", CSV_GOOD.encode(), "--force")
    assert result.exit_code == 0, result.output
    assert "已替换 dues/2025-07.yaml（原有 1 笔）" in result.stderr
    assert (repo.root / "dues/2025-07.yaml").read_text(encoding="utf-8") == LEDGER_GOOD.format(encoding="UTF-8")


def test_import_failure_while_writing_leaves_no_file(repo, monkeypatch):
    branch(repo)

    def broken_replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("zhidu_cli.fsutil.os.replace", broken_replace)
    result = _import(repo, "july.csv", CSV_GOOD.encode())
    assert result.exit_code == 2
    assert "dues/2025-07.yaml：No space left on device；未写入" in result.stderr
    assert sorted(p.name for p in (repo.root / "dues").iterdir()) == [f"2025-{m:02d}.yaml" for m in range(1, 7)]


def test_import_of_an_undecodable_file(repo):
    branch(repo)
    result = _import(repo, "july.csv", b"\xff\xfe\x00\x81\xff")
    assert result.exit_code == 2
    assert "无法识别文件编码" in result.stderr
