"""Classify how a Scrapy request ended into the closed `Outcome` set.

Scrapy ≥ 2.13 wraps Twisted's network errors in its own exceptions (`DownloadTimeoutError`,
`DownloadFailedError`, `ResponseDataLossError` …); older versions raise Twisted's. Both are
recognised. A body over `DOWNLOAD_MAXSIZE` ends in one of three ways: cancelled when the
announced length is too big (the message says so), cancelled silently while streaming (the
`crawler.extensions.SizeGuard` marks the request), or ignored while a compressed body inflates
(a gzip bomb); all three are `too_large`.
"""
from __future__ import annotations

import scrapy.exceptions as scrapy_errors
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import defer
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from crawler.outcomes import Outcome, outcome_for_status

#: request.meta key set by `crawler.extensions.SizeGuard`: bytes received beyond the limit.
TOO_LARGE_META = "zwgk_too_large"


def _scrapy(*names: str) -> tuple[type, ...]:
    """The named exception classes of the installed Scrapy (absent ones are skipped)."""
    return tuple(t for t in (getattr(scrapy_errors, n, None) for n in names) if isinstance(t, type))


_NETWORK = (
    ((net.TimeoutError, net.TCPTimedOutError, *_scrapy("DownloadTimeoutError")), Outcome.TIMEOUT),
    ((net.ConnectionRefusedError, *_scrapy("DownloadConnectionRefusedError")),
     Outcome.CONNECTION_REFUSED),
    ((net.DNSLookupError, *_scrapy("CannotResolveHostError")), Outcome.DNS_FAILURE),
    ((net.ConnectionLost, net.ConnectionDone, ResponseFailed, ResponseNeverReceived,
      *_scrapy("DownloadFailedError", "ResponseDataLossError")), Outcome.CONNECTION_LOST),
)
_CANCELLED = (defer.CancelledError, *_scrapy("DownloadCancelledError"))
_SIZE_WORDS = ("max size", "maxsize")


def _describe(exc: BaseException) -> str:
    """A short description: the Twisted reason inside a wrapper, not the wrapper's repr."""
    inner = exc.__cause__ or exc
    reasons = getattr(inner, "reasons", None)
    if reasons and isinstance(reasons[0], Failure):
        inner = reasons[0].value
    text = str(inner).strip()
    name = type(exc).__name__
    if inner is not exc:
        name += f" ({type(inner).__name__})"
    return f"{name}: {text}"[:300] if text else name


def outcome_of_failure(failure: Failure) -> tuple[Outcome, int | None, str]:
    """(outcome, http status if any, short description) of a failed request."""
    exc = failure.value
    if isinstance(exc, HttpError):
        status = exc.response.status
        return outcome_for_status(status), status, f"HTTP {status}"
    text = str(exc)
    lowered = text.lower()
    request = getattr(failure, "request", None)
    over = request.meta.get(TOO_LARGE_META) if request is not None else None
    if over or (isinstance(exc, (IgnoreRequest, *_CANCELLED)) and any(w in lowered for w in _SIZE_WORDS)):
        return Outcome.TOO_LARGE, None, (text or f"Received {over} bytes, over DOWNLOAD_MAXSIZE")[:300]
    for types, outcome in _NETWORK:
        if isinstance(exc, types):
            return outcome, None, _describe(exc)
    if isinstance(exc, IgnoreRequest):
        if "robots.txt" in lowered:
            return Outcome.ROBOTS_DISALLOWED, None, text[:300]
        if text.startswith("off_scope"):
            return Outcome.OFF_SCOPE, None, text[:300]
        if "redirect" in lowered:
            return Outcome.REDIRECT_LOOP, None, text[:300]
        return Outcome.ERROR, None, text[:300]
    if "timeout" in type(exc).__name__.lower() or "timed out" in lowered:
        return Outcome.TIMEOUT, None, _describe(exc)
    return Outcome.ERROR, None, _describe(exc)
