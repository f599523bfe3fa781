"""``station recover``: the recovery code, or the office's key through ``station-hub recovery unwrap``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.bootstrap import Station, build_station
from app.config import load_config
from app.errors import AuthError
from server.cli import main as hub_main
from server.keys import init_hub_key
from server.local import LocalHub
from tests.support.cli import station_cli

FIRST = ("kasi", "Kepala Seksi", "rahasia-kasi-123")


def first_supervisor(capsys: pytest.CaptureFixture[str]) -> str:
    """A fresh station's first supervisor; returns the recovery code printed once."""
    assert station_cli("operator", "add", FIRST[0], "--role", "supervisor", "--name", FIRST[1], "--password-stdin",
                       "--json", stdin=FIRST[2] + "\n", login=False) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["username"] == FIRST[0] and answer["recovery_code"].count("-") == 5
    return answer["recovery_code"]


def log_in(username: str, password: str) -> None:
    station = build_station(load_config(), log_to_file=False)
    try:
        station.operators.authenticate(username, password)
    finally:
        station.close()


def test_the_recovery_code_sets_a_new_supervisor_and_is_replaced(station_home: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code = first_supervisor(capsys)
    assert station_cli("recover", "--recovery-code", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", "--supervisor", "baru",
                       "--name", "Supervisor Baru", "--password-stdin", stdin="rahasia-baru-123\n", login=False) == 2
    err = capsys.readouterr().err
    assert "Kode pemulihan salah" in err and "recovery code is wrong" in err
    with pytest.raises(AuthError):
        log_in("baru", "rahasia-baru-123")  # the wrong code opened nothing, made nobody

    assert station_cli("recover", "--recovery-code", code.lower(), "--supervisor", "baru", "--name", "Supervisor Baru",
                       "--password-stdin", "--json", stdin="rahasia-baru-123\n", login=False) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["created"] is True and answer["recovery_code"] != code
    log_in("baru", "rahasia-baru-123")
    assert station_cli("recover", "--recovery-code", code, "--supervisor", FIRST[0], "--password-stdin",
                       stdin="rahasia-lagi-123\n", login=False) == 2  # the used code is gone
    assert station_cli("recover", "--recovery-code", answer["recovery_code"], "--supervisor", FIRST[0],
                       "--password-stdin", stdin="rahasia-lagi-123\n", login=False) == 0
    log_in(FIRST[0], "rahasia-lagi-123")  # an existing supervisor got a new password
    with pytest.raises(AuthError):
        log_in(FIRST[0], FIRST[2])


def test_the_office_key_recovers_without_seeing_the_data(station_home: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    first_supervisor(capsys)
    hub_data = tmp_path / "hub"
    init_hub_key(hub_data)
    with LocalHub(f"sqlite:///{hub_data / 'hub.sqlite3'}", hub_data) as hub:
        assert hub.hub is not None
        assert station_cli("register", "--hub", hub.url, "--code", hub.hub.invite("SMAN-1"), "--operator", FIRST[0],
                           "--password-stdin", stdin=FIRST[2] + "\n", login=False) == 0
    capsys.readouterr()
    request, token = tmp_path / "request.json", tmp_path / "token.json"
    assert station_cli("recover", "--export-request", str(request), login=False) == 0
    assert "station-hub recovery unwrap" in capsys.readouterr().out

    other_hub = tmp_path / "other-hub"
    init_hub_key(other_hub)
    assert hub_main(["recovery", "unwrap", str(request), "--data", str(other_hub), "--out", str(token)]) == 2
    assert "bukan untuk kunci pusat ini" in capsys.readouterr().err  # another office's key opens nothing

    assert hub_main(["recovery", "unwrap", str(request), "--data", str(hub_data), "--out", str(token)]) == 0
    capsys.readouterr()
    sent = json.loads(token.read_text())
    assert set(sent) >= {"ephemeral", "sealed", "key_id"} and "data_key" not in sent

    assert station_cli("recover", "--office-token", str(token), "--supervisor", FIRST[0], "--password-stdin",
                       "--json", stdin="rahasia-kantor-123\n", login=False) == 0
    assert json.loads(capsys.readouterr().out)["created"] is False
    log_in(FIRST[0], "rahasia-kantor-123")
    assert station_cli("recover", "--office-token", str(token), "--supervisor", FIRST[0], "--password-stdin",
                       stdin="rahasia-kantor-456\n", login=False) == 2  # one request, one answer


def test_data_commands_refuse_without_a_log_in_and_count_a_wrong_password(
        station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    assert station_cli("site", "list", login=False) == 2
    assert "--operator" in capsys.readouterr().err
    for _ in range(5):
        assert station_cli("site", "list", "--operator", "spv", "--password-stdin", stdin="salah-sekali-1\n",
                           login=False) == 2
    err = capsys.readouterr().err
    assert "Akun terkunci" in err and "account is locked" in err
    assert station_cli("nik", "3573014503080001", "--on", "2024-11-27", login=False) == 0  # needs no log-in


def test_a_supervisor_sets_a_new_password_for_an_account(station: Station,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from app.domain.enums import Role

    station.operators.create_operator("petugas1", "Budi", Role.OFFICER, "rahasia-ptg-123")
    assert station_cli("operator", "password", "petugas1", "--password-stdin", stdin="rahasia-baru-456\n") == 0
    assert "petugas1" in capsys.readouterr().out
    log_in("petugas1", "rahasia-baru-456")
    assert station_cli("operator", "password", "spv", "--operator", "petugas1", "--password-stdin",
                       stdin="rahasia-baru-456\nrahasia-curi-789\n", login=False) == 2  # an officer: only their own
    assert "supervisor" in capsys.readouterr().err
