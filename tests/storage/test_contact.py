"""The contact request on the result page: stored only when sent, exactly once, as typed."""

from __future__ import annotations

import datetime
import re

import pytest
from sqlalchemy import select

from advisor.storage import db
from advisor.storage.models import Screening
from advisor.web.contact import MESSAGES
from tests.conftest import cookie_text
from tests.databases import count
from tests.pages import text_of
from tests.personas import BFR_CANDIDATE, CHEST_PAIN, CONTACT, WELL
from tests.storage.conftest import audit_actions, ready_for_contact
from tests.web.conftest import QuestionnaireWalker


def reference_on(page: str) -> str:
    found = re.search(r"Your reference is <strong[^>]*>([A-Z0-9]{4}-[A-Z0-9]{4})</strong>", page)
    assert found, page
    return found.group(1)


def test_walking_the_questionnaire_and_asking_to_be_contacted_stores_one_screening(db_app, client):
    """The whole journey, then the form: one screening with answers, result and details."""
    walker = QuestionnaireWalker(client)
    result = walker.finish(BFR_CANDIDATE)
    assert result.status_code == 200
    with client.session_transaction() as session:
        token = session["contact"]["token"]

    sent = client.post("/result", data={**CONTACT, "token": token})
    confirmation = client.get(sent.location)

    assert sent.status_code == 302
    assert sent.location == "/request-received"
    assert confirmation.status_code == 200
    assert "We have your request" in confirmation.get_data(as_text=True)
    with db_app.app_context():
        stored = db.session.scalars(select(Screening)).one()
        assert stored.reference == reference_on(confirmation.get_data(as_text=True))
        assert stored.answers == {k: v for k, v in BFR_CANDIDATE.items()}
        assert stored.response["recommendation"]["primary"] == "bfr"
        assert stored.source == "self"
        assert stored.status == "new"
        assert stored.idempotency_key == token
        assert stored.patient_name == "Ann Lee"
        assert stored.patient_phone == "555 123 4567"
        assert stored.patient_email == "ann@example.com"
        assert stored.patient_dob == datetime.date(1958, 3, 27)
        assert stored.consent is True
    assert audit_actions(db_app) == ["screening_created"]


def test_a_person_without_pain_is_stored_with_what_no_pain_implies(db_app, client):
    """The pain details the web skipped are stored as the engine read them: every core answer."""
    walker = QuestionnaireWalker(client)
    assert walker.finish(WELL).status_code == 200
    with client.session_transaction() as session:
        token = session["contact"]["token"]

    client.post("/result", data={**CONTACT, "token": token})

    assert "pain-details" not in walker.visited
    with db_app.app_context():
        stored = db.session.scalars(select(Screening)).one()
        assert stored.answers == WELL
        assert stored.answers["pain_cause"] == "none"
        assert stored.answers["pain_intensity"] == 0
        assert stored.answers["pain_sources"] == []


def test_viewing_the_result_stores_nothing(db_app, client):
    """Answering everything and reading the result, again and again, keeps nothing."""
    walker = QuestionnaireWalker(client)
    walker.finish(WELL)

    client.get("/result")
    client.get("/check-answers")

    assert count(db_app) == 0
    assert audit_actions(db_app) == []


def test_the_result_page_says_nothing_is_kept_unless_asked(client):
    """Before anything is sent, the form (a button away) says the answers are not kept."""
    ready_for_contact(client, BFR_CANDIDATE)

    text = text_of(client.get("/result?contact=1"))

    assert "Ask us to contact you" in text
    assert "We have not kept your answers.</strong> Nothing is stored unless you send" in text
    assert "I agree that the clinic keeps my answers and these details to contact me" in text


def test_a_double_click_stores_one_screening_and_confirms_both(db_app, client):
    """Sending the same form twice (same token) stores once and shows the same reference."""
    token = ready_for_contact(client, BFR_CANDIDATE)

    first = client.post("/result", data={**CONTACT, "token": token})
    second = client.post("/result", data={**CONTACT, "token": token})
    page = client.get("/request-received").get_data(as_text=True)

    assert first.status_code == second.status_code == 302
    assert count(db_app) == 1
    with db_app.app_context():
        assert db.session.scalars(select(Screening.reference)).one() == reference_on(page)


def test_a_retry_from_the_old_page_stores_one_screening(db_app, client):
    """A retried request carrying the cookie from before the first answer stores nothing new."""
    token = ready_for_contact(client, BFR_CANDIDATE)
    before = client.get_cookie("session").value
    client.post("/result", data={**CONTACT, "token": token})
    retry = db_app.test_client()
    retry.set_cookie("session", before)

    again = retry.post("/result", data={**CONTACT, "token": token})

    assert again.status_code == 302
    assert count(db_app) == 1
    assert reference_on(retry.get("/request-received").get_data(as_text=True)) == reference_on(
        client.get("/request-received").get_data(as_text=True)
    )


#: How the details of ``CONTACT`` could be written in a cookie.
PERSONAL = ("Ann Lee", "555 123 4567", "ann@example.com", "1958-03-27", "27 Mar 1958")


