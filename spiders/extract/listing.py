"""List-page extraction: the entries of a column list, empty-column placeholders, pagination.

Generic across CMS families (TRS WCM, 大汉 Hanweb JCMS, 集约化 / 开普云 Ucap, 新点 WebBuilder,
plain sites). The main list is found by structure: the largest group of sibling rows that
each hold one article link and a date, not by per-site selectors.
"""
from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.etree
import lxml.html

from spiders.extract.dates import date_from_url
from spiders.extract.navigation import (
    base_href,
    host_key,
    is_article_url,
    is_attachment_url,
    norm_text,
    parse_html,
    resolve,
)

__all__ = ["ListItem", "extract_items", "find_placeholder", "pagination_urls"]


@dataclass(frozen=True)
class ListItem:
    """One entry of a column list: title, absolute URL and the date shown next to it."""

    title: str
    url: str
    date: datetime.date | None
    date_text: str | None


# --------------------------------------------------------------------------- dates

_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．：", "0123456789-/.:")
_FULL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:([-/.])\s*(\d{1,2})\s*\2|年\s*(\d{1,2})\s*月)\s*(\d{1,2})(?:\s*[日号])?(?!\d)"
)
_SHORT_DATE = re.compile(r"(?<![\d\-/.:])(\d{1,2})\s*(?:[-/]|月)\s*(\d{1,2})(?:\s*[日号])?(?![\d\-/:])")
_URL_MONTH_DIR = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])/")  # TRS document dir /202304/


def _full_date(m: re.Match[str]) -> datetime.date | None:
    """A valid date from a `_FULL_DATE` match, else None."""
    try:
        return datetime.date(int(m.group(1)), int(m.group(3) or m.group(4)), int(m.group(5)))
    except ValueError:
        return None


def _url_reference(url: str) -> datetime.date | None:
    """The date (or mid-month of the TRS ``/YYYYMM/`` directory) encoded in an item URL."""
    d = date_from_url(url)
    if d is not None:
        return d
    m = _URL_MONTH_DIR.search(url)
    return datetime.date(int(m.group(1)), int(m.group(2)), 15) if m else None


def _short_with_year(month: int, day: int, url: str) -> datetime.date | None:
    """Complete a ``MM-DD`` date with the year that puts it closest to the URL's date."""
    ref = _url_reference(url)
    if ref is None:
        return None
    best: datetime.date | None = None
    for year in (ref.year, ref.year - 1, ref.year + 1):
        try:
            cand = datetime.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((cand - ref).days) < abs((best - ref).days):
            best = cand
    return best


def _find_date(text: str, url: str) -> tuple[datetime.date | None, str | None]:
    """The (date, raw text) shown in a row's non-title text; the last full date wins."""
    if not text:
        return None, None
    text = text.translate(_FULLWIDTH)
    found: tuple[datetime.date | None, str | None] = (None, None)
    for m in _FULL_DATE.finditer(text):
        d = _full_date(m)
        if d is not None:
            found = (d, m.group(0).strip())
    if found[0] is not None:
        return found
    for m in _SHORT_DATE.finditer(text):
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            found = (_short_with_year(month, day, url), m.group(0).strip())
    return found


# --------------------------------------------------------------------------- cleaning

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_DROP_TAGS = ("script", "style", "noscript", "template", "textarea", "select", "head", "object")
_PAGER_TEXT = frozenset(
    (
        "下一页", "下页", "后页", "后一页", "尾页", "末页", "最后一页", "最末页", "上一页", "上页",
        "前页", "前一页", "首页", "第一页", "最前页", ">", ">>", "»", "›", "<", "<<", "«", "‹",
        "next", "last", "prev", "previous", "first", "跳转", "go", "确定",
    )
)
_MORE = re.compile(r"^(?:更多|查看更多|more|\+|＋|>>|»)", re.I)
_BULLET = re.compile(r"^[\s·•▪■□◆◇●○◎►▶→>\-*]+")
_ELLIPSIS = ("…", "...", "..", "⋯")


_HIDDEN_ATTRS = lxml.etree.XPath(
    "//@style | //@hidden | //@ms-repeat | //@ms-for | //@ms-each | //@v-for | //@ng-repeat | //@x-for"
)


