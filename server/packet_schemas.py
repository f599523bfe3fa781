"""Schemas of what a packet carries: its header and its decrypted metadata (``ektp-packet-metadata/1``).

One place for every hub component that reads a packet (intake, hand-over
import, processing): call :func:`validate_header` on ``read_header_fields``'s
JSON before trusting a header, and :func:`validate_metadata` on the decrypted
metadata before using any field of it. Both raise ``PacketFormatError`` (code
``bad_header`` / ``bad_metadata``) naming the failing fields, never their values.
Adding a metadata field on the station means adding it here first.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid as uuid_module
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from app.domain.enums import EnrolmentStatus, Modality, Sex
from app.sync.errors import PacketFormatError
from app.sync.packet_format import CIPHER, FORMAT_VERSION, KEY_WRAP, MAX_PACKET_SIZE
from server.schemas import where

METADATA_FORMAT = "ektp-packet-metadata/1"
MAX_CAPTURES = 64
MAX_DOCUMENTS = 32


def _uuid(text: str) -> str:
    if len(text) != 36:
        raise ValueError("not a UUID")
    return str(uuid_module.UUID(text))


def _iso_datetime(text: str) -> str:
    dt.datetime.fromisoformat(text)
    return text


def _iso_date(text: str) -> str:
    dt.date.fromisoformat(text)
    return text


def _base64(length: int) -> Any:
    def check(text: str) -> str:
        try:
            raw = base64.b64decode(text.encode("ascii"), validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raise ValueError("not base64") from None
        if len(raw) != length:
            raise ValueError(f"not {length} bytes")
        return text

    return Annotated[str, StringConstraints(max_length=4 * ((length + 2) // 3)), AfterValidator(check)]


def _text(limit: int) -> Any:
    return Annotated[str, StringConstraints(max_length=limit)]


Uuid = Annotated[str, StringConstraints(max_length=36), AfterValidator(_uuid)]
IsoDateTime = Annotated[str, StringConstraints(max_length=40), AfterValidator(_iso_datetime)]
IsoDate = Annotated[str, StringConstraints(max_length=10), AfterValidator(_iso_date)]
Nik = Annotated[str, StringConstraints(pattern=r"^[0-9]{16}$")]
# What a station's local duplicate check found: another enrolment, or an operator's own print.
OperatorReference = Annotated[str, StringConstraints(pattern=r"^operator:[0-9]{1,12}$")]
HexMac = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
KkNumber = Annotated[str, StringConstraints(pattern=r"^([0-9]{16})?$")]
Count = Annotated[int, Field(ge=0, le=1_000_000)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class HeaderSchema(_Strict):
    """The clear-text packet header (signed with the packet, so only a registered station writes one)."""

    packet_uuid: Uuid
    station_id: Uuid
    created_at: IsoDateTime
    hub_key_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]
    ephemeral_key: _base64(32)
    wrap_nonce: _base64(12)
    wrapped_key: _base64(48)  # 32-byte content key + 16-byte GCM tag
    nonce: _base64(12)
    format_version: Literal[FORMAT_VERSION]  # type: ignore[valid-type]
    cipher: Literal[CIPHER]  # type: ignore[valid-type]
    key_wrap: Literal[KEY_WRAP]  # type: ignore[valid-type]


class StationPart(_Strict):
    id: Uuid
    code: _text(16)
    site_code: _text(64)


class OperatorPart(_Strict):
    username: _text(64)
    full_name: _text(128)


class VisitPart(_Strict):
    date: IsoDate | None
    site: _text(200)
    hub_site_code: _text(64) | None


class ApplicantPart(_Strict):
    nik: Nik
    name: _text(200)
    birth_date: IsoDate | None
    sex: Literal[tuple(s.value for s in Sex)]  # type: ignore[valid-type]
    kk_number: KkNumber | None


class CapturePart(_Strict):
    modality: Literal[tuple(m.value for m in Modality)]  # type: ignore[valid-type]
    position: _text(32)
    quality_score: Annotated[float, Field(ge=-1e6, le=1e6, allow_inf_nan=False)] | None
    attempts: Count
    forced: bool
    exception: _text(32) | None
    format: _text(16) | None
    width: Count | None
    height: Count | None


class RecordPart(_Strict):
    format: _text(64)
    size: Annotated[int, Field(ge=0, le=MAX_PACKET_SIZE)]
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class AuditCheckpointPart(_Strict):
    seq: Annotated[int, Field(ge=0, le=2**62)]
    mac: HexMac


class MetadataSchema(_Strict):
    """What travels beside the record (see ``app.sync.sealing.build_metadata``)."""

    format: Literal[METADATA_FORMAT]  # type: ignore[valid-type]
    packet_uuid: Uuid
    enrolment_uuid: Uuid
    software_version: _text(32)
    station: StationPart
    operator: OperatorPart | None
    visit: VisitPart | None
    applicant: ApplicantPart
    status: Literal[tuple(s.value for s in EnrolmentStatus)]  # type: ignore[valid-type]
    captured_at: IsoDateTime | None
    approved_at: IsoDateTime | None
    possible_duplicate_of: Uuid | OperatorReference | None
    rerecord_of: Uuid | None = None  # the earlier enrolment this one records again (stations from 0.2)
    audit_checkpoint: AuditCheckpointPart | None = None  # the station's audit-chain head when sealed
    documents_seen: Annotated[list[_text(32)], Field(max_length=MAX_DOCUMENTS)]
    captures: Annotated[list[CapturePart], Field(max_length=MAX_CAPTURES)]
    record: RecordPart


def _refused(code: str, part_id: str, part_en: str, error: ValidationError) -> PacketFormatError:
    fields = where(error)
    return PacketFormatError(code, f"{part_id} paket tidak valid (kolom {fields}).",
                             f"The packet {part_en} is invalid (fields {fields}).")


def validate_header(fields: Any) -> HeaderSchema:
    """The header's JSON object, checked field by field.

    Raises:
        PacketFormatError: ``bad_header``.
    """
    try:
        return HeaderSchema.model_validate(fields)
    except ValidationError as exc:
        raise _refused("bad_header", "Kepala", "header", exc) from None


def validate_metadata(fields: Any) -> MetadataSchema:
    """The decrypted metadata, checked field by field.

    Raises:
        PacketFormatError: ``bad_metadata``.
    """
    try:
        return MetadataSchema.model_validate(fields)
    except ValidationError as exc:
        raise _refused("bad_metadata", "Metadata", "metadata", exc) from None
