"""Signing in and out (how a session ends after that: test_sessions.py)."""

from __future__ import annotations

import pytest

from advisor.staff.forms import MESSAGES
from advisor.storage.users import add_user
from tests.pages import text_of
from tests.staff.conftest import (
    PASSWORD,
    StaffActions,
    audit_entries,
    csrf_token,
    email_of,
    make_user,
)


def test_a_member_of_staff_signs_in_with_a_real_account(db_app, client):
    """An account made by add_user (full-strength scrypt) signs in and reaches the list."""
    with db_app.app_context():
        add_user("Nia@Clinic.example", "intake", PASSWORD)

    signed_in = client.post(
        "/staff/login", data={"email": " nia@clinic.example ", "password": PASSWORD}
    )

    assert signed_in.status_code == 302
    assert signed_in.location == "/staff/screenings"
    page = client.get("/staff/")
    assert page.status_code == 200
    assert "nia@clinic.example (intake)" in text_of(page)


def test_signing_in_is_recorded_with_who_and_the_address(db_app, staff: StaffActions):
    """A sign-in leaves a "login" entry with the account and the address it came from."""
    staff.client.environ_base["REMOTE_ADDR"] = "192.0.2.44"
    staff.as_role("therapist")

    (entry,) = audit_entries(db_app, "login")
    assert (entry.actor, entry.address) == (email_of("therapist"), "192.0.2.44")


@pytest.mark.parametrize(
    ("email", "password"),
    [
        (email_of("intake"), "not the password"),
        ("nobody@clinic.example", PASSWORD),
        ("nobody@clinic.example", "not the password"),
    ],
    ids=["wrong-password", "unknown-account", "unknown-and-wrong"],
)
def test_a_failed_sign_in_gives_one_generic_error(db_app, staff, email, password):
    """Wrong password or unknown account: the same message, and nobody is signed in."""
    response = staff.client.post("/staff/login", data={"email": email, "password": password})

    assert response.status_code == 200
    page = text_of(response)
    assert MESSAGES["sign_in_failed"] in page
    assert "<title>Error: Sign in" in page
    assert staff.client.get("/staff/").status_code == 302


def test_a_disabled_account_cannot_sign_in_and_gets_the_same_error(db_app, client):
    """A disabled account with the right password is refused with the generic message."""
    with db_app.app_context():
        make_user("intake", active=False)

    response = client.post("/staff/login", data={"email": email_of("intake"), "password": PASSWORD})

    assert MESSAGES["sign_in_failed"] in text_of(response)
    assert client.get("/staff/").status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "password": PASSWORD}, MESSAGES["email_required"]),
        ({"email": email_of("admin"), "password": ""}, MESSAGES["password_required"]),
    ],
)
def test_empty_fields_are_named_in_the_error_summary(db_app, staff, data, message):
    """A field left empty gets its own message, linked from the error summary."""
    response = staff.client.post("/staff/login", data=data)

    assert response.status_code == 200
    assert f'href="#{"email" if "email" in message else "password"}">{message}</a>' in (
        response.get_data(as_text=True)
    )


def test_failed_sign_ins_are_recorded_naming_only_existing_accounts(db_app, staff):
    """login_failed names the account if it exists, else "unknown account"; the password never."""
    staff.client.post("/staff/login", data={"email": "INTAKE@clinic.example", "password": "x1"})
    staff.client.post("/staff/login", data={"email": "eve@evil.example", "password": "x2"})

    details = [(e.actor, e.detail) for e in audit_entries(db_app, "login_failed")]
    assert details == [
        ("anonymous", {"account": email_of("intake"), "reason": "not_accepted"}),
        ("anonymous", {"account": "unknown account", "reason": "not_accepted"}),
    ]
    assert "eve@evil.example" not in repr([e.detail for e in audit_entries(db_app)])


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/staff/audit", "/staff/audit"),
        ("https://evil.example/staff/", "/staff/screenings"),
        ("//evil.example/staff/", "/staff/screenings"),
        ("/result", "/staff/screenings"),
        ("/staff/%0d%0aSet-Cookie:%20x=1", "/staff/screenings"),
        ("/staff/audit%00", "/staff/screenings"),
        ("/staff/audit%09", "/staff/screenings"),
        ("/staff/%E2%80%A8", "/staff/screenings"),
    ],
)
def test_after_signing_in_only_a_staff_page_is_followed(db_app, staff, next_url, lands_on):
    """``?next=`` is followed only to a page under /staff/ on this site, with no control characters."""
    response = staff.login("admin", next=next_url)

    assert response.location == lands_on


def test_a_signed_in_member_of_staff_is_not_sent_to_a_next_with_a_line_break(db_app, staff):
    """The sign-in page sends someone signed in to the list, not to a ``next`` that would split a header."""
    staff.as_role("intake")

    response = staff.client.get("/staff/login?next=/staff/%0d%0a")

    assert response.status_code == 302
    assert response.location == "/staff/screenings"


def test_the_sign_in_page_sends_a_signed_in_member_of_staff_on(db_app, staff):
    """Someone already signed in goes straight to the list."""
    staff.as_role("intake")

    assert staff.client.get("/staff/login").location == "/staff/screenings"


def test_signing_out_ends_the_session_and_is_recorded(db_app, staff):
    """Sign out: the list needs signing in again, the page says so, and the trail has "logout"."""
    staff.as_role("intake")

    signed_out = staff.logout()

    assert signed_out.location == "/staff/login"
    assert "You have signed out" in text_of(staff.client.get("/staff/login"))
    assert staff.client.get("/staff/").status_code == 302
    assert [e.actor for e in audit_entries(db_app, "logout")] == [email_of("intake")]


def test_signing_out_forgets_a_screening_being_run(db_app, staff):
    """Nothing of a patient's stays in the browser once staff sign out."""
    staff.as_role("intake")
    staff.client.post("/staff/screenings/new", data={})
    staff.client.post("/questions/about-you", data={"age": "50"})

    staff.logout()

    with staff.client.session_transaction() as session:
        assert "answers" not in session
        assert "staff_run" not in session


def test_sign_in_works_with_csrf_protection_on(db_app, another_server, accounts):
    """With CSRF on, as in production, the form's token signs in; a post without it is refused."""
    app = another_server(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    credentials = {"email": email_of("admin"), "password": PASSWORD}

    assert client.post("/staff/login", data=credentials).status_code == 400

    token = csrf_token(client.get("/staff/login"))
    signed_in = client.post("/staff/login", data={**credentials, "csrf_token": token})
    assert signed_in.status_code == 302
    listed = client.get("/staff/")
    assert listed.status_code == 200
    assert client.post("/staff/logout").status_code == 400  # the token is needed to sign out too
    signed_out = client.post("/staff/logout", data={"csrf_token": csrf_token(listed)})
    assert signed_out.location == "/staff/login"
