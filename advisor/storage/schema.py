"""The database schema's version: create or migrate it, and check it before serving."""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade as migrate_upgrade
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from advisor.exceptions import DatabaseUnavailable, SchemaOutOfDate
from advisor.storage import MIGRATIONS, db

__all__ = ["current_revision", "ensure_current", "head_revision", "upgrade"]


def head_revision() -> str:
    """Return the revision the code needs (the newest migration)."""
    from alembic.config import Config

    return ScriptDirectory.from_config(_config(Config)).get_current_head() or ""


def current_revision() -> str | None:
    """Return the database's revision (None if it has no schema yet).

    :raises DatabaseUnavailable: if the database cannot be reached.
    """
    try:
        with db.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except (OperationalError, SQLAlchemyError) as exc:
        raise DatabaseUnavailable(f"cannot reach the database: {_reason(exc)}") from exc


def ensure_current() -> None:
    """Refuse to go on unless the schema is at the newest migration.

    :raises SchemaOutOfDate: with the command that fixes it.
    :raises DatabaseUnavailable: if the database cannot be reached.
    """
    current, head = current_revision(), head_revision()
    if current != head:
        found = f"at revision {current}" if current else "empty"
        raise SchemaOutOfDate(
            f"the database schema is out of date ({found}; this version needs {head}). "
            "Run `advisor db upgrade` first."
        )


def upgrade() -> tuple[str | None, str]:
    """Create or migrate the schema to the newest revision; return (before, after)."""
    before = current_revision()
    migrate_upgrade(directory=MIGRATIONS)
    return before, head_revision()


def _config(config_class: type) -> object:
    config = config_class()
    config.set_main_option("script_location", MIGRATIONS)
    return config


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)).strip().splitlines()
    return text[0] if text else type(exc).__name__
