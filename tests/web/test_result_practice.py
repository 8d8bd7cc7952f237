"""The result and confirmation pages with a practice profile: its number, call-back time, prices.

Every test here runs against an app whose profile is written into ``tmp_path``; the same
pages without a profile are in ``test_result.py``. A request counts as sent when the
session holds its reference, as ``advisor.runner.store`` keeps it after storing.
"""

from __future__ import annotations

import html
import textwrap

import pytest
from flask import Flask
from flask.testing import FlaskClient

from advisor import create_app
from tests.pages import text_of, weight
from tests.personas import BFR_CANDIDATE, NMT_CANDIDATE, WELL
from tests.web.test_page_weight import HEAVY, LIMIT

REFERENCE = "K7M2-QX9P"

PROFILE = """\
    name = "Riverside Physical Therapy"
    phone = "(312) 555-0100"
    timezone = "America/Chicago"
    callback = "within one working day"
    {privacy}
    insurance = ["medicare", "workers_comp"]

    [therapies.bfr]
    session_minutes = 45
    how_often = "2 or 3 times a week"
    typical_sessions = "8 to 12"
    self_pay_price = 95

    [therapies.nmt]
    session_minutes = 60
"""


def write_profile(folder, privacy: str = 'privacy_url = "https://riverside.example/privacy"'):
    path = folder / "practice.toml"
    path.write_text(textwrap.dedent(PROFILE).format(privacy=privacy), encoding="utf-8")
    return path


@pytest.fixture
def app(tmp_path) -> Flask:
    """The app with the Riverside profile (overrides ``tests/web``'s app without one)."""
    return create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "test",
            "PRACTICE_PROFILE": str(write_profile(tmp_path)),
        }
    )


def sent(client: FlaskClient, answers=BFR_CANDIDATE) -> None:
    """Put answers and a sent request's reference into the session."""
    with client.session_transaction() as session:
        session["answers"] = dict(answers)
        session["contact"] = {"token": "t", "reference": REFERENCE}


def test_what_to_do_next_gives_the_practices_number_to_call(client, given):
    """In "What to do next": the practice's number as a tel: link, and the form a button away."""
    given(BFR_CANDIDATE)

    text = text_of(client.get("/result"))
    next_step = text[text.index(">What to do next</h2>") : text.index("What a BFR session is like")]

    assert (
        'Call us on <a class="link phone" href="tel:3125550100">(312) 555-0100</a>, '
        "or ask us to contact you." in next_step
    )
    assert "Ask us to contact you</a>" in next_step


def test_the_session_gives_the_profiles_length_how_often_and_how_many(client, given):
    """The BFR session's length, frequency and number of sessions are the profile's."""
    given(BFR_CANDIDATE)

    text = text_of(client.get("/result"))

    assert "<li>A session takes about 45 minutes.</li>" in text
    assert "<li>Most people come 2 or 3 times a week.</li>" in text
    assert "<li>Most people have 8 to 12 sessions in all.</li>" in text


@pytest.mark.parametrize(
    ("answers", "cost"),
    [
        (BFR_CANDIDATE, "You told us you have Medicare. We accept Medicare."),
        (
            {**BFR_CANDIDATE, "insurance": "private"},
            "You told us you have private health insurance. We do not take private health "
            "insurance. If you pay yourself, one session costs $95.",
        ),
        (
            {**BFR_CANDIDATE, "insurance": "self_pay"},
            "You told us you will pay for it yourself. If you pay yourself, one session costs $95.",
        ),
        (
            {**NMT_CANDIDATE, "insurance": "self_pay"},
            "You told us you will pay for it yourself. Ask our team what a session costs",
        ),
        (
            {**BFR_CANDIDATE, "insurance": "unsure"},
            "You are not sure how you will pay. We accept Medicare and workers’ compensation. "
            "If you pay yourself, one session costs $95.",
        ),
        (
            {**WELL, "insurance": "self_pay"},
            "You told us you will pay for it yourself. Ask our team what a first visit costs",
        ),
    ],
    ids=["accepted", "not-taken", "self-pay", "self-pay-no-price", "unsure", "consult"],
)
def test_what_it_costs_fits_the_way_of_paying_and_the_profile(client, given, answers, cost):
    """The cost is the person's way of paying against the profile: accepted, or its own price."""
    given(answers)

    text = html.unescape(text_of(client.get("/result")))

    assert cost in text


