"""Yearly statistics (党内统计年报): the numbers a branch reports for a year, each traceable to the records.

:func:`zhidu_cli.stats.yearly.yearly_stats` computes them as a pure function of (records, settings, year,
as-of date); :mod:`zhidu_cli.stats.xlsx` writes them to a workbook.
"""
