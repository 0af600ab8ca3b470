"""Marks of a hacked page and off-site links: 暗链, injected spam, the leave-site notice.

Judged on `data["security"]` of every HTML page the spider read (see
`spiders.extract.page_security.scan_page_security`); pages with role ``script`` carry the
leave-site notice facts of external scripts.

- `security.hidden_links` (veto): a hidden link to an off-site, non-government host that is
  not in the profile's `allowed_hosts`, when it is hidden by a technique no interface uses
  (off-screen, zero size, zero font, a script), or its text or address carries a spam term,
  or its hiding element does not look like interface (no class, id used by no script, not a
  drop-down or tab panel). A hidden link to a government site is never one.
- `security.spam_content` (veto): spam terms of the profile in the title, the keywords /
  description, hidden text or an off-site link's text (one is enough), or at least
  `min_body_terms` different terms in the visible text; a hit whose context carries one of
  `context_words` (打击, 破获, 警惕 …: a report about the crime) is not spam.
- `link.exit_notice` (minor): a visible link to an off-site, non-government host (outside
  `allowed_hosts`) on a page with no leave-site notice in its HTML, its own handler or any
  of its scripts. When a script of the page was not fetched the page is NotChecked.

A hacked template puts the same link or text on every page: findings are grouped (by link
target, or by the set of spam terms) and name the home page when it is among the pages, else
the first by URL; the evidence lists the pages. `URGENT_RULES` are the findings a report puts
before all others.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from checks.common import evidence, page_section, read_pages
from checks.framework import AuditResult, Finding, NotChecked, Rule
from checks.profile import Profile
from checks.snapshot import PageView, UnitSnapshot
from spiders.extract.page_security import STRONG_TECHNIQUES, host_of, is_government_host

INDICATOR = "网站安全"
URGENT_RULES = ("security.hidden_links", "security.spam_content")
HTML_ROLES = ("home", "disclosure", "column", "list", "article")
MAX_PAGES_LISTED = 20
_HOW = {"display:none": "display:none 隐藏", "visibility:hidden": "visibility:hidden 隐藏",
        "opacity:0": "透明度为 0", "offscreen": "定位到页面可视区域之外", "zero_size": "显示尺寸为 0",
        "font_size_0": "字号为 0", "script": "由脚本隐藏"}
_VIA = {"inline": "行内样式", "css": "页面样式表", "attr": "HTML 属性", "script": "页面脚本"}
_WHERE = {"title": "网页标题", "meta": "网页关键词/描述", "hidden": "隐藏文字", "link": "外部链接文字",
          "body": "正文"}


def _security_pages(snapshot: UnitSnapshot, rule_id: str
                    ) -> Iterator[tuple[PageView, dict] | NotChecked]:
    """Each HTML page read with its security facts, or NotChecked."""
    for role in HTML_ROLES:
        for page in read_pages(snapshot, role, rule_id):
            if isinstance(page, NotChecked):
                yield page
                continue
            facts = page_section(page, "security", rule_id, "网页安全扫描结果")
            yield facts if isinstance(facts, NotChecked) else (page, facts)


def allowed(host: str | None, hosts: Iterable[str]) -> bool:
    """Whether `host` is one of `hosts` or a sub-domain of one."""
    return bool(host) and any(host == h or host.endswith("." + h) for h in hosts)


def _non_government(href: str, allowed_hosts: list[str]) -> bool:
    host = host_of(href)
    return bool(host) and not is_government_host(host) and not allowed(host, allowed_hosts)


def _grouped(snapshot: UnitSnapshot, hits: dict[str, list[tuple[PageView, object]]]
             ) -> Iterator[tuple[str, PageView, object, list[str]]]:
    """(key, page named by the finding, its payload, all page URLs) per group, by key."""
    for key in sorted(hits):
        by_url = {page.url: (page, payload) for page, payload in hits[key]}
        urls = sorted(by_url)
        first = snapshot.home_url if snapshot.home_url in by_url else urls[0]
        page, payload = by_url[first]
        yield key, page, payload, urls


def _pages_evidence(urls: list[str]) -> dict:
    return {"pages": urls[:MAX_PAGES_LISTED], "page_count": len(urls)}


def _spam_terms(profile: Profile) -> list[str]:
    return [t.lower() for t in profile.param("security.spam_content", "terms")]


def audit_hidden_links(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Hidden links to off-site, non-government hosts (暗链)."""
    rule_id = "security.hidden_links"
    allowed_hosts = profile.param(rule_id, "allowed_hosts")
    spam = _spam_terms(profile)
    hits: dict[str, list[tuple[PageView, dict]]] = {}
    for read in _security_pages(snapshot, rule_id):
        if isinstance(read, NotChecked):
            yield read
            continue
        page, facts = read
        for link in facts.get("hidden_links") or ():
            if not _non_government(link["href"], allowed_hosts):
                continue
            words = f"{link.get('text') or ''} {link['href']}".lower()
            if link["how"] in STRONG_TECHNIQUES or not link.get("interactive") \
                    or any(t in words for t in spam):
                hits.setdefault(link["href"], []).append((page, link))
    for href, page, link, urls in _grouped(snapshot, hits):
        how = f"{_HOW.get(link['how'], link['how'])}（{_VIA.get(link['via'], link['via'])}）"
        text = f"“{link['text']}”" if link.get("text") else ""
        yield Finding(rule_id, page.url,
                      f"网页中有对读者隐藏的外部链接{text}（{href}），隐藏方式：{how}，疑似暗链",
                      evidence(page, "网页中不应有对读者隐藏、指向非政府网站的链接（暗链）",
                               {k: link.get(k) for k in ("href", "text", "how", "via",
                                                          "container", "snippet")},
                               **_pages_evidence(urls)),
                      locator=href)


