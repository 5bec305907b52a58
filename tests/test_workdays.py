"""Statutory working days: 调休 around the Spring Festival and National Day, fallback, overrides.

The holiday facts below were checked against chinesecalendar 1.11 (国务院办公厅 notices for 2024
and 2025).
"""

from datetime import date, timedelta

import pytest

from zhidu_cli.schedule.workdays import WorkCalendar, YearOverride, library_covers

CAL = WorkCalendar()


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# --- the library's facts ---------------------------------------------------------------------


def test_national_day_2025_off_with_saturday_and_sunday_make_up_days():
    assert not any(CAL.is_workday(d) for d in days(date(2025, 10, 1), date(2025, 10, 8)))
    assert CAL.is_workday(date(2025, 9, 28))  # Sunday, worked
    assert CAL.is_workday(date(2025, 10, 11))  # Saturday, worked
    assert not CAL.is_workday(date(2025, 9, 27))  # an ordinary Saturday
    assert CAL.is_workday(date(2025, 10, 9))


def test_spring_festival_2025():
    assert not any(CAL.is_workday(d) for d in days(date(2025, 1, 28), date(2025, 2, 4)))
    assert CAL.is_workday(date(2025, 1, 26))  # Sunday, worked
    assert CAL.is_workday(date(2025, 2, 8))  # Saturday, worked
    assert CAL.is_workday(date(2025, 1, 27))
    assert CAL.is_workday(date(2025, 2, 5))


def test_spring_festival_and_national_day_2024():
    assert not any(CAL.is_workday(d) for d in days(date(2024, 2, 10), date(2024, 2, 17)))
    assert CAL.is_workday(date(2024, 2, 4))  # Sunday, worked
    assert CAL.is_workday(date(2024, 2, 18))  # Sunday, worked
    assert not any(CAL.is_workday(d) for d in days(date(2024, 10, 1), date(2024, 10, 7)))
    assert CAL.is_workday(date(2024, 9, 29))  # Sunday, worked
    assert CAL.is_workday(date(2024, 10, 12))  # Saturday, worked


# --- counting and adding ---------------------------------------------------------------------


def test_disclosure_from_friday_before_national_day_2025_ends_on_october_9():
    # Fri 26 Sep, Sun 28 Sep (调休), Mon 29, Tue 30, then Oct 1–8 off: the 5th day is Thu 9 Oct.
    assert CAL.add_workdays(date(2025, 9, 26), 5) == date(2025, 10, 9)
    assert CAL.add_workdays(date(2025, 9, 26), 4) == date(2025, 9, 30)
    assert CAL.add_workdays(date(2025, 9, 26), 7) == date(2025, 10, 11)  # Saturday, worked
    assert CAL.workdays_in(date(2025, 9, 26), date(2025, 10, 9)) == 5
    assert CAL.workdays_in(date(2025, 9, 26), date(2025, 10, 8)) == 4


def test_add_workdays_starting_on_a_day_off_begins_at_the_next_workday():
    assert CAL.add_workdays(date(2025, 10, 1), 1) == date(2025, 10, 9)
    assert CAL.add_workdays(date(2025, 10, 4), 3) == date(2025, 10, 11)
    assert CAL.add_workdays(date(2025, 9, 27), 1) == date(2025, 9, 28)


def test_add_workdays_rejects_empty_periods():
    with pytest.raises(ValueError):
        CAL.add_workdays(date(2025, 9, 26), 0)


def test_workdays_in_counts_make_up_days_inclusive():
    # Sun 26 Jan – Sat 8 Feb 2025: 26 (worked), 27 Mon, then Jan 28–Feb 4 off, Feb 5, 6, 7, 8 (worked).
    assert CAL.workdays_in(date(2025, 1, 26), date(2025, 2, 8)) == 6
    assert CAL.workdays_in(date(2025, 1, 28), date(2025, 2, 4)) == 0
    assert CAL.workdays_in(date(2025, 9, 28), date(2025, 9, 28)) == 1
    assert CAL.workdays_in(date(2025, 10, 2), date(2025, 10, 1)) == 0
    assert CAL.workdays_in(date(2025, 4, 30), date(2025, 4, 7)) == 0      # reversed: empty, never negative
    assert CAL.workdays_in(date(2026, 1, 5), date(2025, 12, 1)) == 0


def test_counting_across_a_year_boundary():
    # 2024-12-30 Mon, 31 Tue; 2025-01-01 off; 2, 3 Thu–Fri.
    assert CAL.workdays_in(date(2024, 12, 30), date(2025, 1, 3)) == 4
    assert CAL.add_workdays(date(2024, 12, 31), 2) == date(2025, 1, 2)
    assert CAL.workdays_in(date(2025, 1, 1), date(2025, 12, 31)) == sum(
        CAL.is_workday(d) for d in days(date(2025, 1, 1), date(2025, 12, 31))
    )


