"""Blueprint ``results``: the result page, the contact request, and the urgent-care page.

URLs::

    GET  /result             the recommendation, recomputed from the session's answers on every
                             visit: what it means, what to do next, what a session is like and
                             what it costs; ``?contact=1`` shows the form "Ask us to contact you"
                             under "What to do next" (a person who sent it sees their reference)
    POST /result             send that form: store the screening (once per token), then go to
                             the confirmation; errors, or a database that cannot be reached
                             (503), show the result page and the form again, as typed;
                             so does a form sent after the page timed out (400)
    GET  /request-received   "We have your request", with the reference to quote, when the
                             practice calls back and its number
    GET  /therapies/<bfr|nmt>  what a session of that therapy is like, for the one the result
                             does not describe
    GET  /urgent             seek care now, graded by the most urgent red flag; needs only the
                             answers so far

What the result page says (the panel under the headline, the reasons grouped by
therapy, each blocked therapy once, which session it describes) is worked out by
``outcome_for`` in plain Python, so the page cannot contradict itself and tests can
check it without HTML; what a session is like and costs is ``advisor.web.what_to_expect``.

Nothing is stored unless the person sends the contact form: the response is
computed again from the answers each time (it is cheap), and only the answers,
and the form's one-time token, live in the session (``advisor.runner.store``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, cast

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date, gettext, lazy_gettext, ngettext
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from advisor.assessment import assess, assess_answers
from advisor.contract import THERAPIES, Therapy
from advisor.engine.safety import CHILD_AGE
from advisor.exceptions import AnswersInvalid, DatabaseUnavailable
from advisor.extensions import current_ruleset
from advisor.language import current_language, in_a_list
from advisor.localisation import localised
from advisor.practice import current_practice
from advisor.response import Assessment, ExplanationItem
from advisor.runner.path import RED_FLAGS, PathFinder
from advisor.runner.store import JourneyStore, current_journey
from advisor.web import contact, timed_out
from advisor.web.questionnaire import current_questionnaire, journey_router
from advisor.web.summary import summary
from advisor.web.what_to_expect import SESSION_HEADINGS, cost_notes, session_notes

__all__ = [
    "ANY_TREATMENT",
    "THERAPY_NAMES",
    "Outcome",
    "ReasonGroup",
    "Situation",
    "assessed",
    "assessed_so_far",
    "bp",
    "outcome_for",
    "show_contact_again",
]

bp = Blueprint("results", __name__)

#: Each therapy's name in full, as a heading (lazy: read in the page's language).
THERAPY_NAMES: dict[str, str] = {
    "bfr": lazy_gettext("Blood flow restriction training (BFR)"),
    "nmt": lazy_gettext("Neuromuscular therapy (NMT)"),
}

#: Each therapy's name inside a sentence, as its subject ("Based on your answers, ... may
#: suit you"): a language may need more than a small first letter (Spanish adds "el"/"la").
_IN_SENTENCE: dict[str, str] = {
    "bfr": lazy_gettext("blood flow restriction training (BFR)"),
    "nmt": lazy_gettext("neuromuscular therapy (NMT)"),
}

#: The heading of the reasons about every treatment (``target`` "all").
ANY_TREATMENT = lazy_gettext("About any treatment")

Situation = Literal[
    "urgent_care", "therapy", "child", "consult_suggested", "consult_check", "consult_open"
]


@dataclass(frozen=True, slots=True)
class ReasonGroup:
    """The reasons about one therapy, or about any treatment, under one heading."""

    target: str
    heading: str
    items: tuple[ExplanationItem, ...]
    #: What to say when no item is about it (a blocked therapy the engine itself vetoed).
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the result page says, worked out in one place so that no part contradicts another.

    A therapy in ``blocked`` is never among ``others`` nor in ``reasons``: it appears once,
    under "A clinician must check first".
    """

    situation: Situation
    panel: str
    #: Therapies that may also suit the person, besides the primary one; none when a
    #: clinician comes first (the panel names what may suit them then).
    others: tuple[Therapy, ...]
    #: "Why we say this": the suggested therapies, then those a clinician should talk about
    #: first, then what is about any treatment. Only items that applied.
    reasons: tuple[ReasonGroup, ...]
    #: "A clinician must check first": each blocked therapy with every item about it.
    blocked: tuple[ReasonGroup, ...]
    #: The therapy whose session the page describes: the primary one; None when a clinician
    #: comes first (the page then says what talking with a clinician is like).
    described: Therapy | None = None
    #: The therapies the page only links to ("What an NMT session is like"): all the others.
    linked: tuple[Therapy, ...] = ()


