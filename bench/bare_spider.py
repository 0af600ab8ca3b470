"""The baseline of bench/throughput.py: a bare Scrapy CrawlSpider that follows every in-site link
and stores nothing, with the settings `zwgk crawl` uses for the benchmark portal.

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
        "CONCURRENT_REQUESTS": 32, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
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
