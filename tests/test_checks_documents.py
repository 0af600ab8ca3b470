"""doc.no_date."""
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
