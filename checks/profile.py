"""The rule profile: the default YAML shipped in the package, overridden by a city's own file."""
from __future__ import annotations

import re
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from crawler.yamlfile import ConfigError, YamlDoc, load_yaml

DEFAULT_PROFILE_PATH = Path(__file__).with_name("default_profile.yaml")


@dataclass(frozen=True)
class ColumnType:
    id: str
    label: str
    max_age_days: int | None
    keywords: tuple[str, ...]


class Profile:
    """Validated profile data with typed accessors."""

    def __init__(self, data: dict, source: str = "default"):
        self.data = data
        self.source = source
        self.column_types = {
            tid: ColumnType(tid, spec.get("label", tid), spec.get("max_age_days"),
                            tuple(spec.get("keywords") or ()))
            for tid, spec in data["column_types"].items()}

    def rule(self, rule_id: str) -> dict[str, Any]:
        """The parameters of one rule (empty when the profile sets none)."""
        return self.data.get("rules", {}).get(rule_id, {})

    def param(self, rule_id: str, key: str) -> Any:
        try:
            return self.data["rules"][rule_id][key]
        except KeyError:
            raise KeyError(f"profile has no rules.{rule_id}.{key}") from None

    def type_keywords(self) -> dict[str, list[str]]:
        return {t.id: list(t.keywords) for t in self.column_types.values()}

    def max_age_days(self, column_type: str) -> int | None:
        spec = self.column_types.get(column_type) or self.column_types["other"]
        return spec.max_age_days


def _merge(base: dict, override: dict) -> dict:
    out = deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = deepcopy(value)
    return out


def _validate(doc: YamlDoc, merged: dict, known_rules: set[str]) -> None:
    data = doc.data
    if not isinstance(data, dict):
        raise doc.error((), "规则配置必须是映射 (mapping)")
    for key in data:
        if key not in _SECTIONS:
            raise doc.error((key,), "未知的配置项")
    for tid, spec in (data.get("column_types") or {}).items():
        if not isinstance(spec, dict):
            raise doc.error(("column_types", tid), "必须是映射")
        age = spec.get("max_age_days", 0)
        if age is not None and (not isinstance(age, int) or age <= 0):
            raise doc.error(("column_types", tid, "max_age_days"), "必须是正整数或 null")
        kws = spec.get("keywords", [])
        if not isinstance(kws, list) or not all(isinstance(k, str) for k in kws):
            raise doc.error(("column_types", tid, "keywords"), "必须是字符串列表")
    for rid, params in (data.get("rules") or {}).items():
        if known_rules and rid not in known_rules:
            raise doc.error(("rules", rid), "未知的规则编号")
        if not isinstance(params, dict):
            raise doc.error(("rules", rid), "必须是映射")
        _validate_params(doc, rid, params)
    if "other" not in merged.get("column_types", {}):
        raise doc.error(("column_types",), "缺少 other 类型")
    _validate_calendar(doc, data.get("calendar"))
    _validate_documents(doc, data.get("documents"), merged)
    _validate_required_columns(doc, data.get("required_columns"))


# -- the keys of the calendar, documents and required_columns sections, and typed rule params --

_SECTIONS = ("column_types", "rules", "calendar", "documents", "required_columns")

# The type of rule parameters checked when a profile overrides them (other keys are free-form).
_PARAM_KINDS: dict[str, dict[str, str]] = {
    "column.stale": {"warn_days_before": "count"},
    "column.burst": {"window_days": "positive", "share": "ratio", "max_days": "positive",
                     "silent_days": "positive", "min_items": "positive"},
    "column.update_count": {"period": "period"},
    "doc.late_publication": {"max_workdays": "positive"},
    "doc.validity_missing": {"labels": "strings"},
    "interp.unlinked": {"link_texts": "strings"},
    "interp.late": {"max_workdays": "count"},
    "interp.missing": {"period_days": "positive", "scope": "scope", "exempt_titles": "strings"},
    "interp.reposted": {"higher_level": "strings", "own_sources": "strings"},
    "interp.forms": {"period_days": "positive", "keywords": "strings"},
}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _is_regex(value: Any) -> bool:
    try:
        re.compile(value)
    except (re.error, TypeError):
        return False
    return isinstance(value, str)


_KIND_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "count": (lambda v: _is_int(v) and v >= 0, "必须是非负整数"),
    "positive": (lambda v: _is_int(v) and v > 0, "必须是正整数"),
    "ratio": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v <= 1,
              "必须是 0 到 1 之间的小数（如 0.6）"),
    "strings": (_is_strings, "必须是字符串列表"),
    "regex": (_is_regex, "必须是有效的正则表达式"),
    "period": (lambda v: v in ("quarter", "month", "year") or (_is_int(v) and v > 0),
               "必须是 quarter、month、year 或正整数（天数）"),
    "scope": (lambda v: v in ("normative", "all"), "必须是 normative 或 all"),
}


def _check(doc: YamlDoc, path: tuple, value: Any, kind: str) -> None:
    ok, message = _KIND_CHECKS[kind]
    if not ok(value):
        raise doc.error(path, message)


