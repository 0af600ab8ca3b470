"""The crawler against a hostile web (tests/faults/server.py): every fault ends as a crawl
problem with the right outcome and never as a finding, the crawl finishes complete with
bounded memory, what loaded is stored intact, redirects never leave the unit, and crawled
text cannot run in the report or in a spreadsheet.

The module crawls and checks the portal twice, for real (`zwgk crawl` in a process of its own,
bounded by CRAWL_TIMEOUT): with its faults, and served cleanly (the control, whose every page
is the same compliant page without the misbehaviour).
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import main
from crawler.outcomes import LABELS_ZH, Outcome
from spiders.portal import MAX_LIST_PAGES, MAX_STORED_LINKS
from tests.faults.harness import Result, Stored, stored, write_units, zwgk
from tests.test_report_browser import _assert_no_alert, _open, driver  # noqa: F401 - the fixture
from tests.faults.server import (
    CALENDAR,
    DOWN_UNIT,
    FAULTS,
    FORMULA_COLUMN,
    PLANTED,
    SITE,
    XSS_ANCHOR,
    XSS_TITLE,
    FaultPortal,
)

pytestmark = pytest.mark.faults

CRAWL_TIMEOUT = 180.0  # the harness's bound on one `zwgk crawl`: a hang fails, it is no speed test
MAX_CHILD_RSS_MB = 400
#: Pages whose markup differs from the control by design (not only their delivery).
UGLY = {FAULTS["links"].path, FAULTS["malformed"].path}


@dataclass(frozen=True)
class PortalRun:
    portal: FaultPortal
    db: str
    crawl: Result
    stored: Stored


def crawl_and_check(tmp: Path, **portal_options) -> PortalRun:
    with FaultPortal(**portal_options) as portal:
        config = write_units(portal.units(), tmp / "units.yaml")
        db = f"sqlite:///{tmp / 'zwgk.db'}"
        crawl = zwgk("crawl", "--config", str(config), "--db", db, timeout=CRAWL_TIMEOUT)
    assert crawl.code == 0, crawl.stderr[-3000:]
    check = CliRunner().invoke(main, ["check", "--db", db])
    assert check.exit_code == 0, check.output
    return PortalRun(portal, db, crawl, stored(db, portal.base))


@pytest.fixture(scope="module")
def faulty(tmp_path_factory) -> PortalRun:
    return crawl_and_check(tmp_path_factory.mktemp("faulty"))


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> PortalRun:
    return crawl_and_check(tmp_path_factory.mktemp("clean"), faults=False)


@pytest.fixture(scope="module")
def report(faulty, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    result = CliRunner().invoke(main, ["report", "--db", faulty.db, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def fault_ids(fault) -> str:
    return fault.name


FAILING = [f for f in FAULTS.values() if f.outcome != Outcome.OK]
READABLE = [f for f in FAULTS.values() if f.outcome == Outcome.OK]


# --- the crawl survives ---------------------------------------------------------------------

def test_crawl_of_the_hostile_portal_finishes_complete(faulty):
    assert faulty.stored.crawl_status == "complete"
    assert faulty.stored.unit_status == {SITE: "complete", DOWN_UNIT: "complete"}


def test_crawl_processes_stay_under_the_memory_bound(faulty):
    assert 0 < faulty.crawl.children_maxrss_kb < MAX_CHILD_RSS_MB * 1024


# --- faults are crawl problems, never findings ------------------------------------------------

@pytest.mark.parametrize("fault", FAILING, ids=fault_ids)
def test_fault_is_a_crawl_problem_with_its_outcome(faulty, fault):
    page = faulty.stored.page(SITE, fault.path)
    assert page is not None and page["outcome"] == fault.outcome, page
    assert (SITE, fault.path, fault.outcome) in faulty.stored.problems


@pytest.mark.parametrize("fault", READABLE, ids=fault_ids)
def test_fault_that_recovers_or_is_only_ugly_is_read(faulty, fault):
    page = faulty.stored.page(SITE, fault.path)
    assert (page["outcome"], page["title"]) == ("ok", fault.title)
    assert not [p for p in faulty.stored.problems
                if p[1] == fault.path and not p[2].startswith("not_checked:")]


def test_burst_of_503_is_retried_until_the_page_loads(faulty):
    assert faulty.stored.links[(SITE, FAULTS["burst"].path)] == \
        ("ok", ("server_error", "server_error", "ok"))


def test_redirect_within_the_site_is_stored_under_the_linked_url(faulty):
    page = faulty.stored.page(SITE, FAULTS["moved"].path)
    assert (page["outcome"], page["title"]) == ("ok", FAULTS["moved"].title)
    assert faulty.stored.page(SITE, "/faults/moved-here.html") is None


def test_faults_add_no_finding_to_those_of_the_control(faulty, clean):
    site_findings = {key: f["url"] for key, f in faulty.stored.findings.items() if key[0] == SITE}
    assert site_findings == {key: f["url"] for key, f in clean.stored.findings.items()}


def test_no_finding_names_a_fault_url(faulty):
    paths = [f.path for f in FAULTS.values()] + ["/down/"]
    for key, finding in faulty.stored.findings.items():
        if key[0] == DOWN_UNIT and key[1] == "site.unreachable":
            continue  # see test_unit_whose_home_resets_every_connection_is_judged_on_nothing_else
        text = json.dumps([key, finding], ensure_ascii=False)
        assert not [p for p in paths if p in text], key


def test_planted_problems_are_found_despite_the_faults(faulty, clean):
    for run in (faulty, clean):
        found = {(rule, f["url"]) for (unit, rule, _), f in run.stored.findings.items() if unit == SITE}
        assert {(p.rule, p.path) for p in PLANTED} <= found


def test_unit_whose_home_resets_every_connection_is_judged_on_nothing_else(faulty):
    """Its home failed on every attempt (connection reset): a crawl problem, and every rule that
    reads a page says NotChecked. Only `site.unreachable`, whose point is a home page that
    fails the way a visitor meets it on every spread-out attempt, may speak of it."""
    assert (DOWN_UNIT, "/down/", "connection_lost") in faulty.stored.problems
    rules = {rule for unit, rule, _ in faulty.stored.findings if unit == DOWN_UNIT}
    assert rules <= {"site.unreachable"}
    assert (DOWN_UNIT, "/down/", "not_checked:footer.site_id_code") in faulty.stored.problems


# --- what loaded is intact --------------------------------------------------------------------

def test_pages_read_beside_the_faults_are_stored_as_in_the_control(faulty, clean):
    compared = 0
    for key, page in clean.stored.pages.items():
        if page["outcome"] != "ok" or key[1] in UGLY | {f.path for f in FAILING} \
                or key[1].startswith(CALENDAR.path):
            continue
        assert faulty.stored.pages.get(key) == page, key
        compared += 1
    assert compared >= 10


def test_list_entries_beside_the_faults_are_stored_as_in_the_control(faulty, clean):
    def outside_calendar(items):
        return {k: v for k, v in items.items() if not k[1].startswith(CALENDAR.path)}

    assert outside_calendar(faulty.stored.items) == outside_calendar(clean.stored.items)


# --- budgets ----------------------------------------------------------------------------------

def test_endless_calendar_is_read_within_the_list_page_budget(faulty):
    list_pages = [r for r in faulty.portal.requests if r.path == CALENDAR.path and r.query]
    assert 1 < len(list_pages) <= MAX_LIST_PAGES


def test_page_with_10000_links_gets_at_most_the_stored_links_checked(faulty):
    checks = faulty.portal.requested("/faults/links/")
    assert 0 < len(checks) <= MAX_STORED_LINKS
    stored_links = faulty.stored.page(SITE, FAULTS["links"].path)["data"]["article"]["links"]
    assert len(stored_links) == MAX_STORED_LINKS


# --- redirect safety --------------------------------------------------------------------------

def test_redirects_to_private_or_loopback_addresses_never_reach_them(faulty):
    for name in ("to-private", "to-localhost", "to-unspecified", "to-intranet"):
        assert faulty.stored.page(SITE, FAULTS[name].path)["error"].startswith(
            "off_scope: private address"), name
    assert faulty.portal.traps["private"].connections == []
    assert faulty.portal.traps["loopback"].connections == []


def test_redirect_to_another_host_is_off_scope_and_not_fetched(faulty):
    page = faulty.stored.page(SITE, FAULTS["offsite"].path)
    assert page["error"] == "off_scope: zwgk-offsite.invalid is not a host of this unit"


# --- safe outputs -----------------------------------------------------------------------------

def test_crawl_health_in_the_report_lists_every_failed_fault(report, faulty):
    health = (report / "health.html").read_text(encoding="utf-8")
    for fault in FAILING:
        assert faulty.portal.url(fault) in health, fault.name
        assert LABELS_ZH[Outcome(fault.outcome)] in health, fault.name


def test_crawled_markup_is_escaped_in_every_report_page(report):
    pages = list(report.rglob("*.html"))
    text = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert "window.__xss" in text  # the payloads are shown …
    for payload in (XSS_TITLE, XSS_ANCHOR, "<script>window", "<img src=x", "javascript:window"):
        assert payload not in text  # … as text, never as markup or link


@pytest.mark.browser
def test_script_payloads_of_crawled_pages_never_run_in_the_report(report, driver):  # noqa: F811
    shown = ""
    for page in sorted(report.rglob("*.html")):
        _open(driver, page)
        _assert_no_alert(driver)
        assert driver.execute_script("return typeof window.__xss") == "undefined", page
        hrefs = driver.execute_script("return Array.from(document.links).map(function (a) { return a.href; });")
        assert all(h.startswith(("http://", "https://", "file://")) for h in hrefs), page
        shown += driver.execute_script("return document.body.textContent")
    assert XSS_TITLE in shown and XSS_ANCHOR in shown  # shown to the reader, as text


def test_exported_cells_of_crawled_text_cannot_run_as_formulas(faulty, tmp_path):
    out = tmp_path / "f.csv"
    result = CliRunner().invoke(main, ["export", "--db", faulty.db, "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert any(cell == "'" + FORMULA_COLUMN for row in rows for cell in row)
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@")]


def test_exported_xlsx_has_no_formula_from_crawled_text(faulty, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "f.xlsx"
    result = CliRunner().invoke(main, ["export", "--db", faulty.db, "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    cells = [c for ws in load_workbook(out).worksheets for row in ws.iter_rows() for c in row]
    assert "'" + FORMULA_COLUMN in [c.value for c in cells]
    assert [c for c in cells if c.data_type == "f"] == []
