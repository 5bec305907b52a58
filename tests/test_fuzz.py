"""Issue 14's done-when: a seeded fuzz run over mutated copies of examples/records.

The suite runs a fixed sample (``ZHIDU_FUZZ_CASES``, default 100, in a few seconds); a larger run is
``ZHIDU_FUZZ_CASES=1000 .venv/bin/python -m pytest tests/test_fuzz.py -q`` (see tests/fuzz_records.py
and docs/records.md). Each case asserts: no internal error, every exit 0/1/2, every finding located,
nothing under a records folder silently unread, the tree unchanged by ``check``.
"""

from __future__ import annotations

import os
import signal

import pytest

from fuzz_records import run_case

CASES = int(os.environ.get("ZHIDU_FUZZ_CASES", "100"))
BASE_SEED = int(os.environ.get("ZHIDU_FUZZ_SEED", "14"))
FULL = os.environ.get("ZHIDU_FUZZ_FULL") == "1"
BATCH = 10
CASE_SECONDS = 120       # a case that blocks (a FIFO read, a walk of /) fails instead of hanging the suite


def _timeout(signum, frame):
    raise TimeoutError(f"a fuzz case ran over {CASE_SECONDS} s: something blocked")


@pytest.mark.parametrize("batch", range((CASES + BATCH - 1) // BATCH))
def test_mutated_repositories_keep_every_invariant(batch, tmp_path):
    failures = []
    for seed in range(BASE_SEED * 100_000 + batch * BATCH, BASE_SEED * 100_000 + min((batch + 1) * BATCH, CASES)):
        previous = signal.signal(signal.SIGALRM, _timeout)
        signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
        try:
            outcome = run_case(seed, tmp_path / str(seed), full=FULL)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        if outcome.problems:
            failures.append(f"seed {seed} {outcome.mutations}: " + "; ".join(outcome.problems))
    assert not failures, "\n".join(failures)
