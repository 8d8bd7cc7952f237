"""The journey's store: what it keeps in the cookie, and what it never lets through."""

from __future__ import annotations

from advisor.runner import router
from advisor.runner.store import JourneyStore
from tests.personas import WELL
from tests.rules_under_test import questionnaire_under_test

QUESTIONNAIRE = questionnaire_under_test()


def test_saving_a_page_drops_its_draft_and_answers_that_no_longer_apply() -> None:
    cookie: dict = {
        "answers": {**WELL, "surgery": "under_6_weeks", "surgery_site": "spine"},
        "drafts": {"surgery": {"surgery": ["x"]}, "surgery-site": {"surgery_site": []}},
    }
    kept = JourneyStore(cookie).save(QUESTIONNAIRE, "surgery", {"surgery": "none"})
    assert "surgery_site" not in kept
    assert cookie["answers"] == kept
    assert "drafts" not in cookie


def test_a_draft_is_kept_as_typed_until_the_page_is_sent_again() -> None:
    journey = JourneyStore({})
    journey.keep_draft("about-you", {"age": ["abc"]})
    assert journey.draft("about-you") == {"age": ["abc"]}
    assert journey.draft("pain") is None


def test_the_contact_token_is_made_once_and_only_it_is_accepted() -> None:
    journey = JourneyStore({})
    token = journey.contact_token()
    assert journey.contact_token() == token
    assert journey.is_contact_token(token)
    assert not journey.is_contact_token(token + "x")
    assert not journey.is_contact_token("ünïcode")
    assert not journey.is_contact_token(None)


def test_a_sent_request_keeps_its_reference_under_its_token() -> None:
    journey = JourneyStore({})
    token = journey.contact_token()
    journey.contact_sent(token, "K7M2-QX9P")
    assert journey.sent_reference() == "K7M2-QX9P"
    assert journey.is_contact_token(token)


def test_a_journey_is_the_patients_own_unless_a_staff_run_is_in_progress() -> None:
    assert JourneyStore({}).mode == router.PATIENT
    running = JourneyStore({"staff_run": {"token": "t", "details": "d"}})
    assert running.mode == router.STAFF_RUN
    assert running.is_run_token("t")
    assert not running.is_run_token("u")


def test_a_saved_run_is_found_only_by_its_own_token() -> None:
    journey = JourneyStore({})
    journey.run_saved("t", 42)
    assert journey.saved_screening("t") == 42
    assert journey.saved_screening("u") is None
    assert journey.saved_screening(None) is None
