"""Raw-HTML security facts: hidden off-site links, spam text, off-site links, leave-site notice."""

from pathlib import Path

import pytest

from spiders.extract.encoding import decode_body
from spiders.extract.page_security import (
    is_government_host,
    is_site_host,
    scan_page_security,
    scan_script_security,
)

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
PAGE = "http://www.jcx.gov.cn/zwgk/gzdt/202406/t20240603_1024.html"
HOSTS = {"www.jcx.gov.cn"}
SPAM = ["百家乐", "澳门新葡京", "真人娱乐", "时时彩", "北京赛车pk10", "足彩网", "六合彩"]


def scan(body: str, head: str = "", title: str = "江城县人民政府") -> dict:
    html = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}"
            f"</head><body>{body}</body></html>")
    return scan_page_security(html, PAGE, HOSTS, spam_terms=SPAM)


def corpus(site: str) -> dict:
    text = decode_body((CORPUS / site / "article__mhxqwer.html").read_bytes())[0]
    return scan_page_security(text, f"http://{site}/art/index.html", {site}, spam_terms=SPAM)


def hidden(result: dict) -> list[tuple]:
    return [(h["href"], h["text"], h["how"], h["via"], h["interactive"])
            for h in result["hidden_links"]]


def test_inline_display_none_block_of_casino_links_is_hidden_and_not_interface():
    r = scan('<div class="main">正文</div><div style="display:none">'
             '<a href="http://www.amxpj888.com/">澳门新葡京</a>'
             '<a href="http://www.bjl-66.com/">百家乐</a></div>')
    assert hidden(r) == [("http://www.amxpj888.com/", "澳门新葡京", "display:none", "inline", False),
                         ("http://www.bjl-66.com/", "百家乐", "display:none", "inline", False)]
    assert r["hidden_links"][0]["container"] == "div"
    assert r["hidden_links"][0]["snippet"].startswith('<div style="display:none"><a href=')
    assert r["offsite_links"] == []


def test_box_moved_off_screen_is_a_strong_technique():
    r = scan('<div style="position:absolute; top:-999px; left:-999px">'
             '<a href="http://www.zx-jianzhan.com/">网站建设</a></div>')
    assert hidden(r) == [("http://www.zx-jianzhan.com/", "网站建设", "offscreen", "inline", False)]


def test_text_indent_off_screen_hides_the_link():
    r = scan('<p style="text-indent:-9999px"><a href="http://seo.example.com/">装修公司</a></p>')
    assert hidden(r)[0][2] == "offscreen"


def test_slide_in_panel_a_little_off_screen_is_visible():
    r = scan('<div style="position:fixed;top:-400px"><a href="http://www.people.com.cn/">人民网</a></div>')
    assert r["hidden_links"] == []
    assert r["offsite_links"] == [{"href": "http://www.people.com.cn/", "text": "人民网",
                                   "has_notice": False}]


def test_class_hidden_by_the_page_stylesheet_is_hidden_via_css():
    r = scan('<div class="yqlj-b"><a href="http://www.yule-city.com/">真人娱乐</a></div>',
             head="<style>.yqlj-b{display:none;}</style>")
    assert hidden(r) == [("http://www.yule-city.com/", "真人娱乐", "display:none", "css", True)]
    assert r["hidden_links"][0]["container"] == "div.yqlj-b"


def test_id_hidden_by_the_page_stylesheet_without_class_is_not_interface():
    r = scan('<div id="lk"><a href="http://www.yule-city.com/">合作伙伴</a></div>',
             head="<style>#lk{visibility:hidden}</style>")
    assert hidden(r) == [("http://www.yule-city.com/", "合作伙伴", "visibility:hidden", "css", False)]


def test_rules_inside_media_queries_do_not_hide():
    r = scan('<div class="pc-only"><a href="http://www.xinhuanet.com/">新华网</a></div>',
             head="<style>@media (max-width:768px){.pc-only{display:none}}</style>")
    assert r["hidden_links"] == []
    assert [l["href"] for l in r["offsite_links"]] == ["http://www.xinhuanet.com/"]


def test_zero_size_box_with_overflow_hidden_hides_its_links():
    r = scan('<div style="width:0;height:0;overflow:hidden"><a href="http://a.example.com/">a</a></div>')
    assert hidden(r)[0][2:4] == ("zero_size", "inline")


