"""Blueprint ``run``: a member of staff runs the questionnaire for a patient, then saves it.

URLs (all need the ``run`` permission)::

    GET POST  /staff/screenings/new      the patient's details (``?change=1`` from check answers)
    POST      /staff/screenings/save     "Save screening": store it once, go to its detail page
    POST      /staff/screenings/cancel   forget the run without saving

The questionnaire itself is the patient's own (``advisor.web``): the same pages,
forms, branching, Back and Change. What makes it a staff run is one session key,
``journey.STAFF_RUN``, that this blueprint sets and clears::

    session["staff_run"]   = {"token": "Xb3…", "details": "q8Vd…"}
    session["staff_saved"] = {"token": "Xb3…", "screening_id": 42}        # once saved

While it is set, a red flag leads to check answers instead of the patient's urgent-care
page, and check answers (``templates/staff/check_answers.html``) ends with "Save
screening". The token is the screening's idempotency key: a double click or a
repeated POST stores one screening and goes to it.

The patient's details never go into the session cookie, which is signed but not
encrypted. They are kept in the database (``advisor.storage.run_details``) under
``details``, a random id, and only with the patient's consent (without it, the entry
says so and holds nothing else). They are deleted when the run is saved or cancelled,
when a new run starts, and at sign-out, and expire ``PERMANENT_SESSION_LIFETIME`` (2
hours) after they were typed: then check answers and Save ask for them again, keeping
the answers (a session that ends otherwise, idle or closed, leaves them to expire).
If the database cannot be reached, these pages answer 503 as every staff page does,
and details that were sent come back as typed.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy.exc import OperationalError
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from advisor.exceptions import DatabaseUnavailable
from advisor.staff.access import requires
from advisor.staff.blueprint import database_unavailable, staff_blueprint
from advisor.staff.forms import PatientForm, SaveForm
from advisor.storage import run_details, screenings
from advisor.storage.screenings import Patient
from advisor.web import journey
from advisor.web.contact import same_token
from advisor.web.questionnaire import current_questionnaire
from advisor.web.results import assessed

bp = staff_blueprint("run", __name__)

SAVED = "staff_saved"


@bp.route("/screenings/new", methods=["GET", "POST"])
@requires("run")
def new() -> str | Response:
    """Ask for the patient's details; then start the questionnaire (or go back to check answers)."""
    run = journey.staff_run()
    changing = request.args.get("change") == "1" and run is not None
    forgotten = False
    if request.method == "POST":
        form = PatientForm()
        if form.validate_on_submit():
            if changing:
                _change_details(run, form.patient())  # type: ignore[arg-type]
                return redirect(url_for("questionnaire.check_answers"))
            _start(form.patient())
            first = current_questionnaire().pages[0]
            return redirect(url_for("questionnaire.page", page_id=first.id))
    elif changing:
        kept = run_details.find(journey.staff_run_details(run))  # type: ignore[arg-type]
        forgotten = kept is None
        form = PatientForm(formdata=_as_formdata(kept) if kept else None)
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
    saved = session.get(SAVED) or {}
    if same_token(saved.get("token"), token):
        return redirect(url_for("screenings.detail", screening_id=saved["screening_id"]))
    run = journey.staff_run()
    if run is None or not same_token(run.get("token"), token):
        abort(400)
    response = assessed(so_far_after_red_flag=True)
    if isinstance(response, Response):
        return response
    patient = run_details.find(journey.staff_run_details(run))
    if patient is None:
        # Deleted by the first of two clicks, which stored the screening; or expired.
        screening = screenings.find_by_key(token)
        if screening is None:
            return redirect(url_for("run.new", change=1))
    else:
        screening = screenings.store(
            response,
            journey.saved_answers(),
            user=current_user._get_current_object(),
            patient=patient,
            key=token,
            address=request.remote_addr,
        )
    _forget_run(run)
    session[SAVED] = {"token": token, "screening_id": screening.id}
    flash(f"Screening {screening.reference} saved", "success")
    return redirect(url_for("screenings.detail", screening_id=screening.id))


@bp.post("/screenings/cancel")
@requires("run")
def cancel() -> Response:
    """Forget the run (answers and details) without saving anything."""
    run = journey.staff_run()
    if run is not None:
        _forget_run(run)
        flash("The screening was not saved", "notice")
    return redirect(url_for("screenings.index"))


def forget_details() -> None:
    """Delete the patient's details of this session's run, if it has one (at sign-out)."""
    run = journey.staff_run()
    if run is not None:
        _forget_details(run)


def _start(patient: Patient) -> None:
    """Start a run: no earlier answers, a new one-time token, the patient's details kept.

    The details are kept first: if the database cannot be reached, the run before stays.
    """
    before = journey.staff_run()
    replacing = journey.staff_run_details(before) if before else ""
    kept = run_details.keep(patient, _lifetime(), replacing=replacing)
    _clear_session()
    session.pop(SAVED, None)
    session[journey.STAFF_RUN] = {"token": secrets.token_urlsafe(24), "details": kept}


def _change_details(run: dict[str, Any], patient: Patient) -> None:
    """Keep new details for the run in place of its old ones (or of expired ones)."""
    kept = run_details.keep(patient, _lifetime(), replacing=journey.staff_run_details(run))
    session[journey.STAFF_RUN] = {"token": run["token"], "details": kept}


def _forget_run(run: dict[str, Any]) -> None:
    """Delete the run's details, then forget the run, its answers and drafts."""
    _forget_details(run)
    _clear_session()


def _forget_details(run: dict[str, Any]) -> None:
    details = journey.staff_run_details(run)
    if details:
        run_details.forget(details)


def _clear_session() -> None:
    for key in (journey.STAFF_RUN, journey.ANSWERS, journey.DRAFTS):
        session.pop(key, None)


def _lifetime() -> datetime.timedelta:
    # As long as the session itself lasts, from the moment the details were typed.
    return current_app.permanent_session_lifetime


def _as_formdata(patient: Patient) -> MultiDict[str, str]:
    """Return kept details as the form would have sent them (to show them again)."""
    data = {"name": patient.name or "", "phone": patient.phone or "", "email": patient.email or ""}
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
        changing = request.args.get("change") == "1" and journey.staff_run() is not None
        return database_unavailable(
            error, "staff/new_unavailable.html", form=PatientForm(), changing=changing
        )
    return database_unavailable(error)


# In place of the staff pages' own handlers (same exceptions, same page, same log line).
bp.register_error_handler(OperationalError, _unavailable)
bp.register_error_handler(DatabaseUnavailable, _unavailable)
