"""Benchmark 1 and 2: crawl throughput and peak memory of `zwgk crawl` on a generated portal.

In one run, against the same generated TRS-style portal (bench/site_generator.py, ≥ 20,000
pages, served from memory by a separate asyncio process):
- a bare Scrapy CrawlSpider (bench/bare_spider.py) that follows the same links and stores
  nothing: pages/s;
- `zwgk crawl` with every extractor and storage on (SQLite in a temporary directory), with one
  crawl process and with `--workers N` (default 2: this machine's cores): pages/s (HTML pages
  stored per second of the command's wall time, start-up included) and the peak RSS of its
  processes (the largest single process from wait4, and the sampled total of the process
  tree: the CLI and every worker);
- the server's CPU seconds per request, to show it is not the bottleneck.

    .venv/bin/python -m bench.throughput [--pages 20000] [--concurrency 16]

Last lines: `peak_rss_mb=M` and `ratio=X` (`zwgk crawl --workers N` pages/s ÷ bare pages/s).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from bench.site_generator import generate, html_page_count, listening_socket, serve

ROOT = Path(__file__).resolve().parent.parent


def _tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and its descendants (from /proc)."""
    total, todo = 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * page
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def run_measured(cmd: list[str], env: dict | None = None) -> tuple[float, int, int, str]:
    """(wall seconds, peak RSS of one process, peak sampled RSS of the tree, stdout) of `cmd`."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT,
                            env={**os.environ, **(env or {})})
    peak_tree = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.wait(0.2):
            peak_tree = max(peak_tree, _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with {proc.returncode}")
    return seconds, usage.ru_maxrss * 1024, peak_tree, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.throughput", description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent requests to the portal")
    parser.add_argument("--workers", type=int, default=2,
                        help="`zwgk crawl --workers` of the measured crawl (also measured: 1)")
    args = parser.parse_args(argv)

    site = generate(args.pages)
    pages = html_page_count(site)
    sock = listening_socket()
    base = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    parent_end, child_end = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve, args=(site, sock, child_end), daemon=True)
    server.start()
    parent_end.recv()
    del site
    print(f"portal: {pages} HTML pages at {base}")

    def server_stats() -> tuple[int, float]:
        parent_end.send("stats")
        return parent_end.recv()

    try:
        with tempfile.TemporaryDirectory(prefix="zwgk-bench-") as tmp:
            req0, cpu0 = server_stats()
            bare_s, _, _, out = run_measured([sys.executable, "-m", "bench.bare_spider", base,
                                              str(args.concurrency)])
            bare = json.loads(out.strip().splitlines()[-1])
            req1, cpu1 = server_stats()
            bare_rate = bare["pages"] / bare_s
            print(f"bare CrawlSpider: {bare['pages']} pages in {bare_s:.1f} s = {bare_rate:.0f} pages/s")
            _server_line("bare", req1 - req0, cpu1 - cpu0, bare_s)

            config = Path(tmp) / "units.yaml"
            config.write_text(yaml.safe_dump({
                "crawl": {"delay": 0, "concurrency_per_host": args.concurrency, "max_pages": 10 ** 7},
                "units": [{"name": "江城市人民政府", "kind": "government", "home": base}],
            }, allow_unicode=True), encoding="utf-8")
            results = {}
            for workers in sorted({1, args.workers}):
                db = Path(tmp) / f"bench-{workers}.db"
                req0, cpu0 = server_stats()
                seconds, peak_one, peak_tree, _ = run_measured(
                    [sys.executable, "-m", "crawler.cli", "crawl", "--config", str(config),
                     "--db", f"sqlite:///{db}", "--workers", str(workers)])
                req1, cpu1 = server_stats()
                with sqlite3.connect(db) as conn:
                    stored = conn.execute("SELECT count(*) FROM pages WHERE outcome = 'ok'").fetchone()[0]
                    items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
                rate = stored / seconds
                results[workers] = (rate, peak_tree)
                print(f"zwgk crawl --workers {workers}: {stored} pages ({items} list entries) stored "
                      f"in {seconds:.1f} s = {rate:.0f} pages/s, ratio {rate / bare_rate:.2f}")
                print(f"  peak RSS: {peak_one / 2**20:.0f} MB (largest process), "
                      f"{peak_tree / 2**20:.0f} MB (all its processes, sampled)")
                _server_line(f"zwgk --workers {workers}", req1 - req0, cpu1 - cpu0, seconds)
    finally:
        server.terminate()
        server.join()
    rate, peak = results[args.workers]
    print(f"peak_rss_mb={peak / 2**20:.0f}")
    print(f"ratio={rate / bare_rate:.2f}")
    return 0


def _server_line(name: str, requests: int, cpu: float, seconds: float) -> None:
    print(f"  server during {name}: {requests} requests, {cpu:.1f} CPU s "
          f"({cpu / max(requests, 1) * 1e6:.0f} µs/request, {cpu / seconds:.0%} of a core; "
          f"capacity ≈ {requests / max(cpu, 1e-9):.0f} requests/s)")


if __name__ == "__main__":
    sys.exit(main())
