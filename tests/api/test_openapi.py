"""The OpenAPI document matches what the API does: a schema-driven fuzz finds no server error."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

from advisor import create_app
from tests.strategies import at_most

APP = create_app({"TESTING": True, "SECRET_KEY": "fuzz"})
SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)


def test_document_is_openapi_3_with_both_endpoints():
    """The document declares the two endpoints and the answers schema from the questionnaire."""
    document = APP.test_client().get("/api/v1/openapi.json").get_json()
    answers = document["components"]["schemas"]["Answers"]

    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {"/api/v1/questionnaire", "/api/v1/assessments"}
    branch, replacement = answers["allOf"]
    assert branch["if"]["properties"]["surgery"]["enum"] == [
        "under_6_weeks",
        "6_weeks_to_6_months",
        "over_6_months",
    ]
    assert branch["then"]["required"] == ["surgery_site"]
    assert branch["then"]["properties"]["surgery_site"]["enum"] == [
        "upper_limb",
        "lower_limb",
        "spine",
        "other",
    ]
    assert replacement["if"]["properties"]["surgery"]["enum"] == [
        "under_6_weeks",
        "6_weeks_to_6_months",
    ]
    assert replacement["then"]["required"] == []
    assert replacement["then"]["properties"]["joint_replacement"]["anyOf"][0]["enum"] == [
        "yes",
        "no",
    ]
    assert "surgery_site" not in answers["required"]
    assert answers["additionalProperties"] is False


@SCHEMA.parametrize()
@settings(max_examples=at_most(300), deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_document(case):
    """Valid and invalid requests alike (schemathesis generates both by default): never a 5xx,
    every status documented, every body matching its schema."""
    case.call_and_validate()
