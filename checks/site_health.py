"""Site-level rules judged on the home page: reachable, updated, not hollow, annual form shown.

- `site.unreachable`: the home page failed on every attempt the spider made (it retries a
  failed page `link_attempts` times, `link_retry_delay` apart; the attempts are in the home
  URL's Link row). Only outcomes a visitor would meet too count (not found, server error,
  DNS, refused, timeout, dropped connection); a site that blocks robots (403/412/429) or an
  attempt we did not make (robots.txt) is NotChecked.
- `site.home_stale`: the newest dated item on the home page (`home_items`) is too old; a
  short date (``06-18``) is taken as its latest occurrence on or before the as-of date.
- `site.stale_columns_veto` / `site.blank_columns_veto`: how many columns the column rules
  (`checks.column_freshness`) find stale or blank, counted the GW way.
- `site.annual_form`: after 1-31, a link to last year's 《政府网站工作年度报表》 on the home page
  (`annual_form_links`); a link without a year takes it from its target page's title when
  that page was read, else from a January–April date in its URL (`/art/2025/1/20/…`).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from checks import column_freshness
from checks.common import evidence, iso, outcome_label, read_home
from checks.framework import AuditResult, Finding, NotChecked, Rule
from checks.links import _attempt_outcome, _attempt_time, _describe
from checks.profile import Profile
from checks.snapshot import ColumnView, UnitSnapshot
from checks.warnings import early_warning, in_warning_zone
from crawler.outcomes import REACHABLE
from spiders.extract.dates import date_from_url
from spiders.extract.dates import parse_date as parse_date_text

_FORM_MONTHS = 4  # a form dated in January–April in its URL is the previous year's
_FORM_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年度?[^，。]{0,8}报表")


# --------------------------------------------------------------------------- site.unreachable

def audit_unreachable(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """The home page failed on every one of at least `min_attempts` spread-out attempts."""
    rule_id = "site.unreachable"
    home = snapshot.home
    if home is not None and home.ok:
        return
    url = snapshot.home_url
    link = next((link for link in snapshot.links if link.target == url), None)
    attempts = link.attempts if link else []
    if not attempts:
        yield NotChecked(rule_id, url, "首页未抓取" if home is None else "首页访问记录缺失")
        return
    outcomes = [_attempt_outcome(a) for a in attempts]
    if any(o in REACHABLE for o in outcomes):
        return
    counted = set(profile.param(rule_id, "outcomes"))
    min_attempts = int(profile.param(rule_id, "min_attempts"))
    min_spread = float(profile.param(rule_id, "min_spread_minutes"))
    labels = "、".join(dict.fromkeys(outcome_label(o) for o in outcomes))
    if not all(o in counted for o in outcomes):
        yield NotChecked(rule_id, url, f"首页访问结果不能证明网站无法访问：{labels}")
        return
    if len(attempts) < min_attempts:
        yield NotChecked(rule_id, url, f"首页仅访问 {len(attempts)} 次（{labels}），不足 {min_attempts} 次")
        return
    times = [_attempt_time(a) for a in attempts]
    spread = None
    if all(times):
        spread = (max(times) - min(times)).total_seconds() / 60
    if min_spread > 0 and (spread is None or spread < min_spread):
        yield NotChecked(rule_id, url, f"首页 {len(attempts)} 次访问的时间间隔不足 {min_spread:g} 分钟")
        return
    yield Finding(rule_id, url,
                  f"网站首页无法访问（{len(attempts)} 次访问均失败：{labels}）",
                  evidence(None, f"首页应可正常访问（间隔重试 {min_attempts} 次及以上均失败才判定）",
                           {"attempts": [_describe(a) for a in attempts]},
                           page_url=url, fetched_at=iso(max(times) if all(times) else link.checked_at),
                           spread_minutes=None if spread is None else round(spread, 1)),
                  locator=url)


# --------------------------------------------------------------------------- site.home_stale

def _home_date(item: dict, as_of: date) -> date | None:
    """The item's date; a yearless ``MM-DD`` is its latest occurrence on or before `as_of`."""
    if item.get("date"):
        try:
            return date.fromisoformat(str(item["date"])[:10])
        except ValueError:
            return None
    for year in (as_of.year, as_of.year - 1):
        found = parse_date_text(item.get("date_text") or "", default_year=year)
        if found is not None and found <= as_of:
            return found
    return None


