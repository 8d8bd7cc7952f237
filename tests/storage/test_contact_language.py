"""The contact request keeps the language the person read, and their answer about an interpreter."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from advisor.storage import db
from advisor.storage.models import Screening
from advisor.web.contact import MESSAGES
from tests.databases import count
from tests.pages import text_of
from tests.personas import BFR_CANDIDATE, CONTACT
from tests.storage.conftest import ready_for_contact
from tests.web.conftest import QuestionnaireWalker


def stored_language_and_interpreter(app) -> tuple[str, str | None]:
    """Return (language, interpreter) of the one stored screening."""
    with app.app_context():
        screening = db.session.scalars(select(Screening)).one()
        return screening.language, screening.interpreter


def test_a_request_sent_in_spanish_is_stored_as_spanish_with_the_interpreter_answer(db_app, client):
    """Spanish chosen with ?lang=es at the start of the visit; the form sent later, with "Yes"."""
    assert client.get("/?lang=es").status_code == 200
    QuestionnaireWalker(client).finish(BFR_CANDIDATE)
    with client.session_transaction() as session:
        token = session["contact"]["token"]

    sent = client.post("/result", data={**CONTACT, "interpreter": "yes", "token": token})

    assert sent.status_code == 302
    assert stored_language_and_interpreter(db_app) == ("es", "yes")


def test_the_language_is_the_one_in_use_when_the_form_is_sent(db_app, client):
    """Answered in Spanish, switched to English on the result page: the request is English."""
    client.get("/?lang=es")
    token = ready_for_contact(client, BFR_CANDIDATE)
    client.get("/result?contact=1&lang=en")

    client.post("/result", data={**CONTACT, "interpreter": "no", "token": token})

    assert stored_language_and_interpreter(db_app) == ("en", "no")


@pytest.mark.parametrize(
    ("sent", "kept"),
    [({"interpreter": "yes"}, "yes"), ({"interpreter": "no"}, "no"), ({}, None)],
    ids=["yes", "no", "not-answered"],
)
def test_the_interpreter_question_is_optional(db_app, client, sent, kept):
    """Either answer is kept; leaving the question out is no mistake and is kept as not answered."""
    token = ready_for_contact(client, BFR_CANDIDATE)

    response = client.post("/result", data={**CONTACT, **sent, "token": token})

    assert response.status_code == 302
    assert stored_language_and_interpreter(db_app) == ("en", kept)


@pytest.mark.parametrize("answer", ["maybe", "YES", "si", "y" * 5000, "\u200byes"])
def test_an_answer_no_radio_offers_is_a_mistake_to_correct_not_a_failure(db_app, client, answer):
    """A hand-made value is shown as a field error with the other details kept; nothing is stored."""
    token = ready_for_contact(client, BFR_CANDIDATE)

    shown = client.post("/result", data={**CONTACT, "interpreter": answer, "token": token})

    text = text_of(shown)
    message = str(MESSAGES["interpreter_not_a_choice"])
    assert shown.status_code == 200
    assert f'<li><a href="#interpreter">{message}</a></li>' in text
    assert (
        '<p class="error-message" id="interpreter-error">'
        f'<span class="visually-hidden">Error:</span> {message}</p>'
    ) in text
    assert 'value="Ann Lee"' in text
    assert count(db_app) == 0


def test_the_form_asks_about_an_interpreter_as_a_group_of_two_radios(client):
    """A fieldset whose legend is the question, "Yes" and "No" radios, neither ticked at first."""
    ready_for_contact(client, BFR_CANDIDATE)

    form = text_of(client.get("/result?contact=1"))

    group = re.search(
        r'<fieldset class="fieldset">\s*<legend class="legend">(.*?)</fieldset>', form, re.S
    )
    assert group is not None
    assert group.group(1).startswith("Would you like an interpreter? (optional)</legend>")
    radios = re.findall(
        r'<input class="choice-input" id="([^"]+)" name="interpreter" type="radio" value="(\w+)"([^>]*)>',
        group.group(1),
    )
    assert [(id_, value) for id_, value, _ in radios] == [
        ("interpreter", "yes"),
        ("interpreter-no", "no"),
    ]
    assert [rest for _, _, rest in radios] == ["", ""]
    assert '<label class="choice-label" for="interpreter">Yes</label>' in group.group(1)
    assert '<label class="choice-label" for="interpreter-no">No</label>' in group.group(1)


def test_a_form_sent_back_with_a_mistake_keeps_the_interpreter_answer(db_app, client):
    """The radio ticked stays ticked when another field needs correcting."""
    token = ready_for_contact(client, BFR_CANDIDATE)

    shown = text_of(
        client.post("/result", data={**CONTACT, "consent": "", "interpreter": "no", "token": token})
    )

    assert 'id="interpreter-no" name="interpreter" type="radio" value="no" checked' in shown
    assert 'id="interpreter" name="interpreter" type="radio" value="yes">' in shown
