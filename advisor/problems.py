"""Problems found in user-authored files, and the catalogue of their messages.

Every problem has the same anatomy (after pyxform's error catalogue): where
(file, line, column), which rule, what was found, what was expected, and how
to fix it when we can tell. Each code has one builder with typed arguments, so
no message can forget a part. Problems are data; ``render`` turns one into the
``path:line:col: severity [code] message`` line that editors can jump to.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file; line and column count from 1."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
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


def display_path(path: Path) -> str:
    """Return ``path`` relative to the working directory when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def quoted(values: Iterable[object]) -> str:
    """Return values as ``'a', 'b', 'c'`` for a message."""
    return ", ".join(f"'{v}'" for v in values)


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


def file_too_large(at: Location, size: int, limit: int) -> Problem:
    return Problem(
        "file-too-large",
        "error",
        at,
        f"this file is {size:,} bytes; a file here may be at most {limit:,} bytes. "
        "Split it into smaller files.",
        found=size,
        expected=f"at most {limit} bytes",
    )


def not_utf8(at: Location, byte: int) -> Problem:
    return Problem(
        "not-utf8",
        "error",
        at,
        f"this file is not UTF-8 text (byte 0x{byte:02x}). Save it as UTF-8 in your editor.",
        found=f"0x{byte:02x}",
        expected="UTF-8 text",
    )


def toml_syntax(at: Location, detail: str) -> Problem:
    return Problem(
        "toml-syntax",
        "error",
        at,
        f"this is not valid TOML: {detail}. "
        "Check the quotes around text, the brackets around lists, and that each "
        "key = value pair is on its own line.",
        expected="valid TOML",
    )


def no_rules(at: Location, directory: str, exists: bool = True) -> Problem:
    return Problem(
        "no-rules",
        "error",
        at,
        f"no rule files (*.toml) were found in {directory}."
        if exists
        else f"there is no folder {directory}; give the folder that holds the rule files.",
        expected="at least one rule file",
    )


def missing_manifest(at: Location) -> Problem:
    return Problem(
        "missing-manifest",
        "error",
        at,
        'the rule set has no ruleset.toml; add one with a line like version = "2026.1".',
        expected="ruleset.toml with a version",
    )


def unknown_key(
    at: Location, rule: str | None, key: str, allowed: Sequence[str], where: str
) -> Problem:
    return Problem(
        "unknown-key",
        "error",
        at,
        f"{_of(rule)}'{key}' is not a key {where}; it takes {quoted(allowed)}."
        + did_you_mean(key, allowed),
        rule=rule,
        key=key,
        found=key,
        expected=f"one of {quoted(allowed)}",
    )


def wrong_type(at: Location, rule: str | None, key: str, found: object, expected: str) -> Problem:
    return Problem(
        "wrong-type",
        "error",
        at,
        f"{_of(rule)}{key} should be {expected} (got {_shown(found)}).",
        rule=rule,
        key=key,
        found=_plain(found),
        expected=expected,
    )


def missing_field(at: Location, rule: str | None, key: str, what: str) -> Problem:
    return Problem(
        "missing-field",
        "error",
        at,
        f"{_of(rule)}'{key}' is missing; add {what}.",
        rule=rule,
        key=key,
        expected=what,
    )


def bad_id(at: Location, rule: str) -> Problem:
    return Problem(
        "bad-id",
        "error",
        at,
        f"rule id '{rule}' should be lower-case words joined by hyphens, topic first, "
        "like 'bfr-knee-oa-weakness'.",
        rule=rule,
        key="id",
        found=rule,
        expected="kebab-case id",
    )


def reserved_id(at: Location, rule: str) -> Problem:
    return Problem(
        "reserved-id",
        "error",
        at,
        f"rule id '{rule}' starts with 'safety.', which is kept for the engine's own "
        "safety checks; choose another id.",
        rule=rule,
        key="id",
        found=rule,
        expected="an id not starting with 'safety.'",
    )


