"""link.dead."""
from __future__ import annotations

from checks import links
from checks.profile import Profile
from crawler.outcomes import Outcome
from tests.snapshots import HOME, PROFILE, column, column_page, link, run, snapshot

PDF = HOME + "zfxxgk/czyjs/202406/P020240603546261124061.pdf"
T = ["2024-06-20T02:15:07", "2024-06-20T02:40:11", "2024-06-20T03:05:30"]


def _attempts(outcome: str, status: int | None, n: int = 3):
    return [(T[i], outcome, status) for i in range(n)]


def test_404_on_three_attempts_is_dead():
    [f], [] = run(links.DEAD, snapshot(links=[link(PDF, _attempts(Outcome.NOT_FOUND, 404))]))
    assert (f.rule, f.url, f.locator) == ("link.dead", PDF, PDF)
    assert f.message == "链接“2023年部门决算”无法访问（3 次访问均失败：页面不存在(404)）"
    assert f.evidence["sources"] == [{"url": HOME, "text": "2023年部门决算"}]
    assert [a["status"] for a in f.evidence["seen"]["attempts"]] == [404, 404, 404]
    assert f.evidence["page_url"] == PDF
    assert f.evidence["fetched_at"] == T[2]


def test_404_on_two_attempts_only_is_not_checked():
    [], [nc] = run(links.DEAD, snapshot(links=[link(PDF, _attempts(Outcome.NOT_FOUND, 404, 2))]))
    assert (nc.rule, nc.url) == ("link.dead", PDF) and "不足 3 次" in nc.reason


def test_403_on_three_attempts_is_not_checked():
    [], [nc] = run(links.DEAD, snapshot(links=[link(PDF, _attempts(Outcome.BLOCKED, 403))]))
    assert nc.url == PDF and "403" in nc.reason


def test_timeouts_are_not_checked():
    [], [nc] = run(links.DEAD, snapshot(links=[link(PDF, _attempts(Outcome.TIMEOUT, None))]))
    assert nc.url == PDF


def test_mixed_broken_outcomes_are_dead():
    attempts = [(T[0], Outcome.SERVER_ERROR, 502), (T[1], Outcome.CONNECTION_REFUSED, None),
                (T[2], Outcome.SERVER_ERROR, 503)]
    [f], [] = run(links.DEAD, snapshot(links=[link(PDF, attempts)]))
    assert "服务器错误(5xx)、连接被拒绝" in f.message


def test_a_503_that_recovered_is_not_dead():
    attempts = [(T[0], Outcome.SERVER_ERROR, 503), (T[1], Outcome.SERVER_ERROR, 503),
                (T[2], Outcome.OK, 200)]
    assert run(links.DEAD, snapshot(links=[link(PDF, attempts)])) == ([], [])


def test_one_timeout_among_404s_is_not_checked():
    attempts = [(T[0], Outcome.NOT_FOUND, 404), (T[1], Outcome.TIMEOUT, None),
                (T[2], Outcome.NOT_FOUND, 404), ("2024-06-20T03:30:00", Outcome.NOT_FOUND, 404)]
    [], [nc] = run(links.DEAD, snapshot(links=[link(PDF, attempts)]))
    assert "超时" in nc.reason


def test_working_link_is_silent():
    assert run(links.DEAD, snapshot(links=[link(PDF, [(T[0], Outcome.OK, 200)])])) == ([], [])


def test_dead_link_names_the_column_of_its_source_page():
    col = HOME + "zfxxgk/czyjs/"
    snap = snapshot([column_page(col, "财政预决算")], [column(col, "财政预决算", "budget")],
                    [link(PDF, _attempts(Outcome.GONE, 410), sources=[{"url": col, "text": None}])])
    [f], [] = run(links.DEAD, snap)
    assert f.column == "财政预决算"
    assert f.message.startswith(f"链接 {PDF} 无法访问")


def test_attempts_closer_than_the_profile_spread_are_not_checked():
    data = dict(PROFILE.data)
    data["rules"] = {**PROFILE.data["rules"],
                     "link.dead": {"min_attempts": 3, "min_spread_minutes": 60}}
    [], [nc] = run(links.DEAD, snapshot(links=[link(PDF, _attempts(Outcome.NOT_FOUND, 404))]),
                   profile=Profile(data))
    assert "50 分钟" in nc.reason
