"""column.missing, column.burst and column.update_count."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from checks import column_coverage as cc
from checks.profile import load_profile
from checks.snapshot import load_snapshot
from crawler.config import units_from_text
from crawler.outcomes import Outcome
from crawler.yamlfile import ConfigError
from storage.db import init_db, make_engine, session_scope
from storage.repository import ensure_unit, open_crawl, open_crawl_unit
from tests.snapshots import CRAWL_DATE, FETCHED, HOME, column, column_page, item, page, run, snapshot

ROOT = HOME + "zfxxgk/"
# A department's disclosure columns as on jw.beijing.gov.cn (zfxxgk/…), all required ones there.
DEPARTMENT_COLUMNS = {
    "xxgkzn": "政府信息公开指南", "xxgkzd": "政府信息公开制度", "fdzdgknr": "法定主动公开内容",
    "xxgknb": "政府信息公开年报", "jgzn": "机构职能", "zcwj": "政策文件", "zcjd": "政策解读",
    "ghjh": "规划计划", "xzxk": "行政许可", "xzcf": "行政处罚", "czyjs": "财政预决算",
    "rsxx": "人事信息",
}


def disclosure_page(**kw):
    return page(ROOT, "disclosure", {"meta": {"ColumnName": "政府信息公开"}}, **kw)


def units_columns(without=(), rename: dict | None = None, pages_ok: bool = True):
    """(pages, columns) of the department's disclosure root, minus `without` (names)."""
    pages, columns = [disclosure_page()], []
    for path, name in DEPARTMENT_COLUMNS.items():
        if name in without:
            continue
        url = ROOT + path + "/"
        name = (rename or {}).get(name, name)
        columns.append(column(url, name, "other", parent_url=ROOT,
                              has_children=name == "法定主动公开内容"))
        pages.append(column_page(url, name) if pages_ok else
                     column_page(url, name, outcome=Outcome.TIMEOUT, status=None))
    return pages, columns


# column.missing

def test_department_with_every_required_column_passes():
    pages, columns = units_columns()
    assert run(cc.MISSING, snapshot(pages, columns)) == ([], [])


def test_missing_required_column_is_reported_at_the_disclosure_root():
    pages, columns = units_columns(without=["行政处罚"])
    [f], [] = run(cc.MISSING, snapshot(pages, columns))
    assert (f.rule, f.url, f.locator, f.column) == ("column.missing", ROOT, ROOT + "#行政处罚", None)
    assert f.message == "信息公开专栏缺少“行政处罚”栏目"
    assert f.evidence["expected"] == "应设置“行政处罚”栏目（栏目名称含：行政处罚、处罚、行政强制、行政执法）"
    assert "行政许可" in f.evidence["seen"]["columns"] and f.evidence["required"] == "行政处罚"
    assert f.evidence["page_url"] == ROOT and f.evidence["fetched_at"] == FETCHED.isoformat()


def test_each_missing_column_is_its_own_finding():
    pages, columns = units_columns(without=["行政许可", "行政处罚"])
    findings, [] = run(cc.MISSING, snapshot(pages, columns))
    assert [f.locator for f in findings] == [ROOT + "#行政许可", ROOT + "#行政处罚"]


def test_a_synonym_names_the_required_column():
    pages, columns = units_columns(rename={"行政处罚": "行政执法公示", "机构职能": "机构 设置"})
    assert run(cc.MISSING, snapshot(pages, columns)) == ([], [])


def test_column_the_unit_config_marks_not_applicable_is_not_required():
    pages, columns = units_columns(without=["行政处罚", "行政许可"])
    snap = snapshot(pages, columns, settings={"not_applicable": ["行政处罚", "许可"]})
    assert run(cc.MISSING, snap) == ([], [])


def test_government_needs_its_own_longer_list():
    pages, columns = units_columns()
    [f, *_], [] = run(cc.MISSING, snapshot(pages, columns, kind="government"))
    assert f.locator == ROOT + "#统计信息"


def test_columns_listed_in_the_config_are_not_checked():
    pages, columns = units_columns(without=["行政处罚"])
    [], [nc] = run(cc.MISSING, snapshot(pages, columns, settings={"columns_configured": True}))
    assert nc.url == ROOT and "配置" in nc.reason


def test_unread_disclosure_root_is_not_checked():
    pages, columns = units_columns(without=["行政处罚"])
    pages[0] = disclosure_page(outcome=Outcome.SERVER_ERROR, status=503)
    [], [nc] = run(cc.MISSING, snapshot(pages, columns))
    assert nc.url == ROOT and "503" in nc.reason


