"""Issue 14, point 3: ``zhidu render`` names the real problem — the meeting file that did not load and
its error, the real template file, a FIFO or folder named like a template — and a huge template is
stopped by the same time limit as rendering."""

from __future__ import annotations

import os
import pathlib
import shutil
import stat

import pytest
from typer.testing import CliRunner

from zhidu_cli.cli.app import app
from zhidu_cli.render import RenderLimits, TemplateFailure, make_environment, render_template
from zhidu_cli.render.environment import list_templates

ENV = {"NO_COLOR": "1", "COLUMNS": "100", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}
EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples" / "records"
MEETING = "2025-01-03-branch-committee"
MEETING_FILE = f"meetings/2025/{MEETING}.yaml"


@pytest.fixture
def records(tmp_path):
    root = tmp_path / "records"
    shutil.copytree(EXAMPLES, root)
    return root


def zhidu(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def minutes(root, *args: str):
    return zhidu("render", "minutes", MEETING, "-C", str(root), "--as-of", "2025-12-31", *args)


@pytest.mark.parametrize("content, where, words", [
    (b"type: branch-committee\ndate: 2025-01-03\x00\n", "2:17", "SCH001"),
    (b"type: branch-committee\ndate: \xff2025-01-03\n", "2:7", "SCH001"),
    (b"", "1:1", "SCH001"),
    (b"type: branch-committee\n\tdate: 2025-01-03\n", "2:1", "SCH002"),
    (b"date: 2025-01-03\n", "1:1", "SCH004 缺少必填字段 type"),
    (b"type: branch-committee\n", "1:1", "SCH004 缺少必填字段 date"),
])
def test_a_meeting_that_exists_but_does_not_load_is_named_with_its_error(records, content, where, words):
    (records / MEETING_FILE).write_bytes(content)
    result = minutes(records)
    assert result.exit_code == 2
    assert "没有编号为" not in result.output and "是否要找" not in result.output
    assert f"会议「{MEETING}」的文件未能载入：{MEETING_FILE}:{where}: {words}" in result.output


def test_in_english_too(records):
    (records / MEETING_FILE).write_bytes(b"date: 2025-01-03\n")
    result = minutes(records, "--lang", "en")
    assert f"the file of meeting '{MEETING}' did not load: {MEETING_FILE}:1:1: SCH004 required field type is missing" \
        in result.output


def test_a_truly_unknown_meeting_still_gets_suggestions(records):
    result = zhidu("render", "minutes", "2025-01-03-branch", "-C", str(records), "--as-of", "2025-12-31")
    assert result.exit_code == 2 and "没有编号为「2025-01-03-branch」的会议" in result.output and "是否要找" in result.output


def test_a_member_and_a_decision_that_do_not_load_are_named_too(records):
    (records / "members" / "chen-siyu.yaml").write_bytes(b"name: [\n")
    result = zhidu("render", "notice", "development-target", "chen-siyu", "-C", str(records), "--as-of", "2025-06-02")
    assert result.exit_code == 2 and "成员「chen-siyu」的文件未能载入：members/chen-siyu.yaml:" in result.output


def test_render_all_names_the_meetings_of_the_year_that_did_not_load(records, tmp_path):
    (records / MEETING_FILE).write_bytes(b"")
    result = zhidu("render", "minutes", "--all", "--year", "2025", "-C", str(records), "--as-of", "2025-12-31",
                   "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert f"注意：{MEETING_FILE} 未能载入，未生成其会议记录" in result.output
    assert not (tmp_path / "out" / f"{MEETING}.md").exists()


# --- templates ---------------------------------------------------------------------------------------

def test_a_folder_named_like_a_template_is_an_error_not_the_builtin(records):
    (records / "templates" / "minutes.md.j2").mkdir(parents=True)
    result = minutes(records)
    assert result.exit_code == 2
    assert f"zhidu: {records}/templates/minutes.md.j2: 模板「minutes.md.j2」不是普通文件，而是目录" in result.output


def test_a_fifo_named_like_a_template_is_an_error_and_never_read(records):
    (records / "templates").mkdir()
    os.mkfifo(records / "templates" / "minutes.md.j2")
    result = minutes(records)          # reading it would block forever
    assert result.exit_code == 2
    assert "templates/minutes.md.j2: 模板「minutes.md.j2」不是普通文件，而是命名管道（FIFO）" in result.output


def test_a_dangling_template_link_is_an_error(records):
    (records / "templates").mkdir()
    os.symlink("gone.j2", records / "templates" / "minutes.md.j2")
    result = minutes(records)
    assert result.exit_code == 2 and "templates/minutes.md.j2: 模板文件无法读取" in result.output


def test_a_template_that_is_not_utf8_names_its_real_path(records, monkeypatch, tmp_path):
    (records / "templates").mkdir()
    (records / "templates" / "minutes.md.j2").write_bytes(b"\xff\xfe{{ x }}")
    monkeypatch.chdir(tmp_path)          # once the error named <cwd>/minutes.md.j2
    result = minutes(records)
    assert result.exit_code == 2
    assert f"zhidu: {records}/templates/minutes.md.j2: 模板文件不是 UTF-8（第 0 字节）" in result.output


def test_templates_linked_to_the_root_of_the_filesystem_is_refused_without_walking_it(records):
    os.symlink("/", records / "templates")
    result = zhidu("render", "--list", "-C", str(records))
    assert result.exit_code == 2
    assert "templates: templates 指向仓库之外的 /，不予使用" in result.output
    result = minutes(records)
    assert result.exit_code == 2 and "templates 指向仓库之外的 /" in result.output


@pytest.mark.parametrize("make", ["file", "fifo"])
def test_templates_that_is_not_a_folder_is_refused(records, make):
    if make == "file":
        (records / "templates").write_text("x")
    else:
        os.mkfifo(records / "templates")
    result = minutes(records)
    assert result.exit_code == 2 and f"zhidu: {records}/templates: templates 应是目录" in result.output
    with pytest.raises(TemplateFailure):
        list_templates(records)


def test_templates_may_be_a_link_to_a_folder_inside_the_repository(records):
    (records / "shared-templates").mkdir()
    (records / "shared-templates" / "minutes.md.j2").write_text("自定义 {{ meeting.id }}\n", encoding="utf-8")
    os.symlink("shared-templates", records / "templates")
    result = minutes(records)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"自定义 {MEETING}\n"


def test_compiling_a_huge_template_is_bounded_by_the_render_time_limit(records):
    (records / "templates").mkdir()
    (records / "templates" / "minutes.md.j2").write_text("{{ x }}" * 200_000, encoding="utf-8")
    env = make_environment(records, limits=RenderLimits(seconds=0.05))
    with pytest.raises(TemplateFailure) as caught:
        render_template(env, "minutes.md.j2", {"x": 1})
    assert "超过 0.05 秒" in caught.value.message
    assert caught.value.template_path.endswith("templates/minutes.md.j2")


# --- writing: -o never replaces a device, -o - is stdout ----------------------------------------------

def test_output_onto_a_link_to_a_device_is_refused_even_with_force(records, tmp_path):
    target = tmp_path / "minutes.md"
    os.symlink("/dev/null", target)
    result = minutes(records, "-o", str(target), "--force")
    assert result.exit_code == 2
    assert "不是普通文件" in result.output and "-o -" in result.output
    assert target.is_symlink() and os.readlink(target) == "/dev/null"


def test_output_dash_is_stdout(records):
    result = minutes(records, "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("#")


def test_a_ledger_target_that_is_a_fifo_is_not_replaced_by_an_import(records, tmp_path):
    os.mkfifo(records / "dues" / "2026-01.yaml")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("编号,金额,日期\nchen-siyu,1.00,2026-01-05\n", encoding="utf-8")
    result = zhidu("dues", "import", str(sheet), "--month", "2026-01", "-C", str(records), "--force")
    assert result.exit_code == 2, result.output
    assert "不是普通文件" in result.output
    assert stat.S_ISFIFO(os.lstat(records / "dues" / "2026-01.yaml").st_mode)
    assert [n for n in os.listdir(records / "dues") if n.endswith(".tmp")] == []


def test_render_list_shows_a_folder_or_fifo_named_like_a_template_as_unusable(records):
    (records / "templates").mkdir()
    (records / "templates" / "minutes.md.j2").mkdir()
    os.mkfifo(records / "templates" / "notice-dues.md.j2")
    result = zhidu("render", "--list", "-C", str(records))
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert "templates/minutes.md.j2  （不可用：是目录，渲染时报错 / unusable: a folder, renders fail）" in lines["minutes.md.j2"]
    assert "（不可用：是命名管道（FIFO），渲染时报错" in lines["notice-dues.md.j2"]
