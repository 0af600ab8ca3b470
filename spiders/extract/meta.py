"""The 国办 网页设计规范 ``<meta>`` labels (SiteName, ColumnName, ArticleTitle, PubDate …)."""

from __future__ import annotations

import html as _html
import re

__all__ = ["META_KEYS", "extract_meta"]

META_KEYS = (
    "SiteName",
    "SiteDomain",
    "SiteIDCode",
    "ColumnName",
    "ColumnType",
    "ColumnDescription",
    "ColumnKeywords",
    "ArticleTitle",
    "PubDate",
    "ContentSource",
    "Keywords",
    "Author",
    "Description",
    "Url",
)
_CANONICAL = {k.lower(): k for k in META_KEYS}

# Raw-text scan: finds tags wherever they sit (also between or inside comments, in
# duplicated <head> fragments of browser-saved pages) and costs far less than a parse.
_META_TAG = re.compile(r"<meta\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")


def _attrs(raw: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in _ATTR.findall(raw):
        if value[:1] in "\"'":
            value = value[1:-1]
        out.setdefault(name.lower(), value)
    return out


def extract_meta(html: str) -> dict[str, str]:
    """Return the government meta labels found in ``html`` under their canonical names.

    Names match case-insensitively (``Sitename``, ``url``); single, double or no quotes
    are accepted. Values are unescaped with whitespace runs collapsed. A label present
    with empty content maps to ``""``; absent labels are omitted. When a label repeats,
    the first non-empty value wins.
    """
    found: dict[str, str] = {}
    for m in _META_TAG.finditer(html):
        attrs = _attrs(m.group(1))
        key = _CANONICAL.get(attrs.get("name", "").strip().lower())
        if key is None or found.get(key):
            continue
        found[key] = " ".join(_html.unescape(attrs.get("content", "")).split())
    return found
