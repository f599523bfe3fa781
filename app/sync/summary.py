"""What the sending page and ``station sync --status`` show: the outbox counts and the hub link."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class SyncSummary:
    """Counts of the outbox by what it waits for, and when the station last reached its hub.

    ``waiting`` are sealed and sendable; ``unsealed`` still wait for their packet;
    ``handed_over`` (of those still queued) went out on removable media too.
    """

    registered: bool
    hub_url: str
    site_code: str
    last_sync_at: str | None  # ISO 8601, UTC
    hub_config: dict[str, Any] | None  # the hub configuration version last applied or refused
    awaiting_approval: int = 0
    unsealed: int = 0
    waiting: int = 0
    sent: int = 0
    failed: int = 0
    handed_over: int = 0

    def to_dict(self) -> dict[str, Any]:
        """For ``--json`` (the field names are the command's contract)."""
        return asdict(self)
