"""``station gui --screenshot FILE``: the first screen is saved once its form shows, then the GUI quits.

The real ``app.exec()`` is run by the frozen smoke test and bench_installer (a finished exec()
leaves the shared test QApplication closing), so here the event loop is pytest-qt's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app.bootstrap import Station, build_station
from app.config import from_mapping
from app.paths import StationPaths
from tests.support.cli import station_cli
from ui.gui.first_screen import shoot_first_screen
from ui.gui.main_window import MainWindow


class _LoopRecorder:
    """Stands in for the QApplication: records the exit code the GUI asks for."""

    def __init__(self) -> None:
        self.exit_code: int | None = None

    def exit(self, code: int) -> None:
        self.exit_code = code


@pytest.fixture
def window(station_home: Path, qtbot) -> Iterator[MainWindow]:
    """A fresh station, locked and without a supervisor yet: the GUI opens on the first-run form."""
    paths = StationPaths.default()
    paths.ensure()
    station = build_station(from_mapping({"devices": {}}, paths), log_to_file=False)
    built = MainWindow(station, open_devices=False)
    qtbot.addWidget(built)
    built.show()
    yield built
    built.close()
    station.close()


def _shoot(qtbot, window: MainWindow, shot: Path) -> int:
    loop = _LoopRecorder()
    shoot_first_screen(loop, window, shot)
    qtbot.waitUntil(lambda: loop.exit_code is not None, timeout=20_000)
    return loop.exit_code


def test_the_first_run_form_is_saved_and_the_gui_quits(window: MainWindow, qtbot, tmp_path: Path, capsys) -> None:
    shot = tmp_path / "first.png"
    assert _shoot(qtbot, window, shot) == 0
    assert "(first-run)" in capsys.readouterr().out
    assert window.login_page.first_run
    image = QImage(str(shot))
    assert image.width() >= 800 and image.height() >= 600
    assert not window.isVisible()


def test_with_a_supervisor_it_is_the_login_form(station: Station, supervisor, qtbot, tmp_path: Path, capsys) -> None:
    window = MainWindow(station, open_devices=False)
    qtbot.addWidget(window)
    window.show()
    shot = tmp_path / "login.png"
    assert _shoot(qtbot, window, shot) == 0
    assert "(login)" in capsys.readouterr().out
    assert not QImage(str(shot)).isNull()


def test_an_unwritable_screenshot_path_is_a_clear_error(window: MainWindow, qtbot, tmp_path: Path, capsys) -> None:
    assert _shoot(qtbot, window, tmp_path / "no-such-folder" / "shot.png") == 2
    err = capsys.readouterr().err
    assert "tidak dapat disimpan" in err and "cannot save the screenshot" in err


def test_the_cli_flag_reaches_the_gui(station_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import ui.gui.application

    asked: list[Path | None] = []
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(ui.gui.application, "run_gui", lambda station, screenshot=None: asked.append(screenshot) or 0)
    shot = tmp_path / "cli.png"
    assert station_cli("gui", "--screenshot", str(shot)) == 0
    assert station_cli("gui") == 0
    assert asked == [shot, None]
