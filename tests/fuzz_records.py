"""A seeded mutation generator over ``examples/records``, and the invariants every run must keep.

Each case copies part of the example branch (``full=True``: all of it), applies one to three seeded
mutations — broken bytes, broken YAML, absurd values, files swapped for FIFOs, folders, sockets,
dangling, looping and device symlinks, files one folder too deep, suppression comments on broken
files, hostile templates, stale temporary files, a bad dues CSV — then runs ``check`` and one
rotating second command, and checks (:func:`run_case`):

* no internal error: no "内部错误"/"internal error", no exception escaping a command;
* every exit code is 0, 1 or 2;
* every finding is located: its path exists in the repository;
* nothing is silently unread: every entry under a records folder (and ``calendar.yaml``) is either
  read or named by an SCH010 finding (itself or a folder above it);
* ``check`` leaves the tree exactly as it found it (names, types, sizes, modes, times, link targets).

The suite runs a fixed sample (``tests/test_fuzz.py``); a larger run is one command::

    ZHIDU_FUZZ_CASES=1000 .venv/bin/python -m pytest tests/test_fuzz.py -q
    ZHIDU_FUZZ_CASES=300 ZHIDU_FUZZ_FULL=1 ZHIDU_FUZZ_SEED=7 .venv/bin/python -m pytest tests/test_fuzz.py -q

``ZHIDU_FUZZ_FULL=1`` mutates the whole example tree (about a second a case) instead of a sample
of it; ``ZHIDU_FUZZ_SEED`` picks another sequence of cases. A failure names its seed, and
``run_case(seed, root)`` replays it.
"""

from __future__ import annotations

import json
import os
import pathlib
import random
import shutil
import socket
import stat
from dataclasses import dataclass, field
from typing import Callable

from typer.testing import CliRunner

from zhidu_cli.cli.app import app
from zhidu_cli.records.repository import FOLDERS, survey

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples" / "records"
AS_OF = "2025-12-31"
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None, "ZHIDU_DEBUG": None}
RECORD_FOLDERS = tuple(FOLDERS)


# --- building a case ---------------------------------------------------------------------------------

def _example_files() -> list[pathlib.Path]:
    return sorted(p for p in EXAMPLES.rglob("*.yaml") if p.is_file())


def copy_sample(rng: random.Random, root: pathlib.Path, full: bool) -> None:
    """The example branch, or zhidu.yaml with a seeded sample of each folder (fast enough for the suite)."""
    if full:
        shutil.copytree(EXAMPLES, root)
        return
    files = _example_files()
    chosen = [EXAMPLES / "zhidu.yaml"]
    for folder, count in (("members", 6), ("meetings", 6), ("decisions", 3), ("dues", 2)):
        pool = [p for p in files if p.relative_to(EXAMPLES).parts[0] == folder]
        chosen += rng.sample(pool, min(count, len(pool)))
    for source in chosen:
        target = root / source.relative_to(EXAMPLES)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def _yaml_files(root: pathlib.Path) -> list[pathlib.Path]:
    return sorted(p for p in root.rglob("*.yaml") if p.is_file() and not p.is_symlink())


def _edit(path: pathlib.Path, change: Callable[[bytes], bytes]) -> None:
    path.write_bytes(change(path.read_bytes()))


def _at(rng: random.Random, data: bytes) -> int:
    return rng.randrange(len(data) + 1)


def _insert(value: bytes) -> Callable[[random.Random, bytes], bytes]:
    return lambda rng, data: (lambda i: data[:i] + value + data[i:])(_at(rng, data))


