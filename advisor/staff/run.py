"""Blueprint ``run``: a member of staff runs the questionnaire for a patient, then saves it.

URLs (all need the ``run`` permission)::

    GET POST  /staff/screenings/new      the patient's details (``?change=1`` from check answers)
    POST      /staff/screenings/save     "Save screening": store it once, go to its detail page
    POST      /staff/screenings/cancel   forget the run without saving

The questionnaire itself runs on the patient's pages (``advisor.web.questionnaire``):
the same URLs, forms, branching, Back and Change. What makes it a staff run is its
mode, ``STAFF_RUN``, which this module registers: a red flag leads to check answers
instead of the urgent-care page, and check answers (``templates/staff/check_answers.html``)
shows the patient's details and ends with "Save screening". The journey is in this
mode from ``JourneyStore.start_run`` until the run is saved or cancelled.

The run's one-time token is the screening's idempotency key: a double click or a
repeated POST stores one screening and goes to it.

The patient's details are kept by the journey's store, server-side
(``advisor.storage.run_details``), and only with the patient's consent (without it,
the entry says so and holds nothing else). They are deleted when the run is saved or
cancelled, when a new run starts, and at sign-out, and expire
``PERMANENT_SESSION_LIFETIME`` (2 hours) after they were typed: then check answers and
Save ask for them again, keeping the answers (a session that ends otherwise, idle or
closed, leaves them to expire). If the database cannot be reached, these pages answer
503 as every staff page does, and details that were sent come back as typed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from flask import Flask, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.exc import OperationalError
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from advisor.exceptions import DatabaseUnavailable
from advisor.runner import router
from advisor.runner.router import Mode, Router
from advisor.runner.store import current_journey
from advisor.staff.access import requires
from advisor.staff.blueprint import database_unavailable, english_questionnaire, staff_blueprint
from advisor.staff.forms import PatientForm, SaveForm
from advisor.storage import screenings
from advisor.storage.screenings import Communication, Patient
from advisor.web.results import assessed, assessed_so_far

__all__ = ["STAFF_RUN", "bp", "forget_details", "init_app"]

log = logging.getLogger(__name__)

bp = staff_blueprint("run", __name__)


def _check_answers(sections: Sequence[object], urgent: bool) -> ResponseReturnValue:
    """Show a staff run's check answers, with the patient's details kept in the database."""
    journey = current_journey()
    try:
        patient = journey.run_patient()
    except DatabaseUnavailable:
        log.warning("staff check answers: database unavailable")
        return render_template("staff/unavailable.html"), 503
    if patient is None:  # expired: ask for them again, the answers stay
        return redirect(url_for("run.new", change=1))
    return render_template(
        "staff/check_answers.html",
        summary=sections,
        run=journey.run(),
        patient=patient,
        urgent=urgent,
    )


#: A member of staff screening a patient: a red flag leads to check answers, which shows the
#: patient's details and ends with "Save screening".
STAFF_RUN = Mode(router.STAFF_RUN, red_flag=router.CHECK_ANSWERS, check_answers=_check_answers)


def init_app(app: Flask) -> None:
    """Register the staff run's mode and its blueprint."""
    router.register(app, STAFF_RUN)
    app.register_blueprint(bp)


@bp.route("/screenings/new", methods=["GET", "POST"])
@requires("run")
def new() -> str | Response:
    """Ask for the patient's details; then start the questionnaire (or go back to check answers)."""
    journey = current_journey()
    run = journey.run()
    changing = request.args.get("change") == "1" and run is not None
    forgotten = False
    if request.method == "POST":
        form = PatientForm()
        if form.validate_on_submit():
            if changing:
                journey.change_run_details(form.patient(), form.communication())
                return redirect(url_for("questionnaire.check_answers"))
            journey.start_run(form.patient(), form.communication())
            first = english_questionnaire().pages[0]
            return redirect(Router(STAFF_RUN).page_url(first))
    elif changing and run is not None:
        kept = journey.run_patient()
        forgotten = kept is None
        form = PatientForm(formdata=_as_formdata(kept, run.communication))
    else:
        form = PatientForm(formdata=None)
    return render_template(
        "staff/new.html", form=form, changing=changing, run=run, forgotten=forgotten
    )


@bp.post("/screenings/save")
@requires("run")
def save() -> Response:
    """Store the run's screening once, with who ran it and the patient's details, and show it."""
    token = SaveForm().token.data or ""
    journey = current_journey()
    saved = journey.saved_screening(token)
    if saved is not None:
        return redirect(url_for("screenings.detail", screening_id=saved))
    run = journey.run()
    if run is None or not journey.is_run_token(token):
        abort(400)
    path = journey.path(english_questionnaire())
    # After a red flag the questionnaire stops: the answers given so far are the screening.
    assessment = assessed_so_far(path) if path.red_flagged() else assessed(journey)
    patient = journey.run_patient()
    if patient is None:
        # Deleted by the first of two clicks, which stored the screening; or expired.
        screening = screenings.find_by_key(token)
        if screening is None:
            return redirect(url_for("run.new", change=1))
    else:
        screening = screenings.store(
            assessment,
            path.complete(),
            user=current_user._get_current_object(),
            patient=patient,
            communication=run.communication,
            key=token,
            address=request.remote_addr,
        )
    journey.end_run()
    journey.run_saved(token, screening.id)
    flash(f"Screening {screening.reference} saved", "success")
    return redirect(url_for("screenings.detail", screening_id=screening.id))


@bp.post("/screenings/cancel")
@requires("run")
def cancel() -> Response:
    """Forget the run (answers and details) without saving anything."""
    journey = current_journey()
    if journey.run() is not None:
        journey.end_run()
        flash("The screening was not saved", "notice")
    return redirect(url_for("screenings.index"))


def forget_details() -> None:
    """Delete the patient's details of this session's run, if it has one (at sign-out)."""
    current_journey().forget_run_details()


def _as_formdata(patient: Patient | None, communication: Communication) -> MultiDict[str, str]:
    """Return what a run keeps as the form would have sent it (to show it again).

    :param patient: the kept details; None when they expired (only the language and the
        interpreter answer, kept in the session, are shown again).
    """
    data = {"language": communication.language}
    if communication.interpreter:
        data["interpreter"] = communication.interpreter
    if patient is None:
        return MultiDict(data)
    data.update(
        {"name": patient.name or "", "phone": patient.phone or "", "email": patient.email or ""}
    )
    if patient.dob:
        data.update(
            {
                "dob-day": str(patient.dob.day),
                "dob-month": str(patient.dob.month),
                "dob-year": str(patient.dob.year),
            }
        )
    if patient.consent:
        data["consent"] = "y"
    return MultiDict(data)


def _unavailable(error: Exception) -> tuple[str, int]:
    """Answer 503 as every staff page does; details that were sent come back as typed."""
    if request.endpoint == "run.new" and request.method == "POST":
        changing = request.args.get("change") == "1" and current_journey().run() is not None
        return database_unavailable(
            error, "staff/new_unavailable.html", form=PatientForm(), changing=changing
        )
    return database_unavailable(error)


# In place of the staff pages' own handlers (same exceptions, same page, same log line).
bp.register_error_handler(OperationalError, _unavailable)
bp.register_error_handler(DatabaseUnavailable, _unavailable)
