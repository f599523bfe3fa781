"""Applicants: manual add checked against the NIK, search, queue states, visit progress."""

from __future__ import annotations

import datetime as dt

import pytest

from app.bootstrap import Station
from app.domain.enums import CentralStatus, EligibilityStatus, EnrolmentStatus, OutboxState, QueueState, Sex
from app.errors import InputError
from app.services.applicants import ApplicantService
from app.storage.models import Enrolment, OutboxEntry

NIK_SITI = "3573014503080001"  # woman, 5 March 2008, Blimbing
NIK_BUDI = "3573010502080002"  # man, 5 February 2008
NIK_ANI = "3573015506100003"  # woman, 15 June 2010


@pytest.fixture
def service(station: Station) -> ApplicantService:
    now = dt.datetime(2024, 11, 27, 3, 0, tzinfo=dt.UTC)
    return ApplicantService(station.db, station.people_settings, clock=lambda: now)


def test_manual_add_fills_birth_date_sex_and_region_from_the_nik(service: ApplicantService) -> None:
    applicant = service.add_manual(NIK_SITI, "  Siti   Aminah ", student_number="1001", class_name="XII IPA 1")
    assert applicant.name == "Siti Aminah"
    assert applicant.birth_date == dt.date(2008, 3, 5) and applicant.sex is Sex.FEMALE
    assert (applicant.regency, applicant.district, applicant.province) == ("KOTA MALANG", "BLIMBING", "JAWA TIMUR")


def test_manual_add_accepts_matching_typed_fields(service: ApplicantService) -> None:
    applicant = service.add_manual(NIK_SITI, "Siti", birth_date="05-03-2008", sex="perempuan",
                                   kk_number="3573012001150003", blood_type="o", rt="3", rw="12")
    assert applicant.kk_number == "3573012001150003" and applicant.blood_type == "O"


@pytest.mark.parametrize(("nik", "fields", "column"), [
    ("3573014503080000", {}, "nik"),
    (NIK_SITI, {"birth_date": "2008-05-03"}, "birth_date"),
    (NIK_SITI, {"sex": "L"}, "sex"),
    (NIK_SITI, {"sex": "x"}, "sex"),
    (NIK_SITI, {"kk_number": "123"}, "kk_number"),
    (NIK_SITI, {"rt": "tiga"}, "rt"),
])
def test_manual_add_refuses_bad_or_inconsistent_input(service: ApplicantService, nik: str, fields: dict,
                                                       column: str) -> None:
    with pytest.raises(InputError) as error:
        service.add_manual(nik, "Siti", **fields)
    assert column in error.value.message_en


def test_a_nik_is_registered_once(service: ApplicantService) -> None:
    service.add_manual(NIK_SITI, "Siti")
    with pytest.raises(InputError, match="sudah terdaftar"):
        service.add_manual(NIK_SITI, "Siti lagi")


def test_search_by_name_nik_or_student_number(station: Station, service: ApplicantService) -> None:
    site = station.sites.create_site("SMAN 1 Malang")
    service.add_manual(NIK_SITI, "Siti Aminah", site_id=site.id, student_number="1001")
    service.add_manual(NIK_BUDI, "Budi Santoso", student_number="1002")
    assert [a.name for a in service.search("amin")] == ["Siti Aminah"]
    assert [a.name for a in service.search("0502 08")] == ["Budi Santoso"]
    assert [a.name for a in service.search("1002")] == ["Budi Santoso"]
    assert len(service.search("")) == 2
    assert [a.name for a in service.search("", site_id=site.id)] == ["Siti Aminah"]
    assert service.search("100%") == []


def _enrol(station: Station, applicant_id: int, status: EnrolmentStatus, visit_id: int | None = None,
           outbox: OutboxState | None = None, central: CentralStatus | None = None) -> str:
    with station.db.session() as session:
        enrolment = Enrolment(applicant_id=applicant_id, status=status, visit_id=visit_id)
        session.add(enrolment)
        session.flush()
        if outbox is not None:
            session.add(OutboxEntry(enrolment_id=enrolment.id, state=outbox, central_status=central,
                                    last_error="tampered" if outbox is OutboxState.FAILED else None))
        return enrolment.uuid


def test_queue_states_follow_enrolment_and_outbox(station: Station, service: ApplicantService) -> None:
    site = station.sites.create_site("SMAN 1 Malang")
    niks = [f"35730101020800{i:02d}" for i in range(1, 9)]
    ids = [service.add_manual(nik, f"Siswa {i}", site_id=site.id).id for i, nik in enumerate(niks)]
    _enrol(station, ids[1], EnrolmentStatus.DRAFT)
    _enrol(station, ids[2], EnrolmentStatus.BIO_CAPTURED, outbox=OutboxState.QUEUED)
    _enrol(station, ids[3], EnrolmentStatus.APPROVED, outbox=OutboxState.QUEUED)
    _enrol(station, ids[4], EnrolmentStatus.APPROVED, outbox=OutboxState.SENT, central=CentralStatus.PRINT_READY)
    _enrol(station, ids[5], EnrolmentStatus.APPROVED, outbox=OutboxState.FAILED)
    _enrol(station, ids[6], EnrolmentStatus.APPROVED, outbox=OutboxState.SENT, central=CentralStatus.DUPLICATE)
    _enrol(station, ids[7], EnrolmentStatus.CANCELLED)
    rows = {row.applicant.id: row for row in service.queue_rows(site.id)}
    assert [rows[i].state for i in ids] == [
        QueueState.NOT_RECORDED, QueueState.NOT_RECORDED, QueueState.RECORDED, QueueState.WAITING_TO_SEND,
        QueueState.SENT, QueueState.FAILED, QueueState.FAILED, QueueState.NOT_RECORDED,
    ]
    assert rows[ids[1]].has_draft and not rows[ids[0]].has_draft
    assert rows[ids[5]].detail == "tampered" and rows[ids[6]].detail == "duplicate"
    assert rows[ids[0]].eligibility is EligibilityStatus.ELIGIBLE_EARLY and rows[ids[0]].age == 16


