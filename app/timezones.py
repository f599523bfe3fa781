"""Indonesia's three time zones. Stored times are UTC; shown in the station's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

# Indonesia keeps no daylight saving time, so fixed offsets are exact.
ZONES: dict[str, timezone] = {
    "WIB": timezone(timedelta(hours=7), "WIB"),
    "WITA": timezone(timedelta(hours=8), "WITA"),
    "WIT": timezone(timedelta(hours=9), "WIT"),
}


def utc_now() -> datetime:
    return datetime.now(UTC)


def zone(name: str) -> timezone:
    try:
        return ZONES[name.upper()]
    except KeyError:
        raise ValueError(f"time zone must be one of {', '.join(ZONES)}, not {name!r}") from None


def to_local(moment: datetime, zone_name: str) -> datetime:
    """A UTC (or naive-as-UTC, as SQLite returns it) time in the station's zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone(zone_name))


def format_local(moment: datetime, zone_name: str) -> str:
    local = to_local(moment, zone_name)
    return f"{local:%Y-%m-%d %H:%M} {zone_name.upper()}"
