"""Positioned YAML nodes: the loader's output.

Plain, frozen, picklable values (so a parse cache can store them) that keep every value's line and
column. Scalars stay text: YAML 1.1 would turn ``no`` into False, ``0123`` into 83, ``1:30`` into 90
and ``12.50`` into a float; the schema converts text explicitly instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True, slots=True)
class Scalar:
    value: str
    line: int
    column: int
    quoted: bool = False      # written with quotes: never null, always text
    null: bool = False        # written as ~, null, or nothing at all


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple["Node", ...]
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Mapping:
    """Keys in file order; duplicate keys never reach here (the loader reports them)."""

    pairs: tuple[tuple[Scalar, "Node"], ...]
    line: int
    column: int

    def get(self, key: str) -> "Node | None":
        for k, v in self.pairs:
            if k.value == key:
                return v
        return None

    def keys(self) -> list[str]:
        return [k.value for k, _ in self.pairs]


Node = Union[Scalar, Sequence, Mapping]
