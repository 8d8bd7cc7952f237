"""The audit trail: who did what, when, to which screening. Written here, only ever read elsewhere.

``Action`` is the trail's whole vocabulary: each action's code, as stored, with
its words for the admins who read the trail (``advisor.staff.audit``). ``record``
is the one way an entry is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from advisor.storage import db
from advisor.storage.models import AuditEntry, Screening, User

__all__ = ["Action", "record"]


class Action(StrEnum):
    """Every action the trail records: its code (the stored value) and its ``label`` in words."""

    label: str

    LOGIN = "login", "Signed in"
    LOGIN_FAILED = "login_failed", "Failed to sign in"
    LOGOUT = "logout", "Signed out"
    SCREENING_CREATED = "screening_created", "Saved a screening"
    SCREENING_VIEWED = "screening_viewed", "Opened a screening"
    SCREENINGS_LISTED = "screenings_listed", "Listed screenings"
    SCREENINGS_EXPORTED = "screenings_exported", "Exported screenings as CSV"
    STATUS_CHANGED = "status_changed", "Changed a status"
    NOTE_ADDED = "note_added", "Added a note"
    SCREENING_DELETED = "screening_deleted", "Deleted a screening"
    SCREENINGS_PURGED = "screenings_purged", "Purged old screenings"
    AUDIT_VIEWED = "audit_viewed", "Read the audit trail"
    ACCOUNT_ADDED = "account_added", "Added a staff account"
    ACCOUNT_DISABLED = "account_disabled", "Disabled a staff account"
    PASSWORD_SET = "password_set", "Set a password"

    def __new__(cls, code: str, label: str) -> Action:
        # The code alone is the value, so Action("login") and "login" == Action.LOGIN hold.
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member


def record(
    action: Action | str,
    *,
    user: User | None = None,
    actor: str | None = None,
    screening: Screening | None = None,
    detail: Mapping[str, Any] | None = None,
    address: str | None = None,
    commit: bool = True,
) -> AuditEntry:
    """Add an entry: ``user`` (a staff member) or ``actor`` (e.g. "self-screening") did ``action``.

    :param action: an ``Action``, or its code.
    :param screening: the screening acted on; the entry keeps its id, and its reference
        first in ``detail`` (never a patient's details, so the entry outlives it).
    :param commit: commit now; pass False to commit with the change it records.
    :raises ValueError: for a code that is not an ``Action``.
    """
    try:
        code = Action(action).value
    except ValueError:
        raise ValueError(f"unknown audit action {action!r}") from None
    if screening is not None:
        detail = {"reference": screening.reference, **(detail or {})}
    entry = AuditEntry(
        action=code,
        actor_id=user.id if user else None,
        actor=user.email if user else (actor or "unknown"),
        screening_id=screening.id if screening else None,
        detail=dict(detail or {}),
        address=address,
    )
    db.session.add(entry)
    if commit:
        db.session.commit()
    return entry
