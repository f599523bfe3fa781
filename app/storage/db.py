"""Engine, sessions and start-up migrations.

SQLite runs in WAL mode with foreign keys on and ``synchronous=FULL``: a saved
enrolment survives a power cut. Storage work goes through ``Database.session()``.

The station's database is SQLCipher (``sqlcipher3``): every page of the file,
its WAL and its journal are encrypted under a raw 32-byte key given at
:meth:`Database.open`. Closed (locked), every session refuses.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import StationLockedError, StorageError, StorageFullError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SQLITE_HEADER = b"SQLite format 3\x00"  # the first bytes of every plaintext SQLite file


# SQLCipher pages of 16 KiB (default 4 KiB): a quarter of the per-page HMAC and IV work when the
# duplicate search reads the whole gallery. Fixed for a file once written; every connection sets it.
CIPHER_PAGE_SIZE = 16384


def key_pragma(key: bytes) -> str:
    """``PRAGMA key`` with a raw key: SQLCipher then skips its own passphrase KDF."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


def is_plaintext_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except FileNotFoundError:
        return False


def sqlite_file(url: str) -> Path | None:
    """The file behind a ``sqlite:///`` URL (None for memory or other servers)."""
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url.removeprefix("sqlite:///"))
    return None


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, cipher_key: bytes | None = None) -> Engine:
    """An engine for ``url``; with ``cipher_key`` an SQLCipher one (SQLite files only)."""
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    if cipher_key is None:
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if path is None:
        raise StorageError("Enkripsi basis data memerlukan berkas SQLite.",
                           "Database encryption needs an SQLite file.",
                           action_id="Kosongkan [database] url di station.toml.",
                           action_en="Leave [database] url empty in station.toml.")
    import sqlcipher3.dbapi2 as sqlcipher

    pragma = key_pragma(cipher_key)
    engine = create_engine(url, module=sqlcipher)

    def keyed(dbapi_connection, record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(pragma)  # before anything else touches the file
        cursor.execute(f"PRAGMA cipher_page_size = {CIPHER_PAGE_SIZE}")
        cursor.close()
        _sqlite_pragmas(dbapi_connection, record)

    event.listen(engine, "connect", keyed)
    return engine


def alembic_config(engine: Engine) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Apply every migration not yet applied (``station db upgrade``; also at start)."""
    try:
        command.upgrade(alembic_config(engine), "head")
    except OperationalError as exc:
        raise _storage_error(exc) from exc


def _storage_error(exc: SQLAlchemyError) -> StorageError:
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return StorageFullError()
    return StorageError(
        f"Basis data tidak dapat diakses: {exc.__class__.__name__}.",
        f"The database cannot be used: {exc.__class__.__name__}.",
    )


class Database:
    """The station database: one engine, a session factory, a transaction helper.

    ``Database(url)`` opens a plain database at once (tests, tools). The station
    builds it with ``locked=True`` and calls :meth:`open` with the SQLCipher key
    at log-in and :meth:`close` at log-out; services keep the same object.
    """

    def __init__(self, url: str, *, locked: bool = False) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        if not locked:
            self.open(None)

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise StationLockedError()
        return self._engine

    def open(self, cipher_key: bytes | None) -> None:
        """(Re)open the engine, encrypted when ``cipher_key`` is given.

        Raises:
            AuthError: the key does not open this file (``file is not a database``).
        """
        self.close()
        engine = make_engine(self.url, cipher_key)
        if cipher_key is not None:
            try:
                with engine.connect() as connection:
                    connection.exec_driver_sql("SELECT count(*) FROM sqlite_master")
            except SQLAlchemyError as exc:
                engine.dispose()
                raise StorageError("Basis data tidak terbuka dengan kunci stasiun ini.",
                                   "The database does not open with this station's key.",
                                   action_id="Periksa bahwa folder data milik stasiun ini.",
                                   action_en="Check that the data folder belongs to this station.") from exc
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def close(self) -> None:
        """Dispose of the engine (every pooled connection, and with it SQLCipher's key copy)."""
        engine, self._engine, self._sessions = self._engine, None, None
        if engine is not None:
            engine.dispose()

    def upgrade(self) -> None:
        upgrade(self.engine)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error.

        Raises:
            StorageError / StorageFullError: the database refused the write.
        """
        if self._sessions is None:
            raise StationLockedError()
        session = self._sessions()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise _storage_error(exc) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        """Close pooled connections (the WAL is checkpointed); the database stays usable. See :meth:`close`."""
        if self._engine is not None:
            self._engine.dispose()
