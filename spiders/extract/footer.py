"""Footer identification block (底部标识区): 网站标识码, ICP, 公网安备, 主办单位, 联系方式, badges.

The footer is often not well marked and a third of the sites write it with JavaScript, so
extraction works on a linear text rendering of the whole document (plus telling
``title``/``alt``/``aria-label`` attributes), on the strings written by inline scripts, and
on footer scripts fetched separately (:func:`footer_script_urls`,
:func:`script_written_html`). Values are returned raw (whitespace removed from numbers);
format checks belong to the rules.
"""

from __future__ import annotations

import html as _html
import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from urllib.parse import unquote, urljoin, urlsplit

__all__ = [
    "FooterInfo",
    "extract_footer",
    "footer_script_urls",
    "script_written_html",
    "merge_footers",
    "needs_render",
]


@dataclass(frozen=True)
class FooterInfo:
    """What a page's footer shows; None means not seen, "" a label without a value."""

    site_id_code: str | None = None
    icp: str | None = None
    psb: str | None = None
    sponsor: str | None = None
    contact: str | None = None
    conac: bool = False
    jiucuo_sitecode: str | None = None
    found_in: str = "html"


_TEXT_FIELDS = ("site_id_code", "icp", "psb", "sponsor", "contact", "jiucuo_sitecode")
_SHOWN_FIELDS = ("site_id_code", "icp", "psb", "sponsor", "contact")
_NUMBER_FIELDS = ("site_id_code", "icp", "psb")  # what identifies a footer reading

