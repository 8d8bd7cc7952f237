"""``POST /api/v1/assessments``: answers in, the contract's recommendation out."""

from __future__ import annotations

import json

from flask import Response, jsonify, request
from flask_babel import gettext

from advisor.answers import answers_of
from advisor.api import bp, errors, in_language
from advisor.assessment import assess
from advisor.exceptions import AnswersInvalid
from advisor.extensions import current_ruleset
from advisor.language import current_language
from advisor.localisation import localised_dict

__all__ = ["create"]


@bp.post("/assessments", endpoint="assessments")
def create() -> Response | tuple[Response, int]:
    """Assess ``{"answers": {...}}``: 200 with the response, 422 naming each bad field.

    ``?lang=es`` or ``Accept-Language: es`` gives the titles and reasons in Spanish; the
    recommendation, codes and rule ids are the same in every language.
    """
    raw = request.get_data(cache=False)  # over MAX_CONTENT_LENGTH: 413
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
        return errors(400, "body", 'the body must be JSON: {"answers": {...}}.')
    ruleset = current_ruleset()
    try:
        response = assess(answers_of(body), ruleset)  # type: ignore[arg-type]
    except AnswersInvalid as exc:
        return jsonify({"errors": [e.to_dict() for e in exc.errors]}), 422
    return in_language(localised_dict(response, ruleset, current_language(), gettext))