def outcome_for(response: Assessment, age: int | None) -> Outcome:
    """Return what the result page says about ``response`` for a person of ``age``.

    Only items that applied are shown (invariant 8): a suggestion that was set aside
    is never given as a reason.
    """
    recommendation = response.recommendation
    blocked = [b.therapy for b in recommendation.blocked]
    # Invariant 8 already keeps blocked therapies out of suggestions; the page does not rely on it.
    suggested = tuple(t for t in recommendation.suggestions if t not in blocked)
    applied = [item for item in response.explanation if item.applied]
    consult_first = [
        t
        for t in THERAPIES
        if t not in blocked
        and t not in suggested
        and any(i.effect == "consult" and i.target == t for i in applied)
    ]
    not_blocks = [item for item in applied if item.effect != "block"]
    reasons = [_group(t, str(THERAPY_NAMES[t]), not_blocks) for t in (*suggested, *consult_first)]
    reasons.append(_group("all", str(ANY_TREATMENT), not_blocks))
    situation = _situation(recommendation.primary, suggested, blocked or consult_first, age)
    therapies = suggested if situation == "consult_suggested" else (recommendation.primary,)
    described: Therapy | None = None
    # Invariant 8 keeps a blocked therapy from being primary; the page does not rely on it.
    if situation == "therapy" and recommendation.primary not in blocked:
        described = cast(Therapy, recommendation.primary)
    return Outcome(
        situation,
        _panel(situation, therapies),
        tuple(t for t in suggested if t != recommendation.primary and situation == "therapy"),
        tuple(group for group in reasons if group.items),
        tuple(
            _group(b.therapy, str(THERAPY_NAMES[b.therapy]), applied, reason=b.reason)
            for b in recommendation.blocked
        ),
        described,
        () if situation == "urgent_care" else tuple(t for t in THERAPIES if t != described),
    )


def _situation(
    primary: str, suggested: Sequence[str], checks: Sequence[str], age: int | None
) -> Situation:
    if primary == "urgent_care":
        return "urgent_care"
    if primary in THERAPIES:
        return "therapy"
    if age is not None and age < CHILD_AGE:  # invariant 7
        return "child"
    if suggested:
        return "consult_suggested"
    return "consult_check" if checks else "consult_open"


def _group(
    target: str, heading: str, items: Sequence[ExplanationItem], reason: str = ""
) -> ReasonGroup:
    return ReasonGroup(target, heading, tuple(i for i in items if i.target == target), reason)


def _panel(situation: Situation, therapies: Sequence[str]) -> str:
    """Return the panel under the headline; ``therapies`` are the ones that may suit the person.

    None of the panels may hint at danger where the answers show none.
    """
    named = in_a_list([str(_IN_SENTENCE.get(t, t)) for t in therapies])
    if situation == "therapy":
        return gettext(
            "Based on your answers, %(therapies)s may suit you. "
            "A clinician will check with you before you start.",
            therapies=named,
        )
    if situation == "child":
        return gettext(
            "A child under 12 should first see a clinician who treats children. "
            "They will check what would help before any treatment starts."
        )
    if situation == "consult_suggested":
        # One form in English; in Spanish the verb agrees with one therapy or two.
        return ngettext(
            "Based on your answers, %(therapies)s may suit you. "
            "But a clinician should talk with you first. The reasons below say why.",
            "Based on your answers, %(therapies)s may suit you. "
            "But a clinician should talk with you first. The reasons below say why.",
            len(therapies),
            therapies=named,
        )
    if situation == "consult_check":
        return gettext(
            "Based on your answers, a clinician should check a few things with you "
            "before you start a treatment. The reasons below say why."
        )
    if situation == "consult_open":
        # Said to a healthy person too, so it names no danger; any rule's concern is given as
        # a reason below the panel, under "About any treatment".
        return gettext(
            "Your answers do not point to BFR or NMT right now. "
            "A clinician can talk with you about what would suit you best."
        )
    return ""  # urgent care: the page says where to get care instead


@bp.get("/result")
def show() -> str | Response:
    """Show the recommendation for complete answers, or send the person to what is missing."""
    journey = current_journey()
    assessment = assessed(journey)
    form = contact.ContactForm(formdata=None, data={"token": journey.contact_token()})
    return _result_page(journey, assessment, form)


@bp.post("/result")
def send_contact_request() -> tuple[str, int] | str | Response:
    """Store the screening with the person's details, once, and confirm; or show what to fix."""
    journey = current_journey()
    assessment = assessed(journey)
    if assessment.recommendation.primary == "urgent_care":
        # Someone who needs care now is told where to get it, not to wait for a call.
        return redirect(url_for("results.urgent"))
    form = contact.ContactForm()
    if not journey.is_contact_token(form.token.data):
        form.token.data = journey.contact_token()
        problem = str(contact.MESSAGES["token_stale"])
        return _result_page(journey, assessment, form, problem=problem), 400
    if not form.validate_on_submit():
        return _result_page(journey, assessment, form)
    try:
        contact.send(journey, form, assessment, request.remote_addr)
    except DatabaseUnavailable:
        problem = str(contact.MESSAGES["unavailable"])
        return _result_page(journey, assessment, form, problem=problem), 503
    return redirect(url_for("results.request_received"))


