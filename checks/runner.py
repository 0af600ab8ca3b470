"""Runs every registered rule over one crawl and reconciles the findings in storage."""
from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import get_context

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from checks.framework import Finding, NotChecked, Rule
from checks.profile import Profile
from checks.registry import RULES, RULES_BY_ID
from checks.snapshot import UnitSnapshot, load_snapshot
from crawler.outcomes import REACHABLE
from storage import models as m
from storage.findings import ReconcileSummary, reconcile

log = logging.getLogger(__name__)

#: From this many units on, `run_checks` audits them in a process pool by default (below it,
#: starting the processes costs more than it saves).
POOL_MIN_UNITS = 10


@dataclass
class CheckRun:
    crawl_id: int
    as_of: date
    units: dict[str, ReconcileSummary] = field(default_factory=dict)


def audit_unit(snapshot: UnitSnapshot, profile: Profile, as_of: date,
               rules: tuple[Rule, ...] = RULES) -> tuple[list[tuple[Finding, Rule]], list[NotChecked]]:
    """All findings and not-checked notes of one unit (pure: no storage)."""
    findings: list[tuple[Finding, Rule]] = []
    skipped: list[NotChecked] = []
    for rule in rules:
        try:
            for result in rule.audit(snapshot, profile, as_of):
                if isinstance(result, NotChecked):
                    skipped.append(result)
                else:
                    findings.append((result, rule))
        except Exception as exc:  # a rule bug must not silence the others
            log.exception("[%s] rule %s failed", snapshot.unit, rule.id)
            skipped.append(NotChecked(rule.id, snapshot.home_url, f"rule error: {exc}"))
    return findings, skipped


def _source_urls(evidence: object) -> list[str]:
    """The pages a finding's evidence names as linking to its URL (link.dead's `sources`)."""
    sources = evidence.get("sources") if isinstance(evidence, dict) else None
    if not isinstance(sources, list):
        return []
    return [str(s.get("url")) if isinstance(s, dict) else str(s) for s in sources]


@dataclass(frozen=True)
class UnitAudit:
    """What the checks of one unit gave, and which places its crawl looked at (for reconcile)."""

    unit: str
    findings: list[tuple[Finding, str]]  # (finding, rule id)
    skipped: list[NotChecked]
    loaded: frozenset[str]  # URLs of the pages that loaded
    reachable: frozenset[str]  # link targets that answered


def _looked_at(snapshot: UnitSnapshot) -> tuple[frozenset[str], frozenset[str]]:
    """(URLs of the pages that loaded, link targets that answered) of a unit's crawl."""
    return (frozenset(url for url, page in snapshot.pages.items() if page.ok),
            frozenset(link.target for link in snapshot.links if link.outcome in REACHABLE))


def audit_stored_unit(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> UnitAudit:
    findings, skipped = audit_unit(snapshot, profile, as_of)
    return UnitAudit(snapshot.unit, [(f, rule.id) for f, rule in findings], skipped,
                     *_looked_at(snapshot))


def _rechecked(snapshot: UnitSnapshot, skipped: list[NotChecked], complete: bool):
    return _rechecked_at(*_looked_at(snapshot), skipped, complete)


def _rechecked_at(loaded: frozenset[str], reachable: frozenset[str], skipped: list[NotChecked],
                  complete: bool):
    """Whether this crawl looked again at the place of a stored finding it did not find.

    Only a completed crawl of the unit can clear a finding. The place was looked at when its
    page loaded, when its link target answered, or, for a link no longer found, when every page
    that used to link to it loaded (the link is gone from them); never when a rule said it could
    not judge that URL. A page an incremental crawl copied forward counts as loaded: the rules
    judge the copy, so a problem the copy still shows is found again, never read as fixed.
    """
    blocked = {(s.rule, s.url) for s in skipped}

    def rechecked(row: m.Finding) -> bool:
        if not complete or (row.rule, row.url) in blocked:
            return False
        if row.url in loaded or row.url in reachable:
            return True
        sources = _source_urls(row.evidence)
        return bool(sources) and all(url in loaded for url in sources)

    return rechecked


_worker_engine = None


def _audit_in_worker(job: tuple[str, int, int, date, Profile]) -> UnitAudit:
    """One unit, in a (forked) process of the check pool, with an engine of its own: the
    parent's connections are never used here."""
    global _worker_engine
    db_url, crawl_id, unit_id, as_of, profile = job
    if _worker_engine is None:
        from storage.db import make_engine

        _worker_engine = make_engine(db_url)
    with Session(_worker_engine) as session:
        snapshot = load_snapshot(session, crawl_id, unit_id)
    return audit_stored_unit(snapshot, profile, as_of)


def _audits(session: Session, crawl_id: int, unit_ids: list[int], as_of: date, profile: Profile,
            workers: int) -> Iterator[UnitAudit]:
    """The audits of the units, in order; with `workers` > 1 computed by a process pool
    (snapshots and rules are CPU-bound; this process stores the results meanwhile)."""
    if workers <= 1 or len(unit_ids) <= 1:
        for unit_id in unit_ids:
            yield audit_stored_unit(load_snapshot(session, crawl_id, unit_id), profile, as_of)
        return
    db_url = session.get_bind().url.render_as_string(hide_password=False)
    jobs = [(db_url, crawl_id, unit_id, as_of, profile) for unit_id in unit_ids]
    with ProcessPoolExecutor(min(workers, len(unit_ids)), mp_context=get_context("fork")) as pool:
        yield from pool.map(_audit_in_worker, jobs)


def run_checks(session: Session, crawl_id: int, as_of: date, profile: Profile,
               workers: int | None = None) -> CheckRun:
    """Check every unit of crawl `crawl_id` as of `as_of` and store the findings.

    `workers` processes audit the units (default: one per CPU from POOL_MIN_UNITS units on,
    else this process alone); the findings are stored here, in unit order."""
    run = CheckRun(crawl_id, as_of)
    crawl_units = session.scalars(select(m.CrawlUnit).where(m.CrawlUnit.crawl_id == crawl_id)
                                  .order_by(m.CrawlUnit.id)).all()
    rule_ids = {r.id for r in RULES}
    if workers is None:
        workers = (os.cpu_count() or 1) if len(crawl_units) >= POOL_MIN_UNITS else 1
    audits = _audits(session, crawl_id, [cu.unit_id for cu in crawl_units], as_of, profile, workers)
    for cu, audit in zip(crawl_units, audits):
        skipped = audit.skipped
        findings = [(f, RULES_BY_ID[rule_id]) for f, rule_id in audit.findings]
        session.execute(delete(m.CrawlProblem).where(
            m.CrawlProblem.crawl_id == crawl_id, m.CrawlProblem.unit_id == cu.unit_id,
            m.CrawlProblem.kind.like("not_checked:%")))
        problems = {(s.url, f"not_checked:{s.rule}"): s.reason for s in reversed(skipped)}
        if problems:  # one bulk insert: a rule can skip every page (ORM objects cost seconds)
            session.execute(insert(m.CrawlProblem), [
                {"crawl_id": crawl_id, "unit_id": cu.unit_id, "url": url, "kind": kind, "detail": reason}
                for (url, kind), reason in problems.items()])
        run.units[audit.unit] = reconcile(
            session, unit_id=cu.unit_id, crawl_id=crawl_id, as_of=as_of, found=findings,
            rules_run=rule_ids,
            rechecked=_rechecked_at(audit.loaded, audit.reachable, skipped, cu.status == "complete"))
    return run
