"""Patient pages ask the questionnaire in the page's language; staff pages read it in English.

The therapists' Spanish comes from ``rules/translations/es.toml`` (here a tiny one
in a copy of the rules); a text it lacks is shown in English. Only words change:
the answers a page keeps are the same values in either language.
"""

from __future__ import annotations

import pytest

from advisor import create_app
from advisor.extensions import current_ruleset
from advisor.questionnaire import Questionnaire
from advisor.staff.blueprint import english_questionnaire
from advisor.untranslated import Untranslated
from advisor.web.questionnaire import current_questionnaire
from tests.pages import text_of
from tests.personas import WELL
from tests.translating import OPTION, PAGE, QUESTION, tiny_spanish, write_translation
from tests.web.conftest import form_data

SPANISH_TEXT = "¿Sus músculos se han vuelto débiles o más pequeños?"
SPANISH_LABEL = "Sí, y me hace más difícil moverme o hacer las tareas diarias"


@pytest.fixture
def app(rules, default_ruleset):
    """An app on a copy of the rules with a tiny Spanish file."""
    write_translation(rules, tiny_spanish(default_ruleset))
    return create_app(
        {"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test", "RULES_DIR": str(rules)}
    )


def english_of(app) -> Questionnaire:
    """Return the English questionnaire of the app's rule set."""
    with app.app_context():
        return current_ruleset().questionnaire


def page_of_question(app) -> str:
    """Return the id of the page that asks the translated question."""
    return english_of(app)[QUESTION].page


def test_a_spanish_page_shows_the_therapists_spanish(app, client, given):
    """The question and the option label are the translation's words."""
    given(WELL)

    text = text_of(client.get(f"/questions/{page_of_question(app)}?lang=es"))

    assert SPANISH_TEXT in text
    assert SPANISH_LABEL in text


def test_a_text_without_a_translation_is_shown_in_english_never_blank(app, client, given):
    """The question's help has no Spanish: the English help is on the Spanish page."""
    given(WELL)

    text = text_of(client.get(f"/questions/{page_of_question(app)}?lang=es"))

    assert "Doctors call muscle loss “atrophy”." in text


def test_the_same_page_in_english_is_the_therapists_english(app, client, given):
    """Without a language chosen, the page is English."""
    given(WELL)

    text = text_of(client.get(f"/questions/{page_of_question(app)}?lang=en"))

    assert "Have your muscles become weak or smaller?" in text
    assert SPANISH_TEXT not in text


def test_a_translated_page_title_heads_its_answers_on_check_answers(client, given):
    """A page's title is translated too: check answers heads each page's answers with it."""
    given(WELL)

    text = text_of(client.get("/check-answers?lang=es"))

    assert "Sobre usted" in text
    assert "About you" not in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_answer_kept_is_the_same_value_in_either_language(app, client, given, language):
    """Values never change with the language: the session keeps the option's value."""
    given(WELL)
    page = page_of_question(app)
    answers = {**WELL, QUESTION: OPTION, "heavy_load_difficulty": "yes"}
    data = form_data(english_of(app), page, answers)

    sent = client.post(f"/questions/{page}?lang={language}", data=data)

    assert sent.status_code == 302
    with client.session_transaction() as session:
        assert session["answers"][QUESTION] == OPTION


def test_patient_pages_read_the_questionnaire_in_their_language(app):
    """`current_questionnaire()` follows the page's language; English is the English itself."""
    with app.test_request_context("/questions/about-you?lang=es"):
        app.preprocess_request()
        spanish = current_questionnaire()
    with app.test_request_context("/questions/about-you?lang=en"):
        app.preprocess_request()
        english = current_questionnaire()

    assert spanish.page(PAGE).title == "Sobre usted"
    assert isinstance(spanish["age"].text, Untranslated)
    assert english.page(PAGE).title == "About you"
    assert english is english_of(app)


def test_staff_pages_read_the_questionnaire_in_english_whatever_is_asked(app):
    """A staff page asked for in Spanish still reads every question in English."""
    with app.test_request_context("/staff/screenings?lang=es"):
        questionnaire = english_questionnaire()

    assert questionnaire.page(PAGE).title == "About you"
    assert questionnaire[QUESTION].text == "Have your muscles become weak or smaller?"
