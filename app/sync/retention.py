"""Delete confirmed packets locally after the retention period; their metadata rows stay for reports."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select

from app.storage.blobs import BlobStore
from app.storage.db import Database
from app.storage.models import OutboxEntry
from app.timezones import utc_now

log = logging.getLogger(__name__)


def apply_retention(db: Database, blobs: BlobStore, retention_days: int, now: dt.datetime | None = None) -> int:
    """Remove sealed packets confirmed more than ``retention_days`` ago. Returns how many went."""
    cutoff = (now or utc_now()) - dt.timedelta(days=retention_days)
    with db.session() as session:
        entries = session.scalars(select(OutboxEntry).where(
            OutboxEntry.confirmed_at.is_not(None), OutboxEntry.confirmed_at <= cutoff,
            OutboxEntry.packet_ref.is_not(None), OutboxEntry.packet_deleted_at.is_(None))).all()
        refs = [(entry.id, entry.packet_ref) for entry in entries]
    for entry_id, ref in refs:
        if ref:
            blobs.delete(ref)
        with db.session() as session:
            entry = session.get(OutboxEntry, entry_id)
            if entry is not None:
                entry.packet_ref = None
                entry.packet_deleted_at = utc_now()
    if refs:
        log.info("sync: retention removed %d confirmed packets", len(refs))
    return len(refs)
