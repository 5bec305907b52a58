"""Find and parse every file of a records repository.

The output, :class:`LoadedFile`, is plain frozen data (nodes, problems, suppressions) keyed by path, so
a later parse cache can store it as it is. Nothing here interprets what the files mean.
"""

from __future__ import annotations

import errno
import os
import pathlib
from dataclasses import dataclass, field
from typing import Any

from zhidu_cli.diagnostics.finding import Location, Problem, Severity
from zhidu_cli.fsutil import KIND_ZH, is_temp_name, special_kind
from zhidu_cli.records.nodes import Node
from zhidu_cli.records.root import CONFIG_FILE, NotARepository, find_root  # noqa: F401  (re-exported)
from zhidu_cli.records.yaml_loader import Suppression, load_yaml, suppressions

CALENDAR_FILE = "calendar.yaml"

# folder → (record kind, whether sub-folders are searched)
FOLDERS = {
    "members": ("member", False),
    "dues": ("ledger", False),
    "meetings": ("meeting", True),
    "decisions": ("decision", True),
}


@dataclass(frozen=True)
class LoadedFile:
    path: str                      # relative to the repository root, with forward slashes
    kind: str                      # "config", "calendar", "member", "meeting", "decision", "ledger"
    node: Node | None
    problems: tuple[Problem, ...]
    suppressions: tuple[Suppression, ...]
    # the file's place in the parse cache, when it has one (records.parse_cache.CacheSlot): the model
    # builder finds the file's stored records there, or leaves there the records it built
    cache: Any = field(default=None, compare=False, repr=False)


YAML_SUFFIXES = (".yaml", ".yml")
MAX_FOLDER_DEPTH = 16   # meetings/<year>/… needs two; deeper is a mistake (or a symlink maze)

# Codes that mean "this path was not read": never suppressed, never disabled, counted as unread.
UNREAD = "SCH010"


@dataclass(frozen=True)
class Survey:
    """What discovery found: the files to read, and every path under a records folder that is not read."""

    files: tuple[tuple[str, str], ...]      # (relative path, kind) in a stable order
    unread: tuple[LoadedFile, ...]          # one per path not read, carrying its SCH010 problem


def unread_facts(relpath: str, **facts) -> dict:
    """The facts of an SCH010 problem; ``kind_zh`` names a special file's type in Chinese."""
    detail = facts.get("detail", "")
    return {"path": relpath, "detail": "", "target": "", **facts, "kind_zh": KIND_ZH.get(detail, detail)}


def _yaml_name(name: str) -> bool:
    return name.lower().endswith(YAML_SUFFIXES)


def _hidden_records_folder(entry: os.DirEntry) -> bool:
    """A hidden folder (``.archive/``, not ``.git``) holding YAML files: records set aside, said as info."""
    if entry.name == ".git" or not entry.is_dir(follow_symlinks=False):
        return False
    for _, _, names in os.walk(entry.path):
        if any(_yaml_name(n) for n in names):
            return True
    return False


