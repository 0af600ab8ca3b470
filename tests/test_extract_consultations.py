"""spiders.extract.consultations: 咨询 / 信箱 list and detail pages of the common platforms."""
from __future__ import annotations

from pathlib import Path

from spiders.extract.consultations import extract_consultations

FIXTURES = Path(__file__).parent / "fixtures" / "consult"
COUNTY = "http://www.jiangcheng.gov.cn/hdjl/xzxx/"
BUREAU = "http://jtj.jiangcheng.gov.cn/col/col5533/index.html"


def _read(name: str, url: str) -> list[dict]:
    return extract_consultations((FIXTURES / name).read_text(encoding="utf-8"), url)


def test_mailbox_list_table_maps_columns_by_header():
    records = _read("ldxx_list_table.html", COUNTY)
    assert len(records) == 4
    assert records[1] == {"title": "咨询2024年城乡居民医保缴费时间",
                          "url": COUNTY + "202406/t20240605_88010.html",
                          "asked_at": "2024-06-05", "answered_at": "2024-06-07", "answer_unit": None,
                          "answer_text_present": None, "status_text": "已回复"}


def test_pending_row_has_no_answer_date_and_its_status():
    records = _read("ldxx_list_table.html", COUNTY)
    assert [(r["asked_at"], r["answered_at"], r["status_text"]) for r in records] == [
        ("2024-06-12", None, "办理中"), ("2024-06-05", "2024-06-07", "已回复"),
        ("2024-05-30", "2024-06-11", "已回复"), ("2024-02-27", None, "未回复")]


def test_list_table_title_prefers_the_full_title_attribute():
    records = _read("ldxx_list_table.html", COUNTY)
    assert records[1]["title"] == "咨询2024年城乡居民医保缴费时间"  # the link text is cut with …


def test_list_rows_with_labelled_fields():
    records = _read("zxzx_list_rows.html", BUREAU)
    assert [(r["title"], r["asked_at"], r["status_text"]) for r in records] == [
        ("道路运输从业资格证到期换证需要哪些材料？", "2024-05-28", "已回复"),
        ("网约车驾驶员证考试报名咨询", "2024-06-14", "办理中"),
        ("货车ETC办理地点", "2024-04-30", "已回复")]
    assert records[0]["url"] == "http://jtj.jiangcheng.gov.cn/module/idea/que_content.jsp?webid=12&id=50871"


def test_detail_table_with_th_labels():
    url = "http://jtj.jiangcheng.gov.cn/module/idea/que_content.jsp?webid=12&id=50871"
    [record] = _read("zxzx_detail_table.html", url)
    assert record == {"title": "道路运输从业资格证到期换证需要哪些材料？", "url": url,
                      "asked_at": "2024-05-28", "answered_at": "2024-06-04",
                      "answer_unit": "江城市交通运输局", "answer_text_present": True,
                      "status_text": None}


def test_detail_blocks_with_inline_labels():
    url = "http://www.jiangcheng.gov.cn/hdjl/szxx/202404/t20240430_87001.html"
    [record] = _read("ldxx_detail_blocks.html", url)
    assert record == {"title": "关于老旧小区加装电梯补贴政策的咨询", "url": url,
                      "asked_at": "2024-04-30", "answered_at": "2024-05-13",
                      "answer_unit": "市住房和城乡建设局", "answer_text_present": True,
                      "status_text": "已办结"}


def test_pending_detail_shows_empty_answer_fields():
    url = COUNTY + "202406/t20240612_88121.html"
    [record] = _read("ldxx_detail_pending.html", url)
    assert record == {"title": "关于城南小学附近道路积水问题的反映", "url": url,
                      "asked_at": "2024-06-12", "answered_at": None, "answer_unit": None,
                      "answer_text_present": False, "status_text": "办理中"}


def test_detail_without_any_answer_block_leaves_answer_unknown():
    html = """<html><body><h1>请问公租房申请条件</h1><div class="q">
      <p>留言时间：2024-06-01</p><p>留言内容：请问外地户籍可以申请公租房吗？</p>
      <p>状态：待回复</p></div></body></html>"""
    [record] = extract_consultations(html, "http://x.gov.cn/hd/1.html")
    assert (record["title"], record["asked_at"], record["answer_text_present"], record["status_text"]) == (
        "请问公租房申请条件", "2024-06-01", None, "待回复")


def test_page_with_several_inline_threads_gives_one_record_each():
    html = """<html><body><div class="zx">
      <div class="item"><p>留言标题：低保申请流程</p><p>留言时间：2024-03-02</p>
        <p>留言内容：低保怎么申请？</p><p>回复单位：县民政局</p><p>回复时间：2024-03-05</p>
        <p>回复内容：请到户籍所在地乡镇申请。</p></div>
      <div class="item"><p>留言标题：残疾证办理</p><p>留言时间：2024-03-10</p>
        <p>留言内容：残疾证在哪里办？</p><p>回复单位：县残联</p><p>回复时间：2024-03-20</p>
        <p>回复内容：请到县残联服务大厅办理。</p></div></div></body></html>"""
    records = extract_consultations(html, "http://x.gov.cn/hd/zx.html")
    assert [(r["title"], r["url"], r["asked_at"], r["answered_at"], r["answer_unit"]) for r in records] == [
        ("低保申请流程", "http://x.gov.cn/hd/zx.html", "2024-03-02", "2024-03-05", "县民政局"),
        ("残疾证办理", "http://x.gov.cn/hd/zx.html#1", "2024-03-10", "2024-03-20", "县残联")]


def test_statistics_sentence_beside_a_write_button_is_not_a_message():
    html = """<html><body><div class="tj">累计收到来信 1268 件，已回复 1265 件，
      <a href="/hdjl/xx.html">我要写信</a></div><p>欢迎来信</p></body></html>"""
    assert extract_consultations(html, "http://x.gov.cn/hdjl/") == []


def test_ordinary_news_list_has_no_messages():
    html = """<ul><li><a href="/a/t20240601_1.html">县政府召开常务会议研究防汛工作</a><span>2024-06-01</span></li>
      <li><a href="/a/t20240602_2.html">全县安全生产工作会议召开</a><span>2024-06-02</span></li></ul>"""
    assert extract_consultations(html, "http://x.gov.cn/a/") == []


def test_yes_no_reply_column_reads_as_a_status():
    html = """<table><tr><th>主题</th><th>咨询日期</th><th>是否回复</th></tr>
      <tr><td><a href="/hd/1.html">公积金提取需要什么材料</a></td><td>2024-06-03</td><td>是</td></tr>
      <tr><td><a href="/hd/2.html">新生儿医保参保咨询</a></td><td>2024-06-11</td><td>否</td></tr></table>"""
    records = extract_consultations(html, "http://x.gov.cn/hd/")
    assert [(r["title"], r["asked_at"], r["status_text"]) for r in records] == [
        ("公积金提取需要什么材料", "2024-06-03", "已回复"), ("新生儿医保参保咨询", "2024-06-11", "未回复")]
