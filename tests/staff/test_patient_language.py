"""Staff see the language a patient used and whether they would like an interpreter: in a run,
in the queue, on a screening's page and in the CSV. Staff pages stay in English."""

from __future__ import annotations

import csv
import io
import re

import pytest

from advisor.staff.language import how_to_speak, interpreter_in_words, language_in_words
from advisor.storage import db
from advisor.storage.models import Screening
from advisor.storage.screenings import Communication, Patient
from tests.pages import text_of
from tests.personas import BFR_CANDIDATE, CONTACT, DETAILS
from tests.staff.conftest import run_token, the_screening
from tests.storage.conftest import ready_for_contact

ANA = Patient("Ana López", "555 123 4567", consent=True)

SPANISH = '<td>Spanish (<span lang="es">Español</span>)</td>'


@pytest.mark.parametrize(
    ("language", "interpreter", "note"),
    [
        ("es", "yes", "Spanish · interpreter"),
        ("es", "no", "Spanish"),
        ("es", None, "Spanish"),
        ("en", "yes", "Interpreter"),
        ("en", "no", ""),
        ("en", None, ""),
    ],
)
def test_the_queue_note_says_only_what_a_call_needs(language, interpreter, note):
    """Nothing for English without an interpreter; otherwise the language, then "interpreter"."""
    assert how_to_speak(language, interpreter) == note


def test_languages_and_answers_read_in_english_with_the_patients_own_name_for_the_language():
    """English is just "English"; Spanish adds its own name, marked as Spanish for screen readers."""
    assert language_in_words("en") == "English"
    assert language_in_words("es") == 'Spanish (<span lang="es">Español</span>)'
    assert [interpreter_in_words(a) for a in ("yes", "no", None)] == ["Yes", "No", "Not asked"]


# A staff run ------------------------------------------------------------------------------


def test_a_run_starts_in_english_with_the_interpreter_question_unanswered(db_app, staff):
    """The details form offers English and Spanish, English ticked; Yes and No, neither ticked."""
    staff.as_role("intake")

    form = text_of(staff.client.get("/staff/screenings/new"))

    assert '<legend class="legend">Patient’s language</legend>' in form
    assert 'id="language" name="language" type="radio" value="en" checked>' in form
    assert 'id="language-es" name="language" type="radio" value="es">' in form
    assert (
        '<label class="choice-label" for="language-es">Spanish (<span lang="es">Español</span>)'
        in form
    )
    assert (
        '<legend class="legend">Would the patient like an interpreter? (optional)</legend>' in form
    )
    assert 'id="interpreter" name="interpreter" type="radio" value="yes">' in form
    assert 'id="interpreter-no" name="interpreter" type="radio" value="no">' in form


def test_a_run_saves_the_language_and_interpreter_answer_staff_chose(db_app, staff, walker):
    """Spanish and "Yes": check answers shows both, and the saved screening keeps them."""
    staff.start_run(details={**DETAILS, "language": "es", "interpreter": "yes"})
    walker.walk(BFR_CANDIDATE)

    check = text_of(staff.client.get("/check-answers"))
    staff.client.post("/staff/screenings/save", data={"token": run_token(staff.client)})

    assert (
        'Language</dt><dd class="summary-value">Spanish (<span lang="es">Español</span>)' in check
    )
    assert 'Interpreter</dt><dd class="summary-value">Yes</dd>' in check
    screening = the_screening(db_app)
    assert (screening.language, screening.interpreter) == ("es", "yes")


def test_a_run_where_staff_change_nothing_is_english_and_not_asked(db_app, staff, walker):
    """Without a choice the screening is English, and the interpreter question not answered."""
    staff.start_run(details=DETAILS)
    walker.walk(BFR_CANDIDATE)

    staff.client.post("/staff/screenings/save", data={"token": run_token(staff.client)})

    screening = the_screening(db_app)
    assert (screening.language, screening.interpreter) == ("en", None)


def test_the_language_is_kept_when_the_patient_keeps_no_details(db_app, staff, walker):
    """No consent, no details; the language and interpreter answer are kept all the same."""
    staff.start_run(details={"language": "es", "interpreter": "no"})
    walker.walk(BFR_CANDIDATE)

    staff.client.post("/staff/screenings/save", data={"token": run_token(staff.client)})

    screening = the_screening(db_app)
    assert screening.consent is False
    assert (screening.language, screening.interpreter) == ("es", "no")


def test_the_language_can_be_changed_from_check_answers(db_app, staff, walker):
    """Change: the form shows the run's choice ticked; the new choice is the one saved."""
    staff.start_run(details={**DETAILS, "language": "es", "interpreter": "yes"})
    walker.walk(BFR_CANDIDATE)

    form = text_of(staff.client.get("/staff/screenings/new?change=1"))
    changed = staff.client.post(
        "/staff/screenings/new?change=1", data={**DETAILS, "language": "en", "interpreter": "no"}
    )
    staff.client.post("/staff/screenings/save", data={"token": run_token(staff.client)})

    assert 'name="language" type="radio" value="es" checked>' in form
    assert 'name="interpreter" type="radio" value="yes" checked>' in form
    assert changed.location == "/check-answers"
    screening = the_screening(db_app)
    assert (screening.language, screening.interpreter) == ("en", "no")
    assert screening.answers == BFR_CANDIDATE


