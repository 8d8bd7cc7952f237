"""Running the questionnaire for a patient: details, the patient's own pages, save once."""

from __future__ import annotations

import datetime

import pytest

from advisor.staff.forms import MESSAGES
from tests.databases import count
from tests.pages import text_of
from tests.personas import BFR_CANDIDATE, CHEST_PAIN, DETAILS, WELL
from tests.staff.conftest import audit_entries, email_of, run_token, the_screening


def test_a_run_for_a_patient_is_saved_once_with_who_ran_it(db_app, staff, walker):
    """Details, the patient's questionnaire, check answers, Save: one screening, by this staff
    member, with the patient's details and the result; then its detail page."""
    started = staff.start_run()
    assert started.location == "/questions/about-you"

    assert walker.walk(BFR_CANDIDATE) == "/check-answers"
    check = text_of(staff.client.get("/check-answers"))
    assert "Check the patient’s answers" in check
    assert "Ann Lee" in check
    assert "Save screening" in check
    saved = staff.client.post("/staff/screenings/save", data={"token": run_token(staff.client)})

    screening = the_screening(db_app)
    assert saved.location == f"/staff/screenings/{screening.id}"
    assert screening.source == "staff"
    assert screening.created_by_id == staff_id(db_app, "intake")
    assert (screening.patient_name, screening.patient_phone, screening.patient_email) == (
        "Ann Lee",
        "555 123 4567",
        "ann@example.com",
    )
    assert screening.patient_dob == datetime.date(1958, 3, 27)
    assert screening.consent is True
    assert screening.primary == "bfr"
    assert screening.answers == BFR_CANDIDATE
    page = text_of(staff.client.get(saved.location))
    assert f"Screening {screening.reference} saved" in page
    assert "bfr-weakness-with-condition" in page
    (created,) = audit_entries(db_app, "screening_created")
    assert created.actor == email_of("intake")


def staff_id(app, role: str) -> int:
    from advisor.storage.users import find_user

    with app.app_context():
        return find_user(email_of(role)).id


def test_saving_twice_stores_one_screening(db_app, staff, walker):
    """A second "Save screening" with the same token goes to the same screening, storing none."""
    staff.start_run()
    walker.walk(BFR_CANDIDATE)
    token = run_token(staff.client)

    first = staff.client.post("/staff/screenings/save", data={"token": token})
    second = staff.client.post("/staff/screenings/save", data={"token": token})

    assert count(db_app) == 1
    assert second.location == first.location


def test_a_double_click_from_the_same_page_stores_one_screening(db_app, staff, walker):
    """Two posts carrying the same session (sent before the first answer came back) store one."""
    staff.start_run()
    walker.walk(BFR_CANDIDATE)
    token = run_token(staff.client)
    cookie = staff.client.get_cookie("session").value

    first = staff.client.post("/staff/screenings/save", data={"token": token})
    staff.client.set_cookie("session", cookie)
    second = staff.client.post("/staff/screenings/save", data={"token": token})

    assert count(db_app) == 1
    assert second.location == first.location
    assert len(audit_entries(db_app, "screening_created")) == 1


@pytest.mark.parametrize("token", ["not-the-token", "\xa0"], ids=["other", "non-ascii"])
def test_a_token_that_is_not_the_runs_is_refused(db_app, staff, walker, token):
    """A save with another token (in any script) stores nothing (400)."""
    staff.start_run()
    walker.walk(BFR_CANDIDATE)

    refused = staff.client.post("/staff/screenings/save", data={"token": token})

    assert refused.status_code == 400
    assert count(db_app) == 0


def test_without_consent_no_details_are_kept(db_app, staff, walker):
    """A patient who does not agree: details left empty, the screening is kept without them."""
    staff.start_run(details={})
    walker.walk(BFR_CANDIDATE)
    assert "Not kept" in text_of(staff.client.get("/check-answers"))

    staff.client.post("/staff/screenings/save", data={"token": run_token(staff.client)})

    screening = the_screening(db_app)
    assert screening.consent is False
    assert (screening.patient_name, screening.patient_phone, screening.patient_email) == (
        None,
        None,
        None,
    )
    assert screening.created_by_id == staff_id(db_app, "intake")


@pytest.mark.parametrize(
    ("details", "field", "message"),
    [
        ({**DETAILS, "consent": ""}, "consent", MESSAGES["consent_for_details"]),
        ({"consent": "y"}, "name", MESSAGES["name_required"]),
        ({"name": "Ann Lee", "consent": "y"}, "phone", MESSAGES["phone_or_email"]),
        ({**DETAILS, "phone": "call me"}, "phone", MESSAGES["phone_format"]),
        ({**DETAILS, "email": "ann@"}, "email", MESSAGES["email_format"]),
        (
            {**DETAILS, "dob-day": "31", "dob-month": "2"},
            "dob",
            "Date of birth must be a real date",
        ),
        ({**DETAILS, "dob-year": "9999999999"}, "dob", "Date of birth must be a real date"),
        ({**DETAILS, "language": "fr"}, "language", MESSAGES["not_a_language"]),
        ({**DETAILS, "interpreter": "maybe"}, "interpreter", MESSAGES["interpreter_not_a_choice"]),
    ],
    ids=[
        "details-without-consent",
        "no-name",
        "no-way-to-call",
        "phone",
        "email",
        "dob",
        "dob-year-too-large",
        "language-not-offered",
        "interpreter-not-yes-or-no",
    ],
)
def test_details_are_checked_before_the_questions(db_app, staff, details, field, message):
    """Bad or unconsented details are named in the error summary and nothing starts."""
    response = staff.start_run(details=details)

    assert response.status_code == 200
    assert f'<a href="#{field}">{message}</a>' in response.get_data(as_text=True)
    with staff.client.session_transaction() as session:
        assert "staff_run" not in session


