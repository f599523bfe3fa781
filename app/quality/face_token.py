"""ISO/IEC 19794-5 token face image: a fixed 3:4 geometry fixed by the eyes.

For an image W wide and W/0.75 high, the eyes lie on a horizontal line at
0.6·W from the top, centred, 0.25·W apart. The crop is rotated and scaled so the
detected eyes land there; where it leaves the camera frame the edge colour is
repeated.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from app.errors import InputError
from app.quality.face_detect import as_bgr
from app.quality.report import QualityReport

TOKEN_WIDTH = 480
TOKEN_HEIGHT = 640  # W / 0.75
EYE_LINE_Y = 0.6  # × W from the top
EYE_DISTANCE = 0.25  # × W


def make_token_image(image_bgr: np.ndarray, report: QualityReport, width: int = TOKEN_WIDTH) -> np.ndarray:
    """The token image (``width`` × ``width``/0.75, BGR uint8) from a frame and its face report.

    Without detected eyes (a forced capture) their place is estimated from the face box.

    Raises:
        InputError: the report has neither eye positions nor a face box,
            or the width is below the standard's minimum of 240.
    """
    eyes = getattr(report, "eye_points", None)
    box = getattr(report, "face_box", None)
    if not eyes and box:
        eyes = eyes_from_face_box(box)
    if not eyes:
        raise InputError("Posisi mata tidak diketahui; foto token tidak dapat dibuat.",
                         "The eye positions are unknown; the token photo cannot be made.",
                         action_id="Ambil foto ulang dengan kedua mata terlihat.",
                         action_en="Take the photo again with both eyes visible.")
    if width < 240 or width % 4:
        raise InputError("Lebar foto token minimal 240 dan kelipatan 4.",
                         "The token width must be at least 240 and a multiple of 4.")
    image = as_bgr(image_bgr)
    height = width * 4 // 3
    (lx, ly), (rx, ry) = eyes
    distance = math.hypot(rx - lx, ry - ly)
    if distance < 1:
        raise InputError("Posisi mata tidak valid.", "The eye positions are invalid.")
    angle = math.degrees(math.atan2(ry - ly, rx - lx))
    scale = EYE_DISTANCE * width / distance
    centre = ((lx + rx) / 2, (ly + ry) / 2)
    matrix = cv2.getRotationMatrix2D(centre, angle, scale)
    matrix[0, 2] += width / 2 - centre[0]
    matrix[1, 2] += EYE_LINE_Y * width - centre[1]
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_REPLICATE)


def eyes_from_face_box(box: tuple[int, int, int, int]) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where the eyes usually lie in a Haar frontal-face box: 28 % and 72 % across, 38 % down."""
    x, y, w, h = box
    return (x + 0.28 * w, y + 0.38 * h), (x + 0.72 * w, y + 0.38 * h)