def test_discovery_that_found_no_required_column_is_not_checked():
    snap = snapshot([disclosure_page()], [column(ROOT + "gzdt/", "工作动态", parent_url=ROOT)])
    [], [nc] = run(cc.MISSING, snap)
    assert "未识别出任何应设栏目" in nc.reason


def test_missing_column_is_not_checked_when_a_column_page_failed():
    pages, columns = units_columns(without=["行政处罚"], pages_ok=False)
    [], [nc] = run(cc.MISSING, snapshot(pages, columns))
    assert nc.url == ROOT + "#行政处罚" and "未能读取" in nc.reason


# column.burst

NEWS = HOME + "jyzx/jyxw/"


def _news(days: list[date]):
    items = [item(f"市教委工作信息{i}", NEWS + f"t{i}.html", d) for i, d in enumerate(days)]
    return snapshot([column_page(NEWS)], [column(NEWS, items=items, settings={"department": "宣传处"})])


def test_burst_after_sixty_silent_days_is_reported():
    days = [date(2024, 6, 18)] * 7 + [date(2024, 6, 19), date(2024, 4, 10), date(2024, 1, 5)]
    [f], [] = run(cc.BURST, _news(days))
    assert f.evidence["seen"] == {
        "items_in_window": 9, "share": 0.78, "previous_date": "2024-04-10", "silent_days": 69,
        "burst_days": [{"date": "2024-06-18", "items": 7}],
    }
    assert f.evidence["department"] == "宣传处" and f.evidence["window_days"] == 90
    assert f.message == ("栏目“工作动态”近 90 天的 9 条信息中有 7 条集中在 2024-06-18（7 条）发布，"
                         "此前 69 天未更新，疑似突击发布")


def test_two_busy_days_together_can_make_a_burst():
    days = [date(2024, 6, 17)] * 3 + [date(2024, 6, 18)] * 3 + [date(2024, 6, 19), date(2024, 6, 20),
                                                                 date(2024, 4, 1), date(2024, 3, 25)]
    [f], [] = run(cc.BURST, _news(days))
    assert f.evidence["seen"]["burst_days"] == [{"date": "2024-06-17", "items": 3},
                                                {"date": "2024-06-18", "items": 3}]
    assert f.evidence["seen"]["previous_date"] == "2024-04-01"


def test_items_on_few_days_without_a_long_silence_are_no_burst():
    days = [date(2024, 6, 18)] * 7 + [date(2024, 6, 19), date(2024, 5, 20)]
    assert run(cc.BURST, _news(days)) == ([], [])


def test_evenly_spread_items_are_no_burst():
    days = [CRAWL_DATE - timedelta(days=7 * i) for i in range(10)]
    assert run(cc.BURST, _news(days)) == ([], [])


def test_too_few_items_are_no_burst():
    assert run(cc.BURST, _news([date(2024, 6, 18)] * 4 + [date(2024, 1, 5)])) == ([], [])


def test_burst_without_any_earlier_item_is_not_reported():
    assert run(cc.BURST, _news([date(2024, 6, 18)] * 8)) == ([], [])


def test_on_demand_column_is_not_judged_for_bursts():
    snap = _news([date(2024, 6, 18)] * 8 + [date(2024, 1, 5)])
    snap.columns[0].settings["on_demand"] = True
    assert run(cc.BURST, snap) == ([], [])


def test_burst_in_a_column_read_incompletely_is_not_checked():
    snap = _news([date(2024, 6, 18)] * 8 + [date(2024, 1, 5)])
    snap.columns[0].complete = False
    [], [nc] = run(cc.BURST, snap)
    assert nc.url == NEWS and "未能完整读取" in nc.reason


# column.update_count

