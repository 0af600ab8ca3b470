"""Downloader middlewares."""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest


def _is_private_host(host: str) -> bool:
    if host in ("localhost",) or host.endswith(".localhost"):
        return True
    try:
        addr = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
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
        if parts.scheme not in ("http", "https"):
            raise IgnoreRequest(f"off_scope: scheme {parts.scheme}")
        if host in hosts:
            return None
        if _is_private_host(host):
            raise IgnoreRequest(f"off_scope: private address {host} not in the unit config")
        if request.meta.get("zwgk_offsite_ok"):
            return None
        raise IgnoreRequest(f"off_scope: {host} is not a host of this unit")
