"""Blank (空白栏目) and stale (更新不及时) columns.

A column is judged only when its first list page was read. Blank: a leaf column read
completely whose list has no real item (none, or only 暂无信息 / 正在建设中); a column with
children is never blank. Stale: the newest dated item is older than the column's update
window as-of the audit date; undated items count as not updated (PC: 未注明信息发布时间的视为
不更新). A blank column is reported as blank only.

A column's own settings from the unit config come first: `on_demand` (按需更新: no freshness
rule), `max_age_days` (its own window) and `department` (责任科室, named in the evidence).
A column whose newest item is within `column.stale.warn_days_before` days of its window gets
an early warning (预警, checks.warnings) instead of a finding.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from checks.common import department_of, evidence, is_blank, published_on, unread_reason
from checks.framework import AuditResult, Finding, NotChecked, Rule
from checks.profile import Profile
from checks.snapshot import ColumnView, ItemView, PageView, UnitSnapshot
from checks.warnings import early_warning, in_warning_zone

_EDGE_PUNCT = " \t\r\n\u3000\xa0。.．!！…~～-—_·:：,，"


@lru_cache(maxsize=1 << 16)  # every column rule asks again for the same list entries
def _norm_title(text: str) -> str:
    return "".join(text.split()).strip(_EDGE_PUNCT)


def real_items(column: ColumnView, profile: Profile) -> list[ItemView]:
    """The list entries that are content, not a placeholder row such as 暂无信息."""
    placeholders = {_norm_title(p) for p in profile.param("column.blank", "placeholders")}
    return [it for it in column.items if _norm_title(it.title or "") not in placeholders]


def _list_page(snapshot: UnitSnapshot, column: ColumnView, rule_id: str
               ) -> PageView | NotChecked:
    """The column's first list page when it was read, else NotChecked for the column."""
    page = snapshot.page(column.url)
    reason = unread_reason(page, f"栏目“{column.name}”的列表首页")
    return NotChecked(rule_id, column.url, reason) if reason else page


def _blank_verdict(snapshot: UnitSnapshot, column: ColumnView, profile: Profile,
                   rule_id: str) -> Finding | NotChecked | None:
    """A `column.blank` finding, NotChecked (as `rule_id`) when it cannot be told, or None."""
    items = real_items(column, profile)
    min_items = int(profile.param("column.blank", "min_items"))
    if column.has_children or len(items) >= min_items:
        return None
    page = _list_page(snapshot, column, rule_id)
    if isinstance(page, NotChecked):
        return page
    if not column.complete:
        return NotChecked(rule_id, column.url, f"栏目“{column.name}”的列表未能完整读取")
    if not isinstance(page.data.get("list"), dict):
        return NotChecked(rule_id, column.url, f"栏目“{column.name}”的列表页未识别出信息列表")
    listed = page.data["list"].get("item_count") or 0
    if listed > len(column.items):
        return NotChecked(rule_id, column.url,
                          f"栏目“{column.name}”列表页显示 {listed} 条信息，但仅提取到 "
                          f"{len(column.items)} 条")
    rows = [it.title for it in column.items if it not in items]
    placeholder = column.placeholder or (rows[0].strip() if rows else None)
    if placeholder:
        why = f"仅显示“{placeholder}”"
    else:
        why = f"仅有 {len(items)} 条信息" if items else "无任何信息"
    return Finding("column.blank", column.url, f"栏目“{column.name}”为空白栏目（{why}）",
                   evidence(page, f"栏目应有实质内容（至少 {min_items} 条信息）",
                            {"items": len(items), "placeholder": column.placeholder,
                             "placeholder_items": rows}, **department_of(column)),
                   column=column.name, locator=column.url)


