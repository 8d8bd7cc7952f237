"""Whole journeys through the questionnaire, page by page, with the test client."""

from __future__ import annotations

import pytest

from tests.pages import text_of
from tests.personas import BFR_CANDIDATE, CHEST_PAIN, NMT_CANDIDATE, WELL, answers_before
from tests.rules_under_test import questionnaire_under_test

ALL_PAGES = [page.id for page in questionnaire_under_test().pages]


def test_bfr_candidate_walks_to_a_bfr_result(walker):
    """A BFR candidate answers every page that applies and is told BFR may suit them."""
    result = walker.finish(BFR_CANDIDATE)

    assert [p for p in ALL_PAGES if p != "surgery-site"] == walker.visited
    assert result.status_code == 200
    assert "Blood flow restriction training may suit you" in text_of(result)


def test_nmt_candidate_walks_to_an_nmt_result(walker):
    """An NMT candidate is told neuromuscular therapy may suit them."""
    result = walker.finish(NMT_CANDIDATE)

    assert "Neuromuscular therapy may suit you" in text_of(result)


def test_red_flag_stops_the_questionnaire_at_once(walker, client):
    """A ticked red flag goes straight to the urgent page; no later page is shown."""
    ended = walker.walk(CHEST_PAIN)

    assert ended == "/urgent"
    assert walker.visited == ["about-you", "urgent-symptoms"]
    assert "Get emergency help now" in text_of(client.get(ended))


def test_answers_are_kept_in_the_session_as_typed_json(walker, client):
    """The session holds only the answers: numbers, option values, and lists for tick-any."""
    walker.walk(BFR_CANDIDATE)

    with client.session_transaction() as session:
        kept = dict(session)

    assert {"answers"} == set(kept) - {"_permanent", "csrf_token"}
    assert kept["answers"] == BFR_CANDIDATE


@pytest.mark.parametrize(
    ("answers", "page_id", "step"),
    [
        ({}, "about-you", "Step 1 of 13"),
        (answers_before("surgery", BFR_CANDIDATE), "surgery", "Step 8 of 13"),
        ({**BFR_CANDIDATE, "surgery": "none"}, "pain", "Step 9 of 12"),
        ({**BFR_CANDIDATE, "surgery": "none"}, "payment", "Step 12 of 12"),
        (
            {**WELL, "surgery": "over_6_months", "surgery_site": "spine"},
            "surgery-site",
            "Step 9 of 12",
        ),
        (WELL, "cuff-safety", "Step 3 of 11"),
        (WELL, "payment", "Step 11 of 11"),
    ],
)
def test_step_indicator_counts_the_pages_that_may_still_come(client, given, answers, page_id, step):
    """The step count ("Step N of M") counts the pages answered and those not yet ruled out."""
    given(answers)

    text = text_of(client.get(f"/questions/{page_id}"))

    assert step in text
    assert f"– {step} – Therapy screening</title>" in text


def test_pages_cannot_be_skipped(client, given):
    """Opening a later page sends the person back to the first page they have not answered."""
    given(age=45)

    response = client.get("/questions/pain")

    assert response.status_code == 302
    assert response.location == "/questions/urgent-symptoms"


def test_a_finished_page_goes_to_the_next_page_that_applies(walker, given):
    """After the surgery page with no surgery, the site page is skipped."""
    given({k: v for k, v in WELL.items() if k not in ("surgery", "pain_duration")})

    response = walker.answer("surgery", WELL)

    assert response.location == "/questions/pain"


def test_the_last_page_goes_to_check_answers(walker, given):
    """After the last page, the person checks their answers."""
    given({k: v for k, v in WELL.items() if k != "insurance"})

    response = walker.answer("payment", WELL)

    assert response.location == "/check-answers"


@pytest.mark.parametrize("path", ["/check-answers", "/result", "/urgent"])
def test_pages_after_the_questions_need_answers(client, path):
    """With no answers yet, check answers, the result and the urgent page go to the start."""
    response = client.get(path)

    assert response.status_code == 302
    assert response.location == "/"


@pytest.mark.parametrize("path", ["/check-answers", "/result"])
def test_incomplete_answers_go_to_the_first_unanswered_page(client, given, path):
    """Check answers and the result send someone with gaps to the first unanswered page."""
    given({k: v for k, v in WELL.items() if k != "inactivity"})

    response = client.get(path)

    assert response.location == "/questions/strength"


def test_start_again_forgets_everything(walker, client):
    """Start again clears the session and shows the start page."""
    walker.walk(BFR_CANDIDATE)

    response = client.post("/start-again")

    with client.session_transaction() as session:
        assert dict(session) == {}
    assert response.location == "/"


def test_result_is_recomputed_from_the_session_each_time(client, given):
    """The result follows the answers in the session, not a stored response."""
    given(BFR_CANDIDATE)
    first = text_of(client.get("/result"))
    given(NMT_CANDIDATE)
    second = text_of(client.get("/result"))

    assert "Blood flow restriction training may suit you" in first
    assert "Neuromuscular therapy may suit you" in second
