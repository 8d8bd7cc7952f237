"""Validation: each error's message, the GOV.UK error summary, and nothing typed is lost."""

from __future__ import annotations

import pytest
from markupsafe import escape

from advisor.runner.path import PathFinder, typed
from advisor.web import messages
from tests.pages import text_of
from tests.personas import WELL, answers_before
from tests.rules_under_test import questionnaire_under_test
from tests.web.conftest import form_data

QUESTIONNAIRE = questionnaire_under_test()

#: Answers under which every question is asked (a recent surgery asks its site and
#: whether it was a joint replacement; pain asks its cause, score and words).
EVERY_PAGE = {
    **WELL,
    "surgery": "6_weeks_to_6_months",
    "surgery_site": "lower_limb",
    "joint_replacement": "no",
    "pain_duration": "under_6_weeks",
    "pain_cause": "recent_injury",
    "pain_intensity": 3,
}


def send(client, given, page_id, changes):
    """Put every other page's answers in the session, then send this page with ``changes``."""
    given({k: v for k, v in EVERY_PAGE.items() if QUESTIONNAIRE[k].page != page_id})
    data = {**form_data(QUESTIONNAIRE, page_id, EVERY_PAGE), **changes}
    return client.post(
        f"/questions/{page_id}", data={k: v for k, v in data.items() if v is not None}
    )


@pytest.mark.parametrize(
    ("page_id", "changes", "field", "message"),
    [
        ("about-you", {"age": ""}, "age", "Enter your age"),
        ("about-you", {"age": "   "}, "age", "Enter your age"),
        ("about-you", {"age": "forty"}, "age", "Age must be a whole number, like 40"),
        ("about-you", {"age": "4.5"}, "age", "Age must be a whole number, like 40"),
        ("about-you", {"age": "121"}, "age", "Age must be between 0 and 120"),
        ("about-you", {"age": "-1"}, "age", "Age must be between 0 and 120"),
        (
            "urgent-symptoms",
            {"red_flags": None},
            "red_flags",
            "Select if you have any of these symptoms",
        ),
        (
            "urgent-symptoms",
            {"red_flags": ["chest_pain", "_none"]},
            "red_flags",
            "Select the symptoms you have, or select ‘None of these’ on its own",
        ),
        (
            "urgent-symptoms",
            {"red_flags": ["headache"]},
            "red_flags",
            "Select an answer from the list",
        ),
        (
            "cuff-safety",
            {"bfr_risks": None},
            "bfr_risks",
            "Select if any of these health problems apply to you",
        ),
        (
            "cuff-safety",
            {"bfr_risks": ["_none", "unsure"]},
            "bfr_risks",
            "Select the health problems you have, or select ‘None of these’ on its own",
        ),
        (
            "pressure-safety",
            {"bleeding_risk": None},
            "bleeding_risk",
            "Select if you take blood thinners or have a bleeding problem",
        ),
        (
            "pressure-safety",
            {"bleeding_risk": "maybe"},
            "bleeding_risk",
            "Select an answer from the list",
        ),
        (
            "pressure-safety",
            {"nmt_risks": None},
            "nmt_risks",
            "Select if any of these bone, joint or skin problems apply to you",
        ),
        (
            "exercise-safety",
            {"acute_illness": None},
            "acute_illness",
            "Select if you are unwell today",
        ),
        (
            "strength",
            {"muscle_weakness": None},
            "muscle_weakness",
            "Select if your muscles have become weak or smaller",
        ),
        (
            "strength",
            {"conditions": None},
            "conditions",
            "Select if a doctor has told you that you have any of these",
        ),
        ("surgery", {"surgery": None}, "surgery", "Select when you last had surgery"),
        ("surgery-site", {"surgery_site": None}, "surgery_site", "Select where you had surgery"),
        (
            "surgery-site",
            {"surgery_site": "knee"},
            "surgery_site",
            "Select an answer from the list",
        ),
        (
            "pain-details",
            {"pain_intensity": ""},
            "pain_intensity",
            "Enter a number from 0 to 10 for your worst pain",
        ),
        (
            "pain-details",
            {"pain_intensity": "11"},
            "pain_intensity",
            "Your pain score must be between 0 and 10",
        ),
        (
            "pain-details",
            {"pain_intensity": "a lot"},
            "pain_intensity",
            "Your pain score must be a whole number, like 3",
        ),
        (
            "pain-details",
            {"pain_sources": None},
            "pain_sources",
            "Select if any of these describe your pain",
        ),
        ("payment", {"insurance": None}, "insurance", "Select how you expect to pay for care"),
    ],
)
def test_invalid_answer_shows_its_message(client, given, page_id, changes, field, message):
    """Each invalid answer is named in the error summary and at the field, in GOV.UK words."""
    response = send(client, given, page_id, changes)
    text = text_of(response)

    assert response.status_code == 200
    assert f'<li><a href="#{field}">{escape(message)}</a></li>' in text
    assert (
        f'<p class="error-message" id="{field}-error"><span class="visually-hidden">Error:</span> '
        f"{escape(message)}</p>"
    ) in text


