"""Navigation extraction: 信息公开 root, column links, article URL shapes, column types."""
from __future__ import annotations

from pathlib import Path

import pytest

from checks.profile import load_profile
from spiders.extract.navigation import (
    classify_column,
    find_column_links,
    find_disclosure_root,
    is_article_url,
)

FIX = Path(__file__).parent / "fixtures"
CMS = FIX / "cms"
HOST = "http://www.demo-xian.gov.cn"
ROOT_URL = HOST + "/xxgk/"
PINGTAN_URL = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/nlist.htm"


def _read(name: str) -> str:
    return (CMS / name).read_text("utf-8")


def _pingtan() -> str:
    return (FIX / "corpus" / "www.pingtan.gov.cn" / "list_zfxxgknb__pingtan-archive.html").read_text("utf-8")


def _links(html: str) -> str:
    return "<html><body>" + html + "</body></html>"


# --------------------------------------------------------------------------- disclosure root


def test_home_page_gives_government_disclosure_root():
    assert find_disclosure_root(_read("home.html"), HOST + "/") == HOST + "/xxgk/"


def test_pingtan_disclosure_root():
    assert find_disclosure_root(_pingtan(), PINGTAN_URL) == "https://www.pingtan.gov.cn/zwgk/zfxxgk/"


def test_exact_lower_rank_beats_contains_of_higher_rank():
    html = _links('<a href="/zwgk/">政务公开</a><a href="/pt/">某某县政府信息公开平台</a>')
    assert find_disclosure_root(html, HOST + "/") == HOST + "/zwgk/"


def test_exact_ranking_prefers_government_information_disclosure():
    html = _links('<a href="/gkml/">公开目录</a><a href="/zwgk/">政务公开</a><a href="/xxgk/">信息 公开</a>')
    assert find_disclosure_root(html, HOST + "/") == HOST + "/xxgk/"


def test_contains_match_when_no_exact_text():
    html = _links('<a href="/news/">新闻中心</a><a href="http://xxgk.demo-xian.gov.cn/">某某县政府信息公开平台</a>')
    assert find_disclosure_root(html, HOST + "/") == "http://xxgk.demo-xian.gov.cn/"


def test_guide_application_and_annual_report_links_are_ignored():
    html = _links('<a href="/zn/">政府信息公开指南</a><a href="/ysq/">依申请公开</a>'
                  '<a href="/nb/">政府信息公开年报</a><a href="/zwgk/">政务公开</a>')
    assert find_disclosure_root(html, HOST + "/") == HOST + "/zwgk/"


def test_article_titles_mentioning_disclosure_are_ignored():
    html = _links('<a href="/xxgk/zcwj/202304/t20230417_1.html">政府信息公开</a>')
    assert find_disclosure_root(html, HOST + "/") is None


def test_no_disclosure_link_gives_none():
    assert find_disclosure_root(_links('<a href="/news/">新闻中心</a>'), HOST + "/") is None


# --------------------------------------------------------------------------- column links

ROOT_COLUMNS = [
    ("政府信息公开指南", HOST + "/xxgk/xxgkzn/"),
    ("政府信息公开制度", HOST + "/xxgk/xxgkzd/"),
    ("机构职能", HOST + "/xxgk/jgzn/"),
    ("政策文件", HOST + "/xxgk/zcwj/"),
    ("规范性文件", HOST + "/xxgk/zcwj/gfxwj/"),
    ("其他文件", HOST + "/xxgk/zcwj/qtwj/"),
    ("政策解读", HOST + "/zwgk/zcjd/"),
    ("规划计划", HOST + "/xxgk/ghjh/"),
    ("财政预决算", HOST + "/xxgk/czyjs/"),
    ("人事信息", HOST + "/xxgk/rsxx/"),
    ("统计信息", HOST + "/xxgk/tjxx/"),
    ("行政许可", HOST + "/xxgk/xzxk/"),
    ("行政处罚", HOST + "/xxgk/xzcf/"),
    ("政府采购", HOST + "/xxgk/zfcg/"),
    ("重大建设项目", HOST + "/xxgk/zdjsxm/"),
    ("应急管理", HOST + "/xxgk/yjgl/"),
    ("政府信息公开年报", HOST + "/xxgk/xxgknb/"),
    ("依申请公开", HOST + "/xxgk/ysqgk/"),
    ("通知公告", HOST + "/xxgk/tzgg/"),
    ("综合政务", HOST + "/xxgk/ztfl/zhzw/"),
    ("国土资源、能源", HOST + "/xxgk/ztfl/gtzy/"),
    ("城乡建设、环境保护", HOST + "/xxgk/ztfl/cxjs/"),
    ("县发展和改革局", HOST + "/xxgk/bmxxgk/fgj/"),
    ("县教育体育局", HOST + "/xxgk/bmxxgk/jytyj/"),
    ("信息公开目录", HOST + "/xxgk/gkml/list.html"),
]


