"""The `zwgk` command: crawl, check, report, export, run, demo, rules."""
from __future__ import annotations

import functools
import logging
import sys
from datetime import date
from pathlib import Path

import click

from crawler import __version__
from crawler.yamlfile import ConfigError

log = logging.getLogger("zwgk")

DB_HELP = "数据库 URL (默认: 环境变量 ZWGK_DB, 否则 sqlite:///zwgk.db)"


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


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError("--as-of", None, "--as-of", f"日期格式应为 YYYY-MM-DD: {value!r}") from None


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
             log_level: str) -> int:
    from crawler.config import load_units
    from crawler.runner import run_crawl
    from storage.db import resolve_db_url, safe_url

    config = load_units(config_path).select(units)
    profile = _profile(profile_path)
    db_url = resolve_db_url(db)
    click.echo(f"开始抓取 {len(config.units)} 个单位 → {safe_url(db_url)}", err=True)
    crawl_id = run_crawl(config, db_url, profile.type_keywords(), log_level)
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


def do_report(db: str | None, out: str) -> Path:
    from reports.html_report import build_report
    from storage.db import session_scope

    engine = _engine(db)
    with session_scope(engine) as session:
        index = build_report(session, Path(out))
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
@click.pass_context
@bad_input
def crawl(ctx, config_path, db, units, profile_path):
    """抓取配置中各单位的网站, 结果写入数据库."""
    do_crawl(config_path, db, units, profile_path, ctx.obj["log_level"])


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
@bad_input
def report(db, out):
    """生成静态 HTML 报告 (可离线打开)."""
    click.echo(do_report(db, out))


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
        count = export_findings(session, fmt, Path(out), units=list(units) or None, split=split)
    click.echo(f"已导出 {count} 条问题 → {out}", err=True)


@main.command()
@click.option("--config", "config_path", required=True, type=click.Path(), help="单位配置 YAML")
@click.option("--db", help=DB_HELP)
@click.option("--unit", "units", multiple=True, help="只处理指定单位 (可重复)")
@click.option("--as-of", "as_of", help="检查基准日 YYYY-MM-DD (默认: 抓取当日)")
@click.option("--profile", "profile_path", type=click.Path(), help="规则配置 YAML")
@click.option("--out", required=True, type=click.Path(), help="报告输出目录")
@click.pass_context
@bad_input
def run(ctx, config_path, db, units, as_of, profile_path, out):
    """抓取 + 检查 + 生成报告 (每晚定时任务用)."""
    as_of_date = _as_of(as_of)
    _profile(profile_path)  # a broken profile fails before the crawl, not after it
    crawl_id = do_crawl(config_path, db, units, profile_path, ctx.obj["log_level"])
    do_check(db, crawl_id, as_of_date, profile_path)
    click.echo(do_report(db, out))


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


if __name__ == "__main__":
    main()
