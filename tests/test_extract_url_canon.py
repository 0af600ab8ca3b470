"""URL identity: canonical URLs, index-page keys and the query-variant key of traps."""
from __future__ import annotations

import pytest

from spiders.extract.url_canon import canonical_url, page_key, query_variant_key


@pytest.mark.parametrize(("raw", "canonical"), [
    ("http://www.lj.gov.cn/xxgk/index.html#top", "http://www.lj.gov.cn/xxgk/index.html"),
    ("http://www.lj.gov.cn/col/col3009/index.html?uid=8866&pageNum=2",
     "http://www.lj.gov.cn/col/col3009/index.html?pageNum=2&uid=8866"),
    ("http://www.lj.gov.cn/xxgk/list.jsp;jsessionid=A1B2C3D4E5?lmid=12",
     "http://www.lj.gov.cn/xxgk/list.jsp?lmid=12"),
    ("http://www.lj.gov.cn/show.asp?id=1201&JSESSIONID=A1B2C3", "http://www.lj.gov.cn/show.asp?id=1201"),
    ("http://www.lj.gov.cn/a.html?utm_source=wechat&utm_medium=share&id=7",
     "http://www.lj.gov.cn/a.html?id=7"),
    ("http://www.lj.gov.cn/api/list?channel=zcwj&_=1713320000123", "http://www.lj.gov.cn/api/list?channel=zcwj"),
    ("http://www.lj.gov.cn/a.html?t=0.8273649172&id=3", "http://www.lj.gov.cn/a.html?id=3"),
    ("http://www.lj.gov.cn/xxgk/政策文件/", "http://www.lj.gov.cn/xxgk/%E6%94%BF%E7%AD%96%E6%96%87%E4%BB%B6/"),
    ("http://www.lj.gov.cn", "http://www.lj.gov.cn/"),
])
def test_canonical_url(raw, canonical):
    assert canonical_url(raw) == canonical


@pytest.mark.parametrize("kept", [
    "http://www.lj.gov.cn/list.asp?lmid=21&page=2",
    "http://www.lj.gov.cn/a.html?v=2",           # a short v= is a page parameter, not a timestamp
    "http://www.lj.gov.cn/a.html?t=news",
    "http://www.lj.gov.cn/search?page=1&q=",     # blank values stay
])
def test_meaningful_parameters_are_kept(kept):
    assert canonical_url(kept) == kept


def test_canonical_url_is_idempotent():
    once = canonical_url("http://www.lj.gov.cn/a;jsessionid=x?b=2&a=1&utm_id=3#f")
    assert canonical_url(once) == once == "http://www.lj.gov.cn/a?a=1&b=2"


def test_directory_and_its_index_page_share_a_page_key():
    assert page_key("http://lj.gov.cn/xxgk/zcwj/index.html") == page_key("http://lj.gov.cn/xxgk/zcwj/")
    assert page_key("http://lj.gov.cn/xxgk/zcwj/index_1.html") != page_key("http://lj.gov.cn/xxgk/zcwj/")


def test_query_variants_are_counted_per_host_and_path():
    assert query_variant_key("http://lj.gov.cn/rl/index.html?date=2025-06-01") == \
        query_variant_key("http://lj.gov.cn/rl/index.html?date=2025-06-02") == "lj.gov.cn:/rl/index.html"
    assert query_variant_key("http://lj.gov.cn/rl/index.html") is None
