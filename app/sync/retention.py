"""Delete confirmed packets locally after the retention period; their metadata rows stay for reports.

With the packet go that enrolment's fingerprint minutiae templates (``biometric_templates``):
the centre has confirmed the record and runs the national uniqueness check from
then on, so a stolen laptop holds biometrics only of records still within retention.
The trade-off: the local duplicate check no longer sees those older enrolments.
On SQLite the rows are deleted with ``secure_delete`` (freed pages are zeroed) and
the write-ahead log is truncated, so the bytes cannot be read back from the file.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, text
from sqlalchemy.orm import Session

from app.storage.blobs import BlobStore
from app.storage.db import Database
from app.storage.models import BiometricTemplate, OutboxEntry
from app.timezones import utc_now

log = logging.getLogger(__name__)


def _secure_delete(session: Session) -> None:
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete=ON"))


def _delete_templates(session: Session, enrolment_ids: list[int]) -> int:
    if not enrolment_ids:
        return 0
    _secure_delete(session)
    # A DML statement's result is a CursorResult (SQLAlchemy types execute() as the general Result).
    result = cast("CursorResult[Any]", session.execute(
        delete(BiometricTemplate).where(BiometricTemplate.enrolment_id.in_(enrolment_ids))))
    return int(result.rowcount or 0)


def _truncate_wal(db: Database) -> None:
    """Checkpoint and empty the SQLite write-ahead log, which may still hold the deleted pages."""
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def apply_retention(db: Database, blobs: BlobStore, retention_days: int, now: dt.datetime | None = None) -> int:
    """Remove sealed packets confirmed more than ``retention_days`` ago, and their templates.

    Returns how many packets went. Templates of packets removed earlier (by a
    version that kept them, or a run cut short) are removed too.
    """
    cutoff = (now or utc_now()) - dt.timedelta(days=retention_days)
    with db.session() as session:
        entries = session.scalars(select(OutboxEntry).where(
            OutboxEntry.confirmed_at.is_not(None), OutboxEntry.confirmed_at <= cutoff,
            OutboxEntry.packet_ref.is_not(None), OutboxEntry.packet_deleted_at.is_(None))).all()
        refs = [(entry.id, entry.packet_ref) for entry in entries]
    templates = 0
    for entry_id, ref in refs:
        if ref:
            blobs.delete(ref)
        with db.session() as session:
            entry = session.get(OutboxEntry, entry_id)
            if entry is not None:
                entry.packet_ref = None
                entry.packet_deleted_at = utc_now()
                templates += _delete_templates(session, [entry.enrolment_id])
    with db.session() as session:
        leftover = list(session.scalars(select(BiometricTemplate.enrolment_id).distinct().join(
            OutboxEntry, OutboxEntry.enrolment_id == BiometricTemplate.enrolment_id).where(
            OutboxEntry.packet_deleted_at.is_not(None))))
        templates += _delete_templates(session, [i for i in leftover if i is not None])
    if templates:
        _truncate_wal(db)
    if refs or templates:
        log.info("sync: retention removed %d confirmed packets and %d templates", len(refs), templates)
    return len(refs)
