"""Markdown documents as standalone, printable HTML pages.

A secretary prints minutes and notices from whatever browser is at hand, so the page carries
everything itself: UTF-8, an A4 ``@page`` with margins, a Song-style Chinese font stack that every
common system has one of, bordered tables, and signature lines with room to sign. The same page
is what ``--to pdf`` prints.

What the print CSS guarantees (the layout decisions are made in :mod:`zhidu_cli.render.layout`,
shared with the Word writer):

* **The signature block never sits alone on a page**: the 落款 (issuer, （盖章）, date) and the
  signature lines are one unbreakable group together with the paragraph before them; after a
  table they may not be separated from its last row.
* **Tables** repeat their header row on every page and never split a row; a heading stays with
  what follows it.
* **Names and short status words never wrap** inside a cell (2–4 character names, 已交, 未交足,
  amounts), and tables with the same header (the group tables of a dues notice) share their
  column widths.
* **Body paragraphs** get the customary two-character first-line indent; field lines
  (``时间：…`` / ``地点：…``), signatures and table cells do not.
* **Line breaks are kept**: a single newline in the Markdown is a line break on paper, so header
  lines like ``时间：…`` / ``地点：…`` print one per line exactly as they read in the text file.
* **Signature paragraphs**: a paragraph that contains ``（签字）``, ``（签名）``, ``（签章）`` or
  ``（盖章）`` (full- or half-width brackets), or ``签字：``/``签名：``, gets the ``signature``
  class: space above, room to sign. Leave blank space to sign on with full-width spaces
  (U+3000 "　"): HTML keeps them, while runs of ASCII spaces collapse to one. One with
  ``（盖章）`` is also ``seal`` and set flush right, as official documents place it.
* **No raw HTML.** Raw HTML in the Markdown (and so in the records) is printed as text, never
  passed through.
"""

from __future__ import annotations

import html

from zhidu_cli.render.layout import render_html_body

# Fonts by the names Windows, macOS and Linux (Noto / Source Han) give them.
SERIF_FONTS = '"SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif'
SANS_FONTS = '"SimHei", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif'

CSS = f"""\
@page {{ size: A4; margin: 20mm 18mm; }}
html {{ background: #fff; }}
body {{
  font-family: {SERIF_FONTS};
  font-size: 12pt; line-height: 1.75; color: #000;
  max-width: 174mm; margin: 0 auto;
  orphans: 2; widows: 2;
}}
h1, h2, h3, h4 {{
  font-family: {SANS_FONTS};
  page-break-after: avoid; break-after: avoid; page-break-inside: avoid; break-inside: avoid;
}}
h1 {{ font-size: 18pt; text-align: center; margin: 0 0 1em; }}
h2 {{ font-size: 14pt; margin: 1.2em 0 0.5em; }}
h3, h4 {{ font-size: 12pt; margin: 1em 0 0.4em; }}
p {{ margin: 0.4em 0; text-indent: 2em; }}
p.fields, p.signature, p.cut, li p, td p, blockquote p {{ text-indent: 0; }}
p.cut {{ text-align: center; margin: 1.5em 0; color: #444; }}
ul, ol {{ margin: 0.4em 0; padding-left: 2em; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.8em 0; }}
table.fixed {{ table-layout: fixed; }}
thead {{ display: table-header-group; }}
tr, th, td {{ page-break-inside: avoid; break-inside: avoid; }}
th, td {{
  border: 1px solid #000; padding: 2pt 0.5em; line-height: 1.5;
  text-align: left; vertical-align: top; overflow-wrap: anywhere;
}}
th {{ font-weight: bold; }}
th:first-child, td:first-child, th.nw, td.nw {{ white-space: nowrap; overflow-wrap: normal; }}
hr {{ border: 0; border-top: 1px solid #000; }}
blockquote {{ margin: 0.5em 2em; }}
.closing, .part {{ page-break-inside: avoid; break-inside: avoid; }}
p.salutation {{ page-break-after: avoid; break-after: avoid; }}
.closing.after-table {{ page-break-before: avoid; break-before: avoid; }}
.signature {{ margin-top: 2em; line-height: 2.6; page-break-inside: avoid; break-inside: avoid; }}
.seal {{ text-align: right; margin-right: 2em; }}
@media screen {{ body {{ padding: 20mm 18mm; }} }}
"""


def markdown_to_html(markdown_text: str, title: str) -> str:
    """A complete HTML5 page for ``markdown_text``; ``title`` becomes the (escaped) ``<title>``."""
    body = render_html_body(markdown_text)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{CSS}</style>\n"
        "</head>\n"
        "<body>\n"
        f"{body}"
        "</body>\n"
        "</html>\n"
    )
