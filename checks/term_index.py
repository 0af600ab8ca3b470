"""Multi-pattern search over Chinese text: exact phrases, and near misses of protected terms.

Both are one Aho–Corasick pass (``pyahocorasick``) over the text, whatever the number of
terms. A near miss of a protected term is a form one edit away from it (a character wrong,
missing, extra, or two neighbours swapped). Every such form keeps one of the term's two
halves intact (a swap across the middle is indexed as its own pattern), so the automaton
holds the halves as anchors and each anchor hit is verified against the term around it.

What is *not* a near miss, for precision:
- edits touching the first or last character (``我国人民代表大会`` is not a misspelt
  ``全国人民代表大会``; ``全国政府`` is not ``全国政协``): the form must start and end like the term;
- a form that overlaps an occurrence of the term itself, or whose changed characters (the
  wrong, extra or swapped ones) lie inside an occurrence of another valid term (the protected
  terms and the ``valid`` list: ``全市人民`` explains ``全市人民代表大会``);
- a substituted or inserted character that is not a CJK ideograph;
- terms shorter than ``min_length`` (default 5: ``全国政协`` → ``全市政协``), and for a missing
  or extra character terms shorter than ``min_indel_length`` (default 6).
Text is compared with compatibility ideographs and Kangxi radicals folded to their unified
forms, and with spaces (not line breaks) ignored; reported spans are in the original text.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_SENTENCE_END = "。！？!?；;\n"
_LEFT, _RIGHT, _SWAP = "left", "right", "swap"
KINDS = ("substitution", "transposition", "deletion", "insertion")


def _fold_table() -> dict[int, str]:
    """Compatibility ideographs and radicals → unified ideographs (one character to one)."""
    table = {}
    for lo, hi in ((0x2E80, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)):
        for cp in range(lo, hi + 1):
            folded = unicodedata.normalize("NFKC", chr(cp))
            if len(folded) == 1 and folded != chr(cp):
                table[cp] = folded
    return table


_FOLD = _fold_table()


def _char_class(codepoints: list[int]) -> str:
    """A regex character class of `codepoints`, consecutive runs as ranges."""
    runs: list[list[int]] = []
    for cp in sorted(codepoints):
        if runs and cp == runs[-1][1] + 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return "[" + "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "")
                         for a, b in runs) + "]"


_FOLDABLE = re.compile(_char_class(list(_FOLD)))


def is_ideograph(ch: str) -> bool:
    """A CJK unified ideograph (basic block, extension A, or the supplementary planes)."""
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x3134F


def sentence_around(text: str, start: int, end: int, limit: int = 60) -> tuple[str, int]:
    """The sentence holding ``text[start:end]`` (at most `limit` characters either side of it)
    and the offset of `start` within that sentence."""
    lo = max(text.rfind(ch, 0, start) for ch in _SENTENCE_END) + 1
    lo = max(lo, start - limit)
    ends = [i for i in (text.find(ch, end) for ch in _SENTENCE_END) if i != -1]
    hi = min(min(ends) + 1 if ends else len(text), end + limit)
    sentence = text[lo:hi]
    stripped = sentence.lstrip()
    return stripped.rstrip(), start - lo - (len(sentence) - len(stripped))


class _Compact:
    """Text folded and without horizontal spaces, mapping positions back to the original."""

    def __init__(self, text: str):
        folded = text.translate(_FOLD) if _FOLDABLE.search(text) else text
        self.value = _HORIZONTAL_SPACE.sub("", folded)
        self._starts: list[int] = []  # compact position where a removed run was
        self._removed: list[int] = []  # characters removed up to and including that run
        if len(self.value) != len(folded):
            total = 0
            for m in _HORIZONTAL_SPACE.finditer(folded):
                total += m.end() - m.start()
                self._starts.append(m.end() - total)
                self._removed.append(total)

    def original(self, pos: int) -> int:
        """Original index of the character at compact position `pos`."""
        k = bisect_right(self._starts, pos)
        return pos + (self._removed[k - 1] if k else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.original(start), self.original(end - 1) + 1


def _automaton(patterns: dict[str, list]) -> ahocorasick.Automaton | None:
    if not patterns:
        return None
    automaton = ahocorasick.Automaton()
    for pattern, values in patterns.items():
        automaton.add_word(pattern, (len(pattern), tuple(values)))
    automaton.make_automaton()
    return automaton


class PhraseIndex:
    """Exact occurrences of many phrases in one pass."""

    def __init__(self, phrases: Iterable[str]):
        self._automaton = _automaton({p: [p] for p in phrases if p})

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every occurrence (overlapping ones too) as (start, end, phrase), by start."""
        if self._automaton is None or not text:
            return []
        return sorted((end + 1 - size, end + 1, values[0])
                      for end, (size, values) in self._automaton.iter(text))


