"""Loading a repository through the user's parse cache (:mod:`zhidu_cli.cache`).

A file whose key (size, times, inode, mode — and content, when recently touched) matches its stored
entry is rebuilt from the entry instead of being parsed; any other file is loaded exactly as
:func:`~zhidu_cli.records.repository.load_one` loads it and stored. The entry is the loader's whole
output — nodes, problems and suppression comments — as JSON of plain lists, rebuilt with every type
checked: what comes back is what the loader made, or the entry is refused and the file parsed again.
"""

from __future__ import annotations

import functools
import gc
import marshal
import mmap
import os
import pathlib
import signal
import time
from typing import Callable, Iterator, NamedTuple

from zhidu_cli import cache
from zhidu_cli.cache import Corrupt, Store, _file_digest, file_key, is_recent
from zhidu_cli.diagnostics.finding import Location, Problem
from zhidu_cli.records.nodes import Mapping, Scalar, Sequence
from zhidu_cli.records.repository import LoadedFile, Survey, load_one, survey, was_read
from zhidu_cli.records.yaml_loader import MAX_DEPTH, Suppression

_FACT_TYPES = (str, int, bool, type(None))
_new = tuple.__new__


class CacheSlot:
    """A file's place in the parse cache, handed to the model builder with the file (``LoadedFile.cache``).

    ``model``: the file's records as the model stored them (:mod:`zhidu_cli.model.stored`), when the
    entry holds them; the file then comes without nodes. The builder of a freshly parsed file leaves
    its records here (:meth:`keep`); if stored records cannot be rebuilt, it asks for the file parsed
    (:meth:`parse_again`). The entry is written once the builder is done with the file.
    """

    __slots__ = ("model", "kept", "fresh", "_parse")

    def __init__(self, model, parse) -> None:
        self.model = model
        self.kept = None
        self.fresh: LoadedFile | None = None
        self._parse = parse

    def keep(self, model) -> None:
        self.kept = model

    def parse_again(self) -> LoadedFile:
        self.model = None
        fresh = self._parse()
        self.fresh = fresh
        return LoadedFile(fresh.path, fresh.kind, fresh.node, fresh.problems, fresh.suppressions, self)


def load_repository_cached(root: pathlib.Path, store: Store | None,
                           build: Callable[[Iterator[LoadedFile]], object] | None = None) -> Iterator[LoadedFile]:
    """Every records file, from the cache where it is unchanged: the same files (and unread paths), in
    the same order, as :func:`~zhidu_cli.records.repository.load_repository`, yielded one by one so that
    the caller can build each file's records and let its nodes go. Without a store (``--no-cache``)
    every file is parsed, through this same path: a cached and an uncached run cannot differ in what
    they load. With a store, each file carries its :class:`CacheSlot`; a file whose entry holds its
    built records comes with them and without nodes.

    ``build``: what the caller does with these files (the model builder). When the cache is cold, a
    child on the second core runs it over the files from the last one backwards while this process
    goes forwards (:class:`_FromTheEnd`); the files it did come back as cache entries.
    """
    early = _adopt_early(root)
    found = early.found if early else survey(root)
    files = found.files
    if store is None:
        if early:
            early.helper.close()
        for relpath, kind in files:
            yield load_one(root, relpath, kind)
        yield from found.unread
        return
    shards = store.parse_shards()
    helper = None
    if build is not None and _worth_sharing(shards, files):
        shards.start_writing()
        helper = early.helper if early else _FromTheEnd.start(root, files, build)
    elif early:
        early.helper.close()
    given: dict = {}
    now = time.time_ns()
    try:
        for position, (relpath, kind) in enumerate(files):
            if helper is not None and not helper.leaves(position):
                given = helper.collect()          # the rest came from the child, or is parsed here
                helper = None
            yield from _through(shards, root, position, relpath, kind, now, given.pop(position, None))
    finally:
        if helper is not None:
            helper.close()                        # this process got to every file first (or stopped early)
    shards.finish(len(files))
    yield from found.unread          # every path not read, with its SCH010 problem, as load_repository ends


