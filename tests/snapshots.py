"""Builders of `UnitSnapshot`s shaped like real crawls, for the rule tests.

Values follow the corpus (PATTERNS.md §2, §4): jw.beijing's footer and labels by default.
"""
from __future__ import annotations

from datetime import date, datetime

from checks.framework import Finding, NotChecked
from checks.profile import Profile, load_profile
from checks.snapshot import ColumnView, ItemView, LinkView, PageView, UnitSnapshot
from crawler.outcomes import Outcome

HOME = "http://jw.beijing.gov.cn/"
CRAWL_DATE = date(2024, 6, 20)
FETCHED = datetime(2024, 6, 20, 2, 15, 7)

PROFILE = load_profile()


def footer(**overrides) -> dict:
    """A complete static-HTML footer as on jw.beijing.gov.cn."""
    data = {"site_id_code": "1100000152", "icp": "京ICP备20014478号-1",
            "psb": "京公网安备 11040202430147号", "sponsor": "北京市教育委员会",
            "contact": "电话：010-51992114", "conac": True, "jiucuo_sitecode": "1100000152",
            "found_in": "html", "footer_complete": True}
    data.update(overrides)
    return data


def site_meta(**overrides) -> dict:
    data = {"SiteName": "北京市教育委员会", "SiteDomain": "jw.beijing.gov.cn",
            "SiteIDCode": "1100000152"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def page(url: str, role: str, data: dict | None = None, outcome: str = Outcome.OK,
         status: int | None = 200, column_url: str | None = None, title: str | None = None
         ) -> PageView:
    return PageView(url=url, role=role, outcome=outcome, http_status=status, fetched_at=FETCHED,
                    title=title, column_url=column_url, data=data or {})


def home(footer_data: dict | None = None, meta: dict | None = None, **kw) -> PageView:
    data = {"footer": footer() if footer_data is None else footer_data,
            "meta": site_meta() if meta is None else meta}
    return page(HOME, "home", data, **kw)


def article(url: str, *, meta: dict | None = None, visible: str | None = "2024-06-03",
            visible_text: str | None = None, url_date: str | None = None,
            metadata: dict | None = None, column_url: str | None = None, **kw) -> PageView:
    """An article page; `visible` is the ISO visible date."""
    article_data = {"title": "关于做好2024年中小学招生入学工作的通知", "visible_date": visible,
                    "visible_date_text": visible_text if visible_text is not None else visible,
                    "source": "北京市教育委员会", "metadata": metadata or {},
                    "url_date": url_date}
    default_meta = {"ArticleTitle": article_data["title"], "PubDate": "2024-06-03 10:12",
                    "ContentSource": "北京市教育委员会"}
    return page(url, "article", {"article": article_data,
                                 "meta": default_meta if meta is None else meta},
                column_url=column_url, **kw)


def column(url: str, name: str = "工作动态", type: str = "dynamic", *, items=(),
           complete: bool = True, has_children: bool = False, placeholder: str | None = None,
           settings: dict | None = None, parent_url: str | None = None) -> ColumnView:
    return ColumnView(name=name, url=url, parent_url=parent_url, type=type, complete=complete,
                      has_children=has_children, placeholder=placeholder,
                      settings=settings or {}, items=list(items))


def item(title: str, url: str, day: date | None, date_text: str | None = None) -> ItemView:
    """A list entry; its date text is the ISO date unless given."""
    text = date_text if date_text is not None else (day.isoformat() if day else None)
    return ItemView(title=title, url=url, date=day, date_text=text)


def column_page(url: str, name: str = "工作动态", type_: str = "动态要闻", **kw) -> PageView:
    meta = site_meta() | {"ColumnName": name, "ColumnType": type_}
    return page(url, "column", {"meta": meta, "list": {"item_count": 0, "placeholder": None}},
                column_url=url, **kw)


def link(target: str, attempts: list[tuple[str, str, int | None]], sources=None,
         outcome: str | None = None) -> LinkView:
    """attempts: (at ISO, outcome, status)."""
    recorded = [{"at": at, "outcome": o, "status": s} for at, o, s in attempts]
    return LinkView(target=target,
                    sources=sources if sources is not None else [
                        {"url": HOME, "text": "2023年部门决算"}],
                    outcome=outcome or (recorded[-1]["outcome"] if recorded else Outcome.ERROR),
                    http_status=recorded[-1]["status"] if recorded else None,
                    attempts=recorded, checked_at=FETCHED)


def snapshot(pages=(), columns=(), links=(), home_page: PageView | None | bool = True,
             settings: dict | None = None, kind: str = "department") -> UnitSnapshot:
    """A snapshot of 北京市教育委员会; `home_page=True` adds the default home page."""
    all_pages = {p.url: p for p in pages}
    if home_page is True:
        home_page = home()
    if home_page:
        all_pages.setdefault(home_page.url, home_page)
    return UnitSnapshot(unit="北京市教育委员会", kind=kind, home_url=HOME, crawl_id=1,
                        crawl_date=CRAWL_DATE, disclosure_url=HOME + "zfxxgk/",
                        pages=all_pages, columns=list(columns), links=list(links),
                        settings=settings or {})


def run(rule, snap: UnitSnapshot, profile: Profile = PROFILE, as_of: date = CRAWL_DATE
        ) -> tuple[list[Finding], list[NotChecked]]:
    """(findings, not-checked) of one rule over one snapshot."""
    results = list(rule.audit(snap, profile, as_of))
    return ([r for r in results if isinstance(r, Finding)],
            [r for r in results if isinstance(r, NotChecked)])
