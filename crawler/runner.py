"""Runs a crawl of several units: one Scrapy process, one spider per unit, one shared crawl row."""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from scrapy.settings import Settings
from sqlalchemy import select

from crawler import __version__
from crawler.config import UnitConfig, UnitsConfig
from storage import models as m
from storage.db import init_db, make_engine, session_scope
from storage.repository import ensure_unit, open_crawl

log = logging.getLogger(__name__)


def unit_settings(base: Settings, unit: UnitConfig, db_url: str, crawl_id: int) -> Settings:
    """Scrapy settings for one unit: politeness and budget from its config."""
    settings = base.copy()
    opts = unit.crawl
    ua = opts.user_agent or settings.get("USER_AGENT")
    if opts.contact and opts.contact not in ua:
        ua = ua.rstrip(")") + f"; {opts.contact})" if ua.endswith(")") else f"{ua} ({opts.contact})"
    settings.setdict({
        "USER_AGENT": ua,
        "DOWNLOAD_DELAY": opts.delay,
        "RANDOMIZE_DOWNLOAD_DELAY": opts.delay > 0,
        "AUTOTHROTTLE_ENABLED": opts.delay > 0,
        "AUTOTHROTTLE_START_DELAY": max(opts.delay, 0.1),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(opts.concurrency_per_host),
        "CONCURRENT_REQUESTS_PER_DOMAIN": opts.concurrency_per_host,
        "DOWNLOAD_TIMEOUT": opts.timeout,
        "ZWGK_DB_URL": db_url,
        "ZWGK_CRAWL_ID": crawl_id,
    }, priority="cmdline")
    return settings


def crawl_in_process(units: list[UnitConfig], db_url: str, crawl_id: int,
                     column_types: dict[str, list[str]], log_level: str = "INFO") -> None:
    """Run the spiders of `units` in this process (the Twisted reactor runs once per process)."""
    from scrapy.crawler import Crawler, CrawlerProcess

    from spiders.portal import PortalSpider

    base = Settings()
    base.setmodule("crawler.settings", priority="project")
    base.set("LOG_LEVEL", log_level, priority="cmdline")
    process = CrawlerProcess(base)
    for i, unit in enumerate(units):
        crawler = Crawler(PortalSpider, unit_settings(base, unit, db_url, crawl_id),
                          init_reactor=i == 0)
        process.crawl(crawler, unit_json=unit.to_json(), crawl_id=crawl_id,
                      column_types=column_types)
    process.start()


def run_crawl(config: UnitsConfig, db_url: str, column_types: dict[str, list[str]],
              log_level: str = "INFO") -> int:
    """Crawl every unit of `config` into a new crawl; returns its id.

    The spiders run in a child process so that a crash there cannot take the stored data or
    the caller with it, and so the caller can crawl again (Twisted's reactor cannot restart).
    """
    engine = make_engine(db_url)
    init_db(engine)
    with session_scope(engine) as session:
        for unit in config.units:
            ensure_unit(session, unit)
        crawl_id = open_crawl(session, config.digest).id
    with tempfile.TemporaryDirectory(prefix="zwgk-") as tmp:
        job = Path(tmp) / "job.json"
        job.write_text(json.dumps({"units": [u.to_json() for u in config.units], "db_url": db_url,
                                   "crawl_id": crawl_id, "column_types": column_types,
                                   "log_level": log_level}, ensure_ascii=False), encoding="utf-8")
        code = subprocess.call([sys.executable, "-m", "crawler.crawl_process", str(job)],
                               env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    with session_scope(engine) as session:
        crawl = session.get(m.Crawl, crawl_id)
        statuses = session.scalars(select(m.CrawlUnit.status).where(
            m.CrawlUnit.crawl_id == crawl_id)).all()
        complete = code == 0 and len(statuses) == len(config.units) and \
            all(s == "complete" for s in statuses)
        crawl.status = "complete" if complete else "aborted"
        crawl.finished_at = datetime.now()
    engine.dispose()
    if code != 0:
        log.error("crawl process exited with %s; what it stored is kept (crawl %s)", code, crawl_id)
    return crawl_id
