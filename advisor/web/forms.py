"""Web forms generated from the questionnaire: one form per page, one field per question.

Nothing here names a question. ``FIELD_TYPES`` maps each question type to the
builder of its field (the eQ runner's field-handler table), so a question
added to ``rules/questions.toml`` appears on its page with no template change:

==========  ==================  ==========================================
type        field               answer kept in the session
==========  ==================  ==========================================
integer     ``WholeNumber``     ``int`` (typed as text, inputmode numeric)
single      ``RadioField``      the option's value
multi       ``TickAny``         a list of values; "None of these" is ``[]``
==========  ==================  ==========================================

A tick-any question must be answered, as GOV.UK asks: ticking nothing is an
error, and so is ticking "None of these" together with another answer.
Every message comes from ``advisor.web.messages``, but the one for an answer sent
as a file, which ``TextForm`` (the base of every page's form) words for all forms.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Field, IntegerField, RadioField, SelectChoice, SelectMultipleField
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from advisor.questionnaire import Option, Question
from advisor.runner.path import Answer
from advisor.web import messages
from advisor.web.textform import TextForm

__all__ = [
    "FIELD_TYPES",
    "NONE_OF_THESE",
    "NONE_OF_THESE_LABEL",
    "NONE_OPTION",
    "TickAny",
    "WholeNumber",
    "answers_from",
    "draft_from",
    "page_form",
]

#: The value of the "None of these" checkbox. Option values start with a letter or a
#: digit (``questionnaire._VALUE``), so this one can never collide with a real option.
NONE_OF_THESE = "_none"
NONE_OF_THESE_LABEL = lazy_gettext("None of these")
NONE_OPTION = Option(NONE_OF_THESE, NONE_OF_THESE_LABEL)

#: The most characters of a typed number kept when a page is left with Back.
_DRAFT_TEXT_LIMIT = 20


class WholeNumber(IntegerField):
    """A whole number typed into a text box, keeping exactly what was typed.

    GOV.UK asks for numbers with ``type="text" inputmode="numeric"`` rather than
    ``type="number"``, which changes values on scroll and hides what was typed.
    """

    widget = TextInput()

    def process_formdata(self, valuelist: list[str]) -> None:
        # The validator words the error; ``raw_data`` keeps the text to show again.
        if valuelist:
            try:
                self.data = int(valuelist[0].strip())
            except ValueError:
                self.data = None


class TickAny(SelectMultipleField):
    """Checkboxes for a tick-any question, with an exclusive "None of these".

    The pages draw the GOV.UK markup themselves (``templates/_macros/fields.html``);
    the widgets here only make ``field()`` give checkboxes rather than a list box.
    """

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class _NumberAnswer:
    """Check a whole number within the question's range."""

    def __init__(self, question: Question) -> None:
        self.question = question

    def __call__(self, form: FlaskForm, field: Field) -> None:
        typed = field.raw_data[0].strip() if field.raw_data else ""
        if not typed:
            raise StopValidation(messages.required(self.question))
        if field.data is None:
            raise StopValidation(messages.not_whole_number(self.question))
        if not self.question.minimum <= field.data <= self.question.maximum:  # type: ignore[operator]
            raise StopValidation(messages.out_of_range(self.question))


class _OneAnswer:
    """Check that exactly one of the question's options is chosen."""

    def __init__(self, question: Question) -> None:
        self.question = question

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if not field.data:
            raise StopValidation(messages.required(self.question))
        if field.data not in self.question.values:
            raise StopValidation(messages.not_an_option(self.question))


class _AnyAnswers:
    """Check a tick-any answer: something ticked, all known, "None of these" on its own."""

    def __init__(self, question: Question) -> None:
        self.question = question

    def __call__(self, form: FlaskForm, field: Field) -> None:
        ticked = field.data or []
        if not ticked:
            raise StopValidation(messages.required(self.question))
        if any(value not in (*self.question.values, NONE_OF_THESE) for value in ticked):
            raise StopValidation(messages.not_an_option(self.question))
        if NONE_OF_THESE in ticked and len(set(ticked)) > 1:
            raise StopValidation(messages.none_with_others(self.question))


def _integer(question: Question) -> Field:
    return WholeNumber(
        question.text,
        validators=[_NumberAnswer(question)],
        render_kw={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"},
    )


def _single(question: Question) -> Field:
    return RadioField(
        question.text,
        choices=[SelectChoice(o.value, o.label) for o in question.options],
        validate_choice=False,  # _OneAnswer words the message
        validators=[_OneAnswer(question)],
    )


def _multi(question: Question) -> Field:
    return TickAny(
        question.text,
        choices=[
            *(SelectChoice(o.value, o.label) for o in question.options),
            SelectChoice(NONE_OF_THESE, NONE_OF_THESE_LABEL),
        ],
        validate_choice=False,  # _AnyAnswers words the message
        validators=[_AnyAnswers(question)],
    )


#: The one table from question type to field: add a type here and nowhere else.
FIELD_TYPES: dict[str, Callable[[Question], Field]] = {
    "integer": _integer,
    "single": _single,
    "multi": _multi,
}


def page_form(
    questions: Sequence[Question],
    *,
    formdata: MultiDict[str, str] | None = None,
    answers: Mapping[str, Answer] | None = None,
) -> TextForm:
    """Return a form for these questions, filled from a request, a draft or saved answers.

    :param formdata: posted or drafted input; when None, the current request's form
        is used if this is a POST (Flask-WTF's default).
    :param answers: saved answers to show where ``formdata`` has nothing.
    """
    fields = {question.id: FIELD_TYPES[question.type](question) for question in questions}
    names = {question.id: messages.name_of(question) for question in questions}
    form_class = type("PageForm", (TextForm,), {**fields, "names": names})
    data = _initial_data(questions, answers or {})
    if formdata is None:
        return form_class(data=data)
    return form_class(formdata=formdata, data=data)


def _initial_data(questions: Sequence[Question], answers: Mapping[str, Answer]) -> dict[str, Any]:
    """Return saved answers as the form shows them (``[]`` ticks "None of these")."""
    data: dict[str, Any] = {}
    for question in questions:
        if question.id not in answers:
            continue
        value = answers[question.id]
        if question.type == "multi":
            data[question.id] = list(value) or [NONE_OF_THESE]  # type: ignore[arg-type]
        else:
            data[question.id] = value
    return data


def answers_from(form: FlaskForm, questions: Sequence[Question]) -> dict[str, Answer]:
    """Return the answers of a valid form as the session keeps them (JSON-ready)."""
    found: dict[str, Answer] = {}
    for question in questions:
        data = form[question.id].data
        if question.type == "multi":
            ticked = set(data)
            found[question.id] = [v for v in question.values if v in ticked]
        else:
            found[question.id] = data
    return found


def draft_from(
    formdata: MultiDict[str, str], questions: Sequence[Question]
) -> dict[str, list[str]]:
    """Return what was typed on a page, kept small enough for the session cookie.

    Only this page's fields are kept: a typed number is cut to a few characters,
    and choices are kept only if they are real options.
    """
    draft: dict[str, list[str]] = {}
    for question in questions:
        given = formdata.getlist(question.id)
        if question.type == "integer":
            draft[question.id] = [given[0][:_DRAFT_TEXT_LIMIT]] if given else []
        else:
            allowed = set(question.values) | (
                {NONE_OF_THESE} if question.type == "multi" else set()
            )
            kept = list(dict.fromkeys(v for v in given if v in allowed))
            draft[question.id] = kept[:1] if question.type == "single" else kept
    return draft
