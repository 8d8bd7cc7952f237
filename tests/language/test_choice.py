"""Which language a page is in: the switch, the browser's wish, the visit's memory, and the staff's English.

Every patient page says its language in ``<html lang>``, so a screen reader speaks
Spanish as Spanish. Staff pages stay in English whatever the patient chose. Anything
a client sends that is not one of our languages gives English, never an error.
"""

from __future__ import annotations

import html
import re

import pytest

from tests.language.pages import VISITS, Visit, open_page
from tests.personas import BFR_CANDIDATE


@pytest.fixture
def client(make_app):
    """A client of an app that speaks English and Spanish only (no pseudo-language)."""
    return make_app(languages=("en", "es")).test_client()


def page_language(page: str) -> str:
    found = re.search(r'<html lang="([^"]*)">', page)
    assert found is not None, "the page has no <html lang>"
    return found.group(1)


def switch_links(page: str) -> dict[str, str]:
    """Return the language switch's links, by the language they lead to."""
    switch = page[page.index('<nav class="language-switch"') : page.index("</nav>")]
    return {
        code: html.unescape(href)
        for href, code in re.findall(r'<a href="([^"]*)" lang="([^"]*)"', switch)
    }


@pytest.mark.parametrize("visit", VISITS, ids=lambda visit: visit.name)
def test_every_patient_page_in_spanish_says_so(make_app, visit: Visit):
    """``?lang=es`` gives the page in Spanish, marked ``<html lang="es">``, with the switch to English."""
    client = make_app(csrf=visit.csrf).test_client()

    shown = open_page(client, visit, "es")

    page = shown.get_data(as_text=True)
    assert shown.status_code == visit.status
    assert page_language(page) == "es"
    assert '<span aria-current="true" lang="es">Español</span>' in page
    assert "en" in switch_links(page)


@pytest.mark.parametrize("path", ["/staff/login", "/staff/login?next=/staff/screenings"])
def test_staff_pages_stay_in_english_whatever_the_patient_chose(client, path):
    """Asked for Spanish, in the link and for the visit, a staff page is still English."""
    client.get("/?lang=es")

    shown = client.get(f"{path}{'&' if '?' in path else '?'}lang=es")

    page = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert page_language(page) == "en"
    assert "Español" not in page


def test_the_switch_keeps_the_page_and_its_query(client):
    """From a page being changed, "English" leads to the same page, still being changed."""
    with client.session_transaction() as session:
        session["answers"] = dict(BFR_CANDIDATE)

    page = client.get("/questions/about-you?change=1&lang=es").get_data(as_text=True)

    assert switch_links(page) == {"en": "/questions/about-you?change=1&lang=en"}


def test_the_switch_on_a_page_sent_with_errors_asks_for_that_page_again(client):
    """A form sent back with errors: the switch links to the same page (GET) in the other language."""
    page = client.post("/questions/about-you?lang=es", data={"age": ""}).get_data(as_text=True)

    assert "Escriba su edad" in page
    assert switch_links(page) == {"en": "/questions/about-you?lang=en"}


def test_the_switch_on_a_not_found_page_never_leaves_the_site(client):
    """``//evil.example`` is a path here: the switch's link stays on this site."""
    shown = client.get("/", environ_overrides={"PATH_INFO": "//evil.example/start"})

    assert shown.status_code == 404
    assert switch_links(shown.get_data(as_text=True)) == {"es": "/evil.example/start?lang=es"}


@pytest.mark.parametrize("asked", ["xx", "", "e", "english", "eo", "es" * 40, "<script>"])
def test_a_language_we_do_not_speak_gives_english(client, asked):
    """``?lang=`` with anything but a language we speak: the page in English, never an error."""
    shown = client.get("/", query_string={"lang": asked})

    assert shown.status_code == 200
    assert page_language(shown.get_data(as_text=True)) == "en"


@pytest.mark.parametrize(
    "header", ["xx", "es;q=abc", ";;;,,,", "*", "q=1;es", "es;q=0", "x" * 500, "ñ"]
)
def test_a_malformed_accept_language_gives_english(client, header):
    """A browser wish we cannot read, or one for a language we do not speak: English, 200."""
    shown = client.get("/", headers={"Accept-Language": header})

    assert shown.status_code == 200
    assert page_language(shown.get_data(as_text=True)) == "en"


def test_the_browsers_wish_is_followed_when_no_choice_was_made(client):
    """A browser that prefers Mexican Spanish gets Spanish without asking."""
    shown = client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"})

    assert page_language(shown.get_data(as_text=True)) == "es"


def test_the_choice_is_remembered_for_the_visit(client):
    """Spanish chosen once: the next pages are Spanish without ``?lang``, until English is chosen."""
    client.get("/?lang=es")

    spanish = client.get("/questions/about-you").get_data(as_text=True)
    client.get("/questions/about-you?lang=en")
    english = client.get("/check-answers", follow_redirects=True).get_data(as_text=True)

    assert page_language(spanish) == "es"
    assert "Continuar" in spanish
    assert page_language(english) == "en"


def test_the_choice_outlives_the_session_that_held_the_answers(client):
    """When the answers' session has ended, the time-out and the new start are still Spanish."""
    client.get("/?lang=es")
    client.delete_cookie(client.application.config["SESSION_COOKIE_NAME"])  # 2 hours idle

    shown = client.get("/questions/about-you", headers={"Accept-Language": "en"})

    assert page_language(shown.get_data(as_text=True)) == "es"
    cookie = client.get_cookie("lang")
    assert cookie is not None
    assert cookie.value == "es"
    assert cookie.http_only


def test_the_choice_beats_the_browsers_wish(client):
    """A person who chose English on a Spanish browser keeps English."""
    client.get("/?lang=en", headers={"Accept-Language": "es"})

    shown = client.get("/questions/about-you", headers={"Accept-Language": "es"})

    assert page_language(shown.get_data(as_text=True)) == "en"


def test_dates_and_numbers_follow_the_language(make_app):
    """The printed result in Spanish is dated as Spanish writes it, and prices as the US writes them."""
    client = make_app().test_client()
    with client.session_transaction() as session:
        session["answers"] = {**BFR_CANDIDATE, "insurance": "self_pay"}

    page = client.get("/result?lang=es").get_data(as_text=True)

    assert re.search(r"Evaluación del \d{1,2} de [a-z]+ de \d{4}\.", page)
    assert "una sesión cuesta $95." in page
    assert "Una sesión dura alrededor de 45 minutos." in page
