"""JSON Schemas (draft-07) of the records, for editors: generated from the same field specs that drive
the loader (:mod:`zhidu_cli.model.build`) and docs/records.md, so the three cannot drift apart.

An editor's YAML language server (yaml-language-server, used by VS Code, Neovim, Helix, JetBrains…)
reads YAML 1.2: ``2025-03-15`` and ``"14:30"`` are strings, ``12`` an integer, ``45.00`` a number,
``true`` a boolean, ``yes`` and ``是`` strings. zhidu reads every scalar as text and converts it
itself, so each kind's schema accepts exactly the YAML 1.2 values whose *text* zhidu accepts:

* text — a string, number or boolean (``phone: 13900001234`` is text to zhidu);
* date / month / time — strings matching ``YYYY-MM-DD`` / ``YYYY-MM`` / ``HH:MM``;
* integer, number, money — a non-negative number, or a string of the same pattern (quoted);
* boolean — ``true``/``false`` or one of the words zhidu reads (yes/no, 是/否, 有/无);
* a vocabulary — its English ids (any case) and Chinese names, listed in ``enum`` for completion;
* an empty value is an absent one, so optional fields accept ``null`` and required ones do not.

What a schema cannot say — the calendar (no 30 February), cross-file references, the rules — stays
with ``zhidu check``; every record a schema rejects, zhidu rejects too (tests/test_editor_schema.py).
"""

from __future__ import annotations

import pathlib
import re
from typing import Any

from zhidu_cli.model import records as R
from zhidu_cli.model.fields import (BOOL, DATE, DECIMAL, INT, MONEY, MONTH, TEXT, TIME, FieldSpec, Kind,
                                    _FALSE, _TRUE, record_fields)
from zhidu_cli.model.field_docs_en import FIELD_DOCS_EN

DRAFT = "http://json-schema.org/draft-07/schema#"

#: The schemas shipped in the package (Chinese descriptions), copied by ``zhidu init`` into ``.zhidu/schema/``;
#: ``python -m zhidu_cli.docs_gen`` regenerates them and tests/test_editor_schema.py fails when they are stale.
SHIPPED = pathlib.Path(__file__).resolve().parent.parent / "schemas"

#: Record kind → (schema file name, root class, title zh, title en).
KINDS: dict[str, tuple[str, type, str, str]] = {
    "zhidu": ("zhidu.schema.json", R.Branch, "zhidu.yaml — 支部信息与配置", "zhidu.yaml — the branch and its configuration"),
    "member": ("member.schema.json", R.Member, "members/<id>.yaml — 党员及入党申请人", "members/<id>.yaml — a member or applicant"),
    "meeting": ("meeting.schema.json", R.Meeting, "meetings/<YYYY>/<YYYY-MM-DD>-<slug>.yaml — 会议记录",
                "meetings/<YYYY>/<YYYY-MM-DD>-<slug>.yaml — a meeting"),
    "decision": ("decision.schema.json", R.Decision, "decisions/<YYYY>/<id>.yaml — 决定", "decisions/<YYYY>/<id>.yaml — a decision"),
    "dues": ("dues.schema.json", R.Ledger, "dues/<YYYY-MM>.yaml — 党费收缴台账", "dues/<YYYY-MM>.yaml — the monthly dues ledger"),
    "calendar": ("calendar.schema.json", R.CalendarFile, "calendar.yaml — 法定节假日补充", "calendar.yaml — holidays the built-in calendar lacks"),
}

#: Which files each schema is for, as globs relative to the repository root (VS Code's ``yaml.schemas``).
GLOBS: dict[str, tuple[str, ...]] = {
    "zhidu": ("zhidu.yaml",),
    "member": ("members/*.yaml", "members/*.yml"),
    "meeting": ("meetings/**/*.yaml", "meetings/**/*.yml"),
    "decision": ("decisions/**/*.yaml", "decisions/**/*.yml"),
    "dues": ("dues/*.yaml", "dues/*.yml"),
    "calendar": ("calendar.yaml",),
}

_NUMBER_TEXT = r"^(0|[1-9][0-9]*)(\.[0-9]+)?$"
_STRING_PATTERNS = {
    DATE.name: r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    MONTH.name: r"^[0-9]{4}-[0-9]{2}$",
    TIME.name: r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
}
_NUMERIC = {
    INT.name: ({"type": "integer", "minimum": 0}, r"^(0|[1-9][0-9]*)$"),
    DECIMAL.name: ({"type": "number", "minimum": 0}, _NUMBER_TEXT),
    MONEY.name: ({"type": "number", "minimum": 0}, r"^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$"),
}

def _any_case(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() and c.isascii() else re.escape(c) for c in word)


def _words_pattern(words) -> str:
    return "^(" + "|".join(_any_case(w) for w in words) + ")$"


