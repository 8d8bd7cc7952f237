"""Blueprint ``screenings``: the list, a screening's detail, follow-up, the CSV export, deletion.

URLs (the permission each needs is in brackets; see ``advisor.staff.access``)::

    GET   /staff/  /staff/screenings           the queue to contact, oldest first   [list]
    GET   /staff/screenings?view=all           every screening: filters, paging     [list]
    GET   /staff/screenings.csv                the filtered list as CSV, streamed   [export]
    GET   /staff/screenings/<id>               answers, result, explanation, notes  [view]
    POST  /staff/screenings/<id>/status        change the follow-up status          [status]
    POST  /staff/screenings/<id>/notes         add a note                           [note]
    GET   /staff/screenings/<id>/delete        "Are you sure?"                      [delete]
    POST  /staff/screenings/<id>/delete        delete it and the patient's details  [delete]

Each request leaves an audit entry (listed, exported, viewed, status changed, note
added, deleted). Entries never hold a patient's details: a name search is recorded
only as "name_searched".
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from typing import Any

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response as BaseResponse

from advisor.engine.safety import CHILD_AGE
from advisor.runner.store import current_journey
from advisor.staff.access import requires
from advisor.staff.blueprint import english_questionnaire, staff_blueprint
from advisor.staff.export import export_rows
from advisor.staff.forms import STATUS_LABELS, FiltersForm, NoteForm, StatusForm
from advisor.staff.paging import Paging, requested_page
from advisor.staff.times import practice_zone, to_local
from advisor.storage import audit, db, screenings
from advisor.storage.audit import Action
from advisor.storage.models import Screening, User, utcnow
from advisor.storage.screenings import TO_CONTACT, Filters
from advisor.web.summary import summary, words

__all__ = ["NOT_APPLIED", "VIEWS", "bp", "requested_view", "tel_href"]

bp = staff_blueprint("screenings", __name__)

#: Why an explanation item did not apply to the result (invariant 8), for an intake coordinator.
NOT_APPLIED: dict[str, str] = {
    "blocked": "Not applied: therapy blocked",
    "urgent_care": "Not applied: urgent care first",
    "child": "Not applied: under 12",
    "other": "Not applied: set aside",
}


#: The list's two views: the queue of people to contact (oldest first), and every screening.
VIEWS = ("to_contact", "all")

_FILTER_KEYS = ("status", "primary", "date_from", "date_to", "name")


def tel_href(phone: str) -> str:
    """Return a ``tel:`` link for a phone number as typed: its digits, and a leading +."""
    digits = re.sub(r"[^\d+]", "", phone)
    return "tel:" + digits[:1] + digits[1:].replace("+", "")


def requested_view() -> str:
    """Return the view the query string asks for (``?view=``).

    Without one, a filter in the query means the list of all screenings (links
    written before the queue existed, like ``?status=booked``, keep working);
    otherwise the list opens on the queue.
    """
    asked = request.args.get("view", "")
    if asked in VIEWS:
        return asked
    return "all" if any(request.args.get(key) for key in _FILTER_KEYS) else "to_contact"


@bp.get("/")
@bp.get("/screenings")
@requires("list")
def index() -> str:
    """Show the queue to contact, oldest first, or every screening narrowed by the filters."""
    view = requested_view()
    form = FiltersForm(formdata=request.args if view == "all" else None)
    if view == "all":
        form.validate()
        filters = form.filters(practice_zone())
        found = screenings.search(filters, requested_page())
        query = {"view": "all", **filters.to_dict()}
    else:
        filters = TO_CONTACT
        found = screenings.search(filters, requested_page(), order="oldest")
        query = {"view": "to_contact"}
    paging = Paging.of(found.page, found.total, found.per_page)
    audit.record(
        Action.SCREENINGS_LISTED,
        user=_user(),
        detail={**_audit_filters(filters), "page": paging.page, "view": view},
        address=request.remote_addr,
    )
    return render_template(
        "staff/list.html",
        view=view,
        form=form,
        items=found.items,
        paging=paging,
        query=query,
        filtered=filters.to_dict() if view == "all" else {},
        export_query=filters.to_dict(),
        run=current_journey().run(),
        in_words=_in_words,
    )


@bp.get("/screenings.csv")
@requires("export")
def export() -> Response:
    """Send the filtered list as a CSV file, one row at a time (never all of it in memory).

    It starts with a byte-order mark, so spreadsheets read names with accents right.
    """
    form = FiltersForm(formdata=request.args)
    form.validate()
    filters = form.filters(practice_zone())
    rows = db.session.scalar(filters.apply(select(func.count()).select_from(Screening))) or 0
    audit.record(
        Action.SCREENINGS_EXPORTED,
        user=_user(),
        detail={**_audit_filters(filters), "rows": rows},
        address=request.remote_addr,
    )
    writer = csv.writer(_Line())

    def lines() -> Iterator[str]:
        yield "\ufeff"
        for row in export_rows(filters):
            yield writer.writerow(row)

    response = Response(stream_with_context(lines()), mimetype="text/csv")
    filename = f"screenings-{to_local(utcnow()).date().isoformat()}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    # It holds patients' details: keep it out of every cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/screenings/<int:screening_id>")
@requires("view")
def detail(screening_id: int) -> str:
    """Show a screening: who, when, the patient, the result with every reason, answers, notes."""
    screening = _screening(screening_id)
    audit.record(
        Action.SCREENING_VIEWED, user=_user(), screening=screening, address=request.remote_addr
    )
    return _detail_page(screening)


@bp.post("/screenings/<int:screening_id>/status")
@requires("status")
def change_status(screening_id: int) -> BaseResponse | tuple[str, int]:
    """Change the follow-up status, or show the page again with what to fix."""
    screening = _screening(screening_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _detail_page(screening, status_form=form), 400
    if form.status.data != screening.status:
        screenings.set_status(screening, form.status.data, _user(), request.remote_addr)
    flash(f"Status is now {STATUS_LABELS[form.status.data]}", "success")
    return redirect(url_for("screenings.detail", screening_id=screening.id))


@bp.post("/screenings/<int:screening_id>/notes")
@requires("note")
def add_note(screening_id: int) -> BaseResponse | tuple[str, int]:
    """Add a note, or show the page again with what to fix."""
    screening = _screening(screening_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _detail_page(screening, note_form=form), 400
    screenings.add_note(screening, form.text.data, _user(), request.remote_addr)
    flash("Note added", "success")
    return redirect(url_for("screenings.detail", screening_id=screening.id, _anchor="notes"))


@bp.get("/screenings/<int:screening_id>/delete")
@requires("delete")
def confirm_delete(screening_id: int) -> str:
    """Ask an admin to confirm deleting a screening."""
    return render_template("staff/delete.html", screening=_screening(screening_id))


@bp.post("/screenings/<int:screening_id>/delete")
@requires("delete")
def delete(screening_id: int) -> BaseResponse:
    """Delete a screening with its notes and the patient's details; the audit entry stays."""
    screening = _screening(screening_id)
    reference = screening.reference
    screenings.remove(screening, _user(), request.remote_addr)
    flash(f"Screening {reference} and the patient’s details are deleted", "success")
    return redirect(url_for("screenings.index"))


