"""The questionnaire holds every core answer of the intake contract, with exactly its ids and values."""

from __future__ import annotations

import textwrap

import pytest

from advisor.exceptions import QuestionnaireInvalid
from advisor.questionnaire import load_questionnaire

#: Copied from shared/intake-contract.md; this table must never change.
CONTRACT = {
    "age": ("integer", None),
    "red_flags": (
        "multi",
        [
            "chest_pain",
            "short_of_breath",
            "sudden_severe_headache",
            "fainting_with_exertion",
            "calf_pain_swelling",
            "saddle_numbness",
            "bladder_bowel_change",
            "progressive_weakness",
            "both_legs_symptoms",
            "fever_with_pain",
            "unexplained_weight_loss",
            "cancer_history_new_pain",
            "recent_major_trauma",
        ],
    ),
    "muscle_weakness": ("single", ["none", "mild", "limits_activity"]),
    "heavy_load_difficulty": ("single", ["yes", "no"]),
    "conditions": (
        "multi",
        [
            "osteoarthritis",
            "rheumatoid_arthritis",
            "neuropathy",
            "degenerative_spine",
            "fibromyalgia",
            "hip_injury",
            "knee_injury",
        ],
    ),
    "surgery": ("single", ["none", "under_6_weeks", "6_weeks_to_6_months", "over_6_months"]),
    "surgery_site": ("single", ["upper_limb", "lower_limb", "spine", "other"]),
    "inactivity": ("single", ["no", "weeks", "months"]),
    "pain_duration": ("single", ["none", "under_6_weeks", "6_to_12_weeks", "over_12_weeks"]),
    "pain_cause": (
        "single",
        [
            "none",
            "recent_injury",
            "ongoing_strain",
            "after_surgery",
            "diagnosed_condition",
            "unknown",
        ],
    ),
    "pain_intensity": ("integer", None),
    "pain_sources": (
        "multi",
        ["trigger_points", "ischemia", "nerve_entrapment", "postural_distortion", "stress", "diet"],
    ),
    "bfr_risks": (
        "multi",
        [
            "clot_history",
            "clotting_disorder",
            "peripheral_vascular_disease",
            "varicose_veins",
            "uncontrolled_blood_pressure",
            "heart_disease",
            "pregnancy",
            "active_cancer",
            "sickle_cell",
            "lymphedema",
            "dialysis_access",
            "limb_wound_or_infection",
            "recent_fracture",
            "postpartum",
            "clot_promoting_medication",
            "limb_vascular_surgery",
            "lymph_nodes_removed",
            "kidney_disease",
            "stroke",
            "unsure",
        ],
    ),
    "bleeding_risk": ("single", ["yes", "no", "unsure"]),
    "nmt_risks": ("multi", ["osteoporosis", "acute_flare", "fragile_skin", "unsure"]),
    "insurance": (
        "single",
        ["medicare", "private", "workers_comp", "personal_injury", "self_pay", "unsure"],
    ),
}


#: Values advisor adds to a core question, as the contract allows: new red-flag codes, each
#: with its urgency (clinical reference s12 findings 2 and 9). Nothing else may be added.
EXTENSIONS = {
    "red_flags": [
        "chest_pain_on_exertion",
        "thunderclap_headache",
        "new_sexual_dysfunction",
        "back_pain_both_legs",
        "hot_swollen_joint",
    ],
}


@pytest.mark.parametrize("question_id", sorted(CONTRACT))
def test_core_question_matches_the_contract(questionnaire, question_id):
    """Each core answer has the contract's id, type and values (order aside), and is required.

    A tick-any list may hold more values (a practice may add some); a pick-one list may not.
    """
    kind, values = CONTRACT[question_id]
    question = questionnaire[question_id]

    assert question.core
    assert question.type == kind
    if values is not None and kind == "multi":
        assert set(values + EXTENSIONS.get(question_id, [])) <= set(question.values)
    elif values is not None:
        assert sorted(question.values) == sorted(values)


def test_every_red_flag_has_its_urgency(questionnaire):
    """Each red flag the questionnaire offers has an urgency: the contract's, ours, or the
    one a practice's flag declares on its option."""
    from advisor.contract import RED_FLAG_URGENCY, URGENCIES

    flags = questionnaire["red_flags"]

    assert set(RED_FLAG_URGENCY) <= set(flags.values)
    assert all(o.urgency in URGENCIES for o in flags.options if o.value not in RED_FLAG_URGENCY)
    assert set(flags.values) <= set(questionnaire.red_flag_urgency)


