"""``station report daily``: the contract (flags, JSON fields, exit codes)."""

from __future__ import annotations

import json

from tests.support.cli import station_cli
from tests.support.day_records import DAY, seed_day


def test_daily_report_csv_and_pdf_with_json(station, tmp_path, capsys) -> None:
    seed_day(station)
    out = tmp_path / "harian.csv"
    assert station_cli("report", "daily", "--date", DAY.isoformat(), "--site", "SMA Negeri 3 Malang",
                       "--out", str(out), "--json") == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["ok"] is True and answer["format"] == "csv" and answer["out"] == str(out)
    assert answer["recorded"] == 4 and answer["target"] == 120 and answer["day"] == "2026-11-30"
    assert answer["sending"]["failed"] == 1 and answer["forced_count"] == 1
    assert out.read_text(encoding="utf-8-sig").count("\n") == 5
    pdf = tmp_path / "harian.pdf"
    assert station_cli("report", "daily", "--date", DAY.isoformat(), "--out", str(pdf)) == 0
    assert "Direkam / recorded: 4" in capsys.readouterr().out
    assert pdf.read_bytes().startswith(b"%PDF")


def test_bad_date_site_or_suffix_exit_2_with_a_bilingual_message(station, tmp_path, capsys) -> None:
    seed_day(station)
    assert station_cli("report", "daily", "--date", "30/11/2026", "--out", str(tmp_path / "r.pdf")) == 2
    assert "Galat:" in capsys.readouterr().err
    assert station_cli("report", "daily", "--site", "Nowhere", "--out", str(tmp_path / "r.pdf")) == 2
    assert "Nowhere" in capsys.readouterr().err
    assert station_cli("report", "daily", "--out", str(tmp_path / "r.txt")) == 2
    assert ".pdf" in capsys.readouterr().err
    assert not any(tmp_path.glob("r.*"))
