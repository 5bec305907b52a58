"""``zhidu rules``: list every rule, or explain one with its parameters in force and examples."""

from __future__ import annotations

import pathlib
from typing import Optional

import typer
from rich.table import Table

from zhidu_cli.cli.common import fail, load, print_table, resolve_lang, stdout, wrap_for_terminal
from zhidu_cli.docs_gen.rules import example_setting, param_value_text
from zhidu_cli.records.repository import NotARepository, find_root
from zhidu_cli.rules.config import Settings, resolve
from zhidu_cli.rules.registry import all_rules, by_code

HELP = """列出全部规则，或说明一条规则 / list the rules, or explain one.

示例 / examples:

  zhidu rules

  zhidu rules QRM001

  zhidu rules -C examples/records --family MTG
"""


def _settings(repo: pathlib.Path, lang: Optional[str]) -> Settings:
    """The repository's settings when run inside one; the default profile otherwise."""
    try:
        find_root(repo)
    except NotARepository:
        return resolve(None, locale=resolve_lang(lang))
    return load(repo, lang=lang).settings


def rules(
    code: Optional[str] = typer.Argument(None, help="规则代码，如 QRM001"),
    repo: pathlib.Path = typer.Option(pathlib.Path("."), "-C", "--repo", help="记录仓库（用于显示其配置下是否启用、参数取值）"),
    family: Optional[str] = typer.Option(None, "--family", help="只列出某一类，如 MTG"),
    lang: Optional[str] = typer.Option(None, "--lang", help="zh / en"),
) -> None:
    settings = _settings(repo, lang)
    en = settings.locale == "en"
    out = stdout()
    if code:
        rule = by_code().get(code.strip().upper())
        if rule is None:
            import difflib

            close = difflib.get_close_matches(code.upper(), list(by_code()), n=1)
            fail(f"no rule {code} / 没有规则 {code}", f"did you mean {close[0]}? / 是否应为 {close[0]}？" if close else "")
        setting = settings.setting(rule.code)
        prose = []        # laid out for the terminal's width (never inside a date or a word); the examples are not
        prose.append(f"{rule.code} {rule.name} — {rule.summary_en if en else rule.summary_zh}")
        prose.append(f"{'severity' if en else '级别'}: {(setting.severity or rule.severity).label}    "
                     f"{'enabled' if en else '启用'}: {'yes' if settings.is_enabled(rule.code) else 'no'}")
        prose.append(f"{'citation' if en else '依据'}: {rule.citation}")
        for param in rule.params:
            value = setting.params.get(param.name, param.default)
            doc = param.doc_en if en and param.doc_en else param.doc_zh
            prose.append(f"  {param.name} = {param_value_text(value)}  "
                         f"({'default' if en else '默认'} {param_value_text(param.default)}) — {doc}")
        text = "\n".join(prose) + "\n"
        out.print(wrap_for_terminal(text, out.width) if out.is_terminal else text, markup=False, end="")
        for example in rule.examples:
            out.print(f"\n{example_setting(example).replace('`', '')}", markup=False)
            out.print(f"\n{'passes' if en else '通过'}:\n{example.passing.rstrip()}", markup=False)
            out.print(f"\n{'fails' if en else '不通过'}:\n{example.failing.rstrip()}", markup=False)
            for path, text in example.context:
                out.print(f"\n{'with' if en else '另有'} {path}:\n{text.rstrip()}", markup=False)
        return
    families = sorted({rule.family for rule in all_rules()})
    if family and family.strip().upper() not in families:
        fail(f"no rule family {family} / 没有规则类别 {family}", "families / 类别: " + ", ".join(families))
    table = Table(box=None, pad_edge=False)
    for header in (("code", "name", "severity", "enabled") if en else ("代码", "名称", "级别", "启用")):
        table.add_column(header, no_wrap=True)
    table.add_column("citation" if en else "依据", overflow="fold")   # a citation is never cut short
    for rule in all_rules():
        if family and rule.family != family.strip().upper():
            continue
        severity = settings.setting(rule.code).severity or rule.severity
        table.add_row(rule.code, rule.name, severity.label, "yes" if settings.is_enabled(rule.code) else "no",
                      rule.citation)
    print_table(out, table, fold_to=24)
