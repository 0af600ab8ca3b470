"""Runs every registered rule over one crawl and reconciles the findings in storage."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from checks.framework import Finding, NotChecked, Rule
from checks.profile import Profile
from checks.registry import RULES
from checks.snapshot import UnitSnapshot, load_snapshot
from crawler.outcomes import REACHABLE
from storage import models as m
from storage.findings import ReconcileSummary, reconcile

log = logging.getLogger(__name__)


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


def _rechecked(snapshot: UnitSnapshot, skipped: list[NotChecked], complete: bool):
    """Whether this crawl looked again at the place of a stored finding it did not find.

    Only a completed crawl of the unit can clear a finding. The place was looked at when its
    page loaded, when its link target answered, or, for a link no longer found, when every page
    that used to link to it loaded (the link is gone from them); never when a rule said it could
    not judge that URL. A page an incremental crawl copied forward counts as loaded: the rules
    judge the copy, so a problem the copy still shows is found again, never read as fixed.
    """
    blocked = {(s.rule, s.url) for s in skipped}
    reachable = {link.target for link in snapshot.links if link.outcome in REACHABLE}

    def loaded(url: str) -> bool:
        page = snapshot.page(url)
        return page is not None and page.ok

    def rechecked(row: m.Finding) -> bool:
        if not complete or (row.rule, row.url) in blocked:
            return False
        if loaded(row.url) or row.url in reachable:
            return True
        sources = _source_urls(row.evidence)
        return bool(sources) and all(loaded(url) for url in sources)

    return rechecked


def run_checks(session: Session, crawl_id: int, as_of: date, profile: Profile) -> CheckRun:
    """Check every unit of crawl `crawl_id` as of `as_of` and store the findings."""
    run = CheckRun(crawl_id, as_of)
    crawl_units = session.scalars(select(m.CrawlUnit).where(m.CrawlUnit.crawl_id == crawl_id)
                                  .order_by(m.CrawlUnit.id)).all()
    rule_ids = {r.id for r in RULES}
    for cu in crawl_units:
        snapshot = load_snapshot(session, crawl_id, cu.unit_id)
        findings, skipped = audit_unit(snapshot, profile, as_of)
        session.execute(delete(m.CrawlProblem).where(
            m.CrawlProblem.crawl_id == crawl_id, m.CrawlProblem.unit_id == cu.unit_id,
            m.CrawlProblem.kind.like("not_checked:%")))
        problems = {(s.url, f"not_checked:{s.rule}"): s.reason for s in reversed(skipped)}
        if problems:  # one bulk insert: a rule can skip every page (ORM objects cost seconds)
            session.execute(insert(m.CrawlProblem), [
                {"crawl_id": crawl_id, "unit_id": cu.unit_id, "url": url, "kind": kind, "detail": reason}
                for (url, kind), reason in problems.items()])
        run.units[snapshot.unit] = reconcile(
            session, unit_id=cu.unit_id, crawl_id=crawl_id, as_of=as_of, found=findings,
            rules_run=rule_ids,
            rechecked=_rechecked(snapshot, skipped, complete=cu.status == "complete"))
    return run
