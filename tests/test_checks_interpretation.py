"""interp.unlinked, interp.late, interp.missing, interp.reposted and interp.forms."""
from __future__ import annotations

import copy
from datetime import date

from checks import interpretation as interp
from checks.profile import Profile
from checks.snapshot import PageView
from crawler.outcomes import Outcome
from tests.snapshots import FETCHED, HOME, PROFILE, article, column, item, run, snapshot

GFX = HOME + "zfxxgk/zcwj/gfxwj/"
QTWJ = HOME + "zfxxgk/zcwj/qtwj/"
ZCJD = HOME + "zfxxgk/zcjd/"
DOC = GFX + "202509/t20250930_4100001.html"
DOC_TITLE = "北京市教育委员会关于印发《北京市中小学校外培训机构管理办法》的通知"
DOC_META = {"索引号": "11000D070/2025-00093", "发文字号": "京教规〔2025〕3号", "有效性": "有效",
            "成文日期": "2025-09-26", "发布日期": "2025-09-30"}
JD = ZCJD + "202510/t20251009_4100105.html"
JD_TITLE = "《北京市中小学校外培训机构管理办法》政策解读"
JD_BODY = ("近日，市教委印发《北京市中小学校外培训机构管理办法》。现就有关情况解读如下：\n"
           "一、制定背景 …… 二、主要内容 ……")


def art(url: str, column_url: str, title: str, day: str | None, *, body: str = "",
        links=(), source: str | None = "北京市教育委员会", metadata: dict | None = None,
        **kw) -> PageView:
    page = article(url, visible=day, metadata=metadata or {}, column_url=column_url, **kw)
    page.data["article"].update(title=title, body_text=body, source=source, attachments=[],
                                links=[list(link) for link in links])
    return page


def doc(url: str = DOC, title: str = DOC_TITLE, day: str = "2025-09-30", **kw) -> PageView:
    return art(url, kw.pop("column_url", GFX), title, day,
               metadata=kw.pop("metadata", DOC_META), body="第一条 为规范校外培训机构管理……", **kw)


def jd(url: str = JD, title: str = JD_TITLE, day: str = "2025-10-09", *,
       links=((DOC, DOC_TITLE),), body: str = JD_BODY, **kw) -> PageView:
    return art(url, ZCJD, title, day, links=links, body=body, **kw)


def _items(pages) -> list:
    return [item(p.data["article"]["title"], p.url,
                 date.fromisoformat(p.data["article"]["visible_date"])
                 if p.data["article"]["visible_date"] else None) for p in pages]


def snap(docs=(), jds=(), *, others=(), jd_complete: bool = True, jd_column: bool = True,
         jd_settings: dict | None = None, extra_jd_items=()):
    columns = [column(GFX, "规范性文件", "policy", items=_items(docs))]
    if others:
        columns.append(column(QTWJ, "其他文件", "policy", items=_items(others)))
    if jd_column:
        columns.append(column(ZCJD, "政策解读", "interpretation",
                              items=_items(jds) + list(extra_jd_items), complete=jd_complete,
                              settings=jd_settings))
    return snapshot([*docs, *others, *jds], columns)


# interp.unlinked

def test_interpretation_linking_to_its_document_passes():
    assert run(interp.UNLINKED, snap([doc()], [jd()])) == ([], [])


def test_interpretation_quoting_the_title_without_a_link_is_reported():
    page = jd(links=((HOME, "首页"), (ZCJD, "政策解读")))
    [f], [] = run(interp.UNLINKED, snap([doc()], [page], jd_settings={"department": "办公室"}))
    assert (f.rule, f.url, f.locator, f.column) == ("interp.unlinked", JD, JD, "政策解读")
    assert f.message == f"解读“{JD_TITLE}”未链接其解读的文件“{DOC_TITLE}”"
    assert f.evidence["document_url"] == DOC and f.evidence["matched_by"] == "标题"
    assert f.evidence["seen"]["quoted_titles"] == ["北京市中小学校外培训机构管理办法"]
    assert f.evidence["department"] == "办公室"
    assert f.evidence["fetched_at"] == FETCHED.isoformat()


