"""The hub's tables (SQLAlchemy 2). Portable SQL: SQLite by default, PostgreSQL by URL.

The schema comes from the hub's own Alembic migrations (``server/migrations``,
applied by ``server.db.upgrade_hub``): change a model here, then run
``python scripts/new_hub_migration.py "what changed"`` and tests/server/test_migrations.py.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Integer, String, UniqueConstraint
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


def _iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.isoformat()
