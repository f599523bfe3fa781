"""The one wiring place: builds the station's object graph from configuration.

No module-level singletons: the CLI and the GUI each call :func:`build_station`
and pass the result (or parts of it) down. A station is built locked: its
stored data opens at an operator's log-in (``station.operators.authenticate``)
and closes again at :meth:`Station.lock` (docs/at-rest.md).
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from app.biometrics.duplicates import DuplicateChecker, DuplicateSettings
from app.config import StationConfig, load_config
from app.logging_setup import configure_logging
from app.quality.settings import QualitySettings
from app.services.applicants import ApplicantService
from app.services.approvals import ApprovalService
from app.services.audit_log import AuditLogService
from app.services.enrolment import EnrolmentService
from app.services.enrolment_types import EnrolmentSettings
from app.services.limits import StationLimits
from app.services.operator_prints import OperatorPrintsService
from app.services.operators import OperatorService
from app.services.planned_visits import PlannedVisitService
from app.services.selfcheck import SelfCheckService
from app.services.settings import PeopleSettings
from app.services.sites import SiteService
from app.settings import validate_station_data
from app.storage.audit_chain import AuditChain, attach_audit_chain, detach_audit_chain
from app.storage.blobs import BlobStore, SealedCodec
from app.storage.cleanup import StationProcessLock, remove_unreferenced_files
from app.storage.db import Database
from app.storage.vault import StationVault
from app.sync.keys import Registration, import_legacy_station_key
from app.sync.last_sync import last_successful_sync
from app.sync.sealing import purge_sealed_plaintext
from app.sync.service import SyncService
from app.timezones import utc_now

log = logging.getLogger(__name__)


@dataclass
class Station:
    """Everything a running station needs, built once at start."""

    config: StationConfig
    db: Database
    blobs: BlobStore
    vault: StationVault
    log_file: Path | None = None
    process_lock: StationProcessLock | None = None
    audit_chain: AuditChain | None = None
    cleaned_up: bool = False  # crash debris is a previous process's: cleared at this process's first unlock

    def close(self) -> None:
        self.lock()
        if self.process_lock is not None:
            self.process_lock.release()

    # The lock ---------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return not self.vault.unlocked

    def subkey(self, purpose: str) -> bytes:
        """A 32-byte HKDF-SHA256 subkey of the unlocked data key for ``purpose`` (``audit-chain``, ``backup``…).

        Raises:
            StationLockedError: nobody is logged in.
        """
        return self.vault.subkey(purpose)

    def lock(self) -> None:
        """Log-out: close the database, forget the blob key, zero the data key, drop every service's caches."""
        if self.audit_chain is not None:
            detach_audit_chain(self.db, self.audit_chain)
            self.audit_chain = None
        self.vault.lock()
        for name in _CACHED_SERVICES:
            self.__dict__.pop(name, None)

    # Services: one cached_property each, built on first use from config, db and blobs.

    @cached_property
    def people_settings(self) -> PeopleSettings:
        """``[operators]``, ``[eligibility]`` and ``[documents]`` from the configuration."""
        return PeopleSettings.from_config(self.config)

    @cached_property
    def quality_settings(self) -> QualitySettings:
        """``[quality]``, parsed once for recording, self-checks and the GUI's live checks."""
        return QualitySettings.from_config(self.config)

    @cached_property
    def operators(self) -> OperatorService:
        """Accounts and log-in: the one service that works while the station is locked (kept at log-out)."""
        return OperatorService(self.db, self.people_settings.login, vault=self.vault)

    @cached_property
    def sites(self) -> SiteService:
        identity = self.config.identity
        return SiteService(self.db, station_code=identity.station_code, timezone_name=identity.timezone)

    @cached_property
    def planned_visits(self) -> PlannedVisitService:
        """The office's plan for this station (pulled at sync) and starting the day's visit from it."""
        return PlannedVisitService(self.db, self.sites)

    @cached_property
    def applicants(self) -> ApplicantService:
        return ApplicantService(self.db, self.people_settings, timezone_name=self.config.identity.timezone)

    @cached_property
    def sync(self) -> SyncService:
        """Sealing, sending and pulling; ``sync.on_saved`` is EnrolmentService's on_saved hook."""
        return SyncService(self.config, self.db, self.blobs, on_registered=(self._wrap_for_office,),
                           validate_config=validate_station_data)

    def _wrap_for_office(self, registration: Registration) -> None:
        """At registration: the data key also wrapped under the hub's X25519 key (the office's recovery copy)."""
        keyring = self.vault.require_keyring()
        keyring.set_office(registration.hub_public_key, registration.station_id,
                           self.vault.data_key)
        keyring.save()

    @cached_property
    def enrolments(self) -> EnrolmentService:
        """Recording: drafts, captures, review, the atomic save (then the sync seals the packet)."""
        return EnrolmentService(
            self.db, self.blobs, self.quality_settings, self.config.identity,
            on_saved=(self.sync.on_saved,), settings=EnrolmentSettings.from_config(self.config),
            duplicates=DuplicateChecker(self.db, settings=DuplicateSettings.from_config(self.config)),
            start_guards=(self.limits.require_open,), document_rules=self.people_settings.documents,
        )

    @cached_property
    def approvals(self) -> ApprovalService:
        """Supervisor approval before sending (``station pending`` / ``station approve``)."""
        return ApprovalService(self.db, self.enrolments, self.config.identity.timezone,
                               lambda: self.sync.settings.require_approval)

    @cached_property
    def operator_prints(self) -> OperatorPrintsService:
        """Operators' own prints for the duplicate check (supervisor-approved, quality-gated)."""
        return OperatorPrintsService(self.db, self.enrolments)

    @cached_property
    def limits(self) -> StationLimits:
        """The registration freeze (``[limits]``): checked before every new enrolment and by ``station status``."""
        return self.build_limits()

    def build_limits(self, *, clock: Callable[[], dt.datetime] = utc_now,
                     disk_usage: Callable[[Path], Any] = shutil.disk_usage) -> StationLimits:
        """The limits check wired to this station; ``clock`` and ``disk_usage`` for tests and screenshots."""
        return StationLimits(self.config, self.db, require_approval=lambda: self.sync.settings.require_approval,
                             last_sync=lambda: last_successful_sync(self.db), clock=clock, disk_usage=disk_usage)

    @cached_property
    def audit_log(self) -> AuditLogService:
        """The audit log: list the events, verify the chain (``station audit``, the GUI's audit page)."""
        return AuditLogService(self.db, lambda: self.subkey("audit-chain"), self.config.identity.timezone)

    @cached_property
    def selfcheck(self) -> SelfCheckService:
        """Device self-checks (connect, identify, capture with quality) and their stored history."""
        return SelfCheckService(self.config, self.db, self.quality_settings)


