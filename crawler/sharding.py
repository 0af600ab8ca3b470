"""Local crawl workers: `zwgk crawl --workers N` uses N processes (N cores) on one machine.

Scrapy runs one reactor on one core; a crawl of one big portal is CPU-bound there (parsing,
extraction, storage). With N workers every process runs the same spider over the same units
and splits the work by *column*: the home page and the disclosure root (with the frames and
column-tree files it includes) are read by every worker, as that is where the columns are
found; each top-level column belongs to one worker (a stable hash of its URL), and whatever a
column leads to (its list pages, sub-columns, articles, their link checks) stays with the
worker that read the column. Link checks found on the shared pages belong to the worker that
owns the target; a link target met in the columns of two workers is checked by both (no
shared filter without Redis).

Each worker gets 1/N of the unit's politeness budget (concurrency per host, pages) and N times
its delay, so N workers together are as polite to a site as one. The spider records facts only
and every write is idempotent, so the workers' rows merge in the database as one crawl's.

Distributed crawling over several machines uses the Redis frontier instead
(`crawler.redis_frontier`), which also shares one duplicate filter.
"""
from __future__ import annotations

import math
import zlib
from dataclasses import replace

from scrapy import Request
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from crawler.config import UnitConfig

#: Pages every worker reads (the home page and the column discovery: the disclosure root, its
#: frames and its column-tree data): the requests they lead to are divided between the workers.
SHARED_ROLES = frozenset({"home", "disclosure", "frame", "navdata"})


def owner(url: str, workers: int) -> int:
    """The worker (0 … workers-1) that owns `url`: the same in every process and every run."""
    return zlib.crc32(url.encode("utf-8")) % workers


def worker_unit(unit: UnitConfig, workers: int) -> UnitConfig:
    """`unit` with its politeness split between `workers` processes."""
    if workers == 1:
        return unit
    opts = unit.crawl
    return replace(unit, crawl=replace(
        opts, delay=opts.delay * workers,
        concurrency_per_host=max(1, math.ceil(opts.concurrency_per_host / workers)),
        max_pages=max(1, math.ceil(opts.max_pages / workers))))


class ShardMiddleware(BaseSpiderMiddleware):
    """Drops the requests another worker owns (setting `ZWGK_SHARD` = (index, workers))."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.index, self.workers = crawler.settings.getlist("ZWGK_SHARD")
        self.index, self.workers = int(self.index), int(self.workers)

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        source = response.meta.get("role") if response is not None else None
        if source not in SHARED_ROLES or request.meta.get("role") in SHARED_ROLES:
            return request
        return request if owner(request.url, self.workers) == self.index else None
