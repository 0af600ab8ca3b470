"""footer.* rules on the home page (values from PATTERNS.md §4)."""
from __future__ import annotations

import pytest

from checks import footer_marks as fm
from crawler.outcomes import Outcome
from tests.snapshots import FETCHED, HOME, footer, home, run, snapshot


def _footer_snapshot(**overrides):
    return snapshot(home_page=home(footer(**overrides)))


def test_complete_beijing_footer_has_no_findings():
    snap = snapshot()
    for rule in fm.RULES:
        assert run(rule, snap) == ([], [])


@pytest.mark.parametrize("code", ["1100000152", "4207000024", "bm05000001", "bm07000001",
                                  "网站标识码 ：4506000001", "政府网站标识码：1100000152"])
def test_valid_site_id_code_passes(code):
    assert run(fm.SITE_ID_CODE, _footer_snapshot(site_id_code=code)) == ([], [])


def test_eight_digit_site_id_code_is_malformed():
    findings, not_checked = run(fm.SITE_ID_CODE, _footer_snapshot(site_id_code="42070000"))
    assert not_checked == []
    [f] = findings
    assert (f.rule, f.url, f.locator, f.severity) == ("footer.site_id_code", HOME, HOME, None)
    assert f.message == "网站底部的网站标识码“42070000”格式不规范"
    assert f.evidence["problem"] == "malformed"
    assert f.evidence["seen"] == "42070000"
    assert f.evidence["page_url"] == HOME
    assert f.evidence["fetched_at"] == FETCHED.isoformat()
    assert "10 位数字" in f.evidence["expected"]


def test_missing_site_id_code_is_reported_as_missing():
    [f], _ = run(fm.SITE_ID_CODE, _footer_snapshot(site_id_code=None))
    assert f.message == "网站底部未标注网站标识码"
    assert f.evidence["problem"] == "missing"
    assert f.evidence["seen"] is None


def test_empty_site_id_code_is_reported_as_missing():
    [f], _ = run(fm.SITE_ID_CODE, _footer_snapshot(site_id_code="  "))
    assert f.evidence["problem"] == "missing"


@pytest.mark.parametrize("icp", ["京ICP备20014478号-1", "鄂ICP备19031037-2号", "陕ICP备2024054100号",
                                 "闽ICP备09032658号", "ICP备案号：粤ICP备2022092331号-1"])
def test_valid_icp_passes(icp):
    assert run(fm.ICP, _footer_snapshot(icp=icp)) == ([], [])


@pytest.mark.parametrize("icp", ["京ICP备2001447号", "ICP备20014478号", "京ICP证20014478号"])
def test_malformed_icp_is_reported(icp):
    [f], _ = run(fm.ICP, _footer_snapshot(icp=icp))
    assert (f.rule, f.evidence["problem"], f.evidence["seen"]) == ("footer.icp", "malformed", icp)


@pytest.mark.parametrize("psb", ["京公网安备 11040202430147号", "鄂公网安备\n\t\t\t42010202000465号",
                                 "桂公网安备\n 45010302001240", "京公网安备11011502002502"])
def test_valid_psb_passes(psb):
    assert run(fm.PSB, _footer_snapshot(psb=psb)) == ([], [])


def test_old_twelve_digit_psb_is_info_not_missing():
    [f], _ = run(fm.PSB, _footer_snapshot(psb="京公网安备110105000001号"))
    assert f.severity == "info"
    assert f.evidence["problem"] == "old_format"
    assert "旧版" in f.message


def test_psb_without_province_prefix_is_malformed():
    [f], _ = run(fm.PSB, _footer_snapshot(psb="公安备案号：35012899001-19002"))
    assert f.severity is None
    assert f.evidence["problem"] == "malformed"
    assert f.evidence["seen"] == "公安备案号：35012899001-19002"


def test_missing_sponsor_is_reported():
    [f], _ = run(fm.SPONSOR, _footer_snapshot(sponsor=None))
    assert (f.rule, f.url, f.message) == ("footer.sponsor", HOME, "网站底部未标注网站主办单位")


def test_missing_contact_is_reported():
    [f], _ = run(fm.CONTACT, _footer_snapshot(contact=""))
    assert (f.rule, f.message) == ("footer.contact", "网站底部未标注联系方式")


def test_missing_conac_badge_is_reported():
    [f], _ = run(fm.CONAC, _footer_snapshot(conac=False))
    assert (f.rule, f.url, f.evidence["problem"]) == ("footer.conac", HOME, "missing")
    assert f.message == "网站底部未设置党政机关网站标识（开办标识）"


def test_footer_in_script_is_as_good_as_static_html():
    assert run(fm.SITE_ID_CODE, _footer_snapshot(found_in="script")) == ([], [])


@pytest.mark.parametrize("rule", fm.RULES, ids=lambda r: r.id)
def test_home_page_that_failed_to_load_is_not_checked(rule):
    failed = home(footer_data={}, meta={}, outcome=Outcome.TIMEOUT, status=None)
    findings, [nc] = run(rule, snapshot(home_page=failed))
    assert findings == []
    assert (nc.rule, nc.url) == (rule.id, HOME)
    assert "超时" in nc.reason


@pytest.mark.parametrize("rule", fm.RULES, ids=lambda r: r.id)
def test_home_page_not_fetched_is_not_checked(rule):
    findings, [nc] = run(rule, snapshot(home_page=None))
    assert findings == [] and nc.url == HOME


@pytest.mark.parametrize("rule", fm.RULES, ids=lambda r: r.id)
def test_missing_mark_with_incomplete_footer_is_not_checked(rule):
    empty = dict(site_id_code=None, icp=None, psb=None, sponsor=None, contact=None, conac=False,
                 footer_complete=False, found_in="script")
    findings, [nc] = run(rule, _footer_snapshot(**empty))
    assert findings == []
    assert nc.rule == rule.id and "未能完整获取" in nc.reason


def test_footer_without_completeness_flag_is_not_accused():
    data = footer(site_id_code=None)
    del data["footer_complete"]
    findings, [nc] = run(fm.SITE_ID_CODE, snapshot(home_page=home(data)))
    assert findings == [] and nc.rule == "footer.site_id_code"


def test_malformed_mark_with_incomplete_footer_is_still_reported():
    [f], [] = run(fm.ICP, _footer_snapshot(icp="京ICP备123号", footer_complete=False))
    assert f.evidence["problem"] == "malformed"


def test_home_page_without_extracted_footer_is_not_checked():
    page = home()
    del page.data["footer"]
    findings, [nc] = run(fm.SPONSOR, snapshot(home_page=page))
    assert findings == [] and "footer" in nc.reason
