"""The questionnaire: every question, loaded once from ``questionnaire.toml`` and validated.

It is the vocabulary the whole product shares: rule files name its question
ids and values, ``parse_answers`` checks answers against it, the API exports
it and the web forms are generated from it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from advisor import problems
from advisor.conditions import Clause, QuestionType, Value, parse_clauses
from advisor.exceptions import QuestionnaireInvalid
from advisor.problems import Location, Problem
from advisor.tomlfile import SourceFile, read_toml

DEFAULT_PATH = Path(__file__).with_name("questionnaire.toml")

_QUESTION_KEYS = (
    "id",
    "page",
    "type",
    "core",
    "text",
    "help",
    "options",
    "min",
    "max",
    "asked_when",
    "informational",
    "default",
)
_PAGE_KEYS = ("id", "title", "intro")
_DISAGREEMENT_KEYS = ("id", "when", "message")
_OPTION_KEYS = ("value", "label", "hint")
_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
_VALUE = re.compile(r"^[a-z0-9][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Option:
    """One choice of a single or multi question."""

    value: str
    label: str
    hint: str = ""


@dataclass(frozen=True, slots=True)
class Page:
    """A group of questions shown together in the web questionnaire."""

    id: str
    title: str
    intro: str = ""


@dataclass(frozen=True, slots=True)
class Question:
    """One question: its id and type, what it allows, its wording and when it is asked."""

    id: str
    type: QuestionType
    page: str
    text: str
    help: str = ""
    core: bool = True
    options: tuple[Option, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    asked_when: tuple[Clause, ...] = ()
    informational: bool = False
    default: Value = None
    at: Location | None = field(default=None, compare=False)
    #: The allowed values as a set, for checking answers on the hot path.
    allowed: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "allowed", frozenset(o.value for o in self.options))

    @property
    def values(self) -> tuple[str, ...]:
        """Return the allowed values of a single or multi question, in order."""
        return tuple(option.value for option in self.options)

    @property
    def required(self) -> bool:
        """Return whether the API requires this answer (when the question applies)."""
        return self.core

    def is_asked(self, answers: Mapping[str, Value]) -> bool:
        """Return whether this question applies, given the answers it depends on."""
        if not self.asked_when:
            return True
        return all(clause.holds(answers.get(clause.question)) for clause in self.asked_when)

    def to_dict(self) -> dict[str, Any]:
        """Return the question as the API's ``GET /questionnaire`` describes it."""
        data: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "core": self.core,
            "required": self.required,
            "page": self.page,
            "text": self.text,
            "help": self.help,
        }
        if self.options:
            data["values"] = list(self.values)
            data["options"] = [
                {"value": o.value, "label": o.label, **({"hint": o.hint} if o.hint else {})}
                for o in self.options
            ]
        if self.type == "integer":
            data["min"], data["max"] = self.minimum, self.maximum
        if self.asked_when:
            data["asked_when"] = _conditions_of(self.asked_when)
        if self.informational:
            data["informational"] = True
        if not self.core:
            data["default"] = _plain(self.default)
        return data


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Answers that cannot both be true, such as no pain with a worst pain of 8.

    The web page that asks the last of its questions asks the person to correct
    one; the rule files route such answers to a consult for API clients.
    """

    id: str
    when: tuple[Clause, ...]
    message: str
    at: Location | None = field(default=None, compare=False)

    @property
    def questions(self) -> tuple[str, ...]:
        """Return the ids of the questions whose answers disagree, in the order written."""
        return tuple(dict.fromkeys(c.question for c in self.when))

    def holds(self, answers: Mapping[str, Value]) -> bool:
        """Return whether these answers disagree (every question answered, every condition met)."""
        return all(clause.holds(answers.get(clause.question)) for clause in self.when)

    def to_dict(self) -> dict[str, Any]:
        """Return the disagreement as the API's ``GET /questionnaire`` describes it."""
        return {
            "id": self.id,
            "questions": list(self.questions),
            "when": _conditions_of(self.when),
            "message": self.message,
        }


