"""SIGKILL at random moments during save, seal and sync: no orphan file survives the next start, the
audit chain stays whole, and every saved enrolment reaches the real hub on loopback exactly once.

The fast test kills a station process that saves synthetic enrolments (the real atomic save, sealing
hook and upload); the ``slow`` one kills ``station demo enrol`` and ``station sync`` themselves.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli_w
from sqlalchemy import func, select

from app.bootstrap import Station
from app.config import from_mapping
from app.domain.enums import EnrolmentStatus
from app.paths import StationPaths
from app.storage.cleanup import TEMP_FILE, referenced_blobs
from app.storage.models import Applicant, Enrolment, OutboxEntry
from server.keys import init_hub_key
from server.local import LocalHub
from server.models import HubPacket
from tests.support.plaintext_scan import scan_for_plaintext
from tests.support.station import TEST_SUPERVISOR, unlocked_station

ROOT = Path(__file__).resolve().parents[3]
SITE = "SMAN-CONTOH-1"
SYNC_TABLE = {"chunk_size": 16384, "require_approval": False, "tries_per_run": 6, "timeout_s": 10.0,
              "backoff_base_s": 1.0}
FAST_DEVICES = {"camera": {"backend": "sim", "fps": 60.0}, "fingerprint": {"backend": "sim"},
                "iris": {"backend": "sim"}, "signature": {"backend": "sim", "speed": 50.0}}


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LocalHub]:
    data = tmp_path / "hub-data"
    init_hub_key(data)
    running = LocalHub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", data).start()
    yield running
    running.stop()


@pytest.fixture
def home(station_home: Path, hub: LocalHub) -> Path:
    """A registered station home whose processes the test starts and kills."""
    paths = StationPaths.default()
    paths.ensure()
    paths.config_file.write_text(tomli_w.dumps({"sync": SYNC_TABLE, "devices": FAST_DEVICES}), encoding="utf-8")
    station = open_station(station_home)
    try:
        assert hub.hub is not None
        station.sync.register(hub.url, hub.hub.invite(SITE))
    finally:
        station.close()
    return station_home


def open_station(home: Path) -> Station:
    paths = StationPaths(home / "config", home / "data", home / "logs")
    import tomllib

    data = tomllib.loads(paths.config_file.read_text(encoding="utf-8"))
    return unlocked_station(from_mapping(data, paths))


PHASES = ("start", "save", "seal", "sync")


def _read_until(process: subprocess.Popen, wanted: tuple[str, ...], times: int) -> None:
    """Read the process's step lines until ``times`` of them start with one of ``wanted`` (or it ends)."""
    assert process.stdout is not None
    seen = 0
    while seen < times:
        line = process.stdout.readline().decode()
        if not line:
            return
        seen += line.startswith(wanted)


