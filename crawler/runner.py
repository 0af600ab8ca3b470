"""Runs a crawl of several units: one Scrapy process, one spider per unit, one shared crawl row."""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from scrapy.settings import Settings
from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler import __version__
from crawler.config import UnitConfig, UnitsConfig
from crawler.yamlfile import ConfigError
from storage import models as m
from storage.db import init_db, make_engine, session_scope
from storage.repository import ensure_unit, open_crawl, open_crawl_unit

log = logging.getLogger(__name__)


def unit_settings(base: Settings, unit: UnitConfig, db_url: str, crawl_id: int) -> Settings:
    """Scrapy settings for one unit: politeness and budget from its config."""
    settings = base.copy()
    opts = unit.crawl
    settings.setdict({
        "USER_AGENT": opts.user_agent_for(settings.get("USER_AGENT")),
        "DOWNLOAD_DELAY": opts.delay,
        "RANDOMIZE_DOWNLOAD_DELAY": opts.delay > 0,
        "AUTOTHROTTLE_ENABLED": opts.delay > 0,
        "AUTOTHROTTLE_START_DELAY": max(opts.delay, 0.1),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(opts.concurrency_per_host),
        "CONCURRENT_REQUESTS_PER_DOMAIN": opts.concurrency_per_host,
        "DOWNLOAD_TIMEOUT": opts.timeout,
        "DOWNLOAD_MAXSIZE": opts.max_page_bytes,  # also caps a gzip body as it inflates
        "ZWGK_DB_URL": db_url,
        "ZWGK_CRAWL_ID": crawl_id,
    }, priority="cmdline")
    return settings


def crawl_in_process(units: list[UnitConfig], db_url: str, crawl_id: int,
                     column_types: dict[str, list[str]], log_level: str = "INFO",
                     worker: tuple[int, int] | None = None, redis: dict | None = None) -> None:
    """Run the spiders of `units` in this process (the Twisted reactor runs once per process).

    `worker` = (index, workers) makes this process one of several local workers: on the shared
    Redis frontier when `redis` ({url, namespace}) is given (`crawler.redis_frontier`), else on
    its own shard of the columns (`crawler.sharding`).
    """
    from scrapy.crawler import Crawler, CrawlerProcess

    from crawler.sharding import worker_unit
    from spiders.portal import PortalSpider

    base = Settings()
    base.setmodule("crawler.settings", priority="project")
    base.set("LOG_LEVEL", log_level, priority="cmdline")
    if worker is not None:
        units = [worker_unit(unit, worker[1]) for unit in units]
        if redis is None:
            middlewares = {**base.getdict("SPIDER_MIDDLEWARES"), "crawler.sharding.ShardMiddleware": 50}
            base.setdict({"SPIDER_MIDDLEWARES": middlewares, "ZWGK_SHARD": list(worker)},
                         priority="cmdline")
    process = CrawlerProcess(base)
    me = f"{redis['worker']}/{worker[0] if worker else 0}" if redis else None
    for i, unit in enumerate(units):
        settings = unit_settings(base, unit, db_url, crawl_id)
        if redis:
            from crawler.redis_frontier import apply_redis

            apply_redis(settings, redis["url"], redis["namespace"], unit.name, me)
        crawler = Crawler(PortalSpider, settings, init_reactor=i == 0)
        process.crawl(crawler, unit_json=unit.to_json(), crawl_id=crawl_id,
                      column_types=column_types)
    process.start()


def resumable_crawl(session: Session, config: UnitsConfig, crawl_id: int | None) -> m.Crawl:
    """The crawl `zwgk crawl --resume [ID]` continues: `crawl_id`, else the latest one. It must
    be unfinished and started with the same units config (ConfigError otherwise)."""
    crawl = session.get(m.Crawl, crawl_id) if crawl_id else session.scalars(
        select(m.Crawl).order_by(m.Crawl.id.desc()).limit(1)).first()
    if crawl is None:
        raise ConfigError("--resume", None, "",
                          f"没有编号为 {crawl_id} 的抓取" if crawl_id else "数据库中还没有抓取记录, 无可续抓")
    if crawl.status == "complete":
        raise ConfigError("--resume", None, "", f"抓取 {crawl.id} 已完成, 无需续抓")
    if crawl.config_digest and crawl.config_digest != config.digest:
        raise ConfigError(config.source, None, "--resume",
                          f"抓取 {crawl.id} 开始时的单位配置与此文件不同, 不能续抓")
    return crawl


