"""``zhidu rollup``: per branch, the street office's figures — worked out by hand here — without private data.

The branch below, as of 2025-05-01, with only MTG001 (committee monthly), DUE005 and DEV001 enabled:

* committee meetings in January, February and April: 5 periods begun this year (May's current, due),
  3 held, March overdue (31 days after its last day);
* 王五 and 李四 owe 15.00 a month (0.5% of 3000.00), a month being owed once it has ended: 120.00 owed
  January–April; 60.00 collected
  (王五 January–March, 李四 January); 60.00 outstanding (李四 February–April 45.00, 王五 April 15.00);
  45.00 remitted in March; 李四 3 months behind (the only one at 3+);
* 赵六 applied on 2025-01-10 and was never talked with: the talk was due by 2025-02-10 (DEV001).
"""

from __future__ import annotations

import json
import pathlib
import shutil

import pytest
from conftest import RepoBuilder, full_member
from typer.testing import CliRunner

from zhidu_cli.cli.app import app
from zhidu_cli.street.rollup import FORMAT, FORMAT_VERSION

ENV = {"NO_COLOR": "1", "COLUMNS": "200", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}
AS_OF = "2025-05-01"
PHONE, ID_NUMBER, ADDRESS = "13985017742", "520102198001010014", "幸福里3栋2单元101室"


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV)


def branch(root: pathlib.Path, name: str = "中共测试社区支部委员会") -> RepoBuilder:
    repo = RepoBuilder(root)
    repo.write("zhidu.yaml", f"name: {name}\nupper: 中共测试街道工作委员会\nrecords_start: 2025-01-01\n"
                             "groups: [{id: g1, name: 第一党小组}]\nselect: [MTG001, DUE005, DEV001]\n")
    dues = 'dues: {category: employed, base: [{from: 2025-01, amount: "3000.00"}]}\n'
    repo.member("wang", full_member("wang", "王五") + dues)
    repo.member("li", full_member("li", "李四") + dues +
                f'phone: "{PHONE}"\nid_number: "{ID_NUMBER}"\naddress: {ADDRESS}\n')
    repo.member("zhao", "name: 赵六\ngroup: g1\nhistory:\n  - {date: 2025-01-10, event: applied}\n")
    for day in ("2025-01-08", "2025-02-12", "2025-04-09"):
        repo.write(f"meetings/2025/{day}-committee.yaml", f"type: 支委会\ndate: {day}\n")
    paid = {"01": ("wang", "li"), "02": ("wang",), "03": ("wang",)}
    for month, who in paid.items():
        lines = "".join(f'  - {{member: {m}, amount: "15.00", paid_on: 2025-{month}-15}}\n' for m in who)
        extra = 'remittance: {date: 2025-03-28, amount: "45.00", to: 中共测试街道工作委员会}\n' if month == "03" else ""
        repo.write(f"dues/2025-{month}.yaml", f"month: 2025-{month}\npayments:\n{lines}{extra}")
    return repo


def street(tmp_path: pathlib.Path) -> pathlib.Path:
    root = tmp_path / "street"
    branch(root / "a", "中共甲社区支部委员会")
    branch(root / "b", "中共乙社区支部委员会")
    (root / "zhidu.yaml").write_text("name: 中共测试街道工作委员会\nupper: 中共测试区委员会\n"
                                     "branches:\n  - {id: a, path: a}\n  - {id: b, path: b}\n", encoding="utf-8")
    return root


