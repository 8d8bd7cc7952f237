"""Each page shows the practice in its own language: Spanish texts on Spanish pages, staff in English.

The practice is made once in each language when the app starts; a page takes the one
of the language it is in (``?lang=es``, the visit's choice, the browser's), and a staff
page is always English.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from flask import Flask, template_rendered
from flask.testing import FlaskClient

from advisor import create_app
from advisor.practice import current_practice
from advisor.untranslated import Untranslated
from tests.practice.conftest import PROFILE
from tests.staff.conftest import StaffActions, make_user

BASE = {"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test"}

#: ``PROFILE`` without its Spanish.
ENGLISH_ONLY = PROFILE.split("\n[es]\n")[0]


@pytest.fixture(autouse=True)
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("ADVISOR_PRACTICE", raising=False)


@pytest.fixture
def client(write_profile) -> FlaskClient:
    """A patient's browser on an app whose profile has its texts in Spanish."""
    return create_app({**BASE, "PRACTICE_PROFILE": str(write_profile())}).test_client()


def contact_sent(client: FlaskClient) -> None:
    """Put a sent contact request's reference in the session, as storing one does."""
    with client.session_transaction() as session:
        session["contact"] = {"token": "t", "reference": "K7M2-QX9P"}


def test_the_confirmation_in_spanish_gives_the_spanish_callback(client):
    contact_sent(client)

    page = client.get("/request-received?lang=es").get_data(as_text=True)

    assert "dentro de un día hábil" in page
    assert "within one working day" not in page


def test_the_confirmation_in_english_gives_the_english_callback(client):
    contact_sent(client)

    page = client.get("/request-received").get_data(as_text=True)

    assert "within one working day" in page
    assert "dentro de un día hábil" not in page


def test_a_spanish_page_gives_the_spanish_hours_and_sessions(client):
    page = client.get("/therapies/bfr?lang=es").get_data(as_text=True)

    assert "De lunes a viernes, de 8 a. m. a 6 p. m." in page.split("<footer")[1]
    assert "2 o 3 veces por semana" in page
    assert "8 a 12" in page
    assert "2 or 3 times a week" not in page


def test_the_visits_language_choice_keeps_the_spanish_texts(client):
    """Chosen once with the switch, Spanish stays for the visit, and so do the practice's texts."""
    client.get("/?lang=es")

    page = client.get("/therapies/bfr").get_data(as_text=True)

    assert "2 o 3 veces por semana" in page


def test_a_text_with_no_spanish_is_the_english_marked_untranslated(write_profile):
    app = create_app({**BASE, "PRACTICE_PROFILE": str(write_profile(ENGLISH_ONLY))})

    with app.test_request_context("/result?lang=es"):
        practice = current_practice()

    assert practice is not None
    assert isinstance(practice.callback, Untranslated)
    assert practice.callback == "within one working day"


def test_the_practice_of_each_language_is_made_once_at_the_start(client):
    app: Flask = client.application  # type: ignore[assignment]

    with app.test_request_context("/?lang=es"):
        first = current_practice()
    with app.test_request_context("/?lang=es"):
        again = current_practice()
    with app.test_request_context("/"):
        english = current_practice()

    assert first is again
    assert first is not None
    assert english is not None
    assert first.language == "es"
    assert english.language == "en"


def test_a_language_can_be_asked_for_by_name(client):
    app: Flask = client.application  # type: ignore[assignment]

    with app.test_request_context("/"):
        practice = current_practice(language="es")

    assert practice is not None
    assert practice.callback == "dentro de un día hábil"


def test_outside_a_request_the_practice_is_the_english_as_written(client):
    """A command's app context has no page, so it gets the profile as written."""
    app: Flask = client.application  # type: ignore[assignment]

    with app.app_context():
        practice = current_practice()

    assert practice is not None
    assert practice.callback == "within one working day"


def test_the_missing_spanish_is_logged_once_at_the_start(write_profile, caplog):
    caplog.set_level(logging.WARNING)
    logger = logging.getLogger("advisor")  # it does not propagate to the root logger
    logger.addHandler(caplog.handler)
    try:
        app = create_app({**BASE, "PRACTICE_PROFILE": str(write_profile(ENGLISH_ONLY))})
        app.test_client().get("/?lang=es")
    finally:
        logger.removeHandler(caplog.handler)

    logged = [
        r.getMessage() for r in caplog.records if "practice-translation-missing" in r.getMessage()
    ]
    assert len(logged) == 4
    assert (
        ":8:1: warning [practice-translation-missing] 'callback' has no Spanish (es)" in (logged[1])
    )


# --- staff pages: always English --------------------------------------------------------------


@pytest.fixture
def database_kind() -> str:
    """The staff page's language does not depend on the database, so SQLite is enough."""
    return "sqlite"


@pytest.fixture
def app_settings(write_profile) -> dict[str, object]:
    return {"PRACTICE_PROFILE": str(write_profile())}


def test_the_staff_practice_page_shows_the_english_profile(db_app):
    with db_app.app_context():
        make_user("admin")
    staff = StaffActions(db_app.test_client())
    staff.as_role("admin")

    page = staff.client.get("/staff/practice?lang=es").get_data(as_text=True)

    assert "<td>within one working day</td>" in page
    assert "2 or 3 times a week" in page
    assert "dentro de un día hábil" not in page


#: ``PROFILE`` with its privacy notice written in it, in English only.
PRIVACY = PROFILE.replace(
    'privacy_url = "https://riverside.example/privacy"',
    'privacy_text = """We keep what you send us.\n\nWe never sell it."""',
)


def test_the_privacy_notice_in_spanish_is_the_spanish_one(write_profile):
    text = PRIVACY.replace(
        "[es]\n", '[es]\nprivacy_text = """Guardamos lo que nos envía.\n\nNunca lo vendemos."""\n'
    )
    client = create_app({**BASE, "PRACTICE_PROFILE": str(write_profile(text))}).test_client()

    spanish = client.get("/privacy?lang=es").get_data(as_text=True)
    english = client.get("/privacy?lang=en").get_data(as_text=True)

    assert "<p>Guardamos lo que nos envía.</p>" in spanish
    assert "<p>Nunca lo vendemos.</p>" in spanish
    assert "<p>We keep what you send us.</p>" in english


def test_a_privacy_notice_with_no_spanish_keeps_its_mark_in_each_paragraph(write_profile):
    """Each paragraph of an English notice on a Spanish page is ``Untranslated``, for the page."""
    app = create_app({**BASE, "PRACTICE_PROFILE": str(write_profile(PRIVACY))})
    shown: list[list[str]] = []

    def record(sender, template, context, **extra):
        shown.append(context["paragraphs"])

    with template_rendered.connected_to(record, app):
        app.test_client().get("/privacy?lang=es")

    assert shown == [["We keep what you send us.", "We never sell it."]]
    assert all(isinstance(paragraph, Untranslated) for paragraph in shown[0])
