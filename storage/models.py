"""SQLAlchemy 2 models: what a crawl gathered, and the findings the checks derived from it.

Gathering and judging meet only here (DESIGN.md): spiders write crawls, pages, columns,
items and links; checks read one crawl's rows and write findings.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Unit(Base):
    """An audited organisation and its portal (区县政府, 市直部门)."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # government | department
    home: Mapped[str] = mapped_column(String(2000))
    # What the checks need from the unit config: {not_applicable: [...], columns_configured: bool}.
    settings: Mapped[dict | None] = mapped_column(JSON, nullable=True, default=dict)


class Crawl(Base):
    """One run of the spider over one or more units."""

    __tablename__ = "crawls"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="running")  # running|complete|aborted
    tool_version: Mapped[str] = mapped_column(String(40))
    config_digest: Mapped[str] = mapped_column(String(64), default="")


class CrawlUnit(Base):
    """The state of one unit within one crawl (its disclosure root, how it went)."""

    __tablename__ = "crawl_units"
    __table_args__ = (UniqueConstraint("crawl_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_id: Mapped[int] = mapped_column(ForeignKey("crawls.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="running")  # running|complete|aborted
    disclosure_url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    unit: Mapped[Unit] = relationship()


class Page(Base):
    """One fetched URL and what the extractors read from it."""

    __tablename__ = "pages"
    __table_args__ = (
        UniqueConstraint("crawl_id", "unit_id", "url"),
        Index("ix_pages_crawl_unit", "crawl_id", "unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_id: Mapped[int] = mapped_column(ForeignKey("crawls.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2000))
    final_url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    role: Mapped[str] = mapped_column(String(20))  # home|disclosure|column|article|other
    outcome: Mapped[str] = mapped_column(String(30))  # crawler.outcomes.Outcome value
    http_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fetched_at: Mapped[datetime] = mapped_column(DateTime)
    content_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    encoding: Mapped[str | None] = mapped_column(String(40), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    column_url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    # What the extractors read: meta tags, footer, dates, metadata table (see spiders.extract).
    data: Mapped[dict] = mapped_column(JSON, default=dict)


class Column(Base):
    """A disclosure column (栏目) as discovered or configured.

    Whether it was read completely, whether it has children and whether it is a placeholder
    page are derived from its stored list pages (checks.snapshot), so that any number of
    crawl workers, or a resumed crawl, can add pages to it.
    """

    __tablename__ = "columns"
    __table_args__ = (
        UniqueConstraint("crawl_id", "unit_id", "url"),
        Index("ix_columns_crawl_unit", "crawl_id", "unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_id: Mapped[int] = mapped_column(ForeignKey("crawls.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2000))
    parent_url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    type: Mapped[str] = mapped_column(String(40), default="other")
    settings: Mapped[dict] = mapped_column(JSON, default=dict)  # per-column config overrides


class Item(Base):
    """A list entry of a column: title, URL and the date printed beside it."""

    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("crawl_id", "unit_id", "column_url", "url"),
        Index("ix_items_crawl_unit", "crawl_id", "unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_id: Mapped[int] = mapped_column(ForeignKey("crawls.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    column_url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(2000))
    date: Mapped[date | None] = mapped_column(Date, nullable=True)
    date_text: Mapped[str | None] = mapped_column(String(100), nullable=True)


class Link(Base):
    """A link target whose fetch failed at least once, or that was checked on purpose.

    `attempts` lists every try ({at, outcome, status}); the last one decides `outcome`.
    Targets fetched as pages that loaded at the first try have no row: their page says so.
    """

    __tablename__ = "links"
    __table_args__ = (
        UniqueConstraint("crawl_id", "unit_id", "target"),
        Index("ix_links_crawl_unit", "crawl_id", "unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_id: Mapped[int] = mapped_column(ForeignKey("crawls.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    target: Mapped[str] = mapped_column(String(2000))
    outcome: Mapped[str] = mapped_column(String(30))
    http_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    attempts: Mapped[list] = mapped_column(JSON, default=list)
    checked_at: Mapped[datetime] = mapped_column(DateTime)


class LinkSource(Base):
    """A page that links to a target (kept for targets that failed: the evidence of link.dead)."""

    __tablename__ = "link_sources"
    __table_args__ = (
        UniqueConstraint("crawl_id", "unit_id", "target", "source"),
        Index("ix_link_sources_crawl_unit", "crawl_id", "unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_id: Mapped[int] = mapped_column(ForeignKey("crawls.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    target: Mapped[str] = mapped_column(String(2000))
    source: Mapped[str] = mapped_column(String(2000))
    text: Mapped[str] = mapped_column(String(200), default="")


class Finding(Base):
    """A rule violation, tracked across crawls by (unit, rule, locator)."""

    __tablename__ = "findings"
    __table_args__ = (
        UniqueConstraint("unit_id", "rule", "locator"),
        Index("ix_findings_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(10))
    locator: Mapped[str] = mapped_column(String(2100))
    url: Mapped[str] = mapped_column(String(2000))
    column: Mapped[str | None] = mapped_column(String(200), nullable=True)
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict] = mapped_column(JSON, default=dict)
    first_seen: Mapped[date] = mapped_column(Date)
    last_seen: Mapped[date] = mapped_column(Date)
    first_crawl_id: Mapped[int] = mapped_column(Integer)
    last_crawl_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open|fixed
    fixed_at: Mapped[date | None] = mapped_column(Date, nullable=True)
    fixed_crawl_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rechecked: Mapped[bool] = mapped_column(Boolean, default=True)
    # The auditor's current decision (误报 / 不适用); the trail is in finding_decisions. The
    # lifecycle above goes on while a finding is ignored, so un-ignoring shows the truth.
    ignored: Mapped[bool] = mapped_column(Boolean, default=False)

    unit: Mapped[Unit] = relationship()


class CrawlProblem(Base):
    """Something the crawl could not do: shown in crawl health, never sent as a finding."""

    __tablename__ = "crawl_problems"
    __table_args__ = (
        UniqueConstraint("crawl_id", "unit_id", "url", "kind"),
        Index("ix_problems_crawl_unit", "crawl_id", "unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_id: Mapped[int] = mapped_column(ForeignKey("crawls.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2000))
    kind: Mapped[str] = mapped_column(String(40))  # an Outcome value, or "not_checked:<rule>"
    detail: Mapped[str] = mapped_column(Text, default="")


class FindingDecision(Base):
    """An auditor's decision on a finding (ignore as 误报 / 不适用, or un-ignore): the audit trail."""

    __tablename__ = "finding_decisions"
    __table_args__ = (Index("ix_finding_decisions_finding", "finding_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(20))  # ignore | unignore
    kind: Mapped[str | None] = mapped_column(String(30), nullable=True)  # false_positive | not_applicable
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime] = mapped_column(DateTime)


class Probe(Base):
    """One availability probe of a unit's home page by `zwgk probe` (site.availability)."""

    __tablename__ = "probes"
    __table_args__ = (Index("ix_probes_unit_time", "unit_id", "probed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2000))
    probed_at: Mapped[datetime] = mapped_column(DateTime)
    ok: Mapped[bool] = mapped_column(Boolean)  # loaded (2xx after redirects) within the timeout
    http_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    elapsed_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error: Mapped[str | None] = mapped_column(String(300), nullable=True)
