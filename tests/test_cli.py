"""The advisor command: exit codes, stdout versus stderr, JSON Lines order, and no tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.cli import cli
from advisor.shipped import shipped_dir
from tests.conftest import RULES_DIR
from tests.personas import BASE_ANSWERS
from tests.rules_under_test import files_checked

#: The rules advisor ships, which ``rules init`` copies (RULES_DIR may be a practice's own).
SHIPPED = shipped_dir("rules")

ADVISOR = str(Path(sys.executable).with_name("advisor"))


def body(**changes) -> str:
    return json.dumps({"answers": {**BASE_ANSWERS, **changes}})


def test_assess_prints_the_contract_response(runner):
    """One object in, one response out, with recommendation, explanation and rule set."""
    result = runner.invoke(cli, ["assess", "-"], input=body(red_flags=["chest_pain"]))

    response = json.loads(result.stdout)
    assert result.exit_code == 0
    assert response["recommendation"] == {
        "primary": "urgent_care",
        "suggestions": [],
        "blocked": [],
        "urgency": "emergency",
    }
    assert response["explanation"][0]["rule"] == "red-flag-chest-pain"
    assert set(response["ruleset"]) == {"version", "digest"}


def test_assess_reads_a_file_and_pretty_prints(runner):
    """A file path works like standard input; --pretty indents."""
    example = Path(__file__).parents[1] / "examples" / "bfr-candidate.json"

    result = runner.invoke(cli, ["assess", "--pretty", str(example)])

    assert result.exit_code == 0
    assert result.stdout.startswith('{\n  "recommendation"')
    assert json.loads(result.stdout)["recommendation"]["primary"] == "bfr"


def test_json_lines_give_one_response_a_line_in_order(runner):
    """A batch keeps its order; a bad line gets its errors in place and the exit code is 1."""
    lines = [body(age=70), "{not json", body(age=200), "", body(red_flags=["saddle_numbness"])]

    result = runner.invoke(cli, ["assess", "-"], input="\n".join(lines) + "\n")
    out = [json.loads(line) for line in result.stdout.splitlines()]

    assert result.exit_code == 1
    assert len(out) == 4
    assert out[0]["recommendation"]["primary"] == "consult"
    assert out[1]["line"] == 2
    assert out[1]["errors"][0]["field"] == "input"
    assert out[2] == {
        "errors": [{"field": "age", "message": "age must be from 0 to 120 (got 200)."}],
        "line": 3,
    }
    assert out[3]["recommendation"]["urgency"] == "emergency"
    assert "Error: line 3: age: age must be from 0 to 120 (got 200)." in result.stderr


def test_invalid_answers_print_the_errors_body_and_exit_1(runner):
    """Each bad field is named, on stdout as JSON and on stderr as an Error line."""
    result = runner.invoke(cli, ["assess", "-"], input=json.dumps({"answers": {"age": "x"}}))

    errors = json.loads(result.stdout)["errors"]
    assert result.exit_code == 1
    assert errors[0] == {
        "field": "age",
        "message": "age must be a whole number from 0 to 120 (got 'x').",
    }
    assert {e["field"] for e in errors} >= {"red_flags", "insurance"}
    assert result.stderr.startswith("Error: age: ")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the input is empty"),
        (b"[1, 2]", "send one object like"),
        (b'{"answers": ', "this is not valid JSON"),
        (
            b'{"answers": {"age": "caf\xe9"}}',
            "the input is not UTF-8 text (byte 0xe9 at position 24).",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_exit_1(runner, data, message):
    """Empty, non-object, broken JSON and non-UTF-8 input each get a message, never a traceback."""
    result = runner.invoke(cli, ["assess", "-"], input=data)

    assert result.exit_code == 1
    assert message in result.stdout + result.stderr
    assert "Traceback" not in result.output


def test_oversized_single_object_is_refused(runner):
    """One assessment over the body cap is refused by size."""
    big = json.dumps({"answers": {**BASE_ANSWERS, "note": "x" * 70_000}})

    result = runner.invoke(cli, ["assess", "-"], input=big)

    assert result.exit_code == 1
    assert "one assessment may be at most 65,536 bytes" in result.stdout


def test_ten_megabyte_file_is_refused_without_a_traceback(tmp_path):
    """A 10 MB file (one line, or random bytes) gets a message from the real command."""
    one_line = tmp_path / "big.json"
    one_line.write_text(json.dumps({"answers": {"x": "y" * 10_000_000}}))
    noise = tmp_path / "noise.bin"
    noise.write_bytes(bytes(range(256)) * 40_000)

    for path, expected in ((one_line, "at most 65,536 bytes"), (noise, "not UTF-8")):
        done = subprocess.run(
            [ADVISOR, "assess", str(path)], capture_output=True, text=True, check=False
        )
        assert done.returncode == 1
        assert expected in done.stdout + done.stderr
        assert "Traceback" not in done.stderr


def test_missing_file_is_a_usage_error(runner):
    """A path that does not exist is a usage error (exit 2), as click does."""
    result = runner.invoke(cli, ["assess", "no-such-file.json"])

    assert result.exit_code == 2
    assert "No such file or directory" in result.stderr


def test_questions_lists_every_question(runner, questionnaire):
    """The questionnaire prints with ids, types and branching."""
    result = runner.invoke(cli, ["questions"])

    assert result.exit_code == 0
    for question in questionnaire:
        assert f"  {question.id} (" in result.stdout
    assert "surgery_site (pick one, required when surgery is not 'none')" in result.stdout
    assert "body_areas (tick any, [] for none, optional: default [])" in result.stdout
    assert "lifting_ban (pick one, optional: default 'no')" in result.stdout
    assert (
        "pain_intensity (whole number 0-10, required; the web pages ask it only when "
        "pain_duration is not 'none', and else give 0)"
    ) in result.stdout


def test_questions_json_is_the_api_export(runner, questionnaire):
    """--json prints what GET /api/v1/questionnaire serves."""
    result = runner.invoke(cli, ["questions", "--json"])

    assert json.loads(result.stdout) == {**questionnaire.to_dict(), "language": "en"}


def test_rules_check_passes_on_the_shipped_rules(runner):
    """The default rules have no errors and no warnings."""
    result = runner.invoke(cli, ["rules", "check", str(SHIPPED)])

    assert result.exit_code == 0
    files = files_checked(SHIPPED)
    assert f"0 errors, 0 warnings in {files} files. The rule set is valid." in result.stdout


def test_rules_check_names_file_line_and_rule_of_a_broken_file(runner, tmp_path):
    """A deliberately broken copy of the rules fails with each problem located."""
    broken = tmp_path / "rules"
    shutil.copytree(SHIPPED, broken)
    bfr = broken / "bfr.toml"
    bfr.write_text(
        bfr.read_text().replace(
            'when.muscle_weakness = "limits_activity"', 'when.muscle_weaknes = "limits_activity"', 1
        )
    )

    result = runner.invoke(cli, ["rules", "check", str(broken)])

    line = 1 + bfr.read_text().split("when.muscle_weaknes")[0].count("\n")
    assert result.exit_code == 1
    assert (
        f"{bfr}:{line}:1: error [unknown-question] rule 'bfr-weakness-with-condition': "
        "'muscle_weaknes' is not a question. Did you mean 'muscle_weakness'?"
    ) in result.stdout
    files = files_checked(broken)
    assert f"1 error, 0 warnings in {files} files. The rule set was not loaded" in result.stdout


def test_rules_test_runs_every_case(runner):
    """All shipped cases pass and every rule fires in one."""
    result = runner.invoke(cli, ["rules", "test", str(RULES_DIR)])

    assert result.exit_code == 0
    assert "0 failed." in result.stdout
    assert "rules fired in at least one case." in result.stdout
    assert result.stdout.startswith("PASS ")


def test_rules_test_shows_what_differed_and_exits_1(runner, tmp_path):
    """A case the rules do not satisfy is a FAIL line with the difference under it."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    cases = rules / "cases" / "bfr.toml"
    cases.write_text(
        cases.read_text().replace('expect.primary = "bfr"', 'expect.primary = "nmt"', 1)
    )

    result = runner.invoke(cli, ["rules", "test", "--quiet", str(rules)])

    assert result.exit_code == 1
    assert "FAIL older-adult-knee-oa-weakness" in result.stdout
    assert "     primary: expected 'nmt', got 'bfr'" in result.stdout


