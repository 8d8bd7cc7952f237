"""The schema is created by migrations on SQLite and on PostgreSQL, and checked before serving."""

from __future__ import annotations

import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade as migrate_downgrade
from sqlalchemy import MetaData, Table, inspect, select

from advisor.exceptions import SchemaOutOfDate
from advisor.storage import MIGRATIONS, db, schema


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


def test_the_migrations_make_the_tables_the_models_declare(db_app):
    """Alembic finds no difference between the migrated database and the models."""
    with db_app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)

    assert differences == []


def test_the_staff_run_details_migration_goes_down_and_up_again(db_app):
    """Going below 0005 drops ``staff_run_details``; upgrading makes it again."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    below = ScriptDirectory.from_config(config).get_revision("0005").down_revision
    with db_app.app_context():
        migrate_downgrade(directory=MIGRATIONS, revision=below)
        db.engine.dispose()
        assert "staff_run_details" not in inspect(db.engine).get_table_names()

        schema.upgrade()
        db.engine.dispose()

        assert "staff_run_details" in inspect(db.engine).get_table_names()
        assert schema.current_revision() == schema.head_revision()


def screening_columns() -> set[str]:
    """Return the names of the columns of ``screenings``, read afresh from the database."""
    db.engine.dispose()
    return {column["name"] for column in inspect(db.engine).get_columns("screenings")}


def test_the_language_migration_gives_earlier_screenings_english_and_no_interpreter_answer(
    db_app,
):
    """A screening stored below 0006 has no language; upgrading makes it English with the
    interpreter question not answered, and going down again drops both columns."""
    with db_app.app_context():
        migrate_downgrade(directory=MIGRATIONS, revision="0005")
        assert {"language", "interpreter"}.isdisjoint(screening_columns())
        with db.engine.begin() as connection:
            screenings = Table("screenings", MetaData(), autoload_with=connection)
            connection.execute(
                screenings.insert().values(
                    reference="K7M2-QX9P",
                    created_at=datetime.datetime(2026, 11, 1, 9, 30),
                    updated_at=datetime.datetime(2026, 11, 1, 9, 30),
                    source="self",
                    answers={},
                    response={},
                    ruleset_version="1",
                    ruleset_digest="0" * 64,
                    primary="bfr",
                    status="new",
                    consent=False,
                )
            )

        schema.upgrade()
        with db.engine.connect() as connection:
            kept = connection.execute(
                select(db.metadata.tables["screenings"].c["language", "interpreter"])
            ).one()

        assert tuple(kept) == ("en", None)
        assert schema.current_revision() == schema.head_revision()
        migrate_downgrade(directory=MIGRATIONS, revision="0005")
        assert {"language", "interpreter"}.isdisjoint(screening_columns())
        schema.upgrade()
        assert {"language", "interpreter"} <= screening_columns()
