"""The screening list (filters, paging), a screening's detail, follow-up, and deletion."""

from __future__ import annotations

import datetime
import re

import pytest
from sqlalchemy import select

from advisor.staff.forms import MESSAGES, NOTE_MAX
from advisor.staff.screenings import NOT_APPLIED
from advisor.storage import db
from advisor.storage.models import Note, Screening
from advisor.storage.screenings import Patient
from tests.databases import count
from tests.pages import text_of
from tests.personas import BFR_CANDIDATE, CHEST_PAIN, NMT_CANDIDATE
from tests.staff.conftest import audit_entries, email_of

DAY = datetime.datetime(2026, 3, 10, 9, 30)


def references(page) -> list[str]:
    """Return the references listed on a page, in order."""
    return re.findall(
        r'/staff/screenings/\d+">([A-Z0-9]{4}-[A-Z0-9]{4})<', page.get_data(as_text=True)
    )


@pytest.fixture
def four(stored, db_app):
    """Four screenings on different days, outcomes, statuses and names; return their references."""
    made = {
        "ann": stored(BFR_CANDIDATE, patient=Patient("Ann Lee", "555 123 4567", consent=True)),
        "bob": stored(
            NMT_CANDIDATE,
            patient=Patient("Bob O'Hara", email="bob@example.com", consent=True),
            status="contacted",
            created_at=DAY - datetime.timedelta(days=5),
        ),
        "cy": stored(CHEST_PAIN, created_at=DAY - datetime.timedelta(days=1)),
        "dee": stored(
            BFR_CANDIDATE,
            patient=Patient("Dee Annand", "555 987 6543", consent=True),
            status="booked",
            created_at=DAY,
        ),
    }
    with db_app.app_context():
        return {name: db.session.get(Screening, id_).reference for name, id_ in made.items()}


def test_the_list_of_all_shows_screenings_newest_first(db_app, staff, four):
    """Every screening is listed, newest first, with the patient's name where it was kept."""
    staff.as_role("therapist")

    page = staff.client.get("/staff/screenings?view=all")

    assert references(page) == [four["ann"], four["dee"], four["cy"], four["bob"]]
    assert "Showing 1 to 4 of 4 screenings" in text_of(page)
    assert "Ann Lee" in text_of(page)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=contacted", ["bob"]),
        ("status=booked", ["dee"]),
        ("primary=urgent_care", ["cy"]),
        ("primary=bfr", ["ann", "dee"]),
        ("date_from=2026-03-09&date_to=2026-03-10", ["dee", "cy"]),
        ("date_to=2026-03-05", ["bob"]),
        ("name=ann", ["ann", "dee"]),
        ("name=O%27HARA", ["bob"]),
        ("name=%25", []),
        ("primary=bfr&status=booked", ["dee"]),
        ("date_from=0001-01-01&date_to=9999-12-31", ["ann", "dee", "cy", "bob"]),
    ],
)
def test_filters_narrow_the_list(db_app, staff, four, query, expected):
    """Status, outcome, date range and a name search (any case, any part) narrow the list."""
    staff.as_role("intake")

    page = staff.client.get(f"/staff/screenings?{query}")

    assert page.status_code == 200
    assert references(page) == [four[name] for name in expected]


@pytest.mark.parametrize(
    ("query", "message", "expected"),
    [
        ("date_from=2026-02-31", MESSAGES["date_not_real"].format(name="From"), 4),
        ("date_from=2026-03-10&date_to=2026-03-01", MESSAGES["dates_reversed"], 2),
        ("status=lost", MESSAGES["not_a_status"], 4),
    ],
)
def test_a_bad_filter_is_named_and_left_out(db_app, staff, four, query, message, expected):
    """A filter that makes no sense is named in the error summary; the list ignores only it."""
    staff.as_role("intake")

    page = staff.client.get(f"/staff/screenings?{query}")

    assert message in text_of(page)
    assert "<title>Error: Screenings" in text_of(page)
    assert len(references(page)) == expected


def test_the_list_is_paged_and_links_keep_the_filters(db_app, staff, stored):
    """30 screenings make two pages of 25 and 5; the Next link keeps the filters."""
    for day in range(30):
        stored(created_at=DAY - datetime.timedelta(days=day))
    staff.as_role("intake")

    first = staff.client.get("/staff/screenings?primary=bfr")
    second = staff.client.get("/staff/screenings?primary=bfr&page=2")

    assert len(references(first)) == 25
    assert len(references(second)) == 5
    assert set(references(first)).isdisjoint(references(second))
    assert 'href="/staff/screenings?page=2&amp;view=all&amp;primary=bfr"' in first.get_data(
        as_text=True
    )
    assert "Page 2 of 2" in text_of(second)
    assert len(references(staff.client.get("/staff/screenings?page=99"))) == 5