def test_integer_ranges_match_the_contract(questionnaire):
    """age is 0..120 and pain_intensity 0..10."""
    assert (questionnaire["age"].minimum, questionnaire["age"].maximum) == (0, 120)
    assert (questionnaire["pain_intensity"].minimum, questionnaire["pain_intensity"].maximum) == (
        0,
        10,
    )


def test_extra_questions_are_optional_with_a_neutral_default(questionnaire):
    """Questions beyond the contract are optional in the API and say what their absence means."""
    extras = [q for q in questionnaire if q.id not in CONTRACT]

    assert extras
    for question in extras:
        assert not question.core
        assert not question.required
        if question.type == "multi":
            assert question.default == frozenset()
        else:
            assert question.default in question.values


def test_surgery_site_is_asked_only_after_a_surgery(questionnaire):
    """surgery_site applies when surgery is anything but 'none'."""
    site = questionnaire["surgery_site"]

    assert not site.is_asked({"surgery": "none"})
    assert all(site.is_asked({"surgery": v}) for v in CONTRACT["surgery"][1] if v != "none")


def test_insurance_is_informational(questionnaire):
    """insurance is recorded but marked as never changing a result."""
    assert questionnaire["insurance"].informational


def test_every_question_has_plain_wording_and_a_page(questionnaire):
    """Every question and option has text, and every page holds at least one question."""
    for question in questionnaire:
        assert question.text.strip()
        assert all(option.label.strip() for option in question.options)
    for page in questionnaire.pages:
        assert questionnaire.on_page(page.id)


def test_safety_questions_are_asked_before_the_symptom_questions(questionnaire):
    """Red flags and the cuff and pressure safety questions come early, as the web flow needs."""
    order = [q.id for q in questionnaire]

    assert order.index("red_flags") < order.index("muscle_weakness")
    assert order.index("bfr_risks") < order.index("muscle_weakness")
    assert order.index("nmt_risks") < order.index("pain_sources")


def test_export_describes_every_question_for_the_api(questionnaire):
    """to_dict lists ids, types, values and when each question is asked."""
    exported = {q["id"]: q for q in questionnaire.to_dict()["questions"]}

    assert set(exported) == set(questionnaire.ids)
    assert exported["surgery_site"]["asked_when"] == {"surgery": {"not": "none"}}
    assert exported["red_flags"]["values"][0] == "chest_pain"
    assert exported["age"]["min"] == 0


def test_broken_questionnaire__reports_every_problem_with_its_line(tmp_path):
    """A broken questionnaire file is refused with each problem located."""
    path = tmp_path / "questionnaire.toml"
    path.write_text(
        textwrap.dedent("""\
        version = "x"
        [[page]]
        id = "p"
        title = "P"

        [[question]]
        id = "colour"
        page = "p"
        type = "single"
        text = "Colour?"
        options = [{ value = "red" }, { value = "red" }]

        [[question]]
        id = "size"
        page = "nowhere"
        type = "number"
        text = "Size?"
    """)
    )

    with pytest.raises(QuestionnaireInvalid) as caught:
        load_questionnaire(path)

    rendered = [p.render() for p in caught.value.problems]
    assert any(":11:" in r and "unique snake_case value" in r for r in rendered)
    assert any(":16:" in r and "type cannot be 'number'" in r for r in rendered)


def test_duplicate_question_id_and_late_asked_when_each_have_a_code(tmp_path):
    """A second question with an id, and an asked_when on the same page, are named apart."""
    path = tmp_path / "questionnaire.toml"
    path.write_text(
        textwrap.dedent("""\
        version = "x"
        [[page]]
        id = "p"
        title = "P"

        [[question]]
        id = "colour"
        page = "p"
        type = "single"
        text = "Colour?"
        options = [{ value = "red" }]

        [[question]]
        id = "colour"
        page = "p"
        type = "single"
        text = "Colour again?"
        options = [{ value = "red" }]

        [[question]]
        id = "shade"
        page = "p"
        type = "single"
        text = "Shade?"
        options = [{ value = "dark" }]
        asked_when.colour = "red"
    """)
    )

    with pytest.raises(QuestionnaireInvalid) as caught:
        load_questionnaire(path)

    assert [(p.code, p.render()) for p in caught.value.problems] == [
        (
            "duplicate-question",
            f"{path}:14:1: error [duplicate-question] rule 'colour': id should be a unique id "
            "(got 'colour').",
        ),
        (
            "asked-when-not-earlier",
            f"{path}:26:1: error [asked-when-not-earlier] rule 'shade': asked_when should be a "
            "question on an earlier page (pages branch without scripts) (got 'colour').",
        ),
    ]


