"""Alembic environment: runs against the engine the station hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from app.storage.models import Base, UtcDateTime

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Write UtcDateTime columns into new revisions as plain ``sa.DateTime(timezone=True)``."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,  # SQLite needs batch mode to alter tables
            compare_type=True,
            render_item=render_item,
        )
        context.run_migrations()


run_migrations_online()