def start_early(root: pathlib.Path) -> None:
    """Start a cold load's child parsing from the end (:class:`_FromTheEnd`) now, before the command line
    is parsed; the load of ``root`` that follows in this process takes it over.

    Why. A command line is parsed by typer, which imports click and pydantic: about 0.15 s of one core
    before the load can begin, while the other core idles. :func:`zhidu_cli.cli.app.main` calls this
    for a ``zhidu check`` whose repository it can tell from the words typed. The child needs nothing
    from the command line: what it makes depends on the files alone, and it is the child the load would
    start itself, so a wrong guess only costs the second core's time. The load takes it over only for
    the same repository, with the tree surveyed here (the file list the child was given), and only when
    it would start one itself (a cold cache, enough files); otherwise it is stopped there, or when the
    process ends.
    """
    global _early
    store = Store.open(root)
    if store is None:
        return
    shards = store.parse_shards()
    if shards.any_current(1):        # the first shard is this software's: warm, and no survey spent on it
        return
    found = survey(root)
    if not _worth_sharing(shards, found.files):
        return
    helper = _FromTheEnd.start(root, found.files, functools.partial(_build_records, str(root)))
    if helper is not None:
        _early = _Early(root, found, helper)


def _build_records(root: str, files: Iterator[LoadedFile]):
    """The model builder, imported in the child started early (the command has not imported it yet)."""
    from zhidu_cli.model.repository import build_records

    return build_records(root, files)


class _Early(NamedTuple):
    """A child started by :func:`start_early`, until a load takes it over."""

    root: pathlib.Path
    found: Survey              # the tree as surveyed for it: its file list is the child's
    helper: "_FromTheEnd"


_early: _Early | None = None


def _adopt_early(root: pathlib.Path) -> _Early | None:
    """The child :func:`start_early` started for ``root``; one started for another is stopped."""
    global _early
    early, _early = _early, None
    if early is not None and early.root != root:
        early.helper.close()
        return None
    return early


def _forget_early() -> None:
    """In a forked child (the writer, a rules lane, a street worker): the child started early is the
    parent's to take over or stop (its pipe is let go with the other children, cache._forget_children)."""
    global _early
    _early = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_early)


#: Below this many files a cold load takes about a tenth of a second: a second process costs more than it saves.
MIN_SHARED_FILES = 600


def _worth_sharing(shards, files: tuple) -> bool:
    """Whether a load of ``files`` is one to share with a child from the end: enough of them, and a cold
    cache (no shard written by this software: a first run, a cleared cache, a new version of zhidu)."""
    return len(files) >= MIN_SHARED_FILES and not shards.any_current(len(files))


def _through(shards, root: pathlib.Path, position: int, relpath: str, kind: str, now: int,
             given: tuple | None = None) -> Iterator[LoadedFile]:
    """One file through the cache: yielded from its entry (or from ``given``, an entry made by
    :class:`_FromTheEnd`), else parsed; once the builder is done with it (the generator resumes), a file
    parsed here or given is stored, with the records the builder made of it."""
    if given is None:
        path = os.path.join(root, relpath)
        try:
            st = os.stat(path)
        except OSError:
            yield load_one(root, relpath, kind)     # reported as unreadable, never stored
            return
        key = list(file_key(st))
        content = _file_digest(path) if is_recent(st, now) else None   # before the read it vouches for
        payload = shards.get(position, relpath, kind, key, content, path)
    else:
        key, content, payload = given
    loaded = None
    if payload is not None:
        try:
            loaded = decode(relpath, kind, payload)
        except (Corrupt, RecursionError):
            shards.drop(position, relpath)
            given = None
    if loaded is not None and loaded.cache is None:
        if given is not None:
            shards.put(position, relpath, kind, key, content, payload)
        yield loaded                            # stored as nodes: nothing to build into the entry
        return
    if loaded is None:
        loaded = load_one(root, relpath, kind)
        if not was_read(loaded):                # a FIFO, a vanished file: not content
            yield loaded
            return
        slot = CacheSlot(None, None)
        loaded = LoadedFile(loaded.path, kind, loaded.node, loaded.problems, loaded.suppressions, slot)
    else:
        slot = loaded.cache
        slot._parse = lambda: load_one(root, relpath, kind)
    yield loaded
    slot._parse = None
    if slot.fresh is not None or slot.model is None:     # parsed here: store what the builder made of it
        payload = encode(slot.fresh or loaded, slot.kept)
    elif given is None:
        return                                  # an entry of the cache, as it is stored
    if payload is not None:
        shards.put(position, relpath, kind, key, content, payload)


class _Entries:
    """Where the child of :class:`_FromTheEnd` puts the entries it makes (it reads none: the cache is cold)."""

    def __init__(self) -> None:
        self.made: list[tuple] = []

    def get(self, *_) -> None:
        return None

    def drop(self, *_) -> None:
        pass

    def put(self, position: int, relpath: str, kind: str, key: list, content: str | None, payload) -> None:
        self.made.append((position, key, content, payload))


