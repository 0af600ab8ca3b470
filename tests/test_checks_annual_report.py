"""report.missing, report.late, report.copied, report.sections, report.inconsistent, report.cross_year."""
from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from checks import annual_report as ar
from crawler.outcomes import Outcome
from spiders.extract.article import extract_article
from spiders.extract.report_tables import extract_tables
from tests.snapshots import HOME, PROFILE, column, column_page, item, page, run, snapshot

PINGTAN = (Path(__file__).parent / "fixtures" / "corpus" / "www.pingtan.gov.cn"
           / "annual_report_2024_zfxxgknb__pingtan-archive.html")
NB = HOME + "zfxxgk/zfxxgknb/"
URL_2024 = NB + "202503/t20250310_97791.htm"
URL_2023 = NB + "202403/t20240315_91502.htm"
AS_OF = date(2025, 6, 20)
SECTION_5 = "五、存在的主要问题及改进情况"

REWRITTEN_5 = ("2023年，我区政府信息公开工作仍存在一些短板：一是部分单位对政策解读重视不够，解读材料以文字为主，"
               "图解、视频等形式偏少；二是基层政务公开标准目录动态调整不及时；三是依申请公开办理人员业务能力有待提高。"
               "2024年，我们将加强业务培训，开展依申请公开案例研讨，推动基层公开目录年度更新，"
               "并建立解读材料与政策文件同步审签机制。")


@lru_cache(maxsize=1)
def _pingtan() -> tuple[str, list]:
    html = PINGTAN.read_text(encoding="utf-8")
    return extract_article(html, "https://www.pingtan.gov.cn/x.htm").body_text, extract_tables(html)


def _data(body: str, tables: list | None, published: str) -> dict:
    data = {"article": {"title": None, "visible_date": published, "visible_date_text": published,
                        "source": None, "metadata": {}, "url_date": None, "attachments": [],
                        "body_text": body, "links": []}}
    if tables is not None:
        data["tables"] = tables
    return data


def _section_5(body: str) -> str:
    return ar.section_text(body, PROFILE, "存在的主要问题及改进情况")


def _as_2023(body: str, section_5: str | None = None) -> str:
    """The 2024 report turned into a 2023 one: same text with the years moved back."""
    text = body.replace("2025年", "2024年").replace("2024", "2023")
    if section_5 is not None:
        text = text.replace(_section_5(text), section_5)
    return text


def _set(tables: list, label: str, column: int, value: str) -> list:
    """A copy of `tables` with cell `column` of the row containing `label` set to `value`."""
    out = copy.deepcopy(tables)
    for table in out:
        for row in table:
            if label in row:
                row[column] = value
                return out
    raise AssertionError(label)


def _snap(reports: list[tuple[str, str, str | None, dict | None]], kind: str = "government",
          unit: str = "平潭综合实验区管委会", complete: bool = True, extra_pages=()):
    """reports: (url, title, list date ISO, page data or None when the page was not fetched)."""
    items = [item(title, url, date.fromisoformat(day) if day else None) for url, title, day, _ in reports]
    pages = [page(url, "article", data, column_url=NB, title=title)
             for url, title, _, data in reports if data is not None]
    snap = snapshot([page(HOME + "zfxxgk/", "disclosure"), column_page(NB, "政府信息公开年报", "公开年报"),
                     *pages, *extra_pages],
                    [column(NB, "政府信息公开年报", "annual_report", items=items, complete=complete)],
                    kind=kind)
    return replace(snap, unit=unit)


def _pair(body_2023: str | None = None, tables_2023: list | None = None, tables_2024: list | None = None,
          body_2024: str | None = None, kind: str = "government"):
    body, tables = _pingtan()
    previous_tables = tables_2023 if tables_2023 is not None else _set(tables, "行政规范性文件", 3, "411")
    return _snap([
        (URL_2024, "平潭综合实验区2024年度政府信息公开工作年度报告", "2025-03-10",
         _data(body_2024 or body, tables_2024 if tables_2024 is not None else tables, "2025-03-10")),
        (URL_2023, "平潭综合实验区2023年度政府信息公开工作年度报告", "2024-03-15",
         _data(body_2023 or _as_2023(body, REWRITTEN_5), previous_tables, "2024-03-15")),
    ], kind=kind)


def _dept(day: str, title: str = "北京市教育委员会2024年政府信息公开工作年度报告", page_day: str | None = None):
    body, tables = _pingtan()
    return _snap([(URL_2024, title, day, _data(body, tables, page_day or day))],
                 kind="department", unit="北京市教育委员会")


