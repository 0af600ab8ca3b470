"""Navigation extraction: the 信息公开 root, its column (栏目) links and URL shape tests.

Generic across CMS families (TRS WCM, 大汉 Hanweb JCMS, 集约化 / 开普云 Ucap, 新点 WebBuilder,
plain sites): decisions rest on link text, URL shape and page structure, never on one site.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

__all__ = [
    "ColumnLink",
    "classify_column",
    "find_column_tree",
    "frame_urls",
    "js_tree_nodes",
    "script_column_tree",
    "tree_data_urls",
    "find_column_links",
    "find_disclosure_root",
    "is_article_url",
    "is_attachment_url",
]

# --------------------------------------------------------------------------- shared helpers

_WS = re.compile(r"\s+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
_NON_LINK = ("javascript:", "mailto:", "tel:", "#", "about:", "data:", "vbscript:")


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """Parse decoded HTML into an lxml tree (whatever charset the page declares)."""
    if not html or not html.strip():
        return None
    html = _XML_DECL.sub("", html.replace("\x00", ""), count=1)
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return root


def base_href(root: lxml.html.HtmlElement, url: str) -> str:
    """The URL relative links resolve against: `<base href>` when present, else *url*."""
    for b in root.iter("base"):
        href = (b.get("href") or "").strip()
        if href and not href.lower().startswith(_NON_LINK):
            return urljoin(url, href)
        break
    return url


def resolve(href: str | None, base: str) -> str | None:
    """Absolute URL of *href* (fragment dropped), or None for script/mail/empty links."""
    if not href:
        return None
    href = href.strip()
    if not href or href.lower().startswith(_NON_LINK):
        return None
    if href.startswith(("http://", "https://")) and "/." not in href and " " not in href:
        url = href  # already absolute: urljoin would return it unchanged
    else:
        try:
            url = urljoin(base, href)
        except ValueError:
            return None
    hash_at = url.find("#")
    if hash_at >= 0:
        url = url[:hash_at]
    if not url.startswith(("http://", "https://")):
        return None
    return url


def norm_text(text: str | None) -> str:
    """Collapse runs of whitespace (incl. nbsp / ideographic space) and strip."""
    return _WS.sub(" ", text).strip() if text else ""


def host_key(url: str) -> str:
    """Host[:port] of *url*, lowercased, without a leading ``www.`` and default ports."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return ""
    if host.startswith("www."):
        host = host[4:]
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    return host


_ATTACHMENT = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|wps|et|dps|ofd|ceb|caj|txt|rtf|zip|rar|7z|gz|tar|"
    r"jpe?g|png|gif|bmp|tiff?|mp[34]|avi|wmv|flv|mov|swf|apk|exe)$",
    re.I,
)


def is_attachment_url(url: str) -> bool:
    """True for links to files (PDF, Office, archives, images, media) rather than pages."""
    path = url.split("#", 1)[0].split("?", 1)[0]
    return bool(_ATTACHMENT.search(path))


# --------------------------------------------------------------------------- article URLs

_ARTICLE_PATH = re.compile(
    r"""(?ix)
    (?: /t\d{8}_\d+(?:_\d+)?\.s?html?$                    # TRS  /202304/t20230417_123.html
      | /art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.s?html?$  # Hanweb JCMS
      | /content/m?post_\d+\.s?html?$                       # 广东集约化
      | /content_\d+\.s?html?$                              # gov.cn / 湘潭 style
      | /[0-9a-f]{32}\.s?html?$                             # 开普云 Ucap, 32-hex ids
      | /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.s?html?$  # 新点 UUIDs
      | /\d{4}/\d{2}-\d{2}/\d+\.s?html?$                    # /2023/04-17/123.html
      | /(?:19|20)\d{2}-\d{2}-\d{2}/\d+\.s?html?$            # 帝国CMS /2023-04-17/123.html
      | /(?:19|20)\d{2}/\d{4}/\d+\.s?html?$                  # DedeCMS /2023/0417/123.html
      | /\d{4}/\d{1,2}/\d{1,2}/\d+\.s?html?$                # /2023/4/17/123.html
      | /(?:19|20)\d{6}/\d+\.s?html?$                       # /20230417/123.html
      | /\d{12,20}\.s?html?$                                # snowflake ids
      | /info/\d+(?:/\d+)?\.(?:s?html?|jsp)$                # 博达 VSB /info/1051/12345.htm
    )
    """
)
_DETAIL_WORD = re.compile(r"(?i)(?:detail|show|view|article|content|info)")
_ID_PARAM = re.compile(
    r"(?i)(?:^|&)(?:id|\w*_id|\w*id)=(?:\d+|[0-9a-f]{16,}|[0-9a-f-]{36})(?:&|$)"
)


