"""政策解读 (interp.*): each 解读 and the document it interprets.

A 解读 is an entry of a column of the profile's `documents.interpretation_types`, a document an
entry of `documents.document_types` (checks.documents.entries_of). A 解读 is matched to the
unit's documents
- by link: its page links to the document's page (关联阅读 / 相关文件 / 原文);
- by 文号: its title or text names the document's 文号 (鄂州政发〔2023〕3号);
- by title: its title quotes 《…》 what the document is called: its title (from 关于 on) or
  what it 印发 (…关于印发江城市X办法的通知 → 《江城市X办法》), not a law the title cites.
These are firm and date a 解读 (interp.late). A looser 《quote》 (one of quote and title holds
the other, in the title or the text of the 解读), or a link from the document's page to a 解读,
also tells that a document has one (interp.missing).

A 解读 links to its document (interp.unlinked) when a link of its page leads to a document of
the unit, or its anchor names a document (a 《quote》 of the 解读, what a document is called,
a 文号) or reads like 原文 / 相关文件 (`interp.unlinked.link_texts`). Links to columns, to the home page and to
other 解读 (上一篇 / 下一篇) do not count.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from checks.common import department_of, evidence, unread_reason
from checks.documents import (
    Entry,
    entries_of,
    evidence_page,
    fold,
    normative_reason,
    numbers_in,
    same_number,
)
from checks.framework import AuditResult, Finding, NotChecked, Rule
from checks.profile import Profile
from checks.snapshot import ColumnView, UnitSnapshot
from checks.workdays import CalendarUnknown, calendar_of, unknown
from crawler.outcomes import Outcome
from spiders.extract.url_canon import canonical_url

_QUOTE = re.compile(r"《([^《》]{2,80})》")
_MIN_TITLE = 6  # shorter quotes (《条例》, 《通知》) name no particular document
_MAX_LINKS = 300  # the spider keeps this many links of a page: beyond it nothing is known
_ISSUED = re.compile(r"(?:印发|转发|颁布|发布|公布)(.+?)的(?:通知|决定|公告|通告)$")
FIRM = ("链接", "文号", "标题")


def _plain(text: str | None) -> str:
    return fold(text).replace("《", "").replace("》", "")


def _quotes(text: str | None) -> list[str]:
    return [q for q in (_plain(m) for m in _QUOTE.findall(text or "")) if len(q) >= _MIN_TITLE]


@lru_cache(maxsize=4096)
def document_names(title: str) -> frozenset[str]:
    """What a 解读 or a link calls a document: its title, the title from 关于 on, and what it
    印发 (江城市人民政府关于印发《X办法》的通知 → X办法). Quotes of laws the title merely
    cites (关于贯彻《…条例》的意见) are not names of the document."""
    title = fold(title)
    names = {title, title[title.find("关于"):] if "关于" in title else title}
    issued = _ISSUED.search(title)
    if issued:
        names.add(issued.group(1))
    return frozenset(n for n in map(_plain, names) if len(n) >= _MIN_TITLE)


def _mentions(quote: str, title: str) -> bool:
    """A loose match of a quote in a 解读's text and a document title (one holds the other)."""
    t = _plain(title)
    return len(t) >= _MIN_TITLE and (quote in t or t in quote)


@dataclass(frozen=True)
class Match:
    document: Entry
    by: str  # 链接 | 文号 | 标题 (firm) | 引用 (a loose 《quote》 in title or text)


@dataclass
class Corpus:
    """The unit's documents and 解读, indexed for matching."""

    documents: list[Entry]
    interpretations: list[Entry]
    by_url: dict[str, Entry]
    navigation: set[str]  # canonical URLs of the home page, the disclosure root, the columns
    interpretation_urls: set[str]  # canonical URLs of the 解读

    def matches(self, interp: Entry) -> list[Match]:
        """The documents `interp` interprets, each with how it was matched (firm ones first)."""
        out: dict[str, Match] = {}
        for url, _ in interp.article.get("links") or ():
            doc = self.by_url.get(canonical_url(url))
            if doc is not None:
                out.setdefault(doc.url, Match(doc, "链接"))
        body = interp.article.get("body_text") or ""
        numbers = numbers_in(f"{interp.title}\n{body}")
        in_title, in_body = _quotes(interp.title), _quotes(body)
        for doc in self.documents:
            if doc.url in out:
                continue
            if any(same_number(n, m) for n in numbers for m in doc.numbers):
                out[doc.url] = Match(doc, "文号")
            elif document_names(doc.title) & set(in_title):
                out[doc.url] = Match(doc, "标题")
            elif any(_mentions(q, doc.title) for q in in_title + in_body):
                out[doc.url] = Match(doc, "引用")
        return sorted(out.values(), key=lambda m: m.by not in FIRM)

    def link_to_document(self, interp: Entry, link_texts: list[str]) -> list | None:
        """The first [url, anchor] of `interp`'s page that leads to or names a document."""
        quotes = _quotes(f"{interp.title}\n{interp.article.get('body_text') or ''}")
        for url, text in interp.article.get("links") or ():
            key = canonical_url(url)
            if key in self.navigation or key in self.interpretation_urls:
                continue
            if key in self.by_url:
                return [url, text]
            anchor = _plain(text)
            if anchor and (numbers_in(anchor) or any(k in anchor for k in link_texts)
                           or any(q in anchor for q in quotes)
                           or any(n in anchor for d in self.documents
                                  for n in document_names(d.title))):
                return [url, text]
        return None


