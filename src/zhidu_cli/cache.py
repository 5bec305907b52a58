"""The user's cache of parsed files and of whole ``zhidu check`` results: fast, and never wrong.

Where. ``$ZHIDU_CACHE_DIR``, else ``$XDG_CACHE_HOME/zhidu``, else ``~/.cache/zhidu``; one folder per
records repository, named by a digest of the repository's real path. Never inside the repository: a
cloned repository must not be able to supply cache contents, so a cache folder that resolves inside
the repository being checked is not used (and said so). The folder is created private (0700) and
a folder owned by another user is not used.

What is trusted. Every entry is keyed by the path and by the file's size, mtime_ns, ctime_ns, inode
and mode (ctime cannot be set back by ``touch``; a rename or a ``chmod`` changes it), and by the
*software*: zhidu's version and the size and mtime of every file of zhidu itself and of the libraries
whose behaviour a result depends on (PyYAML and libyaml, chinesecalendar, dateutil), and the Python
version. A timestamp only proves that nothing changed when the change would have moved it: a file
touched within :data:`RECENT_NS` of the moment it was read may change again within the same clock
tick, so such files are also keyed by a digest of their content, taken *before* the read whose result
is cached (a change after that makes the digest disagree, so the entry is refused next time).

How it is stored. JSON, which cannot run code when read (pickle can; marshal cannot run code but is
documented as unsafe on malformed data and changes between Python versions). Every entry is validated
while it is rebuilt; a corrupt, truncated, foreign or outdated file is ignored and rewritten, never
trusted and never a crash. Writes go to a temporary file in the same folder and are renamed into
place, so a reader sees the old file or the new one, and two runs racing each write a whole file
(the last rename wins; both are valid).

This module imports only the standard library: the whole-result lookup of ``zhidu check`` runs
before anything heavy is imported.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import marshal
import os
import pathlib
import stat as stat_module
import sys
import time

from zhidu_cli import __version__

FORMAT = 1                         # bump when the layout of a cache file changes
RECENT_NS = 2_000_000_000          # files touched this close to a read are keyed by content too
RESULT_DAYS = 14                   # result entries unused this long are removed
SHARD_SIZE = 500                   # parsed files per cache file: an edit rewrites one such file
OWN_FILE_BYTES = 64 * 1024         # a parsed file this large is kept in a cache file of its own
SKIPPED_FOLDERS = frozenset({".git", ".hg", ".svn"})   # version control's own files are never records


class Corrupt(ValueError):
    """A cache file or entry that is not exactly what this version writes: ignored, then rewritten."""


def base_dir() -> pathlib.Path:
    """The user's cache folder for zhidu (``ZHIDU_CACHE_DIR`` > ``XDG_CACHE_HOME`` > ``~/.cache``)."""
    chosen = os.environ.get("ZHIDU_CACHE_DIR")
    if chosen:
        return pathlib.Path(chosen).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = pathlib.Path(xdg) if xdg and os.path.isabs(xdg) else pathlib.Path.home() / ".cache"
    return base / "zhidu"


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _file_digest(path: str) -> str | None:
    """The digest of a regular file's content, or None. Never blocks: a FIFO or device is not read."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat_module.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            return digest(handle.read())
    except OSError:
        return None
    finally:
        os.close(descriptor)


# --- what the software is ---------------------------------------------------------------------------

_DEPENDENCIES = ("yaml", "chinese_calendar", "dateutil")


def _folder_stats(folder: str, recursive: bool) -> list:
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__") if recursive else []
        for name in sorted(filenames):
            if name.endswith((".pyc", ".pyo")):
                continue
            try:
                st = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            found.append((os.path.relpath(os.path.join(dirpath, name), folder), st.st_size, st.st_mtime_ns))
    return found


_software: str | None = None


def software_key() -> str:
    """A digest of everything the results depend on besides the records and the options.

    zhidu's own files are stat-ed, not trusted by version number alone, so an edited working copy (a
    developer's, or a patched install) never reads results of the code it replaced. Dependencies are
    found without importing them.
    """
    global _software
    if _software is None:
        import importlib.util

        parts: list = [FORMAT, __version__, sys.version, sys.platform,
                       _folder_stats(os.path.dirname(os.path.abspath(__file__)), True)]
        for name in _DEPENDENCIES:
            spec = importlib.util.find_spec(name)
            locations = list(spec.submodule_search_locations or ()) if spec else []
            if spec is not None and not locations and spec.origin:
                locations = [os.path.dirname(spec.origin)]
            parts.append((name, [_folder_stats(folder, False) for folder in locations]))
        _software = digest(repr(parts).encode())
    return _software


# --- the state of a repository's files --------------------------------------------------------------

def file_key(st: os.stat_result) -> tuple[int, int, int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_mode)


def is_recent(st: os.stat_result, now_ns: int) -> bool:
    """Touched so recently that its timestamps cannot vouch for its content."""
    return max(st.st_mtime_ns, st.st_ctime_ns) >= now_ns - RECENT_NS


class Tree:
    """Every entry under the repository root (version control's folders aside) with its file key.

    ``digest`` covers names, kinds and keys; ``hashes`` the content of the recently touched files,
    taken now, before the run reads them. ``None`` from :meth:`scan` means the tree cannot vouch for
    itself (a symbolic link to a folder, an unreadable folder): then no result is cached or used.
    """

    __slots__ = ("root", "digest", "hashes")

    def __init__(self, root: pathlib.Path, digest_: str, hashes: dict[str, str]) -> None:
        self.root = root
        self.digest = digest_
        self.hashes = hashes

    def content(self, name: str) -> str:
        """The digest of a file's content: taken by the scan when it was recent, else now."""
        found = self.hashes.get(name)
        if found is None:
            found = self.hashes[name] = _file_digest(os.path.join(self.root, name)) or ""
        return found

    @classmethod
    def scan(cls, root: pathlib.Path) -> "Tree | None":
        now = time.time_ns()
        entries: list[tuple] = []
        recent: list[tuple[str, str]] = []
        stack = [("", str(root))]
        try:
            while stack:
                relative, folder = stack.pop()
                with os.scandir(folder) as listing:
                    for entry in listing:
                        name = relative + entry.name
                        if entry.is_dir(follow_symlinks=False):
                            if entry.name not in SKIPPED_FOLDERS:
                                entries.append((name + "/",))
                                stack.append((name + "/", entry.path))
                            continue
                        st = entry.stat(follow_symlinks=False)
                        if entry.is_symlink():
                            try:
                                target = os.stat(entry.path)
                            except OSError:          # a dangling link: its own key says enough
                                target = st
                            if stat_module.S_ISDIR(target.st_mode):
                                return None          # its contents would be read but not seen here
                            entries.append((name, file_key(st), file_key(target)))
                            st = target
                        else:
                            entries.append((name, file_key(st)))
                        if is_recent(st, now):
                            recent.append((name, entry.path))
        except OSError:
            return None
        entries.sort()
        hashes = {}
        for name, path in recent:
            hashes[name] = _file_digest(path) or ""
        return cls(root, digest(repr(entries).encode()), hashes)


# --- the store ---------------------------------------------------------------------------------------

def _write_atomic(path: pathlib.Path, data: bytes) -> bool:
    """Write to a temporary file beside ``path`` and rename it into place (never a half-written file).
    True when it is in place; an interrupted write (Ctrl-C, ``kill``) removes its temporary file too."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
        return True
    except BaseException as failure:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(failure, OSError):
            return False
        raise


class _Files:
    """Writes parse-cache files: each own file, then the shard whose entries name it by its digest.

    A freshly stored large file's entry holds ``{"own": ""}`` until its own file is written here; the
    shard is written with the digest of what was written, or without the entry when it was not.
    """

    def __init__(self) -> None:
        self._own: dict[str, str] = {}        # relpath → digest of its own file, written for the next shard

    def write(self, message: tuple) -> None:
        """Write one file; one that fails is only a file fewer (and its entry goes with it)."""
        kind, path, body = message
        if kind == "own":
            try:
                self._own[body["path"]] = _write_json(pathlib.Path(path), body)
            except Exception:
                self._own[body["path"]] = ""
            return
        entries = body["entries"]
        for relpath, entry in list(entries.items()):
            if type(entry[3]) is dict and entry[3].get("own") == "":
                written = self._own.pop(relpath, "")
                if written:
                    entry[3] = {"own": written}
                else:
                    del entries[relpath]
        try:
            _write_json(pathlib.Path(path), body)
        except Exception:
            pass


class _Writer:
    """Encodes and writes the parse cache's files in a child process forked when writing begins.

    Why. Encoding a street office's 74 MB of JSON and writing it took a whole process almost two seconds,
    and nothing later in the run reads it. A child on the second core does it while this process goes on loading:
    each file's lists come to it through a pipe with :mod:`marshal` (several times faster than JSON,
    and only ever read by this run's own child, never stored). It is forked once, before the model grows:
    at the first write, or as a cold load begins (:meth:`ParseShards.start_writing`), whose first shard
    is complete only once the model is almost built. A fork per shard made the parent copy its pages
    again and again, and a child forked late counts every page it shares as its own resident memory
    (a cold run's peak at 300 × 5 was 98 MiB rather than 79). Its output goes nowhere, it leaves
    with ``os._exit``, and :meth:`close` — at the latest when the process ends — waits for it, so it
    never outlives the command. Without ``os.fork``, with other threads running (forking them is
    unsafe), or once anything fails on the way, the files are written here: a failure only ever means
    a cache entry fewer.
    """

    def __init__(self) -> None:
        self._child: tuple[int, int] | None = None     # (pid, pipe's write end)
        self._here: _Files | None = None

    def write(self, kind: str, path: pathlib.Path, body: dict) -> None:
        self.start()
        if self._child is not None:
            try:
                data = marshal.dumps((kind, str(path), body))
                _send(self._child[1], len(data).to_bytes(8, "little") + data)
                return
            except (OSError, ValueError):
                self.close()
                self._here = _Files()        # the child's part of this shard is lost: those entries are not named
        self._here.write((kind, str(path), body))

    def start(self) -> None:
        if self._child is not None or self._here is not None:
            return
        from zhidu_cli.forking import can_fork   # not on the way of a cached answer (cli/replay.py)

        if can_fork():
            try:
                read_end, write_end = _pipe()
                pid = os.fork()
            except OSError:
                pass
            else:
                if pid == 0:
                    _child(read_end, write_end)
                os.close(read_end)
                self._child = (pid, write_end)
                _running.add(self)
                return
        self._here = _Files()

    def close(self) -> None:
        """Let the child finish what it was sent, and reap it."""
        if self._child is None:
            return
        pid, write_end = self._child
        self._child = None
        _running.discard(self)
        try:
            os.close(write_end)
            os.waitpid(pid, 0)
        except OSError:
            pass

    def forget(self) -> None:
        """In a forked child: the pipe to the writer is the parent's; holding it open would keep the
        writer waiting for more until this child ends."""
        if self._child is not None:
            try:
                os.close(self._child[1])
            except OSError:
                pass
            self._child = None


def _send(write_end: int, data: bytes) -> None:
    """Write all of ``data`` to the writer's pipe; a writer that has died is an ``OSError`` here."""
    from zhidu_cli.forking import sigpipe_ignored

    with sigpipe_ignored():
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view):]


