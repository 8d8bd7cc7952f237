"""Warnings a therapist can act on: provenance, rules that never fire, unread questions."""

from __future__ import annotations

import datetime
import textwrap

import pytest

from advisor.ruleset import check_ruleset


def warnings(directory, today=datetime.date(2026, 11, 25)) -> dict[str, list[str]]:
    result = check_ruleset(directory, today=today)
    found: dict[str, list[str]] = {}
    for problem in result.problems:
        assert problem.severity == "warning", problem.render()
        found.setdefault(problem.code, []).append(problem.message)
    return found


PROVENANCE = """\
source = "S"
owner = "O"
review_by = 2099-01-01
"""

#: A rule that suggests BFR to everyone; each test adds the conditions it is about.
BFR_FOR_EVERYONE = """\
[[rule]]
id = "bfr-x"
title = "T"
because = "B"
suggest = "bfr"
"""


def rule(body: str, provenance: str = PROVENANCE) -> str:
    """Return the BFR rule with ``body`` and ``provenance`` added (both dedented)."""
    return BFR_FOR_EVERYONE + textwrap.dedent(body) + textwrap.dedent(provenance)


def test_shipped_rules_have_no_warnings(default_ruleset):
    """The default rule set reads every question, and every rule can fire and has provenance."""
    assert default_ruleset.warnings == ()


def test_overdue_review_names_the_date_and_owner(write_rules):
    """A rule past its review date is flagged, with who owns it."""
    directory = write_rules(
        bfr=rule(
            "when.age.at_least = 65\n",
            """\
                source = "S"
                owner = "Dr Lee"
                review_by = 2026-01-31
                """,
        )
    )

    assert warnings(directory)["review-overdue"] == [
        "rule 'bfr-x' was due for review on 2026-01-31 (Dr Lee); check it against its source "
        "and set a new review_by date."
    ]


def test_missing_provenance_is_flagged(write_rules):
    """A rule without source, owner or review date gets a warning for each."""
    found = warnings(write_rules(bfr=rule("when.age.at_least = 65\n", "")))

    assert {"missing-source", "missing-owner", "missing-review-by"} <= set(found)


@pytest.mark.parametrize(
    ("conditions", "reason"),
    [
        (
            """\
            when.pain_sources.any_of = ["diet"]
            when.pain_sources.empty = true
            """,
            "it needs pain_sources includes any of ['diet'] and pain_sources is empty at the same time",
        ),
        (
            """\
            when.age.under = 18
            when.age.over = 65
            """,
            "it needs age is under 18 and age is over 65 at the same time",
        ),
        (
            """\
            when.surgery = "none"
            unless.surgery = "none"
            """,
            "it needs surgery is 'none' and not (surgery is 'none') at the same time",
        ),
        (
            """\
            when.surgery = "none"
            when.surgery_site = "spine"
            """,
            "it needs an answer to surgery_site, which is only asked when surgery is not 'none', "
            "but it also needs surgery is 'none'",
        ),
    ],
    ids=["any-of-and-empty", "under-18-and-over-65", "when-and-unless-alike", "branch-not-asked"],
)
def test_rule_that_can_never_fire_is_flagged(write_rules, conditions, reason):
    """Contradictory conditions, including ones across a branching question, are found."""
    found = warnings(write_rules(bfr=rule(conditions)))

    assert found["never-fires"] == [f"rule 'bfr-x' can never fire: {reason}."]


def test_satisfiable_rule_is_not_flagged(write_rules):
    """Conditions that some answers meet raise no never-fires warning."""
    found = warnings(
        write_rules(
            bfr=rule(
                """\
            when.pain_sources.any_of = ["diet"]
                when.pain_sources.none_of = ["stress"]
                unless.age.under = 18
                """
            )
        )
    )

    assert "never-fires" not in found


def test_questions_no_rule_reads_are_listed(write_rules):
    """Each clinical question no rule reads is named; insurance (informational) is not."""
    found = warnings(write_rules(bfr=rule("when.age.at_least = 65\n")))

    unread = found["unread-question"]
    assert "no rule reads the question 'red_flags'; its answer never affects a result." in unread
    assert not any("insurance" in m for m in unread)
    assert not any("'age'" in m for m in unread)


def test_rule_without_conditions_is_flagged(write_rules):
    """A rule with no conditions fires for everyone; that is worth a look."""
    assert "no-conditions" in warnings(write_rules(bfr=rule("")))


def test_red_flag_rule_graded_unlike_the_contract_is_flagged(write_rules):
    """The contract fixes each flag's urgency; a rule saying otherwise is pointed out."""
    directory = write_rules(
        flags=(
            """\
            [[rule]]
            id = "red-flag-x"
            title = "T"
            because = "B"
            when.red_flags.any_of = ["chest_pain"]
            urgent_care = "soon"
            source = "S"
            owner = "O"
            review_by = 2099-01-01
            """
        )
    )

    assert "urgency-differs" in warnings(directory)


def test_warnings_do_not_stop_loading(write_rules):
    """A rule set with only warnings loads."""
    assert check_ruleset(write_rules(bfr=rule("", ""))).ruleset is not None
