"""Crawl extensions: progress logging for long crawls (which unit, how many pages, how fast),
and the size guard that names a response cancelled for its size."""
from __future__ import annotations

import logging
import time

from scrapy import signals
from twisted.internet import task

from crawler.fetch_outcome import TOO_LARGE_META

log = logging.getLogger("zwgk.progress")

RECEIVED_META = "zwgk_received"  # body bytes received so far


class CrawlProgress:
    def __init__(self, crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler, crawler.settings.getfloat("PROGRESS_INTERVAL", 10.0))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider):
        if self.interval > 0:
            self.loop = task.LoopingCall(self.report, spider)
            self.loop.start(self.interval, now=False)

    def report(self, spider):
        stats = self.crawler.stats
        pages = stats.get_value("response_received_count", 0)
        elapsed = max(time.monotonic() - self.started, 1e-6)
        pending = stats.get_value("scheduler/enqueued", 0) - stats.get_value("scheduler/dequeued", 0)
        log.info("[%s] 已抓取 %d 页, 待抓取 %d, %.1f 页/秒", getattr(spider, "unit_name", spider.name),
                 pages, pending, pages / elapsed)

    def closed(self, spider):
        if self.loop and self.loop.running:
            self.loop.stop()


class SizeGuard:
    """Marks a request whose body went over `DOWNLOAD_MAXSIZE` while streaming.

    Scrapy cancels such a download with an empty `CancelledError`, which alone cannot be told
    from other cancellations; the mark lets `crawler.fetch_outcome` call it `too_large`.
    """

    def __init__(self, maxsize: int):
        self.maxsize = maxsize

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        crawler.signals.connect(ext.headers_received, signal=signals.headers_received)
        crawler.signals.connect(ext.bytes_received, signal=signals.bytes_received)
        return ext

    @staticmethod
    def headers_received(headers, body_length, request, spider) -> None:
        request.meta[RECEIVED_META] = 0  # a retry of the request counts afresh

    def bytes_received(self, data: bytes, request, spider) -> None:
        received = request.meta.get(RECEIVED_META, 0) + len(data)
        request.meta[RECEIVED_META] = received
        limit = request.meta.get("download_maxsize", self.maxsize)
        if limit and received > limit:
            request.meta[TOO_LARGE_META] = received