def _pipe() -> tuple[int, int]:
    """A pipe holding a whole shard where the system allows (Linux: up to 1 MiB, ``pipe-max-size``):
    with the default 64 KiB, this process waited at each shard while the child encoded the last one."""
    read_end, write_end = os.pipe()
    try:
        import fcntl

        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass
    return read_end, write_end


def _child(read_end: int, write_end: int) -> None:
    """The writer's forked child: write what comes through the pipe, then leave without printing or
    running any of the parent's cleanup."""
    code = 1
    try:
        os.close(write_end)
        silence()
        files = _Files()
        with os.fdopen(read_end, "rb") as pipe:
            while head := pipe.read(8):
                data = pipe.read(int.from_bytes(head, "little"))
                files.write(marshal.loads(data))     # from this run's own parent, never from elsewhere
        code = 0
    finally:
        os._exit(code)


def silence() -> None:
    """In a forked helper child: its output goes nowhere, wherever the parent's streams led."""
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    sys.stdout = sys.stderr = None           # print() then writes nothing


# Children of this process: writers of cache files (:class:`_Writer`) and the parser from the end of
# a cold cache (records.parse_cache): each has ``close()`` (let it finish, or stop it) and ``forget()``
# (in a forked child).
_running: set = set()


def finish_writes() -> None:
    """Wait until every cache file this process is writing is in place.

    A writer's child goes on writing the last shards while the rules run; whatever of the store is read
    again in this process is read after it. A parser from the end is not waited for here: the load that
    started it stops it, and one started ahead of the command line (:func:`~zhidu_cli.records.parse_cache.start_early`)
    is still working while the command looks up its stored result.
    """
    for child in list(_running):
        if type(child) is _Writer:
            child.close()


