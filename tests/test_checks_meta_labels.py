"""meta.* rules: site / column / content labels, 标识码 and date consistency."""
from __future__ import annotations

from checks import meta_labels as ml
from crawler.outcomes import Outcome
from tests.snapshots import (
    FETCHED,
    HOME,
    article,
    column,
    column_page,
    footer,
    home,
    page,
    run,
    site_meta,
    snapshot,
)

ART = HOME + "jyzx/jyxw/202406/t20240603_3711111.html"
COL = HOME + "jyzx/jyxw/"


# meta.site_labels

def test_home_with_all_site_labels_passes():
    assert run(ml.SITE_LABELS, snapshot()) == ([], [])


def test_home_missing_site_id_code_label_is_reported():
    # www.qingdao.gov.cn: SiteName and SiteDomain, no SiteIDCode.
    snap = snapshot(home_page=home(meta=site_meta(SiteIDCode=None)))
    [f], [] = run(ml.SITE_LABELS, snap)
    assert (f.rule, f.url, f.locator) == ("meta.site_labels", HOME, HOME)
    assert f.message == "首页网站标签不完整：缺少 SiteIDCode"
    assert f.evidence["missing"] == ["SiteIDCode"] and f.evidence["empty"] == []
    assert f.evidence["fetched_at"] == FETCHED.isoformat()


def test_home_with_empty_site_id_code_label_is_reported_as_empty():
    # wgxj.nc.gov.cn: <meta name="SiteIDCode" content="">
    [f], [] = run(ml.SITE_LABELS, snapshot(home_page=home(meta=site_meta(SiteIDCode=""))))
    assert f.message == "首页网站标签不完整：SiteIDCode 内容为空"
    assert f.evidence["empty"] == ["SiteIDCode"] and f.evidence["missing"] == []


def test_home_without_any_site_label_lists_all_three():
    # whly.hebei.gov.cn has no Site* meta at all.
    [f], [] = run(ml.SITE_LABELS, snapshot(home_page=home(meta={})))
    assert f.evidence["missing"] == ["SiteName", "SiteDomain", "SiteIDCode"]


def test_site_label_name_case_is_tolerated():
    # fcgs / gxzf write `Sitename`.
    meta = {"Sitename": "防城港市人民政府", "SiteDomain": "www.fcgs.gov.cn",
            "SiteIDCode": "4506000001"}
    assert run(ml.SITE_LABELS, snapshot(home_page=home(meta=meta))) == ([], [])


def test_site_labels_on_failed_home_page_are_not_checked():
    snap = snapshot(home_page=home(meta={}, outcome=Outcome.SERVER_ERROR, status=503))
    [], [nc] = run(ml.SITE_LABELS, snap)
    assert nc.url == HOME and "503" in nc.reason


def test_site_labels_without_extracted_meta_are_not_checked():
    page_ = home()
    del page_.data["meta"]
    [], [nc] = run(ml.SITE_LABELS, snapshot(home_page=page_))
    assert nc.rule == "meta.site_labels"


# meta.column_labels

def test_column_page_with_labels_passes():
    snap = snapshot([column_page(COL)], [column(COL, "教育新闻")])
    assert run(ml.COLUMN_LABELS, snap) == ([], [])


def test_column_page_missing_column_type_is_reported_with_column_name():
    cp = column_page(COL, "教育新闻")
    del cp.data["meta"]["ColumnType"]
    [f], [] = run(ml.COLUMN_LABELS, snapshot([cp], [column(COL, "教育新闻")]))
    assert (f.rule, f.url, f.column, f.locator) == ("meta.column_labels", COL, "教育新闻", COL)
    assert f.message == "栏目页“教育新闻”栏目标签不完整：缺少 ColumnType"


def test_later_list_pages_of_a_column_are_not_checked_again():
    later = page(COL + "index_1.html", "column", {"meta": site_meta()}, column_url=COL)
    snap = snapshot([column_page(COL), later], [column(COL, "教育新闻")])
    assert run(ml.COLUMN_LABELS, snap) == ([], [])


def test_column_page_that_failed_is_not_checked():
    cp = column_page(COL, outcome=Outcome.NOT_FOUND, status=404)
    [], [nc] = run(ml.COLUMN_LABELS, snapshot([cp], [column(COL)]))
    assert nc.url == COL and nc.rule == "meta.column_labels"


# meta.content_labels

def test_article_with_content_labels_passes():
    assert run(ml.CONTENT_LABELS, snapshot([article(ART)])) == ([], [])


def test_article_missing_content_source_is_reported():
    art = article(ART, meta={"ArticleTitle": "关于做好2024年中小学招生入学工作的通知",
                             "PubDate": "2024-06-03 10:12"}, column_url=COL)
    [f], [] = run(ml.CONTENT_LABELS, snapshot([art], [column(COL, "教育新闻")]))
    assert (f.rule, f.url, f.column) == ("meta.content_labels", ART, "教育新闻")
    assert f.evidence["missing"] == ["ContentSource"]
    assert f.evidence["seen"]["PubDate"] == "2024-06-03 10:12"


