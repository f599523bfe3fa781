"""Migrations build the same schema as the models, and SQLite runs durably."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from app.storage.db import Database, alembic_config
from app.storage.models import Base


def test_migrations_have_a_single_head(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    heads = ScriptDirectory.from_config(alembic_config(db.engine)).get_heads()
    assert len(heads) == 1, f"several migration heads, merge them: {heads}"
    db.dispose()


def test_migrated_schema_matches_models(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    db.upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    db.dispose()
    assert differences == [], f"models changed without a migration: {differences}"


def test_sqlite_runs_wal_with_foreign_keys_and_full_sync(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    db.upgrade()
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    db.dispose()


def test_upgrade_twice_is_harmless(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    db.upgrade()
    db.upgrade()
    db.dispose()
