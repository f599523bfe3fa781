"""``station-hub`` commands against a hub data directory (no server needed)."""

from __future__ import annotations

import json
import stat
import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.sync import packet_format
from server.cli import main
from server.hub import Hub
from tests.support.packets import seal_synthetic


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "hub"


def run(data: Path, *argv: str) -> int:
    command, rest = argv[0], list(argv[1:])
    words = [command]
    while rest and rest[0] in ("init", "invite", "set", "import", "push"):
        words.append(rest.pop(0))
    return main([*words, "--data", str(data), *rest])


def test_keys_init_creates_a_private_key_once(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data, "keys", "init") == 0
    key = data / "hub_x25519.pem"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    before = key.read_bytes()
    assert run(data, "keys", "init") == 0 and key.read_bytes() == before
    assert "exists" in capsys.readouterr().out


def test_invite_packets_and_status_set(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(data, "keys", "init")
    assert run(data, "station", "invite", "SMAN-1") == 0
    code = capsys.readouterr().out.strip().split()[-1]
    hub = Hub(f"sqlite:///{data / 'hub.sqlite3'}", data)
    key = Ed25519PrivateKey.generate()
    answer = hub.register(code, "3573-01", "Uji", packet_format.b64(packet_format.raw_public(key.public_key())))
    station = hub.station_for_token(answer["token"])
    packet = seal_synthetic(station_id=station.id, record=b"NIST", hub_public_key=hub.key.public_key(),
                            station_key=key)
    hub.begin(station, packet.header.packet_uuid, packet.sha256, packet.size)
    hub.append(station, packet.header.packet_uuid, 0, packet.data)
    hub.close()

    assert run(data, "packets", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["packet_uuid"], r["status"], r["size"]) for r in rows] == [
        (packet.header.packet_uuid, "received", packet.size)]
    assert run(data, "status", "set", packet.header.packet_uuid, "PRINT_READY") == 0
    assert run(data, "packets") == 0
    assert "print_ready" in capsys.readouterr().out
    assert run(data, "status", "set", packet.header.packet_uuid, "lost") == 2
    assert run(data, "status", "set", str(uuid.uuid4()), "duplicate") == 2
    assert "Error:" in capsys.readouterr().err


def test_roster_import_and_config_push(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("NIK;Nama;Tanggal Lahir;JK\n3573014503080001;SISWA SATU;05-03-2008;P\n"
                      "12345;RUSAK;01-01-2008;L\n", encoding="utf-8")
    assert run(data, "roster", "import", "SMAN-1", str(roster)) == 0
    out = capsys.readouterr().out
    assert "1 orang" in out and "1 baris" in out
    config = tmp_path / "station.toml"
    config.write_text("[quality]\nmax_attempts = 4\n", encoding="utf-8")
    assert run(data, "config", "push", str(config)) == 0
    hub = Hub(f"sqlite:///{data / 'hub.sqlite3'}", data)
    assert hub.config(0) == {"version": 1, "config": {"quality": {"max_attempts": 4}}}
    hub.close()
    assert run(data, "roster", "import", "SMAN-1", str(tmp_path / "missing.csv")) == 2
    assert run(data, "config", "push", str(tmp_path / "missing.toml")) == 2


def test_serve_without_a_key_explains_what_to_do(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data, "serve", "--port", "1") == 2
    assert "keys init" in capsys.readouterr().err


def test_config_push_publishes_only_what_a_station_would_accept(data: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    forbidden = tmp_path / "devices.toml"
    forbidden.write_text("[quality]\nmax_attempts = 4\n\n[devices.camera]\nbackend = \"opencv\"\n", encoding="utf-8")
    invalid = tmp_path / "invalid.json"
    invalid.write_text(json.dumps({"sync": {"retention_days": -5}}), encoding="utf-8")
    for path in (forbidden, invalid):
        assert run(data, "config", "push", str(path)) == 2
        err = capsys.readouterr().err
        assert "Galat: Konfigurasi dari pusat ditolak" in err and "nothing was published" in err
    election = tmp_path / "election.toml"
    election.write_text("[eligibility]\npolling_day = 2024-11-27\n", encoding="utf-8")
    assert run(data, "config", "push", str(election)) == 0
    hub = Hub(f"sqlite:///{data / 'hub.sqlite3'}", data)
    assert hub.config(0) == {"version": 1, "config": {"eligibility": {"polling_day": "2024-11-27"}}}
    hub.close()
