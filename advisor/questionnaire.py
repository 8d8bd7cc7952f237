"""The questionnaire: every question, read from a rules directory's ``questions.toml`` and validated.

It is the vocabulary the whole product shares: rule files name its question
ids and values, ``parse_answers`` checks answers against it, the API exports
it and the web forms are generated from it. It lives beside the rule files
because therapists own it too: a rule set is checked, digested and reloaded
with its own questions (``advisor.ruleset``), and the contract's core questions
are protected there (``advisor.ruleset.questions``).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from advisor import problems
from advisor.checker import Checker
from advisor.conditions import Clause, QuestionType, Value, parse_clauses
from advisor.contract import RED_FLAG_URGENCY, URGENCIES, Urgency
from advisor.exceptions import QuestionnaireInvalid
from advisor.problems import Location, Problem, quoted
from advisor.shipped import shipped_dir
from advisor.tomlfile import read_toml

__all__ = [
    "QUESTIONS_FILE",
    "Disagreement",
    "Option",
    "Page",
    "Question",
    "Questionnaire",
    "check_questionnaire",
    "default_questionnaire",
    "load_questionnaire",
]

#: The questionnaire's file name in a rules directory (the shipped one included).
QUESTIONS_FILE = "questions.toml"

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
    "web_asked_when",
    "when_skipped",
)
_PAGE_KEYS = ("id", "title", "intro")
_DISAGREEMENT_KEYS = ("id", "when", "message")
_OPTION_KEYS = ("value", "label", "hint", "urgency")
_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
_VALUE = re.compile(r"^[a-z0-9][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Option:
    """One choice of a single or multi question."""

    value: str
    label: str
    hint: str = ""
    #: A red flag's urgency as its option declares it (required for a flag the contract lacks).
    urgency: str | None = None


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
    #: The web pages ask it only when these hold too; API clients still send it (a core answer).
    web_asked_when: tuple[Clause, ...] = ()
    #: The answer the web gives the engine when ``web_asked_when`` skips the question.
    when_skipped: Value = None
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

    @property
    def web_conditions(self) -> tuple[Clause, ...]:
        """Return every condition the web pages ask it under: ``asked_when`` and ``web_asked_when``."""
        return self.asked_when + self.web_asked_when

    def skipped_on_web(self, answers: Mapping[str, Value]) -> bool:
        """Return whether it applies but the web pages skip it (and give ``when_skipped``).

        Only answers given decide a skip: before they are, the question is neither asked
        nor skipped, and stands for no answer yet.
        """
        return self.is_asked(answers) and any(
            answers.get(c.question) is not None and not c.holds(answers[c.question])
            for c in self.web_asked_when
        )

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
        if self.web_asked_when:
            data["web_asked_when"] = _conditions_of(self.web_asked_when)
            data["when_skipped"] = _plain(self.when_skipped)
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


def _page_positions(pages: Sequence[Page]) -> dict[str, int]:
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
    _on_page: dict[str, tuple[Question, ...]] = field(init=False, repr=False, compare=False)
    #: Each red flag's urgency, worked out once (the safety floor reads it on every assessment).
    red_flag_urgency: Mapping[str, Urgency] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "red_flag_urgency", _red_flag_urgency(self.questions))
        object.__setattr__(self, "_by_id", {q.id: q for q in self.questions})
        object.__setattr__(self, "_positions", _page_positions(self.pages))
        on_page: dict[str, list[Question]] = {page.id: [] for page in self.pages}
        for question in self.questions:
            on_page.setdefault(question.page, []).append(question)
        # Per page, once: every page a person sees asks for its questions.
        object.__setattr__(self, "_on_page", {k: tuple(v) for k, v in on_page.items()})

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
        return self._on_page.get(page_id, ())

    def to_dict(self) -> dict[str, Any]:
        """Return the whole questionnaire as the API exports it."""
        return {
            "version": self.version,
            "pages": [{"id": p.id, "title": p.title, "intro": p.intro} for p in self.pages],
            "questions": [self._exported(q) for q in self.questions],
            "disagreements": [d.to_dict() for d in self.disagreements],
        }

    def _exported(self, question: Question) -> dict[str, Any]:
        """Return a question as exported; each red flag says how urgent it is (invariant 1)."""
        data = question.to_dict()
        if question.id == "red_flags":
            for option in data["options"]:
                option["urgency"] = self.red_flag_urgency[option["value"]]
        return data

    def disagreements_in(self, answers: Mapping[str, Value]) -> tuple[Disagreement, ...]:
        """Return the disagreements these answers hold, in the order the file lists them."""
        return tuple(d for d in self.disagreements if d.holds(answers))


def _red_flag_urgency(questions: Sequence[Question]) -> Mapping[str, Urgency]:
    """Return each red flag's urgency: as its option declares, else the contract's.

    A flag with neither (which a checked rule set never has) counts as an emergency:
    the floor errs towards urgent care, never towards a therapy.
    """
    flags = next((q for q in questions if q.id == "red_flags"), None)
    grades: dict[str, Urgency] = dict(RED_FLAG_URGENCY)
    for option in flags.options if flags is not None else ():
        declared = option.urgency if option.urgency in URGENCIES else None
        grades[option.value] = declared or RED_FLAG_URGENCY.get(option.value, URGENCIES[0])  # type: ignore[assignment]
    return MappingProxyType(grades)


def load_questionnaire(path: Path | None = None) -> Questionnaire:
    """Load and validate a questionnaire file (the shipped one by default).

    :raises QuestionnaireInvalid: with every problem found, each naming file and line.
    """
    source = read_toml(path or shipped_dir("rules") / QUESTIONS_FILE)
    if isinstance(source, Problem):
        raise QuestionnaireInvalid([source])
    check = Checker(source)
    questionnaire = check_questionnaire(check)
    if questionnaire is None:
        raise QuestionnaireInvalid(check.problems)
    return questionnaire


def check_questionnaire(check: Checker) -> Questionnaire | None:
    """Check the questionnaire file ``check`` reads; return it, or None if it has errors.

    Every problem goes to ``check``; nothing is raised for anything in the file.
    """
    pages = _pages(check)
    questions: dict[str, Question] = {}
    for index, raw in enumerate(_array(check, "question")):
        question = _question(check.within("question", index), raw, questions, pages)
        if question is not None:
            questions[question.id] = question
    disagreements = _disagreements(check, questions)
    _skips_agree(check, questions, disagreements)
    version = check.data.get("version")
    if not isinstance(version, str) or not version:
        check.error(problems.missing_field, check.key_at("version"), "version", 'version = "…"')
    if check.found_any:
        return None
    return Questionnaire(str(version), pages, tuple(questions.values()), disagreements)


def _array(check: Checker, name: str) -> list[Any]:
    items = check.data.get(name, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        check.error(problems.wrong_type, check.key_at(name), name, items, f"[[{name}]] tables")
        return []
    return items


def _pages(check: Checker) -> tuple[Page, ...]:
    pages: list[Page] = []
    for index, raw in enumerate(_array(check, "page")):
        on_page = check.within("page", index)
        on_page.unknown_keys(raw, _PAGE_KEYS, "of a page")
        page_id, title = raw.get("id"), raw.get("title")
        if not isinstance(page_id, str) or not isinstance(title, str):
            on_page.error(problems.missing_field, on_page.key_at(), "id/title", "both")
            continue
        pages.append(Page(page_id, title, str(raw.get("intro", ""))))
    return tuple(pages)


def _question(
    check: Checker, raw: dict[str, Any], earlier: dict[str, Question], pages: tuple[Page, ...]
) -> Question | None:
    """Check one ``[[question]]`` table; ``check`` looks at it."""
    check.unknown_keys(raw, _QUESTION_KEYS, "of a question")
    qid = raw.get("id")
    if not isinstance(qid, str) or not _SNAKE.match(qid):
        check.error(problems.wrong_type, check.key_at("id"), "id", qid, "a snake_case id")
        return None
    check = check.about(qid)
    if qid in earlier:
        check.error(problems.duplicate_question, check.key_at("id"))
    kind = raw.get("type")
    if kind not in ("single", "multi", "integer"):
        allowed = ("single", "multi", "integer")
        check.error(problems.value_not_allowed, check.value_at("type"), "type", kind, allowed)
        return None
    _page(check, raw, pages)
    options = _options(check, raw, kind)
    minimum, maximum = raw.get("min"), raw.get("max")
    if kind == "integer" and not (
        isinstance(minimum, int) and isinstance(maximum, int) and minimum <= maximum
    ):
        check.error(
            problems.wrong_type, check.key_at(), "min/max", [minimum, maximum], "min <= max"
        )
    asked_when = _asked_when(check, raw, earlier, pages)
    web_asked_when = _asked_when(check, raw, earlier, pages, key="web_asked_when")
    when_skipped = _when_skipped(check, raw, kind, options, bool(web_asked_when))
    core = raw.get("core", True) is True
    default = _default(check, raw, kind, core, options)
    if check.found_any:
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
        web_asked_when=tuple(web_asked_when),
        when_skipped=when_skipped,
        at=check.key_at(),
    )


def _page(check: Checker, raw: dict[str, Any], pages: tuple[Page, ...]) -> None:
    """Check a question's text and page: both written, and the page one of the pages."""
    for key in ("text", "page"):
        if not isinstance(raw.get(key), str) or not raw.get(key):
            check.error(problems.missing_field, check.key_at(), key, "some text")
    if raw.get("page") not in {p.id for p in pages}:
        found, allowed = raw.get("page"), [p.id for p in pages]
        check.error(problems.value_not_allowed, check.value_at("page"), "page", found, allowed)


