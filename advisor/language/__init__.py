"""The language a person reads: English by default, Spanish on request.

A patient's page picks its language from, in order: a ``?lang=`` link (the
switch on every patient page, remembered for the visit in the session cookie),
then the browser's ``Accept-Language``, then English. API calls read
``?lang=`` and ``Accept-Language`` only and remember nothing. Staff pages are
always in English, whatever the patient used.

Anything a client sends (``?lang=xx``, a malformed header) falls back to
English: a language is chosen from a fixed list, never from the request's text.

Dates and numbers are written as in the United States, where the practices are:
Spanish pages use the ``es_US`` conventions ("26 de noviembre de 2026", "$1,250.50"),
while the catalogue is the plain ``es`` one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

from babel import numbers
from flask import (
    Flask,
    Response,
    current_app,
    g,
    has_request_context,
    request,
    session,
    url_for,
)
from flask_babel import Babel, get_locale, gettext
from markupsafe import Markup

from advisor.language_codes import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, language_from
from advisor.untranslated import Untranslated

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "current_language",
    "formatted_number",
    "in_a_list",
    "init_app",
    "language_from",
    "languages",
]

#: Where a language's dates and numbers are written as in the US by another locale than its own.
#: A code missing here (English, a test's pseudo-language) formats as itself.
_US_FORMATS: Mapping[str, str] = {"es": "es_US"}

#: The session key that remembers a patient's choice for the visit (a code, no personal data).
SESSION_KEY = "lang"
#: The cookie that keeps the choice when the session has ended (a code, until the browser closes).
COOKIE = "lang"

_STAFF_PREFIX = "/staff"
_API_PREFIX = "/api/"


def languages() -> tuple[str, ...]:
    """Return the languages this app offers (config ``LANGUAGES``; tests add a pseudo-language)."""
    return tuple(current_app.config.get("LANGUAGES", LANGUAGES))


def _select_language() -> str:
    """Flask-Babel's locale selector: staff English; else ?lang=, the visit's choice, the browser's."""
    if not has_request_context():  # a command's or a test's app context: English
        return DEFAULT_LANGUAGE
    cached = g.get("advisor_language")
    if cached:
        return _US_FORMATS.get(cached, cached)
    offered = languages()
    path = request.path
    if path.startswith(_STAFF_PREFIX):
        chosen = DEFAULT_LANGUAGE
    else:
        chosen = (
            language_from(request.args.get("lang"), offered)
            or (
                None
                if path.startswith(_API_PREFIX)
                else language_from(session.get(SESSION_KEY), offered)
                or language_from(request.cookies.get(COOKIE), offered)
            )
            or request.accept_languages.best_match(offered)
            or DEFAULT_LANGUAGE
        )
    g.advisor_language = chosen
    return _US_FORMATS.get(chosen, chosen)


def _remember_choice() -> None:
    """Keep a patient's ``?lang=`` choice for the rest of the visit."""
    if request.path.startswith((_STAFF_PREFIX, _API_PREFIX)) or "lang" not in request.args:
        return
    chosen = language_from(request.args.get("lang"), languages())
    if chosen and session.get(SESSION_KEY) != chosen:
        session[SESSION_KEY] = chosen
    if chosen and request.cookies.get(COOKIE) != chosen:
        g.advisor_language_cookie = chosen


def _set_language_cookie(response: Response) -> Response:
    """Keep the choice in a cookie of its own too, which outlives the answers' session.

    When the answers expire (two hours without a page), the session and the choice in it
    go; the page that says so, and the new start, are then still in the person's language.
    """
    chosen = g.get("advisor_language_cookie")
    if chosen:
        response.set_cookie(
            COOKIE,
            chosen,
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
            httponly=True,
            samesite="Lax",
        )
    return response


def current_language() -> str:
    """Return the language of the page or response being made (``en`` outside a request)."""
    if not has_request_context():  # a command's app context: the default language
        return DEFAULT_LANGUAGE
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def formatted_number(number: object, format: str | None = None) -> str:
    """Return a number as the page's language writes it (``flask_babel.format_decimal``).

    Outside a request (the command line, a test of a plain function) it is written in
    English, where Flask-Babel would fall back to the machine's locale.
    """
    return numbers.format_decimal(number, format=format, locale=get_locale() or DEFAULT_LANGUAGE)


def in_a_list(items: Sequence[str]) -> str:
    """Return ``items`` as a sentence lists them, in the page's language: "a, b and c"."""
    if len(items) < 2:
        return "".join(items)
    return gettext("%(earlier)s and %(last)s", earlier=", ".join(items[:-1]), last=items[-1])


def switch_url(code: str) -> str:
    """Return this page's address in language ``code``: the same page and query, with ``lang``."""
    args = request.args.to_dict()
    args["lang"] = code
    if request.endpoint and request.method == "GET":
        return url_for(request.endpoint, **(request.view_args or {}), **args)
    # A form sent with an error, or an error page: the page itself, asked for again. One
    # leading slash only: "//evil.example" would make the link leave the site.
    return "/" + request.path.lstrip("/") + "?" + urlencode(args)


def in_own_language(text: object) -> object:
    """Jinja filter: mark an English fallback in a page of another language (``lang="en"``, a note)."""
    if not isinstance(text, Untranslated) or current_language() == DEFAULT_LANGUAGE:
        return text
    return Markup('<span lang="en">{}</span> <span class="untranslated">{}</span>').format(
        text, gettext("(in English)")
    )


def init_app(app: Flask) -> None:
    """Set up Flask-Babel (catalogues in ``advisor/translations``) and the language switch."""
    app.config.setdefault("LANGUAGES", LANGUAGES)
    Babel(app, default_locale=DEFAULT_LANGUAGE, locale_selector=_select_language)
    app.before_request(_remember_choice)
    app.after_request(_set_language_cookie)
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.globals["language_names"] = LANGUAGE_NAMES
    app.jinja_env.globals["switch_url"] = switch_url
    app.jinja_env.filters["in_own_language"] = in_own_language
