"""Storage on every backend (SQLite; PostgreSQL with marker `postgres`): migrations, idempotent
writes, findings reconciliation, JSON columns, and a clear error for a missing driver."""
from __future__ import annotations

import sys
from datetime import date, datetime

import pytest
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import func, inspect, select, text

from checks.framework import Finding, Rule
from checks.snapshot import load_snapshot
from crawler.cli import main
from crawler.yamlfile import ConfigError
from storage import models as m
from storage.db import init_db, make_engine, session_scope
from storage.findings import reconcile
from storage.migrate import alembic_config
from storage.upsert import insert_ignore, upsert

HOME = "http://www.jiangcheng.gov.cn/"
ARTICLE = "http://www.jiangcheng.gov.cn/zwgk/zcwj/202404/t20240417_1024150.html"
STALE = Rule("column.stale", "栏目长期未更新", "major", "栏目更新", "", lambda *a: ())
ICP = Rule("footer.icp", "ICP备案编号", "minor", "底部标识区", "", lambda *a: ())


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    init_db(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def crawl(engine) -> tuple[int, int]:
    """(crawl id, unit id) of one unit and one crawl."""
    with session_scope(engine) as s:
        unit = m.Unit(name="江城市人民政府", kind="government", home=HOME)
        crawl = m.Crawl(started_at=datetime(2024, 5, 20, 1, 0), status="running", tool_version="t")
        s.add_all([unit, crawl])
        s.flush()
        return crawl.id, unit.id


def _page(crawl: tuple[int, int], **values) -> dict:
    crawl_id, unit_id = crawl
    row = {"crawl_id": crawl_id, "unit_id": unit_id, "url": ARTICLE, "role": "article",
           "outcome": "ok", "fetched_at": datetime(2024, 5, 20, 1, 10), "http_status": 200,
           "final_url": None, "content_hash": None, "encoding": "gbk", "error": None,
           "title": "关于印发《江城市政务公开工作要点》的通知", "column_url": None, "data": {}}
    row.update(values)
    return row


def test_migrations_bring_an_empty_database_to_head(engine):
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with engine.connect() as conn:
        current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert current == head
    assert {"units", "crawls", "crawl_units", "pages", "columns", "items", "links",
            "link_sources", "findings", "crawl_problems", "probes"} <= set(inspect(engine).get_table_names())


def test_migrating_a_database_already_at_head_changes_nothing(engine, crawl):
    init_db(engine)
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(m.Unit)) == 1


def test_upsert_of_the_same_page_twice_keeps_one_row_with_the_new_values(engine, crawl):
    table, keys = m.Page.__table__, ("crawl_id", "unit_id", "url")
    with session_scope(engine) as s:
        upsert(s, table, [_page(crawl, outcome="timeout", http_status=None)], keys)
    with session_scope(engine) as s:
        upsert(s, table, [_page(crawl, data={"meta": {"PubDate": "2024-04-17"}})], keys)
    with session_scope(engine) as s:
        rows = s.execute(select(m.Page.outcome, m.Page.http_status, m.Page.data)).all()
    assert rows == [("ok", 200, {"meta": {"PubDate": "2024-04-17"}})]


def test_insert_ignore_of_a_known_item_keeps_the_first_row(engine, crawl):
    crawl_id, unit_id = crawl
    keys = ("crawl_id", "unit_id", "column_url", "url")
    column = "http://www.jiangcheng.gov.cn/zwgk/zcwj/"

    def item(title: str) -> dict:
        return {"crawl_id": crawl_id, "unit_id": unit_id, "column_url": column, "url": ARTICLE,
                "title": title, "date": date(2024, 4, 17), "date_text": "2024-04-17"}

    for title in ("江城市政务公开工作要点", "另一个标题"):
        with session_scope(engine) as s:
            insert_ignore(s, m.Item.__table__, [item(title)], keys)
    with session_scope(engine) as s:
        assert s.execute(select(m.Item.title, m.Item.date)).all() == [
            ("江城市政务公开工作要点", date(2024, 4, 17))]


def test_two_writers_storing_the_same_rows_store_them_once(db_url, engine, crawl):
    other = make_engine(db_url)
    keys = ("crawl_id", "unit_id", "target", "source")
    row = {"crawl_id": crawl[0], "unit_id": crawl[1], "target": ARTICLE, "source": HOME,
           "text": "政策文件"}
    with session_scope(engine) as first, session_scope(other) as second:
        insert_ignore(first, m.LinkSource.__table__, [row], keys)
        first.flush()
        first.commit()
        insert_ignore(second, m.LinkSource.__table__, [row], keys)
    other.dispose()
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(m.LinkSource)) == 1


def test_json_columns_keep_chinese_text_nesting_and_nulls(engine, crawl):
    data = {"meta": {"SiteName": "江城市人民政府", "SiteIDCode": "4207000024"},
            "footer": {"icp": "鄂ICP备05003315号", "conac": True, "psb": None},
            "article": {"links": [["http://www.jiangcheng.gov.cn/a.pdf", "附件：名单"]],
                        "attachments": []}}
    attempts = [{"at": "2024-05-20T01:10:00", "outcome": "server_error", "status": 503},
                {"at": "2024-05-20T01:15:00", "outcome": "ok", "status": 200}]
    with session_scope(engine) as s:
        upsert(s, m.Page.__table__, [_page(crawl, data=data)], ("crawl_id", "unit_id", "url"))
        s.add(m.Link(crawl_id=crawl[0], unit_id=crawl[1], target=ARTICLE, outcome="ok",
                     http_status=200, attempts=attempts, checked_at=datetime(2024, 5, 20, 1, 15)))
    with session_scope(engine) as s:
        assert s.scalar(select(m.Page.data)) == data
        assert s.scalar(select(m.Link.attempts)) == attempts