class _Line:
    """A file that hands back what is written to it: ``csv.writer`` then gives one line."""

    def write(self, text: str) -> str:
        return text


def _screening(screening_id: int) -> Screening:
    screening = screenings.get(screening_id)
    if screening is None:
        abort(404)
    return screening


def _user() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _audit_filters(filters: Filters) -> dict[str, Any]:
    """Return the filters for the audit trail: a name searched for is a patient's, so not kept."""
    kept = {k: v for k, v in filters.to_dict().items() if k != "name"}
    return {"filters": kept, "name_searched": bool(filters.name)}


def _not_applied(item: Mapping[str, Any], recommendation: Mapping[str, Any], age: object) -> str:
    """Return why a stored explanation item did not apply, or "" if it did.

    The reason is read off the stored recommendation: a suggestion for a blocked
    therapy, then urgent care first, then a child under 12. Screenings stored
    before items said whether they ``applied`` count every item as applied.
    """
    if item.get("applied", True) is not False:
        return ""
    blocked = {b.get("therapy") for b in recommendation.get("blocked", [])}
    if item.get("effect") == "suggest" and item.get("target") in blocked:
        return NOT_APPLIED["blocked"]
    if recommendation.get("primary") == "urgent_care":
        return NOT_APPLIED["urgent_care"]
    if isinstance(age, int) and age < CHILD_AGE:
        return NOT_APPLIED["child"]
    return NOT_APPLIED["other"]


def _in_words(answers: Mapping[str, Any], question_id: str) -> str:
    """Return one stored answer in the questionnaire's words, "" when not given or none ticked."""
    question = english_questionnaire().get(question_id)
    value = answers.get(question_id)
    if question is None or value in (None, [], ""):
        return ""
    return "; ".join(words(question, value))


def _detail_page(
    screening: Screening,
    status_form: StatusForm | None = None,
    note_form: NoteForm | None = None,
) -> str:
    questionnaire = english_questionnaire()
    answers = {k: v for k, v in screening.answers.items() if k in {q.id for q in questionnaire}}
    recommendation = screening.response.get("recommendation", {})
    return render_template(
        "staff/detail.html",
        screening=screening,
        response=screening.response,
        explanation=[
            (item, _not_applied(item, recommendation, screening.answers.get("age")))
            for item in screening.response.get("explanation", [])
        ],
        summary=summary(questionnaire, answers),
        age=screening.answers.get("age"),
        status_form=status_form or StatusForm(formdata=None, data={"status": screening.status}),
        note_form=note_form or NoteForm(formdata=None),
    )
