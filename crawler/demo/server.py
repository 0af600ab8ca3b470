"""A local server for portal trees: the bundled demo portals and the tests' own test portals.

Every sub-directory of a root is one portal, served by its own `ThreadingHTTPServer` on
127.0.0.1 at a free port, so each portal is its own origin::

    with serve_portals(DEMO_ROOT, today=date(2026, 11, 24)) as bases:
        bases["jiangcheng_gov"]        # 'http://127.0.0.1:41234/'

Portal files
    Stored UTF-8. ``index.html`` (or ``index.htm`` / ``index.shtml``) answers for its
    directory; there is no directory listing; a directory asked for without its trailing
    slash is redirected (301) to it; a missing path answers 404; GET and HEAD are supported;
    ``robots.txt`` is served when the portal has one. Content-Type follows the extension
    (a file without one is HTML). Files and directories whose names start with ``.`` and the
    portal's ``_portal.yaml`` are never served.

Query-string pages
    ``index.html@page=2`` is served for ``index.html?page=2`` (and for
    ``index.html?uid=8866&page=2``): a variant answers when all of its parameters are in the
    request's query string, the one naming the most parameters wins, and the plain file answers
    any other query string (as static servers ignore ``?v=123``).

Date tokens, rendered once when the server starts, relative to ``today`` (default
``date.today()``), in the content of text files (HTML, JS, CSS, TXT, XML, JSON) and in every
file and directory name (so ``{{d-3:ym}}/t{{d-3:ymd}}_1001.html`` is served at
``/202611/t20261121_1001.html`` when today is 2026-11-24):

    ==================  ==========================  ==========================
    token               meaning                     2026-11-24 gives
    ==================  ==========================  ==========================
    ``{{d-N}}``         today − N days, ISO         ``{{d-3}}`` → 2026-11-21
    ``{{d+N}}``         today + N days (any format)  ``{{d+7}}`` → 2026-12-01
    ``{{d-N:ymd}}``     YYYYMMDD                    20261121
    ``{{d-N:ym}}``      YYYYMM                      202611
    ``{{d-N:cn}}``      Chinese, no zero padding    2026年11月21日
    ``{{d-N:md}}``      MM-DD                       11-21
    ``{{d-N:dt}}``      YYYY-MM-DD 09:30            2026-11-21 09:30
    ``{{d-N:dts}}``     YYYY-MM-DD 09:30:00         2026-11-21 09:30:00
    ``{{d-N:Y}}``       the year of that day        2026
    ``{{d-N:Y-K}}``     that year − K               ``{{d-3:Y-1}}`` → 2025
    ``{{d-N:M}}``       month, no zero padding      11   (大汉 ``/art/2026/3/5/``)
    ``{{d-N:D}}``       day, no zero padding        21
    ``{{y}}``           the current year            2026
    ``{{y-K}}``         the current year − K        ``{{y-1}}`` → 2025
    ==================  ==========================  ==========================

    An unknown token format, or two files rendering to the same URL, fails at start.

``_portal.yaml`` (optional; every key optional)::

    encoding: gbk                   # text files are encoded to it when served (default utf-8)
    content_type_charset: false     # name the charset in Content-Type (default true)
    validators: false               # no ETag / Last-Modified, no 304 (default true)
    missing: {page: /404.html}      # soft 404: unknown paths answer 200 with this page
                                    # ({redirect: /} sends them to a path instead)
    behaviors:                      # per URL path (tokens allowed; "/x/" also covers /x/index.html)
      /zwgk/zcjd/: {status: 503, fail_first: 1}   # fail the first N requests, then serve normally
      /module/idea/list.jsp: {status: 403}         # always this status (no file needed)
      /slow/: {delay: 2.5}                         # wait before answering
      /old/: {redirect: "/new/"}                   # 302 (or `code: 301`) to that path or URL
    unit: {name: ..., kind: government, disclosure: /col/col1000/index.html}  # for demo_units

Each request, HEAD included, counts towards ``fail_first``. Nothing is logged to stderr unless
``verbose=True``; every request is recorded in ``Portal.requests`` (method, path, query,
status, User-Agent) for tests and benchmarks.

POST
    A POST is answered like a GET whose query string also holds the parameters of the
    request body (``application/x-www-form-urlencoded`` or a flat JSON object), so
    ``api/list@channel=zcwj&page=2`` answers ``POST /api/list`` with ``channel=zcwj&page=2``
    in its body (the list APIs that page scripts call).

Validators
    A file answered 200 carries an ``ETag`` (a hash of its bytes) and a ``Last-Modified`` (the
    time the portal was rendered), and a conditional GET (``If-None-Match`` /
    ``If-Modified-Since``) that still matches gets ``304 Not Modified``, as nginx does.
    ``validators: false`` in ``_portal.yaml`` turns both off (a dynamic site that sends none).

``python -m crawler.demo.server [--today YYYY-MM-DD] [--root DIR]`` serves the demo portals
(or another root) and prints their URLs until Ctrl-C.
"""
from __future__ import annotations

