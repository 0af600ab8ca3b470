"""政务咨询: messages answered in time, not left unanswered, published with their fields, and
an online channel to send them.

Messages come from the pages of 咨询 columns: `consult` on list pages and `consult_detail` on
message pages (`spiders.extract.consultations`), merged by URL (the detail page's values win
where it shows them). A message is *answered* when a reply date or reply text is shown or its
status says so (已回复, 已办结 …); *pending* when its status says so (办理中, 未回复 …) or its
page shows an empty reply; otherwise it is not judged. Deadlines count working days
(`checks.workdays`, D itself not counted); a year the calendar does not know gives NotChecked.
"""
from __future__ import annotations

import calendar as _months
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from checks.common import evidence, parse_date, read_home
from checks.framework import AuditResult, Finding, NotChecked, Rule
from checks.profile import Profile
from checks.snapshot import PageView, UnitSnapshot
from checks.warnings import early_warning, in_warning_zone
from checks.workdays import CalendarUnknown, calendar_of, unknown

FIELD_NAMES = {"asked_at": "留言时间", "answered_at": "答复时间", "answer_unit": "答复单位",
               "answer": "答复内容"}


@dataclass
class Message:
    title: str | None
    url: str
    column_url: str | None
    column: str | None
    page: PageView  # the page the message was read on (its detail page when read)
    asked: date | None = None
    answered: date | None = None
    unit: str | None = None
    answer_present: bool | None = None
    status: str | None = None
    has_detail: bool = False
    sources: list[str] = field(default_factory=list)

    def merge(self, record: dict, page: PageView, detail: bool) -> None:
        """Add what one page shows of this message (a detail page overrides a list)."""
        values = {"asked": parse_date(record.get("asked_at")),
                  "answered": parse_date(record.get("answered_at")),
                  "unit": record.get("answer_unit"), "answer_present": record.get("answer_text_present"),
                  "status": record.get("status_text"), "title": record.get("title")}
        for key, value in values.items():
            if value is not None and (detail or getattr(self, key) is None):
                setattr(self, key, value)
        if detail:
            self.has_detail, self.page = True, page
        self.sources.append(page.url)


def _records(page: PageView) -> Iterator[tuple[dict, bool]]:
    for key, detail in (("consult", False), ("consult_detail", True)):
        for record in page.data.get(key) or ():
            if isinstance(record, dict):
                yield record, detail


def messages(snapshot: UnitSnapshot) -> list[Message]:
    """Every message read on a page, list entries merged with their detail pages."""
    found: dict[str, Message] = {}
    pages = sorted((p for p in snapshot.pages.values() if p.ok),
                   key=lambda p: ("consult_detail" in p.data, p.url))  # lists first
    for page in pages:
        for record, detail in _records(page):
            url = record.get("url") or f"{page.url}#{record.get('title')}|{record.get('asked_at')}"
            message = found.get(url)
            if message is None:
                column_url = page.column_url or page.url
                message = found[url] = Message(record.get("title"), url, column_url,
                                               snapshot.column_name(column_url), page)
            message.merge(record, page, detail)
    return list(found.values())


def _words(profile: Profile, key: str) -> list[str]:
    return list(profile.param("consult.unanswered", key))


def state(message: Message, profile: Profile) -> str | None:
    """answered | pending | invalid | None (the page does not tell)."""
    status = message.status or ""
    if any(w in status for w in _words(profile, "invalid_status")):
        return "invalid"
    if message.answered or message.answer_present:
        return "answered"
    if any(w in status for w in _words(profile, "pending_status")):
        return "pending"
    if any(w in status for w in _words(profile, "answered_status")):
        return "answered"
    return "pending" if message.answer_present is False else None


def _label(message: Message) -> str:
    return f"留言“{message.title}”" if message.title else "留言"


def _base_evidence(message: Message, expected: str, **extra) -> dict:
    return evidence(message.page, expected,
                    {"title": message.title, "asked_at": message.asked and message.asked.isoformat(),
                     "answered_at": message.answered and message.answered.isoformat(),
                     "answer_unit": message.unit, "status": message.status},
                    message_url=message.url, read_on=message.sources, **extra)


# --------------------------------------------------------------------------- consult.slow

