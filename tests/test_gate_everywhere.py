"""The same gate everywhere: a running server's reload, the app's start and ``advisor rules check``.

Each way a change can be refused is tried in each place: an example case that
fails; more than a few rules removed without a raised version; and the
version-not-raised warning. (No rule file can break a safety property, since
the floor keeps them whatever the rules say: tests/ruleset/test_gate.py proves
that gate with a broken assessment function instead.)
"""

from __future__ import annotations

import json
import os
import shutil
import time

import pytest
import tomli_w

from advisor import create_app
from advisor.cli import cli
from advisor.exceptions import RuleSetInvalid
from advisor.ruleset import check_ruleset
from advisor.ruleset.in_use import RECORD_NAME, InUse, record_in_use
from advisor.ruleset.live import LiveRuleSet
from tests.conftest import RULES_DIR, SHIPPED_VERSION, Clock
from tests.personas import BASE_ANSWERS
from tests.rules_under_test import files_checked

FAILING_CASE = tomli_w.dumps(
    {
        "case": [
            {
                "name": "a-healthy-adult-gets-bfr",
                "answers": BASE_ANSWERS,
                "expect": {"primary": "bfr", "suggestions": ["bfr"]},
            }
        ]
    }
)


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """The instance folder every app and command here uses."""
    folder = tmp_path / "instance"
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(folder))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    return folder


def settled(path) -> None:
    """Date a file's last change 10 s ago, so a server takes it as saved and still."""
    settled.count = getattr(settled, "count", 0) + 1
    then = time.time_ns() - 10_000_000_000 + settled.count
    os.utime(path, ns=(then, then))


def add_failing_case(rules) -> None:
    path = rules / "cases" / "mine.toml"
    path.write_text(FAILING_CASE)
    settled(path)


def remove_rules(rules, keep: int = 2) -> None:
    """Cut nmt.toml down to its first ``keep`` rules (it holds many more)."""
    nmt = rules / "nmt.toml"
    nmt.write_text("[[rule]]".join(nmt.read_text().split("[[rule]]")[: keep + 1]))
    settled(nmt)


def touch_a_rule_file(rules) -> None:
    bfr = rules / "bfr.toml"
    bfr.write_text(bfr.read_text() + "\n# reviewed\n")
    settled(bfr)


def record_shipped(rules, instance) -> None:
    """Record the unchanged copy as the set a server last used, as a server start would."""
    record_in_use(instance / RECORD_NAME, InUse.of(check_ruleset(rules).ruleset))


# --- On reload ---------------------------------------------------------------------


def test_a_failing_case_is_refused_on_reload_by_every_worker_until_the_files_change(rules):
    """Two workers both keep the last good set; fixing the case lets the change through."""
    clock = Clock()
    workers = [LiveRuleSet(rules, clock=clock) for _ in range(2)]
    good = [worker.current() for worker in workers]
    touch_a_rule_file(rules)
    add_failing_case(rules)
    clock.now = 2

    served = [worker.current() for worker in workers]
    refused = [worker.status()["refused_edit"] for worker in workers]
    clock.now = 4
    still = workers[0].current()
    stays = workers[0].status()["refused_edit"]["at"] == refused[0]["at"]
    (rules / "cases" / "mine.toml").unlink()
    clock.now = 6
    fixed = workers[0].current()

    assert served == good
    assert still is good[0]
    assert stays
    for status in refused:
        assert status["refused_by"] == ["cases"]
        [problem] = status["problems"]
        assert (problem["code"], problem["file"], problem["line"]) == (
            "case-failed",
            str(rules / "cases" / "mine.toml"),
            1,
        )
    assert fixed is not good[0]
    assert "refused_edit" not in workers[0].status()


def test_many_rules_removed_are_refused_on_reload_unless_the_version_is_raised(rules):
    """The removal is refused and named; with the version raised it is a warning only."""
    shutil.rmtree(rules / "cases")
    clock = Clock()
    live = LiveRuleSet(rules, clock=clock)
    good = live.current()
    remove_rules(rules)
    clock.now = 2
    refused = live.current()
    status = live.status()["refused_edit"]
    manifest = rules / "ruleset.toml"
    manifest.write_text(manifest.read_text().replace(SHIPPED_VERSION, '"9999.5.0"'))
    settled(manifest)
    clock.now = 4
    raised = live.current()

    assert refused is good
    assert status["refused_by"] == ["removal"]
    assert [p["code"] for p in status["problems"]] == ["many-rules-removed"]
    assert raised.info.version == "9999.5.0"
    assert [w["code"] for w in live.status()["warnings"]] == ["rules-removed-allowed"]


