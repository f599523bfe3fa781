"""Saved enrolments of synthetic subjects' finger templates, for the duplicate-search tests."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from app.biometrics.templates import ISO_FORMAT, TemplateExtractor, descriptor_bytes
from app.bootstrap import Station
from app.domain.enums import EnrolmentStatus, Sex
from app.storage.models import Applicant, BiometricTemplate, Enrolment, new_uuid
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint


@dataclass(frozen=True)
class Enrolled:
    """One gallery subject's saved enrolment."""

    enrolment_id: int
    uuid: str


@functools.cache
def extractor() -> TemplateExtractor:
    return TemplateExtractor()


@functools.cache
def capture(subject: int, impression: int, fingers: tuple[FingerPosition, ...],
            quality: str = "good") -> dict[str, bytes]:
    """The given fingers' templates of one capture, as the station extracts them."""
    out = {}
    for position in fingers:
        template = extractor().extract(synthesize_fingerprint(subject, position, impression=impression,
                                                              quality=quality))
        assert template is not None
        out[position.slug] = template
    return out


def enrol_gallery(station: Station, subjects: tuple[int, ...], fingers: tuple[FingerPosition, ...],
                  nik_prefix: str, sex: Sex = Sex.MALE) -> dict[int, Enrolled]:
    """A saved enrolment of every subject's enrolled capture (impression 0), with its templates and descriptors."""
    enrolled = {}
    with station.db.session() as session:
        for i, subject in enumerate(subjects):
            applicant = Applicant(nik=f"{nik_prefix}{i:05d}", name=f"SINTETIS {i}", birth_date=dt.date(2008, 1, 1),
                                  sex=sex)
            session.add(applicant)
            session.flush()
            enrolment = Enrolment(uuid=new_uuid(), applicant_id=applicant.id, status=EnrolmentStatus.BIO_CAPTURED,
                                  captured_at=dt.datetime.now(dt.UTC))
            session.add(enrolment)
            session.flush()
            for slug, data in capture(subject, 0, fingers).items():
                session.add(BiometricTemplate(enrolment_id=enrolment.id, position=slug, format=ISO_FORMAT, data=data,
                                              prefilter=descriptor_bytes(data)))
            enrolled[subject] = Enrolled(enrolment.id, enrolment.uuid)
    return enrolled
