"""Staff sessions held on the server: every way one ends, and why a copied cookie stops working."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from advisor.staff.sessions import RENEW_AFTER
from advisor.storage import db
from advisor.storage.models import StaffSession, utcnow
from advisor.storage.users import disable_user, set_password
from tests.pages import text_of
from tests.staff.conftest import StaffActions, email_of

HOUR = 60 * 60


def replay(app: Flask, cookie: str) -> FlaskClient:
    """Return a fresh client (another browser, same identity) that carries a copied session cookie."""
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client


def signed_in(client: FlaskClient) -> bool:
    """Say whether the client reaches the screening list (else it is sent to sign in)."""
    response = client.get("/staff/screenings")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def age(app: Flask, *, since_sign_in: float | None = None, since_use: float | None = None) -> None:
    """Make every staff session as old as given, in seconds: since it began, since its last use."""
    now = utcnow()
    with app.app_context():
        for record in db.session.scalars(select(StaffSession)):
            if since_sign_in is not None:
                record.created_at = now - datetime.timedelta(seconds=since_sign_in)
            if since_use is not None:
                record.last_seen_at = now - datetime.timedelta(seconds=since_use)
        db.session.commit()


def rows(app: Flask) -> list[StaffSession]:
    with app.app_context():
        found = list(db.session.scalars(select(StaffSession)))
        db.session.expunge_all()
        return found


def token_of(client: FlaskClient) -> str:
    with client.session_transaction() as session:
        return session["_user_id"]


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """Collect the SQL statements the app sends while the block runs."""
    sent: list[str] = []

    def note(_connection, _cursor, statement, *_args) -> None:
        sent.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_a_cookie_copied_before_sign_out_is_dead_after_it(db_app, staff: StaffActions, stored):
    """Copy the cookie, sign out, replay it: the list and the CSV export both want a sign-in."""
    stored()
    staff.as_role("intake")
    copied = staff.client.get_cookie("session").value
    working = replay(db_app, copied).get("/staff/screenings.csv")
    assert working.status_code == 200  # the copy works while its session lasts
    working.close()

    staff.logout()
    thief = replay(db_app, copied)

    export = thief.get("/staff/screenings.csv")
    assert export.status_code == 302
    assert export.location.startswith("/staff/login")
    assert not signed_in(thief)


def test_signing_in_again_does_not_bring_an_old_cookie_back(db_app, staff: StaffActions):
    """Each sign-in has its own token: a cookie from an earlier sign-in stays dead."""
    staff.as_role("intake")
    copied = staff.client.get_cookie("session").value
    staff.logout()

    staff.as_role("intake")

    assert signed_in(staff.client)
    assert not signed_in(replay(db_app, copied))


def test_the_server_keeps_only_a_hash_of_the_cookies_token(db_app, staff: StaffActions):
    """The table holds the token's SHA-256 and who it is for, never the token itself."""
    staff.as_role("therapist")
    token = token_of(staff.client)

    (record,) = rows(db_app)

    assert len(token) >= 43  # 32 random bytes
    assert record.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(vars(record))


def test_signing_out_deletes_the_session_on_the_server(db_app, accounts):
    """After sign-out, no row is left for that sign-in; another browser's stays."""
    leaving, staying = (StaffActions(db_app.test_client()) for _ in range(2))
    leaving.as_role("intake")
    staying.as_role("intake")
    assert len(rows(db_app)) == 2

    leaving.logout()

    assert len(rows(db_app)) == 1
    assert signed_in(staying.client)


@pytest.mark.parametrize("change", [set_password, disable_user], ids=["set-password", "disable"])
def test_setting_the_password_or_disabling_ends_every_session_of_the_account(
    db_app, accounts, change
):
    """Two browsers signed in to one account both end; another account's session goes on."""
    browsers = [StaffActions(db_app.test_client()) for _ in range(3)]
    for browser, role in zip(browsers, ["intake", "intake", "admin"], strict=True):
        browser.as_role(role)
    copied = browsers[0].client.get_cookie("session").value

    with db_app.app_context():
        if change is set_password:
            set_password(email_of("intake"), "a brand new password")
        else:
            disable_user(email_of("intake"))
        db.session.remove()

    assert not signed_in(browsers[0].client)
    assert not signed_in(browsers[1].client)
    assert not signed_in(replay(db_app, copied))
    assert signed_in(browsers[2].client)
    assert [r.user_id for r in rows(db_app)] == [accounts["admin"]]


def test_a_session_idle_for_30_minutes_ends(db_app, staff: StaffActions):
    """After 30 minutes without a request, the next one finds the member of staff signed out."""
    staff.as_role("intake")
    age(db_app, since_use=30 * 60 + 1)

    response = staff.client.get("/staff/")

    assert response.location.startswith("/staff/login")
    assert "did nothing for 30 minutes" in text_of(staff.client.get("/staff/login"))
    assert rows(db_app) == []