def kind_schema(kind: Kind, lang: str, defs: dict[str, Any] | None = None) -> dict[str, Any]:
    """The schema of one scalar kind; a vocabulary goes into ``defs`` (the schema's ``definitions``)
    once and is referred to, when ``defs`` is given."""
    if kind.vocabulary is not None:
        if defs is None:
            return _vocabulary_schema(kind, lang)
        name = f"vocabulary-{kind.vocabulary.name}"
        defs.setdefault(name, _vocabulary_schema(kind, lang))
        return {"$ref": f"#/definitions/{name}"}
    if kind.name == TEXT.name:
        return {"type": ["string", "number", "boolean"]}
    if kind.name in _STRING_PATTERNS:
        return {"type": "string", "pattern": _STRING_PATTERNS[kind.name]}
    if kind.name in _NUMERIC:
        number, text = _NUMERIC[kind.name]
        return {"anyOf": [dict(number), {"type": "string", "pattern": text}]}
    if kind.name == BOOL.name:
        return {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": _words_pattern(sorted(_TRUE | _FALSE))}]}
    raise ValueError(f"no JSON Schema for the field kind {kind.name!r}")


def _vocabulary_schema(kind: Kind, lang: str) -> dict[str, Any]:
    vocab = kind.vocabulary
    words = [w for term_id, zh, aliases in vocab.terms for w in (term_id, zh, *aliases)]
    listed = "、".join(f"{i}（{zh}）" for i, zh, _ in vocab.terms) if lang == "zh" else \
        ", ".join(f"{i} ({zh})" for i, zh, _ in vocab.terms)
    # enum offers completion; the pattern accepts the English ids in any case, as zhidu does
    return {"anyOf": [{"enum": words}, {"type": "string", "pattern": _words_pattern(vocab.ids())}],
            "description": listed}


def _value_schema(kind: Any, lang: str, defs: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(kind, type):
        return kind_schema(kind, lang, defs)
    schema: dict[str, Any] = {"$ref": f"#/definitions/{kind.__name__}"}
    shorthand = getattr(kind, "SHORTHAND", None)
    if shorthand:        # ``group: g1`` stands for ``group: {group: g1}``
        schema = {"anyOf": [schema, _value_schema(record_fields_by_key(kind)[shorthand].kind, lang, defs)]}
    return schema


def record_fields_by_key(cls: type) -> dict[str, FieldSpec]:
    return {s.key or f.name: s for f, s in record_fields(cls)}


def _describe(cls: type, name: str, spec: FieldSpec, lang: str) -> str:
    if lang == "en":
        text = FIELD_DOCS_EN.get(f"{cls.__name__}.{name}", "")
        if spec.private:
            text += " (private: never shown in notices)"
        return text
    return spec.doc


def field_schema(cls: type, name: str, spec: FieldSpec, lang: str, defs: dict[str, Any]) -> dict[str, Any]:
    kind = spec.kind
    if isinstance(kind, list):
        item = _value_schema(kind[0], lang, defs)
        schema: dict[str, Any] = {"type": "array", "items": item}
        if spec.many_or_one:
            schema = {"anyOf": [schema, item]}
    else:
        schema = _value_schema(kind, lang, defs)
    if not spec.required:             # ``note:`` with nothing after it is the same as no ``note``
        schema = {"anyOf": [schema, {"type": "null"}]}
    description = _describe(cls, name, spec, lang)
    return {"description": description, **schema} if description else schema


def object_schema(cls: type, lang: str, defs: dict[str, Any]) -> dict[str, Any]:
    properties = {}
    required = []
    for field, spec in record_fields(cls):
        key = spec.key or field.name
        properties[key] = field_schema(cls, field.name, spec, lang, defs)
        if spec.required:
            required.append(key)
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    return schema


def _nested(cls: type, seen: dict[str, type]) -> None:
    for _, spec in record_fields(cls):
        inner = spec.kind[0] if isinstance(spec.kind, list) else spec.kind
        if isinstance(inner, type) and inner.__name__ not in seen:
            seen[inner.__name__] = inner
            _nested(inner, seen)


def record_schema(kind: str, lang: str = "zh") -> dict[str, Any]:
    """The draft-07 schema of one record kind (a key of :data:`KINDS`)."""
    filename, cls, title_zh, title_en = KINDS[kind]
    nested: dict[str, type] = {}
    _nested(cls, nested)
    defs: dict[str, Any] = {}
    root = object_schema(cls, lang, defs)
    if kind == "zhidu":
        root["properties"].update(config_properties(lang, defs))
    for name, sub in sorted(nested.items()):
        defs[name] = object_schema(sub, lang, defs)
    schema = {
        "$schema": DRAFT,
        "title": title_en if lang == "en" else title_zh,
        "description": ("Generated from zhidu's record model; zhidu check is the authority (docs/records.md)."
                        if lang == "en" else "由 zhidu 的记录模型生成；以 zhidu check 的结果为准（见 docs/records.md）。"),
        **root,
    }
    if defs:
        schema["definitions"] = dict(sorted(defs.items()))
    return schema


def config_properties(lang: str, defs: dict[str, Any]) -> dict[str, Any]:
    """The configuration keys of zhidu.yaml (read by :mod:`zhidu_cli.rules.config`, not by the model)."""
    from zhidu_cli.rules.config import available_profiles
    from zhidu_cli.rules.registry import by_code, optional_bodies

    en = lang == "en"
    code_list = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    period_ignore = {
        "type": "object",
        "description": "silence one rule for one period only, with the reason on record (docs/configuration.md)"
        if en else "只在某一期间屏蔽某条规则，并写明理由（见 docs/configuration.md）",
        "properties": {
            "code": {"type": "string", "description": "rule code or prefix" if en else "规则代码或前缀"},
            "period": {"type": "string", "pattern": r"^[0-9]{4}(-(0[1-9]|1[0-2]|[Qq][1-4]|[Hh][12]))?$",
                       "description": "2025, 2025-03, 2025-Q1 or 2025-H1"},
            "reason": {"type": ["string", "number"], "description": "why (kept on record)" if en else "理由（留档）"},
            "group": {"type": "string", "description": "only this party group" if en else "只针对该党小组"},
        },
        "required": ["code", "period", "reason"],
        "additionalProperties": False,
    }
    rules = {}
    for code, rule in sorted(by_code().items()):
        params = {p.name: {**_param_schema(p, lang, defs), "description": (p.doc_en or p.doc_zh) if en else p.doc_zh}
                  for p in rule.params}
        body = {"type": "object", "properties": {
            "severity": {"$ref": "#/definitions/severity"},
            "enabled": {"$ref": "#/definitions/boolean"}, **params}, "additionalProperties": False}
        rules[code] = {"description": rule.summary_en if en else rule.summary_zh,
                       "anyOf": [{"$ref": "#/definitions/rule-switch"}, body]}
    defs["boolean"] = kind_schema(BOOL, lang)
    defs["severity"] = {"type": "string", "pattern": _words_pattern(["error", "warning", "info", "warn", "e", "w", "i"])
                        + "|^(错误|警告|提示)$"}
    defs["rule-switch"] = {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": _words_pattern(
        ["off", "on", "true", "false", "yes", "no", "disabled", "enabled", "error", "warning", "info", "warn",
         "e", "w", "i"]) + "|^(关闭|开启|错误|警告|提示)$"}]}
    return {
        "extends": {"enum": available_profiles(),
                    "description": "rule profile (docs/configuration.md)" if en else "规则配置档（见 docs/configuration.md）"},
        "locale": {"type": "string", "pattern": _words_pattern(["zh", "zh-cn", "zh_cn", "en", "english"]) + "|^中文$",
                   "description": "message language: zh or en" if en else "消息语言：zh 或 en"},
        # zhidu reads a code in any case (``mtg001:``); the schema offers the upper-case ones for completion
        "rules": {"anyOf": [{"type": "object", "properties": rules, "additionalProperties": False,
                             "patternProperties": {"^(?![A-Z]{3}[0-9]{3}$)[A-Za-z]{3}[0-9]{3}$": {}}},
                            {"type": "null"}],
                  "description": "per-rule overrides (docs/rules.md)" if en else "按规则覆盖级别或参数（见 docs/rules.md）"},
        "select": {**code_list, "description": "run only these rules" if en else "只运行这些规则"},
        "ignore": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"anyOf": [{"type": "string"}, period_ignore]}}],
                   "description": "rules not to run, or {code, period, reason} to silence one period"
                   if en else "不运行的规则；或 {code, period, reason} 只屏蔽某一期间"},
        "dues": {"anyOf": [{"type": "object"}, {"type": "null"}],
                 "description": "dues standard settings (docs/dues.md)" if en else "党费标准设置（见 docs/dues.md）"},
        "optional_bodies": {"anyOf": [{"enum": sorted(optional_bodies())},
                                      {"type": "array", "items": {"enum": sorted(optional_bodies())}}],
                            "description": "optional bodies whose meetings are checked" if en else "启用检查的可选机构"},
        "branches": {"type": "array",
                     "items": {"type": "object", "required": ["id", "path"], "additionalProperties": False,
                               "properties": {"id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                                              "path": {"type": "string"}, "name": {"type": "string"}}},
                     "description": "a street workspace's branches (docs/street.md)" if en else
                     "街道工作区的各支部（见 docs/street.md）"},
    }


def _param_schema(param, lang: str, defs: dict[str, Any]) -> dict[str, Any]:
    try:
        single = kind_schema(param.kind, lang, defs)
    except ValueError:        # a rule's own kind (a count, a wording): zhidu checks the value
        single = {"type": ["string", "number", "boolean"]}
    if isinstance(param.default, tuple):     # a list parameter; one value stands for a one-item list
        return {"anyOf": [single, {"type": "array", "items": single}]}
    return single


def all_schemas(lang: str = "zh") -> dict[str, dict[str, Any]]:
    """File name → schema, for every record kind."""
    return {KINDS[kind][0]: record_schema(kind, lang) for kind in KINDS}


def dump(schema: dict[str, Any]) -> str:
    import json

    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
