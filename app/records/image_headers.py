"""Image sizes read from the compressed stream's own headers, with its structure walked end to end.

The builder's read-back check uses this instead of decoding every image it has just
encoded: each marker segment's length must land on the next marker, the stream must
start and end with its codec's markers, and the frame header must state the size the
record states. No pixels are decoded (``station inspect`` still decodes every image).
"""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from app.records import layout

_WSQ_SOI, _WSQ_EOI, _WSQ_SOF, _WSQ_SOB = 0xFFA0, 0xFFA1, 0xFFA2, 0xFFA3
_WSQ_TABLES = {0xFFA4, 0xFFA5, 0xFFA6, 0xFFA8}  # DTT, DQT, DHT, COM
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def header_size(data: bytes, compression: str | None) -> tuple[int, int] | None:
    """(width, height) from the stream's header when its structure is complete, else None."""
    try:
        if compression == layout.WSQ:
            return _wsq_size(data)
        if compression == layout.JPEG:
            return _jpeg_size(data)
        if compression == layout.JPEG2000:
            return _jp2_size(data)
    except IndexError:
        return None
    return None


def _u16(data: bytes, at: int) -> int:
    return (data[at] << 8) | data[at + 1]


def _next_marker(data: bytes, at: int) -> int:
    """Where the next marker starts after entropy-coded data (0xFF followed by 0x00 is a stuffed byte)."""
    while True:
        at = data.index(b"\xff", at)
        if data[at + 1] != 0x00:
            return at
        at += 2


def _wsq_size(data: bytes) -> tuple[int, int] | None:
    if len(data) < 4 or _u16(data, 0) != _WSQ_SOI or _u16(data, len(data) - 2) != _WSQ_EOI:
        return None
    at, size, blocks = 2, None, 0
    while at < len(data) - 2:
        marker = _u16(data, at)
        if marker in _WSQ_TABLES or marker in (_WSQ_SOF, _WSQ_SOB):
            length = _u16(data, at + 2)
            if marker == _WSQ_SOF:
                size = (_u16(data, at + 8), _u16(data, at + 6))  # length, A, B, then rows (Y) and columns (X)
            at += 2 + length
            if marker == _WSQ_SOB:
                blocks += 1
                at = _next_marker(data, at)
        else:
            return None
    return size if at == len(data) - 2 and blocks > 0 else None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    if len(data) < 4 or data[:2] != b"\xff\xd8" or data[-2:] != b"\xff\xd9":
        return None
    at, size, scans = 2, None, 0
    while at < len(data) - 2:
        if data[at] != 0xFF:
            return None
        kind = data[at + 1]
        if kind == 0xFF:  # fill byte
            at += 1
            continue
        if 0xD0 <= kind <= 0xD7:  # restart markers inside the scan
            at = _next_marker(data, at + 2)
            continue
        length = _u16(data, at + 2)
        if kind in _JPEG_SOF:
            size = (_u16(data, at + 7), _u16(data, at + 5))
        at += 2 + length
        if kind == 0xDA:  # start of scan: entropy-coded data up to the next marker
            scans += 1
            at = _next_marker(data, at)
    return size if at == len(data) - 2 and scans > 0 else None


def _jp2_size(data: bytes) -> tuple[int, int] | None:
    if data[-2:] != b"\xff\xd9":  # the codestream's end marker (EOC)
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the boxes and SIZ header only
            return image.size if image.format == "JPEG2000" else None
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError):
        return None
