"""How long a staff session lasts: Flask-Login's set-up, and the checks that end a session.

A staff session ends when:

- the account is disabled or its password is set: ``User.get_id`` is
  ``"id:session_version"`` and the version goes up, so ``load_user`` finds nobody;
- it is idle for ``STAFF_IDLE_TIMEOUT`` seconds (default 30 minutes), by the time of
  the last request kept in the session (``staff_seen``), on any page;
- its cookie is used from another address or browser (session protection "strong");
- the cookie expires (``PERMANENT_SESSION_LIFETIME``, renewed on each request).

Ending a session clears it whole, a patient's answers included.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, session
from flask_login import LoginManager, current_user, login_user, logout_user

from advisor.storage import db
from advisor.storage.models import User

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = ""  # the sign-in page needs no flashed "please sign in"
login_manager.session_protection = "strong"

#: The session key with the time of a signed-in member of staff's last request.
SEEN = "staff_seen"
DEFAULT_IDLE_TIMEOUT = 30 * 60
IDLE_NOTICE = "You were signed out because you did nothing for {minutes} minutes"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Return the active account of a session's ``"id:session_version"``, or None to end it."""
    number, _, version = user_id.partition(":")
    if not number.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(number))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def begin(user: User) -> None:
    """Sign a member of staff in on a fresh session (nothing from before carries over)."""
    session.clear()
    login_user(user)
    session[SEEN] = time.time()
    session.permanent = True


def end() -> None:
    """Sign out and forget everything the session held."""
    logout_user()
    session.clear()


def expire_idle() -> None:
    """End a staff session idle for longer than ``STAFF_IDLE_TIMEOUT``; else note this request.

    Runs before every request, patient pages included (staff run the questionnaire
    there), and reads only the session cookie, never the database.
    """
    if "_user_id" not in session:
        return
    now = time.time()
    timeout = float(current_app.config["STAFF_IDLE_TIMEOUT"])
    seen = session.get(SEEN)
    if not isinstance(seen, int | float) or now - seen > timeout:
        end()
        flash(IDLE_NOTICE.format(minutes=round(timeout / 60)), "notice")
        return
    session[SEEN] = now
    session.permanent = True


def check() -> None:
    """End a staff session whose account is gone, or whose cookie moved to another browser.

    Runs before every staff page. With a permanent session, Flask-Login's "strong"
    protection only marks a moved session as not fresh; this ends it.
    """
    if "_user_id" in session and (
        not current_user.is_authenticated or session.get("_fresh") is False
    ):
        end()


def init_app(app: Flask) -> None:
    """Set up Flask-Login and the idle timeout.

    Flask-Login's own context processor loads the user for every template, patient
    pages included; ours hands templates the lazy ``current_user`` proxy instead, so
    only pages that show the account load it (and an error page never needs the database).
    """
    app.config.setdefault("STAFF_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT)
    login_manager.init_app(app, add_context_processor=False)
    app.context_processor(lambda: {"current_user": current_user})
    app.before_request(expire_idle)
