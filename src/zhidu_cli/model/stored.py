"""Built records to and from the parse cache's JSON: an unchanged file is neither parsed nor built again.

Why the model and not the nodes: a file's records are a pure function of its nodes and its path, and a
record is a few fields where its nodes are dozens of positioned tuples; rebuilding records straight from
the stored texts costs a fraction of decoding the nodes and walking them again.

How it stays exact. Every field value is stored as a text that the field's own kind parses back
(``2025-03-15``, ``45.00``, an enum's id …), and is rebuilt by that same parse, which also validates it;
:func:`encode` stores a file only when every value round-trips to an identical value (a Decimal with its
exponent), so what comes back is what the builder made. A field holding its default object is left out
(the constructor supplies the very same object). The record is rebuilt through its constructor, so a
derived field (a tally counted from ballots) is stored as derived and passed back as given. Positions
(``loc``, ``locs``) and ``refused`` are stored as they are. Anything unexpected on the way back raises
:class:`~zhidu_cli.cache.Corrupt`, and the file is parsed again.

Payload: ``[record, problems, written id]``; a record is ``[line, column, [position names, packed
positions], refused, {field: value}]``;
a problem ``[code, variant, line, column, facts, severity or null]``.
"""

from __future__ import annotations

import functools
import sys
import operator
from array import array
from decimal import Decimal
from typing import Any

from zhidu_cli.cache import Corrupt
from zhidu_cli.diagnostics.finding import Location, Problem, Severity
from zhidu_cli.model.build import _NOTHING_REFUSED
from zhidu_cli.model.fields import TEXT, Invalid, Kind, _parse_text, record_fields
from zhidu_cli.model.records import Positions

_FACT_TYPES = (str, int, bool, type(None))
_NO_POSITIONS = Positions((), array("q"))
_SEVERITIES = {int(s): s for s in Severity}
_ONLY_TEXT = {str}


class _Unstorable(Exception):
    """A value that would not come back identical: the file is cached as nodes instead."""


# How a field's value is stored: as the text it is (texts, times, enum ids), as a date's ISO text, as a
# text checked to parse back identically (numbers, money, months, booleans), or as records.
_TEXT, _DATE, _CHECKED, _TEXTS, _OTHER_TEXTS, _RECORD, _RECORDS = range(7)


def _mode(kind: Any) -> tuple[int, Any]:
    if kind.__class__ is Kind:
        if kind.name == "date":
            return _DATE, kind
        return (_TEXT if kind.name in ("text", "time") or kind.name.startswith("enum:") else _CHECKED), kind
    if kind.__class__ is list:
        inner = kind[0]
        if inner.__class__ is Kind:
            return (_TEXTS if _mode(inner)[0] == _TEXT else _OTHER_TEXTS), inner
        return _RECORDS, inner
    return _RECORD, kind


@functools.cache
def _plan(cls: type) -> tuple[tuple[tuple[str, int, Any, Any], ...], dict[str, tuple[int, Any]], frozenset[str],
                              Any]:
    """A record class's fields as (name, mode, kind, default), by name, the names of its required fields
    (the builder never leaves one out: a record lacking one is not built at all), and a getter of all
    their values at once (one C call per record, not one ``getattr`` per field)."""
    fields = tuple((field.name, *_mode(spec.kind), field.default) for field, spec in record_fields(cls))
    return (fields, {name: (mode, kind) for name, mode, kind, _ in fields},
            frozenset(field.name for field, spec in record_fields(cls) if spec.required),
            operator.attrgetter(*(name for name, *_ in fields)) if len(fields) > 1
            else lambda record: tuple(getattr(record, name) for name, *_ in fields))


def _text(kind: Kind, value: Any) -> str:
    """The text ``kind`` parses back into ``value`` exactly (a Decimal with its exponent), or :class:`_Unstorable`."""
    text = ("true" if value else "false") if value.__class__ is bool else str(value)
    back = kind.parse(text)
    if back != value or back.__class__ is not value.__class__ or str(back) != str(value):
        raise _Unstorable(text)
    return text


def _record(record: Any) -> list:
    return _encoder(record.__class__)(record)


@functools.cache
def _encoder(cls: type) -> Any:
    """``cls``'s record as JSON-ready lists: ``[line, column, [position names, packed positions], refused,
    {field: value}]``, each field's value stored as its mode says and a field holding its default left out.

    Why generated: a street office stores millions of records, and one straight-line function per class
    (as ``dataclasses`` writes ``__init__``) takes half the time of a loop over the fields that tells
    the modes apart for every value.
    """
    fields, _, _, _ = _plan(cls)
    scope: dict[str, Any] = {"_text": _text, "_record": _record, "Positions": Positions,
                             "_NO_POSITIONS": _NO_POSITIONS, "_Unstorable": _Unstorable}
    lines = ["def encode(record):", "    values = {}"]
    for index, (name, mode, kind, default) in enumerate(fields):
        scope[f"default_{index}"], scope[f"kind_{index}"] = default, kind
        if mode == _TEXT:
            stored = "value"
        elif mode == _TEXTS:                     # lists only, as JSON gives them back: an entry may also
            stored = "list(value)"               # come straight from a helper child (records.parse_cache)
        elif mode == _DATE:
            stored = "value.isoformat()"
        elif mode == _RECORDS:
            stored = "[_record(item) for item in value]"
        elif mode == _RECORD:
            stored = "_record(value)"
        elif mode == _CHECKED:
            stored = f"_text(kind_{index}, value)"
        elif kind.name == "date":
            stored = "[item.isoformat() for item in value]"
        else:
            stored = f"[_text(kind_{index}, item) for item in value]"
        lines += [f"    value = record.{name}",
                  f"    if value is not default_{index}:",
                  f"        values[{name!r}] = {stored}"]
    lines += ["    locs = record.locs",
              "    if locs.__class__ is not Positions:",
              "        if locs:",
              "            raise _Unstorable('positions')",
              "        locs = _NO_POSITIONS",
              "    refused = record.refused",
              "    return [record.loc.line, record.loc.column, [list(locs.names), locs.packed.tolist()],",
              "            sorted(refused) if refused else [], values]"]
    exec("\n".join(lines), scope)
    return scope["encode"]


