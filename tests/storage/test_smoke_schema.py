"""The schema is created by migrations on SQLite and on PostgreSQL, and checked before serving."""

from __future__ import annotations

import pytest

from advisor.exceptions import SchemaOutOfDate
from advisor.storage import db, schema


def test_upgrade_brings_the_schema_to_the_newest_revision(db_app):
    """`advisor db upgrade` leaves the database at the head revision; running it again is harmless."""
    with db_app.app_context():
        before, after = schema.upgrade()

        assert before == after == schema.head_revision()
        schema.ensure_current()


def test_an_empty_database_is_out_of_date(db_app):
    """A database without the schema is refused with the command to run."""
    with db_app.app_context():
        db.session.execute(db.text("DELETE FROM alembic_version"))
        db.session.commit()

        with pytest.raises(SchemaOutOfDate, match="Run `advisor db upgrade` first"):
            schema.ensure_current()
