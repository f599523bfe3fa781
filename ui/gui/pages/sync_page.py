"""The "Kirim ke pusat" page: send packets to the hub, watch progress, register the station.

Network work runs on this page's own worker thread (``SerialExecutor``); each
database step of it runs on the GUI's one storage executor (``GuiContext.storage``),
as does every other read and write the page makes. Progress comes back to the GUI thread through a queued signal carrying the
frozen ``SyncProgress``. With automatic sending on, a timer tries the hub every
``[sync] poll_interval_s`` and sends what is due when it answers.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.sync.keys import Registration
from app.sync.service import SyncProgress, SyncReport
from app.sync.summary import SyncSummary
from app.timezones import to_local
from ui.gui.context import GuiContext
from ui.gui.pages.removable_media import RemovableMediaPanel
from ui.gui.widgets.common import MessageLabel, ok_cancel_buttons
from ui.gui.widgets.resend_panel import ResendPanelWidget
from ui.gui.workers import SerialExecutor


class _ProgressRelay(QObject):
    """Carries progress from the network thread to the GUI thread (queued connection)."""

    progress = Signal(object)


class RegisterStationDialog(QDialog):
    """A supervisor registers this station at the hub with a one-time code."""

    def __init__(self, context: GuiContext, executor: SerialExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.station = station = context.station
        self.executor = executor  # the network thread; its database steps go to ``context.storage``
        self.registration: Registration | None = None
        self.setWindowTitle(self.tr("Daftarkan stasiun ke pusat"))
        layout = QVBoxLayout(self)
        explanation = QLabel(self.tr("Minta kode pendaftaran sekali pakai dari admin kantor pusat. "
                                     "Hanya supervisor yang boleh mendaftarkan stasiun."))
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        form = QFormLayout()
        self.hub_url = QLineEdit(station.sync.settings.hub_url)
        self.hub_url.setObjectName("hubUrl")
        self.hub_url.setPlaceholderText("https://pusat.example:8470")
        self.code = QLineEdit()
        self.code.setObjectName("registrationCode")
        self.username = QLineEdit()
        self.username.setObjectName("supervisorUsername")
        self.password = QLineEdit()
        self.password.setObjectName("supervisorPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Alamat server pusat"), self.hub_url)
        form.addRow(self.tr("Kode pendaftaran"), self.code)
        form.addRow(self.tr("Supervisor"), self.username)
        form.addRow(self.tr("Kata sandi"), self.password)
        layout.addLayout(form)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.buttons = ok_cancel_buttons(self.tr("&Daftarkan"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        url, code = self.hub_url.text().strip(), self.code.text().strip()
        username, password = self.username.text().strip(), self.password.text()
        if not (url and code and username and password):
            self.message.show_error(self.tr("Isi alamat pusat, kode, nama supervisor dan kata sandinya."))
            return
        self.buttons.setEnabled(False)
        station, storage = self.station, self.context.storage

        def work() -> Registration:
            storage.call(lambda: station.operators.verify_supervisor(username, password))
            return station.sync.register(url, code, storage=storage.call)

        self.executor.submit(work, self._registered, self._failed)

    def _registered(self, registration: Registration) -> None:
        self.registration = registration
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.message.show_error(self.context.message(error))


class SyncPage(QWidget):
    """Kirim ke pusat: what waits, a send button, progress (packets, bytes, time left), automatic sending."""

    sync_finished = Signal(object)  # SyncReport
    sync_failed = Signal(object)  # the exception

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncPage")
        self.context = context
        self.station = station = context.station
        self.language = context.language
        settings = station.sync.settings  # read afresh after each sync: the hub may change [sync] at once
        self.executor = SerialExecutor("sync-network", self)
        self.busy = False
        self._relay = _ProgressRelay(self)
        self._relay.progress.connect(self._show_progress)

        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Kirim ke pusat"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("syncSummary")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("syncProgress")
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        layout.addWidget(self.progress_bar)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("syncProgressText")
        layout.addWidget(self.progress_label)

        buttons = QHBoxLayout()
        self.send_button = QPushButton(self.tr("Kirim sekarang"))
        self.send_button.setObjectName("sendButton")
        self.send_button.clicked.connect(self.send_now)
        self.register_button = QPushButton(self.tr("Daftarkan stasiun…"))
        self.register_button.setObjectName("registerButton")
        self.register_button.clicked.connect(self.open_registration)
        self.auto_send = QCheckBox(self.tr("Kirim otomatis saat pusat terjangkau"))
        self.auto_send.setObjectName("autoSend")
        self.auto_send.setChecked(settings.auto_send)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.register_button)
        buttons.addStretch(1)
        buttons.addWidget(self.auto_send)
        layout.addLayout(buttons)
        self.media = RemovableMediaPanel(context, self)  # hand-over on a USB stick, backup
        self.media.finished.connect(lambda _report: self.refresh())
        layout.addWidget(self.media)

        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.details = QPlainTextEdit()
        self.details.setObjectName("syncDetails")
        self.details.setReadOnly(True)
        layout.addWidget(self.details, 1)
        self.resend_panel = ResendPanelWidget(station, context.storage, self)
        self.resend_panel.requeued.connect(lambda _uuids: self.send_now())
        self.resend_panel.failed.connect(self._show_error)
        layout.addWidget(self.resend_panel, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(settings.poll_interval_s * 1000)
        self.timer.timeout.connect(self.auto_tick)
        self.timer.start()
        self.refresh()

    # Summary -----------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the counts (on the storage thread) and show them."""
        sync = self.station.sync
        self.context.storage.submit(sync.summary, self._show_summary, self._show_error)
        self.resend_panel.refresh()

    def _local_time(self, iso_time: str | None) -> str:
        """A stored UTC time as the operator reads it: day and time in the station's time zone."""
        if not iso_time:
            return self.tr("belum pernah")
        zone_name = self.station.config.identity.timezone
        return f"{to_local(datetime.fromisoformat(iso_time), zone_name):%d-%m-%Y %H:%M} {zone_name.upper()}"

    def _show_summary(self, summary: SyncSummary) -> None:
        if not summary.registered:
            self.summary_label.setText(self.tr("Stasiun belum terdaftar di pusat. Data tersimpan aman dan "
                                               "akan dikirim setelah pendaftaran."))
        else:
            self.summary_label.setText(self.tr(
                "Pusat: {hub} · menunggu kirim: {waiting} · menunggu persetujuan: {approval} · "
                "terkirim: {sent} · gagal: {failed} · terakhir: {last}").format(
                hub=summary.hub_url, waiting=summary.waiting + summary.unsealed,
                approval=summary.awaiting_approval, sent=summary.sent, failed=summary.failed,
                last=self._local_time(summary.last_sync_at)))
        self.send_button.setEnabled(summary.registered and not self.busy)

    # Sending -------------------------------------------------------------------

    def send_now(self, *, automatic: bool = False) -> None:
        if self.busy:
            return
        self.busy = True
        self.send_button.setEnabled(False)
        self.message.clear_message()
        sync, relay, storage = self.station.sync, self._relay, self.context.storage

        def work() -> SyncReport | None:
            if automatic and not sync.hub_reachable(storage=storage.call):
                return None
            return sync.sync_now(relay.progress.emit, respect_backoff=automatic, storage=storage.call)

        self.executor.submit(work, self._finished, self._failed)

    def auto_tick(self) -> None:
        if self.station.locked:  # logged out: stored data is closed until the next log-in
            return
        if self.auto_send.isChecked() and not self.busy:
            self.send_now(automatic=True)

    def _show_progress(self, progress: SyncProgress) -> None:
        self.progress_bar.setRange(0, max(1, progress.packets_total))
        self.progress_bar.setValue(progress.packets_done)
        left = (self.tr("sisa ~{s} dtk").format(s=round(progress.seconds_left))
                if progress.seconds_left is not None else self.tr("menghitung sisa waktu…"))
        self.progress_label.setText(self.tr("{done}/{total} paket · {mb:.1f}/{mb_total:.1f} MB · {left}").format(
            done=progress.packets_done, total=progress.packets_total, mb=progress.bytes_done / 1e6,
            mb_total=progress.bytes_total / 1e6, left=left))

    def _finished(self, report: SyncReport | None) -> None:
        self.busy = False
        if report is None:  # automatic attempt, hub not reachable: stay quiet
            self.refresh()
            return
        lines = [self.tr("Terkirim: {n} paket").format(n=len(report.sent))]
        for failed in report.failed:
            error = failed.error or {}
            text = error.get("message_en" if self.language == "en" else "message_id", "")
            lines.append(self.tr("Gagal {uuid}: {text}").format(uuid=failed.packet_uuid, text=text))
        if report.awaiting_approval:
            lines.append(self.tr("Menunggu persetujuan supervisor: {n}").format(n=report.awaiting_approval))
        if report.needs_action:
            lines.append(self.tr("Perlu rekam ulang atau kirim ulang (ganda/gagal di pusat): {n}").format(
                n=report.needs_action))
        lines.extend(self._config_lines(report))
        self._follow_live_settings(report)
        self.details.setPlainText("\n".join(lines))
        if report.failed:
            self.message.show_error(self.tr("Sebagian data belum terkirim; akan dicoba lagi."))
        else:
            self.message.show_ok(self.tr("Semua data yang siap sudah terkirim."))
        self.refresh()
        self.sync_finished.emit(report)

    def _config_lines(self, report: SyncReport) -> list[str]:
        """The hub configuration of this run: which keys were applied, or why it was refused."""
        config = report.config
        if config is None:
            return []
        if config.refused:
            text = config.refused.get("message_en" if self.language == "en" else "message_id", "")
            return [self.tr("Konfigurasi dari pusat (versi {v}) ditolak, tidak ada yang diubah: {text}").format(
                v=config.version, text=text)]
        if not config.changed:
            return []
        lines = [self.tr("Konfigurasi dari pusat (versi {v}) diterapkan: {keys}").format(
            v=config.version, keys=", ".join(config.changed))]
        if config.restart_needed:
            lines.append(self.tr("Berlaku setelah aplikasi dimulai ulang: {keys}").format(
                keys=", ".join(config.restart_needed)))
        return lines

    def _follow_live_settings(self, report: SyncReport) -> None:
        """[sync] from the hub applies at once: the polling timer and automatic sending follow it."""
        changed = report.config.changed if report.config is not None and not report.config.refused else ()
        settings = self.station.sync.settings
        if "sync.poll_interval_s" in changed:
            self.timer.setInterval(settings.poll_interval_s * 1000)
        if "sync.auto_send" in changed:
            self.auto_send.setChecked(settings.auto_send)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self._show_error(error)
        self.refresh()
        self.sync_failed.emit(error)

    def _show_error(self, error: BaseException) -> None:
        self.message.show_error(self.context.message(error))

    # Registration ---------------------------------------------------------------

    def open_registration(self) -> RegisterStationDialog:
        dialog = RegisterStationDialog(self.context, self.executor, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def shutdown(self) -> None:
        """Stop the timer and let running network work finish (call before closing the station)."""
        self.timer.stop()
        self.executor.shutdown()
