"""The staggered re-check rotation of incremental crawls."""
from __future__ import annotations

import datetime as dt

from crawler.incremental import due

URLS = [f"http://www.lj.gov.cn/xxgk/tzgg/202504/t20250417_{n}.html" for n in range(700)]


def test_every_url_is_due_exactly_once_in_a_period():
    start = dt.date(2025, 6, 1)
    nights = [{u for u in URLS if due(u, start + dt.timedelta(days=d), 7)} for d in range(7)]
    assert sorted(u for night in nights for u in night) == sorted(URLS)


def test_about_one_in_period_is_due_each_night():
    counts = [sum(due(u, dt.date(2025, 6, 1) + dt.timedelta(days=d), 7) for u in URLS) for d in range(7)]
    assert all(70 <= n <= 130 for n in counts)  # 100 on average


def test_a_period_of_one_rechecks_every_night():
    assert all(due(u, dt.date(2025, 6, 1), 1) for u in URLS[:10])
