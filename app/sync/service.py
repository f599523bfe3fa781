"""``SyncService``: the one entry point for sending, registering, polling and pulling.

The CLI (``station sync``, ``station register``) and the GUI's sync page call it;
it never touches Qt. Network work happens in the caller's thread (the GUI runs it
on a worker thread) plus ``concurrency`` upload threads of its own.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import cached_property, partial
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from app.config import StationConfig
from app.domain.enums import AuditAction, CentralStatus, OutboxState
from app.storage.blobs import BlobStore
from app.storage.db import Database
from app.storage.models import AuditEvent, OutboxEntry
from app.sync import outbox, state
from app.sync.central_config import (
    CentralConfigRefused,
    CentralConfigResult,
    StationValidator,
    apply_central_config,
)
from app.sync.client import HubClient
from app.sync.errors import SyncError, SyncErrorKind
from app.sync.hub_signing import knows_hub_signing_key, remember_hub_signing_key
from app.sync.keys import (
    Registration,
    load_or_create_station_key,
    load_registration,
    require_registration,
    save_registration,
    station_public_b64,
)
from app.sync.last_sync import last_successful_sync, record_successful_sync
from app.sync.pull import PullReport, pull_all
from app.sync.resend import FailedPacket, failed_packets
from app.sync.retention import apply_retention
from app.sync.sealing import purge_sealed_plaintext, seal_enrolment, unsealed_enrolment_uuids
from app.sync.settings import SyncSettings
from app.sync.status_report import build_status_report, send_status_report
from app.sync.storage_steps import StorageRunner, run_here
from app.sync.summary import SyncSummary
from app.sync.uploader import PacketUploader, TransferCounters
from app.timezones import utc_now
from drivers.errors import StationError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncProgress:
    """Where a sync run is: packets and bytes done of the total, and an estimate of the time left."""

    packets_done: int
    packets_total: int
    bytes_done: int
    bytes_total: int
    elapsed_s: float
    seconds_left: float | None
    phase: str = "upload"  # seal, upload, status, pull, done


@dataclass(frozen=True)
class PacketResult:
    packet_uuid: str
    enrolment_uuid: str
    size: int
    ok: bool
    error: dict[str, str] | None = None


@dataclass(frozen=True)
class SyncReport:
    sent: tuple[PacketResult, ...]
    failed: tuple[PacketResult, ...]
    sealed: int
    awaiting_approval: int
    statuses_changed: int
    needs_action: int
    pull: PullReport | None
    retention_deleted: int
    bytes_sent: int
    bytes_resent: int
    duration_s: float
    errors: tuple[dict[str, str], ...] = field(default=())  # status poll / pull problems (non-fatal)
    config: CentralConfigResult | None = None  # the hub configuration applied (or refused) in this run
    status_report: dict[str, Any] | None = None  # {sent, at} or {sent: false, error}: never makes the run fail

    @property
    def ok(self) -> bool:
        return not self.failed and not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


class SyncService:
    """Seals saved enrolments and moves them to the hub; brings statuses, roster and config back."""

    def __init__(self, config: StationConfig, db: Database, blobs: BlobStore,
                 client_factory: Callable[[str, str], HubClient] | None = None, *,
                 on_registered: tuple[Callable[[Registration], None], ...] = (),
                 validate_config: StationValidator) -> None:
        """``validate_config`` checks a pulled configuration with every feature's parser before it is applied."""
        self.config = config
        self.validate_config = validate_config
        self.on_registered = on_registered  # e.g. wrap the data key for the office's recovery key
        self.db = db
        self.blobs = blobs
        self.settings = SyncSettings.from_config(config)
        self._client_factory = client_factory or (
            lambda url, token: HubClient(url, token, timeout_s=self.settings.timeout_s))

    @cached_property
    def station_key(self) -> Ed25519PrivateKey:
        return load_or_create_station_key(self.db, self.config.paths.data_dir / "keys")

    @property
    def registration(self) -> Registration | None:
        return load_registration(self.db)

    def hub_url(self, registration: Registration | None) -> str:
        """Where this station sends: ``[sync] hub_url`` when set, else the address it registered at."""
        return self.settings.hub_url or (registration.hub_url if registration else "")

    def client(self) -> HubClient:
        registration = require_registration(self.db)
        return self._client_factory(self.hub_url(registration), registration.token)

    # Sealing ---------------------------------------------------------------

    def on_saved(self, enrolment_uuid: str) -> None:
        """EnrolmentService hook: seal right after saving when the hub key is known.

        A failure here never undoes the save: the enrolment stays queued unsealed and
        is sealed at the next sync (the reason is logged).
        """
        registration = self.registration
        if registration is None:
            return
        try:
            seal_enrolment(self.db, self.blobs, registration, self.station_key,
                           self.config.identity.station_code, enrolment_uuid)
        except SyncError as error:
            log.warning("sync: enrolment %s stays unsealed until the next sync: %s", enrolment_uuid, error.code)

    def seal_pending(self, errors: list[dict[str, str]] | None = None) -> int:
        """Seal everything queued before registration; finish interrupted plaintext deletions.

        An enrolment that cannot be sealed (missing record, full disk) stays queued with
        its plaintext; its error goes to ``errors`` when given, else it is raised.
        """
        registration = require_registration(self.db)
        purge_sealed_plaintext(self.db, self.blobs)
        sealed = 0
        for enrolment_uuid in unsealed_enrolment_uuids(self.db):
            try:
                packet = seal_enrolment(self.db, self.blobs, registration, self.station_key,
                                        self.config.identity.station_code, enrolment_uuid)
            except StationError as error:
                if errors is None:
                    raise
                log.warning("sync: enrolment %s could not be sealed: %s", enrolment_uuid, type(error).__name__)
                errors.append({**error.to_dict(), "enrolment_uuid": enrolment_uuid})
                continue
            sealed += packet is not None
        return sealed

    # Registration ------------------------------------------------------------

    def register(self, hub_url: str, code: str, *, storage: StorageRunner = run_here) -> Registration:
        """Register this station at the hub with a one-time code; keys are exchanged here.

        The network call runs in the caller's thread, each database step through ``storage``.

        Raises:
            SyncError: the hub is unreachable or refused the code.
        """
        hub_url = hub_url.rstrip("/")
        if not hub_url.startswith(("http://", "https://")):
            raise SyncError(SyncErrorKind.REFUSED, "Alamat server pusat harus diawali http:// atau https://.",
                            "The hub address must start with http:// or https://.", code="bad_url")
        identity = self.config.identity
        public_key = storage(lambda: station_public_b64(self.station_key))
        with self._client_factory(hub_url, "") as client:
            answer = client.register(code.strip().upper(), identity.station_code, identity.name, public_key)
        try:
            registration = Registration(hub_url=hub_url, station_id=str(answer["station_id"]),
                                        token=str(answer["token"]), hub_public_key=str(answer["hub_public_key"]),
                                        site_code=str(answer.get("site_code", "")),
                                        registered_at=utc_now().isoformat())
            registration.hub_key  # noqa: B018 (validates the key before it is stored)
        except KeyError as exc:
            raise SyncError(SyncErrorKind.PROTOCOL, "Jawaban pendaftaran tidak lengkap.",
                            "The registration answer is incomplete.", code="bad_answer") from exc
        storage(lambda: self._store_registration(registration, answer.get("hub_signing_key")))
        return registration

    def _store_registration(self, registration: Registration, hub_signing_key: Any) -> None:
        save_registration(self.db, registration)
        remember_hub_signing_key(self.db, hub_signing_key)
        for hook in self.on_registered:
            hook(registration)
        self._audit(AuditAction.STATION_REGISTERED, registration.station_id,
                    {"hub_url": registration.hub_url, "site_code": registration.site_code})
        self.seal_pending([])  # what cannot be sealed now is retried (and reported) by the next sync

    # Sending -----------------------------------------------------------------

    def hub_reachable(self, *, storage: StorageRunner = run_here) -> bool:
        """A quick health check (used before automatic background sending)."""
        registration = storage(lambda: self.registration)
        if registration is None:
            return False
        try:
            with self._client_factory(self.hub_url(registration), registration.token) as client:
                return bool(client.health().get("ok"))
        except SyncError:
            return False

    def sync_now(self, progress: Callable[[SyncProgress], None] | None = None, *,
                 respect_backoff: bool = False, pull: bool = True, storage: StorageRunner = run_here) -> SyncReport:
        """Send every waiting packet (oldest first), then poll statuses, pull, apply retention.

        ``respect_backoff`` is for automatic sending; a person pressing "send" sends everything.
        The network calls run in the caller's thread (and the upload threads), every
        database and blob step through ``storage`` (the GUI's one storage thread).

        Raises:
            NotRegisteredError: the station has no hub yet.
        """
        started = time.monotonic()
        report_progress = progress or (lambda _p: None)
        errors: list[dict[str, str]] = []

        def prepare() -> tuple[int, list[outbox.DuePacket], Registration]:
            sealed = self.seal_pending(errors)
            due = outbox.due_packets(self.db, require_approval=self.settings.require_approval,
                                     respect_backoff=respect_backoff)
            return sealed, due, require_registration(self.db)

        sealed, due, registration = storage(prepare)
        bytes_total = sum(d.size for d in due)
        counters = TransferCounters()
        done: list[PacketResult] = []
        failed: list[PacketResult] = []

        def emit(phase: str = "upload") -> None:
            elapsed = time.monotonic() - started
            rate = counters.acknowledged / elapsed if elapsed > 0 and counters.acknowledged else 0.0
            left = (bytes_total - counters.acknowledged) / rate if rate else None
            report_progress(SyncProgress(len(done) + len(failed), len(due), counters.acknowledged, bytes_total,
                                         elapsed, left, phase))

        emit()
        with self._client_factory(self.hub_url(registration), registration.token) as client:
            uploader = PacketUploader(client, self.db, self.blobs, self.settings, counters, on_bytes=lambda _n: emit(),
                                      storage=storage)

            def send(item: outbox.DuePacket) -> PacketResult:
                try:
                    receipt = uploader.upload(item)
                except StationError as error:
                    storage(partial(outbox.mark_failed, self.db, item.entry_id, error,
                                    base_s=self.settings.backoff_base_s, max_s=self.settings.backoff_max_s))
                    return PacketResult(item.packet_uuid, item.enrolment_uuid, item.size, False, error.to_dict())
                storage(lambda: outbox.mark_sent(self.db, item.entry_id, receipt))
                return PacketResult(item.packet_uuid, item.enrolment_uuid, item.size, True)

            with ThreadPoolExecutor(max_workers=self.settings.concurrency, thread_name_prefix="sync-upload") as pool:
                for result in pool.map(send, due):
                    (done if result.ok else failed).append(result)
                    emit()
            emit("status")
            changed = needs_action = 0
            try:
                changed, needs_action = self._poll(client, storage)
            except SyncError as error:
                errors.append(error.to_dict())
            pull_report = None
            registration = storage(lambda: require_registration(self.db))
            if pull:
                emit("pull")
                try:
                    pull_report = pull_all(self.db, client, registration.site_code, storage=storage, errors=errors)
                except SyncError as error:
                    errors.append(error.to_dict())
            status_report = self._report_status(client, storage)
        config_result, deleted, awaiting = storage(lambda: self._after_transfer(errors))
        report = SyncReport(tuple(done), tuple(failed), sealed, awaiting, changed, needs_action, pull_report, deleted,
                            counters.acknowledged, counters.resent, time.monotonic() - started, tuple(errors),
                            config_result, status_report)
        storage(lambda: self._record_run(report))
        emit("done")
        return report

    def _report_status(self, client: HubClient, storage: StorageRunner) -> dict[str, Any]:
        """Send the station's status report; its failure is noted, never an error of the sync."""
        try:
            report = storage(lambda: build_status_report(self.db, require_approval=self.settings.require_approval))
        except StationError as error:
            log.warning("sync: status report not built: %s", error.message_en)
            return {"sent": False, "error": error.to_dict()}
        return send_status_report(client, report)

    def _after_transfer(self, errors: list[dict[str, str]]) -> tuple[CentralConfigResult | None, int, int]:
        """The storage step after the network: the hub configuration, retention, what still awaits approval."""
        config_result = None
        try:
            config_result = self.apply_hub_config()
        except StationError as error:  # the local file cannot be read or written: tried again next run
            errors.append(error.to_dict())
        deleted = apply_retention(self.db, self.blobs, self.settings.retention_days)
        awaiting = outbox.waiting_counts(self.db, require_approval=self.settings.require_approval)["awaiting_approval"]
        return config_result, deleted, awaiting

    def _record_run(self, report: SyncReport) -> None:
        if report.ok:  # every due packet went and the hub answered: the registration freeze's sync clock restarts
            record_successful_sync(self.db)
        self._audit(AuditAction.SYNC, "", {"sent": len(report.sent), "failed": len(report.failed),
                                           "bytes": report.bytes_sent})

    # Statuses ------------------------------------------------------------------

    def poll_statuses(self) -> int:
        """Ask the hub for the status of every sent packet; returns how many changed."""
        with self.client() as client:
            return self._poll(client, run_here)[0]

    def _poll(self, client: HubClient, storage: StorageRunner) -> tuple[int, int]:
        uuids, knows_key = storage(self._unconfirmed)
        changed = 0
        batches = [uuids[start : start + 1000] for start in range(0, len(uuids), 1000)]
        if not batches and not knows_key:
            batches = [[]]  # one empty status call brings the hub's receipt key (hand-over receipts)
        for batch in batches:
            reply = client.statuses(batch)
            changed += storage(partial(self._apply_statuses, reply))
        return changed, storage(self._needs_action)

    def _unconfirmed(self) -> tuple[list[str], bool]:
        """Sent packets the hub has not confirmed yet, and whether the hub's receipt key is known."""
        with self.db.session() as session:
            uuids = list(session.scalars(select(OutboxEntry.packet_uuid).where(
                OutboxEntry.state == OutboxState.SENT,
                OutboxEntry.confirmed_at.is_(None))))
        return uuids, knows_hub_signing_key(self.db)

    def _apply_statuses(self, reply: dict[str, Any]) -> int:
        remember_hub_signing_key(self.db, reply.get("hub_signing_key"))
        changed = 0
        for packet_uuid, info in reply.get("statuses", {}).items():
            try:
                status = CentralStatus(info.get("status"))
            except (ValueError, AttributeError):
                continue
            changed += outbox.apply_central_status(self.db, packet_uuid, status)
        return changed

    def _needs_action(self) -> int:
        with self.db.session() as session:
            return sum(1 for s in session.scalars(select(OutboxEntry.central_status).where(
                OutboxEntry.central_status.is_not(None))) if s is not None and s.needs_action)

    def requeue(self, reference: str) -> outbox.Requeued:
        """Put a failed packet back in the queue (packet or enrolment UUID). Raises NothingToResendError."""
        requeued = outbox.requeue(self.db, reference)
        self._audit(AuditAction.SYNC, requeued.packet_uuid, {"resend": True, "was": requeued.was_state.value,
                                                            "central_status": requeued.was_central_status})
        return requeued

    def failed_packets(self) -> list[FailedPacket]:
        """What "kirim ulang" applies to, with who each packet is (see ``app.sync.resend``)."""
        return failed_packets(self.db)

    def summary(self) -> SyncSummary:
        """Counts for the GUI and ``station sync --status``: waiting, sent, failed, last sync."""
        registration = self.registration
        last = last_successful_sync(self.db)
        return SyncSummary(
            registered=registration is not None,
            hub_url=self.hub_url(registration),
            site_code=registration.site_code if registration else "",
            last_sync_at=last.isoformat() if last else None,
            hub_config=state.get_json(self.db, state.CONFIG_APPLIED_KEY),
            **outbox.waiting_counts(self.db, require_approval=self.settings.require_approval),
        )

    def hub_config(self) -> dict[str, Any] | None:
        """The station configuration last pulled from the hub (see ``apply_hub_config``)."""
        pulled: dict[str, Any] | None = state.get_json(self.db, state.HUB_CONFIG_KEY)
        return pulled

    def apply_hub_config(self) -> CentralConfigResult | None:
        """Apply the pulled hub configuration once per version: whitelisted keys, validated, written atomically.

        A refused version is remembered (and reported once); a local read/write
        failure is raised and the version is tried again at the next sync. The
        ``[sync]`` policy takes effect at once, other tables at the next start.

        Raises:
            ConfigError / StorageError: station.toml cannot be read or written.
        """
        version = int(state.get_json(self.db, state.CONFIG_CHECKPOINT_KEY, 0))
        handled = state.get_json(self.db, state.CONFIG_APPLIED_KEY) or {}
        if version <= 0 or int(handled.get("version", 0)) >= version:
            return None
        data = self.hub_config()
        try:
            result, new_config = apply_central_config(self.config, version, data, self.validate_config)
        except CentralConfigRefused as error:
            log.warning("sync: hub configuration version %d refused: %s", version, error.message_en)
            path = str(self.config.path or self.config.paths.config_file)
            state.put_json(self.db, state.CONFIG_APPLIED_KEY,
                           {"version": version, "refused": error.to_dict(), "at": utc_now().isoformat()})
            return CentralConfigResult(version, (), (), path, refused=error.to_dict())
        state.put_json(self.db, state.CONFIG_APPLIED_KEY,
                       {"version": version, "changed": list(result.changed), "at": utc_now().isoformat()})
        if result.changed:
            self.config = new_config
            self.settings = SyncSettings.from_config(new_config)
            self._audit(AuditAction.SETTINGS_CHANGED, "hub-config",
                        {"source": "hub", "config_version": version, "changed": list(result.changed),
                         "restart_needed": list(result.restart_needed), "file": result.path})
            log.info("sync: hub configuration version %d applied: %s", version, ", ".join(result.changed))
        return result

    def _audit(self, action: AuditAction, subject: str, details: dict[str, Any]) -> None:
        with self.db.session() as session:
            session.add(AuditEvent(action=action, subject=subject[:100], details=details))