def audit_slow(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Answered after the N-th working day following the day it was asked."""
    rule_id = "consult.slow"
    limit = int(profile.param(rule_id, "max_workdays"))
    cal = calendar_of(profile)
    for message in messages(snapshot):
        if state(message, profile) != "answered" or not message.asked or not message.answered:
            continue
        if message.answered <= message.asked:
            continue
        try:
            deadline = cal.add_workdays(message.asked, limit)
            if message.answered <= deadline:
                continue
            used = cal.workdays_between(message.asked, message.answered)
        except CalendarUnknown as exc:
            yield unknown(rule_id, message.url, exc)
            continue
        yield Finding(rule_id, message.url,
                      f"{_label(message)}于 {message.asked.isoformat()} 提交，{message.answered.isoformat()} "
                      f"才答复，用时 {used} 个工作日（要求 {limit} 个工作日内）",
                      _base_evidence(message, f"留言应在 {limit} 个工作日内答复（留言当天不计，节假日与调休按国务院安排）",
                                     deadline=deadline.isoformat(), workdays_used=used,
                                     max_workdays=limit),
                      column=message.column, locator=message.url)


# --------------------------------------------------------------------------- consult.unanswered

def audit_unanswered(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Still pending after the N-th working day following the day it was asked."""
    rule_id = "consult.unanswered"
    limit = int(profile.param(rule_id, "max_workdays"))
    cal = calendar_of(profile)
    for message in messages(snapshot):
        if state(message, profile) != "pending" or not message.asked or message.asked > as_of:
            continue
        try:
            deadline = cal.add_workdays(message.asked, limit)
            if as_of <= deadline:
                continue
            waited = cal.workdays_between(message.asked, as_of)
        except CalendarUnknown as exc:
            yield unknown(rule_id, message.url, exc)
            continue
        yield Finding(rule_id, message.url,
                      f"{_label(message)}于 {message.asked.isoformat()} 提交，截至 {as_of.isoformat()} "
                      f"已 {waited} 个工作日仍未答复（要求 {limit} 个工作日内）",
                      _base_evidence(message, f"留言应在 {limit} 个工作日内答复",
                                     deadline=deadline.isoformat(), workdays_waited=waited,
                                     max_workdays=limit, as_of=as_of.isoformat()),
                      column=message.column, locator=message.url)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, _months.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> int:
    """Whole calendar months from `start` to `end` (0 when end is before start + 1 month)."""
    n = (end.year - start.year) * 12 + end.month - start.month
    if n > 0 and add_months(start, n) > end:
        n -= 1
    return max(n, 0)


def audit_unanswered_3m(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Valid messages of the last year pending for more than `months` (预警 from `warn_months`)."""
    rule_id = "consult.unanswered_3m"
    months = int(profile.param(rule_id, "months"))
    warn_months = int(profile.param(rule_id, "warn_months"))
    window = add_months(as_of, -int(profile.param(rule_id, "window_months")))
    expected = f"有效留言不得超过 {months} 个月未答复（检查时间点前一年内的留言）"
    for message in messages(snapshot):
        if state(message, profile) != "pending" or not message.asked:
            continue
        if not window <= message.asked <= as_of:
            continue
        waited = months_between(message.asked, as_of)
        details = dict(as_of=as_of.isoformat(), months_waited=waited, months=months)
        if add_months(message.asked, months) < as_of:
            yield Finding(rule_id, message.url,
                          f"{_label(message)}于 {message.asked.isoformat()} 提交，截至 {as_of.isoformat()} "
                          f"超过 {months} 个月仍未答复",
                          _base_evidence(message, expected, **details),
                          column=message.column, locator=message.url)
        elif in_warning_zone(waited, warn_months, months + 1):
            yield early_warning(rule_id, message.url,
                                f"{_label(message)}于 {message.asked.isoformat()} 提交，已 {waited} 个月未答复"
                                f"（超过 {months} 个月即单项否决）",
                                _base_evidence(message, expected, **details), veto_at=months,
                                column=message.column)


# --------------------------------------------------------------------------- consult.no_channel

def audit_no_channel(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """No 咨询 column and no online 咨询 / 留言 / 信箱 link on the home page."""
    rule_id = "consult.no_channel"
    columns = [c for c in snapshot.columns if c.type in profile.param(rule_id, "column_types")]
    if columns:
        return
    home = read_home(snapshot, rule_id)
    if isinstance(home, NotChecked):
        yield home
        return
    links = home.data.get("consult_links")
    if not isinstance(links, list):
        yield NotChecked(rule_id, home.url, "首页链接未能提取（页面数据缺少 consult_links）")
        return
    if links:
        return
    yield Finding(rule_id, home.url, "网站未开设在线政务咨询渠道（首页及栏目中未发现咨询、留言或领导信箱入口）",
                  evidence(home, "网站应开设在线政务咨询类栏目（信访、纪检举报类入口不计）",
                           {"consult_links": [], "consult_columns": []},
                           columns=[c.name for c in snapshot.columns][:40]),
                  locator=home.url)


# --------------------------------------------------------------------------- consult.fields

def _missing_fields(message: Message, answered: bool) -> list[str]:
    missing = [] if message.asked else ["asked_at"]
    if answered:
        if not message.answered:
            missing.append("answered_at")
        if not message.unit:
            missing.append("answer_unit")
        if message.answer_present is False:
            missing.append("answer")
    return missing


def audit_fields(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Per 咨询 column: published messages whose page lacks 留言时间 / 答复时间 / 答复单位 / 答复内容.

    Only messages whose own page was read are judged (lists rarely show the answer unit); an
    answered message whose page shows no answer block at all is NotChecked (its layout was
    not understood), not a finding.
    """
    rule_id = "consult.fields"
    by_column: dict[str, list[tuple[Message, list[str]]]] = {}
    pages: dict[str, PageView] = {}
    for message in messages(snapshot):
        if not message.has_detail:
            continue
        status = state(message, profile)
        answered = status == "answered"
        if answered and not message.answered and not message.unit and message.answer_present is None:
            yield NotChecked(rule_id, message.url, f"{_label(message)}显示已答复，但页面未识别出答复内容")
            continue
        missing = _missing_fields(message, answered)
        if missing:
            by_column.setdefault(message.column_url, []).append((message, missing))
            pages.setdefault(message.column_url, message.page)
    for column_url, rows in by_column.items():
        counts: dict[str, int] = {}
        for _, missing in rows:
            for key in missing:
                counts[FIELD_NAMES[key]] = counts.get(FIELD_NAMES[key], 0) + 1
        name = snapshot.column_name(column_url)
        summary = "、".join(f"{label}（{n} 条）" for label, n in counts.items())
        where = f"栏目“{name}”" if name else "咨询栏目"
        yield Finding(rule_id, column_url, f"{where}公开的留言缺少{summary}",
                      evidence(pages[column_url], "公开的留言应包含留言时间、答复时间、答复单位、答复内容",
                               {"counts": counts,
                                "examples": [{"title": m.title, "url": m.url,
                                              "missing": [FIELD_NAMES[k] for k in missing]}
                                             for m, missing in rows[:10]]},
                               page_url=column_url, messages=len(rows)),
                      column=name, locator=column_url)


SLOW = Rule("consult.slow", "留言答复不及时", "major", "政务咨询",
            "留言未在规定的工作日内答复。", audit_slow)
UNANSWERED = Rule("consult.unanswered", "留言未答复", "major", "政务咨询",
                  "留言超过规定的工作日仍未答复。", audit_unanswered)
UNANSWERED_3M = Rule("consult.unanswered_3m", "留言超过3个月未答复", "veto", "政务咨询",
                     "检查时间点前一年内的有效留言超过3个月未答复。", audit_unanswered_3m)
NO_CHANNEL = Rule("consult.no_channel", "未开设政务咨询渠道", "veto", "政务咨询",
                  "网站未开设在线政务咨询类栏目（信访、纪检举报不计）。", audit_no_channel)
FIELDS = Rule("consult.fields", "公开留言要素不全", "minor", "政务咨询",
              "公开的留言缺少留言时间、答复时间、答复单位或答复内容。", audit_fields)

RULES = (SLOW, UNANSWERED, UNANSWERED_3M, NO_CHANNEL, FIELDS)
