"""``station nik``, ``roster import``, ``operator``, ``site``: output, exit codes, bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.support.cli import login_for_tests, station_cli

EXAMPLE = "3573014503080001"


def run_json(capsys: pytest.CaptureFixture, argv: list[str], code: int = 0) -> object:
    assert station_cli(*argv) == code
    return json.loads(capsys.readouterr().out)


def test_nik_issue_example(capsys: pytest.CaptureFixture) -> None:
    report = run_json(capsys, ["nik", EXAMPLE, "--on", "2024-11-27", "--json"])
    assert report["valid"] is True
    assert (report["birth_date"], report["sex"], report["age"]) == ("2008-03-05", "P", 16)
    assert (report["regency_name"], report["district_name"]) == ("Kota Malang", "Blimbing")
    assert report["eligibility"]["status"] == "eligible_early"
    assert report["eligibility"]["card_from"] == "2025-03-05"
    assert report["photo_background"] == "blue"


def test_nik_polling_day_rule(capsys: pytest.CaptureFixture) -> None:
    report = run_json(capsys, ["nik", "3573016011070001", "--on", "2024-09-01", "--polling-day", "2024-11-27",
                               "--json"])
    assert report["age"] == 16 and report["polling_day"] == "2024-11-27"
    assert "polling day" in report["eligibility"]["message_en"]


def test_invalid_nik_exits_1_with_the_reasons(capsys: pytest.CaptureFixture) -> None:
    assert station_cli(*["nik", "3573014503080000", "--on", "2024-11-27"]) == 1
    out = capsys.readouterr().out
    assert "INVALID" in out and "0000" in out
    report = run_json(capsys, ["nik", "12345", "--json"], code=1)
    assert report["valid"] is False and report["errors"][0]["code"] == "length"
    assert report["eligibility"] is None


def test_nik_text_output(capsys: pytest.CaptureFixture) -> None:
    assert station_cli(*["nik", EXAMPLE, "--on", "2024-11-27"]) == 0
    out = capsys.readouterr().out
    assert "Blimbing" in out and "05-03-2008" in out and "perempuan" in out


def test_configured_polling_day_is_used(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    config = tmp_path / "custom.toml"
    config.write_text('[eligibility]\npolling_day = "2024-11-27"\nearly_min_age = false\n', encoding="utf-8")
    report = run_json(capsys, ["--config", str(config), "nik", "3573016011070001", "--on", "2024-09-01", "--json"])
    assert report["polling_day"] == "2024-11-27" and report["eligibility"]["status"] == "eligible_early"
    report = run_json(capsys, ["--config", str(config), "nik", EXAMPLE, "--on", "2024-11-27", "--json"])
    assert report["eligibility"]["status"] == "not_yet"


@pytest.mark.parametrize("argv", [["nik", EXAMPLE, "--on", "27-11-2024"], ["nik"], ["nik", EXAMPLE, "--frobnicate"],
                                  ["roster", "import", "x.csv"], ["site", "add", "X", "--target", "many"],
                                  ["operator", "add", "x", "--role", "admin", "--name", "X"], ["no-such-command"]])
def test_usage_errors_exit_2_with_a_bilingual_message(argv: list[str], capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exited:
        station_cli(*argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "Galat" in err and "Error" in err


def test_roster_import_reports_counts_and_rejections(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    roster = tmp_path / "siswa.csv"
    roster.write_text("NIK;NAMA;KELAS\n3573014503080001;Siti;XII\n3573014503080000;Nol;XII\n", encoding="utf-8")
    report = run_json(capsys, ["roster", "import", str(roster), "--site", "SMAN 1 Malang", "--json"])
    assert (report["imported"], report["rejected_rows"], report["site_created"]) == (1, 1, True)
    assert report["rejections"][0]["row"] == 3 and report["rejections"][0]["column"] == "NIK"
    assert station_cli(*["roster", "import", str(roster), "--site", "SMAN 1 Malang"]) == 0
    out = capsys.readouterr().out
    assert "already present: 1" in out and "row 3" in out
    sites = run_json(capsys, ["site", "list", "--json"])
    assert [(s["name"], s["applicant_count"]) for s in sites] == [("SMAN 1 Malang", 1)]


def test_roster_import_of_a_bad_file_exits_2_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"\x00\x01\x02 not a workbook")
    assert station_cli(*["roster", "import", str(junk), "--site", "X"]) == 2
    err = capsys.readouterr().err
    assert "Galat" in err and "Traceback" not in err
    report = run_json(capsys, ["roster", "import", str(tmp_path / "missing.csv"), "--site", "X", "--json"], code=2)
    assert report["ok"] is False and report["error"] == "RosterFileError"


def test_operator_add_with_password_from_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-123\n"))
    assert station_cli(*["operator", "add", "kasi", "--role", "supervisor", "--name", "Kepala Seksi", "--password-stdin"]) == 0
    assert "kasi" in capsys.readouterr().out
    listing = run_json(capsys, ["operator", "list", "--json"])
    assert [(o["username"], o["role"]) for o in listing] == [("kasi", "supervisor")]


def test_operator_add_asks_twice_with_getpass(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    username, password = login_for_tests()
    answers = iter([password, "rahasia-123", "rahasia-124"])  # the log-in, then the new password twice
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert station_cli("operator", "add", "petugas1", "--role", "officer", "--name", "Petugas",
                       "--operator", username, login=False) == 2
    assert "differ" in capsys.readouterr().err


def test_operator_add_refuses_a_short_password(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))
    assert station_cli(*["operator", "add", "p", "--role", "officer", "--name", "P", "--password-stdin"]) == 2
    assert "8" in capsys.readouterr().err


def test_site_add_and_list(capsys: pytest.CaptureFixture) -> None:
    assert station_cli(*["site", "add", "Lapas Lowokwaru", "--kind", "prison", "--region", "357305", "--target", "40"]) == 0
    assert station_cli(*["site", "add", "Lapas Lowokwaru"]) == 2
    capsys.readouterr()
    assert station_cli(*["site", "list"]) == 0
    assert "Lapas Lowokwaru" in capsys.readouterr().out
