"""The one generic portal spider: home → footer → disclosure root → columns → lists → articles.

CMS knowledge lives in `spiders.extract`; this module only walks the site and records facts
about each fetch (pages, list entries, columns, link attempts). It keeps no aggregate state:
whether a column was read completely, or which pages link to a dead target, is derived in
storage, so several workers, or a crawl resumed after a kill, can add to the same crawl.

Failures are retried later in the crawl (not at once), so that one flaky minute of a
government server never becomes a "dead link".
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict
from datetime import datetime
from urllib.parse import urldefrag, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.config import ColumnConfig, UnitConfig, load_units
from crawler.fetch_outcome import outcome_of_failure
from crawler.items import (
    ColumnRecord,
    LinkAttemptRecord,
    LinkSourceRecord,
    ListEntryRecord,
    PageRecord,
    ProblemRecord,
    UnitStateRecord,
)
from crawler.outcomes import REACHABLE, Outcome, outcome_for_status
from spiders.extract.article import extract_article
from spiders.extract.dates import date_from_url
from spiders.extract.encoding import decode_body
from spiders.extract.footer import extract_footer, footer_script_urls, script_written_html
from spiders.extract.listing import extract_items, find_placeholder, pagination_urls
from spiders.extract.meta import extract_meta
from spiders.extract.navigation import classify_column, find_column_links, find_disclosure_root

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml", "text/plain")
ATTACHMENT_EXT = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".zip", ".rar", ".ofd",
                  ".ppt", ".pptx", ".et", ".txt")
MAX_COLUMN_DEPTH = 4
MAX_LIST_PAGES = 30
MAX_STORED_LINKS = 300
MAX_SOURCES = 5  # linking pages remembered per target, as evidence of a dead link
#: Outcomes a retry cannot change: the site refused us, or we refused the URL.
NEVER_RETRY = frozenset({Outcome.BLOCKED, Outcome.ROBOTS_DISALLOWED, Outcome.OFF_SCOPE,
                         Outcome.TOO_LARGE, Outcome.NOT_HTML})


def canonical(url: str) -> str:
    """The URL without fragment (the identity used for pages and links)."""
    return urldefrag(url)[0]


def is_attachment(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(ATTACHMENT_EXT)


class PortalSpider(scrapy.Spider):
    """Audits one unit's portal; run it once per unit (`-a config=units.yaml -a unit=NAME`)."""

    name = "portal"

    def __init__(self, unit: str | None = None, config: str | None = None,
                 unit_json: str | None = None, crawl_id: int | None = None,
                 column_types: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        if unit_json:
            self.unit = UnitConfig.from_json(unit_json)
        elif config and unit:
            self.unit = load_units(config).select([unit]).units[0]
        else:
            raise ValueError("PortalSpider needs -a config=FILE -a unit=NAME")
        if column_types is None:
            from checks.profile import load_profile
            column_types = load_profile().type_keywords()
        self.unit_name = self.unit.name
        self.crawl_id = int(crawl_id) if crawl_id else None
        self.column_types = column_types
        self.scope_hosts = self.unit.hosts
        self.options = self.unit.crawl
        self.scheduled = 0
        self.pending_retries = 0
        self.disclosure_url: str | None = None
        self.known_columns: set[str] = set()
        self.sources: dict[str, list[tuple[str, str]]] = {}
        self.failed_targets: set[str] = set()
        self.done_urls: set[str] = set()  # filled by the storage pipeline on a resumed crawl

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    # --- requests -----------------------------------------------------------------------

    def _request(self, url: str, callback, role: str, method: str = "GET",
                 **meta) -> scrapy.Request | None:
        """A first request for `url` within the page budget (duplicates: Scrapy's dupefilter)."""
        if self.scheduled >= self.options.max_pages:
            if self.scheduled == self.options.max_pages:
                log.warning("[%s] 已达到抓取上限 max_pages=%d", self.unit_name, self.options.max_pages)
                self.scheduled += 1
            return None
        self.scheduled += 1
        meta.update(role=role, attempt=1, handle_httpstatus_all=True,
                    dont_obey_robotstxt=not self.options.obey_robots)
        return scrapy.Request(canonical(url), callback=callback, errback=self.on_error,
                              meta=meta, method=method)

    def _schedule_retry(self, request: scrapy.Request) -> None:
        """Re-issue `request` later in the crawl, without holding a download slot meanwhile."""
        attempt = request.meta["attempt"] + 1
        delay = self.options.link_retry_delay * (attempt - 1)
        retry = request.replace(meta={**request.meta, "attempt": attempt}, dont_filter=True)
        self.pending_retries += 1

        def fire() -> None:
            self.pending_retries -= 1
            self.crawler.engine.crawl(retry)

        from twisted.internet import reactor  # the reactor Scrapy installed

        reactor.callLater(delay, fire)

    def on_idle(self) -> None:
        """Keep the spider open while spread-out retries are still waiting."""
        if self.pending_retries:
            raise DontCloseSpider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.unit.disclosure:
            yield UnitStateRecord(disclosure_url=canonical(self.unit.disclosure))
        request = self._request(self.unit.home, self.parse_home, "home")
        if request:
            yield request

    # --- reading responses ------------------------------------------------------------

    def _read(self, response: Response) -> tuple[Outcome, str | None, str | None]:
        """(outcome, decoded text or None, encoding) of a response."""
        status = response.status
        if 300 <= status < 400:  # a redirect Scrapy did not follow (loop, or off-limits)
            return Outcome.REDIRECT_LOOP, None, None
        outcome = outcome_for_status(status)
        if outcome != Outcome.OK:
            return outcome, None, None
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if ctype and not any(t in ctype for t in HTML_TYPES):
            return Outcome.NOT_HTML, None, None
        text, encoding = decode_body(response.body, ctype or None)
        return Outcome.OK, text, encoding

    def _page(self, response: Response, text: str, encoding: str | None, role: str,
              title: str | None = None, data: dict | None = None,
              column_url: str | None = None) -> Iterator:
        """The record of a page read OK (and, after earlier failures, its successful attempt)."""
        url = canonical(response.request.url)
        if response.meta.get("attempt", 1) > 1:
            yield LinkAttemptRecord(url, Outcome.OK, response.status, datetime.now())
        yield PageRecord(
            url=url, role=role, outcome=Outcome.OK, fetched_at=datetime.now(),
            http_status=response.status,
            final_url=response.url if response.url != url else None,
            content_hash=hashlib.sha256(response.body).hexdigest(), encoding=encoding,
            title=title, column_url=column_url, data=data or {})

    def _failed(self, request: scrapy.Request, outcome: Outcome, status: int | None,
                detail: str) -> Iterator:
        """A fetch that did not succeed: record the attempt, retry later or give up."""
        url = canonical(request.url)
        meta = request.meta
        yield LinkAttemptRecord(url, outcome, status, datetime.now())
        if outcome not in NEVER_RETRY and meta["attempt"] < self.options.link_attempts:
            self._schedule_retry(request)
            return
        log.info("[%s] %s 抓取失败: %s", self.unit_name, url, detail)
        self.failed_targets.add(url)
        yield from self._flush_sources(url)
        if meta["role"] == "link":
            return
        yield PageRecord(url=url, role=meta["role"], outcome=outcome, fetched_at=datetime.now(),
                         http_status=status, error=detail, column_url=meta.get("column_url"))
        yield ProblemRecord(url=url, kind=str(outcome), detail=detail)

    def on_error(self, failure: Failure) -> Iterator:
        outcome, status, detail = outcome_of_failure(failure)
        yield from self._failed(failure.request, outcome, status, detail)

    def _not_ok(self, response: Response, outcome: Outcome) -> Iterator:
        yield from self._failed(response.request, outcome, response.status,
                                f"HTTP {response.status}" if outcome != Outcome.NOT_HTML else "not html")

    # --- the walk ----------------------------------------------------------------------

    def parse_home(self, response: Response) -> Iterator:
        outcome, text, encoding = self._read(response)
        if outcome != Outcome.OK:
            yield from self._not_ok(response, outcome)
            return
        meta = extract_meta(text)
        scripts = [u for u in footer_script_urls(text, response.url) if self._in_scope(u)]
        data = {"meta": meta, "footer": asdict(extract_footer(text)), "footer_scripts": scripts}
        yield from self._page(response, text, encoding, "home", meta.get("SiteName"), data)
        for url in scripts:
            request = self._request(url, self.parse_footer_script, "script")
            if request:
                yield request
        home = canonical(response.request.url)
        disclosure = self.unit.disclosure or find_disclosure_root(text, response.url)
        if disclosure:
            self.disclosure_url = canonical(disclosure)
            yield UnitStateRecord(disclosure_url=self.disclosure_url)
            yield from self._add_source(self.disclosure_url, home, "信息公开")
            request = self._request(disclosure, self.parse_disclosure, "disclosure")
            if request:
                yield request
        else:
            yield ProblemRecord(url=home, kind="disclosure_not_found",
                                detail="首页未找到“政府信息公开”入口, 且配置未给出 disclosure")
        yield from self._check_attachments(text, response.url)

    def parse_footer_script(self, response: Response) -> Iterator:
        if response.status >= 300:
            yield from self._not_ok(response, outcome_for_status(response.status))
            return
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
        text, encoding = decode_body(response.body, ctype or None)
        is_js = urlsplit(response.url).path.lower().endswith(".js") or "javascript" in ctype.lower()
        footer = extract_footer(script_written_html(text), found_in="script") if is_js \
            else extract_footer(text)
        yield from self._page(response, text, encoding, "script", None, {"footer": asdict(footer)})

    def parse_disclosure(self, response: Response) -> Iterator:
        outcome, text, encoding = self._read(response)
        if outcome != Outcome.OK:
            yield from self._not_ok(response, outcome)
            return
        meta = extract_meta(text)
        yield from self._page(response, text, encoding, "disclosure", meta.get("ColumnName"),
                              {"meta": meta})
        root = canonical(response.request.url)
        self.disclosure_url = self.disclosure_url or root
        configured: list[tuple[str, str, ColumnConfig | None]]
        if self.unit.columns:
            configured = [(c.name or "", canonical(c.url), c) for c in self.unit.columns]
        else:
            configured = [(name, canonical(url), None) for name, url in find_column_links(text, response.url)]
        urls = [url for _, url, _ in configured]
        for name, url, config in configured:
            parent = self._enclosing_column(url, urls) or (root if config is None else None)
            yield from self._add_source(url, root, name)
            yield from self._add_column(name, url, parent, 1, config)
        yield from self._check_attachments(text, response.url)

    def _add_column(self, name: str, url: str, parent: str | None, depth: int,
                    config: ColumnConfig | None = None) -> Iterator:
        if url in self.known_columns or url == self.disclosure_url or not self._in_scope(url):
            return
        ctype = classify_column(name, self.column_types) if name else "other"
        settings: dict = {}
        if config is not None:
            ctype = config.type or ctype
            settings = {k: v for k, v in (("max_age_days", config.max_age_days),
                                          ("on_demand", config.on_demand or None),
                                          ("department", config.department)) if v}
        request = self._request(url, self.parse_column, "column", column_url=url, depth=depth)
        if request is None:
            return
        self.known_columns.add(url)
        yield ColumnRecord(name=name or url, url=url, parent_url=parent, type=ctype, settings=settings)
        yield request

    def parse_column(self, response: Response) -> Iterator:
        """The first list page of a column: entries, sub-columns, the other list pages."""
        outcome, text, encoding = self._read(response)
        if outcome != Outcome.OK:
            yield from self._not_ok(response, outcome)
            return
        column_url = response.meta["column_url"]
        meta = extract_meta(text)
        menu = find_column_links(text, response.url)
        items = self._entries(extract_items(text, response.url), menu)
        placeholder = None if items else find_placeholder(text)
        yield from self._page(response, text, encoding, "column", meta.get("ColumnName"),
                              {"meta": meta, "list": {"item_count": len(items), "placeholder": placeholder}},
                              column_url=column_url)
        yield from self._list_entries(items, column_url, response.url)
        depth = response.meta["depth"]
        if depth < MAX_COLUMN_DEPTH:
            for name, url in menu:
                url = canonical(url)
                if self._is_subcolumn(url, column_url):
                    yield from self._add_source(url, column_url, name)
                    yield from self._add_column(name, url, column_url, depth + 1)
        for page_url in pagination_urls(text, response.url)[:MAX_LIST_PAGES]:
            request = self._request(page_url, self.parse_list_page, "list", column_url=column_url)
            if request:
                yield request
        yield from self._check_attachments(text, response.url)

    def parse_list_page(self, response: Response) -> Iterator:
        outcome, text, encoding = self._read(response)
        if outcome != Outcome.OK:
            yield from self._not_ok(response, outcome)
            return
        column_url = response.meta["column_url"]
        items = self._entries(extract_items(text, response.url), find_column_links(text, response.url))
        yield from self._page(response, text, encoding, "list", None,
                              {"list": {"item_count": len(items)}}, column_url=column_url)
        yield from self._list_entries(items, column_url, response.url)

    def _entries(self, items: list, menu: list[tuple[str, str]]) -> list:
        """List entries minus navigation: an entry that is a column link is a menu, not news."""
        nav = {canonical(url) for _, url in menu} | self.known_columns
        if self.disclosure_url:
            nav.add(self.disclosure_url)
        return [item for item in items if canonical(item.url) not in nav]

    def _list_entries(self, items: list, column_url: str, page_url: str) -> Iterator:
        for item in items:
            url = canonical(item.url)
            yield ListEntryRecord(column_url=column_url, title=item.title, url=url,
                                  date=item.date, date_text=item.date_text)
            yield from self._add_source(url, page_url, item.title)
            if not self._in_scope(url) or url in self.done_urls:
                continue
            if is_attachment(url):
                yield from self._link_check(url)
            else:
                request = self._request(url, self.parse_article, "article", column_url=column_url)
                if request:
                    yield request

    def parse_article(self, response: Response) -> Iterator:
        outcome, text, encoding = self._read(response)
        if outcome == Outcome.NOT_HTML:  # an item that is a file: it loaded, that is all we need
            return
        if outcome != Outcome.OK:
            yield from self._not_ok(response, outcome)
            return
        url = canonical(response.request.url)
        info = extract_article(text, response.url)
        url_date = date_from_url(url)
        data = {
            "meta": extract_meta(text),
            "article": {
                "title": info.title,
                "visible_date": info.visible_date.isoformat() if info.visible_date else None,
                "visible_date_text": info.visible_date_text,
                "source": info.source,
                "metadata": info.metadata,
                "url_date": url_date.isoformat() if url_date else None,
                "attachments": info.attachments,
                "body_text": info.body_text,
                "links": [[target, anchor[:80]] for target, anchor in info.links[:MAX_STORED_LINKS]],
            },
        }
        yield from self._page(response, text, encoding, "article", info.title, data,
                              column_url=response.meta.get("column_url"))
        for target, anchor in info.links:
            target = canonical(target)
            yield from self._add_source(target, url, anchor)
            if self._in_scope(target) and target not in self.done_urls:
                yield from self._link_check(target)

    # --- links -------------------------------------------------------------------------

    def _in_scope(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and (parts.hostname or "").lower() in self.scope_hosts

    @staticmethod
    def _enclosing_column(url: str, candidates: list[str]) -> str | None:
        """The candidate whose directory most closely encloses `url` (TRS-style nested paths)."""
        path = urlsplit(url).path
        best, best_len = None, 0
        for other in candidates:
            base = urlsplit(other).path.rsplit("/", 1)[0] + "/"
            if other != url and len(base) > 1 and path.startswith(base) and \
                    path.rsplit("/", 1)[0] + "/" != base and len(base) > best_len:
                best, best_len = other, len(base)
        return best

    @staticmethod
    def _is_subcolumn(url: str, column_url: str) -> bool:
        """A link on a column page is a sub-column when it lives under the column's directory."""
        base = urlsplit(column_url).path.rsplit("/", 1)[0] + "/"
        path = urlsplit(url).path
        return path.startswith(base) and url != column_url and path != base

    def _add_source(self, target: str, source: str, text: str | None) -> Iterator:
        """Remember that `source` links to `target` (stored at once if the target failed)."""
        known = self.sources.setdefault(target, [])
        if len(known) >= MAX_SOURCES or any(s == source for s, _ in known):
            return
        known.append((source, (text or "")[:80]))
        if target in self.failed_targets:
            yield LinkSourceRecord(target, source, (text or "")[:80])

    def _flush_sources(self, target: str) -> Iterator:
        for source, text in self.sources.get(target, ()):
            yield LinkSourceRecord(target, source, text)

    def _check_attachments(self, text: str, page_url: str) -> Iterator:
        """Link checks for the attachments linked from a non-article page."""
        source = canonical(page_url)
        for target, anchor in extract_article(text, page_url).links:
            target = canonical(target)
            if self._in_scope(target) and is_attachment(target):
                yield from self._add_source(target, source, anchor)
                if target not in self.done_urls:
                    yield from self._link_check(target)

    def _link_check(self, target: str) -> Iterator:
        request = self._request(target, self.parse_link, "link", method="HEAD")
        if request:
            yield request

    def parse_link(self, response: Response) -> Iterator:
        status = response.status
        if response.request.method == "HEAD" and status in (400, 403, 404, 405, 501):
            # Many servers answer HEAD wrongly: confirm with GET before believing it.
            yield response.request.replace(method="GET", dont_filter=True)
            return
        outcome = Outcome.REDIRECT_LOOP if 300 <= status < 400 else outcome_for_status(status)
        url = canonical(response.request.url)
        if outcome in REACHABLE:
            yield LinkAttemptRecord(url, outcome, status, datetime.now())
        else:
            yield from self._failed(response.request, outcome, status, f"HTTP {status}")

    def failed_sources(self, failed: set[str]) -> Iterator[LinkSourceRecord]:
        """Sources this worker knows for targets that failed anywhere (read at close)."""
        for target in failed - self.failed_targets:
            yield from self._flush_sources(target)

    def closed(self, reason: str) -> None:
        log.info("[%s] 抓取结束 (%s), 栏目 %d 个", self.unit_name, reason, len(self.known_columns))
