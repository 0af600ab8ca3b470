"""One unit's view of one crawl, loaded from storage as plain objects for the pure rules.

`Page.data` is the contract between the spider and the rules; its keys:
- `meta`: {SiteName: …, PubDate: …} as read by `spiders.extract.meta.extract_meta`;
- `footer`: the fields of `spiders.extract.footer.FooterInfo` (static HTML merged with the
  footer scripts and with the page rendered in headless Chromium when the static footer lacked
  网站标识码 or ICP), with `footer_complete` False when a footer script could not be fetched
  or a needed render failed (pages of role `rendered`: {rendered_of: URL, footer | list});
- `article`: {title, visible_date, visible_date_text, source, metadata, url_date (dates ISO),
  attachments: [url], body_text (≤ 20,000 chars), links: [[url, anchor text]] (≤ 300)};
- `list`: {item_count, placeholder} on column and list pages (list pages from a JSON API add
  `api`: the call; a column rendered in Chromium has a list page `<column URL>#rendered`);
- `validators`: {etag, last_modified} of pages that sent them; `reused_from`: the crawl id
  whose row an incremental crawl copied forward instead of fetching the page again;
- `home_items` on the home page: [{title, url, date}] of its dated links (all lists of the page).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.outcomes import Outcome
from spiders.extract.url_canon import canonical_url
from storage import models as m


@dataclass(frozen=True)
class PageView:
    url: str
    role: str
    outcome: str
    http_status: int | None
    fetched_at: datetime
    title: str | None
    column_url: str | None
    data: dict

    @property
    def ok(self) -> bool:
        return self.outcome == Outcome.OK


@dataclass(frozen=True)
class ItemView:
    title: str
    url: str
    date: date | None
    date_text: str | None


@dataclass
class ColumnView:
    name: str
    url: str
    parent_url: str | None
    type: str
    complete: bool
    has_children: bool
    placeholder: str | None
    settings: dict
    items: list[ItemView] = field(default_factory=list)


@dataclass(frozen=True)
class LinkView:
    target: str
    sources: list
    outcome: str
    http_status: int | None
    attempts: list
    checked_at: datetime


@dataclass(frozen=True)
class ProbeView:
    """One `zwgk probe` of the unit's home page (site.availability)."""

    probed_at: datetime
    ok: bool
    http_status: int | None
    error: str | None


#: Days of probes a snapshot holds (the longest window `site.availability` may be given).
PROBE_HISTORY_DAYS = 31


@dataclass
class UnitSnapshot:
    unit: str
    kind: str
    home_url: str
    crawl_id: int
    crawl_date: date
    disclosure_url: str | None
    pages: dict[str, PageView]
    columns: list[ColumnView]
    links: list[LinkView]
    # From the unit config (storage.repository.unit_settings): not_applicable, columns_configured.
    settings: dict = field(default_factory=dict)
    # The availability probes of the unit (`zwgk probe`) in the PROBE_HISTORY_DAYS before the
    # end of the crawl's day, oldest first: not part of the crawl, but fixed once it is over.
    probes: list[ProbeView] = field(default_factory=list)

    @property
    def home(self) -> PageView | None:
        return self.pages.get(self.home_url)

    def page(self, url: str) -> PageView | None:
        return self.pages.get(url)

    def pages_with_role(self, role: str) -> list[PageView]:
        return [p for p in self.pages.values() if p.role == role]

    def column_name(self, url: str | None) -> str | None:
        for column in self.columns:
            if column.url == url:
                return column.name
        return None


_NUMBER_FIELDS = ("site_id_code", "icp", "psb")


def _merge_site_facts(pages: dict[str, PageView], home_url: str) -> None:
    """Put the portal's transport facts (page `<home>#site`, role `site`) on the home page."""
    home, site = pages.get(home_url), pages.pop(home_url + "#site", None)
    if home is not None and site is not None:
        pages[home_url] = replace(home, data={**home.data, "site": site.data.get("site")})