def test_broken_rules_stop_assess_with_exit_1(runner, tmp_path):
    """assess refuses to run on broken rules and says what to run."""
    (tmp_path / "ruleset.toml").write_text('version = "x"\n')
    (tmp_path / "bad.toml").write_text("[[rule]]\nid = \n")

    result = runner.invoke(cli, ["assess", "--rules", str(tmp_path), "-"], input=body())

    assert result.exit_code == 1
    assert "toml-syntax" in result.stderr
    assert "run `advisor rules check`" in result.stderr


def test_rules_init_copies_the_shipped_rules_and_cases_into_a_new_folder(runner, tmp_path):
    """The copy holds every shipped file, cases included, and checks and tests clean."""
    target = tmp_path / "clinic" / "rules"

    result = runner.invoke(cli, ["rules", "init", str(target)])
    copied = sorted(p.relative_to(target).as_posix() for p in target.rglob("*.toml"))
    shipped = sorted(p.relative_to(SHIPPED).as_posix() for p in SHIPPED.rglob("*.toml"))

    assert result.exit_code == 0
    assert copied == shipped
    assert "ruleset.toml" in copied
    assert "questions.toml" in copied
    assert any(name.startswith("cases/") for name in copied)
    assert f"export ADVISOR_RULES_DIR={target}" in result.stdout
    assert runner.invoke(cli, ["rules", "check", str(target)]).exit_code == 0
    assert runner.invoke(cli, ["rules", "test", "--quiet", str(target)]).exit_code == 0


