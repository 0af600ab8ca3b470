"""A hostile portal for the fault suite: a small, compliant 政务公开 site on 127.0.0.1 whose
pages lead to every way a government server misbehaves.

    with FaultPortal() as portal:
        portal.base                  # 'http://127.0.0.1:41234/'
        portal.units()               # a units config (mapping) for it
        portal.requests              # [Request(method, path, query)] every request seen
        portal.url(FAULTS["slow"])   # the absolute URL of one fault

The site (江城市应急管理局): a home page with a complete footer, the disclosure root `/xxgk/`
whose menu the crawler reads the columns from: 工作动态 (its list leads to one article per
fault of FAULTS, plus ordinary ones), 通知公告 (listed under the crawled name FORMULA_COLUMN),
活动安排 (the endless calendar), and `bulk` extra columns of `bulk_articles` articles each (the
kill/resume portal). Every page carries the site, column and content labels; the problems a
correct audit must find are the planted ones of PLANTED, whose crawled text carries script
payloads (XSS_*) for the report's escaping tests. With faults, a second unit (DOWN_UNIT) has a
home page that resets every connection.

`faults=False` serves every fault URL as the ordinary article it pretends to be: the control a
faulty crawl is compared with. `delay` slows every answer (the kill/resume test).

Transport faults need raw control of the socket (a reset is an RST, a truncated body closes
early), so the server is plain asyncio streams in a background thread, one request per
connection (`Connection: close`). A `Trap` is a listener that must never receive a connection
(redirect targets on private addresses the crawler must refuse).
"""
from __future__ import annotations

import asyncio
import datetime as dt
import socket
import struct
import threading
import zlib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit

SITE = "江城市应急管理局"
SITE_ID = "4207000031"
DOWN_UNIT = "江城市地震局"  # the second unit: its home page resets every connection

SLOW_SECONDS = 60.0        # the slow page answers after this (far beyond the crawl timeout)
HUGE_BYTES = 50 * 1024 * 1024
BOMB_BYTES = 200 * 1024 * 1024  # decompressed size of the gzip bomb (~200 KB on the wire)
BURST_FAILURES = 2         # 503s before the burst page recovers
MANY_LINKS = 10_000
CALENDAR_PAGES = 100_000   # what the endless calendar claims to have

XSS_TITLE = '<script>window.__xss=1;alert(1)</script>安全生产通知'
XSS_ANCHOR = '<img src=x onerror="window.__xss=2;alert(2)">应急预案附件'
XSS_JS_URL = "javascript:window.__xss=3;alert(3)"
FORMULA_COLUMN = "=通知公告"  # a crawled column name that a spreadsheet would run as a formula


@dataclass(frozen=True)
class Fault:
    """One misbehaviour: the page that suffers it, and how the crawl must classify it."""

    name: str
    path: str
    title: str            # the article's title when served cleanly
    outcome: str          # the crawler.outcomes.Outcome value the crawl must record
    what: str             # for test ids and messages


def _f(name: str, outcome: str, title: str, what: str) -> Fault:
    return Fault(name, f"/faults/{name}.html", title, outcome, what)


