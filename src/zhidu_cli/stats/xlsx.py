"""The year's statistics as an Excel workbook (openpyxl), for the street office's 党内统计年报.

Three sheets: 统计 (every figure: section, code, item, value, required, note), 名单 (every member, meeting
or ledger month behind each figure — the workbook is as traceable as ``--explain``), and 未填 (members
whose fields are missing or cannot be placed). Numbers are numbers (money with two decimals), so the
office can sum them; nothing private (phone, ID number, address) is written.
"""

from __future__ import annotations

import io
from decimal import Decimal

from zhidu_cli.stats.yearly import SECTIONS, Figure, YearStats

_SECTION_NAMES = {key: (zh, en) for key, zh, en in SECTIONS}


def section_name(key: str, lang: str) -> str:
    zh, en = _SECTION_NAMES[key]
    return en if lang == "en" else zh


def cell_value(figure: Figure):
    """The figure's value as a spreadsheet number (None stays empty)."""
    value = figure.value
    if isinstance(value, Decimal):
        return int(value) if figure.unit == "days" and value == value.to_integral() else float(value)
    return value


def _listing(book, title: str, headers: list[str], figures, lang: str, widths: tuple[int, ...]):
    """A sheet with one row per member (meeting, month) behind each of ``figures``."""
    from openpyxl.styles import Font

    sheet = book.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for figure in figures:
        for row in figure.rows:
            sheet.append([figure.code, figure.label(lang), row.id, row.name, row.detail(lang)])
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDE", widths):
        sheet.column_dimensions[column].width = width
    return sheet


def to_xlsx(stats: YearStats, lang: str = "zh") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    en = lang == "en"
    bold = Font(bold=True)
    book = Workbook()
    sheet = book.active
    sheet.title = "Statistics" if en else "统计"
    title = (f"{stats.branch} — statistics {stats.year}" if en else f"{stats.branch} {stats.year} 年党内统计")
    counted = (f"counted on {stats.end}" + ("" if stats.complete else " (year in progress)") if en else
               f"统计截至 {stats.end}" + ("" if stats.complete else "（年度未结束）"))
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([counted])
    headers = (["Section", "Code", "Item", "Value", "Unit", "Required / expected", "Note"] if en else
               ["类别", "代码", "项目", "数值", "单位", "应开 / 应到", "说明"])
    sheet.append(headers)
    for cell in sheet[3]:
        cell.font = bold
    units = {"": "人" if not en else "", "yuan": "元" if not en else "yuan", "days": "天" if not en else "days",
             "%": "%"}
    for figure in stats.figures:
        unit = units[figure.unit]
        if figure.section == "meetings":
            unit = "meetings" if en else "次"
        sheet.append([section_name(figure.section, lang), figure.code, figure.label(lang), cell_value(figure), unit,
                      figure.required, figure.note(lang)])
        if figure.unit == "yuan":
            sheet.cell(row=sheet.max_row, column=4).number_format = "0.00"
    sheet.freeze_panes = "A4"
    for column, width in zip("ABCDEFG", (12, 34, 30, 12, 8, 16, 40)):
        sheet.column_dimensions[column].width = width

    rows = _listing(book, "Rows" if en else "名单",
                    ["Code", "Item", "Id", "Name", "Detail"] if en else ["代码", "项目", "编号", "姓名 / 名称", "说明"],
                    stats.figures, lang, (34, 30, 30, 24, 40))
    missing = _listing(book, "Missing" if en else "未填",
                       ["Code", "Item", "Id", "Name", "As written"] if en else ["代码", "项目", "编号", "姓名", "原文"],
                       stats.missing, lang, (28, 16, 24, 16, 30))
    if missing.max_row == 1:
        missing.append(["none" if en else "无"])
    for sheet_ in (sheet, rows, missing):
        for line in sheet_.iter_rows():
            for cell in line:
                cell.alignment = Alignment(vertical="top", wrap_text=isinstance(cell.value, str) and len(cell.value) > 30)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
