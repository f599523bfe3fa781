"""The hub's logic, free of HTTP: registration, chunked packet intake, statuses, rosters, config.

Packets arrive in chunks appended to ``DATA/partial/UUID.part``; only when the
last byte is in does the hub check the SHA-256 the station announced, the
station's signature and that its own key opens the packet, and only then move
it to ``DATA/packets/UUID.pkt`` and mark it received. A packet UUID is the
idempotency key: sent again with the same hash it returns the original receipt.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
import threading
import uuid as uuid_module
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import CentralStatus
from app.storage.db import make_engine
from app.sync import packet_format
from app.sync.errors import PacketFormatError
from app.timezones import utc_now
from server.db import upgrade_hub
from server.errors import HubError, unknown_station
from server.handover_keys import hub_signing_public_b64
from server.keys import load_hub_key
from server.models import (
    HubConfigVersion,
    HubInvite,
    HubPacket,
    HubRosterRow,
    HubStation,
    HubStationPlan,
    HubStatusEvent,
    _iso,
)
from server.packet_schemas import MetadataSchema, validate_header, validate_metadata
from server.schemas import MAX_CHECKPOINT
from server.schemas import packet_uuid as canonical_packet_uuid

log = logging.getLogger(__name__)

# Central failures a station may answer by sending the same packet again (a new attempt).
RESUBMITTABLE = frozenset(s.value for s in (CentralStatus.ENROLL_FAILURE_AT_REGIONAL,
                                            CentralStatus.ENROLL_FAILURE_AT_CENTRAL,
                                            CentralStatus.SEARCH_FAILURE_AT_CENTRAL))
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _malformed(what: str) -> HubError:
    return HubError(400, "malformed_request", f"Permintaan tidak valid: {what}.", f"Malformed request: {what}.")


def _check_checkpoint(after: int) -> None:
    if not 0 <= after <= MAX_CHECKPOINT:
        raise _malformed("after")


def _where_and_when(station: HubStation, metadata: MetadataSchema) -> tuple[str, str | None]:
    """The hub site a packet was recorded for (the visit's, else the station's) and the visit's ISO date."""
    visit = metadata.visit
    site = (visit.hub_site_code if visit is not None and visit.hub_site_code else station.site_code)[:64]
    day = visit.date if visit is not None and visit.date else None
    if day is None and metadata.captured_at:
        day = metadata.captured_at[:10]
    return site, day


