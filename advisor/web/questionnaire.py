"""Blueprint ``questionnaire``: the start page, one page per questionnaire page, check answers.

URLs::

    GET       /                       start page
    GET POST  /questions/<page_id>    a page of questions (``?change=1`` when sent from check answers)
    GET       /check-answers          every answer, each with a Change link
    POST      /start-again            forget everything, back to the start

A page's Back link (the GOV.UK pattern: a plain link above the heading, so it
works without scripts and is not mistaken for Continue) goes to the previous
page that applies, or to check answers when changing; like GOV.UK's, it does
not keep what was typed on the page it leaves. A form sent with
``action=back`` (a page served before the link replaced the Back button)
still keeps what was typed as a draft, valid or not, and goes back.

Answers that cannot both be true (the questionnaire's ``[[disagreement]]``
entries, such as no pain with a worst pain of 8) are shown again with a
message naming both, to be corrected. A page sent after it timed out (its CSRF
token refused) is shown again as sent, with a fresh token and the reason
(``show_again``; see ``advisor.web.timed_out``).

These views are thin: the path finder (``advisor.runner.path``) says which page
may be shown and which comes next, the router turns that into a URL for the
journey's mode, and the store (``advisor.runner.store``) keeps the answers.
Every journey runs through these pages; where a mode differs (where a red
flag leads, what check answers shows) is the mode's to say
(``advisor.runner.router``). This module defines the patient's own, ``PATIENT``.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Blueprint, Flask, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from advisor.extensions import current_ruleset
from advisor.language import current_language
from advisor.questionnaire import Page, Question, Questionnaire
from advisor.runner import router
from advisor.runner.path import RED_FLAG, Answer, PathFinder, prune, typed
from advisor.runner.router import Mode, Router
from advisor.runner.store import JourneyStore, current_journey
from advisor.web import messages, timed_out
from advisor.web.forms import NONE_OPTION, answers_from, draft_from, page_form
from advisor.web.summary import summary

__all__ = [
    "PATIENT",
    "bp",
    "current_questionnaire",
    "init_app",
    "journey_router",
    "show_again",
]

bp = Blueprint("questionnaire", __name__)


def _check_answers(sections: Sequence[object], urgent: bool) -> ResponseReturnValue:
    return render_template("questionnaire/check_answers.html", summary=sections)


#: A patient screening themself: a red flag leads to the urgent-care page, and check answers
#: to the result.
PATIENT = Mode(router.PATIENT, red_flag=router.URGENT, check_answers=_check_answers)


def init_app(app: Flask) -> None:
    """Register the patient's mode: every journey is in it but a staff run."""
    router.register(app, PATIENT)


def current_questionnaire() -> Questionnaire:
    """Return the questionnaire of the rule set in use, in the language of the page.

    Only its words change with the language (``RuleSet.questionnaire_in``): ids,
    values and branching are the English questionnaire's, so answers never do.
    Staff pages read the English one (``current_ruleset().questionnaire``).
    """
    return current_ruleset().questionnaire_in(current_language())


def journey_router(journey: JourneyStore) -> Router:
    """Return the router for the mode this journey is in."""
    return Router(router.mode_named(journey.mode))


@bp.get("/")
def start() -> str:
    """Show what the screening is, and the Start button."""
    questionnaire = current_questionnaire()
    return render_template(
        "questionnaire/start.html",
        first=questionnaire.pages[0],
        kept_for=timed_out.kept_for(),
    )


@bp.route("/questions/<page_id>", methods=["GET", "POST"])
def page(page_id: str) -> str | Response:
    """Show a page of questions; on POST, keep valid answers and go on (or back)."""
    questionnaire = current_questionnaire()
    shown = questionnaire.page(page_id)
    if shown is None:
        abort(404)
    journey = current_journey()
    routes = journey_router(journey)
    path = journey.path(questionnaire)
    changing = request.args.get("change") == "1"
    detour = path.detour(shown, changing)
    if detour is not None:
        return redirect(routes.url(detour, changing))
    questions = path.asked(shown.id)

    if request.method == "POST":
        if request.form.get("action") == "back":
            journey.keep_draft(shown.id, draft_from(request.form, questions))
            return redirect(routes.url(path.before(shown, changing), changing))
        form = page_form(questions)
        if form.validate_on_submit():
            found = answers_from(form, questions)
            after_page = PathFinder(questionnaire, prune(questionnaire, {**path.answers, **found}))
            if not _disagree(questionnaire, questions, form, after_page.complete()):
                answers = journey.save(questionnaire, shown.id, found)
                after = PathFinder(questionnaire, answers).after(shown, changing)
                return redirect(routes.url(after, changing))
    else:
        drafted = journey.draft(shown.id)
        form = page_form(
            questions,
            formdata=MultiDict(drafted) if drafted is not None else None,
            answers=path.answers,
        )

    return _page(shown, questions, form, path, routes, changing)


