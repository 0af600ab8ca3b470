"""Column trees: nesting from menus and JS/JSON trees, tree data files, frames."""
from __future__ import annotations

from pathlib import Path

from spiders.extract.navigation import (
    ColumnLink,
    find_column_tree,
    frame_urls,
    js_tree_nodes,
    script_column_tree,
    tree_data_urls,
)

HOST = "http://www.lj.gov.cn"
ROOT = HOST + "/xxgk/index.html"
PORTALS = Path(__file__).parent / "fixtures" / "portals"


def body(html: str) -> str:
    return f"<html><body>{html}</body></html>"


def test_nested_list_menu_gives_parents():
    html = body("""<div class="xxgk-left"><ul class="tree">
<li><a href="./xxgkzn/">政府信息公开指南</a></li>
<li class="has-sub"><a href="./fdzdgknr/">法定主动公开内容</a>
 <ul><li><a href="./fdzdgknr/jgzn/">机构职能</a></li>
  <li><a href="./fdzdgknr/zcwj/">政策文件</a><ul><li><a href="./fdzdgknr/zcwj/gfxwj/">规范性文件</a></li></ul></li>
 </ul></li></ul></div>""")
    assert find_column_tree(html, ROOT) == [
        ColumnLink("政府信息公开指南", HOST + "/xxgk/xxgkzn/"),
        ColumnLink("法定主动公开内容", HOST + "/xxgk/fdzdgknr/"),
        ColumnLink("机构职能", HOST + "/xxgk/fdzdgknr/jgzn/", HOST + "/xxgk/fdzdgknr/"),
        ColumnLink("政策文件", HOST + "/xxgk/fdzdgknr/zcwj/", HOST + "/xxgk/fdzdgknr/"),
        ColumnLink("规范性文件", HOST + "/xxgk/fdzdgknr/zcwj/gfxwj/", HOST + "/xxgk/fdzdgknr/zcwj/"),
    ]


def test_dl_menu_gives_parents_to_flat_query_string_columns():
    html = body("""<table><tr><td class="left">
<dl><dt><a href="list.asp?lmid=20">政策文件</a></dt><dd><a href="list.asp?lmid=21">规范性文件</a></dd>
<dd><a href="list.asp?lmid=22">其他文件</a></dd></dl>
<dl><dt><a href="list.asp?lmid=30">教育动态</a></dt></dl></td></tr></table>""")
    tree = find_column_tree(html, HOST + "/xxgk/index.htm")
    assert [(c.name, c.parent) for c in tree] == [
        ("政策文件", None), ("规范性文件", HOST + "/xxgk/list.asp?lmid=20"),
        ("其他文件", HOST + "/xxgk/list.asp?lmid=20"), ("教育动态", None)]


def test_a_group_heading_without_a_link_gives_no_parent():
    html = body('<ul class="xxgk-nav"><li><span>法定主动公开内容</span><ul>'
                '<li><a href="/col/col1001/index.html">机构职能</a></li></ul></li></ul>')
    assert find_column_tree(html, HOST + "/col/col1000/index.html") == [
        ColumnLink("机构职能", HOST + "/col/col1001/index.html")]


def test_ztree_id_and_pid_give_parents():
    nodes = js_tree_nodes('var zNodes=[{id:1,pId:0,name:"法定主动公开内容",url:"/col/col2/index.html"},'
                          '{id:3,pId:1,name:"机构职能",url:"/col/col3/index.html"},'
                          '{id:4,pId:9,name:"财政预决算",url:"/col/col4/index.html"}];')
    assert nodes == [("法定主动公开内容", "/col/col2/index.html", None),
                     ("机构职能", "/col/col3/index.html", "/col/col2/index.html"),
                     ("财政预决算", "/col/col4/index.html", None)]


