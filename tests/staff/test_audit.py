"""The audit trail page: every action listed, readable by admins only, never editable."""

from __future__ import annotations

import re

import pytest

from advisor.storage import audit
from advisor.storage.audit import Action
from advisor.storage.screenings import Patient
from tests.pages import text_of
from tests.staff.conftest import audit_entries, email_of

PATIENT = Patient("Ann Lee", "555 123 4567", "ann@example.com", consent=True)


def actions_listed(page) -> list[str]:
    return re.findall(r"<code class=\"meta\">([a-z_]+)</code></td>", page.get_data(as_text=True))


def test_the_trail_lists_every_kind_of_action(db_app, staff, stored):
    """After signing in, failing to, listing, viewing, exporting, changing, noting, deleting and
    signing out, the admin's audit page lists each of those actions, newest first."""
    keep = stored(patient=PATIENT)
    gone = stored()
    staff.login("admin", "wrong")
    staff.as_role("admin")
    staff.client.get("/staff/screenings")
    staff.client.get(f"/staff/screenings/{keep}")
    staff.client.get("/staff/screenings.csv")
    staff.client.post(f"/staff/screenings/{keep}/status", data={"status": "contacted"})
    staff.client.post(f"/staff/screenings/{keep}/notes", data={"text": "Ann asked for a call"})
    staff.client.post(f"/staff/screenings/{gone}/delete")
    staff.logout()
    staff.as_role("admin")

    page = staff.client.get("/staff/audit")

    assert page.status_code == 200
    listed = actions_listed(page)
    assert listed[0] == "audit_viewed"
    assert set(listed) == {
        "audit_viewed",
        "login",
        "login_failed",
        "logout",
        "screening_created",
        Action.SCREENINGS_LISTED,
        "screening_viewed",
        "screenings_exported",
        "status_changed",
        "note_added",
        "screening_deleted",
    }
    assert email_of("admin") in text_of(page)


def test_the_trail_never_holds_a_patients_details(db_app, staff, stored):
    """No entry (actor, detail) holds the patient's name, phone or email, whatever was done."""
    screening = stored(patient=PATIENT)
    staff.as_role("admin")
    staff.client.get("/staff/screenings?name=Ann+Lee")
    staff.client.get(f"/staff/screenings/{screening}")
    staff.client.get("/staff/screenings.csv?name=Ann")
    staff.client.post(f"/staff/screenings/{screening}/notes", data={"text": "Ann Lee called"})
    staff.client.post(f"/staff/screenings/{screening}/delete")

    trail = repr([(e.actor, e.detail) for e in audit_entries(db_app)])

    for detail in ("Ann", "555 123 4567", "ann@example.com"):
        assert detail not in trail


def test_the_trail_is_paged_fifty_a_page(db_app, staff):
    """60 entries make two pages; the second holds the oldest."""
    with db_app.app_context():
        for number in range(60):
            audit.record(
                Action.SCREENINGS_LISTED, actor="test", detail={"page": number}, commit=False
            )
        audit.record(Action.SCREENINGS_LISTED, actor="test", detail={"page": 60})
    staff.as_role("admin")

    first = staff.client.get("/staff/audit")
    second = staff.client.get("/staff/audit?page=2")

    assert len(actions_listed(first)) == 50
    assert "Page 1 of 2" in text_of(first)
    assert len(actions_listed(second)) == 14  # 61 entries, a login, two views; less 50
    assert "page: 0" in text_of(second)


def test_viewing_the_trail_is_itself_recorded(db_app, staff):
    """audit_viewed is recorded with the admin and the page read."""
    staff.as_role("admin")

    staff.client.get("/staff/audit?page=1")

    (entry,) = audit_entries(db_app, "audit_viewed")
    assert (entry.actor, entry.detail) == (email_of("admin"), {"page": 1})


def test_no_route_changes_the_trail(db_app):
    """The only audit route is a GET: the app offers no way to change or delete an entry."""
    rules = [r for r in db_app.url_map.iter_rules() if r.endpoint.startswith("audit.")]

    assert [(r.rule, sorted(r.methods - {"HEAD", "OPTIONS"})) for r in rules] == [
        ("/staff/audit", ["GET"])
    ]


@pytest.mark.parametrize(
    ("detail", "words"),
    [
        (
            {"filters": {"status": "new", "primary": "bfr"}, "page": 2},
            "filters: status new, primary bfr; page: 2",
        ),
        (
            {"filters": {}, "name_searched": True, "rows": 3},
            "filters: none; name searched; rows: 3",
        ),
        ({"filters": {}, "name_searched": False, "page": 1}, "filters: none; page: 1"),
        ({"reference": "ABCD-2345", "from": "new", "to": "booked"}, "from: new; to: booked"),
    ],
)
def test_an_entrys_details_read_as_words(detail, words):
    """Admins read details as words: no braces, no True/False, the reference in its own column."""
    from advisor.staff.audit import described

    assert described(detail) == words