def test_interpretation_of_an_unknown_document_without_links_is_reported():
    page = jd(title="市教委解读校外培训新规", body="近日出台的新规明确了……", links=())
    [f], [] = run(interp.UNLINKED, snap([], [page]))
    assert f.message == "解读“市教委解读校外培训新规”未链接所解读的政策文件原文"
    assert f.evidence["document_url"] is None


def test_link_to_the_original_on_another_site_counts():
    page = jd(links=(("http://www.moe.gov.cn/srcsite/A06/s3325/202509/t20250926_1.html",
                      "原文链接"),))
    assert run(interp.UNLINKED, snap([doc()], [page])) == ([], [])


def test_attachment_named_after_the_quoted_title_counts():
    page = jd(links=((ZCJD + "202510/P020251009.pdf", "北京市中小学校外培训机构管理办法.pdf"),))
    assert run(interp.UNLINKED, snap([], [page])) == ([], [])


def test_navigation_link_to_the_policy_column_does_not_count():
    page = jd(links=((GFX, "规范性文件"), (HOME + "zfxxgk/zcwj/", "政策文件")))
    snapshot_ = snap([doc()], [page])
    snapshot_.columns.append(column(HOME + "zfxxgk/zcwj/", "政策文件", "policy", has_children=True))
    [f], [] = run(interp.UNLINKED, snapshot_)
    assert f.url == JD


def test_logo_link_named_after_the_unit_does_not_count():
    # Every document title starts with the unit's name: a link to index.html does not name one.
    page = jd(links=((HOME + "index.html", "北京市教育委员会"),))
    [f], [] = run(interp.UNLINKED, snap([doc()], [page]))
    assert f.url == JD


def test_link_to_another_interpretation_does_not_count():
    other = jd(ZCJD + "202510/t20251010_4100110.html", "一图读懂《北京市中小学校外培训机构管理办法》",
               "2025-10-10", links=((DOC, DOC_TITLE),))
    page = jd(links=((other.url, "下一篇：一图读懂《北京市中小学校外培训机构管理办法》"),))
    findings, [] = run(interp.UNLINKED, snap([doc()], [page, other]))
    assert [f.url for f in findings] == [JD]


def test_interpretation_that_failed_to_load_is_not_checked():
    page = jd(outcome=Outcome.TIMEOUT, status=None)
    [], [nc] = run(interp.UNLINKED, snap([doc()], [page]))
    assert (nc.rule, nc.url) == ("interp.unlinked", JD) and "超时" in nc.reason


def test_interpretation_with_links_cut_at_300_is_not_checked():
    links = [(ZCJD + f"x{i}.html", f"专题{i}") for i in range(300)]
    [], [nc] = run(interp.UNLINKED, snap([doc()], [jd(links=links)]))
    assert "300" in nc.reason


# interp.late

def test_interpretation_on_the_third_working_day_across_national_day_is_on_time():
    # Document 2025-09-30; 10-01..10-08 off; 10-09, 10-10, 10-11 (调休 Saturday) count.
    page = jd(day="2025-10-11")
    assert run(interp.LATE, snap([doc()], [page]), as_of=date(2025, 10, 20)) == ([], [])


def test_interpretation_on_the_fourth_working_day_is_late():
    page = jd(day="2025-10-13")
    [f], [] = run(interp.LATE, snap([doc()], [page]), as_of=date(2025, 10, 20))
    assert (f.rule, f.url, f.locator, f.column) == ("interp.late", JD, JD, "政策解读")
    assert f.evidence["seen"] == {"interpretation_date": "2025-10-13", "document_date": "2025-09-30",
                                  "workdays_after": 4}
    assert f.evidence["deadline"] == "2025-10-11" and f.evidence["matched_by"] == "链接"
    assert f.message == (f"解读“{JD_TITLE}”发布于 2025-10-13，在所解读文件“{DOC_TITLE}”"
                         "（2025-09-30 发布）之后第 4 个工作日，超过 3 个工作日")


