"""The static HTML report: a folder that opens offline from disk (file://).

`build_report(session, out_dir, since=…, scheme=…)` writes
- `index.html`: open findings by severity and by rule, what changed since each unit's previous
  crawl (and since `since`, the 整改 deadline), a trend chart of the last crawls (inline SVG),
  the ranking of the scoring scheme, every unit's counts, the latest crawl's health summary;
- `units/<unit id>.html`: a unit's open findings grouped by column (new ones and those its
  latest crawl could not re-check are marked), its score, its fixed findings, the findings an
  auditor ignored with the decision trail, and the crawl problems of its latest crawl
  (print-friendly: it is the 问题清单 sent out);
- `rules/<rule id>.html`: one rule's findings across units;
- `health.html`: the failed pages and crawl problems of the latest crawl;
- `static/`: the CSS and the few lines of filter JS (no CDN, nothing fetched).

Crawled text is untrusted: templates autoescape, only http(s) URLs become links, and a
Content-Security-Policy allows no inline script. Each table is read with one query.
"""
from __future__ import annotations

import shutil
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from checks.framework import SEVERITIES
from crawler.outcomes import LABELS_ZH, REACHABLE, Outcome
from reports.charts import TrendPoint, trend_svg
from reports.common import (
    CRAWL_STATUS_LABELS,
    NO_COLUMN,
    UNIT_KIND_LABELS,
    FindingRow,
    Part,
    evidence_entries,
    is_safe_href,
    load_findings,
    rule_file_name,
    rule_info,
    severity_label,
    severity_rank,
    status_label,
)
from reports.scoring import Scheme, UnitRef, UnitScore, fmt_points, fmt_score, load_scheme, score_units
from storage.decisions import IGNORE, IGNORE_KINDS, decision_label, decisions_by_finding
from storage.findings import FIXED, NEW, STILL_OPEN, change_since_crawl, change_since_date
from storage.models import Crawl, CrawlProblem, CrawlUnit, Page, Unit

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
_OK_OUTCOMES = frozenset(str(o) for o in REACHABLE)


TREND_CRAWLS = 12  # crawls shown in the dashboard's trend chart


@lru_cache(maxsize=1)
def template_env() -> Environment:
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
    env.filters["score"] = fmt_score
    env.filters["points"] = fmt_points
    env.filters["rule_title"] = lambda rule_id: rule_info(rule_id).title
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

def evidence_html(entries: list[tuple[str, list[list[Part]]]]) -> Markup:
    """The evidence as a definition list. Built here rather than in a template because it is
    the report's hottest loop (20,000 findings); every text is escaped and only parts with an
    `href` (http(s) only: reports.common._parts) become links."""
    if not entries:
        return Markup('<span class="muted">—</span>')
    out = ['<dl class="ev">']
    for label, lines in entries:
        out.append(f"<dt>{escape(label)}</dt><dd>")
        for line in lines:
            out.append("<div>")
            for part in line:
                if part.href:
                    out.append(f'<a class="url" href="{escape(part.href)}" rel="noopener noreferrer" '
                               f'target="_blank">{escape(part.text)}</a>')
                else:
                    out.append(str(escape(part.text)))
            out.append("</div>")
        out.append("</dd>")
    out.append("</dl>")
    return Markup("".join(out))


class FindingView:
    """A finding ready to print: the row's fields, the rule's title and page, the evidence as
    HTML, and the cells every page shares (rendered once, escaped)."""

    def __init__(self, row: FindingRow, rule_title: str, rule_file: str, evidence: Markup,
                 change: str | None) -> None:
        self.__dict__.update(vars(row))
        self.row = row
        self.rule_title = rule_title
        self.rule_file = rule_file
        self.evidence_html = evidence
        self.change = change  # since the unit's previous crawl: new | still_open | fixed | None
        self.sev_cell = ""
        self.tail_cells = ""


@dataclass
class Changes:
    """How a unit's findings moved since its previous crawl, or since a date."""

    new: int = 0
    still_open: int = 0
    fixed: int = 0
    not_rechecked: int = 0

    def add(self, change: str | None) -> None:
        if change == NEW:
            self.new += 1
        elif change == STILL_OPEN:
            self.still_open += 1
        elif change == FIXED:
            self.fixed += 1

    def __iadd__(self, other: Changes) -> Changes:
        self.new += other.new
        self.still_open += other.still_open
        self.fixed += other.fixed
        self.not_rechecked += other.not_rechecked
        return self


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
    changes: Changes = field(default_factory=Changes)  # since its previous crawl
    since: Changes = field(default_factory=Changes)  # since the chosen date
    score: UnitScore | None = None
    ignored: list = field(default_factory=list)  # [(FindingRow, its ignore decision)]
    trail: list = field(default_factory=list)  # every decision on its findings, oldest first

    @property
    def crawl_id(self) -> int | None:
        return self.crawl["id"] if self.crawl else None

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

def _recent_crawls(session: Session) -> list[tuple[int, datetime]]:
    """The last TREND_CRAWLS crawls, oldest first (crawl ids grow with time)."""
    rows = session.execute(select(Crawl.id, Crawl.started_at)
                           .order_by(Crawl.id.desc()).limit(TREND_CRAWLS)).all()
    return [(cid, started) for cid, started in reversed(rows)]


