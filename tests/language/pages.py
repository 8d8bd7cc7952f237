"""Every page a patient can see, each reached as a person reaches it, in a language of our choice.

A ``Visit`` says what the session holds first and what is sent; ``open_page`` makes
the requests through the Flask test client with ``?lang=`` on every one of them, the
way the language switch leaves it. The list covers the start page, each questionnaire
page shown and sent back with errors, check answers, each kind of result, the urgent
pages, the therapy pages, the contact form and its errors, the confirmation, the
privacy notice, the error pages, and pages shown again after they timed out (those
need an app with CSRF protection on: ``Visit.csrf``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from advisor.answers import MAX_BODY_BYTES
from advisor.web.forms import NONE_OF_THESE
from tests.personas import (
    BFR_BLOCKED_NMT_SUGGESTED,
    BFR_CANDIDATE,
    BOTH_BLOCKED,
    CALF_SWELLING,
    CHEST_PAIN,
    CHILD,
    CONTACT,
    NMT_CANDIDATE,
    WEIGHT_LOSS,
    WELL,
    answers_before,
)
from tests.rules_under_test import questionnaire_under_test
from tests.web.test_page_weight import HEAVY
from tests.web.test_timed_out import THREE_HOURS, token_shown

__all__ = ["REFERENCE", "VISITS", "Visit", "open_page"]

#: The reference of a contact request the session says was sent.
REFERENCE = "K7M2-QX9P"

#: Answers that reach every page and every question on it (a recent surgery asks both
#: surgery questions).
EVERY_QUESTION = {**HEAVY, "surgery": "under_6_weeks", "joint_replacement": "no"}

TimedOut = Literal["timed_out", "session_ended"]


@dataclass(frozen=True, slots=True)
class Visit:
    """One patient page, and how a person gets to it."""

    name: str
    path: str
    #: The answers the session holds before the page is opened.
    answers: Mapping[str, object] = field(default_factory=dict)
    #: What is sent with POST; None opens the page with GET.
    form: Mapping[str, object] | None = None
    #: A contact request was sent in this session: the session holds its reference.
    sent: bool = False
    #: The form is sent with a token minted 3 hours ago; "session_ended" drops the session
    #: cookie too. Needs an app with CSRF protection on.
    timed_out: TimedOut | None = None
    #: Needs a practice profile (the privacy notice it writes).
    profile_only: bool = False
    status: int = 200
    #: Sent without a token to an app with CSRF protection on (the plain error page).
    no_token: bool = False

    @property
    def csrf(self) -> bool:
        return self.timed_out is not None or self.no_token


def _page_visits() -> list[Visit]:
    visits = []
    for page in questionnaire_under_test().pages:
        before = answers_before(page.id, EVERY_QUESTION)
        path = f"/questions/{page.id}"
        visits.append(Visit(f"page {page.id}", path, before))
        visits.append(Visit(f"page {page.id} sent empty", path, before, form={}))
    return visits


def _wrong_answers() -> list[Visit]:
    """Each kind of mistake a questionnaire page words: not a number, out of range, a clash."""
    about_you = "/questions/about-you"
    pain = "/questions/pain-details"
    pain_before = answers_before("pain-details", EVERY_QUESTION)
    flags_before = answers_before("urgent-symptoms", EVERY_QUESTION)
    clash = {"red_flags": [NONE_OF_THESE, "chest_pain"]}
    return [
        Visit("age not a number", about_you, form={"age": "sixty"}),
        Visit("age out of range", about_you, form={"age": "500"}),
        Visit("pain not a number", pain, pain_before, form={"pain_intensity": "bad"}),
        Visit("pain out of range", pain, pain_before, form={"pain_intensity": "99"}),
        Visit("none with others", "/questions/urgent-symptoms", flags_before, form=clash),
    ]


_CONTACT_ERRORS = {"name": "", "phone": "call me", "email": "ann@", "dob-day": "3"}
_NOT_A_DATE = {**CONTACT, "dob-month": "2", "dob-day": "30", "consent": ""}

VISITS: tuple[Visit, ...] = (
    Visit("start", "/"),
    *_page_visits(),
    *_wrong_answers(),
    Visit("check answers", "/check-answers", HEAVY),
    Visit("result bfr", "/result", BFR_CANDIDATE),
    Visit("result nmt", "/result", NMT_CANDIDATE),
    Visit("result consult", "/result", WELL),
    Visit("result consult with a therapy", "/result", BFR_BLOCKED_NMT_SUGGESTED),
    Visit("result both blocked", "/result", BOTH_BLOCKED),
    Visit("result child", "/result", CHILD),
    Visit("result with many reasons", "/result", HEAVY),
    Visit("contact form", "/result?contact=1", BFR_CANDIDATE),
    Visit("contact form errors", "/result", BFR_CANDIDATE, form=_CONTACT_ERRORS),
    Visit("contact form date errors", "/result", BFR_CANDIDATE, form=_NOT_A_DATE),
    Visit("contact form stale", "/result", BFR_CANDIDATE, form={"token": "old"}, status=400),
    Visit("result after sending", "/result", BFR_CANDIDATE, sent=True),
    Visit("request received", "/request-received", BFR_CANDIDATE, sent=True),
    Visit("urgent emergency", "/urgent", CHEST_PAIN),
    Visit("urgent same day", "/urgent", CALF_SWELLING),
    Visit("urgent soon", "/urgent", WEIGHT_LOSS),
    Visit("therapy bfr", "/therapies/bfr"),
    Visit("therapy nmt", "/therapies/nmt"),
    Visit("therapy bfr with answers", "/therapies/bfr", BFR_CANDIDATE),
    Visit("therapy nmt with answers", "/therapies/nmt", NMT_CANDIDATE),
    Visit("privacy notice", "/privacy", profile_only=True),
    Visit("not found", "/no-such-page", status=404),
    Visit("method not allowed", "/check-answers", form={}, status=405),
    Visit("form without its token", "/start-again", form={}, no_token=True, status=400),
    Visit(
        "too large", "/questions/about-you", form={"age": "4" * (MAX_BODY_BYTES + 1)}, status=413
    ),
    Visit(
        "page timed out",
        "/questions/pain-details",
        answers_before("pain-details", BFR_CANDIDATE),
        form={"pain_intensity": "6"},
        timed_out="timed_out",
        status=400,
    ),
    Visit(
        "page after the session ended",
        "/questions/urgent-symptoms",
        answers_before("urgent-symptoms", BFR_CANDIDATE),
        form={"red_flags": NONE_OF_THESE},
        timed_out="session_ended",
        status=400,
    ),
    Visit(
        "page lost with the session",
        "/questions/pain-details",
        answers_before("pain-details", BFR_CANDIDATE),
        form={"pain_intensity": "6"},
        timed_out="session_ended",
        status=400,
    ),
    Visit(
        "contact timed out",
        "/result",
        BFR_CANDIDATE,
        form=CONTACT,
        timed_out="timed_out",
        status=400,
    ),
    Visit(
        "contact after the session ended",
        "/result",
        BFR_CANDIDATE,
        form=CONTACT,
        timed_out="session_ended",
        status=400,
    ),
)


def in_language(path: str, code: str) -> str:
    """Return ``path`` with ``lang=code`` added to its query."""
    return f"{path}{'&' if '?' in path else '?'}lang={code}"


def open_page(client: FlaskClient, visit: Visit, code: str) -> TestResponse:
    """Open the visit's page in language ``code``, as a person would reach it."""
    with client.session_transaction() as session:
        session["answers"] = dict(visit.answers)
        if visit.sent:
            session["contact"] = {"token": "sent", "reference": REFERENCE}
    url = in_language(visit.path, code)
    if visit.form is None:
        return client.get(url)
    form = dict(visit.form)
    if visit.path == "/result":  # the contact form: opened first, for its one-time token
        assert client.get(in_language("/result", code)).status_code == 200
        with client.session_transaction() as session:
            form.setdefault("token", session["contact"]["token"])
    if visit.timed_out is not None:
        if visit.path != "/result":
            assert client.get(url).status_code == 200
        form["csrf_token"] = token_shown(client, THREE_HOURS)
        if visit.timed_out == "session_ended":
            client.delete_cookie("session")
    return client.post(url, data=form)
