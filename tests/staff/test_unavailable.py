"""A database that cannot be reached: staff pages answer 503 with a clear page, never a traceback."""

from __future__ import annotations

import pytest
from flask_login.utils import _create_identifier

from tests.pages import text_of
from tests.staff.conftest import PASSWORD, email_of


#: Databases that refuse every connection: a file in a folder that does not exist, a closed port.
def assert_unavailable(response) -> None:
    assert response.status_code == 503
    page = text_of(response)
    assert "Sorry, the service is unavailable" in page
    assert "database cannot be reached" in page
    assert "Traceback" not in page


def test_signing_in_with_the_database_down_answers_503(down_app):
    """The sign-in page still shows; sending it explains that the service is unavailable."""
    client = down_app.test_client()
    assert client.get("/staff/login").status_code == 200

    response = client.post("/staff/login", data={"email": email_of("intake"), "password": PASSWORD})

    assert_unavailable(response)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/staff/"),
        ("GET", "/staff/screenings/1"),
        ("GET", "/staff/screenings.csv"),
        ("POST", "/staff/screenings/1/notes"),
        ("GET", "/staff/audit"),
    ],
)
def test_a_signed_in_page_with_the_database_down_answers_503(down_app, method, path):
    """With a staff session but no database, each page answers 503 with the same clear page."""
    client = signed_in_client(down_app)

    assert_unavailable(client.open(path, method=method, data={"text": "a note"}))


def test_a_patient_page_with_a_staff_session_and_the_database_down_still_works(down_app):
    """The session cannot be checked, but the questionnaire needs no database: it carries on."""
    client = signed_in_client(down_app)

    response = client.post("/questions/about-you", data={"age": "50"})

    assert response.status_code == 302
    with client.session_transaction() as session:
        assert session["answers"] == {"age": 50}
        assert "_user_id" in session


def signed_in_client(app):
    """Return a client whose cookie holds a staff session (which the database cannot confirm)."""
    client = app.test_client()
    with app.test_request_context():
        identifier = _create_identifier()
    with client.session_transaction() as session:
        session.update({"_user_id": "a-session-token", "_fresh": True, "_id": identifier})
        session.permanent = True
    return client


def test_healthz_with_a_staff_session_and_the_database_down_says_degraded(down_app):
    """The session cannot be checked; /healthz still answers, as to anyone, that it is degraded."""
    client = signed_in_client(down_app)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json()["status"] == "degraded"
