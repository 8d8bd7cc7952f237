"""Back: a link above the heading to the previous page that applies, which keeps its answers.

Like GOV.UK's, the Back link does not send the page it leaves. A page served before the
link replaced the Back button still sends ``action=back``: what was typed is then kept
as a draft, valid or not (the tests below ``walker.back``).
"""

from __future__ import annotations

import pytest

from tests.pages import text_of
from tests.personas import BFR_CANDIDATE, NMT_CANDIDATE, WELL, answers_before


def test_the_back_link_goes_to_the_previous_page_which_keeps_its_answer(walker, client):
    """Back from the second page shows the first page with the age already there."""
    walker.answer("about-you", {"age": 45})

    back = walker.back_link("urgent-symptoms")
    text = text_of(client.get(back))

    assert back == "/questions/about-you"
    assert 'value="45"' in text


def test_the_back_link_comes_before_the_heading_and_the_form(client):
    """The link is above the page's heading and outside its form, so it sends nothing."""
    text = text_of(client.get("/questions/about-you"))

    link = text.index('<a class="back-link" href="/">Back</a>')

    assert link < text.index("<form") < text.index("<h1")
    assert 'value="back"' not in text


@pytest.mark.parametrize(
    ("answers", "page_id", "expected"),
    [
        (WELL, "about-you", "/"),
        (WELL, "pain", "/questions/surgery"),
        (WELL, "pain-more", "/questions/pain"),
        (NMT_CANDIDATE, "pain-more", "/questions/pain-details"),
        (
            {**WELL, "surgery": "over_6_months", "surgery_site": "spine"},
            "pain",
            "/questions/surgery-site",
        ),
    ],
)
def test_the_back_link_skips_pages_that_do_not_apply(walker, given, answers, page_id, expected):
    """The link goes to the nearest earlier page the answers so far ask (or the start)."""
    given(answers_before(page_id, answers))

    assert walker.back_link(page_id) == expected


def test_back_keeps_invalid_input_typed_on_the_page(walker, client, given):
    """Invalid input on a page left with Back is there again on return, without errors."""
    given(answers_before("pain-details", NMT_CANDIDATE))

    response = walker.back(
        "pain-details",
        {"pain_intensity": "lots", "pain_cause": "unknown", "pain_sources": ["stress"]},
    )
    text = text_of(client.get("/questions/pain-details"))

    assert response.location == "/questions/pain"
    assert 'value="lots"' in text
    assert 'type="radio" value="unknown" checked' in text
    assert 'type="checkbox" value="stress" checked' in text
    assert "There is a problem" not in text


def test_back_keeps_a_typed_change_over_a_saved_answer(walker, client, given):
    """What was typed before Back wins over the saved answer when the page is shown again."""
    given(BFR_CANDIDATE)

    walker.back("about-you", {"age": "70 years"})
    text = text_of(client.get("/questions/about-you"))

    assert 'value="70 years"' in text


def test_back_on_the_first_page_goes_to_the_start(walker):
    """Back on the first page goes to the start page."""
    response = walker.back("about-you", {"age": "45"})

    assert response.location == "/"


def test_sending_the_page_drops_its_draft(walker, client, given):
    """Once a page is sent, its saved answer is shown rather than the old draft."""
    given(answers_before("about-you"))
    walker.back("about-you", {"age": "abc"})

    walker.answer("about-you", {"age": 52})
    text = text_of(client.get("/questions/about-you"))

    assert 'value="52"' in text
    with client.session_transaction() as session:
        assert "drafts" not in session


def test_a_draft_keeps_only_what_the_page_can_hold(walker, client):
    """A draft keeps this page's fields only, and cuts long text, so the cookie stays small."""
    walker.back("about-you", {"age": "9" * 500, "insurance": "medicare", "other": "x" * 500})

    with client.session_transaction() as session:
        assert session["drafts"] == {"about-you": {"age": ["9" * 20]}}