def test_a_red_flag_ends_the_run_at_check_answers_to_save_it(db_app, staff, walker):
    """For staff, a red flag leads to check answers with a warning, and urgent care is saved."""
    staff.start_run()

    assert walker.walk(CHEST_PAIN) == "/check-answers"
    check = text_of(staff.client.get("/check-answers"))
    assert "needs medical help first" in check
    staff.client.post("/staff/screenings/save", data={"token": run_token(staff.client)})

    screening = the_screening(db_app)
    assert screening.primary == "urgent_care"
    assert screening.urgency is not None


def test_the_details_can_be_changed_from_check_answers(db_app, staff, walker):
    """Change the details: the form shows them as kept; the new ones are saved, answers kept."""
    staff.start_run()
    walker.walk(BFR_CANDIDATE)

    form = staff.client.get("/staff/screenings/new?change=1").get_data(as_text=True)
    assert 'value="Ann Lee"' in form
    assert 'value="1958"' in form
    changed = staff.client.post(
        "/staff/screenings/new?change=1", data={**DETAILS, "name": "Ann Lee-Smith"}
    )
    assert changed.location == "/check-answers"
    staff.client.post("/staff/screenings/save", data={"token": run_token(staff.client)})

    screening = the_screening(db_app)
    assert screening.patient_name == "Ann Lee-Smith"
    assert screening.answers == BFR_CANDIDATE


def test_cancelling_a_run_forgets_it(db_app, staff, walker):
    """Cancel without saving: answers and details leave the session, nothing is stored."""
    staff.start_run()
    walker.walk(BFR_CANDIDATE)

    cancelled = staff.client.post("/staff/screenings/cancel")

    assert cancelled.location == "/staff/screenings"
    with staff.client.session_transaction() as session:
        assert not {"staff_run", "answers"} & set(session)
    assert count(db_app) == 0
    assert staff.client.get("/check-answers").location == "/"


def test_saving_before_the_questions_are_done_goes_back_to_them(db_app, staff, walker):
    """A save with questions unanswered goes to the first of them and stores nothing."""
    staff.start_run()
    staff.client.post("/questions/about-you", data={"age": "50"})

    response = staff.client.post("/staff/screenings/save", data={"token": run_token(staff.client)})

    assert response.location == "/questions/urgent-symptoms"
    assert count(db_app) == 0


def test_a_new_run_starts_with_no_earlier_answers(db_app, staff, walker):
    """Details for a new patient forget the answers and the details of the run before."""
    staff.start_run()
    walker.walk(BFR_CANDIDATE)
    first_token = run_token(staff.client)

    staff.client.post("/staff/screenings/new", data={})

    with staff.client.session_transaction() as session:
        assert "answers" not in session
    assert run_token(staff.client) != first_token
    walker.walk(BFR_CANDIDATE)
    assert "Not kept" in text_of(staff.client.get("/check-answers"))


def test_outside_a_run_the_patients_own_questionnaire_is_unchanged(db_app, staff, walker):
    """A signed-in member of staff not running a screening sees the patient's pages as they are."""
    staff.as_role("intake")

    assert walker.walk(CHEST_PAIN) == "/urgent"
    walker.walk(BFR_CANDIDATE)
    assert "See your result" in text_of(staff.client.get("/check-answers"))


def test_the_back_link_goes_to_the_patients_previous_page_within_the_run(staff, walker):
    """In a run, Back goes to the page before, still in the run (check answers is the staff's)."""
    staff.start_run()
    walker.answer("about-you", BFR_CANDIDATE)

    back = walker.back_link("urgent-symptoms")
    shown = staff.client.get(back)
    walker.walk(BFR_CANDIDATE, start=back)

    assert back == "/questions/about-you"
    assert shown.status_code == 200
    assert 'value="68"' in shown.text
    assert "Check the patient’s answers" in text_of(staff.client.get("/check-answers"))


def test_a_run_for_a_patient_without_pain_saves_what_no_pain_implies(db_app, staff, walker):
    """The pain details are skipped, and the screening keeps every core answer, as the API has it."""
    staff.start_run()
    walker.walk(WELL)
    staff.client.post("/staff/screenings/save", data={"token": run_token(staff.client)})

    screening = the_screening(db_app)

    assert "pain-details" not in walker.visited
    assert screening.answers == WELL
    assert (WELL["pain_cause"], WELL["pain_intensity"], WELL["pain_sources"]) == ("none", 0, [])
