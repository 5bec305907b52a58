"""Whether this process may fork a helper child (the cache writer, the rules' second lane).

A child forked from a process with other threads running inherits their locks in whatever state they
were (the import lock, a stream's lock) with no thread left to release them, and may hang on the
first one it touches; Python 3.12 and later warn about such forks. So zhidu forks only where
``os.fork`` exists and this process runs a single thread, and otherwise does the work itself.
"""

from __future__ import annotations

import os
import sys


def can_fork() -> bool:
    threading = sys.modules.get("threading")      # not imported: no other thread can be running
    return hasattr(os, "fork") and (threading is None or threading.active_count() == 1)