@pytest.mark.parametrize("page_id", [page.id for page in QUESTIONNAIRE.pages])
def test_an_empty_page_names_every_question(client, given, page_id):
    """Sending a page with nothing filled in gives one message per question on it."""
    given({k: v for k, v in EVERY_PAGE.items() if QUESTIONNAIRE[k].page != page_id})

    text = text_of(client.post(f"/questions/{page_id}", data={}))

    for question in QUESTIONNAIRE.on_page(page_id):
        assert f'<a href="#{question.id}">{escape(messages.required(question))}</a>' in text


def test_error_page_has_the_gov_uk_error_summary(client, given):
    """The summary takes the focus, holds an alert headed "There is a problem", and the title starts "Error: "."""
    response = send(client, given, "about-you", {"age": "200"})
    text = text_of(response)

    assert '<div class="error-summary" tabindex="-1" autofocus>' in text
    assert '<div role="alert" aria-labelledby="error-summary-title">' in text
    assert (
        '<h2 class="error-summary-title" id="error-summary-title">There is a problem</h2>' in text
    )
    assert "<title>Error: How old are you?" in text


def test_a_field_in_error_is_described_and_marked_invalid(client, given):
    """The input points at its hint and error, and says it is invalid."""
    text = text_of(send(client, given, "about-you", {"age": "200"}))

    assert 'aria-describedby="age-hint age-error" aria-invalid="true"' in text


def test_a_group_in_error_is_described_and_marked_invalid(client, given):
    """A radio group's fieldset points at its error; each radio says it is invalid."""
    text = text_of(send(client, given, "surgery", {"surgery": None}))

    assert '<fieldset class="fieldset" aria-describedby="surgery-error">' in text
    assert 'id="surgery" name="surgery" type="radio" value="none" aria-invalid="true"' in text


def test_nothing_typed_is_lost_on_an_error(client, given):
    """On an error, every answer on the page shows what was sent, valid or not."""
    text = text_of(
        send(
            client,
            given,
            "pain-details",
            {
                "pain_intensity": "seven",
                "pain_cause": "unknown",
                "pain_sources": ["stress", "diet"],
            },
        )
    )

    assert 'value="seven"' in text
    assert 'id="pain_cause-unknown" name="pain_cause" type="radio" value="unknown" checked' in text
    assert 'type="checkbox" value="stress" checked' in text
    assert 'type="checkbox" value="diet" checked' in text


def test_nothing_is_saved_from_a_page_with_an_error(client, given):
    """A page with any error keeps none of its answers in the session."""
    send(client, given, "pain-details", {"pain_intensity": "seven"})

    with client.session_transaction() as session:
        assert "pain_cause" not in session["answers"]


def test_none_of_these_is_kept_as_an_empty_list(client, given):
    """Ticking only "None of these" keeps the contract's empty list."""
    response = send(client, given, "urgent-symptoms", {"red_flags": ["_none"]})

    with client.session_transaction() as session:
        assert session["answers"]["red_flags"] == []
    assert response.status_code == 302


def test_a_saved_empty_list_shows_none_of_these_ticked(client, given):
    """Coming back to a page, a saved empty list shows "None of these" ticked."""
    given(EVERY_PAGE)

    text = text_of(client.get("/questions/urgent-symptoms"))

    assert 'id="red_flags-none" name="red_flags" type="checkbox" value="_none" checked' in text


#: Pain that fits together: asked on the pain page, then about the pain on the next.
IN_PAIN = {"pain_duration": "over_12_weeks", "pain_cause": "ongoing_strain", "pain_intensity": 4}

