"""The hub's systemd unit: valid for systemd, run as its own user, configured by HUB_DATA_DIR/HUB_DATABASE_URL."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from server import cli as hub_cli

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "deploy" / "station-hub.service"
ENV_FILE = ROOT / "deploy" / "station-hub.env"
INSTALLED_HUB = "/opt/ektp-hub/venv/bin/station-hub"


def _settings(path: Path) -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(("#", "[")) and "=" in line:
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="systemd units are for the Linux office server")
def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze (Debian package systemd) is needed to check the hub's unit"
    hub = Path(sys.executable).with_name("station-hub")
    assert hub.exists(), hub
    unit = tmp_path / "station-hub.service"
    unit.write_text(UNIT.read_text(encoding="utf-8").replace(INSTALLED_HUB, str(hub)), encoding="utf-8")
    checked = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True, check=False)
    problems = [line for line in (checked.stdout + checked.stderr).splitlines()
                if "station-hub.service" in line and "EnvironmentFile" not in line]
    assert checked.returncode == 0 and not problems, checked.stdout + checked.stderr


def test_the_unit_runs_unprivileged_and_hardened() -> None:
    service = _settings(UNIT)
    assert service["User"] == ["ektp_hub"] and service["Group"] == ["ektp_hub"]
    for key, value in (("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"), ("ProtectHome", "yes"),
                       ("PrivateTmp", "yes"), ("PrivateDevices", "yes"), ("UMask", "0077")):
        assert service[key] == [value], key
    assert service["ReadWritePaths"] == _settings(ENV_FILE)["HUB_DATA_DIR"]
    assert service["ExecStartPre"] == [f"{INSTALLED_HUB} db upgrade"]
    assert service["ExecStart"][0].startswith(f"{INSTALLED_HUB} serve ")


def test_the_environment_file_sets_what_station_hub_reads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env = {key: values[-1] for key, values in _settings(ENV_FILE).items()}
    assert env["HUB_DATABASE_URL"].startswith("postgresql+psycopg://")
    monkeypatch.setenv("HUB_DATA_DIR", str(tmp_path / "hub"))
    monkeypatch.setenv("HUB_DATABASE_URL", env["HUB_DATABASE_URL"])
    args = hub_cli.build_parser().parse_args(["db", "upgrade"])
    assert args.db == env["HUB_DATABASE_URL"]
    assert hub_cli._default_data_dir() == tmp_path / "hub"
    assert int(env["HUB_PORT"]) == hub_cli.DEFAULT_PORT
