"""A repeated ``zhidu check`` answered from the cache before typer is even imported.

A commit hook runs the same command over and over on a branch that has not changed. Importing typer
(which brings click and pydantic) costs more than the whole answer, so :func:`answer` looks the
command line up *as typed*: the words after ``zhidu``, the working folder, the environment variables
a run reads, today's date and the terminal's size together name an *invocation*. A full run that
stored its result in the whole-result cache (:mod:`zhidu_cli.cache`) also records, under that name,
the options it parsed from it, the repository it found and the real paths it resolved. The next time
the same words are typed in the same circumstances, the paths are resolved again, the tree is scanned,
and when everything matches, the stored result is printed. Anything else — a new day, another
folder, a moved link, a changed file, a damaged entry — falls through to the full run, which parses
the options with typer as always. So the invocation index only ever shortens the way to a result the
whole-result cache would have returned; it never decides a result itself.

Only the standard library and :mod:`zhidu_cli.cache` are imported here.
"""

from __future__ import annotations

import json
import os
import pathlib
import sys

from zhidu_cli import cache

#: Environment variables a ``zhidu check`` run reads (directly, or through rich's terminal detection),
#: besides every ``ZHIDU_*``: a change in any of them is another invocation.
ENVIRONMENT = ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS", "LINES",
               "JUPYTER_COLUMNS", "JUPYTER_LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM", "TZ")

#: Set by :func:`zhidu_cli.cli.app.main` to the words of the command line, so that a run started there
#: records its invocation; runs started otherwise (``CliRunner`` in tests) record none.
ARGV: list[str] | None = None

#: The tree :func:`answer` scanned and could not answer for: the full run that follows uses it rather
#: than walking a street office's tens of thousands of files twice.
SCANNED: "cache.Tree | None" = None


def _terminal(fd: int) -> list | None:
    try:
        if not os.isatty(fd):
            return None
        size = os.get_terminal_size(fd)
        return [size.columns, size.lines]
    except (OSError, ValueError):
        return None


def invocation_key(argv: list[str]) -> str:
    """The name of a command line in its circumstances (see the module's docstring)."""
    from zhidu_cli.clock import today

    environment = sorted((name, value) for name, value in os.environ.items()
                         if name.startswith("ZHIDU_") or name in ENVIRONMENT)
    try:
        cwd = os.getcwd()
    except OSError:
        cwd = None
    return cache.digest(json.dumps([argv, cwd, environment, today().isoformat(),
                                    [_terminal(fd) for fd in (0, 1, 2)]]).encode())


def _index_path(key: str) -> pathlib.Path:
    return cache.base_dir() / "invocations" / f"{key[:24]}.json"


def baseline_key(path: str | os.PathLike | None) -> str | None:
    """What of the baseline file a cached result depends on: its content (or that it cannot be read)."""
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            return cache.digest(handle.read())
    except OSError as error:
        return f"unreadable: {error.errno}"


def valid(result: object) -> bool:
    """A stored result of the shape :func:`emit` prints, and nothing else."""
    return (type(result) is dict and type(result.get("out")) is str and type(result.get("err")) is str
            and type(result.get("summary")) in (str, type(None))
            and (result.get("worst") is None or result.get("worst") in (1, 2, 3)))


def emit(result: dict, fmt: str, fail_on: str) -> int:
    """Print a result — findings to stdout, the summary to stderr, the GitHub step summary appended —
    and return the exit code ``--fail-on`` asks for."""
    _write(sys.stdout, result["out"])
    if result["err"]:
        _write(sys.stderr, result["err"])
    if fmt == "github" and result["summary"] is not None:
        append_step_summary(result["summary"])
    return exit_code(result["worst"], fail_on)


