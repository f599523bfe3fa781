"""Sync errors: one class with a ``kind`` the outbox records and the UI explains."""

from __future__ import annotations

import enum

from drivers.errors import StationError


class SyncErrorKind(enum.StrEnum):
    NOT_REGISTERED = "not_registered"  # no hub key yet
    UNREACHABLE = "unreachable"  # network down, connection cut, timeout
    SERVER = "server"  # hub answered 5xx
    REFUSED = "refused"  # hub refused for good (tampered, unknown station, reused UUID)
    PROTOCOL = "protocol"  # the hub's answer made no sense
    PACKET = "packet"  # a packet could not be built, read or opened

    @property
    def retryable(self) -> bool:
        return self in (SyncErrorKind.UNREACHABLE, SyncErrorKind.SERVER, SyncErrorKind.PROTOCOL)


class SyncError(StationError):
    """Something in sending to or pulling from the hub failed; ``kind`` says what."""

    default_message_id = "Pengiriman data ke pusat gagal."
    default_message_en = "Sending data to the hub failed."
    default_action_id = "Data tetap tersimpan di stasiun. Periksa sinyal lalu kirim ulang."
    default_action_en = "The data stays on the station. Check the signal, then send again."

    def __init__(
        self,
        kind: SyncErrorKind,
        message_id: str | None = None,
        message_en: str | None = None,
        *,
        code: str = "",
        action_id: str | None = None,
        action_en: str | None = None,
    ) -> None:
        self.kind = kind
        self.code = code or kind.value
        super().__init__(message_id, message_en, action_id=action_id, action_en=action_en)

    def to_dict(self) -> dict[str, str]:
        return {**super().to_dict(), "kind": self.kind.value, "code": self.code}


class NotRegisteredError(SyncError):
    def __init__(self) -> None:
        super().__init__(
            SyncErrorKind.NOT_REGISTERED,
            "Stasiun belum terdaftar di server pusat.",
            "The station is not registered with the hub yet.",
            action_id="Minta kode pendaftaran ke supervisor lalu jalankan: station register --hub URL --code KODE",
            action_en="Ask the supervisor for a registration code, then run: station register --hub URL --code CODE",
        )


class PacketFormatError(SyncError):
    """A sealed packet is malformed, forged or tampered with."""

    def __init__(self, code: str, message_id: str, message_en: str) -> None:
        super().__init__(
            SyncErrorKind.PACKET,
            message_id,
            message_en,
            code=code,
            action_id="Paket ditolak; laporkan ke admin.",
            action_en="The packet was refused; report it to the administrator.",
        )
