"""How a rendered document is laid out on paper: one reading of the Markdown for every format.

A template renders Markdown. Printing it well needs more than Markdown says, and the HTML page
(:mod:`zhidu_cli.render.html`), the Word file (:mod:`zhidu_cli.render.docx`) and the PDF must all
agree, so the decisions are made once, here, on markdown-it's token stream, and each writer only
follows them:

* **Signature paragraphs** (``（签字）``, ``（签名）``, ``（签章）``, ``（盖章）``, ``签字：``) get the
  class ``signature``; those with ``（盖章）`` — the issuing body and date, 落款 — also ``seal``
  (set flush right).
* **The signature block never stands alone on a page.** Each run of signature paragraphs is kept
  with the block before it: a paragraph goes with it into one unbreakable ``closing`` group; after
  a table the group is marked ``after-table`` and may not be separated from the table's last row.
* **Field lines** — a paragraph whose every line is ``标签：内容`` (时间：…, 地点：…), or a one-line
  salutation ending in a colon (``中共XX党委：``) — get the class ``fields``: no first-line indent.
  A salutation is also kept with what follows it (``salutation``). A paragraph starting with ``┄``
  is a cut line between the parts of a form (``cut``: centred); each part between cut lines (the
  stub, the letter, the receipt of a transfer letter) is kept on one page (``part``). Every other body paragraph is indented by two
  characters, as Chinese documents are.
* **Short cells never wrap**: a cell of at most :data:`SHORT_CELL_WIDTH` display columns without
  spaces (a 2–4 character name, 已交, 未交足, an amount) is marked ``nw``.
* **Tables with the same header share their column widths**, so the group tables of a dues notice
  line up: a column whose cells are all short is given the width of its widest cell across every
  such table (``meta["widths"]``, in em); the other columns share the rest.
* **Raw HTML is never passed through** (markdown-it's ``html`` option is off).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

SIGNATURE = re.compile(r"[（(](?:签字|签名|签章|盖章)[)）]|(?:签字|签名)[：:]")
SEAL = re.compile(r"[（(]盖章[)）]")
_SALUTATION = re.compile(r"[^\n，,。；;、！？]+[：:]")   # 中共XX街道工作委员会： — a name, then a colon
_FIELD_LINE = re.compile(r"^\**[^\s：:*|]{1,6}[：:]")    # 时间：… / **决定事项：…** — a short label, a colon

CUT_LINE = "┄"             # a paragraph starting with it is a cut line between parts of a form (centred)
SHORT_CELL_WIDTH = 12      # display columns (a CJK character is 2): 6 characters, or 12 digits
CELL_PADDING_EM = 1.0      # left + right cell padding, in em, added to a fixed column's width


def display_width(text: str) -> int:
    """Columns ``text`` takes in print: CJK and full-width characters count 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _plain(markdown_inline: str) -> str:
    """Cell or line text without emphasis marks, for measuring."""
    return markdown_inline.replace("**", "").replace("__", "").strip()


def _add_class(token: Token, name: str) -> None:
    existing = str(token.attrGet("class") or "")
    classes = existing.split() if existing else []
    if name not in classes:
        classes.append(name)
    token.attrSet("class", " ".join(classes))


def has_class(token: Token, name: str) -> bool:
    return name in str(token.attrGet("class") or "").split()


def _mark_paragraphs(state: StateCore) -> None:
    """Signature, seal and field-line paragraphs (see the module docstring)."""
    tokens = state.tokens
    for index, token in enumerate(tokens[:-1]):
        following = tokens[index + 1]
        if token.type != "paragraph_open" or following.type != "inline":
            continue
        text = following.content
        if SIGNATURE.search(text):
            _add_class(token, "signature")
            if SEAL.search(text):
                _add_class(token, "seal")
        elif text.startswith(CUT_LINE):
            _add_class(token, "cut")
        elif _SALUTATION.fullmatch(text.strip()):
            _add_class(token, "fields")          # a salutation ("XX党委："): not indented, kept with
            _add_class(token, "salutation")      # what it addresses
            token.meta["keep_with_next"] = True
        elif all(_FIELD_LINE.match(line.strip()) for line in text.splitlines() if line.strip()):
            _add_class(token, "fields")


def _tables(tokens: list[Token]) -> list[tuple[int, int]]:
    """(table_open index, table_close index) of every table."""
    spans, start = [], None
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            start = index
        elif token.type == "table_close" and start is not None:
            spans.append((start, index))
            start = None
    return spans


def _rows(tokens: list[Token], start: int, end: int) -> list[list[int]]:
    """For one table: each row as the indices of its cells' open tokens."""
    rows: list[list[int]] = []
    for index in range(start, end):
        token = tokens[index]
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open") and rows:
            rows[-1].append(index)
    return rows


