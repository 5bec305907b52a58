"""Private values never reach a rendered document, however they were typed.

Private *fields* (phone, ID number, address, contact while away, the roster's phones) never enter a
document's context (:mod:`zhidu_cli.render.documents`). What remains is free text a secretary typed
— a summary, a reason, a note — that carries one of those values, or any phone or ID number at all.
Exact spellings are not enough: ``139-0851-5276``, ``139 0851 5276``, full-width ``１３９…``, an ID
number ending in a lowercase ``x``, or a contact ``13985560412（本人，微信同号）`` quoted in part are
all the same private value. So matching is done on a normalised view of the text:

* every character is NFKC-normalised (full-width digits and letters become ASCII) and upper-cased
  (``x`` → ``X``), keeping a map back to the original characters;
* a **private value of the repository** is searched with white space ignored; its digit runs of
  :data:`MIN_DIGITS` or more (the phone inside a longer contact text) are searched as digits with
  separators (space, ``-``, ``.``, ``·``) ignored;
* anything **shaped** like a mainland mobile number (``1[3-9]`` and nine more digits, optionally
  ``+86``, grouped 3-4-4 by a space or ``-``) or a resident ID number (18 characters with a plausible
  birth date, or the 15-digit old form) is caught whoever it belongs to — except the branch's own
  public contact number, which notices are meant to print.

What is found is replaced by :func:`zhidu_cli.render.filters.mask` of its normalised form
(``139****5276``). :func:`redact` runs on the finished text of every rendered document
(:func:`zhidu_cli.render.environment.render_template`), whatever the template and output format;
:func:`find` is what the PRV001 rule uses to warn where a record's free text carries one.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable

from zhidu_cli.model.fields import record_fields

MIN_SCRUBBED = 5
"""Private values shorter than this are not searched for in free text: "无" or "微信" would mask
ordinary words, and a value that short identifies no one."""
MIN_DIGITS = 7
"""Digit runs of a private value this long or longer (a landline without area code, a mobile, an ID
number) are searched on their own, so the number inside ``13985560412（本人）`` is found too."""

_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])")
_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
_ID_NUMBER = re.compile(r"(?<![0-9A-Z])[1-9][0-9]{5}[ -]?(?:18|19|20)[0-9]{2}" + _DATE + r"[ -]?[0-9]{3}[0-9X](?![0-9A-Z])"
                        r"|(?<![0-9A-Z])[1-9][0-9]{7}" + _DATE + r"[0-9]{3}(?![0-9A-Z])")
_DIGIT_RUN = re.compile(r"[0-9](?:[ \-.·]?[0-9])*(?:[ \-]?X)?")
_DIGIT_SEPARATORS = re.compile(r"[ \-.·]")
_LONG_DIGITS = re.compile(r"[0-9](?:[ \-.·]?[0-9]){%d}" % (MIN_DIGITS - 1))   # nothing shorter is searched
_SHAPED_DIGITS = re.compile(r"[0-9](?:[ \-.·]?[0-9]){10}")    # a mobile or an ID number has 11 digits or more
_DIGITS_ONLY = re.compile(r"\+?[0-9X \-.·()（）]+")


@dataclass(frozen=True)
class Secrets:
    """The private values of one repository, prepared for searching."""

    texts: tuple[str, ...] = ()             # normalised, white space removed, longest first
    digits: frozenset[str] = frozenset()    # digit runs (a final X kept), separators removed
    public: frozenset[str] = frozenset()    # digit runs meant to be printed (the branch's contact)

    @functools.cached_property
    def digit_lengths(self) -> tuple[int, ...]:
        return tuple(sorted({len(d) for d in self.digits}, reverse=True))

    @functools.cached_property
    def prefilter(self) -> re.Pattern | None:
        """The distinct first characters of the text secrets, as one pattern: most free text holds
        none of them, and is then passed over at C speed."""
        if not self.texts:
            return None
        heads = sorted({secret[:2] for secret in self.texts})
        return re.compile("|".join(re.escape(head[0]) + r"\s*" + re.escape(head[1:]) for head in heads))

    @functools.cached_property
    def by_prefix(self) -> dict[str, tuple[str, ...]]:
        """Text secrets by their first two characters: a text is scanned once, whatever their number
        (a street office keeps 10,000 members' addresses)."""
        index: dict[str, list[str]] = {}
        for secret in self.texts:
            index.setdefault(secret[:2], []).append(secret)
        return {key: tuple(group) for key, group in index.items()}


NO_SECRETS = Secrets()


def _normalised(text: str) -> tuple[str, list[int]]:
    """NFKC + upper case, character by character, with each output character's index in ``text``."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        norm = char if char.isascii() else unicodedata.normalize("NFKC", char)
        for piece in norm.upper():
            out.append(piece)
            where.append(index)
    return "".join(out), where


def _compact_digits(text: str) -> str:
    return _DIGIT_SEPARATORS.sub("", text)


def prepare(values: Iterable[str], public: Iterable[str] = ()) -> Secrets:
    """Secrets from raw private values (and the public ones that shapes must spare)."""
    texts: set[str] = set()
    digits: set[str] = set()
    for value in values:
        normalised = _normalised(value)[0]            # once a value: a street office has 10,000 members' values
        norm = "".join(normalised.split())
        if len(norm) >= MIN_SCRUBBED and not _DIGITS_ONLY.fullmatch(norm):   # numbers: the digit runs find them
            texts.add(norm)
        for run in _DIGIT_RUN.finditer(normalised):
            compact = _compact_digits(run.group())
            if sum(c.isdigit() for c in compact) >= MIN_DIGITS:
                digits.add(compact)
    public_digits = {_compact_digits(run.group()) for value in public for run in _DIGIT_RUN.finditer(_normalised(value)[0])}
    return Secrets(tuple(sorted(texts, key=lambda v: (-len(v), v))), frozenset(digits), frozenset(public_digits))


@dataclass(frozen=True)
class Hit:
    """A private value found in a text: where (original indices) and what kind."""

    start: int
    end: int
    kind: str          # "mobile", "id-number" or "private" (a value of the repository's private fields)


def find(text: str, secrets: Secrets = NO_SECRETS) -> list[Hit]:
    """Every private value in ``text``, as non-overlapping spans of the original text, in order."""
    if not text:
        return []
    norm = unicodedata.normalize("NFKC", text).upper()
    digits = _LONG_DIGITS.search(norm) is not None
    if not digits and (secrets.prefilter is None or secrets.prefilter.search(norm) is None):
        return []                                   # the common case, decided without a Python loop
    if len(norm) == len(text):                      # one character for one: positions carry over
        where = range(len(text))
    else:
        norm, where = _normalised(text)
    spans: list[tuple[int, int, str]] = []          # in ``norm`` indices, end exclusive
    shaped = digits and _SHAPED_DIGITS.search(norm) is not None     # a dated id has 8: no shape to look for
    for pattern, kind in ((_MOBILE, "mobile"), (_ID_NUMBER, "id-number")) if shaped else ():
        for match in pattern.finditer(norm):
            compact = _compact_digits(match.group())
            if compact not in secrets.public and compact.removeprefix("+86").removeprefix("86") not in secrets.public:
                spans.append((match.start(), match.end(), kind))
    if secrets.digits and digits:
        shortest = secrets.digit_lengths[-1]
        for run in _DIGIT_RUN.finditer(norm):
            if len(_compact_digits(run.group())) < shortest:    # a date, a short number: nothing fits in it
                continue
            kept = [(i, c) for i, c in enumerate(run.group(), run.start()) if not _DIGIT_SEPARATORS.fullmatch(c)]
            compact = "".join(c for _, c in kept)
            for length in secrets.digit_lengths:
                for first in range(len(compact) - length + 1):
                    if compact[first:first + length] in secrets.digits:
                        spans.append((kept[first][0], kept[first + length - 1][0] + 1, "private"))
    if secrets.prefilter is not None and secrets.prefilter.search(norm):
        bare_where = [i for i, c in enumerate(norm) if not c.isspace()]
        bare = "".join(norm[i] for i in bare_where)
        index = secrets.by_prefix
        for start in range(len(bare) - MIN_SCRUBBED + 1):
            for secret in index.get(bare[start:start + 2], ()):
                if bare.startswith(secret, start):
                    spans.append((bare_where[start], bare_where[start + len(secret) - 1] + 1, "private"))
                    break                                  # longest first: the others are inside it
    hits: list[Hit] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1], s[2] != "private")):
        first, last = where[start], where[end - 1] + 1
        if hits and first < hits[-1].end:            # overlapping: the earlier, longer span covers it
            if last > hits[-1].end:
                hits[-1] = Hit(hits[-1].start, last, hits[-1].kind)
            continue
        hits.append(Hit(first, last, kind))
    return hits


def redact(text: str, secrets: Secrets = NO_SECRETS) -> str:
    """``text`` with every private value masked (``139****5276``, ``5201**********1234``, ``幸****1``)."""
    from zhidu_cli.masking import mask

    hits = find(text, secrets)
    if not hits:
        return text
    out: list[str] = []
    previous = 0
    for hit in hits:
        out.append(text[previous:hit.start])
        out.append(mask(_normalised(text[hit.start:hit.end])[0]))
        previous = hit.end
    out.append(text[previous:])
    return "".join(out)


def redact_value(value: Any, secrets: Secrets) -> Any:
    """:func:`redact` every string in a context (dicts and lists walked), for the data a template gets."""
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, dict):
        return {key: redact_value(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [redact_value(item, secrets) for item in value]
    return value


@functools.cache
def _private_plan(cls: type) -> tuple[tuple[str, bool], ...]:
    """Per record class: (field name, private?) for the fields that are private or lead to records
    holding private fields; the rest are never visited (a ledger's payments, a meeting's attendees)."""
    plan = []
    for field, spec in record_fields(cls):
        inner = spec.kind[0] if isinstance(spec.kind, list) else spec.kind
        if spec.private:
            plan.append((field.name, True))
        elif isinstance(inner, type) and dataclasses.is_dataclass(inner) and _private_plan(inner):
            plan.append((field.name, False))
    return tuple(plan)


def private_values(records) -> tuple[str, ...]:
    """Every value of every field the schema marks private (found via the field specs, so a private
    field added to the model is covered without touching this module)."""
    found: set[str] = set()

    def walk(record: Any) -> None:
        for name, private in _private_plan(type(record)):
            value = getattr(record, name)
            if value is None:
                continue
            for item in value if isinstance(value, tuple) else (value,):
                if private:
                    found.add(str(item).strip())
                else:
                    walk(item)

    if records.branch is not None:
        walk(records.branch)
    for table in (records.members.values(), records.meetings, records.decisions.values(),
                  records.ledgers.values()):
        for record in table:
            walk(record)
    return tuple(sorted(v for v in found if v))


def secrets_of(records) -> Secrets:
    """The prepared secrets of a repository; the branch's public contact is spared by the shapes.

    Kept in ``records.memo``, not an ``lru_cache``: a cache keyed by the records keeps several branches'
    records alive at once in a worker that renders one branch after another (``zhidu site`` over a
    street workspace grew to 2 GB per worker that way)."""
    memo = getattr(records, "memo", None)
    if memo is None:
        return _secrets_of(records)
    if "secrets_of" not in memo:
        memo["secrets_of"] = _secrets_of(records)
    return memo["secrets_of"]


def _secrets_of(records) -> Secrets:
    branch = records.branch
    public = [branch.contact] if branch is not None and branch.contact else []
    return prepare(private_values(records), public)
