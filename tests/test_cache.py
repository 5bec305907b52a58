"""The cache is always right: whatever changed, a cached ``zhidu check`` says exactly what ``--no-cache`` says.

Each test changes one thing a run depends on — a file's content, a new, deleted or renamed file, the
configuration, the profile, the as-of date, the calendar — or damages the cache itself, and compares
the cached run's output with an uncached one. A run answered from the whole-result cache is recognised
by the rules not running at all (``workspace.check`` is replaced by a bomb).
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import time
import typing

import pytest
from typer.testing import CliRunner

from zhidu_cli import cache, workspace
from zhidu_cli.cli.app import app
from zhidu_cli.records import parse_cache

from conftest import RepoBuilder, full_member

ENV = {"NO_COLOR": "1", "COLUMNS": "100"}
AS_OF = "2025-12-31"


def run(root: pathlib.Path, *args: str):
    return CliRunner().invoke(app, ["check", str(root), "--as-of", AS_OF, "--output-format", "json", *args], env=ENV)


def findings(root: pathlib.Path, *args: str) -> tuple[int, list]:
    result = run(root, *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def assert_same_as_uncached(root: pathlib.Path, *args: str) -> None:
    assert findings(root, *args) == findings(root, *args, "--no-cache")


@pytest.fixture
def branch(repo: RepoBuilder) -> RepoBuilder:
    repo.member("wang", full_member("wang", "王五"))
    repo.member("li", full_member("li", "李四", group="g2"))
    repo.write("meetings/2025/2025-03-01-committee.yaml", """
        type: branch-committee
        date: 2025-03-01
        attendees: [wang, li]
        """)
    return repo


class Bomb(Exception):
    pass


@pytest.fixture
def rules_must_not_run(monkeypatch):
    def explode(*args, **kwargs):
        raise Bomb("the rules ran: the result did not come from the cache")
    monkeypatch.setattr(workspace, "check", explode)


def test_an_unchanged_run_is_answered_without_running_the_rules(branch, monkeypatch):
    first = findings(branch.root)
    monkeypatch.setattr(workspace, "check", lambda *a, **k: (_ for _ in ()).throw(Bomb()))
    assert findings(branch.root) == first


def test_no_cache_neither_reads_nor_writes(branch, private_cache):
    findings(branch.root, "--no-cache")
    assert not any(private_cache.rglob("*.json"))


@pytest.mark.parametrize("change", [
    "edit", "edit-same-size", "add", "delete", "rename", "config", "profile", "calendar", "broken",
])
def test_every_change_is_seen(branch, change):
    before = findings(branch.root)
    root = branch.root
    if change == "edit":
        branch.member("li", full_member("li", "李四", group="g9"))           # no such group: a finding
    elif change == "edit-same-size":
        path = root / "members/li.yaml"
        text = path.read_text(encoding="utf-8")
        stat = path.stat()
        path.write_text(text.replace("group: g2", "group: g3"), encoding="utf-8")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))        # same size, same mtime
        assert path.stat().st_size == stat.st_size
    elif change == "add":
        branch.write("meetings/2025/2025-04-01-committee.yaml", "type: branch-committee\ndate: 2025-04-01\n"
                     "attendees: [wang, nobody]\n")
    elif change == "delete":
        (root / "members/li.yaml").unlink()                              # the meeting names li: a finding
    elif change == "rename":
        (root / "members/li.yaml").rename(root / "members/li-si.yaml")
    elif change == "config":
        branch.config("rules:\n  CND001: {severity: info}\n")
    elif change == "profile":
        branch.config("extends: guizhou-community\n")
    elif change == "calendar":
        branch.write("calendar.yaml", "years:\n  - year: 2025\n    holidays: [2025-13-01]\n")
    elif change == "broken":
        branch.write("members/wang.yaml", "name: [王五\n")
    assert_same_as_uncached(root)
    assert findings(root) != before, "the change was meant to change the findings"


def test_the_as_of_date_and_options_are_part_of_the_key(branch):
    branch.write("meetings/2025/2025-06-01-committee.yaml", "type: branch-committee\ndate: 2026-06-01\n"
                 "attendees: [wang]\n")
    for args in ((), ("--select", "REF"), ("--ignore", "REF"), ("--lang", "en")):
        assert_same_as_uncached(branch.root, *args)
    early = CliRunner().invoke(app, ["check", str(branch.root), "--as-of", "2025-01-31", "-f", "json"], env=ENV)
    late = CliRunner().invoke(app, ["check", str(branch.root), "--as-of", "2025-12-31", "-f", "json"], env=ENV)
    assert early.stdout != late.stdout
    assert early.stdout == CliRunner().invoke(app, ["check", str(branch.root), "--as-of", "2025-01-31", "-f", "json",
                                                    "--no-cache"], env=ENV).stdout


def test_fail_on_is_applied_to_a_cached_result(branch):
    branch.member("li", full_member("li", "李四", group="g9"))
    assert run(branch.root).exit_code == 1
    assert run(branch.root, "--fail-on", "never").exit_code == 0
    assert run(branch.root).exit_code == 1


def _damage(private_cache: pathlib.Path, how: str) -> int:
    files = sorted(private_cache.rglob("*.json"))
    for path in files:
        data = path.read_bytes()
        if how == "garbage":
            path.write_bytes(b"\x00\xff not json")
        elif how == "truncated":
            path.write_bytes(data[: len(data) // 2])
        elif how == "foreign":
            path.write_text(json.dumps({"zhidu": "parse", "format": 999, "entries": {}}), encoding="utf-8")
        elif how == "empty":
            path.write_bytes(b"")
        elif how == "deep":
            path.write_bytes(b"[" * 100_000 + b"]" * 100_000)
        elif how == "wrong-types":       # well-formed, right software, but entries of the wrong shape
            body = json.loads(data)
            if body["zhidu"] == "parse":
                for entry in body["entries"].values():
                    entry[3] = [[1, 1, 1, [0, 1, 1], ["x", 1, 1, 0]], [], [], None]   # a mapping key that is a list
            else:
                body["result"] = {"text": 5, "summary": None, "worst": 9}
            path.write_text(json.dumps(body), encoding="utf-8")
    return len(files)


@pytest.mark.parametrize("how", ["garbage", "truncated", "foreign", "empty", "deep", "wrong-types"])
def test_a_damaged_cache_is_ignored_and_rewritten(branch, private_cache, how):
    expected = findings(branch.root, "--no-cache")
    assert findings(branch.root) == expected
    assert _damage(private_cache, how) >= 2          # a result and at least one parsed-files shard
    assert findings(branch.root) == expected
    for path in private_cache.rglob("*.json"):       # rewritten: every file is this version's again
        body = json.loads(path.read_bytes())
        assert body["format"] == cache.FORMAT and body["software"] == cache.software_key()


def test_parsed_files_are_rebuilt_exactly(branch, private_cache, monkeypatch):
    """The nodes, problems and suppressions from the cache equal a fresh parse, field for field."""
    branch.write("members/zhao.yaml", "name: 赵六 # zhidu: ignore[SCH005]\nname: again\nextra: ~\n"
                 "history: [{date: 2000-07-01, event: full}]\ngroup: 'g1'\n")
    store = cache.Store.open(branch.root)
    fresh = list(parse_cache.load_repository_cached(branch.root, store))
    loaded_again = []
    monkeypatch.setattr(parse_cache, "load_one", lambda *a: loaded_again.append(a))   # nothing may be parsed
    assert list(parse_cache.load_repository_cached(branch.root, store)) == fresh
    assert loaded_again == []


def test_the_cache_is_never_inside_the_repository(branch, monkeypatch, capsys):
    monkeypatch.setenv("ZHIDU_CACHE_DIR", str(branch.root / ".cache"))
    result = run(branch.root)
    assert "inside the records repository" in result.stderr
    assert not any((branch.root / ".cache").rglob("*.json"))
    assert_same_as_uncached(branch.root)


def test_the_cache_folder_follows_xdg_and_the_repositorys_real_path(branch, tmp_path_factory, monkeypatch):
    xdg = tmp_path_factory.mktemp("xdg")
    monkeypatch.delenv("ZHIDU_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
    link = tmp_path_factory.mktemp("links") / "branch"
    link.symlink_to(branch.root, target_is_directory=True)
    findings(branch.root)
    findings(link)
    folders = list((xdg / "zhidu" / "repos").iterdir())
    assert len(folders) == 1                           # one repository, reached by two paths
    assert (folders[0] / "repository.txt").read_text(encoding="utf-8").strip() == str(branch.root.resolve())


def test_recently_touched_files_are_keyed_by_content(branch):
    tree = cache.Tree.scan(branch.root)
    assert "members/wang.yaml" in tree.hashes          # just written: its timestamps cannot vouch for it
    old = os.stat(branch.root / "members/wang.yaml")
    assert not cache.is_recent(old, old.st_ctime_ns + cache.RECENT_NS + 1)


def test_a_linked_folder_turns_the_result_cache_off(branch, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (branch.root / "meetings" / "linked").symlink_to(outside, target_is_directory=True)
    assert cache.Tree.scan(branch.root) is None
    assert_same_as_uncached(branch.root)


def test_two_concurrent_runs_agree_with_an_uncached_one(branch, private_cache):
    for i in range(40):
        branch.member(f"m{i:02d}", full_member(f"m{i:02d}", "成员", group="g1" if i % 2 else "g7"))
    env = {**os.environ, **ENV, "ZHIDU_CACHE_DIR": str(private_cache)}
    command = [sys.executable, "-m", "zhidu_cli", "check", str(branch.root), "--as-of", AS_OF, "-f", "json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)]
    outputs = [r.communicate(timeout=120) for r in runs]
    uncached = subprocess.run([*command, "--no-cache"], capture_output=True, env=env, timeout=120)
    assert [o[0] for o in outputs] == [uncached.stdout] * 2
    assert [r.returncode for r in runs] == [uncached.returncode] * 2
    again = subprocess.run(command, capture_output=True, env=env, timeout=120)
    assert again.stdout == uncached.stdout


@pytest.mark.parametrize("example", ["records", "records-with-problems"])
def test_a_cold_cache_parsed_on_two_cores_finds_what_an_uncached_run_finds(example, tmp_path, private_cache,
                                                                          monkeypatch):
    """A first run shares the files with a child that parses from the end (records.parse_cache._FromTheEnd)."""
    import shutil

    root = tmp_path / example
    shutil.copytree(pathlib.Path(__file__).resolve().parent.parent / "examples" / example, root)
    monkeypatch.setattr(parse_cache, "MIN_SHARED_FILES", 1)
    assert_same_as_uncached(root)
    assert_same_as_uncached(root, "--ignore", "PRV")       # a new result from the parse cache it filled


EARLY = """
import sys
sys.argv = ["zhidu", *sys.argv[1:]]
from zhidu_cli.records import parse_cache
parse_cache.MIN_SHARED_FILES = 1
adopt = parse_cache._adopt_early

