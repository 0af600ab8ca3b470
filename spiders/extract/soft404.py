"""Soft 404s: a site that answers a missing page with 200 and its error template.

Once per host the spider asks for a random path that cannot exist. When that answer is 200,
its fingerprint is the site's error template: a later page is a soft 404 when its text is the
template's text (digits, whitespace and the requested path aside, since templates echo the
URL and print the time), or when it was redirected to the same place the probe was (sites that
send every unknown path to ``/404.html`` or to the home page). Near-identity is demanded, not
mere similarity: a short real article inside the same page chrome must never count as missing.
"""
from __future__ import annotations

import difflib
import re
import secrets
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from spiders.extract.navigation import norm_text, parse_html

__all__ = ["ErrorTemplate", "probe_url", "error_template", "is_soft_404"]

#: Texts compared are at most this long (templates are short; long pages differ anyway).
MAX_TEXT = 6000
MIN_RATIO = 0.99
_NOISE = re.compile(r"[\s\d]+")


@dataclass(frozen=True)
class ErrorTemplate:
    """What a host answers for a path that does not exist."""

    title: str
    text: str  # normalised visible text
    final_url: str
    redirected: bool

    def to_json(self) -> dict:
        return {"title": self.title, "final_url": self.final_url, "redirected": self.redirected,
                "text_length": len(self.text)}


def probe_url(base_url: str) -> str:
    """A random URL on the host of ``base_url`` that no site has."""
    parts = urlsplit(base_url)
    token = secrets.token_hex(6)
    return f"{parts.scheme}://{parts.netloc}/zwgk-probe-{token}/t{token}.html"


def _visible(html: str, url: str) -> tuple[str, str]:
    """(title, normalised visible text without the requested path) of a page."""
    root = parse_html(html)
    if root is None:
        return "", ""
    title = norm_text(root.findtext(".//title") or "")
    for el in list(root.iter("script", "style", "noscript", "head")):
        if el.getparent() is not None:
            el.drop_tree()
    text = root.text_content()
    path = urlsplit(url).path
    for echoed in sorted({url, unquote(url), path, unquote(path), path.rsplit("/", 1)[-1]},
                         key=len, reverse=True):
        if len(echoed) > 3:
            text = text.replace(echoed, " ")
    return title, _NOISE.sub("", text)[:MAX_TEXT]


def error_template(html: str, asked_url: str, final_url: str) -> ErrorTemplate:
    """The fingerprint of the 200 answer to a probe of ``asked_url``."""
    title, text = _visible(html, asked_url)
    return ErrorTemplate(title, text, final_url, urlsplit(final_url).path != urlsplit(asked_url).path)


def is_soft_404(template: ErrorTemplate, html: str, asked_url: str, final_url: str) -> bool:
    """Whether a 200 answer for ``asked_url`` is the host's error template."""
    if template.redirected:
        return final_url == template.final_url and urlsplit(asked_url).path != urlsplit(final_url).path
    title, text = _visible(html, asked_url)
    if title != template.title or not text:
        return False
    if text == template.text:
        return True
    longer = max(len(text), len(template.text))
    if abs(len(text) - len(template.text)) > longer * (1 - MIN_RATIO):
        return False
    return difflib.SequenceMatcher(None, text, template.text, autojunk=False).ratio() >= MIN_RATIO
