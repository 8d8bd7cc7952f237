"""Stored screenings: keep one (exactly once), find them, follow them up, export, delete, purge.

Every change and every read of health information through the staff pages
leaves an audit entry; the entries never hold a patient's details, so they
can outlive a deleted screening.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.exc import IntegrityError

from advisor.response import Assessment
from advisor.spreadsheet import neutralise
from advisor.storage import audit, db, reachable
from advisor.storage.audit import Action
from advisor.storage.models import SELF_SCREENING, STATUSES, Note, Screening, User, utcnow

__all__ = [
    "CSV_COLUMNS",
    "PER_PAGE",
    "Filters",
    "Patient",
    "ScreeningPage",
    "add_note",
    "export_rows",
    "find_by_key",
    "get",
    "neutralise",
    "purge",
    "remove",
    "search",
    "set_status",
    "store",
]

PER_PAGE = 25

CSV_COLUMNS = (
    "reference",
    "created_at",
    "run_by",
    "status",
    "primary",
    "suggestions",
    "blocked",
    "urgency",
    "patient_name",
    "patient_phone",
    "patient_email",
    "patient_dob",
    "ruleset_version",
    "ruleset_digest",
)


@dataclass(frozen=True, slots=True)
class Patient:
    """A patient's details; kept only when ``consent`` is true."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None
    dob: datetime.date | None = None
    consent: bool = False


@dataclass(frozen=True, slots=True)
class Filters:
    """What the screening list is narrowed to; None means "any"."""

    status: str | None = None
    primary: str | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    name: str | None = None

    def apply(self, query: Select[Any]) -> Select[Any]:
        """Return ``query`` narrowed by these filters."""
        if self.status:
            query = query.where(Screening.status == self.status)
        if self.primary:
            query = query.where(Screening.primary == self.primary)
        if self.date_from:
            query = query.where(Screening.created_at >= _start_of(self.date_from))
        # The last day there is has no day after it: no upper bound is needed.
        if self.date_to and self.date_to < datetime.date.max:
            query = query.where(Screening.created_at < _start_of(self.date_to + _DAY))
        if self.name:
            pattern = "%" + _escape_like(self.name.strip().lower()) + "%"
            query = query.where(func.lower(Screening.patient_name).like(pattern, escape="\\"))
        return query

    def to_dict(self) -> dict[str, str]:
        """Return the filters that are set, as text (for links and the audit trail)."""
        values = {
            "status": self.status,
            "primary": self.primary,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "name": self.name,
        }
        return {k: v for k, v in values.items() if v}


@dataclass(frozen=True, slots=True)
class ScreeningPage:
    """One page of the screening list."""

    items: list[Screening]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


_DAY = datetime.timedelta(days=1)


def store(
    response: Assessment,
    answers: Mapping[str, Any],
    *,
    user: User | None = None,
    patient: Patient | None = None,
    key: str | None = None,
    address: str | None = None,
) -> Screening:
    """Keep a screening, exactly once per ``key``, with an audit entry in the same commit.

    The patient's details are kept only with their consent.

    :param user: the staff member who ran it; None for a self-screening.
    :param key: the form's one-time token; a repeat returns the first screening.
    :raises DatabaseUnavailable: if the database cannot be reached; nothing is stored.
    """
    patient = patient if patient and patient.consent else Patient()
    recommendation = response.recommendation
    screening = Screening(
        source="staff" if user else "self",
        created_by_id=user.id if user else None,
        answers=dict(answers),
        response=response.to_dict(),
        ruleset_version=response.ruleset.version,
        ruleset_digest=response.ruleset.digest,
        primary=recommendation.primary,
        urgency=recommendation.urgency,
        patient_name=patient.name,
        patient_phone=patient.phone,
        patient_email=patient.email,
        patient_dob=patient.dob,
        consent=patient.consent,
        consent_at=utcnow() if patient.consent else None,
        idempotency_key=key,
    )
    try:
        with reachable("nothing was stored"):
            db.session.add(screening)
            db.session.flush()
            audit.record(
                Action.SCREENING_CREATED,
                user=user,
                actor=SELF_SCREENING,  # used only without a user: a patient's own request
                screening=screening,
                detail={"primary": screening.primary},
                address=address,
                commit=False,
            )
            db.session.commit()
        return screening
    except IntegrityError:
        db.session.rollback()
        existing = find_by_key(key) if key else None
        if existing is None:
            raise
        return existing