class _FromTheEnd:
    """A child on the second core that loads a cold cache's files from the last one backwards, while
    this process loads from the first one forwards, until they meet.

    Why. A first run (or the first after an upgrade) parses every file, and the second core would
    otherwise only encode the cache. Rebuilding a file from its entry costs about half of parsing and
    building it.

    How it stays exact. The child is this process forked: it runs the caller's own builder and makes
    each file's entry as this process would (:func:`_through`), and sends the entries back through a
    pipe with :mod:`marshal` (between two processes of this run, never stored). This process then takes
    them as it takes entries from the cache: each is validated as it is rebuilt, and stored. A file the
    child did not send (it failed, was killed, or could not store it) is parsed here. So where they
    meet only decides who does the work, never what is found.

    Where they meet. Two numbers in memory shared with the child: the file this process is at and the
    last one the child took. Each side writes its own number before reading the other's, and takes a
    file only when the other has not: if both give one up, it is parsed here; if both take it (neither
    saw the other's write in time), it is parsed twice and stored once. The numbers are read and written
    through a memoryview of machine integers, one aligned store each (``struct.pack_into`` zeroes the
    bytes before it writes them, and a zero read in between stopped this process at once).
    """

    def __init__(self, pid: int, at: memoryview, read_end: int) -> None:
        self._pid = pid
        self._at = at                # [file this process is at, last file the child took]
        self._read_end = read_end

    @classmethod
    def start(cls, root: pathlib.Path, files: tuple, build) -> "_FromTheEnd | None":
        from zhidu_cli.forking import can_fork

        if not can_fork():
            return None
        try:
            at = memoryview(mmap.mmap(-1, 16)).cast("q")     # anonymous, shared with the child
            at[0], at[1] = -1, len(files)
            read_end, write_end = os.pipe()
            pid = os.fork()
        except OSError:
            return None
        if pid == 0:
            os.close(read_end)
            cls._child(root, files, build, at, write_end)
        os.close(write_end)
        helper = cls(pid, at, read_end)
        cache._running.add(helper)
        return helper

    @staticmethod
    def _child(root, files, build, at: memoryview, write_end: int) -> None:
        """Take files from the end until this process is there, build them, send their entries, and
        leave without printing or running any of the parent's cleanup."""
        code = 1
        try:
            gc.disable()                 # it builds what lives until it leaves (zhidu_cli.collector)
            cache.silence()
            entries = _Entries()
            now = time.time_ns()

            def taken():
                for position in range(len(files) - 1, 0, -1):
                    at[1] = position
                    if at[0] >= position:
                        return                  # this process is there already
                    relpath, kind = files[position]
                    yield from _through(entries, root, position, relpath, kind, now)

            build(taken())
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(marshal.dumps(entries.made))
            code = 0
        finally:
            os._exit(code)

    def leaves(self, position: int) -> bool:
        """Whether the file at ``position`` is left to this process (the child has not taken it)."""
        at = self._at
        at[0] = position
        return at[1] > position

    def collect(self) -> dict[int, tuple]:
        """The entries the child made, by position, once it has ended; none if it failed."""
        try:
            with os.fdopen(self._read_end, "rb") as pipe:
                data = pipe.read()
        except OSError:
            data = b""
        self._read_end = -1
        cache._running.discard(self)
        if self._reap() != 0:
            return {}
        try:
            made = marshal.loads(data)       # from this run's own child, never from elsewhere
            return {position: (key, content, payload) for position, key, content, payload in made}
        except Exception:
            return {}

    def close(self) -> None:
        """Stop the child without reading it (this process did every file, or is ending): it writes
        nothing but the pipe, so it is simply killed, and reaped."""
        cache._running.discard(self)
        if self._read_end >= 0:
            os.close(self._read_end)
            self._read_end = -1
        if self._pid:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except OSError:
                pass
            self._reap()

    def _reap(self) -> int:
        status = 1
        if self._pid:
            try:
                status = os.waitpid(self._pid, 0)[1]
            except OSError:
                pass
            self._pid = 0
        return status

    def forget(self) -> None:
        """In a forked child (the cache writer, a rules lane): the pipe's read end is the parent's; held
        open here, it would keep the child of this split writing into a pipe nobody reads."""
        if self._read_end >= 0:
            os.close(self._read_end)
            self._read_end = -1
        self._pid = 0


# --- encoding: Scalar [text, line, column, flags]; Sequence [0, line, column, *items];
#     Mapping [1, line, column, key, value, key, value, …]

