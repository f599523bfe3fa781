"""What the station knows of the hub's Ed25519 signing key (hand-over receipts), kept in ``station_state``.

The hub hands its public key over with registration, and with every status
answer so a station registered before receipts existed learns it at its next sync.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.storage.db import Database
from app.sync import state
from app.sync.errors import PacketFormatError
from app.sync.handover_format import HandoverError
from app.sync.packet_format import load_ed25519_public

HUB_SIGNING_KEY = "handover.hub_signing_key"  # base64 of the raw Ed25519 public key


def remember_hub_signing_key(db: Database, public_b64: object) -> bool:
    """Keep the hub's receipt key from a registration or status answer; True when it was new."""
    if not isinstance(public_b64, str) or not public_b64:
        return False
    try:
        load_ed25519_public(public_b64)
    except PacketFormatError:
        return False  # a malformed key is never stored
    if state.get_json(db, HUB_SIGNING_KEY) == public_b64:
        return False
    state.put_json(db, HUB_SIGNING_KEY, public_b64)
    return True


def knows_hub_signing_key(db: Database) -> bool:
    return bool(state.get_json(db, HUB_SIGNING_KEY))


def hub_signing_key(db: Database) -> Ed25519PublicKey:
    """The hub's receipt key.

    Raises:
        HandoverError: not known yet (registered before receipts existed and never synced since).
    """
    text = state.get_json(db, HUB_SIGNING_KEY)
    if not text:
        raise HandoverError(
            "hub_key_unknown",
            "Stasiun belum mengenal kunci tanda tangan pusat, jadi tanda terima tidak bisa diperiksa.",
            "The station does not know the hub's signing key yet, so the receipt cannot be checked.",
            action_id="Sambungkan stasiun ke pusat sekali (kirim data) atau daftarkan ulang, lalu ulangi.",
            action_en="Connect the station to the hub once (send data) or register it again, then run it again.")
    return load_ed25519_public(text)
