"""The hand-over folder's signed documents, defined once for the station and the hub.

A hand-over folder (a USB stick's mount point or any folder) holds::

    packets/UUID.pkt          sealed packets, byte for byte what the network would carry
    handover-manifest.json    signed by the station (Ed25519): which packets, sizes, SHA-256
    handover-receipt.json     signed by the hub (Ed25519): each packet UUID with its hub status

Both documents are ``{"body": {...}, "signature": base64}`` where the signature
is over the body's canonical JSON (sorted keys, no spaces, UTF-8). ``docs/handover.md``
describes every field.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.sync.packet_format import b64, key_id, unb64
from drivers.errors import StationError

MANIFEST_FILE = "handover-manifest.json"
RECEIPT_FILE = "handover-receipt.json"
PACKETS_DIR = "packets"
MANIFEST_FORMAT = "ektp-handover-manifest/1"
RECEIPT_FORMAT = "ektp-handover-receipt/1"
MAX_DOCUMENT_SIZE = 32 * 1024 * 1024

# Per-packet outcomes in a receipt.
STORED = "stored"  # new at the hub
ALREADY_RECEIVED = "already_received"  # the hub held it already (an upload or an earlier import)
REFUSED = "refused"  # failed the hub's checks; ``error`` says why
MISSING = "missing"  # listed in the manifest, not in the folder (or cut short)


class HandoverError(StationError):
    """A hand-over folder, manifest or receipt cannot be used; ``code`` says why."""

    default_message_id = "Serah terima lewat media lepas gagal."
    default_message_en = "The hand-over on removable media failed."

    def __init__(self, code: str, message_id: str, message_en: str, *,
                 action_id: str | None = None, action_en: str | None = None) -> None:
        self.code = code
        super().__init__(message_id, message_en, action_id=action_id, action_en=action_en)

    def to_dict(self) -> dict[str, str]:
        return {**super().to_dict(), "code": self.code}


def packet_file_name(packet_uuid: str) -> str:
    return f"{PACKETS_DIR}/{packet_uuid}.pkt"


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign_document(body: dict[str, Any], key: Ed25519PrivateKey) -> bytes:
    """The document as written to the folder: the body, the signer's key id and the signature."""
    document = {"body": body, "key_id": key_id(key.public_key()), "signature": b64(key.sign(canonical_json(body)))}
    return json.dumps(document, sort_keys=True, indent=1, ensure_ascii=False).encode("utf-8") + b"\n"


def _unreadable(what_id: str, what_en: str) -> HandoverError:
    return HandoverError("unreadable_document", f"{what_id} rusak atau bukan dokumen serah terima.",
                         f"The {what_en} is damaged or not a hand-over document.",
                         action_id="Salin ulang dari stasiun.", action_en="Copy it again from the station.")


def parse_document(data: bytes, expected_format: str) -> tuple[dict[str, Any], bytes]:
    """(body, signature) of a document, checking its shape but not yet its signature.

    Raises:
        HandoverError: not JSON, the wrong kind of document, or no signature.
    """
    what = ("Tanda terima", "receipt") if expected_format == RECEIPT_FORMAT else ("Manifes", "manifest")
    if len(data) > MAX_DOCUMENT_SIZE:
        raise _unreadable(*what)
    try:
        document = json.loads(data.decode("utf-8"))
        body, signature = document["body"], unb64(document["signature"])
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise _unreadable(*what) from None
    listing = "packets" if expected_format in (MANIFEST_FORMAT, RECEIPT_FORMAT) else "blobs"
    if not isinstance(body, dict) or body.get("format") != expected_format or not isinstance(body.get(listing), list):
        raise _unreadable(*what)
    return body, signature


def verify_document(body: dict[str, Any], signature: bytes, public_key: Ed25519PublicKey, *,
                    signer_id: str, signer_en: str) -> None:
    """Check a document's signature against the key it must come from.

    Raises:
        HandoverError: ``bad_signature`` (altered, or signed by someone else).
    """
    try:
        public_key.verify(signature, canonical_json(body))
    except InvalidSignature:
        raise HandoverError(
            "bad_signature",
            f"Tanda tangan tidak cocok dengan kunci {signer_id} (diubah atau dari pihak lain).",
            f"The signature does not match the {signer_en} key (altered, or from someone else).",
            action_id="Jangan dipakai; ulangi serah terima dari awal.",
            action_en="Do not use it; repeat the hand-over from the start.") from None
