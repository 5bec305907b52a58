"""The dashboard in a real headless Chromium: built for examples/records and for a generated three-branch
workspace, every page loads from ``file://`` with its links resolving, the overview's numbers are exactly
``zhidu rollup -f json``'s, and no phone or ID number of the records appears in the output folder.

Skipped, with the reason, where Chromium is not installed (``bash .ci/run`` installs it).
"""

from __future__ import annotations

import html.parser
import json
import pathlib

import pytest
from browser import dump_dom, require, screenshot
from site_checks import broken_links, check_site
from test_site import AS_OF, EXAMPLE, generated_workspace, run


class Figures(html.parser.HTMLParser):
    """``data-k`` values of a page, by the ``data-branch`` of the row they sit in (None outside one)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str | None, str], str] = {}
        self._branch: list[str | None] = [None]
        self._key: str | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "tr":
            self._branch.append(values.get("data-branch"))
        if values.get("data-k"):
            self._key = values["data-k"]

    def handle_endtag(self, tag):
        if tag == "tr" and len(self._branch) > 1:
            self._branch.pop()

    def handle_data(self, data):
        if self._key is not None and data.strip():
            self.values[(self._branch[-1], self._key)] = data.strip()
            self._key = None


def figures(dom: str) -> dict:
    parser = Figures()
    parser.feed(dom)
    return parser.values


def lookup(entry: dict, key: str) -> str:
    value = entry
    for part in key.split("."):
        value = value[part]
    return str(len(value) if isinstance(value, list) else value)


@pytest.fixture(scope="module")
def chromium():
    return require()


@pytest.fixture(scope="module")
def workspace_site(tmp_path_factory):
    root = generated_workspace(tmp_path_factory.mktemp("ws") / "street")
    out = root.parent / "site"
    assert run("site", root, "-o", out, "--as-of", AS_OF).exit_code == 0
    return root, out


def test_the_workspace_overview_numbers_equal_the_rollup(chromium, workspace_site):
    root, out = workspace_site
    rollup = json.loads(run("rollup", root, "--as-of", AS_OF, "-f", "json").stdout)
    shown = figures(dump_dom(out.joinpath("index.html").as_uri()))
    branches = {b["id"]: b for b in rollup["branches"]}
    per_branch = {(branch, key): value for (branch, key), value in shown.items() if branch}
    assert {branch for branch, _ in per_branch} == set(branches) == {"street", "b01", "b02", "b03"}
    for (branch, key), value in per_branch.items():
        assert value == lookup(branches[branch], key), (branch, key)
    totals = {key: value for (branch, key), value in shown.items() if branch is None}
    assert len(totals) >= 9
    for key, value in totals.items():
        assert value == lookup(rollup, key), key


def test_a_branch_overview_numbers_equal_the_rollup(chromium, workspace_site):
    root, out = workspace_site
    rollup = json.loads(run("rollup", root, "--as-of", AS_OF, "-f", "json", "--branch", "b02").stdout)["branches"][0]
    shown = figures(dump_dom(out.joinpath("b02", "index.html").as_uri()))
    assert len(shown) >= 12
    for (_, key), value in shown.items():
        assert value == lookup(rollup, key), key


def test_every_link_of_the_loaded_pages_resolves(chromium, workspace_site):
    root, out = workspace_site
    pages = [out / "index.html"] + [out / "b01" / name for name in
                                    ("index.html", "findings.html", "files.html", "calendar.html", "dues.html",
                                     "pipeline.html", "documents.html", "members.html")]
    for page in pages:
        dom = dump_dom(page.as_uri())
        assert "<script" not in dom
        assert broken_links(page, dom) == [], page
    check_site(out, root)          # and every other page, as files, with the privacy check


def test_the_example_branch_site_in_the_browser(chromium, tmp_path):
    out = tmp_path / "site"
    assert run("site", EXAMPLE, "-o", out, "--as-of", AS_OF).exit_code == 0
    rollup = json.loads(run("rollup", EXAMPLE, "--as-of", AS_OF, "-f", "json").stdout)["branches"][0]
    dom = dump_dom(out.joinpath("index.html").as_uri())
    for (_, key), value in figures(dom).items():
        assert value == lookup(rollup, key), key
    assert broken_links(out / "index.html", dom) == []
    minutes = dump_dom(out.joinpath("docs", "minutes", "2025-03-05-branch-committee.html").as_uri())
    assert "支委会" in minutes
    check_site(out, EXAMPLE)
    shot = screenshot(out.joinpath("index.html").as_uri(), tmp_path / "index.png")
    assert shot.stat().st_size > 20_000         # a drawn page, not a blank one
