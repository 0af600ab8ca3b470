"""The role-specific facts stored with a page, beyond meta/footer/article (see checks.snapshot).

Kept apart from the walk in `spiders.portal`: these are pure functions of the page text and
what the spider knows of the page (its role, its column's type), so a new rule family adds
its extractor here and the walk does not change.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from spiders.extract.consultations import extract_consultations
from spiders.extract.home_signals import annual_form_links, consult_links, dated_links
from spiders.extract.page_security import scan_page_security
from spiders.extract.report_tables import extract_tables

ANNUAL_REPORT_TITLE = re.compile(r"年度报告|年报")


def security_data(text: str, url: str, site_hosts: Iterable[str], spam_terms: Iterable[str]) -> dict:
    """`security`: hidden links, spam text, off-site links and exit notices of any HTML page."""
    return {"security": scan_page_security(text, url, site_hosts, spam_terms=spam_terms)}


def home_data(text: str, url: str) -> dict:
    """Home-page signals: its dated links, the 年度报表 links, the 咨询 channels."""
    return {"home_items": dated_links(text, url),
            "annual_form_links": annual_form_links(text, url),
            "consult_links": consult_links(text, url)}


def list_data_for_type(text: str, url: str, column_type: str | None) -> dict:
    """Extra facts of a column list page, by the column's type (咨询 records)."""
    return {"consult": extract_consultations(text, url)} if column_type == "consult" else {}


def page_extras(role: str, text: str, url: str, *, column_type: str | None, title: str | None,
                site_hosts: Iterable[str], spam_terms: Iterable[str]) -> dict:
    """Every extra fact stored with a page of `role` read OK."""
    data = security_data(text, url, site_hosts, spam_terms)
    if role == "home":
        data.update(home_data(text, url))
    elif role in ("column", "list"):
        data.update(list_data_for_type(text, url, column_type))
    elif role == "article":
        data.update(article_data_for_type(text, url, column_type, title))
    return data


def article_data_for_type(text: str, url: str, column_type: str | None, title: str | None) -> dict:
    """Extra facts of an article, by its column's type (年报 tables, 咨询 details)."""
    data: dict = {}
    if column_type == "annual_report" or ANNUAL_REPORT_TITLE.search(title or ""):
        data["tables"] = extract_tables(text)
    if column_type == "consult":
        data["consult_detail"] = extract_consultations(text, url)
    return data
