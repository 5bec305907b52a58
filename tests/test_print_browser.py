"""Printing that a secretary can post (issue 8.8), proved in a real headless browser.

The example branch's dues notice and a long general-assembly minutes are rendered with
``zhidu render --to html`` and printed to PDF by Chromium exactly as a secretary's print dialog
would. Then the PDF is read back page by page: how many pages, that no page holds only the
signature block (落款, 盖章, date, 签字 lines), that a table continued on a new page starts with its
header row again, and that no row is split between pages.

Skipped with the reason when no Chromium is installed, or when the Noto CJK fonts the page counts
were worked out with are missing (``.ci/run`` installs both on Debian).
"""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from browser import pdf_pages_text, print_to_pdf, require_chromium, word_boxes
from zhidu_cli.cli.app import app

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples" / "records"
RUNNER = CliRunner()

_SIGN_OFF_LINE = re.compile(r"（盖章）\s*$|^\d{4}年\d{1,2}月\d{1,2}日$|（签字）|（签名）")


@pytest.fixture(scope="module")
def chromium() -> str:
    browser = require_chromium()
    fc_list = shutil.which("fc-list")
    fonts = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True).stdout if fc_list else ""
    if "Noto Serif CJK SC" not in fonts:
        pytest.skip("the page counts here are for Noto Serif CJK SC, which is not installed "
                    "(apt-get install fonts-noto-cjk; .ci/run installs it)")
    return browser


def _lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


def _only_signature(page: str) -> bool:
    """A page whose every line is part of the signature block (or that is blank)."""
    return all(_SIGN_OFF_LINE.search(line) for line in _lines(page))


def _render(args: list[str], out: pathlib.Path) -> pathlib.Path:
    result = RUNNER.invoke(app, ["render", *args, "--to", "html", "-o", str(out)], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return out


def _print(html: pathlib.Path, browser: str) -> list[str]:
    return pdf_pages_text(print_to_pdf(html, html.with_suffix(".pdf"), browser=browser))


def test_the_dues_notice_prints_on_two_pages_with_its_sign_off_not_alone(chromium, tmp_path):
    html = _render(["notice", "dues", "--month", "2025-03", "-C", str(EXAMPLES), "--as-of", "2025-12-31"],
                   tmp_path / "dues.html")
    pages = _print(html, chromium)
    # 28 members in three group tables (8 + 10 + 10 rows), four paragraphs of text and the sign-off:
    # at 12pt with 20 mm margins page 1 holds the text, group 1 and the start of group 2 — two pages.
    assert len(pages) == 2
    assert not any(_only_signature(page) for page in pages)
    last = _lines(pages[-1])
    assert last[-2:] == ["南苑路社区党支部（盖章）", "2025年4月3日"]
    assert any(line.startswith("联系电话：0851-85526318") for line in last)
    # group 2 goes on over the page: page 2 starts with its header row again
    assert re.fullmatch(r"序号\s+姓名\s+应交（元）\s+已交（元）\s+状态\s+备注", _lines(pages[1])[0])
    # the three group tables (and group 2's header repeated on page 2) have the same column widths:
    # every header word starts at the same x on the page, to within a hundredth of a point
    for header in ("姓名", "应交（元）", "已交（元）", "状态", "备注"):
        boxes = word_boxes(html.with_suffix(".pdf"), header)
        assert len(boxes) == 4 and {page for page, _, _ in boxes} == {1, 2}, (header, boxes)
        assert max(x for _, x, _ in boxes) - min(x for _, x, _ in boxes) < 0.01, (header, boxes)
    # every member's row is whole on one page: the name and its amount on the same line (no wrap either)
    for name, owed in (("何志刚", "54.00"), ("沈建平", "210.00"), ("郑海涛", "132.00"), ("彭丽华", "0.20")):
        rows = [line for page in pages for line in _lines(page) if name in line]
        assert len(rows) == 1 and re.search(rf"{name}\s+{re.escape(owed)}\s+{re.escape(owed)}\s+已交", rows[0]), rows


LONG_ITEM = ("  - title: 第{n}项：学习讨论社区治理重点工作\n"
             "    summary: " + "与会党员围绕议题逐一发言，结合所在片区实际提出意见建议，会议逐条研究形成共识，明确责任人和完成时限。" * 3
             + "\n")


# Four lengths, so that the signature lines fall at different places on the last page: after the
# 会后报送 paragraph (reported) or straight after the 28-row review table. Each extra item is a
# heading and a five-line summary (about 1/5 page); the four original items, the attendance and the
# table (about a page and a half) come on top: 6 items → 4 pages … 16 items → 5 pages.
@pytest.mark.parametrize("extra_items, reported, page_count", [(6, True, 4), (9, False, 4), (12, True, 5),
                                                               (16, False, 5)])
def test_long_minutes_keep_their_signature_lines_with_the_text(chromium, tmp_path, extra_items, reported,
                                                                page_count):
    records = tmp_path / "records"
    shutil.copytree(EXAMPLES, records)
    meeting = records / "meetings" / "2025" / "2025-01-24-general-assembly.yaml"
    text = meeting.read_text(encoding="utf-8")
    items = "".join(LONG_ITEM.format(n=n) for n in range(5, 5 + extra_items))
    text = text.replace("agenda:\n", "agenda:\n" + items, 1)
    if not reported:
        text = re.sub(r"(?m)^reported:.*\n", "", text)
    meeting.write_text(text, encoding="utf-8")
    html = _render(["minutes", "2025-01-24-general-assembly", "-C", str(records), "--as-of", "2025-12-31"],
                   tmp_path / "minutes.html")
    pages = _print(html, chromium)
    assert len(pages) == page_count
    assert not any(_only_signature(page) for page in pages)
    last = _lines(pages[-1])
    assert re.match(r"主持人（签字）：\s*记录人（签字）：", last[-1])
    assert len(last) >= 2          # something of the record stands above the signatures
    # the review table's rows are whole, and where it goes on over a page its header comes first
    for page in pages[1:]:
        lines = _lines(page)
        if re.match(r"\d+\s+\S+\s+(合格|优秀)", lines[0] if lines else ""):
            pytest.fail(f"a page starts inside the review table without its header: {lines[:2]}")
    names = [line for page in pages for line in _lines(page) if re.match(r"\d+\s+\S{2,4}\s+(合格|优秀)$", line)]
    assert len(names) == 28