@dataclass(frozen=True)
class NearMiss:
    """A form one edit away from a protected term, as it stands in the text."""

    start: int
    end: int
    found: str
    term: str
    kind: str  # one of KINDS


def _edit(term: str, form: str, indel: bool) -> tuple[str, int, int] | None:
    """(kind, edited span in `form`) when `form` is one interior edit away from `term`."""
    if form == term or not form or form[0] != term[0] or form[-1] != term[-1]:
        return None
    n, size = len(term), len(form)
    i = 0
    while i < min(n, size) and form[i] == term[i]:
        i += 1
    if size == n:
        if form[i + 1:] == term[i + 1:]:
            return ("substitution", i, i + 1) if is_ideograph(form[i]) else None
        if form[i] == term[i + 1] and form[i + 1] == term[i] and form[i + 2:] == term[i + 2:]:
            return "transposition", i, i + 2
        return None
    if not indel:
        return None
    if size == n - 1 and form[i:] == term[i + 1:] and 1 <= i <= n - 2:
        return "deletion", i - 1, i + 1  # the two characters the missing one sat between
    if size == n + 1 and form[i + 1:] == term[i:] and is_ideograph(form[i]):
        return "insertion", i, i + 1
    return None


class TermIndex:
    """Near misses of protected terms (see the module docstring for what counts)."""

    def __init__(self, terms: Iterable[str], valid: Iterable[str] = (), *, min_length: int = 5,
                 min_indel_length: int = 6):
        self.terms = tuple(dict.fromkeys(t for t in terms if t))
        valid_words = {w for w in (*self.terms, *valid) if w}
        anchors: dict[str, list] = {}
        for term in self.terms:
            n = len(term)
            if n < min_length:
                continue
            half = (n + 1) // 2
            offsets = (-1, 0, 1) if n >= min_indel_length else (0,)
            entry = (term, n, term[-1], n >= min_indel_length)
            anchors.setdefault(term[:half], []).append((_LEFT, offsets, *entry))
            anchors.setdefault(term[half:], []).append((_RIGHT, offsets, *entry))
            swapped = term[:half - 1] + term[half] + term[half - 1] + term[half + 1:]
            anchors.setdefault(swapped, []).append((_SWAP, (0,), *entry))
        # pass 1 looks at anchors only; pass 2 (texts with a candidate) finds the valid words
        self._anchors = _automaton(anchors)
        self._valid = PhraseIndex(valid_words)

    def scan(self, text: str) -> list[NearMiss]:
        """The near misses in `text`, by position, overlapping ones resolved (longer term first)."""
        if self._anchors is None or not text:
            return []
        compact = _Compact(text)
        value = compact.value
        size_of = len(value)
        candidates: dict[tuple[int, int, str], tuple[str, int, int]] = {}
        for end, (size, entries) in self._anchors.iter(value):
            start = end + 1 - size
            for role, offsets, term, n, last, indel in entries:
                if role == _LEFT:
                    if value.startswith(term, start):
                        continue  # the anchor of an exact occurrence
                    spans = [(start, start + n + d) for d in offsets]
                elif role == _RIGHT:
                    if value.startswith(term, end + 1 - n):
                        continue
                    spans = [(end + 1 - n - d, end + 1) for d in offsets]
                else:
                    spans = [(start, end + 1)]
                for lo, hi in spans:
                    if lo < 0 or hi > size_of or value[hi - 1] != last or value[lo] != term[0] \
                            or (lo, hi, term) in candidates:
                        continue
                    edit = _edit(term, value[lo:hi], indel)
                    if edit is not None:
                        candidates[(lo, hi, term)] = (edit[0], lo + edit[1], lo + edit[2])
        if not candidates:
            return []
        exact = self._valid.find(value)
        kept = [(lo, hi, term, kind) for (lo, hi, term), (kind, a, b) in candidates.items()
                if not _explained(term, kind, lo, hi, a, b, exact)]
        kept.sort(key=lambda c: (-len(c[2]), KINDS.index(c[3]), c[0]))
        chosen: list[tuple[int, int, str, str]] = []
        for cand in kept:
            if all(cand[1] <= other[0] or other[1] <= cand[0] for other in chosen):
                chosen.append(cand)
        out = []
        for lo, hi, term, kind in sorted(chosen):
            start, end = compact.span(lo, hi)
            out.append(NearMiss(start, end, text[start:end], term, kind))
        return out


def _explained(term: str, kind: str, lo: int, hi: int, a: int, b: int,
               exact: list[tuple[int, int, str]]) -> bool:
    """Whether a form overlaps the term itself, or its changed characters (a wrong, extra or
    swapped one: a missing one leaves none) lie inside another valid word."""
    for s, e, word in exact:
        if word == term and s < hi and lo < e:
            return True
        if kind != "deletion" and word not in term and s <= a and b <= e:
            return True
    return False
