"""The keyring file: the station's data key, wrapped, beside (never inside) the encrypted database.

One JSON file (``data/keyring.json``, 0600) holds the data key sealed with
AES-256-GCM under: each operator's password (argon2id), the recovery code the
first supervisor wrote down (HKDF: the code carries 120 random bits), and once
registered the office's X25519 public key. It also holds what the log-in needs
before the database can be opened: each account's role, failed log-ins and
lock. Nothing in it opens anything without a password, the code or the
office's private key.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.errors import AuthError, StorageError
from app.storage.atomic import atomic_write_bytes
from app.storage.crypto import (
    Argon2Params,
    DataKey,
    DecryptionError,
    b64d,
    b64e,
    hkdf,
    load_public_key,
    open_sealed,
    password_key,
    seal,
    wrap_for_public_key,
)

KEYRING_FORMAT = "ektp-station-keyring"
KEYRING_VERSION = 1
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and written by hand
RECOVERY_GROUPS, RECOVERY_GROUP_LEN = 6, 4  # 24 symbols x 5 bits = 120 bits


class AccountLockedError(AuthError):
    """Too many wrong passwords: the account is locked until ``until`` (UTC)."""

    def __init__(self, until: dt.datetime) -> None:
        self.until = until
        super().__init__(
            "Akun terkunci karena terlalu banyak kata sandi salah.",
            "The account is locked after too many wrong passwords.",
            action_id=f"Coba lagi setelah {until:%H:%M} UTC atau minta supervisor membuka kunci.",
            action_en=f"Try again after {until:%H:%M} UTC, or ask a supervisor to unlock it.",
        )


class PasswordResetNeededError(AuthError):
    default_message_id = "Akun ini belum dapat membuka stasiun: supervisor perlu mengatur kata sandinya lagi."
    default_message_en = "This account cannot open the station yet: a supervisor must set its password again."
    default_action_id = "Minta supervisor masuk dan mengganti kata sandi akun ini di Pengaturan."
    default_action_en = "Ask a supervisor to log in and change this account's password in Settings."


class RecoveryCodeError(AuthError):
    default_message_id = "Kode pemulihan salah."
    default_message_en = "The recovery code is wrong."
    default_action_id = "Periksa kode yang dicatat saat supervisor pertama dibuat (huruf besar dan angka)."
    default_action_en = "Check the code written down when the first supervisor was created (capitals and digits)."


def new_recovery_code() -> str:
    symbols = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_LEN))
    return "-".join(symbols[i:i + RECOVERY_GROUP_LEN] for i in range(0, len(symbols), RECOVERY_GROUP_LEN))


def normalise_recovery_code(code: str) -> str:
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return cleaned.replace("0", "O").replace("1", "I")


class Keyring:
    """The wrapped copies of one station's data key, and the log-in counters kept beside them."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    # --- file -------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> Keyring | None:
        """The keyring at ``path``; None when the station has none yet (new, or before the upgrade)."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise _damaged(path) from exc
        if not isinstance(data, dict) or data.get("format") != KEYRING_FORMAT:
            raise _damaged(path)
        return cls(path, data)

    @classmethod
    def create(cls, path: Path) -> Keyring:
        keyring = cls(path, {"format": KEYRING_FORMAT, "version": KEYRING_VERSION,
                             "key_id": secrets.token_hex(8), "operators": {}, "recovery_code": None,
                             "office": None})
        return keyring

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self.path, json.dumps(self.data, indent=1, sort_keys=True).encode("utf-8"))
        os.chmod(self.path, 0o600)

    # --- wrapping ---------------------------------------------------------------------------

    def _associated(self, kind: str, name: str = "") -> bytes:
        return f"ektp-station/keyring|{self.data['key_id']}|{kind}|{name}".encode()

    @property
    def operators(self) -> dict[str, dict[str, Any]]:
        return self.data["operators"]

    def entry(self, username: str) -> dict[str, Any] | None:
        return self.operators.get((username or "").strip().lower())

    def has_supervisor(self) -> bool:
        return any(e.get("role") == "supervisor" and e.get("active", True) for e in self.operators.values())

    def set_operator(self, username: str, role: str, password: str, data_key: DataKey,
                     params: Argon2Params | None = None) -> None:
        """Wrap the data key under ``password`` for this account (new account or new password)."""
        params = params or Argon2Params()
        salt = secrets.token_bytes(16)
        name = username.strip().lower()
        kek = password_key(password, salt, params)
        self.operators[name] = {
            "username": username.strip(), "role": role, "active": True,
            "salt": b64e(salt), "kdf": params.to_dict(),
            "wrapped": b64e(seal(kek, data_key.raw(), self._associated("operator", name))),
            "failed_logins": 0, "locked_until": None,
        }

    def set_pending_operator(self, username: str, role: str, legacy_hash: str, active: bool,
                             failed_logins: int, locked_until: dt.datetime | None) -> None:
        """An account from before the upgrade whose password the station has not seen yet."""
        self.operators[username.strip().lower()] = {
            "username": username.strip(), "role": role, "active": active, "wrapped": None,
            "legacy_hash": legacy_hash, "failed_logins": failed_logins,
            "locked_until": locked_until.isoformat() if locked_until else None,
        }

    def update_operator(self, username: str, **fields: Any) -> None:
        entry = self.entry(username)
        if entry is not None:
            entry.update(fields)

    def drop_wrap(self, username: str) -> None:
        """Remove an account's copy of the key (account disabled): its password opens nothing any more."""
        entry = self.entry(username)
        if entry is not None:
            entry.update(active=False, wrapped=None, salt=None)
            entry.pop("legacy_hash", None)

    def remove_operator(self, username: str) -> None:
        self.operators.pop(username.strip().lower(), None)

    def set_recovery_code(self, code: str, data_key: DataKey) -> None:
        salt = secrets.token_bytes(16)
        kek = hkdf(normalise_recovery_code(code).encode("ascii") + salt, b"ektp-station/v1/recovery-code")
        self.data["recovery_code"] = {"salt": b64e(salt),
                                      "wrapped": b64e(seal(kek, data_key.raw(), self._associated("recovery")))}

    def set_office(self, hub_public_key: str, station_id: str, data_key: DataKey) -> None:
        wrapped = wrap_for_public_key(load_public_key(hub_public_key), data_key.raw(),
                                      self.office_associated(station_id))
        self.data["office"] = {"hub_public_key": hub_public_key, "station_id": station_id, **wrapped}

    def office_associated(self, station_id: str) -> bytes:
        return office_associated(self.data["key_id"], station_id)

    # --- opening ----------------------------------------------------------------------------

    def open_with_password(self, username: str, password: str, *, max_failed: int, lockout_minutes: int,
                           now: dt.datetime) -> DataKey:
        """The data key, for a right password of an active account. Counts failures and locks.

        Raises:
            AuthError: unknown account or wrong password (counted; saved at once).
            AccountLockedError: locked now, or by this failure.
            PasswordResetNeededError: an account from before the upgrade whose old password was right,
                or one re-activated without a new password.
        """
        name = (username or "").strip().lower()
        entry = self.operators.get(name)
        if entry is None or not entry.get("active", True):
            _burn_time(password)
            raise AuthError()
        locked_until = entry.get("locked_until")
        if locked_until and dt.datetime.fromisoformat(locked_until) > now:
            raise AccountLockedError(dt.datetime.fromisoformat(locked_until))
        key: DataKey | None = None
        if entry.get("wrapped"):
            try:
                kek = password_key(password, b64d(entry["salt"]), Argon2Params.from_dict(entry["kdf"]))
                key = DataKey(open_sealed(kek, b64d(entry["wrapped"]), self._associated("operator", name)))
            except DecryptionError:
                key = None
        elif entry.get("legacy_hash"):
            if _legacy_matches(entry["legacy_hash"], password):
                self._count(entry, success=True, max_failed=max_failed, lockout_minutes=lockout_minutes, now=now)
                raise PasswordResetNeededError()
        else:  # re-activated after it was disabled: its copy went with it
            _burn_time(password)
            raise PasswordResetNeededError()
        self._count(entry, success=key is not None, max_failed=max_failed, lockout_minutes=lockout_minutes, now=now)
        if key is None:
            if entry.get("locked_until"):
                raise AccountLockedError(dt.datetime.fromisoformat(entry["locked_until"]))
            raise AuthError()
        return key

    def _count(self, entry: dict[str, Any], *, success: bool, max_failed: int, lockout_minutes: int,
               now: dt.datetime) -> None:
        before = (entry.get("failed_logins", 0), entry.get("locked_until"))
        if success:
            entry["failed_logins"], entry["locked_until"] = 0, None
        else:
            entry["failed_logins"] = int(entry.get("failed_logins") or 0) + 1
            entry["locked_until"] = None
            if entry["failed_logins"] >= max_failed:
                entry["failed_logins"] = 0
                entry["locked_until"] = (now + dt.timedelta(minutes=lockout_minutes)).isoformat()
        if (entry["failed_logins"], entry["locked_until"]) != before:
            self.save()

    def open_with_recovery_code(self, code: str) -> DataKey:
        record = self.data.get("recovery_code")
        if not record:
            raise RecoveryCodeError("Stasiun ini tidak memiliki kode pemulihan.", "This station has no recovery code.",
                                    action_id="Pulihkan dengan kunci kantor (station recover --export-request).",
                                    action_en="Recover with the office's key (station recover --export-request).")
        salt = b64d(record["salt"])
        kek = hkdf(normalise_recovery_code(code).encode("ascii") + salt, b"ektp-station/v1/recovery-code")
        try:
            return DataKey(open_sealed(kek, b64d(record["wrapped"]), self._associated("recovery")))
        except DecryptionError:
            raise RecoveryCodeError() from None


def office_associated(key_id: str, station_id: str) -> bytes:
    """What binds the office's copy to one station's keyring (the hub checks it when unwrapping)."""
    return f"ektp-station/keyring|{key_id}|office|{station_id}".encode()


def recovery_token_associated(key_id: str) -> bytes:
    """What binds an office's recovery token to the request it answers."""
    return f"ektp-station/recovery-token|{key_id}".encode()


def _legacy_matches(legacy_hash: str, password: str) -> bool:
    try:
        return PasswordHasher().verify(legacy_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY: dict[str, bytes] = {}


def _burn_time(password: str) -> None:
    """Cost an unknown account the same argon2id time as a known one."""
    salt = _DUMMY.setdefault("salt", secrets.token_bytes(16))
    password_key(password, salt, Argon2Params())


def _damaged(path: Path) -> StorageError:
    return StorageError(
        f"Berkas kunci {path.name} rusak.", f"The key file {path.name} is damaged.",
        action_id="Pulihkan stasiun dengan kode pemulihan atau kunci kantor (station recover).",
        action_en="Recover the station with the recovery code or the office's key (station recover).",
    )

