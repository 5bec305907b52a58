"""Time whole ``zhidu check`` processes on synthetic repositories, beside a parse floor and yamllint.

    python bench/run.py                                # what docs/benchmark.md reports (about 10 minutes)
    python bench/run.py --sizes 300x5 --no-growth      # one size
    python bench/run.py --sizes 300x5 --no-yamllint    # without the slow comparison
    python bench/run.py --workspace 40x250x3           # a street workspace: check, rollup and site, as commands

Everything is measured as a separate process, the way a commit hook or CI job runs zhidu, with its own
CPU time (user + system) and peak resident memory from ``wait4``. Per size (MEMBERSxYEARS):

* **cold** — ``zhidu check`` with an empty cache folder (it parses everything and fills the cache);
* **unchanged** — the same again: answered from the whole-result cache;
* **one edited** — a meeting file edited before each run: one file parsed, the rules run again;
* **--no-cache** — neither reading nor writing the cache;
* **events** — the naive parse floor: a process that reads every file and pulls libyaml's events
  through PyYAML (``yaml.parse`` with ``CSafeLoader``), building nothing;
* **yamllint** — ``yamllint -d relaxed`` on the same tree (installed into this environment when missing).

Also the startup rows (``python -c pass``, ``zhidu --version``, ``zhidu --help``) and the growth
exponent of a cold check from 1,000 to 3,000 to 10,000 members (2 years each): log(t₂/t₁)/log(n₂/n₁).
Figures are the best of ``--repeat`` runs (``--repeat-large`` for trees of 20,000 files or more);
the table is Markdown, ready to paste into docs/benchmark.md. The load average is printed before and
after: figures taken while other work ran on the machine show it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import importlib.util
import math
import os
import pathlib
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from generate import generate, generate_workspace  # noqa: E402

AS_OF = "2025-12-31"
LARGE = 20_000
ZHIDU = [sys.executable, "-m", "zhidu_cli"]
EVENTS = """
import os, sys, yaml
loader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith((".yaml", ".yml")):
            with open(os.path.join(folder, name), "rb") as handle:
                for _ in yaml.parse(handle.read().decode("utf-8"), Loader=loader):
                    pass