import argparse
import codecs
import datetime
import email.utils
import hashlib
import json
import os
import re
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit

import yaml

__all__ = [
    "DEMO_ROOT",
    "EXPECTED_FINDINGS",
    "Portal",
    "PortalServer",
    "RequestLog",
    "demo_units",
    "expected_findings",
    "render_tokens",
    "serve_portals",
]

DEMO_ROOT = Path(__file__).parent / "portals"
EXPECTED_FINDINGS = Path(__file__).parent / "expected_findings.yaml"
PORTAL_CONFIG = "_portal.yaml"

DEMO_CRAWL = {"delay": 0, "concurrency_per_host": 8, "obey_robots": True,
              "contact": "demo@example.gov.cn"}

_TOKEN = re.compile(
    r"\{\{\s*(?:d(?P<sign>[+-])(?P<days>\d+)(?::(?P<fmt>[A-Za-z]+)(?:-(?P<minus>\d+))?)?"
    r"|y(?:-(?P<years>\d+))?)\s*\}\}")

_DATE_FORMATS = {
    None: lambda d: d.isoformat(),
    "ymd": lambda d: d.strftime("%Y%m%d"),
    "ym": lambda d: d.strftime("%Y%m"),
    "cn": lambda d: f"{d.year}年{d.month}月{d.day}日",
    "md": lambda d: d.strftime("%m-%d"),
    "dt": lambda d: d.strftime("%Y-%m-%d 09:30"),
    "dts": lambda d: d.strftime("%Y-%m-%d 09:30:00"),
    "Y": lambda d: str(d.year),
    "M": lambda d: str(d.month),
    "D": lambda d: str(d.day),
}

_INDEX_FILES = ("index.html", "index.htm", "index.shtml")

_CONTENT_TYPES = {
    "": "text/html", ".html": "text/html", ".htm": "text/html", ".shtml": "text/html",
    ".jsp": "text/html", ".asp": "text/html", ".aspx": "text/html", ".php": "text/html",
    ".do": "text/html", ".js": "application/javascript", ".css": "text/css",
    ".txt": "text/plain", ".xml": "text/xml", ".json": "application/json",
    ".pdf": "application/pdf", ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".wps": "application/kswps", ".zip": "application/zip", ".rar": "application/x-rar-compressed",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".ico": "image/x-icon", ".svg": "image/svg+xml", ".mp4": "video/mp4",
}
_TEXT_TYPES = {"text/html", "application/javascript", "text/css", "text/plain", "text/xml",
               "application/json"}

_REASONS = {301: "Moved Permanently", 302: "Found", 303: "See Other", 307: "Temporary Redirect",
            308: "Permanent Redirect", 400: "Bad Request", 401: "Unauthorized",
            403: "Forbidden", 404: "Not Found", 410: "Gone", 429: "Too Many Requests",
            500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Temporarily Unavailable",
            504: "Gateway Time-out"}


# --------------------------------------------------------------------------- tokens

def render_tokens(text: str, today: datetime.date | None = None) -> str:
    """Replace the date tokens in ``text`` (see the module docstring) relative to ``today``."""
    today = today or datetime.date.today()

    def one(m: re.Match) -> str:
        if m.group("days") is None:
            return str(today.year - int(m.group("years") or 0))
        offset = int(m.group("days")) * (-1 if m.group("sign") == "-" else 1)
        day = today + datetime.timedelta(days=offset)
        fmt, minus = m.group("fmt"), m.group("minus")
        if minus is not None:
            if fmt != "Y":
                raise ValueError(f"date token {m.group(0)!r}: only the Y format takes '-K'")
            return str(day.year - int(minus))
        if fmt not in _DATE_FORMATS:
            raise ValueError(f"date token {m.group(0)!r}: unknown format {fmt!r}")
        return _DATE_FORMATS[fmt](day)

    return _TOKEN.sub(one, text)


# --------------------------------------------------------------------------- portal

@dataclass
class _Resource:
    path: Path
    content_type: str
    body: bytes


