"""Reading the audit log: list events and verify the chain (``station audit``, the GUI's audit page).

Verification reads the raw columns, so a row that an editor broke (an unknown action, details that
are not JSON) is reported as altered rather than crashing the check.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, Text, func, select, type_coerce

from app.domain.enums import AuditAction
from app.services.audit_labels import action_label, subject_label
from app.storage.audit_chain import GENESIS_MAC, HEAD_ID, event_mac, normalise_time
from app.storage.db import Database
from app.storage.models import AuditChainHead, AuditEvent, Operator
from app.timezones import to_local, zone

VERIFY_BATCH = 2000  # rows fetched at a time while verifying


class ProblemKind:
    """What kind of break ``verify`` found (the JSON ``kind`` field)."""

    MISSING = "missing"  # a sequence number absent: deleted (or, past the last event, truncated)
    ALTERED = "altered"  # the event's fields no longer match its MAC: edited or forged
    RELINKED = "relinked"  # the event does not follow the one before: inserted, moved or reordered
    UNCHAINED = "unchained"  # a row without a link: added without the key
    HEAD_MISMATCH = "head_mismatch"  # the chain's head row disagrees with its last event
    CHECKPOINT_MISMATCH = "checkpoint_mismatch"  # the chain disagrees with a checkpoint kept elsewhere


_MESSAGES: dict[str, tuple[str, str]] = {
    ProblemKind.MISSING: ("Kejadian nomor {seq} hilang dari log audit (dihapus).",
                          "Event number {seq} is missing from the audit log (deleted)."),
    ProblemKind.ALTERED: ("Kejadian nomor {seq} telah diubah atau dipalsukan.",
                          "Event number {seq} has been altered or forged."),
    ProblemKind.RELINKED: ("Kejadian nomor {seq} tidak menyambung dengan kejadian sebelumnya (disisipkan atau "
                           "dipindah).", "Event number {seq} does not follow the event before it (inserted, "
                           "moved or reordered)."),
    ProblemKind.UNCHAINED: ("Ada kejadian tanpa tautan (baris {event_id}), ditambahkan tanpa kunci stasiun.",
                            "An event without a link (row {event_id}) was added without the station's key."),
    ProblemKind.HEAD_MISMATCH: ("Ujung log audit tidak cocok dengan kejadian terakhir (nomor {seq}): kejadian "
                                "terbaru mungkin dihapus.", "The end of the audit log does not match its last "
                                "event (number {seq}): the newest events may have been deleted."),
    ProblemKind.CHECKPOINT_MISMATCH: ("Log audit tidak cocok dengan titik periksa nomor {seq} yang tersimpan di "
                                      "pusat.", "The audit log does not match checkpoint number {seq} kept "
                                      "at the office."),
}


@dataclass(frozen=True)
class ChainProblem:
    """The first break in the chain: what, at which sequence number, in which row."""

    kind: str
    seq: int | None
    event_id: int | None = None

    @property
    def message_id(self) -> str:
        return _MESSAGES[self.kind][0].format(seq=self.seq, event_id=self.event_id)

    @property
    def message_en(self) -> str:
        return _MESSAGES[self.kind][1].format(seq=self.seq, event_id=self.event_id)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "seq": self.seq, "event_id": self.event_id,
                "message_id": self.message_id, "message_en": self.message_en}


@dataclass(frozen=True)
class Checkpoint:
    """A (sequence number, MAC) pair kept outside the station (in every sealed packet's metadata)."""

    seq: int
    mac: str

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "mac": self.mac}


@dataclass(frozen=True)
class ChainReport:
    """The outcome of ``verify``: whole, or the first break."""

    events: int
    verified: int
    head: Checkpoint
    problem: ChainProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "events": self.events, "verified": self.verified, "head": self.head.to_dict(),
                "problem": self.problem.to_dict() if self.problem else None}


@dataclass(frozen=True)
class AuditEntry:
    """One event as people read it: local time, who, what (in words), about what."""

    seq: int | None
    event_id: int
    at: dt.datetime | None  # None when the stored time is unreadable (an edited row)
    at_local: str
    operator: str
    action: str
    label_id: str
    label_en: str
    subject: str
    subject_id: str
    subject_en: str
    details: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "event_id": self.event_id, "at": self.at.isoformat() if self.at else None,
                "at_local": self.at_local,
                "operator": self.operator, "action": self.action, "label_id": self.label_id,
                "label_en": self.label_en, "subject": self.subject, "details": self.details}


@dataclass(frozen=True)
class _RawEvent:
    event_id: int
    seq: int | None
    at: Any
    operator_id: int | None
    action: str
    subject: str
    details: str | None
    prev_mac: str | None
    mac: str | None