#: For each disagreement the web pages can meet: answers given earlier, and the page of
#: pain details as sent.
DISAGREEING = {
    "pain-but-a-score-of-0": ({}, {"pain_intensity": "0"}),
    "pain-but-no-cause": ({}, {"pain_cause": "none"}),
    "pain-after-an-operation-but-no-surgery": (
        {"surgery": "none"},
        {"pain_cause": "after_surgery"},
    ),
}

#: The disagreements of "I do not have pain" with other pain answers: the web pages never
#: ask those answers of a person without pain (``web_asked_when``), so cannot meet them.
SKIPPED_WITH_NO_PAIN = {
    "no-pain-but-a-pain-score",
    "no-pain-but-a-cause",
    "no-pain-but-describes-pain",
}


def test_every_disagreement_has_a_web_example_or_cannot_happen_on_the_web():
    """Each disagreement in the questionnaire is tried on its page below, or cannot be met."""
    assert set(DISAGREEING) | SKIPPED_WITH_NO_PAIN == {d.id for d in QUESTIONNAIRE.disagreements}


@pytest.mark.parametrize(
    "disagreement",
    [d for d in QUESTIONNAIRE.disagreements if d.id in DISAGREEING],
    ids=lambda d: d.id,
)
def test_answers_that_disagree_are_named_and_not_kept(client, given, disagreement):
    """Answers that cannot both be true are shown again with a message naming both."""
    earlier, sent = DISAGREEING[disagreement.id]
    given(answers_before("pain-details", {**WELL, **IN_PAIN, **earlier}))
    data = {**form_data(QUESTIONNAIRE, "pain-details", {**WELL, **IN_PAIN}), **sent}

    response = client.post("/questions/pain-details", data=data)
    text = text_of(response)
    with client.session_transaction() as session:
        kept = session["answers"]

    assert response.status_code == 200
    assert "There is a problem" in text
    assert escape(disagreement.message) in text
    assert "pain_cause" not in kept


@pytest.mark.parametrize(
    "disagreement", sorted(SKIPPED_WITH_NO_PAIN), ids=lambda disagreement: disagreement
)
def test_no_pain_skips_the_answers_that_could_disagree_with_it(client, given, disagreement):
    """With no pain, the page of pain details is skipped; what it stands for agrees with no pain."""
    given(answers_before("pain"))

    response = client.post("/questions/pain", data={"pain_duration": "none"})
    skipped = client.get("/questions/pain-details")
    with client.session_transaction() as session:
        kept = session["answers"]
    engine = PathFinder(QUESTIONNAIRE, kept).complete()

    assert response.location == "/questions/pain-more"
    assert skipped.location == "/questions/pain-more"
    assert {"pain_cause", "pain_intensity", "pain_sources"}.isdisjoint(kept)
    assert engine["pain_cause"] == "none"
    assert engine["pain_intensity"] == 0
    assert engine["pain_sources"] == []
    assert disagreement not in {d.id for d in QUESTIONNAIRE.disagreements_in(typed(engine))}


def test_answers_that_agree_go_on(client, given):
    """Pain answers that fit together are kept and the next page follows."""
    given(answers_before("pain"))

    to_details = client.post("/questions/pain", data={"pain_duration": "under_6_weeks"})
    data = {
        **form_data(QUESTIONNAIRE, "pain-details", WELL),
        "pain_cause": "recent_injury",
        "pain_intensity": "4",
    }
    response = client.post("/questions/pain-details", data=data)

    assert to_details.location == "/questions/pain-details"
    assert response.status_code == 302
    assert response.location == "/questions/pain-more"


def test_a_change_that_makes_answers_disagree_is_caught_where_it_is_made(client, given):
    """Changing surgery to none after blaming an operation for the pain is caught on that page."""
    given(
        {
            **WELL,
            "surgery": "over_6_months",
            "surgery_site": "spine",
            "pain_duration": "over_12_weeks",
            "pain_cause": "after_surgery",
            "pain_intensity": 4,
        }
    )

    response = client.post("/questions/surgery?change=1", data={"surgery": "none"})
    text = text_of(response)

    assert response.status_code == 200
    assert escape(QUESTIONNAIRE.disagreements[-1].message) in text
