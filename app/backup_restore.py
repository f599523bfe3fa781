"""``station backup restore DIR``: bring a station back on a replacement laptop from its backup set.

The set key comes from this station's keys (``Station.subkey("backup")``) or from
the office's recovery key (``station-hub backup recovery-key DIR``). Everything is
verified before anything is written: the manifest's signature, each object's
SHA-256 on the medium, and that the backed-up station key is the one that signed
the manifest. Then blobs (under their own references, through ``BlobStore``),
key files, configuration, and last the database (checked with SQLite's
integrity check, then moved into place): same station code and keys, same
records, drafts included. A station that already holds records is not
overwritten unless asked (``--replace``).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization
from sqlalchemy import func, select

from app.backup_create import BackupProgress
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
from app.storage.atomic import atomic_write_bytes
from app.storage.db import Database
from app.storage.models import AuditEvent, Enrolment
from app.sync.handover_format import parse_document, verify_document
from app.sync.handover_media import hash_back, read_back
from app.sync.keys import STATION_KEY_FILE, write_private_file
from app.sync.packet_format import b64, load_ed25519_public, raw_public

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


def set_key_for(station: Station, document: dict[str, Any], recovery_key: SetKey | None) -> SetKey:
    """The set key: the office's recovery key when given, else this station's own keys.

    Raises:
        BackupError: the recovery key is not this set's, or this station's keys do not open it.
    """
    if recovery_key is not None:
        if recovery_key.check != document.get("key_check"):
            raise BackupError("wrong_recovery_key", "Kunci pemulihan ini bukan untuk cadangan tersebut.",
                              "This recovery key is not for that backup.",
                              action_id="Periksa kunci dari kantor lalu ketik ulang.",
                              action_en="Check the key from the office and type it again.")
        return recovery_key
    return unwrap_for_station(document.get("wrapped", {}).get("station", {}), station.subkey("backup"),
                              str(document["set_id"]))


def _verify_objects(folder: Path, entries: list[dict[str, Any]],
                    progress: Callable[[BackupProgress], None]) -> None:
    for index, entry in enumerate(entries, start=1):
        path = folder / OBJECTS_DIR / str(entry["object"])
        if not path.exists():
            raise damaged(f"objek {entry['object']} hilang", f"object {entry['object']} is missing")
        if hash_back(path) != (entry["sha256"], entry["size"]):
            raise damaged(f"objek {entry['object']} berubah", f"object {entry['object']} has changed")
        progress(BackupProgress(index, 2 * len(entries)))


def _refuse_overwrite(station: Station) -> None:
    with station.db.session() as session:
        count = session.scalar(select(func.count()).select_from(Enrolment)) or 0
    if count:
        raise BackupError("station_not_empty", f"Stasiun ini sudah berisi {count} rekaman; pemulihan akan menimpanya.",
                          f"This station already holds {count} records; a restore would overwrite them.",
                          action_id="Pulihkan di laptop pengganti yang kosong, atau pakai --replace bila memang ingin "
                                    "menimpa.", action_en="Restore on an empty replacement laptop, or use --replace "
                                                          "to overwrite on purpose.")


def _restore_keys(station: Station, key: SetKey, folder: Path, body: dict[str, Any]) -> None:
    entry = body["keys"]
    files = json.loads(key.decrypt_all(entry["object"], read_back(folder / OBJECTS_DIR / entry["object"])))
    pem = bytes.fromhex(files.get(STATION_KEY_FILE, ""))
    try:
        station_key = serialization.load_pem_private_key(pem, password=None)
        public = b64(raw_public(station_key.public_key()))  # type: ignore[union-attr]
    except (ValueError, TypeError, AttributeError):
        raise damaged("kunci stasiun", "station key") from None
    if public != body.get("station_public_key"):
        raise damaged("kunci stasiun tidak cocok dengan tanda tangan", "the station key does not match the signature")
    key_dir = station.config.paths.data_dir / "keys"
    key_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(key_dir, 0o700)
    for name, data in files.items():
        if "/" in name or name.startswith("."):
            raise damaged(f"nama berkas kunci {name!r}", f"key file name {name!r}")
        write_private_file(key_dir / name, bytes.fromhex(data))


def _restore_database(station: Station, key: SetKey, folder: Path, entry: dict[str, Any]) -> None:
    target = station.config.paths.database_file
    staging = target.with_name(f".restore-{target.name}")
    data = read_back(folder / OBJECTS_DIR / entry["object"])
    with open(staging, "wb") as handle:
        for segment in key.decrypt(entry["object"], data):
            handle.write(segment)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        with sqlite3.connect(staging) as connection:
            ok = connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        connection.close()
    except sqlite3.DatabaseError:
        ok = False
    if not ok:
        staging.unlink(missing_ok=True)
        raise damaged("basis data", "database")
    station.db.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(staging, target)


def restore_backup(station: Station, folder: Path, *, recovery_key: SetKey | None = None,
                   backup_id: str | None = None, replace: bool = False,
                   progress: Callable[[BackupProgress], None] | None = None) -> RestoreReport:
    """Restore the chosen (or newest) backup of ``folder`` into this station's home.

    The station object is closed afterwards; start the station again to use the restored data.

    Raises:
        BackupError: no backup, damaged or altered, wrong key, or a station holding records (without ``replace``).
        MediaError: the medium cannot be read.
    """
    started = time.monotonic()
    folder = Path(folder)
    report_progress = progress or (lambda _p: None)
    document = read_set(folder)
    body = read_manifest(folder, backup_id)
    if body.get("set_id") != document["set_id"]:
        raise damaged("manifes dari set lain", "a manifest from another set")
    key = set_key_for(station, document, recovery_key)
    if not replace:
        _refuse_overwrite(station)
    blobs = list(body["blobs"])
    _verify_objects(folder, [*blobs, body["database"], body["keys"], body["config"]], report_progress)
    for index, entry in enumerate(blobs, start=1):
        data = key.decrypt_all(entry["object"], read_back(folder / OBJECTS_DIR / entry["object"]))
        station.blobs.restore(entry["ref"], data)
        report_progress(BackupProgress(len(blobs) + index, 2 * len(blobs)))
    _restore_keys(station, key, folder, body)
    config = key.decrypt_all(body["config"]["object"], read_back(folder / OBJECTS_DIR / body["config"]["object"]))
    if config:
        atomic_write_bytes(station.config.path or station.config.paths.config_file, config)
    _restore_database(station, key, folder, body["database"])
    restored = Database(station.config.database_url)
    try:
        restored.upgrade()
        with restored.session() as session:
            enrolments = session.scalar(select(func.count()).select_from(Enrolment)) or 0
            drafts = session.scalar(select(func.count()).select_from(Enrolment).where(
                Enrolment.status == EnrolmentStatus.DRAFT)) or 0
            session.add(AuditEvent(action=AuditAction.BACKUP_RESTORED, subject=str(body["backup_id"]),
                                   details={"blobs": len(blobs), "office_key": recovery_key is not None}))
    finally:
        restored.dispose()
    log.info("backup %s restored: %d enrolments, %d blobs", body["backup_id"], enrolments, len(blobs))
    return RestoreReport(str(folder), str(body["backup_id"]), str(body["created_at"]), str(body["station_code"]),
                         int(enrolments), int(drafts), len(blobs), time.monotonic() - started)
