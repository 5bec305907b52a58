"""The rules on two cores: the dues rules in a forked child, every other rule in the parent.

Why. Loading is one stream of work, but the rules are independent once the model is built, and a
commit hook or CI runner has two cores. A forked child shares the built model copy-on-write, so
nothing of the records is moved between processes: only the child's problems come back, pickled
through a pipe between two processes of this same run (never stored, never read from elsewhere).
Parsing in two processes was measured to lose (moving nodes costs more than building them); this
moves a few problems.

Which rules. The dues rules (DUE) share the per-run dues balances, the largest shared computation;
the meeting families (MTG, QRM, CND, VOT, MOB, LIF) share schedules, rosters and tallies among
themselves (LIF001 asks who was expected at every meeting, as CND does), so they stay together in
this process, and so does PRV (the free-text search, which shares nothing): once who was expected at
a meeting was kept per stretch of days, the dues cards alone were about as long as everything else.
Measured at 300 × 5, 3,000 × 5 and 10,000 × 2, each lane alone with its own memo cold (CPU seconds, the
longer lane): with PRV in the child 0.16, 1.34, 2.18; in the parent 0.15, 1.23, 2.07.

When. Only where this process may fork (``os.fork`` exists and no other thread runs:
:func:`zhidu_cli.forking.can_fork`) and the branch is large enough for a fork to pay (see
:data:`MIN_RECORDS`); otherwise, or if the child fails in any way, the rules run in this process, in
order. The results are the same either way: problems are returned per rule, in the rules' order.
"""

from __future__ import annotations

import os
import pickle
import signal
from typing import Callable, Sequence, TypeVar

from zhidu_cli.forking import can_fork

Rule = TypeVar("Rule")

#: Below this many record files the rules take well under a tenth of a second: a fork costs more than
#: it saves.
MIN_RECORDS = 800

CHILD_FAMILIES = ("DUE",)


def in_child(code: str) -> bool:
    return code.startswith(CHILD_FAMILIES)


def run(rules: Sequence[Rule], code_of: Callable[[Rule], str], run_one: Callable[[Rule], list],
        parallel: bool) -> list[list]:
    """``run_one`` of every rule, in order; the child's families in a forked child when ``parallel``."""
    child_rules = [r for r in rules if in_child(code_of(r))] if parallel and can_fork() else []
    if not child_rules or len(child_rules) == len(rules):
        return [run_one(rule) for rule in rules]
    child = _start(child_rules, run_one)
    mine = {id(rule): run_one(rule) for rule in rules if not in_child(code_of(rule))}
    theirs = _finish(child, child_rules)
    if theirs is None:                     # the child failed: its rules run here
        theirs = [run_one(rule) for rule in child_rules]
    found = dict(zip((id(r) for r in child_rules), theirs))
    return [mine[id(rule)] if id(rule) in mine else found[id(rule)] for rule in rules]


def _start(rules: Sequence[Rule], run_one: Callable[[Rule], list]) -> tuple[int, int] | None:
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:                           # the child: run, send, and leave without any cleanup of the parent's
        code = 1
        try:
            os.close(read_end)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            data = pickle.dumps([run_one(rule) for rule in rules], protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def _finish(child: tuple[int, int] | None, rules: Sequence[Rule]) -> list[list] | None:
    """The child's problems per rule, or None when it did not deliver them all."""
    if child is None:
        return None
    pid, read_end = child
    try:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
    except OSError:
        data = b""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        status = 1
    if status != 0 or not data:
        return None
    try:
        found = pickle.loads(data)        # written by this run's own child, never read from elsewhere
    except Exception:
        return None
    return found if type(found) is list and len(found) == len(rules) else None
