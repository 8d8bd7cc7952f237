"""A running server picks up rule edits, refuses broken ones and keeps serving the last good set."""

from __future__ import annotations

import logging
import os
import shutil
import textwrap
import threading
import time

import pytest

import advisor.ruleset as ruleset_module
import advisor.ruleset.live as live_module
from advisor.assessment import assess
from advisor.exceptions import RuleSetInvalid
from advisor.ruleset import check_ruleset
from advisor.ruleset.live import LiveRuleSet
from tests.conftest import SHIPPED_VERSION, Clock
from tests.personas import WEAK_WITH_OSTEOARTHRITIS


def edit(path, old: str, new: str) -> None:
    """Edit a rule file as if it had been saved a while ago (the files have settled)."""
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    settled(path)


def settled(path, seconds_ago: float = 10.0) -> None:
    """Date a file's last change ``seconds_ago``: a distinct time even on coarse file systems."""
    settled.count = getattr(settled, "count", 0) + 1
    then = time.time_ns() - int(seconds_ago * 1e9) + settled.count
    os.utime(path, ns=(then, then))


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


def test_a_watched_rule_set_takes_an_edit_without_any_request(rules):
    """``watch`` looks at the files from a thread of its own: an idle worker keeps up too."""
    live = LiveRuleSet(rules, interval=0.05, settle=0.05)
    live.watch()
    edit(rules / "ruleset.toml", SHIPPED_VERSION, '"9999.1.3"')

    deadline = time.monotonic() + 30
    while live.status()["version"] != "9999.1.3" and time.monotonic() < deadline:
        time.sleep(0.05)  # status() only reads; it never looks at the files itself

    assert live.status()["version"] == "9999.1.3"


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
    bfr.write_text(
        original
        + textwrap.dedent(
            """\

            # fixed
            """
        )
    )
    settled(bfr, seconds_ago=5)
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
    (rules / "bad.toml").write_text(
        textwrap.dedent(
            """\
            [[rule]]
            id = 1
            """
        )
    )

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


def test_a_change_waits_until_the_files_have_been_still(rules):
    """A file saved a moment ago is not loaded yet: it may be half-written."""
    clock = Clock()
    live = LiveRuleSet(rules, interval=1.0, settle=0.5, clock=clock)
    before = live.current()
    manifest = rules / "ruleset.toml"
    manifest.write_text(manifest.read_text().replace(SHIPPED_VERSION, '"9999.2.1"'))

    clock.now = 1.0
    first_look = live.current()
    clock.now = 1.2
    too_soon = live.current()
    clock.now = 1.5
    settled_look = live.current()

    assert first_look is before
    assert too_soon is before
    assert settled_look.info.version == "9999.2.1"


def test_an_emptied_rule_file_is_refused_and_named(rules):
    """An editor that saves in place empties the file for a moment: that never goes live."""
    clock = Clock()
    live = LiveRuleSet(rules, clock=clock)
    good = live.current()
    bfr = rules / "bfr.toml"
    held = len(good.rule_files["bfr.toml"])
    bfr.write_text("")
    settled(bfr)
    clock.now = 2

    assert live.current() is good
    refused = live.status()["refused_edit"]
    [problem] = [p for p in refused["problems"] if p["code"] == "rules-removed"]
    assert "removal" in refused["refused_by"]
    assert (problem["code"], problem["file"]) == ("rules-removed", str(bfr))
    assert problem["message"].startswith(f"this file held {held} rules and now holds none")


def test_a_removed_rule_file_is_refused_unless_the_version_is_raised(rules):
    """Removing a file is taken as a slip, until the same edit raises the version."""
    shutil.rmtree(rules / "cases")  # the cases of nmt.toml's rules would refuse it too
    clock = Clock()
    live = LiveRuleSet(rules, clock=clock)
    good = live.current()
    (rules / "nmt.toml").unlink()
    clock.now = 2
    refused = live.current()
    status = live.status()
    edit(rules / "ruleset.toml", SHIPPED_VERSION, '"9999.3.0"')
    clock.now = 4
    raised = live.current()

    assert refused is good
    assert status["refused_edit"]["problems"][0]["message"].endswith(
        "If you meant to remove them, raise the version in ruleset.toml in the same edit."
    )
    assert "is gone" in status["refused_edit"]["problems"][0]["message"]
    assert raised.info.version == "9999.3.0"
    assert "nmt.toml" not in raised.rule_files
    assert "refused_edit" not in live.status()


