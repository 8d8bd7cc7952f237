"""``advisor practice check``: the admin checks the profile before the server reads it."""

from __future__ import annotations

import pytest

from advisor.cli import cli
from tests.practice.conftest import PROFILE


@pytest.fixture(autouse=True)
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("ADVISOR_PRACTICE", raising=False)


def test_a_valid_profile_is_summed_up(runner, write_profile):
    result = runner.invoke(cli, ["practice", "check", str(write_profile())])

    assert result.exit_code == 0, result.output
    assert (
        "the practice profile is valid: Riverside Physical Therapy, (312) 555-0100" in result.output
    )
    assert "America/Chicago" in result.output


def test_each_error_is_printed_with_file_and_line_then_exit_1(runner, write_profile):
    path = write_profile(PROFILE.replace("self_pay_price = 95", "self_pay_price = -95"))

    result = runner.invoke(cli, ["practice", "check", str(path)])

    assert result.exit_code == 1
    assert f"{path}:15:18: error [practice-negative-price]" in result.output
    assert "cannot be used; fix the errors above" in result.output
    assert "Traceback" not in result.output


def test_without_a_path_it_checks_the_one_the_server_reads(runner, write_profile, monkeypatch):
    monkeypatch.setenv("ADVISOR_PRACTICE", str(write_profile()))

    result = runner.invoke(cli, ["practice", "check"])

    assert result.exit_code == 0, result.output


def test_a_missing_profile_says_how_to_start_one(runner):
    result = runner.invoke(cli, ["practice", "check"])

    assert result.exit_code == 1
    assert "there is no practice profile at" in result.output
    assert "examples/practice.toml" in result.output


def test_the_shipped_example_is_valid_and_plainly_a_placeholder(runner):
    from advisor.shipped import CHECKOUT

    example = CHECKOUT / "examples" / "practice.toml"

    result = runner.invoke(cli, ["practice", "check", str(example)])

    assert result.exit_code == 0, result.output
    assert "placeholder" in result.output.lower()
    assert "warning" not in result.output  # every text it has is given in Spanish too


def test_a_command_that_starts_the_app_reports_a_broken_profile(runner, write_profile, monkeypatch):
    monkeypatch.setenv("ADVISOR_PRACTICE", str(write_profile(PROFILE.replace("(312)", "call"))))

    result = runner.invoke(cli, ["db", "status"])

    assert result.exit_code == 1
    assert ":2:9: error [practice-bad-phone]" in result.output
    assert "advisor practice check" in result.output


def test_a_text_with_no_spanish_is_a_warning_not_a_failure(runner, write_profile):
    path = write_profile(PROFILE.split("\n[es]\n")[0])

    result = runner.invoke(cli, ["practice", "check", str(path)])

    assert result.exit_code == 0, result.output
    assert (
        f"{path}:8:1: warning [practice-translation-missing] 'callback' has no Spanish (es) "
        "version: Spanish pages show it in English." in result.output
    )
    assert result.output.count("warning [practice-translation-missing]") == 4
    assert "the practice profile is valid (4 warnings): Riverside Physical Therapy" in result.output
