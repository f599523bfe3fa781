"""Getting the picture out of an SBI ``bioValue``: an ISO/IEC 19794-4/-5/-6 record.

The record's format identifier says which modality it is; the image is the
compressed block at the end of the record (WSQ, JPEG, JPEG 2000 or PNG). Header
layouts differ between the 2005 and 2011 editions and between vendors, so the
image is located by its own signature rather than by offsets.
"""

from __future__ import annotations

import io

import cv2
import numpy as np

from drivers.errors import DeviceProtocolError

FORMAT_IDS = {"Finger": b"FIR\x00", "Face": b"FAC\x00", "Iris": b"IIR\x00"}

IMAGE_SIGNATURES: tuple[tuple[str, bytes], ...] = (
    ("png", b"\x89PNG\r\n\x1a\n"),
    ("jp2", b"\x00\x00\x00\x0cjP  \r\n\x87\n"),
    ("j2k", b"\xff\x4f\xff\x51"),
    ("wsq", b"\xff\xa0\xff\xa8"),
    ("jpeg", b"\xff\xd8\xff"),
)


def _bad(detail: str) -> DeviceProtocolError:
    return DeviceProtocolError(
        f"Rekaman ISO dari perangkat SBI rusak ({detail}).", f"The SBI device's ISO record is corrupted ({detail})."
    )


def find_image(record: bytes, bio_type: str) -> tuple[str, bytes]:
    """(format, image bytes) inside an ISO biometric record of ``bio_type``."""
    expected = FORMAT_IDS.get(bio_type)
    if expected is None or not record.startswith(expected):
        raise _bad(f"record is not {bio_type} data")
    found = [(record.find(sig, 4), kind) for kind, sig in IMAGE_SIGNATURES]
    found = [(offset, kind) for offset, kind in found if offset >= 0]
    if not found:
        raise _bad("no image inside")
    offset, kind = min(found)
    return kind, record[offset:]


def decode_image(record: bytes, bio_type: str, *, colour: bool) -> np.ndarray:
    """The record's image as uint8 pixels (BGR when ``colour``, else greyscale)."""
    kind, data = find_image(record, bio_type)
    if kind == "wsq":
        import wsq  # noqa: F401  (registers the WSQ plugin with Pillow)
        from PIL import Image

        grey = np.asarray(Image.open(io.BytesIO(data)).convert("L"))
        return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR) if colour else grey
    flags = cv2.IMREAD_COLOR if colour else cv2.IMREAD_GRAYSCALE
    image = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
    if image is None:
        raise _bad(f"{kind} image cannot be decoded")
    return image
