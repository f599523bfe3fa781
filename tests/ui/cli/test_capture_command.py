"""``station capture signature|finger|face`` with configuration files pointing at the device emulators."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest
import tomli_w

from tests.drivers.emulators.camera import read_counter, write_counter_video
from tests.drivers.emulators.isdv4 import Isdv4Emulator, scripted_signature
from tests.drivers.emulators.r30x import R30xEmulator
from tests.drivers.emulators.sbi import SbiEmulator, make_identity
from tests.support.cli import station_cli


def write_config(path: Path, devices: dict) -> Path:
    path.write_text(tomli_w.dumps({"devices": devices}))
    return path


def test_capture_signature_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = scripted_signature(20)
    with Isdv4Emulator(tmp_path / "pad", script=script, repeat=False) as emu:
        config = write_config(tmp_path / "station.toml", {"signature": {"backend": "isdv4", "port": emu.port}})
        code = station_cli(*["capture", "signature", "--config", str(config), "--seconds", "1", "--json"])
    assert code == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["device"]["backend"] == "isdv4"
    assert lines[0]["ranges"]["x_max"] == 26202
    points = lines[1:]
    assert [(p["x"], p["y"], p["pressure"], p["tip"], p["proximity"]) for p in points] == [
        (s.x, s.y, s.pressure, s.tip, s.proximity) for s in script
    ]


def test_capture_signature_plain_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Isdv4Emulator(tmp_path / "pad", script=scripted_signature(10), repeat=False) as emu:
        config = write_config(tmp_path / "station.toml", {"signature": {"backend": "isdv4", "port": emu.port}})
        assert station_cli(*["--config", str(config), "capture", "signature", "--seconds", "0.5"]) == 0
    assert "11 titik / points" in capsys.readouterr().out


def test_capture_finger_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with R30xEmulator(tmp_path / "finger", polls_before_finger=1) as emu:
        config = write_config(tmp_path / "station.toml", {"fingerprint": {"backend": "r30x", "port": emu.port}})
        out = tmp_path / "out" / "right_index.png"
        code = station_cli(*["capture", "finger", "--config", str(config), "--position", "right_index", "--out", str(out), "--json"])
        expected = emu.expected_image()
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["position"], result["width"], result["height"], result["device"]["backend"]) == ("right_index", 256, 288, "r30x")
    assert (cv2.imread(str(out), cv2.IMREAD_GRAYSCALE) == expected).all()


def test_capture_face_jpeg_from_a_video_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    video = write_counter_video(tmp_path / "face.avi", frames=3)
    config = write_config(tmp_path / "station.toml", {"camera": {"backend": "opencv", "source": str(video)}})
    out = tmp_path / "face.jpg"
    assert station_cli(*["capture", "face", "--config", str(config), "--out", str(out)]) == 0
    assert "320x240" in capsys.readouterr().out
    assert read_counter(cv2.imread(str(out))) == 0


def test_capture_face_over_sbi(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ca = make_identity("CLI test CA", ca=True)
    (tmp_path / "ca.pem").write_bytes(ca.pem())
    with SbiEmulator(ca=ca) as sbi:
        config = write_config(tmp_path / "station.toml", {"camera": {
            "backend": "sbi", "port": sbi.port, "trust_store": str(tmp_path / "ca.pem")}})
        out = tmp_path / "sbi-face.jpg"
        assert station_cli(*["capture", "face", "--config", str(config), "--out", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["device"]["backend"] == "sbi" and (result["width"], result["height"]) == (480, 640)


def test_device_problems_are_clear_errors_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "station.toml", {"fingerprint": {"backend": "r30x", "port": str(tmp_path / "no-such-tty")}})
    code = station_cli(*["capture", "finger", "--config", str(config), "--position", "2", "--out", str(tmp_path / "x.png")])
    captured = capsys.readouterr()
    assert code == 2
    assert "Galat:" in captured.err and "not connected" in captured.err and "Traceback" not in captured.err
    assert not (tmp_path / "x.png").exists()


def test_unknown_finger_position_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        station_cli(*["capture", "finger", "--position", "sixth_finger", "--out", str(tmp_path / "x.png")])
    assert exit_info.value.code == 2
    assert "unknown finger position" in capsys.readouterr().err


def test_pad_unplugged_during_capture_keeps_the_points_and_explains(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import threading

    with Isdv4Emulator(tmp_path / "pad", script=scripted_signature(400), repeat=True, packets_per_tick=1) as emu:
        config = write_config(tmp_path / "station.toml", {"signature": {"backend": "isdv4", "port": emu.port}})
        first_points = threading.Event()
        original = emu.on_idle

        def watch() -> None:
            original()
            if len(emu.sent_samples) >= 10:
                first_points.set()

        emu.on_idle = watch  # type: ignore[method-assign]
        threading.Thread(target=lambda: first_points.wait(10) and emu.unplug(), daemon=True).start()
        code = station_cli(*["capture", "signature", "--config", str(config), "--seconds", "30", "--json"])
    captured = capsys.readouterr()
    assert code == 2
    lines = captured.out.splitlines()
    assert len(lines) > 1 and json.loads(lines[1])["proximity"] is True
    error = json.loads(lines[-1])  # the closing error is one JSON line like the points
    assert error["error"] == "DeviceNotConnectedError" and "cable was pulled" in error["message_en"]
    assert "Traceback" not in captured.err
