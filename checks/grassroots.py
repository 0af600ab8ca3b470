"""基层政务公开: a county-level government's disclosure columns for the 26 standard areas.

Applies to units of kind ``government`` whose name matches the profile's `unit_pattern`
(…县 / …区 / …旗 人民政府); the profile's `units` entry ``{单位名称: {applies: true}}`` adds a
county-level city, ``applies: false`` exempts a unit. An area is present when any column of
the crawl has the area's name or one of its synonyms in its name; the areas named in the unit
config's `not_applicable` (like the required columns of column.missing) are not asked for.

Precision, as for column.missing: judged only when the disclosure root was read and the columns
were discovered (not listed in the config); when a column page whose sub-columns are unknown
failed to load, or a 基层政务公开 section column (`section_keywords`) was found with no
sub-column under it, the missing areas are NotChecked. No area at all present gives one
finding (the section is missing), else one finding per missing area.
"""
from __future__ import annotations

import re
from datetime import date

from checks.common import evidence, unread_reason
from checks.documents import fold
from checks.framework import AuditResult, Finding, NotChecked, Rule
from checks.profile import Profile
from checks.snapshot import UnitSnapshot

RULE_ID = "column.grassroots_missing"


def applies(snapshot: UnitSnapshot, params: dict) -> bool:
    """Whether the unit is a county-level government held to the 26 areas."""
    unit = (params.get("units") or {}).get(snapshot.unit) or {}
    if unit.get("applies") is not None:
        return bool(unit["applies"])
    return snapshot.kind == "government" and bool(re.search(params["unit_pattern"], snapshot.unit))


def _why_unsure(snapshot: UnitSnapshot, params: dict, names: dict[str, str]) -> str | None:
    """Why missing areas cannot be told from this crawl's columns, or None."""
    if snapshot.settings.get("columns_configured"):
        return "栏目由单位配置逐一指定，未自动发现全部栏目"
    unread = [c for c in snapshot.columns
              if not c.has_children and unread_reason(snapshot.page(c.url), "") is not None]
    if unread:
        return f"{len(unread)} 个栏目页未能读取（如“{unread[0].name}”），其下级栏目未知"
    sections = [c for c in snapshot.columns
                if any(fold(k) in names[c.url] for k in params["section_keywords"])]
    if any(not c.has_children for c in sections):
        return "找到基层政务公开栏目，但未识别出其下的领域栏目"
    return None


def audit_grassroots(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """The 26 基层政务公开 areas that have no column."""
    params = profile.rule(RULE_ID)
    if not applies(snapshot, params):
        return
    root_url = snapshot.disclosure_url or snapshot.home_url
    root = snapshot.page(root_url)
    reason = unread_reason(root, "政府信息公开专栏首页")
    if reason or not snapshot.columns:
        yield NotChecked(RULE_ID, root_url, reason or "未识别出政府信息公开栏目")
        return
    names = {c.url: fold(c.name) for c in snapshot.columns}
    skipped = {fold(n) for n in snapshot.settings.get("not_applicable") or ()}
    areas = {area: [area, *synonyms] for area, synonyms in params["areas"].items()
             if not skipped & {fold(w) for w in (area, *synonyms)}}
    present = {}
    for area, words in areas.items():
        column = next((c for c in snapshot.columns
                       if any(fold(w) in names[c.url] for w in words)), None)
        if column is not None:
            present[area] = column.name
    missing = [a for a in areas if a not in present]
    if not missing:
        return
    reason = _why_unsure(snapshot, params, names)
    if reason:
        yield NotChecked(RULE_ID, root_url, f"{reason}，无法判断是否缺少基层政务公开领域栏目")
        return
    seen = {"columns_found": present, "not_applicable": sorted(set(params["areas"]) - set(areas))}
    if len(missing) == len(areas):
        yield Finding(RULE_ID, root_url,
                      f"未设置基层政务公开标准化规范化栏目（{len(areas)} 个领域均未找到对应栏目）",
                      evidence(root, f"县级政府应按基层政务公开标准目录设置 {len(areas)} 个领域的栏目："
                               + "、".join(areas), seen, missing=missing),
                      locator=f"{root_url}#基层政务公开")
        return
    for area in missing:
        yield Finding(RULE_ID, root_url, f"基层政务公开缺少“{area}”领域栏目",
                      evidence(root, f"应设置“{area}”领域栏目（栏目名称含：{'、'.join(areas[area])}）",
                               seen, area=area),
                      locator=f"{root_url}#{area}")


GRASSROOTS_MISSING = Rule(RULE_ID, "缺少基层政务公开领域栏目", "major", "基层政务公开",
                          "县级政府网站应按基层政务公开标准目录设置适用领域的栏目（26 个领域；"
                          "不适用的领域在单位配置的 not_applicable 中列出）。", audit_grassroots)

RULES = (GRASSROOTS_MISSING,)
