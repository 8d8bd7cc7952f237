"""Each rule as one plain-words sentence, for a clinical lead to read the rules whole.

A rule file is written for a checker: ``when.muscle_weakness = "limits_activity"``.
A reviewer reads better "If muscle weakness is “Yes, and it makes moving or daily
tasks harder”, … suggest BFR (priority 20)". The words come from the
questionnaire itself (its option labels), so a question or answer value a
therapist adds reads as well as the shipped ones without a change here. A
question is named by its id in plain words (``heavy_load_difficulty`` →
"heavy load difficulty"): its full text is a whole question, too long to repeat
in every rule that reads it.

``advisor rules show``, the staff rules page and ``advisor rules why-not`` all
use these words, so a rule reads the same wherever it is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from advisor.conditions import Clause, Condition, Value
from advisor.problems import Location
from advisor.questionnaire import Question, Questionnaire
from advisor.ruleset.model import Effect, RuleSpec

__all__ = [
    "RuleFile",
    "RuleSentence",
    "answer_words",
    "clause_words",
    "effect_words",
    "question_name",
    "rule_files",
    "sentence_of",
    "therapy_name",
]

#: How each therapy is named to staff: the short names the clinic uses.
_THERAPY_NAMES = {"bfr": "BFR", "nmt": "NMT"}

#: What each urgency asks of the person, in the contract's words.
_URGENCY_WORDS = {
    "emergency": "send to urgent care now (emergency: call the emergency number "
    "or go to the emergency department)",
    "same_day": "send to urgent care the same day",
    "soon": "send to a doctor within days",
}

#: Each integer test in words, as "age {words}".
_NUMBER_WORDS = {
    "equals": "is {n}",
    "not": "is not {n}",
    "at_least": "is {n} or over",
    "at_most": "is {n} or under",
    "under": "is under {n}",
    "over": "is over {n}",
}

# A label's closing explanation in brackets ("Osteoarthritis (the most common kind …)")
# is for the patient; the reviewer knows the term.
_TRAILING_BRACKETS = re.compile(r"\s+\([^()]*\)$")


@dataclass(frozen=True, slots=True)
class RuleSentence:
    """One rule with its sentence, and the parts a table shows in columns."""

    spec: RuleSpec
    sentence: str
    effect: str

    @property
    def at(self) -> Location:
        return self.spec.at


@dataclass(frozen=True, slots=True)
class RuleFile:
    """The rules of one file, in the order they are written."""

    name: str
    rules: tuple[RuleSentence, ...]


def therapy_name(target: str) -> str:
    """Return a therapy's short name (BFR, NMT), or the target as written."""
    return _THERAPY_NAMES.get(target, target)


def question_name(question_id: str) -> str:
    """Return a question's id in plain words: ``heavy_load_difficulty`` → "heavy load difficulty"."""
    return question_id.replace("_", " ")


def _label(question: Question | None, value: str) -> str:
    """Return the words of one answer value, in quotes: its label, else the value itself."""
    option = next((o for o in question.options if o.value == value), None) if question else None
    words = _TRAILING_BRACKETS.sub("", option.label) if option else value.replace("_", " ")
    return f"“{words}”"


def _labels(question: Question | None, values: Iterable[str], joiner: str) -> str:
    """Return several values in words, in the questionnaire's order, joined with ``joiner``."""
    order = question.values if question else ()
    ranked = sorted(values, key=lambda v: (order.index(v) if v in order else len(order), v))
    words = [_label(question, v) for v in ranked]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {joiner} " + words[-1]


def answer_words(question: Question | None, value: Value) -> str:
    """Return a person's answer in words: a label, a list of labels, a number, or "not asked"."""
    if value is None:
        return "not asked"
    if isinstance(value, frozenset):
        return _labels(question, value, "and") if value else "nothing ticked"
    if isinstance(value, int):
        return str(value)
    return _label(question, value)


def _condition_words(condition: Condition, question: Question | None) -> str:
    """Return one test in words, without the question's name: "is 65 or over"."""
    operator, operand = condition.operator, condition.operand
    if condition.kind == "integer":
        return _NUMBER_WORDS[operator].format(n=operand)
    if operator == "empty":
        return "has nothing ticked" if operand else "has something ticked"
    if isinstance(operand, frozenset):
        many = len(operand) > 1
        if condition.kind == "multi":
            return {
                "any_of": "includes any of " if many else "includes ",
                "all_of": "includes all of " if many else "includes ",
                "none_of": "includes none of " if many else "does not include ",
            }[operator] + _labels(question, operand, "or" if operator == "any_of" else "and")
        if operator == "any_of":
            return "is " + _labels(question, operand, "or")
        return ("is none of " if many else "is not ") + _labels(question, operand, "or")
    return ("is not " if operator == "not" else "is ") + _label(question, str(operand))


def clause_words(clause: Clause, questionnaire: Questionnaire) -> str:
    """Return a clause in words, without ``unless``: "age is 12 or over and is under 18"."""
    question = questionnaire.get(clause.question)
    tests = " and ".join(_condition_words(c, question) for c in clause.conditions)
    return f"{question_name(clause.question)} {tests}"


def effect_words(effect: Effect) -> str:
    """Return what a rule does, in words: "suggest BFR", "ask a clinician first for NMT"…"""
    if effect.kind == "urgent_care":
        return _URGENCY_WORDS.get(effect.target, f"send to urgent care ({effect.target})")
    if effect.kind == "consult":
        if effect.target == "all":
            return "ask a clinician to decide before any therapy"
        return f"ask a clinician to decide before {therapy_name(effect.target)}"
    if effect.kind == "block":
        return f"rule out {therapy_name(effect.target)} until a clinician checks"
    return f"suggest {therapy_name(effect.target)}"


def sentence_of(spec: RuleSpec, questionnaire: Questionnaire) -> str:
    """Return the whole rule as one sentence, ending with the reason the patient reads."""
    when = [clause_words(c, questionnaire) for c in spec.clauses if not c.negated]
    unless = [clause_words(c, questionnaire) for c in spec.clauses if c.negated]
    parts = ["If " + ", and ".join(when) if when else "For everyone"]
    if unless:
        parts.append("unless " + ", or unless ".join(unless))
    action = f"{effect_words(spec.effect)} (priority {spec.priority})"
    sentence = f"{', '.join(parts)}, {action}: “{spec.because}”"
    # Said first, so a reviewer never reads a switched-off rule as one in force.
    return (
        sentence
        if spec.enabled
        else f"Switched off (enabled = false), so it never fires. {sentence}"
    )


def rule_files(specs: Sequence[RuleSpec], questionnaire: Questionnaire) -> tuple[RuleFile, ...]:
    """Return the rules grouped by file, files and rules in the order they are loaded."""
    files: dict[str, list[RuleSentence]] = {}
    for spec in specs:
        sentence = RuleSentence(spec, sentence_of(spec, questionnaire), effect_words(spec.effect))
        files.setdefault(spec.at.file, []).append(sentence)
    return tuple(RuleFile(name, tuple(rules)) for name, rules in files.items())
