"""``station quality face|finger|iris IMAGE`` on synthetic image files."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest
import wsq  # noqa: F401  (registers WSQ with Pillow)
from PIL import Image

from app.quality.samples import compose_portrait, synthetic_eye
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint
from tests.support.cli import station_cli


def write(path: Path, image) -> Path:
    assert cv2.imwrite(str(path), image)
    return path


def test_face_passes_and_prints_every_check(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    photo = write(tmp_path / "face.png", compose_portrait("red"))
    assert station_cli(*["quality", "face", str(photo), "--birth-date", "2007-05-01"]) == 0
    out = capsys.readouterr().out
    assert "LULUS / PASSED" in out
    for label in ("Jumlah wajah / Faces", "Posisi tengah / Centring", "Ketajaman / Sharpness",
                  "Warna latar / Backdrop colour: red"):
        assert label in out


def test_face_fails_with_guidance_in_both_languages(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    photo = write(tmp_path / "face.jpg", compose_portrait("red", shift=(150, 0)))
    assert station_cli(*["quality", "face", str(photo), "--birth-date", "2008-05-01"]) == 1
    out = capsys.readouterr().out
    assert "TIDAK LULUS / FAILED" in out
    assert "[GAGAL] Posisi tengah / Centring" in out
    assert "→ Geser wajah ke tengah bingkai." in out
    assert "→ Move your face to the centre of the frame." in out
    assert "The backdrop must be blue (even birth year); found red." in out


def test_face_json_for_a_foreign_resident(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    photo = write(tmp_path / "face.png", compose_portrait("orange"))
    assert station_cli(*["quality", "face", str(photo), "--foreign", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] and data["passed"] and data["modality"] == "face"
    colour = next(c for c in data["checks"] if c["name"] == "background_colour")
    assert colour == {"name": "background_colour", "passed": True, "value": "orange", "threshold": "orange",
                      "guidance_id": "", "guidance_en": ""}
    assert len(data["face_box"]) == 4 and len(data["eye_points"]) == 2


def test_finger_png_and_wsq(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    pixels = synthesize_fingerprint(5, FingerPosition.LEFT_THUMB)
    png = write(tmp_path / "thumb.png", pixels)
    wsq_file = tmp_path / "thumb.wsq"
    Image.fromarray(pixels).save(wsq_file)
    assert station_cli(*["quality", "finger", str(png), "--position", "left_thumb", "--json"]) == 0
    from_png = json.loads(capsys.readouterr().out)
    assert from_png["position"] == "left_thumb" and from_png["passed"] and from_png["score"] >= 40
    assert station_cli(*["quality", "finger", str(wsq_file), "--position", "6"]) == 0
    assert "NFIQ 2 / NFIQ 2" in capsys.readouterr().out


def test_poor_finger_fails(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    poor = write(tmp_path / "poor.png", synthesize_fingerprint(5, FingerPosition.RIGHT_INDEX, quality="poor"))
    assert station_cli(*["quality", "finger", str(poor)]) == 1
    assert "scanner glass" in capsys.readouterr().out


def test_finger_threshold_from_the_configuration(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    config = tmp_path / "station.toml"
    config.write_text("[quality.finger]\nright_index = 100\n", encoding="utf-8")
    finger = write(tmp_path / "f.png", synthesize_fingerprint(5, FingerPosition.RIGHT_INDEX))
    assert station_cli(*["--config", str(config), "quality", "finger", str(finger)]) == 1
    assert "(batas / limit 100)" in capsys.readouterr().out


def test_iris(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert station_cli(*["quality", "iris", str(write(tmp_path / "eye.png", synthetic_eye()))]) == 0
    assert station_cli(*["quality", "iris", str(write(tmp_path / "shut.png", synthetic_eye(eyelid_gap=0.4)))]) == 1
    assert "open the eyes wider" in capsys.readouterr().out


@pytest.mark.parametrize("content", [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n broken"])
def test_unreadable_image_exits_2_with_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                       content: bytes) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(content)
    assert station_cli(*["quality", "face", str(bad)]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "Galat: Berkas bukan gambar yang dapat dibaca" in captured.err
    assert "Error: The file is not a readable image" in captured.err


def test_missing_file_json_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert station_cli(*["quality", "iris", str(tmp_path / "nope.png"), "--json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["error"] == "InputError"
    assert data["message_en"].startswith("Image file not found")


def test_bad_arguments_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    photo = write(tmp_path / "face.png", compose_portrait())
    for argv in (["quality", "finger", str(photo), "--position", "nose"],
                 ["quality", "face", str(photo), "--birth-date", "5/1/2007"],
                 ["quality", "palm", str(photo)]):
        with pytest.raises(SystemExit) as caught:
            station_cli(*argv)
        assert caught.value.code == 2
    assert "unknown finger position" in capsys.readouterr().err


def test_bad_quality_config_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    config = tmp_path / "station.toml"
    config.write_text("[quality]\nmax_attempts = 99\n", encoding="utf-8")
    assert station_cli(*["--config", str(config), "quality", "iris", str(write(tmp_path / "e.png", synthetic_eye()))]) == 2
    assert "max_attempts" in capsys.readouterr().err