def encode(loaded: LoadedFile, model=None) -> list | None:
    """The loader's output as JSON-ready lists, or None when it should not be stored: ``[nodes, problems,
    suppressions, model]``, where the nodes are left out (null) when the model's records are stored.

    Aliases are written out in full: the loader refuses a file whose aliases expand beyond
    ``MAX_EXPANDED_NODES``, which bounds an entry's size too.
    """
    if not was_read(loaded):
        return None
    problems = []
    for p in loaded.problems:
        if (p.location.path != loaded.path or p.severity is not None or p.related
                or not all(type(k) is str and isinstance(v, _FACT_TYPES) for k, v in p.facts.items())):
            return None
        if p.code == "SCH001" and p.variant == "unreadable":
            return None          # a passing condition (a permission, a lock), not the file's content
        problems.append([p.code, p.variant, p.location.line, p.location.column, dict(p.facts)])
    suppressions = [[s.line, list(s.codes), s.comment_line, s.comment_column] for s in loaded.suppressions]
    if model is not None:
        return [None, problems, suppressions, model]
    return [None if loaded.node is None else _encode(loaded.node), problems, suppressions, None]


def _encode(node) -> list:
    kind = type(node)
    if kind is Scalar:
        return [node[0], node[1], node[2], node[3] | (node[4] << 1)]
    if kind is Mapping:
        out = [1, node[1], node[2]]
        append = out.append
        for key, value in node[0]:
            append([key[0], key[1], key[2], key[3] | (key[4] << 1)])
            append([value[0], value[1], value[2], value[3] | (value[4] << 1)] if type(value) is Scalar
                   else _encode(value))
        return out
    return [0, node[1], node[2], *map(_encode, node[0])]


def _int(value) -> int:
    if type(value) is not int:
        raise Corrupt("int")
    return value


def decode(relpath: str, kind: str, payload) -> LoadedFile:
    """Rebuild a :class:`LoadedFile` from :func:`encode`'s lists, checking every type on the way (the
    model's part is checked by the model as it rebuilds the records, :mod:`zhidu_cli.model.stored`)."""
    if type(payload) is not list or len(payload) != 4:
        raise Corrupt("payload")
    tree, problems, suppressions, model = payload
    if model is not None and tree is not None:
        raise Corrupt("nodes and model")
    if type(problems) is not list or type(suppressions) is not list:
        raise Corrupt("lists")
    built_problems = []
    for p in problems:
        if type(p) is not list or len(p) != 5 or type(p[0]) is not str or type(p[1]) is not str \
                or type(p[4]) is not dict:
            raise Corrupt("problem")
        if not all(isinstance(v, _FACT_TYPES) for v in p[4].values()):
            raise Corrupt("facts")
        built_problems.append(Problem(p[0], Location(relpath, _int(p[2]), _int(p[3])), p[4], p[1]))
    built_suppressions = []
    for s in suppressions:
        if type(s) is not list or len(s) != 4 or type(s[1]) is not list \
                or not all(type(c) is str for c in s[1]):
            raise Corrupt("suppression")
        built_suppressions.append(Suppression(_int(s[0]), tuple(s[1]), _int(s[2]), _int(s[3])))
    node = None if tree is None else _node(tree, 0)
    return LoadedFile(relpath, kind, node, tuple(built_problems), tuple(built_suppressions),
                      None if model is None else CacheSlot(model, None))


def _node(item, depth: int):
    if type(item) is not list or len(item) < 3:
        raise Corrupt("node")
    head, line, column = item[0], item[1], item[2]
    if type(line) is not int or type(column) is not int:
        raise Corrupt("position")
    if type(head) is str:
        if len(item) != 4 or item[3] not in (0, 1, 2) or type(item[3]) is not int:
            raise Corrupt("scalar")
        flags = item[3]
        return _new(Scalar, (head, line, column, flags == 1, flags == 2))
    if depth >= MAX_DEPTH:
        raise Corrupt("depth")
    if head == 0 and type(head) is int:
        return _new(Sequence, (tuple([_node(x, depth + 1) for x in item[3:]]), line, column))
    if head == 1 and type(head) is int and len(item) % 2 == 1:
        values = item[3:]
        pairs = []
        for index in range(0, len(values), 2):
            key = _node(values[index], depth + 1)
            if type(key) is not Scalar:
                raise Corrupt("key")
            pairs.append((key, _node(values[index + 1], depth + 1)))
        return _new(Mapping, (tuple(pairs), line, column))
    raise Corrupt("node kind")
