"""Synthetic saved enrolments (fake people, random image and record bytes) for tests and the benchmark.

They take the same shape a saved enrolment has — applicant, visit, captures with
image blobs, an ANSI/NIST record blob and a QUEUED outbox entry written in one
transaction — without needing devices. Never real people's data.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import EnrolmentStatus, Modality, Role, Sex, SiteKind
from app.storage.blobs import BlobStore
from app.storage.db import Database
from app.storage.models import Applicant, Capture, Enrolment, Operator, OutboxEntry, Site, Visit
from app.timezones import utc_now

SYNTHETIC_SITE = "SMA Negeri Contoh 1"
IMAGE_MARKER = b"SYNTHETIC-IMAGE:"
_CAPTURES = (
    (Modality.FACE, "face"), (Modality.FINGER, "right_index"), (Modality.FINGER, "left_index"),
    (Modality.IRIS, "right"), (Modality.SIGNATURE, "signature"),
)


def _fixtures(session: Session, station_code: str) -> tuple[Operator, Visit]:
    operator = session.scalars(select(Operator).where(Operator.username == "petugas.sintetis")).first()
    if operator is None:
        operator = Operator(username="petugas.sintetis", full_name="Petugas Sintetis", role=Role.OFFICER,
                            password_hash="!")
        session.add(operator)
    site = session.scalars(select(Site).where(Site.name == SYNTHETIC_SITE)).first()
    if site is None:
        site = Site(name=SYNTHETIC_SITE, kind=SiteKind.SCHOOL, region_code="357301", hub_site_code="SMAN-CONTOH-1")
        session.add(site)
        session.flush()
    visit = session.scalars(select(Visit).where(Visit.site_id == site.id)).first()
    if visit is None:
        visit = Visit(site_id=site.id, visit_date=dt.date(2024, 9, 16), station_code=station_code)
        session.add(visit)
    session.flush()
    return operator, visit


def add_synthetic_enrolment(db: Database, blobs: BlobStore, *, serial: int, record_size: int = 64 * 1024,
                            image_size: int = 4096, approved: bool = True, station_code: str = "3573-01",
                            rng: random.Random | None = None) -> str:
    """Add one saved enrolment of a synthetic 16-year-old; returns its UUID.

    Images start with ``IMAGE_MARKER`` and the serial so tests can search the disk for leftovers.
    """
    rng = rng or random.Random(serial)
    record_ref = blobs.put(b"NIST" + rng.randbytes(max(0, record_size - 4)), "record", ".an2")
    image_refs = [blobs.put(IMAGE_MARKER + f"{serial:08d}".encode() + rng.randbytes(image_size), modality.value,
                            ".png") for modality, _position in _CAPTURES]
    female = serial % 2 == 1
    day = 1 + serial % 28
    nik = f"357301{day + (40 if female else 0):02d}0308{serial % 10000:04d}"
    with db.session() as session:
        operator, visit = _fixtures(session, station_code)
        applicant = Applicant(nik=nik, name=f"SISWA SINTETIS {serial}", birth_date=dt.date(2008, 3, day),
                              sex=Sex.FEMALE if female else Sex.MALE, site_id=visit.site_id)
        enrolment = Enrolment(applicant=applicant, visit_id=visit.id, operator_id=operator.id,
                              status=EnrolmentStatus.APPROVED if approved else EnrolmentStatus.BIO_CAPTURED,
                              captured_at=utc_now(), record_ref=record_ref,
                              approved_at=utc_now() if approved else None)
        for (modality, position), ref in zip(_CAPTURES, image_refs, strict=True):
            enrolment.captures.append(Capture(modality=modality, position=position, quality_score=60.0,
                                              image_ref=ref, image_format="png", width=64, height=64))
        session.add(enrolment)
        session.flush()
        session.add(OutboxEntry(enrolment_id=enrolment.id))
        return enrolment.uuid
