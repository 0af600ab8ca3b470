"""Helpers shared by the rule modules: "was this page read?", evidence, dates, code values.

Every rule that reads a page goes through `read_home` / `read_pages` / `page_section`, so
that a page that failed to load (or whose extractor produced nothing) always becomes a
`NotChecked` and never a finding.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime

from checks.framework import NotChecked
from checks.snapshot import ColumnView, PageView, UnitSnapshot
from crawler.outcomes import LABELS_ZH, Outcome

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SPACE = re.compile(r"\s+")

ROLE_LABELS = {"home": "首页", "column": "栏目页", "article": "文章页"}


def outcome_label(outcome: str | None) -> str:
    """The Chinese label of a fetch outcome (the raw value when unknown)."""
    try:
        return LABELS_ZH[Outcome(outcome)]
    except ValueError:
        return str(outcome)


def unread_reason(page: PageView | None, what: str) -> str | None:
    """Why `page` cannot be judged (not fetched, not loaded), or None when it was read."""
    if page is None:
        return f"{what}未抓取"
    if not page.ok:
        status = f"，HTTP {page.http_status}" if page.http_status else ""
        return f"{what}未能读取（{outcome_label(page.outcome)}{status}）"
    return None


def read_home(snapshot: UnitSnapshot, rule_id: str) -> PageView | NotChecked:
    """The home page when it was read, else a NotChecked for `rule_id`."""
    page = snapshot.home
    reason = unread_reason(page, "首页")
    return NotChecked(rule_id, snapshot.home_url, reason) if reason else page


def read_pages(snapshot: UnitSnapshot, role: str, rule_id: str
               ) -> Iterator[PageView | NotChecked]:
    """Each page of `role` that was read, or a NotChecked for each one that was not.

    Non-HTML targets (PDF, DOC attachments) have no markup to judge and are skipped.
    """
    what = ROLE_LABELS.get(role, "页面")
    for page in snapshot.pages_with_role(role):
        if page.outcome == Outcome.NOT_HTML:
            continue
        reason = unread_reason(page, what)
        yield NotChecked(rule_id, page.url, reason) if reason else page


def page_section(page: PageView, key: str, rule_id: str, what: str) -> dict | NotChecked:
    """`page.data[key]` (meta, footer, article …), or NotChecked when the extractor gave none."""
    section = page.data.get(key)
    if not isinstance(section, dict):
        return NotChecked(rule_id, page.url, f"{what}未能提取（页面数据缺少 {key}）")
    return section


def evidence(page: PageView | None, expected: str, seen, **extra) -> dict:
    """The evidence every finding carries: the rule, what was seen, where and when."""
    out = {"expected": expected, "seen": seen,
           "page_url": page.url if page else None,
           "fetched_at": iso(page.fetched_at) if page else None}
    out.update(extra)
    return out


def iso(value: date | datetime | str | None) -> str | None:
    """ISO text of a date or datetime (strings pass through)."""
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def parse_date(value: date | datetime | str | None) -> date | None:
    """The calendar date in an ISO string, a `2023年4月17日` text or a date/datetime."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.search(unicodedata.normalize("NFKC", str(value)))
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def is_blank(value) -> bool:
    """True for None and for strings that are empty once whitespace is removed."""
    return value is None or (isinstance(value, str) and not _SPACE.sub("", value))


def normalize_code(raw: str) -> str:
    """A footer number as printed, without whitespace and without a leading `标签：`.

    Full-width characters are folded (NFKC), whitespace and newlines inside the number are
    dropped (`鄂公网安备\\n\\t42010202000465号`), and a label such as `网站标识码 ：` or
    `ICP备案号：` in front of the value is removed.
    """
    text = _SPACE.sub("", unicodedata.normalize("NFKC", raw))
    return text.rsplit(":", 1)[-1]


def column_name_of(snapshot: UnitSnapshot, page: PageView) -> str | None:
    """The name of the column a page belongs to (or is), when known."""
    return snapshot.column_name(page.column_url) or snapshot.column_name(page.url)


def column_of(snapshot: UnitSnapshot, page: PageView) -> ColumnView | None:
    """The column a page belongs to (or is), when known."""
    for url in (page.column_url, page.url):
        for column in snapshot.columns:
            if column.url == url:
                return column
    return None


def department_of(column: ColumnView | None) -> dict:
    """`{"department": 责任科室}` of a column whose config names one, else {} (for evidence)."""
    department = (column.settings or {}).get("department") if column is not None else None
    return {"department": department} if department else {}


def published_on(article: dict) -> date | None:
    """An article's publication date: the visible date, else the metadata box's 发布日期."""
    return parse_date(article.get("visible_date")) or parse_date(
        (article.get("metadata") or {}).get("发布日期"))
