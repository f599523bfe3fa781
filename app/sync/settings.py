"""The ``[sync]`` table of station.toml, parsed once into a frozen dataclass."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.config import StationConfig, reject_unknown_keys
from app.errors import ConfigError
from app.sync.packet_format import MAX_CHUNK_SIZE


@dataclass(frozen=True)
class SyncSettings:
    hub_url: str = ""  # filled in by ``station register``
    chunk_size: int = 256 * 1024  # bytes per upload request; small enough to resume cheaply on weak links
    concurrency: int = 2  # packets uploaded at once
    auto_send: bool = True  # GUI sends in the background when the hub is reachable
    poll_interval_s: int = 300  # GUI: how often to try sending and to poll statuses
    retention_days: int = 30  # confirmed packets are deleted this long after confirmation
    require_approval: bool = True  # a supervisor approves records before they are sent
    timeout_s: float = 30.0  # per HTTP request
    tries_per_run: int = 4  # quick retries of one packet inside one sync run
    backoff_base_s: float = 30.0  # first wait after a failed run; doubles each time
    backoff_max_s: float = 3600.0

    @classmethod
    def from_config(cls, config: StationConfig) -> SyncSettings:
        """Read ``[sync]``; unknown keys and bad values are configuration errors.

        Raises:
            ConfigError: a value has the wrong type or is out of range.
        """
        table: dict[str, Any] = config.section("sync")
        defaults = cls()
        known = set(cls.__dataclass_fields__)
        reject_unknown_keys("sync", table, known)
        values: dict[str, Any] = {}
        for name in known:
            default = getattr(defaults, name)
            value = table.get(name, default)
            try:
                if isinstance(default, bool):
                    if not isinstance(value, bool):
                        raise TypeError(name)
                elif isinstance(default, int):
                    value = int(value)
                elif isinstance(default, float):
                    value = float(value)
                else:
                    value = str(value).rstrip("/")
            except (TypeError, ValueError) as exc:
                raise ConfigError(
                    f"[sync] {name} tidak valid: {value!r}.", f"[sync] {name} is invalid: {value!r}."
                ) from exc
            values[name] = value
        settings = cls(**values)
        settings._check()
        return settings

    def _check(self) -> None:
        if self.chunk_size > MAX_CHUNK_SIZE:
            megabytes = MAX_CHUNK_SIZE // (1024 * 1024)
            raise ConfigError(
                f"[sync] chunk_size {self.chunk_size} terlalu besar: server pusat menerima potongan paling besar "
                f"{megabytes} MB ({MAX_CHUNK_SIZE} byte).",
                f"[sync] chunk_size {self.chunk_size} is too large: the hub accepts chunks of at most "
                f"{megabytes} MB ({MAX_CHUNK_SIZE} bytes).",
                action_id="Kecilkan chunk_size di bagian [sync] station.toml (bawaan 262144).",
                action_en="Lower chunk_size in the [sync] table of station.toml (default 262144).",
            )
        limits = {
            "chunk_size": (4096, MAX_CHUNK_SIZE),
            "concurrency": (1, 16),
            "poll_interval_s": (5, 86400),
            "retention_days": (0, 3650),
            "tries_per_run": (1, 20),
        }
        for name, (low, high) in limits.items():
            value = getattr(self, name)
            if not low <= value <= high:
                raise ConfigError(
                    f"[sync] {name} harus {low}–{high}, bukan {value}.",
                    f"[sync] {name} must be {low}–{high}, not {value}.",
                )
        if self.hub_url and not self.hub_url.startswith(("http://", "https://")):
            raise ConfigError(
                "[sync] hub_url harus diawali http:// atau https://.",
                "[sync] hub_url must start with http:// or https://.",
            )
