"""Rendering a page as a browser shows it, with the system's headless Chromium.

Only the few pages whose content a script builds are rendered (the spider decides and keeps a
budget per unit): the request URL gets the scheme ``render+http`` / ``render+https`` and this
download handler answers it with the DOM Chromium dumps after the page's scripts ran
(``--dump-dom``, a fresh profile per render, a hard timeout). Chromium is looked for as
``$ZWGK_CHROMIUM``, then ``chromium``, ``chromium-browser``, ``google-chrome`` on the PATH.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile

from scrapy import Request
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.http import HtmlResponse
from scrapy.utils.asyncio import run_in_thread

__all__ = ["RENDER_PREFIX", "RenderError", "ChromiumDownloadHandler", "find_chromium",
           "render_dom", "render_url"]

RENDER_PREFIX = "render+"
_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Time the page's scripts get (virtual time: timers fire at once), and the wall-clock limit.
SCRIPT_BUDGET_MS = 5000
DEFAULT_TIMEOUT = 45.0


class RenderError(Exception):
    """Chromium is missing, failed, or ran out of time."""


def find_chromium() -> str | None:
    """The Chromium executable to use, or None when there is none."""
    configured = os.environ.get("ZWGK_CHROMIUM")
    if configured is not None:
        return configured if os.path.isfile(configured) and os.access(configured, os.X_OK) else None
    return next((path for path in map(shutil.which, _NAMES) if path), None)


def render_url(url: str) -> str:
    """The request URL that asks the download handler to render ``url``."""
    return RENDER_PREFIX + url


def render_dom(url: str, user_agent: str, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The DOM of ``url`` after its scripts ran, as HTML text."""
    chromium = find_chromium()
    if chromium is None:
        raise RenderError("render_unavailable: 未找到 Chromium（可用环境变量 ZWGK_CHROMIUM 指定）")
    with tempfile.TemporaryDirectory(prefix="zwgk-chromium-") as profile:
        cmd = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--disable-extensions", "--disable-sync",
               "--no-first-run", "--no-default-browser-check", "--mute-audio", "--hide-scrollbars",
               "--blink-settings=imagesEnabled=false", f"--user-data-dir={profile}",
               f"--user-agent={user_agent}", f"--virtual-time-budget={SCRIPT_BUDGET_MS}",
               "--dump-dom", url]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # Chromium's own helper processes too
            proc.communicate()
            raise RenderError(f"render_timeout: Chromium 未在 {timeout:g} 秒内完成") from None
    if proc.returncode != 0 or not out.strip():
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise RenderError(f"render_failed: Chromium 退出码 {proc.returncode} {tail[0][:200]}")
    return out.decode("utf-8", "replace")


class ChromiumDownloadHandler(BaseDownloadHandler):
    """Download handler of the ``render+http(s)`` schemes (see the module docstring)."""

    async def download_request(self, request: Request) -> HtmlResponse:
        url = request.url.removeprefix(RENDER_PREFIX)
        agent = (request.headers.get(b"User-Agent") or b"").decode("latin-1") or \
            str(self.crawler.settings.get("USER_AGENT"))
        timeout = float(self.crawler.settings.getfloat("ZWGK_RENDER_TIMEOUT", DEFAULT_TIMEOUT))
        dom = await run_in_thread(render_dom, url, agent, timeout)
        return HtmlResponse(url=request.url, body=dom.encode("utf-8"), encoding="utf-8",
                            headers={"Content-Type": "text/html; charset=utf-8"}, request=request)
