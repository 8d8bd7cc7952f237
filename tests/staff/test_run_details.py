"""A staff run keeps the patient's details in the database, never in the session cookie."""

from __future__ import annotations

import datetime
import json

from flask_login.utils import _create_identifier
from sqlalchemy import select, update

from advisor.storage import db
from advisor.storage.models import RunDetails, utcnow
from tests.conftest import cookie_text
from tests.databases import count
from tests.pages import text_of
from tests.personas import BFR_CANDIDATE, DETAILS
from tests.staff.conftest import StaffActions, run_token, the_screening
from tests.web.conftest import page_of

SECOND = datetime.timedelta(seconds=1)
MINUTE = datetime.timedelta(minutes=1)

#: How the patient's details of ``DETAILS`` could be written in a cookie.
PERSONAL = ("Ann Lee", "555 123 4567", "ann@example.com", "1958-03-27", "27 Mar 1958")


def assert_nothing_personal(app, client) -> None:
    text = cookie_text(app, client)
    found = [detail for detail in PERSONAL if detail in text]

    assert found == [], text


def test_no_personal_details_reach_the_session_cookie_during_a_run(db_app, staff, walker):
    """Details, every page, check answers, a change of details: the cookie never holds the
    patient's name, phone, email or date of birth, only the run's token and details id, and
    the patient's language and interpreter answer, which name nobody."""
    started = staff.start_run()
    assert_nothing_personal(db_app, staff.client)
    url = started.location
    while page_of(url) is not None:
        staff.client.get(url)
        url = walker.answer(page_of(url), BFR_CANDIDATE).location
        assert_nothing_personal(db_app, staff.client)
    assert "Ann Lee" in staff.client.get("/check-answers").get_data(as_text=True)
    assert_nothing_personal(db_app, staff.client)
    staff.client.get("/staff/screenings/new?change=1")
    staff.client.post("/staff/screenings/new?change=1", data=DETAILS)
    assert_nothing_personal(db_app, staff.client)

    run = json.loads(cookie_text(db_app, staff.client))["staff_run"]
    assert set(run) == {"token", "details", "language", "interpreter"}


def kept(app) -> list[RunDetails]:
    """Return every entry of the staff run details table, detached."""
    with app.app_context():
        rows = list(db.session.scalars(select(RunDetails)))
        db.session.expunge_all()
        return rows


def expire_all(app) -> None:
    """Make every kept entry a second past its expiry."""
    with app.app_context():
        db.session.execute(update(RunDetails).values(expires_at=utcnow() - SECOND))
        db.session.commit()


def the_run(app, client) -> dict[str, str]:
    return json.loads(cookie_text(app, client))["staff_run"]


def test_the_details_wait_in_the_database_under_the_id_the_cookie_holds(db_app, staff):
    """One entry, under the cookie's random id, with the details, for the session's lifetime."""
    staff.start_run()

    (entry,) = kept(db_app)
    assert the_run(db_app, staff.client)["details"] == entry.id
    assert len(entry.id) >= 43  # secrets.token_urlsafe(32)
    assert (entry.patient_name, entry.patient_phone, entry.patient_email) == (
        "Ann Lee",
        "555 123 4567",
        "ann@example.com",
    )
    assert entry.patient_dob == datetime.date(1958, 3, 27)
    assert entry.consent is True
    lifetime = db_app.permanent_session_lifetime
    assert utcnow() + lifetime - MINUTE < entry.expires_at <= utcnow() + lifetime


def test_without_consent_the_runs_entry_holds_no_details(db_app, staff):
    """A patient who does not agree: the entry says so and holds nothing else."""
    staff.start_run(details={})

    (entry,) = kept(db_app)
    assert entry.consent is False
    assert (entry.patient_name, entry.patient_phone, entry.patient_email, entry.patient_dob) == (
        None,
        None,
        None,
        None,
    )


def test_saving_stores_the_details_with_the_screening_and_deletes_the_entry(db_app, staff, walker):
    """The details typed before the questions are the screening's; the entry is gone."""
    staff.start_run()
    walker.walk(BFR_CANDIDATE)

    staff.client.post("/staff/screenings/save", data={"token": run_token(staff.client)})

    screening = the_screening(db_app)
    assert (screening.patient_name, screening.patient_dob) == (
        "Ann Lee",
        datetime.date(1958, 3, 27),
    )
    assert kept(db_app) == []


def test_cancelling_deletes_the_entry(db_app, staff, walker):
    """Cancel without saving: the details leave the database with the run."""
    staff.start_run()
    walker.walk(BFR_CANDIDATE)

    staff.client.post("/staff/screenings/cancel")

    assert kept(db_app) == []
    assert count(db_app) == 0