def _page(
    shown: Page,
    questions: Sequence[Question],
    form: FlaskForm,
    path: PathFinder,
    routes: Router,
    changing: bool,
    problem: str | None = None,
) -> str:
    """Render a page of questions; ``problem`` is a sentence about the whole page."""
    position = path.position(shown)
    return render_template(
        "questionnaire/page.html",
        page=shown,
        questions=questions,
        form=form,
        step=position.step,
        steps=position.steps,
        action=routes.page_url(shown, changing),
        back=routes.url(path.before(shown, changing), changing),
        none_option=NONE_OPTION,
        problem=problem,
    )


def show_again(reason: timed_out.Reason) -> tuple[str, int] | None:
    """Show a page whose form came back with a refused token again, as it was sent.

    What was sent is kept as the page's draft too, so it is there when the person
    reaches the page again (after answering earlier pages anew, if the session ended).
    Returns None if the page cannot be shown (unknown, or not on the path any more).
    A page that only earlier answers lead to cannot be shown once they are gone: the
    person is told so.
    """
    questionnaire = current_questionnaire()
    shown = questionnaire.page(str((request.view_args or {}).get("page_id", "")))
    journey = current_journey()
    path = journey.path(questionnaire)
    if shown is not None and reason == "session_ended" and not path.applies(shown):
        problem = messages.SHOWN_AGAIN["lost"] % {"kept_for": timed_out.kept_for()}
        return render_template("errors/error.html", code=400, problem=problem), 400
    if shown is None or not path.applies(shown):
        return None
    questions = path.asked(shown.id)
    journey.keep_draft(shown.id, draft_from(request.form, questions))
    if reason == "session_ended" and shown == questionnaire.pages[0]:
        reason = "timed_out"  # nothing came before the first page
    problem = messages.SHOWN_AGAIN[reason] % {"kept_for": timed_out.kept_for()}
    form = page_form(questions, formdata=request.form)
    changing = request.args.get("change") == "1"
    routes = journey_router(journey)
    return _page(shown, questions, form, path, routes, changing, problem), 400


@bp.get("/check-answers")
def check_answers() -> ResponseReturnValue:
    """Show every answer with a Change link, and the way on (as the journey's mode shows it)."""
    questionnaire = current_questionnaire()
    journey = current_journey()
    routes = journey_router(journey)
    path = journey.path(questionnaire)
    if not path.answers:
        return redirect(url_for("questionnaire.start"))
    urgent = path.red_flagged()
    if urgent and not routes.mode.stops_at_check_answers:
        return redirect(routes.url(RED_FLAG))
    gap = path.first_unanswered()
    if gap is not None and not urgent:
        return redirect(routes.url(gap))
    return routes.mode.check_answers(summary(questionnaire, path.answers), urgent)


@bp.post("/start-again")
def start_again() -> Response:
    """Forget every answer and draft, and go back to the start page."""
    current_journey().forget_everything()
    return redirect(url_for("questionnaire.start"))


def _disagree(
    questionnaire: Questionnaire,
    questions: tuple[Question, ...],
    form: FlaskForm,
    answers: dict[str, Answer],
) -> bool:
    """Mark answers on this page that disagree with each other or with earlier answers.

    Each disagreement's message goes on the first of its questions shown here, so
    the person is told which answers disagree and can correct one; nothing is kept.
    """
    here = [q.id for q in questions]
    found = False
    for disagreement in questionnaire.disagreements_in(typed(answers)):
        shown = [q for q in disagreement.questions if q in here]
        if shown:
            form[shown[0]].errors = [*form[shown[0]].errors, disagreement.message]
            found = True
    return found
