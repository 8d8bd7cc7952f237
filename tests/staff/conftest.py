"""Fixtures for the staff pages: accounts per role, signing in, stored screenings, more app servers.

Every test here runs on SQLite and on PostgreSQL (through ``db_app``). Accounts
get cheap scrypt parameters so the suite stays fast; ``test_login`` also signs in
with an account made by ``add_user``, at full strength.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.security import generate_password_hash
from werkzeug.test import TestResponse

from advisor import create_app
from advisor.assessment import assess, assess_answers
from advisor.extensions import current_ruleset
from advisor.runner.path import PathFinder
from advisor.storage import db, screenings
from advisor.storage.models import AuditEntry, Screening, User
from advisor.storage.screenings import Communication, Patient
from tests.personas import BFR_CANDIDATE, DETAILS
from tests.web.conftest import QuestionnaireWalker

ROLES = ("intake", "therapist", "admin")
PASSWORD = "correct horse battery"


def email_of(role: str) -> str:
    return f"{role}@clinic.example"


def make_user(role: str, email: str | None = None, active: bool = True) -> User:
    """Add an account (in an app context) with quick scrypt parameters; return it."""
    user = User(
        email=email or email_of(role),
        role=role,
        password_hash=generate_password_hash(PASSWORD, method="scrypt:1024:8:1"),
        active=active,
    )
    db.session.add(user)
    db.session.commit()
    return user


@pytest.fixture
def accounts(db_app: Flask) -> dict[str, int]:
    """One account per role; return each role's user id."""
    with db_app.app_context():
        return {role: make_user(role).id for role in ROLES}


@pytest.fixture
def client(db_app: Flask) -> FlaskClient:
    return db_app.test_client()


class StaffActions:
    """Sign in and out through the pages, as flaskr's AuthActions does."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, role: str, password: str = PASSWORD, **query: str) -> TestResponse:
        url = "/staff/login" + (
            "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
        )
        return self.client.post(url, data={"email": email_of(role), "password": password})

    def as_role(self, role: str) -> None:
        """Sign in as ``role`` and check that it worked."""
        signed_in = self.login(role)
        assert signed_in.status_code == 302, signed_in.get_data(as_text=True)

    def logout(self) -> TestResponse:
        return self.client.post("/staff/logout")

    def start_run(self, details: Mapping[str, str] = DETAILS, role: str = "intake") -> TestResponse:
        """Sign in as ``role`` and send the patient's details, starting a staff run."""
        self.as_role(role)
        return self.client.post("/staff/screenings/new", data=dict(details))


@pytest.fixture
def staff(client: FlaskClient, accounts: dict[str, int]) -> StaffActions:
    return StaffActions(client)


@pytest.fixture
def walker(staff: StaffActions) -> QuestionnaireWalker:
    """The patient's questionnaire, filled in on the staff member's client."""
    return QuestionnaireWalker(staff.client)


def keep(
    answers: Mapping[str, Any] = BFR_CANDIDATE,
    *,
    patient: Patient | None = None,
    communication: Communication | None = None,
    status: str = "new",
    created_at: datetime.datetime | None = None,
    user: User | None = None,
) -> Screening:
    """Store a screening (in an app context), then set its status and time as given."""
    questionnaire = current_ruleset().questionnaire
    path = PathFinder(questionnaire, answers)  # type: ignore[arg-type]
    if path.red_flagged():
        response = assess_answers(path.engine_answers(), current_ruleset())
    else:
        response = assess(answers, current_ruleset())
    screening = screenings.store(
        response, answers, patient=patient, communication=communication, user=user
    )
    screening.status = status
    if created_at is not None:
        screening.created_at = created_at
    db.session.commit()
    return screening


@pytest.fixture
def stored(db_app: Flask) -> Callable[..., int]:
    """Return a function that stores a screening (see ``keep``) and returns its id."""

    def store(*args: Any, **kwargs: Any) -> int:
        with db_app.app_context():
            return keep(*args, **kwargs).id

    return store


@pytest.fixture
def another_server(db_app: Flask) -> Iterator[Callable[..., Flask]]:
    """Return a maker of more apps on db_app's database: several app servers sharing it."""
    made: list[Flask] = []

    def make(**config: Any) -> Flask:
        settings = {
            "TESTING": True,
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
            **config,
        }
        if db_app.config.get("DATABASE_URL"):
            settings["DATABASE_URL"] = db_app.config["DATABASE_URL"]
        app = create_app(settings)
        made.append(app)
        return app

    yield make
    for app in made:
        close(app)


def close(app: Flask) -> None:
    """Release an app's database connections and its Redis client, if any."""
    counters = app.extensions["advisor.throttle"].counters
    if hasattr(counters, "close"):
        counters.close()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def audit_entries(app: Flask, action: str | None = None) -> list[AuditEntry]:
    """Return the audit entries (of one action), oldest first, detached from the session."""
    with app.app_context():
        query = select(AuditEntry).order_by(AuditEntry.id)
        if action:
            query = query.where(AuditEntry.action == action)
        entries = list(db.session.scalars(query))
        db.session.expunge_all()
        return entries


def run_token(client: FlaskClient) -> str:
    """Return the one-time token of the client's staff run."""
    with client.session_transaction() as session:
        return session["staff_run"]["token"]


def the_screening(app: Flask) -> Screening:
    """Return the one stored screening, detached from the session."""
    with app.app_context():
        screening = db.session.scalars(select(Screening)).one()
        db.session.expunge(screening)
        return screening


def csrf_token(page: TestResponse) -> str:
    """Return the CSRF token of the first form on a page."""
    found = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)
    )
    if found is None:
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert found, "no CSRF token on the page"
    return found.group(1)
