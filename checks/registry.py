"""Every implemented rule, in the catalogue order of RULES.md."""
from __future__ import annotations

from checks import column_freshness, documents, footer_marks, links, meta_labels
from checks.framework import Rule

RULES: tuple[Rule, ...] = (
    *footer_marks.RULES,
    *meta_labels.RULES,
    *column_freshness.RULES,
    *documents.RULES,
    *links.RULES,
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

if len(RULES_BY_ID) != len(RULES):
    raise RuntimeError("duplicate rule id in checks.registry")
