"""Storing a screening: everything needed to follow it up, exactly once, with an audit entry."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import select

from advisor.assessment import assess
from advisor.extensions import current_ruleset
from advisor.storage import db, screenings
from advisor.storage.models import SELF_SCREENING, AuditEntry, Screening
from advisor.storage.screenings import Communication, Patient
from tests.personas import BFR_CANDIDATE


def store(
    patient: Patient | None = None,
    key: str | None = None,
    communication: Communication | None = None,
) -> Screening:
    response = assess(BFR_CANDIDATE, current_ruleset())
    return screenings.store(
        response,
        BFR_CANDIDATE,
        patient=patient,
        communication=communication,
        key=key,
        address="192.0.2.7",
    )


def test_a_self_screening_keeps_answers_response_rule_set_and_who(db_app):
    """A self-screening keeps the answers, the full response, the rule set, source, status and time."""
    with db_app.app_context():
        response = assess(BFR_CANDIDATE, current_ruleset())
        stored = screenings.store(response, BFR_CANDIDATE)
        db.session.expire_all()
        found = db.session.get(Screening, stored.id)

        assert found.answers == BFR_CANDIDATE
        assert found.response == response.to_dict()
        assert found.ruleset_version == response.ruleset.version
        assert found.ruleset_digest == response.ruleset.digest
        assert found.primary == "bfr"
        assert found.source == "self"
        assert found.run_by == SELF_SCREENING
        assert found.status == "new"
        assert datetime.datetime.now(datetime.UTC).replace(tzinfo=None) - found.created_at < (
            datetime.timedelta(minutes=1)
        )
        assert len(found.reference) == 9


def test_storing_leaves_a_screening_created_audit_entry(db_app):
    """The audit trail records the creation, by "self-screening", without the patient's details."""
    with db_app.app_context():
        stored = store(Patient(name="Ann Lee", phone="555 123 4567", consent=True))
        entry = db.session.scalars(select(AuditEntry)).one()

        assert entry.action == "screening_created"
        assert entry.actor == SELF_SCREENING
        assert entry.screening_id == stored.id
        assert entry.address == "192.0.2.7"
        assert entry.detail == {"reference": stored.reference, "primary": "bfr"}


def test_patient_details_are_kept_with_consent(db_app):
    """Name, phone, email and date of birth are kept when the patient consents, with the time."""
    dob = datetime.date(1958, 3, 27)
    with db_app.app_context():
        stored = store(Patient("Ann Lee", "555 123 4567", "ann@example.com", dob, consent=True))
        db.session.expire_all()
        found = db.session.get(Screening, stored.id)

        assert (found.patient_name, found.patient_phone, found.patient_email) == (
            "Ann Lee",
            "555 123 4567",
            "ann@example.com",
        )
        assert found.patient_dob == dob
        assert found.consent is True
        assert found.consent_at is not None


def test_patient_details_are_dropped_without_consent(db_app):
    """Details given without consent are not kept at all."""
    dob = datetime.date(1958, 3, 27)
    with db_app.app_context():
        stored = store(Patient("Ann Lee", "555 123 4567", "ann@example.com", dob, consent=False))
        db.session.expire_all()
        found = db.session.get(Screening, stored.id)

        assert (found.patient_name, found.patient_phone, found.patient_email) == (None,) * 3
        assert found.patient_dob is None
        assert found.consent is False
        assert found.consent_at is None


def test_the_same_key_stores_one_screening(db_app):
    """Storing twice with one token returns the first screening and adds nothing."""
    with db_app.app_context():
        first = store(key="token-1")
        again = store(key="token-1")

        assert again.id == first.id
        assert len(db.session.scalars(select(Screening)).all()) == 1
        assert len(db.session.scalars(select(AuditEntry)).all()) == 1


@pytest.mark.parametrize("keys", [(None, None), ("token-1", "token-2")])
def test_different_or_no_keys_store_separately(db_app, keys):
    """Without a key, or with different keys, each call stores its own screening."""
    with db_app.app_context():
        ids = {store(key=key).id for key in keys}

        assert len(ids) == 2


def test_a_screening_without_a_language_given_is_english_with_no_interpreter_answer(db_app):
    """Language "en", interpreter not answered, unless the caller says otherwise."""
    with db_app.app_context():
        stored = store()
        db.session.expire_all()
        found = db.session.get(Screening, stored.id)

        assert (found.language, found.interpreter) == ("en", None)


@pytest.mark.parametrize("consent", [True, False], ids=["with-consent", "without-consent"])
def test_the_language_and_interpreter_answer_are_kept_with_or_without_consent(db_app, consent):
    """They name nobody, so they are kept even when the patient's details are not."""
    with db_app.app_context():
        stored = store(
            Patient("Ana López", "555 123 4567", consent=consent),
            communication=Communication("es", "yes"),
        )
        db.session.expire_all()
        found = db.session.get(Screening, stored.id)

        assert (found.language, found.interpreter) == ("es", "yes")


@pytest.mark.parametrize(
    ("communication", "message"),
    [
        (Communication("xx"), "unknown language 'xx'"),
        (Communication("es", "maybe"), "unknown interpreter answer 'maybe'"),
    ],
    ids=["language", "interpreter"],
)
def test_a_language_or_interpreter_answer_no_form_offers_is_refused(db_app, communication, message):
    """A value the forms cannot send is a bug upstream: refused, and nothing is stored."""
    with db_app.app_context():
        with pytest.raises(ValueError, match=message):
            store(communication=communication)

        assert db.session.scalars(select(Screening)).all() == []