"""


class Run:
    """One finished process: wall seconds, CPU seconds (user + system), peak MiB, exit code, last line."""

    def __init__(self, wall: float, cpu: float, mib: float, code: int, last: str) -> None:
        self.wall, self.cpu, self.mib, self.code, self.last = wall, cpu, mib, code, last


def measure(command: list[str], env: dict | None = None) -> Run:
    with tempfile.TemporaryFile() as output:
        begin = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=output, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - begin
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        lines = output.read().decode("utf-8", "replace").strip().splitlines()
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode,
               lines[-1] if lines else "")


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda r: r.cpu)


def repeated(command: list[str], times: int, env: dict | None = None, before=None) -> Run:
    runs = []
    for _ in range(times):
        if before is not None:
            before()
        runs.append(measure(command, env))
    return best(runs)


def ensure_yamllint() -> bool:
    if importlib.util.find_spec("yamllint") is None:
        print("installing yamllint into this environment for the comparison …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "yamllint"], check=False)
        importlib.invalidate_caches()
    return importlib.util.find_spec("yamllint") is not None


def settle(root: pathlib.Path) -> None:
    """Wait until the newest file is older than the cache's "recently touched" window, as in real use
    (a file saved seconds before a run is also hashed by content; see zhidu_cli.cache)."""
    newest = max(p.stat().st_ctime for p in root.rglob("*.yaml"))
    time.sleep(max(0.0, newest + 2.5 - time.time()))


def check_command(root: pathlib.Path, *extra: str) -> list[str]:
    return [*ZHIDU, "check", str(root), "--as-of", AS_OF, "--output-format", "concise", "--lang", "en", *extra]


def size_figures(members: int, years: int, args, work: pathlib.Path) -> dict:
    root = work / f"records-{members}x{years}"
    files = generate(root, members, years)
    settle(root)
    times = args.repeat if files < LARGE else args.repeat_large
    cache_dir = work / f"cache-{members}x{years}"
    env = {"ZHIDU_CACHE_DIR": str(cache_dir)}

    def empty_cache():
        shutil.rmtree(cache_dir, ignore_errors=True)

    figures = {"files": files}
    figures["cold"] = repeated(check_command(root), times, env, before=empty_cache)
    figures["unchanged"] = repeated(check_command(root), max(times, 3), env)
    edited = sorted((root / "meetings").rglob("*general-assembly.yaml"))[-1]
    counter = iter(range(10**6))

    def edit():
        with open(edited, "a", encoding="utf-8") as handle:
            handle.write(f"# bench edit {next(counter)}\n")
    figures["edited"] = repeated(check_command(root), times, env, before=edit)
    figures["nocache"] = repeated(check_command(root, "--no-cache"), times, env)
    figures["events"] = repeated([sys.executable, "-c", EVENTS, str(root)], times)
    if args.yamllint:
        figures["yamllint"] = repeated([sys.executable, "-m", "yamllint", "-d", "relaxed", str(root)], 1)
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(cache_dir, ignore_errors=True)
    return figures


def cold_only(members: int, years: int, args, work: pathlib.Path) -> Run:
    root = work / f"growth-{members}x{years}"
    files = generate(root, members, years)
    settle(root)
    run = repeated(check_command(root, "--no-cache"), args.repeat if files < LARGE else args.repeat_large)
    shutil.rmtree(root, ignore_errors=True)
    return run


def fmt(run: Run | None) -> str:
    return "—" if run is None else f"{run.wall:.2f} ({run.cpu:.2f})"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}×" if b else "—"


def ratios(a: Run, b: Run) -> str:
    """Wall and CPU: a check on both cores is as much faster as its wall time says, and costs its CPU time."""
    return f"{ratio(a.wall, b.wall)} ({ratio(a.cpu, b.cpu)})"


def machine() -> str:
    model = ""
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import yaml
    return (f"{os.cpu_count()} CPUs ({model or platform.processor() or platform.machine()}), "
            f"Python {platform.python_version()}, PyYAML {yaml.__version__} "
            f"({'libyaml C loader' if yaml.__with_libyaml__ else 'pure-Python loader'}), {platform.system()}")


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


def compile_zhidu() -> None:
    """Write zhidu's bytecode, as ``pip install`` does. An editable install run with
    ``PYTHONDONTWRITEBYTECODE`` set (as on some CI machines) would otherwise compile every module
    again in every measured process (about 0.12 s each), which is not what a user's install does."""
    import compileall

    spec = importlib.util.find_spec("zhidu_cli")
    for folder in spec.submodule_search_locations or ():
        compileall.compile_dir(folder, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300x5,3000x5,10000x2")
    parser.add_argument("--growth", default="1000x2,3000x2,10000x2",
                        help="sizes for the growth exponent (same years; a size also in --sizes is reused)")
    parser.add_argument("--no-growth", dest="growth", action="store_const", const="")
    parser.add_argument("--no-yamllint", dest="yamllint", action="store_false")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repeat-large", type=int, default=1)
    parser.add_argument("--workspace", metavar="BRANCHESxMEMBERSxYEARS",
                        help="time check, rollup and site over a street workspace (e.g. 40x250x3)")
    parser.add_argument("--jobs", type=int, help="with --workspace: zhidu's -j (default: the CPU count)")
    parser.add_argument("--keep", type=pathlib.Path, help="with --workspace: generate into (or reuse) this folder")
    args = parser.parse_args()
    compile_zhidu()
    if args.workspace:
        workspace(args.workspace, args.jobs, args.keep)
        return
    if args.yamllint and not ensure_yamllint():
        print("yamllint could not be installed: its column is left out", file=sys.stderr)
        args.yamllint = False

    print(f"{dt.datetime.now().isoformat(timespec='minutes')} · {machine()} · load average before "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",") if s]
    results: dict[tuple[int, int], dict] = {}
    with tempfile.TemporaryDirectory(prefix="zhidu-bench-") as tmp:
        work = pathlib.Path(tmp)
        pass_run = repeated([sys.executable, "-c", "pass"], 5)
        version = repeated([*ZHIDU, "--version"], 5)
        help_run = repeated([*ZHIDU, "--help"], 5)
        for members, years in sizes:
            print(f"… {members}×{years}", file=sys.stderr, flush=True)
            results[(members, years)] = size_figures(members, years, args, work)
        growth: list[tuple[int, Run]] = []
        for size in [s for s in args.growth.split(",") if s]:
            members, years = (int(x) for x in size.split("x"))
            print(f"… growth {members}×{years}", file=sys.stderr, flush=True)
            known = results.get((members, years))
            growth.append((members, known["nocache"] if known else cold_only(members, years, args, work)))

    print()
    print("Seconds as wall (CPU user+system) of whole processes, best of the repeats.\n")
    print("| startup | s |\n| --- | ---: |")
    print(f"| `python -c pass` | {fmt(pass_run)} |")
    print(f"| `zhidu --version` | {fmt(version)} ({ratio(version.cpu, pass_run.cpu)} `pass` CPU) |")
    print(f"| `zhidu --help` | {fmt(help_run)} |")
    print()
    heads = ["size", "files", "check cold", "unchanged", "one file edited", "--no-cache", "events-only floor",
             "yamllint -d relaxed", "cold ÷ floor: wall (CPU)", "yamllint ÷ cold: wall (CPU)",
             "peak MiB cold / --no-cache"]
    print("| " + " | ".join(heads) + " |")
    print("| --- | " + " | ".join("---:" for _ in heads[1:]) + " |")
    for (members, years), f in results.items():
        lint = f.get("yamllint")
        print(f"| {members:,} × {years} | {f['files']:,} | {fmt(f['cold'])} | {fmt(f['unchanged'])} | "
              f"{fmt(f['edited'])} | {fmt(f['nocache'])} | {fmt(f['events'])} | {fmt(lint)} | "
              f"{ratios(f['cold'], f['events'])} | {ratios(lint, f['cold']) if lint else '—'} | "
              f"{f['cold'].mib:.0f} / {f['nocache'].mib:.0f} |")
    print()
    for (members, years), f in results.items():   # a generator that stops writing clean records shows here
        print(f"- {members:,} × {years}: `{f['nocache'].last}`")
    for (members, years), f in results.items():
        bad = [k for k in ("cold", "unchanged", "edited", "nocache") if f[k].code not in (0, 1)]
        if bad:
            print(f"\n**exit code 2 or worse in {', '.join(bad)}: these figures are not a check**\n")
    if len(growth) >= 2:
        steps = []
        for (n1, r1), (n2, r2) in zip(growth, growth[1:]):
            steps.append(f"{n1:,} → {n2:,}: {math.log(r2.cpu / r1.cpu) / math.log(n2 / n1):.2f}")
        print(f"\nGrowth exponent of a `--no-cache` check (CPU): {'; '.join(steps)} "
              f"({', '.join(f'{n:,}: {r.cpu:.1f} s' for n, r in growth)})")
    print(f"\nas of {AS_OF}; load average after {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
