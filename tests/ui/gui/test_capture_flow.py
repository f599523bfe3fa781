"""End to end with the simulators: log in, open a visit, pick a roster applicant, capture every
modality, save; then the enrolment, its captures and its outbox entry are in the database.
Error paths: a device unplugged mid-capture and back; a possible duplicate shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.bootstrap import Station
from app.config import from_mapping
from app.domain.enums import EnrolmentStatus, OutboxState, SiteKind
from app.errors import StorageFullError
from app.paths import StationPaths
from app.storage.models import Enrolment
from drivers.iris.base import Eye
from tests.support.station import unlocked_copy
from ui.gui.device_hub import DeviceStatus
from ui.gui.main_window import MainWindow
from ui.gui.widgets.hand_diagram import FingerState

from .conftest import SUPERVISOR

WAIT_MS = 60_000
APPLICANTS = (("3573014507080003", "Ani Lestari"), ("3573011203080001", "Bayu Saputra"))


@pytest.fixture
def sim_station(station_home, station_template: Path) -> Iterator[Station]:
    """A station with every device simulated (the default configuration)."""
    paths = StationPaths.default()
    paths.ensure()
    built = unlocked_copy(station_template, from_mapping({}, paths))
    yield built
    built.close()


@pytest.fixture
def window(qtbot, sim_station: Station) -> Iterator[MainWindow]:
    station = sim_station
    site = station.sites.create_site("SMA Negeri 1 Batu", SiteKind.SCHOOL, target_count=40)
    for nik, name in APPLICANTS:
        station.applicants.add_manual(nik, name, site_id=site.id)
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
    qtbot.waitUntil(lambda: main.queue_page.table.rowCount() == len(APPLICANTS), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: all(main.context.devices.is_ready(f) for f in main.context.devices.families),
                    timeout=WAIT_MS)
    yield main
    main.capture_page.close_steps()


def start_recording(qtbot, window: MainWindow, nik: str) -> None:
    window.queue_page.search.setText(nik)
    window.queue_page.record_button.click()
    qtbot.waitUntil(lambda: window.capture_page.enrolment_uuid is not None
                    and nik in window.capture_page.applicant_label.text(), timeout=WAIT_MS)


def capture_face(qtbot, window: MainWindow) -> None:
    face = window.capture_page.face
    qtbot.waitUntil(lambda: face.saved or face.reports_seen >= 8, timeout=WAIT_MS)
    if not face.saved:  # auto-capture did not fire: take it by hand, as an operator would
        face.capture_now()
    qtbot.waitUntil(lambda: face.continue_button.isEnabled(), timeout=WAIT_MS)
    assert window.capture_page.current_step is face  # the kept photo is shown until the operator goes on
    assert face.preview.image is not None
    face.continue_button.click()
    qtbot.waitUntil(lambda: window.capture_page.current_step is window.capture_page.fingers, timeout=WAIT_MS)


def capture_fingers(qtbot, window: MainWindow) -> None:
    fingers = window.capture_page.fingers
    for _ in range(40):
        if fingers.done:
            break
        position = fingers.current
        fingers.scan()
        qtbot.waitUntil(lambda: not fingers.scanning, timeout=WAIT_MS)
        if fingers.may_force.get(position):
            dialog = fingers.ask_force()
            dialog.username.setText(SUPERVISOR[0])
            dialog.password.setText(SUPERVISOR[2])
            dialog.verify()
            qtbot.waitUntil(lambda position=position: fingers.diagram.states[position] == FingerState.FORCED, timeout=WAIT_MS)
    assert fingers.done
    qtbot.waitUntil(lambda: window.capture_page.current_step is window.capture_page.iris, timeout=WAIT_MS)


def capture_iris_and_signature(qtbot, window: MainWindow) -> None:
    capture = window.capture_page
    for _ in range(2):
        capture.iris.scan_next()
        qtbot.waitUntil(lambda: capture.iris.scanning is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: capture.current_step is capture.signature, timeout=WAIT_MS)
    canvas = capture.signature.canvas
    qtbot.waitUntil(lambda: len(canvas.points) > 20, timeout=WAIT_MS)
    previous = -1
    while len(canvas.points) != previous:  # the simulated pen finishes its signature
        previous = len(canvas.points)
        qtbot.wait(600)
    capture.signature.save()
    qtbot.waitUntil(lambda: capture.current_step is capture.review, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: capture.review.review is not None, timeout=WAIT_MS)


def test_record_an_applicant_with_every_device_then_save(qtbot, window: MainWindow, sim_station: Station) -> None:
    states: list[DeviceStatus] = []
    window.context.devices.state_changed.connect(lambda state: states.append(state.status))
    start_recording(qtbot, window, APPLICANTS[0][0])
    uuid = window.capture_page.enrolment_uuid
    capture_face(qtbot, window)
    assert window.capture_page.face.preview.frames_shown > 0
    capture_fingers(qtbot, window)
    capture_iris_and_signature(qtbot, window)
    review = window.capture_page.review
    assert DeviceStatus.DISCONNECTED not in states  # streams handed over cleanly between steps
    assert review.table.rowCount() == 14  # face, ten fingers, two irises, signature
    qtbot.waitUntil(lambda: review.thumbnails_shown == 14, timeout=WAIT_MS)  # a picture of every capture
    assert review.save_button.isEnabled()
    with qtbot.waitSignal(window.capture_page.finished, timeout=WAIT_MS):
        review.save_button.click()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.queue_page, timeout=WAIT_MS)
    with sim_station.db.session() as session:
        enrolment = session.scalar(select(Enrolment).where(Enrolment.uuid == uuid))
        assert enrolment.status == EnrolmentStatus.BIO_CAPTURED
        assert len(enrolment.captures) == 14
        assert {c.modality.value for c in enrolment.captures} == {"face", "finger", "iris", "signature"}
        assert enrolment.outbox_entry is not None and enrolment.outbox_entry.state == OutboxState.QUEUED
    window.queue_page.search.clear()

    def state_of(name: str) -> str:
        table = window.queue_page.table
        return next((table.item(r, 4).text() for r in range(table.rowCount()) if table.item(r, 0).text() == name), "")

    qtbot.waitUntil(lambda: state_of(APPLICANTS[0][1]) == "Sudah direkam", timeout=WAIT_MS)
    assert state_of(APPLICANTS[1][1]) == "Belum direkam"

    window.show_page("progress")
    progress = window.progress_page
    qtbot.waitUntil(lambda: progress.recorded.text() == "1", timeout=WAIT_MS)
    assert progress.target.text() == "40" and progress.remaining.text() == "39"
    window.show_page("approval")  # the supervisor approves the day's record before it is sent
    approval = window.approval_page
    qtbot.waitUntil(lambda: approval.table.rowCount() == 1, timeout=WAIT_MS)
    assert approval.table.item(0, 0).text() == APPLICANTS[0][1]
    approval.approve_all_button.click()
    qtbot.waitUntil(lambda: approval.table.rowCount() == 0, timeout=WAIT_MS)
    assert sim_station.enrolments.status(uuid) == EnrolmentStatus.APPROVED

    window.show_page("queue")  # recording the same person again needs a confirmation
    queue = window.queue_page
    qtbot.waitUntil(lambda: queue.table.rowCount() == 2, timeout=WAIT_MS)
    queue.search.setText(APPLICANTS[0][0])
    queue.record_button.click()
    qtbot.waitUntil(lambda: getattr(queue, "confirm_box", None) is not None and queue.confirm_box.isVisible(),
                    timeout=WAIT_MS)
    assert APPLICANTS[0][1] in queue.confirm_box.text()
    queue.confirm_box.button(QMessageBox.StandardButton.No).click()
    assert window.pages.currentWidget() is queue


def test_scanner_unplugged_mid_capture_shows_what_to_do_and_capture_resumes(qtbot, window: MainWindow) -> None:
    start_recording(qtbot, window, APPLICANTS[1][0])
    capture = window.capture_page
    capture.go_to(1)
    fingers = capture.fingers
    hub = window.context.devices
    scanner = hub.device("fingerprint")
    scanner.inject_fault("unplug_mid_capture")
    with qtbot.waitSignal(hub.state_changed, timeout=WAIT_MS,
                          check_params_cb=lambda state: state.status == DeviceStatus.DISCONNECTED):
        fingers.scan()
    qtbot.waitUntil(lambda: not fingers.scanning, timeout=WAIT_MS)
    assert fingers.message.isVisible()
    assert "Pasang kembali kabel" in fingers.message.text()  # the error's action
    assert window.device_status.labels["fingerprint"].property("status") in ("disconnected", "ready")
    scanner.clear_fault()
    qtbot.waitUntil(lambda: hub.is_ready("fingerprint"), timeout=WAIT_MS)
    position = fingers.current
    fingers.scan()
    qtbot.waitUntil(lambda: not fingers.scanning, timeout=WAIT_MS)
    assert fingers.attempts.get(position) == 1
    assert fingers.diagram.states[position] in (FingerState.PASSED, FingerState.LOW_QUALITY)


def test_camera_unplugged_during_the_preview_recovers_when_plugged_back(qtbot, window: MainWindow) -> None:
    start_recording(qtbot, window, APPLICANTS[1][0])
    face = window.capture_page.face
    face.auto_capture.setChecked(False)
    qtbot.waitUntil(lambda: face.preview.frames_shown > 0, timeout=WAIT_MS)
    hub = window.context.devices
    camera = hub.device("camera")
    with qtbot.waitSignal(hub.state_changed, timeout=WAIT_MS,
                          check_params_cb=lambda state: state.status == DeviceStatus.DISCONNECTED):
        camera.inject_fault("disconnected")
    qtbot.waitUntil(lambda: face.message.isVisible(), timeout=WAIT_MS)
    assert "Perangkat" in face.message.text()
    shown = face.preview.frames_shown
    camera.clear_fault()
    # frames again, and one of them assessed: a loaded machine checks frames slower than it shows them
    qtbot.waitUntil(lambda: face.preview.frames_shown > shown + 2 and face.last_image is not None, timeout=WAIT_MS)
    assert hub.is_ready("camera")
    face.capture_now()  # manual capture, then the operator goes back for a retake
    capture = window.capture_page
    qtbot.waitUntil(lambda: face.continue_button.isEnabled(), timeout=WAIT_MS)
    face.continue_button.click()
    qtbot.waitUntil(lambda: capture.current_step is capture.fingers, timeout=WAIT_MS)
    capture.go_to(0)
    assert face.retake_button.isEnabled()
    shown = face.preview.frames_shown
    face.retake()
    qtbot.waitUntil(lambda: face.preview.frames_shown > shown + 2 and face.last_image is not None, timeout=WAIT_MS)
    face.capture_now()
    qtbot.waitUntil(lambda: face.continue_button.isEnabled(), timeout=WAIT_MS)
    face.accept_photo()
    qtbot.waitUntil(lambda: capture.current_step is capture.fingers, timeout=WAIT_MS)
    review = window.station.enrolments.review(capture.enrolment_uuid)
    assert [c.modality for c in review.captures] == ["face"]


def test_the_same_person_recorded_twice_is_flagged_as_a_possible_duplicate(
        qtbot, window: MainWindow, sim_station: Station) -> None:
    hub = window.context.devices
    for nik, _name in APPLICANTS:
        start_recording(qtbot, window, nik)
        hub.present_subject(4242, "blue")  # the same synthetic person both times
        capture_face(qtbot, window)
        capture_fingers(qtbot, window)
        capture_iris_and_signature(qtbot, window)
        review = window.capture_page.review
        if nik == APPLICANTS[0][0]:
            with qtbot.waitSignal(window.capture_page.finished, timeout=WAIT_MS):
                review.save_button.click()
            qtbot.waitUntil(lambda: window.pages.currentWidget() is window.queue_page, timeout=WAIT_MS)
    assert "possible_duplicate" in review.warning_codes()
    text = " ".join(review.warnings.item(i).text() for i in range(review.warnings.count()))
    assert "ganda" in text.lower()


def test_keyboard_only_space_scans_and_alt_digits_switch_pages(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    start_recording(qtbot, window, APPLICANTS[0][0])
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # step 2: fingerprints
    fingers = window.capture_page.fingers
    qtbot.waitUntil(lambda: window.capture_page.current_step is fingers, timeout=WAIT_MS)
    position = fingers.current
    qtbot.keyClick(window.capture_page, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: fingers.attempts.get(position) == 1, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)  # page 4: progress
    assert window.pages.currentWidget() is window.progress_page


def test_missing_finger_and_eye_are_marked_as_exceptions_with_a_supervisor(
        qtbot, window: MainWindow, sim_station: Station) -> None:
    start_recording(qtbot, window, APPLICANTS[1][0])
    capture = window.capture_page
    uuid = capture.enrolment_uuid
    capture.go_to(1)
    fingers = capture.fingers
    position = fingers.current
    dialog = fingers.ask_exception()
    dialog.username.setText(SUPERVISOR[0])
    dialog.password.setText("bukan-sandinya")
    dialog.verify()
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=WAIT_MS)  # wrong password: refused
    assert fingers.diagram.states[position] != FingerState.EXCEPTION
    dialog.password.setText(SUPERVISOR[2])
    dialog.verify()
    qtbot.waitUntil(lambda: fingers.diagram.states[position] == FingerState.EXCEPTION, timeout=WAIT_MS)
    assert fingers.current != position  # moved on to the next finger
    capture.go_to(2)
    iris_dialog = capture.iris.ask_exception(Eye.RIGHT)
    iris_dialog.username.setText(SUPERVISOR[0])
    iris_dialog.password.setText(SUPERVISOR[2])
    iris_dialog.verify()
    qtbot.waitUntil(lambda: capture.iris.panels[Eye.RIGHT].saved, timeout=WAIT_MS)
    review = sim_station.enrolments.review(uuid)
    reasons = {(c.modality, c.position): c.exception_reason for c in review.captures}
    assert reasons[("finger", position.slug)] == "amputated"
    assert reasons[("iris", "right")] == "amputated"


def test_a_full_disk_is_explained_and_the_finger_can_be_scanned_again(
        qtbot, window: MainWindow, sim_station: Station, monkeypatch: pytest.MonkeyPatch) -> None:
    start_recording(qtbot, window, APPLICANTS[1][0])
    capture = window.capture_page
    capture.go_to(1)
    fingers = capture.fingers
    position = fingers.current
    real_record = sim_station.enrolments.record_finger_attempt

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise StorageFullError()

    monkeypatch.setattr(sim_station.enrolments, "record_finger_attempt", disk_full)
    fingers.scan()
    qtbot.waitUntil(lambda: not fingers.scanning, timeout=WAIT_MS)
    assert "Disk penuh" in fingers.message.text()
    assert "perangkat kembali" not in fingers.message.text()  # not a device problem
    assert fingers.diagram.states[position] == FingerState.CURRENT
    assert window.context.devices.is_ready("fingerprint")
    monkeypatch.setattr(sim_station.enrolments, "record_finger_attempt", real_record)
    fingers.scan()
    qtbot.waitUntil(lambda: not fingers.scanning and fingers.attempts.get(position) == 1, timeout=WAIT_MS)


def test_signature_pad_unplugged_while_signing_falls_back_to_the_mouse_then_returns(
        qtbot, window: MainWindow) -> None:
    start_recording(qtbot, window, APPLICANTS[1][0])
    capture = window.capture_page
    capture.go_to(3)
    signature = capture.signature
    qtbot.waitUntil(lambda: signature.using_pad and len(signature.canvas.points) > 5, timeout=WAIT_MS)
    hub = window.context.devices
    pad = hub.device("signature")
    with qtbot.waitSignal(hub.state_changed, timeout=WAIT_MS,
                          check_params_cb=lambda state: state.status == DeviceStatus.DISCONNECTED):
        pad.inject_fault("disconnected")
    qtbot.waitUntil(lambda: signature.canvas.mouse_enabled, timeout=WAIT_MS)
    assert "Pasang kembali kabel" in signature.message.text()
    with qtbot.waitSignal(hub.recovered, timeout=WAIT_MS):
        pad.clear_fault()
    qtbot.waitUntil(lambda: signature.using_pad and not signature.canvas.mouse_enabled, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(signature.canvas.points) > 5, timeout=WAIT_MS)
