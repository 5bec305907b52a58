"""The finding: one located, cited statement about the records.

Findings are frozen values so a report can be sorted, deduplicated and cached; equality covers the
message too (yamllint's problems famously did not).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Mapping


class Severity(enum.IntEnum):
    """Ordered so that ``--fail-on warning`` means "warning or worse"."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def letter(self) -> str:
        return self.name[0]

    @classmethod
    def parse(cls, text: str) -> "Severity":
        aliases = {"e": "error", "w": "warning", "i": "info", "warn": "warning", "错误": "error",
                   "警告": "warning", "提示": "info"}
        key = aliases.get(text.strip().lower(), text.strip().lower())
        try:
            return cls[key.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}: use error, warning or info") from None


@dataclass(frozen=True, order=True, slots=True)   # slots: the model keeps one per field, millions in all
class Location:
    """A place in the records repository: path relative to the repository root, 1-based line/column.

    ``line == 0`` means "the file as a whole" (a missing file, an empty file).
    """

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    location: Location
    citation: str = ""
    name: str = ""
    hint: str = ""
    related: tuple[Location, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    fingerprint: str = field(default="", compare=False)   # stable id across runs, see diagnostics.baseline

    @property
    def sort_key(self) -> tuple:
        # Findings at one place (the cadence ones all stand at zhidu.yaml) go in period order: sorted
        # by message text, 2025年10月 came before 2025年1月 and 第三季度 before 第二季度.
        period = str(self.facts.get("period_start", "")) if self.facts else ""
        return (self.location.path, self.location.line, self.location.column, self.code, period, self.message)


@dataclass(frozen=True)
class Problem:
    """What a loader stage or a rule yields: a code, a place and the facts behind it.

    The engine turns a problem into a :class:`Finding` by stamping severity, citation and the message
    from the catalogue (``code`` + ``variant``, formatted with ``facts``) in the report's language.
    Keeping messages out of the rules keeps them pure and lets one run speak Chinese or English.
    """

    code: str
    location: Location
    facts: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    variant: str = ""
    severity: Severity | None = None
    related: tuple[Location, ...] = ()