_CACHED_SERVICES = tuple(name for name, value in vars(Station).items()
                         if isinstance(value, cached_property) and name not in ("operators", "people_settings",
                                                                                "quality_settings"))


def build_station(config: StationConfig | None = None, *, config_path: Path | None = None,
                  migrate: bool = True, log_to_file: bool = True) -> Station:
    """Load configuration and wire the services around a locked database (opened, and migrated, at log-in).

    Raises:
        ConfigError: the configuration file is invalid (every feature's table is parsed here).
    """
    config = config or load_config(config_path)
    validate_station_data(config.raw, config, config.path)  # every table now, not mid-session when first used
    config.paths.ensure()
    log_file = configure_logging(config.paths.log_dir) if log_to_file else None
    db = Database(config.database_url, locked=True)
    blobs = BlobStore(config.paths.blob_dir, SealedCodec())
    vault = StationVault(config.paths.data_dir, db, blobs, migrate=migrate, import_legacy_keys=import_legacy_station_key)
    station = Station(config=config, db=db, blobs=blobs, vault=vault, log_file=log_file,
                      process_lock=StationProcessLock(config.paths.data_dir))
    vault.on_unlock = lambda: _open_for_work(station, clean_up=migrate)
    log.info("station %s started (locked)", config.identity.station_code)
    return station


def _open_for_work(station: Station, *, clean_up: bool) -> None:
    """Right after each unlock: link the audit chain; at the first, alone on the data folder, finish what a crash interrupted."""
    station.audit_chain = chain = AuditChain(lambda: station.subkey("audit-chain"))
    attach_audit_chain(station.db, chain)
    assert station.process_lock is not None
    if clean_up:
        chain.adopt_legacy_events(station.db)
        # alone on the folder: no other station process is between a write and its commit
        if not station.cleaned_up and station.process_lock.acquire_for_cleanup():
            purge_sealed_plaintext(station.db, station.blobs)  # a crash mid-purge left sealed plaintext behind
            remove_unreferenced_files(station.db, station.blobs, station.config.paths.data_dir)
            station.cleaned_up = True
    station.process_lock.hold_shared()