@atexit.register
def _end_children() -> None:
    """When the process ends (whatever way it ends: an error, Ctrl-C, ``kill``), every child is done:
    the writers have finished and any other child is stopped, so no child outlives the command."""
    for child in list(_running):
        child.close()


def _forget_children() -> None:
    """In any forked child (the rules' lane, a worker, a writer): the children are the parent's."""
    for child in list(_running):
        child.forget()
    _running.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_children)


def _write_json(path: pathlib.Path, body: dict) -> str:
    """Write ``body`` as JSON to ``path`` atomically: the digest of what was written, or "" when it was not.
    Without the encoder's cycle check: the entries are plain trees, and checking every list of a
    shard's records took a third of writing it."""
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":"), check_circular=False).encode()
    return digest(data) if _write_atomic(path, data) else ""


def _read_json(path: pathlib.Path, kind: str) -> dict:
    """A cache file of ``kind`` written by this software, or :class:`Corrupt`."""
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise Corrupt("missing") from None
    except (OSError, ValueError, RecursionError):
        raise Corrupt("unreadable") from None
    if (type(data) is not dict or data.get("zhidu") != kind or data.get("format") != FORMAT
            or data.get("software") != software_key()):
        raise Corrupt("foreign")
    return data


def _dump(kind: str, body: dict) -> bytes:
    return json.dumps({"zhidu": kind, "format": FORMAT, "software": software_key(), **body},
                      ensure_ascii=False, separators=(",", ":")).encode()


