"""Forms and messages are generated from the questionnaire, one field type per question type."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from advisor.questionnaire import default_questionnaire
from advisor.web import forms, messages
from advisor.web.forms import FIELD_TYPES, NONE_OF_THESE, answers_from, page_form
from tests.rules_under_test import questionnaire_under_test

QUESTIONNAIRE = questionnaire_under_test()


def test_every_question_type_has_a_field():
    """The type→field table covers every type the questionnaire uses."""
    assert {q.type for q in QUESTIONNAIRE} <= set(FIELD_TYPES)


@pytest.mark.parametrize(
    ("kind", "field_class"),
    [("integer", forms.WholeNumber), ("single", forms.RadioField), ("multi", forms.TickAny)],
)
def test_each_type_builds_its_field(app, kind, field_class):
    """Each question becomes the field its type names."""
    question = next(q for q in QUESTIONNAIRE if q.type == kind)

    with app.test_request_context():
        form = page_form([question])

    assert isinstance(form[question.id], field_class)


def test_none_of_these_becomes_the_empty_list(app):
    """A valid "None of these" is the contract's empty list."""
    questions = QUESTIONNAIRE.on_page("urgent-symptoms")

    with app.test_request_context(method="POST", data={"red_flags": NONE_OF_THESE}):
        form = page_form(questions)
        assert form.validate()
        found = answers_from(form, questions)

    assert found == {"red_flags": []}


def test_ticked_answers_keep_the_questionnaire_order(app):
    """Tick-any answers are kept in the order of the options, whatever order they came in."""
    questions = QUESTIONNAIRE.on_page("urgent-symptoms")
    data = MultiDict([("red_flags", "fever_with_pain"), ("red_flags", "chest_pain")])

    with app.test_request_context(method="POST", data=data):
        form = page_form(questions)
        assert form.validate()
        found = answers_from(form, questions)

    assert found == {"red_flags": ["chest_pain", "fever_with_pain"]}


@pytest.mark.parametrize("question", list(default_questionnaire()), ids=lambda q: q.id)
def test_every_question_has_its_own_required_message(question):
    """Each question advisor ships says what to do in its own words, not the generic fallback.

    A question a practice adds in its questions.toml gets the generic message.
    """
    assert question.id in messages.REQUIRED


@pytest.mark.parametrize(
    "question", [q for q in QUESTIONNAIRE if q.type == "multi"], ids=lambda q: q.id
)
def test_every_tick_any_question_words_the_none_clash(question):
    """Each tick-any question has its own message for "None of these" with another answer."""
    assert question.id in messages.NONE_WITH_OTHERS


@pytest.mark.parametrize(
    "question", [q for q in QUESTIONNAIRE if q.type == "integer"], ids=lambda q: q.id
)
def test_every_number_question_has_its_own_number_messages(question):
    """Each number question words its range and whole-number messages, and is named in others."""
    assert question.id in messages.NUMBER_NAMES
    assert question.id in messages.NOT_WHOLE_NUMBER
    assert question.id in messages.OUT_OF_RANGE
