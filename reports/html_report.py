"""The static HTML report: a folder that opens offline from disk (file://).

`build_report(session, out_dir)` writes
- `index.html`: open findings by severity and by rule, every unit's open counts, the latest
  crawl's health summary;
- `units/<unit id>.html`: a unit's open findings grouped by column, its fixed findings and the
  crawl problems of its latest crawl (print-friendly: it is the 问题清单 sent out);
- `rules/<rule id>.html`: one rule's findings across units;
- `health.html`: the failed pages and crawl problems of the latest crawl;
- `static/`: the CSS and the few lines of filter JS (no CDN, nothing fetched).

Crawled text is untrusted: templates autoescape, only http(s) URLs become links, and a
Content-Security-Policy allows no inline script. Each table is read with one query.
"""
from __future__ import annotations

import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from checks.framework import SEVERITIES
from crawler.outcomes import LABELS_ZH, REACHABLE, Outcome
from reports.common import (
    CRAWL_STATUS_LABELS,
    NO_COLUMN,
    UNIT_KIND_LABELS,
    FindingRow,
    evidence_entries,
    is_safe_href,
    load_findings,
    rule_file_name,
    rule_info,
    severity_label,
    severity_rank,
    status_label,
)
from storage.models import Crawl, CrawlProblem, CrawlUnit, Page, Unit

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
_OK_OUTCOMES = frozenset(str(o) for o in REACHABLE)


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every template, whatever its name: crawled text is untrusted
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_href"] = lambda url: url if is_safe_href(url) else None
    env.filters["sev_label"] = severity_label
    env.filters["sev_class"] = lambda sev: sev if sev in SEVERITIES else "other"
    env.filters["dt"] = _fmt_datetime
    env.globals["SEVERITIES"] = SEVERITIES
    return env


