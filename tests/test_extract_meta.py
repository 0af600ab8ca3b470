"""extract_meta: the 国办 site/column/content <meta> labels under canonical names."""

from pathlib import Path

from spiders.extract.encoding import decode_body
from spiders.extract.meta import extract_meta

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"


def page(site: str, name: str = "article__mhxqwer.html") -> str:
    return decode_body((CORPUS / site / name).read_bytes())[0]


def test_reads_labels_between_comment_markers():
    assert extract_meta(page("jw.beijing.gov.cn")) == {
        "SiteName": "北京市教育委员会门户网站",
        "SiteDomain": "jw.beijing.gov.cn",
        "SiteIDCode": "1100000152",
        "ColumnName": "教育新闻",
        "ColumnType": "教育新闻",
        "ArticleTitle": "李奕主任出席京港大学联盟2023年理事会暨主题论坛",
        "PubDate": "2023-11-30 14:52",
        "ContentSource": "北京市教育委员会",
    }


def test_reads_labels_inside_a_comment():
    html = "<head><!-- <meta name='SiteIDCode' content='1100000152'> --></head>"
    assert extract_meta(html) == {"SiteIDCode": "1100000152"}


def test_matches_names_case_insensitively():
    meta = extract_meta(page("www.fcgs.gov.cn"))
    assert meta["SiteName"] == "防城港市人民政府"
    assert meta["Url"] == "http://www.fcgs.gov.cn/zxzx/zdxm/t18993630.shtml"


def test_lowercase_url_name_maps_to_canonical_key():
    assert extract_meta(page("jyt.zj.gov.cn"))["Url"] == "http://jyt.zj.gov.cn/art/2024/10/21/art_1543973_58942886.html"


def test_reads_single_quoted_attributes():
    meta = extract_meta(page("www.sjz.gov.cn"))
    assert meta["SiteIDCode"] == "1301000003"
    assert meta["ArticleTitle"] == "第二届全国中山篆书法篆刻大展征稿"


def test_reads_unquoted_attributes():
    meta = extract_meta(page("wgxj.nc.gov.cn"))
    assert meta["SiteName"] == "南昌市文化广电新闻出版旅游局"
    assert meta["SiteDomain"] == "wgxj.nc.gov.cn"


def test_keeps_present_but_empty_label_as_empty_string():
    assert extract_meta(page("wgxj.nc.gov.cn"))["SiteIDCode"] == ""


def test_omits_absent_labels():
    meta = extract_meta(page("www.cac.gov.cn"))
    assert "SiteIDCode" not in meta
    assert "SiteName" not in meta


def test_page_without_government_labels_gives_empty_dict():
    assert extract_meta(page("whly.hebei.gov.cn")) == {}


def test_reads_content_before_name():
    assert extract_meta('<meta content="bm05000001" name="SiteIDCode" />') == {"SiteIDCode": "bm05000001"}


def test_first_non_empty_value_wins_over_repeats():
    html = '<meta name="SiteIDCode" content=""><meta name="SiteIDCode" content="4401000004"><meta name="SiteIDCode" content="9">'
    assert extract_meta(html) == {"SiteIDCode": "4401000004"}


def test_keeps_pubdate_with_ratio_colon_verbatim():
    assert extract_meta(page("www.shanghai.gov.cn"))["PubDate"] == "2023-08-19 10∶08"


def test_ministry_site_code_is_kept():
    assert extract_meta(page("www.miit.gov.cn"))["SiteIDCode"] == "bm07000001"


def test_ignores_non_government_meta_names():
    meta = extract_meta(page("www.pingtan.gov.cn", "doc_xzgfxwj_with_metadata__pingtan-archive.html"))
    assert set(meta) <= {
        "SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "ColumnDescription",
        "ColumnKeywords", "ArticleTitle", "PubDate", "ContentSource", "Keywords", "Author",
        "Description", "Url",
    }  # fmt: skip
    assert meta["SiteIDCode"] == "3590000001"
    assert meta["ColumnName"] == "行政规范性文件"


def test_list_page_has_site_and_column_labels_only():
    meta = extract_meta(page("www.pingtan.gov.cn", "list_zfxxgknb__pingtan-archive.html"))
    assert "ArticleTitle" not in meta
    assert "PubDate" not in meta
    assert meta["ColumnName"] == "政府信息公开年报"


def test_unescapes_entities_in_content():
    assert extract_meta('<meta name="ColumnName" content="政策&amp;解读">') == {"ColumnName": "政策&解读"}
