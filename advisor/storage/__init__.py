"""Storage: screenings, staff accounts and the audit trail, with SQLAlchemy 2 and Alembic.

An embedded SQLite file in the instance folder by default (no set-up);
PostgreSQL when ``DATABASE_URL`` names one, for practices that run several
app servers. The schema is created and migrated with ``advisor db upgrade``
(Alembic through Flask-Migrate; migrations in ``advisor/storage/migrations``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase

MIGRATIONS = str(Path(__file__).with_name("migrations"))


class Base(DeclarativeBase):
    """The declarative base of every table."""


db = SQLAlchemy(model_class=Base)
migrate = Migrate(directory=MIGRATIONS)


def database_url(url: str | None, instance_path: str) -> str:
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
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(
        app.config.get("DATABASE_URL"), app.instance_path
    )
    engine_options: dict[str, Any] = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # Several threads and workers write to one file: wait for the lock instead of failing.
        engine_options.setdefault("connect_args", {"timeout": 15})
    else:
        engine_options.setdefault("pool_pre_ping", True)
        engine_options.setdefault("connect_args", {"connect_timeout": 3})
    from advisor.storage import models  # noqa: F401  (the tables register on import)

    db.init_app(app)
    migrate.init_app(app, db)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _owner_only(db.engine.url.database)
            event.listen(db.engine, "connect", _sqlite_pragmas)


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


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    # WAL lets readers work while one writer writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()
