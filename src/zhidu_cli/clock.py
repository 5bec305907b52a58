"""The one place zhidu reads the clock (re-exported by :mod:`zhidu_cli.workspace`).

Apart from the workspace so that ``zhidu check`` can settle its as-of date, and answer from its
result cache, before the records' machinery is imported.
"""

from __future__ import annotations

import datetime as dt

# The years a record (or --as-of) may name. Anything else is a typo (0205, 9999 as "forever"), and
# date arithmetic near year 1 or 9999 would overflow: refuse it where it is read, with its place.
YEARS = range(1900, 2200)

CHINA = dt.timezone(dt.timedelta(hours=8))   # China Standard Time has no daylight saving


def today() -> dt.date:
    """Today in Asia/Shanghai — the one place zhidu reads the clock."""
    return dt.datetime.now(CHINA).date()