def test_article_that_timed_out_is_not_checked():
    art = article(ART, meta={}, outcome=Outcome.TIMEOUT, status=None)
    [], [nc] = run(ml.CONTENT_LABELS, snapshot([art]))
    assert nc.url == ART


def test_pdf_attachment_is_not_an_article_to_label():
    pdf = page(HOME + "P020240603.pdf", "article", outcome=Outcome.NOT_HTML)
    assert run(ml.CONTENT_LABELS, snapshot([pdf])) == ([], [])


# meta.site_id_mismatch

def test_matching_site_id_codes_pass():
    assert run(ml.SITE_ID_MISMATCH, snapshot()) == ([], [])


def test_footer_site_id_code_differing_from_meta_is_reported():
    snap = snapshot(home_page=home(footer(site_id_code="政府网站标识码：1100000153",
                                          jiucuo_sitecode=None)))
    [f], [] = run(ml.SITE_ID_MISMATCH, snap)
    assert (f.rule, f.url) == ("meta.site_id_mismatch", HOME)
    assert f.evidence["seen"] == {"SiteIDCode 标签": "1100000152",
                                  "网站底部标识码": "政府网站标识码：1100000153"}
    assert "1100000153" in f.message and "1100000152" in f.message


def test_jiucuo_sitecode_differing_from_footer_is_reported():
    snap = snapshot(home_page=home(footer(jiucuo_sitecode="1100000001"), meta=site_meta(
        SiteIDCode=None)))
    [f], [] = run(ml.SITE_ID_MISMATCH, snap)
    assert f.evidence["seen"] == {"网站底部标识码": "1100000152", "找错入口 sitecode": "1100000001"}


def test_empty_or_absent_values_are_not_a_mismatch():
    snap = snapshot(home_page=home(footer(jiucuo_sitecode=None, site_id_code=None),
                                   meta=site_meta(SiteIDCode="")))
    assert run(ml.SITE_ID_MISMATCH, snap) == ([], [])


def test_whitespace_in_footer_code_is_not_a_mismatch():
    snap = snapshot(home_page=home(footer(site_id_code="网站标识码 ：1100000152 ")))
    assert run(ml.SITE_ID_MISMATCH, snap) == ([], [])


def test_site_id_mismatch_on_failed_home_is_not_checked():
    snap = snapshot(home_page=home(outcome=Outcome.BLOCKED, status=403))
    [], [nc] = run(ml.SITE_ID_MISMATCH, snap)
    assert nc.url == HOME


# meta.pubdate_mismatch

def test_dates_one_day_apart_pass():
    art = article(ART, visible="2024-06-03", url_date="2024-06-02",
                  meta={"ArticleTitle": "t", "PubDate": "2024-06-03  14:52", "ContentSource": "s"})
    assert run(ml.PUBDATE_MISMATCH, snapshot([art])) == ([], [])


def test_pubdate_meta_two_days_from_visible_date_is_info_finding():
    # sctcm: meta 2024-04-15, page 2023-07-19.
    art = article(ART, visible="2023-07-19", visible_text="2023年7月19日", url_date=None,
                  meta={"ArticleTitle": "t", "PubDate": "2024-04-15 21:12", "ContentSource": "s"})
    [f], [] = run(ml.PUBDATE_MISMATCH, snapshot([art]))
    assert (f.rule, f.url, f.severity) == ("meta.pubdate_mismatch", ART, None)
    assert ml.PUBDATE_MISMATCH.severity == "info"
    assert f.evidence["differences"] == [{"a": "PubDate 标签", "b": "页面显示的发布日期",
                                          "days": 271}]
    assert f.evidence["seen"] == {"PubDate 标签": "2024-04-15 21:12",
                                  "页面显示的发布日期": "2023年7月19日"}


def test_url_date_far_from_visible_date_is_reported():
    art = article(ART, visible="2024-06-03", url_date="2024-05-20", meta={})
    [f], [] = run(ml.PUBDATE_MISMATCH, snapshot([art]))
    assert f.evidence["differences"] == [{"a": "页面显示的发布日期", "b": "网址中的日期", "days": 14}]


def test_shanghai_ratio_colon_pubdate_is_read():
    art = article(ART, visible="2023-08-19",
                  meta={"ArticleTitle": "t", "PubDate": "2023-08-19 10∶08", "ContentSource": "s"})
    assert run(ml.PUBDATE_MISMATCH, snapshot([art])) == ([], [])


def test_single_date_has_nothing_to_compare():
    art = article(ART, visible=None, meta={})
    assert run(ml.PUBDATE_MISMATCH, snapshot([art])) == ([], [])


def test_pubdate_mismatch_on_failed_article_is_not_checked():
    art = article(ART, outcome=Outcome.SOFT_404)
    [], [nc] = run(ml.PUBDATE_MISMATCH, snapshot([art]))
    assert nc.url == ART
