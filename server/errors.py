"""Errors the hub answers with: an HTTP status, a stable code, bilingual messages."""

from __future__ import annotations

from drivers.errors import StationError


class HubError(StationError):
    def __init__(self, status: int, code: str, message_id: str, message_en: str, **extra: object) -> None:
        self.status = status
        self.code = code
        self.extra = extra
        super().__init__(message_id, message_en)

    def body(self) -> dict[str, object]:
        return {"error": self.code, "message_id": self.message_id, "message_en": self.message_en, **self.extra}


def unknown_station() -> HubError:
    return HubError(401, "unknown_station", "Stasiun tidak dikenal; daftarkan dulu.",
                    "Unknown station; register it first.")