def test_rules_init_fills_an_empty_folder(runner, tmp_path):
    """An existing empty folder is fine: nothing in it can be overwritten."""
    result = runner.invoke(cli, ["rules", "init", str(tmp_path)])

    assert result.exit_code == 0
    assert (tmp_path / "ruleset.toml").is_file()


def test_rules_init_refuses_a_folder_that_is_not_empty(runner, tmp_path):
    """A practice's own rules are never overwritten: Error on stderr, exit 1, no traceback."""
    (tmp_path / "bfr.toml").write_text("# our own\n")

    result = runner.invoke(cli, ["rules", "init", str(tmp_path)])

    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path} is not empty; give a new or empty folder, "
        "so that no rule file already there is overwritten.\n"
    )
    assert (tmp_path / "bfr.toml").read_text() == "# our own\n"
    assert sorted(tmp_path.iterdir()) == [tmp_path / "bfr.toml"]


def test_rules_init_into_a_file_is_a_usage_error(runner, tmp_path):
    """A path to a file is not a folder (exit 2, as click does)."""
    file = tmp_path / "rules.toml"
    file.write_text("")

    result = runner.invoke(cli, ["rules", "init", str(file)])

    assert result.exit_code == 2
    assert "is a file" in result.stderr


def test_rules_init_that_cannot_write_says_where(runner, tmp_path):
    """A folder that cannot be made is named, without a traceback."""
    file = tmp_path / "notes.txt"
    file.write_text("")

    result = runner.invoke(cli, ["rules", "init", str(file / "rules")])

    assert result.exit_code == 1
    assert (
        result.stderr == f"Error: cannot write the rules into {file / 'rules'}: Not a directory.\n"
    )


def test_rules_check_without_a_folder_uses_advisor_rules_dir(runner, tmp_path, monkeypatch):
    """ADVISOR_RULES_DIR chooses the rules the commands use when none is given."""
    runner.invoke(cli, ["rules", "init", str(tmp_path)])
    manifest = tmp_path / "ruleset.toml"
    manifest.write_text('version = "clinic-1"\n')
    monkeypatch.setenv("ADVISOR_RULES_DIR", str(tmp_path))

    result = runner.invoke(cli, ["rules", "check"])

    assert result.exit_code == 0
    assert "version clinic-1," in result.stdout


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["assess"],
        ["questions"],
        ["rules"],
        ["rules", "check"],
        ["rules", "test"],
        ["rules", "init"],
        ["rules", "show"],
        ["rules", "why-not"],
        ["translations"],
        ["translations", "check"],
    ],
)
def test_every_command_has_help(runner, command):
    """Each command explains itself with --help."""
    result = runner.invoke(cli, [*command, "--help"])

    assert result.exit_code == 0
    assert "Usage: " in result.stdout


def test_rules_translations_and_assess_load_neither_flask_nor_the_database():
    """Commands that need no app import no Flask and no database models, so they start quickly."""
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from advisor.cli import cli\n"
        "for args in (['rules', 'check'], ['assess', 'examples/bfr-candidate.json'],\n"
        "             ['rules', 'show', '--format', 'csv'], ['rules', 'show', '--format', 'html'],\n"
        "             ['rules', 'why-not', 'examples/bfr-candidate.json', '--therapy', 'nmt'],\n"
        "             ['translations', 'check']):\n"
        "    assert CliRunner().invoke(cli, args).exit_code == 0, args\n"
        "print(sorted(m for m in ('flask', 'advisor.storage.models') if m in sys.modules))\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[1],
    )

    assert (done.returncode, done.stdout) == (0, "[]\n"), done.stderr
