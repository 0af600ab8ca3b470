"""Shared fixtures: databases (SQLite always; PostgreSQL when ZWGK_TEST_PG_URL is set) and the
demo portals served on 127.0.0.1."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crawler.demo.server import DEMO_ROOT, demo_units, serve_portals
from tests.services import BACKENDS, database_url, redis_prefix_url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'zwgk.db'}"


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path: Path):
    """A fresh database on each backend: SQLite, and PostgreSQL (marker `postgres`, own schema)."""
    with database_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def redis_service():
    """(Redis URL, key prefix) of this test (marker `redis`); its keys are deleted after it."""
    with redis_prefix_url() as service:
        yield service


@pytest.fixture(scope="session")
def demo_today() -> dt.date:
    return dt.date.today()


@pytest.fixture(scope="session")
def demo_portals(demo_today):
    """The bundled demo portals, served for the whole session: {dir name: base URL}."""
    with serve_portals(DEMO_ROOT, demo_today) as bases:
        yield bases


@pytest.fixture(scope="session")
def demo_config(demo_portals, tmp_path_factory) -> Path:
    import yaml

    units = demo_units(demo_portals)
    units["crawl"]["link_retry_delay"] = 0.5
    path = tmp_path_factory.mktemp("demo") / "units.yaml"
    path.write_text(yaml.safe_dump(units, allow_unicode=True), encoding="utf-8")
    return path
