"""An auditor's decisions on findings: ignore one as 误报 / 不适用 (with a reason), or take that back.

Every decision is a row of `finding_decisions` (who, when, why): the audit trail. The finding
keeps its lifecycle (open / fixed) while ignored; its `ignored` flag mirrors the latest decision
and keeps it out of lists, exports and scores.
"""
from __future__ import annotations

import getpass
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import models as m

IGNORE, UNIGNORE = "ignore", "unignore"
IGNORE_KINDS = {"false_positive": "误报", "not_applicable": "不适用"}
ACTION_LABELS = {IGNORE: "忽略", UNIGNORE: "取消忽略"}


class DecisionError(ValueError):
    """A decision that cannot be taken (unknown finding, no reason, already in that state);
    the message (Chinese) does not repeat the finding's id."""


def current_user() -> str:
    """The OS user recording a decision (when `--by` is not given)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry / no login name (containers)
        return "unknown"


def decision_label(action: str, kind: str | None) -> str:
    """"忽略（误报）", "取消忽略" …"""
    label = ACTION_LABELS.get(action, action)
    return f"{label}（{IGNORE_KINDS.get(kind, kind)}）" if kind else label


def _finding(session: Session, finding_id: int) -> m.Finding:
    row = session.get(m.Finding, finding_id)
    if row is None:
        raise DecisionError("没有这个编号的问题")
    return row


def _decide(session: Session, row: m.Finding, action: str, kind: str | None, reason: str,
            by: str, at: datetime | None) -> m.FindingDecision:
    decision = m.FindingDecision(finding_id=row.id, action=action, kind=kind, reason=reason,
                                 decided_by=by, decided_at=at or datetime.now().replace(microsecond=0))
    row.ignored = action == IGNORE
    session.add(decision)
    session.flush()
    return decision


def ignore_finding(session: Session, finding_id: int, *, reason: str, kind: str = "false_positive",
                   by: str | None = None, at: datetime | None = None) -> m.FindingDecision:
    """Mark a finding as ignored (误报 `false_positive` or 不适用 `not_applicable`)."""
    if kind not in IGNORE_KINDS:
        raise DecisionError(f"忽略类型应为 {' / '.join(IGNORE_KINDS)}, 而不是 {kind!r}")
    reason = (reason or "").strip()
    if not reason:
        raise DecisionError("忽略问题必须说明理由 (--reason)")
    row = _finding(session, finding_id)
    if row.ignored:
        raise DecisionError("已被忽略")
    return _decide(session, row, IGNORE, kind, reason, by or current_user(), at)


def unignore_finding(session: Session, finding_id: int, *, reason: str = "", by: str | None = None,
                     at: datetime | None = None) -> m.FindingDecision:
    """Take an ignore decision back: the finding is listed and scored again."""
    row = _finding(session, finding_id)
    if not row.ignored:
        raise DecisionError("未被忽略, 无需取消")
    return _decide(session, row, UNIGNORE, None, (reason or "").strip(), by or current_user(), at)


def decisions_by_finding(session: Session, finding_ids: Iterable[int] | None = None
                         ) -> dict[int, list[m.FindingDecision]]:
    """The decisions of the given findings (all when None), oldest first, in one query."""
    stmt = select(m.FindingDecision).order_by(m.FindingDecision.decided_at, m.FindingDecision.id)
    if finding_ids is not None:
        stmt = stmt.where(m.FindingDecision.finding_id.in_(list(finding_ids)))
    out: dict[int, list[m.FindingDecision]] = defaultdict(list)
    for decision in session.scalars(stmt):
        out[decision.finding_id].append(decision)
    return dict(out)
