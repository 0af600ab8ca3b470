"""Page labels (网页设计规范 站点/栏目/内容标签) and the consistency of codes and dates.

`meta` is the dict read by the meta extractor with canonical keys; an absent key is a missing
label, a present but empty one ("") is an empty label. A page whose extractor produced no
`meta` at all is NotChecked, as is a page that was not read.
"""
from __future__ import annotations

from datetime import date

from checks.common import (
    column_name_of,
    evidence,
    is_blank,
    normalize_code,
    page_section,
    parse_date,
    read_home,
    read_pages,
)
from checks.framework import AuditResult, Finding, NotChecked, Rule
from checks.profile import Profile
from checks.snapshot import PageView, UnitSnapshot

INDICATOR = "页面标签"


def _lookup(meta: dict, key: str):
    """`meta[key]`, tolerating a different letter case (`Sitename`, `url`)."""
    if key in meta:
        return meta[key]
    for name, value in meta.items():
        if str(name).lower() == key.lower():
            return value
    return None


def _has(meta: dict, key: str) -> bool:
    return key in meta or any(str(name).lower() == key.lower() for name in meta)


def _label_finding(rule_id: str, page: PageView | NotChecked, profile: Profile,
                   kind: str, where: str, column: str | None) -> AuditResult:
    """The finding for one page's missing or empty required labels (`kind`: 网站/栏目/内容)."""
    if isinstance(page, NotChecked):
        yield page
        return
    meta = page_section(page, "meta", rule_id, "网页标签")
    if isinstance(meta, NotChecked):
        yield meta
        return
    required = list(profile.param(rule_id, "required"))
    missing = [k for k in required if not _has(meta, k)]
    empty = [k for k in required if _has(meta, k) and is_blank(_lookup(meta, k))]
    if not missing and not empty:
        return
    parts = []
    if missing:
        parts.append(f"缺少 {'、'.join(missing)}")
    if empty:
        parts.append(f"{'、'.join(empty)} 内容为空")
    seen = {k: _lookup(meta, k) for k in required if _has(meta, k)}
    yield Finding(rule_id, page.url, f"{where}{kind}标签不完整：{'；'.join(parts)}",
                  evidence(page, f"{where}应设置{kind}标签：{'、'.join(required)}", seen,
                           missing=missing, empty=empty),
                  column=column, locator=page.url)


