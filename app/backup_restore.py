"""``station backup restore DIR``: bring a station back on a replacement laptop from its backup set.

The set key comes from the station's keys or from the office's recovery key
(``station-hub backup recovery-key DIR``). Station path: an operator's user name
and password open the data key from the keyring in the backup (as at a log-in),
and its ``backup`` subkey unwraps the set key; this works on a replacement laptop
too. Office path: the recovery key is the set key, and the data key comes from
the backup (under the set key). Everything is verified before anything is
written: the manifest's signature, each object's SHA-256 on the medium, the
authenticated decryption of each object, that the data key opens the database
snapshot (SQLCipher) and passes SQLite's integrity check, and that the signing
key inside it is the one that signed the manifest. Then blobs (under their own
references, sealed through ``BlobStore``), configuration, the keyring, and last
the database (moved into place): same station code and keys, same records,
drafts included, and the same operators log in with their own passwords. A
station that already holds records is not overwritten unless asked
(``--replace``).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization
from sqlalchemy import func, select

from app.backup_create import BackupProgress, open_snapshot
from app.backup_format import (
    MANIFEST_FORMAT,
    MANIFESTS_DIR,
    OBJECTS_DIR,
    SET_FILE,
    BackupError,
    SetKey,
    damaged,
    unwrap_for_station,
)
from app.domain.enums import AuditAction, EnrolmentStatus
from app.errors import AuthError, StationError
from app.storage.atomic import atomic_write_bytes
from app.storage.blobs import BlobStore, SealedCodec
from app.storage.crypto import DataKey
from app.storage.keyring import Keyring
from app.storage.models import AuditEvent, Enrolment
from app.storage.vault import KEYRING_FILE, VaultState
from app.sync.handover_format import parse_document, verify_document
from app.sync.handover_media import hash_back, read_back
from app.sync.keys import STATION_KEY_STATE, write_private_file
from app.sync.packet_format import b64, load_ed25519_public, raw_public
from app.timezones import utc_now

if TYPE_CHECKING:
    from app.bootstrap import Station

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreReport:
    folder: str
    backup_id: str
    created_at: str
    station_code: str
    enrolments: int
    drafts: int
    blobs: int
    duration_s: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": True}


def read_set(folder: Path) -> dict[str, Any]:
    path = Path(folder) / SET_FILE
    if not path.exists():
        raise BackupError("no_backup", f"Tidak ada cadangan stasiun di {folder}.", f"There is no station backup in {folder}.",
                          action_id="Pilih folder cadangan yang benar.", action_en="Choose the right backup folder.")
    try:
        document = json.loads(read_back(path).decode("utf-8"))
        str(document["set_id"])
        return document
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise damaged("berkas set", "set file") from None


def read_manifest(folder: Path, backup_id: str | None) -> dict[str, Any]:
    """The chosen (or newest) backup's manifest, its signature checked against the station key it names.

    Raises:
        BackupError: no backup, or the manifest is damaged or altered.
    """
    folder = Path(folder)
    paths = sorted((folder / MANIFESTS_DIR).glob("*.json"))
    if backup_id:
        paths = [p for p in paths if p.stem == backup_id]
    if not paths:
        raise BackupError("no_backup", f"Tidak ada cadangan lengkap di {folder}.", f"There is no complete backup in {folder}.",
                          action_id="Pilih folder cadangan yang benar atau buat cadangan dulu.",
                          action_en="Choose the right backup folder, or make a backup first.")
    body, signature = parse_document(read_back(paths[-1]), MANIFEST_FORMAT)
    verify_document(body, signature, load_ed25519_public(str(body.get("station_public_key", ""))),
                    signer_id="stasiun", signer_en="station")
    return body


def list_backups(folder: Path) -> list[dict[str, Any]]:
    """Every complete backup in a set: id, time, counts (for ``station backup restore --list``)."""
    rows = []
    for path in sorted((Path(folder) / MANIFESTS_DIR).glob("*.json")):
        body = read_manifest(folder, path.stem)
        rows.append({"backup_id": body["backup_id"], "created_at": body["created_at"], **body["counts"]})
    return rows


def _not_opened_by(username: str) -> BackupError:
    return BackupError(
        "not_this_station", "Akun dan kata sandi ini tidak membuka cadangan tersebut.",
        "This account and password do not open that backup.",
        action_id="Masuk dengan akun petugas dari stasiun yang dicadangkan, atau minta kunci pemulihan ke kantor "
                  "(dibuat dari kunci pusat) lalu pulihkan dengan kunci itu.",
        action_en="Log in with an operator account of the backed-up station, or ask the office for the recovery "
                  "key (made with the hub's key), then restore with it.")


def backed_up_keyring(folder: Path, entry: dict[str, Any]) -> Keyring:
    """The keyring file in the backup (already checked against the signed manifest)."""
    data = read_back(folder / OBJECTS_DIR / str(entry["object"]))
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / KEYRING_FILE
        path.write_bytes(data)
        try:
            keyring = Keyring.load(path)
        except StationError:
            raise damaged("berkas kunci", "keyring file") from None
    if keyring is None:
        raise damaged("berkas kunci", "keyring file")
    return keyring


def keys_for(station: Station, folder: Path, document: dict[str, Any], body: dict[str, Any], *,
             credentials: tuple[str, str] | None, recovery_key: SetKey | None) -> tuple[SetKey, DataKey]:
    """(set key, data key): from the office's recovery key when given, else an operator's log-in on the backup's keyring.

    Raises:
        BackupError: the recovery key is not this set's, or the account and password do not open it.
    """
    set_id = str(document["set_id"])
    if recovery_key is not None:
        if recovery_key.check != document.get("key_check"):
            raise BackupError("wrong_recovery_key", "Kunci pemulihan ini bukan untuk cadangan tersebut.",
                              "This recovery key is not for that backup.",
                              action_id="Periksa kunci dari kantor lalu ketik ulang.",
                              action_en="Check the key from the office and type it again.")
        set_key = recovery_key
    else:
        if credentials is None:
            raise BackupError("login_needed", "Pemulihan perlu akun petugas stasiun itu atau kunci pemulihan kantor.",
                              "A restore needs an operator account of that station or the office's recovery key.",
                              action_id="Masuk sebagai petugas, atau berikan kunci pemulihan dari kantor.",
                              action_en="Log in as an operator, or give the recovery key from the office.")
        keyring = backed_up_keyring(folder, body["keyring"])
        policy = station.people_settings.login
        try:
            data_key = keyring.open_with_password(credentials[0], credentials[1],
                                                  max_failed=policy.max_failed_logins,
                                                  lockout_minutes=policy.lockout_minutes, now=utc_now())
        except AuthError:
            raise _not_opened_by(credentials[0]) from None
        try:
            set_key = unwrap_for_station(document.get("wrapped", {}).get("station", {}), data_key.subkey("backup"),
                                         set_id)
        except BackupError:
            raise _not_opened_by(credentials[0]) from None
    entry = body["data_key"]
    raw = set_key.decrypt_all(entry["object"], read_back(folder / OBJECTS_DIR / entry["object"]))
    if len(raw) != 32:
        raise damaged("kunci data", "data key")
    if recovery_key is None and not data_key.same_as(raw):
        raise damaged("kunci data tidak cocok dengan berkas kunci", "the data key does not match the keyring")
    return set_key, DataKey(raw)


def _verify_objects(folder: Path, entries: list[dict[str, Any]],
                    progress: Callable[[BackupProgress], None]) -> None:
    for index, entry in enumerate(entries, start=1):
        path = folder / OBJECTS_DIR / str(entry["object"])
        if not path.exists():
            raise damaged(f"objek {entry['object']} hilang", f"object {entry['object']} is missing")
        if hash_back(path) != (entry["sha256"], entry["size"]):
            raise damaged(f"objek {entry['object']} berubah", f"object {entry['object']} has changed")
        progress(BackupProgress(index, 2 * len(entries)))


def _refuse_overwrite(station: Station, credentials: tuple[str, str] | None) -> None:
    """Refuse a station that holds records (or whose data cannot be looked into), unless ``--replace``."""
    if station.locked:
        if station.vault.state == VaultState.NEW:
            return
        try:
            if credentials is None:
                raise AuthError()
            station.operators.authenticate(*credentials)
        except AuthError:
            raise BackupError("station_not_empty", "Stasiun ini sudah berisi data; pemulihan akan menimpanya.",
                              "This station already holds data; a restore would overwrite it.",
                              action_id="Pulihkan di laptop pengganti yang kosong, atau pakai --replace bila memang "
                                        "ingin menimpa.", action_en="Restore on an empty replacement laptop, or use "
                                                                    "--replace to overwrite on purpose.") from None
    with station.db.session() as session:
        count = session.scalar(select(func.count()).select_from(Enrolment)) or 0
    if count:
        raise BackupError("station_not_empty", f"Stasiun ini sudah berisi {count} rekaman; pemulihan akan menimpanya.",
                          f"This station already holds {count} records; a restore would overwrite them.",
                          action_id="Pulihkan di laptop pengganti yang kosong, atau pakai --replace bila memang ingin "
                                    "menimpa.", action_en="Restore on an empty replacement laptop, or use --replace "
                                                          "to overwrite on purpose.")


def _stage_database(station: Station, key: SetKey, data_key: DataKey, folder: Path, body: dict[str, Any]) -> Path:
    """The snapshot decrypted from the set key into a staging file (still SQLCipher), checked with the data key."""
    entry = body["database"]
    target = station.config.paths.database_file
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".restore-{target.name}")
    data = read_back(folder / OBJECTS_DIR / entry["object"])
    try:
        with open(staging, "wb") as handle:
            for segment in key.decrypt(entry["object"], data):
                handle.write(segment)
            handle.flush()
            os.fsync(handle.fileno())
        _check_snapshot(staging, data_key, str(body.get("station_public_key", "")))
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    return staging


def _check_snapshot(path: Path, data_key: DataKey, signer: str) -> None:
    """The data key opens the snapshot, SQLite finds it whole, and its signing key signed the manifest."""
    import sqlcipher3.dbapi2 as sqlcipher  # as app.storage.db

    try:
        connection = open_snapshot(path, data_key.subkey("database"))
        try:
            ok = connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            row = connection.execute("SELECT value FROM station_state WHERE key = ?", (STATION_KEY_STATE,)).fetchone()
        finally:
            connection.close()
    except sqlcipher.DatabaseError:
        ok, row = False, None
    if not ok:
        raise damaged("basis data", "database")
    try:
        station_key = serialization.load_pem_private_key(str(json.loads(row[0])).encode("ascii"), password=None)
        public = b64(raw_public(station_key.public_key()))  # type: ignore[arg-type]
    except (ValueError, TypeError, AttributeError, IndexError):
        raise damaged("kunci stasiun", "station key") from None
    if public != signer:
        raise damaged("kunci stasiun tidak cocok dengan tanda tangan", "the station key does not match the signature")


def restore_backup(station: Station, folder: Path, *, credentials: tuple[str, str] | None = None,
                   recovery_key: SetKey | None = None, backup_id: str | None = None, replace: bool = False,
                   progress: Callable[[BackupProgress], None] | None = None) -> RestoreReport:
    """Restore the chosen (or newest) backup of ``folder`` into this (locked or open) station's home.

    ``credentials`` (user name, password) of an operator of the backed-up station open the set (station
    path) and let this station's own data be looked into before it is replaced; ``recovery_key`` is the
    office path. The station is locked afterwards; start it again (operators log in as before).

    Raises:
        BackupError: no backup, damaged or altered, wrong key or password, or a station holding records
            (without ``replace``).
        MediaError: the medium cannot be read.
    """
    started = time.monotonic()
    folder = Path(folder)
    report_progress = progress or (lambda _p: None)
    document = read_set(folder)
    body = read_manifest(folder, backup_id)
    if body.get("set_id") != document["set_id"]:
        raise damaged("manifes dari set lain", "a manifest from another set")
    if not all(isinstance(body.get(part), dict) for part in ("database", "keyring", "data_key", "config")):
        raise damaged("manifes tanpa basis data atau kunci", "a manifest without the database or keys")
    blobs = list(body["blobs"])
    _verify_objects(folder, [*blobs, body["database"], body["keyring"], body["data_key"], body["config"]],
                    report_progress)
    key, data_key = keys_for(station, folder, document, body, credentials=credentials, recovery_key=recovery_key)
    try:
        if not replace:
            _refuse_overwrite(station, credentials)
        staging = _stage_database(station, key, data_key, folder, body)
        try:
            config = key.decrypt_all(body["config"]["object"],
                                     read_back(folder / OBJECTS_DIR / body["config"]["object"]))
            keyring = read_back(folder / OBJECTS_DIR / body["keyring"]["object"])
            station.lock()
            sealed = BlobStore(station.blobs.root, SealedCodec(data_key.subkey("blobs")))
            for index, entry in enumerate(blobs, start=1):
                data = key.decrypt_all(entry["object"], read_back(folder / OBJECTS_DIR / entry["object"]))
                sealed.restore(entry["ref"], data)
                report_progress(BackupProgress(len(blobs) + index, 2 * len(blobs)))
            if config:
                atomic_write_bytes(station.config.path or station.config.paths.config_file, config)
            write_private_file(station.vault.keyring_path, keyring)
            target = station.config.paths.database_file
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            os.replace(staging, target)
        finally:
            staging.unlink(missing_ok=True)
        station.vault.unlock(DataKey(data_key.raw()))
        try:
            with station.db.session() as session:
                enrolments = session.scalar(select(func.count()).select_from(Enrolment)) or 0
                drafts = session.scalar(select(func.count()).select_from(Enrolment).where(
                    Enrolment.status == EnrolmentStatus.DRAFT)) or 0
                session.add(AuditEvent(action=AuditAction.BACKUP_RESTORED, subject=str(body["backup_id"]),
                                       details={"blobs": len(blobs), "office_key": recovery_key is not None}))
        finally:
            station.lock()
    finally:
        data_key.wipe()
    log.info("backup %s restored: %d enrolments, %d blobs", body["backup_id"], enrolments, len(blobs))
    return RestoreReport(str(folder), str(body["backup_id"]), str(body["created_at"]), str(body["station_code"]),
                         int(enrolments), int(drafts), len(blobs), time.monotonic() - started)
