"""Reading data out of page scripts without running them.

Government CMS pages keep column trees (zTree ``zNodes``), channel lists and the settings of
the list API calls in JavaScript object literals. This module parses those literals
tolerantly into Python values: JSON plus single quotes, unquoted keys, trailing commas,
comments, ``undefined``. A value that is not a literal (a function, a call, an arithmetic
expression, a variable) is kept as :class:`JsExpr` with its source text, so the keys around
it still parse; :func:`eval_concat` evaluates the common ``'/api/list?c=' + channelId``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["JsExpr", "parse_value", "js_literals", "js_variables", "eval_concat", "resolve_value"]


@dataclass(frozen=True)
class JsExpr:
    """A value that is not a literal: its source text (``channelId``, ``function(){…}``)."""

    text: str


class _Fail(Exception):
    pass


_WS = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)*", re.S)
_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_NUMBER = re.compile(r"-?(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)")
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0",
           "\n": "", "\r\n": ""}
_CONSTANTS = {"true": True, "false": False, "null": None, "undefined": None}
_CLOSERS = {"{": "}", "[": "]", "(": ")"}
MAX_DEPTH = 40


def _unescape(body: str) -> str:
    def repl(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc[0] == "u":
            return chr(int(esc[2:-1] if esc[1] == "{" else esc[1:], 16))
        if esc[0] == "x":
            return chr(int(esc[1:], 16))
        return _SIMPLE.get(esc, esc)

    return _ESCAPE.sub(repl, body) if "\\" in body else body


def _skip(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()


def _string(text: str, pos: int) -> tuple[str, int]:
    quote = text[pos]
    i = pos + 1
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == quote:
            return _unescape(text[pos + 1:i]), i + 1
        if c == "\n" and quote != "`":
            raise _Fail
        i += 1
    raise _Fail


def _expression_end(text: str, pos: int) -> int:
    """End of a non-literal expression: the next `,` `}` `]` `)` `;` at bracket depth 0."""
    depth = 0
    i, n = pos, len(text)
    while i < n:
        c = text[i]
        if c in "'\"`":
            _, i = _string(text, i)
            continue
        if c == "/" and text.startswith(("//", "/*"), i):
            i = _skip(text, i)
            continue
        if c in "{[(":
            depth += 1
        elif c in "}])":
            if depth == 0:
                return i
            depth -= 1
        elif c in ",;" and depth == 0:
            return i
        i += 1
    return n


def _value(text: str, pos: int, depth: int) -> tuple[Any, int]:
    if depth > MAX_DEPTH:
        raise _Fail
    pos = _skip(text, pos)
    if pos >= len(text):
        raise _Fail
    c = text[pos]
    start = pos
    if c == "{":
        value, pos = _object(text, pos, depth)
    elif c == "[":
        value, pos = _array(text, pos, depth)
    elif c in "'\"`":
        value, pos = _string(text, pos)
    else:
        m = _NUMBER.match(text, pos)
        ident = _IDENT.match(text, pos)
        if m and not ident:
            raw = m.group(0)
            value = int(raw, 16) if raw.lower().startswith(("0x", "-0x")) else \
                float(raw) if any(ch in raw for ch in ".eE") else int(raw)
            pos = m.end()
        elif ident and ident.group(0) in _CONSTANTS and \
                _skip(text, ident.end()) < len(text) and text[_skip(text, ident.end())] in ",}]);":
            value, pos = _CONSTANTS[ident.group(0)], ident.end()
        else:
            end = _expression_end(text, pos)
            if end == pos:
                raise _Fail
            return JsExpr(text[pos:end].strip()), end
    after = _skip(text, pos)
    if after < len(text) and text[after] not in ",}]);:" and not text.startswith(("//", "/*"), after):
        # `'a' + b`, `x.y()`: an expression that only starts with a literal
        end = _expression_end(text, start)
        return JsExpr(text[start:end].strip()), end
    return value, pos


def _object(text: str, pos: int, depth: int) -> tuple[dict, int]:
    out: dict[str, Any] = {}
    pos += 1
    while True:
        pos = _skip(text, pos)
        if pos >= len(text):
            raise _Fail
        if text[pos] == "}":
            return out, pos + 1
        if text[pos] in "'\"":
            key, pos = _string(text, pos)
        else:
            m = _IDENT.match(text, pos) or _NUMBER.match(text, pos)
            if not m:
                raise _Fail
            key, pos = m.group(0), m.end()
        pos = _skip(text, pos)
        if pos < len(text) and text[pos] in ",}":  # shorthand {channelId}
            out[key] = JsExpr(key)
        else:
            if pos >= len(text) or text[pos] != ":":
                raise _Fail
            out[key], pos = _value(text, pos + 1, depth + 1)
        pos = _skip(text, pos)
        if pos < len(text) and text[pos] == ",":
            pos += 1
        elif pos >= len(text) or text[pos] != "}":
            raise _Fail


def _array(text: str, pos: int, depth: int) -> tuple[list, int]:
    out: list[Any] = []
    pos += 1
    while True:
        pos = _skip(text, pos)
        if pos >= len(text):
            raise _Fail
        if text[pos] == "]":
            return out, pos + 1
        if text[pos] == ",":  # hole
            pos += 1
            continue
        value, pos = _value(text, pos, depth + 1)
        out.append(value)
        pos = _skip(text, pos)
        if pos < len(text) and text[pos] == ",":
            pos += 1
        elif pos >= len(text) or text[pos] != "]":
            raise _Fail


def parse_value(text: str, pos: int = 0) -> tuple[Any, int] | None:
    """The literal starting at ``pos`` and the position after it, or None if it is not one."""
    try:
        return _value(text, pos, 0)
    except (_Fail, ValueError, OverflowError, RecursionError):
        return None


_LITERAL_START = re.compile(r"(?:^|[=(:,\[]|\breturn)\s*([\[{])", re.M)


def js_literals(script: str, min_chars: int = 2) -> Iterator[Any]:
    """Every outermost object or array literal in ``script`` (JSON text included), in order."""
    pos = 0
    stripped = script.lstrip()
    if stripped[:1] in "[{":  # a JSON document (or a JS file that is one literal)
        found = parse_value(script, len(script) - len(stripped))
        if found is not None:
            yield found[0]
            return
    while True:
        m = _LITERAL_START.search(script, pos)
        if m is None:
            return
        start = m.start(1)
        found = parse_value(script, start)
        if found is None or found[1] - start < min_chars or isinstance(found[0], JsExpr):
            pos = start + 1
            continue
        yield found[0]
        pos = found[1]


_VAR = re.compile(r"(?:\b(?:var|let|const)\s+|(?<![\w$.]))([A-Za-z_$][\w$]*)\s*=(?![=>])")


def js_variables(script: str) -> dict[str, Any]:
    """``name = literal`` assignments in ``script`` (the first literal of each name wins)."""
    out: dict[str, Any] = {}
    for m in _VAR.finditer(script):
        name = m.group(1)
        if name in out or name in _CONSTANTS:
            continue
        found = parse_value(script, m.end())
        if found is not None and not isinstance(found[0], JsExpr):
            out[name] = found[0]
    return out


_CONCAT_PART = re.compile(r"""\s*(?:(['"`])((?:\\.|(?!\1).)*)\1|([A-Za-z_$][\w$.]*)|(\d+))\s*(\+|$)""", re.S)


def eval_concat(expr: str, env: dict[str, Any]) -> str | None:
    """Evaluate ``'a' + name + 1`` with variables from ``env``; None when a part is unknown."""
    out: list[str] = []
    pos = 0
    expr = expr.strip()
    if not expr:
        return None
    while pos < len(expr):
        m = _CONCAT_PART.match(expr, pos)
        if m is None:
            return None
        if m.group(1):
            out.append(_unescape(m.group(2)))
        elif m.group(3):
            value = env.get(m.group(3))
            if value is None or isinstance(value, (dict, list, JsExpr)):
                return None
            out.append(str(value).lower() if isinstance(value, bool) else str(value))
        else:
            out.append(m.group(4))
        pos = m.end()
        if m.group(5) == "" and pos < len(expr):
            return None
    return "".join(out)


def resolve_value(value: Any, env: dict[str, Any]) -> Any:
    """A literal as is; a :class:`JsExpr` evaluated with ``env`` (None when it cannot be)."""
    if isinstance(value, JsExpr):
        if value.text in env and not isinstance(env[value.text], JsExpr):
            return env[value.text]
        return eval_concat(value.text, env)
    return value
