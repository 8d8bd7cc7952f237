"""The path finder: which pages apply to a person's answers, in what order, and where to go next.

Pure: it reads a ``Questionnaire`` and the answers so far, and knows nothing of
Flask, URLs or who is answering. A page applies when at least one of its
questions is asked, given the answers so far (``Question.is_asked``); pages
that do not apply are skipped. The path is the pages that apply, in the
questionnaire's order (``Questionnaire.position``, the one source of page order).

Where to go is a ``Destination``: a page, or one of three places outside the
questions (``START``, ``CHECK_ANSWERS``, ``RED_FLAG``). The router
(``advisor.runner.router``) turns a destination into a URL for its mode; what
a red flag leads to is the mode's to say, not the path's.

Three rules hold whoever answers:

- pages cannot be skipped: a page after an unanswered one leads back to it;
- once a red flag is ticked, the questionnaire stops: every later page, and
  the red-flag page when sent, lead to ``RED_FLAG``;
- a change sent from check answers (``changing``) goes back to check answers,
  unless it made another question apply (a surgery now needs its site).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Final, Literal

from advisor.answers import Answers
from advisor.conditions import Value
from advisor.questionnaire import Page, Question, Questionnaire

__all__ = [
    "CHECK_ANSWERS",
    "RED_FLAG",
    "RED_FLAGS",
    "START",
    "Answer",
    "Destination",
    "PathFinder",
    "Place",
    "Position",
    "prune",
    "skipped_answers",
    "typed",
]

#: One answer as it travels between pages: a number, a value, or a list for a tick-any question.
Answer = int | str | list[str]

#: The contract's red-flag question: any answer to it ends the questionnaire at once.
RED_FLAGS: Final = "red_flags"

#: A place outside the pages of questions.
Place = Literal["start", "check_answers", "red_flag"]
START: Final[Place] = "start"
CHECK_ANSWERS: Final[Place] = "check_answers"
#: Where a red flag leads: the mode decides (``Mode.red_flag``).
RED_FLAG: Final[Place] = "red_flag"

Destination = Page | Place


@dataclass(frozen=True, slots=True)
class Position:
    """Where a page stands on the path: "Question ``step`` of ``steps``" (``steps`` still possible)."""

    step: int
    steps: int


def typed(answers: Mapping[str, Answer]) -> dict[str, Value]:
    """Return answers as the engine and ``is_asked`` read them (tick-any lists as frozensets)."""
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in answers.items()}


@dataclass(frozen=True)
class PathFinder:
    """The path through ``questionnaire`` for ``answers``: valid, JSON-ready answers so far."""

    questionnaire: Questionnaire
    answers: Mapping[str, Answer]

    @cached_property
    def known(self) -> dict[str, Value]:
        """Return the answers as ``is_asked`` and the engine read them."""
        return typed(self.answers)

    @cached_property
    def _asked(self) -> dict[str, tuple[Question, ...]]:
        # Worked out once per path: a request asks about the same pages several times.
        known = self.known
        return {
            page.id: tuple(q for q in self.questionnaire.on_page(page.id) if _shown(q, known))
            for page in self.questionnaire.pages
        }

    @cached_property
    def pages(self) -> tuple[Page, ...]:
        """Return the routing path: the pages with at least one question that applies, in order."""
        return tuple(p for p in self.questionnaire.pages if self._asked[p.id])

    @cached_property
    def _may_ask(self) -> dict[str, bool]:
        """Return, for each question, whether the web pages may still ask it.

        A condition on a question not answered yet, that may itself still be asked, is
        undecided, and counts as met; one on a question that will not be asked reads
        its answer as none. Conditions only read earlier pages, so one pass in order does.
        """
        known = self.known
        may: dict[str, bool] = {}
        for question in self.questionnaire:
            may[question.id] = all(
                c.holds(known.get(c.question)) or (c.question not in known and may[c.question])
                for c in question.web_conditions
            )
        return may

    @cached_property
    def possible_pages(self) -> tuple[Page, ...]:
        """Return the pages answered or still to come: a page is left out once ruled out.

        A page is ruled out when every one of its questions depends on answers already
        given that rule it out. Answering more can only rule out more, so this only shrinks
        as a person goes on (what the step count is of).
        """
        return tuple(
            page
            for page in self.questionnaire.pages
            if any(self._may_ask[q.id] for q in self.questionnaire.on_page(page.id))
        )

    def asked(self, page_id: str) -> tuple[Question, ...]:
        """Return the questions of a page that apply, given the answers so far."""
        return self._asked.get(page_id, ())

    def applies(self, page: Page) -> bool:
        """Say whether a page is on the path."""
        return page in self.pages

    def position(self, page: Page) -> Position:
        """Return a page's step on the path, of every page that may still be asked.

        Counting only the pages known to apply would make "Step 7 of 9" become "Step 8
        of 10" once an answer brought in a page; counting the pages that may still come
        means the number of steps never grows as a person goes on.
        """
        possible = self.possible_pages
        return Position(possible.index(page) + 1, len(possible))

    def first_unanswered(self) -> Page | None:
        """Return the first page on the path that still has an unanswered question."""
        for page in self.pages:
            if any(q.id not in self.answers for q in self.asked(page.id)):
                return page
        return None

    def red_flagged(self) -> bool:
        """Say whether a red flag was ticked (the questionnaire stops there)."""
        return bool(self.answers.get(RED_FLAGS))

    def red_flags(self) -> list[str]:
        """Return the red flags ticked (none if not answered yet)."""
        return list(self.answers.get(RED_FLAGS) or [])  # type: ignore[arg-type]

    def detour(self, page: Page, changing: bool) -> Destination | None:
        """Return where to send someone who may not see ``page`` now, or None if they may."""
        if self.red_flagged() and self._after_red_flags(page):
            return RED_FLAG
        gap = self.first_unanswered()
        if gap is not None and self._before(gap, page):
            return gap
        if not self.asked(page.id):
            return self.after(page, changing)
        return None

    def after(self, page: Page, changing: bool) -> Destination:
        """Return where to go once ``page`` is answered: a red flag's stop, a page, or check answers."""
        if self.red_flagged() and any(
            q.id == RED_FLAGS for q in self.questionnaire.on_page(page.id)
        ):
            return RED_FLAG
        if changing:
            return self.first_unanswered() or CHECK_ANSWERS
        return self._neighbour(page, 1) or CHECK_ANSWERS

    def before(self, page: Page, changing: bool) -> Destination:
        """Return where Back goes: check answers when changing, else the page before (or the start)."""
        if changing and self.first_unanswered() is None:
            return CHECK_ANSWERS
        return self._neighbour(page, -1) or START

    def resume(self) -> Destination:
        """Return where someone with these answers carries on: the start, a gap, or check answers."""
        if not self.answers:
            return START
        return self.first_unanswered() or CHECK_ANSWERS

    def engine_answers(self) -> Answers:
        """Return the answers so far for the engine, with None for every question not yet asked.

        This is a legitimate early stop: no rule about an unanswered question fires,
        so the red-flag page can be assessed before the rest of the questionnaire.
        A question the web pages skipped has the answer it stands for (``when_skipped``).
        """
        values: dict[str, Value] = {q.id: None for q in self.questionnaire}
        values.update({k: v for k, v in typed(self.complete()).items() if k in values})
        return Answers(values)

    def complete(self) -> dict[str, Answer]:
        """Return the answers with those the web pages skipped filled in, as an API client sends them.

        A core question may be skipped on the web (``web_asked_when``: no pain, so no
        cause of pain); the contract still needs its answer, and the questionnaire says
        which answer the skip stands for (``when_skipped``), one that agrees with the
        answers that skipped it.
        """
        return {**self.answers, **skipped_answers(self.questionnaire, self.answers)}

    def _neighbour(self, page: Page, step: int) -> Page | None:
        """Return the page on the path just after (``step=1``) or before (``step=-1``) ``page``."""
        pages = self.questionnaire.pages
        index = self.questionnaire.position(page.id) + step
        while 0 <= index < len(pages):
            if self.applies(pages[index]):
                return pages[index]
            index += step
        return None

    def _before(self, earlier: Page, page: Page) -> bool:
        return self.questionnaire.position(earlier.id) < self.questionnaire.position(page.id)

    def _after_red_flags(self, page: Page) -> bool:
        flags_page = self.questionnaire[RED_FLAGS].page
        return self.questionnaire.position(page.id) > self.questionnaire.position(flags_page)


def prune(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """Return only the answers to questions the web pages ask (``surgery_site`` goes with no surgery)."""
    kept: dict[str, Answer] = {}
    known: dict[str, Value] = {}
    for question in questionnaire:
        if question.id in answers and _shown(question, known):
            kept[question.id] = answers[question.id]
            known.update(typed({question.id: answers[question.id]}))
    return kept


def skipped_answers(
    questionnaire: Questionnaire, answers: Mapping[str, Answer]
) -> dict[str, Answer]:
    """Return the answer each question the web pages skip stands for (``when_skipped``)."""
    known = typed(answers)
    return {
        q.id: _plain(q.when_skipped)
        for q in questionnaire
        if q.web_asked_when and q.skipped_on_web(known)
    }


def _shown(question: Question, known: Mapping[str, Value]) -> bool:
    """Say whether the web pages ask a question: it applies, and the web does not skip it."""
    return question.is_asked(known) and not question.skipped_on_web(known)


def _plain(value: Value) -> Answer:
    return sorted(value) if isinstance(value, frozenset) else value  # type: ignore[return-value]