def is_article_url(url: str) -> bool:
    """True when *url* has a detail-page (article) shape of a known CMS family.

    TRS ``t20230417_123.html``, JCMS ``art/…/art_1_2.html``, 集约化 ``content/post_123.html``,
    ``content_123.html``, Ucap 32-hex ``.shtml``, ``/2023/04-17/123.html``, snowflake ids,
    ``info/…`` numeric ids and ``detail|show|view|article?id=123`` pages.
    Column and list pages (``index.html``, ``index_1.html``, ``col/col123/index.html``) are not.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    path = parts.path
    if _ARTICLE_PATH.search(path):
        return True
    if parts.query and _ID_PARAM.search(parts.query):
        last = path.rsplit("/", 1)[-1]
        if _DETAIL_WORD.search(last) or "/info/" in path.lower():
            return True
    return False


# --------------------------------------------------------------------------- disclosure root

_ROOT_TERMS = ("政府信息公开", "信息公开", "政务公开", "公开目录", "信息公开目录")
_ROOT_EXCLUDE = re.compile(r"依申请|申请|指南|年报|年度报告|报告|制度|规定|办法|条例|通知|意见|工作要点|平台链接")


def _link_label(a: lxml.html.HtmlElement) -> str:
    """Visible text of a link without whitespace; falls back to title / img alt."""
    text = _WS.sub("", a.text_content() or "")
    if not text:
        text = _WS.sub("", a.get("title") or "")
    if not text:
        for img in a.iter("img"):
            text = _WS.sub("", img.get("alt") or img.get("title") or "")
            if text:
                break
    return text


def find_disclosure_root(html: str, base_url: str) -> str | None:
    """URL of the 信息公开 root linked from a portal home page, or None.

    Link texts (whitespace removed) are ranked 政府信息公开 > 信息公开 > 政务公开 >
    公开目录/信息公开目录; exact matches beat texts that merely contain a term. Links to
    依申请公开, 信息公开指南, 年报 and article pages are ignored.
    """
    root = parse_html(html)
    if root is None:
        return None
    base = base_href(root, base_url)
    best: tuple[int, str] | None = None
    for a in root.iter("a"):
        url = resolve(a.get("href"), base)
        if url is None or is_attachment_url(url) or is_article_url(url):
            continue
        label = _link_label(a)
        if not label or len(label) > 20 or _ROOT_EXCLUDE.search(label):
            continue
        rank = None
        for i, term in enumerate(_ROOT_TERMS):
            if label == term:
                rank = min(i, 3)  # 公开目录 and 信息公开目录 share a rank
                break
        if rank is None:
            for i, term in enumerate(_ROOT_TERMS):
                if term in label:
                    rank = 10 + min(i, 3)
                    break
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, url)
            if rank == 0:
                break
    return best[1] if best else None


# --------------------------------------------------------------------------- column links

_NAV_STOP = frozenset(
    s.lower()
    for s in (
        "首页", "网站首页", "返回首页", "主页", "网站地图", "站点地图", "无障碍", "无障碍浏览",
        "无障碍阅读", "长者模式", "关怀版", "适老化", "退出长者模式", "english", "en", "登录",
        "注册", "个人登录", "法人登录", "用户登录", "退出", "注销", "繁体", "繁體", "繁体版",
        "简体", "简体版", "手机版", "移动版", "联系我们", "关于我们", "关于本网", "网站声明",
        "隐私声明", "隐私政策", "版权声明", "使用帮助", "帮助", "纠错", "我要纠错", "设为首页",
        "加入收藏", "收藏本站", "打印", "打印本页", "关闭", "关闭窗口", "返回顶部", "返回",
        "更多", "more", "微博", "微信", "政务微博", "政务微信", "官方微博", "官方微信", "rss",
        "订阅", "搜索", "高级检索", "站内搜索", "读屏", "智能问答", "下一页", "上一页", "尾页",
        "末页", "当前位置", "头条号", "抖音", "政务新媒体", "网站导航",
    )
)
_MORE_TEXT = re.compile(r"^(?:更多|more|>>|»)", re.I)

_CHROME_TOKEN = re.compile(
    r"""(?ix)^(?:
        (?:g|site|page|web|wrap|main|top|x)?[-_]?(?:header|head|footer|foot|bottom|copyright|copy)(?:[-_].*|\d*)
      | top(?:[-_]?(?:bar|nav|menu|link|links|box|wrap))?\d*
      | (?:main|top|site|head|header|global|g)[-_]?nav(?:bar)?\d*
      | navbar | banner\w*
      | (?:\w+[-_])?(?:bread|breadcrumbs?|crumbs?|pos|position|location|weizhi|dqwz|curpos|nowpos)(?:[-_]\w+|\d*)
    )$"""
)
_SIDE_TOKEN = re.compile(r"(?i)left|side|tree|xxgk|zwgk|gk[-_]?nav|sub[-_]?nav|catalog|lanmu|(?:^|\s)lm(?:$|[-_\s])")
_CHROME_HINT = re.compile(r"(?i)head|foot|top|bottom|copy|nav|banner|crumb|bread|pos|location|weizhi|dqwz")
_HOME_TEXT = frozenset(("首页", "网站首页", "返回首页", "主页"))
_NON_CONTENT_TAGS = ("style", "noscript", "template", "select", "textarea")
_TEMPLATE_ATTRS = etree.XPath("//@ms-repeat | //@ms-for | //@v-for | //@ms-each | //@ng-repeat")
_CHROME_CANDIDATES = etree.XPath("//*[@class or @id] | //header | //footer")
_NAME_KEYS = ("name", "text", "title", "chnlname", "channelname", "label")
_URL_KEYS = ("url", "href", "link", "chnlurl", "channelurl", "linkurl")
_JS_HINT = re.compile(r"(?i)\b(?:url|href|link|chnlurl|channelurl|linkurl)[\"']?\s*:")
_INDEX_FILE = re.compile(r"/(?:index|default)\.(?:s?html?|jsp|php|aspx?)$", re.I)
_INDEX_NAME = re.compile(r"(?:index|default)\.\w+", re.I)
_JS_OBJECT = re.compile(r"\{[^{}]{0,2000}?\}")
_JS_PAIR = re.compile(r"""(?i)["']?(\w+)["']?\s*:\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")


class _SideIndex:
    """Side-menu and page-chrome marks of a page's elements (computed once per page)."""

    __slots__ = ("marked", "containing", "chrome")

    def __init__(self, root: lxml.html.HtmlElement) -> None:
        self.marked: set = set()
        self.containing: set = set()
        self.chrome: list = []
        for el in _CHROME_CANDIDATES(root):
            tag = el.tag
            cls = el.get("class") or ""
            ident = el.get("id") or ""
            joined = f"{cls} {ident}"
            if _SIDE_TOKEN.search(joined):
                self.marked.add(el)
                for anc in el.iterancestors():
                    if anc in self.containing:
                        break
                    self.containing.add(anc)
            if tag in ("header", "footer") or (
                _CHROME_HINT.search(joined) and tag not in ("html", "body")
                and any(_CHROME_TOKEN.match(t) for t in joined.split())
            ):
                self.chrome.append(el)

    def has_marker(self, el: lxml.html.HtmlElement, include_self: bool = True) -> bool:
        """True when *el* (if *include_self*) or one of its descendants is side-marked."""
        return el in self.containing or (include_self and el in self.marked)

    def in_side_box(self, el: lxml.html.HtmlElement, levels: int = 4) -> bool:
        """True when one of the nearest *levels* ancestors is side-marked."""
        for i, anc in enumerate(el.iterancestors()):
            if i >= levels or anc.tag in ("body", "html"):
                return False
            if anc in self.marked:
                return True
        return False


def _is_link_row(tr: lxml.html.HtmlElement) -> bool:
    """True for a table row of three or more cells holding one or two links each (a nav bar)."""
    cells = [c for c in tr if c.tag in ("td", "th")]
    if len(cells) < 3:
        return False
    return all(sum(1 for _ in c.iter("a")) <= 2 for c in cells)


def _portal_nav_blocks(root: lxml.html.HtmlElement, side: _SideIndex) -> set[lxml.html.HtmlElement]:
    """Lists (ul/ol/nav, link-per-cell table rows) holding a 首页 link: portal-wide nav bars."""
    blocks: set[lxml.html.HtmlElement] = set()
    for a in root.iter("a"):
        if _WS.sub("", a.text_content() or "") not in _HOME_TEXT:
            continue
        for anc in a.iterancestors():
            tag = anc.tag
            if tag in ("ul", "ol", "nav", "dl") or tag == "tr" and _is_link_row(anc):
                n = sum(1 for _ in anc.iter("a"))
                if 3 <= n <= 60 and not side.has_marker(anc) and not side.in_side_box(anc):
                    blocks.add(anc)
                break
            if tag in ("body", "table", "tr"):
                break
    return blocks


_BARE_QUOTE = re.compile(r'(?<!\\)"')


def _decode_js(s: str) -> str:
    """Undo JS/JSON string escapes (``\\u673a``, ``\\/``)."""
    if "\\" not in s:
        return s
    try:
        return json.loads('"' + _BARE_QUOTE.sub('\\"', s) + '"')
    except ValueError:
        return s.replace("\\/", "/")


_ID_KEYS = ("id", "chnlid", "channelid", "columnid", "nodeid", "code")
_PARENT_KEYS = ("pid", "parentid", "parent_id", "parentchnlid", "parentcode", "fid", "upid")


def _node_fields(node: dict) -> tuple[str | None, str | None, object, object]:
    """(name, href, id, parent id) of a tree node object, by the usual key names."""
    lower = {str(k).lower(): v for k, v in node.items()}
    name = next((lower[k] for k in _NAME_KEYS if isinstance(lower.get(k), str) and lower[k].strip()), None)
    href = next((lower[k] for k in _URL_KEYS if isinstance(lower.get(k), str) and lower[k].strip()), None)
    ident = next((lower[k] for k in _ID_KEYS if isinstance(lower.get(k), (str, int))), None)
    parent = next((lower[k] for k in _PARENT_KEYS if isinstance(lower.get(k), (str, int))), None)
    return name, href, ident, parent


def _walk_tree(value: object, parent: str | None, out: list, ids: dict) -> None:
    """Collect (name, href, nesting parent href, parent id) of every node under *value*."""
    if isinstance(value, list):
        for x in value:
            _walk_tree(x, parent, out, ids)
        return
    if not isinstance(value, dict):
        return
    name, href, ident, pid = _node_fields(value)
    here = parent
    if name and href:
        out.append((norm_text(name), href.strip(), parent, pid))
        if ident not in (None, ""):
            ids.setdefault(str(ident), href.strip())
        here = href.strip()
    for child in value.values():
        if isinstance(child, (list, dict)):
            _walk_tree(child, here, out, ids)


def js_tree_nodes(script: str) -> list[tuple[str, str, str | None]]:
    """(name, href, parent href) of the nodes of a JS/JSON menu tree (zTree ``zNodes``,
    channel JSON with ``children``); the parent comes from nesting or from ``id``/``pId``."""
    from spiders.extract.jsdata import js_literals

    found: list[tuple[str, str, str | None, object]] = []
    ids: dict[str, str] = {}
    for literal in js_literals(script):
        if isinstance(literal, (list, dict)):
            _walk_tree(literal, None, found, ids)
    if not found:
        return [(name, href, None) for name, href in _js_tree_links(script)]
    out = []
    for name, href, parent, pid in found:
        if parent is None and pid not in (None, "", 0, "0"):
            parent = ids.get(str(pid))
        out.append((name, href, parent if parent != href else None))
    return out


def _js_tree_links(script: str) -> list[tuple[str, str]]:
    """(name, href) pairs of innermost JS objects (for scripts that do not parse as literals)."""
    out: list[tuple[str, str]] = []
    for m in _JS_OBJECT.finditer(script):
        name = href = None
        for k, v1, v2 in _JS_PAIR.findall(m.group(0)):
            key = k.lower()
            val = v1 or v2
            if name is None and key in _NAME_KEYS:
                name = val
            elif href is None and key in _URL_KEYS:
                href = val
        if name and href:
            out.append((_decode_js(name), _decode_js(href)))
    return out


def _canon(url: str) -> str:
    """A URL key with ``index.*`` / ``default.*`` file names folded onto their directory."""
    parts = urlsplit(url)
    path = _INDEX_FILE.sub("/", parts.path or "/")
    return f"{host_key(url)}{path}?{parts.query}"


def _column_label(text: str) -> str | None:
    """The column name for a link text, or None when it is not a plausible column name."""
    label = _WS.sub("", text)
    if not (2 <= len(label) <= 20):
        return None
    low = label.lower()
    if low in _NAV_STOP or _MORE_TEXT.match(low) or label.isdigit() or _DATE_NEAR.search(label):
        return None
    return label


_DATE_NEAR = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|[\[(（]\s*\d{1,2}[-/]\d{1,2}\s*[\])）]")


def _in_dated_row(a: lxml.html.HtmlElement) -> bool:
    """True when the link sits in a list row next to a date (an article entry, not a column)."""
    own = a.text_content() or ""
    el = a
    for _ in range(2):
        el = el.getparent()
        if el is None or el.tag in ("body", "html"):
            return False
        if sum(1 for _ in el.iter("a")) > 2:
            return False
        text = (el.text_content() or "").replace(own, " ", 1)
        if _DATE_NEAR.search(text):
            return True
    return False


def _walk(root: lxml.html.HtmlElement, skip: set) -> Iterator[lxml.html.HtmlElement]:
    """Elements of *root* in document order, not descending into elements of *skip*."""
    stack = [root]
    while stack:
        el = stack.pop()
        if el in skip:
            continue
        yield el
        kids = [c for c in el if isinstance(c.tag, str)]
        kids.reverse()
        stack.extend(kids)


def _menu_block(a: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The menu a link belongs to: its outermost enclosing list, else its nearest box."""
    outer = None
    for anc in a.iterancestors():
        tag = anc.tag
        if tag in ("ul", "ol", "dl"):
            outer = anc
        elif tag in ("div", "nav", "td", "section", "aside", "table", "body", "form"):
            if outer is not None:
                return outer
            return anc if tag in ("div", "nav", "td", "section", "aside") else None
    return outer


def _scope_dir(path: str) -> str:
    """The directory part of a URL path (``/a/b/index.html`` -> ``/a/b/``)."""
    return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"


def _under(path: str, scope: str) -> bool:
    """True when *path* is strictly below directory *scope* (not the directory's own index)."""
    if not path.startswith(scope) or len(path) == len(scope):
        return False
    return not _INDEX_NAME.fullmatch(path[len(scope):])


# (name, url, kind, menu block, parent URL); kind: "a" | "js" | "iframe"
_Found = tuple[str, str, str, "lxml.html.HtmlElement | None", "str | None"]


def _single_link(el: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """*el* when it is a link, else its only link (None for none or several)."""
    if el.tag == "a":
        return el
    links = list(el.iter("a"))
    return links[0] if len(links) == 1 else None


def _dom_parent(a: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The link heading the list that holds *a*: ``<li><a>政策文件</a><ul>…</ul></li>``,
    ``<dt><a>…</a></dt><dd>…</dd>`` or a one-link title right before the list."""
    lst = None
    for anc in a.iterancestors():
        if anc.tag in ("ul", "ol", "dd"):
            lst = anc
            break
        if anc.tag in ("body", "html", "table"):
            return None
    if lst is None:
        return None
    if lst.tag == "dd":
        for sib in lst.itersiblings(preceding=True):
            if sib.tag == "dt":
                return _single_link(sib)
            if sib.tag != "dd":
                break
        return None
    looked = 0
    for sib in lst.itersiblings(preceding=True):
        if not isinstance(sib.tag, str):
            continue
        if sib.tag in ("ul", "ol", "table") or looked >= 2:
            break
        looked += 1
        head = _single_link(sib)
        if head is not None:
            return head
    return None


def _scope_to_section(links: list[_Found], base_url: str) -> list[_Found]:
    """Keep only menu blocks touching the page's section directory when it holds >= 5 links."""
    scope = _scope_dir(urlsplit(base_url).path or "/")
    paths = [(urlsplit(u).path or "/", blk) for _, u, kind, blk, _ in links if kind == "a"]
    while scope != "/":
        inside = [blk for p, blk in paths if _under(p, scope)]
        if len(inside) >= 5:
            blocks = {id(b) for b in inside if b is not None}
            return [
                item for item in links
                if item[2] != "a"
                or _under(urlsplit(item[1]).path or "/", scope)
                or (item[3] is not None and id(item[3]) in blocks)
            ]
        scope = _scope_dir(scope[:-1])
    return links


@dataclass(frozen=True)
class ColumnLink:
    """A column link of a menu or tree; ``parent`` is the URL of the menu entry it sits
    under (nested list, ``dt``/``dd``, JS tree ``children`` or ``pId``), None at the top."""

    name: str
    url: str
    parent: str | None = None


def find_column_links(html: str, base_url: str) -> list[tuple[str, str]]:
    """(name, absolute URL) of the column links on a 信息公开 root or column page
    (:func:`find_column_tree` without the nesting)."""
    return [(c.name, c.url) for c in find_column_tree(html, base_url)]


def find_column_tree(html: str, base_url: str) -> list[ColumnLink]:
    """The column links on a 信息公开 root or column page, with their menu nesting.

    Collects the left tree / menu / tabs, nested menus, JS/JSON trees (``zNodes``) and
    ``<iframe src>`` list pages, in document order, deduplicated by URL. A column link is on
    the page's host, has a 2–20 character name, is neither an article nor an attachment and is
    not portal chrome (header, footer, breadcrumb, the 首页 nav bar, 网站地图, 无障碍, 登录 …).
    When five or more links live under the page's own section directory (e.g. ``/zwgk/xxgk/``),
    only the menu blocks holding such links are kept, which drops unrelated portal menus.
    """
    root = parse_html(html)
    if root is None:
        return []
    base = base_href(root, base_url)
    side = _SideIndex(root)
    skip: set[lxml.html.HtmlElement] = set(root.iter(*_NON_CONTENT_TAGS))
    skip.update(attr.getparent() for attr in _TEMPLATE_ATTRS(root))
    skip.update(el for el in side.chrome if not side.has_marker(el, include_self=False))
    skip |= _portal_nav_blocks(root, side)

    found: list[_Found] = []
    for el in _walk(root, skip):
        tag = el.tag
        if tag == "a" or (tag in _SCRIPTED_TAGS and _scripted_href(el)):
            url = resolve(el.get("href"), base) or resolve(_scripted_href(el), base)
            if url is None:
                continue
            label = _column_label(_link_label(el))
            if label and not _in_dated_row(el):
                head = _dom_parent(el)
                parent = resolve(head.get("href"), base) if head is not None else None
                found.append((label, url, "a", _menu_block(el), parent))
        elif tag == "iframe":
            url = resolve(el.get("src"), base)
            if url:
                name = _WS.sub("", el.get("title") or "") or _WS.sub("", el.get("name") or "")
                found.append((name, url, "iframe", None, None))
        elif tag == "script":
            found.extend(_script_columns(el.text or "", base))
            found.extend(_written_columns(el.text or "", base))
    return _finish(found, base_url)


_WRITES = re.compile(r"document\s*\.\s*write|innerHTML|\.html\s*\(|\.append\s*\(")


_SCRIPTED_TAGS = frozenset(("li", "span", "div", "td", "dt", "dd", "button"))
_NAVIGATE = re.compile(r"""(?:location(?:\.href)?\s*=|window\.open\s*\(|location\.assign\s*\()\s*['"]([^'"]+)['"]""")


def _scripted_href(el: lxml.html.HtmlElement) -> str | None:
    """The target of a tab or menu entry that navigates by script or data attribute:
    ``onclick="location.href='/xxgk/zcwj/'"``, ``data-url="/xxgk/zcwj/"``."""
    for attr in ("data-url", "data-href", "data-link"):
        if el.get(attr):
            return el.get(attr)
    m = _NAVIGATE.search(el.get("onclick") or "")
    return m.group(1) if m else None


def _written_columns(script: str, base: str) -> list[_Found]:
    """Column candidates of a menu an inline script writes (``document.write('<li><a …')``)."""
    if "<a" not in script or not _WRITES.search(script):
        return []
    from spiders.extract.footer import script_written_html

    written = script_written_html(script)
    root = parse_html(f"<html><body>{written}</body></html>") if "<a" in written else None
    out: list[_Found] = []
    for a in root.iter("a") if root is not None else ():
        url = resolve(a.get("href"), base)
        label = _column_label(_link_label(a))
        if url and label and not _in_dated_row(a):
            head = _dom_parent(a)
            parent = resolve(head.get("href"), base) if head is not None else None
            out.append((label, url, "a", None, parent))
    return out


def _script_columns(script: str, base: str) -> list[_Found]:
    """Column candidates of a JS/JSON menu tree."""
    if len(script) <= 20 or not _JS_HINT.search(script):
        return []
    out: list[_Found] = []
    for name, href, parent in js_tree_nodes(script):
        url = resolve(href, base)
        label = _column_label(name)
        if url and label:
            out.append((label, url, "js", None, resolve(parent, base) if parent else None))
    return out


def _finish(found: list[_Found], base_url: str) -> list[ColumnLink]:
    """Drop off-site, article, attachment and self links, scope to the section, dedupe, and
    keep a parent only when it is itself one of the columns found."""
    host = host_key(base_url)
    self_key = _canon(base_url)
    kept = [
        item for item in found
        if host_key(item[1]) == host
        and not is_attachment_url(item[1])
        and not is_article_url(item[1])
        and _canon(item[1]) != self_key
    ]
    kept = _scope_to_section(kept, base_url)
    first: dict[str, str] = {}
    for _name, url, *_ in kept:
        first.setdefault(_canon(url), url)
    out: list[ColumnLink] = []
    seen: set[str] = set()
    for name, url, _kind, _block, parent in kept:
        key = _canon(url)
        if key in seen:
            continue
        seen.add(key)
        parent_key = _canon(parent) if parent else None
        out.append(ColumnLink(name, url, first.get(parent_key) if parent_key != key else None))
    return out


def script_column_tree(script: str, page_url: str) -> list[ColumnLink]:
    """The columns of a menu tree held in a fetched JS or JSON file included by *page_url*."""
    return _finish(_script_columns(script, page_url), page_url)


_LIBRARY = re.compile(
    r"(?i)(?:^|[/._-])(?:jquery|jq|bootstrap|vue|react|angular|layui|layer|swiper|echarts|"
    r"lodash|moment|axios|require|sea|polyfill|html5shiv|respond|modernizr|md5|base64|"
    r"crypto|analytics|stat|count|share|wza|wzaobj|conac|jiucuo|slide|scroll|lazyload|"
    r"placeholder|cookie|zoom|laydate|datepicker|select2|superslide|flexslider|"
    r"ztree\.(?:core|excheck|exedit)|z?tree\.min)(?:[._-]|$)")
_TREE_NAME = re.compile(r"(?i)tree|menu|nav|lanmu|column|chnl|channel|catalog|node|data|"
                        r"xxgk|gkml|mulu|dir|lm")
_TREE_BOX = re.compile(r"(?i)ztree|tree|menu|catalog|lanmu|mulu")
_DATA_URL = re.compile(r"""["']([^"'\s]+\.json(?:\?[^"'\s]*)?)["']""")
_SCRIPT_SRC = re.compile(r"""<script\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)""", re.I)


def tree_data_urls(html: str, base_url: str) -> list[str]:
    """Same-site JS and JSON files that may hold the page's column tree.

    ``.json`` files named in inline scripts, and included scripts whose name suggests data
    (tree, menu, nav, channel, xxgk …) or, when the page has an empty tree box, every
    same-site script that is not a known library (jQuery, layui, zTree's own code …).
    """
    if not html:
        return []
    host = host_key(base_url)
    empty_box = False
    root = parse_html(html)
    if root is not None:
        for el in root.iter():
            if isinstance(el.tag, str) and el.tag not in ("script", "style") and \
                    _TREE_BOX.search(f"{el.get('class') or ''} {el.get('id') or ''}") and \
                    not any(True for _ in el.iter("a")):
                empty_box = True
                break
    out: list[str] = []
    for m in _SCRIPT_SRC.finditer(html):
        url = resolve(m.group(1), base_url)
        if url is None or host_key(url) != host:
            continue
        name = urlsplit(url).path.rsplit("/", 1)[-1]
        if _LIBRARY.search(name):
            continue
        if empty_box or _TREE_NAME.search(name):
            out.append(url)
    for m in _DATA_URL.finditer(html):
        url = resolve(m.group(1), base_url)
        if url and host_key(url) == host:
            out.append(url)
    return list(dict.fromkeys(out))


def frame_urls(html: str, base_url: str) -> list[str]:
    """Same-site ``<iframe>`` / ``<frame>`` sources of a page (list and tree frames)."""
    root = parse_html(html)
    if root is None:
        return []
    host = host_key(base_url)
    base = base_href(root, base_url)
    out = []
    for el in root.iter("iframe", "frame"):
        url = resolve(el.get("src"), base)
        if url and host_key(url) == host and not is_attachment_url(url):
            out.append(url)
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------- classification


def classify_column(name: str, types: dict[str, list[str]]) -> str:
    """The type id whose keywords match the column *name*; the longest keyword wins.

    Ties go to the type listed first; ``"other"`` when no keyword occurs in the name.
    """
    label = _WS.sub("", name or "")
    best_id, best_len = "other", 0
    for type_id, keywords in types.items():
        for kw in keywords or ():
            k = _WS.sub("", kw)
            if k and len(k) > best_len and k in label:
                best_id, best_len = type_id, len(k)
    return best_id
