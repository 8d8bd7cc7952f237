"""A form sent after its page timed out: shown again with what was sent, never thrown away.

Every POST carries a CSRF token, minted afresh each time a page is shown and
good for ``WTF_CSRF_TIME_LIMIT`` (2 hours) from then; the session cookie that
holds the answers lasts ``PERMANENT_SESSION_LIFETIME`` (2 hours) from the last
page shown. A person who leaves a page open longer and then presses Continue
sends a token that is refused (``CSRFError``, 400). Flask-WTF's answer is
"Sorry, there is a problem with this page", and everything just typed is lost:
a failure of WCAG 2.2.1 (timing adjustable).

So a refused token on a questionnaire page or on the result page's contact form
shows that same page again, as a 400, with what was just sent filled in, a
fresh token and a message at the top saying what happened (``Reason``). What
was sent is not acted on (a form whose token was refused may not come from the
person), but it is not lost: the next Continue sends it with a good token. If
the session itself ended, the earlier answers are gone, and the message says so.

``init_app`` registers the handler. Each page that can be shown again names its
own view; a refused token anywhere else, or a form sent from another site, gets
the plain error page, which leaves the session as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Literal

from flask import Flask, current_app, request, session
from flask.typing import ResponseReturnValue
from flask_babel import ngettext
from flask_wtf.csrf import CSRFError

from advisor.language import formatted_number

__all__ = ["Reason", "in_words", "init_app", "kept_for", "reason"]

#: Why a form's token was refused, as the person is told it.
Reason = Literal["timed_out", "session_ended", "refused"]

#: Flask-WTF's description of a token older than ``WTF_CSRF_TIME_LIMIT``.
_EXPIRED = "The CSRF token has expired."


def in_words(duration: timedelta) -> str:
    """Return a duration as people say it, in the page's language: "2 hours", "30 minutes"."""
    minutes = int(duration.total_seconds() // 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(hours)s hour", "%(hours)s hours", hours, hours=formatted_number(hours))
    return ngettext(
        "%(minutes)s minute", "%(minutes)s minutes", minutes, minutes=formatted_number(minutes)
    )


def kept_for() -> str:
    """Return how long answers are kept after the last page shown, in words ("2 hours")."""
    return in_words(current_app.permanent_session_lifetime)


def reason(error: CSRFError) -> Reason:
    """Say why a form's token was refused; call it before anything mints a new token.

    The session holds the token's secret half from the first page shown: without it,
    the session cookie expired (or was deleted), and with it every earlier answer.
    """
    if current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") not in session:
        return "session_ended"
    if error.description == _EXPIRED:
        return "timed_out"
    # Sent from a page shown before the person started again in another window, or forged.
    return "refused"


def init_app(
    app: Flask,
    views: Mapping[str, Callable[[Reason], ResponseReturnValue | None]],
    otherwise: Callable[[CSRFError], ResponseReturnValue],
) -> None:
    """Show again, rather than refuse, the forms of the endpoints in ``views`` sent with a bad token.

    :param views: endpoint → a view that shows its page again for a reason, or returns None
        when it cannot.
    :param otherwise: answers every other refused token (the plain error page).
    """

    def handle(error: CSRFError) -> ResponseReturnValue:
        view = views.get(request.endpoint or "") if _from_our_page() else None
        shown = view(reason(error)) if view is not None else None
        return otherwise(error) if shown is None else shown

    app.register_error_handler(CSRFError, handle)


def _from_our_page() -> bool:
    """Say whether the form was sent from one of our own pages, as far as the browser tells.

    Another site's form is sent without the session cookie (``SameSite=Lax``), so it looks
    like an ended session; showing its page again would set a new session cookie over the
    person's own and lose their answers. Browsers since 2023 say where a request comes from;
    one that does not say is believed.
    """
    return request.headers.get("Sec-Fetch-Site", "same-origin") == "same-origin"
