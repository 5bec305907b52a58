"""YearMonth: the unit of dues and of monthly cadence.

A small value type rather than ``date(…, 1)`` so that "the month" can never be mistaken for a day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterator

_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, eq=False, slots=True)
class YearMonth:
    year: int
    month: int
    # The month's running number. Comparisons and hashing use it alone: dues accounts compare and hash
    # months millions of times at street-office scale, and the generated ordering built two tuples per
    # comparison. Equal exactly when (year, month) is, ordered as (year, month) is.
    index: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        object.__setattr__(self, "index", self.year * 12 + self.month - 1)

    def __hash__(self) -> int:
        return self.index

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not YearMonth:
            return NotImplemented
        return self.index == other.index

    def __lt__(self, other: "YearMonth") -> bool:
        if other.__class__ is not YearMonth:
            return NotImplemented
        return self.index < other.index

    def __le__(self, other: "YearMonth") -> bool:
        if other.__class__ is not YearMonth:
            return NotImplemented
        return self.index <= other.index

    def __gt__(self, other: "YearMonth") -> bool:
        if other.__class__ is not YearMonth:
            return NotImplemented
        return self.index > other.index

    def __ge__(self, other: "YearMonth") -> bool:
        if other.__class__ is not YearMonth:
            return NotImplemented
        return self.index >= other.index

    @classmethod
    def parse(cls, text: str) -> "YearMonth":
        """Parse ``YYYY-MM``; raise ValueError otherwise."""
        m = _PATTERN.match(text.strip())
        if not m:
            raise ValueError(f"not a month (YYYY-MM): {text!r}")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> "YearMonth":
        return month_at(day.year * 12 + day.month - 1)

    @classmethod
    def at(cls, index: int) -> "YearMonth":
        """The month with running number ``index`` (``year * 12 + month - 1``)."""
        return month_at(index)

    def __add__(self, months: int) -> "YearMonth":
        return month_at(self.index + months)

    def __sub__(self, other: "YearMonth | int"):
        """``ym - 3`` is a month; ``ym - other_ym`` is the number of months between them."""
        if isinstance(other, int):
            return self + (-other)
        return self.index - other.index

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return (self + 1).first_day - dt.timedelta(days=1)

    def until(self, last: "YearMonth") -> Iterator["YearMonth"]:
        """Every month from self to ``last``, both included."""
        return map(month_at, range(self.index, last.index + 1))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label_zh(self) -> str:
        return f"{self.year}年{self.month}月"


_MONTHS: dict[int, YearMonth] = {}


def month_at(index: int) -> YearMonth:
    """The month with running number ``index``, one shared instance per month.

    Why: dues accounts and meeting schedules step through hundreds of thousands of months at street
    scale; a month is immutable, so handing out the one already built skips its construction."""
    month = _MONTHS.get(index)
    if month is None:
        month = _MONTHS[index] = YearMonth(index // 12, index % 12 + 1)
    return month
