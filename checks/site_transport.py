"""The portal's host: valid HTTPS, IPv6 and a standard .gov.cn domain.

`site.https` and `site.ipv6` judge the facts the spider gathered once per unit
(`data["site"]` of the home page, see `spiders.extract.site_facts`); `site.domain` reads the
configured home URL. A portal addressed by an IP address or a dotless name (an intranet or
test portal) is NotChecked by all three.

- `site.https`: a finding for the HTTPS errors of the profile's `report_errors` (port 443
  refused, no TLS, obsolete protocol, expired / not yet valid / self-signed certificate,
  certificate for another name); other errors (timeout, incomplete chain a browser may
  complete, …) are NotChecked. With valid HTTPS, ``http://host/`` must redirect to https
  (`require_redirect`) when it serves a page at all.
- `site.ipv6`: no AAAA record; a resolver failure is NotChecked.
- `site.domain`: a portal not under ``.gov.cn``; a government portal not ``www.<x>.gov.cn``;
  a department site not a sub-domain of the profile's `government_domains` (checked only
  when the city lists them; units in `exempt_units` are not held to it).
"""
from __future__ import annotations

import ipaddress
from datetime import date
from urllib.parse import urlsplit

from checks.common import evidence, page_section, read_home
from checks.framework import AuditResult, Finding, NotChecked, Rule
from checks.profile import Profile
from checks.snapshot import PageView, UnitSnapshot

INDICATOR = "站点基础"
_HTTPS_ERRORS = {
    "refused": "门户网站未提供 HTTPS 访问（{port} 端口拒绝连接）",
    "no_tls": "门户网站 {port} 端口未提供 HTTPS（TLS）服务",
    "old_protocol": "门户网站的 HTTPS 仅支持已淘汰的 TLS 协议版本",
    "expired": "门户网站的 HTTPS 证书已过期",
    "not_yet_valid": "门户网站的 HTTPS 证书尚未生效",
    "self_signed": "门户网站的 HTTPS 证书为自签名证书",
    "hostname_mismatch": "门户网站的 HTTPS 证书与域名 {host} 不符",
    "unknown_issuer": "门户网站的 HTTPS 证书链不完整或签发机构不在信任库中",
    "untrusted_root": "门户网站的 HTTPS 证书的根证书不受信任",
    "invalid_cert": "门户网站的 HTTPS 证书无效",
    "handshake_failed": "门户网站的 HTTPS 握手失败",
    "timeout": "门户网站的 HTTPS 连接超时",
    "dns": "门户网站域名解析失败",
    "unreachable": "无法连接门户网站",
}


def _host(snapshot: UnitSnapshot) -> str:
    return (urlsplit(snapshot.home_url).hostname or "").lower()


def is_domain(host: str) -> bool:
    """False for IP addresses and dotless names (intranet and test portals)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return "." in host
    return False


def _site_facts(snapshot: UnitSnapshot, rule_id: str, key: str
                ) -> tuple[PageView, dict, dict] | NotChecked:
    """(home page, data["site"], data["site"][key]) or why they cannot be judged."""
    if not is_domain(_host(snapshot)):
        return NotChecked(rule_id, snapshot.home_url, "门户网站以 IP 地址或内网主机名访问，无法检查")
    home = read_home(snapshot, rule_id)
    if isinstance(home, NotChecked):
        return home
    site = page_section(home, "site", rule_id, "站点 HTTPS / IPv6 探测结果")
    if isinstance(site, NotChecked):
        return site
    facts = site.get(key)
    if not isinstance(facts, dict):
        return NotChecked(rule_id, home.url, f"站点探测结果缺少 {key}")
    return home, site, facts


def _https_problem(https: dict, host: str) -> str:
    text = _HTTPS_ERRORS.get(https["error"], https["error"]).format(port=https.get("port"), host=host)
    cert = https.get("cert") or {}
    if https["error"] == "expired" and cert.get("not_after"):
        text += f"（有效期至 {cert['not_after'][:10]}）"
    elif https["error"] == "hostname_mismatch" and (cert.get("dns_names") or cert.get("subject")):
        text += f"（证书适用于 {'、'.join(cert.get('dns_names') or [cert['subject']])}）"
    return text


def audit_https(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Invalid or missing HTTPS, or plain HTTP that does not redirect to it."""
    rule_id = "site.https"
    read = _site_facts(snapshot, rule_id, "https")
    if isinstance(read, NotChecked):
        yield read
        return
    home, site, https = read
    host = site.get("host") or _host(snapshot)
    expected = "门户网站应通过有效的 HTTPS 提供访问（证书由受信任机构签发、在有效期内、与域名一致），HTTP 访问应跳转到 HTTPS"
    seen = {"https": https, "http": site.get("http")}
    if https.get("error"):
        if https["error"] not in profile.param(rule_id, "report_errors"):
            yield NotChecked(rule_id, home.url, f"HTTPS 探测未能确认问题：{_https_problem(https, host)}"
                             f"（{https.get('detail') or https['error']}）")
            return
        message = _https_problem(https, host)
    else:
        http = site.get("http") or {}
        if not profile.param(rule_id, "require_redirect") or http.get("error") \
                or http.get("to_https") is not False or not 200 <= (http.get("status") or 0) < 300:
            return
        message = f"门户网站的 HTTP 访问未跳转到 HTTPS（{http.get('url')} 返回 {http['status']}）"
    yield Finding(rule_id, home.url, message,
                  evidence(home, expected, seen, fetched_at=site.get("checked_at"), host=host),
                  locator=home.url)


