"""A hub on 127.0.0.1 with its dashboard, and its users (SQLite: the dashboard's SQL is portable and plain)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from server.dashboard.auth import add_user
from server.keys import init_hub_key
from server.local import LocalHub

SUPERVISOR = ("kepala.kantor", "sandi-kantor-panjang")
VIEWER = ("pemantau", "sandi-pemantau-panjang")


@pytest.fixture
def dashboard_hub(tmp_path: Path) -> Iterator[LocalHub]:
    data = tmp_path / "hub-data"
    init_hub_key(data)
    local = LocalHub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", data).start()
    assert local.hub is not None
    add_user(local.hub, *SUPERVISOR, "supervisor")
    add_user(local.hub, *VIEWER, "viewer")
    yield local
    local.stop()


@pytest.fixture
def browser_client(dashboard_hub: LocalHub) -> Iterator[httpx.Client]:
    """An HTTP client that keeps cookies and does not follow redirects (tests look at them)."""
    with httpx.Client(base_url=dashboard_hub.url, timeout=30) as client:
        yield client
