"""The contact form's checks, in plain words (no database: a form with a mistake is never stored)."""

from __future__ import annotations

import datetime

import pytest

from advisor import create_app
from advisor.web.contact import MESSAGES, ContactForm, parse_date_of_birth
from tests.pages import text_of
from tests.personas import BFR_CANDIDATE, CONTACT
from tests.storage.conftest import ready_for_contact

NEXT_YEAR = str(datetime.date.today().year + 1)


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path / "instance"))
    return create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", str(MESSAGES["name_required"])),
        ({"name": "A" * 201}, "name", str(MESSAGES["name_too_long"])),
        ({"phone": "", "email": ""}, "phone", str(MESSAGES["phone_or_email"])),
        ({"phone": "call me"}, "phone", str(MESSAGES["phone_format"])),
        ({"phone": "12 34"}, "phone", str(MESSAGES["phone_format"])),
        ({"email": "ann@example"}, "email", str(MESSAGES["email_format"])),
        ({"dob-day": "", "dob-year": ""}, "dob", "Date of birth must include a day and year"),
        ({"dob-month": "2", "dob-day": "30"}, "dob", str(MESSAGES["dob_not_real"])),
        ({"dob-year": "58"}, "dob", str(MESSAGES["dob_not_real"])),
        ({"dob-year": "9999999999"}, "dob", str(MESSAGES["dob_not_real"])),
        ({"dob-month": "9999999999"}, "dob", str(MESSAGES["dob_not_real"])),
        ({"dob-day": "²"}, "dob", str(MESSAGES["dob_not_real"])),
        ({"dob-month": "March"}, "dob", str(MESSAGES["dob_not_real"])),
        ({"dob-year": NEXT_YEAR}, "dob", str(MESSAGES["dob_future"])),
        ({"consent": ""}, "consent", str(MESSAGES["consent_required"])),
        ({"interpreter": "maybe"}, "interpreter", str(MESSAGES["interpreter_not_a_choice"])),
    ],
)
def test_each_mistake_gets_its_message_in_the_summary_and_at_the_field(
    client, changes, field, message
):
    """The error summary links to the field, and the field shows the same message."""
    token = ready_for_contact(client, BFR_CANDIDATE)
    message = str(message)  # a message to translate is lazy until shown

    shown = client.post("/result", data={**CONTACT, **changes, "token": token})

    text = text_of(shown)
    assert shown.status_code == 200
    assert text.count(message) == 2
    assert f'<li><a href="#{field}">{message}</a></li>' in text
    assert f'id="{field}-error"' in text
    assert "<title>Error: " in text


@pytest.mark.parametrize(
    "changes",
    [{"email": ""}, {"phone": ""}, {"dob-month": "", "dob-day": "", "dob-year": ""}],
    ids=["phone-only", "email-only", "no-date-of-birth"],
)
def test_phone_or_email_is_enough_and_date_of_birth_is_optional(app, changes):
    """One way to reach the person is enough, and the date of birth may be left out."""
    with app.test_request_context(method="POST", data={**CONTACT, **changes, "token": "t"}):
        form = ContactForm()

        assert form.validate(), form.errors


def test_a_valid_date_of_birth_is_read_month_day_year():
    """The three boxes give a date; leaving all three empty gives none."""
    assert parse_date_of_birth({"month": "3", "day": "27", "year": "1958"}) == (
        datetime.date(1958, 3, 27),
        None,
    )
    assert parse_date_of_birth({"month": "", "day": "", "year": ""}) == (None, None)


@pytest.mark.parametrize(
    "parts",
    [
        {"month": "3", "day": "27", "year": "9999999999"},
        {"month": "9999999999", "day": "27", "year": "1958"},
        {"month": "3", "day": "-9999999999", "year": "1958"},
        {"month": "3", "day": "27", "year": "+1958"},
        {"month": "3", "day": "2²", "year": "1958"},
    ],
    ids=["huge-year", "huge-month", "huge-negative-day", "signed-year", "superscript-day"],
)
def test_a_date_of_birth_out_of_any_range_is_not_a_real_date(parts):
    """A number too large for a date, or one that is not plain digits, is a mistake to correct."""
    assert parse_date_of_birth(parts) == (None, str(MESSAGES["dob_not_real"]))


def test_a_date_of_birth_typed_in_other_scripts_digits_is_read():
    """Digits of any script are digits (a phone keyboard may type full-width ones)."""
    assert parse_date_of_birth({"month": "３", "day": "٢٧", "year": "１９５８"}) == (
        datetime.date(1958, 3, 27),
        None,
    )


def test_a_form_with_a_mistake_keeps_the_date_parts_as_typed(client):
    """What was typed in the date boxes is shown again, even when it is wrong."""
    token = ready_for_contact(client, BFR_CANDIDATE)

    text = text_of(client.post("/result", data={**CONTACT, "dob-month": "13", "token": token}))

    assert (
        'name="dob-month" type="text" inputmode="numeric" autocomplete="bday-month" value="13"'
        in text
    )
