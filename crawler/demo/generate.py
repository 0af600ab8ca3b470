"""A generated TRS-style portal of any size, for benchmarks (`bench/incremental.py`) and tests.

`build_portal(root, columns=20, per_column=30)` writes `root/<name>/` for
`crawler.demo.server.PortalServer`: a home page, the disclosure root `/xxgk/` with a menu of
`columns` columns, each listing `per_column` articles 10 to a page (`createPageHTML`), every
other article with a PDF attachment. Dates are fixed (2025), so two builds are byte-identical;
`touch_article` changes one article and its list entry the way an editor's fix would.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

__all__ = ["PORTAL", "UNIT", "build_portal", "touch_article", "article_path"]

PORTAL = "generated_trs"
UNIT = "临江县综合执法局"
PER_PAGE = 10
ATTACHMENT_EVERY = 2  # article k has a PDF when k % ATTACHMENT_EVERY == 0
_FIRST_DAY = dt.date(2025, 6, 28)
_COLUMN_NAMES = ("工作动态", "通知公告", "政策文件", "政策解读", "规划计划", "财政预决算", "人事信息",
                 "统计信息", "行政许可", "行政处罚", "应急管理", "监督检查", "建议提案", "政府采购")


def _page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title>
<meta name="SiteName" content="{UNIT}"><meta name="SiteDomain" content="zfj.linjiang.gov.cn">
<meta name="SiteIDCode" content="4210230077"></head>
<body>
<div class="header"><a href="/">首页</a> <a href="/xxgk/">信息公开</a></div>
{body}
<div class="footer"><p>主办单位：{UNIT}　联系电话：0716-4230077</p>
<p>网站标识码：4210230077　鄂ICP备05003241号-21　鄂公网安备 42102302000177号</p></div>
</body></html>
"""


def _column_name(i: int) -> str:
    base = _COLUMN_NAMES[i % len(_COLUMN_NAMES)]
    return base if i < len(_COLUMN_NAMES) else f"{base}（{i // len(_COLUMN_NAMES) + 1}）"


def _day(column: int, k: int) -> dt.date:
    return _FIRST_DAY - dt.timedelta(days=3 * k + column % 3)


def article_path(column: int, k: int) -> str:
    """The URL path of article `k` of column `column`."""
    day = _day(column, k)
    return f"/xxgk/c{column}/{day:%Y%m}/t{day:%Y%m%d}_{100000 + column * 1000 + k}.html"


def _title(column: int, k: int, edition: int = 0) -> str:
    suffix = f"（第{edition + 1}次修订）" if edition else ""
    return f"{UNIT}关于{_column_name(column)}第{k + 1}项工作的通知{suffix}"


def _write(root: Path, path: str, text: str) -> None:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _article(root: Path, column: int, k: int, edition: int = 0) -> None:
    path = article_path(column, k)
    pdf = path.rsplit("/", 1)[0] + f"/P020{_day(column, k):%Y%m%d}{column:03d}{k:04d}.pdf"
    title = _title(column, k, edition)
    attachment = f'<p>附件：<a href="{pdf}">{title}.pdf</a></p>' if k % ATTACHMENT_EVERY == 0 else ""
    _write(root, path, _page(title, f"""<div class="article"><h1>{title}</h1>
<div class="info">发布时间：{_day(column, k)} 09:00　来源：{UNIT}</div>
<div class="content"><p>各有关单位：现将有关事项通知如下，请认真贯彻落实。</p>
{attachment}</div></div>"""))
    if attachment:
        (root / pdf.lstrip("/")).write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n")


def _menu(columns: int) -> str:
    return "".join(f'<li><a href="/xxgk/c{i}/">{_column_name(i)}</a></li>' for i in range(columns))


def _list_pages(root: Path, columns: int, column: int, per_column: int, editions: dict[int, int]) -> None:
    pages = max(1, -(-per_column // PER_PAGE))
    menu = _menu(columns)
    for page in range(pages):
        rows = "".join(
            f'<li><a href="{article_path(column, k)}">{_title(column, k, editions.get(k, 0))}</a>'
            f'<span>{_day(column, k)}</span></li>\n'
            for k in range(page * PER_PAGE, min(per_column, (page + 1) * PER_PAGE)))
        name = "index.html" if page == 0 else f"index_{page}.html"
        _write(root, f"/xxgk/c{column}/{name}", _page(f"{_column_name(column)}_{UNIT}", f"""
<div class="xxgk-left"><ul class="menu">{menu}</ul></div>
<div class="xxgk-right"><h2>{_column_name(column)}</h2><ul class="list">
{rows}</ul>
<script>createPageHTML({pages}, {page}, "index", "html");</script></div>"""))


def build_portal(root: Path, columns: int = 20, per_column: int = 30) -> Path:
    """Write the portal under `root`; returns its directory."""
    portal = root / PORTAL
    _write(portal, "_portal.yaml", f"unit:\n  name: {UNIT}\n  kind: department\n")
    _write(portal, "/index.html", _page(UNIT, '<div class="main"><a href="/xxgk/">政府信息公开</a></div>'))
    _write(portal, "/xxgk/index.html",
           _page(f"信息公开_{UNIT}", f'<div class="xxgk-left"><ul class="menu">{_menu(columns)}</ul></div>'))
    for column in range(columns):
        for k in range(per_column):
            _article(portal, column, k)
        _list_pages(portal, columns, column, per_column, {})
    return portal


def touch_article(portal: Path, columns: int, column: int, k: int, per_column: int) -> str:
    """Revise article `k` of `column` (new title on the page and in the list); its path."""
    _article(portal, column, k, edition=1)
    _list_pages(portal, columns, column, per_column, {k: 1})
    return article_path(column, k)