def _drop_hidden(root: lxml.html.HtmlElement) -> None:
    """Remove scripts, styles and hidden or template subtrees (avalon/Vue repeat templates)."""
    doomed = list(root.iter(*_DROP_TAGS))
    for attr in _HIDDEN_ATTRS(root):
        if attr.attrname != "style" or _HIDDEN_STYLE.search(attr):
            doomed.append(attr.getparent())
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _label(text: str) -> str:
    """Link text reduced for keyword tests (no whitespace, lowercase, no brackets)."""
    return re.sub(r"[\s\[\]【】()（）]+", "", text).lower()


class _Link:
    """A candidate link: element, absolute URL, visible text and `title` attribute."""

    __slots__ = ("el", "url", "text", "title", "is_file", "_article")

    def __init__(self, el: lxml.html.HtmlElement, url: str, text: str, title: str) -> None:
        self.el = el
        self.url = url
        self.text = text
        self.title = title
        self.is_file = is_attachment_url(url)
        self._article: bool | None = None

    @property
    def is_article(self) -> bool:
        """Whether the URL has a detail-page shape (cached)."""
        if self._article is None:
            self._article = is_article_url(self.url)
        return self._article

    @property
    def shown(self) -> str:
        """The best title: the `title` attribute when the text is empty or truncated."""
        text = self.text
        if self.title and (not text or text.endswith(_ELLIPSIS) or len(self.title) > len(text) and
                           self.title.startswith(text.rstrip("…. "))):
            return self.title
        return text


def _collect_links(root: lxml.html.HtmlElement, base: str) -> list[_Link]:
    """Links that can be list entries: no script links, pager links or 更多 links."""
    out: list[_Link] = []
    for a in root.iter("a"):
        url = resolve(a.get("href"), base)
        if url is None:
            continue
        text = norm_text(a.text_content())
        title = norm_text(a.get("title"))
        lab = _label(text)
        if lab in _PAGER_TEXT or lab.isdigit() or (_MORE.match(lab) and len(lab) <= 6):
            continue
        if not text and not title:
            img = next(a.iter("img"), None)
            title = norm_text(img.get("alt")) if img is not None else ""
            if not title:
                continue
        out.append(_Link(a, url, text, title))
    return out


# --------------------------------------------------------------------------- rows

_MAX_UP = 6


class _Row:
    """A row candidate: its element and the links inside it (document order)."""

    __slots__ = ("el", "links", "_info")

    def __init__(self, el: lxml.html.HtmlElement) -> None:
        self.el = el
        self.links: list[_Link] = []
        self._info: tuple | None = None

    def main_link(self) -> _Link | None:
        """The title link: the longest-text page link (attachments only as a last resort)."""
        pages = [ln for ln in self.links if not ln.is_file] or self.links
        return max(pages, key=lambda ln: len(ln.shown)) if pages else None

    def qualifies(self) -> bool:
        """One title link (few links overall) — not a container of many entries."""
        urls = {ln.url for ln in self.links}
        if not urls or len(urls) > 5:
            return False
        long_pages = {ln.url for ln in self.links if not ln.is_file and len(ln.shown) >= 5}
        return len(long_pages) <= 2

    def info(self) -> tuple[_Link, str, datetime.date | None, str | None]:
        """(main link, title, date, date_text) of the row, computed once."""
        if self._info is None:
            self._info = _row_info(self)
        return self._info


def _row_info(row: _Row) -> tuple[_Link, str, datetime.date | None, str | None]:
    """Find the row's title link and the date shown outside (or in a date child of) it."""
    main = row.main_link()
    assert main is not None
    outside = ""
    if row.el is not main.el:
        outside = row.el.text_content()
        t = main.el.text_content()
        if t:
            outside = outside.replace(t, " ", 1)
    title = main.shown
    date, date_text = _find_date(outside, main.url)
    if date_text is None:
        # a date inside the link, in a child element of its own: <a><span>t</span><i>2023-04-17</i></a>
        for sub in main.el.iterdescendants():
            if not isinstance(sub.tag, str):
                continue
            sub_text = norm_text(sub.text_content()).translate(_FULLWIDTH)
            m = _FULL_DATE.fullmatch(sub_text.strip("[]()（）【】 "))
            if m and _full_date(m):
                date, date_text = _full_date(m), m.group(0)
                if not main.title or title == main.text:
                    cleaned = norm_text(main.text.replace(norm_text(sub.text_content()), " ", 1))
                    title = cleaned or title
                break
    title = _BULLET.sub("", title).strip() or title
    return main, title, date, date_text


