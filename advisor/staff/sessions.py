"""How long a staff session lasts: Flask-Login's set-up, and the server-side checks that end one.

Each sign-in is a row on the server (``advisor.storage.staff_sessions``); the signed
cookie holds only its random token, as Flask-Login's ``_user_id`` (``User.get_id``).
Every request that carries one, patient pages included (staff run the questionnaire
there) but not static files, loads the session and its account in one query
(``load_user``), so a session ends for good, and a copy of its cookie with it, when:

- its member of staff signs out (the row is deleted);
- the account is disabled or its password is set (every row of the account goes);
- it is idle for ``STAFF_IDLE_TIMEOUT`` seconds (default 30 minutes), by the time of
  its last request kept on the server;
- it began more than ``STAFF_SESSION_LIFETIME`` seconds ago (default 12 hours), however
  much it is used;
- its cookie is used from another address or browser (session protection "strong").

The time of use is written at most once every ``RENEW_AFTER`` seconds, so most
requests only read; a session is ended up to that much early, never late.

Ending a session clears it whole, a patient's answers included.
"""

from __future__ import annotations

import datetime
import logging

from flask import Flask, current_app, flash, g, request, session
from flask_login import LoginManager, current_user, login_user, logout_user
from sqlalchemy.exc import OperationalError

from advisor.storage import staff_sessions
from advisor.storage.models import User, utcnow

__all__ = ["RENEW_AFTER", "begin", "end", "init_app", "login_manager", "refuse_unchecked"]

log = logging.getLogger(__name__)

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = ""  # the sign-in page needs no flashed "please sign in"
login_manager.session_protection = "strong"

_DEFAULT_IDLE_TIMEOUT = 30 * 60
_DEFAULT_LIFETIME = 12 * 60 * 60
#: How old the time of use may get before a request writes it again, in seconds.
RENEW_AFTER = 60

_IDLE_NOTICE = "You were signed out because you did nothing for {minutes} minutes"
_LIFETIME_NOTICE = "You were signed out because you signed in more than {hours} hours ago"

# Keys in flask.g for this request: why load_user refused a session; a check the database
# could not answer (see _check and refuse_unchecked).
_ENDED = "staff_session_ended"
_UNCHECKED = "staff_session_unchecked"


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """Return the account of a live session with this token, or None to end it.

    One query reads the session and its account. Past the idle time or the lifetime,
    the notice to give is kept for ``_check``.
    """
    record = staff_sessions.find(token)
    if record is None or not record.user.active:
        return None
    now = utcnow()
    config = current_app.config
    if now - record.created_at > _seconds(config["STAFF_SESSION_LIFETIME"]):
        hours = round(float(config["STAFF_SESSION_LIFETIME"]) / 3600)
        g.setdefault(_ENDED, _LIFETIME_NOTICE.format(hours=hours))
        return None
    if now - record.last_seen_at > _seconds(config["STAFF_IDLE_TIMEOUT"]):
        minutes = round(float(config["STAFF_IDLE_TIMEOUT"]) / 60)
        g.setdefault(_ENDED, _IDLE_NOTICE.format(minutes=minutes))
        return None
    if now - record.last_seen_at >= _seconds(RENEW_AFTER):
        staff_sessions.renew(record, now)
    record.user.session_token = token
    return record.user


def begin(user: User) -> None:
    """Sign a member of staff in on a fresh session (nothing from before carries over).

    Sessions of anyone that began longer ago than the lifetime are deleted on the way.
    """
    session.clear()
    lifetime = _seconds(current_app.config["STAFF_SESSION_LIFETIME"])
    user.session_token = staff_sessions.open_session(user, purge_before=utcnow() - lifetime)
    login_user(user)
    session.permanent = True


def end() -> None:
    """Sign out: delete the session on the server, and forget everything the cookie held."""
    token = session.get("_user_id")
    if isinstance(token, str):
        staff_sessions.close(token)
    logout_user()
    session.clear()


def _check() -> None:
    """End a staff session the server no longer holds, or whose cookie moved to another browser.

    Runs before every request but those for static files. With a permanent session, Flask-Login's "strong"
    protection only marks a moved session as not fresh; this ends it. If the
    database cannot be reached, patient pages go on (they grant nothing to staff),
    and ``refuse_unchecked`` stops the staff pages.
    """
    if "_user_id" not in session or request.endpoint in ("static", "stylesheet"):
        return
    try:
        alive = current_user.is_authenticated and session.get("_fresh") is not False
    except OperationalError as error:
        log.warning("staff session not checked: database unavailable (%s)", type(error).__name__)
        g.setdefault(_UNCHECKED, error)
        return
    if not alive:
        notice = g.pop(_ENDED, None)
        end()
        if notice:
            flash(notice, "notice")


def refuse_unchecked() -> None:
    """On a staff page, raise the database's error if ``_check`` could not check the session."""
    error = g.pop(_UNCHECKED, None)
    if error is not None:
        raise error


def init_app(app: Flask) -> None:
    """Set up Flask-Login and the session check.

    Flask-Login's own context processor loads the user for every template, patient
    pages included; ours hands templates the lazy ``current_user`` proxy instead, so
    only pages that show the account load it (and an error page never needs the database).
    """
    app.config.setdefault("STAFF_IDLE_TIMEOUT", _DEFAULT_IDLE_TIMEOUT)
    app.config.setdefault("STAFF_SESSION_LIFETIME", _DEFAULT_LIFETIME)
    login_manager.init_app(app, add_context_processor=False)
    app.context_processor(lambda: {"current_user": current_user})
    app.before_request(_check)


def _seconds(value: float) -> datetime.timedelta:
    return datetime.timedelta(seconds=float(value))
