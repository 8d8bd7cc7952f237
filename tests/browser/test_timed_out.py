"""In Chromium: a page left open past its time limit keeps what was typed when Continue is pressed.

Two ways a page times out (``advisor/web/timed_out.py``): its form's token is more than
2 hours old, or the browser has dropped the expired session cookie. Either way the person
sees the same page, filled in as they left it, with the reason in an error summary that
has the focus, and axe-core finds nothing wrong with it.
"""

from __future__ import annotations

import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from playwright.sync_api import expect

from tests.browser.test_page_types import axe_violations
from tests.personas import BFR_CANDIDATE, answers_before

CAUSE = "What do you think caused your pain?"
WORST = "How bad was your worst pain in the last week?"
SOURCES = "Do any of these describe your pain?"
KNOTS = "Tender knots in a muscle that send pain to other places"


def three_hours_old(live_app, page) -> str:
    """Return the token this page's form would carry had it been shown 3 hours ago."""

    class Then(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 3 * 60 * 60

    name = live_app.config["SESSION_COOKIE_NAME"]
    cookie = next(c for c in page.context.cookies() if c["name"] == name)
    session = live_app.session_interface.get_signing_serializer(live_app).loads(cookie["value"])
    return URLSafeTimedSerializer(live_app.secret_key, salt="wtf-csrf-token", signer=Then).dumps(
        session["csrf_token"]
    )


def let_time_pass(how: str, live_app, page) -> None:
    """Make the page shown now time out: an old token, or the session cookie dropped."""
    if how == "token expired":
        stale = three_hours_old(live_app, page)
        page.locator("input[name=csrf_token]").evaluate("(el, value) => el.value = value", stale)
    else:
        page.context.clear_cookies()


@pytest.mark.parametrize(
    ("how", "said"),
    [
        ("token expired", "This page timed out because it was open for more than 2 hours"),
        ("session ended", "your answers to the earlier questions are gone"),
    ],
)
def test_continue_on_a_timed_out_page_shows_it_again_as_typed(walker, given, live_app, how, said):
    """The page comes back with every answer as typed, and a focused summary saying what happened."""
    given(answers_before("pain-details", BFR_CANDIDATE))
    walker.page.goto("/questions/pain-details")
    walker.choose(CAUSE, "I do not know")
    walker.type_in(WORST, "6")
    walker.tick(SOURCES, [KNOTS])
    let_time_pass(how, live_app, walker.page)

    walker.go_on()

    assert walker.page_id == "pain-details"
    summary = walker.page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("alert")).to_contain_text(said)
    expect(walker.radio(CAUSE, "I do not know")).to_be_checked()
    expect(walker.textbox(WORST)).to_have_value("6")
    expect(walker.checkbox(SOURCES, KNOTS)).to_be_checked()
    violations, report = axe_violations(walker)
    assert violations == [], report


def test_continue_again_after_a_timeout_goes_on(walker, given, live_app):
    """Answers shown again after a timeout go through on the next Continue, with the fresh token."""
    given(answers_before("pain", BFR_CANDIDATE))
    walker.page.goto("/questions/pain")
    walker.answer(BFR_CANDIDATE)
    let_time_pass("token expired", live_app, walker.page)
    walker.go_on()
    assert walker.page_id == "pain"

    walker.go_on()

    assert walker.page_id != "pain"
