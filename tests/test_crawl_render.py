"""Headless Chromium for the pages whose content a script computes (`render_footer` portal):
only those pages are rendered, within a budget; without Chromium the rules stay silent."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from checks.snapshot import load_snapshot
from crawler.render import find_chromium
from storage import models as m
from storage.db import make_engine, session_scope
from tests.crawling import check, crawl, serve, stored_pages, stored_problems, units_config

UNIT = "临江县自然资源和规划局"
TODAY = dt.date.today()
def run(tmp_path, crawl_settings: dict | None = None):
    db = f"sqlite:///{tmp_path / 'zwgk.db'}"
    with serve(["render_footer"]) as servers:
        crawl_id = crawl(db, units_config(servers, crawl_settings))
    return db, crawl_id, servers["render_footer"]


def snapshot(db: str, crawl_id: int):
    engine = make_engine(db)
    with session_scope(engine) as session:
        unit_id = session.scalars(select(m.Unit.id).where(m.Unit.name == UNIT)).one()
        snap = load_snapshot(session, crawl_id, unit_id)
    engine.dispose()
    return snap


FOOTER_RULES = {"footer.site_id_code", "footer.icp", "footer.psb", "footer.sponsor", "footer.contact"}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    if find_chromium() is None:
        pytest.skip("no Chromium on this machine")
    return run(tmp_path_factory.mktemp("rendered"))


@pytest.mark.browser
def test_footer_computed_by_a_script_is_read_from_the_rendered_home_page(rendered):
    db, crawl_id, _ = rendered
    footer = snapshot(db, crawl_id).home.data["footer"]
    assert (footer["site_id_code"], footer["icp"], footer["found_in"], footer["footer_complete"]) == \
        ("4210230099", "鄂ICP备12003345号-1", "rendered", True)


@pytest.mark.browser
def test_no_footer_finding_when_the_browser_shows_the_footer(rendered):
    db, crawl_id, _ = rendered
    assert not [f for f in check(db, crawl_id, TODAY) if f.rule in FOOTER_RULES]


@pytest.mark.browser
def test_list_filled_by_a_script_is_read_from_the_rendered_column_page(rendered):
    db, crawl_id, _ = rendered
    column = next(c for c in snapshot(db, crawl_id).columns if c.name == "政策文件")
    assert column.complete
    assert [(i.title, i.date) for i in column.items] == [
        ("临江县自然资源和规划局关于印发《国土空间规划管理办法》的通知", TODAY - dt.timedelta(days=6)),
        ("临江县自然资源和规划局关于加强耕地保护工作的通知", TODAY - dt.timedelta(days=35))]


@pytest.mark.browser
def test_only_the_pages_that_need_it_are_rendered(rendered):
    db, crawl_id, _ = rendered
    pages = stored_pages(db, crawl_id, UNIT)
    assert sorted(p for p, row in pages.items() if "rendered_of" in row.data) == \
        ["/#rendered", "/xxgk/zcwj/#rendered"]


def test_without_chromium_footer_and_script_list_are_not_checked(tmp_path, monkeypatch):
    monkeypatch.setenv("ZWGK_CHROMIUM", str(tmp_path / "no-chromium"))
    db, crawl_id, _ = run(tmp_path)
    assert sorted(p for p in stored_problems(db, crawl_id) if p[0].startswith("render")) == [
        ("render_unavailable", "/"), ("render_unavailable", "/xxgk/zcwj/")]
    snap = snapshot(db, crawl_id)
    assert snap.home.data["footer"]["footer_complete"] is False
    assert not next(c for c in snap.columns if c.name == "政策文件").complete
    findings = check(db, crawl_id, TODAY)
    assert not [f for f in findings if f.rule in FOOTER_RULES or f.rule.startswith("column.")
                and f.url == "/xxgk/zcwj/"]


def test_render_budget_is_kept_and_its_end_is_recorded(tmp_path):
    db, crawl_id, _ = run(tmp_path, {"max_renders": 0})
    problems = stored_problems(db, crawl_id)
    assert sorted(p for p in problems if p[0] == "render_budget") == [
        ("render_budget", "/"), ("render_budget", "/xxgk/zcwj/")]
    assert not [f for f in check(db, crawl_id, TODAY) if f.rule in FOOTER_RULES]
