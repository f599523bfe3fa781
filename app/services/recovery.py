"""Recovery: open a station whose operators have all left, and set a new supervisor password.

Two ways in, neither needing any operator's password:

* the recovery code the first supervisor wrote down (``with_recovery_code``);
* the office's key: the station writes a request holding the office's wrapped
  copy of the data key and a fresh one-time X25519 public key
  (``export_request``); ``station-hub recovery unwrap`` opens the copy with the
  hub's private key and seals the data key to that one-time key only
  (:mod:`server.recovery`); the station opens the answer with the one-time
  private key it kept (``with_office_token``). The office handles one key and
  never any stored data; the answer is useless without this laptop.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.domain.enums import AuditAction, Role
from app.errors import AuthError, InputError, NotFoundError
from app.services.audit import record_audit
from app.services.operators import OperatorService
from app.storage.atomic import atomic_write_bytes
from app.storage.blobs import wipe_file
from app.storage.crypto import DataKey, DecryptionError, b64d, b64e, public_key_b64, unwrap_with_private_key
from app.storage.keyring import new_recovery_code, recovery_token_associated
from app.storage.vault import StationVault
from app.timezones import utc_now

REQUEST_FORMAT = "ektp-station-recovery-request"
TOKEN_FORMAT = "ektp-station-recovery-token"
PENDING_REQUEST_FILE = "recovery-request.key"  # the one-time private key, until the office answers


class OfficeTokenError(AuthError):
    default_message_id = "Token pemulihan dari kantor tidak cocok dengan stasiun ini."
    default_message_en = "The office's recovery token does not match this station."
    default_action_id = "Buat permintaan baru (station recover --export-request) dan kirim ke kantor."
    default_action_en = "Make a new request (station recover --export-request) and send it to the office."


@dataclass(frozen=True)
class RecoveryResult:
    username: str
    created: bool  # a new supervisor account (else an existing one got a new password)
    recovery_code: str  # the new code: the old one was used (shown once)


class RecoveryService:
    def __init__(self, vault: StationVault, operators: OperatorService, station_code: str) -> None:
        self.vault = vault
        self.operators = operators
        self.station_code = station_code

    @property
    def pending_request_path(self) -> Path:
        return self.vault.data_dir / PENDING_REQUEST_FILE

    def with_recovery_code(self, code: str, username: str, full_name: str, password: str) -> RecoveryResult:
        """Raises RecoveryCodeError (a wrong code opens nothing), InputError (bad new account)."""
        self.operators._check_password(password)
        key = self.vault.require_keyring().open_with_recovery_code(code)
        return self._reset(key, username, full_name, password, "recovery_code")

    def export_request(self, path: Path) -> dict[str, Any]:
        """Write the request for the office; keep its one-time private key here (0600)."""
        keyring = self.vault.require_keyring()
        office = keyring.data.get("office")
        if not office:
            raise NotFoundError(
                "Stasiun ini belum terdaftar di pusat: belum ada salinan kunci untuk kantor.",
                "This station is not registered at a hub yet: the office holds no copy of its key.",
                action_id="Pulihkan dengan kode pemulihan (station recover --recovery-code).",
                action_en="Recover with the recovery code (station recover --recovery-code).")
        reply = X25519PrivateKey.generate()
        raw = reply.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                  serialization.NoEncryption())
        atomic_write_bytes(self.pending_request_path, json.dumps({"reply_private": b64e(raw)}).encode())
        os.chmod(self.pending_request_path, 0o600)
        request = {"format": REQUEST_FORMAT, "version": 1, "station_code": self.station_code,
                   "station_id": office["station_id"], "key_id": keyring.data["key_id"],
                   "office": {"ephemeral": office["ephemeral"], "sealed": office["sealed"]},
                   "reply_to": public_key_b64(reply.public_key()), "created_at": utc_now().isoformat()}
        atomic_write_bytes(Path(path), json.dumps(request, indent=1).encode())
        return request

    def with_office_token(self, token_path: Path, username: str, full_name: str, password: str) -> RecoveryResult:
        """Raises OfficeTokenError (wrong or changed token, or no request made here)."""
        self.operators._check_password(password)
        keyring = self.vault.require_keyring()
        try:
            token = json.loads(Path(token_path).read_text(encoding="utf-8"))
            pending = json.loads(self.pending_request_path.read_text(encoding="utf-8"))
            reply = X25519PrivateKey.from_private_bytes(b64d(pending["reply_private"]))
            if token.get("format") != TOKEN_FORMAT or token.get("key_id") != keyring.data["key_id"]:
                raise OfficeTokenError()
            key = DataKey(unwrap_with_private_key(reply, token, recovery_token_associated(keyring.data["key_id"])))
        except FileNotFoundError as exc:
            if exc.filename and Path(exc.filename) == Path(token_path):
                raise InputError(f"Berkas {token_path} tidak ada.", f"The file {token_path} does not exist.") from None
            raise OfficeTokenError() from None
        except (ValueError, KeyError, TypeError, DecryptionError):
            raise OfficeTokenError() from None
        result = self._reset(key, username, full_name, password, "office_key")
        wipe_file(self.pending_request_path, unlink=True)
        return result

    def _reset(self, key: DataKey, username: str, full_name: str, password: str, via: str) -> RecoveryResult:
        self.vault.unlock(key)
        operators = self.operators
        existing = operators.find(username)
        if existing is not None and existing.role is not Role.SUPERVISOR:
            raise InputError(f"'{username}' bukan supervisor.", f"'{username}' is not a supervisor.",
                             action_id="Pilih nama pengguna supervisor atau nama baru.",
                             action_en="Choose a supervisor's user name or a new one.")
        if existing is None:
            if not (full_name or "").strip():
                raise InputError("Nama lengkap supervisor baru wajib diisi (--name).",
                                 "The new supervisor's full name is required (--name).")
            operator = operators.create_operator(username, full_name, Role.SUPERVISOR, password)
        else:
            operators.set_active(existing.id, True)
            operators.change_password(existing.id, password)  # a fresh copy of the key under it
            operators.unlock(existing.id)
            operator = existing
        code = new_recovery_code()
        keyring = self.vault.require_keyring()
        keyring.set_recovery_code(code, self.vault.data_key)
        keyring.save()
        with self.vault.db.session() as session:
            record_audit(session, AuditAction.OPERATOR_CHANGED, operator_id=operator.id, subject=operator.username,
                         details={"change": "recovered", "via": via})
        return RecoveryResult(operator.username, existing is None, code)
