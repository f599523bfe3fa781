"""Minutiae templates: extraction with NBIS (mindtct), ISO/IEC 19794-2:2005 bytes, pre-filter descriptors.

Templates are stored as ISO/IEC 19794-2:2005 records, the format the NBIS binding
loads back for Bozorth3. The pre-filter descriptor (a pair histogram fused with
Minutia Cylinder-Code words, ``app.biometrics.mcc``) is a cheap, rotation- and
translation-free summary used only to choose which stored templates Bozorth3
compares; Bozorth3 always makes the decision.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import struct
import threading
from dataclasses import dataclass

import cv2
import nbis
import numpy as np

from app.biometrics import mcc, nbis_binding

log = logging.getLogger(__name__)

ISO_FORMAT = "iso19794-2:2005"
MIN_MINUTIAE = 8  # fewer than this cannot support a Bozorth3 decision
MIN_SIDE = 64  # NBIS aborts the whole process (stack smashing) on images a few pixels high

# The layout the NBIS binding writes and reads back: a 22-byte record header
# (magic, version, length, equipment, width, height, x and y resolution), one
# finger view header, then 6 bytes per minutia and no extended data block.
_HEADER = struct.Struct(">4s4sIHHHHH")
_VIEW = struct.Struct(">BBBB")  # position, view/impression, quality, minutiae count
_MINUTIA = struct.Struct(">HHBB")  # type|x, y, angle (360/256 units), quality

# Descriptor: histogram of minutia pairs by distance and by the two minutiae's
# directions relative to the line joining them.
_DISTANCE_EDGES = np.array([0, 20, 35, 50, 70, 95, 125, 160], dtype=np.float32)
_ANGLE_BINS = 6
DESCRIPTOR_SIZE = (len(_DISTANCE_EDGES) - 1) * _ANGLE_BINS * _ANGLE_BINS

# The one byte in which nbis-py's record differs when NFIQ 2 was computed: it
# writes the NFIQ 2 score there, the template extractor writes 0.
_NFIQ2_SCORE_OFFSET = 20


@dataclass(frozen=True)
class ExtractedTemplate:
    """The template one extractor already found in an image, with the digest of that image's pixels.

    ``template`` is None when too few minutiae were found (as ``TemplateExtractor.extract`` says).
    """

    image_digest: bytes
    template: bytes | None


def image_digest(pixels: np.ndarray) -> bytes:
    """A digest of a greyscale image's shape and pixels (which image a template came from)."""
    pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
    digest = hashlib.blake2b(repr(pixels.shape).encode(), digest_size=16)
    digest.update(pixels.data)
    return digest.digest()


def template_of(minutiae: nbis.Minutiae, count: int | None = None) -> bytes | None:
    """The stored template (ISO bytes) of NBIS minutiae, or None when there are too few.

    Minutiae from NFIQ 2's extractor give the same bytes as the template extractor's.
    """
    if (len(minutiae.get()) if count is None else count) < MIN_MINUTIAE:
        return None
    record = bytearray(minutiae.to_iso_19794_2_2005())
    if len(record) > _NFIQ2_SCORE_OFFSET:
        record[_NFIQ2_SCORE_OFFSET] = 0
    return bytes(record)


def encode_for_nbis(pixels: np.ndarray) -> bytes:
    """A greyscale image as the bytes NBIS reads (PGM: no compression to pay for, the same pixels as PNG)."""
    ok, encoded = cv2.imencode(".pgm", np.ascontiguousarray(pixels, dtype=np.uint8))
    if not ok:
        raise ValueError("the image could not be encoded for NBIS")
    return encoded.tobytes()


