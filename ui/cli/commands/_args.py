"""Argument types shared by commands: they reject bad input with a bilingual usage error."""

from __future__ import annotations

import argparse
import datetime as dt


def iso_date(text: str) -> dt.date:
    """``YYYY-MM-DD`` for argparse ``type=``."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"tanggal harus YYYY-MM-DD / date must be YYYY-MM-DD, not {text!r}"
        ) from None
