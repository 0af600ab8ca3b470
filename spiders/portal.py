"""The one generic portal spider: home → footer → disclosure root → columns → lists → articles.

CMS knowledge lives in `spiders.extract`; this module only walks the site and records facts
about each fetch (pages, list entries, columns, link attempts). It keeps no aggregate state:
whether a column was read completely, or which pages link to a dead target, is derived in
storage, so several workers, or a crawl resumed after a kill, can add to the same crawl.

Failures are retried later in the crawl (not at once), so that one flaky minute of a
government server never becomes a "dead link".

Where a browser would see more than the HTML, the spider looks there too before anything can
be called missing: footer scripts and frames, column trees held in JS/JSON files, list APIs the
page scripts call (`spiders.extract.api`), and, for the few pages that still lack their footer
marks or their list, the page rendered in headless Chromium (`crawler.render`, budgeted).
Each host is asked once for a page that cannot exist, so that its error template answered
with 200 counts as a soft 404. Unchanged pages of the unit's previous complete crawl are reused
(`crawler.incremental`).
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict
from datetime import date, datetime
from urllib.parse import urlsplit

from concurrent.futures import ThreadPoolExecutor

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.config import ColumnConfig, UnitConfig, load_units
from crawler.fetch_outcome import outcome_of_failure
from crawler.incremental import PreviousCrawl, PreviousPage
from crawler.items import (
    ColumnRecord,
    EntryDateRecord,
    LinkAttemptRecord,
    LinkCopyRecord,
    LinkSourceRecord,
    ListEntryRecord,
    PageRecord,
    ProblemRecord,
    UnitStateRecord,
)
from crawler.outcomes import NEVER_RETRY, REACHABLE, Outcome, outcome_for_status
from crawler.render import find_chromium, render_url
from spiders.extract.api import (
    ApiCall,
    api_page_calls,
    find_api_calls,
    page_size_of,
    parse_api_list,
    script_fills_list,
)
from spiders.extract.article import extract_article
from spiders.extract.dates import complete_month_day, date_from_url
from spiders.extract.encoding import decode_body
from spiders.extract.footer import (
    FooterInfo,
    extract_footer,
    footer_script_urls,
    merge_footers,
    needs_render,
    script_written_html,
)
from spiders.extract.home_signals import consult_links
from spiders.extract.listing import ListItem, extract_items, find_placeholder, pagination_urls
from spiders.extract.meta import extract_meta
from spiders.extract.navigation import (
    ColumnLink,
    classify_column,
    find_column_tree,
    find_disclosure_root,
    frame_urls,
    script_column_tree,
    tree_data_urls,
)
from spiders.extract.site_facts import gather_site_facts
from spiders.extract.sniff import looks_binary, looks_cut_short
from spiders.extract.soft404 import ErrorTemplate, error_template, is_soft_404, probe_url
from spiders.extract.url_canon import canonical_url, page_key, query_variant_key
from spiders.page_data import page_extras

log = logging.getLogger(__name__)

SITE_FACTS_TIMEOUT = 60.0
#: Roles whose pages get the extra facts of `spiders.page_data` (security, home signals …).
EXTRA_ROLES = frozenset({"home", "disclosure", "column", "list", "article"})

HTML_TYPES = ("text/html", "application/xhtml", "text/plain")
ATTACHMENT_EXT = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".zip", ".rar", ".ofd",
                  ".ppt", ".pptx", ".et", ".txt")
MAX_COLUMN_DEPTH = 4
MAX_LIST_PAGES = 30
MAX_STORED_LINKS = 300
MAX_SOURCES = 5  # linking pages remembered per target, as evidence of a dead link
#: Outcomes a retry cannot change: the site refused us, or we refused the URL.
SCRAPY_META = frozenset({"download_latency", "download_slot", "download_timeout", "depth",
                         "redirect_times", "redirect_ttl", "redirect_urls", "redirect_reasons",
                         "retry_times", "_scheme_proxy", "proxy", "download_fail_on_dataloss"})
#: Statuses the callbacks judge themselves: all but the redirects Scrapy follows (through the
#: scope middleware, so never off the unit's hosts).
HANDLED_STATUSES = tuple(s for s in range(100, 600) if s not in (301, 302, 303, 307, 308))


def canonical(url: str) -> str:
    """The identity of a page or link target (see `spiders.extract.url_canon`)."""
    return canonical_url(url)


def describe(outcome: Outcome, status: int) -> str:
    """The short reason of a failed fetch that got an HTTP answer."""
    if outcome == Outcome.NOT_HTML:
        return "not html"
    if outcome == Outcome.SOFT_404:
        return f"HTTP {status}, 内容为网站的“页面不存在”错误页（软 404）"
    return f"HTTP {status}"


def list_data(items: list[ListItem], **extra) -> dict:
    """`data.list` of a list page: its entries (replayed by an incremental crawl) and extras."""
    return {"item_count": len(items),
            **{key: value for key, value in extra.items() if value is not None or key == "placeholder"},
            "entries": [[item.title, canonical(item.url), item.date.isoformat() if item.date else None,
                         item.date_text] for item in items]}


def own_meta(meta: dict) -> dict:
    """A request's meta without the keys Scrapy's components add (latency, slot, depth …),
    for a request re-issued from it."""
    return {k: v for k, v in meta.items() if k not in SCRAPY_META}


def is_attachment(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(ATTACHMENT_EXT)


class PortalSpider(scrapy.Spider):
    """Audits one unit's portal; run it once per unit (`-a config=units.yaml -a unit=NAME`)."""

    name = "portal"

    def __init__(self, unit: str | None = None, config: str | None = None,
                 unit_json: str | None = None, crawl_id: int | None = None,
                 column_types: dict | None = None, spam_terms: list | None = None, **kwargs):
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
        if spam_terms is None:
            from checks.profile import load_profile
            spam_terms = load_profile().rule("security.spam_content").get("terms", [])
        self.spam_terms = tuple(spam_terms)
        self.column_kind: dict[str, str] = {}  # column url -> column type
        self.scope_hosts = self.unit.hosts
        self.options = self.unit.crawl
        self.scheduled = 0
        self.pending_retries = 0
        self.home_url = canonical(self.unit.home)
        self.disclosure_url: str | None = None
        self.known_columns: set[str] = set()
        self.query_variants: dict[str, set[str]] = {}
        self.requested: set[tuple[str, str]] = set()  # (method, url) of first requests
        self.probed: set[str] = set()  # hosts whose answer to a missing page was asked for
        self.error_templates: dict[str, ErrorTemplate | None] = {}  # host -> its soft 404
        self.footer: FooterInfo | None = None  # the home footer, merged with its scripts so far
        self.footer_pending: set[str] = set()  # footer scripts still to come
        self.footer_settled = False
        self.renders = 0
        self.column_parents: dict[str, str | None] = {}
        self.previous: PreviousCrawl | None = None  # set by the storage pipeline (incremental)
        self.list_pages: dict[str, int] = {}  # list pages requested per column
        self.undated: dict[str, list[ListEntryRecord]] = {}  # month-day entries awaiting a year
        self.entry_dates: dict[str, date] = {}
        self.sources: dict[str, list[tuple[str, str]]] = {}
        self.failed_targets: set[str] = set()
        self.done_urls: set[str] = set()  # filled by the storage pipeline on a resumed crawl
        self.prior_attempts: dict[str, int] = {}  # likewise: attempts a resumed target already had

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    # --- requests -----------------------------------------------------------------------

    def _admit(self, url: str) -> Iterator[ProblemRecord] | None:
        """None when `url` may be requested (counting it against the budgets), else the
        records saying why not (nothing once the reason was recorded)."""
        key = query_variant_key(url)
        if key is not None:
            variants = self.query_variants.setdefault(key, set())
            query = urlsplit(url).query
            if query not in variants:
                if len(variants) >= self.options.max_query_variants:
                    if len(variants) == self.options.max_query_variants:
                        variants.add("")  # report once
                        path = url.split("?", 1)[0]
                        log.warning("[%s] 疑似抓取陷阱: %s 的查询参数组合超过 %d 个", self.unit_name,
                                    path, self.options.max_query_variants)
                        return iter([ProblemRecord(url=path, kind="trap_suspected",
                                                   detail=f"同一路径的查询参数组合超过 "
                                                          f"{self.options.max_query_variants} 个"
                                                          "（日历、搜索结果等），其余未抓取")])
                    return iter(())
                variants.add(query)
        if self.scheduled >= self.options.max_pages:
            if self.scheduled == self.options.max_pages:
                log.warning("[%s] 已达到抓取上限 max_pages=%d", self.unit_name, self.options.max_pages)
                self.scheduled += 1
                return iter([ProblemRecord(url=self.home_url, kind="budget_exhausted",
                                           detail=f"已达到抓取上限 max_pages={self.options.max_pages}")])
            return iter(())
        self.scheduled += 1
        return None

    def _meta(self, role: str, **meta) -> dict:
        meta.update(role=role, attempt=1, handle_httpstatus_list=HANDLED_STATUSES,
                    dont_obey_robotstxt=not self.options.obey_robots)
        return meta

    def _follow(self, url: str, callback, role: str, method: str = "GET",
                headers: dict[str, str] | None = None, **meta) -> Iterator:
        """A first request for `url` within the budgets (duplicates: Scrapy's dupefilter)."""
        url = canonical(url)
        if (method, url) in self.requested:
            return
        host = urlsplit(url).netloc.lower()
        if host not in self.probed and self._in_scope(url):
            self.probed.add(host)
            yield from self._probe(url)
        refused = self._admit(url)
        if refused is not None:
            yield from refused
            return
        self.requested.add((method, url))
        # dont_filter: duplicates are stopped above; Scrapy's filter would also drop the
        # redirect of a page to a URL already fetched (a soft 404 sending every unknown path
        # home), and that fetch would then end without a word.
        yield scrapy.Request(url, callback=callback, errback=self.on_error, method=method,
                             dont_filter=True, headers=headers,
                             meta={**self._meta(role, **meta),
                                   "attempt": self.prior_attempts.get(url, 0) + 1})

    # --- soft 404s -------------------------------------------------------------------------

    def _probe(self, url: str) -> Iterator:
        """Ask the host of `url` for a page that cannot exist, before anything else of it."""
        probe = probe_url(url)
        refused = self._admit(probe)
        if refused is not None:
            yield from refused
            return
        yield scrapy.Request(probe, callback=self.parse_probe, errback=self.on_probe_error,
                             meta=self._meta("probe"), priority=100, dont_filter=True)

    def parse_probe(self, response: Response) -> Iterator:
        asked = response.request.meta.get("redirect_urls", [response.request.url])[0]
        outcome, text, _ = self._read(response)
        template = error_template(text, asked, response.url) if outcome == Outcome.OK else None
        self.error_templates[urlsplit(asked).netloc.lower()] = template
        if template is not None:
            log.info("[%s] %s 对不存在的网址返回 200（软 404）", self.unit_name, urlsplit(asked).netloc)
        yield PageRecord(url=canonical(asked), role="probe", outcome=outcome, fetched_at=datetime.now(),
                         http_status=response.status,
                         final_url=response.url if response.url != asked else None,
                         data={"soft404": template.to_json() if template else None})

    def on_probe_error(self, failure: Failure) -> Iterator:
        outcome, status, detail = outcome_of_failure(failure)
        yield PageRecord(url=canonical(failure.request.url), role="probe", outcome=outcome,
                         fetched_at=datetime.now(), http_status=status, error=detail,
                         data={"soft404": None})

    def _soft_404(self, response: Response, text: str | None) -> bool:
        """Whether a 200 answer is its host's error template (`text` None: judge by URL only)."""
        request = response.request
        asked = request.meta.get("redirect_urls", [request.url])[0]
        template = self.error_templates.get(urlsplit(asked).netloc.lower())
        if template is None or request.meta.get("role") in ("home", "probe"):
            return False
        if text is None and not template.redirected:
            return False
        return is_soft_404(template, text or "", asked, response.url)

    def _schedule_retry(self, request: scrapy.Request) -> None:
        """Re-issue `request` later in the crawl, without holding a download slot meanwhile."""
        attempt = request.meta["attempt"] + 1
        delay = self.options.link_retry_delay * (attempt - 1)
        retry = request.replace(url=request.meta.get("redirect_urls", [request.url])[0],
                                meta={**own_meta(request.meta), "attempt": attempt}, dont_filter=True)
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
        # HTTPS, HTTP→HTTPS and AAAA facts of the portal, gathered off the reactor meanwhile.
        self.site_facts = ThreadPoolExecutor(1, thread_name_prefix="site-facts").submit(
            gather_site_facts, self.unit.home)
        if self.unit.disclosure:
            yield UnitStateRecord(disclosure_url=canonical(self.unit.disclosure))
        for record in self._follow(self.unit.home, self.parse_home, "home"):
            yield record

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
        if ctype and not any(t in ctype for t in HTML_TYPES) or looks_binary(response.body):
            return Outcome.NOT_HTML, None, None
        text, encoding = decode_body(response.body, ctype or None)
        if "partial" in response.flags and looks_cut_short(text):  # closed mid-page, no length said
            return Outcome.CONNECTION_LOST, None, None
        if self._soft_404(response, text):
            return Outcome.SOFT_404, None, None
        return Outcome.OK, text, encoding

    @staticmethod
    def _identity(request: scrapy.Request) -> str:
        """The stored URL of a request (a POST list call: its URL with the form as query; a
        redirected request: the URL first asked for)."""
        return request.meta.get("identity") or canonical(request.meta.get("redirect_urls", [request.url])[0])

    def _page(self, response: Response, text: str, encoding: str | None, role: str,
              title: str | None = None, data: dict | None = None,
              column_url: str | None = None) -> Iterator:
        """The record of a page read OK (and, after earlier failures, its successful attempt)."""
        url = self._identity(response.request)
        if response.meta.get("attempt", 1) > 1:
            yield LinkAttemptRecord(url, Outcome.OK, response.status, datetime.now())
        validators = {key: value.decode("latin-1") for key, value in (
            ("etag", response.headers.get(b"ETag")),
            ("last_modified", response.headers.get(b"Last-Modified"))) if value}
        if validators:  # for a conditional GET by the next (incremental) crawl
            data = {**(data or {}), "validators": validators}
        if role in EXTRA_ROLES:
            data = {**(data or {}), **page_extras(
                role, text, url, column_type=self.column_kind.get(column_url or ""), title=title,
                site_hosts=self.scope_hosts, spam_terms=self.spam_terms)}
        yield PageRecord(
            url=url, role=role, outcome=Outcome.OK, fetched_at=datetime.now(),
            http_status=response.status,
            final_url=response.url if response.url != url else None,
            content_hash=hashlib.sha256(response.body).hexdigest(), encoding=encoding,
            title=title, column_url=column_url, data=data or {})

    def _failed(self, request: scrapy.Request, outcome: Outcome, status: int | None,
                detail: str) -> Iterator:
        """A fetch that did not succeed: record the attempt, retry later or give up."""
        url = self._identity(request)
        meta = request.meta
        yield LinkAttemptRecord(url, outcome, status, datetime.now())
        if outcome not in NEVER_RETRY and meta["attempt"] < self.options.link_attempts:
            self._schedule_retry(request)
            return
        log.info("[%s] %s 抓取失败: %s", self.unit_name, url, detail)
        self.failed_targets.add(url)
        yield from self._flush_sources(url)
        if meta["role"] == "script":
            yield from self._footer_settles(url)
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
                                describe(outcome, response.status))

    # --- the walk ----------------------------------------------------------------------

    def parse_home(self, response: Response) -> Iterator:
        outcome, text, encoding = self._read(response)
        if outcome != Outcome.OK:
            yield from self._not_ok(response, outcome)
            return
        meta = extract_meta(text)
        scripts = [u for u in footer_script_urls(text, response.url) if self._in_scope(u)]
        self.footer = extract_footer(text)
        data = {"meta": meta, "footer": asdict(self.footer), "footer_scripts": scripts}
        yield from self._page(response, text, encoding, "home", meta.get("SiteName"), data)
        for url in scripts:
            requests = list(self._follow(url, self.parse_footer_script, "script"))
            if any(isinstance(r, scrapy.Request) for r in requests):
                self.footer_pending.add(canonical(url))
            yield from requests
        yield from self._footer_settles()
        home = self._identity(response.request)
        disclosure = self.unit.disclosure or find_disclosure_root(text, response.url)
        if disclosure:
            self.disclosure_url = canonical(disclosure)
            yield UnitStateRecord(disclosure_url=self.disclosure_url)
            yield from self._add_source(self.disclosure_url, home, "信息公开")
            yield from self._follow(disclosure, self.parse_disclosure, "disclosure")
        else:
            yield ProblemRecord(url=home, kind="disclosure_not_found",
                                detail="首页未找到“政府信息公开”入口, 且配置未给出 disclosure")
        for link in consult_links(text, response.url):  # 咨询 channels often sit outside 信息公开
            url = canonical(link["url"])
            yield from self._add_source(url, home, link["title"])
            yield from self._add_column(link["title"] or "政务咨询", url, None, 1, column_type="consult")
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
        if self.footer is not None:
            self.footer = merge_footers(self.footer, footer)
        yield from self._footer_settles(self._identity(response.request))

    # --- rendering ---------------------------------------------------------------------

    def _footer_settles(self, arrived: str | None = None) -> Iterator:
        """Once the home page and its footer scripts are in, render the home page when the
        footer still lacks 网站标识码 or ICP, or holds implausible ones read out of a script: a
        script may compute them, and no rule may call them missing or malformed before the
        crawler looked where a browser would."""
        self.footer_pending.discard(arrived or "")
        if self.footer is None or self.footer_pending or self.footer_settled:
            return
        self.footer_settled = True
        if needs_render(self.footer):
            yield from self._render(self.home_url, self.parse_rendered_footer, "rendered",
                                    identity=self.home_url + "#rendered")

    def _render(self, url: str, callback, role: str, identity: str, **meta) -> Iterator:
        """A request to render `url` in headless Chromium, within the unit's render budget;
        without Chromium or budget, the record that says the page could not be looked at."""
        why = None
        if self.renders >= self.options.max_renders:
            why = ("render_budget", f"已达到渲染上限 max_renders={self.options.max_renders}")
        elif find_chromium() is None:
            why = ("render_unavailable", "未找到 Chromium，脚本生成的内容未能检查")
        if why is not None:
            yield from self._render_failed(url, role, identity, meta.get("column_url"), *why)
            return
        self.renders += 1
        meta = self._meta(role, identity=identity, rendered_of=url, **meta)
        meta.update(attempt=self.options.link_attempts, dont_obey_robotstxt=True)  # no retries
        yield scrapy.Request(render_url(url), callback=callback, errback=self.on_render_error,
                             meta=meta, dont_filter=True)

    def _render_failed(self, url: str, role: str, identity: str, column_url: str | None,
                       kind: str, detail: str) -> Iterator:
        log.warning("[%s] %s 未能渲染: %s", self.unit_name, url, detail)
        yield PageRecord(url=identity, role=role, outcome=Outcome.ERROR, fetched_at=datetime.now(),
                         error=f"{kind}: {detail}", column_url=column_url,
                         data={"rendered_of": url})
        yield ProblemRecord(url=url, kind=kind, detail=detail)

    def on_render_error(self, failure: Failure) -> Iterator:
        meta = failure.request.meta
        text = str(failure.value)
        kind = text.split(":", 1)[0] if text.startswith("render_") else "render_failed"
        yield from self._render_failed(meta["rendered_of"], meta["role"], meta["identity"],
                                       meta.get("column_url"), kind, text[:300])

    def _rendered(self, response: Response, data: dict) -> PageRecord:
        meta = response.meta
        return PageRecord(url=meta["identity"], role=meta["role"], outcome=Outcome.OK,
                          fetched_at=datetime.now(), http_status=200,
                          content_hash=hashlib.sha256(response.body).hexdigest(), encoding="utf-8",
                          column_url=meta.get("column_url"),
                          data={"rendered_of": meta["rendered_of"], **data})

    def parse_rendered_footer(self, response: Response) -> Iterator:
        """The home page as Chromium shows it: its footer, merged into the home page's by
        `checks.snapshot`."""
        footer = extract_footer(response.text, found_in="rendered")
        yield self._rendered(response, {"footer": asdict(footer)})

    def parse_rendered_list(self, response: Response) -> Iterator:
        """A column page as Chromium shows it, for a list its scripts build."""
        column_url = response.meta["column_url"]
        url = response.meta["rendered_of"]
        items = self._entries(extract_items(response.text, url), find_column_tree(response.text, url))
        yield self._rendered(response, {"list": list_data(
            items, placeholder=None if items else find_placeholder(response.text))})
        yield from self._list_entries(items, column_url, column_url)

    def parse_disclosure(self, response: Response) -> Iterator:
        outcome, text, encoding = self._read(response)
        if outcome != Outcome.OK:
            yield from self._not_ok(response, outcome)
            return
        meta = extract_meta(text)
        yield from self._page(response, text, encoding, "disclosure", meta.get("ColumnName"),
                              {"meta": meta})
        root = self._identity(response.request)
        self.disclosure_url = self.disclosure_url or root
        if self.unit.columns:  # explicit columns replace discovery
            urls = [canonical(c.url) for c in self.unit.columns]
            for config, url in zip(self.unit.columns, urls):
                yield from self._add_source(url, root, config.name)
                yield from self._add_column(config.name or "", url, self._enclosing_column(url, urls),
                                            1, config)
        else:
            yield from self._discover(text, response.url, root)
        yield from self._check_attachments(text, response.url)

    def _discover(self, text: str, page_url: str, root: str) -> Iterator:
        """Columns of the disclosure root (or of a frame of it): menus and trees in the HTML,
        tree data in included JS/JSON files, and the page's frames."""
        frames = [u for u in map(canonical, frame_urls(text, page_url)) if self._in_scope(u)]
        links = [c for c in find_column_tree(text, page_url) if canonical(c.url) not in frames]
        yield from self._add_columns(links, root, canonical(page_url))
        for url in frames:
            yield from self._follow(url, self.parse_nav_frame, "frame", root=root)
        for url in tree_data_urls(text, page_url):
            yield from self._follow(url, self.parse_tree_data, "navdata", root=root,
                                    page_url=page_url)

    def parse_nav_frame(self, response: Response) -> Iterator:
        """A frame of the disclosure root: its menus are columns of the root."""
        outcome, text, encoding = self._read(response)
        if outcome != Outcome.OK:
            yield from self._not_ok(response, outcome)
            return
        yield from self._page(response, text, encoding, "frame", None, {"meta": extract_meta(text)})
        yield from self._discover(text, response.url, response.meta["root"])

    def parse_tree_data(self, response: Response) -> Iterator:
        """A JS or JSON file that may hold the column tree of the page that includes it."""
        if response.status >= 300:
            yield from self._not_ok(response, outcome_for_status(response.status))
            return
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
        text, encoding = decode_body(response.body, ctype or None)
        links = script_column_tree(text, response.meta["page_url"])
        yield from self._page(response, text, encoding, "navdata", None,
                              {"columns": [[c.name, canonical(c.url)] for c in links]})
        yield from self._add_columns(links, response.meta["root"], canonical(response.url))

    def _add_columns(self, links: list[ColumnLink], root: str, source: str) -> Iterator:
        """Columns found in one menu or tree; a column's parent is the entry it is nested
        under, else the column whose directory encloses it, else the disclosure root."""
        urls = [canonical(c.url) for c in links]
        candidates = urls + sorted(self.known_columns)
        for link, url in zip(links, urls):
            parent = canonical(link.parent) if link.parent else None
            if parent not in set(urls) | self.known_columns:
                parent = self._enclosing_column(url, candidates) or root
            yield from self._add_source(url, source, link.name)
            yield from self._add_column(link.name, url, parent, 1)

    def _add_column(self, name: str, url: str, parent: str | None, depth: int,
                    config: ColumnConfig | None = None, column_type: str | None = None) -> Iterator:
        if url in self.known_columns or url == self.disclosure_url or not self._in_scope(url):
            return
        ctype = column_type or (classify_column(name, self.column_types) if name else "other")
        settings: dict = {}
        if config is not None:
            ctype = config.type or ctype
            settings = {k: v for k, v in (("max_age_days", config.max_age_days),
                                          ("on_demand", config.on_demand or None),
                                          ("department", config.department)) if v}
        requests = list(self._follow(url, self.parse_column, "column", column_url=url,
                                     column_depth=depth))
        if not any(isinstance(r, scrapy.Request) for r in requests):
            yield from requests
            return
        self.known_columns.add(url)
        self.column_parents[url] = parent
        self.column_kind[url] = ctype
        yield ColumnRecord(name=name or url, url=url, parent_url=parent, type=ctype, settings=settings)
        yield from requests

    def parse_column(self, response: Response) -> Iterator:
        """The first list page of a column: entries, sub-columns, the other list pages, and
        where the entries are not in the HTML, the frames and list APIs that hold them."""
        outcome, text, encoding = self._read(response)
        if outcome != Outcome.OK:
            yield from self._not_ok(response, outcome)
            return
        column_url = response.meta["column_url"]
        meta = extract_meta(text)
        frames = [u for u in map(canonical, frame_urls(text, response.url)) if self._in_scope(u)]
        tree = [c for c in find_column_tree(text, response.url) if canonical(c.url) not in frames]
        items = self._entries(extract_items(text, response.url), tree)
        if items:
            frames, calls = [], []
        else:
            calls = find_api_calls(text, response.url)
        render = not (items or frames or calls) and script_fills_list(text) and \
            column_url not in self.column_parents.values()
        placeholder = None if items or frames or calls or render else find_placeholder(text)
        yield from self._page(response, text, encoding, "column", meta.get("ColumnName"),
                              {"meta": meta, "list": list_data(items, placeholder=placeholder)},
                              column_url=column_url)
        yield from self._list_entries(items, column_url, response.url)
        depth = response.meta["column_depth"]
        if depth < min(MAX_COLUMN_DEPTH, self.options.max_depth):
            for link in tree:
                url = canonical(link.url)
                nested = link.parent is not None and canonical(link.parent) == column_url
                if nested or self._is_subcolumn(url, column_url):
                    yield from self._add_source(url, column_url, link.name)
                    yield from self._add_column(link.name, url, column_url, depth + 1)
        yield from self._paginate(text, response.url, column_url, column_url)
        for url in frames:
            yield from self._list_page(url, column_url, frame=True)
        for call in calls:
            yield from self._follow_api(call, column_url, first=True)
        if render:  # a list the page's scripts build, in a way not read statically
            yield from self._render(self._identity(response.request), self.parse_rendered_list, "list",
                                    identity=column_url + "#rendered", column_url=column_url)
        yield from self._check_attachments(text, response.url)

    def _list_page(self, url: str, column_url: str, frame: bool = False,
                   source: str | None = None) -> Iterator:
        """A request for another list page of a column (`source`: the first page of the list
        it belongs to; conditional when the previous crawl kept its validators), or for a
        frame holding a list (its own source), within the column's budget."""
        url = canonical(url)
        if not self._list_budget(column_url, url):
            return
        before = self.previous.pages.get(url) if self.previous is not None and not frame else None
        headers = before.validators if before is not None and before.ok and before.role == "list" else None
        yield from self._follow(url, self.parse_list_page, "list", headers=headers or None,
                                column_url=column_url, frame=frame, source=source or url)

    def _list_budget(self, column_url: str, url: str) -> bool:
        """Count `url` as a list page of the column: False when known or over the budget."""
        key = page_key(url)
        pages = self.list_pages.setdefault(column_url, set())
        if key in pages or key == page_key(column_url) or len(pages) >= MAX_LIST_PAGES:
            return False
        pages.add(key)
        return True

    def _paginate(self, text: str, page_url: str, column_url: str, source: str) -> Iterator:
        """The other pages of the list whose first page is `source`."""
        for url in pagination_urls(text, page_url):
            yield from self._list_page(url, column_url, source=source)

    # --- incremental re-crawl (crawler.incremental) ------------------------------------

    def _copy(self, page: PreviousPage) -> PageRecord:
        """The previous crawl's row of a page, copied forward (it keeps its fetch time)."""
        assert self.previous is not None
        return PageRecord(url=page.url, role=page.role, outcome=page.outcome, fetched_at=page.fetched_at,
                          http_status=page.http_status, final_url=page.final_url,
                          content_hash=page.content_hash, encoding=page.encoding, title=page.title,
                          column_url=page.column_url,
                          data={**page.data, "reused_from": self.previous.crawl_id})

    def _replay_list_page(self, page: PreviousPage, column_url: str, source: str) -> Iterator:
        """A list page that answered 304: its row and entries copied forward, and the other
        pages its list had last time asked for (its own links are not at hand)."""
        assert self.previous is not None
        yield self._copy(page)
        items = [ListItem(title, url, date.fromisoformat(day) if day else None, text)
                 for title, url, day, text in (page.data.get("list") or {}).get("entries", ())]
        yield from self._list_entries(items, column_url, page.url)
        for other in self.previous.later_pages.get(source, ()):
            yield from self._list_page(other.url, column_url, source=source)

    def _article(self, url: str, item: ListItem, column_url: str) -> Iterator:
        """An article of a list: copied forward when listed as before and read last time,
        else fetched (conditionally when the previous crawl kept its validators)."""
        previous = self.previous
        if previous is not None:
            reused = previous.reusable_article(url, column_url, item.title, item.date,
                                               self.options.page_recheck_days)
            if reused is not None:
                if ("GET", url) not in self.requested:
                    self.requested.add(("GET", url))
                    yield from self._replay_article(reused)
                return
        before = previous.pages.get(url) if previous is not None else None
        headers = before.validators if before is not None and before.ok and before.role == "article" else None
        yield from self._follow(url, self.parse_article, "article", headers=headers or None,
                                column_url=column_url)

    def _replay_article(self, page: PreviousPage) -> Iterator:
        """An article not fetched again: its row copied forward, its links checked as if read."""
        yield self._copy(page)
        article = page.data.get("article") or {}
        day = article.get("visible_date") or article.get("url_date")
        yield from self._complete_dates(page.url, date.fromisoformat(day) if day else None)
        yield from self._article_links(page.url, [(target, anchor) for target, anchor in article.get("links", ())])

    def parse_list_page(self, response: Response) -> Iterator:
        """Another list page of a column (a later page, or the frame that holds the list)."""
        before = self.previous.pages.get(self._identity(response.request)) if self.previous else None
        if response.status == 304 and before is not None:  # conditional GET: not modified
            yield from self._replay_list_page(before, response.meta["column_url"], response.meta["source"])
            return
        outcome, text, encoding = self._read(response)
        if outcome != Outcome.OK:
            yield from self._not_ok(response, outcome)
            return
        column_url = response.meta["column_url"]
        source = response.meta.get("source") or self._identity(response.request)
        items = self._entries(extract_items(text, response.url), find_column_tree(text, response.url))
        frame = response.meta.get("frame")
        calls = find_api_calls(text, response.url) if frame and not items else []
        yield from self._page(response, text, encoding, "list", None,
                              {"list": list_data(items, source=source)}, column_url=column_url)
        yield from self._list_entries(items, column_url, response.url)
        yield from self._paginate(text, response.url, column_url, source)
        for call in calls:
            yield from self._follow_api(call, column_url, first=True)

    def _follow_api(self, call: ApiCall, column_url: str, first: bool,
                    source: str | None = None) -> Iterator:
        """The request a page script sends to a list API (as XHR: GET, form POST or JSON)."""
        identity = canonical(call.identity)
        pages = self.list_pages.setdefault(column_url, set())
        if identity in pages or len(pages) >= MAX_LIST_PAGES:
            return
        pages.add(identity)
        refused = self._admit(identity)
        if refused is not None:
            yield from refused
            return
        meta = self._meta("list", column_url=column_url, identity=identity, api=call.to_json(),
                          api_first=first, source=source or identity)
        common = dict(meta=meta, callback=self.parse_api, errback=self.on_error, dont_filter=True)
        headers = {"X-Requested-With": "XMLHttpRequest",
                   "Accept": "application/json, text/javascript, */*; q=0.01"}
        if call.method == "POST" and call.json_body:
            yield scrapy.Request(call.url, method="POST",
                                 body=json.dumps(dict(call.params), ensure_ascii=False),
                                 headers={**headers, "Content-Type": "application/json;charset=UTF-8"},
                                 **common)
        elif call.method == "POST":
            yield scrapy.FormRequest(call.url, formdata=dict(call.params), headers=headers, **common)
        else:
            yield scrapy.Request(identity, headers=headers, **common)

    def parse_api(self, response: Response) -> Iterator:
        """A list API's JSON answer: its entries, and on the first page the other pages."""
        if response.status >= 300:
            yield from self._not_ok(response, outcome_for_status(response.status))
            return
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
        text, encoding = decode_body(response.body, ctype or None)
        call = ApiCall.from_json(response.meta["api"])
        column_url = response.meta["column_url"]
        result = parse_api_list(text, response.url, call.url_template, page_size_of(call))
        items = self._entries(result.items, [])
        source = response.meta["source"]
        yield from self._page(response, text, encoding, "list", None,
                              {"list": list_data(items, api=call.to_json(), json_list=result.is_list,
                                                 source=source)},
                              column_url=column_url)
        yield from self._list_entries(items, column_url, column_url)
        if response.meta.get("api_first") and result.total_pages:
            for other in api_page_calls(call, result.total_pages, MAX_LIST_PAGES):
                yield from self._follow_api(other, column_url, first=False, source=source)

    def _entries(self, items: list[ListItem], menu: list[ColumnLink]) -> list[ListItem]:
        """List entries minus navigation: an entry that is a column link is a menu, not news."""
        nav = {canonical(link.url) for link in menu} | self.known_columns
        if self.disclosure_url:
            nav.add(self.disclosure_url)
        return [item for item in items if canonical(item.url) not in nav]

    def _list_entries(self, items: list[ListItem], column_url: str, page_url: str) -> Iterator:
        for item in items:
            url = canonical(item.url)
            date_ = item.date or self.entry_dates.get(url)
            record = ListEntryRecord(column_url=column_url, title=item.title, url=url,
                                     date=date_, date_text=item.date_text)
            yield record
            if date_ is None and item.date_text:  # [04-17]: the year comes from the article
                self.undated.setdefault(url, []).append(record)
            yield from self._add_source(url, page_url, item.title)
            if not self._in_scope(url) or url in self.done_urls:
                continue
            if is_attachment(url):
                yield from self._link_check(url)
            else:
                yield from self._article(url, item, column_url)

    def _complete_dates(self, url: str, reference: date | None) -> Iterator[EntryDateRecord]:
        """Month-day list dates of `url` completed with the year of the article's own date."""
        for entry in self.undated.pop(url, []) if reference else ():
            found = complete_month_day(entry.date_text or "", reference)
            if found is not None:
                self.entry_dates[url] = found
                yield EntryDateRecord(entry.column_url, url, found)

    def parse_article(self, response: Response) -> Iterator:
        before = self.previous.pages.get(self._identity(response.request)) if self.previous else None
        if response.status == 304 and before is not None:  # conditional GET: not modified
            yield from self._replay_article(before)
            return
        outcome, text, encoding = self._read(response)
        if outcome == Outcome.NOT_HTML and b"html" not in response.headers.get(b"Content-Type", b"").lower():
            return  # an item that is a file: it loaded, that is all we need (not a file posing as a page)
        if outcome != Outcome.OK:
            yield from self._not_ok(response, outcome)
            return
        url = self._identity(response.request)
        info = extract_article(text, response.url)
        url_date = date_from_url(url)
        yield from self._complete_dates(url, info.visible_date or url_date)
        data = {
            "meta": extract_meta(text),
            "article": {
                "title": info.title,
                "visible_date": info.visible_date.isoformat() if info.visible_date else None,
                "visible_date_text": info.visible_date_text,
                "source": info.source,
                "metadata": info.metadata,
                "url_date": url_date.isoformat() if url_date else None,
                "attachments": [canonical(a) for a in info.attachments],
                "body_text": info.body_text,
                "links": [[canonical(target), anchor[:80]]
                          for target, anchor in info.links[:MAX_STORED_LINKS]],
            },
        }
        yield from self._page(response, text, encoding, "article", info.title, data,
                              column_url=response.meta.get("column_url"))
        yield from self._article_links(url, info.links[:MAX_STORED_LINKS])  # not 10,000 checks

    def _article_links(self, url: str, links: list[tuple[str, str]]) -> Iterator:
        """Sources and checks of the links of an article (fetched, or copied forward)."""
        for target, anchor in links:
            target = canonical(target)
            yield from self._add_source(target, url, anchor)
            if target in self.done_urls:
                continue
            if self._in_scope(target):
                yield from self._link_check(target)
            elif self.options.check_offsite_links and urlsplit(target).scheme in ("http", "https"):
                yield from self._link_check(target, offsite=True)  # checked, never followed

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
        """A link on a column page is a sub-column when it lives under the column's directory
        (`/zwgk/zcwj/` → `/zwgk/zcwj/gfxwj/`); columns that are a script with a query
        (`list.asp?lmid=21`) have no directory of their own: only menu nesting tells."""
        column_path = urlsplit(column_url).path
        if page_key(column_url) != page_key(column_url.split("?", 1)[0]) or \
                not (column_path.endswith("/") or page_key(column_url).endswith("/")):
            return False
        base = column_path.rsplit("/", 1)[0] + "/"
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

    def _link_check(self, target: str, offsite: bool = False) -> Iterator:
        """A HEAD request for a link target (GET when HEAD is not believable, see parse_link);
        an off-site target is let out by the scope middleware, but never to a private address."""
        extra = {"zwgk_offsite_ok": True} if offsite else {}
        reused = self.previous.reusable_link(target, self.options.link_recheck_days) \
            if self.previous is not None else None
        if reused is not None:  # worked last time, not its night for a re-check
            if ("HEAD", target) not in self.requested:
                self.requested.add(("HEAD", target))
                yield LinkCopyRecord(target, reused.outcome, reused.http_status, reused.attempts,
                                     reused.checked_at)
            return
        yield from self._follow(target, self.parse_link, "link", method="HEAD", **extra)

    def parse_link(self, response: Response) -> Iterator:
        status = response.status
        request = response.request
        html = b"html" in response.headers.get(b"Content-Type", b"").lower()
        host = urlsplit(request.meta.get("redirect_urls", [request.url])[0]).netloc.lower()
        soft_host = self.error_templates.get(host) is not None
        if request.method == "HEAD" and (status in (400, 403, 404, 405, 501) or
                                         soft_host and 200 <= status < 300 and html and
                                         not self._soft_404(response, None)):
            # Many servers answer HEAD wrongly, and a soft-404 site answers 200 for missing
            # pages: confirm with GET (and read the page) before believing it.
            yield request.replace(method="GET", dont_filter=True, meta=own_meta(request.meta))
            return
        outcome = Outcome.REDIRECT_LOOP if 300 <= status < 400 else outcome_for_status(status)
        if outcome == Outcome.OK and soft_host and (request.method == "HEAD" or html):
            text = decode_body(response.body, None)[0] if request.method == "GET" else None
            if self._soft_404(response, text):
                outcome = Outcome.SOFT_404
        url = self._identity(response.request)
        if outcome in REACHABLE:
            yield LinkAttemptRecord(url, outcome, status, datetime.now())
        else:
            yield from self._failed(response.request, outcome, status, describe(outcome, status))

    def site_facts_record(self) -> PageRecord | None:
        """The portal's transport facts (read at close; none if the probes did not finish)."""
        future = getattr(self, "site_facts", None)
        try:
            facts = future.result(timeout=SITE_FACTS_TIMEOUT) if future else None
        except Exception as exc:  # a probe bug must not lose the crawl
            log.warning("[%s] site facts failed: %s", self.unit_name, exc)
            return None
        if facts is None:
            return None
        return PageRecord(url=self.home_url + "#site", role="site", outcome=Outcome.OK,
                          fetched_at=datetime.now(), data={"site": facts})

    def failed_sources(self, failed: set[str]) -> Iterator[LinkSourceRecord]:
        """Sources this worker knows for targets that failed anywhere (read at close)."""
        for target in failed - self.failed_targets:
            yield from self._flush_sources(target)

    def closed(self, reason: str) -> None:
        log.info("[%s] 抓取结束 (%s), 栏目 %d 个", self.unit_name, reason, len(self.known_columns))
