"""Benchmark: how many requests a nightly re-crawl of an unchanged portal sends.

Writes the generated TRS-style portal of bench/site_generator.py to a directory, serves it with
the demo portal server (ETag / Last-Modified, 304 on a matching conditional GET), crawls it
twice into one database (the second crawl is incremental: it reuses the first), counts the
requests the portal answered for each crawl (robots.txt, the soft-404 probe and 304s included),
checks both crawls, and prints the figures; the last line is `recrawl_fraction=X`.

    .venv/bin/python bench/incremental.py [--pages 1000]
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
from bench.site_generator import SITE_NAME, generate, html_page_count, write_site  # noqa: E402
from crawler.config import units_from_text  # noqa: E402
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
    parser.add_argument("--pages", type=int, default=1000, help="HTML pages of the generated portal")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zwgk-bench-") as tmp:
        site = generate(args.pages)
        write_site(site, Path(tmp) / "portal")
        server = PortalServer(Path(tmp) / "portal").start()
        config = units_from_text(
            "crawl: {delay: 0, concurrency_per_host: 8, link_retry_delay: 0.2}\n"
            f"units:\n  - {{name: {SITE_NAME}, kind: government, home: '{server.base_url}'}}\n")
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
    print(f"portal: {html_page_count(site)} HTML pages, "
          f"{sum(1 for path in site if path.endswith('.pdf'))} PDF attachments")
    print(f"findings identical: {found[0] == found[1]} ({len(found[1])} findings)")
    print(f"recrawl_fraction={counts[1] / counts[0]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
