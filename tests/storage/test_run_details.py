"""The details of staff runs: kept under random ids, found until they expire, then purged."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import select

from advisor.exceptions import DatabaseUnavailable
from advisor.storage import db, run_details
from advisor.storage.models import RunDetails
from advisor.storage.screenings import Patient

ANN = Patient(
    name="Ann Lee",
    phone="555 123 4567",
    email="ann@example.com",
    dob=datetime.date(1958, 3, 27),
    consent=True,
)
HOUR = datetime.timedelta(hours=1)
PAST = -datetime.timedelta(seconds=1)


def ids() -> set[str]:
    return set(db.session.scalars(select(RunDetails.id)))


def test_kept_details_are_found_by_their_random_id(db_app):
    """``keep`` returns a new unguessable id each time; ``find`` gives the details back."""
    with db_app.app_context():
        first = run_details.keep(ANN, HOUR)
        second = run_details.keep(ANN, HOUR)

        assert first != second
        assert len(first) >= 43
        assert run_details.find(first) == ANN
        assert run_details.find("not-an-id") is None
        assert run_details.find("") is None


def test_without_consent_nothing_but_the_refusal_is_kept(db_app):
    """Details typed without consent are not kept: the entry is an empty ``Patient``."""
    with db_app.app_context():
        kept = run_details.keep(Patient(name="Ann Lee", phone="555 123 4567"), HOUR)

        assert run_details.find(kept) == Patient()


def test_expired_details_are_never_found_and_are_deleted_when_asked_for(db_app):
    """Past ``expires_at``, ``find`` answers None and the entry is gone."""
    with db_app.app_context():
        expired = run_details.keep(ANN, PAST)

        assert run_details.find(expired) is None
        assert ids() == set()


def test_keeping_purges_every_expired_entry_and_the_one_it_replaces(db_app):
    """One commit: the new entry in, the replaced one and all expired ones out."""
    with db_app.app_context():
        expired = run_details.keep(ANN, PAST)
        replaced = run_details.keep(ANN, HOUR)
        other = run_details.keep(ANN, HOUR)

        new = run_details.keep(ANN, HOUR, replacing=replaced)

        assert expired != new
        assert ids() == {other, new}


def test_forgetting_deletes_one_entry(db_app):
    """``forget`` deletes the entry of a saved or cancelled run, and no other."""
    with db_app.app_context():
        saved = run_details.keep(ANN, HOUR)
        other = run_details.keep(ANN, HOUR)

        run_details.forget(saved)
        run_details.forget(saved)  # twice (a double click) is harmless

        assert ids() == {other}


def test_a_database_that_cannot_be_reached_raises_database_unavailable(down_app):
    """Each function says the database is down, with no statement values in the message."""
    with down_app.app_context():
        for call in (
            lambda: run_details.keep(ANN, HOUR),
            lambda: run_details.find("some-id"),
            lambda: run_details.forget("some-id"),
        ):
            with pytest.raises(DatabaseUnavailable) as raised:
                call()
            assert "Ann Lee" not in str(raised.value)