def duplicate_id(at: Location, rule: str, first: Location) -> Problem:
    return Problem(
        "duplicate-id",
        "error",
        at,
        f"rule '{rule}' is already defined at {first}; give one of them a new id.",
        rule=rule,
        key="id",
        found=rule,
        expected="a unique id",
    )


def unknown_question(
    at: Location, rule: str | None, name: str, questions: Sequence[str]
) -> Problem:
    return Problem(
        "unknown-question",
        "error",
        at,
        f"{_of(rule)}'{name}' is not a question." + did_you_mean(name, questions),
        rule=rule,
        key=name,
        found=name,
        expected="a question id",
    )


def value_not_allowed(
    at: Location, rule: str | None, question: str, found: object, allowed: Sequence[str]
) -> Problem:
    return Problem(
        "value-not-allowed",
        "error",
        at,
        f"{_of(rule)}{question} cannot be {_shown(found)}; it is one of {quoted(allowed)}."
        + (did_you_mean(found, allowed) if isinstance(found, str) else ""),
        rule=rule,
        key=question,
        found=_plain(found),
        expected=f"one of {quoted(allowed)}",
    )


def number_out_of_range(
    at: Location, rule: str | None, question: str, found: int, low: int, high: int
) -> Problem:
    return Problem(
        "number-out-of-range",
        "error",
        at,
        f"{_of(rule)}{question} cannot be {found}; it is a whole number from {low} to {high}.",
        rule=rule,
        key=question,
        found=found,
        expected=f"a whole number from {low} to {high}",
    )


def unknown_operator(
    at: Location, rule: str | None, question: str, kind: str, found: str, allowed: Sequence[str]
) -> Problem:
    return Problem(
        "unknown-operator",
        "error",
        at,
        f"{_of(rule)}'{found}' cannot be used on {question}, a {_kind_words(kind)} question; "
        f"use one of {quoted(allowed)}." + did_you_mean(found, allowed),
        rule=rule,
        key=f"{question}.{found}",
        found=found,
        expected=f"one of {quoted(allowed)}",
    )


def informational_question(at: Location, rule: str | None, question: str) -> Problem:
    return Problem(
        "informational-question",
        "error",
        at,
        f"{_of(rule)}{question} is for information only and may never change a "
        "recommendation (safety invariant 5); remove this condition.",
        rule=rule,
        key=question,
        found=question,
        expected="a clinical question",
    )


def empty_condition(at: Location, rule: str | None, key: str) -> Problem:
    return Problem(
        "empty-condition",
        "error",
        at,
        f"{_of(rule)}{key} has nothing in it; add a value or remove it.",
        rule=rule,
        key=key,
        expected="at least one value",
    )


def no_effect(at: Location, rule: str) -> Problem:
    return Problem(
        "no-effect",
        "error",
        at,
        f"rule '{rule}' has no effect; add one of: suggest, block, consult, urgent_care.",
        rule=rule,
        expected="one effect",
    )


def several_effects(at: Location, rule: str, effects: Sequence[str]) -> Problem:
    return Problem(
        "several-effects",
        "error",
        at,
        f"rule '{rule}' has {len(effects)} effects ({quoted(effects)}); a rule has exactly one. "
        "Split it into one rule per effect.",
        rule=rule,
        found=list(effects),
        expected="one effect",
    )


def bad_date(at: Location, rule: str | None, key: str, found: object) -> Problem:
    return Problem(
        "bad-date",
        "error",
        at,
        f"{_of(rule)}{key} should be a date like 2027-06-30 (got {_shown(found)}).",
        rule=rule,
        key=key,
        found=_plain(found),
        expected="a date YYYY-MM-DD",
    )


def rules_removed(at: Location, held: int, gone: bool) -> Problem:
    now = "is gone" if gone else "now holds none"
    return Problem(
        "rules-removed",
        "error",
        at,
        f"this file held {held} rule{'s' * (held != 1)} and {now}: it may be half-saved, so the "
        "running server keeps the rules it has. If you meant to remove them, raise the version "
        "in ruleset.toml in the same edit.",
        found=held,
    )


