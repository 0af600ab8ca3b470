"""Finding exports: the JSONL contract, CSV for Excel, XLSX 问题清单; untrusted cells."""
from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from crawler.cli import main
from reports.common import rule_info
from reports.exports import HEADERS, JSONL_KEYS, export_findings, sheet_title
from storage.db import session_scope
from tests.report_samples import FORMULA_MESSAGE, UNIT_A, UNIT_B, XSS_MESSAGE, build_sample_db

CONTRACT_KEYS = {"unit", "rule", "severity", "url", "column", "message", "evidence",
                 "first_seen", "last_seen", "status"}


@pytest.fixture()
def sample(tmp_path):
    return build_sample_db(tmp_path)


def _export(sample, fmt, out, **kw) -> int:
    with session_scope(sample.engine) as s:
        return export_findings(s, fmt, out, **kw)


def _jsonl(sample, tmp_path, **kw) -> list[dict]:
    out = tmp_path / "findings.jsonl"
    _export(sample, "jsonl", out, **kw)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _csv_rows(sample, tmp_path, **kw) -> list[list[str]]:
    out = tmp_path / "findings.csv"
    _export(sample, "csv", out, **kw)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


# -- JSONL ----------------------------------------------------------------------------------

def test_jsonl_lines_have_exactly_the_contract_keys(sample, tmp_path):
    records = _jsonl(sample, tmp_path)
    assert len(records) == 8
    assert set(JSONL_KEYS) == CONTRACT_KEYS
    for record in records:
        assert set(record) == CONTRACT_KEYS


def test_jsonl_carries_dates_as_iso_and_evidence_as_an_object(sample, tmp_path):
    record = next(r for r in _jsonl(sample, tmp_path) if r["rule"] == "column.stale")
    assert record == {
        "unit": UNIT_A, "rule": "column.stale", "severity": "major",
        "url": "http://jtj.ezhou.gov.cn/xxgk/tzgg/", "column": "通知公告",
        "message": "栏目“通知公告”超过 6 个月未更新",
        "evidence": {"expected": "6 个月内有更新", "seen": "最新条目 2023-10-08",
                     "page": "http://jtj.ezhou.gov.cn/xxgk/tzgg/", "fetched_at": "2024-05-20T01:12:00"},
        "first_seen": "2024-05-13", "last_seen": "2024-05-20", "status": "open",
    }


def test_jsonl_writes_chinese_unescaped(sample, tmp_path):
    out = tmp_path / "f.jsonl"
    _export(sample, "jsonl", out)
    text = out.read_text(encoding="utf-8")
    assert UNIT_A in text and "\\u" not in text


def test_jsonl_column_is_null_for_site_level_findings(sample, tmp_path):
    record = next(r for r in _jsonl(sample, tmp_path) if r["rule"] == "site.home_stale")
    assert record["column"] is None


def test_exports_exclude_ignored_findings_and_keep_fixed_ones(sample, tmp_path):
    statuses = {r["rule"]: r["status"] for r in _jsonl(sample, tmp_path)}
    assert "footer.psb" not in statuses
    assert statuses["footer.icp"] == "fixed"
    assert statuses["column.stale"] == "open"


def test_export_returns_the_number_of_rows_written(sample, tmp_path):
    assert _export(sample, "csv", tmp_path / "a.csv") == 8
    assert _export(sample, "jsonl", tmp_path / "a.jsonl", units=[UNIT_B]) == 4


def test_export_limited_to_named_units(sample, tmp_path):
    assert {r["unit"] for r in _jsonl(sample, tmp_path, units=[UNIT_B])} == {UNIT_B}


def test_export_rejects_an_unknown_unit_name(sample, tmp_path):
    with pytest.raises(ValueError, match="不存在的单位"):
        _export(sample, "jsonl", tmp_path / "x.jsonl", units=["不存在的单位"])


def test_cli_export_of_an_unknown_unit_exits_2_naming_it(sample, tmp_path):
    result = CliRunner().invoke(main, ["export", "--format", "csv", "--unit", "不存在的单位",
                                       "--out", str(tmp_path / "x.csv"), "--db", str(sample.engine.url)])
    assert result.exit_code == 2
    assert "错误: --unit: 数据库中没有这些单位: 不存在的单位" in result.output


def test_export_rejects_an_unknown_format(sample, tmp_path):
    with pytest.raises(ValueError, match="format"):
        _export(sample, "pdf", tmp_path / "x.pdf")


# -- CSV ------------------------------------------------------------------------------------

def test_csv_starts_with_the_utf8_bom(sample, tmp_path):
    out = tmp_path / "f.csv"
    _export(sample, "csv", out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_csv_has_the_chinese_header_and_one_numbered_row_per_finding(sample, tmp_path):
    rows = _csv_rows(sample, tmp_path)
    assert rows[0] == ["序号", "单位", "问题类型", "规则编号", "严重程度", "栏目", "链接", "问题描述",
                       "证据", "首次发现", "最近发现", "状态"]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, 9)]


