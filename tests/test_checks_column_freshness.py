"""column.blank and column.stale (per-column settings, early warnings)."""
from __future__ import annotations

import copy
from datetime import date, timedelta

from checks import column_freshness as cf
from checks.profile import Profile
from crawler.outcomes import Outcome
from tests.snapshots import (
    CRAWL_DATE,
    FETCHED,
    HOME,
    PROFILE,
    article,
    column,
    column_page,
    item,
    run,
    snapshot,
)

NEWS = HOME + "jyzx/jyxw/"
NOTICE = HOME + "zfxxgk/tzgg/"
PARENT = HOME + "zfxxgk/fdzdgknr/"


def _news(days_old: int | None, **kw):
    """工作动态 (dynamic, 14 d) with one item `days_old` days before the crawl date."""
    day = CRAWL_DATE - timedelta(days=days_old) if days_old is not None else None
    items = [item("市教委召开2024年中考工作部署会", NEWS + "202406/t1.html", day)]
    return snapshot([column_page(NEWS)], [column(NEWS, items=items, **kw)])


# column.blank

def test_leaf_column_read_with_no_items_is_blank():
    snap = snapshot([column_page(NEWS, "行政处罚")], [column(NEWS, "行政处罚", "other")])
    [f], [] = run(cf.BLANK, snap)
    assert (f.rule, f.url, f.column, f.locator) == ("column.blank", NEWS, "行政处罚", NEWS)
    assert f.message == "栏目“行政处罚”为空白栏目（无任何信息）"
    assert f.evidence["seen"]["items"] == 0
    assert f.evidence["page_url"] == NEWS
    assert f.evidence["fetched_at"] == FETCHED.isoformat()


def test_column_showing_only_placeholder_is_blank():
    snap = snapshot([column_page(NEWS, "行政处罚")],
                    [column(NEWS, "行政处罚", "other", placeholder="暂无信息")])
    [f], [] = run(cf.BLANK, snap)
    assert f.message == "栏目“行政处罚”为空白栏目（仅显示“暂无信息”）"
    assert f.evidence["seen"]["placeholder"] == "暂无信息"


def test_column_whose_only_entry_is_a_placeholder_row_is_blank():
    rows = [item("正在建设中……", NEWS + "#", None)]
    snap = snapshot([column_page(NEWS, "行政强制")], [column(NEWS, "行政强制", "other", items=rows)])
    [f], [] = run(cf.BLANK, snap)
    assert f.evidence["seen"]["placeholder_items"] == ["正在建设中……"]


def test_column_with_items_is_not_blank():
    assert run(cf.BLANK, _news(3)) == ([], [])


def test_column_with_children_and_no_items_is_not_blank():
    snap = snapshot([column_page(PARENT, "法定主动公开内容")],
                    [column(PARENT, "法定主动公开内容", "other", has_children=True)])
    assert run(cf.BLANK, snap) == ([], [])


def test_column_whose_first_list_page_failed_is_not_checked():
    snap = snapshot([column_page(NEWS, outcome=Outcome.TIMEOUT, status=None)],
                    [column(NEWS, complete=False)])
    [], [nc] = run(cf.BLANK, snap)
    assert (nc.rule, nc.url) == ("column.blank", NEWS) and "超时" in nc.reason


def test_empty_column_read_incompletely_is_not_checked():
    snap = snapshot([column_page(NEWS)], [column(NEWS, complete=False)])
    [], [nc] = run(cf.BLANK, snap)
    assert "未能完整读取" in nc.reason


def test_empty_column_without_list_page_record_is_not_checked():
    [], [nc] = run(cf.BLANK, snapshot([], [column(NEWS)]))
    assert nc.url == NEWS


def test_list_with_entries_the_extractor_missed_is_not_checked():
    cp = column_page(NEWS)
    cp.data["list"]["item_count"] = 20
    [], [nc] = run(cf.BLANK, snapshot([cp], [column(NEWS)]))
    assert "20" in nc.reason


