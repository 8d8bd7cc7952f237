"""One test per problem code: an inline rule file in, the exact problem out (file, line, rule, message).

Errors are collected all at once, so each test also shows that one mistake
does not hide another.
"""

from __future__ import annotations

import textwrap

import pytest

from advisor.exceptions import RuleSetInvalid
from advisor.ruleset import check_ruleset, load_ruleset

PROVENANCE = """\
source = "S"
owner = "O"
review_by = 2099-01-01
"""


def errors(directory) -> list[tuple[str, int, int, str | None, str]]:
    result = check_ruleset(directory)
    return [(p.code, p.at.line, p.at.column, p.rule, p.message) for p in result.errors]


def rule(body: str) -> str:
    """Return a ``[[rule]]`` with the given keys (dedented), the provenance added."""
    return "[[rule]]\n" + textwrap.dedent(body) + PROVENANCE


def test_valid_rule_file_loads(write_rules):
    """A complete rule loads with no problems."""
    directory = write_rules(
        bfr=rule(
            """\
            id = "bfr-older"
            title = "T"
            because = "B"
            when.age.at_least = 65
            suggest = "bfr"
            """
        )
    )

    result = check_ruleset(directory)

    assert result.errors == ()
    assert result.ruleset is not None


def test_toml_syntax__names_line_and_column(write_rules):
    """A syntax error names where the parser stopped and how to fix it."""
    directory = write_rules(
        bfr="""\
        [[rule]]
        id = "x"
        title = "unclosed
        """
    )

    [(code, line, column, rule_id, message)] = errors(directory)

    assert (code, line, column, rule_id) == ("toml-syntax", 3, 18, None)
    assert message.startswith("this is not valid TOML: Illegal character")
    assert "Check the quotes around text" in message


def test_unknown_question__suggests_the_near_miss(write_rules):
    """A misspelt question id is named, with a Did-you-mean."""
    directory = write_rules(
        bfr=rule(
            """\
            id = "bfr-x"
            title = "T"
            because = "B"
            when.muscle_weaknes = "mild"
            suggest = "bfr"
            """
        )
    )

    assert errors(directory) == [
        (
            "unknown-question",
            5,
            1,
            "bfr-x",
            "rule 'bfr-x': 'muscle_weaknes' is not a question. Did you mean 'muscle_weakness'?",
        )
    ]


def test_value_not_allowed__lists_the_allowed_values(write_rules):
    """A value a question does not allow is named with the allowed ones."""
    directory = write_rules(
        bfr=rule(
            """\
            id = "bfr-x"
            title = "T"
            because = "B"
            when.surgery = "recent"
            suggest = "bfr"
            """
        )
    )

    assert errors(directory) == [
        (
            "value-not-allowed",
            5,
            16,
            "bfr-x",
            "rule 'bfr-x': surgery cannot be 'recent'; it is one of 'none', 'under_6_weeks', "
            "'6_weeks_to_6_months', 'over_6_months'.",
        )
    ]


def test_value_not_allowed__points_at_the_list_item(write_rules):
    """In a list, the bad item itself is located."""
    directory = write_rules(
        bfr=rule(
            """\
            id = "bfr-x"
            title = "T"
            because = "B"
            when.conditions.any_of = ["osteoarthritis", "knee"]
            suggest = "bfr"
            """
        )
    )

    [(code, line, column, _, message)] = errors(directory)

    assert (code, line, column) == ("value-not-allowed", 5, 45)
    assert "conditions cannot be 'knee'" in message


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ('when.age = "old"', "rule 'bfr-x': when.age should be a whole number (got 'old')."),
        (
            'when.conditions = "neuropathy"',
            "rule 'bfr-x': when.conditions should be a table of tests for a tick-any question, "
            "such as conditions.any_of = [...] (or all_of, none_of, empty) (got 'neuropathy').",
        ),
        (
            'when.conditions.any_of = "neuropathy"',
            "rule 'bfr-x': when.conditions.any_of should be a list in brackets, such as "
            "['a', 'b'] (got 'neuropathy').",
        ),
        (
            "when.conditions.empty = 1",
            "rule 'bfr-x': when.conditions.empty should be true or false (got 1).",
        ),
        (
            "when.surgery = 3",
            "rule 'bfr-x': when.surgery should be text in quotes, such as 'yes' (got 3).",
        ),
    ],
)
def test_wrong_type__says_what_was_expected(write_rules, condition, expected):
    """A value of the wrong type says what the key takes."""
    directory = write_rules(
        bfr=rule(f'id = "bfr-x"\ntitle = "T"\nbecause = "B"\n{condition}\nsuggest = "bfr"\n')
    )

    assert [(c, m) for c, _, _, _, m in errors(directory)] == [("wrong-type", expected)]


