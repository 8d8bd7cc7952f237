"""parse_answers accepts exactly what the contract allows and names every bad field."""

from __future__ import annotations

import pytest

from advisor.answers import answers_of, parse_answers
from advisor.exceptions import AnswersInvalid
from tests.personas import BASE_ANSWERS


def errors_for(raw, questionnaire) -> list[tuple[str, str]]:
    with pytest.raises(AnswersInvalid) as caught:
        parse_answers(raw, questionnaire)
    return [(e.field, e.message) for e in caught.value.errors]


def test_valid_answers_are_typed(questionnaire):
    """Multi-selects become sets; an unasked question is None; extras take their default."""
    answers = parse_answers({**BASE_ANSWERS, "conditions": ["neuropathy"]}, questionnaire)

    assert answers["conditions"] == frozenset({"neuropathy"})
    assert answers["surgery_site"] is None
    assert answers["acute_illness"] == "no"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"age": "sixty"}, "age", "age must be a whole number from 0 to 120 (got 'sixty')."),
        ({"age": 60.5}, "age", "age must be a whole number from 0 to 120 (got 60.5)."),
        ({"age": True}, "age", "age must be a whole number from 0 to 120 (got true)."),
        ({"age": 150}, "age", "age must be from 0 to 120 (got 150)."),
        ({"age": -1}, "age", "age must be from 0 to 120 (got -1)."),
        ({"pain_intensity": 11}, "pain_intensity", "pain_intensity must be from 0 to 10 (got 11)."),
        (
            {"red_flags": "chest_pain"},
            "red_flags",
            "red_flags must be a list of values, such as [] for none of these, chosen from "
            "'chest_pain', 'chest_pain_on_exertion', 'short_of_breath', 'thunderclap_headache', "
            "'sudden_severe_headache', 'fainting_with_exertion', 'calf_pain_swelling', "
            "'saddle_numbness', 'bladder_bowel_change', 'new_sexual_dysfunction', "
            "'progressive_weakness', 'both_legs_symptoms', 'back_pain_both_legs', "
            "'fever_with_pain', 'hot_swollen_joint', 'unexplained_weight_loss', "
            "'cancer_history_new_pain', 'recent_major_trauma' "
            "(got 'chest_pain').",
        ),
        (
            {"nmt_risks": ["osteoporosis", "broken_heart"]},
            "nmt_risks",
            "nmt_risks may only contain 'osteoporosis', 'acute_flare', 'fragile_skin', 'unsure' "
            "(got 'broken_heart').",
        ),
        (
            {"muscle_weakness": "some"},
            "muscle_weakness",
            "muscle_weakness must be one of 'none', 'mild', 'limits_activity' (got 'some').",
        ),
        (
            {"bleeding_risk": ["yes"]},
            "bleeding_risk",
            "bleeding_risk must be one of 'yes', 'no', 'unsure' (got a list).",
        ),
        (
            {"surgery": "under_6_weeks"},
            "surgery_site",
            "surgery_site is required when surgery is not 'none'.",
        ),
        (
            {"surgery": "over_6_months", "surgery_site": "knee"},
            "surgery_site",
            "surgery_site must be one of 'upper_limb', 'lower_limb', 'spine', 'other' (got 'knee').",
        ),
        (
            {"musle_weakness": "none"},
            "musle_weakness",
            "musle_weakness is not a question. Did you mean 'muscle_weakness'?",
        ),
        (
            {"acute_illness": "maybe"},
            "acute_illness",
            "acute_illness must be one of 'yes', 'no' (got 'maybe').",
        ),
    ],
)
def test_bad_answer_is_named_with_what_was_expected(questionnaire, changes, field, message):
    """One error names the field, what it allows and what it got."""
    assert errors_for({**BASE_ANSWERS, **changes}, questionnaire) == [(field, message)]


@pytest.mark.parametrize("missing", ["age", "red_flags", "insurance", "pain_sources"])
def test_missing_core_answer_is_required(questionnaire, missing):
    """Every core answer is required."""
    raw = {k: v for k, v in BASE_ANSWERS.items() if k != missing}

    assert errors_for(raw, questionnaire) == [(missing, f"{missing} is required.")]


def test_whole_number_written_with_a_decimal_point_is_accepted(questionnaire):
    """JSON's 45.0 is the whole number 45."""
    assert parse_answers({**BASE_ANSWERS, "age": 45.0}, questionnaire)["age"] == 45


def test_null_counts_as_missing(questionnaire):
    """A JSON null is not an answer."""
    assert errors_for({**BASE_ANSWERS, "age": None}, questionnaire) == [("age", "age is required.")]


def test_every_bad_field_is_reported_at_once(questionnaire):
    """Errors are collected, one per field, in questionnaire order."""
    raw = {**BASE_ANSWERS, "age": 999, "insurance": "cash", "extra": 1}

    assert [f for f, _ in errors_for(raw, questionnaire)] == ["age", "insurance", "extra"]


def test_surgery_site_is_ignored_without_surgery(questionnaire):
    """surgery_site is ignored, even if odd, when surgery is 'none' (the contract says so)."""
    answers = parse_answers({**BASE_ANSWERS, "surgery_site": "knee"}, questionnaire)

    assert answers["surgery_site"] is None


def test_duplicate_ticks_count_once(questionnaire):
    """A value ticked twice is the same as ticked once."""
    answers = parse_answers({**BASE_ANSWERS, "pain_sources": ["stress", "stress"]}, questionnaire)

    assert answers["pain_sources"] == frozenset({"stress"})


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ([], [("answers", 'send one object like {"answers": {...}} (got a list).')]),
        ({}, [("answers", 'answers is required: send {"answers": {...}}.')]),
        (
            {"answers": {}, "name": "x"},
            [("name", 'name is not allowed here; the body holds only "answers".')],
        ),
    ],
)
def test_request_body_must_be_an_answers_object(body, expected):
    """The body around the answers is checked too, naming the field."""
    with pytest.raises(AnswersInvalid) as caught:
        answers_of(body)

    assert [(e.field, e.message) for e in caught.value.errors] == expected


def test_answers_that_are_not_an_object_are_refused(questionnaire):
    """answers must be an object."""
    assert errors_for(["age", 3], questionnaire) == [
        ("answers", "answers must be an object of question ids to values (got a list).")
    ]
