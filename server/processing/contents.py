"""Read an opened packet's ANSI/NIST-ITL transaction and check that it is whole.

Whole means: the record parses; its Type-1 transaction control number is the
enrolment UUID; Type-2 carries a NIK that is structurally valid and agrees with
the birth date and sex beside it (and with the packet metadata); all ten finger
positions are there once, each as a decodable image with its NFIQ 2 score or as
an exception (amputated / unable to print); every face, iris and signature
record decodes; every capture the metadata lists is in the record.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

import nistitl
import numpy as np
import wsq  # noqa: F401  (registers the WSQ codec with Pillow)
from PIL import Image, UnidentifiedImageError

from app.domain.enums import Sex
from app.domain.nik import check_consistency, parse_nik
from app.records.inspect import MalformedTransactionError, inspect_transaction
from app.sync.packet_format import OpenedPacket

FINGER_POSITIONS = tuple(range(1, 11))


@dataclass(frozen=True)
class Problem:
    """Why a record is not whole, in both languages."""

    code: str
    message_id: str
    message_en: str


@dataclass(frozen=True)
class PacketContents:
    """What processing needs from one record: who, ten fingers, the face, and what is wrong."""

    enrolment_uuid: str | None
    nik: str | None
    name: str | None
    birth_date: dt.date | None
    sex: str | None
    fingers: dict[int, np.ndarray] = field(default_factory=dict)  # position -> 8-bit greyscale pixels
    finger_quality: dict[int, int | None] = field(default_factory=dict)
    exceptions: dict[int, str] = field(default_factory=dict)  # position -> amputation code (XX / UP)
    face_jpeg: bytes | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def whole(self) -> bool:
        return not self.problems


def _value(record: Any, tag: int) -> Any:
    field_ = record[tag]
    return None if field_ is None else field_.value


def _date(text: Any) -> dt.date | None:
    if not isinstance(text, str):
        return None
    try:
        return dt.datetime.strptime(text.strip(), "%Y%m%d").date()
    except ValueError:
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            return None


def _binary_images(record_bytes: bytes) -> dict[tuple[int, int], bytes]:
    """(record type, index within type) -> image bytes (field 999) of every image record."""
    message = nistitl.Message()
    message.parse(bytes(record_bytes))
    images: dict[tuple[int, int], bytes] = {}
    seen: dict[int, int] = {}
    for record in message:
        if record.type not in (10, 14, 17):
            continue
        index = seen.get(record.type, 0)
        seen[record.type] = index + 1
        data = _value(record, 999)
        if isinstance(data, bytes | bytearray):
            images[(record.type, index)] = bytes(data)
    return images


def _decode_grey(data: bytes) -> np.ndarray | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            return np.asarray(image.convert("L"), dtype=np.uint8)
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError):
        return None
    except Exception as exc:  # the wsq plugin raises a bare Exception("WSQ Error: ...") on damaged data
        if "WSQ" in str(exc):
            return None
        raise


def read_contents(opened: OpenedPacket) -> PacketContents:
    """The record's people fields, finger images and face, with every reason it is not whole."""
    problems: list[Problem] = []
    metadata = opened.metadata
    enrolment_uuid = str(metadata.get("enrolment_uuid") or "") or None
    try:
        summary = inspect_transaction(opened.record)
        images = _binary_images(opened.record)
    except MalformedTransactionError as error:
        return PacketContents(enrolment_uuid, None, None, None, None, problems=(
            Problem("record_unreadable", f"Rekaman standar tidak terbaca: {error.message_id}",
                    f"The standard record cannot be read: {error.message_en}"),))
    except (nistitl.NistException, ValueError, IndexError, KeyError, TypeError):
        return PacketContents(enrolment_uuid, None, None, None, None, problems=(
            Problem("record_unreadable", "Rekaman standar tidak terbaca.", "The standard record cannot be read."),))

    records = summary["records"]
    if enrolment_uuid and summary.get("tcn") != enrolment_uuid:
        problems.append(Problem("tcn_mismatch", "Nomor transaksi rekaman tidak sama dengan UUID perekaman.",
                                "The record's transaction number is not the enrolment UUID."))
    type2 = [r for r in records if r["type"] == 2]
    fields: dict[str, Any] = type2[0].get("fields", {}) if len(type2) == 1 else {}
    if len(type2) != 1:
        problems.append(Problem("biodata_missing", "Rekaman biodata (Type-2) tidak ada atau ganda.",
                                "The biodata record (Type-2) is missing or repeated."))
    nik = str(fields.get("nik") or "").strip() or None
    name = str(fields.get("name") or "").strip() or None
    birth_date = _date(fields.get("birth_date"))
    sex_text = str(fields.get("sex") or "").strip().upper() or None
    problems += _nik_problems(nik, birth_date, sex_text, metadata)

    fingers: dict[int, np.ndarray] = {}
    quality: dict[int, int | None] = {}
    exceptions: dict[int, str] = {}
    finger_records = [r for r in records if r["type"] == 14]
    positions = [r.get("position") for r in finger_records]
    for position in FINGER_POSITIONS:
        count = positions.count(position)
        if count != 1:
            problems.append(Problem(f"finger_{position}_{'missing' if count == 0 else 'repeated'}",
                                    f"Sidik jari posisi {position} {'tidak ada' if count == 0 else 'ganda'}.",
                                    f"Finger position {position} is {'missing' if count == 0 else 'repeated'}."))
    for index, record in enumerate(finger_records):
        position = record.get("position")
        if position not in FINGER_POSITIONS:
            problems.append(Problem("finger_position_invalid", "Posisi sidik jari tidak dikenal.",
                                    "A finger record has an unknown position."))
            continue
        if record.get("amputation"):
            exceptions[position] = str(record["amputation"])
            continue
        pixels = _decode_grey(images.get((14, index), b"")) if record.get("image_ok") else None
        if pixels is None:
            problems.append(Problem(f"finger_{position}_image", f"Citra sidik jari posisi {position} rusak.",
                                    f"The image of finger position {position} does not decode."))
            continue
        if record.get("quality") is None:
            problems.append(Problem(f"finger_{position}_quality", f"Nilai mutu sidik jari posisi {position} tidak ada.",
                                    f"Finger position {position} has no quality score."))
        fingers[position] = pixels
        quality[position] = record.get("quality")

    for kind, label_id, label_en in ((10, "foto wajah", "face photo"), (17, "citra iris", "iris image")):
        for record in (r for r in records if r["type"] == kind):
            if not record.get("image_ok"):
                problems.append(Problem(f"type{kind}_image", f"Sebuah {label_id} rusak.", f"A {label_en} does not decode."))
    for record in (r for r in records if r["type"] == 8):
        if not record.get("vectors_ok"):
            problems.append(Problem("signature_damaged", "Tanda tangan rusak.", "The signature is damaged."))
    problems += _listed_captures_missing(metadata, records)
    face = images.get((10, 0))
    return PacketContents(enrolment_uuid, nik, name, birth_date, sex_text, fingers, quality, exceptions, face,
                          tuple(problems))


