"""Rotating log file in the user log directory, with NIKs masked.

Logs must never hold biometric data: services log identifiers (UUIDs, masked
NIKs) and outcomes, never images, templates or packet contents.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

_NIK = re.compile(r"(?<!\d)(\d{6})(\d{8})(\d{2})(?!\d)")


def mask_nik(text: str) -> str:
    """``3573014503080001`` -> ``357301********01`` wherever a 16-digit run appears."""
    return _NIK.sub(lambda m: f"{m.group(1)}{'*' * 8}{m.group(3)}", text)


class NikMaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_nik(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True


class NikMaskingFormatter(logging.Formatter):
    """Masks NIKs in the whole formatted record, tracebacks and stack included."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_nik(super().format(record))


def configure_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send the station's logs to ``log_dir/station.log`` (5 files × 2 MB). Returns the path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "station.log"
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_station_handler", False):
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler._station_handler = True  # type: ignore[attr-defined]
    handler.setFormatter(NikMaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(NikMaskingFilter())
    root.addHandler(handler)
    root.setLevel(level)
    return path
