"""The rule engine: what a rule is, and how a set of rules runs over the records.

A rule is data (code, name, family, citation, default severity, parameters, messages) plus a pure
``check(ctx)`` generator of :class:`Problem`. It never prints, never reads the clock, never mutates.
The engine stamps severity, citation and the catalogue message, and turns a rule that raises into an
internal-error finding (ZHD001) instead of a crash.
"""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Iterable, Mapping

from zhidu_cli.diagnostics.finding import Finding, Location, Problem, Severity
from zhidu_cli.model.fields import Kind


@dataclass(frozen=True)
class Message:
    zh: str
    en: str
    hint_zh: str = ""
    hint_en: str = ""

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def hint(self, lang: str) -> str:
        return self.hint_en if lang == "en" else self.hint_zh


@dataclass(frozen=True)
class Param:
    """A rule parameter a profile or ``zhidu.yaml`` may override; ``kind`` parses the YAML text."""

    name: str
    kind: Kind
    default: Any
    doc_zh: str
    doc_en: str = ""


@dataclass(frozen=True)
class Version:
    """Parameter values in force for records dated in [start, end) — rules change over time."""

    start: dt.date | None
    end: dt.date | None
    params: Mapping[str, Any]
    note: str = ""

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Example:
    """A passing and a failing record, shown by ``zhidu rules CODE`` and executed by the test suite.

    Each snippet is the whole text of the file ``path`` in the example branch
    (:mod:`zhidu_cli.rules.example_branch`): ``background`` "members" adds its fourteen members,
    "bare" only its ``zhidu.yaml``; ``context`` adds further files; a ``path`` of ``zhidu.yaml``
    appends the snippet to the branch's configuration. Checked as of ``as_of``, the passing snippet
    gives no finding of the rule's code and the failing one exactly ``expect`` of them
    (``tests/test_rule_examples.py``, generated over the registry, with only the rule's code and
    ``select`` selected). ``failing_path`` puts the failing snippet elsewhere (a misplaced file).
    """

    passing: str
    failing: str
    note: str = ""
    path: str = ""
    context: tuple[tuple[str, str], ...] = ()
    background: str = "members"
    as_of: str = "2025-12-31"
    expect: int = 1
    select: tuple[str, ...] = ()
    failing_path: str = ""


