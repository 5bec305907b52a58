"""Markdown documents as standalone, printable HTML pages.

A secretary prints minutes and notices from whatever browser is at hand, so the page carries
everything itself: UTF-8, an A4 ``@page`` with margins, a Song-style Chinese font stack that every
common system has one of, bordered tables that do not split across pages where avoidable, and
signature lines with room to sign.

Conventions the templates rely on:

* **Line breaks are kept.** A single newline in the Markdown is a line break on paper
  (markdown-it's ``breaks`` option), so header lines like ``时间：…`` / ``地点：…`` print one per
  line exactly as they read in the text file.
* **Signature paragraphs.** A paragraph that contains ``（签字）``, ``（签名）``, ``（签章）`` or
  ``（盖章）`` (full- or half-width brackets), or ``签字：``/``签名：``, gets the ``signature``
  class: space above, room to sign, never split across pages. Leave blank space to sign on with
  full-width spaces (U+3000 "　"): HTML keeps them, while runs of ASCII spaces collapse to one.
* **The seal goes on the right.** A signature paragraph with ``（盖章）`` (the issuing body and
  date at the foot of a notice, 落款) is also given the ``seal`` class and set flush right, as
  official documents place it.
* **Label columns do not wrap.** The first column of a table (项目, 序号) stays on one line.
* **No raw HTML.** Raw HTML in the Markdown (and so in the records) is printed as text, never
  passed through.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_SIGNATURE = re.compile(r"[（(](?:签字|签名|签章|盖章)[)）]|(?:签字|签名)[：:]")
_SEAL = re.compile(r"[（(]盖章[)）]")

_CSS = """\
@page { size: A4; margin: 20mm 18mm; }
html { background: #fff; }
body {
  font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 12pt; line-height: 1.75; color: #000;
  max-width: 174mm; margin: 0 auto;
}
h1, h2, h3, h4 {
  font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  page-break-after: avoid; break-after: avoid;
}
h1 { font-size: 18pt; text-align: center; margin: 0 0 1em; }
h2 { font-size: 14pt; margin: 1.2em 0 0.5em; }
h3, h4 { font-size: 12pt; margin: 1em 0 0.4em; }
p { margin: 0.4em 0; }
ul, ol { margin: 0.4em 0; padding-left: 2em; }
table {
  border-collapse: collapse; width: 100%; margin: 0.8em 0;
  page-break-inside: avoid; break-inside: avoid;
}
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 1px solid #000; padding: 3pt 6pt; text-align: left; vertical-align: top; }
th { font-weight: bold; }
th:first-child, td:first-child { white-space: nowrap; }
hr { border: 0; border-top: 1px solid #000; }
blockquote { margin: 0.5em 2em; }
.signature {
  margin-top: 2em; line-height: 2.6;
  page-break-inside: avoid; break-inside: avoid;
}
.seal { text-align: right; margin-right: 2em; }
@media screen { body { padding: 20mm 18mm; } }
"""


def _mark_signatures(state: StateCore) -> None:
    """Core rule: give signature paragraphs the ``signature`` class (see the module docstring)."""
    tokens = state.tokens
    for index, token in enumerate(tokens[:-1]):
        following = tokens[index + 1]
        if (token.type == "paragraph_open" and following.type == "inline"
                and _SIGNATURE.search(following.content)):
            token.attrSet("class", "signature seal" if _SEAL.search(following.content) else "signature")


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("table")
    parser.core.ruler.push("zhidu_signature", _mark_signatures)
    return parser


_MARKDOWN = _parser()


# The asterisks of a mask (``139****5276``, ``5201**********123X``, ``幸*********室``): two masks in one
# paragraph would otherwise pair up as Markdown emphasis, eat their stars and print bold nonsense.
_MASK_STARS = re.compile(r"(?<=[0-9X])\*{2,}(?=[0-9X])|(?<=\w)\*{3,}(?=\w)")


def _literal_masks(markdown_text: str) -> str:
    return _MASK_STARS.sub(lambda m: "\\*" * len(m.group()), markdown_text)


def markdown_to_html(markdown_text: str, title: str) -> str:
    """A complete HTML5 page for ``markdown_text``; ``title`` becomes the (escaped) ``<title>``."""
    body = _MARKDOWN.render(_literal_masks(markdown_text))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{_CSS}</style>\n"
        "</head>\n"
        "<body>\n"
        f"{body}"
        "</body>\n"
        "</html>\n"
    )
