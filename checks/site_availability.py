"""`site.availability`: the home page failed too many of the light probes of the last days.

`zwgk probe` asks every home page many times a day (one GET, `timeout_seconds`); this rule
looks at the `window_days` full days before as-of. Every one of those days must have at least
`min_probes_per_day` probes, else the rule cannot judge (NotChecked: the prober was not run
often enough, or not at all). The site fails when the failed share reaches `max_failure_ratio`
(GW: 5 %, 单项否决).
"""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from checks.common import evidence, iso
from checks.framework import AuditResult, Finding, NotChecked, Rule
from checks.profile import Profile
from checks.snapshot import PROBE_HISTORY_DAYS, UnitSnapshot

RULE_ID = "site.availability"
MAX_EXAMPLES = 10


def audit_availability(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    params = profile.rule(RULE_ID)
    days, per_day = int(params["window_days"]), int(params["min_probes_per_day"])
    max_ratio, timeout = float(params["max_failure_ratio"]), params["timeout_seconds"]
    home = snapshot.home_url
    if days > PROBE_HISTORY_DAYS:
        yield NotChecked(RULE_ID, home, f"统计窗口 {days} 天超过可用的探测记录（{PROBE_HISTORY_DAYS} 天）")
        return
    first, last = as_of - timedelta(days=days), as_of - timedelta(days=1)
    probes = [p for p in snapshot.probes if first <= p.probed_at.date() <= last]
    counts = Counter(p.probed_at.date() for p in probes)
    short = [(first + timedelta(days=i)) for i in range(days)
             if counts[first + timedelta(days=i)] < per_day]
    if short:
        day = short[0]
        yield NotChecked(RULE_ID, home,
                         f"首页可用性探测次数不足：{day.isoformat()} 仅 {counts[day]} 次"
                         f"（{first.isoformat()} 至 {last.isoformat()} 每天至少 {per_day} 次，"
                         f"共 {len(short)} 天不足），请定时运行 zwgk probe")
        return
    failed = [p for p in probes if not p.ok]
    ratio = len(failed) / len(probes)
    if ratio < max_ratio:
        return
    by_day = Counter(p.probed_at.date().isoformat() for p in failed)
    expected = (f"近 {days} 天首页探测失败率低于 {max_ratio:.0%}"
                f"（每天至少 {per_day} 次探测，{timeout} 秒内打开为成功）")
    yield Finding(
        RULE_ID, home,
        f"近 {days} 天网站首页可用性不达标：{len(probes)} 次探测中 {len(failed)} 次未能在 "
        f"{timeout} 秒内打开（{ratio:.1%}）",
        {**evidence(None, expected, f"{len(failed)}/{len(probes)} 次失败（{ratio:.1%}）",
                    window=[first.isoformat(), last.isoformat()], probes=len(probes),
                    failed=len(failed), failed_by_day=dict(sorted(by_day.items())),
                    examples=[{"at": iso(p.probed_at), "status": p.http_status, "error": p.error}
                              for p in failed[-MAX_EXAMPLES:]]),
         "page_url": home, "fetched_at": iso(probes[-1].probed_at)},
        locator=f"{home}#availability")


AVAILABILITY = Rule(RULE_ID, "网站首页可用性不达标", "veto", "网站可用性",
                    "近7天首页探测（每天不少于20次，15秒内未打开视为失败）失败率达到5%。",
                    audit_availability)

RULES = (AVAILABILITY,)