# report.missing

def test_department_without_last_years_report_after_january_is_missing():
    snap = _snap([(URL_2023, "北京市教育委员会2023年政府信息公开工作年度报告", "2024-01-20", None)],
                 kind="department", unit="北京市教育委员会")
    [f], [] = run(ar.MISSING, snap, as_of=date(2025, 2, 1))
    assert (f.rule, f.url, f.column) == ("report.missing", HOME + "zfxxgk/", "政府信息公开年报")
    assert f.message == "截至 2025-02-01 未发布2024年度政府信息公开工作年度报告（应于 2025-01-31 前发布）"
    assert f.evidence["seen"] == {"years_found": [2023],
                                  "latest_title": "北京市教育委员会2023年政府信息公开工作年度报告"}
    assert f.evidence["deadline"] == "2025-01-31"


def test_report_not_due_before_the_deadline():
    snap = _snap([(URL_2023, "北京市教育委员会2023年政府信息公开工作年度报告", "2024-01-20", None)],
                 kind="department", unit="北京市教育委员会")
    assert run(ar.MISSING, snap, as_of=date(2025, 1, 31)) == ([], [])


def test_government_has_until_march_31():
    snap = _snap([(URL_2023, "平潭综合实验区2023年度政府信息公开工作年度报告", "2024-03-15", None)])
    assert run(ar.MISSING, snap, as_of=date(2025, 3, 31)) == ([], [])
    [f], [] = run(ar.MISSING, snap, as_of=date(2025, 4, 1))
    assert f.evidence["deadline"] == "2025-03-31"


def test_published_report_is_not_missing():
    assert run(ar.MISSING, _pair(), as_of=AS_OF) == ([], [])


def test_report_title_without_year_takes_the_year_before_its_date():
    snap = _snap([(URL_2024, "北京市教育委员会政府信息公开工作年度报告", "2025-01-20", None)],
                 kind="department", unit="北京市教育委员会")
    assert run(ar.MISSING, snap, as_of=AS_OF) == ([], [])


def test_only_other_units_reports_of_the_year_is_not_checked():
    snap = _snap([(URL_2024, "平潭综合实验区教育局2024年度政府信息公开工作年度报告", "2025-01-20", None)])
    [], [nc] = run(ar.MISSING, snap, as_of=AS_OF)
    assert "无法确认是否为本单位" in nc.reason


def test_report_column_read_incompletely_is_not_checked():
    snap = _snap([(URL_2023, "平潭综合实验区2023年度政府信息公开工作年度报告", "2024-03-15", None)],
                 complete=False)
    [], [nc] = run(ar.MISSING, snap, as_of=AS_OF)
    assert nc.url == NB and "未能完整读取" in nc.reason


def test_no_report_column_at_all_is_not_checked():
    snap = replace(_pair(), columns=[])
    [], [nc] = run(ar.MISSING, snap, as_of=AS_OF)
    assert nc.reason == "未找到政府信息公开年报栏目"


# report.late

def test_department_report_published_february_10_is_late():
    [f], [] = run(ar.LATE, _dept("2025-02-10"), as_of=AS_OF)
    assert (f.rule, f.url, f.locator) == ("report.late", URL_2024, URL_2024)
    assert f.message == ("2024年度报告“北京市教育委员会2024年政府信息公开工作年度报告”发布于 2025-02-10，"
                         "晚于 2025-01-31 的发布期限 10 天")
    assert f.evidence["deadline"] == "2025-01-31" and f.evidence["days_late"] == 10
    assert f.evidence["unit_kind"] == "department"


def test_department_report_published_january_31_is_on_time():
    assert run(ar.LATE, _dept("2025-01-31"), as_of=AS_OF) == ([], [])


def test_earliest_date_shown_counts():
    assert run(ar.LATE, _dept("2025-01-30", page_day="2025-02-10"), as_of=AS_OF) == ([], [])


def test_government_report_published_march_10_is_on_time():
    assert run(ar.LATE, _pair(), as_of=AS_OF) == ([], [])


def test_another_units_late_report_is_not_judged():
    snap = _dept("2025-02-10", title="北京市海淀区教育委员会2024年政府信息公开工作年度报告")
    assert run(ar.LATE, snap, as_of=AS_OF) == ([], [])


def test_undated_report_is_not_checked():
    snap = _snap([(URL_2024, "北京市教育委员会2024年政府信息公开工作年度报告", None, None)],
                 kind="department", unit="北京市教育委员会")
    [], [nc] = run(ar.LATE, snap, as_of=AS_OF)
    assert "未显示发布日期" in nc.reason


