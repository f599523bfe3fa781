"""``station demo enrol``: record synthetic applicants end to end through the services the GUI uses.

For demonstrations, training and benchmarks: a demo site, visit and operators
are created when missing; each applicant gets a valid synthetic NIK and is put
in front of the simulated devices (``set_subject``); captures go through the
quality gates with retries, forcing or exceptions as an operator would, then
review, duplicate check, standard record and outbox. No real person's data.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.config import StationConfig
from app.domain.enums import CaptureException, Modality, Role, SiteKind
from app.errors import InputError
from app.quality.face import assess_face
from app.quality.finger import assess_finger
from app.quality.iris import assess_iris
from app.quality.signature import assess_signature
from app.services.applicants import ApplicantService
from app.services.enrolment import EnrolmentService
from app.services.limits import StationLimits
from app.services.operators import OperatorService
from app.services.sites import SiteService
from app.timezones import utc_now
from drivers.base import Device
from drivers.errors import DeviceError
from drivers.fingerprint.base import TEN_FINGERS
from drivers.iris.base import Eye
from drivers.registry import create_device
from drivers.simulation import SimulatorControls

log = logging.getLogger(__name__)

DEMO_SITE = "DEMO - SMA Contoh Jemput Bola"
DEMO_REGION = "357301"  # Kota Malang, Kecamatan Blimbing
DEMO_OFFICER, DEMO_SUPERVISOR = "demo-petugas", "demo-supervisor"
FIRST_NAMES = ("ADI", "BUNGA", "CAHYO", "DEWI", "EKO", "FITRI", "GILANG", "HANA", "INDRA", "JELITA", "KURNIA", "LESTARI")
LAST_NAMES = ("PRATAMA", "SARI", "WIBOWO", "LESTARI", "SAPUTRA", "RAHAYU", "NUGROHO", "KUSUMA")
DEVICE_RETRIES = 3
SIGNATURE_POINTS = 400


@dataclass(frozen=True)
class DemoEnrolmentResult:
    uuid: str
    applicant_id: int
    subject_id: int
    seconds: float
    record_size: int
    possible_duplicate_of: str | None
    warnings: tuple[str, ...]
    forced: tuple[str, ...] = field(default_factory=tuple)
    exceptions: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _retry(action: Callable[[], Any]) -> Any:
    """A device call with a few retries (a simulated fault is a transient one)."""
    for attempt in range(DEVICE_RETRIES):
        try:
            return action()
        except DeviceError:
            if attempt == DEVICE_RETRIES - 1:
                raise
            log.info("device call failed; retrying")
    raise AssertionError("unreachable")


class DemoStation(Protocol):
    """What the demo drives, as an operator would: ``app.bootstrap.Station`` provides it."""

    @property
    def config(self) -> StationConfig: ...
    @property
    def operators(self) -> OperatorService: ...
    @property
    def sites(self) -> SiteService: ...
    @property
    def applicants(self) -> ApplicantService: ...
    @property
    def enrolments(self) -> EnrolmentService: ...
    @property
    def limits(self) -> StationLimits: ...


class DemoRecorder:
    """Drives the simulated devices and the enrolment service like an operator at a school."""

    def __init__(self, station: DemoStation, *, subject_offset: int = 1000) -> None:
        self.station = station
        self.enrolments: EnrolmentService = station.enrolments
        self.quality = self.enrolments.quality_settings
        self.subject_offset = subject_offset
        self.devices: dict[str, Device] = {}

    # set-up ----------------------------------------------------------------
    def open_devices(self) -> None:
        for family, settings in self.station.config.devices.items():
            device = create_device(family, settings)
            _retry(device.open)
            self.devices[family] = device

    def close_devices(self) -> None:
        for device in self.devices.values():
            device.close()
        self.devices.clear()

    def ensure_people(self) -> tuple[int, int, int, int]:
        """(officer, supervisor, site, visit) ids, created when missing."""
        operators = {o.username: o for o in self.station.operators.list_operators()}
        ids = []
        for username, role, name in ((DEMO_OFFICER, Role.OFFICER, "Petugas Demo"),
                                     (DEMO_SUPERVISOR, Role.SUPERVISOR, "Supervisor Demo")):
            operator = operators.get(username) or self.station.operators.create_operator(
                username, name, role, secrets.token_urlsafe(18))
            ids.append(operator.id)
        visit = self.station.sites.active_visit()
        if visit is None:
            sites = {s.name: s for s in self.station.sites.list_sites()}
            site_id = sites[DEMO_SITE].id if DEMO_SITE in sites else self.station.sites.create_site(
                DEMO_SITE, SiteKind.SCHOOL, region_code=DEMO_REGION).id
            visit = self.station.sites.open_visit(site_id, operator_ids=ids)
        return ids[0], ids[1], visit.site_id, visit.id

    def new_applicant(self, index: int, site_id: int, subject_id: int | None = None) -> int:
        """A synthetic 17-year-old with a valid, unused NIK.

        With ``subject_id`` the person is that synthetic subject everywhere: the same NIK, name
        and birth date on every station (so two stations can record the same people), unless
        this station already holds that NIK, when the next free serial is used.
        """
        today = utc_now().date()
        rng: random.Random = random.Random(subject_id) if subject_id is not None else secrets.SystemRandom()
        female = rng.random() < 0.5
        born = dt.date(today.year - 17, 1, 1) + dt.timedelta(days=rng.randrange(0, 300))
        day = born.day + (40 if female else 0)
        first_serial = 1 + rng.randrange(9000)
        if subject_id is not None:
            name = f"{FIRST_NAMES[subject_id % len(FIRST_NAMES)]} {LAST_NAMES[(subject_id // 7) % len(LAST_NAMES)]} DEMO"
        else:
            name = f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[(index // 3) % len(LAST_NAMES)]} DEMO"
        for serial in range(first_serial, 10000):
            nik = f"{DEMO_REGION}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
            if self.station.applicants.by_nik(nik) is None:
                return self.station.applicants.add_manual(nik, name, site_id=site_id, birth_place="MALANG").id
        raise InputError("Tidak ada NIK demo yang tersisa.", "No demo NIK is left.")

    # one applicant -----------------------------------------------------------
    def record(self, index: int, people: tuple[int, int, int, int], subject_id: int | None = None) -> DemoEnrolmentResult:
        officer_id, supervisor_id, site_id, visit_id = people
        started = time.perf_counter()
        applicant_id = self.new_applicant(index, site_id, subject_id)
        subject = subject_id if subject_id is not None else self.subject_offset + applicant_id
        for device in self.devices.values():
            if isinstance(device, SimulatorControls):
                device.present_subject(subject)
        applicant = self.station.applicants.get(applicant_id)
        uuid = self.enrolments.start(applicant_id, visit_id, officer_id)
        self._face(uuid, applicant.birth_date, applicant.citizenship)
        forced, exceptions = self._fingers(uuid, supervisor_id)
        self._irises(uuid)
        self._signature(uuid)
        result = self.enrolments.save(uuid)
        return DemoEnrolmentResult(uuid, applicant_id, subject, time.perf_counter() - started, result.record_size,
                                   result.possible_duplicate_of, tuple(f"{w.code}:{w.position}" for w in result.warnings),
                                   tuple(forced), tuple(exceptions))

    def _face(self, uuid: str, birth_date: dt.date, citizenship: str) -> None:
        camera = self.devices.get("camera")
        if camera is None:
            return
        best = None
        for _ in range(max(self.quality.max_attempts, 3)):
            frame = _retry(camera.capture_still)  # type: ignore[attr-defined]
            report = assess_face(frame.image, birth_date=birth_date, citizenship=citizenship, settings=self.quality)
            if best is None or (report.passed and not best[1].passed) or (report.score or 0) > (best[1].score or 0):
                best = (frame.image, report)
            if report.passed:
                break
        image, report = best
        self.enrolments.record_face(uuid, image, report)  # the service cuts the token image

    def _fingers(self, uuid: str, supervisor_id: int) -> tuple[list[str], list[str]]:
        scanner = self.devices.get("fingerprint")
        forced: list[str] = []
        exceptions: list[str] = []
        if scanner is None:
            return forced, exceptions
        card = set(self.quality.card_fingers)
        for position in TEN_FINGERS:
            outcome = None
            for _ in range(self.quality.max_attempts):
                image = _retry(lambda p=position: scanner.capture_finger(p))  # type: ignore[attr-defined]
                report = assess_finger(image.pixels, position, self.quality, ppi=image.ppi)
                outcome = self.enrolments.record_finger_attempt(uuid, position, image.pixels, report)
                if outcome.passed:
                    break
            if outcome is None or outcome.passed:
                continue
            if position in card:
                self.enrolments.mark_exception(uuid, Modality.FINGER, position, CaptureException.UNABLE_TO_PRINT,
                                               "demo: mutu sidik jari rendah", supervisor_id)
                exceptions.append(position.slug)
            elif outcome.may_force:
                self.enrolments.force_finger(uuid, position, supervisor_id)
                forced.append(position.slug)
        return forced, exceptions

    def _irises(self, uuid: str) -> None:
        scanner = self.devices.get("iris")
        if scanner is None:
            return
        for eye in Eye:
            best = None
            for _ in range(self.quality.max_attempts):
                image = _retry(lambda e=eye: scanner.capture_eye(e))  # type: ignore[attr-defined]
                report = assess_iris(image.pixels, self.quality)
                if best is None or (report.score or 0) > (best[1].score or 0):
                    best = (image.pixels, report)
                if report.passed:
                    break
            self.enrolments.record_iris(uuid, eye, *best)

    def _signature(self, uuid: str) -> None:
        pad = self.devices.get("signature")
        if pad is None:
            return
        ranges = pad.ranges()  # type: ignore[attr-defined]
        points = []
        pad.start()  # type: ignore[attr-defined]
        try:
            deadline = time.monotonic() + 10.0
            while len(points) < SIGNATURE_POINTS and time.monotonic() < deadline:
                try:
                    points.append(pad.wait_point(timeout=0.3))  # type: ignore[attr-defined]
                except DeviceError:
                    break
        finally:
            pad.stop()  # type: ignore[attr-defined]
        if points:
            self.enrolments.record_signature(uuid, points, ranges, assess_signature(points, ranges, self.quality))


def run_demo(station: DemoStation, count: int, *, progress: Callable[[DemoEnrolmentResult], None] | None = None,
             subject_ids: list[int] | None = None, repeat_first: bool = False,
             first_subject: int | None = None) -> list[DemoEnrolmentResult]:
    """Record ``count`` synthetic applicants; returns one result per saved enrolment.

    ``first_subject`` K records the synthetic people K, K+1, … (the same fingers, face, NIK
    and name on every station), so two stations can record the same people.
    ``repeat_first`` adds one more applicant with a new NIK but the first one's fingers,
    which the duplicate check must flag (for training).
    """
    if first_subject is not None and subject_ids is None:
        subject_ids = list(range(first_subject, first_subject + count))
    station.limits.require_open()  # a frozen station refuses before any demo person or applicant is added
    recorder = DemoRecorder(station)
    people = recorder.ensure_people()
    recorder.open_devices()
    results = []
    try:
        for index in range(count):
            subject = subject_ids[index] if subject_ids and index < len(subject_ids) else None
            result = recorder.record(index, people, subject)
            results.append(result)
            if progress is not None:
                progress(result)
        if repeat_first and results:
            result = recorder.record(count, people, results[0].subject_id)
            results.append(result)
            if progress is not None:
                progress(result)
    finally:
        recorder.close_devices()
    return results
