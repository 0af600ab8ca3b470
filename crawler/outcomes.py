"""The closed set of ways a fetch can end (the crawl status taxonomy).

Checks consult it: only `OK` means the page was read; `DEFINITELY_BROKEN` outcomes may feed
`link.dead`; everything else means "could not check" and never reads as non-compliant.
"""
from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    OK = "ok"
    NOT_FOUND = "not_found"            # 404
    GONE = "gone"                      # 410
    SERVER_ERROR = "server_error"      # 5xx
    CLIENT_ERROR = "client_error"      # other 4xx
    TIMEOUT = "timeout"
    CONNECTION_REFUSED = "connection_refused"
    CONNECTION_LOST = "connection_lost"
    DNS_FAILURE = "dns_failure"
    BLOCKED = "blocked"                # 401/403/429: the site refused us, not necessarily broken
    ROBOTS_DISALLOWED = "robots_disallowed"
    TOO_LARGE = "too_large"
    REDIRECT_LOOP = "redirect_loop"
    OFF_SCOPE = "off_scope"
    NOT_HTML = "not_html"              # fetched fine, but not a page (PDF, DOC …)
    SOFT_404 = "soft_404"              # 200 that is the site's error template
    ERROR = "error"                    # anything else (TLS, malformed response …)


#: Outcomes that prove a link broken when they persist over every retry.
DEFINITELY_BROKEN = frozenset({Outcome.NOT_FOUND, Outcome.GONE, Outcome.DNS_FAILURE,
                               Outcome.CONNECTION_REFUSED, Outcome.SERVER_ERROR,
                               Outcome.SOFT_404})

#: Outcomes after which a target is reachable (a link to it works).
REACHABLE = frozenset({Outcome.OK, Outcome.NOT_HTML})

#: Outcomes a retry cannot change: the site refused us, or we refused the URL.
NEVER_RETRY = frozenset({Outcome.BLOCKED, Outcome.ROBOTS_DISALLOWED, Outcome.OFF_SCOPE,
                         Outcome.TOO_LARGE, Outcome.NOT_HTML})

LABELS_ZH = {
    Outcome.OK: "正常",
    Outcome.NOT_FOUND: "页面不存在(404)",
    Outcome.GONE: "页面已删除(410)",
    Outcome.SERVER_ERROR: "服务器错误(5xx)",
    Outcome.CLIENT_ERROR: "请求错误(4xx)",
    Outcome.TIMEOUT: "超时",
    Outcome.CONNECTION_REFUSED: "连接被拒绝",
    Outcome.CONNECTION_LOST: "连接中断",
    Outcome.DNS_FAILURE: "域名解析失败",
    Outcome.BLOCKED: "被拒绝访问(403/429)",
    Outcome.ROBOTS_DISALLOWED: "robots.txt 禁止",
    Outcome.TOO_LARGE: "页面过大",
    Outcome.REDIRECT_LOOP: "重定向循环",
    Outcome.OFF_SCOPE: "超出抓取范围",
    Outcome.NOT_HTML: "非网页文件",
    Outcome.SOFT_404: "软404(错误页返回200)",
    Outcome.ERROR: "其他错误",
}


def outcome_for_status(status: int) -> Outcome:
    """Map an HTTP status code to an outcome."""
    if 200 <= status < 400:
        return Outcome.OK
    if status == 404:
        return Outcome.NOT_FOUND
    if status == 410:
        return Outcome.GONE
    if status in (401, 403, 429):
        return Outcome.BLOCKED
    if status >= 500:
        return Outcome.SERVER_ERROR
    return Outcome.CLIENT_ERROR
