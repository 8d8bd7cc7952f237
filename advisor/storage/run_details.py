"""A patient's details during a staff run: kept server-side under a random id, for a while.

The session cookie is signed but readable by whoever holds it, so a run keeps
there only the id ``keep`` returns (``advisor.staff.run``). The details live in
``staff_run_details`` until the run is saved or cancelled (``forget``), or until
they expire: an expired entry is never returned, is deleted when it is asked
for, and every ``keep`` purges all the expired ones first.
"""

from __future__ import annotations

import datetime
import secrets

from sqlalchemy import delete, or_

from advisor.storage import db, reachable
from advisor.storage.models import RunDetails, utcnow
from advisor.storage.screenings import Patient

__all__ = ["find", "forget", "keep"]


def keep(patient: Patient, lifetime: datetime.timedelta, replacing: str = "") -> str:
    """Keep a run's details (none without consent) for ``lifetime``; return their new id.

    In the same commit, the details kept under ``replacing`` (the run's before a
    change, or the last run's) and every expired entry are deleted.

    :raises DatabaseUnavailable: if the database cannot be reached; nothing was kept.
    """
    if not patient.consent:
        patient = Patient()
    details_id = secrets.token_urlsafe(32)
    now = utcnow()
    with reachable():
        gone = RunDetails.expires_at <= now
        if replacing:
            gone = or_(gone, RunDetails.id == replacing)
        db.session.execute(delete(RunDetails).where(gone))
        db.session.add(
            RunDetails(
                id=details_id,
                patient_name=patient.name,
                patient_phone=patient.phone,
                patient_email=patient.email,
                patient_dob=patient.dob,
                consent=patient.consent,
                expires_at=now + lifetime,
            )
        )
        db.session.commit()
    return details_id


def find(details_id: str) -> Patient | None:
    """Return the details kept under this id, or None if there are none (gone, or expired).

    An expired entry is deleted here, so it is never served again.

    :raises DatabaseUnavailable: if the database cannot be reached.
    """
    with reachable():
        kept = db.session.get(RunDetails, details_id) if details_id else None
        if kept is not None and kept.expires_at <= utcnow():
            db.session.delete(kept)
            db.session.commit()
            return None
    if kept is None:
        return None
    return Patient(
        name=kept.patient_name,
        phone=kept.patient_phone,
        email=kept.patient_email,
        dob=kept.patient_dob,
        consent=kept.consent,
    )


def forget(details_id: str) -> None:
    """Delete the details kept under this id, if any (the run was saved or cancelled).

    :raises DatabaseUnavailable: if the database cannot be reached.
    """
    with reachable():
        db.session.execute(delete(RunDetails).where(RunDetails.id == details_id))
        db.session.commit()
