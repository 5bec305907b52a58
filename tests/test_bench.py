"""The benchmark's synthetic records: deterministic, and valid records (timings must measure rule work,
not a flood of schema errors). Which rule findings remain is shown by ``bench/run.py``, not asserted
here, so a new rule does not break the suite through the generator. And ``bench/compare.py``: its sign
test, and two versions run alternately on one tree (no timing is asserted)."""

from __future__ import annotations

import datetime as dt
import importlib
import pathlib
import shutil
import subprocess
import sys

import pytest

BENCH = pathlib.Path(__file__).resolve().parent.parent / "bench"


def _from_bench(name: str):
    """A module of bench/ (a folder of scripts, not a package)."""
    sys.path.insert(0, str(BENCH))
    try:
        return importlib.import_module(name)
    finally:
        while str(BENCH) in sys.path:      # compare.py puts it there too, for its own imports
            sys.path.remove(str(BENCH))


@pytest.fixture(scope="module")
def generate():
    return _from_bench("generate").generate


def _contents(root: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_the_generator_is_deterministic(generate, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert generate(first, 23, 1) == generate(second, 23, 1) == len(_contents(first))
    assert _contents(first) == _contents(second)


def test_generated_records_are_clean(generate, tmp_path):
    """A timing must measure the rules' work, not the formatting of findings: no finding at all."""
    from zhidu_cli.workspace import check, open_workspace

    root = tmp_path / "records"
    files = generate(root, 23, 1)
    # 23 members: 2 groups (the last takes the remainder), a year of meetings and 12 ledgers
    assert (root / "members" / "m00022.yaml").is_file() and (root / "dues" / "2025-12.yaml").is_file()
    report = check(open_workspace(root), dt.date(2025, 12, 31))
    assert report.files_checked == files
    assert [f"{f.location.path} {f.code}" for f in report.findings] == []


# --- bench/compare.py: two versions, run alternately ------------------------------------------------

@pytest.fixture(scope="module")
def compare():
    return _from_bench("compare")


def test_the_sign_test_says_how_often_chance_alone_is_as_lopsided(compare):
    assert compare.sign_test(15, 16) == pytest.approx(2 * (1 + 16) / 2 ** 16)    # 0.0005
    assert compare.sign_test(1, 16) == compare.sign_test(15, 16)                  # two-sided
    assert compare.sign_test(8, 16) == 1.0 and compare.sign_test(0, 0) == 1.0
    assert compare.sign_test(3, 3) == 0.25                                        # three pairs prove nothing


def test_the_working_tree_is_the_source_of_the_checkout_the_script_is_in(compare, tmp_path):
    """``.`` is what the label says: this checkout's working tree, even when the Python running the
    script has another checkout of zhidu installed (a second worktree holding an experiment)."""
    assert compare.source(".", tmp_path) == (BENCH.parent / "src").resolve()
    assert (BENCH.parent / "src" / "zhidu_cli" / "__pycache__").is_dir()     # compiled, as pip install does


@pytest.mark.skipif(shutil.which("git") is None or not (BENCH.parent / ".git").exists(),
                    reason="compares git revisions: needs git and a clone")
def test_a_revision_and_the_working_tree_are_run_alternately_on_one_tree(tmp_path):
    tree = tmp_path / "records"
    (tree / "meetings" / "2025").mkdir(parents=True)
    (tree / "zhidu.yaml").write_text("name: 测试支部\n", encoding="utf-8")
    meeting = tree / "meetings" / "2025" / "2025-03-01-general-assembly.yaml"
    meeting.write_text("type: general-assembly\ndate: 2025-03-01\n", encoding="utf-8")
    before = meeting.read_bytes()
    done = subprocess.run([sys.executable, str(BENCH / "compare.py"), "HEAD", "--tree", str(tree),
                           "--case", "edited", "--runs", "2"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| HEAD") or line.startswith("| working")]
    assert len(rows) == 2
    assert "faster in" in done.stdout and "do not agree" not in done.stdout
    assert meeting.read_bytes() == before              # the edits made for the case are undone
