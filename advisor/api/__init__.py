"""The JSON API, ``/api/v1``: the questionnaire, assessments and the OpenAPI document.

It is exempt from CSRF (no cookies are used) and answers every error as JSON
``{"errors": [{"field", "message"}]}``: 400 for a body that is not JSON, 404
and 405 for unknown routes and methods, 413 for an oversized body, 422 for
invalid answers. Nothing a client sends produces a 5xx.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from advisor.extensions import csrf

__all__ = ["PREFIX", "bp", "errors", "http_error", "in_language", "init_app"]

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PREFIX = "/api/"


def errors(status: int, field: str, message: str) -> tuple[Response, int]:
    """Return the API's error body with one entry, and ``status``."""
    return jsonify({"errors": [{"field": field, "message": message}]}), status


def in_language(body: dict[str, Any]) -> Response:
    """Return ``body`` as JSON, saying its language (``body["language"]``) in Content-Language.

    The answer depends on ``?lang`` and ``Accept-Language``, so a cache must key on both.
    """
    response = jsonify(body)
    response.headers["Content-Language"] = body["language"]
    response.vary.add("Accept-Language")
    return response


def http_error(error: HTTPException) -> tuple[Response, int]:
    """Answer an HTTP error on an API path as JSON."""
    messages = {
        404: "there is no such API endpoint; see /api/v1/openapi.json.",
        405: f"{request.method} is not allowed here; see /api/v1/openapi.json.",
        413: "the body is too large: one assessment may be at most "
        f"{(request.max_content_length or 0):,} bytes.",
    }
    code = error.code or 500
    response, status = errors(
        code,
        "body" if code == 413 else "request",
        messages.get(code, error.description or error.name),
    )
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)  # RFC 9110 requires it
    return response, status


def init_app(app: Flask) -> None:
    from advisor.api import assessments, openapi, questionnaire  # noqa: F401  (routes)

    csrf.exempt(bp)
    app.register_blueprint(bp)