def internal_error(at: Location, detail: str) -> Problem:
    return Problem(
        "internal-error",
        "error",
        at,
        f"Internal error: advisor failed while checking this file ({detail}). "
        "This is a bug in advisor, not in your file; please report it.",
    )


def missing_source(at: Location, rule: str) -> Problem:
    return Problem(
        "missing-source",
        "warning",
        at,
        f"rule '{rule}' has no source; name the guideline or paper it rests on.",
        rule=rule,
        key="source",
        expected="a clinical source",
    )


def missing_owner(at: Location, rule: str) -> Problem:
    return Problem(
        "missing-owner",
        "warning",
        at,
        f"rule '{rule}' has no owner; name the clinician who looks after it.",
        rule=rule,
        key="owner",
        expected="an owner",
    )


def missing_review_by(at: Location, rule: str) -> Problem:
    return Problem(
        "missing-review-by",
        "warning",
        at,
        f"rule '{rule}' has no review_by date; add one like review_by = 2027-06-30.",
        rule=rule,
        key="review_by",
        expected="a review date",
    )


def review_overdue(at: Location, rule: str, due: object, owner: str | None) -> Problem:
    who = f" ({owner})" if owner else ""
    return Problem(
        "review-overdue",
        "warning",
        at,
        f"rule '{rule}' was due for review on {due}{who}; check it against its source "
        "and set a new review_by date.",
        rule=rule,
        key="review_by",
        found=str(due),
        expected="a date in the future",
    )


def never_fires(at: Location, rule: str, reason: str) -> Problem:
    return Problem(
        "never-fires",
        "warning",
        at,
        f"rule '{rule}' can never fire: {reason}.",
        rule=rule,
    )


def no_conditions(at: Location, rule: str) -> Problem:
    return Problem(
        "no-conditions",
        "warning",
        at,
        f"rule '{rule}' has no conditions, so it fires for everyone; add a [when] condition "
        "if that is not meant.",
        rule=rule,
    )


def unread_question(at: Location, question: str) -> Problem:
    return Problem(
        "unread-question",
        "warning",
        at,
        f"no rule reads the question '{question}'; its answer never affects a result.",
        key=question,
    )


def urgency_differs(at: Location, rule: str, found: str, expected: str) -> Problem:
    return Problem(
        "urgency-differs",
        "warning",
        at,
        f"rule '{rule}' gives urgency '{found}', but the intake contract grades these "
        f"red flags '{expected}'; the engine uses the contract's grading.",
        rule=rule,
        key="urgent_care",
        found=found,
        expected=expected,
    )


def discouraged_phrase(at: Location, rule: str, phrase: str, kind: str, suggestion: str) -> Problem:
    return Problem(
        "discouraged-phrase",
        "warning",
        at,
        f"rule '{rule}': the reason says '{phrase}', which {kind}. {suggestion}",
        rule=rule,
        key="because",
        found=phrase,
        expected=suggestion,
    )


def hard_to_read(at: Location, rule: str, grade: float, limit: float) -> Problem:
    return Problem(
        "hard-to-read",
        "warning",
        at,
        f"rule '{rule}': the reason reads at US school grade {grade:.1f} (Flesch-Kincaid); "
        f"patients should be able to read it at grade {limit:g} or below. "
        "Use shorter sentences and shorter words.",
        rule=rule,
        key="because",
        found=round(grade, 1),
        expected=f"grade {limit:g} or below",
    )


def names_no_therapy(
    at: Location, rule: str, missing: Sequence[Sequence[str]], any_treatment: bool = False
) -> Problem:
    """Build the warning for a reason that does not say which therapy it is about.

    :param missing: for each therapy not named, the names that would do, short name first.
    :param any_treatment: the rule is about every therapy, so "any treatment" would do too.
    """
    names = " and ".join(
        f"'{short}'" + "".join(f" (or '{other}')" for other in others) for short, *others in missing
    )
    return Problem(
        "names-no-therapy",
        "warning",
        at,
        f"rule '{rule}': the reason does not name the "
        f"{'therapies' if any_treatment else 'therapy'} it is about; add {names}"
        + (", or say 'any treatment'," if any_treatment else "")
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
