"""Blueprint ``auth``: signing staff in and out.

URLs::

    GET POST  /staff/login    the sign-in form (``?next=/staff/...`` to go on afterwards)
    POST      /staff/logout   sign out (a form button, so no other site can sign anyone out)

A failed sign-in says the same thing whether the account is unknown, disabled,
or the password is wrong. Failures are limited per account and address, per
address and per account (``advisor.staff.throttle``); an attempt over a limit is
answered 429 without checking the password, saying how long to wait (also in
``Retry-After``), and is not counted. Both outcomes are audited: ``login``, or
``login_failed`` with the account's email only if such an account exists (else
"unknown account").
"""

from __future__ import annotations

import math
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from advisor.staff import sessions
from advisor.staff.blueprint import staff_blueprint
from advisor.staff.forms import MESSAGES, LoginForm
from advisor.staff.run import forget_details
from advisor.staff.throttle import current_throttle
from advisor.storage import audit
from advisor.storage.audit import Action
from advisor.storage.users import authenticate, find_user

__all__ = ["bp"]

bp = staff_blueprint("auth", __name__)

_SIGNED_OUT_NOTICE = "You have signed out"


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int, dict[str, str]]:
    """Show the sign-in form; on POST, count the attempt against the limits, then check it."""
    if current_user.is_authenticated:
        return redirect(_next_url())
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("staff/login.html", form=form, problem=None)
    email, address = form.email.data.strip(), request.remote_addr
    throttle = current_throttle()
    wait = math.ceil(throttle.attempt(email, address))
    if wait > 0:
        _record_failure(email, address, reason="too_many_attempts")
        problem = MESSAGES["too_many_attempts"].format(wait=_in_words(wait))
        page = render_template("staff/login.html", form=form, problem=problem)
        return page, 429, {"Retry-After": str(wait)}
    user = authenticate(email, form.password.data)
    if user is None:
        _record_failure(email, address, reason="not_accepted")
        return render_template("staff/login.html", form=form, problem=MESSAGES["sign_in_failed"])
    throttle.succeeded(email, address)
    sessions.begin(user)
    audit.record(Action.LOGIN, user=user, address=address)
    return redirect(_next_url())


@bp.post("/logout")
def logout() -> Response:
    """Sign out (recorded), forgetting any screening not saved yet, and go to the sign-in page."""
    if current_user.is_authenticated:
        audit.record(
            Action.LOGOUT, user=current_user._get_current_object(), address=request.remote_addr
        )
    forget_details()
    sessions.end()
    flash(_SIGNED_OUT_NOTICE, "notice")
    return redirect(url_for("auth.login"))


def _record_failure(email: str, address: str | None, reason: str) -> None:
    """Audit a refused sign-in: the account's email only if there is such an account."""
    account = find_user(email)
    audit.record(
        Action.LOGIN_FAILED,
        actor="anonymous",
        detail={"account": account.email if account else "unknown account", "reason": reason},
        address=address,
    )


def _in_words(seconds: int) -> str:
    """Return a wait as people say it: "30 seconds", "1 minute", "15 minutes" (rounded up)."""
    if seconds < 60:
        count, unit = seconds, "second"
    else:
        count, unit = math.ceil(seconds / 60), "minute"
    return f"{count} {unit}{'' if count == 1 else 's'}"


def _next_url() -> str:
    """Return where to go after signing in: the staff page in ``?next=``, or the list.

    A target with a control character or a line separator is refused: a line break
    cannot go into the Location header (a 500), and the others are no page's address.
    """
    wanted = request.args.get("next", "")
    parts = urlsplit(wanted)
    if (
        not parts.scheme
        and not parts.netloc
        and wanted.startswith("/staff/")
        and "\\" not in wanted
        and wanted.isprintable()
    ):
        return wanted
    return url_for("screenings.index")
