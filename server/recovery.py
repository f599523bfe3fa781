"""The office's half of a station's recovery: unwrap its data key, seal it to the station's one-time key.

The request (``station recover --export-request``) carries the data key wrapped
under the hub's X25519 public key at registration, and a one-time public key
whose private half stays on the station's laptop. The token written here holds
the data key sealed to that one-time key: the office never sees any stored
data, and the token opens nothing without the laptop it answers.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.errors import InputError
from app.services.recovery import REQUEST_FORMAT, TOKEN_FORMAT
from app.storage.crypto import DecryptionError, load_public_key, unwrap_with_private_key, wrap_for_public_key
from app.storage.keyring import office_associated, recovery_token_associated


def answer_request(request: dict[str, Any], hub_key: X25519PrivateKey) -> dict[str, Any]:
    """The recovery token for one request.

    Raises:
        InputError: not a request, or not wrapped for this hub's key (or changed).
    """
    try:
        if request.get("format") != REQUEST_FORMAT:
            raise KeyError("format")
        key_id, station_id = str(request["key_id"]), str(request["station_id"])
        data_key = unwrap_with_private_key(hub_key, request["office"], office_associated(key_id, station_id))
        reply_to = load_public_key(str(request["reply_to"]))
    except (KeyError, TypeError, AttributeError, DecryptionError):
        raise InputError(
            "Permintaan pemulihan tidak valid atau bukan untuk kunci pusat ini.",
            "The recovery request is invalid, or not for this hub's key.",
            action_id="Periksa --data (folder kunci pusat) dan berkas dari stasiun.",
            action_en="Check --data (the hub key's folder) and the file from the station.") from None
    sealed = wrap_for_public_key(reply_to, data_key, recovery_token_associated(key_id))
    return {"format": TOKEN_FORMAT, "version": 1, "station_id": station_id,
            "station_code": request.get("station_code", ""), "key_id": key_id, **sealed}
