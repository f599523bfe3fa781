"""The station's exception tree.

The root lives in the lowest layer so that drivers, app services and the hub can
all derive from it without breaking the ui -> app -> drivers fence. Every error
carries a message in Bahasa Indonesia first and English second, plus what the
operator should do about it. Only ``ui/`` turns an error into a dialog.
"""

from __future__ import annotations


class StationError(Exception):
    """Root of every error the station raises on purpose.

    Args:
        message_id: what happened, in Bahasa Indonesia.
        message_en: the same in English.
        action_id / action_en: what the operator should do (optional).
    """

    default_message_id = "Terjadi kesalahan."
    default_message_en = "Something went wrong."
    default_action_id = ""
    default_action_en = ""

    def __init__(
        self,
        message_id: str | None = None,
        message_en: str | None = None,
        *,
        action_id: str | None = None,
        action_en: str | None = None,
    ) -> None:
        self.message_id = message_id or self.default_message_id
        self.message_en = message_en or message_id or self.default_message_en
        self.action_id = action_id if action_id is not None else self.default_action_id
        self.action_en = action_en if action_en is not None else self.default_action_en
        super().__init__(self.message_id)

    def __str__(self) -> str:
        text = f"{self.message_id} / {self.message_en}"
        if self.action_id:
            text += f" — {self.action_id} / {self.action_en}"
        return text

    def localized(self, language: str = "id") -> str:
        """The message and the action in one language ("id" or "en")."""
        if language == "en":
            return " ".join(p for p in (self.message_en, self.action_en) if p)
        return " ".join(p for p in (self.message_id, self.action_id) if p)

    def to_dict(self) -> dict[str, str]:
        return {
            "error": type(self).__name__,
            "message_id": self.message_id,
            "message_en": self.message_en,
            "action_id": self.action_id,
            "action_en": self.action_en,
        }


class DeviceError(StationError):
    """A device did not do what was asked."""

    default_message_id = "Perangkat bermasalah."
    default_message_en = "The device reported a problem."
    default_action_id = "Periksa kabel lalu jalankan uji perangkat."
    default_action_en = "Check the cable, then run the device self-check."


class DeviceNotConnectedError(DeviceError):
    default_message_id = "Perangkat tidak terhubung."
    default_message_en = "The device is not connected."
    default_action_id = "Pasang kembali kabel USB/serial, tunggu 5 detik, lalu coba lagi."
    default_action_en = "Reconnect the USB/serial cable, wait 5 seconds, then try again."


class DeviceBusyError(DeviceError):
    default_message_id = "Perangkat sedang sibuk."
    default_message_en = "The device is busy."
    default_action_id = "Tunggu sebentar lalu coba lagi."
    default_action_en = "Wait a moment, then try again."


class DeviceTimeoutError(DeviceError):
    default_message_id = "Perangkat tidak menjawab tepat waktu."
    default_message_en = "The device did not answer in time."
    default_action_id = "Pastikan jari/wajah/pena berada di tempatnya lalu ulangi; bila terus terjadi, cabut dan pasang lagi perangkat."
    default_action_en = "Make sure the finger/face/pen is in place and retry; if it keeps happening, unplug and replug the device."


class DeviceUnsupportedError(DeviceError):
    default_message_id = "Fungsi ini tidak didukung perangkat."
    default_message_en = "The device does not support this."
    default_action_id = "Periksa pengaturan perangkat di menu Pengaturan."
    default_action_en = "Check the device settings page."


class DeviceProtocolError(DeviceError):
    default_message_id = "Data dari perangkat rusak atau tidak dikenal."
    default_message_en = "The device sent corrupted or unexpected data."
    default_action_id = "Ulangi pengambilan; bila terus terjadi, cabut dan pasang lagi perangkat."
    default_action_en = "Retry the capture; if it keeps happening, unplug and replug the device."


class DeviceStateError(DeviceError):
    """A call that the device's current state does not allow (e.g. capture before open)."""

    default_message_id = "Perangkat belum siap."
    default_message_en = "The device is not ready."
    default_action_id = "Buka perangkat terlebih dahulu."
    default_action_en = "Open the device first."


class DeviceConfigError(DeviceError):
    default_message_id = "Pengaturan perangkat tidak valid."
    default_message_en = "The device configuration is invalid."
    default_action_id = "Perbaiki berkas konfigurasi stasiun."
    default_action_en = "Fix the station configuration file."


class DeviceSettingError(DeviceConfigError, ValueError):
    """A backend setting the device cannot use (unknown key, wrong type, out of range).

    Every backend raises this one type for bad settings, when it is built from a
    ``[devices.<family>]`` table and when it is constructed directly; it is a
    ``ValueError`` too, for code that validates values generically.
    """

    default_message_id = "Pengaturan perangkat tidak valid."
    default_message_en = "A device setting is invalid."


class DevicesNotConnectedError(DeviceError):
    """Several devices failed at start-up; all failures reported together."""

    def __init__(self, failures: dict[str, DeviceError]) -> None:
        self.failures = failures
        names = ", ".join(sorted(failures))
        super().__init__(
            f"Perangkat berikut gagal: {names}.",
            f"These devices failed: {names}.",
            action_id="Lihat rincian tiap perangkat lalu jalankan uji perangkat.",
            action_en="See each device's details, then run the device self-check.",
        )
