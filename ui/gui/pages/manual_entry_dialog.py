"""Manual entry of an applicant not on the roster, with live NIK validation.

As the NIK is typed, its problems are shown and birth date, sex and region are
filled from it; eligibility and the documents to check follow the birth date.
Saving is blocked while the NIK is invalid.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.documents import required_documents
from app.domain.eligibility import assess_eligibility
from app.domain.enums import EligibilityStatus, Sex
from app.domain.nik import NikInfo, parse_nik
from app.domain.problems import Problem
from app.services.views import ApplicantView
from ui.gui.context import GuiContext
from ui.gui.style import FAIL_COLOUR, PASS_COLOUR, WARN_COLOUR
from ui.gui.widgets.common import MessageLabel, qdate_to_date


class ManualEntryDialog(QDialog):
    """Adds one applicant through ApplicantService.add_manual on the storage thread."""

    applicant_added = Signal(object)  # Applicant

    def __init__(self, context: GuiContext, site_id: int | None, polling_day: dt.date | None = None,
                 today: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.site_id = site_id
        self.polling_day = polling_day
        self.today = today or context.station.applicants.today()
        self.rules = context.station.people_settings
        self.info: NikInfo | None = None
        self.setWindowTitle(self.tr("Tambah pemohon manual"))
        self.setMinimumWidth(760)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        self.nik = QLineEdit()
        self.nik.setObjectName("nikInput")
        self.nik.setMaxLength(20)
        self.nik.setPlaceholderText("16 angka / 16 digits")
        self.nik_feedback = QLabel()
        self.nik_feedback.setObjectName("nikFeedback")
        self.nik_feedback.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setObjectName("nameInput")
        self.birth_place = QLineEdit()
        self.birth_date = QDateEdit()
        self.birth_date.setDisplayFormat("dd-MM-yyyy")
        self.birth_date.setCalendarPopup(True)
        self.birth_date.setDate(QDate(2008, 1, 1))
        self.sex = QComboBox()
        self.sex.addItem(self.tr("Laki-laki"), Sex.MALE)
        self.sex.addItem(self.tr("Perempuan"), Sex.FEMALE)
        self.region = QLabel("—")
        self.kk_number = QLineEdit()
        self.kk_number.setMaxLength(16)
        self.student_number = QLineEdit()
        self.ever_married = QCheckBox(self.tr("Sudah / pernah kawin"))
        form.addRow(self.tr("&NIK"), self.nik)
        form.addRow(self.nik_feedback)
        form.addRow(self.tr("Nama &lengkap"), self.name)
        form.addRow(self.tr("Tempat lahir"), self.birth_place)
        form.addRow(self.tr("Tanggal lahir"), self.birth_date)
        form.addRow(self.tr("Jenis kelamin"), self.sex)
        form.addRow(self.tr("Wilayah NIK"), self.region)
        form.addRow(self.tr("Nomor KK"), self.kk_number)
        form.addRow(self.tr("NIS (nomor induk siswa)"), self.student_number)
        form.addRow("", self.ever_married)

        self.eligibility = QLabel()
        self.eligibility.setObjectName("eligibility")
        self.eligibility.setWordWrap(True)
        layout.addWidget(self.eligibility)
        documents_title = QLabel(self.tr("Dokumen yang diperiksa"))
        documents_title.setStyleSheet("font-weight: bold;")
        layout.addWidget(documents_title)
        self.documents_layout = QVBoxLayout()
        self.document_checks: list[QCheckBox] = []
        layout.addLayout(self.documents_layout)

        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton(self.tr("&Simpan pemohon"))
        self.save_button.setDefault(True)
        cancel = QPushButton(self.tr("&Batal"))
        cancel.setObjectName("secondary")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.submit)
        layout.addWidget(self.buttons)

        self.nik.textChanged.connect(self._validate_nik)
        self.birth_date.dateChanged.connect(lambda _date: self._update_eligibility())
        self.ever_married.toggled.connect(lambda _on: self._update_eligibility())
        self._validate_nik("")

    # live validation ------------------------------------------------------------
    def _text(self, problem: Problem) -> str:
        return problem.message_en if self.context.language == "en" else problem.message_id

    def _validate_nik(self, text: str) -> None:
        digits = text.strip()
        if not digits:
            self.info = None
            self.nik_feedback.setText(self.tr("Ketik 16 angka NIK."))
            self.nik_feedback.setStyleSheet("")
            self.save_button.setEnabled(False)
            return
        info = parse_nik(digits, self.today)
        self.info = info
        if not info.valid:
            self.region.setText("—")
            lines = [self._text(problem) for problem in info.errors]
            self.nik_feedback.setText("\n".join(lines))
            self.nik_feedback.setStyleSheet(f"color: {FAIL_COLOUR}; font-weight: bold;")
            self.save_button.setEnabled(False)
            return
        if info.birth_date is not None:
            self.birth_date.setDate(QDate(info.birth_date.year, info.birth_date.month, info.birth_date.day))
        if info.sex is not None:
            self.sex.setCurrentIndex(self.sex.findData(info.sex))
        names = [n for n in (info.district_name, info.regency_name, info.province_name) if n]
        self.region.setText(", ".join(names) or "—")
        if info.warnings:
            self.nik_feedback.setText("\n".join(self._text(problem) for problem in info.warnings))
            self.nik_feedback.setStyleSheet(f"color: {WARN_COLOUR}; font-weight: bold;")
        else:
            self.nik_feedback.setText(self.tr("NIK valid."))
            self.nik_feedback.setStyleSheet(f"color: {PASS_COLOUR}; font-weight: bold;")
        self.save_button.setEnabled(True)
        self._update_eligibility()

    def _update_eligibility(self) -> None:
        birth = qdate_to_date(self.birth_date.date())
        married = self.ever_married.isChecked()
        result = assess_eligibility(birth, self.today, self.polling_day, married, rules=self.rules.eligibility)
        text = result.message_en if self.context.language == "en" else result.message_id
        colour = FAIL_COLOUR if result.status == EligibilityStatus.NOT_YET else PASS_COLOUR
        self.eligibility.setText(text)
        self.eligibility.setStyleSheet(f"color: {colour}; font-weight: bold;")
        for check in self.document_checks:
            self.documents_layout.removeWidget(check)
            check.setParent(None)
            check.deleteLater()
        self.document_checks = []
        for document in required_documents(birth, self.today, ever_married=married,
                                           rules=self.rules.documents):
            name = document.name_en if self.context.language == "en" else document.name_id
            reason = document.reason_en if self.context.language == "en" else document.reason_id
            check = QCheckBox(f"{name} — {reason}")
            check.setProperty("kind", str(document.kind))
            self.documents_layout.addWidget(check)
            self.document_checks.append(check)

    @property
    def documents_seen(self) -> list[str]:
        return [str(check.property("kind")) for check in self.document_checks if check.isChecked()]

    # saving -----------------------------------------------------------------------
    def submit(self) -> None:
        if self.info is None or not self.info.valid:
            self.message.show_error(self.tr("NIK belum valid; perbaiki dulu."))
            self.nik.setFocus()
            return
        name = self.name.text().strip()
        if not name:
            self.message.show_error(self.tr("Nama lengkap wajib diisi."))
            self.name.setFocus()
            return
        fields = {
            "birth_place": self.birth_place.text().strip(),
            "birth_date": qdate_to_date(self.birth_date.date()),
            "sex": Sex(self.sex.currentData()),
            "kk_number": self.kk_number.text().strip(),
            "student_number": self.student_number.text().strip(),
            "marital_status": "KAWIN" if self.ever_married.isChecked() else "BELUM KAWIN",
        }
        self.save_button.setEnabled(False)
        applicants = self.context.station.applicants
        nik, site_id = self.info.nik, self.site_id
        self.context.storage.submit(lambda: applicants.add_manual(nik, name, site_id=site_id, **fields), self._added,
                                    self._failed)

    def _added(self, applicant: ApplicantView) -> None:
        if self.documents_seen:  # stored on the enrolment when this applicant's recording starts
            self.context.documents_shown[int(applicant.id)] = self.documents_seen
        self.applicant_added.emit(applicant)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.show_error(self.context.message(error))
