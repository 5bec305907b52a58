"""Statutory working days of the People's Republic of China.

Disclosure periods are given in working days (公示 lasts ≥ N 工作日), and the State Council moves
days around every year: holidays fall on weekdays and weekend days become make-up working days
(调休). Counting Monday–Friday would be wrong by several days around the Spring Festival and
National Day, so the calendar is layered:

1. an override for the year (from the records repository's ``calendar.yaml``), for years the
   library does not know yet or to correct it — a day it lists wins;
2. the ``chinesecalendar`` library, for the years it covers;
3. Monday–Friday, for every other day.

Falling back to Monday–Friday is never silent: :meth:`WorkCalendar.uncovered_years` names the
years of a span that did, so a rule can warn (RULEBOOK §4).

Rules may ask thousands of questions per run, so each year is turned once into a sorted tuple of
working days (cached per year and override); counting and adding are then binary searches.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable, Literal, NamedTuple

import chinese_calendar

Source = Literal["override", "library", "fallback"]


@dataclass(frozen=True)
class YearOverride:
    """The exceptions to Monday–Friday that a records repository declares for one year.

    ``holidays`` are statutory days off (weekdays that are not worked; listing weekend days of a
    holiday is harmless). ``workdays`` are make-up working days (weekend days that are worked).
    Any iterable of dates is accepted and kept as a frozenset, so an override is hashable.
    """

    year: int
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "workdays", frozenset(self.workdays))
        strays = sorted(d for d in self.holidays | self.workdays if d.year != self.year)
        if strays:
            raise ValueError(f"dates outside {self.year}: {', '.join(map(str, strays))}")
        both = sorted(self.holidays & self.workdays)
        if both:
            raise ValueError(f"both holiday and workday: {', '.join(map(str, both))}")


class _Year(NamedTuple):
    ordinals: tuple[int, ...]  # sorted ordinals of the year's working days, for counting
    members: frozenset[int]  # the same, for membership


@lru_cache(maxsize=None)
def library_covers(year: int) -> bool:
    """Whether ``chinesecalendar`` has data for ``year`` (it raises for years it lacks)."""
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=256)
def _year(year: int, override: YearOverride | None) -> _Year:
    """Every working day of ``year``, built once per (year, override)."""
    library = library_covers(year)
    day, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ordinals = []
    while day <= end:
        if override is not None and day in override.workdays:
            working = True
        elif override is not None and day in override.holidays:
            working = False
        elif library:
            working = chinese_calendar.is_workday(day)
        else:
            working = day.weekday() < 5
        if working:
            ordinals.append(day.toordinal())
        day += dt.timedelta(days=1)
    return _Year(tuple(ordinals), frozenset(ordinals))


@dataclass(frozen=True)
class WorkCalendar:
    """The working-day calendar: overrides over the library over Monday–Friday.

    ``overrides`` is a tuple (one entry per year, kept sorted) so the calendar stays hashable;
    build one with ``WorkCalendar().with_overrides(...)``. ``WorkCalendar()`` is the library alone.
    """

    overrides: tuple[YearOverride, ...] = ()
    _by_year: dict[int, YearOverride] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        by_year: dict[int, YearOverride] = {}
        for override in self.overrides:
            if override.year in by_year:
                raise ValueError(f"two overrides for {override.year}")
            by_year[override.year] = override
        object.__setattr__(self, "overrides", tuple(sorted(self.overrides, key=lambda o: o.year)))
        object.__setattr__(self, "_by_year", by_year)

    def with_overrides(self, overrides: Iterable[YearOverride]) -> "WorkCalendar":
        """A calendar with ``overrides`` added; each replaces any existing override for its year."""
        new = list(overrides)
        years = {o.year for o in new}
        if len(years) != len(new):
            raise ValueError("two overrides for the same year")
        kept = [o for o in self.overrides if o.year not in years]
        return replace(self, overrides=tuple(kept + new))

    def override_for(self, year: int) -> YearOverride | None:
        return self._by_year.get(year)

    def _days(self, year: int) -> _Year:
        return _year(year, self._by_year.get(year))

    def source(self, year: int) -> Source:
        """Where the answer for ``year`` comes from (an override still defers to the library
        for the days it does not list)."""
        if year in self._by_year:
            return "override"
        return "library" if library_covers(year) else "fallback"

    def covers(self, year: int) -> bool:
        """Whether the statutory calendar of ``year`` is known (not guessed as Monday–Friday)."""
        return self.source(year) != "fallback"

    def uncovered_years(self, first: dt.date, last: dt.date) -> tuple[int, ...]:
        """The years of ``first``–``last`` (inclusive) counted as plain Monday–Friday."""
        return tuple(y for y in range(first.year, last.year + 1) if not self.covers(y))

    def is_workday(self, day: dt.date) -> bool:
        return day.toordinal() in self._days(day.year).members

    def workdays_in(self, first: dt.date, last: dt.date) -> int:
        """Working days from ``first`` to ``last``, both included (0 if ``last`` < ``first``)."""
        if last < first:
            return 0
        lo, hi = first.toordinal(), last.toordinal()
        total = 0
        for year in range(first.year, last.year + 1):
            ordinals = self._days(year).ordinals
            total += bisect_right(ordinals, hi) - bisect_left(ordinals, lo)
        return total

    def next_workday(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the first working day after it.

        "On or after" is what a rolled-forward deadline needs; for the strictly next one, ask
        ``next_workday(day + timedelta(days=1))``.
        """
        return self.add_workdays(day, 1)

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The last day of a period of ``n`` working days that starts on ``start``.

        ``start`` counts as the first day when it is a working day; otherwise counting begins at
        the next working day. So a 5-working-day disclosure posted on Friday 2025-09-26 runs
        26 Sep, Sun 28 Sep (调休), 29, 30 Sep and 9 Oct, and ends on 2025-10-09.
        """
        if n < 1:
            raise ValueError(f"a period lasts at least one working day, not {n}")
        lo = start.toordinal()
        year = start.year
        while True:
            ordinals = self._days(year).ordinals
            index = bisect_left(ordinals, lo)
            available = len(ordinals) - index
            if n <= available:
                return dt.date.fromordinal(ordinals[index + n - 1])
            n -= available
            year += 1
            lo = dt.date(year, 1, 1).toordinal()