class _Walk:
    """One os.scandir walk of the records folders (no pathlib, no stat per plain file).

    A plain file or folder costs nothing beyond the directory listing (``d_type``); only symlinks and
    special files are stat'ed, to say what they are. Symlinked folders are followed when they stay
    inside the repository and do not lead back to a folder being walked.
    """

    def __init__(self, root: pathlib.Path) -> None:
        self.root = root
        self.root_real = os.path.realpath(root)
        self.files: list[tuple[str, str]] = []
        self.unread: list[LoadedFile] = []

    def skip(self, relpath: str, kind: str, variant: str, severity: Severity | None = None, **facts) -> None:
        problem = Problem(UNREAD, Location(relpath.rstrip("/")), unread_facts(relpath, **facts), variant, severity)
        self.unread.append(LoadedFile(relpath, kind, None, (problem,), ()))

    def classify(self, entry: os.DirEntry) -> tuple[str, str]:
        """("file" | "folder" | "special" | "dangling" | "loop" | "outside" | "error", detail)."""
        try:
            if not entry.is_symlink():
                if entry.is_file(follow_symlinks=False):
                    return "file", ""
                if entry.is_dir(follow_symlinks=False):
                    return "folder", ""
                return "special", special_kind(entry.stat(follow_symlinks=False).st_mode) or "special file"
            try:
                info = os.stat(entry.path)
            except FileNotFoundError:
                return "dangling", os.readlink(entry.path)
            except OSError as error:
                if error.errno == errno.ELOOP:
                    return "loop", os.readlink(entry.path)
                raise
            kind = special_kind(info.st_mode)
            if kind is None:
                return "file", ""
            if kind != "folder":
                return "special", kind
            real = os.path.realpath(entry.path)
            if os.path.commonpath([real, self.root_real]) != self.root_real:
                return "outside", os.readlink(entry.path)
            return "folder", real
        except OSError as error:
            return "error", error.strerror or str(error)

    def folder(self, relpath: str, kind: str, *, nested: bool, flat: bool, depth: int = 0,
               trail: tuple[str, ...] = ()) -> None:
        """Walk ``relpath``. ``flat``: records lie directly in it (members/, dues/); ``nested``: we are
        already below where records may lie, so every YAML file found is reported, not read."""
        path = os.path.join(self.root, relpath)
        real = os.path.realpath(path)
        if trail and (trail[-1] == real or trail[-1].startswith(real + os.sep)):   # leads back up the walk
            self.skip(relpath + "/", kind, "loop", target=os.readlink(path) if os.path.islink(path) else "")
            return
        if depth > MAX_FOLDER_DEPTH:
            self.skip(relpath + "/", kind, "too-deep-folder", limit=MAX_FOLDER_DEPTH)
            return
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            self.skip(relpath + "/", kind, "unlistable", detail=error.strerror or str(error))
            return
        trail = (*trail, real)
        for entry in entries:
            name = entry.name
            child = f"{relpath}/{name}"
            if name.startswith("."):
                if (_yaml_name(name) and not is_temp_name(name)) or _hidden_records_folder(entry):
                    self.skip(child, kind, "hidden", Severity.INFO)
                continue          # .git, .gitkeep, editor files and zhidu's own temporary files
            what, detail = self.classify(entry)
            if what == "file":
                if not _yaml_name(name):
                    self.skip(child, kind, "not-yaml", Severity.INFO)
                elif nested:
                    self.skip(child, kind, "nested", folder=relpath.split("/")[0])
                else:
                    self.files.append((child, kind))
            elif what == "folder":
                if _yaml_name(name) and (flat or nested):
                    self.skip(child + "/", kind, "folder")
                else:
                    self.folder(child, kind, nested=nested or flat, flat=False, depth=depth + 1, trail=trail)
            elif what == "error":
                self.skip(child, kind, "unreadable", detail=detail)
            else:
                self.skip(child, kind, what, detail=detail, target=detail)

    def top(self, entry: os.DirEntry, kind: str, flat: bool) -> None:
        """A records folder at the top of the repository (``members`` …): anything but a folder is
        reported, since every record in it would otherwise silently not exist."""
        what, detail = self.classify(entry)
        if what == "folder":
            self.folder(entry.name, kind, nested=False, flat=flat)
        elif what == "file":
            self.skip(entry.name, kind, "not-folder")
        else:
            self.skip(entry.name, kind, "unreadable" if what == "error" else what, detail=detail, target=detail)


