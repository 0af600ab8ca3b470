"""A generated TRS WCM style portal of N pages, pre-rendered in memory and served fast.

The portal looks like the demo's 江城市人民政府 (TRS WCM): a home page, the 政府信息公开 root
with its column menu, columns whose list pages (`index.html`, `index_1.html` …) hold 20 dated
entries each, with both `createPageHTML(...)` and plain page links, article pages with a
metadata table and an attachment now and then (PDF), footer marks inline. Every link a page
shows is a real page, so a bare CrawlSpider and `zwgk crawl` walk the same set.

The server is an asyncio protocol over pre-built responses (HTTP/1.1 keep-alive, GET and
HEAD), and counts its own CPU time so that a benchmark can show it was not the bottleneck.

    python -m bench.site_generator --pages 20000 [--out DIR]   # serve (or write to DIR)
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import math
import os
import resource
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

SITE_NAME = "江城市人民政府"
ITEMS_PER_LIST = 20
#: (directory, column name) of the generated columns, cycled with a number when more are needed.
COLUMNS = [("gzdt", "工作动态"), ("tzgg", "通知公告"), ("zcwj", "政策文件"), ("zcjd", "政策解读"),
           ("tjxx", "统计信息"), ("ghjh", "规划计划"), ("rsxx", "人事信息"), ("czyjs", "财政预决算"),
           ("zfcg", "政府采购"), ("xzxk", "行政许可")]
TITLES = ["市政府召开常务会议 研究部署重点民生工程等工作", "江城市召开优化营商环境工作推进会",
          "关于公开征集市政府民生实事项目建议的公告", "江城市人民政府关于印发城区停车设施建设管理办法的通知",
          "全市安全生产工作会议召开", "江城市开展城镇燃气安全专项检查", "江城市重点项目集中开工",
          "《江城市城区停车设施建设管理办法》政策解读", "江城市{y}年国民经济和社会发展统计公报",
          "江城市{y}年部门预算公开说明"]
PARAGRAPH = ("为深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，进一步提升政府信息公开"
             "标准化规范化水平，市政府办公室组织召开专题会议，研究部署下一阶段重点工作。会议要求，"
             "各地各部门要坚持以公开为常态、不公开为例外，围绕群众关切及时准确发布权威信息。")
#: A tiny PDF for the attachments (so link checks stay cheap).
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FOOTER = ('<div class="footer" id="footer"><div class="foot-info">'
          '<div class="foot-conac"><span id="_ideConac"></span><script type="text/javascript" '
          'src="https://dcs.conac.cn/js/17/289/0000/40964411/CA172890000409644110001.js"></script></div>'
          '<p>主办单位：江城市人民政府办公室&nbsp;&nbsp;承办单位：江城市大数据中心</p>'
          '<p>网站标识码：4204000001&nbsp;&nbsp;<a href="https://beian.miit.gov.cn/">鄂ICP备05008731号-1</a>'
          '&nbsp;&nbsp;鄂公网安备 42070202000101号</p>'
          '<p>地址：江城市沿江大道1号&nbsp;&nbsp;联系电话：0711-3876543</p></div></div>')


@dataclass(frozen=True)
class Shape:
    columns: int
    list_pages: int  # per column

    @property
    def articles(self) -> int:
        return self.columns * self.list_pages * ITEMS_PER_LIST


def shape_for(pages: int) -> Shape:
    """Columns and list pages per column for at least `pages` pages (≤ 25 list pages a column)."""
    columns = max(1, math.ceil(pages / (25 * (ITEMS_PER_LIST + 1))))
    list_pages = max(1, math.ceil(pages / (columns * (ITEMS_PER_LIST + 1))))
    return Shape(columns, list_pages)


def _column(i: int) -> tuple[str, str]:
    slug, name = COLUMNS[i % len(COLUMNS)]
    return (slug, name) if i < len(COLUMNS) else (f"{slug}{i // len(COLUMNS)}", f"{name}{i // len(COLUMNS)}")


def _head(title: str, depth: int, extra_meta: str) -> str:
    up = "../" * depth
    return (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
            f"<title>{title}</title>"
            f'<meta name="SiteName" content="{SITE_NAME}" /><meta name="SiteDomain" content="www.jiangcheng.gov.cn" />'
            f'<meta name="SiteIDCode" content="4204000001" />{extra_meta}'
            f'<link href="{up}css/style.css" rel="stylesheet" type="text/css" /></head><body>'
            f'<div class="header"><div class="logo"><a href="{up}">{SITE_NAME}</a></div></div>')


def _nav(up: str, shape: Shape) -> str:
    items = "".join(f'<li><a href="{up}zwgk/{_column(i)[0]}/">{_column(i)[1]}</a></li>'
                    for i in range(min(shape.columns, 6)))
    return f'<div class="nav"><ul><li><a href="{up}">首页</a></li><li><a href="{up}zwgk/">政府信息公开</a></li>{items}</ul></div>'


def _menu(up: str, shape: Shape, current: int | None = None) -> str:
    items = "".join(f'<li{" class=on" if i == current else ""}><a href="{up}{_column(i)[0]}/">{_column(i)[1]}</a></li>'
                    for i in range(shape.columns))
    return (f'<div class="xxgk-left"><div class="xxgk-left-tit"><a href="{up}">政府信息公开</a></div>'
            f'<ul class="xxgk-menu"><li class="fdzd"><span>法定主动公开内容</span><ul class="sub">{items}</ul></li></ul></div>')


def _article_day(today: dt.date, column: int, n: int) -> dt.date:
    return today - dt.timedelta(days=1 + (column * 7 + n // 3) % 700)


def _article_path(today: dt.date, column: int, n: int) -> str:
    day = _article_day(today, column, n)
    return f"/zwgk/{_column(column)[0]}/{day:%Y%m}/t{day:%Y%m%d}_{1000000 + column * 100000 + n}.html"


def _title(column: int, n: int, today: dt.date) -> str:
    return TITLES[(column + n) % len(TITLES)].format(y=today.year - 1) + f"（第{n + 1}期）"


def generate(pages: int, today: dt.date | None = None) -> dict[str, tuple[str, bytes]]:
    """{URL path: (content type, body)} of a portal of at least `pages` HTML pages."""
    today = today or dt.date.today()
    shape = shape_for(pages)
    site: dict[str, tuple[str, bytes]] = {}
    html = "text/html; charset=utf-8"

    def put(path: str, text: str) -> None:
        site[path] = (html, text.encode("utf-8"))

    latest = "".join(f'<li><a href=".{_article_path(today, c, 0)}" title="{_title(c, 0, today)}">'
                     f"{_title(c, 0, today)}</a><span>{_article_day(today, c, 0)}</span></li>"
                     for c in range(min(shape.columns, 8)))
    put("/", _head(SITE_NAME, 0, "") + _nav("./", shape)
        + f'<div class="index-box"><div class="box-tit"><h3>最新信息</h3></div><ul class="list">{latest}</ul></div>'
        + FOOTER + "</body></html>")
    put("/zwgk/", _head(f"政府信息公开_{SITE_NAME}", 1,
                        '<meta name="ColumnName" content="政府信息公开" /><meta name="ColumnType" content="政府信息公开" />')
        + _nav("../", shape) + _menu("./", shape) + FOOTER + "</body></html>")
    for c in range(shape.columns):
        slug, name = _column(c)
        meta = f'<meta name="ColumnName" content="{name}" /><meta name="ColumnType" content="{name}" />'
        for p in range(shape.list_pages):
            rows = []
            for k in range(ITEMS_PER_LIST):
                n = p * ITEMS_PER_LIST + k
                rows.append(f'<li><a href="../..{_article_path(today, c, n)}" target="_blank" '
                            f'title="{_title(c, n, today)}">{_title(c, n, today)}</a>'
                            f"<span>{_article_day(today, c, n)}</span></li>")
                pdf = _put_article(put, today, c, n, shape)
                if pdf:
                    site[pdf] = ("application/pdf", PDF)
            links = "".join(f'<a href="{"index" if q == 0 else f"index_{q}"}.html">{q + 1}</a> '
                            for q in range(shape.list_pages))
            page = (_head(f"{name}_{SITE_NAME}", 2, meta) + _nav("../../", shape) + _menu("../", shape, c)
                    + f'<div class="xxgk-right"><div class="list-tit"><span>{name}</span></div>'
                    + f'<ul class="list">{"".join(rows)}</ul><div class="page">'
                    + f'<script type="text/javascript">createPageHTML({shape.list_pages}, {p}, "index", "html");</script>'
                    + f"{links}</div></div>" + FOOTER + "</body></html>")
            put(f"/zwgk/{slug}/" if p == 0 else f"/zwgk/{slug}/index_{p}.html", page)
            if p == 0:
                site[f"/zwgk/{slug}/index.html"] = site[f"/zwgk/{slug}/"]
    site["/robots.txt"] = ("text/plain", b"User-agent: *\nDisallow: /search/\n")
    site["/css/style.css"] = ("text/css", b"body{font-size:14px}")
    return site


def _put_article(put, today: dt.date, c: int, n: int, shape: Shape) -> str | None:
    """Render article `n` of column `c`; returns the path of its attachment, if it has one."""
    path = _article_path(today, c, n)
    day = _article_day(today, c, n)
    title = _title(c, n, today)
    slug, name = _column(c)
    attachment, pdf = "", None
    if n % 10 == 0:
        pdf = path.rsplit("/", 1)[0] + f"/P020{day:%Y%m%d}{n:012d}.pdf"
        attachment = f'<div class="fj"><p>附件：<a href="{pdf.rsplit("/", 1)[1]}">{title}.pdf</a></p></div>'
    body = "".join(f'<p style="text-indent: 2em;">{PARAGRAPH}</p>' for _ in range(4))
    put(path, _head(f"{title}_{SITE_NAME}", 4,
                    f'<meta name="ArticleTitle" content="{title}" /><meta name="PubDate" content="{day} 09:30" />'
                    f'<meta name="ContentSource" content="{SITE_NAME}" /><meta name="ColumnName" content="{name}" />')
        + _nav("../../../", shape)
        + f'<div class="position">当前位置：<a href="../../../">首页</a> &gt; <a href="../../">政府信息公开</a> &gt; '
        + f'<a href="../">{name}</a></div><div class="article-box"><div class="article">'
        + f'<h1 class="article-title">{title}</h1>'
        + f'<div class="article-info"><span>发布日期：{day.year}年{day.month}月{day.day}日</span><span>来源：{SITE_NAME}</span></div>'
        + '<table class="xxgk-table"><tr><td class="label">索引号：</td>'
        + f"<td>011187432/{day.year}-{n:05d}</td><td class=\"label\">发布机构：</td><td>{SITE_NAME}</td></tr>"
        + f'<tr><td class="label">成文日期：</td><td>{day}</td><td class="label">发布日期：</td><td>{day}</td></tr></table>'
        + f'<div class="article-con" id="zoom"><div class=TRS_Editor>{body}</div></div>{attachment}'
        + "</div></div>" + FOOTER + "</body></html>")
    return pdf


def html_page_count(site: dict[str, tuple[str, bytes]]) -> int:
    """HTML pages a crawler can reach (`/zwgk/x/index.html` is the same page as `/zwgk/x/`)."""
    return sum(1 for path, (ctype, _) in site.items()
               if ctype.startswith("text/html") and not path.endswith("/index.html"))


# --------------------------------------------------------------------------- the server

class _Protocol(asyncio.Protocol):
    def __init__(self, responses: dict[str, tuple[bytes, bytes]], counter: list[int]):
        self.responses = responses
        self.counter = counter
        self.buffer = b""

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head, self.buffer = self.buffer[:end], self.buffer[end + 4:]
            line = head.split(b"\r\n", 1)[0].split(b" ")
            method, target = line[0], line[1].split(b"?", 1)[0].decode("latin-1")
            header, body = self.responses.get(target) or self.responses["404"]
            self.counter[0] += 1
            self.transport.write(header if method == b"HEAD" else header + body)


def _responses(site: dict[str, tuple[str, bytes]]) -> dict[str, tuple[bytes, bytes]]:
    def build(status: str, ctype: str, body: bytes) -> tuple[bytes, bytes]:
        header = (f"HTTP/1.1 {status}\r\nServer: nginx\r\nContent-Type: {ctype}\r\n"
                  f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n").encode("latin-1")
        return header, body

    out = {path: build("200 OK", ctype, body) for path, (ctype, body) in site.items()}
    out["404"] = build("404 Not Found", "text/html", b"<html><body><h1>404 Not Found</h1></body></html>")
    return out


def serve(site: dict[str, tuple[str, bytes]], sock: socket.socket, ready=None) -> None:
    """Serve `site` on the listening `sock` until the process is stopped."""
    responses = _responses(site)
    counter = [0]

    async def main() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(lambda: _Protocol(responses, counter), sock=sock, backlog=1024)
        if ready is not None:
            ready.send("ready")
            while True:  # answer "stats" with (requests served, CPU seconds used)
                if await loop.run_in_executor(None, ready.poll, 0.5):
                    ready.recv()
                    usage = resource.getrusage(resource.RUSAGE_SELF)
                    ready.send((counter[0], usage.ru_utime + usage.ru_stime))
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    return sock


def write_site(site: dict[str, tuple[str, bytes]], out: Path) -> None:
    """The portal as a directory (`x/` is written as `x/index.html`)."""
    for path, (_, body) in site.items():
        target = out / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.site_generator", description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--out", type=Path, help="write the portal to this directory instead of serving it")
    args = parser.parse_args(argv)
    site = generate(args.pages)
    print(f"{html_page_count(site)} HTML pages, {len(site)} files, "
          f"{sum(len(b) for _, b in site.values()) / 1e6:.1f} MB", file=sys.stderr)
    if args.out:
        write_site(site, args.out)
        return 0
    sock = listening_socket()
    print(f"http://127.0.0.1:{sock.getsockname()[1]}/  (pid {os.getpid()}, Ctrl-C 停止)", flush=True)
    try:
        serve(site, sock)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
