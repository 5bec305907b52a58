"""The benchmark's synthetic records: deterministic, and valid records (timings must measure rule work,
not a flood of schema errors). Which rule findings remain is shown by ``bench/run.py``, not asserted
here, so a new rule does not break the suite through the generator."""

from __future__ import annotations

import datetime as dt
import pathlib
import sys

import pytest

BENCH = pathlib.Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def generate():
    sys.path.insert(0, str(BENCH))
    try:
        from generate import generate as function
    finally:
        sys.path.remove(str(BENCH))
    return function


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