#: Two pages: how long the pain has lasted, then its score, which the web skips without pain.
SKIPPING = """\
version = "x"
[[page]]
id = "pain"
title = "Pain"
[[page]]
id = "score"
title = "Score"

[[question]]
id = "duration"
page = "pain"
type = "single"
text = "How long?"
options = [{ value = "none" }, { value = "weeks" }]

[[question]]
id = "score"
page = "score"
type = "integer"
min = 0
max = 10
text = "How bad?"
"""


def problems_in(tmp_path, text: str) -> list[str]:
    """Return the problems of a questionnaire file, rendered as ``rules check`` prints them."""
    path = tmp_path / "questions.toml"
    path.write_text(text)
    with pytest.raises(QuestionnaireInvalid) as caught:
        load_questionnaire(path)
    return [p.render().replace(f"{path}:", "") for p in caught.value.problems]


def test_a_skipped_question_stands_for_its_when_skipped_answer_on_the_web_only(tmp_path):
    """web_asked_when and when_skipped load; the API still describes the question as asked."""
    path = tmp_path / "questions.toml"
    path.write_text(SKIPPING + 'web_asked_when.duration.not = "none"\nwhen_skipped = 0\n')

    score = load_questionnaire(path)["score"]

    assert score.when_skipped == 0
    assert score.skipped_on_web({"duration": "none"})
    assert not score.skipped_on_web({"duration": "weeks"})
    assert not score.skipped_on_web({})
    assert score.is_asked({"duration": "none"})
    assert score.to_dict()["web_asked_when"] == {"duration": {"not": "none"}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            SKIPPING + 'web_asked_when.duration.not = "none"\n',
            "16:1: error [missing-field] rule 'score': 'when_skipped' is missing; add the answer "
            "given in its place when web_asked_when skips it.",
        ),
        (
            SKIPPING + "when_skipped = 0\n",
            "23:1: error [missing-field] rule 'score': 'web_asked_when' is missing; add the "
            "answers under which the web pages ask it; without them when_skipped is never used.",
        ),
        (
            SKIPPING + 'web_asked_when.duration.not = "none"\nwhen_skipped = 11\n',
            "24:16: error [wrong-type] rule 'score': when_skipped should be a whole number "
            "from 0 to 10 (got 11).",
        ),
        (
            SKIPPING.replace('page = "score"\ntype', 'page = "pain"\ntype')
            + 'web_asked_when.duration.not = "none"\nwhen_skipped = 0\n',
            "23:1: error [asked-when-not-earlier] rule 'score': web_asked_when should be a "
            "question on an earlier page (pages branch without scripts) (got 'duration').",
        ),
        (
            SKIPPING
            + 'web_asked_when.duration.not = "none"\nwhen_skipped = 3\n'
            + '[[disagreement]]\nid = "no-pain-but-a-score"\nwhen.duration = "none"\n'
            + "when.score.at_least = 1\nmessage = 'No pain, but a score'\n",
            "24:16: error [skipped-answer-disagrees] question 'score': when_skipped is 3, but "
            "with duration 'none' that answer and those make the disagreement "
            "'no-pain-but-a-score'. The web pages would hand the engine answers a person could "
            "not give; set when_skipped to the answer those answers imply (no pain: no cause, "
            "a score of 0, nothing ticked).",
        ),
    ],
    ids=["no-when-skipped", "no-web-asked-when", "out-of-range", "not-earlier", "disagrees"],
)
def test_web_asked_when_and_when_skipped_are_checked_with_file_and_line(tmp_path, text, expected):
    """Each key needs the other; the skipped answer fits the question and agrees with the skip."""
    assert expected in problems_in(tmp_path, text)
