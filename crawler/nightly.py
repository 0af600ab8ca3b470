"""Unattended runs: the lock that keeps two runs apart, the run summary, and the schedule
(`zwgk schedule`: a crontab, or a systemd service + timer pair) of `zwgk run` and `zwgk probe`.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import shlex
import shutil
import subprocess
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

log = logging.getLogger("zwgk")

#: Exit code of a run that found another one of its kind still running.
EXIT_LOCKED = 3
CRON_TAG = "# zwgk-audit"


class AlreadyRunning(Exception):
    """Another `zwgk run` (or `zwgk probe`) holds the lock of this database."""


@contextmanager
def exclusive(db_url: str, name: str) -> Iterator[None]:
    """Hold the `name` lock of the database at `db_url` for the duration, or raise AlreadyRunning.

    PostgreSQL: a session advisory lock (held by a connection of its own, so it is released if
    this process dies); SQLite: an fcntl lock on `<db file>.<name>-lock` beside the database.
    """
    url = make_url(db_url)
    if url.get_backend_name() == "postgresql":
        from storage.db import make_engine, unusable

        engine = make_engine(db_url)
        key = zlib.crc32(f"zwgk-{name}".encode())
        try:
            try:  # autocommit: the lock outlives transactions; none stays open for hours
                conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            except DBAPIError as exc:
                raise unusable(engine, exc) from None
            with conn:
                if not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
                    raise AlreadyRunning(f"PostgreSQL advisory lock zwgk-{name}")
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
        finally:
            engine.dispose()
        return
    database = url.database if url.get_backend_name() == "sqlite" else None
    base = Path(database) if database and database != ":memory:" else Path.cwd() / "zwgk"
    path = base.with_name(f"{base.name}.{name}-lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyRunning(str(path)) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()} {datetime.now().isoformat(timespec='seconds')}\n")
        fh.flush()
        yield


# --------------------------------------------------------------------------- run summary

@dataclass
class RunSummary:
    """What one `zwgk run` did, written as JSON at its end (also when it failed)."""

    started_at: str
    finished_at: str | None = None
    duration_seconds: float | None = None
    status: str = "running"  # ok | failed
    crawl_id: int | None = None
    crawl_status: str | None = None
    units: int = 0
    units_incomplete: list[str] = field(default_factory=list)
    pages: int = 0
    pages_failed: int = 0
    findings_new: int = 0
    findings_fixed: int = 0
    findings_open: int = 0
    errors: list[str] = field(default_factory=list)
    report: str | None = None

    def line(self) -> str:
        """The one log line of the run."""
        return (f"zwgk run {self.status}: crawl {self.crawl_id}, {self.units} 个单位, "
                f"{self.pages} 页 (失败 {self.pages_failed}), 新发现 {self.findings_new}, "
                f"已整改 {self.findings_fixed}, 未完成单位 {len(self.units_incomplete)}, "
                f"错误 {len(self.errors)}, 用时 {self.duration_seconds:.0f} 秒")

    def write(self, out_dir: Path) -> Path:
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / "run-summary.json"
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        return path


def crawl_counts(db_url: str, crawl_id: int) -> dict:
    """Units, pages and failed pages of a crawl, and the units that did not complete."""
    from sqlalchemy import func, select

    from storage import models as m
    from storage.db import make_engine, session_scope

    engine = make_engine(db_url)
    try:
        with session_scope(engine) as s:
            crawl = s.get(m.Crawl, crawl_id)
            # the soft-404 probes ask for a page that must not exist: not a failure
            by_outcome = dict(s.execute(select(m.Page.outcome, func.count())
                                        .where(m.Page.crawl_id == crawl_id, m.Page.role != "probe")
                                        .group_by(m.Page.outcome)).all())
            units = s.execute(select(m.Unit.name, m.CrawlUnit.status).join(m.CrawlUnit.unit)
                              .where(m.CrawlUnit.crawl_id == crawl_id)).all()
            return {"crawl_status": crawl.status if crawl else None, "units": len(units),
                    "units_incomplete": sorted(n for n, st in units if st != "complete"),
                    "pages": by_outcome.pop("ok", 0), "pages_failed": sum(by_outcome.values())}
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- schedule

def zwgk_command() -> list[str]:
    """How cron or systemd should start this installation's `zwgk`."""
    script = Path(sys.executable).with_name("zwgk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "crawler.cli"]


@dataclass(frozen=True)
class Schedule:
    workdir: Path
    run_args: list[str]    # `zwgk run …` arguments
    probe_args: list[str]  # `zwgk probe …` arguments
    run_at: str            # HH:MM
    probe_every: int       # minutes
    log_dir: Path

    def _command(self, args: list[str], log_name: str) -> str:
        """A shell command line for cron (where `%` would start standard input: escaped)."""
        line = " ".join(shlex.quote(a) for a in zwgk_command() + args) + \
            f" >> {shlex.quote(str(self.log_dir / log_name))} 2>&1"
        return line.replace("%", "\\%")

    def cron_lines(self) -> list[str]:
        hour, minute = self.run_at.split(":")
        cd = f"cd {shlex.quote(str(self.workdir))} && ".replace("%", "\\%")
        return [
            f"{int(minute)} {int(hour)} * * * {cd}{self._command(self.run_args, 'zwgk-run.log')} {CRON_TAG} run",
            f"*/{self.probe_every} * * * * {cd}{self._command(self.probe_args, 'zwgk-probe.log')} {CRON_TAG} probe",
        ]

    def systemd_units(self) -> dict[str, str]:
        """{file name: content} of the user units (~/.config/systemd/user/)."""
        units = {}
        for name, args, calendar, what in (
                ("zwgk-run", self.run_args, f"*-*-* {self.run_at}:00", "每晚抓取、检查并生成报告"),
                ("zwgk-probe", self.probe_args, f"*:0/{self.probe_every}", "首页可用性探测")):
            # `%` starts a systemd specifier: doubled
            command = " ".join(shlex.quote(a) for a in zwgk_command() + args).replace("%", "%%")
            units[f"{name}.service"] = (
                f"[Unit]\nDescription=zwgk-audit: {what}\n\n[Service]\nType=oneshot\n"
                f"WorkingDirectory={self.workdir}\nExecStart={command}\n"
                # exit 3: the previous run still holds the lock; not a failure of this one
                "SuccessExitStatus=3\n")
            units[f"{name}.timer"] = (
                f"[Unit]\nDescription=zwgk-audit: {what} (定时)\n\n[Timer]\nOnCalendar={calendar}\n"
                f"Persistent=true\n\n[Install]\nWantedBy=timers.target\n")
        return units


def install_crontab(lines: list[str]) -> str:
    """Replace the zwgk-audit lines of the user's crontab with `lines`; returns the new crontab."""
    crontab = shutil.which("crontab")
    if crontab is None:
        raise FileNotFoundError("crontab")
    current = subprocess.run([crontab, "-l"], capture_output=True, text=True)
    kept = [line for line in (current.stdout.splitlines() if current.returncode == 0 else [])
            if CRON_TAG not in line]
    new = "\n".join(kept + lines) + "\n"
    subprocess.run([crontab, "-"], input=new, text=True, check=True)
    return new
