"""List pages a browser gets from a JSON API: find the calls in page scripts, read the answers.

集约化 / 开普云 / 新点 pages often ship an empty ``<ul id="list">`` and fill it from
``$.ajax({url: "/api/list", type: "POST", data: {channel: channelId, page: 1}})``. Without
running the script, :func:`find_api_calls` reads such calls (``$.ajax``, ``$.post``,
``$.get``, ``$.getJSON``, ``axios``, ``fetch``) from the inline scripts, resolving
``var channelId = "zcwj"`` and string concatenations; :func:`parse_api_list` reads the JSON
answer (a JSONP wrapper is tolerated) into list entries and the page count, and
:func:`api_page_calls` gives the calls for the other pages.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from spiders.extract.dates import parse_date
from spiders.extract.jsdata import JsExpr, js_variables, parse_value, resolve_value
from spiders.extract.listing import ListItem
from spiders.extract.navigation import host_key, is_attachment_url, norm_text

__all__ = ["ApiCall", "ApiList", "find_api_calls", "parse_api_list", "api_page_calls", "page_size_of",
           "script_fills_list"]

MAX_CALLS = 4  # list API calls taken from one page


@dataclass(frozen=True)
class ApiCall:
    """One request a page script sends: absolute URL, method and parameters.

    ``url_template`` is a ``(prefix, key, suffix)`` by which the script turns a record
    without a URL into one (``'/detail.html?id=' + item.id``).
    """

    url: str
    method: str = "GET"
    params: tuple[tuple[str, str], ...] = ()
    json_body: bool = False
    page_key: str | None = None
    url_template: tuple[str, str, str] | None = None

    @property
    def identity(self) -> str:
        """The call as one URL (parameters in the query string): the page's identity."""
        if not self.params:
            return self.url
        parts = urlsplit(self.url)
        query = "&".join(filter(None, [parts.query, urlencode(self.params)]))
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))

    def to_json(self) -> dict:
        return {"url": self.url, "method": self.method, "params": [list(p) for p in self.params],
                "json_body": self.json_body, "page_key": self.page_key,
                "url_template": list(self.url_template) if self.url_template else None}

    @classmethod
    def from_json(cls, data: dict) -> "ApiCall":
        return cls(data["url"], data["method"], tuple(tuple(p) for p in data["params"]),
                   data["json_body"], data["page_key"],
                   tuple(data["url_template"]) if data.get("url_template") else None)


@dataclass(frozen=True)
class ApiList:
    items: list[ListItem] = field(default_factory=list)
    total_pages: int | None = None
    is_list: bool = False  # the answer held a list of records at all


# --------------------------------------------------------------------------- finding calls

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_CALL = re.compile(
    r"(?:\$|jQuery)\s*\.\s*(?P<jq>ajax|post|get|getJSON)\s*\("
    r"|\baxios\s*(?:\.\s*(?P<ax>get|post|request))?\s*\("
    r"|\bfetch\s*\(")
_PAGE_KEYS = ("page", "pageno", "pagenum", "pageindex", "curpage", "currpage", "currentpage",
              "pagenumber", "page_no", "page_num", "pagecurrent", "p", "pn", "pg", "cp")
_LISTISH = re.compile(r"(?i)list|search|query|page|article|doc|info|news|channel|column|chnl|catalog|lm|xxgk|gk")
_NOT_LIST = re.compile(r"(?i)count|visit|hits|click|stat|log|login|user|captcha|token|weather|"
                       r"\.(?:js|css|png|jpe?g|gif|svg|ico|woff2?)(?:$|\?)")
_TEMPLATE = re.compile(
    r"""(['"])((?:(?!\1).)*?[/?=&_](?:(?!\1).)*?)\1\s*\+\s*[\w$]+(?:\[[^\]]{1,10}\])?\.([A-Za-z_]\w*)"""
    r"""(?:\s*\+\s*(['"])((?:(?!\4).)*)\4)?""")


def _args(script: str, pos: int, env: dict[str, Any]) -> list[Any]:
    """The argument values of a call whose opening parenthesis ends at ``pos``."""
    out: list[Any] = []
    while len(out) < 3:
        found = parse_value(script, pos)
        if found is None:
            break
        value, pos = found
        out.append(value)
        while pos < len(script) and script[pos] in " \t\r\n":
            pos += 1
        if pos >= len(script) or script[pos] != ",":
            break
        pos += 1
    return out


