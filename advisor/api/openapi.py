"""``GET /api/v1/openapi.json``: the OpenAPI 3.1 document, generated from the questionnaire.

The answers schema is built from the same questionnaire that ``parse_answers``
checks against, so the document cannot drift from what the API accepts; a
schema-driven fuzz test (schemathesis) holds the API to it.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from advisor import __version__
from advisor.api import bp
from advisor.contract import THERAPIES, URGENCIES
from advisor.extensions import current_ruleset
from advisor.questionnaire import Question, Questionnaire, default_questionnaire

__all__ = ["document", "show"]

_ERRORS = {"$ref": "#/components/schemas/Errors"}


def _answer_schema(question: Question) -> dict[str, Any]:
    schema: dict[str, Any]
    if question.type == "integer":
        schema = {"type": "integer", "minimum": question.minimum, "maximum": question.maximum}
    elif question.type == "single":
        schema = {"type": "string", "enum": list(question.values)}
    else:
        schema = {"type": "array", "items": {"type": "string", "enum": list(question.values)}}
    schema["description"] = question.text
    if not question.core:
        # An extra question may be left out or sent as null: its default is used.
        schema = {
            "anyOf": [schema, {"type": "null"}],
            "default": question.to_dict()["default"],
            "description": question.text,
        }
    return schema


def _answers_schema(questionnaire: Questionnaire) -> dict[str, Any]:
    required = [q.id for q in questionnaire if q.required and not q.asked_when]
    conditional = [
        {
            "if": {
                "properties": {
                    c.question: _condition_schema(questionnaire, c) for c in q.asked_when
                },
                "required": [c.question for c in q.asked_when],
            },
            "then": {
                "required": [q.id] if q.required else [],
                "properties": {q.id: _answer_schema(q)},
            },
        }
        for q in questionnaire
        if q.asked_when
    ]
    schema: dict[str, Any] = {
        "type": "object",
        # A question that does not apply is ignored whatever its value (the contract's rule
        # for surgery_site), so its value is only checked when it applies: see allOf.
        "properties": {
            q.id: {"description": f"{q.text} Ignored unless it applies."}
            if q.asked_when
            else _answer_schema(q)
            for q in questionnaire
        },
        "required": required,
        "additionalProperties": False,
    }
    if conditional:
        schema["allOf"] = conditional
    return schema


def _condition_schema(questionnaire: Questionnaire, clause: Any) -> dict[str, Any]:
    values = list(questionnaire[clause.question].values)
    allowed = [v for v in values if clause.holds(v)]
    return {"enum": allowed}


def document(questionnaire: Questionnaire | None = None) -> dict[str, Any]:
    """Return the OpenAPI document for ``questionnaire`` (default: the shipped one).

    Built once per questionnaire: a reloaded rule set brings a new questionnaire object.
    Kept by identity, not equality: comparing two questionnaires costs more than a lookup.
    """
    global _BUILT
    questionnaire = questionnaire or default_questionnaire()
    built = _BUILT
    if built is None or built[0] is not questionnaire:
        built = _BUILT = (questionnaire, _document(questionnaire))
    return built[1]


_BUILT: tuple[Questionnaire, dict[str, Any]] | None = None


def _document(questionnaire: Questionnaire) -> dict[str, Any]:
    therapy = {"type": "string", "enum": list(THERAPIES)}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "advisor",
            "version": __version__,
            "description": "Screening for blood flow restriction training (BFR) and "
            "neuromuscular therapy (NMT). A screening aid, not a diagnosis.",
        },
        "paths": {
            "/api/v1/questionnaire": {
                "get": {
                    "operationId": "getQuestionnaire",
                    "summary": "Every question: id, type, allowed values, when it is asked.",
                    "parameters": _LANGUAGE_PARAMETERS,
                    "responses": {
                        "200": {
                            "description": "The questionnaire.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
            "/api/v1/assessments": {
                "post": {
                    "operationId": "createAssessment",
                    "summary": "Assess one set of answers.",
                    "parameters": _LANGUAGE_PARAMETERS,
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/AssessmentRequest"}
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The recommendation, its explanation and the rule set.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Assessment"}
                                }
                            },
                        },
                        "400": _error_response("The body is not JSON."),
                        "413": _error_response("The body is too large."),
                        "422": _error_response("Invalid answers: one entry per bad field."),
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "AssessmentRequest": {
                    "type": "object",
                    "properties": {"answers": {"$ref": "#/components/schemas/Answers"}},
                    "required": ["answers"],
                    "additionalProperties": False,
                },
                "Answers": _answers_schema(questionnaire),
                "Assessment": {
                    "type": "object",
                    "required": ["recommendation", "explanation", "ruleset"],
                    "properties": {
                        "recommendation": {
                            "type": "object",
                            "required": ["primary", "suggestions", "blocked", "urgency"],
                            "properties": {
                                "primary": {
                                    "type": "string",
                                    "enum": [*THERAPIES, "consult", "urgent_care"],
                                },
                                "suggestions": {"type": "array", "items": therapy},
                                "blocked": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["therapy", "reason"],
                                        "properties": {
                                            "therapy": therapy,
                                            "reason": {"type": "string"},
                                            "rules": {"type": "array", "items": {"type": "string"}},
                                        },
                                    },
                                },
                                "urgency": {"enum": [*URGENCIES, None]},
                            },
                        },
                        "explanation": {
                            "type": "array",
                            "minItems": 1,
                            "items": {
                                "type": "object",
                                "required": [
                                    "rule",
                                    "title",
                                    "because",
                                    "effect",
                                    "target",
                                    "applied",
                                ],
                                "properties": {
                                    "rule": {"type": "string"},
                                    "title": {"type": "string"},
                                    "because": {"type": "string"},
                                    "effect": {
                                        "enum": ["urgent_care", "block", "consult", "suggest"]
                                    },
                                    "target": {"type": "string"},
                                    "applied": {
                                        "type": "boolean",
                                        "description": "Whether this item is a reason for "
                                        "the result: false for a suggestion that was blocked "
                                        "or set aside, and for anything set aside because "
                                        "urgent care comes first.",
                                    },
                                },
                            },
                        },
                        "language": {
                            "type": "string",
                            "description": "The language of the titles and reasons (also in "
                            "Content-Language). The recommendation is the same in every language.",
                        },
                        "untranslated": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "Rules whose title and reason are still in English "
                            "because their translation is missing.",
                        },
                        "ruleset": {
                            "type": "object",
                            "required": ["version", "digest"],
                            "properties": {
                                "version": {"type": "string"},
                                "digest": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                            },
                        },
                    },
                },
                "Errors": {
                    "type": "object",
                    "required": ["errors"],
                    "properties": {
                        "errors": {
                            "type": "array",
                            "minItems": 1,
                            "items": {
                                "type": "object",
                                "required": ["field", "message"],
                                "properties": {
                                    "field": {"type": "string"},
                                    "message": {"type": "string"},
                                },
                            },
                        }
                    },
                },
            }
        },
    }


#: ``?lang=`` wins over ``Accept-Language``; anything else, or nothing, gives English.
_LANGUAGE_PARAMETERS = [
    {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": "Language of the texts: en (default) or es. Unknown codes give English.",
        "schema": {"type": "string"},
    },
    {
        "name": "Accept-Language",
        "in": "header",
        "required": False,
        "description": "Used when there is no ?lang; es gives Spanish, anything else English.",
        "schema": {"type": "string"},
    },
]


def _error_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ERRORS}}}


@bp.get("/openapi.json", endpoint="openapi")
def show() -> Response:
    """Return the OpenAPI document of the rule set in use (its questions are the answers schema)."""
    return jsonify(document(current_ruleset().questionnaire))
