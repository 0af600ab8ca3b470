"""政府信息公开指南: is there one (guide.missing), and does it say what it must (guide.incomplete).

The guide is found by name: a column of type `guide` named like a 公开指南, or a list entry,
page or link titled 政府信息公开指南. Its text is judged against TL 第十二条 (分类, 编排体系,
获取方式, 工作机构名称, 办公地址, 办公时间, 联系电话, 传真号码, 互联网联系方式), the 黄冈
indicators (申请渠道 信函 / 互联网 / 传真 / 当面; 生成日期 or 年版) and the 2019 条例 (a guide
still promising answers in 15 个工作日 follows the 2007 条例). Every pattern is profile data.

The page's own publication date is not a 生成日期: the indicator asks the guide to state its
date or edition (“2024年版”, “生成日期：…”, a 信息公开 metadata box), which tells a reader
how current the text is; a portal's timestamp does not.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from checks.common import evidence, parse_date, unread_reason
from checks.framework import AuditResult, Finding, NotChecked, Rule
from checks.profile import Profile
from checks.snapshot import ColumnView, PageView, UnitSnapshot

_SENTENCE = re.compile(r"[。；;！!？?\n]")
_BODY_LIMIT = 20_000  # body_text is cut there by the spider: beyond it nothing is known


@lru_cache(maxsize=256)
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


def _is_guide_name(text: str | None, profile: Profile) -> bool:
    return bool(text) and bool(_rx(profile.param("guide.missing", "title_pattern")).search(text))


def _guide_columns(snapshot: UnitSnapshot, profile: Profile) -> list[ColumnView]:
    """Columns that hold the guide: named like one, or typed `guide` without 办事/服务."""
    not_guide = _rx(profile.param("guide.missing", "not_guide_pattern"))
    return [c for c in snapshot.columns
            if _is_guide_name(c.name, profile)
            or (c.type == "guide" and not not_guide.search(c.name or ""))]


def _mentions(snapshot: UnitSnapshot, profile: Profile) -> list[tuple[str, str]]:
    """(text, url) of every list entry, page or link text that names a guide."""
    found = [(it.title, it.url) for c in snapshot.columns for it in c.items
             if _is_guide_name(it.title, profile)]
    found += [(p.title, p.url) for p in snapshot.pages.values() if _is_guide_name(p.title, profile)]
    found += [(s.get("text"), link.target) for link in snapshot.links for s in link.sources
              if isinstance(s, dict) and _is_guide_name(s.get("text"), profile)]
    return found


def audit_missing(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """No guide column and no guide anywhere among the columns, entries and links read."""
    rule_id = "guide.missing"
    root_url = snapshot.disclosure_url or snapshot.home_url
    root = snapshot.page(root_url)
    reason = unread_reason(root, "信息公开栏目首页")
    if reason:
        yield NotChecked(rule_id, root_url, reason)
        return
    if _guide_columns(snapshot, profile) or _mentions(snapshot, profile):
        return
    if not snapshot.columns:
        yield NotChecked(rule_id, root_url, "信息公开栏目下未识别出任何栏目，无法判断是否设置公开指南")
        return
    names = [c.name for c in snapshot.columns]
    yield Finding(rule_id, root_url, "未找到政府信息公开指南（信息公开栏目中无“公开指南”栏目或指南文件）",
                  evidence(root, "应在政府信息公开栏目发布《政府信息公开指南》",
                           {"columns": names[:40], "column_count": len(names)}),
                  locator=root_url)


def _guide_text(page: PageView) -> tuple[str, dict, str | None] | None:
    """(body text, metadata, title) of a guide page with extracted text, else None."""
    article = page.data.get("article")
    if not isinstance(article, dict) or not (article.get("body_text") or "").strip():
        return None
    return article["body_text"], article.get("metadata") or {}, article.get("title") or page.title


def _guide_pages(snapshot: UnitSnapshot, profile: Profile) -> list[PageView]:
    """Pages that are the guide: titled like one, or an entry of a guide column."""
    columns = {c.url for c in _guide_columns(snapshot, profile)}
    pages = []
    for page in snapshot.pages.values():
        if page.role not in ("article", "column"):
            continue
        article = page.data.get("article") or {}
        title = article.get("title") or page.title
        in_column = page.column_url in columns and page.role == "article"
        if _is_guide_name(title, profile) or (in_column and title and "指南" in title):
            pages.append(page)
    return pages


def _newest(pages: list[PageView]) -> PageView:
    def key(page: PageView) -> date:
        article = page.data.get("article") or {}
        return (parse_date(article.get("visible_date")) or parse_date(article.get("url_date"))
                or date.min)
    return max(pages, key=key)


def _present(text: str, patterns: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """(present, missing) names of `patterns` ({name: [regex, …]}) in `text`."""
    present, missing = [], []
    for name, regexes in patterns.items():
        (present if any(_rx(r).search(text) for r in regexes) else missing).append(name)
    return present, missing


def _outdated(text: str, patterns: list[str]) -> list[str]:
    """The sentences of `text` that cite the 2007 条例's rules."""
    hits = []
    for sentence in _SENTENCE.split(text):
        if any(_rx(p).search(sentence) for p in patterns):
            hits.append(sentence.strip()[:120])
    return hits


