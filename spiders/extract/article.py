"""Article / document detail pages: title, visible date, source, 信息公开 metadata, body, links.

Tolerates the metadata layouts seen on real sites: TRS/Fujian ``div.index_box li`` with the
value in ``<font>``/``<em>``, Hanweb ``table.xxgk`` cells holding "label: value", MOE
``#moe-policy-table`` label/value cell pairs, and plain tables whose label cells sit beside
or above their values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree

from .dates import find_date, find_labeled_date

__all__ = ["ArticleInfo", "extract_article", "METADATA_LABELS"]

MAX_BODY_CHARS = 20_000

# Canonical metadata labels and the synonyms templates print for them.
_SYNONYMS = {
    "索引号": ("索引号", "信息索引", "索取号", "索引"),
    "主题分类": ("主题分类", "信息类别", "信息分类", "主题类别"),
    "发布机构": ("发布机构", "发文机关", "发文机构", "发布单位", "发文单位"),
    "成文日期": ("成文日期", "生成日期", "成文时间"),
    "发布日期": ("发布日期", "发布时间", "公开日期"),
    "发文字号": ("发文字号", "文号", "文件编号", "发文号"),
    "标题": ("标题", "信息名称", "文件名称"),
    "有效性": ("有效性", "效力状态", "是否有效", "时效性"),
    "废止日期": ("废止日期", "失效日期", "废止时间", "失效时间"),
}
METADATA_LABELS = tuple(_SYNONYMS)
_CANONICAL = {syn: label for label, syns in _SYNONYMS.items() for syn in syns}
_ANY_LABEL = re.compile("|".join(sorted(_CANONICAL, key=len, reverse=True)))

_ATTACHMENT_EXT = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".zip", ".rar", ".ofd")
_ATTACHMENT_IN_QUERY = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|zip|rar|ofd)(?:$|&)", re.I)
_SKIP_HREF = ("#", "javascript:", "mailto:", "tel:", "data:")

_BLOCK_TAGS = (
    "p", "div", "li", "tr", "td", "th", "br", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt",
    "table", "ul", "ol", "section", "article", "blockquote", "pre", "header", "footer",
)  # fmt: skip
_DROP_TAGS = ("script", "style", "noscript", "template", "textarea", "select", "option")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# Control characters (sjz.gov.cn has some) and lone surrogates: lxml refuses them in text.
_NOT_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"[^\S\n]+")
_LABEL_CHARS = re.compile(r"[\s:：]+")
_INLINE_PAIR = re.compile(r"^\s*([\u4e00-\u9fff][\u4e00-\u9fff\s]{1,12}?)\s*[:：]\s*(.*)$", re.S)
_HIDDEN = "//*[contains(translate(@style, ' ', ''), 'display:none')]"
_BODY_START, _BODY_END = "\ue000", "\ue001"  # markers put around the body in the page text
_BODY_HINT = re.compile(
    r"TRS_Editor|TRS_UEDITOR|trs_editor_view|\bzoom\b|UCAP-CONTENT|ivs_content|article[_-]?con|"
    r"pages_content|content_text|detail[_-]?content|news_content|zwnr|\bzw\b|mainText|js_content",
    re.I,
)
_FOOTER_HINT = re.compile(r"foot|bottom|copyright|banquan|\bbot\b", re.I)
_FOOTER_TEXT = re.compile(r"版权所有|ICP\s*备|公网安备|网站标识码|Copyright|All Rights Reserved", re.I)
_BLOCK_CHILDREN = ("div", "p", "table", "ul", "ol", "dl", "section", "article", "form", "h1", "h2", "h3")
_MIN_BODY = 30  # characters a known content container needs before it is trusted
_TITLE_SPLIT = re.compile(r"\s*(?:[_|｜]|\s-\s|\s—\s|\s+-|-\s+)\s*")

_DATE_LABELS = ("发布时间", "发布日期", "更新时间", "时间发布", "发稿时间", "发文日期", "公开日期", "时间", "日期")
_SOURCE_LABEL = re.compile(r"(?:信息|文章|稿件|新闻|内容)?来\s*源[ \t\xa0\u3000]*[:：]")
_SOURCE_STOP = re.compile(
    r"[【】\[\]|｜\u3000]|\s{2,}|\d{4}\s*[-/.年]\s*\d{1,2}|发布|时间|日期|作者|编辑|责任|浏览|点击|阅读|访问|字号|字体|分享|打印"
)
_ZONE = 1500  # characters around the title / body searched for the visible date and source
_BARE_ZONE = 300  # an unlabelled date must sit this close after the title


@dataclass
class ArticleInfo:
    """What an article page shows. Dates are the page's visible ones, never the meta tags."""

    title: str | None = None
    visible_date: date | None = None
    visible_date_text: str | None = None
    source: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    body_text: str = ""
    attachments: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _text(el: etree._Element) -> str:
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def _parse(html: str) -> etree._Element | None:
    html = _NOT_XML_CHARS.sub("", _XML_DECL.sub("", html, count=1))
    if not html.strip():
        return None
    try:
        return etree.fromstring(html, etree.HTMLParser(remove_comments=True, remove_pis=True))
    except (etree.ParserError, ValueError):
        return None


