"""One ANSI/NIST-ITL 1-2011 transaction per enrolment, built with ``nistitl`` and checked by parsing it back.

Layout: Type-1 (header), Type-2 (demographics, see ``layout.TYPE2_FIELDS``),
one Type-14 per finger (WSQ at 500 ppi, NFIQ 2 in FQM, AMP for exceptions),
Type-10 face (JPEG token image), Type-17 per eye (JPEG 2000), Type-8 signature
(pen vectors). ``nistitl`` validates nothing, so :func:`build_transaction`
re-parses every record it writes and compares it with what it meant to write.
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import nistitl
import numpy as np

from app.domain.enums import CaptureException
from app.records import layout
from app.records.encoding import encode_face_jpeg, encode_iris, encode_wsq
from app.records.inspect import RecordError, inspect_transaction
from drivers.fingerprint.base import FingerPosition
from drivers.iris.base import Eye

__all__ = [
    "FaceImage", "FingerRecord", "IrisRecord", "RecordError", "SignatureVectors", "TransactionHeader",
    "build_transaction", "inspect_transaction",
]


@dataclass(frozen=True)
class TransactionHeader:
    """Type-1 content: the enrolment UUID is the transaction control number."""

    tcn: str
    office_code: str
    station_code: str
    destination: str
    created_at: dt.datetime  # UTC


@dataclass(frozen=True)
class FingerRecord:
    """One finger: its image (uint8, 500 ppi) and NFIQ 2, or an exception instead of an image."""

    position: FingerPosition
    pixels: np.ndarray | None
    quality: int | None = None
    exception: CaptureException | None = None
    forced: bool = False
    attempts: int = 1


@dataclass(frozen=True)
class FaceImage:
    jpeg: bytes
    width: int
    height: int
    quality: int | None = None


@dataclass(frozen=True)
class IrisRecord:
    eye: Eye
    png: bytes
    width: int
    height: int
    quality: int | None = None


@dataclass(frozen=True)
class SignatureVectors:
    """Pen points in device units with the pad's ranges and physical size (mm)."""

    points: Sequence[Mapping[str, object]]
    x_max: int
    y_max: int
    pressure_max: int
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class _Expected:
    tcn: str
    fingers: dict[int, tuple[int, int, int | None, str | None]] = field(default_factory=dict)
    faces: int = 0
    irises: dict[int, tuple[int, int]] = field(default_factory=dict)
    signatures: int = 0
    image_bytes: dict[int, int] = field(default_factory=dict)  # IDC -> length of the image data written


def _text(value: object) -> str:
    """Latin-1 text without the separators (FS, GS, RS, US) that would break the record."""
    text = "" if value is None else str(value)
    text = "".join(" " if ch in "\x1c\x1d\x1e\x1f\r\n" else ch for ch in text)
    return text.encode("latin-1", "replace").decode("latin-1").strip()


def _type1(message: nistitl.Message, header: TransactionHeader) -> None:
    record = message[0]
    record.VER = layout.VERSION
    record.TOT = layout.TRANSACTION_TYPE
    record.DAT = header.created_at.strftime("%Y%m%d")
    record.DAI = _text(header.destination)
    record.ORI = _text(header.office_code)
    record.TCN = header.tcn
    record.NSR = layout.NATIVE_RESOLUTION
    record.NTR = layout.NATIVE_RESOLUTION
    record += nistitl.Field(1, 13, [[layout.DOMAIN_NAME, layout.DOMAIN_VERSION]], alias="DOM")
    record += nistitl.Field(1, 14, header.created_at.astimezone(dt.UTC).strftime("%Y%m%d%H%M%SZ"), alias="GMT")


def _type2(demographics: Mapping[str, object], idc: int) -> nistitl.AsciiRecord:
    record = nistitl.AsciiRecord(2)
    record.IDC = idc
    for name, value in demographics.items():
        number = layout.TYPE2_FIELDS.get(name)
        if number is None:
            raise ValueError(f"no Type-2 field for {name!r}")
        text = _text(value)
        if text:
            record += nistitl.Field(2, number, text)
    return record


