"""Classify how a Scrapy request ended into the closed `Outcome` set."""
from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from crawler.outcomes import Outcome, outcome_for_status

_NETWORK = (
    ((net.TimeoutError, net.TCPTimedOutError), Outcome.TIMEOUT),
    ((net.ConnectionRefusedError,), Outcome.CONNECTION_REFUSED),
    ((net.DNSLookupError,), Outcome.DNS_FAILURE),
    ((net.ConnectionLost, net.ConnectionDone, ResponseFailed, ResponseNeverReceived),
     Outcome.CONNECTION_LOST),
)


def outcome_of_failure(failure: Failure) -> tuple[Outcome, int | None, str]:
    """(outcome, http status if any, short description) of a failed request."""
    exc = failure.value
    if isinstance(exc, HttpError):
        status = exc.response.status
        return outcome_for_status(status), status, f"HTTP {status}"
    for types, outcome in _NETWORK:
        if isinstance(exc, types):
            return outcome, None, f"{type(exc).__name__}: {exc}"[:300]
    text = str(exc)
    if isinstance(exc, IgnoreRequest):
        if "robots.txt" in text.lower() or "Forbidden by robots" in text:
            return Outcome.ROBOTS_DISALLOWED, None, text[:300]
        if "redirect" in text.lower():
            return Outcome.REDIRECT_LOOP, None, text[:300]
        if text.startswith("off_scope"):
            return Outcome.OFF_SCOPE, None, text[:300]
        return Outcome.ERROR, None, text[:300]
    if "maxsize" in text.lower() or "exceeds" in text.lower() and "size" in text.lower():
        return Outcome.TOO_LARGE, None, text[:300]
    if "timeout" in type(exc).__name__.lower() or "timed out" in text.lower():
        return Outcome.TIMEOUT, None, text[:300]
    return Outcome.ERROR, None, f"{type(exc).__name__}: {text}"[:300]
