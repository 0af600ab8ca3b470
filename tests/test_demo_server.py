"""The local portal server (crawler/demo/server.py) and the bundled demo portals."""
from __future__ import annotations

import datetime
import http.client
import re
import time
import urllib.error
import urllib.request
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest

from crawler.demo.server import (
    DEMO_ROOT,
    demo_units,
    expected_findings,
    render_tokens,
    serve_portals,
)

TODAY = datetime.date(2026, 11, 24)


def fetch(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request, no redirect following, errors returned rather than raised."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""))
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo():
    """The demo portals as of TODAY, shared by tests that do not touch stateful behaviours."""
    with serve_portals(DEMO_ROOT, TODAY) as bases:
        yield bases


# ------------------------------------------------------------------ tokens

def test_render_tokens_all_formats():
    text = ("{{d-3}} {{d-3:ymd}} {{d-3:ym}} {{d-3:cn}} {{d-3:md}} {{d-3:dt}} {{d-3:dts}} "
            "{{d-3:Y}} {{d-3:Y-1}} {{d-3:M}} {{d-3:D}} {{y}} {{y-1}} {{d+7}} {{d-30:cn}}")
    assert render_tokens(text, TODAY) == (
        "2026-11-21 20261121 202611 2026年11月21日 11-21 2026-11-21 09:30 2026-11-21 09:30:00 "
        "2026 2025 11 21 2026 2025 2026-12-01 2026年10月25日")


def test_render_tokens_rejects_unknown_format():
    with pytest.raises(ValueError, match="unknown format"):
        render_tokens("{{d-3:yy}}", TODAY)


# ------------------------------------------------------------------ encodings

def test_gbk_portal_serves_gbk_bytes(demo):
    status, _, body = fetch(demo["jiangcheng_gov"])
    expected = render_tokens((DEMO_ROOT / "jiangcheng_gov" / "index.html").read_text("utf-8"), TODAY)
    assert status == 200
    assert body == expected.encode("gbk")
    assert body.decode("gb18030") == expected
    assert '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />' in expected


def test_gbk_portal_header_names_no_charset(demo):
    _, headers, _ = fetch(demo["jiangcheng_gov"])
    assert headers["content-type"] == "text/html"


def test_gbk_portal_footer_script_is_gbk_too(demo):
    status, headers, body = fetch(demo["jiangcheng_gov"] + "js/footer.js")
    assert (status, headers["content-type"]) == (200, "application/javascript")
    assert "主办单位：江城市人民政府办公室".encode("gbk") in body


def test_utf8_portal_header_names_charset(demo):
    _, headers, body = fetch(demo["jiangcheng_jtj"] + "index.html")
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert "江城市交通运输局".encode("utf-8") in body


# ------------------------------------------------------------------ routes

def test_tokens_rendered_in_file_names_and_content(demo):
    status, _, body = fetch(demo["jiangcheng_gov"] + "zwgk/gzdt/202611/t20261121_1026288.html")
    text = body.decode("gb18030")
    assert status == 200
    assert '<meta name="PubDate" content="2026-11-21 09:30" />' in text
    assert "<span>发布日期：2026年11月21日</span>" in text


def test_jcms_article_date_directories_unpadded(demo):
    status, _, body = fetch(demo["jiangcheng_jtj"] + "art/2026/11/18/art_1234_56790.html")
    assert status == 200
    assert '<meta name="pubdate" content="2026-11-18 09:30"/>' in body.decode("utf-8")


def test_directory_path_serves_its_index(demo):
    by_dir = fetch(demo["jiangcheng_gov"] + "zwgk/gzdt/")
    by_file = fetch(demo["jiangcheng_gov"] + "zwgk/gzdt/index.html")
    assert by_dir[0] == by_file[0] == 200
    assert by_dir[2] == by_file[2]


def test_directory_without_slash_redirects_to_it(demo):
    status, headers, _ = fetch(demo["jiangcheng_gov"] + "zwgk")
    assert (status, headers["location"]) == (301, demo["jiangcheng_gov"] + "zwgk/")


def test_directory_without_index_is_not_listed(demo):
    status, _, _ = fetch(demo["jiangcheng_gov"] + "zwgk/gzdt/202611/")
    assert status == 404


def test_missing_path_is_404(demo):
    status, headers, _ = fetch(demo["jiangcheng_stj"] + "gkmlpt/content/post_1.html")
    assert (status, headers["content-type"]) == (404, "text/html")


def test_portal_config_is_not_served(demo):
    assert fetch(demo["jiangcheng_gov"] + "_portal.yaml")[0] == 404


def test_robots_txt_served(demo):
    status, headers, body = fetch(demo["jiangcheng_jtj"] + "robots.txt")
    assert (status, headers["content-type"]) == (200, "text/plain; charset=utf-8")
    assert body.startswith(b"User-agent: *\n")


def test_head_sends_headers_without_body(demo):
    get_status, get_headers, get_body = fetch(demo["jiangcheng_stj"], "GET")
    status, headers, body = fetch(demo["jiangcheng_stj"], "HEAD")
    assert (status, body) == (200, b"")
    assert headers["content-length"] == get_headers["content-length"] == str(len(get_body))


def test_query_string_page_variant(demo):
    page1 = fetch(demo["jiangcheng_stj"] + "xwzx/tjdt/")[2].decode()
    page2 = fetch(demo["jiangcheng_stj"] + "xwzx/tjdt/?page=2")[2].decode()
    assert "/xwzx/tjdt/content/post_3091827.html" in page1
    assert "/xwzx/tjdt/content/post_3091827.html" not in page2
    assert "/xwzx/tjdt/content/post_3087358.html" in page2


def test_unknown_query_string_serves_plain_file(demo):
    plain = fetch(demo["jiangcheng_stj"] + "xwzx/tjdt/")[2]
    assert fetch(demo["jiangcheng_stj"] + "xwzx/tjdt/?page=1")[2] == plain
    assert fetch(demo["jiangcheng_stj"] + "xwzx/tjdt/?v=20261124")[2] == plain


def test_variant_matches_among_other_parameters(demo):
    base = demo["jiangcheng_jtj"] + "col/col1234/index.html"
    page2 = fetch(base + "?uid=8866&pageNum=2")[2].decode()
    assert "共12条记录 2/2页" in page2


def test_content_type_of_binary_attachment(demo):
    status, headers, body = fetch(
        demo["jiangcheng_gov"] + "zwgk/czyjs/202610/P02020261025391027561184.pdf")
    assert (status, headers["content-type"]) == (200, "application/pdf")
    assert body.startswith(b"%PDF-1.4")


# ------------------------------------------------------------------ behaviours

def test_fail_first_answers_503_then_200():
    with serve_portals(DEMO_ROOT, TODAY) as bases:
        url = bases["jiangcheng_gov"] + "zwgk/zcjd/"
        assert [fetch(url)[0] for _ in range(3)] == [503, 200, 200]


def test_fail_first_counts_the_directory_and_its_index_together():
    with serve_portals(DEMO_ROOT, TODAY) as bases:
        base = bases["jiangcheng_gov"]
        assert fetch(base + "zwgk/zcjd/index.html")[0] == 503
        assert fetch(base + "zwgk/zcjd/")[0] == 200


def test_planted_dead_attachment_is_linked_and_404(demo):
    base = demo["jiangcheng_gov"] + "zwgk/zcwj/gfxwj/202610/"
    article = fetch(base + "t20261020_1025873.html")[2].decode("gb18030")
    assert '<a href="./P02020261020583214806219.pdf" target="_blank">' in article
    assert fetch(base + "P02020261020583214806219.pdf")[0] == 404


def test_blocked_path_answers_403(demo):
    status, _, _ = fetch(demo["jiangcheng_jtj"] + "module/idea/que_discusslist.jsp?webid=12&c_id=1250")
    assert status == 403


def test_redirect_behaviour(demo):
    status, headers, _ = fetch(demo["jiangcheng_stj"] + "gkmlpt/")
    assert (status, headers["location"]) == (302, demo["jiangcheng_stj"] + "gkmlpt/index")


def test_delay_behaviour(tmp_path):
    portal = tmp_path / "slow"
    portal.mkdir()
    (portal / "index.html").write_text("<html>慢</html>", encoding="utf-8")
    (portal / "_portal.yaml").write_text("behaviors:\n  /: {delay: 0.3}\n", encoding="utf-8")
    with serve_portals(tmp_path, TODAY) as bases:
        start = time.monotonic()
        status = fetch(bases["slow"])[0]
        assert status == 200
        assert time.monotonic() - start >= 0.3


# ------------------------------------------------------------------ serve_portals, demo_units

def test_test_portal_defaults_to_utf8_with_charset(tmp_path):
    (tmp_path / "p1" / "{{d-1:ym}}").mkdir(parents=True)
    (tmp_path / "p1" / "{{d-1:ym}}" / "t{{d-1:ymd}}_1.html").write_text("发布日期：{{d-1:cn}}", "utf-8")
    (tmp_path / ".hidden").mkdir()
    with serve_portals(tmp_path, TODAY) as bases:
        assert list(bases) == ["p1"]
        status, headers, body = fetch(bases["p1"] + "202611/t20261123_1.html")
    assert (status, headers["content-type"]) == (200, "text/html; charset=utf-8")
    assert body.decode("utf-8") == "发布日期：2026年11月23日"


def test_each_portal_is_its_own_origin(demo):
    ports = {urlsplit(u).port for u in demo.values()}
    assert sorted(demo) == ["jiangcheng_gov", "jiangcheng_jtj", "jiangcheng_stj"]
    assert len(ports) == 3
    assert all(u.startswith("http://127.0.0.1:") and u.endswith("/") for u in demo.values())


def test_servers_stop_on_exit(tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "index.html").write_text("x", "utf-8")
    with serve_portals(tmp_path, TODAY) as bases:
        url = bases["p"]
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)


