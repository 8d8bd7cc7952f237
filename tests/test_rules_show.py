"""``advisor rules show``: every rule as one sentence, grouped by file, in four formats."""

from __future__ import annotations

import csv
import io
import re

import pytest

from advisor.cli import cli
from advisor.ruleset.listing import CSV_COLUMNS
from tests.conftest import RULES_DIR

PROVENANCE = 'source = "S"\nowner = "O"\nreview_by = 2099-01-01\n'


def show(runner, *args: str):
    return runner.invoke(cli, ["rules", "show", *args])


def test_text_groups_every_rule_under_its_file_with_line_and_sentence(runner, default_ruleset):
    """The terminal form: each file, then each rule with id, file:line, title and sentence."""
    result = show(runner, str(RULES_DIR))

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"Rules version {default_ruleset.info.version} ")
    for name, ids in default_ruleset.rule_files.items():
        assert f"rules/{name} ({len(ids)} rules)" in out
    assert "  bfr-weakness-older-adult  (rules/bfr.toml:" in out
    assert "If muscle weakness is “Yes, and it makes moving or daily tasks harder”" in out
    assert out.count("    Source: ") == len(default_ruleset.specs)


def test_markdown_has_a_heading_per_file_and_per_rule(runner, default_ruleset):
    """Files are level-2 headings and rules level-3, so the document has an outline."""
    out = show(runner, "--format", "markdown", str(RULES_DIR)).stdout

    assert out.startswith(f"# Rules, version {default_ruleset.info.version}\n")
    assert len(re.findall(r"^## ", out, re.MULTILINE)) == len(default_ruleset.rule_files)
    assert len(re.findall(r"^### ", out, re.MULTILINE)) == len(default_ruleset.specs)
    assert "### Weakness at 65 or over (`bfr-weakness-older-adult`)" in out


def test_csv_is_one_row_per_rule_with_the_review_columns(runner, default_ruleset):
    """A spreadsheet for a clinical lead: the columns asked for, then one row a rule, in order."""
    out = show(runner, "--format", "csv", str(RULES_DIR)).stdout

    assert out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out[1:])))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r[2] for r in rows[1:]] == [s.id for s in default_ruleset.specs]
    older = next(
        dict(zip(CSV_COLUMNS, r, strict=True)) for r in rows if r[2] == "bfr-weakness-older-adult"
    )
    assert (older["file"], older["effect"], older["target"], older["priority"]) == (
        "rules/bfr.toml",
        "suggest",
        "bfr",
        "20",
    )
    assert older["sentence"].startswith("If muscle weakness is")
    assert older["review_by"] == "2027-05-31"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_a_spreadsheet_would_run_are_neutralised(runner, write_rules, start):
    """A title or source starting like a formula is shown as text, as in the staff export."""
    directory = write_rules(
        one=f'[[rule]]\nid = "bfr-x"\ntitle = "{start}T"\nbecause = "BFR may help."\n'
        f'suggest = "bfr"\nsource = "{start}SUM(A1:A9)"\nowner = "O"\nreview_by = 2099-01-01\n'
    )

    out = show(runner, "--format", "csv", str(directory)).stdout
    row = dict(zip(CSV_COLUMNS, list(csv.reader(io.StringIO(out[1:])))[1], strict=True))

    assert row["title"] == f"'{start}T"
    assert row["source"] == f"'{start}SUM(A1:A9)"


def test_html_is_a_complete_self_contained_page_with_a_table_per_file(runner, default_ruleset):
    """The HTML stands alone: a language, a title, one h1, h2 per file, nothing loaded from elsewhere."""
    out = show(runner, "--format", "html", str(RULES_DIR)).stdout

    assert out.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in out
    assert "<title>Screening rules, version" in out
    assert out.count("<h1") == 1
    assert out.count("<table") == len(default_ruleset.rule_files)
    assert out.count('<th scope="row">') == len(default_ruleset.specs)
    assert not re.search(r"<link|<script|src=|@import", out)


def test_html_escapes_what_a_rule_file_holds(runner, write_rules):
    """A rule's text is shown, never run: markup in a title is escaped."""
    directory = write_rules(
        one=f'[[rule]]\nid = "bfr-x"\ntitle = "<script>alert(1)</script>"\n'
        f'because = "BFR may help."\nsuggest = "bfr"\n{PROVENANCE}'
    )

    out = show(runner, "--format", "html", str(directory)).stdout

    assert "<script>alert(1)" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_broken_rules_are_listed_and_exit_1_without_a_traceback(runner, write_rules):
    """A rule set that cannot load shows its problems (file:line) and nothing else."""
    directory = write_rules(one='[[rule]]\nid = "bfr-x"\n')

    result = show(runner, str(directory))

    assert result.exit_code == 1
    assert "one.toml:1:1: error [missing-field]" in result.stderr
    assert "Traceback" not in result.output


def test_an_unknown_format_is_a_usage_error_naming_the_choices(runner):
    result = show(runner, "--format", "pdf")

    assert result.exit_code == 2
    assert "'pdf' is not one of 'text', 'markdown', 'csv', 'html'" in result.stderr
