"""``advisor rules why-not``: the report a therapist reads, and clear errors for bad input."""

from __future__ import annotations

import json

import pytest

from advisor.cli import cli
from tests.personas import BFR_CANDIDATE


@pytest.fixture
def answers_file(tmp_path):
    """Return a writer: put this text (or these answers as JSON) in a file; return its path."""

    def write(content: str | bytes | dict) -> str:
        path = tmp_path / "answers.json"
        if isinstance(content, dict):
            content = json.dumps({"answers": content})
        if isinstance(content, str):
            content = content.encode()
        path.write_bytes(content)
        return str(path)

    return write


def why_not(runner, *args: str):
    return runner.invoke(cli, ["rules", "why-not", *args])


def test_the_report_names_rules_conditions_obstacles_and_changes(runner, answers_file):
    """For a BFR candidate asked about NMT: every part of the report, with file:line."""
    result = why_not(runner, answers_file(BFR_CANDIDATE), "--therapy", "nmt")

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("First step: BFR. Suggested: BFR.\n")
    assert "Rules that would suggest NMT (" in out
    assert "  nmt-diagnosed-condition-tender-knots  (rules/nmt.toml:" in out
    assert (
        "    failed: pain sources includes “Tender knots in a muscle that send pain to other "
        "places”; the answer was nothing ticked." in out
    )
    assert "What kept NMT from being the first step:" in out
    assert "  bfr-weakness-older-adult  (rules/bfr.toml:" in out
    assert "Smallest changes of answers that make NMT the first step (" in out
    assert "  1. " in out
    assert "     first step: NMT" in out


def test_a_block_and_the_single_change_that_lifts_it_are_reported(runner, answers_file):
    """A BFR candidate with varicose veins: the block is named; unticking it is the change."""
    answers = {**BFR_CANDIDATE, "bfr_risks": ["varicose_veins"]}

    out = why_not(runner, answers_file(answers), "--therapy", "bfr").stdout

    assert "  bfr-block-varicose-veins  (rules/bfr_safety.toml:" in out
    assert "  1. bfr risks: untick “Varicose veins” (nothing ticked)\n     first step: BFR" in out


def test_standard_input_and_another_rules_folder_are_accepted(runner, write_rules):
    """``-`` reads the answers from standard input; --rules picks the rule set."""
    directory = write_rules(
        one='[[rule]]\nid = "nmt-x"\ntitle = "T"\nbecause = "NMT may help."\n'
        'when.pain_sources.any_of = ["stress"]\nsuggest = "nmt"\n'
    )

    result = runner.invoke(
        cli,
        ["rules", "why-not", "-", "--therapy", "nmt", "--rules", str(directory)],
        input=json.dumps({"answers": BFR_CANDIDATE}),
    )

    assert result.exit_code == 0, result.output
    assert "  nmt-x  (" in result.stdout
    assert "pain sources: tick “Stress or low mood that makes my muscles tense”" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "Error: the answers file is not valid JSON: Expecting property name"),
        ("", "Error: the answers file is not valid JSON"),
        (b"\xff\xfe{}", "Error: the answers file is not UTF-8 text (byte 0xff at position 0)"),
        ("[1, 2]", 'Error: answers: send one object like {"answers": {...}} (got a list).'),
        ('{"answers": {"age": "old"}}', "Error: age: age must be a whole number from 0 to 120"),
        ('{"answers": {}}', "Error: age: age is required."),
        ("x" * 70_000, "Error: the answers file is larger than 65,536 bytes"),
    ],
)
def test_bad_input_gets_a_clear_error_and_exit_1(runner, answers_file, content, message):
    """Each bad file is explained in one line per problem; no traceback, exit status 1."""
    result = why_not(runner, answers_file(content), "--therapy", "bfr")

    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--therapy", "massage"], "'massage' is not one of 'bfr', 'nmt'"),
        ([], "Missing option '--therapy'"),
    ],
)
def test_an_unknown_or_missing_therapy_is_a_usage_error(runner, answers_file, args, message):
    result = why_not(runner, answers_file(BFR_CANDIDATE), *args)

    assert result.exit_code == 2
    assert message in result.stderr


def test_a_missing_file_is_a_usage_error(runner, tmp_path):
    result = why_not(runner, str(tmp_path / "nowhere.json"), "--therapy", "bfr")

    assert result.exit_code == 2
    assert "nowhere.json' does not exist." in result.stderr


def test_broken_rules_stop_why_not_with_their_problems(runner, answers_file, write_rules):
    directory = write_rules(one='[[rule]]\nid = "bfr-x"\n')

    result = why_not(
        runner, answers_file(BFR_CANDIDATE), "--therapy", "bfr", "--rules", str(directory)
    )

    assert result.exit_code == 1
    assert "one.toml:1:1: error [missing-field]" in result.stderr
