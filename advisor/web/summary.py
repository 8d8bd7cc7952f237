"""Every answer in the words the person chose it by, page by page (check answers, the result).

The store keeps answers as values (``"none"``, ``["knee"]``); a person reads them
back as the options' labels, and "None of these" for a tick-any question left empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from advisor.questionnaire import Page, Question, Questionnaire
from advisor.runner.path import Answer, PathFinder
from advisor.web.forms import NONE_OF_THESE_LABEL

__all__ = ["SummaryRow", "SummarySection", "summary", "words"]


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


def words(question: Question, value: Answer) -> tuple[str, ...]:
    """Return an answer in the words the person chose it by."""
    labels = {o.value: o.label for o in question.options}
    if question.type == "integer":
        return (str(value),)
    if question.type == "single":
        return (labels.get(str(value), str(value)),)
    return tuple(labels.get(v, v) for v in value) or (str(NONE_OF_THESE_LABEL),)  # type: ignore[union-attr]


def summary(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> list[SummarySection]:
    """Return every answer in words, for each page on the path that has one."""
    path = PathFinder(questionnaire, answers)
    sections = []
    for page in path.pages:
        rows = tuple(
            SummaryRow(q, words(q, answers[q.id])) for q in path.asked(page.id) if q.id in answers
        )
        if rows:
            sections.append(SummarySection(page, rows))
    return sections
