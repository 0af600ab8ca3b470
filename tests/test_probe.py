"""`zwgk probe`: one GET of each home page, a row per unit, failures kept apart from the
prober's own outage."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml
from click.testing import CliRunner
from sqlalchemy import select

from crawler.cli import main
from crawler.nightly import exclusive
from crawler.probe import probe_url
from storage import models as m
from storage.db import init_db, make_engine, session_scope


class _Home(BaseHTTPRequestHandler):
    """`/` answers at once, `/slow/` after 2 s, `/gone/` with 404; the User-Agent is kept
    (as the bytes sent, decoded as UTF-8)."""

    seen_agents: list[str] = []

    def do_GET(self):  # noqa: N802
        type(self).seen_agents.append(self.headers.get("User-Agent", "").encode("latin-1").decode("utf-8"))
        if self.path.startswith("/slow/"):
            time.sleep(2)
        status = 404 if self.path.startswith("/gone/") else 200
        body = "<html><head><title>江城市人民政府</title></head><body>首页</body></html>".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Home)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _config(tmp_path, homes: dict[str, str]):
    path = tmp_path / "units.yaml"
    path.write_text(yaml.safe_dump({
        "crawl": {"contact": "gkb@example.gov.cn"},
        "units": [{"name": name, "kind": "department", "home": url} for name, url in homes.items()],
    }, allow_unicode=True), encoding="utf-8")
    return path


def _rows(db_url: str) -> list[tuple]:
    engine = make_engine(db_url)
    init_db(engine)
    with session_scope(engine) as s:
        rows = s.execute(select(m.Unit.name, m.Probe.ok, m.Probe.http_status, m.Probe.error)
                         .join(m.Unit, m.Unit.id == m.Probe.unit_id).order_by(m.Unit.name)).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def test_probe_stores_one_row_per_unit(db_url, site, tmp_path):
    config = _config(tmp_path, {"江城市交通运输局": f"{site}/", "江城市统计局": f"{site}/gone/"})
    result = CliRunner().invoke(main, ["probe", "--config", str(config), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "探测 2 个单位首页: 正常 1, 失败 1" in result.output
    assert f"  江城市统计局: HTTP 404 ({site}/gone/)" in result.output
    assert _rows(db_url) == [("江城市交通运输局", True, 200, None), ("江城市统计局", False, 404, "HTTP 404")]


def test_a_home_page_slower_than_the_timeout_is_a_failed_probe(site):
    result = probe_url("江城市人民政府", f"{site}/slow/", 1.0, "zwgk-audit/0.1 (政务公开检查; gkb@example.gov.cn)")
    assert (result.ok, result.http_status, result.error) == (False, None, "timeout")
    assert 1000 <= result.elapsed_ms < 2000


def test_the_probe_names_the_tool_and_the_contact(site):
    _Home.seen_agents.clear()
    probe_url("江城市人民政府", f"{site}/", 15, "zwgk-audit/0.1 (政务公开检查; gkb@example.gov.cn)")
    assert _Home.seen_agents == ["zwgk-audit/0.1 (政务公开检查; gkb@example.gov.cn)"]


def test_a_run_where_every_home_page_fails_is_not_stored(sqlite_url, tmp_path):
    config = _config(tmp_path, {"甲局": "http://127.0.0.1:9/", "乙局": "http://127.0.0.1:9/x/"})
    result = CliRunner().invoke(main, ["probe", "--config", str(config), "--db", sqlite_url])
    assert result.exit_code == 1
    assert "2 个单位首页全部探测失败, 可能是本机网络故障; 本次结果不记录" in result.output
    assert _rows(sqlite_url) == []


def test_a_probe_while_the_previous_one_still_runs_exits_3(sqlite_url, site, tmp_path):
    config = _config(tmp_path, {"江城市交通运输局": f"{site}/"})
    with exclusive(sqlite_url, "probe"):
        result = CliRunner().invoke(main, ["probe", "--config", str(config), "--db", sqlite_url])
    assert result.exit_code == 3
    assert "上一次 zwgk probe 仍在运行" in result.output