def audit_home_stale(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """The newest dated item on the home page is older than `max_days` (warning from `warn_days`)."""
    rule_id = "site.home_stale"
    max_days = int(profile.param(rule_id, "max_days"))
    warn_days = int(profile.param(rule_id, "warn_days"))
    home = read_home(snapshot, rule_id)
    if isinstance(home, NotChecked):
        yield home
        return
    items = home.data.get("home_items")
    if not isinstance(items, list):
        yield NotChecked(rule_id, home.url, "首页信息未能提取（页面数据缺少 home_items）")
        return
    dated = [(d, it) for it in items for d in [_home_date(it, as_of)] if d is not None and d <= as_of]
    if not dated:
        yield NotChecked(rule_id, home.url, "首页未识别出标注日期的信息（可能由脚本加载）")
        return
    newest, item = max(dated, key=lambda x: x[0])
    age = (as_of - newest).days
    seen = {"newest_date": newest.isoformat(), "newest_title": item.get("title"),
            "newest_url": item.get("url"), "age_days": age, "dated_items": len(dated)}
    expected = f"首页应在 {max_days} 天内有新发布的信息（未标注日期的信息视为未更新）"
    if in_warning_zone(age, warn_days, max_days + 1):
        yield early_warning(rule_id, home.url,
                            f"首页已 {age} 天未更新（超过 {max_days} 天未更新即单项否决）",
                            evidence(home, expected, seen, as_of=as_of.isoformat(), max_days=max_days),
                            veto_at=max_days + 1)
        return
    if age <= max_days:
        return
    yield Finding(rule_id, home.url,
                  f"首页最新信息“{item.get('title')}”发布于 {newest.isoformat()}，截至 {as_of.isoformat()} "
                  f"已 {age} 天未更新（要求 {max_days} 天内）",
                  evidence(home, expected, seen, as_of=as_of.isoformat(), max_days=max_days),
                  locator=home.url)


# --------------------------------------------------------------------------- column counts

def _counted(snapshot: UnitSnapshot, audit: Callable, rule_id: str, profile: Profile,
             as_of: date, keep: Callable[[ColumnView], bool]
             ) -> tuple[list[tuple[ColumnView, Finding]], list[ColumnView]]:
    """(columns the column rule found, columns it could not judge), among those `keep` accepts."""
    by_url = {c.url: c for c in snapshot.columns}
    found, unknown = [], []
    for result in audit(snapshot, profile, as_of):
        column = by_url.get(result.url)
        if column is None or not keep(column):
            continue
        if isinstance(result, Finding):
            if not result.evidence.get("warning"):  # a 预警 is not a stale or blank column
                found.append((column, result))
        else:
            unknown.append(column)
    return found, unknown


def _column_evidence(found: list[tuple[ColumnView, Finding]]) -> list[dict]:
    return [{"column": c.name, "url": c.url, "type": c.type, "problem": f.message} for c, f in found]


def _count_verdict(snapshot: UnitSnapshot, rule_id: str, what: str, veto_at: int,
                   found: list, unknown: list, expected: str, as_of: date
                   ) -> Finding | NotChecked | None:
    home = snapshot.home_url
    if len(found) >= veto_at:
        names = "、".join(f"“{c.name}”" for c, _ in found[:6]) + ("等" if len(found) > 6 else "")
        return Finding(rule_id, home, f"网站有 {len(found)} 个{what}栏目（{names}），达到单项否决标准（{veto_at} 个）",
                       evidence(snapshot.home, expected,
                                {"count": len(found), "columns": _column_evidence(found)},
                                page_url=home, as_of=as_of.isoformat(), veto_at=veto_at),
                       locator=f"{home}#{rule_id}")
    if len(found) + len(unknown) >= veto_at:
        return NotChecked(rule_id, home, f"{len(found)} 个栏目{what}，另有 {len(unknown)} 个栏目无法判断，"
                                         f"不能确定是否达到 {veto_at} 个")
    return None


def _stale_kind(snapshot: UnitSnapshot, profile: Profile) -> Callable[[ColumnView], bool]:
    """Columns counted by GW: 动态/要闻 anywhere, 通知公告/政策文件 at the top level only."""
    any_level = set(profile.param("site.stale_columns_veto", "types"))
    top_only = set(profile.param("site.stale_columns_veto", "top_level_types"))
    tops = {None, snapshot.disclosure_url, snapshot.home_url}
    return lambda c: c.type in any_level or (c.type in top_only and c.parent_url in tops)


def audit_stale_columns(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    rule_id = "site.stale_columns_veto"
    found, unknown = _counted(snapshot, column_freshness.audit_stale, rule_id, profile, as_of,
                              _stale_kind(snapshot, profile))
    verdict = _count_verdict(snapshot, rule_id, "不更新", int(profile.param(rule_id, "veto_at")),
                             found, unknown, profile.param(rule_id, "expected"), as_of)
    if verdict is not None:
        yield verdict


def audit_blank_columns(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    rule_id = "site.blank_columns_veto"
    veto_at = int(profile.param(rule_id, "veto_at"))
    warn_at = int(profile.param(rule_id, "warn_at"))
    found, unknown = _counted(snapshot, column_freshness.audit_blank, rule_id, profile, as_of,
                              lambda c: True)
    expected = profile.param(rule_id, "expected")
    verdict = _count_verdict(snapshot, rule_id, "空白", veto_at, found, unknown, expected, as_of)
    if verdict is not None:
        yield verdict
    elif in_warning_zone(len(found), warn_at, veto_at):
        home = snapshot.home_url
        yield early_warning(rule_id, home, f"网站已有 {len(found)} 个空白栏目（{veto_at} 个即单项否决）",
                            evidence(snapshot.home, expected,
                                     {"count": len(found), "columns": _column_evidence(found)},
                                     page_url=home, as_of=as_of.isoformat()),
                            veto_at=veto_at)


# --------------------------------------------------------------------------- site.annual_form

def _target_year(snapshot: UnitSnapshot, url: str | None) -> int | None:
    """The year of a form whose link does not print it: from its page's title when that page
    was read, else from a date in its URL in the first months of a year (the form of the year
    before: forms are due by 1-31)."""
    if not url:
        return None
    page = snapshot.page(url)
    if page is not None and page.ok:
        title = (page.data.get("article") or {}).get("title") or page.title or ""
        found = _FORM_YEAR.search(title)
        if found:
            return int(found.group(1))
    published = date_from_url(url)
    return published.year - 1 if published and published.month <= _FORM_MONTHS else None


def audit_annual_form(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """After the deadline, no home-page link to last year's 《政府网站工作年度报表》."""
    rule_id = "site.annual_form"
    if snapshot.kind not in profile.param(rule_id, "kinds"):
        return
    month, day = (int(x) for x in str(profile.param(rule_id, "deadline")).split("-"))
    deadline = date(as_of.year, month, day)
    if as_of <= deadline:
        return
    home = read_home(snapshot, rule_id)
    if isinstance(home, NotChecked):
        yield home
        return
    links = home.data.get("annual_form_links")
    if not isinstance(links, list):
        yield NotChecked(rule_id, home.url, "首页链接未能提取（页面数据缺少 annual_form_links）")
        return
    year = as_of.year - 1
    years = [link.get("year") or _target_year(snapshot, link.get("url")) for link in links]
    if year in years:
        return
    undated = [link for link, y in zip(links, years) if y is None]
    if undated:
        yield NotChecked(rule_id, home.url, f"首页有“{undated[0].get('title')}”链接，但未标明年度")
        return
    yield Finding(rule_id, home.url,
                  f"首页未发布{year}年度《政府网站工作年度报表》（应于 {deadline.isoformat()} 前发布）",
                  evidence(home, f"应于每年{month}月{day}日前在网站首页发布上一年度《政府网站工作年度报表》",
                           {"form_links": links}, year=year, deadline=deadline.isoformat(),
                           as_of=as_of.isoformat()),
                  locator=f"{home.url}#annual-form-{year}")


UNREACHABLE = Rule("site.unreachable", "网站首页无法访问", "major", "网站可用性",
                   "本次检查中，网站首页经多次间隔重试仍无法打开。", audit_unreachable)
HOME_STALE = Rule("site.home_stale", "首页长期未更新", "veto", "首页更新",
                  "首页最新信息的发布日期超过规定天数（未标注日期的信息视为未更新）。", audit_home_stale)
STALE_COLUMNS = Rule("site.stale_columns_veto", "栏目不更新数量超标", "veto", "栏目更新",
                     "动态要闻类栏目超过2周未更新、一级通知公告或政策文件类栏目超过6个月未更新的栏目累计达到规定数量。",
                     audit_stale_columns)
BLANK_COLUMNS = Rule("site.blank_columns_veto", "空白栏目数量超标", "veto", "空白栏目",
                     "空白栏目累计达到规定数量。", audit_blank_columns)
ANNUAL_FORM = Rule("site.annual_form", "首页未发布政府网站工作年度报表", "minor", "年度报表",
                   "每年1月31日后，网站首页应发布上一年度《政府网站工作年度报表》。", audit_annual_form)

RULES = (UNREACHABLE, HOME_STALE, STALE_COLUMNS, BLANK_COLUMNS, ANNUAL_FORM)
