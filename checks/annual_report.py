"""政府信息公开工作年度报告 (年报): published, on time, complete, not copied, adding up.

Reports are the entries of `annual_report` columns (and entries elsewhere titled
…信息公开…年度报告/年报). The year is the one in the title (a title without one takes the
year before its publication date). A government's 年报 column often also lists its
departments' reports (集中发布): a report is the unit's own when the issuer printed before
the year is empty or names the unit; the others are never judged as the unit's.

Judged reports are the unit's own reports of the last two years. Their text (`article`) and
tables (`tables`, `spiders.extract.report_tables`) are read from the report page; a report
published only as an attachment is NotChecked. Similarity of section 五 is the Jaccard index
of character 3-gram sets after removing whitespace and punctuation and folding digits (so
that a copy with the years changed still scores 1.0): order-insensitive (a copy with its
points reordered is still a copy) and, unlike character-level edit ratios, near 0 for two
independently written texts on the same topic, whose shared vocabulary pushes an edit ratio
of Chinese text towards 0.3–0.5.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from checks.common import evidence, parse_date, unread_reason
from checks.framework import AuditResult, Finding, NotChecked, Rule
from checks.profile import Profile
from checks.snapshot import ColumnView, PageView, UnitSnapshot

Number = int | float
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_ISSUER_SUFFIX = re.compile(r"(?:人民政府|政府|办公室|管理委员会|管委会)$")
_ISSUER_TRIM = " \t\u3000《》“”\"'：:（）()【】[]"
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_GROUP = re.compile(r"（([一二三四五六七])）|\(([一二三四五六七])\)")
_SUB = re.compile(r"^(\d{1,2})\s*[.．、]")
_BODY_LIMIT = 20_000
APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
_EPS = 1e-6


@lru_cache(maxsize=128)
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@dataclass
class Report:
    year: int
    title: str
    url: str
    column: str | None
    own: bool
    dates: list[date] = field(default_factory=list)
    page: PageView | None = None

    @property
    def published(self) -> date | None:
        """The earliest publication date shown (list entry, page, metadata box)."""
        return min(self.dates) if self.dates else None


def _deadline(year: int, kind: str, profile: Profile) -> date:
    """The day by which the report for `year` must be out (the year after, by unit kind)."""
    month, day = (int(x) for x in str(profile.param("report.missing", "deadlines")[kind]).split("-"))
    return date(year + 1, month, day)


def _core(name: str) -> str:
    previous = None
    name = name.strip(_ISSUER_TRIM)
    while previous != name:
        previous, name = name, _ISSUER_SUFFIX.sub("", name).strip(_ISSUER_TRIM)
    return name


def _is_own(issuer: str, unit: str) -> bool:
    """Whether the issuer printed before a report's year names `unit`.

    Empty, or the unit's name shortened: its characters in order within the unit's name
    (市教委 and 北京市教育委员会, 江城市人民政府办公室 and 江城市人民政府 once the office suffix is
    dropped); 北京市海淀区教育委员会 or 江城市教育局 name other organs.
    """
    issuer = _core(re.sub(r"关于$", "", issuer.strip(_ISSUER_TRIM)))
    rest = iter(unit)
    return all(ch in rest for ch in issuer)


def _report_columns(snapshot: UnitSnapshot, profile: Profile) -> list[ColumnView]:
    pattern = _rx(profile.param("report.missing", "column_pattern"))
    return [c for c in snapshot.columns if c.type == "annual_report" or pattern.search(c.name or "")]


def _page_dates(page: PageView | None) -> list[date]:
    if page is None or not page.ok:
        return []
    article = page.data.get("article") or {}
    found = [parse_date(article.get("visible_date")),
             parse_date((article.get("metadata") or {}).get("发布日期"))]
    return [d for d in found if d]


def find_reports(snapshot: UnitSnapshot, profile: Profile) -> tuple[list[Report], list[str]]:
    """(the 年报 entries with a known year, titles of those whose year is unknown)."""
    params = profile.rule("report.missing")
    in_column, anywhere = _rx(params["title_pattern"]), _rx(params["strict_title_pattern"])
    exclude = _rx(params["exclude_pattern"])
    report_columns = {c.url for c in _report_columns(snapshot, profile)}
    reports: dict[str, Report] = {}
    unknown: list[str] = []
    for column in snapshot.columns:
        pattern = in_column if column.url in report_columns else anywhere
        for item in column.items:
            title = item.title or ""
            if not pattern.search(title) or exclude.search(title) or item.url in reports:
                continue
            page = snapshot.page(item.url)
            dates = ([item.date] if item.date else []) + _page_dates(page)
            match = _YEAR.search(title)
            if match:
                year, issuer = int(match.group(1)), title[:match.start()]
            elif dates:
                year, issuer = min(dates).year - 1, ""
            else:
                unknown.append(title)
                continue
            reports[item.url] = Report(year, title, item.url, column.name,
                                       _is_own(issuer, snapshot.unit), dates, page)
    return list(reports.values()), unknown


def _judged(reports: list[Report], as_of: date) -> list[Report]:
    """The unit's own reports of the last two years, one per year (the earliest published)."""
    by_year: dict[int, Report] = {}
    for r in sorted(reports, key=lambda r: (r.published or date.max)):
        if r.own and as_of.year - 2 <= r.year <= as_of.year - 1:
            by_year.setdefault(r.year, r)
    return [by_year[y] for y in sorted(by_year, reverse=True)]


