"""Configuration: profiles and their ``extends:`` chains, ``zhidu.yaml`` overrides, select/ignore, locale,
and the located CFG errors that stop a run.

``resolve`` is pure over a parsed ``zhidu.yaml``; a made-up rule with parameters (FAK001) stands in
for the rule families, so these tests do not move when real rules are added.
"""

from __future__ import annotations

import textwrap

import pytest

from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.model import vocab as V
from zhidu_cli.model.fields import INT
from zhidu_cli.records.yaml_loader import load_yaml
from zhidu_cli.rules import config, registry
from zhidu_cli.rules.config import ConfigError, resolve
from zhidu_cli.rules.engine import Message, Param, Rule

FAKE = Rule("FAK001", "fake-rule", "FAK", "测试规则", "a test rule", "测试", Severity.ERROR,
            {"": Message("测试", "test")}, check=lambda ctx: (),
            params=(Param("limit", INT, 2, "上限"), Param("types", V.MEETING_TYPES.kind(), ("study",), "类型")),
            enabled_by_default=False)


@pytest.fixture(autouse=True)
def fake_rule(monkeypatch):
    monkeypatch.setattr(config, "by_code", lambda: {**registry.by_code(), FAKE.code: FAKE})
    monkeypatch.setattr(config, "optional_bodies", lambda: {"trade-union": (FAKE.code,)})


@pytest.fixture
def profiles(tmp_path, monkeypatch):
    """A private profile folder: ``profiles(name=yaml, ...)``."""
    def write(**docs: str):
        for name, text in docs.items():
            (tmp_path / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    monkeypatch.setattr(config, "PROFILE_DIR", tmp_path)
    return write


def settings(text: str = "", **kwargs):
    node, problems = load_yaml(textwrap.dedent(text).encode(), "zhidu.yaml") if text else (None, [])
    assert problems == []
    return resolve(node, **kwargs)


def errors(text: str, lang: str = "zh"):
    """(code, line, column, message) of each located configuration problem."""
    from zhidu_cli.workspace import config_findings

    with pytest.raises(ConfigError) as raised:
        settings(text)
    return [(f.code, f.location.path, f.location.line, f.location.column, f.message)
            for f in config_findings(raised.value, lang)]


# --- profiles -----------------------------------------------------------------------------------

def test_default_profile():
    assert settings("name: 支部\n").profiles == ("community-branch",)
    assert settings().profiles == ("community-branch",)          # zhidu.yaml did not parse


def test_builtin_chain():
    assert settings("extends: guizhou-community\n").profiles == ("community-branch", "guizhou-community")


def test_extends_chain_overlays_base_first(profiles):
    profiles(
        base="rules:\n  REF004: {severity: warning}\n  FAK001: {limit: 3, types: [党课]}\n",
        mid="extends: base\nrules:\n  REF005: off\n  FAK001: {limit: 4}\n",
    )
    got = settings("extends: mid\nrules:\n  REF004: {enabled: false}\n")
    assert got.profiles == ("base", "mid")
    assert got.setting("REF004").enabled is False and got.setting("REF004").severity is Severity.WARNING
    assert got.setting("FAK001").params == {"limit": 4, "types": ("party-lecture",)}
    assert not got.is_enabled("REF005") and not got.is_enabled("REF004")


def test_an_extends_cycle_ends(profiles):
    profiles(a="extends: b\n", b="extends: a\n")
    assert settings("extends: a\n").profiles == ("b", "a")


def test_a_bad_extends_in_a_profile_is_located_in_that_profile(profiles):
    profiles(mid="# a profile\nextends: bsae\n", base="rules: {}\n")
    assert errors("extends: mid\n") == [
        ("CFG004", "mid", 2, 10, "没有名为 bsae 的配置档，是否应为 base？")]


# --- rule settings ------------------------------------------------------------------------------

@pytest.mark.parametrize("text,enabled,severity", [
    ("off", False, None), ("关闭", False, None), ("on", True, None),
    ("warning", None, Severity.WARNING), ("警告", None, Severity.WARNING), ("info", None, Severity.INFO),
])
def test_scalar_rule_settings(text, enabled, severity):
    setting = settings(f"rules:\n  REF003: {text}\n").setting("REF003")
    assert (setting.enabled, setting.severity) == (enabled, severity)


def test_code_off_disables_and_enabled_true_enables():
    got = settings("rules:\n  REF003: off\n  FAK001: {enabled: true, limit: 0, types: 学习活动}\n")
    assert not got.is_enabled("REF003") and got.is_enabled("REF004")
    assert got.is_enabled("FAK001")                    # off by default, switched on
    assert got.setting("FAK001").params == {"limit": 0, "types": ("study",)}


def test_optional_bodies_switch_rules_on():
    assert not settings("name: 支部\n").is_enabled("FAK001")
    assert settings("optional_bodies: [trade-union]\n").is_enabled("FAK001")


def test_lower_case_codes_are_accepted():
    assert not settings("rules:\n  ref003: off\n").is_enabled("REF003")


# --- select and ignore --------------------------------------------------------------------------

def test_select_and_ignore_are_prefixes():
    got = settings("select: [REF, SCH004]\nignore: REF004\n")
    assert got.is_enabled("SCH004") and not got.is_enabled("SCH005")
    assert got.is_enabled("REF003") and not got.is_enabled("REF004")
    assert got.is_enabled("ZHD001")                          # internal errors always show
    for unread in ("SCH001", "SCH002", "SCH010"):            # and so does every file not read or parsed
        assert got.is_enabled(unread) and settings(f"ignore: [SCH]\nrules:\n  {unread}: off\n").is_enabled(unread)
    assert not settings("ignore: [REF]\n").is_enabled("REF003")
    assert not settings("select: [SCH]\nrules:\n  REF003: on\n").is_enabled("REF003")


def test_select_as_a_comma_separated_string():
    assert settings("select: 'sch, ref001'\n").select == ("SCH", "REF001")


def test_command_line_select_replaces_and_ignore_adds():
    got = settings("select: [REF]\nignore: [REF004]\n", select=("SCH",), ignore=("REF005",))
    assert got.select == ("SCH",)
    assert got.ignore == ("REF004", "REF005")
    assert settings("select: [REF]\n", select=None).select == ("REF",)


# --- locale -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,locale", [("en", "en"), ("EN", "en"), ("English", "en"), ("中文", "zh"),
                                         ("zh-CN", "zh")])
