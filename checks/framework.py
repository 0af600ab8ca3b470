"""What a rule is and what it returns (Lighthouse-style audits over gathered artifacts).

A rule is a small module-level `Rule` with a stable id (RULES.md), a Chinese title, a
severity, the indicator it feeds, and one pure `audit(snapshot, profile, as_of)` function.
It yields `Finding`s for what is wrong and `NotChecked` for what it could not judge (a page
that failed to load): the latter become crawl problems, never accusations.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from checks.profile import Profile
    from checks.snapshot import UnitSnapshot

SEVERITIES = ("veto", "major", "minor", "info")
SEVERITY_LABELS = {"veto": "单项否决", "major": "扣分项", "minor": "规范性问题", "info": "提示"}


@dataclass(frozen=True)
class Finding:
    """One violation found by a rule, with the evidence a person can verify."""

    rule: str
    url: str
    message: str
    evidence: dict = field(default_factory=dict)
    column: str | None = None
    locator: str | None = None  # identity across crawls; defaults to the url
    severity: str | None = None  # overrides the rule's severity (e.g. an old-format number: info)

    @property
    def key(self) -> str:
        return self.locator or self.url


@dataclass(frozen=True)
class NotChecked:
    """A rule could not judge `url` (not loaded, not parsed): a crawl problem, not a finding."""

    rule: str
    url: str
    reason: str


AuditResult = Iterable[Union[Finding, NotChecked]]
AuditFn = Callable[["UnitSnapshot", "Profile", date], AuditResult]


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str
    indicator: str
    description: str
    audit: AuditFn

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.id}: unknown severity {self.severity!r}")
