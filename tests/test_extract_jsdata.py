"""Reading JavaScript literals without running them (zTree data, list API settings)."""
from __future__ import annotations

from spiders.extract.jsdata import JsExpr, eval_concat, js_literals, js_variables, parse_value


def test_ztree_nodes_with_unquoted_keys_single_quotes_comments_and_trailing_commas():
    script = """/* 信息公开目录 */
var zNodes = [
  {id: 3001, pId: 0, name: "政府信息公开指南", url: "/col/col3001/index.html"}, // 指南
  {id: 3004, pId: 3003, name: '机构职能', url: '/col/col3004/index.html', open: true,},
];"""
    assert list(js_literals(script)) == [[
        {"id": 3001, "pId": 0, "name": "政府信息公开指南", "url": "/col/col3001/index.html"},
        {"id": 3004, "pId": 3003, "name": "机构职能", "url": "/col/col3004/index.html", "open": True},
    ]]


def test_unicode_escapes_are_decoded():
    assert parse_value(r'{"name": "\u673a\u6784\u804c\u80fd"}')[0] == {"name": "机构职能"}


def test_non_literal_values_are_kept_as_expressions():
    value, _ = parse_value('{url: "/api/list", data: {channel: channelId, page: p}, '
                           'success: function (res) { $("#l").html(res.data); }}')
    assert value["data"] == {"channel": JsExpr("channelId"), "page": JsExpr("p")}
    assert value["success"].text.startswith("function (res)")


def test_variables_and_string_concatenation():
    env = js_variables('var channelId = "zcwj"; let size = 10; const debug = false;')
    assert env == {"channelId": "zcwj", "size": 10, "debug": False}
    assert eval_concat("'/api/list?channel=' + channelId + '&size=' + size", env) == \
        "/api/list?channel=zcwj&size=10"
    assert eval_concat("'/api/list?channel=' + unknown", env) is None


def test_a_json_document_is_one_literal():
    assert list(js_literals('{"data": [{"chnlName": "环境质量"}]}')) == [{"data": [{"chnlName": "环境质量"}]}]


def test_broken_script_gives_no_literal():
    assert list(js_literals("var a = {name: 'x', url: ")) == []