def test_each_request_keeps_an_active_session_going(db_app, staff: StaffActions):
    """A request within the idle time renews it on the server, and the cookie is a permanent one."""
    staff.as_role("intake")
    age(db_app, since_use=29 * 60)

    assert staff.client.get("/staff/").status_code == 200
    (record,) = rows(db_app)
    assert utcnow() - record.last_seen_at < datetime.timedelta(seconds=60)
    with staff.client.session_transaction() as session:
        assert session.permanent
    cookie = staff.client.get_cookie("session")
    assert cookie is not None
    assert cookie.expires is not None


def test_the_lifetime_ends_a_session_however_much_it_is_used(db_app, staff: StaffActions):
    """Used every minute, a session still ends 12 hours after signing in, and says why."""
    staff.as_role("intake")
    for hours in (1, 6, 11.9):
        age(db_app, since_sign_in=hours * HOUR, since_use=RENEW_AFTER + 1)
        assert signed_in(staff.client), f"signed out after {hours} hours"

    age(db_app, since_sign_in=12 * HOUR + 1, since_use=1)
    response = staff.client.get("/staff/")

    assert response.location.startswith("/staff/login")
    assert "you signed in more than 12 hours ago" in text_of(staff.client.get("/staff/login"))


def test_the_lifetime_is_a_setting(db_app, another_server, accounts):
    """STAFF_SESSION_LIFETIME shortens (or lengthens) the absolute lifetime."""
    staff = StaffActions(another_server(STAFF_SESSION_LIFETIME=HOUR).test_client())
    staff.as_role("intake")

    age(db_app, since_sign_in=HOUR + 1, since_use=1)

    assert not signed_in(staff.client)
    assert "more than 1 hours ago" in text_of(staff.client.get("/staff/login"))


def test_a_session_cookie_used_from_another_browser_ends(db_app, staff: StaffActions):
    """Session protection: the same cookie with another browser's identity is signed out, for good."""
    staff.as_role("intake")

    response = staff.client.get("/staff/", headers={"User-Agent": "Another browser/1.0"})

    assert response.status_code == 302
    assert response.location.startswith("/staff/login")
    assert staff.client.get("/staff/").status_code == 302
    assert rows(db_app) == []


def test_a_staff_page_reads_its_session_and_account_in_one_query(db_app, staff: StaffActions):
    """Each request finds the session and its account together; the time of use is written
    at most once a minute."""
    staff.as_role("intake")

    with statements(db_app) as fresh:
        assert staff.client.get("/staff/screenings/new").status_code == 200
    age(db_app, since_use=RENEW_AFTER + 1)
    with statements(db_app) as due:
        assert staff.client.get("/staff/screenings/new").status_code == 200

    for sent in (fresh, due):
        reads = [s for s in sent if "staff_sessions" in s and s.lstrip().startswith("SELECT")]
        assert len(reads) == 1
        assert "JOIN users" in reads[0]
        assert not [s for s in sent if "FROM users" in s and "staff_sessions" not in s]
    assert not [s for s in fresh if s.lstrip().startswith("UPDATE staff_sessions")]
    assert len([s for s in due if s.lstrip().startswith("UPDATE staff_sessions")]) == 1


def test_the_stylesheet_needs_no_database(db_app, staff: StaffActions):
    """Static files are served without looking the session up."""
    staff.as_role("intake")

    with statements(db_app) as sent:
        stylesheet = staff.client.get("/static/advisor.css")
        stylesheet.close()

    assert stylesheet.status_code == 200

    assert sent == []


def test_patient_pages_keep_a_staff_run_going(db_app, staff: StaffActions):
    """Running the questionnaire for a patient counts as use: the session does not go idle."""
    staff.as_role("intake")
    staff.client.post("/staff/screenings/new", data={})
    age(db_app, since_use=29 * 60)

    staff.client.post("/questions/about-you", data={"age": "50"})

    (record,) = rows(db_app)
    assert utcnow() - record.last_seen_at < datetime.timedelta(seconds=60)


def test_an_idle_session_ends_on_a_patient_page_and_forgets_the_run(db_app, staff: StaffActions):
    """Idle past 30 minutes mid-run: the next patient page clears the whole session."""
    staff.as_role("intake")
    staff.client.post("/staff/screenings/new", data={})
    staff.client.post("/questions/about-you", data={"age": "50"})
    age(db_app, since_use=30 * 60 + 1)

    staff.client.get("/questions/urgent-symptoms")

    with staff.client.session_transaction() as session:
        assert not {"_user_id", "answers", "staff_run"} & set(session)
    assert not signed_in(staff.client)


def test_signing_in_deletes_sessions_past_their_lifetime(db_app, accounts):
    """Old rows do not pile up: each sign-in deletes sessions older than the lifetime."""
    old, current = (StaffActions(db_app.test_client()) for _ in range(2))
    old.as_role("intake")
    age(db_app, since_sign_in=12 * HOUR + 1)
    current.as_role("therapist")

    assert [r.user_id for r in rows(db_app)] == [accounts["therapist"]]