def _asked_when(
    check: Checker,
    raw: dict[str, Any],
    earlier: dict[str, Question],
    pages: tuple[Page, ...],
    key: str = "asked_when",
) -> list[Clause]:
    """Return a question's ``asked_when`` (or ``web_asked_when``) clauses: each on an earlier page."""
    asked_when = parse_clauses(check.within(key), raw.get(key, {}), earlier)
    order = _page_positions(pages)
    for clause in asked_when:
        parent = earlier[clause.question]
        if raw.get("page") in order and order[parent.page] >= order[raw["page"]]:
            check.error(problems.asked_when_not_earlier, check.key_at(key), clause.question, key)
    return asked_when


def _when_skipped(
    check: Checker, raw: dict[str, Any], kind: str, options: tuple[Option, ...], skips: bool
) -> Value:
    """Return the answer the web gives when ``web_asked_when`` skips a question; check it fits.

    Both keys go together: a skipped answer without a condition would never be used, and a
    core question skipped without one would leave the engine an incomplete answer set.
    """
    if "when_skipped" not in raw:
        if skips:
            what = "the answer given in its place when web_asked_when skips it"
            check.error(problems.missing_field, check.key_at(), "when_skipped", what)
        return None
    found = raw["when_skipped"]
    if not skips:
        what = (
            "the answers under which the web pages ask it; without them when_skipped is never used"
        )
        check.error(problems.missing_field, check.key_at("when_skipped"), "web_asked_when", what)
        return None
    values = tuple(o.value for o in options)
    at = check.value_at("when_skipped")
    if kind == "multi":
        if isinstance(found, list) and set(found) <= set(values):
            return frozenset(found)
        check.error(problems.wrong_type, at, "when_skipped", found, f"a list of {quoted(values)}")
    elif kind == "single":
        if found in values:
            return found
        check.error(problems.value_not_allowed, at, "when_skipped", found, values)
    else:
        low, high = raw.get("min"), raw.get("max")
        if isinstance(found, int) and not isinstance(found, bool) and _within(found, low, high):
            return found
        check.error(
            problems.wrong_type, at, "when_skipped", found, f"a whole number from {low} to {high}"
        )
    return None


