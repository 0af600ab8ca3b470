"""Findings over time. First with the real pipeline: three crawls of a copy of the demo portals.

Crawl 1 finds the planted problems. Before crawl 2 two of them are fixed on the portal (the
公网安备 number added to 江城市人民政府's footer.js, the link to the deleted attachment removed
from its article, which crawl 2 re-reads: page_recheck_days 1): crawl 2 shows them fixed and
the rest still open. Before crawl 3 the
江城市统计局 portal goes down: its findings stay open, marked not re-checked, never fixed.
"""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from sqlalchemy import select

from checks.framework import NotChecked
from checks.profile import load_profile
from checks.runner import CheckRun, _rechecked, run_checks
from crawler.config import load_units
from crawler.demo.server import DEMO_ROOT, PortalServer, demo_units, expected_findings
from crawler.runner import run_crawl
from reports.exports import export_findings
from reports.html_report import build_report
from storage import models as m
from storage.db import make_engine, session_scope
from storage.findings import change_since_crawl, change_since_date, open_after_crawl
from tests import snapshots as snap

GOV, JTJ, STJ = "江城市人民政府", "江城市交通运输局", "江城市统计局"
ATTACHMENT_LINK = re.compile(r'<div class="fj">.*?</div>\n', re.S)
PSB_LINE = ("document.write('<p><a href=\"http://www.beian.gov.cn/portal/registerSystemInfo?"
            "recordcode=42040202000123\" target=\"_blank\">鄂公网安备 42040202000123号</a></p>');\n")


@dataclass(frozen=True)
class State:
    path: str  # the URL path of the finding, as expected_findings.yaml names it
    status: str
    rechecked: bool
    first_crawl_id: int
    fixed_crawl_id: int | None
    fixed_at: date | None


@dataclass
class Lifecycle:
    db_url: str
    today: date
    crawls: list[int]
    runs: list[CheckRun]
    states: list[dict[tuple[str, str, str], State]]  # after each crawl: (unit, rule, locator) → state
    reports: list[Path]
    jsonl_after_second: list[dict]


def _states(db_url: str) -> dict[tuple[str, str, str], State]:
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        rows = s.execute(select(m.Unit.name, m.Finding).join(m.Unit, m.Unit.id == m.Finding.unit_id)).all()
        out = {(unit, f.rule, f.locator): State(urlsplit(f.url).path, f.status, f.rechecked,
                                                f.first_crawl_id, f.fixed_crawl_id, f.fixed_at)
               for unit, f in rows}
    engine.dispose()
    return out


def _fix_two_planted_problems(portal: Path) -> None:
    footer = portal / "js" / "footer.js"
    text = footer.read_text(encoding="utf-8")
    icp_line = next(line for line in text.splitlines(keepends=True) if "鄂ICP备" in line)
    footer.write_text(text.replace(icp_line, icp_line + PSB_LINE), encoding="utf-8")
    article = next((portal / "zwgk" / "zcwj" / "gfxwj").glob("*/t*_1025873.html"))
    html = article.read_text(encoding="utf-8")
    assert ATTACHMENT_LINK.search(html)
    article.write_text(ATTACHMENT_LINK.sub("", html), encoding="utf-8")


@pytest.fixture(scope="module")
def lifecycle(tmp_path_factory, demo_today) -> Lifecycle:
    tmp = tmp_path_factory.mktemp("lifecycle")
    root = tmp / "portals"
    shutil.copytree(DEMO_ROOT, root)
    servers = {d.name: PortalServer(d, demo_today).start()
               for d in sorted(p for p in root.iterdir() if p.is_dir())}
    try:
        units = demo_units({name: s.base_url for name, s in servers.items()})
        # Incremental crawls re-fetch an article whose list entry did not change only on its
        # night of the page_recheck_days rotation: every night here, so crawl 2 reads the edit.
        units["crawl"].update(link_retry_delay=0.2, page_recheck_days=1)
        config = tmp / "units.yaml"
        config.write_text(yaml.safe_dump(units, allow_unicode=True), encoding="utf-8")
        db_url = f"sqlite:///{tmp / 'zwgk.db'}"
        profile = load_profile()
        result = Lifecycle(db_url, demo_today, [], [], [], [], [])

        def crawl_check_report() -> None:
            crawl_id = run_crawl(load_units(config), db_url, profile.type_keywords())
            engine = make_engine(db_url)
            with session_scope(engine) as s:
                result.runs.append(run_checks(s, crawl_id, demo_today, profile))
            with session_scope(engine) as s:
                out = tmp / f"report{len(result.crawls) + 1}"
                result.reports.append(build_report(s, out, since=demo_today).parent)
            engine.dispose()
            result.crawls.append(crawl_id)
            result.states.append(_states(db_url))

        crawl_check_report()
        _fix_two_planted_problems(root / "jiangcheng_gov")
        servers["jiangcheng_gov"].reload()
        crawl_check_report()
        engine = make_engine(db_url)
        with session_scope(engine) as s:
            export_findings(s, "jsonl", tmp / "after2.jsonl")
        engine.dispose()
        result.jsonl_after_second = [json.loads(line) for line in
                                     (tmp / "after2.jsonl").read_text(encoding="utf-8").splitlines()]
        servers["jiangcheng_stj"].stop()  # the portal is down for crawl 3
        crawl_check_report()
        return result
    finally:
        for server in servers.values():
            server.stop()


