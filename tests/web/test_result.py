"""The result page: recommendation, reasons, blocked therapies, what sessions are like, cost."""

from __future__ import annotations

import datetime
import html

import pytest
from hypothesis import HealthCheck, given, settings

from advisor.assessment import assess
from advisor.web.results import INSURANCE_NOTES
from tests.strategies import answer_sets
from tests.web.conftest import BFR_CANDIDATE, NMT_CANDIDATE, WELL, text_of


@pytest.fixture
def result(client, given):
    """Return a function: answers → the result page's text."""

    def show(answers) -> str:
        given(answers)
        response = client.get("/result")
        assert response.status_code == 200
        return text_of(response)

    return show


@pytest.mark.parametrize(
    ("answers", "headline"),
    [
        (BFR_CANDIDATE, "Blood flow restriction training may suit you"),
        (NMT_CANDIDATE, "Neuromuscular therapy may suit you"),
        (WELL, "Talk with one of our clinicians first"),
    ],
)
def test_primary_recommendation_in_plain_words(result, answers, headline):
    """The headline says the primary recommendation in plain words."""
    assert f'<h1 class="heading-l">{headline}</h1>' in result(answers)


def test_other_suggestions_are_listed(result):
    """A therapy suggested besides the primary one is listed as also suiting the person."""
    text = result(
        {**BFR_CANDIDATE, "pain_cause": "ongoing_strain", "pain_sources": ["trigger_points"]}
    )

    assert "Other treatments that may suit you" in text
    assert "Neuromuscular therapy (NMT) may also suit you." in text


def test_reasons_are_the_explanation(result):
    """Each reason shows the rule's title and why it applies."""
    text = result(BFR_CANDIDATE)

    assert '<h3 class="heading-s">Weakness with a joint, spine or nerve condition</h3>' in text
    assert "BFR uses light weights, so it may help when heavy lifting is not possible." in text


def test_blocked_therapies_say_why(result):
    """A therapy ruled out until a clinician checks is named with every reason."""
    text = result({**BFR_CANDIDATE, "bfr_risks": ["varicose_veins", "clot_history"]})

    assert "A clinician must check first" in text
    assert '<h3 class="heading-s">Blood flow restriction training (BFR)</h3>' in text
    assert "<strong>Varicose veins.</strong>" in text
    assert "<strong>A past blood clot.</strong>" in text


def test_result_says_it_is_not_a_diagnosis(result):
    """The result says it is a screening aid and that a clinician checks before treatment."""
    text = result(BFR_CANDIDATE)

    assert "This is a screening aid, not a diagnosis." in text
    assert "A clinician will check you before any treatment starts." in text


def test_result_describes_both_sessions_and_massage(result):
    """The result says what BFR and NMT sessions are like and how NMT differs from massage."""
    text = result(NMT_CANDIDATE)

    assert "What a BFR session is like" in text
    assert "like a blood pressure cuff" in text
    assert "What an NMT session is like" in text
    assert "How NMT is different from massage" in text
    assert "long, flowing strokes" in text
    assert "The six things NMT looks at" in text


def test_result_gives_cost_notes(result):
    """The cost notes name what costs depend on and what the practice accepts."""
    text = result(BFR_CANDIDATE)

    assert "how many sessions you need, any other treatments you have, and your insurance" in text
    assert "We accept Medicare, most private health insurance, workers’ compensation" in text
    assert "A member of our team can answer your questions about cost." in text


@pytest.mark.parametrize("insurance", sorted(INSURANCE_NOTES))
def test_insurance_sentence_fits_the_answer_but_never_the_result(result, insurance):
    """Each way of paying gets its own sentence, and the recommendation stays the same."""
    text = result({**BFR_CANDIDATE, "insurance": insurance})

    assert INSURANCE_NOTES[insurance] in text
    assert '<h1 class="heading-l">Blood flow restriction training may suit you</h1>' in text


def test_result_carries_the_answers_date_and_rule_set_for_print(result, default_ruleset):
    """The summary to print shows the answers, today's date and the rule set version."""
    today = datetime.date.today()

    text = result(BFR_CANDIDATE)

    assert "Your answers" in text
    assert (
        "Osteoarthritis (the most common kind of arthritis, often in knees, hips or hands)" in text
    )
    assert f"Screened on {today:%B} {today.day}, {today.year}." in text
    assert f"Rule set {default_ruleset.info.version} ({default_ruleset.info.digest[:12]})." in text


def test_result_offers_start_again_as_a_form(result):
    """Start again is a button in a POST form, not a link."""
    text = result(BFR_CANDIDATE)

    assert '<form class="no-print" method="post" action="/start-again">' in text


def test_answers_the_questionnaire_no_longer_accepts_are_asked_again(client, given):
    """A saved answer that is no longer valid is dropped and its page asked again."""
    given({**WELL, "inactivity": "years"})

    response = client.get("/result")

    assert response.location == "/questions/strength"


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=answer_sets())
def test_a_reason_that_did_not_apply_is_never_shown_to_the_patient(client, default_ruleset, raw):
    """Invariant 8: a reason set aside (a blocked or unsuggested therapy) is not on the page."""
    defaults = {q.id: q.to_dict()["default"] for q in default_ruleset.questionnaire if not q.core}
    answers = {**defaults, **raw}
    with client.session_transaction() as session:
        session["answers"] = answers
    explanation = assess(answers, default_ruleset).explanation

    page = client.get("/result")
    text = html.unescape(text_of(page))

    assert page.status_code == 200
    shown = {item.because for item in explanation if item.applied}
    for item in explanation:
        if not item.applied and item.because not in shown:
            assert item.because not in text, item.rule
