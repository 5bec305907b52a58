"""Positioned YAML nodes → model records, reporting every schema problem with its location.

Driven entirely by the field specs on the model classes (:mod:`zhidu_cli.model.records`). A record
with a missing or invalid *required* field is dropped after its problems are reported (rules may then
rely on required fields being present); an invalid optional field is simply left out.
"""

from __future__ import annotations

import dataclasses
import difflib
from array import array
import functools
from typing import Any

from zhidu_cli.diagnostics.finding import Location, Problem, Severity
from zhidu_cli.model.fields import FieldSpec, Invalid, Kind, record_fields, yaml_key
from zhidu_cli.model.records import Positions
from zhidu_cli.records.nodes import Mapping, Node, Scalar, Sequence

_BAD = object()   # a value that was reported and must not reach the record

# full-width digits, point, minus and colon (U+FF10–FF19, FF0E, FF0D, FF1A), typed by Chinese input methods
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－：", "0123456789.-:")
_NUMERIC = frozenset({"date", "month", "time", "integer", "number", "money"})


_SHAPES = {Mapping: "mapping", Sequence: "sequence", Scalar: "scalar"}
SHAPES_ZH = {"mapping": "映射（键: 值）", "sequence": "列表", "scalar": "单个值"}


def shape_of(node: Node) -> str:
    return _SHAPES[type(node)]


@functools.cache
def _fields_by_key(cls: type) -> dict[str, tuple[dataclasses.Field, FieldSpec]]:
    return {yaml_key(f): (f, s) for f, s in record_fields(cls)}


@functools.cache
def _plan(cls: type) -> tuple[dict[str, tuple], tuple[tuple[str, str], ...]]:
    """What :meth:`RecordBuilder.record` needs of a class, flattened once: YAML key → (field name, kind,
    spec, required, whether the kind is a plain scalar kind, the name its list items' positions go under),
    and the (key, field name) of its required fields. Why: the builder runs for every mapping of a street
    office's records (hundreds of thousands), and attribute lookups on specs were a third of its time."""
    fields = {key: (field.name, s.kind, s, s.required, _plain(s.kind), field.name + "[]")
              for key, (field, s) in _fields_by_key(cls).items()}
    return fields, tuple((key, entry[0]) for key, entry in fields.items() if entry[3])


def _plain(kind: Any) -> int:
    """Whether a scalar kind may parse a value's text as written: 2 for any text, 1 for ASCII text only
    (a numeric kind reads full-width digits too, through :meth:`RecordBuilder.scalar`, which says so), 0
    for a list or a record."""
    if kind.__class__ is not Kind:
        return 0
    return 1 if kind.name in _NUMERIC else 2


_NOTHING_REFUSED: frozenset[str] = frozenset()   # shared: most records refuse nothing (one set each was 20% of the model)


def shorthand(cls: type) -> str | None:
    """A record that may be written as a bare scalar names the field it stands for (``group: g1``)."""
    return getattr(cls, "SHORTHAND", None)


