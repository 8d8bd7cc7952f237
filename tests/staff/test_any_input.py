"""Every form of the app, sent anything in any field: a page, a redirect or a 4xx, never a 5xx.

Hypothesis sends each form text in any script, numbers of any size, files, control
characters and inputs that once broke a form (``tests.strategies.form_inputs``), as a
form, as multipart or as a JSON body. The forms are every POST route in the app's
url_map (the JSON API has its own fuzz in ``tests/api/test_openapi.py``) and the staff
pages that read the query string (filters, paging, ``?next=``). After each answer, the
page it redirects to is opened too, so what was kept (a note, a draft, a patient's
name) is shown once. It lives with the staff tests for their fixtures (accounts,
signing in, stored screenings), and runs on SQLite and on PostgreSQL, which refuses
NUL in text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from advisor.staff.forms import (
    OUTCOME_LABELS,
    STATUS_LABELS,
    FiltersForm,
    LoginForm,
    NoteForm,
    PatientForm,
    StatusForm,
)
from advisor.web.contact import ContactForm
from advisor.web.forms import NONE_OF_THESE
from advisor.web.textform import input_names
from tests.personas import BFR_CANDIDATE, DETAILS, WELL
from tests.rules_under_test import questionnaire_under_test
from tests.staff.conftest import PASSWORD, StaffActions, email_of, keep
from tests.strategies import JSON_VALUES, FilePart, at_most, form_inputs

QUESTIONNAIRE = questionnaire_under_test()

#: Answers under which every page of the questionnaire is asked.
EVERY_PAGE = {
    **WELL,
    "surgery": "6_weeks_to_6_months",
    "surgery_site": "lower_limb",
    "joint_replacement": "no",
}

#: Stands for the session's one-time token among a field's plausible values.
TOKEN = "<the session's token>"


def _accepted(question_id: str) -> tuple[str, ...]:
    question = QUESTIONNAIRE[question_id]
    if question.type == "integer":
        return (str(question.minimum), str(question.maximum))
    return (*question.values, *((NONE_OF_THESE,) if question.type == "multi" else ()))


#: Values each input accepts, drawn among the odd ones so that examples also get past
#: validation, to storing a screening, a note or a status, and showing it again.
PLAUSIBLE: dict[str, tuple[str, ...]] = {
    **{question.id: _accepted(question.id) for question in QUESTIONNAIRE},
    "action": ("continue", "back"),
    "change": ("1",),
    "name": ("Ann Lee",),
    "phone": ("555 123 4567",),
    "email": ("ann@example.com", email_of("intake")),
    "password": (PASSWORD,),
    "dob-day": ("27",),
    "dob-month": ("3",),
    "dob-year": ("1958",),
    "consent": ("y", "yes"),
    "token": (TOKEN,),
    "text": ("Called back",),
    "status": tuple(STATUS_LABELS),
    "primary": tuple(OUTCOME_LABELS),
    "date_from": ("2026-01-01",),
    "date_to": ("2026-12-31",),
    "page": ("1", "2"),
    "next": ("/staff/audit", "/staff/screenings/1"),
}

#: How long each form is fuzzed: enough to meet every kind of value in every field,
#: few enough that the module runs in well under a minute.
EXAMPLES = 25

#: Where a form is sent, and the names of its inputs.
Reached = tuple[str, tuple[str, ...]]
Prepare = Callable[[Flask, FlaskClient, st.DrawFn], Reached]


@dataclass(frozen=True)
class Form:
    """A form of the app: its route, and how to reach it with a client.

    ``prepare`` signs in and fills the session as the form needs, then returns the
    URL to send it to and the names of its inputs; ``query`` names what the route
    reads from the query string.
    """

    endpoint: str
    method: str
    prepare: Prepare
    query: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.method} {self.endpoint}"


def inputs_of(app: Flask, form_class: type[FlaskForm]) -> tuple[str, ...]:
    """Return the names a form's inputs are sent under (a date of birth's three boxes)."""
    with app.test_request_context():
        form = form_class(formdata=None)
        return tuple(name for field in form for name in input_names(field))


def signed_in(client: FlaskClient, role: str = "admin") -> None:
    """Sign the client in through the sign-in page."""
    StaffActions(client).as_role(role)


def a_screening(app: Flask) -> int:
    """Store a screening (a fresh one each time: the delete form removes it); return its id."""
    with app.app_context():
        return keep().id


def questionnaire_page(app: Flask, client: FlaskClient, draw: st.DrawFn) -> Reached:
    """A page of questions (any of them), with every page before it answered."""
    page = draw(st.sampled_from(QUESTIONNAIRE.pages))
    order = [p.id for p in QUESTIONNAIRE.pages]
    earlier = {
        k: v
        for k, v in EVERY_PAGE.items()
        if order.index(QUESTIONNAIRE[k].page) < order.index(page.id)
    }
    with client.session_transaction() as session:
        session["answers"] = earlier
    return f"/questions/{page.id}", (*(q.id for q in QUESTIONNAIRE.on_page(page.id)), "action")


def contact_form(app: Flask, client: FlaskClient, draw: st.DrawFn) -> Reached:
    """The result page's "contact me" form, shown once so the session has its token."""
    with client.session_transaction() as session:
        session["answers"] = dict(BFR_CANDIDATE)
    client.get("/result")
    return "/result", inputs_of(app, ContactForm)


