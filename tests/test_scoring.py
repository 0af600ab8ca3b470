"""Scoring schemes, scores and rankings: a hand-computed example, caps, 扣分项, veto, ties
(1, 2, 2, 4), scheme errors with file:line:key, the shipped default, the ranking exports."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from checks.registry import RULES
from crawler.cli import main
from crawler.yamlfile import ConfigError
from reports.period import parse_period
from reports.ranking import write_ranking
from reports.scoring import UnitRef, fmt_score, load_scheme, rankings_for, score_units
from storage.db import session_scope
from tests.report_samples import UNIT_A, UNIT_B, build_sample_db

KNOWN = {"footer.icp", "link.dead", "column.blank", "column.stale", "doc.no_date", "site.home_stale"}

SCHEME = """\
name: 测试方案
grades:
  - {min: 63, label: 优秀}
  - {min: 61, label: 良好}
  - {min: 0, label: 待改进}
kinds:
  department:
    label: 市直部门
    veto_rules: [site.home_stale]
    categories:
      - name: 公开渠道
        points: 10
        deductions:
          footer.icp: 0.5
          link.dead: {per: 0.5, max: 1.5}
      - name: 主动公开
        points: 54
        cap: 4
        deductions:
          column.blank: 2
          column.stale: 1
      - name: 扣分项
        points: 0
        cap: 1
        deductions:
          doc.no_date: 0.3
  government:
    label: 区县政府
    categories:
      - name: 公开渠道
        points: 100
        deductions:
          footer.icp: 1
