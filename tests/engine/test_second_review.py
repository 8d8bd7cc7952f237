"""The second clinical review (clinical reference s12) holds for every answer set, not only the cases.

The example cases in ``rules/cases/second_review.toml`` show one person per
finding; these properties show that the default rules route every generated
person with such a presentation to a clinician first, from the core answers
alone where the issue asks for that, and that the engine's own notes obey the
same wording checks as the rule files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest
from hypothesis import given

from advisor.assessment import assess
from advisor.engine import safety
from advisor.questionnaire import default_questionnaire
from advisor.ruleset import RuleSet, default_rules_dir, load_ruleset
from advisor.ruleset.wording import discouraged_phrases, reading_grade, unnamed_therapies
from tests.strategies import answer_sets

RULES = load_ruleset(default_rules_dir())
QUESTIONNAIRE = default_questionnaire()
THERAPY = ("bfr", "nmt")

Answers = Mapping[str, object]


def _ticked(raw: Answers, question: str, *values: str) -> bool:
    return bool(set(raw.get(question) or ()) & set(values))  # type: ignore[arg-type]


#: Each presentation the review says must see a clinician before the named therapies,
#: written from the answers alone: (finding, the therapies that must not be primary, test).
CLINICIAN_FIRST: list[tuple[str, tuple[str, ...], Callable[[Answers], bool]]] = [
    (
        "1: cramping muscles at 50 or over",
        THERAPY,
        lambda a: a["age"] >= 50 and _ticked(a, "pain_sources", "ischemia"),
    ),
    (
        "1: cramping muscles with a heart or vessel problem",
        THERAPY,
        lambda a: (
            _ticked(a, "pain_sources", "ischemia")
            and _ticked(
                a,
                "bfr_risks",
                "peripheral_vascular_disease",
                "limb_vascular_surgery",
                "heart_disease",
                "stroke",
            )
        ),
    ),
    ("1: leg pain on walking", THERAPY, lambda a: a.get("walking_leg_pain") == "yes"),
    (
        "1 and 7: a limb bypass, stent or graft",
        ("nmt",),
        lambda a: _ticked(a, "bfr_risks", "limb_vascular_surgery"),
    ),
    ("2: a hot, swollen joint", ("bfr",), lambda a: _ticked(a, "nmt_risks", "acute_flare")),
    (
        "3: a recent injury at 65 or over",
        THERAPY,
        lambda a: a["age"] >= 65 and a["pain_cause"] == "recent_injury",
    ),
    (
        "3: a recent injury with numbness or tingling",
        THERAPY,
        lambda a: (
            a["pain_cause"] == "recent_injury" and _ticked(a, "pain_sources", "nerve_entrapment")
        ),
    ),
    (
        "4: weakness with numbness or tingling",
        ("bfr",),
        lambda a: _ticked(a, "pain_sources", "nerve_entrapment"),
    ),
    ("4: neuropathy", THERAPY, lambda a: _ticked(a, "conditions", "neuropathy")),
    ("5: a doctor's lifting ban", ("bfr",), lambda a: a.get("lifting_ban") == "yes"),
    (
        "5: blood pressure not known or not controlled",
        THERAPY[:1],
        lambda a: a.get("blood_pressure") in ("unsure", "not_controlled"),
    ),
    ("6: fragile skin", ("bfr",), lambda a: _ticked(a, "nmt_risks", "fragile_skin")),
    (
        "6: long-term steroids",
        ("bfr",),
        lambda a: _ticked(a, "bone_and_immune_risks", "long_term_steroids"),
    ),
    (
        "7: lymph nodes removed or a dialysis fistula",
        ("nmt",),
        lambda a: _ticked(a, "bfr_risks", "lymph_nodes_removed", "dialysis_access"),
    ),
    ("10: cancer treated in the last 5 years", ("bfr",), lambda a: a.get("past_cancer") == "yes"),
    (
        "10: a hip or knee replacement 6 weeks to 6 months ago",
        ("bfr",),
        lambda a: a.get("joint_replacement") == "yes" and a["surgery"] == "6_weeks_to_6_months",
    ),
    ("11: pain of 9 or 10", THERAPY, lambda a: a["pain_intensity"] >= 9),
    ("12: unwell today", THERAPY, lambda a: a.get("acute_illness") == "yes"),
    ("13: under 12", THERAPY, lambda a: a["age"] < 12),
    (
        "9: a fall at 65 or over",
        THERAPY,
        lambda a: a["age"] >= 65 and a.get("recent_fall") == "yes",
    ),
    (
        "9: a fall with weak bones or on steroids",
        THERAPY,
        lambda a: (
            a.get("recent_fall") == "yes"
            and (
                _ticked(a, "nmt_risks", "osteoporosis")
                or _ticked(a, "bone_and_immune_risks", "long_term_steroids")
            )
        ),
    ),
    (
        "9: pain with a weak immune system or injected drugs",
        THERAPY,
        lambda a: (
            a["pain_duration"] != "none"
            and _ticked(a, "bone_and_immune_risks", "weak_immune_system", "injected_drugs")
        ),
    ),
    (
        "item 4: answers that disagree",
        THERAPY,
        lambda a: bool(QUESTIONNAIRE.disagreements_in(_typed(a))),
    ),
]


def _typed(raw: Answers) -> dict[str, object]:
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in raw.items()}


@pytest.mark.parametrize(
    ("finding", "therapies", "presents"), CLINICIAN_FIRST, ids=[f for f, _, _ in CLINICIAN_FIRST]
)
@given(raw=answer_sets())
def test_each_finding_sees_a_clinician_before_the_therapy(finding, therapies, presents, raw):
    """No presentation of the review reaches the therapies it names as primary."""
    rec = assess(raw, RULES).recommendation

    if presents(raw):
        assert rec.primary not in therapies, finding


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
