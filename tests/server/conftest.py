"""A real hub on 127.0.0.1 for API tests: SQLite, and PostgreSQL too when DATABASE_URL points at one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from server.keys import init_hub_key
from server.local import LocalHub


@pytest.fixture
def hub_data(tmp_path: Path) -> Path:
    data = tmp_path / "hub-data"
    init_hub_key(data)
    return data


@pytest.fixture
def local_hub(hub_db_url: str, hub_data: Path) -> Iterator[LocalHub]:
    hub = LocalHub(hub_db_url, hub_data).start()
    yield hub
    hub.stop()


@pytest.fixture
def http(local_hub: LocalHub) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=local_hub.url + "/api/v1", timeout=10) as client:
        yield client