def test_tiny_marquee_hides_its_links():
    r = scan('<marquee height="1" width="4" scrollamount="3000">'
             '<a href="http://www.cp-99.com/">时时彩</a></marquee>')
    assert hidden(r) == [("http://www.cp-99.com/", "时时彩", "zero_size", "attr", False)]


def test_document_write_wrapper_around_the_pages_own_links_is_script_hiding():
    r = scan("<p>正文</p><script>document.write('<div style=\"display:none\">');</script>"
             '<a href="http://www.xpj-77.com/">新葡京娱乐</a>'
             "<script>document.write('</div>');</script><p>完</p>")
    assert hidden(r) == [("http://www.xpj-77.com/", "新葡京娱乐", "script", "script", False)]


def test_script_that_hides_an_element_by_id_is_script_hiding():
    r = scan('<div id="a1b2"><a href="http://www.bet-site.com/">体育</a></div>'
             "<script>document.getElementById('a1b2').style.display='none';</script>")
    assert hidden(r) == [("http://www.bet-site.com/", "体育", "script", "script", False)]


def test_zero_font_size_on_a_wrapper_reset_by_its_items_is_visible():
    r = scan('<ul style="font-size:0"><li style="font-size:14px">'
             '<a href="http://www.people.com.cn/">人民网</a></li></ul>')
    assert r["hidden_links"] == []


def test_zero_font_size_link_is_hidden():
    r = scan('<p>欢迎访问<a href="http://www.cp-99.com/" style="font-size:0">彩票</a></p>')
    assert hidden(r) == [("http://www.cp-99.com/", "彩票", "font_size_0", "inline", False)]


def test_hidden_links_to_government_and_own_hosts_are_not_recorded():
    r = scan('<div style="display:none"><a href="http://www.hubei.gov.cn/">湖北省人民政府</a>'
             '<a href="https://www.gov.cn/">中国政府网</a><a href="/zwgk/">政务公开</a>'
             '<a href="http://zwfw.jcx.gov.cn/">政务服务</a><a href="http://www.江城.政务/">江城</a></div>')
    assert r["hidden_links"] == [] and r["offsite_links"] == []


def test_drop_down_under_a_menu_item_shown_on_hover_is_interface():
    r = scan('<ul class="nav"><li><a href="/">首页</a><ul>'
             '<li><a href="http://www.people.com.cn/">人民网</a></li></ul></li></ul>',
             head="<style>.nav li ul{display:none}.nav li:hover ul{display:block}</style>")
    assert hidden(r) == [("http://www.people.com.cn/", "人民网", "display:none", "css", True)]


def test_numbered_tab_panels_are_interface():
    r = scan('<div class="tabs"><div id="con_one_1"><a href="/a">部门</a></div>'
             '<div id="con_one_2" style="display:none"><a href="http://www.xinhuanet.com/">新华网</a>'
             '</div></div>')
    assert hidden(r) == [("http://www.xinhuanet.com/", "新华网", "display:none", "inline", True)]


def test_hanweb_credit_link_is_recorded_as_a_hidden_link():
    # jnwl.jinan.gov.cn: 大汉 JCMS prints its own hidden credit; the rule's allowed_hosts clears it.
    assert hidden(corpus("jnwl.jinan.gov.cn")) == [
        ("http://www.hanweb.com", "Produced By 大汉网络 大汉版通发布系统", "display:none", "inline", False)]


def test_media_drop_down_menus_of_a_real_district_portal_are_interface():
    r = corpus("www.bjft.gov.cn")
    assert len(r["hidden_links"]) == 19
    assert all(h["interactive"] for h in r["hidden_links"])


def test_inline_confirm_with_the_notice_covers_every_offsite_link():
    # wtl.sz.gov.cn: a jQuery click handler with confirm('您访问的链接即将离开…').
    r = corpus("wtl.sz.gov.cn")
    assert (r["exit_notice_script"], r["exit_notice_phrase"]) == (True, "即将离开")
    assert r["offsite_links"] and all(l["has_notice"] for l in r["offsite_links"])


