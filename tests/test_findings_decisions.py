"""An auditor's decisions: ignore a finding as 误报 / 不适用 with a reason (who, when, why on
record), take it back, and keep ignored findings out of lists, exports and scores."""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from checks.framework import Finding as Found
from checks.framework import Rule
from crawler.cli import main
from reports.common import load_findings
from reports.scoring import load_scheme, rankings_for
from storage import models as m
from storage.db import make_engine, session_scope
from storage.decisions import DecisionError, decisions_by_finding, ignore_finding, unignore_finding
from storage.findings import reconcile
from storage.migrate import upgrade
from tests.report_samples import IGNORED_MESSAGE, UNIT_A, build_sample_db

STALE_URL = "http://jtj.ezhou.gov.cn/xxgk/tzgg/"
AT = datetime(2024, 5, 21, 10, 30)


@pytest.fixture()
def sample(tmp_path):
    return build_sample_db(tmp_path)


def _db(sample) -> str:
    return str(sample.engine.url)


def _stale_id(sample) -> int:
    with session_scope(sample.engine) as s:
        return s.scalar(select(m.Finding.id).where(m.Finding.url == STALE_URL))


def _cli(*args: str):
    return CliRunner().invoke(main, list(args))


# -- storage ------------------------------------------------------------------------------

def test_ignoring_records_kind_reason_who_and_when(sample):
    fid = _stale_id(sample)
    with session_scope(sample.engine) as s:
        ignore_finding(s, fid, reason="该栏目已按要求撤销", kind="not_applicable", by="李四", at=AT)
    with session_scope(sample.engine) as s:
        assert s.get(m.Finding, fid).ignored is True
        [d] = decisions_by_finding(s, [fid])[fid]
        assert (d.action, d.kind, d.reason, d.decided_by, d.decided_at) == (
            "ignore", "not_applicable", "该栏目已按要求撤销", "李四", AT)


def test_ignored_finding_leaves_lists_exports_and_scores(sample):
    fid = _stale_id(sample)
    with session_scope(sample.engine) as s:
        before = rankings_for(s, load_scheme()).by_unit()[sample.unit_a].total
        ignore_finding(s, fid, reason="误报：该栏目为按需更新栏目", by="李四", at=AT)
    with session_scope(sample.engine) as s:
        assert fid not in {r.id for r in load_findings(s)}
        assert fid in {r.id for r in load_findings(s, ignored=True)}
        after = rankings_for(s, load_scheme()).by_unit()[sample.unit_a].total
    assert after - before == 1  # column.stale: 扣1分 per finding, given back


def test_unignoring_lists_the_finding_again_and_keeps_both_decisions(sample):
    fid = _stale_id(sample)
    with session_scope(sample.engine) as s:
        ignore_finding(s, fid, reason="误报", by="李四", at=AT)
        unignore_finding(s, fid, reason="复核后确认问题存在", by="王五", at=datetime(2024, 5, 22, 9, 0))
    with session_scope(sample.engine) as s:
        assert fid in {r.id for r in load_findings(s)}
        trail = decisions_by_finding(s, [fid])[fid]
    assert [(d.action, d.decided_by) for d in trail] == [("ignore", "李四"), ("unignore", "王五")]


@pytest.mark.parametrize("call, message", [
    (lambda s, fid: ignore_finding(s, fid, reason="   "), "必须说明理由"),
    (lambda s, fid: ignore_finding(s, fid, reason="误报", kind="wrong"), "忽略类型"),
    (lambda s, fid: ignore_finding(s, 9999, reason="误报"), "没有这个编号的问题"),
    (lambda s, fid: unignore_finding(s, fid), "未被忽略"),
])
def test_impossible_decisions_are_refused(sample, call, message):
    fid = _stale_id(sample)
    with session_scope(sample.engine) as s:
        with pytest.raises(DecisionError, match=message):
            call(s, fid)


def test_ignoring_twice_is_refused(sample):
    fid = _stale_id(sample)
    with session_scope(sample.engine) as s:
        ignore_finding(s, fid, reason="误报", by="李四")
        with pytest.raises(DecisionError, match="已被忽略"):
            ignore_finding(s, fid, reason="误报", by="李四")


def test_an_ignored_finding_keeps_its_lifecycle_and_shows_fixed_when_unignored(sample):
    """Fixed on the portal while ignored: taking the decision back shows it fixed, not open."""
    fid = _stale_id(sample)
    with session_scope(sample.engine) as s:
        ignore_finding(s, fid, reason="误报", by="李四")
        third = m.Crawl(started_at=datetime(2024, 5, 27, 1), status="complete", tool_version="t")
        s.add(third)
        s.flush()
        reconcile(s, unit_id=sample.unit_a, crawl_id=third.id, as_of=date(2024, 5, 27), found=[],
                  rules_run={"column.stale"}, rechecked=lambda row: True)
        unignore_finding(s, fid, by="李四")
    with session_scope(sample.engine) as s:
        row = s.get(m.Finding, fid)
        assert (row.status, row.fixed_at, row.fixed_crawl_id, row.ignored) == (
            "fixed", date(2024, 5, 27), third.id, False)


