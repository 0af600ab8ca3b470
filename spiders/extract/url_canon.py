"""URL identity: one spelling per page, so that a page is fetched, stored and judged once.

``canonical_url`` drops the fragment, session ids (``;jsessionid=…``, ``JSESSIONID=``),
tracking parameters (``utm_*``, ``spm`` …) and cache-busting timestamps (``?_=1681715200000``,
``t=0.123``), then lets w3lib's ``canonicalize_url`` sort the query and normalise the
percent-encoding. Meaningful parameters (``?uid=8866&pageNum=2``, ``id=123``) stay.

``query_variant_key`` names the (host, path) whose distinct query strings the spider counts
to stop calendar and search-result traps.
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

__all__ = ["canonical_url", "page_key", "query_variant_key"]

_SESSION_PATH = re.compile(r";\s*(?:jsessionid|phpsessid|aspsessionid\w*|sid)=[^/?#;]*", re.I)
_SESSION_KEYS = frozenset({"jsessionid", "phpsessid", "aspsessionid", "sessionid", "sessid"})
_TRACKING = re.compile(r"^(?:utm_\w+|spm|gclid|fbclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|"
                       r"scene|clicktime|enterid|isappinstalled|share_token)$", re.I)
_BUSTER_KEYS = frozenset({"_", "t", "_t", "ts", "timestamp", "time", "rnd", "rand", "random",
                          "r", "nocache", "_dc", "v", "ver"})
_BUSTER_VALUE = re.compile(r"^(?:\d{10}|\d{13}|0?\.\d{6,}|\d{10}\.\d+)$")


def _keep(key: str, value: str) -> bool:
    low = key.lower()
    if low in _SESSION_KEYS or _TRACKING.match(low):
        return False
    return not (low in _BUSTER_KEYS and _BUSTER_VALUE.match(value))


@lru_cache(maxsize=65536)  # the same menu and breadcrumb links come back on every page
def canonical_url(url: str) -> str:
    """The identity of ``url``: no fragment, session id, tracking or timestamp parameter,
    sorted query, normalised percent-encoding. Idempotent; a URL that does not parse is
    returned without its fragment."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.split("#", 1)[0]
    path = _SESSION_PATH.sub("", parts.path)
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if _keep(k, v)]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    cleaned = urlunsplit((parts.scheme, parts.netloc, path, query, ""))
    try:
        return canonicalize_url(cleaned, keep_blank_values=True)
    except (ValueError, UnicodeError):
        return cleaned


_INDEX_FILE = re.compile(r"/(?:index|default)\.(?:s?html?|jsp|php|aspx?)$", re.I)


def page_key(url: str) -> str:
    """A comparison key under which ``/dir/`` and ``/dir/index.html`` are one page."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, _INDEX_FILE.sub("/", parts.path), parts.query, ""))


def query_variant_key(url: str) -> str | None:
    """``host/path`` of a URL with a query string (None without one): the key under which
    distinct query strings are counted (a calendar page or a search form multiplies them)."""
    parts = urlsplit(url)
    if not parts.query:
        return None
    return f"{(parts.hostname or '').lower()}:{parts.port or ''}{parts.path}"
