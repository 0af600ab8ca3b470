"""Scores and rankings from a scoring scheme (评分方案) in YAML, like the indicator tables of
黄冈 (seeds/003) and the ranking tables of 鄂州 (seeds/000).

A scheme gives, per unit kind (government / department), categories (一级指标) with full
points, the deduction of each rule per finding (capped per rule and per category: 扣完为止),
and veto rules (单项否决). A category with `points: 0` is a pure deduction column (扣分项).
Only open, not ignored findings of severity veto / major / minor count; `info` findings are
hints, never deductions. Arithmetic is decimal, scores are shown with two decimals, and equal
scores share a rank (1, 2, 2, 4) as in the 鄂州 tables; units with a veto rank after the rest.

`load_scheme(path)` reads and checks a scheme (errors name file, line and key, exit 2);
`score_units()` is pure; `rankings_for()` reads the database for the CLI and the bulletin (the
findings open after the period's last crawl: crawl ids, not dates, so a check run with another
`--as-of` cannot shift them).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.yamlfile import ConfigError, YamlDoc, load_yaml
from reports.period import Period
from storage.findings import open_after_crawl

DEFAULT_SCHEME_PATH = Path(__file__).with_name("default_scoring.yaml")
UNIT_KINDS = ("government", "department")
SCORED_SEVERITIES = frozenset({"veto", "major", "minor"})
VETO_LABEL = "单项否决"
CENT = Decimal("0.01")


# -- the scheme ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Deduction:
    rule: str
    per: Decimal  # points per finding
    max: Decimal | None  # at most this much for the rule (None: the category's cap)


@dataclass(frozen=True)
class Category:
    name: str
    points: Decimal  # full marks; 0 for a deduction-only column (扣分项)
    cap: Decimal | None  # the most the category can lose (None: no limit, deduction-only)
    deductions: dict[str, Deduction]

    @property
    def deduction_only(self) -> bool:
        return self.points == 0

    @property
    def header(self) -> str:
        """The column title of the ranking tables: "主动公开 (56)", "扣分项"."""
        return self.name if self.deduction_only else f"{self.name} ({fmt_points(self.points)})"


@dataclass(frozen=True)
class KindScheme:
    kind: str
    label: str
    categories: tuple[Category, ...]
    veto_rules: frozenset[str]

    @property
    def full_marks(self) -> Decimal:
        return sum((c.points for c in self.categories), Decimal(0))

    def category_of(self, rule: str) -> Category | None:
        return next((c for c in self.categories if rule in c.deductions), None)


@dataclass(frozen=True)
class Grade:
    min: Decimal
    label: str


@dataclass(frozen=True)
class Scheme:
    name: str
    source: str
    kinds: dict[str, KindScheme]
    grades: tuple[Grade, ...]  # highest `min` first

    def grade(self, total: Decimal) -> str | None:
        return next((g.label for g in self.grades if total >= g.min), None)

    def scored_rules(self) -> set[str]:
        return {r for k in self.kinds.values() for c in k.categories for r in c.deductions}


def fmt_points(value: Decimal) -> str:
    """7 → "7", 0.5 → "0.5" (full marks and per-finding points as the tables print them)."""
    return format(value.normalize(), "f")


def fmt_score(value: Decimal) -> str:
    """A score as the ranking tables print it: two decimals (89.75, 7.00)."""
    return format(value.quantize(CENT), "f")


# -- loading ------------------------------------------------------------------------------

def _number(doc: YamlDoc, value: Any, path: tuple) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise doc.error(path, f"必须是非负数, 而不是 {value!r}")
    return Decimal(str(value))


def _mapping(doc: YamlDoc, value: Any, path: tuple, allowed: set[str]) -> dict:
    if not isinstance(value, dict):
        raise doc.error(path, "必须是映射 (mapping)")
    for key in value:
        if key not in allowed:
            raise doc.error(path + (key,), f"未知的配置项 (可用: {', '.join(sorted(allowed))})")
    return value


def _deduction(doc: YamlDoc, rule: str, spec: Any, path: tuple) -> Deduction:
    if isinstance(spec, dict):
        _mapping(doc, spec, path, {"per", "max"})
        if "per" not in spec:
            raise doc.error(path, "缺少 per (每处扣分)")
        per = _number(doc, spec["per"], path + ("per",))
        cap = _number(doc, spec["max"], path + ("max",)) if spec.get("max") is not None else None
        return Deduction(rule, per, cap)
    return Deduction(rule, _number(doc, spec, path), None)


def _category(doc: YamlDoc, raw: Any, path: tuple, known_rules: set[str]) -> Category:
    _mapping(doc, raw, path, {"name", "points", "cap", "deductions"})
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise doc.error(path + ("name",), "必须是非空的类别名称")
    points = _number(doc, raw.get("points"), path + ("points",))
    cap = _number(doc, raw["cap"], path + ("cap",)) if raw.get("cap") is not None else None
    if points and cap is not None and cap > points:
        raise doc.error(path + ("cap",), f"扣分上限 {cap} 不能超过本类别分值 {points}")
    deductions_raw = raw.get("deductions") or {}
    if not isinstance(deductions_raw, dict):
        raise doc.error(path + ("deductions",), "必须是映射: 规则编号 → 每处扣分")
    deductions = {}
    for rule, spec in deductions_raw.items():
        if rule not in known_rules:
            raise doc.error(path + ("deductions", rule), "未知的规则编号")
        deductions[rule] = _deduction(doc, rule, spec, path + ("deductions", rule))
    return Category(name.strip(), points, cap if cap is not None else (points or None), deductions)


def _kind(doc: YamlDoc, kind: str, raw: Any, known_rules: set[str]) -> KindScheme:
    path = ("kinds", kind)
    _mapping(doc, raw, path, {"label", "categories", "veto_rules"})
    cats_raw = raw.get("categories")
    if not isinstance(cats_raw, list) or not cats_raw:
        raise doc.error(path + ("categories",), "必须是非空列表")
    categories: list[Category] = []
    placed: dict[str, str] = {}
    for i, item in enumerate(cats_raw):
        cat = _category(doc, item, path + ("categories", i), known_rules)
        if any(c.name == cat.name for c in categories):
            raise doc.error(path + ("categories", i, "name"), f"类别名称重复: {cat.name}")
        for rule in cat.deductions:
            if rule in placed:
                raise doc.error(path + ("categories", i, "deductions", rule),
                                f"该规则已在“{placed[rule]}”类别中计分")
            placed[rule] = cat.name
        categories.append(cat)
    veto = raw.get("veto_rules") or []
    if not isinstance(veto, list):
        raise doc.error(path + ("veto_rules",), "必须是规则编号列表")
    for i, rule in enumerate(veto):
        if rule not in known_rules:
            raise doc.error(path + ("veto_rules", i), f"未知的规则编号 {rule!r}")
    label = raw.get("label", kind)
    if not isinstance(label, str):
        raise doc.error(path + ("label",), "必须是字符串")
    return KindScheme(kind, label, tuple(categories), frozenset(veto))


def _grades(doc: YamlDoc, raw: Any) -> tuple[Grade, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise doc.error(("grades",), "必须是列表: [{min: 90, label: 优秀}, …]")
    grades = []
    for i, item in enumerate(raw):
        _mapping(doc, item, ("grades", i), {"min", "label"})
        if not isinstance(item.get("label"), str):
            raise doc.error(("grades", i, "label"), "必须是字符串")
        grades.append(Grade(_number(doc, item.get("min"), ("grades", i, "min")), item["label"]))
    return tuple(sorted(grades, key=lambda g: -g.min))


def _registry_rules() -> set[str]:
    from checks.registry import RULES

    return {r.id for r in RULES}


def load_scheme(path: str | Path | None = None, known_rules: set[str] | None = None) -> Scheme:
    """The scheme at `path` (the shipped default when None). A scheme file stands alone: it
    replaces the default. Rule ids are checked against `known_rules` (default: the registry)."""
    doc = load_yaml(path or DEFAULT_SCHEME_PATH)
    known = known_rules if known_rules is not None else _registry_rules()
    if doc.data is None:
        raise ConfigError(doc.source, None, "", "文件为空")
    data = _mapping(doc, doc.data, (), {"name", "grades", "kinds"})
    kinds_raw = data.get("kinds")
    if not isinstance(kinds_raw, dict) or not kinds_raw:
        raise doc.error(("kinds",), "必须为 government 和/或 department 给出评分类别")
    kinds = {}
    for kind, raw in kinds_raw.items():
        if kind not in UNIT_KINDS:
            raise doc.error(("kinds", kind), f"必须是 {' 或 '.join(UNIT_KINDS)}")
        kinds[kind] = _kind(doc, kind, raw, known)
    name = data.get("name", "评分方案")
    return Scheme(str(name), doc.source, kinds, _grades(doc, data.get("grades")))


# -- scoring ------------------------------------------------------------------------------

class Scorable(Protocol):
    unit_id: int
    rule: str
    severity: str


@dataclass(frozen=True)
class UnitRef:
    id: int
    name: str
    kind: str


@dataclass
class RuleLine:
    """One rule's deduction within a category: count × per, capped by the rule's max."""

    rule: str
    count: int
    per: Decimal
    amount: Decimal


@dataclass
class CategoryScore:
    category: Category
    lines: list[RuleLine] = field(default_factory=list)
    deducted: Decimal = Decimal(0)  # after the category cap

    @property
    def value(self) -> Decimal:
        """The points kept (the deduction itself for a 扣分项 column)."""
        return self.deducted if self.category.deduction_only else self.category.points - self.deducted


@dataclass
class UnitScore:
    unit: UnitRef
    categories: list[CategoryScore]
    total: Decimal
    veto_rules: list[str]  # the veto rules the unit has open findings of
    grade: str | None
    rank: int = 0

    @property
    def vetoed(self) -> bool:
        return bool(self.veto_rules)


@dataclass
class Ranking:
    kind: KindScheme
    rows: list[UnitScore]


def _score_unit(unit: UnitRef, kind: KindScheme, counts: Counter, scheme: Scheme) -> UnitScore:
    categories = []
    for cat in kind.categories:
        score = CategoryScore(cat)
        for rule, d in cat.deductions.items():
            n = counts.get(rule, 0)
            if not n:
                continue
            amount = d.per * n
            if d.max is not None:
                amount = min(amount, d.max)
            score.lines.append(RuleLine(rule, n, d.per, amount))
        raw = sum((line.amount for line in score.lines), Decimal(0))
        score.deducted = min(raw, cat.cap) if cat.cap is not None else raw
        categories.append(score)
    total = sum((c.value for c in categories if not c.category.deduction_only), Decimal(0)) \
        - sum((c.deducted for c in categories if c.category.deduction_only), Decimal(0))
    total = max(total, Decimal(0)).quantize(CENT)
    veto = sorted(r for r in kind.veto_rules if counts.get(r))
    grade = VETO_LABEL if veto else scheme.grade(total)
    return UnitScore(unit, categories, total, veto, grade)


def assign_ranks(rows: list[UnitScore]) -> list[UnitScore]:
    """Sort best first (units with a veto last) and give equal totals the same rank (1, 2, 2, 4)."""
    rows = sorted(rows, key=lambda r: (r.vetoed, -r.total, r.unit.id))
    for i, row in enumerate(rows):
        prev = rows[i - 1] if i else None
        same = prev is not None and prev.vetoed == row.vetoed and prev.total == row.total
        row.rank = prev.rank if same else i + 1
    return rows


def score_units(units: Iterable[UnitRef], findings: Iterable[Scorable], scheme: Scheme
                ) -> list[Ranking]:
    """The ranking of each unit kind the scheme scores, from the findings to count (the caller
    passes open, not ignored ones); units of a kind the scheme lacks are left out."""
    counts: dict[int, Counter] = defaultdict(Counter)
    for f in findings:
        if f.severity in SCORED_SEVERITIES:
            counts[f.unit_id][f.rule] += 1
    by_kind: dict[str, list[UnitScore]] = defaultdict(list)
    for unit in units:
        kind = scheme.kinds.get(unit.kind)
        if kind is not None:
            by_kind[unit.kind].append(_score_unit(unit, kind, counts[unit.id], scheme))
    return [Ranking(kind, assign_ranks(by_kind[k])) for k, kind in scheme.kinds.items()
            if by_kind.get(k)]


# -- from the database --------------------------------------------------------------------

@dataclass
class RankingResult:
    rankings: list[Ranking]
    period: Period | None
    crawl_ids: frozenset[int]  # the crawls of the period (all crawls when no period)
    last_crawl_id: int | None  # the scores describe the findings open after this crawl
    as_of: date | None  # the day of that crawl

    def by_unit(self) -> dict[int, UnitScore]:
        return {row.unit.id: row for r in self.rankings for row in r.rows}


def rankings_for(session: Session, scheme: Scheme, period: Period | None = None) -> RankingResult:
    """Rank the units crawled in `period` (ever, when None) on the findings open after the
    period's last crawl. Raises ValueError when the period has no crawl."""
    from reports.common import load_findings
    from storage.models import Crawl, CrawlUnit, Unit

    in_period = []
    if period is not None:
        first, after = period.bounds()
        in_period = [Crawl.started_at >= first, Crawl.started_at < after]
    crawls = session.execute(select(Crawl.id, Crawl.started_at).where(*in_period)
                             .order_by(Crawl.started_at, Crawl.id)).all()
    if not crawls:
        if period is not None:
            raise ValueError(f"{period.label}（{period.start} 至 {period.end}）没有抓取记录")
        return RankingResult([], period, frozenset(), None, None)
    last_id, last_at = crawls[-1]
    crawled = session.scalars(select(CrawlUnit.unit_id).join(Crawl, Crawl.id == CrawlUnit.crawl_id)
                              .where(*in_period).distinct()).all()
    units = [UnitRef(uid, name, kind) for uid, name, kind in session.execute(
        select(Unit.id, Unit.name, Unit.kind).where(Unit.id.in_(crawled)).order_by(Unit.id))]
    findings = [f for f in load_findings(session, unit_ids=list(crawled)) if open_after_crawl(f, last_id)]
    return RankingResult(score_units(units, findings, scheme), period,
                         frozenset(cid for cid, _ in crawls), last_id, last_at.date())