def test_update_count_gives_one_table_per_unit_for_the_quarter():
    news = column(NEWS, items=[item("市教委召开会议", NEWS + "a.html", date(2024, 6, 3)),
                               item("市教委部署工作", NEWS + "b.html", date(2024, 4, 1)),
                               item("市教委开展调研", NEWS + "c.html", date(2024, 3, 29)),
                               item("置顶：市教委简介", NEWS + "d.html", None)],
                  settings={"department": "宣传处"})
    rsxx = column(ROOT + "rsxx/", "人事信息", "personnel", placeholder="暂无信息",
                  items=[item("暂无信息", ROOT + "rsxx/#", None)])
    parent = column(ROOT + "fdzdgknr/", "法定主动公开内容", "other", has_children=True)
    [f], [] = run(cc.UPDATE_COUNT, snapshot([disclosure_page()], [news, rsxx, parent]))
    assert (f.rule, f.url, f.locator, f.column) == ("column.update_count", ROOT,
                                                    ROOT + "#update_count", None)
    assert f.message == "2024年第二季度（2024-04-01 至 2024-06-20）2 个栏目共发布 2 条信息，其中 1 个栏目无更新"
    assert f.evidence["seen"]["columns"] == [
        {"column": "工作动态", "url": NEWS, "type": "dynamic", "count": 2, "undated": 1,
         "complete": True, "on_demand": False, "max_age_days": 14, "department": "宣传处"},
        {"column": "人事信息", "url": ROOT + "rsxx/", "type": "personnel", "count": 0, "undated": 0,
         "complete": True, "on_demand": False, "max_age_days": 365, "department": None},
    ]
    assert f.evidence["period_start"] == "2024-04-01" and f.evidence["period_end"] == "2024-06-20"
    assert f.evidence["fetched_at"] == FETCHED.isoformat()


def test_update_count_without_columns_gives_nothing():
    assert run(cc.UPDATE_COUNT, snapshot([disclosure_page()], [])) == ([], [])


@pytest.mark.parametrize("period, start, label", [
    ("quarter", date(2024, 4, 1), "2024年第二季度"),
    ("month", date(2024, 6, 1), "2024年6月"),
    ("year", date(2024, 1, 1), "2024年"),
    (30, date(2024, 5, 22), "近 30 天"),
])
def test_period_of_the_update_count(period, start, label):
    assert cc.period_of(CRAWL_DATE, period) == (start, label)


# profile keys

@pytest.mark.parametrize("text, key", [
    ("required_columns:\n  city: []\n", "required_columns.city"),
    ("required_columns:\n  department:\n    - 行政许可\n", "required_columns.department[0]"),
    ("required_columns:\n  department:\n    - {name: 行政许可, synonym: [许可]}\n",
     "required_columns.department[0].synonym"),
    ("required_columns:\n  department:\n    - {name: 行政许可, synonyms: 许可}\n",
     "required_columns.department[0].synonyms"),
    ("rules:\n  column.burst: {share: 60}\n", "rules.column.burst.share"),
    ("rules:\n  column.update_count: {period: week}\n", "rules.column.update_count.period"),
    ("rules:\n  column.stale: {warn_days_before: -1}\n", "rules.column.stale.warn_days_before"),
    ("documents:\n  document_types: [policies]\n", "documents.document_types[0]"),
    ("documents:\n  normative_number: '规〔'\n  normative: []\n", "documents.normative"),
])
def test_a_broken_column_or_document_key_in_a_profile_is_named(tmp_path, text, key):
    path = tmp_path / "city.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_profile(path)
    assert info.value.key == key and info.value.line is not None


def test_a_city_profile_replaces_the_required_list_of_a_kind(tmp_path):
    path = tmp_path / "city.yaml"
    path.write_text("required_columns:\n  department:\n    - {name: 政策文件, synonyms: [文件]}\n",
                    encoding="utf-8")
    pages, columns = units_columns(without=["行政处罚"])
    assert run(cc.MISSING, snapshot(pages, columns), profile=load_profile(path)) == ([], [])


# the unit config's not_applicable reaches the rule through storage

UNITS = """\
units:
  - name: 北京市教育委员会
    kind: department
    home: http://jw.beijing.gov.cn/
    not_applicable: [行政处罚]
"""


def test_not_applicable_items_of_the_unit_config_reach_the_snapshot(sqlite_url):
    unit = units_from_text(UNITS).units[0]
    assert unit.not_applicable == ("行政处罚",)
    engine = make_engine(sqlite_url)
    init_db(engine)
    with session_scope(engine) as s:
        row = ensure_unit(s, unit)
        crawl = open_crawl(s)
        open_crawl_unit(s, crawl.id, row.id)
        crawl_id, unit_id = crawl.id, row.id
    with session_scope(engine) as s:
        snap = load_snapshot(s, crawl_id, unit_id)
    engine.dispose()
    assert snap.settings == {"not_applicable": ["行政处罚"], "columns_configured": False}


def test_not_applicable_must_be_a_list_of_names():
    with pytest.raises(ConfigError) as info:
        units_from_text(UNITS.replace("[行政处罚]", "行政处罚"))
    assert info.value.key == "units[0].not_applicable" and info.value.line == 5
