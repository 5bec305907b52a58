"""Discovery: every path under a records folder is either read or named in a finding (SCH010).

Issue 14: ``check`` once said "检查了 229 个文件，未发现问题" and exited 0 with ``dues/`` unreadable or a
file, with FIFOs, sockets, dangling, looping and device symlinks, folders named ``x.yaml`` and files
one folder too deep (``members/sub/``, ``dues/2025/``) all skipped in silence.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import pathlib

import pytest

from zhidu_cli.records import repository
from zhidu_cli.records.repository import survey
from zhidu_cli.workspace import check, open_workspace

from conftest import full_member

AS_OF = dt.date(2025, 12, 31)
EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples" / "records"


def sch010(repo, **kwargs):
    return [f for f in repo.check("2025-12-31", **kwargs) if f.code == "SCH010"]


def variants(repo) -> dict[str, str]:
    """path → variant of every SCH010 problem, straight from discovery."""
    return {f.path: f.problems[0].variant for f in survey(repo.root).unread}


def test_plain_records_are_read_and_nothing_is_reported(repo):
    repo.member("a", full_member("a", "甲"))
    repo.write("meetings/2025/2025-03-01-m.yaml", "type: 支委会\ndate: 2025-03-01\n")
    assert survey(repo.root).unread == ()
    assert [p for p, _ in survey(repo.root).files] == ["zhidu.yaml", "members/a.yaml",
                                                      "meetings/2025/2025-03-01-m.yaml"]


def test_special_files_and_broken_links_are_named_not_skipped(repo):
    repo.member("a", full_member("a", "甲"))
    members = repo.root / "members"
    os.mkfifo(members / "fifo.yaml")
    os.symlink("nowhere.yaml", members / "dangling.yaml")
    os.symlink("loop.yaml", members / "loop.yaml")
    os.symlink("/dev/zero", members / "zero.yaml")
    (members / "dir.yaml").mkdir()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(members / "sock.yaml"))
        assert variants(repo) == {
            "members/dangling.yaml": "dangling", "members/dir.yaml/": "folder", "members/fifo.yaml": "special",
            "members/loop.yaml": "loop", "members/sock.yaml": "special", "members/zero.yaml": "special"}
        found = {f.location.path: f for f in sch010(repo)}
    finally:
        server.close()
    assert set(found) == {"members/dangling.yaml", "members/dir.yaml", "members/fifo.yaml", "members/loop.yaml",
                          "members/sock.yaml", "members/zero.yaml"}
    assert all(f.severity.label == "error" for f in found.values())
    assert found["members/fifo.yaml"].message == "这是命名管道（FIFO），不是普通文件，未读取"
    assert found["members/zero.yaml"].message == "这是字符设备，不是普通文件，未读取"
    assert found["members/sock.yaml"].message == "这是套接字，不是普通文件，未读取"
    assert found["members/dangling.yaml"].message == "符号链接指向不存在的 nowhere.yaml，未读取"


def test_files_one_folder_too_deep_are_reported(repo):
    repo.member("sub/b", full_member("b", "乙"))
    repo.write("dues/2025/2025-01.yaml", "month: 2025-01\n")
    found = {f.location.path: f for f in sch010(repo, lang="en")}
    assert set(found) == {"members/sub/b.yaml", "dues/2025/2025-01.yaml"}
    assert found["dues/2025/2025-01.yaml"].message == "in a subfolder: not read; records go directly in dues/"


def test_meetings_and_decisions_may_nest_and_follow_links_inside_the_repository(repo):
    repo.write("meetings/2025/2025-03-01-m.yaml", "type: 支委会\ndate: 2025-03-01\n")
    repo.write("archive/2024/2024-03-01-m.yaml", "type: 支委会\ndate: 2024-03-01\n")
    os.symlink("../archive/2024", repo.root / "meetings" / "2024")
    os.symlink("..", repo.root / "meetings" / "up")           # back up the walk: a loop, not a second walk
    os.symlink("/", repo.root / "meetings" / "root")          # out of the repository: never walked
    assert [p for p, _ in survey(repo.root).files] == ["zhidu.yaml", "meetings/2024/2024-03-01-m.yaml",
                                                      "meetings/2025/2025-03-01-m.yaml"]
    assert variants(repo) == {"meetings/root": "outside", "meetings/up/": "loop"}


@pytest.mark.parametrize("make", ["file", "fifo", "dangling"])
def test_a_records_folder_that_is_not_a_folder_is_reported(repo, make):
    target = repo.root / "dues"
    if make == "file":
        target.write_text("month: 2025-01\n")
    elif make == "fifo":
        os.mkfifo(target)
    else:
        os.symlink("gone", target)
    [finding] = sch010(repo)
    assert finding.location.path == "dues" and finding.severity.label == "error"


def test_a_folder_that_cannot_be_listed_is_reported(repo, monkeypatch):
    repo.member("a", full_member("a", "甲"))
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("/members"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(repository.os, "scandir", scandir)
    [finding] = sch010(repo)
    assert (finding.location.path, finding.facts["detail"]) == ("members", "Permission denied")
    assert finding.message == "无法列出该目录：Permission denied；其中的记录均未读取"


def test_a_file_listed_but_not_openable_is_sch001_not_a_crash(repo, monkeypatch):
    repo.member("a", full_member("a", "甲"))
    real = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("members/a.yaml"):
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(repository.os, "open", refuse)
    ws = open_workspace(repo.root)
    report = check(ws, AS_OF)
    assert [(f.code, f.location.path) for f in report.findings if f.code.startswith("SCH")] == [
        ("SCH001", "members/a.yaml")]
    assert (report.files_checked, report.files_unread) == (1, 1)


def test_a_file_swapped_for_a_fifo_after_discovery_does_not_hang(repo, monkeypatch):
    repo.member("a", full_member("a", "甲"))
    files = survey(repo.root)
    os.unlink(repo.root / "members" / "a.yaml")
    os.mkfifo(repo.root / "members" / "a.yaml")
    loaded = repository.load_one(repo.root, "members/a.yaml", "member")
    assert loaded.node is None and loaded.problems[0].code == "SCH010" and files.files


def test_hidden_and_non_yaml_files_are_info_and_temp_files_are_ignored(repo):
    repo.member("a", full_member("a", "甲"))
    repo.write("members/README.md", "说明\n")
    repo.write("members/.b.yaml", "name: 乙\n")
    repo.write("members/.gitkeep", "")
    repo.write("dues/.2025-01.yaml.zhidu-abcd1234.tmp", "month: 2025-")     # a write killed halfway
    repo.write("meetings/.archive/2019-01-01-m.yaml", "type: 支委会\ndate: 2019-01-01\n")   # set aside
    repo.write("meetings/.cache/notes.txt", "x")
    assert {(f.location.path, f.severity.label) for f in sch010(repo)} == {
        ("members/README.md", "info"), ("members/.b.yaml", "info"), ("meetings/.archive", "info")}


def test_the_summary_counts_files_read_and_not_read(repo):
    repo.member("a", full_member("a", "甲"))
    os.mkfifo(repo.root / "members" / "b.yaml")
    report = check(open_workspace(repo.root), AS_OF)
    assert (report.files_checked, report.files_unread) == (2, 1)


def test_a_record_not_read_causes_no_follow_on_reference_finding(repo):
    repo.member("sub/b", full_member("b", "乙"))
    repo.write("meetings/2025/2025-03-01-m.yaml", "type: 支委会\ndate: 2025-03-01\nattendees: [b]\n")
    assert [f.code for f in repo.check("2025-12-31", select=("REF",))] == ["SCH010"]


def test_unread_paths_cannot_be_ignored(repo):
    os.mkfifo(repo.root / "members")
    assert [f.code for f in repo.check("2025-12-31", select=("MTG",), ignore=("SCH",))] == ["SCH010"]


def test_stray_folder_search_does_not_follow_symlinks(repo):
    os.symlink("/", repo.root / "everything")
    repo.write("Members/a.yaml", full_member("a", "甲"))
    assert [(f.code, f.location.path) for f in repo.check("2025-12-31", select=("SCH",))] == [
        ("SCH009", "Members/a.yaml")]


# --- as a normal user: chmod really stops reads ----------------------------------------------------

def _as_nobody() -> list[str] | None:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return None
    probe = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "true"],
                           capture_output=True)
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] if probe.returncode == 0 else None


def test_unreadable_folders_as_a_normal_user():
    prefix = _as_nobody()
    if prefix is None:
        pytest.skip("needs root and setpriv to run zhidu as the user nobody")
    base = tempfile.mkdtemp(prefix="zhidu-nobody-")
    try:
        os.chmod(base, 0o755)
        root = pathlib.Path(base) / "records"
        shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("meetings", "decisions"))   # smaller: faster
        for path in [root, *root.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        os.chmod(root / "members", 0o444)          # listable, not enterable
        os.chmod(root / "dues", 0o000)             # not even listable
        probe = subprocess.run([*prefix, sys.executable, "-c", "import zhidu_cli"], capture_output=True)
        if probe.returncode != 0:
            pytest.skip("the user nobody cannot import zhidu from this checkout")
        run = subprocess.run([*prefix, sys.executable, "-m", "zhidu_cli", "check", str(root), "--as-of",
                              "2025-12-31", "-f", "concise", "--lang", "en"],
                             capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
        assert run.returncode == 1, run.stderr
        assert "internal error" not in run.stderr and "Traceback" not in run.stderr
        assert "dues: SCH010 cannot list the folder: Permission denied" in run.stdout     # findings: stdout
        assert "members/cao-xiulan.yaml: SCH001" in run.stdout
        assert "not read)" in run.stderr                                                 # the summary: stderr
        os.chmod(root, 0o644)                      # the repository itself cannot be entered
        run = subprocess.run([*prefix, sys.executable, "-m", "zhidu_cli", "check", str(root / "members"),
                              "--as-of", "2025-12-31"], capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
        assert run.returncode == 2 and "internal error" not in run.stderr and "Permission denied" in run.stderr
    finally:
        os.chmod(root, 0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_a_records_folder_linked_to_another_folder_of_the_repository_is_read_once(repo):
    repo.write("people/a.yaml", full_member("a", "甲"))
    os.symlink("people", repo.root / "members")
    assert [p for p, _ in survey(repo.root).files] == ["zhidu.yaml", "members/a.yaml"]
    assert [f.code for f in repo.check("2025-12-31", select=("SCH",))] == []      # people/ is no stray folder