def _text(value: Any, env: dict[str, Any]) -> str | None:
    value = resolve_value(value, env)
    return value if isinstance(value, str) else None


def _params(value: Any, env: dict[str, Any]) -> tuple[list[tuple[str, str]], bool]:
    """(parameters, sent as JSON) of a ``data`` / ``params`` / ``body`` value."""
    as_json = False
    if isinstance(value, JsExpr):
        m = re.fullmatch(r"JSON\s*\.\s*stringify\s*\((.*)\)", value.text, re.S)
        if m:
            found = parse_value(m.group(1))
            value, as_json = (found[0] if found else resolve_value(JsExpr(m.group(1).strip()), env)), True
        else:
            value = resolve_value(value, env)
    if isinstance(value, str):
        return parse_qsl(value, keep_blank_values=True), False
    if not isinstance(value, dict):
        return [], as_json
    out = []
    for key, raw in value.items():
        resolved = resolve_value(raw, env)
        if resolved is None and key.lower() in _PAGE_KEYS:
            resolved = 1  # the page a function was called for: the first one
        if isinstance(resolved, bool):
            resolved = str(resolved).lower()
        if isinstance(resolved, (str, int, float)):
            out.append((str(key), str(resolved)))
    return out, as_json


def _page_key(params: list[tuple[str, str]], url: str) -> str | None:
    for key, value in params + parse_qsl(urlsplit(url).query):
        if key.lower() in _PAGE_KEYS and value.isdigit():
            return key
    return None


def _template(script: str) -> tuple[str, str, str] | None:
    """The ``'/detail?id=' + rec.id`` URL template of a script, if any."""
    for m in _TEMPLATE.finditer(script):
        prefix = m.group(2)
        if "<" in prefix or ">" in prefix or " " in prefix:
            continue
        suffix = m.group(5) or ""
        return prefix, m.group(3), suffix if re.fullmatch(r"[\w./?=&%-]*", suffix) else ""
    return None


def _call_of(kind: str, args: list[Any], env: dict[str, Any]) -> tuple[str, str, list, bool] | None:
    """(url, method, params, json body) of one call, when its URL is known."""
    method = "POST" if kind in ("post", "axios_post") else "GET"
    if not args:
        return None
    first = args[0]
    options: dict = {}
    if isinstance(first, dict):
        options = first
        url = _text(first.get("url"), env)
    else:
        url = _text(first, env)
        if len(args) > 1:
            options = args[1] if isinstance(args[1], dict) else {"data": args[1]}
    if not url:
        return None
    if kind == "fetch":
        body = options.get("body")
        params, as_json = _params(body, env) if body is not None else ([], False)
    elif kind.startswith("axios") and "params" in options:
        params, as_json = _params(options["params"], env)
    else:
        params, as_json = _params(options.get("data", options.get("params")), env)
        if kind.startswith("axios") and method == "POST":
            as_json = True
    declared = _text(options.get("type") or options.get("method"), env) if options else None
    if declared:
        method = declared.upper()
    if method not in ("GET", "POST"):
        return None
    return url, method, params, as_json


def find_api_calls(html: str, base_url: str) -> list[ApiCall]:
    """List-API calls of the page's inline scripts, on the page's own site (at most 4).

    A call qualifies when its URL or parameters look like a list (list, search, page,
    channel … or a page-number parameter) and not like a counter, a login or an asset.
    """
    if not html:
        return []
    scripts = [body for attrs, body in _SCRIPT.findall(html)
               if not _SRC.search(attrs) and "json" not in attrs.lower() and "text/xml" not in attrs.lower()]
    env: dict[str, Any] = {}
    for body in scripts:
        for name, value in js_variables(body).items():
            env.setdefault(name, value)
    host = host_key(base_url)
    out: list[ApiCall] = []
    seen: set[str] = set()
    for body in scripts:
        for m in _CALL.finditer(body):
            kind = m.group("jq") or (("axios_" + m.group("ax")) if m.group("ax") else
                                     "axios" if "axios" in m.group(0) else "fetch")
            kind = {"getJSON": "get"}.get(kind, kind)
            found = _call_of(kind, _args(body, m.end(), env), env)
            if found is None:
                continue
            url, method, params, as_json = found
            absolute = urljoin(base_url, url.strip())
            if host_key(absolute) != host or urlsplit(absolute).scheme not in ("http", "https"):
                continue
            hint = absolute + " " + " ".join(k for k, _ in params)
            page_key = _page_key(params, absolute)
            if _NOT_LIST.search(urlsplit(absolute).path) or \
                    not (page_key or _LISTISH.search(hint)) or is_attachment_url(absolute):
                continue
            call = ApiCall(absolute, method, tuple(params), as_json, page_key,
                           _template(body))
            if call.identity not in seen:
                seen.add(call.identity)
                out.append(call)
            if len(out) >= MAX_CALLS:
                return out
    return out


