"""Fixtures for storage: clients on a migrated database, the contact form, the CLI in-process."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

import advisor
from advisor.storage import db
from advisor.storage.models import AuditEntry


@pytest.fixture
def client(db_app: Flask) -> FlaskClient:
    return db_app.test_client()


def ready_for_contact(client: FlaskClient, answers: Mapping[str, object]) -> str:
    """Put answers into the session, open the result page, and return the form's token."""
    with client.session_transaction() as session:
        session["answers"] = dict(answers)
    shown = client.get("/result")
    assert shown.status_code == 200
    with client.session_transaction() as session:
        return session["contact"]["token"]


def audit_actions(app: Flask) -> list[str]:
    """Return every audit entry's action, oldest first."""
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


@dataclass
class Ran:
    """What a run of the ``advisor`` command did."""

    exit_code: int
    stdout: str
    stderr: str


@contextmanager
def advisor_runner(
    monkeypatch: pytest.MonkeyPatch, environment: Mapping[str, str | None]
) -> Iterator[Callable[..., Ran]]:
    """Yield a runner of ``advisor ARGS`` through ``cli.main``, the installed entry point.

    ``main`` turns every expected error into ``Error: …`` and exit code 1. The
    apps the commands create are closed afterwards (no connection is left open).
    """
    from advisor.cli import main

    created: list[Flask] = []
    real_create_app = advisor.create_app

    def tracked(*args: object, **kwargs: object) -> Flask:
        app = real_create_app(*args, **kwargs)  # type: ignore[arg-type]
        created.append(app)
        return app

    monkeypatch.setattr(advisor, "create_app", tracked)

    def run(*args: str, env: Mapping[str, str | None] | None = None) -> Ran:
        monkeypatch.setattr(sys, "argv", ["advisor", *args])
        code = 0
        with CliRunner().isolation(env={**environment, **(env or {})}) as streams:
            try:
                main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            out, err = (s.getvalue().decode() for s in streams[:2])
        return Ran(code, out, err)

    try:
        yield run
    finally:
        for app in created:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


@pytest.fixture
def advisor_command(db_app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Ran]]:
    """Return a runner of ``advisor ARGS`` on db_app's database."""
    with advisor_runner(monkeypatch, {"DATABASE_URL": db_app.config.get("DATABASE_URL")}) as run:
        yield run