Check = Callable[["Context"], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str                       # kebab-case
    family: str                     # MTG, QRM, …
    summary_zh: str
    summary_en: str
    citation: str
    severity: Severity
    messages: Mapping[str, Message]  # variant ("" is the default) → message
    check: Check | None = None       # None: emitted by another stage (the loader, the builder)
    params: tuple[Param, ...] = ()
    versions: tuple[Version, ...] = ()
    enabled_by_default: bool = True
    examples: tuple[Example, ...] = ()
    effective_from: dt.date | None = None    # the rule applies to records dated on or after
    effective_to: dt.date | None = None      # … and before

    def message(self, variant: str) -> Message:
        return self.messages.get(variant) or self.messages[""]

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(f"{self.code} has no parameter {name!r}")

    def in_force(self, day: dt.date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and \
               (self.effective_to is None or day < self.effective_to)


@dataclass(frozen=True)
class RuleSetting:
    """What the profile and ``zhidu.yaml`` say about one rule."""

    enabled: bool | None = None
    severity: Severity | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


_MISSING = object()     # a shared value not computed yet (None is a value a computation may return)


class Context:
    """Everything a rule may look at. Built by the engine, one per rule, sharing a per-run memo."""

    def __init__(self, rule: Rule, records, as_of: dt.date, setting: RuleSetting, *, settings,
                 calendar, memo: dict) -> None:
        self.rule = rule
        self.records = records
        self.as_of = as_of
        self.setting = setting
        self.settings = settings      # the resolved configuration (rules.config.Settings)
        self.calendar = calendar      # schedule.workdays.WorkCalendar
        self._memo = memo

    def param(self, name: str, on: dt.date | None = None) -> Any:
        """The parameter's value for a record dated ``on``: user setting > rule version > default."""
        if name in self.setting.params:
            return self.setting.params[name]
        day = on or self.as_of
        for version in self.rule.versions:
            if name in version.params and version.covers(day):
                return version.params[name]
        return self.rule.param(name).default

    def shared(self, key: Any, compute: Callable[[], Any]) -> Any:
        """Compute once per run and share between rules (dues balances, quorum tallies, schedules)."""
        found = self._memo.get(key, _MISSING)
        if found is _MISSING:
            found = self._memo[key] = compute()
        return found

    def problem(self, location: Location, variant: str = "", *, code: str | None = None,
                severity: Severity | None = None, related: Iterable[Location] = (), **facts: Any) -> Problem:
        return Problem(code or self.rule.code, location, facts, variant, severity, tuple(related))


# --- messages ---------------------------------------------------------------------------------------

def _fact_text(value: Any, lang: str) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        return ("、" if lang != "en" else ", ").join(_fact_text(v, lang) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else str(value)
    if isinstance(value, bool):
        return ("是" if value else "否") if lang != "en" else ("yes" if value else "no")
    return str(value)


class _Facts(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def format_message(template: str, facts: Mapping[str, Any], lang: str) -> str:
    return template.format_map(_Facts({k: _fact_text(v, lang) for k, v in facts.items()}))


# --- running ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    findings: tuple[Finding, ...]
    rules_run: tuple[Rule, ...]


def to_finding(problem: Problem, rule: Rule, setting: RuleSetting, lang: str) -> Finding:
    message = rule.message(problem.variant)
    severity = setting.severity or problem.severity or rule.severity
    texts = _Facts({k: _fact_text(v, lang) for k, v in problem.facts.items()})   # once for message and hint
    return Finding(
        code=problem.code, severity=severity, message=message.text(lang).format_map(texts),
        location=problem.location, citation=rule.citation, name=rule.name,
        hint=message.hint(lang).format_map(texts), related=problem.related,
        facts=dict(problem.facts),
    )


def run_rules(rules: Iterable[Rule], registry: Mapping[str, Rule], is_enabled: Callable[[str], bool],
              settings_for: Callable[[str], RuleSetting], make_context: Callable[[Rule, RuleSetting], Context],
              upstream: Iterable[Problem], lang: str, *, parallel: bool = False) -> Outcome:
    """Run every enabled rule; problems of disabled codes (and the loader's ``upstream``) are filtered.
    ``parallel``: a large branch's dues and privacy rules run in a forked child (:mod:`zhidu_cli.rules.lanes`)."""
    from zhidu_cli.rules import lanes

    def problems_of(rule: Rule) -> list[Problem]:
        found: list[Problem] = []
        try:
            found.extend(rule.check(make_context(rule, settings_for(rule.code))))
        except Exception as error:  # a broken rule must never take the run down with it (what it found stays)
            frame = traceback.extract_tb(error.__traceback__)[-1]
            found.append(Problem("ZHD001", Location("zhidu.yaml"), {
                "rule": rule.code, "error": f"{type(error).__name__}: {error}",
                "where": f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"}))
        return found

    ran = [rule for rule in rules if rule.check is not None and is_enabled(rule.code)]
    problems: list[Problem] = list(upstream)
    for found in lanes.run(ran, lambda rule: rule.code, problems_of, parallel):
        problems.extend(found)
    findings = []
    for problem in problems:
        rule = registry.get(problem.code)
        if rule is None or not is_enabled(problem.code):
            continue
        findings.append(to_finding(problem, rule, settings_for(problem.code), lang))
    unique = {(f.code, f.location, f.message): f for f in findings}
    return Outcome(tuple(sorted(unique.values(), key=lambda f: f.sort_key)), tuple(ran))

