"""The finger step's 4-4-2 flow with the simulated slap scanner, and one-finger capture for scanners without slaps."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.bootstrap import Station
from app.config import from_mapping
from app.domain.enums import SiteKind
from app.paths import StationPaths
from drivers.fingerprint.base import SLAP_LAYOUT, TEN_FINGERS, FingerPosition
from tests.support.station import unlocked_station
from ui.gui.main_window import MainWindow
from ui.gui.widgets.hand_diagram import FingerState

from .conftest import SUPERVISOR
from .test_capture_flow import start_recording

WAIT_MS = 60_000
P = FingerPosition
NIK = "3573014507080003"


def _window(qtbot, station: Station) -> MainWindow:
    site = station.sites.create_site("SMA Negeri 2 Batu", SiteKind.SCHOOL, target_count=40)
    station.applicants.add_manual(NIK, "Ani Lestari", site_id=site.id)
    main = MainWindow(station)
    qtbot.addWidget(main)
    main.show()
    page = main.login_page
    qtbot.waitUntil(lambda: not page.first_run, timeout=WAIT_MS)
    page.username.setText(SUPERVISOR[0])
    page.password.setText(SUPERVISOR[2])
    page.submit_login()
    qtbot.waitUntil(lambda: main.visit_page.site_list.count() == 1, timeout=WAIT_MS)
    main.visit_page.start_visit()
    qtbot.waitUntil(lambda: main.queue_page.table.rowCount() == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: main.context.devices.is_ready("fingerprint"), timeout=WAIT_MS)
    return main


@pytest.fixture
def slap_window(qtbot, station_home) -> Iterator[MainWindow]:
    paths = StationPaths.default()
    paths.ensure()
    station = unlocked_station(from_mapping({}, paths))
    main = _window(qtbot, station)
    yield main
    main.capture_page.close_steps()
    station.close()


@pytest.fixture
def single_window(qtbot, station_home) -> Iterator[MainWindow]:
    paths = StationPaths.default()
    paths.ensure()
    config = {"devices": {"fingerprint": {"backend": "sim", "slaps": False}}}
    station = unlocked_station(from_mapping(config, paths))
    main = _window(qtbot, station)
    yield main
    main.capture_page.close_steps()
    station.close()


def test_four_four_two_records_each_finger_with_its_score_and_one_finger_again(
        qtbot, slap_window: MainWindow) -> None:
    window = slap_window
    start_recording(qtbot, window, NIK)
    capture = window.capture_page
    capture.go_to(1)
    fingers = capture.fingers
    qtbot.waitUntil(lambda: capture.current_step is fingers, timeout=WAIT_MS)
    assert fingers.slap is P.PLAIN_LEFT_FOUR
    assert all(fingers.diagram.states[p] == FingerState.CURRENT for p in SLAP_LAYOUT[P.PLAIN_LEFT_FOUR])
    fingers.scan()
    qtbot.waitUntil(lambda: not fingers.scanning, timeout=WAIT_MS)
    assert set(fingers.last_slap_scores) == set(SLAP_LAYOUT[P.PLAIN_LEFT_FOUR])
    for position in SLAP_LAYOUT[P.PLAIN_LEFT_FOUR]:
        assert fingers.attempts[position] == 1
        assert fingers.diagram.states[position] in (FingerState.PASSED, FingerState.LOW_QUALITY)
        assert f"{fingers.last_slap_scores[position]:.0f}" in fingers.diagram.buttons[position].text()

    fingers.diagram.buttons[P.LEFT_INDEX].click()  # one finger again, on its own
    assert fingers.slap is None and fingers.current is P.LEFT_INDEX
    assert fingers.back_to_slaps_button.isVisible()
    fingers.scan()
    qtbot.waitUntil(lambda: fingers.attempts.get(P.LEFT_INDEX) == 2 and not fingers.scanning, timeout=WAIT_MS)

    for _ in range(12):  # the rest: slaps again while a finger is below its threshold, forcing when used up
        if fingers.done:
            break
        if fingers.slap is None:
            position = fingers.current
            if fingers.may_force.get(position):
                dialog = fingers.ask_force()
                dialog.username.setText(SUPERVISOR[0])
                dialog.password.setText(SUPERVISOR[2])
                dialog.verify()
                qtbot.waitUntil(lambda position=position: fingers.diagram.states[position] == FingerState.FORCED,
                                timeout=WAIT_MS)
                continue
        fingers.scan()
        qtbot.waitUntil(lambda: not fingers.scanning, timeout=WAIT_MS)
    assert fingers.done
    qtbot.waitUntil(lambda: capture.current_step is capture.iris, timeout=WAIT_MS)
    searches = window.station.enrolments.duplicate_searches
    qtbot.waitUntil(lambda: searches.searches_run == 1, timeout=WAIT_MS)  # started when the fingers were done
    review = window.station.enrolments.review(capture.enrolment_uuid)
    assert searches.searches_run == 1  # the review reuses it
    recorded = {c.position for c in review.captures if c.modality == "finger"}
    assert recorded == {p.slug for p in TEN_FINGERS}


def test_a_scanner_without_slaps_keeps_one_finger_at_a_time(qtbot, single_window: MainWindow) -> None:
    window = single_window
    start_recording(qtbot, window, NIK)
    capture = window.capture_page
    capture.go_to(1)
    fingers = capture.fingers
    assert fingers.slap is None and not fingers.back_to_slaps_button.isVisible()
    position = fingers.current
    fingers.scan()
    qtbot.waitUntil(lambda: not fingers.scanning and fingers.attempts.get(position) == 1, timeout=WAIT_MS)
    assert set(fingers.attempts) == {position}
