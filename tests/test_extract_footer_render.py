"""When only a browser can tell a home page's footer (`needs_render`)."""
from __future__ import annotations

from spiders.extract.footer import FooterInfo, extract_footer, needs_render


def test_a_static_footer_needs_no_render():
    footer = extract_footer("<div class='footer'>网站标识码：4210230001 鄂ICP备05003241号-1</div>")
    assert not needs_render(footer)


def test_a_footer_without_site_id_or_icp_needs_a_render():
    assert needs_render(extract_footer("<div class='footer'>主办单位：临江县人民政府</div>"))
    assert needs_render(FooterInfo(site_id_code="4210230001"))
    assert needs_render(FooterInfo(site_id_code="", icp="鄂ICP备05003241号-1"))  # a label alone


def test_implausible_values_read_out_of_a_script_need_a_render():
    html = """<div id="ft"></div><script>var code = String(421023) + ('0000' + 99).slice(-4);
document.getElementById('ft').innerHTML = '网站标识码：' + code + ' 鄂ICP备' + (12000000 + 3345) + '号';</script>"""
    footer = extract_footer(html)
    assert footer.found_in == "script" and needs_render(footer)


def test_plausible_values_written_by_a_script_need_no_render():
    html = "<script>document.write('网站标识码：4210230001　鄂ICP备05003241号-1');</script>"
    footer = extract_footer(html)
    assert footer.found_in == "script" and not needs_render(footer)