def test_json_children_give_parents():
    tree = script_column_tree('{"data":[{"chnlName":"机构职能","chnlUrl":"/xxgk/jgzn/",'
                              '"children":[{"chnlName":"领导信息","chnlUrl":"/xxgk/jgzn/ldxx/"}]}]}', ROOT)
    assert tree == [ColumnLink("机构职能", HOST + "/xxgk/jgzn/"),
                    ColumnLink("领导信息", HOST + "/xxgk/jgzn/ldxx/", HOST + "/xxgk/jgzn/")]


def test_jcms_tree_data_file_of_the_test_portal():
    script = (PORTALS / "jcms_hanweb" / "module" / "xxgk" / "xxgk_tree.js").read_text("utf-8")
    tree = script_column_tree(script, "http://127.0.0.1:8000/col/col3000/index.html")
    parents = {c.name: c.parent and c.parent.rsplit("/", 2)[-2] for c in tree}
    assert parents["行政规范性文件"] == "col3005" and parents["政策文件"] == "col3003"
    assert parents["财政预决算"] is None  # its tree node 重点领域信息公开 has no page
    assert len(tree) == 13


def test_tree_data_urls_for_an_empty_tree_box_skip_libraries():
    html = body("""<ul id="treeDemo" class="ztree"></ul>
<script src="/script/0/jquery.min.js"></script><script src="/script/ztree/jquery.ztree.core.min.js"></script>
<script src="/module/xxgk/xxgk_tree.js"></script><script src="/script/common.js"></script>
<script src="http://other.gov.cn/tree.js"></script>
<script>$.getJSON("/zwgk/column.json", function (res) { render(res.data); });</script>""")
    assert tree_data_urls(html, HOST + "/col/col3000/index.html") == [
        HOST + "/module/xxgk/xxgk_tree.js", HOST + "/script/common.js", HOST + "/zwgk/column.json"]


def test_tree_data_urls_without_a_tree_box_take_only_data_named_scripts():
    html = body('<ul class="menu"><li><a href="/a/">甲栏目</a></li></ul>'
                '<script src="/js/common.js"></script><script src="/js/menu_data.js"></script>')
    assert tree_data_urls(html, HOST + "/") == [HOST + "/js/menu_data.js"]


def test_frame_urls_are_same_site_frames():
    html = body('<iframe src="/module/xxgk/subjectinfo.jsp?columnid=3011&amp;currpage=1"></iframe>'
                '<iframe src="https://map.example.com/embed"></iframe><frame src="nav.html">')
    assert frame_urls(html, HOST + "/col/col3011/index.html") == [
        HOST + "/module/xxgk/subjectinfo.jsp?columnid=3011&currpage=1", HOST + "/col/col3011/nav.html"]


def test_menu_written_by_an_inline_script_gives_columns_and_parents():
    html = body("""<div class="xxgk-left"><script type="text/javascript">
document.write('<ul class="menu"><li><a href="/xxgk/zcwj/">政策文件</a><ul>');
document.write('<li><a href="/xxgk/zcwj/gfxwj/">规范性文件</a></li></ul></li>');
document.write('<li><a href="/xxgk/tzgg/">通知公告</a></li></ul>');
</script></div>""")
    assert find_column_tree(html, ROOT) == [
        ColumnLink("政策文件", HOST + "/xxgk/zcwj/"),
        ColumnLink("规范性文件", HOST + "/xxgk/zcwj/gfxwj/", HOST + "/xxgk/zcwj/"),
        ColumnLink("通知公告", HOST + "/xxgk/tzgg/")]


def test_tabs_that_navigate_by_script_or_data_attribute_are_columns():
    html = body("""<ul class="gk-tab">
<li onclick="location.href='/xxgk/zcwj/'">政策文件</li>
<li data-url="/xxgk/zcjd/">政策解读</li>
<li><a href="javascript:void(0)" onclick="window.open('/xxgk/tzgg/')">通知公告</a></li>
<li onclick="showTab(3)">其他</li></ul>""")
    assert [(c.name, c.url) for c in find_column_tree(html, ROOT)] == [
        ("政策文件", HOST + "/xxgk/zcwj/"), ("政策解读", HOST + "/xxgk/zcjd/"), ("通知公告", HOST + "/xxgk/tzgg/")]
