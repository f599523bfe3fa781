"""The documents each applicant must show, and the photo background colour.

A photocopy of the KK is always required; a birth certificate only where the
office asks for it (``[documents] birth_certificate = true``); a marriage
certificate for married applicants under 17, since marriage is what makes them
eligible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.eligibility import CARD_AGE
from app.domain.enums import BackgroundColour, DocumentKind
from app.domain.nik import age_on

FOREIGN_CITIZENSHIP = {"WNA"}

DOCUMENT_NAMES: dict[DocumentKind, tuple[str, str]] = {
    DocumentKind.KK_COPY: ("Fotokopi Kartu Keluarga (KK)", "Photocopy of the family card (KK)"),
    DocumentKind.BIRTH_CERTIFICATE: ("Akta kelahiran", "Birth certificate"),
    DocumentKind.MARRIAGE_CERTIFICATE: ("Buku nikah / akta perkawinan", "Marriage certificate"),
}


@dataclass(frozen=True)
class DocumentRules:
    """``[documents]`` in station.toml: which optional documents this office asks for."""

    birth_certificate: bool = False

    @classmethod
    def from_mapping(cls, table: Mapping[str, Any]) -> DocumentRules:
        value = table.get("birth_certificate", False)
        if not isinstance(value, bool):
            raise ValueError("birth_certificate must be true or false")
        return cls(birth_certificate=value)


@dataclass(frozen=True)
class RequiredDocument:
    kind: DocumentKind
    name_id: str
    name_en: str
    reason_id: str
    reason_en: str


def required_documents(
    birth_date: dt.date,
    on: dt.date,
    *,
    ever_married: bool = False,
    rules: DocumentRules | None = None,
) -> tuple[RequiredDocument, ...]:
    """What the operator must see before recording this applicant, in the order to ask."""
    rules = rules or DocumentRules()
    documents = [_document(DocumentKind.KK_COPY, "Wajib untuk semua pemohon.", "Required from everyone.")]
    if rules.birth_certificate:
        documents.append(
            _document(DocumentKind.BIRTH_CERTIFICATE, "Diminta oleh kantor ini.", "This office asks for it.")
        )
    if ever_married and age_on(birth_date, on) < CARD_AGE:
        documents.append(
            _document(
                DocumentKind.MARRIAGE_CERTIFICATE,
                "Pemohon di bawah 17 tahun yang sudah kawin.",
                "Married applicant under 17.",
            )
        )
    return tuple(documents)


def _document(kind: DocumentKind, reason_id: str, reason_en: str) -> RequiredDocument:
    name_id, name_en = DOCUMENT_NAMES[kind]
    return RequiredDocument(kind, name_id, name_en, reason_id, reason_en)


def photo_background(birth_date: dt.date, citizenship: str = "WNI") -> BackgroundColour:
    """Red for an odd birth year, blue for an even one; orange for foreign residents."""
    if citizenship.strip().upper() in FOREIGN_CITIZENSHIP:
        return BackgroundColour.ORANGE
    return BackgroundColour.RED if birth_date.year % 2 else BackgroundColour.BLUE
