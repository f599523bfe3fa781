"""Log in (argon2id via OperatorService: the password opens the station's encrypted data); on the very
first run, create the supervisor account and show the recovery code once."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.gui.context import GuiContext
from ui.gui.widgets.common import MessageLabel, title_label


class LoginPage(QWidget):
    """Two forms in one page: first-run supervisor creation, then the usual log-in."""

    logged_in = Signal(object)  # Operator

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.forms = QStackedWidget()
        self.forms.addWidget(self._build_login_form())
        self.forms.addWidget(self._build_first_run_form())
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.forms)
        layout.addStretch(2)

    # forms ------------------------------------------------------------------
    def _build_login_form(self) -> QWidget:
        form_widget = QWidget()
        form_widget.setMaximumWidth(520)
        form = QFormLayout(form_widget)
        form.addRow(title_label(self.tr("Masuk petugas")))
        self.username = QLineEdit()
        self.username.setObjectName("loginUsername")
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.login_button = QPushButton(self.tr("&Masuk"))
        self.login_button.setDefault(True)
        self.login_message = MessageLabel()
        form.addRow(self.tr("Nama pengguna"), self.username)
        form.addRow(self.tr("Kata sandi"), self.password)
        form.addRow(self.login_button)
        form.addRow(self.login_message)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.submit_login)
        self.login_button.clicked.connect(self.submit_login)
        return form_widget

    def _build_first_run_form(self) -> QWidget:
        form_widget = QWidget()
        form_widget.setMaximumWidth(620)
        form = QFormLayout(form_widget)
        form.addRow(title_label(self.tr("Pertama kali: buat akun supervisor")))
        self.first_full_name = QLineEdit()
        self.first_username = QLineEdit()
        self.first_password = QLineEdit()
        self.first_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.first_confirm = QLineEdit()
        self.first_confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.create_button = QPushButton(self.tr("&Buat supervisor"))
        self.first_message = MessageLabel()
        form.addRow(self.tr("Nama lengkap"), self.first_full_name)
        form.addRow(self.tr("Nama pengguna"), self.first_username)
        form.addRow(self.tr("Kata sandi"), self.first_password)
        form.addRow(self.tr("Ulangi kata sandi"), self.first_confirm)
        form.addRow(self.create_button)
        form.addRow(self.first_message)
        self.first_confirm.returnPressed.connect(self.submit_first_run)
        self.create_button.clicked.connect(self.submit_first_run)
        return form_widget

    # behaviour ----------------------------------------------------------------
    def refresh(self) -> None:
        """Show the first-run form until a supervisor exists (asked on the storage thread)."""
        self.context.storage.submit(self.context.station.operators.has_supervisor, self._show_form,
                                    self._show_storage_error)

    @property
    def first_run(self) -> bool:
        return self.forms.currentIndex() == 1

    def _show_form(self, has_supervisor: bool) -> None:
        self.forms.setCurrentIndex(0 if has_supervisor else 1)
        (self.username if has_supervisor else self.first_full_name).setFocus()

    def _show_storage_error(self, error: BaseException) -> None:
        self.login_message.show_error(self.context.message(error))

    def submit_login(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.login_message.show_error(self.tr("Isi nama pengguna dan kata sandi."))
            return
        self.login_button.setEnabled(False)
        self.login_message.show_ok(self.tr("Memeriksa…"))
        self.context.storage.submit(
            lambda: self.context.station.operators.authenticate(username, password),
            self._logged_in, self._login_failed,
        )

    def _logged_in(self, operator: object) -> None:
        self.login_button.setEnabled(True)
        self.password.clear()
        self.login_message.clear_message()
        self.logged_in.emit(operator)
        self._show_recovery_code()

    def _show_recovery_code(self) -> None:
        """A recovery code made at this log-in (first supervisor, or after the upgrade): shown once."""
        code = self.context.station.operators.take_recovery_code()
        if not code:
            return
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Kode pemulihan stasiun"), self.tr(
            "Catat kode ini di kertas sekarang dan simpan di kantor, terpisah dari laptop:\n\n{code}\n\n"
            "Kode ini hanya ditampilkan sekali. Dengan kode ini data stasiun dapat dibuka lagi bila tidak ada "
            "supervisor yang dapat masuk.").format(code=code), QMessageBox.StandardButton.Ok, self)
        box.setObjectName("recoveryCode")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recovery_box = box
        box.open()

    def _login_failed(self, error: BaseException) -> None:
        self.login_button.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.login_message.show_error(self.context.message(error))

    def submit_first_run(self) -> None:
        full_name = self.first_full_name.text().strip()
        username = self.first_username.text().strip()
        password = self.first_password.text()
        if not full_name or not username or not password:
            self.first_message.show_error(self.tr("Isi semua kolom."))
            return
        if password != self.first_confirm.text():
            self.first_message.show_error(self.tr("Kedua kata sandi tidak sama."))
            return
        self.create_button.setEnabled(False)
        operators = self.context.station.operators

        def create() -> object:
            operators.create_first_supervisor(username=username, full_name=full_name, password=password)
            return operators.authenticate(username, password)

        self.context.storage.submit(create, self._first_run_done, self._first_run_failed)

    def _first_run_done(self, operator: object) -> None:
        self.create_button.setEnabled(True)
        for field in (self.first_password, self.first_confirm):
            field.clear()
        self.forms.setCurrentIndex(0)
        self.logged_in.emit(operator)
        self._show_recovery_code()

    def _first_run_failed(self, error: BaseException) -> None:
        self.create_button.setEnabled(True)
        self.first_message.show_error(self.context.message(error))
