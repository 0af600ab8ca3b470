"""Findings over time: one row per (unit, rule, locator), reconciled after every check run.

new → open (first_seen) → still open (last_seen moves) → fixed (fixed_at) when a later crawl
re-checked the place and no longer found it. A place that could not be re-checked keeps its
finding open with `rechecked` False: "not re-checked" never reads as "fixed".
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from checks.framework import Finding, Rule
from storage import models as m


@dataclass(frozen=True)
class ReconcileSummary:
    new: int
    still_open: int
    fixed: int
    not_rechecked: int


def reconcile(session: Session, *, unit_id: int, crawl_id: int, as_of: date,
              found: Iterable[tuple[Finding, Rule]], rules_run: set[str],
              rechecked: Callable[[m.Finding], bool]) -> ReconcileSummary:
    """Merge this run's findings of one unit into the stored ones."""
    existing = {(f.rule, f.locator): f for f in session.scalars(
        select(m.Finding).where(m.Finding.unit_id == unit_id))}
    seen: set[tuple[str, str]] = set()
    new = still_open = 0
    for finding, rule in sorted(found, key=lambda pair: (pair[0].rule, pair[0].key)):
        key = (finding.rule, finding.key)
        if key in seen:
            continue
        seen.add(key)
        row = existing.get(key)
        values = dict(severity=finding.severity or rule.severity, url=finding.url,
                      column=finding.column, message=finding.message, evidence=finding.evidence,
                      last_seen=as_of, last_crawl_id=crawl_id, rechecked=True)
        if row is None:
            session.add(m.Finding(unit_id=unit_id, rule=finding.rule, locator=finding.key,
                                  first_seen=as_of, first_crawl_id=crawl_id, status="open",
                                  **values))
            new += 1
            continue
        for field, value in values.items():
            setattr(row, field, value)
        if row.status == "fixed":
            row.status, row.fixed_at = "open", None
        if row.first_crawl_id == crawl_id:
            new += 1
        else:
            still_open += 1
    fixed = not_rechecked = 0
    for key, row in existing.items():
        if key in seen or row.status == "ignored" or row.rule not in rules_run:
            continue
        if row.last_crawl_id > crawl_id:
            continue  # a newer crawl already judged it
        if rechecked(row):
            if row.status == "open":
                row.status, row.fixed_at, row.rechecked = "fixed", as_of, True
                fixed += 1
        elif row.status == "open":
            row.rechecked = False
            not_rechecked += 1
    session.flush()
    return ReconcileSummary(new, still_open, fixed, not_rechecked)
