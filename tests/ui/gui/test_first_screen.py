"""``station gui --screenshot FILE``: the first screen is saved once its form shows, then the GUI quits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from app.bootstrap import Station
from tests.support.cli import station_cli
from ui.gui.application import run_gui


@pytest.fixture(autouse=True)
def _restore_app_style(qapp: QApplication) -> Iterator[None]:
    """run_gui styles the whole application; later tests get the test session's look back."""
    font, sheet = qapp.font(), qapp.styleSheet()
    yield
    qapp.setFont(font)
    qapp.setStyleSheet(sheet)


def test_the_first_run_form_is_saved_and_the_gui_quits(station: Station, qtbot, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    shot = tmp_path / "first.png"
    assert run_gui(station, screenshot=shot) == 0
    assert "(first-run)" in capsys.readouterr().out
    image = QImage(str(shot))
    assert image.width() >= 800 and image.height() >= 600


def test_with_a_supervisor_it_is_the_login_form(station: Station, supervisor, qtbot, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    shot = tmp_path / "login.png"
    assert run_gui(station, screenshot=shot) == 0
    assert "(login)" in capsys.readouterr().out
    assert not QImage(str(shot)).isNull()


def test_an_unwritable_screenshot_path_is_a_clear_error(station: Station, qtbot, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    shot = tmp_path / "no-such-folder" / "shot.png"
    assert run_gui(station, screenshot=shot) == 2
    err = capsys.readouterr().err
    assert "tidak dapat disimpan" in err and "cannot save the screenshot" in err


def test_the_cli_flag_reaches_the_gui(station_home: Path, qtbot, tmp_path: Path, monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    (station_home / "config").mkdir(parents=True)
    (station_home / "config" / "station.toml").write_text("[devices]\n", encoding="utf-8")
    shot = tmp_path / "cli.png"
    assert station_cli("gui", "--screenshot", str(shot)) == 0
    assert shot.exists() and "screenshot" in capsys.readouterr().out
