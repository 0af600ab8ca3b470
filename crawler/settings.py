"""Scrapy settings of the zwgk project (`scrapy crawl portal -a config=… -a unit=…`).

Per-unit politeness (delay, concurrency, robots) is applied by `crawler.runner.unit_settings`.
"""
from crawler import __version__

BOT_NAME = "zwgk"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

USER_AGENT = f"zwgk-audit/{__version__} (政务公开检查; +https://github.com/zwgk-audit)"
ROBOTSTXT_OBEY = True

CONCURRENT_REQUESTS = 32
# Items of one response processed at once. Scrapy starts this many asyncio tasks for the output
# of *every* response (default 100): with our synchronous pipeline that bought nothing and cost
# a quarter of the crawl's CPU (profiled with py-spy, bench/throughput.py).
CONCURRENT_ITEMS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
RANDOMIZE_DOWNLOAD_DELAY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # per unit: crawl option max_page_bytes
DOWNLOAD_WARNSIZE = 0
REDIRECT_MAX_TIMES = 8
# Retries are ours (spread out over the crawl, see spiders.portal): Scrapy's immediate ones
# would turn one flaky minute into three failures.
RETRY_ENABLED = False
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

SPIDER_MIDDLEWARES = {
    "crawler.middlewares.ParseFailureMiddleware": 950,  # nearest the spider: sees its errors first
}
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.ScopeMiddleware": 50,
    "crawler.middlewares.RedirectLoopMiddleware": 650,
}
DOWNLOAD_HANDLERS = {  # pages rendered in headless Chromium (crawler.render)
    "render+http": "crawler.render.ChromiumDownloadHandler",
    "render+https": "crawler.render.ChromiumDownloadHandler",
}
ITEM_PIPELINES = {
    "crawler.pipelines.StoragePipeline": 300,
}
EXTENSIONS = {
    "crawler.extensions.CrawlProgress": 500,
    "crawler.extensions.SizeGuard": 500,
}
PROGRESS_INTERVAL = 10.0

# zwgk's own settings
ZWGK_DB_URL = None  # storage.db.resolve_db_url decides (ZWGK_DB or sqlite:///zwgk.db)
ZWGK_CRAWL_ID = None  # set by `zwgk crawl`; a bare `scrapy crawl` opens a crawl of its own
ZWGK_RENDER_TIMEOUT = 45.0  # seconds one headless-Chromium render may take