def _replace_value(new: str) -> Callable[[random.Random, bytes], bytes]:
    """Replace the value of one ``key: value`` line with ``new``."""
    def change(rng: random.Random, data: bytes) -> bytes:
        lines = data.decode("utf-8", "replace").split("\n")
        candidates = [i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")]
        if not candidates:
            return data
        i = rng.choice(candidates)
        key = lines[i].split(": ", 1)[0]
        lines[i] = f"{key}: {new}"
        return "\n".join(lines).encode("utf-8")
    return change


def _duplicate_line(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    i = rng.randrange(len(lines))
    return b"\n".join(lines[:i + 1] + [lines[i]] + lines[i + 1:])


def _drop_line(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    i = rng.randrange(len(lines))
    return b"\n".join(lines[:i] + lines[i + 1:])


def _flip_byte(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return b"\xff"
    i = rng.randrange(len(data))
    return data[:i] + bytes([rng.randrange(256)]) + data[i + 1:]


BYTE_EDITS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "nul": _insert(b"\x00"),
    "bad-utf8": _insert(b"\xff\xfe"),
    "tab": _insert(b"\n\t"),
    "del": _insert("\x7f".encode()),
    "nel": _insert("\x85".encode()),
    "bom": lambda rng, data: b"\xef\xbb\xbf" + data,
    "utf16": lambda rng, data: data.decode("utf-8", "replace").encode("utf-16"),
    "truncate": lambda rng, data: data[:_at(rng, data)],
    "empty": lambda rng, data: b"",
    "flip": _flip_byte,
    "duplicate-line": _duplicate_line,
    "drop-line": _drop_line,
    "fullwidth-colon": lambda rng, data: data.replace(b": ", "：".encode(), 1),
    "empty-list": _replace_value("[]"),
    "empty-map": _replace_value("{}"),
    "null": _replace_value("~"),
    "huge-number": _replace_value('"123456789012345678901234567890.12"'),
    "year-zero": _replace_value("0000-01-01"),
    "year-99999": _replace_value("99999"),
    "no-such-date": _replace_value("2025-02-30"),
    "fullwidth-digits": _replace_value("２０２５-０３-０５"),
    "deep": _replace_value("[" * 200 + "]" * 200),
    "alias": _replace_value("&a [*a]"),
    "tag": _replace_value("!!python/object:os.system ls"),
    "huge-int": _replace_value("99999999999999999999999"),
    "last-day": _replace_value("2199-12-31"),
    "first-day": _replace_value("1900-01-01"),
    "bad-time": _replace_value('"25:99"'),
    "negative": _replace_value("-1"),
    "long-text": _replace_value("长" * 100_000),
    "list-root": lambda rng, data: b"- a\n- b\n",
    "bomb": lambda rng, data: b"a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                              b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n",
    "private-text": _replace_value("联系 139-0851-5276，身份证 52010219800101123x"),
    "ignore-parse-error": lambda rng, data: b"# zhidu: ignore-file[SCH001, SCH002, SCH010]\n" + data + b"\n: [\n",
}


def _swap_for_fifo(rng, root, path):
    path.unlink()
    os.mkfifo(path)


def _swap_for_folder(rng, root, path):
    path.unlink()
    path.mkdir()
    (path / "inside.yaml").write_text("name: 里面\n", encoding="utf-8")


def _swap_for_dangling(rng, root, path):
    path.unlink()
    os.symlink("nowhere.yaml", path)


def _swap_for_loop(rng, root, path):
    path.unlink()
    os.symlink(path.name, path)


def _swap_for_device(rng, root, path):
    path.unlink()
    os.symlink("/dev/zero", path)


def _swap_for_socket(rng, root, path):
    path.unlink()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    except OSError:          # a path too long for a socket: a FIFO instead
        os.mkfifo(path)
    finally:
        server.close()


def _one_too_deep(rng, root, path):
    relative = path.relative_to(root)
    if len(relative.parts) == 1:             # calendar.yaml: into a folder zhidu does not read
        target = root / "members" / "sub" / path.name
    elif relative.parts[0] in ("members", "dues"):
        target = root / relative.parts[0] / "sub" / path.name
    else:
        target = root / relative.parts[0] / "2025" / "deeper" / "still" / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    path.rename(target)


def _unreadable(rng, root, path):
    path.chmod(0)


def _not_yaml(rng, root, path):
    path.rename(path.with_suffix(".yml.bak"))


def _hidden(rng, root, path):
    path.rename(path.with_name("." + path.name))


FILE_SWAPS = {"fifo": _swap_for_fifo, "folder": _swap_for_folder, "dangling": _swap_for_dangling,
              "loop": _swap_for_loop, "device": _swap_for_device, "socket": _swap_for_socket,
              "too-deep": _one_too_deep, "unreadable": _unreadable, "not-yaml": _not_yaml, "hidden": _hidden}


def _records_folder_broken(rng, root):
    folder = root / rng.choice(RECORD_FOLDERS)
    how = rng.choice(["file", "fifo", "dangling", "loop-up", "outside"])
    if how in ("file", "fifo", "dangling"):
        if os.path.islink(folder) or (os.path.lexists(folder) and not folder.is_dir()):
            folder.unlink()
        else:
            shutil.rmtree(folder, ignore_errors=True)
        {"file": lambda: folder.write_text("x\n"), "fifo": lambda: os.mkfifo(folder),
         "dangling": lambda: os.symlink("gone", folder)}[how]()
    elif folder.is_dir() and not os.path.lexists(folder / how):
        os.symlink(".." if how == "loop-up" else "/", folder / how)


def _calendar(rng, root):
    (root / "calendar.yaml").write_text(rng.choice([
        "years:\n  - {year: 2027}\n  - {year: 2027}\n", "years:\n  - {year: 0}\n", "years:\n  - {year: 99999}\n",
        "years: []\n", "years:\n  - {year: 2026, holidays: [2025-01-01]}\n",
        "years:\n  - {year: 2026, holidays: [2026-10-01], workdays: [2026-10-01]}\n"]), encoding="utf-8")


def _templates(rng, root):
    folder = root / "templates"
    how = rng.choice(["root-link", "folder-named", "fifo-named", "not-utf8", "huge", "include-out", "undefined"])
    if how == "root-link":
        if not os.path.lexists(folder):
            os.symlink("/", folder)
        return
    if os.path.islink(folder) or (os.path.lexists(folder) and not folder.is_dir()):
        return
    folder.mkdir(exist_ok=True)
    target = folder / rng.choice(["minutes.md.j2", "notice-dues.md.j2", "_macros.md.j2"])
    if os.path.lexists(target):             # a second template mutation in the same case
        return
    if how == "folder-named":
        target.mkdir()
    elif how == "fifo-named":
        os.mkfifo(target)
    elif how == "not-utf8":
        target.write_bytes(b"\xff\xfe{{ x }}")
    elif how == "huge":
        target.write_text("{{ document.title }}" * 2_000, encoding="utf-8")   # large; the time bound has its own test
    elif how == "include-out":
        target.write_text('{% include "../zhidu.yaml" %}', encoding="utf-8")
    else:
        target.write_text("{{ nothing.here }}", encoding="utf-8")


def _stale_temp(rng, root):
    folder = root / rng.choice(["dues", "members"])
    folder.mkdir(exist_ok=True)
    (folder / ".2025-07.yaml.zhidu-abcd1234.tmp").write_text("month: 2025-", encoding="utf-8")


TREE_EDITS = {"records-folder": _records_folder_broken, "calendar": _calendar, "templates": _templates,
              "stale-temp": _stale_temp}


def mutate(rng: random.Random, root: pathlib.Path) -> list[str]:
    """Apply one to three seeded mutations; returns their names (for the failure message)."""
    done = []
    for _ in range(rng.randint(1, 3)):
        family = rng.choices(["bytes", "file", "tree"], weights=[6, 3, 2])[0]
        files = _yaml_files(root)
        if family == "bytes" and files:
            name = rng.choice(sorted(BYTE_EDITS))
            path = rng.choice(files)
            _edit(path, lambda data: BYTE_EDITS[name](rng, data))
        elif family == "file" and files:
            name = rng.choice(sorted(FILE_SWAPS))
            path = rng.choice([p for p in files if p.name != "zhidu.yaml"] or files)
            if path.name == "zhidu.yaml":
                continue
            FILE_SWAPS[name](rng, root, path)
        else:
            name = rng.choice(sorted(TREE_EDITS))
            TREE_EDITS[name](rng, root)
            path = root
        done.append(f"{name}:{path.relative_to(root).as_posix() if path != root else '.'}")
    return done


# --- the invariants -------------------------------------------------------------------------------------

def snapshot(root: pathlib.Path) -> dict[str, tuple]:
    """Everything ``check`` could change: each entry's type, mode, size, times and link target."""
    found = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            link = os.readlink(path) if stat.S_ISLNK(info.st_mode) else None
            found[os.path.relpath(path, root)] = (info.st_mode, info.st_size, info.st_mtime_ns, link)
    return found


def records_entries(root: pathlib.Path) -> list[str]:
    """Every entry under the records folders that is not a plain folder (files, links, FIFOs, sockets…;
    not following links) and calendar.yaml, as zhidu names them; hidden entries and zhidu's temporary
    files excepted, as docs/records.md says."""
    from zhidu_cli.fsutil import is_temp_name

    entries = []
    if os.path.lexists(root / "calendar.yaml"):
        entries.append("calendar.yaml")
    for top in RECORD_FOLDERS:
        base = root / top
        if not os.path.lexists(base):
            continue
        if base.is_symlink() or not base.is_dir():
            entries.append(top)
            continue
        if not os.access(base, os.R_OK | os.X_OK):
            entries.append(top)
        for folder, dirs, names in os.walk(base, onerror=lambda error: None):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in dirs + names:
                path = os.path.join(folder, name)
                if name.startswith(".") and (is_temp_name(name) or not name.lower().endswith((".yaml", ".yml"))):
                    continue
                if name in dirs and not os.path.islink(path):
                    continue                      # a plain folder: its entries are listed themselves
                entries.append(pathlib.PurePath(os.path.relpath(path, root)).as_posix())
    return entries


@dataclass
class Outcome:
    seed: int
    mutations: list[str]
    problems: list[str] = field(default_factory=list)

    def fail(self, text: str) -> None:
        self.problems.append(text)


def _run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def _no_internal_error(outcome: Outcome, what: str, result) -> None:
    if result.exit_code not in (0, 1, 2):
        outcome.fail(f"{what}: exit {result.exit_code}")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        outcome.fail(f"{what}: {type(result.exception).__name__}: {result.exception}")
    text = result.output
    if "内部错误" in text or "internal error" in text or "Traceback" in text or "ZHD001" in text:
        outcome.fail(f"{what}: internal error: {text[-600:]}")


def _second_command(rng: random.Random, root: pathlib.Path) -> list[str]:
    meetings = sorted(p.stem for p in (root / "meetings").rglob("*.yaml")) if (root / "meetings").is_dir() else []
    members = sorted(p.stem for p in (root / "members").glob("*.yaml")) if (root / "members").is_dir() else []
    repo = ["-C", str(root)]
    choices = [
        ["render", "minutes", rng.choice(meetings or ["none"]), *repo, "--as-of", AS_OF],
        ["render", "minutes", "--all", "--year", "2025", *repo, "--as-of", AS_OF, "-o", str(root.parent / "out"),
         "--force"],
        ["render", "notice", "dues", "--month", rng.choice(["2025-03", "2024-11"]), *repo, "--as-of", AS_OF, "--to", "html"],
        ["render", "--list", *repo],
        ["overdue", str(root), "--as-of", AS_OF],
        ["member", rng.choice(members or ["none"]), *repo, "--as-of", AS_OF],
        ["dues", "report", "--month", "2025-03", *repo, "--as-of", AS_OF],
        ["dues", "import", str(root.parent / "sheet.csv"), "--month", "2025-07", *repo, "--force"],
        ["agenda", str(root), "--as-of", "2025-11-05", "--horizon", "60"],
        ["stats", str(root), "--year", "2025", "--as-of", AS_OF],
        ["check", str(root), "--as-of", rng.choice(["2024-06-30", "2025-03-31"]), "-f", "concise"],
    ]
    return rng.choice(choices)


def _sheet(rng: random.Random, root: pathlib.Path) -> None:
    name = rng.choice(["陈思雨", "王五", ""])
    amount = rng.choice(["40", "40.005", "123456789012345678901234567890.12", "-5", "0", "1O0"])
    note = rng.choice(["", "代交", "代\x7f交", "代\x85交", "\ufffe"])
    text = f"姓名,金额,日期,备注\n{name},{amount},2025-07-03,{note}\n"
    encoding = rng.choice(["utf-8", "gb18030", "big5", "utf-16"])
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "replace")
    (root.parent / "sheet.csv").write_bytes(data)


def run_case(seed: int, workdir: pathlib.Path, *, full: bool = False) -> Outcome:
    """Build, mutate and check one case; the outcome lists every broken invariant."""
    rng = random.Random(seed)
    root = workdir / "records"
    copy_sample(rng, root, full)
    outcome = Outcome(seed, mutate(rng, root))
    _sheet(rng, root)
    before = snapshot(root)
    result = _run("check", str(root), "--as-of", AS_OF, "-f", "json")
    _no_internal_error(outcome, "check", result)
    if snapshot(root) != before:
        outcome.fail("check changed the tree")
    if result.exit_code in (0, 1):
        findings = json.loads(result.stdout)["findings"]
        for finding in findings:           # a rule may point at a file that should exist (a missing ledger)
            path = finding["path"]
            if not path or (finding["code"].startswith("SCH") and not os.path.lexists(root / path)):
                outcome.fail(f"finding not located in the repository: {finding['code']} {path!r}")
        named = {f["path"] for f in findings if f["code"] in ("SCH010", "SCH001")}
        discovered = {p for p, _ in survey(root).files}
        for entry in records_entries(root):
            covered = (entry in discovered or any(entry == n or entry.startswith(n + "/") for n in named)
                       or any(p.startswith(entry + "/") for p in discovered)          # a followed folder link
                       or (os.path.isdir(root / entry) and not os.listdir(root / entry)))
            if not covered:
                outcome.fail(f"silently unread: {entry}")
    elif result.exit_code == 2 and "zhidu.yaml" not in result.output and not result.output.startswith("zhidu: "):
        outcome.fail(f"check: exit 2 without a located error: {result.output[-300:]!r}")
    second = _second_command(rng, root)
    result = _run(*second)
    _no_internal_error(outcome, " ".join(second[:3]), result)
    leftovers = [p for p in snapshot(root) if p.endswith(".tmp") and ".zhidu-" in p and "abcd1234" not in p]
    if leftovers:
        outcome.fail(f"temporary files left behind: {leftovers}")
    return outcome
