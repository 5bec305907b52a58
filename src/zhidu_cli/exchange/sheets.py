"""Tables as Excel workbooks and CSV files, both ways.

Writing: a :class:`Sheet` is plain data (a title, optional warning lines, typed columns, rows, an
optional totals row). :func:`workbook_bytes` lays it out the way an office expects to print it — title
row, bold bordered header that stays in view (frozen panes) and repeats on every printed page, real
dates and two-decimal amounts that Excel can sort and sum, A4 landscape fitted to the page width.
:func:`csv_bytes` writes the same header and rows as CSV (UTF-8 with a byte-order mark, which Excel
opens correctly, or GBK for old Chinese Excel), with the warning lines first.

Reading: :func:`read_tables` gives every sheet of a workbook (or the one table of a CSV, UTF-8 or
GB18030/GBK) as numbered rows of cell values, so the importer can say "花名册 sheet, row 7, column
D" about any cell.

``openpyxl`` is imported inside the functions that need it, so commands that never touch a
workbook never pay for it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable

from zhidu_cli.dues.importer import ImportFileError, decode

TEXT, DATE, MONEY, INT = "text", "date", "money", "int"
MAX_SHEET_NAME = 31                      # Excel's limit on a sheet tab's name
_ZIP, _OLE2 = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class Column:
    """One column: its key (for tests and JSON), the header people read, its kind and width."""

    key: str
    header: str
    kind: str = TEXT
    width: int = 10                      # in characters, as Excel measures column widths
    private: bool = False                # marked in the header (a private field: phone, ID number, address)


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    notes: tuple[str, ...] = ()          # lines under the title: warnings (privacy), what the figures mean
    totals: tuple[Any, ...] | None = None
    landscape: bool = True


def masked(sheet: Sheet, records) -> Sheet:
    """The sheet with every private value of the records that was typed into a text cell masked
    (a phone in a payment's note, say) — the same masking rendered documents get."""
    from dataclasses import replace

    from zhidu_cli.privacy import redact, secrets_of

    secrets = secrets_of(records)

    def row(values: tuple[Any, ...] | None) -> tuple[Any, ...] | None:
        return None if values is None else tuple(redact(v, secrets) if isinstance(v, str) else v for v in values)

    return replace(sheet, rows=tuple(row(values) for values in sheet.rows), totals=row(sheet.totals))


def column_letter(index: int) -> str:
    """1 → A, 27 → AA (Excel's column names)."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# --------------------------------------------------------------------------- writing


def workbook_bytes(sheets: Iterable[Sheet], *, title: str = "", keywords: str = "") -> bytes:
    """An .xlsx workbook with one worksheet per sheet, as bytes (written atomically by the caller)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.properties import PageSetupProperties

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    book = Workbook()
    book.remove(book.active)
    book.properties.title = title or None
    book.properties.keywords = keywords or None
    book.properties.creator = "zhidu"
    for sheet in sheets:
        ws = book.create_sheet(sheet.name[:MAX_SHEET_NAME])
        width = len(sheet.columns)
        row = 1
        if sheet.title:
            ws.cell(row=row, column=1, value=sheet.title).font = Font(bold=True, size=14)
            ws.cell(row=row, column=1).alignment = Alignment(horizontal="center")
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=max(width, 1))
            row += 1
        for note in sheet.notes:
            ws.cell(row=row, column=1, value=note).font = Font(bold=True, color="C00000")
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=max(width, 1))
            row += 1
        header_row = row
        for number, column in enumerate(sheet.columns, 1):
            cell = ws.cell(row=row, column=number, value=column.header)
            cell.font = Font(bold=True, color="C00000" if column.private else "000000")
            cell.fill = PatternFill("solid", fgColor="FCE4D6" if column.private else "D9E1F2")
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            ws.column_dimensions[column_letter(number)].width = column.width
        for values in sheet.rows:
            row += 1
            _write_row(ws, row, sheet.columns, values, border)
        if sheet.totals is not None:
            row += 1
            _write_row(ws, row, sheet.columns, sheet.totals, border)
            for number in range(1, width + 1):
                ws.cell(row=row, column=number).font = Font(bold=True)
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        if sheet.rows:
            ws.auto_filter.ref = f"A{header_row}:{column_letter(width)}{header_row + len(sheet.rows)}"
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_row(ws: Any, row: int, columns: tuple[Column, ...], values: tuple[Any, ...], border: Any) -> None:
    for number, (column, value) in enumerate(zip(columns, values), 1):
        cell = ws.cell(row=row, column=number, value=_cell_value(value))
        cell.border = border
        if column.kind == DATE and isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
        elif column.kind == MONEY and isinstance(value, Decimal):
            cell.number_format = "0.00"
        elif column.kind == TEXT:
            cell.number_format = "@"          # ID numbers and phones stay text, never 5.2E+17


