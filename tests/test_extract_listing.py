"""List-page extraction: items, placeholders and pagination across CMS families."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from spiders.extract.listing import ListItem, extract_items, find_placeholder, pagination_urls

FIX = Path(__file__).parent / "fixtures"
CMS = FIX / "cms"

TRS_URL = "http://www.demo-xian.gov.cn/zwgk/tzgg/index.html"
SHORT_URL = "http://www.demo-shi.gov.cn/xxgk/bmdt/index_1.htm"
JCMS_URL = "http://jtj.demo-shi.gov.cn/col/col123/index.html"
JIYUE_URL = "http://www.demo-qu.gov.cn/zwgk/tzgg/index.html"
UCAP_URL = "http://www.demo-sheng.gov.cn/10462/c102914/index_1.shtml"
PLAIN_URL = "http://www.demo-zhen.gov.cn/gsgg/"
EMPTY_URL = "http://www.demo-xian.gov.cn/zwgk/zdjsxm/"
PINGTAN_URL = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/nlist.htm"


def _read(name: str) -> str:
    data = (CMS / name).read_bytes()
    return data.decode("gb18030") if name == "trs_list.html" else data.decode("utf-8")


def _pingtan() -> str:
    return (FIX / "corpus" / "www.pingtan.gov.cn" / "list_zfxxgknb__pingtan-archive.html").read_text("utf-8")


# --------------------------------------------------------------------------- TRS


def test_trs_list_extracts_all_twenty_rows():
    items = extract_items(_read("trs_list.html"), TRS_URL)
    assert len(items) == 20
    assert items[0] == ListItem(
        title="关于2023年度县级政府信息公开工作考核结果的通报",
        url="http://www.demo-xian.gov.cn/zwgk/tzgg/202304/t20230417_1234567.html",
        date=date(2023, 4, 17),
        date_text="2023-04-17",
    )
    assert items[-1] == ListItem(
        title="某某县2022年秋季征兵工作公告",
        url="http://www.demo-xian.gov.cn/zwgk/tzgg/202211/t20221118_1226502.html",
        date=date(2022, 11, 18),
        date_text="2022-11-18",
    )


def test_trs_list_prefers_title_attribute_for_truncated_text():
    items = extract_items(_read("trs_list.html"), TRS_URL)
    assert items[1].title == "某某县人民政府办公室关于印发《某某县2023年政务公开工作要点》的通知"
    assert items[15].title == "关于公开征求《某某县城区停车管理办法（征求意见稿）》意见的公告"


def test_trs_list_ignores_sidebar_navigation_and_footer():
    items = extract_items(_read("trs_list.html"), TRS_URL)
    assert all(i.url.startswith("http://www.demo-xian.gov.cn/zwgk/tzgg/2022") or
               i.url.startswith("http://www.demo-xian.gov.cn/zwgk/tzgg/2023") for i in items)
    assert all(i.date is not None for i in items)


def test_trs_create_page_html_gives_index_1_to_4():
    assert pagination_urls(_read("trs_list.html"), TRS_URL) == [
        "http://www.demo-xian.gov.cn/zwgk/tzgg/index_1.html",
        "http://www.demo-xian.gov.cn/zwgk/tzgg/index_2.html",
        "http://www.demo-xian.gov.cn/zwgk/tzgg/index_3.html",
        "http://www.demo-xian.gov.cn/zwgk/tzgg/index_4.html",
    ]


def test_trs_pagination_from_directory_url_skips_the_page_itself():
    urls = pagination_urls(_read("trs_list.html"), "http://www.demo-xian.gov.cn/zwgk/tzgg/")
    assert urls[0] == "http://www.demo-xian.gov.cn/zwgk/tzgg/index_1.html"
    assert len(urls) == 4


def test_short_dates_take_year_from_trs_url():
    items = extract_items(_read("trs_list_shortdate.html"), SHORT_URL)
    assert items[0] == ListItem(
        title="市生态环境局开展冬季大气污染防治专项检查",
        url="http://www.demo-shi.gov.cn/xxgk/bmdt/202401/t20240105_3402118.htm",
        date=date(2024, 1, 5),
        date_text="01-05",
    )
    assert items[-1].date == date(2023, 12, 19)


def test_short_date_crossing_new_year_picks_year_nearest_url_date():
    items = extract_items(_read("trs_list_shortdate.html"), SHORT_URL)
    assert items[2].url.endswith("/202312/t20231229_3399870.htm")
    assert items[2].date == date(2024, 1, 3)


def test_short_date_without_url_date_is_undated_with_text_kept():
    items = extract_items(_read("trs_list_shortdate.html"), SHORT_URL)
    assert items[3] == ListItem(
        title="国务院常务会议部署做好岁末年初重点工作",
        url="http://www.gov.cn/xinwen/2023-12/28/content_6923000.htm",
        date=None,
        date_text="01-02",
    )


def test_list_split_into_several_ul_blocks_is_merged():
    items = extract_items(_read("trs_list_shortdate.html"), SHORT_URL)
    assert len(items) == 13


def test_var_count_page_with_current_page_one():
    assert pagination_urls(_read("trs_list_shortdate.html"), SHORT_URL) == [
        "http://www.demo-shi.gov.cn/xxgk/bmdt/index.htm",
        "http://www.demo-shi.gov.cn/xxgk/bmdt/index_2.htm",
    ]


# --------------------------------------------------------------------------- Hanweb JCMS


def test_jcms_datastore_records_are_items():
    items = extract_items(_read("jcms_col.html"), JCMS_URL)
    assert len(items) == 15
    assert items[0] == ListItem(
        title="关于2023年“五一”假期高速公路免费通行的通告",
        url="http://jtj.demo-shi.gov.cn/art/2023/4/17/art_123_3829451.html",
        date=date(2023, 4, 17),
        date_text="2023-04-17",
    )
    assert items[-1] == ListItem(
        title="关于某某大桥限载通行的通告",
        url="http://jtj.demo-shi.gov.cn/art/2023/1/31/art_123_3816900.html",
        date=date(2023, 1, 31),
        date_text="2023-01-31",
    )


def test_jcms_record_title_attribute_replaces_truncated_text():
    items = extract_items(_read("jcms_col.html"), JCMS_URL)
    assert items[1].title == (
        "某某市交通运输局关于公开征求《某某市网络预约出租汽车经营服务管理实施细则（修订征求意见稿）》意见的公告"
    )


def test_jcms_uid_pagenum_pages_from_total_record():
    assert pagination_urls(_read("jcms_col.html"), JCMS_URL) == [
        f"http://jtj.demo-shi.gov.cn/col/col123/index.html?uid=456&pageNum={n}" for n in range(2, 9)
    ]


def test_jcms_dataproxy_ranges_without_pagenum():
    html = """<html><body><div id="456"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=38&path=/&columnid=123&unitid=456&permissiontype=0"></a>]]></nextgroup>
