"""Blueprint ``results``: the result page and the urgent-care page.

URLs::

    GET /result    the recommendation, recomputed from the session's answers on every visit
    GET /urgent    seek care now, graded by the most urgent red flag; needs only the answers so far

Nothing is stored: the response is computed again from the answers each
time (it is cheap), and only the answers live in the session.
"""

from __future__ import annotations

import datetime

from flask import Blueprint, redirect, render_template
from werkzeug.wrappers import Response

from advisor.assessment import assess, assess_answers
from advisor.exceptions import AnswersInvalid
from advisor.extensions import current_ruleset
from advisor.web import journey
from advisor.web.questionnaire import current_questionnaire, resume_url

bp = Blueprint("results", __name__)

#: A sentence for each way of paying. It is information only: it never changes the result.
INSURANCE_NOTES: dict[str, str] = {
    "medicare": "You told us you have Medicare. We accept Medicare.",
    "private": "You told us you have private health insurance. We accept most private plans. "
    "Your insurer can tell you what your plan pays for.",
    "workers_comp": "You told us this is a workers’ compensation case. We accept these cases.",
    "personal_injury": "You told us this is a personal injury claim. We accept these cases.",
    "self_pay": "You told us you will pay yourself. Ask our team what the sessions cost "
    "before you book.",
    "unsure": "You are not sure how you will pay. Our team can help you find out what is covered.",
}


@bp.get("/result")
def show() -> str | Response:
    """Show the recommendation for complete answers, or send the person to what is missing."""
    questionnaire = current_questionnaire()
    answers = journey.saved_answers()
    if not answers or journey.first_unanswered(questionnaire, answers) is not None:
        return redirect(resume_url(questionnaire, answers))
    try:
        response = assess(answers, current_ruleset())
    except AnswersInvalid as exc:
        # Answers kept before the questionnaire changed: ask those questions again.
        journey.forget_answers([error.field for error in exc.errors])
        return redirect(resume_url(questionnaire, journey.saved_answers()))
    return render_template(
        "results/result.html",
        response=response,
        recommendation=response.recommendation,
        summary=journey.summary(questionnaire, answers),
        insurance_note=INSURANCE_NOTES.get(str(answers.get("insurance", "")), ""),
        flags_page=questionnaire[journey.RED_FLAGS].page,
        today=_long_date(datetime.date.today()),
    )


@bp.get("/urgent")
def urgent() -> str | Response:
    """Tell someone with a red flag to seek care now, with the reasons, before anything else."""
    questionnaire = current_questionnaire()
    answers = journey.saved_answers()
    if not journey.red_flags(answers):
        return redirect(resume_url(questionnaire, answers))
    response = assess_answers(journey.engine_answers(questionnaire, answers), current_ruleset())
    return render_template(
        "results/urgent.html",
        response=response,
        recommendation=response.recommendation,
        flags_page=questionnaire[journey.RED_FLAGS].page,
        today=_long_date(datetime.date.today()),
    )


def _long_date(day: datetime.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"
