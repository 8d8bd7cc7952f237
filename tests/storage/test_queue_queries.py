"""The queries behind the coordinator's queue and the export: oldest first, days in the practice's
zone, and every screening streamed with its notes. Each runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from advisor.assessment import assess
from advisor.extensions import current_ruleset
from advisor.storage import db, screenings
from advisor.storage.models import Note
from advisor.storage.screenings import TO_CONTACT, Filters
from tests.personas import BFR_CANDIDATE
from tests.staff.conftest import make_user

CHICAGO = ZoneInfo("America/Chicago")
START = datetime.datetime(2026, 11, 20, 12, 0)


def store_at(when: datetime.datetime, status: str = "new") -> int:
    """Store a screening made at ``when`` (naive UTC) with ``status``; return its id."""
    screening = screenings.store(assess(BFR_CANDIDATE, current_ruleset()), BFR_CANDIDATE)
    screening.created_at = when
    screening.status = status
    db.session.commit()
    return screening.id


def test_the_queue_holds_new_screenings_oldest_first(db_app):
    """``TO_CONTACT`` in ``oldest`` order: the longest waiting first, the others left out."""
    with db_app.app_context():
        middle = store_at(START + datetime.timedelta(days=1))
        oldest = store_at(START)
        store_at(START - datetime.timedelta(days=3), status="contacted")
        newest = store_at(START + datetime.timedelta(days=2))

        found = screenings.search(TO_CONTACT, order="oldest")

        assert [s.id for s in found.items] == [oldest, middle, newest]
        assert found.total == 3


def test_the_queue_pages_from_the_oldest(db_app):
    """Page 2 of the queue carries on where page 1 stopped, in the same order."""
    with db_app.app_context():
        made = [store_at(START + datetime.timedelta(hours=n)) for n in range(5)]

        first = screenings.search(TO_CONTACT, page=1, per_page=2, order="oldest")
        second = screenings.search(TO_CONTACT, page=2, per_page=2, order="oldest")

        assert [s.id for s in first.items + second.items] == made[:4]


def test_a_date_filter_counts_days_in_the_zone_it_is_given(db_app):
    """1 am UTC on 27 Nov is still 26 Nov in Chicago: the zone decides which day it is on."""
    with db_app.app_context():
        late = store_at(datetime.datetime(2026, 11, 27, 1, 0))
        day = datetime.date(2026, 11, 26)

        in_chicago = screenings.search(Filters(date_from=day, date_to=day, zone=CHICAGO))
        in_utc = screenings.search(Filters(date_from=day, date_to=day))

        assert [s.id for s in in_chicago.items] == [late]
        assert in_utc.items == []


def test_the_first_and_last_days_there_are_still_filter_in_a_zone(db_app):
    """Dates at the ends of the calendar do not overflow when moved into a zone."""
    with db_app.app_context():
        made = store_at(START)
        everything = Filters(
            date_from=datetime.date.min, date_to=datetime.date.max, zone=ZoneInfo("Asia/Tokyo")
        )

        assert [s.id for s in screenings.search(everything).items] == [made]


def test_each_streams_every_screening_newest_first_with_its_notes(db_app):
    """``each`` yields the filtered screenings with their notes already loaded."""
    with db_app.app_context():
        author = make_user("intake", "n@clinic.example")
        older = store_at(START)
        newer = store_at(START + datetime.timedelta(days=1))
        db.session.add(Note(screening_id=older, author_id=author.id, text="Called."))
        db.session.commit()
        author_id = author.id

        seen = [(s.id, [n.text for n in s.notes]) for s in screenings.each(Filters())]

        assert seen == [(newer, []), (older, ["Called."])]
        assert screenings.emails() == {author_id: "n@clinic.example"}
