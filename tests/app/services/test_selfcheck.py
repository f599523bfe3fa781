"""Self-checks of the simulated devices: results, advice, progress and the stored history."""

from __future__ import annotations

from app.config import from_mapping
from app.paths import StationPaths
from tests.support.station import unlocked_station


def station_with(devices: dict):
    paths = StationPaths.default()
    paths.ensure()
    return unlocked_station(from_mapping({"devices": devices}, paths))


def test_all_simulators_pass_with_identity_latency_and_quality(station) -> None:
    calls = []
    run = station.selfcheck.run(lambda family, done, total: calls.append((family, done, total)))
    assert run.ok
    by_family = {r.family: r for r in run.results}
    assert sorted(by_family) == ["camera", "fingerprint", "iris", "signature"]
    for result in run.results:
        assert result.info and result.info["backend"] == "sim"
        assert result.latency_s is not None and result.latency_s >= 0
    assert by_family["fingerprint"].quality >= 40  # NFIQ 2
    assert by_family["iris"].quality is not None
    assert calls[0] == ("camera", 0, 4) and calls[-1] == ("", 4, 4)


def test_dirty_sensor_and_pulled_cable_fail_with_advice(station_home) -> None:
    station = station_with({
        "fingerprint": {"backend": "sim", "fault": "dirty_sensor"},
        "signature": {"backend": "sim", "fault": "disconnected"},
        "iris": {"backend": "sim"},
    })
    try:
        run = station.selfcheck.run()
        assert not run.ok
        by_family = {r.family: r for r in run.results}
        finger = by_family["fingerprint"]
        assert not finger.ok and finger.quality is None
        assert "kaca sensor" in finger.action_id and "sensor glass" in finger.action_en
        pad = by_family["signature"]
        assert not pad.ok and pad.error["error"] == "DeviceNotConnectedError"
        assert "cable" in pad.action_en
        assert by_family["iris"].ok

        history = station.selfcheck.history(10)
        assert len(history) == 3
        assert {h.run_uuid for h in history} == {run.run_uuid}
        assert {h.family for h in history if not h.ok} == {"fingerprint", "signature"}
        assert all(h.at.tzinfo is not None for h in history)
    finally:
        station.close()


def test_bad_backend_is_a_failed_check_not_a_crash(station_home) -> None:
    station = station_with({"camera": {"backend": "betamax"}})
    try:
        run = station.selfcheck.run()
        assert not run.ok
        assert run.results[0].error["error"] == "DeviceConfigError"
    finally:
        station.close()


def test_history_is_newest_first(station_home) -> None:
    station = station_with({"iris": {"backend": "sim"}})
    try:
        first = station.selfcheck.run()
        second = station.selfcheck.run()
        history = station.selfcheck.history()
        assert [h.run_uuid for h in history] == [second.run_uuid, first.run_uuid]
        assert station.selfcheck.history(1)[0].run_uuid == second.run_uuid
    finally:
        station.close()
