"""Positioned YAML nodes → model records, reporting every schema problem with its location.

Driven entirely by the field specs on the model classes (:mod:`zhidu_cli.model.records`). A record
with a missing or invalid *required* field is dropped after its problems are reported (rules may then
rely on required fields being present); an invalid optional field is simply left out.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
from typing import Any

from zhidu_cli.diagnostics.finding import Location, Problem, Severity
from zhidu_cli.model.fields import FieldSpec, Invalid, Kind, record_fields, yaml_key
from zhidu_cli.records.nodes import Mapping, Node, Scalar, Sequence

_BAD = object()   # a value that was reported and must not reach the record

# full-width digits, point, minus and colon (U+FF10–FF19, FF0E, FF0D, FF1A), typed by Chinese input methods
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－：", "0123456789.-:")
_NUMERIC = frozenset({"date", "month", "time", "integer", "number", "money"})


def _written(node: Node) -> int:
    """How many items a list value was written with (one for a single value standing for a list)."""
    return len(node.items) if isinstance(node, Sequence) else 1

_SHAPES = {Mapping: "mapping", Sequence: "sequence", Scalar: "scalar"}
SHAPES_ZH = {"mapping": "映射（键: 值）", "sequence": "列表", "scalar": "单个值"}


def shape_of(node: Node) -> str:
    return _SHAPES[type(node)]


@functools.cache
def _fields_by_key(cls: type) -> dict[str, tuple[dataclasses.Field, FieldSpec]]:
    return {yaml_key(f): (f, s) for f, s in record_fields(cls)}


def shorthand(cls: type) -> str | None:
    """A record that may be written as a bare scalar names the field it stands for (``group: g1``)."""
    return getattr(cls, "SHORTHAND", None)


class RecordBuilder:
    """Builds records of one file, collecting problems (never raising)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def at(self, node: Node) -> Location:
        return Location(self.path, node.line, node.column)

    def report(self, code: str, node: Node, variant: str = "", severity: Severity | None = None, **facts: Any) -> None:
        if code == "SCH006":      # the shape words, in Chinese for the Chinese message
            facts.update(expected_zh=SHAPES_ZH[facts["expected"]], found_zh=SHAPES_ZH[facts["found"]])
        self.problems.append(Problem(code, self.at(node), facts, variant, severity))

    def record(self, cls: type, node: Node, *, ignore: frozenset[str] = frozenset(), name: str = "") -> Any:
        """Build ``cls`` from a mapping node; ``None`` when it cannot stand."""
        if isinstance(node, Scalar) and not node.null and shorthand(cls):
            node = Mapping(((Scalar(shorthand(cls), node.line, node.column), node),), node.line, node.column)
        if not isinstance(node, Mapping):
            self.report("SCH006", node, field=name or cls.__name__, expected="mapping", found=shape_of(node))
            return None
        fields = _fields_by_key(cls)
        values: dict[str, Any] = {}
        locs: dict[str, int | tuple[int, ...]] = {}
        invalid: set[str] = set()             # written but refused: already reported, no SCH004 too
        suggested: set[str] = set()           # fields an unknown key was taken for (SCH005): no SCH004 too
        refused: set[str] = set()             # written but not wholly read (a list item dropped, too)
        broken = False
        for key_node, value_node in node.pairs:
            key = key_node.value
            if key in ignore:
                continue
            entry = fields.get(key)
            if entry is None:
                close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
                self.report("SCH005", key_node, "suggest" if close else "", key=key,
                            suggestion=close[0] if close else "", allowed=", ".join(fields))
                suggested.update(close)
                continue
            field, field_spec = entry
            locs[field.name] = (key_node.line << 32) | key_node.column      # see Record.where
            kind = field_spec.kind
            if value_node.__class__ is Scalar:
                if value_node.null:
                    continue                  # an empty value is the same as an absent one
                if kind.__class__ is Kind and value_node.value.isascii():   # the usual field, inline; a
                    try:                                                        # refused value is reported below
                        values[field.name] = kind.parse(value_node.value)
                        continue
                    except Invalid:
                        pass
            elif field_spec.required and value_node.__class__ is Sequence and not value_node.items:
                self.report("SCH007", value_node, "empty-list", field=key, value="[]")   # ``type: []``
                invalid.add(field.name)
                broken = True
                continue
            value = self.value(kind, value_node, field_spec, key)
            if isinstance(value_node, Sequence) and isinstance(value, tuple) and len(value) == len(value_node.items):
                locs[field.name + "[]"] = tuple([(item.line << 32) | item.column     # ``where("attendees", 2)``
                                                 for item in value_node.items])
            if value is _BAD:
                invalid.add(field.name)
                refused.add(field.name)
                broken = broken or field_spec.required
            else:
                values[field.name] = value
                if isinstance(value, tuple) and len(value) < _written(value_node):
                    refused.add(field.name)
        for key, (field, field_spec) in fields.items():
            if field_spec.required and field.name not in values and field.name not in invalid:
                if key not in suggested:          # a misspelt key (``dat:``) is one mistake: SCH005 says so
                    self.report("SCH004", node, field=key, record=cls.__name__)
                broken = True
        if broken:
            return None
        return cls(**values, loc=self.at(node), locs=locs, refused=frozenset(refused))

    def value(self, kind: Any, node: Node, field_spec: FieldSpec, key: str) -> Any:
        if isinstance(kind, list):
            items: tuple[Node, ...]
            if isinstance(node, Sequence):
                items = node.items
            elif field_spec.many_or_one:
                items = (node,)
            else:
                self.report("SCH006", node, field=key, expected="sequence", found=shape_of(node))
                return _BAD
            inner = kind[0]
            if inner.__class__ is Kind:       # a list of scalars (attendees, months): thousands of items
                parse, out = inner.parse, []
                for item in items:
                    if item.__class__ is Scalar and not item.null and item.value.isascii():
                        try:
                            out.append(parse(item.value))
                            continue
                        except Invalid:
                            pass
                    value = self.scalar(inner, item, key)      # reports what it refuses
                    if value is not _BAD:
                        out.append(value)
                return tuple(out)
            built = [self.value(inner, item, field_spec, key) for item in items]
            return tuple(v for v in built if v is not _BAD)
        if isinstance(kind, type):
            built = self.record(kind, node, name=key)
            return _BAD if built is None else built
        return self.scalar(kind, node, key)

    def scalar(self, kind: Kind, node: Node, key: str) -> Any:
        if not isinstance(node, Scalar):
            self.report("SCH006", node, field=key, expected="scalar", found=shape_of(node))
            return _BAD
        if node.null:
            self.report("SCH007", node, "empty", field=key, value="")
            return _BAD
        ascii_text = node.value.translate(_FULLWIDTH) if kind.name in _NUMERIC else node.value
        if ascii_text != node.value:
            try:
                value = kind.parse(ascii_text)
            except Invalid:
                pass
            else:         # full-width digits (a Chinese input method): read as the digits they are, and say so
                self.report("SCH007", node, "fullwidth", Severity.WARNING, field=key, value=node.value,
                            ascii=ascii_text)
                return value
        try:
            return kind.parse(node.value)
        except Invalid as invalid:
            code = "SCH008" if invalid.variant == "enum" else "SCH007"
            variant = ("suggest" if invalid.facts.get("suggestion") else "") if code == "SCH008" else invalid.variant
            self.report(code, node, variant, field=key, **invalid.facts)
            return _BAD


def build(cls: type, node: Node, path: str, *, ignore: frozenset[str] = frozenset()) -> tuple[Any, list[Problem]]:
    """Build one top-level record; returns (record or None, problems)."""
    builder = RecordBuilder(path)
    return builder.record(cls, node, ignore=ignore), builder.problems
