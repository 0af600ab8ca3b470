"""The storage pipeline: writes what the spider gathered, in batches, as it arrives.

What is committed survives a crash; the crawl-unit row says whether the unit finished.
"""
from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler import __version__
from crawler.items import (
    ColumnRecord,
    LinkRecord,
    ListEntryRecord,
    PageRecord,
    ProblemRecord,
    UnitStateRecord,
)
from storage import models as m
from storage.db import init_db, make_engine, resolve_db_url
from storage.repository import ensure_unit, open_crawl_unit

log = logging.getLogger(__name__)
BATCH = 500


class StoragePipeline:
    def __init__(self, db_url: str, crawl_id: int | None):
        self.db_url = db_url
        self.crawl_id = crawl_id
        self.pending = 0

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(resolve_db_url(settings.get("ZWGK_DB_URL")), settings.getint("ZWGK_CRAWL_ID") or None)

    def open_spider(self, spider) -> None:
        self.engine = make_engine(self.db_url)
        if self.crawl_id is None:  # a bare `scrapy crawl`: this spider's crawl is its own
            init_db(self.engine)
        self.session = Session(self.engine, expire_on_commit=False)
        unit = ensure_unit(self.session, spider.unit)
        if self.crawl_id is None:
            crawl = m.Crawl(started_at=datetime.now(), tool_version=__version__, status="running")
            self.session.add(crawl)
            self.session.flush()
            self.crawl_id = crawl.id
            self.own_crawl = True
        else:
            self.own_crawl = False
        spider.crawl_id = self.crawl_id
        self.unit_id = unit.id
        self.crawl_unit = open_crawl_unit(self.session, self.crawl_id, unit.id)
        self.pages: dict[str, m.Page] = {
            p.url: p for p in self.session.scalars(select(m.Page).filter_by(
                crawl_id=self.crawl_id, unit_id=unit.id))}
        self.session.commit()

    def process_item(self, item, spider):
        ids = dict(crawl_id=self.crawl_id, unit_id=self.unit_id)
        if isinstance(item, PageRecord):
            row = self.pages.get(item.url)
            if row is None:
                row = m.Page(**ids, **asdict(item))
                self.pages[item.url] = row
                self.session.add(row)
            else:
                for key, value in asdict(item).items():
                    setattr(row, key, value)
        elif isinstance(item, ColumnRecord):
            self.session.add(m.Column(**ids, **asdict(item)))
        elif isinstance(item, ListEntryRecord):
            self.session.add(m.Item(**ids, **asdict(item)))
        elif isinstance(item, ProblemRecord):
            self.session.add(m.CrawlProblem(**ids, **asdict(item)))
        elif isinstance(item, UnitStateRecord):
            self.crawl_unit.disclosure_url = item.disclosure_url
        else:
            return item
        self.pending += 1
        if self.pending >= BATCH:
            self.session.commit()
            self.pending = 0
        return item

    def close_spider(self, spider) -> None:
        ids = dict(crawl_id=self.crawl_id, unit_id=self.unit_id)
        links: list[LinkRecord] = list(spider.link_records())
        self.session.add_all(m.Link(**ids, **asdict(link)) for link in links)
        reason = spider.crawler.stats.get_value("finish_reason") or "finished"
        self.crawl_unit.status = "complete" if reason == "finished" else "aborted"
        self.crawl_unit.finished_at = datetime.now()
        if self.own_crawl:
            crawl = self.session.get(m.Crawl, self.crawl_id)
            crawl.status = self.crawl_unit.status
            crawl.finished_at = self.crawl_unit.finished_at
        self.session.commit()
        self.session.close()
        self.engine.dispose()
        log.info("[%s] 已写入数据库 crawl=%s", spider.unit_name, self.crawl_id)
