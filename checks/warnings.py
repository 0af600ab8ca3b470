"""Early warnings (预警): a value that is not yet a violation but close to the rule's threshold.

A warning is a `Finding` of the rule it warns about (rule ids stay those of RULES.md) with
severity `info`, a message starting with “预警：”, evidence `{"warning": true, "veto_at": N}`
(N: the value at which the rule's own finding starts — a veto threshold for site.* and
consult.*, a column's update window for column.stale) and a locator of its own (`…#预警`), so
that a warning and the finding that may follow it are tracked as two rows.

The warning thresholds are profile parameters of the rule (e.g. `column.stale.warn_days_before`);
a rule yields either its finding or its warning for one place, never both.
"""
from __future__ import annotations

from checks.framework import Finding

WARNING_PREFIX = "预警："
WARNING_LOCATOR_SUFFIX = "#预警"


def in_warning_zone(value: float, warn_at: float | None, veto_at: float) -> bool:
    """Whether `value` has reached the warning threshold but not yet the rule's own."""
    return warn_at is not None and warn_at <= value < veto_at


def early_warning(rule_id: str, url: str, message: str, evidence: dict, *, veto_at: float,
                  column: str | None = None, locator: str | None = None) -> Finding:
    """A 预警 of `rule_id` at `url`: severity info, message “预警：…”, evidence flagged."""
    return Finding(rule_id, url, WARNING_PREFIX + message,
                   {**evidence, "warning": True, "veto_at": veto_at}, column=column,
                   locator=(locator or url) + WARNING_LOCATOR_SUFFIX, severity="info")
