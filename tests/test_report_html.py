"""The static HTML report: pages, contents, changes over time, ranking, ignored findings,
escaping of crawled text, query count."""
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
from tests.report_samples import (
    FORMULA_MESSAGE,
    IGNORE_REASON,
    IGNORED_MESSAGE,
    UNIT_A,
    UNIT_B,
    XSS_MESSAGE,
    build_sample_db,
)

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


def _text(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _build(sample, out: Path, **kw) -> Path:
    with session_scope(sample.engine) as s:
        return build_report(s, out, generated_at=GENERATED, **kw).parent


def test_sample_db_has_two_units_two_crawls_and_nine_findings(sample):
    from sqlalchemy import func, select

    with session_scope(sample.engine) as s:
        assert s.scalar(select(func.count()).select_from(Unit)) == 2
        assert s.scalar(select(func.count()).select_from(Crawl)) == 2
        assert s.scalar(select(func.count()).select_from(Finding)) == 9


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


def test_unit_page_lists_fixed_findings_separately(sample, report):
    page = (report / "units" / f"{sample.unit_a}.html").read_text(encoding="utf-8")
    assert _messages(_section(page, "已整改问题")) == ["ICP 备案编号格式不正确"]


def test_ignored_finding_is_only_in_the_audit_trail_with_kind_reason_who_and_when(sample, report):
    page = (report / "units" / f"{sample.unit_a}.html").read_text(encoding="utf-8")
    ignored = _section(page, "已忽略问题")
    assert _messages(ignored) == [IGNORED_MESSAGE]
    assert "不适用" in ignored and IGNORE_REASON in ignored
    assert "王审核" in ignored and "2024-05-20 09:15" in ignored
    assert IGNORED_MESSAGE not in page.replace(ignored, "")
    for path, text in _all_html(report).items():
        if path.name != f"{sample.unit_a}.html":
            assert IGNORED_MESSAGE not in text, path


def test_unit_page_groups_open_findings_by_column(sample, report):
    page = (report / "units" / f"{sample.unit_b}.html").read_text(encoding="utf-8")
    groups = re.findall(r'<tr class="group"><th colspan="5">栏目：(.*?) <span', page)
    assert groups == ["全站 / 未归属栏目", "政策文件"]


def test_unit_page_shows_rule_title_evidence_and_dates(sample, report):
    page = (report / "units" / f"{sample.unit_a}.html").read_text(encoding="utf-8")
    assert html.escape(rule_info("column.stale").title, quote=False) in page
    assert "<dt>要求</dt><dd><div>6 个月内有更新</div></dd>" in page
    assert "<dt>实际情况</dt><dd><div>最新条目 2023-10-08</div></dd>" in page
    assert '<span class="lbl">首次</span>2024-05-13' in page


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


def test_an_auditors_reason_and_name_are_escaped(sample, tmp_path):
    from storage.decisions import ignore_finding

    with session_scope(sample.engine) as s:
        fid = s.query(Finding).filter_by(rule="link.dead").one().id
        ignore_finding(s, fid, reason="<script>window.__xss=5</script>", by='<b onmouseover="x">')
    page = (_build(sample, tmp_path / "r") / "units" / f"{sample.unit_a}.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__xss=5&lt;/script&gt;" in page
    assert "<script>window.__xss" not in page and "<b onmouseover" not in page


def test_no_javascript_url_becomes_a_link(report):
    for path, text in _all_html(report).items():
        assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", text, re.I), path
    page = next(t for p, t in _all_html(report).items() if p.parent.name == "units" and "机构职能" in t)
    assert '<span class="url unsafe" title="非 http(s) 链接，不可点击">javascript:alert(1)</span>' in page


def test_pages_load_no_remote_assets_and_forbid_inline_script(report):
    for path, text in _all_html(report).items():
        assert not re.search(r"""<(?:script|link|img)[^>]+(?:src|href)=["'](?:https?:)?//""", text), path
        assert "script-src 'self' file:;" in text and "unsafe-inline" not in text, path


def _unit_row_cells(page: str, unit: str) -> list[str]:
    row = re.search(r"<tr data-filter-row[^>]*data-unit=\"" + unit + r"\">.*?</tr>", page, re.S).group(0)
    return [re.sub(r"<.*?>", "", c) for c in re.findall(r'<td class="num[^"]*">(.*?)</td>', row)]


def test_index_counts_open_findings_per_unit_severity_and_change(sample, report):
    page = (report / "index.html").read_text(encoding="utf-8")
    # veto, major, minor, info, open total | new, fixed, not re-checked (since the previous
    # crawl) | crawl problems
    assert _unit_row_cells(page, UNIT_A) == ["1", "2", "", "", "3", "1", "1", "", "1"]
    assert _unit_row_cells(page, UNIT_B) == ["1", "1", "1", "1", "4", "2", "", "1", "1"]
    cards = re.findall(r'<div class="card-num">(\d+)</div><div class="card-lbl">(.*?)</div>', page)
    assert {label: int(n) for n, label in cards} == {"单项否决": 2, "扣分项": 3, "规范性问题": 1, "提示": 1}


def _changes(section_html: str) -> dict[str, int]:
    return {label: int(n) for n, label in re.findall(
        r'<span class="change-num">(\d+)</span><span class="change-lbl">(.*?)</span>', section_html)}


def test_index_shows_new_still_open_fixed_and_not_rechecked_since_the_previous_crawl(report):
    progress = _section((report / "index.html").read_text(encoding="utf-8"), "整改进展")
    assert _changes(progress) == {"新发现": 3, "仍未整改": 4, "已整改": 1, "未能复查": 1}


@pytest.mark.parametrize("since, expected", [
    (date(2024, 5, 20), {"新发现": 3, "仍未整改": 4, "已整改": 1}),
    (date(2024, 5, 21), {"新发现": 0, "仍未整改": 7, "已整改": 0}),
    (date(2024, 5, 1), {"新发现": 7, "仍未整改": 0, "已整改": 1}),
])
def test_since_a_date_counts_changes_from_that_day(sample, tmp_path, since, expected):
    page = (_build(sample, tmp_path / "r", since=since) / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<div class="change-row">(.*?)</div></div>', _section(page, "整改进展"), re.S)
    assert f"自 {since.isoformat()} 起" in rows[1]
    assert _changes(rows[1]) == expected


def test_since_a_date_adds_per_unit_columns(sample, tmp_path):
    page = (_build(sample, tmp_path / "r", since=date(2024, 5, 20)) / "index.html").read_text(encoding="utf-8")
    # … | new, still open, fixed since 2024-05-20 | crawl problems
    assert _unit_row_cells(page, UNIT_A)[8:] == ["1", "2", "1", "1"]
    assert _unit_row_cells(page, UNIT_B)[8:] == ["2", "2", "", "1"]


def test_unit_page_marks_new_and_not_rechecked_findings(sample, report):
    page_a = (report / "units" / f"{sample.unit_a}.html").read_text(encoding="utf-8")
    new_rows = [r for r in re.findall(r"<tr data-filter-row.*?</tr>", page_a, re.S) if "本次新发现" in r]
    assert [_messages(r) for r in new_rows] == [["附件链接无法打开（404）"]]
    page_b = (report / "units" / f"{sample.unit_b}.html").read_text(encoding="utf-8")
    stale_rows = [r for r in re.findall(r"<tr data-filter-row.*?</tr>", page_b, re.S) if "未能复查" in r]
    assert [_messages(r) for r in stale_rows] == [["栏目“政策文件”超过 6 个月未更新"]]
    assert "最近一次抓取未能复查 1 个问题" in page_b


def test_unit_page_shows_its_score_by_category(sample, report):
    page = (report / "units" / f"{sample.unit_a}.html").read_text(encoding="utf-8")
    score = _section(page, "得分")
    assert "得分（98.80 分）" in score
    rows = {cells[0]: cells[1:4] for cells in (
        [_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr><td>.*?</tr>", score, re.S))}
    assert rows["公开渠道"] == ["10", "0.20", "9.80"]
    assert rows["主动公开"] == ["54", "1.00", "53.00"]
    assert rows["扣分项"] == ["—", "0.00", "—"]
    assert "栏目更新不及时 1 处 × 1 = 1" in _text(score)


def test_dashboard_ranks_each_unit_kind(sample, report):
    ranking = _section((report / "index.html").read_text(encoding="utf-8"), "得分排名")
    tables = re.findall(r"<h3>(.*?)</h3>\s*<table class=\"grid ranking\">(.*?)</table>", ranking, re.S)
    assert [t[0] for t in tables] == ["区县政府（1 个）", "市直部门（1 个）"]
    rows = [_text(r) for r in re.findall(r"<tr[^>]*data-unit=.*?</tr>", tables[1][1], re.S)]
    assert rows == [f"1 {UNIT_A} 9.80 53.00 10.00 10.00 16.00 0.00 98.80 单项否决"]  # spam content
    assert f'href="units/{sample.unit_a}.html"' in tables[1][1]


def test_dashboard_trend_chart_has_a_bar_per_crawl_with_open_totals(report):
    page = (report / "index.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg class=\"chart\".*?</svg>", page, re.S).group(0)
    assert re.findall(r'<text class="total"[^>]*>(\d+)</text>', svg) == ["5", "7"]
    assert re.findall(r'<text class="axis"[^>]*>(#\d+)</text>', svg) == ["#1", "#2"]
    titles = [html.unescape(t) for t in re.findall(r"<title>(.*?)</title>", svg)]
    assert titles[1] == ("抓取 #2（2024-05-20 01:00）：未整改 7（单项否决 2，扣分项 3，规范性问题 1，提示 1）；"
                         "新发现 3，已整改 1")


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


def test_health_page_counts_the_findings_each_unit_could_not_recheck(sample, report):
    page = (report / "health.html").read_text(encoding="utf-8")
    units = _section(page, "各单位抓取情况")
    row_b = re.search(r"<tr><td><a href=\"units/" + str(sample.unit_b) + r"\.html\">.*?</tr>", units, re.S).group(0)
    assert row_b.endswith('<td class="num is-stale">1</td></tr>')
    row_a = re.search(r"<tr><td><a href=\"units/" + str(sample.unit_a) + r"\.html\">.*?</tr>", units, re.S).group(0)
    assert row_a.endswith('<td class="num"></td></tr>')


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
