"""The second clinical review (clinical reference s12) holds for every answer set, not only the cases.

The example cases in ``rules/cases/second_review.toml`` show one person per
finding. These properties take generated people, make each one fit BFR and NMT,
add one presentation of the review, and show that the default rules then send
them to a clinician first; most presentations use core answers only, as the
issue asks. The engine's own notes obey the same wording checks as the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.assessment import assess
from advisor.engine import safety
from advisor.ruleset import RuleSet, default_rules_dir, load_ruleset
from advisor.ruleset.wording import discouraged_phrases, reading_grade, unnamed_therapies
from tests.personas import BASE_ANSWERS
from tests.rules_under_test import questionnaire_under_test
from tests.strategies import answer_sets, at_most

RULES = load_ruleset(default_rules_dir())
QUESTIONNAIRE = questionnaire_under_test()
THERAPY = ("bfr", "nmt")

Answers = Mapping[str, object]


Person = dict[str, object]
Present = Callable[[Person, st.DrawFn], Person]


def _plus(person: Person, question: str, *values: str) -> list[str]:
    """Return the ticks of a tick-any answer with ``values`` added."""
    return sorted({*person.get(question, ()), *values})  # type: ignore[arg-type]


def _fits_bfr(person: Person) -> Person:
    """Make BFR fit: weakness that limits daily life, no heavy lifting, knee osteoarthritis."""
    return {
        **person,
        "muscle_weakness": "limits_activity",
        "heavy_load_difficulty": "yes",
        "conditions": _plus(person, "conditions", "osteoarthritis"),
    }


def _fits_nmt(person: Person) -> Person:
    """Make NMT fit: months of strain with tender knots."""
    return {
        **person,
        "pain_duration": "over_12_weeks",
        "pain_cause": "ongoing_strain",
        "pain_intensity": 5,
        "pain_sources": _plus(person, "pain_sources", "trigger_points"),
    }


def _fits_both(person: Person) -> Person:
    return _fits_nmt(_fits_bfr(person))


def _one_of(*values: object) -> st.SearchStrategy[object]:
    return st.sampled_from(values)


#: Each presentation of the review, made on top of a generated person who would otherwise
#: fit the therapies, with no red flag: (finding, therapies that must not be primary, person).
CLINICIAN_FIRST: list[tuple[str, tuple[str, ...], Present]] = [
    (
        "1: cramping muscles at 50 or over",
        THERAPY,
        lambda p, draw: {
            **_fits_both(p),
            "age": draw(st.integers(50, 120)),
            "pain_sources": _plus(p, "pain_sources", "trigger_points", "ischemia"),
        },
    ),
    (
        "1: cramping muscles with a heart or vessel problem",
        THERAPY,
        lambda p, draw: {
            **_fits_both(p),
            "pain_sources": _plus(p, "pain_sources", "trigger_points", "ischemia"),
            "bfr_risks": _plus(
                p,
                "bfr_risks",
                draw(
                    _one_of(
                        "peripheral_vascular_disease",
                        "limb_vascular_surgery",
                        "heart_disease",
                        "stroke",
                    )
                ),
            ),
        },
    ),
    (
        "1: leg pain on walking",
        THERAPY,
        lambda p, draw: {**_fits_both(p), "walking_leg_pain": "yes"},
    ),
    (
        "1 and 7: a limb bypass, stent or graft",
        ("nmt",),
        lambda p, draw: {
            **_fits_nmt(p),
            "bfr_risks": _plus(p, "bfr_risks", "limb_vascular_surgery"),
        },
    ),
    (
        "2: a hot, swollen joint",
        ("bfr",),
        lambda p, draw: {**_fits_bfr(p), "nmt_risks": _plus(p, "nmt_risks", "acute_flare")},
    ),
    (
        "3: a recent injury at 65 or over",
        THERAPY,
        lambda p, draw: {
            **_fits_both(p),
            "age": draw(st.integers(65, 120)),
            "pain_cause": "recent_injury",
        },
    ),
    (
        "3: a recent injury with numbness or tingling",
        THERAPY,
        lambda p, draw: {
            **_fits_both(p),
            "pain_cause": "recent_injury",
            "pain_sources": _plus(p, "pain_sources", "trigger_points", "nerve_entrapment"),
        },
    ),
    (
        "4: weakness with numbness or tingling",
        ("bfr",),
        lambda p, draw: {
            **_fits_bfr(p),
            "pain_sources": _plus(p, "pain_sources", "nerve_entrapment"),
        },
    ),
    (
        "4 and 14: neuropathy",
        THERAPY,
        lambda p, draw: {**_fits_both(p), "conditions": _plus(p, "conditions", "neuropathy")},
    ),
    (
        "5: a doctor's lifting ban",
        ("bfr",),
        lambda p, draw: {**_fits_bfr(p), "lifting_ban": "yes"},
    ),
    (
        "5: blood pressure not known or not controlled",
        ("bfr",),
        lambda p, draw: {
            **_fits_bfr(p),
            "blood_pressure": draw(_one_of("unsure", "not_controlled")),
        },
    ),
    (
        "6: fragile skin",
        ("bfr",),
        lambda p, draw: {**_fits_bfr(p), "nmt_risks": _plus(p, "nmt_risks", "fragile_skin")},
    ),
    (
        "6: long-term steroids",
        ("bfr",),
        lambda p, draw: {
            **_fits_bfr(p),
            "bone_and_immune_risks": _plus(p, "bone_and_immune_risks", "long_term_steroids"),
        },
    ),
    (
        "7: lymph nodes removed or a dialysis fistula",
        ("nmt",),
        lambda p, draw: {
            **_fits_nmt(p),
            "bfr_risks": _plus(
                p, "bfr_risks", draw(_one_of("lymph_nodes_removed", "dialysis_access"))
            ),
        },
    ),
    (
        "10: cancer treated in the last 5 years",
        ("bfr",),
        lambda p, draw: {**_fits_bfr(p), "past_cancer": "yes"},
    ),
    (
        "10: a hip or knee replacement 6 weeks to 6 months ago",
        ("bfr",),
        lambda p, draw: {
            **_fits_bfr(p),
            "surgery": "6_weeks_to_6_months",
            "surgery_site": draw(_one_of("lower_limb", "other")),
            "joint_replacement": "yes",
        },
    ),
    (
        "10: hip, leg or knee surgery 6 weeks to 6 months ago, at 60 or over",
        ("bfr",),
        lambda p, draw: {
            **_fits_bfr(p),
            "age": draw(st.integers(60, 120)),
            "surgery": "6_weeks_to_6_months",
            "surgery_site": "lower_limb",
        },
    ),
    (
        "11: pain of 9 or 10",
        THERAPY,
        lambda p, draw: {**_fits_both(p), "pain_intensity": draw(st.integers(9, 10))},
    ),
    (
        "12: unwell today",
        THERAPY,
        lambda p, draw: {**_fits_both(p), "acute_illness": "yes"},
    ),
    (
        "13: under 12",
        THERAPY,
        lambda p, draw: {**_fits_both(p), "age": draw(st.integers(0, 11))},
    ),
    (
        "9: a fall at 65 or over",
        THERAPY,
        lambda p, draw: {
            **_fits_both(p),
            "age": draw(st.integers(65, 120)),
            "recent_fall": "yes",
        },
    ),
    (
        "9: a fall with weak bones or on steroids",
        THERAPY,
        lambda p, draw: {
            **_fits_both(p),
            "recent_fall": "yes",
            **draw(
                _one_of(
                    {"nmt_risks": _plus(p, "nmt_risks", "osteoporosis")},
                    {
                        "bone_and_immune_risks": _plus(
                            p, "bone_and_immune_risks", "long_term_steroids"
                        )
                    },
                )
            ),
        },
    ),
    (
        "9: pain with a weak immune system or injected drugs",
        THERAPY,
        lambda p, draw: {
            **_fits_both(p),
            "bone_and_immune_risks": _plus(
                p, "bone_and_immune_risks", draw(_one_of("weak_immune_system", "injected_drugs"))
            ),
        },
    ),
]


@pytest.mark.parametrize(
    ("finding", "therapies", "present"), CLINICIAN_FIRST, ids=[f for f, _, _ in CLINICIAN_FIRST]
)
@settings(max_examples=at_most(200))
@given(raw=answer_sets(), data=st.data())
def test_each_finding_sees_a_clinician_before_the_therapy(finding, therapies, present, raw, data):
    """No presentation of the review reaches the therapies it names as primary, from any start."""
    person = present({**raw, "red_flags": []}, data.draw)

    rec = assess(person, RULES).recommendation

    assert rec.primary not in therapies, finding


def test_without_a_finding_the_therapies_would_fit():
    """The people the properties start from fit BFR and NMT, so each finding is what stops them."""
    person = _fits_both(dict(BASE_ANSWERS))

    rec = assess(person, RULES).recommendation

    assert rec.primary == "bfr"
    assert set(rec.suggestions) == {"bfr", "nmt"}


def _typed(raw: Answers) -> dict[str, object]:
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in raw.items()}


@given(raw=answer_sets())
def test_answers_that_disagree_are_named_in_a_consult_reason(raw):
    """Answers that cannot both be true give a consult that says which answers disagree."""
    disagreements = QUESTIONNAIRE.disagreements_in(_typed(raw))
    response = assess(raw, RULES)

    if disagreements and not raw["red_flags"]:
        reasons = [
            item
            for item in response.explanation
            if item.applied and item.effect == "consult" and "do not match" in item.title
        ]
        assert response.recommendation.primary == "consult"
        assert reasons


@pytest.mark.parametrize("disagreement", QUESTIONNAIRE.disagreements, ids=lambda d: d.id)
def test_each_disagreement_has_a_rule_that_routes_it_to_a_consult(disagreement):
    """Every disagreement the web pages catch also has a consult rule for API clients."""
    fields = {c.question for c in disagreement.when}
    rules = [
        spec
        for spec in RULES.specs
        if spec.effect.kind == "consult"
        and spec.effect.target == "all"
        and spec.questions == fields
    ]

    assert rules, disagreement.id


def _notes() -> list[safety.SafetyNote]:
    return [
        safety.CONSULT_BY_DEFAULT_NOTE,
        safety.UNDER_18_NOTE,
        safety.UNDER_12_NOTE,
        safety.red_flag_note("emergency"),
        *safety.vetoes({"bfr_risks": frozenset({"unsure"}), "bleeding_risk": "yes"}),
        *safety.vetoes({"bfr_risks": frozenset({"pregnancy"})}),
    ]


@pytest.mark.parametrize("note", _notes(), ids=lambda n: n.id + "-" + str(len(n.because)))
def test_engine_notes_pass_the_wording_checks(note):
    """The engine's own reasons follow the rules' wording checks: phrases, grade 8, therapy named."""
    assert discouraged_phrases(note.because) == []
    assert reading_grade(note.because) <= 8.0
    assert unnamed_therapies(note) == []  # type: ignore[arg-type]


def test_shipped_rules_pass_the_wording_checks(default_ruleset: RuleSet):
    """Every shipped reason names its therapy, avoids the listed phrases and reads at grade 8."""
    wording = {"discouraged-phrase", "hard-to-read", "names-no-therapy"}

    assert [p.render() for p in default_ruleset.warnings if p.code in wording] == []


def _questionnaire_texts() -> list[str]:
    texts = [text for page in QUESTIONNAIRE.pages for text in (page.title, page.intro)]
    for question in QUESTIONNAIRE:
        texts += [question.text, question.help]
        texts += [text for option in question.options for text in (option.label, option.hint)]
    texts += [d.message for d in QUESTIONNAIRE.disagreements]
    return [text for text in texts if text]


def test_questionnaire_wording_avoids_the_listed_phrases():
    """Questions, help, options and disagreement messages pass the same phrase check as reasons."""
    found = {
        text: [used for _, used in discouraged_phrases(text)] for text in _questionnaire_texts()
    }

    assert {text: used for text, used in found.items() if used} == {}