def survey(root: pathlib.Path) -> Survey:
    """Every records file to read, and every path under a records folder that will not be read."""
    walk = _Walk(root)
    walk.files.append((CONFIG_FILE, "config"))
    try:
        with os.scandir(root) as listing:
            tops = {e.name: e for e in listing if e.name == CALENDAR_FILE or e.name in FOLDERS}
    except OSError:
        tops = {}
    if CALENDAR_FILE in tops:
        what, detail = walk.classify(tops[CALENDAR_FILE])
        if what == "file":
            walk.files.append((CALENDAR_FILE, "calendar"))
        elif what == "folder":
            walk.skip(CALENDAR_FILE + "/", "calendar", "folder")
        else:
            walk.skip(CALENDAR_FILE, "calendar", "unreadable" if what == "error" else what, detail=detail,
                      target=detail)
    for folder, (kind, recursive) in FOLDERS.items():
        if folder in tops:
            walk.top(tops[folder], kind, flat=not recursive)
    return Survey(tuple(walk.files), tuple(walk.unread))


def discover(root: pathlib.Path) -> list[tuple[str, str]]:
    """Every records file as (relative path, kind), in a stable order."""
    return list(survey(root).files)


def was_read(file: LoadedFile) -> bool:
    """Whether the file's bytes were read (a parse failure was read; a folder or FIFO was not)."""
    return not any(p.code == UNREAD or (p.code == "SCH001" and p.variant == "unreadable") for p in file.problems)


def stray_folders(root: pathlib.Path) -> list[Problem]:
    """Top-level folders holding YAML that zhidu does not read (``Members/``, ``成员/``): said, never silently
    skipped, because records there would otherwise simply not exist for the rules. Symlinks are not
    followed: a link to ``/`` must not send zhidu round the filesystem."""
    import difflib

    known = set(FOLDERS) | {"templates"}
    problems = []
    try:
        tops = sorted(e.name for e in os.scandir(root) if e.is_dir(follow_symlinks=False))
    except OSError:
        return problems
    linked = {os.path.realpath(os.path.join(root, name)) for name in known}   # members -> people/: read
    for name in tops:
        if name in known or name.startswith((".", "_")) or os.path.realpath(os.path.join(root, name)) in linked:
            continue
        files = []
        for folder, dirs, names in os.walk(os.path.join(root, name)):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            files += [os.path.join(folder, n) for n in sorted(names) if _yaml_name(n) and not n.startswith(".")]
        if any(os.path.basename(f) == CONFIG_FILE for f in files):
            continue      # a repository of its own (a street workspace's branch, a submodule): not stray records
        if files:
            close = difflib.get_close_matches(name.lower(), list(FOLDERS), n=1, cutoff=0.6)
            first = pathlib.PurePath(os.path.relpath(files[0], root)).as_posix()
            problems.append(Problem("SCH009", Location(first),
                                    {"folder": name, "count": len(files), "suggestion": close[0] if close else "",
                                     "known": ", ".join(FOLDERS)}, "suggest" if close else ""))
    return problems


def _read(path: str) -> bytes:
    """The bytes of a regular file. Opened without blocking and checked after opening, so a file
    swapped for a FIFO or a device after discovery cannot hang the run or stream forever."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        kind = special_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise _NotRegular(kind)
        return handle.read()


class _NotRegular(Exception):
    pass


def load_one(root: pathlib.Path, relpath: str, kind: str) -> LoadedFile:
    try:
        data = _read(os.path.join(root, relpath))
    except _NotRegular as special:
        problem = Problem(UNREAD, Location(relpath), unread_facts(relpath, detail=str(special)), "special")
        return LoadedFile(relpath, kind, None, (problem,), ())
    except OSError as error:
        problem = Problem("SCH001", Location(relpath), {"detail": error.strerror or str(error)}, "unreadable")
        return LoadedFile(relpath, kind, None, (problem,), ())
    node, problems = load_yaml(data, relpath)
    # a file without "zhidu:" has no suppression comment: not decoded a second time to find none
    found = suppressions(data.decode("utf-8-sig", errors="replace")) if b"zhidu:" in data else ()
    return LoadedFile(relpath, kind, node, tuple(problems), tuple(found))


def load_repository(root: pathlib.Path) -> list[LoadedFile]:
    """Every records file loaded, and every path not read as a file carrying its SCH010 problem,
    in path order."""
    found = survey(root)
    return [*(load_one(root, relpath, kind) for relpath, kind in found.files), *found.unread]