def test_a_fixed_finding_found_again_is_open_again(sample):
    icp_url = "http://jtj.ezhou.gov.cn/"
    rule = Rule("footer.icp", "ICP备案编号缺失或格式错误", "minor", "底部标识区", "", lambda *a: ())
    with session_scope(sample.engine) as s:
        third = m.Crawl(started_at=datetime(2024, 5, 27, 1), status="complete", tool_version="t")
        s.add(third)
        s.flush()
        found = Found("footer.icp", icp_url, "ICP 备案编号格式不正确", {"seen": "鄂ICP备123号"})
        summary = reconcile(s, unit_id=sample.unit_a, crawl_id=third.id, as_of=date(2024, 5, 27),
                            found=[(found, rule)], rules_run={"footer.icp"}, rechecked=lambda row: False)
    with session_scope(sample.engine) as s:
        row = s.scalars(select(m.Finding).where(m.Finding.rule == "footer.icp")).one()
        assert (row.status, row.fixed_at, row.fixed_crawl_id, row.last_seen) == (
            "open", None, None, date(2024, 5, 27))
    assert summary.still_open == 1


def test_migration_moves_stored_ignored_status_to_the_flag_and_dates_fixes(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO units (id, name, kind, home) VALUES (1, '甲', 'department', 'http://a.gov.cn/')"))
        for cid, day in ((1, "2024-05-13"), (2, "2024-05-20")):
            conn.execute(text("INSERT INTO crawls (id, started_at, status, tool_version, config_digest) "
                              f"VALUES ({cid}, '{day} 01:00:00', 'complete', 't', '')"))
        for fid, status in ((1, "ignored"), (2, "fixed"), (3, "open")):
            conn.execute(text(
                "INSERT INTO findings (id, unit_id, rule, severity, locator, url, message, evidence, "
                "first_seen, last_seen, first_crawl_id, last_crawl_id, status, rechecked) VALUES "
                f"({fid}, 1, 'column.stale', 'major', 'l{fid}', 'http://a.gov.cn/{fid}', '问题', '{{}}', "
                f"'2024-05-13', '2024-05-13', 1, 1, '{status}', 1)"))
    upgrade(engine)
    with session_scope(engine) as s:
        rows = {f.id: (f.status, f.ignored, f.fixed_crawl_id) for f in s.scalars(select(m.Finding))}
    engine.dispose()
    assert rows == {1: ("open", True, None), 2: ("fixed", False, 2), 3: ("open", False, None)}


# -- CLI ----------------------------------------------------------------------------------

def test_cli_ignore_records_the_decision_and_defaults_who_to_the_os_user(sample, monkeypatch):
    monkeypatch.setattr("storage.decisions.getpass.getuser", lambda: "gkb-audit")
    fid = _stale_id(sample)
    result = _cli("findings", "ignore", str(fid), "--reason", "按需更新栏目", "--kind", "不适用",
                  "--db", _db(sample))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"问题 #{fid}: 忽略（不适用） · gkb-audit · ")
    with session_scope(sample.engine) as s:
        [d] = decisions_by_finding(s, [fid])[fid]
        assert (d.kind, d.reason, d.decided_by) == ("not_applicable", "按需更新栏目", "gkb-audit")


def test_cli_ignore_of_an_unknown_finding_exits_2(sample):
    result = _cli("findings", "ignore", "9999", "--reason", "误报", "--db", _db(sample))
    assert result.exit_code == 2
    assert "错误: 问题 #9999: 没有这个编号的问题" in result.output


def test_cli_ignore_needs_a_reason(sample):
    result = _cli("findings", "ignore", str(_stale_id(sample)), "--db", _db(sample))
    assert result.exit_code == 2
    assert "--reason" in result.output


def test_cli_list_shows_open_findings_and_ignored_ones_only_on_request(sample):
    db = _db(sample)
    open_list = _cli("findings", "list", "--unit", UNIT_A, "--db", db)
    assert open_list.exit_code == 0, open_list.output
    lines = open_list.stdout.splitlines()
    assert lines[0] == "编号\t单位\t问题类型\t严重程度\t状态\t栏目\t链接\t问题描述"
    assert len(lines) == 4 and IGNORED_MESSAGE not in open_list.stdout
    ignored = _cli("findings", "list", "--status", "ignored", "--db", db)
    assert [line.split("\t")[4] for line in ignored.stdout.splitlines()[1:]] == ["已忽略"]
    assert IGNORED_MESSAGE in ignored.stdout


def test_cli_list_marks_findings_the_latest_crawl_could_not_recheck(sample):
    result = _cli("findings", "list", "--rule", "column.stale", "--db", _db(sample))
    states = sorted(line.split("\t")[4] for line in result.stdout.splitlines()[1:])
    assert states == ["未整改", "未整改(未能复查)"]


def test_cli_history_tells_the_lifecycle_and_the_decisions(sample):
    fid = _stale_id(sample)
    db = _db(sample)
    _cli("findings", "ignore", str(fid), "--reason", "误报", "--by", "李四", "--db", db)
    _cli("findings", "unignore", str(fid), "--reason", "复核确认", "--by", "王五", "--db", db)
    result = _cli("findings", "history", str(fid), "--db", db)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"问题 #{fid} {UNIT_A} · 栏目更新不及时 (column.stale)"
    assert "首次发现: 2024-05-13 (抓取 #1)" in lines and "状态: 未整改" in lines
    assert [line.split("  ")[2:] for line in lines if line.startswith("  ")] == [
        ["李四", "忽略（误报）: 误报"], ["王五", "取消忽略: 复核确认"]]


def test_cli_export_leaves_ignored_findings_out(sample, tmp_path):
    fid = _stale_id(sample)
    db = _db(sample)
    _cli("findings", "ignore", str(fid), "--reason", "误报", "--db", db)
    out = tmp_path / "f.jsonl"
    assert _cli("export", "--format", "jsonl", "--out", str(out), "--db", db).exit_code == 0
    urls = [json.loads(line)["url"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert STALE_URL not in urls and len(urls) == 7
