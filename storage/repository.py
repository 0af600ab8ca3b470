"""Repository functions shared by the pipeline, the check runner and the CLI."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler import __version__
from crawler.config import UnitConfig
from storage import models as m


def ensure_unit(session: Session, unit: UnitConfig) -> m.Unit:
    """The unit row for `unit`, created or updated from the config."""
    row = session.scalars(select(m.Unit).where(m.Unit.name == unit.name)).one_or_none()
    if row is None:
        row = m.Unit(name=unit.name, kind=unit.kind, home=unit.home)
        session.add(row)
    else:
        row.kind, row.home = unit.kind, unit.home
    row.settings = unit_settings(unit)
    session.flush()
    return row


def unit_settings(unit: UnitConfig) -> dict:
    """The part of a unit's config the checks read (they never see the config file)."""
    return {"not_applicable": list(unit.not_applicable), "columns_configured": bool(unit.columns)}


def open_crawl(session: Session, config_digest: str = "") -> m.Crawl:
    crawl = m.Crawl(started_at=datetime.now(), tool_version=__version__, status="running",
                    config_digest=config_digest)
    session.add(crawl)
    session.flush()
    return crawl


def open_crawl_unit(session: Session, crawl_id: int, unit_id: int) -> m.CrawlUnit:
    """The crawl-unit row, created on first use (a resumed crawl finds the existing one)."""
    row = session.scalars(select(m.CrawlUnit).filter_by(crawl_id=crawl_id, unit_id=unit_id)).one_or_none()
    if row is None:
        row = m.CrawlUnit(crawl_id=crawl_id, unit_id=unit_id, started_at=datetime.now(),
                          status="running")
        session.add(row)
        session.flush()
    return row


def latest_crawl_id(session: Session) -> int | None:
    return session.scalars(select(m.Crawl.id).order_by(m.Crawl.id.desc()).limit(1)).first()
