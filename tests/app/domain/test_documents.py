"""Documents to show and the photo background colour."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.documents import DocumentRules, photo_background, required_documents
from app.domain.enums import BackgroundColour, DocumentKind

TODAY = dt.date(2024, 11, 27)


def kinds(documents: tuple) -> list[DocumentKind]:
    return [d.kind for d in documents]


def test_kk_copy_is_always_required() -> None:
    assert kinds(required_documents(dt.date(2000, 1, 1), TODAY)) == [DocumentKind.KK_COPY]


def test_birth_certificate_when_the_office_asks() -> None:
    rules = DocumentRules.from_mapping({"birth_certificate": True})
    assert kinds(required_documents(dt.date(2000, 1, 1), TODAY, rules=rules)) == [
        DocumentKind.KK_COPY, DocumentKind.BIRTH_CERTIFICATE]


def test_marriage_certificate_only_for_married_under_17() -> None:
    assert DocumentKind.MARRIAGE_CERTIFICATE in kinds(required_documents(dt.date(2009, 1, 1), TODAY, ever_married=True))
    assert DocumentKind.MARRIAGE_CERTIFICATE not in kinds(
        required_documents(dt.date(2000, 1, 1), TODAY, ever_married=True))


def test_documents_have_names_in_both_languages() -> None:
    for document in required_documents(dt.date(2009, 1, 1), TODAY, ever_married=True,
                                       rules=DocumentRules(birth_certificate=True)):
        assert document.name_id and document.name_en and document.reason_id and document.reason_en


def test_background_colours() -> None:
    assert photo_background(dt.date(2007, 5, 1)) is BackgroundColour.RED
    assert photo_background(dt.date(2008, 3, 5), "WNI") is BackgroundColour.BLUE
    assert photo_background(dt.date(2008, 3, 5), "wna") is BackgroundColour.ORANGE


@settings(deadline=None)  # shared, noisy machine: no timing limits
@given(st.dates())
def test_citizens_get_red_for_odd_and_blue_for_even_years(born: dt.date) -> None:
    expected = BackgroundColour.RED if born.year % 2 == 1 else BackgroundColour.BLUE
    assert photo_background(born) is expected
