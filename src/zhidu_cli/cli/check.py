"""``zhidu check``: validate the records against the branch's rules.

Streams follow ruff and yamllint: the findings, in every format, go to stdout (``zhidu check -f
concise | head`` shows findings); the summary line, the concise list that backs up ``-f github``'s
annotations, and errors about the invocation go to stderr.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import pathlib
import sys
from typing import TYPE_CHECKING, Optional

import typer

from zhidu_cli.cli import replay
from zhidu_cli.cli.common import (AsOfOption, BranchOption, EXIT_CLEAN, EXIT_USAGE, JobsOption, LangOption,
                                  RepoOption, as_of_given, at, fail, load, maybe_workspace, must_exist, parse_as_of,
                                  resolve_lang, split_codes)

if TYPE_CHECKING:   # imported where used: a run answered from the cache imports none of them
    from zhidu_cli.diagnostics.report import Report
    from zhidu_cli.workspace import Workspace


HELP = """检查记录是否符合支部工作制度 / check the records against the rules.

问题（任何格式）输出到 stdout，汇总行和用法错误输出到 stderr。
Findings (every format) go to stdout; the summary line and usage errors to stderr.

示例 / examples:

\b
  zhidu check examples/records --as-of 2025-12-31
  zhidu check . --output-format json --select MTG,QRM
  zhidu check members/wang-wu.yaml meetings/2025/2025-03-15-branch-committee.yaml
  zhidu check --timeless        # 与日期无关的规则（提交钩子用）/ date-independent rules
  zhidu check --statistics      # 按规则代码计数 / a count per code
  zhidu check --write-baseline .zhidu/baseline.json    # 记录已知问题 / record known findings
  zhidu check --baseline .zhidu/baseline.json          # 只报告新问题 / report new ones only
