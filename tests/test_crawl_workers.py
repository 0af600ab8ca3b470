"""The parts of multi-worker crawling that need no crawl: shard ownership, the politeness
split, which requests the shared Redis filter sees, and joining / leaving a distributed run."""
from __future__ import annotations

import pytest
from scrapy import Request

from crawler.config import CrawlOptions, UnitConfig
from crawler.redis_frontier import finish_crawl, first_try, join_crawl, leave_crawl, unit_keys
from crawler.sharding import owner, worker_unit

UNIT = UnitConfig(name="江城市交通运输局", kind="department", home="http://jtj.jiangcheng.gov.cn/",
                  crawl=CrawlOptions(delay=1.0, concurrency_per_host=3, max_pages=5001))


def test_a_url_has_the_same_owner_in_every_process():
    url = "http://jtj.jiangcheng.gov.cn/col/col1002/index.html"
    assert owner(url, 2) == owner(url, 2) == 0  # crc32: stable across processes, unlike hash()
    assert {owner(f"http://jtj.jiangcheng.gov.cn/col/col{n}/index.html", 2) for n in range(1000, 1010)} == {0, 1}


def test_workers_share_the_politeness_of_one_crawler():
    opts = worker_unit(UNIT, 2).crawl
    assert (opts.delay, opts.concurrency_per_host, opts.max_pages) == (2.0, 2, 2501)
    assert worker_unit(UNIT, 1) is UNIT


def _request(method: str = "GET", **meta) -> Request:
    return Request("http://jtj.jiangcheng.gov.cn/art/2026/10/30/art_1002_56723.html", method=method,
                   meta=meta, dont_filter=True)


@pytest.mark.parametrize("request_, seen", [
    (_request(role="article", attempt=1), True),
    (_request("HEAD", role="link", attempt=1), True),
    (_request(role="article", attempt=2), False),  # a retry
    (_request(role="article", attempt=1, redirect_urls=["http://jtj.jiangcheng.gov.cn/a"]), False),
    (_request(role="link", attempt=1), False),  # the GET that confirms a failed HEAD
])
def test_the_shared_filter_sees_first_requests_only(request_, seen):
    assert first_try(request_) is seen


def test_units_have_keys_of_their_own():
    keys = unit_keys("zwgk:0123456789abcdef", "江城市交通运输局")
    assert keys["queue"].startswith("zwgk:0123456789abcdef:u") and keys["queue"].endswith(":requests")
    assert keys["queue"] != unit_keys("zwgk:0123456789abcdef", "江城市统计局")["queue"]


@pytest.mark.redis
def test_workers_of_one_run_join_one_crawl_wait_for_each_other_and_the_last_out_cleans_up(redis_service):
    import redis

    url, prefix = redis_service
    client = redis.Redis.from_url(url)
    ns, opened = f"{prefix}:digest", []

    def open_crawl() -> int:
        opened.append(41)
        return 41

    assert join_crawl(client, ns, "a", open_crawl) == join_crawl(client, ns, "b", open_crawl) == 41
    assert opened == [41]
    assert finish_crawl(client, ns, "a", timeout=0.2) is False  # b is still crawling
    assert finish_crawl(client, ns, "b", timeout=0.2) is True
    assert finish_crawl(client, ns, "a", timeout=0.2) is True
    client.zadd(f"{ns}:u1:requests", {"x": 0})
    assert leave_crawl(client, ns, "a") is False
    assert client.exists(f"{ns}:crawl", f"{ns}:u1:requests") == 2
    assert leave_crawl(client, ns, "b") is True
    assert list(client.scan_iter(match=f"{ns}:*")) == []
