"""Field kinds: how one YAML value becomes one typed model value.

The model's dataclasses declare each field with :func:`spec` (kind, required, private, doc, YAML key);
that one declaration drives conversion (:mod:`zhidu_cli.model.build`), the reference docs, and later
the editor JSON Schema. Every kind reads the scalar's *text* and converts it explicitly, so YAML 1.1's
guesses (``no`` → False, ``0123`` → 83, ``1:30`` → 90) can never change a record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from zhidu_cli.clock import YEARS  # noqa: F401  (the years a record may name)
from zhidu_cli.schedule.months import YearMonth

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_INT = re.compile(r"^(0|[1-9]\d*)$")


class Invalid(ValueError):
    """A value that does not fit its kind; ``variant`` picks the catalogue message."""

    def __init__(self, variant: str, **facts: Any) -> None:
        super().__init__(variant)
        self.variant = variant
        self.facts = facts


@dataclass(frozen=True)
class Kind:
    """A scalar kind: ``parse`` turns text into a value or raises :class:`Invalid`."""

    name: str                       # shown in docs: "date", "month", "text" …
    parse: Callable[[str], Any]
    doc_zh: str = ""
    example: str = ""
    vocabulary: Vocabulary | None = dataclasses.field(default=None, compare=False, repr=False)  # enum kinds


def _parse_text(text: str) -> str:
    # Short texts are ids, names and places, repeated in every meeting's attendee list and every
    # ledger: one string object each, however often they recur (a street office's attendee lists
    # alone name members several hundred thousand times).
    return sys.intern(text) if len(text) <= 40 else text


# The same few texts recur hundreds of thousands of times at street-office scale (a ledger's payment
# dates and amounts, meeting dates), and their values are immutable: parse each text once.
_remembered = functools.lru_cache(maxsize=4096)


@_remembered
def _parse_date(text: str) -> dt.date:
    m = _DATE.fullmatch(text)
    if not m:
        raise Invalid("date", value=text)
    if int(m.group(1)) not in YEARS:
        raise Invalid("year", value=text)
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise Invalid("no-such-date", value=text) from None


@_remembered
def _parse_month(text: str) -> YearMonth:
    try:
        month = YearMonth.parse(text)
    except ValueError:
        raise Invalid("month", value=text) from None
    if month.year not in YEARS:
        raise Invalid("year", value=text)
    return month


def _parse_time(text: str) -> str:
    if not _TIME.fullmatch(text):
        raise Invalid("time", value=text)
    return text


def _parse_int(text: str) -> int:
    if not _INT.fullmatch(text):
        raise Invalid("int", value=text)
    return int(text)


def _parse_decimal(text: str) -> Decimal:
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise Invalid("number", value=text)
    return Decimal(text)


@_remembered
def _parse_money(text: str) -> Decimal:
    from zhidu_cli.dues.money import MoneyError, parse_money

    try:
        return parse_money(text)
    except MoneyError as error:
        raise Invalid("money-" + error.reason, value=text) from None


_TRUE = {"true", "yes", "是", "有"}
_FALSE = {"false", "no", "否", "无"}


def _parse_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise Invalid("bool", value=text)


TEXT = Kind("text", _parse_text, "文本", "王五")
DATE = Kind("date", _parse_date, "日期 YYYY-MM-DD", "2025-03-15")
MONTH = Kind("month", _parse_month, "月份 YYYY-MM", "2025-03")
TIME = Kind("time", _parse_time, "时刻 HH:MM（请加引号）", '"14:30"')
INT = Kind("integer", _parse_int, "非负整数", "12")
DECIMAL = Kind("number", _parse_decimal, "非负小数", "3.5")
MONEY = Kind("money", _parse_money, "金额（元，最多两位小数）", '"45.00"')
BOOL = Kind("boolean", _parse_bool, "true / false（是 / 否）", "true")


@dataclass(frozen=True)
class Vocabulary:
    """A closed set of English ids, each with its Chinese names: ``type: 支委会`` = ``type: branch-committee``."""

    name: str
    terms: tuple[tuple[str, str, tuple[str, ...]], ...]   # (id, canonical Chinese, other aliases)

    def kind(self) -> Kind:
        lookup: dict[str, str] = {}
        for term_id, zh, aliases in self.terms:
            for word in (term_id, zh, *aliases):
                lookup[word] = term_id
                lookup[word.lower()] = term_id

        words = [word for term_id, zh, aliases in self.terms for word in (term_id, zh, *aliases)]

        def parse(text: str) -> str:
            found = lookup.get(text.strip()) or lookup.get(text.strip().lower())
            if found is None:     # ``党小组汇`` → did you mean 党小组会, as ids already get
                close = difflib.get_close_matches(text.strip(), words, n=1, cutoff=0.6)
                raise Invalid("enum", value=text, allowed=", ".join(self.ids()), suggestion=close[0] if close else "")
            return found

        return Kind(f"enum:{self.name}", parse, "、".join(f"{i}（{zh}）" for i, zh, _ in self.terms), self.terms[0][0],
                    vocabulary=self)

    def ids(self) -> list[str]:
        return [t[0] for t in self.terms]

    def zh(self, term_id: str) -> str:
        for tid, zh, _ in self.terms:
            if tid == term_id:
                return zh
        return term_id


# --- how a field is declared -------------------------------------------------------------------

@dataclass(frozen=True)
class FieldSpec:
    """Declared on a model field via ``metadata={"spec": …}``.

    ``kind`` is a scalar :class:`Kind`, a model class (a nested mapping), or a one-item list of either
    (a YAML sequence). ``many_or_one`` lets a single value stand for a one-item list.
    ``ref`` names the record kind a text value refers to (checked by the integrity rules).
    """

    kind: Any
    required: bool = False
    private: bool = False
    doc: str = ""
    key: str | None = None          # the YAML key where it differs from the field name
    many_or_one: bool = False
    ref: str | None = None          # "member", "meeting", "decision", "group"


def spec(kind: Any, *, required: bool = False, private: bool = False, doc: str = "",
         key: str | None = None, many_or_one: bool = False, ref: str | None = None,
         default: Any = None) -> Any:
    """Declare a record field. Lists default to the empty tuple, everything else to ``default``."""
    meta = {"spec": FieldSpec(kind, required, private, doc, key, many_or_one, ref)}
    if isinstance(kind, list):
        return dataclasses.field(default=(), metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def yaml_key(field: dataclasses.Field) -> str:
    s: FieldSpec = field.metadata["spec"]
    return s.key or field.name


@functools.cache
def record_fields(cls: type) -> tuple[tuple[dataclasses.Field, FieldSpec], ...]:
    """A record class's declared fields with their specs, in order (computed once per class: the
    as-of view and the integrity walk ask it for every record of a street office's records)."""
    return tuple((f, f.metadata["spec"]) for f in dataclasses.fields(cls) if "spec" in f.metadata)
