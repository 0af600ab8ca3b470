"""Document pages (文件): publication date, timeliness and the 有效性 of 规范性文件.

Also the shared view of documents and 解读 used by checks.interpretation: the entries of the
profile's document / interpretation column types with their article pages, the 文号 of a page
(brackets normalised: 江政规[2026]4号 = 江政规〔2026〕4号) and whether an article is a
行政规范性文件 (profile `documents`: its column's name, its 文号, or a 文号 plus a title such as
…办法 in a policy column; never an article of a 工作动态 column).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from checks.column_freshness import real_items
from checks.common import (
    column_name_of,
    column_of,
    department_of,
    evidence,
    is_blank,
    page_section,
    parse_date,
    published_on,
    read_pages,
)
from checks.framework import AuditResult, Finding, NotChecked, Rule
from checks.profile import Profile
from checks.snapshot import ColumnView, PageView, UnitSnapshot
from checks.workdays import CalendarUnknown, calendar_of, unknown
from spiders.extract.url_canon import canonical_url

BODY_LIMIT = 20_000  # the spider cuts body_text there: beyond it nothing is known
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "(": "〔", ")": "〕", "【": "〔", "】": "〕",
                           "〖": "〔", "〗": "〕"})
_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,20}〔(?:19|20)\d{2}〕第?\d{1,5}号")
_SPACE = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Text compared by the document rules: NFKC, no whitespace."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def numbers_in(text: str | None) -> list[str]:
    """The 文号 in `text` (江政规〔2026〕4号), brackets normalised to 〔〕, without 第.

    A match may carry words before the organ's abbreviation (“根据鄂州政发〔2023〕3号”):
    compare 文号 with `same_number`.
    """
    return [n.replace("〕第", "〕") for n in _NUMBER.findall(fold(text).translate(_BRACKETS))]


def same_number(a: str, b: str) -> bool:
    """Whether two 文号 found by `numbers_in` name the same document."""
    return a.endswith(b) or b.endswith(a)


def document_number(article: dict) -> str | None:
    """The 文号 of an article's metadata box (发文字号), normalised; None when there is none."""
    found = numbers_in((article.get("metadata") or {}).get("发文字号"))
    return found[0] if found else None


def normative_reason(column: ColumnView | None, article: dict, profile: Profile) -> str | None:
    """Why an article is a 行政规范性文件 (Chinese, for the evidence), or None when it is not."""
    spec = profile.data["documents"]
    if column is not None and column.type in spec["not_normative_types"]:
        return None
    if column is not None and any(k in column.name for k in spec["normative_columns"]):
        return f"所在栏目“{column.name}”"
    number = document_number(article)
    if number is None:
        return None
    if re.search(spec["normative_number"], number):
        return f"文号“{number}”"
    title = article.get("title") or ""
    keyword = next((k for k in spec["normative_titles"] if k in title), None)
    if keyword and column is not None and column.type in spec["document_types"]:
        return f"{column.name}栏目中有文号“{number}”、标题含“{keyword}”的文件"
    return None


@dataclass(frozen=True)
class Entry:
    """A list entry of a document or 解读 column, with its article page when that was read."""

    url: str
    title: str
    day: date | None
    column: ColumnView
    page: PageView | None  # the article page (None when not fetched; may have failed)
    article: dict  # the page's `article` data ({} when the page was not read)

    @property
    def read(self) -> bool:
        return self.page is not None and self.page.ok and bool(self.article)

    @property
    def number(self) -> str | None:
        return document_number(self.article)

    @property
    def numbers(self) -> list[str]:
        """The 文号 of the metadata box and of the title."""
        return [n for n in (self.number, *numbers_in(self.title)) if n]


def entries_of(snapshot: UnitSnapshot, profile: Profile, types: list[str]) -> list[Entry]:
    """The entries of the columns of `types`, once each (by canonical URL), lists in order.

    An entry listed by a parent column (政策文件) and by its sub-column (规范性文件) belongs to
    the sub-column."""
    out: dict[str, Entry] = {}
    for column in snapshot.columns:
        if column.type not in types:
            continue
        for item in real_items(column, profile):
            key = canonical_url(item.url)
            if key in out and (column.has_children or not out[key].column.has_children):
                continue
            page = snapshot.page(item.url)
            article = page.data.get("article") if page is not None and page.ok else None
            article = article if isinstance(article, dict) else {}
            out[key] = Entry(item.url, article.get("title") or item.title,
                             published_on(article) or item.date, column, page, article)
    return list(out.values())


def evidence_page(snapshot: UnitSnapshot, entry: Entry) -> PageView | None:
    """The page a finding about `entry` cites: its article page, else its column's list page."""
    return entry.page if entry.read else snapshot.page(entry.column.url)


