"""``station sync --resend UUID`` against a real hub on 127.0.0.1: what it did, or why it did nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.config import load_config
from app.domain.enums import CentralStatus, EnrolmentStatus, OutboxState
from app.storage.models import OutboxEntry
from app.sync.synthetic import add_synthetic_enrolment
from server.local import LocalHub
from tests.support.cli import station_cli
from tests.support.station import unlocked_station


@pytest.fixture
def sent_packet(hub: LocalHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str, str]:
    """A registered station whose one packet reached the hub; returns (config, packet UUID, enrolment UUID)."""
    assert hub.hub is not None
    config = tmp_path / "station.toml"
    config.write_text("[sync]\nrequire_approval = false\nchunk_size = 16384\ntries_per_run = 1\n", encoding="utf-8")
    assert station_cli("--config", str(config), "register", "--hub", hub.url, "--code", hub.hub.invite("S")) == 0
    station = unlocked_station(load_config(config))
    enrolment_uuid = add_synthetic_enrolment(station.db, station.blobs, serial=1)
    station.close()
    assert station_cli("--config", str(config), "sync", "--no-pull") == 0
    station = unlocked_station(load_config(config))
    with station.db.session() as session:
        packet_uuid = session.query(OutboxEntry.packet_uuid).one()[0]
    station.close()
    capsys.readouterr()
    return config, packet_uuid, enrolment_uuid


def _entry(config: Path) -> tuple[OutboxState, CentralStatus | None, EnrolmentStatus]:
    station = unlocked_station(load_config(config))
    try:
        with station.db.session() as session:
            entry = session.query(OutboxEntry).one()
            return entry.state, entry.central_status, entry.enrolment.status
    finally:
        station.close()


def test_a_packet_the_centre_failed_is_resent_and_the_status_follows(hub: LocalHub, sent_packet,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    config, packet_uuid, enrolment_uuid = sent_packet
    assert hub.hub is not None
    hub.hub.set_status(packet_uuid, "enroll_failure_at_central")
    assert station_cli("--config", str(config), "sync", "--no-pull") == 0
    assert _entry(config) == (OutboxState.SENT, CentralStatus.ENROLL_FAILURE_AT_CENTRAL,
                              EnrolmentStatus.ENROLL_FAILURE_AT_CENTRAL)
    capsys.readouterr()

    assert station_cli("--config", str(config), "sync", "--resend", enrolment_uuid, "--no-pull") == 0
    out = capsys.readouterr().out
    assert f"Dikirim ulang / resent: {packet_uuid}" in out and "gagal rekam di pusat" in out
    assert "enroll_failure" not in out
    assert _entry(config) == (OutboxState.SENT, CentralStatus.RECEIVED, EnrolmentStatus.SENT_FOR_ENROLLMENT)
    assert {p["packet_uuid"]: p["status"] for p in hub.hub.list_packets()}[packet_uuid] == "received"

    hub.hub.set_status(packet_uuid, "search_failure_at_central")
    assert station_cli("--config", str(config), "sync", "--no-pull") == 0
    capsys.readouterr()
    assert station_cli("--config", str(config), "sync", "--resend", packet_uuid, "--no-pull", "--json") == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["resend"] == {"packet_uuid": packet_uuid, "enrolment_uuid": enrolment_uuid, "was_state": "sent",
                                "was_central_status": "search_failure_at_central", "sent": True}


def test_nothing_to_resend_says_why_and_exits_non_zero(hub: LocalHub, sent_packet,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    config, packet_uuid, _enrolment = sent_packet
    assert station_cli("--config", str(config), "sync", "--resend", packet_uuid) == 2
    err = capsys.readouterr().err
    assert "pusat sudah menerimanya" in err and "the centre holds it" in err and "Traceback" not in err
    assert station_cli("--config", str(config), "sync", "--resend", "00000000-0000-0000-0000-000000000000") == 2
    assert "no packet or recording" in capsys.readouterr().err
    assert hub.hub is not None
    hub.hub.set_status(packet_uuid, "duplicate")
    assert station_cli("--config", str(config), "sync", "--no-pull") == 0
    capsys.readouterr()
    assert station_cli("--config", str(config), "sync", "--resend", packet_uuid, "--json") == 2
    answer = json.loads(capsys.readouterr().out)
    assert answer["ok"] is False and "ganda" in answer["message_id"]


def test_a_resend_that_cannot_reach_the_hub_exits_1_and_stays_queued(hub: LocalHub, sent_packet,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    config, packet_uuid, _enrolment = sent_packet
    assert hub.hub is not None
    hub.hub.set_status(packet_uuid, "enroll_failure_at_regional")
    assert station_cli("--config", str(config), "sync", "--no-pull") == 0
    hub.stop()
    capsys.readouterr()
    assert station_cli("--config", str(config), "sync", "--resend", packet_uuid, "--no-pull") == 1
    assert "Kirim ulang GAGAL / resend FAILED" in capsys.readouterr().out
    assert _entry(config)[0] is OutboxState.QUEUED
