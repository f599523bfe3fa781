"""Small pictures of every capture of an enrolment for the review (read through the blob store, never kept).

Fingers and irises are greyscale PNGs, the face a JPEG token image, the signature
its pen points drawn as ink. A capture without an image (an exception) or one
whose blob is gone gets no thumbnail; the review shows its notes instead.
"""

from __future__ import annotations

import json

import cv2
import numpy as np

from app.services.enrolment_rows import load_enrolment
from app.storage.blobs import BlobStore
from app.storage.db import Database
from drivers.errors import StationError

Thumbnails = dict[tuple[str, str], np.ndarray]  # (modality, position) -> uint8 image (grey H×W or BGR H×W×3)


def capture_thumbnails(db: Database, blobs: BlobStore, uuid: str, *, max_side: int = 96) -> Thumbnails:
    """One thumbnail per capture of ``uuid`` that has an image, no side longer than ``max_side``."""
    with db.session() as session:
        refs = [(c.modality.value, c.position, c.image_ref, c.image_format)
                for c in load_enrolment(session, uuid).captures if c.image_ref]
    thumbnails: Thumbnails = {}
    for modality, position, ref, fmt in refs:
        try:
            data = blobs.get(ref)
        except StationError:
            continue  # a blob wiped meanwhile (retake, seal): no picture rather than no review
        image = _signature_image(data) if fmt == "json" else _decode(data)
        if image is not None:
            thumbnails[(modality, position)] = _shrink(image, max_side)
    return thumbnails


def _decode(data: bytes) -> np.ndarray | None:
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)


def _signature_image(data: bytes, width: int = 400) -> np.ndarray | None:
    try:
        pen = json.loads(data)
        x_max, y_max = int(pen["ranges"]["x_max"]), int(pen["ranges"]["y_max"])
        points = pen["points"]
    except (ValueError, KeyError, TypeError):
        return None
    height = max(1, round(width * y_max / max(x_max, 1)))
    canvas = np.full((height, width), 255, np.uint8)
    previous = None
    for point in points:
        if not point.get("tip") or not point.get("pressure"):
            previous = None
            continue
        here = (round(point["x"] * (width - 1) / max(x_max, 1)), round(point["y"] * (height - 1) / max(y_max, 1)))
        if previous is not None:
            cv2.line(canvas, previous, here, 0, 3, cv2.LINE_AA)
        previous = here
    return canvas


def _shrink(image: np.ndarray, max_side: int) -> np.ndarray:
    height, width = image.shape[:2]
    scale = min(1.0, max_side / max(height, width, 1))
    if scale < 1.0:
        image = cv2.resize(image, (max(1, round(width * scale)), max(1, round(height * scale))),
                           interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(image)