def test_disclosure_root_columns_in_document_order():
    assert find_column_links(_read("disclosure_root.html"), ROOT_URL) == ROOT_COLUMNS


def test_nested_menu_items_are_columns():
    names = [n for n, _ in find_column_links(_read("disclosure_root.html"), ROOT_URL)]
    assert names.index("政策文件") < names.index("规范性文件") < names.index("其他文件")


def test_portal_nav_breadcrumb_footer_and_articles_are_not_columns():
    urls = {u for _, u in find_column_links(_read("disclosure_root.html"), ROOT_URL)}
    for bad in ("/", "/zwgk/", "/zwdt/", "/english/", "/wzdt/", "/lxwm/", "/gywm/", "/xxgk/"):
        assert HOST + bad not in urls
    assert not any("/t2023" in u for u in urls)
    assert all(u.startswith(HOST) for u in urls)


def test_ztree_nodes_are_columns():
    links = find_column_links(_read("disclosure_root.html"), ROOT_URL)
    assert ("国土资源、能源", HOST + "/xxgk/ztfl/gtzy/") in links
    assert "主题分类" not in [n for n, _ in links]


def test_json_tree_names_are_unescaped():
    links = find_column_links(_read("disclosure_root.html"), ROOT_URL)
    assert ("县发展和改革局", HOST + "/xxgk/bmxxgk/fgj/") in links


def test_iframe_list_page_is_returned_with_its_title():
    links = find_column_links(_read("disclosure_root.html"), ROOT_URL)
    assert links[-1] == ("信息公开目录", HOST + "/xxgk/gkml/list.html")


def test_unrelated_section_menu_is_dropped_when_section_is_well_populated():
    urls = {u for _, u in find_column_links(_read("disclosure_root.html"), ROOT_URL)}
    assert HOST + "/hdjl/zxft/" not in urls


def test_pingtan_left_menu_columns():
    assert find_column_links(_pingtan(), PINGTAN_URL) == [
        ("行政规范性文件库", "https://www.pingtan.gov.cn/zwgk/zfxxgk/zc/xzgfxwjk/"),
        ("政府信息公开指南", "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgkzn/"),
        ("政府信息公开制度", "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgkzd/"),
        ("管委会文件", "https://www.pingtan.gov.cn/zwgk/zfxxgk/gwhwj/"),
        ("法定主动公开内容", "https://www.pingtan.gov.cn/zwgk/zfxxgk/fdzdgknr/"),
        ("政府信息公开申请", "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgksq/"),
        ("地方部门平台链接", "https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/"),
    ]


def test_jcms_table_menu_without_the_table_nav_bar():
    assert find_column_links(_read("jcms_col.html"), "http://jtj.demo-shi.gov.cn/col/col123/index.html") == [
        ("机构概况", "http://jtj.demo-shi.gov.cn/col/col121/index.html"),
        ("政策文件", "http://jtj.demo-shi.gov.cn/col/col122/index.html"),
        ("规划计划", "http://jtj.demo-shi.gov.cn/col/col124/index.html"),
        ("财政资金", "http://jtj.demo-shi.gov.cn/col/col125/index.html"),
    ]


def test_ucap_tree_menu_without_breadcrumb():
    assert find_column_links(_read("ucap_list.html"), "http://www.demo-sheng.gov.cn/10462/c102914/index_1.shtml") == [
        ("政府信息公开指南", "http://www.demo-sheng.gov.cn/10462/c102911/xxgk_zn.shtml"),
        ("政府信息公开制度", "http://www.demo-sheng.gov.cn/10462/c102912/xxgk_zd.shtml"),
        ("省政府文件", "http://www.demo-sheng.gov.cn/10462/c102914/index.shtml"),
        ("省政府办公厅文件", "http://www.demo-sheng.gov.cn/10462/c102915/index.shtml"),
        ("政策解读", "http://www.demo-sheng.gov.cn/10462/c102916/index.shtml"),
        ("政府信息公开年报", "http://www.demo-sheng.gov.cn/10462/c102917/index.shtml"),
    ]