def _cell_value(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, Decimal, dt.date)):
        return value
    return str(value)


def _csv_text(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal) and kind == MONEY:
        return f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_bytes(sheet: Sheet, encoding: str = "utf-8-sig") -> bytes:
    """The sheet as CSV: its warning lines (``# …``) first, then header, rows and totals.

    ``encoding`` is ``utf-8-sig`` (Excel's "CSV UTF-8", the default) or ``gbk``; a character GBK
    cannot hold raises :class:`UnicodeEncodeError` for the caller to report.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for note in sheet.notes:
        writer.writerow([f"# {note}"])
    writer.writerow([column.header for column in sheet.columns])
    for values in (*sheet.rows, *((sheet.totals,) if sheet.totals is not None else ())):
        writer.writerow([_csv_text(value, column.kind) for column, value in zip(sheet.columns, values)])
    return out.getvalue().encode(encoding)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class RawTable:
    """One sheet (or a CSV file) as read: ``(row number, cells)`` pairs, numbered from 1."""

    sheet: str                      # the sheet's name; "" for a CSV file
    rows: tuple[tuple[int, tuple[Any, ...]], ...]
    encoding: str = ""              # CSV only: "UTF-8", "UTF-8 (BOM)" or "GB18030"


def read_tables(path: pathlib.Path) -> list[RawTable]:
    """Every sheet of an .xlsx workbook, or the table of a CSV file; :class:`ImportFileError` else."""
    try:
        data = pathlib.Path(path).read_bytes()
    except OSError as error:
        raise ImportFileError(f"无法读取 {path}：{error.strerror or error}", f"cannot read {path}: {error}") from None
    if data.startswith(_OLE2):
        raise ImportFileError("这是旧版 Excel 工作簿（.xls）；请在 Excel 中另存为 .xlsx 或“CSV UTF-8”后再导入",
                              "this is an old Excel workbook (.xls): save it as .xlsx or \"CSV UTF-8\" and import that")
    if data.startswith(_ZIP):
        return _read_workbook(data, path)
    text, encoding = decode(data)
    return [RawTable("", tuple(_csv_rows(text)), encoding)]


def _read_workbook(data: bytes, path: pathlib.Path) -> list[RawTable]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:       # openpyxl raises many kinds for a damaged or foreign zip
        raise ImportFileError(f"无法读取工作簿 {path}：{error}", f"cannot read the workbook {path}: {error}") from None
    tables = []
    try:
        for ws in book.worksheets:
            rows = []
            for number, values in enumerate(ws.iter_rows(values_only=True), 1):
                cells = tuple(values)
                if any(value not in (None, "") for value in cells):
                    rows.append((number, cells))
            tables.append(RawTable(ws.title, tuple(rows)))
    finally:
        book.close()
    return tables


def _csv_rows(text: str) -> Iterable[tuple[int, tuple[str, ...]]]:
    """(line number of the record's first line, cells) for every non-blank CSV record."""
    first_line = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous = 0
    for cells in reader:
        if any(cell.strip() for cell in cells):
            yield previous + 1, tuple(cells)
        previous = reader.line_num


__all__ = ["Column", "DATE", "INT", "MONEY", "RawTable", "Sheet", "TEXT", "column_letter", "csv_bytes", "masked",
           "read_tables", "workbook_bytes"]