def audit_blank(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Leaf columns read completely with no real item."""
    for column in snapshot.columns:
        verdict = _blank_verdict(snapshot, column, profile, "column.blank")
        if verdict is not None:
            yield verdict


def update_window(column: ColumnView, profile: Profile) -> tuple[int | None, str]:
    """(max age in days or None for 按需更新, Chinese description of where it comes from)."""
    settings = column.settings or {}
    spec = profile.column_types.get(column.type) or profile.column_types["other"]
    if settings.get("on_demand") is True:
        return None, "按需更新"
    if settings.get("max_age_days") is not None:
        days = settings["max_age_days"]
        if isinstance(days, bool) or int(days) <= 0:
            raise ValueError(days)
        return int(days), "该栏目"
    return profile.max_age_days(column.type), f"{spec.label}类栏目"


def item_date(snapshot: UnitSnapshot, item: ItemView) -> tuple[date | None, str | None]:
    """(publication date, where it was read): the list's date, else the article page's."""
    if item.date is not None:
        return item.date, "列表"
    page = snapshot.page(item.url)
    if page is not None and page.ok:
        found = published_on(page.data.get("article") or {})
        if found is not None:
            return found, "文章页"
    return None, None


def _warning(column: ColumnView, page: PageView, newest: tuple[date, str, ItemView], as_of: date,
             max_age: int, whose: str, profile: Profile, details: dict) -> AuditResult:
    """The 预警 of a column not yet stale whose newest item nears the end of its window."""
    day, source, item = newest
    age = (as_of - day).days
    before = profile.rule("column.stale").get("warn_days_before")
    if before is None or not in_warning_zone(age, max_age - before, max_age + 1):
        return
    yield early_warning(
        "column.stale", column.url,
        f"栏目“{column.name}”最新信息发布于 {day.isoformat()}，已 {age} 天未更新，"
        f"再过 {max_age - age + 1} 天将超过 {max_age} 天的更新要求",
        evidence(page, f"{whose}应在 {max_age} 天内更新",
                 {"newest_date": day.isoformat(), "newest_title": item.title,
                  "newest_url": item.url, "date_source": source, "age_days": age}, **details),
        veto_at=max_age + 1, column=column.name, locator=column.url)


def audit_stale(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Columns whose newest dated item is older than their update window."""
    rule_id = "column.stale"
    for column in snapshot.columns:
        try:
            max_age, whose = update_window(column, profile)
        except (TypeError, ValueError):
            yield NotChecked(rule_id, column.url,
                             f"栏目“{column.name}”的更新周期配置无效：{column.settings!r}")
            continue
        if max_age is None:
            continue
        items = real_items(column, profile)
        if not items:
            if not column.has_children:
                verdict = _blank_verdict(snapshot, column, profile, rule_id)
                if isinstance(verdict, NotChecked):
                    yield verdict
            continue
        page = _list_page(snapshot, column, rule_id)
        if isinstance(page, NotChecked):
            yield page
            continue
        dated = [(d, source, it) for it in items for d, source in [item_date(snapshot, it)]
                 if d is not None]
        newest = max(dated, key=lambda x: x[0]) if dated else None
        unparsed = [it for it in items if it.date is None and not is_blank(it.date_text)
                    and item_date(snapshot, it)[0] is None]
        details = dict(as_of=as_of.isoformat(), max_age_days=max_age, column_type=column.type,
                       **department_of(column))
        if newest is not None and (as_of - newest[0]).days <= max_age:
            if not unparsed:
                yield from _warning(column, page, newest, as_of, max_age, whose, profile, details)
            continue
        if unparsed:
            yield NotChecked(rule_id, column.url,
                             f"栏目“{column.name}”有 {len(unparsed)} 条信息的日期无法识别"
                             f"（如“{unparsed[0].date_text}”）")
            continue
        expected = f"{whose}应在 {max_age} 天内更新（未注明发布日期的信息视为未更新）"
        if newest is None:
            yield Finding(rule_id, column.url,
                          f"栏目“{column.name}”的 {len(items)} 条信息均未标注发布日期，视为未更新",
                          evidence(page, expected,
                                   {"items": len(items), "dated_items": 0, "newest_date": None,
                                    "first_item": items[0].title}, **details),
                          column=column.name, locator=column.url)
            continue
        day, source, item = newest
        age = (as_of - day).days
        yield Finding(rule_id, column.url,
                      f"栏目“{column.name}”最新信息“{item.title}”发布于 {day.isoformat()}，"
                      f"截至 {as_of.isoformat()} 已 {age} 天未更新（要求 {max_age} 天内）",
                      evidence(page, expected,
                               {"newest_date": day.isoformat(), "newest_title": item.title,
                                "newest_url": item.url, "date_source": source, "age_days": age,
                                "items": len(items), "dated_items": len(dated)}, **details),
                      column=column.name, locator=column.url)


BLANK = Rule("column.blank", "空白栏目", "major", "空白栏目",
             "栏目无任何信息，或仅显示“暂无信息”“正在建设中”等。", audit_blank)
STALE = Rule("column.stale", "栏目更新不及时", "major", "栏目更新",
             "栏目最新信息的发布日期超过该类栏目的更新周期（未注明发布日期的视为未更新）。",
             audit_stale)

RULES = (BLANK, STALE)
