"""Small sync state in the ``station_state`` (KeyValue) table: registration, checkpoints."""

from __future__ import annotations

import json
from typing import Any

from app.storage.db import Database
from app.storage.models import KeyValue

REGISTRATION_KEY = "sync.registration"
ROSTER_CHECKPOINT_PREFIX = "sync.roster_checkpoint."
CONFIG_CHECKPOINT_KEY = "sync.config_version"
HUB_CONFIG_KEY = "sync.hub_config"
CONFIG_APPLIED_KEY = "sync.config_applied"  # {version, changed | refused, at}: the last version handled
LAST_SYNC_KEY = "sync.last_sync_at"
PLAN_VERSION_KEY = "sync.plan_version"  # the hub plan version whose planned visits are held (app/sync/plan_pull.py)


def get_json(db: Database, key: str, default: Any = None) -> Any:
    with db.session() as session:
        row = session.get(KeyValue, key)
        return json.loads(row.value) if row is not None else default


def put_json(db: Database, key: str, value: Any) -> None:
    with db.session() as session:
        row = session.get(KeyValue, key)
        text = json.dumps(value, sort_keys=True)
        if row is None:
            session.add(KeyValue(key=key, value=text))
        else:
            row.value = text