def test_locale(text, locale):
    assert settings(f"locale: {text}\n").locale == locale


def test_command_line_language_beats_locale():
    assert settings("locale: en\n", locale="zh").locale == "zh"


# --- located errors -----------------------------------------------------------------------------

def test_unknown_rule_code():
    assert errors("name: 支部\nrules:\n  REF03: off\n  NOPE9: off\n") == [
        ("CFG001", "zhidu.yaml", 3, 3, "没有规则 REF03，是否应为 REF003？"),
        ("CFG001", "zhidu.yaml", 4, 3, "没有规则 NOPE9"),
    ]


def test_unknown_code_in_select_and_ignore():
    assert errors("select: [SCH, XYZ]\nignore: REF00, REF9\n") == [
        ("CFG001", "zhidu.yaml", 1, 15, "没有规则 XYZ"),
        ("CFG001", "zhidu.yaml", 2, 9, "没有规则 REF9，是否应为 REF006？"),
    ]


def test_unknown_parameter():
    assert errors("rules:\n  FAK001: {limt: 3, colour: red}\n", lang="en") == [
        ("CFG002", "zhidu.yaml", 2, 12, "rule FAK001 has no parameter limt; did you mean limit?"),
        ("CFG002", "zhidu.yaml", 2, 21, "rule FAK001 has no parameter colour"),
    ]


@pytest.mark.parametrize("body,column", [
    ("{limit: 0123}", 19),          # an int is written without leading zeros
    ("{limit: [1, 2]}", 19),        # not a list parameter
    ("{types: [党课, 讲座]}", 24),   # one bad item in a list parameter
    ("{severity: loud}", 22),
    ("{enabled: maybe}", 21),
    ("loud", 11),
    ("[off]", 11),
])
def test_bad_values(body, column):
    [(code, path, line, col, _message)] = errors(f"rules:\n  FAK001: {body}\n")
    assert (code, path, line, col) == ("CFG003", "zhidu.yaml", 2, column)


def test_bad_sections():
    assert [e[:4] for e in errors("rules: off\nselect: {a: 1}\nlocale: fr\n")] == [
        ("CFG003", "zhidu.yaml", 1, 8), ("CFG003", "zhidu.yaml", 2, 9), ("CFG003", "zhidu.yaml", 3, 9)]


def test_unknown_profile():
    assert errors("name: 支部\nextends: guizhou-comunity\n") == [
        ("CFG004", "zhidu.yaml", 2, 10, "没有名为 guizhou-comunity 的配置档，是否应为 guizhou-community？")]
    assert [e[:4] for e in errors("extends: [a]\n")] == [("CFG004", "zhidu.yaml", 1, 10)]


def test_unknown_optional_body():
    assert errors("optional_bodies:\n  - trade-union\n  - tradeunion\n") == [
        ("CFG005", "zhidu.yaml", 3, 5, "没有名为 tradeunion 的可选机构，是否应为 trade-union？")]


def test_every_problem_is_reported_at_once():
    codes = [e[0] for e in errors("rules:\n  REF03: off\n  REF004: {foo: 1}\n  REF005: loud\n")]
    assert codes == ["CFG001", "CFG002", "CFG003"]