def test_next_workday_is_on_or_after():
    assert CAL.next_workday(date(2025, 9, 30)) == date(2025, 9, 30)
    assert CAL.next_workday(date(2025, 10, 1)) == date(2025, 10, 9)
    assert CAL.next_workday(date(2025, 10, 12)) == date(2025, 10, 13)  # Sunday after a make-up Saturday


# --- coverage and fallback -------------------------------------------------------------------


def test_uncovered_year_falls_back_to_monday_to_friday_and_is_reported():
    assert not library_covers(2031)
    assert CAL.source(2031) == "fallback" and not CAL.covers(2031)
    assert CAL.is_workday(date(2031, 10, 1))  # a Wednesday: National Day unknown, so worked
    assert not CAL.is_workday(date(2031, 10, 4))  # Saturday
    assert CAL.workdays_in(date(2031, 9, 29), date(2031, 10, 5)) == 5
    assert CAL.uncovered_years(date(2025, 12, 1), date(2031, 1, 31)) == (2027, 2028, 2029, 2030, 2031)
    assert CAL.uncovered_years(date(2025, 1, 1), date(2026, 12, 31)) == ()


def test_library_years():
    assert CAL.source(2025) == "library" and CAL.covers(2025)
    assert CAL.covers(2026)


def test_counting_runs_into_a_fallback_year():
    # 2026-12-31 is a Thursday; 2027 falls back: Fri 1 Jan counts as worked.
    assert CAL.add_workdays(date(2026, 12, 31), 2) == date(2027, 1, 1)


# --- overrides -------------------------------------------------------------------------------

# 2031 as a records repository might declare it: National Day Oct 1–7, Sat 11 Oct worked.
OVERRIDE_2031 = YearOverride(
    2031,
    holidays=frozenset(days(date(2031, 10, 1), date(2031, 10, 7))),
    workdays=frozenset({date(2031, 10, 11)}),
)


def test_override_covers_a_year_the_library_lacks():
    cal = WorkCalendar().with_overrides([OVERRIDE_2031])
    assert cal.source(2031) == "override" and cal.covers(2031)
    assert not cal.is_workday(date(2031, 10, 1))
    assert cal.is_workday(date(2031, 10, 11))
    assert cal.is_workday(date(2031, 10, 8))  # not listed: Monday–Friday
    assert cal.add_workdays(date(2031, 9, 30), 2) == date(2031, 10, 8)
    assert cal.uncovered_years(date(2030, 1, 1), date(2032, 1, 1)) == (2030, 2032)


def test_override_takes_precedence_over_the_library():
    # Pretend 8 Oct 2025 was worked and 30 Sep 2025 was not.
    cal = WorkCalendar().with_overrides(
        [YearOverride(2025, holidays={date(2025, 9, 30)}, workdays={date(2025, 10, 8)})]
    )
    assert cal.source(2025) == "override"
    assert cal.is_workday(date(2025, 10, 8))
    assert not cal.is_workday(date(2025, 9, 30))
    assert not cal.is_workday(date(2025, 10, 7))  # unlisted days still follow the library
    assert cal.is_workday(date(2025, 9, 28))
    assert cal.add_workdays(date(2025, 9, 26), 5) == date(2025, 10, 9)  # 26, 28, 29, 8, 9
    assert CAL.is_workday(date(2025, 9, 30))  # the plain calendar is untouched


def test_with_overrides_replaces_the_same_year():
    first = YearOverride(2031, workdays={date(2031, 1, 4)})
    cal = WorkCalendar().with_overrides([first]).with_overrides([OVERRIDE_2031])
    assert cal.overrides == (OVERRIDE_2031,)
    assert cal.override_for(2031) is OVERRIDE_2031
    assert not cal.is_workday(date(2031, 1, 4))


def test_calendars_are_hashable_and_compare_by_value():
    a = WorkCalendar().with_overrides([OVERRIDE_2031])
    b = WorkCalendar((OVERRIDE_2031,))
    assert a == b and hash(a) == hash(b)
    assert a != CAL


def test_override_validation():
    with pytest.raises(ValueError, match="outside 2031"):
        YearOverride(2031, holidays={date(2030, 12, 31)})
    with pytest.raises(ValueError, match="both holiday and workday"):
        YearOverride(2031, holidays={date(2031, 1, 1)}, workdays={date(2031, 1, 1)})
    with pytest.raises(ValueError, match="2031"):
        WorkCalendar((OVERRIDE_2031, YearOverride(2031)))
    with pytest.raises(ValueError):
        WorkCalendar().with_overrides([OVERRIDE_2031, YearOverride(2031)])
