"""The station's tables (SQLAlchemy 2 typed ORM). Times are UTC.

Schema changes go through an Alembic revision in ``app/storage/migrations``;
``tests/app/storage/test_migrations.py`` fails when models and migrations differ.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.domain.enums import (
    AuditAction,
    CentralStatus,
    EnrolmentStatus,
    Modality,
    OutboxState,
    Role,
    Sex,
    SiteKind,
)
from app.timezones import utc_now


class UtcDateTime(TypeDecorator):
    """Stores every aware datetime as UTC (SQLite would keep the wall time and drop the offset).

    Values come back aware (UTC) whatever the database keeps, so services compare and
    format them without patching naive times themselves; ``app.timezones.to_local`` shows them.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is not None and value.tzinfo is not None:
            return value.astimezone(dt.UTC)
        return value

    def process_result_value(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value


class Base(DeclarativeBase):
    type_annotation_map = {dt.datetime: UtcDateTime()}


def _enum(cls: type) -> Enum:
    return Enum(cls, values_callable=lambda e: [m.value for m in e], native_enum=False, length=32,
                validate_strings=True)


def new_uuid() -> str:
    return str(uuid.uuid4())


visit_operators = Table(
    "visit_operators",
    Base.metadata,
    Column("visit_id", ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True),
    Column("operator_id", ForeignKey("operators.id", ondelete="CASCADE"), primary_key=True),
)


class Operator(Base):
    __tablename__ = "operators"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[Role] = mapped_column(_enum(Role))
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[SiteKind] = mapped_column(_enum(SiteKind))
    region_code: Mapped[str] = mapped_column(String(6), default="")  # kecamatan code, 6 digits
    address: Mapped[str] = mapped_column(String(300), default="")
    target_count: Mapped[int] = mapped_column(Integer, default=0)
    hub_site_code: Mapped[str | None] = mapped_column(String(64))  # the site's code at the hub (roster pulls)
    polling_date: Mapped[dt.date | None] = mapped_column(Date)  # the next election day for this site's people
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)

    applicants: Mapped[list[Applicant]] = relationship(back_populates="site")


class Visit(Base):
    """One recording set at one site on one day."""

    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    visit_date: Mapped[dt.date] = mapped_column(Date)
    station_code: Mapped[str] = mapped_column(String(16))
    polling_date: Mapped[dt.date | None] = mapped_column(Date)
    opened_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    closed_at: Mapped[dt.datetime | None]

    site: Mapped[Site] = relationship()
    operators: Mapped[list[Operator]] = relationship(secondary=visit_operators)


