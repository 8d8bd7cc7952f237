"""A running server picks up rule edits, refuses broken ones and keeps serving the last good set."""

from __future__ import annotations

import logging
import os
import shutil
import threading

import pytest

from advisor.exceptions import RuleSetInvalid
from advisor.ruleset.live import LiveRuleSet
from tests.conftest import RULES_DIR, SHIPPED_VERSION


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def rules(tmp_path):
    directory = tmp_path / "rules"
    shutil.copytree(RULES_DIR, directory)
    return directory


def edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    stat = path.stat()
    # Make sure the change shows even on a file system with coarse timestamps.
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_an_edit_is_used_after_the_interval(rules):
    """A valid edit replaces the rule set once the check interval has passed."""
    clock = Clock()
    live = LiveRuleSet(rules, interval=1.0, clock=clock)
    before = live.current()
    edit(rules / "ruleset.toml", SHIPPED_VERSION, '"9999.1.2"')

    assert live.current() is before
    clock.now = 1.5
    after = live.current()

    assert after is not before
    assert after.info.version == "9999.1.2"
    assert after.info.digest != before.info.digest


def test_a_broken_edit_is_refused_and_the_last_good_set_serves(rules, caplog):
    """A broken edit is logged and shown in the status; assessments keep the last good rules."""
    clock = Clock()
    live = LiveRuleSet(rules, interval=1.0, clock=clock)
    good = live.current()
    edit(
        rules / "bfr.toml", 'when.muscle_weakness = "limits_activity"', 'when.muscle_weaknes = "x"'
    )
    clock.now = 2

    with caplog.at_level(logging.ERROR, logger="advisor.ruleset.live"):
        assert live.current() is good
    status = live.status()

    assert f"cannot be used; still serving {good.info.version}" in caplog.text
    assert "[unknown-question]" in caplog.text
    assert status["digest"] == good.info.digest
    assert status["refused_edit"]["problems"][0]["code"] == "unknown-question"
    broken_line = 1 + (rules / "bfr.toml").read_text().split("muscle_weaknes")[0].count("\n")
    assert status["refused_edit"]["problems"][0]["line"] == broken_line


def test_fixing_a_broken_edit_clears_the_refusal(rules):
    """Once the files are valid again, they are used and the refusal disappears."""
    clock = Clock()
    live = LiveRuleSet(rules, interval=1.0, clock=clock)
    bfr = rules / "bfr.toml"
    original = bfr.read_text()
    edit(bfr, "[[rule]]", "[[rule]")
    clock.now = 2
    live.current()
    refused = "refused_edit" in live.status()
    bfr.write_text(original + "\n# fixed\n")
    os.utime(bfr, ns=(0, bfr.stat().st_mtime_ns + 2_000_000_000))
    clock.now = 4
    live.current()

    assert refused
    assert "refused_edit" not in live.status()
    assert live.current().info.digest != ""


def test_files_are_not_read_again_until_they_change(rules):
    """Between edits, a check only looks at file times and sizes."""
    clock = Clock()
    live = LiveRuleSet(rules, interval=1.0, clock=clock)
    first = live.current()

    for second in range(1, 5):
        clock.now = second
        assert live.current() is first


def test_cases_do_not_trigger_a_reload(rules):
    """Editing an example case is not a rule change."""
    clock = Clock()
    live = LiveRuleSet(rules, interval=1.0, clock=clock)
    first = live.current()
    (rules / "cases" / "new.toml").write_text("# a new case file\n")
    clock.now = 2

    assert live.current() is first


def test_broken_rules_at_start_refuse_to_start(rules):
    """With no last good rule set, broken rules stop the start with every problem."""
    (rules / "bad.toml").write_text("[[rule]]\nid = 1\n")

    with pytest.raises(RuleSetInvalid) as caught:
        LiveRuleSet(rules)

    assert {"wrong-type", "no-effect"} <= {p.code for p in caught.value.problems}


def test_concurrent_requests_during_a_reload_all_get_a_whole_rule_set(rules):
    """Threads asking during a reload get the old or the new set, never a broken one."""
    clock = Clock()
    live = LiveRuleSet(rules, interval=0.0, clock=clock)
    seen = []
    edit(rules / "ruleset.toml", SHIPPED_VERSION, '"9999.1.9"')

    def ask() -> None:
        for _ in range(20):
            seen.append(live.current().info.version)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert set(seen) <= {SHIPPED_VERSION.strip('"'), "9999.1.9"}
    assert seen[-1] == "9999.1.9"
