"""Asks a supervisor to confirm with their password (forcing a capture, marking an exception)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import CaptureException
from app.services.views import OperatorView
from ui.gui.context import GuiContext
from ui.gui.widgets.common import MessageLabel, ok_cancel_buttons


class SupervisorDialog(QDialog):
    """Verifies the supervisor on the storage thread; ``supervisor`` holds the Operator once accepted."""

    def __init__(self, context: GuiContext, reason: str, parent: QWidget | None = None,
                 extra: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.supervisor: OperatorView | None = None
        self.setWindowTitle(self.tr("Persetujuan supervisor"))
        layout = QVBoxLayout(self)
        explanation = QLabel(reason)
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        if extra is not None:
            layout.addWidget(extra)
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setObjectName("supervisorUsername")
        self.password = QLineEdit()
        self.password.setObjectName("supervisorPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Supervisor"), self.username)
        form.addRow(self.tr("Kata sandi"), self.password)
        layout.addLayout(form)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.buttons = ok_cancel_buttons(self.tr("&Setujui"))
        self.buttons.accepted.connect(self.verify)
        self.buttons.rejected.connect(self.reject)
        self.password.returnPressed.connect(self.verify)
        layout.addWidget(self.buttons)
        if context.operator is not None and context.is_supervisor:
            self.username.setText(context.operator.username)
            self.password.setFocus()

    def verify(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.message.show_error(self.tr("Isi nama supervisor dan kata sandinya."))
            return
        self.buttons.setEnabled(False)
        operators = self.context.station.operators
        self.context.storage.submit(lambda: operators.verify_supervisor(username, password),
                                    self._verified, self._failed)

    @property
    def approved(self) -> OperatorView:
        """The supervisor who approved (read once ``accepted`` was emitted)."""
        if self.supervisor is None:
            raise RuntimeError("no supervisor has approved yet")
        return self.supervisor

    def _verified(self, supervisor: OperatorView) -> None:
        self.supervisor = supervisor
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.message.show_error(self.context.message(error))


def exception_labels() -> dict[CaptureException, str]:
    return {
        CaptureException.AMPUTATED: QCoreApplication.translate("FingerStep", "Tidak ada / diamputasi"),
        CaptureException.BANDAGED: QCoreApplication.translate("FingerStep", "Diperban / terluka"),
        CaptureException.UNABLE_TO_PRINT: QCoreApplication.translate("FingerStep", "Sidik aus / tidak terbaca"),
    }


class ExceptionFormWidget(QWidget):
    """Why a finger or an eye cannot be captured: the reason and a note, shown in the supervisor dialog."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.reason = QComboBox()
        self.reason.setObjectName("exceptionReason")
        for kind, label in exception_labels().items():
            self.reason.addItem(label, kind)
        self.note = QLineEdit()
        self.note.setObjectName("exceptionNote")
        form.addRow(self.tr("Alasan"), self.reason)
        form.addRow(self.tr("Catatan"), self.note)

    @property
    def chosen(self) -> tuple[CaptureException, str]:
        return CaptureException(self.reason.currentData()), self.note.text().strip()
