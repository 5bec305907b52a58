"""Shared test fixtures: build a records repository from inline YAML and check it.

Tests read like the rules: the records are written inline in the test, and the expected codes and
locations stand next to them.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import textwrap

import pytest

from zhidu_cli.workspace import check, open_workspace

BASE_CONFIG = """\
name: 中共测试社区支部委员会
upper: 中共测试街道工作委员会
groups:
  - {id: g1, name: 第一党小组}
  - {id: g2, name: 第二党小组}
"""


class RepoBuilder:
    """``repo.write("members/a.yaml", "...")`` then ``repo.check("2025-12-31")``."""

    def __init__(self, root: pathlib.Path) -> None:
        self.root = root
        self.write("zhidu.yaml", BASE_CONFIG)

    def write(self, relpath: str, text: str) -> "RepoBuilder":
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return self

    def config(self, extra: str) -> "RepoBuilder":
        """Append settings to zhidu.yaml (e.g. ``rules:`` overrides)."""
        return self.write("zhidu.yaml", BASE_CONFIG + textwrap.dedent(extra).lstrip("\n"))

    def member(self, member_id: str, text: str) -> "RepoBuilder":
        return self.write(f"members/{member_id}.yaml", text)

    def workspace(self, **kwargs):
        return open_workspace(self.root, **kwargs)

    def check(self, as_of: str, *, select: tuple[str, ...] | None = None, ignore: tuple[str, ...] = (),
              lang: str | None = None):
        """All findings as of a date (optionally only some codes)."""
        ws = self.workspace(select=select, ignore=ignore, lang=lang)
        return check(ws, dt.date.fromisoformat(as_of)).findings

    def codes(self, as_of: str, *, select: tuple[str, ...] | None = None) -> list[tuple[str, str, int]]:
        """(code, path, line) of every finding, sorted — the usual assertion."""
        return [(f.code, f.location.path, f.location.line) for f in self.check(as_of, select=select)]


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch) -> pathlib.Path:
    """Every test caches into a folder of its own: the suite never writes ~/.cache, and a test's result
    never comes from another test's run. The cache stays on, so every test also checks it is right."""
    folder = tmp_path_factory.mktemp("zhidu-cache")
    monkeypatch.setenv("ZHIDU_CACHE_DIR", str(folder))
    monkeypatch.delenv("ZHIDU_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def repo(tmp_path: pathlib.Path) -> RepoBuilder:
    return RepoBuilder(tmp_path)


def full_member(member_id: str, name: str, *, group: str = "g1", since: str = "2000-07-01",
                roles: str = "") -> str:
    """YAML for a full member on the rolls since ``since`` (a common background fixture)."""
    text = f"name: {name}\ngroup: {group}\nhistory:\n  - {{date: {since}, event: full}}\n"
    if roles:
        text += f"roles:\n{roles}"
    return text


_AUTO_REMITTANCE = "  # remitted each quarter (tests)"


def remit_quarters(repo: RepoBuilder, *, day: int = 10) -> None:
    """Record the quarterly remittance (上缴, DUE009) of what each quarter's ledgers collected.

    A background fact for tests about other dues rules: on the last ledger of each quarter written so far,
    ``remittance`` of the quarter's payments (not those paid elsewhere), dated the ``day`` of the next month.
    Idempotent: call it again after changing a ledger.
    """
    import re
    from collections import defaultdict
    from decimal import Decimal

    ledgers = sorted((repo.root / "dues").glob("????-??.yaml")) if (repo.root / "dues").exists() else []
    quarters: dict[tuple[int, int], list[pathlib.Path]] = defaultdict(list)
    for path in ledgers:
        year, month = int(path.stem[:4]), int(path.stem[5:])
        quarters[(year, (month - 1) // 3)].append(path)
    for (year, quarter), paths in quarters.items():
        total = Decimal(0)
        for path in paths:
            lines = [l for l in path.read_text(encoding="utf-8").splitlines() if _AUTO_REMITTANCE not in l]
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            for line in lines:
                if "elsewhere: true" in line:
                    continue
                for amount in re.findall(r'amount:\s*"?([0-9.]+)"?', line):
                    if "remittance" not in line:
                        total += Decimal(amount)
        if total:
            last = paths[-1]
            following = (year + 1, 1) if quarter == 3 else (year, quarter * 3 + 4)
            text = last.read_text(encoding="utf-8")
            last.write_text(text + f'remittance: {{date: {following[0]}-{following[1]:02d}-{day:02d}, amount: "{total}"}}'
                            f"{_AUTO_REMITTANCE}\n", encoding="utf-8")
