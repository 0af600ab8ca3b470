"""The storage pipeline: writes the spider's facts in idempotent batches as they arrive.

Every write is an insert-or-ignore / upsert keyed on (crawl, unit, url …), so a crawl resumed
after a kill, or two workers meeting the same page, never store anything twice. What was
committed before a crash stays; the crawl-unit row says whether the unit finished.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, datetime
from urllib.parse import urlsplit

from scrapy import signals
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from crawler.items import (
    ColumnRecord,
    EntryDateRecord,
    LinkAttemptRecord,
    LinkCopyRecord,
    LinkSourceRecord,
    ListEntryRecord,
    PageRecord,
    ProblemRecord,
    UnitStateRecord,
)
from crawler.incremental import load_previous
from crawler.outcomes import NEVER_RETRY, REACHABLE
from spiders.extract.dates import complete_month_day
from storage import models as m
from storage.db import init_db, make_engine, resolve_db_url
from storage.repository import ensure_unit, open_crawl, open_crawl_unit
from storage.upsert import insert_ignore, upsert

log = logging.getLogger(__name__)
BATCH = 500

#: record type → (table, conflict keys, upsert?)
TABLES = {
    PageRecord: (m.Page.__table__, ("crawl_id", "unit_id", "url"), True),
    ColumnRecord: (m.Column.__table__, ("crawl_id", "unit_id", "url"), False),
    ListEntryRecord: (m.Item.__table__, ("crawl_id", "unit_id", "column_url", "url"), False),
    LinkCopyRecord: (m.Link.__table__, ("crawl_id", "unit_id", "target"), False),
    LinkSourceRecord: (m.LinkSource.__table__, ("crawl_id", "unit_id", "target", "source"), False),
    ProblemRecord: (m.CrawlProblem.__table__, ("crawl_id", "unit_id", "url", "kind"), False),
}


class StoragePipeline:
    def __init__(self, db_url: str, crawl_id: int | None):
        self.db_url = db_url
        self.crawl_id = crawl_id
        self.rows: dict[type, list[dict]] = defaultdict(list)
        self.attempts: dict[str, list[dict]] = defaultdict(list)
        self.entry_dates: list[EntryDateRecord] = []
        self.pending = 0

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        pipeline = cls(resolve_db_url(settings.get("ZWGK_DB_URL")), settings.getint("ZWGK_CRAWL_ID") or None)
        crawler.signals.connect(pipeline.flush_when_idle, signal=signals.spider_idle)
        return pipeline

    def open_spider(self, spider) -> None:
        self.engine = make_engine(self.db_url)
        self.own_crawl = self.crawl_id is None
        if self.own_crawl:  # a bare `scrapy crawl`: this spider's crawl is its own
            init_db(self.engine)
        self.session = Session(self.engine, expire_on_commit=False)
        unit = ensure_unit(self.session, spider.unit)
        if self.own_crawl:
            self.crawl_id = open_crawl(self.session).id
        spider.crawl_id = self.crawl_id
        self.unit_id = unit.id
        self.crawl_unit = open_crawl_unit(self.session, self.crawl_id, unit.id)
        spider.done_urls = self._done_urls(spider)
        if spider.options.incremental:
            spider.previous = load_previous(self.session, unit.id, self.crawl_id)
        if spider.done_urls:
            log.info("[%s] 续抓 crawl %s: 已完成 %d 个网址", spider.unit_name, self.crawl_id,
                     len(spider.done_urls))
        self.session.commit()

    def _done_urls(self, spider) -> set[str]:
        """Articles and link targets a resumed crawl need not fetch again.

        A target is settled when it was reached, failed for good, or had every attempt; an
        unsettled one keeps its attempt count (`spider.prior_attempts`), so that resumed, it gets
        only the attempts still due. An article is done when its in-scope links are settled too
        (else it is read again, to finish its link checks).
        """
        ids = dict(crawl_id=self.crawl_id, unit_id=self.unit_id)
        settled: set[str] = set()
        for target, outcome, attempts in self.session.execute(
                select(m.Link.target, m.Link.outcome, m.Link.attempts).filter_by(**ids)):
            if outcome in REACHABLE or outcome in NEVER_RETRY or \
                    len(attempts or ()) >= spider.options.link_attempts:
                settled.add(target)
            else:
                spider.prior_attempts[target] = len(attempts or ())
        done = set(settled)
        for url, data in self.session.execute(
                select(m.Page.url, m.Page.data).filter_by(**ids, role="article")).yield_per(500):
            links = ((data or {}).get("article") or {}).get("links") or ()
            if all(target in settled for target, _ in links
                   if (urlsplit(target).hostname or "").lower() in spider.scope_hosts):
                done.add(url)
        return done

    def process_item(self, item, spider):
        if isinstance(item, LinkAttemptRecord):
            self.attempts[item.target].append({"at": item.at.isoformat(timespec="seconds"),
                                               "outcome": str(item.outcome), "status": item.http_status})
        elif isinstance(item, UnitStateRecord):
            self.crawl_unit.disclosure_url = item.disclosure_url
        elif isinstance(item, EntryDateRecord):
            self.entry_dates.append(item)
        elif type(item) in TABLES:
            self.rows[type(item)].append(
                # vars(), not asdict(): no deep copy of the page data (it was 2 % of the crawl)
                {"crawl_id": self.crawl_id, "unit_id": self.unit_id, **vars(item)})
        else:
            return item
        self.pending += 1
        if self.pending >= BATCH:
            self.flush()
        return item

    def flush(self) -> None:
        """Write everything buffered, in one transaction."""
        for record_type, rows in self.rows.items():
            table, keys, replace = TABLES[record_type]
            unique = {tuple(r[k] for k in keys): r for r in rows}  # last one wins within a batch
            (upsert if replace else insert_ignore)(self.session, table, list(unique.values()), keys)
        self._write_attempts()
        self._write_entry_dates()
        self.session.commit()
        self.rows.clear()
        self.attempts.clear()
        self.pending = 0

    def flush_when_idle(self) -> None:
        """An idle spider stores what it holds: other workers of a distributed crawl (and a
        check right after it) see its rows without waiting for it to close."""
        if self.pending or self.entry_dates:
            self.flush()

    def _write_entry_dates(self) -> None:
        """Fill the dates of list entries that were stored without one. An entry not stored yet
        (another worker of a distributed crawl read its list page) is tried again at the next
        flush, the last one at close."""
        waiting = []
        for record in self.entry_dates:
            result = self.session.execute(update(m.Item).where(
                m.Item.crawl_id == self.crawl_id, m.Item.unit_id == self.unit_id,
                m.Item.column_url == record.column_url, m.Item.url == record.url)
                .values(date=func.coalesce(m.Item.date, record.date)))
            if result.rowcount == 0:
                waiting.append(record)
        self.entry_dates = waiting

    def _date_entries_from_articles(self) -> None:
        """Give month-day entries (``[04-17]``) still without a date the year of their stored
        article. The spider does this as it goes when one process read both the list and the
        article; in a distributed crawl two workers may have, so each finishes with this pass
        (the last worker to close sees every page)."""
        rows = self.session.execute(
            select(m.Item.id, m.Item.date_text, m.Page.data)
            .join(m.Page, (m.Page.crawl_id == m.Item.crawl_id) & (m.Page.unit_id == m.Item.unit_id)
                  & (m.Page.url == m.Item.url))
            .where(m.Item.crawl_id == self.crawl_id, m.Item.unit_id == self.unit_id,
                   m.Item.date.is_(None), m.Item.date_text.is_not(None), m.Page.role == "article")).all()
        for item_id, text, data in rows:
            article = (data or {}).get("article") or {}
            day = article.get("visible_date") or article.get("url_date")
            found = complete_month_day(text, date.fromisoformat(day)) if day else None
            if found is not None:
                self.session.execute(update(m.Item).where(m.Item.id == item_id).values(date=found))

    def _write_attempts(self) -> None:
        """Append this batch's attempts to the link rows of their targets."""
        if not self.attempts:
            return
        ids = dict(crawl_id=self.crawl_id, unit_id=self.unit_id)
        stored = dict(self.session.execute(
            select(m.Link.target, m.Link.attempts).filter_by(**ids)
            .where(m.Link.target.in_(list(self.attempts)))).all())
        rows = []
        for target, new in self.attempts.items():
            attempts = list(stored.get(target) or []) + new
            last = attempts[-1]
            rows.append({**ids, "target": target, "outcome": last["outcome"],
                         "http_status": last["status"], "attempts": attempts,
                         "checked_at": datetime.fromisoformat(last["at"])})
        upsert(self.session, m.Link.__table__, rows, ("crawl_id", "unit_id", "target"))

    def close_spider(self, spider) -> None:
        self.flush()
        failed = set(self.session.scalars(
            select(m.Link.target).filter_by(crawl_id=self.crawl_id, unit_id=self.unit_id)
            .where(m.Link.outcome.not_in([str(o) for o in REACHABLE]))))
        for record in spider.failed_sources(failed):
            self.process_item(record, spider)
        site = spider.site_facts_record()
        if site is not None:
            self.process_item(site, spider)
        self.flush()
        self._date_entries_from_articles()
        reason = spider.crawler.stats.get_value("finish_reason") or "finished"
        self.crawl_unit.status = "complete" if reason == "finished" else "aborted"
        self.crawl_unit.finished_at = datetime.now()
        if self.own_crawl:
            crawl = self.session.get(m.Crawl, self.crawl_id)
            crawl.status, crawl.finished_at = self.crawl_unit.status, self.crawl_unit.finished_at
        self.flush()
        self.session.close()
        self.engine.dispose()
        log.info("[%s] 已写入数据库 crawl=%s", spider.unit_name, self.crawl_id)
