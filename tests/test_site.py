"""``zhidu site``: the static dashboard, checked as files — every link resolves, no script, nothing private —
and the output folder is handled safely (no overwrite of a foreign folder, swapped in whole).
The browser tests are in test_site_browser.py."""

from __future__ import annotations

import json
import pathlib
import sys

import pytest
from site_checks import check_site, parse
from typer.testing import CliRunner

from zhidu_cli.cli.app import app
from zhidu_cli.site.build import MARKER

ROOT = pathlib.Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "records"
STREET = ROOT / "examples" / "street"
ENV = {"NO_COLOR": "1", "COLUMNS": "120", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}
AS_OF = "2025-12-31"


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV)


def generated_workspace(root: pathlib.Path) -> pathlib.Path:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate_workspace
    finally:
        sys.path.pop(0)
    generate_workspace(root, 3, 12, 1, street_members=7)
    return root


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    result = run("site", EXAMPLE, "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    return out


def test_the_example_branch_site_holds_every_page_and_document(example_site):
    for page in ("index.html", "findings.html", "files.html", "calendar.html", "dues.html", "pipeline.html",
                 "documents.html", "members.html", "style.css", MARKER):
        assert (example_site / page).is_file(), page
    meetings = [p for p in (EXAMPLE / "meetings").rglob("*.yaml")]
    minutes = list((example_site / "docs" / "minutes").glob("*.html"))
    assert len(minutes) == len(meetings)
    assert len(list((example_site / "members").glob("*.html"))) == len(list((EXAMPLE / "members").glob("*.yaml")))
    documents = (example_site / "documents.html").read_text("utf-8")
    for minute in minutes:     # every rendered minutes is linked from the documents page
        assert f'href="docs/minutes/{minute.name}"' in documents
    ledgers = len(list((EXAMPLE / "dues").glob("*.yaml")))
    assert len(list((example_site / "docs" / "notices").glob("dues-*.html"))) == ledgers
    assert "生成失败" not in documents


def test_the_example_branch_site_links_resolve_and_nothing_private_appears(example_site):
    assert check_site(example_site, EXAMPLE) > 200


def test_the_calendar_links_the_minutes_of_held_periods(example_site):
    calendar = (example_site / "calendar.html").read_text("utf-8")
    assert 'href="docs/minutes/2025-03-05-branch-committee.html"' in calendar
    assert calendar.count('class="cell held"') > 100
    assert calendar.count('class="cell overdue"') == 1      # the legend: the example holds every meeting


def test_the_overview_states_the_rollup_figures(example_site):
    rollup = json.loads(run("rollup", EXAMPLE, "--as-of", AS_OF, "-f", "json").stdout)["branches"][0]
    index = (example_site / "index.html").read_text("utf-8")
    assert f'<span data-k="dues.collected">{rollup["dues"]["collected"]}</span>' in index
    assert f'data-k="review.expected">{rollup["review"]["expected"]}</span>' in index


def test_a_workspace_site_has_the_street_overview_and_every_branch(tmp_path):
    root = generated_workspace(tmp_path / "street")
    out = tmp_path / "site"
    assert run("site", root, "-o", out, "--as-of", AS_OF, "-j", "2").exit_code == 0
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["b01", "b02", "b03", "street"]
    index = (out / "index.html").read_text("utf-8")
    for branch in ("b01", "b02", "b03", "street"):
        assert f'href="{branch}/index.html"' in index
        assert 'href="../index.html"' in (out / branch / "index.html").read_text("utf-8")
    check_site(out, root)


def test_the_example_street_site(tmp_path):
    out = tmp_path / "site"
    assert run("site", STREET, "-o", out, "--as-of", AS_OF).exit_code == 0
    check_site(out, STREET)
    from zhidu_cli.rules.registry import by_code

    guihua = (out / "guihua" / "findings.html").read_text("utf-8")
    for code in ("MTG001", "SCH005", "DUE005", "DEV001"):     # each finding with its citation
        assert f"<code>{code}</code>" in guihua
        assert f"依据：{by_code()[code].citation}" in guihua
    assert "石雨晴" in (out / "guihua" / "pipeline.html").read_text("utf-8")


def test_the_branch_overview_holds_the_agenda(tmp_path):
    out = tmp_path / "site"
    assert run("site", STREET, "-o", out, "--as-of", "2025-12-20", "--branch", "guihua").exit_code == 0
    overview = (out / "guihua" / "index.html").read_text("utf-8")
    agenda = json.loads(run("agenda", STREET / "branches" / "guihua", "--as-of", "2025-12-20", "-f", "json").stdout)
    assert agenda["items"]
    for item in agenda["items"]:       # every item of ``zhidu agenda``, with its date, rule and what
        assert f'<td class="num">{item["date"]}</td>' in overview and f">{item['code']}</code>" in overview
        assert item["what"] in overview
    assert 'href="members/m00011.html">石雨晴</a>' in overview
    out2 = tmp_path / "anonymous"
    assert run("site", STREET, "-o", out2, "--as-of", "2025-12-20", "--branch", "guihua", "--no-members").exit_code == 0
    overview = (out2 / "guihua" / "index.html").read_text("utf-8")
    assert "石雨晴" not in overview and "1 名党员" in overview


def test_no_members_leaves_out_member_pages(tmp_path):
    out = tmp_path / "site"
    assert run("site", EXAMPLE, "-o", out, "--as-of", AS_OF, "--no-members").exit_code == 0
    assert not (out / "members").exists() and not (out / "members.html").exists()
    pipeline = (out / "pipeline.html").read_text("utf-8")
    assert "陈思雨" not in pipeline and "本站未生成成员页面" in pipeline
    assert 'href="members' not in (out / "dues.html").read_text("utf-8")
    check_site(out, EXAMPLE)


def test_english(tmp_path):
    out = tmp_path / "site"
    assert run("site", EXAMPLE, "-o", out, "--as-of", AS_OF, "--lang", "en").exit_code == 0
    index = (out / "index.html").read_text("utf-8")
    assert '<html lang="en">' in index and ">Meeting calendar</a>" in index and "Overdue" in index


def test_refuses_a_folder_it_did_not_make(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run("site", EXAMPLE, "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]          # no temporary folder left behind
    assert run("site", EXAMPLE, "-o", out, "--as-of", AS_OF, "--force").exit_code == 0
    assert not (out / "notes.txt").exists() and (out / "index.html").is_file()


def test_replaces_its_own_site_whole_and_keeps_it_when_a_build_fails(tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert run("site", EXAMPLE, "-o", out, "--as-of", AS_OF).exit_code == 0
    (out / "stale.html").write_text("old page", encoding="utf-8")
    assert run("site", EXAMPLE, "-o", out, "--as-of", AS_OF).exit_code == 0      # its own site: no --force needed
    assert not (out / "stale.html").exists()
    before = (out / "index.html").read_text("utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("zhidu_cli.site.build.build_branch", broken)
    result = CliRunner().invoke(app, ["site", str(EXAMPLE), "-o", str(out), "--as-of", "2025-06-30"], env=ENV)
    assert result.exit_code != 0
    assert (out / "index.html").read_text("utf-8") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_output_that_is_a_file_is_refused(tmp_path):
    out = tmp_path / "site"
    out.write_text("x", encoding="utf-8")
    result = run("site", EXAMPLE, "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 2 and "not a folder" in result.stderr


def test_private_values_typed_into_free_text_are_masked(repo, tmp_path):
    repo.config("records_start: 2025-01-01\n")
    repo.member("wang", "name: 王五\ngroup: g1\nphone: \"13985012345\"\nhistory:\n  - {date: 2000-07-01, event: full}\n")
    repo.write("meetings/2025/2025-01-08-committee.yaml",
               "type: 支委会\ndate: 2025-01-08\nattendees: [wang]\nchair: wang\nrecorder: wang\n"
               "agenda:\n  - {title: 联系, summary: 有事请打 13985012345 或 13700000000}\n")
    out = tmp_path / "site"
    assert run("site", repo.root, "-o", out, "--as-of", "2025-01-31").exit_code == 0
    text = "".join(p.read_text("utf-8") for p in out.rglob("*.html"))
    assert "13985012345" not in text and "13700000000" not in text
    assert parse((out / "index.html").read_text("utf-8")).scripts == 0


def test_a_branch_that_cannot_be_read_is_listed_and_the_others_published(tmp_path):
    root = generated_workspace(tmp_path / "street")
    (root / "branches" / "b02" / "zhidu.yaml").write_text("name: x\nupper: y\nrules: {NOPE1: off}\n", encoding="utf-8")
    out = tmp_path / "site"
    result = run("site", root, "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 2 and "[b02]" in result.stderr and "CFG001" in result.stderr
    index = (out / "index.html").read_text("utf-8")
    assert "无法读取：" in index and not (out / "b02").exists() and (out / "b03" / "index.html").is_file()
    check_site(out, root)
