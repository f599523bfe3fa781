"""Audit events in operators' words, Indonesian then English (the GUI translates the Indonesian through Qt)."""

from __future__ import annotations

from app.domain.enums import AuditAction

ACTION_LABELS: dict[AuditAction, tuple[str, str]] = {
    AuditAction.LOGIN: ("Masuk", "Logged in"),
    AuditAction.LOGIN_FAILED: ("Gagal masuk", "Failed log-in"),
    AuditAction.LOGOUT: ("Keluar", "Logged out"),
    AuditAction.VISIT_OPENED: ("Kunjungan dibuka", "Visit opened"),
    AuditAction.VISIT_CLOSED: ("Kunjungan ditutup", "Visit closed"),
    AuditAction.ROSTER_IMPORTED: ("Daftar peserta diimpor", "Roster imported"),
    AuditAction.ENROLMENT_STARTED: ("Perekaman dimulai", "Recording started"),
    AuditAction.ENROLMENT_SAVED: ("Perekaman disimpan", "Recording saved"),
    AuditAction.ENROLMENT_APPROVED: ("Perekaman disetujui", "Recording approved"),
    AuditAction.ENROLMENT_CANCELLED: ("Perekaman dibatalkan", "Recording cancelled"),
    AuditAction.CAPTURE_FORCED: ("Pengambilan dipaksakan", "Capture forced"),
    AuditAction.CAPTURE_EXCEPTION: ("Pengecualian biometrik", "Biometric exception"),
    AuditAction.SELFCHECK: ("Uji perangkat", "Device self-check"),
    AuditAction.SETTINGS_CHANGED: ("Pengaturan diubah", "Settings changed"),
    AuditAction.OPERATOR_CHANGED: ("Akun petugas diubah", "Operator account changed"),
    AuditAction.SYNC: ("Pengiriman ke pusat", "Sent to the office"),
    AuditAction.STATION_REGISTERED: ("Stasiun didaftarkan", "Station registered"),
}

UNKNOWN_LABEL = ("Kejadian tidak dikenal", "Unknown event")


def action_label(action: str) -> tuple[str, str]:
    """(Indonesian, English) for a stored action value; an unknown value (a tampered row) gets a plain label."""
    try:
        return ACTION_LABELS[AuditAction(action)]
    except ValueError:
        return UNKNOWN_LABEL


def subject_label(subject: str) -> tuple[str, str]:
    """What an event was about, without internal prefixes (``site:3`` becomes "Lokasi #3")."""
    prefix, _, rest = subject.partition(":")
    words = {"site": ("Lokasi", "Site"), "visit": ("Kunjungan", "Visit"), "enrolment": ("Perekaman", "Recording")}
    if rest and prefix in words:
        word_id, word_en = words[prefix]
        return f"{word_id} #{rest}", f"{word_en} #{rest}"
    if subject == "hub-config":
        return "Konfigurasi dari pusat", "Configuration from the office"
    return subject, subject
