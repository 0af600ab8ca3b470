"""Signals read on a portal's home page: dated links (is it updated?), the link to the
《政府网站工作年度报表》, and the online 咨询 / 留言 channels.

All three are pure functions of the page HTML; hidden elements and avalon/Vue templates are
ignored, as a visitor does not see them.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html

from spiders.extract.listing import _drop_hidden, _find_date
from spiders.extract.navigation import base_href, norm_text, parse_html, resolve

__all__ = ["dated_links", "annual_form_links", "consult_links"]

_MIN_TITLE = 4  # characters of a news title; shorter links are menus and buttons
_BRACKETS = " ]）)】"
_MAX_UP = 3
_NOT_NEWS_DATE = re.compile(r"今天是|今日|星期|农历|当前时间|现在时间")
_FORM = re.compile(r"网站.{0,12}?年度.{0,4}?报表|网站.{0,12}?工作报表")
_SUPERVISION = "监管"
_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_CHANNEL = re.compile(r"咨询|留言|信箱|问政|写信|来信|政民互动|互动交流|诉求|12345|我要提问|网民之声")
_NOT_CHANNEL = re.compile(r"信访|举报|纪检|纪委|监委|监察")
# Paths of 互动 platforms, for channel entries shown as pictures without text.
_CHANNEL_PATH = re.compile(r"/(?:hdjl|zmhd|hudong|zxzx|zxft|ldxx|szxx|xzxx|qzxx|jzxx|bmxx|liuyan|"
                           r"guestbook|mailbox|letter|12345)(?:/|\.|$)|/module/idea/", re.I)
_NOT_CHANNEL_PATH = re.compile(r"xinfang|/xf(?:/|xx)|jubao|/jb/", re.I)


def _links(html: str, base_url: str, keep_blank: bool = False
           ) -> Iterator[tuple[lxml.html.HtmlElement, str, str]]:
    """(element, absolute URL, shown text) of each visible link with a text or image alt
    (and, with `keep_blank`, of those without either, text "")."""
    root = parse_html(html)
    if root is None:
        return
    base = base_href(root, base_url)
    _drop_hidden(root)
    for a in root.iter("a"):
        url = resolve(a.get("href"), base)
        if url is None:
            continue
        text = norm_text(a.text_content())
        title = norm_text(a.get("title"))
        if not text or (title and text.endswith(("…", "..."))):
            text = title or text
        if not text:
            img = next(a.iter("img"), None)
            text = norm_text(img.get("alt")) if img is not None else ""
        if text or keep_blank:
            yield a, url, text


def _row_date(a: lxml.html.HtmlElement, url: str) -> tuple[str | None, str | None] | None:
    """(ISO date or None, date text) shown beside the link in its row, or None.

    The row is the nearest ancestor (up to three levels) that holds no other titled link; a
    date printed at the end of the link text itself (``<a>标题<span>2024-06-18</span></a>``)
    counts too, a date inside a title (关于6月18日停电的通知) does not.
    """
    own = norm_text(a.text_content())
    date, text = _find_date(own, url)
    if text and own.rstrip(_BRACKETS).endswith(text) and len(own) > len(text) + _MIN_TITLE:
        return (date.isoformat() if date else None), text
    el = a.getparent()
    for _ in range(_MAX_UP):
        if el is None or el.tag in ("body", "html"):
            return None
        titled = {x for x in el.iter("a") if len(norm_text(x.text_content())) >= _MIN_TITLE}
        if len(titled) > 1:
            return None
        row = norm_text(el.text_content())
        if _NOT_NEWS_DATE.search(row):
            return None
        date, text = _find_date(row.replace(own, " ", 1), url)
        if text:
            return (date.isoformat() if date else None), text
        el = el.getparent()
    return None


def dated_links(html: str, base_url: str) -> list[dict]:
    """Every link of the page shown with a date beside it: [{title, url, date, date_text}].

    `date` is ISO, or None for a short date (``06-18``) whose year the item URL does not
    tell (the rule resolves it against its as-of date); `date_text` is as printed.
    """
    out, seen = [], set()
    for a, url, text in _links(html, base_url):
        if len(text) < _MIN_TITLE or url in seen:
            continue
        found = _row_date(a, url)
        if found is None:
            continue
        seen.add(url)
        title = text.rstrip(_BRACKETS)
        if title.endswith(found[1]):  # the date printed inside the link is not title
            title = title[:-len(found[1])].rstrip(" [(（【")
        out.append({"title": title, "url": url, "date": found[0], "date_text": found[1]})
    return out


def annual_form_links(html: str, base_url: str) -> list[dict]:
    """Links to a 《政府网站工作年度报表》: [{title, url, year}] (year None when not printed).

    The supervisors' 《政府网站监管年度报表》 is a different form and is not returned.
    """
    out = []
    for _, url, text in _links(html, base_url):
        compact = re.sub(r"\s+", "", text)
        if _FORM.search(compact) and _SUPERVISION not in compact:
            year = _YEAR.search(compact)
            out.append({"title": text, "url": url, "year": int(year.group(1)) if year else None})
    return out


def consult_links(html: str, base_url: str) -> list[dict]:
    """Links to an online 咨询 channel (咨询, 留言, 领导信箱, 12345 …): [{title, url}].

    信访 and 纪检 / 举报 entries are not 咨询 channels and are left out. A picture link
    without text or alt counts when its URL is a 互动 platform path (/hdjl/, /zxzx/,
    /module/idea/ …); its title is then "".
    """
    out, seen = [], set()
    for _, url, text in _links(html, base_url, keep_blank=True):
        if url in seen or _NOT_CHANNEL.search(text) or _NOT_CHANNEL_PATH.search(url):
            continue
        if _CHANNEL.search(text) or (not text and _CHANNEL_PATH.search(url)):
            seen.add(url)
            out.append({"title": text, "url": url})
    return out
