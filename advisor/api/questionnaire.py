"""``GET /api/v1/questionnaire``: every question, its values and when it is asked."""

from __future__ import annotations

from flask import Response, jsonify

from advisor.api import bp
from advisor.questionnaire import default_questionnaire

__all__ = ["show"]


@bp.get("/questionnaire", endpoint="questionnaire")
def show() -> Response:
    """Return the questionnaire as data, for clients building their own forms."""
    return jsonify(default_questionnaire().to_dict())
