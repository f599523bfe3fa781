"""Helpers for hand-over tests: the office's import as the office types it, and consistency checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.bootstrap import Station
from app.storage.models import OutboxEntry
from server.cli import main as hub_main
from server.local import LocalHub
from server.models import HubPacket


def hub_import(hub: LocalHub, folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    """``station-hub handover import DIR --json`` against the running hub's database and data folder."""
    capsys.readouterr()
    code = hub_main(["handover", "import", str(folder), "--json", "--db", hub.db_url, "--data", str(hub.data_dir)])
    out = capsys.readouterr()
    return code, (json.loads(out.out) if out.out.strip().startswith("{") else {"stderr": out.err})


def hub_packets(hub: LocalHub) -> dict[str, HubPacket]:
    assert hub.hub is not None
    with hub.hub.session() as session:
        return {p.packet_uuid: p for p in session.scalars(select(HubPacket))}


def outbox_entries(station: Station) -> dict[str, OutboxEntry]:
    with station.db.session() as session:
        return {e.packet_uuid: e for e in session.scalars(select(OutboxEntry).options(selectinload(OutboxEntry.enrolment)))}


def assert_stored_once(station: Station, hub: LocalHub) -> None:
    """Every packet the hub holds is complete, intact on disk, exactly once, and one of the station's."""
    assert hub.hub is not None
    entries = outbox_entries(station)
    held = hub_packets(hub)
    for packet_uuid, packet in held.items():
        assert packet.complete, packet_uuid
        assert packet.sha256 == entries[packet_uuid].packet_sha256
        assert hub.hub.packet_path(packet_uuid).stat().st_size == packet.size
    assert sorted(p.name for p in hub.hub.packets_dir.iterdir()) == sorted(f"{u}.pkt" for u in held)
    assert not list(hub.hub.partial_dir.iterdir()), "a partial upload was left behind"
