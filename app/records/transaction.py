"""Gather a saved-to-be enrolment's captures from the blob store into one ANSI/NIST-ITL transaction."""

from __future__ import annotations

import datetime as dt
import json

import cv2
import numpy as np

from app.biometrics.duplicates import DuplicateMatch
from app.config import StationIdentity
from app.domain.enums import CaptureException, Modality
from app.quality.settings import QualitySettings
from app.records.inspect import RecordError
from app.records.nist import (
    FaceImage,
    FingerRecord,
    IrisRecord,
    SignatureVectors,
    TransactionHeader,
    build_transaction,
)
from app.storage.blobs import BlobStore
from app.storage.models import Applicant, Enrolment
from drivers.fingerprint.base import FingerPosition
from drivers.iris.base import Eye


def demographics(enrolment: Enrolment, identity: StationIdentity, captured_at: dt.datetime,
                 duplicate: DuplicateMatch | None = None) -> dict[str, object]:
    """The Type-2 content: the card fields and what the centre needs to trace the recording."""
    person: Applicant = enrolment.applicant
    forced = [f"{c.position}:{c.attempts}" for c in enrolment.captures if c.forced]
    return {
        "station_code": identity.station_code,
        "enrolment_uuid": enrolment.uuid,
        "nik": person.nik,
        "kk_number": person.kk_number,
        "name": person.name.upper(),
        "birth_place": person.birth_place.upper(),
        "birth_date": person.birth_date.strftime("%Y%m%d"),
        "sex": person.sex.value,
        "blood_type": person.blood_type,
        "address": person.address,
        "rt": person.rt,
        "rw": person.rw,
        "village": person.village,
        "district": person.district,
        "regency": person.regency,
        "province": person.province,
        "religion": person.religion,
        "marital_status": person.marital_status,
        "occupation": person.occupation,
        "citizenship": person.citizenship,
        "valid_until": "SEUMUR HIDUP" if person.citizenship == "WNI" else "",
        "captured_at": captured_at.astimezone(dt.UTC).strftime("%Y%m%d%H%M%SZ"),
        "operator": enrolment.operator.username if enrolment.operator else "",
        "site": enrolment.visit.site.name if enrolment.visit else "",
        "possible_duplicate_of": duplicate.reference if duplicate else "",
        "duplicate_score": str(duplicate.score) if duplicate else "",
        "forced_fingers": ",".join(forced),
        "documents_seen": ",".join(enrolment.documents_seen or ()),
    }


def _grey(data: bytes, what: str) -> np.ndarray:
    pixels = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    if pixels is None:
        raise RecordError(f"Citra {what} rusak di penyimpanan.", f"The stored {what} image is corrupted.")
    return pixels


def transaction_for_enrolment(enrolment: Enrolment, blobs: BlobStore, identity: StationIdentity,
                              settings: object, quality: QualitySettings, created_at: dt.datetime,
                              duplicate: DuplicateMatch | None = None) -> bytes:
    """Build (and read back) the enrolment's transaction from its stored captures."""
    fingers: list[FingerRecord] = []
    irises: list[IrisRecord] = []
    face: FaceImage | None = None
    signature: SignatureVectors | None = None
    for capture in enrolment.captures:
        if capture.modality is Modality.FINGER:
            position = FingerPosition.parse(capture.position)
            if capture.exception_reason:
                fingers.append(FingerRecord(position, None, exception=CaptureException(capture.exception_reason)))
            elif capture.image_ref:
                score = None if capture.quality_score is None else int(round(capture.quality_score))
                fingers.append(FingerRecord(position, _grey(blobs.get(capture.image_ref), capture.position), score,
                                            forced=capture.forced, attempts=capture.attempts))
        elif capture.modality is Modality.FACE and capture.image_ref:
            face = FaceImage(blobs.get(capture.image_ref), capture.width or 0, capture.height or 0,
                             None if capture.quality_score is None else int(round(capture.quality_score)))
        elif capture.modality is Modality.IRIS and capture.image_ref:
            irises.append(IrisRecord(Eye[capture.position.upper()], blobs.get(capture.image_ref),
                                     capture.width or 0, capture.height or 0,
                                     None if capture.quality_score is None else int(round(capture.quality_score))))
        elif capture.modality is Modality.SIGNATURE and capture.image_ref:
            pen = json.loads(blobs.get(capture.image_ref))
            width_mm = quality.signature.pad_width_mm or getattr(settings, "signature_width_mm", 120.0)
            height_mm = quality.signature.pad_height_mm or getattr(settings, "signature_height_mm", 75.0)
            signature = SignatureVectors(pen["points"], pen["ranges"]["x_max"], pen["ranges"]["y_max"],
                                         pen["ranges"]["pressure_max"], width_mm, height_mm)
    header = TransactionHeader(tcn=enrolment.uuid, office_code=identity.office_code,
                               station_code=identity.station_code,
                               destination=getattr(settings, "destination", "SIAK"), created_at=created_at)
    return build_transaction(header, demographics(enrolment, identity, created_at, duplicate), fingers, face, irises,
                             signature)
