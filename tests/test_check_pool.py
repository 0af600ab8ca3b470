"""`zwgk check` audits units in a process pool: the stored findings and crawl problems are the
same as when one process audits them all, on every backend."""
from __future__ import annotations

import json

from sqlalchemy import select

from bench.check_scale import CRAWL_DAY, build
from checks.profile import load_profile
from checks.runner import run_checks
from storage import models as m
from storage.db import make_engine, session_scope
from tests.services import database_url


def _check(db_url: str, workers: int) -> tuple[dict, set, set]:
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        run = run_checks(s, 1, CRAWL_DAY.date(), load_profile(), workers=workers)
    with session_scope(engine) as s:
        findings = {(u, r, loc, st, json.dumps(ev, ensure_ascii=False, sort_keys=True))
                    for u, r, loc, st, ev in s.execute(
                        select(m.Unit.name, m.Finding.rule, m.Finding.locator, m.Finding.status,
                               m.Finding.evidence).join(m.Unit, m.Unit.id == m.Finding.unit_id))}
        problems = set(s.execute(select(m.CrawlProblem.unit_id, m.CrawlProblem.url, m.CrawlProblem.kind)).all())
    engine.dispose()
    return {unit: (x.new, x.still_open, x.fixed) for unit, x in run.units.items()}, findings, problems


def test_a_pool_of_two_stores_what_one_process_stores(db_url, tmp_path):
    build(db_url, units=4, columns=6, items=30)
    (tmp_path / "alone").mkdir()
    with database_url("sqlite", tmp_path / "alone") as alone:
        build(alone, units=4, columns=6, items=30)
        pooled = _check(db_url, workers=2)
        single = _check(alone, workers=1)
    assert pooled == single
    assert list(pooled[0]) == [f"测试市第{u}局" for u in range(4)]  # reported in unit order
    assert pooled[1]  # the synthetic units do have findings


def test_checking_the_same_crawl_again_with_the_pool_changes_nothing(sqlite_url):
    build(sqlite_url, units=3, columns=4, items=20)
    assert _check(sqlite_url, workers=2) == _check(sqlite_url, workers=2)
