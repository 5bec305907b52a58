"""Configuration: built-in profiles (``extends:`` chains) and ``zhidu.yaml`` overrides → :class:`Settings`.

A configuration mistake is not a finding about the branch: it stops the run with located errors
(exit 2), because checking with a silently wrong configuration would be worse than not checking.
"""

from __future__ import annotations

import datetime as dt
import difflib
import pathlib
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from zhidu_cli.diagnostics.finding import Location, Problem, Severity
from zhidu_cli.diagnostics.suppress import UNSUPPRESSIBLE
from zhidu_cli.dues.settings import dues_config_error
from zhidu_cli.model.fields import BOOL, Invalid
from zhidu_cli.records.nodes import Mapping as MappingNode
from zhidu_cli.records.nodes import Node, Scalar, Sequence
from zhidu_cli.records.yaml_loader import load_yaml
from zhidu_cli.rules.engine import Rule, RuleSetting
from zhidu_cli.rules.registry import by_code, optional_bodies

PROFILE_DIR = pathlib.Path(__file__).parent / "profiles"
DEFAULT_PROFILE = "community-branch"


class ConfigError(Exception):
    """Located configuration problems; the CLI prints them and exits 2."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} configuration problem(s)")
        self.problems = problems


@dataclass(frozen=True)
class PeriodIgnore:
    """``ignore: [{code: MTG008, period: 2025-03, reason: …}]`` in zhidu.yaml: one rule silenced for one
    period (optionally one party group) only, with the reason on record. Matches findings whose
    period lies within ``start``–``end``; an entry that matches nothing is reported (SUP001)."""

    code: str
    start: dt.date
    end: dt.date
    reason: str
    group: str = ""
    location: Location = Location("zhidu.yaml")

    def matches(self, code: str, facts: Mapping[str, Any]) -> bool:
        """The finding's period lies within this entry's: a year covers its months, quarters and halves;
        a quarter covers its months, not the half-year or the year it starts."""
        start = facts.get("period_start") if facts else None
        end = facts.get("period_end", start) if facts else None
        return (code.startswith(self.code) and isinstance(start, dt.date) and isinstance(end, dt.date)
                and self.start <= start and end <= self.end
                and (not self.group or facts.get("group") == self.group))


_PERIOD = re.compile(r"^(\d{4})(?:-(?:(\d{2})|[Qq]([1-4])|[Hh]([12])))?$")


def period_range(text: str) -> tuple[dt.date, dt.date] | None:
    """``2025`` · ``2025-03`` · ``2025-Q1`` · ``2025-H2`` → first and last day; ``None`` if not a period."""
    m = _PERIOD.fullmatch(text.strip())
    if not m:
        return None
    year = int(m.group(1))
    if m.group(2):
        first, months = int(m.group(2)), 1
        if not 1 <= first <= 12:
            return None
    elif m.group(3):
        first, months = 3 * int(m.group(3)) - 2, 3
    elif m.group(4):
        first, months = 6 * int(m.group(4)) - 5, 6
    else:
        first, months = 1, 12
    last = first + months - 1
    end = (dt.date(year + 1, 1, 1) if last == 12 else dt.date(year, last + 1, 1)) - dt.timedelta(days=1)
    return dt.date(year, first, 1), end


_NOT_CONFIGURED = RuleSetting()   # one shared value: the quorum and vote rules ask per meeting and type


@dataclass(frozen=True)
class Settings:
    profiles: tuple[str, ...]                     # the extends chain, base first
    locale: str = "zh"
    rules: Mapping[str, RuleSetting] = field(default_factory=dict)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    dues: Mapping[str, Any] = field(default_factory=dict)   # plain data for dues.standard
    period_ignores: tuple[PeriodIgnore, ...] = ()

    def setting(self, code: str) -> RuleSetting:
        return self.rules.get(code) or _NOT_CONFIGURED

    def is_enabled(self, code: str) -> bool:
        """Enabled by profile/zhidu.yaml (or by default), selected, and not ignored. ZHD is always on,
        and so are the codes of files not read or not parsed (:data:`UNSUPPRESSIBLE`)."""
        if code.startswith("ZHD") or code in UNSUPPRESSIBLE:
            return True
        if any(code.startswith(prefix) for prefix in self.ignore):
            return False
        if self.select and not any(code.startswith(prefix) for prefix in self.select):
            return False
        rule = by_code().get(code)
        explicit = self.setting(code).enabled
        if explicit is not None:
            return explicit
        return rule.enabled_by_default if rule else False


def available_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.yaml"))


def plain(node: Node | None) -> Any:
    """Nodes → plain Python (text scalars), for sections read by other stages (``dues:``)."""
    if node is None or (isinstance(node, Scalar) and node.null):
        return None
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Sequence):
        return [plain(item) for item in node.items]
    return {key.value: plain(value) for key, value in node.pairs}


def _merge(base: dict, extra: Mapping) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(dict(merged[key]), value)
        else:
            merged[key] = value
    return merged


class _Reader:
    """Reads one configuration document (a profile or zhidu.yaml), collecting located problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def report(self, _code: str, node: Node, variant: str = "", **facts: Any) -> None:
        variant = variant or ("suggest" if facts.get("suggestion") else "")
        self.problems.append(Problem(_code, Location(self.path, node.line, node.column), facts, variant))

    def codes(self, node: Node | None, key: str) -> tuple[str, ...]:
        """``select:`` / ``ignore:`` — codes or prefixes, as a list or a comma-separated string."""
        if node is None or (isinstance(node, Scalar) and node.null):
            return ()
        items = node.items if isinstance(node, Sequence) else (node,)
        found: list[str] = []
        for item in items:
            if not isinstance(item, Scalar):
                self.report("CFG003", item, key=key, value="…", expected="rule codes")
                continue
            for code in (c.strip().upper() for c in item.value.split(",") if c.strip()):
                if not any(existing.startswith(code) for existing in by_code()):
                    self.report("CFG001", item, code=code, suggestion=_suggest(code, by_code()))
                found.append(code)
        return tuple(found)

    def period_ignore(self, node: MappingNode) -> PeriodIgnore | None:
        """One ``{code, period, reason[, group]}`` item of ``ignore:``."""
        values: dict[str, Scalar] = {}
        for key_node, value in node.pairs:
            if key_node.value not in ("code", "period", "reason", "group"):
                self.report("CFG003", key_node, key=f"ignore: {key_node.value}", value=key_node.value,
                            expected="code / period / reason / group")
            elif not isinstance(value, Scalar) or value.null:
                self.report("CFG003", value, key=key_node.value, value="…", expected="text / 文本")
            else:
                values[key_node.value] = value
        for required in ("code", "period", "reason"):
            if required not in values:
                self.report("CFG003", node, key="ignore", value=required,
                            expected="code, period and reason / 须写明 code、period 与 reason")
        if not {"code", "period", "reason"} <= set(values):
            return None
        code_node, period_node = values["code"], values["period"]
        code = code_node.value.strip().upper()
        bad = False
        if not any(existing.startswith(code) for existing in by_code()):
            self.report("CFG001", code_node, code=code, suggestion=_suggest(code, by_code()))
            bad = True
        span = period_range(period_node.value)
        if span is None:
            self.report("CFG003", period_node, key="period", value=period_node.value,
                        expected="2025 / 2025-03 / 2025-Q1 / 2025-H1")
            bad = True
        if bad:
            return None
        return PeriodIgnore(code, span[0], span[1], values["reason"].value.strip(),
                            values["group"].value.strip() if "group" in values else "",
                            Location(self.path, node.line, node.column))

    def rules(self, node: Node) -> dict[str, RuleSetting]:
        if not isinstance(node, MappingNode):
            self.report("CFG003", node, key="rules", value="…", expected="mapping of rule codes")
            return {}
        settings: dict[str, RuleSetting] = {}
        for code_node, body in node.pairs:
            code = code_node.value.strip().upper()
            rule = by_code().get(code)
            if rule is None:
                self.report("CFG001", code_node, code=code_node.value, suggestion=_suggest(code, by_code()))
                continue
            settings[code] = self.rule_setting(rule, body)
        return settings

    def rule_setting(self, rule: Rule, body: Node) -> RuleSetting:
        if isinstance(body, Scalar):     # ``MTG004: off`` / ``MTG004: warning``
            text = body.value.strip().lower()
            if text in ("off", "false", "no", "disabled", "关闭"):
                return RuleSetting(enabled=False)
            if text in ("on", "true", "yes", "enabled", "开启"):
                return RuleSetting(enabled=True)
            try:
                return RuleSetting(severity=Severity.parse(text))
            except ValueError:
                self.report("CFG003", body, key=rule.code, value=body.value, expected="off / on / error / warning / info")
                return RuleSetting()
        if not isinstance(body, MappingNode):
            self.report("CFG003", body, key=rule.code, value="…", expected="mapping")
            return RuleSetting()
        enabled = severity = None
        params: dict[str, Any] = {}
        names = [p.name for p in rule.params]
        for key_node, value in body.pairs:
            key = key_node.value
            if key == "severity":
                try:
                    severity = Severity.parse(self.text(value, key))
                except ValueError:
                    self.report("CFG003", value, key=key, value=getattr(value, "value", "…"), expected="error / warning / info")
            elif key == "enabled":
                try:
                    enabled = BOOL.parse(self.text(value, key))
                except Invalid:
                    self.report("CFG003", value, key=key, value=getattr(value, "value", "…"), expected="true / false")
            elif key in names:
                param = rule.param(key)
                parsed = self.param_value(param, value)
                if parsed is not None:
                    params[key] = parsed
            else:
                self.report("CFG002", key_node, code=rule.code, param=key,
                            suggestion=_suggest(key, names + ["severity", "enabled"]),
                            allowed=", ".join(names + ["severity", "enabled"]))
        return RuleSetting(enabled, severity, params)

    def text(self, node: Node, key: str) -> str:
        if not isinstance(node, Scalar):
            raise ValueError(key)
        return node.value

    def param_value(self, param, node: Node) -> Any:
        many = isinstance(param.default, tuple)
        items = node.items if isinstance(node, Sequence) and many else (node,)
        values = []
        for item in items:
            if not isinstance(item, Scalar) or item.null:
                self.report("CFG003", item, key=param.name, value="…", expected=param.kind.doc_zh or param.kind.name)
                return None
            try:
                values.append(param.kind.parse(item.value))
            except Invalid:
                self.report("CFG003", item, key=param.name, value=item.value, expected=param.kind.doc_zh or param.kind.name)
                return None
        return tuple(values) if many else values[0]


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else ""


