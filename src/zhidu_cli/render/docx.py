"""Documents as Word files (.docx), from the same Markdown the templates render.

Why from the Markdown: a document is made once — records → context (private fields never copied,
free text masked) → the sandboxed Jinja template, built-in or the repository's own → Markdown — and
only then written out as Markdown, HTML, PDF or Word. So a Word file says exactly what the printed
page says, a repository's template override changes every format at once, and nothing reaches Word
that the template did not print.

The page follows the printed HTML (:mod:`zhidu_cli.render.html`), reading the same layout decisions
(:mod:`zhidu_cli.render.layout`):

* A4, margins 20 mm top and bottom, 18 mm left and right;
* body text 12 pt (小四) in 宋体, headings in 黑体, the title centred at 18 pt. The Chinese font is
  set as the **East Asian font** (``w:eastAsia``) of every style and run, which is the attribute
  Word uses for CJK text — setting only the Latin font name leaves Chinese text in the default;
* body paragraphs indented two characters on the first line; field lines (时间：…) and signatures
  not; the 落款 (``（盖章）``) flush right;
* tables bordered (Word's "Table Grid"), the header row repeated on every page, no row split across
  pages, short cells (names, 已交) not wrapped, column widths shared by tables with the same header;
* the signature block kept on the page of the paragraph (or table row) before it ("keep with
  next").

A repository may bring its own **reference document**, ``templates/reference.docx`` (a letterhead,
other fonts, other margins): its styles, page setup, headers and footers are used, its body is
dropped, headings take its Title / Heading 1–3 styles and body text its Normal style. The text
still comes only from the template.

``python-docx`` is imported only when a Word file is made.
"""

from __future__ import annotations

import io
import re
from typing import Any

from zhidu_cli.render.layout import has_class, parse

BODY_FONT = "宋体"          # SimSun: what Chinese Word documents are set in
HEADING_FONT = "黑体"       # SimHei
LATIN_FONT = "Times New Roman"
BODY_SIZE = 12             # pt (小四)
TITLE_SIZE = 18            # pt
HEADING_SIZES = {"h1": TITLE_SIZE, "h2": 14, "h3": BODY_SIZE, "h4": BODY_SIZE, "h5": BODY_SIZE, "h6": BODY_SIZE}
PAGE_MM = (210, 297)       # A4
MARGINS_MM = (20, 18)      # top/bottom, left/right — as the HTML's @page
REFERENCE_HEADINGS = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}
REFERENCE_NAME = "reference.docx"   # in a repository's templates/: styles, page setup, letterhead for --to docx
_ALIGN_RIGHT = re.compile(r"text-align:\s*right")
_ALIGN_CENTER = re.compile(r"text-align:\s*center")


def set_fonts(target: Any, latin: str, east_asian: str) -> None:
    """Give a style or run both a Latin and an East Asian font (``w:rFonts/@w:eastAsia``).

    ``font.name`` writes ``w:rFonts`` (ascii, hAnsi) where the schema wants it; the East Asian
    attribute is then added to that same element.
    """
    from docx.oxml.ns import qn

    target.font.name = latin
    element = target.element if hasattr(target, "element") else target._element
    element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def _styles(document: Any) -> None:
    from docx.shared import Pt

    normal = document.styles["Normal"]
    set_fonts(normal, LATIN_FONT, BODY_FONT)
    normal.font.size = Pt(BODY_SIZE)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.widow_control = True
    for name in ("Table Grid", "List Bullet", "List Number"):
        if name in [s.name for s in document.styles]:
            style = document.styles[name]
            if getattr(style, "font", None) is not None:
                set_fonts(style, LATIN_FONT, BODY_FONT)


def _page(document: Any) -> None:
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = section.bottom_margin = Mm(MARGINS_MM[0])
    section.left_margin = section.right_margin = Mm(MARGINS_MM[1])


