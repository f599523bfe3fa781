"""``station backup create DIR``: a full, encrypted, verifiable backup of the station, incremental per set.

What goes in: a consistent snapshot of the database (SQLite's online backup API
through the open, keyed connection into a target keyed the same way, so the
snapshot is SQLCipher-encrypted like the live file and never a file copy of a
live WAL database), every blob the snapshot refers to (read through
``BlobStore``), the keyring file (``data/keyring.json``: the data key wrapped
under each operator's password, the recovery code and the hub's key), the data
key itself (so the office's recovery key alone can bring the station back) and
the station's configuration. The station's signing key and hub token are rows
of the database, so they travel in the snapshot.
Blobs are immutable, so an object already in the set from an earlier backup is
not written again; each backup's signed manifest lists every object it needs.
Every object written is read back from the medium and its SHA-256 checked; the
manifest is written last, so a backup cut short is never listed as whole.
Layout and formats: ``docs/handover.md`` (section "Backup").
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.backup_format import (
    MANIFEST_FORMAT,
    MANIFESTS_DIR,
    OBJECTS_DIR,
    SET_FILE,
    SET_FORMAT,
    BackupError,
    SetKey,
    unwrap_for_station,
    wrap_for_office,
    wrap_for_station,
)
from app.domain.enums import AuditAction
from app.errors import NotFoundError, StationError
from app.storage.db import CIPHER_PAGE_SIZE, key_pragma
from app.storage.models import AuditEvent
from app.sync.handover_format import parse_document, sign_document, verify_document
from app.sync.handover_media import (
    ensure_folder,
    hash_back,
    read_back,
    remove_leftovers,
    write_durably,
    write_durably_from,
)
from app.sync.keys import load_registration, station_public_b64
from app.timezones import utc_now
from app.version import __version__

if TYPE_CHECKING:
    from app.bootstrap import Station

log = logging.getLogger(__name__)
READ_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class BackupProgress:
    objects_done: int
    objects_total: int


@dataclass(frozen=True)
class BackupReport:
    folder: str
    backup_id: str
    manifest: str
    blobs: int  # every blob the backup holds
    blobs_written: int  # new in this backup (the rest were already in the set)
    bytes_written: int  # on the medium in this run
    database_bytes: int
    enrolments: int
    drafts: int
    office_recovery: bool  # the hub's key wraps the set too (the station was registered)
    missing_blobs: tuple[str, ...] = ()
    duration_s: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": not self.missing_blobs}


def _hashing(chunks: Iterable[bytes], digest: Any, sizes: list[int]) -> Iterator[bytes]:
    for chunk in chunks:
        digest.update(chunk)
        sizes[0] += len(chunk)
        yield chunk


def write_object(folder: Path, key: SetKey, name: str, chunks: Iterable[bytes]) -> dict[str, Any]:
    """Encrypt and write one object, read it back from the medium; returns its manifest entry.

    Raises:
        MediaError: full, read-only or pulled medium.
        BackupError: what was read back differs from what was written.
    """
    path = folder / OBJECTS_DIR / name
    digest, sizes = hashlib.sha256(), [0]
    write_durably_from(path, _hashing(key.encrypt(name, chunks), digest, sizes))
    on_medium, size = hash_back(path)
    if on_medium != digest.hexdigest() or size != sizes[0]:
        raise BackupError("readback_mismatch", f"Objek cadangan {name} di media tidak sama dengan yang ditulis.",
                          f"The backup object {name} on the medium differs from what was written.",
                          action_id="Pakai media lain lalu ulangi.", action_en="Use another medium, then run it again.")
    return {"object": name, "size": size, "sha256": on_medium}


def _file_blocks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        while block := handle.read(READ_BLOCK):
            yield block


def open_snapshot(path: Path, cipher_key: bytes) -> Any:
    """A DB-API connection to an SQLCipher file keyed as the station keys its own database."""
    import sqlcipher3.dbapi2 as sqlcipher  # as app.storage.db: loaded only when used

    connection = sqlcipher.connect(str(path))
    connection.execute(key_pragma(cipher_key))
    connection.execute(f"PRAGMA cipher_page_size = {CIPHER_PAGE_SIZE}")
    return connection


def snapshot_database(station: Station, target: Path) -> None:
    """A consistent, still encrypted copy of the live database (online backup into a target with the same key).

    Raises:
        BackupError: the station's database is not SQLite.
    """
    if station.db.engine.dialect.name != "sqlite":
        raise BackupError("not_sqlite", "Cadangan hanya untuk basis data SQLite stasiun.",
                          "Backups are for the station's SQLite database only.")
    raw = station.db.engine.raw_connection()
    try:
        destination = open_snapshot(target, station.subkey("database"))
        try:
            raw.driver_connection.backup(destination)
        finally:
            destination.close()
    finally:
        raw.close()


def snapshot_contents(snapshot: Path, cipher_key: bytes) -> tuple[list[str], int, int]:
    """(every blob reference, enrolments, drafts) in the snapshot; references are each ``*_ref`` column's values."""
    refs: set[str] = set()
    connection = open_snapshot(snapshot, cipher_key)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for column in connection.execute(f'PRAGMA table_info("{table}")').fetchall():
                if str(column[1]).endswith("_ref"):
                    refs.update(r for (r,) in connection.execute(
                        f'SELECT "{column[1]}" FROM "{table}" WHERE "{column[1]}" IS NOT NULL') if r)
        counts = connection.execute(
            "SELECT COUNT(*), SUM(CASE WHEN status='draft' THEN 1 ELSE 0 END) FROM enrolments").fetchone()
    finally:
        connection.close()
    return sorted(refs), int(counts[0] or 0), int(counts[1] or 0)


