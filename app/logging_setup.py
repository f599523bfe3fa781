"""Rotating log file in the user log directory, with NIKs masked.

Logs must never hold biometric data: services log identifiers (UUIDs, masked
NIKs) and outcomes, never images, templates or packet contents.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from pathlib import Path
from typing import TextIO

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
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    _install(handler, "_station_handler", level)
    return path


def configure_console_logging(stream: TextIO | None = None, level: int = logging.INFO) -> logging.Handler:
    """Log to ``stream`` (stderr) with NIKs masked: for the hub, whose tracebacks can quote SQL rows with NIKs."""
    return _install(logging.StreamHandler(stream or sys.stderr), "_station_console_handler", level)


def _install(handler: logging.Handler, marker: str, level: int) -> logging.Handler:
    """Put ``handler`` on the root logger with the masking formatter, replacing an earlier one of its kind."""
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, marker, False):
            root.removeHandler(old)
            old.close()
    setattr(handler, marker, True)
    handler.setFormatter(NikMaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(NikMaskingFilter())
    root.addHandler(handler)
    root.setLevel(level)
    return handler
