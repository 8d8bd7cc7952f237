"""Problems found in user-authored files, and the catalogue of their messages.

Every problem has the same anatomy (after pyxform's error catalogue): where
(file, line, column), which rule, what was found, what was expected, and how
to fix it when we can tell. Each code has one builder with typed arguments, so
no message can forget a part. Problems are data; ``render`` turns one into the
``path:line:col: severity [code] message`` line that editors can jump to.

The builders are the catalogue (pyxform's ``ErrorCode``): each is registered
with its own code and severity by ``@_builds``, and ``codes()`` lists every
code, so tests can require an example and a guide entry for each. A builder
words the problem; the catalogue adds the code, the severity and where::

    problems.wrong_type(at, "bfr-x", "priority", "high", "a whole number")
    # Problem("wrong-type", "error", at, "rule 'bfr-x': priority should be ...", ...)
"""

from __future__ import annotations

import difflib
import functools
import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Generic, Literal, ParamSpec

__all__ = [
    "CATALOGUE",
    "Builder",
    "Location",
    "Problem",
    "Severity",
    "Wording",
    "asked_when_not_earlier",
    "bad_date",
    "bad_id",
    "bad_version",
    "binary_file",
    "byte_order_mark",
    "case_failed",
    "catalogue_missing",
    "catalogue_stale",
    "catalogue_unreadable",
    "codes",
    "comparison_sign",
    "core_question_changed",
    "did_you_mean",
    "discouraged_phrase",
    "display_path",
    "duplicate_id",
    "duplicate_question",
    "empty_condition",
    "empty_file",
    "empty_reason",
    "file_too_large",
    "hard_to_read",
    "ignored_file",
    "informational_question",
    "internal_error",
    "many_rules_removed",
    "missing_field",
    "missing_manifest",
    "missing_owner",
    "missing_review_by",
    "missing_source",
    "names_no_therapy",
    "never_fires",
    "no_conditions",
    "no_effect",
    "no_rules",
    "not_utf8",
    "number_out_of_range",
    "outside_rules",
    "overruled",
    "questions_missing",
    "quoted",
    "red_flag_urgency",
    "reserved_id",
    "review_overdue",
    "rule_disabled",
    "rules_changing",
    "rules_removed",
    "rules_removed_allowed",
    "safety_property_broken",
    "several_effects",
    "shadowed_rule",
    "single_brackets",
    "skipped_answer_disagrees",
    "smart_quotes",
    "summary",
    "toml_syntax",
    "translation_fingerprint",
    "translation_hard_to_read",
    "translation_key",
    "translation_language",
    "translation_missing",
    "translation_not_text",
    "translation_section",
    "translation_stale",
    "translation_unfingerprinted",
    "translation_unknown_id",
    "undecided_conflict",
    "unknown_key",
    "unknown_operator",
    "unknown_question",
    "unread_question",
    "urgency_differs",
    "value_not_allowed",
    "version_not_raised",
    "wrong_type",
]

Severity = Literal["error", "warning"]

_P = ParamSpec("_P")


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file; line and column count from 1 (column 0: the whole line)."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        if not self.column:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth a look) in a user-authored file."""

    code: str
    severity: Severity
    at: Location
    message: str
    rule: str | None = None
    key: str | None = None
    found: object = None
    expected: str | None = None

    def render(self) -> str:
        """Return the one-line, editor-friendly form of this problem."""
        return f"{self.at}: {self.severity} [{self.code}] {self.message}"

    def to_dict(self) -> dict[str, object]:
        """Return this problem as JSON-ready data (for /healthz, tests, editors)."""
        data = asdict(self)
        at = data.pop("at")
        found = data["found"]
        if found is not None and not isinstance(found, str | int | float | bool | list):
            data["found"] = str(found)
        return {**at, **data}


@dataclass(frozen=True, slots=True)
class Wording:
    """What a builder says about one problem: the message and its structured parts."""

    text: str
    rule: str | None = None
    key: str | None = None
    found: object = None
    expected: str | None = None


class Builder(Generic[_P]):
    """One entry of the catalogue: a code, its severity, and the function that words it.

    Call it with where the problem is, then the wording function's own arguments.
    """

    def __init__(self, code: str, severity: Severity, words: Callable[_P, Wording]) -> None:
        self.code = code
        self.severity = severity
        self.words = words
        #: Whether the first argument names the rule (or question) the problem is about.
        self.takes_rule = next(iter(inspect.signature(words).parameters), None) == "rule"
        functools.update_wrapper(self, words)

    def __call__(self, at: Location, /, *args: _P.args, **kwargs: _P.kwargs) -> Problem:
        said = self.words(*args, **kwargs)
        return Problem(
            self.code, self.severity, at, said.text, said.rule, said.key, said.found, said.expected
        )

    def __repr__(self) -> str:
        return f"<problem builder {self.code!r} ({self.severity})>"


#: Every builder, by its code, in the order this module declares them.
CATALOGUE: dict[str, Builder[Any]] = {}


def codes() -> tuple[str, ...]:
    """Return every problem code, errors first, in the order the catalogue declares them."""
    return tuple(CATALOGUE)


