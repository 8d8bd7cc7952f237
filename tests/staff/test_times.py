"""Times on staff pages: stored in UTC, shown in the practice's time zone with its name.

The formatting itself is tested here, and the pages without a profile; the pages with
a profile in America/Chicago are in ``test_practice_times``.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from advisor.staff.times import local_time, waiting
from tests.pages import text_of

CHICAGO = ZoneInfo("America/Chicago")

PROFILE = """\
name = "Lakeside Physical Therapy"
phone = "(312) 555-0100"
timezone = "America/Chicago"
"""

#: 15:05 UTC on 26 November 2026 is 9:05 in Chicago (CST, UTC-6).
WINTER = datetime.datetime(2026, 11, 26, 15, 5)
#: 14:30 UTC on 1 July 2026 is 9:30 in Chicago (CDT, UTC-5).
SUMMER = datetime.datetime(2026, 7, 1, 14, 30)


@pytest.mark.parametrize(
    ("value", "zone", "shown"),
    [
        (WINTER, CHICAGO, "26 Nov 2026, 9:05 am CST"),
        (SUMMER, CHICAGO, "1 Jul 2026, 9:30 am CDT"),
        (WINTER, ZoneInfo("UTC"), "26 Nov 2026, 3:05 pm UTC"),
        (datetime.datetime(2026, 11, 26, 0, 0), ZoneInfo("UTC"), "26 Nov 2026, 12:00 am UTC"),
        (datetime.datetime(2026, 11, 26, 12, 0), ZoneInfo("UTC"), "26 Nov 2026, 12:00 pm UTC"),
        (WINTER, ZoneInfo("Asia/Dubai"), "26 Nov 2026, 7:05 pm Asia/Dubai"),
        (WINTER.replace(tzinfo=datetime.UTC), CHICAGO, "26 Nov 2026, 9:05 am CST"),
        (None, CHICAGO, ""),
    ],
    ids=["winter", "summer", "utc", "midnight", "noon", "no-abbreviation", "aware", "none"],
)
def test_a_stored_time_is_shown_in_the_zone_and_labelled(value, zone, shown):
    """Day, month, year, a 12-hour clock and the zone's short name (or its IANA name)."""
    assert shown == local_time(value, zone)


@pytest.mark.parametrize(
    ("waited", "shown"),
    [
        (datetime.timedelta(seconds=30), "under a minute"),
        (datetime.timedelta(minutes=1), "1 minute"),
        (datetime.timedelta(minutes=45), "45 minutes"),
        (datetime.timedelta(hours=1, minutes=5), "1 hour 5 minutes"),
        (datetime.timedelta(hours=3), "3 hours"),
        (datetime.timedelta(days=1, minutes=20), "1 day"),
        (datetime.timedelta(days=2, hours=3, minutes=5), "2 days 3 hours"),
        (datetime.timedelta(seconds=-5), "under a minute"),
    ],
)
def test_how_long_someone_has_waited_reads_in_its_two_largest_units(waited, shown):
    """Days and hours, or hours and minutes: enough to order a day's calls."""
    now = datetime.datetime(2026, 11, 26, 12, 0)

    assert shown == waiting(now - waited, now)


def test_without_a_profile_staff_pages_say_so_and_times_are_utc(db_app, staff, stored):
    """Each staff page shows "Practice details not set" with how to fix it; times say UTC."""
    screening = stored(created_at=WINTER)
    staff.client.get("/staff/login")
    login = text_of(staff.client.get("/staff/login"))
    staff.as_role("admin")

    for path in (
        "/staff/screenings",
        "/staff/screenings?view=all",
        f"/staff/screenings/{screening}",
        "/staff/audit",
        "/staff/rules/status",
        "/staff/rules",
    ):
        page = text_of(staff.client.get(path))

        assert "Practice details not set" in page, path
        assert "<code>advisor practice check</code>" in page, path
        assert "Times are in UTC." in page, path
    assert "Practice details not set" in login
    detail = text_of(staff.client.get(f"/staff/screenings/{screening}"))
    assert "26 Nov 2026, 3:05 pm UTC" in detail
