"""Alembic environment of the hub: runs against the engine ``server.db.upgrade_hub`` hands over.

On PostgreSQL a transaction-scoped advisory lock serialises hub processes that
start at once (several workers), so only the first one migrates. Under that lock
a hub built by ``create_all`` before migrations existed is stamped at the first
revision, and the revision found is handed back in ``config.attributes``.
"""

from __future__ import annotations

from alembic import context
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from server.db import INITIAL_REVISION, VERSION_TABLE
from server.models import HubBase

# Any constant works; it only has to be the same in every hub process.
_MIGRATION_LOCK_ID = 0x454B5450  # "EKTP"

config = context.config
target_metadata = HubBase.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            version_table=VERSION_TABLE,
            render_as_batch=True,  # SQLite needs batch mode to alter tables
            compare_type=True,
        )
        migration = context.get_context()
        before = migration.get_current_revision()
        if before is None and config.attributes.get("adopt") and inspect(connection).has_table("hub_stations"):
            migration.stamp(ScriptDirectory.from_config(config), INITIAL_REVISION)
        config.attributes["revision_before"] = before
        context.run_migrations()


run_migrations_online()
