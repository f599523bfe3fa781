"""``[sync] chunk_size`` is bounded by what the hub accepts in one request (``packet_format.MAX_CHUNK_SIZE``)."""

from __future__ import annotations

import pytest

from app.config import from_mapping
from app.errors import ConfigError
from app.paths import StationPaths
from app.sync.packet_format import MAX_CHUNK_SIZE
from app.sync.settings import SyncSettings
from server.schemas import MAX_CHUNK_BODY


def _settings(chunk_size: int) -> SyncSettings:
    return SyncSettings.from_config(from_mapping({"sync": {"chunk_size": chunk_size}}, StationPaths.default()))


def test_the_hub_maximum_is_allowed_and_is_the_hub_body_limit(station_home: object) -> None:
    assert _settings(MAX_CHUNK_SIZE).chunk_size == MAX_CHUNK_SIZE == MAX_CHUNK_BODY


def test_a_larger_chunk_is_refused_naming_the_hub_maximum(station_home: object) -> None:
    with pytest.raises(ConfigError) as refused:
        _settings(MAX_CHUNK_SIZE + 1)
    assert "16 MB" in refused.value.message_id and "hub accepts chunks of at most 16 MB" in refused.value.message_en
    assert "chunk_size" in (refused.value.action_en or "")
