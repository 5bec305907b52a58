"""The rule engine: running rules, a failing rule as ZHD001, message formatting, severity precedence,
parameters by date, and the per-run memo.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zhidu_cli.diagnostics.finding import Location, Problem, Severity
from zhidu_cli.model.fields import INT
from zhidu_cli.rules import config, registry
from zhidu_cli.rules.engine import (Context, Message, Param, Rule, RuleSetting, Version, format_message,
                                    run_rules, to_finding)
from zhidu_cli import workspace

AS_OF = dt.date(2025, 12, 31)
HERE = Location("members/a.yaml", 3, 5)


def make_rule(code, check=None, **kwargs):
    return Rule(code, "test-rule", code[:3], "测试", "test", "测试依据", Severity.ERROR,
                {"": Message("成员 {name} 于 {date} 有 {count} 项", "member {name} has {count} on {date}", "提示 {name}")},
                check=check, **kwargs)


def run(rules, upstream=(), enabled=lambda code: True, settings=None, lang="zh"):
    settings = settings or {}
    registry_ = {r.code: r for r in rules} | {"ZHD001": registry.by_code()["ZHD001"]}
    memo: dict = {}

    def make_context(rule, setting):
        return Context(rule, None, AS_OF, setting, settings=None, calendar=None, memo=memo)

    return run_rules(rules, registry_, enabled, lambda code: settings.get(code, RuleSetting()), make_context,
                     upstream, lang)


def boom(ctx):
    yield ctx.problem(HERE, name="王五", date=dt.date(2025, 1, 2), count=1)
    raise KeyError("wang-wu")


# --- a failing rule -----------------------------------------------------------------------------

def test_a_rule_that_raises_becomes_zhd001():
    outcome = run([make_rule("TST001", boom), make_rule("TST002", lambda ctx: iter([ctx.problem(HERE)]))])
    assert [(f.code, f.severity) for f in outcome.findings] == [("TST001", Severity.ERROR),
                                                                ("TST002", Severity.ERROR),
                                                                ("ZHD001", Severity.ERROR)]
    internal = outcome.findings[-1]
    assert internal.facts["rule"] == "TST001"
    assert internal.facts["error"] == "KeyError: 'wang-wu'"
    assert internal.facts["where"].startswith("test_engine.py:")
    assert "TST001" in internal.message
    assert [r.code for r in outcome.rules_run] == ["TST001", "TST002"]


def test_a_failing_rule_in_a_real_check_is_a_finding(repo, monkeypatch):
    failing = make_rule("TST001", boom)
    rules = registry.all_rules() + (failing,)
    codes = {**registry.by_code(), failing.code: failing}
    monkeypatch.setattr(workspace, "all_rules", lambda: rules)
    monkeypatch.setattr(workspace, "by_code", lambda: codes)
    monkeypatch.setattr(config, "by_code", lambda: codes)
    repo.member("a", "name: 甲\nhistory:\n  - {date: 2000-07-01, event: full}\n")
    findings = repo.check("2025-12-31", select=("TST", "REF"))
    assert [(f.code, str(f.location)) for f in findings] == [("TST001", "members/a.yaml:3:5"),
                                                           ("ZHD001", "zhidu.yaml")]


# --- which problems become findings -------------------------------------------------------------

def test_disabled_rules_do_not_run_and_their_upstream_problems_are_dropped():
    ran = []
    rule = make_rule("TST001", lambda ctx: ran.append(ctx) or ())
    upstream = [Problem("TST001", HERE, {"name": "甲"}), Problem("TST002", HERE, {"name": "乙"})]
    outcome = run([rule, make_rule("TST002")], upstream, enabled=lambda code: code != "TST001")
    assert ran == []
    assert [(f.code, f.message) for f in outcome.findings] == [("TST002", "成员 乙 于 {date} 有 {count} 项")]


def test_identical_findings_are_reported_once():
    twice = make_rule("TST001", lambda ctx: [ctx.problem(HERE, name="甲")] * 2)
    assert len(run([twice]).findings) == 1


# --- messages -----------------------------------------------------------------------------------

def test_facts_are_formatted():
    facts = {"date": dt.date(2025, 3, 1), "amount": Decimal("12.5"), "rate": Decimal("0.005"),
             "names": ("王五", "李四"), "ok": False, "n": 7}
    template = "{date} {amount} {rate} {names} {ok} {n} {missing}"
    assert format_message(template, facts, "zh") == "2025-03-01 12.50 0.005 王五、李四 否 7 {missing}"
    assert format_message(template, facts, "en") == "2025-03-01 12.50 0.005 王五, 李四 no 7 {missing}"


def test_message_and_hint_in_the_chosen_language():
    rule = make_rule("TST001")
    problem = Problem("TST001", HERE, {"name": "王五", "date": dt.date(2025, 1, 2), "count": 3})
    zh = to_finding(problem, rule, RuleSetting(), "zh")
    en = to_finding(problem, rule, RuleSetting(), "en")
    assert (zh.message, zh.hint) == ("成员 王五 于 2025-01-02 有 3 项", "提示 王五")
    assert en.message == "member 王五 has 3 on 2025-01-02"
    assert (zh.citation, zh.name, zh.location) == ("测试依据", "test-rule", HERE)


def test_an_unknown_variant_falls_back_to_the_default_message():
    rule = make_rule("TST001")
    finding = to_finding(Problem("TST001", HERE, {"name": "甲"}, "no-such-variant"), rule, RuleSetting(), "zh")
    assert finding.message.startswith("成员 甲")


# --- severity precedence: configuration > problem > rule default --------------------------------

def test_severity_precedence():
    rule = make_rule("TST001")
    plain = Problem("TST001", HERE)
    warned = Problem("TST001", HERE, severity=Severity.WARNING)
    assert to_finding(plain, rule, RuleSetting(), "zh").severity is Severity.ERROR
    assert to_finding(warned, rule, RuleSetting(), "zh").severity is Severity.WARNING
    assert to_finding(warned, rule, RuleSetting(severity=Severity.INFO), "zh").severity is Severity.INFO
    assert to_finding(plain, rule, RuleSetting(severity=Severity.INFO), "zh").severity is Severity.INFO


def test_severity_override_from_zhidu_yaml(repo):
    repo.config("rules:\n  REF003: warning\n")
    repo.member("a", "name: 甲\ngroup: gx\nhistory:\n  - {date: 2000-07-01, event: full}\n")
    [finding] = repo.check("2025-12-31", select=("REF",))
    assert (finding.code, finding.severity) == ("REF003", Severity.WARNING)


# --- parameters and the memo --------------------------------------------------------------------

def test_parameter_precedence_and_versions():
    rule = make_rule("TST001", params=(Param("limit", INT, 3, "上限"),),
                     versions=(Version(dt.date(2019, 1, 1), dt.date(2024, 1, 1), {"limit": 5}),))

    def ctx(setting):
        return Context(rule, None, AS_OF, setting, settings=None, calendar=None, memo={})

    default = ctx(RuleSetting())
    assert default.param("limit") == 3                              # as of 2025-12-31
    assert default.param("limit", on=dt.date(2018, 12, 31)) == 3
    assert default.param("limit", on=dt.date(2019, 1, 1)) == 5
    assert default.param("limit", on=dt.date(2023, 12, 31)) == 5
    assert default.param("limit", on=dt.date(2024, 1, 1)) == 3      # a version's end is exclusive
    assert ctx(RuleSetting(params={"limit": 9})).param("limit", on=dt.date(2020, 1, 1)) == 9


def test_shared_is_computed_once_per_run():
    calls = []

    def check(ctx):
        value = ctx.shared("tally", lambda: calls.append(1) or 42)
        yield ctx.problem(HERE, name=value)

    outcome = run([make_rule("TST001", check), make_rule("TST002", check)])
    assert calls == [1]
    assert [f.facts["name"] for f in outcome.findings] == [42, 42]
