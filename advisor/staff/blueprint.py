"""What every staff blueprint shares: the ``/staff`` prefix, the session check, the error pages.

``staff_blueprint`` makes each one, so none can forget a piece:

- before each request, ``sessions.refuse_unchecked`` stops a request whose staff session
  could not be checked (``sessions.check``, run for every page, ends one that is over);
- a database that cannot be reached answers 503 with a page that says so, never a
  traceback (``OperationalError`` and ``DatabaseUnavailable``);
- 403 (a role without the permission) and 404 have staff wording.

The error pages do not show the staff navigation: it needs the signed-in account,
and with the database down that cannot be loaded.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from advisor.exceptions import DatabaseUnavailable
from advisor.extensions import current_ruleset
from advisor.questionnaire import Questionnaire
from advisor.staff import sessions

__all__ = ["database_unavailable", "english_questionnaire", "staff_blueprint"]

log = logging.getLogger(__name__)

_PREFIX = "/staff"


def english_questionnaire() -> Questionnaire:
    """Return the questionnaire of the rule set in use, in English.

    Staff pages are in English, and show every patient's answers in English,
    whatever language the patient answered in (answers are the same values in any).
    """
    return current_ruleset().questionnaire


def staff_blueprint(name: str, import_name: str) -> Blueprint:
    """Return a blueprint under ``/staff`` with the session check and the staff error pages."""
    bp = Blueprint(name, import_name, url_prefix=_PREFIX)
    bp.before_request(sessions.refuse_unchecked)
    bp.register_error_handler(OperationalError, database_unavailable)
    bp.register_error_handler(DatabaseUnavailable, database_unavailable)
    bp.register_error_handler(403, _staff_error)
    bp.register_error_handler(404, _staff_error)
    return bp


def database_unavailable(
    error: Exception, template: str = "staff/unavailable.html", **context: Any
) -> tuple[str, int]:
    """Answer 503 with a page saying the database cannot be reached; log only the cause's kind.

    :param template: a page of the same kind that also gives back what was sent (with ``context``).
    """
    cause = getattr(error, "orig", None) or error.__cause__ or error
    # Never the message itself: SQLAlchemy's carries the statement's values, maybe a patient's.
    log.warning(
        "staff page %s %s: database unavailable (%s)",
        request.method,
        request.path,
        type(cause).__name__,
    )
    return render_template(template, **context), 503


def _staff_error(error: HTTPException) -> tuple[str, int]:
    """Answer 403 or 404 with the staff pages' wording."""
    code = error.code or 500
    return render_template("staff/error.html", code=code), code