def test_four_calendar_days_across_a_weekend_are_not_late():
    page = jd(day="2025-06-10")  # Friday 06-06 → Tuesday 06-10: 2 working days
    assert run(interp.LATE, snap([doc(day="2025-06-06")], [page]), as_of=date(2025, 6, 20)) == ([], [])


def test_interpretation_matched_by_number_is_dated():
    page = jd(day="2025-10-20", title="市教委有关负责人就校外培训机构管理答记者问", links=(),
              body="日前，市教委印发《管理办法》（京教规[2025]3号）……")
    [f], [] = run(interp.LATE, snap([doc()], [page]), as_of=date(2025, 10, 31))
    assert f.evidence["matched_by"] == "文号" and f.evidence["document_url"] == DOC


def test_title_quoted_only_in_the_text_does_not_date_an_interpretation():
    page = jd(day="2025-11-20", title="市教委就校外培训治理答记者问", links=())
    assert run(interp.LATE, snap([doc()], [page]), as_of=date(2025, 11, 30)) == ([], [])


def test_interpretation_of_a_law_a_document_only_cites_is_not_dated_by_it():
    citing = doc(title="北京市教育委员会关于贯彻《中华人民共和国民办教育促进法实施条例》的实施意见",
                 day="2024-03-01", metadata={"发文字号": "京教发〔2024〕2号"})
    page = jd(title="《中华人民共和国民办教育促进法实施条例》解读", day="2025-10-09", links=(),
              body="国务院公布修订后的条例……")
    assert run(interp.LATE, snap([citing], [page]), as_of=date(2025, 10, 31)) == ([], [])


def test_interpretation_quoting_what_a_notice_issues_is_dated_by_it():
    issuing = doc(title="北京市教育委员会关于印发北京市中小学校外培训机构管理办法的通知",
                  metadata={"发文字号": "京教发〔2025〕40号"})
    page = jd(day="2025-10-20", links=())
    [f], [] = run(interp.LATE, snap([issuing], [page]), as_of=date(2025, 10, 31))
    assert f.evidence["matched_by"] == "标题"


def test_lateness_in_a_year_the_calendar_does_not_know_is_not_checked():
    page = jd(day="2030-03-20")
    [], [nc] = run(interp.LATE, snap([doc(day="2030-03-01")], [page]), as_of=date(2030, 3, 31))
    assert (nc.rule, nc.url) == ("interp.late", JD) and "日历未知" in nc.reason


def test_profile_holidays_make_an_unknown_year_checkable():
    data = copy.deepcopy(PROFILE.data)
    data["calendar"] = {"years": {"2030": {"holidays": [["2030-03-04", "2030-03-06"]]}}}
    page = jd(day="2030-03-08")  # Friday 03-01; Mon–Wed off; Thu 07 (1), Fri 08 (2)
    result = run(interp.LATE, snap([doc(day="2030-03-01")], [page]), profile=Profile(data),
                 as_of=date(2030, 3, 31))
    assert result == ([], [])


# interp.missing

AS_OF = date(2025, 12, 1)


def test_normative_document_without_any_interpretation_is_reported():
    other = jd(ZCJD + "202509/t20250920_4100090.html", "《北京市学前教育条例实施办法》解读",
               "2025-09-20", links=(), body="《北京市学前教育条例实施办法》明确了……")
    [f], [] = run(interp.MISSING, snap([doc()], [other]), as_of=AS_OF)
    assert (f.rule, f.url, f.locator, f.column) == ("interp.missing", DOC, DOC, "规范性文件")
    assert f.message == f"文件“{DOC_TITLE}”（2025-09-30 发布）未见政策解读"
    assert f.evidence["seen"] == {"document_date": "2025-09-30", "number": "京教规〔2025〕3号",
                                  "interpretations_seen": 1}
    assert f.evidence["normative_by"] == "所在栏目“规范性文件”"
    assert f.evidence["page_url"] == DOC


def test_document_listed_by_the_parent_column_belongs_to_its_sub_column():
    parent = HOME + "zfxxgk/zcwj/"
    other = jd(title="市教委就学前教育答记者问", body="学前教育……", links=())
    snapshot_ = snap([doc()], [other])
    snapshot_.columns.insert(0, column(parent, "政策文件", "policy", has_children=True,
                                       items=_items([doc()])))
    [f], [] = run(interp.MISSING, snapshot_, as_of=AS_OF)
    assert f.column == "规范性文件" and f.evidence["normative_by"] == "所在栏目“规范性文件”"


