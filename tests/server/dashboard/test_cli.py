"""``station-hub dashboard user add NAME --role ROLE --password-stdin`` and ``user list``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from server.cli import main
from server.dashboard.auth import log_in
from server.hub import Hub


def add(data: Path, monkeypatch: pytest.MonkeyPatch, *args: str, password: str = "sandi-kantor-panjang") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["dashboard", "user", "add", *args, "--password-stdin", "--data", str(data)])


def test_user_add_creates_a_user_who_can_log_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "hub"
    assert add(data, monkeypatch, "Kepala.Kantor", "--role", "supervisor") == 0
    assert "kepala.kantor (Supervisor / Supervisor)" in capsys.readouterr().out
    assert add(data, monkeypatch, "pemantau", "--role", "viewer") == 0
    assert main(["dashboard", "user", "list", "--data", str(data)]) == 0
    listing = capsys.readouterr().out
    assert "kepala.kantor" in listing and "pemantau" in listing and "2 pengguna" in listing
    hub = Hub(f"sqlite:///{data.resolve() / 'hub.sqlite3'}", data)
    try:
        _token, user = log_in(hub, "kepala.kantor", "sandi-kantor-panjang")
    finally:
        hub.close()
    assert user.may_change


def test_user_add_refuses_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "hub"
    assert add(data, monkeypatch, "kepala", password="pendek") == 2
    err = capsys.readouterr().err
    assert "Kata sandi minimal 10 karakter" in err and "at least 10 characters" in err
    assert add(data, monkeypatch, "kepala") == 0
    assert add(data, monkeypatch, "kepala") == 2
    assert "sudah ada" in capsys.readouterr().err
    assert add(data, monkeypatch, "nama dengan spasi") == 2
    assert "Traceback" not in capsys.readouterr().err
    with pytest.raises(SystemExit):
        add(data, monkeypatch, "x", "--role", "admin")
