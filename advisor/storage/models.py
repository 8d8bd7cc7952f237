"""The tables: staff accounts, screenings with their notes, the audit trail, login throttling,
and the patient's details of staff runs in progress.

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
    """A staff member who can sign in: intake, therapist or admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    # Raised when the password changes or the account is disabled: old sessions stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


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
    """Failed sign-ins counted per account and per address, shared by every app server."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    window_start: Mapped[datetime.datetime] = mapped_column(DateTime)
    failures: Mapped[int] = mapped_column(Integer, default=0)


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
