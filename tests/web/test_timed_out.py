"""A page sent after it timed out is shown again with what was sent, never lost (WCAG 2.2.1).

The CSRF token of a form is good for 2 hours from when its page was shown; the session
cookie, which holds the answers, for 2 hours from the last page shown. Tokens here are
signed with an old time (as a page shown 3 hours ago would have signed them), and an
ended session is a browser that dropped its expired cookie.
"""

from __future__ import annotations

import re
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from advisor import create_app
from advisor.web.contact import MESSAGES
from advisor.web.messages import SHOWN_AGAIN
from tests.pages import text_of
from tests.personas import BFR_CANDIDATE, CONTACT, answers_before
from tests.web.test_security import token_from

THREE_HOURS = 3 * 60 * 60
PAIN = answers_before("pain-details", BFR_CANDIDATE)
PAIN_SENT = {
    "pain_cause": "ongoing_strain",
    "pain_intensity": "6",
    "pain_sources": ["trigger_points", "stress"],
}


def token_shown(client, seconds_ago: int) -> str:
    """Return the CSRF token the page shown ``seconds_ago`` would carry, for this session."""

    class Then(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - seconds_ago

    with client.session_transaction() as session:
        secret_half = session["csrf_token"]
    app = client.application
    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token", signer=Then).dumps(
        secret_half
    )


def shown_long_ago(client, path: str, answers: dict) -> str:
    """Open a page with these answers kept; return its token as if it had been shown 3 hours ago."""
    with client.session_transaction() as session:
        session["answers"] = answers
    assert client.get(path).status_code == 200
    return token_shown(client, THREE_HOURS)


def kept_for(message: str) -> str:
    return message % {"kept_for": "2 hours"}


def checked(text: str, name: str, value: str) -> bool:
    """Say whether the page shows this choice ticked."""
    return (
        re.search(rf'name="{name}" type="(radio|checkbox)" value="{value}"\s+checked', text)
        is not None
    )


def test_a_page_sent_after_it_timed_out_is_shown_again_with_what_was_sent(csrf_client):
    """Continue with a 3-hour-old token: the same page again (400), every answer filled in, and why."""
    stale = shown_long_ago(csrf_client, "/questions/pain-details", PAIN)

    shown = csrf_client.post("/questions/pain-details", data={**PAIN_SENT, "csrf_token": stale})

    text = text_of(shown)
    assert shown.status_code == 400
    assert kept_for(SHOWN_AGAIN["timed_out"]) in text
    assert "<title>Error: About your pain" in text
    assert 'name="pain_intensity" spellcheck="false" type="text" value="6"' in text
    assert checked(text, "pain_cause", "ongoing_strain")
    assert checked(text, "pain_sources", "trigger_points")
    assert checked(text, "pain_sources", "stress")
    assert "Sorry, there is a problem" not in text


def test_continue_on_the_page_shown_again_keeps_the_answers(csrf_client):
    """The page shown again carries a fresh token: pressing Continue then keeps its answers."""
    stale = shown_long_ago(csrf_client, "/questions/pain-details", PAIN)
    again = csrf_client.post("/questions/pain-details", data={**PAIN_SENT, "csrf_token": stale})

    fresh = token_from(again.get_data(as_text=True))
    sent = csrf_client.post("/questions/pain-details", data={**PAIN_SENT, "csrf_token": fresh})

    assert fresh != stale
    assert sent.status_code == 302
    with csrf_client.session_transaction() as session:
        assert session["answers"]["pain_intensity"] == 6


def test_nothing_sent_with_a_timed_out_token_is_kept_as_an_answer(csrf_client):
    """A refused form may not come from the person: its answers wait as a draft, not as answers."""
    stale = shown_long_ago(csrf_client, "/questions/pain-details", PAIN)

    csrf_client.post("/questions/pain-details", data={**PAIN_SENT, "csrf_token": stale})

    with csrf_client.session_transaction() as session:
        assert "pain_intensity" not in session["answers"]
        assert session["drafts"]["pain-details"]["pain_intensity"] == ["6"]


def test_when_the_session_ended_the_page_says_the_earlier_answers_are_gone(csrf_client):
    """If the browser dropped the expired session cookie, the page says so, and keeps what it was sent."""
    stale = shown_long_ago(csrf_client, "/questions/pain-details", PAIN)
    csrf_client.delete_cookie("session")

    shown = csrf_client.post("/questions/pain-details", data={**PAIN_SENT, "csrf_token": stale})

    text = text_of(shown)
    assert shown.status_code == 400
    assert kept_for(SHOWN_AGAIN["session_ended"]) in text
    assert 'value="6"' in text
    assert checked(text, "pain_cause", "ongoing_strain")


def test_after_the_session_ended_the_page_keeps_its_answers_until_it_is_reached_again(
    csrf_client,
):
    """Continue goes back to the first question; the page sent is filled in when the person gets there."""
    stale = shown_long_ago(csrf_client, "/questions/pain-details", PAIN)
    csrf_client.delete_cookie("session")
    again = csrf_client.post("/questions/pain-details", data={**PAIN_SENT, "csrf_token": stale})
    fresh = token_from(again.get_data(as_text=True))

    sent = csrf_client.post("/questions/pain-details", data={**PAIN_SENT, "csrf_token": fresh})
    with csrf_client.session_transaction() as session:
        session["answers"] = PAIN  # the earlier pages, answered again
    reached = text_of(csrf_client.get("/questions/pain-details"))

    assert sent.location == "/questions/about-you"
    assert 'value="6"' in reached
    assert checked(reached, "pain_sources", "stress")


