"""Writing output files safely.

A rendered document may overwrite last month's notice or a hand-edited copy of the minutes, so
nothing is overwritten unless asked (``--force``), and a file is never left half-written: the
data goes to a temporary file in the same directory (same filesystem, so the final rename is
atomic), is flushed to disk, and only then replaces the target. Any failure removes the
temporary file.

The existence check and the rename are two steps; for a command a secretary runs by hand that
window is acceptable, and ``os.replace`` works on every platform and filesystem.

A process killed mid-write (``kill -9``, a power cut) leaves its temporary file behind. Those files
have zhidu's own naming (:func:`is_temp_name`): ``check`` ignores them, and the next write into the
same folder removes the ones old enough to be certainly dead (:data:`STALE_SECONDS`).

A target that is not a regular file (``/dev/stdout``, a FIFO, a device — directly or through a
symlink) is refused even with ``--force``: replacing it would swap a device node for a plain file.
A symlink to a regular file is written through, so the link stays a link.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from pathlib import Path

TEMP_TAG = "zhidu-"
# ``.NAME.zhidu-XXXXXXXX.tmp`` (and ``.NAME.XXXXXXXX.tmp`` from versions before the tag): mkstemp's
# eight random characters between the target's name and ``.tmp``
_TEMP_NAME = re.compile(r"\..+\.(?:zhidu-)?[a-z0-9_]{8}\.tmp")
STALE_SECONDS = 60.0
"""A temporary file untouched this long belongs to a write that died: a real write takes milliseconds."""


def is_temp_name(name: str) -> bool:
    """Whether ``name`` is one of zhidu's temporary files (never a record)."""
    return _TEMP_NAME.fullmatch(name) is not None


class NotARegularFile(OSError):
    """The target exists but is a device, FIFO, socket or folder: never replaced, whatever ``force``."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{Path(path)} 不是普通文件（{kind}），未写入；输出到标准输出请用 -o -"
                         f" / {Path(path)} is not a regular file ({kind}): not written; use -o - for stdout")
        self.path = Path(path)
        self.kind = kind


class RefusedOverwrite(Exception):
    """The target exists and ``force`` was not given."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        super().__init__(f"文件已存在，未覆盖：{self.path}（加 --force 覆盖）"
                         f" / refusing to overwrite existing file {self.path} (use --force)")


def _new_file_mode() -> int:
    """The mode a plain ``open(path, "w")`` would give: 0o666 minus the umask.

    ``mkstemp`` creates files readable by the owner only, which is wrong for a notice meant to be
    shared. Reading the umask means setting it; this is done once per write, on the main path.
    """
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable where the platform allows opening a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


KIND_ZH = {"folder": "目录", "FIFO": "命名管道（FIFO）", "socket": "套接字", "character device": "字符设备",
           "block device": "块设备", "special file": "特殊文件"}


def special_kind(mode: int) -> str | None:
    """The word for a file type that is not a regular file (``None`` for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    for test, word in ((stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device")):
        if test(mode):
            return word
    return "special file"


def clean_stale_temp_files(directory: Path, *, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove zhidu's temporary files in ``directory`` left by writes that died; returns them.

    Only names of zhidu's own pattern, only regular files, only those untouched for ``older_than``
    seconds (a concurrent write's file is seconds old at most). Failures are ignored: cleaning is a
    courtesy, never a reason for a write to fail.
    """
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        if not is_temp_name(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime >= older_than:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _target(path: Path) -> tuple[Path, os.stat_result | None]:
    """The file a write really replaces (a symlink's target) and its status, or None when absent."""
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        return real, os.stat(real)
    except FileNotFoundError:
        return real, None


def write_atomic(path: Path, data: str | bytes, *, force: bool) -> None:
    """Write ``data`` (text as UTF-8, newlines untouched) to ``path`` all at once.

    Raises :class:`RefusedOverwrite` if ``path`` exists and ``force`` is false, and
    :class:`NotARegularFile` if it exists and is not a regular file. Parent directories are
    created. The existing file's permissions are kept when it is replaced; a symlink is written
    through to its target.
    """
    path = Path(path)
    real, info = _target(path)
    if info is not None:
        kind = special_kind(info.st_mode)
        if kind is not None:
            raise NotARegularFile(path, kind)
        if not force:
            raise RefusedOverwrite(path)
    path = real
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = info.st_mode & 0o7777 if info is not None else _new_file_mode()
    clean_stale_temp_files(path.parent)

    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{TEMP_TAG}", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
    _fsync_directory(path.parent)
