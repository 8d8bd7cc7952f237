"""A person's way through the questionnaire: which pages apply, what is answered, what comes next.

Answers travel between pages in Flask's signed session cookie; nothing is
stored on the server. To keep the cookie small, the session holds only what
the person answered, never a response::

    session["answers"] = {"age": 45, "red_flags": [], "surgery": "none", ...}
    session["drafts"]  = {"pain": {"pain_intensity": ["abc"], "pain_cause": []}}

A member of staff running the questionnaire for a patient (``advisor.staff.run``)
also has ``session["staff_run"]``: a token and the random id under which the
patient's details are kept in the database, never the details themselves (the
cookie is signed, not encrypted); see ``staff_run``.

``answers`` are valid, JSON-ready answers (a list for a tick-any question, ``[]``
for "None of these"), only for questions that apply. ``drafts`` hold the raw
input of a page the person left with Back, so nothing they typed is lost,
even if it was not valid yet.

A page applies when at least one of its questions is asked, given the
answers so far (``Question.is_asked``); pages that do not apply are skipped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import session

from advisor.answers import Answers
from advisor.conditions import Value
from advisor.questionnaire import Page, Question, Questionnaire
from advisor.web.forms import NONE_OF_THESE_LABEL, Answer

ANSWERS = "answers"
DRAFTS = "drafts"
STAFF_RUN = "staff_run"

#: The contract's red-flag question: any answer to it ends the questionnaire at once.
RED_FLAGS = "red_flags"


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One answered question, with the answer in words."""

    question: Question
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SummarySection:
    """The answered questions of one page."""

    page: Page
    rows: tuple[SummaryRow, ...]


def saved_answers() -> dict[str, Answer]:
    """Return the answers kept in the session."""
    return dict(session.get(ANSWERS, {}))


def staff_run() -> dict[str, Any] | None:
    """Return the run of a member of staff screening a patient, if this session is one.

    ``advisor.staff.run`` starts and ends it. While it lasts, the questionnaire is
    the same, but a red flag leads to check answers rather than the urgent-care
    page, and check answers ends with "Save screening".
    """
    run = session.get(STAFF_RUN)
    return run if isinstance(run, dict) else None


def staff_run_details(run: Mapping[str, Any]) -> str:
    """Return the id a staff run's patient details are kept under (``advisor.storage.run_details``).

    "" when the run has none (a run begun before the details left the cookie):
    like expired details, they are asked for again.
    """
    return str(run.get("details") or "")


def typed(answers: Mapping[str, Answer]) -> dict[str, Value]:
    """Return answers as the engine and ``is_asked`` read them (tick-any lists as frozensets)."""
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in answers.items()}


def asked(
    questionnaire: Questionnaire, page_id: str, answers: Mapping[str, Answer]
) -> tuple[Question, ...]:
    """Return the questions of a page that apply, given the answers so far."""
    known = typed(answers)
    return tuple(q for q in questionnaire.on_page(page_id) if q.is_asked(known))


def pages_that_apply(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> list[Page]:
    """Return the pages with at least one question that applies, in order."""
    return [p for p in questionnaire.pages if asked(questionnaire, p.id, answers)]


def page_by_id(questionnaire: Questionnaire, page_id: str) -> Page | None:
    """Return the page with this id, or None."""
    return next((p for p in questionnaire.pages if p.id == page_id), None)


def first_unanswered(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> Page | None:
    """Return the first page that applies and still has an unanswered question."""
    for page in pages_that_apply(questionnaire, answers):
        if any(q.id not in answers for q in asked(questionnaire, page.id, answers)):
            return page
    return None


def neighbour(
    questionnaire: Questionnaire, page: Page, answers: Mapping[str, Answer], step: int
) -> Page | None:
    """Return the page that applies just after (``step=1``) or before (``step=-1``) ``page``."""
    order = [p.id for p in questionnaire.pages]
    applying = {p.id for p in pages_that_apply(questionnaire, answers)}
    index = order.index(page.id) + step
    while 0 <= index < len(order):
        if order[index] in applying:
            return questionnaire.pages[index]
        index += step
    return None


def red_flags(answers: Mapping[str, Answer]) -> list[str]:
    """Return the red flags the person ticked (none if not answered yet)."""
    return list(answers.get(RED_FLAGS) or [])  # type: ignore[arg-type]


def save(
    questionnaire: Questionnaire, page_id: str, found: Mapping[str, Answer]
) -> dict[str, Answer]:
    """Keep a page's answers, drop its draft and every answer that no longer applies."""
    answers = prune(questionnaire, {**saved_answers(), **found})
    session[ANSWERS] = answers
    applying = {p.id for p in pages_that_apply(questionnaire, answers)}
    drafts = {k: v for k, v in session.get(DRAFTS, {}).items() if k != page_id and k in applying}
    if drafts:
        session[DRAFTS] = drafts
    else:
        session.pop(DRAFTS, None)
    # The cookie expires (PERMANENT_SESSION_LIFETIME) rather than lingering on a shared computer.
    session.permanent = True
    return answers


def prune(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """Return only the answers to questions that apply (``surgery_site`` goes with no surgery)."""
    kept: dict[str, Answer] = {}
    for question in questionnaire:
        if question.id in answers and question.is_asked(typed(kept)):
            kept[question.id] = answers[question.id]
    return kept


def draft(page_id: str) -> dict[str, list[str]] | None:
    """Return what was typed on a page before leaving it with Back, if anything."""
    return session.get(DRAFTS, {}).get(page_id)


def keep_draft(page_id: str, raw: dict[str, list[str]]) -> None:
    """Keep what was typed on a page, valid or not, until the page is sent again."""
    session[DRAFTS] = {**session.get(DRAFTS, {}), page_id: raw}
    session.permanent = True


def forget_answers(question_ids: Sequence[str]) -> None:
    """Drop some answers (ones the current questionnaire no longer accepts)."""
    session[ANSWERS] = {k: v for k, v in saved_answers().items() if k not in question_ids}


def forget_everything() -> None:
    """Clear the session: every answer and draft."""
    session.clear()


def engine_answers(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> Answers:
    """Return the answers so far for the engine, with None for every question not yet asked.

    This is a legitimate early stop: no rule about an unanswered question fires,
    so the red-flag page can be assessed before the rest of the questionnaire.
    """
    values: dict[str, Value] = {q.id: None for q in questionnaire}
    values.update(typed({k: v for k, v in answers.items() if k in values}))
    return Answers(values)


def words(question: Question, value: Answer) -> tuple[str, ...]:
    """Return an answer in the words the person chose it by."""
    labels = {o.value: o.label for o in question.options}
    if question.type == "integer":
        return (str(value),)
    if question.type == "single":
        return (labels.get(str(value), str(value)),)
    return tuple(labels.get(v, v) for v in value) or (NONE_OF_THESE_LABEL,)  # type: ignore[union-attr]


def summary(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> list[SummarySection]:
    """Return every answer in words, page by page (for check answers and the result)."""
    sections = []
    for page in pages_that_apply(questionnaire, answers):
        rows = tuple(
            SummaryRow(q, words(q, answers[q.id]))
            for q in asked(questionnaire, page.id, answers)
            if q.id in answers
        )
        if rows:
            sections.append(SummarySection(page, rows))
    return sections
