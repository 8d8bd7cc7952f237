"""Storage faults while people use the app: a locked SQLite file, a read-only server, a lost connection.

Each answers with the app's own page (503, what was typed kept) or the page the
request produced; never a frozen page, never gunicorn's bare 500.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import text

from advisor.storage import db
from advisor.web.contact import MESSAGES, PATIENT_LOCK_WAIT
from tests.databases import count
from tests.pages import text_of
from tests.personas import BFR_CANDIDATE, CONTACT
from tests.storage.conftest import ready_for_contact


@contextlib.contextmanager
def write_lock_held(app: Flask) -> Iterator[None]:
    """Hold the SQLite file's write lock from another connection, as a long staff write would."""
    with app.app_context():
        path = db.engine.url.database
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.mark.parametrize("database_kind", ["sqlite"], indirect=True)
def test_a_locked_database_gives_the_patient_503_at_once_with_their_answers_kept(db_app):
    client = db_app.test_client()
    token = ready_for_contact(client, BFR_CANDIDATE)

    with write_lock_held(db_app):
        started = time.monotonic()
        sent = client.post("/result", data={**CONTACT, "token": token})
        waited = time.monotonic() - started
    retried = client.post("/result", data={**CONTACT, "token": token})

    assert sent.status_code == 503
    assert str(MESSAGES["unavailable"]) in text_of(sent)
    assert 'value="Ann Lee"' in text_of(sent)
    assert PATIENT_LOCK_WAIT <= waited < PATIENT_LOCK_WAIT + 3
    assert retried.status_code == 302
    assert count(db_app) == 1


@pytest.mark.parametrize("database_kind", ["sqlite"], indirect=True)
def test_a_connection_that_waited_briefly_once_waits_the_default_again(db_app):
    """The patient's short wait stays with the patient's request, not with the pooled connection."""
    client = db_app.test_client()
    token = ready_for_contact(client, BFR_CANDIDATE)
    client.post("/result", data={**CONTACT, "token": token})

    with db_app.app_context():
        wait = db.session.execute(text("PRAGMA busy_timeout")).scalar()

    assert wait == 15_000


@pytest.mark.parametrize("database_kind", ["sqlite"], indirect=True)
def test_healthz_says_a_locked_database_cannot_store_anything(db_app):
    with write_lock_held(db_app):
        health = db_app.test_client().get("/healthz").get_json()

    assert health["status"] == "degraded"
    assert (health["database"]["status"], health["database"]["error"]) == ("unwritable", "locked")


@pytest.mark.parametrize("database_kind", ["postgresql"], indirect=True)
def test_healthz_says_a_read_only_server_cannot_store_anything(db_app):
    with db_app.app_context():
        name = db.engine.url.database
        with db.engine.connect() as connection:
            connection.execute(
                text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
            )
            connection.commit()

    health = db_app.test_client().get("/healthz").get_json()

    assert health["status"] == "degraded"
    assert (health["database"]["status"], health["database"]["error"]) == (
        "unwritable",
        "read_only",
    )


@pytest.mark.parametrize("database_kind", ["postgresql"], indirect=True)
def test_a_connection_killed_during_a_request_still_gets_the_page_the_request_made(db_app):
    """The rollback at the end fails on a killed connection; the answer stands, with no 500."""

    @db_app.get("/test-killed-connection")
    def killed() -> str:
        own = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
        with db.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": own})
        time.sleep(0.2)
        return "made before the connection was lost"

    answer = db_app.test_client().get("/test-killed-connection")
    again = db_app.test_client().get("/healthz")

    assert answer.status_code == 200
    assert answer.get_data(as_text=True) == "made before the connection was lost"
    assert again.get_json()["database"]["status"] == "ok"
    assert count(db_app) == 0