def test_document_with_a_linked_interpretation_passes():
    assert run(interp.MISSING, snap([doc()], [jd()]), as_of=AS_OF) == ([], [])


def test_document_quoted_in_the_text_of_an_interpretation_passes():
    page = jd(title="市教委就校外培训治理答记者问", links=())
    assert run(interp.MISSING, snap([doc()], [page]), as_of=AS_OF) == ([], [])


def test_document_page_linking_to_its_interpretation_passes():
    page = doc(links=((JD, "图解：校外培训机构管理办法"),))
    unrelated = jd(title="市教委就学前教育答记者问", body="学前教育……", links=())
    assert run(interp.MISSING, snap([page], [unrelated]), as_of=AS_OF) == ([], [])


def test_document_published_within_the_interpretation_window_is_not_judged_yet():
    # 2025-11-27 (Thursday) + 3 working days = 12-02, after the as-of date.
    other = jd(title="市教委就学前教育答记者问", body="学前教育……", links=())
    result = run(interp.MISSING, snap([doc(day="2025-11-27")], [other]), as_of=AS_OF)
    assert result == ([], [])


def test_ordinary_document_needs_no_interpretation_by_default():
    plain = doc(QTWJ + "202510/t20251015_4100200.html", "关于召开2025年全市教育工作会议的通知",
                "2025-10-15", column_url=QTWJ, metadata={"发文字号": "京教办〔2025〕21号"})
    other = jd(title="市教委就学前教育答记者问", body="学前教育……", links=())
    assert run(interp.MISSING, snap([], [other], others=[plain]), as_of=AS_OF) == ([], [])


def test_scope_all_asks_every_document_for_an_interpretation():
    data = copy.deepcopy(PROFILE.data)
    data["rules"]["interp.missing"]["scope"] = "all"
    plain = doc(QTWJ + "202510/t20251015_4100200.html", "关于召开2025年全市教育工作会议的通知",
                "2025-10-15", column_url=QTWJ, metadata={"发文字号": "京教办〔2025〕21号"})
    other = jd(title="市教委就学前教育答记者问", body="学前教育……", links=())
    [f], [] = run(interp.MISSING, snap([], [other], others=[plain]), profile=Profile(data),
                  as_of=AS_OF)
    assert f.url == plain.url and f.evidence["normative_by"] is None


def test_another_organs_document_the_unit_reposts_needs_no_interpretation_from_it():
    data = copy.deepcopy(PROFILE.data)
    data["rules"]["interp.missing"]["scope"] = "all"
    reposted = doc(QTWJ + "202510/t20251015_4100201.html", "国务院办公厅关于进一步减轻义务教育阶段"
                   "学生作业负担和校外培训负担的意见", "2025-10-15", column_url=QTWJ,
                   metadata={"发文字号": "国办发〔2025〕40号"}, source="中国政府网")
    other = jd(title="市教委就学前教育答记者问", body="学前教育……", links=())
    assert run(interp.MISSING, snap([], [other], others=[reposted]), profile=Profile(data),
               as_of=AS_OF) == ([], [])


def test_repeal_decision_needs_no_interpretation():
    page = doc(title="北京市教育委员会关于废止部分规范性文件的决定")
    other = jd(title="市教委就学前教育答记者问", body="学前教育……", links=())
    assert run(interp.MISSING, snap([page], [other]), as_of=AS_OF) == ([], [])


def test_document_older_than_the_period_is_not_judged():
    other = jd(title="市教委就学前教育答记者问", body="学前教育……", links=())
    assert run(interp.MISSING, snap([doc(day="2024-09-30")], [other]), as_of=AS_OF) == ([], [])


def test_document_is_not_checked_when_the_interpretation_column_was_read_incompletely():
    other = jd(title="市教委就学前教育答记者问", body="学前教育……", links=())
    [], [nc] = run(interp.MISSING, snap([doc()], [other], jd_complete=False), as_of=AS_OF)
    assert nc.url == DOC and "未完整读取" in nc.reason