class AuditLogService:
    """Lists the audit log and verifies its chain under the station's audit key."""

    def __init__(self, db: Database, key_provider: Callable[[], bytes], timezone_name: str) -> None:
        self.db = db
        self._key_provider = key_provider
        self.timezone_name = timezone_name

    def entries(self, *, limit: int | None = 100, since: dt.date | None = None,
                actions: tuple[AuditAction, ...] = (), operator_username: str | None = None) -> list[AuditEntry]:
        """The newest events first; ``since`` is a day in the station's time zone."""
        query = (select(AuditEvent.id, AuditEvent.seq, type_coerce(AuditEvent.at, String), AuditEvent.operator_id,
                        type_coerce(AuditEvent.action, String), AuditEvent.subject,
                        type_coerce(AuditEvent.details, Text), Operator.username)
                 .outerjoin(Operator, Operator.id == AuditEvent.operator_id)
                 .order_by(AuditEvent.id.desc()))  # insertion order, whatever the clock said
        if since is not None:
            start = dt.datetime.combine(since, dt.time(), tzinfo=zone(self.timezone_name)).astimezone(dt.UTC)
            query = query.where(AuditEvent.at >= start)
        if actions:
            query = query.where(type_coerce(AuditEvent.action, String).in_([a.value for a in actions]))
        if operator_username:
            query = query.where(Operator.username == operator_username)
        if limit is not None:
            query = query.limit(limit)
        with self.db.session() as session:
            rows = session.execute(query).all()
        return [self._entry(*row) for row in rows]

    def _entry(self, event_id: int, seq: int | None, at: Any, operator_id: int | None, action: str,
               subject: str | None, details: str | None, username: str | None) -> AuditEntry:
        try:
            parsed = json.loads(details) if details else {}
        except ValueError:
            parsed = {}
        parsed = parsed if isinstance(parsed, dict) else {}
        label_id, label_en = action_label(action, parsed)
        subject = subject or ""
        subject_id, subject_en = subject_label(subject)
        try:
            moment: dt.datetime | None = normalise_time(at)
        except (TypeError, ValueError):  # an edited row; verify reports it
            moment = None
        local = f"{to_local(moment, self.timezone_name):%Y-%m-%d %H:%M:%S} {self.timezone_name.upper()}" \
            if moment else "?"
        return AuditEntry(seq, event_id, moment, local, username or (f"#{operator_id}" if operator_id else ""),
                          action, label_id, label_en, subject, subject_id, subject_en, parsed)

    def head(self) -> Checkpoint:
        """The latest (sequence number, MAC): the checkpoint sealed into each packet."""
        with self.db.session() as session:
            row = session.get(AuditChainHead, HEAD_ID)
            return Checkpoint(row.seq, row.mac) if row else Checkpoint(0, GENESIS_MAC)

    def verify(self, checkpoint: Checkpoint | None = None) -> ChainReport:
        """Walk the chain from the first event; stop at the first missing, altered or misplaced link.

        Rows are streamed in ``seq`` order, so a long log is checked in constant memory.
        """
        walker = _ChainWalker(self._key_provider(), checkpoint)
        with self.db.session() as session:
            events = int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)
            rows = session.execute(
                select(AuditEvent.id, AuditEvent.seq, type_coerce(AuditEvent.at, String), AuditEvent.operator_id,
                       type_coerce(AuditEvent.action, String), AuditEvent.subject,
                       type_coerce(AuditEvent.details, Text), AuditEvent.prev_mac, AuditEvent.mac)
                .where(AuditEvent.seq.is_not(None)).order_by(AuditEvent.seq)
                .execution_options(yield_per=VERIFY_BATCH))
            for row in rows:
                if not walker.feed(_RawEvent(*row)):
                    break
            rows.close()
            unchained = session.scalar(select(func.min(AuditEvent.id)).where(AuditEvent.seq.is_(None)))
            head_row = session.get(AuditChainHead, HEAD_ID)
            head = Checkpoint(head_row.seq, head_row.mac) if head_row else None
        problem = walker.finish()
        if problem is None and unchained is not None:
            problem = ChainProblem(ProblemKind.UNCHAINED, None, unchained)
        if problem is None:
            last = walker.last
            if head is None or head.seq != last.seq or not hmac.compare_digest(head.mac, last.mac):
                problem = (ChainProblem(ProblemKind.MISSING, last.seq + 1) if head is not None and head.seq > last.seq
                           else ChainProblem(ProblemKind.HEAD_MISMATCH, last.seq))
        return ChainReport(events, walker.verified, head or Checkpoint(0, GENESIS_MAC), problem)


class _ChainWalker:
    """Checks chained rows fed in ``seq`` order; remembers the first problem and the last good link."""

    def __init__(self, key: bytes, checkpoint: Checkpoint | None) -> None:
        self.key = key
        self.checkpoint = checkpoint
        self.checkpoint_seen = checkpoint is None or checkpoint.seq == 0
        self.expected = 1
        self.last = Checkpoint(0, GENESIS_MAC)
        self.problem: ChainProblem | None = None

    @property
    def verified(self) -> int:
        return self.expected - 1

    def feed(self, row: _RawEvent) -> bool:
        """Check one row; False once a problem is found (stop feeding)."""
        seq = row.seq or 0
        if seq > self.expected:
            self.problem = ChainProblem(ProblemKind.MISSING, self.expected)
        elif seq < self.expected or row.prev_mac != self.last.mac:
            self.problem = ChainProblem(ProblemKind.RELINKED, seq, row.event_id)
        elif not hmac.compare_digest(_recompute(self.key, row) or "", row.mac or "-"):
            self.problem = ChainProblem(ProblemKind.ALTERED, seq, row.event_id)
        elif self.checkpoint is not None and seq == self.checkpoint.seq:
            if not hmac.compare_digest(row.mac or "", self.checkpoint.mac):
                self.problem = ChainProblem(ProblemKind.CHECKPOINT_MISMATCH, seq, row.event_id)
            self.checkpoint_seen = True
        if self.problem is not None:
            return False
        self.last = Checkpoint(seq, row.mac or "")
        self.expected += 1
        return True

    def finish(self) -> ChainProblem | None:
        if self.problem is None and not self.checkpoint_seen:
            self.problem = ChainProblem(ProblemKind.MISSING, self.expected)
        return self.problem


def _recompute(key: bytes, row: _RawEvent) -> str | None:
    """The MAC the row's fields give, or ``None`` when a field cannot even be read (a broken edit)."""
    try:
        details = json.loads(row.details) if row.details else {}
        return event_mac(key, row.seq or 0, row.at, row.operator_id, row.action, row.subject or "", details,
                         row.prev_mac or "")
    except (ValueError, TypeError):
        return None
