"""Findings over time: one row per (unit, rule, locator), reconciled after every check run.

new → open (first_seen) → still open (last_seen moves) → fixed (fixed_at, fixed_crawl_id) when
a later crawl re-checked the place and no longer found it. A place that could not be re-checked
keeps its finding open with `rechecked` False: "not re-checked" never reads as "fixed".
An auditor's ignore decision (storage.decisions) is a flag beside this lifecycle, which goes on.

The change helpers say how a finding moved since a unit's previous crawl or since a date (the
整改 deadline); they read only the lifecycle fields, so they work on model rows and report rows.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

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
            row.status, row.fixed_at, row.fixed_crawl_id = "open", None, None
        if row.first_crawl_id == crawl_id:
            new += 1
        else:
            still_open += 1
    fixed = not_rechecked = 0
    for key, row in existing.items():
        if key in seen or row.rule not in rules_run:
            continue
        if row.last_crawl_id > crawl_id:
            continue  # a newer crawl already judged it
        if rechecked(row):
            if row.status == "open":
                row.status, row.fixed_at, row.fixed_crawl_id = "fixed", as_of, crawl_id
                row.rechecked = True
                fixed += 1
        elif row.status == "open":
            row.rechecked = False
            not_rechecked += 1
    session.flush()
    return ReconcileSummary(new, still_open, fixed, not_rechecked)


# -- how findings changed ----------------------------------------------------------------------

NEW, STILL_OPEN, FIXED = "new", "still_open", "fixed"
CHANGE_LABELS = {NEW: "新发现", STILL_OPEN: "仍未整改", FIXED: "已整改"}


class Lifecycle(Protocol):
    status: str
    first_seen: date
    fixed_at: date | None
    first_crawl_id: int
    fixed_crawl_id: int | None


def change_since_crawl(f: Lifecycle, crawl_id: int | None) -> str | None:
    """How `f` stands after crawl `crawl_id` (its unit's latest): found there for the first
    time, still open from before, or fixed by it; None for a finding fixed earlier."""
    if f.status == "open":
        return NEW if crawl_id is not None and f.first_crawl_id >= crawl_id else STILL_OPEN
    return FIXED if crawl_id is not None and f.fixed_crawl_id == crawl_id else None


def change_since_date(f: Lifecycle, since: date) -> str | None:
    """How `f` changed from `since` (that day included): first found on or after it, open
    from before it, or fixed on or after it; None for a finding fixed before it."""
    if f.status == "open":
        return NEW if f.first_seen >= since else STILL_OPEN
    return FIXED if f.fixed_at is not None and f.fixed_at >= since else None


def open_after_crawl(f: Lifecycle, crawl_id: int) -> bool:
    """Whether `f` was open once crawl `crawl_id` had been checked."""
    return f.first_crawl_id <= crawl_id and (
        f.status == "open" or (f.fixed_crawl_id is not None and f.fixed_crawl_id > crawl_id))
