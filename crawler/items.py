"""What the portal spider yields: facts about single fetches, never aggregates.

Aggregates (is a column complete? has it children? which pages link to a dead target?) are
derived from these facts in storage, so that several workers or a resumed crawl can add to
one crawl.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class PageRecord:
    url: str
    role: str  # home|disclosure|column|list|article|script
    outcome: str
    fetched_at: datetime
    http_status: int | None = None
    final_url: str | None = None
    content_hash: str | None = None
    encoding: str | None = None
    error: str | None = None
    title: str | None = None
    column_url: str | None = None
    data: dict = field(default_factory=dict)


@dataclass
class ColumnRecord:
    name: str
    url: str
    parent_url: str | None
    type: str
    settings: dict = field(default_factory=dict)


@dataclass
class ListEntryRecord:
    column_url: str
    title: str
    url: str
    date: date | None
    date_text: str | None


@dataclass
class EntryDateRecord:
    """The date of a list entry printed without a year (``[04-17]``), completed from the
    article page: fills the entry's date where it is still empty."""

    column_url: str
    url: str
    date: date


@dataclass
class LinkAttemptRecord:
    """One try at a target: stored for every failure, and for every purposeful link check."""

    target: str
    outcome: str
    http_status: int | None
    at: datetime


@dataclass
class LinkCopyRecord:
    """The previous crawl's status of a link not re-checked tonight (incremental re-crawl)."""

    target: str
    outcome: str
    http_status: int | None
    attempts: list
    checked_at: datetime


@dataclass
class LinkSourceRecord:
    target: str
    source: str
    text: str = ""


@dataclass
class ProblemRecord:
    url: str
    kind: str
    detail: str = ""


@dataclass
class UnitStateRecord:
    """Unit-level facts learnt during the crawl (the disclosure root)."""

    disclosure_url: str | None
