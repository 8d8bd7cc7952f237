"""Parse a client's answers against the questionnaire: ``Answers``, or one error per bad field.

This is the gate of the pipeline: nothing downstream sees an answer that the
intake contract does not allow. Messages name the field and say what was
expected and what was got, in the voice of the API's 422 body.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from advisor.conditions import Value
from advisor.exceptions import AnswersInvalid, FieldError
from advisor.problems import did_you_mean, quoted
from advisor.questionnaire import Question, Questionnaire

# FieldError is defined beside AnswersInvalid, which carries it, and named here too, as what
# parse_answers reports.
__all__ = ["MAX_BODY_BYTES", "Answers", "FieldError", "answers_of", "parse_answers"]

#: The largest request body (one ``{"answers": ...}`` object) accepted, in bytes.
MAX_BODY_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Answers(Mapping[str, Value]):
    """Valid answers to every question: a value, or None where a question does not apply.

    Multi-select answers are frozensets; an extra question the client left out
    holds its declared default.
    """

    values: Mapping[str, Value] = field(default_factory=dict)

    def __getitem__(self, question_id: str) -> Value:
        return self.values[question_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def to_dict(self) -> dict[str, object]:
        """Return the answers as JSON-ready data (lists sorted, unasked questions left out)."""
        return {
            k: sorted(v) if isinstance(v, frozenset) else v
            for k, v in self.values.items()
            if v is not None
        }


def answers_of(body: object) -> object:
    """Return the ``answers`` of a request body ``{"answers": {...}}``.

    :raises AnswersInvalid: if the body is not such an object.
    """
    if not isinstance(body, Mapping):
        raise AnswersInvalid(
            [
                FieldError(
                    "answers", f'send one object like {{"answers": {{...}}}} (got {_kind(body)}).'
                )
            ]
        )
    errors = [
        FieldError(str(key), f'{key} is not allowed here; the body holds only "answers".')
        for key in body
        if key != "answers"
    ]
    if "answers" not in body:
        errors.insert(0, FieldError("answers", 'answers is required: send {"answers": {...}}.'))
    if errors:
        raise AnswersInvalid(errors)
    return body["answers"]


def parse_answers(raw: object, questionnaire: Questionnaire) -> Answers:
    """Check raw answers (a JSON object's ``answers``) and return them typed.

    :raises AnswersInvalid: with one ``FieldError`` per bad or missing field.
    """
    if not isinstance(raw, Mapping):
        raise AnswersInvalid(
            [
                FieldError(
                    "answers",
                    f"answers must be an object of question ids to values (got {_kind(raw)}).",
                )
            ]
        )
    errors: list[FieldError] = []
    values: dict[str, Value] = {}
    for question in questionnaire:
        given = raw.get(question.id)
        if not question.is_asked(values):
            values[question.id] = None
            continue
        if given is None:
            if question.required:
                errors.append(FieldError(question.id, _required(question, values)))
            values[question.id] = question.default
            continue
        value, message = _parse(question, given)
        if message:
            errors.append(FieldError(question.id, message))
        values[question.id] = value
    for name in raw:
        if not isinstance(name, str) or name not in questionnaire:
            errors.append(
                FieldError(
                    str(name),
                    f"{name} is not a question." + did_you_mean(str(name), questionnaire.ids),
                )
            )
    if errors:
        raise AnswersInvalid(errors)
    return Answers(values)


def _parse(question: Question, given: object) -> tuple[Value, str | None]:
    if question.type == "integer":
        low, high = question.minimum, question.maximum
        # JSON has one number type: 45.0 is the whole number 45 (as JSON Schema says).
        if isinstance(given, float) and given.is_integer():
            given = int(given)
        # bool is a subclass of int; true is not an age.
        if isinstance(given, bool) or not isinstance(given, int):
            return (
                None,
                f"{question.id} must be a whole number from {low} to {high} (got {_shown(given)}).",
            )
        if not low <= given <= high:  # type: ignore[operator]
            return None, f"{question.id} must be from {low} to {high} (got {given})."
        return given, None
    values = question.allowed
    if question.type == "single":
        if not isinstance(given, str) or given not in values:
            return (
                None,
                f"{question.id} must be one of {quoted(question.values)} (got {_shown(given)}).",
            )
        return given, None
    if not isinstance(given, list):
        return None, (
            f"{question.id} must be a list of values, such as [] for none of these, "
            f"chosen from {quoted(question.values)} (got {_shown(given)})."
        )
    bad = [item for item in given if not isinstance(item, str) or item not in values]
    if bad:
        return None, (
            f"{question.id} may only contain {quoted(question.values)} (got {', '.join(_shown(b) for b in bad)})."
        )
    return frozenset(given), None


def _required(question: Question, values: Mapping[str, Value]) -> str:
    if question.asked_when:
        because = " and ".join(c.describe() for c in question.asked_when)
        return f"{question.id} is required when {because}."
    return f"{question.id} is required."


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "…")
    return repr(value)


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "text", type(None): "null"}.get(
        type(value), type(value).__name__
    )
