"""Spreadsheets in and out: the roster and the dues ledger as Excel or CSV, a roster spreadsheet as member files.

Street offices and treasurers work in Excel. This package turns the records into the sheets they
ask for (:mod:`roster`, :mod:`dues_sheets`) and a branch's existing roster into member files
(:mod:`roster_import`), through one reader and writer of tables (:mod:`sheets`). Everything here is
pure data in, bytes or plans out; the CLI (:mod:`zhidu_cli.cli.exchange`) writes files atomically.
``openpyxl`` is imported only when a workbook is actually read or written.
"""
