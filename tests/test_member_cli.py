"""``zhidu member ID``: status, group, roles, away, the development pipeline with its next deadline, and
the member's findings — pinned by golden files in ``tests/golden/member/``.

After an intended change of output, regenerate them and review the diff before committing:

    ZHIDU_UPDATE_GOLDEN=1 pytest tests/test_member_cli.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import full_member
from zhidu_cli.cli.app import app

GOLDEN = Path(__file__).parent / "golden" / "member"
UPDATE = os.environ.get("ZHIDU_UPDATE_GOLDEN") == "1"
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}
PRIVATE = ("13800000000", "110101199001011234", "幸福路 8 号", "13900000000")


def branch(repo, monkeypatch):
    """A secretary away on business and a candidate admitted in July 2024, awaiting approval, with one sponsor.

    Only the families of this command's own rules are selected so that other families' findings do not
    change these golden files; :func:`test_findings_of_any_family_in_the_member_file` covers the rest.
    """
    repo.config("select: [DEV, PRB, NTC]\n")
    repo.member("wang-wu", """\
        name: 王五
        phone: "13800000000"
        group: g1
        roles:
          - {role: secretary, from: 2021-03-01}
          - {role: group-leader, from: 2021-03-01, group: g1}
        history:
          - {date: 1998-07-01, event: full}
          - {date: 2024-08-01, event: away, place: 深圳市南山区, until: 2024-12-31, certificate: letter,
             contact: "13900000000"}
        """)
    repo.member("zhao-liu", full_member("zhao-liu", "赵六", since="2005-07-01"))
    repo.member("li-si", """\
        name: 李四
        group: g1
        phone: "13800000000"
        id_number: "110101199001011234"
        address: 幸福路 8 号
        history:
          - {date: 2023-03-01, event: applied}
          - {date: 2023-03-20, event: talked, by: wang-wu}
          - {date: 2023-05-10, event: activist, sponsors: [wang-wu]}
          - {date: 2023-11-08, event: assessed, by: wang-wu}
          - {date: 2024-05-06, event: assessed, by: wang-wu}
          - {date: 2024-05-20, event: development-target}
          - {date: 2024-06-10, event: trained, days: 3}
          - {date: 2024-07-10, event: admitted, introducers: [wang-wu, zhao-liu], meeting: 2024-07-10-assembly}
        """)
    repo.write("meetings/2024/2024-05-20-committee.yaml", "type: 支委会\ndate: 2024-05-20\nattendees: [wang-wu]\n")
    repo.write("meetings/2024/2024-07-10-assembly.yaml",
               "type: 支部党员大会\ndate: 2024-07-10\nattendees: [wang-wu, zhao-liu]\n")
    repo.write("decisions/2024/tgt-li-si.yaml",
               "meeting: 2024-05-20-committee\ntitle: 确定李四为发展对象\nkind: development-target\nsubject: li-si\n")
    repo.write("decisions/2024/adm-li-si.yaml", """\
        meeting: 2024-07-10-assembly
        title: 接收李四为预备党员
        kind: admission
        subject: li-si
        disclosures: [{from: 2024-06-24, to: 2024-06-28, channel: 党务公开栏}]
        """)
    monkeypatch.chdir(repo.root)
    return repo


def run(*args: str):
    return CliRunner().invoke(app, ["member", *args], env=ENV)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run with ZHIDU_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_candidate_golden(repo, monkeypatch, lang):
    branch(repo, monkeypatch)
    result = run("li-si", "--as-of", "2024-09-15", "--lang", lang)
    assert result.exit_code == 0, result.output
    golden(f"li-si.{lang}.txt", result.stdout)


def test_secretary_away_golden(repo, monkeypatch):
    branch(repo, monkeypatch)
    result = run("wang-wu", "--as-of", "2024-09-15")
    assert result.exit_code == 0, result.output
    golden("wang-wu.zh.txt", result.stdout)


def test_json_golden(repo, monkeypatch):
    branch(repo, monkeypatch)
    result = run("li-si", "--as-of", "2024-09-15", "--output-format", "json")
    assert result.exit_code == 0, result.output
    golden("li-si.json", result.stdout)


def test_next_deadline_and_findings(repo, monkeypatch):
    branch(repo, monkeypatch)
    document = json.loads(run("li-si", "--as-of", "2024-09-15", "-f", "json").stdout)
    assert document["member"]["status"] == "admitted"
    assert document["next"]["step"] == "approval" and document["next"]["due"] == "2024-10-10"
    assert [(f["code"], f["line"]) for f in document["findings"]] == [("DEV002", 9)]
    # once the three months are over the missing approval is a finding too, and the deadline is overdue
    later = run("li-si", "--as-of", "2024-10-11").stdout
    assert "下一期限：上级党委审批，期限 2024-10-10（DEV007），已逾期 1 天" in later
    assert "DEV007 [警告]" in later


def test_findings_located_elsewhere_but_naming_the_member(repo, monkeypatch):
    branch(repo, monkeypatch)
    repo.write("decisions/2024/adm-li-si.yaml", """\
        meeting: 2024-07-10-assembly
        title: 接收李四为预备党员
        kind: admission
        subject: li-si
        """)
    document = json.loads(run("li-si", "--as-of", "2024-09-15", "-f", "json").stdout)
    assert [(f["code"], f["path"]) for f in document["findings"]] == [
        ("NTC003", "decisions/2024/adm-li-si.yaml"), ("DEV002", "members/li-si.yaml")]
    assert "NTC003" not in run("wang-wu", "--as-of", "2024-09-15").stdout


def test_findings_of_any_family_in_the_member_file(repo, monkeypatch):
    branch(repo, monkeypatch)
    repo.config("select: [REF]\n")
    repo.member("zhao-liu", "name: 赵六\nhistory:\n  - {date: 2005-07-01, event: full}\n"
                            "  - {date: 2001-01-01, event: applied}\n")
    output = run("zhao-liu", "--as-of", "2024-09-15").stdout
    assert "members/zhao-liu.yaml:4:6: REF004 [错误]" in output


def test_private_fields_are_never_printed(repo, monkeypatch):
    branch(repo, monkeypatch)
    for args in (("li-si",), ("wang-wu",), ("li-si", "-f", "json"), ("wang-wu", "-f", "json", "--lang", "en")):
        output = run(*args, "--as-of", "2024-09-15").stdout
        assert not any(secret in output for secret in PRIVATE), args


def test_a_member_may_be_named_by_name(repo, monkeypatch):
    branch(repo, monkeypatch)
    assert run("李四", "--as-of", "2024-09-15").stdout == run("li-si", "--as-of", "2024-09-15").stdout


def test_unknown_member_exits_2_with_a_suggestion(repo, monkeypatch):
    branch(repo, monkeypatch)
    result = run("li-shi", "--as-of", "2024-09-15")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "zhidu: 没有成员 li-shi\n  是否应为 li-si（李四）？\n"
    english = run("wangwu", "--lang", "en")
    assert (english.exit_code, english.stderr) == (2, "zhidu: no member wangwu\n  did you mean wang-wu (王五)?\n")


def test_member_with_no_development_history(repo, monkeypatch):
    branch(repo, monkeypatch)
    output = run("zhao-liu", "--as-of", "2024-09-15").stdout
    assert "记录中没有发展过程" in output and "正式党员" in output


def test_repo_option_and_bad_date(repo, monkeypatch):
    branch(repo, monkeypatch)
    monkeypatch.chdir(repo.root.parent)
    assert run("li-si", "-C", str(repo.root), "--as-of", "2024-09-15").exit_code == 0
    assert run("li-si", "-C", str(repo.root), "--as-of", "2024-13-01").exit_code == 2
