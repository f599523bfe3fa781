"""The hub's schema migrations (Alembic, ``server/migrations``), separate from the station's.

``station-hub serve`` and ``station-hub db upgrade`` call :func:`upgrade_hub`. The
hub keeps its revision in its own ``hub_alembic_version`` table, so it never mixes
with a station database. A hub created before migrations existed (``create_all``)
is recognised and stamped at the initial revision, then upgraded.
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from drivers.errors import StationError
from server.dashboard import tables as _dashboard_tables  # noqa: F401 (the dashboard's tables join HubBase)
from server.models import HubBase

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSION_TABLE = "hub_alembic_version"
# The revision whose schema equals what ``create_all`` built before migrations existed.
INITIAL_REVISION = "5f2c0e6a9b41"
# Alembic keeps its running migration in module globals: one migration at a time per process.
_IN_PROCESS = threading.Lock()


class HubDatabaseError(StationError):
    default_message_id = "Basis data server pusat tidak dapat dipakai atau dimigrasi."
    default_message_en = "The hub database cannot be used or migrated."
    default_action_id = "Periksa alamat --db, hak akses dan ruang disk, lalu jalankan station-hub db upgrade."
    default_action_en = "Check the --db URL, permissions and disk space, then run station-hub db upgrade."


def hub_alembic_config(engine: Engine) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    config.attributes["engine"] = engine
    return config


def head_revision(engine: Engine) -> str:
    heads = ScriptDirectory.from_config(hub_alembic_config(engine)).get_heads()
    return ",".join(heads)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE}).get_current_revision()


def upgrade_hub(engine: Engine) -> tuple[str | None, str]:
    """Apply every hub migration not yet applied. Returns (revision before, revision after).

    Raises:
        HubDatabaseError: the database is unreachable, read-only or full.
    """
    config = hub_alembic_config(engine)
    with _IN_PROCESS:
        return _upgrade(engine, config)


def _upgrade(engine: Engine, config: AlembicConfig) -> tuple[str | None, str]:
    config.attributes["adopt"] = True  # env.py stamps a pre-migration hub, under the migration lock
    try:
        command.upgrade(config, "head")
        return config.attributes.get("revision_before"), current_revision(engine) or ""
    except SQLAlchemyError as exc:
        raise HubDatabaseError(
            f"Basis data server pusat tidak dapat dimigrasi: {exc.__class__.__name__}.",
            f"The hub database cannot be migrated: {exc.__class__.__name__}.",
        ) from exc


def drop_hub_schema(engine: Engine) -> None:
    """Remove every hub table and the revision table (tests that reuse one PostgreSQL database).

    On PostgreSQL the whole ``public`` schema goes, with the processing job queue's tables.
    """
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        return
    HubBase.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text(f"DROP TABLE IF EXISTS {VERSION_TABLE}"))
