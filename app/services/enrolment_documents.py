"""The documents the operator saw for one enrolment: validation, and which required ones are missing.

Stored in ``Enrolment.documents_seen`` (``DocumentKind`` values); the review
warns about each required document (``required_documents``) not ticked, and
the record and packet carry the list for the centre.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from app.domain.documents import DocumentRules, RequiredDocument, required_documents
from app.domain.enums import DocumentKind
from app.errors import InputError
from app.storage.models import Enrolment

NEVER_MARRIED = {"", "BELUM KAWIN"}


def parse_documents(documents: Iterable[DocumentKind | str]) -> list[str]:
    """Known document kinds, de-duplicated, in ``DocumentKind`` order.

    Raises:
        InputError: a document this station does not know.
    """
    known = {kind.value for kind in DocumentKind}
    given = {str(getattr(document, "value", document)).strip().lower() for document in documents}
    unknown = sorted(given - known)
    if unknown:
        names = ", ".join(unknown)
        choices = ", ".join(kind.value for kind in DocumentKind)
        raise InputError(f"Dokumen tidak dikenal: {names}.", f"Unknown document: {names}.",
                         action_id=f"Pilih dari: {choices}.", action_en=f"Choose from: {choices}.")
    return [kind.value for kind in DocumentKind if kind.value in given]


def ever_married(marital_status: str | None) -> bool:
    return (marital_status or "").strip().upper() not in NEVER_MARRIED


def missing_documents(enrolment: Enrolment, rules: DocumentRules, on: dt.date) -> list[RequiredDocument]:
    """The required documents for this applicant on ``on`` that the operator has not ticked."""
    person = enrolment.applicant
    seen = set(enrolment.documents_seen or ())
    required = required_documents(person.birth_date, on, ever_married=ever_married(person.marital_status),
                                  rules=rules)
    return [document for document in required if document.kind.value not in seen]
