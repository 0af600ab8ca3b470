"""The bulletin draft (通报) as DOCX, read back with python-docx: the shape of seeds/000 with the
numbers, problems and rankings of the sample database (2024Q2)."""
from __future__ import annotations

import re
from datetime import date

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from crawler.cli import main
from reports.bulletin import bulletin_data, overview_paragraphs, write_bulletin
from reports.common import rule_info
from reports.period import parse_period
from reports.scoring import DEFAULT_SCHEME_PATH, load_scheme
from storage.db import session_scope
from tests.report_samples import UNIT_A, UNIT_B, build_sample_db

ISSUED = date(2024, 7, 5)


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bulletin")
    sample = build_sample_db(tmp)
    with session_scope(sample.engine) as s:
        data = bulletin_data(s, load_scheme(), parse_period("2024Q2"))
    return Document(str(write_bulletin(data, tmp / "通报.docx", issued=ISSUED)))


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text]


def _after(texts: list[str], heading: str, until: str) -> list[str]:
    return texts[texts.index(heading) + 1:texts.index(until)]


def test_title_and_sections_follow_the_bulletin_shape(doc):
    texts = _texts(doc)
    assert texts[0] == "关于2024年第二季度政务公开工作检查情况的通报"
    headings = [t for t in texts if t in ("一、总体情况", "二、存在的主要问题", "三、下一步工作要求")]
    assert headings == ["一、总体情况", "二、存在的主要问题", "三、下一步工作要求"]
    assert texts[1].startswith("为进一步贯彻落实《中华人民共和国政府信息公开条例》")
    assert "1个区县政府、1个市直部门网站" in texts[1] and "期间共自动抓取2次" in texts[1]


def test_overview_states_the_numbers_the_best_and_the_vetoed_units(doc):
    assert _after(_texts(doc), "一、总体情况", "二、存在的主要问题") == [
        "本次共检查2个单位网站，截至2024年5月20日共发现未整改问题6处，涉及2个单位，其中单项否决问题"
        "2处、扣分问题3处、规范性问题1处；本期已整改问题1处。",
        f"区县政府中，{UNIT_B}存在单项否决问题。",
        f"市直部门中，{UNIT_A}存在单项否决问题。",
    ]


def test_overview_names_the_best_scores_when_no_unit_is_vetoed(tmp_path):
    sample = build_sample_db(tmp_path)
    scheme_file = tmp_path / "no_veto.yaml"
    text = re.sub(r"veto_rules: \[[^\]]*\]", "veto_rules: []", DEFAULT_SCHEME_PATH.read_text(encoding="utf-8"))
    scheme_file.write_text(text, encoding="utf-8")
    with session_scope(sample.engine) as s:
        data = bulletin_data(s, load_scheme(scheme_file), parse_period("2024Q2"))
    assert overview_paragraphs(data)[1:] == [f"区县政府中，{UNIT_B}（98.90分）得分较高。",
                                             f"市直部门中，{UNIT_A}（98.80分）得分较高。"]


def test_problems_are_grouped_by_category_with_the_units_named(doc):
    problems = _after(_texts(doc), "二、存在的主要问题", "三、下一步工作要求")
    headings = [t for t in problems if t.startswith("（")]
    assert headings == ["（一）单项否决问题。", "（二）公开渠道方面。", "（三）主动公开方面。"]
    stale = next(t for t in problems if t.startswith("1.栏目更新不及时。"))
    assert stale.endswith(f"涉及{UNIT_A}“通知公告”栏目、{UNIT_B}“政策文件”栏目，共2处。")
    veto = problems[problems.index("（一）单项否决问题。") + 1:problems.index("（二）公开渠道方面。")]
    assert [t.split("。")[0] for t in veto] == [
        "1." + rule_info("security.spam_content").title, "2." + rule_info("site.home_stale").title]
    assert veto[0].endswith(f"涉及{UNIT_A}“机构职能”栏目，共1处。")
    assert veto[1].endswith(f"涉及{UNIT_B}，共1处。")


def test_ignored_fixed_and_hint_findings_are_not_reported_as_problems(doc):
    text = "\n".join(_texts(doc))
    assert "公安机关备案号" not in text  # ignored by the auditor
    assert "ICP备案编号" not in text  # fixed on 2024-05-20
    assert "x.future_rule" not in text  # an info hint


def test_requirements_are_editable_boilerplate_with_a_deadline_to_fill(doc):
    reqs = _after(_texts(doc), "三、下一步工作要求", "（落款单位）")
    assert reqs[0].startswith("（一）对照清单，限期整改。") and "年  月  日前完成整改" in reqs[0]
    assert reqs[-2:] == ["附件：1.2024年第二季度区县政府政务公开工作排名表",
                         "\u3000\u3000\u30002.2024年第二季度市直部门政务公开工作排名表"]
    assert _texts(doc)[_texts(doc).index("（落款单位）") + 1] == "2024年7月5日"


def test_attachments_are_the_ranking_tables(doc):
    gov, dept = doc.tables
    assert [c.text for c in gov.rows[0].cells] == [
        "排名", "评估对象", "公开渠道 (7)", "主动公开 (56)", "依申请公开 (10)", "政策解读 (20)",
        "能力保障 (7)", "得分", "等次"]
    assert [c.text for c in gov.rows[1].cells] == [
        "1", UNIT_B, "7.00", "54.90", "10.00", "20.00", "7.00", "98.90", "单项否决"]
    assert [c.text for c in dept.rows[1].cells] == [
        "1", UNIT_A, "9.80", "53.00", "10.00", "10.00", "16.00", "0.00", "98.80", "单项否决"]
    texts = _texts(doc)
    assert texts[-4:] == ["附件1", "2024年第二季度区县政府政务公开工作排名表",
                          "附件2", "2024年第二季度市直部门政务公开工作排名表"]


def test_title_uses_the_official_document_fonts(doc):
    run = doc.paragraphs[0].runs[0]
    assert run.font.name == "方正小标宋简体"
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = doc.paragraphs[2].runs[0]
    assert body._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_cli_bulletin_writes_the_docx(tmp_path):
    sample = build_sample_db(tmp_path)
    out = tmp_path / "通报.docx"
    result = CliRunner().invoke(main, ["bulletin", "--period", "2024Q2", "--out", str(out),
                                       "--db", str(sample.engine.url)])
    assert result.exit_code == 0, result.output
    assert Document(str(out)).paragraphs[0].text == "关于2024年第二季度政务公开工作检查情况的通报"


def test_cli_bulletin_for_a_period_without_crawls_exits_2(tmp_path):
    sample = build_sample_db(tmp_path)
    result = CliRunner().invoke(main, ["bulletin", "--period", "2023Q1", "--out", str(tmp_path / "x.docx"),
                                       "--db", str(sample.engine.url)])
    assert result.exit_code == 2
    assert "错误: --period: 2023年第一季度（2023-01-01 至 2023-03-31）没有抓取记录" in result.output