def _rows_by_group(links: list[_Link]) -> dict[tuple, dict[lxml.html.HtmlElement, _Row]]:
    """Group every link under each ancestor level: (parent, row tag) -> {row element: row}."""
    groups: dict[tuple, dict[lxml.html.HtmlElement, _Row]] = {}
    for ln in links:
        el = ln.el
        for _ in range(_MAX_UP):
            parent = el.getparent()
            if parent is None or parent.tag in ("html",):
                break
            rows = groups.setdefault((parent, el.tag), {})
            row = rows.get(el)
            if row is None:
                row = rows[el] = _Row(el)
            row.links.append(ln)
            el = parent
    return groups


def _select(groups: dict[tuple, dict[lxml.html.HtmlElement, _Row]], base_url: str) -> list[_Row]:
    """Pick the main list: most dated rows; else most article-shaped rows; else long titles."""
    cands: list[tuple[tuple, list[_Row]]] = []
    for key, rows in groups.items():
        good = [r for r in rows.values() if r.qualifies()]
        if good:
            cands.append((key, good))
    cands.sort(key=lambda kv: -len(kv[1]))

    # tier 1: rows with a link and a date
    best: tuple[tuple[int, int, int], tuple, list[_Row]] | None = None
    for key, good in cands:
        if best is not None and len(good) < best[0][0]:
            break
        dated = sum(1 for r in good if r.info()[3] is not None)
        if dated == 0:
            continue
        local = sum(1 for r in good if _local(r.info()[0].url, base_url))
        score = (dated, local, -len(good))
        if best is None or score > best[0]:
            best = (score, key, good)
    if best is not None:
        rows = _with_siblings(best[1], groups, lambda rs: any(r.info()[3] for r in rs))
        return [r for r in rows if r.info()[3] is not None or _entry_like(r.info()[0].url,
                                                                               r.info()[1])]

    # tier 2: rows whose title link is article-shaped
    best2: tuple[int, tuple, list[_Row]] | None = None
    for key, good in cands:
        n = sum(1 for r in good if r.info()[0].is_article)
        if n and (best2 is None or n > best2[0]):
            best2 = (n, key, good)
    if best2 is not None:
        rows = _with_siblings(best2[1], groups,
                              lambda rs: any(r.info()[0].is_article for r in rs))
        return [r for r in rows if r.info()[0].is_article]

    # tier 3: at least three same-site rows with long (title-like) link texts
    host = host_key(base_url)
    best3: tuple[int, tuple, list[_Row]] | None = None
    for key, good in cands:
        titled = [r for r in good if len(r.info()[1]) >= 8 and host_key(r.info()[0].url) == host]
        if len(titled) >= 3 and (best3 is None or len(titled) > best3[0]):
            best3 = (len(titled), key, titled)
    return best3[2] if best3 else []


_LIST_TAGS = frozenset(("ul", "ol", "dl", "table", "tbody"))
_LIST_URL = re.compile(r"(?:/|/(?:index|default|list|more|moreinfo)(?:_\d+)?\.\w+)$", re.I)


def _entry_like(url: str, title: str) -> bool:
    """An undated row still counts as an entry when it links an article, not a list page."""
    if is_article_url(url):
        return True
    path = urlsplit(url).path or "/"
    return len(title) >= 6 and not _LIST_URL.search(path)


def _local(url: str, base_url: str) -> bool:
    """True when *url* lies under the list page's directory."""
    d = base_url.split("?", 1)[0].rsplit("/", 1)[0] + "/"
    return url.startswith(d) and d.count("/") > 3


