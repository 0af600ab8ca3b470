"""What the portal spider yields; the storage pipeline writes each kind to its table."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class PageRecord:
    url: str
    role: str  # home|disclosure|column|list|article|script|other
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
    complete: bool
    has_children: bool
    placeholder: str | None
    settings: dict = field(default_factory=dict)


@dataclass
class ListEntryRecord:
    column_url: str
    title: str
    url: str
    date: date | None
    date_text: str | None


@dataclass
class LinkRecord:
    target: str
    sources: list
    outcome: str
    http_status: int | None
    attempts: list
    checked_at: datetime


@dataclass
class ProblemRecord:
    url: str
    kind: str
    detail: str = ""


@dataclass
class UnitStateRecord:
    """Unit-level facts learnt during the crawl (the disclosure root)."""

    disclosure_url: str | None