def _drop(el: etree._Element) -> None:
    """Remove an element but keep its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _links(doc: etree._Element, base: str) -> list[tuple[str, str]]:
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str]] = []
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.lower().startswith(_SKIP_HREF):
            continue
        try:
            url = urldefrag(urljoin(base, href))[0]
            scheme = urlsplit(url).scheme
        except ValueError:
            continue
        if scheme not in ("http", "https"):
            continue
        text = _clean(_text(a)) or _clean(a.get("title") or "")
        if not text:
            text = next((_clean(img.get("alt") or "") for img in a.iter("img") if img.get("alt")), "")
        if (url, text) not in seen:
            seen.add((url, text))
            out.append((url, text))
    return out


def _is_attachment(url: str, text: str) -> bool:
    parts = urlsplit(url)
    return (
        parts.path.lower().endswith(_ATTACHMENT_EXT)
        or bool(_ATTACHMENT_IN_QUERY.search(parts.query))
        or text.lower().endswith(_ATTACHMENT_EXT)
    )


def _label(text: str) -> str | None:
    """Canonical metadata label for a cell text such as ``索&ensp;引&ensp;号：``."""
    key = _LABEL_CHARS.sub("", text)
    return _CANONICAL.get(key) if len(key) <= 8 else None


def _cells(row: etree._Element) -> list[etree._Element]:
    return [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]


def _table_pairs(table: etree._Element) -> list[tuple[str, str]]:
    """Label/value pairs of a table: side by side, "label: value" in one cell, or a header row."""
    pairs: list[tuple[str, str]] = []
    rows = [[_clean(_text(c)) for c in _cells(tr)] for tr in table.iter("tr")]
    row_labels = [[_label(t) for t in cells] for cells in rows]
    for r, (cells, labels) in enumerate(zip(rows, row_labels)):
        inline = [None if label else _inline_pair(t) for t, label in zip(cells, labels)]
        if r + 1 < len(rows) and _is_header_row(labels, row_labels[r + 1]):
            pairs.extend((label, value) for label, value in zip(labels, rows[r + 1]) if label)
            continue
        i = 0
        while i < len(cells):
            label = labels[i]
            if label:
                is_value = i + 1 < len(cells) and not labels[i + 1] and not inline[i + 1]
                pairs.append((label, cells[i + 1] if is_value else ""))
                i += 2 if is_value else 1
                continue
            if inline[i]:
                pairs.append(inline[i])  # type: ignore[arg-type]
            i += 1
    return pairs


def _is_header_row(labels: list[str | None], next_labels: list[str | None]) -> bool:
    """Labels side by side above a row of values (索取号 | 发布时间 | 发布机构 …)."""
    if len(next_labels) != len(labels) or any(next_labels):
        return False
    return any(a and b for a, b in zip(labels, labels[1:]))


def _inline_pair(text: str) -> tuple[str, str] | None:
    m = _INLINE_PAIR.match(text)
    if not m:
        return None
    label = _label(m.group(1))
    return (label, _clean(m.group(2))) if label else None


def _metadata(doc: etree._Element) -> dict[str, str]:
    """The 信息公开 metadata box; a group counts only with two or more known labels."""
    groups = [_table_pairs(t) for t in doc.iter("table") if len(set(_ANY_LABEL.findall(_text(t)))) >= 2]
    for container in doc.iter("ul", "ol", "dl"):
        pairs = []
        items = [c for c in container if isinstance(c.tag, str) and c.tag in ("li", "dt", "dd")]
        for i, item in enumerate(items):
            text = _clean(_text(item))
            label = _label(text)
            if label and item.tag == "dt" and i + 1 < len(items) and items[i + 1].tag == "dd":
                pairs.append((label, _clean(_text(items[i + 1]))))
            else:
                pair = _inline_pair(text)
                if pair:
                    pairs.append(pair)
        groups.append(pairs)
    meta: dict[str, str] = {}
    for pairs in groups:
        if len({label for label, _ in pairs}) >= 2:
            for label, value in pairs:
                if not meta.get(label):
                    meta[label] = value
    return meta


def _body_element(doc: etree._Element) -> etree._Element | None:
    """The main text container: a known CMS container, else the densest paragraph parent.

    Paragraphs are ``<p>``, ``<br>``-separated runs and inline-only ``<div>``s; text inside
    footer-like containers does not count. An empty known container (an image-only
    article) is returned rather than a guess elsewhere on the page.
    """
    hinted, hinted_len = None, -1
    for el in doc.iter("div", "td", "article", "section", "font"):
        if _BODY_HINT.search(f"{el.get('class', '')} {el.get('id', '')}"):
            n = len(_text(el).strip())
            if n > hinted_len:
                hinted, hinted_len = el, n
    if hinted is not None and hinted_len >= _MIN_BODY:
        return hinted
    footers = {
        el for el in doc.iter("div", "footer", "table", "ul")
        if _FOOTER_HINT.search(f"{el.get('class', '')} {el.get('id', '')}")
    }  # fmt: skip
    scores: dict[etree._Element, float] = {}

    def add(parent: etree._Element | None, text: str) -> None:
        n = len(text.strip())
        if parent is None or n < 10 or _FOOTER_TEXT.search(text) or parent in footers:
            return
        if any(a in footers for a in parent.iterancestors()):
            return
        scores[parent] = scores.get(parent, 0) + n
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0) + n / 2

    for p in doc.iter("p"):
        add(p.getparent(), _text(p))
    for br in doc.iter("br"):
        add(br.getparent(), br.tail or "")
    for div in doc.iter("div"):  # sites that write paragraphs as <div>s; must read as prose
        if next(div.iterdescendants(*_BLOCK_CHILDREN), None) is None:
            text = _text(div)
            if "，" in text or "。" in text:
                add(div.getparent(), text)
    best = max(scores, key=scores.__getitem__) if scores else None
    if best is not None and (hinted is None or scores[best] >= _MIN_BODY * 3):
        return best
    return hinted


def _title(doc: etree._Element) -> str | None:
    for meta in doc.iter("meta"):
        if (meta.get("name") or "").lower() == "articletitle" and (meta.get("content") or "").strip():
            return _clean(meta.get("content"))
    page_title = _clean(doc.findtext(".//title") or "")
    best, first_h1 = "", ""
    for h in doc.iter("h1", "h2", "h3"):
        text = _clean(_text(h))
        if len(text) > len(best) and text in page_title:
            best = text
        if h.tag == "h1" and not first_h1:
            first_h1 = text
    parts = [p for p in _TITLE_SPLIT.split(page_title) if p]
    return best or (parts[0] if parts else first_h1) or None


def _block_lines(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _source(zone: str) -> str | None:
    """The value after the first non-empty 来源 / 信息来源 / 文章来源 label in ``zone``."""
    for m in _SOURCE_LABEL.finditer(zone):
        rest = zone[m.end() :].lstrip(" \t\n\xa0\u3000:：")
        value = rest.split("\n", 1)[0]
        stop = _SOURCE_STOP.search(value)
        value = (value[: stop.start()] if stop else value).strip(" ：:")
        if value and not _SOURCE_LABEL.match(value):
            return value
    return None


def _spaced_matches(text: str, chars: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping spans of `chars` in order with only whitespace between them: what
    `re.finditer(r"\\s*".join(map(re.escape, chars)), text)` finds, without compiling a pattern
    per page (that compile was the most expensive step of reading an article)."""
    spans, start, n = [], text.find(chars[0]), len(text)
    while start >= 0:
        i = start + 1
        for c in chars[1:]:
            while i < n and text[i].isspace():
                i += 1
            if i >= n or text[i] != c:
                break
            i += 1
        else:
            spans.append((start, i))
            start = text.find(chars[0], i)
            continue
        start = text.find(chars[0], start + 1)
    return spans