def page_positions(pages: Sequence[Page]) -> dict[str, int]:
    """Return each page's place in the order asked: the one source of page order."""
    return {page.id: position for position, page in enumerate(pages)}


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """Every question, in the order asked, grouped into pages."""

    version: str
    pages: tuple[Page, ...]
    questions: tuple[Question, ...]
    disagreements: tuple[Disagreement, ...] = ()
    _by_id: dict[str, Question] = field(init=False, repr=False, compare=False)
    _positions: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {q.id: q for q in self.questions})
        object.__setattr__(self, "_positions", page_positions(self.pages))

    def __getitem__(self, question_id: str) -> Question:
        return self._by_id[question_id]

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._by_id

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)

    def get(self, question_id: str) -> Question | None:
        """Return the question with this id, or None."""
        return self._by_id.get(question_id)

    @property
    def by_id(self) -> Mapping[str, Question]:
        """Return the questions as a read-only mapping from id."""
        return MappingProxyType(self._by_id)

    @property
    def ids(self) -> tuple[str, ...]:
        """Return every question id, in order."""
        return tuple(self._by_id)

    def page(self, page_id: str) -> Page | None:
        """Return the page with this id, or None."""
        position = self._positions.get(page_id)
        return None if position is None else self.pages[position]

    def position(self, page_id: str) -> int:
        """Return a page's place in the order asked (0 for the first page)."""
        return self._positions[page_id]

    def on_page(self, page_id: str) -> tuple[Question, ...]:
        """Return the questions of one page, in order."""
        return tuple(q for q in self.questions if q.page == page_id)

    def to_dict(self) -> dict[str, Any]:
        """Return the whole questionnaire as the API exports it."""
        return {
            "version": self.version,
            "pages": [{"id": p.id, "title": p.title, "intro": p.intro} for p in self.pages],
            "questions": [q.to_dict() for q in self.questions],
            "disagreements": [d.to_dict() for d in self.disagreements],
        }

    def disagreements_in(self, answers: Mapping[str, Value]) -> tuple[Disagreement, ...]:
        """Return the disagreements these answers hold, in the order the file lists them."""
        return tuple(d for d in self.disagreements if d.holds(answers))


def load_questionnaire(path: Path = DEFAULT_PATH) -> Questionnaire:
    """Load and validate a questionnaire file.

    :raises QuestionnaireInvalid: with every problem found, each naming file and line.
    """
    source = read_toml(path)
    if isinstance(source, Problem):
        raise QuestionnaireInvalid([source])
    found: list[Problem] = []
    pages = _pages(source, found)
    questions: dict[str, Question] = {}
    for index, raw in enumerate(_array(source, "question", found)):
        question = _question(source, index, raw, questions, pages, found)
        if question is not None:
            questions[question.id] = question
    disagreements = _disagreements(source, questions, found)
    version = source.data.get("version")
    if not isinstance(version, str) or not version:
        found.append(
            problems.missing_field(source.key_at("version"), None, "version", 'version = "…"')
        )
    if found:
        raise QuestionnaireInvalid(found)
    return Questionnaire(str(version), pages, tuple(questions.values()), disagreements)


