"""extract_article: title, visible date, source, metadata box, body, attachments, links."""

from datetime import date
from pathlib import Path

import pytest

from spiders.extract.article import MAX_BODY_CHARS, ArticleInfo, extract_article
from spiders.extract.encoding import decode_body

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = FIXTURES / "corpus"
PINGTAN_DOC = "doc_xzgfxwj_with_metadata__pingtan-archive.html"
PINGTAN_DOC_URL = "https://www.pingtan.gov.cn/zwgk/zfxxgk/gwhwj/hzgfxwj/202410/t20241021_94506.htm"
GBK_URL = "http://www.shili.gov.cn/tzgg/202304/t20230417_123.html"


def article(site: str, name: str = "article__mhxqwer.html", url: str | None = None) -> ArticleInfo:
    html = decode_body((CORPUS / site / name).read_bytes())[0]
    return extract_article(html, url or f"https://{site}/a/b/index.html")


def gbk_article() -> ArticleInfo:
    html = decode_body((FIXTURES / "gbk_trs" / "article_gbk.html").read_bytes())[0]
    return extract_article(html, GBK_URL)


def test_pingtan_metadata_box_with_font_values_and_validity_em():
    assert article("www.pingtan.gov.cn", PINGTAN_DOC, PINGTAN_DOC_URL).metadata == {
        "索引号": "PZ00101-2500-2024-00886",
        "主题分类": "无",
        "发布机构": "平潭综合实验区管委会",
        "成文日期": "2024-10-15",
        "标题": "平潭综合实验区管委会关于废止《平潭综合实验区管委会关于印发 〈平潭综合实验区促进新兴产业园区综合开发措施（试行）〉的通知》的决定",
        "发文字号": "岚综管规〔2024〕8号",
        "发布日期": "2024-10-15",
        "有效性": "有效",
    }


def test_hanweb_label_colon_value_cells_keep_empty_value():
    assert article("jyt.zj.gov.cn").metadata == {
        "索引号": "002482082/2024-00332",
        "发文字号": "",
        "发布机构": "省教育厅",
        "成文日期": "2024-10-21",
        "主题分类": "教育",
    }


def test_moe_label_and_value_cell_pairs_with_synonyms():
    assert article("www.moe.gov.cn").metadata == {
        "标题": "教育部办公厅关于举办2024年高校“礼敬中华优秀传统文化”宣传教育活动的通知",
        "索引号": "360A12-07-2024-0008-1",
        "成文日期": "2024-06-04",
        "发布机构": "教育部办公厅",
        "发文字号": "教思政厅函〔2024〕10号",
        "主题分类": "高等教育",
    }


def test_table_with_spaced_label_cells():
    assert article("ct.zj.gov.cn").metadata == {
        "索引号": "002482330/2020-10091",
        "发布机构": "省文化和旅游厅",
        "成文日期": "2020-12-29",
        "发文字号": "",
    }


def test_header_row_table_pairs_columns():
    assert article("wsjkw.sh.gov.cn").metadata == {
        "索引号": "076478684Q/2024-00112",
        "发布日期": "",
        "发布机构": "上海市卫生健康委员会",
        "发文字号": "沪卫基层〔2024〕5号",
    }


def test_th_label_table_in_gbk_page():
    assert gbk_article().metadata == {
        "索引号": "011012345/2023-00417",
        "主题分类": "农业、林业、水利",
        "发布机构": "县农业农村局",
        "成文日期": "2023-04-12",
        "发文字号": "示农发〔2023〕5号",
        "有效性": "有效",
    }


def test_page_without_metadata_box_has_empty_metadata():
    assert article("jw.beijing.gov.cn").metadata == {}


def test_single_label_in_body_text_is_not_metadata():
    html = "<html><body><h1>通知</h1><div><p>标题：春季农业生产</p><p>正文内容很长很长很长。</p></div></body></html>"
    assert extract_article(html, "http://x.gov.cn/a.html").metadata == {}


@pytest.mark.parametrize(
    ("site", "visible", "text"),
    [
        ("jw.beijing.gov.cn", date(2023, 11, 30), "2023-11-30"),
        ("www.gd.gov.cn", date(2023, 2, 25), "2023-02-25 08:51:32"),
        ("wgxj.nc.gov.cn", date(2024, 1, 29), "2024-01-29"),
        ("www.liaoyang.gov.cn", date(2023, 6, 12), "2023-06-12 09:51"),
        ("www.bjshy.gov.cn", date(2024, 8, 14), "2024-08-14 10:46"),
        ("www.foshan.gov.cn", date(2024, 6, 25), "2024-06-25 10:03:27"),
        ("www.shaanxi.gov.cn", date(2013, 12, 23), "2013-12-23 07:21"),
    ],
)
def test_visible_date_after_label(site, visible, text):
    info = article(site)
    assert (info.visible_date, info.visible_date_text) == (visible, text)


