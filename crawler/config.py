"""The units config (DESIGN.md "Units config"): loading and validation with file:line:key errors."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.yamlfile import ConfigError, YamlDoc, load_yaml, parse_yaml

UNIT_KINDS = ("government", "department")


@dataclass(frozen=True)
class CrawlOptions:
    """Politeness and budget; `crawl:` defaults, overridable per unit."""

    delay: float = 1.0
    concurrency_per_host: int = 2
    obey_robots: bool = True
    user_agent: str | None = None
    contact: str | None = None
    max_pages: int = 5000
    max_depth: int = 8
    timeout: float = 30.0
    link_retry_delay: float = 300.0  # seconds between re-checks of a failing link
    link_attempts: int = 3
    check_offsite_links: bool = False  # HEAD-check links that leave the unit's hosts
    max_renders: int = 3  # pages rendered in headless Chromium per unit (0: never)
    max_query_variants: int = 300  # distinct query strings per path (calendar/search traps)
    incremental: bool = True  # reuse unchanged pages of the unit's previous complete crawl
    link_recheck_days: int = 7  # a known-good link is re-checked once in this many nights
    page_recheck_days: int = 60  # an unchanged article is re-fetched once in this many nights
    max_page_bytes: int = 10 * 1024 * 1024  # a bigger response (or inflated body) is too_large

    def user_agent_for(self, default: str) -> str:
        """The User-Agent sent (crawl and probes): `user_agent`, else `default`, naming `contact`."""
        ua = self.user_agent or default
        if self.contact and self.contact not in ua:
            ua = ua.rstrip(")") + f"; {self.contact})" if ua.endswith(")") else f"{ua} ({self.contact})"
        return ua


@dataclass(frozen=True)
class ColumnConfig:
    url: str
    name: str | None = None
    type: str | None = None
    max_age_days: int | None = None
    on_demand: bool = False
    department: str | None = None


@dataclass(frozen=True)
class UnitConfig:
    name: str
    kind: str
    home: str
    disclosure: str | None = None
    columns: tuple[ColumnConfig, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    crawl: CrawlOptions = field(default_factory=CrawlOptions)
    # Required-column items (profile `required_columns`) that do not apply to this unit.
    not_applicable: tuple[str, ...] = ()

    @property
    def hosts(self) -> frozenset[str]:
        """Hosts in scope: those of home, disclosure, columns and allowed_domains."""
        urls = [self.home, self.disclosure or "", *(c.url for c in self.columns)]
        hosts = {urlsplit(u).hostname for u in urls if u}
        return frozenset(h.lower() for h in hosts if h) | frozenset(d.lower() for d in self.allowed_domains)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "UnitConfig":
        raw = json.loads(text)
        return cls(**{**raw, "columns": tuple(ColumnConfig(**c) for c in raw["columns"]),
                      "allowed_domains": tuple(raw["allowed_domains"]),
                      "not_applicable": tuple(raw.get("not_applicable", ())),
                      "crawl": CrawlOptions(**raw["crawl"])})


@dataclass(frozen=True)
class UnitsConfig:
    units: tuple[UnitConfig, ...]
    source: str
    digest: str

    def select(self, names: list[str] | tuple[str, ...]) -> "UnitsConfig":
        """Only the named units; an unknown name is a ConfigError."""
        if not names:
            return self
        known = {u.name: u for u in self.units}
        for name in names:
            if name not in known:
                raise ConfigError(self.source, None, "--unit", f"配置中没有单位 {name!r}")
        return replace(self, units=tuple(known[n] for n in names))


_CRAWL_TYPES: dict[str, tuple[type, ...]] = {
    "delay": (int, float), "concurrency_per_host": (int,), "obey_robots": (bool,),
    "user_agent": (str,), "contact": (str,), "max_pages": (int,), "max_depth": (int,),
    "timeout": (int, float), "link_retry_delay": (int, float), "link_attempts": (int,),
    "check_offsite_links": (bool,), "max_renders": (int,), "max_query_variants": (int,),
    "incremental": (bool,), "link_recheck_days": (int,), "page_recheck_days": (int,),
    "max_page_bytes": (int,),
}


def _crawl_options(doc: YamlDoc, raw: Any, path: tuple, base: CrawlOptions) -> CrawlOptions:
    if raw is None:
        return base
    if not isinstance(raw, dict):
        raise doc.error(path, "必须是映射 (mapping)")
    values = {}
    for key, value in raw.items():
        types = _CRAWL_TYPES.get(key)
        if types is None:
            raise doc.error(path + (key,), f"未知的抓取设置, 可用: {', '.join(_CRAWL_TYPES)}")
        if isinstance(value, bool) and bool not in types or not isinstance(value, types):
            raise doc.error(path + (key,), f"类型错误: {value!r}")
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
            raise doc.error(path + (key,), "不能为负数")
        values[key] = value
    if values.get("concurrency_per_host") == 0 or values.get("link_attempts") == 0:
        raise doc.error(path, "concurrency_per_host 与 link_attempts 至少为 1")
    for key in ("link_recheck_days", "page_recheck_days", "max_query_variants", "max_page_bytes"):
        if values.get(key) == 0:
            raise doc.error(path + (key,), "至少为 1")
    return replace(base, **values)


def _url(doc: YamlDoc, value: Any, path: tuple) -> str:
    if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https") \
            or not urlsplit(value).hostname:
        raise doc.error(path, f"必须是 http(s) 网址: {value!r}")
    return value


def _columns(doc: YamlDoc, raw: Any, path: tuple) -> tuple[ColumnConfig, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise doc.error(path, "必须是列表")
    out = []
    allowed = {"url", "name", "type", "max_age_days", "on_demand", "department"}
    for i, col in enumerate(raw):
        p = path + (i,)
        if isinstance(col, str):
            col = {"url": col}
        if not isinstance(col, dict):
            raise doc.error(p, "必须是网址或映射")
        for key in col:
            if key not in allowed:
                raise doc.error(p + (key,), f"未知的栏目设置, 可用: {', '.join(sorted(allowed))}")
        age = col.get("max_age_days")
        if age is not None and (not isinstance(age, int) or isinstance(age, bool) or age <= 0):
            raise doc.error(p + ("max_age_days",), "必须是正整数")
        out.append(ColumnConfig(url=_url(doc, col.get("url"), p + ("url",)), name=col.get("name"),
                                type=col.get("type"), max_age_days=age,
                                on_demand=bool(col.get("on_demand", False)),
                                department=col.get("department")))
    return tuple(out)


def _unit(doc: YamlDoc, raw: Any, path: tuple, defaults: CrawlOptions) -> UnitConfig:
    if not isinstance(raw, dict):
        raise doc.error(path, "每个单位必须是映射 (mapping)")
    allowed = {"name", "kind", "home", "disclosure", "columns", "allowed_domains", "crawl",
               "not_applicable"}
    for key in raw:
        if key not in allowed:
            raise doc.error(path + (key,), f"未知的单位设置, 可用: {', '.join(sorted(allowed))}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise doc.error(path + ("name",), "缺少单位名称")
    kind = raw.get("kind")
    if kind not in UNIT_KINDS:
        raise doc.error(path + ("kind",), f"必须是 government 或 department, 而不是 {kind!r}")
    domains = raw.get("allowed_domains") or []
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        raise doc.error(path + ("allowed_domains",), "必须是域名列表")
    not_applicable = raw.get("not_applicable") or []
    if not isinstance(not_applicable, list) or not all(
            isinstance(n, str) and n.strip() for n in not_applicable):
        raise doc.error(path + ("not_applicable",), "必须是栏目名称列表（如 [行政处罚, 行政强制]）")
    return UnitConfig(
        name=name.strip(), kind=kind, home=_url(doc, raw.get("home"), path + ("home",)),
        disclosure=_url(doc, raw["disclosure"], path + ("disclosure",)) if raw.get("disclosure") else None,
        columns=_columns(doc, raw.get("columns"), path + ("columns",)),
        allowed_domains=tuple(domains),
        not_applicable=tuple(n.strip() for n in not_applicable),
        crawl=_crawl_options(doc, raw.get("crawl"), path + ("crawl",), defaults))


def _from_doc(doc: YamlDoc) -> UnitsConfig:
    data = doc.data
    if not isinstance(data, dict):
        raise doc.error((), "配置文件必须是映射, 含 units: 列表")
    for key in data:
        if key not in ("crawl", "units"):
            raise doc.error((key,), "未知的配置项, 可用: crawl, units")
    defaults = _crawl_options(doc, data.get("crawl"), ("crawl",), CrawlOptions())
    units_raw = data.get("units")
    if not isinstance(units_raw, list) or not units_raw:
        raise doc.error(("units",), "缺少单位列表 (units:)")
    units = tuple(_unit(doc, u, ("units", i), defaults) for i, u in enumerate(units_raw))
    seen: set[str] = set()
    for i, unit in enumerate(units):
        if unit.name in seen:
            raise doc.error(("units", i, "name"), f"单位名称重复: {unit.name}")
        seen.add(unit.name)
    digest = hashlib.sha256("\n".join(u.to_json() for u in units).encode()).hexdigest()
    return UnitsConfig(units=units, source=doc.source, digest=digest)


def load_units(path: str | Path) -> UnitsConfig:
    """Load and validate a units YAML file."""
    return _from_doc(load_yaml(path))


def units_from_text(text: str, source: str = "<config>") -> UnitsConfig:
    return _from_doc(parse_yaml(text, source))
