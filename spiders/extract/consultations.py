"""Messages of 政务咨询 / 领导信箱 / 留言 columns: when asked, when and by whom answered.

Two page shapes, as the common 政民互动 platforms print them:

- **list pages**: a table whose header names its columns (信件标题 | 来信时间 | 答复时间 |
  办理状态 …), or rows (``li``, ``dl``, ``div``) holding one title link plus labelled fields
  (``留言时间：2024-05-06``, ``状态：已回复``) or a bare status word (已回复, 办理中 …);
- **detail pages**: label/value blocks — table cells (``<th>答复单位</th><td>…</td>``) or
  lines (``回复时间：2024年5月9日``) — with the question (留言内容) and the answer (答复内容).

Every record has the keys title, url, asked_at, answered_at (ISO dates), answer_unit,
answer_text_present (None when the page does not show the answer at all, as on most lists)
and status_text (as printed). Values the page does not show are None: deciding what a
missing value means is the rules' business.
"""
from __future__ import annotations

import re

import lxml.html

from spiders.extract.dates import find_date, find_dates
from spiders.extract.listing import _drop_hidden
from spiders.extract.navigation import base_href, norm_text, parse_html, resolve

__all__ = ["extract_consultations", "FIELD_LABELS"]

#: Labels each field is printed under (longest match wins).
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "title": ("留言标题", "信件标题", "来信标题", "咨询标题", "诉求标题", "问题标题", "咨询主题",
              "信件主题", "留言主题", "标题", "主题"),
    "asked_at": ("留言时间", "留言日期", "提问时间", "提问日期", "来信时间", "来信日期", "写信时间",
                 "写信日期", "咨询时间", "咨询日期", "提交时间", "提交日期", "投递时间", "诉求时间",
                 "发信时间"),
    "answered_at": ("答复时间", "答复日期", "回复时间", "回复日期", "办结时间", "办结日期",
                    "处理时间", "处理日期", "反馈时间", "反馈日期"),
    "answer_unit": ("答复单位", "答复部门", "答复机构", "答复机关", "回复单位", "回复部门", "回复机构",
                    "回复机关", "办理单位", "办理部门", "办理机关", "处理单位", "处理部门", "承办单位",
                    "承办部门"),
    "answer": ("答复内容", "回复内容", "答复意见", "回复意见", "办理结果", "处理结果", "处理意见",
               "反馈内容", "办理情况", "官方回复", "部门回复", "答复", "回复"),
    "question": ("留言内容", "咨询内容", "来信内容", "信件内容", "问题内容", "诉求内容", "问题描述"),
    "status": ("办理状态", "处理状态", "回复状态", "答复状态", "当前状态", "是否回复", "是否答复",
               "是否办结", "状态"),
}
#: Yes/no answers in a 是否回复 column, as status words.
_YES_NO = {"是": "已回复", "已": "已回复", "否": "未回复", "未": "未回复"}
_FIELD_OF = {label: field for field, labels in FIELD_LABELS.items() for label in labels}
_ALL_LABELS = "|".join(sorted(map(re.escape, _FIELD_OF), key=len, reverse=True))
# A label at the start of a line or after a space / bracket, followed by a colon.
_LABEL_COLON = re.compile(rf"(?:^|(?<=[\s【\[|｜]))({_ALL_LABELS})\s*[:：]")
_LABEL_ONLY = re.compile(rf"^\s*({_ALL_LABELS})\s*[:：]?\s*$")
_STATUS_WORD = re.compile(
    r"已回复|已答复|已办结|已处理|已反馈|未回复|未答复|待回复|待答复|未办结|办理中|处理中|受理中|"
    r"已受理|待处理|待受理|转办中|已转办|不予受理|已退回")
#: Answer texts that say there is no answer yet.
_NO_ANSWER = re.compile(r"^[\s:：。.…]*(?:暂无|暂未|尚未|未|待|正在|无)[^，。,]{0,8}$|^[\s:：。.…-]*$")
_BLOCK_TAGS = ("p", "div", "li", "tr", "td", "th", "br", "h1", "h2", "h3", "h4", "h5", "h6",
               "dd", "dt", "dl", "table", "ul", "ol", "section", "article", "header", "footer")
