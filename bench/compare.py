"""Compare two versions of zhidu by whole ``zhidu check`` processes run alternately on one tree.

    python bench/compare.py ad288c3                        # that commit against the working tree, 300×5 cold
    python bench/compare.py ad288c3 --case edited --runs 12
    python bench/compare.py v1 v2 --size 10000x2 --runs 3   # two commits
    python bench/compare.py HEAD~1 --tree /tmp/records      # an existing records tree

Why alternately. On a shared or virtual machine the same run moves by 5–10 % from one hour to the next,
as much as one change to zhidu does, so figures taken at different times cannot tell two versions
apart. Here every run of one version is followed by a run of the other, on the same tree, each with
its own cache folder; the table gives each version's median, range and CPU time, and the sign test
says how often the second was faster within a pair, and how likely that count is by chance alone.

A version is a git revision (its ``src/zhidu_cli`` is taken with ``git archive``) or ``.``, the
working tree of the checkout this script is in (another worktree's script measures that worktree,
whichever zhidu this Python has installed). Both run with this Python and its installed
dependencies, through ``PYTHONPATH``; their bytecode is written first, as ``pip install``
does. Each run's exit code and summary line are compared: versions that disagree on the findings are
said to, since then their timings compare different work.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import math
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from generate import generate  # noqa: E402
from run import check_command, measure, settle  # noqa: E402

REPOSITORY = pathlib.Path(__file__).resolve().parent.parent
CASES = ("cold", "edited", "nocache", "unchanged")


def sign_test(wins: int, pairs: int) -> float:
    """Two-sided p of ``wins`` out of ``pairs`` under a fair coin: how often chance alone is this lopsided."""
    if pairs == 0:
        return 1.0
    tail = min(wins, pairs - wins)
    return min(1.0, 2 * sum(math.comb(pairs, i) for i in range(tail + 1)) / 2 ** pairs)


def source(version: str, into: pathlib.Path) -> pathlib.Path:
    """A folder to put on ``PYTHONPATH`` for ``version``, its bytecode written."""
    if version == ".":       # this checkout's own source, whichever zhidu this Python has installed
        folder = REPOSITORY
    else:
        archive = subprocess.run(["git", "-C", str(REPOSITORY), "archive", "--format=tar", version, "src/zhidu_cli"],
                                 capture_output=True)
        if archive.returncode != 0:
            raise SystemExit(f"git archive {version}: {archive.stderr.decode(errors='replace').strip()}")
        folder = into / f"src-{len(list(into.iterdir()))}"
        with tempfile.TemporaryFile() as handle:
            handle.write(archive.stdout)
            handle.seek(0)
            with tarfile.open(fileobj=handle) as tar:
                tar.extractall(folder, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    compileall.compile_dir(folder / "src" / "zhidu_cli", quiet=1)
    return folder / "src"


def label(version: str) -> str:
    if version != ".":
        return version
    head = subprocess.run(["git", "-C", str(REPOSITORY), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(REPOSITORY), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True)
    return f"working tree ({head.stdout.strip() or '?'}{'+' if dirty.stdout.strip() else ''})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="a git revision, or . for this checkout's working tree")
    parser.add_argument("after", nargs="?", default=".", help="the same (default: .)")
    parser.add_argument("--size", default="300x5", help="MEMBERSxYEARS of the generated tree (default 300x5)")
    parser.add_argument("--tree", type=pathlib.Path, help="an existing records tree instead of a generated one")
    parser.add_argument("--case", choices=CASES, default="cold",
                        help="cold: an empty cache each run; edited: a meeting file edited before each run; "
                             "nocache: --no-cache; unchanged: the same command again")
    parser.add_argument("--runs", type=int, default=16, help="runs of each version (default 16)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="zhidu-compare-") as tmp:
        work = pathlib.Path(tmp)
        (work / "sources").mkdir()
        sides = [(label(v), source(v, work / "sources")) for v in (args.before, args.after)]
        if args.tree is not None:
            root = args.tree.resolve()
        else:
            members, years = (int(x) for x in args.size.split("x"))
            root = work / "records"
            generate(root, members, years)
        settle(root)
        what = root.name if args.tree is not None else "×".join(args.size.split("x"))
        print(f"{dt.datetime.now().isoformat(timespec='minutes')} · {what}, {args.case}, {args.runs} alternating "
              f"pairs · load average before {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)

        command = check_command(root, "--no-cache") if args.case == "nocache" else check_command(root)
        caches = [work / f"cache-{n}" for n in range(len(sides))]
        edited = None
        if args.case == "edited":      # as bench/run.py edits: the last general assembly, else the last meeting
            meetings = sorted(root.glob("meetings/*/*general-assembly.yaml")) or sorted(root.glob("meetings/*/*.yaml"))
            if not meetings:
                raise SystemExit(f"{root}: no meeting file to edit")
            edited = meetings[-1]
        original = edited.read_bytes() if edited else b""
        try:
            if args.case in ("edited", "unchanged"):
                for (_, path), cache in zip(sides, caches):     # fill each version's cache first
                    measure(command, {"PYTHONPATH": str(path), "ZHIDU_CACHE_DIR": str(cache)})
            runs: list[list] = [[], []]
            for number in range(args.runs):
                for side, ((_, path), cache) in enumerate(zip(sides, caches)):
                    if args.case == "cold":
                        shutil.rmtree(cache, ignore_errors=True)
                    elif edited is not None:
                        with open(edited, "a", encoding="utf-8") as handle:
                            handle.write(f"# compare edit {number} {side}\n")
                    runs[side].append(measure(command, {"PYTHONPATH": str(path), "ZHIDU_CACHE_DIR": str(cache)}))
        finally:
            if edited is not None:
                edited.write_bytes(original)

    print("\n| version | median wall s | range | median CPU s | median peak MiB |\n| --- | ---: | ---: | ---: | ---: |")
    for (name, _), done in zip(sides, runs):
        walls = [r.wall for r in done]
        print(f"| {name} | {statistics.median(walls):.3f} | {min(walls):.2f}–{max(walls):.2f} | "
              f"{statistics.median(r.cpu for r in done):.2f} | {statistics.median(r.mib for r in done):.0f} |")
    differences = [b.wall - a.wall for a, b in zip(*runs)]
    wins = sum(d < 0 for d in differences)
    print(f"\n{sides[1][0]} was faster in {wins} of {len(differences)} pairs (sign test, two-sided "
          f"p = {sign_test(wins, len(differences)):.3f}); median difference within a pair "
          f"{statistics.median(differences):+.3f} s")
    said = {(r.code, r.last) for done in runs for r in done}
    if len(said) > 1:
        print("\n**the versions do not agree on the result (exit code, summary line): "
              + "; ".join(f"{code}: {last}" for code, last in sorted(said)) + "**")
    print(f"\nload average after {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
