"""Writing output files safely.

A rendered document may overwrite last month's notice or a hand-edited copy of the minutes, so
nothing is overwritten unless asked (``--force``), and a file is never left half-written: the
data goes to a temporary file in the same directory (same filesystem, so the final rename is
atomic), is flushed to disk, and only then replaces the target. Any failure removes the
temporary file.

The existence check and the rename are two steps; for a command a secretary runs by hand that
window is acceptable, and ``os.replace`` works on every platform and filesystem.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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


def write_atomic(path: Path, data: str | bytes, *, force: bool) -> None:
    """Write ``data`` (text as UTF-8, newlines untouched) to ``path`` all at once.

    Raises :class:`RefusedOverwrite` if ``path`` exists and ``force`` is false. Parent directories
    are created. The existing file's permissions are kept when it is replaced.
    """
    path = Path(path)
    if path.exists() and not force:
        raise RefusedOverwrite(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if path.exists() else _new_file_mode()

    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
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