def _inputs(
    app: Flask, form_class: type[FlaskForm] | None, extra: Sequence[str]
) -> tuple[str, ...]:
    return (*(inputs_of(app, form_class) if form_class else ()), *extra)


def anonymous(url: str, form_class: type[FlaskForm] | None = None) -> Prepare:
    """A page for anyone, not signed in."""

    def prepare(app: Flask, client: FlaskClient, draw: st.DrawFn) -> Reached:
        return url, _inputs(app, form_class, ())

    return prepare


def staff_page(url: str, form_class: type[FlaskForm] | None = None, *extra: str) -> Prepare:
    """A staff page, signed in as an admin; ``{id}`` in the URL is a screening stored for it."""

    def prepare(app: Flask, client: FlaskClient, draw: st.DrawFn) -> Reached:
        signed_in(client)
        if "{id}" in url:
            return url.format(id=a_screening(app)), _inputs(app, form_class, extra)
        return url, _inputs(app, form_class, extra)

    return prepare


def patient_details(app: Flask, client: FlaskClient, draw: st.DrawFn) -> Reached:
    """The new patient's details, sometimes while a run is under way (``?change=1`` applies)."""
    signed_in(client, "intake")
    if draw(st.booleans()):
        client.post("/staff/screenings/new", data=DETAILS)
    return "/staff/screenings/new", inputs_of(app, PatientForm)


def save_run(app: Flask, client: FlaskClient, draw: st.DrawFn) -> Reached:
    """The staff run's "Save screening", once every question is answered."""
    signed_in(client, "intake")
    client.post("/staff/screenings/new", data=DETAILS)
    with client.session_transaction() as session:
        session["answers"] = dict(BFR_CANDIDATE)
    return "/staff/screenings/save", ("token",)


FORMS = (
    Form("questionnaire.page", "POST", questionnaire_page, query=("change",)),
    Form("questionnaire.start_again", "POST", anonymous("/start-again")),
    Form("results.send_contact_request", "POST", contact_form),
    Form("auth.login", "POST", anonymous("/staff/login", LoginForm), query=("next",)),
    Form("auth.login", "GET", staff_page("/staff/login"), query=("next",)),
    Form("auth.logout", "POST", staff_page("/staff/logout")),
    Form("screenings.index", "GET", staff_page("/staff/screenings", FiltersForm, "page")),
    Form("screenings.export", "GET", staff_page("/staff/screenings.csv", FiltersForm)),
    Form(
        "screenings.change_status", "POST", staff_page("/staff/screenings/{id}/status", StatusForm)
    ),
    Form("screenings.add_note", "POST", staff_page("/staff/screenings/{id}/notes", NoteForm)),
    Form("screenings.delete", "POST", staff_page("/staff/screenings/{id}/delete")),
    Form("run.new", "POST", patient_details, query=("change",)),
    Form("run.save", "POST", save_run),
    Form("run.cancel", "POST", staff_page("/staff/screenings/cancel")),
    Form("audit.index", "GET", staff_page("/staff/audit", None, "page")),
)


