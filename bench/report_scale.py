"""How long the report takes at the scale of a city: 100 units, 20,000 findings, 12 crawls.

    .venv/bin/python bench/report_scale.py [--units 100] [--findings 20000] [--keep DIR]

Builds a SQLite database shaped like a real history (findings first seen over the last crawls,
some fixed, some not re-checked, some ignored with a decision on record, failed pages and crawl
problems in the latest crawl), then times `build_report` (with a 整改 date), the XLSX problem
lists, the ranking and the bulletin. Prints one line per figure and, last, `report_seconds=X`.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checks.registry import RULES  # noqa: E402
from reports.bulletin import bulletin_data, write_bulletin  # noqa: E402
from reports.exports import export_findings  # noqa: E402
from reports.html_report import build_report  # noqa: E402
from reports.period import Period  # noqa: E402
from reports.ranking import write_ranking  # noqa: E402
from reports.scoring import load_scheme, rankings_for  # noqa: E402
from storage import models as m  # noqa: E402
from storage.db import init_db, make_engine, session_scope  # noqa: E402

CRAWLS = 12
FIRST_DAY = datetime(2024, 3, 4, 1, 0)
COLUMNS = ["工作动态", "通知公告", "政策文件", "政策解读", "人事信息", "规划计划", "统计信息", "财政预决算"]


def build_db(url: str, n_units: int, n_findings: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    engine = make_engine(url)
    init_db(engine)
    rules = [r for r in RULES if r.severity != "info"] + [r for r in RULES if r.severity == "info"][:1]
    crawl_days = [FIRST_DAY + timedelta(days=7 * i) for i in range(CRAWLS)]
    with session_scope(engine) as s:
        s.execute(insert(m.Unit), [
            {"id": u, "name": f"江城市第{u:03d}单位" if u > 10 else f"江城市{u:02d}区人民政府",
             "kind": "government" if u <= 10 else "department",
             "home": f"http://u{u}.jiangcheng.gov.cn/"} for u in range(1, n_units + 1)])
        s.execute(insert(m.Crawl), [
            {"id": c + 1, "started_at": day, "finished_at": day + timedelta(hours=2),
             "status": "complete", "tool_version": "bench"} for c, day in enumerate(crawl_days)])
        s.execute(insert(m.CrawlUnit), [
            {"crawl_id": c + 1, "unit_id": u, "status": "complete", "started_at": day,
             "finished_at": day + timedelta(hours=1), "disclosure_url": f"http://u{u}.jiangcheng.gov.cn/xxgk/"}
            for c, day in enumerate(crawl_days) for u in range(1, n_units + 1)])
        latest = CRAWLS
        s.execute(insert(m.Page), [
            {"crawl_id": latest, "unit_id": u, "url": f"http://u{u}.jiangcheng.gov.cn/xxgk/p{i}/",
             "role": "column", "outcome": "ok" if i % 10 else "timeout", "http_status": 200 if i % 10 else None,
             "fetched_at": crawl_days[-1], "data": {}} for u in range(1, n_units + 1) for i in range(20)])
        s.execute(insert(m.CrawlProblem), [
            {"crawl_id": latest, "unit_id": u, "url": f"http://u{u}.jiangcheng.gov.cn/xxgk/p{i}/",
             "kind": "timeout", "detail": "3 次访问均超时"} for u in range(1, n_units + 1) for i in (0, 10)])
        per_unit = n_findings // n_units
        rows = []
        for u in range(1, n_units + 1):
            for i in range(per_unit):
                rule = rules[rng.randrange(len(rules))]
                first = rng.randrange(1, CRAWLS + 1)
                fixed = first < CRAWLS and rng.random() < 0.15
                fixed_crawl = rng.randrange(first + 1, CRAWLS + 1) if fixed else None
                last = (fixed_crawl - 1) if fixed else CRAWLS
                column = rng.choice(COLUMNS)
                url = f"http://u{u}.jiangcheng.gov.cn/xxgk/{i}/t2024{i:04d}_{u}{i}.html"
                rows.append({
                    "unit_id": u, "rule": rule.id, "severity": rule.severity, "locator": url, "url": url,
                    "column": column, "message": f"栏目“{column}”中《关于第{i}号文件的通知》{rule.title}",
                    "evidence": {"expected": "应符合《政府网站发展指引》要求", "seen": f"页面第 {i} 项不符合",
                                 "page_url": url, "sources": [{"url": f"http://u{u}.jiangcheng.gov.cn/", "text": "首页"}],
                                 "fetched_at": crawl_days[last - 1].isoformat()},
                    "first_seen": crawl_days[first - 1].date(), "last_seen": crawl_days[last - 1].date(),
                    "first_crawl_id": first, "last_crawl_id": last,
                    "status": "fixed" if fixed else "open",
                    "fixed_at": crawl_days[fixed_crawl - 1].date() if fixed else None,
                    "fixed_crawl_id": fixed_crawl, "rechecked": rng.random() > 0.03,
                    "ignored": rng.random() < 0.02})
        s.execute(insert(m.Finding), rows)
        ignored = [fid for fid, in s.execute(m.Finding.__table__.select().with_only_columns(
            m.Finding.id).where(m.Finding.ignored.is_(True)))]
        if ignored:
            s.execute(insert(m.FindingDecision), [
                {"finding_id": fid, "action": "ignore", "kind": "false_positive", "reason": "复核为误报",
                 "decided_by": "bench", "decided_at": crawl_days[-1]} for fid in ignored])
    engine.dispose()


def timed(label: str, fn) -> float:
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    print(f"{label}_seconds={seconds:.2f}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--findings", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, help="write the database and outputs here (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zwgk-bench-") as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        db = out / "bench.db"
        db.unlink(missing_ok=True)
        url = f"sqlite:///{db}"
        timed("build_db", lambda: build_db(url, args.units, args.findings))
        engine = make_engine(url)
        scheme = load_scheme()
        since = (FIRST_DAY + timedelta(days=7 * (CRAWLS - 4))).date()
        with session_scope(engine) as s:
            n = s.query(m.Finding).count()
        print(f"units={args.units} findings={n} crawls={CRAWLS}")

        def report() -> None:
            with session_scope(engine) as s:
                build_report(s, out / "report", since=since, scheme=scheme)

        seconds = timed("build_report", report)
        pages = len(list((out / "report").rglob("*.html")))
        size = sum(p.stat().st_size for p in (out / "report").rglob("*.html")) / 1e6
        print(f"report_pages={pages} report_html_mb={size:.1f}")
        with session_scope(engine) as s:
            timed("export_xlsx_split", lambda: export_findings(s, "xlsx", out / "lists", split=True))
            period = Period(date(2024, 1, 1), date(2024, 6, 30), "2024年上半年", "2024H1")
            timed("ranking_xlsx", lambda: write_ranking(rankings_for(s, scheme, period), scheme, "xlsx",
                                                        out / "ranking.xlsx"))
            timed("bulletin", lambda: write_bulletin(bulletin_data(s, scheme, period), out / "bulletin.docx"))
        engine.dispose()
        print(f"report_seconds={seconds:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
