"""Blueprint ``questionnaire``: the start page, one page per questionnaire page, check answers.

URLs::

    GET       /                       start page
    GET POST  /questions/<page_id>    a page of questions (``?change=1`` when sent from check answers)
    GET       /check-answers          every answer, each with a Change link
    POST      /start-again            forget everything, back to the start

A page's Back button sends the form (``action=back``): what was typed is kept
as a draft, valid or not, and the person goes to the previous page that
applies. Pages cannot be skipped: a page after an unanswered one sends the
person back to it, and once a red flag is ticked every later page sends them
to the urgent-care page. Answers that cannot both be true (the questionnaire's
``[[disagreement]]`` entries, such as no pain with a worst pain of 8) are shown
again with a message naming both, to be corrected.

When a member of staff runs the questionnaire for a patient (``journey.staff_run``),
a red flag leads to check answers instead, and check answers is the staff's
version, ending with "Save screening" (``advisor.staff.run``). It shows the
patient's details, read from the database by the run's id: details that have
expired are asked for again, and a database that cannot be reached gives the
staff pages' 503 page (the answers stay in the session).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from advisor.exceptions import DatabaseUnavailable
from advisor.extensions import current_ruleset
from advisor.questionnaire import Page, Question, Questionnaire
from advisor.storage import run_details
from advisor.web import journey
from advisor.web.forms import NONE_OPTION, Answer, answers_from, draft_from, page_form
from advisor.web.journey import SummarySection

log = logging.getLogger(__name__)

bp = Blueprint("questionnaire", __name__)


def current_questionnaire() -> Questionnaire:
    """Return the questionnaire of the rule set in use."""
    return current_ruleset().questionnaire


@bp.get("/")
def start() -> str:
    """Show what the screening is, and the Start button."""
    questionnaire = current_questionnaire()
    return render_template(
        "questionnaire/start.html",
        first=questionnaire.pages[0],
        kept_for=_in_words(current_app.permanent_session_lifetime),
    )


@bp.route("/questions/<page_id>", methods=["GET", "POST"])
def page(page_id: str) -> str | Response:
    """Show a page of questions; on POST, keep valid answers and go on (or back)."""
    questionnaire = current_questionnaire()
    shown = journey.page_by_id(questionnaire, page_id)
    if shown is None:
        abort(404)
    answers = journey.saved_answers()
    changing = request.args.get("change") == "1"
    detour = _detour(questionnaire, shown, answers, changing)
    if detour is not None:
        return redirect(detour)
    questions = journey.asked(questionnaire, shown.id, answers)

    if request.method == "POST":
        if request.form.get("action") == "back":
            journey.keep_draft(shown.id, draft_from(request.form, questions))
            return redirect(_back_url(questionnaire, shown, answers, changing))
        form = page_form(questions)
        if form.validate_on_submit():
            found = answers_from(form, questions)
            if not _disagree(questionnaire, questions, form, {**answers, **found}):
                answers = journey.save(questionnaire, shown.id, found)
                return redirect(_next_url(questionnaire, shown, answers, changing))
    else:
        drafted = journey.draft(shown.id)
        form = page_form(
            questions,
            formdata=MultiDict(drafted) if drafted is not None else None,
            answers=answers,
        )

    applying = journey.pages_that_apply(questionnaire, answers)
    return render_template(
        "questionnaire/page.html",
        page=shown,
        questions=questions,
        form=form,
        step=[p.id for p in applying].index(shown.id) + 1,
        steps=len(applying),
        action=url_for("questionnaire.page", page_id=shown.id, change=1 if changing else None),
        none_option=NONE_OPTION,
    )


@bp.get("/check-answers")
def check_answers() -> str | tuple[str, int] | Response:
    """Show every answer with a Change link, and the way to the result (or to save it, for staff)."""
    questionnaire = current_questionnaire()
    answers = journey.saved_answers()
    run = journey.staff_run()
    if not answers:
        return redirect(url_for("questionnaire.start"))
    urgent = bool(journey.red_flags(answers))
    if urgent and run is None:
        return redirect(url_for("results.urgent"))
    gap = journey.first_unanswered(questionnaire, answers)
    if gap is not None and not urgent:
        return redirect(url_for("questionnaire.page", page_id=gap.id))
    summary = journey.summary(questionnaire, answers)
    if run is not None:
        return _staff_check_answers(run, summary, urgent)
    return render_template("questionnaire/check_answers.html", summary=summary)


def _staff_check_answers(
    run: dict[str, Any], summary: list[SummarySection], urgent: bool
) -> str | tuple[str, int] | Response:
    """Show a staff run's check answers, with the patient's details kept in the database."""
    try:
        patient = run_details.find(journey.staff_run_details(run))
    except DatabaseUnavailable:
        log.warning("staff check answers: database unavailable")
        return render_template("staff/unavailable.html"), 503
    if patient is None:  # expired: ask for them again, the answers stay
        return redirect(url_for("run.new", change=1))
    return render_template(
        "staff/check_answers.html", summary=summary, run=run, patient=patient, urgent=urgent
    )


@bp.post("/start-again")
def start_again() -> Response:
    """Forget every answer and draft, and go back to the start page."""
    journey.forget_everything()
    return redirect(url_for("questionnaire.start"))


def resume_url(questionnaire: Questionnaire, answers: dict[str, Answer]) -> str:
    """Return where someone with these answers should carry on."""
    if not answers:
        return url_for("questionnaire.start")
    gap = journey.first_unanswered(questionnaire, answers)
    if gap is not None:
        return url_for("questionnaire.page", page_id=gap.id)
    return url_for("questionnaire.check_answers")


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
    for disagreement in questionnaire.disagreements_in(journey.typed(answers)):
        shown = [q for q in disagreement.questions if q in here]
        if shown:
            form[shown[0]].errors = [*form[shown[0]].errors, disagreement.message]
            found = True
    return found


def _in_words(duration: timedelta) -> str:
    """Return a duration as people say it: "2 hours", "1 hour", "30 minutes"."""
    minutes = int(duration.total_seconds() // 60)
    count, unit = (minutes // 60, "hour") if minutes % 60 == 0 else (minutes, "minute")
    return f"{count} {unit}{'' if count == 1 else 's'}"


def _urgent_url() -> str:
    """Return where a red flag leads: the urgent-care page, or check answers in a staff run."""
    if journey.staff_run() is not None:
        return url_for("questionnaire.check_answers")
    return url_for("results.urgent")


def _page_url(page: Page, changing: bool) -> str:
    return url_for("questionnaire.page", page_id=page.id, change=1 if changing else None)


def _position(questionnaire: Questionnaire, page: Page) -> int:
    return [p.id for p in questionnaire.pages].index(page.id)


def _detour(
    questionnaire: Questionnaire, page: Page, answers: dict[str, Answer], changing: bool
) -> str | None:
    """Return where to send someone who may not see this page now, or None."""
    flags_page = journey.page_by_id(questionnaire, questionnaire[journey.RED_FLAGS].page)
    if (
        journey.red_flags(answers)
        and flags_page is not None
        and _position(questionnaire, page) > _position(questionnaire, flags_page)
    ):
        return _urgent_url()
    gap = journey.first_unanswered(questionnaire, answers)
    if gap is not None and _position(questionnaire, gap) < _position(questionnaire, page):
        return _page_url(gap, changing)
    if not journey.asked(questionnaire, page.id, answers):
        return _next_url(questionnaire, page, answers, changing)
    return None


def _next_url(
    questionnaire: Questionnaire, page: Page, answers: dict[str, Answer], changing: bool
) -> str:
    """Return where to go after a page: urgent care, the next page, or check answers."""
    if journey.red_flags(answers) and any(
        q.id == journey.RED_FLAGS for q in questionnaire.on_page(page.id)
    ):
        return _urgent_url()
    if changing:
        # A change can make another question apply (a surgery now needs its site).
        gap = journey.first_unanswered(questionnaire, answers)
        if gap is not None:
            return _page_url(gap, changing)
        return url_for("questionnaire.check_answers")
    following = journey.neighbour(questionnaire, page, answers, 1)
    if following is None:
        return url_for("questionnaire.check_answers")
    return _page_url(following, changing)


def _back_url(
    questionnaire: Questionnaire, page: Page, answers: dict[str, Answer], changing: bool
) -> str:
    """Return where Back goes: check answers when changing, else the page before."""
    if changing and journey.first_unanswered(questionnaire, answers) is None:
        return url_for("questionnaire.check_answers")
    previous = journey.neighbour(questionnaire, page, answers, -1)
    if previous is None:
        return url_for("questionnaire.start")
    return _page_url(previous, changing)