#: Every fault an article of 工作动态 suffers (the calendar is a column of its own).
FAULTS: dict[str, Fault] = {f.name: f for f in (
    _f("slow", "timeout", "市应急管理局召开防汛抗旱工作会议", "answers after the timeout"),
    _f("reset", "connection_lost", "全市开展森林防火专项检查", "resets the connection (RST)"),
    _f("burst", "ok", "市应急管理局开展安全生产月活动", f"{BURST_FAILURES} × 503, then recovers"),
    _f("truncated", "connection_lost", "江城市举行地震应急演练", "closes before Content-Length"),
    _f("truncated-chunked", "connection_lost", "市安委会召开第三次全体会议",
       "closes before the last chunk"),
    _f("truncated-close", "connection_lost", "市防汛抗旱指挥部召开会商会",
       "no Content-Length, closes mid-page"),
    _f("charset-lie", "ok", "市应急管理局部署冬春火灾防控工作", "GBK bytes, header says UTF-8"),
    _f("charset-none", "ok", "江城市开展危险化学品安全整治", "GBK bytes, no charset anywhere"),
    _f("bomb", "too_large", "市应急管理局举办应急救援技能培训", "gzip bomb (200 MB inflated)"),
    _f("huge", "too_large", "全市应急物资储备情况通报", "50 MB page with Content-Length"),
    _f("huge-stream", "too_large", "市减灾委员会召开年度工作会议", "50 MB page, chunked"),
    _f("moved", "ok", "江城市应急管理局机构职能调整", "301 to another page of the site"),
    _f("loop", "redirect_loop", "市应急管理局开展汛前检查", "redirects A → B → A"),
    _f("offsite", "off_scope", "江城市应急广播体系建设推进会召开", "redirects to another host"),
    _f("to-private", "off_scope", "市应急管理局开展消防安全宣传", "redirects to 127.0.0.2 (trap)"),
    _f("to-localhost", "off_scope", "全市安全生产执法检查工作部署", "redirects to localhost (trap)"),
    _f("to-unspecified", "off_scope", "市应急指挥中心升级改造完成", "redirects to 0.0.0.0 (trap)"),
    _f("to-intranet", "off_scope", "市应急管理局召开党组会议", "redirects to 10.x / 192.168.x"),
    _f("links", "ok", "江城市应急管理工作资料汇编", f"{MANY_LINKS} links"),
    _f("malformed", "ok", "市应急管理局开展应急值守检查", "broken HTML"),
    _f("binary", "not_html", "江城市自然灾害风险普查成果发布", "a PNG served as text/html"),
)}

CALENDAR = Fault("calendar", "/xxgk/hdrl/", "活动安排", "ok", "endless calendar column")


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: str


@dataclass(frozen=True)
class Planted:
    """A real problem of the portal: the findings a correct audit must make (both modes)."""

    rule: str
    path: str


PLANTED = (
    Planted("column.stale", "/xxgk/tzgg/"),                      # newest notice 200 days old
    Planted("meta.content_labels", "/xxgk/gzdt/content/post_1003.html"),  # no PubDate label
    Planted("link.dead", "/files/missing.pdf"),                  # an attachment that is 404
)


# --------------------------------------------------------------------------- the pages

FOOTER = f"""
<div class="footer">
 <p><span>主办单位：{SITE}</span><span>地址：江城市建设大道 168 号</span>
    <span>联系电话：0729-8233119</span><span>邮箱：yjj@jiangcheng.gov.cn</span></p>
 <p><span>网站标识码：{SITE_ID}</span>
    <span><a href="https://beian.miit.gov.cn/">鄂ICP备12019866号-1</a></span>
    <span><a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=42040202000311">
    鄂公网安备 42040202000311号</a></span></p>
 <p><span id="_ideConac"><a href="https://bszs.conac.cn/sitename?method=show&amp;id=5A3B1C2D3E4F">
    党政机关</a></span>
    <script id="_jiucuo_" sitecode="{SITE_ID}" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script></p>
</div>"""