def _nik_problems(nik: str | None, birth_date: dt.date | None, sex_text: str | None,
                  metadata: dict[str, Any]) -> list[Problem]:
    if nik is None:
        return [Problem("nik_missing", "Rekaman tidak memuat NIK.", "The record carries no NIK.")]
    problems: list[Problem] = []
    reference = dt.date.today()
    info = parse_nik(nik, reference)
    problems += [Problem(f"nik_{p.code}", f"NIK tidak valid: {p.message_id}", f"Invalid NIK: {p.message_en}")
                 for p in info.errors]
    sex = {"L": Sex.MALE, "P": Sex.FEMALE}.get(sex_text or "")
    if info.valid:
        problems += [Problem(p.code, p.message_id, p.message_en)
                     for p in check_consistency(info, birth_date=birth_date, sex=sex)]
    applicant = metadata.get("applicant")
    if isinstance(applicant, dict) and applicant.get("nik") not in (None, nik):
        problems.append(Problem("nik_metadata_mismatch", "NIK di rekaman berbeda dengan NIK di data pengiriman.",
                                "The record's NIK differs from the NIK in the packet metadata."))
    return problems


_MODALITY_TYPES = {"face": 10, "iris": 17, "signature": 8}


def _listed_captures_missing(metadata: dict[str, Any], records: list[dict[str, Any]]) -> list[Problem]:
    """Each face, iris or signature the station says it captured must be in the record."""
    captures = metadata.get("captures")
    if not isinstance(captures, list):
        return []
    problems = []
    for modality, kind in _MODALITY_TYPES.items():
        listed = sum(1 for c in captures if isinstance(c, dict) and c.get("modality") == modality
                     and not c.get("exception"))
        present = sum(1 for r in records if r["type"] == kind)
        if present < listed:
            problems.append(Problem(f"{modality}_missing", f"Rekaman kurang {listed - present} citra ({modality}).",
                                    f"The record lacks {listed - present} {modality} image(s)."))
    return problems
