"""guide.missing and guide.incomplete."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from checks import guide
from crawler.outcomes import Outcome
from spiders.extract.article import extract_article
from tests.snapshots import HOME, column, column_page, item, page, run, snapshot

ROOT = HOME + "zfxxgk/"
GUIDE_COL = ROOT + "zfxxgkzn/"
GUIDE_URL = GUIDE_COL + "202403/t20240323_96170.htm"
PINGTAN = (Path(__file__).parent / "fixtures" / "corpus" / "www.pingtan.gov.cn"
           / "guide_zfxxgkzn__pingtan-archive.html")

COMPLETE = """根据《中华人民共和国政府信息公开条例》（国务院令第711号），编制本指南。
一、主动公开
（一）公开范围：本机关主动公开的政府信息分为机构职能、政策文件、规划计划等类别。
（二）编排体系：政府信息按主题分类编排，包括索引号、信息名称、发布机构、生成日期、文号。
（三）获取方式：通过北京市教育委员会网站政府信息公开专栏查阅。
二、依申请公开
（一）受理机构：北京市教育委员会政府信息公开办公室
办公地址：北京市西城区前门西大街109号
办公时间：周一至周五上午9:00-11:30，下午13:30-17:00（法定节假日除外）
联系电话：010-51992114  传真号码：010-51992115
电子邮箱：xxgk@jw.beijing.gov.cn
（二）申请方式：1.当面申请：申请人可到受理机构当面提交申请。2.信函申请：邮寄至上述地址。
3.传真申请：传真至010-51992115。4.网络申请：通过政府信息公开在线申请平台提交。
（三）答复时限：自收到申请之日起20个工作日内予以答复；需要延长的，延长期限最长不超过20个工作日。
本指南为2024年版。"""


def _guide_page(body: str = COMPLETE, title: str = "北京市教育委员会政府信息公开指南",
                url: str = GUIDE_URL, visible: str = "2024-03-23", metadata: dict | None = None,
                **kw):
    data = {"article": {"title": title, "visible_date": visible, "visible_date_text": visible,
                        "source": "北京市教育委员会", "metadata": metadata or {}, "url_date": None,
                        "attachments": [], "body_text": body, "links": []}}
    return page(url, "article", data, column_url=GUIDE_COL, title=title, **kw)


def _snap(*pages, guide_column: bool = True):
    columns = [column(GUIDE_COL, "政府信息公开指南", "guide",
                      items=[item("政府信息公开指南", GUIDE_URL, None)])] if guide_column else []
    columns.append(column(ROOT + "gzdt/", "工作动态", "dynamic"))
    return snapshot([page(ROOT, "disclosure"), column_page(GUIDE_COL, "政府信息公开指南"), *pages],
                    columns)


# guide.incomplete

def test_pingtan_guide_lacks_fax_and_edition():
    html = PINGTAN.read_text(encoding="utf-8")
    info = extract_article(html, "https://www.pingtan.gov.cn/zwgk/zfxxgkzn/202403/t20240323_96170.htm")
    data = {"article": {"title": info.title, "visible_date": info.visible_date.isoformat(),
                        "visible_date_text": info.visible_date_text, "source": info.source,
                        "metadata": info.metadata, "url_date": None, "attachments": info.attachments,
                        "body_text": info.body_text, "links": []}}
    snap = _snap(page(GUIDE_URL, "article", data, column_url=GUIDE_COL, title=info.title))
    [f], [] = run(guide.INCOMPLETE, snap)
    assert (f.rule, f.url, f.column, f.locator) == ("guide.incomplete", GUIDE_URL, "政府信息公开指南", GUIDE_URL)
    assert f.evidence["seen"] == {"missing_elements": ["传真号码"], "missing_channels": ["传真"],
                                  "has_date_or_edition": False, "outdated_sentences": []}
    assert f.message == ("政府信息公开指南“平潭综合实验区政府信息公开指南”要素不全或内容过时："
                         "缺少传真号码、传真申请渠道、生成日期或年版")


def test_complete_guide_passes():
    assert run(guide.INCOMPLETE, _snap(_guide_page())) == ([], [])


def test_guide_dated_by_its_metadata_box_passes():
    body = COMPLETE.replace("本指南为2024年版。", "")
    assert run(guide.INCOMPLETE, _snap(_guide_page(body, metadata={"成文日期": "2024-03-20"}))) == ([], [])


def test_page_publication_time_alone_is_not_an_edition():
    body = COMPLETE.replace("本指南为2024年版。", "")
    [f], [] = run(guide.INCOMPLETE, _snap(_guide_page(body, visible="2024-03-23")))
    assert f.evidence["seen"]["has_date_or_edition"] is False
    assert f.message.endswith("缺少生成日期或年版")


def test_guide_without_fax_channel_and_phone():
    body = (COMPLETE.replace("3.传真申请：传真至010-51992115。", "")
            .replace("联系电话：010-51992114  传真号码：010-51992115", "联系人：张老师"))
    [f], [] = run(guide.INCOMPLETE, _snap(_guide_page(body)))
    assert f.evidence["seen"]["missing_elements"] == ["联系电话", "传真号码"]
    assert f.evidence["seen"]["missing_channels"] == ["传真"]


def test_guide_still_on_the_2007_regulation_is_outdated():
    body = COMPLETE.replace("自收到申请之日起20个工作日内予以答复；需要延长的，延长期限最长不超过20个工作日",
                            "自收到申请之日起15个工作日内予以答复；需要延长的，延长期限最长不超过15个工作日")
    [f], [] = run(guide.INCOMPLETE, _snap(_guide_page(body)))
    assert f.evidence["seen"]["outdated_sentences"] == [
        "（三）答复时限：自收到申请之日起15个工作日内予以答复", "需要延长的，延长期限最长不超过15个工作日"]
    assert f.evidence["seen"]["missing_elements"] == []
    assert "仍按2007年版《条例》表述" in f.message


def test_third_party_fifteen_days_of_the_2019_regulation_is_not_outdated():
    body = COMPLETE + "\n涉及第三方的，第三方应当自收到征求意见书之日起15个工作日内提出意见。"
    assert run(guide.INCOMPLETE, _snap(_guide_page(body))) == ([], [])


def test_newest_guide_is_judged():
    old = _guide_page(COMPLETE.replace("传真", "电传"), url=GUIDE_COL + "201905/t20190520_1.htm",
                      visible="2019-05-20", title="北京市教育委员会政府信息公开指南（2019年版）")
    assert run(guide.INCOMPLETE, _snap(old, _guide_page())) == ([], [])


def test_separate_application_guide_is_not_taken_for_the_guide():
    apply_guide = _guide_page("依申请公开的办理流程……", url=GUIDE_COL + "202406/t20240601_2.htm",
                              visible="2024-06-01", title="北京市教育委员会依申请公开指南")
    assert run(guide.INCOMPLETE, _snap(apply_guide, _guide_page())) == ([], [])


def test_guide_page_not_loaded_is_not_checked():
    failed = page(GUIDE_URL, "article", outcome=Outcome.SERVER_ERROR, status=503,
                  column_url=GUIDE_COL, title="北京市教育委员会政府信息公开指南")
    [], [nc] = run(guide.INCOMPLETE, _snap(failed))
    assert (nc.rule, nc.url) == ("guide.incomplete", GUIDE_URL) and "503" in nc.reason


def test_guide_published_as_attachment_is_not_checked():
    [], [nc] = run(guide.INCOMPLETE, _snap(_guide_page("")))
    assert "未提取到正文" in nc.reason


def test_truncated_guide_with_missing_elements_is_not_checked():
    body = COMPLETE.replace("传真", "电传") + "。" * 20_000
    [], [nc] = run(guide.INCOMPLETE, _snap(_guide_page(body[:20_000])))
    assert "截断" in nc.reason


# guide.missing

def test_no_guide_anywhere_is_missing():
    snap = _snap(guide_column=False)
    [f], [] = run(guide.MISSING, snap)
    assert (f.rule, f.url, f.locator) == ("guide.missing", ROOT, ROOT)
    assert f.evidence["seen"] == {"columns": ["工作动态"], "column_count": 1}
    assert f.message == "未找到政府信息公开指南（信息公开栏目中无“公开指南”栏目或指南文件）"


def test_guide_column_present_is_not_missing():
    assert run(guide.MISSING, _snap()) == ([], [])


def test_guide_entry_in_another_column_is_not_missing():
    snap = _snap(guide_column=False)
    snap.columns[0].items.append(item("北京市教育委员会政府信息公开指南", ROOT + "gzdt/t1.htm", None))
    assert run(guide.MISSING, snap) == ([], [])


def test_service_guide_column_is_not_the_disclosure_guide():
    snap = _snap(guide_column=False)
    snap.columns.append(column(ROOT + "bszn/", "办事指南", "guide"))
    [f], [] = run(guide.MISSING, snap)
    assert f.evidence["seen"]["columns"] == ["工作动态", "办事指南"]


def test_disclosure_root_not_loaded_is_not_checked():
    snap = _snap(guide_column=False)
    snap = replace(snap, pages={**snap.pages, ROOT: page(ROOT, "disclosure", outcome=Outcome.TIMEOUT,
                                                         status=None)})
    [], [nc] = run(guide.MISSING, snap)
    assert nc.url == ROOT and "超时" in nc.reason
