"""The exceptions advisor raises, each carrying a list of structured problems.

    AdvisorError
    ├── QuestionnaireInvalid(problems)  the shipped questionnaire is broken (a practice's own is
    │                                   checked with its rules: RuleSetInvalid)
    ├── RuleSetInvalid(problems)        one or more rule files are broken (therapist-owned)
    ├── AnswersInvalid(errors)          a set of answers breaks the intake contract (client input)
    ├── DatabaseUnavailable             the database cannot be reached right now
    ├── SchemaOutOfDate                 the database needs `advisor db upgrade`
    ├── UserError                       a command cannot do what was asked (says why)
    ├── ConfigurationError              a setting cannot be used (names it)
    ├── PracticeInvalid(problems)       the practice profile (practice.toml) is broken
    └── InstallIncomplete               advisor's own templates or default rules are missing

Problems and field errors are data (``advisor.problems.Problem``, and
``FieldError`` here, beside the one exception that carries it); they are
rendered to text only at the edge: the CLI, the API, the web pages. This module
imports nothing of advisor's at run time, so every module can import it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.problems import Problem

__all__ = [
    "AdvisorError",
    "AnswersInvalid",
    "ConfigurationError",
    "DatabaseUnavailable",
    "FieldError",
    "InstallIncomplete",
    "PracticeInvalid",
    "QuestionnaireInvalid",
    "RuleSetInvalid",
    "SchemaOutOfDate",
    "UserError",
]


class AdvisorError(Exception):
    """Base of every error advisor raises on purpose."""


class QuestionnaireInvalid(AdvisorError):
    """The questionnaire definition has errors; ``problems`` lists all of them."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the questionnaire")


class RuleSetInvalid(AdvisorError):
    """The rule files have errors; ``problems`` lists all of them, warnings included."""

    def __init__(self, problems: Sequence[Problem], refused_by: Sequence[str] = ()) -> None:
        self.problems = list(problems)
        #: The gates the rule set did not pass (``advisor.ruleset.gate.GATES``), if it got there.
        self.refused_by = tuple(refused_by)
        errors = sum(1 for p in self.problems if p.severity == "error")
        super().__init__(f"{errors} error(s) in the rule files")


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one answer, as the API's ``errors`` list shows it."""

    field: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class AnswersInvalid(AdvisorError):
    """A set of answers is invalid; ``errors`` has one entry per bad field."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in self.errors))


class DatabaseUnavailable(AdvisorError):
    """The database cannot be reached; nothing was stored."""


class SchemaOutOfDate(AdvisorError):
    """The database schema is not at the version this code needs."""


class UserError(AdvisorError):
    """A command cannot do what was asked (a staff account, a rules folder); the message says why."""


class ConfigurationError(AdvisorError):
    """A setting in the environment or the instance folder cannot be used; the message names it."""


class InstallIncomplete(AdvisorError):
    """advisor's shipped templates or default rules are missing; the message names where it looked."""


class PracticeInvalid(AdvisorError):
    """The practice profile (``practice.toml``) has errors; ``problems`` lists every problem."""

    def __init__(self, problems: Sequence[Problem], path: str) -> None:
        self.problems = list(problems)
        self.path = path
        super().__init__(f"the practice profile {path} cannot be used; fix the errors above")
