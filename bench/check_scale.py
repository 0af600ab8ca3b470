"""Benchmark 3: `zwgk check` over a database of ≥ 1,000,000 stored list items.

Builds (with bulk inserts, in a temporary directory unless --db is given) one crawl of U units,
each with C columns of I list entries, the column and list pages, and article pages for the
newest entries of every column, shaped like what the spider stores; then times
`zwgk check --db … --as-of …` as a child process.

    .venv/bin/python -m bench.check_scale [--units 200] [--columns 50] [--items 100] [--db URL]

Last line: `check_seconds=X`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select

from storage import models as m
from storage.db import init_db, make_engine, session_scope

ROOT = Path(__file__).resolve().parent.parent
CRAWL_DAY = dt.datetime(2026, 11, 24, 1, 0)
COLUMN_NAMES = ["工作动态", "通知公告", "政策文件", "政策解读", "统计信息", "规划计划", "人事信息",
                "财政预决算", "政府采购", "行政许可"]
ARTICLES_PER_COLUMN = 20
LIST_PAGE_SIZE = 20
BATCH = 20_000


def _security(title: str) -> dict:
    """`data["security"]` of a clean page (spiders.extract.page_security)."""
    return {"title": title, "hidden_links": [], "spam_hits": [], "offsite_links": [],
            "exit_notice_script": False, "exit_notice_phrase": None, "script_urls": []}


def _home_data(u: int) -> dict:
    day = (CRAWL_DAY - dt.timedelta(days=1 + u % 20)).date().isoformat()
    return {"meta": {"SiteName": f"测试市第{u}局", "SiteDomain": f"u{u}.example.gov.cn",
                     "SiteIDCode": f"42070{u:05d}"},
            "home_items": [{"title": f"测试市第{u}局召开政务公开工作推进会", "date": day,
                            "url": f"http://u{u}.example.gov.cn/xxgk/c0/t{u}.html"}],
            "annual_form_links": [], "security": _security(f"测试市第{u}局"),
            "footer": {"site_id_code": f"42070{u:05d}", "icp": "鄂ICP备05008731号-1",
                       "psb": "鄂公网安备 42070202000101号" if u % 3 else None,
                       "sponsor": f"测试市第{u}局办公室", "contact": "电话：0711-3876543",
                       "conac": u % 4 != 0, "jiucuo_sitecode": f"42070{u:05d}", "found_in": "html"},
            "footer_scripts": []}


def _article_data(title: str, day: dt.date, url: str) -> dict:
    return {"meta": {"ArticleTitle": title, "PubDate": f"{day} 09:30", "ContentSource": "测试市人民政府"},
            "article": {"title": title, "visible_date": day.isoformat(), "visible_date_text": f"发布日期：{day}",
                        "source": "测试市人民政府", "metadata": {"发布日期": day.isoformat(), "索引号": "011187432"},
                        "url_date": day.isoformat(), "attachments": [],
                        "body_text": "为深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署。" * 8,
                        "links": [[url.rsplit("/", 2)[0] + "/", "返回栏目"]]},
            "security": _security(title)}


def build(db_url: str, units: int, columns: int, items: int) -> int:
    """Fill `db_url` with one crawl; returns its id."""
    engine = make_engine(db_url)
    init_db(engine)
    with session_scope(engine) as s:
        crawl = m.Crawl(started_at=CRAWL_DAY, finished_at=CRAWL_DAY + dt.timedelta(hours=2),
                        status="complete", tool_version="bench")
        s.add(crawl)
        s.flush()
        crawl_id = crawl.id
        s.execute(insert(m.Unit), [{"name": f"测试市第{u}局", "kind": "department",
                                    "home": f"http://u{u}.example.gov.cn/"} for u in range(units)])
        unit_ids = dict(s.execute(select(m.Unit.home, m.Unit.id)).all())
    pages, cols, entries, crawl_units = [], [], [], []
    with engine.begin() as conn:
        def flush(force: bool = False) -> None:
            for table, rows in ((m.Page, pages), (m.Column, cols), (m.Item, entries)):
                if rows and (force or len(rows) >= BATCH):
                    conn.execute(insert(table), rows)
                    rows.clear()

        for u in range(units):
            home = f"http://u{u}.example.gov.cn/"
            uid = unit_ids[home]
            root = home + "xxgk/"
            crawl_units.append({"crawl_id": crawl_id, "unit_id": uid, "status": "complete",
                                "disclosure_url": root, "started_at": CRAWL_DAY,
                                "finished_at": CRAWL_DAY + dt.timedelta(minutes=30)})
            ids = {"crawl_id": crawl_id, "unit_id": uid, "outcome": "ok", "http_status": 200,
                   "fetched_at": CRAWL_DAY, "encoding": "utf-8", "title": None, "column_url": None}
            pages.append({**ids, "url": home, "role": "home", "title": f"测试市第{u}局", "data": _home_data(u)})
            pages.append({**ids, "url": root, "role": "disclosure", "title": "政府信息公开",
                          "data": {"meta": {"ColumnName": "政府信息公开"},
                                   "security": _security("政府信息公开")}})
            for c in range(columns):
                name = COLUMN_NAMES[c % len(COLUMN_NAMES)] + (str(c // len(COLUMN_NAMES)) if c >= len(COLUMN_NAMES) else "")
                col = f"{root}c{c}/"
                cols.append({"crawl_id": crawl_id, "unit_id": uid, "name": name, "url": col,
                             "parent_url": root, "type": "other", "settings": {}})
                pages.append({**ids, "url": col, "role": "column", "title": name, "column_url": col,
                              "data": {"meta": {"ColumnName": name, "ColumnType": "栏目"},
                                       "list": {"item_count": LIST_PAGE_SIZE, "placeholder": None},
                                       "security": _security(name)}})
                for p in range(1, -(-items // LIST_PAGE_SIZE)):
                    pages.append({**ids, "url": f"{col}index_{p}.html", "role": "list", "column_url": col,
                                  "data": {"list": {"item_count": LIST_PAGE_SIZE},
                                           "security": _security(name)}})
                for i in range(items):
                    day = (CRAWL_DAY - dt.timedelta(days=1 + (u + c + i * 3) % 900)).date()
                    url = f"{col}{day:%Y%m}/t{day:%Y%m%d}_{u:03d}{c:03d}{i:04d}.html"
                    title = f"{name}第{i + 1}条信息：关于做好{day.year}年政务公开工作的通知"
                    entries.append({"crawl_id": crawl_id, "unit_id": uid, "column_url": col, "title": title,
                                    "url": url, "date": day, "date_text": day.isoformat()})
                    if i < ARTICLES_PER_COLUMN:
                        pages.append({**ids, "url": url, "role": "article", "title": title, "column_url": col,
                                      "data": _article_data(title, day, url)})
                flush()
        flush(force=True)
        conn.execute(insert(m.CrawlUnit), crawl_units)
    with session_scope(engine) as s:
        counts = {t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in (m.Item, m.Page)}
    engine.dispose()
    print(f"database: {units} units, {counts['items']} items, {counts['pages']} pages")
    return crawl_id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.check_scale", description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--columns", type=int, default=50)
    parser.add_argument("--items", type=int, default=100, help="list entries per column")
    parser.add_argument("--db", help="database URL to fill (default: SQLite in a temporary directory)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="zwgk-check-") as tmp:
        db = args.db or f"sqlite:///{Path(tmp) / 'check.db'}"
        started = time.monotonic()
        build(db, args.units, args.columns, args.items)
        print(f"built in {time.monotonic() - started:.1f} s")
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-m", "crawler.cli", "check", "--db", db,
                                 "--as-of", CRAWL_DAY.date().isoformat()],
                                cwd=ROOT, capture_output=True, text=True, env=os.environ)
        seconds = time.monotonic() - started
        if result.returncode != 0:
            print(result.stderr[-3000:], file=sys.stderr)
            return 1
        findings = sum(1 for line in result.stderr.splitlines() if "新发现" in line)
        print(f"zwgk check: {findings} units checked in {seconds:.1f} s")
    print(f"check_seconds={seconds:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