def test_two_files_on_one_url_fail_at_start(tmp_path):
    (tmp_path / "p" / "{{d-1:ym}}").mkdir(parents=True)
    (tmp_path / "p" / "{{d-2:ym}}").mkdir(parents=True)
    (tmp_path / "p" / "{{d-1:ym}}" / "a.html").write_text("1", "utf-8")
    (tmp_path / "p" / "{{d-2:ym}}" / "a.html").write_text("2", "utf-8")
    with pytest.raises(ValueError, match="two files are served at /202611/a.html"):
        with serve_portals(tmp_path, TODAY):
            pass


def test_nothing_logged_to_stderr(demo, capfd):
    fetch(demo["jiangcheng_gov"])
    fetch(demo["jiangcheng_gov"] + "no/such/page.html")
    assert capfd.readouterr().err == ""


def test_demo_units_shape():
    bases = {"jiangcheng_gov": "http://127.0.0.1:1001/", "jiangcheng_jtj": "http://127.0.0.1:1002/",
             "jiangcheng_stj": "http://127.0.0.1:1003/"}
    assert demo_units(bases) == {
        "crawl": {"delay": 0, "concurrency_per_host": 8, "obey_robots": True,
                  "contact": "demo@example.gov.cn"},
        "units": [
            {"name": "江城市人民政府", "kind": "government", "home": "http://127.0.0.1:1001/"},
            {"name": "江城市交通运输局", "kind": "department", "home": "http://127.0.0.1:1002/",
             "disclosure": "http://127.0.0.1:1002/col/col1000/index.html"},
            {"name": "江城市统计局", "kind": "department", "home": "http://127.0.0.1:1003/"},
        ],
    }


