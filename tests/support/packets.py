"""Sealed packets with the metadata a real station writes (``ektp-packet-metadata/1``), synthetic people only."""

from __future__ import annotations

import uuid
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from app.sync import packet_format


def synthetic_metadata(packet_uuid: str, station_id: str, record: bytes, **overrides: Any) -> dict[str, Any]:
    """Metadata shaped like ``app.sync.sealing.build_metadata``'s; ``overrides`` replace top-level fields."""
    metadata: dict[str, Any] = {
        "format": "ektp-packet-metadata/1",
        "packet_uuid": packet_uuid,
        "enrolment_uuid": str(uuid.uuid4()),
        "software_version": "0.1.0",
        "station": {"id": station_id, "code": "3573-01", "site_code": "SITE-A"},
        "operator": {"username": "petugas.sintetis", "full_name": "Petugas Sintetis"},
        "visit": {"date": "2024-09-16", "site": "SMA Negeri Contoh 1", "hub_site_code": "SITE-A"},
        "applicant": {"nik": "3573014203080001", "name": "SISWA SINTETIS", "birth_date": "2008-03-02",
                      "sex": "P", "kk_number": ""},
        "status": "approved",
        "captured_at": "2024-09-16T03:04:05+00:00",
        "approved_at": "2024-09-16T04:05:06+00:00",
        "possible_duplicate_of": None,
        "documents_seen": ["kk"],
        "captures": [{"modality": "finger", "position": "right_index", "quality_score": 61.5, "attempts": 1,
                      "forced": False, "exception": None, "format": "png", "width": 64, "height": 64}],
        "record": {"format": "ANSI/NIST-ITL 1-2011", "size": len(record),
                   "sha256": packet_format.sha256_hex(record)},
    }
    metadata.update(overrides)
    return metadata


def seal_synthetic(*, station_id: str, hub_public_key: X25519PublicKey, station_key: Ed25519PrivateKey,
                   record: bytes = b"NIST" * 1000, packet_uuid: str | None = None,
                   metadata: dict[str, Any] | None = None) -> packet_format.SealedPacket:
    packet_uuid = packet_uuid or str(uuid.uuid4())
    return packet_format.seal_packet(
        packet_uuid=packet_uuid, station_id=station_id,
        metadata=synthetic_metadata(packet_uuid, station_id, record) if metadata is None else metadata,
        record=record, hub_public_key=hub_public_key, station_key=station_key)