def corpus_of(snapshot: UnitSnapshot, profile: Profile) -> Corpus:
    spec = profile.data["documents"]
    documents = entries_of(snapshot, profile, spec["document_types"])
    interpretations = entries_of(snapshot, profile, spec["interpretation_types"])
    navigation = {canonical_url(u) for u in (snapshot.home_url, snapshot.disclosure_url) if u}
    navigation |= {canonical_url(c.url) for c in snapshot.columns}
    return Corpus(documents, interpretations, {canonical_url(d.url): d for d in documents},
                  navigation, {canonical_url(i.url) for i in interpretations})


def _read_interpretations(corpus: Corpus, rule_id: str) -> Iterator[Entry | NotChecked]:
    """Each 解读 whose page was read, or a NotChecked for one that was not (PDF: skipped)."""
    for interp in corpus.interpretations:
        if interp.read:
            yield interp
        elif interp.page is None or interp.page.outcome != Outcome.NOT_HTML:
            yield NotChecked(rule_id, interp.url, unread_reason(interp.page, "解读页面")
                             or "解读页面的文章信息未能提取")


def _interpretation_columns(snapshot: UnitSnapshot, profile: Profile) -> list[ColumnView]:
    types = profile.data["documents"]["interpretation_types"]
    return [c for c in snapshot.columns if c.type in types]


def _interp_evidence(snapshot: UnitSnapshot, interp: Entry, expected: str, seen, **extra) -> dict:
    return evidence(evidence_page(snapshot, interp), expected, seen, title=interp.title,
                    **extra, **department_of(interp.column))