def test_csv_row_reads_as_the_problem_list(sample, tmp_path):
    row = next(r for r in _csv_rows(sample, tmp_path) if r[3] == "column.stale")
    assert row[1:] == [UNIT_A, rule_info("column.stale").title, "column.stale", "扣分项", "通知公告",
                       "http://jtj.ezhou.gov.cn/xxgk/tzgg/", "栏目“通知公告”超过 6 个月未更新",
                       "要求: 6 个月内有更新；实际情况: 最新条目 2023-10-08；"
                       "页面: http://jtj.ezhou.gov.cn/xxgk/tzgg/；抓取时间: 2024-05-20 01:12:00",
                       "2024-05-13", "2024-05-20", "未整改"]


def test_csv_marks_fixed_findings_as_rectified(sample, tmp_path):
    row = next(r for r in _csv_rows(sample, tmp_path) if r[3] == "footer.icp")
    assert row[-1] == "已整改"


def test_csv_neutralises_cells_that_would_start_a_formula(sample, tmp_path):
    row = next(r for r in _csv_rows(sample, tmp_path) if r[3] == "doc.no_date")
    assert row[7] == "'" + FORMULA_MESSAGE
    for r in _csv_rows(sample, tmp_path)[1:]:
        for cell in r:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_csv_keeps_markup_as_plain_text(sample, tmp_path):
    row = next(r for r in _csv_rows(sample, tmp_path) if r[3] == "security.spam_content")
    assert row[7] == XSS_MESSAGE


# -- XLSX -----------------------------------------------------------------------------------

def _workbook(sample, tmp_path, **kw):
    out = tmp_path / "f.xlsx"
    _export(sample, "xlsx", out, **kw)
    return load_workbook(out)


def test_xlsx_has_one_sheet_per_unit_named_after_it(sample, tmp_path):
    assert _workbook(sample, tmp_path).sheetnames == [UNIT_A, UNIT_B]


def test_xlsx_sheets_have_the_header_and_the_units_rows(sample, tmp_path):
    wb = _workbook(sample, tmp_path)
    rows_a = list(wb[UNIT_A].iter_rows(values_only=True))
    rows_b = list(wb[UNIT_B].iter_rows(values_only=True))
    assert rows_a[0] == HEADERS and rows_b[0] == HEADERS
    assert sorted(r[3] for r in rows_a[1:]) == ["column.stale", "footer.icp", "link.dead",
                                                "security.spam_content"]
    assert sorted(r[3] for r in rows_b[1:]) == ["column.stale", "doc.no_date", "site.home_stale",
                                                "x.future_rule"]
    assert {r[1] for r in rows_b[1:]} == {UNIT_B}


def test_xlsx_header_is_bold_frozen_and_cells_wrap(sample, tmp_path):
    ws = _workbook(sample, tmp_path)[UNIT_A]
    assert all(cell.font.bold for cell in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws["H2"].alignment.wrap_text
    assert ws.column_dimensions["H"].width >= 30


def test_xlsx_formula_text_is_stored_as_text(sample, tmp_path):
    ws = _workbook(sample, tmp_path)[UNIT_B]
    cell = next(row[7] for row in ws.iter_rows(min_row=2) if row[3].value == "doc.no_date")
    assert cell.value == "'" + FORMULA_MESSAGE
    assert cell.data_type == "s"


def test_xlsx_split_writes_one_file_per_unit(sample, tmp_path):
    out = tmp_path / "lists"
    assert _export(sample, "xlsx", out, split=True) == 8
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{UNIT_A}.xlsx", f"{UNIT_B}.xlsx"])
    wb = load_workbook(out / f"{UNIT_B}.xlsx")
    assert wb.sheetnames == [UNIT_B]
    assert wb[UNIT_B].max_row == 5


def test_xlsx_drops_characters_xml_cannot_hold_without_unmasking_a_formula(sample, tmp_path):
    from storage.models import Finding

    with session_scope(sample.engine) as s:
        f = s.query(Finding).filter_by(rule="x.future_rule").one()
        f.message = "\x01=1+1 控制字符\x0b"
    ws = _workbook(sample, tmp_path)[UNIT_B]
    cell = next(row[7] for row in ws.iter_rows(min_row=2) if row[3].value == "x.future_rule")
    assert cell.value == "'=1+1 控制字符"


@pytest.mark.parametrize("name, expected", [
    ("鄂州市交通运输局", "鄂州市交通运输局"),
    ("a/b:c*d?e[f]g\\h", "a_b_c_d_e_f_g_h"),
    ("'引号'", "引号"),
    ("很" * 40, "很" * 31),
    ("History", "History_"),
])
def test_sheet_title_respects_excel_rules(name, expected):
    assert sheet_title(name, set()) == expected


def test_sheet_titles_stay_unique_after_truncation():
    taken: set[str] = set()
    first = sheet_title("很" * 40 + "甲", taken)
    second = sheet_title("很" * 40 + "乙", taken)
    assert first != second and len(second) <= 31
