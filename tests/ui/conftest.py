"""Fixtures the command-line and GUI tests share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from server.keys import init_hub_key
from server.local import LocalHub


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LocalHub]:
    """A real hub on 127.0.0.1 (SQLite, its own key), stopped after the test."""
    init_hub_key(tmp_path / "hub")
    with LocalHub(f"sqlite:///{tmp_path / 'hub' / 'hub.sqlite3'}", tmp_path / "hub") as running:
        yield running
