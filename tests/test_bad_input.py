"""Bad input: a broken units config, rule profile or scoring scheme is one line naming the file,
the line and the key, exit code 2, and the database is not touched; a database URL's password
never appears in the output or the logs.
"""
from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, make_url, text

from crawler.cli import main
from crawler.config import units_from_text
from storage.db import init_db, make_engine, session_scope
from storage.repository import ensure_unit, open_crawl, open_crawl_unit
from tests.faults.harness import write_units, zwgk
from tests.faults.server import FaultPortal
from tests.services import pg_base_url

UNITS = "units:\n  - {name: 江城市应急管理局, kind: department, home: 'http://127.0.0.1:9/'}\n"
SECRET = "s3cret-Pw"
UNREACHABLE_DB = f"postgresql+psycopg://auditor:{SECRET}@127.0.0.1:1/zwgk"


@pytest.fixture
def database(tmp_path) -> tuple[str, Path]:
    """(URL, file) of a SQLite database holding one crawl of one unit, all connections closed."""
    path = tmp_path / "db" / "zwgk.db"
    path.parent.mkdir()
    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    with session_scope(engine) as s:
        unit = units_from_text(UNITS).units[0]
        open_crawl_unit(s, open_crawl(s).id, ensure_unit(s, unit).id)
    engine.dispose()
    return f"sqlite:///{path}", path


def state(path: Path) -> dict[str, tuple[int, str]]:
    """The database file and its companions (-wal, -shm, -journal): mtime and content hash.
    (Lock files beside it, `zwgk run`'s, hold no data.)"""
    return {p.name: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(path.parent.glob(f"{path.name}*")) if not p.name.endswith("-lock")}


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def assert_one_line_error(result, expected_start: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"错误: {expected_start}"), result.output


# --- broken config files --------------------------------------------------------------------

BROKEN_UNITS = {
    "yaml": ("units:\n  - name: [应急局\n    kind: department\n", ":3: YAML 语法错误"),
    "kind": (UNITS.replace("department", "city"), ":2: units[0].kind: 必须是 government 或 department"),
    "option type": ('crawl: {max_page_bytes: "10MB"}\n' + UNITS, ":1: crawl.max_page_bytes: 类型错误: '10MB'"),
    "option zero": ("crawl: {max_page_bytes: 0}\n" + UNITS, ":1: crawl.max_page_bytes: 至少为 1"),
    "unknown key": ("units:\n  - name: 江城市应急管理局\n    kind: department\n"
                    "    home: http://127.0.0.1:9/\n    colums: []\n", ":5: units[0].colums: 未知的单位设置"),
}


@pytest.mark.parametrize("command", ["crawl", "run"])
@pytest.mark.parametrize("case", BROKEN_UNITS, ids=str)
def test_broken_units_config_is_one_line_exit_2_and_touches_no_data(command, case, database, tmp_path):
    url, path = database
    content, where = BROKEN_UNITS[case]
    config = write(tmp_path, "units.yaml", content)
    before = state(path)
    extra = ["--out", str(tmp_path / "report")] if command == "run" else []
    result = CliRunner().invoke(main, [command, "--config", str(config), "--db", url, *extra])
    assert_one_line_error(result, f"{config}{where}")
    assert state(path) == before


BROKEN_PROFILE = ("column_types:\n  dynamic:\n    max_age_days: -3\n",
                  ":3: column_types.dynamic.max_age_days: 必须是正整数或 null")


@pytest.mark.parametrize("command", ["check", "crawl", "run"])
def test_broken_rule_profile_is_one_line_exit_2_and_touches_no_data(command, database, tmp_path):
    url, path = database
    profile = write(tmp_path, "city.yaml", BROKEN_PROFILE[0])
    config = write(tmp_path, "units.yaml", UNITS)
    args = {"check": [], "crawl": ["--config", str(config)],
            "run": ["--config", str(config), "--out", str(tmp_path / "report")]}[command]
    before = state(path)
    result = CliRunner().invoke(main, [command, *args, "--db", url, "--profile", str(profile)])
    assert_one_line_error(result, f"{profile}{BROKEN_PROFILE[1]}")
    assert state(path) == before


