"""Storage: screenings, staff accounts and their sessions, the audit trail (SQLAlchemy 2, Alembic).

An embedded SQLite file in the instance folder by default (no set-up);
PostgreSQL when ``DATABASE_URL`` names one, for practices that run several
app servers. The schema is created and migrated with ``advisor db upgrade``
(Alembic through Flask-Migrate; migrations in ``advisor/storage/migrations``).

A database that cannot be reached is turned into ``DatabaseUnavailable`` one
way everywhere: ``reachable`` (or ``unavailable``), rolled back, and never with
SQLAlchemy's message, which carries a patient's details.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase

from advisor.exceptions import DatabaseUnavailable

__all__ = [
    "MIGRATIONS",
    "Base",
    "db",
    "init_app",
    "lock_wait",
    "migrate",
    "reachable",
    "unavailable",
]

MIGRATIONS = str(Path(__file__).with_name("migrations"))


class Base(DeclarativeBase):
    """The declarative base of every table."""


_log = logging.getLogger(__name__)

db = SQLAlchemy(model_class=Base)
migrate = Migrate(directory=MIGRATIONS)


def _database_url(url: str | None, instance_path: str) -> str:
    """Return the SQLAlchemy URL: ``DATABASE_URL`` (psycopg 3 for PostgreSQL) or SQLite."""
    if not url:
        return f"sqlite:///{Path(instance_path) / 'advisor.db'}"
    # SQLAlchemy maps a bare postgresql:// to psycopg2, which we do not install.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def init_app(app: Flask) -> None:
    """Bind the database to the app (nothing is created here: see ``advisor db upgrade``)."""
    app.config["SQLALCHEMY_DATABASE_URI"] = _database_url(
        app.config.get("DATABASE_URL"), app.instance_path
    )
    engine_options: dict[str, Any] = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # Several threads and workers write to one file: wait for the lock instead of failing.
        engine_options.setdefault("connect_args", {"timeout": 15})
    else:
        engine_options.setdefault("pool_pre_ping", True)
        # Long enough for a burst of new connections on a busy host (a pool filling at once
        # took over 3 s in tests/storage/test_concurrency.py), short of gunicorn's 30 s; the
        # health probe keeps its own short timeout.
        engine_options.setdefault("connect_args", {"connect_timeout": 10})
    from advisor.storage import models  # noqa: F401  (the tables register on import)

    db.init_app(app)
    # Registered after Flask-SQLAlchemy's own, so it runs first (teardowns run in reverse).
    app.teardown_appcontext(_end_session)
    migrate.init_app(app, db)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _owner_only(db.engine.url.database)
            event.listen(db.engine, "connect", _sqlite_pragmas)
            event.listen(db.engine, "checkin", _restore_lock_wait)


def _owner_only(database: str | None) -> None:
    """Create the SQLite file readable by its owner alone, or make an existing one so.

    SQLite gives its ``-wal`` and ``-shm`` files the database file's permissions,
    so those follow. An empty file is a valid empty database.
    """
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.parent.is_dir():
        return  # the connection itself will report the missing folder
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except OSError:
        return  # not ours to fix (a read-only or foreign file): the connection reports trouble


def _end_session(_error: BaseException | None) -> None:
    """End the request's database session, even when its connection was lost meanwhile.

    The rollback at the end of a request fails on a connection the server has
    closed. Raised here, outside the request, it would reach gunicorn, which
    answers a bare 500 in place of the page the request produced (a 503 page
    that keeps the patient's answers, say). The session is dropped instead.
    """
    try:
        db.session.remove()
    except (SQLAlchemyError, OSError) as exc:
        _log.warning(
            "the database connection was lost at the end of a request: %s", type(exc).__name__
        )
        db.session.registry.clear()


@contextlib.contextmanager
def reachable(outcome: str = "") -> Iterator[None]:
    """Turn a database that cannot be reached, within this block, into ``DatabaseUnavailable``.

    :param outcome: what it means for the caller, e.g. "nothing was stored".
    """
    try:
        yield
    except OperationalError as exc:
        raise unavailable(exc, outcome) from exc


def unavailable(error: OperationalError, outcome: str = "") -> DatabaseUnavailable:
    """Roll the session back and return the ``DatabaseUnavailable`` to raise from ``error``.

    For a caller that handles ``error`` itself first (it logs it, say); others use ``reachable``.
    """
    db.session.rollback()
    # Never SQLAlchemy's message: it carries the statement's values, a patient's details.
    message = "the database cannot be reached"
    return DatabaseUnavailable(f"{message}; {outcome}" if outcome else message)


# Milliseconds a request waits for SQLite's write lock, unless ``lock_wait`` says otherwise.
_DEFAULT_LOCK_WAIT_MS = 15_000

# Marks a pooled connection whose wait ``lock_wait`` shortened, for ``_restore_lock_wait``.
_SHORT_WAIT = "advisor.short_lock_wait"


@contextlib.contextmanager
def lock_wait(seconds: float) -> Iterator[None]:
    """Wait at most ``seconds`` for SQLite's write lock within this block.

    A patient who sends a contact request should get the 503 page (with their
    answers kept) after a moment, not a frozen page for the default 15 seconds.
    The connection gets the default back when it returns to the pool.
    """
    if db.engine.dialect.name == "sqlite":
        pooled = db.session.connection().connection
        _set_lock_wait(pooled.dbapi_connection, int(seconds * 1000))
        pooled.info[_SHORT_WAIT] = True
    yield


def _restore_lock_wait(connection: Any, record: Any) -> None:
    # Only connections that ``lock_wait`` touched: every other check-in costs a dict lookup.
    if record.info.pop(_SHORT_WAIT, False):
        _set_lock_wait(connection, _DEFAULT_LOCK_WAIT_MS)


def _set_lock_wait(connection: Any, milliseconds: int) -> None:
    cursor = connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={milliseconds}")
    cursor.close()


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    # WAL lets readers work while one writer writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    _set_lock_wait(connection, _DEFAULT_LOCK_WAIT_MS)
