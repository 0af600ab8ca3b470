"""Helpers for the crawl tests: serve test portals, crawl them for real, read what was stored."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import yaml
from sqlalchemy import select

from checks.profile import load_profile
from crawler.config import UnitsConfig, units_from_text
from crawler.demo.server import PortalServer
from crawler.runner import run_crawl
from storage import models as m
from storage.db import make_engine, session_scope

PORTALS = Path(__file__).parent / "fixtures" / "portals"
#: Fast and polite enough for a local server; retries 0.3 s apart.
TEST_CRAWL = {"delay": 0, "concurrency_per_host": 8, "link_retry_delay": 0.3,
              "contact": "audit@example.gov.cn"}


@contextmanager
def serve(names: list[str], root: Path = PORTALS,
          today: dt.date | None = None) -> Iterator[dict[str, PortalServer]]:
    """The named portal directories of `root`, each served on its own port."""
    servers = {name: PortalServer(root / name, today).start() for name in names}
    try:
        yield servers
    finally:
        for server in servers.values():
            server.stop()


def units_config(servers: dict[str, PortalServer], crawl: dict | None = None,
                 unit_extra: dict[str, dict] | None = None) -> UnitsConfig:
    """A units config for served portals, from the `unit:` of each `_portal.yaml`."""
    units = []
    for name, server in servers.items():
        spec = server.portal.unit
        unit = {"name": spec["name"], "kind": spec["kind"], "home": server.base_url}
        if spec.get("disclosure"):
            unit["disclosure"] = urljoin(server.base_url, spec["disclosure"])
        unit.update((unit_extra or {}).get(name, {}))
        units.append(unit)
    text = yaml.safe_dump({"crawl": {**TEST_CRAWL, **(crawl or {})}, "units": units},
                          allow_unicode=True)
    return units_from_text(text)


def crawl(db_url: str, config: UnitsConfig) -> int:
    """Crawl every unit of `config` for real (child process); the crawl id."""
    return run_crawl(config, db_url, load_profile().type_keywords(), "WARNING")


@dataclass(frozen=True)
class StoredColumn:
    name: str
    type: str
    parent: str | None  # the parent column's name, "(root)" for the disclosure root
    items: list[tuple[str, dt.date | None, str | None]]  # (title, date, date_text)


def path_of(url: str | None) -> str | None:
    """The URL from its path on (servers differ in port only)."""
    if url is None:
        return None
    return "/" + url.split("/", 3)[3] if url.count("/") >= 3 else url


def stored_columns(db_url: str, crawl_id: int, unit: str) -> dict[str, StoredColumn]:
    """The unit's columns in the crawl, by URL path, with parents by name."""
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        unit_id = session.scalars(select(m.Unit.id).where(m.Unit.name == unit)).one()
        root = session.scalars(select(m.CrawlUnit.disclosure_url).filter_by(
            crawl_id=crawl_id, unit_id=unit_id)).one()
        rows = session.scalars(select(m.Column).filter_by(crawl_id=crawl_id, unit_id=unit_id)
                               .order_by(m.Column.id)).all()
        names = {c.url: c.name for c in rows}
        items = session.scalars(select(m.Item).filter_by(crawl_id=crawl_id, unit_id=unit_id)
                                .order_by(m.Item.id)).all()
        out = {}
        for c in rows:
            parent = "(root)" if c.parent_url == root else names.get(c.parent_url, path_of(c.parent_url))
            out[path_of(c.url)] = StoredColumn(
                c.name, c.type, parent,
                [(i.title, i.date, i.date_text) for i in items if i.column_url == c.url])
    engine.dispose()
    return out


def stored_pages(db_url: str, crawl_id: int, unit: str) -> dict[str, m.Page]:
    """The unit's page rows in the crawl, by URL path."""
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        unit_id = session.scalars(select(m.Unit.id).where(m.Unit.name == unit)).one()
        pages = {path_of(p.url): p for p in session.scalars(
            select(m.Page).filter_by(crawl_id=crawl_id, unit_id=unit_id))}
    engine.dispose()
    return pages


def portal_variant(tmp_path: Path, name: str, **settings) -> Path:
    """A copy of test portal `name` under `tmp_path` whose `_portal.yaml` also has `settings`
    (behaviours are merged); returns the new root to `serve` from."""
    import shutil

    root = tmp_path / "portals"
    shutil.copytree(PORTALS / name, root / name)
    config_path = root / name / "_portal.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    behaviors = {**(config.get("behaviors") or {}), **settings.pop("behaviors", {})}
    config.update(settings, **({"behaviors": behaviors} if behaviors else {}))
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root


@dataclass(frozen=True)
class StoredFinding:
    unit: str
    rule: str
    url: str  # path
    evidence: dict


def check(db_url: str, crawl_id: int, as_of: dt.date) -> list[StoredFinding]:
    """Run every rule over the crawl (default profile) and return its open findings."""
    from checks.runner import run_checks

    engine = make_engine(db_url)
    with session_scope(engine) as session:
        run_checks(session, crawl_id, as_of, load_profile())
    with session_scope(engine) as session:
        rows = session.execute(select(m.Unit.name, m.Finding.rule, m.Finding.url, m.Finding.evidence)
                               .join(m.Unit, m.Unit.id == m.Finding.unit_id)
                               .where(m.Finding.last_crawl_id == crawl_id,
                                      m.Finding.status == "open")).all()
    engine.dispose()
    return [StoredFinding(unit, rule, path_of(url), evidence) for unit, rule, url, evidence in rows]


def stored_links(db_url: str, crawl_id: int) -> dict[str, m.Link]:
    """The crawl's link rows, by target path."""
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        links = {path_of(link.target): link
                 for link in session.scalars(select(m.Link).filter_by(crawl_id=crawl_id))}
    engine.dispose()
    return links


def stored_problems(db_url: str, crawl_id: int) -> list[tuple[str, str]]:
    """(kind, url path) of the crawl's problems."""
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        rows = session.execute(select(m.CrawlProblem.kind, m.CrawlProblem.url)
                               .filter_by(crawl_id=crawl_id)).all()
    engine.dispose()
    return [(kind, path_of(url)) for kind, url in rows]