def _paths(states: dict) -> set[tuple[str, str, str]]:
    """The (unit, rule, URL path) of the findings in `states`."""
    return {(unit, rule, state.path) for (unit, rule, _), state in states.items()}


def _expected(today: date) -> set[tuple[str, str, str]]:
    return {(e["unit"], e["rule"], e["url"]) for e in expected_findings(today)["findings"]}


def _fixed_paths(today: date) -> set[tuple[str, str, str]]:
    """The two problems repaired before crawl 2: the missing 公网安备 and the dead attachment."""
    dead = next(k for k in _expected(today) if k[0] == GOV and k[1] == "link.dead")
    return {(GOV, "footer.psb", "/"), dead}


def test_first_crawl_opens_the_planted_problems(lifecycle):
    first = lifecycle.states[0]
    assert _expected(lifecycle.today) <= _paths(first)
    assert {s.status for s in first.values()} == {"open"}
    assert all(s.rechecked and s.first_crawl_id == lifecycle.crawls[0] for s in first.values())


def test_second_crawl_shows_the_two_repaired_problems_fixed(lifecycle):
    fixed = {k: s for k, s in lifecycle.states[1].items() if s.status == "fixed"}
    assert _paths(fixed) == _fixed_paths(lifecycle.today) and len(fixed) == 2
    for state in fixed.values():
        assert (state.fixed_crawl_id, state.fixed_at) == (lifecycle.crawls[1], lifecycle.today)


def test_second_crawl_keeps_the_rest_still_open_and_rechecked(lifecycle):
    first, second = lifecycle.states[0], lifecycle.states[1]
    rest = {k: s for k, s in second.items() if s.status != "fixed"}
    assert set(rest) == set(first) - {k for k, s in second.items() if s.status == "fixed"}
    assert all(s.status == "open" and s.rechecked and s.first_crawl_id == lifecycle.crawls[0]
               for s in rest.values())
    gov_open = sum(1 for k in rest if k[0] == GOV)
    run = lifecycle.runs[1].units
    assert (run[GOV].new, run[GOV].still_open, run[GOV].fixed, run[GOV].not_rechecked) == (
        0, gov_open, 2, 0)


def test_export_after_the_second_crawl_marks_fixed_and_open(lifecycle):
    exported = {(r["unit"], r["rule"], urlsplit(r["url"]).path, r["status"])
                for r in lifecycle.jsonl_after_second}
    assert {k[:3] for k in exported if k[3] == "fixed"} == _fixed_paths(lifecycle.today)
    assert {k[:3] for k in exported if k[3] == "open"} == \
        _paths({k: s for k, s in lifecycle.states[1].items() if s.status == "open"})
    assert len(lifecycle.jsonl_after_second) == len(lifecycle.states[1])


def _stj_before_the_outage(lifecycle) -> set[tuple[str, str, str]]:
    return {k for k in lifecycle.states[1] if k[0] == STJ}


def test_a_portal_down_leaves_its_findings_open_and_not_rechecked(lifecycle):
    before = _stj_before_the_outage(lifecycle)
    third = lifecycle.states[2]
    assert {k for k in _expected(lifecycle.today) if k[0] == STJ} <= _paths({k: third[k] for k in before})
    assert all(third[k].status == "open" and not third[k].rechecked and third[k].fixed_at is None
               for k in before)
    run = lifecycle.runs[2].units[STJ]
    assert (run.still_open, run.fixed, run.not_rechecked) == (0, 0, len(before))


def test_a_portal_down_only_adds_the_unreachable_finding(lifecycle):
    new = {k for k in lifecycle.states[2] if k[0] == STJ} - _stj_before_the_outage(lifecycle)
    assert {rule for _, rule, _ in new} <= {"site.unreachable"}


def test_the_reachable_portals_are_unchanged_by_the_third_crawl(lifecycle):
    second, third = lifecycle.states[1], lifecycle.states[2]
    for key, state in third.items():
        if key[0] != STJ:
            assert (state.status, state.rechecked, state.fixed_crawl_id) == (
                second[key].status, True, second[key].fixed_crawl_id), key