_ROW_TAGS = ("li", "tr", "dl", "dd", "div", "p")


# --------------------------------------------------------------------------- values

def _iso_date(text: str | None) -> str | None:
    found = find_date(text or "")
    return found[0].isoformat() if found else None


def _answer_present(text: str | None) -> bool:
    return bool(text) and not _NO_ANSWER.match(text)


def _record(title: str | None, url: str | None, values: dict[str, str]) -> dict:
    """A message record from the raw texts found under each field's label."""
    answer = values.get("answer")
    unit = norm_text(values.get("answer_unit")) or None
    if unit and _NO_ANSWER.match(unit):
        unit = None
    status = norm_text(values.get("status")) or None
    if status:
        found = _STATUS_WORD.search(status)
        status = found.group(0) if found else _YES_NO.get(status, status)
    return {"title": norm_text(values.get("title")) or title, "url": url,
            "asked_at": _iso_date(values.get("asked_at")),
            "answered_at": _iso_date(values.get("answered_at")),
            "answer_unit": unit,
            "answer_text_present": None if answer is None else _answer_present(answer),
            "status_text": status}


# --------------------------------------------------------------------------- page text

def _lines(el: lxml.html.HtmlElement) -> list[str]:
    """The element's visible text as lines, one per block element (table cells included)."""
    for sub in el.iter(*_BLOCK_TAGS):
        sub.tail = "\n" + (sub.tail or "")
        if sub.tag in ("td", "th", "dd", "dt"):
            sub.text = "\n" + (sub.text or "")
    return [line for line in (norm_text(x) for x in el.text_content().split("\n")) if line]


def _segments(line: str) -> list[tuple[str, str]]:
    """(field, value) pairs of one line: `留言人：张** 留言时间：2024-05-06 状态：已回复`."""
    alone = _LABEL_ONLY.match(line)
    if alone:
        return [(_FIELD_OF[alone.group(1)], "")]
    marks = [m for m in _LABEL_COLON.finditer(line)]
    if not marks or marks[0].start() != 0:
        return []
    out = []
    for m, nxt in zip(marks, marks[1:] + [None]):
        value = line[m.end():nxt.start() if nxt else len(line)].strip()
        out.append((_FIELD_OF[m.group(1)], value))
    return out


def _labelled(lines: list[str]) -> list[dict[str, str]]:
    """Label/value records in reading order; a repeated question field starts a new record.

    A label alone on its line (a ``<th>`` cell, a heading) takes the next line that is not
    itself a label as its value.
    """
    records: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for i, line in enumerate(lines):
        for field, value in _segments(line):
            if not value and i + 1 < len(lines) and not _segments(lines[i + 1]):
                value = lines[i + 1]
            if field in current and field in ("asked_at", "question", "title") and (
                    "answer" in current or "answered_at" in current or field in ("title",)):
                records.append(current)
                current = {}
            current.setdefault(field, value)
    if current:
        records.append(current)
    return records


def _page_title(root: lxml.html.HtmlElement) -> str | None:
    for tag in ("h1", "h2"):
        for h in root.iter(tag):
            text = norm_text(h.text_content())
            if len(text) >= 4:
                return text
    title = root.find(".//title")
    return norm_text(title.text_content()) or None if title is not None else None


# --------------------------------------------------------------------------- lists

