"""Security facts of one page's raw HTML: hidden off-site links (暗链), injected spam text,
off-site links and the leave-site notice (离开本站提示).

Pure functions over the HTML as served (no script is run). What a browser would hide is
read from inline ``style`` attributes, the ``hidden`` attribute, tiny ``<marquee>`` boxes,
the rules of the page's own ``<style>`` blocks (outside ``@media`` blocks), one-line inline
scripts that hide an element by id, and ``document.write`` wrappers (each inline script that
writes is replaced by what it writes before parsing, as a browser builds the page). External
stylesheets are not read: what they hide counts as visible, a missed hidden link rather than
a false one.

This module says what it saw; ``checks.page_security`` judges it. A hidden link records
*how* it is hidden, *via* what (inline, css, attr, script), the hiding element and whether
that element looks like interface shown on demand (a drop-down, a tab panel, an element a
script or a ``:hover`` rule shows again). Links to the unit's own hosts and to government
hosts (``*.gov.cn``, ``*.政务``) are never recorded as off-site.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.cssselect import CSSSelector

from .footer import script_written_html

__all__ = [
    "EXIT_NOTICE_PHRASES",
    "STRONG_TECHNIQUES",
    "host_of",
    "is_government_host",
    "is_site_host",
    "scan_page_security",
    "scan_script_security",
]

# Wording of the leave-site notice (confirm box, modal, interstitial page).
EXIT_NOTICE_PHRASES = ("即将离开", "将要离开", "离开本站", "离开本网站", "即将跳转", "将跳转至",
                       "将跳转到", "即将访问外部", "即将进入外部")
# Techniques no interface uses to show a link later: off-screen and zero-size boxes, a zero
# font size, and hiding done by a one-line script or a document.write wrapper.
STRONG_TECHNIQUES = ("offscreen", "zero_size", "font_size_0", "script")

MAX_LINKS = 100  # off-site and hidden links kept per page
MAX_HITS = 30  # spam hits kept per page
MAX_SCRIPTS = 40
CONTEXT = 30  # characters either side of a spam hit
OFFSCREEN_PX = 900  # a box moved this far out of the page cannot be seen
_GOV_SUFFIXES = (".gov.cn", ".政务", ".xn--zfr164b")
_BADGE_SCRIPT_HOSTS = frozenset({"zfwzgl.www.gov.cn"})  # the national 找错 script: no notice

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_NOT_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_SRC_ATTR = re.compile(r"\bsrc\s*=", re.I)
_DOC_WRITE = re.compile(r"document\s*\.\s*write(?:ln)?\s*\(")
_OPEN_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")
_WRITTEN = "data-zwgk-written"  # marks the elements an inline script wrote
_JS_UNICODE = re.compile(r"\\u([0-9a-fA-F]{4})|%u([0-9a-fA-F]{4})")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_LENGTH = re.compile(r"^(-?\d*\.?\d+)(px|pt|em|rem)?$")
_CLIP_ZERO = re.compile(r"^rect\(([01](px)?[, ]+){3}[01](px)?\)$")
_SHOWN_DISPLAY = re.compile(r"^(?:block|inline|inline-block|flex|grid|table|list-item)$")
_SCRIPT_HIDE = re.compile(
    r"""^\s*(?:document\.getElementById\(\s*['"]([\w-]+)['"]\s*\)\.style\.(?:display\s*=\s*"""
    r"""['"]none['"]|visibility\s*=\s*['"]hidden['"])|\$\(\s*['"]#([\w-]+)['"]\s*\)\.hide\(\s*\))"""
    r"""\s*;?\s*$""")
_TOKEN = re.compile(r"[.#]([\w-]+)")
_WORD = re.compile(r"[\w-]+")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_SKIP_TAGS = frozenset(("script", "style", "noscript", "template", "textarea", "select", "head",
                        "iframe", "object"))
_BLOCK_TAGS = frozenset(("p", "div", "li", "tr", "td", "th", "br", "h1", "h2", "h3", "h4", "h5",
                         "h6", "dd", "dt", "table", "ul", "ol", "section", "article", "header",
                         "footer", "nav", "form", "blockquote", "pre", "marquee", "title"))
_HANDLER_ATTRS = ("onclick", "onmouseover", "onmouseenter", "onmouseout", "onfocus", "onchange")
_SKIP_HREF = ("#", "javascript:", "mailto:", "tel:", "data:")
_ANCHOR_TAG = re.compile(r"<a\b[^>]*>", re.I)


# --- hosts -------------------------------------------------------------------------------

def host_of(url: str) -> str | None:
    """The lower-case host of an http(s) URL, or None."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host:
        return None
    return host.rstrip(".").lower()


def is_government_host(host: str | None) -> bool:
    """True for ``*.gov.cn`` and ``*.政务`` (Unicode or punycode) hosts."""
    if not host:
        return False
    host = host.rstrip(".").lower()
    return host == "gov.cn" or host.endswith(_GOV_SUFFIXES)


def is_site_host(host: str | None, site_hosts: Iterable[str]) -> bool:
    """True when `host` is one of the unit's hosts or a sub-domain of one (``www.`` ignored)."""
    if not host:
        return False
    bare = host.removeprefix("www.")
    for site in site_hosts:
        site = site.lower().removeprefix("www.")
        if bare == site or bare.endswith("." + site):
            return True
    return False


# --- the leave-site notice ---------------------------------------------------------------

def _decoded(text: str) -> str:
    """Text with JS ``\\uXXXX`` / ``%uXXXX`` escapes and HTML entities resolved."""
    if "\\u" in text or "%u" in text:
        text = _JS_UNICODE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    return _html.unescape(text) if "&" in text else text


def _notice_phrase(text: str) -> str | None:
    text = _decoded(text)
    return next((p for p in EXIT_NOTICE_PHRASES if p in text), None)


def scan_script_security(js: str) -> dict:
    """What an external script shows of the leave-site notice: ``data["security"]`` of a page
    with role ``script``."""
    phrase = _notice_phrase(js or "")
    return {"exit_notice_script": phrase is not None, "exit_notice_phrase": phrase}


# --- CSS ---------------------------------------------------------------------------------

def _declarations(style: str | None) -> dict[str, str]:
    """``prop: value`` pairs of a declaration block, lower-case, ``!important`` dropped."""
    out: dict[str, str] = {}
    for decl in (style or "").split(";"):
        prop, sep, value = decl.partition(":")
        if sep:
            value = value.lower().replace("!important", "")
            out[prop.strip().lower()] = _SPACE.sub(" ", value).strip()
    return out


def _px(value: str | None) -> float | None:
    """A CSS length in px (unitless as px, em/rem as 16 px, pt as 4/3 px); None otherwise."""
    match = _CSS_LENGTH.match((value or "").replace(" ", ""))
    if not match:
        return None
    return float(match.group(1)) * {"pt": 4 / 3, "em": 16.0, "rem": 16.0}.get(match.group(2), 1.0)


def _hide_kind(decls: dict[str, str]) -> str | None:
    """How a declaration block hides its element, or None."""
    if decls.get("display") == "none":
        return "display:none"
    if decls.get("visibility") in ("hidden", "collapse"):
        return "visibility:hidden"
    if decls.get("position") in ("absolute", "fixed", "relative"):
        if any((v := _px(decls.get(side))) is not None and v <= -OFFSCREEN_PX
               for side in ("left", "top")):
            return "offscreen"
        if _CLIP_ZERO.match(decls.get("clip", "")):
            return "zero_size"
    if any((v := _px(decls.get(prop))) is not None and v <= -OFFSCREEN_PX
           for prop in ("text-indent", "margin-left", "margin-top")):
        return "offscreen"
    overflow = decls.get("overflow") or decls.get("overflow-y") or decls.get("overflow-x")
    if overflow in ("hidden", "clip") and any(
            (v := _px(decls.get(prop))) is not None and v <= 1 for prop in ("width", "height")):
        return "zero_size"
    if decls.get("opacity", "").replace(" ", "") in ("0", "0.0", ".0"):
        return "opacity:0"
    return None


def _css_rules(css: str) -> Iterable[tuple[str, dict[str, str]]]:
    """(selector list, declarations) of the top-level rules; at-rule blocks (@media …) skipped."""
    css = _CSS_COMMENT.sub("", css)
    depth, start, selector = 0, 0, ""
    for pos, ch in enumerate(css):
        if ch == "{":
            if depth == 0:
                selector, start = css[start:pos].strip(), pos + 1
            depth += 1
        elif ch == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                if not selector.startswith("@"):
                    yield selector, _declarations(css[start:pos])
                start = pos + 1
        elif ch == ";" and depth == 0:
            start = pos + 1  # @import …; @charset …;


@lru_cache(maxsize=4096)
def _selector(selector: str) -> CSSSelector | None:
    try:
        return CSSSelector(selector, translator="html")
    except Exception:  # cssselect raises several error types for what it cannot translate
        return None


class _Styles:
    """What the page's ``<style>`` blocks say about hiding and font size."""

    def __init__(self, root: etree._Element):
        self.hidden: dict[etree._Element, str] = {}
        self.font_size: dict[etree._Element, float] = {}
        self.shown_tokens: set[str] = set()  # classes/ids a rule shows (.nav li:hover ul …)
        for style in root.iter("style"):
            media = (style.get("media") or "all").lower()
            if "screen" in media or "all" in media:
                for selectors, decls in _css_rules(style.text or ""):
                    self._rule(root, selectors, decls)

    def _rule(self, root: etree._Element, selectors: str, decls: dict[str, str]) -> None:
        kind = _hide_kind(decls)
        size = _px(decls.get("font-size"))
        shows = bool(_SHOWN_DISPLAY.match(decls.get("display", ""))) \
            or decls.get("visibility") == "visible"
        for selector in (s.strip() for s in selectors.split(",")):
            if shows:
                self.shown_tokens.update(_TOKEN.findall(selector))
            if not selector or ":" in selector or (kind is None and size is None):
                continue  # pseudo-classes describe states, not the page as loaded
            compiled = _selector(selector)
            for el in compiled(root) if compiled is not None else ():
                if kind is not None:
                    self.hidden[el] = kind
                if size is not None:
                    self.font_size[el] = size


# --- parsing -----------------------------------------------------------------------------

def _inline_writes(html: str) -> str:
    """The page with each inline ``document.write`` script replaced by what it writes, the
    written elements marked."""
    def replace(match: re.Match[str]) -> str:
        attrs, body = match.group(1), match.group(2)
        if _SRC_ATTR.search(attrs) or not _DOC_WRITE.search(body):
            return match.group(0)
        return _OPEN_TAG.sub(lambda m: f"<{m.group(1)} {_WRITTEN}", script_written_html(body))

    return _INLINE_SCRIPT.sub(replace, html)


def _parse(html: str) -> etree._Element | None:
    html = _NOT_XML_CHARS.sub("", _XML_DECL.sub("", html or "", count=1))
    if not html.strip():
        return None
    try:
        return etree.fromstring(_inline_writes(html),
                                etree.HTMLParser(remove_comments=True, remove_pis=True))
    except (etree.ParserError, ValueError):
        return None


def _text(el: etree._Element) -> str:
    return _SPACE.sub(" ", etree.tostring(el, method="text", encoding=str, with_tail=False)).strip()


def _describe(el: etree._Element) -> str:
    """``tag#id.class`` of an element, for evidence."""
    out = str(el.tag)
    if el.get("id"):
        out += "#" + el.get("id")
    return out + "".join("." + c for c in (el.get("class") or "").split())


def _snippet(el: etree._Element, limit: int = 300) -> str:
    """The element's markup as the page has it (written-by-script marks removed)."""
    markup = etree.tostring(el, encoding=str, with_tail=False).replace(f' {_WRITTEN}=""', "")
    return markup if len(markup) <= limit else markup[:limit] + "…"


class _Page:
    """One parsed page and what hides its elements."""

    def __init__(self, root: etree._Element):
        self.styles = _Styles(root)
        scripts = [s.text or "" for s in root.iter("script") if not s.get("src")]
        self.script_hidden = {m.group(1) or m.group(2)
                              for m in map(_SCRIPT_HIDE.match, scripts) if m}
        handlers = [v for el in root.iter() if isinstance(el.tag, str)
                    for a in _HANDLER_ATTRS if (v := el.get(a))]
        self.referenced = set(_WORD.findall(" ".join(scripts + handlers)))

    def own_hiding(self, el: etree._Element) -> tuple[str, str] | None:
        """(how, via) when `el` itself is hidden."""
        if el.get("hidden") is not None:
            return "display:none", "attr"
        if el.get("id") in self.script_hidden:
            return "script", "script"
        if el.tag == "marquee" and any((v := _px(el.get(a))) is not None and v <= 10
                                       for a in ("width", "height")):
            return "zero_size", "attr"
        kind = _hide_kind(_declarations(el.get("style")))
        if kind is not None:
            return kind, "inline"
        kind = self.styles.hidden.get(el)
        return (kind, "css") if kind is not None else None

    def font_size(self, el: etree._Element) -> float | None:
        size = _px(_declarations(el.get("style")).get("font-size"))
        return size if size is not None else self.styles.font_size.get(el)

    def interactive(self, el: etree._Element) -> bool:
        """Whether a hidden element looks like interface shown on demand: it has a class, a
        script, handler or CSS rule names its id, it hangs under a menu item, or it is one of
        numbered panels (``con_one_1``, ``con_one_2`` …: tabs)."""
        ident = el.get("id")
        if (el.get("class") or "").strip() or ident in self.referenced \
                or ident in self.styles.shown_tokens:
            return True
        parent = el.getparent()
        if parent is None:
            return False
        if parent.tag == "li":
            return True
        if ident and _DIGITS.search(ident):
            family = _DIGITS.sub("#", ident)
            return any(sib is not el and sib.get("id") and _DIGITS.sub("#", sib.get("id")) == family
                       for sib in parent)
        return False


# --- the scan ----------------------------------------------------------------------------

class _Text:
    """Text in document order, with the spans of off-site anchors."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.link_spans: list[tuple[int, int]] = []

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            self.size += len(text)

    def value(self) -> str:
        return "".join(self.parts)


@lru_cache(maxsize=16)
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    terms = tuple(sorted({t for t in terms if t}, key=len, reverse=True))
    return re.compile("|".join(map(re.escape, terms)), re.I) if terms else None


def _hits(text: str, pattern: re.Pattern[str] | None, where: str,
          link_spans: list[tuple[int, int]] | None = None) -> list[dict]:
    """Spam terms in `text` with their context; a body hit inside an off-site anchor is a
    ``link`` hit."""
    if pattern is None or not text:
        return []
    out = []
    for m in pattern.finditer(text):
        place = "link" if any(s <= m.start() < e for s, e in link_spans or ()) else where
        context = _SPACE.sub(" ", text[max(0, m.start() - CONTEXT):m.end() + CONTEXT]).strip()
        out.append({"term": m.group(), "context": context, "where": place})
    return out


def _link(el: etree._Element, base: str, site_hosts: set[str]) -> dict | None:
    """{href, text} of an anchor to an off-site, non-government http(s) URL, else None."""
    href = (el.get("href") or "").strip()
    if not href or href.lower().startswith(_SKIP_HREF):
        return None
    url = urljoin(base, href)
    host = host_of(url)
    if host is None or is_site_host(host, site_hosts) or is_government_host(host):
        return None
    text = _text(el) or (el.get("title") or "").strip()
    if not text:
        img = el.find(".//img")
        text = (img.get("alt") or img.get("title") or "").strip() if img is not None else ""
    return {"href": url, "text": text[:100]}


def _script_urls(root: etree._Element, base: str, site_hosts: set[str]) -> list[str]:
    """External scripts on the unit's own or government hosts (the notice may live in one)."""
    out: list[str] = []
    for el in root.iter("script"):
        url = urljoin(base, (el.get("src") or "").strip()) if el.get("src") else None
        host = host_of(url) if url else None
        if host and host not in _BADGE_SCRIPT_HOSTS and url not in out \
                and (is_site_host(host, site_hosts) or is_government_host(host)):
            out.append(url)
    return out[:MAX_SCRIPTS]


class _Walk:
    """One pass over the page in document order: visible and hidden text, hidden and
    visible off-site links."""

    def __init__(self, root: etree._Element, page: _Page, base: str, site_hosts: set[str],
                 page_notice: bool):
        self.page, self.base, self.site_hosts, self.page_notice = page, base, site_hosts, page_notice
        self.visible, self.hidden = _Text(), _Text()
        self.hidden_links: list[dict] = []
        self.offsite_links: list[dict] = []
        self._seen: set[str] = set()
        # per open element: (hiding element, how, via) or None; zero-font element or None;
        # start of an off-site anchor's text or None
        stack: list[tuple[tuple | None, etree._Element | None, int | None]] = [(None, None, None)]
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, el in walker:
            if not isinstance(el.tag, str):
                continue
            if event == "end":
                hiding, tiny, link_start = stack.pop()
                if link_start is not None:
                    self.visible.link_spans.append((link_start, self.visible.size))
                self._sink(*stack[-1][:2]).add(el.tail)
                continue
            hiding, tiny, _ = stack[-1]
            if el.tag in _SKIP_TAGS:
                walker.skip_subtree()
                stack.append((hiding, tiny, None))
                continue
            own = page.own_hiding(el)
            if hiding is None and own is not None:
                hiding = (el, *own)
            size = page.font_size(el)
            if size is not None:
                tiny = el if size <= 1 else None
            text = self._sink(hiding, tiny)
            if el.tag in _BLOCK_TAGS:
                text.add("\n")
            link_start = self._anchor(el, hiding, tiny) if el.tag in ("a", "area") else None
            text.add(el.text)
            stack.append((hiding, tiny, link_start))

    def _sink(self, hiding: tuple | None, tiny: etree._Element | None) -> _Text:
        return self.hidden if hiding is not None or tiny is not None else self.visible

    def _anchor(self, el: etree._Element, hiding: tuple | None, tiny: etree._Element | None
                ) -> int | None:
        """Record an off-site anchor; the start of its visible text, else None."""
        link = _link(el, self.base, self.site_hosts)
        if link is None:
            return None
        if hiding is None and tiny is None:
            if link["href"] not in self._seen:
                own = _notice_phrase(" ".join(el.get(a) or "" for a in _HANDLER_ATTRS))
                self.offsite_links.append({**link, "has_notice": self.page_notice or bool(own)})
            self._seen.add(link["href"])
            return self.visible.size
        if link["href"] in self._seen:
            return None
        self._seen.add(link["href"])
        container, how, via = hiding if hiding is not None else (
            tiny, "font_size_0", "inline" if tiny.get("style") else "css")
        if container.get(_WRITTEN) is not None and el.get(_WRITTEN) is None:
            how, via = "script", "script"  # a script-written wrapper around the page's own links
        self.hidden_links.append({
            **link, "how": how, "via": via, "container": _describe(container),
            "interactive": how not in STRONG_TECHNIQUES and self.page.interactive(container),
            "snippet": _snippet(container)})
        return None


def scan_page_security(html: str, page_url: str, site_hosts: Iterable[str], *,
                       spam_terms: Iterable[str] = ()) -> dict:
    """The security facts of one page: ``data["security"]``.

    ``{title, hidden_links: [{href, text, how, via, container, interactive, snippet}],
    spam_hits: [{term, context, where}], offsite_links: [{href, text, has_notice}],
    exit_notice_script, exit_notice_phrase, script_urls}``. ``where`` is ``title``, ``meta``
    (keywords, description), ``hidden`` (hidden text), ``link`` (the text of a visible
    off-site anchor) or ``body``. Off-site means neither one of `site_hosts` (or a sub-domain)
    nor a government host; hidden and visible off-site links are listed once each (first
    100). ``exit_notice_script`` says the notice wording stands in the page outside the links'
    own tags (a script, a modal); a link whose own handler shows it ``has_notice`` too.
    `script_urls` are the external scripts on the unit's or government hosts (the notice may
    live in one). `spam_terms` come from the rule profile (``security.spam_content.terms``).
    """
    hosts = {h.lower() for h in site_hosts}
    phrase = _notice_phrase(_ANCHOR_TAG.sub("<a>", html or ""))  # a link's own confirm is its own
    result: dict = {"title": None, "hidden_links": [], "spam_hits": [], "offsite_links": [],
                    "exit_notice_script": phrase is not None, "exit_notice_phrase": phrase,
                    "script_urls": []}
    root = _parse(html)
    if root is None:
        return result
    base = urljoin(page_url, (root.xpath("//base/@href") or [""])[0].strip())
    pattern = _term_pattern(tuple(spam_terms))
    title_el = root.find(".//title")
    title = _text(title_el) if title_el is not None else ""
    meta = " ".join(m.get("content") or "" for m in root.iter("meta")
                    if (m.get("name") or "").lower() in ("keywords", "description"))
    walk = _Walk(root, _Page(root), base, hosts, phrase is not None)
    spam = (_hits(title, pattern, "title") + _hits(meta, pattern, "meta")
            + _hits(walk.hidden.value(), pattern, "hidden")
            + _hits(walk.visible.value(), pattern, "body", walk.visible.link_spans))
    result.update(title=title[:200] or None, hidden_links=walk.hidden_links[:MAX_LINKS],
                  offsite_links=walk.offsite_links[:MAX_LINKS], spam_hits=spam[:MAX_HITS],
                  script_urls=_script_urls(root, base, hosts))
    return result