@dataclass(frozen=True)
class RequestLog:
    """One request a portal answered."""

    method: str
    path: str
    query: str
    status: int
    user_agent: str


@dataclass
class _Behavior:
    key: str
    status: int | None = None
    fail_first: int | None = None
    delay: float = 0.0
    redirect: str | None = None
    code: int = 302
    seen: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def failing_now(self) -> bool:
        """Whether this request gets ``status`` (counting it against ``fail_first``)."""
        if self.status is None:
            return False
        if self.fail_first is None:
            return True
        with self.lock:
            self.seen += 1
            return self.seen <= self.fail_first


def _load_config(directory: Path) -> dict[str, Any]:
    path = directory / PORTAL_CONFIG
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: must be a mapping")
    return data


class Portal:
    """One portal directory rendered for one ``today``: its route table and behaviours."""

    def __init__(self, directory: Path, today: datetime.date | None = None):
        self.directory = Path(directory)
        self.name = self.directory.name
        self.today = today or datetime.date.today()
        config = _load_config(self.directory)
        self.encoding = str(config.get("encoding") or "utf-8")
        codecs.lookup(self.encoding)  # an unknown encoding fails at start
        self.content_type_charset = bool(config.get("content_type_charset", True))
        self.unit = config.get("unit") or {}
        self.validators = bool(config.get("validators", True))
        missing = config.get("missing") or {}
        if not isinstance(missing, dict) or set(missing) - {"page", "redirect"}:
            raise ValueError(f"{self.name}: missing must be {{page: PATH}} or {{redirect: PATH}}")
        self.missing_page: str | None = missing.get("page")
        self.missing_redirect: str | None = missing.get("redirect")
        self.last_modified = email.utils.formatdate(time.time(), usegmt=True)
        self.requests: list[RequestLog] = []
        # url path -> [(query params, resource)], the plain file (no params) among them
        self.files: dict[str, list[tuple[dict[str, str], _Resource]]] = {}
        self.dirs: set[str] = {"/"}
        self._build_routes()
        self.behaviors: dict[str, _Behavior] = {}
        for key, spec in (config.get("behaviors") or {}).items():
            self._add_behavior(str(key), spec)

    # -- routes
    def reload(self) -> None:
        """Read the portal's files again after a test or benchmark changed them (between
        crawls: requests answered meanwhile may see half of the new files)."""
        self.files, self.dirs = {}, {"/"}
        self._build_routes()

    def _build_routes(self) -> None:
        for dirpath, dirnames, filenames in os.walk(self.directory):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                                 and d != "__pycache__")
            rel = Path(dirpath).relative_to(self.directory)
            url_dir = "/" + "".join(render_tokens(p, self.today) + "/" for p in rel.parts)
            self.dirs.add(url_dir)
            for fname in sorted(filenames):
                if fname.startswith(".") or (not rel.parts and fname == PORTAL_CONFIG):
                    continue
                rendered = render_tokens(fname, self.today)
                name, _, query = rendered.partition("@")
                params = dict(parse_qsl(query, keep_blank_values=True))
                url = url_dir + name
                variants = self.files.setdefault(url, [])
                if any(p == params for p, _ in variants):
                    raise ValueError(f"{self.name}: two files are served at {url}"
                                     f"{'?' + query if query else ''}")
                variants.append((params, self._resource(Path(dirpath) / fname, name)))

    def _resource(self, path: Path, name: str) -> _Resource:
        ext = os.path.splitext(name)[1].lower()
        ctype = _CONTENT_TYPES.get(ext, "application/octet-stream")
        raw = path.read_bytes()
        if ctype in _TEXT_TYPES:
            text = render_tokens(raw.decode("utf-8"), self.today)
            raw = text.encode(self.encoding, errors="xmlcharrefreplace")
            if self.content_type_charset:
                ctype += f"; charset={self.encoding}"
        return _Resource(path, ctype, raw)

    def resolve(self, path: str) -> str | None:
        """The URL path of the file that answers ``path`` (a directory's index), or None."""
        if path.endswith("/"):
            for index in _INDEX_FILES:
                if path + index in self.files:
                    return path + index
            return None
        return path if path in self.files else None

    def lookup(self, path: str, query: str) -> _Resource | None:
        key = self.resolve(path)
        if key is None:
            return None
        asked = dict(parse_qsl(query, keep_blank_values=True))
        fitting = [(len(p), r) for p, r in self.files[key]
                   if all(asked.get(k) == v for k, v in p.items())]
        return max(fitting, key=lambda t: t[0])[1] if fitting else None

    # -- behaviours
    def _add_behavior(self, key: str, spec: Any) -> None:
        if not isinstance(spec, dict):
            raise ValueError(f"{self.name}: behaviors[{key!r}] must be a mapping")
        unknown = set(spec) - {"status", "fail_first", "delay", "redirect", "code"}
        if unknown:
            raise ValueError(f"{self.name}: behaviors[{key!r}]: unknown keys {sorted(unknown)}")
        path = render_tokens(key, self.today)
        if not path.startswith("/"):
            raise ValueError(f"{self.name}: behaviors[{key!r}] must be a URL path")
        behavior = _Behavior(
            key=path,
            status=int(spec["status"]) if "status" in spec else None,
            fail_first=int(spec["fail_first"]) if "fail_first" in spec else None,
            delay=float(spec.get("delay", 0)),
            redirect=render_tokens(str(spec["redirect"]), self.today) if "redirect" in spec else None,
            code=int(spec.get("code", 302)),
        )
        self.behaviors[path] = behavior
        resolved = self.resolve(path)
        if resolved:
            self.behaviors.setdefault(resolved, behavior)

    def behavior_for(self, path: str) -> _Behavior | None:
        found = self.behaviors.get(path)
        if found is None:
            resolved = self.resolve(path)
            found = self.behaviors.get(resolved) if resolved else None
        return found


