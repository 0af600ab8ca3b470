"""A small audited database shared by the report, export and scoring tests.

Two units and two crawls: the latest (2024-05-20) with failed pages and crawl problems, the one
before (2024-05-13) where most findings were first seen. Findings include hostile crawled
text: a `<script>` title, an `onerror=` attribute, a `javascript:` URL and a cell that starts
a spreadsheet formula; one was fixed by the latest crawl, one could not be re-checked by it,
and one was ignored by an auditor (with its decision on record).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine

from storage.db import init_db, make_engine, session_scope
from storage.models import Crawl, CrawlProblem, CrawlUnit, Finding, FindingDecision, Page, Unit

UNIT_A = "鄂州市交通运输局"
UNIT_B = "华容区人民政府"
XSS_MESSAGE = ('标题含 <script>window.__xss=1;alert(1)</script> 及 '
               '<img src=x onerror="window.__xss=2">')
XSS_EVIDENCE = {
    "expected": "标题不含恶意代码",
    "seen": "<script>window.__xss=3;alert(1)</script>",
    "title": '<img src=x onerror="window.__xss=4">',
    "page": "javascript:alert(1)",
    "fetched_at": "2024-05-20T01:20:00",
}
FORMULA_MESSAGE = '=HYPERLINK("http://evil.example/","点击查看")'
IGNORED_MESSAGE = "被忽略的问题不应出现"
IGNORE_REASON = "该单位无行政处罚职权，公安备案号由上级网站统一标注"


@dataclass(frozen=True)
class Sample:
    engine: Engine
    unit_a: int
    unit_b: int
    crawl: int  # the latest crawl
    previous_crawl: int


def _finding(unit_id: int, crawl_id: int, rule: str, severity: str, url: str, message: str, *,
             column: str | None = None, evidence: dict | None = None, status: str = "open",
             first_seen: date = date(2024, 5, 13), last_seen: date = date(2024, 5, 20),
             first_crawl_id: int | None = None, fixed_at: date | None = None,
             rechecked: bool = True, ignored: bool = False) -> Finding:
    """A finding last judged by crawl `crawl_id` (fixed by it when status is fixed)."""
    return Finding(unit_id=unit_id, rule=rule, severity=severity, locator=url, url=url,
                   column=column, message=message, evidence=evidence or {},
                   first_seen=first_seen, last_seen=last_seen,
                   first_crawl_id=first_crawl_id or crawl_id, last_crawl_id=crawl_id,
                   status=status, fixed_at=fixed_at,
                   fixed_crawl_id=crawl_id if status == "fixed" else None,
                   rechecked=rechecked, ignored=ignored)


def build_sample_db(tmp_path: Path) -> Sample:
    engine = make_engine(f"sqlite:///{tmp_path / 'audit.db'}")
    init_db(engine)
    with session_scope(engine) as s:
        a = Unit(name=UNIT_A, kind="department", home="http://jtj.ezhou.gov.cn/")
        b = Unit(name=UNIT_B, kind="government", home="http://www.hrq.gov.cn/")
        s.add_all([a, b])
        s.flush()
        previous = Crawl(started_at=datetime(2024, 5, 13, 1, 0), finished_at=datetime(2024, 5, 13, 2, 10),
                         status="complete", tool_version="0.1.0")
        s.add(previous)
        s.flush()
        crawl = Crawl(started_at=datetime(2024, 5, 20, 1, 0), finished_at=datetime(2024, 5, 20, 2, 30, 15),
                      status="complete", tool_version="0.1.0")
        s.add(crawl)
        s.flush()
        s.add_all([
            CrawlUnit(crawl_id=previous.id, unit_id=uid, status="complete", started_at=previous.started_at)
            for uid in (a.id, b.id)])
        s.add_all([
            CrawlUnit(crawl_id=crawl.id, unit_id=a.id, status="complete",
                      disclosure_url="http://jtj.ezhou.gov.cn/xxgk/", started_at=crawl.started_at),
            CrawlUnit(crawl_id=crawl.id, unit_id=b.id, status="complete",
                      disclosure_url="http://www.hrq.gov.cn/zwgk/", started_at=crawl.started_at),
        ])
        fetched = datetime(2024, 5, 20, 1, 10)
        s.add_all([
            Page(crawl_id=crawl.id, unit_id=a.id, url="http://jtj.ezhou.gov.cn/", role="home",
                 outcome="ok", http_status=200, fetched_at=fetched, data={}),
            Page(crawl_id=crawl.id, unit_id=a.id, url="http://jtj.ezhou.gov.cn/xxgk/tzgg/", role="column",
                 outcome="ok", http_status=200, fetched_at=fetched, data={}),
            Page(crawl_id=crawl.id, unit_id=a.id, url="http://jtj.ezhou.gov.cn/xxgk/slow/", role="column",
                 outcome="timeout", fetched_at=fetched, error="TimeoutError: 30 s", data={}),
            Page(crawl_id=crawl.id, unit_id=b.id, url="http://www.hrq.gov.cn/", role="home",
                 outcome="ok", http_status=200, fetched_at=fetched, data={}),
            Page(crawl_id=crawl.id, unit_id=b.id, url="http://www.hrq.gov.cn/zwgk/zcwj/", role="column",
                 outcome="server_error", http_status=503, fetched_at=fetched, data={}),
        ])
        s.add_all([
            CrawlProblem(crawl_id=crawl.id, unit_id=a.id, url="http://jtj.ezhou.gov.cn/xxgk/slow/",
                         kind="timeout", detail="3 次重试均超时"),
            CrawlProblem(crawl_id=crawl.id, unit_id=b.id, url="http://www.hrq.gov.cn/zwgk/zcwj/",
                         kind="not_checked:column.stale", detail="栏目页返回 503"),
        ])
        prev = previous.id
        s.add_all([
            _finding(a.id, crawl.id, "column.stale", "major", "http://jtj.ezhou.gov.cn/xxgk/tzgg/",
                     "栏目“通知公告”超过 6 个月未更新", column="通知公告", first_crawl_id=prev,
                     evidence={"expected": "6 个月内有更新", "seen": "最新条目 2023-10-08",
                               "page": "http://jtj.ezhou.gov.cn/xxgk/tzgg/",
                               "fetched_at": "2024-05-20T01:12:00"}),
            _finding(a.id, crawl.id, "link.dead", "major", "http://jtj.ezhou.gov.cn/xxgk/old.pdf",
                     "附件链接无法打开（404）", column="政策文件", first_seen=date(2024, 5, 20),
                     evidence={"expected": "链接可以打开", "seen": "404（3 次）",
                               "sources": [{"url": "http://jtj.ezhou.gov.cn/xxgk/zcwj/1.html",
                                            "text": "关于印发……的通知"}]}),
            _finding(a.id, crawl.id, "security.spam_content", "veto", "javascript:alert(1)",
                     XSS_MESSAGE, column="机构职能", evidence=XSS_EVIDENCE, first_crawl_id=prev),
            _finding(a.id, crawl.id, "footer.icp", "minor", "http://jtj.ezhou.gov.cn/",
                     "ICP 备案编号格式不正确", status="fixed", fixed_at=date(2024, 5, 20),
                     first_crawl_id=prev, last_seen=date(2024, 5, 13), evidence={"seen": "鄂ICP备123号"}),
            _finding(a.id, crawl.id, "footer.psb", "minor", "http://jtj.ezhou.gov.cn/#psb",
                     IGNORED_MESSAGE, ignored=True, first_crawl_id=prev),
            _finding(b.id, crawl.id, "site.home_stale", "veto", "http://www.hrq.gov.cn/",
                     "首页 14 天内没有新的信息", first_crawl_id=prev,
                     evidence={"expected": "14 天内有更新", "seen": "最新日期 2024-04-01"}),
            _finding(b.id, crawl.id, "doc.no_date", "minor", "http://www.hrq.gov.cn/zwgk/a.html",
                     FORMULA_MESSAGE, column="政策文件", evidence={"seen": "-1+2"},
                     first_seen=date(2024, 5, 20)),
            _finding(b.id, prev, "column.stale", "major", "http://www.hrq.gov.cn/zwgk/zcwj/",
                     "栏目“政策文件”超过 6 个月未更新", column="政策文件", rechecked=False,
                     last_seen=date(2024, 5, 13)),
            _finding(b.id, crawl.id, "x.future_rule", "info", "http://www.hrq.gov.cn/zwgk/",
                     "新版本规则的提示", column="政策文件", first_seen=date(2024, 5, 20)),
        ])
        s.flush()
        ignored = s.query(Finding).filter_by(message=IGNORED_MESSAGE).one()
        s.add(FindingDecision(finding_id=ignored.id, action="ignore", kind="not_applicable",
                              reason=IGNORE_REASON, decided_by="王审核",
                              decided_at=datetime(2024, 5, 20, 9, 15)))
        return Sample(engine, a.id, b.id, crawl.id, previous.id)
