"""The rule profile: the default YAML shipped in the package, overridden by a city's own file."""
from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
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
        if key not in ("column_types", "rules"):
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
    if "other" not in merged.get("column_types", {}):
        raise doc.error(("column_types",), "缺少 other 类型")


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
