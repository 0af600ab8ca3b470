"""doc.no_date, doc.late_publication and doc.validity_missing."""
from __future__ import annotations

from checks import documents as docs
from crawler.outcomes import Outcome
from tests.snapshots import FETCHED, HOME, article, column, run, snapshot

ART = HOME + "zfxxgk/zcwj/202406/t20240603_3711111.html"
COL = HOME + "zfxxgk/zcwj/"


def test_article_with_visible_date_passes():
    assert run(docs.NO_DATE, snapshot([article(ART)])) == ([], [])


def test_article_with_only_metadata_date_passes():
    # jyt.zj: the date is only in the metadata table (生成日期).
    art = article(ART, visible=None, metadata={"索引号": "002482082/2024-00332",
                                                "生成日期": "2024-06-03"})
    assert run(docs.NO_DATE, snapshot([art])) == ([], [])


def test_article_with_no_date_anywhere_is_reported():
    art = article(ART, visible=None, metadata={"索引号": "002482082/2024-00332", "发布日期": ""},
                  column_url=COL)
    [f], [] = run(docs.NO_DATE, snapshot([art], [column(COL, "政策文件", "policy")]))
    assert (f.rule, f.url, f.locator, f.column) == ("doc.no_date", ART, ART, "政策文件")
    assert f.message == "文章“关于做好2024年中小学招生入学工作的通知”页面未标注发布日期"
    assert f.evidence["seen"] == {"visible_date": None,
                                  "metadata": {"索引号": "002482082/2024-00332"}}
    assert f.evidence["meta_pubdate"] == "2024-06-03 10:12"
    assert f.evidence["fetched_at"] == FETCHED.isoformat()


def test_unparsed_visible_date_text_is_not_checked():
    art = article(ART, visible=None, visible_text="发布时间：六月三日")
    [], [nc] = run(docs.NO_DATE, snapshot([art]))
    assert nc.url == ART and "无法识别" in nc.reason


def test_article_that_failed_to_load_is_not_checked():
    art = article(ART, visible=None, outcome=Outcome.NOT_FOUND, status=404)
    [], [nc] = run(docs.NO_DATE, snapshot([art]))
    assert (nc.rule, nc.url) == ("doc.no_date", ART)


def test_article_without_extracted_article_data_is_not_checked():
    art = article(ART)
    del art.data["article"]
    [], [nc] = run(docs.NO_DATE, snapshot([art]))
    assert nc.url == ART


# -- shared fixtures of doc.late_publication and doc.validity_missing --------------------------

GFX = HOME + "zfxxgk/zcwj/gfxwj/"
GZDT = HOME + "jyzx/gzdt/"
GFX_ART = GFX + "202406/t20240603_3711111.html"
NEWS_ART = GZDT + "202406/t20240603_3711200.html"
BODY = ("各区教委，各有关单位：\n现将《北京市中小学校外培训机构管理办法》印发给你们，请认真贯彻执行。\n"
        "第一条 为规范校外培训机构管理，制定本办法。")


def doc_page(url: str, column_url: str, *, title: str = "北京市教育委员会关于印发《北京市中小学"
             "校外培训机构管理办法》的通知", metadata: dict | None = None, body: str = BODY,
             visible: str | None = "2024-06-03", **kw):
    page = article(url, visible=visible, metadata=metadata if metadata is not None else {
        "索引号": "11000D070/2024-00071", "发文字号": "京教规〔2024〕3号", "成文日期": "2024-05-28",
        "发布日期": "2024-06-03"}, column_url=column_url, **kw)
    page.data["article"].update(title=title, body_text=body, attachments=[])
    return page


def gfx_column(settings: dict | None = None):
    return column(GFX, "规范性文件", "policy", settings=settings)


# doc.late_publication

def test_document_published_22_working_days_after_it_was_written_is_late():
    page = doc_page(GFX_ART, GFX, metadata={"成文日期": "2024-04-30", "发布日期": "2024-06-03"})
    [f], [] = run(docs.LATE_PUBLICATION, snapshot([page], [gfx_column({"department": "政策法规处"})]))
    assert (f.rule, f.url, f.locator, f.column) == ("doc.late_publication", GFX_ART, GFX_ART, "规范性文件")
    assert f.evidence["seen"] == {"成文日期": "2024-04-30", "发布日期": "2024-06-03", "workdays": 22}
    assert f.evidence["deadline"] == "2024-05-30"
    assert f.evidence["department"] == "政策法规处"
    assert f.evidence["fetched_at"] == FETCHED.isoformat()
    assert f.message == ("文件“北京市教育委员会关于印发《北京市中小学校外培训机构管理办法》的通知”成文于 "
                         "2024-04-30，2024-06-03 才发布，相隔 22 个工作日（应在 20 个工作日内公开）")


def test_document_published_on_the_20th_working_day_across_labour_day_is_on_time():
    # 2024 劳动节: 05-01..05-05 off, 04-28 and 05-11 are 调休 working days.
    page = doc_page(GFX_ART, GFX, metadata={"成文日期": "2024-04-30", "发布日期": "2024-05-30"},
                    visible="2024-05-30")
    assert run(docs.LATE_PUBLICATION, snapshot([page], [gfx_column()])) == ([], [])


def test_document_without_written_date_is_not_judged_for_lateness():
    page = doc_page(GFX_ART, GFX, metadata={"发布日期": "2024-06-03"})
    assert run(docs.LATE_PUBLICATION, snapshot([page], [gfx_column()])) == ([], [])