def _with_siblings(key: tuple, groups: dict, accept: Callable[[list[_Row]], bool]) -> list[_Row]:
    """The chosen group plus same-tag, same-class sibling blocks that also hold list rows.

    TRS templates often split one list into several ``<ul>`` of five items. Only lists,
    tables and classed blocks merge; anonymous ``<div>`` siblings are layout, not a list.
    """
    parent, tag = key
    gp = parent.getparent()
    if gp is None or (parent.tag not in _LIST_TAGS and not parent.get("class")):
        return [r for r in groups[key].values() if r.qualifies()]
    cls = parent.get("class")
    out: list[_Row] = []
    for sib in gp:
        if sib is not parent and (sib.tag != parent.tag or sib.get("class") != cls):
            continue
        rows = groups.get((sib, tag))
        if not rows:
            continue
        good = [r for r in rows.values() if r.qualifies()]
        if sib is parent or (good and accept(good)):
            out.extend(good)
    return out


# --------------------------------------------------------------------------- Hanweb datastore

_DATASTORE = re.compile(r"<datastore\b.*?</datastore>", re.S | re.I)
_RECORD = re.compile(r"<record\b[^>]*>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_NEXTGROUP = re.compile(r"<nextgroup\b[^>]*>\s*<!\[CDATA\[(.*?)\]\]>", re.S | re.I)


def _datastore_records(html: str) -> list[str]:
    """Record HTML of the largest Hanweb JCMS ``<datastore><recordset>`` on the page."""
    if "datastore" not in html and "DATASTORE" not in html:
        return []
    best: list[str] = []
    for ds in _DATASTORE.finditer(html):
        records = _RECORD.findall(ds.group(0))
        if len(records) > len(best):
            best = records
    return best


def _items_from_records(records: list[str], base_url: str) -> list[ListItem]:
    """List items from JCMS record fragments: each record is one row."""
    doc = parse_html("<html><body>" + "".join(f"<div class='__rec'>{r}</div>" for r in records)
                     + "</body></html>")
    if doc is None:
        return []
    _drop_hidden(doc)
    links = _collect_links(doc, base_url)
    rows: dict[lxml.html.HtmlElement, _Row] = {}
    for ln in links:
        for anc in ln.el.iterancestors():
            if anc.get("class") == "__rec":
                rows.setdefault(anc, _Row(anc)).links.append(ln)
                break
    return _to_items([r for r in rows.values() if r.links])


def _to_items(rows: list[_Row]) -> list[ListItem]:
    """ListItems for the chosen rows, deduplicated by URL, document order."""
    items: list[ListItem] = []
    seen: set[str] = set()
    for r in rows:
        main, title, date, date_text = r.info()
        if main.url in seen or not title:
            continue
        seen.add(main.url)
        items.append(ListItem(title=title, url=main.url, date=date, date_text=date_text))
    return items


def extract_items(html: str, base_url: str) -> list[ListItem]:
    """The entries of a column list page, in page order.

    The main list is the largest group of sibling rows (``li``, ``tr``, ``dl``/``dd``, ``div``,
    ``p`` …) that each hold one title link and a date; without dates, the largest group of rows
    with article-shaped links; failing that, three or more same-site rows with long link texts.
    Navigation, header/footer links, pagers, 更多 links, scripts and hidden avalon/Vue
    templates are ignored. Hanweb JCMS ``<datastore>`` records are used when present. Short
    dates (``[04-17]``) take their year from the item URL (``/202304/t20230417_1.html``,
    ``/art/2023/4/17/``) or stay undated with ``date_text`` kept.
    """
    if not html:
        return []
    records = _datastore_records(html)
    if records:
        items = _items_from_records(records, base_url)
        if items:
            return items
    root = parse_html(html)
    if root is None:
        return []
    base = base_href(root, base_url)
    _drop_hidden(root)
    links = _collect_links(root, base)
    if not links:
        return []
    groups = _rows_by_group(links)
    return _to_items(_select(groups, base_url))


# --------------------------------------------------------------------------- placeholders

_PLACEHOLDERS = (
    "暂无相关信息", "暂无相关数据", "暂无相关内容", "暂无相关记录", "暂无信息", "暂无数据", "暂无内容",
    "暂无记录", "暂无文章", "栏目正在建设中", "正在建设中", "栏目建设中", "正在建设", "信息整理中",
    "没有相关信息", "无相关信息", "没有数据", "没有记录", "没有找到相关",
)
_PLACEHOLDER_RX = re.compile("|".join(re.escape(p) for p in _PLACEHOLDERS))
_CANONICAL = {"正在建设": "正在建设中", "栏目正在建设中": "正在建设中"}
_CONDITIONAL = ("ms-if", "v-if", "v-else", "v-else-if", "v-show", "ng-if", "*ngif", "x-if", "ms-visible")
_PLACEHOLDER_SLACK = 16


def find_placeholder(text: str) -> str | None:
    """The placeholder phrase (暂无信息, 正在建设中 …) when the list area says it is empty.

    Accepts the page HTML or plain text. In HTML only visible, static text counts: scripts,
    hidden elements, avalon/Vue conditional templates and links (menus) are ignored, and the
    phrase must be the main content of its element (a short ``暂无信息！`` box, not a sentence).
    Combine with ``extract_items(...) == []`` before calling a column blank.
    """
    if not text:
        return None
    if "<" not in text or ">" not in text:
        m = _PLACEHOLDER_RX.search(text)
        return _CANONICAL.get(m.group(0), m.group(0)) if m else None
    if not _PLACEHOLDER_RX.search(text):
        return None
    root = parse_html(text)
    if root is None:
        return None
    _drop_hidden(root)
    doomed = [el for el in root.iter()
              if isinstance(el.tag, str) and (el.tag in ("a", "title", "option", "button", "nav", "header", "footer")
                                              or any(el.get(a) is not None for a in _CONDITIONAL))]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for piece in (el.text, el.tail):
            if not piece or not _PLACEHOLDER_RX.search(piece):
                continue
            box = el if piece is el.text else el.getparent()
            if box is None:
                continue
            box_text = norm_text(box.text_content())
            m = _PLACEHOLDER_RX.search(box_text)
            if m and len(box_text) <= len(m.group(0)) + _PLACEHOLDER_SLACK:
                return _CANONICAL.get(m.group(0), m.group(0))
    return None


# --------------------------------------------------------------------------- pagination

_CREATE_PAGE = re.compile(r"createPageHTML\s*\(([^()]*)\)")
_PAGE_EXT = re.compile(r"^(?:s?html?|jsp|php|aspx?)$", re.I)
_TOTAL_RECORD = re.compile(r"(?i)\btotalRecords?\b['\"]?\s*[:=]\s*['\"]?(\d+)|<totalrecord>\s*(\d+)")
_PER_PAGE = re.compile(r"(?i)\bperPage\b['\"]?\s*[:=]\s*['\"]?(\d+)")
_GROUP_SIZE = re.compile(r"(?i)\bgroupSize\b['\"]?\s*[:=]\s*['\"]?(\d+)")
_UID = re.compile(r"(?i)[?&]uid=(\d+)")
_UNITID = re.compile(r"(?i)\bunitid\b['\"]?\s*[:=]\s*['\"]?(\d+)")
_PAGE_OF = re.compile(r"页次\s*[:：]?\s*\d+\s*/\s*(\d{1,5})")
_PAGES_BEFORE = re.compile(r"(?:共\s*(\d{1,5})|\d\s*/\s*(\d{1,5}))\s*$")
_PAGE_KEYS = frozenset(
    ("page", "pageno", "pagenum", "pageindex", "p", "pn", "pg", "curpage", "currentpage",
     "pagenumber", "page_no", "page_num", "pageidx", "cp", "currpage", "pagecurrent", "pages")
)
_LAST_TEXT = frozenset(("尾页", "末页", "最后一页", "最末页", "last", ">|", "»|"))
_NEXT_TEXT = frozenset(("下一页", "下页", "后页", "后一页", "next", ">", "›", ">>", "»"))
_PAGER_LINK_TEXT = _PAGER_TEXT | {"第一页"}
_SUFFIX_NAME = re.compile(r"^(.*)([_-])(\d{1,5})(\.[A-Za-z]{2,5})$")  # index_2.html, list-12-2.html
_PATH_PAGE = re.compile(r"^(.*/(?:page|p|pn)/)(\d{1,5})(/?)$", re.I)  # /news/page/2/
_NUMBER_NAME = re.compile(r"^(\d{1,4})(\.[A-Za-z]{2,5})$")
_MAX_PAGES = 5000


def _resolve_num(arg: str, html: str) -> int | None:
    """An integer argument, literal or the value of a ``var name = 5`` in the page."""
    arg = arg.strip().strip("'\"")
    if arg.isdigit():
        return int(arg)
    if re.fullmatch(r"[A-Za-z_$][\w$]*", arg):
        m = re.search(r"\b" + re.escape(arg) + r"\s*=\s*['\"]?(\d+)", html)
        if m:
            return int(m.group(1))
    return None


def _trs_pages(html: str, url: str) -> list[str]:
    """TRS ``createPageHTML(count, current, "index", "html")`` (and div-id/record-count variants)."""
    out: list[str] = []
    for m in _CREATE_PAGE.finditer(html):
        args = [a.strip() for a in m.group(1).split(",")]
        if len(args) < 4:
            continue
        # a leading div id: a quoted non-numeric string followed by numbers
        if args[0][:1] in "'\"" and not args[0].strip("'\"").isdigit():
            args = args[1:]
        count = _resolve_num(args[0], html)
        current = _resolve_num(args[1], html)
        if count is None or current is None:
            continue
        names = [a.strip("'\"") for a in args[2:4]]
        prefix, ext = names[0] or "index", names[1] or "html"
        if not re.fullmatch(r"[\w.-]+", prefix) or not _PAGE_EXT.match(ext):
            continue
        for k in range(min(count, _MAX_PAGES)):
            if k == current:
                continue
            name = f"{prefix}.{ext}" if k == 0 else f"{prefix}_{k}.{ext}"
            out.append(urljoin(url, name))
        break
    if not out and "createPageHTML" not in html:
        out = _trs_document_write_pages(html, url)
    return out


_COUNT_PAGE = re.compile(r"\bvar\s+countPage\s*=\s*(\d+)")
_CURRENT_PAGE = re.compile(r"\bvar\s+currentPage\s*=\s*(\d+)")
_TRS_WRITE = re.compile(r"[\"'](\w+)[\"']\s*\+\s*[\"']_[\"']\s*\+\s*\w+\s*\+\s*[\"']\.[\"']\s*\+\s*[\"'](s?html?)")


def _trs_document_write_pages(html: str, url: str) -> list[str]:
    """Older TRS pagers: ``var countPage = 5`` / ``var currentPage = 0`` + ``document.write``."""
    if "countPage" not in html:
        return []
    cm, um = _COUNT_PAGE.search(html), _CURRENT_PAGE.search(html)
    if not cm or not um:
        return []
    wm = _TRS_WRITE.search(html)
    if wm:
        prefix, ext = wm.group(1), wm.group(2)
    else:
        name = urlsplit(url).path.rsplit("/", 1)[-1]
        ext_m = re.search(r"\.(s?html?)$", name)
        prefix, ext = "index", ext_m.group(1) if ext_m else "html"
    count, current = int(cm.group(1)), int(um.group(1))
    return [urljoin(url, f"{prefix}.{ext}" if k == 0 else f"{prefix}_{k}.{ext}")
            for k in range(min(count, _MAX_PAGES)) if k != current]


def _jcms_pages(html: str, url: str) -> list[str]:
    """Hanweb JCMS paging: ``?uid=…&pageNum=N`` or ``dataproxy.jsp?startrecord=…`` ranges."""
    low = html.lower()
    if "totalrecord" not in low or "perpage" not in low:
        return []
    total_m = _TOTAL_RECORD.search(html)
    per_m = _PER_PAGE.search(html)
    if not total_m or not per_m:
        return []
    total, per = int(total_m.group(1) or total_m.group(2)), int(per_m.group(1))
    if per <= 0 or total <= per:
        return []
    pages = min(math.ceil(total / per), _MAX_PAGES)
    if "pageNum" in html:
        uid_m = _UID.search(html) or _UNITID.search(html)
        if uid_m:
            parts = urlsplit(url)
            cur = dict(parse_qsl(parts.query)).get("pageNum", "1")
            # page 1 is the column page itself (…/index.html, no query)
            return [
                urlunsplit((parts.scheme, parts.netloc, parts.path,
                            urlencode({"uid": uid_m.group(1), "pageNum": k}) if k > 1 else "", ""))
                for k in range(1, pages + 1) if str(k) != cur
            ]
    ng = _NEXTGROUP.search(html)
    href_m = re.search(r"href\s*=\s*['\"]([^'\"]+)", ng.group(1)) if ng else None
    if not href_m:
        return []
    proxy = urlsplit(urljoin(url, href_m.group(1).replace("&amp;", "&")))
    extra = [(k, v) for k, v in parse_qsl(proxy.query, keep_blank_values=True) if k.lower() != "page"]
    group_m = _GROUP_SIZE.search(html)
    step = per * (int(group_m.group(1)) if group_m else 3)
    out = []
    for start in range(step + 1, total + 1, step):
        q = urlencode([("startrecord", start), ("endrecord", min(start + step - 1, total)),
                       ("perpage", per)] + extra)
        out.append(urlunsplit((proxy.scheme, proxy.netloc, proxy.path, q, "")))
    return out


def _page_key(url: str) -> str:
    """Comparison key of a list-page URL (``dir/`` == ``dir/index.html``)."""
    parts = urlsplit(url)
    path = re.sub(r"/(?:index|default)\.(?:s?html?|jsp|php|aspx?)$", "/", parts.path or "/", flags=re.I)
    query = "&".join(sorted(parts.query.split("&"))) if parts.query else ""
    return f"{host_key(url)}{path}?{query}"


def _same_column(cand: str, cur: str) -> bool:
    """True when *cand* plausibly is another page of the list at *cur*."""
    c, u = urlsplit(cand), urlsplit(cur)
    if host_key(cand) != host_key(cur):
        return False
    if c.path in ("", "/") and u.path not in ("", "/"):
        return False  # 首页 of the portal, not of the list
    cdir = c.path.rsplit("/", 1)[0]
    udir = u.path.rsplit("/", 1)[0]
    return c.path == u.path or cdir == udir or c.path.startswith(u.path.rstrip("/") + "/")


def _page_num(url: str) -> tuple[str, int] | None:
    """(template id, page number) of a paged URL: a page query parameter or a ``_N`` suffix."""
    parts = urlsplit(url)
    for k, v in parse_qsl(parts.query):
        if k.lower() in _PAGE_KEYS and v.isdigit():
            rest = sorted((a, b) for a, b in parse_qsl(parts.query) if a != k)
            return f"q|{parts.netloc}{parts.path}|{k}|{rest}", int(v)
    m = _PATH_PAGE.match(parts.path)
    if m:
        return f"p|{parts.netloc}{m.group(1)}|{m.group(3)}|{parts.query}", int(m.group(2))
    d, _, name = parts.path.rpartition("/")
    m = _SUFFIX_NAME.match(name)
    if m:
        return f"s|{parts.netloc}{d}/{m.group(1)}{m.group(2)}|{m.group(4)}|{parts.query}", int(m.group(3))
    m = _NUMBER_NAME.match(name)
    if m:
        return f"n|{parts.netloc}{d}/|{m.group(2)}|{parts.query}", int(m.group(1))
    return None


def _with_page(url: str, n: int) -> str:
    """*url* with its page number (query parameter or file-name suffix) set to *n*."""
    parts = urlsplit(url)
    q = parse_qsl(parts.query, keep_blank_values=True)
    for i, (k, v) in enumerate(q):
        if k.lower() in _PAGE_KEYS and v.isdigit():
            q[i] = (k, str(n))
            return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(q), ""))
    m = _PATH_PAGE.match(parts.path)
    if m:
        return urlunsplit((parts.scheme, parts.netloc, f"{m.group(1)}{n}{m.group(3)}", parts.query, ""))
    d, _, name = parts.path.rpartition("/")
    m = _SUFFIX_NAME.match(name)
    if m:
        return urlunsplit((parts.scheme, parts.netloc, f"{d}/{m.group(1)}{m.group(2)}{n}{m.group(4)}",
                           parts.query, ""))
    m = _NUMBER_NAME.match(name)
    if m:
        return urlunsplit((parts.scheme, parts.netloc, f"{d}/{n}{m.group(2)}", parts.query, ""))
    return url