# --------------------------------------------------------------------------- HTTP

def _status_page(status: int) -> bytes:
    title = f"{status} {_REASONS.get(status, 'Error')}"
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
            f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n"
            f"</body>\r\n</html>\r\n").encode("ascii")


class _Handler(BaseHTTPRequestHandler):
    server_version = "nginx"
    sys_version = ""
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._serve(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(with_body=False)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        try:
            data = json.loads(raw) if raw.lstrip().startswith("{") else None
        except ValueError:
            data = None
        params = [(str(k), str(v)) for k, v in data.items()] if isinstance(data, dict) \
            else parse_qsl(raw, keep_blank_values=True)
        self._serve(with_body=True, extra=params)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    def _send(self, status: int, body: bytes, content_type: str, with_body: bool,
              headers: dict[str, str] | None = None) -> None:
        split = urlsplit(self.path)
        self.server.portal.requests.append(RequestLog(  # type: ignore[attr-defined]
            self.command, unquote(split.path), split.query, status,
            self.headers.get("User-Agent", "")))
        self.send_response(status, _REASONS.get(status))
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _serve(self, with_body: bool, extra: list[tuple[str, str]] | None = None) -> None:
        portal: Portal = self.server.portal  # type: ignore[attr-defined]
        split = urlsplit(self.path)
        path = unquote(split.path or "/")
        if not path.startswith("/") or ".." in path.split("/"):
            self._send(400, _status_page(400), "text/html", with_body)
            return
        behavior = portal.behavior_for(path)
        if behavior is not None:
            if behavior.delay:
                time.sleep(behavior.delay)
            if behavior.redirect is not None:
                host, port = self.server.server_address[:2]
                target = urljoin(f"http://{host}:{port}{path}", behavior.redirect)
                self._send(behavior.code, _status_page(behavior.code), "text/html", with_body,
                           {"Location": target})
                return
            if behavior.failing_now():
                self._send(behavior.status, _status_page(behavior.status), "text/html",
                           with_body)
                return
        query = split.query
        if extra:
            query = "&".join(filter(None, [query, urlencode(extra)]))
        resource = portal.lookup(path, query)
        if resource is None:
            if not path.endswith("/") and path + "/" in portal.dirs:
                host, port = self.server.server_address[:2]
                self._send(301, _status_page(301), "text/html", with_body,
                           {"Location": f"http://{host}:{port}{path}/"})
                return
            if portal.missing_redirect:  # a soft 404: every unknown path goes there
                host, port = self.server.server_address[:2]
                self._send(302, _status_page(302), "text/html", with_body,
                           {"Location": urljoin(f"http://{host}:{port}/", portal.missing_redirect)})
                return
            error_page = portal.lookup(portal.missing_page, "") if portal.missing_page else None
            if error_page is None:
                self._send(404, _status_page(404), "text/html", with_body)
                return
            resource = error_page  # a soft 404: the error template, answered 200
        if not portal.validators:
            self._send(200, resource.body, resource.content_type, with_body)
            return
        etag = '"' + hashlib.sha1(resource.body).hexdigest()[:20] + '"'
        headers = {"ETag": etag, "Last-Modified": portal.last_modified}
        if self._not_modified(etag, portal.last_modified):
            self._send(304, b"", resource.content_type, False, headers)
            return
        self._send(200, resource.body, resource.content_type, with_body, headers)

    def _not_modified(self, etag: str, last_modified: str) -> bool:
        """Whether a conditional GET's validators still match (If-None-Match wins)."""
        if self.command not in ("GET", "HEAD"):
            return False
        tags = self.headers.get("If-None-Match")
        if tags is not None:
            return etag in [t.strip().removeprefix("W/") for t in tags.split(",")] or tags.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            return email.utils.parsedate_to_datetime(since) >= \
                email.utils.parsedate_to_datetime(last_modified)
        except (TypeError, ValueError):
            return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, portal: Portal, verbose: bool):
        self.portal = portal
        self.verbose = verbose
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if self.verbose:  # a client hanging up mid-answer is no news otherwise
            super().handle_error(request, client_address)


