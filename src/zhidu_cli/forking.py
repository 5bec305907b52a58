"""Whether this process may fork a helper child (the cache writer, the rules' second lane, the parser
from the end of a cold cache).

A child forked from a process with other threads running inherits their locks in whatever state they
were (the import lock, a stream's lock) with no thread left to release them, and may hang on the
first one it touches; Python 3.12 and later warn about such forks. So zhidu forks only where
``os.fork`` exists and this process runs a single thread, and otherwise does the work itself.

A helper earns its fork by using a core that would otherwise idle. In a worker of a street command's
process pool every core already has a branch of its own (:mod:`zhidu_cli.street.runner`), so a worker
does its helpers' work itself rather than crowd the cores with twice as many processes.

And how the processes of one run live and die together: :func:`pool_worker` and :func:`sigterm_default`
make a street worker end when it is told to or when its command is gone, and :func:`sigpipe_ignored`
keeps a dead child from silently ending the process that writes to it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time

_in_pool = False
PARENT_WATCH_SECONDS = 0.5       # how soon a street worker whose command was killed ends


def pool_worker(parent: int) -> None:
    """The initializer of a street command's worker processes (``parent`` is the command's process):
    no helper children in them, SIGTERM ends them, and they end with the command.

    Why SIGTERM. The pool ends its workers with SIGTERM once one of them has died (the OOM killer, a
    ``kill``). A worker inherits ``zhidu``'s handler, which unwinds like Ctrl-C (``cli/app.py``): one
    blocked sending its result then caught that unwinding, tried to send it as its result to a pool
    that no longer read, and waited forever, and the command with it.

    Why a watch on the parent. A command killed outright (``kill -9``, the OOM killer) cannot stop its
    workers, and a worker waiting for its next branch, or to send its result, waited forever.
    """
    global _in_pool
    _in_pool = True
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    import threading     # here, not above: can_fork takes threading not imported as no thread running

    threading.Thread(target=_end_with, args=(parent,), name="zhidu-parent-watch", daemon=True).start()


def _end_with(parent: int) -> None:
    """A worker's watch: once its parent is gone (it is then another process's child), it ends."""
    while os.getppid() == parent:
        time.sleep(PARENT_WATCH_SECONDS)
    os._exit(1)


def can_fork() -> bool:
    threading = sys.modules.get("threading")      # not imported: no other thread can be running
    return hasattr(os, "fork") and not _in_pool and (threading is None or threading.active_count() == 1)


def sigpipe_ignored():
    """While this process writes to pipes of its own children: one that has died (the OOM killer, a
    ``kill``) is an ``OSError`` where it is written to, never the end of this process.

    Why. ``zhidu`` restores SIGPIPE's default action (``cli/app.py``), so that ``zhidu check | head``
    ends quietly as other Unix tools do. Under it, a write by any thread to a pipe nobody reads any
    more kills the whole process without a word: a check ended with no output and status 141 when its
    cache writer had died. A street command's pool writes to its workers from threads of its own.
    """
    return _disposition("SIGPIPE", signal.SIG_IGN)


def sigterm_default():
    """While this process forks a street command's workers: they start with SIGTERM's default action.

    Why. :func:`pool_worker` sets it in each worker, but only once the worker runs. A worker told to
    end before that (the pool ends the others with SIGTERM when one has died) ran zhidu's handler
    inside the fork's own clean-up, which swallowed it, and lived on: the pool then waited for it
    for ever. For these few moments a ``kill`` of this process ends it at once, without unwinding;
    its workers then end themselves (:func:`pool_worker`).
    """
    return _disposition("SIGTERM", signal.SIG_DFL)


@contextlib.contextmanager
def _disposition(name: str, action):
    """``action`` for the signal ``name`` within the block, then what it was. Where there is no such
    signal (Windows has no SIGPIPE) or this is not the main thread, nothing changes."""
    try:
        previous = signal.signal(getattr(signal, name), action)
    except (AttributeError, ValueError):
        previous = None
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(getattr(signal, name), previous)