def read_articles(snapshot: UnitSnapshot, rule_id: str
                  ) -> Iterator[tuple[PageView, dict] | NotChecked]:
    """(page, article data) of each article page read, or NotChecked for one that was not."""
    for page in read_pages(snapshot, "article", rule_id):
        if isinstance(page, NotChecked):
            yield page
            continue
        article = page_section(page, "article", rule_id, "文章信息")
        yield article if isinstance(article, NotChecked) else (page, article)


def audit_no_date(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Articles read OK with no visible date and no date field in their metadata box.

    A date text that is shown but could not be parsed is NotChecked, not a finding.
    """
    rule_id = "doc.no_date"
    fields = list(profile.param(rule_id, "date_fields"))
    for read in read_articles(snapshot, rule_id):
        if isinstance(read, NotChecked):
            yield read
            continue
        page, article = read
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


def audit_late_publication(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Articles whose 发布日期 is more than N working days after their 成文日期."""
    rule_id = "doc.late_publication"
    limit = int(profile.param(rule_id, "max_workdays"))
    calendar = calendar_of(profile)
    for read in read_articles(snapshot, rule_id):
        if isinstance(read, NotChecked):
            yield read
            continue
        page, article = read
        written_text = (article.get("metadata") or {}).get("成文日期")
        published = published_on(article)
        if is_blank(written_text) or published is None:
            continue
        written = parse_date(written_text)
        if written is None:
            yield NotChecked(rule_id, page.url, f"成文日期“{written_text}”无法识别")
            continue
        try:
            deadline = calendar.add_workdays(written, limit)
            if published <= deadline:
                continue
            elapsed = calendar.workdays_between(written, published)
        except CalendarUnknown as exc:
            yield unknown(rule_id, page.url, exc)
            continue
        title = article.get("title") or page.title or page.url
        yield Finding(rule_id, page.url,
                      f"文件“{title}”成文于 {written.isoformat()}，{published.isoformat()} 才发布，"
                      f"相隔 {elapsed} 个工作日（应在 {limit} 个工作日内公开）",
                      evidence(page, f"政府信息应自形成之日起 {limit} 个工作日内公开（条例第二十六条）",
                               {"成文日期": written.isoformat(), "发布日期": published.isoformat(),
                                "workdays": elapsed},
                               deadline=deadline.isoformat(), title=title,
                               **department_of(column_of(snapshot, page))),
                      column=column_name_of(snapshot, page), locator=page.url)


def _validity_mark(article: dict, labels: list[str]) -> str | None:
    """The 有效性 label found in the metadata box, the title or the text, or None."""
    metadata = article.get("metadata") or {}
    for key, value in metadata.items():
        if is_blank(value):
            continue
        for label in labels:
            if label in key or label in str(value):
                return f"{key}：{value}"
    text = f"{article.get('title') or ''}\n{article.get('body_text') or ''}"
    return next((label for label in labels if label in text), None)


def audit_validity_missing(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """行政规范性文件 whose page shows no 有效性 (metadata field, title or text)."""
    rule_id = "doc.validity_missing"
    labels = list(profile.param(rule_id, "labels"))
    for read in read_articles(snapshot, rule_id):
        if isinstance(read, NotChecked):
            yield read
            continue
        page, article = read
        column = column_of(snapshot, page)
        why = normative_reason(column, article, profile)
        if why is None or _validity_mark(article, labels) is not None:
            continue
        if len(article.get("body_text") or "") >= BODY_LIMIT:
            yield NotChecked(rule_id, page.url,
                             f"正文超过 {BODY_LIMIT} 字，只读取了前 {BODY_LIMIT} 字，未见有效性标注")
            continue
        title = article.get("title") or page.title or page.url
        metadata = {k: v for k, v in (article.get("metadata") or {}).items() if not is_blank(v)}
        yield Finding(rule_id, page.url, f"规范性文件“{title}”未标注有效性",
                      evidence(page, "行政规范性文件应标注有效性（如“有效性：有效”“已废止”“已失效”"
                                     "或有效期）",
                               {"有效性": None, "metadata": metadata},
                               title=title, number=document_number(article), normative_by=why,
                               attachments=list(article.get("attachments") or []),
                               **department_of(column)),
                      column=column.name if column else None, locator=page.url)


NO_DATE = Rule("doc.no_date", "文章未标注发布日期", "minor", "发布日期",
               "文章页面应显示信息发布日期。", audit_no_date)
LATE_PUBLICATION = Rule("doc.late_publication", "信息公开不及时", "info", "主动公开",
                        "发布日期晚于成文日期超过规定的工作日数（默认 20 个，条例第二十六条）。",
                        audit_late_publication)
VALIDITY_MISSING = Rule("doc.validity_missing", "规范性文件未标注有效性", "major", "规范性文件",
                        "行政规范性文件应标注有效性（有效、已废止、已失效或有效期）。",
                        audit_validity_missing)

RULES = (NO_DATE, LATE_PUBLICATION, VALIDITY_MISSING)