def _type14(finger: FingerRecord, idc: int, source: str, date: str) -> nistitl.AsciiRecord:
    record = nistitl.AsciiRecord(14)
    record.IDC = idc
    code = int(finger.position)
    if finger.exception is not None:
        side = layout.PLACEHOLDER_SIDE
        width, height, compression = side, side, layout.UNCOMPRESSED
        data = bytes([255]) * (side * side)
    else:
        if finger.pixels is None or finger.pixels.ndim != 2:
            raise RecordError(f"Citra jari {finger.position.slug} tidak ada.", f"Finger image {finger.position.slug} is missing.")
        height, width = finger.pixels.shape
        compression, data = layout.WSQ, encode_wsq(finger.pixels)
    record += nistitl.Field(14, 3, layout.IMPRESSION_LIVE_PLAIN)
    record += nistitl.Field(14, 4, _text(source))
    record += nistitl.Field(14, 5, date)
    record += nistitl.Field(14, 6, str(width))
    record += nistitl.Field(14, 7, str(height))
    record += nistitl.Field(14, 8, layout.SCALE_PPI)
    record += nistitl.Field(14, 9, "500")
    record += nistitl.Field(14, 10, "500")
    record += nistitl.Field(14, 11, compression)
    record += nistitl.Field(14, 12, "8")
    record += nistitl.Field(14, 13, str(code))
    if finger.exception is not None:
        record += nistitl.Field(14, 18, [[str(code), layout.AMPUTATION_CODES[finger.exception]]])
    elif finger.forced:
        record += nistitl.Field(14, 20, f"FORCED AFTER {finger.attempts} ATTEMPTS")
    if finger.quality is not None and finger.exception is None:
        quality = max(0, min(100, int(round(finger.quality))))
        record += nistitl.Field(14, 24, [[str(code), str(quality), layout.NFIQ2_VENDOR, layout.NFIQ2_PRODUCT]])
    record += nistitl.BinaryField(14, 999, data)
    return record


def _type10(face: FaceImage, idc: int, source: str, date: str) -> nistitl.AsciiRecord:
    record = nistitl.AsciiRecord(10)
    record.IDC = idc
    record += nistitl.Field(10, 3, "FACE")
    record += nistitl.Field(10, 4, _text(source))
    record += nistitl.Field(10, 5, date)
    record += nistitl.Field(10, 6, str(face.width))
    record += nistitl.Field(10, 7, str(face.height))
    record += nistitl.Field(10, 8, layout.SCALE_ASPECT)
    record += nistitl.Field(10, 9, "1")
    record += nistitl.Field(10, 10, "1")
    record += nistitl.Field(10, 11, layout.JPEG)
    record += nistitl.Field(10, 12, "YCC")
    record += nistitl.Field(10, 13, layout.FACE_SUBJECT_ACQUISITION_PROFILE)
    record += nistitl.Field(10, 20, "F")  # full face frontal
    if face.quality is not None:
        quality = max(0, min(100, int(round(face.quality))))
        record += nistitl.Field(10, 24, [[str(quality), layout.STATION_VENDOR, layout.STATION_PRODUCT]])
    record += nistitl.BinaryField(10, 999, encode_face_jpeg(face.jpeg))
    return record


def _type17(iris: IrisRecord, idc: int, source: str, date: str) -> nistitl.AsciiRecord:
    record = nistitl.AsciiRecord(17)
    record.IDC = idc
    record += nistitl.Field(17, 3, str(iris.eye.value))
    record += nistitl.Field(17, 4, _text(source))
    record += nistitl.Field(17, 5, date)
    record += nistitl.Field(17, 6, str(iris.width))
    record += nistitl.Field(17, 7, str(iris.height))
    record += nistitl.Field(17, 8, layout.SCALE_ASPECT)
    record += nistitl.Field(17, 9, "1")
    record += nistitl.Field(17, 10, "1")
    record += nistitl.Field(17, 11, layout.JPEG2000)
    record += nistitl.Field(17, 12, "8")
    record += nistitl.Field(17, 13, "GRAY")
    if iris.quality is not None:
        quality = max(0, min(100, int(round(iris.quality))))
        record += nistitl.Field(17, 24, [[str(quality), layout.STATION_VENDOR, layout.STATION_PRODUCT]])
    record += nistitl.BinaryField(17, 999, encode_iris(iris.png))
    return record


def signature_vectors(signature: SignatureVectors) -> bytes:
    """Pen points as Type-8 vectors: x, y in 0.001 inch from the bottom-left corner, pressure 0 (up)–254, 255 ends."""
    scale_x = signature.width_mm / layout.SIGNATURE_UNIT_MM / max(signature.x_max, 1)
    scale_y = signature.height_mm / layout.SIGNATURE_UNIT_MM / max(signature.y_max, 1)
    out = bytearray()
    for point in signature.points:
        x = int(round(float(point["x"]) * scale_x))
        y = int(round((signature.y_max - float(point["y"])) * scale_y))
        if point.get("tip"):
            pressure = 1 + int(round(float(point.get("pressure", 0)) / max(signature.pressure_max, 1) * (layout.PEN_MAX - 1)))
        else:
            pressure = layout.PEN_UP
        out += struct.pack(">HHB", max(0, min(x, 65535)), max(0, min(y, 65535)), min(pressure, layout.PEN_MAX))
    out += struct.pack(">HHB", 0, 0, layout.VECTOR_END)
    return bytes(out)


def _type8(signature: SignatureVectors, idc: int) -> nistitl.BinaryRecord:
    record = nistitl.BinaryRecord(8)
    record.IDC = idc
    # SIG, SRT, ISR (0 for vectors), HLL and VLL (0 for vectors), then the vectors.
    record.pack(">BBBHH", layout.SIGNATURE_OF_SUBJECT, layout.SIGNATURE_VECTOR, 0, 0, 0, signature_vectors(signature))
    return record


