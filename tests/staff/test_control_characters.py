"""Text a client sends with control characters in it: dropped, never a 500 (PostgreSQL refuses NUL)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from advisor.storage import db
from advisor.storage.models import Note, Screening
from advisor.web.textform import without_control_characters
from tests.personas import BFR_CANDIDATE, CONTACT
from tests.storage.conftest import ready_for_contact


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("Ann\x00 Lee", "Ann Lee"),
        ("a\x1b[31mred\x7f", "a[31mred"),
        ("line one\r\nline two\ttab", "line one\r\nline two\ttab"),
        ("Zoë \u202fO’Hara", "Zoë \u202fO’Hara"),
    ],
)
def test_only_control_characters_are_dropped(sent, kept):
    """NUL, escape and DEL go; line breaks, tabs and every letter of every language stay."""
    assert without_control_characters(sent) == kept


def test_a_name_search_with_a_nul_is_answered(db_app, staff):
    """The list and the export answer a NUL in the name filter, rather than fail on PostgreSQL."""
    staff.as_role("intake")

    for url in ("/staff/screenings?name=%00", "/staff/screenings.csv?name=a%00b"):
        assert staff.client.get(url).status_code == 200


def test_a_note_with_a_nul_is_kept_without_it(db_app, staff, stored):
    """The note is kept, less the NUL."""
    screening = stored()
    staff.as_role("therapist")

    sent = staff.client.post(
        f"/staff/screenings/{screening}/notes", data={"text": "Called\x00 back"}
    )

    assert sent.status_code == 302
    with db_app.app_context():
        assert db.session.scalars(select(Note.text)).one() == "Called back"


def test_signing_in_with_a_nul_gets_the_generic_error(db_app, staff):
    """A NUL in the email or password is a failed sign-in like any other."""
    response = staff.client.post(
        "/staff/login", data={"email": "intake@clinic.example\x00", "password": "x\x00"}
    )

    assert response.status_code == 200
    assert "The email address or password is not correct" in response.get_data(as_text=True)


def test_a_contact_request_with_a_nul_is_stored_without_it(db_app, client):
    """A patient's details are stored, less the NUL."""
    token = ready_for_contact(client, BFR_CANDIDATE)

    sent = client.post(
        "/result",
        data={**CONTACT, "name": "Ann\x00 Lee", "email": "ann@example.com\x00", "token": token},
    )

    assert sent.status_code == 302
    with db_app.app_context():
        screening = db.session.scalars(select(Screening)).one()
        assert (screening.patient_name, screening.patient_email) == ("Ann Lee", "ann@example.com")
