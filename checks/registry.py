"""Every implemented rule, in the catalogue order of RULES.md."""
from __future__ import annotations

from checks import (
    annual_report,
    column_coverage,
    column_freshness,
    consultations,
    content_quality,
    documents,
    footer_marks,
    grassroots,
    guide,
    interpretation,
    links,
    meta_labels,
    page_security,
    site_availability,
    site_health,
    site_transport,
)
from checks.framework import Rule

RULES: tuple[Rule, ...] = (
    *site_health.RULES,
    *site_availability.RULES,
    *footer_marks.RULES,
    *meta_labels.RULES,
    *column_freshness.RULES,
    *column_coverage.RULES,
    *documents.RULES,
    *interpretation.RULES,
    *guide.RULES,
    *annual_report.RULES,
    *consultations.RULES,
    *links.RULES,
    *content_quality.RULES,
    *page_security.RULES,
    *site_transport.RULES,
    *grassroots.RULES,
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

if len(RULES_BY_ID) != len(RULES):
    raise RuntimeError("duplicate rule id in checks.registry")
