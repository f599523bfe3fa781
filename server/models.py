"""The hub's tables (SQLAlchemy 2). Portable SQL: SQLite by default, PostgreSQL by URL.

The schema comes from the hub's own Alembic migrations (``server/migrations``,
applied by ``server.db.upgrade_hub``): change a model here, then run
``python scripts/new_hub_migration.py "what changed"`` and tests/server/test_migrations.py.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.domain.enums import CentralStatus
from app.timezones import utc_now


class HubBase(DeclarativeBase):
    type_annotation_map = {dt.datetime: DateTime(timezone=True)}


class HubStation(HubBase):
    """A registered station: its signing key and the hash of its bearer token."""

    __tablename__ = "hub_stations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    site_code: Mapped[str] = mapped_column(String(64))
    public_key: Mapped[str] = mapped_column(String(64))  # Ed25519, base64
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    registered_at: Mapped[dt.datetime] = mapped_column(default=utc_now)


class HubInvite(HubBase):
    """A one-time registration code (only its hash is kept)."""

    __tablename__ = "hub_invites"

    code_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_code: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    used_at: Mapped[dt.datetime | None]
    station_id: Mapped[str | None] = mapped_column(String(36))


class HubPacket(HubBase):
    """A packet announced by a station; ``complete`` once verified and stored."""

    __tablename__ = "hub_packets"

    packet_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("hub_stations.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    complete: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str | None] = mapped_column(String(32))  # a CentralStatus value once complete
    enrolment_uuid: Mapped[str | None] = mapped_column(String(36))
    announced_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    received_at: Mapped[dt.datetime | None]
    status_updated_at: Mapped[dt.datetime | None]
    # From the verified metadata at intake (upload or hand-over): where and when it was recorded, by what software.
    site_code: Mapped[str | None] = mapped_column(String(64), index=True)  # visit's hub site, else the station's
    visit_date: Mapped[str | None] = mapped_column(String(10))  # ISO date of the visit (else of the capture)
    software_version: Mapped[str | None] = mapped_column(String(32))

    def receipt(self) -> dict[str, object]:
        return {
            "packet_uuid": self.packet_uuid,
            "sha256": self.sha256,
            "size": self.size,
            "station_id": self.station_id,
            "received_at": _iso(self.received_at),
            "status": self.status or CentralStatus.RECEIVED.value,
        }


class HubRosterRow(HubBase):
    """One person on a site's roster; ``seq`` grows with every change (pull checkpoint)."""

    __tablename__ = "hub_roster"
    __table_args__ = (UniqueConstraint("site_code", "nik"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_code: Mapped[str] = mapped_column(String(64), index=True)
    nik: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now)


class HubConfigVersion(HubBase):
    """Station configuration published by the hub; the newest version wins."""

    __tablename__ = "hub_config"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)


class HubStationPlan(HubBase):
    """A station's plan as last published from the dashboard (its planned visits); the newest version wins.

    ``version`` grows across all stations, so a station pulling with ``after`` gets a
    plan only when one newer than its own was published for it.
    """

    __tablename__ = "hub_station_plans"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("hub_stations.id"), index=True)
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)


class HubStationReport(HubBase):
    """A station's latest status report (outbox, hand-overs, self-check, version), as validated at intake."""

    __tablename__ = "hub_station_reports"

    station_id: Mapped[str] = mapped_column(ForeignKey("hub_stations.id"), primary_key=True)
    received_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    data: Mapped[dict] = mapped_column(JSON)


class HubRecord(HubBase):
    """What processing read from a received packet: who it is, and what the hub decided."""

    __tablename__ = "hub_records"

    packet_uuid: Mapped[str] = mapped_column(ForeignKey("hub_packets.packet_uuid"), primary_key=True)
    enrolment_uuid: Mapped[str | None] = mapped_column(String(36))
    nik: Mapped[str | None] = mapped_column(String(16), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    birth_date: Mapped[str | None] = mapped_column(String(10))  # ISO date as the record carries it
    sex: Mapped[str | None] = mapped_column(String(1))
    finger_count: Mapped[int] = mapped_column(Integer, default=0)
    matched_packet_uuid: Mapped[str | None] = mapped_column(String(36))
    match_score: Mapped[int | None] = mapped_column(Integer)
    reason_id: Mapped[str | None] = mapped_column(Text)
    reason_en: Mapped[str | None] = mapped_column(Text)
    processed_at: Mapped[dt.datetime | None]


class HubTemplate(HubBase):
    """One finger's ISO/IEC 19794-2 minutiae template from a processed packet, with its pre-filter descriptor."""

    __tablename__ = "hub_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    packet_uuid: Mapped[str] = mapped_column(ForeignKey("hub_packets.packet_uuid"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # ANSI/NIST finger position 1..10
    data: Mapped[bytes] = mapped_column(LargeBinary)
    descriptor: Mapped[bytes] = mapped_column(LargeBinary)


class HubStatusEvent(HubBase):
    """Every change of a packet's central status: when, why, by whom (worker or supervisor)."""

    __tablename__ = "hub_status_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    packet_uuid: Mapped[str] = mapped_column(ForeignKey("hub_packets.packet_uuid"), index=True)
    status: Mapped[str] = mapped_column(String(32))
    reason_id: Mapped[str | None] = mapped_column(Text)
    reason_en: Mapped[str | None] = mapped_column(Text)
    other_packet_uuid: Mapped[str | None] = mapped_column(String(36))
    score: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(default=utc_now)


class HubHandoverImport(HubBase):
    """One hand-over folder taken in at the office (``station-hub handover import``): when, whose, how many."""

    __tablename__ = "hub_handover_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("hub_stations.id"), index=True)
    stored: Mapped[int] = mapped_column(Integer, default=0)
    already_received: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[int] = mapped_column(Integer, default=0)
    missing: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[dt.datetime] = mapped_column(default=utc_now)


def _iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.isoformat()
