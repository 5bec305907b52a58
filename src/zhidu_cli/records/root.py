"""Where a records repository starts: the folder holding ``zhidu.yaml`` (like git finds ``.git``).

Kept apart from the loader so that ``zhidu check`` can find the repository, and answer from its
result cache, without importing the YAML parser.
"""

from __future__ import annotations

import pathlib
import re

CONFIG_FILE = "zhidu.yaml"


class NotARepository(Exception):
    """No ``zhidu.yaml`` where one was expected: a usage error (exit 2), not a finding."""


def find_root(start: pathlib.Path) -> pathlib.Path:
    """Walk up from ``start`` to the folder holding ``zhidu.yaml`` (like git finds ``.git``)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise NotARepository(str(start))


def lists_branches(root: pathlib.Path) -> bool:
    """Whether ``root``'s zhidu.yaml has a top-level ``branches:`` key: a street workspace (docs/street.md).
    Read as text, so that a plain branch's ``zhidu check`` tells without importing the street package."""
    try:
        text = (root / CONFIG_FILE).read_text("utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^branches[ \t]*:", text, re.M) is not None
