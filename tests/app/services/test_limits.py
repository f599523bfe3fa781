"""Registration freeze: each ``[limits]`` breach freezes recording with its reason; approval and sync lift it."""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from collections.abc import Iterator
from typing import Any

import pytest

from app.bootstrap import Station
from app.config import from_mapping
from app.errors import ConfigError
from app.paths import StationPaths
from app.services.limits import LimitsSettings, RegistrationFrozenError
from app.settings import validate_station_data
from app.sync.central_config import CentralConfigRefused, validate_central_config
from app.sync.last_sync import last_successful_sync, record_successful_sync
from app.sync.synthetic import add_synthetic_enrolment
from app.timezones import utc_now
from tests.app.services.enrolment_helpers import People, add_applicant, make_people
from tests.support.station import unlocked_station

DiskUsage = namedtuple("DiskUsage", "total used free")


def make_station(table: dict[str, Any]) -> Station:
    paths = StationPaths.default()
    paths.ensure()
    return unlocked_station(from_mapping(table, paths))


@pytest.fixture
def strict_station(station_home: Any) -> Iterator[Station]:
    built = make_station({"limits": {"max_pending_approval": 2}})
    yield built
    built.close()


def later(days: float) -> Any:
    moment = utc_now() + dt.timedelta(days=days)
    return lambda: moment


def test_a_fresh_station_records(station: Station) -> None:
    report = station.limits.check()
    assert not report.frozen and report.pending_approval == 0 and report.last_sync_at is None
    assert report.free_disk_bytes > 0
    people = make_people(station)
    applicant = add_applicant(station, "3573014503080001", "Siti Contoh", people.site_id)
    assert station.enrolments.start(applicant, people.visit_id, people.officer_id)


def test_too_many_pending_freezes_until_the_supervisor_approves(strict_station: Station) -> None:
    station = strict_station
    people: People = make_people(station)
    uuids = [add_synthetic_enrolment(station.db, station.blobs, serial=i, approved=False) for i in (1, 2)]
    report = station.limits.check()
    assert [b.code for b in report.breaches] == ["pending_approval"]
    applicant = add_applicant(station, "3573014503080001", "Siti Contoh", people.site_id)
    with pytest.raises(RegistrationFrozenError) as caught:
        station.enrolments.start(applicant, people.visit_id, people.officer_id)
    error = caught.value
    assert "dibekukan" in error.message_id and "waiting for the supervisor" in error.message_en
    assert "station approve" in error.action_en
    assert station.enrolments.drafts() == []  # nothing half-started

    station.approvals.approve(uuids[:1], people.supervisor_id)
    assert not station.limits.check().frozen
    assert station.enrolments.start(applicant, people.visit_id, people.officer_id)


def test_pending_records_do_not_count_when_approval_is_off(station_home: Any) -> None:
    station = make_station({"limits": {"max_pending_approval": 1}, "sync": {"require_approval": False}})
    try:
        add_synthetic_enrolment(station.db, station.blobs, serial=3, approved=False)
        report = station.limits.check()
        assert not report.frozen and report.pending_approval == 0 and report.require_approval is False
    finally:
        station.close()


def test_an_old_pending_record_freezes(station: Station) -> None:
    add_synthetic_enrolment(station.db, station.blobs, serial=4, approved=False)
    assert "pending_age" not in {b.code for b in station.build_limits(clock=later(49)).check().breaches}
    breach = {b.code: b for b in station.build_limits(clock=later(50.5)).check().breaches}["pending_age"]
    assert breach.limit == 50 and 50 <= breach.value < 51
    assert "WIB" in breach.message_id and "days ago" in breach.message_en


def test_never_synced_counts_from_the_first_enrolment_and_a_sync_lifts_it(station: Station) -> None:
    assert station.build_limits(clock=later(30)).check().breaches == ()  # nothing recorded yet
    add_synthetic_enrolment(station.db, station.blobs, serial=5, approved=True)
    assert not station.build_limits(clock=later(4.9)).check().frozen
    report = station.build_limits(clock=later(5.1)).check()
    [breach] = report.breaches
    assert breach.code == "sync_age" and "never synced" in breach.message_en and "station sync" in breach.action_en
    assert report.sync_clock_since is not None and report.last_sync_at is None

    synced = record_successful_sync(station.db, utc_now() + dt.timedelta(days=5))
    assert last_successful_sync(station.db) == synced
    assert not station.build_limits(clock=later(5.1)).check().frozen
    breach = station.build_limits(clock=later(10.5)).check().breaches[0]
    assert "last successful sync" in breach.message_en and "WIB" in breach.message_en


def test_little_free_disk_freezes(station: Station) -> None:
    limits = station.build_limits(disk_usage=lambda _path: DiskUsage(10 * 1024**3, 0, 200 * 1024**2))
    [breach] = limits.check().breaches
    assert breach.code == "free_disk" and breach.limit == 1024 and breach.value == 200.0
    assert "MiB" in breach.message_id
    with pytest.raises(RegistrationFrozenError):
        limits.require_open()


def test_report_as_json(station: Station) -> None:
    data = station.build_limits(disk_usage=lambda _path: DiskUsage(1, 0, 5)).check().to_dict()
    assert data["frozen"] is True and data["breaches"][0]["code"] == "free_disk"
    assert isinstance(data["checked_at"], str)


def test_zero_switches_a_limit_off(station_home: Any) -> None:
    station = make_station({"limits": {"min_free_disk_mib": 0, "max_days_since_sync": 0}})
    try:
        add_synthetic_enrolment(station.db, station.blobs, serial=6, approved=True)
        limits = station.build_limits(clock=later(400), disk_usage=lambda _path: DiskUsage(1, 1, 0))
        assert limits.check().breaches == ()
    finally:
        station.close()


@pytest.mark.parametrize("table", [{"max_pending": 3}, {"max_pending_days": -1}, {"min_free_disk_mib": "1G"},
                                   {"max_days_since_sync": True}])
def test_bad_limits_are_refused(station_home: Any, table: dict[str, Any]) -> None:
    paths = StationPaths.default()
    with pytest.raises(ConfigError):
        LimitsSettings.from_config(from_mapping({"limits": table}, paths))


def test_the_office_may_set_limits_from_the_hub_but_not_bad_ones() -> None:
    assert validate_central_config({"limits": {"max_days_since_sync": 3}}, validate_station_data) == {"limits": {"max_days_since_sync": 3}}
    with pytest.raises(CentralConfigRefused):
        validate_central_config({"limits": {"max_days_since_sync": -3}}, validate_station_data)
