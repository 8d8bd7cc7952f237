"""The API in English and Spanish: the words change with the language, nothing else does.

``?lang=es`` or ``Accept-Language: es`` gives the questionnaire's texts and the
assessment's titles and reasons in Spanish; the codes, ids and recommendation
are the same in every language (a property over generated answer sets, as for
insurance). Anything else a client sends as a language gives English, never an error.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings

from advisor.assessment import assess
from advisor.localisation import localised_dict
from tests.personas import BFR_CANDIDATE, BOTH_BLOCKED_AT_60, CHEST_PAIN, CHILD, NMT_CANDIDATE
from tests.rules_under_test import ruleset_under_test
from tests.strategies import answer_sets, at_most

ASSESSMENTS = "/api/v1/assessments"
QUESTIONNAIRE = "/api/v1/questionnaire"


def without_words(body: dict) -> dict:
    """Return a response body with every text a person reads taken out: what must not change."""
    recommendation = body["recommendation"]
    return {
        "recommendation": {
            **recommendation,
            "blocked": [{**b, "reason": None} for b in recommendation["blocked"]],
        },
        "explanation": [{**item, "title": None, "because": None} for item in body["explanation"]],
        "ruleset": body["ruleset"],
    }


@pytest.mark.parametrize(
    ("asked", "served"),
    [
        ({"query_string": {"lang": "es"}}, "es"),
        ({"headers": {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}}, "es"),
        ({"query_string": {"lang": "en"}, "headers": {"Accept-Language": "es"}}, "en"),
        ({}, "en"),
        ({"query_string": {"lang": "xx"}}, "en"),
        ({"query_string": {"lang": "e" * 500}}, "en"),
        ({"headers": {"Accept-Language": ";;q=zz,,,*;q=-1"}}, "en"),
        ({"headers": {"Accept-Language": "xx-YY"}}, "en"),
    ],
    ids=["lang-es", "accept-es", "lang-wins", "nothing", "unknown", "long", "malformed", "other"],
)
def test_the_assessment_speaks_the_language_asked_for_and_english_otherwise(client, asked, served):
    """The language comes from ?lang, then Accept-Language, else English; never an error."""
    response = client.post(ASSESSMENTS, json={"answers": BFR_CANDIDATE}, **asked)

    assert response.status_code == 200
    assert response.get_json()["language"] == served
    assert response.headers["Content-Language"] == served
    assert "Accept-Language" in response.headers["Vary"]


@pytest.mark.parametrize(
    "answers",
    [BFR_CANDIDATE, NMT_CANDIDATE, BOTH_BLOCKED_AT_60, CHILD, CHEST_PAIN],
    ids=["bfr", "nmt", "consult-blocked", "child", "urgent"],
)
def test_a_spanish_assessment_has_spanish_reasons_and_the_same_recommendation(client, answers):
    """Every title and reason is the Spanish file's (or the catalogue's, for a safety note)."""
    english = client.post(ASSESSMENTS, json={"answers": answers}).get_json()
    spanish = client.post(ASSESSMENTS, json={"answers": answers}, query_string={"lang": "es"})
    body = spanish.get_json()

    assert without_words(body) == without_words(english)
    assert body["untranslated"] == []
    for theirs, ours in zip(english["explanation"], body["explanation"], strict=True):
        assert ours["because"] != theirs["because"], ours["rule"]
        assert ours["title"] != theirs["title"], ours["rule"]
    for theirs, ours in zip(
        english["recommendation"]["blocked"], body["recommendation"]["blocked"], strict=True
    ):
        assert ours["reason"] != theirs["reason"]


def test_the_questionnaire_in_spanish_keeps_every_id_and_value(client):
    """Ids, types, values and conditions are the same; the words are Spanish."""
    english = client.get(QUESTIONNAIRE).get_json()
    spanish = client.get(QUESTIONNAIRE, headers={"Accept-Language": "es"})
    body = spanish.get_json()

    assert spanish.headers["Content-Language"] == "es"
    assert body["language"] == "es"
    assert english["language"] == "en"
    assert [q["id"] for q in body["questions"]] == [q["id"] for q in english["questions"]]
    for theirs, ours in zip(english["questions"], body["questions"], strict=True):
        assert ours.get("values") == theirs.get("values")
        assert ours.get("asked_when") == theirs.get("asked_when")
        assert ours["text"] != theirs["text"], ours["id"]


@settings(
    max_examples=at_most(1000),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(raw=answer_sets())
def test_the_same_answers_give_the_same_recommendation_in_either_language(raw):
    """Language invariance: codes, ids, order and the recommendation never follow the language."""
    ruleset = ruleset_under_test()
    response = assess(raw, ruleset)

    english = localised_dict(response, ruleset, "en")
    spanish = localised_dict(response, ruleset, "es")

    assert without_words(spanish) == without_words(english)
    assert spanish["language"] == "es"
    assert all(item["because"] for item in spanish["explanation"])


@settings(
    max_examples=at_most(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(raw=answer_sets())
def test_the_api_gives_the_same_recommendation_in_either_language(client, raw):
    """The same property through the API: the JSON differs only in its words and language."""
    english = client.post(ASSESSMENTS, json={"answers": raw})
    spanish = client.post(ASSESSMENTS, json={"answers": raw}, headers={"Accept-Language": "es"})

    assert english.status_code == spanish.status_code
    if english.status_code == 200:
        assert without_words(spanish.get_json()) == without_words(english.get_json())
    else:
        assert spanish.get_json() == english.get_json()


@pytest.mark.parametrize(
    "answers", [BFR_CANDIDATE, BOTH_BLOCKED_AT_60, CHILD], ids=["bfr", "blocked", "child"]
)
def test_the_command_line_speaks_spanish_as_the_api_does(client, runner, answers):
    """``advisor assess --lang es`` prints what ``?lang=es`` answers, word for word."""
    from advisor.cli import cli

    payload = json.dumps({"answers": answers})
    api = client.post(ASSESSMENTS, data=payload, query_string={"lang": "es"}).get_json()
    result = runner.invoke(cli, ["assess", "--lang", "es", "-"], input=payload)

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == api


def test_the_command_line_lists_the_questions_in_spanish(runner):
    """``advisor questions --lang es`` shows the Spanish questions, with the same ids."""
    from advisor.cli import cli

    result = runner.invoke(cli, ["questions", "--lang", "es"])

    assert result.exit_code == 0, result.output
    assert "¿Qué edad tiene?" in result.stdout
    assert "  age (whole number 0-120, required)" in result.stdout


@pytest.mark.parametrize("command", [["assess", "-"], ["questions"]])
def test_an_unknown_language_on_the_command_line_is_a_clear_error(runner, command):
    """``--lang xx`` names the languages the rules have, and exits 2 with no traceback."""
    from advisor.cli import cli

    result = runner.invoke(cli, [command[0], "--lang", "xx", *command[1:]], input="{}")

    assert result.exit_code == 2
    assert "'xx' is not a language of these rules; use one of en, es." in result.output
    assert "Traceback" not in result.output
