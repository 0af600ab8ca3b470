"""The ranking tables (排名表) as the bulletins attach them: XLSX (a sheet per unit kind) or one
standalone HTML file (inline style, no script, opens offline)."""
from __future__ import annotations

from pathlib import Path

from reports.exports import sheet_title
from reports.period import Period
from reports.scoring import Ranking, RankingResult, Scheme

FORMATS = ("html", "xlsx")


def ranking_title(ranking: Ranking, period: Period | None) -> str:
    """"2023年第一季度区县政府政务公开工作排名表"."""
    return f"{period.label if period else ''}{ranking.kind.label}政务公开工作排名表"


def ranking_header(ranking: Ranking) -> list[str]:
    return ["排名", "评估对象", *(c.header for c in ranking.kind.categories), "得分", "等次"]


def ranking_cells(ranking: Ranking) -> list[list]:
    """The table body: rank, unit, each category's points, total (Decimal), grade."""
    return [[row.rank, row.unit.name, *(c.value for c in row.categories), row.total,
             row.grade or ""] for row in ranking.rows]


def ranking_note(result: RankingResult, scheme: Scheme) -> str:
    as_of = result.as_of.isoformat() if result.as_of else "—"
    return (f"评分方案：{scheme.name}；依据截至 {as_of} 的自动检查结果（已忽略的问题不计）。"
            "未由自动检查覆盖的指标按满分计，请人工核定后填写。")


def write_ranking(result: RankingResult, scheme: Scheme, fmt: str, out: Path) -> Path:
    """Write the rankings of `result` as `fmt` (html | xlsx) to `out`."""
    if fmt not in FORMATS:
        raise ValueError(f"format: expected one of {', '.join(FORMATS)}, got {fmt!r}")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        _write_xlsx(result, scheme, out)
    else:
        _write_html(result, scheme, out)
    return out


def _write_xlsx(result: RankingResult, scheme: Scheme, out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    thin = Side(style="thin", color="999999")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for ranking in result.rankings:
        ws = wb.create_sheet(sheet_title(ranking.kind.label, taken))
        header = ranking_header(ranking)
        width = len(header)
        ws.append([ranking_title(ranking, result.period)])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = center
        ws.row_dimensions[1].height = 28
        ws.append(header)
        for cell in ws[2]:
            cell.font, cell.alignment, cell.border = Font(bold=True), center, box
            cell.fill = PatternFill("solid", fgColor="EEF2F6")
        for values in ranking_cells(ranking):
            ws.append([float(v) if not isinstance(v, (int, str)) else v for v in values])
            for i, cell in enumerate(ws[ws.max_row], 1):
                cell.border, cell.alignment = box, center
                if 3 <= i <= width - 1:
                    cell.number_format = "0.00"
        ws.append([])
        ws.append([ranking_note(result, scheme)])
        ws.column_dimensions["A"].width = 6
        ws.column_dimensions["B"].width = 28
        for i in range(3, width + 1):
            ws.column_dimensions[get_column_letter(i)].width = 13
        ws.freeze_panes = "C3"
        ws.print_title_rows = "2:2"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    if not result.rankings:
        ws = wb.create_sheet("排名表")
        ws.append(["没有可排名的单位（尚无抓取记录）"])
    wb.save(out)


def _write_html(result: RankingResult, scheme: Scheme, out: Path) -> None:
    from reports.html_report import template_env

    html = template_env().get_template("ranking.html").render(
        result=result, scheme=scheme, note=ranking_note(result, scheme),
        title=f"{result.period.label if result.period else ''}政务公开工作排名表",
        ranking_title=ranking_title)
    out.write_text(html, encoding="utf-8")
