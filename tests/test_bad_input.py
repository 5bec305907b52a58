"""Every kind of bad input, dropped into a copy of the ``zhidu init`` skeleton, through the real CLI.

Each must give exit 1, a JSON finding with its code, path, line and column, and no traceback (checked
with ``--select SCH,REF`` so that new rule families do not move the expectations); and no rule of
any family may crash on it (ZHD001). A bad ``zhidu.yaml`` override stops the run: exit 2, a located
message on stderr, nothing on stdout.

Line 0, column 0 is the loader's "the file as a whole" (binary and empty files).
"""

from __future__ import annotations

import json
import pathlib
import re
import shutil

import pytest
from typer.testing import CliRunner

from zhidu_cli.cli.app import app
from zhidu_cli.cli.init import SKELETON

ENV = {"NO_COLOR": "1", "COLUMNS": "100"}
MEMBER = "name: 李四\ngroup: group-1\nhistory:\n  - {date: 2010-07-01, event: full}\n"


@pytest.fixture
def skeleton(tmp_path: pathlib.Path) -> pathlib.Path:
    root = tmp_path / "branch"
    shutil.copytree(SKELETON, root)
    return root


def check(root: pathlib.Path, *options: str):
    return CliRunner().invoke(app, ["check", str(root), "--as-of", "2025-12-31", "-f", "json", *options], env=ENV)


def drop(root: pathlib.Path, relpath: str, content: str | bytes) -> None:
    target = root / relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def test_the_skeleton_is_clean(skeleton):
    result = check(skeleton, "--select", "SCH,REF")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []


BAD_INPUTS = [
    # name, file, content, (code, line, column)
    ("binary", "members/photo.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("SCH001", 3, 1)),
    ("gbk", "members/li-si.yaml", MEMBER.encode("gbk"), ("SCH001", 1, 7)),
    ("empty", "members/li-si.yaml", b"", ("SCH001", 1, 1)),
    ("not a mapping", "members/li-si.yaml", "- name: 李四\n", ("SCH006", 1, 1)),
    ("tab", "members/li-si.yaml", "name: 李四\nhistory:\n\t- {date: 2010-07-01, event: full}\n", ("SCH002", 3, 1)),
    ("syntax", "members/li-si.yaml", "name: 李四\nhistory: [\n", ("SCH002", 3, 1)),
    ("duplicate key", "members/li-si.yaml", "name: 李四\n" + MEMBER, ("SCH003", 2, 1)),
    ("unknown key", "members/li-si.yaml", MEMBER + "phnoe: '13800000000'\n", ("SCH005", 5, 1)),
    ("missing field", "members/li-si.yaml", MEMBER.replace("name: 李四\n", ""), ("SCH004", 1, 1)),
    ("invalid date", "members/li-si.yaml", MEMBER.replace("2010-07-01", "2010-02-30"), ("SCH007", 4, 12)),
    ("unresolved reference", "meetings/2025/2025-02-10-branch-committee.yaml",
     "type: 支委会\ndate: 2025-02-10\nchair: zhang-san\nattendees: [zhang-san, wang-wu]\n", ("REF003", 4, 24)),
    ("id is not the file name", "members/li-si.yaml", "id: lisi\n" + MEMBER, ("REF001", 1, 1)),
    ("duplicate id", "members/zhang-san.yml", MEMBER, ("REF002", 1, 1)),
    ("history out of order", "members/li-si.yaml",
     MEMBER + "  - {date: 2009-07-01, event: admitted}\n", ("REF004", 5, 6)),
    # a future fact (REF005) needs the as-of date to be today: see tests/test_as_of.py
]


CASES = pytest.mark.parametrize("relpath,content,expected", [case[1:] for case in BAD_INPUTS],
                                ids=[case[0] for case in BAD_INPUTS])


@CASES
def test_bad_input_is_a_located_finding(skeleton, relpath, content, expected):
    drop(skeleton, relpath, content)
    result = check(skeleton, "--select", "SCH,REF")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["path"], f["line"], f["column"]) for f in findings] == [(expected[0], relpath, *expected[1:])]


@CASES
def test_no_rule_crashes_on_bad_input(skeleton, relpath, content, expected):
    drop(skeleton, relpath, content)
    result = check(skeleton)
    assert result.exit_code == 1 and "Traceback" not in result.output
    findings = json.loads(result.stdout)["findings"]
    assert expected[0] in {f["code"] for f in findings}
    assert [f["message"] for f in findings if f["code"] == "ZHD001"] == []


# --- a bad zhidu.yaml override ------------------------------------------------------------------

@pytest.mark.parametrize("override,where,code", [
    ("rules:\n  REF03: off\n", "28:3", "CFG001"),
    ("rules:\n  REF003: {severty: warning}\n", "28:12", "CFG002"),
    ("rules:\n  REF003: {severity: loud}\n", "28:22", "CFG003"),
    ("rules:\n  REF003: {enabled: maybe}\n", "28:21", "CFG003"),
    ("extends: comunity-branch\n", "27:10", "CFG004"),
])
def test_a_bad_override_stops_the_run_with_a_located_message(skeleton, override, where, code):
    config = skeleton / "zhidu.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("extends: community-branch\n", "")
                      + "\n" + override, encoding="utf-8")
    result = check(skeleton)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert re.search(rf"zhidu\.yaml:{where}: {code} ", result.stderr), result.stderr
    assert "配置有误，未进行检查" in result.stderr
    assert "Traceback" not in result.output


def test_the_override_message_speaks_english_on_request(skeleton):
    config = skeleton / "zhidu.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "rules:\n  REF03: off\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(skeleton), "--lang", "en", "-f", "json"], env=ENV)
    assert result.exit_code == 2
    assert "CFG001 no rule REF03; did you mean REF003?" in result.stderr
    assert "configuration errors: nothing was checked" in result.stderr
