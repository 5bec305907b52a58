"""Run one job per branch of a workspace, across processes when there are several.

:func:`run_per_branch` is the one place a workspace command fans out: ``check``, ``overdue``, ``dues``,
``rollup`` and ``site`` hand it a job — a module-level function ``job(target, *args)`` returning
picklable data — and get the outcomes back in the workspace's order, whatever order the processes
finished in. A new per-branch command (``zhidu agenda``) joins by writing such a job; nothing here
knows what a job does.

Why processes: checking a branch is pure Python work on its own records, so threads would share one
interpreter lock; a branch's records never cross the process boundary, only the job's small result.
A branch that cannot be opened (no ``zhidu.yaml``, a configuration error) is an outcome with an error
text, not an exception: the other branches are still checked, and the command exits 2 at the end.

A worker killed from outside (the OOM killer, a ``kill``) breaks the pool, and a process limit may
keep it from starting at all; the branches not yet done are then done in this process, one after
another, with the same outcomes. A command that is itself
stopped (Ctrl-C, ``kill``) stops its workers at once; one killed outright is left by its workers
within half a second (:func:`zhidu_cli.forking.pool_worker`).
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import sys
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Callable, Generic, Sequence, TypeVar

from zhidu_cli import forking
from zhidu_cli.street.layout import Target

T = TypeVar("T")


class BranchError(Exception):
    """A branch that cannot be worked on; ``lines`` say why, located, ready to print."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = tuple(lines)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    target: Target
    value: T | None = None
    error: tuple[str, ...] = ()          # set when the branch could not be worked on

    @property
    def ok(self) -> bool:
        return not self.error


def default_jobs() -> int:
    """The CPU count this process may use (``-j`` default)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:      # not on Linux
        return os.cpu_count() or 1


def _call(job: Callable[..., T], target: Target, args: tuple) -> Outcome[T]:
    try:
        return Outcome(target, job(target, *args))
    except BranchError as error:
        return Outcome(target, None, error.lines)


def run_per_branch(job: Callable[..., T], targets: Sequence[Target], *args: Any, jobs: int | None = None,
                   progress: bool | None = None) -> list[Outcome[T]]:
    """``job(target, *args)`` for every target, in ``jobs`` processes (default: the CPU count).

    One target, or ``jobs == 1``, runs in this process: no pool to start for a single branch. Progress
    (``[3/40] nanyuan``) goes to stderr when it is a terminal, or when ``progress`` says so.
    """
    jobs = default_jobs() if jobs is None else max(jobs, 1)
    show = sys.stderr.isatty() if progress is None else progress
    total = len(targets)
    if jobs == 1 or total <= 1:
        outcomes = []
        for n, target in enumerate(targets, 1):
            outcomes.append(_call(job, target, args))
            _progress(show, n, total, target)
        return outcomes
    results: dict[int, Outcome[T]] = {}
    trouble: tuple[str, str] | None = None      # why some branches are left to this process (zh, en)
    with forking.sigpipe_ignored(), concurrent.futures.ProcessPoolExecutor(
            max_workers=min(jobs, total), mp_context=_context(), initializer=forking.pool_worker,
            initargs=(os.getpid(),)) as pool:
        try:
            futures = {}
            try:
                with forking.sigterm_default():      # the workers are forked as the first is submitted
                    for i, target in enumerate(targets):
                        futures[pool.submit(_call, job, target, args)] = i
            except OSError as error:     # a process limit (``ulimit -u``), no memory left to fork
                why = error.strerror or str(error)
                trouble = (f"无法启动工作进程（{why}）", f"cannot start worker processes ({why})")
                _stop_workers()          # any that did start: the pool is not usable
            for future in concurrent.futures.as_completed(futures):
                i = futures[future]
                try:
                    results[i] = future.result()
                except BrokenProcessPool:    # a worker was killed (the OOM killer, a ``kill``)
                    trouble = trouble or ("一个工作进程意外终止", "a worker process ended abruptly")
                    continue
                _progress(show, len(results), total, targets[i])
        except BaseException:
            # Ctrl-C, ``kill``, an error: stop now. Leaving the block would wait for every branch left.
            _stop_workers()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    left = [i for i in range(total) if i not in results]
    if left:                             # the pool is gone; the branches are not
        sys.stderr.write(f"zhidu: {trouble[0]}，余下的支部在本进程中逐个处理 / "
                         f"{trouble[1]}: the remaining branches are done here, one at a time\n")
        for i in left:
            results[i] = _call(job, targets[i], args)
            _progress(show, len(results), total, targets[i])
    return [results[i] for i in range(total)]


def _stop_workers() -> None:
    """End the pool's workers now. With SIGKILL: a worker only just forked still has zhidu's SIGTERM
    handler, and one that caught it in the fork's own clean-up lived on, waiting for a branch."""
    for worker in multiprocessing.active_children():
        worker.kill()


def _context():
    """``fork`` on Linux: the child starts with zhidu already imported (no second start-up per worker);
    elsewhere the platform's default (``spawn``; fork is unsafe on macOS)."""
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)


def _progress(show: bool, n: int, total: int, target: Target) -> None:
    if show and total > 1:
        sys.stderr.write(f"[{n}/{total}] {target.id}\n")
        sys.stderr.flush()
