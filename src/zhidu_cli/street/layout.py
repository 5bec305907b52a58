"""A street workspace: the ``branches:`` list of a street's ``zhidu.yaml``, read into targets.

A 街道党工委 keeps its own records repository (its own meetings, checked with its own profile, e.g.
``street-committee``) whose ``zhidu.yaml`` also lists the community branches it oversees::

    branches:
      - {id: nanyuan, path: branches/nanyuan}     # a subfolder
      - {id: jinxiu, path: jinxiu}                # or a git submodule

Each branch is a complete records repository of its own (its own ``zhidu.yaml``, profile, locale and
rules), so it can equally be checked alone. Every mistake in the list is a located CFG006 error (exit
2): checking with a branch silently missing would be worse than not checking.
"""

from __future__ import annotations

import os
import pathlib
import re
from dataclasses import dataclass

from zhidu_cli.diagnostics.finding import Location, Problem
from zhidu_cli.records.nodes import Mapping as MappingNode
from zhidu_cli.records.nodes import Node, Scalar, Sequence
from zhidu_cli.records.repository import CONFIG_FILE, FOLDERS, find_root
from zhidu_cli.records.yaml_loader import load_yaml
from zhidu_cli.rules.config import ConfigError

#: The id under which the street's own records are reported; no branch may take it.
STREET_ID = "street"

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Target:
    """One records repository a workspace command runs over: a branch, or the street's own records."""

    id: str
    root: pathlib.Path           # absolute
    display: str                 # the path as seen from where zhidu ran, for clickable locations
    is_street: bool = False
    path: str = "."              # relative to the street's root, as written in ``branches:``


@dataclass(frozen=True)
class Layout:
    root: pathlib.Path
    display: str
    branches: tuple[Target, ...]
    own_records: bool            # the street keeps records of its own (members/, meetings/ …)

    @property
    def street(self) -> Target:
        return Target(STREET_ID, self.root, self.display, is_street=True)

    def targets(self, only: str | None = None) -> tuple[Target, ...]:
        """The street's own records (when it has any) and every branch, or just the branch ``only``."""
        if only is not None:
            return tuple(t for t in (self.street, *self.branches) if t.id == only)
        return ((self.street,) if self.own_records else ()) + self.branches

    def ids(self) -> tuple[str, ...]:
        return ((STREET_ID,) if self.own_records else ()) + tuple(b.id for b in self.branches)


def _display(base: str, relative: str) -> str:
    base = base.replace("\\", "/").rstrip("/")
    return relative if base in ("", ".") else f"{base}/{relative}"


def read_layout(path: pathlib.Path, display: str | None = None) -> Layout | None:
    """The workspace whose ``zhidu.yaml`` is at or above ``path``, or ``None`` for a plain branch.

    Raises :class:`ConfigError` (CFG006, located) for a bad ``branches:`` list and
    :class:`~zhidu_cli.records.repository.NotARepository` when there is no ``zhidu.yaml`` at all.
    """
    root = find_root(pathlib.Path(path))
    config = root / CONFIG_FILE
    try:
        node, problems = load_yaml(config.read_bytes(), CONFIG_FILE)
    except OSError:
        return None
    if problems or not isinstance(node, MappingNode):
        return None          # the ordinary check reports a broken zhidu.yaml
    branches = node.get("branches")
    if branches is None:
        return None
    given = display if display is not None else str(path)
    shown = given if pathlib.Path(given).resolve() == root else os.path.relpath(root)
    found: list[Problem] = []
    targets = _targets(root, shown, branches, found)
    if found:
        raise ConfigError(found)
    own = any((root / folder).is_dir() for folder in FOLDERS)
    return Layout(root, shown, tuple(targets), own)


def _problem(node: Node, variant: str = "", **facts) -> Problem:
    return Problem("CFG006", Location(CONFIG_FILE, node.line, node.column), facts, variant)


def _targets(root: pathlib.Path, shown: str, node: Node, found: list[Problem]) -> list[Target]:
    if not isinstance(node, Sequence):
        found.append(_problem(node, detail_zh="branches 应为列表", detail_en="branches must be a list"))
        return []
    targets: list[Target] = []
    seen: dict[str, Node] = {}
    for item in node.items:
        if not isinstance(item, MappingNode):
            found.append(_problem(item, detail_zh="每项应为含 id 和 path 的映射",
                                  detail_en="each entry must be a mapping with id and path"))
            continue
        id_node, path_node = item.get("id"), item.get("path")
        extra = [k for k, _ in item.pairs if k.value not in ("id", "path", "name")]
        for key in extra:
            found.append(_problem(key, detail_zh=f"未知的键 {key.value}（只能写 id、path、name）",
                                  detail_en=f"unknown key {key.value} (id, path and name only)"))
        if not isinstance(id_node, Scalar) or id_node.null:
            found.append(_problem(id_node or item, detail_zh="缺少 id", detail_en="id is missing"))
            continue
        branch_id = id_node.value.strip()
        if not _ID.match(branch_id) or branch_id == STREET_ID:
            found.append(_problem(id_node, detail_zh=f"id “{branch_id}” 只能用小写字母、数字和连字符，且不能是 {STREET_ID}",
                                  detail_en=f"id “{branch_id}” must be lower-case letters, digits and hyphens, "
                                            f"and not {STREET_ID}"))
            continue
        if branch_id in seen:
            found.append(_problem(id_node, "duplicate", id=branch_id))
            continue
        seen[branch_id] = id_node
        if not isinstance(path_node, Scalar) or path_node.null or not path_node.value.strip():
            found.append(_problem(path_node or item, detail_zh=f"支部 {branch_id} 缺少 path",
                                  detail_en=f"branch {branch_id} has no path"))
            continue
        relative = path_node.value.strip().rstrip("/")
        pure = pathlib.PurePosixPath(relative)
        if pure.is_absolute() or ".." in pure.parts or relative in (".", ""):
            found.append(_problem(path_node, detail_zh=f"path “{relative}” 须是工作区内的子目录",
                                  detail_en=f"path “{relative}” must be a folder inside the workspace"))
            continue
        folder = root / pure
        try:
            if not folder.is_dir():
                found.append(_problem(path_node, "missing", id=branch_id, path=relative))
                continue
            if not (folder / CONFIG_FILE).is_file():
                empty = not any(folder.iterdir())
                gitmodules = root / ".gitmodules"
                submodule = empty or (gitmodules.is_file() and relative in gitmodules.read_text("utf-8", "replace"))
                found.append(_problem(path_node, "submodule" if submodule else "not-a-repository",
                                      id=branch_id, path=relative))
                continue
        except OSError as error:       # a folder zhidu may not enter is said, never silently dropped
            reason = error.strerror or str(error)
            found.append(_problem(path_node, detail_zh=f"支部 {branch_id} 的目录 {relative} 无法读取：{reason}",
                                  detail_en=f"branch {branch_id}: cannot read {relative}: {reason}"))
            continue
        targets.append(Target(branch_id, folder.resolve(), _display(shown, relative), path=pure.as_posix()))
    return targets
