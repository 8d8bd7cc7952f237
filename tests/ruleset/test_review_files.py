"""What a careful reviewer notices about the files themselves (issue 11, point 3).

Files the check never reads, files with no rules, every syntax error at once,
plain words for mistakes a word processor or a spreadsheet habit makes, and a
version not written year.month.number. Each test writes the files it needs.
"""

from __future__ import annotations

import pytest

from advisor.ruleset import check_ruleset, load_ruleset
from advisor.ruleset.cases import load_cases
from advisor.tomlsyntax import MAX_SYNTAX_ERRORS
from tests.conftest import RULES_DIR

PROVENANCE = """\
source = "S"
owner = "O"
review_by = 2099-01-01
"""

GOOD = (
    """\
[[rule]]
id = "bfr-x"
title = "T"
because = "BFR may help you."
when.age.at_least = 65
suggest = "bfr"
"""
    + PROVENANCE
)


@pytest.fixture
def write_rules(write_rules):
    """The shared writer, with a well-formed version, so only the mistake under test shows."""

    def write(**files: str):
        files.setdefault("ruleset", 'version = "2026.11.1"\n')
        return write_rules(**files)

    return write


def found(directory, code=None):
    """Return (code, file name, line, column, message) of each problem, or of one code."""
    return [
        (p.code, p.at.file.rsplit("/", 1)[-1], p.at.line, p.at.column, p.message)
        for p in check_ruleset(directory).problems
        if code is None or p.code == code
    ]


def rule_with(line: str, replacing: str) -> str:
    assert replacing in GOOD
    return GOOD.replace(replacing, line)


# --- files that are never read ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "rename"),
    [
        ("jaw.TOML", "rename it to jaw.toml"),
        ("jaw.Toml", "rename it to jaw.toml"),
        ("jaw.toml.txt", "rename it to jaw.toml"),
        ("sub/jaw.toml", "move it to the rules folder itself as jaw.toml"),
        ("cases/old/jaw.toml", "move it to cases/ as jaw.toml"),
        ("cases/jaw.TOML", "rename it to jaw.toml"),
    ],
)
def test_a_file_that_looks_like_rules_but_is_not_read_is_an_error(write_rules, name, rename):
    """A case variant, a second extension or a subfolder would drop the rules silently."""
    directory = write_rules(bfr=GOOD)
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(GOOD, encoding="utf-8")

    result = check_ruleset(directory)
    [problem] = [p for p in result.problems if p.code == "ignored-file"]

    assert problem.severity == "error"
    assert problem.at.file.endswith(name)
    assert f"'{name}' is never read" in problem.message
    assert rename in problem.message
    assert result.ruleset is None


def test_a_file_with_rules_inside_is_an_error_whatever_its_name(write_rules):
    """A rule file saved without .toml is found by what it starts, [[rule]]."""
    directory = write_rules(bfr=GOOD)
    (directory / "jaw rules.txt").write_text(GOOD, encoding="utf-8")

    [(_, name, line, _, message)] = found(directory, "ignored-file")

    assert (name, line) == ("jaw rules.txt", 1)
    assert "rename it to jaw rules.toml" in message


@pytest.mark.parametrize(
    "name",
    [
        ".DS_Store",
        ".git/config.toml",
        "README.md",
        "notes.txt",
        "jaw.toml~",
        ".jaw.toml.swp",
        "jaw.toml.bak",
        "#jaw.toml#",
        "jaw.toml___jb_tmp___",
    ],
)
def test_hidden_files_notes_and_editor_leftovers_are_left_alone(write_rules, name):
    """Editors write backups and swap files while a file is open; they are not rule files."""
    directory = write_rules(bfr=GOOD)
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# not rules\n" if name == "notes.txt" else GOOD, encoding="utf-8")

    assert found(directory, "ignored-file") == []
    assert check_ruleset(directory).ruleset is not None


# --- empty files ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "# jaw rules, to come\n# (none yet)\n"])
def test_a_rule_file_with_no_rules_is_a_warning(write_rules, text):
    """An emptied file loses its rules; the rest of the rule set still loads."""
    directory = write_rules(bfr=GOOD, jaw=text)

    result = check_ruleset(directory)

    assert [(c, n, line) for c, n, line, *_ in found(directory, "empty-file")] == [
        ("empty-file", "jaw.toml", 1)
    ]
    assert result.ruleset is not None


# --- every syntax error, not only the first -------------------------------------------


def test_every_syntax_error_in_a_file_is_reported_with_its_own_line(write_rules):
    """Errors in three rules are listed at once, each at its line."""
    broken = (
        GOOD.replace('title = "T"', 'title = "T')
        + GOOD.replace("bfr-x", "bfr-y").replace("suggest = ", "suggest == ")
        + GOOD.replace("bfr-x", "bfr-z")
        + GOOD.replace("bfr-x", "bfr-w").replace('"S"', "S")
    )
    directory = write_rules(bfr=broken)

    assert [(code, line) for code, _, line, *_ in found(directory)] == [
        ("toml-syntax", 3),
        ("comparison-sign", 15),
        ("toml-syntax", 34),
    ]


def test_syntax_errors_are_capped(write_rules):
    """A file of nothing but mistakes lists the first ones, not thousands."""
    directory = write_rules(bfr="[[rule]]\nid = x\n" * (MAX_SYNTAX_ERRORS + 5))

    assert len(found(directory, "toml-syntax")) == MAX_SYNTAX_ERRORS


