"""Security: CSRF tokens, headers, cookies, escaping, and no inline script or style."""

from __future__ import annotations

import logging
import re

import pytest

from tests.pages import text_of
from tests.personas import BFR_CANDIDATE, CHEST_PAIN

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def token_from(page: str) -> str:
    found = TOKEN.search(page)
    assert found is not None, "no CSRF token in the form"
    return found.group(1)


def test_a_page_post_without_the_token_is_refused(csrf_client):
    """With CSRF protection on, a form sent without its token is refused with 400.

    Nothing it sent is kept as an answer; the page is shown again with it filled in and a
    fresh token, as after a timeout (``test_timed_out.py``).
    """
    response = csrf_client.post("/questions/about-you", data={"age": "45"})

    assert response.status_code == 400
    assert "There is a problem" in text_of(response)
    with csrf_client.session_transaction() as session:
        assert "answers" not in session


def test_a_page_post_with_the_token_from_the_form_works(csrf_client):
    """The token in the page's form lets the answers through."""
    token = token_from(csrf_client.get("/questions/about-you").get_data(as_text=True))

    response = csrf_client.post("/questions/about-you", data={"age": "45", "csrf_token": token})

    assert response.status_code == 302
    assert response.location == "/questions/urgent-symptoms"


def test_back_needs_the_token_too(csrf_client):
    """Back sends the form, so it needs the token like any other POST."""
    response = csrf_client.post("/questions/about-you", data={"action": "back"})

    assert response.status_code == 400


def test_start_again_without_the_token_is_refused(csrf_client):
    """Start again is a POST and needs its token."""
    assert csrf_client.post("/start-again").status_code == 400


def test_start_again_with_the_token_from_the_result_works(csrf_client):
    """The result page's Start again form carries a working token."""
    with csrf_client.session_transaction() as session:
        session["answers"] = CHEST_PAIN
    page = csrf_client.get("/urgent").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    response = csrf_client.post("/start-again", data={"csrf_token": token})

    assert response.status_code == 302


@pytest.mark.parametrize(
    "path", ["/", "/questions/about-you", "/check-answers", "/static/advisor.css", "/no-such-page"]
)
def test_security_headers_on_every_response(client, path):
    """Every response forbids inline code, sniffing and framing."""
    with client.get(path) as response:
        headers = response.headers

    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_pages_with_answers_are_not_cached(client):
    """Pages say no-store, so answers do not stay in a shared cache."""
    assert client.get("/questions/about-you").headers["Cache-Control"] == "no-store"


def test_session_cookie_is_http_only_and_same_site_lax(client):
    """The session cookie cannot be read by scripts and is not sent on cross-site posts."""
    response = client.post("/questions/about-you", data={"age": "45"})
    cookie = response.headers["Set-Cookie"]

    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


@pytest.mark.parametrize(
    ("page_id", "field"),
    [("about-you", "age"), ("pain-details", "pain_intensity")],
)
def test_patient_input_is_escaped(client, given, page_id, field):
    """Markup typed into an answer comes back as text, never as markup."""
    if page_id == "pain-details":
        given({k: v for k, v in BFR_CANDIDATE.items() if k not in ("pain_intensity",)})
    attack = '"><script>alert(1)</script>'

    page = client.post(f"/questions/{page_id}", data={field: attack}).get_data(as_text=True)

    assert "<script>alert(1)</script>" not in page
    assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_unknown_option_is_not_echoed(client, given):
    """A made-up option value is refused without showing it back."""
    given(age=45)

    page = client.post("/questions/urgent-symptoms", data={"red_flags": "<b>bold</b>"}).get_data(
        as_text=True
    )

    assert "<b>bold</b>" not in page
    assert "Select an answer from the list" in page


@pytest.mark.parametrize(
    "path", ["/", "/questions/about-you", "/check-answers", "/result", "/urgent"]
)
def test_no_inline_script_or_style_anywhere(client, given, path):
    """Pages have no scripts and no inline styles, which the CSP would block."""
    given({**BFR_CANDIDATE, "red_flags": []} if path != "/urgent" else CHEST_PAIN)

    page = client.get(path).get_data(as_text=True)

    assert "<script" not in page
    assert "<style" not in page
    assert "style=" not in page


def test_answers_are_not_logged(walker, caplog):
    """A whole walk through the questionnaire logs nothing the person answered."""
    caplog.set_level(logging.INFO)
    logger = logging.getLogger("advisor")  # it does not propagate to the root logger
    logger.addHandler(caplog.handler)
    try:
        walker.finish(BFR_CANDIDATE)
    finally:
        logger.removeHandler(caplog.handler)

    # experta's own watchers print facts at INFO; they are the engine's to silence, not the web's.
    ours = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("experta"))
    for answer in ("osteoarthritis", "limits_activity", "diagnosed_condition", "medicare"):
        assert answer not in ours


def test_the_session_cookie_stays_small(walker, client):
    """Even with drafts, the session cookie stays well under the 4 KB browsers keep."""
    walker.walk(BFR_CANDIDATE)
    for page_id in ("payment", "pain-details", "strength", "cuff-safety"):
        walker.back(page_id, {"pain_intensity": "x" * 100, "bfr_risks": ["unsure"]})

    cookie = client.get_cookie("session")

    assert len(cookie.value) < 2000