def _builds(code: str, severity: Severity) -> Callable[[Callable[_P, Wording]], Builder[_P]]:
    """Register a wording function as the one builder of ``code``."""

    def register(words: Callable[_P, Wording]) -> Builder[_P]:
        if code in CATALOGUE:
            raise ValueError(f"problem code {code!r} already has a builder")
        built = CATALOGUE[code] = Builder(code, severity, words)
        return built

    return register


def display_path(path: Path) -> str:
    """Return ``path`` relative to the working directory when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def quoted(values: Iterable[object]) -> str:
    """Return values as ``'a', 'b', 'c'`` for a message."""
    return ", ".join(f"'{v}'" for v in values)


#: Lists longer than this are not printed in a message: a reader cannot scan them.
_LONGEST_LIST = 25


def did_you_mean(found: str, candidates: Iterable[str]) -> str:
    """Return " Did you mean 'x'?" for a near miss, or an empty string."""
    close = difflib.get_close_matches(found, list(candidates), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def _of(rule: str | None) -> str:
    return f"rule '{rule}': " if rule else ""


def summary(problems: Sequence[Problem], files: int, loaded: bool) -> str:
    """Return the closing line of a check: counts, and what happened to the rule set."""
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    counts = (
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''} in {files} file{'s' if files != 1 else ''}."
    )
    if errors:
        return counts + " The rule set was not loaded; the last good rule set is still in use."
    return counts + (" The rule set is valid." if loaded else "")


# Builders, one per code. Errors first, then warnings.


@_builds("file-too-large", "error")
def file_too_large(size: int, limit: int) -> Wording:
    return Wording(
        f"this file is {size:,} bytes; a file here may be at most {limit:,} bytes. "
        "Split it into smaller files.",
        found=size,
        expected=f"at most {limit} bytes",
    )


@_builds("not-utf8", "error")
def not_utf8(byte: int) -> Wording:
    return Wording(
        f"this file is not UTF-8 text (byte 0x{byte:02x}). Save it as UTF-8 in your editor.",
        found=f"0x{byte:02x}",
        expected="UTF-8 text",
    )


@_builds("toml-syntax", "error")
def toml_syntax(detail: str) -> Wording:
    return Wording(
        f"this is not valid TOML: {detail}. "
        "Check the quotes around text, the brackets around lists, and that each "
        "key = value pair is on its own line.",
        expected="valid TOML",
    )


@_builds("no-rules", "error")
def no_rules(directory: str, exists: bool = True) -> Wording:
    return Wording(
        f"no rule files (*.toml) were found in {directory}."
        if exists
        else f"there is no folder {directory}; give the folder that holds the rule files.",
        expected="at least one rule file",
    )


@_builds("missing-manifest", "error")
def missing_manifest() -> Wording:
    return Wording(
        'the rule set has no ruleset.toml; add one with a line like version = "2026.11.1".',
        expected="ruleset.toml with a version",
    )


@_builds("unknown-key", "error")
def unknown_key(rule: str | None, key: str, allowed: Sequence[str], where: str) -> Wording:
    return Wording(
        f"{_of(rule)}'{key}' is not a key {where}; it takes {quoted(allowed)}."
        + did_you_mean(key, allowed),
        rule=rule,
        key=key,
        found=key,
        expected=f"one of {quoted(allowed)}",
    )


@_builds("wrong-type", "error")
def wrong_type(rule: str | None, key: str, found: object, expected: str) -> Wording:
    return Wording(
        f"{_of(rule)}{key} should be {expected} (got {_shown(found)}).",
        rule=rule,
        key=key,
        found=_plain(found),
        expected=expected,
    )


@_builds("unreadable-file", "error")
def unreadable_file(reason: object) -> Wording:
    """A file that could not be opened or read (the reason is the system's)."""
    return wrong_type.words(None, "file", reason, "a readable file")


@_builds("duplicate-case", "error")
def duplicate_case(rule: str | None, name: str, first: object) -> Wording:
    """A case named like an earlier one (``first`` is where); results name cases by it."""
    return Wording(
        f"the case name {_shown(name)} is already used by the case at {first}; PASS and FAIL "
        "lines name cases by it, so give this case a name of its own.",
        rule=rule,
        key="name",
        found=name,
        expected=f"a name not already used at {first}",
    )


@_builds("bad-option-value", "error")
def bad_option_value(rule: str | None, value: object) -> Wording:
    """An option's value that is not snake_case, or that another option of the question has."""
    return wrong_type.words(rule, "value", value, "a unique snake_case value")


@_builds("missing-field", "error")
def missing_field(rule: str | None, key: str, what: str) -> Wording:
    return Wording(
        f"{_of(rule)}'{key}' is missing; add {what}.",
        rule=rule,
        key=key,
        expected=what,
    )


@_builds("bad-id", "error")
def bad_id(rule: str) -> Wording:
    return Wording(
        f"rule id '{rule}' should be lower-case words joined by hyphens, topic first, "
        "like 'bfr-knee-oa-weakness'.",
        rule=rule,
        key="id",
        found=rule,
        expected="kebab-case id",
    )


@_builds("reserved-id", "error")
def reserved_id(rule: str) -> Wording:
    return Wording(
        f"rule id '{rule}' starts with 'safety.', which is kept for the engine's own "
        "safety checks; choose another id.",
        rule=rule,
        key="id",
        found=rule,
        expected="an id not starting with 'safety.'",
    )


@_builds("duplicate-id", "error")
def duplicate_id(rule: str, first: Location) -> Wording:
    return Wording(
        f"rule '{rule}' is already defined at {first}; give one of them a new id.",
        rule=rule,
        key="id",
        found=rule,
        expected="a unique id",
    )


@_builds("duplicate-question", "error")
def duplicate_question(rule: str | None) -> Wording:
    """Build the error for a question whose id an earlier question has."""
    return Wording(
        f"{_of(rule)}id should be a unique id (got {_shown(rule)}).",
        rule=rule,
        key="id",
        found=rule,
        expected="a unique id",
    )


@_builds("asked-when-not-earlier", "error")
def asked_when_not_earlier(rule: str | None, parent: str, key: str = "asked_when") -> Wording:
    """Build the error for an ``asked_when`` (or ``web_asked_when``) on a same or later page."""
    expected = "a question on an earlier page (pages branch without scripts)"
    return Wording(
        f"{_of(rule)}{key} should be {expected} (got {_shown(parent)}).",
        rule=rule,
        key=key,
        found=parent,
        expected=expected,
    )


@_builds("unknown-question", "error")
def unknown_question(rule: str | None, name: str, questions: Sequence[str]) -> Wording:
    return Wording(
        f"{_of(rule)}'{name}' is not a question." + did_you_mean(name, questions),
        rule=rule,
        key=name,
        found=name,
        expected="a question id",
    )


@_builds("value-not-allowed", "error")
def value_not_allowed(
    rule: str | None, question: str, found: object, allowed: Sequence[str], listed_in: str = ""
) -> Wording:
    """A value not among those allowed; a long list (every rule id) is named, not printed."""
    if len(allowed) > _LONGEST_LIST:
        where = f" ({listed_in} lists them)" if listed_in else ""
        among = f"it is none of the {len(allowed)} allowed{where}."
    else:
        among = f"it is one of {quoted(allowed)}."
    return Wording(
        f"{_of(rule)}{question} cannot be {_shown(found)}; {among}"
        + (did_you_mean(found, allowed) if isinstance(found, str) else ""),
        rule=rule,
        key=question,
        found=_plain(found),
        expected=f"one of {quoted(allowed)}",
    )


@_builds("number-out-of-range", "error")
def number_out_of_range(
    rule: str | None, question: str, found: int, low: int, high: int
) -> Wording:
    return Wording(
        f"{_of(rule)}{question} cannot be {found}; it is a whole number from {low} to {high}.",
        rule=rule,
        key=question,
        found=found,
        expected=f"a whole number from {low} to {high}",
    )


@_builds("unknown-operator", "error")
def unknown_operator(
    rule: str | None, question: str, kind: str, found: str, allowed: Sequence[str]
) -> Wording:
    return Wording(
        f"{_of(rule)}'{found}' cannot be used on {question}, a {_kind_words(kind)} question; "
        f"use one of {quoted(allowed)}." + did_you_mean(found, allowed),
        rule=rule,
        key=f"{question}.{found}",
        found=found,
        expected=f"one of {quoted(allowed)}",
    )


@_builds("informational-question", "error")
def informational_question(rule: str | None, question: str) -> Wording:
    return Wording(
        f"{_of(rule)}{question} is for information only and may never change a "
        "recommendation (safety invariant 5); remove this condition.",
        rule=rule,
        key=question,
        found=question,
        expected="a clinical question",
    )


@_builds("empty-condition", "error")
def empty_condition(rule: str | None, key: str) -> Wording:
    return Wording(
        f"{_of(rule)}{key} has nothing in it; add a value or remove it.",
        rule=rule,
        key=key,
        expected="at least one value",
    )


@_builds("no-effect", "error")
def no_effect(rule: str | None) -> Wording:
    rule = rule or "?"
    return Wording(
        f"rule '{rule}' has no effect; add one of: suggest, block, consult, urgent_care.",
        rule=rule,
        expected="one effect",
    )


@_builds("several-effects", "error")
def several_effects(rule: str | None, effects: Sequence[str]) -> Wording:
    rule = rule or "?"
    return Wording(
        f"rule '{rule}' has {len(effects)} effects ({quoted(effects)}); a rule has exactly one. "
        "Split it into one rule per effect.",
        rule=rule,
        found=list(effects),
        expected="one effect",
    )


@_builds("bad-date", "error")
def bad_date(rule: str | None, key: str, found: object) -> Wording:
    return Wording(
        f"{_of(rule)}{key} should be a date like 2027-06-30 (got {_shown(found)}).",
        rule=rule,
        key=key,
        found=_plain(found),
        expected="a date YYYY-MM-DD",
    )


@_builds("rules-removed", "error")
def rules_removed(held: int, gone: bool) -> Wording:
    now = "is gone" if gone else "now holds none"
    return Wording(
        f"this file held {held} rule{'s' * (held != 1)} and {now}: it may be half-saved, so the "
        "running server keeps the rules it has. If you meant to remove them, raise the version "
        "in ruleset.toml in the same edit.",
        found=held,
    )


@_builds("internal-error", "error")
def internal_error(detail: str) -> Wording:
    return Wording(
        f"Internal error: advisor failed while checking this file ({detail}). "
        "This is a bug in advisor, not in your file; please report it.",
    )


@_builds("missing-source", "warning")
def missing_source(rule: str) -> Wording:
    return Wording(
        f"rule '{rule}' has no source; name the guideline or paper it rests on.",
        rule=rule,
        key="source",
        expected="a clinical source",
    )


@_builds("missing-owner", "warning")
def missing_owner(rule: str) -> Wording:
    return Wording(
        f"rule '{rule}' has no owner; name the clinician who looks after it.",
        rule=rule,
        key="owner",
        expected="an owner",
    )


@_builds("missing-review-by", "warning")
def missing_review_by(rule: str) -> Wording:
    return Wording(
        f"rule '{rule}' has no review_by date; add one like review_by = 2027-06-30.",
        rule=rule,
        key="review_by",
        expected="a review date",
    )


@_builds("review-overdue", "warning")
def review_overdue(rule: str, due: object, owner: str | None) -> Wording:
    who = f" ({owner})" if owner else ""
    return Wording(
        f"rule '{rule}' was due for review on {due}{who}; check it against its source "
        "and set a new review_by date.",
        rule=rule,
        key="review_by",
        found=str(due),
        expected="a date in the future",
    )


@_builds("never-fires", "warning")
def never_fires(rule: str, reason: str) -> Wording:
    return Wording(
        f"rule '{rule}' can never fire: {reason}.",
        rule=rule,
    )


@_builds("no-conditions", "warning")
def no_conditions(rule: str) -> Wording:
    return Wording(
        f"rule '{rule}' has no conditions, so it fires for everyone; add a [when] condition "
        "if that is not meant.",
        rule=rule,
    )


@_builds("unread-question", "warning")
def unread_question(question: str) -> Wording:
    return Wording(
        f"no rule reads the question '{question}'; its answer never affects a result.",
        key=question,
    )


@_builds("urgency-differs", "warning")
def urgency_differs(rule: str, found: str, expected: str) -> Wording:
    return Wording(
        f"rule '{rule}' gives urgency '{found}', but the intake contract grades these "
        f"red flags '{expected}'; the engine uses the contract's grading.",
        rule=rule,
        key="urgent_care",
        found=found,
        expected=expected,
    )


@_builds("discouraged-phrase", "warning")
def discouraged_phrase(
    rule: str, phrase: str, kind: str, suggestion: str, language: str = ""
) -> Wording:
    """A listed phrase in a reason; ``language`` names a translation's language ("Spanish")."""
    reason = f"the {language} reason" if language else "the reason"
    return Wording(
        f"rule '{rule}': {reason} says '{phrase}', which {kind}. {suggestion}",
        rule=rule,
        key="because",
        found=phrase,
        expected=suggestion,
    )


@_builds("hard-to-read", "warning")
def hard_to_read(rule: str, grade: float, limit: float) -> Wording:
    return Wording(
        f"rule '{rule}': the reason reads at US school grade {grade:.1f} (Flesch-Kincaid); "
        f"patients should be able to read it at grade {limit:g} or below. "
        "Use shorter sentences and shorter words.",
        rule=rule,
        key="because",
        found=round(grade, 1),
        expected=f"grade {limit:g} or below",
    )


@_builds("names-no-therapy", "warning")
def names_no_therapy(
    rule: str,
    missing: Sequence[Sequence[str]],
    any_treatment: bool = False,
    language: str = "",
    any_words: str = "any treatment",
) -> Wording:
    """Build the warning for a reason that does not say which therapy it is about.

    :param missing: for each therapy not named, the names that would do, short name first.
    :param any_treatment: the rule is about every therapy, so "any treatment" would do too.
    :param language: a translation's language ("Spanish"), whose words ``any_words`` are.
    """
    names = " and ".join(
        f"'{short}'" + "".join(f" (or '{other}')" for other in others) for short, *others in missing
    )
    reason = f"the {language} reason" if language else "the reason"
    return Wording(
        f"rule '{rule}': {reason} does not name the "
        f"{'therapies' if any_treatment else 'therapy'} it is about; add {names}"
        + (f", or say '{any_words}'," if any_treatment else "")
        + " so the patient knows which treatment it means.",
        rule=rule,
        key="because",
        expected=" and ".join(short for short, *_ in missing),
    )


def _kind_words(kind: str) -> str:
    return {"single": "pick-one", "multi": "tick-any", "integer": "number"}.get(kind, kind)


def _plain(value: object) -> object:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


# --- issue 11: review ---
# What a careful reviewer would point out: files the check never reads, syntax a
# word processor or a spreadsheet habit produces, and rules that add nothing,
# never take effect, or are decided only by file order.


@_builds("ignored-file", "error")
def ignored_file(name: str, rename: str, why: str) -> Wording:
    """A file in the rules folder that looks like a rule or case file but is never read."""
    return Wording(
        f"'{name}' is never read: {why}. If it holds rules or cases, {rename}; "
        "if not, move it out of the rules folder.",
        found=name,
        expected=rename,
    )


@_builds("smart-quotes", "error")
def smart_quotes(found: str) -> Wording:
    """Curly quotes (Word, Pages, Outlook) where TOML needs straight ones."""
    return Wording(
        f"this line uses the curly quote {found}, which a word processor puts in; rule files "
        'need straight quotes ". Retype the quotes in a plain text editor, or turn off '
        '"smart quotes" in your editor.',
        found=found,
        expected='straight quotes "',
    )


@_builds("single-brackets", "error")
def single_brackets(table: str) -> Wording:
    """``[rule]`` (one table) where ``[[rule]]`` (one more item of a list) is meant."""
    return Wording(
        f"[{table}] has single brackets; each {table} starts with [[{table}]] (double brackets). "
        f"Write [[{table}]] here.",
        key=table,
        found=f"[{table}]",
        expected=f"[[{table}]]",
    )


@_builds("comparison-sign", "error")
def comparison_sign(key: str, sign: str, value: str, written: str) -> Wording:
    """A test written with a comparison sign (``when.age >= 65``), as in a spreadsheet."""
    return Wording(
        f"'{key} {sign} {value}' uses a comparison sign, which rule files do not understand; "
        f"write it as {written}. (The tests are =, .not, .at_least, .at_most, .under, .over.)",
        key=key,
        found=sign,
        expected=written,
    )


@_builds("empty-reason", "error")
def empty_reason(rule: str | None) -> Wording:
    """A ``because`` with no words in it."""
    return Wording(
        f"{_of(rule)}because is empty; it is the reason the patient reads on their result. "
        'Write it in plain words, such as because = "BFR may help you build strength."',
        rule=rule,
        key="because",
        found="",
        expected="a plain-words reason for the patient",
    )


@_builds("empty-file", "warning")
def empty_file() -> Wording:
    """A rule file with no rules in it (only comments, or nothing at all)."""
    return Wording(
        "this rule file has no rules in it. If it was emptied by mistake, restore its rules; "
        "if you meant to remove them, delete the file.",
        expected="at least one [[rule]]",
    )


@_builds("byte-order-mark", "warning")
def byte_order_mark() -> Wording:
    """An invisible UTF-8 byte-order mark (Notepad adds one); read past, but worth removing."""
    return Wording(
        "this file starts with an invisible byte-order mark (BOM), which some editors "
        "(such as Notepad) add. It was read past, but other tools may not; save the file as "
        '"UTF-8" rather than "UTF-8 with BOM".',
        expected="UTF-8 without a BOM",
    )


@_builds("bad-version", "warning")
def bad_version(found: str) -> Wording:
    """A rule set version not written year.month.number."""
    return Wording(
        f'version {found!r} is not written year.month.number, such as "2026.11.1". '
        "Use that form so stored results sort and compare by version; raise the last "
        "number with each change in a month.",
        key="version",
        found=found,
        expected="YYYY.MM.N",
    )


@_builds("overruled", "warning")
def overruled(rule: str, winner: str, why: str) -> Wording:
    """A rule that fires but can never change a result: something always overrules it."""
    return Wording(
        f"rule '{rule}' can never change a result: whenever it fires, {winner} also applies, "
        f"and {why}. Remove the rule, or change its conditions so that it can fire without it.",
        rule=rule,
        found=winner,
    )


@_builds("shadowed-rule", "warning")
def shadowed_rule(rule: str, wider: str, wider_at: Location, identical: bool) -> Wording:
    """A rule that another rule with the same effect always fires with, at the same or higher priority."""
    how = (
        "has the same conditions and effect as"
        if identical
        else "has the same effect as, and only fires when it also fires,"
    )
    return Wording(
        f"rule '{rule}' {how} rule '{wider}' ({wider_at}), whose priority is the same or higher, "
        "so it never changes a recommendation; it only adds its reason to the explanation. "
        f"Remove it (moving any wording you need into '{wider}'), or change its conditions "
        "or effect.",
        rule=rule,
        found=wider,
    )


@_builds("undecided-conflict", "warning")
def undecided_conflict(rule: str, others: Sequence[tuple[str, Location]], priority: int) -> Wording:
    """Suggestions of different therapies that can both fire, decided only by file order."""
    named = ", ".join(f"'{other}' ({at})" for other, at in others)
    return Wording(
        f"rule '{rule}' can fire for the same answers as {named}, and suggests a different "
        f"therapy at the same priority ({priority}), so which one becomes the first step "
        "depends only on the order the files are read in. Give the one that should come "
        "first a higher priority.",
        rule=rule,
        found=[other for other, _ in others],
        expected="different priorities",
    )


# --- issue 11: questions ---


@_builds("core-question-changed", "error")
def core_question_changed(rule: str | None, found: str, allowed: str) -> Wording:
    """Build the error for a change the intake contract forbids to a core question.

    :param found: what the file does to the core question, in plain words.
    :param allowed: what the therapist may do instead.
    """
    return Wording(
        f"core question '{rule}': {found}. The intake contract fixes the core questions' "
        "ids, types and values, because the rules, the API and saved answers rely on them. "
        f"{allowed}",
        rule=rule,
        found=found,
        expected=allowed,
    )


@_builds("skipped-answer-disagrees", "error")
def skipped_answer_disagrees(
    rule: str | None, found: object, disagreement: str, skipping: str
) -> Wording:
    """Build the error for a ``when_skipped`` answer that disagrees with the answers that skip it.

    :param skipping: the answers that skip the question, in words.
    """
    shown = f"[{quoted(found)}]" if isinstance(found, list) else _shown(found)
    return Wording(
        f"question '{rule}': when_skipped is {shown}, but with {skipping} that answer "
        f"and those make the disagreement '{disagreement}'. The web pages would hand the "
        "engine answers a person could not give; set when_skipped to the answer those "
        "answers imply (no pain: no cause, a score of 0, nothing ticked).",
        rule=rule,
        key="when_skipped",
        found=_plain(found),
        expected="an answer that agrees with the answers that skip the question",
    )


@_builds("red-flag-urgency", "error")
def red_flag_urgency(rule: str | None, flag: str, found: object) -> Wording:
    """Build the error for a red flag whose urgency is missing or not one of the three."""
    said = "has no urgency" if found is None else f"has urgency {_shown(found)}"
    return Wording(
        f"red flag '{flag}' {said}; a red flag the contract does not list must say how urgent "
        'it is: add urgency = "emergency" (call the emergency number now), "same_day" '
        '(a doctor today) or "soon" (a doctor within days) to its option.',
        rule=rule,
        key="urgency",
        found=_plain(found),
        expected="emergency, same_day or soon",
    )


@_builds("questions-missing", "warning")
def questions_missing(directory: str) -> Wording:
    """Build the warning for a rules folder without its own questionnaire."""
    return Wording(
        f"{directory} has no questions.toml, so advisor uses the questionnaire it ships with. "
        "To own your questions, copy advisor's questions.toml into this folder (a folder made "
        "with 'advisor rules init' has it), then edit that copy.",
        expected="questions.toml in the rules folder",
    )


# --- issue 11: cases ---


@_builds("rule-disabled", "warning")
def rule_disabled(rule: str) -> Wording:
    """A rule switched off with ``enabled = false``: shown on every check so it is not forgotten."""
    return Wording(
        f"rule '{rule}' is switched off (enabled = false): it is checked, but never fires "
        "and no case can expect it to. To switch it back on, delete the line "
        "enabled = false; if the rule is no longer wanted, delete the rule.",
        rule=rule,
        key="enabled",
        found=False,
        expected="true",
    )


# --- issue 11: gate (a changed rule set goes live only through the gate) ---


@_builds("case-failed", "error")
def case_failed(name: str, differences: Sequence[str]) -> Wording:
    """An example case that does not get what it expects: the rule set may not go live."""
    return Wording(
        f"example case '{name}' does not get what it expects: {'; '.join(differences)}. "
        "The rules in use stay in use. Fix the rule that changed the result, or, if the new "
        "result is right, change what the case expects (run `advisor rules test` to see it).",
        key=name,
        found="; ".join(differences),
        expected="the result the case expects",
    )


@_builds("safety-property-broken", "error")
def safety_property_broken(
    rule: str | None, breach: str, answers: str, times: int, others: Sequence[str] = ()
) -> Wording:
    """A safety invariant of the intake contract that generated answers broke.

    :param rule: the rule most often involved, if any; ``others``: the rest involved.
    """
    also = f" (and {quoted(others[:5])}{', …' if len(others) > 5 else ''})" if others else ""
    blame = (
        f"rule '{rule}'{also} took part. Change its conditions so it does not apply to "
        "these answers, or remove it"
        if not others
        else f"rule '{rule}'{also} took part. Change their conditions so they do not apply to "
        "these answers, or remove them"
        if rule
        else "no rule file is to blame that advisor can tell; this is likely a bug in "
        "advisor, please report it"
    )
    return Wording(
        f"the safety check broke {breach}, in {times} generated answer "
        f"set{'s' * (times != 1)} (for example {answers}). The rules in use stay in use; "
        f"{blame}.",
        rule=rule,
        found=breach,
        expected="every safety invariant of the intake contract holds",
    )


@_builds("many-rules-removed", "error")
def many_rules_removed(removed: Sequence[str], version: str) -> Wording:
    """Several rules gone since the set in use, and the version not raised."""
    shown = ", ".join(removed[:8]) + (", …" if len(removed) > 8 else "")
    return Wording(
        f"{len(removed)} rules of the rule set in use are gone ({shown}), but the version "
        f"is still '{version}': the edit may be half-saved, so the rules in use stay in use. "
        "If you meant to remove them, raise the version in ruleset.toml in the same edit.",
        key="version",
        found=len(removed),
        expected="a raised version when more than a few rules are removed",
    )


@_builds("rules-removed-allowed", "warning")
def rules_removed_allowed(removed: Sequence[str], old: str, new: str) -> Wording:
    """Rules removed on purpose (the version was raised): allowed, and said."""
    shown = ", ".join(removed[:8]) + (", …" if len(removed) > 8 else "")
    return Wording(
        f"{len(removed)} rule{'s' * (len(removed) != 1)} of the rule set in use "
        f"{'are' if len(removed) != 1 else 'is'} gone ({shown}). This is allowed because "
        f"the version changed from '{old}' to '{new}'; check that you meant it.",
        key="version",
        found=len(removed),
    )


@_builds("version-not-raised", "warning")
def version_not_raised(version: str, digest: str) -> Wording:
    """Rule files changed since the set in use, but the version did not."""
    return Wording(
        f"the rule files changed since the rule set in use (version '{version}', digest "
        f"{digest[:12]}), but the version in ruleset.toml is still '{version}'. Raise it, "
        "so results made with the new rules can be told apart from the old.",
        key="version",
        found=version,
        expected="a new version",
    )


@_builds("binary-file", "error")
def binary_file() -> Wording:
    """A file of bytes that are not text (a picture, a document, a program) named like a rule file."""
    return Wording(
        "this file is not text: it looks like a picture, a Word document or a program saved "
        "with a .toml name. Rule files are plain text; move this file out of the rules folder, "
        "or save it again from a text editor.",
        expected="a plain text file",
    )


@_builds("outside-rules", "error")
def outside_rules(target: str, folder: str) -> Wording:
    """A link in the rules folder to a file outside it, which the rule set must not depend on."""
    return Wording(
        f"this file is a link to {target}, outside the rules folder {folder}. A change to that "
        "file would change the rules without anyone editing this folder. Copy the file into "
        "the folder instead of linking to it.",
        found=target,
        expected=f"a file inside {folder}",
    )


@_builds("rules-changing", "error")
def rules_changing(tries: int) -> Wording:
    """Files that changed each time they were read at start: no whole rule set to start with."""
    return Wording(
        f"the rule files changed while they were being read, {tries} times in a row, so there "
        "is no whole rule set to start with. Wait until saving or copying has finished "
        "(or stop what keeps changing them), then start again.",
        found=tries,
    )


# --- issue 13: translations (rules/translations/<code>.toml) ---
# A translation file sits beside the English rule files and questions.toml; every
# message names the section ([rule.<id>], [question.<id>] …) a translator edits.

#: The sections a translation file holds, as a translator writes their headers.
_SECTIONS_WORDS = (
    "[rule.<rule id>], [page.<page id>], [question.<question id>], "
    "[question.<question id>.option.<value>] and [disagreement.<id>]"
)


@_builds("translation-section", "error")
def translation_section(found: str, allowed: Sequence[str]) -> Wording:
    """A top-level key of a translation file that is no kind of section (or not a table)."""
    return Wording(
        f"'{found}' is not a section of a translation file; it holds language = \"…\" and "
        f"the sections {_SECTIONS_WORDS}." + did_you_mean(found, allowed),
        key=found,
        found=found,
        expected=f"one of {quoted(allowed)}",
    )


@_builds("translation-unknown-id", "warning")
def translation_unknown_id(what: str, found: str, known: Sequence[str], where: str) -> Wording:
    """A section translating a rule, page, question, option or disagreement that does not exist.

    :param what: what the id should name: "rule", "page", "question", "option"…
    :param where: where it would be defined ("the rule files", "question 'x' of questions.toml").
    """
    return Wording(
        f"there is no {what} '{found}' in {where}, so there is nothing to translate."
        + did_you_mean(found, known)
        + f" If the {what} was renamed or removed, rename or remove this section too.",
        key=found,
        found=found,
        expected=f"an existing {what}",
    )


@_builds("translation-key", "error")
def translation_key(section: str, key: str, allowed: Sequence[str], why: str) -> Wording:
    """A key a translation cannot have here: not a text, another section's text, or no English;
    or, in a rule file, a text in another language (``because.es``), which has its own file.

    :param section: what holds the key, as the file shows it ("[rule.bfr-x]", "rule 'bfr-x'").
    :param why: why this key cannot be translated here, in plain words.
    """
    takes = f"; it takes {quoted(allowed)}" if allowed else ""
    return Wording(
        f"{section} cannot have '{key}': {why}{takes}." + did_you_mean(key, allowed),
        key=key,
        found=key,
        expected=f"one of {quoted(allowed)}" if allowed else "no key",
    )


#: What is wrong with a translation file's ``language`` line, by kind.
_LANGUAGE_WORDS = {
    "missing": 'this translation file has no language line; add language = "{name}" at its '
    "top (the code of its file name)",
    "not-text": 'language should be a language code in quotes, such as "es" (got {found})',
    "not-name": "language is {found}, but the file is named {file}: they must agree, so "
    'change one (a Spanish file is es.toml with language = "es")',
    "unknown": "{found} is not a known two-letter language code (ISO 639-1); use one such as "
    '"es" for Spanish, and name the file after it',
    "english": '"en" is the language of the rule files and questions.toml themselves; a '
    "translation file is for another language",
}


@_builds("translation-language", "error")
def translation_language(kind: str, found: object, file: str) -> Wording:
    """A ``language`` that is missing, not text, not the file's name, not a known code, or English.

    :param kind: one of ``missing``, ``not-text``, ``not-name``, ``unknown``, ``english``.
    """
    name = file.rsplit("/", 1)[-1].removesuffix(".toml")
    return Wording(
        _LANGUAGE_WORDS[kind].format(found=_shown(found), file=file, name=name) + ".",
        key="language",
        found=_plain(found),
        expected="a two-letter language code, the same as the file's name",
    )


@_builds("translation-fingerprint", "error")
def translation_fingerprint(section: str, key: str, found: object) -> Wording:
    """A fingerprint that is not 8 hexadecimal digits."""
    return Wording(
        f"{section}: the fingerprint of the English {key} should be 8 hexadecimal digits "
        f'(0-9, a-f) in quotes, such as "3f9c2a1b" (got {_shown(found)}). Copy it from the '
        "translation-missing or translation-stale warning that names this text.",
        key=key,
        found=_plain(found),
        expected="8 hexadecimal digits",
    )


@_builds("translation-not-text", "error")
def translation_not_text(section: str, key: str, found: object) -> Wording:
    """A translated text that is not text, or is empty."""
    return Wording(
        f"{section}: {key} should be the translated text in quotes (got {_shown(found)}). "
        "To show the English until it is translated, delete the line instead.",
        key=key,
        found=_plain(found),
        expected="text in quotes",
    )


@_builds("translation-missing", "warning")
def translation_missing(
    language: str, file: str, section: str, key: str, fingerprint: str
) -> Wording:
    """An English text with no translation: shown in English, and marked as such, on that language's pages.

    Without a ``section``, the whole file is missing: every text is in English.
    """
    if not section:
        return Wording(
            f"there is no {language} translation file {file}, so {language}-speaking patients "
            "read every text of the rules and questions in English. Start one with its "
            "language line (docs/translating.md says how).",
            found=file,
            expected=f"a {language} translation file {file}",
        )
    return Wording(
        f"this {key} has no {language} translation, so {language}-speaking patients read it in "
        f'English. Add it to {file}: under {section}, write {key} = "…" and, in its '
        f'english = {{ … }} line, {key} = "{fingerprint}".',
        key=key,
        # The file the text was looked for in, which says the language that lacks it.
        found=file,
        expected=f"a {language} {key} in {file}",
    )


@_builds("translation-stale", "warning")
def translation_stale(
    language: str, section: str, key: str, english_at: Location, fingerprint: str
) -> Wording:
    """A translation written from an older English text: its fingerprint is no longer the English's."""
    return Wording(
        f"{section}: the English {key} ({english_at}) changed after this {language} text was "
        f"written from it, so patients may read an out-of-date {language} text. Make the "
        f'{language} say what the English says now, then write {key} = "{fingerprint}" in '
        "this section's english = { … } line.",
        key=key,
        found=fingerprint,
        expected=f"the {language} of the English at {english_at}",
    )


@_builds("translation-unfingerprinted", "warning")
def translation_unfingerprinted(
    language: str, section: str, key: str, english_at: Location, fingerprint: str
) -> Wording:
    """A translation without the fingerprint of its English: a later English change would go unseen."""
    return Wording(
        f"{section}: this {language} {key} has no fingerprint of the English it translates, "
        "so a later change to the English would go unnoticed. If it says what the English at "
        f'{english_at} says, add {key} = "{fingerprint}" to this section\'s english = {{ … }} line.',
        key=key,
        expected=f'english = {{ {key} = "{fingerprint}" }}',
    )


@_builds("translation-hard-to-read", "warning")
def translation_hard_to_read(
    rule: str, language: str, score: float, limit: float, formula: str
) -> Wording:
    """A translated reason below the reading ease patients should manage (a higher score is easier)."""
    return Wording(
        f"rule '{rule}': the {language} reason scores {score:.1f} on the {formula} reading "
        f"ease, where higher is easier; patients should be able to read it, so aim for "
        f"{limit:g} or above. Use shorter sentences and shorter words.",
        rule=rule,
        key="because",
        found=round(score, 1),
        expected=f"{limit:g} or above",
    )


# --- issue 13: the page templates' gettext catalogues (advisor/translations/) ---


def _from(sources: Sequence[str]) -> str:
    return f" (from {', '.join(sources)})" if sources else ""


@_builds("catalogue-unreadable", "error")
def catalogue_unreadable(detail: str) -> Wording:
    """A .pot or .po file Babel cannot read."""
    return Wording(
        f"this gettext catalogue cannot be read ({detail}). Fix the line it names, or make "
        "it again with pybabel (docs/translating.md).",
        expected="a gettext catalogue",
    )


@_builds("catalogue-missing", "warning")
def catalogue_missing(msgid: str, catalogue: str, sources: Sequence[str], in_file: bool) -> Wording:
    """A page text (msgid) the language's catalogue lacks or leaves empty: shown in English."""
    where = (
        "has no translation here"
        if in_file
        else f"is not in {catalogue}; run pybabel update (docs/translating.md), then translate it"
    )
    return Wording(
        f"{msgid!r}{_from(sources)} {where}, so the page shows it in English.",
        key=msgid,
        expected=f"a translation in {catalogue}",
    )


@_builds("catalogue-stale", "warning")
def catalogue_stale(msgid: str, sources: Sequence[str]) -> Wording:
    """A fuzzy entry: its English changed (or it was guessed), and gettext does not use it."""
    return Wording(
        f"{msgid!r}{_from(sources)} is marked fuzzy: its English changed, or pybabel guessed "
        "its translation from a similar text, so the page shows the English. Check the "
        "translation, then delete the '#, fuzzy' line above it.",
        key=msgid,
        expected="a checked translation without '#, fuzzy'",
    )
