"""Distributed crawling: several `zwgk crawl --redis URL` workers share one frontier.

The frontier and the duplicate filter are scrapy-redis's (`scrapy_redis.scheduler.Scheduler`
with its Redis sorted-set priority queue and Redis-set dupefilter), one pair of keys per unit,
so that every request is fetched once by whichever worker pops it, on any machine. What this
module adds is what scrapy-redis leaves to the application:

- **one crawl for all workers**: workers started with the same units config (same digest)
  join the same crawl row; the first one creates it (`join_crawl`); each waits for the others
  to have stored everything before it returns (`finish_crawl`: a `zwgk run` checks the whole
  crawl), and the last one to leave deletes the run's keys (`leave_crawl`);
- **knowing when the crawl is over**: a worker whose own engine is idle closes only when the
  unit's queue is empty and no other worker is still busy with a request it popped
  (`RedisScheduler` marks a worker busy when it pops one, `DistributedIdle` clears it when
  the worker goes idle). A worker that stops early only costs parallelism: the requests stay
  in Redis for the workers still running, and the last one closes only on an empty queue.

Keys live under `{ZWGK_REDIS_PREFIX or "zwgk"}:{config digest[:16]}:{YYYYMMDD}` and are all
removed when the last worker leaves (workers of one run start the same day, from one cron time). The spider records facts only and storage writes are idempotent
(`storage.upsert`), so the workers' rows merge into one crawl in the shared database.
"""
from __future__ import annotations

import hashlib
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from datetime import date

from scrapy import Request, signals
from scrapy.settings import Settings
from scrapy.exceptions import DontCloseSpider
from scrapy_redis import connection
from scrapy_redis.scheduler import Scheduler

#: Seconds a worker waits for the first worker to create the crawl row.
JOIN_TIMEOUT = 60.0
#: Seconds a member waits, after its own crawl processes ended, for the other members'.
FINISH_TIMEOUT = 600.0

log = logging.getLogger(__name__)


def namespace(config_digest: str, day: date | None = None) -> str:
    """The keys of one run: the units config and the day it started (a run that was killed
    leaves keys behind, which must never make the next night's workers skip every URL)."""
    day = day or date.today()
    return f"{os.environ.get('ZWGK_REDIS_PREFIX') or 'zwgk'}:{config_digest[:16]}:{day:%Y%m%d}"


def connect(url: str):
    """A Redis client for `url` (ConfigError when the redis package is missing or the server is down)."""
    from crawler.yamlfile import ConfigError

    try:
        import redis
    except ImportError:
        raise ConfigError("--redis", None, "", "需要 redis 客户端, 请安装: pip install 'zwgk-audit[redis]'") from None
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError as exc:
        from storage.db import safe_url

        raise ConfigError("--redis", None, "", f"无法连接 Redis {safe_url(url)}: {exc}") from None
    return client


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def join_crawl(client, ns: str, me: str, open_crawl: Callable[[], int]) -> int:
    """The id of the crawl this run's workers share; `open_crawl()` creates it for the first."""
    client.sadd(f"{ns}:workers", me)
    if client.set(f"{ns}:crawl", "pending", nx=True):
        crawl_id = open_crawl()
        client.set(f"{ns}:crawl", str(crawl_id))
        return crawl_id
    deadline = time.monotonic() + JOIN_TIMEOUT
    while time.monotonic() < deadline:
        value = client.get(f"{ns}:crawl")
        if value and value != b"pending":
            return int(value)
        time.sleep(0.1)
    raise RuntimeError(f"no crawl id appeared under {ns}:crawl within {JOIN_TIMEOUT:.0f} s")


def finish_crawl(client, ns: str, me: str, timeout: float = FINISH_TIMEOUT) -> bool:
    """Say this member is done and wait until every member of the run is (their last rows are
    stored only when their spiders close), so that a check right after sees the whole crawl.
    False when some member did not finish within `timeout` seconds."""
    client.sadd(f"{ns}:done", me)
    deadline = time.monotonic() + timeout
    while client.sdiff(f"{ns}:workers", f"{ns}:done"):
        if time.monotonic() > deadline:
            log.warning("分布式抓取: %s 内仍有工作进程未结束, 不再等待", f"{timeout:.0f} 秒")
            return False
        time.sleep(0.5)
    return True


