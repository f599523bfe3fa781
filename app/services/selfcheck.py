"""Device self-checks: connect, identify, one capture round trip with its quality, disconnect.

Every configured device is checked in turn; each failure carries its reason and
what the operator should do (reconnect the cable, clean the sensor glass ...).
Results are stored with a timestamp in ``selfcheck_results`` so the history
shows when a scanner started to degrade. The CLI and the GUI share this service.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.config import StationConfig
from app.domain.enums import AuditAction
from app.quality.face import assess_face
from app.quality.finger import assess_finger
from app.quality.iris import assess_iris
from app.quality.report import QualityReport
from app.quality.settings import QualitySettings
from app.services.audit import record_audit
from app.services.devices import ConfiguredDevice, configured_devices, create_configured_device
from app.storage.db import Database
from app.storage.models import SelfCheckResult
from drivers.base import Device
from drivers.camera.base import Camera
from drivers.errors import DeviceError, DeviceUnsupportedError, StationError
from drivers.fingerprint.base import FingerPosition, FingerprintScanner
from drivers.iris.base import Eye, IrisScanner
from drivers.signature.base import SignaturePad

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
_CAPTURE_TIMEOUT_S = 10.0
_PEN_POINTS = 20


# What to do when a capture works but its quality is poor: usually dirt.
_LOW_QUALITY_ADVICE: dict[str, tuple[str, str]] = {
    "fingerprint": ("Bersihkan kaca sensor sidik jari dengan kain lembut dan alkohol, lalu ulangi uji.",
                    "Clean the fingerprint sensor glass with a soft cloth and alcohol, then run the check again."),
    "iris": ("Bersihkan jendela pemindai iris dan pastikan mata berada di jarak yang ditunjukkan.",
             "Clean the iris scanner window and hold the eyes at the indicated distance."),
    "camera": ("Bersihkan lensa kamera, periksa fokus dan lampu.",
               "Clean the camera lens, check the focus and the lamp."),
    "signature": ("Bersihkan permukaan pad dan ujung pena, lalu ulangi.",
                  "Clean the pad surface and the pen tip, then retry."),
}


@dataclass(frozen=True)
class SelfCheckItem:
    """One device's result in a run."""

    family: str
    backend: str
    ok: bool
    latency_s: float | None = None
    quality: float | None = None
    details: str = ""
    info: dict[str, str] | None = None
    error: dict[str, str] | None = None

    @property
    def action_id(self) -> str:
        return (self.error or {}).get("action_id", "")

    @property
    def action_en(self) -> str:
        return (self.error or {}).get("action_en", "")

    def to_dict(self) -> dict[str, Any]:
        return {"family": self.family, "backend": self.backend, "ok": self.ok, "latency_s": self.latency_s,
                "quality": self.quality, "details": self.details, "info": self.info, "error": self.error}


