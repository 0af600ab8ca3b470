"""Date extraction for Chinese government pages.

A regex fast path covers the forms these sites print (``2023-04-17``, ``2023/4/17``,
``2023.04.17``, ``2023年4月17日``, ``[04-17]``, full-width digits, U+2236 as a time colon);
``dateparser`` is imported lazily and used only as a last resort on short strings.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Iterable, Iterator

__all__ = [
    "parse_date",
    "find_dates",
    "date_from_url",
    "labeled_date",
    "find_labeled_date",
    "find_date",
    "complete_month_day",
]

MIN_YEAR = 1990
MAX_YEAR = 2100

# Full-width digits and punctuation -> ASCII; one character maps to one character,
# so match offsets in the translated text are offsets in the original.
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９－／．：∶",
    "0123456789-/.::",
)

_YMD = (
    r"(?<!\d)(?P<y>\d{4})\s*(?P<sep>[-/.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})(?!\d)"
    r"|(?<!\d)(?P<cy>\d{4})\s*年\s*(?P<cm>\d{1,2})\s*月\s*(?P<cd>\d{1,2})(?!\d)\s*[日号]?"
    r"|(?P<zy>[〇○零一二三四五六七八九]{4})\s*年\s*(?P<zm>[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(?P<zd>[一二三四五六七八九十]{1,3})\s*日"
)
_MD = (
    r"|(?<![\d/.-])(?P<mm>\d{1,2})[-/](?P<md>\d{1,2})(?![\d/.-])"
    r"|(?<!\d)(?P<cmm>\d{1,2})\s*月\s*(?P<cmd>\d{1,2})\s*[日号]"
)
_DATE_RE = re.compile(_YMD)
_DATE_OR_MD_RE = re.compile(_YMD + _MD)
# An optional time right after a date, kept in the "date text" of labelled dates.
_TIME_RE = re.compile(r"\s*\d{1,2}\s*[:时]\s*\d{1,2}(?:\s*[:分]\s*\d{1,2}\s*秒?)?分?")

_URL_PATTERNS = (
    re.compile(r"/t(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})_\d+"),  # TRS /202304/t20230417_123.html
    re.compile(r"/art/(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/"),  # Hanweb JCMS
    re.compile(r"/(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/"),  # Ucap and others
    re.compile(r"/(?P<y>\d{4})/(?P<m>\d{2})-(?P<d>\d{2})/"),  # /2023/04-17/123.html
    re.compile(r"/(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})/"),  # /jcws2/20230417/<hex>.html
)

# Only forms the regexes do not cover are worth the slow parser: month names.
_FALLBACK_HINT = re.compile(r"[A-Za-z]{3,}.*\d{4}|\d{4}.*[A-Za-z]{3,}")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_DEFAULT_LABELS = ("发布时间", "发布日期", "发文日期", "时间", "日期")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _make(y: int, m: int, d: int) -> date | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _cn_number(s: str) -> int:
    """Convert 二〇二三 (digit by digit) or 十七 / 二十 / 三十一 (with 十) to an int."""
    if "十" not in s:
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    tens, _, units = s.partition("十")
    if "十" in units:  # 十十: not a number
        return -1
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _from_match(m: re.Match[str], default_year: int | None) -> date | None:
    g = m.group
    if g("y"):
        return _make(int(g("y")), int(g("m")), int(g("d")))
    if g("cy"):
        return _make(int(g("cy")), int(g("cm")), int(g("cd")))
    if g("zy"):
        return _make(_cn_number(g("zy")), _cn_number(g("zm")), _cn_number(g("zd")))
    if default_year is None:
        return None
    if g("mm"):
        return _make(default_year, int(g("mm")), int(g("md")))
    return _make(default_year, int(g("cmm")), int(g("cmd")))


def _iter_dates(
    text: str, default_year: int | None = None, pos: int = 0
) -> Iterator[tuple[date, re.Match[str]]]:
    """Yield (date, match) for every plausible date in ``text`` from ``pos`` on."""
    rx = _DATE_RE if default_year is None else _DATE_OR_MD_RE
    for m in rx.finditer(text.translate(_FULLWIDTH), pos):
        d = _from_match(m, default_year)
        if d is not None:
            yield d, m


def _dateparser_fallback(text: str) -> date | None:
    stripped = text.strip()
    if len(stripped) > 64 or not _FALLBACK_HINT.search(stripped):
        return None
    import dateparser  # slow import and slow parser: only for odd forms

    parsed = dateparser.parse(
        stripped,
        languages=["zh", "en"],
        settings={
            "STRICT_PARSING": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    if parsed is None or not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    return parsed.date()


def parse_date(text: str, *, default_year: int | None = None) -> date | None:
    """Return the first plausible date in ``text``, or None.

    Month-day forms (``04-17``, ``[04-17]``, ``4月17日``) count only when ``default_year``
    is given. Impossible dates and years outside 1990..2100 are skipped.
    """
    if not text:
        return None
    for d, _ in _iter_dates(text, default_year):
        return d
    return _dateparser_fallback(text)


def find_date(text: str) -> tuple[date, int, int] | None:
    """Return the first full date in ``text`` with the span of its text (time included)."""
    for d, m in _iter_dates(text or ""):
        tm = _TIME_RE.match(text.translate(_FULLWIDTH), m.end())
        return d, m.start(), tm.end() if tm else m.end()
    return None


def find_dates(text: str) -> list[date]:
    """Return every full (year-month-day) date in ``text``, in order of appearance."""
    return [d for d, _ in _iter_dates(text)] if text else []


def date_from_url(url: str) -> date | None:
    """Return the date encoded in a CMS article URL (TRS, JCMS, Ucap, …), or None."""
    for rx in _URL_PATTERNS:
        for m in rx.finditer(url):
            d = _make(int(m["y"]), int(m["m"]), int(m["d"]))
            if d is not None:
                return d
    return None


@lru_cache(maxsize=32)
def _label_re(labels: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True))
    # Between label and value: spaces, &nbsp;, colons (half/full width, U+2236), brackets.
    return re.compile(rf"(?P<label>{alternatives})[\s:：\]】|]*")


def find_labeled_date(
    text: str, labels: Iterable[str] = _DEFAULT_LABELS
) -> tuple[date, int, int] | None:
    """Like :func:`labeled_date` but also return the span of the date text (with time).

    A two-character label such as 时间/日期 must not be the tail of a longer word
    (公示时间, 成文日期), so it is rejected when a CJK character precedes it.
    """
    if not text:
        return None
    plain = text.translate(_FULLWIDTH)
    for m in _label_re(tuple(labels)).finditer(plain):
        start = m.start()
        if len(m["label"]) <= 2 and start and _CJK.match(plain, start - 1):
            continue
        dm = _DATE_RE.match(plain, m.end())
        if dm is None:
            continue
        d = _from_match(dm, None)
        if d is None:
            continue
        end = dm.end()
        tm = _TIME_RE.match(plain, end)
        if tm is not None:
            end = tm.end()
        return d, dm.start(), end
    return None


def labeled_date(text: str, labels: Iterable[str] = _DEFAULT_LABELS) -> date | None:
    """Return the date printed right after a label such as ``发布时间：``, or None."""
    found = find_labeled_date(text, labels)
    return found[0] if found else None


_MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)")


def complete_month_day(text: str, reference: date) -> date | None:
    """The date of a month-day text (``[04-17]``, ``4月17日``) in the year that puts it
    nearest to ``reference`` (the article's own date), or None when ``text`` is no month-day."""
    m = _MONTH_DAY.search((text or "").translate(_FULLWIDTH))
    if m is None:
        return None
    month, day = int(m.group(1)), int(m.group(2))
    candidates = [d for d in (_make(reference.year + k, month, day) for k in (0, -1, 1)) if d]
    return min(candidates, key=lambda d: abs((d - reference).days)) if candidates else None
