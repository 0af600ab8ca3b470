"""Finding exports: JSONL (the DESIGN contract), CSV (Excel-friendly) and XLSX (问题清单).

Ignored findings are never exported; fixed ones are, with their status. Crawled text is
untrusted: spreadsheet cells that would start a formula are prefixed with `'`, and characters
XLSX cannot hold are dropped.
"""
from __future__ import annotations

import csv
import json
import re
from copy import copy
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from reports.common import (
    FindingRow,
    evidence_text,
    iso,
    load_findings,
    rule_info,
    severity_label,
    status_label,
)
from storage.models import Unit

FORMATS = ("jsonl", "csv", "xlsx")
JSONL_KEYS = ("unit", "rule", "severity", "url", "column", "message", "evidence",
              "first_seen", "last_seen", "status")
HEADERS = ("序号", "单位", "问题类型", "规则编号", "严重程度", "栏目", "链接", "问题描述", "证据",
           "首次发现", "最近发现", "状态")
#: XLSX column widths (characters), in HEADERS order.
WIDTHS = (6, 18, 20, 16, 10, 16, 40, 40, 50, 11, 11, 8)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 (so XLSX) cannot hold; openpyxl raises on them.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XLSX_CELL_MAX = 32767
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_FILE_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def neutralise(value: object) -> object:
    """A spreadsheet cell value that cannot be read as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def jsonl_record(row: FindingRow) -> dict:
    """One finding as the DESIGN.md JSONL contract."""
    return {
        "unit": row.unit,
        "rule": row.rule,
        "severity": row.severity,
        "url": row.url,
        "column": row.column,
        "message": row.message,
        "evidence": row.evidence if row.evidence is not None else {},
        "first_seen": iso(row.first_seen),
        "last_seen": iso(row.last_seen),
        "status": row.status,
    }


def table_row(n: int, row: FindingRow) -> list:
    """One finding as the CSV/XLSX columns (HEADERS), neutralised."""
    cells = [
        n,
        row.unit,
        rule_info(row.rule).title,
        row.rule,
        severity_label(row.severity),
        row.column or "",
        row.url,
        row.message,
        evidence_text(row.evidence),
        iso(row.first_seen),
        iso(row.last_seen),
        status_label(row.status),
    ]
    return [neutralise(c) for c in cells]


# -- writers -------------------------------------------------------------------------------

def _write_jsonl(rows: list[FindingRow], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(jsonl_record(row), ensure_ascii=False, default=str))
            fh.write("\n")


def _write_csv(rows: list[FindingRow], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        for n, row in enumerate(rows, 1):
            writer.writerow(table_row(n, row))


def sheet_title(name: str, taken: set[str]) -> str:
    """An Excel sheet name for `name`: ≤ 31 chars, no []:*?/\\, no edge quote, unique."""
    base = _SHEET_FORBIDDEN.sub("_", name).strip().strip("'") or "单位"
    if base.lower() == "history":  # reserved by Excel
        base = "History_"
    base = base[:31]
    title, i = base, 2
    while title.lower() in taken:
        suffix = f"({i})"
        title = base[: 31 - len(suffix)].rstrip("'") + suffix
        i += 1
    taken.add(title.lower())
    return title


def _xlsx_cell(value: object) -> object:
    if isinstance(value, str):
        # Drop what XML cannot hold first: "\x01=…" must not become a formula afterwards.
        value = neutralise(_XML_ILLEGAL.sub("", value))
        if len(value) > _XLSX_CELL_MAX:
            value = value[: _XLSX_CELL_MAX - 1] + "…"
    return value


def _add_sheet(wb, title: str, rows: list[FindingRow]) -> None:
    """One unit's sheet (write-only mode: 20 000 rows in a couple of seconds)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title=title)
    for i, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{len(rows) + 1}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="EEF2F6")
    head_align = Alignment(vertical="center", wrap_text=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def header_cell(text: str):
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill, cell.alignment = bold, fill, head_align
        return cell

    # Setting `alignment` per cell re-hashes the style every time (most of the run time):
    # style one prototype cell and copy its style array, as openpyxl's own copy_worksheet does.
    proto = WriteOnlyCell(ws, value="")
    proto.alignment = wrap
    wrap_style = proto._style

    def body_cell(value: object):
        cell = WriteOnlyCell(ws, value=_xlsx_cell(value))
        cell._style = copy(wrap_style)
        return cell

    ws.append([header_cell(h) for h in HEADERS])
    for n, row in enumerate(rows, 1):
        ws.append([body_cell(c) for c in table_row(n, row)])


def _write_xlsx(groups: list[tuple[str, list[FindingRow]]], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    taken: set[str] = set()
    for unit_name, rows in groups:
        _add_sheet(wb, sheet_title(unit_name, taken), rows)
    if not groups:
        _add_sheet(wb, "问题清单", [])
    wb.save(path)


def unit_file_stem(name: str, taken: set[str]) -> str:
    """A portable file name stem for a unit (Windows-forbidden characters replaced), unique."""
    stem = _FILE_FORBIDDEN.sub("_", name).strip().rstrip(". ")[:100] or "unit"
    if _WINDOWS_RESERVED.match(stem) or stem.startswith("."):
        stem = "_" + stem
    candidate, i = stem, 2
    while candidate.lower() in taken:
        candidate = f"{stem}({i})"
        i += 1
    taken.add(candidate.lower())
    return candidate


# -- entry point ---------------------------------------------------------------------------

def select_units(session: Session, names: Iterable[str] | None) -> list[tuple[int, str]]:
    stmt = select(Unit.id, Unit.name).order_by(Unit.id)
    all_units = [(uid, name) for uid, name in session.execute(stmt)]
    if names is None:
        return all_units
    wanted = list(dict.fromkeys(names))
    known = {name for _, name in all_units}
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise ValueError(f"数据库中没有这些单位: {'、'.join(unknown)}")
    return [(uid, name) for uid, name in all_units if name in set(wanted)]


def export_findings(session: Session, fmt: str, out: Path, *, units: list[str] | None = None,
                    split: bool = False) -> int:
    """Write the open and fixed findings (of `units`, by name; all when None) as `fmt`.

    `out` is a file, or with `split=True` a directory that receives one file per unit
    (`<unit name>.<fmt>`). Returns the number of findings written. Raises ValueError for an
    unknown format or unit name.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format: expected one of {', '.join(FORMATS)}, got {fmt!r}")
    out = Path(out)
    selected = select_units(session, units)
    rows = load_findings(session, unit_ids=[uid for uid, _ in selected] if units is not None else None)
    by_unit: dict[int, list[FindingRow]] = {uid: [] for uid, _ in selected}
    for row in rows:
        by_unit.setdefault(row.unit_id, []).append(row)
    names = dict(selected)
    groups = [(names.get(uid, rows_[0].unit if rows_ else str(uid)), rows_)
              for uid, rows_ in by_unit.items()]

    if split:
        out.mkdir(parents=True, exist_ok=True)
        taken: set[str] = set()
        for name, unit_rows in groups:
            path = out / f"{unit_file_stem(name, taken)}.{fmt}"
            _write(fmt, [(name, unit_rows)], path)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        _write(fmt, groups, out)
    return sum(len(r) for _, r in groups)


def _write(fmt: str, groups: list[tuple[str, list[FindingRow]]], path: Path) -> None:
    if fmt == "xlsx":
        _write_xlsx(groups, path)
        return
    flat = [row for _, rows in groups for row in rows]
    if fmt == "jsonl":
        _write_jsonl(flat, path)
    else:
        _write_csv(flat, path)
