"""Audit periods as the bulletins name them: 2023Q1 (一季度), 2023H2 (下半年), 2023 (年度)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

_PERIOD = re.compile(r"^(\d{4})(?:([QqHh])([1-4]))?$")
_QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")
_HALVES = ("上半年", "下半年")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str  # "2023年第一季度"
    code: str  # "2023Q1"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def bounds(self) -> tuple[datetime, datetime]:
        """[first moment, first moment after) as datetimes, for timestamp columns."""
        return datetime.combine(self.start, time()), datetime.combine(self.end + timedelta(days=1), time())


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def parse_period(text: str) -> Period:
    """`2023Q1`, `2023H1` or `2023`; raises ValueError with the expected forms otherwise."""
    m = _PERIOD.match(text.strip())
    if not m:
        raise ValueError(f"期间格式应为 2023Q1、2023H1 或 2023, 而不是 {text!r}")
    year = int(m.group(1))
    unit, n = (m.group(2) or "").upper(), int(m.group(3) or 0)
    if unit == "Q":
        first = 3 * (n - 1) + 1
        return Period(date(year, first, 1), _month_end(year, first + 2),
                      f"{year}年{_QUARTERS[n - 1]}", f"{year}Q{n}")
    if unit == "H":
        if n > 2:
            raise ValueError(f"半年只有 H1、H2, 而不是 {text!r}")
        first = 6 * (n - 1) + 1
        return Period(date(year, first, 1), _month_end(year, first + 5),
                      f"{year}年{_HALVES[n - 1]}", f"{year}H{n}")
    return Period(date(year, 1, 1), date(year, 12, 31), f"{year}年度", str(year))