def adopted(root):
    taken = adopt(root)
    sys.stderr.write(f"ADOPTED {taken is not None}\\n")
    return taken
parse_cache._adopt_early = adopted
from zhidu_cli.cli.app import main
main()
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the second process is forked only where os.fork exists")
@pytest.mark.parametrize("example", ["records", "records-with-problems"])
def test_zhidu_check_starts_the_second_core_before_parsing_its_command_line(example, tmp_path, private_cache):
    """As a shell runs it: the child from the end is started before typer, taken over by the load, and
    the findings are those of an uncached run."""
    import shutil

    root = tmp_path / example
    shutil.copytree(pathlib.Path(__file__).resolve().parent.parent / "examples" / example, root)
    command = [sys.executable, "-c", EARLY, "check", str(root), "--as-of", AS_OF, "-f", "json"]
    env = {**os.environ, **ENV}
    cold = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    uncached = subprocess.run(command + ["--no-cache"], capture_output=True, text=True, env=env, timeout=120)
    assert "ADOPTED True" in cold.stderr.splitlines()
    assert "ADOPTED False" in uncached.stderr.splitlines()       # parsed here, every file
    assert (cold.returncode, cold.stdout) == (uncached.returncode, uncached.stdout)


# --- startup: what each command imports --------------------------------------------------------------

