"""The rule set the developer tests run against, and its questionnaire.

It is ``$ADVISOR_RULES_DIR`` when set (a practice's own rules: ``.ci/run`` sets it
to a copy with the rules guide's worked example), else the shipped rules. Tests
read the questions from here, never from the shipped file, so that a therapist's
valid addition (an optional question, a value on a tick-any list, a red flag
with its urgency) is asked, answered and generated like any other question.
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

from advisor.questionnaire import Questionnaire, default_questionnaire, load_questionnaire
from advisor.ruleset import QUESTIONS, RuleSet, default_rules_dir, load_ruleset

__all__ = [
    "RULES_DIR",
    "copy_questions",
    "files_checked",
    "questionnaire_under_test",
    "ruleset_under_test",
]

RULES_DIR = default_rules_dir()


@functools.cache
def questionnaire_under_test() -> Questionnaire:
    """Return the questionnaire of the rules under test (the shipped one if they have none)."""
    path = RULES_DIR / QUESTIONS
    return load_questionnaire(path) if path.is_file() else default_questionnaire()


@functools.cache
def ruleset_under_test() -> RuleSet:
    """Return the rule set under test, loaded once (its translations included)."""
    return load_ruleset(RULES_DIR)


def copy_questions(directory: Path) -> None:
    """Give a rules directory a test writes the questions of the rules under test."""
    path = RULES_DIR / QUESTIONS
    if path.is_file():
        shutil.copyfile(path, directory / QUESTIONS)


def files_checked(directory: Path) -> int:
    """Return how many files `rules check` reads in a rules directory (rules, questions,
    manifest and translations), as its summary line counts them.
    """
    return len(list(directory.glob("*.toml"))) + len(list(directory.glob("translations/*.toml")))
