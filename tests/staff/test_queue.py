"""The coordinator's queue: the list opens on the people to contact, the longest waiting first."""

from __future__ import annotations

import datetime
import re

import pytest

from advisor.storage import db
from advisor.storage.models import Screening, utcnow
from advisor.storage.screenings import Patient
from tests.pages import text_of
from tests.personas import BFR_CANDIDATE, NMT_CANDIDATE
from tests.staff.conftest import audit_entries

HOUR = datetime.timedelta(hours=1)


def references(page) -> list[str]:
    """Return the references listed on a page, in order."""
    return re.findall(
        r'/staff/screenings/\d+">([A-Z0-9]{4}-[A-Z0-9]{4})<', page.get_data(as_text=True)
    )


def row_of(page, reference: str) -> str:
    """Return the text of the table row that holds a reference."""
    rows = re.findall(r"<tr>.*?</tr>", text_of(page))
    (row,) = [r for r in rows if reference in r]
    return row


@pytest.fixture
def waiting(stored, db_app) -> dict[str, str]:
    """Three people waiting (new) for 3 days, 2 days 3 hours and 1 hour; one contacted, one booked."""
    now = utcnow()
    made = {
        "yesterday_ish": stored(
            NMT_CANDIDATE,
            patient=Patient("Nia Waits", "+1 (555) 010-2030", consent=True),
            created_at=now - 2 * 24 * HOUR - 3 * HOUR - datetime.timedelta(minutes=5),
        ),
        "oldest": stored(
            {**BFR_CANDIDATE, "body_areas": ["left_leg", "lower_back"]},
            patient=Patient("Olga Oldest", "555 123 4567", consent=True),
            created_at=now - 3 * 24 * HOUR,
        ),
        "newest": stored(created_at=now - HOUR),
        "contacted": stored(status="contacted", created_at=now - 9 * 24 * HOUR),
        "booked": stored(status="booked", created_at=now - 8 * 24 * HOUR),
    }
    with db_app.app_context():
        return {name: db.session.get(Screening, id_).reference for name, id_ in made.items()}


def test_the_list_opens_on_the_people_to_contact_the_longest_waiting_first(db_app, staff, waiting):
    """Only screenings still "new" are listed, oldest first; contacted and booked ones are not."""
    staff.as_role("intake")

    page = staff.client.get("/staff/screenings")

    assert references(page) == [waiting["oldest"], waiting["yesterday_ish"], waiting["newest"]]
    assert "Showing 1 to 3 of 3 to contact" in text_of(page)
    assert "<title>Screenings: to contact" in text_of(page)


def test_each_person_to_contact_shows_what_a_call_needs(db_app, staff, waiting):
    """Age, a tel: link, insurance and body area in words, the outcome and how long they waited."""
    staff.as_role("intake")

    page = staff.client.get("/staff/screenings")

    oldest = row_of(page, waiting["oldest"])
    assert "Olga Oldest" in oldest
    assert '<td data-label="Age">68</td>' in oldest
    assert '<a class="link" href="tel:5551234567">555 123 4567</a>' in oldest
    assert "Medicare" in oldest
    assert "Left hip, leg, knee or foot; Lower back" in oldest
    assert "BFR" in oldest
    assert "3 days" in oldest
    nia = row_of(page, waiting["yesterday_ish"])
    assert 'href="tel:+15550102030"' in nia
    assert "Private health insurance" in nia
    assert "2 days 3 hours" in nia
    assert '<td data-label="Body area">Not given</td>' in nia
    assert "1 hour" in row_of(page, waiting["newest"])


def test_the_queue_and_the_list_of_all_link_to_each_other(db_app, staff, waiting):
    """Each view says it is the current one, and links to the other; the URL names the view."""
    staff.as_role("intake")

    queue = text_of(staff.client.get("/staff/screenings"))
    everything = text_of(staff.client.get("/staff/screenings?view=all"))

    assert '<a class="link" href="/staff/screenings" aria-current="page">To contact</a>' in queue
    assert '<a class="link" href="/staff/screenings?view=all">All screenings</a>' in queue
    assert '<a class="link" href="/staff/screenings?view=all" aria-current="page">' in everything
    assert "Filter the list" in everything
    assert "Filter the list" not in queue


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("view=all", ["newest", "yesterday_ish", "oldest", "booked", "contacted"]),
        ("status=booked", ["booked"]),
        ("view=to_contact&status=booked", ["oldest", "yesterday_ish", "newest"]),
        ("view=nonsense", ["oldest", "yesterday_ish", "newest"]),
    ],
    ids=["all", "a-filter-means-all", "the-queue-ignores-filters", "unknown-view-is-the-queue"],
)
def test_the_url_says_which_view(db_app, staff, waiting, query, expected):
    """``?view=all`` lists every screening; a filter alone (an older link) means all as well."""
    staff.as_role("therapist")

    page = staff.client.get(f"/staff/screenings?{query}")

    assert page.status_code == 200
    assert references(page) == [waiting[name] for name in expected]


def test_an_empty_queue_says_nobody_is_waiting(db_app, staff, stored):
    """With nobody new, the queue says so rather than showing an empty table."""
    stored(status="closed")
    staff.as_role("intake")

    page = text_of(staff.client.get("/staff/screenings"))

    assert "Nobody is waiting to be contacted" in page
    assert "<table" not in page


def test_the_queue_offers_the_export_of_the_people_to_contact(db_app, staff, waiting):
    """Its spreadsheet link exports the screenings still new."""
    staff.as_role("intake")

    page = staff.client.get("/staff/screenings").get_data(as_text=True)

    assert 'href="/staff/screenings.csv?status=new"' in page


def test_opening_the_queue_is_recorded_with_its_view(db_app, staff, waiting):
    """screenings_listed says the queue was read (status new) and which view."""
    staff.as_role("intake")

    staff.client.get("/staff/screenings")

    (entry,) = audit_entries(db_app, "screenings_listed")
    assert entry.detail == {
        "filters": {"status": "new"},
        "name_searched": False,
        "page": 1,
        "view": "to_contact",
    }
