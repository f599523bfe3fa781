"""Autogenerate a hub Alembic revision from server/models.py: python scripts/new_hub_migration.py "message"."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.storage.db import make_engine
from server.db import hub_alembic_config, upgrade_hub


def main() -> None:
    message = sys.argv[1] if len(sys.argv) > 1 else "hub schema change"
    rev_id = sys.argv[2] if len(sys.argv) > 2 else None
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/scratch.sqlite3")
        upgrade_hub(engine)
        command.revision(hub_alembic_config(engine), message=message, autogenerate=True, rev_id=rev_id)
        engine.dispose()


if __name__ == "__main__":
    main()
