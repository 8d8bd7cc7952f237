"""``questions.toml`` is part of the rule set, and the contract's core questions are guarded.

Each test edits one thing in a copy of the shipped rules, as a therapist would,
and reads what ``check_ruleset`` says: the questionnaire's problems are the rule
set's problems, with file and line; what the contract forbids is refused with
what is allowed instead; what it allows passes.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from advisor.contract import CORE_QUESTIONS, RED_FLAG_URGENCY
from advisor.engine import safety
from advisor.questionnaire import default_questionnaire
from advisor.ruleset import QUESTIONS, check_ruleset, load_ruleset, rule_paths
from advisor.ruleset.live import LiveRuleSet
from advisor.shipped import shipped_dir


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A copy of the shipped rules, to edit (the edits find their places by its text)."""
    return shutil.copytree(shipped_dir("rules"), tmp_path / "rules")


def edit(rules: Path, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` once in the copy's questions.toml; return the line it is on."""
    path = rules / QUESTIONS
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def found(rules: Path) -> list[tuple[str, str, int, str]]:
    """Return (severity, code, line, message) for each problem in the questions file."""
    return [
        (p.severity, p.code, p.at.line, p.message)
        for p in check_ruleset(rules).problems
        if p.at.file.endswith(QUESTIONS)
    ]


# --- The questionnaire belongs to the rule set ---------------------------------------


def test_the_rule_set_uses_its_own_questions(rules):
    """A question added to the directory's questions.toml is the rule set's, not the shipped one's."""
    edit(rules, "How old are you?", "What is your age?")

    ruleset = load_ruleset(rules)

    assert ruleset.questionnaire["age"].text == "What is your age?"
    assert default_questionnaire()["age"].text == "How old are you?"


def test_questions_file_is_not_a_rule_file(rules):
    """questions.toml holds no rules: it is neither loaded as one nor listed with them."""
    ruleset = load_ruleset(rules)

    assert QUESTIONS not in ruleset.rule_files
    assert rules / QUESTIONS not in rule_paths(rules)
    assert rules / QUESTIONS in ruleset.files


def test_a_wording_change_in_the_questions_changes_the_digest(rules):
    """The digest covers the questions: the same rules with other questions are another set."""
    before = load_ruleset(rules).info.digest
    edit(rules, "How old are you?", "What is your age?")

    assert load_ruleset(rules).info.digest != before


def test_a_broken_questions_file_is_reported_with_its_line_not_raised(rules):
    """A syntax error in questions.toml is a problem of the rule set, at its line."""
    line = edit(rules, 'id = "age"', 'id = "age')

    result = check_ruleset(rules)

    assert result.ruleset is None
    assert [(p.code, p.at.file.endswith(QUESTIONS), p.at.line) for p in result.errors] == [
        ("toml-syntax", True, line)
    ]


def test_a_question_problem_names_the_questions_file_and_line(rules):
    """A questionnaire mistake (an option value in capitals) is located like a rule's."""
    line = edit(rules, 'value = "varicose_veins"', 'value = "Varicose_veins"')

    assert ("error", "bad-option-value", line) in [f[:3] for f in found(rules)]


def test_a_directory_without_questions_uses_the_shipped_ones_and_says_so(rules):
    """An older copy without questions.toml still loads, with a warning saying how to own them."""
    (rules / QUESTIONS).unlink()

    result = check_ruleset(rules)

    assert result.ruleset is not None
    assert result.ruleset.questionnaire == default_questionnaire()
    (warning,) = [p for p in result.problems if p.code == "questions-missing"]
    assert warning.severity == "warning"
    assert str(rules.name) in warning.message
    assert "advisor rules init" in warning.message
    assert "copy" in warning.message


def test_a_running_server_refuses_a_forbidden_edit_and_keeps_its_questions(rules):
    """A core value renamed while the server runs is refused; the last good set keeps serving."""
    now = [0.0]
    live = LiveRuleSet(rules, interval=1.0, settle=0.0, clock=lambda: now[0])
    edit(rules, 'value = "pregnancy"', 'value = "pregnant"')
    past = time.time() - 60
    os.utime(rules / QUESTIONS, (past, past))
    now[0] = 5.0

    assert "pregnancy" in live.current().questionnaire["bfr_risks"].values
    refused = live.status()["refused_edit"]["problems"]
    assert [p["code"] for p in refused] == ["core-question-changed"]
    assert refused[0]["file"].endswith(QUESTIONS)


# --- Core questions: what the contract forbids -----------------------------------------

FORBIDDEN = {
    "a core question's id renamed": ('id = "inactivity"', 'id = "inactive"', "inactivity"),
    "a type changed": (
        'id = "heavy_load_difficulty"\npage = "strength"\ntype = "single"',
        'id = "heavy_load_difficulty"\npage = "strength"\ntype = "multi"',
        "heavy_load_difficulty",
    ),
    "core = false on a core question": (
        'id = "bleeding_risk"\npage = "pressure-safety"\ntype = "single"\ncore = true',
        'id = "bleeding_risk"\npage = "pressure-safety"\ntype = "single"\ncore = false\n'
        'default = "no"',
        "bleeding_risk",
    ),
    "a value removed": (
        '  { value = "varicose_veins", label = "Varicose veins (swollen, twisted veins)" },\n',
        "",
        "bfr_risks",
    ),
    "a value renamed": ('value = "pregnancy"', 'value = "pregnant"', "bfr_risks"),
    "a range narrowed": ("max = 120", "max = 100", "age"),
    "a value added to a pick-one question": (
        '  { value = "limits_activity"',
        '  { value = "severe", label = "Very weak" },\n  { value = "limits_activity"',
        "muscle_weakness",
    ),
    "a red flag's urgency changed": (
        '{ value = "chest_pain", label',
        '{ value = "chest_pain", urgency = "soon", label',
        "red_flags",
    ),
    "a new question without core = false": (
        '[[question]]\nid = "insurance"',
        '[[question]]\nid = "jaw_pain"\npage = "pain-more"\ntype = "single"\n'
        'text = "Do you have pain in your jaw or face?"\n'
        'options = [{ value = "yes", label = "Yes" }, { value = "no", label = "No" }]\n\n'
        '[[question]]\nid = "insurance"',
        "jaw_pain",
    ),
}


@pytest.mark.parametrize(("old", "new", "question"), FORBIDDEN.values(), ids=FORBIDDEN)
def test_a_change_the_contract_forbids_is_an_error_saying_what_is_allowed(
    rules, old, new, question
):
    """Each forbidden change is a core-question-changed error about that question, and the
    rule set is not loaded."""
    edit(rules, old, new)

    result = check_ruleset(rules)
    changed = [p for p in result.errors if p.code == "core-question-changed"]

    assert result.ruleset is None
    assert question in {p.rule for p in changed}
    assert all(
        (p.at.file.endswith(QUESTIONS) and p.at.line > 1) or "missing" in p.message for p in changed
    )
    assert all("intake contract" in p.message for p in changed)


def test_a_removed_value_is_named_at_its_questions_options(rules):
    """The message names the missing value, at the line of the question's options."""
    text = (rules / QUESTIONS).read_text(encoding="utf-8")
    options = text.index("options = [", text.index('id = "bfr_risks"'))
    edit(
        rules,
        '  { value = "varicose_veins", label = "Varicose veins (swollen, twisted veins)" },\n',
        "",
    )

    (problem,) = [f for f in found(rules) if f[1] == "core-question-changed"]

    assert problem[2] == text[:options].count("\n") + 1
    assert "'varicose_veins'" in problem[3]
    assert "missing" in problem[3]


def test_a_renamed_id_says_the_core_question_is_missing_and_the_new_one_is_not_core(rules):
    """Renaming a core question is two errors: the contract's id is gone, and the new id is
    marked core without being a contract question."""
    edit(rules, 'id = "inactivity"', 'id = "inactive"')

    messages = {p.rule: p.message for p in check_ruleset(rules).errors}

    assert "is missing" in messages["inactivity"]
    assert "core = false and a default" in messages["inactive"]


ALLOWED = {
    "an optional question": (
        '[[question]]\nid = "insurance"',
        '[[question]]\nid = "jaw_pain"\npage = "pain-more"\ntype = "single"\ncore = false\n'
        'default = "no"\ntext = "Do you have pain in your jaw or face?"\n'
        'options = [{ value = "yes", label = "Yes" }, { value = "no", label = "No" }]\n\n'
        '[[question]]\nid = "insurance"',
    ),
    "a value on a tick-any core question": (
        '  { value = "unsure", label = "I am not sure',
        '  { value = "raynauds", label = "Raynaud\'s (fingers or toes that go white or blue in '
        'the cold)" },\n  { value = "unsure", label = "I am not sure',
    ),
    "new wording": ("How old are you?", "How many years old are you?"),
    "a new label": ("I am pregnant", "I am pregnant now"),
    "a new page": (
        '[[page]]\nid = "payment"',
        '[[page]]\nid = "more"\ntitle = "A few more questions"\n\n[[page]]\nid = "payment"',
    ),
    "a red flag with its urgency": (
        '{ value = "recent_major_trauma"',
        '{ value = "night_sweats", label = "Night sweats", urgency = "soon" },\n'
        '  { value = "recent_major_trauma"',
    ),
}


@pytest.mark.parametrize(("old", "new"), ALLOWED.values(), ids=ALLOWED)
def test_a_change_the_contract_allows_loads(rules, old, new):
    """Additions and rewording need no developer: the rule set loads with no error."""
    edit(rules, old, new)

    result = check_ruleset(rules)

    assert result.errors == ()
    assert result.ruleset is not None


def test_the_core_questions_are_the_contracts():
    """The shipped questionnaire has every core question as the contract fixes it."""
    shipped = default_questionnaire()

    for qid, core in CORE_QUESTIONS.items():
        assert shipped[qid].type == core.type
        assert shipped[qid].values == core.values or set(shipped[qid].values) == set(core.values)
        assert (shipped[qid].minimum, shipped[qid].maximum) == (core.minimum, core.maximum)
    assert {q.id for q in shipped if q.core} == set(CORE_QUESTIONS)


# --- Red flags and their urgency ------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "shown"),
    [
        ('{ value = "night_sweats", label = "Night sweats" },', "has no urgency"),
        ('{ value = "night_sweats", label = "Night sweats", urgency = "later" },', "'later'"),
    ],
    ids=["missing", "not one of the three"],
)
def test_a_new_red_flag_must_declare_a_known_urgency(rules, option, shown):
    """A red flag the contract does not list needs emergency, same_day or soon, at its line."""
    line = edit(
        rules,
        '  { value = "recent_major_trauma"',
        f'  {option}\n  {{ value = "recent_major_trauma"',
    )

    (problem,) = [f for f in found(rules) if f[1] == "red-flag-urgency"]

    assert problem[:3] == ("error", "red-flag-urgency", line)
    assert shown in problem[3]
    assert '"same_day"' in problem[3]


def test_urgency_belongs_to_red_flags_only(rules):
    """An urgency on another question's option means nothing, so it is an unknown key."""
    line = edit(
        rules,
        '{ value = "varicose_veins", label',
        '{ value = "varicose_veins", urgency = "soon", label',
    )

    assert ("error", "unknown-key", line) in [f[:3] for f in found(rules)]


def test_a_declared_urgency_grades_the_new_flag(rules):
    """The rule set's questionnaire grades each flag: the contract's, and the declared ones."""
    edit(
        rules,
        '{ value = "recent_major_trauma"',
        '{ value = "night_sweats", label = "Night sweats", urgency = "soon" },\n'
        '  { value = "recent_major_trauma"',
    )

    grading = load_ruleset(rules).questionnaire.red_flag_urgency

    assert grading["night_sweats"] == "soon"
    assert {f: grading[f] for f in RED_FLAG_URGENCY} == RED_FLAG_URGENCY


def test_the_floor_treats_a_flag_it_cannot_grade_as_an_emergency():
    """Whatever reaches the floor ungraded is the most urgent, never a crash (invariant 1)."""
    answers = {"red_flags": frozenset({"something_new", "cancer_history_new_pain"})}

    assert safety.red_flag_urgency(answers) == "emergency"
    assert safety.red_flag_urgency({"red_flags": frozenset()}) is None
