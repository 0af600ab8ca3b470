"""Incremental re-crawls: what the unit's previous complete crawl stored, and what may be reused.

The nightly crawl still reads the home page, the footer scripts, the disclosure root and the
first page of every list, and revisits the other list pages (that is how it learns what
changed), but:

- a later list page is asked for with a conditional GET; a 304 copies its row and entries
  forward;
- an article listed as before (same title and date) that loaded last time is not fetched: its
  row is copied forward (``data.reused_from``) and its links are checked as if it had been;
  a changed entry is fetched with a conditional GET (``If-None-Match`` / ``If-Modified-Since``),
  and a 304 copies the row forward too;
- a link that worked last time is re-checked only on its night of a staggered rotation
  (``link_recheck_days``); on other nights its stored status is copied forward. Failing links
  are re-checked every night;
- unchanged articles are still fetched (conditionally) on their night of a slower rotation
  (``page_recheck_days``), so an edit that shows in no list is seen eventually.

Copied rows keep the time they were fetched: evidence says when the page was really read.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.outcomes import REACHABLE, Outcome
from storage import models as m

__all__ = ["PreviousPage", "PreviousLink", "PreviousCrawl", "load_previous", "due"]


def due(key: str, day: date, period: int) -> bool:
    """Whether `key` is on its night of a `period`-night rotation: every key once per period,
    1/period of them each night (by a hash of the key, so the order is stable)."""
    if period <= 1:
        return True
    slot = int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % period
    return slot == day.toordinal() % period


@dataclass(frozen=True)
class PreviousPage:
    url: str
    role: str
    outcome: str
    http_status: int | None
    fetched_at: datetime
    final_url: str | None
    content_hash: str | None
    encoding: str | None
    title: str | None
    column_url: str | None
    data: dict

    @property
    def ok(self) -> bool:
        return self.outcome == Outcome.OK

    @property
    def validators(self) -> dict[str, str]:
        """Conditional-GET headers from the stored ETag / Last-Modified."""
        stored = self.data.get("validators") or {}
        headers = {}
        if stored.get("etag"):
            headers["If-None-Match"] = stored["etag"]
        if stored.get("last_modified"):
            headers["If-Modified-Since"] = stored["last_modified"]
        return headers


@dataclass(frozen=True)
class PreviousLink:
    outcome: str
    http_status: int | None
    attempts: list
    checked_at: datetime

    @property
    def reachable(self) -> bool:
        return self.outcome in REACHABLE


@dataclass
class PreviousCrawl:
    """One unit's previous complete crawl, as the spider needs it."""

    crawl_id: int
    today: date
    pages: dict[str, PreviousPage] = field(default_factory=dict)
    entries: dict[tuple[str, str], tuple[str, date | None]] = field(default_factory=dict)
    links: dict[str, PreviousLink] = field(default_factory=dict)
    later_pages: dict[str, list[PreviousPage]] = field(default_factory=dict)  # source -> pages

    def reusable_article(self, url: str, column_url: str, title: str, day: date | None,
                         period: int) -> PreviousPage | None:
        """The stored article when its entry is as listed before and it loaded last time."""
        page = self.pages.get(url)
        if page is None or not page.ok or page.role != "article" or due(url, self.today, period):
            return None
        before = self.entries.get((column_url, url))
        if before is None:  # newly listed here, but read last time (listed elsewhere)
            return page
        same = before[0] == title and (day is None or before[1] == day)  # [04-17]: no year yet
        return page if same else None

    def reusable_link(self, target: str, period: int) -> PreviousLink | None:
        """The stored status of a link that worked last time and is not due for a re-check."""
        link = self.links.get(target)
        if link is None or not link.reachable or due(target, self.today, period):
            return None
        return link


def load_previous(session: Session, unit_id: int, crawl_id: int) -> PreviousCrawl | None:
    """The unit's latest complete crawl before `crawl_id`, or None when there is none."""
    previous = session.scalars(
        select(m.CrawlUnit.crawl_id).where(m.CrawlUnit.unit_id == unit_id, m.CrawlUnit.status == "complete",
                                           m.CrawlUnit.crawl_id < crawl_id)
        .order_by(m.CrawlUnit.crawl_id.desc()).limit(1)).first()
    if previous is None:
        return None
    current = session.get(m.Crawl, crawl_id)
    state = PreviousCrawl(previous, (current.started_at if current else datetime.now()).date())
    ids = dict(crawl_id=previous, unit_id=unit_id)
    for p in session.scalars(select(m.Page).filter_by(**ids)).yield_per(500):
        page = PreviousPage(p.url, p.role, p.outcome, p.http_status, p.fetched_at, p.final_url,
                            p.content_hash, p.encoding, p.title, p.column_url, p.data or {})
        state.pages[p.url] = page
        source = ((p.data or {}).get("list") or {}).get("source")
        if p.role == "list" and source and source != p.url:
            state.later_pages.setdefault(source, []).append(page)
    for column_url, url, title, day in session.execute(
            select(m.Item.column_url, m.Item.url, m.Item.title, m.Item.date).filter_by(**ids)):
        state.entries[(column_url, url)] = (title, day)
    for link in session.scalars(select(m.Link).filter_by(**ids)):
        state.links[link.target] = PreviousLink(link.outcome, link.http_status, link.attempts or [],
                                                link.checked_at)
    for pages in state.later_pages.values():
        pages.sort(key=lambda page: page.url)
    return state
