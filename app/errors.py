"""Errors raised by app services. All derive from the one station root."""

from __future__ import annotations

from drivers.errors import StationError

__all__ = [
    "StationError",
    "ConfigError",
    "StorageError",
    "StorageFullError",
    "InputError",
    "NotFoundError",
    "AuthError",
]


class ConfigError(StationError):
    default_message_id = "Berkas konfigurasi stasiun tidak valid."
    default_message_en = "The station configuration file is invalid."
    default_action_id = "Perbaiki berkas konfigurasi atau hapus agar dibuat ulang."
    default_action_en = "Fix the configuration file, or delete it to have it recreated."


class StorageError(StationError):
    default_message_id = "Data tidak dapat disimpan."
    default_message_en = "The data could not be saved."
    default_action_id = "Tidak ada data yang hilang. Periksa ruang disk lalu ulangi."
    default_action_en = "Nothing was lost. Check the disk, then try again."


class StorageFullError(StorageError):
    default_message_id = "Disk penuh; data tidak disimpan."
    default_message_en = "The disk is full; nothing was saved."
    default_action_id = "Kirim data ke pusat lalu hapus berkas lama untuk mengosongkan ruang."
    default_action_en = "Send data to the hub and remove old files to free space."


class InputError(StationError):
    """Input from a person or a file that cannot be used as it is."""

    default_message_id = "Masukan tidak valid."
    default_message_en = "The input is invalid."


class NotFoundError(StationError):
    default_message_id = "Data tidak ditemukan."
    default_message_en = "Not found."


class AuthError(StationError):
    default_message_id = "Nama pengguna atau kata sandi salah."
    default_message_en = "Wrong user name or password."


class StationLockedError(AuthError):
    """Stored data was asked for while no operator has unlocked the station (or after log-out)."""

    default_message_id = "Stasiun terkunci: data tersimpan hanya terbuka setelah petugas masuk."
    default_message_en = "The station is locked: stored data opens only after an operator logs in."
    default_action_id = "Masuk dengan nama pengguna dan kata sandi Anda."
    default_action_en = "Log in with your user name and password."