# report.copied

def test_section_five_copied_from_last_year_is_reported_with_its_score():
    body, _ = _pingtan()
    [f], [] = run(ar.COPIED, _pair(body_2023=_as_2023(body)), as_of=AS_OF)
    assert (f.rule, f.url, f.locator) == ("report.copied", URL_2024, URL_2024)
    assert f.evidence["similarity"] == 1.0 and f.evidence["threshold"] == 0.8
    assert f.evidence["previous_url"] == URL_2023
    assert f.message == ("2024年度报告的“存在的主要问题及改进情况”与2023年度报告相似度为 1.00"
                         "（阈值 0.80），内容雷同")


def test_lightly_edited_copy_is_still_copied():
    body, _ = _pingtan()
    edited = _section_5(body).replace("新时代政府信息公开工作机制有待进一步调整和完善；", "")
    [f], [] = run(ar.COPIED, _pair(body_2023=_as_2023(body, edited)), as_of=AS_OF)
    assert 0.8 <= f.evidence["similarity"] < 1.0


def test_rewritten_section_five_is_not_copied():
    assert run(ar.COPIED, _pair(), as_of=AS_OF) == ([], [])


def test_similarity_of_rewritten_text_is_low():
    body, _ = _pingtan()
    assert ar.similarity(_section_5(body), REWRITTEN_5) < 0.2


def test_previous_report_not_fetched_is_not_compared():
    body, tables = _pingtan()
    snap = _snap([(URL_2024, "平潭综合实验区2024年度政府信息公开工作年度报告", "2025-03-10",
                   _data(body, tables, "2025-03-10")),
                  (URL_2023, "平潭综合实验区2023年度政府信息公开工作年度报告", "2024-03-15", None)])
    assert run(ar.COPIED, snap, as_of=AS_OF) == ([], [])


def test_previous_report_without_section_five_is_not_checked():
    body, _ = _pingtan()
    without = _as_2023(body).replace(SECTION_5.replace("2024", "2023"), "五、工作计划")
    [], [nc] = run(ar.COPIED, _pair(body_2023=without), as_of=AS_OF)
    assert nc.reason == "2023年度报告未识别出“存在的主要问题及改进情况”部分"


# report.sections

def test_pingtan_report_has_all_six_sections():
    body, _ = _pingtan()
    assert all(i is not None for i in ar.sections(body, PROFILE).values())
    assert run(ar.SECTIONS, _pair(), as_of=AS_OF) == ([], [])


def test_missing_section_six_is_reported():
    body, _ = _pingtan()
    cut = body[:body.index("六、其他需要报告的事项")]
    [f], [] = run(ar.SECTIONS, _pair(body_2024=cut), as_of=AS_OF)
    assert f.url == URL_2024 and f.evidence["seen"]["missing"] == ["其他需要报告的事项"]
    assert f.message == "2024年度报告“平潭综合实验区2024年度政府信息公开工作年度报告”缺少“其他需要报告的事项”部分"


def test_section_names_listed_in_the_preface_are_not_headings():
    body, _ = _pingtan()
    cut = body[:body.index(SECTION_5)]
    assert "存在的主要问题及改进情况、其他需要报告的事项" in cut  # the preface lists all six
    [f], [] = run(ar.SECTIONS, _pair(body_2024=cut), as_of=AS_OF)
    assert f.evidence["seen"]["missing"] == ["存在的主要问题及改进情况", "其他需要报告的事项"]


def test_report_published_as_attachment_is_not_checked():
    body, tables = _pingtan()
    snap = _snap([(URL_2024, "平潭综合实验区2024年度政府信息公开工作年度报告", "2025-03-10",
                   _data("平潭综合实验区2024年度政府信息公开工作年度报告详见附件。", [], "2025-03-10"))])
    [], [nc] = run(ar.SECTIONS, snap, as_of=AS_OF)
    assert "章节结构" in nc.reason


# report.inconsistent

def test_pingtan_tables_add_up():
    assert run(ar.INCONSISTENT, _pair(), as_of=AS_OF) == ([], [])


