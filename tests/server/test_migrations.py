"""The hub's migrations: one head, the migrated schema equals the models, old hubs are adopted.

Runs on SQLite, and on PostgreSQL too when DATABASE_URL points at one (``hub_db_url``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from app.storage.db import make_engine
from app.storage.migrations import __file__ as station_migrations_file
from server.cli import main
from server.db import (
    INITIAL_REVISION,
    MIGRATIONS_DIR,
    VERSION_TABLE,
    current_revision,
    head_revision,
    hub_alembic_config,
    upgrade_hub,
)
from server.hub import Hub
from server.models import HubBase


def test_hub_migrations_have_a_single_head(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    heads = ScriptDirectory.from_config(hub_alembic_config(engine)).get_heads()
    engine.dispose()
    assert len(heads) == 1, f"several hub migration heads, merge them: {heads}"
    assert MIGRATIONS_DIR != Path(station_migrations_file).parent


def test_migrated_hub_schema_matches_the_models(hub_db_url: str) -> None:
    engine = make_engine(hub_db_url)
    before, after = upgrade_hub(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "version_table": VERSION_TABLE})
        differences = compare_metadata(context, HubBase.metadata)
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert before is None and after == head_revision(engine)
    assert differences == [], f"hub models changed without a migration: {differences}"
    assert VERSION_TABLE in tables and "alembic_version" not in tables, "the hub keeps its own version table"


def test_upgrade_twice_is_harmless(hub_db_url: str) -> None:
    engine = make_engine(hub_db_url)
    upgrade_hub(engine)
    assert upgrade_hub(engine) == (head_revision(engine), head_revision(engine))
    engine.dispose()


def test_a_hub_built_by_create_all_is_adopted_and_keeps_its_data(hub_db_url: str, tmp_path: Path) -> None:
    """Hubs deployed before migrations existed: tables without a revision are stamped, not recreated."""
    engine = make_engine(hub_db_url)
    # what create_all built before migrations existed: the first revision's schema, without a revision
    command.upgrade(hub_alembic_config(engine), INITIAL_REVISION)
    with engine.begin() as connection:
        connection.execute(text(f"DROP TABLE {VERSION_TABLE}"))
    legacy = Hub(hub_db_url, tmp_path / "data", migrate=False)
    legacy.invite("SMAN-LAMA")
    version = legacy.push_config({"quality": {"max_attempts": 4}})
    legacy.close()
    assert current_revision(engine) is None

    hub = Hub(hub_db_url, tmp_path / "data")
    assert current_revision(engine) == head_revision(engine)
    assert hub.config(0) == {"version": version, "config": {"quality": {"max_attempts": 4}}}
    hub.close()
    engine.dispose()
    assert ScriptDirectory(str(MIGRATIONS_DIR)).get_base() == INITIAL_REVISION


def test_db_upgrade_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "hub"
    assert main(["db", "upgrade", "--data", str(data)]) == 0
    assert "migrated" in capsys.readouterr().out
    engine = make_engine(f"sqlite:///{data.resolve() / 'hub.sqlite3'}")
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()
    assert main(["db", "upgrade", "--data", str(data)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_db_upgrade_on_an_unreachable_database_explains(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unusable = tmp_path / "not-a-db"
    unusable.mkdir()
    code = main(["db", "upgrade", "--db", f"sqlite:///{unusable}", "--data", str(tmp_path / "hub")])
    err = capsys.readouterr().err
    assert code == 2 and "Galat:" in err and "Error: The hub database cannot be migrated" in err
    assert "Traceback" not in err


def test_hub_processes_starting_together_migrate_once(hub_db_url: str, tmp_path: Path) -> None:
    """Several hub processes starting at once on PostgreSQL: the advisory lock lets one migrate, the rest wait."""
    if not hub_db_url.startswith("postgresql"):
        pytest.skip("one hub process per SQLite file")
    command = [sys.executable, "-m", "server.cli", "db", "upgrade", "--db", hub_db_url, "--data", str(tmp_path)]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(4)]
    outcomes = [(process.wait(timeout=120), *process.communicate()) for process in processes]
    assert all(code == 0 for code, _out, _err in outcomes), outcomes
    assert sum("migrated" in out for _code, out, _err in outcomes) == 1
    engine = make_engine(hub_db_url)
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()
