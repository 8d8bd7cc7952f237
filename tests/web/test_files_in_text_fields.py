"""A file or a JSON body sent to a patient's form: refused at the field it stands in for, never a 500.

A browser sends these forms as typed text. A script can send a file part in a
field's place (multipart/form-data) or a JSON body; each form reads text fields only.
"""

from __future__ import annotations

import io

import pytest
from markupsafe import escape

from advisor.web.textform import SENT_AS_FILE
from tests.pages import text_of
from tests.personas import BFR_CANDIDATE, CONTACT, NMT_CANDIDATE, answers_before
from tests.rules_under_test import questionnaire_under_test
from tests.storage.conftest import ready_for_contact
from tests.web.conftest import form_data

QUESTIONNAIRE = questionnaire_under_test()


def a_file() -> tuple[io.BytesIO, str]:
    """Return a file part, as the test client sends one."""
    return io.BytesIO(b"%PDF-1.4 not a name"), "scan.pdf"


def error_shown(text: str, field: str, message: str) -> bool:
    """Say whether ``message`` is in the error summary, linked to ``field``, and at the field."""
    return (
        f'<a href="#{field}">{escape(message)}</a>' in text
        and f'id="{field}-error"><span class="visually-hidden">Error:</span> {escape(message)}'
        in text
    )


@pytest.mark.parametrize(
    ("page_id", "field", "message"),
    [
        ("about-you", "age", "Age cannot be sent as a file"),
        ("pain", "pain_duration", "Your answer cannot be sent as a file"),
        ("pain-details", "pain_intensity", "Your pain score cannot be sent as a file"),
        ("pain-details", "pain_cause", "Your answer cannot be sent as a file"),
        ("pain-details", "pain_sources", "Your answer cannot be sent as a file"),
    ],
)
def test_an_answer_sent_as_a_file_is_refused_at_its_question(
    client, given, page_id, field, message
):
    """The page comes back with the question in error; nothing of the page is saved."""
    given({k: v for k, v in NMT_CANDIDATE.items() if QUESTIONNAIRE[k].page != page_id})
    data = {**form_data(QUESTIONNAIRE, page_id, NMT_CANDIDATE), field: a_file()}

    response = client.post(f"/questions/{page_id}", data=data)

    assert response.status_code == 200
    assert error_shown(text_of(response), field, message)
    with client.session_transaction() as session:
        assert field not in session["answers"]


def test_the_other_answers_on_a_page_with_a_file_are_kept_as_sent(client, given):
    """Only the field sent as a file is empty when the page comes back."""
    given(answers_before("pain-details", NMT_CANDIDATE))
    data = {"pain_cause": "unknown", "pain_intensity": "seven", "pain_sources": a_file()}

    text = text_of(client.post("/questions/pain-details", data=data))

    assert 'name="pain_cause" type="radio" value="unknown" checked' in text
    assert 'value="seven"' in text


def test_a_json_body_sent_to_a_page_is_not_read_as_answers(client):
    """A JSON body is not a form: the page asks for its answers, as for an empty form."""
    response = client.post("/questions/about-you", json={"age": 40})

    assert response.status_code == 200
    assert error_shown(text_of(response), "age", "Enter your age")


@pytest.mark.parametrize(
    ("field", "anchor", "message"),
    [
        ("name", "name", SENT_AS_FILE % {"name": "Your name"}),
        ("phone", "phone", SENT_AS_FILE % {"name": "Phone number"}),
        ("email", "email", SENT_AS_FILE % {"name": "Email address"}),
        ("dob-year", "dob", SENT_AS_FILE % {"name": "Date of birth"}),
        ("interpreter", "interpreter", SENT_AS_FILE % {"name": "Your answer about an interpreter"}),
        ("consent", "consent", SENT_AS_FILE % {"name": "Your agreement"}),
    ],
)
def test_a_contact_detail_sent_as_a_file_is_refused_at_its_field(client, field, anchor, message):
    """The result page comes back with the field in error, and every other detail as typed."""
    token = ready_for_contact(client, BFR_CANDIDATE)

    response = client.post("/result", data={**CONTACT, field: a_file(), "token": token})

    text = text_of(response)
    typed = {"name", "phone", "email"}
    assert response.status_code == 200
    assert error_shown(text, anchor, message)
    assert {k for k in typed if f'value="{CONTACT[k]}"' in text} == typed - {field}


def test_a_contact_form_whose_token_is_a_file_is_asked_again(client):
    """The token is not read from a file: the form comes back (400) to be sent again, as typed."""
    ready_for_contact(client, BFR_CANDIDATE)

    response = client.post("/result", data={**CONTACT, "token": a_file()})

    assert response.status_code == 400
    assert "Please check your details and send the form again" in text_of(response)
    assert 'value="Ann Lee"' in text_of(response)
