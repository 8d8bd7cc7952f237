"""POST /api/v1/assessments and GET /api/v1/questionnaire answer the intake contract."""

from __future__ import annotations

import json

import pytest

from tests.personas import BASE_ANSWERS
from tests.rules_under_test import questionnaire_under_test


def test_assessment_returns_the_recommendation(client):
    """A valid answer set gets 200 with recommendation, explanation and rule set."""
    response = client.post(
        "/api/v1/assessments",
        json={
            "answers": {
                **BASE_ANSWERS,
                "age": 70,
                "muscle_weakness": "limits_activity",
                "heavy_load_difficulty": "yes",
                "conditions": ["osteoarthritis"],
            }
        },
    )

    body = response.get_json()
    assert response.status_code == 200
    assert list(body) == ["recommendation", "explanation", "ruleset", "language", "untranslated"]
    assert body["recommendation"]["primary"] == "bfr"
    assert body["explanation"][0]["rule"] == "bfr-weakness-with-condition"


def test_api_and_cli_give_the_same_response(client, runner):
    """The API and the command line call the same assess()."""
    from advisor.cli import cli

    payload = json.dumps({"answers": {**BASE_ANSWERS, "red_flags": ["calf_pain_swelling"]}})

    api = client.post("/api/v1/assessments", data=payload).get_json()
    command = json.loads(runner.invoke(cli, ["assess", "-"], input=payload).stdout)

    assert api == command


def test_invalid_answers_give_422_naming_each_field(client):
    """Each bad field gets its own entry; nothing else is done."""
    answers = {**BASE_ANSWERS, "age": 150, "surgery": "under_6_weeks", "colour": "red"}

    response = client.post("/api/v1/assessments", json={"answers": answers})

    assert response.status_code == 422
    assert response.get_json() == {
        "errors": [
            {"field": "age", "message": "age must be from 0 to 120 (got 150)."},
            {
                "field": "surgery_site",
                "message": "surgery_site is required when surgery is not 'none'.",
            },
            {"field": "colour", "message": "colour is not a question."},
        ]
    }


@pytest.mark.parametrize(
    "data",
    [b"", b"not json", b'{"answers": ', b"\xff\xfe\xfa", b"[" * 50_000, b'"just a string"'[:5]],
)
def test_body_that_is_not_json_gives_400(client, data):
    """Empty, broken, non-UTF-8 and absurdly nested bodies get 400 with a JSON error."""
    response = client.post("/api/v1/assessments", data=data, content_type="application/json")

    assert response.status_code == 400
    assert response.get_json()["errors"][0]["field"] == "body"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ([], "answers"),
        ({}, "answers"),
        ({"answers": []}, "answers"),
        ({"answers": {}, "x": 1}, "x"),
        ("text", "answers"),
        (None, "answers"),
        (3, "answers"),
    ],
)
def test_json_that_is_not_an_answers_object_gives_422(client, body, field):
    """Valid JSON of the wrong shape is a 422 naming the field."""
    response = client.post("/api/v1/assessments", data=json.dumps(body))

    assert response.status_code == 422
    assert field in [e["field"] for e in response.get_json()["errors"]]


def test_oversized_body_gives_413(client):
    """A body over the cap is refused before it is read in full."""
    response = client.post("/api/v1/assessments", data=b"{" + b" " * 70_000 + b"}")

    assert response.status_code == 413
    assert response.get_json()["errors"][0]["field"] == "body"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/v1/assessments", 405),
        ("post", "/api/v1/nothing", 404),
        ("delete", "/api/v1/questionnaire", 405),
    ],
)
def test_unknown_routes_and_methods_answer_json(client, method, path, status):
    """API errors are JSON, never an HTML page."""
    response = getattr(client, method)(path)

    assert response.status_code == status
    assert response.is_json
    assert "errors" in response.get_json()
    if status == 405:
        assert "POST" in response.headers["Allow"] or "GET" in response.headers["Allow"]


def test_api_needs_no_csrf_token(tmp_path):
    """The API is exempt from CSRF even when the forms are protected."""
    from advisor import create_app

    client = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "WTF_CSRF_ENABLED": True}
    ).test_client()

    response = client.post("/api/v1/assessments", json={"answers": BASE_ANSWERS})

    assert response.status_code == 200


def test_questionnaire_endpoint_exports_every_question(client):
    """GET /api/v1/questionnaire lists every question with its values and branching."""
    response = client.get("/api/v1/questionnaire")

    assert response.status_code == 200
    assert response.get_json() == {**questionnaire_under_test().to_dict(), "language": "en"}


def test_questionnaire_endpoint_lists_the_answers_that_cannot_both_be_true(client):
    """Each disagreement is exported with its questions, conditions and message."""
    exported = client.get("/api/v1/questionnaire").get_json()["disagreements"]

    assert {
        "id": "no-pain-but-a-pain-score",
        "questions": ["pain_duration", "pain_intensity"],
        "when": {"pain_duration": {"equals": "none"}, "pain_intensity": {"at_least": 1}},
        "message": questionnaire_under_test().disagreements[0].message,
    } in exported


def test_an_api_client_sending_answers_that_disagree_gets_a_consult_naming_them(client):
    """No pain with a worst pain of 8 is not "no pain": a consult that says so, not "nothing wrong"."""
    response = client.post(
        "/api/v1/assessments", json={"answers": {**BASE_ANSWERS, "pain_intensity": 8}}
    )
    body = response.get_json()
    rules = {item["rule"] for item in body["explanation"]}

    assert body["recommendation"]["primary"] == "consult"
    assert "general-consult-no-pain-but-a-pain-score" in rules
    assert "general-no-pain-or-weakness" not in rules


def test_every_explanation_item_says_whether_it_applied(client):
    """A suggestion for a blocked therapy is kept, marked as not applied (invariant 8)."""
    answers = {
        **BASE_ANSWERS,
        "age": 70,
        "muscle_weakness": "limits_activity",
        "heavy_load_difficulty": "yes",
        "bfr_risks": ["clot_history"],
    }

    items = client.post("/api/v1/assessments", json={"answers": answers}).get_json()["explanation"]
    applied = {item["rule"]: item["applied"] for item in items}

    assert applied["bfr-weakness-older-adult"] is False
    assert applied["bfr-block-clot-history"] is True


def test_api_responses_carry_security_headers(client):
    """JSON responses get nosniff and the CSP too."""
    response = client.get("/api/v1/questionnaire")

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