def test_one_branch_figures(tmp_path):
    branch(tmp_path / "hexie")
    result = run("rollup", tmp_path / "hexie", "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert (document["format"], document["format_version"], document["as_of"]) == (FORMAT, FORMAT_VERSION, AS_OF)
    [entry] = document["branches"]
    assert entry["id"] == "hexie" and entry["path"] == "." and entry["error"] is None
    assert entry["findings"] == {"total": {"error": 1, "warning": 2, "info": 0},
                                 "by_family": {"DEV": {"error": 0, "warning": 1, "info": 0},
                                               "DUE": {"error": 0, "warning": 1, "info": 0},
                                               "MTG": {"error": 1, "warning": 0, "info": 0}}}
    assert entry["meetings"] == [{"body": "branch-committee", "body_name": "支委会", "per": "month", "groups": 0,
                                  "required": 5, "held": 3, "overdue": 1, "due": 1}]
    assert [(p["body"], p["start"], p["days_overdue"]) for p in entry["overdue"]["meetings"]] == \
        [("branch-committee", "2025-03-01", 31)]
    assert entry["overdue"]["development"] == 1
    assert entry["dues"] == {"year": 2025, "ledgers": 3, "owed": "120.00", "collected": "60.00",
                             "outstanding": "60.00", "remitted": "45.00"}
    assert entry["dues_behind"] == {"months": 3, "members": 1}
    assert entry["pipeline"] == {"applicant": 1, "activist": 0, "target": 0, "admitted": 0, "probationary": 0, "full": 2}
    assert entry["review"] == {"year": None, "held_this_year": False, "meetings": 0, "expected": 0, "graded": 0,
                               "took_part": 0}
    assert "names" not in entry and "李四" not in result.stdout and "赵六" not in result.stdout


def test_names_only_when_asked(tmp_path):
    branch(tmp_path / "hexie")
    entry = json.loads(run("rollup", tmp_path / "hexie", "--as-of", AS_OF, "-f", "json", "--with-names").stdout)["branches"][0]
    assert entry["names"]["dues_behind"] == [{"member": "li", "name": "李四", "months": 3}]
    assert entry["names"]["development_overdue"] == [{"member": "zhao", "name": "赵六", "step": "talk", "what": "派人谈话",
                                                      "rule": "DEV001", "due": "2025-02-10"}]
    assert entry["names"]["pipeline"]["applicant"] == ["赵六"]


def test_private_data_never_appears(tmp_path):
    branch(tmp_path / "hexie")
    out = tmp_path / "r.xlsx"
    result = run("rollup", tmp_path / "hexie", "--as-of", AS_OF, "--with-names", "--xlsx", out)
    texts = [result.stdout, json.dumps(json.loads(run("rollup", tmp_path / "hexie", "--as-of", AS_OF, "-f", "json",
                                                      "--with-names").stdout), ensure_ascii=False)]
    from openpyxl import load_workbook

    book = load_workbook(out)
    texts.append(" ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row))
    for text in texts:
        assert PHONE not in text and ID_NUMBER not in text and ADDRESS not in text


def test_a_workspace_rolls_up_every_branch_with_totals(tmp_path):
    root = street(tmp_path)
    document = json.loads(run("rollup", root, "--as-of", AS_OF, "-f", "json").stdout)
    assert [b["id"] for b in document["branches"]] == ["a", "b"]
    assert [b["name"] for b in document["branches"]] == ["中共甲社区支部委员会", "中共乙社区支部委员会"]
    totals = document["totals"]
    assert totals["branches"] == 2 and totals["findings"] == {"error": 2, "warning": 4, "info": 0}
    assert totals["dues"] == {"owed": "240.00", "collected": "120.00", "outstanding": "120.00", "remitted": "90.00"}
    assert (totals["overdue_meetings"], totals["overdue_development"], totals["dues_behind"]) == (2, 2, 2)
    table = run("rollup", root, "--as-of", AS_OF)
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert any(line.split()[:4] == ["a", "1", "2", "0"] for line in lines)
    assert any(line.split()[:2] == ["合计", "2"] and "120.00" in line and "240.00" not in line for line in lines)


def test_reports_published_by_each_branch_roll_up_to_the_same_figures(tmp_path):
    root = street(tmp_path)
    reports = tmp_path / "reports"
    for branch_id in ("a", "b"):   # what each branch's CI does in its own repository
        assert run("rollup", root / branch_id, "--id", branch_id, "--as-of", AS_OF, "-f", "json",
                   "-o", reports / f"{branch_id}.json").exit_code == 0
    direct = json.loads(run("rollup", root, "--as-of", AS_OF, "-f", "json").stdout)
    rolled = json.loads(run("rollup", "--from-reports", reports, "-f", "json").stdout)
    for entry in direct["branches"]:
        entry["path"] = "."
    assert rolled["branches"] == direct["branches"] and rolled["totals"] == direct["totals"]
    assert rolled["as_of"] == AS_OF


def test_from_reports_refuses_what_it_cannot_read(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    assert "no *.json reports" in run("rollup", "--from-reports", reports).stderr
    (reports / "x.json").write_text('{"format_version": 1, "findings": []}', encoding="utf-8")
    result = run("rollup", "--from-reports", reports)
    assert result.exit_code == 2 and "not a zhidu roll-up report" in result.stderr
    (reports / "x.json").write_text(json.dumps({"format": FORMAT, "format_version": FORMAT_VERSION + 1}), encoding="utf-8")
    assert "newer than this zhidu reads" in run("rollup", "--from-reports", reports).stderr
    branch(tmp_path / "a")
    run("rollup", tmp_path / "a", "--id", "a", "--as-of", AS_OF, "-o", reports / "x.json", "--force")
    shutil.copy(reports / "x.json", reports / "y.json")
    result = run("rollup", "--from-reports", reports)
    assert result.exit_code == 2 and "branch a is also in" in result.stderr


def test_names_in_published_reports_are_dropped_unless_asked(tmp_path):
    branch(tmp_path / "a")
    reports = tmp_path / "reports"
    run("rollup", tmp_path / "a", "--id", "a", "--as-of", AS_OF, "--with-names", "-o", reports / "a.json")
    assert "names" not in json.loads(run("rollup", "--from-reports", reports, "-f", "json").stdout)["branches"][0]
    assert "李四" in run("rollup", "--from-reports", reports, "--with-names").stdout


def test_xlsx_holds_numbers_and_refuses_to_overwrite(tmp_path):
    from openpyxl import load_workbook

    root = street(tmp_path)
    out = tmp_path / "汇总.xlsx"
    assert run("rollup", root, "--as-of", AS_OF, "--xlsx", out).exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames == ["汇总", "问题", "会议", "逾期"]
    sheet = book["汇总"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]]))
    assert (row["支部"], row["错误"], row["会议已开"], row["会议应开"], row["党费已收"], row["党费欠交"], row["欠交3月以上人数"]) == \
        ("a", 1, 3, 5, 60, 60, 1)
    again = run("rollup", root, "--as-of", AS_OF, "--xlsx", out)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert run("rollup", root, "--as-of", AS_OF, "--xlsx", out, "--force").exit_code == 0


