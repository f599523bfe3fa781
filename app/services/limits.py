"""Registration freeze (MOSIP-like): recording stops while the station is past one of its ``[limits]``.

The limits protect the records already taken: too many waiting for the
supervisor, one waiting too long, too long without reaching the hub, or too
little disk left. Each breach carries its reason and what to do, in Bahasa
Indonesia and English. Nothing is unlocked by hand: approving records, syncing
and freeing disk lift the freeze by themselves.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.config import StationConfig, reject_unknown_keys
from app.domain.enums import EnrolmentStatus
from app.errors import ConfigError, StationError
from app.storage.db import Database
from app.storage.models import Enrolment
from app.timezones import format_local, utc_now

GIB = 1024**3
MIB = 1024**2
# Saved (not draft, not withdrawn) enrolments: the first of them starts the sync clock of a never-synced station.
_NOT_SAVED = (EnrolmentStatus.DRAFT, EnrolmentStatus.CANCELLED)


@dataclass(frozen=True)
class LimitsSettings:
    """``[limits]``; 0 switches one limit off."""

    max_pending_approval: int = 100  # records waiting for the supervisor
    max_pending_days: int = 50  # age of the oldest record waiting for the supervisor
    max_days_since_sync: int = 5  # since the last successful sync (never synced: since the first enrolment)
    min_free_disk_mib: int = 1024  # free space in the data directory

    @classmethod
    def from_config(cls, config: StationConfig) -> LimitsSettings:
        """Read ``[limits]``.

        Raises:
            ConfigError: an unknown key, or a value that is not a whole number 0–1,000,000.
        """
        table: dict[str, Any] = config.section("limits")
        reject_unknown_keys("limits", table, cls.__dataclass_fields__)
        values = {}
        for name in cls.__dataclass_fields__:
            value = table.get(name, getattr(cls, name))
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
                raise ConfigError(f"[limits] {name} harus bilangan bulat 0–1000000 (0 = mati), bukan {value!r}.",
                                  f"[limits] {name} must be a whole number 0–1000000 (0 = off), not {value!r}.")
            values[name] = value
        return cls(**values)


@dataclass(frozen=True)
class LimitBreach:
    """One limit the station is past: what, the measured value and the limit, why it matters and what to do."""

    code: str  # pending_approval, pending_age, sync_age, free_disk
    value: float
    limit: float
    message_id: str
    message_en: str
    action_id: str
    action_en: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class LimitsReport:
    """The measured values and every breached limit; recording is frozen while ``breaches`` is not empty."""

    checked_at: dt.datetime
    require_approval: bool
    pending_approval: int
    oldest_pending_at: dt.datetime | None
    last_sync_at: dt.datetime | None
    sync_clock_since: dt.datetime | None  # last sync, or the first enrolment when never synced
    free_disk_bytes: int
    breaches: tuple[LimitBreach, ...]

    @property
    def frozen(self) -> bool:
        return bool(self.breaches)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["breaches"] = [b.to_dict() for b in self.breaches]
        for key in ("checked_at", "oldest_pending_at", "last_sync_at", "sync_clock_since"):
            data[key] = data[key].isoformat() if data[key] else None
        return {**data, "frozen": self.frozen}


class RegistrationFrozenError(StationError):
    """EnrolmentService.start while the station is past a limit; ``report`` says which and what to do."""

    def __init__(self, report: LimitsReport) -> None:
        self.report = report
        super().__init__(
            "Perekaman dibekukan: " + " ".join(b.message_id for b in report.breaches),
            "Recording is frozen: " + " ".join(b.message_en for b in report.breaches),
            action_id=" ".join(b.action_id for b in report.breaches),
            action_en=" ".join(b.action_en for b in report.breaches),
        )


class StationLimits:
    """Measures the station against ``[limits]``; ``require_open`` is EnrolmentService's start guard."""

    def __init__(self, config: StationConfig, db: Database, *, require_approval: Callable[[], bool],
                 last_sync: Callable[[], dt.datetime | None], clock: Callable[[], dt.datetime] = utc_now,
                 disk_usage: Callable[[Path], Any] = shutil.disk_usage) -> None:
        """``require_approval`` and ``last_sync`` are asked at each check: the hub may change the one, a sync the other."""
        self.config = config
        self.db = db
        self.require_approval = require_approval
        self.last_sync = last_sync
        self.settings = LimitsSettings.from_config(self.config)
        self.clock = clock
        self.disk_usage = disk_usage

    def check(self) -> LimitsReport:
        """Measure now; every breached limit is in ``breaches`` (empty when recording may go on)."""
        now = self.clock()
        require_approval = self.require_approval()  # the hub may change it at a sync
        with self.db.session() as session:
            pending, oldest = session.execute(
                select(func.count(Enrolment.id), func.min(Enrolment.captured_at))
                .where(Enrolment.status == EnrolmentStatus.BIO_CAPTURED)).one()
            first_saved = session.scalar(select(func.min(Enrolment.captured_at))
                                         .where(Enrolment.status.not_in(_NOT_SAVED)))
        if not require_approval:
            pending, oldest = 0, None
        last_sync = self.last_sync()
        clock_since = last_sync or first_saved
        free = int(self.disk_usage(self.config.paths.data_dir).free)
        breaches = [b for b in (
            self._pending(int(pending)),
            self._pending_age(oldest, now),
            self._sync_age(last_sync, clock_since, now),
            self._disk(free),
        ) if b is not None]
        return LimitsReport(now, require_approval, int(pending), oldest, last_sync, clock_since, free,
                            tuple(breaches))

    def require_open(self) -> None:
        """Raise when recording is frozen (called before a new enrolment starts).

        Raises:
            RegistrationFrozenError: one or more limits are breached.
        """
        report = self.check()
        if report.frozen:
            raise RegistrationFrozenError(report)

    # one limit each ---------------------------------------------------------
    def _pending(self, pending: int) -> LimitBreach | None:
        limit = self.settings.max_pending_approval
        if not limit or pending < limit:
            return None
        return LimitBreach(
            "pending_approval", pending, limit,
            f"{pending} rekaman menunggu persetujuan supervisor (batas {limit}).",
            f"{pending} records are waiting for the supervisor's approval (limit {limit}).",
            "Supervisor menyetujui rekaman: station pending, lalu station approve.",
            "A supervisor approves the records: station pending, then station approve.")

    def _pending_age(self, oldest: dt.datetime | None, now: dt.datetime) -> LimitBreach | None:
        limit = self.settings.max_pending_days
        if not limit or oldest is None:
            return None
        days = (now - oldest) / dt.timedelta(days=1)
        if days < limit:
            return None
        when = format_local(oldest, self.config.identity.timezone)
        return LimitBreach(
            "pending_age", round(days, 1), limit,
            f"Rekaman tertua yang menunggu persetujuan diambil {int(days)} hari lalu ({when}; batas {limit} hari).",
            f"The oldest record waiting for approval was taken {int(days)} days ago ({when}; limit {limit} days).",
            "Supervisor menyetujui atau membatalkan rekaman lama: station approve --all-pending.",
            "A supervisor approves or cancels the old records: station approve --all-pending.")

    def _sync_age(self, last_sync: dt.datetime | None, since: dt.datetime | None,
                  now: dt.datetime) -> LimitBreach | None:
        limit = self.settings.max_days_since_sync
        if not limit or since is None:
            return None
        days = (now - since) / dt.timedelta(days=1)
        if days < limit:
            return None
        if last_sync is None:
            message_id = f"Stasiun belum pernah terkirim ke pusat sejak perekaman pertama {int(days)} hari lalu"
            message_en = f"The station has never synced with the hub since its first enrolment {int(days)} days ago"
        else:
            when = format_local(last_sync, self.config.identity.timezone)
            message_id = f"Pengiriman terakhir yang berhasil ke pusat {int(days)} hari lalu ({when})"
            message_en = f"The last successful sync with the hub was {int(days)} days ago ({when})"
        return LimitBreach(
            "sync_age", round(days, 1), limit, f"{message_id} (batas {limit} hari).", f"{message_en} (limit {limit} days).",
            "Sambungkan ke jaringan kantor lalu jalankan station sync (atau halaman Kirim ke pusat).",
            "Connect to the office network, then run station sync (or the sync page).")

    def _disk(self, free: int) -> LimitBreach | None:
        limit = self.settings.min_free_disk_mib
        if not limit or free >= limit * MIB:
            return None
        return LimitBreach(
            "free_disk", round(free / MIB, 1), limit,
            f"Ruang disk kosong tinggal {free / MIB:.0f} MiB (minimal {limit} MiB).",
            f"Only {free / MIB:.0f} MiB of disk space is free (at least {limit} MiB needed).",
            "Kirim data ke pusat agar paket lama dihapus, lalu hapus berkas lain yang tidak perlu.",
            "Sync so confirmed packets are deleted, then remove other files that are not needed.")