"""


@dataclass(frozen=True)
class F:
    unit_id: int
    rule: str
    severity: str = "major"


UNITS = [UnitRef(1, "甲局", "department"), UnitRef(2, "乙局", "department"),
         UnitRef(3, "丙局", "department"), UnitRef(4, "丁局", "department"),
         UnitRef(5, "戊局", "department"), UnitRef(6, "己局", "department"),
         UnitRef(7, "甲区", "government")]
FINDINGS = [
    F(1, "footer.icp", "info"),                      # a hint: never deducts
    F(2, "column.stale"),                            # 主动公开 −1
    F(3, "footer.icp", "minor"), F(3, "footer.icp", "minor"),  # 公开渠道 −0.5 × 2
    *[F(4, "link.dead")] * 5,                        # −2.5, at most −1.5 for the rule
    *[F(4, "doc.no_date", "minor")] * 5,             # 扣分项 −1.5, capped at 1
    *[F(5, "column.blank")] * 2, *[F(5, "column.stale")] * 3,  # 主动公开 −7, capped at 4
    F(6, "site.home_stale", "veto"),                 # 单项否决
    F(7, "footer.icp", "minor"),
]


@pytest.fixture()
def scheme(tmp_path):
    path = tmp_path / "scheme.yaml"
    path.write_text(SCHEME, encoding="utf-8")
    return load_scheme(path, known_rules=KNOWN)


def _rows(ranking) -> list[tuple]:
    return [(r.rank, r.unit.name, [fmt_score(c.value) for c in r.categories], fmt_score(r.total), r.grade)
            for r in ranking.rows]


def test_department_ranking_matches_the_hand_computation(scheme):
    rankings = {r.kind.kind: r for r in score_units(UNITS, FINDINGS, scheme)}
    # 公开渠道 (10) | 主动公开 (54) | 扣分项 | total = 公开渠道 + 主动公开 − 扣分项
    assert _rows(rankings["department"]) == [
        (1, "甲局", ["10.00", "54.00", "0.00"], "64.00", "优秀"),
        (2, "乙局", ["10.00", "53.00", "0.00"], "63.00", "优秀"),
        (2, "丙局", ["9.00", "54.00", "0.00"], "63.00", "优秀"),
        (4, "丁局", ["8.50", "54.00", "1.00"], "61.50", "良好"),
        (5, "戊局", ["10.00", "50.00", "0.00"], "60.00", "待改进"),
        (6, "己局", ["10.00", "54.00", "0.00"], "64.00", "单项否决"),
    ]


def test_each_unit_kind_is_ranked_in_its_own_table(scheme):
    rankings = score_units(UNITS, FINDINGS, scheme)
    assert [r.kind.label for r in rankings] == ["市直部门", "区县政府"]
    assert _rows(rankings[1]) == [(1, "甲区", ["99.00"], "99.00", "优秀")]


def test_rule_lines_say_count_times_points_and_the_capped_amount(scheme):
    ranking = score_units(UNITS, FINDINGS, scheme)[0]
    ding = next(r for r in ranking.rows if r.unit.name == "丁局")
    [line] = ding.categories[0].lines
    assert (line.rule, line.count, line.per, line.amount) == ("link.dead", 5, Decimal("0.5"), Decimal("1.5"))
    assert ding.categories[2].deducted == Decimal("1")


def test_a_veto_keeps_the_score_but_ranks_the_unit_last(scheme):
    ranking = score_units(UNITS, FINDINGS, scheme)[0]
    last = ranking.rows[-1]
    assert (last.unit.name, last.vetoed, last.veto_rules, str(last.total)) == (
        "己局", True, ["site.home_stale"], "64.00")


def test_tenths_add_up_exactly(scheme):
    [ranking] = score_units([UNITS[0]], [F(1, "doc.no_date", "minor")] * 3, scheme)
    assert str(ranking.rows[0].categories[2].deducted) == "0.9"
    assert str(ranking.rows[0].total) == "63.10"


def test_units_of_a_kind_the_scheme_lacks_are_not_ranked(tmp_path):
    path = tmp_path / "dept.yaml"
    path.write_text(SCHEME.split("  government:")[0], encoding="utf-8")
    rankings = score_units(UNITS, FINDINGS, load_scheme(path, known_rules=KNOWN))
    assert [r.kind.kind for r in rankings] == ["department"]


# -- scheme files -------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, where, message", [
    ("footer.icp: 0.5", "footer.ipc: 0.5", "14: kinds.department.categories[0].deductions.footer.ipc",
     "未知的规则编号"),
    ("column.blank: 2", "column.blank: -2", "20: kinds.department.categories[1].deductions.column.blank",
     "必须是非负数"),
    ("        cap: 4", "        cap: 60", "18: kinds.department.categories[1].cap", "不能超过本类别分值"),
    ("          column.stale: 1", "          column.stale: 1\n          footer.icp: 1",
     "22: kinds.department.categories[1].deductions.footer.icp", "已在“公开渠道”类别中计分"),
    ("        cap: 4", "        cap: 4\n        weight: 2", "19: kinds.department.categories[1].weight",
     "未知的配置项"),
    ("  government:", "  city:", "27: kinds.city", "必须是 government 或 department"),
    ("veto_rules: [site.home_stale]", "veto_rules: [site.stale]", "9: kinds.department.veto_rules[0]",
     "未知的规则编号"),
    ("link.dead: {per: 0.5, max: 1.5}", "link.dead: {max: 1.5}",
     "15: kinds.department.categories[0].deductions.link.dead", "缺少 per"),
])
def test_scheme_errors_name_file_line_and_key(tmp_path, old, new, where, message):
    path = tmp_path / "bad.yaml"
    assert old in SCHEME
    path.write_text(SCHEME.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_scheme(path, known_rules=KNOWN)
    assert str(err.value).startswith(f"{path}:{where}: ")
    assert message in str(err.value)


def test_an_empty_scheme_file_is_an_error(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="文件为空"):
        load_scheme(path)


def test_default_scheme_has_100_points_per_kind_shaped_like_the_ezhou_tables():
    scheme = load_scheme()
    assert {k: str(v.full_marks) for k, v in scheme.kinds.items()} == {
        "government": "100", "department": "100"}
    assert [c.header for c in scheme.kinds["department"].categories] == [
        "公开渠道 (10)", "主动公开 (54)", "依申请公开 (10)", "解读回应 (10)", "能力保障 (16)", "扣分项"]


def test_default_scheme_scores_every_registered_rule_that_is_not_a_hint():
    """A new rule needs a line in reports/default_scoring.yaml: a deduction or a veto."""
    scheme = load_scheme()
    wanted = {r.id for r in RULES if r.severity != "info"}
    for kind in scheme.kinds.values():
        scored = {rule for c in kind.categories for rule in c.deductions} | kind.veto_rules
        assert wanted - scored == set(), kind.kind


def test_default_scheme_takes_the_huanggang_deductions():
    dept = load_scheme().kinds["department"]
    assert dept.category_of("column.blank").deductions["column.blank"].per == Decimal("2")
    assert dept.category_of("column.stale").deductions["column.stale"].per == Decimal("1")


# -- from the database, and the exports ---------------------------------------------------

@pytest.fixture()
def sample(tmp_path):
    return build_sample_db(tmp_path)


def test_rankings_for_a_period_score_the_findings_open_after_its_last_crawl(sample):
    with session_scope(sample.engine) as s:
        result = rankings_for(s, load_scheme(), parse_period("2024Q2"))
    assert str(result.as_of) == "2024-05-20"
    scores = {row.unit.name: str(row.total) for r in result.rankings for row in r.rows}
    # 鄂州市交通运输局: column.stale −1, link.dead −0.2; 华容区: column.stale −1, doc.no_date −0.1
    assert scores == {UNIT_A: "98.80", UNIT_B: "98.90"}


def test_a_period_without_crawls_is_an_error(sample):
    with session_scope(sample.engine) as s:
        with pytest.raises(ValueError, match="2023年第一季度"):
            rankings_for(s, load_scheme(), parse_period("2023Q1"))


def test_ranking_xlsx_has_a_titled_sheet_per_kind_with_numeric_scores(sample, tmp_path):
    with session_scope(sample.engine) as s:
        result = rankings_for(s, load_scheme(), parse_period("2024Q2"))
    out = write_ranking(result, load_scheme(), "xlsx", tmp_path / "rank.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["区县政府", "市直部门"]
    rows = list(wb["市直部门"].iter_rows(values_only=True))
    assert rows[0][0] == "2024年第二季度市直部门政务公开工作排名表"
    assert rows[1] == ("排名", "评估对象", "公开渠道 (10)", "主动公开 (54)", "依申请公开 (10)",
                       "解读回应 (10)", "能力保障 (16)", "扣分项", "得分", "等次")
    assert rows[2] == (1, UNIT_A, 9.8, 53.0, 10.0, 10.0, 16.0, 0.0, 98.8, "单项否决")
    assert wb["市直部门"]["I3"].number_format == "0.00"


def test_ranking_html_is_one_offline_file_without_script(sample, tmp_path):
    with session_scope(sample.engine) as s:
        result = rankings_for(s, load_scheme())
    page = write_ranking(result, load_scheme(), "html", tmp_path / "rank.html").read_text(encoding="utf-8")
    assert "<script" not in page and not re.search(r"""(?:src|href)=["'](?:https?:)?//""", page)
    assert "<h2>区县政府政务公开工作排名表</h2>" in page
    assert re.search(r"<td[^>]*>" + UNIT_A + r"</td>.*?<td class=\"num total\">98.80</td>", page, re.S)