def leave_crawl(client, ns: str, me: str) -> bool:
    """Leave the run; the last worker out deletes every key of the run (returns True then)."""
    client.srem(f"{ns}:workers", me)
    if client.scard(f"{ns}:workers"):
        return False
    keys = list(client.scan_iter(match=f"{ns}:*", count=1000))
    if keys:
        client.delete(*keys)
    return True


def unit_keys(ns: str, unit_name: str) -> dict[str, str]:
    base = f"{ns}:u{hashlib.sha1(unit_name.encode('utf-8')).hexdigest()[:12]}"
    return {"queue": f"{base}:requests", "dupefilter": f"{base}:dupefilter", "busy": f"{base}:busy"}


def apply_redis(settings: Settings, url: str, ns: str, unit_name: str, me: str) -> None:
    """Put one unit's spider (its crawler `settings`) on the shared frontier."""
    keys = unit_keys(ns, unit_name)
    settings.setdict({
        "SCHEDULER": "crawler.redis_frontier.RedisScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "REDIS_URL": url,
        "SCHEDULER_QUEUE_KEY": keys["queue"],
        "SCHEDULER_DUPEFILTER_KEY": keys["dupefilter"],
        "SCHEDULER_PERSIST": True,  # the other workers still need the queue and the filter
        "ZWGK_REDIS_BUSY_KEY": keys["busy"],
        "ZWGK_WORKER_ID": me,
        "EXTENSIONS": {**settings.getdict("EXTENSIONS"), "crawler.redis_frontier.DistributedIdle": 400},
    }, priority="cmdline")


def first_try(request: Request) -> bool:
    """A request the shared filter must see even when it is `dont_filter`: the spider stops
    duplicates itself (per process) and so marks its first requests `dont_filter`; its retries,
    the redirects they lead to and the GET that confirms a failed HEAD link check must pass."""
    meta = request.meta
    return meta.get("attempt", 1) == 1 and not meta.get("redirect_urls") and \
        not (meta.get("role") == "link" and request.method == "GET")


class RedisScheduler(Scheduler):
    """scrapy-redis's scheduler; the shared filter also sees the spider's `dont_filter` first
    requests (`first_try`), and a worker that pops a request is marked busy for its unit."""

    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        scheduler.busy_key = crawler.settings.get("ZWGK_REDIS_BUSY_KEY")
        scheduler.me = crawler.settings.get("ZWGK_WORKER_ID")
        return scheduler

    def enqueue_request(self, request: Request) -> bool:
        if request.dont_filter and first_try(request) and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        return super().enqueue_request(request)

    def next_request(self):
        request = super().next_request()
        if request is not None:
            self.server.sadd(self.busy_key, self.me)
        return request


class DistributedIdle:
    """Keeps an idle worker open while the unit's queue has requests or another worker is busy.

    A worker stops counting as busy only at its second idle call in a row: the first one lets
    the storage pipeline flush (it flushes on the same signal, after this handler), so that a
    worker that closes on seeing nobody busy finds every other worker's rows stored.
    """

    def __init__(self, settings):
        self.server = connection.from_settings(settings)
        self.queue_key = settings.get("SCHEDULER_QUEUE_KEY")
        self.busy_key = settings.get("ZWGK_REDIS_BUSY_KEY")
        self.me = settings.get("ZWGK_WORKER_ID")
        self.idle_since_pop = False

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler.settings)
        crawler.signals.connect(ext.idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.popped, signal=signals.request_scheduled)
        crawler.signals.connect(ext.popped, signal=signals.response_received)
        return ext

    def popped(self) -> None:
        self.idle_since_pop = False

    def idle(self) -> None:
        if not self.idle_since_pop:
            self.idle_since_pop = True
            raise DontCloseSpider
        self.server.srem(self.busy_key, self.me)
        if self.server.zcard(self.queue_key) or self.server.scard(self.busy_key):
            raise DontCloseSpider