class _Writer:
    """Walks the layout tokens and builds the document."""

    def __init__(self, document: Any, *, styled: bool = False) -> None:
        self.document = document
        self.tokens: list[Any] = []
        self.styled = styled          # a reference document supplies fonts and sizes through its styles
        size = document.styles["Normal"].font.size if styled else None
        self.body_size = size.pt if size is not None else BODY_SIZE     # two characters of indent at this size

    # -- inline

    def runs(self, paragraph: Any, inline: Any, *, bold: bool = False, font: str = BODY_FONT,
             size: float | None = None) -> None:
        """Add the inline children of a token as runs (bold/italic, line breaks kept)."""
        from docx.shared import Pt

        strong = em = 0
        for child in inline.children or ():
            kind = child.type
            if kind == "strong_open":
                strong += 1
            elif kind == "strong_close":
                strong -= 1
            elif kind == "em_open":
                em += 1
            elif kind == "em_close":
                em -= 1
            elif kind in ("softbreak", "hardbreak"):
                paragraph.add_run().add_break()
            elif kind in ("text", "code_inline", "html_inline"):
                run = paragraph.add_run(child.content)
                run.bold = bold or strong > 0 or None
                run.italic = em > 0 or None
                if not self.styled:
                    set_fonts(run, LATIN_FONT, font)
                    if size is not None:
                        run.font.size = Pt(size)
            elif kind == "image":
                paragraph.add_run(child.content or "")

    def style(self, name: str | None) -> str | None:
        """A paragraph style by name when the document has it (a reference document may not)."""
        if name is None:
            return None
        return name if any(style.name == name for style in self.document.styles) else None

    # -- blocks

    def write(self, tokens: list[Any]) -> None:
        self.tokens = tokens
        index = 0
        while index < len(tokens):
            index = self.block(index)

    def block(self, index: int) -> int:
        token = self.tokens[index]
        kind = token.type
        if kind == "heading_open":
            self.heading(token, self.tokens[index + 1])
            return index + 3
        if kind == "paragraph_open":
            self.paragraph(token, self.tokens[index + 1])
            return index + 3
        if kind == "table_open":
            return self.table(index)
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list(index)
        if kind in ("fence", "code_block"):
            for line in token.content.rstrip("\n").split("\n"):
                self.document.add_paragraph(line)
        elif kind == "hr":
            self.rule()
        return index + 1

    def heading(self, token: Any, inline: Any) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        paragraph = self.document.add_paragraph(style=self.style(REFERENCE_HEADINGS.get(token.tag)) if self.styled
                                                else None)
        fmt = paragraph.paragraph_format
        fmt.keep_with_next = True
        fmt.keep_together = True
        size = HEADING_SIZES.get(token.tag, BODY_SIZE)
        if token.tag == "h1":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.space_after = Pt(12)
        else:
            fmt.space_before = Pt(9 if token.tag == "h2" else 6)
            fmt.space_after = Pt(4)
        self.runs(paragraph, inline, bold=not self.styled, font=HEADING_FONT, size=size)

    def paragraph(self, token: Any, inline: Any, style: str | None = None, indent: bool = True) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        paragraph = self.document.add_paragraph(style=self.style(style))
        fmt = paragraph.paragraph_format
        if has_class(token, "signature"):
            fmt.space_before = Pt(24)
            fmt.line_spacing = 2.0
            fmt.keep_together = True
            if has_class(token, "seal"):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                fmt.right_indent = Pt(self.body_size * 2)
        elif has_class(token, "cut"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.space_before = fmt.space_after = Pt(12)
        elif indent and not has_class(token, "fields"):
            fmt.first_line_indent = Pt(self.body_size * 2)
        if token.meta.get("keep_with_next"):
            fmt.keep_with_next = True
            fmt.keep_together = True
        self.runs(paragraph, inline)
        return paragraph

    def list(self, index: int) -> int:
        opener = self.tokens[index]
        style = "List Number" if opener.type == "ordered_list_open" else "List Bullet"
        depth = 0
        while True:
            token = self.tokens[index]
            depth += token.nesting if token.type.endswith(("list_open", "list_close")) else 0
            if token.type == "inline" and self.tokens[index - 1].type == "paragraph_open":
                self.paragraph(self.tokens[index - 1], token, style=style, indent=False)
            index += 1
            if depth == 0:
                return index

    def rule(self) -> None:
        from docx.oxml.ns import qn

        paragraph = self.document.add_paragraph()
        properties = paragraph._p.get_or_add_pPr()
        borders = properties.makeelement(qn("w:pBdr"), {})
        bottom = borders.makeelement(qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1",
                                                      qn("w:color"): "000000"})
        borders.append(bottom)
        properties.append(borders)

    def table(self, index: int) -> int:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        opener = self.tokens[index]
        rows: list[list[tuple[Any, Any]]] = []       # (cell open token, inline)
        header_rows = 0
        in_head = False
        while self.tokens[index].type != "table_close":
            token = self.tokens[index]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                rows.append([])
                header_rows += 1 if in_head else 0
            elif token.type in ("th_open", "td_open"):
                rows[-1].append((token, self.tokens[index + 1]))
            index += 1
        columns = max((len(row) for row in rows), default=0)
        if not columns:
            return index + 1
        table = self.document.add_table(rows=len(rows), cols=columns)
        if self.style("Table Grid"):
            table.style = self.document.styles["Table Grid"]
        _borders(table)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths = _column_widths(opener.meta.get("widths"), columns)
        table.autofit = False
        for number, row in enumerate(rows):
            word_row = table.rows[number]
            _row_flags(word_row, header=number < header_rows)
            last = number == len(rows) - 1
            for column, (cell_token, inline) in enumerate(row):
                cell = word_row.cells[column]
                cell.width = Mm(widths[column])
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_after = Pt(0)
                paragraph.paragraph_format.line_spacing = 1.15
                style = str(cell_token.attrGet("style") or "")
                if _ALIGN_RIGHT.search(style):
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                elif _ALIGN_CENTER.search(style):
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if has_class(cell_token, "nw"):
                    _no_wrap(cell)
                if last and opener.meta.get("keep_with_next"):
                    paragraph.paragraph_format.keep_with_next = True
                elif number < len(rows) - 1:
                    paragraph.paragraph_format.keep_together = True
                self.runs(paragraph, inline, bold=number < header_rows)
        for column, width in enumerate(widths):
            table.columns[column].width = Mm(width)
        spacer = self.document.add_paragraph()
        spacer.paragraph_format.space_after = Pt(0)
        if opener.meta.get("keep_with_next"):
            spacer.paragraph_format.keep_with_next = True
        return index + 1


