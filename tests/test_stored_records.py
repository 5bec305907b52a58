"""Records kept in the parse cache (model/stored.py) come back exactly as the builder made them.

An unchanged file is neither parsed nor built again: its records are rebuilt from the texts stored for
them. These tests compare every field, position and refused set of the model built from the cache with
a fresh build, over the example branches, and damage stored records in every way the rebuild checks.
"""

from __future__ import annotations

import dataclasses
import json
import os
from array import array
from collections.abc import Mapping
import pathlib
import shutil

import pytest

from zhidu_cli import cache
from zhidu_cli.cli import replay
from zhidu_cli.records import parse_cache
from zhidu_cli.workspace import open_workspace

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"


def state(value):
    """Everything about a value the output could depend on: every field of a record (positions and
    refused fields too), the class of every value and the text of every Decimal."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value).__name__, tuple((f.name, state(getattr(value, f.name))) for f in dataclasses.fields(value))
    if isinstance(value, (tuple, list)):
        return type(value).__name__, tuple(state(item) for item in value)
    if isinstance(value, Mapping):          # a dict, or a record's Positions
        return "mapping", tuple((key, state(value.get(key))) for key in value)
    if isinstance(value, array):             # positions of a list's items
        return "positions", tuple(value)
    if isinstance(value, frozenset):
        return "frozenset", tuple(sorted(value))
    return type(value).__name__, repr(value)


def model(root: pathlib.Path, cache: bool):
    ws = open_workspace(root, cache=cache)
    records = ws.records
    return (state([records.branch, records.members, records.meetings, records.decisions, records.ledgers,
                   records.calendar, records.broken_ids]),
            state([(p.code, p.location, dict(p.facts), p.variant, p.severity, p.related) for p in ws.upstream]),
            state([(f.path, f.kind, f.problems, f.suppressions) for f in records.files]))


VARIED = {   # what the examples do not show: a calendar, a tally counted from ballots, full-width digits …
    "calendar.yaml": "years:\n  - year: 2025\n    holidays: [2025-10-01, 2025-10-02]\n    workdays: [2025-09-28]\n",
    "members/wang.yaml": "name: 王五\ngroup: g1\nhistory:\n  - {date: ２０００-07-01, event: 转正}\n"
                         "dues: {category: employee, base: [{from: 2025-01, amount: '5000.50'}]}\n",
    "members/li.yaml": "id: li-si\nname: 李四\ngroup: [{group: g2, from: 2020-01-01}]\nhistory: [{date: 2001-07-01, event: full}]\n"
                       "training: [{date: 2024-05-01, kind: collective, days: 3.50}]\n",
    "meetings/2025/2025-03-01-assembly.yaml": "type: [支部党员大会, party-lecture]\ndate: 2025-03-01\ntime: '14:30'\n"
                                              "attendees: [wang]\nabsent: [li, {member: zhao, reason: 病假, leave: no}]\n",
    "decisions/2025/2025-03-vote.yaml": "meeting: 2025-03-01-assembly\ntitle: 表决\nballots:\n"
                                        "  - {member: wang, vote: for}\n  - {member: li, vote: against, written: true}\n",
    "dues/2025-03.yaml": "month: 2025-03\npayments:\n  - {member: wang, amount: '12.5', paid_on: 2025-03-05, months: [2025-02, 2025-03]}\n",
}


@pytest.fixture(params=["records", "records-with-problems", "varied"])
def example(request, tmp_path) -> pathlib.Path:
    root = tmp_path / request.param
    if request.param == "varied":
        shutil.copytree(EXAMPLES / "records", root, ignore=shutil.ignore_patterns("*.yaml"))
        shutil.copy(EXAMPLES / "records" / "zhidu.yaml", root / "zhidu.yaml")
        for relpath, text in VARIED.items():
            (root / relpath).parent.mkdir(parents=True, exist_ok=True)
            (root / relpath).write_text(text, encoding="utf-8")
    else:
        shutil.copytree(EXAMPLES / request.param, root)
    return root


def parsed_during(monkeypatch) -> list[str]:
    parsed: list[str] = []
    real = parse_cache.load_one

    def counting(root, relpath, kind):
        parsed.append(relpath)
        return real(root, relpath, kind)
    monkeypatch.setattr(parse_cache, "load_one", counting)
    return parsed


def test_the_model_from_the_cache_is_the_model_built_from_the_files(example, monkeypatch):
    fresh = model(example, cache=False)
    assert model(example, cache=True) == fresh                 # filling the cache
    parsed = parsed_during(monkeypatch)
    assert model(example, cache=True) == fresh                 # from it
    assert parsed == []                                        # nothing was parsed again


def _shards(private_cache: pathlib.Path) -> list[pathlib.Path]:
    cache.finish_writes()          # the last shards are written while the rules run: wait for them
    return sorted(private_cache.rglob("parse-*.json"))


def _stored_records(private_cache: pathlib.Path):
    """(shard path, body, relpath, stored record) of every file stored as records."""
    for path in _shards(private_cache):
        body = json.loads(path.read_bytes())
        for relpath, entry in body["entries"].items():
            if entry[3][3] is not None:
                yield path, body, relpath, entry[3][3][0]


def _dated(record: list) -> list:
    """The meeting itself, or the member's first history event: a stored record with a date."""
    return record if "date" in record[4] else record[4]["history"][0]