# ------------------------------------------------------------------ the demo data itself

def test_expected_findings_cover_each_first_version_rule():
    rules = [f["rule"] for f in expected_findings(TODAY)["findings"]]
    assert set(rules) == {
        "footer.site_id_code", "footer.icp", "footer.psb", "footer.sponsor", "footer.contact",
        "footer.conac", "meta.site_labels", "meta.column_labels", "meta.content_labels",
        "meta.site_id_mismatch", "meta.pubdate_mismatch", "column.blank", "column.stale",
        "doc.no_date", "link.dead",
        # the demo lacks part of the catalogue; statistics and hints of issue 4
        "column.missing", "column.update_count", "interp.forms",
        # two portals offer no 咨询 channel at all
        "consult.no_channel"}
    # column.stale and consult.no_channel twice; column.missing and column.update_count once
    # per unit; every other rule once
    assert len(rules) == 25


def test_expected_finding_urls_answer_as_planted():
    with serve_portals(DEMO_ROOT, TODAY) as bases:
        home = {u["name"]: u["home"] for u in demo_units(bases)["units"]}
        answers = {(f["rule"], fetch(urljoin(home[f["unit"]], f["url"].lstrip("/")))[0])
                   for f in expected_findings(TODAY)["findings"]}
    assert {status for rule, status in answers if rule == "link.dead"} == {404}
    assert {status for rule, status in answers if rule != "link.dead"} == {200}


_LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"'+]+)["']""", re.I)


def test_every_local_link_resolves_except_the_planted_ones():
    """Crawl each demo portal: a local link or asset answers 200 (after one retry of a 503),
    except the planted dead attachment (404) and the blocked mailbox (403)."""
    broken: dict[str, int] = {}
    visited = 0
    with serve_portals(DEMO_ROOT, TODAY) as bases:
        for name, base in bases.items():
            encoding = "gb18030" if name == "jiangcheng_gov" else "utf-8"
            queue, seen = [base], set()
            while queue:
                url = queue.pop()
                if url in seen:
                    continue
                seen.add(url)
                status, headers, body = fetch(url)
                if status == 503:
                    status, headers, body = fetch(url)
                if status in (301, 302):
                    queue.append(headers["location"])
                    continue
                if status != 200:
                    broken[url[len(base) - 1:]] = status
                    continue
                if not headers["content-type"].startswith(("text/html", "application/javascript")):
                    continue
                text = body.decode(encoding)
                pages = re.search(r'createPageHTML\((\d+), \d+, "index", "html"\)', text)
                for i in range(1, int(pages.group(1)) if pages else 1):
                    queue.append(urljoin(url, f"index_{i}.html"))
                for link in _LINK.findall(text):
                    target = urljoin(url, unescape(link)).split("#")[0]
                    if target.startswith(base):
                        queue.append(target)
            visited += len(seen)
    assert visited > 190
    assert broken == {
        "/zwgk/zcwj/gfxwj/202610/P02020261020583214806219.pdf": 404,
        "/module/idea/que_discusslist.jsp?webid=12&c_id=1250": 403,
    }
