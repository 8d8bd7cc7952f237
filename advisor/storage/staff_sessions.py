"""Staff sessions on the server: one ``staff_sessions`` row per sign-in, found by its token.

The cookie carries a random token (``secrets.token_urlsafe(32)``); the table keeps
only its SHA-256, so a copy of the table signs nobody in. A row goes when its member
of staff signs out (``close``), when the account is disabled or its password set
(``close_all``, every row of the account), and at anyone's next sign-in once it is
older than the absolute lifetime (``open_session``'s ``purge_before``). Whether a row
is still good, idle or too old, is decided by ``advisor.staff.sessions``.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from sqlalchemy import delete, select, update
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm.attributes import set_committed_value

from advisor.storage import db
from advisor.storage.models import StaffSession, User

__all__ = ["close", "close_all", "find", "open_session", "renew", "token_hash"]


def token_hash(token: str) -> str:
    """Return the hex SHA-256 of a session token: what the table stores in its place.

    A plain hash is enough: the token is 256 random bits, so there is nothing to guess.
    """
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(user: User, purge_before: datetime.datetime) -> str:
    """Start a session for ``user`` and return its token; delete sessions begun before ``purge_before``."""
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(StaffSession).where(StaffSession.created_at < purge_before))
    db.session.add(StaffSession(token_hash=token_hash(token), user_id=user.id))
    db.session.commit()
    return token


def find(token: str) -> StaffSession | None:
    """Return the session with this token, its account loaded with it (one query), or None."""
    return db.session.scalars(
        select(StaffSession)
        .join(StaffSession.user)
        .options(contains_eager(StaffSession.user))
        .where(StaffSession.token_hash == token_hash(token))
    ).one_or_none()


def renew(record: StaffSession, now: datetime.datetime) -> None:
    """Note that the session was used ``now``.

    Written on a connection of its own and committed there, so the request's
    database session, and the account loaded in it, stay as they are.
    """
    with db.engine.begin() as connection:
        connection.execute(
            update(StaffSession)
            .where(StaffSession.token_hash == record.token_hash)
            .values(last_seen_at=now)
        )
    set_committed_value(record, "last_seen_at", now)  # as written, so nothing flushes it again


def close(token: str) -> None:
    """End the session with this token (nothing happens if it is gone already)."""
    db.session.execute(delete(StaffSession).where(StaffSession.token_hash == token_hash(token)))
    db.session.commit()


def close_all(user: User) -> None:
    """End every session of an account; committed with the change that calls for it."""
    db.session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