def show_contact_again(reason: timed_out.Reason) -> ResponseReturnValue | None:
    """Show the result page again with the contact form as sent, when its token was refused.

    Nothing is sent to the clinic. The details typed come back from the request (they
    never go into the session cookie). If the session ended, the answers and with them
    the result are gone: the page says so plainly, and that nothing was sent.
    """
    journey = current_journey()
    path = journey.path(current_questionnaire())
    if reason == "session_ended" or not path.answers or path.first_unanswered() is not None:
        problem = contact.MESSAGES["session_ended"] % {"kept_for": timed_out.kept_for()}
        return render_template("errors/error.html", code=400, problem=problem), 400
    try:
        assessment = assessed(journey)
    except HTTPException as gone:  # answers the rules no longer accept: asked again
        return gone.get_response()
    if assessment.recommendation.primary == "urgent_care":
        return redirect(url_for("results.urgent"))
    form = contact.ContactForm()
    if not journey.is_contact_token(form.token.data):
        form.token.data = journey.contact_token()
    problem = contact.MESSAGES["timed_out"] % {"kept_for": timed_out.kept_for()}
    return _result_page(journey, assessment, form, problem=problem), 400


@bp.get("/request-received")
def request_received() -> str | Response:
    """Confirm a stored contact request with its reference (nothing else about the person)."""
    reference = current_journey().sent_reference()
    if reference is None:
        return redirect(url_for("results.show"))
    return render_template("results/request_received.html", reference=reference)


@bp.get("/therapies/<therapy>")
def therapy(therapy: str) -> str:
    """Say what a session of one therapy is like, and what it costs with the person's answers."""
    if therapy not in THERAPIES:
        abort(404)
    shown = cast(Therapy, therapy)
    answers = current_journey().answers()
    practice = current_practice()
    return render_template(
        "results/therapy.html",
        therapy=shown,
        notes=session_notes(shown, practice),
        costs=cost_notes(str(answers.get("insurance", "")), practice, shown),
        has_answers=bool(answers),
    )


@bp.get("/urgent")
def urgent() -> str | Response:
    """Tell someone with a red flag to seek care now, with the reasons, before anything else."""
    questionnaire = current_questionnaire()
    journey = current_journey()
    path = journey.path(questionnaire)
    if not path.red_flagged():
        return redirect(journey_router(journey).url(path.resume()))
    assessment = in_page_language(assessed_so_far(path))
    return render_template(
        "results/urgent.html",
        response=assessment,
        recommendation=assessment.recommendation,
        flags_page=questionnaire[RED_FLAGS].page,
        today=_long_date(datetime.date.today()),
    )


def assessed(journey: JourneyStore) -> Assessment:
    """Return the assessment of the journey's complete answers.

    Anything missing aborts with a redirect to it (after a red flag, that leads where the
    mode says); answers kept before the questionnaire changed are forgotten, so those
    questions are asked again.
    """
    questionnaire = current_questionnaire()
    routes = journey_router(journey)
    path = journey.path(questionnaire)
    if not path.answers or path.first_unanswered() is not None:
        abort(redirect(routes.url(path.resume())))
    try:
        return assess(path.complete(), current_ruleset())
    except AnswersInvalid as exc:
        journey.forget_answers([error.field for error in exc.errors])
        abort(redirect(routes.url(journey.path(questionnaire).resume())))


def assessed_so_far(path: PathFinder) -> Assessment:
    """Assess the answers given so far; the questions not yet asked count as unanswered.

    After a red flag the questionnaire stops, so this is what the urgent-care page shows
    and what a staff run saves.
    """
    return assess_answers(path.engine_answers(), current_ruleset())


def in_page_language(assessment: Assessment) -> Assessment:
    """Return the assessment's titles and reasons in the page's language, to show them.

    Only what is shown is translated: a stored screening keeps the English the engine made,
    which staff read.
    """
    return localised(assessment, current_ruleset(), current_language(), gettext)


def _result_page(
    journey: JourneyStore,
    assessment: Assessment,
    form: contact.ContactForm,
    problem: str | None = None,
) -> str:
    questionnaire = current_questionnaire()
    answers = journey.answers()
    age = answers.get("age")
    assessment = in_page_language(assessment)
    outcome = outcome_for(assessment, age if isinstance(age, int) else None)
    practice = current_practice()
    return render_template(
        "results/result.html",
        response=assessment,
        recommendation=assessment.recommendation,
        outcome=outcome,
        therapy_names=THERAPY_NAMES,
        session_headings=SESSION_HEADINGS,
        notes=session_notes(outcome.described, practice, child=outcome.situation == "child"),
        costs=cost_notes(str(answers.get("insurance", "")), practice, outcome.described),
        summary=summary(questionnaire, answers),
        flags_page=questionnaire[RED_FLAGS].page,
        today=_long_date(datetime.date.today()),
        form=form,
        # Sent back with a problem, or asked for from "What to do next": the form is shown
        # there, high on the page; otherwise a button leads to it, so the page stays short.
        show_form=request.method == "POST" or request.args.get("contact") == "1",
        problem=problem,
        sent_reference=journey.sent_reference(),
    )


def _long_date(day: datetime.date) -> str:
    """Return a day as the page's language writes it: "November 26, 2026", "26 de noviembre de 2026"."""
    return format_date(day, format="long")