@pytest.mark.parametrize(
    ("site", "visible"),
    [
        ("sctcm.sc.gov.cn", date(2023, 7, 19)),  # meta PubDate 2024-04-15
        ("www.miit.gov.cn", date(2009, 9, 30)),  # meta PubDate 2023-05-12
        ("www.bjft.gov.cn", date(2024, 5, 30)),  # meta PubDate 2024-06-03
        ("www.sc.gov.cn", date(2020, 9, 15)),  # article_szdt: meta PubDate 2022-10-14
    ],
)
def test_visible_date_is_not_the_pubdate_meta(site, visible):
    name = "article_szdt__mhxqwer.html" if site == "www.sc.gov.cn" else "article__mhxqwer.html"
    assert article(site, name).visible_date == visible


def test_visible_date_line_after_the_body():
    info = article("www.moe.gov.cn")
    assert (info.visible_date, info.visible_date_text) == (date(2024, 6, 13), "2024-06-13")


@pytest.mark.parametrize(
    ("site", "visible", "text"),
    [
        ("www.cac.gov.cn", date(2020, 2, 18), "2020年02月18日 09:15"),
        ("www.gz.gov.cn", date(2023, 12, 5), "2023-12-05"),
        ("kjt.yn.gov.cn", date(2022, 11, 14), "2022-11-14 14:59:48"),
        ("www.shanghai.gov.cn", date(2023, 8, 19), "2023-08-19"),
    ],
)
def test_unlabelled_date_next_to_title(site, visible, text):
    info = article(site)
    assert (info.visible_date, info.visible_date_text) == (visible, text)


def test_chinese_date_with_hour_and_minute_characters():
    assert article("www.sc.gov.cn", "article_rdjy_fuhan__mhxqwer.html").visible_date_text == "2025年06月03日 13时44分"


def test_date_in_body_text_is_not_the_visible_date():
    info = article("wsjkw.sh.gov.cn")  # body ends with 2024年5月10日; header shows 2024-05-11
    assert info.visible_date == date(2024, 5, 11)


def test_hidden_element_date_is_ignored():
    info = gbk_article()
    assert (info.visible_date, info.visible_date_text) == (date(2023, 4, 17), "2023-04-17")


def test_metadata_publication_date_when_no_header_date():
    html = (
        "<html><body><ul><li>索引号：001/2024-1</li><li>发布日期：2024-03-01</li></ul>"
        "<h1>某某通知</h1><div class='TRS_Editor'><p>正文内容，正文内容，正文内容，正文内容。</p></div></body></html>"
    )
    info = extract_article(html, "http://x.gov.cn/a.html")
    assert (info.visible_date, info.visible_date_text) == (date(2024, 3, 1), "2024-03-01")


def test_page_without_visible_date():
    html = "<html><body><h1>某某通知</h1><div class='TRS_Editor'><p>正文内容，不含日期的正文内容。</p></div></body></html>"
    info = extract_article(html, "http://x.gov.cn/202401/t20240102_1.html")
    assert (info.visible_date, info.visible_date_text) == (None, None)


@pytest.mark.parametrize(
    ("site", "source"),
    [
        ("sw.wuhan.gov.cn", "投资武汉"),
        ("www.hp.gov.cn", "本网"),
        ("ct.zj.gov.cn", "省文化和旅游厅"),
        ("sctcm.sc.gov.cn", "综合自学习强国、川观新闻、成都体育学院附属体..."),
        ("www.gxzf.gov.cn", "广西日报"),
        ("www.moe.gov.cn", "教育部"),
        ("www.gd.gov.cn", "南方日报网络版"),
        ("jw.beijing.gov.cn", "北京市教育委员会"),
    ],
)
def test_reads_source(site, source):
    assert article(site).source == source


def test_pingtan_source_and_time_spans():
    info = article("www.pingtan.gov.cn", PINGTAN_DOC, PINGTAN_DOC_URL)
    assert (info.source, info.visible_date_text) == ("平潭综合实验区经济发展局", "2024-10-15 21:12")


def test_empty_source_label_gives_none():
    assert article("wgxj.nc.gov.cn").source is None


def test_title_from_article_title_meta():
    assert article("www.hp.gov.cn").title == "黄埔区图书馆成功举行书香相伴“妆”点女人心——女性化妆技巧公益讲座"


def test_title_from_heading_matching_page_title():
    assert article("whly.hebei.gov.cn").title == "青春心向党 启航新征程——河北青年优秀美术作品展启幕"