def _fmt_datetime(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def _fmt_duration(delta: timedelta | None) -> str:
    if delta is None:
        return "未结束"
    seconds = max(0, int(delta.total_seconds()))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    if h:
        return f"{h} 小时 {m} 分"
    if m:
        return f"{m} 分 {s} 秒"
    return f"{s} 秒"


def outcome_label(kind: str) -> str:
    """The Chinese label of a page outcome or crawl-problem kind ("not_checked:<rule>")."""
    if kind.startswith("not_checked:"):
        return "未能检查：" + rule_info(kind.split(":", 1)[1]).title
    try:
        return LABELS_ZH[Outcome(kind)]
    except ValueError:
        return kind


# -- view models ---------------------------------------------------------------------------

class FindingView:
    """A finding ready to print: the row's fields, the rule's title and page, the evidence as
    definition-list entries, and the cells every page shares (rendered once, escaped)."""

    def __init__(self, row: FindingRow, rule_title: str, rule_file: str, evidence: list) -> None:
        self.__dict__.update(vars(row))
        self.row = row
        self.rule_title = rule_title
        self.rule_file = rule_file
        self.evidence = evidence
        self.sev_cell = ""
        self.tail_cells = ""


@dataclass
class UnitView:
    id: int
    name: str
    kind: str
    home: str
    open_by_sev: Counter = field(default_factory=Counter)
    open_total: int = 0
    fixed_total: int = 0
    problems: list = field(default_factory=list)
    crawl: dict | None = None  # this unit's latest crawl: id, status, disclosure_url

    @property
    def kind_label(self) -> str:
        return UNIT_KIND_LABELS.get(self.kind, self.kind)

    @property
    def file(self) -> str:
        return f"{self.id}.html"

    @property
    def sev_tokens(self) -> str:
        return " ".join(s for s in SEVERITIES if self.open_by_sev[s])


@dataclass
class RuleView:
    id: str
    title: str
    severity: str
    indicator: str
    description: str
    file: str
    open: list = field(default_factory=list)
    fixed: list = field(default_factory=list)

    @property
    def units_affected(self) -> int:
        return len({f.unit_id for f in self.open})


def _group_by_column(findings: list[FindingView]) -> list[tuple[str, list[FindingView]]]:
    groups: dict[str | None, list[FindingView]] = defaultdict(list)
    for f in findings:
        groups[f.column or None].append(f)
    # Site-level findings first, then the columns with the gravest findings.
    ordered = sorted(groups.items(), key=lambda kv: (
        kv[0] is not None, min(severity_rank(f.severity) for f in kv[1]), kv[0] or ""))
    return [(name or NO_COLUMN, items) for name, items in ordered]


# -- loading -------------------------------------------------------------------------------

def _latest_crawl(session: Session) -> Crawl | None:
    return session.execute(
        select(Crawl).order_by(Crawl.started_at.desc(), Crawl.id.desc()).limit(1)
    ).scalar_one_or_none()


def _unit_latest_crawls(session: Session):
    """Per unit, the latest crawl that covered it (subquery unit_id → cid)."""
    return (
        select(CrawlUnit.unit_id, func.max(CrawlUnit.crawl_id).label("cid"))
        .group_by(CrawlUnit.unit_id)
        .subquery()
    )


def _load_units(session: Session, latest: Crawl | None) -> dict[int, UnitView]:
    units = {
        u.id: UnitView(u.id, u.name, u.kind, u.home)
        for u in session.execute(select(Unit.id, Unit.name, Unit.kind, Unit.home).order_by(Unit.id))
    }
    sub = _unit_latest_crawls(session)
    for cu in session.execute(
        select(CrawlUnit.unit_id, CrawlUnit.crawl_id, CrawlUnit.status, CrawlUnit.disclosure_url)
        .join(sub, and_(CrawlUnit.unit_id == sub.c.unit_id, CrawlUnit.crawl_id == sub.c.cid))
    ):
        if cu.unit_id in units:
            units[cu.unit_id].crawl = {
                "id": cu.crawl_id,
                "status": CRAWL_STATUS_LABELS.get(cu.status, cu.status),
                "disclosure_url": cu.disclosure_url,
            }
    # Crawl problems of each unit's latest crawl (the overall latest when none is recorded).
    latest_id = latest.id if latest else -1
    stmt = (
        select(CrawlProblem.unit_id, CrawlProblem.crawl_id, CrawlProblem.url,
               CrawlProblem.kind, CrawlProblem.detail)
        .outerjoin(sub, CrawlProblem.unit_id == sub.c.unit_id)
        .where(or_(CrawlProblem.crawl_id == sub.c.cid,
                   and_(sub.c.cid.is_(None), CrawlProblem.crawl_id == latest_id)))
        .order_by(CrawlProblem.unit_id, CrawlProblem.kind, CrawlProblem.url)
    )
    for p in session.execute(stmt):
        if p.unit_id in units:
            units[p.unit_id].problems.append(_problem_view(p))
    return units


def _problem_view(p) -> dict:
    return {"unit_id": p.unit_id, "url": p.url, "kind": p.kind,
            "label": outcome_label(p.kind), "detail": p.detail or ""}


def _load_health(session: Session, latest: Crawl | None, units: dict[int, UnitView]) -> dict | None:
    if latest is None:
        return None
    by_outcome: Counter = Counter()
    per_unit: dict[int, dict] = defaultdict(lambda: {"pages": 0, "failed": 0, "problems": 0})
    for unit_id, outcome, n in session.execute(
        select(Page.unit_id, Page.outcome, func.count())
        .where(Page.crawl_id == latest.id)
        .group_by(Page.unit_id, Page.outcome)
    ):
        by_outcome[outcome] += n
        per_unit[unit_id]["pages"] += n
        if outcome not in _OK_OUTCOMES:
            per_unit[unit_id]["failed"] += n
    failed_pages = [
        {"unit_id": p.unit_id, "unit": units[p.unit_id].name if p.unit_id in units else str(p.unit_id),
         "url": p.url, "role": p.role, "outcome": p.outcome, "label": outcome_label(p.outcome),
         "http_status": p.http_status, "error": p.error or "", "fetched_at": p.fetched_at}
        for p in session.execute(
            select(Page.unit_id, Page.url, Page.role, Page.outcome, Page.http_status,
                   Page.error, Page.fetched_at)
            .where(Page.crawl_id == latest.id, Page.outcome.not_in(_OK_OUTCOMES))
            .order_by(Page.unit_id, Page.outcome, Page.url)
        )
    ]
    problems = []
    for p in session.execute(
        select(CrawlProblem.unit_id, CrawlProblem.crawl_id, CrawlProblem.url,
               CrawlProblem.kind, CrawlProblem.detail)
        .where(CrawlProblem.crawl_id == latest.id)
        .order_by(CrawlProblem.unit_id, CrawlProblem.kind, CrawlProblem.url)
    ):
        view = _problem_view(p)
        view["unit"] = units[p.unit_id].name if p.unit_id in units else str(p.unit_id)
        problems.append(view)
        per_unit[p.unit_id]["problems"] += 1
    crawl_units = {
        cu.unit_id: CRAWL_STATUS_LABELS.get(cu.status, cu.status)
        for cu in session.execute(
            select(CrawlUnit.unit_id, CrawlUnit.status).where(CrawlUnit.crawl_id == latest.id))
    }
    unit_rows = [
        {"unit": units[uid], "status": crawl_units.get(uid, "—"), **per_unit[uid]}
        for uid in units if uid in crawl_units or uid in per_unit
    ]
    total = sum(by_outcome.values())
    failed = sum(n for o, n in by_outcome.items() if o not in _OK_OUTCOMES)
    outcomes = sorted(
        ({"outcome": o, "label": outcome_label(o), "count": n} for o, n in by_outcome.items()
         if o not in _OK_OUTCOMES),
        key=lambda r: (-r["count"], r["outcome"]),
    )
    duration = (latest.finished_at - latest.started_at) if latest.finished_at else None
    return {
        "crawl": latest,
        "status": CRAWL_STATUS_LABELS.get(latest.status, latest.status),
        "duration": _fmt_duration(duration),
        "pages": total,
        "ok": total - failed,
        "failed": failed,
        "outcomes": outcomes,
        "failed_pages": failed_pages,
        "problems": problems,
        "unit_rows": unit_rows,
    }


# -- building ------------------------------------------------------------------------------

def build_report(session: Session, out_dir: Path, *, generated_at: datetime | None = None) -> Path:
    """Write the report into `out_dir` and return the path of its `index.html`."""
    out_dir = Path(out_dir)
    generated_at = generated_at or datetime.now()
    latest = _latest_crawl(session)
    units = _load_units(session, latest)
    health = _load_health(session, latest, units)

    env = _env()
    macros = env.get_template("_macros.html").module
    rules: dict[str, RuleView] = {}
    by_unit_open: dict[int, list[FindingView]] = defaultdict(list)
    by_unit_fixed: dict[int, list[FindingView]] = defaultdict(list)
    sev_totals: Counter = Counter()
    for row in load_findings(session):
        rule = rules.get(row.rule)
        if rule is None:
            info = rule_info(row.rule)
            rule = rules[row.rule] = RuleView(
                row.rule, info.title, info.severity or row.severity, info.indicator,
                info.description, rule_file_name(row.rule))
        view = FindingView(row, rule.title, rule.file, evidence_entries(row.evidence))
        # Rendered (and escaped) once here, reused by the unit page and the rule page.
        view.sev_cell = macros.sev_cell(view)
        view.tail_cells = macros.tail_cells(view)
        unit = units.get(row.unit_id)
        if row.status == "open":
            rule.open.append(view)
            by_unit_open[row.unit_id].append(view)
            sev_totals[row.severity] += 1
            if unit:
                unit.open_by_sev[row.severity] += 1
                unit.open_total += 1
        else:
            rule.fixed.append(view)
            by_unit_fixed[row.unit_id].append(view)
            if unit:
                unit.fixed_total += 1

    rule_list = sorted(rules.values(), key=lambda r: (severity_rank(r.severity), -len(r.open), r.id))
    for r in rule_list:
        r.open.sort(key=lambda f: (f.unit_id, *f.row.sort_key))
        r.fixed.sort(key=lambda f: (f.unit_id, *f.row.sort_key))

    (out_dir / "units").mkdir(parents=True, exist_ok=True)
    (out_dir / "rules").mkdir(parents=True, exist_ok=True)
    shutil.copytree(STATIC, out_dir / "static", dirs_exist_ok=True)

    common = {
        "generated_at": generated_at,
        "latest": latest,
        "status_label": status_label,
    }

    def write(rel: str, template: str, **ctx) -> None:
        root = "../" * rel.count("/")
        html = env.get_template(template).render(root=root, **common, **ctx)
        (out_dir / rel).write_text(html, encoding="utf-8")

    index = out_dir / "index.html"
    write("index.html", "index.html",
          units=list(units.values()), rules=rule_list, sev_totals=sev_totals,
          open_total=sum(sev_totals.values()),
          fixed_total=sum(u.fixed_total for u in units.values()),
          health=health)
    written_units = set()
    for unit in units.values():
        write(f"units/{unit.file}", "unit.html", unit=unit,
              groups=_group_by_column(by_unit_open.get(unit.id, [])),
              fixed=by_unit_fixed.get(unit.id, []))
        written_units.add(unit.file)
    written_rules = set()
    for rule in rule_list:
        write(f"rules/{rule.file}", "rule.html", rule=rule, units=units,
              unit_names=sorted({f.unit for f in rule.open + rule.fixed}))
        written_rules.add(rule.file)
    write("health.html", "health.html", health=health,
          unit_names=sorted({r["unit"].name for r in health["unit_rows"]}) if health else [])

    # Pages of units and rules that are gone since the last build would mislead: remove them.
    for sub, keep in (("units", written_units), ("rules", written_rules)):
        for stale in (out_dir / sub).glob("*.html"):
            if stale.name not in keep:
                stale.unlink()
    return index
