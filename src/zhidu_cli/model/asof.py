"""The records as they stood on a past date: what was dated later is treated as not yet written.

Issue 8.3: "were we compliant at the end of October?" must be answerable in a repository that already
holds November's records. With an explicit as-of date (``--as-of`` or ``ZHIDU_AS_OF``) every command
works on :func:`records_as_of` — a copy of the records without

* meeting files dated after the day, decisions taken at such a meeting, and ledgers of months that
  begin after it (references to them from what is kept are not "unknown": ``Records.later_ids``);
* inside the records kept: every entry dated after the day — a history event (or one decided at a
  meeting held after the day, such as a ``full`` event dated back to the end of probation), a training, a role or
  group assignment starting later, a payment, a disclosure, an approval, a report, a notice — and a
  ledger's ``published`` date.

Dates that may lie in the future by nature (an away member's expected return ``until``, a disclosure's
last day, the end of a term) are kept: they are plans, not facts. What was left out is counted
(:class:`LeftOut`) and said once in the summary. Without an explicit date (today) nothing is left out,
and REF005 reports a fact dated after today as the typo it most likely is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from zhidu_cli.diagnostics.formatters import left_out_sentence
from zhidu_cli.model.fields import DATE, record_fields
from zhidu_cli.model.records import Record

# (class, field) of dates that are plans, not facts — the same list REF005 uses
FUTURE_OK = frozenset({("Event", "until"), ("Disclosure", "end"), ("Role", "end"), ("GroupAssignment", "end"),
                       ("RosterEntry", "end"), ("Group", "end")})


@dataclass(frozen=True)
class LeftOut:
    """What :func:`records_as_of` left out: whole files, and entries inside the files kept."""

    as_of: dt.date
    files: tuple[str, ...] = ()          # paths of the files treated as not yet written
    entries: int = 0                     # entries dated later inside the files kept

    @property
    def total(self) -> int:
        return len(self.files) + self.entries

    def sentence(self, lang: str) -> str:
        """The one line every command prints when something was left out ('' when nothing was)."""
        return left_out_sentence(len(self.files), self.entries, self.as_of, lang)


@dataclass(frozen=True, slots=True)
class _Shape:
    """What the as-of view looks at in one record class: computed once per class, so that pruning a
    street office's quarter of a million nested entries is a few attribute reads each, not a walk over
    every field's spec."""

    fact_dates: tuple[str, ...]     # own date fields that are facts (not :data:`FUTURE_OK` plans)
    published: bool                 # a ``published`` date (a ledger's): later means not published yet
    nested: tuple[str, ...]         # fields holding records (one or a tuple of them)


@functools.cache
def _shape(cls: type) -> _Shape:
    fact_dates, nested, published = [], [], False
    for field, spec in record_fields(cls):
        inner = spec.kind[0] if isinstance(spec.kind, list) else spec.kind
        if isinstance(inner, type) and issubclass(inner, Record):
            nested.append(field.name)
        elif spec.kind is DATE:
            if (cls.__name__, field.name) not in FUTURE_OK:
                fact_dates.append(field.name)
            published = published or field.name == "published"
    return _Shape(tuple(fact_dates), published, tuple(nested))


def _dated_after(record: Record, day: dt.date) -> bool:
    """Whether one of ``record``'s own fact dates is after ``day``."""
    for name in _shape(type(record)).fact_dates:
        value = getattr(record, name)
        if isinstance(value, dt.date) and value > day:
            return True
    return False


def _prune(record: Any, day: dt.date, counter: list[int]) -> Any:
    """``record`` without its nested entries dated after ``day`` (each one counted in ``counter``)."""
    shape = _shape(type(record))
    changes = {}
    if shape.published:                                  # a ledger published later: not yet
        value = getattr(record, "published")
        if isinstance(value, dt.date) and value > day:
            changes["published"] = None
            counter[0] += 1
    for name in shape.nested:
        value = getattr(record, name)
        if isinstance(value, tuple):
            kept = _kept_items(value, day, counter)
            if kept is not value:
                changes[name] = kept
        elif value is not None:
            if _dated_after(value, day):
                counter[0] += 1
                changes[name] = None
            else:
                pruned = _prune(value, day, counter)
                if pruned is not value:
                    changes[name] = pruned
    return dataclasses.replace(record, **changes) if changes else record


def _kept_items(items: tuple, day: dt.date, counter: list[int]) -> tuple:
    """``items`` without those dated after ``day``, each pruned; ``items`` itself when nothing changed.

    The loop of :func:`_dated_after` and :func:`_prune` written out: a street office's members and
    ledgers hold a quarter of a million entries, nearly all of them leaves dated before the day."""
    kept, changed = [], False
    for item in items:
        shape = _shape(type(item))
        for name in shape.fact_dates:
            value = getattr(item, name)
            if isinstance(value, dt.date) and value > day:
                counter[0] += 1
                changed = True
                break
        else:
            if shape.nested or shape.published:
                pruned = _prune(item, day, counter)
                changed = changed or pruned is not item
                item = pruned
            kept.append(item)
    return tuple(kept) if changed else items


def _decided_later(records, event, day: dt.date) -> bool:
    decided = records.decided_on(event)
    return decided is not None and decided > day


def records_as_of(records, day: dt.date):
    """``(records as they stood on day, LeftOut)`` — see the module docstring."""
    counter = [0]
    dropped: list[str] = []
    meetings = []
    for meeting in records.meetings:
        if meeting.date > day:
            dropped.append(meeting.loc.path)
        else:
            meetings.append(_prune(meeting, day, counter))
    later_meetings = frozenset(m.id for m in records.meetings if m.date > day)
    decisions = {}
    for decision_id, decision in records.decisions.items():
        if decision.meeting in later_meetings:
            dropped.append(decision.loc.path)
        else:
            decisions[decision_id] = _prune(decision, day, counter)
    ledgers = {}
    for month, ledger in records.ledgers.items():
        if month.first_day > day:
            dropped.append(ledger.loc.path)
        else:
            ledgers[month] = _prune(ledger, day, counter)
    # a member file is kept even when its whole history is later (a person not yet known): references
    # to the id stay valid, and the member simply has no status yet. A history event decided at a meeting
    # held later (a ``full`` event dated at the end of probation, the assembly not yet held) is not a
    # fact yet either.
    members = {}
    for member_id, member in records.members.items():
        pruned = _prune(member, day, counter)
        if not later_meetings:          # no meeting held later: no event was decided later either
            members[member_id] = pruned
            continue
        kept = tuple(e for e in pruned.history if not _decided_later(records, e, day))
        if len(kept) != len(pruned.history):
            counter[0] += len(pruned.history) - len(kept)
            pruned = dataclasses.replace(pruned, history=kept)
        members[member_id] = pruned
    gone = set(dropped)
    view = dataclasses.replace(
        records, members=members, meetings=tuple(meetings), decisions=decisions, ledgers=ledgers,
        files=tuple(f for f in records.files if f.path not in gone),
        later_ids={"meeting": later_meetings, "decision": frozenset(set(records.decisions) - set(decisions))})
    return view, LeftOut(day, tuple(sorted(gone)), counter[0])