"""

MACHINE_FORMATS = {"json", "github", "gitlab", "sarif"}

#: The records files zhidu reads, for the message about a file that is not one.
RECORD_FILES = "zhidu.yaml, calendar.yaml, members/*.yaml, meetings/YYYY/*.yaml, decisions/YYYY/*.yaml, dues/*.yaml"


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


def only_files(report: Report, paths: set[str]) -> Report:
    """The report restricted to the findings located in some files (the whole branch was checked)."""
    import dataclasses

    return dataclasses.replace(report, findings=tuple(f for f in report.findings if f.location.path in paths),
                               files_checked=len(paths), files_unread=0)


def _targets(paths: list[pathlib.Path], option: Optional[pathlib.Path]) -> tuple[pathlib.Path, list[pathlib.Path]]:
    """The repository to open and the files whose findings are shown (none: the whole repository).

    Every path must exist and belong to one repository. A folder (or ``-C``) names the repository; files
    name what is shown: ``zhidu check -C my-branch my-branch/members/wang-wu.yaml`` shows that file.
    """
    given = list(paths) + ([option] if option is not None else [])
    if not given:
        return pathlib.Path("."), []
    for path in given:
        must_exist(path)
    files = [p for p in given if p.is_file()]
    folders = [p for p in given if not p.is_file()]
    if folders and len({p.resolve() for p in folders}) > 1:
        fail(f"two repositories given: {folders[0]} and {folders[1]} / 记录仓库只能给一个")
    return (folders[0] if folders else files[0]), files


def _shown_paths(ws: Workspace, files: list[pathlib.Path]) -> set[str]:
    """Repository-relative paths of the files given; a file that is not a record is a usage error."""
    loaded = {f.path for f in ws.records.files}
    shown = set()
    for file in files:
        try:
            relative = file.resolve().relative_to(ws.root).as_posix()
        except ValueError:
            fail(f"{file} is not in the records repository {ws.display} / 不在记录仓库 {ws.display} 中",
                 "files of one repository at a time / 一次只检查一个仓库的文件")
        if relative not in loaded:
            fail(f"{file} is not a records file: nothing to check / 不是记录文件，无可检查",
                 f"zhidu reads {RECORD_FILES} / zhidu 只读取这些文件")
        shown.add(relative)
    return shown


def check(
    paths: Optional[list[pathlib.Path]] = typer.Argument(
        None, show_default=False, metavar="REPO|FILE",
        help="记录仓库（含 zhidu.yaml 的目录或其子目录），或其中的若干记录文件（只显示这些文件中的问题）"
             " / the records repository, or records files in it (only their findings are shown)"),
    repo_option: Optional[pathlib.Path] = RepoOption,
    output_format: Optional[OutputFormat] = typer.Option(
        None, "--output-format", "-f", help="输出格式（GitHub Actions 中默认 github，否则 full）"),
    fail_on: FailOn = typer.Option(FailOn.warning, "--fail-on", help="达到该级别的问题使退出码为 1"),
    as_of: Optional[str] = AsOfOption,
    lang: Optional[str] = LangOption,
    select: Optional[list[str]] = typer.Option(None, "--select", help="只运行这些规则（代码或前缀，可用逗号分隔）"),
    ignore: Optional[list[str]] = typer.Option(None, "--ignore", help="不运行这些规则（代码或前缀）"),
    timeless: bool = typer.Option(False, "--timeless",
                                  help="只运行与日期无关的规则（格式、引用、已开会议的记录），新的一天不会改变结果；"
                                       "见 docs/ci.md / only the date-independent rules"),
    statistics: bool = typer.Option(False, "--statistics", help="只输出每个规则代码的问题数 / a count per code"),
    baseline: Optional[pathlib.Path] = typer.Option(
        None, "--baseline", help="忽略基线文件中记录的已知问题，并报告已不再出现的条目 / ignore the findings recorded in FILE",
        metavar="FILE"),
    write_baseline_to: Optional[pathlib.Path] = typer.Option(
        None, "--write-baseline", metavar="FILE", help="把当前全部问题写入基线文件 / record the current findings in FILE"),
    force: bool = typer.Option(False, "--force", help="--write-baseline 覆盖已有文件 / overwrite FILE"),
    show_source: bool = typer.Option(False, "--show-source", help="在 full 格式中显示出错的源行（可能含隐私字段）"),
    no_cache: bool = typer.Option(False, "--no-cache", help="不读也不写缓存（用户缓存目录，见 docs/cache.md）/ "
                                                          "neither read nor write the cache"),
    branch: Optional[str] = BranchOption,
    jobs: Optional[int] = JobsOption,
) -> None:
    if timeless and as_of is not None:
        fail("--timeless judges every recorded fact whatever the date: drop --as-of / --timeless 与日期无关，不能与 --as-of 同用")
    day = _last_day_of_records() if timeless else parse_as_of(as_of)
    target, files = _targets(paths or [], repo_option)
    fmt = (output_format.value if output_format else       # statistics are text unless asked otherwise
           "github" if os.environ.get("GITHUB_ACTIONS") == "true" and not statistics else "full")
    layout = None if files else maybe_workspace(target, branch, lang)
    if layout is not None:     # a street workspace: every branch, each with its own configuration
        _check_workspace(layout, branch, jobs, day, as_of, lang, select, ignore, fmt, fail_on, show_source)
    cached = None
    if not no_cache and write_baseline_to is None:
        cached = _cached_run(target, {
            "as_of": day.isoformat(), "as_of_given": as_of_given(as_of), "lang": resolve_lang(lang),
            "select": select or [], "ignore": ignore or [], "format": fmt, "show_source": show_source,
            "timeless": timeless, "statistics": statistics, "target": str(target), "cwd": os.getcwd(),
            "files": sorted(str(f.resolve()) for f in files), "terminal": _terminal_width(),
            "baseline": replay.baseline_key(baseline)})
        if cached is not None and cached.result is not None:
            cached.remember(fmt, fail_on, target, [*(paths or []), repo_option], baseline)
            _emit(cached.result, fmt, fail_on)
    result = _run(target, files, day, as_of, fmt, lang=lang, select=select, ignore=ignore, timeless=timeless,
                  statistics=statistics, baseline=baseline, write_baseline_to=write_baseline_to, force=force,
                  show_source=show_source, cache=not no_cache)
    if cached is not None:
        cached.save(result)
        cached.remember(fmt, fail_on, target, [*(paths or []), repo_option], baseline)
    _emit(result, fmt, fail_on)


def _run(target: pathlib.Path, files: list[pathlib.Path], day: dt.date, as_of: Optional[str], fmt: str, *,
         lang, select, ignore, timeless: bool, statistics: bool, baseline: Optional[pathlib.Path],
         write_baseline_to: Optional[pathlib.Path], force: bool, show_source: bool, cache: bool) -> dict:
    """Check the records and lay out what a run prints: stdout, stderr, the step summary, the worst severity."""
    from zhidu_cli.diagnostics.formatters import (format_concise, format_report, format_statistics,
                                                  github_step_summary, summary_line)
    from zhidu_cli.workspace import check as run_check, without_baseline

    chosen = _timeless_selection(select) if timeless else select
    ws = load(target, lang=lang, select=chosen, ignore=ignore, cache=cache)
    if not timeless:
        ws = at(ws, day, as_of, say=False)   # an explicit date: later records are not yet written (said in the summary)
    entries = _read_baseline(baseline) if baseline is not None else None
    report = run_check(ws, day)
    scope = _shown_paths(ws, files) if files else None
    if scope is not None:     # ``zhidu check FILE…``: the whole branch is checked (rules cross files), those files shown
        report = only_files(report, scope)
    if write_baseline_to is not None:
        _write_baseline(write_baseline_to, report, force, ws.lang)
        raise typer.Exit(EXIT_CLEAN)
    if entries is not None:
        report = without_baseline(ws, report, entries, _as_seen_from(ws, baseline), scope)
    summary = summary_line(report, timeless=timeless)
    out = err = ""
    if statistics:
        if fmt not in ("full", "concise", "json"):
            fail(f"--statistics prints text or json, not {fmt} / --statistics 只能输出文本或 json")
        out = format_statistics(report, fmt)
        if fmt != "json":
            err = summary + "\n"
    else:
        out = format_report(report, fmt, source_lines=_source_lines(ws.root) if show_source else None)
        width = _terminal_width()
        if fmt in ("full", "concise") and width:   # a pipe keeps one finding a line for grep
            from zhidu_cli.cli.common import wrap_for_terminal

            out = wrap_for_terminal(out, width)
        if fmt == "github":      # GitHub shows ten annotations a step: the whole list goes to the log
            err = format_concise(report)
        if fmt not in MACHINE_FORMATS or fmt == "github":
            err += summary + "\n"
    worst = report.worst()
    return {"out": out, "err": err,
            "summary": github_step_summary(report, timeless=timeless) if fmt == "github" else None,
            "worst": int(worst) if worst else None}


def _last_day_of_records() -> dt.date:
    """``--timeless`` judges every recorded fact: as of the last day a record may carry."""
    from zhidu_cli.model.fields import YEARS

    return dt.date(YEARS.stop - 1, 12, 31)


def _terminal_width() -> int | None:
    """The width of the terminal stdout is, or None for a pipe or file (the layout depends on it).

    Rich decides (``TTY_COMPATIBLE`` included), but is imported only where a terminal is possible."""
    if os.environ.get("TTY_COMPATIBLE", "") in ("", "0") and not sys.stdout.isatty():
        return None
    from zhidu_cli.cli.common import stdout

    console = stdout()
    return console.width if console.is_terminal else None


class _CachedRun:
    """The whole-result cache of one run: looked up before anything heavy is imported, saved after."""

    def __init__(self, store, options: dict, tree) -> None:
        self.store, self.options, self.tree = store, options, tree
        self.result = store.get_result(options, tree) if tree is not None else None
        if not replay.valid(self.result):
            self.result = None

    def save(self, result: dict) -> None:
        if self.tree is not None:
            self.store.put_result(self.options, self.tree, result)

    def remember(self, fmt: str, fail_on: FailOn, target: pathlib.Path, given: list, baseline) -> None:
        """Note the command line that led here, so that typing it again skips typer (:mod:`replay`)."""
        if replay.ARGV is not None and self.tree is not None:
            replay.remember(replay.ARGV, root=self.tree.root, options=self.options, fmt=fmt, fail_on=fail_on.value,
                            target=str(target), paths=[str(p) for p in [*given, baseline] if p is not None],
                            baseline=str(baseline) if baseline is not None else None)


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
    return _CachedRun(store, {**options, "root": str(root)}, replay.scanned(root) or cache.Tree.scan(root))


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
    """``zhidu check`` of every branch (docs/street.md): findings to stdout, summaries to stderr; exit 2
    when a branch could not be opened."""
    from zhidu_cli.cli.street import check_workspace
    from zhidu_cli.diagnostics.formatters import github_step_summary

    reports, failed = check_workspace(layout, branch, jobs, day, as_of_given(as_of), lang, split_codes(select) or None,
                                      split_codes(ignore), fmt, show_source)
    if fmt == "github":
        replay.append_step_summary("".join(github_step_summary(r) for r in reports))
    if failed:
        raise typer.Exit(EXIT_USAGE)
    worst = max((r.worst() for r in reports if r.worst()), default=None)
    raise typer.Exit(replay.exit_code(int(worst) if worst else None, fail_on.value))


def _emit(result: dict, fmt: str, fail_on: FailOn) -> None:
    """Print the findings and the summary, append the step summary, and exit as ``--fail-on`` asks."""
    raise typer.Exit(replay.emit(result, fmt, fail_on.value))


def _err(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()


def _timeless_selection(select: Optional[list[str]]) -> list[str]:
    """The timeless rules, narrowed further by ``--select`` when given."""
    from zhidu_cli.rules.registry import by_code, is_timeless

    wanted = split_codes(select)
    return [code for code in by_code() if is_timeless(code)
            and (not wanted or any(code.startswith(prefix) for prefix in wanted))] or ["ZHD"]


def _read_baseline(path: pathlib.Path):
    from zhidu_cli.diagnostics.baseline import BaselineError, read_baseline

    try:
        return read_baseline(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        fail(f"no such baseline file: {path} / 基线文件不存在", "zhidu check --write-baseline FILE writes one / 用 --write-baseline 生成")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read the baseline {path}: {error} / 无法读取基线文件")
    except BaselineError as error:
        fail(f"{path}: {error}")


def _as_seen_from(ws: Workspace, path: pathlib.Path) -> str:
    """The baseline's path relative to the repository (so findings point at it), else absolute."""
    try:
        return path.resolve().relative_to(ws.root).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _write_baseline(path: pathlib.Path, report: Report, force: bool, lang: str) -> None:
    from zhidu_cli.diagnostics.baseline import write_baseline
    from zhidu_cli.fsutil import RefusedOverwrite, write_atomic

    try:
        write_atomic(path, write_baseline(report.findings), force=force)
    except RefusedOverwrite:
        fail(f"{path} exists / 文件已存在", "use --force to replace it / 加 --force 覆盖")
    except OSError as error:
        fail(f"cannot write {path}: {error.strerror or error} / 无法写入")
    n = len(report.findings)
    _err(f"wrote {n} finding(s) to the baseline {path}\n" if lang == "en" else f"已将 {n} 个问题写入基线 {path}\n")