def test_column_page_without_a_recognised_list_is_not_checked():
    cp = column_page(NEWS, "机构职能")
    del cp.data["list"]
    [], [nc] = run(cf.BLANK, snapshot([cp], [column(NEWS, "机构职能", "organisation")]))
    assert "未识别出信息列表" in nc.reason


# column.stale

def test_dynamic_column_updated_14_days_ago_is_not_stale():
    [f], [] = run(cf.STALE, _news(14))
    assert f.severity == "info" and f.evidence["warning"] is True


def test_dynamic_column_updated_15_days_ago_is_stale():
    [f], [] = run(cf.STALE, _news(15))
    assert (f.rule, f.url, f.column, f.locator) == ("column.stale", NEWS, "工作动态", NEWS)
    seen = f.evidence["seen"]
    assert seen["newest_date"] == "2024-06-05" and seen["age_days"] == 15
    assert seen["newest_title"] == "市教委召开2024年中考工作部署会"
    assert f.evidence["max_age_days"] == 14 and f.evidence["as_of"] == "2024-06-20"
    assert "14 天" in f.evidence["expected"] and "动态要闻" in f.evidence["expected"]
    assert f.message == ("栏目“工作动态”最新信息“市教委召开2024年中考工作部署会”发布于 2024-06-05，"
                         "截至 2024-06-20 已 15 天未更新（要求 14 天内）")


def test_staleness_is_measured_as_of_the_given_date():
    snap = _news(15)
    assert run(cf.STALE, snap, as_of=CRAWL_DATE - timedelta(days=6)) == ([], [])


def test_newest_of_several_items_counts():
    items = [item("旧", NEWS + "a.html", date(2023, 1, 5)),
             item("新", NEWS + "b.html", date(2024, 6, 18)),
             item("无日期", NEWS + "c.html", None)]
    snap = snapshot([column_page(NEWS)], [column(NEWS, items=items)])
    assert run(cf.STALE, snap) == ([], [])


def test_column_with_only_undated_items_is_stale():
    items = [item("关于印发《工作要点》的通知", NEWS + "a.html", None),
             item("关于开展安全检查的通知", NEWS + "b.html", None)]
    snap = snapshot([column_page(NEWS, "通知公告")], [column(NEWS, "通知公告", "notice", items=items)])
    [f], [] = run(cf.STALE, snap)
    assert f.message == "栏目“通知公告”的 2 条信息均未标注发布日期，视为未更新"
    assert f.evidence["seen"]["dated_items"] == 0 and f.evidence["seen"]["newest_date"] is None


def test_undated_list_item_takes_the_article_page_date():
    art_url = NEWS + "a.html"
    snap = snapshot([column_page(NEWS), article(art_url, visible="2024-06-18")],
                    [column(NEWS, items=[item("市教委召开会议", art_url, None)])])
    assert run(cf.STALE, snap) == ([], [])


def test_unreadable_item_dates_are_not_checked_rather_than_stale():
    items = [item("市教委召开会议", NEWS + "a.html", None, date_text="06月18日上午")]
    snap = snapshot([column_page(NEWS)], [column(NEWS, items=items)])
    [], [nc] = run(cf.STALE, snap)
    assert "无法识别" in nc.reason


def test_notice_column_uses_its_six_month_window():
    items = [item("关于2024年高考报名的公告", NOTICE + "a.html", CRAWL_DATE - timedelta(days=100))]
    snap = snapshot([column_page(NOTICE, "通知公告")],
                    [column(NOTICE, "通知公告", "notice", items=items)])
    assert run(cf.STALE, snap) == ([], [])


def test_column_setting_max_age_days_overrides_the_type():
    [f], [] = run(cf.STALE, _news(10, settings={"max_age_days": 7}))
    assert f.evidence["max_age_days"] == 7


def test_on_demand_column_has_no_freshness_rule():
    assert run(cf.STALE, _news(400, settings={"on_demand": True})) == ([], [])