class TemplateExtractor:
    """Extracts minutiae templates from 500 ppi greyscale images (thread-safe, built lazily)."""

    def __init__(self, ppi: int = 500) -> None:
        self._ppi = ppi
        self._extractor: nbis.NbisExtractor | None = None
        self._lock = threading.Lock()

    def _get(self) -> nbis.NbisExtractor:
        if self._extractor is None:
            settings = nbis.NbisExtractorSettings(
                min_quality=0.0, get_center=False, check_fingerprint=False, compute_nfiq2=False,
                ppi=float(self._ppi),
            )
            self._extractor = nbis.new_nbis_extractor(settings)
        return self._extractor

    def extract(self, pixels: np.ndarray, known: ExtractedTemplate | None = None) -> bytes | None:
        """ISO/IEC 19794-2 template of a finger image, or None when too few minutiae were found.

        ``known`` (from the NFIQ 2 gate's report) is used instead of a second
        extraction when it was found in exactly these pixels.
        """
        if pixels.ndim != 2 or min(pixels.shape) < MIN_SIDE:
            return None
        if isinstance(known, ExtractedTemplate) and known.image_digest == image_digest(pixels):
            return known.template
        image = encode_for_nbis(pixels)
        with self._lock:
            try:
                return template_of(nbis_binding.extract_minutiae(self._get(), image))
            except (nbis.NbisError, nbis.InternalError) as exc:
                log.warning("minutiae extraction failed: %s", type(exc).__name__)
                return None

    def load(self, template: bytes) -> nbis.Minutiae:
        """An NBIS minutiae object for Bozorth3 from stored ISO bytes.

        Raises:
            ValueError: the bytes are not a template the binding can read.
        """
        with self._lock:
            try:
                return nbis_binding.load_iso_19794_2_2005(self._get(), template)
            except (nbis.NbisError, nbis.InternalError) as exc:
                raise ValueError(f"unreadable template: {exc}") from exc


def parse_iso_minutiae(template: bytes) -> np.ndarray:
    """The minutiae of an ISO/IEC 19794-2:2005 record as an (n, 3) float32 array of x, y, angle (radians).

    Raises:
        ValueError: the bytes are not such a record.
    """
    if len(template) < _HEADER.size + _VIEW.size or template[:4] != b"FMR\0":
        raise ValueError("not an ISO/IEC 19794-2 finger minutiae record")
    offset = _HEADER.size
    _position, _view, _quality, count = _VIEW.unpack_from(template, offset)
    offset += _VIEW.size
    if len(template) < offset + count * _MINUTIA.size:
        raise ValueError("truncated ISO/IEC 19794-2 record")
    rows = np.frombuffer(template, dtype=">u2,>u2,u1,u1", count=count, offset=offset)
    out = np.empty((count, 3), dtype=np.float32)
    out[:, 0] = rows["f0"] & 0x3FFF
    out[:, 1] = rows["f1"] & 0x3FFF
    out[:, 2] = rows["f2"].astype(np.float32) * (2 * np.pi / 256)
    return out


def write_iso_template(minutiae: np.ndarray, width: int, height: int, *, position: int = 0, ppi: int = 500) -> bytes:
    """An ISO/IEC 19794-2:2005 record from (n, 3) x, y, angle-radians minutiae (bench and tests)."""
    count = min(len(minutiae), 255)
    body = bytearray()
    for x, y, angle in minutiae[:count]:
        code = int(round(float(angle) / (2 * np.pi) * 256)) % 256
        body += _MINUTIA.pack((1 << 14) | (int(x) & 0x3FFF), int(y) & 0x3FFF, code, 60)
    resolution = round(ppi / 2.54)  # pixels per centimetre
    length = _HEADER.size + _VIEW.size + len(body)
    header = _HEADER.pack(b"FMR\0", b" 20\0", length, 0, width, height, resolution, resolution)
    return header + _VIEW.pack(position, 0, 60, count) + bytes(body)


