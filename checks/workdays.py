"""Working days (工作日): the official holiday calendar with 调休, counted explicitly.

RULES.md "Working days": a deadline of N working days after day D is met by any day up to the
N-th working day after D, D itself not counted. `chinese_calendar.find_workday` is not used: when
D is a holiday it shifts by one day more.

The `chinesecalendar` package knows the years up to its release. The profile's
`calendar.years` gives the 放假 days and the 调休 上班 days of a later year (or replaces a year the
library has); a weekday is a working day unless listed as a holiday, a weekend day is not unless
listed as a working day. A date in a year known to neither raises `CalendarUnknown`, which the
rules turn into NotChecked ("日历未知") instead of a guess.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

from checks.framework import NotChecked
from checks.profile import Profile


class CalendarUnknown(Exception):
    """The holidays of `year` are known neither to chinesecalendar nor to the profile."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(f"工作日日历未知：{year} 年的节假日安排尚未收录"
                         f"（可在规则配置 calendar.years.{year} 中补充）")


@dataclass(frozen=True)
class YearTable:
    """One year's official arrangement: 放假 days and weekend days that are 调休 上班."""

    holidays: frozenset[date]
    workdays: frozenset[date]


def _days(entries: list) -> set[date]:
    """Days of a profile list whose entries are a date or a [first, last] range (inclusive)."""
    out: set[date] = set()
    for entry in entries or ():
        first, last = (entry if isinstance(entry, list) else (entry, entry))
        first, last = _as_date(first), _as_date(last)
        out.update(first + timedelta(days=i) for i in range((last - first).days + 1))
    return out


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def year_tables(calendar: dict) -> dict[int, YearTable]:
    """The profile's `calendar.years` as {year: YearTable} (validated by checks.profile)."""
    return {int(year): YearTable(frozenset(_days(spec.get("holidays"))),
                                 frozenset(_days(spec.get("workdays"))))
            for year, spec in ((calendar or {}).get("years") or {}).items()}


class WorkCalendar:
    """Working days from the profile's own years, else from chinesecalendar."""

    def __init__(self, years: dict[int, YearTable] | None = None):
        self.years = years or {}

    def is_workday(self, day: date) -> bool:
        table = self.years.get(day.year)
        if table is not None:
            if day in table.holidays:
                return False
            return day in table.workdays or day.weekday() < 5
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            raise CalendarUnknown(day.year) from None

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after `start` (`start` not counted): the last day on time."""
        day, left = start, n
        while left > 0:
            day += timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end ≤ start)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_workday(day)
        return count


@lru_cache(maxsize=16)
def calendar_of(profile: Profile) -> WorkCalendar:
    """The working-day calendar of a profile (cached per profile object)."""
    return WorkCalendar(year_tables(profile.data.get("calendar") or {}))


def unknown(rule_id: str, url: str, exc: CalendarUnknown) -> NotChecked:
    """The NotChecked of a rule that met a date in a year the calendar does not know."""
    return NotChecked(rule_id, url, str(exc))