def test_listing_is_recorded_with_the_filters_but_not_a_name(db_app, staff, four):
    """screenings_listed keeps the filters; a name searched for is a patient's, so only a flag."""
    staff.as_role("intake")

    staff.client.get("/staff/screenings?status=new&name=Ann+Lee")

    (entry,) = audit_entries(db_app, "screenings_listed")
    assert entry.detail == {
        "filters": {"status": "new"},
        "name_searched": True,
        "page": 1,
        "view": "all",
    }
    assert "Ann" not in repr(entry.detail)


def test_the_detail_shows_the_result_its_reasons_and_the_rule_set(db_app, staff, stored):
    """The detail page has the result, every rule id with title and reason, and the rule set."""
    screening = stored(
        {**BFR_CANDIDATE, "bleeding_risk": "yes"},
        patient=Patient("Ann Lee", "555 123 4567", consent=True),
    )
    with db_app.app_context():
        response = db.session.get(Screening, screening).response
    staff.as_role("therapist")

    page = text_of(staff.client.get(f"/staff/screenings/{screening}"))

    assert response["explanation"]
    for item in response["explanation"]:
        assert f"<code>{item['rule']}</code>" in page
        assert item["title"] in page
        assert item["because"] in page
    assert f"Version {response['ruleset']['version']}" in page
    assert response["ruleset"]["digest"][:12] in page
    assert "Ann Lee" in page
    assert "How old are you?" in page  # the answers, in the questionnaire's words


def explanation_rows(page: str) -> dict[str, str]:
    """Return each explanation row's rule id with the text of its effect cell."""
    return dict(re.findall(r"<tr><td><code>(.*?)</code></td><td>.*?</td><td>(.*?)</td></tr>", page))


@pytest.mark.parametrize(
    ("answers", "label"),
    [
        ({**BFR_CANDIDATE, "bfr_risks": ["clot_history"]}, NOT_APPLIED["blocked"]),
        ({**BFR_CANDIDATE, "red_flags": ["fever_with_pain"]}, NOT_APPLIED["urgent_care"]),
        (
            {
                **NMT_CANDIDATE,
                "age": 10,
                "pain_duration": "under_6_weeks",
                "pain_cause": "recent_injury",
            },
            NOT_APPLIED["child"],
        ),
    ],
    ids=["blocked", "urgent-care", "under-12"],
)
def test_the_detail_says_why_a_reason_did_not_apply(db_app, staff, stored, answers, label):
    """A reason that did not apply is marked, with why: blocked, urgent care first, or under 12."""
    screening = stored(answers)
    with db_app.app_context():
        explanation = db.session.get(Screening, screening).response["explanation"]
    staff.as_role("therapist")

    rows = explanation_rows(text_of(staff.client.get(f"/staff/screenings/{screening}")))

    assert any(not item["applied"] for item in explanation)
    for item in explanation:
        if item["applied"]:
            assert "Not applied" not in rows[item["rule"]]
        else:
            assert f'<span class="meta">{label}</span>' in rows[item["rule"]]


def test_a_screening_stored_before_reasons_said_whether_they_applied_marks_none(
    db_app, staff, stored
):
    """A stored explanation without ``applied`` counts every reason as applied: no label."""
    screening = stored({**BFR_CANDIDATE, "bfr_risks": ["clot_history"]})
    with db_app.app_context():
        kept = db.session.get(Screening, screening)
        response = {**kept.response}
        response["explanation"] = [
            {k: v for k, v in item.items() if k != "applied"} for item in response["explanation"]
        ]
        kept.response = response
        db.session.commit()
    staff.as_role("therapist")

    page = text_of(staff.client.get(f"/staff/screenings/{screening}"))

    assert len(explanation_rows(page)) == len(response["explanation"])
    assert "Not applied" not in page


def test_a_screening_without_consent_shows_no_details(db_app, staff, stored):
    """Without consent, the page says no details were kept."""
    screening = stored(patient=Patient("Ann Lee", consent=False))
    staff.as_role("intake")

    page = text_of(staff.client.get(f"/staff/screenings/{screening}"))

    assert "No details kept" in page
    assert "Ann Lee" not in page


def test_viewing_a_screening_is_recorded(db_app, staff, stored):
    """Each view leaves screening_viewed with who and which screening (by reference)."""
    screening = stored()
    staff.as_role("therapist")

    staff.client.get(f"/staff/screenings/{screening}")

    (entry,) = audit_entries(db_app, "screening_viewed")
    assert (entry.actor, entry.screening_id) == (email_of("therapist"), screening)
    assert set(entry.detail) == {"reference"}


@pytest.mark.parametrize("number", ["999", "0", "2147483648", "99999999999999999999999"])
def test_an_unknown_screening_is_not_found(db_app, staff, number):
    """A screening that does not exist, or an id none could have, answers 404 with a staff page."""
    staff.as_role("admin")

    for path in ("", "/delete"):
        response = staff.client.get(f"/staff/screenings/{number}{path}")

        assert response.status_code == 404
        assert "it may have been deleted" in text_of(response)
    assert (
        staff.client.post(f"/staff/screenings/{number}/notes", data={"text": "x"}).status_code
        == 404
    )


