"""The static HTML report: pages, contents, escaping of crawled text, speed."""
from __future__ import annotations

import html
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import event, insert

from reports.common import is_safe_href, rule_file_name, rule_info
from reports.html_report import build_report
from storage.db import init_db, make_engine, session_scope
from storage.models import Crawl, CrawlUnit, Finding, Page, Unit
from tests.test_report_sample import FORMULA_MESSAGE, UNIT_A, UNIT_B, XSS_MESSAGE, build_sample_db

GENERATED = datetime(2024, 5, 20, 7, 30)


@pytest.fixture()
def sample(tmp_path):
    return build_sample_db(tmp_path)


@pytest.fixture()
def report(sample, tmp_path) -> Path:
    with session_scope(sample.engine) as s:
        index = build_report(s, tmp_path / "report", generated_at=GENERATED)
    return index.parent


def _section(page: str, heading: str) -> str:
    """The HTML of the <section> whose <h2> starts with `heading`."""
    m = re.search(r"<h2>" + re.escape(heading) + r".*?</section>", page, re.S)
    assert m, f"no section {heading!r}"
    return m.group(0)


def _messages(section_html: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<div class="msg">(.*?)</div>', section_html, re.S)]


def _all_html(report: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in report.rglob("*.html")}


def test_build_report_returns_index_and_writes_every_page_and_asset(sample, report):
    assert (report / "index.html").is_file()
    assert (report / "health.html").is_file()
    assert (report / "units" / f"{sample.unit_a}.html").is_file()
    assert (report / "units" / f"{sample.unit_b}.html").is_file()
    assert (report / "static" / "report.css").is_file()
    assert (report / "static" / "report.js").is_file()
    assert sorted(p.name for p in (report / "rules").glob("*.html")) == sorted(
        f"{r}.html" for r in ("column.stale", "link.dead", "security.spam_content", "footer.icp",
                              "site.home_stale", "doc.no_date", "x.future_rule"))


def test_unit_page_lists_exactly_the_units_open_findings(sample, report):
    page = (report / "units" / f"{sample.unit_a}.html").read_text(encoding="utf-8")
    assert sorted(_messages(_section(page, "未整改问题"))) == sorted(
        ["栏目“通知公告”超过 6 个月未更新", "附件链接无法打开（404）", XSS_MESSAGE])


def test_unit_page_lists_fixed_findings_separately_and_never_ignored_ones(sample, report):
    page = (report / "units" / f"{sample.unit_a}.html").read_text(encoding="utf-8")
    assert _messages(_section(page, "已整改问题")) == ["ICP 备案编号格式不正确"]
    assert "被忽略的问题不应出现" not in page


def test_unit_page_groups_open_findings_by_column(sample, report):
    page = (report / "units" / f"{sample.unit_b}.html").read_text(encoding="utf-8")
    groups = re.findall(r'<tr class="group"><th colspan="5">栏目：(.*?) <span', page)
    assert groups == ["全站 / 未归属栏目", "政策文件"]


def test_unit_page_shows_rule_title_evidence_and_dates(sample, report):
    page = (report / "units" / f"{sample.unit_a}.html").read_text(encoding="utf-8")
    assert html.escape(rule_info("column.stale").title, quote=False) in page
    assert "<dt>要求</dt><dd><div>6 个月内有更新</div></dd>" in page
    assert "<dt>实际情况</dt><dd><div>最新条目 2023-10-08</div></dd>" in page
    assert '<span class="lbl">首次</span>2024-04-01' in page


def test_unit_page_lists_the_crawl_problems_of_its_latest_crawl(sample, report):
    page = (report / "units" / f"{sample.unit_b}.html").read_text(encoding="utf-8")
    problems = _section(page, "抓取问题")
    assert "未能检查：" + html.escape(rule_info("column.stale").title, quote=False) in problems
    assert "栏目页返回 503" in problems


def test_script_in_crawled_text_is_escaped_everywhere(report):
    pages = _all_html(report)
    unit_a = next(text for p, text in pages.items() if p.parent.name == "units" and "机构职能" in text)
    assert "&lt;script&gt;window.__xss=1;alert(1)&lt;/script&gt;" in unit_a
    for path, text in pages.items():
        assert "<script>window.__xss" not in text, path
        assert "<img src=x" not in text, path
        assert not re.search(r"<[^>]*\sonerror\s*=", text, re.I), path


def test_no_javascript_url_becomes_a_link(report):
    for path, text in _all_html(report).items():
        assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", text, re.I), path
    page = next(t for p, t in _all_html(report).items() if p.parent.name == "units" and "机构职能" in t)
    assert '<span class="url unsafe" title="非 http(s) 链接，不可点击">javascript:alert(1)</span>' in page


def test_pages_load_no_remote_assets_and_forbid_inline_script(report):
    for path, text in _all_html(report).items():
        assert not re.search(r"""<(?:script|link|img)[^>]+(?:src|href)=["'](?:https?:)?//""", text), path
        assert "script-src 'self' file:;" in text and "unsafe-inline" not in text, path


def test_index_counts_open_findings_per_unit_and_severity(sample, report):
    page = (report / "index.html").read_text(encoding="utf-8")
    row_a = re.search(r"<tr data-filter-row[^>]*data-unit=\"" + UNIT_A + r"\">.*?</tr>", page, re.S).group(0)
    # veto, major, minor, info, total open, fixed, crawl problems
    cells = re.findall(r'<td class="num[^"]*">(.*?)</td>', row_a)
    assert [re.sub(r"<.*?>", "", c) for c in cells] == ["1", "2", "", "", "3", "1", "1"]
    cards = re.findall(r'<div class="card-num">(\d+)</div><div class="card-lbl">(.*?)</div>', page)
    assert {label: int(n) for n, label in cards} == {"单项否决": 2, "扣分项": 2, "规范性问题": 1, "提示": 1}


def test_index_summarises_the_latest_crawl(report):
    section = _section((report / "index.html").read_text(encoding="utf-8"), "最近一次抓取")
    assert "5（成功 3，失败 2）" in section
    assert "1 小时 30 分" in section
    assert "超时" in section and "服务器错误(5xx)" in section


def test_health_page_lists_failed_pages_with_outcome_labels(report):
    page = (report / "health.html").read_text(encoding="utf-8")
    failed = _section(page, "抓取失败的页面")
    assert "http://jtj.ezhou.gov.cn/xxgk/slow/" in failed and "超时" in failed
    assert "http://www.hrq.gov.cn/zwgk/zcwj/" in failed and "服务器错误(5xx)" in failed
    assert "http://jtj.ezhou.gov.cn/xxgk/tzgg/" not in failed


def test_rule_page_lists_findings_across_units(report):
    page = (report / "rules" / "doc.no_date.html").read_text(encoding="utf-8")
    assert _messages(_section(page, "未整改问题")) == [FORMULA_MESSAGE]
    assert UNIT_B in page


def test_unknown_rule_id_falls_back_to_the_bare_id(report):
    page = (report / "rules" / "x.future_rule.html").read_text(encoding="utf-8")
    assert "<h1>x.future_rule</h1>" in page


@pytest.mark.parametrize("rule_id, expected", [
    ("column.stale", "column.stale.html"),
    ("../../etc/passwd", None),
    ("a/b", None),
    (".hidden", None),
])
def test_rule_file_name_keeps_dots_and_neutralises_path_characters(rule_id, expected):
    name = rule_file_name(rule_id)
    if expected:
        assert name == expected
    else:
        assert "/" not in name and "\\" not in name and not name.startswith(".")
        assert name != rule_file_name(rule_id + "x")


@pytest.mark.parametrize("url, safe", [
    ("http://www.gov.cn/a?b=1&c=2", True),
    ("HTTPS://www.gov.cn/", True),
    ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False),
    (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("vbscript:msgbox", False),
    ("//evil.example/", False),
    ("http:evil", False),
    ("", False),
    (None, False),
])
def test_only_absolute_http_urls_are_safe_hrefs(url, safe):
    assert is_safe_href(url) is safe


def test_rebuild_removes_pages_of_units_that_are_gone(sample, tmp_path):
    out = tmp_path / "report"
    (out / "units").mkdir(parents=True)
    (out / "units" / "999.html").write_text("old", encoding="utf-8")
    with session_scope(sample.engine) as s:
        build_report(s, out, generated_at=GENERATED)
    assert not (out / "units" / "999.html").exists()


def test_report_of_an_empty_database_renders(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    init_db(engine)
    with session_scope(engine) as s:
        index = build_report(s, tmp_path / "report", generated_at=GENERATED)
    assert "尚无抓取记录" in (tmp_path / "report" / "health.html").read_text(encoding="utf-8")
    assert "尚无单位" in index.read_text(encoding="utf-8")


# -- scale ----------------------------------------------------------------------------------

RULES = ["column.stale", "link.dead", "doc.no_date", "footer.icp", "interp.missing"]
SEVS = ["veto", "major", "minor", "info"]


def _big_db(tmp_path: Path, n_units: int, per_unit: int):
    engine = make_engine(f"sqlite:///{tmp_path / f'big{n_units}.db'}")
    init_db(engine)
    with session_scope(engine) as s:
        s.execute(insert(Unit), [{"id": u, "name": f"测试单位{u:03d}", "kind": "department",
                                  "home": f"http://u{u}.example.gov.cn/"} for u in range(1, n_units + 1)])
        s.execute(insert(Crawl), [{"id": 1, "started_at": datetime(2024, 5, 20, 1), "status": "complete",
                                   "finished_at": datetime(2024, 5, 20, 3), "tool_version": "t"}])
        s.execute(insert(CrawlUnit), [{"crawl_id": 1, "unit_id": u, "status": "complete",
                                       "started_at": datetime(2024, 5, 20, 1)} for u in range(1, n_units + 1)])
        s.execute(insert(Page), [{"crawl_id": 1, "unit_id": u, "url": f"http://u{u}.example.gov.cn/x",
                                  "role": "column", "outcome": "timeout", "fetched_at": datetime(2024, 5, 20, 1),
                                  "data": {}} for u in range(1, n_units + 1)])
        s.execute(insert(Finding), [
            {"unit_id": u, "rule": RULES[i % len(RULES)], "severity": SEVS[i % 4],
             "locator": f"l{i}", "url": f"http://u{u}.example.gov.cn/p/{i}.html",
             "column": f"栏目{i % 7}", "message": f"问题 {i} <b>标题</b>",
             "evidence": {"expected": "14 天内", "seen": f"最新 2024-01-{i % 28 + 1:02d}",
                          "sources": [{"url": f"http://u{u}.example.gov.cn/s/{i}", "text": "来源"}],
                          "fetched_at": "2024-05-20T01:00:00"},
             "first_seen": date(2024, 4, 1), "last_seen": date(2024, 5, 20), "first_crawl_id": 1,
             "last_crawl_id": 1, "status": "fixed" if i % 10 == 0 else "open",
             "fixed_at": date(2024, 5, 1) if i % 10 == 0 else None}
            for u in range(1, n_units + 1) for i in range(per_unit)])
    return engine


def _count_queries(engine, out: Path) -> int:
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        with session_scope(engine) as s:
            build_report(s, out, generated_at=GENERATED)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def test_report_issues_the_same_number_of_queries_for_2_or_20_units(tmp_path):
    small = _count_queries(_big_db(tmp_path, 2, 5), tmp_path / "small")
    large = _count_queries(_big_db(tmp_path, 20, 30), tmp_path / "large")
    assert small == large
