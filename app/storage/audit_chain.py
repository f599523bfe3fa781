"""The tamper-evident audit chain: every audit event carries an HMAC over its fields and the link before.

``mac(n) = HMAC-SHA256(key, canonical(fields of event n, mac(n-1)))``, with ``seq`` numbering
the events 1, 2, 3... and a zero link before the first. The key is the station's
``subkey("audit-chain")`` (derived from the data key), so whoever edits the database
without it cannot write a link that verifies. Appends are serialised by updating the one
head row first (SQLite's write lock; ``seq`` is unique besides), so two writers never fork
the chain. Every ``AuditEvent`` row is linked as it is inserted, whichever code adds it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import URL, Connection, event, func, insert, make_url, select, text
from sqlalchemy.orm import Session

from app.domain.enums import AuditAction
from app.errors import StorageError
from app.storage.db import Database
from app.storage.models import AuditChainHead, AuditEvent
from app.timezones import utc_now

log = logging.getLogger(__name__)

GENESIS_MAC = "0" * 64
CANONICAL_FORMAT = "ektp-audit-event/1"
HEAD_ID = 1

KeyProvider = Callable[[], bytes]

# Prepared once: an append runs them for every audit event.
_TAKE_HEAD = text(f"UPDATE audit_chain_head SET seq = seq + 1 WHERE id = {HEAD_ID}")
_READ_HEAD = text(f"SELECT seq, mac FROM audit_chain_head WHERE id = {HEAD_ID}")
_MOVE_HEAD = text(f"UPDATE audit_chain_head SET mac = :mac WHERE id = {HEAD_ID}")


def normalise_time(moment: dt.datetime | str) -> dt.datetime:
    """An aware UTC datetime from what the ORM or a raw column gives (naive values are UTC)."""
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def normalise_details(details: Any) -> Any:
    """The details as the JSON column gives them back (string keys, lists for tuples)."""
    return json.loads(json.dumps(details if details is not None else {}))


def canonical_event(seq: int, at: dt.datetime | str, operator_id: int | None, action: str, subject: str,
                    details: Any, prev_mac: str) -> bytes:
    """One unambiguous byte string per event: a JSON array of the fields, keys sorted, no spaces."""
    fields = [CANONICAL_FORMAT, seq, normalise_time(at).isoformat(timespec="microseconds"), operator_id,
              str(action), subject or "", normalise_details(details), prev_mac]
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def event_mac(key: bytes, seq: int, at: dt.datetime | str, operator_id: int | None, action: str, subject: str,
              details: Any, prev_mac: str) -> str:
    message = canonical_event(seq, at, operator_id, action, subject, details, prev_mac)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class AuditChain:
    """Links audit events of one database as they are inserted, under a key asked for when first needed.

    ``key_provider`` is called for each append (``station.subkey("audit-chain")``); it may raise when
    the station is locked, which then refuses the write rather than leaving an event unchained.
    """

    def __init__(self, key_provider: KeyProvider) -> None:
        self._key_provider = key_provider

    def key(self) -> bytes:
        key = self._key_provider()
        if len(key) < 32:
            raise StorageError("Kunci log audit tidak valid.", "The audit chain key is invalid (under 32 bytes).")
        return key

    def append(self, connection: Connection, target: AuditEvent) -> None:
        """Give ``target`` the next sequence number, the head's MAC as its link, and its own MAC."""
        if target.at is None:
            target.at = utc_now()
        if target.subject is None:
            target.subject = ""
        if target.details is None:
            target.details = {}
        action = AuditAction(target.action).value
        # Write first: the head row's update takes the database's write lock, so the head read below is current.
        if not connection.execute(_TAKE_HEAD).rowcount:
            self._recreate_head(connection)
        seq, prev_mac = connection.execute(_READ_HEAD).one()
        target.seq, target.prev_mac = seq, prev_mac
        target.mac = event_mac(self.key(), seq, target.at, target.operator_id, action, target.subject,
                               target.details, prev_mac)
        connection.execute(_MOVE_HEAD, {"mac": target.mac})

    @staticmethod
    def _recreate_head(connection: Connection) -> None:
        """The head row was deleted: rebuild it from the newest chained event (verify still shows the gap)."""
        log.warning("audit chain: head row missing, rebuilt from the newest chained event")
        last = connection.execute(select(AuditEvent.seq, AuditEvent.mac).where(AuditEvent.seq.is_not(None))
                                  .order_by(AuditEvent.seq.desc()).limit(1)).first()
        seq, mac = (last[0], last[1] or GENESIS_MAC) if last else (0, GENESIS_MAC)
        connection.execute(insert(AuditChainHead).values(id=HEAD_ID, seq=seq + 1, mac=mac, legacy_until_id=0))

    def adopt_legacy_events(self, db: Database) -> int:
        """Chain, once, the events written before the chain existed (an upgraded station); returns how many.

        Only rows up to the head's ``legacy_until_id`` (set by the migration) are adopted; an unchained
        row added later is never laundered into the chain, ``verify`` reports it.
        """
        with db.session() as session:
            head = session.get(AuditChainHead, HEAD_ID)
            if head is None or not head.legacy_until_id:
                return 0
            legacy = list(session.scalars(select(AuditEvent).where(AuditEvent.seq.is_(None),
                                                                   AuditEvent.id <= head.legacy_until_id)
                                          .order_by(AuditEvent.id)))
            key = self.key()
            seq, mac = head.seq, head.mac
            for row in legacy:
                seq += 1
                row.seq, row.prev_mac = seq, mac
                mac = row.mac = event_mac(key, seq, row.at, row.operator_id, AuditAction(row.action).value,
                                          row.subject, row.details, row.prev_mac)
            head.seq, head.mac, head.legacy_until_id = seq, mac, 0
        if legacy:
            log.info("audit chain: %d earlier events chained", len(legacy))
        return len(legacy)