def find_by_key(key: str) -> Screening | None:
    """Return the screening stored with this one-time token, if any."""
    return db.session.scalar(select(Screening).where(Screening.idempotency_key == key))


# The largest id an INTEGER column holds on PostgreSQL (SQLite's is larger).
_MAX_ID = 2**31 - 1


def get(screening_id: int) -> Screening | None:
    """Return one screening, or None (also for an id no screening can have)."""
    # A typed-in address can carry any number; the database would refuse one this big.
    if not 0 < screening_id <= _MAX_ID:
        return None
    return db.session.get(Screening, screening_id)


def search(filters: Filters, page: int = 1, per_page: int = PER_PAGE) -> ScreeningPage:
    """Return one page of screenings matching ``filters``, newest first.

    The page's ids are found first, from an index alone (see ``Screening.__table_args__``),
    and only those rows are read: a late page or a name search never reads the rows it
    skips, with their answers and responses.
    """
    total = db.session.scalar(filters.apply(select(func.count()).select_from(Screening))) or 0
    page = max(1, min(page, max(1, math.ceil(total / per_page))))
    newest_first = (Screening.created_at.desc(), Screening.id.desc())
    ids = (
        filters.apply(select(Screening.id))
        .order_by(*newest_first)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    items = list(
        db.session.scalars(select(Screening).where(Screening.id.in_(ids)).order_by(*newest_first))
    )
    return ScreeningPage(items, total, page, per_page)


def export_rows(filters: Filters) -> Iterator[list[str]]:
    """Yield the CSV header, then one row per screening, streaming from the database.

    Rows are fetched in batches, so an export of any size holds only one batch in
    memory. Cells a spreadsheet would run as a formula are neutralised.
    """
    yield list(CSV_COLUMNS)
    query = (
        filters.apply(select(Screening))
        .order_by(Screening.created_at.desc(), Screening.id.desc())
        .execution_options(yield_per=500)
    )
    users = {u.id: u.email for u in db.session.scalars(select(User))}
    for screening in db.session.scalars(query):
        yield [neutralise(value) for value in _row(screening, users)]
        db.session.expunge(screening)


def set_status(screening: Screening, status: str, user: User, address: str | None = None) -> None:
    """Change a screening's follow-up status."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    audit.record(
        Action.STATUS_CHANGED,
        user=user,
        screening=screening,
        detail={"from": screening.status, "to": status},
        address=address,
        commit=False,
    )
    screening.status = status
    db.session.commit()


def add_note(screening: Screening, text: str, user: User, address: str | None = None) -> None:
    """Add a staff note to a screening."""
    db.session.add(Note(screening_id=screening.id, author_id=user.id, text=text.strip()))
    audit.record(Action.NOTE_ADDED, user=user, screening=screening, address=address, commit=False)
    db.session.commit()


def remove(screening: Screening, user: User, address: str | None = None) -> None:
    """Delete a screening, its notes and the patient's details, leaving an audit entry."""
    audit.record(
        Action.SCREENING_DELETED, user=user, screening=screening, address=address, commit=False
    )
    db.session.delete(screening)
    db.session.commit()


def purge(older_than_days: int, actor: str) -> int:
    """Delete every screening created more than ``older_than_days`` days ago; return how many."""
    cutoff = utcnow() - datetime.timedelta(days=older_than_days)
    old = select(Screening.id).where(Screening.created_at < cutoff)
    db.session.execute(delete(Note).where(Note.screening_id.in_(old)))
    count = db.session.execute(delete(Screening).where(Screening.created_at < cutoff)).rowcount
    audit.record(
        Action.SCREENINGS_PURGED,
        actor=actor,
        detail={"older_than_days": older_than_days, "deleted": count},
        commit=False,
    )
    db.session.commit()
    return count


def _row(screening: Screening, users: Mapping[int, str]) -> list[object]:
    recommendation = screening.response.get("recommendation", {})
    return [
        screening.reference,
        screening.created_at.isoformat(sep=" ", timespec="seconds"),
        users.get(screening.created_by_id or 0, SELF_SCREENING),
        screening.status,
        screening.primary,
        " ".join(recommendation.get("suggestions", [])),
        " ".join(b.get("therapy", "") for b in recommendation.get("blocked", [])),
        screening.urgency,
        screening.patient_name,
        screening.patient_phone,
        screening.patient_email,
        screening.patient_dob.isoformat() if screening.patient_dob else None,
        screening.ruleset_version,
        screening.ruleset_digest,
    ]


def _start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time())


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
