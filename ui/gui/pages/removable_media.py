"""Removable media on the sending page: hand packets over on a USB stick, read the office's receipt,
and (supervisors only) write the station's encrypted backup.

The work runs on the sending page's serial worker, so it never overlaps a
network sync; progress comes back through a queued signal carrying the frozen
``HandoverProgress`` / ``BackupProgress``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.backup_create import BackupProgress, BackupReport, create_backup
from app.sync.handover_export import HandoverExportReport, HandoverProgress, export_handover
from app.sync.handover_receipt import HandoverReceiptReport, apply_handover_receipt
from ui.gui.context import GuiContext
from ui.gui.widgets.common import MessageLabel, ok_cancel_buttons

MediaReport = BackupReport | HandoverExportReport | HandoverReceiptReport


class _Relay(QObject):
    progress = Signal(object)


class BackupDialog(QDialog):
    """A supervisor's name and password, and the folder the backup goes to."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Buat cadangan stasiun"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.folder = QLineEdit()
        self.folder.setObjectName("backupFolder")
        browse = QPushButton(self.tr("Pilih…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.username = QLineEdit()
        self.username.setObjectName("backupSupervisor")
        self.password = QLineEdit()
        self.password.setObjectName("backupPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Folder cadangan"), row)
        form.addRow(self.tr("Supervisor"), self.username)
        form.addRow(self.tr("Kata sandi"), self.password)
        layout.addLayout(form)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.buttons = ok_cancel_buttons(self.tr("&Buat cadangan"))
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder cadangan"))
        if chosen:
            self.folder.setText(chosen)

    def _check(self) -> None:
        if not (self.folder.text().strip() and self.username.text().strip() and self.password.text()):
            self.message.show_error(self.tr("Isi folder, nama supervisor dan kata sandinya."))
            return
        self.accept()


class RemovableMediaPanel(QWidget):
    """"Salin ke media lepas", "Baca tanda terima", "Buat cadangan…", with one progress bar."""

    finished = Signal(object)  # HandoverExportReport | HandoverReceiptReport | BackupReport
    failed = Signal(object)

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.station = context.station
        self.executor = context.storage
        self.busy = False
        self._relay = _Relay(self)
        self._relay.progress.connect(self._show_progress)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.export_button = QPushButton(self.tr("Salin ke media lepas"))
        self.export_button.setObjectName("handoverExportButton")
        self.export_button.clicked.connect(lambda: self._with_folder(self.export_to))
        self.receipt_button = QPushButton(self.tr("Baca tanda terima kantor"))
        self.receipt_button.setObjectName("handoverReceiptButton")
        self.receipt_button.clicked.connect(lambda: self._with_folder(self.read_receipt))
        self.backup_button = QPushButton(self.tr("Buat cadangan…"))
        self.backup_button.setObjectName("backupButton")
        self.backup_button.clicked.connect(self.open_backup)
        for button in (self.export_button, self.receipt_button, self.backup_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("mediaProgress")
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        layout.addWidget(self.progress_bar)
        self.message = MessageLabel()
        self.message.setObjectName("mediaMessage")
        layout.addWidget(self.message)

    def _with_folder(self, action: Callable[[Path], object]) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Pilih folder di media lepas"))
        if chosen:
            action(Path(chosen))

    def _start(self, work: Callable[[], MediaReport]) -> None:
        if self.busy:
            return
        self.busy = True
        for button in (self.export_button, self.receipt_button, self.backup_button):
            button.setEnabled(False)
        self.message.clear_message()
        self.executor.submit(work, self._done, self._failed)

    def export_to(self, folder: Path) -> None:
        """Copy every packet the hub has not confirmed to ``folder`` (on the worker thread)."""
        sync, relay = self.station.sync, self._relay
        self._start(lambda: export_handover(sync, folder, relay.progress.emit))

    def read_receipt(self, folder: Path) -> None:
        sync = self.station.sync
        self._start(lambda: apply_handover_receipt(sync, folder))

    def open_backup(self) -> BackupDialog:
        dialog = BackupDialog(self)
        dialog.accepted.connect(lambda: self.backup_to(Path(dialog.folder.text().strip()), dialog.username.text().strip(),
                                                       dialog.password.text()))
        dialog.open()
        return dialog

    def backup_to(self, folder: Path, username: str, password: str) -> None:
        """A supervisor's backup of the whole station into ``folder`` (credentials checked on the worker)."""
        station, relay = self.station, self._relay

        def work() -> BackupReport:
            station.operators.verify_supervisor(username, password)
            return create_backup(station, folder, relay.progress.emit)

        self._start(work)

    def _show_progress(self, progress: HandoverProgress | BackupProgress) -> None:
        if isinstance(progress, HandoverProgress):
            done, total = progress.packets_done, progress.packets_total
        else:
            done, total = progress.objects_done, progress.objects_total
        self.progress_bar.setRange(0, max(1, total))
        self.progress_bar.setValue(done)

    def _idle(self) -> None:
        self.busy = False
        for button in (self.export_button, self.receipt_button, self.backup_button):
            button.setEnabled(True)

    def _done(self, report: MediaReport) -> None:
        self._idle()
        if isinstance(report, HandoverExportReport):
            self.message.show_ok(self.tr("{n} paket tersalin dan diperiksa. Bawa media ke kantor; data tetap dalam "
                                         "antrean kirim sampai pusat mengonfirmasi.").format(n=len(report.packets)))
        elif isinstance(report, HandoverReceiptReport):
            text = self.tr("{n} paket diterima pusat.").format(n=len(report.received))
            if report.not_received:
                text += " " + self.tr("{n} paket tidak diterima dan akan disalin lagi.").format(n=len(report.not_received))
            (self.message.show_error if report.not_received else self.message.show_ok)(text)
        else:
            self.message.show_ok(self.tr("Cadangan selesai: {n} rekaman, {mb:.1f} MB ditulis dan diperiksa.").format(
                n=report.enrolments, mb=report.bytes_written / 1e6))
        self.finished.emit(report)

    def _failed(self, error: BaseException) -> None:
        self._idle()
        self.message.show_error(self.context.message(error))
        self.failed.emit(error)
