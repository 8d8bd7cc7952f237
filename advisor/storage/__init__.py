"""Storage: screenings, staff accounts and their sessions, the audit trail (SQLAlchemy 2, Alembic).

An embedded SQLite file in the instance folder by default (no set-up);
PostgreSQL when ``DATABASE_URL`` names one, for practices that run several
app servers. The schema is created and migrated with ``advisor db upgrade``
(Alembic through Flask-Migrate; migrations in ``advisor/storage/migrations``).
"""

from __future__ import annotations

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
            event.listen(db.engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    # WAL lets readers work while one writer writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()