# --------------------------------------------------------------------------- reading answers

def _norm_key(key: str) -> str:
    return key.lower().replace("_", "").replace("-", "")


_TITLE_KEYS = ("title", "doctitle", "articletitle", "infotitle", "showtitle", "maintitle",
               "fulltitle", "subject", "bt", "wzbt", "name")
_URL_KEYS = ("url", "docpuburl", "puburl", "linkurl", "link", "href", "detailurl", "weburl",
             "pageurl", "docurl", "articleurl", "infourl", "path")
_DATE_KEYS = ("pubdate", "publishdate", "publishtime", "pubtime", "releasedate", "releasetime",
              "reltime", "docreltime", "fbrq", "fbsj", "fwrq", "date", "time", "createtime",
              "createdate", "created", "ctime", "inputtime", "writetime", "docdate", "updatetime")
_TOTAL_PAGES = ("totalpage", "totalpages", "pagecount", "pages", "totalpagenum", "pagetotal")
_TOTAL_RECORDS = ("total", "totalcount", "totalrecord", "totalrecords", "recordcount",
                  "totalelements", "totalnum", "totalsize", "count", "totalrow", "totalrows")
_PAGE_SIZE = ("pagesize", "size", "rows", "perpage", "limit", "pagerows", "numperpage")
_JSONP = re.compile(r"^\s*[\w$.]+\s*\(\s*(.*?)\s*\)\s*;?\s*$", re.S)
_CHINA = dt.timezone(dt.timedelta(hours=8))


def _load(text: str) -> Any:
    text = text.strip().lstrip("\ufeff")
    if not text:
        return None
    if text[0] not in "[{":
        m = _JSONP.match(text)
        if not m:
            return None
        text = m.group(1)
    try:
        return json.loads(text)
    except ValueError:
        found = parse_value(text)
        return found[0] if found else None


def _pick(record: dict, keys: tuple[str, ...]) -> Any:
    normalized = {_norm_key(k): v for k, v in record.items()}
    for key in keys:
        value = normalized.get(key)
        if value not in (None, ""):
            return value
    return None


def _as_date(value: Any) -> tuple[dt.date | None, str | None]:
    if isinstance(value, bool) or value is None:
        return None, None
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit() and len(value) in (10, 13)):
        number = float(value)
        if number > 1e11:
            number /= 1000
        if 6e8 < number < 4.2e9:
            return dt.datetime.fromtimestamp(number, _CHINA).date(), str(value)
        return None, None
    text = norm_text(str(value))
    return parse_date(text), text or None


def _records(data: Any) -> Iterator[list]:
    """Every list of objects inside ``data``."""
    if isinstance(data, list):
        if data and all(isinstance(x, dict) for x in data):
            yield data
        for x in data:
            if isinstance(x, (dict, list)):
                yield from _records(x)
    elif isinstance(data, dict):
        for value in data.values():
            if isinstance(value, (dict, list)):
                yield from _records(value)


