"""Time ``zhidu check`` against a parse-only baseline on synthetic repositories.

    python bench/run.py                           # 300×5, 3000×5 and 10000×2, as in docs/benchmark.md
    python bench/run.py --sizes 300x5 --repeat 1  # one size, one run
    python bench/run.py --workspace 40x250x3      # a street workspace: check, rollup and site, as commands

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

from generate import generate, generate_workspace  # noqa: E402

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


def command(args: list[str]) -> dict:
    """Run ``zhidu ARGS`` as a user would; its wall and CPU seconds (its worker processes included)
    and the peak resident memory of its largest process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "zhidu_cli", *args], capture_output=True, text=True)
    wall = time.perf_counter() - begin
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"zhidu {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "rss_mib": after.ru_maxrss / 1024, "stdout": done.stdout}


def workspace(size: str, jobs: int | None, keep: pathlib.Path | None) -> None:
    """``zhidu check``, ``zhidu rollup -f json`` and ``zhidu site`` over a generated street workspace,
    each run twice (cold: first run; warm: again, when a parse cache can serve the second)."""
    branches, members, years = (int(x) for x in size.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        root = keep or pathlib.Path(tmp) / "street"
        begin = time.perf_counter()
        files = generate_workspace(root, branches, members, years) if not (root / "zhidu.yaml").exists() else \
            sum(1 for _ in root.rglob("*.yaml"))
        print(f"{size}: {files} files (generated in {time.perf_counter() - begin:.0f} s)", flush=True)
        site = pathlib.Path(tmp) / "site"
        common = ["--as-of", AS_OF.isoformat()] + (["-j", str(jobs)] if jobs else [])
        runs = {"check": ["check", str(root), "-f", "json", *common],
                "rollup": ["rollup", str(root), "-f", "json", *common],
                "site": ["site", str(root), "-o", str(site), "--force", *common]}
        print(f"{'command':>8} {'run':>5} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9}")
        for name, args in runs.items():
            for label in ("cold", "warm"):
                r = command(args)
                print(f"{name:>8} {label:>5} {r['wall']:8.1f} {r['cpu']:8.1f} {r['rss_mib']:9.0f}", flush=True)
                if name == "check" and label == "cold":
                    report = json.loads(r["stdout"])
                    print(f"{'':>8} findings: {report['summary']}", flush=True)
        pages = sum(1 for _ in site.rglob("*.html"))
        size_mib = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20
        print(f"site: {pages} pages, {size_mib:.0f} MiB; as of {AS_OF}; processes: {jobs or 'CPU count'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300x5,3000x5,10000x2")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workspace", metavar="BRANCHESxMEMBERSxYEARS",
                        help="time check, rollup and site over a street workspace (e.g. 40x250x3)")
    parser.add_argument("--jobs", type=int, help="with --workspace: zhidu's -j (default: the CPU count)")
    parser.add_argument("--keep", type=pathlib.Path, help="with --workspace: generate into (or reuse) this folder")
    parser.add_argument("--child", type=pathlib.Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.workspace:
        workspace(args.workspace, args.jobs, args.keep)
        return
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
