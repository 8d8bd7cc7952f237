"""Answer sets drawn from the questionnaire: valid, repeatable, and covering the edges."""

from __future__ import annotations

import dataclasses

import pytest

from advisor.answer_sets import DEFAULT_COUNT, answer_sets, edge_answers
from advisor.answers import parse_answers
from advisor.questionnaire import Option, Question, Questionnaire
from tests.personas import BASE_ANSWERS


@pytest.fixture(scope="module")
def drawn(questionnaire):
    return answer_sets(questionnaire)


def test_every_drawn_set_is_valid(questionnaire, drawn):
    """parse_answers accepts every set, as the API would."""
    for raw in drawn:
        parse_answers(raw, questionnaire)

    assert len(drawn) == DEFAULT_COUNT >= 2000


def test_the_same_seed_gives_the_same_sets_and_another_seed_others(questionnaire, drawn):
    """Every worker draws the same sets, so every worker's gate reaches the same verdict."""
    assert answer_sets(questionnaire) == drawn
    assert answer_sets(questionnaire, seed=12) != drawn


@pytest.mark.parametrize("question", ["red_flags", "bfr_risks", "nmt_risks"])
def test_every_risk_value_is_drawn_alone_and_all_together(questionnaire, drawn, question):
    """Each red flag and each risk appears alone in some set, and one set ticks them all."""
    values = questionnaire[question].values
    ticked = [frozenset(raw[question]) for raw in drawn]

    assert all(frozenset({value}) in ticked for value in values)
    assert frozenset(values) in ticked


def test_the_ages_where_the_contract_changes_are_drawn(questionnaire, drawn):
    """0, 11, 12, 17, 18, 64, 65 and the oldest age each appear, with no risk as well."""
    oldest = questionnaire["age"].maximum
    quiet = {
        raw["age"]
        for raw in drawn
        if not raw["red_flags"] and not raw["bfr_risks"] and not raw["nmt_risks"]
    }

    assert {0, 11, 12, 17, 18, 64, 65, oldest} <= quiet


def test_optional_questions_are_sometimes_left_out_and_questions_not_asked_never_answered(
    questionnaire, drawn
):
    """An optional question is left out in some sets; surgery_site only follows a surgery."""
    optional = [q.id for q in questionnaire if not q.core]

    assert all(any(q not in raw for raw in drawn) for q in optional)
    assert all(any(q in raw for raw in drawn) for q in optional)
    assert all("surgery_site" not in raw for raw in drawn if raw["surgery"] == "none")


def test_a_therapists_new_question_and_value_are_drawn(questionnaire):
    """A new optional question and a new value on a multi list need no code change."""
    jaw = Question(
        "jaw_pain",
        "single",
        questionnaire.questions[-1].page,
        "Does your jaw hurt?",
        core=False,
        options=(Option("no", "No"), Option("yes", "Yes")),
        default="no",
    )
    sources = questionnaire["pain_sources"]
    raynaud = dataclasses.replace(sources, options=(*sources.options, Option("raynauds", "R")))
    extended = dataclasses.replace(
        questionnaire,
        questions=(
            *(raynaud if q.id == "pain_sources" else q for q in questionnaire.questions),
            jaw,
        ),
    )
    extended = Questionnaire(extended.version, extended.pages, extended.questions)

    drawn = answer_sets(extended, 400)

    for raw in drawn:
        parse_answers(raw, extended)
    assert {"yes", "no"} <= {raw.get("jaw_pain") for raw in drawn}
    assert any("raynauds" in raw["pain_sources"] for raw in drawn)


def test_starting_answers_are_varied_not_copied(questionnaire):
    """Sets drawn from a start keep most of its answers and redraw a few."""
    start = {**BASE_ANSWERS, "age": 70, "conditions": ["osteoarthritis"]}

    drawn = answer_sets(questionnaire, 600, starts=[start])
    edges = len(list(edge_answers(questionnaire)))
    near = [
        raw for raw in drawn[edges:] if raw["age"] == 70 and raw["conditions"] == ["osteoarthritis"]
    ]

    # A third of the 376 random sets start from it; most keep both of these answers.
    assert 60 < len(near) < 125
