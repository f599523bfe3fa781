"""Local storage: SQLite through SQLAlchemy, migrations, and the blob store for images."""