<recordset><record><![CDATA[<li><a href="/art/2023/4/17/art_123_1.html">关于某某事项的通知</a><span>2023-04-17</span></li>]]></record></recordset>
</datastore></script></div>
<script>$('#456').jpage({dataStore: dataStore, perPage: 15, totalRecord: 100, groupSize: 3,
proxyUrl: '/module/web/jpage/dataproxy.jsp'});</script></body></html>"""
    base = "http://jtj.demo-shi.gov.cn/module/web/jpage/dataproxy.jsp?"
    tail = "&perpage=15&appid=1&webid=38&path=%2F&columnid=123&unitid=456&permissiontype=0"
    assert pagination_urls(html, JCMS_URL) == [
        base + "startrecord=46&endrecord=90" + tail,
        base + "startrecord=91&endrecord=100" + tail,
    ]


# --------------------------------------------------------------------------- 集约化 / Ucap / plain


def test_jiyue_post_items_with_date_before_link():
    items = extract_items(_read("jiyue_list.html"), JIYUE_URL)
    assert len(items) == 12
    assert items[0] == ListItem(
        title="某某区关于2023年区级财政预算公开情况的公告",
        url="http://www.demo-qu.gov.cn/zwgk/tzgg/content/post_4150321.html",
        date=date(2023, 4, 17),
        date_text="2023-04-17",
    )
    assert items[-1].url == "http://www.demo-qu.gov.cn/zwgk/tzgg/content/post_4143921.html"
    assert items[-1].date == date(2023, 3, 8)


def test_jiyue_query_pages_filled_up_to_last_page():
    assert pagination_urls(_read("jiyue_list.html"), JIYUE_URL) == [
        f"http://www.demo-qu.gov.cn/zwgk/tzgg/index.html?page={n}" for n in range(2, 13)
    ]


def test_pagination_from_a_middle_page_excludes_itself_and_includes_first_page():
    urls = pagination_urls(_read("jiyue_list.html"), JIYUE_URL + "?page=3")
    assert urls[0] == JIYUE_URL
    assert JIYUE_URL + "?page=3" not in urls
    assert urls[1:] == [JIYUE_URL + f"?page={n}" for n in (2, *range(4, 13))]


def test_ucap_table_rows_take_the_last_date_column():
    items = extract_items(_read("ucap_list.html"), UCAP_URL)
    assert len(items) == 15
    assert items[0] == ListItem(
        title="某某省人民政府关于印发《某某省推动经济稳进提质若干政策措施》的通知",
        url="http://www.demo-sheng.gov.cn/10462/c102914/2023/4/17/1ee7b3a95836eceaec8d78b4b685b316.shtml",
        date=date(2023, 4, 17),
        date_text="2023-04-17",
    )
    assert items[-1].date == date(2022, 12, 12)
    assert items[13].date == date(2022, 12, 19)  # empty 成文日期 cell


def test_ucap_six_argument_create_page_html():
    assert pagination_urls(_read("ucap_list.html"), UCAP_URL) == [
        "http://www.demo-sheng.gov.cn/10462/c102914/index.shtml",
        *[f"http://www.demo-sheng.gov.cn/10462/c102914/index_{n}.shtml" for n in range(2, 12)],
    ]


def test_plain_paragraph_rows_with_chinese_dates():
    items = extract_items(_read("plain_list.html"), PLAIN_URL)
    assert len(items) == 10
    assert items[0] == ListItem(
        title="关于某某镇2023年农村低保对象拟纳入名单的公示",
        url="http://www.demo-zhen.gov.cn/gsgg/2023-04-17/1523.html",
        date=date(2023, 4, 17),
        date_text="2023年4月17日",
    )
    assert items[-1].date == date(2023, 2, 20)


def test_plain_pager_links_filled_up_to_last_page():
    assert pagination_urls(_read("plain_list.html"), PLAIN_URL) == [
        f"http://www.demo-zhen.gov.cn/gsgg/index_{n}.html" for n in range(2, 9)
    ]


def test_total_pages_text_completes_pages_without_last_link():
    html = """<html><body><ul><li><a href="/a/2023-04-17/1.html">关于某某事项的公告</a>2023-04-17</li></ul>
    <div class="page">共5页 <b>1</b> <a href="list_2.html">2</a> <a href="list_2.html">下一页</a></div></body></html>"""
    assert pagination_urls(html, "http://x.gov.cn/gsgg/list.html") == [
        f"http://x.gov.cn/gsgg/list_{n}.html" for n in range(2, 6)
    ]


# --------------------------------------------------------------------------- empty / corpus


def test_empty_column_has_no_items():
    assert extract_items(_read("empty_column.html"), EMPTY_URL) == []


def test_empty_column_placeholder_is_found():
    assert find_placeholder(_read("empty_column.html")) == "暂无信息"


def test_single_page_create_page_html_gives_no_pages():
    assert pagination_urls(_read("empty_column.html"), EMPTY_URL) == []


def test_pingtan_static_items_ignore_hidden_avalon_template():
    items = extract_items(_pingtan(), PINGTAN_URL)
    assert len(items) == 10
    assert items[0] == ListItem(
        title="平潭综合实验区2025年度政府信息公开工作年度报告",
        url="https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202603/t20260313_105587.htm",
        date=date(2026, 3, 10),
        date_text="2026-03-10",
    )
    assert items[-1] == ListItem(
        title="平潭综合实验区2016年度政府信息公开工作年度报告",
        url="https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/201701/t20170118_80485.htm",
        date=date(2017, 1, 18),
        date_text="2017-01-18",
    )


def test_pingtan_api_pager_gives_no_static_pages():
    assert pagination_urls(_pingtan(), PINGTAN_URL) == []


def test_pages_with_items_have_no_placeholder():
    assert find_placeholder(_read("trs_list.html")) is None
    assert find_placeholder(_pingtan()) is None


# --------------------------------------------------------------------------- row shapes


def test_date_in_child_span_of_the_link():
    html = """<ul class="news">
    <li><a href="/zwgk/content/post_1.html"><span class="t">某某区召开2023年第一次常务会议</span><span class="d">2023-04-17</span></a></li>
    <li><a href="/zwgk/content/post_2.html"><span class="t">某某区开展安全生产大检查</span><span class="d">2023-04-12</span></a></li>
    </ul>"""
    assert extract_items(html, "http://q.gov.cn/zwgk/") == [
        ListItem("某某区召开2023年第一次常务会议", "http://q.gov.cn/zwgk/content/post_1.html", date(2023, 4, 17), "2023-04-17"),
        ListItem("某某区开展安全生产大检查", "http://q.gov.cn/zwgk/content/post_2.html", date(2023, 4, 12), "2023-04-12"),
    ]


def test_parenthesised_date_and_slash_date():
    html = """<div class="list">
    <div class="row"><a href="show.aspx?id=11">关于2023年度预算公开的说明</a> (2023-04-17)</div>
    <div class="row"><a href="show.aspx?id=10">关于2022年度决算公开的说明</a> (2023/03/02)</div>
    </div>"""
    items = extract_items(html, "http://z.gov.cn/czxx/list.aspx")
    assert [(i.url, i.date, i.date_text) for i in items] == [
        ("http://z.gov.cn/czxx/show.aspx?id=11", date(2023, 4, 17), "2023-04-17"),
        ("http://z.gov.cn/czxx/show.aspx?id=10", date(2023, 3, 2), "2023/03/02"),
    ]


def test_undated_rows_fall_back_to_article_shaped_links():
    html = """<ul class="menu"><li><a href="/xxgk/">信息公开</a></li><li><a href="/zwdt/">政务动态</a></li>
    <li><a href="/hdjl/">互动交流</a></li><li><a href="/bsfw/">办事服务</a></li></ul>
    <ul class="list"><li><a href="./202304/t20230417_1.html">某某县机构职能</a></li>
    <li><a href="./202304/t20230410_2.html">某某县领导分工</a></li></ul>"""
    items = extract_items(html, "http://x.gov.cn/xxgk/jgzn/")
    assert [(i.title, i.url, i.date) for i in items] == [
        ("某某县机构职能", "http://x.gov.cn/xxgk/jgzn/202304/t20230417_1.html", None),
        ("某某县领导分工", "http://x.gov.cn/xxgk/jgzn/202304/t20230410_2.html", None),
    ]


def test_more_and_pager_links_inside_the_list_are_not_items():
    html = """<ul><li><a href="./202304/t20230417_1.html">关于某某事项的通知</a><span>2023-04-17</span></li>
    <li><a href="./202304/t20230416_2.html">关于某某事项的公告</a><span>2023-04-16</span></li>
    <li class="more"><a href="./">更多&gt;&gt;</a></li><li><a href="index_1.html">下一页</a></li></ul>"""
    assert len(extract_items(html, "http://x.gov.cn/tzgg/")) == 2


def test_empty_html_gives_nothing():
    assert extract_items("", "http://x.gov.cn/") == []
    assert pagination_urls("", "http://x.gov.cn/") == []
    assert find_placeholder("") is None


# --------------------------------------------------------------------------- placeholders


def test_placeholder_in_plain_text():
    assert find_placeholder("该栏目正在建设中，敬请期待") == "正在建设中"


def test_placeholder_ignores_menu_links_and_scripts():
    html = """<ul class="nav"><li><a href="/a/">暂无信息</a></li></ul>
    <script>var tip = "暂无数据";</script><div class="list"><ul><li>
    <a href="./202304/t20230417_1.html">关于某某事项的通知</a><span>2023-04-17</span></li></ul></div>"""
    assert find_placeholder(html) is None


def test_placeholder_ignores_hidden_and_conditional_templates():
    html = """<div class="list"><div ms-if="list.length==0">暂无数据</div>
    <div style="display: none">暂无相关信息</div><div v-if="!items.length">没有数据</div></div>"""
    assert find_placeholder(html) is None


def test_placeholder_phrase_inside_a_long_sentence_is_not_a_placeholder():
    html = "<div class='article'><p>对于暂无信息可以公开的事项，本机关将依照条例规定于十五个工作日内书面告知申请人。</p></div>"
    assert find_placeholder(html) is None


def test_placeholder_variants():
    assert find_placeholder("<div class='nodata'>对不起，暂无相关信息！</div>") == "暂无相关信息"
    assert find_placeholder("<td align='center'>栏目建设中...</td>") == "栏目建设中"
    assert find_placeholder("<p>信息整理中</p>") == "信息整理中"


def test_undated_link_back_to_the_column_is_not_an_item():
    html = """<ul class="list"><li class="tit"><a href="./">通知公告</a></li>
    <li><a href="./202304/t20230417_1.html">关于某某事项的通知</a><span>2023-04-17</span></li>
    <li><a href="./202304/t20230416_2.html">关于某某事项的公告</a><span>2023-04-16</span></li>
    <li><a href="./202304/t20230415_3.html">关于某某事项的公示</a></li></ul>"""
    items = extract_items(html, "http://x.gov.cn/tzgg/")
    assert [(i.url, i.date) for i in items] == [
        ("http://x.gov.cn/tzgg/202304/t20230417_1.html", date(2023, 4, 17)),
        ("http://x.gov.cn/tzgg/202304/t20230416_2.html", date(2023, 4, 16)),
        ("http://x.gov.cn/tzgg/202304/t20230415_3.html", None),
    ]


def test_trs_document_write_pager_with_count_page_variables():
    html = """<ul><li><a href="./202304/t20230417_1.html">关于某某事项的通知</a><span>2023-04-17</span></li></ul>
    <script>var currentPage = 2;//所在页从0开始
    var countPage = 4//共多少页
    if(countPage>1&&currentPage!=(countPage-1))
      document.write("<a href=\\""+"index"+"_" + nextPage + "."+"shtml\\">下一页</a>");
    </script>"""
    assert pagination_urls(html, "http://x.gov.cn/tzgg/index_2.shtml") == [
        "http://x.gov.cn/tzgg/index.shtml",
        "http://x.gov.cn/tzgg/index_1.shtml",
        "http://x.gov.cn/tzgg/index_3.shtml",
    ]


def test_pager_home_link_to_the_portal_root_is_not_a_page():
    html = """<div class="page"><a href="/">首页</a><a href="list_2.html">下一页</a></div>"""
    assert pagination_urls(html, "http://x.gov.cn/gsgg/list.html") == ["http://x.gov.cn/gsgg/list_2.html"]


def test_path_and_dash_numbered_pages_are_filled_up_to_the_last_page():
    from spiders.extract.listing import pagination_urls

    html = ('<div class="page"><a href="/news/page/2/">2</a> <a href="/news/page/2/">下一页</a>'
            ' <a href="/news/page/4/">尾页</a></div>')
    assert pagination_urls(html, "http://www.lj.gov.cn/news/") == [
        "http://www.lj.gov.cn/news/page/2/", "http://www.lj.gov.cn/news/page/3/",
        "http://www.lj.gov.cn/news/page/4/"]
    html = '<div class="pages"><a href="list-12-2.html">下一页</a> <a href="list-12-3.html">末页</a></div>'
    assert pagination_urls(html, "http://www.lj.gov.cn/html/list-12-1.html") == [
        "http://www.lj.gov.cn/html/list-12-2.html", "http://www.lj.gov.cn/html/list-12-3.html"]
