"""The worker layer: work runs off the GUI thread, in order, and comes back on the GUI thread."""

from __future__ import annotations

import threading

from ui.gui.workers import LatestOnlyExecutor, SerialExecutor, TaskDone, TaskFailed

WAIT_MS = 20_000


def test_serial_executor_runs_in_order_off_the_gui_thread_and_answers_on_it(qtbot) -> None:
    executor = SerialExecutor("test")
    gui_thread = threading.current_thread()
    worker_threads: list[threading.Thread] = []
    results: list[int] = []
    callback_threads: list[threading.Thread] = []

    def work(value: int) -> int:
        worker_threads.append(threading.current_thread())
        return value * 10

    def done(value: int) -> None:
        callback_threads.append(threading.current_thread())
        results.append(value)

    for value in range(20):
        executor.submit(lambda v=value: work(v), done)
    qtbot.waitUntil(lambda: len(results) == 20, timeout=WAIT_MS)
    assert results == [v * 10 for v in range(20)]
    assert gui_thread not in worker_threads
    assert set(callback_threads) == {gui_thread}
    executor.shutdown()


def test_errors_come_back_as_task_failed_with_the_exception(qtbot) -> None:
    executor = SerialExecutor("test")
    errors: list[BaseException] = []
    outcomes: list[object] = []
    executor.task_finished.connect(outcomes.append)
    executor.submit(lambda: 1 / 0, on_error=errors.append)
    executor.submit(lambda: "ok")
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=WAIT_MS)
    assert isinstance(errors[0], ZeroDivisionError)
    assert isinstance(outcomes[0], TaskFailed) and isinstance(outcomes[1], TaskDone)
    assert outcomes[1].value == "ok"
    executor.shutdown()


def test_latest_only_executor_drops_work_superseded_while_busy(qtbot) -> None:
    executor = LatestOnlyExecutor("test")
    release = threading.Event()
    ran: list[int] = []

    def slow(value: int) -> int:
        if value == 0:
            release.wait(10)
        ran.append(value)
        return value

    for value in range(5):  # 0 runs; 1, 2 and 3 are replaced by 4 while 0 is busy
        executor.submit(lambda v=value: slow(v))
    assert executor.busy
    release.set()
    qtbot.waitUntil(lambda: ran == [0, 4] and not executor.busy, timeout=WAIT_MS)
    executor.shutdown()


def test_call_from_another_worker_runs_on_the_executor_thread_and_waits(qtbot) -> None:
    storage = SerialExecutor("storage")
    ran_on: list[int] = []
    outcome: dict[str, object] = {}

    def network_thread() -> None:
        outcome["value"] = storage.call(lambda: ran_on.append(threading.get_ident()) or 42)
        try:
            storage.call(lambda: 1 / 0)
        except ZeroDivisionError as error:
            outcome["error"] = error

    worker = threading.Thread(target=network_thread)
    worker.start()
    worker.join(10)
    assert outcome["value"] == 42
    assert isinstance(outcome["error"], ZeroDivisionError)
    assert ran_on and ran_on[0] not in (worker.ident, threading.get_ident())
    storage.shutdown()
