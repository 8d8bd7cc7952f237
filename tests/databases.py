"""Test databases: an SQLite file, or a throwaway PostgreSQL database on 127.0.0.1:5432.

The PostgreSQL server of the development and CI machines (user ``postgres``,
trust authentication) is used to create a database per test session, which
is dropped afterwards. Where no PostgreSQL server answers, the PostgreSQL
variants are skipped with a reason that says so in the summary; ``.ci/run``
makes sure the server is up, so CI never skips them. ``count`` says how many
rows a table of an app's database holds.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from sqlalchemy import func, select

from advisor.storage import db
from advisor.storage.models import Screening

#: Where the tests look for PostgreSQL (override with ADVISOR_TEST_POSTGRES).
POSTGRES = os.environ.get("ADVISOR_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")

KINDS = ("sqlite", "postgresql")


@contextmanager
def postgres_database(template: str | None = None) -> Iterator[str]:
    """Create a fresh PostgreSQL database (a copy of ``template``, if given); yield its URL;
    drop it afterwards."""
    import psycopg

    name = f"advisor_test_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(POSTGRES, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(
            f"PostgreSQL is not running at {POSTGRES} ({exc.__class__.__name__}); "
            "the PostgreSQL variants of the storage tests were not run"
        )
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield url_of(name)
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def url_of(name: str) -> str:
    """Return the URL of database ``name`` on the test server."""
    return f"{POSTGRES.rsplit('/', 1)[0]}/{name}"


@contextmanager
def database(kind: str, tmp_path, template: str | None = None) -> Iterator[str | None]:
    """Yield a DATABASE_URL for ``kind`` (None means the default SQLite in the instance folder).

    :param template: a migrated PostgreSQL database to copy, so the copy needs no migration.
    """
    if kind == "sqlite":
        yield None
    else:
        with postgres_database(template) as url:
            yield url


def count(app: Flask, model: type = Screening) -> int:
    """Return how many rows a table of the app's database holds (screenings by default)."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0
