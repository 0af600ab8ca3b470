"""The data tables of an annual report (政府信息公开工作年度报告) as plain grids of cell texts.

Reports follow the national template (国办公开办函〔2021〕30号) and are usually pasted from Word
into UEditor: values sit in ``<p>`` pieces, header labels are split over ``<p>``/``<span>``
fragments padded with newlines and ``&nbsp;`` (社会 + 公益 + 组织), and the application table
uses ``rowspan``/``colspan`` heavily. Each table becomes a list of rows; each row the texts of
its grid positions, with spanned cells repeated in every position they cover, so that the
label cells of a row and its numbers can be read by position.
"""
from __future__ import annotations

import re
import lxml.html

from spiders.extract.listing import _drop_hidden
from spiders.extract.navigation import parse_html

__all__ = ["extract_tables", "cell_text"]

_SPACE = re.compile(r"\s+")
_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
_MAX_SPAN = 200  # a bogus colspan/rowspan must not build a huge grid
_ROWS = "./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"


def cell_text(text: str) -> str:
    """A cell's text with every whitespace character removed (incl. nbsp and U+3000).

    Chinese labels and numbers carry no meaningful spaces, and UEditor pads broken header
    pieces with them; full-width digits and punctuation are kept as printed, except that
    full-width digits become ASCII so that numbers parse.
    """
    return _SPACE.sub("", text.translate(_DIGITS))


def _span(value: str | None) -> int:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(n, 1), _MAX_SPAN)


def _grid(table: lxml.html.HtmlElement) -> list[list[str]]:
    """The table's rows with colspan/rowspan expanded (holes inside a row are "")."""
    grid: list[dict[int, str]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, col) -> text carried down by a rowspan
    for r, tr in enumerate(table.xpath(_ROWS)):
        row: dict[int, str] = {c: text for (pr, c), text in pending.items() if pr == r}
        col = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                continue
            while col in row:
                col += 1
            text = cell_text(cell.text_content())
            colspan, rowspan = _span(cell.get("colspan")), _span(cell.get("rowspan"))
            for dc in range(colspan):
                row[col + dc] = text
                for dr in range(1, rowspan):
                    pending[(r + dr, col + dc)] = text
            col += colspan
        grid.append(row)
    rows = []
    for row in grid:
        width = max(row) + 1 if row else 0
        rows.append([row.get(c, "") for c in range(width)])
    return rows


def extract_tables(html: str) -> list[list[list[str]]]:
    """Every innermost visible table of the page, as rows of normalised cell texts.

    Layout tables that contain other tables are skipped (their cells would hold whole
    tables); tables with fewer than two non-empty rows are dropped as decoration.
    """
    root = parse_html(html)
    if root is None:
        return []
    _drop_hidden(root)
    tables = []
    for table in root.iter("table"):
        if table.find(".//table") is not None:
            continue
        rows = [row for row in _grid(table) if any(row)]
        if len(rows) >= 2:
            tables.append(rows)
    return tables
