"""Dates as Chinese government pages print them, in URLs, and after labels."""

from datetime import date

import pytest

from spiders.extract.dates import (
    date_from_url,
    find_date,
    find_dates,
    find_labeled_date,
    labeled_date,
    parse_date,
)

D = date(2023, 4, 17)


@pytest.mark.parametrize("text", ["2023-04-17", "2023/4/17", "2023.04.17", "2023-4-17", "[2023-04-17]"])
def test_parse_date_reads_separated_forms(text):
    assert parse_date(text) == D


@pytest.mark.parametrize("text", ["2023年4月17日", "2023年04月17日", "2023 年 4 月 17 日", "2023年4月17号"])
def test_parse_date_reads_chinese_form(text):
    assert parse_date(text) == D


def test_parse_date_ignores_time_with_ratio_colon():
    assert parse_date("2023-08-19 10∶08") == date(2023, 8, 19)


def test_parse_date_reads_full_width_digits():
    assert parse_date("发布日期：２０２３－０４－１７") == D


def test_parse_date_reads_chinese_numerals():
    assert parse_date("二〇二三年四月十七日") == D


def test_parse_date_reads_chinese_numerals_with_tens():
    assert parse_date("二〇二四年十二月三十一日印发") == date(2024, 12, 31)


def test_parse_date_month_day_needs_default_year():
    assert parse_date("[04-17]") is None


@pytest.mark.parametrize("text", ["[04-17]", "04-17", "4月17日"])
def test_parse_date_month_day_uses_default_year(text):
    assert parse_date(text, default_year=2023) == D


def test_parse_date_prefers_full_date_over_default_year():
    assert parse_date("2022-12-30", default_year=2023) == date(2022, 12, 30)


def test_parse_date_skips_impossible_date():
    assert parse_date("2023-02-30") is None


def test_parse_date_returns_first_plausible_date():
    assert parse_date("2023-02-30 至 2023-03-01") == date(2023, 3, 1)


@pytest.mark.parametrize("text", ["1989-06-01", "2101-01-01"])
def test_parse_date_rejects_years_outside_range(text):
    assert parse_date(text) is None


def test_parse_date_returns_first_of_several():
    assert parse_date("成文 2023-04-12，发布 2023-04-17") == date(2023, 4, 12)


@pytest.mark.parametrize("text", ["", "浏览次数：2023", "版本 1.2.3", "第1-2页", "无"])
def test_parse_date_returns_none_without_date(text):
    assert parse_date(text) is None


def test_parse_date_falls_back_to_dateparser_for_month_names():
    assert parse_date("April 17, 2023") == D


def test_find_dates_returns_all_full_dates_in_order():
    text = "成文日期：2024-10-15 发布：2024年10月21日 无效 2024-02-30 期限 [04-17]"
    assert find_dates(text) == [date(2024, 10, 15), date(2024, 10, 21)]


def test_find_date_returns_span_with_time():
    text = "来源：广西日报 2024-10-17 08:03 【字体】"
    found = find_date(text)
    assert found is not None
    assert found[0] == date(2024, 10, 17)
    assert text[found[1] : found[2]] == "2024-10-17 08:03"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://sw.wuhan.gov.cn/xwdt/gzdt/202306/t20230611_2214470.shtml", date(2023, 6, 11)),
        ("https://www.pingtan.gov.cn/zwgk/zfxxgk/gwhwj/hzgfxwj/202410/t20241021_94506.htm", date(2024, 10, 21)),
        ("http://jyt.zj.gov.cn/art/2024/10/21/art_1543973_58942886.html", date(2024, 10, 21)),
        ("http://www.jinan.gov.cn/art/2024/6/19/art_1861_4982441.html", date(2024, 6, 19)),
        ("https://www.henan.gov.cn/2022/08-11/2559082.html", date(2022, 8, 11)),
        ("http://wsjkw.sh.gov.cn/jcws2/20240511/b5c2db3d781e4c7fbcfb6bed2fe2d982.html", date(2024, 5, 11)),
        ("http://www.sc.gov.cn/10462/10464/10465/10595/2020/9/15/e651244f5f89400a95c651e2f53de7fe.shtml", date(2020, 9, 15)),
    ],
)
def test_date_from_url_reads_cms_url_shapes(url, expected):
    assert date_from_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://www.gz.gov.cn/ysgz/xwdt/ysdt/content/post_9360641.html",
        "http://www.xa.gov.cn/xw/zwzx/qxrd/1833316118612205569.html",
        "http://www.fcgs.gov.cn/zxzx/zdxm/t18993630.shtml",
        "http://example.gov.cn/202304/index.html",
        "http://example.gov.cn/202302/t20230230_1.html",
    ],
)
def test_date_from_url_returns_none_without_a_day(url):
    assert date_from_url(url) is None


@pytest.mark.parametrize(
    "text",
    [
        "发布时间：2023-04-17",
        "发布时间:2023-04-17",
        "发布时间 : 2023-04-17",
        "发布时间：\xa0\xa02023-04-17",
        "发布时间∶2023-04-17",
        "发布时间：\n  2023-04-17",
        "日期：2023年4月17日",
    ],
)
def test_labeled_date_tolerates_colons_and_spacing(text):
    assert labeled_date(text) == D


def test_labeled_date_skips_dates_without_label():
    assert labeled_date("2023-01-01 来源：本网 发布日期：2023-04-17") == D


def test_labeled_date_short_label_is_not_a_word_tail():
    assert labeled_date("公示时间：2023-04-20 成文日期：2023-04-12 日期：2023-04-17") == D


def test_labeled_date_uses_given_labels():
    assert labeled_date("发布日期：2023-04-18 成文日期：2023-04-17", labels=("成文日期",)) == D


def test_labeled_date_returns_none_when_label_has_no_date():
    assert labeled_date("发布时间：　来源：本网") is None


def test_find_labeled_date_span_covers_date_and_time():
    text = "时间：2023-08-19 10∶08 来源：解放日报"
    found = find_labeled_date(text)
    assert found is not None
    assert found[0] == date(2023, 8, 19)
    assert text[found[1] : found[2]] == "2023-08-19 10∶08"
