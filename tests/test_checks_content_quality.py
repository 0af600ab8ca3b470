"""content.serious_error (near misses of protected terms) and content.typo, and the term index."""
from __future__ import annotations

from copy import deepcopy

import pytest

from checks import content_quality as cq
from checks.profile import Profile
from checks.term_index import PhraseIndex, TermIndex, sentence_around
from crawler.outcomes import Outcome
from tests.snapshots import FETCHED, HOME, PROFILE, article, column, run, snapshot

ART = HOME + "xxgk/gzdt/202406/t20240603_3711111.html"
COL = HOME + "xxgk/gzdt/"
PARAMS = PROFILE.rule("content.serious_error")
INDEX = TermIndex(PARAMS["terms"], PARAMS["valid_terms"], min_length=PARAMS["min_length"],
                  min_indel_length=PARAMS["min_indel_length"])

CORRECT = (
    "为深入贯彻落实《中华人民共和国政府信息公开条例》，根据中华人民共和国国务院有关要求，"
    "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。"
    "全国人民代表大会常务委员会、中国人民政治协商会议全国委员会有关负责同志来京调研。"
    "我国人民代表大会制度是中国特色社会主义制度的重要组成部分，全市人民代表大会代表参加视察。"
    "中国共产主义青年团北京市委员会、中国人民解放军驻京部队、中国人民武装警察部队北京市总队"
    "共同开展活动，回顾中国人民解放战争历史。最高人民法院、最高人民检察院发布典型案例，"
    "全省人大常委会、全市人民群众踊跃参与。中国共产党员要践行社会主义核心价值观。"
)


def body(text: str, **kw):
    page = article(ART, column_url=COL, **kw)
    page.data["article"]["body_text"] = text
    return page


def found(text: str) -> list[tuple[str, str, str]]:
    return [(m.found, m.term, m.kind) for m in INDEX.scan(text)]


# --- the term index ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("中华人民共合国成立七十五周年", [("中华人民共合国", "中华人民共和国", "substitution")]),
    ("根据中华人名共和国宪法", [("中华人名共和国宪法", "中华人民共和国宪法", "substitution")]),
    ("全国人民代大表会代表", [("全国人民代大表会", "全国人民代表大会", "transposition")]),
    ("依照中华人民和国有关法律", [("中华人民和国", "中华人民共和国", "deletion")]),
    ("中华人民共和国务院办公厅", [("中华人民共和国务院", "中华人民共和国国务院", "deletion")]),
    ("中国人民政治协商会议全国委员员会", [("中国人民政治协商会议全国委员员会",
                                          "中国人民政治协商会议全国委员会", "insertion")]),
    ("最高人民检查院", [("最高人民检查院", "最高人民检察院", "substitution")]),
])
def test_one_wrong_missing_extra_or_swapped_character_is_a_near_miss(text, expected):
    assert found(text) == expected


def test_correct_official_wording_is_never_flagged():
    assert found(CORRECT) == []


@pytest.mark.parametrize("text", [
    "我国人民代表大会制度",  # first character differs: a different phrase
    "全市人民代表大会",  # 全市人民 + 代表大会
    "中国人民解放战争时期",  # last character differs
    "中国共产主义青年团",
    "全市政协委员",  # 全国政协 is too short to be matched fuzzily
])
def test_real_phrases_one_character_away_are_not_near_misses(text):
    assert found(text) == []


def test_spaces_and_compatibility_ideographs_are_folded_and_the_span_is_the_original():
    text = "第一条 中 华 人 民 共 合 国 公民"
    [m] = INDEX.scan(text)
    assert (text[m.start:m.end], m.term) == ("中 华 人 民 共 合 国", "中华人民共和国")
    assert found("\u2f08民法院") == []  # ⼈ (Kangxi radical) folds to 人: 人民法院 is not a term


def test_phrase_index_finds_overlapping_occurrences():
    assert PhraseIndex(["既使", "使用"]).find("既使用") == [(0, 2, "既使"), (1, 3, "使用")]
    assert PhraseIndex([]).find("任何文本") == []


def test_sentence_around_stops_at_sentence_ends():
    text = "第一句。这里写成了中华人民共合国，需要改正。后面"
    assert sentence_around(text, 9, 16) == ("这里写成了中华人民共合国，需要改正。", 5)


# --- content.serious_error ---------------------------------------------------------------

