"""``zhidu check``: validate the records against the branch's rules."""

from __future__ import annotations

import dataclasses
import enum
import os
import pathlib
import sys
from typing import Optional

import typer

from zhidu_cli.cli.common import (AsOfOption, EXIT_CLEAN, EXIT_FINDINGS, LangOption, RepoArg, RepoOption, at, load,
                                  parse_as_of, pick_repo)
from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.diagnostics.report import Report
from zhidu_cli.diagnostics.formatters import format_report, github_step_summary
from zhidu_cli.workspace import check as run_check

HELP = """检查记录是否符合支部工作制度 / check the records against the rules.

示例 / examples:

  zhidu check examples/records --as-of 2025-12-31

  zhidu check . --output-format json --select MTG,QRM

  zhidu check --fail-on error --ignore DUE002
"""

MACHINE_FORMATS = {"json", "github", "gitlab", "sarif"}


class OutputFormat(str, enum.Enum):
    full = "full"
    concise = "concise"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    sarif = "sarif"


class FailOn(str, enum.Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def only_file(report: Report, path: str) -> Report:
    """The report restricted to the findings located in one file."""
    return dataclasses.replace(report, findings=tuple(f for f in report.findings if f.location.path == path),
                               files_checked=1, files_unread=0)


def check(
    repo: pathlib.Path = RepoArg,
    repo_option: Optional[pathlib.Path] = RepoOption,
    output_format: Optional[OutputFormat] = typer.Option(
        None, "--output-format", "-f", help="输出格式（GitHub Actions 中默认 github，否则 full）"),
    fail_on: FailOn = typer.Option(FailOn.warning, "--fail-on", help="达到该级别的问题使退出码为 1"),
    as_of: Optional[str] = AsOfOption,
    lang: Optional[str] = LangOption,
    select: Optional[list[str]] = typer.Option(None, "--select", help="只运行这些规则（代码或前缀，可用逗号分隔）"),
    ignore: Optional[list[str]] = typer.Option(None, "--ignore", help="不运行这些规则（代码或前缀）"),
    show_source: bool = typer.Option(False, "--show-source", help="在 full 格式中显示出错的源行（可能含隐私字段）"),
) -> None:
    day = parse_as_of(as_of)
    target = pick_repo(repo, repo_option)
    ws = at(load(target, lang=lang, select=select, ignore=ignore), day, as_of, say=False)   # said in the summary
    report = run_check(ws, day)
    if target.is_file():     # ``zhidu check members/wang-wu.yaml``: the whole branch is checked (rules
        report = only_file(report, target.resolve().relative_to(ws.root).as_posix())  # cross files), one file shown
    fmt = (output_format.value if output_format else
           "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full")
    lines = {f.path: list(f.lines) for f in ws.records.files} if show_source else None
    text = format_report(report, fmt, source_lines=lines.get if lines is not None else None)
    stream = sys.stdout if fmt in MACHINE_FORMATS else sys.stderr
    stream.write(text)
    stream.flush()
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary_path:
        try:
            with open(summary_path, "a", encoding="utf-8") as handle:
                handle.write(github_step_summary(report))
        except OSError as error:    # the findings are out already: a summary must not change the exit code
            sys.stderr.write(f"zhidu: cannot write the step summary {summary_path}: {error.strerror or error} / "
                             "无法写入 GITHUB_STEP_SUMMARY\n")
    worst = report.worst()
    threshold = None if fail_on is FailOn.never else Severity.parse(fail_on.value)
    raise typer.Exit(EXIT_FINDINGS if worst and threshold and worst >= threshold else EXIT_CLEAN)