def audit_site_labels(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """SiteName / SiteDomain / SiteIDCode on the home page."""
    rule_id = "meta.site_labels"
    yield from _label_finding(rule_id, read_home(snapshot, rule_id), profile, "网站", "首页",
                              None)


def _is_column_entry(page: PageView) -> bool:
    """The first list page of a column (later list pages repeat its labels)."""
    return page.column_url in (None, page.url)


def audit_column_labels(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """ColumnName / ColumnType on each column page read."""
    rule_id = "meta.column_labels"
    for page in read_pages(snapshot, "column", rule_id):
        if not _is_column_entry(snapshot.pages[page.url]):
            continue
        name = snapshot.column_name(page.url)
        where = f"栏目页“{name}”" if name else "栏目页"
        yield from _label_finding(rule_id, page, profile, "栏目", where, name)


def audit_content_labels(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """ArticleTitle / PubDate / ContentSource on each article page read."""
    rule_id = "meta.content_labels"
    for page in read_pages(snapshot, "article", rule_id):
        column = None if isinstance(page, NotChecked) else column_name_of(snapshot, page)
        yield from _label_finding(rule_id, page, profile, "内容", "文章页", column)


def audit_site_id_mismatch(snapshot: UnitSnapshot, profile: Profile, as_of: date
                           ) -> AuditResult:
    """SiteIDCode meta, footer 网站标识码 and jiucuo sitecode: any two present values differ."""
    rule_id = "meta.site_id_mismatch"
    home = read_home(snapshot, rule_id)
    if isinstance(home, NotChecked):
        yield home
        return
    meta = home.data.get("meta") or {}
    footer = home.data.get("footer") or {}
    sources = {"SiteIDCode 标签": _lookup(meta, "SiteIDCode"),
               "网站底部标识码": footer.get("site_id_code"),
               "找错入口 sitecode": footer.get("jiucuo_sitecode")}
    seen = {label: value for label, value in sources.items() if not is_blank(value)}
    values = {normalize_code(str(value)) for value in seen.values()}
    if len(values) < 2:
        return
    listed = "，".join(f"{label}为 {normalize_code(str(v))}" for label, v in seen.items())
    yield Finding(rule_id, home.url, f"网站标识码前后不一致：{listed}",
                  evidence(home, "SiteIDCode 标签、网站底部的网站标识码与找错入口的 sitecode 应完全一致",
                           seen),
                  locator=home.url)


def audit_pubdate_mismatch(snapshot: UnitSnapshot, profile: Profile, as_of: date
                           ) -> AuditResult:
    """PubDate meta, the visible date and the URL date: any pair more than `max_days` apart."""
    rule_id = "meta.pubdate_mismatch"
    max_days = int(profile.param(rule_id, "max_days"))
    for page in read_pages(snapshot, "article", rule_id):
        if isinstance(page, NotChecked):
            yield page
            continue
        article = page_section(page, "article", rule_id, "文章信息")
        if isinstance(article, NotChecked):
            yield article
            continue
        meta = page.data.get("meta") or {}
        raw = {"PubDate 标签": _lookup(meta, "PubDate"),
               "页面显示的发布日期": article.get("visible_date_text") or article.get("visible_date"),
               "网址中的日期": article.get("url_date")}
        dates = {"PubDate 标签": parse_date(raw["PubDate 标签"]),
                 "页面显示的发布日期": parse_date(article.get("visible_date")),
                 "网址中的日期": parse_date(article.get("url_date"))}
        known = [(label, d) for label, d in dates.items() if d is not None]
        apart = [(a, da, b, db, abs((da - db).days))
                 for i, (a, da) in enumerate(known) for b, db in known[i + 1:]
                 if abs((da - db).days) > max_days]
        if not apart:
            continue
        text = "；".join(f"{a}（{da.isoformat()}）与{b}（{db.isoformat()}）相差 {n} 天"
                        for a, da, b, db, n in apart)
        yield Finding(rule_id, page.url, f"文章发布日期前后不一致：{text}",
                      evidence(page, f"PubDate 标签、页面显示日期与网址中的日期相差不应超过 {max_days} 天",
                               {label: value for label, value in raw.items() if value},
                               dates={label: d.isoformat() for label, d in known},
                               differences=[{"a": a, "b": b, "days": n}
                                            for a, _, b, _, n in apart]),
                      column=column_name_of(snapshot, page), locator=page.url)


SITE_LABELS = Rule("meta.site_labels", "首页网站标签缺失", "minor", INDICATOR,
                   "首页应设置 SiteName、SiteDomain、SiteIDCode 网站标签。", audit_site_labels)
COLUMN_LABELS = Rule("meta.column_labels", "栏目页栏目标签缺失", "minor", INDICATOR,
                     "栏目页应设置 ColumnName、ColumnType 栏目标签。", audit_column_labels)
CONTENT_LABELS = Rule("meta.content_labels", "文章页内容标签缺失", "minor", INDICATOR,
                      "文章页应设置 ArticleTitle、PubDate、ContentSource 内容标签。",
                      audit_content_labels)
SITE_ID_MISMATCH = Rule("meta.site_id_mismatch", "网站标识码前后不一致", "minor", INDICATOR,
                        "SiteIDCode 标签、底部网站标识码与找错入口 sitecode 应一致。",
                        audit_site_id_mismatch)
PUBDATE_MISMATCH = Rule("meta.pubdate_mismatch", "发布日期前后不一致", "info", INDICATOR,
                        "PubDate 标签、页面显示日期与网址日期相差超过 1 天，可能存在发稿日期不实。",
                        audit_pubdate_mismatch)

RULES = (SITE_LABELS, COLUMN_LABELS, CONTENT_LABELS, SITE_ID_MISMATCH, PUBDATE_MISMATCH)