def _within(number: int, low: object, high: object) -> bool:
    return isinstance(low, int) and isinstance(high, int) and low <= number <= high


def _default(
    check: Checker, raw: dict[str, Any], kind: str, core: bool, options: tuple[Option, ...]
) -> Value | list[Any]:
    """Return an extra question's default answer, reporting one that is missing or not allowed."""
    default = raw.get("default")
    values = tuple(o.value for o in options)
    if kind == "multi" and isinstance(default, list) and set(default) <= set(values):
        # Nothing ticked (or the listed options) is a tick-any question's neutral answer.
        default = frozenset(default)
    if not core and (
        default is None or (kind == "single" and default not in values) or isinstance(default, list)
    ):
        what = "the neutral answer assumed when an extra question is left out"
        check.error(problems.missing_field, check.key_at(), "default", what)
    return default


def _options(check: Checker, raw: dict[str, Any], kind: str) -> tuple[Option, ...]:
    items = raw.get("options", [])
    if kind == "integer":
        return ()
    if not isinstance(items, list) or not items:
        check.error(problems.missing_field, check.key_at(), "options", "a list of options")
        return ()
    options: list[Option] = []
    for n, item in enumerate(items):
        on_option = check.within("options", n)
        at = on_option.value_at()
        if not isinstance(item, dict) or not isinstance(item.get("value"), str):
            check.error(problems.wrong_type, at, "options", item, "{ value = ..., label = ... }")
            continue
        on_option.about(None).unknown_keys(item, _OPTION_KEYS, "of an option")
        if "urgency" in item and raw.get("id") != "red_flags":
            # Only a red flag has an urgency; anywhere else the key would mean nothing.
            where = "of an option (urgency is for red_flags options only)"
            on_option.error(
                problems.unknown_key,
                on_option.key_at("urgency"),
                "urgency",
                _OPTION_KEYS[:3],
                where,
            )
        value = item["value"]
        if not _VALUE.match(value) or value in {o.value for o in options}:
            check.error(problems.bad_option_value, at, value)
        label, hint = str(item.get("label", value)), str(item.get("hint", ""))
        urgency = item.get("urgency")
        options.append(Option(value, label, hint, urgency if isinstance(urgency, str) else None))
    return tuple(options)


