"""Synthetic saved enrolments (rows only, no images) for report, resend and wording tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.enums import CentralStatus, EnrolmentStatus, Modality, OutboxState, SiteKind
from app.storage.models import Capture, Enrolment, OutboxEntry
from drivers.fingerprint.base import TEN_FINGERS

# Synthetic NIKs (Kota Malang, born 2008) and invented names.
PEOPLE = (
    ("3573014507080003", "Ani Lestari"),
    ("3573011203080001", "Bayu Saputra"),
    ("3573015505080007", "Citra Dewi"),
    ("3573010102080004", "Dimas Pratama"),
)
DAY = dt.date(2026, 11, 30)


@dataclass(frozen=True)
class SeededDay:
    site_id: int
    visit_id: int
    officer_id: int
    supervisor_id: int
    enrolment_uuids: tuple[str, ...]
    packet_uuids: tuple[str, ...]


def at_local(hour: int, minute: int = 0) -> dt.datetime:
    """``DAY`` at a WIB wall time, as the aware UTC time the database keeps."""
    return dt.datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def seed_day(station, *, site_name: str = "SMA Negeri 3 Malang", target: int = 120) -> SeededDay:
    """Four saved enrolments on ``DAY``: one forced finger, one exception, one possible duplicate,
    one approved and sent and failed at the centre, one waiting for approval."""
    officer = station.operators.create_operator("petugas1", "Budi Petugas", "officer", "rahasia-ptg-123")
    supervisor = station.operators.find("spv")  # the test station's supervisor (tests/support/station.py)
    assert supervisor is not None
    site = station.sites.create_site(site_name, SiteKind.SCHOOL, region_code="357301", target_count=target)
    visit = station.sites.open_visit(site.id, operator_ids=[officer.id], visit_date=DAY)
    applicants = [station.applicants.add_manual(nik, name, site_id=site.id) for nik, name in PEOPLE]
    uuids, packets = [], []
    plan = [  # hour, status, outbox state, central status, approved
        (8, EnrolmentStatus.ENROLL_FAILURE_AT_CENTRAL, OutboxState.SENT, CentralStatus.ENROLL_FAILURE_AT_CENTRAL, True),
        (9, EnrolmentStatus.PRINT_READY_RECORD, OutboxState.SENT, CentralStatus.PRINT_READY, True),
        (9, EnrolmentStatus.APPROVED, OutboxState.QUEUED, None, True),
        (11, EnrolmentStatus.BIO_CAPTURED, OutboxState.QUEUED, None, False),
    ]
    with station.db.session() as session:
        for index, (applicant, (hour, status, state, central, approved)) in enumerate(zip(applicants, plan)):
            enrolment = Enrolment(applicant_id=applicant.id, visit_id=visit.id, operator_id=officer.id, status=status,
                                  captured_at=at_local(hour, 10 * index), created_at=at_local(hour, 10 * index - 5)
                                  if index else at_local(hour),
                                  approved_by_id=supervisor.id if approved else None,
                                  approved_at=at_local(hour + 1) if approved else None)
            for finger_index, position in enumerate(TEN_FINGERS):
                capture = Capture(modality=Modality.FINGER, position=position.slug,
                                  quality_score=40.0 + finger_index * 3 + index, attempts=1)
                if index == 0 and finger_index == 1:
                    capture.forced, capture.forced_by_id, capture.attempts = True, supervisor.id, 3
                    capture.quality_score = 22.0
                if index == 1 and finger_index == 9:
                    capture.exception_reason, capture.quality_score = "bandaged", None
                    capture.forced_by_id = supervisor.id
                enrolment.captures.append(capture)
            enrolment.captures.append(Capture(modality=Modality.FACE, position="face", quality_score=90.0 - index))
            enrolment.captures.append(Capture(modality=Modality.IRIS, position="right", quality_score=80.0 + index))
            enrolment.captures.append(Capture(modality=Modality.IRIS, position="left", quality_score=70.0 + index))
            session.add(enrolment)
            session.flush()
            entry = OutboxEntry(enrolment_id=enrolment.id, state=state, central_status=central,
                                packet_ref=f"packet/{enrolment.uuid}.pkt", packet_sha256="0" * 64, packet_size=10,
                                sent_at=at_local(hour + 2) if state is OutboxState.SENT else None)
            session.add(entry)
            session.flush()
            uuids.append(enrolment.uuid)
            packets.append(entry.packet_uuid)
        dup = session.query(Enrolment).filter(Enrolment.uuid == uuids[3]).one()
        dup.possible_duplicate_of, dup.duplicate_score = uuids[0], 120.0
    return SeededDay(site.id, visit.id, officer.id, supervisor.id, tuple(uuids), tuple(packets))
