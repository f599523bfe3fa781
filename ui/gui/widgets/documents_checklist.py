"""Ticks for the documents the operator saw (KK photocopy, birth and marriage certificate).

The documents this applicant must show (``required_documents``) are marked
"wajib"; the others can still be ticked when shown. ``toggled_by_operator``
fires only for clicks, not when the list is filled from storage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from app.domain.documents import DOCUMENT_NAMES, DocumentRules, required_documents
from app.domain.enums import DocumentKind
from app.services.enrolment_documents import ever_married
from app.services.views import ApplicantView


class DocumentsChecklistWidget(QWidget):
    """One check box per known document, in the GUI language."""

    toggled_by_operator = Signal(list)  # the ticked DocumentKind values

    def __init__(self, language: str, rules: DocumentRules, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.rules = rules
        self.required: set[str] = set()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(QCoreApplication.translate("DocumentsChecklist", "Dokumen dilihat:"))
        title.setStyleSheet("font-weight: bold;")
        layout.addWidget(title)
        self.checks: dict[str, QCheckBox] = {}
        for kind in DocumentKind:
            check = QCheckBox()
            check.setObjectName(f"document_{kind.value}")
            check.clicked.connect(lambda _on=False: self.toggled_by_operator.emit(self.seen()))
            layout.addWidget(check)
            self.checks[kind.value] = check
        layout.addStretch(1)
        self.set_applicant(None, dt.date.today())

    def set_applicant(self, applicant: ApplicantView | None, today: dt.date) -> None:
        """Mark which documents this applicant must show (none marked before an applicant is known)."""
        if applicant is None:
            self.required = set()
        else:
            self.required = {document.kind.value for document in required_documents(
                applicant.birth_date, today, ever_married=ever_married(applicant.marital_status),
                rules=self.rules)}
        for kind, check in self.checks.items():
            name_id, name_en = DOCUMENT_NAMES[DocumentKind(kind)]
            name = name_en if self.language == "en" else name_id
            if kind in self.required:
                name += " " + QCoreApplication.translate("DocumentsChecklist", "(wajib)")
            check.setText(name)

    def set_seen(self, kinds: Iterable[str]) -> None:
        seen = set(kinds)
        for kind, check in self.checks.items():
            check.setChecked(kind in seen)

    def seen(self) -> list[str]:
        return [kind for kind, check in self.checks.items() if check.isChecked()]
