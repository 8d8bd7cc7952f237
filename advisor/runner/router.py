"""The router: the path finder's destinations as URLs, for one *mode* of running the questionnaire.

Two modes run the same pages, at the same URLs, with the same forms, branching,
Back and Change (``advisor.web.questionnaire``). All that differs between them
is a ``Mode``:

==================  ==================================  ====================================
                    a patient's self-screening          a staff run for a patient
                    (``advisor.web.questionnaire``)     (``advisor.staff.run``)
==================  ==================================  ====================================
a red flag leads    to the urgent-care page             to check answers
check answers       ends with "See your result"         shows the patient's details and
                                                        ends with "Save screening"
what is assessed    complete answers (the urgent-care   the answers given so far after a
                    page assesses those so far)         red flag, else complete answers
==================  ==================================  ====================================

The mode is passed in: the router never reads the session. Which mode a
person's journey is in is part of the journey's state, kept by the store
(``JourneyStore.mode``); each package registers its own mode with the app
(``register``), so the patient pages never name the staff run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from flask import Flask, current_app, url_for
from flask.typing import ResponseReturnValue

from advisor.questionnaire import Page
from advisor.runner.path import CHECK_ANSWERS, RED_FLAG, START, Destination

__all__ = [
    "PATIENT",
    "STAFF_RUN",
    "URGENT",
    "CheckAnswers",
    "Mode",
    "Router",
    "mode_named",
    "register",
]

#: The names of the two modes (the store keeps which one a journey is in).
PATIENT: Final = "patient"
STAFF_RUN: Final = "staff_run"

#: The urgent-care page: where a red flag leads a patient screening themself.
URGENT: Final = "urgent"

#: The endpoint of each place outside the pages of questions.
_ENDPOINTS: Final = {
    START: "questionnaire.start",
    CHECK_ANSWERS: "questionnaire.check_answers",
    URGENT: "results.urgent",
}

_MODES: Final = "advisor.runner.modes"

#: Shows check answers: given the summary of answers, and whether a red flag cut them short.
CheckAnswers = Callable[[Sequence[Any], bool], ResponseReturnValue]


@dataclass(frozen=True, slots=True)
class Mode:
    """One way of running the questionnaire: where a red flag leads, and who shows check answers."""

    name: str
    #: Where a red flag leads: the urgent-care page, or check answers (which then shows the
    #: answers given so far, and the assessment is of those).
    red_flag: Literal["urgent", "check_answers"]
    #: Renders check answers; the patient's is ``questionnaire/check_answers.html``.
    check_answers: CheckAnswers

    @property
    def stops_at_check_answers(self) -> bool:
        """Say whether a red flag leads to check answers (staff save what was answered so far)."""
        return self.red_flag == CHECK_ANSWERS


@dataclass(frozen=True, slots=True)
class Router:
    """Turns destinations into URLs for ``mode``."""

    mode: Mode

    def url(self, destination: Destination, changing: bool = False) -> str:
        """Return the URL of a destination; a page keeps ``?change=1`` while changing."""
        if isinstance(destination, Page):
            return self.page_url(destination, changing)
        place = self.mode.red_flag if destination == RED_FLAG else destination
        return url_for(_ENDPOINTS[place])

    @staticmethod
    def page_url(page: Page, changing: bool = False) -> str:
        """Return the URL of a page of questions."""
        return url_for("questionnaire.page", page_id=page.id, change=1 if changing else None)


def register(app: Flask, mode: Mode) -> None:
    """Make ``mode`` one the app's journeys can be in (each package registers its own)."""
    app.extensions.setdefault(_MODES, {})[mode.name] = mode


def mode_named(name: str) -> Mode:
    """Return the registered mode of this name (the store says which a journey is in)."""
    return current_app.extensions[_MODES][name]