def append_step_summary(text: str) -> None:
    """Append to ``$GITHUB_STEP_SUMMARY`` when set. The findings are out already: a summary that cannot
    be written is said on stderr and must not change the exit code."""
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary_path:
        return
    try:
        with open(summary_path, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        _write(sys.stderr, f"zhidu: cannot write the step summary {summary_path}: {error.strerror or error} / "
                           "无法写入 GITHUB_STEP_SUMMARY\n")


def exit_code(worst: int | None, fail_on: str) -> int:
    """1 when the worst severity found reaches ``--fail-on``, else 0."""
    threshold = {"error": 3, "warning": 2, "info": 1}.get(fail_on)
    return 1 if worst and threshold and worst >= threshold else 0


def _write(stream, text: str) -> None:
    stream.write(text)
    stream.flush()


def remember(argv: list[str], *, root: pathlib.Path, options: dict, fmt: str, fail_on: str,
             target: str, paths: list[str], baseline: str | None) -> None:
    """Record what a full run parsed from ``argv``, after it stored its result for ``options``.

    ``paths`` are the paths as typed (the files and folders given, the baseline); their real paths are
    checked again before the entry is used, as is the repository ``target`` leads to.
    """
    path = _index_path(invocation_key(argv))
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return
    body = {"argv": argv, "root": str(root), "options": options, "output_format": fmt, "fail_on": fail_on,
            "target": target, "paths": [[p, os.path.realpath(p)] for p in paths], "baseline": baseline}
    cache._write_atomic(path, cache._dump("invocation", body))
    cache._prune(path.parent, "*.json")


def scanned(root: pathlib.Path) -> "cache.Tree | None":
    """The tree of ``root`` as :func:`answer` found it in this process, or None."""
    return SCANNED if SCANNED is not None and SCANNED.root == root else None


def answer(argv: list[str]) -> int | None:
    """The exit code of ``zhidu check`` run with ``argv``, answered from the cache; or ``None`` when the
    full run must decide (nothing stored, or anything it depends on changed)."""
    from zhidu_cli.records.root import NotARepository, find_root

    if os.environ.get("ZHIDU_NO_CACHE") or "--no-cache" in argv:
        return None
    index = _index_path(invocation_key(argv))
    try:
        entry = cache._read_json(index, "invocation")
        if entry.get("argv") != argv:
            return None
        target, paths, options = entry["target"], entry["paths"], entry["options"]
        if (type(target) is not str or type(paths) is not list or type(options) is not dict
                or entry["output_format"] not in ("full", "concise", "json", "github", "gitlab", "sarif")
                or entry["fail_on"] not in ("error", "warning", "info", "never")
                or any(type(p) is not list or len(p) != 2 or os.path.realpath(p[0]) != p[1] for p in paths)
                or str(find_root(pathlib.Path(target))) != entry["root"]
                or baseline_key(entry["baseline"]) != options.get("baseline")):
            return None
        root = pathlib.Path(entry["root"])
        store = cache.Store.open(root)
        tree = cache.Tree.scan(root) if store is not None else None
        result = store.get_result(options, tree) if tree is not None else None
        global SCANNED
        SCANNED = tree
    except (cache.Corrupt, KeyError, TypeError, OSError, NotARepository, ValueError):
        return None
    if not valid(result):
        return None
    try:
        os.utime(index)       # used: kept by the pruning
    except OSError:
        pass
    return emit(result, entry["output_format"], entry["fail_on"])


def head_start(argv: list[str]) -> None:
    """Start parsing a cold cache on the second core while typer parses ``argv`` (``["check", …]``).

    The repository is told from the words alone: every word (or ``--option=value``'s value) naming a
    path that exists must lie in one repository, or, when none does, the working folder must be in
    one. It is a guess — typer has not read the options yet — and a wrong one only costs the second
    core's time: the load takes the child over only for the repository it opens
    (:func:`~zhidu_cli.records.parse_cache.start_early`). A street workspace's branches are checked in
    a pool of processes, each its own load: none is started for one.
    """
    from zhidu_cli.records.root import NotARepository, find_root, lists_branches

    options = {word.partition("=")[0] for word in argv}
    if os.environ.get("ZHIDU_NO_CACHE") or {"--no-cache", "--help", "-h", "--branch", "-b"} & options:
        return
    words = [word.partition("=")[2] if word.startswith("--") else word for word in argv[1:]]
    try:
        roots = {find_root(pathlib.Path(word)) for word in words if word and os.path.exists(word)}
        if not roots:
            roots = {find_root(pathlib.Path("."))}
    except (NotARepository, OSError, ValueError, RuntimeError):   # RuntimeError: a symlink loop (Python < 3.13)
        return
    if len(roots) == 1 and not lists_branches(root := roots.pop()):
        from zhidu_cli.records.parse_cache import start_early

        start_early(root)
