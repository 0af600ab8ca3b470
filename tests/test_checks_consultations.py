"""consult.slow, consult.unanswered, consult.unanswered_3m, consult.no_channel, consult.fields."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from checks import consultations as cs
from crawler.outcomes import Outcome
from spiders.extract.consultations import extract_consultations
from tests.snapshots import HOME, column, home, page, run, snapshot

CONSULT = HOME + "hdjl/zxzx/"
MAILBOX = HOME + "hdjl/xzxx/"
AS_OF = date(2024, 6, 20)
FIXTURES = Path(__file__).parent / "fixtures" / "consult"


def msg(n: int, asked: str | None, answered: str | None = None, status: str | None = None,
        unit: str | None = None, answer: bool | None = None, title: str | None = None) -> dict:
    return {"title": title or f"关于办理道路运输从业资格证的咨询{n}", "url": f"{CONSULT}t{n}.html",
            "asked_at": asked, "answered_at": answered, "answer_unit": unit,
            "answer_text_present": answer, "status_text": status}


def _snap(listed=(), details=(), columns=None, home_page=True):
    pages = [page(CONSULT, "column", {"list": {"item_count": len(listed)}, "consult": list(listed)},
                  column_url=CONSULT, title="在线咨询")]
    pages += [page(d["url"], "article", {"consult_detail": [d]}, column_url=CONSULT, title=d["title"])
              for d in details]
    cols = columns if columns is not None else [column(CONSULT, "在线咨询", "consult")]
    return snapshot(pages, cols, home_page=home_page)


# consult.slow (across the 2024 National Day holiday: 10-01…10-07 off, 09-29 and 10-12 worked)

def test_answer_on_the_fifth_working_day_is_on_time():
    snap = _snap([msg(1, "2024-09-27", "2024-10-10", "已回复")])
    assert run(cs.SLOW, snap, as_of=date(2024, 10, 20)) == ([], [])


def test_answer_on_the_sixth_working_day_is_late():
    snap = _snap([msg(1, "2024-09-27", "2024-10-11", "已回复")])
    [f], [] = run(cs.SLOW, snap, as_of=date(2024, 10, 20))
    assert (f.rule, f.url, f.column, f.locator) == ("consult.slow", CONSULT + "t1.html", "在线咨询",
                                                    CONSULT + "t1.html")
    assert f.evidence["deadline"] == "2024-10-10" and f.evidence["workdays_used"] == 6
    assert f.message == ("留言“关于办理道路运输从业资格证的咨询1”于 2024-09-27 提交，2024-10-11 才答复，"
                         "用时 6 个工作日（要求 5 个工作日内）")


def test_detail_page_dates_override_the_list():
    snap = _snap([msg(1, "2024-09-27", "2024-10-11", "已回复")],
                 [msg(1, "2024-09-27", "2024-10-10", unit="江城市交通运输局", answer=True)])
    assert run(cs.SLOW, snap, as_of=date(2024, 10, 20)) == ([], [])


def test_answer_dated_before_the_question_is_not_judged():
    assert run(cs.SLOW, _snap([msg(1, "2024-06-05", "2024-06-01", "已回复")]), as_of=AS_OF) == ([], [])


def test_year_unknown_to_the_calendar_is_not_checked():
    [], [nc] = run(cs.SLOW, _snap([msg(1, "2099-03-02", "2099-03-20", "已回复")]),
                   as_of=date(2099, 4, 1))
    assert nc.url == CONSULT + "t1.html" and "2099" in nc.reason


def test_mailbox_list_from_a_real_platform_layout():
    records = extract_consultations((FIXTURES / "ldxx_list_table.html").read_text(encoding="utf-8"), MAILBOX)
    snap = _snap(records)
    [slow], [] = run(cs.SLOW, snap, as_of=AS_OF)
    assert slow.url == MAILBOX + "202405/t20240530_87844.html"  # 05-30 → 06-11, 06-10 端午
    assert slow.evidence["deadline"] == "2024-06-06" and slow.evidence["workdays_used"] == 7
    unanswered, [] = run(cs.UNANSWERED, snap, as_of=AS_OF)
    assert [f.url for f in unanswered] == [MAILBOX + "202406/t20240612_88121.html",
                                           MAILBOX + "202402/t20240227_86120.html"]
    [veto], [] = run(cs.UNANSWERED_3M, snap, as_of=AS_OF)
    assert veto.url == MAILBOX + "202402/t20240227_86120.html"


# consult.unanswered

def test_pending_after_five_working_days_is_unanswered():
    [f], [] = run(cs.UNANSWERED, _snap([msg(1, "2024-06-12", status="办理中")]), as_of=AS_OF)
    assert f.evidence["deadline"] == "2024-06-19" and f.evidence["workdays_waited"] == 6
    assert f.message == ("留言“关于办理道路运输从业资格证的咨询1”于 2024-06-12 提交，截至 2024-06-20 "
                         "已 6 个工作日仍未答复（要求 5 个工作日内）")


def test_pending_within_five_working_days_is_not_yet_late():
    assert run(cs.UNANSWERED, _snap([msg(1, "2024-06-12", status="办理中")]),
               as_of=date(2024, 6, 19)) == ([], [])


def test_detail_page_with_an_empty_answer_is_pending():
    snap = _snap(details=[msg(1, "2024-06-03", answer=False)])
    [f], [] = run(cs.UNANSWERED, snap, as_of=AS_OF)
    assert f.url == CONSULT + "t1.html"


def test_answered_status_or_rejected_or_unknown_state_is_not_unanswered():
    snap = _snap([msg(1, "2024-05-01", status="已回复"), msg(2, "2024-05-01", status="不予受理"),
                  msg(3, "2024-05-01"), msg(4, "2024-05-01", status="已办结")])
    assert run(cs.UNANSWERED, snap, as_of=AS_OF) == ([], [])


def test_not_finished_status_is_pending_not_answered():
    [f], [] = run(cs.UNANSWERED, _snap([msg(1, "2024-05-01", status="未办结")]), as_of=AS_OF)
    assert f.evidence["seen"]["status"] == "未办结"


# consult.unanswered_3m

def test_pending_more_than_three_months_is_a_veto():
    [f], [] = run(cs.UNANSWERED_3M, _snap([msg(1, "2024-02-27", status="未回复")]), as_of=AS_OF)
    assert (f.rule, f.severity) == ("consult.unanswered_3m", None)
    assert f.evidence["months_waited"] == 3
    assert f.message == ("留言“关于办理道路运输从业资格证的咨询1”于 2024-02-27 提交，截至 2024-06-20 "
                         "超过 3 个月仍未答复")


def test_pending_two_months_is_an_early_warning():
    [f], [] = run(cs.UNANSWERED_3M, _snap([msg(1, "2024-04-10", status="办理中")]), as_of=AS_OF)
    assert f.severity == "info" and f.message.startswith("预警：")
    assert f.evidence["warning"] is True and f.evidence["veto_at"] == 3
    assert f.locator == CONSULT + "t1.html#预警"


def test_exactly_three_months_is_still_a_warning():
    [f], [] = run(cs.UNANSWERED_3M, _snap([msg(1, "2024-03-20", status="办理中")]), as_of=AS_OF)
    assert f.severity == "info" and f.evidence["months_waited"] == 3


def test_messages_older_than_a_year_are_outside_the_veto_window():
    snap = _snap([msg(1, "2023-05-01", status="未回复"), msg(2, "2024-05-01", status="未回复")])
    assert run(cs.UNANSWERED_3M, snap, as_of=AS_OF) == ([], [])


# consult.no_channel

def test_site_without_any_consult_channel_is_a_veto():
    start = home()
    start.data["consult_links"] = []
    snap = snapshot([], [column(HOME + "zfxxgk/gzdt/", "工作动态", "dynamic")], home_page=start)
    [f], [] = run(cs.NO_CHANNEL, snap, as_of=AS_OF)
    assert (f.rule, f.url, f.locator) == ("consult.no_channel", HOME, HOME)
    assert f.evidence["columns"] == ["工作动态"]


def test_consult_link_on_the_home_page_is_a_channel():
    start = home()
    start.data["consult_links"] = [{"title": "局长信箱", "url": HOME + "hdjl/jzxx/"}]
    assert run(cs.NO_CHANNEL, snapshot([], [], home_page=start), as_of=AS_OF) == ([], [])


def test_consult_column_is_a_channel():
    assert run(cs.NO_CHANNEL, _snap(), as_of=AS_OF) == ([], [])


def test_home_without_extracted_links_is_not_checked():
    [], [nc] = run(cs.NO_CHANNEL, snapshot([], []), as_of=AS_OF)
    assert "consult_links" in nc.reason


def test_home_not_loaded_is_not_checked():
    start = home(outcome=Outcome.CONNECTION_REFUSED, status=None)
    [], [nc] = run(cs.NO_CHANNEL, snapshot([], [], home_page=start), as_of=AS_OF)
    assert nc.url == HOME and "连接被拒绝" in nc.reason


# consult.fields

def test_published_messages_lacking_answer_unit_and_date():
    details = [msg(1, "2024-06-03", "2024-06-05", unit=None, answer=True),
               msg(2, "2024-06-04", None, unit="江城市交通运输局", answer=True),
               msg(3, "2024-06-05", "2024-06-06", unit="江城市交通运输局", answer=True)]
    [f], [] = run(cs.FIELDS, _snap(details=details), as_of=AS_OF)
    assert (f.rule, f.url, f.column, f.locator) == ("consult.fields", CONSULT, "在线咨询", CONSULT)
    assert f.evidence["seen"]["counts"] == {"答复单位": 1, "答复时间": 1}
    assert f.evidence["seen"]["examples"] == [
        {"title": "关于办理道路运输从业资格证的咨询1", "url": CONSULT + "t1.html", "missing": ["答复单位"]},
        {"title": "关于办理道路运输从业资格证的咨询2", "url": CONSULT + "t2.html", "missing": ["答复时间"]}]
    assert f.message == "栏目“在线咨询”公开的留言缺少答复单位（1 条）、答复时间（1 条）"


def test_answered_message_with_empty_answer_lacks_content():
    details = [msg(1, "2024-06-03", "2024-06-05", "已回复", unit="江城市交通运输局", answer=False)]
    [f], [] = run(cs.FIELDS, _snap(details=details), as_of=AS_OF)
    assert f.evidence["seen"]["counts"] == {"答复内容": 1}


def test_complete_messages_and_pending_ones_pass():
    details = [msg(1, "2024-06-03", "2024-06-05", unit="江城市交通运输局", answer=True),
               msg(2, "2024-06-17", status="办理中", answer=False)]
    assert run(cs.FIELDS, _snap(details=details), as_of=AS_OF) == ([], [])


def test_messages_seen_only_in_the_list_are_not_judged():
    assert run(cs.FIELDS, _snap([msg(1, "2024-06-03", "2024-06-05", "已回复")]), as_of=AS_OF) == ([], [])


def test_answered_page_whose_answer_was_not_recognised_is_not_checked():
    [], [nc] = run(cs.FIELDS, _snap(details=[msg(1, "2024-06-03", status="已回复")]), as_of=AS_OF)
    assert nc.url == CONSULT + "t1.html" and "未识别出答复内容" in nc.reason
