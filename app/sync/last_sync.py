"""The one place that knows when the station last synced successfully (``station_state``, key ``sync.last_sync_at``).

The sync service records it after a run in which every due packet went and the
hub answered; the registration freeze (``app/services/limits.py``), ``station
status`` and the sync page read it from here.
"""

from __future__ import annotations

import datetime as dt

from app.storage.db import Database
from app.sync import state
from app.timezones import utc_now


def record_successful_sync(db: Database, when: dt.datetime | None = None) -> dt.datetime:
    """Remember a successful sync (UTC); returns the time stored."""
    moment = when or utc_now()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    state.put_json(db, state.LAST_SYNC_KEY, moment.astimezone(dt.UTC).isoformat())
    return moment


def last_successful_sync(db: Database) -> dt.datetime | None:
    """When the station last synced successfully (aware UTC), or None when it never has."""
    text = state.get_json(db, state.LAST_SYNC_KEY)
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