def audit_unlinked(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """解读 pages with no link to (or naming) the document they interpret."""
    rule_id = "interp.unlinked"
    link_texts = list(profile.param(rule_id, "link_texts"))
    corpus = corpus_of(snapshot, profile)
    for interp in _read_interpretations(corpus, rule_id):
        if isinstance(interp, NotChecked):
            yield interp
            continue
        links = interp.article.get("links")
        if links is None:
            yield NotChecked(rule_id, interp.url, "解读页面的链接未能提取")
            continue
        if corpus.link_to_document(interp, link_texts) is not None:
            continue
        if len(links) >= _MAX_LINKS:
            yield NotChecked(rule_id, interp.url, f"解读页面链接超过 {_MAX_LINKS} 个，只保存了前 "
                                                  f"{_MAX_LINKS} 个，未见指向文件原文的链接")
            continue
        matched = corpus.matches(interp)
        doc = matched[0].document if matched else None
        target = f"其解读的文件“{doc.title}”" if doc else "所解读的政策文件原文"
        yield Finding(rule_id, interp.url, f"解读“{interp.title}”未链接{target}",
                      _interp_evidence(snapshot, interp,
                                       "政策解读页面应设置关联阅读，链接到所解读的政策文件原文",
                                       {"links_to_document": None,
                                        "quoted_titles": _quotes(interp.title)},
                                       document_url=doc.url if doc else None,
                                       document_title=doc.title if doc else None,
                                       matched_by=matched[0].by if matched else None),
                      column=interp.column.name, locator=interp.url)


def audit_late(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """解读 published more than N working days after the document they firmly match."""
    rule_id = "interp.late"
    limit = int(profile.param(rule_id, "max_workdays"))
    calendar = calendar_of(profile)
    corpus = corpus_of(snapshot, profile)
    for interp in _read_interpretations(corpus, rule_id):
        if isinstance(interp, NotChecked):
            yield interp
            continue
        firm = [m for m in corpus.matches(interp) if m.by in FIRM]
        dated = [m for m in firm if m.document.day is not None]
        if not firm or interp.day is None:
            continue
        if not dated:
            yield NotChecked(rule_id, interp.url,
                             f"所解读文件“{firm[0].document.title}”的发布日期未知")
            continue
        match = max(dated, key=lambda m: m.document.day)  # the latest document: most lenient
        doc = match.document
        try:
            deadline = calendar.add_workdays(doc.day, limit)
            if interp.day <= deadline:
                continue
            elapsed = calendar.workdays_between(doc.day, interp.day)
        except CalendarUnknown as exc:
            yield unknown(rule_id, interp.url, exc)
            continue
        yield Finding(rule_id, interp.url,
                      f"解读“{interp.title}”发布于 {interp.day.isoformat()}，在所解读文件“{doc.title}”"
                      f"（{doc.day.isoformat()} 发布）之后第 {elapsed} 个工作日，"
                      f"超过 {limit} 个工作日",
                      _interp_evidence(snapshot, interp,
                                       f"解读应与文件同步发布，最迟在文件发布后 {limit} 个工作日内"
                                       f"（{deadline.isoformat()} 前）",
                                       {"interpretation_date": interp.day.isoformat(),
                                        "document_date": doc.day.isoformat(),
                                        "workdays_after": elapsed},
                                       deadline=deadline.isoformat(), document_url=doc.url,
                                       document_title=doc.title, matched_by=match.by),
                      column=interp.column.name, locator=interp.url)


def _covered(corpus: Corpus, doc: Entry, matched: set[str], interp_words: list[str]) -> bool:
    """Whether a 解读 of `doc` was seen: matched by one, or linked from the document's page."""
    if doc.url in matched:
        return True
    for url, text in doc.article.get("links") or ():
        key = canonical_url(url)
        if key in corpus.interpretation_urls:
            return True
        if key not in corpus.navigation and any(w in fold(text) for w in interp_words):
            return True
    return False


def audit_missing(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Documents of the period (规范性文件, or all with scope `all`) that no 解读 interprets."""
    rule_id = "interp.missing"
    params = profile.rule(rule_id)
    grace = int(profile.param("interp.late", "max_workdays"))
    exempt = list(params["exempt_titles"])
    since = as_of - timedelta(days=int(params["period_days"]))
    calendar = calendar_of(profile)
    corpus = corpus_of(snapshot, profile)
    matched = {m.document.url for i in corpus.interpretations for m in corpus.matches(i)}
    words = ["解读", *profile.param("interp.forms", "keywords")]
    columns = _interpretation_columns(snapshot, profile)
    unread = [i for i in corpus.interpretations if not i.read]
    incomplete = [c.name for c in columns if not c.complete]
    for doc in corpus.documents:
        if doc.day is None or not since <= doc.day <= as_of or any(w in doc.title for w in exempt):
            continue
        why = normative_reason(doc.column, doc.article, profile)
        if params["scope"] == "normative" and why is None or _reposted(doc, snapshot, profile):
            continue  # not a 规范性文件, or another organ's document the unit only reposts
        if _covered(corpus, doc, matched, words):
            continue
        try:
            if calendar.add_workdays(doc.day, grace) >= as_of:
                continue  # its 解读 may still come in time
        except CalendarUnknown as exc:
            yield unknown(rule_id, doc.url, exc)
            continue
        if not columns:
            yield NotChecked(rule_id, doc.url, "未找到政策解读栏目，无法判断该文件是否有解读")
            continue
        if unread or incomplete:
            what = (f"政策解读栏目“{'、'.join(incomplete)}”未完整读取" if incomplete
                    else f"{len(unread)} 篇解读页面未能读取")
            yield NotChecked(rule_id, doc.url, f"{what}，无法判断该文件是否有解读")
            continue
        yield Finding(rule_id, doc.url, f"文件“{doc.title}”（{doc.day.isoformat()} 发布）未见政策解读",
                      evidence(evidence_page(snapshot, doc),
                               "政策文件应同步发布解读，解读应引用文件标题或文号，或与文件相互链接",
                               {"document_date": doc.day.isoformat(), "number": doc.number,
                                "interpretations_seen": len(corpus.interpretations)},
                               title=doc.title, normative_by=why, **department_of(doc.column)),
                      column=doc.column.name, locator=doc.url)


_PLACE = re.compile(r"^(.{2,6}?(?:特别行政区|自治区|自治州|自治县|地区|省|市|州|盟|县|区|旗))")


def _place(name: str) -> str | None:
    match = _PLACE.match(name)
    return match.group(1) if match else None


def _other_organ(source: str, snapshot: UnitSnapshot, profile: Profile) -> str | None:
    """Why `source` is not the unit itself (Chinese), or None when it is or cannot be told."""
    params = profile.rule("interp.reposted")
    text = fold(source)
    home = snapshot.home.data if snapshot.home is not None and snapshot.home.ok else {}
    own = [snapshot.unit, (home.get("meta") or {}).get("SiteName"),
           (home.get("footer") or {}).get("sponsor"), *params["own_sources"]]
    if not text or any(o and (fold(o) in text or text in fold(o)) for o in own):
        return None
    marker = next((k for k in params["higher_level"] if k in text), None)
    if marker:
        return f"来源含“{marker}”"
    place, ours = _place(text), _place(fold(snapshot.unit))
    if place and ours and place != ours and place not in fold(snapshot.unit):
        return f"来源属“{place}”，本单位属“{ours}”"
    return None


def _source(entry: Entry) -> str:
    """The 来源 shown on an entry's page, else its metadata's 发布机构 ("" when neither)."""
    return entry.article.get("source") or (entry.article.get("metadata") or {}).get("发布机构") or ""


def _reposted(entry: Entry, snapshot: UnitSnapshot, profile: Profile) -> str | None:
    """Why an entry's source is another organ, or None."""
    return _other_organ(_source(entry), snapshot, profile)


def audit_reposted(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """解读 whose 来源 / 发布机构 is another (higher-level) organ rather than the unit."""
    rule_id = "interp.reposted"
    corpus = corpus_of(snapshot, profile)
    for interp in _read_interpretations(corpus, rule_id):
        if isinstance(interp, NotChecked):
            yield interp
            continue
        source = _source(interp)
        why = _reposted(interp, snapshot, profile)
        if why is None:
            continue
        yield Finding(rule_id, interp.url,
                      f"解读“{interp.title}”来源为“{source}”，为转载的解读而非本单位自行解读",
                      _interp_evidence(snapshot, interp, "政策解读应由本单位按“谁起草、谁解读”自行开展",
                                       {"source": source}, reason=why),
                      column=interp.column.name, locator=interp.url)


def audit_forms(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """No 图解, 音视频, 访谈 or 发布会 解读 among the unit's 解读 of the last period."""
    rule_id = "interp.forms"
    params = profile.rule(rule_id)
    since = as_of - timedelta(days=int(params["period_days"]))
    corpus = corpus_of(snapshot, profile)
    columns = _interpretation_columns(snapshot, profile)
    if not columns:
        yield NotChecked(rule_id, snapshot.disclosure_url or snapshot.home_url, "未找到政策解读栏目")
        return
    recent = [i for i in corpus.interpretations if i.day is None or since <= i.day <= as_of]
    if any(k in i.title for i in recent for k in params["keywords"]):
        return
    incomplete = [c.name for c in columns if not c.complete]
    if incomplete:
        yield NotChecked(rule_id, columns[0].url,
                         f"政策解读栏目“{'、'.join(incomplete)}”未完整读取")
        return
    first = columns[0]
    yield Finding(rule_id, first.url,
                  f"近 {params['period_days']} 天的 {len(recent)} 条政策解读中没有图解、音视频、"
                  f"在线访谈、新闻发布会等多样化解读",
                  evidence(snapshot.page(first.url), "每年应有图解、音视频、在线访谈、新闻发布会等"
                                                     "多种形式的政策解读",
                           {"interpretations": len(recent), "non_text": 0},
                           since=since.isoformat(), keywords=list(params["keywords"]),
                           columns=[{"name": c.name, "url": c.url} for c in columns],
                           **department_of(first)),
                  column=first.name, locator=first.url)


UNLINKED = Rule("interp.unlinked", "解读未关联政策文件", "major", "政策解读",
                "政策解读页面应链接所解读的政策文件（关联阅读）。", audit_unlinked)
LATE = Rule("interp.late", "解读发布不及时", "major", "政策解读",
            "解读应与文件同步发布，最迟在文件发布后规定的工作日内（默认 3 个）。", audit_late)
MISSING = Rule("interp.missing", "政策文件未解读", "major", "政策解读",
               "本单位制发的政策文件（默认为规范性文件）应发布解读。", audit_missing)
REPOSTED = Rule("interp.reposted", "转载上级解读", "info", "政策解读",
                "解读来源为上级或其他机关，不是本单位自行解读。", audit_reposted)
FORMS = Rule("interp.forms", "解读形式单一", "info", "政策解读",
             "近一年没有图解、音视频、在线访谈、新闻发布会等多样化解读。", audit_forms)

RULES = (UNLINKED, LATE, MISSING, REPOSTED, FORMS)