def _total_pages(text: str) -> int | None:
    """The page count printed by a pager: 共5页, 1/5页, 页次：1/5."""
    m = _PAGE_OF.search(text)
    if m:
        return int(m.group(1))
    i = text.find("页")
    while i >= 0:
        m = _PAGES_BEFORE.search(text, max(0, i - 16), i)
        if m:
            return int(m.group(1) or m.group(2))
        i = text.find("页", i + 1)
    return None


def _link_pages(root: lxml.html.HtmlElement, base: str, url: str, html_text: str) -> list[str]:
    """Pager links (下一页, 尾页, page numbers) plus every page up to the last one shown.

    Links without a page number (首页 -> ``index.html``) come first in page order, then each
    paging template (``?page=N``, ``index_N.html``, ``N.html``) in page-number order.
    """
    plain: list[str] = []
    templates: dict[str, dict[int, str]] = {}
    lasts: dict[str, int] = {}
    nexts: dict[str, int] = {}
    for a in root.iter("a"):
        text = _label(norm_text(a.text_content()) or norm_text(a.get("title")))
        if not text or not ((text.isdigit() and len(text) <= 5) or text in _PAGER_LINK_TEXT):
            continue
        target = resolve(a.get("href"), base)
        if target is None or not _same_column(target, url):
            continue
        pk = _page_num(target)
        if pk is None:
            plain.append(target)
            continue
        tpl, n = pk
        templates.setdefault(tpl, {}).setdefault(n, target)
        if text in _LAST_TEXT:
            lasts[tpl] = max(n, lasts.get(tpl, n))
        elif text in _NEXT_TEXT:
            nexts.setdefault(tpl, n)

    total_pages = _total_pages(html_text) if templates else None
    own = _page_num(url)
    out = list(plain)
    for tpl, pages in templates.items():
        nums = set(pages)
        current = own[1] if own and own[0] == tpl else (nexts[tpl] - 1 if tpl in nexts else None)
        last = lasts.get(tpl)
        if last is None and total_pages:
            zero_based = 0 in nums or current == 0 or (tpl.startswith("s|") and 1 in nums)
            last = total_pages - 1 if zero_based else total_pages
        if last is not None and last <= _MAX_PAGES:
            sample = next(iter(pages.values()))
            for k in range(min(nums | {last}), last + 1):
                pages.setdefault(k, _with_page(sample, k))
        out.extend(pages[k] for k in sorted(pages) if k != current)
    return out


def pagination_urls(html: str, url: str) -> list[str]:
    """Absolute URLs of all other pages of the column list that can be known from this page.

    Understands TRS ``createPageHTML(...)`` (incl. ``var countPage``), Hanweb JCMS
    ``?uid=…&pageNum=N`` and ``dataproxy.jsp?startrecord=…`` (from ``totalRecord``/``perPage``),
    query-string (``?page=2``) and ``_2.html`` paging, and pager links (下一页, 尾页, page
    numbers), filling every page up to the last one shown. Never returns the page itself;
    deduplicated, in a stable order (script-derived pages first, then links, then gap fill).
    """
    if not html:
        return []
    out: list[str] = []
    out.extend(_trs_pages(html, url))
    out.extend(_jcms_pages(html, url))
    root = parse_html(html)
    if root is not None:
        base = base_href(root, url)
        for el in list(root.iter("script", "style")):
            el.drop_tree()
        out.extend(_link_pages(root, base, url, norm_text(root.text_content())))
    own = _page_key(url)
    seen: set[str] = {own}
    result: list[str] = []
    for u in out:
        k = _page_key(u)
        if k not in seen:
            seen.add(k)
            result.append(u)
    return result
