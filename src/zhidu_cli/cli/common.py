"""What every command shares: options, opening the repository, and the exit-code discipline.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage / configuration / repository
errors. A user's mistake is printed as a located message, never as a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import re
import sys
import unicodedata
from typing import TYPE_CHECKING, NoReturn, Optional

import typer

from zhidu_cli.clock import today   # light: the clock alone, for ``check``'s cache lookup

if TYPE_CHECKING:   # imported where used: ``zhidu check`` answered from the cache needs none of them
    from rich.console import Console
    from rich.table import Table

    from zhidu_cli.workspace import Workspace

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def cell_len(text: str) -> int:
    """Terminal cells ``text`` takes (rich's measure, imported when a table or a wrap first needs it)."""
    from rich.cells import cell_len as measure

    return measure(text)


def stdout() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def print_table(console: Console, table: Table, *, fold_to: int = 8) -> None:
    """Print a table that a narrow terminal (``COLUMNS=80`` or 60) cannot ruin.

    Rich fits a table to the console by folding the wrappable columns character by character and
    then, as a last resort, cutting every column evenly: amounts end in "…", a name column can vanish,
    and a group name or a date breaks in the middle (``第一党小`` / ``组（幸福``). Here a ``no_wrap``
    column (money, dates, counts, statuses) keeps its full width; when the table is too wide the
    wrappable columns are narrowed — the widest first, never below their longest unbreakable piece
    (a word, a date, a CJK word up to its punctuation) nor below ``fold_to`` cells — and their cells
    are broken only where a reader expects (:func:`wrap_cell`). When even that is wider than the
    console the table is printed wider and the terminal wraps the line — nothing is lost.
    """
    columns = table.columns
    natural = [max(cell_len(str(c)) for c in (col.header, col.footer, *col.cells)) for col in columns]
    room = console.width - _overhead(table)
    for word in WORD_CELLS:           # keep the longest Chinese words whole that the width allows
        floor = [natural[i] if col.no_wrap else min(natural[i], max(fold_to, _longest_unit(col, word)))
                 for i, col in enumerate(columns)]
        if sum(floor) <= room:
            break
    widths = list(natural)
    while sum(widths) > room:         # narrow the column with the most room to spare, one cell at a time
        slack = [(widths[i] - floor[i], widths[i], i) for i, col in enumerate(columns)
                 if not col.no_wrap and widths[i] > floor[i]]
        if not slack:
            break
        widths[max(slack)[2]] -= 1
    for i, column in enumerate(columns):
        if widths[i] < natural[i]:
            column._cells = [wrap_cell(str(cell), widths[i], word) for cell in column._cells]
            column.header = wrap_cell(str(column.header), widths[i], word)
        column.min_width = widths[i]
        column.no_wrap = True                                          # the breaks are ours now
    width = console.width
    console.width = max(width, sum(widths) + _overhead(table))   # print() itself never widens
    try:
        console.print(table)
    finally:
        console.width = width


#: A run of Chinese without punctuation (a meeting type, a group name) longer than this may break
#: between characters; shorter ones stay whole in a table cell. Tried in turn, longest first.
WORD_CELLS = (16, 14, 12, 8)


def _cell_units(text: str, word: int = WORD_CELLS[0]) -> list[str]:
    """Table-cell break points: after a space or closing punctuation, before an opening bracket — so a
    name like ``第一党小组（幸福苑片区）`` breaks only before ``（``; a run longer than
    :data:`WORD_CELLS` falls back to the finer :func:`_units`."""
    units: list[str] = []
    for unit in _units(text):
        previous = units[-1] if units else ""
        number = unit.strip().replace(".", "").isdigit()
        last = previous.split()[-1] if previous.split() else ""
        counted = (last.replace(".", "").isdigit() and len(unit.strip()) == 1                   # "92 天" and
                   or number and len(previous.strip()) == 1 and not previous.strip().isascii())  # "剩 92" stay whole
        if counted or previous and previous[-1] not in " " and previous[-1] not in _NO_LINE_START \
                and unit[0] not in _NO_LINE_END:
            units[-1] += unit
        else:
            units.append(unit)
    return [piece for unit in units for piece in (_units(unit) if cell_len(unit.strip()) > word else [unit])]


def _overhead(table: Table) -> int:
    """Cells a table takes besides its content: the padding of each column (not at the edges when
    ``pad_edge`` is off) and the box's vertical lines (a space in the simple boxes still takes a cell)."""
    n = len(table.columns)
    left, right = table.padding[3], table.padding[1]
    padding = n * (left + right) - (0 if table.pad_edge else left + right)
    lines = ((n - 1) + (2 if table.show_edge else 0)) if table.box else 0
    return padding + lines


def _longest_unit(column, word: int) -> int:
    return max((cell_len(unit.strip()) for cell in column.cells for unit in _cell_units(str(cell), word)), default=0)


def wrap_cell(text: str, width: int, word: int = WORD_CELLS[0]) -> str:
    """A table cell broken into lines of at most ``width`` cells at the places :func:`_cell_units` allows."""
    lines: list[str] = []
    for line in text.splitlines() or [""]:
        current = ""
        for unit in _cell_units(line, word):
            if current.strip() and cell_len(current + unit.rstrip()) > width:
                lines.append(current.rstrip())
                current = unit.lstrip(" ")
            else:
                current += unit
        lines.append(current.rstrip())
    return "\n".join(lines)


_NO_LINE_START = set("，。、；：！？）》】」』”’,.;:!?)]%")   # Chinese typesetting: never begins a line
_NO_LINE_END = set("（《【「『“‘([")                         # … and these never end one


def _units(text: str) -> list[str]:
    """``text`` cut where a line may break: before a wide (CJK) character or after a space — never
    inside a run of narrow characters, so a date, an id, a path or a number stays whole."""
    units: list[str] = []
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in "WF"
        if units and (ch in _NO_LINE_START or units[-1][-1] in _NO_LINE_END
                      or (not wide and ch != " " and units[-1][-1] not in " " and
                          unicodedata.east_asian_width(units[-1][-1]) not in "WF")):
            units[-1] += ch
        else:
            units.append(ch)
    return units


def wrap_line(line: str, width: int) -> list[str]:
    """One line laid out for ``width`` columns; continuation lines are indented four more than it."""
    if cell_len(line) <= width:
        return [line]
    indent = " " * (len(line) - len(line.lstrip(" ")) + 4)
    out: list[str] = []
    current = ""
    for unit in _units(line):
        if current.strip() and cell_len(current + unit.rstrip()) > width:
            out.append(current.rstrip())
            current = indent + unit.lstrip(" ")
        else:
            current += unit
    out.append(current.rstrip())
    return out


_SOURCE_LINE = re.compile(r"^ *\d* \|( |$)")     # ``12 | date: 2025-3-5`` and its caret line: shown as written


def wrap_for_terminal(text: str, width: int) -> str:
    """Text for a terminal of ``width`` columns: long lines broken where a reader expects (dates, ids and
    group names are never cut in the middle, as the terminal's own wrapping does). Only for a terminal:
    a pipe gets one finding a line, whatever its length. A quoted source line is left as it is, so that
    its caret still points at the column."""
    return "".join("\n".join([line] if _SOURCE_LINE.match(line) else wrap_line(line, width)) + "\n"
                   for line in text.splitlines())


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


def must_exist(path: pathlib.Path, *, folder_expected: bool = False) -> None:
    """Exit 2 unless ``path`` exists: "no such file" for a name with a suffix (``members/x.yaml``),
    else "no such folder" (or "file or folder" where either may be meant)."""
    try:
        exists = path.exists()
    except OSError as error:
        fail(f"cannot read {path}: {error.strerror or error} / 无法读取")
    if not exists:
        fail(f"no such file: {path} / 文件不存在" if path.suffix else
             f"no such folder: {path} / 目录不存在" if folder_expected else
             f"no such file or folder: {path} / 文件或目录不存在")


def load(repo: pathlib.Path, *, lang: Optional[str] = None, select: Optional[list[str]] = None,
         ignore: Optional[list[str]] = None, cache: bool = True) -> Workspace:
    """Open the repository or exit 2 with located configuration errors."""
    from zhidu_cli.records.root import NotARepository
    from zhidu_cli.rules.config import ConfigError
    from zhidu_cli.workspace import config_error_lines, open_workspace

    chosen = resolve_lang(lang)
    must_exist(repo, folder_expected=True)
    try:
        return open_workspace(repo, select=split_codes(select) or None, ignore=split_codes(ignore), lang=chosen,
                              cache=cache)
    except OSError as error:          # the repository folder itself cannot be entered (a file inside it is a finding)
        fail(f"cannot read {error.filename or repo}: {error.strerror or error} / 无法读取记录仓库")
    except NotARepository:
        if repo.is_file():
            fail(f"{repo} is not a records file: it is in no records repository (no zhidu.yaml in its folder or "
                 "above) / 不是记录文件：所在目录及上级目录中都没有 zhidu.yaml")
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
    from zhidu_cli.records.root import NotARepository, find_root, lists_branches

    if branch is None:
        try:
            root = find_root(repo) if repo.exists() and not repo.is_file() else None
        except (OSError, NotARepository):
            return None
        if root is None or not lists_branches(root):
            return None
    from zhidu_cli.cli.street import workspace_or_none

    return workspace_or_none(repo, branch, lang)
