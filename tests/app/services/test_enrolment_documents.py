"""Documents seen: validated, stored on the draft, warned about in the review, carried in record and packet."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.bootstrap import Station
from app.domain.documents import DocumentRules
from app.domain.enums import DocumentKind, Modality
from app.errors import InputError
from app.records.inspect import inspect_transaction
from app.services.enrolment_types import EnrolmentStateError
from app.storage.models import Enrolment, OutboxEntry
from app.sync.sealing import build_metadata
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint
from tests.app.services.enrolment_helpers import People, applicant_id, face_image, people, report  # noqa: F401 (fixtures)


def missing_codes(station: Station, uuid: str) -> list[str]:
    review = station.enrolments.review(uuid, check_duplicates=False)
    return [w.position for w in review.warnings if w.code == "document_missing"]


def test_documents_are_validated_and_stored_in_a_fixed_order(station: Station, people: People,
                                                             applicant_id: int) -> None:
    service = station.enrolments
    uuid = service.start(applicant_id, people.visit_id, people.officer_id)
    assert missing_codes(station, uuid) == ["kk_copy"]
    with pytest.raises(InputError) as refused:
        service.set_documents_seen(uuid, ["kk_copy", "surat_sakti"])
    assert "surat_sakti" in refused.value.message_id and "kk_copy" in refused.value.action_en
    stored = service.set_documents_seen(uuid, ["BIRTH_CERTIFICATE", DocumentKind.KK_COPY, "kk_copy"])
    assert stored == ["kk_copy", "birth_certificate"]
    review = service.review(uuid, check_duplicates=False)
    assert review.documents_seen == ("kk_copy", "birth_certificate")
    assert review.to_dict()["documents_seen"] == ["kk_copy", "birth_certificate"]
    assert missing_codes(station, uuid) == []
    service.set_documents_seen(uuid, [])  # unticking is remembered too
    assert missing_codes(station, uuid) == ["kk_copy"]


def test_the_review_follows_the_office_rules(station: Station, people: People, applicant_id: int) -> None:
    service = station.enrolments
    service.document_rules = DocumentRules(birth_certificate=True)  # [documents] birth_certificate = true
    uuid = service.start(applicant_id, people.visit_id, people.officer_id)
    service.set_documents_seen(uuid, ["kk_copy"])
    assert missing_codes(station, uuid) == ["birth_certificate"]
    review = service.review(uuid, check_duplicates=False)
    warning = next(w for w in review.warnings if w.position == "birth_certificate")
    assert not warning.blocking and warning.modality == "document"
    assert "Akta kelahiran" in warning.message_id and "Birth certificate" in warning.message_en


def test_only_drafts_take_documents_and_the_record_and_packet_carry_them(station: Station, people: People,
                                                                        applicant_id: int) -> None:
    service = station.enrolments
    uuid = service.start(applicant_id, people.visit_id, people.officer_id)
    service.set_documents_seen(uuid, ["kk_copy"])
    service.record_face(uuid, face_image(), report(Modality.FACE, 80, True))
    for position in (FingerPosition.RIGHT_INDEX, FingerPosition.LEFT_INDEX):
        service.record_finger_attempt(uuid, position, synthesize_fingerprint(7, position),
                                      report(Modality.FINGER, 55, True))
    service.save(uuid)
    with pytest.raises(EnrolmentStateError):
        service.set_documents_seen(uuid, [])
    type2 = next(r for r in inspect_transaction(service.record_bytes(uuid))["records"] if r["type"] == 2)
    assert type2["fields"]["documents_seen"] == "kk_copy"
    with station.db.session() as session:
        enrolment = session.scalars(select(Enrolment).where(Enrolment.uuid == uuid)).one()
        entry = session.scalars(select(OutboxEntry)).one()
        metadata = build_metadata(enrolment, entry, SimpleNamespace(station_id="st-1", site_code="S1"),
                                  "ST-1", b"record")
    assert metadata["documents_seen"] == ["kk_copy"]