def test_no_personal_details_reach_the_session_cookie(db_app, client):
    """A form with a mistake, a sent request and the confirmation: the cookie holds only the
    token and the reference, never the person's name, phone, email or date of birth."""
    token = ready_for_contact(client, BFR_CANDIDATE)
    cookies = []

    for sent in (
        client.post("/result", data={**CONTACT, "consent": "", "token": token}),
        client.post("/result", data={**CONTACT, "token": token}),
        client.get("/request-received"),
    ):
        assert sent.status_code in (200, 302)
        cookies.append(cookie_text(db_app, client))

    assert [[d for d in PERSONAL if d in text] for text in cookies] == [[], [], []]


def test_with_the_database_down_no_personal_details_reach_the_session_cookie(down_app):
    """A request that could not be stored comes back as typed from the request, not the cookie."""
    client = down_app.test_client()
    token = ready_for_contact(client, BFR_CANDIDATE)

    sent = client.post("/result", data={**CONTACT, "token": token})

    assert sent.status_code == 503
    assert [d for d in PERSONAL if d in cookie_text(down_app, client)] == []


def test_after_sending_the_result_page_shows_the_reference_not_the_form(client):
    """Once a request is stored, the result page confirms it instead of offering the form."""
    token = ready_for_contact(client, BFR_CANDIDATE)
    client.post("/result", data={**CONTACT, "token": token})

    page = client.get("/result").get_data(as_text=True)

    assert "We have your request. Your reference is" in page
    assert 'name="consent"' not in page
    assert 'name="consent"' not in client.get("/result?contact=1").get_data(as_text=True)


def test_an_invalid_form_stores_nothing_and_keeps_what_was_typed(db_app, client):
    """A form with a mistake is shown again with the error and the typed details; nothing is kept."""
    token = ready_for_contact(client, BFR_CANDIDATE)

    shown = client.post("/result", data={**CONTACT, "consent": "", "token": token})

    page = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert str(MESSAGES["consent_required"]) in page
    assert 'value="Ann Lee"' in page
    assert 'value="555 123 4567"' in page
    assert count(db_app) == 0


@pytest.mark.parametrize("token", ["someone-elses-token", "\xa0", "jeton-à-moi"])
def test_a_token_not_given_to_this_session_is_refused(db_app, client, token):
    """A form whose token this session was not given (in any script) stores nothing and asks again."""
    ready_for_contact(client, BFR_CANDIDATE)

    refused = client.post("/result", data={**CONTACT, "token": token})

    assert refused.status_code == 400
    assert str(MESSAGES["token_stale"]) in refused.get_data(as_text=True)
    assert count(db_app) == 0


def test_urgent_care_is_not_offered_a_call_back(db_app, client):
    """Someone with a red flag is sent to urgent care; a posted form stores nothing."""
    with client.session_transaction() as session:
        session["answers"] = CHEST_PAIN
        session["contact"] = {"token": "t", "reference": None}

    sent = client.post("/result", data={**CONTACT, "token": "t"})

    assert sent.status_code == 302
    assert sent.location == "/urgent"
    assert count(db_app) == 0


def test_the_confirmation_needs_a_sent_request(client):
    """/request-received without a stored request goes back to the result."""
    ready_for_contact(client, BFR_CANDIDATE)

    assert client.get("/request-received").location == "/result"


def test_a_database_that_cannot_be_reached_gives_503_and_loses_nothing(down_app):
    """The form comes back with a clear message and the typed details; the answers stay."""
    client = down_app.test_client()
    token = ready_for_contact(client, BFR_CANDIDATE)

    sent = client.post("/result", data={**CONTACT, "token": token})

    page = text_of(sent)
    assert sent.status_code == 503
    assert str(MESSAGES["unavailable"]) in page
    assert "Traceback" not in page
    assert 'value="Ann Lee"' in page
    assert 'value="ann@example.com"' in page
    assert (
        'name="dob-year" type="text" inputmode="numeric" autocomplete="bday-year" value="1958"'
        in page
    )
    with client.session_transaction() as session:
        assert session["answers"] == BFR_CANDIDATE
        assert session["contact"] == {"token": token, "reference": None}
    assert client.get("/result").status_code == 200


def test_with_the_database_down_screening_works_and_healthz_says_so(down_app):
    """/healthz stays 200 but says the database is down; the API still assesses."""
    client = down_app.test_client()

    health = client.get("/healthz")
    assessed = client.post("/api/v1/assessments", json={"answers": BFR_CANDIDATE})

    assert health.status_code == 200
    assert health.get_json()["status"] == "degraded"
    assert health.get_json()["database"]["status"] == "down"
    assert assessed.status_code == 200
    assert assessed.get_json()["recommendation"]["primary"] == "bfr"


def test_a_retry_once_the_database_is_back_stores_the_request_once(down_app, db_app):
    """The same session and token, sent again when the database answers, store one screening."""
    down = down_app.test_client()
    token = ready_for_contact(down, BFR_CANDIDATE)
    assert down.post("/result", data={**CONTACT, "token": token}).status_code == 503
    back = db_app.test_client()  # the same secret key, so the same session cookie works
    back.set_cookie("session", down.get_cookie("session").value)

    first = back.post("/result", data={**CONTACT, "token": token})
    again = back.post("/result", data={**CONTACT, "token": token})

    assert first.status_code == again.status_code == 302
    assert count(db_app) == 1
    with db_app.app_context():
        assert db.session.scalars(select(Screening.idempotency_key)).one() == token