def extend_legacy_to_now(session: Session) -> None:
    """On a station still being upgraded (its earlier events not yet adopted): count every event so far as
    earlier. The first log-in after an upgrade writes its events before any key exists, as release 0.1.0 did."""
    head = session.get(AuditChainHead, HEAD_ID)
    if head is not None and head.legacy_until_id:
        head.legacy_until_id = session.scalar(select(func.max(AuditEvent.id))) or head.legacy_until_id


# Which chain links the events of which database. Mapper events are per class, so the insert hook
# finds its chain by the database's URL: that survives an engine being replaced (a locked station
# reopened at log-in), and every station object open on one database file shares its key.
_chains: dict[str, list[AuditChain]] = {}
_chains_lock = threading.Lock()


def _database_key(url: str | URL) -> str:
    return make_url(url).render_as_string(hide_password=False) if isinstance(url, str) \
        else url.render_as_string(hide_password=False)


def attach_audit_chain(db: Database, chain: AuditChain) -> None:
    """Link every audit event inserted into ``db``'s database from now on (until :func:`detach_audit_chain`)."""
    with _chains_lock:
        _chains.setdefault(_database_key(db.url), []).append(chain)


def detach_audit_chain(db: Database, chain: AuditChain) -> None:
    """Forget ``chain`` (a station closing); other stations open on the same database keep theirs."""
    with _chains_lock:
        attached = _chains.get(_database_key(db.url), [])
        if chain in attached:
            attached.remove(chain)
        if not attached:
            _chains.pop(_database_key(db.url), None)


def chain_for(db: Database) -> AuditChain | None:
    """The chain linking ``db``'s events, if one is attached."""
    return _chain_for_url(_database_key(db.url))


def _chain_for_url(key: str) -> AuditChain | None:
    with _chains_lock:
        attached = _chains.get(key)
        return attached[-1] if attached else None


@event.listens_for(AuditEvent, "before_insert")
def _link_new_event(_mapper: object, connection: Connection, target: AuditEvent) -> None:
    chain = _chain_for_url(_database_key(connection.engine.url))
    if chain is None:
        log.warning("audit chain: event written through a database without a chain; verify will report it")
        return
    chain.append(connection, target)


def audit_checkpoint(session: Session) -> dict[str, Any]:
    """The chain's head as it travels in each sealed packet: ``{"seq": N, "mac": hex}``.

    Kept at the office, it makes a later truncation of the newest events (with the head rewound)
    visible to ``station audit verify --checkpoint SEQ:MAC``.
    """
    head = session.get(AuditChainHead, HEAD_ID)
    return {"seq": head.seq, "mac": head.mac} if head else {"seq": 0, "mac": GENESIS_MAC}
