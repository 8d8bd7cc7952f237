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
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Select, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from advisor.language import DEFAULT_LANGUAGE, languages
from advisor.response import Assessment
from advisor.storage import audit, db, reachable
from advisor.storage.audit import Action
from advisor.storage.models import SELF_SCREENING, STATUSES, Note, Screening, User, utcnow

__all__ = [
    "INTERPRETER_ANSWERS",
    "PER_PAGE",
    "TO_CONTACT",
    "Communication",
    "Filters",
    "Order",
    "Patient",
    "ScreeningPage",
    "add_note",
    "each",
    "emails",
    "find_by_key",
    "get",
    "purge",
    "remove",
    "search",
    "set_status",
    "store",
]

PER_PAGE = 25


@dataclass(frozen=True, slots=True)
class Patient:
    """A patient's details; kept only when ``consent`` is true."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None
    dob: datetime.date | None = None
    consent: bool = False


#: The answers to "Would you like an interpreter?"; None is "not answered".
INTERPRETER_ANSWERS: tuple[str, ...] = ("yes", "no")


@dataclass(frozen=True, slots=True)
class Communication:
    """How to speak with the patient: the language they used, and whether they would like an
    interpreter (``"yes"``, ``"no"``, or None when not answered).

    Kept with every screening, with or without consent to keep the patient's details: it
    names nobody, and whoever calls about the screening needs it.
    """

    language: str = DEFAULT_LANGUAGE
    interpreter: str | None = None


#: Which end of the list comes first: the newest, or the longest waiting (the queue).
Order = Literal["newest", "oldest"]


@dataclass(frozen=True, slots=True)
class Filters:
    """What the screening list is narrowed to; None means "any".

    ``zone`` is where the dates are days: a coordinator's "26 Nov" starts at midnight
    in the practice's time zone, not in UTC (None: UTC).
    """

    status: str | None = None
    primary: str | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    name: str | None = None
    zone: ZoneInfo | None = None

    def apply(self, query: Select[Any]) -> Select[Any]:
        """Return ``query`` narrowed by these filters."""
        if self.status:
            query = query.where(Screening.status == self.status)
        if self.primary:
            query = query.where(Screening.primary == self.primary)
        if self.date_from:
            query = query.where(Screening.created_at >= _start_of(self.date_from, self.zone))
        # The last day there is has no day after it: no upper bound is needed.
        if self.date_to and self.date_to < datetime.date.max:
            query = query.where(Screening.created_at < _start_of(self.date_to + _DAY, self.zone))
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
    communication: Communication | None = None,
    key: str | None = None,
    address: str | None = None,
) -> Screening:
    """Keep a screening, exactly once per ``key``, with an audit entry in the same commit.

    The patient's details are kept only with their consent.

    :param user: the staff member who ran it; None for a self-screening.
    :param communication: the patient's language and interpreter answer (English, not asked).
    :param key: the form's one-time token; a repeat returns the first screening.
    :raises ValueError: for a language this app does not offer, or an interpreter answer
        that is not one of ``INTERPRETER_ANSWERS``; nothing is stored.
    :raises DatabaseUnavailable: if the database cannot be reached; nothing is stored.
    """
    communication = communication or Communication()
    _check(communication)
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
        language=communication.language,
        interpreter=communication.interpreter,
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


def _check(communication: Communication) -> None:
    """Refuse a language or interpreter answer the forms could not have sent (a bug, not input)."""
    if communication.language not in languages():
        raise ValueError(f"unknown language {communication.language!r}")
    if communication.interpreter not in (None, *INTERPRETER_ANSWERS):
        raise ValueError(f"unknown interpreter answer {communication.interpreter!r}")


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


#: The coordinator's queue: people nobody has reached yet (a call that went unanswered
#: leaves a note and the status "new", so they stay in it).
TO_CONTACT = Filters(status="new")


def search(
    filters: Filters, page: int = 1, per_page: int = PER_PAGE, order: Order = "newest"
) -> ScreeningPage:
    """Return one page of screenings matching ``filters``, newest (or oldest) first.

    The page's ids are found first, from an index alone (see ``Screening.__table_args__``),
    and only those rows are read: a late page or a name search never reads the rows it
    skips, with their answers and responses.
    """
    total = db.session.scalar(filters.apply(select(func.count()).select_from(Screening))) or 0
    page = max(1, min(page, max(1, math.ceil(total / per_page))))
    if order == "oldest":
        in_order = (Screening.created_at.asc(), Screening.id.asc())
    else:
        in_order = (Screening.created_at.desc(), Screening.id.desc())
    ids = (
        filters.apply(select(Screening.id))
        .order_by(*in_order)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    items = list(
        db.session.scalars(select(Screening).where(Screening.id.in_(ids)).order_by(*in_order))
    )
    return ScreeningPage(items, total, page, per_page)


def each(filters: Filters) -> Iterator[Screening]:
    """Yield every screening matching ``filters``, newest first, with its notes, streaming.

    Rows are fetched in batches (each batch's notes in one more query), so an export
    of any size holds only one batch in memory; each screening is let go once used.
    """
    query = (
        filters.apply(select(Screening))
        .options(selectinload(Screening.notes))
        .order_by(Screening.created_at.desc(), Screening.id.desc())
        .execution_options(yield_per=500)
    )
    for screening in db.session.scalars(query):
        yield screening
        for note in screening.notes:
            db.session.expunge(note)
        db.session.expunge(screening)


def emails() -> dict[int, str]:
    """Return each staff account's email by its id (who ran a screening, who wrote a note)."""
    return {u.id: u.email for u in db.session.scalars(select(User))}


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


def _start_of(day: datetime.date, zone: ZoneInfo | None = None) -> datetime.datetime:
    """Return when ``day`` starts in ``zone`` (UTC if None), as the naive UTC the table stores."""
    start = datetime.datetime.combine(day, datetime.time())
    if zone is None:
        return start
    try:
        aware = start.replace(tzinfo=zone).astimezone(datetime.UTC)
    except OverflowError:  # the first or last day there is, moved past what datetime holds
        return start
    return aware.replace(tzinfo=None)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
