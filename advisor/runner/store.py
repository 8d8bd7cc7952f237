"""The store: every piece of a person's journey state, behind one object.

The answers travel between pages in Flask's signed session cookie, and
nothing about a patient screening themself is stored on the server until they
send the contact form. To keep the cookie small, it holds only what was
answered, never an assessment::

    session["answers"]     = {"age": 45, "red_flags": [], "surgery": "none", ...}
    session["drafts"]      = {"pain": {"pain_intensity": ["abc"], "pain_cause": []}}
    session["contact"]     = {"token": "Xb3…", "reference": None}          # contact form shown
    session["staff_run"]   = {"token": "Xb3…", "details": "q8Vd…",         # a staff run
                              "language": "es", "interpreter": "yes"}
    session["staff_saved"] = {"token": "Xb3…", "screening_id": 42}         # once saved

``answers`` are valid, JSON-ready answers (a list for a tick-any question, ``[]``
for "None of these"), only for questions the web pages ask: a question they skip
(``web_asked_when``) is not kept, and ``PathFinder.complete`` adds the answer it
stands for. ``drafts`` hold the raw input of a page sent with ``action=back`` (as
pages did before the Back link), so nothing typed there is lost, even if not valid yet.

Tokens are one-time keys (``_new_token``, compared by ``_same_token``): the
contact form's and the staff run's are the idempotency keys of the screening
they store, so a double click stores one.

A staff run's patient details never go into the cookie, which is signed but
not encrypted: they are kept in the database (``advisor.storage.run_details``)
under the random id ``details``, for as long as a session lasts. The patient's
language and interpreter answer do go into the cookie: they name nobody, and are
kept with the screening with or without consent. The store hides which state
lives where.

The store also says which mode the journey is in (``mode``): a staff run from
``start_run`` until ``end_run``, otherwise the patient's own screening.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from flask import current_app, session
from flask.sessions import SessionMixin

from advisor.language import DEFAULT_LANGUAGE, language_from
from advisor.questionnaire import Questionnaire
from advisor.runner.path import Answer, PathFinder, prune
from advisor.runner.router import PATIENT, STAFF_RUN
from advisor.storage import run_details
from advisor.storage.screenings import INTERPRETER_ANSWERS, Communication, Patient

__all__ = ["JourneyStore", "StaffRun", "current_journey"]

_ANSWERS: Final = "answers"
_DRAFTS: Final = "drafts"
_CONTACT: Final = "contact"
_STAFF_RUN: Final = "staff_run"
_STAFF_SAVED: Final = "staff_saved"


@dataclass(frozen=True, slots=True)
class StaffRun:
    """A staff run in progress: its one-time token, the id its patient's details are kept
    under, and the patient's language and interpreter answer.

    ``details`` is "" for a run begun before the details left the cookie: like
    expired details, they are asked for again. A run begun before the language was
    asked is in English, the interpreter question not answered.
    """

    token: str
    details: str
    communication: Communication = field(default_factory=Communication)


class JourneyStore:
    """One person's journey state, read from and written to ``cookie`` (Flask's session)."""

    def __init__(self, cookie: MutableMapping[str, Any]) -> None:
        self._cookie = cookie

    # --- answers and drafts ---------------------------------------------------------------

    def answers(self) -> dict[str, Answer]:
        """Return the answers kept so far."""
        return dict(self._cookie.get(_ANSWERS, {}))

    def path(self, questionnaire: Questionnaire) -> PathFinder:
        """Return the path finder over the answers kept so far."""
        return PathFinder(questionnaire, self.answers())

    def save(
        self, questionnaire: Questionnaire, page_id: str, found: Mapping[str, Answer]
    ) -> dict[str, Answer]:
        """Keep a page's answers; drop its draft and every answer and draft that no longer apply."""
        answers = prune(questionnaire, {**self.answers(), **found})
        self._cookie[_ANSWERS] = answers
        applying = {p.id for p in PathFinder(questionnaire, answers).pages}
        drafts = {
            k: v for k, v in self._cookie.get(_DRAFTS, {}).items() if k != page_id and k in applying
        }
        if drafts:
            self._cookie[_DRAFTS] = drafts
        else:
            self._cookie.pop(_DRAFTS, None)
        self._expires()
        return answers

    def draft(self, page_id: str) -> dict[str, list[str]] | None:
        """Return what was typed on a page before leaving it with Back, if anything."""
        return self._cookie.get(_DRAFTS, {}).get(page_id)

    def keep_draft(self, page_id: str, raw: dict[str, list[str]]) -> None:
        """Keep what was typed on a page, valid or not, until the page is sent again."""
        self._cookie[_DRAFTS] = {**self._cookie.get(_DRAFTS, {}), page_id: raw}
        self._expires()

    def forget_answers(self, question_ids: Sequence[str]) -> None:
        """Drop some answers (ones the current questionnaire no longer accepts)."""
        self._cookie[_ANSWERS] = {k: v for k, v in self.answers().items() if k not in question_ids}

    def forget_everything(self) -> None:
        """Forget the whole journey: every answer, draft and token."""
        self._cookie.clear()

    # --- the mode -------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        """Return the name of the mode this journey is in (``advisor.runner.router``)."""
        return STAFF_RUN if self.run() is not None else PATIENT

    # --- the contact request's token ------------------------------------------------------

    def contact_token(self) -> str:
        """Return the contact form's one-time token, making one the first time it is shown."""
        state = self._cookie.get(_CONTACT) or {}
        if not state.get("token"):
            state = {"token": _new_token(), "reference": None}
            self._cookie[_CONTACT] = state
        return str(state["token"])

    def is_contact_token(self, sent: str | None) -> bool:
        """Say whether a posted token is the one this journey's contact form was given."""
        return _same_token((self._cookie.get(_CONTACT) or {}).get("token"), sent)

    def sent_reference(self) -> str | None:
        """Return the reference of the contact request this journey sent, if it sent one."""
        return (self._cookie.get(_CONTACT) or {}).get("reference")

    def contact_sent(self, token: str, reference: str) -> None:
        """Remember that the request with this token was stored under ``reference``."""
        self._cookie[_CONTACT] = {"token": token, "reference": reference}

    # --- a staff run ----------------------------------------------------------------------

    def run(self) -> StaffRun | None:
        """Return the staff run in progress, if this journey is one."""
        run = self._cookie.get(_STAFF_RUN)
        if not isinstance(run, dict):
            return None
        interpreter = run.get("interpreter")
        communication = Communication(
            language_from(run.get("language")) or DEFAULT_LANGUAGE,
            interpreter if interpreter in INTERPRETER_ANSWERS else None,
        )
        return StaffRun(str(run.get("token") or ""), str(run.get("details") or ""), communication)

    def is_run_token(self, sent: str | None) -> bool:
        """Say whether a posted token is the staff run's."""
        run = self.run()
        return run is not None and _same_token(run.token, sent)

    def start_run(self, patient: Patient, communication: Communication | None = None) -> None:
        """Start a staff run: no earlier answers, a new one-time token, the patient's details kept,
        with their language and interpreter answer (English, not answered, if not given).

        The details are kept first: if the database cannot be reached, the run before stays.

        :raises DatabaseUnavailable: nothing changed.
        """
        before = self.run()
        kept = run_details.keep(patient, _lifetime(), replacing=before.details if before else "")
        self._clear_run()
        self._cookie.pop(_STAFF_SAVED, None)
        self._keep_run(StaffRun(_new_token(), kept, communication or Communication()))

    def change_run_details(
        self, patient: Patient, communication: Communication | None = None
    ) -> None:
        """Keep new details, language and interpreter answer for the run in place of its old ones
        (or of expired ones)."""
        run = self.run()
        if run is None:
            return
        kept = run_details.keep(patient, _lifetime(), replacing=run.details)
        self._keep_run(StaffRun(run.token, kept, communication or Communication()))

    def _keep_run(self, run: StaffRun) -> None:
        self._cookie[_STAFF_RUN] = {
            "token": run.token,
            "details": run.details,
            "language": run.communication.language,
            "interpreter": run.communication.interpreter,
        }

    def run_patient(self) -> Patient | None:
        """Return the run's patient details, or None if there are none (gone, or expired).

        :raises DatabaseUnavailable: if the database cannot be reached.
        """
        run = self.run()
        return run_details.find(run.details) if run is not None else None

    def end_run(self) -> None:
        """Delete the run's details, then forget the run, its answers and drafts."""
        self.forget_run_details()
        self._clear_run()

    def forget_run_details(self) -> None:
        """Delete the details of this journey's run, if it has one (at sign-out, too)."""
        run = self.run()
        if run is not None and run.details:
            run_details.forget(run.details)

    def run_saved(self, token: str, screening_id: int) -> None:
        """Remember that the run with this token was saved as this screening."""
        self._cookie[_STAFF_SAVED] = {"token": token, "screening_id": screening_id}

    def saved_screening(self, sent_token: str | None) -> int | None:
        """Return the screening a run with this token was saved as, if this journey saved it."""
        saved = self._cookie.get(_STAFF_SAVED) or {}
        return saved["screening_id"] if _same_token(saved.get("token"), sent_token) else None

    def _clear_run(self) -> None:
        for key in (_STAFF_RUN, _ANSWERS, _DRAFTS):
            self._cookie.pop(key, None)

    def _expires(self) -> None:
        # The cookie expires (PERMANENT_SESSION_LIFETIME) rather than lingering on a shared computer.
        if isinstance(self._cookie, SessionMixin):
            self._cookie.permanent = True


def current_journey() -> JourneyStore:
    """Return the store of this request's journey (Flask's session)."""
    return JourneyStore(session)


def _lifetime() -> datetime.timedelta:
    # A run's details last as long as the session itself, from the moment they were typed.
    return current_app.permanent_session_lifetime


def _new_token() -> str:
    return secrets.token_urlsafe(24)


def _same_token(expected: object, sent: str | None) -> bool:
    """Say whether a posted one-time token is the ``expected`` one, in constant time.

    ``secrets.compare_digest`` refuses text with a non-ASCII character (a TypeError,
    so a 500), and anyone can post one: both are compared as UTF-8 bytes.
    """
    if not expected or not isinstance(sent, str) or not sent:
        return False
    return secrets.compare_digest(str(expected).encode(), sent.encode())
