"""The baseline of bench/throughput.py: a bare Scrapy CrawlSpider that follows every in-site link
and stores nothing, with the engine settings `zwgk crawl` runs with on the benchmark portal
(no delay, the same concurrency, CONCURRENT_ITEMS of crawler/settings.py).

    python -m bench.bare_spider URL CONCURRENCY   # prints {"pages": N, "seconds": S} last
"""
from __future__ import annotations

import json
import sys
import time
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule

from crawler import settings as zwgk


class BareSpider(CrawlSpider):
    name = "bare"

    def __init__(self, home: str, **kwargs):
        self.start_urls = [home]
        # LinkExtractor compares the netloc, port included (allowed_domains cannot hold a port).
        self.rules = (Rule(LinkExtractor(allow_domains=[urlsplit(home).netloc]), follow=True),)
        super().__init__(**kwargs)


def main(home: str, concurrency: int) -> None:
    process = CrawlerProcess({
        "LOG_LEVEL": "WARNING", "ROBOTSTXT_OBEY": True, "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS": zwgk.CONCURRENT_REQUESTS, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        # the engine tuning zwgk runs with (else Scrapy's 100 tasks per response slow it down)
        "CONCURRENT_ITEMS": zwgk.CONCURRENT_ITEMS,
        "AUTOTHROTTLE_ENABLED": False, "RETRY_ENABLED": False, "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
    })
    crawler = process.create_crawler(BareSpider)
    started = time.monotonic()
    process.crawl(crawler, home=home)
    process.start()
    pages = crawler.stats.get_value("response_received_count", 0)
    print(json.dumps({"pages": pages, "seconds": time.monotonic() - started}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
