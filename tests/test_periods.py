"""Calendar periods and month/year arithmetic: exact boundaries."""

from datetime import date

import pytest

from zhidu_cli.schedule.periods import (
    Period,
    PeriodKind,
    add_months,
    add_years,
    months_between,
    period_of,
    periods_between,
)

K = PeriodKind


# --- kinds -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind",
    [
        ("month", K.MONTH), ("月", K.MONTH), ("每月", K.MONTH),
        ("quarter", K.QUARTER), ("季度", K.QUARTER), ("每季度", K.QUARTER),
        ("half-year", K.HALF), ("半年", K.HALF), ("每半年", K.HALF),
        ("year", K.YEAR), ("年", K.YEAR), ("每年", K.YEAR),
        ("5-years", K.FIVE_YEARS), ("五年", K.FIVE_YEARS), (" Quarter ", K.QUARTER),
    ],
)
def test_parse_kind(text, kind):
    assert PeriodKind.parse(text) is kind


def test_parse_unknown_kind():
    with pytest.raises(ValueError, match="unknown period: '每周'"):
        PeriodKind.parse("每周")


# --- period_of boundaries --------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, day, start, end",
    [
        (K.MONTH, date(2024, 2, 29), date(2024, 2, 1), date(2024, 2, 29)),
        (K.MONTH, date(2025, 2, 1), date(2025, 2, 1), date(2025, 2, 28)),
        (K.QUARTER, date(2025, 3, 31), date(2025, 1, 1), date(2025, 3, 31)),
        (K.QUARTER, date(2025, 4, 1), date(2025, 4, 1), date(2025, 6, 30)),
        (K.QUARTER, date(2025, 9, 30), date(2025, 7, 1), date(2025, 9, 30)),
        (K.QUARTER, date(2025, 10, 1), date(2025, 10, 1), date(2025, 12, 31)),
        (K.HALF, date(2025, 6, 30), date(2025, 1, 1), date(2025, 6, 30)),
        (K.HALF, date(2025, 7, 1), date(2025, 7, 1), date(2025, 12, 31)),
        (K.YEAR, date(2024, 12, 31), date(2024, 1, 1), date(2024, 12, 31)),
        (K.FIVE_YEARS, date(2021, 1, 1), date(2021, 1, 1), date(2025, 12, 31)),
        (K.FIVE_YEARS, date(2025, 12, 31), date(2021, 1, 1), date(2025, 12, 31)),
        (K.FIVE_YEARS, date(2026, 1, 1), date(2026, 1, 1), date(2030, 12, 31)),
        (K.FIVE_YEARS, date(2020, 12, 31), date(2016, 1, 1), date(2020, 12, 31)),
    ],
)
def test_period_of(kind, day, start, end):
    period = period_of(kind, day)
    assert (period.start, period.end) == (start, end)
    assert period.contains(day)
    assert not period.contains(period.previous().end) and not period.contains(period.next().start)


def test_five_year_periods_follow_the_anchor():
    assert period_of(K.FIVE_YEARS, date(2025, 6, 1), anchor_year=2023).label_en == "2023–2027"
    assert period_of(K.FIVE_YEARS, date(2022, 12, 31), anchor_year=2023).label_en == "2018–2022"
    assert period_of(K.FIVE_YEARS, date(2023, 1, 1), anchor_year=2023).label_en == "2023–2027"
    assert period_of(K.FIVE_YEARS, date(2040, 1, 1), anchor_year=2023).label_en == "2038–2042"
    # the anchor never moves months, quarters or years
    assert period_of(K.QUARTER, date(2025, 5, 5), anchor_year=2023) == period_of(K.QUARTER, date(2025, 5, 5))


def test_next_and_previous_cross_years():
    q4 = period_of(K.QUARTER, date(2024, 11, 11))
    assert q4.next() == Period(K.QUARTER, date(2025, 1, 1), date(2025, 3, 31))
    assert q4.next().previous() == q4
    assert period_of(K.MONTH, date(2025, 1, 15)).previous() == Period(K.MONTH, date(2024, 12, 1), date(2024, 12, 31))
    assert period_of(K.MONTH, date(2024, 1, 31)).next().end == date(2024, 2, 29)
    assert period_of(K.HALF, date(2025, 8, 1)).next().label_en == "2026 H1"
    assert period_of(K.FIVE_YEARS, date(2024, 1, 1)).next().label_zh == "2026—2030年"