def test_article_with_a_misspelt_country_name_is_a_veto_with_the_sentence_and_the_right_form():
    text = "会议指出，要认真学习贯彻《中华人民共合国安全生产法》。请各单位抓好落实。"
    snap = snapshot([body(text)], [column(COL, "工作动态")])
    [f], [] = run(cq.SERIOUS_ERROR, snap)
    assert (f.rule, f.url, f.locator, f.column) == ("content.serious_error", ART, ART, "工作动态")
    assert f.message == ("文章“关于做好2024年中小学招生入学工作的通知”正文中“中华人民共合国”"
                         "疑为错误写法，应为“中华人民共和国”")
    assert f.evidence["seen"] == [{
        "where": "正文", "found": "中华人民共合国", "expected": "中华人民共和国", "edit": "substitution",
        "sentence": "会议指出，要认真学习贯彻《中华人民共合国安全生产法》。",
        "corrected": "会议指出，要认真学习贯彻《中华人民共和国安全生产法》。"}]
    assert f.evidence["fetched_at"] == FETCHED.isoformat()
    assert cq.SERIOUS_ERROR.severity == "veto"


def test_errors_in_title_and_body_are_one_finding_per_article():
    page = body("全国人民代大表会常委会审议通过。")
    page.data["article"]["title"] = "最高人民检查院发布典型案例"
    [f], [] = run(cq.SERIOUS_ERROR, snapshot([page]))
    assert [(o["where"], o["found"]) for o in f.evidence["seen"]] == [
        ("标题", "最高人民检查院"), ("正文", "全国人民代大表会")]
    assert f.message.endswith("“最高人民检查院”疑为错误写法，应为“最高人民检察院”等 2 处")


def test_article_with_correct_wording_passes():
    assert run(cq.SERIOUS_ERROR, snapshot([body(CORRECT)])) == ([], [])


def test_a_city_adds_a_leaders_name_with_the_title():
    data = deepcopy(PROFILE.data)
    data["rules"]["content.serious_error"]["terms"].append("市长张建国同志")
    text = "市长张建国司志出席会议并讲话。"
    [f], [] = run(cq.SERIOUS_ERROR, snapshot([body(text)]), profile=Profile(data))
    assert f.evidence["seen"][0]["corrected"] == "市长张建国同志出席会议并讲话。"


def test_article_that_failed_to_load_is_not_checked():
    page = article(ART, outcome=Outcome.SERVER_ERROR, status=503)
    [], [nc] = run(cq.SERIOUS_ERROR, snapshot([page]))
    assert (nc.rule, nc.url) == ("content.serious_error", ART)


# --- content.typo ------------------------------------------------------------------------

def test_typo_is_reported_with_its_sentence_and_correction():
    text = "各单位要认真布署今年的工作。既使遇到困难，也要按时完成。"
    [f], [] = run(cq.TYPO, snapshot([body(text)]))
    assert [(o["found"], o["expected"], o["sentence"], o["corrected"]) for o in f.evidence["seen"]] == [
        ("布署", "部署", "各单位要认真布署今年的工作。", "各单位要认真部署今年的工作。"),
        ("既使", "即使", "既使遇到困难，也要按时完成。", "即使遇到困难，也要按时完成。")]
    assert f.message == "文章“关于做好2024年中小学招生入学工作的通知”正文中“布署”为错别字，应为“部署”等 2 处"
    assert cq.TYPO.severity == "minor"


@pytest.mark.parametrize("text", [
    "既使用了新设备，又提高了效率。",  # 既 + 使用
    "坚持以经济建设为中心。",  # 以 + 经济
    "按装修标准验收。",  # 按 + 装修
    "公布署名文章。",  # 公布 + 署名
])
def test_wrong_form_that_is_two_real_words_is_not_a_typo(text):
    assert run(cq.TYPO, snapshot([body(text)])) == ([], [])


def test_typo_that_stands_alone_is_found():
    [f], [] = run(cq.TYPO, snapshot([body("目前我们以经完成了全部任务。")]))
    assert f.evidence["seen"][0]["corrected"] == "目前我们已经完成了全部任务。"


def test_article_without_article_data_is_not_checked():
    page = article(ART)
    del page.data["article"]
    [], [nc] = run(cq.TYPO, snapshot([page]))
    assert nc.url == ART and "缺少 article" in nc.reason
