"""Footer marks (底部标识区) on the home page: 网站标识码, ICP, 公网安备, 主办单位, 联系方式, 开办标识.

A mark is *missing* only when the home page was read and its whole footer was seen
(`footer_complete`); a footer script or iframe that could not be fetched makes "missing"
unknowable (NotChecked). A value that is present but does not match the profile's format is
*malformed*, whatever the footer's completeness.
"""
from __future__ import annotations

import re
from datetime import date

from checks.common import evidence, is_blank, normalize_code, page_section, read_home
from checks.framework import AuditResult, Finding, NotChecked, Rule
from checks.profile import Profile
from checks.snapshot import PageView, UnitSnapshot

INDICATOR = "底部标识区"

# rule id -> (FooterInfo field, Chinese name of the mark)
MARKS = {
    "footer.site_id_code": ("site_id_code", "网站标识码"),
    "footer.icp": ("icp", "ICP备案编号"),
    "footer.psb": ("psb", "公安机关备案号"),
    "footer.sponsor": ("sponsor", "网站主办单位"),
    "footer.contact": ("contact", "联系方式"),
    "footer.conac": ("conac", "党政机关网站标识（开办标识）"),
}


def _shown(raw) -> str:
    """A printed value on one line, for a message."""
    return " ".join(str(raw).split())


def _read_footer(snapshot: UnitSnapshot, rule_id: str) -> tuple[PageView, dict] | NotChecked:
    """The read home page and its footer data, or why they are not available."""
    home = read_home(snapshot, rule_id)
    if isinstance(home, NotChecked):
        return home
    footer = page_section(home, "footer", rule_id, "首页底部信息")
    if isinstance(footer, NotChecked):
        return footer
    return home, footer


def _missing(rule_id: str, home: PageView, footer: dict, expected: str) -> Finding | NotChecked:
    """A missing-mark finding, or NotChecked when part of the footer could not be fetched."""
    name = MARKS[rule_id][1]
    if footer.get("footer_complete") is not True:
        return NotChecked(rule_id, home.url,
                          f"首页底部脚本或框架未能完整获取，无法判断是否标注{name}")
    verb = "未设置" if rule_id == "footer.conac" else "未标注"
    return Finding(rule_id, home.url, f"网站底部{verb}{name}",
                   evidence(home, expected, None, problem="missing",
                            found_in=footer.get("found_in")),
                   locator=home.url)


def _audit_present(rule_id: str, snapshot: UnitSnapshot, profile: Profile) -> AuditResult:
    """A mark that only has to be there (主办单位, 联系方式)."""
    read = _read_footer(snapshot, rule_id)
    if isinstance(read, NotChecked):
        yield read
        return
    home, footer = read
    if is_blank(footer.get(MARKS[rule_id][0])):
        yield _missing(rule_id, home, footer, profile.param(rule_id, "expected"))


def _audit_formatted(rule_id: str, snapshot: UnitSnapshot, profile: Profile) -> AuditResult:
    """A mark with a number format (标识码, ICP, 公网安备): missing, malformed or, for the
    公网安备 number, an old 12-digit one (`old_pattern`, reported with severity info)."""
    read = _read_footer(snapshot, rule_id)
    if isinstance(read, NotChecked):
        yield read
        return
    home, footer = read
    field, name = MARKS[rule_id]
    params = profile.rule(rule_id)
    expected = profile.param(rule_id, "expected")
    raw = footer.get(field)
    if is_blank(raw):
        yield _missing(rule_id, home, footer, expected)
        return
    value = normalize_code(str(raw))
    if re.fullmatch(params["pattern"], value):
        return
    details = dict(normalized=value, pattern=params["pattern"], found_in=footer.get("found_in"))
    old = params.get("old_pattern")
    if old and re.fullmatch(old, value):
        yield Finding(rule_id, home.url, f"网站底部的{name}“{_shown(raw)}”为旧版编号，建议更新",
                      evidence(home, expected, raw, problem="old_format", **details),
                      locator=home.url, severity="info")
        return
    yield Finding(rule_id, home.url, f"网站底部的{name}“{_shown(raw)}”格式不规范",
                  evidence(home, expected, raw, problem="malformed", **details),
                  locator=home.url)


def audit_site_id_code(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """网站标识码 missing or not 10 digits / bm + 8 digits."""
    return _audit_formatted("footer.site_id_code", snapshot, profile)


def audit_icp(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """ICP 备案编号 missing or malformed."""
    return _audit_formatted("footer.icp", snapshot, profile)


def audit_psb(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """公安机关备案号 missing or malformed (an old 12-digit number: info)."""
    return _audit_formatted("footer.psb", snapshot, profile)


def audit_sponsor(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """网站主办单位 missing."""
    return _audit_present("footer.sponsor", snapshot, profile)


def audit_contact(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """联系方式 (phone or e-mail) missing."""
    return _audit_present("footer.contact", snapshot, profile)


def audit_conac(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """党政机关网站标识 (conac badge) missing."""
    rule_id = "footer.conac"
    read = _read_footer(snapshot, rule_id)
    if isinstance(read, NotChecked):
        yield read
        return
    home, footer = read
    if footer.get("conac") is not True:
        yield _missing(rule_id, home, footer, profile.param(rule_id, "expected"))


SITE_ID_CODE = Rule("footer.site_id_code", "网站标识码缺失或格式错误", "minor", INDICATOR,
                    "网站底部应标注网站标识码（10 位数字或 bm 加 8 位数字）。", audit_site_id_code)
ICP = Rule("footer.icp", "ICP备案编号缺失或格式错误", "minor", INDICATOR,
           "网站底部应标注 ICP 备案编号。", audit_icp)
PSB = Rule("footer.psb", "公安机关备案号缺失或格式错误", "minor", INDICATOR,
           "网站底部应标注公安机关备案号（省简称公网安备 14 位数字号）；旧版 12 位编号仅作提示。",
           audit_psb)
SPONSOR = Rule("footer.sponsor", "未标注网站主办单位", "minor", INDICATOR,
               "网站底部应标注网站主办单位。", audit_sponsor)
CONTACT = Rule("footer.contact", "未标注联系方式", "minor", INDICATOR,
               "网站底部应标注联系方式（电话或电子邮箱）。", audit_contact)
CONAC = Rule("footer.conac", "未设置党政机关网站标识", "minor", INDICATOR,
             "网站底部应设置党政机关网站标识（开办标识）。", audit_conac)

RULES = (SITE_ID_CODE, ICP, PSB, SPONSOR, CONTACT, CONAC)