def test_queue_shows_a_younger_student_as_not_yet(station: Station, service: ApplicantService) -> None:
    site = station.sites.create_site("SMPN 3 Malang")
    service.add_manual(NIK_ANI, "Ani", site_id=site.id)
    [row] = service.queue_rows(site.id)
    assert row.eligibility is EligibilityStatus.NOT_YET and row.age == 14


def test_a_married_fifteen_year_old_is_eligible_in_the_queue(station: Station, service: ApplicantService) -> None:
    site = station.sites.create_site("Desa Sumberejo")
    service.add_manual("3573015506090003", "Ani", site_id=site.id, marital_status="KAWIN")
    [row] = service.queue_rows(site.id)
    assert row.eligibility is EligibilityStatus.ELIGIBLE and row.age == 15


def test_progress_counts_recorded_against_target_and_rate(station: Station) -> None:
    site = station.sites.create_site("SMAN 1 Malang", target_count=156)
    visit = station.sites.open_visit(site.id)
    opened = visit.opened_at
    two_hours_later = opened + dt.timedelta(hours=2)
    service = ApplicantService(station.db, clock=lambda: two_hours_later)
    for i in range(1, 5):
        applicant = service.add_manual(f"35730101020800{i:02d}", f"Siswa {i}", site_id=site.id)
        _enrol(station, applicant.id, EnrolmentStatus.BIO_CAPTURED if i < 4 else EnrolmentStatus.DRAFT, visit.id)
    progress = service.progress(visit.id)
    assert (progress.recorded, progress.target, progress.remaining) == (3, 156, 153)
    assert progress.rate_per_hour == pytest.approx(1.5)
    just_opened = ApplicantService(station.db, clock=lambda: opened + dt.timedelta(minutes=1))
    assert just_opened.progress(visit.id).rate_per_hour is None


def test_progress_target_defaults_to_the_roster_size(station: Station, service: ApplicantService) -> None:
    site = station.sites.create_site("SMAN 2 Malang")
    service.add_manual(NIK_SITI, "Siti", site_id=site.id)
    service.add_manual(NIK_BUDI, "Budi", site_id=site.id)
    visit = station.sites.open_visit(site.id)
    assert service.progress(visit.id).target == 2


def test_queue_pages_not_yet_recorded_first_then_by_name(station: Station, service: ApplicantService) -> None:
    site = station.sites.create_site("SMAN 4 Malang")
    other = station.sites.create_site("SMAN 5 Malang")
    names = ["Dewi", "Ahmad", "Citra", "Eko", "Bagus", "Fajar", "Gita"]
    ids = {name: service.add_manual(f"35730101020800{i:02d}", name, site_id=site.id, student_number=f"77{i}").id
           for i, name in enumerate(names, start=1)}
    service.add_manual("3573010102080099", "Ahmad Lain", site_id=other.id)
    _enrol(station, ids["Ahmad"], EnrolmentStatus.BIO_CAPTURED, outbox=OutboxState.QUEUED)
    _enrol(station, ids["Eko"], EnrolmentStatus.DRAFT)  # a draft is not recorded yet
    _enrol(station, ids["Citra"], EnrolmentStatus.APPROVED, outbox=OutboxState.SENT, central=CentralStatus.PRINT_READY)
    _enrol(station, ids["Fajar"], EnrolmentStatus.CANCELLED)
    order = ["Bagus", "Dewi", "Eko", "Fajar", "Gita", "Ahmad", "Citra"]
    assert [row.applicant.name for row in service.queue_rows(site.id)] == order

    first = service.queue_slice(site.id, limit=3)
    second = service.queue_slice(site.id, offset=3, limit=3)
    last = service.queue_slice(site.id, offset=6, limit=3)
    assert [r.applicant.name for r in first.rows + second.rows + last.rows] == order
    assert (first.total, first.offset, first.complete) == (7, 0, False)
    assert service.queue_slice(site.id, limit=10).complete
    assert [r.state for r in last.rows] == [QueueState.SENT]
    assert first.rows[2].has_draft and first.rows[2].enrolment_uuid is not None


@pytest.mark.parametrize(("query", "found"), [
    ("ahm", ["Ahmad"]), ("AHMAD", ["Ahmad"]), ("0102080003", ["Citra"]), ("773", ["Citra"]), ("zzz", []),
    ("  dewi ", ["Dewi"]), ("%", []),
])
def test_queue_search_runs_in_the_database(station: Station, service: ApplicantService, query: str,
                                           found: list[str]) -> None:
    site = station.sites.create_site("SMAN 6 Malang")
    for i, name in enumerate(["Ahmad", "Bagus", "Citra", "Dewi"], start=1):
        service.add_manual(f"35730101020800{i:02d}", name, site_id=site.id, student_number=f"77{i}")
    page = service.queue_slice(site.id, query=query, limit=2)
    assert [row.applicant.name for row in page.rows] == found
    assert page.total == len(found)