@pytest.mark.parametrize("bad", ["Nanyuan", "a b", "-x"])
def test_a_bad_id_is_a_usage_error(tmp_path, bad):
    branch(tmp_path / "a")
    assert run("rollup", tmp_path / "a", "--id", bad, "--as-of", AS_OF).exit_code == 2


def test_the_example_street_rolls_up(tmp_path):
    example = pathlib.Path(__file__).parent.parent / "examples" / "street"
    document = json.loads(run("rollup", example, "--as-of", "2025-12-31", "-f", "json").stdout)
    guihua = {b["id"]: b for b in document["branches"]}["guihua"]
    assert guihua["findings"]["total"] == {"error": 2, "warning": 2, "info": 0}
    assert (guihua["overdue"]["development"], guihua["dues_behind"]["members"], guihua["dues"]["outstanding"]) == \
        (1, 1, "720.00")
    assert [(p["body"], p["start"]) for p in guihua["overdue"]["meetings"]] == [("branch-committee", "2025-07-01")]


def test_a_branch_that_cannot_be_read_is_listed_with_its_error(tmp_path):
    root = street(tmp_path)
    (root / "b" / "zhidu.yaml").write_text("name: x\nupper: y\nextends: nowhere\n", encoding="utf-8")
    result = run("rollup", root, "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 2 and "[b]" in result.stderr and "CFG004" in result.stderr
    document = json.loads(result.stdout)
    broken = document["branches"][1]
    assert broken["id"] == "b" and broken["path"] == "b" and "CFG004" in broken["error"]
    assert set(broken) == {"id", "path", "error"}
    assert (document["totals"]["branches"], document["totals"]["unreadable"]) == (1, 1)
    table = run("rollup", root, "--as-of", AS_OF)
    assert "无法读取：" in table.stdout
