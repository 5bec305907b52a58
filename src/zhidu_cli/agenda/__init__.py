"""The secretary's agenda: everything due or overdue in the next days, gathered from the computations the
rules already make (meeting cadence, member deadlines, dues arrears, the monthly dues notice, training).

:func:`zhidu_cli.agenda.items.agenda` is a pure function of (records, settings, calendar, as-of date,
horizon); :mod:`zhidu_cli.agenda.ics` turns its items into an iCalendar feed.
"""
