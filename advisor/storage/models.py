"""The tables: staff accounts and their sessions, screenings with their notes, the audit trail,
login throttling, and the patient's details of staff runs in progress.

Times are stored as naive UTC (``utcnow``) so SQLite and PostgreSQL agree.
Health information lives only in ``screenings`` (answers, result, and the
patient's details, kept only with their consent) and ``notes``; a patient's
details typed by staff wait in ``staff_run_details`` until the run is saved or
cancelled, for two hours at most.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any, Literal

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from advisor.storage import db

__all__ = [
    "ROLES",
    "SELF_SCREENING",
    "STATUSES",
    "AuditEntry",
    "LoginThrottle",
    "Note",
    "Role",
    "RunDetails",
    "Screening",
    "StaffSession",
    "Status",
    "User",
    "new_reference",
    "utcnow",
]

Role = Literal["intake", "therapist", "admin"]
ROLES: tuple[Role, ...] = ("intake", "therapist", "admin")

Status = Literal["new", "contacted", "booked", "not_suitable", "closed"]
STATUSES: tuple[Status, ...] = ("new", "contacted", "booked", "not_suitable", "closed")

#: Who ran a screening when no staff member did.
SELF_SCREENING = "self-screening"

# Letters and digits that cannot be mistaken for each other when read out on the phone.
_REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def utcnow() -> datetime.datetime:
    """Return the current time as naive UTC, the form every table stores."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def new_reference() -> str:
    """Return a short reference a patient can quote, like ``K7M2-QX9P``."""
    chars = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    """A staff member who can sign in: intake, therapist or admin.

    Flask-Login knows a signed-in account by ``get_id``: the token of the sign-in it
    was loaded for (``advisor.staff.sessions``), never the account's own id, so each
    sign-in is a ``StaffSession`` row that can be ended on its own.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)

    # The token of the sign-in this object was loaded for or signed in with: set by
    # advisor.staff.sessions, never stored (the table keeps only its hash). Unannotated,
    # so it is a plain attribute and not a column.
    session_token = None

    # UserMixin compares accounts by get_id(), which is a sign-in's token here; within
    # a database session each row is one object, so identity is the right comparison.
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    def get_id(self) -> str:
        """Return the token of this object's sign-in, which Flask-Login keeps in the cookie.

        :raises LookupError: if the object was not signed in or loaded for a sign-in.
        """
        if self.session_token is None:
            raise LookupError(f"{self.email} was not loaded for a sign-in; it has no session token")
        return self.session_token


class StaffSession(db.Model):  # type: ignore[name-defined,misc]
    """One sign-in of a member of staff, held on the server; the cookie holds only its token.

    Only the token's SHA-256 is stored, so a copy of this table signs nobody in.
    ``last_seen_at`` is the idle clock; ``created_at`` the absolute one, which use
    never renews.
    """

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    last_seen_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[User] = relationship(User)


class Screening(db.Model):  # type: ignore[name-defined,misc]
    """One assessment kept for follow-up: answers, full response, rule set, who, when, status."""

    __tablename__ = "screenings"
    # The staff list: newest first, by status, outcome or date, with a name search. Each
    # index ends in list order and holds the name, so a page's ids, its count and a name
    # search come from an index alone (migration 0002; figures in docs/benchmarks.md).
    __table_args__ = (
        Index("ix_screenings_by_created", "created_at", "id", "patient_name"),
        Index("ix_screenings_by_status", "status", "created_at", "id", "patient_name"),
        Index("ix_screenings_by_primary", "primary", "created_at", "id", "patient_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(9), unique=True, default=new_reference)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    source: Mapped[str] = mapped_column(String(10))  # "self" or "staff"
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    ruleset_version: Mapped[str] = mapped_column(String(100))
    ruleset_digest: Mapped[str] = mapped_column(String(64))
    primary: Mapped[str] = mapped_column(String(20))
    urgency: Mapped[str | None] = mapped_column(String(20), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="new")
    patient_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    patient_phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    patient_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    patient_dob: Mapped[datetime.date | None] = mapped_column(Date, nullable=True)
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[datetime.datetime | None] = mapped_column(DateTime, nullable=True)
    # The language the patient read the questions in (a code of advisor.language.LANGUAGES;
    # "en" for screenings stored before it was recorded), and their answer to "Would you like
    # an interpreter?": "yes", "no", or None when not answered (migration 0006).
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    interpreter: Mapped[str | None] = mapped_column(String(3), nullable=True)
    # A form's one-time token: a double click or a retried request stores one screening.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)

    created_by: Mapped[User | None] = relationship(User)
    notes: Mapped[list[Note]] = relationship(
        back_populates="screening",
        cascade="all, delete-orphan",
        order_by="Note.created_at",
        passive_deletes=True,
    )

    @property
    def run_by(self) -> str:
        """Return who ran the screening: a staff member's email, or "self-screening"."""
        return self.created_by.email if self.created_by else SELF_SCREENING


class Note(db.Model):  # type: ignore[name-defined,misc]
    """A staff note on a screening."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    screening_id: Mapped[int] = mapped_column(
        ForeignKey("screenings.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)

    screening: Mapped[Screening] = relationship(back_populates="notes")
    author: Mapped[User] = relationship(User)


class AuditEntry(db.Model):  # type: ignore[name-defined,misc]
    """One recorded action: who, when, what. Never changed or removed through the app.

    ``screening_id`` is a plain column, not a foreign key, so the entry outlives
    a deleted screening.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(40), index=True)
    screening_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    address: Mapped[str | None] = mapped_column(String(45), nullable=True)


class LoginThrottle(db.Model):  # type: ignore[name-defined,misc]
    """Failed sign-ins counted per account and address, per address and per account, shared
    by every app server (``advisor.staff.throttle``)."""

    __tablename__ = "login_throttle"

    # "pair:<email>|<address>", "address:<address>" or "account:<email>".
    key: Mapped[str] = mapped_column(String(320), primary_key=True)
    window_start: Mapped[datetime.datetime] = mapped_column(DateTime, index=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    # The last attempt counted: a wait is measured from it.
    last_at: Mapped[datetime.datetime] = mapped_column(DateTime)


class RunDetails(db.Model):  # type: ignore[name-defined,misc]
    """A patient's details during a staff run, until it is saved or cancelled, or they expire.

    The session cookie is signed, not encrypted: it holds only ``id``, a random key, and
    the details stay here (``advisor.storage.run_details``). Without consent the row
    holds no details, only ``consent`` false.
    """

    __tablename__ = "staff_run_details"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    patient_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    patient_phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    patient_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    patient_dob: Mapped[datetime.date | None] = mapped_column(Date, nullable=True)
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTime)
