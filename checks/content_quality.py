"""Wording of article pages: 严重表述错误 and 错别字.

- `content.serious_error`: a near miss of a protected term (the country's name, state organs,
  leaders' names with their titles as a city's profile lists them) in an article's title or
  body, found by `checks.term_index.TermIndex` (one automaton pass per text; see there for
  what is deliberately not a near miss). Veto: one is enough.
- `content.typo`: a wrong form of the profile's confusion list (既使 → 即使). A hit is
  dropped when a dictionary word (jieba, without its new-word guesser) runs across either
  edge of it: 既使用 is 既 + 使用, not a misspelt 即使.

One finding per article, listing every occurrence with its sentence as written and as
corrected. An article that did not load is NotChecked.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from checks.common import column_name_of, evidence, page_section, read_pages
from checks.framework import AuditResult, Finding, NotChecked, Rule
from checks.profile import Profile
from checks.snapshot import PageView, UnitSnapshot
from checks.term_index import PhraseIndex, TermIndex, sentence_around

INDICATOR = "内容正确性"
_PARTS = (("title", "标题"), ("body_text", "正文"))


@lru_cache(maxsize=4)
def _term_index(terms: tuple[str, ...], valid: tuple[str, ...], min_length: int,
                min_indel_length: int) -> TermIndex:
    return TermIndex(terms, valid, min_length=min_length, min_indel_length=min_indel_length)


@lru_cache(maxsize=4)
def _phrase_index(phrases: tuple[str, ...]) -> PhraseIndex:
    return PhraseIndex(phrases)


@lru_cache(maxsize=1)
def _tokenizer():
    """jieba's dictionary tokenizer, loaded once (about a second) on first use."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def word_across(sentence: str, start: int, end: int) -> str | None:
    """A dictionary word of `sentence` that runs across the edge of ``sentence[start:end]``."""
    for word, lo, hi in _tokenizer().tokenize(sentence, HMM=False):
        if lo < start < hi or lo < end < hi:
            return word
    return None


def _articles(snapshot: UnitSnapshot, rule_id: str
              ) -> Iterator[tuple[PageView, dict] | NotChecked]:
    """Each article page read, with its extracted `article` data, or NotChecked."""
    for page in read_pages(snapshot, "article", rule_id):
        if isinstance(page, NotChecked):
            yield page
            continue
        article = page_section(page, "article", rule_id, "文章内容")
        yield article if isinstance(article, NotChecked) else (page, article)


def occurrence(part: str, text: str, start: int, end: int, right: str) -> dict:
    """One wrong form in context: {where, found, expected, sentence, corrected}."""
    sentence, offset = sentence_around(text, start, end)
    found = text[start:end]
    return {"where": part, "found": found, "expected": right, "sentence": sentence,
            "corrected": sentence[:offset] + right + sentence[offset + len(found):]}


def _finding(rule_id: str, snapshot: UnitSnapshot, page: PageView, article: dict,
             occurrences: list[dict], what: str, expected: str) -> Finding:
    first = occurrences[0]
    more = f"等 {len(occurrences)} 处" if len(occurrences) > 1 else ""
    title = article.get("title") or page.title or page.url
    return Finding(rule_id, page.url,
                   f"文章“{title}”{first['where']}中“{first['found']}”{what}“{first['expected']}”{more}",
                   evidence(page, expected, occurrences), column=column_name_of(snapshot, page),
                   locator=page.url)


def audit_serious_error(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Near misses of the profile's protected terms in article titles and bodies."""
    rule_id = "content.serious_error"
    params = profile.rule(rule_id)
    index = _term_index(tuple(params.get("terms") or ()), tuple(params.get("valid_terms") or ()),
                        int(params.get("min_length", 5)), int(params.get("min_indel_length", 6)))
    for read in _articles(snapshot, rule_id):
        if isinstance(read, NotChecked):
            yield read
            continue
        page, article = read
        found = []
        for key, part in _PARTS:
            text = article.get(key) or ""
            found += [dict(occurrence(part, text, m.start, m.end, m.term), edit=m.kind)
                      for m in index.scan(text)]
        if found:
            yield _finding(rule_id, snapshot, page, article, found, "疑为错误写法，应为",
                           "国家名称、国家机构名称和领导人姓名职务等规范表述不得写错："
                           + "、".join(dict.fromkeys(f"“{o['expected']}”" for o in found)))


def audit_typo(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Wrong forms of the profile's confusion list, whole words only."""
    rule_id = "content.typo"
    pairs: dict[str, str] = dict(profile.param(rule_id, "pairs"))
    index = _phrase_index(tuple(sorted(pairs)))
    for read in _articles(snapshot, rule_id):
        if isinstance(read, NotChecked):
            yield read
            continue
        page, article = read
        found = []
        for key, part in _PARTS:
            text = article.get(key) or ""
            for start, end, wrong in index.find(text):
                sentence, at = sentence_around(text, start, end)
                if word_across(sentence, at, at + len(wrong)) is None:
                    found.append(occurrence(part, text, start, end, pairs[wrong]))
        if found:
            yield _finding(rule_id, snapshot, page, article, found, "为错别字，应为",
                           "常见错别字应改正：" + "、".join(
                               dict.fromkeys(f"“{o['found']}”→“{o['expected']}”" for o in found)))


SERIOUS_ERROR = Rule("content.serious_error", "严重表述错误", "veto", INDICATOR,
                     "国家名称、国家机构名称、领导人姓名和职务等规范表述被写错一个字（错字、漏字、"
                     "多字或颠倒），且写出的不是另一个规范表述。", audit_serious_error)
TYPO = Rule("content.typo", "错别字", "minor", INDICATOR,
            "文章中出现规则配置错别字表中的错误写法（按词语边界匹配，中文分词判断）。", audit_typo)

RULES = (SERIOUS_ERROR, TYPO)