@dataclass(frozen=True)
class SelfCheckRun:
    run_uuid: str
    at: dt.datetime
    results: tuple[SelfCheckItem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return bool(self.results) and all(r.ok for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        return {"run_uuid": self.run_uuid, "at": self.at.isoformat(), "ok": self.ok,
                "results": [r.to_dict() for r in self.results]}


@dataclass(frozen=True)
class SelfCheckRecord:
    """One stored result, for the history."""

    run_uuid: str
    at: dt.datetime
    family: str
    backend: str
    ok: bool
    latency_s: float | None
    quality: float | None
    details: str
    error: dict[str, str] | None
    device_info: dict[str, str] | None

    def to_dict(self) -> dict[str, Any]:
        return {"run_uuid": self.run_uuid, "at": self.at.isoformat(), "family": self.family,
                "backend": self.backend, "ok": self.ok, "latency_s": self.latency_s, "quality": self.quality,
                "details": self.details, "error": self.error, "device_info": self.device_info}


class LowQualityError(StationError):
    """The round trip worked but the sample is too poor: the sensor is probably dirty."""


class SelfCheckService:
    """Runs and records device self-checks for the station's configured devices."""

    def __init__(self, config: StationConfig, db: Database, quality_settings: QualitySettings) -> None:
        self.config = config
        self.db = db
        self.quality_settings = quality_settings

    # running ---------------------------------------------------------------------
    def run(self, progress: Progress | None = None) -> SelfCheckRun:
        """Check every configured device in turn and store the results.

        ``progress(family, done, total)`` is called before each device and once at the end.
        """
        run = self.check_all(progress)
        self.store(run)
        return run

    def check_all(self, progress: Progress | None = None) -> SelfCheckRun:
        """Open, check and close every configured device in turn (the CLI's self-check), touching no storage.

        The GUI, whose device hub holds the devices open, checks them with :meth:`check_borrowed` instead.
        """
        rows = self.configured()
        total = len(rows)
        results: list[SelfCheckItem] = []
        for done, row in enumerate(rows):
            if progress:
                progress(row.family, done, total)
            if row.error is not None:
                results.append(self.misconfigured(row))
                continue
            try:
                device = create_configured_device(self.config, row.family)
            except StationError as exc:
                results.append(self.unavailable(row, exc))
                continue
            results.append(self.check_device(device))
        if progress:
            progress("", total, total)
        return self.new_run(results)

    def configured(self) -> list[ConfiguredDevice]:
        """The devices a run checks, in order (from the configuration; nothing is opened)."""
        return configured_devices(self.config)

    @staticmethod
    def misconfigured(row: ConfiguredDevice) -> SelfCheckItem:
        """The failed result of a device whose ``[devices.<family>]`` table is wrong."""
        assert row.error is not None
        return SelfCheckItem(row.family, row.backend, False, details=row.error["message_id"], error=row.error)

    @staticmethod
    def unavailable(row: ConfiguredDevice, error: StationError) -> SelfCheckItem:
        """The failed result of a device that could not even be built (its backend refused the settings)."""
        return SelfCheckItem(row.family, row.backend, False, details=error.localized("id"), error=error.to_dict())

    @staticmethod
    def new_run(results: Sequence[SelfCheckItem]) -> SelfCheckRun:
        """One run of results, stamped now."""
        return SelfCheckRun(str(uuid.uuid4()), dt.datetime.now(dt.UTC), tuple(results))

    def check_device(self, device: Device) -> SelfCheckItem:
        """Connect, identify, one capture with its quality, disconnect; never raises StationError."""
        return self._check(device, borrowed=False)

    def check_borrowed(self, device: Device) -> SelfCheckItem:
        """Identify and one capture with its quality on a device another owner holds open (the GUI's device hub).

        Run it on the owner's thread for that device. It is opened only when the owner has not reached it
        (disconnected), and never closed: a serial port cannot be opened twice. Never raises StationError.
        """
        return self._check(device, borrowed=True)

    def _check(self, device: Device, *, borrowed: bool) -> SelfCheckItem:
        info: dict[str, str] | None = None
        try:
            if not (borrowed and device.is_open):
                device.open()
            info = device.info().to_dict()
            started = time.monotonic()
            report, details = self._round_trip(device)
            latency = round(time.monotonic() - started, 3)
            quality = None if report is None or report.score is None else float(report.score)
            if report is not None and not report.passed:
                failed = "; ".join(c.guidance_en or c.name for c in report.checks if not c.passed)
                action_id, action_en = _LOW_QUALITY_ADVICE[device.family]
                raise LowQualityError(
                    f"Mutu hasil uji rendah ({report.score:.0f}/100).",
                    f"The test capture is of low quality ({report.score:.0f}/100): {failed}",
                    action_id=action_id, action_en=action_en,
                )
            return SelfCheckItem(device.family, device.backend_name, True, latency, quality, details, info)
        except StationError as exc:
            log.info("self-check %s failed: %s", device.family, type(exc).__name__)
            return SelfCheckItem(device.family, device.backend_name, False, details=exc.localized("id"),
                                 info=info, error=exc.to_dict())
        finally:
            if not borrowed:
                try:
                    device.close()
                except DeviceError:
                    log.warning("self-check: %s did not close cleanly", device.family)

    def _round_trip(self, device: Device) -> tuple[QualityReport | None, str]:
        """One family-specific capture and its quality report."""
        if isinstance(device, FingerprintScanner):
            singles = [p for p in device.supported_positions if p.is_single_finger]
            position = FingerPosition.RIGHT_INDEX if FingerPosition.RIGHT_INDEX in singles else min(
                singles or device.supported_positions)
            image = device.capture_finger(position, timeout=_CAPTURE_TIMEOUT_S)
            width, height = image.size
            report = assess_finger(image.pixels, position, self.quality_settings, ppi=image.ppi)
            return report, f"{position.slug} {width}x{height} @ {image.ppi} ppi, NFIQ 2 {report.score:.0f}"
        if isinstance(device, IrisScanner):
            eye = Eye.RIGHT if Eye.RIGHT in device.supported_eyes else Eye.LEFT
            image = device.capture_eye(eye, timeout=_CAPTURE_TIMEOUT_S)
            width, height = image.size
            report = assess_iris(image, self.quality_settings)
            return report, f"{eye.slug} {width}x{height}, quality {report.score:.0f}"
        if isinstance(device, Camera):
            frame = device.capture_still(timeout=_CAPTURE_TIMEOUT_S)
            width, height = frame.size
            report = assess_face(frame.image, settings=self.quality_settings)
            sharp = next((c for c in report.checks if c.name == "sharpness"), None)
            if sharp is None or sharp.value is None:
                return None, f"{width}x{height}, no face in view (lens not judged)"
            # A camera self-check judges the lens, not the person's pose or backdrop.
            return QualityReport.from_checks(report.modality, [sharp], score=report.score), (
                f"{width}x{height}, sharpness {sharp.value}")
        if isinstance(device, SignaturePad):
            ranges = device.ranges()
            device.start()
            try:
                points = [device.wait_point(timeout=_CAPTURE_TIMEOUT_S)]
                while len(points) < _PEN_POINTS:
                    points.append(device.wait_point(timeout=_CAPTURE_TIMEOUT_S))
            finally:
                device.stop()
            return None, (f"range {ranges.x_max}x{ranges.y_max}, pressure {ranges.pressure_max}; "
                          f"{len(points)} pen points")
        raise DeviceUnsupportedError(
            f"Uji perangkat belum mendukung jenis {device.family}.",
            f"The self-check does not support the {device.family} family yet.",
        )

    # storing and history ------------------------------------------------------------
    def store(self, run: SelfCheckRun) -> None:
        """Keep a run's results in the history, with its audit event."""
        with self.db.session() as session:
            for result in run.results:
                session.add(SelfCheckResult(
                    run_uuid=run.run_uuid, at=run.at, family=result.family, backend=result.backend,
                    ok=result.ok, latency_s=result.latency_s, quality=result.quality,
                    details=result.details, error=result.error, device_info=result.info,
                ))
            record_audit(session, AuditAction.SELFCHECK, subject=run.run_uuid, details={
                "ok": run.ok, "failed": [r.family for r in run.results if not r.ok],
            })

    def history(self, limit: int = 50) -> list[SelfCheckRecord]:
        """Stored results, newest first."""
        with self.db.session() as session:
            rows = session.scalars(
                select(SelfCheckResult).order_by(SelfCheckResult.at.desc(), SelfCheckResult.id.desc()).limit(limit)
            ).all()
            return [SelfCheckRecord(
                run_uuid=row.run_uuid, at=row.at, family=row.family, backend=row.backend, ok=row.ok,
                latency_s=row.latency_s, quality=row.quality, details=row.details or "",
                error=row.error, device_info=row.device_info,
            ) for row in rows]