@pytest.mark.parametrize("command", ["report", "ranking"])
def test_broken_scoring_scheme_is_one_line_exit_2_and_touches_no_data(command, database, tmp_path):
    url, path = database
    scheme = write(tmp_path, "scheme.yaml", "name: 考核方案\nkinds:\n  city:\n    base: 100\n")
    out = ["--out", str(tmp_path / "out")] + (["--format", "html"] if command == "ranking" else [])
    before = state(path)
    result = CliRunner().invoke(main, [command, "--db", url, "--scheme", str(scheme), *out])
    assert_one_line_error(result, f"{scheme}:3: kinds.city: 必须是 government 或 department")
    assert state(path) == before


# --- passwords ----------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["check"], ["report", "--out", "r"], ["crawl", "--config", "u.yaml"],
                                  ["run", "--config", "u.yaml", "--out", "r"],
                                  ["export", "--format", "csv", "--out", "f.csv"]], ids=lambda a: a[0])
def test_unreachable_database_is_one_line_with_the_password_masked(args, tmp_path, monkeypatch, caplog):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "u.yaml", UNITS)
    result = CliRunner().invoke(main, ["-v", *args, "--db", UNREACHABLE_DB])
    assert result.output.strip().splitlines()[-1].startswith(
        "错误: --db: 无法使用数据库 postgresql+psycopg://auditor:***@127.0.0.1:1/zwgk: ")
    assert result.exit_code == 2
    assert SECRET not in result.output + caplog.text


def test_database_url_from_the_environment_is_masked_too(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("ZWGK_DB", UNREACHABLE_DB)
    result = CliRunner().invoke(main, ["-v", "report", "--out", str(tmp_path / "r")])
    assert_one_line_error(result, "--db: 无法使用数据库 postgresql+psycopg://auditor:***@")
    assert SECRET not in result.output + caplog.text


def test_malformed_database_url_is_masked_in_its_error():
    result = CliRunner().invoke(main, ["check", "--db", f"postgresql+psycopg://auditor:{SECRET}@db:port/x"])
    assert_one_line_error(result, "--db: 无法使用的数据库 URL postgresql+psycopg://auditor:***@db:port/x")
    assert SECRET not in result.output


@contextmanager
def pg_password_url() -> Iterator[str]:
    """The URL of a fresh schema owned by a fresh role that logs in with password SECRET."""
    base = make_url(pg_base_url())
    name = f"zwgk_pw_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {name} LOGIN PASSWORD '{SECRET}'"))
        conn.execute(text(f"CREATE SCHEMA {name} AUTHORIZATION {name}"))
    url = base.set(username=name, password=SECRET).render_as_string(hide_password=False)
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options={quote(f'-csearch_path={name}')}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {name} CASCADE"))
            conn.execute(text(f"DROP ROLE {name}"))
        admin.dispose()


@pytest.mark.postgres
@pytest.mark.faults
def test_password_never_appears_in_the_logs_of_a_whole_run(tmp_path):
    with pg_password_url() as url, FaultPortal(faults=False) as portal:
        config = write_units(portal.units(), tmp_path / "units.yaml")
        results = [zwgk("-v", "crawl", "--config", str(config), "--db", url, timeout=180),
                   zwgk("-v", "check", "--db", url, timeout=180),
                   zwgk("-v", "report", "--db", url, "--out", str(tmp_path / "report"), timeout=180)]
    assert [r.code for r in results] == [0, 0, 0], results[0].stderr[-3000:]
    logs = "".join(r.stdout + r.stderr for r in results)
    assert "抓取完成" in logs
    assert SECRET not in logs
