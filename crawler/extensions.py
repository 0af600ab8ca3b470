"""Progress logging for long crawls: which unit, how many pages, how fast."""
from __future__ import annotations

import logging
import time

from scrapy import signals
from twisted.internet import task

log = logging.getLogger("zwgk.progress")


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
