"""The set of columns and their rhythm: required columns (column.missing), 突击发布
(column.burst) and the per-column update counts of a period (column.update_count, the 崇信 table).

column.missing compares the discovered columns with the profile's `required_columns` of the
unit's kind (names and synonyms, whitespace and full-width folded); the unit config's
`not_applicable` items are skipped. It judges only a discovery it can trust: the disclosure root
was read, columns were discovered rather than listed in the config, no column page whose
sub-columns are unknown failed to load, and at least one required item was found (finding none
at all means the discovery failed, not that the unit has nothing).
"""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from checks.column_freshness import item_date, real_items, update_window
from checks.common import department_of, evidence, unread_reason
from checks.documents import fold
from checks.framework import AuditResult, Finding, NotChecked, Rule
from checks.profile import Profile
from checks.snapshot import ColumnView, UnitSnapshot

_QUARTERS = "一二三四"


def _required(snapshot: UnitSnapshot, profile: Profile) -> list[tuple[str, list[str]]]:
    """(name, words it is found by) of the items that apply to the unit."""
    skipped = {fold(n) for n in snapshot.settings.get("not_applicable") or ()}
    out = []
    for spec in (profile.data.get("required_columns") or {}).get(snapshot.kind) or ():
        words = [spec["name"], *spec.get("synonyms", ())]
        if not skipped & {fold(w) for w in words}:
            out.append((spec["name"], words))
    return out


