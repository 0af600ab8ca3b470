"""Footer block: 标识码, ICP, 公网安备, 主办单位, 联系方式, badges; footer scripts."""

from pathlib import Path

import pytest

from spiders.extract.encoding import decode_body
from spiders.extract.footer import (
    FooterInfo,
    extract_footer,
    footer_script_urls,
    merge_footers,
    script_written_html,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = FIXTURES / "corpus"
PINGTAN_DOC = "doc_xzgfxwj_with_metadata__pingtan-archive.html"


def page(site: str, name: str = "article__mhxqwer.html") -> str:
    return decode_body((CORPUS / site / name).read_bytes())[0]


@pytest.mark.parametrize(
    ("site", "site_id_code", "icp", "psb"),
    [
        ("jw.beijing.gov.cn", "1100000152", "京ICP备20014478号-1", "京公网安备11040202430147号"),
        ("sw.wuhan.gov.cn", "4201000011", "鄂ICP备19031037-2号", "鄂公网安备42010202000465号"),
        ("www.gz.gov.cn", "4401000004", "粤ICP备2022092331号-1", "粤公网安备44010602000929号"),
        ("www.fcgs.gov.cn", "4506000001", "桂ICP备08000262号", "桂公网安备45060202000004号"),
        ("www.gxzf.gov.cn", "4500000123", "桂ICP备06001517号-1", "桂公网安备45010302001240"),
        ("www.sjz.gov.cn", "1301000003", "冀ICP备20013865号", "冀公网安备13010202001704号"),
        ("www.moe.gov.cn", "bm05000001", "京ICP备10028400号-1", "京公网安备11010202007625号"),
        ("www.bjdx.gov.cn", "1101150005", "京ICP备15023992号", "京公网安备11011502002502"),
        ("wtl.sz.gov.cn", "4403000026", "粤ICP备18094387号", "粤公网安备号44030402003007"),
        ("www.qingdao.gov.cn", "3702000025", "鲁ICP备05038584号", "鲁公网安备37020202000341号"),
        ("www.hongshan.gov.cn", "4201110038", "鄂ICP备05009168", "鄂公网安备42011102000076号"),
        ("wgxj.nc.gov.cn", "3601000054", "赣ICP备17015617号", "36010802000157"),
        ("sctcm.sc.gov.cn", "5100000014", "蜀ICP备：19007388号", "川公网安备51010402001180号"),
    ],
)
def test_reads_identification_numbers_of_static_footers(site, site_id_code, icp, psb):
    info = extract_footer(page(site))
    assert (info.site_id_code, info.icp, info.psb) == (site_id_code, icp, psb)


def test_psb_number_split_by_newline_and_tabs_is_joined():
    assert extract_footer(page("sw.wuhan.gov.cn")).psb == "鄂公网安备42010202000465号"


def test_psb_only_in_image_title_is_read():
    html = '<div class="foot"><img src="ga.png" title="粤公网安备 44010602000929号" alt=""></div>'
    assert extract_footer(html).psb == "粤公网安备44010602000929号"


def test_psb_label_gongan_beian_hao_gives_its_value():
    assert extract_footer(page("www.pingtan.gov.cn", PINGTAN_DOC)).psb == "35012899001-19002"


def test_icp_with_space_before_number_is_squashed():
    assert extract_footer(page("www.sc.gov.cn", "article_szdt__mhxqwer.html")).icp == "蜀ICP备13001288号"


def test_icp_split_across_inline_tags_is_joined():
    html = '<p><span>赣</span></span>ICP<span lang=EN-US>备17015617号</span> 政府网站标识码：3601000054</p>'
    assert extract_footer(html).icp == "赣ICP备17015617号"


def test_icp_does_not_swallow_following_psb():
    info = extract_footer('<div>冀ICP备20013865号 冀公网安备 13010202001704号</div>')
    assert info.icp == "冀ICP备20013865号"
    assert info.psb == "冀公网安备13010202001704号"


def test_site_code_with_government_prefix_label():
    assert extract_footer(page("www.bjshy.gov.cn")).site_id_code == "1101130028"


def test_site_code_with_space_before_colon():
    assert extract_footer('<p>网站标识码 ：4506000001　</p>').site_id_code == "4506000001"


def test_site_code_without_colon_does_not_swallow_next_label():
    assert extract_footer(page("wtl.sz.gov.cn")).site_id_code == "4403000026"


def test_site_code_label_without_value_is_empty_string():
    assert extract_footer("<p>网站标识码：</p><p>京ICP备20014478号-1</p>").site_id_code == ""


@pytest.mark.parametrize(
    ("site", "sponsor"),
    [
        ("jw.beijing.gov.cn", "北京市教育委员会"),
        ("www.gz.gov.cn", "广州市人民政府办公厅"),
        ("www.hp.gov.cn", "广州开发区管委会 广州市黄埔区人民政府"),
        ("jyt.ah.gov.cn", "中共安徽省委教育工委 安徽省教育厅"),
        ("wtl.sz.gov.cn", "深圳市文化广电旅游体育局"),
        ("www.fcgs.gov.cn", "防城港市人民政府"),
    ],
)
def test_reads_sponsor_after_label(site, sponsor):
    assert extract_footer(page(site)).sponsor == sponsor


def test_reads_sponsor_long_value_after_label():
    assert extract_footer(page("www.pingtan.gov.cn", PINGTAN_DOC)).sponsor == "福建省平潭综合实验区管理委员会办公室"


@pytest.mark.parametrize(
    ("site", "sponsor"),
    [
        ("www.sjz.gov.cn", "石家庄市人民政府办公室"),
        ("www.qingdao.gov.cn", "中共青岛市委、青岛市人民政府"),
        ("www.xa.gov.cn", "西安市人民政府办公厅"),
    ],
)
def test_reads_sponsor_written_as_name_then_zhuban(site, sponsor):
    assert extract_footer(page(site)).sponsor == sponsor


def test_sponsor_in_body_text_far_from_footer_is_ignored():
    assert extract_footer(page("www.moe.gov.cn")).sponsor is None


def test_sponsor_stops_before_chengban():
    assert extract_footer(page("www.bjft.gov.cn")).sponsor == "北京市丰台区人民政府办公室"


@pytest.mark.parametrize(
    ("site", "contact"),
    [
        ("www.gxzf.gov.cn", "联系电话：0771-6116986"),
        ("www.gz.gov.cn", "联系我们：020-12345"),
        ("whlyj.beijing.gov.cn", "联系电话：010-65158249"),
        ("www.bjft.gov.cn", "政务服务热线：12345"),
        ("sw.wuhan.gov.cn", "联系电话 商务局：027-82796639"),
    ],
)
def test_reads_labelled_contact(site, contact):
    assert extract_footer(page(site)).contact == contact


def test_reads_unlabelled_email_in_footer():
    assert extract_footer(page("whly.hebei.gov.cn")).contact == "webmaster@hebeitour.com.cn"


def test_contact_link_without_number_is_not_a_contact():
    assert extract_footer(page("www.pingtan.gov.cn", PINGTAN_DOC)).contact is None


def test_phone_in_body_far_from_footer_is_not_a_contact():
    assert extract_footer(page("wsjkw.sh.gov.cn")).contact is None


def test_conac_from_bszs_link():
    assert extract_footer(page("jw.beijing.gov.cn")).conac is True


def test_conac_from_ide_conac_span():
    assert extract_footer(page("sw.wuhan.gov.cn")).conac is True


def test_conac_from_unescaped_document_write():
    assert extract_footer(page("www.shaanxi.gov.cn")).conac is True


def test_conac_through_ipv6_gateway_host():
    assert extract_footer(page("www.pingtan.gov.cn", PINGTAN_DOC)).conac is True


def test_no_conac_badge():
    assert extract_footer(page("www.sjz.gov.cn")).conac is False


def test_conac_in_html_comment_does_not_count():
    assert extract_footer('<!-- <span id="_ideConac"></span> -->').conac is False


def test_jiucuo_sitecode_from_script_attribute():
    assert extract_footer(page("jw.beijing.gov.cn")).jiucuo_sitecode == "1100000152"


def test_jiucuo_sitecode_with_src_before_sitecode():
    assert extract_footer(page("wgxj.nc.gov.cn")).jiucuo_sitecode == "3601000054"


def test_jiucuo_sitecode_from_exposure_url():
    assert extract_footer(page("sw.wuhan.gov.cn")).jiucuo_sitecode == "4201000011"


def test_jiucuo_sitecode_from_jiucuo_js_query():
    html = '<script src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js?siteCode=bm05000001"></script>'
    assert extract_footer(html).jiucuo_sitecode == "bm05000001"


def test_jiucuo_sitecode_from_data_setting():
    assert extract_footer(page("jyt.ah.gov.cn")).jiucuo_sitecode == "3400000072"


def test_inline_document_write_footer_is_found_in_script():
    info = extract_footer(page("www.gd.gov.cn"))
    assert (info.site_id_code, info.icp, info.found_in) == ("4400000131", "粤ICP备05070829号", "script")


def test_static_footer_is_found_in_html():
    assert extract_footer(page("jw.beijing.gov.cn")).found_in == "html"


@pytest.mark.parametrize("site", ["www.shanghai.gov.cn", "www.henan.gov.cn", "www.foshan.gov.cn", "www.liaoyang.gov.cn"])
def test_script_only_footer_is_absent_from_static_html(site):
    assert extract_footer(page(site)) == FooterInfo()


def test_empty_document_gives_empty_footer():
    assert extract_footer("") == FooterInfo()


def test_footer_script_urls_finds_footer_js():
    html = page("www.shanghai.gov.cn")
    assert footer_script_urls(html, "https://www.shanghai.gov.cn/nw4411/20230819/abc.html") == [
        "https://www.shanghai.gov.cn/nw4411/20230819/static/js/footer.js"
    ]


def test_footer_script_urls_lists_footer_names_before_shared_scripts():
    html = page("www.foshan.gov.cn")
    assert footer_script_urls(html, "https://www.foshan.gov.cn/a/b.html") == [
        "https://www.foshan.gov.cn/a/static/js/foot_2020.js",
        "https://www.foshan.gov.cn/a/static/js/public.js",
    ]


def test_footer_script_urls_finds_iframe_in_bottom_container():
    html = page("www.jinan.gov.cn")
    assert footer_script_urls(html, "http://www.jinan.gov.cn/art/2024/6/19/art_1861_4982441.html") == [
        "http://www.jinan.gov.cn/col/col97620/index.html"
    ]


def test_footer_script_urls_accepts_same_site_subdomain_and_skips_other_sites():
    html = (
        '<script src="https://static.shanghai.gov.cn/js/footer.js"></script>'
        '<script src="https://cdn.example.com/footer.js"></script>'
        '<script src="/js/jquery.min.js"></script>'
        '<iframe src="/include/bottom.html"></iframe>'
    )
    assert footer_script_urls(html, "https://www.shanghai.gov.cn/a/b.html") == [
        "https://static.shanghai.gov.cn/js/footer.js",
        "https://www.shanghai.gov.cn/include/bottom.html",
    ]


def test_footer_script_urls_skips_jiucuo_script():
    assert footer_script_urls(page("www.gd.gov.cn"), "https://www.gd.gov.cn/a/b.html") == [
        "https://www.gd.gov.cn/a/static/js/footjs.js"
    ]


def test_script_written_html_concatenates_document_write_parts():
    js = "document.write('<p>网站标识码：' + '4401000004</p>');"
    assert script_written_html(js) == "<p>网站标识码：4401000004</p>"


def test_script_written_html_decodes_escapes():
    js = r"""document.writeln("<a href=\"/\">\u7ca4ICP\u5907 05071238\u53f7</a>\x21");"""
    assert script_written_html(js) == '<a href="/">粤ICP备 05071238号</a>!'


def test_script_written_html_follows_variables_built_with_plus_equals():
    js = "var s = '<div>';\ns += '<p>主办：某局</p>';\ns += '</div>';\n$('#footer').html(s);"
    assert script_written_html(js) == "<div><p>主办：某局</p></div>"


def test_script_written_html_keeps_source_order_around_variables():
    js = "var code = '4401000004';\ndocument.write('<p>网站标识码：' + code + '</p>');"
    assert script_written_html(js) == "<p>网站标识码：4401000004</p>"


def test_script_written_html_handles_self_referencing_concatenation():
    js = "var s = '<p>a';\ns = s + 'b</p>';\nel.innerHTML = s;"
    assert script_written_html(js) == "<p>ab</p>"


def test_script_written_html_reads_inner_html_assignment():
    js = 'document.getElementById("ft").innerHTML = [\'<p>a</p>\', "<p>b</p>"].join("");'
    assert script_written_html(js) == "<p>a</p><p>b</p>"


def test_script_written_html_drops_template_expressions():
    js = "$('.foot').append(`<p>© ${new Date().getFullYear()} 版权所有</p>`);"
    assert script_written_html(js) == "<p>©  版权所有</p>"


def test_script_written_html_unescapes_percent_encoding():
    js = "document.write(unescape(\"%3Cspan id='_ideConac'%3E%3C/span%3E\"));"
    assert script_written_html(js) == "<span id='_ideConac'></span>"


def test_script_written_html_is_not_fooled_by_quotes_in_regex_and_comments():
    js = "var re = /'/g; // it's a comment\n/* don't */ document.write('<p>ok</p>');"
    assert script_written_html(js) == "<p>ok</p>"


def test_script_written_html_without_sink_returns_markup_literals():
    js = "var footer = {html: '<p>网站标识码：4401000004</p>', n: 'x'};"
    assert script_written_html(js) == "<p>网站标识码：4401000004</p>"


def test_footer_js_fixture_yields_full_footer():
    js = (FIXTURES / "gbk_trs" / "footer.js").read_text(encoding="utf-8")
    assert extract_footer(script_written_html(js), found_in="script") == FooterInfo(
        site_id_code="4207040001",
        icp="鄂ICP备05001234号-1",
        psb="鄂公网安备42070402000123号",
        sponsor="示例县人民政府办公室",
        contact="联系电话：0710-7654321",
        conac=True,
        jiucuo_sitecode="4207040001",
        found_in="script",
    )


def test_gbk_fixture_page_points_to_its_footer_script():
    html = decode_body((FIXTURES / "gbk_trs" / "article_gbk.html").read_bytes())[0]
    assert footer_script_urls(html, "http://www.shili.gov.cn/tzgg/202304/t20230417_123.html") == [
        "http://www.shili.gov.cn/images/footer.js"
    ]


def test_merge_footers_takes_first_non_empty_field():
    a = FooterInfo(site_id_code="4401000004", sponsor=None, conac=False)
    b = FooterInfo(site_id_code="9999999999", sponsor="广州市人民政府办公厅", conac=True, found_in="script")
    assert merge_footers(a, b) == FooterInfo(
        site_id_code="4401000004", sponsor="广州市人民政府办公厅", conac=True, found_in="html"
    )


def test_merge_footers_keeps_label_without_value_over_absent():
    assert merge_footers(FooterInfo(site_id_code=""), FooterInfo()).site_id_code == ""


def test_merge_footers_found_in_follows_the_numbers():
    a = FooterInfo(sponsor="某局")
    b = FooterInfo(icp="京ICP备20014478号-1", found_in="script")
    assert merge_footers(a, b).found_in == "script"