def build_transaction(
    header: TransactionHeader,
    demographics: Mapping[str, object],
    fingers: Sequence[FingerRecord] = (),
    face: FaceImage | None = None,
    irises: Sequence[IrisRecord] = (),
    signature: SignatureVectors | None = None,
) -> bytes:
    """The transaction's bytes, parsed back and checked before they are returned.

    Raises:
        RecordError: the transaction could not be built or did not read back as written.
    """
    message = nistitl.Message()
    _type1(message, header)
    date = header.created_at.strftime("%Y%m%d")
    source = header.station_code
    idc = 0
    message += _type2(demographics, idc)
    expected = _Expected(tcn=header.tcn)
    for finger in sorted(fingers, key=lambda f: int(f.position)):
        idc += 1
        message += _remember_image(expected, idc, _type14(finger, idc, source, date))
        if finger.exception is not None:
            expected.fingers[int(finger.position)] = (layout.PLACEHOLDER_SIDE, layout.PLACEHOLDER_SIDE, None,
                                                      layout.AMPUTATION_CODES[finger.exception])
        else:
            height, width = finger.pixels.shape  # type: ignore[union-attr]
            quality = None if finger.quality is None else max(0, min(100, int(round(finger.quality))))
            expected.fingers[int(finger.position)] = (width, height, quality, None)
    if face is not None:
        idc += 1
        message += _remember_image(expected, idc, _type10(face, idc, source, date))
    for iris in sorted(irises, key=lambda i: i.eye.value):
        idc += 1
        message += _remember_image(expected, idc, _type17(iris, idc, source, date))
        expected.irises[iris.eye.value] = (iris.width, iris.height)
    if signature is not None:
        idc += 1
        message += _type8(signature, idc)
    if idc > 255:
        raise RecordError("Terlalu banyak rekaman.", "Too many records in one transaction.")
    try:
        data = message.NIST
    except (nistitl.NistException, UnicodeEncodeError, struct.error, ValueError) as exc:
        raise RecordError(f"Rekaman standar gagal dibuat: {exc}", f"The standard record could not be built: {exc}") from exc
    _verify(data, expected, faces=int(face is not None), signatures=int(signature is not None))
    return data


def _remember_image(expected: _Expected, idc: int, record: nistitl.AsciiRecord) -> nistitl.AsciiRecord:
    expected.image_bytes[idc] = len(record[999].value)
    return record


def _verify(data: bytes, expected: _Expected, *, faces: int, signatures: int) -> None:
    """Parse the bytes back and compare them with what was meant to be written.

    The images were encoded a moment ago: each one's header and structure are checked
    (size as stated, complete stream) and its length compared with what was written,
    instead of decoding its pixels again.
    """
    summary = inspect_transaction(data, decode_images=False)
    problems: list[str] = []
    for record in summary["records"]:
        written = expected.image_bytes.get(record["idc"]) if record["type"] in (10, 14, 17) else None
        if written is not None and record["bytes"] != written:
            problems.append(f"Type-{record['type']} IDC {record['idc']}: {record['bytes']} image bytes, wrote {written}")
    if summary["tcn"] != expected.tcn:
        problems.append(f"TCN {summary['tcn']} != {expected.tcn}")
    if summary["version"] != layout.VERSION:
        problems.append(f"VER {summary['version']}")
    counts = summary["counts"]
    for record_type, wanted in ((2, 1), (14, len(expected.fingers)), (10, faces), (17, len(expected.irises)),
                                (8, signatures)):
        if counts.get(str(record_type), 0) != wanted:
            problems.append(f"Type-{record_type}: {counts.get(str(record_type), 0)} records, expected {wanted}")
    for record in summary["records"]:
        if record["type"] == 14:
            want = expected.fingers.get(record["position"])
            got = (record["width"], record["height"], record["quality"], record["amputation"])
            if want != got or not record["image_ok"]:
                problems.append(f"Type-14 position {record['position']}: {got} (image ok {record['image_ok']}), expected {want}")
        elif record["type"] == 17:
            want_size = expected.irises.get(record["eye"])
            if want_size != (record["width"], record["height"]) or not record["image_ok"]:
                problems.append(f"Type-17 eye {record['eye']}: {record['width']}x{record['height']}")
        elif record["type"] == 10 and not record["image_ok"]:
            problems.append("Type-10 face image does not decode to its stated size")
        elif record["type"] == 8 and not record["vectors_ok"]:
            problems.append("Type-8 signature vectors are not terminated")
    if problems:
        raise RecordError(
            "Rekaman standar tidak lolos pemeriksaan: " + "; ".join(problems),
            "The standard record failed its read-back check: " + "; ".join(problems),
            action_id="Tidak ada yang disimpan. Ulangi penyimpanan; bila terus terjadi, laporkan ke admin.",
            action_en="Nothing was saved. Save again; if it keeps happening, tell the administrator.",
        )