def _column_widths(widths: list[float | None] | None, columns: int) -> list[float]:
    """Column widths in mm: fixed ones from the layout (em at 12 pt), the rest share what is left."""
    text_mm = PAGE_MM[0] - 2 * MARGINS_MM[1]
    em_mm = BODY_SIZE * 25.4 / 72
    fixed = [(w * em_mm if w else None) for w in (widths or [None] * columns)][:columns]
    fixed += [None] * (columns - len(fixed))
    used = sum(w for w in fixed if w)
    free = [i for i, w in enumerate(fixed) if w is None]
    share = max((text_mm - used) / len(free), 15.0) if free else 0
    result = [w if w is not None else share for w in fixed]
    total = sum(result)
    return [w * text_mm / total for w in result] if total > text_mm or not free else result


_AFTER_TBL_BORDERS = ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")


def _borders(table: Any) -> None:
    """Single black borders on every cell edge, whatever the document's table styles."""
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    borders = properties.find(qn("w:tblBorders"))
    if borders is None:
        borders = properties.makeelement(qn("w:tblBorders"), {})
        # the schema orders tblPr's children: tblBorders comes before these (Word refuses another order)
        later = [properties.find(qn(f"w:{name}")) for name in _AFTER_TBL_BORDERS]
        following = next((element for element in later if element is not None), None)
        if following is not None:
            following.addprevious(borders)
        else:
            properties.append(borders)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "single", qn("w:sz"): "4",
                                                             qn("w:space"): "0", qn("w:color"): "000000"}))


def _row_flags(row: Any, *, header: bool) -> None:
    """Never split a row across pages; repeat header rows on every page."""
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    properties.append(properties.makeelement(qn("w:cantSplit"), {}))
    if header:
        properties.append(properties.makeelement(qn("w:tblHeader"), {}))


def _no_wrap(cell: Any) -> None:
    from docx.oxml.ns import qn

    properties = cell._tc.get_or_add_tcPr()
    properties.append(properties.makeelement(qn("w:noWrap"), {}))


MAX_REFERENCE_BYTES = 20_000_000


def _reference(path: Any) -> Any:
    """The repository's ``templates/reference.docx`` as the base document, its body emptied: its
    styles, page setup, headers and footers (a letterhead) are kept."""
    from docx import Document

    data = path.read_bytes()
    if len(data) > MAX_REFERENCE_BYTES:
        raise ValueError(f"{path}: larger than {MAX_REFERENCE_BYTES} bytes")
    document = Document(io.BytesIO(data))
    body = document.element.body
    for child in list(body):
        if child.tag.rsplit("}", 1)[-1] != "sectPr":
            body.remove(child)
    return document


def markdown_to_docx(markdown_text: str, title: str, reference: Any = None) -> bytes:
    """A Word document of ``markdown_text`` (see the module docstring), as bytes.

    ``reference`` — a ``.docx`` file whose styles, page setup and headers are used instead of the
    built-in ones (Word's "reference document"): body text in its Normal style, headings in its
    Title / Heading 1–3 styles; the layout rules (indents, alignment, tables, keeping the signature
    block with the text) apply as always. A file python-docx cannot read raises ``ValueError``.
    """
    from docx import Document

    if reference is not None:
        try:
            document = _reference(reference)
        except Exception as error:         # a damaged or foreign zip: python-docx raises many kinds
            raise ValueError(f"{reference}: {error}") from None
    else:
        document = Document()
        _styles(document)
        _page(document)
    document.core_properties.title = title
    document.core_properties.author = ""
    document.core_properties.comments = "zhidu"
    _Writer(document, styled=reference is not None).write(parse(markdown_text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


__all__ = ["BODY_FONT", "HEADING_FONT", "REFERENCE_NAME", "markdown_to_docx", "set_fonts"]
