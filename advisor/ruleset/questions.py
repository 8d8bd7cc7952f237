"""The contract's guard on ``questions.toml``: what therapists may change, and what they may not.

Therapists own the questionnaire beside their rules: they may add optional
questions, add values to the tick-any lists and reword anything. The core
questions are the intake contract's (``advisor.contract.CORE_QUESTIONS``): the
API's clients, the safety floor and saved answers rely on their ids, types and
values, so each change to them is an error that says what is allowed instead.
A red flag the contract does not list must declare its urgency, so the safety
floor knows how urgent it is without a change to advisor's code.
"""

from __future__ import annotations

from typing import Any

from advisor import problems
from advisor.checker import Checker
from advisor.contract import CORE_QUESTIONS, RED_FLAG_URGENCY, URGENCIES, CoreQuestion
from advisor.problems import Location, quoted
from advisor.questionnaire import QUESTIONS_FILE, Question, Questionnaire

__all__ = ["check_core_questions"]

_WORDING = "You may change its text, help, labels and hints."
_KEEP = (
    "Put it back as advisor's questions.toml has it (advisor rules init NEWFOLDER makes a "
    "fresh copy to compare with). " + _WORDING
)
_NOT_CORE = (
    "Only the contract's questions are core: add core = false and a default (the answer "
    "assumed when it is left out, which must not change any result)."
)


def check_core_questions(check: Checker, questionnaire: Questionnaire) -> None:
    """Report each change the contract forbids in a questionnaire that is otherwise valid.

    ``check`` reads the questionnaire's file, which gives every problem its line.
    """
    index = {raw.get("id"): n for n, raw in enumerate(check.data.get("question", []))}
    for qid, core in CORE_QUESTIONS.items():
        question = questionnaire.get(qid)
        on_question = check.within("question", index.get(qid, 0)).about(qid)
        if question is None:
            found = "the question is missing (removed, or its id renamed)"
            on_question.error(problems.core_question_changed, _top(check), found, _KEEP)
            continue
        _compare(on_question, question, core)
    for question in questionnaire:
        if question.core and question.id not in CORE_QUESTIONS:
            on_question = check.within("question", index[question.id]).about(question.id)
            found = "this question is new, but it is core (a question without core = false is)"
            on_question.error(
                problems.core_question_changed, on_question.key_at("id"), found, _NOT_CORE
            )
    _urgencies(check, questionnaire, index)


def _top(check: Checker) -> Location:
    return Location(check.source.display if check.source is not None else QUESTIONS_FILE)


def _compare(check: Checker, question: Question, core: CoreQuestion) -> None:
    """Compare one core question with the contract's; ``check`` looks at its table."""
    if question.type != core.type:
        found = f"its type is '{question.type}', not the contract's '{core.type}'"
        check.error(problems.core_question_changed, check.value_at("type"), found, _KEEP)
        return
    if not question.core:
        found = "it has core = false, but the contract requires this answer"
        check.error(problems.core_question_changed, check.value_at("core"), found, _KEEP)
    if core.type == "integer":
        for key, mine, theirs in (
            ("min", question.minimum, core.minimum),
            ("max", question.maximum, core.maximum),
        ):
            if mine != theirs:
                found = f"its {key} is {mine}, not the contract's {theirs}"
                check.error(problems.core_question_changed, check.value_at(key), found, _KEEP)
        return
    _values(check, question, core)


def _values(check: Checker, question: Question, core: CoreQuestion) -> None:
    """Report core values removed or renamed, and values added to a pick-one core question."""
    missing = [v for v in core.values if v not in question.allowed]
    if missing:
        found = f"the value{'s' * (len(missing) > 1)} {quoted(missing)} {'is' if len(missing) == 1 else 'are'} missing (removed or renamed)"
        allowed = "Keep every value the contract lists. " + _WORDING
        check.error(problems.core_question_changed, check.key_at("options"), found, allowed)
    if core.type != "single":
        return
    for n, option in enumerate(question.options):
        if option.value not in core.values:
            found = f"the value '{option.value}' is new, but this is a pick-one core question"
            allowed = (
                "Only tick-any core questions (such as bfr_risks) may gain values. To ask "
                "more, add a new question with core = false and a default."
            )
            at = check.within("options", n).value_at()
            check.error(problems.core_question_changed, at, found, allowed)


def _urgencies(check: Checker, questionnaire: Questionnaire, index: dict[Any, int]) -> None:
    """Report red flags whose urgency is missing, unknown or not the contract's."""
    flags = questionnaire.get("red_flags")
    if flags is None or flags.type != "multi":
        return
    on_flags = check.within("question", index["red_flags"]).about("red_flags")
    for n, option in enumerate(flags.options):
        at = on_flags.within("options", n).value_at()
        fixed = RED_FLAG_URGENCY.get(option.value)
        raw = on_flags.data["question"][index["red_flags"]]["options"][n].get("urgency")
        if raw is not None and raw not in URGENCIES:
            on_flags.error(problems.red_flag_urgency, at, option.value, raw)
        elif fixed is None and raw is None:
            on_flags.error(problems.red_flag_urgency, at, option.value, None)
        elif fixed is not None and raw is not None and raw != fixed:
            found = (
                f"the red flag '{option.value}' has urgency '{raw}', not the contract's '{fixed}'"
            )
            allowed = "Remove its urgency (the contract's applies). " + _WORDING
            on_flags.error(problems.core_question_changed, at, found, allowed)
