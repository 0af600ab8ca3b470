"""Several crawl workers, one crawl: two `zwgk crawl --redis` processes on a shared Redis
frontier (marker `redis`), and `zwgk crawl --workers 2` on one machine, store the same pages,
list entries and findings as one process, and fetch no URL more often than it does."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import CliRunner

from crawler.cli import main
from crawler.sharding import SHARED_ROLES
from crawler.demo import server as demo_server
from crawler.demo.server import DEMO_ROOT, demo_units

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def counted_portals(today) -> Iterator[tuple[dict[str, str], Counter]]:
    """Fresh demo portals (their fail-first state new) and a count of every request they get:
    {(portal, method, path?query): n}."""
    fetched: Counter = Counter()
    lock = threading.Lock()
    servers = []
    for directory in sorted(p for p in DEMO_ROOT.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        server = demo_server.PortalServer(directory, today)
        name = server.name

        class Counting(demo_server._Handler):
            def _serve(self, with_body: bool, _name=name) -> None:
                with lock:
                    fetched[(_name, self.command, self.path)] += 1
                super()._serve(with_body)

        server._server.RequestHandlerClass = Counting
        servers.append(server.start())
    try:
        yield {s.name: s.base_url for s in servers}, fetched
    finally:
        for server in servers:
            server.stop()


def _config(bases: dict[str, str], path: Path) -> Path:
    units = demo_units(bases)
    units["crawl"]["link_retry_delay"] = 0.5
    path.write_text(yaml.safe_dump(units, allow_unicode=True), encoding="utf-8")
    return path


def _crawl_cmd(config: Path, db: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "crawler.cli", "crawl", "--config", str(config), "--db", db, *extra]


TABLES = ("crawls", "pages", "findings", "columns", "links", "items")


def _assert_same(stored: dict[str, set], alone: dict[str, set], tables) -> None:
    """Table by table: (only in this crawl, only in the single-process crawl) are empty."""
    for table in tables:
        assert (stored[table] - alone[table], alone[table] - stored[table]) == (set(), set()), table


def _crawl_fetches(fetched: Counter, *stored: dict[str, set]) -> Counter:
    """The fetches of crawl URLs: without robots.txt and the soft-404 probes' random paths,
    which every worker asks for itself."""
    own = {"/robots.txt"} | {path for s in stored for (path,) in s["probes"]}
    return Counter({k: n for k, n in fetched.items() if urlsplit(k[2]).path not in own})


def _stored(db_file: Path, today) -> dict[str, set]:
    """What a crawl stored and what the checks found, with URLs as paths (ports differ)."""
    db = f"sqlite:///{db_file}"
    result = CliRunner().invoke(main, ["check", "--db", db, "--as-of", today.isoformat()])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db_file) as conn:
        def rows(sql: str) -> set:
            return {tuple(urlsplit(v).path if isinstance(v, str) and v.startswith("http") else v
                          for v in row) for row in conn.execute(sql)}

        return {
            "crawls": rows("SELECT count(*) FROM crawls"),
            # the soft-404 probe asks each host for a random path, once per worker
            "pages": rows("SELECT u.name, CASE p.role WHEN 'probe' THEN '<random>' ELSE p.url END, "
                          "p.role, p.outcome, p.title, p.column_url "
                          "FROM pages p JOIN units u ON u.id = p.unit_id"),
            "probes": rows("SELECT url FROM pages WHERE role = 'probe'"),
            "items": rows("SELECT u.name, i.column_url, i.url, i.date FROM items i JOIN units u ON u.id = i.unit_id"),
            "columns": rows("SELECT u.name, c.url, c.parent_url, c.type FROM columns c JOIN units u ON u.id = c.unit_id"),
            "links": rows("SELECT u.name, l.target, l.outcome FROM links l JOIN units u ON u.id = l.unit_id"),
            "findings": rows("SELECT u.name, f.rule, f.url FROM findings f JOIN units u ON u.id = f.unit_id"),
        }


@pytest.fixture(scope="module")
def single(demo_today, tmp_path_factory) -> tuple[dict[str, set], Counter]:
    """One process crawling the demo portals: what it stored and what it fetched."""
    tmp = tmp_path_factory.mktemp("single")
    with counted_portals(demo_today) as (bases, fetched):
        config = _config(bases, tmp / "units.yaml")
        subprocess.run(_crawl_cmd(config, f"sqlite:///{tmp / 'zwgk.db'}"), cwd=ROOT, check=True,
                       capture_output=True)
    return _stored(tmp / "zwgk.db", demo_today), fetched


@pytest.mark.redis
def test_two_redis_workers_store_what_one_process_stores_and_fetch_nothing_twice(
        single, redis_service, demo_today, tmp_path):
    url, prefix = redis_service
    with counted_portals(demo_today) as (bases, fetched):
        config = _config(bases, tmp_path / "units.yaml")
        cmd = _crawl_cmd(config, f"sqlite:///{tmp_path / 'zwgk.db'}", "--redis", url)
        env = {**os.environ, "ZWGK_REDIS_PREFIX": prefix}
        workers = [subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE) for _ in range(2)]
        errors = [w.communicate()[1] for w in workers]
        assert [w.returncode for w in workers] == [0, 0], errors
    stored = _stored(tmp_path / "zwgk.db", demo_today)
    _assert_same(stored, single[0], TABLES)
    # every URL of the crawl is fetched as often as by one process (twice only where a page
    # failed once and was retried, in both crawls)
    assert _crawl_fetches(fetched, stored, single[0]) == _crawl_fetches(single[1], stored, single[0])
    import redis

    assert list(redis.Redis.from_url(url).scan_iter(match=f"{prefix}:*")) == []


def test_two_local_workers_store_what_one_process_stores(single, demo_today, tmp_path):
    with counted_portals(demo_today) as (bases, fetched):
        config = _config(bases, tmp_path / "units.yaml")
        subprocess.run(_crawl_cmd(config, f"sqlite:///{tmp_path / 'zwgk.db'}", "--workers", "2"),
                       cwd=ROOT, check=True, capture_output=True)
    stored, alone = _stored(tmp_path / "zwgk.db", demo_today), single[0]
    _assert_same(stored, alone, [t for t in TABLES if t != "links"])
    # Every worker reads the home page and the column discovery pages, and checks the links it
    # meets itself (HEAD, then GET where HEAD failed); every other page is fetched as often as
    # by one process.
    shared = {url for _, url, role, *_ in alone["pages"] if role in SHARED_ROLES}
    checked = {(k[0], k[2]) for k in single[1] if k[1] == "HEAD"}  # GET confirms a failed HEAD

    def pages(fetches: Counter) -> dict:
        return {k: n for k, n in _crawl_fetches(fetches, stored, alone).items()
                if k[1] == "GET" and urlsplit(k[2]).path not in shared and (k[0], k[2]) not in checked}

    assert pages(fetched) == pages(single[1])