def test_an_unclosed_text_at_the_end_is_one_error_not_a_loop(write_rules):
    """A file that cannot be re-read past its error stops at that error."""
    directory = write_rules(bfr='[[rule]]\nid = "x"\nbecause = """never closed\n\n')

    assert [c for c, *_ in found(directory)] == ["toml-syntax"]


# --- plain words for common mistakes --------------------------------------------------


def test_curly_quotes_name_the_line_and_column(write_rules):
    """Word's “smart” quotes are named, with where, and what to type instead."""
    directory = write_rules(bfr=rule_with("title = “Muscle loss”", 'title = "T"'))

    [(code, _, line, column, message)] = found(directory)

    assert (code, line, column) == ("smart-quotes", 3, 9)
    assert 'straight quotes "' in message


def test_curly_quotes_inside_straight_quotes_are_fine(write_rules):
    """A curly quote inside a reason is text, not a delimiter."""
    text = rule_with('because = "BFR may help with “heavy” days."', 'because = "BFR may help you."')
    directory = write_rules(bfr=text)

    assert check_ruleset(directory).errors == ()


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("when.age >= 65", "when.age.at_least = 65"),
        ("when.age > 64", "when.age.over = 64"),
        ("when.age <= 80", "when.age.at_most = 80"),
        ("when.age < 81", "when.age.under = 81"),
        ("when.pain_intensity == 5", "when.pain_intensity = 5"),
        ("unless.pain_intensity != 5", "unless.pain_intensity.not = 5"),
        ("when.age => 65", "when.age.at_least = 65"),
        ("when.age.at_least >= 65", "when.age.at_least = 65"),
    ],
)
def test_a_comparison_sign_says_how_to_write_the_test(write_rules, written, suggested):
    """``when.age >= 65`` reads like a spreadsheet formula; the message gives the rule-file form."""
    directory = write_rules(bfr=rule_with(written, "when.age.at_least = 65"))

    [(code, _, line, _, message)] = found(directory)

    assert (code, line) == ("comparison-sign", 5)
    assert f"write it as {suggested}." in message


@pytest.mark.parametrize(
    "text",
    [
        GOOD.replace("[[rule]]", "[rule]") + GOOD.replace("[[rule]]", "[rule]"),
        GOOD.replace("[[rule]]", "[rule]") + GOOD + GOOD,
        GOOD + GOOD.replace("[[rule]]", "[rule]"),
    ],
    ids=["twice", "then-double", "after-double"],
)
def test_single_brackets_are_named_where_they_are(write_rules, text):
    """[rule] among other rules is a TOML error; the message points at the [rule] line."""
    directory = write_rules(bfr=text)

    problems = found(directory)

    assert {(c, m.split(";")[0]) for c, _, _, _, m in problems} == {
        ("single-brackets", "[rule] has single brackets")
    }
    assert len(problems) == 1


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('[case]\nname = "a"\n', 1),
        ('[[case]]\nname = "a"\n[case]\nname = "b"\n', 3),
        ("[[case]]\nname = “a”\n", 2),
    ],
    ids=["only-one", "after-double", "curly-quotes"],
)
def test_case_files_get_the_same_plain_words(text, line, tmp_path):
    """A case file with [case] or curly quotes is explained like a rule file."""
    path = tmp_path / "cases.toml"
    path.write_text(text, encoding="utf-8")

    _, [problem] = load_cases([path], load_ruleset(RULES_DIR))

    assert problem.code in ("single-brackets", "smart-quotes")
    assert problem.at.line == line
    assert "[[case]]" in problem.message or "straight quotes" in problem.message


def test_an_empty_reason_says_what_the_reason_is_for(write_rules):
    """``because = ""`` is not "should be text in quotes": it is in quotes, and empty."""
    directory = write_rules(bfr=rule_with('because = ""', 'because = "BFR may help you."'))

    [(code, _, line, _, message)] = found(directory)

    assert (code, line) == ("empty-reason", 4)
    assert "the reason the patient reads" in message


def test_a_byte_order_mark_is_read_past_with_a_warning(write_rules, tmp_path):
    """Notepad's invisible BOM does not stop the rules; a warning says how to save without it."""
    directory = write_rules(bfr=GOOD)
    (directory / "bfr.toml").write_bytes(b"\xef\xbb\xbf" + GOOD.encode())

    result = check_ruleset(directory)

    assert [(p.code, p.severity) for p in result.problems if p.code == "byte-order-mark"] == [
        ("byte-order-mark", "warning")
    ]
    assert [s.id for s in result.ruleset.specs] == ["bfr-x"]


# --- version --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "warned"),
    [
        ("2026.11.1", False),
        ("2027.1.12", False),
        ("banana", True),
        ("2026.13.1", True),
        ("2026.11", True),
        ("v2026.11.1", True),
    ],
)
def test_a_version_not_written_year_month_number_is_a_warning(write_rules, version, warned):
    """year.month.number sorts and reads as raised; anything else still loads."""
    directory = write_rules(bfr=GOOD, ruleset=f'version = "{version}"\n')

    result = check_ruleset(directory)

    assert bool(found(directory, "bad-version")) is warned
    assert result.ruleset is not None


def test_the_shipped_rules_have_a_well_formed_version():
    assert found(RULES_DIR, "bad-version") == []
