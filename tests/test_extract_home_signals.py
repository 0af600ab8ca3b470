"""spiders.extract.home_signals: dated links, the annual-form link and 咨询 channels of a home page."""
from __future__ import annotations

from pathlib import Path

from spiders.extract.home_signals import annual_form_links, consult_links, dated_links

HOME = "http://www.jiangcheng.gov.cn/"
PAGE = (Path(__file__).parent / "fixtures" / "home" / "county_home.html").read_text(encoding="utf-8")


def test_news_with_dates_beside_them():
    items = dated_links(PAGE, HOME)
    assert items[0] == {"title": "县政府召开第二季度安全生产工作会议",
                        "url": HOME + "xwzx/jcyw/202406/t20240618_88201.html",
                        "date": "2024-06-18", "date_text": "2024-06-18"}
    assert [i["date"] for i in items[:3]] == ["2024-06-18", "2024-06-14", "2024-06-11"]


def test_date_in_a_title_is_not_the_publication_date():
    items = {i["title"]: i for i in dated_links(PAGE, HOME)}
    assert items["关于6月15日城区部分路段停水的通知"]["date"] == "2024-06-11"


def test_short_date_takes_its_year_from_the_item_url_or_stays_yearless():
    items = {i["title"]: i for i in dated_links(PAGE, HOME)}
    assert items["江城县2024年公开招聘教师面试公告"]["date"] == "2024-06-05"
    assert items["关于2024年度县级财政预算公开的公示"] == {
        "title": "关于2024年度县级财政预算公开的公示", "url": HOME + "zwgk/tzgg/gsgg/index.html?id=311",
        "date": None, "date_text": "05-28"}


def test_undated_links_header_clock_and_hidden_templates_are_not_items():
    titles = [i["title"] for i in dated_links(PAGE, HOME)]
    assert len(titles) == 5
    assert "设为首页" not in titles and "无障碍浏览" not in titles
    assert "学习贯彻党的二十大精神" not in titles  # a special-topic link without a date
    assert "县委常委会召开2024年第12次会议" not in titles  # the carousel picture is undated


def test_date_printed_inside_the_link_after_the_title():
    html = '<ul><li><a href="/xw/1.html">市政府召开常务会议<span>2024-06-18</span></a></li></ul>'
    assert dated_links(html, HOME) == [{"title": "市政府召开常务会议", "url": HOME + "xw/1.html",
                                        "date": "2024-06-18", "date_text": "2024-06-18"}]


def test_annual_form_links_with_their_year():
    assert annual_form_links(PAGE, HOME) == [
        {"title": "江城县人民政府门户网站2023年度工作报表",
         "url": HOME + "zwgk/bb/202401/t20240118_85521.html", "year": 2023},
        {"title": "2022年政府网站工作年度报表",
         "url": HOME + "zwgk/bb/202301/t20230116_80001.html", "year": 2022}]


def test_supervision_form_is_not_the_work_form():
    html = '<a href="/bb/1.html">政府网站监管年度报表（2023年）</a>'
    assert annual_form_links(html, HOME) == []


def test_annual_form_link_without_year():
    html = '<div class="bb"><a href="/bb/">政府网站工作年度报表</a></div>'
    assert annual_form_links(html, HOME) == [{"title": "政府网站工作年度报表", "url": HOME + "bb/",
                                              "year": None}]


def test_consult_channels_leave_out_petitions_and_reports():
    assert consult_links(PAGE, HOME) == [
        {"title": "互动交流", "url": HOME + "hdjl/"},
        {"title": "县长信箱", "url": HOME + "hdjl/xzxx/"},
        {"title": "在线咨询", "url": HOME + "hdjl/zxzx/"}]


def test_home_without_any_channel():
    html = '<a href="http://xf.gov.cn/">网上信访</a><a href="/jb/">纪检监察举报</a><a href="/zwgk/">政务公开</a>'
    assert consult_links(html, HOME) == []


def test_picture_entry_without_text_counts_by_its_platform_path():
    html = ('<a href="/hdjl/zxzx/"><img src="/images/zxzx.png"></a>'
            '<a href="/xinfang/"><img src="/images/xf.png"></a><a href="/images/big.jpg"><img src="x.png"></a>')
    assert consult_links(html, HOME) == [{"title": "", "url": HOME + "hdjl/zxzx/"}]
