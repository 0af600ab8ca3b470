"""List APIs that page scripts call: finding the calls, reading the JSON, the other pages."""
from __future__ import annotations

import datetime as dt
import json

from spiders.extract.api import ApiCall, api_page_calls, find_api_calls, page_size_of, parse_api_list

PAGE = "http://sthjj.lj.gov.cn/zwgk/fdzdgknr/zcwj/gfxwj/index.shtml"


def html(script: str) -> str:
    return f'<html><head><script src="/static/js/jquery.js"></script></head><body><ul id="list"></ul><script>{script}</script></body></html>'


def test_jquery_ajax_post_with_variables_and_a_page_function():
    calls = find_api_calls(html("""
var channelId = "gfxwj"; var pageSize = 10;
function loadList(pageNo) {
  $.ajax({url: "/api/list", type: "POST", dataType: "json",
          data: {channel: channelId, page: pageNo, size: pageSize},
          success: function (res) { render(res.data.list); }});
}
loadList(1);"""), PAGE)
    assert calls == [ApiCall("http://sthjj.lj.gov.cn/api/list", "POST",
                             (("channel", "gfxwj"), ("page", "1"), ("size", "10")), False, "page", None)]
    assert calls[0].identity == "http://sthjj.lj.gov.cn/api/list?channel=gfxwj&page=1&size=10"


def test_fetch_get_with_a_concatenated_url_and_an_item_url_template():
    calls = find_api_calls(html("""
var channelId = 'hjzl';
fetch('/api/list?channel=' + channelId + '&page=1&size=10').then(function (r) { return r.json(); })
  .then(function (res) { res.result.records.forEach(function (item) {
    html += '<li><a href="' + '/zwgk/hjzl/detail.shtml?id=' + item.id + '">' + item.title + '</a></li>'; }); });"""), PAGE)
    assert [(c.url, c.method, c.page_key, c.url_template) for c in calls] == [
        ("http://sthjj.lj.gov.cn/api/list?channel=hjzl&page=1&size=10", "GET", "page",
         ("/zwgk/hjzl/detail.shtml?id=", "id", ""))]


def test_post_shorthand_axios_json_and_counters_ignored():
    calls = find_api_calls(html("""
$.post('/search/list.do', {chnlid: 1813, pageIndex: 1});
axios.post('/api/article/page', {columnId: 'tzgg', current: 1});
$.get('/api/visit/count', {id: 5});
$.getJSON('/static/data/weather.json');"""), PAGE)
    assert [(c.url.rsplit("/", 2)[-2:], c.method, c.json_body) for c in calls] == [
        (["search", "list.do"], "POST", False), (["article", "page"], "POST", True)]


def test_offsite_calls_are_not_list_apis():
    assert find_api_calls(html("$.ajax({url: 'https://tongji.example.com/api/list', data: {page: 1}})"), PAGE) == []


def test_answer_with_total_and_page_size():
    answer = json.dumps({"code": 200, "data": {"total": 23, "pageSize": 10, "list": [
        {"id": 5001, "title": "关于<em>印发</em>管理办法的通知", "url": "/zwgk/content/post_5001.html",
         "publishDate": "2025-06-12 15:20:00"},
        {"id": 5002, "title": "关于开展专项检查的通知", "url": "/zwgk/content/post_5002.html",
         "publishDate": "2025-05-29 15:20:00"}]}}, ensure_ascii=False)
    got = parse_api_list(answer, "http://sthjj.lj.gov.cn/api/list")
    assert got.total_pages == 3 and got.is_list
    assert [(i.title, i.url, i.date) for i in got.items] == [
        ("关于印发管理办法的通知", "http://sthjj.lj.gov.cn/zwgk/content/post_5001.html", dt.date(2025, 6, 12)),
        ("关于开展专项检查的通知", "http://sthjj.lj.gov.cn/zwgk/content/post_5002.html", dt.date(2025, 5, 29))]


def test_records_without_urls_use_the_script_template_and_epoch_milliseconds():
    answer = '{"result": {"totalPage": 2, "records": [{"id": 7, "title": "6月环境空气质量状况", "pubDate": 1749108000000}]}}'
    got = parse_api_list(answer, "http://sthjj.lj.gov.cn/api/list", ("/zwgk/hjzl/detail.shtml?id=", "id", ""))
    assert got.total_pages == 2
    assert [(i.url, i.date, i.date_text) for i in got.items] == [
        ("http://sthjj.lj.gov.cn/zwgk/hjzl/detail.shtml?id=7", dt.date(2025, 6, 5), "1749108000000")]


def test_jsonp_answer_is_read():
    got = parse_api_list('jQuery1124_1({"rows": [{"docTitle": "通知", "docPubUrl": "/a/1.html", "docRelTime": "2025/4/17"}]});',
                         "http://lj.gov.cn/x")
    assert [(i.title, i.url, i.date) for i in got.items] == [("通知", "http://lj.gov.cn/a/1.html", dt.date(2025, 4, 17))]


def test_an_answer_that_is_no_list_gives_no_items():
    assert parse_api_list('{"code": 0, "msg": "ok"}', "http://lj.gov.cn/x").items == []
    assert parse_api_list("<html>error</html>", "http://lj.gov.cn/x").items == []


def test_other_pages_of_a_form_call_and_of_a_query_call():
    form = ApiCall("http://lj.gov.cn/api/list", "POST", (("channel", "zcwj"), ("page", "1"), ("size", "10")),
                   page_key="page")
    assert [c.params for c in api_page_calls(form, 3, 30)] == [
        (("channel", "zcwj"), ("page", "2"), ("size", "10")), (("channel", "zcwj"), ("page", "3"), ("size", "10"))]
    query = ApiCall("http://lj.gov.cn/api/list?channel=hjzl&pageNo=1", page_key="pageNo")
    assert [c.url for c in api_page_calls(query, 2, 30)] == ["http://lj.gov.cn/api/list?channel=hjzl&pageNo=2"]
    assert api_page_calls(query, 500, 5)[-1].url.endswith("pageNo=6")
    assert page_size_of(form) == 10


def test_call_round_trips_through_json():
    call = ApiCall("http://lj.gov.cn/api/list", "POST", (("a", "1"),), True, "page", ("/d?id=", "id", ""))
    assert ApiCall.from_json(json.loads(json.dumps(call.to_json()))) == call


def test_script_filled_lists_are_told_from_static_pages():
    from spiders.extract.api import script_fills_list

    assert script_fills_list('<ul class="news-list" id="newsList"></ul><script>var x = new XMLHttpRequest();</script>')
    assert script_fills_list('<div class="list"><div v-for="item in list">{{ item.title }}</div></div>')
    assert not script_fills_list('<ul class="news-list"><li><a href="/a.html">通知</a></li></ul>'
                                 '<script>$.ajax({url: "/count"})</script>')
    assert not script_fills_list('<p>请在左侧选择栏目</p><script>$.getJSON("/menu.json")</script>')