def test_title_falls_back_to_page_title_first_part():
    html = "<html><head><title>关于某事的通知_通知公告_某县人民政府</title></head><body><p>x</p></body></html>"
    assert extract_article(html, "http://x.gov.cn/a.html").title == "关于某事的通知"


def test_attachment_is_absolute():
    assert article("www.pingtan.gov.cn", PINGTAN_DOC, PINGTAN_DOC_URL).attachments == [
        "https://www.pingtan.gov.cn/zwgk/zfxxgk/gwhwj/hzgfxwj/202410/P020241217546261124061.pdf"
    ]


def test_attachments_include_download_servlet_links():
    assert gbk_article().attachments == [
        "http://www.shili.gov.cn/tzgg/202304/P020230417381234567890.pdf",
        "http://www.shili.gov.cn/module/download/downfile.jsp?classid=0&filename=2304171234567.docx",
    ]


def test_links_are_absolute_and_skip_script_mail_and_fragments():
    assert gbk_article().links == [
        ("http://www.shili.gov.cn/", "首页"),
        ("http://www.shili.gov.cn/tzgg/", "通知公告"),
        ("http://www.shili.gov.cn/tzgg/202304/P020230417381234567890.pdf", "1.春季农业生产工作方案.pdf"),
        ("http://www.shili.gov.cn/module/download/downfile.jsp?classid=0&filename=2304171234567.docx", "2.情况统计表.docx"),
        ("http://www.shili.gov.cn/tzgg/202303/t20230301_101.html", "关于印发春耕备耕方案的通知"),
    ]


def test_links_use_base_href():
    html = '<html><head><base href="http://www.a.gov.cn/zwgk/"></head><body><a href="x.html">文件</a></body></html>'
    assert extract_article(html, "http://mirror.example/p.html").links == [("http://www.a.gov.cn/zwgk/x.html", "文件")]


def test_link_text_falls_back_to_image_alt():
    html = '<html><body><a href="/conac"><img src="red.png" alt="党政机关"></a></body></html>'
    assert extract_article(html, "http://www.a.gov.cn/").links == [("http://www.a.gov.cn/conac", "党政机关")]


def test_body_text_of_trs_editor():
    body = article("www.pingtan.gov.cn", PINGTAN_DOC, PINGTAN_DOC_URL).body_text
    assert body.startswith("各片区管理局，区直各单位，各区属事业单位，各区属国企：\n根据有关要求")
    assert body.endswith("平潭综合实验区管委会\n2024年10月15日")


def test_body_text_of_div_paragraphs():
    body = article("www.sjz.gov.cn").body_text
    assert body.startswith("在战国中山王墓挖掘50周年（1974-2024年）之际，第二届全国中山篆书法篆刻大展拟定于10月底在石家庄举办。")
    assert "网站标识码" not in body


def test_body_text_of_paragraph_parent_without_known_container():
    body = article("www.shaanxi.gov.cn").body_text
    assert body.startswith("12月21日，第八届陕西城市经济文化发展高峰论坛在西安举办。")
    assert "陕ICP备" not in body


def test_image_only_article_has_empty_body_not_footer():
    assert article("www.hongshan.gov.cn").body_text == ""


def test_body_text_is_capped():
    html = "<html><body><h1>长文</h1><div class='TRS_Editor'>" + "<p>这是一段很长的正文内容。</p>" * 3000 + "</div></body></html>"
    assert len(extract_article(html, "http://x.gov.cn/a.html").body_text) == MAX_BODY_CHARS


def test_gbk_fixture_article():
    info = gbk_article()
    assert (info.title, info.source) == ("关于做好2023年春季农业生产工作的通知", "县农业农村局")
    assert info.body_text.startswith("各乡镇人民政府，县直有关单位：")


def test_xml_declaration_is_tolerated():
    html = '<?xml version="1.0" encoding="utf-8"?><html><body><h1>通知</h1><p>发布日期：2024-01-02</p></body></html>'
    assert extract_article(html, "http://x.gov.cn/a.html").visible_date == date(2024, 1, 2)


def test_control_characters_do_not_break_parsing():
    html = "<html><body><h1>通知\x12</h1><p>发布时间：2024-07-02\x00</p><div class='TRS_Editor'><p>正文\x17内容，正文内容，正文内容。</p></div></body></html>"
    info = extract_article(html, "http://x.gov.cn/a.html")
    assert (info.visible_date, info.body_text) == (date(2024, 7, 2), "正文内容，正文内容，正文内容。")


@pytest.mark.parametrize("html", ["", "   ", "<!-- only a comment -->"])
def test_empty_document_gives_empty_info(html):
    assert extract_article(html, "http://x.gov.cn/a.html") == ArticleInfo()
