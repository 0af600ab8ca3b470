"""security.hidden_links, security.spam_content, link.exit_notice over pages' security facts."""
from __future__ import annotations

from checks import page_security as ps
from crawler.outcomes import Outcome
from spiders.extract.page_security import scan_page_security, scan_script_security
from tests.snapshots import FETCHED, HOME, PROFILE, page, run, snapshot

HOSTS = {"jw.beijing.gov.cn"}
ART1 = HOME + "xxgk/gzdt/202406/t20240603_3711111.html"
ART2 = HOME + "xxgk/gzdt/202406/t20240605_3711200.html"
SCRIPT = HOME + "images/wltz.js"
NAV = ('<div class="nav"><a href="/">首页</a><a href="/xxgk/">政务公开</a>'
       '<a href="http://www.beijing.gov.cn/">首都之窗</a></div>')


def html_page(url: str, body: str, *, role: str = "article", title: str = "北京市教育委员会",
              head: str = "") -> object:
    html = (f"<html><head><title>{title}</title>{head}</head><body>{NAV}{body}"
            "<div class='footer'>主办：北京市教育委员会 京ICP备20014478号-1</div></body></html>")
    facts = scan_page_security(html, url, HOSTS,
                               spam_terms=PROFILE.param("security.spam_content", "terms"))
    return page(url, role, {"security": facts})


def home_page(body: str = "", **kw):
    return html_page(HOME, body, role="home", **kw)


def script_page(url: str, js: str):
    return page(url, "script", {"security": scan_script_security(js)})


CASINO = ('<div style="display:none"><a href="http://www.amxpj-888.com/">澳门新葡京</a>'
          '<a href="http://www.bjl-66.com/">百家乐</a></div>')


# --- security.hidden_links ---------------------------------------------------------------

def test_hidden_casino_links_are_reported_with_the_markup_as_evidence():
    [f1, f2], [] = run(ps.HIDDEN_LINKS, snapshot(home_page=home_page(CASINO)))
    assert (f1.rule, f1.url, f1.locator) == ("security.hidden_links", HOME, "http://www.amxpj-888.com/")
    assert f1.message == ("网页中有对读者隐藏的外部链接“澳门新葡京”（http://www.amxpj-888.com/），"
                          "隐藏方式：display:none 隐藏（行内样式），疑似暗链")
    assert f1.evidence["seen"]["snippet"].startswith('<div style="display:none"><a href="http://www.amxpj')
    assert (f1.evidence["pages"], f1.evidence["page_count"]) == ([HOME], 1)
    assert f1.evidence["fetched_at"] == FETCHED.isoformat()
    assert f2.locator == "http://www.bjl-66.com/"


def test_the_same_injected_link_on_many_pages_is_one_finding_naming_the_home_page():
    snap = snapshot([html_page(ART1, CASINO), html_page(ART2, CASINO)], home_page=home_page(CASINO))
    findings, [] = run(ps.HIDDEN_LINKS, snap)
    assert [(f.url, f.evidence["page_count"]) for f in findings] == [(HOME, 3), (HOME, 3)]
    assert findings[0].evidence["pages"] == [HOME, ART1, ART2]


def test_without_the_home_page_the_first_page_by_url_is_named():
    snap = snapshot([html_page(ART2, CASINO), html_page(ART1, CASINO)], home_page=home_page())
    findings, [] = run(ps.HIDDEN_LINKS, snap)
    assert {f.url for f in findings} == {ART1}


def test_off_screen_link_with_innocent_text_is_reported():
    body = ('<div style="position:absolute;left:-3000px"><a href="http://www.bjzx-jz.com/">北京装修公司</a></div>')
    [f], [] = run(ps.HIDDEN_LINKS, snapshot(home_page=home_page(body)))
    assert "定位到页面可视区域之外（行内样式）" in f.message


def test_hidden_link_to_another_government_site_is_not_spam():
    body = '<div style="display:none"><a href="http://www.moe.gov.cn/">教育部</a></div>'
    assert run(ps.HIDDEN_LINKS, snapshot(home_page=home_page(body))) == ([], [])


def test_hidden_media_drop_down_is_interface_not_a_hidden_link():
    body = ('<ul class="yqlj"><li>媒体链接<ul class="sub" style="display:none">'
            '<li><a href="http://www.people.com.cn/">人民网</a></li>'
            '<li><a href="http://www.xinhuanet.com/">新华网</a></li></ul></li></ul>')
    assert run(ps.HIDDEN_LINKS, snapshot(home_page=home_page(body))) == ([], [])


def test_interface_element_holding_a_spam_link_is_reported():
    body = '<div class="sub" style="display:none"><a href="http://www.ssc-77.com/">时时彩计划</a></div>'
    [f], [] = run(ps.HIDDEN_LINKS, snapshot(home_page=home_page(body)))
    assert f.locator == "http://www.ssc-77.com/"


def test_cms_credit_and_badge_hosts_are_allowed():
    body = ("<a href='http://www.hanweb.com' style='display:none'>Produced By 大汉网络 大汉版通发布系统</a>"
            '<div style="display:none"><a href="https://bszs.conac.cn/sitename?method=show&id=1">'
            '党政机关</a></div>')
    assert run(ps.HIDDEN_LINKS, snapshot(home_page=home_page(body))) == ([], [])


def test_page_without_security_facts_and_page_not_loaded_are_not_checked():
    failed = page(ART1, "article", outcome=Outcome.NOT_FOUND, status=404)
    [], [nc_home, nc_art] = run(ps.HIDDEN_LINKS, snapshot([failed]))
    assert (nc_home.url, nc_art.url) == (HOME, ART1)
    assert "缺少 security" in nc_home.reason


