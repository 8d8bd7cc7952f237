"""The patient-facing web pages: the questionnaire, the result, and their error pages.

``init_app`` registers the page blueprints, the security headers every
response carries, and error handlers that answer JSON on API paths and a
plain page elsewhere, never a traceback.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from advisor.api import PREFIX, http_error

__all__ = ["init_app"]

#: No inline scripts or styles, nothing from other sites, never framed.
_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)

_SECURITY_HEADERS = {
    "Content-Security-Policy": _CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


#: Two years, the preload list's minimum; subdomains are left to the clinic's own choice.
_HSTS = "max-age=63072000"


def _add_security_headers(response: Response) -> Response:
    """Add the security headers to every response."""
    for name, value in _SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "text/html":
        # Pages may hold a person's answers: do not keep them in shared caches.
        response.headers.setdefault("Cache-Control", "no-store")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        # Secure cookies mean the site is served over HTTPS: browsers should never use plain HTTP.
        response.headers.setdefault("Strict-Transport-Security", _HSTS)
    return response


def _handle_http_error(error: HTTPException) -> Response | tuple[Response | str, int]:
    """Answer an HTTP error as JSON on API paths, as a page elsewhere."""
    if request.path.startswith(PREFIX):
        return http_error(error)
    code = error.code or 500
    return render_template("errors/error.html", error=error, code=code), code


def _handle_unexpected(error: Exception) -> tuple[Response | str, int]:
    """Log an unexpected fault and answer 500 without a traceback."""
    current_app.logger.exception("internal error on %s %s", request.method, request.path)
    return _handle_http_error(InternalServerError())  # type: ignore[return-value]


def init_app(app: Flask) -> None:
    from advisor.web import questionnaire, results, timed_out

    questionnaire.init_app(app)
    app.register_blueprint(questionnaire.bp)
    app.register_blueprint(results.bp)
    app.after_request(_add_security_headers)
    app.register_error_handler(HTTPException, _handle_http_error)
    app.register_error_handler(Exception, _handle_unexpected)
    # A form sent after its page timed out is shown again as sent, not refused (WCAG 2.2.1).
    shown_again = {
        "questionnaire.page": questionnaire.show_again,
        "results.send_contact_request": results.show_contact_again,
    }
    timed_out.init_app(app, shown_again, _handle_http_error)
