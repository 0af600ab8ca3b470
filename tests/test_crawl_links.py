"""Dead links without false alarms, soft 404s, traps, off-site links and politeness, on a real
crawl of the `links_site` test portal followed by the full check run."""
from __future__ import annotations

import datetime as dt

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from sqlalchemy import select

from crawler.config import units_from_text
from crawler.middlewares import ScopeMiddleware
from crawler.outcomes import Outcome
from spiders.portal import PortalSpider
from storage import models as m
from storage.db import make_engine, session_scope
from tests.crawling import (
    check,
    crawl,
    path_of,
    portal_variant,
    serve,
    stored_columns,
    stored_links,
    stored_pages,
    stored_problems,
    units_config,
)

UNIT = "临江县水利局"
TODAY = dt.date.today()


def ym(days: int) -> str:
    return (TODAY - dt.timedelta(days=days)).strftime("%Y%m")


def ymd(days: int) -> str:
    return (TODAY - dt.timedelta(days=days)).strftime("%Y%m%d")


MISSING_PDF = f"/xxgk/tzgg/{ym(3)}/P020{ymd(3)}31010002.pdf"
MISSING_ARTICLE = f"/xxgk/tzgg/{ym(20)}/t{ymd(20)}_3090.html"
FLAKY_ARTICLE = f"/xxgk/tzgg/{ym(8)}/t{ymd(8)}_3097.html"
SLOW_PDF = f"/xxgk/zcwj/{ym(10)}/P020{ymd(10)}30950001.pdf"


def run(tmp_path, crawl_settings: dict | None = None, **portal_settings):
    """Serve a variant of links_site, crawl it, run the checks: (db, crawl id, server, findings)."""
    root = portal_variant(tmp_path, "links_site", **portal_settings)
    db = f"sqlite:///{tmp_path / 'zwgk.db'}"
    with serve(["links_site"], root) as servers:
        crawl_id = crawl(db, units_config(servers, crawl_settings))
    return db, crawl_id, servers["links_site"], check(db, crawl_id, TODAY)


def dead(findings) -> set[str]:
    return {f.url for f in findings if f.rule == "link.dead"}


@pytest.fixture(scope="module")
def flaky(tmp_path_factory):
    """links_site with a 503 column that recovers, a 503 article that recovers on the third
    try and a slow attachment (1.5 s, timeout 5 s); off-site links checked, at most 10 query
    strings per path."""
    return run(tmp_path_factory.mktemp("flaky"),
               {"timeout": 5, "check_offsite_links": True, "max_query_variants": 10}, behaviors={
        "/xxgk/zcwj/": {"status": 503, "fail_first": 1},
        FLAKY_ARTICLE: {"status": 503, "fail_first": 2},
        SLOW_PDF: {"delay": 1.5},
    })


def test_transient_503_and_a_slow_page_produce_no_finding(flaky):
    _, _, _, findings = flaky
    places = {f.url for f in findings} | {path_of(f.evidence.get("page_url")) for f in findings}
    assert not {"/xxgk/zcwj/", FLAKY_ARTICLE, SLOW_PDF} & places


def test_really_dead_links_are_found_with_every_attempt_as_evidence(flaky):
    _, _, _, findings = flaky
    assert dead(findings) == {MISSING_PDF, MISSING_ARTICLE}
    evidence = next(f.evidence for f in findings if f.url == MISSING_PDF)
    assert [a["outcome"] for a in evidence["seen"]["attempts"]] == ["not_found"] * 3


def test_retries_are_recorded_until_the_target_recovers(flaky):
    db, crawl_id, _, _ = flaky
    link = stored_links(db, crawl_id)[FLAKY_ARTICLE]
    assert [a["outcome"] for a in link.attempts] == ["server_error", "server_error", "ok"]
    assert stored_pages(db, crawl_id, UNIT)[FLAKY_ARTICLE].outcome == "ok"


def test_each_dead_target_is_checked_once_per_attempt_and_shared(flaky):
    _, _, server, _ = flaky
    asked = [r for r in server.portal.requests if r.path == MISSING_PDF]
    assert [r.method for r in asked] == ["HEAD", "GET", "GET", "GET"]  # HEAD 404 confirmed by GET, then 2 retries


def test_requests_name_the_tool_and_the_contact(flaky):
    _, _, server, _ = flaky
    agents = {r.user_agent for r in server.portal.requests}
    assert len(agents) == 1
    agent = agents.pop()
    assert "zwgk-audit/" in agent and "audit@example.gov.cn" in agent


def test_a_probe_of_a_missing_page_tells_a_real_404_site(flaky):
    db, crawl_id, _, _ = flaky
    probes = [p for p in stored_pages(db, crawl_id, UNIT).values() if p.role == "probe"]
    assert [(p.outcome, p.http_status, p.data) for p in probes] == [("not_found", 404, {"soft404": None})]