def _array(source: SourceFile, name: str, found: list[Problem]) -> list[Any]:
    items = source.data.get(name, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        found.append(
            problems.wrong_type(source.key_at(name), None, name, items, f"[[{name}]] tables")
        )
        return []
    return items


def _pages(source: SourceFile, found: list[Problem]) -> tuple[Page, ...]:
    pages: list[Page] = []
    for index, raw in enumerate(_array(source, "page", found)):
        found.extend(source.unknown_keys(("page", index), raw, _PAGE_KEYS, "of a page"))
        page_id, title = raw.get("id"), raw.get("title")
        if not isinstance(page_id, str) or not isinstance(title, str):
            found.append(
                problems.missing_field(source.key_at("page", index), None, "id/title", "both")
            )
            continue
        pages.append(Page(page_id, title, str(raw.get("intro", ""))))
    return tuple(pages)


def _question(
    source: SourceFile,
    index: int,
    raw: dict[str, Any],
    earlier: dict[str, Question],
    pages: tuple[Page, ...],
    found: list[Problem],
) -> Question | None:
    path = ("question", index)
    before = len(found)
    found.extend(source.unknown_keys(path, raw, _QUESTION_KEYS, "of a question"))
    qid = raw.get("id")
    if not isinstance(qid, str) or not _SNAKE.match(qid):
        found.append(
            problems.wrong_type(source.key_at(*path, "id"), None, "id", qid, "a snake_case id")
        )
        return None
    if qid in earlier:
        found.append(problems.wrong_type(source.key_at(*path, "id"), qid, "id", qid, "a unique id"))
    kind = raw.get("type")
    if kind not in ("single", "multi", "integer"):
        found.append(
            problems.value_not_allowed(
                source.value_at(*path, "type"), qid, "type", kind, ("single", "multi", "integer")
            )
        )
        return None
    for key in ("text", "page"):
        if not isinstance(raw.get(key), str) or not raw.get(key):
            found.append(problems.missing_field(source.key_at(*path), qid, key, "some text"))
    if raw.get("page") not in {p.id for p in pages}:
        found.append(
            problems.value_not_allowed(
                source.value_at(*path, "page"), qid, "page", raw.get("page"), [p.id for p in pages]
            )
        )
    options = _options(source, path, qid, raw, kind, found)
    minimum, maximum = raw.get("min"), raw.get("max")
    if kind == "integer" and not (
        isinstance(minimum, int) and isinstance(maximum, int) and minimum <= maximum
    ):
        found.append(
            problems.wrong_type(
                source.key_at(*path), qid, "min/max", [minimum, maximum], "min <= max"
            )
        )
    asked_when, trouble = parse_clauses(
        raw.get("asked_when", {}), earlier, source, (*path, "asked_when"), qid
    )
    found.extend(trouble)
    order = page_positions(pages)
    for clause in asked_when:
        parent = earlier[clause.question]
        if raw.get("page") in order and order[parent.page] >= order[raw["page"]]:
            found.append(
                problems.wrong_type(
                    source.key_at(*path, "asked_when"),
                    qid,
                    "asked_when",
                    clause.question,
                    "a question on an earlier page (pages branch without scripts)",
                )
            )
    core = raw.get("core", True) is True
    default = raw.get("default")
    values = tuple(o.value for o in options)
    if kind == "multi" and isinstance(default, list) and set(default) <= set(values):
        # Nothing ticked (or the listed options) is a tick-any question's neutral answer.
        default = frozenset(default)
    if not core and (
        default is None or (kind == "single" and default not in values) or isinstance(default, list)
    ):
        found.append(
            problems.missing_field(
                source.key_at(*path),
                qid,
                "default",
                "the neutral answer assumed when an extra question is left out",
            )
        )
    if len(found) > before:
        return None
    return Question(
        id=qid,
        type=kind,
        page=raw["page"],
        text=raw["text"],
        help=str(raw.get("help", "")),
        core=core,
        options=options,
        minimum=minimum if kind == "integer" else None,
        maximum=maximum if kind == "integer" else None,
        asked_when=tuple(asked_when),
        informational=raw.get("informational", False) is True,
        default=None if core else default,
        at=source.key_at(*path),
    )


def _options(
    source: SourceFile,
    path: tuple[str | int, ...],
    qid: str,
    raw: dict[str, Any],
    kind: str,
    found: list[Problem],
) -> tuple[Option, ...]:
    items = raw.get("options", [])
    if kind == "integer":
        return ()
    if not isinstance(items, list) or not items:
        found.append(
            problems.missing_field(source.key_at(*path), qid, "options", "a list of options")
        )
        return ()
    options: list[Option] = []
    for n, item in enumerate(items):
        at = source.value_at(*path, "options", n)
        if not isinstance(item, dict) or not isinstance(item.get("value"), str):
            found.append(
                problems.wrong_type(at, qid, "options", item, "{ value = ..., label = ... }")
            )
            continue
        found.extend(source.unknown_keys((*path, "options", n), item, _OPTION_KEYS, "of an option"))
        value = item["value"]
        if not _VALUE.match(value) or value in {o.value for o in options}:
            found.append(problems.wrong_type(at, qid, "value", value, "a unique snake_case value"))
        options.append(Option(value, str(item.get("label", value)), str(item.get("hint", ""))))
    return tuple(options)


def _disagreements(
    source: SourceFile, questions: Mapping[str, Question], found: list[Problem]
) -> tuple[Disagreement, ...]:
    kept: list[Disagreement] = []
    for index, raw in enumerate(_array(source, "disagreement", found)):
        path = ("disagreement", index)
        before = len(found)
        found.extend(source.unknown_keys(path, raw, _DISAGREEMENT_KEYS, "of a disagreement"))
        name, message = raw.get("id"), raw.get("message")
        if not isinstance(name, str) or not name:
            found.append(problems.missing_field(source.key_at(*path), None, "id", "an id"))
            name = None
        if not isinstance(message, str) or not message.strip():
            found.append(
                problems.missing_field(
                    source.key_at(*path), name, "message", "what the person is told"
                )
            )
        when, trouble = parse_clauses(raw.get("when"), questions, source, (*path, "when"), name)
        found.extend(trouble)
        if len(found) == before and not when:
            found.append(
                problems.missing_field(
                    source.key_at(*path), name, "when", "the answers that disagree"
                )
            )
        if len(found) == before and name is not None:
            kept.append(Disagreement(name, tuple(when), str(message), source.key_at(*path)))
    return tuple(kept)


def _conditions_of(clauses: tuple[Clause, ...]) -> dict[str, dict[str, object]]:
    return {
        c.question: {cond.operator: _plain(cond.operand) for cond in c.conditions} for c in clauses
    }


def _plain(value: object) -> object:
    return sorted(value) if isinstance(value, frozenset) else value


@functools.cache
def default_questionnaire() -> Questionnaire:
    """Return the shipped questionnaire, loaded once per process."""
    return load_questionnaire(DEFAULT_PATH)
