"""Dead links and attachments (链接不可用).

A target is dead only when every attempt ended in a DEFINITELY_BROKEN outcome (404, 410,
DNS or connection failure, 5xx, soft 404) and there were at least `min_attempts` of them,
spread over at least `min_spread_minutes`. A single success clears it; any other outcome
(blocked, timeout, robots …) or too few attempts make it NotChecked.
"""
from __future__ import annotations

from datetime import date, datetime

from checks.common import evidence, iso, outcome_label
from checks.framework import AuditResult, Finding, NotChecked, Rule
from checks.profile import Profile
from checks.snapshot import LinkView, UnitSnapshot
from crawler.outcomes import DEFINITELY_BROKEN, REACHABLE, outcome_for_status


def _attempt_outcome(attempt: dict) -> str | None:
    outcome = attempt.get("outcome")
    if outcome is None and attempt.get("status") is not None:
        try:
            return outcome_for_status(int(attempt["status"]))
        except (TypeError, ValueError):
            return None
    return outcome


def _attempt_time(attempt: dict) -> datetime | None:
    value = attempt.get("at")
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _sources(link: LinkView) -> list[dict]:
    """The linking pages as [{url, text}] (plain URL strings are accepted too)."""
    return [s if isinstance(s, dict) else {"url": str(s), "text": None} for s in link.sources]


def _column_of_sources(snapshot: UnitSnapshot, sources: list[dict]) -> str | None:
    for source in sources:
        page = snapshot.page(source.get("url"))
        name = page and snapshot.column_name(page.column_url or page.url)
        if name:
            return name
    return None


def _describe(attempt: dict) -> dict:
    outcome = _attempt_outcome(attempt)
    return {"at": iso(attempt.get("at")), "outcome": outcome,
            "outcome_label": outcome_label(outcome), "status": attempt.get("status")}


def _not_dead_reason(link: LinkView, outcomes: list[str | None], times: list[datetime | None],
                     min_attempts: int, min_spread: float) -> str | None:
    """Why a target that did not work is not proven dead (None when it is)."""
    labels = "、".join(dict.fromkeys(outcome_label(o) for o in outcomes))
    if not outcomes:
        return f"链接无访问记录（{outcome_label(link.outcome)}）"
    if not all(o in DEFINITELY_BROKEN for o in outcomes):
        return f"链接访问结果不能证明失效：{labels}"
    if len(outcomes) < min_attempts:
        return f"链接仅访问 {len(outcomes)} 次（{labels}），不足 {min_attempts} 次"
    if min_spread > 0:
        if any(t is None for t in times):
            return "链接访问时间未记录，无法确认多次访问的时间间隔"
        spread = (max(times) - min(times)).total_seconds() / 60
        if spread < min_spread:
            return f"链接 {len(outcomes)} 次访问仅间隔 {spread:.0f} 分钟，不足 {min_spread:g} 分钟"
    if not link.sources:
        return "失效链接未记录所在页面"
    return None


def audit_dead(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Targets that failed on every attempt with a definitely-broken outcome."""
    rule_id = "link.dead"
    min_attempts = int(profile.param(rule_id, "min_attempts"))
    min_spread = float(profile.rule(rule_id).get("min_spread_minutes") or 0)
    for link in snapshot.links:
        outcomes = [_attempt_outcome(a) for a in link.attempts]
        if link.outcome in REACHABLE or any(o in REACHABLE for o in outcomes):
            continue
        times = [_attempt_time(a) for a in link.attempts]
        reason = _not_dead_reason(link, outcomes, times, min_attempts, min_spread)
        if reason:
            yield NotChecked(rule_id, link.target, reason)
            continue
        sources = _sources(link)
        labels = "、".join(dict.fromkeys(outcome_label(o) for o in outcomes))
        text = next((s.get("text") for s in sources if s.get("text")), None)
        what = f"链接“{text}”" if text else f"链接 {link.target} "
        last = max(times) if all(times) else link.checked_at
        yield Finding(rule_id, link.target,
                      f"{what}无法访问（{len(outcomes)} 次访问均失败：{labels}）",
                      evidence(None,
                               f"链接应可正常访问（连续 {min_attempts} 次及以上访问均为 404/410、"
                               "域名解析失败、连接被拒绝或服务器错误才判定为失效）",
                               {"attempts": [_describe(a) for a in link.attempts],
                                "http_status": link.http_status},
                               page_url=link.target, fetched_at=iso(last), sources=sources),
                      column=_column_of_sources(snapshot, sources), locator=link.target)


DEAD = Rule("link.dead", "链接不可用", "major", "链接可用性",
            "网页中的链接或附件无法访问（多次访问均返回 404、域名解析失败、连接失败或服务器错误）。",
            audit_dead)

RULES = (DEAD,)
