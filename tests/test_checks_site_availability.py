"""site.availability: the failed share of the home-page probes of the 7 days before as-of."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from checks.profile import Profile
from checks.site_availability import AVAILABILITY
from checks.snapshot import ProbeView
from tests.snapshots import CRAWL_DATE, HOME, PROFILE, run, snapshot

AS_OF = CRAWL_DATE  # 2024-06-20: the window is 2024-06-13 … 2024-06-19


def probes(per_day: int = 48, failed: dict[date, int] | None = None,
           days: range = range(1, 8), error: str = "timeout") -> list[ProbeView]:
    """`per_day` probes every 30 minutes on each of the `days` before AS_OF; the first
    `failed[day]` of a day failed."""
    out = []
    for back in days:
        day = AS_OF - timedelta(days=back)
        for i in range(per_day):
            at = datetime.combine(day, datetime.min.time()) + timedelta(minutes=30 * i)
            bad = i < (failed or {}).get(day, 0)
            out.append(ProbeView(at, not bad, None if bad else 200, error if bad else None))
    return sorted(out, key=lambda p: p.probed_at)


def with_probes(items: list[ProbeView]):
    return replace(snapshot(), probes=items)


def test_five_percent_failed_probes_is_a_veto_with_evidence():
    failed = {date(2024, 6, 14): 10, date(2024, 6, 18): 7}  # 17 of 336 = 5.06 %
    found, skipped = run(AVAILABILITY, with_probes(probes(failed=failed)), as_of=AS_OF)
    assert skipped == []
    assert len(found) == 1
    finding = found[0]
    assert (finding.rule, finding.url, finding.locator) == ("site.availability", HOME, HOME + "#availability")
    assert finding.message == "近 7 天网站首页可用性不达标：336 次探测中 17 次未能在 15 秒内打开（5.1%）"
    ev = finding.evidence
    assert ev["expected"] == "近 7 天首页探测失败率低于 5%（每天至少 20 次探测，15 秒内打开为成功）"
    assert ev["seen"] == "17/336 次失败（5.1%）"
    assert ev["window"] == ["2024-06-13", "2024-06-19"]
    assert ev["failed_by_day"] == {"2024-06-14": 10, "2024-06-18": 7}
    assert (ev["page_url"], ev["fetched_at"]) == (HOME, "2024-06-19T23:30:00")
    assert ev["examples"][-1] == {"at": "2024-06-18T03:00:00", "status": None, "error": "timeout"}


def test_failures_below_five_percent_are_not_a_finding():
    failed = {date(2024, 6, 14): 16}  # 16 of 336 = 4.8 %
    assert run(AVAILABILITY, with_probes(probes(failed=failed)), as_of=AS_OF) == ([], [])


def test_a_day_with_fewer_than_20_probes_is_not_checked_even_if_all_failed():
    items = probes(failed={date(2024, 6, 15): 48}) + []
    items = [p for p in items if p.probed_at.date() != date(2024, 6, 16) or p.probed_at.hour < 9]
    found, skipped = run(AVAILABILITY, with_probes(items), as_of=AS_OF)
    assert found == []
    assert [(s.rule, s.url) for s in skipped] == [("site.availability", HOME)]
    assert skipped[0].reason.startswith("首页可用性探测次数不足：2024-06-16 仅 18 次")


def test_a_unit_never_probed_is_not_checked():
    found, skipped = run(AVAILABILITY, with_probes([]), as_of=AS_OF)
    assert found == [] and len(skipped) == 1
    assert "2024-06-13 仅 0 次" in skipped[0].reason and "共 7 天不足" in skipped[0].reason


def test_probes_of_the_as_of_day_and_before_the_window_do_not_count():
    items = probes(failed={AS_OF - timedelta(days=8): 48, AS_OF: 48}, days=range(0, 9))
    assert run(AVAILABILITY, with_probes(items), as_of=AS_OF) == ([], [])


def test_thresholds_come_from_the_profile():
    strict = Profile({**PROFILE.data, "rules": {**PROFILE.data["rules"], "site.availability": {
        "window_days": 3, "min_probes_per_day": 24, "max_failure_ratio": 0.01, "timeout_seconds": 10}}})
    items = probes(per_day=24, failed={date(2024, 6, 19): 1}, days=range(1, 4))  # 1 of 72 = 1.4 %
    found, _ = run(AVAILABILITY, with_probes(items), profile=strict, as_of=AS_OF)
    assert [f.evidence["seen"] for f in found] == ["1/72 次失败（1.4%）"]
    assert "10 秒内" in found[0].message
