"""Soft 404s: the site's error template answered with 200, told from real pages."""
from __future__ import annotations

from spiders.extract.soft404 import error_template, is_soft_404, probe_url

HOST = "http://www.lj.gov.cn"
CHROME = """<div class="header"><a href="/">首页</a> <a href="/xxgk/">信息公开</a> <a href="/xwzx/">新闻中心</a></div>
<div class="nav">网站首页 | 政务公开 | 办事服务 | 互动交流 | 走进临江 | 专题专栏 | 数据开放 | 政策文件</div>
<div class="footer">主办单位：临江县人民政府办公室 联系电话：0716-4221234 网站标识码：4210230001
鄂ICP备05003241号-1 鄂公网安备 42102302000101号 技术支持：临江县大数据中心</div>"""


def page(title: str, body: str) -> str:
    return f"<html><head><title>{title}</title><script>var t={title!r}</script></head><body>{CHROME}{body}</body></html>"


def template(asked: str) -> str:
    return page("临江县人民政府", f'<div class="err">抱歉，您访问的页面 {asked} 不存在！<br>访问时间：2025-06-30 10:21:07</div>')


PROBE = HOST + "/zwgk-probe-1a2b3c/t1a2b3c.html"


def test_probe_url_is_random_and_on_the_same_host():
    first, second = probe_url(HOST + "/xxgk/index.html"), probe_url(HOST + "/")
    assert first != second and first.startswith(HOST + "/zwgk-probe-") and first.endswith(".html")


def test_the_error_template_echoing_another_path_and_time_is_a_soft_404():
    tpl = error_template(template("/zwgk-probe-1a2b3c/t1a2b3c.html"), PROBE, PROBE)
    asked = HOST + "/xxgk/tzgg/202504/t20250417_1030.html"
    answer = template("/xxgk/tzgg/202504/t20250417_1030.html").replace("10:21:07", "10:22:51")
    assert is_soft_404(tpl, answer, asked, asked)


def test_a_short_real_page_in_the_same_chrome_is_not_a_soft_404():
    tpl = error_template(template("/zwgk-probe-1a2b3c/t1a2b3c.html"), PROBE, PROBE)
    asked = HOST + "/xxgk/tzgg/202504/t20250417_1030.html"
    real = page("临江县人民政府", '<div class="art">关于停水的通知：4月18日城区停水一天。</div>')
    assert not is_soft_404(tpl, real, asked, asked)


def test_a_page_with_another_title_is_not_a_soft_404():
    tpl = error_template(template("/zwgk-probe-1a2b3c/t1a2b3c.html"), PROBE, PROBE)
    asked = HOST + "/a.html"
    assert not is_soft_404(tpl, template("/a.html").replace("<title>临江县人民政府", "<title>通知公告"),
                           asked, asked)


def test_sites_redirecting_unknown_paths_home_are_told_by_the_redirect():
    tpl = error_template(page("临江县人民政府门户网站", "首页"), PROBE, HOST + "/")
    assert tpl.redirected
    assert is_soft_404(tpl, "", HOST + "/xxgk/old.html", HOST + "/")
    assert not is_soft_404(tpl, "", HOST + "/xxgk/", HOST + "/xxgk/index.html")
    assert not is_soft_404(tpl, "", HOST + "/", HOST + "/")
