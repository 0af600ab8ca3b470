"""site.https, site.ipv6 and site.domain over the site facts stored on the home page."""
from __future__ import annotations

from copy import deepcopy
from dataclasses import replace

import pytest

from checks import site_transport as st
from checks.profile import Profile
from crawler.outcomes import Outcome
from tests.snapshots import HOME, PROFILE, home, run, snapshot

CHECKED = "2024-06-20T02:10:44+00:00"
CERT = {"subject": "jw.beijing.gov.cn", "issuer": "GeoTrust CN RSA CA G1",
        "not_before": "2024-03-01T00:00:00+00:00", "not_after": "2025-03-31T23:59:59+00:00",
        "dns_names": ["jw.beijing.gov.cn"]}


def https(error=None, **kw) -> dict:
    return {"port": 443, "error": error, "detail": kw.pop("detail", None),
            "protocol": None if error else "TLSv1.3", "cert": kw.pop("cert", CERT), **kw}


def http(status=301, to_https=True, error=None) -> dict:
    return {"url": "http://jw.beijing.gov.cn/", "status": status, "chain": [],
            "to_https": to_https, "error": error, "detail": None}


def site(**parts) -> dict:
    facts = {"host": "jw.beijing.gov.cn", "checked_at": CHECKED, "https": https(), "http": http(),
             "ipv6": {"addresses": ["2408:8000:1010:1::8"], "error": None, "detail": None}}
    facts.update(parts)
    return facts


def snap(facts: dict | None, **kw):
    page = home(**kw)
    if facts is not None:
        page.data["site"] = facts
    return snapshot(home_page=page)


# --- site.https --------------------------------------------------------------------------

def test_valid_https_with_redirect_passes():
    assert run(st.HTTPS, snap(site())) == ([], [])


def test_no_https_service_is_reported_with_the_probe_time():
    facts = site(https=https("refused", cert=None, detail="[Errno 111] Connection refused"),
                 http=http(200, False))
    [f], [] = run(st.HTTPS, snap(facts))
    assert (f.rule, f.url, f.locator) == ("site.https", HOME, HOME)
    assert f.message == "门户网站未提供 HTTPS 访问（443 端口拒绝连接）"
    assert f.evidence["fetched_at"] == CHECKED
    assert f.evidence["seen"]["https"]["error"] == "refused"


def test_expired_certificate_is_reported_with_its_end_date():
    [f], [] = run(st.HTTPS, snap(site(https=https("expired", detail="certificate has expired"))))
    assert f.message == "门户网站的 HTTPS 证书已过期（有效期至 2025-03-31）"


def test_certificate_for_another_name_names_what_it_covers():
    cert = dict(CERT, subject="*.beijing.gov.cn", dns_names=["*.beijing.gov.cn", "beijing.gov.cn"])
    facts = site(host="jw.bj.gov.cn", https=https("hostname_mismatch", cert=cert))
    [f], [] = run(st.HTTPS, snap(facts))
    assert f.message == ("门户网站的 HTTPS 证书与域名 jw.bj.gov.cn 不符"
                         "（证书适用于 *.beijing.gov.cn、beijing.gov.cn）")


def test_plain_http_page_without_redirect_is_reported():
    [f], [] = run(st.HTTPS, snap(site(http=http(200, False))))
    assert f.message == "门户网站的 HTTP 访问未跳转到 HTTPS（http://jw.beijing.gov.cn/ 返回 200）"


def test_plain_http_that_is_not_served_needs_no_redirect():
    assert run(st.HTTPS, snap(site(http=http(None, None, "refused")))) == ([], [])
    assert run(st.HTTPS, snap(site(http=http(403, False)))) == ([], [])


@pytest.mark.parametrize("error", ["unknown_issuer", "timeout", "handshake_failed"])
def test_errors_that_do_not_prove_an_invalid_certificate_are_not_checked(error):
    [], [nc] = run(st.HTTPS, snap(site(https=https(error, detail="x"))))
    assert nc.url == HOME and nc.reason.startswith("HTTPS 探测未能确认问题")