def audit_incomplete(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """The current guide (newest guide page) lacks required elements or follows the 2007 条例."""
    rule_id = "guide.incomplete"
    params = profile.rule(rule_id)
    candidates = _guide_pages(snapshot, profile)
    unread = [p for p in candidates if not p.ok]
    read = [p for p in candidates if p.ok and _guide_text(p) is not None]
    preferred = [p for p in read if not _rx(params["secondary_pattern"]).search(
        _guide_text(p)[2] or "")]
    if not (preferred or read):
        for page in unread:
            yield NotChecked(rule_id, page.url, unread_reason(page, "公开指南页面"))
        for page in candidates:
            if page.ok:
                yield NotChecked(rule_id, page.url, "公开指南页面未提取到正文（可能为附件或图片）")
        return
    page = _newest(preferred or read)
    body, metadata, title = _guide_text(page)
    text = "\n".join([title or "", body, *(f"{k}：{v}" for k, v in metadata.items() if v)])
    _, missing_elements = _present(text, params["elements"])
    _, missing_channels = _present(text, params["channels"])
    dated = any(_rx(p).search(text) for p in params["date_patterns"]) or any(
        metadata.get(k) for k in params["date_fields"])
    outdated = _outdated(body, params["outdated_patterns"])
    problems = [*missing_elements, *(f"{c}申请渠道" for c in missing_channels),
                *([] if dated else ["生成日期或年版"])]
    if not problems and not outdated:
        return
    if problems and len(body) >= _BODY_LIMIT:
        yield NotChecked(rule_id, page.url, f"公开指南正文超过 {_BODY_LIMIT} 字被截断，缺少的要素可能在截断部分")
        return
    parts = []
    if problems:
        parts.append("缺少" + "、".join(problems))
    if outdated:
        parts.append("仍按2007年版《条例》表述（如“" + outdated[0][:40] + "”）")
    yield Finding(rule_id, page.url, f"政府信息公开指南“{title}”要素不全或内容过时：" + "；".join(parts),
                  evidence(page, params["expected"],
                           {"missing_elements": missing_elements,
                            "missing_channels": missing_channels,
                            "has_date_or_edition": dated, "outdated_sentences": outdated},
                           title=title),
                  column=snapshot.column_name(page.column_url) or snapshot.column_name(page.url),
                  locator=page.url)


MISSING = Rule("guide.missing", "未发布政府信息公开指南", "major", "公开指南",
               "政府信息公开栏目中未找到《政府信息公开指南》。", audit_missing)
INCOMPLETE = Rule("guide.incomplete", "政府信息公开指南要素不全", "minor", "公开指南",
                  "公开指南缺少《条例》第十二条规定的要素、申请渠道（信函、互联网、传真、当面）或生成日期/年版，"
                  "或仍按2007年版《条例》表述。", audit_incomplete)

RULES = (MISSING, INCOMPLETE)