# --- security.spam_content ---------------------------------------------------------------

def test_spam_title_is_reported_once_for_every_page_that_carries_it():
    title = "澳门新葡京官网_真人娱乐_北京市教育委员会"
    snap = snapshot([html_page(ART1, "<p>通知</p>", title=title)],
                    home_page=home_page("<p>首页</p>", title=title))
    [f], [] = run(ps.SPAM, snap)
    assert (f.rule, f.url, f.locator) == ("security.spam_content", HOME, "spam:澳门新葡京|真人娱乐")
    assert f.message == "网页标题中出现疑似被植入的违法有害信息“澳门新葡京”等 2 个词"
    assert f.evidence["seen"][0] == {"term": "澳门新葡京", "where": "title",
                                     "context": "澳门新葡京官网_真人娱乐_北京市教育委员会"}
    assert (f.evidence["title"], f.evidence["page_count"]) == (title, 2)


def test_hidden_spam_text_alone_is_reported():
    body = '<div style="display:none">六合宝典 最快开奖</div><p>工作动态</p>'
    [f], [] = run(ps.SPAM, snapshot(home_page=home_page(body)))
    assert f.message == "隐藏文字中出现疑似被植入的违法有害信息“六合宝典”"


def test_police_news_about_gambling_is_not_spam():
    body = ("<p>近日，市公安局破获一起利用“百家乐”“时时彩”网站组织网络赌博的案件，"
            "提醒广大市民远离六合彩等非法赌博活动。</p>")
    snap = snapshot([html_page(ART1, body, title="警方破获网络赌博百家乐案件_北京市教育委员会")],
                    home_page=home_page())
    assert run(ps.SPAM, snap) == ([], [])


def test_one_term_in_the_visible_text_is_not_enough():
    body = "<p>本次招聘考试不设娱乐城区考点，请考生按准考证地址参加考试。</p>"
    assert run(ps.SPAM, snapshot([html_page(ART1, body)], home_page=home_page())) == ([], [])


def test_two_terms_in_the_visible_text_are_spam():
    body = "<p>皇冠体育 足球投注 注册即送</p>"
    [f], [] = run(ps.SPAM, snapshot([html_page(ART1, body)], home_page=home_page()))
    assert (f.url, f.locator) == (ART1, "spam:皇冠体育|足球投注")
    assert f.message == "正文中出现疑似被植入的违法有害信息“皇冠体育”等 2 个词"


# --- link.exit_notice --------------------------------------------------------------------

MEDIA = '<p>相关链接：<a href="http://www.people.com.cn/">人民网</a></p>'


def test_link_to_a_media_site_without_the_notice_is_reported():
    snap = snapshot([html_page(ART1, MEDIA)], home_page=home_page(MEDIA))
    [f], [] = run(ps.EXIT_NOTICE, snap)
    assert (f.rule, f.url, f.locator) == ("link.exit_notice", HOME, "http://www.people.com.cn/")
    assert f.message == "链接“人民网”（http://www.people.com.cn/）指向非政府网站，打开前未提示即将离开本站"
    assert f.evidence["seen"] == {"href": "http://www.people.com.cn/", "text": "人民网"}
    assert f.evidence["pages"] == [HOME, ART1]


def test_notice_in_the_page_script_covers_the_links():
    head = ("<script>$('a').click(function(){if(this.host!=location.host)"
            "return confirm('您访问的链接即将离开“北京市教育委员会”门户网站，是否继续？');});</script>")
    assert run(ps.EXIT_NOTICE, snapshot(home_page=home_page(MEDIA, head=head))) == ([], [])


def test_notice_in_a_fetched_site_script_covers_the_links():
    head = f'<script src="{SCRIPT}"></script>'
    snap = snapshot([script_page(SCRIPT, 'layer.confirm("您即将离开本站，是否继续访问？")')],
                    home_page=home_page(MEDIA, head=head))
    assert run(ps.EXIT_NOTICE, snap) == ([], [])


def test_fetched_scripts_without_the_notice_leave_the_finding():
    head = f'<script src="{SCRIPT}"></script>'
    snap = snapshot([script_page(SCRIPT, "$(function(){$('.nav li').hover();});")],
                    home_page=home_page(MEDIA, head=head))
    [f], [] = run(ps.EXIT_NOTICE, snap)
    assert f.locator == "http://www.people.com.cn/"


def test_a_script_that_was_not_fetched_makes_the_page_not_checked():
    head = f'<script src="{SCRIPT}"></script>'
    [], [nc] = run(ps.EXIT_NOTICE, snapshot(home_page=home_page(MEDIA, head=head)))
    assert (nc.url, nc.reason) == (HOME, "页面引用的脚本未能获取，无法确认是否设置离开本站提示")


def test_government_and_allowed_hosts_need_no_notice():
    body = ('<a href="http://www.moe.gov.cn/">教育部</a><a href="https://bszs.conac.cn/sitename?id=1">'
            '党政机关</a><a href="https://www.12377.cn/">违法和不良信息举报</a>')
    assert run(ps.EXIT_NOTICE, snapshot(home_page=home_page(body))) == ([], [])


def test_urgent_rules_are_the_two_security_vetoes():
    assert ps.URGENT_RULES == ("security.hidden_links", "security.spam_content")
    assert (ps.HIDDEN_LINKS.severity, ps.SPAM.severity, ps.EXIT_NOTICE.severity) == (
        "veto", "veto", "minor")
