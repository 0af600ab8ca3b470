"""Working days (工作日): the official calendar with 调休, the profile's own years, unknown years."""
from __future__ import annotations

from datetime import date

import pytest

from checks.profile import load_profile
from checks.workdays import CalendarUnknown, WorkCalendar, calendar_of, year_tables
from crawler.yamlfile import ConfigError

CAL = WorkCalendar()

# 2027 as a city would add it before the library knows it (dates as in a 国办 notice).
YEAR_2027 = {"years": {"2027": {"holidays": ["2027-01-01", ["2027-02-06", "2027-02-12"]],
                                "workdays": ["2027-02-13"]}}}


def test_four_calendar_days_across_a_weekend_are_two_working_days():
    # Friday 2025-06-06 → Tuesday 2025-06-10: Monday and Tuesday count.
    assert CAL.workdays_between(date(2025, 6, 6), date(2025, 6, 10)) == 2


def test_the_start_day_itself_is_not_counted():
    assert CAL.add_workdays(date(2025, 6, 9), 1) == date(2025, 6, 10)


def test_three_working_days_after_the_eve_of_national_day_2025_end_on_the_tiaoxiu_saturday():
    # 2025 国庆中秋: 10-01..10-08 off, Saturday 10-11 is a 调休 working day.
    assert CAL.add_workdays(date(2025, 9, 30), 3) == date(2025, 10, 11)


def test_a_deadline_from_a_holiday_counts_from_the_next_working_day():
    # chinese_calendar.find_workday(3, 2025-10-03) says 10-13: one day too late.
    assert CAL.add_workdays(date(2025, 10, 3), 3) == date(2025, 10, 11)


def test_three_working_days_after_national_day_eve_2026_end_on_the_tiaoxiu_saturday():
    # 2026 国庆: 10-01..10-07 off, Saturday 10-10 is a 调休 working day.
    assert CAL.add_workdays(date(2026, 9, 30), 3) == date(2026, 10, 10)


def test_tiaoxiu_sunday_before_national_day_2025_is_a_working_day():
    assert CAL.is_workday(date(2025, 9, 28)) is True
    assert CAL.is_workday(date(2025, 10, 8)) is False


def test_working_days_between_are_zero_when_the_end_is_not_after_the_start():
    assert CAL.workdays_between(date(2025, 10, 11), date(2025, 10, 9)) == 0


def test_a_year_unknown_to_the_library_raises_calendar_unknown():
    with pytest.raises(CalendarUnknown) as info:
        CAL.is_workday(date(2030, 3, 4))
    assert info.value.year == 2030
    assert "日历未知" in str(info.value) and "calendar.years.2030" in str(info.value)


def test_a_deadline_running_into_an_unknown_year_raises():
    with pytest.raises(CalendarUnknown):
        CAL.add_workdays(date(2026, 12, 30), 3)


def test_profile_years_give_an_unknown_year_its_holidays_and_tiaoxiu():
    cal = WorkCalendar(year_tables(YEAR_2027))
    assert cal.is_workday(date(2027, 1, 1)) is False  # a Friday, 元旦
    assert cal.is_workday(date(2027, 2, 8)) is False  # a Monday in the range
    assert cal.is_workday(date(2027, 2, 13)) is True  # a Saturday, 调休
    assert cal.is_workday(date(2027, 2, 14)) is False  # a plain Sunday
    assert cal.is_workday(date(2027, 3, 3)) is True  # a plain Wednesday
    assert cal.add_workdays(date(2027, 2, 5), 1) == date(2027, 2, 13)


def test_known_years_still_come_from_the_library_when_the_profile_adds_another():
    cal = WorkCalendar(year_tables(YEAR_2027))
    assert cal.add_workdays(date(2025, 9, 30), 3) == date(2025, 10, 11)


def test_calendar_of_the_default_profile_uses_the_library():
    assert calendar_of(load_profile()).add_workdays(date(2026, 9, 30), 3) == date(2026, 10, 10)


def test_calendar_of_a_profile_file_reads_its_years(tmp_path):
    path = tmp_path / "city.yaml"
    path.write_text("calendar:\n  years:\n    2027:\n      holidays: [2027-01-01]\n"
                    "      workdays: []\n", encoding="utf-8")
    cal = calendar_of(load_profile(path))
    assert cal.is_workday(date(2027, 1, 1)) is False and cal.is_workday(date(2027, 1, 4)) is True


@pytest.mark.parametrize("text, key", [
    ("calendar:\n  years:\n    27: {holidays: [2027-01-01]}\n", "calendar.years.27"),
    ("calendar:\n  years:\n    2027: {holidays: [2026-12-31]}\n", "calendar.years.2027.holidays[0]"),
    ("calendar:\n  years:\n    2027: {holidays: [元旦]}\n", "calendar.years.2027.holidays[0]"),
    ("calendar:\n  years:\n    2027: {holidays: [[2027-02-12, 2027-02-06]]}\n",
     "calendar.years.2027.holidays[0]"),
    ("calendar:\n  years:\n    2027: {holiday: [2027-01-01]}\n", "calendar.years.2027.holiday"),
    ("calendar:\n  weekend: [6, 7]\n", "calendar.weekend"),
])
def test_a_broken_calendar_in_a_profile_names_the_key(tmp_path, text, key):
    path = tmp_path / "city.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_profile(path)
    assert info.value.key == key and info.value.line is not None
