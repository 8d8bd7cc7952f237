"""``GET /api/v1/questionnaire``: every question, its values and when it is asked."""

from __future__ import annotations

from flask import Response

from advisor.api import bp, in_language
from advisor.extensions import current_ruleset
from advisor.language import current_language

__all__ = ["show"]


@bp.get("/questionnaire", endpoint="questionnaire")
def show() -> Response:
    """Return the questionnaire of the rule set in use, for clients building their own forms.

    ``?lang=es`` or ``Accept-Language: es`` gives its texts in Spanish (English where a text
    has no translation); ids and values are the same in every language.
    """
    language = current_language()
    questionnaire = current_ruleset().questionnaire_in(language)
    return in_language({**questionnaire.to_dict(), "language": language})
