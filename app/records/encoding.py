"""The packet's image encoders and their settings, chosen by what they cost in biometric value.

``bench/bench_encoders.py`` measures each setting on synthetic samples: NFIQ 2
of the WSQ-decoded print against the original, the face gate on the decoded
token, the iris score on the decoded JPEG 2000. The settings below are the
smallest that stay within the tolerances beside them (the benchmark prints the
table; ``tests/app/records/test_encoding.py`` holds the tolerances on samples).
The station keeps its lossless (or camera JPEG) originals; only the packet is
compressed this way.
"""

from __future__ import annotations

import io

import numpy as np
import wsq  # noqa: F401  (registers the WSQ codec with Pillow)
from PIL import Image

from app.records.inspect import RecordError

# WSQ: wsq 0.9 (the pinned codec) has one fixed rate, about 0.57 bits a pixel (9 KB a 320×400 print): its
# compress() takes a rate argument and ignores it. So the fingers are measured (bench_encoders: NFIQ 2 of
# the decoded print moves by up to about ±20 points on synthetic prints), not tuned.

# Face token: JPEG quality of the token image in the packet (re-encoded from the stored capture).
FACE_JPEG_QUALITY = 80
FACE_SCORE_TOLERANCE = 3  # face gate score points the decoded token may lose; it must still pass

# Iris: JPEG 2000 compression ratio (ISO/IEC 19794-6 allows lossy JPEG 2000 for exchange).
IRIS_COMPRESSION_RATIO = 15
IRIS_SCORE_TOLERANCE = 3  # iris score points the decoded image may lose; it must still pass


def encode_wsq(pixels: np.ndarray) -> bytes:
    """A greyscale 500 ppi print as WSQ (the codec's one rate)."""
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(pixels, dtype=np.uint8), "L").save(buffer, "WSQ")
    return buffer.getvalue()


def decode_wsq(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("L"))


def encode_face_jpeg(stored: bytes, quality: int = FACE_JPEG_QUALITY) -> bytes:
    """The stored face token re-encoded as a baseline JPEG at ``quality``; kept as is when that is no smaller.

    Raises:
        RecordError: the stored image is not a readable image.
    """
    image = _open(stored, "Foto wajah", "The face photo").convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue() if buffer.tell() < len(stored) else stored


def encode_iris(png: bytes, ratio: float = IRIS_COMPRESSION_RATIO) -> bytes:
    """Lossy JPEG 2000 at ``ratio`` from the stored lossless PNG.

    Raises:
        RecordError: the stored image is not a readable image.
    """
    grey = _open(png, "Citra iris", "The iris image").convert("L")
    buffer = io.BytesIO()
    grey.save(buffer, "JPEG2000", quality_mode="rates", quality_layers=[ratio], irreversible=True)
    return buffer.getvalue()


def decode_image(data: bytes, mode: str) -> np.ndarray:
    """A decoded JPEG / JPEG 2000 / PNG as an array (``mode`` "L" or "RGB"; RGB comes back as BGR for OpenCV)."""
    with Image.open(io.BytesIO(data)) as image:
        array = np.asarray(image.convert(mode))
    return np.ascontiguousarray(array[:, :, ::-1]) if mode == "RGB" else array


def _open(data: bytes, what_id: str, what_en: str) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
        return image
    except (OSError, ValueError) as exc:
        raise RecordError(f"{what_id} rusak di penyimpanan.", f"{what_en} is corrupted in storage.") from exc