@pytest.mark.parametrize("missing", [{"page": "/404.html"}, {"redirect": "/"}], ids=["page", "redirect"])
def test_soft_404_error_pages_count_as_dead_and_real_pages_do_not(tmp_path, missing):
    db, crawl_id, _, findings = run(tmp_path, missing=missing)
    assert dead(findings) == {MISSING_PDF, MISSING_ARTICLE}
    links = stored_links(db, crawl_id)
    assert {a["outcome"] for a in links[MISSING_ARTICLE].attempts} == {"soft_404"}
    pages = stored_pages(db, crawl_id, UNIT)
    articles = [p for p in pages.values() if p.role == "article"]
    assert sorted(p.outcome for p in articles) == ["ok"] * 6 + ["soft_404"]
    probe = next(p for p in pages.values() if p.role == "probe")
    assert probe.data["soft404"]["redirected"] == ("redirect" in missing)


def test_calendar_trap_is_capped_and_reported(flaky):
    db, crawl_id, server, _ = flaky
    calendar = [r for r in server.portal.requests if "date=" in r.query]
    assert 0 < len(calendar) <= 10
    assert ("trap_suspected", "/xxgk/gzdt/index.html") in stored_problems(db, crawl_id)


def test_robots_txt_is_obeyed_by_default_without_a_finding(flaky):
    db, crawl_id, server, findings = flaky
    assert stored_pages(db, crawl_id, UNIT)["/xxgk/hdjl/"].outcome == "robots_disallowed"
    assert "/xxgk/hdjl/" not in [r.path for r in server.portal.requests]
    assert not [f for f in findings if f.url == "/xxgk/hdjl/"]


def test_robots_txt_can_be_switched_off_per_unit(tmp_path):
    db, crawl_id, server, _ = run(tmp_path, {"obey_robots": False})
    assert stored_pages(db, crawl_id, UNIT)["/xxgk/hdjl/"].outcome == "ok"
    assert "/robots.txt" not in [r.path for r in server.portal.requests]


# --------------------------------------------------------------------------- off-site, unit level

def spider(check_offsite: bool) -> PortalSpider:
    config = units_from_text(
        "units:\n  - {name: 临江县水利局, kind: department, home: 'http://slj.linjiang.gov.cn/',"
        f" crawl: {{check_offsite_links: {str(check_offsite).lower()}}}}}\n")
    return PortalSpider(unit_json=config.units[0].to_json(), column_types={})


def test_offsite_link_check_is_a_head_request_let_out_of_scope():
    requests = list(spider(True)._link_check("http://www.gov.cn/zhengce/", offsite=True))
    assert [(r.method, r.url, r.meta["zwgk_offsite_ok"]) for r in requests] == \
        [("HEAD", "http://www.gov.cn/zhengce/", True)]
    assert ScopeMiddleware().process_request(requests[0], None) is None


def test_offsite_check_never_goes_to_a_private_address():
    request = Request("http://10.20.30.40/intranet/", meta={"zwgk_offsite_ok": True})
    with pytest.raises(IgnoreRequest, match="off_scope: private address"):
        ScopeMiddleware().process_request(request, None)


def test_offsite_link_to_a_private_address_is_recorded_off_scope_not_dead(flaky):
    db, crawl_id, _, findings = flaky
    link = stored_links(db, crawl_id)["/intranet/"]
    assert (link.outcome, [a["outcome"] for a in link.attempts]) == (Outcome.OFF_SCOPE, ["off_scope"])
    assert "/intranet/" not in dead(findings)


def test_explicit_columns_in_the_unit_config_replace_discovery(tmp_path):
    root = portal_variant(tmp_path, "links_site")
    db = f"sqlite:///{tmp_path / 'zwgk.db'}"
    with serve(["links_site"], root) as servers:
        base = servers["links_site"].base_url
        columns = [{"url": base + "xxgk/tzgg/", "type": "policy", "department": "办公室"},
                   {"url": base + "xxgk/zcwj/", "name": "政策文件", "on_demand": True}]
        crawl_id = crawl(db, units_config(servers, unit_extra={"links_site": {"columns": columns}}))
    stored = stored_columns(db, crawl_id, UNIT)
    assert {path: (c.type, c.parent, len(c.items)) for path, c in stored.items()} == {
        "/xxgk/tzgg/": ("policy", None, 3), "/xxgk/zcwj/": ("policy", None, 2)}
    assert stored_column_settings(db, crawl_id) == {
        "/xxgk/tzgg/": {"department": "办公室"}, "/xxgk/zcwj/": {"on_demand": True}}


def stored_column_settings(db: str, crawl_id: int) -> dict[str, dict]:
    engine = make_engine(db)
    with session_scope(engine) as session:
        out = {path_of(c.url): c.settings for c in session.scalars(select(m.Column).filter_by(crawl_id=crawl_id))}
    engine.dispose()
    return out