def test_the_privacy_notice_is_linked_beside_the_consent_box(client, given):
    """The consent box is described by the sentence and the link to the profile's privacy notice."""
    given(BFR_CANDIDATE)

    text = text_of(client.get("/result?contact=1"))
    consent = text[text.index('id="consent"') :]

    assert consent.index('aria-describedby="consent-hint"') < consent.index('id="consent-hint"')
    assert (
        '<a class="link" href="https://riverside.example/privacy" target="_blank" rel="noopener">'
        "Read our privacy notice (opens in a new tab)</a>" in consent[: consent.index("</form>")]
    )


def test_a_privacy_notice_written_in_the_profile_is_linked_on_this_site(tmp_path):
    """With ``privacy_text``, the link beside the consent box is the site's /privacy page."""
    profile = write_profile(tmp_path, privacy='privacy_text = "We keep what you send us."')
    client = create_app(
        {"TESTING": True, "SECRET_KEY": "test", "PRACTICE_PROFILE": str(profile)}
    ).test_client()
    with client.session_transaction() as session:
        session["answers"] = dict(BFR_CANDIDATE)

    text = text_of(client.get("/result?contact=1"))

    assert 'href="/privacy" target="_blank"' in text
    assert "We keep what you send us." in text_of(client.get("/privacy"))


def test_after_sending_the_result_page_says_we_have_the_request_and_when_we_call(client):
    """Back on the result after sending: the reference, the call-back time, and the number."""
    sent(client)

    text = text_of(client.get("/result"))
    next_step = text[text.index(">What to do next</h2>") : text.index("What a BFR session is like")]

    assert (
        f'We have your request. Your reference is <strong class="reference">{REFERENCE}</strong>.'
        in next_step
    )
    assert "We will call you within one working day." in next_step
    assert 'If you need us sooner, call <a class="link phone" href="tel:3125550100">' in next_step
    assert "Ask us to contact you" not in text
    assert 'name="consent"' not in text


def test_the_confirmation_gives_the_reference_the_call_back_time_and_the_number(client):
    """The reference in one unbreakable piece, when we call, and the number to call sooner."""
    sent(client)

    text = text_of(client.get("/request-received"))

    assert f'Your reference is <strong class="reference">{REFERENCE}</strong>' in text
    assert "We will call you within one working day." in text
    assert (
        'If you need us sooner, call <a class="link phone" href="tel:3125550100">(312) 555-0100</a>.'
        in text
    )


def test_the_urgent_page_gives_the_practices_number_for_after_the_doctor(client, given):
    """Once a doctor has seen them, the person can call the practice and say what was found."""
    given(age=60, red_flags=["calf_pain_swelling"])

    text = text_of(client.get("/urgent"))
    back = text[text.index("Once a doctor has seen you") :]

    assert (
        'Or call us on <a class="link phone" href="tel:3125550100">(312) 555-0100</a> and tell '
        "us what the doctor said." in back
    )


@pytest.mark.parametrize("path", ["/result", "/result?contact=1", "/therapies/bfr", "/urgent"])
def test_with_a_profile_a_page_and_its_stylesheet_stay_under_30_kb(client, given, path):
    """The practice's header and footer added, the heaviest answers still make under 30 KB."""
    given(HEAVY if path != "/urgent" else {**HEAVY, "red_flags": ["chest_pain", "fever_with_pain"]})

    assert weight(client, path) < LIMIT