def test_notice_written_with_unicode_escapes_is_found():
    r = scan('<a href="http://www.people.com.cn/">人民网</a>',
             head=r'<script>var tip="\u5373\u5c06\u79bb\u5f00\u672c\u7ad9";</script>')
    assert r["exit_notice_phrase"] == "即将离开"
    assert r["offsite_links"][0]["has_notice"] is True


def test_link_with_its_own_confirm_has_the_notice():
    r = scan('<a href="http://www.xinhuanet.com/" onclick="return confirm(\'您即将离开本站\')">新华网</a>'
             '<a href="http://www.people.com.cn/">人民网</a>')
    assert r["exit_notice_script"] is False
    assert [(l["text"], l["has_notice"]) for l in r["offsite_links"]] == [("新华网", True),
                                                                          ("人民网", False)]


def test_image_link_takes_its_alt_text_and_links_are_listed_once():
    r = scan('<a href="http://www.12345.example.com/"><img src="x.png" alt="市民热线"></a>'
             '<a href="http://www.12345.example.com/">市民热线</a>')
    assert r["offsite_links"] == [{"href": "http://www.12345.example.com/", "text": "市民热线",
                                   "has_notice": False}]


def test_script_urls_are_the_sites_and_government_scripts_but_not_the_jiucuo_badge():
    r = scan("", head='<script src="/js/common.js"></script>'
                      '<script src="https://www.hubei.gov.cn/js/wltz.js"></script>'
                      '<script src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>'
                      '<script src="https://hm.baidu.com/hm.js?1"></script>')
    assert r["script_urls"] == ["http://www.jcx.gov.cn/js/common.js",
                                "https://www.hubei.gov.cn/js/wltz.js"]


def test_spam_in_the_title_keywords_hidden_text_links_and_body():
    r = scan('<div style="display:none">足彩网 在线直播</div>'
             '<p>推荐 <a href="http://www.cp-99.com/">北京赛车PK10</a> 平台</p><p>时时彩开奖</p>',
             head='<meta name="keywords" content="百家乐,真人娱乐">', title="澳门新葡京_江城县人民政府")
    assert [(h["term"], h["where"]) for h in r["spam_hits"]] == [
        ("澳门新葡京", "title"), ("百家乐", "meta"), ("真人娱乐", "meta"), ("足彩网", "hidden"),
        ("北京赛车PK10", "link"), ("时时彩", "body")]
    assert r["spam_hits"][-1]["context"] == "推荐 北京赛车PK10 平台 时时彩开奖"
    assert r["title"] == "澳门新葡京_江城县人民政府"


def test_spam_replacing_words_of_a_regulation_title_is_found_in_the_body():
    # A hacked 基层政务公开 page: "信息公开" replaced by gambling text.
    r = scan("<p>《招标投标法实施条例》、《政府雷速体育_中国足彩网¥在线直播条例》</p>")
    assert [(h["term"], h["where"]) for h in r["spam_hits"]] == [("足彩网", "body")]


def test_a_page_that_is_not_html_gives_empty_facts():
    r = scan_page_security("", PAGE, HOSTS, spam_terms=SPAM)
    assert (r["hidden_links"], r["offsite_links"], r["spam_hits"], r["title"]) == ([], [], [], None)


def test_script_security_finds_the_notice_in_an_external_script():
    js = 'if(!confirm("您访问的链接即将离开“江城县人民政府”门户网站，是否继续？")){return false;}'
    assert scan_script_security(js) == {"exit_notice_script": True, "exit_notice_phrase": "即将离开"}
    assert scan_script_security("$(function(){$('.nav').show();});") == {
        "exit_notice_script": False, "exit_notice_phrase": None}


@pytest.mark.parametrize(("host", "expected"), [
    ("www.gov.cn", True), ("jtj.ezhou.gov.cn", True), ("www.江城.政务", True),
    ("www.xn--fiq06l.xn--zfr164b", True), ("gov.cn.example.com", False), ("fakegov.cn", False),
    ("www.people.com.cn", False), (None, False)])
def test_government_hosts(host, expected):
    assert is_government_host(host) is expected


def test_site_hosts_cover_sub_domains_and_the_www_prefix():
    assert is_site_host("jcx.gov.cn", HOSTS) and is_site_host("zwfw.jcx.gov.cn", HOSTS)
    assert not is_site_host("www.jcxx.gov.cn", HOSTS)
