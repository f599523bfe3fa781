"""The registration-freeze banner: why recording is frozen and what to do, in the GUI language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.services.limits import LimitsReport

# What to do on the station's screens (the service's own actions name the command line, for the CLI).
GUI_ACTIONS: dict[str, tuple[str, str]] = {
    "pending_approval": ("Supervisor menyetujui rekaman yang menunggu di halaman Persetujuan.",
                         "A supervisor approves the waiting records on the Approval page."),
    "pending_age": ("Supervisor menyetujui atau membatalkan rekaman lama di halaman Persetujuan.",
                    "A supervisor approves or cancels the old records on the Approval page."),
    "sync_age": ("Sambungkan ke jaringan kantor, lalu tekan Kirim sekarang di halaman Kirim ke pusat.",
                 "Connect to the office network, then press Send now on the Send to hub page."),
}


def freeze_reasons(report: LimitsReport | None, language: str) -> list[str]:
    """One line per breached limit: the reason, then what to do."""
    todo = QCoreApplication.translate("FreezeBanner", "Yang harus dilakukan:")
    lines = []
    for breach in report.breaches if report is not None else ():
        message, action = ((breach.message_en, breach.action_en) if language == "en"
                           else (breach.message_id, breach.action_id))
        if breach.code in GUI_ACTIONS:
            action = GUI_ACTIONS[breach.code][1 if language == "en" else 0]
        lines.append(f"{message} {todo} {action}")
    return lines


class FreezeBannerWidget(QLabel):
    """Hidden while recording may go on; otherwise a red block listing every breached limit."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.setObjectName("freezeBanner")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet("background: #b00020; color: #ffffff; font-weight: bold; padding: 10px;"
                           " border-radius: 4px;")
        self.setVisible(False)

    def show_report(self, report: LimitsReport | None) -> None:
        reasons = freeze_reasons(report, self.language)
        if not reasons:
            self.clear()
            self.setVisible(False)
            return
        title = QCoreApplication.translate("FreezeBanner", "Perekaman dibekukan: perekaman baru tidak bisa "
                                                           "dimulai sampai ini diselesaikan.")
        self.setText("\n".join([title, *(f"• {reason}" for reason in reasons)]))
        self.setVisible(True)
