"""What every command shares: options, opening the repository, and the exit-code discipline.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage / configuration / repository
errors. A user's mistake is printed as a located message, never as a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import sys
from typing import TYPE_CHECKING, NoReturn, Optional

import typer

from zhidu_cli.clock import today   # light: the clock alone, for ``check``'s cache lookup

if TYPE_CHECKING:   # imported where used: ``zhidu check`` answered from the cache needs none of them
    from rich.console import Console
    from rich.table import Table

    from zhidu_cli.workspace import Workspace

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def stdout() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def print_table(console: Console, table: Table, *, fold_to: int = 8) -> None:
    """Print a table that a narrow terminal (``COLUMNS=60``) cannot ruin.

    Rich fits a table to the console by folding the wrappable columns and then, as a last resort,
    cutting every column evenly: amounts end in "…" and a name column can vanish altogether. Here a
    ``no_wrap`` column (money, dates, counts, statuses) keeps its full width and the others fold to
    no fewer than ``fold_to`` cells; when that is wider than the console the table is printed wider
    and the terminal wraps the line — nothing is lost.
    """
    from rich.cells import cell_len

    floor = 0
    for column in table.columns:
        cells = [column.header, column.footer, *column.cells]
        natural = max(cell_len(str(cell)) for cell in cells)
        column.min_width = natural if column.no_wrap else min(natural, fold_to)
        floor += column.min_width + 2                      # the padding either side
    width = console.width
    console.width = max(width, floor + len(table.columns) + 1)   # print() itself never widens
    try:
        console.print(table)
    finally:
        console.width = width


def fail(message: str, hint: str = "") -> NoReturn:
    """Print a usage error to stderr and exit 2."""
    err = stderr()
    err.print(f"zhidu: {message}", markup=False)
    if hint:
        err.print(f"  {hint}", markup=False)
    raise typer.Exit(EXIT_USAGE)


def write_file(path: pathlib.Path, data: str | bytes, force: bool, option: str = "-o") -> None:
    """Write an output file atomically, or exit 2 saying why not (it exists without ``--force``, it is
    a folder, it cannot be written)."""
    from zhidu_cli.fsutil import NotARegularFile, RefusedOverwrite, write_atomic

    if path.is_dir():
        fail(f"{path} 是目录，{option} 后应写文件名 / {path} is a folder: give {option} a file name")
    try:
        write_atomic(path, data, force=force)
    except (RefusedOverwrite, NotARegularFile) as error:     # a device or FIFO is never replaced
        fail(str(error))
    except OSError as error:
        fail(f"无法写入 {path}：{error.strerror or error} / cannot write {path}")


def open_for_report(repo: pathlib.Path, lang: Optional[str], day: dt.date, as_of: Optional[str]) -> Workspace:
    """Open the repository for a report (agenda, stats) as of ``day`` (:func:`at`: records dated later are
    not yet written when the day was given): exit 2 when zhidu.yaml cannot be read, and say on stderr
    which files with errors are left out of the numbers (``zhidu check`` shows why)."""
    ws = at(load(repo, lang=lang), day, as_of)
    en = ws.lang == "en"
    if ws.records.branch is None:
        fail("zhidu.yaml has errors: run `zhidu check` to see them" if en else
             "zhidu.yaml 有错误；运行 zhidu check 查看")
    unusable = sorted(f"{kind}/{i}" for kind, ids in ws.records.broken_ids.items() for i in ids)
    if unusable:
        stderr().print(("files with errors are not counted (see `zhidu check`): " if en else
                        "以下文件有错误，未计入（运行 zhidu check 查看）：") + ", ".join(unusable), markup=False)
    return ws


def resolve_lang(lang: Optional[str]) -> Optional[str]:
    """--lang beats ZHIDU_LANG beats zhidu.yaml's ``locale``; ``None`` lets the configuration decide."""
    chosen = lang or os.environ.get("ZHIDU_LANG")
    if chosen is None:
        return None
    chosen = chosen.strip().lower()
    if chosen.startswith("en"):
        return "en"
    if chosen.startswith("zh"):
        return "zh"
    fail(f"unknown language {chosen!r}: use zh or en / 语言只能是 zh 或 en")


def parse_as_of(text: Optional[str]) -> dt.date:
    """``--as-of``, else ``ZHIDU_AS_OF``, else today. A bad value names where it came from, and an
    empty one is an error, not today: ``--as-of "$DAY"`` with an unset variable must not pass."""
    source = "--as-of"
    if text is None:
        text, source = os.environ.get("ZHIDU_AS_OF"), "ZHIDU_AS_OF"
        if text is None:
            return today()
    return parse_day(text, source)


def as_of_given(text: Optional[str]) -> bool:
    """Was the as-of date chosen (``--as-of`` or ``ZHIDU_AS_OF``) rather than today by default?"""
    return text is not None or os.environ.get("ZHIDU_AS_OF") is not None


def at(ws: Workspace, day: dt.date, text: Optional[str], *, say: bool = True) -> Workspace:
    """The workspace as of an explicitly chosen day — records dated later are not yet written (issue
    8.3) — or ``ws`` itself for today (REF005 then reports them). ``say`` prints once, on stderr, what
    was left out (``zhidu check`` says it in its summary line instead)."""
    if not as_of_given(text):
        return ws
    from zhidu_cli.workspace import as_of_view

    view = as_of_view(ws, day)
    sentence = view.left_out.sentence(ws.lang) if view.left_out else ""
    if say and sentence:
        stderr().print(sentence, markup=False)
    return view


