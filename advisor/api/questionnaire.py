"""``GET /api/v1/questionnaire``: every question, its values and when it is asked."""

from __future__ import annotations

from flask import Response, jsonify

from advisor.api import bp
from advisor.extensions import current_ruleset

__all__ = ["show"]


@bp.get("/questionnaire", endpoint="questionnaire")
def show() -> Response:
    """Return the questionnaire of the rule set in use, for clients building their own forms."""
    return jsonify(current_ruleset().questionnaire.to_dict())