def test_number_out_of_range(write_rules):
    """A number outside a question's range is refused."""
    directory = write_rules(
        bfr=rule(
            """\
            id = "bfr-x"
            title = "T"
            because = "B"
            when.age.at_least = 200
            suggest = "bfr"
            """
        )
    )

    assert errors(directory) == [
        (
            "number-out-of-range",
            5,
            21,
            "bfr-x",
            "rule 'bfr-x': age cannot be 200; it is a whole number from 0 to 120.",
        )
    ]


def test_unknown_operator__lists_the_ones_for_that_type(write_rules):
    """An operator that does not fit the question's type names the ones that do."""
    directory = write_rules(
        bfr=rule(
            """\
            id = "bfr-x"
            title = "T"
            because = "B"
            when.conditions.any_off = ["neuropathy"]
            suggest = "bfr"
            """
        )
    )

    assert errors(directory) == [
        (
            "unknown-operator",
            5,
            1,
            "bfr-x",
            "rule 'bfr-x': 'any_off' cannot be used on conditions, a tick-any question; use one of "
            "'any_of', 'all_of', 'none_of', 'empty'. Did you mean 'any_of'?",
        )
    ]


def test_informational_question_cannot_be_read(write_rules):
    """A rule that reads insurance is refused (safety invariant 5)."""
    directory = write_rules(
        bfr=rule(
            """\
            id = "bfr-x"
            title = "T"
            because = "B"
            when.insurance = "medicare"
            suggest = "bfr"
            """
        )
    )

    assert [c for c, *_ in errors(directory)] == ["informational-question"]


def test_duplicate_id__names_the_first_definition(write_rules):
    """Two rules with one id: the second is refused, naming where the first is."""
    one = rule("""\
        id = "nmt-x"
        title = "T"
        because = "B"
        when.age.at_least = 1
        suggest = "nmt"
        """)
    directory = write_rules(a=one, b=one)

    [(code, line, _, rule_id, message)] = errors(directory)

    assert (code, line, rule_id) == ("duplicate-id", 1, "nmt-x")
    assert message.endswith("a.toml:1:1; give one of them a new id.")


def test_duplicate_id__is_found_even_when_the_rule_has_other_problems(write_rules):
    """A duplicated id is reported alongside the copy's own mistakes."""
    good = rule(
        """\
        id = "nmt-x"
        title = "T"
        because = "B"
        when.age.at_least = 1
        suggest = "nmt"
        """
    )
    bad = rule("""\
        id = "nmt-x"
        title = "T"
        because = "B"
        when.surgery = "soon"
        suggest = "nmt"
        """)

    codes = sorted(c for c, *_ in errors(write_rules(a=good, b=bad)))

    assert codes == ["duplicate-id", "value-not-allowed"]


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("id", "'id' is missing; add an id like 'bfr-knee-oa-weakness'."),
        ("title", "rule 'bfr-x': 'title' is missing; add a short title."),
        (
            "because",
            "rule 'bfr-x': 'because' is missing; add a plain-words reason for the patient.",
        ),
    ],
)
def test_missing_field(write_rules, field, expected):
    """A rule without id, title or because is refused."""
    lines = {"id": 'id = "bfr-x"\n', "title": 'title = "T"\n', "because": 'because = "B"\n'}
    del lines[field]
    directory = write_rules(bfr=rule("".join(lines.values()) + 'suggest = "bfr"\n'))

    assert [(c, m) for c, _, _, _, m in errors(directory)] == [("missing-field", expected)]


def test_no_effect(write_rules):
    """A rule that does nothing is refused, listing the effects it could have."""
    directory = write_rules(
        bfr=rule("""\
        id = "bfr-x"
        title = "T"
        because = "B"
        """)
    )

    assert errors(directory) == [
        (
            "no-effect",
            1,
            1,
            "bfr-x",
            "rule 'bfr-x' has no effect; add one of: suggest, block, consult, urgent_care.",
        )
    ]


def test_several_effects(write_rules):
    """A rule has exactly one effect."""
    directory = write_rules(
        bfr=rule("""\
            id = "bfr-x"
            title = "T"
            because = "B"
            suggest = "bfr"
            block = "nmt"
            """)
    )

    assert [c for c, *_ in errors(directory)] == ["several-effects"]


@pytest.mark.parametrize(
    ("effect", "message"),
    [
        (
            'suggest = "massage"',
            "rule 'bfr-x': suggest cannot be 'massage'; it is one of 'bfr', 'nmt'.",
        ),
        (
            'urgent_care = "now"',
            "rule 'bfr-x': urgent_care cannot be 'now'; it is one of 'emergency', 'same_day', 'soon'.",
        ),
    ],
)
def test_effect_target_not_allowed(write_rules, effect, message):
    """An effect's value must be a therapy (or 'all' for consult) or an urgency."""
    directory = write_rules(bfr=rule(f'id = "bfr-x"\ntitle = "T"\nbecause = "B"\n{effect}\n'))

    assert [(c, m) for c, _, _, _, m in errors(directory)] == [("value-not-allowed", message)]