def test_changing_the_details_replaces_the_entry(db_app, staff, walker):
    """New details from check answers take the old entry's place, under a new id."""
    staff.start_run()
    walker.walk(BFR_CANDIDATE)
    (before,) = kept(db_app)

    staff.client.post("/staff/screenings/new?change=1", data={**DETAILS, "name": "Ann Lee-Smith"})

    (after,) = kept(db_app)
    assert after.patient_name == "Ann Lee-Smith"
    assert after.id != before.id
    assert the_run(db_app, staff.client)["details"] == after.id


def test_a_new_run_deletes_the_details_of_the_run_before(db_app, staff, walker):
    """Starting again for another patient leaves only the new patient's entry."""
    staff.start_run()
    walker.walk(BFR_CANDIDATE)

    staff.client.post("/staff/screenings/new", data={**DETAILS, "name": "Bo Chen"})

    assert [entry.patient_name for entry in kept(db_app)] == ["Bo Chen"]


def test_signing_out_deletes_the_entry(db_app, staff, walker):
    """A member of staff who signs out mid-run leaves no details behind."""
    staff.start_run()
    walker.walk(BFR_CANDIDATE)

    staff.logout()

    assert kept(db_app) == []


def test_expired_details_are_not_served_and_are_asked_for_again(db_app, staff, walker):
    """Past their time, check answers asks for the details again (the entry is purged), and
    the answers stay: the details typed again are saved with them."""
    staff.start_run()
    walker.walk(BFR_CANDIDATE)
    expire_all(db_app)

    check = staff.client.get("/check-answers")
    assert check.location == "/staff/screenings/new?change=1"
    assert kept(db_app) == []
    form = text_of(staff.client.get(check.location))
    assert "The patient’s details were forgotten" in form
    assert "Ann Lee" not in form
    again = staff.client.post("/staff/screenings/new?change=1", data={**DETAILS, "name": "Ann Li"})
    assert again.location == "/check-answers"
    staff.client.post("/staff/screenings/save", data={"token": run_token(staff.client)})

    screening = the_screening(db_app)
    assert screening.patient_name == "Ann Li"
    assert screening.answers == BFR_CANDIDATE


def test_saving_with_expired_details_stores_nothing_and_asks_for_them_again(db_app, staff, walker):
    """Save after the details expired goes to the details form; nothing is stored yet."""
    staff.start_run()
    walker.walk(BFR_CANDIDATE)
    expire_all(db_app)

    saved = staff.client.post("/staff/screenings/save", data={"token": run_token(staff.client)})

    assert saved.location == "/staff/screenings/new?change=1"
    assert count(db_app) == 0
    assert kept(db_app) == []
    with staff.client.session_transaction() as session:
        assert session["answers"] == BFR_CANDIDATE


def test_expired_entries_of_any_run_are_purged_when_a_run_starts(db_app, staff):
    """A run left behind (its browser closed) is purged by the next run anyone starts."""
    staff.start_run()
    expire_all(db_app)
    colleague = StaffActions(db_app.test_client())

    colleague.start_run(details={**DETAILS, "name": "Bo Chen"}, role="admin")

    assert [entry.patient_name for entry in kept(db_app)] == ["Bo Chen"]


def signed_in_session(app, client, **more) -> None:
    """Give a client a signed-in staff session without asking the (unreachable) database."""
    with app.test_request_context():
        identifier = _create_identifier()
    with client.session_transaction() as session:
        session.update({"_user_id": "a-session-token", "_fresh": True, "_id": identifier})
        session.update(more)
        session.permanent = True


def test_with_the_database_down_the_details_come_back_as_typed(down_app):
    """Details sent while the database is down: the 503 page gives them back, to send again."""
    client = down_app.test_client()
    signed_in_session(down_app, client)

    response = client.post("/staff/screenings/new", data=DETAILS)

    page = text_of(response)
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in page
    assert "database cannot be reached" in page
    assert 'value="Ann Lee"' in page
    assert 'value="555 123 4567"' in page
    assert 'value="1958"' in page
    assert "Start the questions" in page
    assert_nothing_personal(down_app, client)


def test_with_the_database_down_check_answers_answers_503_and_keeps_the_answers(down_app):
    """A staff run's check answers needs the details: 503, and the answers stay in the session."""
    client = down_app.test_client()
    signed_in_session(
        down_app,
        client,
        staff_run={"token": "t", "details": "some-id"},
        answers=BFR_CANDIDATE,
    )

    response = client.get("/check-answers")

    assert response.status_code == 503
    assert "database cannot be reached" in text_of(response)
    with client.session_transaction() as session:
        assert session["answers"] == BFR_CANDIDATE
        assert session["staff_run"] == {"token": "t", "details": "some-id"}
