"""``zhidu check``: validate the records against the branch's rules."""

from __future__ import annotations

import enum
import os
import pathlib
import sys
from typing import TYPE_CHECKING, Optional

import typer

from zhidu_cli.cli.common import (AsOfOption, BranchOption, JobsOption, maybe_workspace, EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, LangOption, RepoArg, RepoOption,
                                  as_of_given, at, load, parse_as_of, pick_repo, resolve_lang)

if TYPE_CHECKING:
    from zhidu_cli.diagnostics.report import Report

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
    import dataclasses

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
    no_cache: bool = typer.Option(False, "--no-cache", help="不读也不写缓存（用户缓存目录，见 docs/cache.md）/ "
                                                          "neither read nor write the cache"),
    branch: Optional[str] = BranchOption,
    jobs: Optional[int] = JobsOption,
) -> None:
    day = parse_as_of(as_of)
    target = pick_repo(repo, repo_option)
    fmt = (output_format.value if output_format else
           "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full")

    layout = maybe_workspace(target, branch, lang)
    if layout is not None:     # a street workspace: every branch, each with its own configuration
        _check_workspace(layout, branch, jobs, day, as_of, lang, select, ignore, fmt, fail_on, show_source)
    cached = None if no_cache else _cached_run(target, {
        "as_of": day.isoformat(), "as_of_given": as_of_given(as_of), "lang": resolve_lang(lang), "select": select or [], "ignore": ignore or [],
        "format": fmt, "show_source": show_source, "target": str(target), "cwd": os.getcwd()})
    if cached is not None and cached.result is not None:
        _emit(cached.result, fmt, fail_on)
    ws = at(load(target, lang=lang, select=select, ignore=ignore, cache=not no_cache), day, as_of,
            say=False)   # said in the summary
    from zhidu_cli.diagnostics.formatters import format_report, github_step_summary
    from zhidu_cli.workspace import check as run_check

    report = run_check(ws, day)
    if target.is_file():     # ``zhidu check members/wang-wu.yaml``: the whole branch is checked (rules
        report = only_file(report, target.resolve().relative_to(ws.root).as_posix())  # cross files), one file shown
    lines = _source_lines(ws.root) if show_source else None
    worst = report.worst()
    result = {"text": format_report(report, fmt, source_lines=lines),
              "summary": github_step_summary(report) if fmt == "github" else None,
              "worst": int(worst) if worst else None}
    if cached is not None:
        cached.save(result)
    _emit(result, fmt, fail_on)


class _CachedRun:
    """The whole-result cache of one run: looked up before anything heavy is imported, saved after."""

    def __init__(self, store, options: dict, tree) -> None:
        self.store, self.options, self.tree = store, options, tree
        self.result = store.get_result(options, tree) if tree is not None else None
        if self.result is not None and not _valid(self.result):
            self.result = None

    def save(self, result: dict) -> None:
        if self.tree is not None:
            self.store.put_result(self.options, self.tree, result)


def _valid(result: dict) -> bool:
    return (type(result.get("text")) is str and type(result.get("summary")) in (str, type(None))
            and (result.get("worst") is None or result.get("worst") in (1, 2, 3)))


def _cached_run(target: pathlib.Path, options: dict) -> _CachedRun | None:
    from zhidu_cli import cache
    from zhidu_cli.records.root import NotARepository, find_root

    try:
        root = find_root(target)
    except (NotARepository, OSError):
        return None               # reported by the uncached path, with its hint
    store = cache.Store.open(root)
    if store is None:
        return None
    return _CachedRun(store, {**options, "root": str(root)}, cache.Tree.scan(root))


def _source_lines(root: pathlib.Path):
    """The lines of a records file, read when a finding in it is shown (``--show-source``)."""
    found: dict[str, list[str]] = {}

    def lines(path: str) -> list[str]:
        if path not in found:
            try:
                text = (root / path).read_bytes().decode("utf-8-sig", errors="replace")
            except OSError:
                text = ""
            found[path] = text.splitlines()
        return found[path]

    return lines


def _check_workspace(layout, branch, jobs, day, as_of, lang, select, ignore, fmt: str, fail_on: FailOn,
                     show_source: bool) -> None:
    """``zhidu check`` of every branch (docs/street.md); exit 2 when a branch could not be opened."""
    from zhidu_cli.cli.common import split_codes
    from zhidu_cli.cli.street import check_workspace
    from zhidu_cli.diagnostics.formatters import github_step_summary

    stream = sys.stdout if fmt in MACHINE_FORMATS else sys.stderr
    reports, failed = check_workspace(layout, branch, jobs, day, as_of_given(as_of), lang, split_codes(select) or None,
                                      split_codes(ignore), fmt, stream, show_source)
    if fmt == "github":
        for report in reports:
            _emit_summary(github_step_summary(report))
    if failed:
        raise typer.Exit(EXIT_USAGE)
    worst = max((r.worst() for r in reports if r.worst()), default=None)
    threshold = {"error": 3, "warning": 2, "info": 1}.get(fail_on.value)
    raise typer.Exit(EXIT_FINDINGS if worst and threshold and worst >= threshold else EXIT_CLEAN)


def _emit_summary(text: str | None) -> None:
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path and text is not None:
        try:
            with open(summary_path, "a", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:    # the findings are out already: a summary must not change the exit code
            sys.stderr.write(f"zhidu: cannot write the step summary {summary_path}: {error.strerror or error} / "
                             "无法写入 GITHUB_STEP_SUMMARY\n")


def _emit(result: dict, fmt: str, fail_on: FailOn) -> None:
    """Print the findings, append the step summary, and exit with the code ``--fail-on`` asks for."""
    stream = sys.stdout if fmt in MACHINE_FORMATS else sys.stderr
    stream.write(result["text"])
    stream.flush()
    if fmt == "github":
        _emit_summary(result["summary"])
    worst = result["worst"]
    threshold = {"error": 3, "warning": 2, "info": 1}.get(fail_on.value)
    raise typer.Exit(EXIT_FINDINGS if worst and threshold and worst >= threshold else EXIT_CLEAN)
