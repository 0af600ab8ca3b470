"""Downloader middlewares (scope, redirect loops) and the spider middleware that turns a
callback's crash on a hostile page into a crawl problem."""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler.items import ProblemRecord
from crawler.outcomes import Outcome


def _is_private_host(host: str) -> bool:
    if host in ("localhost",) or host.endswith(".localhost"):
        return True
    try:
        addr = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        try:  # the legacy forms a resolver still accepts: 127.1, 2130706433, 0x7f000001
            addr = ipaddress.ip_address(socket.inet_ntoa(socket.inet_aton(host)))
        except (OSError, ValueError):
            return False
    return addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved


class ScopeMiddleware:
    """Drops requests (including redirect targets) outside the unit's hosts.

    Loopback and private addresses are fetched only when the unit config names them
    (tests and intranet portals); every other off-scope URL is ignored as `off_scope`.
    Off-site link checks (meta `zwgk_offsite_ok`) may leave the unit's hosts but never
    to a private address.
    """

    def process_request(self, request: Request, spider: Spider):
        hosts: frozenset[str] = getattr(spider, "scope_hosts", frozenset())
        parts = urlsplit(request.url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https", "render+http", "render+https"):  # render: crawler.render
            raise IgnoreRequest(f"off_scope: scheme {parts.scheme}")
        if host in hosts:
            return None
        if _is_private_host(host):
            raise IgnoreRequest(f"off_scope: private address {host} not in the unit config")
        if request.meta.get("zwgk_offsite_ok"):
            return None
        raise IgnoreRequest(f"off_scope: {host} is not a host of this unit")


class RedirectLoopMiddleware:
    """Ends a redirect chain that comes back to a URL it already visited (A → B → A).

    Scrapy's duplicate filter would silently drop the repeated request, leaving the page with
    no outcome at all; this names it `redirect_loop` (chains that never repeat end at
    REDIRECT_MAX_TIMES). Runs before RedirectMiddleware (a higher priority number).
    """

    def process_response(self, request: Request, response: Response, spider: Spider | None = None):
        location = response.headers.get(b"Location")
        if response.status not in (301, 302, 303, 307, 308) or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        if target in (*request.meta.get("redirect_urls", ()), request.url):
            raise IgnoreRequest(f"redirect loop: {request.url} → {target}")
        return response


class ParseFailureMiddleware:
    """A callback that raised on a page (an extractor meeting input nobody foresaw) leaves a
    crawl problem `error` naming the page, instead of only a log line; what the callback
    yielded before it raised is kept, and the crawl goes on."""

    def process_spider_exception(self, response: Response, exception: Exception,
                                 spider: Spider | None = None) -> Iterator[ProblemRecord]:
        request = response.request
        url = request.meta.get("identity") or request.meta.get("redirect_urls", [request.url])[0]
        yield ProblemRecord(url=url, kind=str(Outcome.ERROR),
                            detail=f"页面解析失败: {type(exception).__name__}: {exception}"[:300])