def _disagreements(check: Checker, questions: Mapping[str, Question]) -> tuple[Disagreement, ...]:
    kept: list[Disagreement] = []
    for index, raw in enumerate(_array(check, "disagreement")):
        on_item = check.within("disagreement", index)
        on_item.unknown_keys(raw, _DISAGREEMENT_KEYS, "of a disagreement")
        name, message = raw.get("id"), raw.get("message")
        if not isinstance(name, str) or not name:
            on_item.error(problems.missing_field, on_item.key_at(), "id", "an id")
            name = None
        on_item = on_item.about(name)
        if not isinstance(message, str) or not message.strip():
            what = "what the person is told"
            on_item.error(problems.missing_field, on_item.key_at(), "message", what)
        when = parse_clauses(on_item.within("when"), raw.get("when"), questions)
        if not on_item.found_any and not when:
            what = "the answers that disagree"
            on_item.error(problems.missing_field, on_item.key_at(), "when", what)
        if not on_item.found_any and name is not None:
            kept.append(Disagreement(name, tuple(when), str(message), on_item.key_at()))
    return tuple(kept)


#: Past this many combinations of deciding answers, skipped answers are not checked against
#: the disagreements (a skip that reads several wide questions; none is written so).
_MOST_COMBINATIONS = 10_000


def _skips_agree(
    check: Checker, questions: Mapping[str, Question], disagreements: Sequence[Disagreement]
) -> None:
    """Report a ``when_skipped`` answer that, with the answers that skip it, disagrees.

    Tries every combination of the answers the skips read (each value; for a tick-any
    question nothing, each value alone and all; for a number each whole number), so a skip
    written as "pain_duration is not none" is tried with every duration.
    """
    skipping = [q for q in questions.values() if q.web_asked_when]
    deciding = sorted({c.question for q in skipping for c in q.web_asked_when})
    choices = [_candidates(questions[qid]) for qid in deciding]
    if not skipping or math.prod(len(c) for c in choices) > _MOST_COMBINATIONS:
        return
    index = {raw.get("id"): n for n, raw in enumerate(check.data.get("question", []))}
    reported: set[tuple[str, str]] = set()
    for combination in itertools.product(*choices):
        known = dict(zip(deciding, combination, strict=True))
        implied = {q.id: q.when_skipped for q in skipping if q.skipped_on_web(known)}
        for disagreement in disagreements:
            named = [qid for qid in disagreement.questions if qid in implied]
            if not named or not disagreement.holds({**known, **implied}):
                continue
            if (named[0], disagreement.id) in reported:
                continue
            reported.add((named[0], disagreement.id))
            words = " and ".join(
                f"{qid} {_plain(known[qid])!r}" for qid in disagreement.questions if qid in known
            )
            on_question = check.within("question", index[named[0]]).about(named[0])
            at = on_question.value_at("when_skipped")
            on_question.error(
                problems.skipped_answer_disagrees,
                at,
                _plain(implied[named[0]]),
                disagreement.id,
                words,
            )


def _candidates(question: Question) -> list[Value]:
    """Return the answers a skip that reads ``question`` is tried with."""
    if question.type == "single":
        return list(question.values)
    if question.type == "integer":
        low, high = question.minimum or 0, question.maximum or 0
        return list(range(low, high + 1))
    return [frozenset(), *(frozenset({v}) for v in question.values), frozenset(question.values)]


def _conditions_of(clauses: tuple[Clause, ...]) -> dict[str, dict[str, object]]:
    return {
        c.question: {cond.operator: _plain(cond.operand) for cond in c.conditions} for c in clauses
    }


def _plain(value: object) -> object:
    return sorted(value) if isinstance(value, frozenset) else value


@functools.cache
def default_questionnaire() -> Questionnaire:
    """Return the shipped questionnaire (the shipped rules' ``questions.toml``), loaded once.

    It is what a rules directory without its own ``questions.toml`` falls back to;
    everything that serves or assesses asks the rule set in use for its questionnaire.
    """
    return load_questionnaire(shipped_dir("rules") / QUESTIONS_FILE)