def pair_descriptor(minutiae: np.ndarray) -> np.ndarray:
    """A unit-length histogram of minutia pairs (distance, relative directions) for the pre-filter.

    Each unordered pair is counted from both ends, so the order minutiae are stored in does not matter.
    """
    count = len(minutiae)
    histogram = np.zeros(DESCRIPTOR_SIZE, dtype=np.float32)
    if count >= 2:
        x, y, theta = (minutiae[:, k].astype(np.float32) for k in range(3))
        i, j = _pairs(count)
        dx, dy = x[j] - x[i], y[j] - y[i]
        distance = np.hypot(dx, dy)
        near = (distance > 0) & (distance < _DISTANCE_EDGES[-1])
        i, j, dx, dy, distance = i[near], j[near], dx[near], dy[near], distance[near]
        if len(i):
            line = np.arctan2(dy, dx)
            d_bin = np.searchsorted(_DISTANCE_EDGES, distance, side="right") - 1
            scale = np.float32(_ANGLE_BINS / (2 * np.pi))
            seen_from_i = _angle_bin(theta[i] - line, scale)  # directions relative to the line i -> j
            seen_from_j = _angle_bin(theta[j] - line, scale)
            back_i = _angle_bin(theta[i] - line - np.pi, scale)  # the same pair seen along j -> i
            back_j = _angle_bin(theta[j] - line - np.pi, scale)
            index = np.concatenate([(d_bin * _ANGLE_BINS + seen_from_i) * _ANGLE_BINS + seen_from_j,
                                    (d_bin * _ANGLE_BINS + back_j) * _ANGLE_BINS + back_i])
            histogram = np.bincount(index, minlength=DESCRIPTOR_SIZE).astype(np.float32)
    histogram = np.sqrt(histogram)  # damp dense regions
    norm = float(np.linalg.norm(histogram))
    return histogram / norm if norm > 0 else histogram


def _angle_bin(angle: np.ndarray, scale: np.float32) -> np.ndarray:
    return np.minimum((np.mod(angle, 2 * np.pi) * scale).astype(np.int64), _ANGLE_BINS - 1)


@functools.lru_cache(maxsize=256)
def _pairs(count: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(count, 1)


@dataclass(frozen=True)
class Descriptor:
    """The pre-filter's two views of a template: the pair histogram and the MCC word bag."""

    pairs: np.ndarray  # (DESCRIPTOR_SIZE,) float32, unit length
    cylinders: np.ndarray  # (mcc.WORDS,) uint8 word counts


# Stored descriptor: a tag, the pair histogram (float32), the MCC bag (uint8). A new tag whenever either
# changes; a stored descriptor with another tag (or none: the pair histogram alone, before MCC) is stale.
DESCRIPTOR_TAG = b"PFM1"
STORED_DESCRIPTOR_SIZE = len(DESCRIPTOR_TAG) + DESCRIPTOR_SIZE * 4 + mcc.WORDS


def describe(template: bytes) -> Descriptor:
    """Both pre-filter views of an ISO template.

    Raises:
        ValueError: the bytes are not an ISO/IEC 19794-2 record.
    """
    minutiae = parse_iso_minutiae(template)
    return Descriptor(pair_descriptor(minutiae), mcc.bag(minutiae))


def descriptor_bytes(template: bytes) -> bytes:
    """The pre-filter descriptor of an ISO template, as stored beside it."""
    return encode_descriptor(describe(template))


def encode_descriptor(descriptor: Descriptor) -> bytes:
    return DESCRIPTOR_TAG + descriptor.pairs.astype(np.float32).tobytes() + descriptor.cylinders.astype(np.uint8).tobytes()


def stored_descriptor(data: bytes | None) -> Descriptor | None:
    """A stored descriptor, or None when none (or a stale one) is stored."""
    if data is None or len(data) != STORED_DESCRIPTOR_SIZE or not data.startswith(DESCRIPTOR_TAG):
        return None
    offset = len(DESCRIPTOR_TAG)
    pairs = np.frombuffer(data, dtype=np.float32, count=DESCRIPTOR_SIZE, offset=offset)
    cylinders = np.frombuffer(data, dtype=np.uint8, offset=offset + DESCRIPTOR_SIZE * 4)
    return Descriptor(pairs, cylinders)
