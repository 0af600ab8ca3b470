"""Kill -9 and resume: a crawl whose process is killed mid-way and resumed with
`zwgk crawl --resume` ends with the same pages, list entries, columns, links and findings as an
uninterrupted crawl of the same portal (nothing lost, nothing twice); `zwgk report` reads the
database while a crawl writes it (SQLite WAL).

The portal is the fault portal served cleanly with ten extra columns of thirty articles
(~340 pages); the interrupted crawl is slowed by a per-request delay so the kill lands mid-way.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import dataclass

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select, update

from checks.profile import load_profile
from crawler.cli import main
from crawler.config import load_units
from crawler.runner import pending_units, run_crawl
from storage import models as m
from storage.db import init_db, make_engine, session_scope
from storage.repository import ensure_unit, open_crawl, open_crawl_unit
from tests.faults.harness import Stored, stored, write_units, zwgk
from tests.faults.server import SITE, FaultPortal

pytestmark = pytest.mark.faults

CRAWL_TIMEOUT = 180.0  # the harness's bound on one crawl (a hang fails; no speed is asserted)
SLOW = 0.02            # seconds added to every answer of the interrupted crawl


@dataclass(frozen=True)
class Interrupted:
    whole: Stored            # the uninterrupted crawl
    killed: Stored           # the interrupted crawl right after the kill
    resumed: Stored          # … and after `zwgk crawl --resume`
    resumed_db: str
    crawl_ids: list[int]     # of the resumed database
    report_during_crawl: Result
    crawl_alive_after_report: bool
    resume_output: str


def _page_count(db: str) -> int:
    engine = make_engine(db)
    try:
        with session_scope(engine) as s:
            return s.scalar(select(func.count(m.Page.id)))
    except Exception:  # noqa: BLE001 - the schema may not exist yet
        return 0
    finally:
        engine.dispose()


def _check(db: str) -> None:
    result = CliRunner().invoke(main, ["check", "--db", db])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory) -> Interrupted:
    tmp = tmp_path_factory.mktemp("resume")
    with FaultPortal(faults=False, bulk=10, bulk_articles=30) as portal:
        config_path = write_units(portal.units(), tmp / "units.yaml")
        whole_db, db = f"sqlite:///{tmp / 'whole.db'}", f"sqlite:///{tmp / 'killed.db'}"
        result = zwgk("crawl", "--config", str(config_path), "--db", whole_db, timeout=CRAWL_TIMEOUT)
        assert result.code == 0, result.stderr[-3000:]
        _check(whole_db)

        portal.delay = SLOW
        pids: list[int] = []
        crawler = threading.Thread(target=run_crawl, daemon=True, kwargs=dict(
            config=load_units(config_path), db_url=db, log_level="WARNING",
            column_types=load_profile().type_keywords(), on_start=pids.extend))
        crawler.start()
        deadline = time.monotonic() + CRAWL_TIMEOUT
        while _page_count(db) == 0:  # the first batch is committed: the crawl is mid-way
            assert time.monotonic() < deadline and crawler.is_alive(), "the crawl stored nothing"
            time.sleep(0.05)
        report = CliRunner().invoke(main, ["report", "--db", db, "--out", str(tmp / "report")])
        alive = crawler.is_alive()
        os.kill(pids[0], signal.SIGKILL)
        crawler.join(CRAWL_TIMEOUT)
        assert not crawler.is_alive()
        killed = stored(db, portal.base)

        portal.delay = 0
        result = zwgk("crawl", "--config", str(config_path), "--db", db, "--resume", timeout=CRAWL_TIMEOUT)
        assert result.code == 0, result.stderr[-3000:]
        _check(db)
        engine = make_engine(db)
        with session_scope(engine) as s:
            crawl_ids = list(s.scalars(select(m.Crawl.id)))
        engine.dispose()
        return Interrupted(stored(whole_db, portal.base), killed, stored(db, portal.base), db,
                           crawl_ids, report, alive, result.stderr)


def test_killed_crawl_is_left_unfinished_with_what_it_committed(interrupted):
    assert interrupted.killed.crawl_status == "aborted"
    assert interrupted.killed.unit_status == {SITE: "running"}
    assert 0 < len(interrupted.killed.pages) < len(interrupted.whole.pages)


def test_resume_continues_the_same_crawl(interrupted):
    assert interrupted.crawl_ids == [1]
    assert interrupted.resumed.crawl_status == "complete"
    assert "续抓 1 个单位" in interrupted.resume_output


def test_resumed_crawl_has_the_pages_of_an_uninterrupted_one(interrupted):
    assert interrupted.resumed.pages == interrupted.whole.pages


def test_resumed_crawl_has_the_list_entries_and_columns_of_an_uninterrupted_one(interrupted):
    assert interrupted.resumed.items == interrupted.whole.items
    assert interrupted.resumed.columns == interrupted.whole.columns


def test_resumed_crawl_checks_each_link_as_often_as_an_uninterrupted_one(interrupted):
    assert interrupted.resumed.links == interrupted.whole.links


def test_resumed_crawl_has_the_crawl_problems_of_an_uninterrupted_one(interrupted):
    assert interrupted.resumed.problems == interrupted.whole.problems


def test_resumed_crawl_gives_the_findings_of_an_uninterrupted_one(interrupted):
    def judged(s: Stored) -> dict:
        return {key: (f["url"], f["message"], f["status"]) for key, f in s.findings.items()}

    assert judged(interrupted.resumed) == judged(interrupted.whole)
    assert {rule for _, rule, _ in interrupted.whole.findings} >= {"link.dead", "column.stale"}


def test_report_reads_the_database_while_a_crawl_writes_it(interrupted):
    assert interrupted.report_during_crawl.exit_code == 0, interrupted.report_during_crawl.output
    assert interrupted.report_during_crawl.output.strip().endswith("index.html")
    assert interrupted.crawl_alive_after_report


def test_resume_of_a_complete_crawl_exits_2(interrupted, tmp_path):
    config = write_units({"units": [{"name": SITE, "kind": "department", "home": "http://127.0.0.1:9/"}]},
                         tmp_path / "units.yaml")
    result = CliRunner().invoke(main, ["crawl", "--config", str(config), "--db", interrupted.resumed_db,
                                       "--resume"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == "错误: --resume: 抓取 1 已完成, 无需续抓"


def test_only_the_units_a_crawl_did_not_complete_are_pending(tmp_path):
    config = write_units({"units": [
        {"name": "甲局", "kind": "department", "home": "http://127.0.0.1:9/"},
        {"name": "乙局", "kind": "department", "home": "http://127.0.0.1:9/yi/"}]}, tmp_path / "u.yaml")
    units = load_units(config)
    db = f"sqlite:///{tmp_path / 'z.db'}"
    engine = make_engine(db)
    init_db(engine)
    with session_scope(engine) as s:
        crawl = open_crawl(s, units.digest)
        rows = [open_crawl_unit(s, crawl.id, ensure_unit(s, u).id) for u in units.units]
        s.execute(update(m.CrawlUnit).where(m.CrawlUnit.id == rows[0].id).values(status="complete"))
        assert [u.name for u in pending_units(s, crawl.id, units)] == ["乙局"]
    engine.dispose()