def _esc(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _page(title: str, body: str, labels: dict[str, str], charset: str = "utf-8") -> str:
    meta = "".join(f'\n  <meta name="{k}" content="{_esc(v)}">' for k, v in labels.items())
    return f"""<!doctype html>
<html lang="zh-CN">
 <head>
  <meta charset="{charset}">
  <meta name="SiteName" content="{SITE}">
  <meta name="SiteDomain" content="yjj.jiangcheng.gov.cn">
  <meta name="SiteIDCode" content="{SITE_ID}">{meta}
  <title>{_esc(title)}_{SITE}</title>
 </head>
 <body>
  <div class="header"><a href="/">首页</a> <a href="/xxgk/">政府信息公开</a></div>
  <div class="container">
{body}
  </div>
{FOOTER}
 </body>
</html>
"""


def _column_labels(name: str) -> dict[str, str]:
    return {"ColumnName": name, "ColumnType": name, "ColumnDescription": name,
            "ColumnKeywords": name}


def _list_page(name: str, items: list[tuple[str, str, dt.date]], extra: str = "") -> str:
    rows = "\n".join(f'     <li><a href="{url}" title="{_esc(t)}" target="_blank">{_esc(t)}</a>'
                     f'<span class="time">{d.isoformat()}</span></li>' for t, url, d in items)
    body = f"""   <div class="location"><a href="/">首页</a> / <a href="/xxgk/">政府信息公开</a> / {name}</div>
   <div class="news-list">
    <div class="list-tit">{name}</div>
    <ul class="news_list">
{rows}
    </ul>{extra}
   </div>"""
    return _page(name, body, _column_labels(name))


def _article(title: str, day: dt.date, column: str, body: str = "", pubdate: bool = True,
             charset: str = "utf-8") -> str:
    labels = {**_column_labels(column), "ArticleTitle": title, "ContentSource": SITE}
    if pubdate:
        labels["PubDate"] = f"{day.isoformat()} 09:30:00"
    text = body or (f'      <p style="text-indent: 2em;">{day.month}月{day.day}日，{_esc(title)}。'
                    "会议要求，各地各部门要压紧压实责任，切实做好各项工作。</p>")
    html = f"""   <div class="content-wrap">
    <h1>{_esc(title)}</h1>
    <div class="article-info"><span>信息来源：{SITE}</span>
     <span>发布时间：{day.isoformat()} 09:30:00</span></div>
    <div class="content" id="zhengwen">
{text}
    </div>
   </div>"""
    return _page(title, html, labels, charset)


@lru_cache(maxsize=1)
def _bomb() -> bytes:
    """BOMB_BYTES of HTML-ish zeros, gzip-compressed (compressed once per process)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\0" * (1024 * 1024)
    out = [comp.compress(b"<html><body>")]
    out += [comp.compress(chunk) for _ in range(BOMB_BYTES // len(chunk))]
    out.append(comp.flush())
    return b"".join(out)


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
       b"\x1f\xf3\xffa" + bytes(range(256)) * 16)


# --------------------------------------------------------------------------- traps

class Trap:
    """A TCP listener that records every connection: it must stay empty."""

    def __init__(self, host: str):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.host, self.port = host, self.sock.getsockname()[1]
        self.connections: list[tuple[str, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, peer = self.sock.accept()
            except OSError:
                continue
            self.connections.append(peer)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\ntrap")
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


# --------------------------------------------------------------------------- the server

@dataclass
class _Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found",
           503: "Service Unavailable"}


class FaultPortal:
    """The hostile portal (see the module docstring); a context manager serving on 127.0.0.1."""

    def __init__(self, *, faults: bool = True, bulk: int = 0, bulk_articles: int = 30,
                 delay: float = 0.0, today: dt.date | None = None):
        self.faults = faults
        self.bulk = bulk
        self.bulk_articles = bulk_articles
        self.delay = delay
        self.today = today or dt.date.today()
        self.requests: list[Request] = []
        self.hits: Counter[str] = Counter()
        self.base = ""
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.base_events.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.traps: dict[str, Trap] = {}

    # -- lifecycle --------------------------------------------------------------------

    def __enter__(self) -> "FaultPortal":
        self.traps = {"private": Trap("127.0.0.2"), "loopback": Trap("127.0.0.1")}
        if self.faults:
            _bomb()
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, "127.0.0.1", 0, limit=1 << 16),
            self._loop).result()
        port = self._server.sockets[0].getsockname()[1]
        self.base = f"http://127.0.0.1:{port}/"
        return self

    def __exit__(self, *exc) -> None:
        async def stop() -> None:
            self._server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        for trap in self.traps.values():
            trap.close()

    # -- what tests read --------------------------------------------------------------

    def url(self, fault_or_path: Fault | str) -> str:
        path = fault_or_path.path if isinstance(fault_or_path, Fault) else fault_or_path
        return self.base.rstrip("/") + path

    def requested(self, prefix: str) -> list[Request]:
        return [r for r in self.requests if r.path.startswith(prefix)]

    def units(self, **crawl) -> dict:
        """The units config of the portal: the site, and (with faults) the unit that is down."""
        options = {"delay": 0, "concurrency_per_host": 8, "timeout": 2, "link_attempts": 3,
                   "link_retry_delay": 0.3, "max_page_bytes": 10 * 1024 * 1024, **crawl}
        units = [{"name": SITE, "kind": "department", "home": self.base,
                  "disclosure": self.url("/xxgk/")}]
        if self.faults:
            units.append({"name": DOWN_UNIT, "kind": "department", "home": self.url("/down/")})
        return {"crawl": options, "units": units}

    # -- the site ---------------------------------------------------------------------

    def _day(self, days_ago: int) -> dt.date:
        return self.today - dt.timedelta(days=days_ago)

    def _columns(self) -> list[tuple[str, str]]:
        return [("工作动态", "/xxgk/gzdt/"), (FORMULA_COLUMN, "/xxgk/tzgg/"), ("活动安排", CALENDAR.path),
                *((f"部门动态{i:02d}", f"/xxgk/bulk{i:02d}/") for i in range(1, self.bulk + 1))]

    def _news(self) -> list[tuple[str, str, dt.date]]:
        """工作动态: three ordinary articles (one lacks PubDate), then one per fault."""
        items = [("市应急管理局召开全市安全生产工作会议", "/xxgk/gzdt/content/post_1001.html", self._day(1)),
                 ("江城市启动自然灾害救助应急响应", "/xxgk/gzdt/content/post_1002.html", self._day(3)),
                 (XSS_TITLE, "/xxgk/gzdt/content/post_1003.html", self._day(5))]
        items += [(f.title, f.path, self._day(2 + i % 10)) for i, f in enumerate(FAULTS.values())]
        return items

    def _route(self, method: str, path: str, query: dict[str, str]) -> _Response | str:
        """The response for a request, or the name of a fault handler."""
        if path == "/":
            return self._home()
        if path == "/robots.txt":
            return _Response(body=b"User-agent: *\nAllow: /\n", content_type="text/plain")
        if path == "/xxgk/":
            links = "\n".join(f'     <li><a href="{p}">{n}</a></li>' for n, p in self._columns())
            body = f'   <div class="xxgk-nav"><ul>\n{links}\n    </ul></div>'
            return self._html(_page("政府信息公开", body, _column_labels("政府信息公开")))
        if path == "/xxgk/gzdt/":
            return self._html(_list_page("工作动态", self._news()))
        if path == "/xxgk/tzgg/":
            old = [("关于做好元旦春节期间安全防范工作的通知", "/xxgk/tzgg/content/post_2001.html", self._day(200)),
                   ("关于开展安全生产大检查的通知", "/xxgk/tzgg/content/post_2002.html", self._day(230))]
            return self._html(_list_page("通知公告", old))
        if path.startswith(CALENDAR.path):
            return self._calendar(path, query)
        if path.startswith("/xxgk/") and "/content/post_" in path:
            return self._article_at(path)
        if path.startswith("/xxgk/bulk") and path.endswith("/"):
            return self._bulk_column(path)
        if path == "/files/guide.pdf":
            return _Response(body=b"%PDF-1.4\n%zwgk\n", content_type="application/pdf")
        if path.startswith("/faults/links/"):
            return _Response(body=b"ok", content_type="text/plain")
        if path == "/faults/loop-b.html" and self.faults:
            return _Response(302, headers={"Location": FAULTS["loop"].path})
        if path == "/faults/moved-here.html" and self.faults:
            return self._html(_article(FAULTS["moved"].title, self._day(2), "工作动态"))
        if path.startswith("/faults/"):
            fault = FAULTS.get(path[len("/faults/"):].removesuffix(".html"))
            if fault is not None:
                if not self.faults:
                    return self._html(_article(fault.title, self._day(2), "工作动态"))
                return fault.name
        if path == "/down/":
            return "reset" if self.faults else self._home()
        return _Response(404, "<html><body>404 页面不存在</body></html>".encode())

    def _html(self, text: str, charset: str = "utf-8") -> _Response:
        return _Response(body=text.encode(charset), content_type=f"text/html; charset={charset}")

    def _home(self) -> _Response:
        news = "\n".join(f'     <li><a href="{u}">{_esc(t)}</a><span>{d.isoformat()}</span></li>'
                         for t, u, d in self._news()[:2])
        body = f"""   <div class="index-box"><h3>工作动态</h3><ul class="news_list">
{news}
    </ul></div>
   <div class="index-box"><a href="/xxgk/">政府信息公开</a></div>"""
        return self._html(_page(SITE, body, {}))

    def _article_at(self, path: str) -> _Response:
        for title, url, day in self._news():
            if url == path:
                body = ""
                if path.endswith("post_1003.html"):  # carries the dead attachment and the payloads
                    body = (f'      <p>请下载：<a href="/files/missing.pdf">{_esc(XSS_ANCHOR)}</a>'
                            f' <a href="/files/guide.pdf">应急指南.pdf</a>'
                            f' <a href="{XSS_JS_URL}">打印本页</a></p>')
                return self._html(_article(title, day, "工作动态", body,
                                           pubdate=not path.endswith("post_1003.html")))
        if path.startswith("/xxgk/tzgg/"):
            return self._html(_article("关于做好安全防范工作的通知", self._day(200), "通知公告"))
        if path.startswith("/xxgk/bulk"):
            n = int(path.rsplit("_", 1)[1].removesuffix(".html"))
            return self._html(_article(f"部门动态第 {n} 期", self._day(n % 10), "部门动态"))
        if path.startswith(CALENDAR.path):
            return self._html(_article("活动安排", self._day(1), "活动安排"))
        return _Response(404)

    def _bulk_column(self, path: str) -> _Response:
        column = int(path.removeprefix("/xxgk/bulk").strip("/"))
        name = f"部门动态{column:02d}"
        items = [(f"部门动态第 {n} 期", f"{path}content/post_{n}.html", self._day(n % 10))
                 for n in range(column * 1000, column * 1000 + self.bulk_articles)]
        return self._html(_list_page(name, items))

    def _calendar(self, path: str, query: dict[str, str]) -> _Response:
        """Page N lists N months back; every page links to the next one, for ever."""
        if path != CALENDAR.path:
            return self._article_at(path)
        page = int(query.get("page", "1")) if self.faults else 1
        month = self._day(30 * min(page - 1, 1200))  # a century back at most: dates must exist
        items = [(f"{month.year}年{month.month}月第{k}次应急演练", f"{CALENDAR.path}content/post_{page}_{k}.html",
                  month - dt.timedelta(days=k)) for k in range(1, 3)]
        extra = ""
        if self.faults:
            days = "".join(f'<a href="{CALENDAR.path}?date={month:%Y-%m}-{d:02d}">{d}</a>' for d in range(1, 29))
            extra = (f'\n    <div class="calendar">{days}</div>'
                     f'\n    <div class="pagination">共{CALENDAR_PAGES}页 当前第{page}页 '
                     f'<a href="{CALENDAR.path}?page={page + 1}">下一页</a> '
                     f'<a href="{CALENDAR.path}?page={CALENDAR_PAGES}">尾页</a></div>')
        return self._html(_list_page("活动安排", items, extra))

    # -- faults -----------------------------------------------------------------------

    async def _fault(self, name: str, method: str, writer: asyncio.StreamWriter) -> None:
        clean = _article(FAULTS[name].title if name in FAULTS else SITE, self._day(2), "工作动态")
        if name == "slow":
            await asyncio.sleep(SLOW_SECONDS)
            await self._send(writer, self._html(clean), method)
        elif name == "reset":
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
        elif name == "burst":
            if self.hits[name] <= BURST_FAILURES:
                await self._send(writer, _Response(503, b"<html>503 Service Unavailable</html>"), method)
            else:
                await self._send(writer, self._html(clean), method)
        elif name == "truncated":
            body = clean.encode()
            writer.write(self._head(200, "text/html; charset=utf-8", {"Content-Length": str(len(body))}))
            writer.write(body[:len(body) // 3])
            await writer.drain()
        elif name == "truncated-chunked":
            body = clean.encode()[:2000]
            writer.write(self._head(200, "text/html; charset=utf-8", {"Transfer-Encoding": "chunked"}))
            writer.write(f"{len(body):x}\r\n".encode() + body + b"\r\n")  # no terminating 0 chunk
            await writer.drain()
        elif name == "truncated-close":
            body = clean.encode()
            writer.write(self._head(200, "text/html; charset=utf-8", {}))
            writer.write(body[:len(body) // 2])
            await writer.drain()
        elif name == "charset-lie":
            body = clean.encode("gbk")
            await self._send(writer, _Response(body=body), method)
        elif name == "charset-none":
            body = clean.replace('  <meta charset="utf-8">\n', "").encode("gbk")
            await self._send(writer, _Response(body=body, content_type="text/html"), method)
        elif name == "bomb":
            await self._send(writer, _Response(body=_bomb(), headers={"Content-Encoding": "gzip"}), method)
        elif name in ("huge", "huge-stream"):
            await self._huge(writer, chunked=name == "huge-stream")
        elif name == "moved":
            await self._send(writer, _Response(301, headers={"Location": "/faults/moved-here.html"}), method)
        elif name == "loop":
            await self._send(writer, _Response(302, headers={"Location": "/faults/loop-b.html"}), method)
        elif name.startswith(("offsite", "to-")):
            await self._send(writer, _Response(302, headers={"Location": self._away(name)}), method)
        elif name == "links":
            links = "".join(f'<a href="/faults/links/{n}.html">资料{n}</a> ' for n in range(MANY_LINKS))
            page = _article(FAULTS[name].title, self._day(2), "工作动态", f"      <p>{links}</p>")
            await self._send(writer, self._html(page), method)
        elif name == "malformed":
            await self._send(writer, self._html(self._malformed(clean)), method)
        elif name == "binary":
            await self._send(writer, _Response(body=PNG * 64), method)

    def _away(self, name: str) -> str:
        private, loopback = self.traps["private"], self.traps["loopback"]
        return {"offsite": "http://zwgk-offsite.invalid/xxgk/",
                "to-private": f"http://127.0.0.2:{private.port}/admin/",
                "to-localhost": f"http://localhost:{loopback.port}/admin/",
                "to-unspecified": f"http://0.0.0.0:{loopback.port}/admin/",
                "to-intranet": "http://10.255.255.1:9/oa/"}[name]

    @staticmethod
    def _malformed(clean: str) -> str:
        """The article with unclosed tags, stray end tags, junk bytes and a second <html>."""
        return (clean.replace("</h1>", "").replace("</div>", "</span></td></tr>", 2)
                .replace("<body>", "<body><table><tr><td><p><b><i>< <<>> &#xZZ; &nbsp &#0;\x00")
                .replace("</html>", "<html><body><div <p class=>未闭合</html"))

    async def _huge(self, writer: asyncio.StreamWriter, chunked: bool) -> None:
        chunk = ("<p>" + "应急物资储备情况" * 400 + "</p>\n").encode()
        headers = {"Transfer-Encoding": "chunked"} if chunked else {"Content-Length": str(HUGE_BYTES)}
        writer.write(self._head(200, "text/html; charset=utf-8", headers))
        sent = 0
        while sent < HUGE_BYTES:
            part = chunk[:HUGE_BYTES - sent]
            writer.write(f"{len(part):x}\r\n".encode() + part + b"\r\n" if chunked else part)
            sent += len(part)
            await writer.drain()
        if chunked:
            writer.write(b"0\r\n\r\n")
            await writer.drain()

    # -- HTTP -------------------------------------------------------------------------

    @staticmethod
    def _head(status: int, content_type: str, headers: dict[str, str]) -> bytes:
        lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}", f"Content-Type: {content_type}",
                 "Connection: close", *(f"{k}: {v}" for k, v in headers.items())]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    async def _send(self, writer: asyncio.StreamWriter, response: _Response, method: str) -> None:
        headers = {"Content-Length": str(len(response.body)), **response.headers}
        writer.write(self._head(response.status, response.content_type, headers))
        if method != "HEAD":
            writer.write(response.body)
        await writer.drain()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            method, target, _ = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
            parts = urlsplit(target)
            self.requests.append(Request(method, parts.path, parts.query))
            if self.delay:
                await asyncio.sleep(self.delay)
            routed = self._route(method, parts.path, dict(parse_qsl(parts.query)))
            if isinstance(routed, str):
                self.hits[routed] += 1
                await self._fault(routed, method, writer)
            else:
                await self._send(writer, routed, method)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError,
                asyncio.CancelledError):  # cancelled: the server is shutting down
            pass
        finally:
            if not writer.transport.is_closing():
                writer.close()
