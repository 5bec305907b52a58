"""Atomic output files: no overwrite without force, no partial file, no temp litter."""

from __future__ import annotations

import os
import stat

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
