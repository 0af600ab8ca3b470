"""Benchmark: how many requests a nightly re-crawl of an unchanged portal sends.

Builds a generated TRS-style portal (`crawler.demo.generate`), serves it on 127.0.0.1, crawls it
twice into one database (the second crawl is incremental: it reuses the first), counts the
requests the portal answered for each crawl (robots.txt, soft-404 probe and 304s included),
checks both crawls, and prints the figures; the last line is `recrawl_fraction=X`.

    .venv/bin/python bench/incremental.py [--columns 20] [--per-column 30]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

# The repository instead of bench/ (whose name would shadow the `incremental` package Twisted uses).
sys.path[0] = str(Path(__file__).resolve().parents[1])

from checks.profile import load_profile  # noqa: E402
from checks.runner import run_checks  # noqa: E402
from crawler.config import units_from_text  # noqa: E402
from crawler.demo.generate import UNIT, build_portal  # noqa: E402
from crawler.demo.server import PortalServer  # noqa: E402
from crawler.runner import run_crawl  # noqa: E402
from storage import models as m  # noqa: E402
from storage.db import make_engine, session_scope  # noqa: E402


def findings(db: str, crawl_id: int) -> set[tuple[str, str]]:
    engine = make_engine(db)
    with session_scope(engine) as session:
        crawl = session.get(m.Crawl, crawl_id)
        run_checks(session, crawl_id, crawl.started_at.date(), load_profile())
    with session_scope(engine) as session:
        rows = session.execute(m.Finding.__table__.select().where(
            m.Finding.last_crawl_id == crawl_id, m.Finding.status == "open")).all()
    engine.dispose()
    return {(row.rule, row.url) for row in rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--columns", type=int, default=20)
    parser.add_argument("--per-column", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zwgk-bench-") as tmp:
        portal = build_portal(Path(tmp), args.columns, args.per_column)
        server = PortalServer(portal).start()
        config = units_from_text(
            "crawl: {delay: 0, concurrency_per_host: 8, link_retry_delay: 0.2}\n"
            f"units:\n  - {{name: {UNIT}, kind: department, home: '{server.base_url}'}}\n")
        db = f"sqlite:///{tmp}/bench.db"
        counts, found = [], []
        try:
            for label in ("first", "second"):
                before = len(server.portal.requests)
                started = time.monotonic()
                crawl_id = run_crawl(config, db, load_profile().type_keywords(), "WARNING")
                elapsed = time.monotonic() - started
                asked = server.portal.requests[before:]
                counts.append(len(asked))
                found.append(findings(db, crawl_id))
                kinds = Counter("304" if r.status == 304 else r.method for r in asked)
                print(f"{label} crawl: {len(asked)} requests in {elapsed:.1f} s "
                      f"({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})")
        finally:
            server.stop()
    print(f"portal: {args.columns} columns x {args.per_column} articles (every other one with a PDF)")
    print(f"findings identical: {found[0] == found[1]} ({len(found[1])} findings)")
    print(f"recrawl_fraction={counts[1] / counts[0]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
