"""The one generic portal spider: home → footer → disclosure root → columns → lists → articles.

CMS knowledge lives in `spiders.extract`; this module only walks the site, keeps per-column
state (was every list page read?) and checks the status of every internal link once, with
retries spread over the crawl so that one flaky minute never becomes a "dead link".
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict, dataclass, field
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
    LinkRecord,
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
from spiders.extract.navigation import (
    classify_column,
    find_column_links,
    find_disclosure_root,
)

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml", "text/plain")
ATTACHMENT_EXT = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".zip", ".rar", ".ofd",
                  ".ppt", ".pptx", ".et", ".txt")
MAX_COLUMN_DEPTH = 4
MAX_LIST_PAGES = 30
#: Outcomes a retry cannot change: the site refused us, or we refused the URL.
NEVER_RETRY = frozenset({Outcome.BLOCKED, Outcome.ROBOTS_DISALLOWED, Outcome.OFF_SCOPE,
                         Outcome.TOO_LARGE, Outcome.NOT_HTML})


def canonical(url: str) -> str:
    """The URL without fragment (the identity used for pages and links)."""
    return urldefrag(url)[0]


@dataclass
class ColumnState:
    """What the spider knows of one column while its list pages arrive."""

    name: str
    url: str
    parent_url: str | None
    type: str
    depth: int
    settings: dict = field(default_factory=dict)
    pending: int = 1
    failed: bool = False
    first_page_ok: bool = False
    item_count: int = 0
    placeholder: str | None = None


@dataclass
class LinkState:
    sources: list = field(default_factory=list)
    attempts: list = field(default_factory=list)


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
        self.unit_name = self.unit.name
        self.crawl_id = int(crawl_id) if crawl_id else None
        if column_types is None:
            from checks.profile import load_profile
            column_types = load_profile().type_keywords()
        self.column_types = column_types
        self.scope_hosts = self.unit.hosts
        self.options = self.unit.crawl
        self.columns: dict[str, ColumnState] = {}
        self.links: dict[str, LinkState] = {}
        self.requested: set[str] = set()
        self.page_budget = self.options.max_pages
        self.disclosure_url: str | None = None
        self.pending_retries = 0

    # --- requests -----------------------------------------------------------------------

    def _request(self, url: str, callback, role: str, **meta) -> scrapy.Request | None:
        """A page request within the budget, once per URL (retries bypass this)."""
        url = canonical(url)
        if url in self.requested:
            return None
        if self.page_budget <= 0:
            self._budget_exhausted_once()
            return None
        self.requested.add(url)
        self.page_budget -= 1
        return self._build(url, callback, role, attempt=1, **meta)

    def _build(self, url: str, callback, role: str, attempt: int, method: str = "GET", **meta):
        meta.update(role=role, attempt=attempt, handle_httpstatus_all=True,
                    dont_obey_robotstxt=not self.options.obey_robots)
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta,
                              method=method, dont_filter=True)

    _budget_warned = False

    def _budget_exhausted_once(self) -> None:
        if not self._budget_warned:
            self._budget_warned = True
            log.warning("[%s] 已达到抓取上限 max_pages=%d", self.unit_name, self.options.max_pages)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield UnitStateRecord(disclosure_url=self.unit.disclosure)
        request = self._request(self.unit.home, self.parse_home, "home")
        if request:
            yield request

    # --- responses ---------------------------------------------------------------------

    def _read(self, response: Response) -> tuple[Outcome, str | None, str | None]:
        """(outcome, decoded text or None, encoding) of a response."""
        status = response.status
        outcome = outcome_for_status(status)
        if outcome != Outcome.OK or 300 <= status < 400:
            return (Outcome.REDIRECT_LOOP if 300 <= status < 400 else outcome), None, None
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if ctype and not any(t in ctype for t in HTML_TYPES):
            return Outcome.NOT_HTML, None, None
        text, encoding = decode_body(response.body, ctype or None)
        return Outcome.OK, text, encoding

    def _page(self, response: Response, outcome: Outcome, text: str | None, encoding: str | None,
              role: str, title: str | None = None, data: dict | None = None,
              column_url: str | None = None) -> PageRecord:
        request_url = canonical(response.request.url)
        self._note_attempt(request_url, outcome, response.status)
        return PageRecord(
            url=request_url, role=role, outcome=outcome, fetched_at=datetime.now(),
            http_status=response.status, final_url=response.url if response.url != request_url else None,
            content_hash=hashlib.sha256(response.body).hexdigest() if text is not None else None,
            encoding=encoding, title=title, column_url=column_url, data=data or {})

    def _retry_or_record(self, response_or_failure, outcome: Outcome, status: int | None,
                         detail: str) -> Iterator:
        """A fetch that did not succeed: retry later if it may recover, else record it."""
        request = response_or_failure.request
        meta = request.meta
        url = canonical(request.url)
        self._note_attempt(url, outcome, status)
        if outcome not in NEVER_RETRY and meta["attempt"] < self.options.link_attempts:
            self._schedule_retry(request, meta["attempt"] + 1)
            return
        role = meta["role"]
        if role == "link":
            return
        yield PageRecord(url=url, role=role, outcome=outcome, fetched_at=datetime.now(),
                         http_status=status, error=detail, column_url=meta.get("column_url"))
        yield ProblemRecord(url=url, kind=str(outcome), detail=detail)
        if role in ("column", "list"):
            yield from self._list_page_done(meta["column_url"], ok=False)

    def _schedule_retry(self, request: scrapy.Request, attempt: int) -> None:
        """Re-issue `request` after the retry delay, without holding a download slot meanwhile."""
        delay = self.options.link_retry_delay * (attempt - 1)
        retry = request.replace(meta={**request.meta, "attempt": attempt}, dont_filter=True)
        self.pending_retries += 1

        def fire() -> None:
            self.pending_retries -= 1
            self.crawler.engine.crawl(retry)

        from twisted.internet import reactor  # the reactor Scrapy installed, not a default one

        reactor.callLater(delay, fire)

    def on_idle(self) -> None:
        """Keep the spider open while spread-out retries are still waiting."""
        if self.pending_retries:
            raise DontCloseSpider

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    def on_error(self, failure: Failure) -> Iterator:
        outcome, status, detail = outcome_of_failure(failure)
        log.info("[%s] %s %s", self.unit_name, failure.request.url, detail)
        yield from self._retry_or_record(failure, outcome, status, detail)

    def parse_home(self, response: Response) -> Iterator:
        outcome, text, encoding = self._read(response)
        if outcome != Outcome.OK:
            yield from self._non_ok(response, outcome)
            return
        meta = extract_meta(text)
        footer = extract_footer(text)
        scripts = [u for u in footer_script_urls(text, response.url) if self._in_scope(u)]
        data = {"meta": meta, "footer": asdict(footer), "footer_scripts": scripts}
        yield self._page(response, outcome, text, encoding, "home", meta.get("SiteName"), data)
        for url in scripts:
            request = self._request(url, self.parse_footer_script, "script")
            if request:
                yield request
        disclosure = self.unit.disclosure or find_disclosure_root(text, response.url)
        if disclosure:
            self.disclosure_url = canonical(disclosure)
            self._add_source(self.disclosure_url, canonical(response.request.url), "信息公开")
            yield UnitStateRecord(disclosure_url=self.disclosure_url)
            request = self._request(disclosure, self.parse_disclosure, "disclosure")
            if request:
                yield request
        else:
            yield ProblemRecord(url=response.url, kind="disclosure_not_found",
                                detail="首页未找到“政府信息公开”入口, 且配置未给出 disclosure")
        yield from self._check_links(text, response.url, response.url)

    def parse_footer_script(self, response: Response) -> Iterator:
        status = response.status
        outcome = outcome_for_status(status)
        if outcome != Outcome.OK:
            yield from self._non_ok(response, outcome)
            return
        text, encoding = decode_body(response.body, response.headers.get(b"Content-Type", b"").decode("latin-1") or None)
        is_js = response.url.lower().split("?")[0].endswith(".js") or "javascript" in \
            response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        html = script_written_html(text) if is_js else text
        footer = extract_footer(html)
        yield self._page(response, outcome, text, encoding, "script", None, {"footer": asdict(footer)})

    def parse_disclosure(self, response: Response) -> Iterator:
        outcome, text, encoding = self._read(response)
        if outcome != Outcome.OK:
            yield from self._non_ok(response, outcome)
            return
        meta = extract_meta(text)
        yield self._page(response, outcome, text, encoding, "disclosure", meta.get("ColumnName"),
                         {"meta": meta})
        root = canonical(response.request.url)
        if self.unit.columns:
            found = [(c.name or "", c.url, c) for c in self.unit.columns]
        else:
            found = [(name, url, None) for name, url in find_column_links(text, response.url)]
        urls = [canonical(url) for _, url, _ in found]
        for name, url, configured in found:
            self._add_source(canonical(url), root, name)
            parent = self._enclosing_column(canonical(url), urls) or (root if configured is None else None)
            yield from self._add_column(name, url, parent, 1, configured)
        yield from self._check_links(text, response.url, response.url)

    def _add_column(self, name: str, url: str, parent: str | None, depth: int,
                    configured: ColumnConfig | None = None) -> Iterator:
        url = canonical(url)
        if url in self.columns or url == self.disclosure_url or not self._in_scope(url):
            return
        settings = {}
        ctype = classify_column(name, self.column_types) if name else "other"
        if configured is not None:
            ctype = configured.type or ctype
            settings = {k: v for k, v in (("max_age_days", configured.max_age_days),
                                          ("on_demand", configured.on_demand or None),
                                          ("department", configured.department)) if v}
        state = ColumnState(name=name or url, url=url, parent_url=parent, type=ctype,
                            depth=depth, settings=settings)
        request = self._request(url, self.parse_column, "column", column_url=url)
        if request is None:
            return
        self.columns[url] = state
        yield request

    def parse_column(self, response: Response) -> Iterator:
        outcome, text, encoding = self._read(response)
        column_url = response.meta["column_url"]
        state = self.columns[column_url]
        if outcome != Outcome.OK:
            yield from self._non_ok(response, outcome)
            return
        meta = extract_meta(text)
        if not state.name or state.name == state.url:
            state.name = meta.get("ColumnName") or state.name
        menu = find_column_links(text, response.url)
        items = self._entries(extract_items(text, response.url), menu)
        state.first_page_ok = True
        state.placeholder = None if items else find_placeholder(text)
        yield self._page(response, outcome, text, encoding, "column", meta.get("ColumnName"),
                         {"meta": meta, "list": {"item_count": len(items),
                                                 "placeholder": state.placeholder}},
                         column_url=column_url)
        yield from self._list_items(items, column_url, response.url)
        if state.depth < MAX_COLUMN_DEPTH:
            for name, url in menu:
                if self._is_subcolumn(url, column_url):
                    self._add_source(canonical(url), column_url, name)
                    yield from self._add_column(name, url, column_url, state.depth + 1)
        for page_url in pagination_urls(text, response.url)[:MAX_LIST_PAGES]:
            request = self._request(page_url, self.parse_list_page, "list", column_url=column_url)
            if request:
                state.pending += 1
                yield request
        yield from self._check_links(text, response.url, response.url)
        yield from self._list_page_done(column_url, ok=True)

    def parse_list_page(self, response: Response) -> Iterator:
        outcome, text, encoding = self._read(response)
        column_url = response.meta["column_url"]
        if outcome != Outcome.OK:
            yield from self._non_ok(response, outcome)
            return
        items = self._entries(extract_items(text, response.url), find_column_links(text, response.url))
        yield self._page(response, outcome, text, encoding, "list", None,
                         {"list": {"item_count": len(items)}}, column_url=column_url)
        yield from self._list_items(items, column_url, response.url)
        yield from self._list_page_done(column_url, ok=True)

    def _entries(self, items: list, menu: list[tuple[str, str]]) -> list:
        """List entries minus navigation: an entry that is a column link is a menu, not news."""
        nav = {canonical(url) for _, url in menu} | set(self.columns)
        if self.disclosure_url:
            nav.add(self.disclosure_url)
        return [item for item in items if canonical(item.url) not in nav]

    def _list_items(self, items, column_url: str, page_url: str) -> Iterator:
        state = self.columns[column_url]
        for item in items:
            state.item_count += 1
            yield ListEntryRecord(column_url=column_url, title=item.title, url=canonical(item.url),
                                  date=item.date, date_text=item.date_text)
            self._add_source(canonical(item.url), page_url, item.title)
            if not self._in_scope(item.url):
                continue
            if self._is_attachment(item.url):
                yield from self._link_request(canonical(item.url))
            else:
                request = self._request(item.url, self.parse_article, "article", column_url=column_url)
                if request:
                    yield request

    def _list_page_done(self, column_url: str, ok: bool) -> Iterator:
        state = self.columns.get(column_url)
        if state is None:
            return
        state.pending -= 1
        state.failed |= not ok
        if state.pending == 0:
            yield ColumnRecord(name=state.name, url=state.url, parent_url=state.parent_url,
                               type=state.type, complete=state.first_page_ok and not state.failed,
                               has_children=any(c.parent_url == state.url for c in self.columns.values()),
                               placeholder=state.placeholder,
                               settings=state.settings)

    def parse_article(self, response: Response) -> Iterator:
        outcome, text, encoding = self._read(response)
        url = canonical(response.request.url)
        if outcome == Outcome.NOT_HTML:
            self._note_attempt(url, outcome, response.status)
            return
        if outcome != Outcome.OK:
            yield from self._non_ok(response, outcome)
            return
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
                "body_chars": len(info.body_text),
            },
        }
        yield self._page(response, outcome, text, encoding, "article", info.title, data,
                         column_url=response.meta.get("column_url"))
        for target, anchor in info.links:
            target = canonical(target)
            self._add_source(target, url, anchor)
            if self._in_scope(target) and target not in self.requested:
                yield from self._link_request(target)

    def _non_ok(self, response: Response, outcome: Outcome) -> Iterator:
        yield from self._retry_or_record(response, outcome, response.status, f"HTTP {response.status}"
                                         if outcome != Outcome.NOT_HTML else "not html")

    # --- links -------------------------------------------------------------------------

    def _in_scope(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and (parts.hostname or "").lower() in self.scope_hosts

    @staticmethod
    def _is_attachment(url: str) -> bool:
        return urlsplit(url).path.lower().endswith(ATTACHMENT_EXT)

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

    def _is_subcolumn(self, url: str, column_url: str) -> bool:
        """A link on a column page is a sub-column when it lives under the column's directory."""
        base = urlsplit(column_url).path.rsplit("/", 1)[0] + "/"
        path = urlsplit(url).path
        return path.startswith(base) and canonical(url) != column_url and path != base

    def _add_source(self, target: str, source: str, text: str | None) -> None:
        state = self.links.setdefault(target, LinkState())
        if len(state.sources) < 20 and all(s["url"] != source for s in state.sources):
            state.sources.append({"url": source, "text": (text or "")[:80]})

    def _check_links(self, text: str, page_url: str, source: str) -> Iterator:
        """Link checks for the attachments and internal links of a non-article page."""
        for target, anchor in extract_article(text, page_url).links:
            target = canonical(target)
            self._add_source(target, source, anchor)
            if self._in_scope(target) and self._is_attachment(target):
                yield from self._link_request(target)

    def _link_request(self, target: str) -> Iterator:
        if target in self.requested:
            return
        self.requested.add(target)
        yield self._build(target, self.parse_link, "link", attempt=1, method="HEAD")

    def parse_link(self, response: Response) -> Iterator:
        url = canonical(response.request.url)
        status = response.status
        if response.request.method == "HEAD" and status in (400, 403, 404, 405, 501):
            # Many servers answer HEAD wrongly: confirm with GET before believing it.
            yield self._build(url, self.parse_link, "link", attempt=response.meta["attempt"],
                              method="GET")
            return
        outcome = outcome_for_status(status)
        if outcome == Outcome.OK and 300 <= status < 400:
            outcome = Outcome.REDIRECT_LOOP
        if outcome in REACHABLE:
            self._note_attempt(url, outcome, status)
        else:
            yield from self._retry_or_record(response, outcome, status, f"HTTP {status}")

    def _note_attempt(self, url: str, outcome: Outcome, status: int | None) -> None:
        state = self.links.setdefault(url, LinkState())
        state.attempts.append({"at": datetime.now().isoformat(timespec="seconds"),
                               "outcome": str(outcome), "status": status})

    def link_records(self) -> Iterator[LinkRecord]:
        """Every checked target that some page links to, with its attempts (read at close)."""
        for target, state in self.links.items():
            if state.attempts and state.sources:
                last = state.attempts[-1]
                yield LinkRecord(target=target, sources=state.sources, outcome=last["outcome"],
                                 http_status=last["status"], attempts=state.attempts,
                                 checked_at=datetime.fromisoformat(last["at"]))

    def closed(self, reason: str) -> None:
        log.info("[%s] 抓取结束 (%s), 栏目 %d 个", self.unit_name, reason, len(self.columns))