def parse_day(text: str, option: str) -> dt.date:
    """A date option: ``YYYY-MM-DD`` within the years a record may name (:data:`YEARS`)."""
    from zhidu_cli.clock import YEARS

    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        fail(f"{option} {text!r} is not a date YYYY-MM-DD / 不是日期，应写作 YYYY-MM-DD，如 2025-03-15")
    if day.year not in YEARS:
        fail(f"{option} {text!r}: the year must be {YEARS.start}–{YEARS.stop - 1} / "
             f"年份应在 {YEARS.start}–{YEARS.stop - 1} 之间")
    return day


def split_codes(values: Optional[list[str]]) -> tuple[str, ...]:
    """``--select MTG,QRM001`` → codes; an unknown code is a usage error, not a silently empty run."""
    import difflib

    from zhidu_cli.rules.registry import by_code

    codes = tuple(c.strip().upper() for v in values or () for c in v.split(",") if c.strip())
    for code in codes:
        if not any(known.startswith(code) for known in by_code()):
            close = difflib.get_close_matches(code, list(by_code()), n=1)
            fail(f"no rule matches {code} / 没有规则匹配 {code}",
                 f"did you mean {close[0]}? / 是否应为 {close[0]}？" if close else "zhidu rules lists them / zhidu rules 列出全部规则")
    return codes


def load(repo: pathlib.Path, *, lang: Optional[str] = None, select: Optional[list[str]] = None,
         ignore: Optional[list[str]] = None, cache: bool = True) -> Workspace:
    """Open the repository or exit 2 with located configuration errors."""
    from zhidu_cli.records.root import NotARepository
    from zhidu_cli.rules.config import ConfigError
    from zhidu_cli.workspace import config_error_lines, open_workspace

    chosen = resolve_lang(lang)
    try:
        exists = repo.exists()
    except OSError as error:
        fail(f"cannot read {repo}: {error.strerror or error} / 无法读取")
    if not exists:
        fail(f"no such folder: {repo} / 目录不存在")
    try:
        return open_workspace(repo, select=split_codes(select) or None, ignore=split_codes(ignore), lang=chosen,
                              cache=cache)
    except OSError as error:          # the repository folder itself cannot be entered (a file inside it is a finding)
        fail(f"cannot read {error.filename or repo}: {error.strerror or error} / 无法读取记录仓库")
    except NotARepository:
        fail(f"{repo}: not a records repository (no zhidu.yaml here or above) / 不是记录仓库（找不到 zhidu.yaml）",
             "zhidu init DIR creates one / 用 zhidu init 目录 新建")
    except ConfigError as error:
        sys.stderr.write("".join(line + "\n" for line in config_error_lines(error, str(repo), chosen)))
        raise typer.Exit(EXIT_USAGE)


def pick_repo(argument: pathlib.Path, option: Optional[pathlib.Path]) -> pathlib.Path:
    """``check`` and ``overdue`` take the repository as an argument, like ``git -C`` the others take
    ``-C/--repo``: both spellings work everywhere, so a secretary need not remember which is which."""
    if option is None:
        return argument
    if argument != pathlib.Path(".") and argument != option:
        fail(f"two repositories given: {argument} and -C {option} / 记录仓库只能给一个")
    return option


RepoArg = typer.Argument(pathlib.Path("."), help="记录仓库（含 zhidu.yaml 的目录或其子目录）/ records repository",
                         show_default=False)
AsOfOption = typer.Option(None, "--as-of", help="检查日期 YYYY-MM-DD（默认今天，北京时间；也可用 ZHIDU_AS_OF）",
                          show_default=False)
LangOption = typer.Option(None, "--lang", help="消息语言 zh / en（默认 zhidu.yaml 的 locale，否则中文）", show_default=False)
RepoOption = typer.Option(None, "-C", "--repo", show_default=False,
                          help="记录仓库，同 REPO 参数 / records repository, same as the REPO argument")

BranchOption = typer.Option(None, "--branch", "-b", metavar="ID",
                            help="工作区中只处理这个支部（街道本级为 street）/ in a street workspace, only this branch")
JobsOption = typer.Option(None, "--jobs", "-j", min=1, metavar="N",
                          help="工作区并行进程数（默认 CPU 数）/ processes for a workspace (default: CPU count)")


def maybe_workspace(repo: pathlib.Path, branch: Optional[str], lang: Optional[str]):
    """The street workspace at or above ``repo`` (docs/street.md), or ``None``.

    Cheap for a plain branch: only a ``zhidu.yaml`` with a top-level ``branches:`` key (or ``--branch``)
    brings in the street package, so ``zhidu check`` of a branch imports no more than it did.
    """
    import re

    from zhidu_cli.records.root import CONFIG_FILE, NotARepository, find_root

    if branch is None:
        try:
            root = find_root(repo) if repo.exists() and not repo.is_file() else None
            text = (root / CONFIG_FILE).read_text("utf-8", errors="replace") if root is not None else ""
        except (OSError, NotARepository):
            return None
        if not re.search(r"^branches[ \t]*:", text, re.M):
            return None
    from zhidu_cli.cli.street import workspace_or_none

    return workspace_or_none(repo, branch, lang)
