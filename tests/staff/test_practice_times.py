"""Staff pages with a practice profile (in America/Chicago): every time in Chicago time, the
dates of the filters Chicago days, the staff footer naming the practice, and no banner.

``app_settings`` points ``db_app``'s app at a profile written for the test.
"""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest

from tests.pages import text_of
from tests.staff.test_times import PROFILE, WINTER


@pytest.fixture
def app_settings(tmp_path: Path) -> dict[str, object]:
    """A practice profile in America/Chicago, for every app these tests make."""
    profile = tmp_path / "practice.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    return {"PRACTICE_PROFILE": str(profile)}


def test_list_detail_notes_and_audit_show_chicago_time(db_app, staff, stored):
    """The queue, the list of all, a screening, its note and the audit trail, all in CST."""
    screening = stored(created_at=WINTER)
    staff.as_role("admin")
    staff.client.post(f"/staff/screenings/{screening}/notes", data={"text": "Called."})

    pages = {
        path: text_of(staff.client.get(path))
        for path in (
            "/staff/screenings",
            "/staff/screenings?view=all",
            f"/staff/screenings/{screening}",
            f"/staff/screenings/{screening}/delete",
        )
    }
    audit = text_of(staff.client.get("/staff/audit"))

    for path, page in pages.items():
        assert '<time datetime="2026-11-26T15:05:00Z">26 Nov 2026, 9:05 am CST</time>' in (page), (
            path
        )
    assert (
        ' CST</time></p> <p class="note-text">Called.</p>'
        in pages[f"/staff/screenings/{screening}"]
    )
    assert " CST</time></td>" in audit
    assert "Practice details not set" not in audit


def test_the_rule_set_status_says_since_when_in_chicago_time(db_app, staff):
    """ "In use since" is in the practice's zone too."""
    staff.as_role("admin")

    page = text_of(staff.client.get("/staff/rules/status"))

    assert "In use since</th><td>" in page
    assert page.split("In use since</th><td>")[1].split("</td>")[0].endswith(("CST", "CDT"))


def test_dates_in_the_filters_are_the_practices_days(db_app, staff, stored):
    """A screening at 1 am UTC on 27 Nov was made on 26 Nov in Chicago, and is found there."""
    late = stored(created_at=datetime.datetime(2026, 11, 27, 1, 0))
    staff.as_role("intake")

    on_the_26th = staff.client.get("/staff/screenings?date_from=2026-11-26&date_to=2026-11-26")
    on_the_27th = staff.client.get("/staff/screenings?date_from=2026-11-27&date_to=2026-11-27")

    assert f"/staff/screenings/{late}" in on_the_26th.get_data(as_text=True)
    assert f"/staff/screenings/{late}" not in on_the_27th.get_data(as_text=True)


def test_staff_pages_have_their_own_footer(db_app, staff):
    """The staff footer names the practice and the zone; the patient footer is not there."""
    staff.as_role("intake")

    for path in ("/staff/screenings", "/staff/audit", "/staff/screenings/999999"):
        page = text_of(staff.client.get(path))

        assert "Staff pages of Lakeside Physical Therapy. Times are in America/Chicago." in page
        assert "This is a screening aid, not a diagnosis" not in page


def test_the_export_names_the_practice_zone_and_its_times_are_in_it(db_app, staff, stored):
    """The CSV's "received" column is headed with the zone, and holds Chicago time."""
    stored(created_at=WINTER)
    staff.as_role("intake")

    download = staff.client.get("/staff/screenings.csv").get_data().decode("utf-8-sig")

    (row,) = csv.DictReader(io.StringIO(download))
    assert row["received (America/Chicago)"] == "2026-11-26 09:05"