def test_document_is_not_checked_when_an_interpretation_page_failed():
    failed = jd(title="市教委就学前教育答记者问", links=(), outcome=Outcome.SERVER_ERROR, status=503)
    [], [nc] = run(interp.MISSING, snap([doc()], [failed]), as_of=AS_OF)
    assert nc.url == DOC and "1 篇解读页面未能读取" in nc.reason


def test_document_is_not_checked_without_an_interpretation_column():
    [], [nc] = run(interp.MISSING, snap([doc()], [], jd_column=False), as_of=AS_OF)
    assert nc.url == DOC and "未找到政策解读栏目" in nc.reason


# interp.reposted

def test_interpretation_from_the_state_council_is_reposted():
    page = jd(source="国务院办公厅")
    [f], [] = run(interp.REPOSTED, snap([doc()], [page]))
    assert (f.rule, f.url, f.column) == ("interp.reposted", JD, "政策解读")
    assert f.message == f"解读“{JD_TITLE}”来源为“国务院办公厅”，为转载的解读而非本单位自行解读"
    assert f.evidence["seen"] == {"source": "国务院办公厅"} and f.evidence["reason"] == "来源含“国务院”"


def test_interpretation_from_another_place_is_reposted():
    [f], [] = run(interp.REPOSTED, snap([doc()], [jd(source="天津市教育委员会")]))
    assert f.evidence["reason"] == "来源属“天津市”，本单位属“北京市”"


def test_interpretation_from_the_unit_itself_is_not_reposted():
    assert run(interp.REPOSTED, snap([doc()], [jd(source="北京市教育委员会办公室")])) == ([], [])


def test_source_without_a_place_is_not_judged_reposted():
    assert run(interp.REPOSTED, snap([doc()], [jd(source="市教委")])) == ([], [])


def test_source_of_the_same_place_is_not_judged_reposted():
    assert run(interp.REPOSTED, snap([doc()], [jd(source="北京市人民政府")])) == ([], [])


def test_metadata_publisher_is_used_when_no_source_is_shown():
    page = jd(source=None, metadata={"发布机构": "国家发展改革委"})
    [f], [] = run(interp.REPOSTED, snap([doc()], [page]))
    assert f.evidence["seen"] == {"source": "国家发展改革委"}


# interp.forms

def test_text_only_interpretations_of_the_year_are_reported():
    [f], [] = run(interp.FORMS, snap([doc()], [jd()]), as_of=AS_OF)
    assert (f.rule, f.url, f.locator, f.column) == ("interp.forms", ZCJD, ZCJD, "政策解读")
    assert f.message == "近 365 天的 1 条政策解读中没有图解、音视频、在线访谈、新闻发布会等多样化解读"
    assert f.evidence["seen"] == {"interpretations": 1, "non_text": 0}


def test_a_graphic_interpretation_of_the_year_passes():
    graphic = item("一图读懂《北京市中小学校外培训机构管理办法》", ZCJD + "202510/t2.html",
                   date(2025, 10, 10))
    assert run(interp.FORMS, snap([doc()], [jd()], extra_jd_items=[graphic]), as_of=AS_OF) == ([], [])


def test_a_graphic_interpretation_older_than_a_year_does_not_count():
    graphic = item("图解：2023年全市教育工作要点", ZCJD + "202303/t1.html", date(2023, 3, 1))
    [f], [] = run(interp.FORMS, snap([doc()], [jd()], extra_jd_items=[graphic]), as_of=AS_OF)
    assert f.rule == "interp.forms"


def test_forms_are_not_checked_when_the_column_was_read_incompletely():
    [], [nc] = run(interp.FORMS, snap([doc()], [jd()], jd_complete=False), as_of=AS_OF)
    assert nc.url == ZCJD


def test_forms_are_not_checked_without_an_interpretation_column():
    [], [nc] = run(interp.FORMS, snap([doc()], [], jd_column=False), as_of=AS_OF)
    assert "未找到政策解读栏目" in nc.reason
