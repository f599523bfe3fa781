"""The stations' audit-chain checkpoints, read back from the sealed packets the hub holds.

Every packet carries the station's audit-chain head at sealing time (``audit_checkpoint`` in its
signed, encrypted metadata). The highest one a station sent is what ``station audit verify
--checkpoint SEQ:MAC`` compares against, so deleting the newest audit events on the laptop, head
rewound, still shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.sync import packet_format
from app.sync.errors import PacketFormatError
from server.hub import Hub
from server.models import HubPacket, HubStation


@dataclass(frozen=True)
class StationCheckpoint:
    station_id: str
    station_code: str
    seq: int
    mac: str
    packet_uuid: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @property
    def argument(self) -> str:
        """As ``station audit verify --checkpoint`` takes it."""
        return f"{self.seq}:{self.mac}"


def _checkpoint_of(metadata: dict[str, Any]) -> tuple[int, str] | None:
    value = metadata.get("audit_checkpoint")
    if not isinstance(value, dict):
        return None
    seq, mac = value.get("seq"), value.get("mac")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0 or not isinstance(mac, str) or len(mac) != 64:
        return None
    return seq, mac


def latest_checkpoints(hub: Hub, station_code: str | None = None) -> list[StationCheckpoint]:
    """Per station (or the one with ``station_code``), the highest checkpoint among its stored packets.

    Packets that cannot be opened or carry no checkpoint (sent before checkpoints existed) are skipped.
    """
    with hub.session() as session:
        query = (select(HubPacket.packet_uuid, HubStation.id, HubStation.station_code, HubStation.public_key)
                 .join(HubStation, HubStation.id == HubPacket.station_id).where(HubPacket.complete.is_(True)))
        if station_code:
            query = query.where(HubStation.station_code == station_code)
        rows = session.execute(query).all()
    best: dict[str, StationCheckpoint] = {}
    for packet_uuid, station_id, code, public_key in rows:
        try:
            data = hub.packet_path(packet_uuid).read_bytes()
            opened = packet_format.open_packet(data, hub.key, packet_format.load_ed25519_public(public_key))
        except (OSError, PacketFormatError):
            continue
        found = _checkpoint_of(opened.metadata)
        if found is None:
            continue
        if station_id not in best or found[0] > best[station_id].seq:
            best[station_id] = StationCheckpoint(station_id, code, found[0], found[1], packet_uuid)
    return sorted(best.values(), key=lambda c: c.station_code)
