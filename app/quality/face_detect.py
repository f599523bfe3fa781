"""Finding the face and the eyes with OpenCV's bundled Haar cascades (nothing downloaded).

Detection runs on a downscaled grey copy so a live 1280×720 preview stays fast;
the boxes are mapped back to full-frame pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from app.errors import InputError
from app.quality.handles import HandlePool

_FACE_CASCADE = "haarcascade_frontalface_default.xml"
_EYE_CASCADE = "haarcascade_eye.xml"
_EYE_SEARCH_WIDTH = 160  # the face crop is scaled to this width before the eye search

Box = tuple[int, int, int, int]  # x, y, width, height in frame pixels
Point = tuple[float, float]


@dataclass(frozen=True)
class Detection:
    """Faces found in a frame (largest first); eyes only when exactly one face was found."""

    faces: tuple[Box, ...]
    eyes: tuple[Point, Point] | None  # (eye nearer the image's left edge, the other)


class FaceDetector:
    """A pair of cascades. Not thread-safe: :data:`DETECTORS` lends each call its own."""

    def __init__(self) -> None:
        self._faces = _load_cascade(_FACE_CASCADE)
        self._eyes = _load_cascade(_EYE_CASCADE)

    def detect(self, image_bgr: np.ndarray, small_grey: np.ndarray) -> Detection:
        """Faces on ``small_grey`` (a downscaled grey copy of the frame), eyes on the full frame.

        Boxes and points are in full-frame pixels.
        """
        scale = small_grey.shape[1] / image_bgr.shape[1]
        found = self._find_faces(small_grey)
        faces = tuple(sorted(
            (tuple(int(round(v / scale)) for v in box) for box in np.asarray(found).reshape(-1, 4)),
            key=lambda b: -b[2] * b[3],
        ))
        eyes = self._find_eyes(image_bgr, faces[0]) if len(faces) == 1 else None  # type: ignore[arg-type]
        return Detection(faces=faces, eyes=eyes)  # type: ignore[arg-type]

    def _find_faces(self, small: np.ndarray) -> np.ndarray:
        min_side = max(24, round(min(small.shape[:2]) * 0.15))  # below min_head_height, to say "come closer"
        options = {"scaleFactor": 1.1, "minNeighbors": 5, "minSize": (min_side, min_side)}
        found = self._faces.detectMultiScale(small, **options)
        if len(found) == 0:
            # Over- or under-exposed faces are found after stretching the contrast,
            # so the exposure check (not "no face") tells the operator what is wrong.
            found = self._faces.detectMultiScale(cv2.equalizeHist(small), **options)
        return found

    def _find_eyes(self, image_bgr: np.ndarray, face: Box) -> tuple[Point, Point] | None:
        """The largest eye candidate in each upper quarter of the face box."""
        x, y, w, h = face
        upper = image_bgr[max(0, y):y + round(h * 0.6), max(0, x):x + w]
        if upper.size == 0:
            return None
        scale = _EYE_SEARCH_WIDTH / upper.shape[1]
        small = cv2.resize(upper, (_EYE_SEARCH_WIDTH, max(1, round(upper.shape[0] * scale))),
                           interpolation=cv2.INTER_AREA)
        crop = cv2.equalizeHist(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY))
        candidates = self._eyes.detectMultiScale(crop, scaleFactor=1.15, minNeighbors=4, minSize=(16, 16),
                                                 maxSize=(64, 64))
        best: dict[str, tuple[int, Point]] = {}
        for ex, ey, ew, eh in np.asarray(candidates).reshape(-1, 4):
            cx, cy = ex + ew / 2, ey + eh / 2
            if cy > crop.shape[0] * 0.85 or cy < crop.shape[0] * 0.2:
                continue  # eyebrows, nostrils
            side = "left" if cx < _EYE_SEARCH_WIDTH / 2 else "right"
            if side not in best or ew * eh > best[side][0]:
                best[side] = (int(ew * eh), (float(max(0, x) + cx / scale), float(max(0, y) + cy / scale)))
        if len(best) < 2:
            return None
        return best["left"][1], best["right"][1]


# Loading both cascades costs about 25 ms: they are kept for the process and used by one call at a time.
DETECTORS: HandlePool[FaceDetector] = HandlePool("face cascades", FaceDetector, limit=2)


def detect(image_bgr: np.ndarray, small_grey: np.ndarray) -> Detection:
    """:meth:`FaceDetector.detect` with a pooled detector."""
    with DETECTORS.checkout() as detector:
        return detector.detect(image_bgr, small_grey)


def _load_cascade(name: str) -> cv2.CascadeClassifier:
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + name)
    if cascade.empty():
        raise InputError(f"Berkas deteksi wajah OpenCV {name} tidak ada.",
                         f"OpenCV's face detection file {name} is missing.",
                         action_id="Pasang ulang stasiun (opencv-python-headless 4.x).",
                         action_en="Reinstall the station (opencv-python-headless 4.x).")
    return cascade


def as_bgr(image: object) -> np.ndarray:
    """Check that an image is H×W×3 uint8 BGR (grey is promoted) and return it.

    Raises:
        InputError: not an image array of that shape and type.
    """
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8 or image.size == 0:
        raise InputError("Gambar wajah tidak valid (harus larik uint8).",
                         "The face image is invalid (must be a uint8 array).")
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.ndim != 3 or image.shape[2] not in (3, 4) or min(image.shape[:2]) < 32:
        raise InputError("Gambar wajah harus berwarna dan minimal 32×32 piksel.",
                         "The face image must be colour and at least 32×32 pixels.")
    return np.ascontiguousarray(image[:, :, :3]) if image.shape[2] == 4 else image
