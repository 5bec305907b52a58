"""Find and parse every file of a records repository.

The output, :class:`LoadedFile`, is plain frozen data (nodes, problems, suppressions) keyed by path, so
a later parse cache can store it as it is. Nothing here interprets what the files mean.
"""

from __future__ import annotations

import pathlib
from dataclasses import dataclass

from zhidu_cli.diagnostics.finding import Problem
from zhidu_cli.records.nodes import Node
from zhidu_cli.records.root import CONFIG_FILE, NotARepository, find_root  # noqa: F401  (re-exported)
from zhidu_cli.records.yaml_loader import Suppression, load_yaml, suppressions

CALENDAR_FILE = "calendar.yaml"

# folder → (record kind, whether sub-folders are searched)
FOLDERS = {
    "members": ("member", False),
    "meetings": ("meeting", True),
    "decisions": ("decision", True),
    "dues": ("ledger", False),
}


@dataclass(frozen=True)
class LoadedFile:
    path: str                      # relative to the repository root, with forward slashes
    kind: str                      # "config", "calendar", "member", "meeting", "decision", "ledger"
    node: Node | None
    problems: tuple[Problem, ...]
    suppressions: tuple[Suppression, ...]


def discover(root: pathlib.Path) -> list[tuple[str, str]]:
    """Every records file as (relative path, kind), in a stable order."""
    found: list[tuple[str, str]] = [(CONFIG_FILE, "config")]
    if (root / CALENDAR_FILE).is_file():
        found.append((CALENDAR_FILE, "calendar"))
    for folder, (kind, recursive) in FOLDERS.items():
        base = root / folder
        if not base.is_dir():
            continue
        pattern = "**/*" if recursive else "*"
        paths = sorted(p for p in base.glob(pattern) if p.suffix in (".yaml", ".yml") and p.is_file())
        found.extend((p.relative_to(root).as_posix(), kind) for p in paths)
    return found


def stray_folders(root: pathlib.Path) -> list[Problem]:
    """Top-level folders holding YAML that zhidu does not read (``Members/``, ``成员/``): said, never silently
    skipped, because records there would otherwise simply not exist for the rules."""
    import difflib

    from zhidu_cli.diagnostics.finding import Location

    known = set(FOLDERS) | {"templates"}
    problems = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name in known or folder.name.startswith((".", "_")):
            continue
        files = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        if files:
            close = difflib.get_close_matches(folder.name.lower(), list(FOLDERS), n=1, cutoff=0.6)
            problems.append(Problem("SCH009", Location(files[0].relative_to(root).as_posix()),
                                    {"folder": folder.name, "count": len(files), "suggestion": close[0] if close else "",
                                     "known": ", ".join(FOLDERS)}, "suggest" if close else ""))
    return problems


def load_one(root: pathlib.Path, relpath: str, kind: str) -> LoadedFile:
    try:
        data = (root / relpath).read_bytes()
    except OSError as error:
        from zhidu_cli.diagnostics.finding import Location

        problem = Problem("SCH001", Location(relpath), {"detail": error.strerror or str(error)}, "unreadable")
        return LoadedFile(relpath, kind, None, (problem,), ())
    node, problems = load_yaml(data, relpath)
    text = data.decode("utf-8-sig", errors="replace")
    return LoadedFile(relpath, kind, node, tuple(problems), tuple(suppressions(text)))


def load_repository(root: pathlib.Path) -> list[LoadedFile]:
    return [load_one(root, relpath, kind) for relpath, kind in discover(root)]
