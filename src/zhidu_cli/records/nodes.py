"""Positioned YAML nodes: the loader's output.

Plain immutable values that keep every value's line and column. Scalars stay text: YAML 1.1 would
turn ``no`` into False, ``0123`` into 83, ``1:30`` into 90 and ``12.50`` into a float; the schema
converts text explicitly instead.

Why named tuples: a street office's records are millions of nodes, built by the loader and again by
the parse cache. A tuple is built in one C call (``tuple.__new__(Scalar, (…))`` in the hot loops) and
read through C attribute getters, with no per-object dict; a frozen dataclass costs a Python
``__init__`` with a ``object.__setattr__`` per field. Equality also compares the node kind, so an
empty mapping never equals an empty sequence at the same place.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Union


class _Node:
    """Mixin: equality and hashing by kind and content, as for the dataclasses these replaced."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple.__hash__(self)))


class Scalar(_Node, namedtuple("Scalar", "value line column quoted null", defaults=(False, False))):
    """``value`` is the source text; ``quoted``: written with quotes (never null, always text);
    ``null``: written as ~, null, or nothing at all."""

    __slots__ = ()
    value: str
    line: int
    column: int
    quoted: bool
    null: bool


class Sequence(_Node, namedtuple("Sequence", "items line column")):
    __slots__ = ()
    items: tuple["Node", ...]
    line: int
    column: int


class Mapping(_Node, namedtuple("Mapping", "pairs line column")):
    """Keys in file order; duplicate keys never reach here (the loader reports them)."""

    __slots__ = ()
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