def _spam_hits(facts: dict, terms: list[str], context_words: list[str]) -> list[dict]:
    return [h for h in facts.get("spam_hits") or ()
            if h["term"].lower() in terms and not any(w in h["context"] for w in context_words)]


def audit_spam(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Gambling, pornography or fraud spam injected into pages."""
    rule_id = "security.spam_content"
    terms = _spam_terms(profile)
    context_words = profile.param(rule_id, "context_words")
    min_body = int(profile.param(rule_id, "min_body_terms"))
    hits: dict[str, list[tuple[PageView, list[dict]]]] = {}
    for read in _security_pages(snapshot, rule_id):
        if isinstance(read, NotChecked):
            yield read
            continue
        page, facts = read
        found = _spam_hits(facts, terms, context_words)
        body_terms = {h["term"].lower() for h in found if h["where"] == "body"}
        if any(h["where"] != "body" for h in found) or len(body_terms) >= min_body:
            key = "|".join(sorted({h["term"].lower() for h in found}))
            hits.setdefault(key, []).append((page, found))
    for key, page, found, urls in _grouped(snapshot, hits):
        first = found[0]
        places = "、".join(dict.fromkeys(_WHERE.get(h["where"], h["where"]) for h in found))
        title = (page.data.get("security") or {}).get("title")
        yield Finding(rule_id, page.url,
                      f"{places}中出现疑似被植入的违法有害信息“{first['term']}”"
                      + (f"等 {len(key.split('|'))} 个词" if "|" in key else ""),
                      evidence(page, "政府网站不得出现赌博、色情、诈骗等违法有害信息（网页被篡改或植入）",
                               [{"term": h["term"], "where": h["where"], "context": h["context"]}
                                for h in found[:10]],
                               title=title, **_pages_evidence(urls)),
                      locator=f"spam:{key}")


def _notice_in_scripts(snapshot: UnitSnapshot, facts: dict) -> bool | None:
    """Whether a script of the page shows the notice; None when a script was not read."""
    unread = False
    for url in facts.get("script_urls") or ():
        script = snapshot.page(url)
        data = (script.data.get("security") if script is not None and script.ok else None)
        if not isinstance(data, dict):
            unread = True
        elif data.get("exit_notice_script"):
            return True
    return None if unread else False


def audit_exit_notice(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Links to non-government sites that open without the leave-site notice."""
    rule_id = "link.exit_notice"
    allowed_hosts = profile.param(rule_id, "allowed_hosts")
    hits: dict[str, list[tuple[PageView, dict]]] = {}
    for read in _security_pages(snapshot, rule_id):
        if isinstance(read, NotChecked):
            yield read
            continue
        page, facts = read
        links = [link for link in facts.get("offsite_links") or ()
                 if not link.get("has_notice") and _non_government(link["href"], allowed_hosts)]
        if not links or facts.get("exit_notice_script"):
            continue
        in_scripts = _notice_in_scripts(snapshot, facts)
        if in_scripts is None:
            yield NotChecked(rule_id, page.url, "页面引用的脚本未能获取，无法确认是否设置离开本站提示")
            continue
        if not in_scripts:
            for link in links:
                hits.setdefault(link["href"], []).append((page, link))
    for href, page, link, urls in _grouped(snapshot, hits):
        text = f"“{link['text']}”" if link.get("text") else ""
        yield Finding(rule_id, page.url,
                      f"链接{text}（{href}）指向非政府网站，打开前未提示即将离开本站",
                      evidence(page, "链接到非政府网站时应提示“您访问的链接即将离开…”",
                               {"href": href, "text": link.get("text")},
                               **_pages_evidence(urls)),
                      locator=href)


HIDDEN_LINKS = Rule("security.hidden_links", "网页存在暗链", "veto", INDICATOR,
                    "网页中有对读者隐藏（display:none、移出可视区域、尺寸或字号为 0 等）、"
                    "指向非政府网站的链接，常见于被入侵篡改的网页。", audit_hidden_links)
SPAM = Rule("security.spam_content", "网页被植入违法有害信息", "veto", INDICATOR,
            "网页标题、关键词、正文或隐藏文字中出现赌博、色情、诈骗等违法有害信息（挂马、篡改）。",
            audit_spam)
EXIT_NOTICE = Rule("link.exit_notice", "外部链接未设置离开提示", "minor", "外部链接",
                   "链接到非政府网站时，应提示“您访问的链接即将离开…”。", audit_exit_notice)

RULES = (HIDDEN_LINKS, SPAM, EXIT_NOTICE)
