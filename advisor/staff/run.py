"""Blueprint ``run``: a member of staff runs the questionnaire for a patient, then saves it.

URLs (all need the ``run`` permission)::

    GET POST  /staff/screenings/new      the patient's details (``?change=1`` from check answers)
    POST      /staff/screenings/save     "Save screening": store it once, go to its detail page
    POST      /staff/screenings/cancel   forget the run without saving

The questionnaire itself is the patient's own (``advisor.web``): the same pages,
forms, branching, Back and Change. What makes it a staff run is one session key,
``journey.STAFF_RUN``, that this blueprint sets and clears::

    session["staff_run"]   = {"token": "Xb3…", "patient": {"name": "Ann Lee", ..., "consent": True}}
    session["staff_saved"] = {"token": "Xb3…", "screening_id": 42}        # once saved

While it is set, a red flag leads to check answers instead of the patient's urgent-care
page, and check answers (``templates/staff/check_answers.html``) ends with "Save
screening". The token is the screening's idempotency key: a double click or a
repeated POST stores one screening and goes to it. Details are kept in the session
only with the patient's consent, and leave it when the run is saved or cancelled.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from advisor.staff.access import requires
from advisor.staff.blueprint import staff_blueprint
from advisor.staff.forms import PatientForm, SaveForm
from advisor.storage import screenings
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
    if request.method == "POST":
        form = PatientForm()
        if form.validate_on_submit():
            patient = _to_session(form.patient())
            if changing:
                session[journey.STAFF_RUN] = {**run, "patient": patient}  # type: ignore[dict-item]
                return redirect(url_for("questionnaire.check_answers"))
            _start(patient)
            first = current_questionnaire().pages[0]
            return redirect(url_for("questionnaire.page", page_id=first.id))
    elif changing:
        form = PatientForm(formdata=_as_formdata(run["patient"]))  # type: ignore[index]
    else:
        form = PatientForm(formdata=None)
    return render_template("staff/new.html", form=form, changing=changing, run=run)


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
    screening = screenings.store(
        response,
        journey.saved_answers(),
        user=current_user._get_current_object(),
        patient=_from_session(run.get("patient")),
        key=token,
        address=request.remote_addr,
    )
    _forget_run()
    session[SAVED] = {"token": token, "screening_id": screening.id}
    flash(f"Screening {screening.reference} saved", "success")
    return redirect(url_for("screenings.detail", screening_id=screening.id))


@bp.post("/screenings/cancel")
@requires("run")
def cancel() -> Response:
    """Forget the run (answers and details) without saving anything."""
    if journey.staff_run() is not None:
        _forget_run()
        flash("The screening was not saved", "notice")
    return redirect(url_for("screenings.index"))


def _start(patient: dict[str, Any]) -> None:
    """Start a run: no earlier answers, a new one-time token, the patient's details."""
    _forget_run()
    session.pop(SAVED, None)
    session[journey.STAFF_RUN] = {"token": secrets.token_urlsafe(24), "patient": patient}


def _forget_run() -> None:
    for key in (journey.STAFF_RUN, journey.ANSWERS, journey.DRAFTS):
        session.pop(key, None)


def _to_session(patient: Patient) -> dict[str, Any]:
    """Return a patient's details as the session keeps them (nothing without consent)."""
    if not patient.consent:
        return {"consent": False}
    return {
        "name": patient.name,
        "phone": patient.phone,
        "email": patient.email,
        "dob": patient.dob.isoformat() if patient.dob else None,
        "consent": True,
    }


def _from_session(kept: dict[str, Any] | None) -> Patient:
    if not kept or not kept.get("consent"):
        return Patient()
    dob = kept.get("dob")
    return Patient(
        name=kept.get("name"),
        phone=kept.get("phone"),
        email=kept.get("email"),
        dob=datetime.date.fromisoformat(dob) if dob else None,
        consent=True,
    )


def _as_formdata(kept: dict[str, Any]) -> MultiDict[str, str]:
    """Return kept details as the form would have sent them (to show them again)."""
    data = {k: kept.get(k) or "" for k in ("name", "phone", "email")}
    if kept.get("dob"):
        dob = datetime.date.fromisoformat(kept["dob"])
        data.update(
            {"dob-day": str(dob.day), "dob-month": str(dob.month), "dob-year": str(dob.year)}
        )
    if kept.get("consent"):
        data["consent"] = "y"
    return MultiDict(data)
