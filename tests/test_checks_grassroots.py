"""column.grassroots_missing: the 26 基层政务公开 areas of a county-level government."""
from __future__ import annotations

from copy import deepcopy
from dataclasses import replace

from checks import grassroots as gr
from checks.profile import Profile
from crawler.outcomes import Outcome
from tests.snapshots import HOME, PROFILE, column, page, run, snapshot

ROOT = HOME + "zfxxgk/"
SECTION = ROOT + "jczwgk/"
AREAS = list(PROFILE.param("column.grassroots_missing", "areas"))
# Column names as county portals print them (synonyms for some areas).
NAMES = {"扶贫": "乡村振兴领域", "环境保护": "生态环境领域", "医疗卫生": "卫生健康领域",
         "城市综合执法": "城市管理领域", "保障性住房": "住房保障领域"}


def county(columns, *, name: str = "江城县人民政府", kind: str = "government", settings=None,
           root_outcome: str = Outcome.OK):
    root = page(ROOT, "disclosure", {}, outcome=root_outcome,
                status=200 if root_outcome == Outcome.OK else 503)
    pages = [root] + [page(c.url, "column", {}) for c in columns]
    snap = snapshot(pages, columns, kind=kind, settings=settings)
    return replace(snap, unit=name)


def areas_columns(areas=AREAS):
    section = column(SECTION, "基层政务公开标准化规范化", "other", has_children=True, parent_url=ROOT)
    return [section] + [column(f"{SECTION}{i:02d}/", NAMES.get(a, f"{a}领域"), "other",
                               parent_url=SECTION) for i, a in enumerate(areas)]


def test_county_with_every_area_passes():
    assert run(gr.GRASSROOTS_MISSING, county(areas_columns())) == ([], [])


def test_each_missing_area_is_a_finding():
    present = [a for a in AREAS if a not in ("农村危房改造", "户籍管理")]
    findings, [] = run(gr.GRASSROOTS_MISSING, county(areas_columns(present)))
    assert [(f.url, f.locator, f.message) for f in findings] == [
        (ROOT, ROOT + "#农村危房改造", "基层政务公开缺少“农村危房改造”领域栏目"),
        (ROOT, ROOT + "#户籍管理", "基层政务公开缺少“户籍管理”领域栏目")]
    assert findings[0].evidence["expected"] == "应设置“农村危房改造”领域栏目（栏目名称含：农村危房改造、危房改造）"
    assert findings[0].evidence["seen"]["columns_found"]["扶贫"] == "乡村振兴领域"
    assert gr.GRASSROOTS_MISSING.severity == "major"


def test_county_without_any_area_gets_one_finding():
    columns = [column(ROOT + "gzdt/", "工作动态", parent_url=ROOT),
               column(ROOT + "zcwj/", "政策文件", "policy", parent_url=ROOT)]
    [f], [] = run(gr.GRASSROOTS_MISSING, county(columns))
    assert (f.locator, f.message) == (ROOT + "#基层政务公开",
                                      "未设置基层政务公开标准化规范化栏目（26 个领域均未找到对应栏目）")
    assert len(f.evidence["missing"]) == 26


def test_areas_marked_not_applicable_in_the_unit_config_are_not_asked_for():
    present = [a for a in AREAS if a not in ("农村危房改造", "户籍管理")]
    snap = county(areas_columns(present), settings={"not_applicable": ["农村危房改造", "户籍", "行政处罚"]})
    assert run(gr.GRASSROOTS_MISSING, snap) == ([], [])


def test_departments_and_city_governments_are_not_held_to_the_areas():
    assert run(gr.GRASSROOTS_MISSING, county([], kind="department", name="江城县交通运输局")) == ([], [])
    assert run(gr.GRASSROOTS_MISSING, county([], name="江城市人民政府")) == ([], [])


def test_a_county_level_city_is_added_in_the_profile():
    data = deepcopy(PROFILE.data)
    data["rules"]["column.grassroots_missing"]["units"] = {"广水市人民政府": {"applies": True}}
    present = [a for a in AREAS if a != "就业"]
    [f], [] = run(gr.GRASSROOTS_MISSING, county(areas_columns(present), name="广水市人民政府"),
                  profile=Profile(data))
    assert f.message == "基层政务公开缺少“就业”领域栏目"


def test_section_found_without_sub_columns_is_not_checked():
    section = column(SECTION, "基层政务公开", "other", parent_url=ROOT)
    [], [nc] = run(gr.GRASSROOTS_MISSING, county([section]))
    assert nc.reason == "找到基层政务公开栏目，但未识别出其下的领域栏目，无法判断是否缺少基层政务公开领域栏目"


def test_unread_column_hides_what_is_under_it():
    columns = areas_columns([a for a in AREAS if a != "就业"])
    snap = county(columns)
    snap.pages[columns[3].url] = page(columns[3].url, "column", outcome=Outcome.TIMEOUT, status=None)
    [], [nc] = run(gr.GRASSROOTS_MISSING, snap)
    assert nc.reason.startswith("1 个栏目页未能读取")


def test_unread_disclosure_root_and_configured_columns_are_not_checked():
    [], [nc] = run(gr.GRASSROOTS_MISSING, county(areas_columns(), root_outcome=Outcome.SERVER_ERROR))
    assert nc.url == ROOT and nc.reason.startswith("政府信息公开专栏首页未能读取")
    snap = county(areas_columns(AREAS[:3]), settings={"columns_configured": True})
    [], [nc] = run(gr.GRASSROOTS_MISSING, snap)
    assert nc.reason.startswith("栏目由单位配置逐一指定")