class RecordBuilder:
    """Builds records of one file, collecting problems (never raising)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.written: dict[str, Any] = {}     # what the file said of the fields ``values`` replaced

    def at(self, node: Node) -> Location:
        return Location(self.path, node.line, node.column)

    def report(self, code: str, node: Node, variant: str = "", severity: Severity | None = None, **facts: Any) -> None:
        if code == "SCH006":      # the shape words, in Chinese for the Chinese message
            facts.update(expected_zh=SHAPES_ZH[facts["expected"]], found_zh=SHAPES_ZH[facts["found"]])
        self.problems.append(Problem(code, self.at(node), facts, variant, severity))

    def record(self, cls: type, node: Node, *, ignore: frozenset[str] = frozenset(), name: str = "",
               values: dict[str, Any] | None = None) -> Any:
        """Build ``cls`` from a mapping node; ``None`` when it cannot stand. ``values`` given are set over
        what the file says (the file name's id), after every field is read and reported."""
        if node.__class__ is Scalar and not node.null and shorthand(cls):
            node = Mapping(((Scalar(shorthand(cls), node.line, node.column), node),), node.line, node.column)
        if node.__class__ is not Mapping:
            self.report("SCH006", node, field=name or cls.__name__, expected="mapping", found=shape_of(node))
            return None
        fields, required = _plan(cls)
        built: dict[str, Any] = {}
        names: list[str] = []                 # the record's Positions: which fields, and where
        packed: list[int] = []
        invalid: list[str] = []               # written but refused: already reported, no SCH004 too
        suggested: set[str] = set()           # fields an unknown key was taken for (SCH005): no SCH004 too
        refused: list[str] = []               # written but not wholly read (a list item dropped, too)
        broken = False
        for key_node, value_node in node[0]:
            key = key_node[0]
            entry = fields.get(key)
            if entry is None or key in ignore:
                if key in ignore:
                    continue
                close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
                self.report("SCH005", key_node, "suggest" if close else "", key=key,
                            suggestion=close[0] if close else "", allowed=", ".join(fields))
                suggested.update(close)
                continue
            field_name, kind, field_spec, is_required, plain, items_name = entry
            names.append(field_name)
            packed.append((key_node[1] << 32) | key_node[2])      # see Record.where
            value_class = value_node.__class__
            if value_class is Scalar:
                if value_node[4]:
                    continue                  # an empty value is the same as an absent one
                if plain == 2 or (plain and value_node[0].isascii()):   # the usual field, inline; a refused
                    try:                                                       # value is reported below
                        built[field_name] = kind.parse(value_node[0])
                        continue
                    except Invalid:
                        pass
            elif is_required and value_class is Sequence and not value_node[0]:
                self.report("SCH007", value_node, "empty-list", field=key, value="[]")   # ``type: []``
                invalid.append(field_name)
                broken = True
                continue
            value = self.value(kind, value_node, field_spec, key)
            if value is _BAD:
                invalid.append(field_name)
                refused.append(field_name)
                broken = broken or is_required
                continue
            if value_class is Sequence and value.__class__ is tuple and len(value) == len(value_node[0]):
                names.append(items_name)                                                  # where("attendees", 2)
                packed.append(len(value_node[0]))
                packed.extend([(item[1] << 32) | item[2] for item in value_node[0]])
            built[field_name] = value
            if value.__class__ is tuple and len(value) < (len(value_node[0]) if value_class is Sequence else 1):
                refused.append(field_name)
        for key, field_name in required:
            if field_name not in built and field_name not in invalid:
                if key not in suggested:          # a misspelt key (``dat:``) is one mistake: SCH005 says so
                    self.report("SCH004", node, field=key, record=cls.__name__)
                broken = True
        if broken:
            return None
        if values:
            self.written = {name: built.get(name) for name in values}
            built.update(values)
        return cls(**built, loc=Location(self.path, node[1], node[2]), locs=Positions(tuple(names), array("q", packed)),
                   refused=frozenset(refused) if refused else _NOTHING_REFUSED)

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
            plain = _plain(inner)
            if plain:                         # a list of scalars (attendees, months): thousands of items
                parse, out = inner.parse, []
                for item in items:
                    if item.__class__ is Scalar and not item[4] and (plain == 2 or item[0].isascii()):
                        try:
                            out.append(parse(item[0]))
                            continue
                        except Invalid:
                            pass
                    value = self.scalar(inner, item, key)      # reports what it refuses
                    if value is not _BAD:
                        out.append(value)
                return tuple(out)
            if isinstance(inner, type):       # a list of records (payments, history): straight to record()
                record = self.record
                built = [record(inner, item, name=key) for item in items]
                return tuple([v for v in built if v is not None])
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


def build(cls: type, node: Node, path: str, *, ignore: frozenset[str] = frozenset(),
          values: dict[str, Any] | None = None) -> tuple[Any, list[Problem]]:
    """Build one top-level record; returns (record or None, problems). ``values``: see RecordBuilder.record."""
    builder = RecordBuilder(path)
    return builder.record(cls, node, ignore=ignore, values=values), builder.problems