def _reconcile(engine, unit_id: int, crawl_id: int, as_of: date, found: list,
               rechecked: bool = True):
    with session_scope(engine) as s:
        return reconcile(s, unit_id=unit_id, crawl_id=crawl_id, as_of=as_of,
                         found=[(f, STALE if f.rule == STALE.id else ICP) for f in found],
                         rules_run={STALE.id, ICP.id}, rechecked=lambda row: rechecked)


def test_reconcile_tracks_a_finding_from_new_to_still_open_to_fixed(engine, crawl):
    first_crawl, unit_id = crawl
    with session_scope(engine) as s:
        second_crawl = s.scalar(select(func.max(m.Crawl.id))) + 1
        s.add_all([m.Crawl(id=second_crawl, started_at=datetime(2024, 5, 21, 1), status="complete",
                           tool_version="t"),
                   m.Crawl(id=second_crawl + 1, started_at=datetime(2024, 5, 22, 1),
                           status="complete", tool_version="t")])
    stale = Finding("column.stale", "http://www.jiangcheng.gov.cn/zwgk/tzgg/", "栏目“通知公告”超过 6 个月未更新",
                    {"expected": "6 个月内有更新", "seen": "最新条目 2023-10-08"}, column="通知公告")
    icp = Finding("footer.icp", HOME, "网站底部未标注ICP备案编号", {"expected": "鄂ICP备…", "seen": None})
    first = _reconcile(engine, unit_id, first_crawl, date(2024, 5, 20), [stale, icp])
    second = _reconcile(engine, unit_id, second_crawl, date(2024, 5, 21), [stale])
    third = _reconcile(engine, unit_id, second_crawl + 1, date(2024, 5, 22), [stale], rechecked=False)
    assert (first.new, first.still_open, first.fixed) == (2, 0, 0)
    assert (second.new, second.still_open, second.fixed) == (0, 1, 1)
    assert (third.new, third.still_open, third.fixed, third.not_rechecked) == (0, 1, 0, 0)
    with session_scope(engine) as s:
        rows = {r.rule: r for r in s.scalars(select(m.Finding))}
    assert (rows["footer.icp"].status, rows["footer.icp"].fixed_at) == ("fixed", date(2024, 5, 21))
    assert (rows["column.stale"].status, rows["column.stale"].first_seen,
            rows["column.stale"].last_seen) == ("open", date(2024, 5, 20), date(2024, 5, 22))
    assert rows["column.stale"].evidence == {"expected": "6 个月内有更新", "seen": "最新条目 2023-10-08"}


def test_a_missing_postgresql_driver_is_a_config_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # `import psycopg` now fails
    with pytest.raises(ConfigError) as err:
        make_engine("postgresql+psycopg://zwgk:secret@db.example.gov.cn/zwgk")
    assert str(err.value) == ("--db: postgresql+psycopg://zwgk:***@db.example.gov.cn/zwgk "
                              "需要数据库驱动 psycopg, 但未安装, 请安装: pip install 'zwgk-audit[postgres]'")


def test_check_with_a_missing_postgresql_driver_exits_2(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    result = CliRunner().invoke(main, ["check", "--db", "postgresql://zwgk@127.0.0.1/zwgk"])
    assert result.exit_code == 2
    assert "需要数据库驱动 psycopg" in result.output


def test_an_unknown_database_backend_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["check", "--db", "oracle+nodriver://x@y/z"])
    assert result.exit_code == 2
    assert result.output.startswith("错误: --db: 无法使用的数据库 URL")


def test_a_snapshot_holds_the_probes_of_the_month_up_to_the_end_of_the_crawl_day(engine, crawl):
    crawl_id, unit_id = crawl  # the crawl started 2024-05-20 01:00
    with session_scope(engine) as s:
        s.add(m.CrawlUnit(crawl_id=crawl_id, unit_id=unit_id, status="complete",
                          started_at=datetime(2024, 5, 20, 1, 0)))
        s.add_all(m.Probe(unit_id=unit_id, url=HOME, probed_at=at, ok=ok, http_status=200 if ok else None,
                          elapsed_ms=120, error=None if ok else "timeout")
                  for at, ok in ((datetime(2024, 4, 18, 23, 30), True),   # before the 31 days
                                 (datetime(2024, 4, 19, 0, 0), True),
                                 (datetime(2024, 5, 19, 12, 0), False),
                                 (datetime(2024, 5, 20, 23, 30), True),
                                 (datetime(2024, 5, 21, 0, 0), True)))     # after the crawl day
    with session_scope(engine) as s:
        probes = load_snapshot(s, crawl_id, unit_id).probes
    assert [(p.probed_at, p.ok, p.error) for p in probes] == [
        (datetime(2024, 4, 19, 0, 0), True, None), (datetime(2024, 5, 19, 12, 0), False, "timeout"),
        (datetime(2024, 5, 20, 23, 30), True, None)]
