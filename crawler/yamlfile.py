"""YAML loading that remembers where each key stood, so errors can name file, line and key."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


class ConfigError(Exception):
    """Bad input: a one-line reason naming the file, the line and the key (exit code 2)."""

    def __init__(self, source: str, line: int | None, key: str, message: str):
        self.source, self.line, self.key, self.reason = source, line, key, message
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")


@dataclass
class YamlDoc:
    """Parsed YAML plus the line (1-based) of every mapping key and sequence entry."""

    source: str
    data: Any
    lines: dict[Path_, int]

    def line(self, path: Path_) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None

    def error(self, path: Path_, message: str) -> ConfigError:
        return ConfigError(self.source, self.line(path), dotted(path), message)


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = key_node.value
            lines[path + (key,)] = key_node.start_mark.line + 1
            result[key] = _build(value_node, path + (key,), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, child in enumerate(node.value):
            lines[path + (i,)] = child.start_mark.line + 1
            items.append(_build(child, path + (i,), lines))
        return items
    return yaml.SafeLoader(yaml.serialize(node)).get_single_data() if node.tag.startswith(
        "tag:yaml.org,2002:") else node.value


def parse_yaml(text: str, source: str) -> YamlDoc:
    """Parse `text`; syntax errors become a ConfigError with the line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(source, mark.line + 1 if mark else None, "", f"YAML 语法错误: {problem}") from None
    lines: dict[Path_, int] = {}
    data = _build(node, (), lines) if node is not None else None
    return YamlDoc(source, data, lines)


def load_yaml(path: str | Path) -> YamlDoc:
    """Read and parse a YAML file; an unreadable file is a ConfigError too."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), None, "", f"无法读取: {exc}") from None
    return parse_yaml(text, str(path))
