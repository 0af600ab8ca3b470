"""Document pages (文件): an article must show when it was published."""
from __future__ import annotations

from datetime import date

from checks.common import column_name_of, evidence, is_blank, page_section, read_pages
from checks.framework import AuditResult, Finding, NotChecked, Rule
from checks.profile import Profile
from checks.snapshot import UnitSnapshot


def audit_no_date(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Articles read OK with no visible date and no date field in their metadata box.

    A date text that is shown but could not be parsed is NotChecked, not a finding.
    """
    rule_id = "doc.no_date"
    fields = list(profile.param(rule_id, "date_fields"))
    for page in read_pages(snapshot, "article", rule_id):
        if isinstance(page, NotChecked):
            yield page
            continue
        article = page_section(page, "article", rule_id, "文章信息")
        if isinstance(article, NotChecked):
            yield article
            continue
        metadata = article.get("metadata") or {}
        if article.get("visible_date") or any(not is_blank(metadata.get(f)) for f in fields):
            continue
        if not is_blank(article.get("visible_date_text")):
            yield NotChecked(rule_id, page.url,
                             f"文章页显示的日期“{article['visible_date_text']}”无法识别")
            continue
        title = article.get("title") or page.title
        meta_pubdate = (page.data.get("meta") or {}).get("PubDate")
        yield Finding(rule_id, page.url,
                      f"文章“{title}”页面未标注发布日期" if title else "文章页面未标注发布日期",
                      evidence(page, f"文章页应显示发布日期（页面正文处或元数据中的{'/'.join(fields)}）",
                               {"visible_date": None,
                                "metadata": {k: v for k, v in metadata.items() if v}},
                               title=title, meta_pubdate=meta_pubdate),
                      column=column_name_of(snapshot, page), locator=page.url)


NO_DATE = Rule("doc.no_date", "文章未标注发布日期", "minor", "发布日期",
               "文章页面应显示信息发布日期。", audit_no_date)

RULES = (NO_DATE,)