def _prune(folder: pathlib.Path, pattern: str) -> None:
    """Remove the entries matching ``pattern`` nobody asked for in :data:`RESULT_DAYS` (results of an
    as-of of every past day), and the temporary files of writes killed outright (the OOM killer,
    ``kill -9``) an hour on: one lives for milliseconds otherwise."""
    now = time.time()
    try:
        for stale, age in ((pattern, RESULT_DAYS * 86400), (".*.tmp", 3600)):
            for path in folder.glob(stale):
                if path.stat().st_mtime < now - age:
                    path.unlink()
    except OSError:
        pass


_said: set[str] = set()


def _say_once(message: str) -> None:
    """Why the cache is not used, said once per process (``check`` opens the store twice)."""
    if message not in _said:
        _said.add(message)
        sys.stderr.write(message)


class Store:
    """The cache folder of one repository."""

    def __init__(self, folder: pathlib.Path) -> None:
        self.folder = folder

    @classmethod
    def open(cls, root: pathlib.Path) -> "Store | None":
        """The store for the repository at ``root``, or ``None`` when no safe cache folder is available."""
        if os.environ.get("ZHIDU_NO_CACHE"):
            return None
        finish_writes()             # what this process wrote before is read complete
        base = base_dir()
        try:
            real_root = pathlib.Path(os.path.realpath(root))
            base.mkdir(parents=True, exist_ok=True, mode=0o700)
            real_base = pathlib.Path(os.path.realpath(base))
            if real_base == real_root or real_root in real_base.parents:
                _say_once(f"zhidu: not using the cache folder {base}: it is inside the records repository / "
                          f"缓存目录在记录仓库内，不使用缓存\n")
                return None
            if hasattr(os, "getuid") and real_base.stat().st_uid != os.getuid():
                _say_once(f"zhidu: not using the cache folder {base}: another user owns it / "
                          f"缓存目录属于其他用户，不使用缓存\n")
                return None
            folder = real_base / "repos" / digest(os.fsencode(real_root))[:24]
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            marker = folder / "repository.txt"
            if not marker.exists():
                _write_atomic(marker, os.fsencode(real_root) + b"\n")
        except OSError:
            return None
        return cls(folder)

    # --- whole results -----------------------------------------------------------------------------

    def _result_path(self, options: dict) -> pathlib.Path:
        return self.folder / f"result-{digest(json.dumps(options, sort_keys=True).encode())[:24]}.json"

    def get_result(self, options: dict, tree: Tree) -> dict | None:
        """The stored result of a run with these options over exactly this tree, or None."""
        finish_writes()
        path = self._result_path(options)
        try:
            data = _read_json(path, "result")
            if data.get("options") != options or data.get("tree") != tree.digest:
                return None
            hashes = data.get("hashes")
            if type(hashes) is not dict:
                raise Corrupt("hashes")
            for name, value in hashes.items():   # files touched just before it was stored: same content?
                if type(name) is not str or tree.content(name) != value:
                    return None
            result = data.get("result")
            if type(result) is not dict:
                raise Corrupt("result")
        except Corrupt:
            return None
        try:
            os.utime(path)        # used: kept by the pruning
        except OSError:
            pass
        return result

    def put_result(self, options: dict, tree: Tree, result: dict) -> None:
        recent = {name: value for name, value in tree.hashes.items() if value}   # as scanned, before the run
        _write_atomic(self._result_path(options),
                      _dump("result", {"options": options, "tree": tree.digest, "hashes": recent,
                                       "result": result}))
        _prune(self.folder, "result-*.json")
        finish_writes()             # the end of the command: the parse cache's writer is done too


    # --- parsed files -------------------------------------------------------------------------------

    def parse_shards(self) -> "ParseShards":
        return ParseShards(self.folder)