def _cells(tr: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The row's cells, repeated over their colspan (header and data rows line up)."""
    out = []
    for cell in tr:
        if isinstance(cell.tag, str) and cell.tag in ("td", "th"):
            try:
                span = max(1, min(int(cell.get("colspan") or 1), 20))
            except ValueError:
                span = 1
            out.extend([cell] * span)
    return out


def _header_map(tr: lxml.html.HtmlElement) -> dict[str, int]:
    """{field: column index} when this row is a header naming ≥ 2 message fields."""
    found: dict[str, int] = {}
    for i, cell in enumerate(_cells(tr)):
        text = re.sub(r"\s+", "", cell.text_content()).rstrip(":：")
        field = _FIELD_OF.get(text)
        if field and field not in found:
            found[field] = i
    keys = set(found)
    return found if len(keys) >= 2 and keys & {"asked_at", "answered_at", "status"} else {}


def _row_link(el: lxml.html.HtmlElement, base: str) -> tuple[str | None, str | None]:
    """(title, url) of the row's longest link; url None for script links."""
    best = None
    for a in el.iter("a"):
        text = norm_text(a.get("title")) or norm_text(a.text_content())
        if text and (best is None or len(text) > len(best[0])):
            best = (text, resolve(a.get("href"), base))
    return best if best else (None, None)


def _table_records(root: lxml.html.HtmlElement, base: str) -> list[dict]:
    records = []
    for table in root.iter("table"):
        if table.find(".//table") is not None:
            continue
        columns: dict[str, int] = {}
        for tr in table.iter("tr"):
            if not columns:
                columns = _header_map(tr)
                continue
            cells = _cells(tr)
            if not cells or len(cells) <= max(columns.values()):
                continue
            holder = cells[columns["title"]] if "title" in columns else tr
            title, url = _row_link(holder, base)
            if title is None:
                title = norm_text(holder.text_content()) or None if "title" in columns else None
            if title is None:
                continue
            values = {field: norm_text(cells[i].text_content()) for field, i in columns.items()
                      if field != "title"}
            records.append(_record(title, url, values))
    return records


def _row_of(a: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The nearest row-like ancestor holding only this one titled link and message fields.

    A row qualifies with a labelled field, or with a status word next to a date (a sentence
    such as “累计收到来信 1268 件，已回复 1265 件” beside a 我要写信 button does not).
    """
    el = a.getparent()
    for _ in range(4):
        if el is None:
            return None
        if el.tag in _ROW_TAGS:
            titled = {x.get("href") for x in el.iter("a") if len(norm_text(x.text_content())) >= 4}
            if len(titled) > 1:
                return None
            text = norm_text(el.text_content())
            if _LABEL_COLON.search(text) or (_STATUS_WORD.search(text) and find_dates(text)):
                return el
        el = el.getparent()
    return None


def _row_records(root: lxml.html.HtmlElement, base: str) -> list[dict]:
    records, seen = [], set()
    for a in root.iter("a"):
        title = norm_text(a.get("title")) or norm_text(a.text_content())
        if len(title) < 4:
            continue
        row = _row_of(a)
        if row is None or row in seen:
            continue
        seen.add(row)
        rest = norm_text(row.text_content()).replace(norm_text(a.text_content()), " ", 1)
        values: dict[str, str] = {}
        marks = list(_LABEL_COLON.finditer(rest))
        for m, nxt in zip(marks, marks[1:] + [None]):
            values.setdefault(_FIELD_OF[m.group(1)], rest[m.end():nxt.start() if nxt else None])
        if "status" not in values:
            word = _STATUS_WORD.search(rest)
            if word:
                values["status"] = word.group(0)
        if "asked_at" not in values and "answered_at" not in values:
            dates = find_dates(rest[:marks[0].start()] if marks else rest)
            if len(dates) == 1:  # one bare date beside a message title: when it was asked
                values["asked_at"] = dates[0].isoformat()
        values.pop("title", None)
        records.append(_record(title, resolve(a.get("href"), base), values))
    return records


# --------------------------------------------------------------------------- entry point

def extract_consultations(html: str, base_url: str) -> list[dict]:
    """The messages shown on a 咨询 / 留言 list page, or the one(s) on a detail page.

    A page with a header-mapped message table or labelled message rows is a list; otherwise
    its label/value blocks are read as one message (several when a question field repeats,
    as on pages printing whole Q&A threads), with `url` the page URL (`#n` for the n-th
    further message) and the title from a 标题 field or the page heading.
    """
    root = parse_html(html)
    if root is None:
        return []
    base = base_href(root, base_url)
    _drop_hidden(root)
    listed = _table_records(root, base) or _row_records(root, base)
    listed = [r for r in listed if r["url"] != base_url]
    if listed:
        return listed
    body = root.find("body")
    blocks = _labelled(_lines(body if body is not None else root))
    blocks = [b for b in blocks if {"asked_at", "answered_at", "answer", "question"} & set(b)]
    title = _page_title(root)
    return [_record(title, base_url if n == 0 else f"{base_url}#{n}", values)
            for n, values in enumerate(blocks)]