class PlannedVisit(Base):
    """A day the office planned this station at a site (pulled from the hub's plan, ``app/sync/plan_pull.py``).

    ``withdrawn`` marks a day the office removed from the plan after the station had
    recorded there: kept, so the day's records still show where they were planned.
    """

    __tablename__ = "planned_visits"
    __table_args__ = (UniqueConstraint("hub_site_code", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    hub_site_code: Mapped[str] = mapped_column(String(64))
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    campaign: Mapped[str] = mapped_column(String(200), default="")
    polling_date: Mapped[dt.date | None] = mapped_column(Date)
    target_count: Mapped[int] = mapped_column(Integer, default=0)
    plan_version: Mapped[int] = mapped_column(Integer, default=0)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    site: Mapped[Site] = relationship()


class Applicant(Base):
    """A person to record: the card fields, plus KK number and school details."""

    __tablename__ = "applicants"

    id: Mapped[int] = mapped_column(primary_key=True)
    nik: Mapped[str] = mapped_column(String(16), unique=True)
    kk_number: Mapped[str] = mapped_column(String(16), default="")
    name: Mapped[str] = mapped_column(String(200))
    birth_place: Mapped[str] = mapped_column(String(100), default="")
    birth_date: Mapped[dt.date] = mapped_column(Date)
    sex: Mapped[Sex] = mapped_column(_enum(Sex))
    blood_type: Mapped[str] = mapped_column(String(3), default="-")
    address: Mapped[str] = mapped_column(String(300), default="")
    rt: Mapped[str] = mapped_column(String(3), default="")
    rw: Mapped[str] = mapped_column(String(3), default="")
    village: Mapped[str] = mapped_column(String(100), default="")  # kelurahan / desa
    district: Mapped[str] = mapped_column(String(100), default="")  # kecamatan
    regency: Mapped[str] = mapped_column(String(100), default="")  # kabupaten / kota
    province: Mapped[str] = mapped_column(String(100), default="")
    religion: Mapped[str] = mapped_column(String(32), default="")
    marital_status: Mapped[str] = mapped_column(String(32), default="BELUM KAWIN")
    occupation: Mapped[str] = mapped_column(String(100), default="PELAJAR/MAHASISWA")
    citizenship: Mapped[str] = mapped_column(String(3), default="WNI")
    student_number: Mapped[str] = mapped_column(String(32), default="")  # NIS
    class_name: Mapped[str] = mapped_column(String(32), default="")
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    site: Mapped[Site | None] = relationship(back_populates="applicants")
    enrolments: Mapped[list[Enrolment]] = relationship(back_populates="applicant")


class Enrolment(Base):
    """One recording of one applicant. ``uuid`` is the idempotency key end to end."""

    __tablename__ = "enrolments"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    status: Mapped[EnrolmentStatus] = mapped_column(_enum(EnrolmentStatus), default=EnrolmentStatus.DRAFT)
    documents_seen: Mapped[list[str]] = mapped_column(JSON, default=list)
    possible_duplicate_of: Mapped[str | None] = mapped_column(String(36))
    duplicate_score: Mapped[float | None] = mapped_column(Float)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    approved_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now, onupdate=utc_now)
    captured_at: Mapped[dt.datetime | None]
    record_ref: Mapped[str | None] = mapped_column(String(200))  # ANSI/NIST transaction in the blob store
    sealed: Mapped[bool] = mapped_column(Boolean, default=False)  # plaintext images deleted
    rerecord_of: Mapped[str | None] = mapped_column(String(36))  # the earlier enrolment's UUID this one records again

    applicant: Mapped[Applicant] = relationship(back_populates="enrolments")
    visit: Mapped[Visit | None] = relationship()
    operator: Mapped[Operator | None] = relationship(foreign_keys=[operator_id])
    captures: Mapped[list[Capture]] = relationship(back_populates="enrolment", cascade="all, delete-orphan")
    outbox_entry: Mapped[OutboxEntry | None] = relationship(back_populates="enrolment")


class Capture(Base):
    """One modality/position of an enrolment: the best attempt kept, or an exception."""

    __tablename__ = "captures"
    __table_args__ = (UniqueConstraint("enrolment_id", "modality", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    modality: Mapped[Modality] = mapped_column(_enum(Modality))
    position: Mapped[str] = mapped_column(String(32))  # finger slug, eye slug, "face", "signature"
    quality_score: Mapped[float | None] = mapped_column(Float)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    forced: Mapped[bool] = mapped_column(Boolean, default=False)
    forced_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    exception_reason: Mapped[str | None] = mapped_column(String(32))
    exception_note: Mapped[str | None] = mapped_column(String(300))
    image_ref: Mapped[str | None] = mapped_column(String(200))
    image_format: Mapped[str | None] = mapped_column(String(16))  # png, jpeg, json (pen points)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    device_info: Mapped[dict | None] = mapped_column(JSON)
    details: Mapped[dict | None] = mapped_column(JSON)  # quality check values
    captured_at: Mapped[dt.datetime] = mapped_column(default=utc_now)

    enrolment: Mapped[Enrolment] = relationship(back_populates="captures")


class BiometricTemplate(Base):
    """A fingerprint minutiae template for the local duplicate check (enrolment or operator)."""

    __tablename__ = "biometric_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int | None] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"), index=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id", ondelete="CASCADE"), index=True)
    position: Mapped[str] = mapped_column(String(32))
    format: Mapped[str] = mapped_column(String(32), default="xyt")
    data: Mapped[bytes] = mapped_column(LargeBinary)
    prefilter: Mapped[bytes | None] = mapped_column(LargeBinary)  # duplicate-search descriptor (float32), saves recomputing
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)


class OutboxEntry(Base):
    """An enrolment waiting to go (or gone) to the hub; written with the enrolment."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id"), unique=True)
    packet_uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    state: Mapped[OutboxState] = mapped_column(_enum(OutboxState), default=OutboxState.QUEUED, index=True)
    packet_ref: Mapped[str | None] = mapped_column(String(200))
    packet_sha256: Mapped[str | None] = mapped_column(String(64))
    packet_size: Mapped[int | None] = mapped_column(Integer)
    bytes_sent: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[dt.datetime | None]
    central_status: Mapped[CentralStatus | None] = mapped_column(_enum(CentralStatus))
    receipt: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now, onupdate=utc_now)
    sent_at: Mapped[dt.datetime | None]
    confirmed_at: Mapped[dt.datetime | None]
    packet_deleted_at: Mapped[dt.datetime | None]
    handed_over_at: Mapped[dt.datetime | None]  # copied to removable media (station handover export); still queued

    enrolment: Mapped[Enrolment] = relationship(back_populates="outbox_entry")


class AuditEvent(Base):
    """Who did what, when. Never biometric data; NIKs masked in ``details``."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utc_now, index=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    action: Mapped[AuditAction] = mapped_column(_enum(AuditAction))
    subject: Mapped[str] = mapped_column(String(100), default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    # The tamper-evident chain (app/storage/audit_chain.py): position, the link before, this event's HMAC.
    seq: Mapped[int | None] = mapped_column(Integer, unique=True)
    prev_mac: Mapped[str | None] = mapped_column(String(64))
    mac: Mapped[str | None] = mapped_column(String(64))


class AuditChainHead(Base):
    """The chain's one head row: latest sequence number and MAC; updating it serialises appends."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    mac: Mapped[str] = mapped_column(String(64))
    legacy_until_id: Mapped[int] = mapped_column(Integer, default=0)  # events before the chain, adopted once


class SelfCheckResult(Base):
    """One device's self-check outcome; a run groups the devices checked together."""

    __tablename__ = "selfcheck_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_uuid: Mapped[str] = mapped_column(String(36), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    family: Mapped[str] = mapped_column(String(32))
    backend: Mapped[str] = mapped_column(String(32))
    ok: Mapped[bool] = mapped_column(Boolean)
    latency_s: Mapped[float | None] = mapped_column(Float)
    quality: Mapped[float | None] = mapped_column(Float)
    details: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[dict | None] = mapped_column(JSON)
    device_info: Mapped[dict | None] = mapped_column(JSON)


class KeyValue(Base):
    """Small station state: sync checkpoints, hub registration, last sync time."""

    __tablename__ = "station_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now, onupdate=utc_now)