def _own_of_year(reports: list[Report], year: int) -> Report | None:
    own = [r for r in reports if r.own and r.year == year and r.page is not None and r.page.ok]
    return own[0] if own else None


def _root(snapshot: UnitSnapshot) -> str:
    return snapshot.disclosure_url or snapshot.home_url


# --------------------------------------------------------------------------- report.missing

def audit_missing(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """After the deadline, no report of last year among the unit's 年报 entries."""
    rule_id = "report.missing"
    year = as_of.year - 1
    deadline = _deadline(year, snapshot.kind, profile)
    if as_of <= deadline:
        return
    root_url = _root(snapshot)
    columns = _report_columns(snapshot, profile)
    reports, unknown = find_reports(snapshot, profile)
    if any(r.own and r.year == year for r in reports):
        return
    if not columns and not reports:
        yield NotChecked(rule_id, root_url, "未找到政府信息公开年报栏目")
        return
    for column in columns:
        reason = unread_reason(snapshot.page(column.url), f"年报栏目“{column.name}”")
        if reason or not column.complete:
            yield NotChecked(rule_id, column.url, reason or f"年报栏目“{column.name}”的列表未能完整读取")
            return
    if unknown:
        yield NotChecked(rule_id, root_url, f"年报“{unknown[0]}”未标明年度，无法判断是否为{year}年度报告")
        return
    others = [r.title for r in reports if r.year == year]
    if others:
        yield NotChecked(rule_id, root_url,
                         f"栏目中有{year}年度报告“{others[0]}”，但无法确认是否为本单位的年报")
        return
    years = sorted({r.year for r in reports if r.own}, reverse=True)
    column = columns[0] if columns else None
    yield Finding(rule_id, root_url,
                  f"截至 {as_of.isoformat()} 未发布{year}年度政府信息公开工作年度报告"
                  f"（应于 {deadline.isoformat()} 前发布）",
                  evidence(snapshot.page(column.url) if column else snapshot.page(root_url),
                           f"{'部门' if snapshot.kind == 'department' else '本级政府'}应于"
                           f"{deadline.month}月{deadline.day}日前发布上一年度政府信息公开工作年度报告",
                           {"years_found": years, "latest_title": next(
                               (r.title for r in reports if r.own and years and r.year == years[0]), None)},
                           deadline=deadline.isoformat(), year=year, as_of=as_of.isoformat(),
                           report_columns=[c.url for c in columns]),
                  column=column.name if column else None, locator=f"{root_url}#report-{year}")


# --------------------------------------------------------------------------- report.late

def audit_late(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """The unit's recent reports published after their deadline."""
    rule_id = "report.late"
    reports, _ = find_reports(snapshot, profile)
    for report in _judged(reports, as_of):
        deadline = _deadline(report.year, snapshot.kind, profile)
        published = report.published
        if published is None:
            yield NotChecked(rule_id, report.url, f"年报“{report.title}”未显示发布日期")
            continue
        if published <= deadline:
            continue
        days = (published - deadline).days
        yield Finding(rule_id, report.url,
                      f"{report.year}年度报告“{report.title}”发布于 {published.isoformat()}，"
                      f"晚于 {deadline.isoformat()} 的发布期限 {days} 天",
                      evidence(report.page, f"{'部门' if snapshot.kind == 'department' else '本级政府'}"
                               f"年报应于次年{deadline.month}月{deadline.day}日前发布",
                               {"published": published.isoformat(),
                                "dates_seen": sorted(d.isoformat() for d in report.dates)},
                               page_url=report.url, deadline=deadline.isoformat(),
                               days_late=days, unit_kind=snapshot.kind, title=report.title),
                      column=report.column, locator=report.url)


# --------------------------------------------------------------------------- text sections

def _article_body(report: Report) -> str | None:
    if report.page is None or not report.page.ok:
        return None
    body = (report.page.data.get("article") or {}).get("body_text") or ""
    return body if body.strip() else None


def _heading_index(lines: list[str], pattern: str) -> int | None:
    """Index of the line that is the section heading matching `pattern`, or None."""
    numbered = _rx(r"^(?:[一二三四五六七八九十]+\s*[、.．,，]|（[一二三四五六]）|\d+\s*[、.．])\s*(?:"
                   + pattern + ")")
    bare = _rx(r"^(?:" + pattern + r")\s*[:：]?$")
    for i, line in enumerate(lines):
        text = line.strip()
        if numbered.match(text) or bare.match(text):
            return i
    return None


def sections(body: str, profile: Profile) -> dict[str, int | None]:
    """{section name: line index of its heading or None} for the six NB sections."""
    lines = body.split("\n")
    return {name: _heading_index(lines, pattern)
            for name, pattern in profile.param("report.sections", "sections").items()}


def section_text(body: str, profile: Profile, name: str) -> str | None:
    """The text between section `name`'s heading and the next section heading."""
    found = sections(body, profile)
    start = found.get(name)
    if start is None:
        return None
    lines = body.split("\n")
    later = [i for i in found.values() if i is not None and i > start]
    return "\n".join(lines[start + 1:min(later) if later else len(lines)]).strip()


def audit_sections(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Recent reports that lack one of the six sections of the national format."""
    rule_id = "report.sections"
    min_found = int(profile.param(rule_id, "min_found"))
    reports, _ = find_reports(snapshot, profile)
    for report in _judged(reports, as_of):
        body = _article_body(report)
        if body is None:
            yield NotChecked(rule_id, report.url, unread_reason(report.page, "年报页面")
                             or "年报页面未提取到正文（可能以附件发布）")
            continue
        found = sections(body, profile)
        missing = [name for name, index in found.items() if index is None]
        if not missing:
            continue
        if len(found) - len(missing) < min_found:
            yield NotChecked(rule_id, report.url, "年报正文未识别出国办格式的章节结构（可能以附件或图片发布）")
            continue
        if len(body) >= _BODY_LIMIT:
            yield NotChecked(rule_id, report.url, f"年报正文超过 {_BODY_LIMIT} 字被截断，缺少的部分可能在截断处之后")
            continue
        yield Finding(rule_id, report.url,
                      f"{report.year}年度报告“{report.title}”缺少“{'”“'.join(missing)}”部分",
                      evidence(report.page, "年报应包括：" + "、".join(found),
                               {"missing": missing,
                                "present": [n for n, i in found.items() if i is not None]},
                               title=report.title),
                      column=report.column, locator=report.url)


# --------------------------------------------------------------------------- report.copied

def _shingles(text: str, size: int) -> set[str]:
    text = re.sub(r"\d+", "0", text)
    text = re.sub(r"[\W_]+", "", text)
    return {text[i:i + size] for i in range(max(len(text) - size + 1, 1))} if text else set()


def similarity(a: str, b: str, size: int = 3) -> float:
    """Jaccard index of the character `size`-gram sets of two texts (digits folded)."""
    sa, sb = _shingles(a, size), _shingles(b, size)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def _pairs(reports: list[Report], as_of: date) -> Iterator[tuple[Report, Report | None]]:
    """Each judged report with the unit's own report of the year before (when read)."""
    for report in _judged(reports, as_of):
        yield report, _own_of_year(reports, report.year - 1)


def audit_copied(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Section 五 (存在的主要问题及改进情况) nearly identical to the year before's."""
    rule_id = "report.copied"
    threshold = float(profile.param(rule_id, "threshold"))
    size = int(profile.param(rule_id, "shingle_size"))
    min_chars = int(profile.param(rule_id, "min_chars"))
    name = profile.param(rule_id, "section")
    reports, _ = find_reports(snapshot, profile)
    for report, previous in _pairs(reports, as_of):
        if previous is None:
            continue
        texts = [(r, _article_body(r)) for r in (report, previous)]
        parts = [section_text(body, profile, name) if body else None for _, body in texts]
        if any(p is None for p in parts):
            r = next(r for (r, _), p in zip(texts, parts) if p is None)
            yield NotChecked(rule_id, report.url, f"{r.year}年度报告未识别出“{name}”部分")
            continue
        this, last = parts
        if min(len(this), len(last)) < min_chars:
            continue
        score = similarity(this, last, size)
        if score < threshold:
            continue
        yield Finding(rule_id, report.url,
                      f"{report.year}年度报告的“{name}”与{previous.year}年度报告相似度为 {score:.2f}"
                      f"（阈值 {threshold:.2f}），内容雷同",
                      evidence(report.page, f"“{name}”应结合本年度实际撰写，与上年度相似度应低于 {threshold:.2f}",
                               {"similarity": round(score, 3), "this_year_excerpt": this[:200],
                                "previous_year_excerpt": last[:200]},
                               similarity=round(score, 3), threshold=threshold,
                               method=f"字符 {size}-gram Jaccard（去除空白标点，数字归一）",
                               previous_url=previous.url, previous_title=previous.title),
                      column=report.column, locator=report.url)


# --------------------------------------------------------------------------- tables

def _num(cell: str) -> Number | None:
    text = cell.replace(",", "").replace("，", "")
    if not _NUMBER.match(text):
        return None
    return float(text) if "." in text else int(text)


def _label(cells: list[str]) -> str:
    return "".join(dict.fromkeys(c for c in cells if c))


@dataclass
class ApplicationTable:
    """Table 三: {row key: 7 values (None when not a number)}; keys new, carried_in, carried_out,
    total, and group rows 一 … 六 (`三.1` for sub-rows)."""

    rows: dict[str, list[Number | None]]


def _application_table(tables: list) -> ApplicationTable | None:
    for table in tables:
        if not any("本年新收" in c for row in table for c in row):
            continue
        rows: dict[str, list[Number | None]] = {}
        for row in table:
            if len(row) < len(APPLICANTS) + 1:
                continue
            values = [_num(c) for c in row[-len(APPLICANTS):]]
            labels = row[:-len(APPLICANTS)]
            label = _label(labels)
            if not label or _num(label) is not None or all(v is None for v in values):
                continue
            if "本年新收" in label:
                key = "new"
            elif "上年结转" in label:
                key = "carried_in"
            elif "结转下年度" in label:
                key = "carried_out"
            else:
                group = _GROUP.findall(label)
                if not group:
                    continue
                numeral = next(g for g in group[-1] if g)
                if numeral == "七":
                    key = "total"
                else:
                    sub = _SUB.match(labels[-1])
                    key = f"{numeral}.{int(sub.group(1))}" if sub else numeral
            rows.setdefault(key, values)
        if {"new", "total"} <= set(rows):
            return ApplicationTable(rows)
    return None


def _review_rows(tables: list) -> list[tuple[list[str], list[Number | None]]]:
    """Table 四: (header labels, values) for each all-numeric row under a 行政复议 header."""
    for table in tables:
        if not any("行政复议" in c for c in table[0]) or not any("行政诉讼" in c for c in table[0]):
            continue
        header = None
        out = []
        for row in table:
            values = [_num(c) for c in row]
            if all(v is None for v in values):
                header = row
            elif header is not None and len(row) == len(header):
                out.append((header, values))
        return out
    return []


def _regulation_rows(tables: list) -> dict[str, dict[str, Number | None]]:
    """Table 二 (第二十条第（一）项): {规章 / 行政规范性文件: {制发, 废止, 现行有效}}."""
    wanted = {"制发": "本年制发", "废止": "本年废止", "现行有效": "现行有效"}
    for table in tables:
        for i, row in enumerate(table):
            if not any("现行有效" in c for c in row):
                continue
            cols = {key: next((j for j, c in enumerate(row) if word in c), None)
                    for key, word in wanted.items()}
            if None in cols.values():
                continue
            out = {}
            for data in table[i + 1:]:
                name = data[0] if data else ""
                if name not in ("规章", "行政规范性文件") or len(data) <= max(cols.values()):
                    if out and name.startswith("第二十条"):
                        break
                    continue
                out[name] = {key: _num(data[j]) for key, j in cols.items()}
            return out
    return {}


def _eq(a: Number, b: Number) -> bool:
    return abs(a - b) < _EPS


def _sum(values: list[Number | None]) -> Number | None:
    return None if any(v is None for v in values) else sum(values)


def _fmt(value: Number | None) -> str:
    return "—" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))


def application_errors(table: ApplicationTable) -> list[dict]:
    """The equations of table 三 that do not hold (unknown cells skip their equation)."""
    errors = []
    rows = table.rows
    for key, values in rows.items():
        parts, total = values[:-1], values[-1]
        summed = _sum(parts)
        if summed is not None and total is not None and not _eq(summed, total):
            errors.append({"check": f"{_row_name(key)}：总计 = 六类申请人之和",
                           "expected": _fmt(summed), "seen": _fmt(total), "column": "总计"})
    groups = {}
    for numeral in "一二三四五六":
        subs = sorted(k for k in rows if k.startswith(numeral + "."))
        groups[numeral] = subs or ([numeral] if numeral in rows else [])
    complete = all(groups.values())
    for j, column in enumerate(APPLICANTS):
        total = rows["total"][j]
        if complete and total is not None:
            summed = _sum([rows[k][j] for keys in groups.values() for k in keys])
            if summed is not None and not _eq(summed, total):
                errors.append({"check": "（七）总计 = （一）至（六）各项之和", "column": column,
                               "expected": _fmt(summed), "seen": _fmt(total)})
        if {"carried_in", "carried_out"} <= set(rows):
            left = _sum([rows["new"][j], rows["carried_in"][j]])
            right = _sum([total, rows["carried_out"][j]])
            if left is not None and right is not None and not _eq(left, right):
                errors.append({"check": "本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理",
                               "column": column, "expected": _fmt(left), "seen": _fmt(right)})
    return errors


def _row_name(key: str) -> str:
    names = {"new": "本年新收", "carried_in": "上年结转", "carried_out": "结转下年度继续办理",
             "total": "（七）总计"}
    if key in names:
        return names[key]
    numeral, _, sub = key.partition(".")
    return f"（{numeral}）{sub}" if sub else f"（{numeral}）"


_REVIEW_GROUPS = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")


def review_errors(rows: list[tuple[list[str], list[Number | None]]]) -> list[dict]:
    """Table 四: in each group, 维持 + 纠正 + 其他 + 尚未审结 = 总计."""
    errors = []
    for header, values in rows:
        totals = [p for p, label in enumerate(header) if label in ("总计", "合计") and p >= 4]
        for n, p in enumerate(totals):
            summed, total = _sum(values[p - 4:p]), values[p]
            if summed is not None and total is not None and not _eq(summed, total):
                group = _REVIEW_GROUPS[n] if n < len(_REVIEW_GROUPS) else f"第 {n + 1} 组"
                errors.append({"check": f"{group}：维持 + 纠正 + 其他 + 尚未审结 = 总计",
                               "column": "总计", "expected": _fmt(summed), "seen": _fmt(total)})
    return errors


def _tables(report: Report, rule_id: str) -> list | NotChecked:
    reason = unread_reason(report.page, "年报页面")
    if reason:
        return NotChecked(rule_id, report.url, reason)
    tables = report.page.data.get("tables")
    if not isinstance(tables, list):
        return NotChecked(rule_id, report.url, "年报页面未提取表格数据（页面数据缺少 tables）")
    return tables


def _describe(errors: list[dict]) -> str:
    shown = [f"{e['check']}（{e['column']}列：应为 {e['expected']}，实为 {e['seen']}）" for e in errors[:3]]
    more = f"等 {len(errors)} 处" if len(errors) > 3 else ""
    return "；".join(shown) + more


def audit_inconsistent(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Tables 三 and 四 of the recent reports whose figures do not add up."""
    rule_id = "report.inconsistent"
    reports, _ = find_reports(snapshot, profile)
    for report in _judged(reports, as_of):
        tables = _tables(report, rule_id)
        if isinstance(tables, NotChecked):
            yield tables
            continue
        application = _application_table(tables)
        if application is None:
            yield NotChecked(rule_id, report.url, "年报页面未识别出“收到和处理政府信息公开申请情况”表格")
            continue
        errors = application_errors(application) + review_errors(_review_rows(tables))
        if not errors:
            continue
        yield Finding(rule_id, report.url,
                      f"{report.year}年度报告表格数据勾稽关系不符：{_describe(errors)}",
                      evidence(report.page, profile.param(rule_id, "expected"), {"errors": errors},
                               title=report.title),
                      column=report.column, locator=report.url)


def cross_year_errors(this: list, last: list) -> list[dict]:
    """This year's 上年结转 vs last year's 结转下年度; 现行有效件数 vs last year's + 制发 − 废止."""
    errors = []
    a, b = _application_table(this), _application_table(last)
    if a and b and "carried_in" in a.rows and "carried_out" in b.rows:
        for column, now, before in zip(APPLICANTS, a.rows["carried_in"], b.rows["carried_out"]):
            if now is not None and before is not None and not _eq(now, before):
                errors.append({"check": "本年“上年结转”= 上年度“结转下年度继续办理”", "column": column,
                               "expected": _fmt(before), "seen": _fmt(now)})
    regs_now, regs_before = _regulation_rows(this), _regulation_rows(last)
    for name, now in regs_now.items():
        before = regs_before.get(name)
        if before is None:
            continue
        expected = _sum([before["现行有效"], now["制发"]])
        if expected is None or now["废止"] is None or now["现行有效"] is None:
            continue
        expected -= now["废止"]
        if not _eq(expected, now["现行有效"]):
            errors.append({"check": f"{name}现行有效件数 = 上年度现行有效件数 + 本年制发 − 本年废止",
                           "column": "现行有效件数", "expected": _fmt(expected),
                           "seen": _fmt(now["现行有效"])})
    return errors


def audit_cross_year(snapshot: UnitSnapshot, profile: Profile, as_of: date) -> AuditResult:
    """Figures that should carry over from the previous year's report but do not."""
    rule_id = "report.cross_year"
    reports, _ = find_reports(snapshot, profile)
    for report, previous in _pairs(reports, as_of):
        if previous is None:
            continue
        this, last = _tables(report, rule_id), _tables(previous, rule_id)
        if isinstance(this, NotChecked) or isinstance(last, NotChecked):
            yield this if isinstance(this, NotChecked) else last
            continue
        errors = cross_year_errors(this, last)
        if not errors:
            continue
        yield Finding(rule_id, report.url,
                      f"{report.year}年度报告与{previous.year}年度报告数据不衔接：{_describe(errors)}",
                      evidence(report.page, profile.param(rule_id, "expected"), {"errors": errors},
                               title=report.title, previous_url=previous.url,
                               previous_title=previous.title),
                      column=report.column, locator=report.url)


MISSING = Rule("report.missing", "未发布上一年度政府信息公开工作年度报告", "major", "公开年报",
               "发布期限（部门1月31日、本级政府3月31日）后仍未发布上一年度年报。", audit_missing)
LATE = Rule("report.late", "年报发布不及时", "minor", "公开年报",
            "年报发布日期晚于发布期限（部门1月31日、本级政府3月31日）。", audit_late)
COPIED = Rule("report.copied", "年报内容与上年度雷同", "major", "公开年报",
              "“存在的主要问题及改进情况”与上一年度年报高度相似（简单照搬）。", audit_copied)
SECTIONS = Rule("report.sections", "年报缺少规定章节", "minor", "公开年报",
                "年报未包括国办规定格式的六个部分之一。", audit_sections)
INCONSISTENT = Rule("report.inconsistent", "年报表格数据勾稽关系不符", "minor", "公开年报",
                    "依申请公开情况表、行政复议和行政诉讼情况表的合计数与各项之和不符。",
                    audit_inconsistent)
CROSS_YEAR = Rule("report.cross_year", "年报数据与上年度不衔接", "minor", "公开年报",
                  "上年度“结转下年度继续办理”与本年度“上年结转”不一致，或现行有效规范性文件数与上年度不衔接。",
                  audit_cross_year)

RULES = (MISSING, LATE, COPIED, SECTIONS, INCONSISTENT, CROSS_YEAR)
