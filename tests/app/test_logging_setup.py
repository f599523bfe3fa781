"""Logs go to a rotating file with NIKs masked, tracebacks included."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.logging_setup import configure_console_logging, configure_logging, mask_nik

NIK = "3573014503080001"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = configure_logging(tmp_path / "logs")
    yield path
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_station_handler", False):
            root.removeHandler(handler)
            handler.close()


def flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def test_mask_nik_keeps_region_and_last_two_digits() -> None:
    assert mask_nik(f"nik={NIK}.") == "nik=357301********01."
    assert mask_nik("12345678901234567") == "12345678901234567"  # 17 digits: not a NIK
    assert mask_nik("phone 081234567890") == "phone 081234567890"


def test_nik_is_masked_in_the_log_file(log_file: Path) -> None:
    logging.getLogger("app.test").info("applicant %s added", NIK)
    flush()
    text = log_file.read_text(encoding="utf-8")
    assert "357301********01" in text and NIK not in text


def test_nik_in_an_exception_traceback_is_masked(log_file: Path) -> None:
    try:
        raise ValueError(f"bad row for {NIK}")
    except ValueError:
        logging.getLogger("app.test").exception("import failed")
    flush()
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback" in text and NIK not in text


def test_configuring_twice_keeps_one_handler(tmp_path: Path, log_file: Path) -> None:
    configure_logging(tmp_path / "logs")
    assert sum(getattr(h, "_station_handler", False) for h in logging.getLogger().handlers) == 1


def test_console_logging_masks_niks_in_tracebacks() -> None:
    stream = io.StringIO()
    handler = configure_console_logging(stream)
    try:
        try:
            raise ValueError(f"[parameters: ('{NIK}', 'SISWA SINTETIS')]")
        except ValueError as error:
            logging.getLogger("server.api").error("hub: unexpected %s", type(error).__name__, exc_info=error)
        assert configure_console_logging(stream) is not handler  # configuring again replaces it
        assert sum(getattr(h, "_station_console_handler", False) for h in logging.getLogger().handlers) == 1
    finally:
        for old in list(logging.getLogger().handlers):
            if getattr(old, "_station_console_handler", False):
                logging.getLogger().removeHandler(old)
    text = stream.getvalue()
    assert "Traceback" in text and "357301********01" in text and NIK not in text
