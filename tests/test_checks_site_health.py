"""site.unreachable, site.home_stale, site.stale_columns_veto, site.blank_columns_veto, site.annual_form."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from checks import site_health as sh
from checks.profile import Profile
from crawler.outcomes import Outcome
from spiders.extract.home_signals import annual_form_links, dated_links
from tests.snapshots import (
    CRAWL_DATE,
    HOME,
    PROFILE,
    column,
    column_page,
    home,
    item,
    link,
    page,
    run,
    snapshot,
)

T = ["2024-06-20T02:15:07", "2024-06-20T02:20:09", "2024-06-20T02:25:12"]
ROOT = HOME + "zfxxgk/"
COUNTY_HOME = (Path(__file__).parent / "fixtures" / "home" / "county_home.html").read_text(encoding="utf-8")


def _profile(rule_id: str, **params) -> Profile:
    data = dict(PROFILE.data)
    data["rules"] = {**PROFILE.data["rules"], rule_id: {**PROFILE.rule(rule_id), **params}}
    return Profile(data)


def _down(outcome: str, status: int | None, n: int = 3, times=T):
    failed = home(outcome=outcome, status=status)
    return snapshot([], [], [link(HOME, [(times[i], outcome, status) for i in range(n)], sources=[])],
                    home_page=failed)


# site.unreachable

def test_home_failing_every_attempt_is_unreachable():
    [f], [] = run(sh.UNREACHABLE, _down(Outcome.SERVER_ERROR, 503))
    assert (f.rule, f.url, f.locator) == ("site.unreachable", HOME, HOME)
    assert f.message == "网站首页无法访问（3 次访问均失败：服务器错误(5xx)）"
    assert [a["status"] for a in f.evidence["seen"]["attempts"]] == [503, 503, 503]
    assert f.evidence["spread_minutes"] == 10.1 and f.evidence["fetched_at"] == T[2]


def test_timeouts_on_every_attempt_are_unreachable():
    [f], [] = run(sh.UNREACHABLE, _down(Outcome.TIMEOUT, None))
    assert "超时" in f.message


def test_home_loaded_is_reachable():
    assert run(sh.UNREACHABLE, snapshot()) == ([], [])


def test_home_that_recovered_on_a_later_attempt_is_reachable():
    snap = snapshot(links=[link(HOME, [(T[0], Outcome.SERVER_ERROR, 502), (T[1], Outcome.OK, 200)],
                                sources=[])])
    assert run(sh.UNREACHABLE, snap) == ([], [])


def test_too_few_attempts_are_not_checked():
    [], [nc] = run(sh.UNREACHABLE, _down(Outcome.SERVER_ERROR, 503, n=2))
    assert "不足 3 次" in nc.reason


def test_site_refusing_the_crawler_is_not_checked():
    [], [nc] = run(sh.UNREACHABLE, _down(Outcome.BLOCKED, 403))
    assert nc.url == HOME and "被拒绝访问" in nc.reason


def test_attempts_closer_than_the_profile_spread_are_not_checked():
    profile = _profile("site.unreachable", min_spread_minutes=10)
    [], [nc] = run(sh.UNREACHABLE, _down(Outcome.DNS_FAILURE, None,
                                        times=[T[0], T[0], "2024-06-20T02:24:00"]), profile)
    assert "不足 10 分钟" in nc.reason
    [f], [] = run(sh.UNREACHABLE, _down(Outcome.DNS_FAILURE, None), profile)
    assert f.evidence["spread_minutes"] == 10.1


def test_home_never_fetched_is_not_checked():
    [], [nc] = run(sh.UNREACHABLE, snapshot(home_page=None))
    assert nc.reason == "首页未抓取"


# site.home_stale

def _home_items(*items: tuple[str, str | None, str]):
    start = home()
    start.data["home_items"] = [{"title": t, "url": HOME + f"xw/{n}.html", "date": d, "date_text": text}
                                for n, (t, d, text) in enumerate(items)]
    return snapshot(home_page=start)


def _days_ago(n: int) -> str:
    return (CRAWL_DATE - timedelta(days=n)).isoformat()


def test_home_not_updated_for_15_days_is_a_veto():
    snap = _home_items(("市教委召开2024年中考工作部署会", _days_ago(15), _days_ago(15)),
                       ("北京市2024年义务教育入学政策发布", _days_ago(40), _days_ago(40)))
    [f], [] = run(sh.HOME_STALE, snap)
    assert (f.rule, f.url, f.severity) == ("site.home_stale", HOME, None)
    assert f.evidence["seen"]["age_days"] == 15 and f.evidence["seen"]["newest_date"] == "2024-06-05"
    assert f.message == ("首页最新信息“市教委召开2024年中考工作部署会”发布于 2024-06-05，"
                         "截至 2024-06-20 已 15 天未更新（要求 14 天内）")


def test_home_14_days_without_update_is_an_early_warning():
    [f], [] = run(sh.HOME_STALE, _home_items(("市教委召开会议", _days_ago(14), _days_ago(14))))
    assert f.severity == "info" and f.message == "预警：首页已 14 天未更新（超过 14 天未更新即单项否决）"
    assert f.evidence["warning"] is True and f.evidence["veto_at"] == 15


def test_home_10_days_without_update_is_an_early_warning():
    [f], [] = run(sh.HOME_STALE, _home_items(("市教委召开会议", _days_ago(10), _days_ago(10))))
    assert f.severity == "info" and f.evidence["seen"]["age_days"] == 10


def test_home_updated_9_days_ago_passes():
    assert run(sh.HOME_STALE, _home_items(("市教委召开会议", _days_ago(9), _days_ago(9)))) == ([], [])


def test_yearless_date_is_its_latest_occurrence_before_the_as_of_date():
    assert run(sh.HOME_STALE, _home_items(("通知公告", None, "06-18"))) == ([], [])
    [f], [] = run(sh.HOME_STALE, _home_items(("通知公告", None, "12-28")))
    assert f.evidence["seen"]["newest_date"] == "2023-12-28"


def test_future_dates_do_not_count_as_updates():
    snap = _home_items(("2024年暑期夏令营活动通知", "2024-07-15", "2024-07-15"),
                       ("市教委召开会议", _days_ago(30), _days_ago(30)))
    [f], [] = run(sh.HOME_STALE, snap)
    assert f.evidence["seen"]["age_days"] == 30


def test_home_without_dated_items_is_not_checked():
    [], [nc] = run(sh.HOME_STALE, _home_items())
    assert "未识别出标注日期的信息" in nc.reason
    [], [nc] = run(sh.HOME_STALE, snapshot())
    assert "home_items" in nc.reason


def test_real_home_page_layout():
    start = home()
    start.data["home_items"] = dated_links(COUNTY_HOME, "http://www.jiangcheng.gov.cn/")
    snap = snapshot(home_page=start)
    assert run(sh.HOME_STALE, snap) == ([], [])
    [f], [] = run(sh.HOME_STALE, snap, as_of=date(2024, 7, 10))
    assert f.evidence["seen"]["newest_title"] == "县政府召开第二季度安全生产工作会议"


# site.stale_columns_veto and site.blank_columns_veto

def _news_columns(ages: list[int], type_: str = "dynamic", parent: str | None = ROOT):
    cols, pages = [], []
    for n, age in enumerate(ages):
        url = ROOT + f"c{n}/"
        day = CRAWL_DATE - timedelta(days=age)
        cols.append(column(url, f"栏目{n}", type_, parent_url=parent,
                           items=[item(f"信息{n}", url + "t1.html", day)]))
        pages.append(column_page(url, f"栏目{n}"))
    return cols, pages


def test_five_stale_news_columns_are_a_veto():
    cols, pages = _news_columns([20, 30, 40, 50, 60, 3])
    [f], [] = run(sh.STALE_COLUMNS, snapshot(pages, cols))
    assert (f.rule, f.url, f.locator) == ("site.stale_columns_veto", HOME, HOME + "#site.stale_columns_veto")
    assert f.evidence["seen"]["count"] == 5
    assert [c["column"] for c in f.evidence["seen"]["columns"]] == ["栏目0", "栏目1", "栏目2", "栏目3", "栏目4"]
    assert f.message.startswith("网站有 5 个不更新栏目（“栏目0”、“栏目1”")


def test_four_stale_columns_are_not_a_veto():
    cols, pages = _news_columns([20, 30, 40, 50, 3])
    assert run(sh.STALE_COLUMNS, snapshot(pages, cols)) == ([], [])


def test_columns_in_their_warning_days_are_not_stale():
    cols, pages = _news_columns([20, 30, 40, 50, 12])
    assert run(sh.STALE_COLUMNS, snapshot(pages, cols)) == ([], [])


def _stale_column(url: str, name: str, type_: str, parent: str, age: int):
    day = CRAWL_DATE - timedelta(days=age)
    return (column(url, name, type_, parent_url=parent, items=[item("信息", url + "t1.html", day)]),
            column_page(url, name))


def test_only_top_level_notice_columns_count():
    built = [_stale_column(ROOT + f"tz{n}/", f"通知公告{n}", "notice", ROOT, 200) for n in range(3)]
    built += [_stale_column(ROOT + f"tz0/sub{n}/", f"子栏目{n}", "notice", ROOT + "tz0/", 200)
              for n in range(2)]
    built.append(_stale_column(ROOT + "gzdt/", "工作动态", "dynamic", ROOT, 30))
    snap = snapshot([p for _, p in built], [c for c, _ in built])
    assert run(sh.STALE_COLUMNS, snap) == ([], [])  # 3 top-level notices + 1 news: nested ones do not count
    news, news_page = _stale_column(ROOT + "tz0/yw/", "要闻", "dynamic", ROOT + "tz0/", 30)
    snap.columns.append(news)
    snap.pages[news.url] = news_page
    [f], [] = run(sh.STALE_COLUMNS, snap)  # news columns count at any level
    assert f.evidence["seen"]["count"] == 5


def test_undecidable_columns_that_could_reach_the_threshold_are_not_checked():
    cols, pages = _news_columns([20, 30, 40, 50, 60])
    pages[4] = column_page(cols[4].url, outcome=Outcome.TIMEOUT, status=None)
    [], [nc] = run(sh.STALE_COLUMNS, snapshot(pages, cols))
    assert nc.reason == "4 个栏目不更新，另有 1 个栏目无法判断，不能确定是否达到 5 个"


def _blank(n: int, filled: int = 0):
    cols = [column(ROOT + f"b{i}/", f"空栏目{i}", "other", parent_url=ROOT) for i in range(n)]
    cols += [column(ROOT + f"f{i}/", f"栏目{i}", "other", parent_url=ROOT,
                    items=[item("信息", ROOT + f"f{i}/t.html", CRAWL_DATE)]) for i in range(filled)]
    return snapshot([column_page(c.url, c.name) for c in cols], cols)


def test_five_blank_columns_are_a_veto():
    [f], [] = run(sh.BLANK_COLUMNS, _blank(5, filled=3))
    assert (f.rule, f.url, f.severity) == ("site.blank_columns_veto", HOME, None)
    assert f.evidence["seen"]["count"] == 5 and f.evidence["veto_at"] == 5


def test_two_blank_columns_are_an_early_warning():
    [f], [] = run(sh.BLANK_COLUMNS, _blank(2, filled=3))
    assert f.severity == "info" and f.message == "预警：网站已有 2 个空白栏目（5 个即单项否决）"
    assert f.evidence["warning"] is True and f.evidence["veto_at"] == 5


def test_one_blank_column_is_neither():
    assert run(sh.BLANK_COLUMNS, _blank(1, filled=3)) == ([], [])


# site.annual_form

def _form_home(links: list[dict] | None):
    start = home()
    if links is not None:
        start.data["annual_form_links"] = links
    return snapshot(home_page=start)


def test_last_years_form_linked_from_the_home_page_passes():
    links = annual_form_links(COUNTY_HOME, "http://www.jiangcheng.gov.cn/")
    assert run(sh.ANNUAL_FORM, _form_home(links), as_of=date(2024, 2, 1)) == ([], [])


def test_only_an_older_form_on_the_home_page_is_reported():
    links = [{"title": "2022年政府网站工作年度报表", "url": HOME + "bb/2022.html", "year": 2022}]
    [f], [] = run(sh.ANNUAL_FORM, _form_home(links), as_of=date(2024, 2, 1))
    assert (f.rule, f.url, f.locator) == ("site.annual_form", HOME, HOME + "#annual-form-2023")
    assert f.message == "首页未发布2023年度《政府网站工作年度报表》（应于 2024-01-31 前发布）"
    assert f.evidence["seen"] == {"form_links": links}


def test_form_not_due_before_february():
    assert run(sh.ANNUAL_FORM, _form_home([]), as_of=date(2024, 1, 31)) == ([], [])


def test_form_link_without_a_year_is_not_checked():
    links = [{"title": "政府网站工作年度报表", "url": HOME + "bb/", "year": None}]
    [], [nc] = run(sh.ANNUAL_FORM, _form_home(links), as_of=date(2024, 2, 1))
    assert "未标明年度" in nc.reason


def test_home_without_extracted_form_links_is_not_checked():
    [], [nc] = run(sh.ANNUAL_FORM, _form_home(None), as_of=date(2024, 2, 1))
    assert "annual_form_links" in nc.reason


def test_unit_kinds_not_required_by_the_profile_are_skipped():
    profile = _profile("site.annual_form", kinds=["government"])
    assert run(sh.ANNUAL_FORM, _form_home([]), profile, as_of=date(2024, 2, 1)) == ([], [])


def test_yearless_form_link_takes_the_year_of_its_target_page():
    target = HOME + "art/2024/1/20/art_1000_56470.html"
    links = [{"title": "网站年度工作报表", "url": target, "year": None}]
    snap = _form_home(links)
    snap.pages[target] = page(target, "article", {"article": {"title": "北京市教育委员会网站2023年度工作报表"}})
    assert run(sh.ANNUAL_FORM, snap, as_of=date(2024, 2, 1)) == ([], [])
    [f], [] = run(sh.ANNUAL_FORM, snap, as_of=date(2025, 2, 1))
    assert f.message.startswith("首页未发布2024年度")


def test_yearless_form_link_dated_in_january_by_its_url_is_last_years():
    links = [{"title": "网站年度工作报表", "url": HOME + "art/2024/1/20/art_1000_56470.html", "year": None}]
    assert run(sh.ANNUAL_FORM, _form_home(links), as_of=date(2024, 2, 1)) == ([], [])
    links = [{"title": "网站年度工作报表", "url": HOME + "art/2024/7/20/art_1000_56470.html", "year": None}]
    [], [nc] = run(sh.ANNUAL_FORM, _form_home(links), as_of=date(2024, 8, 1))
    assert "未标明年度" in nc.reason