def run_and_kill(argv: list[str], home: Path, rng: random.Random, phase: str, *, window_s: float) -> bool:
    """Start ``argv`` as a station process and SIGKILL it at a random moment of ``phase``; True when killed.

    ``start``: during the start itself (migrations, clean-up); ``save``: just after a save began;
    ``seal``: just after a save committed (sealing runs then); ``sync``: during the upload.
    """
    env = {**os.environ, "STATION_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    assert process.stdin is not None
    process.stdin.write(f"{TEST_SUPERVISOR[2]}\n".encode())  # the log-in of `--password-stdin` commands
    process.stdin.close()
    try:
        if phase == "save":
            _read_until(process, ("ready", "sealed"), rng.randint(1, 2))
        elif phase == "seal":
            _read_until(process, ("saved",), 1)
        elif phase == "sync":
            _read_until(process, ("ready",), 1)
            _read_until(process, ("sealed",), 1)
        time.sleep(rng.uniform(0.0, window_s))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            return True
        return False
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()


def synthetic_needles(station: Station) -> list[str]:
    """The NIKs and names of everyone recorded so far (read through the open station)."""
    with station.db.session() as session:
        people = session.execute(select(Applicant.nik, Applicant.name)).all()
    return [text for person in people for text in person if text]


def assert_clean_after_start(home: Path) -> None:
    """The next start leaves no unreferenced blob and no temp file, and the audit chain verifies."""
    station = open_station(home)  # the start runs the clean-up
    try:
        data_dir = station.config.paths.data_dir
        on_disk = {str(p.relative_to(station.blobs.root)) for p in station.blobs.root.rglob("*") if p.is_file()}
        assert on_disk == referenced_blobs(station.db), "orphan files survived the start"
        assert not [p for p in data_dir.rglob("*") if TEMP_FILE.match(p.name)], "temp files survived the start"
        report = station.audit_log.verify()
        assert report.ok, report.problem
        # nothing readable under the data folder: no image, record, template, NIK or synthetic name
        assert scan_for_plaintext(data_dir, synthetic_needles(station)) == []
    finally:
        station.close()


def saved_enrolments(home: Path) -> set[str]:
    station = open_station(home)
    try:
        with station.db.session() as session:
            return set(session.scalars(select(Enrolment.uuid).where(
                Enrolment.status.not_in((EnrolmentStatus.DRAFT, EnrolmentStatus.CANCELLED)))))
    finally:
        station.close()


def sync_to_the_end(home: Path) -> None:
    station = open_station(home)
    try:
        for _ in range(5):
            report = station.sync.sync_now(pull=False)
            if not report.failed and station.sync.summary().waiting == 0:
                break
        with station.db.session() as session:
            unsent = session.scalar(select(func.count()).select_from(OutboxEntry)
                                    .where(OutboxEntry.sent_at.is_(None)))
        assert unsent == 0
    finally:
        station.close()


def assert_at_the_hub_exactly_once(hub: LocalHub, saved: set[str]) -> None:
    assert hub.hub is not None
    with hub.hub.session() as session:
        packets = list(session.scalars(select(HubPacket)))
    complete = [p.enrolment_uuid for p in packets if p.complete]
    assert sorted(complete) == sorted(saved), "an enrolment is missing at the hub, or arrived twice"
    assert len(packets) == len(saved), "the hub holds packets for enrolments the station never saved"


def crash_round(rng: random.Random, serial: int) -> list[str]:
    return [sys.executable, "-m", "tests.support.crash_station", str(serial), str(rng.randint(1, 3))]


WINDOW_S = {"start": 4.0, "save": 0.15, "seal": 0.3, "sync": 1.0}


def test_sigkill_during_save_seal_and_sync_leaves_nothing_behind(home: Path, hub: LocalHub) -> None:
    rng = random.Random(int(os.environ.get("SIGKILL_SEED", "20261201")))
    rounds = [*PHASES, rng.choice(PHASES)]
    kills = 0
    for round_number, phase in enumerate(rounds):
        kills += run_and_kill(crash_round(rng, 100 * round_number), home, rng, phase, window_s=WINDOW_S[phase])
        assert_clean_after_start(home)
    assert kills >= 4, "the processes ended before the kill; the test did not test"
    sync_to_the_end(home)
    assert_clean_after_start(home)
    saved = saved_enrolments(home)
    assert saved, "nothing was saved between the kills"
    assert_at_the_hub_exactly_once(hub, saved)


@pytest.mark.slow
def test_sigkill_of_the_station_commands_during_enrolment_and_sync(home: Path, hub: LocalHub) -> None:
    rng = random.Random(int(os.environ.get("SIGKILL_SEED", "20261202")))
    login = ["--operator", TEST_SUPERVISOR[0], "--password-stdin"]
    station_cmd = [sys.executable, "-m", "ui.cli.main"]
    kills = 0
    for round_number in range(16):
        if round_number % 4 == 3:
            argv, phase, window_s = [*station_cmd, "sync", "--no-pull", *login], "start", 8.0
        elif round_number % 4 == 2:
            phase = rng.choice(PHASES)
            argv, window_s = crash_round(rng, 100 * round_number), WINDOW_S[phase]
        else:  # a demo enrolment takes seconds to minutes on a loaded machine: kill anywhere in it
            argv, phase, window_s = [*station_cmd, "demo", "enrol", "--count", "2", *login], "start", 60.0
        kills += run_and_kill(argv, home, rng, phase, window_s=window_s)
        assert_clean_after_start(home)
    assert kills >= 8
    sync_to_the_end(home)
    assert_clean_after_start(home)
    saved = saved_enrolments(home)
    assert saved
    assert_at_the_hub_exactly_once(hub, saved)