def test_a_city_can_report_incomplete_chains():
    data = deepcopy(PROFILE.data)
    data["rules"]["site.https"]["report_errors"].append("unknown_issuer")
    [f], [] = run(st.HTTPS, snap(site(https=https("unknown_issuer"))), profile=Profile(data))
    assert f.message == "门户网站的 HTTPS 证书链不完整或签发机构不在信任库中"


def test_missing_site_facts_or_unread_home_are_not_checked():
    [], [nc] = run(st.HTTPS, snap(None))
    assert "缺少 site" in nc.reason
    [], [nc] = run(st.HTTPS, snap(site(), outcome=Outcome.TIMEOUT, status=None))
    assert nc.reason.startswith("首页未能读取")


def test_portal_addressed_by_ip_is_not_checked():
    snapshot_ = replace(snap(site()), home_url="http://127.0.0.1:8080/")
    for rule in (st.HTTPS, st.IPV6, st.DOMAIN):
        [], [nc] = run(rule, snapshot_)
        assert nc.reason == "门户网站以 IP 地址或内网主机名访问，无法检查"


# --- site.ipv6 ---------------------------------------------------------------------------

def test_host_with_aaaa_passes():
    assert run(st.IPV6, snap(site())) == ([], [])


def test_host_without_aaaa_is_reported():
    facts = site(ipv6={"addresses": [], "error": "no_record", "detail": None})
    [f], [] = run(st.IPV6, snap(facts))
    assert f.message == "门户网站域名 jw.beijing.gov.cn 没有 IPv6 地址（AAAA 记录），不支持 IPv6 访问"
    assert (f.evidence["seen"], f.evidence["fetched_at"]) == (facts["ipv6"], CHECKED)


def test_resolver_failure_is_not_checked():
    facts = site(ipv6={"addresses": [], "error": "lookup_failed", "detail": "Temporary failure"})
    [], [nc] = run(st.IPV6, snap(facts))
    assert nc.reason == "IPv6 地址查询失败（Temporary failure）"


# --- site.domain -------------------------------------------------------------------------

def unit(home_url: str, kind: str, name: str = "江城县交通运输局"):
    return replace(snapshot(kind=kind), home_url=home_url, unit=name)


@pytest.mark.parametrize(("home_url", "kind"), [
    ("http://www.jiangcheng.gov.cn/", "government"),
    ("https://jtj.jiangcheng.gov.cn/", "department"),
    ("http://www.jtj.gov.cn/", "department"),  # no government domains configured: not checked
])
def test_standard_domains_pass(home_url, kind):
    assert run(st.DOMAIN, unit(home_url, kind)) == ([], [])


def test_portal_outside_gov_cn_is_reported():
    [f], [] = run(st.DOMAIN, unit("http://www.jcxjt.com/", "department"))
    assert (f.url, f.message) == ("http://www.jcxjt.com/", "门户网站域名 www.jcxjt.com 未使用 .gov.cn 域名")
    assert f.evidence["seen"] == "www.jcxjt.com"


def test_government_portal_without_www_structure_is_reported():
    [f], [] = run(st.DOMAIN, unit("http://jiangcheng.gov.cn/", "government", "江城县人民政府"))
    assert f.message == "政府门户网站域名 jiangcheng.gov.cn 不符合“www.<名称>.gov.cn”结构"


def test_department_outside_its_governments_domain_is_reported_when_the_city_lists_it():
    data = deepcopy(PROFILE.data)
    data["rules"]["site.domain"]["government_domains"] = ["www.jiangcheng.gov.cn"]
    profile = Profile(data)
    [f], [] = run(st.DOMAIN, unit("http://www.jcjtj.gov.cn/", "department"), profile=profile)
    assert f.message == "部门网站域名 www.jcjtj.gov.cn 不是本级政府门户网站域名（jiangcheng.gov.cn）的下级域名"
    assert run(st.DOMAIN, unit("http://jtj.jiangcheng.gov.cn/", "department"), profile=profile) == ([], [])
    data["rules"]["site.domain"]["exempt_units"] = ["江城县交通运输局"]
    assert run(st.DOMAIN, unit("http://www.jcjtj.gov.cn/", "department"), profile=Profile(data)) == ([], [])
