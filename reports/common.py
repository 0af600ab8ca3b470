"""What the HTML report and the exports share: labels, rule look-up, evidence text, safe links.

Everything a crawl stored (titles, URLs, evidence) is untrusted: it is escaped by the templates,
only http(s) URLs become links, and spreadsheet cells never start a formula.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from checks.framework import SEVERITIES, SEVERITY_LABELS

SEVERITY_RANK = {sev: i for i, sev in enumerate(SEVERITIES)}
STATUS_LABELS = {"open": "未整改", "fixed": "已整改"}
UNIT_KIND_LABELS = {"government": "政府门户", "department": "部门网站"}
CRAWL_STATUS_LABELS = {"running": "进行中", "complete": "已完成", "aborted": "已中止"}
NO_COLUMN = "全站 / 未归属栏目"

#: Readable names for the evidence keys the rules use; unknown keys are shown as they are.
EVIDENCE_LABELS = {
    "expected": "要求",
    "seen": "实际情况",
    "page": "页面",
    "sources": "引用页面",
    "fetched_at": "抓取时间",
    "checked_at": "检测时间",
    "attempts": "检测记录",
    "outcome": "抓取结果",
    "status": "HTTP 状态",
    "http_status": "HTTP 状态",
    "threshold": "阈值",
    "days": "天数",
    "newest": "最新日期",
    "newest_date": "最新日期",
    "latest": "最新日期",
    "date": "日期",
    "deadline": "期限",
    "missing": "缺少",
    "found": "找到",
    "count": "数量",
    "items": "条目",
    "title": "标题",
    "column": "栏目",
    "url": "链接",
    "similarity": "相似度",
    "value": "取值",
    "text": "文字",
    "reason": "原因",
}
#: Keys shown first, in this order; the rest follow in stored order, `fetched_at` last.
_EVIDENCE_FIRST = ("expected", "seen")
_EVIDENCE_LAST = ("fetched_at", "checked_at")
#: Long lists (a dead link referenced from 300 pages) are cut to this many entries.
MAX_LIST_ITEMS = 10

_ISO_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?$")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
_HTTP_URL = re.compile(r"https?://[^/?#\\]", re.IGNORECASE)  # scheme, then a host


def severity_label(severity: str) -> str:
    return SEVERITY_LABELS.get(severity, severity)


def severity_rank(severity: str) -> int:
    return SEVERITY_RANK.get(severity, len(SEVERITY_RANK))


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


@dataclass(frozen=True)
class RuleInfo:
    id: str
    title: str
    severity: str | None
    indicator: str
    description: str
    known: bool


@lru_cache(maxsize=1)
def _registry() -> dict:
    try:
        from checks.registry import RULES_BY_ID
    except ImportError:  # an older checkout without the catalogue: bare ids
        return {}
    return dict(RULES_BY_ID)


def rule_info(rule_id: str) -> RuleInfo:
    """The catalogue entry for `rule_id`, or a stand-in naming the bare id (a newer DB's rule)."""
    rule = _registry().get(rule_id)
    if rule is None:
        return RuleInfo(rule_id, rule_id, None, "", "", False)
    return RuleInfo(rule.id, rule.title, rule.severity, rule.indicator, rule.description, True)


def is_safe_href(url: object) -> bool:
    """True only for an absolute http(s) URL with a host and no control characters or spaces.

    Browsers strip tabs and newlines inside a scheme (`java\\tscript:`), so any control
    character makes the URL plain text.
    """
    return isinstance(url, str) and bool(_HTTP_URL.match(url)) and not _CONTROL.search(url)


def rule_file_name(rule_id: str) -> str:
    """A file name for a rule page: the id with dots kept, anything odd replaced and hashed."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", rule_id)[:80].lstrip(".") or "_"
    if safe != rule_id:
        safe += "-" + hashlib.sha1(rule_id.encode("utf-8")).hexdigest()[:8]
    return safe + ".html"


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _scalar_text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    if isinstance(value, (date, datetime)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    text = str(value)
    m = _ISO_DATETIME.match(text)
    if m:
        return f"{m.group(1)} {m.group(2)}"
    return text


def _dict_text(value: dict) -> str:
    # A page reference ({"url":…, "text":…}) reads best as "url（text）".
    if "url" in value and set(value) <= {"url", "text", "title"}:
        label = value.get("text") or value.get("title")
        return f"{value['url']}（{label}）" if label else str(value["url"])
    return "，".join(f"{evidence_label(k)}: {value_text(v)}" for k, v in value.items())


def value_text(value: object) -> str:
    """One evidence value as compact, readable text (for CSV/XLSX cells)."""
    if isinstance(value, dict):
        return _dict_text(value)
    if isinstance(value, (list, tuple)):
        shown = [value_text(v) for v in value[:MAX_LIST_ITEMS]]
        if len(value) > MAX_LIST_ITEMS:
            shown.append(f"…等共 {len(value)} 项")
        return "、".join(shown) if all(len(s) < 40 for s in shown) else "；".join(shown)
    return _scalar_text(value)


def evidence_label(key: str) -> str:
    return EVIDENCE_LABELS.get(key, key)


def ordered_evidence(evidence: dict | None) -> list[tuple[str, object]]:
    """The evidence items in reading order: expected, seen, the rest, fetched_at."""
    if not isinstance(evidence, dict):
        return [] if evidence in (None, "") else [("value", evidence)]
    first = [k for k in _EVIDENCE_FIRST if k in evidence]
    last = [k for k in _EVIDENCE_LAST if k in evidence]
    middle = [k for k in evidence if k not in first and k not in last]
    return [(str(k), evidence[k]) for k in first + middle + last]


def evidence_text(evidence: dict | None) -> str:
    """The whole evidence as one line: "要求: …；实际情况: …；抓取时间: …"."""
    return "；".join(f"{evidence_label(k)}: {value_text(v)}" for k, v in ordered_evidence(evidence))


# -- evidence as structured parts, for the HTML definition list -------------------------

@dataclass(frozen=True)
class Part:
    """A piece of an evidence value: plain text, or a link when `href` is set (http(s) only)."""

    text: str
    href: str | None = None


def _parts(value: object) -> list[Part]:
    if isinstance(value, dict) and "url" in value and set(value) <= {"url", "text", "title"}:
        url = str(value["url"])
        label = value.get("text") or value.get("title")
        link = Part(url, url if is_safe_href(url) else None)
        return [link, Part(f"（{label}）")] if label else [link]
    if isinstance(value, str) and is_safe_href(value):
        return [Part(value, value)]
    return [Part(value_text(value))]


def evidence_entries(evidence: dict | None) -> list[tuple[str, list[list[Part]]]]:
    """(label, lines) pairs; each line is a list of parts (a list value gives one line each)."""
    entries = []
    for key, value in ordered_evidence(evidence):
        if isinstance(value, (list, tuple)):
            lines = [_parts(v) for v in value[:MAX_LIST_ITEMS]]
            if len(value) > MAX_LIST_ITEMS:
                lines.append([Part(f"…等共 {len(value)} 项")])
            if not lines:
                lines = [[Part("（无）")]]
        else:
            lines = [_parts(value)]
        entries.append((evidence_label(key), lines))
    return entries


# -- loading ----------------------------------------------------------------------------

@dataclass(frozen=True)
class FindingRow:
    id: int
    unit_id: int
    unit: str
    rule: str
    severity: str
    url: str
    column: str | None
    message: str
    evidence: dict
    first_seen: date
    last_seen: date
    status: str
    fixed_at: date | None
    first_crawl_id: int
    fixed_crawl_id: int | None
    rechecked: bool
    ignored: bool

    @property
    def sort_key(self) -> tuple:
        return (severity_rank(self.severity), self.rule, self.column or "", self.url, self.id)


def load_findings(session, *, unit_ids: list[int] | None = None,
                  statuses: tuple[str, ...] = ("open", "fixed"),
                  ignored: bool | None = False) -> list[FindingRow]:
    """Every finding with one of `statuses`, in one query. Ignored findings (an auditor's
    误报 / 不适用) are left out unless `ignored` is True (only them) or None (all)."""
    from sqlalchemy import select

    from storage.models import Finding, Unit

    f = Finding
    stmt = (
        select(f.id, f.unit_id, Unit.name, f.rule, f.severity, f.url, f.column, f.message,
               f.evidence, f.first_seen, f.last_seen, f.status, f.fixed_at, f.first_crawl_id,
               f.fixed_crawl_id, f.rechecked, f.ignored)
        .join(Unit, Unit.id == f.unit_id)
        .where(f.status.in_(statuses))
    )
    if ignored is not None:
        stmt = stmt.where(f.ignored.is_(ignored))
    if unit_ids is not None:
        stmt = stmt.where(f.unit_id.in_(unit_ids))
    rows = [FindingRow(*r) for r in session.execute(stmt)]
    rows.sort(key=lambda r: (r.unit_id, r.status != "open", *r.sort_key))
    return rows
