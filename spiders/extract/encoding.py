"""Decode HTTP bodies of Chinese government pages to text.

Order of evidence: byte-order mark, HTTP ``Content-Type`` charset, ``<meta>`` charset,
then sniffing. GB2312/GBK are decoded as GB18030 (a superset). A declaration that does
not fit the bytes (a UTF-8 page saying gb2312, a GBK page saying utf-8) loses to a
candidate that decodes cleanly.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_body"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
# Both <meta charset="x"> (any attribute order, e.g. Pingtan's charset+viewport tag) and
# <meta http-equiv="Content-Type" content="text/html; charset=x">.
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_META_SCAN = 16384
_GB_CODECS = frozenset({"gb2312", "gbk", "gb18030"})  # cp936, euc-cn, chinese resolve here
# Declarations that say nothing useful about Chinese text: bytes above 0x7f are
# Chinese in some other encoding.
_WEAK = frozenset({"ascii", "iso8859-1", "cp1252"})
_CLEAN_CANDIDATES = ("utf-8", "gb18030")


def _canonical(name: str | None) -> str | None:
    """Python codec name for a declared charset; GB family -> gb18030; None if unknown."""
    if not name:
        return None
    name = name.strip().lower()
    if "gb" in name:  # gb2312, gbk, x-gbk, csgb2312, gb_2312-80, gb18030
        return "gb18030"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return "gb18030" if codec in _GB_CODECS else codec


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_utf16(body: bytes) -> str | None:
    """Detect BOM-less UTF-16 from NUL bytes in the ASCII markup at the start."""
    head = body[:512]
    if len(head) < 8:
        return None
    half = len(head) // 2
    if head[1::2].count(0) > half * 0.6:
        return "utf-16-le"
    if head[0::2].count(0) > half * 0.6:
        return "utf-16-be"
    return None


def _declared(body: bytes, content_type: str | None) -> str | None:
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        enc = _canonical(m.group(1)) if m else None
        if enc:
            return enc
    for m in _META_CHARSET.finditer(body, 0, _META_SCAN):
        enc = _canonical(m.group(1).decode("ascii", "replace"))
        if enc:
            # A <meta> readable as ASCII cannot be UTF-16 (HTML spec: treat as UTF-8).
            return "utf-8" if enc.startswith("utf-16") or enc.startswith("utf-32") else enc
    return None


def decode_body(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode ``body`` and return ``(text, encoding)``; never raises.

    ``content_type`` is the HTTP header value (``text/html; charset=GBK``), if any.
    The encoding returned is a Python codec name such as ``utf-8``, ``gb18030`` or
    ``utf-16-le``.
    """
    if not body:
        return "", "utf-8"
    for bom, enc in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(enc, errors="replace"), enc

    declared = _declared(body, content_type) or _looks_utf16(body)
    if declared and declared not in _WEAK:
        text = _strict(body, declared)
        if text is not None:
            if declared != "utf-8" and not body.isascii():
                # Valid UTF-8 with non-ASCII bytes is almost never GBK/Big5 by chance.
                as_utf8 = _strict(body, "utf-8")
                if as_utf8 is not None:
                    return as_utf8, "utf-8"
            return text, declared
    elif body.isascii():
        return body.decode("ascii"), declared or "utf-8"

    for enc in _CLEAN_CANDIDATES:
        if enc != declared:
            text = _strict(body, enc)
            if text is not None:
                return text, enc

    # Nothing decodes cleanly (stray bytes): keep the candidate with fewest U+FFFD.
    candidates = [declared] if declared and declared not in _WEAK else []
    candidates += [c for c in _CLEAN_CANDIDATES if c != declared]
    best_text, best_enc = "", "utf-8"
    best_bad = None
    for enc in candidates:
        try:
            text = body.decode(enc, errors="replace")
        except LookupError:
            continue
        bad = text.count("\ufffd")
        if best_bad is None or bad < best_bad:
            best_text, best_enc, best_bad = text, enc, bad
    return best_text, best_enc
