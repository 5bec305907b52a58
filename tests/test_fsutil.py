"""Atomic output files: no overwrite without force, no partial file, no temp litter."""

from __future__ import annotations

import os
import stat
import time

import pytest

from zhidu_cli import fsutil
from zhidu_cli.fsutil import RefusedOverwrite, write_atomic


def test_writes_text_as_utf8_and_creates_parent_folders(tmp_path):
    target = tmp_path / "out" / "2025" / "会议记录.md"
    write_atomic(target, "第一行\r\n第二行\n", force=False)
    assert target.read_bytes() == "第一行\r\n第二行\n".encode("utf-8")
    assert os.listdir(target.parent) == ["会议记录.md"]


def test_writes_bytes_unchanged(tmp_path):
    target = tmp_path / "page.html"
    write_atomic(target, b"\x00\xffdata", force=False)
    assert target.read_bytes() == b"\x00\xffdata"


def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "notice.md"
    target.write_text("hand-edited", encoding="utf-8")
    with pytest.raises(RefusedOverwrite) as caught:
        write_atomic(target, "new", force=False)
    assert caught.value.path == target
    assert "--force" in str(caught.value) and "已存在" in str(caught.value)
    assert target.read_text(encoding="utf-8") == "hand-edited"
    assert os.listdir(tmp_path) == ["notice.md"]


def test_force_overwrites_and_keeps_the_existing_permissions(tmp_path):
    target = tmp_path / "notice.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["notice.md"]


def test_new_file_gets_the_umask_mode_not_the_private_temp_mode(tmp_path):
    previous = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.md", "x", force=False)
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "a.md").stat().st_mode) == 0o644


@pytest.mark.parametrize("broken", ["fsync", "replace"])
@pytest.mark.parametrize("existing", [None, "old content"])
def test_failure_mid_write_leaves_no_partial_file_and_no_temp(tmp_path, monkeypatch, broken,
                                                              existing):
    target = tmp_path / "minutes.md"
    if existing is not None:
        target.write_text(existing, encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(fsutil.os, broken, fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "新内容" * 1000, force=True)
    monkeypatch.undo()
    if existing is None:
        assert os.listdir(tmp_path) == []
    else:
        assert os.listdir(tmp_path) == ["minutes.md"]
        assert target.read_text(encoding="utf-8") == existing


def test_interrupt_during_write_also_cleans_up(tmp_path, monkeypatch):
    real_fdopen = os.fdopen

    class Exploding:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[:10])
            raise KeyboardInterrupt

    monkeypatch.setattr(fsutil.os, "fdopen", lambda fd, mode: Exploding(real_fdopen(fd, mode)))
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "x.md", "partial data here", force=False)
    assert os.listdir(tmp_path) == []


# --- issue 14: nothing left behind, no special file replaced -----------------------------------------

def test_temporary_files_have_zhidus_own_naming(tmp_path, monkeypatch):
    names = []
    real_replace = os.replace

    def spy(source, target):
        names.append(os.path.basename(source))
        return real_replace(source, target)

    monkeypatch.setattr(fsutil.os, "replace", spy)
    write_atomic(tmp_path / "2025-07.yaml", "x", force=False)
    [name] = names
    assert name.startswith(".2025-07.yaml.zhidu-") and name.endswith(".tmp") and fsutil.is_temp_name(name)
    for other in ("2025-07.yaml", ".gitkeep", ".2025-07.yaml.swp", "a.tmp", ".x.yaml.zhidu-abc.tmp"):
        assert not fsutil.is_temp_name(other)
    assert fsutil.is_temp_name(".2025-07.yaml.k3j_9x0a.tmp")          # the naming of earlier versions


def test_stale_temporary_files_are_cleaned_on_the_next_write(tmp_path):
    stale = tmp_path / ".2025-07.yaml.zhidu-abcd1234.tmp"              # a write killed with -9
    fresh = tmp_path / ".2025-08.yaml.zhidu-efgh5678.tmp"              # a write running right now
    foreign = tmp_path / ".notes.tmp"
    for path in (stale, fresh, foreign):
        path.write_text("half")
    old = time.time() - fsutil.STALE_SECONDS - 1
    os.utime(stale, (old, old))
    os.utime(foreign, (old, old))
    write_atomic(tmp_path / "2025-09.yaml", "x", force=False)
    assert sorted(os.listdir(tmp_path)) == sorted([fresh.name, foreign.name, "2025-09.yaml"])


def test_exactly_stale_is_the_boundary(tmp_path):
    path = tmp_path / ".a.md.zhidu-abcd1234.tmp"
    path.write_text("half")
    now = time.time()
    os.utime(path, (now - fsutil.STALE_SECONDS + 5, now - fsutil.STALE_SECONDS + 5))
    assert fsutil.clean_stale_temp_files(tmp_path) == []
    os.utime(path, (now - fsutil.STALE_SECONDS - 1, now - fsutil.STALE_SECONDS - 1))
    assert fsutil.clean_stale_temp_files(tmp_path) == [path]


@pytest.mark.parametrize("make", ["fifo", "device-link", "folder"])
def test_a_special_file_is_never_replaced_even_with_force(tmp_path, make):
    target = tmp_path / "out.md"
    if make == "fifo":
        os.mkfifo(target)
    elif make == "device-link":
        os.symlink("/dev/null", target)
    else:
        target.mkdir()
    with pytest.raises(fsutil.NotARegularFile) as caught:
        write_atomic(target, "x", force=True)
    assert "-o -" in str(caught.value)
    assert os.path.lexists(target) and not target.is_file()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert [n for n in os.listdir(tmp_path) if n != "out.md"] == []


def test_a_symlink_to_a_regular_file_is_written_through_and_stays_a_link(tmp_path):
    (tmp_path / "real.md").write_text("old")
    os.symlink("real.md", tmp_path / "link.md")
    with pytest.raises(RefusedOverwrite):
        write_atomic(tmp_path / "link.md", "new", force=False)
    write_atomic(tmp_path / "link.md", "new", force=True)
    assert (tmp_path / "link.md").is_symlink() and (tmp_path / "real.md").read_text() == "new"


def test_sigterm_during_a_write_removes_the_temporary_file(tmp_path):
    """``kill`` (not -9) unwinds like Ctrl-C: the half-written temporary file is removed."""
    import signal
    import subprocess
    import sys

    flag = tmp_path / "writing"
    target = tmp_path / "branch"
    script = (
        "import os, sys, time\n"
        "from zhidu_cli import fsutil\n"
        "def slow(fd):\n"
        f"    open({str(flag)!r}, 'w').close()\n"
        "    time.sleep(60)\n"
        "fsutil.os.fsync = slow\n"
        f"sys.argv = ['zhidu', 'init', {str(target)!r}]\n"
        "from zhidu_cli.cli.app import main\n"
        "main()\n")
    process = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE)
    try:
        for _ in range(600):
            if flag.exists() or process.poll() is not None:
                break
            time.sleep(0.05)
        assert flag.exists(), process.stderr.read() if process.poll() is not None else "never started writing"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        if process.poll() is None:
            process.kill()
        process.stderr.close()
    leftovers = [p for p in target.rglob("*") if fsutil.is_temp_name(p.name)]
    assert leftovers == []
