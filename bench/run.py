"""Time ``zhidu check`` against a parse-only baseline on synthetic repositories.

    python bench/run.py                           # 300×5, 3000×5 and 10000×2, as in docs/benchmark.md
    python bench/run.py --sizes 300x5 --repeat 1  # one size, one run

Per size (MEMBERSxYEARS), each figure the best of ``--repeat`` runs:
parse (read + YAML parse of every file, nothing else), load (parse + build the model + configuration),
and check (everything ``zhidu check`` does, rules included; output formatting excepted).
check − load is the cost of the rules; "cpu s" is check's CPU time (well below the wall time when
the machine was busy with something else). Each size is measured in a fresh child process, so its peak
resident memory (``ru_maxrss``) is its own; the findings are counted by code (the most frequent few
are shown), so a generator that stops producing clean records is noticed.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import json
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from generate import generate  # noqa: E402

AS_OF = dt.date(2025, 12, 31)


def best(fn, repeat: int) -> tuple[float, float]:
    """(wall, CPU) seconds of the fastest of ``repeat`` runs. CPU time shows how much of the wall
    time was the machine being busy with something else."""
    times = []
    for _ in range(repeat):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - begin, time.process_time() - begin_cpu))
    return min(times)


def measure(root: pathlib.Path, repeat: int) -> dict:
    """The figures for one repository, in this process (the child's side)."""
    import yaml

    from zhidu_cli import workspace
    from zhidu_cli.records.repository import load_repository
    from zhidu_cli.workspace import check, open_workspace

    # parse the way open_workspace does (collector paused), so parse and load compare; versions
    # before the pause existed loaded with the collector running
    paused = getattr(workspace, "_collector_paused", contextlib.nullcontext)

    def parse_only():
        with paused():
            load_repository(root)

    parse = best(parse_only, repeat)
    load = best(lambda: open_workspace(root), repeat)
    reports = []
    total, total_cpu = best(lambda: reports.append(check(open_workspace(root), AS_OF)), repeat)
    codes = collections.Counter(f.code for f in reports[-1].findings)
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss     # KiB on Linux
    return {"parse": parse[0], "load": load[0], "check": total, "check_cpu": total_cpu,
            "findings": sum(codes.values()), "codes": codes.most_common(), "rss_mib": kib / 1024,
            "libyaml": yaml.__with_libyaml__}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300x5,3000x5,10000x2")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", type=pathlib.Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.repeat)))
        return
    print(f"{'size':>9} {'files':>6} {'parse s':>8} {'load s':>7} {'check s':>8} {'rules s':>8} {'cpu s':>6} "
          f"{'peak MiB':>9}  findings (top codes)")
    for size in args.sizes.split(","):
        members, years = (int(x) for x in size.split("x"))
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp) / "records"
            files = generate(root, members, years)
            child = subprocess.run([sys.executable, __file__, "--child", str(root), "--repeat", str(args.repeat)],
                                   check=True, capture_output=True, text=True)
        r = json.loads(child.stdout)
        top = ", ".join(f"{code} {n}" for code, n in r["codes"][:5]) or "none"
        print(f"{size:>9} {files:>6} {r['parse']:8.2f} {r['load']:7.2f} {r['check']:8.2f} "
              f"{r['check'] - r['load']:8.2f} {r['check_cpu']:6.2f} {r['rss_mib']:9.0f}  {r['findings']} ({top})",
              flush=True)
    print(f"as of {AS_OF}; best of {args.repeat}; libyaml C loader: {'yes' if r['libyaml'] else 'no'}")


if __name__ == "__main__":
    main()