class Hub:
    """One hub: a database URL and a data directory (packets, partial uploads, the key)."""

    def __init__(self, db_url: str, data_dir: Path, *, migrate: bool = True) -> None:
        """Open the hub; ``migrate`` applies pending schema migrations first (as every start does).

        Raises:
            HubDatabaseError: the database cannot be reached or migrated.
        """
        self.data_dir = Path(data_dir)
        self.packets_dir = self.data_dir / "packets"
        self.partial_dir = self.data_dir / "partial"
        for folder in (self.packets_dir, self.partial_dir):
            folder.mkdir(parents=True, exist_ok=True)
        self.engine = make_engine(db_url)
        if migrate:
            upgrade_hub(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._key: X25519PrivateKey | None = None
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        # In-memory look-ups that spare a database round trip per request/chunk; the database
        # stays the truth (a restarted hub starts empty and reads it again).
        self._stations_by_token: dict[str, HubStation] = {}  # token SHA-256 -> station (tokens never change)
        self._uploading: dict[str, tuple[str, int]] = {}  # announced, incomplete packet -> (station id, size)
        # Called with a packet's UUID once it is stored and received (processing queues it; never fails an upload).
        self.on_received: Callable[[str], object] | None = None

    def close(self) -> None:
        self.engine.dispose()

    @property
    def key(self) -> X25519PrivateKey:
        if self._key is None:
            self._key = load_hub_key(self.data_dir)
        return self._key

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _lock(self, packet_uuid: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(packet_uuid, threading.Lock())

    # Registration --------------------------------------------------------

    def invite(self, site_code: str) -> str:
        """A one-time registration code for a station that will record at ``site_code``."""
        if not site_code.strip():
            raise _malformed("site")
        code = "-".join("".join(secrets.choice(_CODE_ALPHABET) for _ in range(4)) for _ in range(3))
        with self.session() as session:
            session.add(HubInvite(code_sha256=_sha(code), site_code=site_code.strip()))
        return code

    def register(self, code: str, station_code: str, name: str, public_key: str) -> dict[str, Any]:
        try:
            packet_format.load_ed25519_public(public_key)
        except PacketFormatError:
            raise HubError(400, "bad_key", "Kunci publik stasiun tidak valid.", "The station public key is invalid.") from None
        token = secrets.token_urlsafe(32)
        station_id = str(uuid_module.uuid4())
        with self.session() as session:
            invite = session.get(HubInvite, _sha(code.strip().upper()), with_for_update=True)
            if invite is None or invite.used_at is not None:
                raise HubError(403, "invalid_code", "Kode pendaftaran salah atau sudah dipakai.",
                               "The registration code is wrong or already used.")
            invite.used_at = utc_now()
            invite.station_id = station_id
            session.add(HubStation(id=station_id, station_code=station_code[:16], name=name[:200],
                                   site_code=invite.site_code, public_key=public_key, token_sha256=_sha(token)))
            site_code = invite.site_code
        return {
            "station_id": station_id,
            "token": token,
            "hub_public_key": packet_format.b64(packet_format.raw_public(self.key.public_key())),
            "site_code": site_code,
            "hub_signing_key": hub_signing_public_b64(self.data_dir),  # checks hand-over receipts offline
        }

    def station_for_token(self, token: str) -> HubStation:
        token_sha = _sha(token)
        station = self._stations_by_token.get(token_sha)
        if station is not None:
            return station
        with self.session() as session:
            station = session.scalar(select(HubStation).where(HubStation.token_sha256 == token_sha))
        if station is None:
            raise unknown_station()
        self._stations_by_token[token_sha] = station
        return station

    # Packets -------------------------------------------------------------

    def _partial(self, packet_uuid: str) -> Path:
        return self.partial_dir / f"{packet_uuid}.part"

    def packet_path(self, packet_uuid: str) -> Path:
        return self.packets_dir / f"{packet_uuid}.pkt"

    @staticmethod
    def _check_uuid(packet_uuid: str) -> str:
        return canonical_packet_uuid(packet_uuid)

    def begin(self, station: HubStation, packet_uuid: str, sha256: str, size: int) -> dict[str, Any]:
        """Announce a packet. Returns its upload offset, or its receipt when already held."""
        packet_uuid = self._check_uuid(packet_uuid)
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise _malformed("sha256")
        if not 0 < size <= packet_format.MAX_PACKET_SIZE:
            raise _malformed("size")
        with self._lock(packet_uuid), self.session() as session:
            packet = session.get(HubPacket, packet_uuid)
            if packet is None:
                session.add(HubPacket(packet_uuid=packet_uuid, station_id=station.id, sha256=sha256, size=size))
                self._partial(packet_uuid).touch()
                self._uploading[packet_uuid] = (station.id, size)
                return {"state": "partial", "offset": 0}
            if packet.station_id != station.id or packet.sha256 != sha256 or packet.size != size:
                raise HubError(409, "packet_uuid_reused",
                               "UUID paket sudah dipakai untuk isi yang berbeda.",
                               "This packet UUID was already used for different contents.")
            if packet.complete:
                self._resubmit_if_failed(packet)
                return {"state": "complete", "offset": packet.size, "receipt": packet.receipt()}
            partial = self._partial(packet_uuid)
            partial.touch()
            self._uploading[packet_uuid] = (packet.station_id, packet.size)
            return {"state": "partial", "offset": partial.stat().st_size}

    @staticmethod
    def _resubmit_if_failed(packet: HubPacket) -> None:
        """A station re-sends a packet the centre failed (kirim ulang): a new attempt, received again.

        The packet's bytes are the same (same UUID and hash), so nothing is uploaded
        again; its status goes back to received for the centre to process anew.
        Called inside ``begin``'s session, so the change is committed with it.
        """
        if packet.status in RESUBMITTABLE:
            packet.status = CentralStatus.RECEIVED.value
            packet.status_updated_at = utc_now()

    def append(self, station: HubStation, packet_uuid: str, offset: int, data: bytes) -> dict[str, Any]:
        """Append one chunk at ``offset``; verify and accept the packet after its last byte.

        Raises:
            HubError: unknown packet (404), wrong offset (409, with the hub's offset),
                a chunk past the announced size, or a packet failing hash/signature checks (422).
        """
        packet_uuid = self._check_uuid(packet_uuid)
        with self._lock(packet_uuid):
            partial = self._partial(packet_uuid)
            try:
                current = partial.stat().st_size
            except FileNotFoundError:  # never announced, accepted, or rejected: the database says which
                current = None
            announced = self._uploading.get(packet_uuid) if current is not None else None
            if announced is None:
                with self.session() as session:
                    packet = session.get(HubPacket, packet_uuid)
                if packet is None or packet.station_id != station.id:
                    raise HubError(404, "unknown_packet", "Paket belum diumumkan.", "The packet was not announced.")
                if packet.complete:
                    return {"state": "complete", "offset": packet.size, "receipt": packet.receipt()}
                announced = (packet.station_id, packet.size)
                self._uploading[packet_uuid] = announced
            owner, size = announced
            if owner != station.id:
                raise HubError(404, "unknown_packet", "Paket belum diumumkan.", "The packet was not announced.")
            current = current or 0
            if offset != current:
                raise HubError(409, "offset_mismatch", f"Posisi unggah seharusnya {current}.",
                               f"The upload offset should be {current}.", offset=current)
            if current + len(data) > size:
                raise HubError(422, "size_exceeded", "Data melebihi ukuran paket yang diumumkan.",
                               "More data than the announced packet size.")
            with open(partial, "ab") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if current + len(data) < size:
                return {"state": "partial", "offset": current + len(data)}
            self._uploading.pop(packet_uuid, None)
            with self.session() as session:
                packet = session.get(HubPacket, packet_uuid)
            if packet is None:  # the row went meanwhile (another hub process rejected it)
                raise HubError(404, "unknown_packet", "Paket belum diumumkan.", "The packet was not announced.")
            return self._accept(station, packet)

    def _accept(self, station: HubStation, packet: HubPacket) -> dict[str, Any]:
        """Check the whole packet, then keep it; on any failure nothing of it stays (file, moved file, row).

        A refused packet (422) or an unexpected error (500, logged) leaves the hub as if it was
        never announced, so the station's next try starts afresh and gets the same answer.
        """
        try:
            partial = self._partial(packet.packet_uuid)
            data = partial.read_bytes()
            metadata = self._verify(station, packet, data)
            os.replace(partial, self.packet_path(packet.packet_uuid))
            with self.session() as session:
                stored = session.get(HubPacket, packet.packet_uuid)
                if stored is None:
                    raise HubError(404, "unknown_packet", "Paket belum diumumkan.", "The packet was not announced.")
                stored.complete = True
                stored.status = CentralStatus.RECEIVED.value
                stored.received_at = stored.status_updated_at = utc_now()
                stored.enrolment_uuid = metadata.enrolment_uuid
                stored.site_code, stored.visit_date = _where_and_when(station, metadata)
                stored.software_version = metadata.software_version
                receipt = stored.receipt()
        except PacketFormatError as error:
            self._discard(packet.packet_uuid)
            raise HubError(422, error.code, error.message_id, error.message_en) from None
        except BaseException:
            self._discard(packet.packet_uuid)
            raise
        self._notify_received(packet.packet_uuid)
        return {"state": "complete", "offset": packet.size, "receipt": receipt}

    def _notify_received(self, packet_uuid: str) -> None:
        if self.on_received is None:
            return
        try:
            self.on_received(packet_uuid)
        except Exception:  # the packet is safely stored; processing's sweep will find it
            log.exception("could not hand packet %s to processing", packet_uuid)

    def _verify(self, station: HubStation, packet: HubPacket, data: bytes) -> MetadataSchema:
        """Hash, header schema, signature, decryption, metadata schema, sender, record hash.

        Raises:
            PacketFormatError: the first check that fails.
        """
        if packet_format.sha256_hex(data) != packet.sha256:
            raise PacketFormatError("hash_mismatch", "Hash isi paket tidak cocok.",
                                    "The packet content hash does not match.")
        validate_header(packet_format.read_header_fields(data))
        opened = packet_format.open_packet(data, self.key, packet_format.load_ed25519_public(station.public_key))
        metadata = validate_metadata(opened.metadata)
        if (opened.header.packet_uuid != packet.packet_uuid or opened.header.station_id != station.id
                or metadata.packet_uuid != packet.packet_uuid or metadata.station.id != station.id):
            raise PacketFormatError("header_mismatch", "Kepala paket tidak cocok dengan pengirim.",
                                    "The packet header does not match its sender.")
        if metadata.record.size != len(opened.record) or metadata.record.sha256 != packet_format.sha256_hex(opened.record):
            raise PacketFormatError("record_mismatch", "Rekaman di dalam paket tidak cocok dengan metadatanya.",
                                    "The record inside the packet does not match its metadata.")
        return metadata

    def _discard(self, packet_uuid: str) -> None:
        """Remove every trace of a packet that was not accepted (best effort; each step on its own)."""
        self._uploading.pop(packet_uuid, None)
        for path in (self._partial(packet_uuid), self.packet_path(packet_uuid)):
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                log.error("hub: cannot remove %s of a refused packet (%s)", path.name, type(exc).__name__)
        try:
            with self.session() as session:
                session.execute(delete(HubPacket).where(HubPacket.packet_uuid == packet_uuid,
                                                        HubPacket.complete.is_(False)))
        except Exception as exc:  # the original error is what the caller must see
            log.error("hub: cannot remove the row of a refused packet (%s)", type(exc).__name__)

    def statuses(self, station: HubStation, packet_uuids: list[str]) -> dict[str, Any]:
        with self.session() as session:
            rows = session.scalars(select(HubPacket).where(
                HubPacket.packet_uuid.in_(packet_uuids), HubPacket.station_id == station.id,
                HubPacket.complete.is_(True))).all()
        return {row.packet_uuid: {"status": row.status, "updated_at": _iso(row.status_updated_at)} for row in rows}

    def set_status(self, packet_uuid: str, status: str, *, actor: str = "station-hub status set") -> None:
        try:
            value = CentralStatus(status.lower())
        except ValueError:
            names = ", ".join(s.value for s in CentralStatus)
            raise HubError(400, "bad_status", f"Status harus salah satu dari: {names}.",
                           f"The status must be one of: {names}.") from None
        with self.session() as session:
            packet = session.get(HubPacket, packet_uuid)
            if packet is None or not packet.complete:
                raise HubError(404, "unknown_packet", "Paket tidak ada di pusat.", "The hub holds no such packet.")
            packet.status = value.value
            packet.status_updated_at = utc_now()
            session.add(HubStatusEvent(packet_uuid=packet_uuid, status=value.value, actor=actor[:100],
                                       reason_id="Diubah dengan tangan.", reason_en="Set by hand."))

    def list_packets(self) -> list[dict[str, Any]]:
        with self.session() as session:
            stations = {s.id: s.station_code for s in session.scalars(select(HubStation))}
            rows = session.scalars(select(HubPacket).where(HubPacket.complete.is_(True))
                                   .order_by(HubPacket.received_at, HubPacket.packet_uuid)).all()
        return [{
            "packet_uuid": row.packet_uuid, "station_id": row.station_id,
            "station_code": stations.get(row.station_id, ""), "status": row.status,
            "size": row.size, "sha256": row.sha256, "received_at": _iso(row.received_at),
        } for row in rows]

    # Rosters and configuration ------------------------------------------------

    def put_roster_rows(self, site_code: str, rows: list[dict[str, Any]]) -> int:
        """Add or replace people on a site's roster (each change gets a new ``seq``)."""
        with self.session() as session:
            for row in rows:
                nik = str(row.get("nik", "")).strip()
                if len(nik) != 16 or not nik.isdigit():
                    raise _malformed(f"NIK {nik[:6]}…")
                session.execute(delete(HubRosterRow).where(HubRosterRow.site_code == site_code,
                                                           HubRosterRow.nik == nik))
                session.flush()
                session.add(HubRosterRow(site_code=site_code, nik=nik, data={**row, "nik": nik}))
        return len(rows)

    def roster(self, station: HubStation, site_code: str, after: int, limit: int) -> dict[str, Any]:
        """A page of a site's roster: the station's registered site, or one its published plan sends it to."""
        if site_code != station.site_code and site_code not in self.planned_site_codes(station.id):
            raise HubError(403, "wrong_site", "Stasiun ini tidak terdaftar untuk lokasi tersebut.",
                           "This station is not registered for that site.")
        limit = max(1, min(limit, 1000))
        _check_checkpoint(after)
        with self.session() as session:
            rows = session.scalars(select(HubRosterRow).where(
                HubRosterRow.site_code == site_code, HubRosterRow.seq > after)
                .order_by(HubRosterRow.seq).limit(limit + 1)).all()
        more = len(rows) > limit
        rows = rows[:limit]
        return {"rows": [{"seq": r.seq, **r.data} for r in rows],
                "checkpoint": rows[-1].seq if rows else after, "more": more}

    def push_config(self, data: dict[str, Any]) -> int:
        with self.session() as session:
            row = HubConfigVersion(data=data)
            session.add(row)
            session.flush()
            return row.version

    def config(self, after: int) -> dict[str, Any]:
        _check_checkpoint(after)
        with self.session() as session:
            row = session.scalars(select(HubConfigVersion).order_by(HubConfigVersion.version.desc()).limit(1)).first()
        if row is None or row.version <= after:
            return {"version": after, "config": None}
        return {"version": row.version, "config": row.data}

    # Station plans (published from the dashboard) ----------------------------------------

    def _latest_plan(self, session: Session, station_id: str) -> HubStationPlan | None:
        return session.scalars(select(HubStationPlan).where(HubStationPlan.station_id == station_id)
                               .order_by(HubStationPlan.version.desc()).limit(1)).first()

    def publish_plan(self, station_id: str, data: dict[str, Any]) -> int | None:
        """Store a station's new plan; returns its version, or None when it equals the one it has."""
        with self.session() as session:
            latest = self._latest_plan(session, station_id)
            if latest is not None and latest.data == data:
                return None
            row = HubStationPlan(station_id=station_id, data=data)
            session.add(row)
            session.flush()
            return row.version

    def published_plan(self, station_id: str) -> dict[str, Any] | None:
        with self.session() as session:
            latest = self._latest_plan(session, station_id)
        return dict(latest.data) if latest is not None else None

    def planned_site_codes(self, station_id: str) -> set[str]:
        plan = self.published_plan(station_id) or {}
        return {str(visit.get("site_code")) for visit in plan.get("visits", [])}

    def plan(self, station: HubStation, after: int) -> dict[str, Any]:
        """The station's plan when a version newer than ``after`` was published for it (like ``config``)."""
        _check_checkpoint(after)
        with self.session() as session:
            latest = self._latest_plan(session, station.id)
        if latest is None or latest.version <= after:
            return {"version": after, "plan": None}
        return {"version": latest.version, "plan": latest.data}