class ParseShards:
    """Parsed files in JSON shards of :data:`SHARD_SIZE` consecutive files, in discovery order.

    Files are visited in order, so one shard is in memory at a time: the loader streams, and the model
    keeps no parse output alive. An edit rewrites one shard; an added or deleted file shifts the files
    after it, so each later shard re-parses the one file that crossed its border.

    An entry is ``[kind, key, content digest or null, payload]``; the payload's meaning belongs to the
    caller (:mod:`zhidu_cli.records.parse_cache`), which validates it when it rebuilds the file.

    A file of :data:`OWN_FILE_BYTES` or more (a ledger of thousands of payments) keeps its payload in a
    cache file of its own, written at once, and its entry holds ``{"own": digest of that file}``: a
    shard of such files decoded at once was most of a street office's peak memory.

    Shards and own files are encoded and written by a :class:`_Writer` (in a forked child where it can),
    which names each own file in its shard's entry by the digest of what it wrote.
    """

    def __init__(self, folder: pathlib.Path) -> None:
        finish_writes()             # shards this process is still writing are read complete
        self.folder = folder
        self._index = -1
        self._entries: dict = {}
        self._seen: set[str] = set()
        self._dirty = False
        self._own: set[str] = set()             # own files referenced by the entries visited so far
        self._writer = _Writer()

    def any_current(self, files: int) -> bool:
        """Whether any shard for ``files`` files was written by this software (else the cache is cold:
        a first run, a cleared cache, a new version of zhidu). Reads each shard's first bytes only."""
        header = _dump("parse", {})[:-1]        # ``{"zhidu":"parse","format":…,"software":"…"``
        for index in range(-(-files // SHARD_SIZE)):
            try:
                with open(self._path(index), "rb") as handle:
                    if handle.read(len(header)) == header:
                        return True
            except OSError:
                pass
        return False

    def start_writing(self) -> None:
        """Fork the writer now, while this process is small: a cold load writes every shard anyway."""
        self._writer.start()

    def _own_path(self, relpath: str) -> pathlib.Path:
        return self.folder / f"parse-file-{digest(relpath.encode())[:24]}.json"

    def _own_payload(self, relpath: str, stored) -> object:
        """The payload in ``relpath``'s own file, if it is the one the entry names (by digest), else None."""
        if type(stored) is not dict or type(stored.get("own")) is not str:
            return None
        path = self._own_path(relpath)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if digest(data) != stored["own"]:
            return None
        try:
            body = json.loads(data)
        except (ValueError, RecursionError):
            return None
        if type(body) is not dict or body.get("path") != relpath:
            return None
        self._own.add(path.name)
        return body.get("payload")

    def _path(self, index: int) -> pathlib.Path:
        return self.folder / f"parse-{index}.json"

    def _at(self, position: int) -> dict:
        index = position // SHARD_SIZE
        if index != self._index:
            self._flush()
            self._index, self._seen, self._dirty = index, set(), False
            try:
                entries = _read_json(self._path(index), "parse").get("entries")
                if type(entries) is not dict:
                    raise Corrupt("entries")
            except Corrupt:
                entries, self._dirty = {}, True
            self._entries = entries
        return self._entries

    def _flush(self) -> None:
        if self._index < 0:
            return
        stale = [name for name in self._entries if name not in self._seen]
        for name in stale:                      # deleted, or moved to a neighbouring shard
            del self._entries[name]
        if self._dirty or stale:
            body = {"zhidu": "parse", "format": FORMAT, "software": software_key(), "entries": self._entries}
            self._writer.write("shard", self._path(self._index), body)
        self._entries = {}

    def get(self, position: int, relpath: str, kind: str, key: list, content: str | None, path: str = ""):
        """The payload stored for the file at ``position`` in this state, or None.

        An entry stored while the file was recent carries its content's digest; once the file is no longer
        recent (``content`` None) that digest is compared with the file's content now, once: if they agree,
        the entry is what a store would write now, keyed by its timestamps alone.
        """
        entries = self._at(position)
        self._seen.add(relpath)
        entry = entries.get(relpath)
        if type(entry) is not list or len(entry) != 4 or entry[0] != kind or entry[1] != key:
            return None
        if entry[2] != content:
            if content is None and type(entry[2]) is str and path and _file_digest(path) == entry[2]:
                entry[2] = None
                self._dirty = True
            else:
                return None
        return self._own_payload(relpath, entry[3]) if type(entry[3]) is dict else entry[3]

    def put(self, position: int, relpath: str, kind: str, key: list, content: str | None, payload) -> None:
        entries = self._at(position)
        if key[0] >= OWN_FILE_BYTES:
            path = self._own_path(relpath)
            self._own.add(path.name)
            self._writer.write("own", path, {"path": relpath, "payload": payload})
            payload = {"own": ""}               # named by the writer when it writes the shard
        entries[relpath] = [kind, key, content, payload]
        self._seen.add(relpath)
        self._dirty = True

    def drop(self, position: int, relpath: str) -> None:
        """Forget a file whose stored payload could not be rebuilt (it is parsed and stored again)."""
        if self._at(position).pop(relpath, None) is not None:
            self._dirty = True

    def finish(self, files: int) -> None:
        """Write the last shard and remove the shards beyond the last file."""
        self._flush()               # the writer finishes while the rules run: see finish_writes
        self._index = -1
        count = -(-files // SHARD_SIZE)
        try:
            for path in self.folder.glob("parse-*.json"):
                number = path.stem.split("-", 1)[1]
                if path.name in self._own:
                    continue
                if not number.isdigit() or int(number) >= count:
                    path.unlink()         # a shard beyond the last file, or an own file no entry names
        except OSError:
            pass
