"""Calendar periods for meeting cadence, and month/year arithmetic for deadlines.

Cadence rules say "at least once per month / quarter / half-year / year" (RULEBOOK §1), and the
five-year terms of a committee are counted from an anchor year. Every period is a run of whole
calendar months, so one representation serves all kinds: a first month and a length in months.

Deadlines given in months or years ("within 1 month of applying", "at least 1 year of training")
follow ``dateutil.relativedelta``: the day of the month is kept and clamped to the month's end
(Jan 31 + 1 month = Feb 28 or 29; Feb 29 + 1 year = Feb 28). The convention throughout zhidu:

* "within N months of D" means on or before ``add_months(D, N)`` — that day is still in time;
* "at least N months after D" means on or after ``add_months(D, N)``, i.e.
  ``months_between(D, day) >= N``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from dateutil.relativedelta import relativedelta

from .months import YearMonth

_QUARTERS_ZH = "一二三四"


class PeriodKind(str, Enum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half-year"
    YEAR = "year"
    FIVE_YEARS = "5-years"

    @property
    def months(self) -> int:
        """Length of a period of this kind, in calendar months."""
        return _LENGTHS[self]

    @classmethod
    def parse(cls, text: str) -> "PeriodKind":
        """Read an English id (``quarter``) or a Chinese name (``季度``, ``每季度``)."""
        key = text.strip()
        kind = _ALIASES.get(key) or _ALIASES.get(key.lower())
        if kind is None:
            raise ValueError(f"unknown period: {text!r} (expected one of: {', '.join(_ALIASES)})")
        return kind


_LENGTHS = {
    PeriodKind.MONTH: 1,
    PeriodKind.QUARTER: 3,
    PeriodKind.HALF: 6,
    PeriodKind.YEAR: 12,
    PeriodKind.FIVE_YEARS: 60,
}

_ALIASES: dict[str, PeriodKind] = {
    **{kind.value: kind for kind in PeriodKind},
    "月": PeriodKind.MONTH,
    "每月": PeriodKind.MONTH,
    "季度": PeriodKind.QUARTER,
    "每季度": PeriodKind.QUARTER,
    "半年": PeriodKind.HALF,
    "每半年": PeriodKind.HALF,
    "年": PeriodKind.YEAR,
    "每年": PeriodKind.YEAR,
    "五年": PeriodKind.FIVE_YEARS,
    "每五年": PeriodKind.FIVE_YEARS,
}


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period from ``start`` to ``end``, both included.

    Built by :func:`period_of`; the constructor checks that the dates really delimit a period of
    ``kind`` so that :meth:`next` and :meth:`previous` stay aligned.
    """

    kind: PeriodKind
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        size = self.kind.months
        first = YearMonth.of(self.start)
        aligned = self.start.day == 1 and (self.start.month - 1) % min(size, 12) == 0
        if not aligned or self.end != (first + (size - 1)).last_day:
            raise ValueError(f"not a {self.kind.value} period: {self.start} – {self.end}")

    def _shifted(self, periods: int) -> "Period":
        return _period_at(self.kind, YearMonth.of(self.start).index + periods * self.kind.months)

    def next(self) -> "Period":
        return self._shifted(1)

    def previous(self) -> "Period":
        return self._shifted(-1)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def label_zh(self) -> str:
        """``2025年3月``, ``2025年第一季度``, ``2025年上半年``, ``2025年``, ``2021—2025年``."""
        year, month = self.start.year, self.start.month
        match self.kind:
            case PeriodKind.MONTH:
                return YearMonth(year, month).label_zh
            case PeriodKind.QUARTER:
                return f"{year}年第{_QUARTERS_ZH[(month - 1) // 3]}季度"
            case PeriodKind.HALF:
                return f"{year}年{'上' if month == 1 else '下'}半年"
            case PeriodKind.YEAR:
                return f"{year}年"
            case PeriodKind.FIVE_YEARS:
                return f"{year}—{self.end.year}年"

    @property
    def label_en(self) -> str:
        """``2025-03``, ``2025 Q1``, ``2025 H1``, ``2025``, ``2021–2025``."""
        year, month = self.start.year, self.start.month
        match self.kind:
            case PeriodKind.MONTH:
                return str(YearMonth(year, month))
            case PeriodKind.QUARTER:
                return f"{year} Q{(month - 1) // 3 + 1}"
            case PeriodKind.HALF:
                return f"{year} H{1 if month == 1 else 2}"
            case PeriodKind.YEAR:
                return f"{year}"
            case PeriodKind.FIVE_YEARS:
                return f"{year}–{self.end.year}"

    def __str__(self) -> str:
        return self.label_zh


def period_of(kind: PeriodKind, day: dt.date, anchor_year: int = 2021) -> Period:
    """The period of ``kind`` that contains ``day``.

    Months, quarters, half-years and years start in January; five-year periods start in
    ``anchor_year`` and every fifth year before and after it (2021 → 2016–2020, 2021–2025, …).
    """
    size = kind.months
    origin = anchor_year * 12 if kind is PeriodKind.FIVE_YEARS else 0
    index = day.year * 12 + day.month - 1
    return _period_at(kind, origin + (index - origin) // size * size)


_PERIODS: dict[tuple[PeriodKind, int], Period] = {}


def _period_at(kind: PeriodKind, first: int) -> Period:
    """The period of ``kind`` beginning with month ``first`` (a running number), one shared instance each.

    Why: a schedule steps through every period of every body of every group; a period is immutable,
    so the one already built (and checked) is handed out again."""
    period = _PERIODS.get((kind, first))
    if period is None:
        start = YearMonth.at(first)
        period = _PERIODS[kind, first] = Period(kind, start.first_day, (start + (kind.months - 1)).last_day)
    return period


def periods_between(
    kind: PeriodKind, first: dt.date, last: dt.date, anchor_year: int = 2021
) -> list[Period]:
    """Every period of ``kind`` that overlaps ``first``–``last`` (inclusive), in order."""
    if last < first:
        return []
    current = period_of(kind, first, anchor_year)
    periods = []
    while current.start <= last:
        periods.append(current)
        current = current.next()
    return periods


def add_months(day: dt.date, n: int) -> dt.date:
    """``day`` plus ``n`` calendar months, clamped to the month's end (Jan 31 + 1 = Feb 28/29)."""
    return day + relativedelta(months=n)


def add_years(day: dt.date, n: int) -> dt.date:
    """``day`` plus ``n`` years; Feb 29 becomes Feb 28 in a common year."""
    return day + relativedelta(years=n)


def months_between(a: dt.date, b: dt.date) -> int:
    """Whole months elapsed from ``a`` to ``b``: the largest m with ``add_months(a, m) <= b``.

    So ``months_between(D, day) >= N`` exactly when ``day`` is on or after ``add_months(D, N)``
    (2024-03-15 → 2025-03-14 is 11 months, → 2025-03-15 is 12). When ``b`` is before ``a`` the
    result is ``-months_between(b, a)``.
    """
    if b < a:
        return -months_between(b, a)
    months = (b.year - a.year) * 12 + b.month - a.month
    return months - 1 if add_months(a, months) > b else months
