"""Read an ANSI/NIST-ITL transaction back: records, types, positions, image sizes, quality values.

Used by ``station inspect`` and by the builder's read-back check. ``station inspect``
decodes every image to confirm it matches the size its record states; the builder,
which has just encoded them, checks each image's own header and structure instead
(``image_headers.py``) and compares the bytes with what it wrote.
"""

from __future__ import annotations

import io
import struct
import warnings
from typing import Any

import nistitl
import wsq  # noqa: F401  (registers the WSQ codec with Pillow)
from PIL import Image

from app.errors import InputError, StationError
from app.records import layout
from app.records.image_headers import header_size


class RecordError(StationError):
    """A standard record could not be built or failed its read-back check."""

    default_message_id = "Rekaman standar (ANSI/NIST) tidak valid."
    default_message_en = "The standard (ANSI/NIST) record is invalid."


class MalformedTransactionError(InputError):
    default_message_id = "Berkas bukan transaksi ANSI/NIST-ITL yang valid."
    default_message_en = "The file is not a valid ANSI/NIST-ITL transaction."
    default_action_id = "Periksa bahwa berkas utuh (bukan terpotong) lalu coba lagi."
    default_action_en = "Check that the file is complete (not truncated), then try again."


def _value(record: Any, tag: int) -> Any:
    field = record[tag]
    return None if field is None else field.value


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _items(value: Any) -> list[str]:
    """The first subfield's items of a field such as FQM or AMP."""
    if isinstance(value, list) and value:
        first = value[0]
        return [str(v) for v in first] if isinstance(first, list) else [str(first)]
    return [str(value)] if value not in (None, "") else []


MAX_IMAGE_PIXELS = 50_000_000  # far above any biometric image; a record claiming more is not decoded


def _decodes_to(data: bytes, width: int | None, height: int | None, compression: str | None) -> bool:
    if width is None or height is None:
        return False
    if compression == layout.UNCOMPRESSED:
        return len(data) == width * height
    if not 0 < width * height <= MAX_IMAGE_PIXELS:
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.size != (width, height) or image.size[0] * image.size[1] > MAX_IMAGE_PIXELS:
                    return False
                image.load()
                return True
    except Exception:  # untrusted bytes in third-party decoders: OSError, SyntaxError, struct.error,
        return False  # EOFError, DecompressionBomb*, the wsq plugin's bare Exception... all mean "damaged image"


def _image_record(record: Any, decode: bool) -> dict[str, Any]:
    width, height = _int(_value(record, 6)), _int(_value(record, 7))
    compression = _value(record, 11)
    data = _value(record, 999) or b""
    if decode or compression == layout.UNCOMPRESSED:
        image_ok = _decodes_to(data, width, height, compression)
    else:
        image_ok = width is not None and header_size(data, compression) == (width, height)
    return {"width": width, "height": height, "compression": compression, "bytes": len(data),
            "image_ok": image_ok}


def _describe(record: Any, decode: bool = True) -> dict[str, Any]:
    kind = record.type
    info: dict[str, Any] = {"type": kind, "idc": None if kind == 1 else _int(record.IDC)}
    if kind == 2:
        info["fields"] = {layout.TYPE2_NAMES.get(f.tag, f"2.{f.tag:03d}"): f.value
                          for f in record._fields if f.tag > 2}  # nistitl exposes no field list
    elif kind == 14:
        info.update(_image_record(record, decode))
        info["position"] = _int(_value(record, 13))
        quality = _items(_value(record, 24))
        info["quality"] = _int(quality[1]) if len(quality) > 1 else None
        amputation = _items(_value(record, 18))
        info["amputation"] = amputation[1] if len(amputation) > 1 else None
        info["comment"] = _value(record, 20)
    elif kind == 10:
        info.update(_image_record(record, decode))
        quality = _items(_value(record, 24))
        info["quality"] = _int(quality[0]) if quality else None
        info["image_type"] = _value(record, 3)
    elif kind == 17:
        info.update(_image_record(record, decode))
        info["eye"] = _int(_value(record, 3))
        quality = _items(_value(record, 24))
        info["quality"] = _int(quality[0]) if quality else None
    elif kind == 8:
        value = record.value
        if len(value) < 7:
            raise MalformedTransactionError("Rekaman Type-8 terpotong.", "The Type-8 record is truncated.")
        sig, srt, isr, hll, vll = struct.unpack(">BBBHH", value[:7])
        vectors = value[7:]
        info.update({"signature_type": sig, "representation": srt, "resolution": isr, "width": hll, "height": vll,
                     "bytes": len(vectors), "vectors": len(vectors) // 5,
                     "vectors_ok": srt != layout.SIGNATURE_VECTOR or (
                         len(vectors) % 5 == 0 and len(vectors) >= 5 and vectors[-1] == layout.VECTOR_END)})
    return info


def inspect_transaction(data: bytes, *, decode_images: bool = True) -> dict[str, Any]:
    """A summary of a transaction (JSON-friendly).

    ``decode_images=False`` checks each image's header and structure instead of decoding
    its pixels (the builder's read-back of images it has just encoded).

    Raises:
        MalformedTransactionError: the bytes are not a transaction this station can read.
    """
    if not data or not data[:6].startswith(b"1.001:"):
        raise MalformedTransactionError()
    message = nistitl.Message()
    try:
        message.parse(bytes(data))
        header = message[0]
        records = [_describe(record, decode_images) for record in message]
    except MalformedTransactionError:
        raise
    except (nistitl.NistException, ValueError, LookupError, TypeError, struct.error, AttributeError,
            OverflowError, RecursionError, EOFError, ZeroDivisionError) as exc:
        raise MalformedTransactionError(
            f"Berkas bukan transaksi ANSI/NIST-ITL yang valid ({exc}).",
            f"The file is not a valid ANSI/NIST-ITL transaction ({exc}).",
        ) from exc
    counts: dict[str, int] = {}
    for record in records:
        counts[str(record["type"])] = counts.get(str(record["type"]), 0) + 1
    return {
        "version": _value(header, 2),
        "transaction_type": _value(header, 4),
        "date": _value(header, 5),
        "destination": _value(header, 7),
        "originating_agency": _value(header, 8),
        "tcn": _value(header, 9),
        "size": len(data),
        "counts": counts,
        "records": records,
    }