def _read_profile(name: str) -> tuple[MappingNode, str]:
    path = PROFILE_DIR / f"{name}.yaml"
    node, problems = load_yaml(path.read_bytes(), f"<profile {name}>")
    if problems or not isinstance(node, MappingNode):
        raise ConfigError(problems)
    return node, name


def resolve(config: MappingNode | None, *, config_path: str = "zhidu.yaml",
            select: tuple[str, ...] | None = None, ignore: tuple[str, ...] = (),
            locale: str | None = None) -> Settings:
    """Profiles (base first) then ``zhidu.yaml``, then the command line. Raises :class:`ConfigError`."""
    documents: list[tuple[MappingNode, str]] = []
    node: MappingNode | None = config
    path = config_path
    seen: list[str] = []
    while True:
        reader = _Reader(path)        # a bad ``extends:`` is reported in the document that says it
        extends = node.get("extends") if node is not None else None
        if node is not None:
            documents.append((node, path))
        if node is not None and extends is None:
            if path != config_path:
                break
            name = DEFAULT_PROFILE
        elif node is None:
            name = DEFAULT_PROFILE
        else:
            if not isinstance(extends, Scalar) or extends.null:
                reader.report("CFG004", extends, name="…", available=", ".join(available_profiles()))
                raise ConfigError(reader.problems)
            name = extends.value.strip()
        if name in seen:
            break
        if name not in available_profiles():
            at = extends if extends is not None else Scalar(name, 1, 1)
            reader.report("CFG004", at, name=name, available=", ".join(available_profiles()),
                          suggestion=_suggest(name, available_profiles()))
            raise ConfigError(reader.problems)
        seen.append(name)
        node, path = _read_profile(name)
    documents.reverse()           # base profile first, zhidu.yaml last

    rules: dict[str, RuleSetting] = {}
    dues: dict = {}
    dues_at: Location | None = None
    chosen_locale = "zh"
    chosen_select: tuple[str, ...] = ()
    chosen_ignore: tuple[str, ...] = ()
    period_ignores: list[PeriodIgnore] = []
    problems: list[Problem] = []
    for document, doc_path in documents:
        doc_reader = _Reader(doc_path)
        for key_node, value in document.pairs:
            key = key_node.value
            if key == "rules":
                for code, setting in doc_reader.rules(value).items():
                    rules[code] = _overlay(rules.get(code), setting)
            elif key == "dues":
                section = plain(value) or {}
                if isinstance(section, dict):
                    dues = _merge(dues, section)
                    dues_at = Location(doc_path, value.line, value.column)
                else:
                    doc_reader.report("CFG003", value, key=key, value="…", expected="mapping / 映射")
            elif key == "select":
                chosen_select = doc_reader.codes(value, key)
            elif key == "ignore":
                items = value.items if isinstance(value, Sequence) else (value,)
                narrow = [item for item in items if isinstance(item, MappingNode)]
                codes = Sequence(tuple(i for i in items if not isinstance(i, MappingNode)), value.line, value.column)
                chosen_ignore = chosen_ignore + doc_reader.codes(codes, key)
                period_ignores += [p for p in map(doc_reader.period_ignore, narrow) if p is not None]
            elif key == "locale":
                text = value.value.strip().lower() if isinstance(value, Scalar) else ""
                lang = {"zh": "zh", "zh-cn": "zh", "zh_cn": "zh", "中文": "zh", "en": "en", "english": "en"}.get(text)
                if lang is None:
                    doc_reader.report("CFG003", value, key=key, value=text, expected="zh / en")
                else:
                    chosen_locale = lang
            elif key == "optional_bodies":
                for item in (value.items if isinstance(value, Sequence) else (value,)):
                    name = item.value.strip() if isinstance(item, Scalar) else ""
                    codes = optional_bodies().get(name)
                    if codes is None:
                        doc_reader.report("CFG005", item, name=name, available=", ".join(sorted(optional_bodies())),
                                          suggestion=_suggest(name, optional_bodies()))
                        continue
                    for code in codes:
                        rules[code] = _overlay(rules.get(code), RuleSetting(enabled=True))
        problems.extend(doc_reader.problems)
    if dues_at is not None and (error := dues_config_error(dues)) is not None:
        problems.append(Problem("CFG003", dues_at, {"detail_zh": error.zh, "detail_en": error.en}, "dues"))
    if problems:
        raise ConfigError(problems)
    return Settings(
        profiles=tuple(seen[::-1]), locale=locale or chosen_locale, rules=rules,
        select=tuple(select) if select else chosen_select, ignore=chosen_ignore + tuple(ignore), dues=dues,
        period_ignores=tuple(period_ignores),
    )


def _overlay(base: RuleSetting | None, extra: RuleSetting) -> RuleSetting:
    if base is None:
        return extra
    return RuleSetting(
        enabled=extra.enabled if extra.enabled is not None else base.enabled,
        severity=extra.severity or base.severity,
        params={**base.params, **extra.params},
    )