def _merge_footer_scripts(pages: dict[str, PageView], home_url: str) -> None:
    """Fold the footers written by scripts, and the footer of the home page as headless
    Chromium rendered it (role `rendered`), into the home page's `footer` (as a browser shows
    it). `footer_complete` is False when a footer script, or a render that was needed, failed."""
    home = pages.get(home_url)
    if home is None or not home.ok or "footer" not in home.data:
        return
    footer = dict(home.data["footer"])
    origin = {key: footer.get("found_in", "html") for key, value in footer.items() if value}
    complete = True
    rendered = [p for p in pages.values() if p.role == "rendered" and p.data.get("rendered_of") == home_url]
    sources = [(p, "rendered") for p in rendered]
    sources += [(pages.get(url), "script") for url in home.data.get("footer_scripts", [])]
    for source, found_in in sources:
        if source is None or not source.ok:
            complete = False
            continue
        for key, value in source.data.get("footer", {}).items():
            if key == "conac":
                footer[key] = bool(footer.get(key)) or bool(value)
            elif key != "found_in" and value and (
                    not footer.get(key) or found_in == "rendered" and origin.get(key) == "script"):
                # what the browser shows wins over what was read out of a script statically
                footer[key] = value
                footer["found_in"] = origin[key] = found_in
    if any(not p.ok for p in rendered):
        # the render was needed because values read out of scripts were missing or
        # implausible: unverified, they must not be judged (missing + incomplete: NotChecked)
        for key in [k for k, o in origin.items() if o == "script" and k in _NUMBER_FIELDS]:
            footer[key] = None
    footer["footer_complete"] = complete
    pages[home_url] = PageView(home.url, home.role, home.outcome, home.http_status, home.fetched_at,
                               home.title, home.column_url, {**home.data, "footer": footer})


def load_snapshot(session: Session, crawl_id: int, unit_id: int) -> UnitSnapshot:
    """Read everything one crawl stored for one unit."""
    crawl = session.get(m.Crawl, crawl_id)
    crawl_unit = session.scalars(select(m.CrawlUnit).where(
        m.CrawlUnit.crawl_id == crawl_id, m.CrawlUnit.unit_id == unit_id)).one()
    unit = crawl_unit.unit
    where = dict(crawl_id=crawl_id, unit_id=unit_id)
    # Plain rows, not ORM objects: a unit can have tens of thousands of pages and items
    # (bench/check_scale.py), and building mapped instances was most of `zwgk check`.
    pages = {url: PageView(url, role, outcome, status, fetched_at, title, column_url, data or {})
             for url, role, outcome, status, fetched_at, title, column_url, data in session.execute(
                 select(m.Page.url, m.Page.role, m.Page.outcome, m.Page.http_status, m.Page.fetched_at,
                        m.Page.title, m.Page.column_url, m.Page.data).filter_by(**where))}
    home_url = unit.home if unit.home in pages else canonical_url(unit.home)
    _merge_footer_scripts(pages, home_url)
    _merge_site_facts(pages, home_url)
    rows = session.scalars(select(m.Column).filter_by(**where).order_by(m.Column.id)).all()
    parents = {c.parent_url for c in rows}
    list_pages: dict[str, list[PageView]] = {}
    for page in pages.values():
        if page.role in ("column", "list") and page.column_url:
            list_pages.setdefault(page.column_url, []).append(page)
    columns = {}
    for c in rows:
        first = pages.get(c.url)
        read = list_pages.get(c.url, [])
        columns[c.url] = ColumnView(
            c.name, c.url, c.parent_url, c.type,
            complete=first is not None and first.ok and all(p.ok for p in read),
            has_children=c.url in parents,
            placeholder=((first.data.get("list") or {}).get("placeholder") if first else None),
            settings=c.settings or {})
    for column_url, title, url, day, date_text in session.execute(
            select(m.Item.column_url, m.Item.title, m.Item.url, m.Item.date, m.Item.date_text)
            .filter_by(**where).order_by(m.Item.id)):
        column = columns.get(column_url)
        if column is not None:
            column.items.append(ItemView(title, url, day, date_text))
    sources: dict[str, list[dict]] = {}
    for target, source, text in session.execute(
            select(m.LinkSource.target, m.LinkSource.source, m.LinkSource.text)
            .filter_by(**where).order_by(m.LinkSource.id)):
        sources.setdefault(target, []).append({"url": source, "text": text})
    links = [LinkView(l.target, sources.get(l.target, []), l.outcome, l.http_status,
                      l.attempts or [], l.checked_at)
             for l in session.scalars(select(m.Link).filter_by(**where).order_by(m.Link.id))]
    return UnitSnapshot(unit=unit.name, kind=unit.kind, home_url=home_url, crawl_id=crawl_id,
                        crawl_date=crawl.started_at.date(), disclosure_url=crawl_unit.disclosure_url,
                        pages=pages, columns=list(columns.values()), links=links,
                        settings=unit.settings or {}, probes=_probes(session, unit_id, crawl.started_at.date()))


def _probes(session: Session, unit_id: int, crawl_day: date) -> list[ProbeView]:
    end = datetime.combine(crawl_day + timedelta(days=1), time())
    return [ProbeView(p.probed_at, p.ok, p.http_status, p.error) for p in session.scalars(
        select(m.Probe).where(m.Probe.unit_id == unit_id, m.Probe.probed_at < end,
                              m.Probe.probed_at >= end - timedelta(days=PROBE_HISTORY_DAYS + 1))
        .order_by(m.Probe.probed_at))]