PROBE = """
import json, sys
sys.argv = ["zhidu", *sys.argv[1:]]
from zhidu_cli.cli.app import main
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code
sys.stderr.write("\\nMODULES " + json.dumps([code, sorted(sys.modules)]) + "\\n")
"""
HEAVY = {"typer", "click", "rich", "yaml", "jinja2", "markdown_it", "dateutil", "chinese_calendar", "pydantic"}


class Probed(typing.NamedTuple):
    out: str
    err: str
    code: int
    modules: set[str]


def probe(*args: str, env: dict | None = None, cwd: pathlib.Path | None = None) -> Probed:
    """``zhidu ARGS`` in a process of its own, as a shell runs it: its output, exit code and modules."""
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120,
                            env={**os.environ, **ENV, **(env or {})}, cwd=cwd)
    err, tail = result.stderr.rsplit("\nMODULES ", 1)
    code, modules = json.loads(tail)
    return Probed(result.stdout, err, code, set(modules))


def imported(*args: str, env: dict | None = None) -> set[str]:
    return probe(*args, env=env).modules


def top(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_version_imports_nothing_but_its_own_module():
    modules = imported("--version")
    assert {m for m in modules if m.startswith("zhidu_cli")} == {"zhidu_cli", "zhidu_cli.cli", "zhidu_cli.cli.app"}
    assert top(modules) & HEAVY == set()


def test_help_imports_no_command():
    modules = imported("--help")
    assert {m for m in modules if m.startswith("zhidu_cli")} == {"zhidu_cli", "zhidu_cli.cli", "zhidu_cli.cli.app"}
    assert top(modules) & {"yaml", "jinja2", "markdown_it", "dateutil", "chinese_calendar"} == set()


def test_check_imports_what_checking_needs_and_no_more(branch):
    modules = imported("check", str(branch.root), "--as-of", AS_OF, "--no-cache")
    assert {"zhidu_cli.rules.registry", "zhidu_cli.records.yaml_loader", "yaml"} <= modules
    assert top(modules) & {"jinja2", "markdown_it", "rich"} == set()
    assert not {m for m in modules if m.startswith(("zhidu_cli.render", "zhidu_cli.docs_gen"))}
    commands = {m for m in modules if m.startswith("zhidu_cli.cli.")}
    assert commands == {"zhidu_cli.cli.app", "zhidu_cli.cli.check", "zhidu_cli.cli.common", "zhidu_cli.cli.replay"}


def test_a_check_answered_from_the_cache_imports_no_records_machinery(branch, private_cache):
    env = {"ZHIDU_CACHE_DIR": str(private_cache)}
    imported("check", str(branch.root), "--as-of", AS_OF, env=env)
    modules = imported("check", str(branch.root), "--as-of", AS_OF, env=env)
    assert {m for m in modules if m.startswith("zhidu_cli")} == REPLAY_MODULES
    assert top(modules) & HEAVY == set()


REPLAY_MODULES = {"zhidu_cli", "zhidu_cli.cli", "zhidu_cli.cli.app", "zhidu_cli.cli.replay", "zhidu_cli.cache",
                  "zhidu_cli.clock", "zhidu_cli.records", "zhidu_cli.records.root"}


# --- a repeated command line, answered before typer is imported (cli/replay.py) ----------------------

def test_a_repeated_command_line_prints_exactly_what_the_full_run_printed(branch, private_cache):
    branch.member("li", full_member("li", "李四", group="g9"))             # a finding, so there is output
    args = ("check", str(branch.root), "--as-of", AS_OF)
    full = probe(*args)
    assert "typer" in top(full.modules) and full.code == 1
    again = probe(*args)
    assert {m for m in again.modules if m.startswith("zhidu_cli")} == REPLAY_MODULES
    assert (again.out, again.err, again.code) == (full.out, full.err, full.code)
    assert again == probe(*args)._replace(modules=again.modules)
    uncached = probe(*args, "--no-cache")
    assert (uncached.out, uncached.err, uncached.code) == (full.out, full.err, full.code)


def _full_and_replayed(*args, **kwargs) -> tuple[Probed, Probed]:
    return probe(*args, **kwargs), probe(*args, **kwargs)


@pytest.mark.parametrize("change", ["edit", "environment", "folder", "link", "baseline", "fail-on", "damaged"])
def test_any_changed_circumstance_runs_in_full(branch, private_cache, tmp_path_factory, change):
    """What a command line means depends on more than its words: each of these changes it, and the run
    that follows says exactly what an uncached run says."""
    root = branch.root
    args: tuple = ("check", str(root), "--as-of", AS_OF, "-f", "json")
    kwargs: dict = {}
    if change == "link":
        other = tmp_path_factory.mktemp("other")
        (other / "zhidu.yaml").write_text((root / "zhidu.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        link = tmp_path_factory.mktemp("links") / "branch"
        link.symlink_to(root, target_is_directory=True)
        args = ("check", str(link), "--as-of", AS_OF, "-f", "json")
    if change == "baseline":
        baseline = tmp_path_factory.mktemp("baseline") / "baseline.json"
        branch.member("li", full_member("li", "李四", group="g9"))         # a finding the baseline records
        assert probe("check", str(root), "--as-of", AS_OF, "--write-baseline", str(baseline)).code == 0
        args = (*args, "--baseline", str(baseline))
    if change == "folder":
        args, kwargs = ("check", ".", "--as-of", AS_OF, "-f", "json"), {"cwd": root}
    before, replayed = _full_and_replayed(*args, **kwargs)
    assert "typer" not in top(replayed.modules) and replayed.out == before.out
    if change == "edit":
        branch.member("li", full_member("li", "李四", group="g9"))
    elif change == "environment":
        kwargs["env"] = {"ZHIDU_LANG": "en"}
    elif change == "folder":
        other = tmp_path_factory.mktemp("other")
        (other / "zhidu.yaml").write_text("branch:\n  name: 另一个支部\n", encoding="utf-8")
        kwargs["cwd"] = other
    elif change == "link":
        link.unlink()
        link.symlink_to(other, target_is_directory=True)
    elif change == "baseline":
        assert '"code"' in baseline.read_text(encoding="utf-8")
        baseline.write_text('{"zhidu_baseline": 1, "findings": []}\n', encoding="utf-8")
    elif change == "fail-on":
        args = (*args, "--fail-on", "never")
    elif change == "damaged":
        for path in (private_cache / "invocations").glob("*.json"):
            path.write_bytes(path.read_bytes()[:40])
    after = probe(*args, **kwargs)
    assert "typer" in top(after.modules)
    uncached = probe(*args, "--no-cache", **kwargs)
    assert (after.out, after.err, after.code) == (uncached.out, uncached.err, uncached.code)
    if change != "damaged":
        assert (after.out, after.code) != (before.out, before.code) or after.err != before.err, "meant to differ"
    assert "typer" not in top(probe(*args, **kwargs).modules)      # the new circumstances are remembered


def test_runs_inside_tests_remember_no_command_line(branch, private_cache):
    findings(branch.root)
    findings(branch.root)
    assert not (private_cache / "invocations").exists()


def test_a_result_stored_while_a_file_was_recent_is_used_once_it_is_not(branch, monkeypatch):
    """Files touched just before a run are keyed by content; the next run compares content, even when the
    file's timestamps alone would now vouch for it."""
    first = findings(branch.root)
    monkeypatch.setattr(cache, "RECENT_NS", -10**18)      # from now on nothing counts as recent
    monkeypatch.setattr(workspace, "check", lambda *a, **k: (_ for _ in ()).throw(Bomb()))
    assert findings(branch.root) == first


def test_a_recent_file_changed_without_its_timestamps_is_seen(branch, monkeypatch):
    """The race the content key exists for: the same size and times, other bytes (as on a coarse clock)."""
    expected = findings(branch.root)
    path = branch.root / "members/li.yaml"
    original = path.read_bytes()
    real_key = cache.file_key
    frozen = {path.name: real_key(path.stat())}
    inode = path.stat().st_ino

    def held(st):
        return frozen["li.yaml"] if st.st_ino == inode else real_key(st)
    monkeypatch.setattr(cache, "file_key", held)             # the whole-result key
    monkeypatch.setattr(parse_cache, "file_key", held)       # the parsed file's key
    path.write_bytes(original.replace(b"group: g2", b"group: g9"))    # same size; the key is held still
    assert findings(branch.root) == findings(branch.root, "--no-cache") != expected


def test_a_cache_folder_of_another_user_is_not_used(branch, private_cache, monkeypatch):
    monkeypatch.setattr(os, "getuid", lambda: os.stat(private_cache).st_uid + 1)
    result = run(branch.root)
    assert "another user owns it" in result.stderr
    assert result.stderr.count("another user owns it") == 1
    assert not any(private_cache.rglob("*.json"))


def test_an_explicit_as_of_is_not_the_same_run_as_today_by_default(branch, monkeypatch):
    """``--as-of`` shows the records as they stood that day (later ones left out); without it, today's
    run reports later records (REF005). Same date, different runs: the key tells them apart."""
    from zhidu_cli.cli import common

    monkeypatch.setattr(common, "today", lambda: __import__("datetime").date(2025, 12, 31))
    branch.write("meetings/2026/2026-02-01-committee.yaml", "type: branch-committee\ndate: 2026-02-01\n"
                 "attendees: [wang]\n")

    def both(*args):
        return [CliRunner().invoke(app, ["check", str(branch.root), "-f", "json", *args, *extra], env=ENV).stdout
                for extra in ((), ("--no-cache",))]

    by_default, explicit = both(), both("--as-of", "2025-12-31")
    assert by_default[0] == by_default[1] and explicit[0] == explicit[1]
    assert by_default[0] != explicit[0]
    assert both() == by_default and both("--as-of", "2025-12-31") == explicit     # now from the cache


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_in_the_repository_never_blocks_the_cache(branch):
    os.mkfifo(branch.root / "members" / "pipe.yaml")       # recently made: the scan would hash it if it read it
    tree = cache.Tree.scan(branch.root)
    assert tree is not None and tree.hashes.get("members/pipe.yaml") == ""
    assert_same_as_uncached(branch.root)
    codes = {f["code"] for f in findings(branch.root)[1]["findings"]}
    assert "SCH010" in codes                                # said unread, from the cache's path too


def test_the_streamed_loader_loads_exactly_what_load_repository_loads(branch):
    """``open_workspace`` loads through ``load_repository_cached`` (with or without a store); it must stay the
    same files, problems and order as ``records.repository.load_repository`` — unread paths included."""
    from zhidu_cli.records.repository import load_repository

    (branch.root / "members" / "folder.yaml").mkdir()                       # a path that is not read
    branch.write("meetings/2025/bad.yaml", "type: [\n")                     # a file that does not parse
    expected = load_repository(branch.root)
    store = cache.Store.open(branch.root)
    assert list(parse_cache.load_repository_cached(branch.root, None)) == expected
    assert list(parse_cache.load_repository_cached(branch.root, store)) == expected     # filling
    assert list(parse_cache.load_repository_cached(branch.root, store)) == expected     # from the cache


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the writer forks only where os.fork exists")
def test_a_process_forked_while_the_writer_writes_lets_go_of_its_pipe(tmp_path):
    """The rules' lane is forked while the parse cache's writer may still be writing: it must not hold the
    writer's pipe open (the writer would wait for it), and the writer's files are written all the same."""
    writer = cache._Writer()
    writer.write("shard", tmp_path / "parse-0.json", {"zhidu": "parse", "entries": {}})
    assert writer._child is not None and writer in cache._running
    pid = os.fork()
    if pid == 0:
        os._exit(0 if not cache._running and writer._child is None else 1)
    assert os.waitpid(pid, 0)[1] == 0
    cache.finish_writes()
    assert not cache._running
    assert json.loads((tmp_path / "parse-0.json").read_bytes()) == {"zhidu": "parse", "entries": {}}


# SIGPIPE as ``zhidu`` sets it (cli/app.py), a writer that has died, and two more shards to write.
WRITER_KILLED = """
import os, pathlib, signal, sys, time
from zhidu_cli import cache
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
folder = pathlib.Path(sys.argv[1])
writer = cache._Writer()
writer.write("shard", folder / "parse-0.json", {"zhidu": "parse", "entries": {}})
pid = writer._child[0]
while not (folder / "parse-0.json").exists():   # written: the writer is past its first shard
    time.sleep(0.01)
os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)
writer._child = (0, writer._child[1])   # reaped here already
big = {"zhidu": "parse", "entries": {"x": "y" * (2 << 20)}}   # more than any pipe holds
writer.write("shard", folder / "parse-1.json", big)
writer.write("shard", folder / "parse-2.json", {"zhidu": "parse", "entries": {}})
cache.finish_writes()
print(sorted(p.name for p in folder.iterdir()))
"""


@pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(__import__("signal"), "SIGPIPE"),
                    reason="the writer forks only where os.fork exists")
def test_a_killed_writer_costs_cache_files_never_the_run(tmp_path):
    """The OOM killer or a ``kill`` may end the cache's writer mid-run. With SIGPIPE's default action
    (which ``zhidu`` sets for ``| head``) the next write to its pipe used to kill the whole check
    silently (status 141, no output). Now the writes that follow are made in this process."""
    result = subprocess.run([sys.executable, "-c", WRITER_KILLED, str(tmp_path)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['parse-0.json', 'parse-1.json', 'parse-2.json']"


def test_what_nobody_will_read_again_is_removed_as_results_are_written(branch):
    """Results unused for RESULT_DAYS go (an as-of of every past day would pile up), and so do the
    temporary files of a write killed outright, an hour on; everything recent stays."""
    findings(branch.root)
    store = cache.Store.open(branch.root)
    long_ago = time.time() - cache.RESULT_DAYS * 86400 - 60
    an_hour_ago = time.time() - 3600 - 60
    made = {".parse-0.json.99.1.tmp": an_hour_ago, ".parse-1.json.99.2.tmp": time.time() - 60,
            "result-old.json": long_ago, "result-recent.json": an_hour_ago}
    for name, when in made.items():
        (store.folder / name).write_text("{}")
        os.utime(store.folder / name, (when, when))
    findings(branch.root, "--as-of", "2025-12-30")            # a new result is written
    left = {p.name for p in store.folder.iterdir()}
    assert {".parse-1.json.99.2.tmp", "result-recent.json"} <= left
    assert not {".parse-0.json.99.1.tmp", "result-old.json"} & left
