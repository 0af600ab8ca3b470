"""Unattended runs: `zwgk run` takes a lock (a second run exits 3) and writes a run summary;
`zwgk schedule` prints or installs the crontab lines and the systemd timers."""
from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from click.testing import CliRunner

from crawler import cli
from crawler.cli import main
from crawler.demo.server import expected_findings
from crawler.nightly import AlreadyRunning, exclusive
from storage.db import make_engine, session_scope
from storage.models import Finding


def test_a_second_run_on_the_same_database_exits_3(db_url, demo_config, tmp_path):
    with exclusive(db_url, "run"):
        result = CliRunner().invoke(main, ["run", "--config", str(demo_config), "--db", db_url,
                                           "--out", str(tmp_path / "report")])
    assert result.exit_code == 3
    assert "错误: 另一个 zwgk run 正在处理此数据库" in result.output
    assert not (tmp_path / "report").exists()


def test_the_lock_is_free_again_after_a_run(db_url):
    with exclusive(db_url, "run"):
        with pytest.raises(AlreadyRunning):
            with exclusive(db_url, "run"):
                pass
    with exclusive(db_url, "run"):
        pass


def test_run_and_probe_locks_are_separate(db_url):
    with exclusive(db_url, "run"), exclusive(db_url, "probe"):
        pass


def test_a_run_writes_its_summary_and_one_log_line(db_url, demo_config, demo_today, tmp_path, caplog):
    caplog.set_level("INFO", logger="zwgk")
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["run", "--config", str(demo_config), "--db", db_url,
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "run-summary.json").read_text(encoding="utf-8"))
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        planted = s.scalar(select(func.count()).select_from(Finding).where(Finding.status == "open"))
    engine.dispose()
    assert planted >= len(expected_findings(demo_today)["findings"])
    assert (summary["status"], summary["crawl_status"], summary["units"]) == ("ok", "complete", 3)
    assert (summary["findings_new"], summary["findings_fixed"], summary["findings_open"]) == (planted, 0, planted)
    assert summary["pages"] > 100 and summary["pages_failed"] >= 1  # the planted 503 / 404s
    assert (summary["errors"], summary["units_incomplete"]) == ([], [])
    assert summary["report"] == str(out / "index.html")
    assert summary["duration_seconds"] > 0
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("zwgk run ")]
    assert lines == [f"zwgk run ok: crawl {summary['crawl_id']}, 3 个单位, {summary['pages']} 页 "
                     f"(失败 {summary['pages_failed']}), 新发现 {planted}, 已整改 0, 未完成单位 0, "
                     f"错误 0, 用时 {summary['duration_seconds']:.0f} 秒"]


def test_a_failed_run_still_writes_its_summary(monkeypatch, demo_config, sqlite_url, tmp_path):
    def crash(*args, **kwargs):
        raise RuntimeError("抓取进程崩溃")

    monkeypatch.setattr(cli, "do_crawl", crash)
    result = CliRunner().invoke(main, ["run", "--config", str(demo_config), "--db", sqlite_url,
                                       "--out", str(tmp_path / "report")])
    assert result.exit_code == 1
    summary = json.loads((tmp_path / "report" / "run-summary.json").read_text(encoding="utf-8"))
    assert (summary["status"], summary["crawl_id"], summary["errors"]) == \
           ("failed", None, ["RuntimeError: 抓取进程崩溃"])


# --------------------------------------------------------------------------- zwgk schedule

def _schedule(tmp_path: Path, *extra: str, env: dict | None = None):
    config = tmp_path / "units.yaml"
    config.write_text("units: []\n", encoding="utf-8")
    return CliRunner(env=env).invoke(main, ["schedule", "--config", "units.yaml", "--out", "report", *extra])


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ZWGK_DB", raising=False)
    return tmp_path


def zwgk() -> str:
    script = Path(sys.executable).with_name("zwgk")
    return str(script) if script.exists() else f"{sys.executable} -m crawler.cli"


def test_schedule_prints_a_nightly_run_and_a_probe_every_30_minutes(in_tmp):
    result = _schedule(in_tmp, "--db", "sqlite:///audit.db")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "# zwgk-audit" in line]
    assert lines == [
        f"0 2 * * * cd {in_tmp} && {zwgk()} run --config {in_tmp}/units.yaml --out {in_tmp}/report "
        f"--db sqlite:///audit.db >> {in_tmp}/zwgk-run.log 2>&1 # zwgk-audit run",
        f"*/30 * * * * cd {in_tmp} && {zwgk()} probe --config {in_tmp}/units.yaml --db sqlite:///audit.db "
        f">> {in_tmp}/zwgk-probe.log 2>&1 # zwgk-audit probe",
    ]


def test_schedule_takes_the_time_the_interval_and_the_database_of_the_environment(in_tmp):
    url = "postgresql+psycopg://zwgk@db.example.gov.cn/zwgk?options=-csearch_path%3Daudit"
    result = _schedule(in_tmp, "--at", "23:45", "--probe-every", "60", "--workers", "2",
                       env={"ZWGK_DB": url})
    lines = [line for line in result.output.splitlines() if "# zwgk-audit" in line]
    assert lines[0].startswith(f"45 23 * * * cd {in_tmp} && ")
    assert "--workers 2" in lines[0]
    assert lines[1].startswith("*/60 * * * * ")
    # cron would cut the line at a bare %: it is escaped, and the URL is quoted for the shell
    assert "'postgresql+psycopg://zwgk@db.example.gov.cn/zwgk?options=-csearch_path\\%3Daudit'" in lines[0]


def test_schedule_rejects_a_bad_time_with_exit_2(in_tmp):
    result = _schedule(in_tmp, "--at", "25:00")
    assert result.exit_code == 2
    assert "--at: 时间格式应为 HH:MM: '25:00'" in result.output


def test_schedule_writes_systemd_service_and_timer_pairs(in_tmp):
    result = _schedule(in_tmp, "--systemd", str(in_tmp / "units"))
    assert result.exit_code == 0, result.output
    written = {p.name: p.read_text(encoding="utf-8") for p in (in_tmp / "units").iterdir()}
    assert set(written) == {"zwgk-run.service", "zwgk-run.timer", "zwgk-probe.service", "zwgk-probe.timer"}
    assert "OnCalendar=*-*-* 02:00:00\nPersistent=true" in written["zwgk-run.timer"]
    assert "OnCalendar=*:0/30\n" in written["zwgk-probe.timer"]
    assert f"ExecStart={zwgk()} run --config {in_tmp}/units.yaml --out {in_tmp}/report\n" in written["zwgk-run.service"]
    assert "SuccessExitStatus=3" in written["zwgk-probe.service"]


def test_schedule_install_replaces_only_its_own_crontab_lines(in_tmp, monkeypatch):
    """A stand-in `crontab` on PATH keeps the table in a file: the real one is never touched."""
    table = in_tmp / "crontab.txt"
    table.write_text("MAILTO=gkb@example.gov.cn\n15 3 * * * /usr/local/bin/backup.sh\n", encoding="utf-8")
    fake = in_tmp / "bin" / "crontab"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\nif [ \"$1\" = -l ]; then cat {table}; else cat > {table}; fi\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")
    for at in ("02:00", "04:30"):
        result = _schedule(in_tmp, "--install", "--at", at)
        assert result.exit_code == 0, result.output
    lines = table.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["MAILTO=gkb@example.gov.cn", "15 3 * * * /usr/local/bin/backup.sh"]
    assert [line.split(" cd ")[0] for line in lines[2:]] == ["30 4 * * *", "*/30 * * * *"]
