"""The registry: every rule, from every family module, exactly once.

Each family module exposes a tuple ``RULES``; the registry imports the modules named here and
checks that codes are unique. Nothing registers itself at import time and nothing is mutated later.
"""

from __future__ import annotations

import functools
import importlib

from zhidu_cli.rules.engine import Rule

FAMILY_MODULES = (
    "schema",       # SCH, CFG, SUP, ZHD: the records format and zhidu itself
    "integrity",    # REF: ids, references, history order, future dates
    "notice",       # NTC: notice before meetings, disclosure before votes (working days), results published
    "development",  # DEV, PRB: the development pipeline and probation (facts from model.pipeline)
    "cadence",      # MTG: meetings held as often as the rules say (shares schedule.cadence with `zhidu overdue`)
    "quorum",       # QRM: enough of the right people present (counting shared via rules.counting)
    "votes",        # VOT: majorities and consistent tallies
    "conduct",      # CND: chair, minutes, recusal, democratic life, execution, absences
    "mobile",       # MOB, LIF: members away, incoming members, taking part in organizational life
    "review",       # EVL, TRN (and MOB006): the yearly democratic review, training
    "dues",         # DUE (and NTC005): dues owed, paid on standard and on time (balances via dues.balances)
    "privacy",      # PRV: no private value in free text (the masking itself is zhidu_cli.privacy)
)


def _modules():
    return [importlib.import_module(f"zhidu_cli.rules.{name}") for name in FAMILY_MODULES]


@functools.cache
def all_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for module in _modules():
        rules.extend(module.RULES)
    codes = [r.code for r in rules]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise RuntimeError(f"rule codes registered twice: {duplicates}")
    return tuple(sorted(rules, key=lambda r: r.code))


@functools.cache
def by_code() -> dict[str, Rule]:
    return {rule.code: rule for rule in all_rules()}


@functools.cache
def optional_bodies() -> dict[str, tuple[str, ...]]:
    """Bodies a branch can switch on with ``optional_bodies:`` (seed 004): name → the rule codes enabled."""
    merged: dict[str, tuple[str, ...]] = {}
    for module in _modules():
        merged.update(getattr(module, "OPTIONAL_BODIES", {}))
    return merged


#: ``zhidu check --timeless``: the rules whose outcome does not depend on the as-of date — the format,
#: references and the consistency of what the records say happened (quorum, votes, the conduct of held
#: meetings, notice and disclosure periods already past). They run as of the last day a record may
#: name, so every recorded fact is judged and a new day can never change the result: what a commit
#: hook needs. Deadlines, cadence, dues balances, mobile members and the yearly review are left out
#: (they fall due with the calendar), and so is REF005 (a fact dated after the as-of date).
TIMELESS = ("SCH", "CFG", "SUP", "REF001", "REF002", "REF003", "REF004", "QRM", "VOT",
            "CND001", "CND002", "CND003", "CND006", "NTC001", "NTC002", "NTC003", "NTC004",
            "DEV002", "DEV004", "DEV005", "PRB003")


def is_timeless(code: str) -> bool:
    return code.startswith("ZHD") or any(code.startswith(prefix) for prefix in TIMELESS)
