"""Every page renders, and question pages are built from the questionnaire data."""

from __future__ import annotations

import pytest
from markupsafe import escape

from tests.pages import text_of
from tests.personas import BFR_CANDIDATE, CHEST_PAIN, WELL
from tests.rules_under_test import questionnaire_under_test

QUESTIONNAIRE = questionnaire_under_test()
PAGE_IDS = [page.id for page in QUESTIONNAIRE.pages]

#: Answers that make every page apply (a surgery, so its site is asked too).
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


def test_start_page_says_what_this_is_and_how_long_it_takes(client):
    """The start page explains the screening, its length, that it is no diagnosis, and starts."""
    text = text_of(client.get("/"))

    assert "Blood flow restriction training (BFR)" in text
    assert "Neuromuscular therapy (NMT)" in text
    assert "about 10 minutes" in text
    assert "screening aid, not a diagnosis" in text
    assert "We do not save your answers" in text
    assert "keeps them for up to 2 hours" in text
    assert 'href="/questions/about-you">Start now</a>' in text


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_every_question_page_renders_its_questions(client, given, page_id):
    """Each page shows every question of that page, its help and each option, from the data."""
    given(EVERY_PAGE)

    response = client.get(f"/questions/{page_id}")
    text = text_of(response)

    assert response.status_code == 200
    for question in QUESTIONNAIRE.on_page(page_id):
        assert escape(question.text) in text
        assert f'name="{question.id}"' in text
        assert escape(question.help) in text
        for option in question.options:
            assert f'value="{option.value}"' in text
            assert escape(option.label) in text


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_each_page_has_one_h1_a_form_continue_and_a_back_link(client, given, page_id):
    """Each question page has a single h1, a POST form with Continue, and a Back link above."""
    given(EVERY_PAGE)

    text = text_of(client.get(f"/questions/{page_id}"))

    assert text.count("<h1") == 1
    assert '<form method="post"' in text
    assert 'name="action" value="continue">Continue</button>' in text
    assert text.count('<a class="back-link" href="') == 1
    assert "<button" not in text.split("Continue</button>", 1)[1].split("</form>", 1)[0]


@pytest.mark.parametrize("page_id", [p for p in PAGE_IDS if len(QUESTIONNAIRE.on_page(p)) == 1])
def test_a_lone_question_is_the_page_heading(client, given, page_id):
    """When a page asks one question, that question is the h1 (inside its legend or label)."""
    given(EVERY_PAGE)
    question = QUESTIONNAIRE.on_page(page_id)[0]

    text = text_of(client.get(f"/questions/{page_id}"))

    assert escape(question.text) in text.split("<h1", 1)[1].split("</h1>", 1)[0]


def test_tick_any_questions_have_a_separate_none_of_these(client, given):
    """A tick-any question ends with an "or" divider and an exclusive "None of these" box."""
    given(EVERY_PAGE)

    text = text_of(client.get("/questions/urgent-symptoms"))

    assert '<div class="choice-divider">or</div>' in text
    assert 'id="red_flags-none" name="red_flags" type="checkbox" value="_none"' in text


def test_number_questions_use_a_numeric_text_box(client):
    """A number is typed into a text box with a numeric keyboard, as GOV.UK advises."""
    text = text_of(client.get("/questions/about-you"))

    assert 'inputmode="numeric"' in text
    assert 'type="text"' in text


@pytest.mark.parametrize(
    ("answers", "path", "heading"),
    [
        (BFR_CANDIDATE, "/check-answers", "Check your answers"),
        (BFR_CANDIDATE, "/result", "Blood flow restriction training may suit you"),
        (CHEST_PAIN, "/urgent", "Get emergency help now"),
    ],
)
def test_summary_and_result_pages_render(client, given, answers, path, heading):
    """Check answers, the result and the urgent page render for answers in the session."""
    given(answers)

    response = client.get(path)

    assert response.status_code == 200
    assert heading in text_of(response)


def test_unknown_page_is_a_plain_404_page(client):
    """An unknown address answers 404 with a page in plain words, not a traceback."""
    response = client.get("/questions/no-such-page")
    text = text_of(response)

    assert response.status_code == 404
    assert "Page not found" in text
    assert 'href="/"' in text


def test_every_page_has_landmarks_a_skip_link_and_a_language(client):
    """Pages declare English, and have a skip link, a header, a main and a footer."""
    text = text_of(client.get("/questions/about-you"))

    assert '<html lang="en">' in text
    assert '<a href="#main" class="skip-link">' in text
    assert '<header class="header">' in text
    assert '<main id="main"' in text
    assert '<footer class="footer">' in text
