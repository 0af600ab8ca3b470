"""The nightly re-crawl: an unchanged portal is read again with few requests (list pages, links
and articles on their night of the rotation) and gives the same stored data and the same
findings; a revised article is fetched again with a conditional GET. (The fraction of requests
on a portal of realistic size is measured by bench/incremental.py.)"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from bench.site_generator import SITE_NAME as UNIT
from bench.site_generator import generate, write_site
from crawler.config import CrawlOptions, units_from_text
from crawler.demo.server import PortalServer
from crawler.incremental import due
from storage import models as m
from storage.db import make_engine, session_scope
from tests.crawling import check, crawl, path_of, stored_links, stored_pages

TODAY = dt.date.today()  # the crawls' date (a run across midnight would shift the rotation)
SITE = generate(100, TODAY)  # bench/site_generator.py: 1 column, 5 list pages, 100 articles
ARTICLES = sorted(path for path in SITE if re.search(r"/t\d{8}_\d+\.html$", path))


def twice(tmp_path, change=None):
    """Crawl the generated portal twice into one database, `change(portal dir)` in between:
    (db, first id, second id, requests of the first, requests of the second)."""
    portal = tmp_path / "portal"
    write_site(SITE, portal)
    server = PortalServer(portal, TODAY).start()
    db = f"sqlite:///{tmp_path / 'zwgk.db'}"
    config = units_from_text("crawl: {delay: 0, concurrency_per_host: 8, link_retry_delay: 0.2}\n"
                             f"units:\n  - {{name: {UNIT}, kind: government, home: '{server.base_url}'}}\n")
    try:
        first = crawl(db, config)
        asked_first = list(server.portal.requests)
        if change is not None:
            change(portal)
            server.portal.reload()
        second = crawl(db, config)
        asked_second = server.portal.requests[len(asked_first):]
    finally:
        server.stop()
    return db, first, second, asked_first, asked_second


@pytest.fixture(scope="module")
def unchanged(tmp_path_factory):
    return twice(tmp_path_factory.mktemp("unchanged"))


def asked(requests) -> set[tuple[str, str]]:
    return {(r.method, r.path + ("?" + r.query if r.query else "")) for r in requests}


def revise(portal: Path, path: str) -> str:
    """Give the article at `path` a new title, on its page and in its list; the new title."""
    page = portal / path.lstrip("/")
    old = re.search(r'<h1 class="article-title">(.*?)</h1>', page.read_text("utf-8")).group(1)
    new = old + "（修订）"
    for html in portal.rglob("*.html"):
        text = html.read_text("utf-8")
        if old in text and (html == page or "/t" not in html.name):
            html.write_text(text.replace(old, new), "utf-8")
    return new


def test_recrawl_asks_only_for_list_pages_and_what_is_due_tonight(unchanged):
    db, first_id, _, _, second = unchanged
    links = [path for path, link in stored_links(db, first_id).items() if link.outcome == "ok"]
    expected = {("GET", "/robots.txt"), ("GET", "/"), ("GET", "/zwgk/"), ("GET", "/zwgk/gzdt/")}
    expected |= {("GET", f"/zwgk/gzdt/index_{n}.html") for n in range(1, 5)}
    expected |= {("GET", path) for path in ARTICLES if due(path_url(db, first_id, path), TODAY, CrawlOptions().page_recheck_days)}
    expected |= {("HEAD", path) for path in links if due(path_url(db, first_id, path), TODAY, CrawlOptions().link_recheck_days)}
    got = {r for r in asked(second) if not r[1].startswith("/zwgk-probe-")}
    assert got == expected
    assert len([r for r in second if r.path.startswith("/zwgk-probe-")]) == 1


def path_url(db: str, crawl_id: int, path: str) -> str:
    """The full URL stored for a path (the rotation hashes full URLs)."""
    engine = make_engine(db)
    with session_scope(engine) as session:
        url = session.scalars(select(m.Page.url).where(m.Page.crawl_id == crawl_id, m.Page.url.endswith(path))
                              .limit(1)).first() or \
            session.scalars(select(m.Link.target).where(m.Link.crawl_id == crawl_id, m.Link.target.endswith(path))
                            .limit(1)).first()
    engine.dispose()
    return url


def test_later_list_pages_and_due_articles_are_asked_conditionally_and_answer_304(unchanged):
    _, _, _, _, second = unchanged
    asks = [r for r in second if r.path in set(ARTICLES) or "index_" in r.path]
    assert len(asks) >= 4 and all(r.status == 304 for r in asks)


def test_recrawl_stores_what_the_first_crawl_stored(unchanged):
    db, first_id, second_id, _, _ = unchanged

    def rows(crawl_id):
        engine = make_engine(db)
        with session_scope(engine) as session:
            out = {
                "pages": {(p.url, p.role, p.outcome, p.title, p.column_url, p.content_hash)
                          for p in session.scalars(select(m.Page).filter_by(crawl_id=crawl_id))
                          if p.role != "probe"},
                "items": {(i.column_url, i.url, i.title, i.date)
                          for i in session.scalars(select(m.Item).filter_by(crawl_id=crawl_id))},
                "columns": {(c.url, c.name, c.parent_url, c.type)
                            for c in session.scalars(select(m.Column).filter_by(crawl_id=crawl_id))},
                "links": {(link.target, link.outcome)
                          for link in session.scalars(select(m.Link).filter_by(crawl_id=crawl_id))},
            }
        engine.dispose()
        return out

    assert rows(second_id) == rows(first_id)


def test_copied_rows_keep_their_fetch_time_and_name_their_crawl(unchanged):
    db, first_id, second_id, _, _ = unchanged
    before, after = stored_pages(db, first_id, UNIT), stored_pages(db, second_id, UNIT)
    copied = [path for path in ARTICLES if "reused_from" in after[path].data]
    assert copied == ARTICLES  # unchanged: not asked for, or answered 304
    for path in copied:
        assert after[path].data["reused_from"] == first_id
        assert after[path].fetched_at == before[path].fetched_at
        assert after[path].data["article"] == before[path].data["article"]
    assert after["/zwgk/gzdt/index_1.html"].data["reused_from"] == first_id


def test_recrawl_gives_the_same_findings(unchanged):
    db, first_id, second_id, _, _ = unchanged
    first = {(f.rule, f.url) for f in check(db, first_id, TODAY)}
    second = {(f.rule, f.url) for f in check(db, second_id, TODAY)}
    assert first and second == first


def test_a_revised_article_is_fetched_again_with_a_conditional_get(tmp_path):
    revised = ARTICLES[13]
    titles = []
    db, _, second_id, _, second = twice(tmp_path, lambda portal: titles.append(revise(portal, revised)))
    asks = [r for r in second if r.path == revised]
    assert [(r.method, r.status) for r in asks] == [("GET", 200)]
    page = stored_pages(db, second_id, UNIT)[revised]
    assert page.title == titles[0] and "reused_from" not in page.data
    assert ("GET", "/zwgk/gzdt/index_1.html") in asked(second)  # its list changed: read again
    assert path_of(page.url) == revised
