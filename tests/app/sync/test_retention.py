"""Retention: a confirmed packet and its enrolment's minutiae templates leave the laptop together."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from app.bootstrap import Station
from app.domain.enums import CentralStatus, Role
from app.storage.models import BiometricTemplate, Enrolment, Operator, OutboxEntry
from app.sync.retention import apply_retention
from app.sync.synthetic import add_synthetic_enrolment
from app.timezones import utc_now

MARKER = b"SYNTHETIC-MINUTIAE:"


def template_bytes(owner: str) -> bytes:
    return MARKER + owner.encode() + bytes(range(256)) * 4


def add_templates(station: Station, enrolment_uuid: str) -> None:
    with station.db.session() as session:
        enrolment = session.scalars(select(Enrolment).where(Enrolment.uuid == enrolment_uuid)).one()
        for position in ("right_index", "left_index"):
            session.add(BiometricTemplate(enrolment_id=enrolment.id, position=position,
                                          data=template_bytes(f"{enrolment_uuid}:{position}"),
                                          prefilter=MARKER + b"PREFILTER" + enrolment_uuid.encode()))


def confirm(station: Station, enrolment_uuid: str, days_ago: int, *, packet_deleted: bool = False) -> None:
    """As if the packet was sealed, sent, and the centre confirmed it ``days_ago`` days ago."""
    ref = station.blobs.put(b"SEALED-PACKET" + enrolment_uuid.encode(), "packet", ".pkt")
    with station.db.session() as session:
        entry = session.scalars(select(OutboxEntry).join(Enrolment).where(Enrolment.uuid == enrolment_uuid)).one()
        entry.packet_ref = None if packet_deleted else ref
        entry.central_status = CentralStatus.PRINT_READY
        entry.confirmed_at = utc_now() - dt.timedelta(days=days_ago)
        entry.packet_deleted_at = utc_now() if packet_deleted else None


def templates_by_enrolment(station: Station) -> dict[str | None, int]:
    counts: dict[str | None, int] = {}
    with station.db.session() as session:
        rows = session.execute(select(Enrolment.uuid, BiometricTemplate.operator_id).select_from(BiometricTemplate)
                               .outerjoin(Enrolment, Enrolment.id == BiometricTemplate.enrolment_id)).all()
    for enrolment_uuid, operator_id in rows:
        key = enrolment_uuid or f"operator:{operator_id}"
        counts[key] = counts.get(key, 0) + 1
    return counts


def database_bytes(station: Station) -> bytes:
    path = Path(station.db.engine.url.database or "")
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def test_retention_deletes_the_templates_of_confirmed_packets_only(station: Station) -> None:
    old, recent, unsent = (add_synthetic_enrolment(station.db, station.blobs, serial=i) for i in range(3))
    for enrolment_uuid in (old, recent, unsent):
        add_templates(station, enrolment_uuid)
    with station.db.session() as session:
        operator = Operator(username="petugas.uji", full_name="Petugas Uji", role=Role.OFFICER, password_hash="!")
        session.add(operator)
        session.flush()
        session.add(BiometricTemplate(operator_id=operator.id, position="right_index",
                                      data=template_bytes("operator")))
        operator_key = f"operator:{operator.id}"
    confirm(station, old, days_ago=40)
    confirm(station, recent, days_ago=3)

    assert apply_retention(station.db, station.blobs, retention_days=30) == 1

    assert templates_by_enrolment(station) == {recent: 2, unsent: 2, operator_key: 1}
    stored = database_bytes(station)  # SQLCipher: no template is readable in the file, kept or deleted
    assert template_bytes(f"{old}:right_index") not in stored
    assert MARKER + b"PREFILTER" + old.encode() not in stored
    assert template_bytes(f"{recent}:right_index") not in stored
    with station.db.session() as session:  # still within retention: the duplicate check sees it
        kept = session.scalars(select(BiometricTemplate.data).join(Enrolment).where(Enrolment.uuid == recent)).all()
    assert template_bytes(f"{recent}:right_index") in kept
    with station.db.session() as session:
        enrolment = session.scalars(select(Enrolment).where(Enrolment.uuid == old)).one()
        assert enrolment.outbox_entry.packet_deleted_at is not None  # the metadata stays for reports


def test_templates_left_by_an_earlier_retention_run_are_removed(station: Station) -> None:
    """A packet deleted before templates went with it (older version, run cut short) loses them next time."""
    enrolment_uuid = add_synthetic_enrolment(station.db, station.blobs, serial=9)
    add_templates(station, enrolment_uuid)
    confirm(station, enrolment_uuid, days_ago=60, packet_deleted=True)
    assert apply_retention(station.db, station.blobs, retention_days=30) == 0
    assert templates_by_enrolment(station) == {}
    assert apply_retention(station.db, station.blobs, retention_days=30) == 0
