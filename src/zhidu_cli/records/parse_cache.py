"""Loading a repository through the user's parse cache (:mod:`zhidu_cli.cache`).

A file whose key (size, times, inode, mode — and content, when recently touched) matches its stored
entry is rebuilt from the entry instead of being parsed; any other file is loaded exactly as
:func:`~zhidu_cli.records.repository.load_one` loads it and stored. The entry is the loader's whole
output — nodes, problems and suppression comments — as JSON of plain lists, rebuilt with every type
checked: what comes back is what the loader made, or the entry is refused and the file parsed again.
"""

from __future__ import annotations

import os
import pathlib
import time
from typing import Iterator

from zhidu_cli.cache import Corrupt, Store, _file_digest, file_key, is_recent
from zhidu_cli.diagnostics.finding import Location, Problem
from zhidu_cli.records.nodes import Mapping, Scalar, Sequence
from zhidu_cli.records.repository import LoadedFile, load_one, survey, was_read
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


def load_repository_cached(root: pathlib.Path, store: Store | None) -> Iterator[LoadedFile]:
    """Every records file, from the cache where it is unchanged: the same files (and unread paths), in
    the same order, as :func:`~zhidu_cli.records.repository.load_repository`, yielded one by one so that
    the caller can build each file's records and let its nodes go. Without a store (``--no-cache``)
    every file is parsed, through this same path: a cached and an uncached run cannot differ in what
    they load. With a store, each file carries its :class:`CacheSlot`; a file whose entry holds its
    built records comes with them and without nodes."""
    found = survey(root)
    files = found.files
    if store is None:
        for relpath, kind in files:
            yield load_one(root, relpath, kind)
        yield from found.unread
        return
    shards = store.parse_shards()
    now = time.time_ns()
    for position, (relpath, kind) in enumerate(files):
        path = os.path.join(root, relpath)
        try:
            st = os.stat(path)
        except OSError:
            yield load_one(root, relpath, kind)     # reported as unreadable, never stored
            continue
        key = list(file_key(st))
        content = _file_digest(path) if is_recent(st, now) else None   # before the read it vouches for
        payload = shards.get(position, relpath, kind, key, content, path)
        loaded = None
        if payload is not None:
            try:
                loaded = decode(relpath, kind, payload)
            except (Corrupt, RecursionError):
                shards.drop(position, relpath)
        if loaded is not None and loaded.cache is None:
            yield loaded                            # stored as nodes: nothing to write
            continue
        if loaded is None:
            loaded = load_one(root, relpath, kind)
            if not was_read(loaded):                # a FIFO, a vanished file: not content
                yield loaded
                continue
            slot = CacheSlot(None, None)
            loaded = LoadedFile(loaded.path, kind, loaded.node, loaded.problems, loaded.suppressions, slot)
        else:
            slot = loaded.cache
            slot._parse = lambda: load_one(root, relpath, kind)
        yield loaded
        slot._parse = None
        if slot.fresh is not None or slot.model is None:     # parsed here: store what the builder made of it
            stored = encode(slot.fresh or loaded, slot.kept)
            if stored is not None:
                shards.put(position, relpath, kind, key, content, stored)
    shards.finish(len(files))
    yield from found.unread          # every path not read, with its SCH010 problem, as load_repository ends


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