def _validate_params(doc: YamlDoc, rid: str, params: dict) -> None:
    for key, kind in _PARAM_KINDS.get(rid, {}).items():
        if key in params:
            _check(doc, ("rules", rid, key), params[key], kind)


def _calendar_day(doc: YamlDoc, path: tuple, value: Any, year: int) -> date:
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        raise doc.error(path, f"必须是日期（如 {year}-01-01）或 [起, 止] 日期对") from None
    if day.year != year:
        raise doc.error(path, f"日期 {day.isoformat()} 不在 {year} 年")
    return day


def _validate_calendar(doc: YamlDoc, calendar: Any) -> None:
    """calendar: {years: {YYYY: {holidays: [day | [first, last]], workdays: [...]}}}."""
    if calendar is None:
        return
    if not isinstance(calendar, dict):
        raise doc.error(("calendar",), "必须是映射")
    for key in calendar:
        if key != "years":
            raise doc.error(("calendar", key), "未知的配置项, 可用: years")
    years = calendar.get("years") or {}
    if not isinstance(years, dict):
        raise doc.error(("calendar", "years"), "必须是以年份为键的映射")
    for year, spec in years.items():
        path = ("calendar", "years", year)
        if not re.fullmatch(r"\d{4}", str(year)):
            raise doc.error(path, "键必须是四位年份")
        if not isinstance(spec, dict):
            raise doc.error(path, "必须是映射, 含 holidays 与 workdays")
        for key, entries in spec.items():
            if key not in ("holidays", "workdays"):
                raise doc.error(path + (key,), "未知的配置项, 可用: holidays, workdays")
            if not isinstance(entries, list):
                raise doc.error(path + (key,), "必须是日期列表")
            for i, entry in enumerate(entries):
                if isinstance(entry, list):
                    if len(entry) != 2:
                        raise doc.error(path + (key, i), "日期区间必须是 [起, 止]")
                    first, last = (_calendar_day(doc, path + (key, i), e, int(year)) for e in entry)
                    if last < first:
                        raise doc.error(path + (key, i), "日期区间的止日早于起日")
                else:
                    _calendar_day(doc, path + (key, i), entry, int(year))


_DOCUMENT_KINDS = {"document_types": "types", "interpretation_types": "types",
                   "not_normative_types": "types", "normative_columns": "strings",
                   "normative_number": "regex", "normative_titles": "strings"}


def _validate_documents(doc: YamlDoc, section: Any, merged: dict) -> None:
    """documents: which column types hold documents and 解读, what a 规范性文件 looks like."""
    if section is None:
        return
    if not isinstance(section, dict):
        raise doc.error(("documents",), "必须是映射")
    types = set(merged.get("column_types", {}))
    for key, value in section.items():
        kind = _DOCUMENT_KINDS.get(key)
        if kind is None:
            raise doc.error(("documents", key), f"未知的配置项, 可用: {', '.join(_DOCUMENT_KINDS)}")
        if kind != "types":
            _check(doc, ("documents", key), value, kind)
            continue
        _check(doc, ("documents", key), value, "strings")
        for i, tid in enumerate(value):
            if tid not in types:
                raise doc.error(("documents", key, i), f"未知的栏目类型 {tid!r}")


def _validate_required_columns(doc: YamlDoc, section: Any) -> None:
    """required_columns: {government|department: [{name, synonyms: [...]}]}."""
    if section is None:
        return
    if not isinstance(section, dict):
        raise doc.error(("required_columns",), "必须是以单位类型为键的映射")
    for kind, entries in section.items():
        path = ("required_columns", kind)
        if kind not in ("government", "department"):
            raise doc.error(path, "单位类型必须是 government 或 department")
        if not isinstance(entries, list):
            raise doc.error(path, "必须是栏目列表")
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict):
                raise doc.error(path + (i,), "必须是映射, 如 {name: 行政许可, synonyms: [许可]}")
            for key in entry:
                if key not in ("name", "synonyms"):
                    raise doc.error(path + (i, key), "未知的配置项, 可用: name, synonyms")
            if not isinstance(entry.get("name"), str) or not entry["name"].strip():
                raise doc.error(path + (i, "name"), "缺少栏目名称")
            _check(doc, path + (i, "synonyms"), entry.get("synonyms", []), "strings")


def load_profile(path: str | Path | None = None, known_rules: set[str] | None = None) -> Profile:
    """The default profile, overridden by `path` when given; errors name file, line and key."""
    default = load_yaml(DEFAULT_PROFILE_PATH)
    if path is None:
        return Profile(default.data, "default")
    doc = load_yaml(path)
    if doc.data is None:
        raise ConfigError(str(path), None, "", "文件为空")
    if not isinstance(doc.data, dict):
        raise doc.error((), "规则配置必须是映射 (mapping)")
    merged = _merge(default.data, doc.data)
    _validate(doc, merged, known_rules or set())
    return Profile(merged, str(path))
