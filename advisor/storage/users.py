"""Staff accounts: add, list, disable, set a password, and check one at sign-in.

Passwords are hashed with scrypt (memory-hard), Werkzeug's default method. Every
password set here must pass ``advisor.storage.passwords.check_password_rules``.
Every change is committed together with its audit entry, which never holds the password.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from advisor.exceptions import UserError
from advisor.storage import audit, db, staff_sessions
from advisor.storage.audit import Action
from advisor.storage.models import ROLES, User
from advisor.storage.passwords import check_password_rules

__all__ = [
    "COMMAND_LINE",
    "add_user",
    "authenticate",
    "disable_user",
    "find_user",
    "get_user",
    "list_users",
    "normalise_email",
    "set_password",
]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Compared against when an account does not exist, so a failed sign-in takes as long
# whether or not the email is known.
_DUMMY_HASH = generate_password_hash("not a real password")


def normalise_email(email: str) -> str:
    """Return an email address trimmed and lower-cased, as accounts store it."""
    return email.strip().lower()


#: Who changes accounts: only the ``advisor users`` commands do.
COMMAND_LINE = "command line"


def add_user(email: str, role: str, password: str, actor: str = COMMAND_LINE) -> User:
    """Create a staff account, with an audit entry.

    :raises UserError: for a bad email or role, a password the rules refuse, or an
        existing account.
    """
    email = normalise_email(email)
    if not _EMAIL.match(email):
        raise UserError(f"'{email}' is not an email address.")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)} (got '{role}').")
    check_password_rules(password, email)
    if find_user(email) is not None:
        raise UserError(f"there is already an account for {email}.")
    user = User(email=email, role=role, password_hash=generate_password_hash(password))
    db.session.add(user)
    audit.record(Action.ACCOUNT_ADDED, actor=actor, detail=_account(user))
    return user


def find_user(email: str) -> User | None:
    """Return the account with this email, or None."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def get_user(email: str) -> User:
    """Return the account with this email.

    :raises UserError: if there is none.
    """
    user = find_user(email)
    if user is None:
        raise UserError(f"there is no account for {normalise_email(email)}.")
    return user


def list_users() -> list[User]:
    """Return every account, by email."""
    return list(db.session.scalars(select(User).order_by(User.email)))


def disable_user(email: str, actor: str = COMMAND_LINE) -> User:
    """Disable an account and end its sessions, with an audit entry."""
    user = get_user(email)
    user.active = False
    staff_sessions.close_all(user)
    audit.record(Action.ACCOUNT_DISABLED, actor=actor, detail=_account(user))
    return user


def set_password(email: str, password: str, actor: str = COMMAND_LINE) -> User:
    """Set a new password (and enable the account); every session of the account ends. Audited.

    :raises UserError: for an unknown account, or a password the rules refuse.
    """
    user = get_user(email)
    check_password_rules(password, user.email)
    user.password_hash = generate_password_hash(password)
    user.active = True
    staff_sessions.close_all(user)
    audit.record(Action.PASSWORD_SET, actor=actor, detail=_account(user))
    return user


def _account(user: User) -> dict[str, str]:
    """Return what an account's audit entry says of it: never the password."""
    return {"account": user.email, "role": user.role}


def authenticate(email: str, password: str) -> User | None:
    """Return the active account these credentials belong to, or None (never says why)."""
    user = find_user(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user
