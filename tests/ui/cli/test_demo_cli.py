"""``station demo enrol``: synthetic applicants end to end, then export and inspect the standard record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import station_cli


def test_demo_enrol_flags_the_repeated_person_then_exports_and_inspects(station_home: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture) -> None:
    assert station_cli(*["demo", "enrol", "--count", "1", "--with-duplicate", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["count"] == 2
    first, again = report["enrolments"]
    assert first["possible_duplicate_of"] is None
    assert again["possible_duplicate_of"] == first["uuid"]  # same fingers, another NIK: flagged
    uuid = first["uuid"]

    out = tmp_path / "demo.an2"
    assert station_cli(*["export", "nist", uuid, "--out", str(out)]) == 0
    capsys.readouterr()
    assert station_cli(*["inspect", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["tcn"] == uuid
    assert summary["counts"]["14"] == 10 and summary["counts"]["10"] == 1 and summary["counts"]["17"] == 2
    assert summary["counts"]["8"] == 1
    fingers = [r for r in summary["records"] if r["type"] == 14]
    assert sorted(r["position"] for r in fingers) == list(range(1, 11))
    assert all(r["image_ok"] for r in summary["records"] if "image_ok" in r)


def test_demo_count_must_be_positive(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exited:
        station_cli(*["demo", "enrol", "--count", "0"])
    assert exited.value.code == 2


@pytest.mark.slow
def test_first_subject_records_the_same_people_on_every_station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture) -> None:
    from tests.support.cli import station_cli

    seen = []
    for home in ("station-a", "station-b"):
        monkeypatch.setenv("STATION_HOME", str(tmp_path / home))
        assert station_cli("demo", "enrol", "--count", "2", "--first-subject", "300", "--json") == 0
        report = json.loads(capsys.readouterr().out)
        assert [e["subject_id"] for e in report["enrolments"]] == [300, 301]
        assert station_cli("pending", "--json") == 0
        pending = json.loads(capsys.readouterr().out)
        seen.append(sorted((r["name"], r["nik_masked"]) for r in pending["pending"]))
    assert seen[0] == seen[1] and len(seen[0]) == 2  # the same people (names, NIKs) on both stations


def test_first_subject_must_be_a_number(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exited:
        station_cli("demo", "enrol", "--first-subject", "abc")
    assert exited.value.code == 2
    assert "the subject must be" in capsys.readouterr().err
