"""``station selfcheck --config FILE`` with every real backend, each over its emulator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tomli_w

from tests.drivers.emulators.camera import MjpegServer, write_counter_video
from tests.drivers.emulators.isdv4 import Isdv4Emulator
from tests.drivers.emulators.r30x import R30xEmulator
from tests.drivers.emulators.sbi import SbiEmulator, make_identity
from tests.support.cli import station_cli


@pytest.fixture(scope="module")
def sbi_ca():
    return make_identity("Selfcheck test CA", ca=True)


def run_selfcheck(config: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = station_cli(*["selfcheck", "--config", str(config), "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_selfcheck_with_serial_opencv_and_sbi_backends(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sbi_ca
) -> None:
    trust = tmp_path / "ca.pem"
    trust.write_bytes(sbi_ca.pem())
    video = write_counter_video(tmp_path / "camera.avi", frames=5)
    with Isdv4Emulator(tmp_path / "pad") as pad, R30xEmulator(tmp_path / "finger") as finger, \
            SbiEmulator(ca=sbi_ca) as sbi:
        config = tmp_path / "station.toml"
        config.write_text(tomli_w.dumps({"devices": {
            "camera": {"backend": "opencv", "source": str(video)},
            "fingerprint": {"backend": "r30x", "port": finger.port},
            "iris": {"backend": "sbi", "port": sbi.port, "trust_store": str(trust)},
            "signature": {"backend": "isdv4", "port": pad.port},
        }}))
        code, run = run_selfcheck(config, capsys)
    results = {r["family"]: r for r in run["results"]}
    assert code == 0, run
    assert {family: r["backend"] for family, r in results.items()} == {
        "camera": "opencv", "fingerprint": "r30x", "iris": "sbi", "signature": "isdv4"}
    assert all(r["ok"] for r in results.values())


def test_selfcheck_with_sbi_for_three_families_text_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sbi_ca
) -> None:
    trust = tmp_path / "ca.pem"
    trust.write_bytes(sbi_ca.pem())
    with SbiEmulator(ca=sbi_ca) as sbi:
        sbi_table = {"backend": "sbi", "ports": f"{sbi.port - 3}-{sbi.port + 3}", "trust_store": str(trust)}
        config = tmp_path / "station.toml"
        config.write_text(tomli_w.dumps({"devices": {"camera": sbi_table, "fingerprint": sbi_table, "iris": sbi_table}}))
        code = station_cli(*["selfcheck", "--config", str(config)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "3/3" in out and "GAGAL" not in out
    assert "480x640, sharpness" in out, "the SBI face camera sends a portrait, so its lens is judged"


def test_selfcheck_with_an_ip_camera(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with MjpegServer() as camera:
        config = tmp_path / "station.toml"
        config.write_text(tomli_w.dumps({"devices": {"camera": {"backend": "opencv", "source": camera.url}}}))
        code, run = run_selfcheck(config, capsys)
    assert code == 0 and run["results"][0]["info"]["serial_number"].startswith("127.0.0.1:")


def test_selfcheck_reports_every_unplugged_real_device(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "station.toml"
    config.write_text(tomli_w.dumps({"devices": {
        "fingerprint": {"backend": "r30x", "port": str(tmp_path / "ttyUSB0")},
        "signature": {"backend": "isdv4", "port": str(tmp_path / "ttyS0")},
    }}))
    code, run = run_selfcheck(config, capsys)
    assert code == 1
    assert [(r["family"], r["ok"], r["error"]["error"]) for r in run["results"]] == [
        ("fingerprint", False, "DeviceNotConnectedError"), ("signature", False, "DeviceNotConnectedError")]