def _trend(crawls: list[tuple[int, datetime]], rows: list[FindingRow]) -> list[TrendPoint]:
    """Per crawl: the findings open after it by severity, those it found first and it fixed.

    One pass: a finding is open after the crawls from its first up to (not including) the one
    that fixed it, so it adds +1 at the first point and −1 at the fixing point.
    """
    points = [TrendPoint(cid, started) for cid, started in crawls]
    ids = [p.crawl_id for p in points]
    steps: list[Counter] = [Counter() for _ in range(len(points) + 1)]
    position = {cid: i for i, cid in enumerate(ids)}
    for r in rows:
        start = bisect_left(ids, r.first_crawl_id)
        end = bisect_left(ids, r.fixed_crawl_id) if r.status == "fixed" and r.fixed_crawl_id else len(ids)
        if start < end:
            steps[start][r.severity] += 1
            steps[end][r.severity] -= 1
        if r.first_crawl_id in position:
            points[position[r.first_crawl_id]].new += 1
        if r.status == "fixed" and r.fixed_crawl_id in position:
            points[position[r.fixed_crawl_id]].fixed += 1
    running: Counter = Counter()
    for point, step in zip(points, steps):
        running.update(step)
        point.open_by_sev = {sev: n for sev, n in running.items() if n}
    return points


def _attach_decisions(session: Session, units: dict[int, UnitView], rows: list[FindingRow]) -> None:
    """Each unit's ignored findings with the decision that ignored them (None for one stored
    ignored before decisions were recorded), and the trail of every decision on its findings."""
    decisions = decisions_by_finding(session)
    for row in rows:
        unit = units.get(row.unit_id)
        if unit is None:
            continue
        items = decisions.get(row.id, [])
        if row.ignored:
            unit.ignored.append((row, next((d for d in reversed(items) if d.action == IGNORE), None)))
        unit.trail.extend({"decision": d, "row": row, "label": decision_label(d.action, d.kind)}
                          for d in items)
    for unit in units.values():
        unit.ignored.sort(key=lambda pair: pair[0].sort_key)
        unit.trail.sort(key=lambda t: (t["decision"].decided_at, t["decision"].id))


def build_report(session: Session, out_dir: Path, *, generated_at: datetime | None = None,
                 since: date | None = None, scheme: Scheme | None = None) -> Path:
    """Write the report into `out_dir` and return the path of its `index.html`.

    `since` (the 整改 deadline) adds "new / still open / fixed since that day" per unit;
    `scheme` scores and ranks the units (the shipped default scheme when None).
    """
    out_dir = Path(out_dir)
    generated_at = generated_at or datetime.now()
    scheme = scheme or load_scheme()
    latest = _latest_crawl(session)
    units = _load_units(session, latest)
    health = _load_health(session, latest, units)

    env = template_env()
    macros = env.get_template("_macros.html").module
    rules: dict[str, RuleView] = {}
    by_unit_open: dict[int, list[FindingView]] = defaultdict(list)
    by_unit_fixed: dict[int, list[FindingView]] = defaultdict(list)
    sev_totals: Counter = Counter()
    all_rows = load_findings(session, ignored=None)
    rows = [r for r in all_rows if not r.ignored]
    for row in rows:
        rule = rules.get(row.rule)
        if rule is None:
            info = rule_info(row.rule)
            rule = rules[row.rule] = RuleView(
                row.rule, info.title, info.severity or row.severity, info.indicator,
                info.description, rule_file_name(row.rule))
        unit = units.get(row.unit_id)
        change = change_since_crawl(row, unit.crawl_id if unit else None)
        view = FindingView(row, rule.title, rule.file, evidence_html(evidence_entries(row.evidence)),
                           change)
        # Rendered (and escaped) once here, reused by the unit page and the rule page.
        view.sev_cell = macros.sev_cell(view)
        view.tail_cells = macros.tail_cells(view)
        if unit:
            unit.changes.add(change)
            if since is not None:
                unit.since.add(change_since_date(row, since))
        if row.status == "open":
            rule.open.append(view)
            by_unit_open[row.unit_id].append(view)
            sev_totals[row.severity] += 1
            if unit:
                unit.open_by_sev[row.severity] += 1
                unit.open_total += 1
                unit.changes.not_rechecked += not row.rechecked
        else:
            rule.fixed.append(view)
            by_unit_fixed[row.unit_id].append(view)
            if unit:
                unit.fixed_total += 1
    _attach_decisions(session, units, all_rows)

    rankings = score_units([UnitRef(u.id, u.name, u.kind) for u in units.values() if u.crawl],
                           [r for r in rows if r.status == "open"], scheme)
    for ranking in rankings:
        for score in ranking.rows:
            units[score.unit.id].score = score

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
        "since": since,
    }

    def write(rel: str, template: str, **ctx) -> None:
        root = "../" * rel.count("/")
        html = env.get_template(template).render(root=root, **common, **ctx)
        (out_dir / rel).write_text(html, encoding="utf-8")

    totals = Changes()
    since_totals = Changes()
    for unit in units.values():
        totals += unit.changes
        since_totals += unit.since
    trend = _trend(_recent_crawls(session), rows)
    index = out_dir / "index.html"
    write("index.html", "index.html",
          units=list(units.values()), rules=rule_list, sev_totals=sev_totals,
          open_total=sum(sev_totals.values()),
          fixed_total=sum(u.fixed_total for u in units.values()),
          health=health, changes=totals, since_changes=since_totals,
          trend=trend_svg(trend) if trend else Markup(""), trend_points=trend,
          rankings=rankings, scheme=scheme)
    written_units = set()
    for unit in units.values():
        write(f"units/{unit.file}", "unit.html", unit=unit,
              groups=_group_by_column(by_unit_open.get(unit.id, [])),
              fixed=by_unit_fixed.get(unit.id, []), scheme=scheme,
              ignore_kinds=IGNORE_KINDS)
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
