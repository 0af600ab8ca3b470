"""Is a body served as a web page really one, and all of it? Servers send PDFs, images and
archives as `text/html`, and a body whose end is the closing of the connection (no
Content-Length, not chunked) may stop mid-page; either read as a page is garbage or half a page
that no rule may judge.
"""
from __future__ import annotations

import re

__all__ = ["looks_binary", "looks_cut_short"]

_END_TAG = re.compile(r"</(?:html|body)\s*>", re.I)

#: Leading bytes of the file formats government sites serve (and mislabel).
_MAGIC = (
    b"%PDF-", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE2: .doc .xls .ppt .wps .et
    b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b",
)
_SAMPLE = 1024
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1b")
#: Share of other control bytes (NUL included) above which a sample is not text: random or
#: compressed bytes have ~12 %; a broken page has a stray NUL or two.
_CONTROL_SHARE = 0.05


def _utf16_like(sample: bytes) -> bool:
    """BOM-less UTF-16 markup: NULs in every other byte (ASCII tags in 16 bits)."""
    half = len(sample) // 2
    return half > 4 and (sample[1::2].count(0) > half * 0.6 or sample[0::2].count(0) > half * 0.6)


def looks_binary(body: bytes) -> bool:
    """True when `body` is a file format rather than text (HTML in any encoding)."""
    sample = body[:_SAMPLE].removeprefix(b"\xef\xbb\xbf")
    if not sample:
        return False
    if sample.startswith(_MAGIC):
        return True
    if _utf16_like(sample) or sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    controls = sum(1 for b in sample if b < 0x20 and b not in _TEXT_CONTROLS)
    return controls > len(sample) * _CONTROL_SHARE


def looks_cut_short(text: str) -> bool:
    """True when a page has no closing </body> or </html> (a page cut short, unless it never
    had them: only ask for bodies that ended with the connection)."""
    return _END_TAG.search(text) is None