def test_cli_ranking_writes_the_table(sample, tmp_path):
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(main, ["ranking", "--format", "xlsx", "--out", str(out), "--period",
                                       "2024Q2", "--db", str(sample.engine.url)])
    assert result.exit_code == 0, result.output
    assert load_workbook(out).sheetnames == ["区县政府", "市直部门"]


def test_cli_ranking_with_a_broken_scheme_exits_2_naming_file_and_line(sample, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SCHEME.replace("footer.icp: 0.5", "footer.ipc: 0.5"), encoding="utf-8")
    result = CliRunner().invoke(main, ["ranking", "--format", "html", "--out", str(tmp_path / "r.html"),
                                       "--scheme", str(bad), "--db", str(sample.engine.url)])
    assert result.exit_code == 2
    assert f"错误: {bad}:14: kinds.department.categories[0].deductions.footer.ipc: 未知的规则编号" in result.output


def test_cli_ranking_with_a_malformed_period_exits_2(sample, tmp_path):
    result = CliRunner().invoke(main, ["ranking", "--format", "html", "--out", str(tmp_path / "r.html"),
                                       "--period", "2024Q5", "--db", str(sample.engine.url)])
    assert result.exit_code == 2
    assert "错误: --period: 期间格式应为 2023Q1、2023H1 或 2023" in result.output


def test_the_readme_example_scheme_loads(tmp_path):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Scoring", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    path = tmp_path / "city.yaml"
    path.write_text(example, encoding="utf-8")
    dept = load_scheme(path).kinds["department"]
    assert [c.header for c in dept.categories] == ["主动公开 (54)", "扣分项"]