def test_type_without_window_has_no_freshness_rule():
    items = [item("政府信息公开指南", HOME + "zn.html", date(2019, 3, 1))]
    snap = snapshot([column_page(HOME + "zn/")], [column(HOME + "zn/", "公开指南", "guide",
                                                          items=items)])
    assert run(cf.STALE, snap) == ([], [])


def test_blank_column_is_reported_as_blank_only():
    snap = snapshot([column_page(NEWS)], [column(NEWS, placeholder="暂无信息")])
    assert run(cf.STALE, snap) == ([], [])
    assert [f.rule for f in run(cf.BLANK, snap)[0]] == ["column.blank"]


def test_stale_column_whose_first_list_page_failed_is_not_checked():
    snap = snapshot([column_page(NEWS, outcome=Outcome.SERVER_ERROR, status=502)],
                    [column(NEWS, complete=False)])
    [], [nc] = run(cf.STALE, snap)
    assert (nc.rule, nc.url) == ("column.stale", NEWS)


def test_invalid_column_setting_is_not_checked():
    [], [nc] = run(cf.STALE, _news(30, settings={"max_age_days": "两周"}))
    assert nc.rule == "column.stale"


def test_stale_finding_names_the_columns_department():
    [f], [] = run(cf.STALE, _news(20, settings={"department": "办公室"}))
    assert f.evidence["department"] == "办公室"


def test_blank_finding_names_the_columns_department():
    snap = snapshot([column_page(NEWS, "人事信息")],
                    [column(NEWS, "人事信息", "personnel", settings={"department": "人事科"})])
    [f], [] = run(cf.BLANK, snap)
    assert f.evidence["department"] == "人事科"


def test_finding_of_a_column_without_department_has_no_department_key():
    [f], [] = run(cf.STALE, _news(20))
    assert "department" not in f.evidence


# column.stale early warnings (预警)

def test_dynamic_column_10_days_without_update_gets_an_early_warning():
    [f], [] = run(cf.STALE, _news(10, settings={"department": "宣传科"}))
    assert (f.rule, f.url, f.column, f.severity) == ("column.stale", NEWS, "工作动态", "info")
    assert f.locator == NEWS + "#预警"
    assert f.message == ("预警：栏目“工作动态”最新信息发布于 2024-06-10，已 10 天未更新，"
                         "再过 5 天将超过 14 天的更新要求")
    assert f.evidence["warning"] is True and f.evidence["veto_at"] == 15
    assert f.evidence["seen"]["age_days"] == 10
    assert f.evidence["department"] == "宣传科"
    assert f.evidence["fetched_at"] == FETCHED.isoformat()


def test_dynamic_column_9_days_without_update_gets_no_warning():
    assert run(cf.STALE, _news(9)) == ([], [])


def test_stale_column_gets_the_finding_and_no_warning():
    [f], [] = run(cf.STALE, _news(15))
    assert f.severity is None and "warning" not in f.evidence


def test_warning_follows_the_columns_own_window():
    [f], [] = run(cf.STALE, _news(27, settings={"max_age_days": 30}))
    assert f.evidence["veto_at"] == 31 and f.evidence["max_age_days"] == 30


def test_on_demand_column_gets_no_warning():
    assert run(cf.STALE, _news(12, settings={"on_demand": True})) == ([], [])


def test_profile_without_warning_threshold_gives_no_warning():
    data = copy.deepcopy(PROFILE.data)
    del data["rules"]["column.stale"]["warn_days_before"]
    assert run(cf.STALE, _news(12), profile=Profile(data)) == ([], [])


def test_column_with_unreadable_dates_gets_no_warning():
    items = [item("市教委召开会议", NEWS + "a.html", CRAWL_DATE - timedelta(days=12)),
             item("市教委部署工作", NEWS + "b.html", None, date_text="06月18日上午")]
    snap = snapshot([column_page(NEWS)], [column(NEWS, items=items)])
    assert run(cf.STALE, snap) == ([], [])
