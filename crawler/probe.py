"""`zwgk probe`: the light availability prober behind `site.availability`.

Run many times a day (`zwgk schedule` installs it every 30 minutes: 48 probes a day, the rule
needs ≥ 20), it asks each unit's home page once with a plain GET and records whether the page
loaded within the timeout (15 s by default, `rules.site.availability.timeout_seconds` of the
profile): one thread per unit, no Scrapy, no parsing, one batch insert. A probe is *ok* when
the answer, after redirects, is 2xx and its whole body (at most `MAX_BYTES`) arrived in time.

When every probe of a run fails, the prober's own network is the likely cause, not every
site at once: such a run is not stored (and exits 1), so it can never count against a site.
"""
from __future__ import annotations

import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from crawler.config import UnitsConfig

MAX_BYTES = 5 * 1024 * 1024
MAX_THREADS = 32


@dataclass(frozen=True)
class ProbeResult:
    unit: str
    url: str
    probed_at: datetime
    ok: bool
    http_status: int | None
    elapsed_ms: int
    error: str | None


def probe_url(unit: str, url: str, timeout: float, user_agent: str) -> ProbeResult:
    """One GET of `url`, read to the end (or `MAX_BYTES`) within `timeout` seconds in all."""
    started, at = time.monotonic(), datetime.now()
    status: int | None = None
    error: str | None = None
    # the User-Agent goes out as UTF-8 bytes, as Scrapy sends it (http.client writes latin-1)
    request = urllib.request.Request(url, headers={
        "User-Agent": user_agent.encode("utf-8").decode("latin-1"), "Accept": "text/html,*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
            read = 0
            while chunk := response.read(65536):
                read += len(chunk)
                if time.monotonic() - started > timeout:
                    raise TimeoutError
                if read >= MAX_BYTES:
                    break
    except urllib.error.HTTPError as exc:
        status, error = exc.code, f"HTTP {exc.code}"
    except (TimeoutError, OSError) as exc:  # URLError, socket errors, resets
        reason = getattr(exc, "reason", exc)
        error = "timeout" if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError) \
            else f"{type(reason).__name__}: {reason}"[:300]
    elapsed = time.monotonic() - started
    if error is None and elapsed > timeout:
        error = "timeout"
    ok = error is None and status is not None and 200 <= status < 300
    return ProbeResult(unit, url, at, ok, status, int(elapsed * 1000), error)


def probe_units(config: UnitsConfig, timeout: float, default_user_agent: str) -> list[ProbeResult]:
    """Probe every unit's home page at once (one thread each, at most `MAX_THREADS`)."""
    with ThreadPoolExecutor(max_workers=min(MAX_THREADS, len(config.units))) as pool:
        return list(pool.map(lambda u: probe_url(u.name, u.home, timeout,
                                                 u.crawl.user_agent_for(default_user_agent)),
                             config.units))


def store_probes(db_url: str, config: UnitsConfig, results: list[ProbeResult]) -> None:
    from sqlalchemy import insert

    from storage import models as m
    from storage.db import init_db, make_engine, session_scope
    from storage.repository import ensure_unit

    engine = make_engine(db_url)
    try:
        init_db(engine)
        with session_scope(engine) as session:
            ids = {unit.name: ensure_unit(session, unit).id for unit in config.units}
            session.execute(insert(m.Probe), [
                {"unit_id": ids[r.unit], "url": r.url, "probed_at": r.probed_at, "ok": r.ok,
                 "http_status": r.http_status, "elapsed_ms": r.elapsed_ms, "error": r.error}
                for r in results])
    finally:
        engine.dispose()


def all_failed(results: list[ProbeResult]) -> bool:
    """Every probe failed, of at least two units: the prober is offline, not the sites."""
    return len(results) >= 2 and not any(r.ok for r in results)
