"""Audit events: who did what, when. Never biometric data; NIKs are masked.

Each event is linked into the tamper-evident chain as it is inserted (``app/storage/audit_chain.py``);
reading and verifying the log is ``app/services/audit_log.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from app.domain.enums import AuditAction
from app.logging_setup import mask_nik
from app.storage.models import AuditEvent


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_nik(value)
    if isinstance(value, Mapping):
        return {str(k): _masked(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_masked(v) for v in value]
    return value


def record_audit(
    session: Session,
    action: AuditAction,
    *,
    operator_id: int | None = None,
    subject: str = "",
    details: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to ``session`` (committed with the caller's transaction)."""
    event = AuditEvent(
        action=action,
        operator_id=operator_id,
        subject=mask_nik(subject)[:100],
        details=_masked(dict(details or {})),
    )
    session.add(event)
    return event