def _number(data: Any, keys: tuple[str, ...], skip: list | None) -> int | None:
    """The first integer under one of ``keys`` (outside the record list ``skip``)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if _norm_key(key) in keys and not isinstance(value, bool):
                try:
                    return int(value)
                except (TypeError, ValueError):
                    pass
        for value in data.values():
            if value is not skip and isinstance(value, dict):
                found = _number(value, keys, skip)
                if found is not None:
                    return found
    return None


def _item(record: dict, base_url: str, template: tuple[str, str, str] | None) -> ListItem | None:
    title = _pick(record, _TITLE_KEYS)
    url = _pick(record, _URL_KEYS)
    if (not isinstance(url, str) or not url.strip()) and template:
        prefix, key, suffix = template
        value = record.get(key)
        url = f"{prefix}{value}{suffix}" if value not in (None, "") else None
    if not isinstance(title, str) or not isinstance(url, str):
        return None
    title = norm_text(re.sub(r"<[^>]+>", "", title))
    url = url.strip()
    if not title or not url or url.lower().startswith(("javascript:", "#")):
        return None
    date, date_text = _as_date(_pick(record, _DATE_KEYS))
    return ListItem(title=title, url=urljoin(base_url, url), date=date, date_text=date_text)


def parse_api_list(text: str, base_url: str,
                   template: tuple[str, str, str] | None = None,
                   page_size: int | None = None) -> ApiList:
    """The list entries and the page count of a list API's JSON answer."""
    data = _load(text)
    if data is None:
        return ApiList()
    best: tuple[list[ListItem], list] | None = None
    for records in _records(data):
        items = [it for it in (_item(r, base_url, template) for r in records) if it]
        if items and (best is None or len(items) > len(best[0])):
            best = (items, records)
    if best is None:
        return ApiList(is_list=any(True for _ in _records(data)) or isinstance(data, (list, dict)))
    items, records = best
    pages = _number(data, _TOTAL_PAGES, records)
    if pages is None:
        total = _number(data, _TOTAL_RECORDS, records)
        size = _number(data, _PAGE_SIZE, records) or page_size or len(records)
        if total is not None and size:
            pages = math.ceil(total / size)
    seen: set[str] = set()
    unique = [it for it in items if not (it.url in seen or seen.add(it.url))]
    return ApiList(items=unique, total_pages=pages, is_list=True)


def api_page_calls(call: ApiCall, total_pages: int, limit: int) -> list[ApiCall]:
    """The calls for pages 2 … ``total_pages`` (at most ``limit``) of a paged list call."""
    if not call.page_key or total_pages <= 1:
        return []
    params = list(call.params)
    first = next((int(v) for k, v in params if k == call.page_key and v.isdigit()), None)
    in_query = first is None
    if in_query:
        query = dict(parse_qsl(urlsplit(call.url).query))
        first = int(query.get(call.page_key, "1"))
    out = []
    for n in range(first + 1, min(first + total_pages, first + 1 + limit)):
        if in_query:
            parts = urlsplit(call.url)
            q = [(k, str(n) if k == call.page_key else v)
                 for k, v in parse_qsl(parts.query, keep_blank_values=True)]
            out.append(replace(call, url=urlunsplit((parts.scheme, parts.netloc, parts.path,
                                                     urlencode(q), ""))))
        else:
            out.append(replace(call, params=tuple((k, str(n) if k == call.page_key else v)
                                                  for k, v in params)))
    return out


def page_size_of(call: ApiCall) -> int | None:
    """The page size the call asks for (``size=10``), if it names one."""
    for key, value in list(call.params) + parse_qsl(urlsplit(call.url).query):
        if _norm_key(key) in _PAGE_SIZE and value.isdigit():
            return int(value)
    return None


# --------------------------------------------------------------------------- script-built lists

_FETCHING = re.compile(r"\$\s*\.\s*(?:ajax|get|post|getJSON)\s*\(|\bfetch\s*\(|XMLHttpRequest|\baxios\b"
                       r"|\.load\s*\(\s*['\"]")
_TEMPLATE_MARK = re.compile(r"\b(?:v-for|ms-(?:repeat|for|each)|ng-repeat|x-for)\s*=|"
                            r"<script\b[^>]*type\s*=\s*[\"']text/(?:html|template|x-template|x-handlebars)", re.I)
_LIST_BOX = re.compile(r"""<(?:ul|ol|tbody|table|div|dl)\b[^>]*\b(?:id|class)\s*=\s*["'][^"']*"""
                       r"""(?:list|news|data|article|info|xxgk|con|item|result)[^"']*["'][^>]*>\s*"""
                       r"""(?:<(?:li|tr|div)[^>]*>[^<]{0,20}</(?:li|tr|div)>\s*)?</(?:ul|ol|tbody|table|div|dl)>""",
                       re.I)


def script_fills_list(html: str) -> bool:
    """Whether a page without a static list looks like one whose scripts build it: a data
    request in an inline script with an empty list box, or a client-side template."""
    if not html:
        return False
    if _TEMPLATE_MARK.search(html):
        return True
    inline = " ".join(body for attrs, body in _SCRIPT.findall(html) if not _SRC.search(attrs))
    return bool(_FETCHING.search(inline)) and bool(_LIST_BOX.search(html))
