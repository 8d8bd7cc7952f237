"""Bad input and faults: a huge paste, a binary file, a link out of the folder, a file that
changes while it is read. Each gets a clear error or a retry, never a half-read rule set."""

from __future__ import annotations

import os
import time

import pytest

import advisor.ruleset.live as live_module
from advisor.cli import cli
from advisor.exceptions import RuleSetInvalid
from advisor.ruleset import check_ruleset
from advisor.ruleset.gate import run_gate
from advisor.ruleset.live import LiveRuleSet
from tests.conftest import SHIPPED_VERSION, Clock

FIVE_MB = 5 * 1024 * 1024
#: The first bytes of a PNG picture, as a file saved with the wrong name would start.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"


def settled(path) -> None:
    then = time.time_ns() - 10_000_000_000
    os.utime(path, ns=(then, then), follow_symlinks=False)


def five_mb_paste(rules) -> str:
    path = rules / "bfr.toml"
    path.write_text(path.read_text() + "# " + "x" * FIVE_MB + "\n")
    return "file-too-large"


def binary_file(rules) -> str:
    (rules / "photo.toml").write_bytes(PNG)
    return "binary-file"


def link_out_of_the_folder(rules) -> str:
    outside = rules.parent / "elsewhere.toml"
    outside.write_text((rules / "nmt.toml").read_text())
    settled(outside)
    (rules / "nmt.toml").unlink()
    (rules / "nmt.toml").symlink_to(outside)
    return "outside-rules"


FAULTS = pytest.mark.parametrize(
    "fault", [five_mb_paste, binary_file, link_out_of_the_folder], ids=lambda f: f.__name__
)


@FAULTS
def test_rules_check_names_the_file_and_says_what_is_wrong(runner, rules, fault):
    """Exit 1, one error on the file, and no traceback."""
    code = fault(rules)

    result = runner.invoke(cli, ["rules", "check", str(rules)])

    assert result.exit_code == 1
    assert f"error [{code}]" in result.stdout
    assert "Gate refused: the checks of the rule files did not pass" in result.stdout
    assert "Traceback" not in result.output


@FAULTS
def test_a_running_server_refuses_it_and_keeps_the_last_good_set(rules, fault):
    """The refused change is named in the status; patients keep the set in use."""
    clock = Clock()
    live = LiveRuleSet(rules, clock=clock)
    good = live.current()
    code = fault(rules)
    for path in rules.glob("*.toml"):
        settled(path)
    clock.now = 2

    assert live.current() is good
    assert code in [p["code"] for p in live.status()["refused_edit"]["problems"]]


def test_a_five_mb_case_file_refuses_the_rule_set(rules):
    """An example case file is read with the same size cap, so the cases gate refuses."""
    (rules / "cases" / "pasted.toml").write_text("# " + "x" * FIVE_MB + "\n")

    verdict = run_gate(rules)

    assert verdict.refused_by == ("cases",)
    assert [p.code for p in verdict.errors] == ["file-too-large"]


def test_a_link_inside_the_folder_is_a_rule_file_like_any_other(rules):
    """Only links that leave the folder are refused."""
    (rules / "extra.toml").symlink_to(rules / "nmt.toml")
    (rules / "nmt.toml").rename(rules / "nmt.txt")
    (rules / "extra.toml").unlink()
    (rules / "extra.toml").symlink_to(rules / "nmt.txt")

    result = check_ruleset(rules)

    assert result.errors == ()
    assert "extra.toml" in result.ruleset.rule_files


def test_a_start_while_a_file_is_being_saved_reads_the_files_again(rules, monkeypatch):
    """A save that lands during the start's load is not half-used: the files are read again."""
    real_check = live_module.check_ruleset
    loads = []

    def check_while_someone_saves(*args, **kwargs):
        result = real_check(*args, **kwargs)
        loads.append(result.ruleset.info.version)
        if len(loads) == 1:
            manifest = rules / "ruleset.toml"
            manifest.write_text(manifest.read_text().replace(SHIPPED_VERSION, '"9999.6.1"'))
        return result

    monkeypatch.setattr(live_module, "check_ruleset", check_while_someone_saves)
    live = LiveRuleSet(rules, settle=0.0)

    assert loads == [SHIPPED_VERSION.strip('"'), "9999.6.1"]
    assert live.current().info.version == "9999.6.1"


def test_files_that_never_keep_still_stop_the_start_with_a_clear_error(rules, monkeypatch):
    """After five loads that each saw a change, the start gives up and says why."""
    real_check = live_module.check_ruleset
    manifest = rules / "ruleset.toml"

    def check_while_someone_keeps_saving(*args, **kwargs):
        result = real_check(*args, **kwargs)
        manifest.write_text(manifest.read_text() + "# saved again\n")
        return result

    monkeypatch.setattr(live_module, "check_ruleset", check_while_someone_keeps_saving)

    with pytest.raises(RuleSetInvalid) as caught:
        LiveRuleSet(rules, settle=0.0)

    [problem] = caught.value.problems
    assert problem.code == "rules-changing"
    assert "changed while they were being read, 5 times in a row" in problem.message


def test_a_case_file_linked_from_outside_the_rules_folder_refuses_the_rule_set(rules):
    """Cases decide whether rules go live, so they must be in the folder too."""
    outside = rules.parent / "cases-elsewhere.toml"
    (rules / "cases" / "bfr.toml").rename(outside)
    (rules / "cases" / "bfr.toml").symlink_to(outside)

    verdict = run_gate(rules)

    assert verdict.refused_by == ("cases",)
    [problem] = verdict.errors
    assert (problem.code, problem.at.file) == ("outside-rules", str(rules / "cases" / "bfr.toml"))
