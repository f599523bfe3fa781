"""Sites of every kind, and visits: one open visit per station."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher

from app.bootstrap import Station
from app.domain.enums import Role, SiteKind
from app.errors import InputError, NotFoundError
from app.services.operators import OperatorService
from app.services.sites import SiteService, VisitAlreadyOpenError


def test_sites_of_every_kind_are_listed_by_name(station: Station) -> None:
    for index, kind in enumerate(SiteKind):
        station.sites.create_site(f"Lokasi {9 - index}", kind, region_code="357301", target_count=10 * index)
    sites = station.sites.list_sites()
    assert [s.name for s in sites] == sorted(s.name for s in sites)
    assert {s.kind for s in sites} == set(SiteKind)
    assert all(s.applicant_count == 0 and s.recorded_count == 0 for s in sites)


@pytest.mark.parametrize(("name", "kind", "region", "target"), [
    ("", "school", "", 0), ("SMA", "market", "", 0), ("SMA", "school", "35-73", 0), ("SMA", "school", "3573011", 0),
    ("SMA", "school", "", -1),
])
def test_bad_site_input_is_refused(station: Station, name: str, kind: str, region: str, target: int) -> None:
    with pytest.raises(InputError):
        station.sites.create_site(name, kind, region_code=region, target_count=target)


def test_site_names_are_unique_ignoring_case_and_spaces(station: Station) -> None:
    station.sites.create_site("SMAN 1 Malang")
    with pytest.raises(InputError):
        station.sites.create_site("  sman  1 malang ")


def test_one_open_visit_per_station(station: Station) -> None:
    operator = OperatorService(station.db, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
                               ).create_operator("petugas1", "A", Role.OFFICER, "rahasia-123")
    school = station.sites.create_site("SMAN 1 Malang", region_code="357301")
    mall = station.sites.create_site("Mal Olympic Garden", SiteKind.MALL)
    assert station.sites.active_visit() is None
    visit = station.sites.open_visit(school.id, operator_ids=[operator.id, operator.id],
                                     polling_date=dt.date(2024, 11, 27))
    assert visit.station_code == station.config.identity.station_code
    assert [o.username for o in visit.operators] == ["petugas1"]
    with pytest.raises(VisitAlreadyOpenError):
        station.sites.open_visit(mall.id)
    active = station.sites.active_visit()
    assert active is not None and active.id == visit.id and active.site.name == "SMAN 1 Malang"
    closed = station.sites.close_visit()
    assert closed.closed_at is not None
    assert station.sites.active_visit() is None
    assert station.sites.open_visit(mall.id).site.name == "Mal Olympic Garden"


def test_another_station_on_the_same_database_has_its_own_open_visit(station: Station) -> None:
    site = station.sites.create_site("Desa Sumberejo", SiteKind.VILLAGE)
    station.sites.open_visit(site.id)
    other = SiteService(station.db, station_code="3573-02")
    assert other.active_visit() is None
    other.open_visit(site.id)


def test_visit_date_is_the_local_date(station: Station) -> None:
    late_evening_utc = dt.datetime(2024, 11, 26, 18, 30, tzinfo=dt.UTC)  # 01:30 WIT the next day
    service = SiteService(station.db, station_code="9471-01", timezone_name="WIT", clock=lambda: late_evening_utc)
    site = service.create_site("Lapas Abepura", SiteKind.PRISON)
    assert service.open_visit(site.id).visit_date == dt.date(2024, 11, 27)


def test_closing_without_an_open_visit_is_a_clear_error(station: Station) -> None:
    with pytest.raises(NotFoundError):
        station.sites.close_visit()
    with pytest.raises(NotFoundError):
        station.sites.open_visit(999)


def test_update_site_checks_its_values(station: Station) -> None:
    site = station.sites.create_site("SMAN 1 Malang")
    updated = station.sites.update_site(site.id, target_count=156, region_code="35.73.01")
    assert (updated.target_count, updated.region_code) == (156, "357301")
    with pytest.raises(InputError):
        station.sites.update_site(site.id, region_code="Malang")
    with pytest.raises(InputError):
        station.sites.update_site(site.id, target_count=-5)