def pending_units(session: Session, crawl_id: int, config: UnitsConfig) -> tuple[UnitConfig, ...]:
    """The units of `config` that crawl `crawl_id` has not completed (in config order)."""
    done = set(session.scalars(select(m.Unit.name).join(m.CrawlUnit, m.CrawlUnit.unit_id == m.Unit.id)
                               .where(m.CrawlUnit.crawl_id == crawl_id, m.CrawlUnit.status == "complete")))
    return tuple(u for u in config.units if u.name not in done)


def run_crawl(config: UnitsConfig, db_url: str, column_types: dict[str, list[str]],
              log_level: str = "INFO", workers: int = 1, redis_url: str | None = None,
              resume: int | None = None, on_start: Callable[[list[int]], None] | None = None) -> int:
    """Crawl every unit of `config` into a new crawl; returns its id.

    `resume` continues an unfinished crawl instead (0: the latest one): same crawl id, only the
    units it has not completed; what they stored is kept and not fetched twice (the pipeline
    skips stored articles and settled links, every write is idempotent). `on_start` is called
    with the pids of the crawl processes (tests kill them).

    The spiders run in a child process (`workers` of them, see `crawler.sharding`) so that a
    crash there cannot take the stored data or the caller with it, and so the caller can crawl
    again (Twisted's reactor cannot restart). With `redis_url` this is one member of a
    distributed crawl (`crawler.redis_frontier`): it joins the crawl of the other members
    started with the same config.
    """
    engine = make_engine(db_url)
    init_db(engine)

    def new_crawl() -> int:
        with session_scope(engine) as session:
            crawl_id = open_crawl(session, config.digest).id
            for unit in config.units:  # before the workers start, so that they all find the rows
                open_crawl_unit(session, crawl_id, ensure_unit(session, unit).id)
            return crawl_id

    redis = None
    units = config.units
    if resume is not None:
        with session_scope(engine) as session:
            crawl = resumable_crawl(session, config, resume or None)
            crawl_id, units = crawl.id, pending_units(session, crawl.id, config)
            crawl.status, crawl.finished_at = "running", None
        log.info("续抓 crawl %s: %d 个单位未完成", crawl_id, len(units))
    elif redis_url:
        try:
            from crawler import redis_frontier as rf
        except ImportError as exc:  # scrapy-redis / redis: the `redis` extra
            raise ConfigError("--redis", None, "", f"分布式抓取需要 {exc.name}, 请安装: "
                              "pip install 'zwgk-audit[redis]'") from None
        client = rf.connect(redis_url)
        redis = {"url": redis_url, "namespace": rf.namespace(config.digest), "worker": rf.worker_id()}
        crawl_id = rf.join_crawl(client, redis["namespace"], redis["worker"], new_crawl)
    else:
        crawl_id = new_crawl()
    try:
        with tempfile.TemporaryDirectory(prefix="zwgk-") as tmp:
            job = Path(tmp) / "job.json"
            job.write_text(json.dumps({"units": [u.to_json() for u in units], "db_url": db_url,
                                       "crawl_id": crawl_id, "column_types": column_types,
                                       "log_level": log_level, "redis": redis},
                                      ensure_ascii=False), encoding="utf-8")
            children = [subprocess.Popen(
                [sys.executable, "-m", "crawler.crawl_process", str(job)]
                + ([f"{i}/{workers}"] if workers > 1 else []),
                env={**os.environ, "PYTHONIOENCODING": "utf-8"}) for i in range(workers)] if units else []
            if on_start is not None:
                on_start([child.pid for child in children])
            code = next((c for c in [child.wait() for child in children] if c != 0), 0)
        if redis:
            rf.finish_crawl(client, redis["namespace"], redis["worker"])
    finally:
        if redis:
            rf.leave_crawl(client, redis["namespace"], redis["worker"])
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
        log.error("crawl process exited with %s; what it stored is kept (crawl %s, continue it with "
                  "`zwgk crawl --resume %s`)", code, crawl_id, crawl_id)
    return crawl_id
