"""Audit events in operators' words, Indonesian then English (the GUI translates the Indonesian through Qt)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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

# An operator account change said precisely (``details["change"]``).
ACCOUNT_CHANGE_LABELS: dict[str, tuple[str, str]] = {
    "created": ("Akun petugas dibuat", "Operator account created"),
    "activated": ("Akun petugas diaktifkan", "Operator account enabled"),
    "deactivated": ("Akun petugas dinonaktifkan", "Operator account disabled"),
    "password": ("Kata sandi petugas diganti", "Operator password changed"),
    "unlocked": ("Akun petugas dibuka kuncinya", "Operator account unlocked"),
    "own_prints_enrolled": ("Sidik jari petugas direkam", "Operator's own prints recorded"),
}

UNKNOWN_LABEL = ("Kejadian tidak dikenal", "Unknown event")


def all_labels() -> list[tuple[str, str]]:
    """Every (Indonesian, English) pair the log can show (the GUI's translations must cover them)."""
    return [*ACTION_LABELS.values(), *ACCOUNT_CHANGE_LABELS.values(), UNKNOWN_LABEL]


def action_label(action: str, details: Mapping[str, Any] | None = None) -> tuple[str, str]:
    """(Indonesian, English) for a stored action value; an unknown value (a tampered row) gets a plain label."""
    try:
        kind = AuditAction(action)
    except ValueError:
        return UNKNOWN_LABEL
    if kind is AuditAction.OPERATOR_CHANGED and details:
        change = details.get("change")
        if isinstance(change, str) and change in ACCOUNT_CHANGE_LABELS:
            return ACCOUNT_CHANGE_LABELS[change]
    return ACTION_LABELS[kind]


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