def test_report_after_the_second_crawl_counts_the_fixes_of_that_crawl(lifecycle):
    page = (lifecycle.reports[1] / "index.html").read_text(encoding="utf-8")
    progress = re.search(r"<h2>整改进展</h2>.*?</section>", page, re.S).group(0)
    first_row = re.findall(r'<span class="change-num">(\d+)</span><span class="change-lbl">(.*?)</span>',
                           progress)[:4]
    total = len(lifecycle.states[0])
    assert {label: int(n) for n, label in first_row} == {
        "新发现": 0, "仍未整改": total - 2, "已整改": 2, "未能复查": 0}


def test_report_after_the_third_crawl_says_the_down_portal_was_not_rechecked(lifecycle):
    report = lifecycle.reports[2]
    engine = make_engine(lifecycle.db_url)
    with session_scope(engine) as s:
        stj_id = s.scalar(select(m.Unit.id).where(m.Unit.name == STJ))
    engine.dispose()
    n = len(_stj_before_the_outage(lifecycle))
    page = (report / "units" / f"{stj_id}.html").read_text(encoding="utf-8")
    assert f"最近一次抓取未能复查 {n} 个问题" in page
    assert page.count('<span class="flag flag-stale"') == n
    assert "已整改问题（0）" in page
    index = (report / "index.html").read_text(encoding="utf-8")
    row = re.search(r'<tr data-filter-row[^>]*data-unit="' + STJ + r'">.*?</tr>', index, re.S).group(0)
    assert f'<td class="num is-stale">{n}</td>' in row


# -- what counts as re-checked, and how findings changed (no crawl) -----------------------

@dataclass(frozen=True)
class Row:
    rule: str
    url: str
    evidence: dict


PDF = snap.HOME + "zwgk/P020240601.pdf"
ARTICLE = snap.HOME + "zwgk/t20240601_1.html"


@pytest.mark.parametrize("row, pages, complete, skipped, expected", [
    (Row("footer.icp", snap.HOME, {}), [], True, [], True),
    (Row("footer.icp", snap.HOME, {}), [], False, [], False),
    (Row("footer.icp", snap.HOME, {}), [], True, [NotChecked("footer.icp", snap.HOME, "底部脚本未能加载")], False),
    (Row("doc.no_date", ARTICLE, {}), [snap.page(ARTICLE, "article", outcome="timeout", status=None)], True, [], False),
    (Row("doc.no_date", ARTICLE, {}), [], True, [], False),
    (Row("link.dead", PDF, {"sources": [{"url": ARTICLE, "text": "附件"}]}), [snap.article(ARTICLE)], True, [], True),
    (Row("link.dead", PDF, {"sources": [{"url": ARTICLE, "text": "附件"}]}), [], True, [], False),
    (Row("link.dead", PDF, {"sources": [ARTICLE, snap.HOME]}), [snap.article(ARTICLE)], True, [], True),
], ids=["page loaded", "crawl not complete", "rule could not judge", "page failed", "page not fetched",
        "link gone from its loaded source", "source not fetched", "plain source urls"])
def test_what_a_crawl_rechecked(row, pages, complete, skipped, expected):
    rechecked = _rechecked(snap.snapshot(pages=pages), skipped, complete)
    assert rechecked(row) is expected


@dataclass(frozen=True)
class Life:
    status: str
    first_seen: date
    fixed_at: date | None
    first_crawl_id: int
    fixed_crawl_id: int | None


D1, D2, D3 = date(2024, 5, 13), date(2024, 5, 20), date(2024, 5, 27)


@pytest.mark.parametrize("f, crawl_id, expected", [
    (Life("open", D2, None, 2, None), 2, "new"),
    (Life("open", D1, None, 1, None), 2, "still_open"),
    (Life("fixed", D1, D2, 1, 2), 2, "fixed"),
    (Life("fixed", D1, D2, 1, 2), 3, None),
    (Life("open", D1, None, 1, None), None, "still_open"),
])
def test_change_since_the_units_previous_crawl(f, crawl_id, expected):
    assert change_since_crawl(f, crawl_id) == expected


@pytest.mark.parametrize("f, since, expected", [
    (Life("open", D2, None, 2, None), D2, "new"),
    (Life("open", D1, None, 1, None), D2, "still_open"),
    (Life("fixed", D1, D2, 1, 2), D2, "fixed"),
    (Life("fixed", D1, D2, 1, 2), D3, None),
])
def test_change_since_a_date_counts_that_day(f, since, expected):
    assert change_since_date(f, since) == expected


def test_open_after_a_crawl_follows_the_lifecycle():
    fixed = Life("fixed", D1, D3, 1, 3)
    assert [open_after_crawl(fixed, c) for c in (1, 2, 3)] == [True, True, False]
    still = Life("open", D2, None, 2, None)
    assert [open_after_crawl(still, c) for c in (1, 2, 3)] == [False, True, True]