def test_unreadable_written_date_is_not_checked():
    page = doc_page(GFX_ART, GFX, metadata={"成文日期": "五月下旬", "发布日期": "2024-06-03"})
    [], [nc] = run(docs.LATE_PUBLICATION, snapshot([page], [gfx_column()]))
    assert nc.url == GFX_ART and "五月下旬" in nc.reason


def test_lateness_in_a_year_the_calendar_does_not_know_is_not_checked():
    page = doc_page(GFX_ART, GFX, metadata={"成文日期": "2030-04-30", "发布日期": "2030-06-03"},
                    visible="2030-06-03")
    [], [nc] = run(docs.LATE_PUBLICATION, snapshot([page], [gfx_column()]))
    assert nc.rule == "doc.late_publication" and "日历未知" in nc.reason


# doc.validity_missing

def test_normative_document_without_validity_is_reported():
    page = doc_page(GFX_ART, GFX)
    [f], [] = run(docs.VALIDITY_MISSING, snapshot([page], [gfx_column({"department": "政策法规处"})]))
    assert (f.rule, f.url, f.locator, f.column) == ("doc.validity_missing", GFX_ART, GFX_ART, "规范性文件")
    assert f.message == ("规范性文件“北京市教育委员会关于印发《北京市中小学校外培训机构管理办法》的通知”"
                         "未标注有效性")
    assert f.evidence["normative_by"] == "所在栏目“规范性文件”"
    assert f.evidence["number"] == "京教规〔2024〕3号"
    assert f.evidence["seen"]["有效性"] is None
    assert f.evidence["seen"]["metadata"]["发文字号"] == "京教规〔2024〕3号"
    assert f.evidence["department"] == "政策法规处"
    assert f.evidence["fetched_at"] == FETCHED.isoformat()


def test_normative_document_with_validity_field_passes():
    meta = {"发文字号": "京教规〔2024〕3号", "有效性": "有效", "成文日期": "2024-05-28"}
    page = doc_page(GFX_ART, GFX, metadata=meta)
    assert run(docs.VALIDITY_MISSING, snapshot([page], [gfx_column()])) == ([], [])


def test_validity_field_left_empty_is_no_marking():
    meta = {"发文字号": "京教规〔2024〕3号", "有效性": " "}
    [f], [] = run(docs.VALIDITY_MISSING, snapshot([doc_page(GFX_ART, GFX, metadata=meta)], [gfx_column()]))
    assert f.rule == "doc.validity_missing"


def test_validity_period_stated_in_the_text_passes():
    body = BODY + "\n第三十条 本办法自2024年7月1日起施行，有效期5年。"
    page = doc_page(GFX_ART, GFX, body=body)
    assert run(docs.VALIDITY_MISSING, snapshot([page], [gfx_column()])) == ([], [])


def test_normative_number_marks_a_document_outside_a_normative_column():
    col = HOME + "zfxxgk/zcwj/"
    page = doc_page(col + "202406/t1.html", col, metadata={"发文字号": "京教规[2024]3号"})
    [f], [] = run(docs.VALIDITY_MISSING, snapshot([page], [column(col, "政策文件", "policy")]))
    assert f.evidence["normative_by"] == "文号“京教规〔2024〕3号”"


def test_rules_title_with_a_number_in_a_policy_column_is_normative():
    col = HOME + "zfxxgk/zcwj/"
    page = doc_page(col + "202406/t2.html", col, title="北京市中小学校外培训机构管理办法",
                    metadata={"发文字号": "京教发〔2024〕12号"})
    [f], [] = run(docs.VALIDITY_MISSING, snapshot([page], [column(col, "政策文件", "policy")]))
    assert f.evidence["normative_by"] == "政策文件栏目中有文号“京教发〔2024〕12号”、标题含“办法”的文件"


def test_ordinary_notice_with_a_number_in_a_policy_column_needs_no_validity():
    col = HOME + "zfxxgk/zcwj/"
    page = doc_page(col + "202406/t3.html", col, title="关于召开2024年全市教育工作会议的通知",
                    metadata={"发文字号": "京教发〔2024〕13号"})
    assert run(docs.VALIDITY_MISSING, snapshot([page], [column(col, "政策文件", "policy")])) == ([], [])


def test_work_news_article_without_validity_gives_no_finding():
    page = doc_page(NEWS_ART, GZDT, title="市教委召开校外培训机构管理工作部署会",
                    metadata={"发文字号": "京教规〔2024〕3号"},
                    body="近日，市教委印发《北京市中小学校外培训机构管理办法》（京教规〔2024〕3号）。")
    assert run(docs.VALIDITY_MISSING, snapshot([page], [column(GZDT, "工作动态", "dynamic")])) == ([], [])


def test_normative_document_with_truncated_text_is_not_checked():
    page = doc_page(GFX_ART, GFX, body="第一条 " + "规" * 20_000)
    [], [nc] = run(docs.VALIDITY_MISSING, snapshot([page], [gfx_column()]))
    assert nc.url == GFX_ART and "20000" in nc.reason


def test_normative_document_that_failed_to_load_is_not_checked():
    page = doc_page(GFX_ART, GFX, outcome=Outcome.SERVER_ERROR, status=502)
    [], [nc] = run(docs.VALIDITY_MISSING, snapshot([page], [gfx_column()]))
    assert (nc.rule, nc.url) == ("doc.validity_missing", GFX_ART)
