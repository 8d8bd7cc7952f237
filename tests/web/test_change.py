"""Check answers: every answer in words, each with a Change link that comes back here."""

from __future__ import annotations

from tests.pages import text_of
from tests.personas import BFR_CANDIDATE, NMT_CANDIDATE, WELL


def test_check_answers_lists_every_answer_in_words(walker, client):
    """Each question is listed with the words of the chosen answer."""
    walker.walk(BFR_CANDIDATE)

    text = text_of(client.get("/check-answers"))

    assert "How old are you?" in text
    assert '<dd class="summary-value"> 68 </dd>' in text
    assert (
        "Osteoarthritis (the most common kind of arthritis, often in knees, hips or hands)" in text
    )
    assert "I have not had surgery" in text
    assert "None of these" in text
    assert 'href="/result">See your result</a>' in text


def test_each_change_link_names_its_question_for_screen_readers(walker, client):
    """A Change link carries hidden text naming the question it changes."""
    walker.walk(BFR_CANDIDATE)

    text = text_of(client.get("/check-answers"))

    assert (
        '<a class="link" href="/questions/about-you?change=1#age">Change'
        '<span class="visually-hidden"> your answer to: How old are you?</span></a>'
    ) in text


def test_a_change_returns_to_check_answers(walker, client):
    """After changing an answer, the person is back on check answers with the new answer."""
    walker.walk(BFR_CANDIDATE)

    response = walker.answer("about-you", {"age": 71}, change="1")
    text = text_of(client.get("/check-answers"))

    assert response.location == "/check-answers"
    assert '<dd class="summary-value"> 71 </dd>' in text


def test_a_change_that_makes_a_question_apply_asks_it_next(walker, client):
    """Changing to a surgery asks where it was, then returns to check answers."""
    walker.walk(BFR_CANDIDATE)

    first = walker.answer("surgery", {"surgery": "under_6_weeks"}, change="1")
    second = walker.answer("surgery-site", {"surgery_site": "lower_limb"}, change="1")

    assert first.location == "/questions/surgery-site?change=1"
    assert second.location == "/check-answers"
    assert "Hip, leg, knee or foot" in text_of(client.get("/check-answers"))


def test_changing_surgery_to_none_drops_where_it_was(walker, client):
    """With no surgery any more, the answer about where it was is forgotten."""
    walker.walk({**BFR_CANDIDATE, "surgery": "over_6_months", "surgery_site": "spine"})

    response = walker.answer("surgery", {"surgery": "none"}, change="1")

    assert response.location == "/check-answers"
    with client.session_transaction() as session:
        assert "surgery_site" not in session["answers"]
    assert "Where on your body" not in text_of(client.get("/check-answers"))


def test_back_while_changing_returns_to_check_answers(walker):
    """Back on a page opened from check answers goes back to check answers."""
    walker.walk(BFR_CANDIDATE)

    assert walker.back_link("strength", change="1") == "/check-answers"


def test_back_while_a_new_question_waits_goes_to_the_page_before(walker):
    """Back from a newly needed page goes to the page that made it needed, still changing."""
    walker.walk(BFR_CANDIDATE)
    walker.answer("surgery", {"surgery": "under_6_weeks"}, change="1")

    assert walker.back_link("surgery-site", change="1") == "/questions/surgery?change=1"


def test_changing_to_no_pain_forgets_the_pain_details_and_disagrees_with_nothing(walker, client):
    """Changing to "I do not have pain" is taken as it is: the pain's cause, score and words go."""
    walker.walk(BFR_CANDIDATE)

    response = walker.answer("pain", {"pain_duration": "none"}, change="1")
    text = text_of(client.get("/check-answers"))
    with client.session_transaction() as session:
        kept = session["answers"]

    assert response.location == "/check-answers"
    assert {"pain_cause", "pain_intensity", "pain_sources"}.isdisjoint(kept)
    assert "What do you think caused your pain?" not in text
    assert "How bad was your worst pain" not in text


def test_changing_from_no_pain_asks_about_the_pain_then_returns(walker, client):
    """A person who now has pain is asked its cause, score and words, then goes back to check."""
    walker.walk(WELL)

    to_details = walker.answer("pain", {"pain_duration": "under_6_weeks"}, change="1")
    back = walker.answer("pain-details", NMT_CANDIDATE, change="1")

    assert to_details.location == "/questions/pain-details?change=1"
    assert back.location == "/check-answers"
    assert "Tender knots in a muscle" in text_of(client.get("/check-answers"))