def test_periods_must_be_aligned():
    with pytest.raises(ValueError, match="not a quarter period"):
        Period(K.QUARTER, date(2025, 2, 1), date(2025, 4, 30))
    with pytest.raises(ValueError):
        Period(K.MONTH, date(2025, 2, 1), date(2025, 2, 27))
    with pytest.raises(ValueError):
        Period(K.FIVE_YEARS, date(2021, 7, 1), date(2026, 6, 30))


def test_periods_sort_by_start():
    months = [period_of(K.MONTH, date(2025, m, 1)) for m in (3, 1, 2)]
    assert [p.label_en for p in sorted(months)] == ["2025-01", "2025-02", "2025-03"]


# --- labels ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, day, zh, en",
    [
        (K.MONTH, date(2025, 3, 9), "2025年3月", "2025-03"),
        (K.MONTH, date(2025, 12, 9), "2025年12月", "2025-12"),
        (K.QUARTER, date(2025, 2, 9), "2025年第一季度", "2025 Q1"),
        (K.QUARTER, date(2025, 5, 9), "2025年第二季度", "2025 Q2"),
        (K.QUARTER, date(2025, 8, 9), "2025年第三季度", "2025 Q3"),
        (K.QUARTER, date(2025, 11, 9), "2025年第四季度", "2025 Q4"),
        (K.HALF, date(2025, 6, 30), "2025年上半年", "2025 H1"),
        (K.HALF, date(2025, 7, 1), "2025年下半年", "2025 H2"),
        (K.YEAR, date(2025, 7, 1), "2025年", "2025"),
        (K.FIVE_YEARS, date(2023, 7, 1), "2021—2025年", "2021–2025"),
    ],
)
def test_labels(kind, day, zh, en):
    period = period_of(kind, day)
    assert (period.label_zh, period.label_en, str(period)) == (zh, en, zh)


# --- periods_between -------------------------------------------------------------------------


def test_periods_between_includes_partial_periods_at_both_ends():
    quarters = periods_between(K.QUARTER, date(2024, 12, 31), date(2025, 4, 1))
    assert [q.label_en for q in quarters] == ["2024 Q4", "2025 Q1", "2025 Q2"]


def test_periods_between_exact_bounds_and_empty_span():
    assert [p.label_en for p in periods_between(K.MONTH, date(2025, 1, 1), date(2025, 3, 31))] == [
        "2025-01", "2025-02", "2025-03",
    ]
    assert [p.label_en for p in periods_between(K.YEAR, date(2025, 5, 5), date(2025, 5, 5))] == ["2025"]
    assert periods_between(K.MONTH, date(2025, 3, 1), date(2025, 2, 28)) == []
    assert [p.label_en for p in periods_between(K.FIVE_YEARS, date(2020, 1, 1), date(2026, 1, 1), 2021)] == [
        "2016–2020", "2021–2025", "2026–2030",
    ]


# --- month and year arithmetic ---------------------------------------------------------------


def test_add_months_clamps_to_month_end():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)
    assert add_months(date(2025, 1, 31), 0) == date(2025, 1, 31)


def test_add_years():
    assert add_years(date(2024, 3, 15), 1) == date(2025, 3, 15)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2025, 2, 28), -1) == date(2024, 2, 28)


def test_months_between_counts_whole_months():
    start = date(2024, 3, 15)
    assert months_between(start, date(2025, 3, 14)) == 11
    assert months_between(start, date(2025, 3, 15)) == 12  # "≥ 1 year of training" is met that day
    assert months_between(start, start) == 0
    assert months_between(start, date(2024, 4, 14)) == 0
    assert months_between(start, date(2024, 4, 15)) == 1
    assert months_between(date(2025, 3, 15), start) == -12


def test_months_between_agrees_with_add_months_at_month_ends():
    assert months_between(date(2025, 1, 31), date(2025, 2, 27)) == 0
    assert months_between(date(2025, 1, 31), date(2025, 2, 28)) == 1
    assert months_between(date(2024, 2, 29), date(2025, 2, 28)) == 12
    assert months_between(date(2024, 2, 29), date(2025, 2, 27)) == 11