def _open_set(station: Station, folder: Path) -> tuple[dict[str, Any], SetKey]:
    """The folder's backup set (created on first use); refuses another station's set."""
    registration = load_registration(station.db)
    station_id = registration.station_id if registration else ""
    path = folder / SET_FILE
    subkey = station.subkey("backup")
    if path.exists():
        try:
            document = json.loads(read_back(path).decode("utf-8"))
            set_id = str(document["set_id"])
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise BackupError("damaged", "Berkas cadangan di folder ini rusak.", "The backup file in this folder is damaged.",
                              action_id="Pakai folder lain untuk cadangan baru.",
                              action_en="Use another folder for a new backup.") from None
        if document.get("station_code") != station.config.identity.station_code:
            raise BackupError("foreign_set", f"Folder ini berisi cadangan stasiun lain ({document.get('station_code')}).",
                              f"This folder holds another station's backup ({document.get('station_code')}).",
                              action_id="Pakai folder atau media lain.", action_en="Use another folder or medium.")
        key = unwrap_for_station(document.get("wrapped", {}).get("station", {}), subkey, set_id)
        if registration is not None and "office" not in document.get("wrapped", {}):
            document["wrapped"]["office"] = wrap_for_office(key, registration.hub_key, set_id)
            document["station_id"] = station_id
            write_durably(path, json.dumps(document, indent=1, sort_keys=True).encode("utf-8"))
        return document, key
    key = SetKey.generate()
    set_id = secrets.token_hex(16)
    wrapped = {"station": wrap_for_station(key, subkey, set_id)}
    if registration is not None:
        wrapped["office"] = wrap_for_office(key, registration.hub_key, set_id)
    document = {"format": SET_FORMAT, "set_id": set_id, "station_code": station.config.identity.station_code,
                "station_id": station_id, "created_at": utc_now().isoformat(), "key_check": key.check,
                "wrapped": wrapped}
    write_durably(path, json.dumps(document, indent=1, sort_keys=True).encode("utf-8"))
    return document, key


def latest_manifest(folder: Path, station_public: Any) -> dict[str, Any] | None:
    """The newest manifest of the set whose signature holds (a damaged one is skipped)."""
    for path in sorted((folder / MANIFESTS_DIR).glob("*.json"), reverse=True):
        try:
            body, signature = parse_document(read_back(path), MANIFEST_FORMAT)
            verify_document(body, signature, station_public, signer_id="stasiun", signer_en="station")
        except StationError:  # unreadable or not this station's: the next one is tried
            continue
        return body
    return None


def write_keyring(folder: Path, station: Station, backup_id: str) -> dict[str, Any]:
    """The keyring file as it is on the laptop (it opens nothing without a password, the code or the hub's key).

    Not under the set key: on a replacement laptop an operator's password opens the data key from it, and
    that key's ``backup`` subkey opens the set. Its SHA-256 is in the signed manifest.
    """
    data = station.vault.require_keyring().path.read_bytes()
    name = f"keyring-{backup_id}"
    path = folder / OBJECTS_DIR / name
    write_durably(path, data)
    on_medium, size = hash_back(path)
    if on_medium != hashlib.sha256(data).hexdigest() or size != len(data):
        raise BackupError("readback_mismatch", f"Objek cadangan {name} di media tidak sama dengan yang ditulis.",
                          f"The backup object {name} on the medium differs from what was written.",
                          action_id="Pakai media lain lalu ulangi.", action_en="Use another medium, then run it again.")
    return {"object": name, "size": size, "sha256": on_medium}


