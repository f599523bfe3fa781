"""Reading an image file for a quality check: PNG, JPEG, BMP, TIFF (OpenCV) and WSQ fingerprints.

Unreadable, empty or missing files become an InputError that says so in both
languages, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from app.errors import InputError

MAX_FILE_BYTES = 100 * 1024 * 1024


def read_image(path: Path | str, *, grey: bool = False) -> np.ndarray:
    """The image as uint8 BGR (H×W×3), or greyscale (H×W) when ``grey``.

    Raises:
        InputError: the file is missing, unreadable or not an image.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"Berkas gambar terlalu besar: {path}", f"The image file is too large: {path}")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"Berkas gambar tidak ada: {path}", f"Image file not found: {path}",
                         action_id="Periksa nama dan lokasi berkas.", action_en="Check the file name and location.") from None
    except OSError as exc:
        raise InputError(f"Berkas gambar tidak dapat dibaca: {path} ({exc.strerror})",
                         f"Cannot read the image file: {path} ({exc.strerror})") from exc
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_GRAYSCALE if grey else cv2.IMREAD_COLOR) \
        if data else None
    if image is None and data:
        image = _read_with_pillow(path, grey)
    if image is None or image.size == 0:
        raise InputError(f"Berkas bukan gambar yang dapat dibaca: {path}", f"The file is not a readable image: {path}",
                         action_id="Gunakan berkas PNG, JPEG, BMP, TIFF atau WSQ.",
                         action_en="Use a PNG, JPEG, BMP, TIFF or WSQ file.")
    return image


def _read_with_pillow(path: Path, grey: bool) -> np.ndarray | None:
    """Formats OpenCV does not read; WSQ through the ``wsq`` Pillow plugin."""
    import wsq  # noqa: F401  (registers the WSQ format with Pillow)
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as opened:
            picture = opened.convert("L" if grey else "RGB")
            pixels = np.asarray(picture, dtype=np.uint8)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None
    return pixels if grey else cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR)