def test_total_row_that_does_not_add_up():
    _, tables = _pingtan()
    bad = _set(tables, "（七）总计", 3, "216")  # 自然人 of （七）总计: 217 → 216
    [f], [] = run(ar.INCONSISTENT, _pair(tables_2024=bad), as_of=AS_OF)
    assert (f.rule, f.url) == ("report.inconsistent", URL_2024)
    assert f.evidence["seen"]["errors"] == [
        {"check": "（七）总计：总计 = 六类申请人之和", "expected": "217", "seen": "218", "column": "总计"},
        {"check": "（七）总计 = （一）至（六）各项之和", "column": "自然人", "expected": "217", "seen": "216"},
        {"check": "本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理", "column": "自然人",
         "expected": "217", "seen": "216"}]
    assert f.message.startswith("2024年度报告表格数据勾稽关系不符：（七）总计：总计 = 六类申请人之和（总计列：应为 217，实为 218）")


def test_review_table_group_that_does_not_add_up():
    _, tables = _pingtan()
    bad = copy.deepcopy(tables)
    bad[2][3][14] = "20"  # 复议后起诉 总计: 13 + 2 + 4 + 0 = 19
    [f], [] = run(ar.INCONSISTENT, _pair(tables_2024=bad), as_of=AS_OF)
    assert f.evidence["seen"]["errors"] == [
        {"check": "行政诉讼（复议后起诉）：维持 + 纠正 + 其他 + 尚未审结 = 总计", "column": "总计",
         "expected": "19", "seen": "20"}]


def test_report_page_without_tables_data_is_not_checked():
    body, _ = _pingtan()
    snap = _snap([(URL_2024, "平潭综合实验区2024年度政府信息公开工作年度报告", "2025-03-10",
                   _data(body, None, "2025-03-10"))])
    [], [nc] = run(ar.INCONSISTENT, snap, as_of=AS_OF)
    assert "tables" in nc.reason


def test_report_page_not_loaded_is_not_checked():
    failed = page(URL_2024, "article", outcome=Outcome.TIMEOUT, status=None, column_url=NB)
    snap = _snap([(URL_2024, "平潭综合实验区2024年度政府信息公开工作年度报告", "2025-03-10", None)],
                 extra_pages=[failed])
    [], [nc] = run(ar.INCONSISTENT, snap, as_of=AS_OF)
    assert nc.url == URL_2024 and "超时" in nc.reason


# report.cross_year

def test_figures_carried_over_from_last_year_pass():
    assert run(ar.CROSS_YEAR, _pair(), as_of=AS_OF) == ([], [])


def test_carried_over_applications_that_differ():
    _, tables = _pingtan()
    last = _set(_set(tables, "行政规范性文件", 3, "411"), "四、结转下年度继续办理", 3, "2")
    last = _set(last, "四、结转下年度继续办理", 9, "2")
    [f], [] = run(ar.CROSS_YEAR, _pair(tables_2023=last), as_of=AS_OF)
    assert (f.rule, f.url) == ("report.cross_year", URL_2024)
    assert f.evidence["seen"]["errors"] == [
        {"check": "本年“上年结转”= 上年度“结转下年度继续办理”", "column": "自然人", "expected": "2", "seen": "0"},
        {"check": "本年“上年结转”= 上年度“结转下年度继续办理”", "column": "总计", "expected": "2", "seen": "0"}]
    assert f.evidence["previous_url"] == URL_2023


def test_valid_regulatory_documents_that_do_not_follow_from_last_year():
    _, tables = _pingtan()
    [f], [] = run(ar.CROSS_YEAR, _pair(tables_2023=_set(tables, "行政规范性文件", 3, "400")), as_of=AS_OF)
    assert f.evidence["seen"]["errors"] == [
        {"check": "行政规范性文件现行有效件数 = 上年度现行有效件数 + 本年制发 − 本年废止",
         "column": "现行有效件数", "expected": "429", "seen": "440"}]


def test_department_column_of_one_issuer_named_differently_is_its_own():
    snap = _snap([(URL_2024, "市教委2024年政府信息公开工作年度报告", "2025-02-10", None),
                  (URL_2023, "市教委2023年政府信息公开工作年度报告", "2024-01-20", None)],
                 kind="department", unit="北京市教育委员会")
    [f], [] = run(ar.LATE, snap, as_of=AS_OF)
    assert f.url == URL_2024
    assert run(ar.MISSING, snap, as_of=AS_OF) == ([], [])


def test_headings_worded_like_older_templates_are_recognised():
    body = ("一、总体情况\n…\n二、主动公开政府信息情况\n…\n三、收到和处理政府信息公开申请情况\n…\n"
            "四、因政府信息公开工作被申请行政复议、提起行政诉讼的情况\n…\n五、主要问题及改进措施\n…\n"
            "六、其他需要报告的事项\n无。")
    assert all(i is not None for i in ar.sections(body, PROFILE).values())
