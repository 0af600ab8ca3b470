"""A real crawl of one test portal per CMS family (tests/fixtures/portals/README.md): the stored
column tree (names, types, parents), list entries, pagination, dates and encodings."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.crawling import crawl, serve, stored_columns, stored_links, stored_pages, units_config

FAMILIES = ["trs_gbk", "jcms_hanweb", "jyh_ucap", "plain_asp"]
TRS, JCMS, JYH, PLAIN = "临江县人民政府", "临江县交通运输局", "临江市生态环境局", "临江县教育局"


@pytest.fixture(scope="module")
def families(tmp_path_factory):
    """One crawl of the four family portals: (db url, crawl id)."""
    db = f"sqlite:///{tmp_path_factory.mktemp('families') / 'zwgk.db'}"
    with serve(FAMILIES) as servers:
        crawl_id = crawl(db, units_config(servers))
    return db, crawl_id


def tree(families, unit: str) -> dict[str, tuple[str, str, str | None, int]]:
    db, crawl_id = families
    return {path: (c.name, c.type, c.parent, len(c.items))
            for path, c in stored_columns(db, crawl_id, unit).items()}


def column(families, unit: str, path: str):
    db, crawl_id = families
    return stored_columns(db, crawl_id, unit)[path]


def dates(families, unit: str, path: str) -> list[tuple[dt.date | None, str | None]]:
    return [(d, text) for _, d, text in column(families, unit, path).items]


# --------------------------------------------------------------------------- TRS WCM, GBK

def test_trs_column_tree_comes_from_the_nested_left_menu(families):
    assert tree(families, TRS) == {
        "/hdjl/": ("互动交流", "consult", None, 0),  # the home page's 咨询 channel
        "/xxgk/xxgkzn/": ("政府信息公开指南", "guide", "(root)", 1),
        "/xxgk/xxgkzd/": ("政府信息公开制度", "system", "(root)", 2),
        "/xxgk/fdzdgknr/": ("法定主动公开内容", "other", "(root)", 0),
        "/xxgk/fdzdgknr/jgzn/": ("机构职能", "organisation", "法定主动公开内容", 3),
        "/xxgk/fdzdgknr/zcwj/": ("政策文件", "policy", "法定主动公开内容", 5),
        "/xxgk/fdzdgknr/zcwj/gfxwj/": ("规范性文件", "policy", "政策文件", 25),
        "/xxgk/fdzdgknr/zcwj/qtwj/": ("其他文件", "policy", "政策文件", 4),
        "/xxgk/fdzdgknr/zcjd/": ("政策解读", "interpretation", "法定主动公开内容", 3),
        "/xxgk/fdzdgknr/tzgg/": ("通知公告", "notice", "法定主动公开内容", 14),
        "/xxgk/fdzdgknr/czyjs/": ("财政预决算", "budget", "法定主动公开内容", 3),
        "/xxgk/fdzdgknr/tjxx/": ("统计信息", "data", "法定主动公开内容", 0),
        "/xxgk/xxgknb/": ("政府信息公开年报", "annual_report", "(root)", 3),
        "/xxgk/ysqgk/": ("依申请公开", "other", "(root)", 0),
    }


def test_trs_create_page_html_pages_are_read(families):
    db, crawl_id = families
    pages = stored_pages(db, crawl_id, TRS)
    listed = sorted(p for p, row in pages.items()
                    if row.role == "list" and p.startswith("/xxgk/fdzdgknr/zcwj/gfxwj/"))
    assert listed == ["/xxgk/fdzdgknr/zcwj/gfxwj/index_1.html", "/xxgk/fdzdgknr/zcwj/gfxwj/index_2.html"]
    first = dates(families, TRS, "/xxgk/fdzdgknr/zcwj/gfxwj/")
    assert first[0] == (dt.date(2025, 6, 25), "2025-06-25") and len({d for d, _ in first}) == 25


def test_trs_count_page_pager_and_slash_dates(families):
    got = dates(families, TRS, "/xxgk/fdzdgknr/tzgg/")
    assert len(got) == 14
    assert got[:2] == [(dt.date(2025, 6, 20), "2025/6/20"), (dt.date(2025, 6, 10), "2025/6/10")]


def test_trs_month_day_dates_take_the_year_from_the_url(families):
    assert dates(families, TRS, "/xxgk/fdzdgknr/jgzn/") == [
        (dt.date(2025, 3, 17), "03-17"), (dt.date(2025, 3, 17), "03-17"),
        (dt.date(2024, 12, 30), "12-30")]


def test_trs_month_day_dates_take_the_year_from_the_article_page(families):
    assert dates(families, TRS, "/xxgk/fdzdgknr/zcjd/") == [
        (dt.date(2025, 4, 18), "04-18"), (dt.date(2025, 1, 6), "01-06"),
        (dt.date(2024, 12, 30), "12-30")]


def test_trs_chinese_and_dotted_dates(families):
    assert dates(families, TRS, "/xxgk/fdzdgknr/zcwj/qtwj/")[0] == (dt.date(2025, 4, 17), "2025年4月17日")
    assert dates(families, TRS, "/xxgk/fdzdgknr/czyjs/")[0] == (dt.date(2025, 4, 17), "2025.04.17")


def test_trs_gbk_pages_are_decoded_without_mojibake(families):
    db, crawl_id = families
    pages = stored_pages(db, crawl_id, TRS)
    html_pages = [p for p in pages.values()
                  if p.role in ("home", "disclosure", "column", "list", "article") and p.outcome == "ok"]
    assert {p.encoding for p in html_pages} == {"gb18030"}
    assert not any("\ufffd" in (p.title or "") for p in html_pages)
    titles = [t for t, _, _ in column(families, TRS, "/xxgk/fdzdgknr/zcwj/qtwj/").items]
    assert titles[0] == "临江县人民政府关于公布校园安全名单的通知"


def test_trs_blank_column_keeps_its_placeholder(families):
    db, crawl_id = families
    page = stored_pages(db, crawl_id, TRS)["/xxgk/fdzdgknr/tjxx/"]
    assert page.data["list"] == {"item_count": 0, "placeholder": "暂无信息", "entries": []}


# --------------------------------------------------------------------------- 大汉 JCMS

def test_jcms_column_tree_comes_from_the_ztree_data_file(families):
    assert tree(families, JCMS) == {
        "/module/idea/que_discusslist.jsp?c_id=3300&webid=27": ("局长信箱", "consult", None, 0),
        "/col/col3001/index.html": ("政府信息公开指南", "guide", "(root)", 1),
        "/col/col3002/index.html": ("政府信息公开制度", "system", "(root)", 2),
        "/col/col3003/index.html": ("法定主动公开内容", "other", "(root)", 0),
        "/col/col3004/index.html": ("机构职能", "organisation", "法定主动公开内容", 2),
        "/col/col3005/index.html": ("政策文件", "policy", "法定主动公开内容", 0),
        "/col/col3006/index.html": ("行政规范性文件", "policy", "政策文件", 3),
        "/col/col3007/index.html": ("其他政策文件", "policy", "政策文件", 2),
        "/col/col3008/index.html": ("政策解读", "interpretation", "法定主动公开内容", 2),
        "/col/col3009/index.html": ("交通动态", "dynamic", "法定主动公开内容", 35),
        "/col/col3010/index.html": ("行政许可", "other", "法定主动公开内容", 4),
        "/col/col3011/index.html": ("通知公告", "notice", "法定主动公开内容", 12),
        "/col/col3012/index.html": ("政府信息公开年报", "annual_report", "(root)", 2),
        # under a tree node without a page of its own: attached to the root
        "/col/col3014/index.html": ("财政预决算", "budget", "(root)", 2),
    }


def test_jcms_datastore_records_and_pagenum_pages(families):
    db, crawl_id = families
    pages = stored_pages(db, crawl_id, JCMS)
    listed = sorted(p for p, row in pages.items() if row.role == "list" and "col3009" in p)
    assert listed == ["/col/col3009/index.html?pageNum=2&uid=8866",
                      "/col/col3009/index.html?pageNum=3&uid=8866"]
    assert dates(families, JCMS, "/col/col3009/index.html")[0] == (dt.date(2025, 6, 28), "2025-06-28")


def test_jcms_list_in_an_iframe_is_read_with_its_next_and_last_links(families):
    db, crawl_id = families
    pages = stored_pages(db, crawl_id, JCMS)
    frames = sorted(p for p, row in pages.items() if row.role == "list" and "subjectinfo" in p)
    assert frames == ["/module/xxgk/subjectinfo.jsp?columnid=3011&currpage=1&webid=27",
                      "/module/xxgk/subjectinfo.jsp?columnid=3011&currpage=2&webid=27"]
    assert pages["/col/col3011/index.html"].data["list"] == {"item_count": 0, "placeholder": None,
                                                             "entries": []}
    assert dates(families, JCMS, "/col/col3011/index.html")[-1] == (dt.date(2025, 2, 4), "2025-02-04")


def test_jcms_slash_and_chinese_dates(families):
    assert dates(families, JCMS, "/col/col3010/index.html")[0] == (dt.date(2025, 6, 26), "2025/6/26")
    assert dates(families, JCMS, "/col/col3006/index.html")[0] == (dt.date(2025, 4, 17), "2025年4月17日")


def test_offsite_links_are_not_checked_by_default(families):
    db, crawl_id = families
    targets = [link.target for link in stored_links(db, crawl_id).values()]
    assert targets and not [t for t in targets if not t.startswith("http://127.0.0.1:")]


def test_jcms_robots_disallowed_mailbox_is_not_fetched(families):
    db, crawl_id = families
    mailbox = {url: p for url, p in stored_pages(db, crawl_id, JCMS).items() if "/module/idea/" in url}
    assert mailbox and {p.outcome for p in mailbox.values()} == {"robots_disallowed"}


# --------------------------------------------------------------------------- 集约化 / 开普云

def test_jyh_column_tree_from_tabs_json_menu_and_frame(families):
    assert tree(families, JYH) == {
        "/hdjl/index.shtml": ("互动交流", "consult", None, 0),  # the home page's 咨询 channel
        "/zwgk/zfxxgkzn/index.shtml": ("政府信息公开指南", "guide", "(root)", 1),
        "/zwgk/zfxxgkzd/index.shtml": ("政府信息公开制度", "system", "(root)", 1),
        "/zwgk/zfxxgknb/index.shtml": ("政府信息公开年报", "annual_report", "(root)", 1),
        "/zwgk/fdzdgknr/index.shtml": ("法定主动公开内容", "other", "(root)", 0),
        "/zwgk/fdzdgknr/jgzn/index.shtml": ("机构职能", "organisation", "法定主动公开内容", 2),
        "/zwgk/fdzdgknr/zcwj/index.shtml": ("政策文件", "policy", "法定主动公开内容", 5),
        "/zwgk/fdzdgknr/zcwj/gfxwj/index.shtml": ("规范性文件", "policy", "政策文件", 14),
        "/zwgk/fdzdgknr/hjzl/index.shtml": ("环境质量", "other", "法定主动公开内容", 6),
        "/zwgk/fdzdgknr/xzcf/index.shtml": ("行政处罚", "other", "法定主动公开内容", 23),
        "/zwgk/zdly/czyjs/index.shtml": ("财政预决算", "budget", "(root)", 2),
        "/zwgk/zdly/hjjc/index.shtml": ("生态环境监测", "other", "(root)", 2),
    }


def test_jyh_post_list_api_is_called_like_the_page_script_does(families):
    db, crawl_id = families
    pages = stored_pages(db, crawl_id, JYH)
    api = sorted(p for p, row in pages.items() if p.startswith("/api/list?channel=gfxwj"))
    assert api == ["/api/list?channel=gfxwj&page=1&size=10", "/api/list?channel=gfxwj&page=2&size=10"]
    assert pages[api[0]].data["list"]["api"]["method"] == "POST"
    first = column(families, JYH, "/zwgk/fdzdgknr/zcwj/gfxwj/index.shtml").items[0]
    assert first == ("临江市生态环境局关于印发《食品安全管理办法》的通知", dt.date(2025, 6, 12),
                     "2025-06-12 15:20:00")
    assert pages["/zwgk/fdzdgknr/zcwj/gfxwj/index.shtml"].data["list"]["placeholder"] is None


def test_jyh_get_api_records_get_urls_from_the_script_template_and_epoch_dates(families):
    db, crawl_id = families
    items = column(families, JYH, "/zwgk/fdzdgknr/hjzl/index.shtml").items
    assert items[0][:2] == ("2025年6月环境空气质量状况", dt.date(2025, 6, 5))
    pages = stored_pages(db, crawl_id, JYH)
    articles = sorted(p for p, row in pages.items() if "detail.shtml" in p and row.outcome == "ok")
    assert len(articles) == 6 and articles[0].startswith("/zwgk/fdzdgknr/hjzl/detail.shtml?id=")


def test_jyh_query_string_pages_with_next_and_last_links(families):
    got = dates(families, JYH, "/zwgk/fdzdgknr/xzcf/index.shtml")
    assert len(got) == 23 and got[0] == (dt.date(2025, 6, 24), "2025年6月24日")


# --------------------------------------------------------------------------- self-built ASP site

def test_plain_query_string_columns_nest_by_their_dl_menu(families):
    assert tree(families, PLAIN) == {
        "/xxgk/list.asp?lmid=10": ("机构概况", "organisation", "(root)", 0),
        "/xxgk/list.asp?lmid=11": ("机构职能", "organisation", "机构概况", 1),
        "/xxgk/list.asp?lmid=12": ("领导信息", "organisation", "机构概况", 1),
        "/xxgk/list.asp?lmid=20": ("政策文件", "policy", "(root)", 0),
        "/xxgk/list.asp?lmid=21": ("规范性文件", "policy", "政策文件", 23),
        "/xxgk/list.asp?lmid=22": ("其他文件", "policy", "政策文件", 2),
        "/xxgk/list.asp?lmid=30": ("教育动态", "dynamic", "(root)", 9),
        "/xxgk/list.asp?lmid=40": ("政府信息公开指南", "guide", "(root)", 1),
        "/xxgk/list.asp?lmid=41": ("政府信息公开年报", "annual_report", "(root)", 1),
    }


def test_plain_labelled_dates_and_next_last_pages(families):
    got = dates(families, PLAIN, "/xxgk/list.asp?lmid=21")
    assert len(got) == 23 and got[0] == (dt.date(2025, 6, 16), "2025-06-16")


def test_plain_bracketed_month_day_dates_take_the_year_from_the_article(families):
    assert dates(families, PLAIN, "/xxgk/list.asp?lmid=30")[:2] == [
        (dt.date(2025, 6, 27), "06-27"), (dt.date(2025, 6, 23), "06-23")]


def test_plain_pages_declaring_utf8_but_sent_as_gbk_are_decoded_as_gbk(families):
    db, crawl_id = families
    page = stored_pages(db, crawl_id, PLAIN)["/xxgk/list.asp?lmid=22"]
    assert page.encoding == "gb18030"
    assert column(families, PLAIN, "/xxgk/list.asp?lmid=22").items[0][0] == \
        "临江县教育局关于公布校园安全名单的通知"
