"""The whole job on the bundled demo portals: every planted problem is found, nothing else."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from crawler.cli import main
from crawler.demo.server import expected_findings
from tests.services import BACKENDS, database_url


@pytest.fixture(scope="module", params=BACKENDS)
def demo_db(request, demo_config, tmp_path_factory):
    """A database (SQLite, PostgreSQL) holding one crawl of the demo portals, checked as of the
    crawl day."""
    with database_url(request.param, tmp_path_factory.mktemp("e2e")) as db:
        runner = CliRunner()
        result = runner.invoke(main, ["crawl", "--config", str(demo_config), "--db", db])
        assert result.exit_code == 0, result.output
        result = runner.invoke(main, ["check", "--db", db])
        assert result.exit_code == 0, result.output
        yield db


def export_jsonl(db: str, out) -> list[dict]:
    result = CliRunner().invoke(main, ["export", "--db", db, "--format", "jsonl", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_demo_findings_are_exactly_the_planted_problems(demo_db, demo_portals, demo_today, tmp_path):
    base_of = {name: base for name, base in demo_portals.items()}
    rows = export_jsonl(demo_db, tmp_path / "f.jsonl")
    found = {(r["unit"], r["rule"], urlsplit(r["url"]).path) for r in rows}
    expected = {(e["unit"], e["rule"], e["url"]) for e in expected_findings(demo_today)["findings"]}
    assert base_of  # the portals were served
    assert found == expected


def test_jsonl_export_follows_the_design_contract(demo_db, tmp_path):
    rows = export_jsonl(demo_db, tmp_path / "f.jsonl")
    assert rows
    for row in rows:
        assert set(row) == {"unit", "rule", "severity", "url", "column", "message", "evidence",
                            "first_seen", "last_seen", "status"}
        assert row["status"] == "open" and isinstance(row["evidence"], dict)
        assert row["url"].startswith("http://127.0.0.1:")


def test_every_finding_carries_expected_seen_and_fetch_time(demo_db, tmp_path):
    for row in export_jsonl(demo_db, tmp_path / "f.jsonl"):
        assert {"expected", "seen", "fetched_at"} <= set(row["evidence"]), row


def test_check_twice_with_the_same_as_of_gives_identical_findings(demo_db, demo_today, tmp_path):
    runner = CliRunner()
    as_of = demo_today.isoformat()
    assert runner.invoke(main, ["check", "--db", demo_db, "--as-of", as_of]).exit_code == 0
    first = export_jsonl(demo_db, tmp_path / "a.jsonl")
    assert runner.invoke(main, ["check", "--db", demo_db, "--as-of", as_of]).exit_code == 0
    assert export_jsonl(demo_db, tmp_path / "b.jsonl") == first


def test_report_of_the_demo_has_a_page_per_unit(demo_db, tmp_path):
    result = CliRunner().invoke(main, ["report", "--db", demo_db, "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "r" / "units").glob("*.html"))) == 3
    assert "江城市交通运输局" in (tmp_path / "r" / "index.html").read_text(encoding="utf-8")


def test_broken_config_exits_2_with_file_line_and_key(tmp_path):
    config = tmp_path / "units.yaml"
    config.write_text("units:\n  - name: 甲\n    kind: city\n    home: http://127.0.0.1:1/\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["crawl", "--config", str(config), "--db", f"sqlite:///{tmp_path}/x.db"])
    assert result.exit_code == 2
    assert f"{config}:3: units[0].kind" in result.output
    assert not (tmp_path / "x.db").exists()


def test_bad_as_of_date_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["check", "--db", f"sqlite:///{tmp_path}/x.db", "--as-of", "2026-13-01"])
    assert result.exit_code == 2 and "--as-of" in result.output
