"""Crawl safety in isolation: how a failed fetch is classified (crawler.fetch_outcome, with the
exceptions of the installed Scrapy, which wraps Twisted's, and of older ones), the scope and
redirect-loop checks, and a callback crash turned into a crawl problem (crawler.middlewares).
The same behaviours through a real crawl of a hostile portal: tests/test_faults.py."""
from __future__ import annotations

import pytest
import scrapy.exceptions as sx
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

from crawler.fetch_outcome import TOO_LARGE_META, outcome_of_failure
from crawler.items import ProblemRecord
from crawler.middlewares import ParseFailureMiddleware, RedirectLoopMiddleware, ScopeMiddleware


def failure(exc: BaseException, **meta) -> Failure:
    try:
        raise exc
    except BaseException:
        f = Failure()
    f.request = Request("http://www.example.gov.cn/xxgk/", meta=meta)
    return f


def wrapped(outer: type, inner: BaseException) -> BaseException:
    exc = outer(str(inner))
    exc.__cause__ = inner
    return exc


@pytest.mark.parametrize(("exc", "outcome"), [
    (wrapped(sx.DownloadTimeoutError, net.TimeoutError("took longer than 30 seconds")), "timeout"),
    (wrapped(sx.DownloadConnectionRefusedError, net.ConnectionRefusedError()), "connection_refused"),
    (wrapped(sx.CannotResolveHostError, net.DNSLookupError("xxgk.example.gov.cn")), "dns_failure"),
    (wrapped(sx.DownloadFailedError, ResponseNeverReceived([Failure(net.ConnectionLost())])),
     "connection_lost"),
    (sx.ResponseDataLossError(), "connection_lost"),
    (net.TimeoutError(), "timeout"),
    (net.ConnectionRefusedError(), "connection_refused"),
    (net.DNSLookupError("x"), "dns_failure"),
    (net.ConnectionLost(), "connection_lost"),
], ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else v)
def test_network_failures_get_their_outcome(exc, outcome):
    assert outcome_of_failure(failure(exc))[0] == outcome


def test_wrapped_failure_is_described_by_its_twisted_reason():
    exc = wrapped(sx.DownloadFailedError, ResponseNeverReceived([Failure(net.ConnectionLost("reset"))]))
    assert outcome_of_failure(failure(exc))[2] == "DownloadFailedError (ConnectionLost): Connection to the other side was lost in a non-clean fashion: reset."


def test_announced_length_over_the_limit_is_too_large():
    exc = sx.DownloadCancelledError("Expected to receive 52428800 bytes which is larger than download "
                                    "max size (10485760) in request <GET http://x/>.")
    assert outcome_of_failure(failure(exc))[0] == "too_large"


def test_silent_cancel_of_a_body_marked_by_the_size_guard_is_too_large():
    assert outcome_of_failure(failure(sx.DownloadCancelledError(), **{TOO_LARGE_META: 10486946})) == \
        ("too_large", None, "Received 10486946 bytes, over DOWNLOAD_MAXSIZE")


def test_silent_cancel_without_the_mark_is_an_error():
    assert outcome_of_failure(failure(sx.DownloadCancelledError()))[0] == "error"


def test_gzip_body_that_inflates_over_the_limit_is_too_large():
    exc = IgnoreRequest("Ignored response <200 http://x/> because its body (203876 B compressed, "
                        "10551296 B decompressed so far) exceeded DOWNLOAD_MAXSIZE (10485760 B) during decompression.")
    assert outcome_of_failure(failure(exc))[0] == "too_large"


def test_ignored_requests_are_robots_scope_or_redirect():
    assert outcome_of_failure(failure(IgnoreRequest("Forbidden by robots.txt")))[0] == "robots_disallowed"
    assert outcome_of_failure(failure(IgnoreRequest("off_scope: a redirect to 10.0.0.1")))[0] == "off_scope"
    assert outcome_of_failure(failure(IgnoreRequest("max redirections reached")))[0] == "redirect_loop"


class _Spider:
    scope_hosts = frozenset({"www.example.gov.cn", "127.0.0.1"})


@pytest.mark.parametrize("host", ["127.1", "2130706433", "0x7f000001", "0.0.0.0", "10.1.2.3",
                                  "192.168.1.1", "169.254.169.254", "[::1]", "[::ffff:127.0.0.1]",
                                  "localhost", "admin.localhost"])
def test_private_addresses_in_any_spelling_are_never_fetched(host):
    request = Request(f"http://{host}:8080/admin", meta={"zwgk_offsite_ok": True})
    with pytest.raises(IgnoreRequest, match="^off_scope: private address"):
        ScopeMiddleware().process_request(request, _Spider())


def test_a_host_named_by_the_unit_is_fetched_even_when_private():
    assert ScopeMiddleware().process_request(Request("http://127.0.0.1:8080/"), _Spider()) is None


def _redirect(url: str, location: str, chain: list[str]) -> tuple[Request, Response]:
    request = Request(url, meta={"redirect_urls": chain} if chain else {})
    return request, Response(url, status=302, headers={"Location": location}, request=request)


def test_redirect_back_to_a_url_of_its_chain_is_a_loop():
    request, response = _redirect("http://www.example.gov.cn/b.html", "/a.html",
                                  ["http://www.example.gov.cn/a.html"])
    with pytest.raises(IgnoreRequest, match="^redirect loop: "):
        RedirectLoopMiddleware().process_response(request, response)


def test_redirect_to_a_new_url_is_left_to_scrapy():
    request, response = _redirect("http://www.example.gov.cn/a.html", "/b.html", [])
    assert RedirectLoopMiddleware().process_response(request, response) is response


def test_callback_crash_on_a_page_becomes_a_crawl_problem_of_that_page():
    request = Request("http://www.example.gov.cn/xxgk/b.html",
                      meta={"redirect_urls": ["http://www.example.gov.cn/xxgk/a.html"]})
    response = Response(request.url, status=200, request=request)
    records = list(ParseFailureMiddleware().process_spider_exception(
        response, RecursionError("maximum recursion depth exceeded")))
    assert records == [ProblemRecord(url="http://www.example.gov.cn/xxgk/a.html", kind="error",
                                     detail="页面解析失败: RecursionError: maximum recursion depth exceeded")]