# The queue, a screening's page, the CSV -----------------------------------------------------


@pytest.fixture
def spoken(stored) -> dict[str, int]:
    """Four people to contact: Spanish with and without an interpreter, English with and without."""
    return {
        "es-yes": stored(patient=ANA, communication=Communication("es", "yes")),
        "es-none": stored(patient=ANA, communication=Communication("es")),
        "en-yes": stored(patient=ANA, communication=Communication("en", "yes")),
        "en-no": stored(patient=ANA, communication=Communication("en", "no")),
    }


def reference_of(db_app, screening_id: int) -> str:
    with db_app.app_context():
        return db.session.get(Screening, screening_id).reference


def row_of(page: str, reference: str) -> str:
    (row,) = [r for r in re.findall(r"<tr>.*?</tr>", page) if reference in r]
    return row


@pytest.mark.parametrize("view", ["to_contact", "all"])
def test_each_list_marks_who_needs_spanish_or_an_interpreter(db_app, staff, spoken, view):
    """The person's cell carries the note where it is needed, and nothing for English alone."""
    staff.as_role("intake")

    page = text_of(staff.client.get(f"/staff/screenings?view={view}"))

    notes = {
        name: re.findall(r"<br><strong>([^<]*)</strong>", row_of(page, reference_of(db_app, id_)))
        for name, id_ in spoken.items()
    }
    assert notes == {
        "es-yes": ["Spanish · interpreter"],
        "es-none": ["Spanish"],
        "en-yes": ["Interpreter"],
        "en-no": [],
    }


@pytest.mark.parametrize(
    ("name", "language", "interpreter"),
    [
        ("es-yes", SPANISH, "Yes"),
        ("es-none", SPANISH, "Not asked"),
        ("en-no", "<td>English</td>", "No"),
    ],
)
def test_the_screening_page_names_the_language_and_the_interpreter_answer(
    db_app, staff, spoken, name, language, interpreter
):
    """In the person block, beside the age: "Language" and "Interpreter", even without consent."""
    staff.as_role("intake")

    page = text_of(staff.client.get(f"/staff/screenings/{spoken[name]}"))

    person = page[page.index(">Patient</h2>") : page.index(">Result</h2>")]
    assert f'<tr><th scope="row">Language</th>{language}</tr>' in person
    assert f'<tr><th scope="row">Interpreter</th><td>{interpreter}</td></tr>' in person


def test_a_screening_stored_without_a_language_reads_english_and_not_asked(db_app, staff, stored):
    """Screenings from before languages (migrated as English, not answered) read as such."""
    screening = stored(patient=Patient())
    staff.as_role("intake")

    page = text_of(staff.client.get(f"/staff/screenings/{screening}"))

    assert '<tr><th scope="row">Language</th><td>English</td></tr>' in page
    assert '<tr><th scope="row">Interpreter</th><td>Not asked</td></tr>' in page


def test_the_csv_names_the_language_in_english_and_gives_the_interpreter_answer(
    db_app, staff, spoken
):
    """Columns "language" and "interpreter": "Spanish", "yes"; empty when not answered."""
    staff.as_role("intake")

    response = staff.client.get("/staff/screenings.csv")

    rows = csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig")))
    by_reference = {row["reference"]: (row["language"], row["interpreter"]) for row in rows}
    assert {name: by_reference[reference_of(db_app, id_)] for name, id_ in spoken.items()} == {
        "es-yes": ("Spanish", "yes"),
        "es-none": ("Spanish", ""),
        "en-yes": ("English", "yes"),
        "en-no": ("English", "no"),
    }


def test_a_screening_made_in_spanish_reads_in_english_for_staff(db_app, staff, questionnaire):
    """A patient answers and sends the form in Spanish; the staff page is English throughout:
    its language, the question texts and the answers, with only the language's own name in Spanish."""
    patient = db_app.test_client()
    patient.get("/?lang=es")
    token = ready_for_contact(patient, BFR_CANDIDATE)
    sent = patient.post("/result", data={**CONTACT, "interpreter": "yes", "token": token})
    assert sent.status_code == 302
    screening = the_screening(db_app)
    assert screening.language == "es"
    staff.as_role("intake")

    page = text_of(staff.client.get(f"/staff/screenings/{screening.id}"))

    assert '<html lang="en"' in page
    assert SPANISH in page
    main = page[page.index("<main") : page.index("</main>")]
    assert re.findall(r'lang="(\w+)"', main) == ["es"]  # the language's own name, nothing else
    answered = [q for q in questionnaire if q.id in screening.answers and q.text]
    assert answered
    for question in answered:
        assert f"<dt>{question.text}</dt>" in page
    assert "<dd>Medicare</dd>" in page


@pytest.mark.parametrize("path", ["/staff/login", "/staff/screenings", "/staff/screenings/new"])
def test_staff_pages_offer_no_language_switch(db_app, staff, path):
    """Staff pages are always in English, so they show no "English | Español" switch."""
    if path != "/staff/login":
        staff.as_role("intake")

    page = text_of(staff.client.get(path))

    assert '<html lang="en">' in page
    assert "language-switch" not in page
    assert "?lang=" not in page