class PortalServer:
    """One portal served on 127.0.0.1 at a free port, in a background thread."""

    def __init__(self, directory: Path, today: datetime.date | None = None,
                 verbose: bool = False):
        self.portal = Portal(directory, today)
        self.name = self.portal.name
        self._server = _Server(self.portal, verbose)
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> PortalServer:
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name=f"portal-{self.name}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def reload(self) -> None:
        """Re-read the portal directory (files, `_portal.yaml`) and keep serving on the same
        port: a test edits a copy of a portal between two crawls of the same URLs."""
        self.portal = self._server.portal = Portal(self.portal.directory, self.portal.today)


def _portal_dirs(root: Path) -> list[Path]:
    if not root.is_dir():
        raise FileNotFoundError(f"portal root {root} is not a directory")
    return sorted(p for p in root.iterdir()
                  if p.is_dir() and not p.name.startswith((".", "_")))


@contextmanager
def serve_portals(root: Path, today: datetime.date | None = None, *,
                  verbose: bool = False) -> Iterator[dict[str, str]]:
    """Serve every sub-directory of ``root`` as a portal of its own; yield
    ``{directory name: "http://127.0.0.1:PORT/"}`` and shut all of them down on exit."""
    servers: list[PortalServer] = []
    try:
        for directory in _portal_dirs(Path(root)):
            servers.append(PortalServer(directory, today, verbose))
        for server in servers:
            server.start()
        yield {s.name: s.base_url for s in servers}
    finally:
        for server in servers:
            server.stop()


# --------------------------------------------------------------------------- demo data

def demo_units(bases: dict[str, str]) -> dict:
    """The units config (DESIGN.md's YAML shape, as a dict) for the bundled portals served at
    ``bases`` (as yielded by ``serve_portals(DEMO_ROOT)``)."""
    units = []
    for dirname in sorted(bases):
        unit = _load_config(DEMO_ROOT / dirname).get("unit")
        if not unit:
            raise KeyError(f"{dirname!r} is not a bundled demo portal")
        base = bases[dirname]
        entry = {"name": unit["name"], "kind": unit["kind"], "home": base}
        if unit.get("disclosure"):
            entry["disclosure"] = urljoin(base, unit["disclosure"])
        units.append(entry)
    return {"crawl": dict(DEMO_CRAWL), "units": units}


def expected_findings(today: datetime.date | None = None) -> dict[str, list[dict]]:
    """``expected_findings.yaml`` with its date tokens rendered for ``today``:
    ``{"findings": [{unit, rule, url, why}], "traps": [{unit, url, what, why}]}``; ``url``
    is a path relative to the unit's portal base."""
    data = yaml.safe_load(EXPECTED_FINDINGS.read_text(encoding="utf-8")) or {}

    def render(entry: dict) -> dict:
        return {k: render_tokens(v, today) if isinstance(v, str) else v for k, v in entry.items()}

    return {"findings": [render(f) for f in data.get("findings") or []],
            "traps": [render(t) for t in data.get("traps") or []]}


# --------------------------------------------------------------------------- CLI

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.demo.server",
                                     description="Serve the demo portals on 127.0.0.1.")
    parser.add_argument("--today", type=datetime.date.fromisoformat,
                        help="render the date tokens as of this day (YYYY-MM-DD)")
    parser.add_argument("--root", type=Path, default=DEMO_ROOT,
                        help="directory of portals (default: the bundled demo portals)")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    with serve_portals(args.root, args.today, verbose=args.verbose) as bases:
        width = max((len(n) for n in bases), default=0)
        for name, url in bases.items():
            print(f"{name:{width}}  {url}", flush=True)
        print("Ctrl-C 停止", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