def _title_span(text: str, title: str | None, body_start: int) -> tuple[int, int] | None:
    """Where the visible title sits in the page text: last occurrence before the body."""
    if not title:
        return None
    chars = [c for c in title if not c.isspace()][:40]
    if not chars:
        return None
    spans = _spaced_matches(text, chars)
    if not spans:
        return None
    before = [s for s in spans if s[0] < body_start]
    return before[-1] if before else spans[0]


def _zones(text: str, title: str | None) -> tuple[str, str, str]:
    """Text right after the title, right after the body, and right before the title.

    ``text`` carries the body markers; body text itself is never in a zone unless the
    title sits inside the body container (then only a short stretch after it).
    """
    body_start, body_end = text.find(_BODY_START), text.find(_BODY_END)
    if body_start < 0:
        body_start = len(text)
    if body_end < 0:  # no body, or the body element is <body> itself
        body_end = len(text)
    span = _title_span(text, title, body_start)
    if span and span[0] < body_start:
        after_title = text[span[1] : min(body_start, span[1] + _ZONE)]
    elif span:  # the title heads the body container (MOE)
        after_title = text[span[1] : span[1] + _BARE_ZONE]
    else:
        after_title = text[max(0, body_start - _BARE_ZONE) : body_start]
    title_start = span[0] if span else body_start
    before_title = text[max(0, title_start - _ZONE // 3) : title_start]
    return after_title, text[body_end : body_end + _ZONE], before_title


def _visible_date(
    after_title: str, after_body: str, before_title: str, published: str
) -> tuple[date, str] | None:
    """Labelled date near the title or after the body, else the metadata 发布日期, else a
    labelled date just before the title, else a bare date right after the title."""
    searches = (
        (after_title, lambda z: find_labeled_date(z, _DATE_LABELS)),
        (after_body, lambda z: find_labeled_date(z, _DATE_LABELS)),
        (published, find_date),
        (before_title, lambda z: find_labeled_date(z, _DATE_LABELS)),
        (after_title[:_BARE_ZONE], find_date),
    )
    for zone, search in searches:
        found = search(zone)
        if found:
            return found[0], _clean(zone[found[1] : found[2]])
    return None


def extract_article(html: str, url: str) -> ArticleInfo:
    """Extract title, visible date, source, metadata, body text, attachments and links."""
    doc = _parse(html or "")
    if doc is None:
        return ArticleInfo()
    base_el = doc.find(".//base[@href]")
    try:
        base = urljoin(url, base_el.get("href", "").strip()) if base_el is not None else url
    except ValueError:
        base = url
    links = _links(doc, base)
    attachments = list(dict.fromkeys(u for u, t in links if _is_attachment(u, t)))

    for el in list(doc.iter(*_DROP_TAGS)) + doc.xpath(_HIDDEN):
        _drop(el)
    for el in doc.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")

    info = ArticleInfo(title=_title(doc), metadata=_metadata(doc), attachments=attachments, links=links)
    body = _body_element(doc)
    if body is not None:
        info.body_text = _block_lines(_text(body))[:MAX_BODY_CHARS]
        body.text = _BODY_START + (body.text or "")
        body.tail = _BODY_END + (body.tail or "")
    root = doc.find("body")
    after_title, after_body, before_title = _zones(_text(root if root is not None else doc), info.title)
    found = _visible_date(after_title, after_body, before_title, info.metadata.get("发布日期", ""))
    if found:
        info.visible_date, info.visible_date_text = found
    info.source = _source(after_title) or _source(after_body) or _source(before_title)
    return info
