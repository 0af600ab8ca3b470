"""Running `zwgk` for real against the fault portal, and reading back what it stored.

`zwgk(...)` runs the CLI in a process of its own, bounded by a wall-clock timeout (a hang
fails the test; the process group is killed), and reports the peak RSS of its children (the
crawl processes) from `getrusage(RUSAGE_CHILDREN)` taken inside that process, so nothing else
the test session ran counts. `stored(db, base)` reads one crawl's rows as sets and maps keyed
by their natural keys, with the portal's base URL cut off, so crawls of two servers compare.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import select

from storage import models as m
from storage.db import make_engine, session_scope

ROOT = Path(__file__).resolve().parents[2]

#: `zwgk` with its arguments, reporting the children's peak RSS (KiB) on its last stderr line.
_WRAPPER = """
import atexit, resource, sys
from crawler.cli import main
atexit.register(lambda: sys.stderr.write(
    "\\nZWGK_CHILDREN_MAXRSS_KB=%d\\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.argv[0] = "zwgk"
main()
"""


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str
    children_maxrss_kb: int


def zwgk(*args: str, timeout: float, env: dict[str, str] | None = None) -> Result:
    """Run `zwgk ARGS` to completion within `timeout` seconds (TimeoutError otherwise)."""
    proc = subprocess.Popen([sys.executable, "-c", _WRAPPER, *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})})
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise TimeoutError(f"zwgk {' '.join(args)} did not finish within {timeout} s") from None
    rss = 0
    if "ZWGK_CHILDREN_MAXRSS_KB=" in err:
        err, _, tail = err.rpartition("ZWGK_CHILDREN_MAXRSS_KB=")
        rss = int(tail.strip())
    return Result(proc.returncode, out, err, rss)


def write_units(config: dict, path: Path) -> Path:
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@dataclass(frozen=True)
class Stored:
    """One database's crawl rows, URLs relative to the portal (natural key → data)."""

    crawl_status: str
    unit_status: dict[str, str]
    pages: dict[tuple[str, str], dict]           # (unit, url) → role, outcome, title, column, data
    items: dict[tuple[str, str, str], tuple]     # (unit, column_url, url) → title, date
    columns: dict[tuple[str, str], tuple]        # (unit, url) → name, parent_url, type
    links: dict[tuple[str, str], tuple]          # (unit, target) → outcome, attempt outcomes
    problems: set[tuple[str, str, str]]          # (unit, url, kind)
    findings: dict[tuple[str, str, str], dict]   # (unit, rule, locator) → url, message, status, evidence

    def page(self, unit: str, url: str) -> dict | None:
        return self.pages.get((unit, url))


def stored(db_url: str, base: str, skip: tuple[str, ...] = ("/zwgk-probe-", "#site")) -> Stored:
    """The latest crawl of `db_url`, with `base` cut off every URL; URLs containing one of
    `skip` (the soft-404 probes, random per crawl; the transport facts, stamped with the time
    of their probe) are left out."""
    cut = base.rstrip("/")

    def rel(value):
        return json.loads(json.dumps(value, ensure_ascii=False, default=str).replace(cut, ""))

    def keep(url: str) -> bool:
        return not any(s in url for s in skip)

    engine = make_engine(db_url)
    with session_scope(engine) as s:
        crawl = s.scalars(select(m.Crawl).order_by(m.Crawl.id.desc()).limit(1)).one()
        names = dict(s.execute(select(m.Unit.id, m.Unit.name)).all())
        where = dict(crawl_id=crawl.id)
        units = {names[u]: st for u, st in s.execute(
            select(m.CrawlUnit.unit_id, m.CrawlUnit.status).filter_by(**where))}
        pages = {(names[p.unit_id], rel(p.url)): rel({"role": p.role, "outcome": p.outcome,
                                                      "title": p.title, "column_url": p.column_url,
                                                      "error": p.error, "data": p.data})
                 for p in s.scalars(select(m.Page).filter_by(**where)) if keep(p.url)}
        items = {(names[i.unit_id], rel(i.column_url), rel(i.url)): (i.title, i.date)
                 for i in s.scalars(select(m.Item).filter_by(**where))}
        columns = {(names[c.unit_id], rel(c.url)): (c.name, rel(c.parent_url), c.type)
                   for c in s.scalars(select(m.Column).filter_by(**where))}
        links = {(names[k.unit_id], rel(k.target)): (k.outcome, tuple(a["outcome"] for a in k.attempts))
                 for k in s.scalars(select(m.Link).filter_by(**where)) if keep(k.target)}
        problems = {(names[p.unit_id], rel(p.url), p.kind)
                    for p in s.scalars(select(m.CrawlProblem).filter_by(**where)) if keep(p.url)}
        findings = {(f.unit.name, f.rule, rel(f.locator)): rel({"url": f.url, "message": f.message,
                                                                "status": f.status,
                                                                "evidence": f.evidence})
                    for f in s.scalars(select(m.Finding))}
        result = Stored(crawl.status, units, pages, items, columns, links, problems, findings)
    engine.dispose()
    return result