# --- linear text -------------------------------------------------------------------------
# "\n" marks a block boundary, "\x1f" an inline tag boundary (numbers may be split across
# inline tags: <span>赣</span>ICP<span>备…).
_SOFT = "\x1f"
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_MARKUP_SCRIPT = re.compile(r"type\s*=\s*[\"']?text/(?:html|template|x-)", re.I)
_DROP = re.compile(r"<(style|noscript|textarea|template)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_KEYWORDS = "标识码|ICP|公网安备|公安|主办|电话|热线|邮箱"
_KEYWORD = re.compile(_KEYWORDS)
_TEXT_ATTR = re.compile(r"""\b(?:title|alt|aria-label)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_BLOCK_TAG = re.compile(
    r"</?(?:div|p|li|ul|ol|dl|dt|dd|tr|td|th|table|tbody|thead|tfoot|br|hr|h[1-6]|section"
    r"|footer|header|article|aside|nav|form|center|address|blockquote|pre|iframe|caption)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"</?[a-zA-Z!][^>]*>")

# --- fields ------------------------------------------------------------------------------
# Patterns start with a literal so the regex engine can skip ahead; an optional province
# character before ICP/公网安备 is picked up by _with_province.
_WS = r"[\s\x1f]*"
_SITE_CODE = re.compile(rf"网站标识码{_WS}[:：]?{_WS}(?P<v>[A-Za-z]*\d+)?")
_ICP = re.compile(
    rf"ICP{_WS}备{_WS}[:：]?{_WS}\d(?:[\d\x1f]*\d)?(?:{_WS}-{_WS}\d+)?(?:{_WS}号)?(?:{_WS}-{_WS}\d+)?"
)
_PSB = re.compile(rf"公网安备{_WS}案?(?:编?号)?{_WS}[:：]?{_WS}\d(?:[\d\x1f]*\d)?(?:{_WS}号)?")
_PSB_LABEL = re.compile(
    rf"公安(?:机关)?备案(?:编?号)?{_WS}[:：]{_WS}(?P<v>[\dA-Za-z][\dA-Za-z\-\x1f]*(?:{_WS}号)?)"
)
_PROVINCE = re.compile(r"[\u4e00-\u9fff][\s\x1f]*$")
_STOP = (
    r"(?=[\n\x1f|｜，,；;。]|\s{2,}|\u3000|承办|协办|技术支持|运维|维护|版权|联系|地址|电话|邮编"
    r"|(?:政府)?网站标识码|[\u4e00-\u9fff]?ICP|备案|[\u4e00-\u9fff]?公网安备|Copyright|©|$)"
)
_SPONSOR_LABEL = re.compile(rf"主办(?:单位)?{_WS}[:：]{_WS}(?P<v>[^\n\x1f|｜]+?){_STOP}")
_SPONSOR_SUFFIX = re.compile(
    r"(?:^|\n)[\s\x1f]*(?P<v>[\u4e00-\u9fff][\u4e00-\u9fff、 ]{1,40}?)[\s\x1f]*主办[\s\x1f]*(?=\n|$)"
)
_PHONE = r"(?:\d[\d\-—－()（） ]{3,}\d)"
_EMAIL = r"(?:[\w.+-]+[@＠][\w-]+(?:\.[\w-]+)+)"
_CONTACT_LABELED = re.compile(
    r"(?:电话|热线|邮箱|传真|联系我们|联系方式|技术支持|E-?mail|Tel)"
    r"(?:[\s\x1f:：]|[（(][^）)\n]{0,12}[）)]|[\u4e00-\u9fff]{1,4}(?=[\s\x1f]*[:：]))*"
    rf"(?:{_EMAIL}|{_PHONE})",
    re.I,
)
_LABEL_HEAD = re.compile(r"[\u4e00-\u9fff]{1,8}$")
_CONTACT_BARE = re.compile(rf"{_EMAIL}|0\d{{2,3}}-\d{{7,8}}")
_ANCHOR = re.compile(r"网站标识码|ICP[\s\x1f]*备|公网安备|公安(?:机关)?备案|版权所有|Copyright|©", re.I)
_REGION = 300  # characters around a footer anchor that count as the footer region
_OVERRUN = 120  # how far a value found in the region may extend past it

_CONAC_LINK = re.compile(r"bszs[.-]conac[.-]cn[^\"'\s<>]*/sitename\?method=show&(?:amp;)?id=", re.I)
_JIUCUO_RULES = (  # tried in order on each tag that mentions jiucuo
    re.compile(r"\bid\s*=\s*[\"']?_jiucuo_\b[^>]*?\bsitecode\s*=\s*[\"']?\s*([A-Za-z0-9]+)", re.I),
    re.compile(r"\bsitecode\s*=\s*[\"']?\s*([A-Za-z0-9]+)[^>]*?\bid\s*=\s*[\"']?_jiucuo_\b", re.I),
    re.compile(r"jiucuo\.(?:js|html?)\?[^\"'\s>]*?\bsite_?code=([A-Za-z0-9]+)", re.I),
    re.compile(r"data-setting\s*=\s*[\"'][^\"']*sitecode\s*:\s*[\"']?([A-Za-z0-9]+)", re.I),
    re.compile(r"\bLink\(\s*\\?[\"']([A-Za-z0-9]+)", re.I),
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SCRIPT_HINT = re.compile(rf"{_KEYWORDS}|conac|jiucuo|%u7F51|\\u7f51", re.I)


def _squash(value: str) -> str:
    return re.sub(r"[\s\x1f]+", "", value)


def _enclosing_tags(markup: str, positions: list[int]) -> list[tuple[int, int]]:
    """Spans of the tags (``<…>``) that contain the given positions, without repeats."""
    spans: list[tuple[int, int]] = []
    for pos in positions:
        lt = markup.rfind("<", 0, pos)
        if lt < 0 or markup.rfind(">", lt, pos) >= 0:
            continue  # in text, not inside a tag
        gt = markup.find(">", pos)
        if gt >= 0 and (not spans or spans[-1][0] != lt):
            spans.append((lt, gt + 1))
    return spans


def _inject_attr_texts(markup: str) -> str:
    """Copy telling title/alt/aria-label values (粤公网安备… on an <img>) into the text."""
    spans = _enclosing_tags(markup, [m.start() for m in _KEYWORD.finditer(markup)])
    if not spans:
        return markup
    out, last = [], 0
    for lt, gt in spans:
        texts = [a or b for a, b in _TEXT_ATTR.findall(markup, lt, gt)]
        if texts:
            out.append(markup[last:lt])
            out.append("\n" + "\n".join(texts) + "\n")
            last = lt
    out.append(markup[last:])
    return "".join(out)


def _linear_text(markup: str) -> str:
    """Render markup (comments and scripts already removed) as text with boundary marks."""
    markup = _DROP.sub("", markup)
    markup = _inject_attr_texts(markup)
    markup = _BLOCK_TAG.sub("\n", markup)
    markup = _TAG.sub(_SOFT, markup)
    return _html.unescape(markup)


def _with_province(text: str, m: re.Match[str] | None) -> str | None:
    """The matched number with the province character just before it (粤ICP备…)."""
    if m is None:
        return None
    head = _PROVINCE.search(text, max(0, m.start() - 8), m.start())
    return _squash((head.group() if head else "") + m.group())


def _regions(text: str) -> list[tuple[int, int]]:
    """Spans around footer anchors (标识码, ICP, 公网安备, 版权所有 …), merged."""
    windows: list[list[int]] = []
    for m in _ANCHOR.finditer(text):
        lo, hi = max(0, m.start() - _REGION), m.end() + _REGION
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    return [(lo, hi) for lo, hi in windows]


def _search(rx: re.Pattern[str], text: str, regions: list[tuple[int, int]]) -> re.Match[str] | None:
    """First match starting inside a region (it may run a little past the region's end)."""
    for lo, hi in regions:
        m = rx.search(text, lo, hi + _OVERRUN)
        if m and m.start() < hi:
            return m
    return None


def _from_text(text: str, found_in: str) -> FooterInfo:
    site_code: str | None = None
    for m in _SITE_CODE.finditer(text):
        if m["v"]:
            site_code = m["v"]
            break
        site_code = ""
    psb = _with_province(text, _PSB.search(text))
    if psb is None:
        labeled = _PSB_LABEL.search(text)
        psb = _squash(labeled["v"]) if labeled else None

    regions = _regions(text)
    sponsor = None
    m = _search(_SPONSOR_LABEL, text, regions) or _search(_SPONSOR_SUFFIX, text, regions)
    if m:
        sponsor = " ".join(m["v"].replace(_SOFT, " ").split()).strip("：: ") or None
    contact = None
    m = _search(_CONTACT_LABELED, text, regions)
    if m:
        head = _LABEL_HEAD.search(text, max(0, m.start() - 8), m.start())
        contact = (head.group() if head else "") + m.group()
    else:
        m = _search(_CONTACT_BARE, text, regions)
        contact = m.group() if m else None
    return FooterInfo(
        site_id_code=site_code,
        icp=_with_province(text, _ICP.search(text)),
        psb=psb,
        sponsor=sponsor,
        contact=" ".join(contact.replace(_SOFT, " ").split()) if contact else None,
        found_in=found_in,
    )


def _conac(raw: str) -> bool:
    """党政机关 badge: the _ideConac slot, the dcs.conac.cn script or a bszs.conac.cn link."""
    if "_ideConac" in raw or "dcs.conac.cn/js/" in raw:
        return True
    return "conac" in raw and _CONAC_LINK.search(raw) is not None


def _jiucuo_sitecode(raw: str) -> str | None:
    """The 标识码 the 找错 (jiucuo) widget is configured with, if any."""
    positions = [m.start() for m in re.finditer("jiucuo", raw)]
    if not positions:
        return None
    tags = [raw[lt:gt] for lt, gt in _enclosing_tags(raw, positions)]
    # jiucuo.html?site_code=… also appears in inline window.open(…) calls.
    tags += [raw[max(0, p - 80):p + 200] for p in positions]
    for rule in _JIUCUO_RULES:
        for tag in tags:
            m = rule.search(tag)
            if m:
                return m.group(1)
    return None


def extract_footer(html: str, *, found_in: str = "html") -> FooterInfo:
    """Read the footer identification block from a whole HTML document or fragment.

    Static markup is read first; strings written by inline scripts (``document.write``
    footers) fill what it lacks and are reported as ``found_in="script"``. Pass
    ``found_in="script"`` when ``html`` is itself the output of :func:`script_written_html`.
    """
    raw = _COMMENT.sub("", html or "")
    scripts: list[str] = []

    def _cut_script(m: re.Match[str]) -> str:
        body = m.group(2)
        if _SCRIPT_HINT.search(body):
            is_markup = _MARKUP_SCRIPT.search(m.group(1))
            scripts.append(body if is_markup else script_written_html(body))
        return "\n"

    static = _SCRIPT.sub(_cut_script, raw)
    info = _from_text(_linear_text(static), found_in)
    if scripts and not all(getattr(info, f) for f in _SHOWN_FIELDS):
        info = merge_footers(info, _from_text(_linear_text("\n".join(scripts)), "script"))
    return replace(info, conac=_conac(raw), jiucuo_sitecode=_jiucuo_sitecode(raw))


def merge_footers(a: FooterInfo, b: FooterInfo) -> FooterInfo:
    """Combine two readings of one site's footer: field-wise first non-empty, conac OR.

    ``found_in`` is that of the reading that supplied the 标识码/ICP/公网安备 numbers
    (``a`` when both or neither did).
    """
    values: dict[str, object] = {f: getattr(a, f) or getattr(b, f) for f in _TEXT_FIELDS}
    for f in _TEXT_FIELDS:  # keep "" (label without value) over None
        if values[f] is None and (getattr(a, f) == "" or getattr(b, f) == ""):
            values[f] = ""
    a_numbers = any(getattr(a, f) for f in _NUMBER_FIELDS)
    b_numbers = any(getattr(b, f) for f in _NUMBER_FIELDS)
    found_in = b.found_in if b_numbers and not a_numbers else a.found_in
    return FooterInfo(**values, conac=a.conac or b.conac, found_in=found_in)  # type: ignore[arg-type]


_PLAUSIBLE_SITE_ID = re.compile(r"(?:\d{10}|bm\d{8})")
_PLAUSIBLE_ICP = re.compile(r"ICP备\d{6,}")


def needs_render(footer: FooterInfo) -> bool:
    """Whether only a browser can tell this footer's 网站标识码 and ICP: one is missing (or a
    label alone), or a value read out of a script does not look like one (a script that
    computes ``'0000' + seq`` is read statically as ``0000``)."""
    if not footer.site_id_code or not footer.icp:
        return True
    if footer.found_in != "script":
        return False
    site_id = re.sub(r"\s+", "", footer.site_id_code)
    return not (_PLAUSIBLE_SITE_ID.fullmatch(site_id) and _PLAUSIBLE_ICP.search(re.sub(r"\s+", "", footer.icp)))


# --- footer includes ---------------------------------------------------------------------
_FOOTER_NAME = re.compile(
    r"foot|bottom|copyright|dibu|banquan|(?:^|[_\-.])(?:wb|db|bq|tail)(?:[_\-.]|$)", re.I
)
_SHARED_NAME = re.compile(r"common|public|include", re.I)  # shared scripts that may write it
_FOOTER_CONTAINER = re.compile(r"foot|bottom|copyright|dibu|banquan", re.I)
_NOT_FOOTER = re.compile(r"jiucuo|conac", re.I)
_SRC_TAG = re.compile(r"<(script|iframe)\b([^>]*)>", re.I)
_SRC_ATTR = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_CONTAINER_OPEN = re.compile(
    r"<(?:div|footer|p|td|ul|section)\b[^>]*\b(?:class|id)\s*=\s*[\"']?([^\"'>]*)", re.I
)
_BASE_HREF = re.compile(r"""<base\b[^>]*\bhref\s*=\s*["']?([^"'\s>]+)""", re.I)
_SLD = frozenset({"gov", "com", "net", "org", "edu", "ac"})


def _site_key(host: str) -> str:
    """Registrable part of a host: shanghai.gov.cn for www.shanghai.gov.cn."""
    labels = host.lower().rstrip(".").split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SLD and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def footer_script_urls(html: str, base_url: str) -> list[str]:
    """Absolute URLs of same-site scripts and iframes that likely hold the page footer.

    Scripts qualify by file name (foot, footer, bottom, copyright, dibu, common, public,
    include …); iframes by path or by sitting in a footer/bottom container. Footer-named
    URLs come first, shared scripts (common.js, public.js) after them.
    """
    raw = _COMMENT.sub("", html or "")
    base = _BASE_HREF.search(raw)
    try:
        base_url = urljoin(base_url, base.group(1)) if base else base_url
        site = _site_key(urlsplit(base_url).hostname or "")
    except ValueError:
        return []
    containers = [(m.start(), m.group(1)) for m in _CONTAINER_OPEN.finditer(raw)]
    strong: list[str] = []
    weak: list[str] = []
    for m in _SRC_TAG.finditer(raw):
        src = _SRC_ATTR.search(m.group(2))
        value = next((v for v in src.groups() if v), "").strip() if src else ""
        if not value or value.startswith(("javascript:", "data:", "about:")):
            continue
        try:
            url = urljoin(base_url, _html.unescape(value))
            parts = urlsplit(url)
            host = parts.hostname or ""
        except ValueError:  # e.g. a malformed IPv6 literal
            continue
        if parts.scheme not in ("http", "https") or _site_key(host) != site:
            continue
        path = parts.path
        name = path.rsplit("/", 1)[-1]
        if _NOT_FOOTER.search(path):
            continue
        if m.group(1).lower() == "script":
            target = strong if _FOOTER_NAME.search(name) else weak if _SHARED_NAME.search(path) else None
        else:
            enclosing = [cls for pos, cls in containers if pos < m.start()][-3:]
            footerish = _FOOTER_NAME.search(path) or any(_FOOTER_CONTAINER.search(c) for c in enclosing)
            target = strong if footerish else None
        if target is not None and url not in strong and url not in weak:
            target.append(url)
    return strong + weak


# --- script-written HTML -----------------------------------------------------------------
_JS_PLAIN = re.compile(r"[^'\"`/]+")
_REGEX_PREV = set("(,=:[!&|?{};+-*%<>~^") | {""}  # a "/" after these starts a regex
_KEYWORD_END = re.compile(r"\b(?:return|typeof)$")
_JS_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "", "f": "", "v": "", "0": "", "\n": "", "\r\n": ""}
_SINK_CALL = re.compile(
    r"document\s*\.\s*write(?:ln)?\s*\("
    r"|\.\s*(?:html|append|prepend|before|after|replaceWith|insertAdjacentHTML)\s*\("
)
_SINK_ASSIGN = re.compile(r"\.\s*(?:innerHTML|outerHTML)\s*\+?=(?!=)")
_IDENT = re.compile(r"(?<![\w$.])[A-Za-z_$][\w$]*")
_ASSIGNMENT = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)\s*\+?=(?!=)")
_MAX_WRITTEN = 200_000  # characters of written HTML kept


def _js_unescape_literal(body: str) -> str:
    def repl(m: re.Match[str]) -> str:
        e = m.group(1)
        if e in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[e]
        if e[0] == "u" and len(e) > 1:
            code = int(e[2:-1] if e[1] == "{" else e[1:], 16)
            return chr(code) if code <= 0x10FFFF else ""
        if e[0] == "x" and len(e) == 3:
            return chr(int(e[1:], 16))
        return e

    return _JS_ESCAPE.sub(repl, body) if "\\" in body else body


def _js_strings(js: str) -> tuple[list[tuple[int, int, str]], str]:
    """Return the string literals of ``js`` as (start, end, value) and the code with
    strings, comments and regex literals blanked out (same length, for bracket matching)."""
    strings: list[tuple[int, int, str]] = []
    masked: list[str] = []
    i, n = 0, len(js)
    prev = ""  # last significant code character, to tell a regex literal from a division
    while i < n:
        m = _JS_PLAIN.match(js, i)
        if m:
            chunk = m.group()
            masked.append(chunk)
            stripped = chunk.rstrip()
            if stripped:
                prev = "(" if _KEYWORD_END.search(stripped) else stripped[-1]
            i = m.end()
            continue
        c = js[i]
        if c == "/" and js.startswith("//", i):
            j = js.find("\n", i)
            j = n if j < 0 else j
        elif c == "/" and js.startswith("/*", i):
            j = js.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif c == "/":
            if prev not in _REGEX_PREV:
                masked.append("/")
                prev = "/"
                i += 1
                continue
            j, in_class = i + 1, False
            while j < n and js[j] != "\n":
                if js[j] == "\\":
                    j += 1
                elif js[j] == "[":
                    in_class = True
                elif js[j] == "]":
                    in_class = False
                elif js[j] == "/" and not in_class:
                    break
                j += 1
            j += 1
            prev = "x"
        else:  # a string or template literal
            j, parts, start, depth = i + 1, [], i + 1, 0
            while j < n:
                ch = js[j]
                if ch == "\\":
                    j += 2
                    continue
                if c == "`" and ch == "$" and js.startswith("${", j) and depth == 0:
                    parts.append(js[start:j])
                    depth, j = 1, j + 2
                    while j < n and depth:
                        depth += {"{": 1, "}": -1}.get(js[j], 0)
                        j += 1
                    start = j
                    continue
                if ch == c or (ch == "\n" and c != "`"):
                    break
                j += 1
            parts.append(js[start:j])
            j = min(j + 1, n)
            strings.append((i, j, _js_unescape_literal("".join(parts))))
            prev = "x"
        masked.append(" " * (j - i))
        i = j
    return strings, "".join(masked)


def _span_end(code: str, start: int, *, call: bool) -> int:
    """End of a call's argument list (``call``) or of an assigned expression."""
    depth = 0
    for j in range(start, len(code)):
        ch = code[j]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                return j
        elif depth == 0 and not call:
            if ch == ";":
                return j
            if ch == "\n":
                before = code[start:j].rstrip()
                after = code[j:].lstrip()
                if before and before[-1] not in "+(,=?:" and not after.startswith(("+", ".", "?", ":")):
                    return j
    return len(code)


def _decode_wrapped(code: str, start: int, value: str) -> str:
    """Apply ``unescape(...)`` / ``decodeURIComponent(...)`` wrapping a literal."""
    head = code[max(0, start - 24):start].rstrip()
    if head.endswith("(") and re.search(r"unescape\s*\($", head):
        value = re.sub(r"%u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), value)
        return re.sub(r"%([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), value)
    if head.endswith("(") and re.search(r"decodeURI(?:Component)?\s*\($", head):
        return unquote(value)
    return value


def script_written_html(js: str) -> str:
    """Return the HTML a script writes into the page, as far as string literals show it.

    Covers ``document.write``/``writeln``, ``innerHTML =``/``+=``, jQuery ``.html()``,
    ``.append()`` and friends, with ``'a' + 'b'`` concatenation, variables built up with
    ``+=``, template literals, escapes and ``unescape("%3C…")``. Without any such sink,
    the HTML-looking literals of the script are returned in order.
    """
    if not js:
        return ""
    strings, code = _js_strings(js)
    if not strings:
        return ""
    starts = [s for s, _, _ in strings]
    assignments: dict[str, list[int]] = {}
    for m in _ASSIGNMENT.finditer(code):
        assignments.setdefault(m.group(1), []).append(m.end())
    variables: dict[str, list[str]] = {}

    def variable(name: str) -> list[str]:
        """Strings assigned to a variable anywhere in the script (``=`` and ``+=``)."""
        if name not in variables:
            variables[name] = []  # guards against self-reference (s = s + '…')
            out: list[str] = []
            for pos in assignments.get(name, ()):
                out.extend(expression(pos, _span_end(code, pos, call=False)))
            variables[name] = out
        return variables[name]

    def expression(lo: int, hi: int) -> list[str]:
        """Strings of an expression in source order, variables expanded."""
        parts: list[tuple[int, list[str]]] = []
        for k in range(bisect_left(starts, lo), len(strings)):
            s, e, v = strings[k]
            if e > hi:
                break
            parts.append((s, [_decode_wrapped(code, s, v)]))
        parts += [(m.start(), variable(m.group())) for m in _IDENT.finditer(code, lo, hi)]
        return [v for _, values in sorted(parts, key=lambda p: p[0]) for v in values]

    sinks = sorted(
        [(m.end(), True) for m in _SINK_CALL.finditer(code)]
        + [(m.end(), False) for m in _SINK_ASSIGN.finditer(code)]
    )
    pieces: list[str] = []
    size = 0
    for pos, call in sinks:
        written_here = expression(pos, _span_end(code, pos, call=call))
        pieces.extend(written_here)
        size += sum(map(len, written_here))
        if size > _MAX_WRITTEN:  # a footer is small; a huge output means a library script
            break
    written = "".join(pieces)[:_MAX_WRITTEN]
    if written.strip():
        return written
    literals = (_decode_wrapped(code, s, v) for s, _, v in strings)
    return "".join(v for v in literals if "<" in v or _HAN.search(v))
