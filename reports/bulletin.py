"""The quarterly bulletin draft (通报) as DOCX, in the shape of the 鄂州 2023 Q1 bulletin (seeds/000):
title, opening, 一、总体情况 (numbers, best and vetoed units), 二、存在的主要问题 (problems grouped
by scoring category and rule, the units named), 三、下一步工作要求 (boilerplate to edit), 附件:
the ranking table of each unit kind. It is a draft the auditor edits before sending it.

What it counts: the units crawled in the period, the findings open after the period's last crawl
(not ignored; `info` hints are never problems), the findings fixed by the period's crawls.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from reports.common import FindingRow, load_findings, rule_info, severity_rank
from reports.period import Period
from reports.ranking import ranking_cells, ranking_header, ranking_title
from reports.scoring import SCORED_SEVERITIES, KindScheme, RankingResult, Scheme, fmt_score, rankings_for
from storage.findings import open_after_crawl

TITLE_FONT, HEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312"
TITLE_SIZE, BODY_SIZE, TABLE_SIZE = 22, 16, 10.5  # 二号, 三号, 五号 (pt)
MAX_UNITS_NAMED = 10
MAX_COLUMNS_NAMED = 3
NUMERALS = "一二三四五六七八九十"
VETO_HEADING, OTHER_HEADING = "单项否决问题", "其他问题"

REQUIREMENTS = (
    ("对照清单，限期整改。",
     "各地各部门要对照问题清单逐项核查整改，务必于    年  月  日前完成整改，并将整改情况报送"
     "政务公开工作领导小组办公室。整改期限届满后将进行复查，复查结果纳入下期通报。"),
    ("健全机制，加强日常维护。",
     "各地各部门要落实专人负责网站栏目内容保障，定期自查栏目更新、链接可用、底部标识区及页面"
     "标签等情况，杜绝空白栏目和长期不更新栏目，确保信息发布及时、准确、规范。"),
    ("突出重点，提升公开质量。",
     "各地各部门要对照考核指标，做好规范性文件、政策解读、回应关切、政府信息公开工作年度报告"
     "等重点内容的公开工作，文件与解读同步发布并相互关联，提高政务公开工作质量。"),
)


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def numeral(n: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一 … 19 (enough for headings)."""
    return NUMERALS[n - 1] if n <= 10 else "十" + NUMERALS[n - 11]


# -- what the bulletin says ---------------------------------------------------------------

@dataclass
class ProblemGroup:
    """One rule's open findings within a category, with the units and columns concerned."""

    rule: str
    title: str
    description: str
    count: int
    units: dict[str, list[str]]  # unit name → columns named in its findings, first seen first


@dataclass
class BulletinData:
    period: Period
    result: RankingResult
    crawls: int
    open: list[FindingRow]
    fixed_in_period: int
    problems: list[tuple[str, list[ProblemGroup]]]  # (heading, the rules' groups)


def _headings(scheme: Scheme) -> list[str]:
    """The problem headings in order: veto problems, the scheme's categories, the rest."""
    names = [VETO_HEADING]
    for kind in scheme.kinds.values():
        names.extend(f"{c.name}方面" for c in kind.categories if f"{c.name}方面" not in names)
    return names + [OTHER_HEADING]


def _heading_of(rule: str, kind: KindScheme | None) -> str:
    if kind is not None and rule in kind.veto_rules:
        return VETO_HEADING
    category = kind.category_of(rule) if kind else None
    return f"{category.name}方面" if category else OTHER_HEADING


def _group_problems(rows: list[FindingRow], kinds: dict[int, str], scheme: Scheme
                    ) -> list[tuple[str, list[ProblemGroup]]]:
    groups: dict[str, dict[str, ProblemGroup]] = defaultdict(dict)
    for row in sorted(rows, key=lambda r: (r.unit_id, r.sort_key)):
        name = _heading_of(row.rule, scheme.kinds.get(kinds.get(row.unit_id, "")))
        group = groups[name].get(row.rule)
        if group is None:
            info = rule_info(row.rule)
            group = groups[name][row.rule] = ProblemGroup(row.rule, info.title, info.description, 0, {})
        group.count += 1
        columns = group.units.setdefault(row.unit, [])
        if row.column and row.column not in columns:
            columns.append(row.column)
    order = _headings(scheme)
    return [(name, sorted(groups[name].values(),
                          key=lambda g: (severity_rank(rule_info(g.rule).severity or ""), -g.count, g.rule)))
            for name in order if groups.get(name)]


def bulletin_data(session: Session, scheme: Scheme, period: Period) -> BulletinData:
    """Everything the bulletin of `period` states. Raises ValueError when nothing was crawled."""
    result = rankings_for(session, scheme, period)
    scored = result.by_unit()
    kinds = {uid: s.unit.kind for uid, s in scored.items()}
    rows = [r for r in load_findings(session, unit_ids=list(scored)) if r.severity in SCORED_SEVERITIES]
    open_rows = [r for r in rows if open_after_crawl(r, result.last_crawl_id)]
    fixed = sum(1 for r in rows if r.status == "fixed" and r.fixed_crawl_id in result.crawl_ids)
    return BulletinData(period, result, len(result.crawl_ids), open_rows, fixed,
                        _group_problems(open_rows, kinds, scheme))


def _names(names: list[str]) -> str:
    shown = "、".join(names[:MAX_UNITS_NAMED])
    return f"{shown}等{len(names)}个单位" if len(names) > MAX_UNITS_NAMED else shown


def _unit_phrase(unit: str, columns: list[str]) -> str:
    if not columns:
        return unit
    named = "".join(f"“{c}”" for c in columns[:MAX_COLUMNS_NAMED])
    return f"{unit}{named}{'等' if len(columns) > MAX_COLUMNS_NAMED else ''}栏目"


