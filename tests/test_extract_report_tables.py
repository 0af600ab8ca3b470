"""spiders.extract.report_tables: annual-report tables as grids of normalised cell texts."""
from __future__ import annotations

from pathlib import Path

from checks.annual_report import (
    _application_table,
    _regulation_rows,
    _review_rows,
    application_errors,
    review_errors,
)
from spiders.extract.report_tables import extract_tables

PINGTAN_2024 = (Path(__file__).parent / "fixtures" / "corpus" / "www.pingtan.gov.cn"
                / "annual_report_2024_zfxxgknb__pingtan-archive.html")


def _pingtan() -> list:
    return extract_tables(PINGTAN_2024.read_text(encoding="utf-8"))


def test_pingtan_report_has_its_three_table_blocks():
    tables = _pingtan()
    assert len(tables) == 3
    assert tables[0][1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert tables[0][3] == ["行政规范性文件", "62", "33", "440"]


def test_split_header_pieces_are_joined_without_padding():
    header = _pingtan()[1][2]
    assert header[3:] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def test_rowspan_repeats_the_group_label_in_every_row_it_covers():
    rows = _pingtan()[1]
    secret = next(r for r in rows if "1.属于国家秘密" in r)
    assert secret == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "4", "0", "0", "0", "0", "0", "4"]
    other = next(r for r in rows if "3.其他" in r)
    assert other[:2] == ["三、本年度办理结果", "（六）其他处理"] and other[3:] == ["1", "1", "0", "0", "0", "0", "2"]


def test_cell_broken_over_lines_reads_as_one_label():
    rows = _pingtan()[1]
    assert any("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" in r for r in rows)


def test_review_table_numbers_line_up_under_their_headers():
    review = _pingtan()[2]
    assert review[2][:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert review[3] == ["2", "1", "3", "1", "7", "0", "0", "0", "0", "0", "13", "2", "4", "0", "19"]


def test_pingtan_2024_arithmetic_adds_up():
    tables = _pingtan()
    application = _application_table(tables)
    assert application.rows["new"] == [217, 1, 0, 0, 0, 0, 218]
    assert application.rows["total"] == [217, 1, 0, 0, 0, 0, 218]
    assert application.rows["三.5"] == [32, 0, 0, 0, 0, 0, 32]
    assert len([k for k in application.rows if "." in k]) == 19  # 8 + 3 + 5 + 3 sub-rows
    assert application_errors(application) == []
    assert review_errors(_review_rows(tables)) == []
    assert _regulation_rows(tables) == {"规章": {"制发": 0, "废止": 0, "现行有效": 0},
                                        "行政规范性文件": {"制发": 62, "废止": 33, "现行有效": 440}}


def test_colspan_and_rowspan_fill_the_grid():
    html = """<table><tr><td rowspan="2">甲</td><td colspan="2">乙</td></tr>
    <tr><td>1</td><td>2</td></tr><tr><td>丙</td><td>3</td><td>4</td></tr></table>"""
    assert extract_tables(html) == [[["甲", "乙", "乙"], ["甲", "1", "2"], ["丙", "3", "4"]]]


def test_layout_table_holding_a_table_is_skipped():
    html = """<table class="layout"><tr><td><div class="TRS_Editor">
      <table><tr><th>行政复议</th></tr><tr><td>０</td></tr></table></div></td></tr>
      <tr><td>版权所有</td></tr></table>"""
    assert extract_tables(html) == [[["行政复议"], ["0"]]]


def test_hidden_and_single_row_tables_are_dropped():
    html = """<table style="display:none"><tr><td>a</td></tr><tr><td>b</td></tr></table>
    <table><tr><td>网站地图</td></tr></table>"""
    assert extract_tables(html) == []


def test_nbsp_and_ideographic_spaces_are_removed():
    html = "<table><tr><td>&nbsp;总&#12288;计&nbsp;</td></tr><tr><td> 1 2 </td></tr></table>"
    assert extract_tables(html) == [[["总计"], ["12"]]]


def test_empty_or_broken_html_gives_no_tables():
    assert extract_tables("") == []
    assert extract_tables("<p>详见附件</p>") == []
