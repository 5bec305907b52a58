"""Time ``zhidu check`` against a parse-only baseline on synthetic repositories.

    python bench/run.py                  # 300×5 and 3000×5, as reported in the notes
    python bench/run.py --sizes 300x5    # one size

Three figures per size, each the best of ``--repeat`` runs in a fresh process-free loop:
parse (read + YAML parse of every file, nothing else), load (parse + build the model + configuration),
and check (everything ``zhidu check`` does, rules included). check − load is the cost of the rules.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from generate import generate  # noqa: E402

from zhidu_cli.records.repository import load_repository  # noqa: E402
from zhidu_cli.workspace import check, open_workspace  # noqa: E402


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        begin = time.perf_counter()
        fn()
        times.append(time.perf_counter() - begin)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300x5,3000x5")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    as_of = dt.date(2025, 12, 31)
    print(f"{'size':>10} {'files':>7} {'parse s':>8} {'load s':>8} {'check s':>8} {'findings':>8}")
    for size in args.sizes.split(","):
        members, years = (int(x) for x in size.split("x"))
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp) / "records"
            files = generate(root, members, years)
            parse = best(lambda: load_repository(root), args.repeat)
            load = best(lambda: open_workspace(root), args.repeat)
            findings = []
            total = best(lambda: findings.append(check(open_workspace(root), as_of)), args.repeat)
            print(f"{size:>10} {files:>7} {parse:8.2f} {load:8.2f} {total:8.2f} {len(findings[-1].findings):>8}")


if __name__ == "__main__":
    main()