def test_a_change_under_the_same_version_goes_live_with_a_warning(rules):
    """A server takes an edit that forgot the version, and says so to staff."""
    clock = Clock()
    live = LiveRuleSet(rules, clock=clock)
    good = live.current()
    touch_a_rule_file(rules)
    clock.now = 2

    assert live.current() is not good
    assert [w["code"] for w in live.status()["warnings"]] == ["version-not-raised"]
    assert "warnings" not in live.status(problems=False)


# --- At start ----------------------------------------------------------------------


def test_an_app_does_not_start_on_rules_with_a_failing_case(rules, instance):
    """With no last good set to keep, a refused rule set stops the start, with its reasons."""
    add_failing_case(rules)

    with pytest.raises(RuleSetInvalid) as caught:
        create_app({"RULES_DIR": str(rules)})

    assert caught.value.refused_by == ("cases",)
    assert [p.code for p in caught.value.problems] == ["case-failed"]
    assert not (instance / RECORD_NAME).exists()


def test_serve_prints_the_reasons_and_the_gate_not_a_traceback(
    runner, rules, instance, monkeypatch
):
    """`advisor serve` on refused rules lists each reason with file and line, and exits 1."""
    add_failing_case(rules)
    monkeypatch.setenv("ADVISOR_RULES_DIR", str(rules))

    result = runner.invoke(cli, ["serve", "--port", "1"])

    assert result.exit_code == 1
    assert f"{rules / 'cases' / 'mine.toml'}:1:1: error [case-failed]" in result.stderr
    assert result.stderr.endswith(
        "Error: the rule files cannot be used (refused by the example cases); "
        "fix the errors above (advisor rules check).\n"
    )
    assert "Traceback" not in result.output


def test_the_set_that_goes_live_is_recorded_and_a_restart_compares_with_it(rules, instance):
    """A restart after rules were removed without a raised version does not start."""
    create_app({"RULES_DIR": str(rules)})
    record = json.loads((instance / RECORD_NAME).read_text())
    shutil.rmtree(rules / "cases")
    remove_rules(rules)

    with pytest.raises(RuleSetInvalid) as caught:
        create_app({"RULES_DIR": str(rules)})

    assert record["version"] == SHIPPED_VERSION.strip('"')
    assert record["digest"] == check_ruleset(RULES_DIR).ruleset.info.digest
    assert len(record["rule_files"]["nmt.toml"]) > 3
    assert caught.value.refused_by == ("removal",)
    assert [p.code for p in caught.value.problems if p.severity == "error"] == [
        "many-rules-removed"
    ]


def test_a_restart_on_changed_rules_under_the_same_version_warns(rules, instance):
    """The app starts; the health status tells staff the version was not raised."""
    record_shipped(rules, instance)
    touch_a_rule_file(rules)

    app = create_app({"RULES_DIR": str(rules)})

    status = app.extensions["advisor.rules"].status()
    assert [w["code"] for w in status["warnings"]] == ["version-not-raised"]


# --- advisor rules check -------------------------------------------------------------


def test_rules_check_says_the_example_cases_refused_the_rules(runner, rules, instance):
    """The failing case is listed with its file and line, and the gate line names the gate."""
    add_failing_case(rules)

    result = runner.invoke(cli, ["rules", "check", str(rules)])

    assert result.exit_code == 1
    assert f"{rules / 'cases' / 'mine.toml'}:1:1: error [case-failed]" in result.stdout
    files = files_checked(rules)
    assert f"1 error, 0 warnings in {files} files. The rule set was not loaded" in result.stdout
    assert (
        "Gate refused: the example cases did not pass, so a server will not use these rules."
    ) in result.stdout
    assert result.stdout.splitlines()[-1].startswith("Checked, not used: ")


def test_rules_check_compares_with_the_set_a_server_last_used(runner, rules, instance):
    """With a record in the instance folder, a removal without a raised version fails."""
    record_shipped(rules, instance)
    shutil.rmtree(rules / "cases")
    remove_rules(rules)

    result = runner.invoke(cli, ["rules", "check", str(rules)])

    assert result.exit_code == 1
    assert "error [many-rules-removed]" in result.stdout
    assert "warning [version-not-raised]" in result.stdout
    assert "Gate refused: the comparison with the rule set in use did not pass" in result.stdout


def test_rules_check_warns_when_the_version_was_not_raised(runner, rules, instance):
    """A change under the same version passes the gate, with a warning on the manifest."""
    record_shipped(rules, instance)
    touch_a_rule_file(rules)

    result = runner.invoke(cli, ["rules", "check", str(rules)])

    assert result.exit_code == 0
    assert f"{rules / 'ruleset.toml'}:4:1: warning [version-not-raised]" in result.stdout
    assert "Gate passed: no errors, all 158 example cases pass" in result.stdout
