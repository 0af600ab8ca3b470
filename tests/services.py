"""The external services of the test suite: PostgreSQL and Redis, each test on its own space.

`ZWGK_TEST_PG_URL` / `ZWGK_TEST_REDIS_URL` name the servers; without them the postgres and
redis tests are skipped. With `ZWGK_REQUIRE_SERVICES=1` (as `.ci/run` sets) a missing or
unreachable server fails those tests instead: CI must never pass by skipping them.

Every PostgreSQL test gets a schema of its own (its URL sets `search_path`), dropped after the
test, so suites can share one server; every Redis test gets a key prefix whose keys are
deleted after it.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

BACKENDS = ("sqlite", pytest.param("postgres", marks=pytest.mark.postgres))


def _service_url(variable: str, what: str) -> str:
    url = os.environ.get(variable)
    if url:
        return url
    if os.environ.get("ZWGK_REQUIRE_SERVICES") == "1":
        pytest.fail(f"ZWGK_REQUIRE_SERVICES=1 but {variable} is not set ({what})")
    pytest.skip(f"{variable} not set: no {what} to test against")


def _unreachable(variable: str, url: str, exc: Exception):
    message = f"{variable}={url} unreachable: {exc}"
    if os.environ.get("ZWGK_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)


def pg_base_url() -> str:
    return _service_url("ZWGK_TEST_PG_URL", "PostgreSQL server")


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """The PostgreSQL URL of a fresh, empty schema (dropped with everything in it on exit)."""
    from sqlalchemy import create_engine, text

    base = pg_base_url()
    schema = f"zwgk_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure means "unreachable"
        admin.dispose()
        _unreachable("ZWGK_TEST_PG_URL", base, exc)
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def database_url(backend: str, directory: Path) -> Iterator[str]:
    """A fresh database of `backend` ("sqlite" in `directory`, or "postgres")."""
    if backend == "sqlite":
        yield f"sqlite:///{directory / 'zwgk.db'}"
    else:
        with pg_schema_url() as url:
            yield url


@contextmanager
def redis_prefix_url() -> Iterator[tuple[str, str]]:
    """(Redis URL, a key prefix of this test); every key under the prefix is deleted on exit."""
    import redis

    url = _service_url("ZWGK_TEST_REDIS_URL", "Redis server")
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        _unreachable("ZWGK_TEST_REDIS_URL", url, exc)
    prefix = f"zwgk-test-{uuid.uuid4().hex[:12]}"
    try:
        yield url, prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()