def create_backup(station: Station, folder: Path,
                  progress: Callable[[BackupProgress], None] | None = None) -> BackupReport:
    """Write one backup of the whole station into ``folder`` (a backup set), only new blobs copied.

    Raises:
        MediaError: the medium is full, read-only or was pulled out (no manifest is written then).
        BackupError: the folder holds another station's set, or a read-back failed.
    """
    started = time.monotonic()
    folder = Path(folder)
    ensure_folder(folder, OBJECTS_DIR, MANIFESTS_DIR)
    for leftover_folder in (folder, folder / OBJECTS_DIR, folder / MANIFESTS_DIR):
        remove_leftovers(leftover_folder)
    document, key = _open_set(station, folder)
    station_key = station.sync.station_key
    previous = latest_manifest(folder, station_key.public_key())
    known = {b["ref"]: b for b in (previous or {}).get("blobs", []) if document["set_id"] == previous.get("set_id")}
    backup_id = utc_now().strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)  # sorts by time
    snapshot = station.config.paths.data_dir / f".backup-snapshot-{backup_id}.sqlite3"
    report_progress = progress or (lambda _p: None)
    try:
        snapshot_database(station, snapshot)
        refs, enrolments, drafts = snapshot_contents(snapshot, station.subkey("database"))
        total = len(refs) + 4
        entries: list[dict[str, Any]] = []
        missing: list[str] = []
        written = bytes_written = 0
        for index, ref in enumerate(refs, start=1):
            name = key.object_name("blob:" + ref)
            old = known.get(ref)
            object_path = folder / OBJECTS_DIR / name
            if old and old["object"] == name and object_path.exists() and object_path.stat().st_size == old["size"]:
                entries.append(old)
            else:
                try:
                    data = station.blobs.get(ref)
                except NotFoundError:
                    missing.append(ref)  # deleted by retention after the snapshot: nothing to keep
                    continue
                entry = {"ref": ref, **write_object(folder, key, name, (data,))}
                entries.append(entry)
                written += 1
                bytes_written += entry["size"]
            report_progress(BackupProgress(index, total))
        database = write_object(folder, key, f"db-{backup_id}", _file_blocks(snapshot))
        database["plain_size"] = snapshot.stat().st_size
        keyring = write_keyring(folder, station, backup_id)
        data_key = write_object(folder, key, f"datakey-{backup_id}", (station.vault.data_key.raw(),))
        config_path = station.config.path or station.config.paths.config_file
        config = write_object(folder, key, f"config-{backup_id}",
                              (config_path.read_bytes() if config_path.exists() else b"",))
        bytes_written += database["size"] + keyring["size"] + data_key["size"] + config["size"]
    finally:
        snapshot.unlink(missing_ok=True)
    body = {
        "format": MANIFEST_FORMAT, "set_id": document["set_id"], "backup_id": backup_id,
        "created_at": utc_now().isoformat(), "software_version": __version__,
        "station_code": station.config.identity.station_code, "station_id": document.get("station_id", ""),
        "station_public_key": station_public_b64(station_key), "previous": previous.get("backup_id") if previous else None,
        "database": database, "keyring": keyring, "data_key": data_key, "config": config, "blobs": entries, "missing_blobs": missing,
        "counts": {"enrolments": enrolments, "drafts": drafts, "blobs": len(entries)},
    }
    manifest_path = folder / MANIFESTS_DIR / f"{backup_id}.json"
    signed = sign_document(body, station_key)
    write_durably(manifest_path, signed)
    if read_back(manifest_path) != signed:
        raise BackupError("readback_mismatch", "Manifes cadangan di media tidak sama dengan yang ditulis.",
                          "The backup manifest on the medium differs from what was written.")
    bytes_written += len(signed)
    report_progress(BackupProgress(total, total))
    with station.db.session() as session:
        session.add(AuditEvent(action=AuditAction.BACKUP_CREATED, subject=backup_id,
                               details={"blobs": len(entries), "new_blobs": written, "bytes": bytes_written}))
    log.info("backup %s: %d blobs (%d new), %d bytes written", backup_id, len(entries), written, bytes_written)
    return BackupReport(str(folder), backup_id, str(manifest_path), len(entries), written, bytes_written,
                        database["plain_size"], enrolments, drafts, "office" in document["wrapped"], tuple(missing),
                        time.monotonic() - started)