def test_a_load_is_thrown_away_when_a_file_changes_while_it_is_read(rules, monkeypatch):
    """A save that lands during a load would mix two versions: the load is retried instead."""
    clock = Clock()
    live = LiveRuleSet(rules, clock=clock)
    good = live.current()
    edit(rules / "ruleset.toml", SHIPPED_VERSION, '"9999.4.1"')
    real_check = live_module.check_ruleset

    def check_while_someone_saves(*args, **kwargs):
        result = real_check(*args, **kwargs)
        if result.ruleset is not None and result.ruleset.info.version == "9999.4.1":
            edit(rules / "ruleset.toml", '"9999.4.1"', '"9999.4.2"')
        return result

    monkeypatch.setattr(live_module, "check_ruleset", check_while_someone_saves)
    clock.now = 2
    during = live.current()
    clock.now = 4
    after = live.current()

    assert during is good
    assert after.info.version == "9999.4.2"
    assert after.info.digest == check_ruleset(rules).ruleset.info.digest


def test_the_digest_is_of_the_bytes_that_were_parsed(rules, monkeypatch, tmp_path):
    """A file replaced after it was parsed does not change the digest the rule set carries."""
    pristine = tmp_path / "pristine"
    shutil.copytree(rules, pristine)
    real_lint = ruleset_module.lint

    def lint_while_someone_breaks_a_file(*args, **kwargs):
        (rules / "bfr.toml").write_text("[[rule]\n")
        return real_lint(*args, **kwargs)

    monkeypatch.setattr(ruleset_module, "lint", lint_while_someone_breaks_a_file)
    loaded = check_ruleset(rules).ruleset

    monkeypatch.undo()
    assert loaded.info.digest == check_ruleset(pristine).ruleset.info.digest


# --- Rule churn: a therapist saving again and again while people are assessed --------

CHURN_RULE = """
[[rule]]
id = "churn-b-consult"
title = "Version B"
because = "Version B asks a clinician to see everyone before BFR or NMT."
when.age.at_least = 0
consult = "all"
source = "test"
owner = "test"
review_by = 2099-01-01
"""


@pytest.mark.slow
def test_every_response_names_the_rules_that_made_it_while_the_files_churn(rules, tmp_path):
    """Two valid versions and a broken one, saved in place every 0.2 s for 10 s, while four
    threads assess: every response's version and digest are those of the rules that fired."""
    shutil.rmtree(rules / "cases")  # version B changes every result: its cases would refuse it
    shutil.rmtree(rules / "translations")  # each reload as quick as the 0.2 s saves assume
    general = (rules / "general.toml").read_text()
    manifest = (rules / "ruleset.toml").read_text()
    states = {
        "a": (manifest.replace(SHIPPED_VERSION, '"churn-a"'), general),
        "b": (manifest.replace(SHIPPED_VERSION, '"churn-b"'), general + CHURN_RULE),
        "broken": (manifest.replace(SHIPPED_VERSION, '"churn-broken"'), general + "[[rule]\n"),
    }
    digests = {}
    for name in ("a", "b"):
        copy = tmp_path / name / "rules"
        shutil.copytree(rules, copy)
        (copy / "ruleset.toml").write_text(states[name][0])
        (copy / "general.toml").write_text(states[name][1])
        digests[f"churn-{name}"] = check_ruleset(copy).ruleset.info.digest

    def save(name: str) -> None:
        # Saved in place, file after file, as an editor or `git checkout` would.
        for file, text in zip(("ruleset.toml", "general.toml"), states[name], strict=True):
            with (rules / file).open("w") as handle:
                handle.write(text[: len(text) // 2])
                handle.flush()
                time.sleep(0.001)
                handle.write(text[len(text) // 2 :])

    save("a")
    live = LiveRuleSet(rules, interval=0.01, settle=0.05)
    seen: list[tuple[str, str, bool]] = []
    done = threading.Event()

    def assess_until_done() -> None:
        while not done.is_set():
            response = assess(WEAK_WITH_OSTEOARTHRITIS, live.current()).to_dict()
            fired = {item["rule"] for item in response["explanation"]}
            info = response["ruleset"]
            seen.append((info["version"], info["digest"], "churn-b-consult" in fired))

    threads = [threading.Thread(target=assess_until_done) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        end = time.monotonic() + 10
        while time.monotonic() < end:
            for name in ("b", "broken", "a"):
                save(name)
                time.sleep(0.2)
    finally:
        done.set()
        for thread in threads:
            thread.join()

    wrong = [s for s in seen if digests.get(s[0]) != s[1] or s[2] != (s[0] == "churn-b")]
    assert wrong == []
    versions = [version for version, _, _ in seen]
    assert "churn-b" in versions
    assert "churn-a" in versions[versions.index("churn-b") :]
