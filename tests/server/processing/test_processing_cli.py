"""``station-hub worker --once``, ``adjudicate list|show|decide`` and ``status history`` as an office supervisor types them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from app.bootstrap import Station
from app.services.demo import run_demo
from app.sync import sealing
from server.cli import main as hub_main
from server.local import LocalHub


def hub_cli(capsys: pytest.CaptureFixture[str], db: str, data: Path, *argv: str) -> tuple[int, str, str]:
    code = hub_main([*argv, "--db", db, "--data", str(data)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.slow
def test_worker_then_adjudication_from_the_command_line(field_station: Callable[[str, int], Station],
                                                        hub_db_url: str, hub_data: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_DUPLICATE_SCORE", "10000")  # every match lands in the grey zone
    monkeypatch.setenv("HUB_ADJUDICATE_SCORE", "40")
    with LocalHub(hub_db_url, hub_data) as local:  # receives only, like `serve --no-processing`
        assert local.hub is not None
        station = field_station("sman-4", 4)
        station.sync.register(local.url, local.hub.invite("SMAN-4"))
        run_demo(station, 1, first_subject=42, repeat_first=True)
        assert len(station.sync.sync_now(pull=False).sent) == 2

    code, out, err = hub_cli(capsys, hub_db_url, hub_data, "worker", "--once")
    assert code == 0, err
    assert out.startswith("2 paket diproses") or "2 waiting" in out

    code, out, _ = hub_cli(capsys, hub_db_url, hub_data, "adjudicate", "list", "--json")
    [row] = json.loads(out)
    uuid = row["packet_uuid"]

    code, out, _ = hub_cli(capsys, hub_db_url, hub_data, "adjudicate", "show", uuid, "--json",
                           "--faces", str(tmp_path / "faces"))
    shown = json.loads(out)
    assert "*" in shown["record"]["nik"] and "*" in shown["other"]["nik"]
    scored = [f for f in shown["fingers"] if f["score"] is not None]
    assert len(scored) >= 8 and max(f["score"] for f in scored) >= 80  # the same fingers
    assert Path(shown["record"]["face_file"]).read_bytes()[:2] == b"\xff\xd8"
    code, out, _ = hub_cli(capsys, hub_db_url, hub_data, "adjudicate", "show", uuid, "--reveal")
    assert code == 0 and "telunjuk kanan / right index" in out and "*" not in out.split("NIK", 1)[1].split("\n")[0]

    code, out, _ = hub_cli(capsys, hub_db_url, hub_data, "adjudicate", "decide", uuid, "--different",
                           "--by", "ibu-supervisor", "--note", "kembar / twins", "--json")
    assert code == 0 and json.loads(out)["status"] == "print_ready"
    code, _, err = hub_cli(capsys, hub_db_url, hub_data, "adjudicate", "decide", uuid, "--same")
    assert code == 2 and "tidak menunggu keputusan" in err and "not waiting for adjudication" in err
    code, _, err = hub_cli(capsys, hub_db_url, hub_data, "adjudicate", "show",
                           "00000000-0000-0000-0000-000000000000")
    assert code == 2 and "no record" in err

    code, out, _ = hub_cli(capsys, hub_db_url, hub_data, "status", "history", uuid, "--json")
    steps = json.loads(out)
    assert [s["status"] for s in steps] == ["processing", "adjudication", "print_ready"]
    assert steps[-1]["actor"] == "ibu-supervisor" and steps[-1]["note"] == "kembar / twins"


@pytest.mark.slow
def test_a_record_that_is_not_whole_fails_at_the_regional_level_with_its_reason(
        field_station: Callable[[str, int], Station], hub_db_url: str, hub_data: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    real = sealing.build_metadata

    def wrong_nik(*args: object, **kwargs: object) -> dict:
        metadata = real(*args, **kwargs)  # type: ignore[arg-type]
        metadata["applicant"] = {**metadata["applicant"], "nik": "3573010101080009"}
        return metadata

    monkeypatch.setattr(sealing, "build_metadata", wrong_nik)
    with LocalHub(hub_db_url, hub_data) as local:
        assert local.hub is not None
        station = field_station("sman-5", 5)
        station.sync.register(local.url, local.hub.invite("SMAN-5"))
        run_demo(station, 1, first_subject=77)
        [sent] = station.sync.sync_now(pull=False).sent
    code, _, err = hub_cli(capsys, hub_db_url, hub_data, "worker", "--once")
    assert code == 0, err
    code, out, _ = hub_cli(capsys, hub_db_url, hub_data, "packets", "--json")
    [packet] = json.loads(out)
    assert packet["status"] == "enroll_failure_at_regional"
    code, out, _ = hub_cli(capsys, hub_db_url, hub_data, "status", "history", packet["packet_uuid"], "--json")
    assert "NIK in the packet metadata" in json.loads(out)[-1]["reason_en"]


def test_scores_that_do_not_fit_are_refused(hub_db_url: str, hub_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = hub_cli(capsys, hub_db_url, hub_data, "worker", "--once", "--duplicate-score", "30",
                           "--adjudicate-score", "60")
    assert code == 2 and "adjudication score" in err
    with pytest.raises(SystemExit) as exited:
        hub_cli(capsys, hub_db_url, hub_data, "worker", "--once", "--duplicate-score", "zero")
    assert exited.value.code == 2 and "the score must be" in capsys.readouterr().err