def _shape_tables(state: StateCore) -> None:
    """Short cells never wrap; tables with one header share column widths (module docstring)."""
    tokens = state.tokens
    groups: dict[tuple[str, ...], list[tuple[int, list[list[int]]]]] = defaultdict(list)
    for start, end in _tables(tokens):
        rows = _rows(tokens, start, end)
        if not rows:
            continue
        header = tuple(_plain(tokens[i + 1].content) for i in rows[0])
        groups[header].append((start, rows))
        for row in rows:
            for cell in row:
                text = _plain(tokens[cell + 1].content)
                if display_width(text) <= SHORT_CELL_WIDTH and not re.search(r"\s", text):
                    _add_class(tokens[cell], "nw")
    for header, tables in groups.items():
        columns = len(header)
        widest = [0] * columns
        short = [True] * columns
        for _, rows in tables:
            for row in rows:
                for column, cell in enumerate(row[:columns]):
                    widest[column] = max(widest[column], display_width(_plain(tokens[cell + 1].content)))
                    short[column] = short[column] and has_class(tokens[cell], "nw")
        if all(short):
            short[-1] = False           # one column takes what the fixed ones leave
        widths = [round(w / 2 + CELL_PADDING_EM, 1) if s else None for w, s in zip(widest, short)]
        for start, rows in tables:
            tokens[start].meta["widths"] = widths
            _add_class(tokens[start], "fixed")
            for column, cell in enumerate(rows[0][:columns]):
                if widths[column] is not None:
                    style = tokens[cell].attrGet("style")
                    width = f"width:{widths[column]}em"
                    tokens[cell].attrSet("style", f"{style};{width}" if style else width)


def top_level_blocks(tokens: list[Token]) -> list[tuple[int, int]]:
    """(first, last) token index of every top-level block (paragraph, heading, table, list, rule)."""
    spans = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.nesting == 1:
            depth, last = 0, index
            while True:
                depth += tokens[last].nesting
                if depth == 0:
                    break
                last += 1
            spans.append((index, last))
            index = last + 1
        else:
            spans.append((index, index))
            index += 1
    return spans


def _html(content: str) -> Token:
    token = Token("html_block", "", 0)
    token.content = content
    return token


def _keep_signatures_with_previous(state: StateCore) -> None:
    """Group every run of signature paragraphs with the block before it (module docstring)."""
    tokens = state.tokens
    blocks = top_level_blocks(tokens)
    runs: list[tuple[int, int]] = []          # (first block, last block) of each run of signatures
    for number, (first, _) in enumerate(blocks):
        if tokens[first].type == "paragraph_open" and has_class(tokens[first], "signature"):
            if runs and runs[-1][1] == number - 1:
                runs[-1] = (runs[-1][0], number)
            else:
                runs.append((number, number))
    for first_block, last_block in reversed(runs):
        start = first_block
        previous = first_block - 1
        css = "closing"
        if previous >= 0:
            kind = tokens[blocks[previous][0]].type
            if kind == "table_open":
                css = "closing after-table"
                tokens[blocks[previous][0]].meta["keep_with_next"] = True
            elif kind in ("bullet_list_open", "ordered_list_open", "heading_open") or (
                    kind == "paragraph_open" and not has_class(tokens[blocks[previous][0]], "cut")):
                start = previous
                if kind == "heading_open" and previous > 0:
                    start = previous - 1
        for number in range(start, last_block):
            tokens[blocks[number][0]].meta["keep_with_next"] = True
        tokens.insert(blocks[last_block][1] + 1, _html("</div>\n"))
        tokens.insert(blocks[start][0], _html(f'<div class="{css}">\n'))


def _keep_form_parts_whole(state: StateCore) -> None:
    """The parts of a form between cut lines (存根 | 介绍信 | 回执) each stay on one page: wrapped in
    an unbreakable ``part`` block, every block but the last kept with the next in Word."""
    tokens = state.tokens
    blocks = top_level_blocks(tokens)
    cuts = [number for number, (first, _) in enumerate(blocks)
            if tokens[first].type == "paragraph_open" and has_class(tokens[first], "cut")]
    if not cuts:
        return
    bounds = [-1, *cuts, len(blocks)]
    for before, after in reversed(list(zip(bounds, bounds[1:]))):
        first, last = before + 1, after - 1
        if first > last:
            continue
        for number in range(first, last):
            tokens[blocks[number][0]].meta["keep_with_next"] = True
        tokens.insert(blocks[last][1] + 1, _html("</div>\n"))
        tokens.insert(blocks[first][0], _html('<div class="part">\n'))


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("table")
    parser.core.ruler.push("zhidu_paragraphs", _mark_paragraphs)
    parser.core.ruler.push("zhidu_tables", _shape_tables)
    parser.core.ruler.push("zhidu_signatures", _keep_signatures_with_previous)
    parser.core.ruler.push("zhidu_form_parts", _keep_form_parts_whole)
    return parser


PARSER = _parser()


# The asterisks of a mask (``139****5276``, ``5201**********123X``, ``幸*********室``): two masks in one
# paragraph would otherwise pair up as Markdown emphasis, eat their stars and print bold nonsense.
_MASK_STARS = re.compile(r"(?<=[0-9X])\*{2,}(?=[0-9X])|(?<=\w)\*{3,}(?=\w)")


def _literal_masks(markdown_text: str) -> str:
    return _MASK_STARS.sub(lambda m: "\\*" * len(m.group()), markdown_text)


def parse(markdown_text: str) -> list[Token]:
    """The document's tokens, with the layout decisions above recorded on them (masks kept literal)."""
    return PARSER.parse(_literal_masks(markdown_text))


def render_html_body(markdown_text: str) -> str:
    """The HTML of the document's body (what goes inside ``<body>``)."""
    return PARSER.renderer.render(parse(markdown_text), PARSER.options, {})


__all__ = ["PARSER", "SEAL", "SIGNATURE", "display_width", "has_class", "parse", "render_html_body",
           "top_level_blocks"]