def encode(record: Any, problems: list[Problem], written_id: str | None) -> list | None:
    """A built file as JSON-ready lists, or None when some part would not come back identical."""
    stored_problems = []
    for p in problems:
        if p.location.path != record.loc.path or p.related or not all(type(k) is str and type(v) in _FACT_TYPES for k, v in p.facts.items()):
            return None
        stored_problems.append([p.code, p.variant, p.location.line, p.location.column, dict(p.facts),
                                None if p.severity is None else int(p.severity)])
    try:
        return [_record(record), stored_problems, written_id]
    except (_Unstorable, Invalid):
        return None


def _int(value: Any) -> int:
    if value.__class__ is not int:
        raise Corrupt("int")
    return value


def _parse(kind: Kind, text: Any) -> Any:
    if text.__class__ is not str:
        raise Corrupt("text")
    try:
        return kind.parse(text)
    except Invalid:
        raise Corrupt("value") from None


@functools.cache
def _decoding(cls: type) -> tuple[dict[str, tuple[int, Any, Any]], frozenset[str]]:
    """A record class's fields by name as (mode, kind, its parse), and its required fields' names."""
    fields, _, required, _ = _plan(cls)
    return {name: (mode, kind, kind.parse if kind.__class__ is Kind else None)
            for name, mode, kind, _ in fields}, required


def _rebuild(cls: type, item: Any, path: str) -> Any:
    """One stored record back, every part checked. Why so flat: it runs once per stored record (25,000
    at 300 members, most of a warm load), so each check is written inline rather than called."""
    if item.__class__ is not list or len(item) != 5:
        raise Corrupt("record")
    line, column, locs, refused, stored = item
    if (line.__class__ is not int or column.__class__ is not int or locs.__class__ is not list or len(locs) != 2
            or refused.__class__ is not list or stored.__class__ is not dict):
        raise Corrupt("record parts")
    names, packed = locs
    if names.__class__ is not list or packed.__class__ is not list:
        raise Corrupt("record parts")
    try:
        positions = Positions.checked(tuple(names), array("q", packed))
    except (ValueError, TypeError, OverflowError):
        raise Corrupt("positions") from None
    if refused:
        for name in refused:
            if name.__class__ is not str:
                raise Corrupt("refused")
        refused = frozenset(refused)
    else:
        refused = _NOTHING_REFUSED
    fields, required = _decoding(cls)
    if not required <= stored.keys():
        raise Corrupt("required")
    values = {}
    for name, value in stored.items():
        entry = fields.get(name)
        if entry is None:
            raise Corrupt("field")
        mode, kind, parse = entry
        if mode <= _CHECKED:
            if value.__class__ is not str:
                raise Corrupt("text")
            try:
                values[name] = parse(value)
            except Invalid:
                raise Corrupt("value") from None
        elif value.__class__ is not list:
            raise Corrupt("list")
        elif mode == _RECORDS:
            values[name] = tuple([_rebuild(kind, record, path) for record in value])
        elif mode == _RECORD:
            values[name] = _rebuild(kind, value, path)
        elif kind is TEXT:                    # attendee lists, hundreds of ids a meeting: checked and interned in C
            if not set(map(type, value)) <= _ONLY_TEXT:
                raise Corrupt("text")
            values[name] = tuple(map(sys.intern if max(map(len, value), default=0) <= 40 else _parse_text, value))
        else:
            values[name] = tuple([_parse(kind, text) for text in value])
    values["loc"] = Location(path, line, column)
    values["locs"] = positions
    values["refused"] = refused
    return cls(**values)


def decode(cls: type, payload: Any, path: str) -> tuple[Any, list[Problem], str | None]:
    """(record, problems, written id) of :func:`encode`'s lists, every type and value checked."""
    if payload.__class__ is not list or len(payload) != 3:
        raise Corrupt("payload")
    stored, problems, written_id = payload
    if problems.__class__ is not list or (written_id is not None and written_id.__class__ is not str):
        raise Corrupt("parts")
    built = []
    for p in problems:
        if (p.__class__ is not list or len(p) != 6 or p[0].__class__ is not str or p[1].__class__ is not str
                or p[4].__class__ is not dict or not all(type(v) in _FACT_TYPES for v in p[4].values())
                or (p[5] is not None and (p[5].__class__ is not int or p[5] not in _SEVERITIES))):
            raise Corrupt("problem")
        built.append(Problem(p[0], Location(path, _int(p[2]), _int(p[3])), p[4], p[1],
                             None if p[5] is None else _SEVERITIES[p[5]]))
    return _rebuild(cls, stored, path), built, written_id
