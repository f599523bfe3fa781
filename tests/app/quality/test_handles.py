"""Native handles live for the process: built once, lent to one call at a time, bounded, released on close."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QRunnable, QThreadPool

from app.quality import face_detect, finger
from app.quality.finger import assess_finger
from app.quality.handles import HandlePool, release_all
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint


class _Call(QRunnable):
    def __init__(self, work) -> None:
        super().__init__()
        self.work = work
        self.thread_ids: list[int] = []

    def run(self) -> None:
        self.thread_ids.append(threading.get_native_id())
        self.work()


def _on_one_pool_thread(*works) -> set[int]:
    """Run each callable as its own task on a one-thread QThreadPool (as the GUI's quality executor does)."""
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    calls = [_Call(work) for work in works]
    for call in calls:
        call.setAutoDelete(False)
        pool.start(call)
    assert pool.waitForDone(60_000)
    return {i for call in calls for i in call.thread_ids}


def test_two_nfiq2_calls_on_one_qt_pool_thread_build_one_extractor(qapp) -> None:
    finger.EXTRACTORS.close()
    before = finger.EXTRACTORS.built
    pixels = synthesize_fingerprint(31, FingerPosition.RIGHT_INDEX)
    scores: list[float | None] = []
    threads = _on_one_pool_thread(lambda: scores.append(assess_finger(pixels, "right_index").score),
                                  lambda: scores.append(assess_finger(pixels, "right_index").score))
    assert len(threads) == 1
    assert finger.EXTRACTORS.built - before == 1
    assert scores[0] == scores[1] and scores[0] > 0


def test_face_checks_on_one_qt_pool_thread_load_the_cascades_once(qapp, portrait) -> None:
    from app.quality.face import assess_face

    face_detect.DETECTORS.close()
    before = face_detect.DETECTORS.built
    frame = portrait()
    _on_one_pool_thread(lambda: assess_face(frame), lambda: assess_face(frame), lambda: assess_face(frame))
    assert face_detect.DETECTORS.built - before == 1


def test_a_handle_is_never_lent_to_two_callers_at_once_and_the_pool_is_bounded() -> None:
    pool = HandlePool("test", object, limit=2)
    in_use: set[int] = set()
    overlap: list[bool] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(20):
            with pool.checkout() as handle:
                with lock:
                    overlap.append(id(handle) in in_use)
                    in_use.add(id(handle))
                time.sleep(0.001)
                with lock:
                    in_use.discard(id(handle))

    workers = [threading.Thread(target=work) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not any(overlap)
    assert pool.built == 2 and pool.alive == 2


def test_close_drops_idle_handles_and_busy_ones_when_returned() -> None:
    pool = HandlePool("test", object, limit=1)
    with pool.checkout() as first:
        pool.close()
        assert pool.alive == 1  # still lent out
    assert pool.alive == 0
    with pool.checkout() as second:
        assert second is not first
    release_all()
    assert pool.alive == 0 and pool.built == 2


def test_a_failing_factory_frees_its_place() -> None:
    attempts = iter([RuntimeError("no"), "handle"])

    def factory() -> str:
        value = next(attempts)
        if isinstance(value, Exception):
            raise value
        return value

    pool = HandlePool("test", factory, limit=1)
    with pytest.raises(RuntimeError):
        with pool.checkout():
            pass
    with pool.checkout() as handle:
        assert handle == "handle"
