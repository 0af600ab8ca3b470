"""The HTML report in a real browser: the system headless Chromium over file://.

Needs /usr/bin/chromium and /usr/bin/chromedriver (Debian: `apt-get install chromium
chromium-driver fonts-noto-cjk`); skipped without them.
"""
from __future__ import annotations

import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest

from reports.html_report import build_report
from storage.db import session_scope
from tests.report_samples import UNIT_A, UNIT_B, build_sample_db

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).parent / "_artifacts"


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("browser")
    sample = build_sample_db(tmp)
    with session_scope(sample.engine) as s:
        index = build_report(s, tmp / "report", generated_at=datetime(2024, 5, 20, 7, 30),
                             since=date(2024, 5, 20))
    return index.parent


@pytest.fixture(scope="module")
def driver():
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="zwgk-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    drv.set_page_load_timeout(30)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _open(driver, page: Path) -> None:
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(page.as_uri())


def _visible_rows(driver, scope: str = "main") -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0] + ' [data-filter-row]'))"
        ".filter(function (r) { return r.offsetParent !== null; })"
        ".map(function (r) { return r.getAttribute('data-unit'); });", scope)


def _type_filter(driver, text: str) -> None:
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.CSS_SELECTOR, '[data-filter="q"]')
    box.clear()
    box.send_keys(text)


def _assert_no_alert(driver) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 — raises when no alert is open


def test_every_page_loads_without_console_errors(driver, report):
    pages = [report / "index.html", report / "health.html", *sorted((report / "units").glob("*.html")),
             *sorted((report / "rules").glob("*.html"))]
    for page in pages:
        _open(driver, page)
        _assert_no_alert(driver)
        severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert severe == [], f"{page.name}: {severe}"
        assert driver.execute_script("return !!document.querySelector('[data-filter-count]')"
                                     " && document.querySelector('[data-filter-count]').textContent")


def test_filter_box_narrows_the_unit_table_to_the_typed_unit(driver, report):
    _open(driver, report / "index.html")
    assert _visible_rows(driver, "#units-table") == [UNIT_A, UNIT_B]
    _type_filter(driver, UNIT_B)
    assert _visible_rows(driver, "#units-table") == [UNIT_B]
    _type_filter(driver, "")
    assert len(_visible_rows(driver, "#units-table")) == 2


def test_filter_box_narrows_failed_pages_by_unit_name(driver, report):
    _open(driver, report / "health.html")
    assert sorted(_visible_rows(driver)) == sorted([UNIT_A, UNIT_A, UNIT_B, UNIT_B])
    _type_filter(driver, UNIT_A)
    assert _visible_rows(driver) == [UNIT_A, UNIT_A]


def test_severity_select_narrows_a_units_findings(driver, report):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    _open(driver, report / "units" / "1.html")
    assert len(_visible_rows(driver)) == 4  # 3 open + 1 fixed
    Select(driver.find_element(By.CSS_SELECTOR, '[data-filter="sev"]')).select_by_value("veto")
    assert len(_visible_rows(driver)) == 1
    count = driver.find_element(By.CSS_SELECTOR, "[data-filter-count]").text
    assert count == "显示 1 / 4 条"


def test_injected_script_and_onerror_never_run(driver, report):
    _open(driver, report / "units" / "1.html")
    _assert_no_alert(driver)
    assert driver.execute_script("return typeof window.__xss") == "undefined"
    # The payload is shown to the reader as text.
    assert "<script>window.__xss=1;alert(1)</script>" in driver.find_element("tag name", "main").text
    assert driver.execute_script("return document.querySelectorAll('main script, main img').length") == 0


def test_javascript_url_is_not_clickable(driver, report):
    _open(driver, report / "units" / "1.html")
    hrefs = driver.execute_script("return Array.from(document.links).map(function (a) { return a.href; });")
    assert hrefs and all(h.startswith(("http://", "https://", "file://")) for h in hrefs), hrefs


def test_dashboard_draws_the_trend_chart(driver, report):
    _open(driver, report / "index.html")
    box = driver.execute_script(
        "var r = document.querySelector('svg.chart').getBoundingClientRect();"
        "return [r.width, r.height];")
    assert box[0] > 400 and box[1] > 100
    # two crawls: 5 then 7 open findings, stacked by severity
    totals = driver.execute_script(
        "return Array.from(document.querySelectorAll('svg.chart text.total')).map(function (t) {"
        " return t.textContent; });")
    assert totals == ["5", "7"]
    fills = driver.execute_script(
        "return Array.from(document.querySelectorAll('svg.chart rect')).map(function (r) {"
        " return getComputedStyle(r).fill; });")
    assert len(fills) == 7 and "rgb(180, 35, 24)" in fills  # the veto colour from report.css


def test_dashboard_shows_a_ranking_table_per_unit_kind(driver, report):
    _open(driver, report / "index.html")
    rows = driver.execute_script(
        "return Array.from(document.querySelectorAll('table.ranking tbody tr')).map(function (r) {"
        " return Array.from(r.cells).map(function (c) { return c.textContent.trim(); }); });")
    assert rows == [["1", UNIT_B, "7.00", "54.90", "10.00", "20.00", "7.00", "98.90", "单项否决"],
                    ["1", UNIT_A, "9.80", "53.00", "10.00", "10.00", "16.00", "0.00", "98.80", "单项否决"]]


def _full_page_screenshot(driver, page: Path, name: str) -> Path:
    _open(driver, page)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(height + 120, 6000))
    try:
        path = ARTIFACTS / name
        driver.save_screenshot(str(path))
    finally:
        driver.set_window_size(1400, 1000)
    return path


def test_screenshots_of_the_dashboard_and_a_unit_page(driver, report):
    ARTIFACTS.mkdir(exist_ok=True)
    dashboard = _full_page_screenshot(driver, report / "index.html", "report.png")
    unit = _full_page_screenshot(driver, report / "units" / "1.html", "report_unit.png")
    assert dashboard.stat().st_size > 10_000 and unit.stat().st_size > 10_000