def audit_missing(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Required disclosure columns that the unit's disclosure root does not have."""
    rule_id = "column.missing"
    root = snapshot.disclosure_url or snapshot.home_url
    if snapshot.settings.get("columns_configured"):
        yield NotChecked(rule_id, root, "栏目由单位配置逐一指定，未自动发现全部栏目")
        return
    page = snapshot.page(snapshot.disclosure_url) if snapshot.disclosure_url else None
    reason = unread_reason(page, "政府信息公开专栏首页")
    if reason:
        yield NotChecked(rule_id, root, reason)
        return
    names = [fold(c.name) for c in snapshot.columns]
    required = _required(snapshot, profile)
    missing = [(name, words) for name, words in required
               if not any(fold(w) in n for w in words for n in names)]
    if not missing:
        return
    if len(missing) == len(required):
        yield NotChecked(rule_id, root, f"信息公开专栏未识别出任何应设栏目（共识别 {len(names)} 个栏目），"
                                        "可能未能解析其栏目导航")
        return
    # Only columns of the disclosure tree count: a 咨询 channel found on the home page (no
    # parent) that refuses us says nothing about which disclosure columns exist.
    unread = [c for c in snapshot.columns
              if c.parent_url is not None and not c.has_children
              and unread_reason(snapshot.page(c.url), "") is not None]
    for name, words in missing:
        locator = f"{root}#{name}"
        if unread:
            yield NotChecked(rule_id, locator, f"{len(unread)} 个栏目页未能读取（如“{unread[0].name}”），"
                                               f"其下级栏目未知，无法判断是否缺少“{name}”")
            continue
        yield Finding(rule_id, root, f"信息公开专栏缺少“{name}”栏目",
                      evidence(page, f"应设置“{name}”栏目（栏目名称含：{'、'.join(words)}）",
                               {"columns": [c.name for c in snapshot.columns]}, required=name),
                      locator=locator)


def _burst_days(dates: list[date], max_days: int, share: float) -> list[tuple[date, int]] | None:
    """The fewest busiest days (at most `max_days`; on a tie the later) holding `share` of
    `dates`, or None when no such days exist."""
    ranked = sorted(Counter(dates).items(), key=lambda dn: (-dn[1], -dn[0].toordinal()))
    taken = 0
    for i, (_, n) in enumerate(ranked[:max_days]):
        taken += n
        if taken >= share * len(dates):
            return ranked[:i + 1]
    return None


def audit_burst(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Columns whose recent items mostly fell on one or two days after a long silence."""
    rule_id = "column.burst"
    p = profile.rule(rule_id)
    since = as_of - timedelta(days=int(p["window_days"]))
    for column in snapshot.columns:
        try:
            max_age, _ = update_window(column, profile)
        except (TypeError, ValueError):
            continue  # column.stale reports the broken setting
        if max_age is None:
            continue  # 按需更新 and guide-like columns publish when there is something
        dates = sorted(d for it in real_items(column, profile)
                       for d in [item_date(snapshot, it)[0]] if d is not None)
        recent = [d for d in dates if since < d <= as_of]
        if len(recent) < int(p["min_items"]):
            continue
        top = _burst_days(recent, int(p["max_days"]), float(p["share"]))
        if top is None:
            continue
        share = sum(n for _, n in top) / len(recent)
        first = min(d for d, _ in top)
        before = [d for d in dates if d < first]
        if not column.complete:
            yield NotChecked(rule_id, column.url,
                             f"栏目“{column.name}”的列表未能完整读取，无法确认集中发布前的更新情况")
            continue
        if not before or (first - before[-1]).days < int(p["silent_days"]):
            continue
        silent = (first - before[-1]).days
        days = "、".join(f"{d.isoformat()}（{n} 条）" for d, n in sorted(top))
        yield Finding(rule_id, column.url,
                      f"栏目“{column.name}”近 {p['window_days']} 天的 {len(recent)} 条信息中有 "
                      f"{sum(n for _, n in top)} 条集中在 {days}发布，此前 {silent} 天未更新，疑似突击发布",
                      evidence(snapshot.page(column.url),
                               "信息应及时、均衡发布，不应长期不更新后集中突击发布",
                               {"items_in_window": len(recent),
                                "burst_days": [{"date": d.isoformat(), "items": n}
                                               for d, n in sorted(top)],
                                "share": round(share, 2), "previous_date": before[-1].isoformat(),
                                "silent_days": silent},
                               window_days=int(p["window_days"]), **department_of(column)),
                      column=column.name, locator=column.url)


def period_of(as_of: date, period: str | int) -> tuple[date, str]:
    """(first day, Chinese label) of the period that ends on `as_of`."""
    if period == "quarter":
        q = (as_of.month - 1) // 3
        return date(as_of.year, 3 * q + 1, 1), f"{as_of.year}年第{_QUARTERS[q]}季度"
    if period == "month":
        return as_of.replace(day=1), f"{as_of.year}年{as_of.month}月"
    if period == "year":
        return date(as_of.year, 1, 1), f"{as_of.year}年"
    return as_of - timedelta(days=int(period) - 1), f"近 {int(period)} 天"


def _count_row(snapshot: UnitSnapshot, column: ColumnView, profile: Profile, start: date,
               end: date) -> dict:
    dates = [item_date(snapshot, it)[0] for it in real_items(column, profile)]
    max_age, _ = update_window(column, profile)
    return {"column": column.name, "url": column.url, "type": column.type,
            "count": sum(1 for d in dates if d is not None and start <= d <= end),
            "undated": sum(1 for d in dates if d is None), "complete": column.complete,
            "on_demand": bool(column.settings.get("on_demand")), "max_age_days": max_age,
            "department": column.settings.get("department")}


def audit_update_count(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """One table per unit: items each column published in the period (info, never a 问题)."""
    rule_id = "column.update_count"
    start, label = period_of(as_of, profile.param(rule_id, "period"))
    columns = [c for c in snapshot.columns if not c.has_children or c.items]
    if not columns:
        return
    rows = []
    for column in columns:
        try:
            rows.append(_count_row(snapshot, column, profile, start, as_of))
        except (TypeError, ValueError):
            yield NotChecked(rule_id, column.url,
                             f"栏目“{column.name}”的更新周期配置无效：{column.settings!r}")
    total = sum(r["count"] for r in rows)
    idle = sum(1 for r in rows if r["count"] == 0)
    root = snapshot.disclosure_url or snapshot.home_url
    page = snapshot.page(root) or snapshot.home
    yield Finding(rule_id, root,
                  f"{label}（{start.isoformat()} 至 {as_of.isoformat()}）{len(rows)} 个栏目共发布 "
                  f"{total} 条信息，其中 {idle} 个栏目无更新",
                  evidence(page, "各栏目应按要求持续更新（各栏目本期发布数量统计）",
                           {"total": total, "columns_without_update": idle, "columns": rows},
                           period=label, period_start=start.isoformat(),
                           period_end=as_of.isoformat()),
                  locator=f"{root}#update_count")


MISSING = Rule("column.missing", "缺少应设栏目", "major", "栏目设置",
               "缺少《条例》第二十、二十一条等要求设置的政府信息公开栏目。", audit_missing)
BURST = Rule("column.burst", "突击发布", "info", "栏目更新",
             "栏目长期不更新后在一两天内集中发布大量信息。", audit_burst)
UPDATE_COUNT = Rule("column.update_count", "栏目更新数量统计", "info", "栏目更新",
                    "统计期内各栏目发布信息数量（参考崇信县栏目更新情况统计表）。",
                    audit_update_count)

RULES = (MISSING, BURST, UPDATE_COUNT)
