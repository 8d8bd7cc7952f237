"""A therapist adds a question, a cuff risk and a red flag as the rules guide shows, with no developer.

The edits are the guide's worked example (``tests/therapist_example.py``): an
optional jaw-pain question read by a new rule and a new case, Raynaud's as a
cuff risk, and night sweats as a red flag graded "soon". Each test follows one
of them to where it matters: ``rules check`` and ``rules test``, the API, the
command line, the web pages, and a running server that takes the change.
"""

from __future__ import annotations

import html
import json
import os
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from advisor import create_app
from advisor.cli import cli
from advisor.ruleset import load_ruleset
from advisor.ruleset.live import LiveRuleSet
from advisor.shipped import copy_default_rules
from tests.personas import BASE_ANSWERS, BFR_CANDIDATE
from tests.therapist_example import (
    JAW_CASES,
    JAW_QUESTION,
    JAW_RULE,
    NIGHT_SWEATS,
    RAYNAUDS,
    apply,
    make_copy,
)
from tests.web.conftest import QuestionnaireWalker

GUIDE = Path(__file__).parents[1] / "docs" / "rules-guide.md"
RAYNAUDS_LABEL = "Raynaud's (fingers or toes that go white or blue in the cold)"


@pytest.fixture(scope="module")
def clinic_rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped rules with the guide's worked example applied, as a practice's folder."""
    return make_copy(tmp_path_factory.mktemp("clinic") / "rules")


@pytest.fixture
def app(clinic_rules: Path) -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": "test", "RULES_DIR": str(clinic_rules)})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def assessed(client: FlaskClient, **changes: object) -> dict:
    """Return the API's recommendation for the base answers with ``changes``."""
    response = client.post("/api/v1/assessments", json={"answers": {**BASE_ANSWERS, **changes}})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize(
    "snippet",
    [
        JAW_QUESTION.strip(),
        RAYNAUDS.strip(),
        NIGHT_SWEATS.strip(),
        JAW_RULE.split("\n\n", 1)[1].strip(),
        JAW_CASES.strip(),
    ],
    ids=["question", "cuff-risk", "red-flag", "rule", "cases"],
)
def test_the_guide_shows_exactly_the_edits_these_tests_prove(snippet):
    """The worked example in docs/rules-guide.md is, word for word, the one tested here."""
    assert snippet in GUIDE.read_text(encoding="utf-8")


# --- The therapists' commands -----------------------------------------------------------


def test_rules_check_passes_with_the_worked_example(runner, clinic_rules):
    """The new question, value, red flag, rule and case check clean: no error, no warning."""
    result = runner.invoke(cli, ["rules", "check", str(clinic_rules)])

    assert result.exit_code == 0, result.stdout
    assert "0 errors, 0 warnings" in result.stdout


def test_rules_test_passes_including_the_case_that_uses_the_new_question(runner, clinic_rules):
    """Every example case passes, the two that answer the jaw question among them."""
    result = runner.invoke(cli, ["rules", "test", str(clinic_rules)])

    assert result.exit_code == 0, result.stdout
    assert "PASS neck-knots-with-jaw-pain" in result.stdout
    assert "PASS neck-knots-without-jaw-pain" in result.stdout
    assert "0 failed" in result.stdout


# --- The API --------------------------------------------------------------------------


def test_an_answer_to_the_new_question_reaches_the_new_rule(client):
    """Jaw pain with neck knots: the new rule asks for a clinician before NMT."""
    body = assessed(
        client,
        age=40,
        pain_duration="over_12_weeks",
        pain_cause="ongoing_strain",
        pain_intensity=5,
        pain_sources=["trigger_points"],
        jaw_pain="yes",
    )

    assert body["recommendation"]["primary"] == "consult"
    assert "nmt-consult-jaw-or-face-pain" in [item["rule"] for item in body["explanation"]]


def test_leaving_the_new_question_out_changes_nothing(client):
    """An optional question's default is neutral: a client written against the contract is
    answered as before."""
    assert assessed(client)["recommendation"] == assessed(client, jaw_pain="no")["recommendation"]


def test_a_new_cuff_risk_blocks_bfr_with_no_code_change(client):
    """Raynaud's is a bfr_risks answer like any other, so the safety floor blocks BFR."""
    without = assessed(client, **_core(BFR_CANDIDATE))
    body = assessed(client, **{**_core(BFR_CANDIDATE), "bfr_risks": ["raynauds"]})

    assert without["recommendation"]["primary"] == "bfr"
    assert "bfr" not in body["recommendation"]["suggestions"]
    assert [b["therapy"] for b in body["recommendation"]["blocked"]] == ["bfr"]


@pytest.mark.parametrize(
    ("flags", "urgency"),
    [(["night_sweats"], "soon"), (["night_sweats", "fever_with_pain"], "same_day")],
    ids=["alone", "with-a-more-urgent-flag"],
)
def test_a_new_red_flag_gives_urgent_care_at_its_declared_urgency(client, flags, urgency):
    """Night sweats declares "soon"; with a more urgent flag, the most urgent decides."""
    body = assessed(client, red_flags=flags)

    assert body["recommendation"]["primary"] == "urgent_care"
    assert body["recommendation"]["suggestions"] == []
    assert body["recommendation"]["urgency"] == urgency


