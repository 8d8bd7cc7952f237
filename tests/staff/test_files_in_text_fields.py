"""A file or a JSON body sent to a staff form: refused at the field it stands in for, never a 500."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from advisor.storage import db
from advisor.storage.models import Note
from advisor.web.textform import SENT_AS_FILE
from tests.pages import text_of
from tests.personas import DETAILS
from tests.staff.conftest import email_of


def a_file() -> tuple[io.BytesIO, str]:
    """Return a file part, as the test client sends one."""
    return io.BytesIO(b"GIF89a not a name"), "photo.gif"


def in_summary(text: str, field: str, message: str) -> bool:
    return f'<a href="#{field}">{message}</a>' in text


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("email", SENT_AS_FILE % {"name": "Email address"}),
        ("password", SENT_AS_FILE % {"name": "Password"}),
    ],
)
def test_signing_in_with_a_file_for_a_field_names_that_field(db_app, staff, field, message):
    """The sign-in page comes back with the field in error, the email as typed, and nobody signed in."""
    data = {"email": email_of("admin"), "password": "x", field: a_file()}

    response = staff.client.post("/staff/login", data=data)

    text = text_of(response)
    assert response.status_code == 200
    assert in_summary(text, field, message)
    assert (f'value="{email_of("admin")}"' in text) == (field != "email")
    assert staff.client.get("/staff/screenings").status_code == 302


def test_signing_in_with_a_json_body_asks_for_the_email_and_password(db_app, staff):
    """A JSON body is not a form: the page asks for both fields, as for an empty form."""
    response = staff.client.post(
        "/staff/login", json={"email": email_of("admin"), "password": 12345}
    )

    text = text_of(response)
    assert response.status_code == 200
    assert in_summary(text, "email", "Enter your email address")
    assert in_summary(text, "password", "Enter your password")


def test_a_note_sent_as_a_file_is_refused_and_nothing_is_added(db_app, staff, stored):
    """The screening's page comes back (400) with the note in error; no note is kept."""
    screening = stored()
    staff.as_role("therapist")

    response = staff.client.post(f"/staff/screenings/{screening}/notes", data={"text": a_file()})

    assert response.status_code == 400
    assert SENT_AS_FILE % {"name": "A note"} in text_of(response)
    with db_app.app_context():
        assert db.session.scalars(select(Note)).all() == []


def test_a_status_sent_as_a_file_is_refused(db_app, staff, stored):
    """The screening's page comes back (400) with the status in error; the status is unchanged."""
    screening = stored()
    staff.as_role("therapist")

    response = staff.client.post(f"/staff/screenings/{screening}/status", data={"status": a_file()})

    assert response.status_code == 400
    assert SENT_AS_FILE % {"name": "Status"} in text_of(response)


@pytest.mark.parametrize(
    ("field", "anchor", "message"),
    [
        ("name", "name", SENT_AS_FILE % {"name": "Full name"}),
        ("phone", "phone", SENT_AS_FILE % {"name": "Phone number"}),
        ("email", "email", SENT_AS_FILE % {"name": "Email address"}),
        ("dob-day", "dob", SENT_AS_FILE % {"name": "Date of birth"}),
        ("consent", "consent", SENT_AS_FILE % {"name": "The patient’s agreement"}),
    ],
)
def test_a_patient_detail_sent_as_a_file_names_that_field(db_app, staff, field, anchor, message):
    """The details page comes back with the field in error and the others as typed; no run starts."""
    staff.as_role("intake")

    response = staff.client.post("/staff/screenings/new", data={**DETAILS, field: a_file()})

    text = text_of(response)
    typed = {"name", "phone", "email"}
    assert response.status_code == 200
    assert in_summary(text, anchor, message)
    assert {k for k in typed if f'value="{DETAILS[k]}"' in text} == typed - {field}
    with staff.client.session_transaction() as session:
        assert "staff_run" not in session


def test_saving_a_run_with_a_file_for_its_token_is_refused(db_app, staff):
    """The one-time token is not read from a file: 400, nothing stored."""
    staff.as_role("intake")
    staff.client.post("/staff/screenings/new", data=DETAILS)

    response = staff.client.post("/staff/screenings/save", data={"token": a_file()})

    assert response.status_code == 400