def test_changing_the_status_is_kept_and_recorded(db_app, staff, stored):
    """A new status is stored, confirmed on the page, and audited from → to."""
    screening = stored()
    staff.as_role("therapist")

    changed = staff.client.post(f"/staff/screenings/{screening}/status", data={"status": "booked"})

    assert changed.location == f"/staff/screenings/{screening}"
    assert "Status is now Booked" in text_of(staff.client.get(changed.location))
    with db_app.app_context():
        assert db.session.get(Screening, screening).status == "booked"
    (entry,) = audit_entries(db_app, "status_changed")
    assert (entry.detail["from"], entry.detail["to"]) == ("new", "booked")


def test_an_unknown_status_is_refused(db_app, staff, stored):
    """A status that is not one of the list is refused with a message; nothing changes."""
    screening = stored()
    staff.as_role("intake")

    refused = staff.client.post(f"/staff/screenings/{screening}/status", data={"status": "lost"})

    assert refused.status_code == 400
    assert MESSAGES["not_a_status"] in text_of(refused)
    assert audit_entries(db_app, "status_changed") == []


def test_a_note_is_kept_with_its_author_and_recorded(db_app, staff, stored):
    """A note is stored with who wrote it, shown on the page, and audited without its text."""
    screening = stored()
    staff.as_role("intake")

    added = staff.client.post(
        f"/staff/screenings/{screening}/notes", data={"text": "  Called; booked for Tuesday  "}
    )

    page = text_of(staff.client.get(added.location))
    assert "Called; booked for Tuesday" in page
    assert email_of("intake") in page
    with db_app.app_context():
        note = db.session.scalars(select(Note)).one()
        assert (note.text, note.author.email) == ("Called; booked for Tuesday", email_of("intake"))
    (entry,) = audit_entries(db_app, "note_added")
    assert "Tuesday" not in repr(entry.detail)


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", MESSAGES["note_required"]), ("x" * (NOTE_MAX + 1), MESSAGES["note_too_long"])],
    ids=["empty", "too-long"],
)
def test_an_empty_or_overlong_note_is_refused(db_app, staff, stored, text, message):
    """A note must say something, in 5,000 characters or fewer."""
    screening = stored()
    staff.as_role("intake")

    refused = staff.client.post(f"/staff/screenings/{screening}/notes", data={"text": text})

    assert refused.status_code == 400
    assert message in text_of(refused)
    assert count(db_app, Note) == 0


def test_an_admin_deletes_a_screening_with_its_notes_and_details(db_app, staff, stored):
    """Deleting removes the screening, its notes and the patient's details; the audit entry stays."""
    screening = stored(patient=Patient("Ann Lee", "555 123 4567", "ann@example.com", consent=True))
    staff.as_role("admin")
    staff.client.post(f"/staff/screenings/{screening}/notes", data={"text": "Ann prefers mornings"})
    with db_app.app_context():
        reference = db.session.get(Screening, screening).reference

    confirm = staff.client.get(f"/staff/screenings/{screening}/delete")
    deleted = staff.client.post(f"/staff/screenings/{screening}/delete")

    assert "Delete this screening?" in text_of(confirm)
    assert deleted.location == "/staff/screenings"
    assert f"Screening {reference} and the patient’s details are deleted" in text_of(
        staff.client.get(deleted.location)
    )
    assert (count(db_app), count(db_app, Note)) == (0, 0)
    (entry,) = audit_entries(db_app, "screening_deleted")
    assert (entry.screening_id, entry.detail, entry.actor) == (
        screening,
        {"reference": reference},
        email_of("admin"),
    )
    trail = repr([(e.actor, e.detail) for e in audit_entries(db_app)])
    assert "Ann" not in trail
    assert "555" not in trail
    assert staff.client.get(f"/staff/screenings/{screening}").status_code == 404


def test_the_detail_page_prints_without_navigation_or_forms(db_app, staff, stored):
    """For print, the staff bar, notices and links are marked no-print, and print CSS hides forms."""
    screening = stored()
    staff.as_role("admin")
    staff.client.post(f"/staff/screenings/{screening}/notes", data={"text": "Printed"})
    html = staff.client.get(f"/staff/screenings/{screening}").get_data(as_text=True)
    with staff.client.get("/static/advisor.css") as response:
        css = response.get_data(as_text=True)  # print rules are shared: advisor.css, as served

    assert '<nav class="staff-bar no-print"' in html
    assert 'class="banner no-print banner-success"' in html
    assert re.search(r'<div class="no-print">\s*<p>To print', html)
    print_rules = css[css.index("@media print") :]
    assert re.search(
        r"\.no-print,[^{]*\bform\b[^{]*\{\s*display:\s*none\s*!important;?\s*\}", print_rules
    )