def problem_sentence(group: ProblemGroup) -> str:
    """"涉及江城市人民政府“通知公告”栏目、江城市统计局“统计数据”栏目，共 2 处。" with the rule's
    description before it."""
    units = _names([_unit_phrase(u, cols) for u, cols in group.units.items()])
    lead = group.description.rstrip("。") + "。" if group.description else ""
    return f"{lead}涉及{units}，共{group.count}处。"


def overview_paragraphs(data: BulletinData) -> list[str]:
    by_sev = defaultdict(int)
    for r in data.open:
        by_sev[r.severity] += 1
    units_with = len({r.unit_id for r in data.open})
    total_units = sum(len(r.rows) for r in data.result.rankings)
    out = [f"本次共检查{total_units}个单位网站，截至{chinese_date(data.result.as_of)}共发现未整改问题"
           f"{len(data.open)}处，涉及{units_with}个单位，其中单项否决问题{by_sev['veto']}处、"
           f"扣分问题{by_sev['major']}处、规范性问题{by_sev['minor']}处；本期已整改问题{data.fixed_in_period}处。"]
    for ranking in data.result.rankings:
        parts = []
        best = [row for row in ranking.rows if row.rank <= 3 and not row.vetoed]
        if best:
            parts.append("、".join(f"{row.unit.name}（{fmt_score(row.total)}分）" for row in best)
                         + "得分较高")
        vetoed = [row.unit.name for row in ranking.rows if row.vetoed]
        if vetoed:
            parts.append(f"{_names(vetoed)}存在单项否决问题")
        clean = [row.unit.name for row in ranking.rows
                 if not row.vetoed and not any(c.deducted for c in row.categories)]
        if clean:
            parts.append(f"{_names(clean)}未发现扣分问题")
        out.append(f"{ranking.kind.label}中，" + "；".join(parts) + "。")
    return out


# -- the document -------------------------------------------------------------------------

def _font(run, name: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str = "", *, font: str = BODY_FONT, size: float = BODY_SIZE,
               bold: bool = False, indent: bool = True, align: str | None = None, lead: str = ""):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    par = doc.add_paragraph()
    fmt = par.paragraph_format
    fmt.line_spacing = Pt(28)  # 公文: fixed 28 pt lines
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align:
        par.alignment = getattr(WD_ALIGN_PARAGRAPH, align)
    if lead:
        _font(par.add_run(lead), font, size, bold=True)
    if text:
        _font(par.add_run(text), font, size, bold=bold)
    return par


def _ranking_table(doc, ranking) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    header = ranking_header(ranking)
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, TABLE_SIZE, bold=True)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for values in ranking_cells(ranking):
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            text = value if isinstance(value, str) else (str(value) if isinstance(value, int)
                                                          else fmt_score(value))
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, TABLE_SIZE)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def write_bulletin(data: BulletinData, out: Path, *, issued: date | None = None) -> Path:
    """Write the bulletin DOCX of `data` to `out`."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm

    issued = issued or date.today()
    period = data.period
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    doc.core_properties.title = f"关于{period.label}政务公开工作检查情况的通报"

    _paragraph(doc, doc.core_properties.title, font=TITLE_FONT, size=TITLE_SIZE, indent=False,
               align="CENTER")
    _paragraph(doc)
    counts = {r.kind.label: len(r.rows) for r in data.result.rankings}
    scope = "、".join(f"{n}个{label}" for label, n in counts.items())
    _paragraph(doc, "为进一步贯彻落实《中华人民共和国政府信息公开条例》，客观评价各地、各部门政务公开"
               f"工作成效，现对{scope}网站的政务公开情况开展检查，主要采集{period.label}"
               f"（{chinese_date(period.start)}至{chinese_date(period.end)}）政府信息，期间共自动抓取"
               f"{data.crawls}次。现将检查情况通报如下：")

    _paragraph(doc, "一、总体情况", font=HEADING_FONT)
    for text in overview_paragraphs(data):
        _paragraph(doc, text)

    _paragraph(doc, "二、存在的主要问题", font=HEADING_FONT)
    if not data.problems:
        _paragraph(doc, "本期检查未发现问题。")
    for i, (heading, groups) in enumerate(data.problems, 1):
        _paragraph(doc, f"（{numeral(i)}）{heading}。", font="楷体_GB2312")
        for j, group in enumerate(groups, 1):
            _paragraph(doc, problem_sentence(group), lead=f"{j}.{group.title}。")

    _paragraph(doc, "三、下一步工作要求", font=HEADING_FONT)
    for i, (lead, text) in enumerate(REQUIREMENTS, 1):
        _paragraph(doc, text, lead=f"（{numeral(i)}）{lead}")
    _paragraph(doc, "联系人：          联系电话：")
    _paragraph(doc)
    titles = [ranking_title(r, period) for r in data.result.rankings]
    for i, title in enumerate(titles, 1):  # "附件：1.…" then the next ones aligned under "1."
        _paragraph(doc, ("附件：" if i == 1 else "\u3000" * 3) + f"{i}.{title}")
    _paragraph(doc)
    _paragraph(doc, "（落款单位）", indent=False, align="RIGHT")
    _paragraph(doc, chinese_date(issued), indent=False, align="RIGHT")

    for i, ranking in enumerate(data.result.rankings, 1):
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _paragraph(doc, f"附件{i}", font=HEADING_FONT, indent=False)
        _paragraph(doc, titles[i - 1], font=TITLE_FONT, size=18, indent=False, align="CENTER")
        _ranking_table(doc, ranking)

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out)
    return out