def test_every_form_of_the_app_is_fuzzed(db_app):
    """Each POST route in the url_map (but the JSON API's) is among the forms fuzzed here."""
    posted = {
        rule.endpoint
        for rule in db_app.url_map.iter_rules()
        if "POST" in (rule.methods or ()) and not rule.endpoint.startswith("api.")
    }

    assert posted == {form.endpoint for form in FORMS if form.method == "POST"}


def _real(value: str | FilePart, token: str) -> Any:
    if isinstance(value, FilePart):
        return value.sent()
    return token if value == TOKEN else value


def _send(
    client: FlaskClient,
    form: Form,
    url: str,
    body: str,
    sent: Sequence[tuple[str, str | FilePart]],
    query: Sequence[tuple[str, str | FilePart]],
    json_body: object,
) -> TestResponse:
    """Send the drawn input; files and the token placeholder become the real thing here."""
    with client.session_transaction() as session:
        token = str(
            (session.get("contact") or {}).get("token")
            or (session.get("staff_run") or {}).get("token")
            or ""
        )
    # A query string cannot hold a file: its name goes instead.
    query_string = MultiDict(
        [(k, v.filename if isinstance(v, FilePart) else _real(v, token)) for k, v in query]
    )
    if form.method == "GET":
        fields = [(k, v.filename if isinstance(v, FilePart) else v) for k, v in sent]
        query_string.update(MultiDict(fields))
        return client.get(url, query_string=query_string)
    if body == "json":
        return client.post(url, query_string=query_string, json=json_body)
    data = MultiDict([(k, _real(v, token)) for k, v in sent])
    if body == "multipart":
        return client.post(
            url, query_string=query_string, data=data, content_type="multipart/form-data"
        )
    return client.post(url, query_string=query_string, data=data)


def _answered(response: TestResponse, what: str) -> None:
    """Check an answer: a page, a redirect or a 4xx, never a 5xx (a streamed body read whole)."""
    response.get_data()
    assert response.status_code in (200, 302) or 400 <= response.status_code < 500, (
        f"{what} answered {response.status_code}"
    )


@pytest.mark.parametrize("form", FORMS, ids=str)
@settings(
    max_examples=at_most(EXAMPLES),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_input_to_a_form_is_answered_without_a_server_error(db_app, accounts, form, data):
    """Whatever is in its fields, a form answers 200, a redirect or a 4xx, and so does what follows."""
    client = db_app.test_client()
    url, names = form.prepare(db_app, client, data.draw)
    body = data.draw(st.sampled_from(["form", "multipart", "json"]), label="body")
    sent = data.draw(form_inputs({name: PLAUSIBLE.get(name, ()) for name in names}), label="sent")
    query = data.draw(form_inputs({name: PLAUSIBLE[name] for name in form.query}), label="query")
    json_body = data.draw(JSON_VALUES, label="json") if body == "json" else None

    response = _send(client, form, url, body, sent, query, json_body)

    _answered(response, f"{form} {url}")
    # --hypothesis-show-statistics tells how often the form was accepted, refused or sent on.
    event(f"answered {response.status_code}")
    if response.status_code == 302 and response.location.startswith("/"):
        _answered(client.get(response.location), f"then GET {response.location}")
    if form.method == "POST" and form.endpoint in ("questionnaire.page", "run.new"):
        # What was typed comes back as a draft or as the details to change.
        _answered(client.get(url), f"then GET {url}")