DAMAGES = {
    "bad date": lambda record: _dated(record)[4].update(date="2025-13-45"),
    "unknown field": lambda record: record[4].update(no_such_field="x"),
    "required field gone": lambda record: _dated(record)[4].pop("date"),
    "text where a list belongs": lambda record: record[4].update(history="x", attendees="x"),
    "position not a number": lambda record: record.__setitem__(0, True),
    "position not an integer": lambda record: record[2][1].__setitem__(0, "1:1"),
    "positions that do not fit": lambda record: record[2][1].append(7),
    "a list's run too long": lambda record: record[2].__setitem__(0, [*record[2][0], "attendees[]"]),
    "not an enum id": lambda record: _dated(record)[4].update(types=["no-such-type"], event="no-such-event"),
    "number, not text": lambda record: _dated(record)[4].update(date=20250301),
    "wrong shape": lambda record: record.append(1),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_stored_record_is_parsed_again(repo, private_cache, monkeypatch, damage):
    repo.write("members/wang.yaml", "name: 王五\ngroup: g1\nhistory:\n  - {date: 2000-07-01, event: full}\n")
    repo.write("meetings/2025/2025-03-01-committee.yaml", "type: 支委会\ndate: 2025-03-01\nattendees: [wang]\n")
    fresh = model(repo.root, cache=False)
    model(repo.root, cache=True)
    damaged = set()
    for path, body, relpath, record in _stored_records(private_cache):
        DAMAGES[damage](record)
        damaged.add(relpath)
        path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    assert damaged == {"members/wang.yaml", "meetings/2025/2025-03-01-committee.yaml"}
    parsed = parsed_during(monkeypatch)
    assert model(repo.root, cache=True) == fresh
    assert set(parsed) == damaged
    parsed.clear()
    assert model(repo.root, cache=True) == fresh               # and stored again, whole
    assert parsed == []


def test_a_value_that_would_not_come_back_identical_is_stored_as_nodes(repo, private_cache, monkeypatch):
    """``days: 0.0000001`` is the Decimal 1E-7, whose text the number kind refuses: kept as the file's nodes."""
    repo.write("members/wang.yaml", "name: 王五\ngroup: g1\nhistory:\n  - {date: 2000-07-01, event: full}\n"
               "training:\n  - {date: 2024-05-01, kind: collective, days: 0.0000001}\n")
    fresh = model(repo.root, cache=False)
    model(repo.root, cache=True)
    entries = {}
    for path in _shards(private_cache):
        entries.update(json.loads(path.read_bytes())["entries"])
    tree, _, _, records = entries["members/wang.yaml"][3]
    assert records is None and tree is not None
    parsed = parsed_during(monkeypatch)
    assert model(repo.root, cache=True) == fresh
    assert parsed == []


def test_an_entry_stored_while_its_file_was_recent_is_used_once_it_is_not(repo, private_cache, monkeypatch):
    """Its content digest is compared once, then the entry is keyed by the file's timestamps alone."""
    from zhidu_cli import cache

    repo.write("members/wang.yaml", "name: 王五\ngroup: g1\nhistory:\n  - {date: 2000-07-01, event: full}\n")
    monkeypatch.setattr(cache, "RECENT_NS", 10**19)             # every file counts as just touched
    fresh = model(repo.root, cache=False)
    model(repo.root, cache=True)
    digests = [entry[2] for path in _shards(private_cache) for entry in json.loads(path.read_bytes())["entries"].values()]
    assert digests and all(type(d) is str for d in digests)
    monkeypatch.setattr(cache, "RECENT_NS", -10**19)            # and now none does
    parsed = parsed_during(monkeypatch)
    assert model(repo.root, cache=True) == fresh
    assert parsed == []
    digests = [entry[2] for path in _shards(private_cache) for entry in json.loads(path.read_bytes())["entries"].values()]
    assert digests and all(d is None for d in digests)


def test_an_entry_whose_file_changed_while_recent_is_not_used(repo, private_cache, monkeypatch):
    """The same size and timestamps, other bytes (a coarse clock): the stored digest disagrees."""
    from zhidu_cli import cache

    path = repo.root / "members/wang.yaml"
    repo.write("members/wang.yaml", "name: 王五\ngroup: g1\nhistory:\n  - {date: 2000-07-01, event: full}\n")
    monkeypatch.setattr(cache, "RECENT_NS", 10**19)
    model(repo.root, cache=True)
    held = {"key": cache.file_key(path.stat())}
    real_key = cache.file_key
    monkeypatch.setattr(parse_cache, "file_key", lambda st: held["key"] if st.st_ino == path.stat().st_ino
                        else real_key(st))
    path.write_text(path.read_text(encoding="utf-8").replace("g1", "g2"), encoding="utf-8")
    monkeypatch.setattr(cache, "RECENT_NS", -10**19)
    parsed = parsed_during(monkeypatch)
    assert model(repo.root, cache=True) == model(repo.root, cache=False)
    assert "members/wang.yaml" in parsed


def test_a_large_file_is_kept_in_a_cache_file_of_its_own(repo, private_cache, monkeypatch):
    """A ledger of thousands of payments is not decoded with the other files of its shard; its own file
    goes when the ledger does."""
    repo.write("members/wang.yaml", "name: 王五\ngroup: g1\nhistory:\n  - {date: 2000-07-01, event: full}\n")
    payments = "".join("  - {member: wang, amount: '12.50', paid_on: 2025-03-05}\n" for _ in range(1500))
    repo.write("dues/2025-03.yaml", "month: 2025-03\npayments:\n" + payments)
    assert (repo.root / "dues/2025-03.yaml").stat().st_size >= cache.OWN_FILE_BYTES
    fresh = model(repo.root, cache=False)
    model(repo.root, cache=True)
    cache.finish_writes()
    own = list(private_cache.rglob("parse-file-*.json"))
    assert len(own) == 1
    parsed = parsed_during(monkeypatch)
    assert model(repo.root, cache=True) == fresh
    assert parsed == []
    own[0].write_bytes(own[0].read_bytes().replace(b"12.50", b"99.50"))      # not the file its entry names
    assert model(repo.root, cache=True) == fresh
    assert parsed == ["dues/2025-03.yaml"]
    (repo.root / "dues/2025-03.yaml").unlink()
    model(repo.root, cache=True)
    assert list(private_cache.rglob("parse-file-*.json")) == []


def _ledger_repo(repo) -> None:
    """A member and a ledger large enough for a cache file of its own."""
    repo.write("members/wang.yaml", "name: 王五\ngroup: g1\nhistory:\n  - {date: 2000-07-01, event: full}\n")
    payments = "".join("  - {member: wang, amount: '12.50', paid_on: 2025-03-05}\n" for _ in range(1500))
    repo.write("dues/2025-03.yaml", "month: 2025-03\npayments:\n" + payments)


@pytest.mark.parametrize("fork", [True, False], ids=["forked writer", "no fork"])
def test_the_writer_stores_the_same_files_with_or_without_a_child(repo, private_cache, monkeypatch, fork):
    _ledger_repo(repo)
    if not fork:
        monkeypatch.delattr(cache.os, "fork")
    fresh = model(repo.root, cache=False)
    assert model(repo.root, cache=True) == fresh
    if not fork:
        assert not cache._running                          # written in this process: nothing to wait for
    parsed = parsed_during(monkeypatch)
    assert model(repo.root, cache=True) == fresh
    assert parsed == []                                    # every file, the ledger's own file too, was stored
    cache.finish_writes()
    assert not cache._running                              # reaped: no child outlives the run


@pytest.mark.parametrize("failing", ["every file", "the own file"])
def test_a_failed_write_only_means_no_entry(repo, private_cache, monkeypatch, capfd, failing):
    """Whatever fails in the writer's child (which inherits this patch), the files come back right, the
    child says nothing, and a file whose cache file was not written is parsed next time."""
    _ledger_repo(repo)
    real = cache._write_json

    def failing_write(path, body):
        if failing == "every file" or "payload" in body:
            print("the child must not print this")
            raise OSError("disk full")
        return real(path, body)
    monkeypatch.setattr(cache, "_write_json", failing_write)
    fresh = model(repo.root, cache=False)
    assert model(repo.root, cache=True) == fresh
    cache.finish_writes()
    monkeypatch.setattr(cache, "_write_json", real)
    parsed = parsed_during(monkeypatch)
    assert model(repo.root, cache=True) == fresh
    assert parsed == (["zhidu.yaml", "members/wang.yaml", "dues/2025-03.yaml"] if failing == "every file"
                      else ["dues/2025-03.yaml"])
    assert capfd.readouterr() == ("", "")


# --- a cold load shared with a child parsing from the end (records.parse_cache._FromTheEnd) ----------

def _files(root: pathlib.Path) -> list[str]:
    from zhidu_cli.records.repository import survey
    return [relpath for relpath, _ in survey(root).files]


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the second process is forked only where os.fork exists")


def _splitting() -> list:
    return [child for child in cache._running if isinstance(child, parse_cache._FromTheEnd)]


@pytest.fixture
def meet_at(monkeypatch):
    """Share every cold load, and make this process stop at file ``n`` of it (where the two meet depends
    on speed otherwise); the child, which never sees this process get there, parses every file from
    the end down to the second."""
    monkeypatch.setattr(parse_cache, "MIN_SHARED_FILES", 1)

    def at(n: int) -> None:
        monkeypatch.setattr(parse_cache._FromTheEnd, "leaves", lambda self, position: position < n)
    return at


@needs_fork
def test_a_cold_load_shared_with_a_child_builds_the_same_model(example, private_cache, meet_at, monkeypatch):
    files = _files(example)
    half = len(files) // 2
    fresh = model(example, cache=False)
    meet_at(half)
    parsed = parsed_during(monkeypatch)          # this process's parses (the child counts in its own copy)
    assert model(example, cache=True) == fresh
    assert parsed == files[:half]                # the rest was parsed by the child and sent as entries
    assert not _splitting()                      # the child was reaped where they met
    parsed.clear()
    assert model(example, cache=True) == fresh
    assert parsed == []                          # the child's entries were stored like any other


@needs_fork
def test_what_the_child_does_not_send_is_parsed_here(repo, private_cache, meet_at, monkeypatch):
    """The child failing, or sending only some entries, costs time, never a file."""
    _ledger_repo(repo)
    for number in range(6):
        repo.write(f"meetings/2025/2025-0{number + 1}-10-group.yaml",
                   "type: group-meeting\ndate: 2025-0%d-10\ngroup: g1\nattendees: [wang]\n" % (number + 1))
    files = _files(repo.root)
    fresh = model(repo.root, cache=False)
    meet_at(1)
    sent = parse_cache._Entries.put

    def every_other(self, position, *rest):     # patched before the fork: the child inherits it
        if position % 2:
            sent(self, position, *rest)
    monkeypatch.setattr(parse_cache._Entries, "put", every_other)
    parsed = parsed_during(monkeypatch)
    assert model(repo.root, cache=True) == fresh
    assert parsed == [files[0]] + [f for position, f in enumerate(files) if position and position % 2 == 0]

    shutil.rmtree(private_cache)
    monkeypatch.setattr(parse_cache._FromTheEnd, "_child", staticmethod(lambda *args: os._exit(1)))
    parsed.clear()
    assert model(repo.root, cache=True) == fresh
    assert parsed == files
    assert not _splitting()


def test_a_child_never_met_is_stopped(repo, private_cache, meet_at, monkeypatch):
    """If this process never finds the child ahead of it (it did every file itself), the child's work is
    of no use: it is stopped and reaped before the run goes on, whatever it was still doing."""
    _ledger_repo(repo)
    fresh = model(repo.root, cache=False)
    meet_at(10 ** 9)
    assert model(repo.root, cache=True) == fresh
    assert not _splitting()


def test_only_a_cold_cache_is_shared(repo, private_cache, meet_at, monkeypatch):
    _ledger_repo(repo)
    started = []
    real = parse_cache._FromTheEnd.start.__func__

    def start(cls, *args):
        started.append(True)
        return real(cls, *args)
    monkeypatch.setattr(parse_cache._FromTheEnd, "start", classmethod(start))
    model(repo.root, cache=True)
    assert started == [True]                     # a first run
    repo.write("members/li.yaml", "name: 李四\ngroup: g1\nhistory:\n  - {date: 2001-07-01, event: full}\n")
    model(repo.root, cache=True)
    assert started == [True]                     # a file added: the shards are this software's, used
    monkeypatch.setattr(cache, "software_key", lambda: "another version of zhidu")
    model(repo.root, cache=True)
    assert started == [True, True]               # after an upgrade every shard is foreign: cold again


# --- the same child started before the command line is parsed (parse_cache.start_early) -------------

@pytest.fixture(autouse=True)
def no_early_child_left():
    """A test that fails before its load took the early child over leaves none to the next test."""
    yield
    early, parse_cache._early = parse_cache._early, None
    if early is not None:
        early.helper.close()


def _early_child_started() -> bool:
    return parse_cache._early is not None and parse_cache._early.helper in _splitting()


@needs_fork
def test_a_child_started_early_is_the_one_the_load_takes_over(example, private_cache, meet_at, monkeypatch):
    """``zhidu check`` starts the child before typer is imported; the load goes on with that child, as
    with one it started itself, and the model is the same."""
    files = _files(example)
    half = len(files) // 2
    fresh = model(example, cache=False)
    meet_at(half)
    replay.head_start(["check", str(example), "--as-of", "2025-12-31"])
    assert _early_child_started()
    started = []
    monkeypatch.setattr(parse_cache._FromTheEnd, "start", classmethod(lambda cls, *args: started.append(args)))
    parsed = parsed_during(monkeypatch)
    assert model(example, cache=True) == fresh     # Store.open waits for writers: the early child lives on
    assert started == []                           # no second child: the early one did the files from the end
    assert parsed == files[:half]
    assert parse_cache._early is None and not _splitting()


@needs_fork
@pytest.mark.parametrize("cached", [True, False], ids=["another repository", "--no-cache"])
def test_a_child_started_early_for_a_load_that_does_not_want_it_is_stopped(example, repo, private_cache, meet_at,
                                                                          cached):
    """A wrong guess costs the second core's time, never a file: the child is stopped and reaped, and
    the repository actually opened is loaded as it would have been."""
    _ledger_repo(repo)
    target = repo.root if cached else example
    fresh = model(target, cache=False)
    meet_at(10 ** 9)
    parse_cache.start_early(example.resolve())
    child = parse_cache._early.helper
    assert model(target, cache=cached) == fresh
    assert parse_cache._early is None and not _splitting() and child._pid == 0


@needs_fork
def test_a_child_is_started_early_only_where_the_load_would_start_one(example, private_cache, monkeypatch):
    monkeypatch.setattr(parse_cache, "MIN_SHARED_FILES", len(_files(example)) + 1)
    parse_cache.start_early(example.resolve())
    assert parse_cache._early is None                       # too few files to share
    monkeypatch.setattr(parse_cache, "MIN_SHARED_FILES", 1)
    model(example, cache=True)
    parse_cache.start_early(example.resolve())
    assert parse_cache._early is None                       # the cache is warm: nothing to parse


def test_the_repository_is_told_from_the_words_typed(example, repo, tmp_path_factory, monkeypatch):
    guessed = []
    monkeypatch.setattr(parse_cache, "start_early", guessed.append)

    def guess(*words: str) -> list[pathlib.Path]:
        guessed.clear()
        replay.head_start(["check", *words])
        return guessed

    root = example.resolve()
    member = next((example / "members").iterdir())
    assert guess(str(example), "--as-of", "2025-12-31", "-f", "json") == [root]
    assert guess(str(member), "--select", "MTG") == [root]                  # a pre-commit hook's files
    assert guess(f"--repo={example}") == [root]
    assert guess("-C", str(example / "members")) == [root]
    monkeypatch.chdir(example / "meetings")
    assert guess("--as-of", "2025-12-31") == [root]                        # the working folder's repository
    assert guess(str(example), str(repo.root)) == []                       # two repositories: no guess
    assert guess(str(example), "--no-cache") == []
    assert guess("--help") == []
    monkeypatch.setenv("ZHIDU_NO_CACHE", "1")
    assert guess(str(example)) == []
    monkeypatch.delenv("ZHIDU_NO_CACHE")
    assert guess(str(example), "--branch", "nanyuan") == []                # a street's branch
    street = tmp_path_factory.mktemp("street")
    (street / "zhidu.yaml").write_text("name: 东湖街道党工委\nbranches:\n  - {id: nanyuan, path: nanyuan}\n",
                                       encoding="utf-8")
    assert guess(str(street)) == []              # its branches are loaded in a pool, each on its own
    monkeypatch.chdir(tmp_path_factory.mktemp("not-a-repository"))
    assert guess("--as-of", "2025-12-31") == []


@needs_fork
def test_a_process_forked_later_leaves_the_early_child_to_its_parent(example, private_cache, monkeypatch):
    """A street worker, the writer or a rules lane is forked with the early child unclaimed: the child
    is its parent's to take over or stop, never the fork's."""
    monkeypatch.setattr(parse_cache, "MIN_SHARED_FILES", 1)
    parse_cache.start_early(example.resolve())
    assert _early_child_started()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(write_end, b"1" if parse_cache._early is None and not cache._running else b"0")
        os._exit(0)
    os.close(write_end)
    os.waitpid(pid, 0)
    with os.fdopen(read_end, "rb") as pipe:
        assert pipe.read() == b"1"
    parse_cache._adopt_early(example.resolve()).helper.close()
    assert not _splitting()