def test_on_the_first_page_an_ended_session_is_only_a_timeout(csrf_client):
    """Nothing comes before the first page, so it does not speak of earlier answers being gone."""
    assert csrf_client.get("/questions/about-you").status_code == 200
    stale = token_shown(csrf_client, THREE_HOURS)
    csrf_client.delete_cookie("session")

    shown = csrf_client.post("/questions/about-you", data={"age": "45", "csrf_token": stale})

    text = text_of(shown)
    assert shown.status_code == 400
    assert kept_for(SHOWN_AGAIN["timed_out"]) in text
    assert 'value="45"' in text


def test_a_token_from_another_session_is_shown_again_not_refused(csrf_client):
    """A form sent from a page shown before starting again in another window keeps its answers too."""
    assert csrf_client.get("/questions/about-you").status_code == 200
    before = token_shown(csrf_client, 0)
    with csrf_client.session_transaction() as session:
        session["csrf_token"] = "a new session's secret"

    shown = csrf_client.post("/questions/about-you", data={"age": "45", "csrf_token": before})

    assert shown.status_code == 400
    assert kept_for(SHOWN_AGAIN["refused"]) in text_of(shown)
    assert 'value="45"' in text_of(shown)


def test_a_page_only_earlier_answers_lead_to_says_plainly_that_they_are_gone(csrf_client):
    """After the session ended, where-was-your-surgery cannot be asked alone: the page says why."""
    surgery = {**answers_before("surgery-site", BFR_CANDIDATE), "surgery": "over_6_months"}
    stale = shown_long_ago(csrf_client, "/questions/surgery-site", surgery)
    csrf_client.delete_cookie("session")

    shown = csrf_client.post(
        "/questions/surgery-site", data={"surgery_site": "upper_limb", "csrf_token": stale}
    )

    assert shown.status_code == 400
    assert kept_for(SHOWN_AGAIN["lost"]) in text_of(shown)


def test_a_form_sent_from_another_site_gets_the_plain_page_and_leaves_the_session(csrf_client):
    """Another site's form must not replace the person's session (and answers) with a new one."""
    shown_long_ago(csrf_client, "/questions/pain-details", PAIN)

    shown = csrf_client.post(
        "/questions/pain-details", data=PAIN_SENT, headers={"Sec-Fetch-Site": "cross-site"}
    )

    assert shown.status_code == 400
    assert "Sorry, there is a problem with this page" in text_of(shown)
    assert "Set-Cookie" not in shown.headers
    with csrf_client.session_transaction() as session:
        assert session["answers"] == PAIN


def test_other_forms_with_a_refused_token_get_the_plain_error_page(csrf_client):
    """Start again, which has nothing typed to keep, still answers with the plain 400 page."""
    shown = csrf_client.post("/start-again")

    assert shown.status_code == 400
    assert "Sorry, there is a problem with this page" in text_of(shown)


@pytest.fixture
def quick_tokens(tmp_path, monkeypatch):
    """An app whose tokens last 1 second, to watch the clock without waiting 2 hours."""
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path / "instance"))
    return create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_TIME_LIMIT": 1})


def test_the_time_limit_runs_from_the_last_page_shown_not_from_the_start(quick_tokens):
    """Every page shown mints a new token: one 2 seconds into a 1-second limit still works."""
    client = quick_tokens.test_client()
    first = token_from(client.get("/questions/about-you").get_data(as_text=True))
    time.sleep(2.1)

    latest = token_from(client.get("/questions/about-you").get_data(as_text=True))
    sent_late = client.post("/questions/about-you", data={"age": "45", "csrf_token": first})
    sent_now = client.post("/questions/about-you", data={"age": "45", "csrf_token": latest})

    assert sent_late.status_code == 400
    assert sent_now.status_code == 302


def test_the_start_page_says_how_long_answers_are_kept_without_use(client):
    """The person is told before starting that answers go 2 hours after the last page opened."""
    text = text_of(client.get("/"))

    assert "keeps them for up to 2 hours after the last page you open" in text
    assert "If you stop for longer than that, you will need to start again" in text


# The contact form on the result page ----------------------------------------------------------


def result_shown_long_ago(client) -> str:
    """Open the result page with complete answers; return its form's token, 3 hours old."""
    return shown_long_ago(client, "/result", BFR_CANDIDATE)


def contact_token(client) -> str:
    with client.session_transaction() as session:
        return session["contact"]["token"]


def test_a_contact_form_sent_after_it_timed_out_is_shown_again_as_typed(csrf_client):
    """The result page again (400), with the details typed, a fresh token and nothing sent."""
    stale = result_shown_long_ago(csrf_client)
    sent = {**CONTACT, "token": contact_token(csrf_client), "csrf_token": stale}

    shown = csrf_client.post("/result", data=sent)

    text = text_of(shown)
    assert shown.status_code == 400
    assert kept_for(MESSAGES["timed_out"]) in text
    assert 'value="Ann Lee"' in text
    assert 'value="555 123 4567"' in text
    assert 'value="1958"' in text
    assert token_from(text) != stale
    with csrf_client.session_transaction() as session:
        assert session["contact"]["reference"] is None


def test_a_contact_form_sent_after_the_session_ended_says_nothing_was_sent(csrf_client):
    """With the answers gone there is no result to show: the page says so plainly, and how to go on."""
    stale = result_shown_long_ago(csrf_client)
    sent = {**CONTACT, "token": contact_token(csrf_client), "csrf_token": stale}
    csrf_client.delete_cookie("session")

    shown = csrf_client.post("/result", data=sent)

    text = text_of(shown)
    assert shown.status_code == 400
    assert "This page timed out" in text
    assert kept_for(MESSAGES["session_ended"]) in text
    assert 'href="/">Go to the start page</a>' in text
