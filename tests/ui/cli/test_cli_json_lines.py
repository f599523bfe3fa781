"""Streaming ``--json`` commands print one JSON object per line, their closing error included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tomli_w

from drivers.errors import StationError
from tests.support.cli import station_cli
from ui.cli.output import print_error


def test_signature_stream_ends_with_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "station.toml"
    config.write_text(tomli_w.dumps({"devices": {"signature": {
        "backend": "sim", "speed": 20.0, "fault": "unplug_mid_capture"}}}))
    code = station_cli(*["capture", "signature", "--config", str(config), "--seconds", "2", "--json"])
    assert code == 2
    lines = capsys.readouterr().out.splitlines()
    objects = [json.loads(line) for line in lines]  # every line parses on its own
    assert objects[-1]["ok"] is False
    assert objects[-1]["error"] == "DeviceNotConnectedError"
    assert objects[-1]["message_id"] and objects[-1]["message_en"]


def test_print_error_is_indented_unless_compact(capsys: pytest.CaptureFixture[str]) -> None:
    error = StationError("Pesan.", "Message.", action_id="Ulangi.", action_en="Try again.")
    print_error(error, as_json=True)
    indented = capsys.readouterr().out
    print_error(error, as_json=True, compact=True)
    compact = capsys.readouterr().out
    assert indented.count("\n") > 1
    assert compact.count("\n") == 1
    assert json.loads(indented) == json.loads(compact)
