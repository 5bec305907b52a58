"""The reference docs are generated from the code; they must be current, and every rule fully documented."""

from __future__ import annotations

import pathlib

import pytest

from zhidu_cli.docs_gen.records import EXAMPLES, KINDS, WHAT_HAPPENED, records_markdown
from zhidu_cli.docs_gen.rules import rules_markdown
from zhidu_cli.model.build import build
from zhidu_cli.model.repository import CONFIG_KEYS
from zhidu_cli.records.yaml_loader import load_yaml
from zhidu_cli.rules.registry import all_rules

DOCS = pathlib.Path(__file__).parent.parent / "docs"
STALE = "stale: run `python -m zhidu_cli.docs_gen docs` and commit the result"


def test_records_md_is_current():
    assert (DOCS / "records.md").read_text(encoding="utf-8") == records_markdown(), STALE


def test_rules_md_is_current():
    assert (DOCS / "rules.md").read_text(encoding="utf-8") == rules_markdown(), STALE


@pytest.mark.parametrize("title,cls", [(title, cls) for title, _zh, cls, _nested in KINDS])
def test_every_records_example_is_valid(title, cls):
    node, problems = load_yaml(EXAMPLES[title].encode(), title)
    assert problems == []
    record, problems = build(cls, node, title, ignore=CONFIG_KEYS)
    assert problems == [] and record is not None


@pytest.mark.parametrize("title,cls,_rules,text", WHAT_HAPPENED, ids=[w[0][:12] for w in WHAT_HAPPENED])
def test_every_what_happened_example_is_valid(title, cls, _rules, text):
    node, problems = load_yaml(text.encode(), title)
    assert problems == []
    record, problems = build(cls, node, title, ignore=CONFIG_KEYS)
    assert problems == [] and record is not None


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_is_documented(rule):
    assert rule.citation.strip(), "a rule cites its source"
    assert rule.summary_zh.strip() and rule.summary_en.strip()
    assert rule.name == rule.name.lower() and " " not in rule.name, "names are kebab-case"
    assert rule.code.startswith(rule.family)
    for param in rule.params:
        assert param.doc_zh.strip(), f"{rule.code}.{param.name} has no doc"
    if rule.check is not None:
        assert rule.examples, f"{rule.code} needs a passing and a failing example"
    for variant, message in rule.messages.items():
        assert message.zh.strip() and message.en.strip(), f"{rule.code}[{variant}] needs zh and en"
    assert "" in rule.messages, f"{rule.code} needs a default message"
