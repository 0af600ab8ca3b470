"""The `zwgk` command: crawl, check, report, export, run, demo, rules, findings, ranking, bulletin."""
from __future__ import annotations

import functools
import logging
import os
import sys
from datetime import date
from pathlib import Path

import click

from crawler import __version__
from crawler.yamlfile import ConfigError

log = logging.getLogger("zwgk")

DB_HELP = "数据库 URL (默认: 环境变量 ZWGK_DB, 否则 sqlite:///zwgk.db)"
WORKERS_HELP = "本机抓取进程数 (按栏目分工, 礼貌限额在进程间平分; 多核机器上更快)"
REDIS_HELP = ("分布式抓取: Redis URL (如 redis://host:6379/0); 用同一配置启动的各机器上的 "
              "zwgk crawl 共享待抓队列与去重集合, 写入同一数据库")


def bad_input(fn):
    """Turn ConfigError into a one-line reason and exit code 2."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ConfigError as exc:
            click.echo(f"错误: {exc}", err=True)
            sys.exit(2)
    return wrapper


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(option, None, "", f"日期格式应为 YYYY-MM-DD: {value!r}") from None


def _as_of(value: str | None) -> date | None:
    return _date(value, "--as-of")


def _engine(db: str | None):
    from storage.db import init_db, make_engine, resolve_db_url

    engine = make_engine(resolve_db_url(db))
    init_db(engine)
    return engine


def _profile(path: str | None):
    from checks.profile import load_profile
    from checks.registry import RULES

    return load_profile(path, known_rules={r.id for r in RULES})


def do_crawl(config_path: str, db: str | None, units: tuple[str, ...], profile_path: str | None,
             log_level: str, workers: int = 1, redis_url: str | None = None,
             resume: int | None = None) -> int:
    from crawler.config import load_units
    from crawler.runner import run_crawl
    from storage.db import resolve_db_url, safe_url

    config = load_units(config_path).select(units)
    profile = _profile(profile_path)
    db_url = resolve_db_url(db)
    if resume is not None and redis_url:
        raise ConfigError("--resume", None, "", "分布式抓取 (--redis) 由各成员自动接续, 不能与 --resume 同用")
    verb = "续抓" if resume is not None else "开始抓取"
    click.echo(f"{verb} {len(config.units)} 个单位 → {safe_url(db_url)}", err=True)
    crawl_id = run_crawl(config, db_url, profile.type_keywords(), log_level, workers, redis_url,
                         resume=resume)
    click.echo(f"抓取完成: crawl {crawl_id}", err=True)
    return crawl_id


def do_check(db: str | None, crawl_id: int | None, as_of: date | None, profile_path: str | None):
    from checks.runner import run_checks
    from storage import models as m
    from storage.db import session_scope
    from storage.repository import latest_crawl_id

    profile = _profile(profile_path)
    engine = _engine(db)
    with session_scope(engine) as session:
        crawl_id = crawl_id or latest_crawl_id(session)
        if crawl_id is None:
            raise ConfigError("--crawl", None, "--crawl", "数据库中还没有抓取记录, 请先运行 zwgk crawl")
        crawl = session.get(m.Crawl, crawl_id)
        if crawl is None:
            raise ConfigError("--crawl", None, "--crawl", f"没有编号为 {crawl_id} 的抓取")
        run = run_checks(session, crawl_id, as_of or crawl.started_at.date(), profile)
    for unit, s in run.units.items():
        click.echo(f"{unit}: 新发现 {s.new}, 仍未整改 {s.still_open}, 已整改 {s.fixed}"
                   + (f", 未能复查 {s.not_rechecked}" if s.not_rechecked else ""), err=True)
    engine.dispose()
    return run


def do_report(db: str | None, out: str, since: date | None = None,
              scheme_path: str | None = None) -> Path:
    from reports.html_report import build_report
    from reports.scoring import load_scheme
    from storage.db import session_scope

    scheme = load_scheme(scheme_path)
    engine = _engine(db)
    with session_scope(engine) as session:
        index = build_report(session, Path(out), since=since, scheme=scheme)
    engine.dispose()
    return index


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zwgk")
@click.option("-v", "--verbose", is_flag=True, help="输出调试日志")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """zwgk-audit: 政府网站政务公开栏目自动检查.

    \b
    典型流程:
      zwgk run --config units.yaml --out report/   抓取 + 检查 + 生成报告
      zwgk export --format xlsx --out 问题清单.xlsx  导出各单位问题清单
      zwgk demo                                     在本机示例网站上演示全流程
    """
    ctx.ensure_object(dict)
    ctx.obj["log_level"] = "DEBUG" if verbose else "INFO"
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)


@main.command()
@click.option("--config", "config_path", required=True, type=click.Path(), help="单位配置 YAML")
@click.option("--db", help=DB_HELP)
@click.option("--unit", "units", multiple=True, help="只抓取指定单位 (可重复)")
@click.option("--profile", "profile_path", type=click.Path(), help="规则配置 YAML (栏目类型关键词)")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help=WORKERS_HELP)
@click.option("--redis", "redis_url", help=REDIS_HELP)
@click.option("--resume", type=click.IntRange(0), is_flag=False, flag_value=0, default=None,
              metavar="[CRAWL_ID]", help="续抓被中断的抓取 (默认: 最近一次未完成的), 只抓未完成的单位")
@click.pass_context
@bad_input
def crawl(ctx, config_path, db, units, profile_path, workers, redis_url, resume):
    """抓取配置中各单位的网站, 结果写入数据库."""
    do_crawl(config_path, db, units, profile_path, ctx.obj["log_level"], workers, redis_url, resume)


@main.command()
@click.option("--db", help=DB_HELP)
@click.option("--crawl", "crawl_id", type=int, help="抓取编号 (默认: 最近一次)")
@click.option("--as-of", "as_of", help="检查基准日 YYYY-MM-DD (默认: 抓取当日)")
@click.option("--profile", "profile_path", type=click.Path(), help="规则配置 YAML")
@bad_input
def check(db, crawl_id, as_of, profile_path):
    """对一次抓取运行全部检查规则, 更新问题记录."""
    do_check(db, crawl_id, _as_of(as_of), profile_path)


@main.command()
@click.option("--db", help=DB_HELP)
@click.option("--out", required=True, type=click.Path(), help="报告输出目录")
@click.option("--since", help="另列出自该日 (如整改期限) 起的新发现 / 仍未整改 / 已整改 YYYY-MM-DD")
@click.option("--scheme", "scheme_path", type=click.Path(), help="评分方案 YAML (默认: 内置方案)")
@bad_input
def report(db, out, since, scheme_path):
    """生成静态 HTML 报告 (可离线打开)."""
    click.echo(do_report(db, out, _date(since, "--since"), scheme_path))


@main.command()
@click.option("--db", help=DB_HELP)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "xlsx"]), required=True)
@click.option("--unit", "units", multiple=True, help="只导出指定单位 (可重复)")
@click.option("--out", required=True, type=click.Path(), help="输出文件 (--split 时为目录)")
@click.option("--split", is_flag=True, help="xlsx: 每个单位一个文件")
@bad_input
def export(db, fmt, units, out, split):
    """导出问题清单 (jsonl / csv / xlsx)."""
    from reports.exports import export_findings
    from storage.db import session_scope

    engine = _engine(db)
    with session_scope(engine) as session:
        try:
            count = export_findings(session, fmt, Path(out), units=list(units) or None, split=split)
        except ValueError as exc:
            raise ConfigError("--unit", None, "", str(exc)) from None
    click.echo(f"已导出 {count} 条问题 → {out}", err=True)


@main.command()
@click.option("--config", "config_path", required=True, type=click.Path(), help="单位配置 YAML")
@click.option("--db", help=DB_HELP)
@click.option("--unit", "units", multiple=True, help="只处理指定单位 (可重复)")
@click.option("--as-of", "as_of", help="检查基准日 YYYY-MM-DD (默认: 抓取当日)")
@click.option("--profile", "profile_path", type=click.Path(), help="规则配置 YAML")
@click.option("--out", required=True, type=click.Path(), help="报告输出目录")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help=WORKERS_HELP)
@click.option("--redis", "redis_url", help=REDIS_HELP)
@click.pass_context
@bad_input
def run(ctx, config_path, db, units, as_of, profile_path, out, workers, redis_url):
    """抓取 + 检查 + 生成报告 (每晚定时任务用).

    同一数据库同时只运行一个 (另一个正在运行时退出码 3); 结束时写入 OUT/run-summary.json
    并输出一行运行摘要.
    """
    from crawler.nightly import EXIT_LOCKED, AlreadyRunning, exclusive
    from storage.db import resolve_db_url

    as_of_date = _as_of(as_of)
    _profile(profile_path)  # a broken profile fails before the crawl, not after it
    try:
        with exclusive(resolve_db_url(db), "run"):
            do_run(ctx.obj["log_level"], config_path, db, units, as_of_date, profile_path, out,
                   workers, redis_url)
    except AlreadyRunning as exc:
        click.echo(f"错误: 另一个 zwgk run 正在处理此数据库 (锁: {exc}), 本次不运行", err=True)
        sys.exit(EXIT_LOCKED)


def do_run(log_level: str, config_path: str, db: str | None, units: tuple[str, ...],
           as_of: date | None, profile_path: str | None, out: str, workers: int,
           redis_url: str | None) -> None:
    """Crawl, check and report, and write the run summary whatever happens."""
    import time as clock
    from datetime import datetime

    from crawler.nightly import RunSummary, crawl_counts
    from storage.db import resolve_db_url

    started = clock.monotonic()
    summary = RunSummary(started_at=datetime.now().isoformat(timespec="seconds"))
    try:
        summary.crawl_id = do_crawl(config_path, db, units, profile_path, log_level, workers, redis_url)
        for key, value in crawl_counts(resolve_db_url(db), summary.crawl_id).items():
            setattr(summary, key, value)
        if summary.crawl_status != "complete":
            summary.errors.append(f"抓取未正常结束 (crawl {summary.crawl_id}: {summary.crawl_status})")
        checked = do_check(db, summary.crawl_id, as_of, profile_path)
        summary.findings_new = sum(u.new for u in checked.units.values())
        summary.findings_fixed = sum(u.fixed for u in checked.units.values())
        summary.findings_open = sum(u.new + u.still_open for u in checked.units.values())
        summary.report = str(do_report(db, out))
        summary.status = "ok"
        click.echo(summary.report)
    except BaseException as exc:
        summary.status = "failed"
        summary.errors.append(f"{type(exc).__name__}: {exc}")
        raise
    finally:
        summary.finished_at = datetime.now().isoformat(timespec="seconds")
        summary.duration_seconds = round(clock.monotonic() - started, 1)
        summary.write(Path(out))
        log.info(summary.line())


@main.command()
@click.option("--out", default="zwgk-demo", show_default=True, type=click.Path(),
              help="演示输出目录 (数据库与报告)")
@click.pass_context
@bad_input
def demo(ctx, out):
    """在 127.0.0.1 上启动内置示例网站, 运行完整流程并输出报告路径."""
    import yaml

    from crawler.demo.server import DEMO_ROOT, demo_units, serve_portals

    out_dir = Path(out).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    db = f"sqlite:///{out_dir / 'zwgk-demo.db'}"
    config_path = out_dir / "units.yaml"
    with serve_portals(DEMO_ROOT) as bases:
        units = demo_units(bases)
        units["crawl"].setdefault("link_retry_delay", 1.0)  # local portals: no need to wait minutes
        config_path.write_text(yaml.safe_dump(units, allow_unicode=True, sort_keys=False),
                               encoding="utf-8")
        crawl_id = do_crawl(str(config_path), db, (), None, ctx.obj["log_level"])
    do_check(db, crawl_id, None, None)
    index = do_report(db, str(out_dir / "report"))
    click.echo(index)


@main.command()
@click.option("--profile", "profile_path", type=click.Path(), help="规则配置 YAML")
@bad_input
def rules(profile_path):
    """列出全部检查规则及当前阈值."""
    from checks.registry import RULES

    profile = _profile(profile_path)
    for rule in RULES:
        params = profile.rule(rule.id)
        extra = "  " + ", ".join(f"{k}={v}" for k, v in params.items()) if params else ""
        click.echo(f"{rule.id:28} {rule.severity:6} {rule.title}{extra}")


# -- findings: list, ignore / unignore (the auditor's decisions), history --------------------

def _period(value: str | None):
    from reports.period import parse_period

    if value is None:
        return None
    try:
        return parse_period(value)
    except ValueError as exc:
        raise ConfigError("--period", None, "", str(exc)) from None


@main.group()
def findings():
    """查看问题; 将误报 / 不适用的问题标记为忽略 (留有审核记录)."""


@findings.command("list")
@click.option("--db", help=DB_HELP)
@click.option("--unit", "units", multiple=True, help="只列出指定单位 (可重复)")
@click.option("--rule", "rule_id", help="只列出指定规则编号")
@click.option("--status", type=click.Choice(["open", "fixed", "ignored", "all"]), default="open",
              show_default=True, help="open 未整改, fixed 已整改, ignored 已忽略")
@bad_input
def findings_list(db, units, rule_id, status):
    """列出问题 (编号用于 ignore / history)."""
    from reports.common import load_findings, rule_info, severity_label, status_label
    from reports.exports import select_units
    from storage.db import session_scope

    engine = _engine(db)
    with session_scope(engine) as session:
        try:
            selected = select_units(session, list(units) or None)
        except ValueError as exc:
            raise ConfigError("--unit", None, "", str(exc)) from None
        rows = load_findings(session, unit_ids=[uid for uid, _ in selected],
                             ignored={"ignored": True, "all": None}.get(status, False))
    engine.dispose()
    rows = [r for r in rows if (status in ("ignored", "all") or r.status == status)
            and (rule_id is None or r.rule == rule_id)]
    click.echo("编号\t单位\t问题类型\t严重程度\t状态\t栏目\t链接\t问题描述")
    for r in rows:
        state = "已忽略" if r.ignored else status_label(r.status)
        if r.status == "open" and not r.rechecked and not r.ignored:
            state += "(未能复查)"
        click.echo("\t".join([str(r.id), r.unit, rule_info(r.rule).title, severity_label(r.severity),
                              state, r.column or "", r.url, r.message.replace("\n", " ")]))
    click.echo(f"共 {len(rows)} 条", err=True)


def _decide(db: str | None, finding_id: int, decide) -> None:
    from storage.db import session_scope
    from storage.decisions import DecisionError, decision_label

    engine = _engine(db)
    try:
        with session_scope(engine) as session:
            d = decide(session)
            click.echo(f"问题 #{finding_id}: {decision_label(d.action, d.kind)} · {d.decided_by} · "
                       f"{d.decided_at:%Y-%m-%d %H:%M}" + (f" · {d.reason}" if d.reason else ""))
    except DecisionError as exc:
        raise ConfigError(f"问题 #{finding_id}", None, "", str(exc)) from None
    finally:
        engine.dispose()


@findings.command("ignore")
@click.argument("finding_id", type=int)
@click.option("--reason", required=True, help="忽略理由 (记入审核记录)")
@click.option("--kind", type=click.Choice(["误报", "不适用"]), default="误报", show_default=True)
@click.option("--by", help="操作人 (默认: 当前系统用户)")
@click.option("--db", help=DB_HELP)
@bad_input
def findings_ignore(finding_id, reason, kind, by, db):
    """将问题标记为误报 / 不适用: 不再列入问题清单和评分, 审核记录保留."""
    from storage.decisions import IGNORE_KINDS, ignore_finding

    code = {label: k for k, label in IGNORE_KINDS.items()}[kind]
    _decide(db, finding_id, lambda s: ignore_finding(s, finding_id, reason=reason, kind=code, by=by))


@findings.command("unignore")
@click.argument("finding_id", type=int)
@click.option("--reason", default="", help="取消理由")
@click.option("--by", help="操作人 (默认: 当前系统用户)")
@click.option("--db", help=DB_HELP)
@bad_input
def findings_unignore(finding_id, reason, by, db):
    """取消忽略: 问题重新列入问题清单和评分."""
    from storage.decisions import unignore_finding

    _decide(db, finding_id, lambda s: unignore_finding(s, finding_id, reason=reason, by=by))


@findings.command("history")
@click.argument("finding_id", type=int)
@click.option("--db", help=DB_HELP)
@bad_input
def findings_history(finding_id, db):
    """一个问题的来龙去脉: 发现、复查、整改和审核记录."""
    from reports.common import rule_info, status_label
    from storage import models as m
    from storage.db import session_scope
    from storage.decisions import decision_label, decisions_by_finding

    engine = _engine(db)
    with session_scope(engine) as session:
        f = session.get(m.Finding, finding_id)
        if f is None:
            raise ConfigError(f"问题 #{finding_id}", None, "", "没有这个编号的问题")
        trail = decisions_by_finding(session, [finding_id]).get(finding_id, [])
        state = status_label(f.status) + ("（已忽略）" if f.ignored else "")
        if f.status == "open" and not f.rechecked:
            state += "（最近一次抓取未能复查）"
        lines = [f"问题 #{f.id} {f.unit.name} · {rule_info(f.rule).title} ({f.rule})",
                 f"链接: {f.url}", f"栏目: {f.column or '—'}", f"描述: {f.message}",
                 f"状态: {state}",
                 f"首次发现: {f.first_seen} (抓取 #{f.first_crawl_id})",
                 f"最近发现: {f.last_seen} (抓取 #{f.last_crawl_id})",
                 f"整改: {f'{f.fixed_at} (抓取 #{f.fixed_crawl_id})' if f.fixed_at else '—'}",
                 "审核记录:" if trail else "审核记录: 无"]
        lines += [f"  {d.decided_at:%Y-%m-%d %H:%M}  {d.decided_by}  {decision_label(d.action, d.kind)}"
                  + (f": {d.reason}" if d.reason else "") for d in trail]
    engine.dispose()
    click.echo("\n".join(lines))


# -- ranking and bulletin --------------------------------------------------------------------

@main.command()
@click.option("--db", help=DB_HELP)
@click.option("--format", "fmt", type=click.Choice(["html", "xlsx"]), required=True)
@click.option("--out", required=True, type=click.Path(), help="输出文件")
@click.option("--period", help="考核期间 2023Q1 / 2023H1 / 2023 (默认: 全部抓取, 当前问题)")
@click.option("--scheme", "scheme_path", type=click.Path(), help="评分方案 YAML (默认: 内置方案)")
@bad_input
def ranking(db, fmt, out, period, scheme_path):
    """按评分方案计算各单位得分并输出排名表 (同分同名次)."""
    from reports.ranking import write_ranking
    from reports.scoring import load_scheme, rankings_for
    from storage.db import session_scope

    scheme = load_scheme(scheme_path)
    period_ = _period(period)
    engine = _engine(db)
    with session_scope(engine) as session:
        try:
            result = rankings_for(session, scheme, period_)
        except ValueError as exc:
            raise ConfigError("--period", None, "", str(exc)) from None
    engine.dispose()
    click.echo(write_ranking(result, scheme, fmt, Path(out)))


@main.command()
@click.option("--db", help=DB_HELP)
@click.option("--period", required=True, help="考核期间 2023Q1 / 2023H1 / 2023")
@click.option("--out", type=click.Path(), help="输出 DOCX (默认: 政务公开工作通报-<期间>.docx)")
@click.option("--scheme", "scheme_path", type=click.Path(), help="评分方案 YAML (默认: 内置方案)")
@bad_input
def bulletin(db, period, out, scheme_path):
    """生成通报初稿 (DOCX): 总体情况、存在的主要问题、工作要求、排名表附件."""
    from reports.bulletin import bulletin_data, write_bulletin
    from reports.scoring import load_scheme
    from storage.db import session_scope

    scheme = load_scheme(scheme_path)
    period_ = _period(period)
    engine = _engine(db)
    with session_scope(engine) as session:
        try:
            data = bulletin_data(session, scheme, period_)
        except ValueError as exc:
            raise ConfigError("--period", None, "", str(exc)) from None
    engine.dispose()
    click.echo(write_bulletin(data, Path(out or f"政务公开工作通报-{period_.code}.docx")))


@main.command()
@click.option("--config", "config_path", required=True, type=click.Path(), help="单位配置 YAML")
@click.option("--db", help=DB_HELP)
@click.option("--unit", "units", multiple=True, help="只探测指定单位 (可重复)")
@click.option("--profile", "profile_path", type=click.Path(),
              help="规则配置 YAML (rules.site.availability.timeout_seconds)")
@bad_input
def probe(config_path, db, units, profile_path):
    """探测各单位首页能否打开 (site.availability 的数据; 每天至少 20 次, 见 zwgk schedule)."""
    from checks.profile import load_profile
    from crawler.config import load_units
    from crawler.nightly import EXIT_LOCKED, AlreadyRunning, exclusive
    from crawler.probe import all_failed, probe_units, store_probes
    from crawler.settings import USER_AGENT
    from storage.db import resolve_db_url

    config = load_units(config_path).select(units)
    timeout = float(load_profile(profile_path).param("site.availability", "timeout_seconds"))
    db_url = resolve_db_url(db)
    try:
        with exclusive(db_url, "probe"):
            results = probe_units(config, timeout, USER_AGENT)
            if all_failed(results):
                click.echo(f"错误: {len(results)} 个单位首页全部探测失败, 可能是本机网络故障; "
                           "本次结果不记录", err=True)
                sys.exit(1)
            store_probes(db_url, config, results)
    except AlreadyRunning as exc:
        click.echo(f"错误: 上一次 zwgk probe 仍在运行 (锁: {exc}), 本次不运行", err=True)
        sys.exit(EXIT_LOCKED)
    failed = [r for r in results if not r.ok]
    click.echo(f"探测 {len(results)} 个单位首页: 正常 {len(results) - len(failed)}, 失败 {len(failed)}",
               err=True)
    for r in failed:
        click.echo(f"  {r.unit}: {r.error or f'HTTP {r.http_status}'} ({r.url})", err=True)


@main.command()
@click.option("--config", "config_path", required=True, type=click.Path(exists=True), help="单位配置 YAML")
@click.option("--out", required=True, type=click.Path(), help="报告输出目录")
@click.option("--db", help=DB_HELP)
@click.option("--profile", "profile_path", type=click.Path(exists=True), help="规则配置 YAML")
@click.option("--at", "run_at", default="02:00", show_default=True, help="每晚 zwgk run 的时间 HH:MM")
@click.option("--probe-every", type=click.Choice(["5", "10", "15", "20", "30", "60"]), default="30",
              show_default=True, help="zwgk probe 的间隔 (分钟)")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help=WORKERS_HELP)
@click.option("--install", is_flag=True, help="写入当前用户的 crontab (替换其中已有的 zwgk-audit 行)")
@click.option("--systemd", "systemd_dir", type=click.Path(file_okay=False),
              help="把 systemd 用户单元写入此目录 (如 ~/.config/systemd/user)")
@bad_input
def schedule(config_path, out, db, profile_path, run_at, probe_every, workers, install, systemd_dir):
    """生成每晚 zwgk run 与定时 zwgk probe 的 crontab 行和 systemd 定时器."""
    import re

    from crawler.nightly import Schedule, install_crontab

    if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", run_at):
        raise ConfigError("--at", None, "", f"时间格式应为 HH:MM: {run_at!r}")
    db = db or os.environ.get("ZWGK_DB")  # cron and systemd do not see this shell's variables
    common = [*(["--db", db] if db else []), *(["--profile", str(Path(profile_path).resolve())]
                                               if profile_path else [])]
    config = str(Path(config_path).resolve())
    plan = Schedule(
        workdir=Path.cwd(), log_dir=Path.cwd(), run_at=run_at, probe_every=int(probe_every),
        run_args=["run", "--config", config, "--out", str(Path(out).resolve()), *common,
                  *(["--workers", str(workers)] if workers > 1 else [])],
        probe_args=["probe", "--config", config, *common])
    lines = plan.cron_lines()
    click.echo("# crontab (crontab -e 粘贴, 或 zwgk schedule --install):")
    click.echo("\n".join(lines))
    units = plan.systemd_units()
    if systemd_dir:
        target = Path(systemd_dir).expanduser()
        target.mkdir(parents=True, exist_ok=True)
        for name, content in units.items():
            (target / name).write_text(content, encoding="utf-8")
        click.echo(f"\n# 已写入 systemd 用户单元 → {target}; 启用: systemctl --user daemon-reload && "
                   "systemctl --user enable --now zwgk-run.timer zwgk-probe.timer")
    else:
        click.echo("\n# systemd 用户定时器 (~/.config/systemd/user/, 或 --systemd DIR 直接写入):")
        for name, content in units.items():
            click.echo(f"### {name}\n{content}")
    if install:
        try:
            install_crontab(lines)
        except FileNotFoundError:
            raise ConfigError("--install", None, "", "本机没有 crontab 命令; 请用 --systemd") from None
        click.echo("# 已写入当前用户的 crontab", err=True)


if __name__ == "__main__":
    main()