def test_the_api_describes_the_practices_questions(client):
    """GET /questionnaire and the OpenAPI document are the rule set's, with the additions."""
    questionnaire = client.get("/api/v1/questionnaire").get_json()
    document = client.get("/api/v1/openapi.json").get_json()
    answers = document["components"]["schemas"]["Answers"]["properties"]

    questions = {q["id"]: q for q in questionnaire["questions"]}
    assert questions["jaw_pain"]["default"] == "no"
    assert "raynauds" in questions["bfr_risks"]["values"]
    assert "jaw_pain" in answers
    assert "night_sweats" in json.dumps(answers["red_flags"])
    urgency = {o["value"]: o["urgency"] for o in questions["red_flags"]["options"]}
    assert (urgency["night_sweats"], urgency["chest_pain"]) == ("soon", "emergency")


# --- The command line and the web pages --------------------------------------------------


def test_advisor_assess_takes_the_new_value(runner, clinic_rules):
    """`advisor assess --rules DIR` accepts the new value and blocks BFR for it."""
    body = {"answers": {**_core(BFR_CANDIDATE), "bfr_risks": ["raynauds"]}}

    result = runner.invoke(
        cli, ["assess", "--rules", str(clinic_rules), "-"], input=json.dumps(body)
    )

    assert result.exit_code == 0, result.stdout
    assert "bfr" in [b["therapy"] for b in json.loads(result.stdout)["recommendation"]["blocked"]]


def test_advisor_questions_lists_the_new_question(runner, clinic_rules):
    """`advisor questions --rules DIR` prints the practice's questionnaire."""
    result = runner.invoke(cli, ["questions", "--rules", str(clinic_rules)])

    assert result.exit_code == 0, result.stdout
    assert "jaw_pain" in result.stdout
    assert "Do you have pain in your jaw or face?" in result.stdout


def test_the_web_pages_ask_the_additions_and_show_them_in_their_words(
    clinic_rules, tmp_path, monkeypatch
):
    """A person walks the practice's questionnaire: the new question is asked, the new value
    is offered with its label, check answers shows both, and the result blocks BFR."""
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "test",
            "RULES_DIR": str(clinic_rules),
        }
    )
    walker = QuestionnaireWalker(app.test_client())
    walker.questionnaire = load_ruleset(clinic_rules).questionnaire
    answers = {**BFR_CANDIDATE, "bfr_risks": ["raynauds"], "jaw_pain": "yes"}

    assert walker.walk(answers) == "/check-answers"
    cuff_page = html.unescape(walker.client.get("/questions/cuff-safety").get_data(as_text=True))
    check_answers = html.unescape(walker.client.get("/check-answers").get_data(as_text=True))
    result = html.unescape(walker.client.get("/result").get_data(as_text=True))

    assert {"cuff-safety", "pain-more"} <= set(walker.visited)
    assert RAYNAUDS_LABEL in cuff_page
    assert RAYNAUDS_LABEL in check_answers
    assert "Do you have pain in your jaw or face?" in check_answers
    assert "Blood flow restriction training may suit you" not in result


def test_the_new_red_flag_leads_the_person_to_a_doctor_within_days(
    clinic_rules, tmp_path, monkeypatch
):
    """On the web pages the new flag is offered in its words, and ticking it stops the
    questionnaire with its own urgency: "soon"."""
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "test",
            "RULES_DIR": str(clinic_rules),
        }
    )
    walker = QuestionnaireWalker(app.test_client())
    walker.questionnaire = load_ruleset(clinic_rules).questionnaire

    ended = walker.walk({**BASE_ANSWERS, "red_flags": ["night_sweats"]})
    page = html.unescape(walker.client.get(ended).get_data(as_text=True))
    flags = html.unescape(walker.client.get("/questions/urgent-symptoms").get_data(as_text=True))

    assert "See your doctor in the next few days" in page
    assert "Night sweats that soak your sheets, for no reason you know" in flags


# --- A running server -----------------------------------------------------------------


def test_a_running_server_takes_the_new_questions_with_the_rules(tmp_path):
    """The questions are reloaded with the rules: after the edit, the new question is asked."""
    rules = tmp_path / "rules"
    copy_default_rules(rules)
    now = [0.0]
    live = LiveRuleSet(rules, interval=1.0, settle=0.5, clock=lambda: now[0])
    assert "jaw_pain" not in live.current().questionnaire

    apply(rules)
    past = time.time() - 60
    for path in (*rules.glob("*.toml"), *rules.glob("*/*.toml")):
        os.utime(path, (past, past))
    now[0] = 5.0

    assert "jaw_pain" in live.current().questionnaire
    assert live.current().questionnaire.red_flag_urgency["night_sweats"] == "soon"


def _core(answers: dict[str, object]) -> dict[str, object]:
    """Return a persona's answers to the contract's questions only (what an API client sends)."""
    return {k: v for k, v in answers.items() if k in BASE_ANSWERS}