def test_dated_list_entries_with_short_titles_are_not_columns():
    urls = [u for _, u in find_column_links(_read("plain_list.html"), "http://www.demo-zhen.gov.cn/gsgg/")]
    assert not any("/2023-" in u for u in urls)


def test_column_links_dedupe_by_url_and_skip_attachments_and_other_hosts():
    html = _links('<div class="left"><ul><li><a href="/a/">机构职能</a></li><li><a href="/a/index.html">机构职能</a></li>'
                  '<li><a href="/f/x.pdf">财政预算表</a></li><li><a href="http://other.gov.cn/b/">上级部门</a></li>'
                  '<li><a href="/c/">首页</a></li><li><a href="/d/">人</a></li></ul></div>')
    assert find_column_links(html, HOST + "/") == [("机构职能", HOST + "/a/")]


# --------------------------------------------------------------------------- article URLs


@pytest.mark.parametrize("url", [
    "http://www.demo-xian.gov.cn/zwgk/tzgg/202304/t20230417_1234567.html",
    "http://www.demo-xian.gov.cn/zwgk/tzgg/202304/t20230417_1234567.htm",
    "http://www.demo-xian.gov.cn/zwgk/tzgg/202304/t20230417_1234567.shtml",
    "http://jtj.demo-shi.gov.cn/art/2023/4/17/art_123_3829451.html",
    "http://www.gd.gov.cn/zwgk/wjk/qbwj/yf/content/post_4150321.html",
    "http://www.xiangtan.gov.cn/109/171/content_1234567.html",
    "http://www.sc.gov.cn/10462/c102914/2023/4/17/1ee7b3a95836eceaec8d78b4b685b316.shtml",
    "https://www.henan.gov.cn/2023/04-17/2727013.html",
    "http://www.xa.gov.cn/xw/zwzx/qxrd/1647848133413527553.html",
    "http://www.demo.gov.cn/news/detail.jsp?id=123",
    "http://www.demo.gov.cn/xxgk/show.aspx?articleId=4521",
    "http://www.demo.gov.cn/info/1051/12345.htm",
])
def test_article_url_shapes(url):
    assert is_article_url(url)


@pytest.mark.parametrize("url", [
    "http://www.demo-xian.gov.cn/zwgk/tzgg/index.html",
    "http://www.demo-xian.gov.cn/zwgk/tzgg/index_1.html",
    "http://jtj.demo-shi.gov.cn/col/col123/index.html",
    "http://www.demo.gov.cn/xxgk/list.html",
    "http://www.demo.gov.cn/xxgk/zcwj/",
    "http://www.demo.gov.cn/col/col123/index.html?uid=456&pageNum=2",
    "http://www.demo.gov.cn/news/list.jsp?id=12",
])
def test_column_and_list_urls_are_not_articles(url):
    assert not is_article_url(url)


# --------------------------------------------------------------------------- classification

TYPES = load_profile().type_keywords()


@pytest.mark.parametrize("name,expected", [
    ("通知公告", "notice"),
    ("公示公告", "notice"),
    ("工作动态", "dynamic"),
    ("规范性文件", "policy"),
    ("政策解读", "interpretation"),
    ("财政预决算", "budget"),
    ("人事信息", "personnel"),
    ("统计信息", "data"),
    ("政府信息公开指南", "guide"),
    ("政府信息公开年报", "annual_report"),
    ("政府信息公开制度", "system"),
    ("机构职能", "organisation"),
    ("重大建设项目", "other"),
])
def test_classify_column_with_default_profile(name, expected):
    assert classify_column(name, TYPES) == expected


def test_classify_column_longest_keyword_wins():
    types = {"policy": ["政策", "文件"], "interpretation": ["政策解读"]}
    assert classify_column("政策解读", types) == "interpretation"
    assert classify_column("政策 文件", types) == "policy"


def test_classify_column_without_match_is_other():
    assert classify_column("网上调查", {"notice": ["公告"]}) == "other"


def test_image_menu_items_use_alt_text():
    html = _links('<div class="left"><a href="/xxgk/zn/"><img src="zn.png" alt="政府信息公开指南"></a></div>')
    assert find_column_links(html, HOST + "/xxgk/") == [("政府信息公开指南", HOST + "/xxgk/zn/")]
