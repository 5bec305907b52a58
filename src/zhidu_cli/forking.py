"""Whether this process may fork a helper child (the cache writer, the rules' second lane, the parser
from the end of a cold cache).

A child forked from a process with other threads running inherits their locks in whatever state they
were (the import lock, a stream's lock) with no thread left to release them, and may hang on the
first one it touches; Python 3.12 and later warn about such forks. So zhidu forks only where
``os.fork`` exists and this process runs a single thread, and otherwise does the work itself.

A helper earns its fork by using a core that would otherwise idle. In a worker of a street command's
process pool every core already has a branch of its own (:mod:`zhidu_cli.street.runner`), so a worker
does its helpers' work itself rather than crowd the cores with twice as many processes.
"""

from __future__ import annotations

import os
import sys

_in_pool = False


def pool_worker() -> None:
    """The initializer of a street command's worker processes: no helper children in them."""
    global _in_pool
    _in_pool = True


def can_fork() -> bool:
    threading = sys.modules.get("threading")      # not imported: no other thread can be running
    return hasattr(os, "fork") and not _in_pool and (threading is None or threading.active_count() == 1)