@pytest.mark.parametrize(
    ("rule_id", "code"),
    [("Bfr Knee", "bad-id"), ("safety.mine", "reserved-id")],
)
def test_rule_ids_are_kebab_case_and_not_reserved(write_rules, rule_id, code):
    """Ids are kebab-case; 'safety.' belongs to the engine."""
    directory = write_rules(
        bfr=rule(f"""\
            id = "{rule_id}"
            title = "T"
            because = "B"
            suggest = "bfr"
            """)
    )

    assert [c for c, *_ in errors(directory)] == [code]


def test_unknown_key__suggests_the_near_miss(write_rules):
    """A misspelt rule key is named with a Did-you-mean."""
    directory = write_rules(
        bfr=rule("""\
        id = "bfr-x"
        title = "T"
        becuase = "B"
        suggest = "bfr"
        """)
    )

    codes = {c: m for c, _, _, _, m in errors(directory)}

    assert "Did you mean 'because'?" in codes["unknown-key"]
    assert "missing-field" in codes


def test_single_brackets_for_a_rule__says_to_use_double(write_rules):
    """[rule] instead of [[rule]] is explained."""
    directory = write_rules(
        bfr="""\
        [rule]
        id = "x"
        """
    )

    [(code, _, _, _, message)] = errors(directory)

    assert code == "single-brackets"
    assert "[[rule]] (double brackets)" in message


def test_bad_review_date(write_rules):
    """review_by must be a date."""
    directory = write_rules(
        bfr=(
            """\
            [[rule]]
            id = "bfr-x"
            title = "T"
            because = "B"
            suggest = "bfr"
            review_by = "next spring"
            """
        )
    )

    assert [c for c, *_ in errors(directory)] == ["bad-date"]


def test_empty_list_condition(write_rules):
    """any_of = [] tests nothing and is refused."""
    directory = write_rules(
        bfr=rule(
            """\
            id = "bfr-x"
            title = "T"
            because = "B"
            when.conditions.any_of = []
            suggest = "bfr"
            """
        )
    )

    assert [c for c, *_ in errors(directory)] == ["empty-condition"]


def test_file_too_large(write_rules):
    """A file over the size cap is not parsed."""
    directory = write_rules(bfr="# " + "x" * (1024 * 1024) + "\n")

    assert [c for c, *_ in errors(directory)] == ["file-too-large"]


def test_tab_in_the_wrong_place_is_a_located_syntax_error(write_rules):
    """A tab inside a key is a syntax error with its position, not a traceback."""
    directory = write_rules(bfr='[[rule]]\nid\t= "x"\nti\ttle = "T"\n')

    [(code, line, *_)] = errors(directory)

    assert (code, line) == ("toml-syntax", 3)


def test_missing_manifest_and_empty_directory(tmp_path):
    """A directory without ruleset.toml or rule files says what it needs."""
    (tmp_path / "rules").mkdir()

    codes = [c for c, *_ in errors(tmp_path / "rules")]

    assert codes == ["missing-manifest", "no-rules"]


def test_every_problem_is_reported_at_once(write_rules):
    """Problems in several rules and files are all collected before loading fails."""
    directory = write_rules(
        bfr=rule("""\
            id = "bfr-a"
            title = "T"
            because = "B"
            when.age = "x"
            suggest = "bfr"
            """)
        + rule("""\
            id = "bfr-b"
            title = "T"
            because = "B"
            """),
        nmt="""\
            [[rule]]
            id = "x
            """,
    )

    with pytest.raises(RuleSetInvalid) as caught:
        load_ruleset(directory)

    assert sorted(p.code for p in caught.value.problems if p.severity == "error") == [
        "no-effect",
        "toml-syntax",
        "wrong-type",
    ]


def test_problem_as_data_names_file_line_rule_and_expectation(write_rules):
    """A problem's data form carries everything an editor or /healthz needs."""
    directory = write_rules(
        bfr=rule(
            """\
            id = "bfr-x"
            title = "T"
            because = "B"
            when.surgery = "recent"
            suggest = "bfr"
            """
        )
    )

    [problem] = check_ruleset(directory).errors
    data = problem.to_dict()

    assert data["file"].endswith("bfr.toml")
    assert (data["line"], data["rule"], data["code"], data["found"]) == (
        5,
        "bfr-x",
        "value-not-allowed",
        "recent",
    )
    assert data["severity"] == "error"
    assert data["expected"].startswith("one of 'none'")
