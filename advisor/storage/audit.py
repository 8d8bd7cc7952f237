"""The audit trail: who did what, when, to which screening. Written here, only ever read elsewhere."""

from __future__ import annotations

from typing import Any

from advisor.storage import db
from advisor.storage.models import AuditEntry, User

#: Every action the trail records.
ACTIONS = (
    "login",
    "login_failed",
    "logout",
    "screening_created",
    "screening_viewed",
    "screenings_listed",
    "screenings_exported",
    "status_changed",
    "note_added",
    "screening_deleted",
    "screenings_purged",
    "audit_viewed",
    "account_added",
    "account_disabled",
    "password_set",
)


def record(
    action: str,
    *,
    user: User | None = None,
    actor: str | None = None,
    screening_id: int | None = None,
    detail: dict[str, Any] | None = None,
    address: str | None = None,
    commit: bool = True,
) -> AuditEntry:
    """Add an entry: ``user`` (a staff member) or ``actor`` (e.g. "self-screening") did ``action``.

    :param commit: commit now; pass False to commit with the change it records.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(
        action=action,
        actor_id=user.id if user else None,
        actor=user.email if user else (actor or "unknown"),
        screening_id=screening_id,
        detail=detail or {},
        address=address,
    )
    db.session.add(entry)
    if commit:
        db.session.commit()
    return entry
