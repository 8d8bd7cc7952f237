"""The record of the rule set in use: written whole, read back, and ignored when it is not ours."""

from __future__ import annotations

import logging

import pytest

from advisor.ruleset.in_use import InUse, changes_since, read_in_use, record_in_use
from tests.conftest import RULES_DIR


@pytest.fixture
def in_use(default_ruleset):
    return InUse.of(default_ruleset, "2026-11-26T09:00:00+00:00")


def test_a_record_reads_back_as_written(tmp_path, in_use):
    """Version, digest, the rule ids of each file, when, and the folder."""
    path = tmp_path / "instance" / "ruleset-in-use.json"

    record_in_use(path, in_use)

    assert read_in_use(path, RULES_DIR) == in_use
    assert sorted(p.name for p in path.parent.iterdir()) == ["ruleset-in-use.json"]


def test_a_record_of_another_rules_folder_is_not_compared_with(tmp_path, in_use):
    """A server pointed at other rules starts afresh."""
    path = tmp_path / "ruleset-in-use.json"
    record_in_use(path, in_use)

    assert read_in_use(path, tmp_path) is None


def test_no_record_or_a_garbled_one_is_none_and_a_garbled_one_is_logged(tmp_path, caplog):
    """A server never refuses to start over a file it wrote itself."""
    garbled = tmp_path / "ruleset-in-use.json"
    garbled.write_text('{"version": "2026.11.1"')

    with caplog.at_level(logging.WARNING, logger="advisor.ruleset.in_use"):
        assert read_in_use(garbled) is None
    assert read_in_use(tmp_path / "none.json") is None
    assert "ignoring the record of the rule set in use" in caplog.text


def test_a_record_that_cannot_be_written_is_logged_not_raised(tmp_path, in_use, caplog):
    """Serving goes on; the record only guards later changes."""
    blocked = tmp_path / "file"
    blocked.write_text("")

    with caplog.at_level(logging.WARNING, logger="advisor.ruleset.in_use"):
        record_in_use(blocked / "ruleset-in-use.json", in_use)

    assert "could not record the rule set in use" in caplog.text


def test_the_same_files_are_no_change(default_ruleset, in_use):
    """Nothing to report when the digest is the one in use."""
    assert changes_since(in_use, default_ruleset) == ()


@pytest.mark.parametrize(
    ("removed", "raised", "codes"),
    [
        (3, False, ["version-not-raised"]),
        (4, False, ["many-rules-removed", "version-not-raised"]),
        (4, True, ["rules-removed-allowed"]),
    ],
)
def test_more_than_three_rules_gone_need_a_raised_version(
    default_ruleset, in_use, removed, raised, codes
):
    """Up to 3 rules may go under the same version (with a warning); more need a new one."""
    # Rules of one file that keeps others: a file emptied is a refusal of its own.
    gone = list(default_ruleset.rule_files["nmt.toml"][:removed])
    before = InUse(
        "2026.11.1" if raised else default_ruleset.info.version,
        "0" * 64,
        in_use.rule_files,
    )
    files = {
        name: tuple(i for i in ids if i not in gone)
        for name, ids in default_ruleset.rule_files.items()
    }
    candidate = _with_files(default_ruleset, files)

    assert [p.code for p in changes_since(before, candidate)] == codes


def _with_files(ruleset, files):
    """Return the rule set as if its files held ``files`` (the comparison reads only these)."""
    from dataclasses import replace

    return replace(ruleset, rule_files=files)


def test_a_version_not_raised_points_at_the_version_line(default_ruleset, in_use):
    """The warning names the line to change, not the top of ruleset.toml."""
    before = InUse(default_ruleset.info.version, "0" * 64, in_use.rule_files)
    lines = (default_ruleset.directory / "ruleset.toml").read_text().splitlines()
    version_line = next(n for n, line in enumerate(lines, 1) if line.startswith("version"))

    [problem] = changes_since(before, default_ruleset)

    assert (problem.code, problem.at.line, problem.at.column) == (
        "version-not-raised",
        version_line,
        1,
    )