def audit_ipv6(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """No AAAA record for the portal's host."""
    rule_id = "site.ipv6"
    read = _site_facts(snapshot, rule_id, "ipv6")
    if isinstance(read, NotChecked):
        yield read
        return
    home, site, ipv6 = read
    host = site.get("host") or _host(snapshot)
    if ipv6.get("error") == "lookup_failed":
        yield NotChecked(rule_id, home.url, f"IPv6 地址查询失败（{ipv6.get('detail')}）")
    elif ipv6.get("error") == "no_record" and not ipv6.get("addresses"):
        yield Finding(rule_id, home.url, f"门户网站域名 {host} 没有 IPv6 地址（AAAA 记录），不支持 IPv6 访问",
                      evidence(home, "门户网站域名应有 IPv6 地址（AAAA 记录）", ipv6,
                               fetched_at=site.get("checked_at"), host=host),
                      locator=home.url)


def _domain_problem(host: str, kind: str, unit: str, params: dict) -> str | None:
    if not (host.endswith(".gov.cn") and host.count(".") >= 2):
        return f"门户网站域名 {host} 未使用 .gov.cn 域名"
    if kind == "government":
        if not host.startswith("www.") or host.count(".") < 3:
            return f"政府门户网站域名 {host} 不符合“www.<名称>.gov.cn”结构"
        return None
    parents = [d.lower().removeprefix("www.") for d in params.get("government_domains") or ()]
    if parents and unit not in (params.get("exempt_units") or ()) \
            and not any(host.endswith("." + p) and host != "www." + p for p in parents):
        return f"部门网站域名 {host} 不是本级政府门户网站域名（{'、'.join(parents)}）的下级域名"
    return None


def audit_domain(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """A portal outside .gov.cn, or not structured as the 发展指引 asks."""
    rule_id = "site.domain"
    host = _host(snapshot)
    if not is_domain(host):
        yield NotChecked(rule_id, snapshot.home_url, "门户网站以 IP 地址或内网主机名访问，无法检查")
        return
    problem = _domain_problem(host, snapshot.kind, snapshot.unit, profile.rule(rule_id))
    if problem:
        expected = ("政府门户网站域名应为“www.<名称>.gov.cn”" if snapshot.kind == "government"
                    else "部门网站应使用本级政府门户网站的下级域名“<部门>.<名称>.gov.cn”")
        yield Finding(rule_id, snapshot.home_url, problem,
                      evidence(snapshot.home, expected, host), locator=snapshot.home_url)


HTTPS = Rule("site.https", "未使用有效的 HTTPS", "minor", INDICATOR,
             "门户网站应通过有效的 HTTPS 访问（证书有效、与域名一致），HTTP 访问应跳转到 HTTPS。",
             audit_https)
IPV6 = Rule("site.ipv6", "不支持 IPv6", "minor", INDICATOR,
            "门户网站域名应有 IPv6 地址（AAAA 记录）。", audit_ipv6)
DOMAIN = Rule("site.domain", "域名不规范", "minor", INDICATOR,
              "政府门户网站应使用“www.<名称>.gov.cn”域名，部门网站应使用本级政府门户网站的下级域名。",
              audit_domain)

RULES = (HTTPS, IPV6, DOMAIN)
